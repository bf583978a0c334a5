"""Time and quantities in one place (store/chrono.py): number words, spans, short durations,
month arithmetic and repeats — and the reminders and the calendar feed agreeing on a repeat."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import islice

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from store import chrono
from store import deadlines as dl
from store.calendar import render_calendar
from store.chrono import Repeat, Span
from store.db import Store


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("six", 6),
        ("four", 4),
        ("twenty-four", 24),
        ("ninety", 90),
        ("one hundred", 100),
        ("four hundred and twenty-seven", 427),
        ("quatre", 4),
        ("dix-sept", 17),
        ("soixante-dix", 70),
        ("quatre-vingts", 80),
        ("quatre-vingt-dix", 90),
        ("vingt et un", 21),
        ("90", 90),
        ("a", 1),
        ("none", 0),
        ("several", None),
    ],
)
def test_parse_count(word: str, value: int | None) -> None:
    assert chrono.parse_count(word) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 months", Span(3, "months")),
        ("3months", Span(3, "months")),
        ("90 days", Span(90, "days")),
        ("1 year", Span(1, "years")),
        ("two weeks", Span(2, "weeks")),
        ("Every three months", Span(3, "months")),
        ("every 90 days", Span(90, "days")),
        ("every month", Span(1, "months")),
        ("week", Span(1, "weeks")),
        ("quarterly", Span(3, "months")),
        ("fortnightly", Span(2, "weeks")),
        ("on a quarterly basis", Span(3, "months")),
        ("tous les trois mois", Span(3, "months")),
        ("chaque semaine", Span(1, "weeks")),
        ("trimestrielles", Span(3, "months")),
        ("semi-annually", Span(6, "months")),
        ("quatre-vingt-dix jours", Span(90, "days")),
    ],
)
def test_parse_span(text: str, expected: Span) -> None:
    assert chrono.parse_span(text) == expected


@pytest.mark.parametrize(
    "text", ["", "soon", "the annual report", "three", "0 days", "fortnight-ish"]
)
def test_parse_span_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        chrono.parse_span(text)


def test_a_span_is_written_as_it_is_stored_and_moves_a_date_by_the_calendar() -> None:
    assert [Span(1, "years").text, Span(3, "months").text, Span(1, "days").text] == [
        "1 year",
        "3 months",
        "1 day",
    ]
    assert Span(6, "months").after(date(2016, 2, 29)) == date(2016, 8, 29)
    assert Span(4, "months").after(date(2026, 10, 12)) == date(2027, 2, 12)
    assert Span(6, "months").after(date(2016, 8, 31)) == date(2017, 2, 28)
    assert Span(1, "years").after(date(2016, 2, 29)) == date(2017, 2, 28)
    assert Span(90, "days").after(date(2026, 11, 3)) == date(2027, 2, 1)
    assert Span(2, "weeks").after(date(2026, 11, 3)) == date(2026, 11, 17)
    assert Span(1, "months").after(date(2027, 1, 31), times=2) == date(2027, 3, 31)


def test_month_lengths_follow_the_gregorian_rule() -> None:
    assert [chrono.days_in_month(y, 2) for y in (2016, 2017, 2000, 2100)] == [29, 28, 29, 28]
    assert chrono.month_end(date(2027, 4, 3)) == date(2027, 4, 30)


@pytest.mark.parametrize(
    ("text", "units", "bare", "seconds"),
    [
        ("24h", "dhms", True, 86_400),
        ("90m", "dhms", True, 5_400),
        ("3600", "dhms", True, 3_600),
        ("2d", "dhms", True, 172_800),
        (" 30s ", "dhms", True, 30),
        ("1w", "wdhm", False, 604_800),
        ("0", "wdhm", False, 0),
        ("14 D", "wdhm", False, 1_209_600),
    ],
)
def test_short_durations(text: str, units: str, bare: bool, seconds: int) -> None:
    assert chrono.parse_short_duration(text, units, bare=bare) == timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("text", "units", "bare"),
    [("1w", "dhms", True), ("5", "wdhm", False), ("-1d", "wdhm", False), ("3x", "wdhms", True)],
)
def test_short_durations_rejected(text: str, units: str, bare: bool) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        chrono.parse_short_duration(text, units, bare=bare)


def test_a_repeat_clamps_to_the_month_end_and_comes_back() -> None:
    monthly = Repeat.parse("1 month")
    assert list(islice(monthly.occurrences(date(2027, 1, 31)), 4)) == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
    ]
    yearly = Repeat.parse("1 year")
    assert [yearly.occurrence(date(2028, 2, 29), i) for i in (0, 1, 4)] == [
        date(2028, 2, 29),
        date(2029, 2, 28),
        date(2032, 2, 29),
    ]
    assert monthly.rule(date(2027, 1, 31)) == {
        "freq": "MONTHLY",
        "interval": 1,
        "bymonthday": [28, 29, 30, 31],
        "bysetpos": -1,
    }
    assert Repeat.parse("2 weeks").rule(date(2027, 1, 31)) == {"freq": "WEEKLY", "interval": 2}


def test_a_repeating_time_counts_its_utc_day_and_keeps_its_offset() -> None:
    first = datetime.fromisoformat("2027-01-30T22:00:00-05:00")  # 31 January in UTC
    monthly = Repeat.parse("1 month")
    assert [monthly.occurrence(first, i).isoformat() for i in (1, 2)] == [
        "2027-02-27T22:00:00-05:00",  # 28 February, 03:00 UTC
        "2027-03-30T22:00:00-05:00",
    ]


NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("when", ["2027-01-31", "2027-01-31T16:30:00+00:00"])
def test_reminders_and_calendar_feed_agree_over_two_years_of_a_31st(
    store: Store, when: str
) -> None:
    """A deadline on the 31st, every month: the feed's RRULE, expanded as a client does
    (dateutil's rrulestr), names the very days the reminders go by, for 24 months — and the
    due-day reminder of each of those occurrences fires on that day."""
    db = store.db
    added = dl.add_deadline(db, "Monthly return", when, every="1 month", leads="0", now=NOW)
    feed = Calendar.from_ical(render_calendar(db, NOW, include_all=True))
    (event,) = feed.walk("VEVENT")
    start = event.decoded("dtstart")
    first = start if isinstance(start, datetime) else datetime.combine(start, time())
    raw = event["rrule"].to_ical()
    rule = raw.decode() if isinstance(raw, bytes) else str(raw)
    client = [
        m if isinstance(start, datetime) else m.date()
        for m in islice(rrulestr(rule, dtstart=first), 24)
    ]
    ours = [dl.occurrence_due(added, i) for i in range(24)]
    if added.all_day:
        assert client == [date.fromisoformat(due) for due in ours]
        assert [d.day for d in client[:3]] == [31, 28, 31]
    else:
        assert client == [datetime.fromisoformat(due).astimezone(UTC) for due in ours]
    assert len({(d.year, d.month) for d in client}) == 24  # no month skipped, none twice
    for index, due in enumerate(ours):
        day = date.fromisoformat(due[:10])
        # The reminder of that occurrence goes out on the day (09:00 for a date, or, at a
        # weekend, the Friday before): ask on the due day itself, at 17:00 UTC.
        at = datetime.combine(day, time(17), UTC)
        fired = dl.due_reminders([added], [], at, timedelta(days=3), UTC)
        assert [r.occurrence for r in fired if r.action == "post"] == [due], (index, due)
