"""Numbers as written in UN prose: digits, decimal commas, spaced thousands, number words."""

from __future__ import annotations

import re

from store.chrono import NUMBER_VALUES, ZERO_WORDS, parse_number_words

# Every word that can stand for a count: the number words and "none" (store.chrono has their
# values).
COUNT_WORDS = frozenset({**NUMBER_VALUES, **ZERO_WORDS})
# "six" is also French; the English table already has it.
_WORD = "|".join(sorted(COUNT_WORDS, key=lambda w: (-len(w), w)))
# "UN" in capitals is the United Nations, never the French "un" ("five UN Member States").
_ONE_WORD = rf"(?!(?-i:UN)\b)(?:{_WORD})"
# "four hundred and twenty-seven", « quatre-vingt-dix »
NUMBER_WORDS_RE = rf"(?:{_ONE_WORD}(?:(?:[- ]|\s+and\s+|-et-){_ONE_WORD})*)"
# Thousands grouped by a comma, a space (narrow or not) or an apostrophe ("1'000", Swiss style).
DIGITS_RE = r"(?:\d{1,3}(?:(?:,|\u202f| |'|’)\d{3})+(?!\d)|\d+(?:[.,]\d+)?)"
NUMBER_RE = rf"(?:{DIGITS_RE}|\b{NUMBER_WORDS_RE}\b)"
PERCENT_RE = r"(?:\s?%|\s+per\s?cent\b|\s+pour\s?cent\b|\s+percent\b|\s+pct\b)"


def parse_number(text: str) -> float | None:
    """'1.78' → 1.78, '2,64' → 2.64, '12 231' → 12231, 'six' → 6, 'twenty-one' → 21."""
    raw = text.strip().lower()
    if not raw:
        return None
    if raw[0].isdigit():
        if re.fullmatch(r"\d{1,3}(?:[ \u202f'’]\d{3})+", raw):
            return float(re.sub(r"\D", "", raw))
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw):
            return float(raw.replace(",", ""))
        try:
            return float(raw.replace(",", "."))
        except ValueError:
            return None
    words = parse_number_words(raw)
    return None if words is None else float(words)


def format_number(value: float | None) -> str:
    """1.0 → '1', 1.78 → '1.78'."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
