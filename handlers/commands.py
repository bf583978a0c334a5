"""The /wps slash command: ack at once, then answer only to the asker (with Share in channel)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from handlers import render, wps
from handlers.deps import Deps


def register(app: App, deps: Deps) -> None:
    """Listen for /wps."""

    @app.command("/wps")
    def wps_command(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        """/wps TEXT: run it and answer only to the asker."""
        # Ack first: Slack shows an error if it gets no answer within 3 s. Bolt sends the
        # HTTP response as soon as ack() is called; the rest runs on Bolt's worker thread.
        ack()
        text = render.unescape(body.get("text") or "")
        reply = wps.run(deps.context(body.get("user_id")), text)
        respond(response_type="ephemeral", **render.message(reply, share=True))
