"""The deadlines calendar read back as a client reads it: parsed with icalendar, its repeats
expanded with dateutil, and compared with what the reminders do."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar
from sqlite_utils import Database

from store import deadlines as dl
from store.calendar import render_calendar
from store.db import Store

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


def events(db: Database, now: datetime = NOW, **options: Any) -> dict[str, Any]:
    """The feed's VEVENTs by summary, parsed as a calendar client parses them."""
    calendar = Calendar.from_ical(render_calendar(db, now, tz=PARIS, **options))
    assert calendar["version"] == "2.0" and calendar["prodid"] == "-//wpsbot//WPS deadlines//EN"
    found = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    assert len(found) == len(calendar.walk("VEVENT"))  # one event per deadline
    return found


def add_document(db: Database, source: str, country: str = "Veloria") -> int:
    pk = db.table("documents").insert(
        {"source": source, "title": source.rsplit("/", 1)[-1], "sha256": source,
         "country": country, "ingested_at": NOW.isoformat(), "is_current": 1, "text": ""}
    ).last_pk  # fmt: skip
    assert pk is not None
    return int(pk)


def add_event(db: Database, document_id: int, kind: str, date: str, **more: Any) -> None:
    db.table("events").insert(
        {"document_id": document_id, "kind": kind, "title": more.pop("title", kind),
         "date": date, "precision": "day", "approximate": 0, "start_offset": 0,
         "end_offset": 1, **more}
    )  # fmt: skip


def test_past_done_and_dismissed_deadlines_are_left_out_unless_all(store: Store) -> None:
    db = store.db
    dl.add_deadline(db, "Ahead", "2026-12-10", now=NOW)
    done = dl.add_deadline(db, "Done", "2026-12-11", now=NOW)
    dismissed = dl.add_deadline(db, "Dismissed", "2026-12-12", now=NOW)
    dl.add_deadline(db, "Over by now", "2026-11-30", now=NOW)
    dl.add_deadline(db, "Weekly call", "2026-11-30T14:00Z", every="1 week", now=NOW)
    dl.mark_done(db, done.id, NOW)
    dl.dismiss(db, dismissed.id, NOW)
    later = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
    ahead = events(db, later)
    assert sorted(ahead) == ["Ahead", "Weekly call"]
    # The repeating call starts from its current occurrence, not from its past ones.
    assert ahead["Weekly call"].decoded("dtstart") == datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
    every = events(db, later, include_all=True)
    assert sorted(every) == ["Ahead", "Dismissed", "Done", "Over by now", "Weekly call"]
    assert str(every["Dismissed"]["status"]) == "CANCELLED"
    assert "Status: done." in str(every["Done"]["description"])
    assert every["Weekly call"].decoded("dtstart") == datetime(2026, 11, 30, 14, 0, tzinfo=UTC)


def test_a_month_precise_deadline_is_one_day_to_confirm_with_its_source_and_link(
    store: Store,
) -> None:
    db = store.db
    doc = add_document(db, "https://reliefweb.example/veloria-2027.txt")
    quote = (
        "Members could raise the 35 per cent quota when the Council visits Port-Aurel in "
        "March 2027."
    )
    add_event(db, doc, "visit", "2027-03", precision="month", quote=quote,
              title="Security Council visit to Port-Aurel")  # fmt: skip
    add_event(db, doc, "elections", "2027-05-14", quote="Legislative elections are scheduled "
              "for 14 May 2027.", title="Legislative elections")  # fmt: skip
    found = events(db)
    visit = found["Security Council visit to Port-Aurel (Veloria) (date to confirm)"]
    # Not a month-long block: the day the reminders count to, all day.
    assert (visit.decoded("dtstart"), visit.decoded("dtend")) == (
        date(2027, 3, 1), date(2027, 3, 2),
    )  # fmt: skip
    assert str(visit["status"]) == "TENTATIVE"
    assert str(visit["url"]) == "https://reliefweb.example/veloria-2027.txt"
    assert str(visit["description"]) == (
        "Due about March 2027.\n"
        "Only the month is known: the reminders count to 01 March 2027.\n"
        "The date is approximate: a coordinator should confirm or move it.\n"
        f"Source: “{quote}” — veloria-2027.txt\n"
        "https://reliefweb.example/veloria-2027.txt\n"
        "In Slack: /wps deadlines; /wps deadline done|snooze|confirm|move 1."
    )
    on_the_day = datetime(2027, 3, 1, 8, tzinfo=UTC)
    (reminder,) = [
        r
        for r in dl.due_reminders(dl.active_deadlines(db), [], on_the_day, tz=PARIS)
        if r.deadline.id == 1 and r.action == "post"
    ]
    assert (reminder.lead, reminder.fire_at.date()) == ("0", visit.decoded("dtstart"))
    # An exact date is neither "to confirm" nor tentative.
    elections = found["Legislative elections (Veloria)"]
    assert (str(elections["status"]), elections.decoded("dtstart")) == (
        "CONFIRMED", date(2027, 5, 14),
    )  # fmt: skip


def test_a_deadline_added_by_hand_has_no_source_and_says_how_to_act_on_it(store: Store) -> None:
    db = store.db
    dl.add_deadline(db, "IEG call", "2026-12-01T14:00:00Z", now=NOW)
    (call,) = events(db).values()
    assert call.decoded("dtstart") == datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
    assert "dtend" not in call and "url" not in call
    assert str(call["uid"]) == "deadline-1@wpsbot"
    assert str(call["description"]) == (
        "Due Tuesday 1 December 2026, 15:00 CET.\nAdded by hand.\n"
        "In Slack: /wps deadlines; /wps deadline done|snooze|confirm|move 1."
    )


@pytest.mark.parametrize(
    ("when", "every"),
    [
        ("2027-01-31", "1 month"),  # 28 Feb, 31 Mar, 30 Apr: a plain BYMONTHDAY=31 skips Feb
        ("2027-01-30", "1 month"),
        ("2027-08-29", "3 months"),  # 29 Nov, then 29 Feb 2028: a leap year
        ("2028-02-29", "1 year"),  # 28 Feb in the years between
        ("2027-01-15", "1 month"),
        ("2027-01-20", "90 days"),
        ("2026-12-03", "2 weeks"),
        ("2027-01-31T16:00:00+00:00", "1 month"),
        ("2026-12-01T09:30:00+01:00", "1 week"),
    ],
)
def test_a_clients_expansion_of_the_repeat_agrees_with_the_reminders(
    store: Store, when: str, every: str
) -> None:
    db = store.db
    added = dl.add_deadline(db, "Repeat", when, every=every, now=NOW)
    feeds = {"ahead": events(db), "all": events(db, include_all=True)}
    for event in feeds.values():
        start = event["Repeat"].decoded("dtstart")
        rule = event["Repeat"]["rrule"].to_ical().decode()
        first = start if isinstance(start, datetime) else datetime.combine(start, time())
        expanded = list(islice(rrulestr(rule, dtstart=first), 24))
        client = [m if isinstance(start, datetime) else m.date() for m in expanded]
        # What the reminders go by: each occurrence's due date or time.
        reminders = [_due(replace(added, due=dl.occurrence_due(added, i))) for i in range(24)]
        assert client == reminders, rule
    # ...and the reminders of those occurrences fire on those days.
    stored = dl.get_deadline(db, added.id)
    moments = [_due(replace(stored, due=dl.occurrence_due(stored, i))) for i in range(6)]
    for index, moment in enumerate(moments):
        occurrence = dl.occurrence_due(stored, index)
        at = (
            datetime.combine(moment, time(12), UTC)
            if isinstance(moment, date) and not isinstance(moment, datetime)
            else moment
        )
        due = dl.due_reminders([stored], [], at, timedelta(days=400), PARIS)
        assert any(r.occurrence == occurrence and r.lead == "0" for r in due), (index, due)


def _due(deadline: dl.Deadline) -> date | datetime:
    if deadline.all_day:
        return deadline.due_day()
    return datetime.fromisoformat(deadline.due).astimezone(UTC)
