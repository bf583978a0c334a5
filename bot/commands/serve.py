"""`wpsbot serve`: run the Slack app (Socket Mode with SLACK_APP_TOKEN, else HTTP on $PORT)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `wpsbot serve` (everything else comes from the environment or .env)."""
    parser.add_argument(
        "--host",
        default=None,
        help="address the HTTP server listens on (/slack/events in HTTP mode, /healthz, the "
        "calendar); default $HOST, else 127.0.0.1 (this machine only)",
    )
    parser.add_argument("--env-file", default=".env", help="optional .env file (default: .env)")


def run(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Start the app; Slack and the scheduler are imported only here."""
    from bot.server import serve

    return serve(args, env)
