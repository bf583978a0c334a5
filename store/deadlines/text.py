"""How reminders and lists say a deadline: its due date, the days left, the reminder itself."""

from __future__ import annotations

from datetime import datetime, tzinfo

from store.deadlines.model import Deadline
from store.deadlines.rules import Reminder


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
