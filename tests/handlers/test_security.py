"""Requests Slack did not sign (or signed too long ago) are refused and do nothing."""

from __future__ import annotations

import logging
import time

import httpx
import pytest

from store import Services
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


# -- requests that fail verification in any way: 401, and nothing in the body is used ----------

# Each value of X-Slack-Request-Timestamp / X-Slack-Signature that is not what Slack sends. On
# main, a timestamp that int() rejects made the check raise, and the error handler then POSTed
# to the body's response_url and wrote in the body's channel.
MALFORMED_HEADERS: list[dict[str, str]] = [
    {"X-Slack-Request-Timestamp": "not-a-number", "X-Slack-Signature": "v0=" + "0" * 64},
    {"X-Slack-Request-Timestamp": "", "X-Slack-Signature": "v0=" + "0" * 64},
    {"X-Slack-Request-Timestamp": "1e10", "X-Slack-Signature": "v0=" + "0" * 64},
    {"X-Slack-Request-Timestamp": "nan", "X-Slack-Signature": "v0=" + "0" * 64},
    {"X-Slack-Request-Timestamp": "9" * 5000, "X-Slack-Signature": "v0=" + "0" * 64},
    {"X-Slack-Request-Timestamp": "-1", "X-Slack-Signature": "v0=" + "0" * 64},
    {"X-Slack-Request-Timestamp": "NOW", "X-Slack-Signature": "v0=é"},  # non-ASCII signature
    {"X-Slack-Request-Timestamp": "NOW", "X-Slack-Signature": "v0=" + "é" * 64},
    {"X-Slack-Request-Timestamp": "NOW", "X-Slack-Signature": ""},
    {"X-Slack-Request-Timestamp": "NOW", "X-Slack-Signature": "garbage"},
    {"X-Slack-Request-Timestamp": "NOW"},  # no signature at all
    {"X-Slack-Signature": "v0=" + "0" * 64},  # no timestamp at all
]


def _hostile_bodies(bot: RunningBot) -> list[tuple[str, str]]:
    """A command and an event whose response_url and channel point at the fake Slack."""
    command = command_body("help", response_url=bot.fake.response_url("attacker"))
    mention = event_body({"type": "app_mention", "user": "U0ASKER", "text": "hi", "ts": "1.1",
                          "channel": "C0VICTIM"})  # fmt: skip
    return [(command, FORM), (mention, "application/json"), ("{not json", "application/json")]


def test_every_malformed_signature_header_is_401_and_uses_nothing(bot: RunningBot) -> None:
    now = str(int(time.time()))
    statuses = []
    for headers in MALFORMED_HEADERS:
        for body, content_type in _hostile_bodies(bot):
            # As raw bytes: the non-ASCII signatures must reach the server as sent.
            sent = {k.encode(): (now if v == "NOW" else v).encode() for k, v in headers.items()}
            response = httpx.post(
                bot.slack.url,
                content=body.encode(),
                headers={b"Content-Type": content_type.encode(), **sent},
            )
            statuses.append(response.status_code)
            assert response.json() == {"error": "invalid request"}
    assert statuses == [401] * len(MALFORMED_HEADERS) * 3
    time.sleep(0.3)  # anything the app did on its worker threads has reached the fake by now
    assert bot.fake.methods() == []
    assert bot.store.db.table("processed_events").count == 0


def test_verification_failures_never_log_the_body(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    body = command_body("help", response_url=bot.fake.response_url("secret-path-in-body"))
    response = httpx.post(
        bot.slack.url,
        content=body.encode(),
        headers={"Content-Type": FORM, "X-Slack-Request-Timestamp": "x", "X-Slack-Signature": "y"},
    )
    assert response.status_code == 401
    assert "secret-path-in-body" not in caplog.text
    assert "refused a request to /slack/events: " in caplog.text


def test_a_dispatched_request_that_fails_verification_is_401_and_uses_nothing(
    bot: RunningBot,
) -> None:
    """The same guarantee for code that dispatches to the Bolt app without the HTTP server."""
    from slack_bolt.request import BoltRequest

    from bot.app import create_app, make_client

    app = create_app(bot.settings, Services(bot.store), make_client(bot.settings))
    bot.fake.reset()
    body = command_body("help", response_url=bot.fake.response_url("attacker"))
    response = app.dispatch(
        BoltRequest(
            body=body,
            headers={
                "content-type": FORM,
                "x-slack-request-timestamp": "not-a-number",
                "x-slack-signature": "v0=" + "0" * 64,
            },
        )
    )
    assert response.status == 401
    time.sleep(0.3)
    assert bot.fake.methods() == []


def test_a_body_too_big_to_be_slacks_is_413_and_unread(bot: RunningBot) -> None:
    body = command_body("help" + "x" * 3_000_000, response_url=bot.fake.response_url("big"))
    response = bot.slack.post(body, FORM)  # signed, even: Slack sends nothing this big
    assert response.status_code == 413
    assert bot.fake.methods() == []
