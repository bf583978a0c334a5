"""Deadlines as an iCalendar feed, for Outlook or Google Calendar subscriptions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event
from sqlite_utils import Database

from store.deadlines import Deadline, sync_derived

SHOWN = ("upcoming", "confirmed", "done")  # dismissed and superseded ones leave the calendar
_FREQ = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"}


def render_calendar(db: Database, now: datetime) -> bytes:
    """Every tracked deadline (past ones too) as an .ics file; recurring ones with an RRULE."""
    sync_derived(db, now)
    cal = Calendar()
    cal.add("prodid", "-//wpsbot//WPS deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "WPS deadlines")
    placeholders = ",".join("?" for _ in SHOWN)
    rows = db.query(
        f"select * from deadlines where status in ({placeholders}) order by due, id", SHOWN
    )
    for row in rows:
        try:
            cal.add_component(_event(Deadline.from_row(row), now))
        except (ValueError, TypeError):
            continue  # a row edited by hand into nonsense: left out rather than breaking the feed
    return bytes(cal.to_ical())


def _event(deadline: Deadline, now: datetime) -> Event:
    event = Event()
    event.add("uid", f"deadline-{deadline.id}@wpsbot")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("summary", ("≈ " if deadline.approximate else "") + deadline.title)
    if deadline.precision == "month":
        start = deadline.due_day()
        event.add("dtstart", start)
        event.add("dtend", _next_month(start))  # the whole month: the day is not known yet
    elif deadline.all_day:
        event.add("dtstart", deadline.due_day())
        event.add("dtend", deadline.due_day() + timedelta(days=1))
    else:
        moment = datetime.fromisoformat(deadline.due)
        if moment.tzinfo is None:
            raise ValueError(f"deadline {deadline.id}: a time without a time zone")
        event.add("dtstart", moment.astimezone(UTC))
    if deadline.recurrence:
        count, unit = deadline.recurrence.split()
        event.add("rrule", {"freq": _FREQ[unit.rstrip("s")], "interval": int(count)})
    tentative = deadline.approximate or deadline.needs_confirmation
    event.add("status", "TENTATIVE" if tentative else "CONFIRMED")
    event.add("categories", [deadline.kind])
    lines = []
    if deadline.needs_confirmation:
        lines.append("Approximate date: a coordinator should confirm it.")
    if deadline.origin == "derived" and deadline.source_quote:
        lines.append(f"“{deadline.source_quote}” — {deadline.source_document}")
    else:
        lines.append("Added by hand.")
    if deadline.status == "done":
        lines.append("Done.")
    event.add("description", "\n".join(lines))
    return event


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)
