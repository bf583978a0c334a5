"""The SQLite database: schema migrations, one connection per thread, WAL."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

DEFAULT_DB_PATH = "wpsbot.db"
BUSY_TIMEOUT_MS = 10_000

migrations = Migrations("wpsbot")


@migrations()
def m001_core(db: Database) -> None:
    """Documents, passages (with FTS5), facts, events and aliases."""
    db.table("documents").create(
        {
            "id": int,
            "source": str,  # absolute path or URL the document was loaded from
            "title": str,
            "sha256": str,
            "country": str,
            "doc_date": str,  # the document's own date, ISO 8601
            "ingested_at": str,
            "is_current": int,  # 0 once a newer version of the same source replaced it
            "replaced_at": str,
            "size_bytes": int,
            "text": str,  # the cleaned text that every offset points into
        },
        pk="id",
        not_null={"source", "title", "sha256", "ingested_at", "is_current", "text"},
        defaults={"is_current": 1},
    )
    db.table("documents").create_index(["source"])
    db.table("documents").create_index(["sha256"])
    db.table("passages").create(
        {
            "id": int,
            "document_id": int,
            "position": int,
            "section": str,
            "sentence": str,
            "start_offset": int,
            "end_offset": int,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db.table("passages").create_index(["document_id"])
    db.table("passages").enable_fts(
        ["sentence", "section"], create_triggers=True, tokenize="unicode61 remove_diacritics 2"
    )
    common = {
        "document_id": int,
        "passage_id": int,
        "section": str,
        "quote": str,
        "start_offset": int,
        "end_offset": int,
    }
    db.table("facts").create(
        {
            "id": int,
            "kind": str,
            "subject": str,
            "measure": str,
            "value": float,
            "total": float,
            "unit": str,
            "as_of": str,
            "previous_value": float,
            "previous_as_of": str,
            "qualifier": str,
            "items": str,  # JSON array, for lists
            **common,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("passage_id", "passages", "id")],
    )
    db.table("facts").create_index(["document_id"])
    db.table("events").create(
        {
            "id": int,
            "kind": str,
            "title": str,
            "date": str,
            "precision": str,
            "approximate": int,
            "anchor_date": str,
            "cadence": str,
            "symbol": str,
            **common,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("passage_id", "passages", "id")],
    )
    db.table("events").create_index(["document_id"])
    db.table("aliases").create(
        {
            "id": int,
            "alias": str,  # the acronym or short form as written
            "expansion": str,
            "lang": str,
            "source": str,  # "glossary" or "document"
            "document_id": int,
        },
        pk="id",
    )
    db.table("aliases").create_index(["alias"])
    # Views so that a person browsing with Datasette sees only what answers use.
    db.execute(
        "CREATE VIEW current_facts AS SELECT facts.*, documents.title AS document "
        "FROM facts JOIN documents ON documents.id = facts.document_id "
        "WHERE documents.is_current = 1"
    )
    db.execute(
        "CREATE VIEW current_events AS SELECT events.*, documents.title AS document "
        "FROM events JOIN documents ON documents.id = events.document_id "
        "WHERE documents.is_current = 1"
    )


@migrations()
def m002_slack(db: Database) -> None:
    """Feedback clicks on answers, and the Slack event ids already handled (retry idempotency).

    Its name stays as databases in the field recorded it; the tables are the front door's
    (store.services: Feedback, Once), written for any chat front end."""
    db.table("feedback").create(
        {
            "id": int,
            "user_id": str,  # Slack user who clicked
            "vote": str,  # up | down
            "question": str,
            "answer_kind": str,  # fact | event | list | passage | none
            "found": int,
            "channel_id": str,
            "message_ts": str,
            "clicked_at": str,
        },
        pk="id",
        not_null={"user_id", "vote", "question", "clicked_at"},
    )
    # One row per Slack event id: claimed before answering, so a retry never answers twice.
    db.table("processed_events").create(
        {"event_id": str, "received_at": str, "kind": str}, pk="event_id"
    )


@migrations()
def m003_deadlines(db: Database) -> None:
    """Deadlines (derived from events or added by hand) and the reminder delivery log."""
    db.table("deadlines").create(
        {
            "id": int,
            "title": str,
            "due": str,  # ISO 8601: YYYY-MM-DD, YYYY-MM (month precision) or a datetime with offset
            "all_day": int,  # 1 for a date: reminders go out at 09:00 in WPSBOT_TIMEZONE
            "precision": str,  # day | month | datetime
            "approximate": int,
            "needs_confirmation": int,  # 1 until a coordinator confirms or moves the date
            "recurrence": str,  # "3 months", "90 days" or null
            "lead_times": str,  # "14d,7d,1d,0"
            "channel": str,  # null: WPSBOT_REMINDER_CHANNEL
            "status": str,  # upcoming | confirmed | done | dismissed | superseded
            "origin": str,  # derived | manual
            "derived_key": str,  # stable per event, so re-ingesting updates, never resurrects
            "kind": str,  # sg-report | ieg-reconvene | elections | visit | briefing | manual
            "country": str,
            "document_id": int,
            "event_id": int,
            "source_quote": str,
            "source_document": str,
            "snoozed_until": str,
            "remind_from": str,  # reminders timed before this (creation, move) never go out
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"title", "due", "status", "origin", "lead_times", "created_at"},
        foreign_keys=[("document_id", "documents", "id")],
    )
    db.table("deadlines").create_index(["derived_key"], unique=True)
    db.table("reminder_deliveries").create(
        {
            "id": int,
            "deadline_id": int,
            "occurrence": str,  # the due date of the occurrence this reminder is about
            "lead": str,  # "7d", "0", or "snooze@<time>"
            "fire_at": str,
            "channel": str,
            "status": str,  # pending | sent | skipped
            "reason": str,  # why it was skipped
            "claimed_by": str,  # process that claimed it before posting
            "claimed_at": str,
            "next_attempt_at": str,  # after a failed post: when it may be tried again
            "sent_at": str,
            "late": int,
            "slack_ts": str,
            "attempts": int,
            "last_error": str,
        },
        pk="id",
        foreign_keys=[("deadline_id", "deadlines", "id")],
        defaults={"attempts": 0, "late": 0},
    )
    # The key every process claims before posting: it is what makes a reminder go out once.
    db.table("reminder_deliveries").create_index(["deadline_id", "occurrence", "lead"], unique=True)
    db.table("deadline_derivations").create(
        {"document_id": int, "derived_at": str},
        pk="document_id",
        foreign_keys=[("document_id", "documents", "id")],
    )


@migrations()
def m004_search_items(db: Database) -> None:
    """What answering searches: each fact, event and sentence as normalised, stemmed terms."""
    db.table("search_items").create(
        {
            "id": int,
            "item_type": str,  # fact | event | passage
            "item_id": int,  # facts.id, events.id or passages.id
            "document_id": int,
            "local_terms": str,  # the sentence, its heading, and the fact's own words
            "previous_terms": str,  # the sentence before, in the same section
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    # Answering checks "did the documents change?" on every question, and whether a sentence
    # already gave facts: keep both index reads.
    db.table("documents").create_index(["is_current", "id"])
    db.table("facts").create_index(["passage_id"])
    # The names and acronyms a document is about, once per document.
    db.table("search_documents").create(
        # acronyms: the ones written in capitals, and the country; what a lower-case word
        # in a question ("unmima") may be the name of
        {"document_id": int, "names_terms": str, "acronyms": str},
        pk="document_id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db.table("search_items").create_index(["document_id"])
    db.table("search_items").enable_fts(["local_terms"], create_triggers=True, tokenize="unicode61")
    db.table("search_documents").enable_fts(
        ["names_terms", "acronyms"], create_triggers=True, tokenize="unicode61"
    )
    # Every indexed term, to tell a typo from a word the documents use.
    db.execute("CREATE VIRTUAL TABLE search_items_vocab USING fts5vocab(search_items_fts, row)")


@migrations()
def m005_document_dates(db: Database) -> None:
    """Every document's date and where it came from (store/docdate.py), filled in for the
    documents already loaded."""
    from store.docdate import DatedItem, document_date

    documents = db.table("documents")
    documents.add_column("date", str)  # ISO 8601 at its precision, by the fallback chain
    documents.add_column("date_source", str)  # the rule that gave it; "loaded" is a flag
    rows = db.execute("select id, doc_date, text, ingested_at from documents").fetchall()
    for document_id, doc_date, text, ingested_at in rows:
        if doc_date:
            found = (doc_date, "masthead")
        else:
            items = [
                DatedItem(kind, date, quote or "", anchor)
                for kind, date, quote, anchor in db.execute(
                    "select kind, date, quote, anchor_date from events where document_id = ?",
                    [document_id],
                ).fetchall()
            ]
            loaded = datetime.fromisoformat(ingested_at) if ingested_at else datetime.now(UTC)
            dated = document_date(text or "", items, loaded)
            found = (dated.date, dated.source)
        db.execute(
            "update documents set date = ?, date_source = ? where id = ?", [*found, document_id]
        )
    documents.create_index(["country", "is_current", "date"])


@migrations()
def m006_fact_series(db: Database) -> None:
    """The series key of every fact (store/series.py), filled in for the facts already loaded."""
    from store.series import series_key

    facts = db.table("facts")
    facts.add_column("series_key", str)
    rows = db.execute("select id, kind, subject, measure, unit, qualifier from facts").fetchall()
    db.conn.executemany(
        "update facts set series_key = ? where id = ?",
        [(series_key(*row[1:]), row[0]) for row in rows],
    )
    facts.create_index(["series_key"])


@migrations()
def m007_digests(db: Database) -> None:
    """Digests of what changed, queued when a coordinator loads an update in Slack and posted
    to the team channel by the scheduler (claimed first, like reminders)."""
    db.table("digests").create(
        {
            "id": int,
            "document_id": int,  # the update just loaded
            "channel": str,
            "status": str,  # pending | sent | skipped
            "reason": str,  # why it was skipped
            "queued_at": str,
            "queued_by": str,  # the Slack user who loaded the update
            "claimed_by": str,
            "claimed_at": str,
            "next_attempt_at": str,
            "sent_at": str,
            "slack_ts": str,
            "attempts": int,
            "last_error": str,
        },
        pk="id",
        not_null={"document_id", "channel", "status", "queued_at"},
        defaults={"attempts": 0},
        foreign_keys=[("document_id", "documents", "id")],
    )
    # One digest per update and channel: loading it twice does not post it twice.
    db.table("digests").create_index(["document_id", "channel"], unique=True)


@migrations()
def m008_passage_index(db: Database) -> None:
    """Answering ranks sentences: one search row per sentence (its words, the sentence before,
    its heading, its period), replacing the per-fact, per-event and per-sentence rows."""
    db.table("passage_index").create(
        {
            "passage_id": int,
            "document_id": int,
            "sentence_terms": str,  # the sentence as normalised, stemmed terms
            "context_terms": str,  # the sentence before, in the same section
            "heading_terms": str,  # the section heading
            "years": str,  # the years the sentence is about, space-separated
            "anaphoric": int,  # 1 when it opens by pointing back ("Of those cases, ...")
        },
        pk="passage_id",
        foreign_keys=[("passage_id", "passages", "id"), ("document_id", "documents", "id")],
    )
    db.table("passage_index").create_index(["document_id"])
    db.table("events").create_index(["passage_id"])  # a sentence's events, for every answer
    db.table("passage_index").enable_fts(
        ["sentence_terms", "context_terms", "heading_terms"],
        create_triggers=True,
        tokenize="unicode61",
    )
    # Per column, how many sentences use each term: what a question's words weigh.
    db.execute("CREATE VIRTUAL TABLE passage_index_vocab USING fts5vocab(passage_index_fts, col)")
    # A document's title and masthead: the names it is about (its mission, its country).
    db.table("search_documents").add_column("head_terms", str)
    from store.answering.reindex import reindex_passages  # the index's own rules, not SQL

    reindex_passages(db)
    db.execute("DROP TABLE IF EXISTS search_items_vocab")
    for name in ("search_items_fts",):
        db.table(name).drop(ignore=True)
    for trigger in ("search_items_ai", "search_items_ad", "search_items_au"):
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db.table("search_items").drop(ignore=True)


@migrations()
def m009_bot_state(db: Database) -> None:
    """Values the bot keeps for itself (the calendar feed's secret, this database's id), and
    what reminders need to find out whether Slack already has a post."""
    db.table("bot_state").create({"name": str, "value": str, "updated_at": str}, pk="name")
    deliveries = db.table("reminder_deliveries")
    # Sent with the post (as Slack message metadata), so that after a crash the next process
    # can look for it in the channel before posting again.
    deliveries.add_column("delivery_key", str)
    deliveries.add_column("first_claimed_at", str)  # the first attempt: where the lookup starts


@migrations()
def m010_home_tabs(db: Database) -> None:
    """Who has opened the App Home tab, and what state of the data their tab shows: after an
    ingest or a deadline change every such tab is published again."""
    db.table("home_tabs").create(
        {"user_id": str, "opened_at": str, "published_state": str, "published_at": str},
        pk="user_id",
    )


@migrations()
def m011_shown_answers(db: Database) -> None:
    """Answers shown to one person (a private reply in Slack), kept a week by a random id, so
    that "Share in channel" posts exactly the answer they saw, not a new run of the question."""
    db.table("shown_answers").create(
        {"id": str, "user_id": str, "message": str, "shown_at": str},
        pk="id",
        not_null={"message", "shown_at"},
    )
    db.table("shown_answers").create_index(["shown_at"])


# The full-text indexes filled from their tables. Their insert triggers are gone (m012): each
# batch of documents fills them in one statement per index, at the end of its transaction
# (store.db.index_full_text), which writes one FTS5 segment per batch instead of per document.
FULL_TEXT = {
    "passages_fts": ("passages", "id", ("sentence", "section")),
    "passage_index_fts": (
        "passage_index",
        "passage_id",
        ("sentence_terms", "context_terms", "heading_terms"),
    ),
    "search_documents_fts": ("search_documents", "document_id", ("names_terms", "acronyms")),
}


@migrations()
def m012_bulk_full_text(db: Database) -> None:
    """Full-text rows written per batch, not per row; term counts as a table; deadlines found
    by country and document.

    The insert triggers of the three FTS5 indexes wrote every row on its own and flushed a
    segment per document, which FTS5 then merged again and again as the database grew. The
    delete and update triggers stay: rows are rarely changed. The deadline indexes serve the
    per-document derivation, which otherwise scans every deadline for each document loaded.
    """
    for fts in FULL_TEXT:
        table = FULL_TEXT[fts][0]
        db.execute(f"DROP TRIGGER IF EXISTS [{table}_ai]")
    # Term counts as rows (store.answering.index.count_terms). As an fts5vocab table every
    # count read a term's whole list of sentences, and the list of terms read the whole index:
    # the cost of a question grew with the corpus.
    db.execute(
        "CREATE TABLE passage_index_terms (term TEXT NOT NULL, col TEXT NOT NULL,"
        " doc INTEGER NOT NULL, cnt INTEGER NOT NULL, PRIMARY KEY (term, col)) WITHOUT ROWID"
    )
    db.execute(
        "INSERT INTO passage_index_terms (term, col, doc, cnt)"
        " SELECT term, col, doc, cnt FROM passage_index_vocab"
    )
    db.execute("DROP TABLE passage_index_vocab")
    db.execute("ALTER TABLE passage_index_terms RENAME TO passage_index_vocab")
    db.table("deadlines").create_index(["country", "kind"], if_not_exists=True)
    db.table("deadlines").create_index(["document_id"], if_not_exists=True)


@migrations()
def m013_current_countries(db: Database) -> None:
    """The countries of the current documents read from an index alone.

    Answering lists them once per database state; through (is_current, id) it read every
    current document's row, text and all. The same order (is_current, id) keeps the list in
    the order it had.
    """
    db.table("documents").create_index(["is_current", "id", "country"], if_not_exists=True)


DOCUMENT_DATES = "idx_documents_dates"


@migrations()
def m014_document_dates_index(db: Database) -> None:
    """A document's date by its id without reading its row: the columns come after the text,
    so reading them walks the whole text's overflow pages (deadlines compare the dates of
    every update of a country each time one is loaded)."""
    db.table("documents").create_index(
        ["id", "is_current", "date", "ingested_at"], index_name=DOCUMENT_DATES, if_not_exists=True
    )


@migrations()
def m015_corpus_generation(db: Database) -> None:
    """A number that changes whenever the documents do, read in one row: what answering keys
    its caches by (store.answer.knowledge), instead of counting the current documents on
    every question (3 ms at 30,000 documents).

    Triggers bump it on every insert, update and delete of a document (a new version, a
    replaced one), in the same transaction. It starts at a random value, so that a database
    made again at the same path does not share a number with the one it replaced.
    """
    db.execute(
        "CREATE TABLE corpus_state (id INTEGER PRIMARY KEY CHECK (id = 1),"
        " generation INTEGER NOT NULL)"
    )
    db.execute("INSERT INTO corpus_state (id, generation) VALUES (1, abs(random() % 1000000000))")
    for event in ("INSERT", "UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER documents_generation_{event.lower()} AFTER {event} ON documents"
            " BEGIN UPDATE corpus_state SET generation = generation + 1 WHERE id = 1; END"
        )


# The sentences of the current documents, as answering counts them (what a word's weight is
# measured against): kept by triggers as documents and their sentences come and go.
CURRENT_SENTENCES = (
    "SELECT count(*) FROM passages p JOIN documents d ON d.id = p.document_id"
    " WHERE d.is_current = 1"
)


@migrations()
def m016_current_sentences(db: Database) -> None:
    """How many sentences the current documents hold, in corpus_state's row: answering
    counted them on the first question after every change (58 ms at 30,000 documents, and in
    every one-shot `wpsbot ask`).

    A sentence stored for a current document adds one; a document that stops (or starts)
    being current takes away (or adds) all of its sentences; deletes the same. A NULL
    is_current is not current, as in the count.
    """
    db.execute("ALTER TABLE corpus_state ADD COLUMN sentences INTEGER NOT NULL DEFAULT 0")
    db.execute(f"UPDATE corpus_state SET sentences = ({CURRENT_SENTENCES}) WHERE id = 1")
    # By the (is_current, id) index, which holds the answer: the planner's choice, the row by
    # its id, reads the row's text's overflow pages first (a quarter more CPU per document).
    current = (
        "EXISTS (SELECT 1 FROM documents INDEXED BY idx_documents_is_current_id"
        " WHERE is_current = 1 AND id = {row}.document_id)"
    )
    own = "(SELECT count(*) FROM passages WHERE document_id = {row}.id)"
    triggers = {
        "passages_current_insert": (
            "AFTER INSERT ON passages WHEN " + current.format(row="new"),
            "sentences + 1",
        ),
        "passages_current_delete": (
            "AFTER DELETE ON passages WHEN " + current.format(row="old"),
            "sentences - 1",
        ),
        "documents_current_update": (
            "AFTER UPDATE OF is_current ON documents"
            " WHEN (old.is_current IS 1) != (new.is_current IS 1)",
            "sentences + CASE WHEN new.is_current IS 1 THEN 1 ELSE -1 END * "
            + own.format(row="new"),
        ),
        "documents_current_delete": (
            "AFTER DELETE ON documents WHEN old.is_current IS 1",
            "sentences - " + own.format(row="old"),
        ),
    }
    for name, (when, value) in triggers.items():
        db.execute(
            f"CREATE TRIGGER {name} {when}"
            f" BEGIN UPDATE corpus_state SET sentences = {value} WHERE id = 1; END"
        )


def bump_generation(db: Database) -> None:
    """Tell the caches keyed by corpus_state that the index changed without a document
    changing (a rebuild of the passage index by newer rules)."""
    db.execute("UPDATE corpus_state SET generation = generation + 1 WHERE id = 1")


def corpus_generation(db: Database) -> int:
    """The number corpus_state holds now (m015)."""
    return corpus_state(db)[0]


def corpus_state(db: Database) -> tuple[int, int]:
    """(generation, sentences of the current documents), read together (m015, m016)."""
    row = db.execute("SELECT generation, sentences FROM corpus_state WHERE id = 1").fetchone()
    return int(row[0]), int(row[1])


def index_full_text(db: Database, document_ids: list[int]) -> None:
    """Add the rows of these just-stored documents to the full-text indexes (call it inside
    the transaction that stored them, so a document is searchable as soon as it is visible)."""
    if not document_ids:
        return
    marks = ", ".join("?" for _ in document_ids)
    for fts, (table, key, columns) in FULL_TEXT.items():
        names = ", ".join(f"[{c}]" for c in columns)
        db.execute(
            f"INSERT INTO [{fts}] (rowid, {names}) SELECT [{key}], {names} FROM [{table}]"
            f" WHERE document_id IN ({marks}) ORDER BY [{key}]",
            document_ids,
        )


def resolve_db_path(cli_value: str | None, env: dict[str, str] | os._Environ[str]) -> str:
    """--db wins over WPSBOT_DB, which wins over the default ./wpsbot.db."""
    return cli_value or env.get("WPSBOT_DB") or DEFAULT_DB_PATH


def connect(path: str | Path) -> Database:
    """Open (and migrate) a database; the connection belongs to the calling thread."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    db = Database(conn)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        db.enable_wal()
        # In WAL mode NORMAL is crash-safe (a power cut may lose the last commit, never
        # corrupt the file) and saves an fsync per transaction.
        db.execute("PRAGMA synchronous = NORMAL")
    _migrate(db)
    from store.answering.reindex import ensure_current_index  # the index's own rules

    ensure_current_index(db)
    return db


_migrate_lock = threading.Lock()


def _migrate(db: Database) -> None:
    with _migrate_lock:
        if not migrations.pending(db):
            return
        try:
            migrations.apply(db)
        except sqlite3.OperationalError:
            # Another process created the schema between our check and our apply: each
            # migration runs in its own transaction, so theirs won and ours rolled back.
            if migrations.pending(db):
                raise


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One transaction that takes the write lock when it begins (BEGIN IMMEDIATE).

    sqlite-utils' atomic() begins deferred: a transaction that reads before it writes holds a
    read snapshot, and if another connection commits meanwhile its upgrade to a write lock
    fails at once with "database is locked" (SQLITE_BUSY_SNAPSHOT); the busy timeout never
    applies to it. Taken up front, the lock is waited for, so concurrent writers queue.
    Inside an open transaction this is a savepoint of it.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.rollback()
        raise
    db.conn.commit()


def insert_rows(db: Database, table: str, rows: Iterable[Mapping[str, object]]) -> int:
    """Insert many rows with one executemany (sqlite-utils' insert_all is slow per value).

    Every row must have the same keys; returns how many rows were written.
    """
    batch = list(rows)
    if not batch:
        return 0
    columns = list(batch[0])
    sql = (
        f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    db.conn.executemany(sql, [tuple(row[c] for c in columns) for row in batch])
    return len(batch)


class Store:
    """Hands each thread its own connection to one database file."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._local = threading.local()
        _ = self.db  # create and migrate eagerly so errors surface at start-up

    @property
    def db(self) -> Database:
        """This thread's connection, opened on first use."""
        db: Database | None = getattr(self._local, "db", None)
        if db is None:
            db = connect(self.path)
            self._local.db = db
        return db

    def close(self) -> None:
        """Close this thread's connection."""
        db: Database | None = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
