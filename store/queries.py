"""Read what was extracted: facts and events of the current documents, as plain dicts."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from store.updates import NEWEST_FIRST_SQL


def fact_json(row: dict[str, Any]) -> dict[str, Any]:
    """A facts row (with its document title) as the JSON object users see."""
    fact: dict[str, Any] = {
        "id": row["id"],
        "kind": row["kind"],
        "subject": row["subject"],
        "measure": row["measure"],
        "value": _number(row["value"]),
        "total": _number(row["total"]),
        "unit": row["unit"],
        "as_of": row["as_of"],
        "previous_value": _number(row["previous_value"]),
        "previous_as_of": row["previous_as_of"],
        "qualifier": row["qualifier"],
        "document": row["document"],
        "section": row["section"],
        "quote": row["quote"],
    }
    if row["items"]:
        fact["items"] = json.loads(row["items"])
    return fact


def _number(value: float | None) -> float | int | None:
    """1.0 reads as 1; 1.78 stays 1.78."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def list_facts(db: Database, text: str | None = None) -> list[dict[str, Any]]:
    """Facts of current documents, optionally only those whose sentence or subject has TEXT."""
    sql = "select * from current_facts"
    params: list[str] = []
    if text:
        # The text is matched as typed: % and _ are LIKE's wildcards ("facts %" matched every
        # fact), so they are escaped.
        escaped = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{escaped}%"
        sql += (
            " where lower(quote) like ? escape '\\' or lower(subject) like ? escape '\\'"
            " or lower(measure) like ? escape '\\' or lower(coalesce(items, '')) like ? escape '\\'"
        )
        params = [like] * 4
    sql += " order by document_id, start_offset, id"
    return [fact_json(row) for row in db.query(sql, params)]


def event_json(row: dict[str, Any]) -> dict[str, Any]:
    """An events row (with its document title) as the JSON object users see."""
    return {
        "id": row["id"],
        "kind": row["kind"],
        "title": row["title"],
        "date": row["date"],
        "precision": row["precision"],
        "approximate": bool(row["approximate"]),
        "anchor_date": row["anchor_date"],
        "cadence": row["cadence"],
        "symbol": row["symbol"],
        "document": row["document"],
        "section": row["section"],
        "quote": row["quote"],
    }


def list_events(db: Database) -> list[dict[str, Any]]:
    """Events of current documents in date order (undated last)."""
    rows = db.query(
        "select * from current_events order by date is null, date, document_id, start_offset"
    )
    return [event_json(row) for row in rows]


def list_documents(db: Database) -> list[dict[str, Any]]:
    """Current documents with their fact and event counts, newest document date first (ties:
    loaded later first); `date_source` says where each date came from ("loaded": a flag)."""
    return list(
        db.query(
            "select d.id, d.title, d.source, d.country, d.doc_date, d.date, d.date_source,"
            " d.ingested_at,"
            " (select count(*) from facts f where f.document_id = d.id) as facts,"
            " (select count(*) from events e where e.document_id = d.id) as events"
            f" from documents d where d.is_current = 1 order by {NEWEST_FIRST_SQL}"
        )
    )
