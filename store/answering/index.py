"""The search index answering reads: one row per fact, event and sentence, as stemmed terms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlite_utils import Database

from store.aliases import glossary
from store.answering.normalize import phrase_key, terms
from store.db import insert_rows
from store.models import Event, Fact, Sentence

# Event kinds named in words a question would use ("when is the next report due").
EVENT_KIND_WORDS = {
    "meeting": "meeting met",
    "reconvene": "reconvene next meeting meet again",
    "report": "report",
    "report_due": "next report due",
    "cadence": "report every",
    "resolution": "resolution adopted",
    "symbol": "document record symbol summary issued",
    "elections": "elections",
    "briefing": "briefing",
    "visit": "visit",
    "mandate": "mandate expires ends renewal",
}
# Sentences that open by pointing back at the sentence before.
_ANAPHORIC = re.compile(
    r"(?:Of (?:the|these|those|them)|Among (?:them|these|those|the)|It|They|These|This|Its|"
    r"Their|Such|The (?:group|body|commission|committee|council|mission|dialogue|process|"
    r"conference|meeting|talks|agreement|law|plan|review|panel|team|unit|programme|"
    r"mechanism|accord))\b"
)
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


def document_names(
    text: str, country: str | None, title: str, text_terms: str | None = None
) -> str:
    """Names a whole document is about: its acronyms, glossary long forms, country, title.

    `text_terms` is the text already as terms, when the caller has it.
    """
    doc_terms = f" {text_terms if text_terms is not None else _joined(text)} "
    names = {phrase_key(a) for a in _ACRONYM.findall(text)}
    for key, acronym in _glossary_keys():
        if f" {key} " in doc_terms:
            names.update({key, acronym})
    names.add(phrase_key(country or ""))
    names.add(phrase_key(title))
    return " ".join(sorted(n for n in names if n))


@dataclass(frozen=True)
class SearchTerms:
    """A document's search terms, computed before it is stored (in a worker process if need be).

    Lists are by position: sentences in document order, facts and events in extraction order.
    """

    names: str
    acronyms: str
    sentence_local: list[str]
    sentence_previous: list[str]
    fact_own: list[str]
    event_own: list[str]


def search_terms(
    sentences: list[Sentence],
    text: str,
    country: str | None,
    title: str,
    facts: list[Fact],
    events: list[Event],
    defined: tuple[str, ...] = (),
) -> SearchTerms:
    """Every term answering will search for in one document."""
    own = [_joined(s.text) for s in sentences]
    section_terms = {section: _joined(section) for section in {s.section for s in sentences}}
    local = [
        " ".join(
            part
            for part in (
                own[i],
                section_terms[s.section],
                # "Of the 64 delegates, nine were women": the sentence before says which
                # delegates, so its words count as the sentence's own.
                own[i - 1] if i > 0 and _ANAPHORIC.match(s.text) else "",
            )
            if part
        )
        for i, s in enumerate(sentences)
    ]
    previous = [
        own[i - 1] if i > 0 and sentences[i - 1].section == s.section else ""
        for i, s in enumerate(sentences)
    ]
    # Headings are part of the document's words too ("Security Council Resolution 2295").
    headings = " ".join(section_terms.values())
    acronyms = {phrase_key(a) for a in _ACRONYM.findall(text)} | {phrase_key(country or "")}
    return SearchTerms(
        acronyms=" ".join(sorted(a for a in acronyms if a)),
        names=" ".join(
            filter(
                None,
                [
                    document_names(text, country, title, f"{' '.join(own)} {headings}"),
                    # Long forms the document defines ("Stabilization Mission in Tarsis").
                    *(_joined(name) for name in defined),
                ],
            )
        ),
        sentence_local=local,
        sentence_previous=previous,
        fact_own=[_joined(f"{f.subject} {f.measure} {' '.join(f.items)}") for f in facts],
        event_own=[_joined(f"{e.title} {EVENT_KIND_WORDS.get(e.kind, '')}") for e in events],
    )


def write_search_rows(
    db: Database,
    document_id: int,
    terms: SearchTerms,
    passage_ids: list[int],
    facts: list[tuple[int, int]],
    events: list[tuple[int, int]],
) -> int:
    """Store one document's search rows; facts and events as (row id, sentence position)."""
    rows: list[dict[str, Any]] = []

    def add(item_type: str, item_id: int, position: int, own: str) -> None:
        previous = terms.sentence_previous[position]
        rows.append(
            {
                "item_type": item_type,
                "item_id": item_id,
                "document_id": document_id,
                "local_terms": f"{terms.sentence_local[position]} {own}".strip(),
                "previous_terms": previous,
            }
        )

    for position, passage_id in enumerate(passage_ids):
        add("passage", passage_id, position, "")
    for (fact_id, position), own in zip(facts, terms.fact_own, strict=True):
        add("fact", fact_id, position, own)
    for (event_id, position), own in zip(events, terms.event_own, strict=True):
        add("event", event_id, position, own)
    insert_rows(db, "search_items", rows)
    insert_rows(
        db,
        "search_documents",
        [{"document_id": document_id, "names_terms": terms.names, "acronyms": terms.acronyms}],
    )
    return len(rows)


def optimize(db: Database) -> None:
    """Merge the full-text indexes' segments (one per stored document) into one each.

    Every segment is one more lookup per term in every question; after loading a batch of
    documents this keeps answers fast.
    """
    with db.atomic():
        for table in ("search_items_fts", "search_documents_fts", "passages_fts"):
            db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")


@dataclass
class Candidate:
    """One search row with what scoring needs."""

    item_type: str
    item_id: int
    document_id: int
    local: str  # " term term ... " padded for phrase tests
    context: str  # the sentence before and the document's names
    document: str
    country: str | None
    doc_date: str | None
    previous: str = " "  # the sentence before alone


@dataclass(frozen=True)
class TermGroup:
    """Ways of writing one concept.

    `local`: the item's own sentence must name it. Otherwise the sentence before or the
    document's names (acronyms, long forms, country) may.
    """

    phrases: tuple[str, ...]
    local: bool


def _match(phrases: tuple[str, ...], column: str = "") -> str:
    """An FTS5 OR of quoted phrases; quoting makes any user text inert (NEAR, AND, *, ")."""
    quoted = sorted({'"' + p.replace('"', "") + '"' for p in phrases if p.strip()})
    prefix = f"{column} : " if column else ""
    return f"{prefix}(" + " OR ".join(quoted) + ")" if quoted else ""


def candidates(
    db: Database,
    groups: list[TermGroup],
    countries: list[str] | None,
    *,
    every: bool = True,
    exact: bool = False,
    limit: int = 40,
) -> list[Candidate]:
    """Rows of current documents naming the concepts (all of them, or any), newest first.

    Newest first rather than by BM25: answers prefer the latest update, and FTS5 streams rows
    in rowid order without scoring every match, which keeps a question in the low milliseconds
    on thousands of documents. With `every`, the rows name every concept that must be in the
    item's own sentence; names that may be anywhere in the document ("Council", an acronym)
    are left to the caller's check unless `exact`, because matching them in SQL means
    collecting every row that mentions them.
    """
    params: list[Any] = []
    if every:
        anchors = " AND ".join(
            m for g in groups if g.local and (m := _match(g.phrases, "local_terms"))
        )
        if not anchors:
            return []
        where = ["search_items_fts match ?"]
        params.append(anchors)
        for group in (g for g in groups if not g.local and exact):
            query = _match(group.phrases)
            if not query:
                continue
            # Named in the item or the sentence before it, or among the document's names.
            where.append(
                "(s.id in (select rowid from search_items_fts where search_items_fts match ?)"
                " or s.document_id in (select rowid from search_documents_fts"
                " where search_documents_fts match ?))"
            )
            params += [query, query]
    else:
        anyone = " OR ".join(m for g in groups if (m := _match(g.phrases)))
        if not anyone:
            return []
        where = ["search_items_fts match ?"]
        params.append(anyone)
    where.append("d.is_current = 1")
    if countries:
        where.append(f"d.country in ({', '.join('?' for _ in countries)})")
        params += countries
    sql = (
        "select s.item_type, s.item_id, s.document_id, s.local_terms, s.previous_terms,"
        " d.title, d.country, d.doc_date"
        " from search_items_fts join search_items s on s.id = search_items_fts.rowid"
        " join documents d on d.id = s.document_id"
        f" where {' and '.join(where)}"
        " order by search_items_fts.rowid desc limit ?"
    )
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
            previous=f" {previous} ",
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
