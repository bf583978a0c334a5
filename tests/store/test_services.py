"""The front door's own state: feedback rows, event-id claims (what makes a Slack retry a
no-op) and answers kept for sharing."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from store import Services
from store.db import Store

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A fresh database file."""
    return Store(tmp_path / "slack-state.db")


def test_feedback_is_stored(store: Store) -> None:
    row_id = Services(store).feedback.record(
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
        Services(store).feedback.record(
            user_id="U1", vote="meh", question="q", answer_kind="none", found=False,
            now=NOW,
        )  # fmt: skip
    assert store.db.table("feedback").count == 0


def test_an_event_is_claimed_once(store: Store) -> None:
    assert Services(store).once.claim("Ev1", NOW, "app_mention")
    assert not Services(store).once.claim("Ev1", NOW + timedelta(seconds=5), "app_mention")
    assert Services(store).once.claim("Ev2", NOW)


def test_old_claims_are_pruned(store: Store) -> None:
    Services(store).once.claim("Ev-old", NOW - timedelta(days=3))
    Services(store).once.claim("Ev-new", NOW)
    assert [r["event_id"] for r in store.db.table("processed_events").rows] == ["Ev-new"]


def test_concurrent_claims_have_one_winner(store: Store) -> None:
    wins: list[bool] = []
    lock = threading.Lock()

    def claim() -> None:
        won = Services(store).once.claim("Ev-race", NOW)
        with lock:
            wins.append(won)

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(wins) == [False] * 7 + [True]


def test_a_shown_answer_is_kept_a_week_by_its_id(store: Store) -> None:
    shown = Services(store).shown
    message = {"text": "1 of the 62 …", "blocks": [{"type": "section", "block_id": "a"}]}
    first = shown.new_id()
    shown.keep(first, "U1", message, NOW)
    assert shown.get(first) == message
    assert shown.get("never-kept") is None
    later = shown.new_id()
    shown.keep(later, "U1", {"text": "later"}, NOW + timedelta(days=8))
    assert (shown.get(first), shown.get(later)) == (None, {"text": "later"})
    assert first != later


def test_each_thread_uses_its_own_connection(store: Store) -> None:
    services = Services(store)
    seen: list[int] = []

    def ask() -> None:
        services.answers.ask("women on the CSA?", NOW)
        seen.append(id(store.db))
        services.close()

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 3 and id(store.db) not in seen
