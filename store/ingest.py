"""Load a situation update into the database: clean, extract, store — all or nothing.

Preparing a document (cleaning, extraction, search terms) needs no database, so a batch can be
prepared in worker processes while this process writes; each document is then stored in one
transaction.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import TypeVar

from sqlite_utils import Database

from store.aliases import Alias, defined_aliases
from store.answering.index import SearchTerms, count_terms, search_terms, write_search_rows
from store.clean import clean
from store.db import index_full_text, insert_rows, write_transaction
from store.deadlines import derive_after_ingest
from store.docdate import LOADED, DatedItem, DocumentDate, document_date
from store.extract.context import document_context
from store.extract.events import extract_events
from store.extract.facts import extract_facts
from store.models import DocContext, Event, Fact, Sentence
from store.readers import IngestError, RawDocument
from store.series import series_key

# Below this many documents a process pool costs more than it saves.
PARALLEL_FROM = 8
# Documents prepared at a time: each is held in memory, prepared, until it is stored.
PREPARE_BATCH = 500
_NO_SENTENCES = "{title}: no sentences found in the text"
_T = TypeVar("_T")
# Documents stored in one transaction: each transaction writes a segment of every full-text
# index, which FTS5 merges later; a crash loses at most the chunk being written.
STORE_CHUNK = 50
WORKER_WATCH_SECONDS = 0.2  # how often a worker checks that the ingest that started it lives


@dataclass(frozen=True)
class IngestResult:
    """What happened to one document."""

    status: str  # added | replaced | unchanged
    document_id: int
    title: str
    passages: int = 0
    facts: int = 0
    events: int = 0


@dataclass(frozen=True)
class PreparedDocument:
    """Everything stored for one document, computed without the database."""

    raw: RawDocument
    text: str
    sentences: list[Sentence]
    context: DocContext
    facts: list[Fact]
    events: list[Event]
    aliases: list[Alias]
    terms: SearchTerms
    series_keys: list[str]  # one per fact (store/series.py), computed with the rest
    dated: DocumentDate  # its date by store.docdate's chain; "loaded" until it is stored


# The load date of a document being prepared (replaced by the real one when it is stored).
_NOT_LOADED = datetime(1, 1, 1, tzinfo=UTC)


def prepare(raw: RawDocument) -> PreparedDocument:
    """Clean and extract one read document; raises IngestError when it holds no sentences."""
    cleaned = clean(raw.text)
    if not cleaned.sentences:
        raise IngestError(_NO_SENTENCES.format(title=raw.title))
    ctx = document_context(raw.title, raw.text, cleaned.sentences)
    facts = extract_facts(cleaned.sentences, ctx)
    events = extract_events(cleaned.sentences, ctx)
    aliases = defined_aliases(cleaned.sentences)
    terms = search_terms(
        cleaned.sentences,
        cleaned.text,
        ctx.country,
        raw.title,
        ctx.year,
        tuple(alias.expansion for alias in aliases),
    )
    return PreparedDocument(
        raw=raw,
        text=cleaned.text,
        sentences=cleaned.sentences,
        context=ctx,
        facts=facts,
        events=events,
        aliases=aliases,
        terms=terms,
        series_keys=[series_key(f.kind, f.subject, f.measure, f.unit, f.qualifier) for f in facts],
        dated=document_date(
            raw.text,
            [DatedItem(e.kind, e.date, e.sentence.text, e.anchor_date) for e in events],
            _NOT_LOADED,
        ),
    )


def _unchanged(db: Database, raw: RawDocument) -> IngestResult | None:
    # "+is_current": look the hash up in its own index. Left to itself the planner walks the
    # (is_current, id) index, reading every current document: a load that slows as it grows.
    same = db.execute(
        "select id, title from documents where sha256 = ? and +is_current = 1"
        " order by id desc limit 1",
        [raw.sha256],
    ).fetchone()
    return IngestResult("unchanged", same[0], same[1]) if same else None


def ingest_raw(db: Database, raw: RawDocument, now: datetime) -> IngestResult:
    """Store one read document in a single transaction; unchanged content is a no-op."""
    return _unchanged(db, raw) or store_prepared(db, prepare(raw), now)


def ingest_many(
    db: Database, raws: Iterable[RawDocument], now: datetime, workers: int | None = None
) -> Iterator[IngestResult]:
    """Store many documents in order, preparing them in parallel when there are enough.

    No document is stored unless every one can be (one that cannot be read raises IngestError
    with nothing changed); they are prepared PREPARE_BATCH at a time, so that a whole library
    is never held in memory prepared (about 100 KB a document), then stored STORE_CHUNK to a
    transaction (all of a chunk or none of it) and their results yielded.
    """
    batch = list(raws)
    fresh = [_unchanged(db, raw) is None for raw in batch]
    todo = [raw for raw, new in zip(batch, fresh, strict=True) if new]
    workers = workers if workers is not None else (os.cpu_count() or 1)
    with contextlib.ExitStack() as stack:
        run: Callable[[Callable[[RawDocument], _T], list[RawDocument]], Iterable[_T]] = map
        if workers > 1 and len(todo) >= PARALLEL_FROM:
            pool = stack.enter_context(
                ProcessPoolExecutor(
                    max_workers=workers, initializer=_end_with_parent, initargs=(os.getpid(),)
                )
            )
            run = partial(pool.map, chunksize=8)
        # Prepared in parts, a document of a later part that cannot be read would fail after
        # the earlier parts are stored: check those first for what preparing would find, a
        # document without sentences (cleaning alone, about a sixth of preparing's CPU). The
        # first part fails, if it does, before anything is stored.
        later = [
            raw
            for raw, new in zip(batch[PREPARE_BATCH:], fresh[PREPARE_BATCH:], strict=True)
            if new
        ]
        for raw, readable in zip(later, run(_has_sentences, later), strict=True):
            if not readable:
                raise IngestError(_NO_SENTENCES.format(title=raw.title))
        for first in range(0, len(batch), PREPARE_BATCH):
            part = batch[first : first + PREPARE_BATCH]
            needed = [raw for raw in part if _unchanged(db, raw) is None]
            prepared = {doc.raw.sha256: doc for doc in run(prepare, needed)}
            for start in range(0, len(part), STORE_CHUNK):
                yield from store_chunk(db, part[start : start + STORE_CHUNK], prepared, now)


def _has_sentences(raw: RawDocument) -> bool:
    """Whether preparing the document will find sentences (the one way prepare refuses one)."""
    return bool(clean(raw.text).sentences)


def store_chunk(
    db: Database, raws: list[RawDocument], prepared: dict[str, PreparedDocument], now: datetime
) -> list[IngestResult]:
    """Store a few documents in one transaction (their full-text rows written once, at its
    end); a document whose content is already loaded is left alone."""
    with write_transaction(db):
        results = []
        stored: list[PreparedDocument] = []
        for raw in raws:
            result = _unchanged(db, raw)
            if result is None:
                stored.append(prepared[raw.sha256])
                result = _store(db, stored[-1], now)
            results.append(result)
        index_full_text(db, [r.document_id for r in results if r.status != "unchanged"])
        count_terms(db, [doc.terms for doc in stored])
    return results


def _end_with_parent(parent: int) -> None:
    """In each worker: exit as soon as the process that started it is gone.

    A worker waits on its task queue, whose pipe it holds open itself, so a parent killed by
    a signal (or the OOM killer) would leave it running, and waiting, for ever.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WORKER_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="wpsbot-parent-watch", daemon=True).start()


def store_prepared(db: Database, doc: PreparedDocument, now: datetime) -> IngestResult:
    """Write a prepared document, replacing the current version from the same source."""
    with write_transaction(db):
        result = _store(db, doc, now)
        index_full_text(db, [result.document_id])
        count_terms(db, [doc.terms])
    return result


def _store(db: Database, doc: PreparedDocument, now: datetime) -> IngestResult:
    """Write a prepared document's rows (all but the full-text indexes), in one savepoint."""
    raw, ctx = doc.raw, doc.context
    stamp = now.isoformat(timespec="seconds")
    dated = doc.dated
    if dated.flagged:  # it states no date: the load date stands in, known only now
        dated = DocumentDate(now.date().isoformat(), LOADED)
    with write_transaction(db):
        previous = [
            row[0]
            for row in db.execute(
                "select id from documents where source = ? and +is_current = 1", [raw.source]
            ).fetchall()
        ]
        db.conn.executemany(
            "update documents set is_current = 0, replaced_at = ? where id = ?",
            [(stamp, old_id) for old_id in previous],
        )
        insert_rows(
            db,
            "documents",
            [
                {
                    "source": raw.source,
                    "title": raw.title,
                    "sha256": raw.sha256,
                    "country": ctx.country,
                    "doc_date": ctx.doc_date,
                    "date": dated.date,
                    "date_source": dated.source,
                    "ingested_at": stamp,
                    "is_current": 1,
                    "size_bytes": raw.size_bytes,
                    "text": doc.text,
                }
            ],
        )
        document_id = int(db.execute("select last_insert_rowid()").fetchone()[0])
        insert_rows(
            db,
            "passages",
            (
                {
                    "document_id": document_id,
                    "position": sentence.index,
                    "section": sentence.section,
                    "sentence": sentence.text,
                    "start_offset": sentence.start,
                    "end_offset": sentence.end,
                }
                for sentence in doc.sentences
            ),
        )
        passage_ids = _ids(db, "passages", document_id)
        insert_rows(
            db,
            "facts",
            (
                {**_fact_row(f, document_id, passage_ids), "series_key": key}
                for f, key in zip(doc.facts, doc.series_keys, strict=True)
            ),
        )
        insert_rows(db, "events", (_event_row(e, document_id, passage_ids) for e in doc.events))
        insert_rows(
            db,
            "aliases",
            (
                {
                    "alias": alias.alias,
                    "expansion": alias.expansion,
                    "lang": alias.lang,
                    "source": "document",
                    "document_id": document_id,
                }
                for alias in doc.aliases
            ),
        )
        write_search_rows(db, document_id, doc.terms, passage_ids)
        derive_after_ingest(db, document_id, now)
    return IngestResult(
        "replaced" if previous else "added",
        document_id,
        raw.title,
        passages=len(doc.sentences),
        facts=len(doc.facts),
        events=len(doc.events),
    )


def _ids(db: Database, table: str, document_id: int) -> list[int]:
    """Row ids of one document's rows, in the order they were inserted."""
    return [
        row[0]
        for row in db.execute(
            f"select id from {table} where document_id = ? order by id", [document_id]
        ).fetchall()
    ]


def _fact_row(fact: Fact, document_id: int, passage_ids: list[int]) -> dict[str, object]:
    return {
        "document_id": document_id,
        "passage_id": passage_ids[fact.sentence.index],
        "section": fact.sentence.section,
        "quote": fact.sentence.text,
        "start_offset": fact.start,
        "end_offset": fact.end,
        "kind": fact.kind,
        "subject": fact.subject,
        "measure": fact.measure,
        "value": fact.value,
        "total": fact.total,
        "unit": fact.unit,
        "as_of": fact.as_of,
        "previous_value": fact.previous_value,
        "previous_as_of": fact.previous_as_of,
        "qualifier": fact.qualifier,
        "items": json.dumps(fact.items, ensure_ascii=False) if fact.items else None,
    }


def _event_row(event: Event, document_id: int, passage_ids: list[int]) -> dict[str, object]:
    return {
        "document_id": document_id,
        "passage_id": passage_ids[event.sentence.index],
        "section": event.sentence.section,
        "quote": event.sentence.text,
        "start_offset": event.start,
        "end_offset": event.end,
        "kind": event.kind,
        "title": event.title,
        "date": event.date,
        "precision": event.precision,
        "approximate": int(event.approximate),
        "anchor_date": event.anchor_date,
        "cadence": event.cadence,
        "symbol": event.symbol,
    }
