"""Rebuild the passage index from stored sentences: a migration's data step, and whenever the
rules that turn text into search terms change (INDEX_VERSION, the lexicon files)."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources

from sqlite_utils import Database

from store.answering.index import INDEX_VERSION, head_terms, search_terms
from store.db import bump_generation, insert_rows, write_transaction
from store.models import Sentence


def reindex_passages(db: Database) -> int:
    """Write passage_index rows for every stored document that has none; returns how many."""
    written = 0
    documents = db.execute(
        "select id, title, country, doc_date, text from documents"
        " where id not in (select distinct document_id from passage_index)"
    ).fetchall()
    for document_id, title, country, doc_date, text in documents:
        rows = db.execute(
            "select id, position, section, sentence, start_offset, end_offset from passages"
            " where document_id = ? order by position",
            [document_id],
        ).fetchall()
        if not rows:
            continue
        sentences = [
            Sentence(text=sentence, section=section or "", start=start, end=end, index=position)
            for _, position, section, sentence, start, end in rows
        ]
        year = int(doc_date[:4]) if doc_date else None
        defined = tuple(
            row[0]
            for row in db.execute(
                "select expansion from aliases where document_id = ? order by id", [document_id]
            ).fetchall()
        )
        terms = search_terms(sentences, text or "", country, title, year, defined)
        db.execute(
            "update search_documents set head_terms = ?, names_terms = ?, acronyms = ?"
            " where document_id = ?",
            [head_terms(title, text or ""), terms.names, terms.acronyms, document_id],
        )
        written += insert_rows(
            db,
            "passage_index",
            (
                {
                    "passage_id": row[0],
                    "document_id": document_id,
                    "sentence_terms": p.sentence,
                    "context_terms": p.context,
                    "heading_terms": p.heading,
                    "years": p.years,
                    "anaphoric": int(p.anaphoric),
                }
                for row, p in zip(rows, terms.passages, strict=True)
            ),
        )
    return written


VERSION_KEY = "passage_index_version"
# The word lists whose forms the index holds: editing one changes the terms as surely as a
# new stemmer rule does, so their contents are part of the version.
LEXICON_FILES = ("data/synonyms.json", "data/glossary.json", "data/bilingual.json")


@lru_cache(maxsize=1)
def current_version() -> str:
    """INDEX_VERSION with a digest of the lexicon files, as stored beside a built index."""
    digest = hashlib.sha256()
    for name in LEXICON_FILES:
        digest.update(resources.files("store").joinpath(name).read_bytes())
    return f"{INDEX_VERSION}+{digest.hexdigest()[:12]}"


def ensure_current_index(db: Database) -> bool:
    """Rebuild the passage index when it was built by other rules than today's; True when it
    was rebuilt. Several processes may start at once: the check is repeated inside the write
    lock, so one rebuilds and the others find it done."""
    version = current_version()
    if _stored_version(db) == version:
        return False
    with write_transaction(db):
        if _stored_version(db) == version:
            return False
        db.execute("delete from passage_index")
        reindex_passages(db)
        _rebuild_full_text(db)
        db.execute(
            "insert into bot_state (name, value, updated_at) values (?, ?, datetime('now'))"
            " on conflict(name) do update set value = excluded.value,"
            " updated_at = excluded.updated_at",
            [VERSION_KEY, version],
        )
    return True


def _rebuild_full_text(db: Database) -> None:
    """The full-text index and its term counts, after the rows were written again.

    No trigger fills passage_index_fts (store.db.FULL_TEXT: ingest writes it a batch at a
    time), and passage_index_vocab is a table of what fts5vocab counts; both are made again
    from the rows as a whole.
    """
    db.execute("INSERT INTO passage_index_fts(passage_index_fts) VALUES ('rebuild')")
    db.execute("DELETE FROM passage_index_vocab")
    db.execute(
        "CREATE VIRTUAL TABLE temp.passage_index_counted"
        " USING fts5vocab(main, passage_index_fts, col)"
    )
    db.execute(
        "INSERT INTO passage_index_vocab (term, col, doc, cnt)"
        " SELECT term, col, doc, cnt FROM temp.passage_index_counted"
    )
    db.execute("DROP TABLE temp.passage_index_counted")
    bump_generation(db)  # the word counts answering cached are those of the old index


def _stored_version(db: Database) -> str | None:
    row = db.execute("select value from bot_state where name = ?", [VERSION_KEY]).fetchone()
    return None if row is None else str(row[0])
