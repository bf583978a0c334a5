"""The one error handler: log with an error id, tell the user briefly, never stay silent.

The apology goes where the request came from (its response_url or channel), so it is sent
only for a request whose signature was checked: an error can happen before that check (or be
the check failing), and an unverified body names whatever address an attacker chose.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from handlers import render
from handlers.verification import VERIFIED

log = logging.getLogger("wpsbot.errors")


def register(app: App) -> None:
    """Install the app's error handler."""

    @app.error
    def on_error(
        error: Exception, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Log with an id and apologise where the user is (verified requests only)."""
        error_id = uuid.uuid4().hex[:8]
        if not context.get(VERIFIED):
            log.error("error %s before the request was verified; nothing sent", error_id,
                      exc_info=error)  # fmt: skip
            return
        log.error("error %s while handling %s", error_id, _what(body), exc_info=error)
        try:
            _apologise(body, client, render.apology_text(error_id))
        except Exception:  # the apology itself failed (Slack down?): the log has the id
            log.exception("error %s: could not send the apology", error_id)


def _what(body: dict[str, Any]) -> str:
    if "command" in body:
        return f"command {body.get('command')}"
    if body.get("type") == "block_actions":
        return "button " + ",".join(a.get("action_id", "?") for a in body.get("actions", []))
    event = body.get("event") or {}
    return f"event {event.get('type')} {body.get('event_id', '')}".strip()


def _apologise(body: dict[str, Any], client: WebClient, text: str) -> None:
    response_url = body.get("response_url")
    if response_url:  # slash commands and buttons
        from slack_sdk.webhook import WebhookClient

        WebhookClient(response_url).send(
            text=text, response_type="ephemeral", replace_original=False
        )
        return
    event = body.get("event") or {}
    channel = event.get("channel")
    if not channel or event.get("type") == "app_home_opened":
        return  # nowhere sensible to say it; the log has it
    thread_ts = event.get("thread_ts") or (
        event.get("ts") if event.get("type") == "app_mention" else None
    )
    client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text)
