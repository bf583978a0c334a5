"""@mentions (answered in the mention's thread) and direct messages (answered in the DM).

Text goes through the same command language as /wps; shared files are loaded. Which events
are answered is decided before the listener runs (handlers.listening): a person's message, not
a bot's, and each event id once, so a Slack retry (X-Slack-Retry-Num) never answers twice.
A reply that holds a figure over time is followed by its chart, uploaded into the same thread
or DM: Slack cannot attach an uploaded file to a chat.postMessage, so the chart is a second,
file-share message right under the answer.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from handlers import render, wps
from handlers.charts import post_chart
from handlers.deps import Deps
from handlers.files import ingest_files
from handlers.listening import a_direct_message, from_a_person, ignore, once_per_event
from handlers.slack_text import typed_text


def register(app: App, deps: Deps) -> None:
    """Listen for mentions and DMs."""
    once = [once_per_event(deps)]

    @app.event("app_mention", matchers=[from_a_person], middleware=once)
    def on_mention(event: dict[str, Any], client: WebClient) -> None:
        """An @mention: answer in its thread."""
        thread_ts = event.get("thread_ts") or event.get("ts")
        reply = _reply(deps, client, event)
        client.chat_postMessage(
            channel=event["channel"], thread_ts=thread_ts, **render.message(reply)
        )
        if reply.series is not None:
            post_chart(client, event["channel"], reply.series, thread_ts=thread_ts)

    @app.event("message", matchers=[a_direct_message, from_a_person], middleware=once)
    def on_message(event: dict[str, Any], client: WebClient) -> None:
        """A direct message: answer in the DM."""
        reply = _reply(deps, client, event)
        client.chat_postMessage(channel=event["channel"], **render.message(reply))
        if reply.series is not None:
            post_chart(client, event["channel"], reply.series)

    # Registered last: what the listeners above do not take is acked and left alone.
    app.event("app_mention")(ignore)
    app.event("message")(ignore)


def _reply(deps: Deps, client: WebClient, event: dict[str, Any]) -> wps.Reply:
    # A mention is answered in the channel's thread, for everyone there to see.
    ctx = deps.context(event.get("user"), private=event.get("channel_type") == "im")
    if event.get("files"):
        return ingest_files(deps, client, ctx, event["files"])
    return wps.run(ctx, typed_text(event.get("text") or ""))
