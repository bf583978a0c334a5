"""Words shared by the extraction rules: month names in English and French."""

from __future__ import annotations

_MONTH_NAMES = [
    ("january", "janvier"),
    ("february", "février"),
    ("march", "mars"),
    ("april", "avril"),
    ("may", "mai"),
    ("june", "juin"),
    ("july", "juillet"),
    ("august", "août"),
    ("september", "septembre"),
    ("october", "octobre"),
    ("november", "novembre"),
    ("december", "décembre"),
]
# Month name (lower case, English or French, with common short and unaccented forms) → number.
MONTHS: dict[str, int] = {}
for number, names in enumerate(_MONTH_NAMES, start=1):
    for name in names:
        MONTHS[name] = number
        MONTHS[name.replace("é", "e").replace("û", "u")] = number
MONTHS["aout"] = 8
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
