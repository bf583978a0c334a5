"""What the chat front ends remember: feedback on answers and events already handled."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from sqlite_utils import Database

from store.db import write_transaction

# Slack retries an event for a few minutes at most; a day of ids is plenty.
KEEP_EVENT_IDS = timedelta(days=1)
VOTES = ("up", "down")


def record_feedback(
    db: Database,
    *,
    user_id: str,
    vote: str,
    question: str,
    answer_kind: str,
    found: bool,
    now: datetime,
    channel_id: str | None = None,
    message_ts: str | None = None,
) -> int:
    """Store one 👍/👎 click on an answer; returns its row id."""
    if vote not in VOTES:
        raise ValueError(f"vote must be one of {VOTES}, not {vote!r}")
    with write_transaction(db):
        row_id = (
            db.table("feedback")
            .insert(
                {
                    "user_id": user_id,
                    "vote": vote,
                    "question": question,
                    "answer_kind": answer_kind,
                    "found": int(found),
                    "channel_id": channel_id,
                    "message_ts": message_ts,
                    "clicked_at": now.isoformat(timespec="seconds"),
                }
            )
            .last_pk
        )
    assert row_id is not None
    return int(row_id)


def claim_event(db: Database, event_id: str, now: datetime, kind: str = "") -> bool:
    """True the first time an event id is seen (across threads and processes), else False."""
    stamp = now.isoformat(timespec="seconds")
    try:
        with write_transaction(db):
            db.execute(
                "insert into processed_events (event_id, received_at, kind) values (?, ?, ?)",
                [event_id, stamp, kind],
            )
            db.execute(
                "delete from processed_events where received_at < ?",
                [(now - KEEP_EVENT_IDS).isoformat(timespec="seconds")],
            )
    except sqlite3.IntegrityError:
        return False
    return True
