"""Helpers shared by subcommands: opening the store, printing JSON, reporting errors."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from store.db import Store, resolve_db_path


def open_store(args: argparse.Namespace, env: Mapping[str, str]) -> Store:
    """The database named by --db, WPSBOT_DB or the default."""
    return Store(resolve_db_path(args.db, dict(env)))


def utcnow() -> datetime:
    """The current time, timezone-aware."""
    return datetime.now(UTC)


def print_json(value: Any) -> None:
    """Pretty JSON on stdout, accents kept readable."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def fail(message: str) -> int:
    """One line on stderr, exit code 1."""
    print(f"wpsbot: {message}", file=sys.stderr)
    return 1
