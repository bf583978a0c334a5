"""The digest queue: once per update and channel, claimed before posting, retried, given up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from handlers import wps
from store.db import Store
from store.digests import (
    MAX_ATTEMPTS,
    build_digest,
    claim_digest,
    due_digests,
    mark_digest_failed,
    mark_digest_sent,
    queue_digest,
)
from store.ingest import ingest_raw
from store.readers import read_source
from tests.conftest import MALI, REPO

NOW = datetime(2016, 10, 20, 9, 0, tzinfo=UTC)
OCT = REPO / "tests" / "data" / "updates" / "mali-update-2016-10.txt"
UTC_ZONE = ZoneInfo("UTC")


def loaded(store: Store, *paths: Path) -> list[int]:
    return [ingest_raw(store.db, read_source(str(p)), NOW).document_id for p in paths]


def test_one_digest_per_update_and_channel(store: Store) -> None:
    (doc,) = loaded(store, MALI)
    assert queue_digest(store.db, doc, "C0TEAM", NOW, "U0COORD")
    assert not queue_digest(store.db, doc, "C0TEAM", NOW, "U0COORD")  # loaded again
    assert queue_digest(store.db, doc, "C0OTHER", NOW)
    assert [(d.document_id, d.channel, d.queued_by) for d in due_digests(store.db, NOW)] == [
        (doc, "C0TEAM", "U0COORD"),
        (doc, "C0OTHER", None),
    ]


def test_two_processes_never_post_one_digest_twice(store: Store) -> None:
    (doc,) = loaded(store, MALI)
    queue_digest(store.db, doc, "C0TEAM", NOW)
    (pending,) = due_digests(store.db, NOW)
    assert claim_digest(store.db, pending.id, "worker-a", NOW)
    assert not claim_digest(store.db, pending.id, "worker-b", NOW)
    assert due_digests(store.db, NOW) == []  # claimed: not offered to anyone else
    mark_digest_sent(store.db, pending.id, "worker-a", NOW, "1700000000.000001")
    later = NOW + timedelta(hours=1)
    assert due_digests(store.db, later) == []
    assert not claim_digest(store.db, pending.id, "worker-b", later)


def test_a_dead_processes_claim_expires(store: Store) -> None:
    (doc,) = loaded(store, MALI)
    queue_digest(store.db, doc, "C0TEAM", NOW)
    (pending,) = due_digests(store.db, NOW)
    assert claim_digest(store.db, pending.id, "died", NOW)
    assert claim_digest(store.db, pending.id, "alive", NOW + timedelta(minutes=11))


def test_failures_back_off_then_give_up(store: Store) -> None:
    (doc,) = loaded(store, MALI)
    queue_digest(store.db, doc, "C0TEAM", NOW)
    (pending,) = due_digests(store.db, NOW)
    moment = NOW
    for _ in range(1, MAX_ATTEMPTS):
        assert claim_digest(store.db, pending.id, "w", moment)
        retry_at = mark_digest_failed(store.db, pending.id, "w", moment, "not_in_channel")
        assert retry_at is not None and retry_at > moment
        assert due_digests(store.db, moment) == []
        moment = retry_at
    assert claim_digest(store.db, pending.id, "w", moment)
    assert mark_digest_failed(store.db, pending.id, "w", moment, "not_in_channel") is None
    row = store.db.execute("select status, reason, attempts from digests").fetchone()
    assert row == ("skipped", f"gave up after {MAX_ATTEMPTS} attempts", MAX_ATTEMPTS)


def test_where_an_update_falls_among_its_countrys(store: Store) -> None:
    newer, older = loaded(store, OCT, MALI)
    first = build_digest(store.db, newer, NOW, UTC_ZONE)
    assert first is not None  # built before the sample was loaded it would be "first"
    assert (first.place, first.changes is not None) == ("latest", True)
    late = build_digest(store.db, older, NOW, UTC_ZONE)
    assert late is not None and late.place == "earlier" and late.changes is None
    assert late.latest is not None and late.latest.title == OCT.name
    assert build_digest(store.db, 999, NOW, UTC_ZONE) is None


def test_a_revised_file_is_compared_with_its_earlier_version(store: Store, tmp_path: Path) -> None:
    note = tmp_path / "mali-note.txt"
    note.write_text(MALI.read_text("utf-8"), encoding="utf-8")
    ingest_raw(store.db, read_source(str(note)), NOW)
    note.write_text(
        MALI.read_text("utf-8").replace("six out its 25", "seven out its 25"), encoding="utf-8"
    )
    revised = ingest_raw(store.db, read_source(str(note)), NOW).document_id
    digest = build_digest(store.db, revised, NOW, UTC_ZONE)
    assert digest is not None and digest.place == "first"
    reply = wps.digest_reply(digest, NOW, UTC_ZONE)
    assert reply.text == (
        "New update on Mali: mali-note.txt (Aug 2016, latest date it reports on). Against its"
        " earlier version: Figures: 1 moved."
    )
    assert reply.lines[0] == (
        "Moved: women — members of the Truth and Reconciliation Commission: 6 of 25 → 7 of 25"
    )
