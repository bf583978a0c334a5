"""Reminder buttons: Done, Snooze 1 day, Confirm date and Source, through a real Bolt app."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from slack_bolt import App, BoltRequest
from slack_sdk import WebClient

from handlers import reminders
from handlers.deps import Deps
from store import Services
from store import deadlines as dl
from store.db import Store
from tests.fakes.signing import SIGNING_SECRET, action_body, signed_headers
from tests.fakes.slack_api import BOT_TOKEN, FakeSlack

COORDINATOR = "U0COORD"
NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


@pytest.fixture
def app(fake_slack: FakeSlack, store: Store) -> Iterator[App]:
    """A Bolt app with only the reminder buttons registered, talking to the fake Slack."""
    client = WebClient(token=BOT_TOKEN, base_url=fake_slack.api_url)
    bolt = App(client=client, signing_secret=SIGNING_SECRET, process_before_response=True)
    deps = Deps(
        services=Services(store),
        bot_token=BOT_TOKEN,
        coordinators=frozenset({COORDINATOR}),
        timezone="Europe/Paris",
        now=lambda: NOW,
    )
    reminders.register(bolt, deps)
    fake_slack.reset()
    yield bolt


def click(app: App, fake: FakeSlack, action_id: str, value: str, user: str) -> dict[str, Any]:
    """Click a button; return what the listener sent back through response_url."""
    body = action_body(action_id, value, user_id=user, response_url=fake.response_url())
    headers: dict[str, str | Sequence[str]] = {
        **signed_headers(body, "application/x-www-form-urlencoded")
    }
    response = app.dispatch(BoltRequest(body=body, headers=headers))
    assert response.status == 200
    (answer,) = fake.wait_for("response_url")
    fake.reset()
    return answer


def derived(store: Store) -> dl.Deadline:
    """The Veloria IEG reconvening, derived from one event row."""
    db = store.db
    doc = db.table("documents").insert(
        {"source": "/d/v.txt", "title": "veloria.txt", "sha256": "s", "country": "Veloria",
         "ingested_at": NOW.isoformat(), "is_current": 1, "text": ""}
    ).last_pk  # fmt: skip
    db.table("events").insert(
        {"document_id": doc, "kind": "reconvene", "title": "IEG", "date": "2027-02-12",
         "precision": "approximate", "approximate": 1, "anchor_date": "2026-10-12",
         "quote": "The Group agreed to meet again in <about> four months.", "start_offset": 0,
         "end_offset": 1}
    )  # fmt: skip
    dl.sync_derived(db, NOW)
    (deadline,) = dl.list_deadlines(db, NOW)
    return deadline


def test_done_by_a_coordinator_updates_the_message(
    app: App, fake_slack: FakeSlack, store: Store
) -> None:
    deadline = dl.add_deadline(store.db, "Report", "2026-12-04", now=NOW)
    answer = click(app, fake_slack, reminders.DONE, str(deadline.id), COORDINATOR)
    note = ":white_check_mark: Marked done by <@U0COORD>."
    assert answer == {
        "text": f"Report: {note}",
        "replace_original": True,
        "blocks": [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": ":alarm_clock: *Report* — due Friday 4 December 2026 (in 4 days)",
                },
            },
            {"type": "context", "elements": [{"type": "mrkdwn", "text": note}]},
        ],
    }
    assert dl.get_deadline(store.db, deadline.id).status == "done"


def test_a_non_coordinator_cannot_change_a_deadline(
    app: App, fake_slack: FakeSlack, store: Store
) -> None:
    deadline = dl.add_deadline(store.db, "Report", "2026-12-04", now=NOW)
    for action in (reminders.DONE, reminders.SNOOZE, reminders.CONFIRM):
        assert click(app, fake_slack, action, str(deadline.id), "U0OTHER") == {
            "text": "Only coordinators can change deadlines; ask one to do it.",
            "response_type": "ephemeral",
            "replace_original": False,
        }
    assert dl.get_deadline(store.db, deadline.id) == deadline


def test_snooze_and_confirm(app: App, fake_slack: FakeSlack, store: Store) -> None:
    deadline = derived(store)
    snoozed = click(app, fake_slack, reminders.SNOOZE, str(deadline.id), COORDINATOR)
    assert snoozed["blocks"][1]["elements"][0]["text"] == (
        ":zzz: Snoozed for a day by <@U0COORD>: I will remind you again tomorrow."
    )
    assert dl.get_deadline(store.db, deadline.id).snoozed_until == "2026-12-01T08:00:00+00:00"
    confirmed = click(app, fake_slack, reminders.CONFIRM, str(deadline.id), COORDINATOR)
    assert confirmed["blocks"][0]["text"]["text"] == (
        ":alarm_clock: *Informal Expert Group meets again on Veloria* — due Friday 12 February "
        "2027 (in 74 days)"
    )
    after = dl.get_deadline(store.db, deadline.id)
    assert (after.status, after.approximate, after.needs_confirmation) == (
        "confirmed",
        False,
        False,
    )


def test_source_shows_the_quote_to_anyone_escaped(
    app: App, fake_slack: FakeSlack, store: Store
) -> None:
    deadline = derived(store)
    assert click(app, fake_slack, reminders.SOURCE, str(deadline.id), "U0OTHER") == {
        "text": "> The Group agreed to meet again in &lt;about&gt; four months.\n— _veloria.txt_",
        "response_type": "ephemeral",
        "replace_original": False,
    }


def test_unknown_or_forged_ids_get_a_one_line_answer(app: App, fake_slack: FakeSlack) -> None:
    assert click(app, fake_slack, reminders.DONE, "999", COORDINATOR)["text"] == (
        "no deadline with id 999"
    )
    assert click(app, fake_slack, reminders.SOURCE, "x'); drop", "U0OTHER")["text"] == (
        "That button is broken."
    )


def test_reminder_blocks_for_a_derived_approximate_deadline(store: Store) -> None:
    deadline = derived(store)
    now = datetime(2027, 1, 29, 10, 0, tzinfo=UTC)
    (reminder,) = dl.due_reminders(dl.active_deadlines(store.db), [], now, tz=UTC)
    blocks = reminders.reminder_blocks(reminder, now, UTC)
    assert [block["type"] for block in blocks] == ["section", "context", "context", "actions"]
    assert blocks[1]["elements"][0]["text"] == (
        "Late: this reminder was due 2027-01-29 09:00. "
        "The date is approximate: a coordinator should confirm or move it."
    )
    assert blocks[2]["elements"][0]["text"] == (
        "“The Group agreed to meet again in &lt;about&gt; four months.” — _veloria.txt_"
    )
    assert [b["action_id"] for b in blocks[3]["elements"]] == [
        "deadline_done",
        "deadline_snooze",
        "deadline_confirm",
        "deadline_source",
    ]
    assert {b["value"] for b in blocks[3]["elements"]} == {str(deadline.id)}
