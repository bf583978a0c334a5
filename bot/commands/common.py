"""Helpers shared by subcommands: opening the store, printing JSON, reporting errors."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from store import Services
from store.db import resolve_db_path
from store.text import printable


class NoDatabase(Exception):
    """A read-only command was pointed at a database that does not exist."""


def open_services(
    args: argparse.Namespace, env: Mapping[str, str], *, must_exist: bool = False
) -> Services:
    """The front door of the database named by --db, WPSBOT_DB or the default.

    Commands that only read pass `must_exist`, so a mistyped path is reported rather than
    answered from a new, empty database.
    """
    path = resolve_db_path(args.db, dict(env))
    if must_exist and not Path(path).exists():
        raise NoDatabase(
            f"no database at {path}: load an update first (wpsbot --db {path} ingest FILE)"
        )
    return Services(path)


def utcnow() -> datetime:
    """The current time, timezone-aware."""
    return datetime.now(UTC)


def print_json(value: Any) -> None:
    """Pretty JSON on stdout, accents kept readable."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def fail(message: str) -> int:
    """One line on stderr, exit code 1 (a path's control characters written out)."""
    print(f"wpsbot: {printable(message)}", file=sys.stderr)
    return 1
