"""The /wps slash command: ack at once, then answer only to the asker (with Share in channel)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from handlers import render, wps
from handlers.deps import Deps
from handlers.slack_text import typed_text


def register(app: App, deps: Deps) -> None:
    """Listen for /wps."""

    @app.command("/wps")
    def wps_command(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        """/wps TEXT: run it and answer only to the asker."""
        # Ack first: Slack shows an error if it gets no answer within 3 s. Bolt sends the
        # HTTP response as soon as ack() is called; the rest runs on Bolt's worker thread.
        ack()
        user_id = body.get("user_id")
        reply = wps.run(deps.context(user_id), typed_text(body.get("text") or ""))
        respond(response_type="ephemeral", **shown_privately(deps, reply, user_id))


def shown_privately(deps: Deps, reply: wps.Reply, user_id: str | None) -> dict[str, Any]:
    """The private answer with its Share button; the message is kept by id, so that Share
    posts exactly what the asker saw (handlers.actions)."""
    if reply.answer is None:
        return render.message(reply)
    shown_id = deps.services.shown.new_id()
    message = render.message(reply, share=True, shown_id=shown_id)
    deps.services.shown.keep(shown_id, user_id, message, deps.now())
    return message
