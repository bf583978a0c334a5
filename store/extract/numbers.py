"""Numbers as written in UN prose: digits, decimal commas, spaced thousands, number words."""

from __future__ import annotations

import re

_EN_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_EN_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_FR_UNITS = (
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
    "onze", "douze", "treize", "quatorze", "quinze", "seize",
)  # fmt: skip
_FR_TENS = ("vingt", "trente", "quarante", "cinquante", "soixante")
# Every number word read, English and French, with its value.
NUMBER_VALUES: dict[str, int] = {
    **{w: i for i, w in enumerate(_EN_UNITS)},
    **{w: 20 + 10 * i for i, w in enumerate(_EN_TENS)},
    **{w: i for i, w in enumerate(_FR_UNITS)},
    **{w: 20 + 10 * i for i, w in enumerate(_FR_TENS)},
    "une": 1,
    "vingts": 20,
    "hundred": 100,
    "cent": 100,
    "cents": 100,
    "thousand": 1000,
    "mille": 1000,
}
# Words that say "none of them" where a count would stand ("up from none in March").
ZERO_WORDS = {"none": 0, "no": 0, "aucun": 0, "aucune": 0}
_UNITS = {**NUMBER_VALUES, **ZERO_WORDS}
_SCALES = {"hundred", "thousand", "cent", "cents", "mille"}
NUMBER_WORDS = frozenset(_UNITS)
# "six" is also French; the English table already has it.
_WORD = "|".join(sorted(_UNITS, key=len, reverse=True))
NUMBER_WORDS_RE = (
    rf"(?:(?:{_WORD})(?:(?:[- ]|\s+and\s+|-et-)(?:{_WORD}))*)"  # "four hundred and twenty-seven"
)
DIGITS_RE = r"(?:\d{1,3}(?:(?:,|\u202f| )\d{3})+(?!\d)|\d+(?:[.,]\d+)?)"
NUMBER_RE = rf"(?:{DIGITS_RE}|\b{NUMBER_WORDS_RE}\b)"
PERCENT_RE = r"(?:\s?%|\s+per\s?cent\b|\s+pour\s?cent\b|\s+percent\b|\s+pct\b)"


def parse_number(text: str) -> float | None:
    """'1.78' → 1.78, '2,64' → 2.64, '12 231' → 12231, 'six' → 6, 'twenty-one' → 21."""
    raw = text.strip().lower()
    if not raw:
        return None
    if raw[0].isdigit():
        if re.fullmatch(r"\d{1,3}(?:[ \u202f]\d{3})+", raw):
            return float(re.sub(r"\D", "", raw))
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw):
            return float(raw.replace(",", ""))
        try:
            return float(raw.replace(",", "."))
        except ValueError:
            return None
    words = parse_words(raw)
    return None if words is None else float(words)


def parse_words(text: str) -> int | None:
    """'four hundred and twenty-seven' → 427, 'quatre-vingt-dix' → 90, 'vingt et un' → 21."""
    total = 0
    current = 0
    for word in re.split(r"[\s-]+", text.strip().lower()):
        if word in {"", "and", "et"}:
            continue
        value = _UNITS.get(word)
        if value is None:
            return None
        if word in _SCALES:
            current = max(current, 1) * value
            if value >= 1000:
                total += current
                current = 0
        elif word.startswith("vingt") and current % 10 == 4 and current % 100 < 10:
            current += 80 - 4  # quatre-vingt(s) = 80
        else:
            current += value
    return total + current


def format_number(value: float | None) -> str:
    """1.0 → '1', 1.78 → '1.78'."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
