"""The search index answering reads: one row per fact, event and sentence, as stemmed terms."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlite_utils import Database

from store.aliases import glossary
from store.answering.normalize import phrase_key, terms
from store.db import insert_rows

# Event kinds named in words a question would use ("when is the next report due").
EVENT_KIND_WORDS = {
    "meeting": "meeting met",
    "reconvene": "reconvene next meeting meet again",
    "report": "report",
    "report_due": "next report due",
    "cadence": "report every",
    "resolution": "resolution adopted",
    "symbol": "document record",
    "elections": "elections",
    "briefing": "briefing",
    "visit": "visit",
}
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,9}\b")


def _joined(text: str) -> str:
    return " ".join(terms(text))


@lru_cache(maxsize=1)
def _glossary_keys() -> tuple[tuple[str, str], ...]:
    return tuple(
        (key, phrase_key(alias.alias))
        for alias in glossary()
        if (key := phrase_key(alias.expansion))
    )


def document_names(text: str, country: str | None, title: str) -> str:
    """Names a whole document is about: its acronyms, glossary long forms, country, title."""
    doc_terms = f" {_joined(text)} "
    names = {phrase_key(a) for a in _ACRONYM.findall(text)}
    for key, acronym in _glossary_keys():
        if f" {key} " in doc_terms:
            names.update({key, acronym})
    names.add(phrase_key(country or ""))
    names.add(phrase_key(title))
    return " ".join(sorted(n for n in names if n))


def index_document(db: Database, document_id: int) -> int:
    """Write the search rows of one stored document; returns how many."""
    doc = db.table("documents").get(document_id)
    names = document_names(doc["text"], doc["country"], doc["title"])
    passages = list(
        db.query(
            "select id, position, section, sentence from passages where document_id = ?"
            " order by position",
            [document_id],
        )
    )
    sentence_by_passage = {p["id"]: p for p in passages}
    previous: dict[int, str] = {}
    for before, current in zip([None, *passages], passages, strict=False):
        same_section = before is not None and before["section"] == current["section"]
        previous[current["id"]] = before["sentence"] if before is not None and same_section else ""
    rows: list[dict[str, Any]] = []
    local_of = {p["id"]: _joined(f"{p['sentence']} {p['section'] or ''}") for p in passages}
    context_of = {p["id"]: f"{_joined(previous[p['id']])} {names}".strip() for p in passages}

    def add(item_type: str, item_id: int, passage_id: int, own_words: str) -> None:
        own = _joined(own_words)
        rows.append(
            {
                "item_type": item_type,
                "item_id": item_id,
                "document_id": document_id,
                "local_terms": f"{local_of[passage_id]} {own}".strip(),
                "context_terms": context_of[passage_id],
            }
        )

    for passage in passages:
        add("passage", passage["id"], passage["id"], "")
    for fact in db.query("select * from facts where document_id = ?", [document_id]):
        items = " ".join(json.loads(fact["items"])) if fact["items"] else ""
        add("fact", fact["id"], fact["passage_id"], f"{fact['subject']} {fact['measure']} {items}")
    for event in db.query("select * from events where document_id = ?", [document_id]):
        words = EVENT_KIND_WORDS.get(event["kind"], "")
        add("event", event["id"], event["passage_id"], f"{event['title']} {words}")
    insert_rows(db, "search_items", rows)
    return len(rows)


@dataclass
class Candidate:
    """One search row with what scoring needs."""

    item_type: str
    item_id: int
    document_id: int
    local: str  # " term term ... " padded for phrase tests
    context: str
    document: str
    country: str | None
    doc_date: str | None
    rank: float


def fts_query(phrases: list[str]) -> str:
    """An FTS5 OR query of quoted phrases; quoting makes any user text inert."""
    quoted = sorted({'"' + p.replace('"', "") + '"' for p in phrases if p.strip()})
    return " OR ".join(quoted)


def candidates(
    db: Database, phrases: list[str], countries: list[str] | None, limit: int = 80
) -> list[Candidate]:
    """Rows of current documents matching any phrase, best BM25 first."""
    query = fts_query(phrases)
    if not query:
        return []
    sql = (
        "select s.item_type, s.item_id, s.document_id, s.local_terms, s.context_terms,"
        " d.title, d.country, d.doc_date, bm25(search_items_fts, 1.0, 0.2) as rank"
        " from search_items_fts join search_items s on s.id = search_items_fts.rowid"
        " join documents d on d.id = s.document_id"
        " where search_items_fts match ? and d.is_current = 1"
    )
    params: list[Any] = [query]
    if countries:
        sql += f" and d.country in ({', '.join('?' for _ in countries)})"
        params += countries
    sql += " order by rank limit ?"
    params.append(limit)
    return [
        Candidate(
            item_type=row["item_type"],
            item_id=row["item_id"],
            document_id=row["document_id"],
            local=f" {row['local_terms']} ",
            context=f" {row['context_terms']} ",
            document=row["title"],
            country=row["country"],
            doc_date=row["doc_date"],
            rank=row["rank"],
        )
        for row in db.query(sql, params)
    ]
