"""Deadlines' own words: lead times, repeats and due dates as a coordinator types them."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo

from store.deadlines.constants import DEFAULT_LEADS, MAX_LEAD, DeadlineError

_LEAD = re.compile(r"^(\d{1,7})\s*([wdhm])$")  # a year is 525,600 minutes: seven digits
_LEAD_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}


def parse_lead(text: str) -> timedelta:
    """'14d', '7d', '2h', '30m', '1w' or '0' as a timedelta (how long before the due time)."""
    cleaned = text.strip().lower()
    if cleaned == "0":
        return timedelta(0)
    match = _LEAD.match(cleaned)
    if not match and re.fullmatch(r"\d+\s*[wdhm]", cleaned):
        raise DeadlineError(f"lead time {text.strip()!r} is longer than a year")
    if not match:
        raise DeadlineError(
            f"bad lead time {text.strip()!r}: use days, hours, minutes or weeks, "
            "e.g. 14d,7d,1d,2h,0"
        )
    delta = timedelta(**{_LEAD_UNITS[match[2]]: int(match[1])})
    if delta > MAX_LEAD:
        raise DeadlineError(f"lead time {text.strip()!r} is longer than a year")
    return delta


def parse_leads(text: str | Iterable[str] | None) -> list[str]:
    """Lead times as a normalized list, longest first ('14d,7d,1d,0' by default)."""
    if text is None:
        return list(DEFAULT_LEADS)
    parts = text.split(",") if isinstance(text, str) else list(text)
    parts = [part.strip().lower().replace(" ", "") for part in parts if part.strip()]
    if not parts:
        raise DeadlineError("no lead time given: use e.g. 14d,7d,1d,0")
    by_delta: dict[timedelta, str] = {}
    for part in parts:
        delta = parse_lead(part)
        by_delta.setdefault(delta, "0" if not delta else part)
    return [by_delta[delta] for delta in sorted(by_delta, reverse=True)]


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_NAMED_RECURRENCE = {
    "daily": (1, "day"),
    "weekly": (1, "week"),
    "fortnightly": (2, "week"),
    "monthly": (1, "month"),
    "quarterly": (3, "month"),
    "yearly": (1, "year"),
    "annually": (1, "year"),
}
_RECURRENCE = re.compile(r"^(?:every\s+)?(\d+|[a-z]+)?\s*(day|week|month|year)s?$")


def parse_recurrence(text: str) -> str:
    """'3 months', '90 days', 'every three months', 'quarterly' → '3 months', '90 days'."""
    cleaned = " ".join(text.strip().lower().split())
    cleaned = cleaned.removeprefix("every ").removeprefix("on a ").removesuffix(" basis")
    if cleaned in _NAMED_RECURRENCE:
        count, unit = _NAMED_RECURRENCE[cleaned]
    else:
        match = _RECURRENCE.match(cleaned)
        word = match[1] if match else None
        number = (
            1 if word is None else int(word) if word.isdigit() else _NUMBER_WORDS.get(word or "")
        )
        if not match or not number:
            raise DeadlineError(
                f'bad repeat {text.strip()!r}: use e.g. "3 months", "90 days" or "1 week"'
            )
        count, unit = number, match[2]
    if count > 1000:
        raise DeadlineError(f"repeat {text.strip()!r} is too long")
    return f"{count} {unit}" + ("s" if count != 1 else "")


def _add_recurrence(value: date, recurrence: str, times: int) -> date:
    count_text, unit = recurrence.split()
    count = int(count_text) * times
    if unit.startswith("day"):
        return value + timedelta(days=count)
    if unit.startswith("week"):
        return value + timedelta(weeks=count)
    months = count * (12 if unit.startswith("year") else 1)
    month_index = value.month - 1 + months
    year, month = value.year + month_index // 12, month_index % 12 + 1
    # 31 January + 1 month is the last day of February, not an error.
    return value.replace(year=year, month=month, day=min(value.day, _days_in(year, month)))


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def parse_when(text: str, now: datetime, tz: tzinfo) -> tuple[str, bool]:
    """An ISO 8601 date or a datetime with offset/Z → (normalized due, all_day); never past."""
    cleaned = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cleaned):
        try:
            day = date.fromisoformat(cleaned)
        except ValueError:
            raise DeadlineError(f"{cleaned!r} is not a real date") from None
        if day < now.astimezone(tz).date():
            raise DeadlineError(f"{cleaned} is in the past: give today or a later date")
        return day.isoformat(), True
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        raise DeadlineError(
            f"bad date {cleaned!r}: use an ISO 8601 date (2027-02-01) or a time with an offset "
            "(2027-02-01T15:00+01:00 or …Z)"
        ) from None
    if moment.tzinfo is None:
        raise DeadlineError(
            f"{cleaned!r} has no time zone: add an offset or Z, e.g. {cleaned}Z, "
            "or give just the date"
        )
    if moment < now:
        raise DeadlineError(f"{cleaned} is in the past")
    return moment.isoformat(), False


# -- deadlines ---------------------------------------------------------------------------------
