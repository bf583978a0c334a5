"""Deadlines a document implies: the next SG report, the IEG reconvening, elections, visits."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from store.chrono import parse_span
from store.db import DOCUMENT_DATES, write_transaction
from store.deadlines.constants import DEFAULT_LEADS, DeadlineError
from store.deadlines.model import row_stamp
from store.deadlines.parsing import parse_recurrence
from store.updates import document_order

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Derived:
    key: str
    kind: str
    title: str
    due: str
    precision: str
    approximate: bool
    needs_confirmation: bool
    event_id: int
    quote: str


def _due_of(event: Mapping[str, Any]) -> tuple[str, str] | None:
    """(due, precision) for a day- or month-precise event date; None for vaguer ones."""
    value = event["date"] or ""
    precision = {10: "day", 7: "month"}.get(len(value))
    if precision is None or not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
        return None
    try:
        # An impossible date from extraction ("2027-02-30") must not break every later tick.
        date.fromisoformat(value if precision == "day" else value + "-01")
    except ValueError:
        return None
    return value, precision


def _with_place(title: str, country: str | None) -> str:
    if country and country.lower() not in title.lower():
        return f"{title} ({country})"
    return title


def _plan(document: Mapping[str, Any], events: list[dict[str, Any]]) -> list[_Derived]:
    """The deadlines one document's events imply (past ones too: `--all` shows them)."""
    country = document["country"]
    scope = (country or document["source"]).lower()
    planned: list[_Derived] = []
    where = f" on {country}" if country else ""

    report_due = [e for e in events if e["kind"] == "report_due" and _due_of(e)]
    if report_due:
        event = report_due[0]
        due, precision = _due_of(event) or ("", "")
        planned.append(
            _Derived(
                f"{scope}|sg-report|{due}", "sg-report",
                f"Next Secretary-General report{where} due", due, precision,
                precision != "day", precision != "day", event["id"], event["quote"],
            )
        )  # fmt: skip
    else:
        reports = [e for e in events if e["kind"] == "report" and _due_of(e)]
        cadences = [e for e in events if e["cadence"]]
        if reports and cadences:
            # "Every 90 days" after the latest report: an estimate a coordinator should confirm.
            last = max(reports, key=lambda e: e["date"])
            last_day = (_due_of(last) or ("", ""))[0]
            if len(last_day) == 7:
                last_day += "-01"
            try:
                recurrence = parse_recurrence(cadences[0]["cadence"])
            except DeadlineError:
                recurrence = None
            if recurrence:
                due = parse_span(recurrence).after(date.fromisoformat(last_day)).isoformat()
                quote = last["quote"]
                if cadences[0]["quote"] != quote:
                    quote = f"{cadences[0]['quote']} … {quote}"
                planned.append(
                    _Derived(
                        f"{scope}|sg-report|{due}", "sg-report",
                        f"Next Secretary-General report{where} due (estimated: last report + "
                        f"{recurrence})", due, "day", True, True, last["id"], quote,
                    )
                )  # fmt: skip

    for event in events:
        dated = _due_of(event)
        if dated is None:
            continue
        due, precision = dated
        kind = event["kind"]
        if kind == "reconvene":
            anchor = event["anchor_date"] or due
            # "in approximately six months" is an estimate to confirm; "on 15 March 2027" is
            # the date itself.
            approximate = bool(event["approximate"]) or precision != "day"
            planned.append(
                _Derived(
                    f"{scope}|ieg-reconvene|{anchor}", "ieg-reconvene",
                    f"Informal Expert Group meets again{where}",
                    due, precision, approximate, approximate, event["id"], event["quote"],
                )
            )  # fmt: skip
        elif kind in ("elections", "visit", "briefing", "mandate"):
            approximate = bool(event["approximate"]) or precision != "day"
            planned.append(
                _Derived(
                    f"{scope}|{kind}|{due}", kind, _with_place(event["title"] or kind, country),
                    due, precision, approximate, approximate, event["id"], event["quote"],
                )
            )  # fmt: skip
    unique: dict[str, _Derived] = {}
    for item in planned:
        unique.setdefault(item.key, item)
    return list(unique.values())


def derive_from_document(db: Database, document_id: int, now: datetime) -> None:
    """Create or update the deadlines a stored document's events imply."""
    documents = list(db.query("select * from documents where id = ?", [document_id]))
    if not documents:
        return
    document = documents[0]
    stamp = row_stamp(now)
    with write_transaction(db):
        if document["is_current"]:
            events = list(
                db.query(
                    "select * from events where document_id = ? order by start_offset, id",
                    [document_id],
                )
            )
            keys = []
            for item in _plan(document, events):
                keys.append(item.key)
                _upsert(db, item, document, stamp)
            _supersede_moved_plans(db, document["country"], stamp)
            # Deadlines an older version of this document implied but this one no longer does.
            placeholders = ",".join("?" for _ in keys) or "''"
            db.execute(
                "update deadlines set status = 'superseded', updated_at = ? "
                "where origin = 'derived' and status = 'upcoming' "
                f"and derived_key not in ({placeholders}) and document_id in "
                "(select id from documents where source = ? and is_current = 0)",
                [stamp, *keys, document["source"]],
            )
        db.execute(
            "insert or replace into deadline_derivations (document_id, derived_at) values (?, ?)",
            [document_id, stamp],
        )


def _upsert(db: Database, item: _Derived, document: Mapping[str, Any], stamp: str) -> None:
    source = {
        "document_id": document["id"],
        "event_id": item.event_id,
        "source_quote": item.quote,
        "source_document": document["title"],
        "updated_at": stamp,
    }
    existing = list(db.query("select * from deadlines where derived_key = ?", [item.key]))
    if not existing:
        db.table("deadlines").insert(
            {
                "title": item.title,
                "due": item.due,
                "all_day": 1,
                "precision": item.precision,
                "approximate": int(item.approximate),
                "needs_confirmation": int(item.needs_confirmation),
                "recurrence": None,
                "lead_times": ",".join(DEFAULT_LEADS),
                "channel": None,
                "status": "upcoming",
                "origin": "derived",
                "derived_key": item.key,
                "kind": item.kind,
                "country": document["country"],
                "remind_from": stamp,
                "created_at": stamp,
                **source,
            }
        )
        return
    row = existing[0]
    if row["document_id"] != document["id"] and _newer(db, row["document_id"], document["id"]):
        # An older update loaded after a newer one: the newer one's word stands.
        return
    if row["status"] == "superseded":
        # The same event is stated again by a newer version: track it again.
        source["status"] = "upcoming"
    if row["status"] in ("upcoming", "superseded"):
        # A newer update restates it, maybe with another date ("reconvene in approximately
        # eight months" where the last said six): the date follows the newest update.
        source.update(
            due=item.due,
            precision=item.precision,
            approximate=int(item.approximate),
            needs_confirmation=int(item.needs_confirmation),
        )
    # Dismissed, done, confirmed or moved: a coordinator decided; only the source is refreshed.
    db.table("deadlines").update(row["id"], source)


def _order(db: Database, document_id: int) -> tuple[str, int]:
    row = db.execute(
        "select coalesce(date, substr(ingested_at, 1, 10)) from documents where id = ?",
        [document_id],
    ).fetchone()
    return document_order(row[0] if row else None, document_id)


def _newer(db: Database, one: int, other: int) -> bool:
    """True when document `one` is a later update than `other` (by date, then load order)."""
    return _order(db, one) > _order(db, other)


# Plans a country has one of at a time: a newer update that dates one differently moves it.
MOVABLE_PLANS = ("sg-report", "ieg-reconvene", "elections", "mandate")


def _supersede_moved_plans(db: Database, country: str | None, stamp: str) -> None:
    """Of the derived deadlines of a country with the same kind and title (the next SG
    report, the IEG's reconvening, "Communal elections in Mali"), the ones from its newest
    update stand and the others are superseded: the newer update moved the date. Visits and
    briefings are left alone (a new one is another visit). Deadlines a coordinator decided
    on (confirmed, moved, done, dismissed) are never touched."""
    if not country:
        return
    marks = ", ".join("?" for _ in MOVABLE_PLANS)
    # Plain tuples: a country's deadlines grow with its updates, and this runs for each one
    # loaded (a dict per row cost more than the query).
    rows = db.execute(
        "select dl.id, dl.kind, dl.title, dl.status, dl.document_id,"
        " coalesce(doc.date, substr(doc.ingested_at, 1, 10)) as doc_date"
        # The planner would read each document's row (text and all) for its date; the
        # index of m014 holds it (store.db.DOCUMENT_DATES).
        f" from deadlines dl join documents doc indexed by {DOCUMENT_DATES}"
        " on doc.id = dl.document_id"
        f" where dl.origin = 'derived' and dl.country = ? and dl.kind in ({marks})"
        " and doc.is_current = 1",
        [country, *MOVABLE_PLANS],
    ).fetchall()
    groups: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
    for row in rows:
        groups.setdefault((row[1], row[2]), []).append(row)
    for group in groups.values():
        newest = max(document_order(doc_date, document_id) for *_, document_id, doc_date in group)
        for row_id, _, _, row_status, document_id, doc_date in group:
            stands = document_order(doc_date, document_id) == newest
            status = "upcoming" if stands else "superseded"
            if row_status in ("upcoming", "superseded") and row_status != status:
                db.execute(
                    "update deadlines set status = ?, updated_at = ? where id = ?",
                    [status, stamp, row_id],
                )


def sync_derived(db: Database, now: datetime) -> int:
    """Derive deadlines from current documents no derivation has looked at yet; returns how many."""
    pending = [
        row["id"]
        for row in db.query(
            "select id from documents where is_current = 1 and id not in "
            "(select document_id from deadline_derivations) order by id"
        )
    ]
    for document_id in pending:
        try:
            derive_from_document(db, document_id, now)
        except Exception:
            # Logged once and marked looked-at, rather than failing every list and every tick.
            log.exception("could not derive deadlines from document %s", document_id)
            db.execute(
                "insert or replace into deadline_derivations (document_id, derived_at) "
                "values (?, ?)",
                [document_id, row_stamp(now)],
            )
    return len(pending)


def derive_after_ingest(db: Database, document_id: int, now: datetime) -> None:
    """Called by ingest inside the document's transaction; a failure here is logged and never
    loses the document itself."""
    try:
        derive_from_document(db, document_id, now)
    except Exception:
        # Its savepoint rolled back; the next sync_derived tries again (and logs it).
        log.exception("could not derive deadlines from document %s", document_id)
