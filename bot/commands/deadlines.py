"""`wpsbot deadlines`, `wpsbot deadline add|done|snooze|...`, and `wpsbot calendar`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from bot.commands.common import fail, open_services, print_json, utcnow
from bot.settings import Settings, SettingsError
from store import Deadline, DeadlineError


def add_list_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `wpsbot deadlines`."""
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.add_argument(
        "--all", action="store_true", help="also past, done and dismissed deadlines"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `wpsbot deadline ACTION ...`."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help="add a deadline",
        description="Add a deadline. WHEN is a date (2027-02-01: reminders at 09:00 in "
        "WPSBOT_TIMEZONE, on the previous working day at weekends) or a time with an offset "
        "(2027-02-01T15:00+01:00, or Z for UTC: reminders at that exact time).",
    )
    add.add_argument("title", metavar="TITLE")
    add.add_argument("when", metavar="WHEN")
    add.add_argument("--every", metavar="REPEAT", help='repeat, e.g. "3 months" or "90 days"')
    add.add_argument(
        "--lead", metavar="LEADS", help="when to remind before it (default 14d,7d,1d,0)"
    )
    add.add_argument(
        "--channel", metavar="ID", help="Slack channel (default $WPSBOT_REMINDER_CHANNEL)"
    )
    for name, what in (
        ("done", "mark done (a recurring deadline moves to its next occurrence)"),
        ("snooze", "hold its reminders for a day (or --days N), then remind again"),
        ("remove", "delete a deadline added by hand (a derived one is dismissed)"),
        ("confirm", "confirm an approximate date"),
        ("dismiss", "stop tracking it; re-ingesting its document does not bring it back"),
        ("move", "give it a new date or time (WHEN as for add)"),
    ):
        sub = actions.add_parser(name, help=what, description=what[0].upper() + what[1:] + ".")
        sub.add_argument("id", metavar="ID", type=int)
        if name == "move":
            sub.add_argument("when", metavar="WHEN")
        if name == "snooze":
            sub.add_argument("--days", type=int, default=1, help="how many days (default 1)")


def add_calendar_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `wpsbot calendar` (the .ics goes to stdout)."""
    parser.add_argument(
        "--all", action="store_true", help="also past, done and dismissed deadlines"
    )


def _timezone(args: argparse.Namespace, env: Mapping[str, str]) -> ZoneInfo:
    return Settings.from_env(env, db=args.db, slack=False).tz


def describe(deadline: Deadline) -> str:
    """One line: id, due (≈ when approximate), title, and status notes in brackets."""
    approx = "≈" if deadline.approximate else " "
    every = f" (every {deadline.recurrence})" if deadline.recurrence else ""
    notes = [deadline.status] if deadline.status != "upcoming" else []
    if deadline.needs_confirmation and deadline.status in ("upcoming", "snoozed"):
        notes.append("date to confirm")
    status = f" [{', '.join(notes)}]" if notes else ""
    return f"#{deadline.id:<3} {approx}{deadline.due:<25} {deadline.title}{every}{status}"


def run_list(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Print deadlines (upcoming; --all: every one)."""
    try:
        tz = _timezone(args, env)
    except SettingsError as exc:
        return fail(str(exc))
    deadlines = open_services(args, env, must_exist=True).deadlines
    rows = deadlines.upcoming(utcnow(), include_all=args.all, tz=tz)
    if args.json:
        print_json([row.to_json() for row in rows])
        return 0
    if not rows:
        print("No deadlines." if args.all else "No upcoming deadlines (--all shows past ones).")
    for row in rows:
        print(describe(row))
        if row.origin == "derived" and row.source_quote:
            print(f"      “{row.source_quote}” — {row.source_document}")
    return 0


def run(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Change one deadline; bad input changes nothing and exits 1."""
    try:
        tz = _timezone(args, env)
    except SettingsError as exc:
        return fail(str(exc))
    deadlines = open_services(args, env).deadlines
    now = utcnow()
    try:
        if args.action == "add":
            deadline = deadlines.add(
                args.title,
                args.when,
                every=args.every,
                leads=args.lead,
                channel=args.channel,
                now=now,
                tz=tz,
            )
            print(f"Added: {describe(deadline)}")
            return 0
        if args.action == "done":
            deadline = deadlines.done(args.id, now, tz)
            verb = "marked done" if deadline.status == "done" else f"done; next due {deadline.due}"
        elif args.action == "snooze":
            deadline = deadlines.snooze(args.id, now, days=args.days)
            verb = f"snoozed until {deadline.snoozed_until}"
        elif args.action == "remove":
            deadline = deadlines.remove(args.id, now)
            verb = "removed" if deadline.status == "removed" else "dismissed (it was derived)"
        elif args.action == "confirm":
            deadline = deadlines.confirm(args.id, now)
            verb = f"confirmed for {deadline.due}"
        elif args.action == "dismiss":
            deadline = deadlines.dismiss(args.id, now)
            verb = "dismissed"
        else:
            deadline = deadlines.move(args.id, args.when, now, tz)
            verb = f"moved to {deadline.due}"
    except DeadlineError as exc:
        return fail(str(exc))
    print(f"Deadline {deadline.id} {verb}: {deadline.title}")
    return 0


def run_calendar(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Write the deadlines still ahead (--all: every one) as iCalendar to stdout."""
    try:
        tz = _timezone(args, env)
    except SettingsError as exc:
        return fail(str(exc))
    deadlines = open_services(args, env, must_exist=True).deadlines
    sys.stdout.flush()
    sys.stdout.buffer.write(deadlines.calendar(utcnow(), include_all=args.all, tz=tz))
    sys.stdout.buffer.flush()
    return 0
