"""Digests: what an update loaded in Slack changed, posted once to the team channel.

Loading an update in Slack (a shared file or `/wps ingest URL`) queues one digest per update
and channel (`digests`, unique on both). The scheduler's clock asks `due_digests(now)` and
posts each one it claims first, as reminders do: a restart or a second process never posts a
digest twice, and a failed post is retried with backoff until Slack answers ok.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from sqlite_utils import Database

from store.changes import Changes, changes_for_document
from store.deadlines import Deadline, list_deadlines, retry_backoff
from store.updates import DocumentRef, get_document, updates

CLAIM_TTL = timedelta(minutes=10)  # a claim older than this was a process that died
MAX_ATTEMPTS = 8  # then the digest is skipped (logged), not retried for ever


def _iso(moment: datetime) -> str:
    # Fixed-width UTC, so that claims compare correctly as text (as store.deadlines does).
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def queue_digest(
    db: Database, document_id: int, channel: str, now: datetime, user_id: str | None = None
) -> bool:
    """Queue the digest of one update for a channel; False when it was queued before."""
    cursor = db.execute(
        "insert or ignore into digests (document_id, channel, status, queued_at, queued_by,"
        " attempts) values (?, ?, 'pending', ?, ?, 0)",
        [document_id, channel, _iso(now), user_id],
    )
    return cursor.rowcount == 1


@dataclass(frozen=True)
class PendingDigest:
    """A digest waiting to be posted."""

    id: int
    document_id: int
    channel: str
    attempts: int
    queued_by: str | None


def due_digests(db: Database, now: datetime) -> list[PendingDigest]:
    """Digests that may be posted now: pending, not claimed (or claimed by a dead process),
    and past their backoff; oldest first."""
    stamp = _iso(now)
    rows = db.execute(
        "select id, document_id, channel, attempts, queued_by from digests"
        " where status = 'pending' and (claimed_by is null or claimed_at < ?)"
        " and (next_attempt_at is null or next_attempt_at <= ?) order by id",
        [_iso(now - CLAIM_TTL), stamp],
    ).fetchall()
    return [PendingDigest(int(r[0]), int(r[1]), str(r[2]), int(r[3] or 0), r[4]) for r in rows]


def claim_digest(db: Database, digest_id: int, worker: str, now: datetime) -> bool:
    """Take the right to post one digest; False if another process has it (or it is done)."""
    cursor = db.execute(
        "update digests set claimed_by = ?, claimed_at = ? where id = ? and status = 'pending'"
        " and (claimed_by is null or claimed_at < ?)",
        [worker, _iso(now), digest_id, _iso(now - CLAIM_TTL)],
    )
    return cursor.rowcount == 1


def mark_digest_sent(db: Database, digest_id: int, worker: str, now: datetime, ts: str) -> None:
    """Slack said ok: the digest is delivered for good."""
    db.execute(
        "update digests set status = 'sent', sent_at = ?, slack_ts = ?, attempts = attempts + 1,"
        " last_error = null where id = ? and claimed_by = ?",
        [_iso(now), ts, digest_id, worker],
    )


def mark_digest_failed(
    db: Database, digest_id: int, worker: str, now: datetime, error: str
) -> datetime | None:
    """The post failed: release the claim and say when to try again; after MAX_ATTEMPTS the
    digest is skipped and None is returned."""
    row = db.execute("select attempts from digests where id = ?", [digest_id]).fetchone()
    attempts = (int(row[0] or 0) if row else 0) + 1
    if attempts >= MAX_ATTEMPTS:
        db.execute(
            "update digests set status = 'skipped', reason = ?, attempts = ?, last_error = ?,"
            " claimed_by = null where id = ? and claimed_by = ?",
            [f"gave up after {attempts} attempts", attempts, error[:500], digest_id, worker],
        )
        return None
    retry_at = now + retry_backoff(attempts)
    db.execute(
        "update digests set claimed_by = null, attempts = ?, last_error = ?, next_attempt_at = ?"
        " where id = ? and claimed_by = ?",
        [attempts, error[:500], _iso(retry_at), digest_id, worker],
    )
    return retry_at


def skip_digest(db: Database, digest_id: int, reason: str) -> None:
    """Give a digest up for good (its update was removed): logged, never posted."""
    db.execute(
        "update digests set status = 'skipped', reason = ?, claimed_by = null where id = ?",
        [reason[:500], digest_id],
    )


@dataclass(frozen=True)
class Digest:
    """What one loaded update changed, as the team channel is told.

    `place` says where the update falls among its country's updates by date: `first` (no
    other), `latest`, or `earlier` (an older update loaded after a newer one, whose changes
    are history; `latest` then names the newest update).
    """

    document: DocumentRef
    place: str  # first | latest | earlier
    changes: Changes | None  # against the version it replaced, else the update before it
    latest: DocumentRef | None
    deadlines: list[Deadline]  # upcoming deadlines derived from this update
    facts: int
    events: int
    queued_by: str | None = None


def build_digest(
    db: Database, document_id: int, now: datetime, tz: tzinfo, queued_by: str | None = None
) -> Digest | None:
    """The digest of one update, or None when the update is no longer loaded."""
    doc = get_document(db, document_id)
    if doc is None:
        return None
    history = updates(db, doc.country)
    ids = [ref.id for ref in history]
    if len(history) <= 1 and document_id in ids:
        place = "first"
    elif ids and ids[-1] == document_id:
        place = "latest"
    else:
        place = "earlier"
    counts = db.execute(
        "select (select count(*) from facts where document_id = ?),"
        " (select count(*) from events where document_id = ?)",
        [document_id, document_id],
    ).fetchone()
    deadlines = [d for d in list_deadlines(db, now, tz=tz) if d.document_id == document_id]
    return Digest(
        document=doc,
        place=place,
        changes=changes_for_document(db, document_id),
        latest=history[-1] if place == "earlier" and history else None,
        deadlines=deadlines,
        facts=int(counts[0]),
        events=int(counts[1]),
        queued_by=queued_by,
    )
