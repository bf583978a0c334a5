"""Deadlines in table `deadlines`: read, add by hand, and change (done, snooze, move ...)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any

from sqlite_utils import Database

from store.db import write_transaction
from store.deadlines.constants import ACTIVE, DeadlineError
from store.deadlines.derivation import sync_derived
from store.deadlines.model import Deadline, current_occurrence, occurrence_due, row_stamp
from store.deadlines.parsing import parse_leads, parse_recurrence, parse_when

MAX_ID = 2**63 - 1  # SQLite's largest integer: a larger number names no row (and cannot be bound)


def _get(db: Database, deadline_id: int) -> Deadline:
    if not 1 <= deadline_id <= MAX_ID:
        raise DeadlineError(f"no deadline with id {deadline_id}")
    rows = list(db.query("select * from deadlines where id = ?", [deadline_id]))
    if not rows:
        raise DeadlineError(f"no deadline with id {deadline_id}")
    return Deadline.from_row(rows[0])


def get_deadline(db: Database, deadline_id: int) -> Deadline:
    """One deadline by id, as stored; DeadlineError if there is none."""
    return _get(db, deadline_id)


def list_deadlines(
    db: Database, now: datetime, include_all: bool = False, tz: tzinfo | None = None
) -> list[Deadline]:
    """Upcoming deadlines by due date, each at its current occurrence; all with include_all.

    Derives deadlines from any current document not yet looked at, so a document ingested by a
    process that never imported this module still counts.
    """
    zone = tz or now.tzinfo or UTC
    sync_derived(db, now)
    result: list[Deadline] = []
    for row in db.query("select * from deadlines"):
        deadline = Deadline.from_row(row)
        try:
            deadline = replace(
                deadline, due=occurrence_due(deadline, current_occurrence(deadline, now, zone))
            )
            status = deadline.status
            if status in ACTIVE:
                if deadline.is_past(now, zone):
                    status = "past"
                elif deadline.snoozed_until and _moment(deadline.snoozed_until) > now:
                    status = "snoozed"
        except (ValueError, TypeError):
            # A row edited by hand into something unreadable: shown (with --all), never fatal.
            status = "invalid"
        if not include_all and status not in (*ACTIVE, "snoozed"):
            continue
        result.append(replace(deadline, status=status))
    return sorted(result, key=lambda d: (_sort_moment(d, zone), d.id))


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _sort_moment(deadline: Deadline, tz: tzinfo) -> datetime:
    try:
        if deadline.all_day:
            return datetime.combine(deadline.due_day(), time(0), tz)
        moment = datetime.fromisoformat(deadline.due)
    except ValueError:
        moment = None
    return moment if moment and moment.tzinfo else datetime.max.replace(tzinfo=UTC)


def add_deadline(
    db: Database,
    title: str,
    when: str,
    every: str | None = None,
    leads: str | Iterable[str] | None = None,
    channel: str | None = None,
    *,
    now: datetime,
    tz: tzinfo | None = None,
) -> Deadline:
    """Add a deadline by hand: WHEN is an ISO date or a datetime with offset; nothing past."""
    clean_title = " ".join(title.split())
    if not clean_title:
        raise DeadlineError("a deadline needs a title")
    if len(clean_title) > 200:
        raise DeadlineError("the title is too long (200 characters at most)")
    due, all_day = parse_when(when, now, tz or now.tzinfo or UTC)
    recurrence = parse_recurrence(every) if every else None
    lead_times = parse_leads(leads)
    clean_channel = channel.strip() if channel else None
    if clean_channel is not None and not re.fullmatch(
        r"#?[A-Za-z0-9][A-Za-z0-9_.-]{0,79}", clean_channel
    ):
        raise DeadlineError(f"bad channel {channel!r}: give a channel ID such as C0123ABCD")
    stamp = row_stamp(now)
    deadline_id = (
        db.table("deadlines")
        .insert(
            {
                "title": clean_title,
                "due": due,
                "all_day": int(all_day),
                "precision": "day" if all_day else "datetime",
                "approximate": 0,
                "needs_confirmation": 0,
                "recurrence": recurrence,
                "lead_times": ",".join(lead_times),
                "channel": clean_channel,
                "status": "upcoming",
                "origin": "manual",
                "kind": "manual",
                "remind_from": stamp,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        .last_pk
    )
    assert deadline_id is not None  # an insert always has a rowid
    return _get(db, int(deadline_id))


def _update(db: Database, deadline_id: int, now: datetime, **values: Any) -> Deadline:
    db.table("deadlines").update(deadline_id, {**values, "updated_at": row_stamp(now)})
    return _get(db, deadline_id)


def _require_active(deadline: Deadline, verb: str) -> None:
    if deadline.status not in ACTIVE:
        raise DeadlineError(f"deadline {deadline.id} is {deadline.status}: nothing to {verb}")


def mark_done(db: Database, deadline_id: int, now: datetime, tz: tzinfo | None = None) -> Deadline:
    """Mark done; a recurring deadline rolls on to its next occurrence instead."""
    deadline = _get(db, deadline_id)
    _require_active(deadline, "mark done")
    if not deadline.recurrence:
        return _update(db, deadline_id, now, status="done", snoozed_until=None)
    zone = tz or now.tzinfo or UTC
    following = occurrence_due(deadline, current_occurrence(deadline, now, zone) + 1)
    return _update(
        db, deadline_id, now, due=following, snoozed_until=None, remind_from=row_stamp(now)
    )


def snooze(db: Database, deadline_id: int, now: datetime, days: int = 1) -> Deadline:
    """Hold this deadline's reminders for `days` days, then remind again."""
    if not 1 <= days <= 60:
        raise DeadlineError("snooze for 1 to 60 days")
    deadline = _get(db, deadline_id)
    _require_active(deadline, "snooze")
    until = (now + timedelta(days=days)).astimezone(UTC).isoformat(timespec="seconds")
    return _update(db, deadline_id, now, snoozed_until=until)


def remove(db: Database, deadline_id: int, now: datetime) -> Deadline:
    """Delete a deadline added by hand; a derived one is dismissed so re-ingesting keeps it gone."""
    deadline = _get(db, deadline_id)
    if deadline.origin == "derived":
        return dismiss(db, deadline_id, now)
    with write_transaction(db):
        db.execute("delete from reminder_deliveries where deadline_id = ?", [deadline_id])
        db.execute("delete from deadlines where id = ?", [deadline_id])
    return replace(deadline, status="removed")


def confirm(db: Database, deadline_id: int, now: datetime) -> Deadline:
    """A coordinator confirms the date: no longer approximate or awaiting confirmation."""
    deadline = _get(db, deadline_id)
    _require_active(deadline, "confirm")
    return _update(db, deadline_id, now, status="confirmed", approximate=0, needs_confirmation=0)


def move(
    db: Database, deadline_id: int, when: str, now: datetime, tz: tzinfo | None = None
) -> Deadline:
    """Give a deadline a new date or time; reminders start over for it.

    A derived deadline becomes "confirmed": a coordinator has decided its date, and a newer
    update no longer moves it. One added by hand was never in doubt: it stays "upcoming"
    (also when it was done or dismissed: moving it is tracking it again).
    """
    deadline = _get(db, deadline_id)
    if deadline.status == "superseded":
        raise DeadlineError(f"deadline {deadline_id} is superseded by a newer document")
    due, all_day = parse_when(when, now, tz or now.tzinfo or UTC)
    status = "confirmed" if deadline.origin == "derived" else "upcoming"
    return _update(
        db,
        deadline_id,
        now,
        due=due,
        all_day=int(all_day),
        precision="day" if all_day else "datetime",
        approximate=0,
        needs_confirmation=0,
        status=status,
        snoozed_until=None,
        remind_from=row_stamp(now),
    )


def dismiss(db: Database, deadline_id: int, now: datetime) -> Deadline:
    """Stop tracking a deadline; re-ingesting its document does not bring it back."""
    deadline = _get(db, deadline_id)
    if deadline.status == "dismissed":
        raise DeadlineError(f"deadline {deadline_id} is already dismissed")
    return _update(db, deadline_id, now, status="dismissed", snoozed_until=None)


def active_deadlines(db: Database) -> list[Deadline]:
    """Deadlines that can still remind (upcoming or confirmed), as stored."""
    return [
        Deadline.from_row(row)
        for row in db.query("select * from deadlines where status in ('upcoming', 'confirmed')")
    ]
