"""Numbers as written in UN prose: digits, decimal commas, spaced thousands, number words."""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "none": 0, "no": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    # French
    "zéro": 0, "aucun": 0, "aucune": 0, "un": 1, "une": 1, "deux": 2, "trois": 3,
    "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11,
    "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20,
    "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "cent": 100, "cents": 100, "mille": 1000}
NUMBER_WORDS = frozenset({*_UNITS, *_SCALES})
# "six" is also French; the English table already has it.
_WORD = "|".join(sorted((*_UNITS, *_SCALES), key=len, reverse=True))
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
    total = 0
    current = 0
    for word in re.split(r"[- ]+|\s+and\s+|-et-", raw):
        if not word or word in {"and", "et"}:
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total += current
                current = 0
        else:
            return None
    return float(total + current)


def format_number(value: float | None) -> str:
    """1.0 → '1', 1.78 → '1.78'."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
