"""Time and quantities, in one place: number words, amounts of time, repeats, month arithmetic.

Everything else asks here: settings (WPSBOT_CATCHUP), deadlines (lead times, --every, due
dates that repeat), extraction ("in approximately six months", "every 90 days", "the end of
February"), and the calendar feed. Built on python-dateutil: `relativedelta` does calendar
arithmetic (31 January + 1 month is the last day of February), and a repeat is one `rrule`,
which the calendar feed writes as its RRULE and the reminders expand, so the two cannot
disagree.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from itertools import islice
from typing import Any

from dateutil.relativedelta import relativedelta
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule

# -- number words ------------------------------------------------------------------------------

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
# Every number word read, English and French, with its value ("six" is both).
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
_WORD_VALUES = {**NUMBER_VALUES, **ZERO_WORDS}
SCALE_WORDS = frozenset({"hundred", "thousand", "cent", "cents", "mille"})


def parse_number_words(text: str) -> int | None:
    """'four hundred and twenty-seven' → 427, 'quatre-vingt-dix' → 90, 'vingt et un' → 21,
    'none' → 0; None when a word is not a number word."""
    total = 0
    current = 0
    for word in re.split(r"[\s-]+", text.strip().lower()):
        if word in {"", "and", "et"}:
            continue
        value = _WORD_VALUES.get(word)
        if value is None:
            return None
        if word in SCALE_WORDS:
            current = max(current, 1) * value
            if value >= 1000:
                total += current
                current = 0
        elif word.startswith("vingt") and current % 10 == 4 and current % 100 < 10:
            current += 80 - 4  # quatre-vingt(s) = 80
        else:
            current += value
    return total + current


def parse_count(text: str) -> int | None:
    """A whole number written in digits or words ('90', 'six', 'quatre-vingt-dix'), or 'a' /
    'an' for one (as in 'in a month')."""
    cleaned = text.strip().lower()
    if cleaned.isdigit():
        return int(cleaned)
    if cleaned in ("a", "an"):
        return 1
    return parse_number_words(cleaned)


# -- amounts of calendar time --------------------------------------------------------------------

CALENDAR_UNITS = ("days", "weeks", "months", "years")
# Every way a unit is written (English and French), singular or plural, to its name.
_UNIT_NAMES = {
    "day": "days", "jour": "days", "week": "weeks", "semaine": "weeks", "month": "months",
    "mois": "months", "year": "years", "an": "years", "année": "years", "annee": "years",
}  # fmt: skip
# Repeats said in one word: "quarterly", "fortnightly", « trimestriel ».
CADENCE_WORDS: dict[str, tuple[int, str]] = {
    "daily": (1, "days"),
    "weekly": (1, "weeks"),
    "hebdomadaire": (1, "weeks"),
    "fortnightly": (2, "weeks"),
    "monthly": (1, "months"),
    "mensuel": (1, "months"),
    "quarterly": (3, "months"),
    "trimestriel": (3, "months"),
    "biannual": (6, "months"),
    "biannually": (6, "months"),
    "semi-annual": (6, "months"),
    "semi-annually": (6, "months"),
    "six-monthly": (6, "months"),
    "semestriel": (6, "months"),
    "annual": (1, "years"),
    "annually": (1, "years"),
    "yearly": (1, "years"),
}


def unit_name(word: str) -> str:
    """'months', 'mois', 'year', 'années' → the unit's name: days, weeks, months or years."""
    lowered = word.lower()
    if lowered != "mois" and lowered.endswith("s"):
        lowered = lowered[:-1]
    return _UNIT_NAMES[lowered]


def cadence_word(word: str) -> tuple[int, str] | None:
    """(n, unit) of a one-word repeat, its French feminine and plural forms too
    ('trimestrielles' → (3, 'months')); None for any other word."""
    lowered = word.lower()
    if lowered in CADENCE_WORDS:
        return CADENCE_WORDS[lowered]
    return CADENCE_WORDS.get(re.sub(r"(?:le)?s?$", "", lowered))


@dataclass(frozen=True)
class Span:
    """An amount of calendar time: n days, weeks, months or years."""

    n: int
    unit: str  # days | weeks | months | years

    @property
    def text(self) -> str:
        """'90 days', '3 months', '1 year' (how deadlines and events store a repeat)."""
        return f"{self.n} {self.unit[:-1] if self.n == 1 else self.unit}"

    def delta(self, times: int = 1) -> relativedelta:
        """`times` of this span, as calendar arithmetic."""
        if self.unit not in CALENDAR_UNITS:
            raise ValueError(f"unknown unit {self.unit!r}")
        return relativedelta(**{self.unit: self.n * times})

    def after(self, day: date, times: int = 1) -> date:
        """`day` plus `times` of this span; a month's end clamps (31 Aug + 6 months = 28 Feb)."""
        moved: date = day + self.delta(times)
        return moved


# "3 months", "every three months", "tous les 3 mois", "chaque mois", "on a quarterly basis"
_UNIT_WORDS = r"(?P<unit>days?|weeks?|months?|years?|jours?|semaines?|mois|ans|années?|an)"
_SPAN = re.compile(
    r"^(?:(?:every|tous les|toutes les|chaque)\s+)?"
    r"(?:(?P<digits>\d+)\s*|(?P<words>[\w-]+(?:\s+(?:et\s+)?[\w-]+)*?)\s+)?"
    rf"{_UNIT_WORDS}$"
)
_BASIS = re.compile(r"^(?:on|sur)\s+an?\s+(?P<word>[\w-]+)\s+(?:basis|base)$")


def parse_span(text: str) -> Span:
    """A span in words, English or French: '3 months', '90 days', 'two weeks', 'every three
    months', 'tous les trois mois', 'quarterly', 'on a quarterly basis'. ValueError if the
    text is not one."""
    cleaned = " ".join(text.strip().lower().split())
    basis = _BASIS.match(cleaned)
    word = cadence_word(basis["word"] if basis else cleaned)
    if word is not None:
        return Span(*word)
    match = _SPAN.match(cleaned)
    if match:
        written = match["digits"] or match["words"]
        number = parse_count(written) if written else 1
        if number:
            return Span(number, unit_name(match["unit"]))
    raise ValueError(f"not a duration: {text!r} (write it like '3 months' or '90 days')")


# -- short amounts: '14d', '2h', '90m', '3600' ---------------------------------------------------

_SHORT = re.compile(r"^(\d{1,7})\s*([wdhms]?)$")  # a year is 525,600 minutes: seven digits
_SHORT_SECONDS = {"w": 604_800, "d": 86_400, "h": 3_600, "m": 60, "s": 1, "": 1}


def parse_short_duration(text: str, units: str = "wdhms", *, bare: bool = True) -> timedelta:
    """'14d', '1w', '2h', '90m', '30s' as a timedelta; a bare number is seconds ('3600'),
    unless `bare` is False (then only '0'). Only the letters in `units` are taken.
    ValueError otherwise."""
    cleaned = text.strip().lower()
    match = _SHORT.match(cleaned)
    letter = match[2] if match else None
    if match is None or letter is None or (letter and letter not in units):
        raise ValueError(f"not a duration: {text!r}")
    if not letter and not bare and cleaned != "0":
        raise ValueError(f"not a duration: {text!r} (give a unit)")
    return timedelta(seconds=int(match[1]) * _SHORT_SECONDS[letter])


def looks_like_short_duration(text: str) -> bool:
    """Digits and a unit letter, however many digits ('99999999d'): to tell "too long" from
    "not a duration"."""
    return re.fullmatch(r"\d+\s*[wdhms]", text.strip().lower()) is not None


# -- month arithmetic ---------------------------------------------------------------------------


def days_in_month(year: int, month: int) -> int:
    """28 to 31: how many days the month has (February by the Gregorian leap-year rule)."""
    return calendar.monthrange(year, month)[1]


def month_end(day: date) -> date:
    """The last day of `day`'s month."""
    end: date = day + relativedelta(day=31)
    return end


# -- repeats ------------------------------------------------------------------------------------

_FREQ = {"days": "DAILY", "weeks": "WEEKLY", "months": "MONTHLY", "years": "YEARLY"}
_RRULE_FREQ = {"DAILY": DAILY, "WEEKLY": WEEKLY, "MONTHLY": MONTHLY, "YEARLY": YEARLY}


@dataclass(frozen=True)
class Repeat:
    """A repeat ('every 3 months') counted from its first date: one rule for the reminders'
    occurrences and the calendar feed's RRULE.

    Months and years count from the first date and clamp to a month's last day: a deadline
    on 31 January falls on 28 (or 29) February and on 31 March. A plain BYMONTHDAY=31 would
    skip February (RFC 5545), so a day from the 29th on is "the last of the days 28 … D the
    month has" (BYMONTHDAY=28,29,30,31;BYSETPOS=-1). A time repeats on the UTC day, as the
    feed writes it.
    """

    span: Span

    @classmethod
    def parse(cls, text: str) -> Repeat:
        """A repeat from its stored or typed words ('3 months', 'every three months')."""
        return cls(parse_span(text))

    def rule(self, first: date) -> dict[str, Any]:
        """The RRULE parts (icalendar's vRecur keys) for a series whose first date is `first`
        (for a datetime, its UTC date counts)."""
        day = first.astimezone(UTC).date() if isinstance(first, datetime) else first
        parts: dict[str, Any] = {"freq": _FREQ[self.span.unit], "interval": self.span.n}
        if parts["freq"] in ("MONTHLY", "YEARLY") and day.day >= 29:
            parts["bymonthday"] = list(range(28, day.day + 1))
            parts["bysetpos"] = -1
            if parts["freq"] == "YEARLY":
                parts["bymonth"] = day.month
        return parts

    def occurrences(self, first: date) -> Iterator[date]:
        """The series' dates (or times) from `first` on, as the rule expands them."""
        if isinstance(first, datetime):
            if first.tzinfo is None:
                raise ValueError("a repeating time needs a time zone")
            start = first.astimezone(UTC)
            for moment in _expansion(start, self.span):
                yield moment.astimezone(first.tzinfo)
            return
        for moment in _expansion(datetime.combine(first, datetime.min.time()), self.span):
            yield moment.date()

    def occurrence(self, first: date, index: int) -> date:
        """The index-th date (or time) of the series; 0 is `first` itself."""
        if index < 0:
            raise ValueError("occurrences count from 0")
        return next(islice(self.occurrences(first), index, None))


@lru_cache(maxsize=1024)
def _expansion(start: datetime, span: Span) -> rrule:
    """The dateutil rule of a series, kept with its expansion (rrule's own cache, which it
    guards with a lock): the reminders walk the same series every second."""
    parts = Repeat(span).rule(start)
    return rrule(
        _RRULE_FREQ[parts["freq"]],
        dtstart=start,
        interval=parts["interval"],
        bymonthday=parts.get("bymonthday"),
        bysetpos=parts.get("bysetpos"),
        bymonth=parts.get("bymonth"),
        cache=True,
    )
