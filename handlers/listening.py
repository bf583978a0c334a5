"""What decides whether a listener runs, with Bolt's own tools: matchers and listener middleware.

- `from_a_person`, `a_direct_message`: matchers — a message from a person (not a bot, not an
  edit or a join), and one in a DM; other messages go to `ignore`, which only acks them.
- `once_per_event(deps)`: middleware that claims the Slack event id before the listener runs,
  so Slack's retries (X-Slack-Retry-Num) are acked and never answered twice.
- `coordinators_only(deps)`: middleware for buttons that change data; anyone else is told
  so, privately, and nothing runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltResponse, Respond

from handlers.deps import Deps

log = logging.getLogger(__name__)

# Message subtypes that are a person writing to the bot (not edits, joins, other bots...).
ANSWERED_SUBTYPES = {None, "file_share", "thread_broadcast"}
REFUSED = "Only coordinators can change deadlines; ask one to do it."

Middleware = Callable[..., BoltResponse | None]


def from_a_person(event: dict[str, Any]) -> bool:
    """A person wrote it: answering another bot invites loops."""
    return not event.get("bot_id") and bool(event.get("user"))


def a_direct_message(event: dict[str, Any]) -> bool:
    """A message a person wrote in a DM with the bot (a new one, or a file shared)."""
    return event.get("channel_type") == "im" and event.get("subtype") in ANSWERED_SUBTYPES


def ignore() -> None:
    """Events no listener answers (messages in channels, bots, edits): acked, nothing else."""


def event_key(body: dict[str, Any]) -> str:
    """The event's id (the channel and ts when Slack gives none)."""
    event = body.get("event") or {}
    return str(body.get("event_id") or f"{event.get('channel')}:{event.get('ts')}")


def once_per_event(deps: Deps) -> Middleware:
    """Run the listener the first time an event id is seen, across threads and processes."""

    def once(body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        kind = str((body.get("event") or {}).get("type"))
        if deps.services.once.claim(event_key(body), deps.now(), kind):
            next()
            return None
        log.info("event %s already handled (Slack retry); not answering again", event_key(body))
        return BoltResponse(status=200, body="")

    return once


def coordinators_only(deps: Deps) -> Middleware:
    """Run the listener only for a coordinator; tell anyone else, privately."""

    def only(
        ack: Ack, body: dict[str, Any], respond: Respond, next: Callable[[], None]
    ) -> BoltResponse | None:
        if deps.is_coordinator(str((body.get("user") or {}).get("id", "")) or None):
            next()
            return None
        ack()
        respond(text=REFUSED, response_type="ephemeral", replace_original=False)
        return BoltResponse(status=200, body="")

    return only
