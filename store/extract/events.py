"""Dated events: meetings, reports, resolutions, elections, relative dates and cadences.

Every date in a sentence is classified by the nearest event word before it in its clause ("met
on", "the next report is due on", "elections scheduled for"), or, for a date that opens the
sentence ("On June 29th, the Council adopted …"), by the first event word after it. Dates that
only mark a reference point ("since March 2014", "up from none in March 2026") or the ends of a
period ("between January and September 2026") are not events. Relative dates ("reconvene in
approximately six months") are counted from their anchor: the latest meeting for a reconvening,
the latest report for a due report, else the document's own date; they are always approximate,
since a body that plans to meet "in six months" never means to the day.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Protocol

from store.aliases import glossary
from store.chrono import Span
from store.extract.dates import (
    MONTHS,
    DateMention,
    Duration,
    find_cadences,
    find_dates,
    find_relative,
)
from store.models import DocContext, Event, Sentence

# Event words, most specific first: the order breaks ties between matches ending at one place.
_KIND_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "reconvene",
        re.compile(
            r"(?i)\b(?:reconven(?:e|es|ing)|meet(?:ing)?\s+again|next\s+(?:[\w'-]+\s+){0,2}meeting"
            r"|take\s+(?:[\w'-]+\s+){0,3}up\s+again|return\s+to\s+(?:the\s+)?(?:situation|matter)"
            r"|se\s+réunir\w*\s+(?:à|de)\s+nouveau|prochaine\s+réunion)\b"
        ),
    ),
    (
        "report_due",
        re.compile(
            r"(?i)\bnext\s+(?:[\w'-]+\s+){0,3}report\b|\breports?\s+(?:is\s+|are\s+)?(?:due|expected)\b"
            r"|\b(?:request\w*|ask\w*|invit\w*|call\w*\s+(?:up)?on)\s+(?:[\w'-]+\s+){0,3}to\s+"
            r"(?:report|(?:submit|present)\s+(?:\w+\s+){0,3}report)\b"
            r"|\bwill\s+report\s+(?:again\s+)?(?:to\s+the\s+(?:Security\s+)?Council\s+)?by\b"
            r"|\bprochain\s+rapport\b|\brapport\s+(?:est\s+)?(?:attendu|prévu)\b"
        ),
    ),
    (
        # "the mandate ... until 30 November 2027", "Mandate of UNMIMA expires on 30 June 2028"
        "mandate",
        re.compile(
            r"(?i)\bmandat[e]?\b(?:[^.;]{0,160}?)\b(?:expir\w*|ends?|until|runs\s+to"
            r"|jusqu'au|prend\s+fin)\b"
        ),
    ),
    ("briefing", re.compile(r"(?i)\b(?:brief(?:s|ed|ing)?|exposé)\b")),
    ("elections", re.compile(r"(?i)\b(?:elections?|élections?|scrutin|r[eé]f[eé]rendum)\b")),
    (
        "visit",
        re.compile(
            r"(?i)\b(?:visit(?:s|ed|ing)?|visite|mission\s+(?:to|au|en|à)|s'est\s+rendue?)\b"
        ),
    ),
    (
        "resolution",
        re.compile(
            r"(?i)\b(?:adopt(?:ed|s|ion\s+of)|adopté\w*)\s+(?:(?:a|the|its|new|draft|une?|la"
            r"|nouvelle|unanimously|unanimement)\s+){0,3}r[ée]solution\b"
            r"|\br[ée]solution\s+\d{3,4}(?:\s*\(\d{4}\))?,?\s+(?:of|du|dated|(?:which\s+)?"
            r"(?:was\s+|a\s+été\s+)?(?:unanimously\s+)?(?:adopted|adoptée)\s+(?:on|le))\s*$"
        ),
    ),
    (
        "meeting",
        re.compile(
            r"(?i)\b(?:met|meets|meet|convened|meeting|réunion|s'est\s+réuni\w*|last\s+considered"
            r"|se\s+sont\s+réuni\w*|se\s+réunira)\b(?!\s+with|\s+avec)"
        ),
    ),
    # the noun: "continued to report cases in June" is no report
    ("report", re.compile(r"(?i)(?<!\bto )\b(?:reports?|rapports?)\b")),
)
_KIND_PRIORITY = {kind: i for i, (kind, _) in enumerate(_KIND_RES)}
# "The May 2016 report", "the 14 May 2027 elections": the date as an adjective.
_NOUN_AFTER_RE = re.compile(
    r"(?i)\s*(?P<noun>report|rapport|elections?|élections?|meeting|réunion|visit|visite|briefing)\b"
)
_RELATIVE_KINDS = {"reconvene", "report_due", "elections", "briefing", "visit", "meeting"}
_MAX_KEYWORD_DISTANCE = 80  # characters between an event word and its date
_MAX_SUFFIX = 120
_MAX_PREFIX = 160
# Who met is the clause before the event word; a clause longer than this is not a name.
_SUBJECT_WINDOW = 600
# Only a preposition before the date: the sentence opens with it ("On June 29th, …").
_TRIVIAL_PREFIX_RE = re.compile(
    r"(?i)^[\s,]*(?:(?:it\s+was|it\s+is|c'est|c'était|on|in|as\s+(?:at|of)|at|by|during|le|en|au|dès"
    r"|à|the|and|et)\s+)*$"
)
# A reference point, not an event: "since March 2014", "up from none in March 2026". ("until
# 30 June 2027" stays: an end date is often the mandate's expiry, a date to plan by.)
_REFERENCE_RE = re.compile(r"(?i)\b(?:since|from|depuis)(?:\s+\S+){0,2}\s*$")
_UNTIL_RE = re.compile(r"(?i)\b(?:until|till|through|jusqu'(?:au|en|à))\s+(?:the\s+)?$")
_LIST_GAP_RE = re.compile(r"(?i)\s*(?:,|and|or|et|ou)\s*(?:in\s+|en\s+)?")
_SYMBOL_RE = re.compile(r"\bS/(?:PRST/)?(?P<year>(?:19|20)\d\d)/(?P<num>\d{1,4})\b")
_SRES_RE = re.compile(r"\bS/RES/(?P<num>\d{1,4})\s*\((?P<year>(?:19|20)\d\d)\)")
_RES_LIST_RE = re.compile(
    r"(?i)\br[ée]solutions?\s+(?P<list>\d{3,4}\s*\((?:19|20)\d\d\)"
    r"(?:\s*(?:,\s*(?:and|et)?|and|et)\s*\d{3,4}\s*\((?:19|20)\d\d\))*)"
)
_RES_ITEM_RE = re.compile(r"(?P<num>\d{3,4})\s*\((?P<year>(?:19|20)\d\d)\)")
_RES_NUMBER_RE = re.compile(r"(?i)\br[ée]solution\s+(?P<num>\d{3,4})\b")
# "report of 29 December 2025 (S/2025/850)", "The June 2026 report of the Secretary-General (S/…"
_DATE_SYMBOL_GAP_RE = re.compile(r"[^;,.()]{0,60}\(\s*")
_SYMBOL_DATE_GAP_RE = re.compile(r"(?i)\)?\s*,?\s*(?:of|dated|du|en date du|issued on)\s+")
_ISSUED_AS_RE = re.compile(
    r"(?i)\s+(?:(?:was|were|is|has been|have been)\s+)?(?:issued|circulated|published)"
    r"\s+(?:as|under)\s+(?:(?:document|symbol)\s+)?$"
)
# Reporting: "report", "brief", and "keep the Council informed", « tenir informé ».
_REPORTING_RE = re.compile(r"(?i)\b(?:report\w*|rapport\w*|brief\w*|informed|inform|informé\w*)\b")
_SG_RE = re.compile(r"(?i)\bSecretary-General\b|\bSG\b|\bSecrétaire général\b")
_COUNCIL_RE = re.compile(r"(?i)\bCouncil\b|\bConseil\b")
_SITUATION_RE = re.compile(
    r"\b(?:situation (?:in|concerning|of)|situation (?:au|en|à))\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*)"
)
_ELECTION_TYPES = {
    "communal": "Communal", "legislative": "Legislative", "presidential": "Presidential",
    "parliamentary": "Parliamentary", "local": "Local", "municipal": "Municipal",
    "general": "General", "regional": "Regional", "provincial": "Provincial",
    "senatorial": "Senatorial", "législatives": "Legislative", "présidentielle": "Presidential",
    "présidentielles": "Presidential", "communales": "Communal", "locales": "Local",
    "municipales": "Municipal", "générales": "General", "régionales": "Regional",
}  # fmt: skip
_ELECTION_TYPE_RE = re.compile(
    r"(?i)\b(?P<before>\w+)\s+(?:elections?)\b|\bélections?\s+(?P<after>\w+)"
)
_ACTOR_RE = re.compile(
    r"(?:\b[Tt]he\s+|\b[Ll][ea]\s+)?"
    r"(?P<actor>Conseil de sécurité|(?:[A-Z][\w.'-]*\s+)*?[A-Z][\w.-]*)(?:'s)?\s+"
    r"(?:(?:undertook|made|paid|conducted|led|will(?:\s+(?:undertake|make|pay|conduct))?|would"
    r"|shall|effectuera|a\s+effectué)\s+)?"
    r"(?:(?:an?|the|its|her|his|une)\s+)?(?:(?:official|joint|first|working|field|officielle)\s+)?$"
)
_PLACE_RE = re.compile(
    r"\s*(?:to\s+|au\s+|en\s+|à\s+)?(?:the\s+)?(?P<place>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)"
)
_ON_PLACE_RE = re.compile(
    r"\s+(?:on|sur)\s+(?:the\s+|le\s+|la\s+)?(?P<place>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*)"
)
_MONTHS_CAPITALISED = {name.capitalize() for name in MONTHS}
_NEXT_BODY_RE = re.compile(r"(?i:next)\s+(?P<body>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)\s+meeting")
_SUBJECT_CUT_RE = re.compile(r",|\s+(?:of|on|for|pour|sur|de|du|des)\s+(?:the\s+|la\s+|le\s+)?")
_NP_LEAD_RE = re.compile(
    r"(?i)^(?:(?:in|on|under|by|see|with|to|from|dans|selon)\s+)?"
    r"(?:the|a|an|its|his|her|their|son|sa|ses|le|la|les)\s+"
)
_LEADING_ARTICLE_RE = re.compile(r"(?i)^(?:(?:the|a|an|le|la|les|un|une)\s+|l')")
_TRAILING_PREP_RE = re.compile(
    r"(?i)[\s,]*\b(?:in|on|at|by|during|for|since|until|till|as of|as at|of|the|le|la|en|au|du|de"
    r"|jusqu'au|jusqu'en)?[\s,(]*$"
)
_TITLE_CHARS = 90
_PRECISION_RANK = {"day": 3, "approximate": 3, "month": 2, "year": 1, "none": 0}


@dataclass
class _Found:
    """An event plus what ranks it against a duplicate."""

    event: Event
    explicit: bool = True
    body: str | None = None  # who met, for the reconvening's title


@dataclass
class _State:
    """What earlier sentences settled: the year undated dates fall in and the latest anchors."""

    year: int | None
    latest: dict[str, _Found] = field(default_factory=dict)


class _Add(Protocol):
    """Records an event found in the current sentence (offsets in the sentence)."""

    def __call__(
        self,
        kind: str,
        title: str,
        start: int,
        end: int,
        *,
        date: str | None = None,
        precision: str = "none",
        approximate: bool = False,
        anchor_date: str | None = None,
        cadence: str | None = None,
        symbol: str | None = None,
    ) -> _Found: ...


@dataclass(frozen=True)
class _Spot:
    """A date, relative amount or cadence inside a sentence (sentence offsets)."""

    start: int
    end: int
    mention: DateMention | None = None
    duration: Duration | None = None


def extract_events(sentences: list[Sentence], ctx: DocContext) -> list[Event]:
    """Events named in the sentences, with dates resolved against the document's context."""
    state = _State(year=None)
    section: str | None = None
    found: list[_Found] = []
    for sentence in sentences:
        if sentence.section != section:
            section = sentence.section
            # A heading such as "Security Council mission to Mali (March 2016)" sets the year.
            _note_year(state, find_dates(section))
        found.extend(_sentence_events(sentence, ctx, state))
    return [f.event for f in _dedupe(found)]


def _note_year(state: _State, mentions: list[DateMention]) -> None:
    # Bare years ("committed in 2012") are background more often than the current year.
    for mention in mentions:
        if mention.explicit_year and mention.precision != "year":
            state.year = int(mention.date[:4])


def _sentence_events(sentence: Sentence, ctx: DocContext, state: _State) -> list[_Found]:
    text = sentence.text
    year = state.year if state.year is not None else ctx.year
    mentions = find_dates(text, year)
    references = _references(text, mentions)
    # Reference points ("since March 2014") and end dates ("until 30 June 2019") look away from
    # the time the text is about: they don't set the year of the dates that follow.
    _note_year(
        state,
        [
            m
            for m in mentions
            if m.start not in references
            and not _UNTIL_RE.search(text, max(0, m.start - 20), m.start)
        ],
    )
    relatives = find_relative(text)
    cadences = find_cadences(text)
    if cadences and not _REPORTING_RE.search(text):
        cadences = []  # "every three months" of something else than reporting
    spots = sorted(
        [_Spot(m.start, m.end, mention=m) for m in mentions]
        + [_Spot(d.start, d.end, duration=d) for d in relatives + cadences],
        key=lambda s: s.start,
    )
    out: list[_Found] = []
    claimed: set[int] = set()  # starts of date mentions already used
    country = _country(text, ctx)

    def add(
        kind: str,
        title: str,
        start: int,
        end: int,
        *,
        date: str | None = None,
        precision: str = "none",
        approximate: bool = False,
        anchor_date: str | None = None,
        cadence: str | None = None,
        symbol: str | None = None,
    ) -> _Found:
        event = Event(
            kind=kind,
            title=title,
            date=date,
            precision=precision,
            sentence=sentence,
            start=sentence.start + start,
            end=sentence.start + end,
            approximate=approximate,
            anchor_date=anchor_date,
            cadence=cadence,
            symbol=symbol,
        )
        item = _Found(event)
        out.append(item)
        state.latest[kind] = item
        return item

    _symbols(text, mentions, claimed, add)
    resolutions = _resolutions(text, ctx, add)
    for cadence in cadences:
        who = "Secretary-General reports" if _SG_RE.search(text) else "Reports"
        where = f" on {country}" if country else ""
        add("cadence", f"{who}{where} every {cadence.text}", cadence.start, cadence.end,
            cadence=cadence.text)  # fmt: skip

    for index, spot in enumerate(spots):
        if spot.duration is not None and spot.duration in cadences:
            continue
        prefix_start = max(
            text.rfind(";", 0, spot.start) + 1,
            _end_before(spots, index),
            spot.start - _MAX_PREFIX,  # event words farther away don't count anyway
        )
        if prefix_start == spot.start - _MAX_PREFIX:
            # the window opened inside a word ("…tigation into"): start at the next word
            space = text.find(" ", prefix_start, spot.start)
            prefix_start = space + 1 if space >= 0 else spot.start
        prefix = text[prefix_start : spot.start]
        next_start = spots[index + 1].start if index + 1 < len(spots) else len(text)
        semicolon = text.find(";", spot.end)
        suffix_end = min(next_start, semicolon if semicolon >= 0 else len(text))
        suffix = text[spot.end : min(suffix_end, spot.end + _MAX_SUFFIX)]
        mention = spot.mention
        if mention is not None and (
            spot.start in references or mention.in_range or spot.start in claimed
        ):
            continue
        kind, keyword = _classify(prefix, prefix_start, suffix, spot.end)
        if spot.duration is not None:
            if kind in _RELATIVE_KINDS:
                _relative_event(
                    "reconvene" if kind == "meeting" else kind, spot.duration, text, keyword,
                    sentence, ctx, state, country, add,
                )  # fmt: skip
            continue
        assert mention is not None
        # A bare year dates nothing but elections; "in early 2029" still dates a reconvening.
        if (
            mention.precision == "year"
            and kind != "elections"
            and not (kind in {"reconvene", "mandate"} and mention.part)
        ):
            continue
        when, precision, approximate = mention.date, mention.precision, mention.approximate
        if kind == "resolution":
            number = _resolution_number(text, sentence.section)
            title = _resolution_title(number, text, ctx)
            if number and number in resolutions:
                out.remove(resolutions[number])  # "adopted on 29 June 2016" beats "(2016)"
            symbol = f"resolution {number}" if number else None
            add("resolution", title, spot.start, spot.end, date=when, precision=precision,
                approximate=approximate, symbol=symbol)  # fmt: skip
        elif kind is None:
            if any(f.event.date == mention.date for f in out):
                continue
            other = _other_title(prefix, suffix)
            if other:
                add("other", other, spot.start, spot.end, date=when, precision=precision,
                    approximate=approximate)  # fmt: skip
        else:
            title, body = _title(kind, text, keyword, sentence.section, country, ctx, state)
            item = add(kind, title, spot.start, spot.end, date=when, precision=precision,
                       approximate=approximate)  # fmt: skip
            item.explicit = mention.explicit_year
            item.body = body
    return out


def _references(text: str, mentions: list[DateMention]) -> set[int]:
    """Starts of dates that only mark a reference point: 'since November 2014 and March 2015'."""
    found: set[int] = set()
    previous: DateMention | None = None
    for mention in mentions:
        chained = (
            previous is not None
            and previous.start in found
            and bool(_LIST_GAP_RE.fullmatch(text[previous.end : mention.start]))
        )
        if mention.last_day:
            pass  # "from 2 to 4 May 2026" is a span of days, not a reference point
        elif chained or _REFERENCE_RE.search(text, max(0, mention.start - 40), mention.start):
            found.add(mention.start)
        previous = mention
    return found


def _end_before(spots: list[_Spot], index: int) -> int:
    return spots[index - 1].end if index > 0 else 0


# "The summary of the meeting was circulated as S/2029/341 on 20 June 2029": the date a record
# went out, not the day the meeting met (which a reconvening is counted from).
_CIRCULATED_BEFORE = re.compile(
    r"\b(?:circulated|issued|published|released|distributed|transmitted|diffus[ée]e?s?|"
    r"publi[ée]e?s?|distribu[ée]e?s?)\b[^.;]{0,40}\b(?:on|le)\s*$",
    re.I,
)
_MET_KINDS = frozenset({"meeting", "briefing", "visit", "reconvene"})


def _classify(
    prefix: str, prefix_start: int, suffix: str, suffix_start: int
) -> tuple[str | None, tuple[int, int] | None]:
    """The event kind for a date and where its event word is (sentence offsets)."""
    kind, span = _classify_by_words(prefix, prefix_start, suffix, suffix_start)
    if kind in _MET_KINDS and _CIRCULATED_BEFORE.search(prefix):
        return None, None
    return kind, span


def _classify_by_words(
    prefix: str, prefix_start: int, suffix: str, suffix_start: int
) -> tuple[str | None, tuple[int, int] | None]:
    """The kind whose word stands nearest the date, after it or before it."""
    after = _NOUN_AFTER_RE.match(suffix)
    if after:
        noun = after["noun"].lower()
        for kind, pattern in _KIND_RES:
            if pattern.search(noun) or (kind == "meeting" and noun == "réunion"):
                return kind, (suffix_start + after.start("noun"), suffix_start + after.end())
    if _TRIVIAL_PREFIX_RE.match(prefix):
        best: tuple[int, int, str, tuple[int, int]] | None = None
        for kind, pattern in _KIND_RES:
            match = pattern.search(suffix)
            if match:
                key = (match.start(), _KIND_PRIORITY[kind])
                if best is None or key < best[:2]:
                    span = (suffix_start + match.start(), suffix_start + match.end())
                    best = (*key, kind, span)
        return (best[2], best[3]) if best else (None, None)
    best_end: tuple[int, int, str, tuple[int, int]] | None = None
    for kind, pattern in _KIND_RES:
        matches = list(pattern.finditer(prefix))
        if not matches:
            continue
        match = matches[-1]
        distance = len(prefix) - match.end()
        if distance > _MAX_KEYWORD_DISTANCE:
            continue
        key = (distance, _KIND_PRIORITY[kind])
        if best_end is None or key < best_end[:2]:
            span = (prefix_start + match.start(), prefix_start + match.end())
            best_end = (*key, kind, span)
    return (best_end[2], best_end[3]) if best_end else (None, None)


def _relative_event(
    kind: str,
    duration: Duration,
    text: str,
    keyword: tuple[int, int] | None,
    sentence: Sentence,
    ctx: DocContext,
    state: _State,
    country: str | None,
    add: _Add,
) -> None:
    """'reconvene in approximately six months', counted from the latest meeting (or report)."""
    anchor_kind = {"reconvene": "meeting", "report_due": "report"}.get(kind)
    anchor_item = state.latest.get(anchor_kind) if anchor_kind else None
    anchor = anchor_item.event.date if anchor_item else ctx.doc_date
    when: str | None = None
    if anchor and len(anchor) >= 7:
        day = Date(int(anchor[:4]), int(anchor[5:7]), int(anchor[8:10]) if len(anchor) == 10 else 1)
        moved = Span(duration.n, duration.unit).after(day).isoformat()
        when = moved if len(anchor) == 10 else moved[:7]
    title, body = _title(kind, text, keyword, sentence.section, country, ctx, state)
    item = add(
        kind,
        title,
        duration.start,
        duration.end,
        date=when,
        precision="approximate" if when else "none",
        approximate=True,
        anchor_date=anchor if when else None,
    )
    item.body = body


_MISSION_ACRONYM_RE = re.compile(r"\b(?:UN[A-Z]{2,6}|MINU[A-Z]{2,6}|MONU[A-Z]{2,6})\b")


def _title(
    kind: str,
    text: str,
    keyword: tuple[int, int] | None,
    section: str,
    country: str | None,
    ctx: DocContext,
    state: _State,
) -> tuple[str, str | None]:
    """A human title for a classified event, and the body that met (meetings)."""
    on = f" on {country}" if country else ""
    in_ = f" in {country}" if country else ""
    sg = "Secretary-General " if _names_sg(text) or _names_sg(section) else ""
    named = None
    if keyword and kind in ("meeting", "reconvene"):
        # "The IEG will meet on Sudan on 4 December 2026"
        named = _ON_PLACE_RE.match(text, keyword[1])
        if named and named["place"].split()[0] not in _MONTHS_CAPITALISED:
            on = f" on {named['place']}"
        else:
            named = None
    before = text[max(0, keyword[0] - _SUBJECT_WINDOW) : keyword[0]] if keyword else ""
    if kind == "meeting":
        body = _subject(before, state)
        return (f"{body} meeting{on}" if body else f"Meeting{on}"), body
    if kind == "reconvene":
        # "the next IEG meeting", else whoever the subject is, else the body that met last
        inner = _NEXT_BODY_RE.match(text, keyword[0]) if keyword else None
        body = inner["body"] if inner else None
        body = body or _subject(before, state, again=True)
        previous = state.latest.get("meeting")
        if not named and previous and body == previous.body:
            title = previous.event.title
            return f"Next {title if body else title[0].lower() + title[1:]}", body
        return (f"Next {body} meeting{on}" if body else f"Next meeting{on}"), body
    if kind == "report":
        return (f"{sg}report{on}" if sg else f"Report{on}"), None
    if kind == "report_due":
        return f"Next {sg}report{on} due", None
    if kind == "briefing":
        who = "Security Council briefing" if _COUNCIL_RE.search(text) else "Briefing"
        return f"{who}{on}", None
    if kind == "mandate":
        mission = _MISSION_ACRONYM_RE.search(text)
        return (f"{mission.group(0)} mandate ends" if mission else f"Mandate ends{on}"), None
    if kind == "elections":
        return f"{_election_type(text)}{in_}", None
    if kind == "visit":
        return _visit_title(text, keyword, ctx), None
    return f"{kind.capitalize()}{on}", None


def _subject(before: str, state: _State, *, again: bool = False) -> str | None:
    """Who met: 'The Informal Expert Group of the Security Council …' → 'IEG'.

    With `again` (a reconvening), a generic subject ("The Group", "It", "Il") is the body that
    met last.
    """
    clause = re.split(r"[;]|,\s+(?=[a-z])", before)[-1].strip()
    clause = _LEADING_ARTICLE_RE.sub("", re.sub(r"^.*?,\s+(?=[Tt]he\s|[Ll][ae]\s)", "", clause))
    lowered = clause.lower()
    first = lowered.split(" ", 1)[0]
    previous = state.latest.get("meeting")
    generic = first in _GENERIC_BODIES or (again and first in _PRONOUNS)
    if generic and previous and previous.body:
        return previous.body
    if not clause or not clause[0].isupper() or first in _PRONOUNS:
        return None
    for alias in _bodies():
        if lowered.startswith(alias[0]):
            return alias[1]
    name = _SUBJECT_CUT_RE.split(clause)[0].strip()
    name = re.sub(r"\s+(?:agreed|resolved|decided|will|has|have|had|did|is|was)\b.*$", "", name)
    if name.lower() in ("council", "conseil"):
        return "Security Council"
    if name.lower() in _GENERIC_BODIES:
        return None  # "The Group" with no meeting before it: which group is unknown
    return name if 0 < len(name.split()) <= 5 else None


_GENERIC_BODIES = {"group", "groupe", "committee", "comité", "commission", "council", "conseil"}
_PRONOUNS = {"it", "they", "we", "he", "she", "il", "elle", "ils", "elles", "nous"}


@functools.lru_cache(maxsize=1)
def _bodies() -> tuple[tuple[str, str], ...]:
    """Long names of bodies from the glossary (three words or more) and their acronyms (built
    once; lru_cache is safe across the threads that ingest)."""
    pairs = {
        (a.expansion.lower(), a.alias)
        for a in glossary()
        if len(a.expansion.split()) >= 3 and a.alias.isupper()
    }
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@functools.lru_cache(maxsize=256)
def _names_sg(text: str) -> bool:
    """Whether the text names the Secretary-General (asked once per sentence, not per date)."""
    return bool(_SG_RE.search(text))


@functools.lru_cache(maxsize=256)
def _election_type(text: str) -> str:
    """'Legislative elections', from the sentence (once per sentence, not per date)."""
    for match in _ELECTION_TYPE_RE.finditer(text):
        word = (match["before"] or match["after"] or "").lower()
        if word in _ELECTION_TYPES:
            return f"{_ELECTION_TYPES[word]} elections"
    return "Elections"


def _visit_title(text: str, keyword: tuple[int, int] | None, ctx: DocContext) -> str:
    if keyword is None:
        return f"Visit to {ctx.country}" if ctx.country else "Visit"
    # The actor ends right before the visit word: the capitalised run there, within reach.
    actor_match = _ACTOR_RE.search(text, max(0, keyword[0] - _MAX_PREFIX), keyword[0])
    actor = actor_match["actor"] if actor_match else None
    if actor in ("Council", "Conseil", "Conseil de sécurité"):
        actor = "Security Council"
    place_match = _PLACE_RE.match(text, keyword[1])
    place = place_match["place"] if place_match else ctx.country
    if place and place.split()[0] in ("In", "On", "En", "Le", "La"):
        place = ctx.country
    where = f" to {place}" if place else ""
    return f"{actor} visit{where}" if actor else f"Visit{where}"


def _country(text: str, ctx: DocContext) -> str | None:
    match = _SITUATION_RE.search(text) if "situation" in text else None
    return match["name"] if match else ctx.country


def _resolution_number(text: str, section: str) -> str | None:
    numbers = {m["num"] for m in _RES_NUMBER_RE.finditer(text)} if "solution" in text else set()
    if len(numbers) == 1:
        return numbers.pop()
    if not numbers:
        heading = _RES_NUMBER_RE.search(section)
        return heading["num"] if heading else None
    return None


def _resolution_title(number: str | None, text: str, ctx: DocContext) -> str:
    name = f"Security Council resolution {number}" if number else "Security Council resolution"
    if ctx.country and re.search(rf"\b{re.escape(ctx.country)}\b", text):
        name += f" on {ctx.country}"
    return name


def _resolutions(text: str, ctx: DocContext, add: _Add) -> dict[str, _Found]:
    """'resolution 2871 (2026)', 'resolutions 1267 (1999), 1989 (2011) and 2253 (2015)'."""
    found: dict[str, _Found] = {}
    if "solution" not in text and "S/RES/" not in text:  # résolution, resolution
        return found
    items = [
        (
            lst.start("list") + item.start(),
            lst.start("list") + item.end(),
            item["num"],
            item["year"],
        )
        for lst in _RES_LIST_RE.finditer(text)
        for item in _RES_ITEM_RE.finditer(lst["list"])
    ]
    items += [(m.start(), m.end(), m["num"], m["year"]) for m in _SRES_RE.finditer(text)]
    for start, end, number, year in sorted(items):
        if number not in found:
            title = _resolution_title(number, text, ctx)
            found[number] = add("resolution", title, start, end, date=year, precision="year",
                                symbol=f"resolution {number}")  # fmt: skip
    return found


def _symbols(text: str, mentions: list[DateMention], claimed: set[int], add: _Add) -> None:
    """Document symbols (S/2016/682), dated by the date that follows them, else their year."""
    if "S/" not in text:
        return
    for match in _SYMBOL_RE.finditer(text):
        when, precision = match["year"], "year"
        for mention in mentions:
            if mention.start >= match.end() and _SYMBOL_DATE_GAP_RE.fullmatch(
                text[match.end() : mention.start]
            ):
                when, precision = mention.date, mention.precision
                claimed.add(mention.start)  # "S/2016/819 of 28 September 2016": its own date
                break
            if mention.end <= match.start() and _DATE_SYMBOL_GAP_RE.fullmatch(
                text[mention.end : match.start()]
            ):
                when, precision = mention.date, mention.precision  # the nearest before wins
        title = _symbol_title(text[: match.start()], match[0])
        add("symbol", title, match.start(), match.end(), date=when, precision=precision,
            symbol=match[0])  # fmt: skip


def _symbol_title(before: str, symbol: str) -> str:
    """'a record of the meeting was issued as S/2016/682' → 'Record of the meeting issued as …'."""
    if symbol.startswith("S/PRST/"):
        return f"Presidential statement {symbol}"
    issued = _ISSUED_AS_RE.search(before)
    if issued:
        chunk = re.split(r"[;,(]|\s+and\s+", before[: issued.start()])[-1].strip()
        chunk = _LEADING_ARTICLE_RE.sub("", chunk)
        if 0 < len(chunk.split()) <= 8:
            return f"{chunk[0].upper()}{chunk[1:]} issued as {symbol}"
    elif before.rstrip().endswith("("):
        # "the Secretary-General's report (S/2016/819)"
        # "the Secretary-General's report (S/2016/819)", "In its June 2026 report of the
        # Secretary-General (S/…": the noun phrase, without "In its" or a date after "of"
        chunk = re.split(r"[;,]", before.rstrip()[:-1])[-1].strip()
        chunk = _NP_LEAD_RE.sub("", chunk)
        chunk = re.split(r"\s+(?:of|dated|du)\s+(?=\d)", chunk)[0].strip()
        if 0 < len(chunk.split()) <= 8:
            return f"{chunk[0].upper()}{chunk[1:]} {symbol}"
    return f"Document {symbol}"


def _other_title(prefix: str, suffix: str) -> str | None:
    """A title for a dated statement that is no particular kind of event."""
    if _TRIVIAL_PREFIX_RE.match(prefix):
        # "It was on 9 November that the Group …": the clause after 'that' is the event
        clause = _CLEFT_THAT_RE.sub("", re.split(r"[:;]", suffix.lstrip(" ,"))[0])
    else:
        clause = _TRAILING_PREP_RE.sub("", prefix)
    clause = _LEADING_ARTICLE_RE.sub("", clause.strip(" ,.\"'“”")).rstrip(" ,.\"'“”")
    # A title names something: two words, one of them more than a function word
    # ('Up to', '" date' name nothing).
    words = [w for w in clause.split() if _WORD_RE.search(w)]
    if len(words) < 2 or all(w.lower() in _FUNCTION_WORDS for w in words):
        return None
    return _shorten(clause[0].upper() + clause[1:])


_WORD_RE = re.compile(r"[^\W\d_]{2,}")
_CLEFT_THAT_RE = re.compile(r"(?i)^\s*(?:that|que|qu')\s*")
_FUNCTION_WORDS = frozenset(
    [
        "up",
        "to",
        "from",
        "until",
        "till",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "the",
        "a",
        "an",
        "as",
        "is",
        "was",
        "were",
        "be",
        "been",
        "will",
        "with",
        "this",
        "that",
        "its",
        "it",
        "their",
        "le",
        "la",
        "les",
        "de",
        "du",
        "des",
        "et",
        "au",
        "aux",
        "en",
        "à",
        "par",
        "pour",
    ]
)


def _shorten(text: str) -> str:
    if len(text) <= _TITLE_CHARS:
        return text
    cut = text[:_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;(")
    return cut + "…"


def _dedupe(found: list[_Found]) -> list[_Found]:
    """One event per thing: the same kind and symbol on compatible dates keeps the most precise.

    The first kept event of the same kind, symbol and cadence whose date is compatible (one
    date a prefix of the other: "2016" and "2016-08-29") is its twin. The kept events are
    indexed by those and by every prefix of their dates, so a document with thousands of
    events is not compared pair by pair.
    """
    kept: list[_Found] = []
    index = _TwinIndex()
    for item in found:
        event = item.event
        if event.kind == "other":
            kept.append(item)
            continue
        key = (event.kind, event.symbol, event.cadence)
        at = index.first_compatible(key, event.date)
        if at is None:
            index.add(key, event.date, len(kept))
            kept.append(item)
        elif _rank(item) > _rank(kept[at]):
            index.remove(key, kept[at].event.date, at)
            index.add(key, event.date, at)
            kept[at] = item
    return sorted(kept, key=lambda f: (f.event.start, f.event.end))


_Key = tuple[str, str | None, str | None]


class _TwinIndex:
    """Positions of kept events by (kind, symbol, cadence): by date, and by date prefix."""

    def __init__(self) -> None:
        self.dated: dict[tuple[_Key, str | None], list[int]] = {}  # the exact date
        self.prefixed: dict[tuple[_Key, str], list[int]] = {}  # every prefix of the date

    def _prefixes(self, date: str | None) -> list[str]:
        return [] if date is None else [date[:i] for i in range(len(date) + 1)]

    def add(self, key: _Key, date: str | None, at: int) -> None:
        bisect.insort(self.dated.setdefault((key, date), []), at)
        for prefix in self._prefixes(date):
            bisect.insort(self.prefixed.setdefault((key, prefix), []), at)

    def remove(self, key: _Key, date: str | None, at: int) -> None:
        self.dated[(key, date)].remove(at)
        for prefix in self._prefixes(date):
            self.prefixed[(key, prefix)].remove(at)

    def first_compatible(self, key: _Key, date: str | None) -> int | None:
        """The first position whose date is compatible with `date` (see _compatible)."""
        if date is None:
            same = self.dated.get((key, None))
            return same[0] if same else None
        # Kept dates that `date` starts with, and kept dates that start with `date`.
        lists = [self.dated.get((key, prefix)) for prefix in self._prefixes(date)]
        lists.append(self.prefixed.get((key, date)))
        firsts = [positions[0] for positions in lists if positions]
        return min(firsts) if firsts else None


def _compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a == b
    return a.startswith(b) or b.startswith(a)


def _rank(item: _Found) -> tuple[int, bool]:
    return _PRECISION_RANK.get(item.event.precision, 0), item.explicit
