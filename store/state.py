"""Values the bot keeps for itself in table `bot_state`, made on first use and kept."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlite_utils import Database

from store.db import write_transaction

INSTANCE = "instance_id"


def _get_or_make(db: Database, name: str, make: str) -> str:
    row = db.execute("select value from bot_state where name = ?", [name]).fetchone()
    if row is not None:
        return str(row[0])
    with write_transaction(db):
        db.execute(
            "insert or ignore into bot_state (name, value, updated_at) values (?, ?, ?)",
            [name, make, datetime.now(UTC).isoformat(timespec="seconds")],
        )
        return str(db.execute("select value from bot_state where name = ?", [name]).fetchone()[0])


def instance_id(db: Database) -> str:
    """A random id of this database, made once: it tells this bot's reminders in Slack from
    another database's (a staging copy, say) whose deadline numbers are the same."""
    return _get_or_make(db, INSTANCE, secrets.token_hex(6))
