"""Load a situation update into the database: clean, extract, store — all or nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database
from sqlite_utils.db import Table

from store.aliases import defined_aliases
from store.answering.index import index_document
from store.clean import clean
from store.db import insert_rows
from store.deadlines import derive_after_ingest
from store.extract.context import document_context
from store.extract.events import extract_events
from store.extract.facts import extract_facts
from store.models import Event, Fact
from store.readers import IngestError, RawDocument


@dataclass(frozen=True)
class IngestResult:
    """What happened to one document."""

    status: str  # added | replaced | unchanged
    document_id: int
    title: str
    passages: int = 0
    facts: int = 0
    events: int = 0


def ingest_raw(db: Database, raw: RawDocument, now: datetime) -> IngestResult:
    """Store one read document in a single transaction; unchanged content is a no-op."""
    same = next(
        db.table("documents").rows_where(
            "sha256 = ? and is_current = 1", [raw.sha256], order_by="id desc", limit=1
        ),
        None,
    )
    if same is not None:
        return IngestResult("unchanged", same["id"], same["title"])
    cleaned = clean(raw.text)
    if not cleaned.sentences:
        raise IngestError(f"{raw.title}: no sentences found in the text")
    ctx = document_context(raw.title, raw.text, cleaned.sentences)
    facts = extract_facts(cleaned.sentences, ctx)
    events = extract_events(cleaned.sentences, ctx)
    aliases = defined_aliases(cleaned.sentences)
    stamp = now.isoformat(timespec="seconds")
    with db.atomic():
        previous = [
            row["id"]
            for row in db.table("documents").rows_where(
                "source = ? and is_current = 1", [raw.source]
            )
        ]
        for old_id in previous:
            db.table("documents").update(old_id, {"is_current": 0, "replaced_at": stamp})
        document_id = _pk(
            db.table("documents").insert(
                {
                    "source": raw.source,
                    "title": raw.title,
                    "sha256": raw.sha256,
                    "country": ctx.country,
                    "doc_date": ctx.doc_date,
                    "ingested_at": stamp,
                    "is_current": 1,
                    "size_bytes": raw.size_bytes,
                    "text": cleaned.text,
                }
            )
        )
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
                for sentence in cleaned.sentences
            ),
        )
        passage_ids = {
            row[1]: row[0]
            for row in db.execute(
                "select id, position from passages where document_id = ?", [document_id]
            ).fetchall()
        }
        insert_rows(db, "facts", (_fact_row(fact, document_id, passage_ids) for fact in facts))
        insert_rows(
            db,
            "events",
            (_event_row(event, document_id, passage_ids) for event in events),
        )
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
                for alias in aliases
            ),
        )
        index_document(db, document_id)
        derive_after_ingest(db, document_id, now)
    return IngestResult(
        "replaced" if previous else "added",
        document_id,
        raw.title,
        passages=len(cleaned.sentences),
        facts=len(facts),
        events=len(events),
    )


def _pk(table: Table) -> int:
    """The rowid of the row a table just inserted."""
    if table.last_pk is None:
        raise RuntimeError("insert returned no primary key")
    return int(table.last_pk)


def _fact_row(fact: Fact, document_id: int, passage_ids: dict[int, int]) -> dict[str, object]:
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


def _event_row(event: Event, document_id: int, passage_ids: dict[int, int]) -> dict[str, object]:
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
