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
    previous: dict[int, str] = {}
    for before, current in zip([None, *passages], passages, strict=False):
        same_section = before is not None and before["section"] == current["section"]
        previous[current["id"]] = before["sentence"] if before is not None and same_section else ""
    rows: list[dict[str, Any]] = []
    local_of = {p["id"]: _joined(f"{p['sentence']} {p['section'] or ''}") for p in passages}
    previous_of = {p["id"]: _joined(previous[p["id"]]) for p in passages}

    def add(item_type: str, item_id: int, passage_id: int, own_words: str) -> None:
        own = _joined(own_words)
        rows.append(
            {
                "item_type": item_type,
                "item_id": item_id,
                "document_id": document_id,
                "local_terms": f"{local_of[passage_id]} {own}".strip(),
                "previous_terms": previous_of[passage_id],
                "context_terms": f"{previous_of[passage_id]} {names}".strip(),
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
    insert_rows(db, "search_documents", [{"document_id": document_id, "names_terms": names}])
    return len(rows)


def optimize(db: Database) -> None:
    """Merge the search index's segments (one per stored document) into one.

    Every segment is one more lookup per term in every question; after loading a batch of
    documents this keeps answers fast.
    """
    with db.atomic():
        db.execute("INSERT INTO search_items_fts(search_items_fts) VALUES ('optimize')")


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


@dataclass(frozen=True)
class TermGroup:
    """Ways of writing one concept; `local` when the item's own sentence must have one."""

    phrases: tuple[str, ...]
    local: bool


def fts_query(groups: list[TermGroup], every: bool) -> str:
    """An FTS5 query: each group's phrases ORed, groups ANDed (every) or ORed.

    Every phrase is quoted, so user text never acts as FTS syntax (NEAR, AND, *, ").
    """
    clauses = []
    for group in groups:
        quoted = sorted({'"' + p.replace('"', "") + '"' for p in group.phrases if p.strip()})
        if quoted:
            column = "local_terms : " if group.local and every else ""
            clauses.append(f"{column}(" + " OR ".join(quoted) + ")")
    return (" AND " if every else " OR ").join(clauses)


def candidates(
    db: Database,
    groups: list[TermGroup],
    countries: list[str] | None,
    *,
    every: bool = True,
    limit: int = 40,
) -> list[Candidate]:
    """Rows of current documents naming the concepts, newest first.

    Newest first rather than by BM25: answers prefer the latest update, and FTS5 streams rows
    in rowid order without scoring every match, which keeps a question in the low milliseconds
    on thousands of documents.
    """
    query = fts_query(groups, every)
    if not query:
        return []
    sql = (
        "select s.item_type, s.item_id, s.document_id, s.local_terms, s.previous_terms,"
        " d.title, d.country, d.doc_date"
        " from search_items_fts join search_items s on s.id = search_items_fts.rowid"
        " join documents d on d.id = s.document_id"
        " where search_items_fts match ? and d.is_current = 1"
    )
    params: list[Any] = [query]
    if countries:
        sql += f" and d.country in ({', '.join('?' for _ in countries)})"
        params += countries
    sql += " order by search_items_fts.rowid desc limit ?"
    params.append(limit)
    rows = db.execute(sql, params).fetchall()
    names = _document_names(db, {row[2] for row in rows})
    return [
        Candidate(
            item_type=item_type,
            item_id=item_id,
            document_id=document_id,
            local=f" {local} ",
            context=f" {previous} {names.get(document_id, '')} ",
            document=title,
            country=country,
            doc_date=doc_date,
        )
        for item_type, item_id, document_id, local, previous, title, country, doc_date in rows
    ]


_names_cache: dict[tuple[str, int], str] = {}


def _document_names(db: Database, document_ids: set[int]) -> dict[int, str]:
    """Each document's names, read once per process (a document's names never change)."""
    path = db.execute("pragma database_list").fetchone()[2]
    missing = [d for d in document_ids if (path, d) not in _names_cache]
    if missing:
        marks = ", ".join("?" for _ in missing)
        for document_id, names in db.execute(
            f"select document_id, names_terms from search_documents where document_id in ({marks})",
            missing,
        ).fetchall():
            _names_cache[(path, document_id)] = names
    return {d: _names_cache.get((path, d), "") for d in document_ids}
