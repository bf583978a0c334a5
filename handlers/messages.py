"""@mentions (answered in the mention's thread) and direct messages (answered in the DM).

Text goes through the same command language as /wps; shared files are loaded. Every event id
is claimed in the database first, so a Slack retry (X-Slack-Retry-Num) never answers twice.
A reply that holds a figure over time is followed by its chart, uploaded into the same thread
or DM: Slack cannot attach an uploaded file to a chat.postMessage, so the chart is a second,
file-share message right under the answer.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from handlers import render, wps
from handlers.charts import post_chart
from handlers.deps import Deps
from handlers.files import ingest_files
from store.slack_state import claim_event

log = logging.getLogger(__name__)

MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
# Message subtypes that are not a person writing to the bot (edits, joins, other bots...).
ANSWERED_SUBTYPES = {None, "file_share", "thread_broadcast"}


def register(app: App, deps: Deps) -> None:
    """Listen for mentions and DMs."""

    @app.event("app_mention")
    def on_mention(body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
        """An @mention: answer in its thread."""
        if event.get("bot_id"):
            return  # another bot mentioning us: answering bots invites loops
        if not _first_time(deps, body, event):
            return
        thread_ts = event.get("thread_ts") or event.get("ts")
        reply = _reply(deps, client, event)
        client.chat_postMessage(
            channel=event["channel"], thread_ts=thread_ts, **render.message(reply)
        )
        if reply.series is not None:
            post_chart(client, event["channel"], reply.series, thread_ts=thread_ts)

    @app.event("message")
    def on_message(body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
        """A direct message: answer in the DM."""
        if event.get("channel_type") != "im" or event.get("subtype") not in ANSWERED_SUBTYPES:
            return
        if event.get("bot_id") or not event.get("user"):
            return  # other bots: answering them invites loops
        if not _first_time(deps, body, event):
            return
        reply = _reply(deps, client, event)
        client.chat_postMessage(channel=event["channel"], **render.message(reply))
        if reply.series is not None:
            post_chart(client, event["channel"], reply.series)


def _first_time(deps: Deps, body: dict[str, Any], event: dict[str, Any]) -> bool:
    event_id = body.get("event_id") or f"{event.get('channel')}:{event.get('ts')}"
    if claim_event(deps.store.db, str(event_id), deps.now(), str(event.get("type"))):
        return True
    log.info("event %s already handled (Slack retry); not answering again", event_id)
    return False


def _reply(deps: Deps, client: WebClient, event: dict[str, Any]) -> wps.Reply:
    # A mention is answered in the channel's thread, for everyone there to see.
    ctx = deps.context(event.get("user"), private=event.get("channel_type") == "im")
    if event.get("files"):
        return ingest_files(deps, client, ctx, event["files"])
    # Drop the mention markup first: unescaping could turn typed text into lookalike markup.
    return wps.run(ctx, render.unescape(MENTION.sub(" ", event.get("text") or "")))
