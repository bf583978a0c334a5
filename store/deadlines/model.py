"""A deadline as stored, and its occurrences (a repeating one falls due again and again)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, tzinfo
from itertools import islice
from typing import Any

from store.chrono import Repeat, month_end


@dataclass(frozen=True)
class Deadline:
    """One deadline as stored (or, from list_deadlines, as of `now`: its current occurrence)."""

    id: int
    title: str
    due: str  # YYYY-MM-DD, YYYY-MM or an ISO datetime with offset
    all_day: bool
    precision: str  # day | month | datetime
    approximate: bool
    needs_confirmation: bool
    recurrence: str | None
    lead_times: tuple[str, ...]
    channel: str | None
    status: str
    origin: str  # derived | manual
    kind: str
    created_at: str
    remind_from: str
    derived_key: str | None = None
    country: str | None = None
    document_id: int | None = None
    source_quote: str | None = None
    source_document: str | None = None
    snoozed_until: str | None = None
    updated_at: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Deadline:
        """A `deadlines` row as a Deadline."""
        return cls(
            id=int(row["id"]),
            title=row["title"],
            due=row["due"],
            all_day=bool(row["all_day"]),
            precision=row["precision"] or ("day" if row["all_day"] else "datetime"),
            approximate=bool(row["approximate"]),
            needs_confirmation=bool(row["needs_confirmation"]),
            recurrence=row["recurrence"],
            lead_times=tuple(row["lead_times"].split(",")) if row["lead_times"] else (),
            channel=row["channel"],
            status=row["status"],
            origin=row["origin"],
            kind=row["kind"] or "manual",
            created_at=row["created_at"],
            remind_from=row["remind_from"] or row["created_at"],
            derived_key=row["derived_key"],
            country=row["country"],
            document_id=row["document_id"],
            source_quote=row["source_quote"],
            source_document=row["source_document"],
            snoozed_until=row["snoozed_until"],
            updated_at=row["updated_at"],
        )

    def to_json(self) -> dict[str, Any]:
        """The shape `wpsbot deadlines --json` prints."""
        source: dict[str, Any] | str = (
            {"quote": self.source_quote, "document": self.source_document}
            if self.origin == "derived"
            else "manual"
        )
        return {
            "id": self.id,
            "title": self.title,
            "due": self.due,
            "approximate": self.approximate,
            "recurrence": self.recurrence,
            "lead_times": list(self.lead_times),
            "channel": self.channel,
            "status": self.status,
            "source": source,
            "needs_confirmation": self.needs_confirmation,
            "precision": self.precision,
        }

    def due_day(self) -> date:
        """The day it falls due (first day of the month for month precision)."""
        if self.precision == "month":
            return date.fromisoformat(self.due + "-01")
        if self.all_day:
            return date.fromisoformat(self.due)
        return datetime.fromisoformat(self.due).date()

    def is_past(self, now: datetime, tz: tzinfo) -> bool:
        """True once its due day (or due time) has gone by."""
        if not self.all_day:
            return datetime.fromisoformat(self.due) < now
        last = self.due_day()
        if self.precision == "month":
            last = month_end(last)
        return last < now.astimezone(tz).date()


def repeat_of(deadline: Deadline) -> Repeat | None:
    """The deadline's repeat, or None for a one-off deadline."""
    return Repeat.parse(deadline.recurrence) if deadline.recurrence else None


def series_start(deadline: Deadline) -> date:
    """What its repeat counts from: the due day, or the due time (a datetime)."""
    return deadline.due_day() if deadline.all_day else datetime.fromisoformat(deadline.due)


def occurrences(deadline: Deadline) -> Iterator[str]:
    """The due values of its occurrences, `due` itself first; one for a one-off deadline.
    The calendar feed writes the same series as its RRULE (store.chrono.Repeat)."""
    repeat = repeat_of(deadline)
    if repeat is None:
        yield deadline.due
        return
    yield deadline.due
    for moment in islice(repeat.occurrences(series_start(deadline)), 1, None):
        yield moment.isoformat()


def occurrence_due(deadline: Deadline, index: int) -> str:
    """The due value of the index-th occurrence of a (recurring) deadline; 0 is `due` itself."""
    if not deadline.recurrence or index == 0:
        return deadline.due
    return next(islice(occurrences(deadline), index, None))


MAX_OCCURRENCES = 10_000  # how far a series is walked to find the current occurrence


def current_occurrence(deadline: Deadline, now: datetime, tz: tzinfo) -> int:
    """Index of the first occurrence not yet past (0 for a one-off deadline)."""
    if not deadline.recurrence:
        return 0
    for index, due in enumerate(islice(occurrences(deadline), MAX_OCCURRENCES)):
        if not replace(deadline, due=due).is_past(now, tz):
            return index
    return MAX_OCCURRENCES


def row_stamp(now: datetime) -> str:
    """`now` as the deadlines table stores a moment (UTC, seconds)."""
    return now.astimezone(UTC).isoformat(timespec="seconds")
