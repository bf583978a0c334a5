"""Dates, relative durations and cadences as UN situation updates write them, English and French.

Absolute dates: "February 29th 2016", "29 February 2016", "June 29th", "in early March",
"mid-March", "the end of August", "in June 2016", "2026-10-12", "le 1er février 2027", "fin août".
Relative amounts: "in approximately six months", "dans environ quatre mois". Cadences: "every 90
days", "every three months", "on a quarterly basis", "tous les trois mois".

Dates are ISO 8601 strings at their precision: 'YYYY-MM-DD' (day), 'YYYY-MM' (month), 'YYYY'
(year). A vague part of a month or year ("early March", "fin août", "late 2016") keeps the month or
year, sets `approximate` and names the part ('early' | 'mid' | 'late').
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.chrono import NUMBER_VALUES, Span, cadence_word, days_in_month, parse_count, unit_name

_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_FR_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
)  # fmt: skip
MONTHS: dict[str, int] = {
    **{name.lower(): i for i, name in enumerate(_EN_MONTHS, 1)},
    **{name: i for i, name in enumerate(_FR_MONTHS, 1)},
    **{name[:3].lower(): i for i, name in enumerate(_EN_MONTHS, 1)},
    "sept": 9,
    "fevrier": 2,
    "aout": 8,
    "decembre": 12,
}
# Any month name or abbreviation, case-insensitive, longest first; use between word boundaries.
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_ABBR = [name[:3] for name in _EN_MONTHS]
_ABBREVIATIONS = {*_MONTH_ABBR, "Sept"} - {"May"}

# English month names only capitalised: "may" and "march" are also ordinary words.
_FULL_EN = "|".join(_EN_MONTHS)
_ABBR_EN = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_FR = "|".join(
    f"[{m[0].upper()}{m[0]}]{m[1:]}" for m in [*_FR_MONTHS, "fevrier", "aout", "decembre"]
)
_MONTH_ANY = rf"(?:{_FULL_EN}|{_FR}|{_ABBR_EN})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PART = (
    r"(?P<part>(?i:early|mid|late|(?:the\s+)?(?:end|beginning|start|middle)\s+of"
    r"|(?:au\s+)?d[ée]but(?:\s+de|\s+d')?|(?:à\s+la\s+)?mi|(?:à\s+la\s+)?fin(?:\s+de|\s+d')?))"
)
_PART_LEAD_RE = re.compile(r"(?i)(?:(?:the|au|à\s+la)\s+)?")
_PART_SEP = r"(?:\s*-\s*|\s+|(?<='))"
_PARTS = {
    "early": "early",
    "beginning": "early",
    "start": "early",
    "début": "early",
    "debut": "early",
    "mid": "mid",
    "middle": "mid",
    "mi": "mid",
    "late": "late",
    "end": "late",
    "fin": "late",
}

# Patterns are tried only where a month name or a number starts (see _candidates): a regex with
# big alternations run at every position of every sentence costs more than all the rest.
# "29 February 2016", "1er février", and a span of days "2 to 4 May 2026", "du 2 au 4 mai"
_DAY_LED_RE = re.compile(
    rf"{_DAY}(?:\s*(?:-|–|to|and|au|et)\s*(?P<last>[0-3]?\d)(?:st|nd|rd|th)?)?"
    rf"\s+(?:of\s+)?(?P<month>{_MONTH_ANY})(?:,?\s+{_YEAR})?\b"
)
_MONTH_LED_RE = re.compile(
    rf"(?P<month>{_MONTH_ANY})(?:\s+{_DAY}\b(?!\s*%)(?:,?\s+{_YEAR}\b)?|\s+(?:of\s+)?(?P<year2>(?:19|20)\d\d)\b)?"
)
# A numeric date's day and month before its year: "12/03/" of "12/03/2023", "1.3." of "1.3.2023".
_NUMERIC_BEFORE_YEAR = re.compile(
    r"(?<![\d/.])(?P<day>[0-3]?\d)(?P<sep>[./])(?P<month>[01]?\d)(?P=sep)$"
)
_ISO_AT_RE = re.compile(r"(?P<year>(?:19|20)\d\d)-(?P<month>0[1-9]|1[0-2])-(?P<day>[0-3]\d)\b")
_PART_BEFORE_RE = re.compile(rf"\b{_PART}{_PART_SEP}$")
_PART_WINDOW = 30
_LOOSE_DAY_RE = re.compile(r"(?<=\d)\s+(?!(?:and|or|to|in|at|on|the|et|à)\b)[a-z]")
# A bare year is a date only after a preposition ("in 2016"), never "resolution 2242 (2015)".
_PREP_BEFORE_YEAR_RE = re.compile(
    r"(?i:\b(?:in|by|for|during|since|until|from|through|en|depuis|jusqu'en))\s+$"
)
_YEAR_RANGE_AFTER_RE = re.compile(r"\s*[-/]")
# A month with neither year nor vague part is a date only after a preposition ("In June,").
_BARE_MONTH_PREFIX_RE = re.compile(
    r"(?i:\b(?:in|on|since|from|until|till|by|during|of|before|after|between|and|to|through"
    r"|or|en|depuis|de|d'|à|au|jusqu'en|et|ou|dès))\s*$"
)
_RANGE_GAP_RE = re.compile(
    r"\s*(?:(?i:and|to|up\s+to|until|till|through|et|à|au|jusqu'au|jusqu’au)|[-–])\s*"
)
_RANGE_OPEN_RE = re.compile(r"(?i:\b(?:between|from|entre|de|du|d'))\s*$")

# Counting words for durations ("six months", « quatre-vingt-dix jours »).
_NUMBER_WORD = "|".join(sorted(NUMBER_VALUES, key=lambda w: (-len(w), w)))
# "six", "twenty-four", "quatre-vingt-dix", "vingt et un", "90", "a" (as in "in a month")
NUMBER = (
    rf"(?:\d+|(?:{_NUMBER_WORD})(?:(?:[\s-]+(?:and|et)[\s-]+|[\s-]+)(?:{_NUMBER_WORD}))*\b"
    r"|an?\b|one\b)"
)
_UNIT = r"(?P<unit>days?|weeks?|months?|years?|jours?|semaines?|mois|ans|années?|an)\b"
_HEDGE = (
    r"(?P<hedge>approximately|approx\.|about|around|roughly|some|nearly|almost|environ"
    r"|près de|à peu près|quelque|approximativement)"
)
_RELATIVE_RES = (
    re.compile(
        rf"(?i)\b(?:in|within|after|dans|d'ici|après)\s+(?:{_HEDGE}\s+)?(?P<num>{NUMBER})\s+{_UNIT}"
        r"(?:'s time)?"
    ),
    re.compile(
        rf"(?i)\b(?:{_HEDGE}\s+)?(?P<num>{NUMBER})\s+{_UNIT}\s+(?:later|from now|hence|plus tard)\b"
    ),
)
_CADENCE_RES = (
    re.compile(rf"(?i)\b(?:every|tous les|toutes les)\s+(?:(?P<num>{NUMBER})\s+)?{_UNIT}"),
    re.compile(r"(?i)\b(?:chaque)\s+(?P<unit>jour|semaine|mois|année|an)\b"),
    re.compile(
        r"(?i)\bon an?\s+(?P<adj>quarterly|monthly|weekly|annual|yearly|biannual|semi-annual"
        r"|six-monthly)\s+basis\b"
    ),
    # "annual report" is a kind of report, not a cadence to plan by: only adverbs here.
    re.compile(
        r"(?i)\b(?P<adj>quarterly|monthly|annually|yearly|biannually|semi-annually"
        r"|trimestriel(?:le)?s?|mensuel(?:le)?s?|semestriel(?:le)?s?)\b"
    ),
)


_MONTH_WORDS = {
    *_EN_MONTHS,
    *(m[:3] for m in _EN_MONTHS),
    "Sept",
    *_FR_MONTHS,
    *(m.capitalize() for m in _FR_MONTHS),
    "fevrier",
    "aout",
    "decembre",
    "Fevrier",
    "Aout",
    "Decembre",
}
# Cheap substring checks before the costly patterns: most sentences hold no duration at all.
_UNIT_HINTS = ("day", "week", "month", "year", "jour", "semaine", "mois", " ans", "anné", " un an")
_CADENCE_HINTS = (
    *_UNIT_HINTS, "quarter", "annual", "trimestri", "mensuel", "semestri", "hebdo", "chaque",
)  # fmt: skip


# Where a date can start: a number or a month name, each a whole word.
_CANDIDATE_RE = re.compile(
    r"(?<![^\W\d_])(?:\d+|(?:"
    + "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
    + r")(?![^\W\d_]))"
)


_YEAR_TOKEN_RE = re.compile(r"(?<![\d,])(?:19|20)\d\d(?!\d)")
# Substrings every month name contains (case as written): a cheap test before the scan.
_MONTH_STEMS = (
    *(m[:3] for m in _EN_MONTHS),
    *(m.capitalize()[:4] for m in _FR_MONTHS),
    "janvier", "février", "fevrier", "mars", "avril", " mai", "-mai", "juin", "juillet", "août",
    "aout", "septembre", "octobre", "novembre", "décembre", "decembre",
)  # fmt: skip


@dataclass(frozen=True)
class DateMention:
    """An absolute date written in a text, resolved to ISO 8601 at its precision."""

    start: int  # offsets into the text searched
    end: int
    date: str  # 'YYYY-MM-DD' | 'YYYY-MM' | 'YYYY'
    precision: str  # day | month | year
    approximate: bool = False  # a vague part of the month or year
    part: str | None = None  # early | mid | late
    explicit_year: bool = True  # False when the year came from context
    in_range: bool = False  # an end of "between January and September 2026"
    last_day: str | None = None  # "2 to 4 May 2026": the date is the first day, this the last


@dataclass(frozen=True)
class Duration:
    """A relative amount ("in approximately six months") or a cadence ("every 90 days")."""

    start: int
    end: int
    n: int
    unit: str  # days | weeks | months | years
    approximate: bool = False

    @property
    def text(self) -> str:
        """'90 days', '3 months', '1 year'."""
        return Span(self.n, self.unit).text


@dataclass
class _Raw:
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    part: str | None
    last: int | None = None  # last day of a span of days


def find_cadences(text: str) -> list[Duration]:
    """Recurring intervals: 'every 90 days', 'on a quarterly basis', 'tous les trois mois'."""
    found: list[Duration] = []
    lowered = text.lower()
    if not any(hint in lowered for hint in _CADENCE_HINTS):
        return found
    for pattern in _CADENCE_RES:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            if groups.get("adj"):
                cadence = cadence_word(groups["adj"])
                if cadence is None:
                    continue
                n, unit = cadence
            else:
                number = parse_count(groups["num"]) if groups.get("num") else 1
                if not number:
                    continue
                n, unit = number, unit_name(groups["unit"])
            if not any(d.start <= match.start() < d.end for d in found):
                found.append(Duration(match.start(), match.end(), n, unit))
    return sorted(found, key=lambda d: d.start)


def find_relative(text: str) -> list[Duration]:
    """Amounts of time counted from an anchor: 'in approximately six months', 'dans 4 mois'."""
    found: list[Duration] = []
    lowered = text.lower()
    if not any(hint in lowered for hint in _UNIT_HINTS):
        return found
    for pattern in _RELATIVE_RES:
        for match in pattern.finditer(text):
            n = parse_count(match["num"])
            if not n or any(d.start <= match.start() < d.end for d in found):
                continue
            found.append(
                Duration(
                    match.start(), match.end(), n, unit_name(match["unit"]), bool(match["hedge"])
                )
            )
    return sorted(found, key=lambda d: d.start)


def _month_number(text: str) -> int:
    name = text.lower().rstrip(".")
    return int(name) if name.isdigit() else MONTHS.get(name) or MONTHS[name[:3]]


def _valid(year: int | None, month: int, day: int | None) -> bool:
    if day is None:
        return True
    # Without a year, allow 29 February: the context year decides later.
    last = days_in_month(year if year is not None else 2000, month)
    return 1 <= day <= last


def _part_before(text: str, start: int) -> tuple[int, str | None]:
    """A vague part written just before `start` ("early ", "the end of ", "mi-"), and its start."""
    match = _PART_BEFORE_RE.search(text, max(0, start - _PART_WINDOW), start)
    if not match:
        return start, None
    part_text = match["part"]
    key = re.sub(r"^(?:the|au|à la)\s+", "", part_text.lower()).split()[0].rstrip("'")
    lead = _PART_LEAD_RE.match(part_text)
    # The span starts at the vague word: "end of August", "début de mai".
    return match.start("part") + (len(lead[0]) if lead else 0), _PARTS.get(key)


def _candidates(text: str) -> list[_Raw]:
    found: list[_Raw] = []
    # Most sentences name no month: then only a four-digit year can start a date.
    if any(stem in text for stem in _MONTH_STEMS):
        tokens = _CANDIDATE_RE.finditer(text)
    elif "19" in text or "20" in text:
        tokens = _YEAR_TOKEN_RE.finditer(text)
    else:
        return found
    for token in tokens:
        word, at = token[0], token.start()
        match: re.Match[str] | None = None
        part: str | None = None
        start = at
        if word.isdigit():
            if len(word) <= 2:
                match = _DAY_LED_RE.match(text, at)
            elif len(word) == 4 and word[:2] in ("19", "20"):
                numeric = _NUMERIC_BEFORE_YEAR.search(text, max(0, at - 6), at)
                if numeric and _valid(int(word), int(numeric["month"]), int(numeric["day"])):
                    # "12/03/2023", "12.03.2023": day first, as the UN and French write it
                    found.append(
                        _Raw(
                            numeric.start(), token.end(), int(word), int(numeric["month"]),
                            int(numeric["day"]), None,
                        )
                    )  # fmt: skip
                    continue
                match = _ISO_AT_RE.match(text, at)
                if match is None:
                    start, part = _part_before(text, at)  # "late 2016", "mid-2016"
                    after = _YEAR_RANGE_AFTER_RE.match(text, token.end())
                    if part or (
                        not after and _PREP_BEFORE_YEAR_RE.search(text, max(0, at - 20), at)
                    ):
                        found.append(_Raw(start, token.end(), int(word), None, None, part))
                    continue
        elif word in _MONTH_WORDS:
            match = _MONTH_LED_RE.match(text, at)
            if match:
                start, part = _part_before(text, at)
        if match is None:
            continue
        groups = match.groupdict()
        year_text = groups.get("year") or groups.get("year2")
        year = int(year_text) if year_text else None
        day = int(groups["day"]) if groups.get("day") else None
        last = int(groups["last"]) if groups.get("last") else None
        month_text = groups["month"]
        month = _month_number(month_text)
        end = match.end()
        loose = match.re is _MONTH_LED_RE and day is not None and year is None
        if loose and _LOOSE_DAY_RE.match(text, end):  # "in March 12 women were …": a count
            day, end = None, at + len(month_text)
        if not _valid(year, month, day) or (
            last is not None and (day is None or last <= day or not _valid(year, month, last))
        ):
            continue  # "31 February 2016": the month-led reading keeps "February 2016"
        if day is None and year is None:
            # "Mar" and "Jun" alone are too ambiguous; a bare month needs a preposition.
            if month_text.rstrip(".") in _ABBREVIATIONS:
                continue
            if part is None and not _BARE_MONTH_PREFIX_RE.search(text, max(0, start - 20), start):
                continue
        found.append(_Raw(start, end, year, month, day, part, last))
    # Leftmost, then longest, without overlaps.
    found.sort(key=lambda r: (r.start, -(r.end - r.start)))
    chosen: list[_Raw] = []
    for raw in found:
        if not chosen or raw.start >= chosen[-1].end:
            chosen.append(raw)
    return chosen


def find_dates(text: str, year: int | None = None) -> list[DateMention]:
    """Absolute dates in the text; a date written without a year takes the nearest preceding
    explicit year in the text, else `year` (dates that can't be placed in a year are dropped)."""
    raws = _candidates(text)
    in_range: set[int] = set()
    for i in range(len(raws) - 1):
        left, right = raws[i], raws[i + 1]
        gap = text[left.end : right.start]
        if not _RANGE_GAP_RE.fullmatch(gap):
            continue
        opened = _RANGE_OPEN_RE.search(text, max(0, left.start - 12), left.start)
        if not opened and gap.strip().lower() in ("and", "et"):
            continue
        in_range.update((i, i + 1))
        # "between January and September 2026": the left end takes the right end's year.
        if left.year is None and right.year is not None and left.month is not None:
            later = right.month is not None and left.month > right.month
            left.year = right.year - 1 if later else right.year
    mentions: list[DateMention] = []
    context = year
    for i, raw in enumerate(raws):
        last_day = None
        explicit = raw.year is not None
        resolved = raw.year if raw.year is not None else context
        if resolved is None:
            continue
        if raw.year is not None and raw.month is not None:
            context = raw.year
        if raw.month is None:
            iso, precision = f"{resolved:04d}", "year"
        elif raw.day is None:
            iso, precision = f"{resolved:04d}-{raw.month:02d}", "month"
        else:
            if not _valid(resolved, raw.month, raw.day):
                continue
            iso, precision = f"{resolved:04d}-{raw.month:02d}-{raw.day:02d}", "day"
            if raw.last is not None:
                last_day = f"{resolved:04d}-{raw.month:02d}-{raw.last:02d}"
        mentions.append(
            DateMention(
                start=raw.start,
                end=raw.end,
                date=iso,
                precision=precision,
                approximate=raw.part is not None,
                part=raw.part,
                explicit_year=explicit,
                in_range=i in in_range,
                last_day=last_day,
            )
        )
    return mentions


def part_of(words: str) -> str | None:
    """The vague part a date's own words name: 'early March' → 'early', 'fin août' → 'late'.

    For `format_date`: an event's words are its quote between its start and end offsets.
    """
    mentions = find_dates(words, 2000)  # any year: only the part matters
    return mentions[0].part if mentions else None


def precision_of(iso: str) -> str:
    """The precision an ISO 8601 date is written at: 'YYYY' year, 'YYYY-MM' month, else day."""
    return {4: "year", 7: "month"}.get(len(iso), "day")


_FR_PARTS = {"early": "début", "mid": "mi-", "late": "fin"}


def _format_date_fr(pieces: list[str], approximate: bool, part: str | None) -> str:
    """A date as a French reader writes it: '2 mars 2020', 'vers le 29 août 2016'."""
    year = pieces[0]
    if len(pieces) == 1:
        return f"vers {year}" if approximate else year
    month = _FR_MONTHS[int(pieces[1]) - 1]
    if len(pieces) == 2:
        if part:
            said = _FR_PARTS.get(part, part)
            return f"{said}{month} {year}" if said.endswith("-") else f"{said} {month} {year}"
        return f"vers {month} {year}" if approximate else f"{month} {year}"
    day = "1er" if int(pieces[2]) == 1 else str(int(pieces[2]))
    return f"vers le {day} {month} {year}" if approximate else f"{day} {month} {year}"


def format_span(first: str, last: str, language: str = "en") -> str:
    """Readable span of days: '2–4 Mar 2020', '28 Feb – 2 Mar 2020', '30 Dec 2019 – 2 Jan 2020';
    in French as French writes it, 'du 2 au 4 mars 2020', 'du 28 février au 2 mars 2020'."""
    (y1, m1, d1), (y2, m2, d2) = first.split("-"), last.split("-")
    if language == "fr":
        day = "1er" if int(d1) == 1 else str(int(d1))
        if (y1, m1) == (y2, m2):
            return f"du {day} au {format_date(last, 'day', False, None, 'fr')}"
        start = f"{day} {_FR_MONTHS[int(m1) - 1]}" + ("" if y1 == y2 else f" {y1}")
        return f"du {start} au {format_date(last, 'day', False, None, 'fr')}"
    months = _MONTH_ABBR
    if (y1, m1) == (y2, m2):
        return f"{int(d1)}–{int(d2)} {months[int(m1) - 1]} {y1}"
    if y1 == y2:
        return (
            f"{int(d1)} {months[int(m1) - 1]} – {format_date(last, 'day', False, None, language)}"
        )
    return (
        f"{format_date(first, 'day', False, None, language)} – "
        f"{format_date(last, 'day', False, None, language)}"
    )


def format_date(
    date: str | None,
    precision: str,
    approximate: bool,
    part: str | None = None,
    language: str = "en",
) -> str:
    """Readable date: '29 Feb 2016', 'about 29 Aug 2016', 'Nov 2016', 'early Mar 2016', '2016'.

    `date` is ISO 8601 at its precision ('YYYY-MM-DD', 'YYYY-MM' or 'YYYY'). An approximate
    date (the flag, or precision 'approximate') reads 'about …'; give `part` ('early', 'mid',
    'late') for a vague part of a month or year. No date gives 'no date'. In French
    (`language` "fr"): '29 février 2016', 'vers le 29 août 2016', 'novembre 2016'.
    """
    if not date:
        return "pas de date" if language == "fr" else "no date"
    pieces = date.split("-")
    year = pieces[0]
    if language == "fr":
        return _format_date_fr(pieces, approximate or precision == "approximate", part)
    if len(pieces) >= 2:
        month = _MONTH_ABBR[int(pieces[1]) - 1]
        text = f"{int(pieces[2])} {month} {year}" if len(pieces) == 3 else f"{month} {year}"
    else:
        text = year
    if part and len(pieces) < 3:
        return f"{part} {text}"
    if approximate or precision == "approximate":
        return f"about {text}"
    return text
