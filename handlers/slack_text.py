"""Slack's message markup, read and written in one place at the edge.

Slack sends `&`, `<` and `>` as entities and writes people as `<@U123>`, channels as
`<#C123|general>` and links as `<https://…|label>`. Every surface (the slash command,
mentions, DMs) reads its text through `typed_text` before the command language sees it; the
command language asks `link_address` and `channel_id` for what a link or a channel names, and
a question reaches answering through `question_words` (a link's label and a channel's name are
the words typed; bold, italics and strikes are not words). The core never sees Slack markup.
What the bot writes goes through `escape`, so that a document's text never pings or links.
"""

from __future__ import annotations

import re

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")  # <@U123>, <@U123|name>
_LINK = re.compile(r"^<([^|>]+)(?:\|[^>]*)?>$")  # <https://x|label>, <https://x>
_CHANNEL = re.compile(r"^<?#([A-Za-z0-9_.-]+)(?:\|[^>]*)?>?$")  # <#C123|general>, #C123
_LABELLED_LINK = re.compile(r"<(?:https?|mailto):[^|>]*\|([^>]*)>")  # <https://x|label> → label
_BARE_LINK = re.compile(r"<(?:https?|mailto):[^>]*>")
_NAMED_CHANNEL = re.compile(r"<#[A-Z0-9]+\|([^>]*)>")  # <#C123|general> → general
_ANY_MENTION = re.compile(r"<[@!#][^>]*>")  # <@U123>, <!here>, <#C123> without a name
_FORMATTING = re.compile(r"(?<!\w)[*_~`]+|[*_~`]+(?!\w)")  # *bold*, _italics_, ~strike~, `code`


def typed_text(text: str) -> str:
    """The text as the person typed it: mentions of people dropped (the bot's own leads a
    mention), then `&amp;`, `&lt;` and `&gt;` read back as `&`, `<` and `>` — in that order,
    so that typed text never turns into lookalike markup."""
    text = _MENTION.sub(" ", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def question_words(text: str) -> str:
    """The words a question typed in Slack asks, for answering: a link is its label (a bare
    link is no words), a channel its name, a mention of anyone nothing, and the marks of bold,
    italics, strikes and code are dropped. Read after `typed_text`, so entities are characters
    by now."""
    text = _LABELLED_LINK.sub(r"\1", text)
    text = _BARE_LINK.sub(" ", text)
    text = _NAMED_CHANNEL.sub(r"\1", text)
    text = _ANY_MENTION.sub(" ", text)
    text = _FORMATTING.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def link_address(word: str) -> str:
    """The address a link names: `<https://x|label>` and `<https://x>` → https://x; anything
    else as it is."""
    found = _LINK.match(word.strip())
    return found[1] if found else word.strip()


def channel_id(word: str) -> str:
    """The channel a word names: `<#C0123|general>`, `#C0123` or `C0123` → C0123."""
    found = _CHANNEL.match(word.strip())
    return found[1] if found else word.strip()


def escape(text: str) -> str:
    """Slack's control characters written as entities, so that user and document text can't
    ping (`<!channel>`), mention or link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
