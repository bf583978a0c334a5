"""What the chat front ends remember: feedback on answers and events already handled."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, tzinfo

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


# -- App Home ------------------------------------------------------------------------------


def home_state(db: Database, now: datetime, tz: tzinfo) -> str:
    """What the Home tab's content depends on, as one comparable value: the current documents,
    the deadlines (any change bumps `updated_at`), and today's date (days left change daily)."""
    documents = db.execute(
        "select count(*), coalesce(max(id), 0), coalesce(max(replaced_at), '') from documents"
        " where is_current = 1"
    ).fetchone()
    deadlines = db.execute(
        "select count(*), coalesce(max(id), 0), coalesce(max(updated_at), '') from deadlines"
    ).fetchone()
    day = now.astimezone(tz).date().isoformat()
    return "|".join(str(part) for part in (*documents, *deadlines, day))


def home_opened(db: Database, user_id: str, state: str, now: datetime) -> None:
    """A user opened the Home tab and was shown `state`: their tab is kept up to date."""
    stamp = now.isoformat()
    with write_transaction(db):
        db.execute(
            "insert into home_tabs (user_id, opened_at, published_state, published_at)"
            " values (?, ?, ?, ?) on conflict(user_id) do update set"
            " opened_at = excluded.opened_at, published_state = excluded.published_state,"
            " published_at = excluded.published_at",
            [user_id, stamp, state, stamp],
        )


def stale_home_tabs(db: Database, state: str) -> list[str]:
    """The users whose Home tab shows an older state than `state`, oldest opened first."""
    return [
        row["user_id"]
        for row in db.query(
            "select user_id from home_tabs where published_state is not ?"
            " order by opened_at, user_id",
            [state],
        )
    ]


def home_published(db: Database, user_id: str, state: str, now: datetime) -> None:
    """Their tab now shows `state` (or publishing it failed for good: not retried until the
    data changes again)."""
    db.execute(
        "update home_tabs set published_state = ?, published_at = ? where user_id = ?",
        [state, now.isoformat(), user_id],
    )
