"""Buttons: 👍/👎 stored, Share in channel posts the answer for everyone."""

from __future__ import annotations

from datetime import UTC, datetime

from handlers import render, wps
from tests.handlers.conftest import RunningBot


def test_feedback_click_is_stored_and_acknowledged(bot: RunningBot) -> None:
    value = render.answer_value("women on the CSA?", "fact", True)
    response = bot.slack.action(
        "feedback_down", value, response_url=bot.fake.response_url(), channel_id="C0GENERAL"
    )
    assert response.status_code == 200
    posted = bot.fake.wait_for("response_url")
    assert posted == [
        {
            "text": "Thanks, noted 👎 — it helps us improve.",
            "response_type": "ephemeral",
            "replace_original": False,
        }
    ]
    rows = list(bot.store.db.table("feedback").rows)
    assert [
        {k: row[k] for k in ("user_id", "vote", "question", "answer_kind", "found", "channel_id")}
        for row in rows
    ] == [
        {
            "user_id": "U0ASKER",
            "vote": "down",
            "question": "women on the CSA?",
            "answer_kind": "fact",
            "found": 1,
            "channel_id": "C0GENERAL",
        }
    ]


def test_share_in_channel_reposts_the_answer_for_everyone(bot: RunningBot) -> None:
    value = render.answer_value("women on the CSA?", "fact", True)
    bot.slack.action("share_answer", value, response_url=bot.fake.response_url(), ephemeral=True)
    posted = bot.fake.wait_for("response_url")[0]
    reply = wps.answer(wps.Context(db=bot.store.db, now=datetime.now(UTC)), "women on the CSA?")
    assert posted == {
        "response_type": "in_channel",
        "delete_original": True,
        **render.message(reply, shared_by="U0ASKER"),
    }
    assert posted["blocks"][-1] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": "Shared by <@U0ASKER>"}],
    }


def test_a_forged_button_value_gets_an_apology(bot: RunningBot) -> None:
    bot.slack.action("feedback_up", "not json", response_url=bot.fake.response_url())
    posted = bot.fake.wait_for("response_url")[0]
    assert posted["text"].startswith("Sorry, something went wrong on my side (error id ")
    assert bot.store.db.table("feedback").count == 0
