"""Build requests as Slack sends them: signed slash commands, events and interactions.

Signatures follow Slack's v0 scheme (the one slack_sdk.signature.SignatureVerifier checks):
`v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}` keyed by the signing secret.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

import httpx

SIGNING_SECRET = "test-signing-secret"
_event_ids = itertools.count(1)


def signature(secret: str, timestamp: str, body: str) -> str:
    """The X-Slack-Signature value for a body sent at `timestamp`."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    body: str,
    content_type: str,
    *,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
    retry_num: int | None = None,
) -> dict[str, str]:
    """Headers Slack would send with `body` (optionally as retry number `retry_num`)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature(secret, ts, body),
    }
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    return headers


def command_body(
    text: str,
    *,
    user_id: str = "U0ASKER",
    channel_id: str = "C0GENERAL",
    response_url: str = "https://hooks.slack.invalid/commands/1",
    command: str = "/wps",
) -> str:
    """A form-encoded slash command body."""
    return urlencode(
        {
            "token": "legacy-unused",
            "team_id": "T0WPS",
            "team_domain": "wps-team",
            "channel_id": channel_id,
            "channel_name": "general",
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A0WPS",
            "response_url": response_url,
            "trigger_id": "1337.42.abcd",
        }
    )


def event_body(event: dict[str, Any], *, event_id: str | None = None) -> str:
    """A JSON Events API envelope around `event`."""
    return json.dumps(
        {
            "token": "legacy-unused",
            "team_id": "T0WPS",
            "api_app_id": "A0WPS",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_event_ids):08d}",
            "event_time": int(time.time()),
            "authorizations": [
                {"team_id": "T0WPS", "user_id": "UBOT", "is_bot": True, "enterprise_id": None}
            ],
        }
    )


def action_body(
    action_id: str,
    value: str,
    *,
    user_id: str = "U0ASKER",
    channel_id: str = "C0GENERAL",
    response_url: str = "https://hooks.slack.invalid/actions/1",
    message_ts: str = "1700000000.000001",
    ephemeral: bool = False,
) -> str:
    """A form-encoded block_actions interaction (payload=JSON) for one button click."""
    payload = {
        "type": "block_actions",
        "user": {"id": user_id, "username": user_id.lower(), "team_id": "T0WPS"},
        "api_app_id": "A0WPS",
        "token": "legacy-unused",
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel_id,
            "is_ephemeral": ephemeral,
        },
        "trigger_id": "1337.42.abcd",
        "team": {"id": "T0WPS", "domain": "wps-team"},
        "channel": {"id": channel_id, "name": "general"},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "answer_actions",
                "type": "button",
                "value": value,
                "action_ts": str(time.time()),
            }
        ],
    }
    if not ephemeral:
        payload["message"] = {"type": "message", "ts": message_ts, "text": "answer"}
    return urlencode({"payload": json.dumps(payload)})


class SlackSender:
    """Sends signed requests to a running app's /slack/events, as Slack does."""

    def __init__(self, base_url: str, secret: str = SIGNING_SECRET) -> None:
        self.url = base_url.rstrip("/") + "/slack/events"
        self.secret = secret
        self.http = httpx.Client(timeout=10.0)

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self.http.close()

    def post(
        self,
        body: str,
        content_type: str,
        *,
        secret: str | None = None,
        timestamp: int | None = None,
        retry_num: int | None = None,
    ) -> httpx.Response:
        """POST a body signed with `secret` (default: the right one)."""
        headers = signed_headers(
            body,
            content_type,
            secret=secret or self.secret,
            timestamp=timestamp,
            retry_num=retry_num,
        )
        return self.http.post(self.url, content=body.encode(), headers=headers)

    def command(self, text: str, **kwargs: Any) -> httpx.Response:
        """Send `/wps text`."""
        return self.post(command_body(text, **kwargs), "application/x-www-form-urlencoded")

    def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry_num: int | None = None
    ) -> httpx.Response:
        """Send one Events API event."""
        return self.post(
            event_body(event, event_id=event_id), "application/json", retry_num=retry_num
        )

    def action(self, action_id: str, value: str, **kwargs: Any) -> httpx.Response:
        """Send one button click."""
        return self.post(
            action_body(action_id, value, **kwargs), "application/x-www-form-urlencoded"
        )
