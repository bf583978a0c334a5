"""A burst of 50 slash commands: every one acked within Slack's 3 s, every one answered,
the database intact. Runs the default (non-FaaS) path where acks return before answers."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from tests.handlers.conftest import COORDINATOR, RunningBot

SLACK_ACK_LIMIT = 3.0  # seconds: Slack's hard limit, not a performance target
QUESTIONS = [
    "women on the CSA?",
    "facts CSA",
    "when does the IEG reconvene?",
    '"NEAR( AND *',
    "'; DROP TABLE facts; --",
    "share of women among military personnel",
    "help",
    "documents",
    "deadlines",
    "ingest https://example.invalid/x.pdf",  # a non-coordinator: refused, nothing fetched
]


def test_fifty_concurrent_commands_are_all_acked_in_time(bot: RunningBot) -> None:
    facts_before = bot.store.db.table("facts").count

    def send(i: int) -> tuple[int, float]:
        started = time.monotonic()
        user = COORDINATOR if i == 0 else f"U{i:04d}"
        text = "facts women" if i == 0 else QUESTIONS[i % len(QUESTIONS)]
        response = bot.slack.command(
            text, user_id=user, response_url=bot.fake.response_url(f"r{i}")
        )
        return response.status_code, time.monotonic() - started

    with ThreadPoolExecutor(50) as pool:
        results = list(pool.map(send, range(50)))

    assert [status for status, _ in results] == [200] * 50
    slowest = max(elapsed for _, elapsed in results)
    assert slowest < SLACK_ACK_LIMIT, f"slowest ack took {slowest:.2f}s"
    answers = bot.fake.wait_for("response_url", 50, timeout=60)
    assert len(answers) == 50
    assert sorted(c.path for c in bot.fake.calls if c.method == "response_url") == sorted(
        f"/response/r{i}" for i in range(50)
    )
    assert not any(a["text"].startswith("Sorry, something went wrong") for a in answers)
    db = bot.store.db
    assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert db.table("facts").count == facts_before
    assert db.table("documents").count == 1
