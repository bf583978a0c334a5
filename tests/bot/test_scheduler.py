"""ReminderService and the scheduler: one post per reminder, retries, catch-up, real WebClient."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient

from bot.scheduler import Outcome, ReminderService, create_scheduler
from handlers.reminders import reminder_blocks, slack_poster
from store import deadlines as dl
from store.db import Store
from tests.fakes.slack_api import BOT_TOKEN, FakeSlack

ADDED = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
DUE = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


class Recorder:
    """A post() that records what it was given and answers like Slack (or fails on request)."""

    def __init__(self, failures: int = 0) -> None:
        self.posts: list[tuple[str, str, list[dict[str, Any]] | None]] = []
        self.failures = failures

    def __call__(self, channel: str, text: str, blocks: list[dict[str, Any]] | None) -> str | None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("connection reset")
        self.posts.append((channel, text, blocks))
        return f"1700000000.{len(self.posts):06d}"


def service(store: Store, post: Any, **kwargs: Any) -> ReminderService:
    """A service with a fixed worker name, default channel C0REMIND, UTC, 24 h catch-up."""
    return ReminderService(
        store, post, default_channel="C0REMIND", worker=kwargs.pop("worker", "w1"), **kwargs
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
    assert one.posts[0][1] == ("Reminder: Report — due Tuesday 1 December 2026, 10:00 UTC (today).")


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
    reminders = ReminderService(store, Recorder(), worker="w1")
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
        "text": "Reminder: Report — due Tuesday 1 December 2026, 10:00 UTC (today).",
        "blocks": [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": ":alarm_clock: *Report* — due Tuesday 1 December 2026, 10:00 UTC "
                    "(today)",
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
