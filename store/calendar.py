"""Deadlines as an iCalendar feed, for Outlook or Google Calendar subscriptions.

By default the feed holds what is still ahead: upcoming, confirmed and snoozed deadlines, a
repeating one from its current occurrence on. `include_all` adds the past, done, dismissed and
superseded ones (the last two as cancelled). Each event is what a client needs to act on it:
the date the reminders count to, "(date to confirm)" in the title while the date is not
certain, the source sentence and a link to the source document in DESCRIPTION.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from icalendar import Calendar, Event
from sqlite_utils import Database

from store.deadlines import (
    ACTIVE,
    Deadline,
    current_occurrence,
    describe_due,
    occurrence_due,
    sync_derived,
)
from store.deadlines.model import repeat_of, series_start

TO_CONFIRM = " (date to confirm)"
CANCELLED = ("dismissed", "superseded")


def render_calendar(
    db: Database, now: datetime, *, include_all: bool = False, tz: tzinfo = UTC
) -> bytes:
    """The deadlines as an .ics file: those still ahead, or every one with `include_all`."""
    sync_derived(db, now)
    cal = Calendar()
    cal.add("prodid", "-//wpsbot//WPS deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "WPS deadlines")
    rows = db.query(
        "select dl.*, doc.source as document_source from deadlines dl"
        " left join documents doc on doc.id = dl.document_id order by dl.due, dl.id"
    )
    for row in rows:
        try:
            stored = Deadline.from_row(row)
            shown = _shown(stored, now, tz, include_all)
            if shown is not None:
                cal.add_component(_event(stored, shown, now, tz, row["document_source"]))
        except (ValueError, TypeError, KeyError):
            continue  # a row edited by hand into nonsense: left out rather than breaking the feed
    return bytes(cal.to_ical())


def _shown(stored: Deadline, now: datetime, tz: tzinfo, include_all: bool) -> Deadline | None:
    """The deadline as the feed shows it (a repeating one at its current occurrence), or None
    when it is left out: not still ahead, and not `include_all`."""
    if include_all:
        return stored  # the whole series from its first date, past ones too
    if stored.status not in ACTIVE:
        return None
    current = replace(stored, due=occurrence_due(stored, current_occurrence(stored, now, tz)))
    return None if current.is_past(now, tz) else current


def _event(
    stored: Deadline, shown: Deadline, now: datetime, tz: tzinfo, source: str | None
) -> Event:
    event = Event()
    event.add("uid", f"deadline-{stored.id}@wpsbot")
    event.add("dtstamp", now.astimezone(UTC))
    uncertain = stored.approximate or stored.needs_confirmation
    event.add("summary", stored.title + (TO_CONFIRM if uncertain else ""))
    if stored.all_day:
        # A month-precise date ("elections in November 2016") is one day, the first of the
        # month, which its reminders count to: not a month-long block across the calendar.
        event.add("dtstart", shown.due_day())
        event.add("dtend", shown.due_day() + timedelta(days=1))
    else:
        moment = datetime.fromisoformat(shown.due)
        if moment.tzinfo is None:
            raise ValueError(f"deadline {stored.id}: a time without a time zone")
        event.add("dtstart", moment.astimezone(UTC))
    if stored.recurrence:
        event.add("rrule", recurrence_rule(stored))
    if stored.status in CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "TENTATIVE" if uncertain else "CONFIRMED")
    event.add("categories", [stored.kind])
    link = source if source and source.startswith(("https://", "http://")) else None
    if link:
        event.add("url", link)
    event.add("description", _description(stored, shown, tz, link))
    return event


def _description(stored: Deadline, shown: Deadline, tz: tzinfo, link: str | None) -> str:
    lines = [f"Due {'about ' if stored.approximate else ''}{describe_due(shown, tz)}."]
    if stored.precision == "month":
        lines.append(f"Only the month is known: the reminders count to {shown.due_day():%d %B %Y}.")
    if stored.needs_confirmation:
        lines.append("The date is approximate: a coordinator should confirm or move it.")
    if stored.origin == "derived" and stored.source_quote:
        lines.append(f"Source: “{stored.source_quote}” — {stored.source_document}")
        if link:
            lines.append(link)
    else:
        lines.append("Added by hand.")
    if stored.status not in ACTIVE:
        lines.append(f"Status: {stored.status}.")
    lines.append(f"In Slack: /wps deadlines; /wps deadline done|snooze|confirm|move {stored.id}.")
    return "\n".join(lines)


def recurrence_rule(deadline: Deadline) -> dict[str, Any]:
    """The RRULE of a repeating deadline: the very rule its reminders expand
    (store.chrono.Repeat, counted from its due date; a time by its UTC day)."""
    repeat = repeat_of(deadline)
    if repeat is None:
        raise ValueError(f"deadline {deadline.id} does not repeat")
    return repeat.rule(series_start(deadline))
