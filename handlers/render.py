"""Render a Reply: Block Kit for Slack (slack_sdk block models) and plain text for the
terminal and Slack's notification fallback. The one place answers are formatted.
"""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from handlers.slack_text import escape
from handlers.wps import Quote, Reply, digest_reply

if TYPE_CHECKING:
    from store import Digest

SECTION_LIMIT = 3000  # Slack: section text ≤ 3,000 characters
MAX_BLOCKS = 50  # Slack: ≤ 50 blocks in a message
TEXT_LIMIT = 3000  # the fallback `text`; Slack takes more but notifications show little
BUTTON_VALUE_LIMIT = 2000  # Slack: button value ≤ 2,000 characters
QUESTION_IN_BUTTON = 1500  # leaves room for the JSON around it
MAX_QUOTES = 5

FEEDBACK_UP = "feedback_up"
FEEDBACK_DOWN = "feedback_down"
SHARE = "share_answer"
ANSWER_ACTIONS = "answer_actions"  # the block of an answer's buttons


def source_line(quote: Quote) -> str:
    """Document · section · as of date."""
    parts = [quote.document, quote.section or "", f"as of {quote.as_of}" if quote.as_of else ""]
    return " · ".join(part for part in parts if part)


def plain_text(reply: Reply) -> str:
    """The reply as plain text: the console prints it, Slack shows it in notifications."""
    out = [reply.text]
    out += [f"• {line}" for line in reply.lines]
    for quote in reply.quotes[:MAX_QUOTES]:
        if quote.text not in reply.text:  # the answer may already quote it in full
            out.append(f"  “{quote.text}”")
        out.append(f"    — {source_line(quote)}")
    return "\n".join(out)


def fallback_text(reply: Reply) -> str:
    """Slack's `text` field: escaped plain text, cut to a sane length."""
    return _cut(escape(plain_text(reply)), TEXT_LIMIT)


def reply_blocks(
    reply: Reply,
    *,
    share: bool = False,
    shared_by: str | None = None,
    shown_id: str | None = None,
) -> list[dict[str, Any]]:
    """Block Kit for a reply; answers get 👍/👎 (and "Share in channel" when `share`; its
    value names the kept message `shown_id`)."""
    blocks: list[Block] = [_section(chunk) for chunk in _chunks([escape(reply.text)])]
    if reply.lines:
        blocks += [_section(c) for c in _chunks([f"• {escape(line)}" for line in reply.lines])]
    for quote in reply.quotes[:MAX_QUOTES]:
        if quote.text not in reply.text:  # the answer may already quote it in full
            quoted = "\n".join(f"> {line}" for line in escape(quote.text).splitlines() or [""])
            blocks.append(_section(quoted))
        blocks.append(
            ContextBlock(
                elements=[MarkdownTextObject(text=_cut(escape(source_line(quote)), SECTION_LIMIT))]
            )
        )
    tail: list[Block] = []
    if shared_by:
        tail.append(shared_by_block(shared_by))
    if reply.answer is not None and not shared_by:
        value = answer_value(
            reply.answer.question, reply.answer.kind, reply.answer.found, shown_id=shown_id
        )
        buttons = [
            ButtonElement(
                text=PlainTextObject(text="👍", emoji=True), action_id=FEEDBACK_UP, value=value
            ),
            ButtonElement(
                text=PlainTextObject(text="👎", emoji=True), action_id=FEEDBACK_DOWN, value=value
            ),
        ]
        if share:
            buttons.append(
                ButtonElement(
                    text=PlainTextObject(text="Share in channel"),
                    action_id=SHARE,
                    value=value,
                    style="primary",
                )
            )
        tail.append(ActionsBlock(block_id=ANSWER_ACTIONS, elements=buttons))
    room = MAX_BLOCKS - len(tail)
    if len(blocks) > room:
        blocks = blocks[: room - 1]
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text="…more not shown.")]))
    return [block.to_dict() for block in blocks + tail]


def message(
    reply: Reply,
    *,
    share: bool = False,
    shared_by: str | None = None,
    shown_id: str | None = None,
) -> dict[str, Any]:
    """Keyword arguments for chat.postMessage / respond(): text fallback plus blocks."""
    return {
        "text": fallback_text(reply),
        "blocks": reply_blocks(reply, share=share, shared_by=shared_by, shown_id=shown_id),
    }


def shared_message(shown: dict[str, Any], shared_by: str) -> dict[str, Any]:
    """A kept private answer as it is posted for everyone: the same text and blocks, its
    buttons replaced by who shared it."""
    blocks = [b for b in shown.get("blocks") or [] if b.get("block_id") != ANSWER_ACTIONS]
    return {
        "text": shown.get("text", ""),
        "blocks": [*blocks, shared_by_block(shared_by).to_dict()],
    }


def shared_by_block(user_id: str) -> ContextBlock:
    """'Shared by @someone', under a shared answer."""
    return ContextBlock(elements=[MarkdownTextObject(text=f"Shared by <@{_user(user_id)}>")])


def digest_message(
    digest: Digest, now: datetime, tz: tzinfo
) -> tuple[str, list[dict[str, Any]] | None]:
    """(plain text, blocks) of a digest, for the scheduler's post (which escapes the text)."""
    reply = digest_reply(digest, now, tz)
    return _cut(plain_text(reply), TEXT_LIMIT), reply_blocks(reply)


def answer_value(question: str, kind: str, found: bool, *, shown_id: str | None = None) -> str:
    """What a button carries back: the question (cut to fit Slack's limit), kind and found,
    and the id of the kept message it was shown in (for Share)."""
    extra = {"s": shown_id} if shown_id else {}
    value = json.dumps(
        {"q": question[:QUESTION_IN_BUTTON], "k": kind, "f": found, **extra}, ensure_ascii=False
    )
    while len(value) > BUTTON_VALUE_LIMIT:  # escapes can grow the JSON
        question = question[: len(question) * 3 // 4]
        value = json.dumps({"q": question, "k": kind, "f": found, **extra}, ensure_ascii=False)
    return value


def shown_id_of(value: str) -> str | None:
    """The kept message a button's value names, if any."""
    data = json.loads(value)
    shown = data.get("s") if isinstance(data, dict) else None
    return shown if isinstance(shown, str) else None


def parse_answer_value(value: str) -> tuple[str, str, bool]:
    """(question, kind, found) from a button value; ValueError if it is not ours."""
    data = json.loads(value)
    if not isinstance(data, dict) or not isinstance(data.get("q"), str):
        raise ValueError("not an answer button value")
    return data["q"], str(data.get("k") or "none"), bool(data.get("f"))


def apology_text(error_id: str) -> str:
    """What the user sees when something failed on our side."""
    return (
        f"Sorry, something went wrong on my side (error id {error_id}). "
        "Please try again; if it keeps happening, tell the bot's admin that id."
    )


def home_view(sections: list[tuple[str, Reply]]) -> dict[str, Any]:
    """The App Home tab: a header and a reply per section."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text="WPS situation updates")),
        _section(
            "Ask me with `/wps QUESTION`, mention me in a channel, or write to me here. "
            "Share a PDF, Word or text file with me to load it (coordinators)."
        ),
    ]
    for title, reply in sections:
        blocks.append(DividerBlock())
        blocks.append(HeaderBlock(text=PlainTextObject(text=title[:150])))
        blocks += [_section(chunk) for chunk in _chunks([escape(reply.text)])]
        if reply.lines:
            blocks += [_section(c) for c in _chunks([_home_line(line) for line in reply.lines])]
    return {"type": "home", "blocks": [block.to_dict() for block in blocks[:100]]}


def _home_line(line: str) -> str:
    """A bullet; a line indented under the one before ('  Moved: …') a sub-bullet."""
    if line.startswith("  "):
        return f"    ◦ {escape(line.strip())}"
    return f"• {escape(line)}"


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=_cut(text, SECTION_LIMIT)))


def _chunks(lines: list[str]) -> list[str]:
    """Join lines into texts of at most SECTION_LIMIT characters (a long line is cut)."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        line = _cut(line, SECTION_LIMIT)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > SECTION_LIMIT:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current or not chunks:
        chunks.append(current or " ")
    return chunks


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _user(user_id: str) -> str:
    """Only the characters a Slack ID can hold, so it can't break out of the mention."""
    return "".join(c for c in user_id if c.isalnum())
