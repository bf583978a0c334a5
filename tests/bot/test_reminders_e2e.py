"""End to end: `wpsbot serve` processes posting reminders to the fake Slack Web API.

Each test starts real `python -m bot serve` processes on a temp database and a fake Slack on
127.0.0.1; waits are bounded polls for a real post (the scheduler ticks every second).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from store import deadlines as dl
from store.db import Store
from tests.fakes.serve_process import ServeProcess, serve_env
from tests.fakes.signing import SIGNING_SECRET
from tests.fakes.slack_api import BOT_TOKEN, FakeSlack

REPO = Path(__file__).resolve().parents[2]


class Serve(ServeProcess):
    """One `wpsbot serve` process posting reminders to the fake Slack."""

    def __init__(self, db: Path, fake: FakeSlack, cwd: Path) -> None:
        env = serve_env(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=fake.api_url,
            PORT="0",
            WPSBOT_REMINDER_CHANNEL="C0REMIND",
            WPSBOT_TIMEZONE="UTC",
        )
        super().__init__(env, cwd, ready="listening on", args=("--db", str(db)))
        self.wait_ready(timeout=20)
        self.ready_at = datetime.now(UTC)

    def stop_and_log(self) -> str:
        """SIGTERM, wait, and return its output (the log)."""
        code = self.stop(timeout=15)
        assert code == 0, self.output
        return self.output


@pytest.fixture
def serve(fake_slack: FakeSlack, tmp_path: Path) -> Iterator[Any]:
    """A factory of serve processes on tmp_path/wps.db; all are stopped after the test."""
    started: list[Serve] = []

    def start() -> Serve:
        process = Serve(tmp_path / "wps.db", fake_slack, tmp_path)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.proc.poll() is None:
            process.proc.kill()
            process.proc.wait()


def add(db: Path, due: datetime, added: datetime, channel: str | None = "C0WPS") -> int:
    """A deadline with lead 0, as a coordinator would add it at `added`."""
    deadline = dl.add_deadline(
        Store(db).db, "Submit the briefing note", due.isoformat(), leads="0",
        channel=channel, now=added,
    )  # fmt: skip
    return deadline.id


def posts(fake: FakeSlack) -> list[dict[str, Any]]:
    """Every chat.postMessage the fake received."""
    return fake.calls_to("chat.postMessage")


def sent_rows(db: Path) -> list[dict[str, Any]]:
    """The delivery log."""
    return list(Store(db).db.query("select lead, status, late, attempts from reminder_deliveries"))


def test_due_in_seconds_posts_once_and_a_restart_does_not_repost(
    serve: Any, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    db = tmp_path / "wps.db"
    now = datetime.now(UTC)
    due = now + timedelta(seconds=3)
    add(db, due, now)
    first = serve()
    (post,) = fake_slack.wait_for("chat.postMessage", timeout=15)
    posted = datetime.now(UTC)
    if first.ready_at < due:
        assert posted - due < timedelta(seconds=2)
    assert post["channel"] == "C0WPS"
    when = f"{due:%A} {due.day} {due:%B %Y, %H:%M} UTC"
    assert post["text"] == f"Reminder: Submit the briefing note — due {when} (now)."
    first.stop_and_log()
    second = serve()
    time.sleep(2.2)  # the start-up run and two ticks
    second.stop_and_log()
    assert len(posts(fake_slack)) == 1
    assert sent_rows(db) == [{"lead": "0", "status": "sent", "late": 0, "attempts": 1}]


def test_down_through_the_due_time_is_caught_up_at_start_marked_late(
    serve: Any, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    db = tmp_path / "wps.db"
    now = datetime.now(UTC)
    add(db, now - timedelta(seconds=30), now - timedelta(minutes=5))  # due while no bot ran
    add(db, now - timedelta(days=2), now - timedelta(days=3))  # beyond the 24 h catch-up
    process = serve()
    (post,) = fake_slack.wait_for("chat.postMessage", timeout=15)
    time.sleep(1.5)
    log = process.stop_and_log()
    assert post["channel"] == "C0WPS"
    assert post["text"].splitlines()[1].startswith("(Late: this reminder was due ")
    assert len(posts(fake_slack)) == 1
    assert "reminder skipped: deadline 2 'Submit the briefing note'" in log
    assert sorted(r["status"] for r in sent_rows(db)) == ["sent", "skipped"]


def test_slack_answers_429_twice_then_it_is_posted_once(
    serve: Any, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    db = tmp_path / "wps.db"
    now = datetime.now(UTC)
    add(db, now + timedelta(seconds=1), now, channel=None)  # to WPSBOT_REMINDER_CHANNEL
    fake_slack.fail("chat.postMessage", status=429, times=2, retry_after=1)
    process = serve()
    calls = fake_slack.wait_for("chat.postMessage", count=3, timeout=20)
    time.sleep(1.2)
    process.stop_and_log()
    assert len(posts(fake_slack)) == 3  # 429, 429, ok
    assert calls[0] == calls[1] == calls[2]
    assert calls[2]["channel"] == "C0REMIND"
    assert sent_rows(db) == [{"lead": "0", "status": "sent", "late": 0, "attempts": 1}]


def test_two_serve_processes_on_one_database_post_once(
    serve: Any, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    db = tmp_path / "wps.db"
    now = datetime.now(UTC)
    add(db, now + timedelta(seconds=3), now)
    one, two = serve(), serve()
    fake_slack.wait_for("chat.postMessage", timeout=15)
    time.sleep(2)
    one.stop_and_log()
    two.stop_and_log()
    assert len(posts(fake_slack)) == 1


# -- killed at each step of a delivery: posted once, and soon ---------------------------------


def killed(process: Serve) -> None:
    """SIGKILL: no clean-up, as a crash or an OOM kill."""
    process.proc.kill()
    process.proc.wait()


def wait_for_row(db: Path, status: str, timeout: float = 15) -> dict[str, Any]:
    """Poll the delivery log until its one row has `status`."""
    deadline = time.monotonic() + timeout
    while True:
        rows = list(Store(db).db.query("select * from reminder_deliveries"))
        if rows and rows[0]["status"] == status:
            return rows[0]
        assert time.monotonic() < deadline, rows
        time.sleep(0.1)


def test_killed_after_slack_has_the_post_but_before_it_is_marked_sent(
    serve: Any, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    db = tmp_path / "wps.db"
    now = datetime.now(UTC)
    add(db, now + timedelta(seconds=1), now)
    hold = fake_slack.hold("chat.postMessage", delivered=True)
    first = serve()
    assert hold.arrived.wait(15)
    killed(first)  # Slack has the message; "sent" was never written
    hold.release.set()
    (message,) = fake_slack.history["C0WPS"]
    assert wait_for_row(db, "pending", timeout=1)["claimed_by"]
    second = serve()
    row = wait_for_row(db, "sent")
    log = second.stop_and_log()
    assert len(posts(fake_slack)) == 1  # never posted again
    assert fake_slack.history["C0WPS"] == [message]
    assert row["slack_ts"] == message["ts"]
    (lookup,) = fake_slack.calls_to("conversations.history")
    assert (lookup["channel"], lookup["include_all_metadata"]) == ("C0WPS", "1")
    assert "was already in C0WPS; not posted again" in log


def test_killed_before_slack_got_the_post_it_is_posted_once(
    serve: Any, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    db = tmp_path / "wps.db"
    now = datetime.now(UTC)
    add(db, now + timedelta(seconds=1), now)
    hold = fake_slack.hold("chat.postMessage", delivered=False)
    first = serve()
    assert hold.arrived.wait(15)
    killed(first)  # claimed, and the post lost on the way
    hold.release.set()
    second = serve()
    row = wait_for_row(db, "sent")
    second.stop_and_log()
    (message,) = fake_slack.history["C0WPS"]
    assert row["slack_ts"] == message["ts"]
    assert len(fake_slack.calls_to("conversations.history")) == 1  # looked, found none


def test_killed_during_a_429_wait_it_is_posted_within_seconds_of_restart(
    serve: Any, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    db = tmp_path / "wps.db"
    now = datetime.now(UTC)
    add(db, now + timedelta(seconds=1), now)
    fake_slack.fail("chat.postMessage", status=429, times=1, retry_after=120)
    first = serve()
    fake_slack.wait_for("chat.postMessage", timeout=15)  # the 429: now it sleeps 120 s
    time.sleep(0.5)
    killed(first)
    second = serve()
    row = wait_for_row(db, "sent", timeout=10)  # on main: once the 10-minute claim lapsed
    resumed = datetime.fromisoformat(row["sent_at"]) - second.ready_at
    second.stop_and_log()
    assert resumed < timedelta(seconds=5)
    assert len(fake_slack.history["C0WPS"]) == 1
