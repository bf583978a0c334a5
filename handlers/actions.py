"""Buttons on answers: 👍/👎 (stored) and "Share in channel" (re-posted for everyone)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from handlers import render, wps
from handlers.deps import Deps
from store.slack_state import record_feedback


def register(app: App, deps: Deps) -> None:
    """Listen for answer buttons."""

    @app.action(render.FEEDBACK_UP)
    @app.action(render.FEEDBACK_DOWN)
    def on_feedback(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond
    ) -> None:
        """👍/👎: store the vote and thank the user."""
        ack()
        question, kind, found = render.parse_answer_value(action["value"])
        vote = "up" if action["action_id"] == render.FEEDBACK_UP else "down"
        container = body.get("container") or {}
        record_feedback(
            deps.store.db,
            user_id=body["user"]["id"],
            vote=vote,
            question=question,
            answer_kind=kind,
            found=found,
            now=deps.now(),
            channel_id=container.get("channel_id"),
            message_ts=container.get("message_ts"),
        )
        thanks = "Thanks, noted 👍" if vote == "up" else "Thanks, noted 👎 — it helps us improve."
        respond(text=thanks, response_type="ephemeral", replace_original=False)

    @app.action(render.SHARE)
    def on_share(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        """Share in channel: post the answer for everyone, drop the private copy."""
        ack()
        question, _, _ = render.parse_answer_value(action["value"])
        user_id = body["user"]["id"]
        reply = wps.answer(deps.context(user_id), question)
        # One response_url post turns the asker's private answer into a channel message.
        respond(
            response_type="in_channel",
            delete_original=True,
            **render.message(reply, shared_by=user_id),
        )
