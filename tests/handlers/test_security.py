"""Requests Slack did not sign (or signed too long ago) are refused and do nothing."""

from __future__ import annotations

import time

import httpx

from tests.fakes.signing import command_body, event_body
from tests.handlers.conftest import COORDINATOR, RunningBot

FORM = "application/x-www-form-urlencoded"


def test_bad_signature_is_401_and_does_nothing(bot: RunningBot) -> None:
    body = command_body("ingest http://example.invalid/x.txt", user_id=COORDINATOR)
    response = bot.slack.post(body, FORM, secret="not-the-secret")
    assert response.status_code == 401
    assert bot.fake.methods() == []
    assert bot.store.db.table("documents").count == 1


def test_stale_timestamp_is_401(bot: RunningBot) -> None:
    body = event_body({"type": "app_mention", "user": "U0ASKER", "text": "hi", "ts": "1.1",
                       "channel": "C0GENERAL"})  # fmt: skip
    response = bot.slack.post(body, "application/json", timestamp=int(time.time()) - 600)
    assert response.status_code == 401
    assert bot.fake.methods() == []
    assert bot.store.db.table("processed_events").count == 0


def test_unsigned_request_is_401(bot: RunningBot) -> None:
    response = httpx.post(
        bot.slack.url, content=command_body("help").encode(), headers={"Content-Type": FORM}
    )
    assert response.status_code == 401
    assert bot.fake.methods() == []


def test_healthz(bot: RunningBot) -> None:
    response = httpx.get(bot.base_url + "/healthz")
    assert (response.status_code, response.text) == (200, "ok\n")


def test_unknown_path_is_404(bot: RunningBot) -> None:
    assert httpx.get(bot.base_url + "/admin").status_code == 404


def test_url_verification_challenge_is_answered(bot: RunningBot) -> None:
    body = '{"token": "legacy", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"}'  # noqa: E501
    response = bot.slack.post(body, "application/json")
    assert response.status_code == 200
    assert response.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
