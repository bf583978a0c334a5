"""Values the bot keeps for itself in table `bot_state`, made on first use and kept: this
database's id, and the calendar feed's secret (which a coordinator can replace)."""

from __future__ import annotations

import hmac
import secrets
from datetime import UTC, datetime

from sqlite_utils import Database

from store.db import write_transaction

INSTANCE = "instance_id"
CALENDAR_TOKEN = "calendar_token"


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


def calendar_token(db: Database) -> str:
    """The secret in the calendar feed's URL, made on first use: the feed holds every
    deadline and its source quote, and is served to whoever has the URL."""
    return _get_or_make(db, CALENDAR_TOKEN, secrets.token_urlsafe(24))


def rotate_calendar_token(db: Database) -> str:
    """A new calendar secret; the URL with the old one stops working at once."""
    token = secrets.token_urlsafe(24)
    with write_transaction(db):
        db.execute(
            "insert into bot_state (name, value, updated_at) values (?, ?, ?) "
            "on conflict(name) do update set value = excluded.value, "
            "updated_at = excluded.updated_at",
            [CALENDAR_TOKEN, token, datetime.now(UTC).isoformat(timespec="seconds")],
        )
    return token


def calendar_token_matches(db: Database, offered: str) -> bool:
    """Whether `offered` is the calendar secret (compared in constant time); False while none
    was ever handed out."""
    row = db.execute("select value from bot_state where name = ?", [CALENDAR_TOKEN]).fetchone()
    return row is not None and hmac.compare_digest(str(row[0]).encode(), offered.encode())
