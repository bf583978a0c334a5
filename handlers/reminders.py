"""Reminder messages: Block Kit with Done / Snooze 1 day / Source buttons, and those buttons."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from handlers.listening import coordinators_only
from handlers.slack_text import escape
from store import Deadline, DeadlineError, Reminder, describe_distance, describe_due

if TYPE_CHECKING:
    from slack_bolt import Ack, App, Respond
    from slack_sdk import WebClient

    from handlers.deps import Deps

DONE = "deadline_done"
SNOOZE = "deadline_snooze"
SOURCE = "deadline_source"
CONFIRM = "deadline_confirm"
SECTION_LIMIT = 3000  # Slack: section and context text ≤ 3,000 characters
QUOTE_LIMIT = 600  # the reminder shows the start of the quote; Source shows all of it

# post(channel, text, blocks, key) -> the message ts when Slack said ok (what ReminderService
# calls); find(channel, key, since) -> the ts of a post carrying that key, if Slack has one.
Post = Callable[[str, str, list[dict[str, Any]] | None, str], str | None]
Find = Callable[[str, str, datetime], str | None]
# Slack message metadata (https://api.slack.com/metadata/using): the delivery key travels with
# the reminder, and conversations.history returns it with include_all_metadata.
METADATA_TYPE = "wpsbot_reminder"
HISTORY_PAGES = 10  # of 200 messages: how far back a lookup reads a busy channel


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _headline(deadline: Deadline, now: datetime, tz: tzinfo) -> str:
    approx = "about " if deadline.approximate else ""
    return (
        f":alarm_clock: *{escape(deadline.title)}* — due {approx}{describe_due(deadline, tz)} "
        f"({describe_distance(deadline, now, tz)})"
    )


def reminder_blocks(reminder: Reminder, now: datetime, tz: tzinfo) -> list[dict[str, Any]]:
    """The reminder as Block Kit: headline, notes, the source quote, and the buttons."""
    deadline = reminder.deadline
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=_headline(deadline, now, tz)))]
    notes = []
    if reminder.late:
        notes.append(
            f"Late: this reminder was due {reminder.fire_at.astimezone(tz):%Y-%m-%d %H:%M}."
        )
    if deadline.needs_confirmation:
        notes.append("The date is approximate: a coordinator should confirm or move it.")
    if notes:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=escape(" ".join(notes)))]))
    if deadline.origin == "derived" and deadline.source_quote:
        quote = _cut(deadline.source_quote, QUOTE_LIMIT)
        source = f"“{escape(quote)}” — _{escape(deadline.source_document or '')}_"
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_cut(source, SECTION_LIMIT))]))
    blocks.append(ActionsBlock(block_id=f"deadline:{deadline.id}", elements=_buttons(deadline)))
    return [block.to_dict() for block in blocks]


def _buttons(deadline: Deadline) -> list[ButtonElement]:
    value = str(deadline.id)
    buttons = [
        ButtonElement(text="Done", action_id=DONE, value=value, style="primary"),
        ButtonElement(text="Snooze 1 day", action_id=SNOOZE, value=value),
    ]
    if deadline.needs_confirmation:
        buttons.append(ButtonElement(text="Confirm date", action_id=CONFIRM, value=value))
    if deadline.origin == "derived":
        buttons.append(ButtonElement(text="Source", action_id=SOURCE, value=value))
    return buttons


def status_blocks(deadline: Deadline, note: str, now: datetime, tz: tzinfo) -> list[dict[str, Any]]:
    """The reminder after a click: headline and who did what, without the buttons."""
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=_headline(deadline, now, tz))),
        ContextBlock(elements=[MarkdownTextObject(text=note)]),
    ]
    return [block.to_dict() for block in blocks]


def source_text(deadline: Deadline) -> str:
    """The whole source sentence and its document (mrkdwn)."""
    if deadline.origin != "derived" or not deadline.source_quote:
        return f"“{escape(deadline.title)}” was added by hand: it has no source document."
    quote = _cut(escape(deadline.source_quote), SECTION_LIMIT - 200)
    return f"> {quote}\n— _{escape(deadline.source_document or 'unknown document')}_"


def slack_poster(client: WebClient) -> Post:
    """post(channel, text, blocks) -> ts for ReminderService, through this WebClient.

    Adds slack_sdk's retry handlers for 429 (honouring Retry-After) and 5xx, which are off by
    default; errors that remain are raised, and the service retries later with backoff.
    """
    from slack_sdk.http_retry.builtin_handlers import (
        RateLimitErrorRetryHandler,
        ServerErrorRetryHandler,
    )

    kinds = {type(handler) for handler in client.retry_handlers}
    if RateLimitErrorRetryHandler not in kinds:
        client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
    if ServerErrorRetryHandler not in kinds:
        client.retry_handlers.append(ServerErrorRetryHandler(max_retry_count=2))

    def post(channel: str, text: str, blocks: list[dict[str, Any]] | None, key: str) -> str | None:
        # The fallback text is mrkdwn too: a title or quote must not ping (<!channel>) or link.
        response = client.chat_postMessage(
            channel=channel,
            text=escape(text),
            blocks=blocks,
            unfurl_links=False,
            unfurl_media=False,
            metadata={"event_type": METADATA_TYPE, "event_payload": {"delivery": key}},
        )
        ts = response.get("ts")
        return str(ts) if response.get("ok") and ts else None

    return post


def slack_finder(client: WebClient) -> Find:
    """find(channel, key, since) -> ts for ReminderService: the channel's messages since then
    (conversations.history, with metadata), searched for a reminder carrying `key`.

    Needs channels:history (groups:history for a private channel) and the bot in the channel;
    without them Slack answers an error, which is raised.
    """

    def find(channel: str, key: str, since: datetime) -> str | None:
        oldest = f"{max(0.0, since.timestamp() - 60):.6f}"  # a minute for clock skew
        cursor: str | None = None
        for _ in range(HISTORY_PAGES):
            response = client.conversations_history(
                channel=channel, oldest=oldest, limit=200, include_all_metadata=True,
                cursor=cursor,
            )  # fmt: skip
            for message in response.get("messages") or []:
                metadata = message.get("metadata") or {}
                payload = metadata.get("event_payload") or {}
                if metadata.get("event_type") == METADATA_TYPE and payload.get("delivery") == key:
                    return str(message["ts"])
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not response.get("has_more") or not cursor:
                return None
        return None

    return find


def register(app: App, deps: Deps) -> None:
    """Listen for the reminder buttons (Done, Snooze and Confirm need a coordinator)."""
    coordinators = [coordinators_only(deps)]

    def clicked(body: dict[str, Any]) -> tuple[str, int | None]:
        user_id = str(body.get("user", {}).get("id", ""))
        try:
            return user_id, int(body["actions"][0]["value"])
        except (KeyError, IndexError, ValueError):
            return user_id, None

    def change(ack: Ack, body: dict[str, Any], respond: Respond, verb: str, note: str) -> None:
        ack()
        user_id, deadline_id = clicked(body)
        if deadline_id is None:
            respond(
                text="That button is broken.", response_type="ephemeral", replace_original=False
            )
            return
        now, tz = deps.now(), ZoneInfo(deps.timezone)
        deadlines = deps.services.deadlines
        try:
            if verb == "done":
                deadline = deadlines.done(deadline_id, now, tz)
            elif verb == "snooze":
                deadline = deadlines.snooze(deadline_id, now, days=1)
            else:
                deadline = deadlines.confirm(deadline_id, now)
        except DeadlineError as exc:
            respond(text=str(exc), response_type="ephemeral", replace_original=False)
            return
        text = note.format(user=f"<@{user_id}>", deadline=deadline)
        if verb == "done" and deadline.recurrence and deadline.status != "done":
            text += f" Next: {describe_due(deadline, tz)}."
        respond(
            text=f"{escape(deadline.title)}: {text}",
            blocks=status_blocks(deadline, text, now, tz),
            replace_original=True,
        )

    @app.action(DONE, middleware=coordinators)
    def on_done(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        change(ack, body, respond, "done", ":white_check_mark: Marked done by {user}.")

    @app.action(SNOOZE, middleware=coordinators)
    def on_snooze(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        change(
            ack, body, respond, "snooze",
            ":zzz: Snoozed for a day by {user}: I will remind you again tomorrow.",
        )  # fmt: skip

    @app.action(CONFIRM, middleware=coordinators)
    def on_confirm(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        change(ack, body, respond, "confirm", ":ballot_box_with_check: Date confirmed by {user}.")

    @app.action(SOURCE)
    def on_source(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        _, deadline_id = clicked(body)
        try:
            if deadline_id is None:
                raise DeadlineError("That button is broken.")
            text = source_text(deps.services.deadlines.get(deadline_id))
        except DeadlineError as exc:
            text = str(exc)
        respond(text=text, response_type="ephemeral", replace_original=False)
