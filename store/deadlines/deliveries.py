"""The delivery log, table `reminder_deliveries`: one row per (deadline, occurrence, lead).

A process claims a reminder by inserting its row before posting; the claim is a lease it
renews while posting, and that lapses when the process is gone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from store.deadlines.constants import CLAIM_TTL
from store.deadlines.rules import Delivery, Reminder


def load_deliveries(db: Database, deadline_ids: Iterable[int] | None = None) -> list[Delivery]:
    """Delivery rows (of the given deadlines) as Delivery values."""
    sql = "select * from reminder_deliveries"
    params: list[int] = []
    if deadline_ids is not None:
        params = list(deadline_ids)
        if not params:
            return []
        sql += f" where deadline_id in ({','.join('?' for _ in params)})"
    return [
        Delivery(
            deadline_id=row["deadline_id"],
            occurrence=row["occurrence"],
            lead=row["lead"],
            status=row["status"],
            fire_at=row["fire_at"],
            claimed_by=row["claimed_by"],
            claimed_at=row["claimed_at"],
            next_attempt_at=row["next_attempt_at"],
            attempts=row["attempts"] or 0,
        )
        for row in db.query(sql, params)
    ]


def record_skip(db: Database, reminder: Reminder, now: datetime) -> bool:
    """Log a reminder as skipped; False if another process already settled it."""
    stamp = _iso(now)
    if reminder.retry:
        cursor = db.execute(
            "update reminder_deliveries set status = 'skipped', reason = ?, claimed_at = ? "
            "where deadline_id = ? and occurrence = ? and lead = ? and status = 'pending'",
            [reminder.reason, stamp, *reminder.key],
        )
    else:
        cursor = db.execute(
            "insert or ignore into reminder_deliveries (deadline_id, occurrence, lead, fire_at, "
            "status, reason, claimed_at, late, attempts) "
            "values (?, ?, ?, ?, 'skipped', ?, ?, ?, 0)",
            [*reminder.key, _iso(reminder.fire_at), reminder.reason, stamp, int(reminder.late)],
        )
    return cursor.rowcount == 1


def delivery_key(db: Database, reminder: Reminder) -> str:
    """What identifies this reminder in Slack: this database's id and the delivery's key."""
    from store.state import instance_id

    deadline_id, occurrence, lead = reminder.key
    return f"{instance_id(db)}/{deadline_id}/{occurrence}/{lead}"


def claim(db: Database, reminder: Reminder, worker: str, now: datetime, channel: str) -> bool:
    """Take the right to post this reminder; False if another process has (or had) it.

    A retry takes a claim that is free, stale (not renewed for CLAIM_TTL), or the lapsed one
    the reminder names (`taken_over`, a process known to be gone) — compare-and-swap, so two
    processes never both take it.
    """
    stamp = _iso(now)
    if reminder.retry:
        stale = _iso(now - CLAIM_TTL)
        cursor = db.execute(
            "update reminder_deliveries set claimed_by = ?, claimed_at = ?, channel = ?, late = ?, "
            "delivery_key = coalesce(delivery_key, ?), "
            "first_claimed_at = coalesce(first_claimed_at, claimed_at, ?) "
            "where deadline_id = ? and occurrence = ? and lead = ? and status = 'pending' "
            "and (claimed_by is null or claimed_at < ? or claimed_by = ?) "
            "and (next_attempt_at is null or next_attempt_at <= ?)",
            [
                worker, stamp, channel, int(reminder.late), delivery_key(db, reminder), stamp,
                *reminder.key, stale, reminder.taken_over, stamp,
            ],
        )  # fmt: skip
    else:
        cursor = db.execute(
            "insert or ignore into reminder_deliveries (deadline_id, occurrence, lead, fire_at, "
            "channel, status, claimed_by, claimed_at, late, attempts, delivery_key, "
            "first_claimed_at) values (?, ?, ?, ?, ?, 'pending', ?, ?, ?, 0, ?, ?)",
            [
                *reminder.key, _iso(reminder.fire_at), channel, worker, stamp,
                int(reminder.late), delivery_key(db, reminder), stamp,
            ],
        )  # fmt: skip
    return cursor.rowcount == 1


def renew_claim(db: Database, reminder: Reminder, worker: str, now: datetime) -> bool:
    """Keep this worker's claim alive while its post is under way; False if it lost it."""
    cursor = db.execute(
        "update reminder_deliveries set claimed_at = ? "
        "where deadline_id = ? and occurrence = ? and lead = ? and claimed_by = ?",
        [_iso(now), *reminder.key, worker],
    )
    return cursor.rowcount == 1


def first_attempt(db: Database, reminder: Reminder) -> datetime | None:
    """When this reminder was first claimed: a post of it can be no older."""
    rows = list(
        db.query(
            "select first_claimed_at from reminder_deliveries "
            "where deadline_id = ? and occurrence = ? and lead = ?",
            list(reminder.key),
        )
    )
    stamp = rows[0]["first_claimed_at"] if rows else None
    return datetime.fromisoformat(stamp) if stamp else None


def mark_sent(db: Database, reminder: Reminder, worker: str, now: datetime, ts: str) -> None:
    """Slack said ok: the reminder is delivered for good."""
    db.execute(
        "update reminder_deliveries set status = 'sent', sent_at = ?, slack_ts = ?, "
        "attempts = attempts + 1, last_error = null "
        "where deadline_id = ? and occurrence = ? and lead = ? and claimed_by = ?",
        [_iso(now), ts, *reminder.key, worker],
    )


def mark_failed(
    db: Database, reminder: Reminder, worker: str, now: datetime, error: str
) -> datetime:
    """The post failed: release the claim and set when to try again (exponential backoff)."""
    rows = list(
        db.query(
            "select attempts from reminder_deliveries "
            "where deadline_id = ? and occurrence = ? and lead = ?",
            list(reminder.key),
        )
    )
    attempts = (rows[0]["attempts"] or 0) + 1 if rows else 1
    retry_at = now + retry_backoff(attempts)
    db.execute(
        "update reminder_deliveries set claimed_by = null, attempts = ?, last_error = ?, "
        "next_attempt_at = ? "
        "where deadline_id = ? and occurrence = ? and lead = ? and claimed_by = ?",
        [attempts, error[:500], _iso(retry_at), *reminder.key, worker],
    )
    return retry_at


def retry_backoff(attempts: int) -> timedelta:
    """2 s, 4 s, 8 s … after each failed attempt, at most 5 minutes."""
    return timedelta(seconds=min(300, 2 ** min(attempts, 9)))


def _iso(moment: datetime) -> str:
    # Fixed-width UTC with microseconds, so the SQL comparisons of claims order correctly.
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
