"""Storing documents: all or nothing, no-op on same content, history on changed content."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from store.answering.index import PassageTerms, SearchTerms
from store.db import Store
from store.ingest import ingest_many, ingest_raw
from store.queries import list_facts
from store.readers import IngestError, RawDocument, read_source
from tests.conftest import MALI

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def counts(store: Store) -> dict[str, int]:
    tables = ["documents", "passages", "facts", "events", "aliases", "passage_index"]
    return {t: store.db.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}


def test_ingest_stores_document_passages_facts_events_and_aliases(store: Store) -> None:
    result = ingest_raw(store.db, read_source(str(MALI)), NOW)
    assert (result.status, result.title, result.passages) == ("added", "mali-ieg-2016.txt", 35)
    doc = store.db.table("documents").get(result.document_id)
    assert (doc["country"], doc["is_current"], doc["ingested_at"]) == (
        "Mali",
        1,
        "2026-11-28T09:00:00+00:00",
    )
    assert len(doc["sha256"]) == 64
    assert counts(store)["facts"] == result.facts > 10
    alias = store.db.execute("select alias, expansion from aliases").fetchall()
    assert ("CSA", "Comité de Suivi de L'Accord") in alias
    # the passage FTS index (FTS5) finds sentences by their words
    hits = store.db.execute(
        "select sentence from passages_fts where passages_fts match 'magistrates'"
    ).fetchall()
    assert len(hits) == 1 and "37 victims" in hits[0][0]


def test_same_content_again_is_a_no_op(store: Store, tmp_path: Path) -> None:
    first = ingest_raw(store.db, read_source(str(MALI)), NOW)
    before = counts(store)
    copy = tmp_path / "copy.txt"
    copy.write_bytes(MALI.read_bytes())
    for source in (str(MALI), str(copy)):
        again = ingest_raw(store.db, read_source(source), NOW)
        assert (again.status, again.document_id) == ("unchanged", first.document_id)
    assert counts(store) == before


def test_changed_file_replaces_current_facts_and_keeps_history(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "update.txt"
    path.write_text("Women hold two of the 15 seats on the National Council (NC).\n", "utf-8")
    first = ingest_raw(store.db, read_source(str(path)), NOW)
    path.write_text("Women hold four of the 15 seats on the National Council (NC).\n", "utf-8")
    second = ingest_raw(store.db, read_source(str(path)), NOW)
    assert second.status == "replaced"
    current = list_facts(store.db)
    assert [(f["value"], f["total"]) for f in current] == [(4, 15)]
    old = store.db.table("documents").get(first.document_id)
    assert (old["is_current"], old["replaced_at"]) == (0, "2026-11-28T09:00:00+00:00")
    history = store.db.execute(
        "select value from facts where document_id = ?", [first.document_id]
    ).fetchall()
    assert history == [(2.0,)]


def test_a_crash_mid_ingest_leaves_the_database_as_it_was(store: Store) -> None:
    ingest_raw(store.db, read_source(str(MALI)), NOW)
    before = counts(store)
    # A real failure late in the transaction: the search rows are written after the document,
    # its sentences, facts and events.
    store.db.execute(
        "CREATE TRIGGER fail_late BEFORE INSERT ON passage_index "
        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    raw = read_source(str(MALI))
    changed = replace(raw, sha256="0" * 64, text=raw.text + "\nMore.")
    with pytest.raises(sqlite3.IntegrityError, match="disk full"):
        ingest_raw(store.db, changed, NOW)
    assert counts(store) == before
    assert (
        store.db.execute("select count(*) from documents where is_current = 1").fetchone()[0] == 1
    )


def test_twelve_concurrent_ingests_all_succeed(tmp_path: Path) -> None:
    # Twelve connections, as twelve `wpsbot ingest` processes or Slack uploads would have, each
    # storing its own document at once. On main the transaction began deferred and upgraded
    # its lock after reading: whoever lost the race got "database is locked" at once, without
    # the busy timeout (20 of 36 single-file ingests, 6 at a time).
    import threading

    from store.ingest import prepare, store_prepared

    path = tmp_path / "shared.db"
    Store(path).close()
    text = MALI.read_text(encoding="utf-8")
    docs = [
        prepare(replace(read_source(str(MALI)), source=f"upload-{i}.txt", sha256=f"{i:064x}",
                        text=text.replace("62 Malian", f"{60 + i} Malian")))
        for i in range(12)
    ]  # fmt: skip
    start = threading.Barrier(len(docs))
    errors: list[BaseException] = []

    def ingest(doc: object) -> None:
        store = Store(path)  # a connection of its own
        try:
            start.wait()
            store_prepared(store.db, doc, NOW)  # type: ignore[arg-type]
        except BaseException as exc:
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=ingest, args=(doc,)) for doc in docs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db = Store(path).db
    assert db.execute("select count(*) from documents").fetchone()[0] == 12
    assert db.execute("pragma integrity_check").fetchone()[0] == "ok"


def _documents(count: int) -> list[RawDocument]:
    text = MALI.read_text(encoding="utf-8")
    return [
        replace(read_source(str(MALI)), source=f"doc-{i}.txt", sha256=f"{i:064x}",
                text=text.replace("62 Malian", f"{60 + i} Malian"))
        for i in range(count)
    ]  # fmt: skip


def test_a_batch_is_indexed_and_counted_as_fts5_would(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Full-text rows are written once per chunk of documents, and the term counts answering
    # reads are a table: both must hold exactly what per-row triggers and fts5vocab gave.
    monkeypatch.setattr("store.ingest.STORE_CHUNK", 3)
    raws = _documents(7)
    raws[2] = replace(raws[2], text=raws[2].text + "\n\nA figure: " + "1" * 5000 + " per cent.\n")
    raws.append(replace(raws[0], source="copy-of-0.txt"))  # the same content: unchanged
    raws.append(replace(raws[1], sha256="f" * 64, text=raws[1].text + "\n\nOne more line."))
    results = list(ingest_many(store.db, raws, NOW, workers=1))
    assert [r.status for r in results] == ["added"] * 7 + ["unchanged", "replaced"]
    db = store.db
    db.execute("CREATE VIRTUAL TABLE temp.counted USING fts5vocab(main, passage_index_fts, col)")
    counted = db.execute("select term, col, doc, cnt from temp.counted order by 1, 2").fetchall()
    stored = db.execute("select term, col, doc, cnt from passage_index_vocab order by 1, 2")
    assert counted == stored.fetchall()
    assert max(len(row[0]) for row in counted) > 1000
    for fts, table in [
        ("passages_fts", "passages"),
        ("passage_index_fts", "passage_index"),
        ("search_documents_fts", "search_documents"),
    ]:
        db.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
        in_index = db.execute(f"select count(*) from {fts}_docsize").fetchone()[0]
        assert in_index == db.execute(f"select count(*) from {table}").fetchone()[0] > 0


def test_a_failure_in_a_chunk_loses_that_chunk_only(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("store.ingest.STORE_CHUNK", 2)
    raws = _documents(4)
    store.db.execute(
        "CREATE TRIGGER fail_fourth BEFORE INSERT ON documents WHEN new.source = 'doc-3.txt' "
        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    stored = []
    with pytest.raises(sqlite3.IntegrityError, match="disk full"):
        for result in ingest_many(store.db, raws, NOW, workers=1):
            stored.append(result.title)
    sources = store.db.execute("select source from documents order by id").fetchall()
    assert sources == [("doc-0.txt",), ("doc-1.txt",)]
    assert len(stored) == 2
    assert store.db.execute("select count(*) from passages_fts_docsize").fetchone()[0] == 70


def test_term_counts_cut_a_token_where_fts5_does() -> None:
    passage = PassageTerms("x" * 40_000 + " y", "x" * 33_000, "", "", anaphoric=False)
    terms = SearchTerms(names="", acronyms="", head="", passages=[passage])
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE f USING fts5(sentence_terms, context_terms, heading_terms)")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, col)")
    db.execute("INSERT INTO f VALUES (?, ?, ?)", [passage.sentence, passage.context, ""])
    counted = {(t, c): (d, n) for t, c, d, n in db.execute("select * from v")}
    assert terms.vocabulary == counted


def test_a_full_merge_only_after_a_batch_that_is_a_large_share(store: Store) -> None:
    from store.answering.index import optimize

    list(ingest_many(store.db, _documents(8), NOW, workers=1))
    assert optimize(store.db, 1) is False  # one document into eight: FTS5's own merging
    assert optimize(store.db, 2) is True
    assert optimize(store.db) is True
    hits = store.db.execute(
        "select count(*) from passages_fts where passages_fts match 'magistrates'"
    ).fetchone()
    assert hits == (8,)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_batch_prepared_in_parts_still_changes_nothing_when_one_cannot_be_read(
    store: Store, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    # Prepared PREPARE_BATCH at a time (a library is never held in memory prepared), and still
    # checked whole before anything is stored.
    monkeypatch.setattr("store.ingest.PREPARE_BATCH", 3)
    monkeypatch.setattr("store.ingest.STORE_CHUNK", 2)
    raws = _documents(7)
    raws.insert(
        5, replace(raws[0], source="empty.txt", title="empty.txt", sha256="e" * 64, text=" \n\n ")
    )
    with pytest.raises(IngestError, match=r"empty\.txt: no sentences found"):
        list(ingest_many(store.db, raws, NOW, workers=workers))
    assert counts(store)["documents"] == 0
    del raws[5]
    raws.append(replace(raws[1], source="again.txt"))  # stored in an earlier part: unchanged
    results = list(ingest_many(store.db, raws, NOW, workers=workers))
    assert [r.status for r in results] == ["added"] * 7 + ["unchanged"]
    assert results[-1].document_id == results[1].document_id
    assert counts(store)["documents"] == 7


def test_an_index_built_by_older_rules_is_rebuilt_when_the_database_is_opened(
    tmp_path: Path,
) -> None:
    from store.answer import answer_question
    from store.answering.reindex import current_version
    from store.db import connect

    path = tmp_path / "old.db"
    store = Store(path)
    ingest_raw(store.db, read_source(str(MALI)), NOW)
    sentences = store.db.execute("select count(*) from passages").fetchone()[0]
    # As an older release left it: other terms, another version.
    store.db.execute("update passage_index set sentence_terms = 'zz', context_terms = ''")
    store.db.execute("update bot_state set value = 'old' where name = 'passage_index_version'")
    store.db.conn.commit()
    store.close()
    db = connect(path)
    assert (
        db.execute("select value from bot_state where name = 'passage_index_version'").fetchone()[0]
        == current_version()
    )
    assert db.execute("select count(*) from passage_index").fetchone()[0] == sentences
    assert (
        db.execute("select count(*) from passage_index where sentence_terms = 'zz'").fetchone()[0]
        == 0
    )
    assert answer_question(db, "women on the CSA?", NOW).facts[0]["value"] == 1


def test_a_rebuilt_index_is_searched_and_counted_as_one_ingest_writes_it(tmp_path: Path) -> None:
    # No insert trigger fills passage_index_fts and the term counts are a table (m012): a
    # rebuild by newer rules must leave both as ingesting the same documents gives them.
    from store.db import connect, corpus_generation

    def state(db: sqlite3.Connection) -> tuple[object, ...]:
        db.execute("INSERT INTO passage_index_fts(passage_index_fts) VALUES ('integrity-check')")
        db.execute(
            "CREATE VIRTUAL TABLE temp.counted USING fts5vocab(main, passage_index_fts, col)"
        )
        counted = db.execute("select * from temp.counted order by 1, 2").fetchall()
        db.execute("DROP TABLE temp.counted")
        return (
            db.execute("select * from passage_index_vocab order by 1, 2").fetchall(),
            counted,
            db.execute("select count(*) from passage_index_fts_docsize").fetchone(),
            db.execute(
                "select rowid from passage_index_fts where passage_index_fts match 'women'"
                " order by rowid"
            ).fetchall(),
        )

    path = tmp_path / "old.db"
    store = Store(path)
    list(ingest_many(store.db, _documents(3), NOW, workers=1))
    fresh = state(store.db.conn)
    assert fresh[0] == fresh[1] and fresh[2] == (counts(store)["passage_index"],) and fresh[3]
    store.db.execute("update bot_state set value = 'old' where name = 'passage_index_version'")
    store.db.conn.commit()
    generation = corpus_generation(store.db)
    store.close()
    db = connect(path)
    assert state(db.conn) == fresh
    assert corpus_generation(db) != generation  # answering's cached word counts are stale


def test_the_corpus_generation_changes_with_the_documents_and_only_then(store: Store) -> None:
    # answering keys its caches by it (store.answer.knowledge): one row, not a count of the
    # current documents on every question
    from store.answer import knowledge
    from store.db import corpus_generation
    from store.state import instance_id

    db = store.db
    empty = corpus_generation(db)
    before = knowledge(db)
    assert knowledge(db) is before and before.sentences == 0
    ingest_raw(db, read_source(str(MALI)), NOW)
    loaded = corpus_generation(db)
    assert loaded != empty
    after = knowledge(db)
    assert after is not before and after.sentences == counts(store)["passages"]
    ingest_raw(db, read_source(str(MALI)), NOW)  # unchanged: nothing written
    instance_id(db)  # another table written
    assert corpus_generation(db) == loaded and knowledge(db) is after
    raw = read_source(str(MALI))
    changed = replace(raw, sha256="c" * 64, text=raw.text.replace("62 Malian", "63 Malian"))
    ingest_raw(db, changed, NOW)  # a new version replaces the current one
    assert corpus_generation(db) != loaded and knowledge(db) is not after


def _current_sentences(db: sqlite3.Connection) -> tuple[int, int]:
    from store.db import CURRENT_SENTENCES

    kept = db.execute("select sentences from corpus_state").fetchone()[0]
    return kept, db.execute(CURRENT_SENTENCES).fetchone()[0]


def test_the_sentences_of_the_current_documents_are_kept_as_counted(tmp_path: Path) -> None:
    # what answering weighs words against (m016), kept by triggers rather than counted on the
    # first question after every change
    from store.answer import knowledge
    from store.db import connect

    path = tmp_path / "kept.db"
    store = Store(path)
    db = store.db
    assert _current_sentences(db.conn) == (0, 0)
    list(ingest_many(db, _documents(3), NOW, workers=1))
    raw = read_source(str(MALI))
    changed = replace(raw, source="doc-1.txt", sha256="c" * 64, text=raw.text + "\n\nMore.")
    ingest_raw(db, changed, NOW)  # replaces doc-1.txt
    kept, counted = _current_sentences(db.conn)
    assert kept == counted == knowledge(db).sentences > 3 * 35
    db.execute("pragma foreign_keys = off")  # only the two tables the count reads
    with db.atomic():  # a document removed by hand, sentences first, and one the other way
        first, second = (row[0] for row in db.execute("select id from documents limit 2"))
        db.execute("delete from passages where document_id = ?", [first])
        db.execute("delete from documents where id in (?, ?)", [first, second])
        db.execute("delete from passages where document_id = ?", [second])
    kept, counted = _current_sentences(db.conn)
    assert kept == counted > 0
    # a database from before m016: the count starts from what is stored
    for name in ("passages_current_insert", "passages_current_delete"):
        db.execute(f"drop trigger {name}")
    for name in ("documents_current_update", "documents_current_delete"):
        db.execute(f"drop trigger {name}")
    db.execute("alter table corpus_state drop column sentences")
    db.execute("delete from _sqlite_migrations where name = 'm016_current_sentences'")
    db.conn.commit()
    store.close()
    again = connect(path)
    assert _current_sentences(again.conn) == (counted, counted)
