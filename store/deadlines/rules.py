"""Which reminders are due at `now`: pure functions of deadlines, deliveries and the time.

`due_reminders(deadlines, deliveries, now)` reads no clock and no database; its tests give
explicit datetimes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo

from store.deadlines.constants import ACTIVE, CLAIM_TTL, DEFAULT_CATCHUP, LATE_AFTER, REMINDER_TIME
from store.deadlines.model import Deadline, current_occurrence, occurrence_due
from store.deadlines.parsing import parse_lead


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
