"""ReminderService and the scheduler: one post per reminder, retries, catch-up, real WebClient."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient

from bot.scheduler import Outcome, ReminderService, create_scheduler
from handlers.reminders import reminder_blocks, slack_finder, slack_poster
from store import Services
from store import deadlines as dl
from store.db import Store
from store.state import instance_id
from tests.fakes.slack_api import BOT_TOKEN, FakeSlack

ADDED = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
DUE = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


class Recorder:
    """A post() that records what it was given and answers like Slack (or fails on request)."""

    def __init__(self, failures: int = 0) -> None:
        self.posts: list[tuple[str, str, list[dict[str, Any]] | None]] = []
        self.keys: list[str] = []
        self.failures = failures

    def __call__(
        self, channel: str, text: str, blocks: list[dict[str, Any]] | None, key: str
    ) -> str | None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("connection reset")
        self.posts.append((channel, text, blocks))
        self.keys.append(key)
        return f"1700000000.{len(self.posts):06d}"


def service(store: Store, post: Any, **kwargs: Any) -> ReminderService:
    """A service with a fixed worker name, default channel C0REMIND, UTC, 24 h catch-up."""
    return ReminderService(
        Services(store),
        post,
        default_channel="C0REMIND",
        worker=kwargs.pop("worker", "w1"),
        **kwargs,
    )


def results(outcomes: list[Outcome]) -> list[tuple[str, str, str | None]]:
    """(lead, result, channel) of each outcome."""
    return [(o.lead, o.result, o.channel) for o in outcomes]


def test_a_reminder_is_posted_once_across_runs_and_processes(tmp_path: Path) -> None:
    path = tmp_path / "wps.db"
    first, second = Store(path), Store(path)
    dl.add_deadline(first.db, "Report", DUE.isoformat(), leads="1h,0", now=ADDED)
    one, two = Recorder(), Recorder()
    assert service(first, one).run_due(DUE - timedelta(hours=1, seconds=1)) == []
    at_lead = DUE - timedelta(hours=1)
    assert results(service(first, one).run_due(at_lead)) == [("1h", "sent", "C0REMIND")]
    # A second process on the same database, and a restarted first one: nothing more to post.
    assert service(second, two, worker="w2").run_due(at_lead + timedelta(seconds=1)) == []
    assert service(first, one).run_due(at_lead + timedelta(seconds=2)) == []
    assert results(service(second, two, worker="w2").run_due(DUE)) == [("0", "sent", "C0REMIND")]
    assert service(first, one).run_due(DUE) == []
    assert [channel for channel, _, _ in one.posts + two.posts] == ["C0REMIND", "C0REMIND"]
    # The 1-hour reminder says how far away the deadline is.
    assert one.posts[0][1] == (
        "Reminder: Report — due Tuesday 1 December 2026, 10:00 UTC (in 1 hour)."
    )


def test_a_failed_post_stays_pending_and_is_retried_after_backoff(store: Store) -> None:
    deadline = dl.add_deadline(store.db, "Report", DUE.isoformat(), leads="0", now=ADDED)
    post = Recorder(failures=1)
    reminders = service(store, post)
    assert results(reminders.run_due(DUE)) == [("0", "failed", "C0REMIND")]
    (row,) = store.db.query("select * from reminder_deliveries")
    assert (row["status"], row["attempts"], row["last_error"], row["claimed_by"]) == (
        "pending",
        1,
        "ConnectionError: connection reset",
        None,
    )
    assert reminders.run_due(DUE + timedelta(seconds=1)) == []  # backing off
    assert results(reminders.run_due(DUE + timedelta(seconds=3))) == [("0", "sent", "C0REMIND")]
    assert len(post.posts) == 1
    assert [d.status for d in dl.load_deliveries(store.db, [deadline.id])] == ["sent"]


def test_missed_while_down_is_caught_up_late_or_skipped(store: Store) -> None:
    dl.add_deadline(store.db, "Recent", DUE.isoformat(), leads="0", channel="C0A", now=ADDED)
    old = DUE - timedelta(days=2)
    dl.add_deadline(store.db, "Old", old.isoformat(), leads="0", now=ADDED - timedelta(days=3))
    post = Recorder()
    outcomes = service(store, post).run_due(DUE + timedelta(hours=3))
    assert [(o.deadline_id, o.result, o.detail) for o in outcomes] == [
        (1, "sent", "1700000000.000001"),
        (2, "skipped", "more than 1 d late"),
    ]
    assert post.posts[0][1].splitlines()[1] == "(Late: this reminder was due 2026-12-01 10:00.)"
    late = list(store.db.query("select late, status from reminder_deliveries order by id"))
    assert late == [{"late": 1, "status": "sent"}, {"late": 1, "status": "skipped"}]


def test_no_channel_anywhere_is_skipped_and_logged_once(store: Store) -> None:
    dl.add_deadline(store.db, "Report", DUE.isoformat(), leads="0", now=ADDED)
    reminders = ReminderService(Services(store), Recorder(), worker="w1")
    assert [(o.result, o.detail) for o in reminders.run_due(DUE)] == [
        ("skipped", "no channel: set WPSBOT_REMINDER_CHANNEL or --channel")
    ]
    assert reminders.run_due(DUE + timedelta(seconds=1)) == []


def test_real_web_client_retries_429_and_posts_once(store: Store, fake_slack: FakeSlack) -> None:
    dl.add_deadline(store.db, "Report", DUE.isoformat(), leads="0", channel="C0WPS", now=ADDED)
    fake_slack.fail("chat.postMessage", status=429, times=2, retry_after=0)
    client = WebClient(token=BOT_TOKEN, base_url=fake_slack.api_url)
    reminders = service(store, slack_poster(client), render=reminder_blocks)
    assert results(reminders.run_due(DUE)) == [("0", "sent", "C0WPS")]
    calls = fake_slack.calls_to("chat.postMessage")
    assert len(calls) == 3  # two 429s, then ok: one message
    assert calls[-1] == {
        "channel": "C0WPS",
        "text": "Reminder: Report — due Tuesday 1 December 2026, 10:00 UTC (now).",
        "blocks": [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": ":alarm_clock: *Report* — due Tuesday 1 December 2026, 10:00 UTC (now)",
                },
            },
            {
                "type": "actions",
                "block_id": "deadline:1",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "deadline_done",
                        "text": {"type": "plain_text", "text": "Done", "emoji": True},
                        "value": "1",
                        "style": "primary",
                    },
                    {
                        "type": "button",
                        "action_id": "deadline_snooze",
                        "text": {"type": "plain_text", "text": "Snooze 1 day", "emoji": True},
                        "value": "1",
                    },
                ],
            },
        ],
        "unfurl_links": False,
        "unfurl_media": False,
        # The delivery key, for a later process to find the post: this database's id and
        # (deadline, occurrence, lead).
        "metadata": {
            "event_type": "wpsbot_reminder",
            "event_payload": {"delivery": f"{instance_id(store.db)}/1/2026-12-01T10:00:00+00:00/0"},
        },
    }
    assert reminders.run_due(DUE + timedelta(seconds=5)) == []


def test_slack_error_answer_keeps_it_pending(store: Store, fake_slack: FakeSlack) -> None:
    dl.add_deadline(store.db, "Report", DUE.isoformat(), leads="0", channel="C0WPS", now=ADDED)
    fake_slack.fail("chat.postMessage", error="channel_not_found")
    client = WebClient(token=BOT_TOKEN, base_url=fake_slack.api_url)
    reminders = service(store, slack_poster(client))
    (outcome,) = reminders.run_due(DUE)
    assert outcome.result == "failed"
    assert outcome.detail is not None and "channel_not_found" in outcome.detail
    assert results(reminders.run_due(DUE + timedelta(seconds=3))) == [("0", "sent", "C0WPS")]


def test_the_scheduler_posts_within_two_seconds_of_the_time(
    store: Store, fake_slack: FakeSlack
) -> None:
    due = datetime.now(UTC) + timedelta(seconds=1.5)
    dl.add_deadline(
        store.db, "Soon", due.isoformat(), leads="0", channel="C0WPS", now=datetime.now(UTC)
    )
    client = WebClient(token=BOT_TOKEN, base_url=fake_slack.api_url)
    scheduler = create_scheduler(service(store, slack_poster(client), render=reminder_blocks))
    scheduler.start()
    try:
        (call,) = fake_slack.wait_for("chat.postMessage", timeout=6)
        posted = datetime.now(UTC)
        time.sleep(1.2)  # one more tick: still one message
    finally:
        scheduler.shutdown()
    assert posted - due < timedelta(seconds=2)
    assert call["channel"] == "C0WPS" and call["text"].startswith("Reminder: Soon — due")
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_a_hand_edited_nonsense_row_does_not_stop_other_reminders(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    broken = dl.add_deadline(store.db, "Broken", DUE.isoformat(), leads="0", now=ADDED)
    store.db.table("deadlines").update(broken.id, {"due": "next Tuesday"})
    dl.add_deadline(store.db, "Fine", DUE.isoformat(), leads="0", now=ADDED)
    reminders = service(store, Recorder())
    assert [(o.deadline_id, o.result) for o in reminders.run_due(DUE)] == [(2, "sent")]
    assert reminders.run_due(DUE + timedelta(seconds=1)) == []
    logged = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert logged == ["deadline 1 cannot be scheduled; fix or remove it"]


def test_hostile_titles_cannot_ping_or_link(store: Store, fake_slack: FakeSlack) -> None:
    title = "<!channel> read <https://evil.example|this> & more"
    dl.add_deadline(store.db, title, DUE.isoformat(), leads="0", channel="C0WPS", now=ADDED)
    client = WebClient(token=BOT_TOKEN, base_url=fake_slack.api_url)
    service(store, slack_poster(client), render=reminder_blocks).run_due(DUE)
    (call,) = fake_slack.calls_to("chat.postMessage")
    escaped = "&lt;!channel&gt; read &lt;https://evil.example|this&gt; &amp; more"
    assert call["text"].startswith(f"Reminder: {escaped} — due")
    assert call["blocks"][0]["text"]["text"].startswith(f":alarm_clock: *{escaped}* — due")


# -- claims are leases; a retry asks Slack first -----------------------------------------------


def claimed_row(store: Store) -> dict[str, Any]:
    (row,) = store.db.query("select * from reminder_deliveries")
    return row


def test_a_long_post_renews_its_claim_so_no_one_else_takes_it(tmp_path: Path) -> None:
    path = tmp_path / "wps.db"
    store = Store(path)
    dl.add_deadline(store.db, "Report", DUE.isoformat(), leads="0", now=ADDED)
    seen: list[str] = []
    rival: list[list[Outcome]] = []

    def slow_post(channel: str, text: str, blocks: Any, key: str) -> str:
        time.sleep(0.5)  # as a Retry-After wait would: the claim is renewed meanwhile
        row = claimed_row(Store(path))
        seen.append(row["claimed_at"])
        # Another process, past the first claim's 30 s lease but within the renewed one.
        later = datetime.fromisoformat(row["claimed_at"]) + timedelta(seconds=29.9)
        assert later > DUE + timedelta(seconds=30)
        rival.append(service(Store(path), Recorder(), worker="w2").run_due(later))
        return "1700000000.000009"

    reminders = service(store, slow_post, renew_every=timedelta(seconds=0.1))
    assert results(reminders.run_due(DUE)) == [("0", "sent", "C0REMIND")]
    assert datetime.fromisoformat(seen[0]) > DUE  # renewed after the claim at DUE
    assert rival == [[]]


def test_a_lapsed_claim_of_another_host_is_taken_over_after_the_lease(store: Store) -> None:
    dl.add_deadline(store.db, "Report", DUE.isoformat(), leads="0", now=ADDED)
    store.db.execute(
        "insert into reminder_deliveries (deadline_id, occurrence, lead, fire_at, channel, "
        "status, claimed_by, claimed_at, attempts, late) values (1, ?, '0', ?, 'C0REMIND', "
        "'pending', 'elsewhere:7:a1b2c3d4:e5f6a7b8', ?, 0, 0)",
        [DUE.isoformat(), DUE.isoformat(), DUE.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")],
    )
    looked: list[tuple[str, str]] = []

    def find(channel: str, key: str, since: datetime) -> None:
        looked.append((channel, key))

    post = Recorder()
    assert service(store, post, find=find).run_due(DUE + timedelta(seconds=29)) == []
    assert results(service(store, post, find=find).run_due(DUE + timedelta(seconds=31))) == [
        ("0", "sent", "C0REMIND")
    ]
    assert looked == [("C0REMIND", post.keys[0])]  # asked Slack before posting again
    assert len(post.posts) == 1


def test_a_retry_that_finds_its_post_in_slack_marks_it_sent_without_posting(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    dl.add_deadline(store.db, "Report", DUE.isoformat(), leads="0", now=ADDED)
    timed_out = Recorder(failures=1)  # a timeout: Slack may or may not have it
    assert results(service(store, timed_out).run_due(DUE)) == [("0", "failed", "C0REMIND")]

    def find(channel: str, key: str, since: datetime) -> str:
        assert since == DUE  # from the first attempt on
        return "1700000000.000042"

    post = Recorder()
    later = DUE + timedelta(seconds=3)
    assert results(service(store, post, find=find).run_due(later)) == [("0", "sent", "C0REMIND")]
    assert post.posts == []
    row = claimed_row(store)
    assert (row["status"], row["slack_ts"]) == ("sent", "1700000000.000042")
    assert "was already in C0REMIND; not posted again" in caplog.text


def test_when_slack_cannot_say_the_retry_posts_and_says_why(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    dl.add_deadline(store.db, "Report", DUE.isoformat(), leads="0", now=ADDED)
    service(store, Recorder(failures=1)).run_due(DUE)

    def find(channel: str, key: str, since: datetime) -> str:
        raise RuntimeError("missing_scope")

    post = Recorder()
    assert results(service(store, post, find=find).run_due(DUE + timedelta(seconds=3))) == [
        ("0", "sent", "C0REMIND")
    ]
    assert len(post.posts) == 1
    assert "could not check whether C0REMIND already has it (missing_scope); posting it" in (
        caplog.text
    )


def test_the_slack_finder_reads_the_channel_history(fake_slack: FakeSlack) -> None:
    client = WebClient(token=BOT_TOKEN, base_url=fake_slack.api_url)
    post, find = slack_poster(client), slack_finder(client)
    since = datetime.now(UTC)
    ts = post("C0WPS", "Reminder", None, "db1/1/2026-12-01/0")
    post("C0WPS", "Another", None, "db1/2/2026-12-01/0")
    assert find("C0WPS", "db1/1/2026-12-01/0", since) == ts
    assert find("C0WPS", "db2/1/2026-12-01/0", since) is None  # another database's deadline 1
    assert find("C0OTHER", "db1/1/2026-12-01/0", since) is None


def test_a_claimant_on_this_host_that_has_ended_is_known_at_once() -> None:
    import os
    import socket
    import subprocess
    import sys

    from bot.scheduler import worker_alive, worker_id

    host = socket.gethostname()
    assert worker_alive(worker_id())
    ours = worker_id().split(":")
    assert not worker_alive(f"{host}:{os.getpid()}:0000beef:12345678")  # our pid, reused
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    assert not worker_alive(f"{host}:{gone.stdout.strip()}:{ours[2]}:12345678")
    assert worker_alive(f"elsewhere:{gone.stdout.strip()}:{ours[2]}:12345678")  # lease decides
    assert worker_alive("w1")  # not a worker name this bot makes
