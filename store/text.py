"""Text as the bot takes it in, whatever was typed, pasted or named: no invisible characters,
no terminal control codes, questions of a bounded length."""

from __future__ import annotations

import re

MAX_QUESTION_CHARS = 1000  # longer text is cut before it reaches search

# Characters that show as nothing but split a word for search: zero-width space and joiners,
# the word joiner, a byte-order mark inside text, and direction marks and embeddings (pasted
# from PDFs and web pages, or put there to dodge matching).
INVISIBLE = dict.fromkeys(
    [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x180E, 0x200E, 0x200F,
     *range(0x202A, 0x202F), *range(0x2066, 0x206A)],
)  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def strip_invisible(text: str) -> str:
    """The text without zero-width and direction-mark characters."""
    return text.translate(INVISIBLE)


def question_text(text: str) -> str:
    """A question as answering takes it: invisible characters out, at most MAX_QUESTION_CHARS
    (a 100 kB paste took a minute to answer)."""
    return strip_invisible(text)[:MAX_QUESTION_CHARS]


def printable(text: str) -> str:
    """The text with control characters written out (ESC as \\x1b): a file name or a PDF title
    must not move a terminal's cursor or recolour it when printed."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def word_set(words: str) -> frozenset[str]:
    """A set of words written as prose, one space apart: how word lists read best."""
    return frozenset(words.split())
