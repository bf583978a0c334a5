"""Figures: counts of a total, shares with their date, changes, plain counts, quotas, lists.

Each rule reads one shape of sentence common in UN situation updates. Rules run from the most
specific (a change "from 42 to 28 percent") to the least (a plain "48 cases"), and a number taken
by one rule is not read again by a later one.

Anything a document sends can be hostile, so the work is bounded: a sentence is at most
store.clean.MAX_SENTENCE_CHARS long, each rule reads at most MAX_FIGURES figures of it, and
what a rule checks before or after a figure is looked for in a window around it (BEFORE_WINDOW,
AFTER_WINDOW), never in the whole text before or after each number. The windows are longer than
anything the patterns match in prose, so prose reads the same as with no window.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from store.chrono import SCALE_WORDS, days_in_month
from store.extract.dates import MONTH_RE as _MONTH_RE
from store.extract.dates import MONTHS as _MONTHS
from store.extract.numbers import COUNT_WORDS, NUMBER_RE, PERCENT_RE, parse_number
from store.models import DocContext, Fact, Sentence

_DATE_RE = (
    rf"(?:(?:the\s+)?(?:end|beginning|start|middle) of\s+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?\b(?:{_MONTH_RE})\b(?:\s+\d{{1,2}}(?:st|nd|rd|th)?(?!\d),?)?"
    rf"(?:\s+(?:19|20)\d\d)?|(?:19|20)\d\d"
)
_GENDER_RE = re.compile(
    r"\b(women|woman|female|females|girls|girl|men|man|male|boys|femmes|femme)\b", re.I
)
_GENDER_CANON = {
    "woman": "women", "female": "women", "females": "women", "femme": "women",
    "femmes": "women", "girl": "girls", "man": "men", "male": "men",
}  # fmt: skip
# Words that end the noun phrase a figure is "of".
_STOP_WORDS = (
    "were", "are", "was", "is", "has", "have", "had", "remain", "remains", "rose", "fell",
    "increased", "decreased", "dropped", "since", "between", "as of", "as at", "that", "who",
    "which", "whose", "but", "while", "compared", "up from", "down from", "to address",
    "including", "out of", "sont", "est", "ont", "étaient", "était", "affecting", "involving",
    "concerning", "bringing", "dont", f"and (?:{NUMBER_RE})", "and from",
)  # fmt: skip


def _by_first_letter(words: tuple[str, ...]) -> str:
    """'were|was|are' as 'w(?:ere|as)|a(?:re)': the same words, but a position whose letter
    starts none of them fails on one test instead of one per word."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    alternatives = "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())
    # One character class first: most positions fail on it, before any alternative is tried.
    return f"(?=[{''.join(groups)}])(?:{alternatives})"


# A stop is punctuation followed by a space (or the end), or a space before an opening bracket
# with a number or before one of the stop words. The pattern starts with the one character
# class every stop starts with, so the search skips other characters in C; _stop() then
# extends the stop back over the spaces before it.
_STOP_RE = re.compile(
    r"[,;:.!?\s](?:(?<=[,;:.!?])(?:\s|$)|(?<=\s)\((?=\s*(?:or\s+)?\d)"
    rf"|(?<=\s)(?:{_by_first_letter(_STOP_WORDS)})\b)",
    re.I,
)


def _stop(text: str, start: int, end: int) -> int | None:
    """Where the clause that starts at `start` ends, looking no further than `end`."""
    stop = _STOP_RE.search(text, start, end)
    if stop is None or (stop.end() >= end and end < len(text)):
        return None  # (a match touching a cut window may be the window's end, not a stop)
    at = stop.start()
    while at > start and text[at - 1].isspace():
        at -= 1
    return at


_LEADING_DETERMINERS = re.compile(r"^(?:the|its|their|his|her|all|these|those)\s+", re.I)
_TIME_NOUNS = re.compile(
    r"^(?:days?|weeks?|months?|years?|decades?|centur(?:y|ies)|hours?|minutes?|times?|jours?|"
    r"semaines?|mois|ans|années?|décennies?|siècles?|heures?|"
    rf"per ?cent|percent|{_MONTH_RE})\b",
    re.I,
)
_NAME_RE = re.compile(
    r"\b(?:[A-Z][A-Za-zÀ-ÿ'-]+|[A-Z]{2,})(?:\s+(?:and|of|de|du|des|la|le|l'|d'|for|the|on)?\s*"
    r"(?:[A-Z][A-Za-zÀ-ÿ'-]+|[A-Z]{2,}))*(?:\s+\([A-Z][A-Za-z]{1,9}\))?"
)
_NOT_NAMES = {
    "The", "As", "Only", "In", "On", "There", "This", "It", "More", "Women", "Men", "Between",
    "Under", "A", "An", "Of", "From", "With", "At", "Since", "By", "Mobile", "Three", "Six",
}  # fmt: skip
MAX_MEASURE_WORDS = 14
# A rule reads at most this many figures of one sentence: the test documents' busiest sentence
# has ten numbers; a sentence with hundreds is a table dump or a file made to be slow.
MAX_FIGURES = 60
# How far a `$`-anchored check looks back from a figure ("resolution 2295", "up from 41"),
# and how far a rule reads on after one: both are far longer than the words the checks match.
BEFORE_WINDOW = 120
AFTER_WINDOW = 600
MEASURE_WINDOW = 300
_DIGIT_START_RE = re.compile(r"(?<![\w.,])\d")
# "one third", "two-thirds", "un tiers": a fraction (answered in the sentence's own words),
# never a count.
_FRACTION_AFTER = re.compile(
    r"[\s-]+(?:half|thirds?|quarters?|fifths?|tenths?|tiers|quarts?|cinquièmes?)\b", re.I
)


def _number_starts(text: str) -> list[int]:
    """Where numbers may start: digits, and number words the sentence actually has (the
    first MAX_FIGURES of them)."""
    starts = [m.start() for m in itertools.islice(_DIGIT_START_RE.finditer(text), MAX_FIGURES)]
    # A scale word ("cent" of "per cent", "hundred") never starts a number on its own.
    words = COUNT_WORDS.intersection(re.split(r"[^\w]+", text.lower())) - SCALE_WORDS
    if words:
        pattern = r"(?<![\w.,])(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b"
        starts += [
            m.start()
            for m in itertools.islice(re.finditer(pattern, text, re.I), MAX_FIGURES)
            if not _FRACTION_AFTER.match(text, m.end())  # "one third": a fraction
        ]
    return sorted(starts)[:MAX_FIGURES]


def _figures(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """pattern.finditer(text), at most MAX_FIGURES matches."""
    return itertools.islice(pattern.finditer(text), MAX_FIGURES)


def _ends_before(pattern: re.Pattern[str], text: str, at: int) -> re.Match[str] | None:
    """A `$`-anchored pattern matched against the text just before `at`.

    The same as pattern.search(text[:at]) for any match shorter than BEFORE_WINDOW (\\b and
    lookbehinds still see the text before the window), without scanning the whole sentence
    before every figure.
    """
    return pattern.search(text, max(0, at - BEFORE_WINDOW), at)


@dataclass
class _Sentence:
    """Working state for one sentence: its text and the spans already read."""

    sentence: Sentence
    ctx: DocContext
    taken: list[tuple[int, int]] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    number_starts: list[int] | None = None
    as_of: str | None = None
    as_of_read: bool = False
    # pattern → its matches in the sentence and their starts, found once (see first_in)
    _words: dict[re.Pattern[str], tuple[list[int], list[re.Match[str]]]] = field(
        default_factory=dict
    )
    _gender: str | None = None
    _gender_read: bool = False

    @property
    def text(self) -> str:
        return self.sentence.text

    def first_in(self, pattern: re.Pattern[str], span: tuple[int, int]) -> re.Match[str] | None:
        """pattern.search(text[left:right]) for a pattern of whole words (each match a word
        between \\b's): the sentence is searched once, not once per figure."""
        if pattern not in self._words:
            matches = list(pattern.finditer(self.text))
            self._words[pattern] = ([m.start() for m in matches], matches)
        starts, matches = self._words[pattern]
        index = bisect.bisect_left(starts, span[0])
        if index < len(matches) and matches[index].end() <= span[1]:
            return matches[index]
        return None

    def gender_in(self, span: tuple[int, int]) -> str | None:
        """_gender of the text in span (a clause, or the whole sentence)."""
        match = self.first_in(_GENDER_RE, span)
        return _GENDER_CANON.get(match.group(1).lower(), match.group(1).lower()) if match else None

    def gender(self) -> str | None:
        """_gender(text): the sentence's first gender word, read once."""
        if not self._gender_read:
            self._gender, self._gender_read = _gender(self.text), True
        return self._gender

    def qualifier_in(self, span: tuple[int, int]) -> str | None:
        """_qualifier of the text in span."""
        match = self.first_in(_QUALIFIERS, span)
        return match.group(1).lower() if match else None

    def at_numbers(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Matches of a pattern that starts with a number, tried only where numbers start.

        Trying number-led patterns at every character is most of extraction's time.
        """
        if self.number_starts is None:
            self.number_starts = _number_starts(self.text)
        for start in self.number_starts:
            match = pattern.match(self.text, start)
            if match:
                yield match

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.taken)

    def add(self, fact_start: int, fact_end: int, **fields: object) -> Fact:
        fact = Fact(
            sentence=self.sentence,
            start=self.sentence.start + fact_start,
            end=self.sentence.start + fact_end,
            **fields,  # type: ignore[arg-type]
        )
        self.taken.append((fact_start, fact_end))
        self.facts.append(fact)
        return fact


def parse_date(phrase: str, year: int | None) -> str | None:
    """'May 2016' → '2016-05', '30 September 2026' → '2026-09-30', 'end of August' → '…-08-31'."""
    text = phrase.strip().lower().rstrip(",")
    only_year = re.fullmatch(r"(19|20)\d\d", text)
    if only_year:
        return text
    month_match = re.search(rf"\b(?:{_MONTH_RE})\b", text)
    if not month_match:
        return None
    month = _MONTHS[month_match.group(0)]
    year_match = re.search(r"\b(19|20)\d\d\b", text)
    found_year = int(year_match.group(0)) if year_match else year
    if found_year is None:
        return None
    day_match = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b(?!\d)", text.replace(str(found_year), ""))
    if day_match:
        return f"{found_year}-{month:02d}-{int(day_match.group(1)):02d}"
    if "end of" in text:
        return f"{found_year}-{month:02d}-{days_in_month(found_year, month):02d}"
    return f"{found_year}-{month:02d}"


def _as_of(text: str, year: int | None) -> str | None:
    match = re.search(rf"\bas (?:of|at)\s+({_DATE_RE})", text, re.I)
    if match:
        return parse_date(match.group(1), year)
    match = re.search(rf"\bbetween\s+({_DATE_RE})\s+and\s+({_DATE_RE})", text, re.I)
    if match:
        return parse_date(match.group(2), year)
    match = re.search(rf"\b(?:in|by|at the end of|end of)\s+({_DATE_RE})\s*,", text, re.I)
    if match and match.start() < 20:
        return parse_date(match.group(1), year)
    match = re.match(r"(?:In|During|By the end of)\s+((?:19|20)\d\d)\b", text)
    if match:  # "In 2026 the mission verified 57 cases"
        return match.group(1)
    return None


def _measure(text: str, start: int) -> tuple[str, int]:
    """The noun phrase starting at `start`, cut at the clause's end; and where it ends.

    The clause's end is looked for in the next MEASURE_WINDOW characters (in the test
    documents it is never more than 114 away); without one there, the phrase runs to the
    window's end.
    """
    rest = text[start : start + MEASURE_WINDOW]
    stop = _stop(text, start, start + len(rest))
    end = stop - start if stop is not None else len(rest.rstrip(".!? "))
    phrase = rest[:end].strip()
    words = phrase.split()
    if len(words) > MAX_MEASURE_WORDS:
        phrase = " ".join(words[:MAX_MEASURE_WORDS])
    # An unbalanced bracket belongs to the surrounding prose, not to the phrase.
    if phrase.count("(") > phrase.count(")"):
        phrase = phrase[: phrase.rfind("(")].rstrip()
    if phrase.count(")") > phrase.count("("):
        phrase = phrase.replace(")", "").rstrip()
    return phrase, start + len(rest[:end].rstrip())


def _antecedent(text: str, before: int) -> str | None:
    """The nearest named body before `before` ("the Truth and Reconciliation Commission")."""
    names = [
        m
        for m in _NAME_RE.finditer(text, max(0, before - AFTER_WINDOW), before)
        if m.group(0).split()[0] not in _NOT_NAMES or len(m.group(0).split()) > 1
    ]
    for match in reversed(names):
        name = match.group(0)
        first, *rest = name.split()
        if first in _NOT_NAMES:
            name = " ".join(rest)
        if name and name not in _NOT_NAMES:
            return name
    return None


def _resolve_pronoun(text: str, phrase: str, at: int) -> str:
    """'its police' → 'UNMIVEL police' using the nearest named body before."""
    match = re.match(r"(its|their)\s+(.*)", phrase, re.I)
    if not match:
        return _LEADING_DETERMINERS.sub("", phrase)
    owner = _antecedent(text, at)
    return f"{owner} {match.group(2)}" if owner else match.group(2)


def _gender(text: str, default: str | None = None) -> str | None:
    match = _GENDER_RE.search(text)
    if not match:
        return default
    word = match.group(1).lower()
    return _GENDER_CANON.get(word, word)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a span: from the previous ; or sentence start to the next ; or end."""
    left = max(text.rfind(";", 0, start), text.rfind(" but ", 0, start), -1) + 1
    right_candidates = [i for i in (text.find(";", end), text.find(" but ", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return left, right


_QUALIFIERS = re.compile(
    r"\b(documented|verified|reported|alleged|allegations|recorded|confirmed|registered|"
    r"heard|filed|budgeted|vacant|appointed|elected)\b",
    re.I,
)


def _qualifier(clause: str) -> str | None:
    match = _QUALIFIERS.search(clause)
    return match.group(1).lower() if match else None


# --- rules -------------------------------------------------------------------------------------

_CHANGE_RE = re.compile(
    rf"\bfrom\s+(?P<prev>{NUMBER_RE})(?:{PERCENT_RE})?(?:\s+in\s+(?P<prev_date>{_DATE_RE}))?"
    rf"\s+to\s+(?P<value>{NUMBER_RE})(?P<pct>{PERCENT_RE})?",
    re.I,
)


_CHANGE_FR_RE = re.compile(
    rf"(?:(?:Le|La|Les)\s+(?:nombre|part|proportion|pourcentage|taux)\s+(?:de\s+|des\s+|d')"
    rf"(?P<measure>[^,;]{{1,200}}?)\s+)?(?:est|sont|a)\s+(?:passée?s?|augmentée?|diminuée?|progressée?)"
    rf"\s+de\s+(?P<prev>{NUMBER_RE})(?:{PERCENT_RE})?\s+à\s+(?P<value>{NUMBER_RE})"
    rf"(?P<pct>{PERCENT_RE})?(?:\s+entre\s+(?P<since>{_DATE_RE})\s+et\s+(?P<until>{_DATE_RE}))?",
    re.I,
)


def _changes_fr(s: _Sentence) -> None:
    """'Le nombre de personnes déplacées est passé de 210 000 à 265 000 entre ... et ...'."""
    for match in _figures(_CHANGE_FR_RE, s.text):
        measure = (match.group("measure") or "").strip()
        s.add(
            match.start(),
            match.end(),
            kind="change",
            subject=_gender(measure) or measure.split(" ")[0] if measure else "",
            measure=measure,
            value=parse_number(match.group("value")),
            previous_value=parse_number(match.group("prev")),
            unit="percent" if match.group("pct") else "count",
            as_of=parse_date(match.group("until"), s.ctx.year) if match.group("until") else None,
            previous_as_of=(
                parse_date(match.group("since"), s.ctx.year) if match.group("since") else None
            ),
        )


_MOVED_TO_RE = re.compile(
    rf"^(?:The\s+)?(?:proportion|share|percentage|number|rate)\s+of\s+(?P<measure>.+?)\s+"
    rf"(?:has\s+)?(?:fell|fallen|rose|risen|dropped|increased|decreased|declined|climbed|grew)"
    rf"\s+to\s+(?P<value>{NUMBER_RE})(?P<pct>{PERCENT_RE})?"
    rf"(?:,?\s+an?\s+(?P<way>drop|fall|decrease|decline|increase|rise|gain)\s+of\s+"
    rf"(?P<by>{NUMBER_RE})\s+(?:percentage\s+)?points?)?",
    re.I,
)


def _moved_to(s: _Sentence) -> None:
    """'The proportion of survivors who received care fell to 34 per cent, a drop of 12
    points': the new value, and the old one when the size of the move is given."""
    match = _MOVED_TO_RE.search(s.text)
    if not match:
        return
    value = parse_number(match.group("value"))
    by = parse_number(match.group("by")) if match.group("by") else None
    previous = None
    if value is not None and by is not None:
        down = match.group("way").lower() in {"drop", "fall", "decrease", "decline"}
        previous = value + by if down else value - by
    measure = match.group("measure").strip()
    s.add(
        match.start("value"),
        match.end(),
        kind="change" if previous is not None else "share",
        subject=_gender(measure) or re.split(r"\s+(?:who|that|which|of|in|with)\b", measure)[0],
        measure=measure,
        value=value,
        previous_value=previous,
        unit="percent" if match.group("pct") else "count",
        as_of=s_as_of(s),
    )


_AMONG_OF = re.compile(r"\bamong\b|\bof\b")
_AMONG_OF_IN = re.compile(r"\b(?:among|of|in)\s+")


def _after_last_of(text: str, at: int) -> str | None:
    """What follows the last 'among', 'of' or 'in' before `at` ("The share of women among
    <international civilian staff> rose from 31 to 38"), trailing , ; : and spaces cut.

    The same as searching r"\\b(?:among|of|in)\\s+((?:(?!\\bamong\\b|\\bof\\b).)+)$" in the text
    before `at`, in one pass over a window: that search scanned to the end from every "in".
    """
    low = max(0, at - AFTER_WINDOW)
    end = at
    while end > low and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    last = low
    for found in _AMONG_OF.finditer(text, low, end):
        last = found.start()
    keyword = _AMONG_OF_IN.search(text, last, end)
    if keyword is None or keyword.end() >= end:
        return None
    return text[keyword.end() : end]


def _changes(s: _Sentence) -> None:
    _changes_fr(s)
    _moved_to(s)
    text = s.text
    for match in _figures(_CHANGE_RE, text):
        after = text[match.end() : match.end() + AFTER_WINDOW]
        if re.match(rf"\s+(?:{_MONTH_RE})\b", after, re.I):
            continue  # "from 14 to 17 May 2027": days of a month, not a change
        total = None
        of_total = re.match(rf"\s+of\s+(?:the\s+)?(?P<total>{NUMBER_RE})\s+", after, re.I)
        among = re.match(r"\s+(?:among|of|for|in)\s+", after)
        if of_total:
            # "rose from 19 to 31 of 150 seats": a count of a total
            total = parse_number(of_total.group("total"))
            measure, _ = _measure(text, match.end() + of_total.end())
        elif among:
            measure, _ = _measure(text, match.end() + among.end())
            measure = _resolve_pronoun(text, measure, match.start())
        else:
            # "The share of women among international civilian staff rose from 31 to 38";
            # "The number of Women Protection Advisers has doubled, from three to six"
            before = _after_last_of(text, match.start())
            measure = _LEADING_DETERMINERS.sub("", _measure(before, 0)[0]) if before else ""
            measure = (
                re.sub(r"\s+\w+$", "", measure) if measure.count(" ") and not before else measure
            )
        since = re.search(rf"\bsince\s+({_DATE_RE})", after[:80], re.I) or re.search(
            rf"\bsince\s+({_DATE_RE})", text[max(0, match.start() - 120) : match.start()], re.I
        )
        between = re.search(rf"\bbetween\s+({_DATE_RE})\s+and\s+({_DATE_RE})", after[:80], re.I)
        previous_as_of = match.group("prev_date") and parse_date(
            match.group("prev_date"), s.ctx.year
        )
        as_of = None
        if between:
            previous_as_of = parse_date(between.group(1), s.ctx.year)
            as_of = parse_date(between.group(2), s.ctx.year)
        elif since and not previous_as_of:
            previous_as_of = parse_date(since.group(1), s.ctx.year)
        # "from 42 to 28 percent"; a "per cent" elsewhere in a long sentence is another figure's
        percent = bool(match.group("pct")) or (
            total is None and bool(re.search(rf"^[^,;]{{0,40}}?{PERCENT_RE}", after, re.I))
        )
        s.add(
            match.start(),
            match.end(),
            kind="change",
            subject=s.gender() or "",
            measure=measure,
            value=parse_number(match.group("value")),
            total=total,
            previous_value=parse_number(match.group("prev")),
            unit="percent" if percent else "count",
            as_of=as_of or s_as_of(s),
            previous_as_of=previous_as_of,
        )


def s_as_of(s: _Sentence) -> str | None:
    """The sentence's own 'as of' date, else its heading's ("Personnel (as at 31 March
    2028)"), read once per sentence."""
    if not s.as_of_read:
        heading = _HEADING_AS_OF.search(s.sentence.section)
        s.as_of = _as_of(s.text, s.ctx.year) or (
            parse_date(heading.group(1), s.ctx.year) if heading else None
        )
        s.as_of_read = True
    return s.as_of


_SHARE_RE = re.compile(
    rf"(?P<value>{NUMBER_RE})(?P<pct>{PERCENT_RE})\s+(?:of|among|des|de)\s+(?P<rest>)", re.I
)
_QUOTA_RE = re.compile(
    rf"(?:(?P<value>{NUMBER_RE})(?:{PERCENT_RE})[\s-]+(?:gender\s+)?quota"
    rf"|quota\b[^.;]{{0,60}}?(?:minimum of|at least|of|de|d.au moins)\s+"
    rf"(?P<value2>{NUMBER_RE})(?:{PERCENT_RE})"
    rf"|(?:minimum|at least|au moins|au minimum) (?:of |de )?(?P<value3>{NUMBER_RE})"
    rf"(?:{PERCENT_RE})"
    rf"|(?:aims? at|aiming at|a target of|targets?|an objective of|objectif de)\s+"
    rf"(?P<value4>{NUMBER_RE})(?:{PERCENT_RE})"
    # "a goal of having women comprise 30 per cent of parliamentarians": a target, not a share
    rf"|\b(?:goal|target|aim|objective|objectif)\s+(?:of|de)\s+(?:having\s+|ensuring\s+(?:that\s+)?)?"
    rf"(?:(?:the\s+)?(?:women|woman|femmes)\s+(?:comprise|make\s+up|hold|occupy|account\s+for"
    rf"|represent|constitute|représentent)\s+)?(?P<value5>{NUMBER_RE})(?:{PERCENT_RE})"
    rf"|(?:at least|a minimum of|au moins)\s+(?P<fraction>one third|a third|one quarter|a quarter|"
    rf"half|two thirds|one half|un tiers|la moitié|deux tiers))",
    re.I,
)


# What makes "at least 30 per cent" a quota or a target: the sentence requires it.
_REQUIRED = re.compile(
    r"\b(?:quotas?|requir\w*|must|should|shall|demand\w*|call(?:s|ed|ing)? for|urg\w*|aim\w*|"
    r"targets?|goal|objecti\w*|law|act|decree|reserv\w*|guarantee\w*|ensur\w*|mandat\w*|"
    r"provid\w*|constitution\w*|exig\w*|doi(?:t|vent)|devr\w*|loi|décret|garanti\w*|réserv\w*|"
    r"impos\w*|prévoi\w*|prévu\w*)\b",
    re.I,
)
_FRACTIONS = {
    "one third": 33.3, "a third": 33.3, "un tiers": 33.3, "one quarter": 25.0,
    "a quarter": 25.0, "half": 50.0, "one half": 50.0, "la moitié": 50.0,
    "two thirds": 66.7, "deux tiers": 66.7,
}  # fmt: skip


def _quotas(s: _Sentence) -> None:
    text = s.text
    lowered = text.lower()
    if not any(
        word in lowered
        for word in ("quota", "minimum", "at least", "au moins", "aim", "target", "objecti", "goal")
    ):
        return
    for match in _figures(_QUOTA_RE, text):
        raw = (
            match.group("value")
            or match.group("value2")
            or match.group("value3")
            or match.group("value4")
            or match.group("value5")
        )
        fraction = match.group("fraction")
        if not s.free(match.start(), match.end()):
            continue
        bound = re.match(r"(?:at least|au moins)\b", match.group(0), re.I)
        if bound and not _REQUIRED.search(text):
            continue  # "at least 30 per cent of the participants were women": a share's bound
        after = text[match.end() : match.end() + AFTER_WINDOW]
        target = re.match(r"\s*(?:of\s+)?(?:for\s+)?(?P<who>women|woman|female)?\s*", after)
        start = match.end() + (target.end() if target else 0)
        measure, end = _measure(text, start)
        if not re.match(r"(?:on|in|for|of|among)\b", measure) and not (
            (target and target.group("who")) or match.group("value5")
        ):
            measure, end = "", match.end()  # "a 35 per cent quota when the Council visits"
        s.add(
            match.start(),
            max(match.end(), end),
            kind="quota",
            subject=_gender(text[match.start() : end + 20], "women") or "women",
            measure=_LEADING_DETERMINERS.sub("", measure),
            value=_FRACTIONS[fraction.lower()] if fraction else parse_number(raw),
            unit="percent",
            as_of=s_as_of(s),
        )


_HEADING_AS_OF = re.compile(rf"\b(?:as (?:at|of)|at the end of|en date du|au)\s+({_DATE_RE})", re.I)
_LABELLED_RE = re.compile(
    rf"^(?P<label>[A-Z][^:.]{{1,100}}):\s*(?P<value>{NUMBER_RE})(?P<pct>{PERCENT_RE})?"
    rf"(?:\s+(?P<who>women|female|femmes|girls))?(?:\s*\((?P<date>[^)]{{3,40}})\))?\s*$",
    re.I,
)
# "Proportion of seats held by women": what a table's label measures, without the framing.
_LABEL_FRAME_RE = re.compile(
    r"^(?:(?:the\s+)?(?:proportion|percentage|share|number|total\s+number|rate|nombre"
    r"|pourcentage|part|taux)\s+(?:of|de|d'|des|du)\s*(?:the\s+)?)",
    re.I,
)


def _labelled(s: _Sentence) -> None:
    """'Military: 4.1 per cent women (March 2028)': a line of a table of shares."""
    match = _LABELLED_RE.match(s.text)
    if not match:
        return
    date = match.group("date")
    label = _LABEL_FRAME_RE.sub("", match.group("label").strip())
    subject = _gender(match.group("who") or "") or _gender(label) or ""
    if subject:
        # "women in ministerial positions", "seats held by women": who is the subject, what
        # they are counted among is the measure ("18.2 % of ministerial positions were women")
        label = _LABEL_WHO_RE.sub("", label).strip() or label
    if label[:1].isupper() and label[1:2].islower():
        label = label[0].lower() + label[1:]  # "Women judges" inside a sentence
    value = parse_number(match.group("value"))
    share = bool(match.group("pct"))
    if value is None or (not share and _looks_like_year(match.group("value"))):
        return  # "Last elections: 2019" is a date, not a figure
    s.add(
        match.start("value"),
        match.end(),
        kind="share" if share else "count",
        subject=subject,
        measure=label,
        value=value,
        unit="percent" if share else "count",
        as_of=(parse_date(date, s.ctx.year) if date else None) or s_as_of(s),
    )


_LABEL_WHO_RE = re.compile(
    r"^(?:women|female|femmes)\s+(?:in|among|on|dans|parmi)\s+"
    r"|\s+(?:held|occupied|won)\s+by\s+(?:women|femmes)\b",
    re.I,
)


def _looks_like_year(written: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", written.strip()))


_SHARE_OF_WHOM_RE = re.compile(
    rf"\b(?:dont|of whom|of which)\s+(?P<value>{NUMBER_RE})(?P<pct>{PERCENT_RE})", re.I
)


_PAREN_SHARE_RE = re.compile(
    rf"\(\s*(?:or\s+)?(?P<value>{NUMBER_RE})(?P<pct>{PERCENT_RE})\s*\)", re.I
)


def _parenthesised_shares(s: _Sentence) -> None:
    """'Women hold 42 of the 150 seats (28 per cent)': the count's share, said in brackets."""
    for match in _figures(_PAREN_SHARE_RE, s.text):
        whole = _previous_fact(s, match.start())
        if whole is None or whole.total is None or not s.free(match.start(), match.end()):
            continue
        s.add(
            match.start("value"),
            match.end("pct"),
            kind="share",
            subject=whole.subject,
            measure=whole.measure,
            value=parse_number(match.group("value")),
            unit="percent",
            as_of=whole.as_of,
        )


# The verb after a share's measure that names its subject: "… of military personnel *were
# women*", "… des candidats *étaient des femmes*".
_SUBJECT_AFTER = re.compile(
    r"\s*(?:were|are|was|is|being|have been|had been|étaient|était|sont|est)\s+(.{0,25})", re.I
)


def _shares(s: _Sentence) -> None:
    text = s.text
    for match in _figures(_SHARE_OF_WHOM_RE, text):
        # "1 245 témoignages, dont 62,5 % émanant de femmes": a share of the figure before
        rest = _UNTIL_PUNCTUATION.match(text, match.end(), match.end() + AFTER_WINDOW)
        said = rest.group(0) if rest else ""
        s.add(
            match.start("value"),
            match.end() + len(said),
            kind="share",
            subject=_gender(said) or "",
            measure="whom",  # resolved to the figure before by _relative_measures
            value=parse_number(match.group("value")),
            unit="percent",
            as_of=s_as_of(s),
        )
    for match in s.at_numbers(_SHARE_RE):
        if not s.free(match.start(), match.end()):
            continue
        measure, end = _measure(text, match.end())
        measure = _resolve_pronoun(text, measure, match.start())
        clause = _clause(text, match.start(), end)
        # "1.78 percent of military personnel were women": the share's subject follows its
        # verb; in "89 per cent of the victims, with 35 men" the men are another figure's.
        said_after = _SUBJECT_AFTER.match(text, end)
        tail = said_after.group(1) if said_after else ""
        subject = _gender(tail) or s.gender_in(clause) or _gender(measure) or ""
        s.add(
            match.start(),
            end,
            kind="share",
            subject=subject,
            measure=measure,
            value=parse_number(match.group("value")),
            unit="percent",
            as_of=s_as_of(s),
        )


_OF_TOTAL_RE = re.compile(
    rf"(?P<value>{NUMBER_RE})\s+(?P<noun>(?:[A-Za-zÀ-ÿ-]+\s+){{0,2}}?)"
    rf"(?:out\s+of|out|of|from\s+(?:the|a)\s+[a-z]+\s+of|among|des|sur|parmi\s+les)\s+"
    rf"(?:the\s+|its\s+|their\s+)?(?P<total>{NUMBER_RE})(?!{PERCENT_RE})(?:\s+|(?=[.,;:)]|$))"
    rf"(?P<rest>)",
    re.I,
)
_OF_THE_TOTAL_RE = re.compile(
    rf"\bOf\s+(?:the\s+|its\s+|these\s+)?(?P<total>{NUMBER_RE})\s+(?P<rest>)"
    rf"[^,;]{{1,80}},\s+(?P<value>{NUMBER_RE})\s+(?P<noun>)",
    re.I,
)
_N_MEMBER_RE = re.compile(
    rf"(?P<value>{NUMBER_RE})\s+(?P<noun>[a-z]+)\s+(?:[a-z]+\s+){{0,3}}?(?:to|on|in|of)\s+"
    rf"(?:the|a|its)\s+(?P<total>{NUMBER_RE})-(?:member|seat|strong)\s+(?P<rest>)",
    re.I,
)
_OF_THEM_RE = re.compile(rf"(?P<value>{NUMBER_RE})\s+of\s+(?:them|which|whom)\b", re.I)
_HOLDERS_BEFORE = re.compile(r"\b(women|men|female|femmes)\s+(?:\w+\s+){0,2}$", re.I)
_UNTIL_PUNCTUATION = re.compile(r"[^,;.]*")
# The words after a figure up to the punctuation or the next "and <figure>".
_UP_TO_NEXT_FIGURE = re.compile(rf"(?:(?!\s+and\s+{NUMBER_RE})[^,;.])*")


def _counts_of_total(s: _Sentence) -> None:
    text = s.text
    for pattern in (_OF_TOTAL_RE, _N_MEMBER_RE, _OF_THE_TOTAL_RE):
        matches = _figures(pattern, text) if pattern is _OF_THE_TOTAL_RE else s.at_numbers(pattern)
        for match in matches:
            if not s.free(match.start(), match.end()):
                continue
            after_total = match.end("total")
            if _TIME_NOUNS.match(text[after_total : after_total + AFTER_WINDOW].strip()):
                continue
            measure, end = _measure(text, match.start("rest"))
            if pattern is _N_MEMBER_RE:
                measure = f"{match.group('total')}-member {measure}".strip()
            measure = _resolve_pronoun(text, measure, match.start())
            if match.group(0).lower().find(" its ") != -1 and not measure.startswith(
                ("members", "seats")
            ):
                pass
            if re.search(r"\bits\s+" + re.escape(match.group("total")), match.group(0), re.I):
                owner = _antecedent(text, match.start())
                if owner:
                    measure = f"{measure} of the {owner}" if owner[0].isupper() else measure
            noun = match.group("noun").strip()
            clause = _clause(text, match.start(), end)
            # Who is counted: the noun by the number ("one woman out of"), what the rest of
            # the clause says they are ("... members are women"), or who holds them ("Women
            # hold two of the 15 seats"); never a gender word met elsewhere in the sentence.
            said_after = _GENDER_AFTER.match(text, end)
            holders = _ends_before(_HOLDERS_BEFORE, text, match.start())
            subject = (
                _gender(noun)
                or (said_after and _gender(said_after.group(1)))
                or (holders and _gender(holders.group(1)))
                or noun
                or _split_plain(measure, None)[0]
            )
            if pattern is _OF_THE_TOTAL_RE:
                # "Of the 427 cases documented, 112 were verified": the value's own words
                # ... up to the next figure: "35 were attributed to the KLM and nine to ..."
                value_end = match.end("value")
                tail = _UP_TO_NEXT_FIGURE.match(text, value_end, value_end + AFTER_WINDOW)
                said = tail.group(0).strip() if tail else ""
                end = value_end + (tail.end() - value_end if tail else 0)
                gender_only = _GENDER_ONLY.fullmatch(said)
                subject = _gender(said) or _split_plain(measure, None)[0]
                if said and not gender_only:
                    # "Of the 57 cases, 35 were attributed to the KLM": keep what they were
                    measure = f"{measure} {said}"
                qualifier = _qualifier(said)
            else:
                qualifier = s.qualifier_in(clause)
            s.add(
                match.start(),
                end,
                kind="count",
                subject=subject or "",
                measure=measure,
                value=parse_number(match.group("value")),
                total=parse_number(match.group("total")),
                unit="count",
                as_of=s_as_of(s),
                qualifier=qualifier,
            )


_PLAIN_RE = re.compile(
    rf"(?<![\w/.-])(?P<value>{NUMBER_RE})(?P<paren>\s*\(\d[\d,. ]*\))?"
    rf"(?![\w/%-]|\.\d|\s*{PERCENT_RE})(?:\s+|(?=[.,;:)]|$))(?P<rest>)",
    re.I,
)


# "18 cas enregistrés au mois d'août, 30 en septembre et 7 en octobre": a count, then the
# same count for other months, each with its month.
_IN_MONTH = (
    rf"(?:in|en|au mois d['’]|au mois de|during|for)\s*(?P<month>{_MONTH_RE})\b"
    r"(?:\s+(?P<year>(?:19|20)\d\d)\b)?"
)
_MONTH_OF_FIGURE = re.compile(rf"[^,;.]*?\s{_IN_MONTH}", re.I)
_MONTH_AT_END = re.compile(rf"\s+{_IN_MONTH}\s*$", re.I)
_NEXT_MONTHS_FIGURE = re.compile(
    rf"\s*(?:,|;|\band\b|\bet\b)\s*(?:and\s+|et\s+)?(?P<value>{NUMBER_RE})\s+{_IN_MONTH}",
    re.I,
)


def _month_series(s: _Sentence) -> None:
    """A count followed by the same count for other months: each month's figure is a count
    of the same thing, dated by its month (its own year, else the sentence's or the
    document's), read in place of whatever the plain rules made of it."""
    text = s.text
    if not re.search(_MONTH_RE, text, re.I):
        return
    for fact in [f for f in s.facts if f.kind == "count" and f.total is None]:
        if not any(f is fact for f in s.facts):
            continue  # read again as a month's figure of the series before it
        start, end = fact.start - s.sentence.start, fact.end - s.sentence.start
        own_month = _MONTH_OF_FIGURE.match(text, start, end + 40)
        following = _NEXT_MONTHS_FIGURE.match(text, own_month.end()) if own_month else None
        if own_month is None or following is None:
            continue  # a month alone is the sentence's date, read by the 'as of' rules
        context_year = (s_as_of(s) or "")[:4] or (str(s.ctx.year) if s.ctx.year else "")
        measure = _MONTH_AT_END.sub("", fact.measure)
        fact.measure, fact.subject = measure, _MONTH_AT_END.sub("", fact.subject)
        fact.as_of = _month_of(own_month, context_year) or fact.as_of
        while following is not None:
            value = parse_number(following.group("value"))
            if value is None:
                break
            at, to = following.start("value"), following.end()
            s.facts = [f for f in s.facts if not at <= f.start - s.sentence.start < to]
            s.taken = [span for span in s.taken if not at <= span[0] < to]
            s.add(
                at,
                to,
                kind="count",
                subject=fact.subject,
                measure=measure,
                value=value,
                unit=fact.unit,
                as_of=_month_of(following, context_year),
                qualifier=fact.qualifier,
            )
            following = _NEXT_MONTHS_FIGURE.match(text, to)


def _month_of(match: re.Match[str], context_year: str) -> str | None:
    """'YYYY-MM' of a month the text names, in its own year or the context's."""
    year = match.group("year") or context_year
    return f"{year}-{_MONTHS[match.group('month').lower()]:02d}" if year else None


_BEFORE_PREVIOUS_RE = re.compile(
    r"(?:(?:up|down|increase|decrease|rise|drop|fall|reduction)\s+from|compared\s+(?:with|to)"
    r"|\bagainst|\bcontre)\s+$",
    re.I,
)
# A bare number then what became of it: "only five were retained", "52 are still pending".
_PART_SAID_AFTER = re.compile(
    r"(?:were|was|are|is|have been|has been|had been|remain|remained|sont|ont été|étaient)\b",
    re.I,
)
_PART_OPENER = re.compile(r"(?:;\s*|\b(?:only|just|but|of these|of those|dont)\s+)$", re.I)
_TOTAL_TO_RE = re.compile(r"\b(?:the\s+)?total\s+(?:to|of|at)\s+$", re.I)
_SLASH_BEFORE = re.compile(r"/\s*$")
_BRACKET_BEFORE = re.compile(r"\(\s*$")
_COUNTED_IN_BRACKETS = re.compile(r"[A-Za-zÀ-ÿ]{3,}")  # "(235 women …": words follow the figure
_REFERENCE_BEFORE = re.compile(
    # a resolution's, a paragraph's, an article's or a law's number ("résolution 2659",
    # "article 34", « loi n° 012 »), never a count
    r"(?:resolutions?|r[ée]solutions?|no\.|n°|n[ºo]\.?|paragraphs?|paragraphes?|articles?|"
    r"S/\d{4}/|P-|D-|para\.?)\s*$",
    re.I,
)
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTH_RE})\s*$", re.I)
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s*(?:{_MONTH_RE})\b", re.I)
_DAY_SPAN_AFTER = re.compile(
    rf"(?:to|and|-|au|et)\s+\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_RE})\b", re.I
)
_AND_BEFORE = re.compile(r"(?:\band|,)\s+$")
_NEWLY = re.compile(r"^(?:additional|new|more|further|other)\s+", re.I)
_PART_OF_RE = re.compile(r"(?:including|among them|of whom|of which|dont|y compris)\s+$", re.I)
# A plural noun within four words: what a figure in words counts ("two million *people*", "six
# *cases*", "trois *femmes*", "sept *journaux*").
_COUNTED_PLURAL = re.compile(
    r"(?:[A-Za-zÀ-ÿ-]+\s+){0,3}(?:[A-Za-zÀ-ÿ-]+[sx]|people|children|women|men|personnel|staff)\b"
)
_SCALE_RE = re.compile(r"(million|billion|milliards?|millions?)\b\s*", re.I)
_SCALE = {"million": 1e6, "millions": 1e6, "billion": 1e9, "milliard": 1e9, "milliards": 1e9}
_GENDER_WORD = re.compile(r"(?:women|woman|girls?|men|man|boys?|femmes?|filles?)", re.I)
_GENDER_AFTER = re.compile(
    r"\s*,?\s*(?:are|were|is|was|sont|est)\s+(?:a\s+|des\s+|une\s+)?"
    r"(women|woman|female|females|girls?|men|man|male|femmes?)\b",
    re.I,
)
_GENDER_ONLY = re.compile(
    r"(?:is|are|was|were|sont|est)\s+(?:a\s+|des\s+|une\s+)?"
    r"(women|woman|female|females|girls?|men|man|male|femmes?)$",
    re.I,
)


def _previous_fact(s: _Sentence, start: int) -> Fact | None:
    """The figure stated last before a position of the sentence, by any rule."""
    before = [f for f in s.facts if f.end <= s.sentence.start + start]
    return max(before, key=lambda f: f.end) if before else None


def _part_of(
    s: _Sentence, whole: Fact, start: int, end: int, value: float, description: str
) -> Fact:
    """A part of the figure before: "57 cases ..., including 12 against girls"."""
    only_gender = _GENDER_ONLY.fullmatch(description) or _GENDER_WORD.fullmatch(description)
    return s.add(
        start,
        end,
        kind="count",
        subject=_gender(description) or whole.subject,
        measure=whole.measure if only_gender else f"{whole.measure} {description}".strip(),
        value=value,
        total=whole.value,
        unit="count",
        as_of=whole.as_of,
        qualifier=whole.qualifier or _qualifier(description),
    )


def _plain_counts(s: _Sentence) -> None:
    text = s.text
    for match in s.at_numbers(_PLAIN_RE):
        if not s.free(match.start(), match.end()):
            continue
        raw = match.group("value")
        # "Four hundred and twenty-seven (427)": the digits are the safer reading.
        value = parse_number(match.group("paren").strip(" ()") if match.group("paren") else raw)
        rest_at = match.end()
        rest = text[rest_at : rest_at + AFTER_WINDOW]
        at = match.start()
        if value is None or _TIME_NOUNS.match(rest):
            continue
        bracketed = _ends_before(_SLASH_BEFORE, text, at) or (
            _ends_before(_BRACKET_BEFORE, text, at) and not _COUNTED_IN_BRACKETS.match(rest)
        )
        if raw[0].isdigit() and (1900 <= value <= 2100 or bracketed):
            # a year, a symbol's number or a bracketed number ("(427)", "S/2016/1137"); a
            # bracket may open with a count of its own ("(235 women killed and 511 injured)")
            continue
        if _ends_before(_REFERENCE_BEFORE, text, at):
            continue
        if (
            _ends_before(_MONTH_BEFORE, text, at)
            or _MONTH_AFTER.match(rest)
            or _DAY_SPAN_AFTER.match(rest)
        ):
            continue  # part of a date, or of a span of days ("from 14 to 17 May")
        if _ends_before(_BEFORE_PREVIOUS_RE, text, at):
            continue  # "an increase from 41 cases in 2025": the earlier value of a figure
        last = _previous_fact(s, match.start())
        of_them = _OF_THEM_RE.match(text, match.start())
        if of_them and last is not None:
            # "214 cases ..., 61 of them against girls"; "18 members, none of whom is a woman"
            tail = _UNTIL_PUNCTUATION.match(text, of_them.end(), of_them.end() + AFTER_WINDOW)
            description = tail.group(0).strip() if tail else ""
            end = tail.end() if tail else of_them.end()
            _part_of(s, last, match.start(), end, value, description)
            continue
        gender_only = _GENDER_AFTER.match(text, match.end("value"))
        if (
            gender_only
            and last is not None
            and last.kind == "count"
            and last.total is None
            and (last.value or 0) > value
        ):
            # "counts 320 members; 96 are women"
            _part_of(s, last, match.start(), gender_only.end(), value, gender_only.group(0).strip())
            continue
        said_of_part = _PART_SAID_AFTER.match(rest)
        if (
            said_of_part
            and last is not None
            and last.kind == "count"
            and last.total is None
            and (last.value or 0) > value
            and _ends_before(_PART_OPENER, text, at)
        ):
            # "submitted 23 recommendations ...; only five were retained": a part of the
            # figure before, said by what became of it ("and 12 were appointed" may be others)
            tail = _UNTIL_PUNCTUATION.match(text, match.end(), match.end() + AFTER_WINDOW)
            description = tail.group(0).strip() if tail else ""
            end = tail.end() if tail else match.end()
            _part_of(s, last, match.start(), end, value, description)
            continue
        if last is not None and _ends_before(_TOTAL_TO_RE, text, at):
            # "deployed two additional advisers, bringing the total to six"
            noun = _NEWLY.sub("", last.measure)
            s.add(
                match.start(),
                match.end(),
                kind="count",
                subject=_NEWLY.sub("", last.subject),
                measure=f"{noun} in total",
                value=value,
                unit="count",
                as_of=last.as_of,
            )
            continue
        whole = last
        if last is not None and last.total is not None and _ends_before(_AND_BEFORE, text, at):
            # "including 71 women and 27 girls": the second part is of the same whole
            whole = next(
                (f for f in reversed(s.facts) if f.value == last.total and f is not last), None
            )
        if whole is not None and (_ends_before(_PART_OF_RE, text, at) or whole is not last):
            tail = _UP_TO_NEXT_FIGURE.match(rest)
            description = tail.group(0).strip() if tail else ""
            _part_of(s, whole, match.start(), match.end() + len(description), value, description)
            continue
        scale = _SCALE_RE.match(rest)
        if scale:
            # "2.1 million dollars"
            value *= _SCALE[scale.group(1).lower()]
            rest = rest[scale.end() :]
            rest_at += scale.end()
        elliptic = last is not None and re.match(r"(?:for|in|on|at|to)\s", rest)
        too_small = value < 2 and raw.lower() != "zero"  # "one of the key issues"
        if raw[0].isalpha() and not elliptic and (too_small or not _COUNTED_PLURAL.match(rest)):
            # only counted plurals read as figures: "zero women" is one, "zero tolerance" not
            continue
        of_the = re.match(r"of\s+the\s+(?=[a-z])", rest)
        if of_the:
            # "three of the vacancies in the gender unit": a part of something uncounted
            phrase, end = _measure(text, match.end() + of_the.end())
            s.add(
                match.start(),
                end,
                kind="count",
                subject=_split_plain(phrase, None)[0],
                measure=phrase,
                value=value,
                unit="count",
                as_of=s_as_of(s),
                qualifier=s.qualifier_in(_clause(text, match.start(), end)),
            )
            continue
        start_of_rest = rest_at
        noun_phrase, end = _measure(text, start_of_rest)
        noun_phrase = _LEADING_DETERMINERS.sub("", noun_phrase)
        if not re.match(r"[A-Za-zÀ-ÿ]", noun_phrase) or _ELLIPTIC_VERB.match(noun_phrase):
            # "19 ended in convictions": the noun is the previous figure's, the verb says what
            verb = re.match(r"([a-z]+(?:\s+[a-z]+){0,3})", rest)
            if last is None or not verb:
                continue
            phrase, end = _measure(text, start_of_rest)
            s.add(
                match.start(),
                end,
                kind="count",
                subject=last.subject,
                measure=f"{last.subject} {phrase}".strip(),
                value=value,
                total=last.value,
                unit="count",
                as_of=last.as_of,
                qualifier=_qualifier(phrase),
            )
            continue
        clause = _clause(text, match.start(), end)
        subject, measure = _split_plain(noun_phrase, last)
        # "35 of the 57 cases ... and nine to the FAK": a sibling shares the first one's total.
        sibling_total = last.total if elliptic and last is not None else None
        s.add(
            match.start(),
            end,
            kind="count",
            subject=subject,
            measure=measure,
            value=value,
            total=sibling_total,
            unit="count",
            as_of=s_as_of(s) or (last.as_of if elliptic and last is not None else None),
            qualifier=s.qualifier_in(clause),
        )


_ELLIPTIC_VERB = re.compile(
    r"(?:[a-z]+ed|were|was|are|is|have|had|remain|remained|went|led)\s+"
    r"(?:in|into|to|with|by|on|as|at|from|up|out|down|vacant|pending|open|unfilled)\b"
)


def _split_plain(noun_phrase: str, last: Fact | None) -> tuple[str, str]:
    """'cases of conflict-related sexual violence' → subject 'cases', measure the rest.

    An elliptic second figure ("five posts for Women Protection and seven for Gender")
    borrows the first one's noun.
    """
    preposition = re.match(r"(?:for|in|on|of|to|at)\b", noun_phrase)
    if last is not None and preposition:
        head = last.subject
        # "35 were attributed to the KLM and nine to the FAK": the second takes the verb too
        verb = re.match(rf"(.*?)\s+{preposition.group(0)}\s", last.measure)
        if verb and re.search(r"\b(?:were|was|are|is)\s+\w+$", verb.group(1)):
            return head, f"{verb.group(1)} {noun_phrase}"
        return head, f"{head} {noun_phrase}"
    words = noun_phrase.split()
    head_len = next(
        (
            i
            for i, w in enumerate(words)
            if w.lower() in {"of", "in", "for", "on", "at", "to", "from"}
        ),
        len(words),
    )
    subject = " ".join(words[:head_len]) or noun_phrase
    return subject, noun_phrase


# --- lists -------------------------------------------------------------------------------------

# "... the following parties as ...: A, B and C"; "... has five signatory parties: A, B and C"
_COLON_LIST_RE = re.compile(
    r"(?:\bfollowing\s+(?P<what>[^:]{3,160})|(?P<counted>(?:\w+\s+){0,3}?(?:\w+\s+)?"
    r"(?:parties|groups|members|signatories|movements|organizations|organisations|"
    r"countries|entities|partners)))\s*:\s*(?P<items>[^:]+)$",
    re.I,
)
_PAREN_LIST_RE = re.compile(
    r"(?P<name>(?:[A-Z][\w'-]*\s+){0,4}(?:group|coalition|alliance|platform|Platform|"
    r"Plateforme|movements?|parties|members)?)\s*\((?P<items>[A-Z][\w-]*(?:,\s*[A-Z][\w-]*)*,?\s+"
    r"(?:and|et)\s+[A-Z][\w-]*)\)"
)
# "The Kessara Agreement was signed on 11 November 2027 by the Government, the AEM and ..."
_SIGNED_BY_RE = re.compile(
    r"(?P<what>(?:The\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)\s+(?:was|were|has been)\s+"
    r"(?:signed|endorsed|concluded)\b[^.;]*?\bby\s+(?P<items>[^.;]+)$"
)
# "the Secretary-General listed the CPS and the FDC in the annex of his report"
_LISTED_IN_RE = re.compile(
    r"\blisted\s+(?:the\s+)?(?P<items>[A-Z][^;]+?)\s+(?P<where>(?:in|under)\s+the\s+annex\b[^.;]*)"
)
_LISTED_RE = re.compile(
    r"^(?P<items>.+?)\s+(?:remain|remains|were|are|was|is|have been|has been)\s+"
    r"(?P<what>listed\b.*)$",
    re.I,
)


_PAREN_WITH_COMMA = re.compile(r"\([A-Z][\w-]*,")


def _split_items(text: str) -> list[str]:
    """'A, B and C' → [A, B, C]; an 'and' inside a middle item stays ('Alliance for Renewal and
    Unity (ARU)'): only the last comma-separated part is split at 'and'."""
    parts = re.split(r",\s*(?:and\s+|et\s+)?", text)
    last = re.split(r"\s+(?:and|et)\s+(?=(?:the\s+|la\s+|le\s+|les\s+)?[A-Z])", parts[-1])
    items = [p.strip().strip(".").strip() for p in [*parts[:-1], *last]]
    return [re.sub(r"^(?:the|and)\s+", "", i, flags=re.I) for i in items if i]


def _lists(s: _Sentence) -> None:
    text = s.text.rstrip(".")
    lowered = text.lower()
    # Cheap checks first: the list patterns backtrack hard on sentences that hold no list.
    colon = _COLON_LIST_RE.search(text) if ":" in text else None
    if colon:
        items = _split_items(colon.group("items"))
        if len(items) >= 2:
            what = colon.group("what") or " ".join(colon.group("counted").split()[-2:])
            what = re.sub(rf"^(?:{NUMBER_RE})\s+", "", what.strip(), flags=re.I)
            verb = re.search(r"\b(listed|named|identified|designated|recommended)\b", text, re.I)
            subject = what.split(" as ")[0]
            measure = what if not verb else f"{verb.group(1)} {what}"
            s.add(
                colon.start(),
                len(text),
                kind="list",
                subject=subject,
                measure=measure,
                value=float(len(items)),
                unit="list",
                items=items,
                as_of=s_as_of(s),
            )
    parens = _figures(_PAREN_LIST_RE, text) if _PAREN_WITH_COMMA.search(text) else ()
    for match in parens:
        items = _split_items(match.group("items"))
        name = match.group("name").strip() or (_antecedent(text, match.start()) or "group")
        s.add(
            match.start(),
            match.end(),
            kind="list",
            subject=f"members of the {_LEADING_DETERMINERS.sub('', name)}",
            measure=_LEADING_DETERMINERS.sub("", name),
            value=float(len(items)),
            unit="list",
            items=items,
        )
    signed = _SIGNED_BY_RE.search(text) if " by " in text and "sign" in lowered else None
    if signed:
        items = _split_items(signed.group("items"))
        if len(items) >= 2:
            what = signed.group("what").strip()
            s.add(
                signed.start("items"),
                signed.end(),
                kind="list",
                subject=f"signatories of the {_LEADING_DETERMINERS.sub('', what)}",
                measure=f"signed the {_LEADING_DETERMINERS.sub('', what)}",
                value=float(len(items)),
                unit="list",
                items=items,
                as_of=s_as_of(s),
            )
    annex = _LISTED_IN_RE.search(text) if "listed" in lowered else None
    if annex:
        items = _split_items(annex.group("items"))
        if 1 <= len(items) <= 12 and all(i[:1].isupper() for i in items):
            s.add(
                annex.start("items"),
                annex.end(),
                kind="list",
                subject="parties listed " + annex.group("where").strip(),
                measure="listed " + annex.group("where").strip(),
                value=float(len(items)),
                unit="list",
                items=items,
            )
    listed = _LISTED_RE.match(text) if "listed" in lowered and not annex else None
    if listed and " and " in listed.group("items"):
        items = _split_items(listed.group("items"))
        if 2 <= len(items) <= 12 and all(i[:1].isupper() for i in items):
            what = listed.group("what")
            s.add(
                0,
                len(text),
                kind="list",
                subject="parties " + what.split(",")[0],
                measure=what,
                value=float(len(items)),
                unit="list",
                items=items,
            )


_UP_FROM_RE = re.compile(
    rf"\b(?:(?:up|down|rising|falling|increased|decreased)\s+from"
    rf"|an?\s+(?:increase|decrease|rise|drop|fall|reduction)\s+from"
    rf"|compared\s+(?:with|to)|against|contre)\s+(?P<prev>{NUMBER_RE})(?:{PERCENT_RE})?"
    rf"(?P<said>[^,;.]{{0,50}}?)(?:\s(?:in|as of|since|en)\s+(?P<date>{_DATE_RE}))?(?=[,;.]|$)",
    re.I,
)


def _previous_values(s: _Sentence) -> None:
    """'two of the 15 seats ..., up from none in March 2026': the figure before it.

    'compared with five at the previous round in January 2027' and 'an increase from 41
    verified cases in 2025' say the same; the earlier figure whose noun the words repeat wins.
    """
    for match in _figures(_UP_FROM_RE, s.text):
        at = s.sentence.start + match.start()
        earlier = [f for f in s.facts if f.end <= at and f.previous_value is None]
        if not earlier:
            continue
        if re.search(PERCENT_RE, match.group(0), re.I):
            # "down from 22 per cent" is an earlier share, not an earlier count
            earlier = [f for f in earlier if f.unit == "percent"]
            if not earlier:
                continue
        said = set(re.findall(r"[a-zà-ÿ]+", (match.group("said") or "").lower()))
        named = [f for f in earlier if f.subject and f.subject.split()[-1].lower() in said]
        fact = max(named or earlier, key=lambda f: f.end)
        fact.previous_value = parse_number(match.group("prev"))
        if match.group("date"):
            fact.previous_as_of = parse_date(match.group("date"), s.ctx.year)
        s.taken.append((match.start(), match.end()))


def _relative_measures(s: _Sentence) -> None:
    """'410 civilian staff, 46% of whom are women': 'whom' is the figure before."""
    for fact in s.facts:
        if fact.measure.lower() in {"whom", "which", "them", "lesquels", "lesquelles"}:
            before = _previous_fact(s, fact.start - s.sentence.start)
            fact.measure = before.measure if before is not None else ""


RULES = (
    _labelled,
    _lists,
    _changes,
    _quotas,
    _shares,
    _counts_of_total,
    _parenthesised_shares,
    _plain_counts,
    _month_series,
    _previous_values,
    _relative_measures,
)


def extract_facts(sentences: list[Sentence], ctx: DocContext) -> list[Fact]:
    """Facts stated in the sentences, in document order."""
    facts: list[Fact] = []
    for sentence in sentences:
        state = _Sentence(sentence, ctx)
        for rule in RULES:
            rule(state)
        facts.extend(sorted(state.facts, key=lambda f: f.start))
    # "Members could raise the 35 per cent quota ...": a quota named again, not a new one.
    quotas = {f.value for f in facts if f.kind == "quota" and f.measure}
    return [f for f in facts if not (f.kind == "quota" and not f.measure and f.value in quotas)]
