"""Every document's date, and where it came from: the fallback chain.

A team orders its updates by the date each one bears, not by when it was loaded. Not every
update states its date the same way, so the rules below are tried in order and the first that
finds a date wins:

| rule       | reads                                                                   |
|------------|-------------------------------------------------------------------------|
| `masthead` | a date alone on its line near the top, or after "Distr.: General" (what |
|            | extraction also counts yearless dates from: `documents.doc_date`)       |
| `dateline` | a press dateline ("NEW YORK, 29 June 2016 –") or a title that ends with |
|            | its date ("Summary of the meeting on Mali held on 5 June 2018")         |
| `updated`  | "Last updated on 3 May 2017", "Updated: 2017-05-03", "mis à jour le …"   |
| `letter`   | "Letter dated 22 December 2016 from the Permanent Representatives …"    |
| `symbol`   | the year of the document's own symbol at its top ("S/2016/819"): a year |
| `reported` | the latest date the text reports on (not a plan: "elections scheduled   |
|            | for November 2016" or "reconvene in six months" do not count)           |
| `loaded`   | the day it was loaded — flagged: the document gives no date at all      |

Dates are ISO 8601 at their precision ('2016-09-29', '2016-08', '2016'). Only the first lines
(and, for "updated", the last ones) are read, each cut to a bounded length, so a hostile text
costs no more than a normal one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from store.extract.context import detect_doc_date
from store.extract.dates import MONTH_RE, find_dates

HEAD_LINES = 40  # rules that read "the top" read this many lines
TAIL_LINES = 10  # "Page last updated on …" sits at the bottom of web pages
LINE_LIMIT = 300  # characters of a line a rule looks at
LOADED = "loaded"  # the rule that never fails, and the flag users see


@dataclass(frozen=True)
class DocumentDate:
    """A document's date (ISO 8601 at its precision) and the rule that found it."""

    date: str
    source: str  # masthead | dateline | updated | letter | symbol | reported | loaded

    @property
    def flagged(self) -> bool:
        """True when the document states no date and the load date stands in for it."""
        return self.source == LOADED


@dataclass(frozen=True)
class DatedItem:
    """What the `reported` rule needs of an extracted event: its kind, date and sentence."""

    kind: str
    date: str | None
    quote: str
    anchor_date: str | None = None  # set for a date counted from another ("in six months")


def _first_date(text: str) -> str | None:
    """The first date with an explicit year in `text` (a day or a month, not a bare year)."""
    for mention in find_dates(text):
        if mention.explicit_year and mention.precision in ("day", "month"):
            return mention.date
    return None


def _lines(text: str, count: int, *, tail: bool = False) -> list[str]:
    lines = [line.strip()[:LINE_LIMIT] for line in text.splitlines() if line.strip()]
    return lines[-count:] if tail else lines[:count]


def masthead(text: str) -> str | None:
    """A date alone on its line near the top ("29 September 2016") or on the distribution
    line ("Distr.: General 14 June 2027"): what `store.extract.context` reads as the
    document's own date."""
    return detect_doc_date(text)


# "NEW YORK, 29 June 2016 –", "Bamako, le 12 mars 2016 :", "GENEVA (29 June 2016) -"
_PRESS_DATELINE = re.compile(
    rf"^[A-ZÀ-Ý][\w .'’-]{{1,40}}(?:,\s*(?:le\s+)?|\s+\()"
    rf"(\d{{1,2}}(?:er)?\s+(?:{MONTH_RE})\s+\d{{4}}|(?:{MONTH_RE})\s+\d{{1,2}},?\s+\d{{4}})\)?\s*[–—:-]",
    re.I,
)
# A title that ends with its date: "…, 30 January 2018", "… Held On 5 June 2018" (a sentence
# ending in a date, "… issued on 13 March 2014.", is not a title)
_TITLE_DATE = re.compile(
    rf"(?:,|\b(?:held\s+)?on|\bof|\bdu)\s+(\d{{1,2}}(?:er)?\s+(?:{MONTH_RE})\s+\d{{4}})\s*$",
    re.I,
)


# "(New York, 24 August 2018)", "Abéché, 27 février 2021 –", "PORT-AU-PRINCE/GENÈVE (14 octobre
# 2022)–": where a press release or statement was issued, and when.
_PLACE_DATELINE = re.compile(
    rf"^\(?(?P<place>[A-ZÀ-Ý][\w .'’/-]{{1,40}}?)(?:,\s*(?:le\s+)?|\s*\()"
    rf"(?:\d{{1,2}}(?:er)?\s+(?:{MONTH_RE})\s+\d{{4}}|(?:{MONTH_RE})\s+\d{{1,2}},?\s+\d{{4}})"
    rf"\)?\s*(?:[–—:-]|$)",
    re.I,
)


@dataclass(frozen=True)
class Dateline:
    """Where a text says it was issued, as its dateline writes it, and that line."""

    places: tuple[str, ...]  # "Port-au-Prince", "Genève"
    line: str


def dateline_place(text: str) -> Dateline | None:
    """The place of a press dateline among the text's first lines, or None."""
    for line in _lines(text, HEAD_LINES)[:12]:
        match = _PLACE_DATELINE.match(line)
        if match is None or any(ch.isdigit() for ch in match.group("place")):
            continue
        places = tuple(
            part.strip().title() if part.strip().isupper() else part.strip()
            for part in match.group("place").split("/")
            if part.strip()
        )
        return Dateline(places, line)
    return None


def dateline(text: str) -> str | None:
    """A press dateline ("NEW YORK, 29 June 2016 –") or a title line of the first three that
    ends with a date ("Summary of the meeting on the Lake Chad Basin, 30 January 2018")."""
    lines = _lines(text, HEAD_LINES)
    for line in lines[:12]:
        match = _PRESS_DATELINE.match(line)
        if match:
            found = _first_date(match.group(1))
            if found:
                return found
    for line in lines[:3]:
        match = None if _UPDATED.search(line) else _TITLE_DATE.search(line)
        if match:
            found = _first_date(match.group(1))
            if found:
                return found
    return None


_UPDATED = re.compile(
    r"\b(?:(?:last\s+)?updated(?:\s+on|\s+as\s+of)?|revised(?:\s+on)?|mis\s+à\s+jour"
    r"(?:\s+le)?)\s*[:,]?\s*",
    re.I,
)


def updated(text: str) -> str | None:
    """ "Last updated on 3 May 2017", "Updated: 2017-05-03", "mis à jour le 3 mai 2017", at
    the top or the bottom of the text."""
    for line in [*_lines(text, HEAD_LINES), *_lines(text, TAIL_LINES, tail=True)]:
        for match in _UPDATED.finditer(line):
            found = _first_date(line[match.end() : match.end() + 40])
            if found:
                return found
    return None


_LETTER = re.compile(r"\b(?:letter|note\s+verbale)\s+dated\s+|\blettre\s+datée\s+du\s+", re.I)


def letter(text: str) -> str | None:
    """The date of the covering letter: "Letter dated 22 December 2016 from …"."""
    for line in _lines(text, HEAD_LINES):
        match = _LETTER.search(line)
        if match:
            found = _first_date(line[match.end() : match.end() + 40])
            if found:
                return found
    return None


# The document's own symbol heads it, alone or after "United Nations": "S/2016/819",
# "United Nations S/2016/819", "=== S/2015/426* | Report of …". A symbol quoted in the text
# ("a record of the meeting was issued as S/2016/682") is another document's.
_OWN_SYMBOL = re.compile(
    r"^(?:=+\s*)?(?:United Nations\s+)?(?:S|A|E|A/HRC)/(?:[A-Z]+/)?((?:19|20)\d\d)/\d+"
    r"(?:/Rev\.\d+)?\*?\s*(?:$|\|)"
)


def symbol(text: str) -> str | None:
    """The year of the document's own symbol, written at its top ("S/2016/819" → 2016)."""
    for line in _lines(text, 12):
        match = _OWN_SYMBOL.match(line)
        if match:
            return match.group(1)
    return None


# Kinds of events that are plans or derived, never what a text reports on.
_PLANNED_KINDS = frozenset({"reconvene", "report_due", "cadence", "mandate"})
# A sentence about what is to come: its dates are plans, not news.
_FUTURE_CUE = re.compile(
    r"(?i)\b(?:scheduled|upcoming|forthcoming|will|shall|planned|plans?\s+to|expected|due"
    r"|next|until|à\s+venir|prévue?s?|prochaine?s?|aura\s+lieu|jusqu'au)\b"
)


def reported(items: Iterable[DatedItem]) -> str | None:
    """The latest date the text reports on: the latest dated event that is not a plan (a
    reconvening, a due report, a mandate's end, a date counted from another, or a date in a
    sentence about what is to come). Days and months beat bare years."""
    dated: list[str] = []
    years: list[str] = []
    for item in items:
        if not item.date or item.kind in _PLANNED_KINDS or item.anchor_date:
            continue
        if _FUTURE_CUE.search(item.quote):
            continue
        (years if len(item.date) == 4 else dated).append(item.date)
    if dated:
        return max(dated)
    return max(years) if years else None


TextRule = Callable[[str], str | None]
# The chain, in order: the first rule that finds a date gives the document its date.
TEXT_RULES: tuple[tuple[str, TextRule], ...] = (
    ("masthead", masthead),
    ("dateline", dateline),
    ("updated", updated),
    ("letter", letter),
    ("symbol", symbol),
)
RULE_NAMES = (*(name for name, _ in TEXT_RULES), "reported", LOADED)


def document_date(text: str, items: Sequence[DatedItem], loaded_at: datetime) -> DocumentDate:
    """The document's date by the first rule of the chain that finds one (see the table
    above); the load date, flagged `loaded`, when none does."""
    for name, rule in TEXT_RULES:
        found = rule(text)
        if found:
            return DocumentDate(found, name)
    found = reported(items)
    if found:
        return DocumentDate(found, "reported")
    return DocumentDate(loaded_at.date().isoformat(), LOADED)
