"""The `wpsbot` command line (also `python -m bot`)."""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bot.commands.common import NoDatabase
from store.db import DEFAULT_DB_PATH, resolve_db_path


@dataclass(frozen=True)
class Command:
    """A subcommand: its module and the names of its argument and run functions."""

    name: str
    module: str
    help: str
    add_arguments: str = "add_arguments"
    run: str = "run"


COMMANDS = [
    Command("ingest", "bot.commands.ingest", "load situation updates (files or URLs)"),
    Command("facts", "bot.commands.facts", "list extracted facts with their source quote"),
    Command(
        "events",
        "bot.commands.facts",
        "list extracted dated events with their source quote",
        add_arguments="add_event_arguments",
        run="run_events",
    ),
    Command(
        "documents",
        "bot.commands.facts",
        "list loaded updates, latest document date first",
        add_arguments="add_document_arguments",
        run="run_documents",
    ),
    Command("ask", "bot.commands.ask", "answer a question from the loaded updates"),
    Command(
        "changes",
        "bot.commands.changes",
        "what changed between the two latest updates of a country (or since a date)",
    ),
    Command(
        "series",
        "bot.commands.changes",
        "a figure across the updates of its country, oldest first",
        add_arguments="add_series_arguments",
        run="run_series",
    ),
    Command("console", "bot.commands.console", "chat with the bot in the terminal (no Slack)"),
    Command("serve", "bot.commands.serve", "run the Slack app (Socket Mode or HTTP)"),
    Command(
        "deadlines",
        "bot.commands.deadlines",
        "list upcoming deadlines",
        add_arguments="add_list_arguments",
        run="run_list",
    ),
    Command("deadline", "bot.commands.deadlines", "add, complete, snooze or remove a deadline"),
    Command(
        "calendar",
        "bot.commands.deadlines",
        "print the deadlines still ahead as an iCalendar file (--all: every one)",
        add_arguments="add_calendar_arguments",
        run="run_calendar",
    ),
]
DEFAULT_COMMAND = "console"


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Callable[..., int]]]:
    """The parser with every subcommand, and each subcommand's run function."""
    parser = argparse.ArgumentParser(
        prog="wpsbot",
        description="Women, Peace and Security situation updates as facts, answers and "
        "reminders. With no command, starts the console.",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=f"SQLite database (default: $WPSBOT_DB, else ./{DEFAULT_DB_PATH})",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    runners: dict[str, Callable[..., int]] = {}
    for command in COMMANDS:
        module = importlib.import_module(command.module)
        sub_parser = sub.add_parser(command.name, help=command.help, description=command.help)
        getattr(module, command.add_arguments)(sub_parser)
        runners[command.name] = getattr(module, command.run)
    return parser, runners


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    """Parse arguments and run one subcommand; returns the exit code."""
    parser, runners = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*(argv or sys.argv[1:]), DEFAULT_COMMAND])
    try:
        return runners[args.command](args, os.environ if env is None else env)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except NoDatabase as exc:
        print(f"wpsbot: {exc}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:
        # A --db that is a folder, not a database, or on a missing or read-only path.
        path = resolve_db_path(args.db, dict(os.environ if env is None else env))
        print(f"wpsbot: cannot use the database {path}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
