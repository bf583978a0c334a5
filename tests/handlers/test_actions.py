"""Buttons: 👍/👎 stored, Share in channel posts the answer for everyone."""

from __future__ import annotations

from datetime import UTC, datetime

from handlers import render, wps
from store import Services
from store.readers import read_bytes
from tests.handlers.conftest import MALI, RunningBot

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


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


def test_share_in_channel_posts_exactly_the_answer_the_asker_saw(bot: RunningBot) -> None:
    bot.slack.command("women on the CSA?", response_url=bot.fake.response_url())
    seen = bot.fake.wait_for("response_url")[0]
    share = seen["blocks"][-1]["elements"][-1]
    assert share["action_id"] == "share_answer"
    # Meanwhile a coordinator loads an update that gives another answer.
    newer = (MALI.read_text("utf-8")).replace("only one woman out of the 62", "4 women out of 62")
    Services(bot.store).documents.ingest(read_bytes(newer.encode(), "newer.txt", "newer"), NOW)
    bot.fake.reset()
    bot.slack.action(
        "share_answer", share["value"], response_url=bot.fake.response_url(), ephemeral=True
    )
    posted = bot.fake.wait_for("response_url")[0]
    assert posted == {
        "response_type": "in_channel",
        "delete_original": True,
        "text": seen["text"],
        "blocks": [
            *seen["blocks"][:-1],
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "Shared by <@U0ASKER>"}]},
        ],
    }
    asked_again = wps.answer(
        wps.Context(services=Services(bot.store), now=NOW), "women on the CSA?"
    )
    assert render.fallback_text(asked_again) != seen["text"]  # re-running would differ


def test_share_of_an_answer_not_kept_says_so_and_posts_nothing(bot: RunningBot) -> None:
    value = render.answer_value("women on the CSA?", "fact", True, shown_id="not-kept")
    bot.slack.action("share_answer", value, response_url=bot.fake.response_url(), ephemeral=True)
    posted = bot.fake.wait_for("response_url")[0]
    assert posted == {
        "text": "That answer is too old to share (answers are kept a week): ask me again.",
        "response_type": "ephemeral",
        "replace_original": False,
    }


def test_a_forged_button_value_gets_an_apology(bot: RunningBot) -> None:
    bot.slack.action("feedback_up", "not json", response_url=bot.fake.response_url())
    posted = bot.fake.wait_for("response_url")[0]
    assert posted["text"].startswith("Sorry, something went wrong on my side (error id ")
    assert bot.store.db.table("feedback").count == 0
