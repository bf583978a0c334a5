"""Small words every surface shares: counts with their noun ("1 fact", "14 facts").

Slack-free, so the CLI and the console use it without loading slack_bolt.
"""

from __future__ import annotations

from typing import Any

_IRREGULAR = {"country": "countries", "was": "were", "mentions": "mention", "is": "are"}


def plural(number: int, noun: str) -> str:
    """The noun as it goes with `number`: 'fact' for 1, 'facts' otherwise ('country' →
    'countries'; a verb: 'mentions' → 'mention')."""
    if number == 1:
        return noun
    return _IRREGULAR.get(noun, noun + "s")


def count(number: int, noun: str) -> str:
    """'1 fact', '14 facts', '0 facts', '2 countries'."""
    return f"{number} {plural(number, noun)}"


def fact_line(fact: dict[str, Any], *, document: bool = True) -> str:
    """A stored figure as a sentence a person would write, then its date (when the sentence
    does not give it) and its document: '17.9 % of UNMIVEL police were women (as of 30 Sep
    2026) — veloria-sample-2027.txt'. What lists, App Home and `wpsbot facts` show."""
    from handlers.answer_text import date_text, fact_text

    sentence = fact_text(fact).removesuffix(".")
    when = date_text(fact.get("as_of")) if fact.get("as_of") else ""
    if when and when not in sentence:
        sentence += f" (as of {when})"
    if document and fact.get("document"):
        sentence += f" — {fact['document']}"
    return sentence
