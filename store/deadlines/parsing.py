"""Deadlines' own words: lead times, repeats and due dates as a coordinator types them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo

from store.chrono import looks_like_short_duration, parse_short_duration, parse_span
from store.deadlines.constants import DEFAULT_LEADS, MAX_LEAD, DeadlineError


def parse_lead(text: str) -> timedelta:
    """'14d', '7d', '2h', '30m', '1w' or '0' as a timedelta (how long before the due time)."""
    cleaned = text.strip()
    try:
        delta = parse_short_duration(cleaned, "wdhm", bare=False)
    except ValueError:
        if looks_like_short_duration(cleaned) and cleaned.lower()[-1] in "wdhm":
            raise DeadlineError(f"lead time {cleaned!r} is longer than a year") from None
        raise DeadlineError(
            f"bad lead time {cleaned!r}: use days, hours, minutes or weeks, e.g. 14d,7d,1d,2h,0"
        ) from None
    if delta > MAX_LEAD:
        raise DeadlineError(f"lead time {cleaned!r} is longer than a year")
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


MAX_REPEAT = 1000  # of the unit: "1000 days" is still a repeat; more is a typo


def parse_recurrence(text: str) -> str:
    """'3 months', '90 days', 'every three months', 'quarterly' → '3 months', '90 days'."""
    try:
        span = parse_span(text)
    except ValueError:
        raise DeadlineError(
            f'bad repeat {text.strip()!r}: use e.g. "3 months", "90 days" or "1 week"'
        ) from None
    if span.n > MAX_REPEAT:
        raise DeadlineError(f"repeat {text.strip()!r} is too long")
    return span.text


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
