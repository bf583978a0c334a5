"""Feedback rows and event-id claims (what makes a Slack retry a no-op)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from store.db import Store
from store.slack_state import claim_event, record_feedback

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A fresh database file."""
    return Store(tmp_path / "slack-state.db")


def test_feedback_is_stored(store: Store) -> None:
    row_id = record_feedback(
        store.db,
        user_id="U1",
        vote="up",
        question="women on the CSA?",
        answer_kind="fact",
        found=True,
        now=NOW,
        channel_id="C1",
        message_ts="1.2",
    )
    assert list(store.db.table("feedback").rows) == [
        {
            "id": row_id,
            "user_id": "U1",
            "vote": "up",
            "question": "women on the CSA?",
            "answer_kind": "fact",
            "found": 1,
            "channel_id": "C1",
            "message_ts": "1.2",
            "clicked_at": "2026-11-28T09:00:00+00:00",
        }
    ]


def test_unknown_vote_is_refused(store: Store) -> None:
    with pytest.raises(ValueError):
        record_feedback(
            store.db, user_id="U1", vote="meh", question="q", answer_kind="none", found=False,
            now=NOW,
        )  # fmt: skip
    assert store.db.table("feedback").count == 0


def test_an_event_is_claimed_once(store: Store) -> None:
    assert claim_event(store.db, "Ev1", NOW, "app_mention")
    assert not claim_event(store.db, "Ev1", NOW + timedelta(seconds=5), "app_mention")
    assert claim_event(store.db, "Ev2", NOW)


def test_old_claims_are_pruned(store: Store) -> None:
    claim_event(store.db, "Ev-old", NOW - timedelta(days=3))
    claim_event(store.db, "Ev-new", NOW)
    assert [r["event_id"] for r in store.db.table("processed_events").rows] == ["Ev-new"]


def test_concurrent_claims_have_one_winner(store: Store) -> None:
    wins: list[bool] = []
    lock = threading.Lock()

    def claim() -> None:
        won = claim_event(store.db, "Ev-race", NOW)
        with lock:
            wins.append(won)

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(wins) == [False] * 7 + [True]
