"""Rebuild the passage index from stored sentences (a schema migration's data step)."""

from __future__ import annotations

from sqlite_utils import Database

from store.answering.index import head_terms, search_terms
from store.db import insert_rows
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
        terms = search_terms(sentences, text or "", country, title, year)
        db.execute(
            "update search_documents set head_terms = ? where document_id = ?",
            [head_terms(title, text or ""), document_id],
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
