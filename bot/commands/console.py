"""`wpsbot console` (the default): chat with the bot in the terminal, no Slack needed."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Mapping


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `wpsbot console`."""
    parser.add_argument(
        "--no-sample",
        action="store_true",
        help="do not load the bundled sample when the database is empty",
    )
    parser.add_argument(
        "--no-reminders", action="store_true", help="do not print reminders as they come due"
    )


def run(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Start the console on stdin/stdout."""
    from bot.console import ConsoleOutput, ConsoleReminders, load_sample_if_empty, run_console
    from bot.settings import Settings, SettingsError, load_env
    from handlers.deps import utcnow
    from store import Services

    try:
        settings = Settings.from_env(load_env(env), db=getattr(args, "db", None), slack=False)
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    services = Services(settings.db_path)
    interactive = sys.stdin.isatty()
    output = ConsoleOutput(sys.stdout, interactive=interactive)
    if interactive:
        output.say(f"wpsbot console on {settings.db_path}. Type help, a question, or quit.")
    if not args.no_sample:
        loaded = load_sample_if_empty(services, utcnow())
        if loaded:
            output.say(loaded)
    reminders = None
    if not args.no_reminders:
        reminders = ConsoleReminders(
            services,
            output.notify,
            timezone=settings.timezone,
            catchup=settings.catchup,
        )
        reminders.start()
    try:
        return run_console(
            services,
            sys.stdin,
            sys.stdout,
            timezone=settings.timezone,
            reminder_channel=settings.reminder_channel,
            interactive=interactive,
            fetch_policy=settings.fetch_policy,
            public_url=settings.public_url,
            output=output,
        )
    finally:
        if reminders is not None:
            reminders.stop()
