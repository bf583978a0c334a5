"""Deadlines and reminder rules: derived from events or added by hand; every rule takes `now`.

Deadlines live in table `deadlines`; each reminder that went out (or was skipped) is one row of
`reminder_deliveries`, keyed by (deadline, occurrence, lead). A process *claims* that key by
inserting the row before posting, so restarts and a second process never post twice; the claim
is a lease that the posting process renews, and that lapses when the process is gone. The key
goes to Slack with the post, so a process that takes over a lapsed claim can ask Slack whether
the post arrived before it posts again.
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlite_utils import Database

from store.db import DOCUMENT_DATES, write_transaction
from store.updates import document_order

log = logging.getLogger(__name__)

DEFAULT_LEADS = ("14d", "7d", "1d", "0")
REMINDER_TIME = time(9, 0)  # date-only deadlines remind at 09:00 local time
DEFAULT_CATCHUP = timedelta(hours=24)
# A reminder picked up more than this after its time (the bot was down) is marked late.
LATE_AFTER = timedelta(seconds=5)
# A claim not renewed for this long may be taken over: its process died mid-post. The posting
# process renews it every CLAIM_RENEW, through every Retry-After wait, so a live post keeps it;
# a dead claimant on the same host is known at once (bot.scheduler), elsewhere after this.
CLAIM_TTL = timedelta(seconds=30)
CLAIM_RENEW = timedelta(seconds=5)
MAX_LEAD = timedelta(days=366)
ACTIVE = ("upcoming", "confirmed")


class DeadlineError(Exception):
    """Bad input or an impossible change; the message is one line written for the user."""


# -- parsing -----------------------------------------------------------------------------------

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
            last = last.replace(day=_days_in(last.year, last.month))
        return last < now.astimezone(tz).date()


def occurrence_due(deadline: Deadline, index: int) -> str:
    """The due value of the index-th occurrence of a (recurring) deadline; 0 is `due` itself."""
    if not deadline.recurrence or index == 0:
        return deadline.due
    if deadline.all_day:
        return _add_recurrence(deadline.due_day(), deadline.recurrence, index).isoformat()
    moment = datetime.fromisoformat(deadline.due)
    day = _add_recurrence(moment.date(), deadline.recurrence, index)
    return datetime.combine(day, moment.timetz()).isoformat()


def current_occurrence(deadline: Deadline, now: datetime, tz: tzinfo) -> int:
    """Index of the first occurrence not yet past (0 for a one-off deadline)."""
    if not deadline.recurrence:
        return 0
    index = 0
    while index < 10_000 and replace(deadline, due=occurrence_due(deadline, index)).is_past(
        now, tz
    ):
        index += 1
    return index


def _row_now(now: datetime) -> str:
    return now.astimezone(UTC).isoformat(timespec="seconds")


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
    stamp = _row_now(now)
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
    db.table("deadlines").update(deadline_id, {**values, "updated_at": _row_now(now)})
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
        db, deadline_id, now, due=following, snoozed_until=None, remind_from=_row_now(now)
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
        remind_from=_row_now(now),
    )


def dismiss(db: Database, deadline_id: int, now: datetime) -> Deadline:
    """Stop tracking a deadline; re-ingesting its document does not bring it back."""
    deadline = _get(db, deadline_id)
    if deadline.status == "dismissed":
        raise DeadlineError(f"deadline {deadline_id} is already dismissed")
    return _update(db, deadline_id, now, status="dismissed", snoozed_until=None)


# -- derivation from events --------------------------------------------------------------------


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
                due = _add_recurrence(date.fromisoformat(last_day), recurrence, 1).isoformat()
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
    stamp = _row_now(now)
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
        # index of m013 holds it (store.db.DOCUMENT_DATES).
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
                [document_id, _row_now(now)],
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


# -- reminder rules ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    """A row of reminder_deliveries, as the rules need it."""

    deadline_id: int
    occurrence: str
    lead: str
    status: str  # pending | sent | skipped
    fire_at: str | None = None
    claimed_by: str | None = None
    claimed_at: str | None = None
    next_attempt_at: str | None = None
    attempts: int = 0

    @property
    def key(self) -> tuple[int, str, str]:
        """The unique delivery key."""
        return (self.deadline_id, self.occurrence, self.lead)

    def claim_lapsed(self, now: datetime, alive: Alive | None = None) -> bool:
        """True when a claim is held but its holder is gone: not renewed for CLAIM_TTL, or a
        process that `alive` knows has ended."""
        if not (self.claimed_by and self.claimed_at):
            return False
        if datetime.fromisoformat(self.claimed_at) + CLAIM_TTL <= now:
            return True
        return alive is not None and not alive(self.claimed_by)

    def busy(self, now: datetime, alive: Alive | None = None) -> bool:
        """True while another attempt owns it or its retry backoff has not run out."""
        if self.status != "pending":
            return True
        if self.claimed_by and self.claimed_at and not self.claim_lapsed(now, alive):
            return True
        return bool(self.next_attempt_at and datetime.fromisoformat(self.next_attempt_at) > now)


# alive(worker) -> False when the process that claimed as `worker` is known to have ended
Alive = Callable[[str], bool]


@dataclass(frozen=True)
class Reminder:
    """A reminder that is due now: post it, or record it as skipped (with the reason)."""

    deadline: Deadline  # at this occurrence (`due` is the occurrence's due)
    occurrence: str
    lead: str
    fire_at: datetime
    action: str  # post | skip
    late: bool = False
    reason: str | None = None
    retry: bool = False  # a pending row exists (an earlier attempt failed or was cut short)
    taken_over: str | None = None  # the lapsed claim this attempt takes over

    @property
    def key(self) -> tuple[int, str, str]:
        """The unique delivery key."""
        return (self.deadline.id, self.occurrence, self.lead)


def fire_time(deadline: Deadline, due: str, lead: str, tz: tzinfo) -> datetime:
    """When the reminder `lead` before `due` goes out.

    A date-only deadline reminds at 09:00 local time, moved back to Friday from a weekend; a
    datetime reminds exactly `lead` before it.
    """
    delta = parse_lead(lead)
    if not deadline.all_day:
        return datetime.fromisoformat(due) - delta
    day = replace(deadline, due=due).due_day() - timedelta(days=delta.days)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, REMINDER_TIME, tz) - (delta - timedelta(days=delta.days))


def _lead_fire(deadline: Deadline, due: str, lead: str, tz: tzinfo) -> datetime:
    if lead.startswith("snooze@"):
        return datetime.fromisoformat(lead.removeprefix("snooze@"))
    return fire_time(deadline, due, lead, tz)


def due_reminders(
    deadlines: Iterable[Deadline],
    deliveries: Iterable[Delivery],
    now: datetime,
    catchup: timedelta = DEFAULT_CATCHUP,
    tz: tzinfo = UTC,
    late_after: timedelta = LATE_AFTER,
    alive: Alive | None = None,
) -> list[Reminder]:
    """What to post (or record as skipped) at `now`, given what was already delivered.

    - a reminder whose time has come and that no delivery row settles is due;
    - reminders timed before the deadline existed (or was moved) never go out;
    - of several due for the same occurrence only the latest-timed (shortest lead) is posted,
      the others are skipped as superseded — also when a later one was already sent;
    - one more than `catchup` late is skipped; one more than `late_after` late is marked late;
    - while a deadline is snoozed its reminders are held; at the end of the snooze one
      reminder goes out, and the held ones are skipped;
    - one claimed by a process that is gone (`alive`, or a claim not renewed for CLAIM_TTL)
      is due again, to be taken over.
    """
    by_key = {delivery.key: delivery for delivery in deliveries}
    result: list[Reminder] = []
    for stored in deadlines:
        if stored.status not in ACTIVE or not stored.lead_times:
            continue
        remind_from = datetime.fromisoformat(stored.remind_from)
        snoozed_until = (
            datetime.fromisoformat(stored.snoozed_until) if stored.snoozed_until else None
        )
        current = current_occurrence(stored, now, tz)
        index = max(0, current - 1)
        while index <= current + 400:
            due = occurrence_due(stored, index)
            deadline = replace(stored, due=due)
            leads = list(stored.lead_times)
            if snoozed_until is not None and index == current:
                leads.append(f"snooze@{snoozed_until.isoformat()}")
            timed = [(lead, _lead_fire(deadline, due, lead, tz)) for lead in leads]
            timed = _catch_up(deadline, timed, remind_from, tz)
            if min(fire for _, fire in timed) > now:
                break  # later occurrences are later still
            result.extend(
                _occurrence_reminders(
                    deadline,
                    timed,
                    by_key,
                    now,
                    catchup,
                    late_after,
                    remind_from,
                    snoozed_until,
                    alive,
                )
            )
            if not stored.recurrence:
                break
            index += 1
    return result


def _catch_up(
    deadline: Deadline, timed: list[tuple[str, datetime]], remind_from: datetime, tz: tzinfo
) -> list[tuple[str, datetime]]:
    """A deadline added (or moved) inside its last lead — no warning ahead of it is still to
    come, only the due-day one or none — gets the latest lead it missed at once, timed at
    `remind_from`: added at 15:00 for tomorrow, the 1-day reminder goes out then, not never.
    One added earlier, with a warning still ahead, waits for that one (added 10 days before,
    the 7-day reminder is its first)."""
    regular = [(lead, fire) for lead, fire in timed if not lead.startswith("snooze@")]
    missed = [(lead, fire) for lead, fire in regular if fire < remind_from]
    if not missed or deadline.is_past(remind_from, tz):
        return timed
    if any(fire >= remind_from and parse_lead(lead) for lead, fire in regular):
        return timed  # a warning is still ahead: it is the first reminder
    latest = max(missed, key=lambda item: item[1])[0]
    return [(lead, remind_from if lead == latest else fire) for lead, fire in timed]


def _occurrence_reminders(
    deadline: Deadline,
    timed: list[tuple[str, datetime]],
    by_key: Mapping[tuple[int, str, str], Delivery],
    now: datetime,
    catchup: timedelta,
    late_after: timedelta,
    remind_from: datetime,
    snoozed_until: datetime | None,
    alive: Alive | None = None,
) -> list[Reminder]:
    latest_sent: datetime | None = None
    candidates: list[tuple[str, datetime, Delivery | None]] = []
    for lead, fire in timed:
        delivery = by_key.get((deadline.id, deadline.due, lead))
        if delivery is not None and delivery.status == "sent":
            latest_sent = fire if latest_sent is None else max(latest_sent, fire)
        if fire > now or fire < remind_from:
            continue
        if delivery is not None and delivery.busy(now, alive):
            continue
        candidates.append((lead, fire, delivery))
    out: list[Reminder] = []
    postable: list[tuple[str, datetime, Delivery | None]] = []
    for lead, fire, delivery in candidates:
        reason = None
        if snoozed_until is not None and fire < snoozed_until and not lead.startswith("snooze@"):
            reason = "snoozed"
        elif latest_sent is not None and fire <= latest_sent:
            reason = "superseded by a later reminder already sent"
        elif now - fire > catchup:
            reason = f"more than {_human_delta(catchup)} late"
        if reason:
            out.append(
                _reminder(deadline, lead, fire, "skip", now, late_after, reason, delivery, alive)
            )
        else:
            postable.append((lead, fire, delivery))
    if postable:
        # The latest-timed reminder says everything the earlier ones would have said.
        winner = max(
            range(len(postable)),
            key=lambda i: (postable[i][1], -parse_lead_or_zero(postable[i][0])),
        )
        for position, (lead, fire, delivery) in enumerate(postable):
            if position == winner:
                out.append(
                    _reminder(deadline, lead, fire, "post", now, late_after, None, delivery, alive)
                )
            else:
                out.append(
                    _reminder(
                        deadline, lead, fire, "skip", now, late_after,
                        "superseded by a shorter lead time", delivery, alive,
                    )
                )  # fmt: skip
    return out


def parse_lead_or_zero(lead: str) -> float:
    """Seconds of a lead ('snooze@…' counts as 0), for ordering."""
    return 0.0 if lead.startswith("snooze@") else parse_lead(lead).total_seconds()


def _reminder(
    deadline: Deadline,
    lead: str,
    fire: datetime,
    action: str,
    now: datetime,
    late_after: timedelta,
    reason: str | None,
    delivery: Delivery | None,
    alive: Alive | None = None,
) -> Reminder:
    lapsed = delivery is not None and delivery.claim_lapsed(now, alive)
    return Reminder(
        deadline=deadline,
        occurrence=deadline.due,
        lead=lead,
        fire_at=fire,
        action=action,
        late=now - fire > late_after,
        reason=reason,
        retry=delivery is not None,
        taken_over=delivery.claimed_by if delivery is not None and lapsed else None,
    )


def _human_delta(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds % 86400 == 0:
        return f"{seconds // 86400} d"
    if seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    if seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"


# -- the delivery log --------------------------------------------------------------------------


def active_deadlines(db: Database) -> list[Deadline]:
    """Deadlines that can still remind (upcoming or confirmed), as stored."""
    return [
        Deadline.from_row(row)
        for row in db.query("select * from deadlines where status in ('upcoming', 'confirmed')")
    ]


def load_deliveries(db: Database, deadline_ids: Iterable[int] | None = None) -> list[Delivery]:
    """Delivery rows (of the given deadlines) as Delivery values."""
    sql = "select * from reminder_deliveries"
    params: list[int] = []
    if deadline_ids is not None:
        params = list(deadline_ids)
        if not params:
            return []
        sql += f" where deadline_id in ({','.join('?' for _ in params)})"
    return [
        Delivery(
            deadline_id=row["deadline_id"],
            occurrence=row["occurrence"],
            lead=row["lead"],
            status=row["status"],
            fire_at=row["fire_at"],
            claimed_by=row["claimed_by"],
            claimed_at=row["claimed_at"],
            next_attempt_at=row["next_attempt_at"],
            attempts=row["attempts"] or 0,
        )
        for row in db.query(sql, params)
    ]


def record_skip(db: Database, reminder: Reminder, now: datetime) -> bool:
    """Log a reminder as skipped; False if another process already settled it."""
    stamp = _iso(now)
    if reminder.retry:
        cursor = db.execute(
            "update reminder_deliveries set status = 'skipped', reason = ?, claimed_at = ? "
            "where deadline_id = ? and occurrence = ? and lead = ? and status = 'pending'",
            [reminder.reason, stamp, *reminder.key],
        )
    else:
        cursor = db.execute(
            "insert or ignore into reminder_deliveries (deadline_id, occurrence, lead, fire_at, "
            "status, reason, claimed_at, late, attempts) "
            "values (?, ?, ?, ?, 'skipped', ?, ?, ?, 0)",
            [*reminder.key, _iso(reminder.fire_at), reminder.reason, stamp, int(reminder.late)],
        )
    return cursor.rowcount == 1


def delivery_key(db: Database, reminder: Reminder) -> str:
    """What identifies this reminder in Slack: this database's id and the delivery's key."""
    from store.state import instance_id

    deadline_id, occurrence, lead = reminder.key
    return f"{instance_id(db)}/{deadline_id}/{occurrence}/{lead}"


def claim(db: Database, reminder: Reminder, worker: str, now: datetime, channel: str) -> bool:
    """Take the right to post this reminder; False if another process has (or had) it.

    A retry takes a claim that is free, stale (not renewed for CLAIM_TTL), or the lapsed one
    the reminder names (`taken_over`, a process known to be gone) — compare-and-swap, so two
    processes never both take it.
    """
    stamp = _iso(now)
    if reminder.retry:
        stale = _iso(now - CLAIM_TTL)
        cursor = db.execute(
            "update reminder_deliveries set claimed_by = ?, claimed_at = ?, channel = ?, late = ?, "
            "delivery_key = coalesce(delivery_key, ?), "
            "first_claimed_at = coalesce(first_claimed_at, claimed_at, ?) "
            "where deadline_id = ? and occurrence = ? and lead = ? and status = 'pending' "
            "and (claimed_by is null or claimed_at < ? or claimed_by = ?) "
            "and (next_attempt_at is null or next_attempt_at <= ?)",
            [
                worker, stamp, channel, int(reminder.late), delivery_key(db, reminder), stamp,
                *reminder.key, stale, reminder.taken_over, stamp,
            ],
        )  # fmt: skip
    else:
        cursor = db.execute(
            "insert or ignore into reminder_deliveries (deadline_id, occurrence, lead, fire_at, "
            "channel, status, claimed_by, claimed_at, late, attempts, delivery_key, "
            "first_claimed_at) values (?, ?, ?, ?, ?, 'pending', ?, ?, ?, 0, ?, ?)",
            [
                *reminder.key, _iso(reminder.fire_at), channel, worker, stamp,
                int(reminder.late), delivery_key(db, reminder), stamp,
            ],
        )  # fmt: skip
    return cursor.rowcount == 1


def renew_claim(db: Database, reminder: Reminder, worker: str, now: datetime) -> bool:
    """Keep this worker's claim alive while its post is under way; False if it lost it."""
    cursor = db.execute(
        "update reminder_deliveries set claimed_at = ? "
        "where deadline_id = ? and occurrence = ? and lead = ? and claimed_by = ?",
        [_iso(now), *reminder.key, worker],
    )
    return cursor.rowcount == 1


def first_attempt(db: Database, reminder: Reminder) -> datetime | None:
    """When this reminder was first claimed: a post of it can be no older."""
    rows = list(
        db.query(
            "select first_claimed_at from reminder_deliveries "
            "where deadline_id = ? and occurrence = ? and lead = ?",
            list(reminder.key),
        )
    )
    stamp = rows[0]["first_claimed_at"] if rows else None
    return datetime.fromisoformat(stamp) if stamp else None


def mark_sent(db: Database, reminder: Reminder, worker: str, now: datetime, ts: str) -> None:
    """Slack said ok: the reminder is delivered for good."""
    db.execute(
        "update reminder_deliveries set status = 'sent', sent_at = ?, slack_ts = ?, "
        "attempts = attempts + 1, last_error = null "
        "where deadline_id = ? and occurrence = ? and lead = ? and claimed_by = ?",
        [_iso(now), ts, *reminder.key, worker],
    )


def mark_failed(
    db: Database, reminder: Reminder, worker: str, now: datetime, error: str
) -> datetime:
    """The post failed: release the claim and set when to try again (exponential backoff)."""
    rows = list(
        db.query(
            "select attempts from reminder_deliveries "
            "where deadline_id = ? and occurrence = ? and lead = ?",
            list(reminder.key),
        )
    )
    attempts = (rows[0]["attempts"] or 0) + 1 if rows else 1
    retry_at = now + retry_backoff(attempts)
    db.execute(
        "update reminder_deliveries set claimed_by = null, attempts = ?, last_error = ?, "
        "next_attempt_at = ? "
        "where deadline_id = ? and occurrence = ? and lead = ? and claimed_by = ?",
        [attempts, error[:500], _iso(retry_at), *reminder.key, worker],
    )
    return retry_at


def retry_backoff(attempts: int) -> timedelta:
    """2 s, 4 s, 8 s … after each failed attempt, at most 5 minutes."""
    return timedelta(seconds=min(300, 2 ** min(attempts, 9)))


def _iso(moment: datetime) -> str:
    # Fixed-width UTC with microseconds, so the SQL comparisons of claims order correctly.
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


# -- reminder text -----------------------------------------------------------------------------


def days_left(deadline: Deadline, now: datetime, tz: tzinfo) -> int:
    """Whole days from today (local) to the due day; negative once past."""
    if deadline.all_day:
        due_day = deadline.due_day()
    else:
        due_day = datetime.fromisoformat(deadline.due).astimezone(tz).date()
    return (due_day - now.astimezone(tz).date()).days


def describe_due(deadline: Deadline, tz: tzinfo) -> str:
    """'Monday 1 February 2027', 'February 2027', or the local date and time."""
    if deadline.precision == "month":
        return deadline.due_day().strftime("%B %Y")
    if deadline.all_day:
        day = deadline.due_day()
        return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"
    moment = datetime.fromisoformat(deadline.due).astimezone(tz)
    zone = moment.tzname() or ""
    return f"{moment.strftime('%A')} {moment.day} {moment.strftime('%B %Y, %H:%M')} {zone}".strip()


def describe_days_left(deadline: Deadline, now: datetime, tz: tzinfo) -> str:
    """'in 14 days', 'tomorrow', 'today', '2 days ago'."""
    left = days_left(deadline, now, tz)
    if deadline.precision == "month":
        # Only the month is known: count to its first day, and say so.
        if deadline.is_past(now, tz):
            return "past"
        return "this month" if left <= 0 else f"the month starts in {_days(left)}"
    if left == 0:
        return "today"
    if left == 1:
        return "tomorrow"
    if left == -1:
        return "yesterday"
    return f"in {_days(left)}" if left > 0 else f"{_days(-left)} ago"


def _days(number: int) -> str:
    return f"{number} day{'' if number == 1 else 's'}"


def describe_distance(deadline: Deadline, now: datetime, tz: tzinfo) -> str:
    """How far away a reminder says the deadline is: 'in 14 days', 'in 1 day', 'today'; for
    a time, 'in 2 hours', 'in 30 minutes', 'now'. Past: 'yesterday', '2 hours ago'."""
    if deadline.precision == "month":
        return describe_days_left(deadline, now, tz)
    left = days_left(deadline, now, tz)
    if deadline.all_day or left < 0:
        if left == 0:
            return "today"
        return f"in {_days(left)}" if left > 0 else describe_days_left(deadline, now, tz)
    seconds = (datetime.fromisoformat(deadline.due) - now).total_seconds()
    if left > 0 and seconds >= 86_400:
        return f"in {_days(left)}"
    ahead = abs(seconds)
    if ahead < 60:
        return "now"
    if ahead < 3600:
        amount = f"{round(ahead / 60)} minute{'' if round(ahead / 60) == 1 else 's'}"
    else:
        hours = round(ahead / 3600)
        amount = f"{hours} hour{'' if hours == 1 else 's'}"
    return f"in {amount}" if seconds > 0 else f"{amount} ago"


def reminder_text(reminder: Reminder, now: datetime, tz: tzinfo) -> str:
    """The plain-text reminder: title, due date, days left, and the source quote."""
    deadline = reminder.deadline
    approx = "about " if deadline.approximate else ""
    lines = [
        f"Reminder: {deadline.title} — due {approx}{describe_due(deadline, tz)} "
        f"({describe_distance(deadline, now, tz)})."
    ]
    if reminder.late:
        lines.append(
            f"(Late: this reminder was due {reminder.fire_at.astimezone(tz):%Y-%m-%d %H:%M}.)"
        )
    if deadline.needs_confirmation:
        lines.append("The date is approximate: a coordinator should confirm or move it.")
    if deadline.origin == "derived" and deadline.source_quote:
        lines.append(f"Source: “{deadline.source_quote}” — {deadline.source_document}")
    return "\n".join(lines)
