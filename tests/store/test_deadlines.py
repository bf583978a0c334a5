"""Deadline rules with time as a parameter: derivation, changes, reminder timing, the claim log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlite_utils import Database

from store import deadlines as dl
from store.calendar import render_calendar
from store.db import Store
from store.deadlines import Deadline, DeadlineError, Delivery, Reminder, due_reminders
from store.ingest import ingest_raw
from store.readers import read_source
from tests.conftest import MALI, VELORIA

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)  # a Saturday
DAY = timedelta(days=1)


def deadline(due: str = "2027-02-01", **changes: Any) -> Deadline:
    """A manual, active deadline created at NOW with the default lead times."""
    base = Deadline(
        id=1,
        title="SG report",
        due=due,
        all_day=len(due) == 10,
        precision="day" if len(due) == 10 else "datetime",
        approximate=False,
        needs_confirmation=False,
        recurrence=None,
        lead_times=dl.DEFAULT_LEADS,
        channel="C1",
        status="upcoming",
        origin="manual",
        kind="manual",
        created_at=NOW.isoformat(),
        remind_from=NOW.isoformat(),
    )
    return replace(base, **changes)


def at(day: str, hour: int = 9, minute: int = 0, tz: ZoneInfo = PARIS) -> datetime:
    """A local time."""
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=tz)


def plan(reminders: list[Reminder]) -> list[tuple[str, str, str, bool, str | None]]:
    """What the rules decided, in a comparable shape."""
    return [(r.action, r.occurrence, r.lead, r.late, r.reason) for r in reminders]


def sent(*keys: tuple[str, str], deadline_id: int = 1) -> list[Delivery]:
    """Delivery rows already sent for (occurrence, lead)."""
    return [Delivery(deadline_id, occurrence, lead, "sent") for occurrence, lead in keys]


# -- when reminders go out ------------------------------------------------------------------------


def test_date_only_reminders_go_out_at_nine_local_time_on_working_days() -> None:
    d = deadline("2027-02-01")  # a Monday
    fires = {lead: dl.fire_time(d, d.due, lead, PARIS) for lead in d.lead_times}
    assert fires == {
        "14d": at("2027-01-18"),  # Monday
        "7d": at("2027-01-25"),  # Monday
        "1d": at("2027-01-29"),  # Sunday 31 Jan → Friday 29
        "0": at("2027-02-01"),
    }


def test_a_datetime_with_offset_reminds_exactly() -> None:
    d = deadline("2027-02-06T15:30:00+01:00", lead_times=("1d", "2h", "0"))  # a Saturday
    fires = [dl.fire_time(d, d.due, lead, PARIS) for lead in d.lead_times]
    assert fires == [
        datetime(2027, 2, 5, 14, 30, tzinfo=UTC),  # no weekend shift for exact times
        datetime(2027, 2, 6, 12, 30, tzinfo=UTC),
        datetime(2027, 2, 6, 14, 30, tzinfo=UTC),
    ]


def test_nothing_is_due_before_its_time_and_each_lead_comes_once() -> None:
    d = deadline("2027-02-01")
    assert due_reminders([d], [], at("2027-01-18", 8, 59), tz=PARIS) == []
    first = due_reminders([d], [], at("2027-01-18", 9, 0), tz=PARIS)
    assert plan(first) == [("post", "2027-02-01", "14d", False, None)]
    assert due_reminders([d], sent(("2027-02-01", "14d")), at("2027-01-18", 9, 1), tz=PARIS) == []


def test_late_within_catchup_is_posted_marked_late() -> None:
    d = deadline("2027-02-01")
    reminders = due_reminders(
        [d], sent(("2027-02-01", "14d")), at("2027-01-26", 8, 0), timedelta(hours=24), PARIS
    )
    assert plan(reminders) == [("post", "2027-02-01", "7d", True, None)]
    assert reminders[0].fire_at == at("2027-01-25")


def test_older_than_catchup_is_skipped_with_a_reason() -> None:
    d = deadline("2027-02-01")
    reminders = due_reminders(
        [d], sent(("2027-02-01", "14d")), at("2027-01-27", 10, 0), timedelta(hours=24), PARIS
    )
    assert plan(reminders) == [("skip", "2027-02-01", "7d", True, "more than 1 d late")]


def test_when_a_shorter_lead_is_also_due_only_it_is_sent() -> None:
    d = deadline("2027-02-01")
    # Down since before the 7d reminder; back on Friday 29 at 09:00:30, when 1d is due.
    reminders = due_reminders(
        [d], sent(("2027-02-01", "14d")), at("2027-01-29", 9, 0) + timedelta(seconds=30),
        timedelta(days=7), PARIS,
    )  # fmt: skip
    assert plan(reminders) == [
        ("skip", "2027-02-01", "7d", True, "superseded by a shorter lead time"),
        ("post", "2027-02-01", "1d", True, None),
    ]


def test_a_longer_lead_is_not_sent_after_a_shorter_one_went_out() -> None:
    d = deadline("2027-02-01")
    retry = Delivery(1, "2027-02-01", "7d", "pending", attempts=3)  # kept failing, now free
    reminders = due_reminders(
        [d], [retry, *sent(("2027-02-01", "1d"))], at("2027-01-29", 10), timedelta(days=7), PARIS
    )
    assert plan(reminders) == [
        ("skip", "2027-02-01", "14d", True, "superseded by a later reminder already sent"),
        ("skip", "2027-02-01", "7d", True, "superseded by a later reminder already sent"),
    ]


def test_reminders_timed_before_the_deadline_existed_never_go_out() -> None:
    d = deadline("2026-12-01", remind_from=at("2026-11-25", 12).isoformat())
    # 14d (17 Nov) and 7d (24 Nov) were before it was added; 1d (30 Nov) is not.
    assert due_reminders([d], [], at("2026-11-29", 9), tz=PARIS) == []
    assert plan(due_reminders([d], [], at("2026-11-30", 9), tz=PARIS)) == [
        ("post", "2026-12-01", "1d", False, None)
    ]


def test_a_deadline_added_after_a_lead_gets_the_next_lead_still_ahead() -> None:
    # Added on 4 December for Monday 14 December: the 14-day reminder (30 Nov) went by
    # before it existed and is never sent; the 7-day one (7 Dec) is its first.
    d = deadline("2026-12-14", remind_from=at("2026-12-04", 12).isoformat())
    assert due_reminders([d], [], at("2026-12-04", 12, 1), tz=PARIS) == []
    assert due_reminders([d], [], at("2026-12-07", 8, 59), tz=PARIS) == []
    assert plan(due_reminders([d], [], at("2026-12-07", 9), tz=PARIS)) == [
        ("post", "2026-12-14", "7d", False, None)
    ]


def test_a_deadline_added_inside_its_last_lead_is_reminded_at_once() -> None:
    # Added at 15:00 for tomorrow: the 1-day reminder (today 09:00) went by before it existed,
    # and only the due-day one is ahead; the 1-day reminder goes out at once.
    added = at("2026-12-01", 15)
    d = deadline("2026-12-02", remind_from=added.isoformat())
    (now,) = due_reminders([d], [], added, tz=PARIS)
    assert (plan([now]), now.fire_at) == ([("post", "2026-12-02", "1d", False, None)], added)
    assert dl.reminder_text(now, added, PARIS).splitlines()[0] == (
        "Reminder: SG report — due Wednesday 2 December 2026 (in 1 day)."
    )
    # Once it is sent, the due-day reminder follows as usual, and says so.
    later = sent(("2026-12-02", "1d"))
    assert due_reminders([d], later, at("2026-12-02", 8, 59), tz=PARIS) == []
    (today,) = due_reminders([d], later, at("2026-12-02", 9), tz=PARIS)
    assert plan([today]) == [("post", "2026-12-02", "0", False, None)]
    assert "(today)." in dl.reminder_text(today, at("2026-12-02", 9), PARIS)


def test_a_deadline_added_on_its_day_or_hours_before_its_time_is_reminded_at_once() -> None:
    on_the_day = at("2026-12-02", 11)
    d = deadline("2026-12-02", remind_from=on_the_day.isoformat())
    (now,) = due_reminders([d], [], on_the_day, tz=PARIS)
    assert (now.lead, now.fire_at, now.late) == ("0", on_the_day, False)
    # A call at 15:00 added at 13:30 with leads 1d,2h,0: the 2-hour reminder, at once.
    added = at("2026-12-02", 13, 30)
    call = deadline(
        at("2026-12-02", 15).isoformat(), lead_times=("1d", "2h", "0"),
        remind_from=added.isoformat(),
    )  # fmt: skip
    (soon,) = due_reminders([call], [], added, tz=PARIS)
    assert (soon.lead, soon.fire_at) == ("2h", added)
    assert dl.reminder_text(soon, added, PARIS).splitlines()[0] == (
        "Reminder: SG report — due Wednesday 2 December 2026, 15:00 CET (in 2 hours)."
    )
    # Past already when added (a recurring deadline's last occurrence): nothing at once.
    gone = deadline("2026-12-01", remind_from=on_the_day.isoformat())
    assert due_reminders([gone], [], on_the_day, tz=PARIS) == []


def test_each_lead_says_how_far_away_the_deadline_is() -> None:
    d = deadline("2027-02-01")  # a Monday
    said = {}
    for lead in d.lead_times:
        fire = dl.fire_time(d, d.due, lead, PARIS)
        said[lead] = dl.describe_distance(d, fire, PARIS)
    # The 1-day reminder goes out on Friday: the Monday deadline is 3 days away.
    assert said == {"14d": "in 14 days", "7d": "in 7 days", "1d": "in 3 days", "0": "today"}
    tuesday = deadline("2027-02-02")
    friday_before = dl.fire_time(tuesday, tuesday.due, "1d", PARIS)
    assert dl.describe_distance(tuesday, friday_before, PARIS) == "in 1 day"
    call = deadline(at("2027-02-02", 15).isoformat(), lead_times=("1d", "2h", "30m", "0"))
    assert [
        dl.describe_distance(call, dl.fire_time(call, call.due, lead, PARIS), PARIS)
        for lead in call.lead_times
    ] == ["in 1 day", "in 2 hours", "in 30 minutes", "now"]
    assert dl.describe_distance(call, at("2027-02-02", 16), PARIS) == "1 hour ago"
    month = deadline("2027-03", precision="month", all_day=True)
    assert dl.describe_distance(month, at("2027-02-28"), PARIS) == "the month starts in 1 day"


def test_a_busy_delivery_is_left_alone_and_a_failed_one_waits_for_its_backoff() -> None:
    d = deadline("2027-02-01")
    now = at("2027-01-18", 9, 0) + timedelta(seconds=10)
    claimed = Delivery(1, "2027-02-01", "14d", "pending", claimed_by="other", claimed_at=_iso(now))
    assert due_reminders([d], [claimed], now, tz=PARIS) == []
    waiting = Delivery(
        1, "2027-02-01", "14d", "pending", next_attempt_at=_iso(now + timedelta(seconds=4))
    )
    assert due_reminders([d], [waiting], now, tz=PARIS) == []
    later = now + timedelta(seconds=4)
    retry = due_reminders([d], [waiting], later, tz=PARIS)
    assert plan(retry) == [("post", "2027-02-01", "14d", True, None)]
    assert retry[0].retry is True
    # A claim whose process died is taken over once it is older than CLAIM_TTL.
    assert due_reminders([d], [claimed], now + dl.CLAIM_TTL + timedelta(seconds=1), tz=PARIS)


def test_inactive_deadlines_do_not_remind() -> None:
    for status in ("done", "dismissed", "superseded"):
        d = deadline("2027-02-01", status=status)
        assert due_reminders([d], [], at("2027-02-01", 9), tz=PARIS) == []


def test_snooze_holds_reminders_then_reminds_once() -> None:
    until = at("2027-01-26", 9, 30)
    d = deadline("2027-02-01", snoozed_until=until.isoformat())
    held = due_reminders([d], sent(("2027-02-01", "14d")), at("2027-01-25", 9), tz=PARIS)
    assert plan(held) == [("skip", "2027-02-01", "7d", False, "snoozed")]
    settled = [*sent(("2027-02-01", "14d")), Delivery(1, "2027-02-01", "7d", "skipped")]
    assert due_reminders([d], settled, at("2027-01-26", 9, 29), tz=PARIS) == []
    woke = due_reminders([d], settled, at("2027-01-26", 9, 30), tz=PARIS)
    assert plan(woke) == [("post", "2027-02-01", f"snooze@{until.isoformat()}", False, None)]


def test_a_recurring_deadline_rolls_to_its_next_occurrence_once_past() -> None:
    d = deadline("2026-12-01", recurrence="3 months", lead_times=("1d", "0"))
    reminders = due_reminders([d], [], at("2027-02-26", 9), tz=PARIS)  # Friday before 1 March
    assert plan(reminders) == [
        # the bot was down all through the December occurrence: logged as skipped
        ("skip", "2026-12-01", "1d", True, "more than 1 d late"),
        ("skip", "2026-12-01", "0", True, "more than 1 d late"),
        ("post", "2027-03-01", "1d", False, None),
    ]
    assert dl.occurrence_due(d, dl.current_occurrence(d, at("2026-12-02"), PARIS)) == "2027-03-01"


def test_the_on_the_day_reminder_of_yesterdays_occurrence_is_caught_up() -> None:
    d = deadline("2026-12-01", recurrence="1 week", lead_times=("0",))
    reminders = due_reminders([d], [], at("2026-12-02", 8), timedelta(hours=24), PARIS)
    assert plan(reminders) == [("post", "2026-12-01", "0", True, None)]


def test_month_end_recurrence_clamps_to_the_last_day() -> None:
    d = deadline("2027-01-31", recurrence="1 month")
    assert [dl.occurrence_due(d, i) for i in range(4)] == [
        "2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30",
    ]  # fmt: skip


# -- parsing user input ---------------------------------------------------------------------------


def test_parse_leads_and_recurrence() -> None:
    assert dl.parse_leads(None) == ["14d", "7d", "1d", "0"]
    assert dl.parse_leads("0, 1d ,2h,1w,30m,1d") == ["1w", "1d", "2h", "30m", "0"]
    assert dl.parse_recurrence("3 months") == "3 months"
    assert dl.parse_recurrence("every 90 days") == "90 days"
    assert dl.parse_recurrence("Every three months") == "3 months"
    assert dl.parse_recurrence("quarterly") == "3 months"
    assert dl.parse_recurrence("1 week") == "1 week"


@pytest.mark.parametrize(
    ("leads", "message"),
    [
        ("3x", "bad lead time '3x': use days, hours, minutes or weeks, e.g. 14d,7d,1d,2h,0"),
        ("-1d", "bad lead time '-1d': use days, hours, minutes or weeks, e.g. 14d,7d,1d,2h,0"),
        (" , ", "no lead time given: use e.g. 14d,7d,1d,0"),
        ("400d", "lead time '400d' is longer than a year"),
    ],
)
def test_bad_leads(leads: str, message: str) -> None:
    with pytest.raises(DeadlineError) as error:
        dl.parse_leads(leads)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("2026-11-27", "2026-11-27 is in the past: give today or a later date"),
        ("2026-02-30", "'2026-02-30' is not a real date"),
        ("next week", "bad date 'next week': use an ISO 8601 date (2027-02-01) or a time "
         "with an offset (2027-02-01T15:00+01:00 or …Z)"),
        ("2027-02-01T15:00", "'2027-02-01T15:00' has no time zone: add an offset or Z, e.g. "
         "2027-02-01T15:00Z, or give just the date"),
        ("2026-11-28T09:00Z", "2026-11-28T09:00Z is in the past"),
    ],
)  # fmt: skip
def test_bad_dates(when: str, message: str) -> None:
    with pytest.raises(DeadlineError) as error:
        dl.parse_when(when, NOW, PARIS)
    assert str(error.value) == message


def test_dates_and_times_accepted() -> None:
    assert dl.parse_when("2026-11-28", NOW, PARIS) == ("2026-11-28", True)  # today is fine
    assert dl.parse_when("2027-02-01T15:00Z", NOW, PARIS) == ("2027-02-01T15:00:00+00:00", False)
    assert dl.parse_when("2027-02-01T15:00+01:00", NOW, PARIS) == (
        "2027-02-01T15:00:00+01:00",
        False,
    )
    with pytest.raises(DeadlineError, match="bad repeat 'fortnight-ish'"):
        dl.parse_recurrence("fortnight-ish")


# -- changes in the database ----------------------------------------------------------------------


def rows(db: Database, table: str) -> list[dict[str, Any]]:
    """Every row of a table, for 'nothing changed' checks."""
    return list(db.query(f"select * from {table} order by id"))


def test_add_list_and_json(store: Store) -> None:
    db = store.db
    added = dl.add_deadline(
        db, "  Input to the SG report ", "2026-12-04", every="3 months", leads="7d,0",
        channel="C0WPS", now=NOW, tz=PARIS,
    )  # fmt: skip
    timed = dl.add_deadline(db, "Call", "2026-12-01T14:00:00Z", now=NOW, tz=PARIS)
    assert [d.to_json() for d in dl.list_deadlines(db, NOW, tz=PARIS)] == [
        {
            "id": timed.id,
            "title": "Call",
            "due": "2026-12-01T14:00:00+00:00",
            "approximate": False,
            "recurrence": None,
            "lead_times": ["14d", "7d", "1d", "0"],
            "channel": None,
            "status": "upcoming",
            "source": "manual",
            "needs_confirmation": False,
            "precision": "datetime",
        },
        {
            "id": added.id,
            "title": "Input to the SG report",
            "due": "2026-12-04",
            "approximate": False,
            "recurrence": "3 months",
            "lead_times": ["7d", "0"],
            "channel": "C0WPS",
            "status": "upcoming",
            "source": "manual",
            "needs_confirmation": False,
            "precision": "day",
        },
    ]


def test_bad_input_changes_nothing(store: Store) -> None:
    db = store.db
    d = dl.add_deadline(db, "Report", "2026-12-04", now=NOW, tz=PARIS)
    before = rows(db, "deadlines")
    calls: list[tuple[Callable[[], object], str]] = [
        (lambda: dl.add_deadline(db, " ", "2026-12-04", now=NOW), "a deadline needs a title"),
        (lambda: dl.add_deadline(db, "x", "2026-12-04", leads="1y", now=NOW), "bad lead time"),
        (lambda: dl.add_deadline(db, "x", "2026-12-04", every="often", now=NOW), "bad repeat"),
        (lambda: dl.add_deadline(db, "x", "2026-12-04", channel="<!here>", now=NOW), "bad channel"),
        (lambda: dl.mark_done(db, 99, NOW), "no deadline with id 99"),
        (lambda: dl.snooze(db, d.id, NOW, days=0), "snooze for 1 to 60 days"),
        (lambda: dl.move(db, d.id, "2020-01-01", NOW), "2020-01-01 is in the past"),
    ]
    for call, message in calls:
        with pytest.raises(DeadlineError, match=message):
            call()
    assert rows(db, "deadlines") == before


def test_done_snooze_confirm_move_dismiss_remove(store: Store) -> None:
    db = store.db
    once = dl.add_deadline(db, "Once", "2026-12-04", now=NOW)
    repeat = dl.add_deadline(db, "Repeat", "2026-12-04", every="90 days", now=NOW)
    later = NOW + timedelta(hours=1)
    assert dl.mark_done(db, once.id, later).status == "done"
    with pytest.raises(DeadlineError, match=f"deadline {once.id} is done: nothing to mark done"):
        dl.mark_done(db, once.id, later)
    rolled = dl.mark_done(db, repeat.id, later, PARIS)
    assert (rolled.due, rolled.status, rolled.remind_from) == (
        "2027-03-04", "upcoming", "2026-11-28T11:00:00+00:00",
    )  # fmt: skip
    snoozed = dl.snooze(db, repeat.id, later)
    assert snoozed.snoozed_until == "2026-11-29T11:00:00+00:00"
    assert dl.list_deadlines(db, later)[0].status == "snoozed"
    moved = dl.move(db, repeat.id, "2027-03-10", later)
    # Added by hand, so never in doubt: moving it does not make it "confirmed".
    assert (moved.due, moved.status, moved.snoozed_until) == ("2027-03-10", "upcoming", None)
    assert dl.dismiss(db, repeat.id, later).status == "dismissed"
    with pytest.raises(DeadlineError, match="already dismissed"):
        dl.dismiss(db, repeat.id, later)
    assert dl.remove(db, once.id, later).status == "removed"
    assert [d.title for d in dl.list_deadlines(db, later, include_all=True)] == ["Repeat"]


# -- derivation from events -----------------------------------------------------------------------


def add_document(db: Database, source: str = "/docs/veloria.txt", country: str = "Veloria") -> int:
    """A current document row (events are inserted by each test)."""
    pk = (
        db.table("documents")
        .insert(
            {
                "source": source,
                "title": source.rsplit("/", 1)[-1],
                "sha256": source,
                "country": country,
                "ingested_at": NOW.isoformat(),
                "is_current": 1,
                "text": "",
            }
        )
        .last_pk
    )
    assert pk is not None
    return int(pk)


def add_event(db: Database, document_id: int, kind: str, date: str | None, **more: Any) -> None:
    """One event row as extraction stores it."""
    db.table("events").insert(
        {
            "document_id": document_id, "kind": kind, "title": more.pop("title", kind),
            "date": date, "precision": "day", "approximate": 0, "quote": f"{kind} quote",
            "start_offset": 0, "end_offset": 1, **more,
        }
    )  # fmt: skip


def summary(db: Database, now: datetime = NOW, include_all: bool = False) -> list[tuple[Any, ...]]:
    """(title, due, approximate, needs_confirmation, status, quote) of each listed deadline."""
    return [
        (d.title, d.due, d.approximate, d.needs_confirmation, d.status, d.source_quote)
        for d in dl.list_deadlines(db, now, include_all=include_all, tz=PARIS)
    ]


def test_last_report_plus_cadence_when_no_due_date_is_stated(store: Store) -> None:
    db = store.db
    doc = add_document(db, "/docs/mali.txt", "Mali")
    add_event(db, doc, "report", "2016-05-31")
    add_event(db, doc, "cadence", None, cadence="3 months")
    add_event(db, doc, "meeting", "2016-02-29")
    add_event(db, doc, "reconvene", "2016-08-29", approximate=1, anchor_date="2016-02-29")
    dl.sync_derived(db, NOW)
    assert summary(db, include_all=True) == [
        ("Informal Expert Group meets again on Mali", "2016-08-29", True, True, "past",
         "reconvene quote"),
        ("Next Secretary-General report on Mali due (estimated: last report + 3 months)",
         "2016-08-31", True, True, "past", "cadence quote … report quote"),
    ]  # fmt: skip
    assert summary(db) == []


def test_reingesting_updates_sources_and_never_resurrects_a_dismissed_deadline(
    store: Store,
) -> None:
    db = store.db
    doc = add_document(db)
    add_event(db, doc, "report_due", "2027-02-01")
    add_event(db, doc, "elections", "2027-05-14", title="Legislative elections")
    dl.derive_from_document(db, doc, NOW)
    report, elections = dl.list_deadlines(db, NOW)
    dl.dismiss(db, elections.id, NOW)
    dl.move(db, report.id, "2027-02-03", NOW)
    dl.derive_from_document(db, doc, NOW + DAY)  # the same document again
    assert summary(db, include_all=True) == [
        ("Next Secretary-General report on Veloria due", "2027-02-03", False, False,
         "confirmed", "report_due quote"),
        ("Legislative elections (Veloria)", "2027-05-14", False, False, "dismissed",
         "elections quote"),
    ]  # fmt: skip
    assert len(rows(db, "deadlines")) == 2


def test_a_new_version_that_drops_an_event_supersedes_its_deadline(store: Store) -> None:
    db = store.db
    old = add_document(db)
    add_event(db, old, "visit", "2027-03", title="Council visit")
    add_event(db, old, "elections", "2027-05-14", title="Legislative elections")
    dl.derive_from_document(db, old, NOW)
    db.table("documents").update(old, {"is_current": 0})
    new = add_document(db)
    add_event(db, new, "elections", "2027-05-14", title="Legislative elections")
    dl.derive_from_document(db, new, NOW)
    assert summary(db, include_all=True) == [
        ("Council visit (Veloria)", "2027-03", True, True, "superseded", "visit quote"),
        ("Legislative elections (Veloria)", "2027-05-14", False, False, "upcoming",
         "elections quote"),
    ]  # fmt: skip
    assert [d.document_id for d in dl.list_deadlines(db, NOW)] == [new]


def test_veloria_sample_end_to_end(store: Store) -> None:
    """The issue's 'done when': the four Veloria dates, each with its source sentence."""
    db = store.db
    ingest_raw(db, read_source(str(VELORIA)), NOW)
    due = {d.due: d.to_json() for d in dl.list_deadlines(db, NOW, tz=PARIS)}
    report_sentence = (
        "The most recent report was issued on 3 November 2026; the next report is due on "
        "1 February 2027 and the Council will consider it in a briefing on 18 February 2027."
    )
    assert due["2027-02-01"]["title"] == "Next Secretary-General report on Veloria due"
    assert due["2027-02-01"]["source"] == {
        "quote": report_sentence,
        "document": "veloria-sample-2027.txt",
    }
    assert due["2027-02-18"]["source"]["quote"] == report_sentence
    assert "briefing" in due["2027-02-18"]["title"].lower()
    assert due["2027-05-14"]["source"]["quote"] == (
        "Legislative elections are scheduled for 14 May 2027."
    )
    reconvene = due["2027-02-12"]
    assert (reconvene["approximate"], reconvene["needs_confirmation"]) == (True, True)
    assert reconvene["source"]["quote"] == "The Group agreed to meet again in about four months."
    assert all(d["status"] == "upcoming" for d in due.values())


def test_mali_sample_deadlines_are_all_past(store: Store) -> None:
    db = store.db
    ingest_raw(db, read_source(str(MALI)), NOW)
    assert dl.list_deadlines(db, NOW) == []
    everything = dl.list_deadlines(db, NOW, include_all=True)
    assert everything and {d.status for d in everything} == {"past"}
    reconvene = [d for d in everything if d.kind == "ieg-reconvene"]
    assert [(d.due, d.approximate) for d in reconvene] == [("2016-08-29", True)]
    # Derived long after the fact: none of their reminders is due, not even as skipped.
    assert due_reminders(dl.active_deadlines(db), [], NOW, tz=PARIS) == []


def test_derivation_runs_inside_ingest_once_the_module_is_imported(store: Store) -> None:
    db = store.db
    result = ingest_raw(db, read_source(str(VELORIA)), NOW)
    derived = list(db.query("select document_id from deadline_derivations"))
    assert derived == [{"document_id": result.document_id}]
    assert dl.sync_derived(db, NOW) == 0


# -- the delivery log -----------------------------------------------------------------------------


def test_claim_before_post_lets_one_process_win(tmp_path: Any) -> None:
    path = tmp_path / "shared.db"
    one, two = Store(path), Store(path)  # two processes' connections to one file
    d = dl.add_deadline(one.db, "Report", "2026-12-01T10:00:00Z", leads="0", now=NOW)
    now = datetime(2026, 12, 1, 10, 0, 0, tzinfo=UTC)
    (reminder,) = due_reminders(dl.active_deadlines(one.db), [], now)
    assert dl.claim(one.db, reminder, "one", now, "C1") is True
    assert dl.claim(two.db, reminder, "two", now, "C1") is False
    retry_at = dl.mark_failed(one.db, reminder, "one", now, "SlackApiError: ratelimited")
    assert retry_at == now + timedelta(seconds=2)
    log = dl.load_deliveries(two.db, [d.id])
    assert due_reminders(dl.active_deadlines(two.db), log, now + timedelta(seconds=1)) == []
    (again,) = due_reminders(dl.active_deadlines(two.db), log, retry_at)
    assert again.retry is True
    assert dl.claim(two.db, again, "two", retry_at, "C1") is True
    assert dl.claim(one.db, again, "one", retry_at, "C1") is False
    dl.mark_sent(two.db, again, "two", retry_at, "1700000000.000001")
    (row,) = rows(one.db, "reminder_deliveries")
    assert {k: row[k] for k in ("status", "claimed_by", "attempts", "slack_ts", "last_error")} == {
        "status": "sent",
        "claimed_by": "two",
        "attempts": 2,
        "slack_ts": "1700000000.000001",
        "last_error": None,
    }
    assert due_reminders(dl.active_deadlines(one.db), dl.load_deliveries(one.db), retry_at) == []


def test_record_skip_is_logged_once(store: Store) -> None:
    db = store.db
    dl.add_deadline(db, "Report", "2026-12-01T10:00:00Z", leads="0", now=NOW)
    (reminder,) = due_reminders(dl.active_deadlines(db), [], datetime(2026, 12, 3, tzinfo=UTC))
    assert reminder.action == "skip"
    assert dl.record_skip(db, reminder, NOW) is True
    assert dl.record_skip(db, reminder, NOW) is False


def test_moving_a_manual_deadline_does_not_mark_it_confirmed(store: Store) -> None:
    db = store.db
    manual = dl.add_deadline(db, "Input to the SG report", "2027-01-20", now=NOW)
    moved = dl.move(db, manual.id, "2027-01-27", NOW, PARIS)
    assert (moved.due, moved.status, moved.origin) == ("2027-01-27", "upcoming", "manual")
    doc = add_document(db)
    add_event(db, doc, "reconvene", "2027-02-12", approximate=1, anchor_date="2026-10-12")
    dl.sync_derived(db, NOW)
    (derived,) = [d for d in dl.list_deadlines(db, NOW, tz=PARIS) if d.origin == "derived"]
    # A derived date a coordinator moved is decided: confirmed, and a newer update leaves it.
    moved = dl.move(db, derived.id, "2027-02-15", NOW, PARIS)
    assert (moved.status, moved.approximate, moved.needs_confirmation) == (
        "confirmed", False, False,
    )  # fmt: skip


def test_an_exact_reconvening_date_is_not_to_confirm(store: Store) -> None:
    db = store.db
    doc = add_document(db)
    add_event(db, doc, "reconvene", "2027-03-15", quote="The group agreed to reconvene on 15 "
              "March 2027.", anchor_date="2027-01-10")  # fmt: skip
    other = add_document(db, "/docs/tarsis.txt", "Tarsis")
    add_event(db, other, "reconvene", "2027-04-10", approximate=1, anchor_date="2026-10-10")
    dl.sync_derived(db, NOW)
    assert [(t, due, approx, confirm) for t, due, approx, confirm, *_ in summary(db)] == [
        ("Informal Expert Group meets again on Veloria", "2027-03-15", False, False),
        ("Informal Expert Group meets again on Tarsis", "2027-04-10", True, True),
    ]


def test_reminder_text(store: Store) -> None:
    db = store.db
    doc = add_document(db)
    add_event(db, doc, "reconvene", "2027-02-12", approximate=1, anchor_date="2026-10-12")
    dl.sync_derived(db, NOW)
    (reminder,) = due_reminders(dl.active_deadlines(db), [], at("2027-01-29", 9, 10), tz=PARIS)
    assert dl.reminder_text(reminder, at("2027-01-29", 9, 10), PARIS) == (
        "Reminder: Informal Expert Group meets again on Veloria — due about Friday 12 February "
        "2027 (in 14 days).\n"
        "(Late: this reminder was due 2027-01-29 09:00.)\n"
        "The date is approximate: a coordinator should confirm or move it.\n"
        "Source: “reconvene quote” — veloria.txt"
    )


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def test_impossible_or_vague_event_dates_make_no_deadline(store: Store) -> None:
    db = store.db
    doc = add_document(db)
    add_event(db, doc, "elections", "2027-02-30")
    add_event(db, doc, "visit", "2027")
    add_event(db, doc, "briefing", None)
    add_event(db, doc, "elections", "2027-13")
    dl.sync_derived(db, NOW)
    assert rows(db, "deadlines") == []
    assert [r["document_id"] for r in rows_of(db, "deadline_derivations")] == [doc]


def rows_of(db: Database, table: str) -> list[dict[str, Any]]:
    """Every row of a table without an id column."""
    return list(db.query(f"select * from {table}"))


def test_a_month_precise_deadline_counts_to_the_first_of_the_month(store: Store) -> None:
    db = store.db
    doc = add_document(db)
    add_event(db, doc, "visit", "2027-03", title="Council visit to Port-Aurel")
    dl.sync_derived(db, NOW)
    (reminder,) = due_reminders(dl.active_deadlines(db), [], at("2027-02-15", 9), tz=PARIS)
    assert (reminder.lead, reminder.fire_at) == ("14d", at("2027-02-15"))
    assert dl.reminder_text(reminder, at("2027-02-15", 9), PARIS).splitlines()[0] == (
        "Reminder: Council visit to Port-Aurel (Veloria) — due about March 2027 "
        "(the month starts in 14 days)."
    )
    march = reminder.deadline
    assert [
        dl.describe_days_left(march, at(day), PARIS) for day in ("2027-03-20", "2027-04-01")
    ] == [
        "this month",
        "past",
    ]


def test_a_failing_derivation_never_loses_the_ingested_document(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    db = store.db
    db.execute(
        "create trigger refuse before insert on deadlines "
        "begin select raise(abort, 'deadlines are read-only today'); end"
    )
    result = ingest_raw(db, read_source(str(VELORIA)), NOW)
    assert result.status == "added" and result.events > 0
    assert rows(db, "deadlines") == []
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
        f"could not derive deadlines from document {result.document_id}"
    ]
    db.execute("drop trigger refuse")
    assert dl.sync_derived(db, NOW) == 1  # the next look derives it
    assert len(dl.list_deadlines(db, NOW)) == 5


def test_rows_edited_into_nonsense_are_listed_as_invalid_and_left_out_of_the_calendar(
    store: Store,
) -> None:
    db = store.db
    words = dl.add_deadline(db, "Words", "2026-12-04", now=NOW)
    naive = dl.add_deadline(db, "Naive", "2026-12-04T10:00Z", now=NOW)
    dl.add_deadline(db, "Fine", "2026-12-05", now=NOW)
    db.table("deadlines").update(words.id, {"due": "next Tuesday"})
    db.table("deadlines").update(naive.id, {"due": "2026-12-04T10:00"})
    assert [(d.title, d.status) for d in dl.list_deadlines(db, NOW)] == [("Fine", "upcoming")]
    assert [(d.title, d.status) for d in dl.list_deadlines(db, NOW, include_all=True)] == [
        ("Fine", "upcoming"),
        ("Words", "invalid"),
        ("Naive", "invalid"),
    ]
    assert render_calendar(db, NOW).decode().count("BEGIN:VEVENT") == 1
