"""Buttons on answers: 👍/👎 (stored) and "Share in channel" (the very answer, for everyone)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from handlers import render
from handlers.deps import Deps

GONE = "That answer is too old to share (answers are kept a week): ask me again."


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
        deps.services.feedback.record(
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
        """Share in channel: post the answer the asker saw for everyone, drop the private copy."""
        ack()
        render.parse_answer_value(action["value"])  # a forged value is refused here
        shown_id = render.shown_id_of(action["value"])
        shown = deps.services.shown.get(shown_id) if shown_id else None
        if shown is None:
            respond(text=GONE, response_type="ephemeral", replace_original=False)
            return
        # One response_url post turns the asker's private answer into a channel message.
        respond(
            response_type="in_channel",
            delete_original=True,
            **render.shared_message(shown, body["user"]["id"]),
        )
