"""The rules that refine the ranking: vetoes that say a sentence cannot answer, weights that
say one answers better than another.

A veto is a real mismatch — another country, another year, another population or body, or
nothing of the kind the question asks for (no number for "how many", no date for "when").
Words that only describe weigh, through coverage; they never veto. Each rule is a named entry
of RULES, with its examples in its docstring; `--explain` lists the ones that fired.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from store.answering.evidence import HEAD_NAME, NEAR_LEVELS, Coverage
from store.answering.index import Hit
from store.answering.normalize import phrase_key
from store.answering.question import Concept, Question
from store.clean import MEETING_LINE
from store.extract.dates import MONTH_RE, find_cadences, find_dates, find_relative
from store.text import word_set

VETO = float("-inf")

# --- what a sentence holds -----------------------------------------------------------------------

_SYMBOL = re.compile(
    r"\b[A-Z]{1,5}(?:/[A-Z]{2,6})*/\d{4}/\d+(?:/[A-Za-z.0-9]+)?|\bS/RES/\d+"
    r"|\b(?:SC|GA|SG/SM|S/PV|WOM)[/.]\d{3,6}\b"
    # A/HRC/45/24, CEDAW/C/BFA/CO/7, E/CN.6/2020/3: other series of UN documents
    r"|\b(?:A|E|CEDAW|CRC|CCPR|HRC)(?:/[A-Z][A-Za-z.0-9]{0,8}){1,4}/\d+\b"
)

# The Council's meeting by its number: "9565th Meeting (AM)", "8298e séance", "S/PV.7727".
_MEETING_NUMBER = re.compile(
    r"\b\d{3,5}(?:st|nd|rd|th|e)(?:,?\s+(?:and|et)\s+\d{3,5}(?:st|nd|rd|th|e))?\s+"
    r"(?:meetings?|séances?)\b|\bS/PV[/.]\d{3,5}\b",
    re.I,
)


def symbols_in(text: str) -> list[str]:
    """The document symbols a text names (S/2016/819, SC/12426, S/PV.7727)."""
    return _SYMBOL.findall(text)


_RESOLUTION_NUMBER = re.compile(
    r"\b(?:resolutions?|r[ée]solutions?)\s+(?:\d{3,4}(?:\s*\(\d{4}\))?(?:,?\s*(?:and|et)?\s*)?)+"
    r"|\b\d{4}\s*\((?:19|20)\d\d\)",
    re.I,
)
_REFERENCE = re.compile(
    r"\b(?:paragraphs?|para\.?|chapter|article|rule|S/PV\.)\s*\d+|\bn\s*°\s*[\d-]+", re.I
)
_NUMBER = re.compile(r"(?<![\w/.,-])\d{1,3}(?:[ ,.\u202f]\d{3})*(?:[.,]\d+)?(?![\w/]|-\d)")
_NUMBER_WORD = re.compile(
    # "one" and the French "un"/"une" are left out: nearly every sentence has them ("one of the",
    # "un rapport"); a figure written so is read by the fact rules when it is one.
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|dozen|dozens|half|third|quarter|none|no woman|not one|"
    r"deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|vingt|trente|quarante|"
    r"cinquante|soixante|"
    # about so many: « une trentaine de participants », "hundreds of women", "scores"
    r"dizaines?|douzaines?|quinzaines?|vingtaines?|trentaines?|quarantaines?|cinquantaines?|"
    r"soixantaines?|centaines?|milliers|hundreds|thousands|scores|"
    r"doubled|tripled|halved|doublé|triplé)\b",
    re.I,
)
_PERCENT = re.compile(
    r"\d\s?%|\d\s*(?:per ?cent|pour ?cent|percent)\b|\b(?:half|a third|one third|two thirds|"
    r"a quarter|one in \w+|out of every|majority|minority|moitié|tiers)\b",
    re.I,
)
_YEARLIKE = re.compile(r"^(?:19|20)\d\d$")
_CAPITALISED = re.compile(
    r"(?<![\w'’])(?:[A-Z][\w'’.-]+|[A-Z]{2,})(?:\s+(?:[A-Z][\w'’.-]+|de|du|al|el|bin|of|the|and|for|on|in))*"
)
_POSTS = re.compile(
    r"\b(?:Representative|Minister|President|Ambassador|Director|Chair|Co-Chair|Envoy|"
    r"Secretary|Adviser|Advisor|Commissioner|Expert|Head|Prime|Deputy|Under-Secretary|"
    r"Coordinator|Rapporteur|Chief|Governor|Mayor|Speaker|King|Queen|General|Colonel|"
    r"Mrs?\.|Ms\.|Dr\.)\b"
)
_FUTURE_MARK = re.compile(
    r"\b(?:next|due|upcoming|will|shall|scheduled|planned|expected|to be held|intends?|"
    r"resolved to|agreed to|being considered|envisaged|foreseen|proposed|forthcoming|would|"
    r"prochain\w*|prévu\w*|se réunira|sera|seront)\b",
    re.I,
)
_NEGATION = re.compile(
    r"\b(?:no|not|never|none|nor|neither|without|yet to|has yet|have yet|lack of|absence of|"
    r"failed to|aucun\w*|pas|jamais|ni)\b|n't\b",
    re.I,
)


def blank_non_figures(sentence: str) -> str:
    """The sentence with what is not a figure blanked: dates, symbols, resolution and
    paragraph numbers. A day of the month is not an answer to "how many"."""
    for mention in reversed(find_dates(sentence, 2000)):
        sentence = sentence[: mention.start] + " " + sentence[mention.end :]
    for pattern in (_SYMBOL, _RESOLUTION_NUMBER, _REFERENCE):
        sentence = pattern.sub(" ", sentence)
    return sentence


_PERCENT_AFTER = re.compile(r"\s?(?:%|per ?cent\b|pour ?cent\b|percent\b)", re.I)


@lru_cache(maxsize=8192)
def figures(sentence: str, counts_only: bool = False) -> list[str]:
    """The figures a sentence gives, as written ("41", "1,451", "27,89", "twelve"); with
    `counts_only`, not its percentages ("how many" is not answered by "40 per cent")."""
    bare = blank_non_figures(sentence)
    found = [
        m.group(0)
        for m in _NUMBER.finditer(bare)
        if not _YEARLIKE.match(m.group(0))
        and not (counts_only and _PERCENT_AFTER.match(bare, m.end()))
    ]
    found += [m.group(0).lower() for m in _NUMBER_WORD.finditer(bare)]
    return found


def figure_key(text: str) -> str:
    """A figure as compared: '1,451', '1 451' and '1451' are one; '27,89' is '2789'."""
    return re.sub(r"[ ,.\u202f]", "", text.lower())


# "NEW YORK, 3 March 2028 - ...": a press release's dateline dates the release, not what the
# sentence tells.
_DATELINE = re.compile(
    r"^[A-ZÀ-Ý][A-ZÀ-Ý .'-]{2,40},\s*\d{1,2}\s+\w+\s+\d{4}\s*[-–(]\s*(?:\w+\)\s*-?\s*)?"
)


def without_dateline(sentence: str) -> str:
    """The sentence without a leading dateline."""
    return _DATELINE.sub("", sentence, count=1)


@lru_cache(maxsize=8192)
def has_date(sentence: str) -> bool:
    """An absolute date or a date counted from another ("in approximately six months")."""
    sentence = without_dateline(sentence)
    return bool(find_dates(sentence, 2000)) or bool(find_relative(sentence))


def names_outside(sentence: str, question: Question) -> list[str]:
    """Capitalised names in the sentence that the question does not already say."""
    asked = f" {phrase_key(question.text)} "
    out: list[str] = []
    for match in _CAPITALISED.finditer(sentence):
        name = match.group(0).strip()
        key = phrase_key(name)
        if not key or key in {"the", "a", "in", "on", "it", "they", "this", "these"}:
            continue
        if match.start() == 0 and " " not in name:
            continue  # the sentence's first word is capitalised anyway
        if f" {key} " not in asked:
            out.append(name)
    return out


# --- candidates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Firing:
    """A rule that fired on a candidate: a veto, or points for or against it."""

    rule: str
    effect: float  # VETO, or points
    detail: str

    @property
    def vetoes(self) -> bool:
        """Whether this firing rules the candidate out."""
        return self.effect == VETO


@dataclass
class Candidate:
    """A ranked sentence, with the facts and events read from it, and what the rules said."""

    hit: Hit
    coverage: Coverage
    facts: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    firings: list[Firing] = field(default_factory=list)
    common_words: frozenset[str] = frozenset()  # words its document writes in lower case
    frequencies: dict[Concept, int] = field(default_factory=dict)  # sentences naming each

    @property
    def vetoed(self) -> bool:
        """Whether a veto fired."""
        return any(f.vetoes for f in self.firings)

    @property
    def score(self) -> float:
        """The sum of the points (vetoed candidates score -inf)."""
        return sum(f.effect for f in self.firings)


@dataclass(frozen=True)
class Rule:
    """A named veto or weight: `check` returns its firing, or None when it does not apply."""

    name: str
    kind: str  # veto | weight
    check: Callable[[Question, Candidate], Firing | None]

    @property
    def doc(self) -> str:
        """What the rule says, from its function's docstring."""
        return (self.check.__doc__ or "").strip().splitlines()[0]


# Points of the weights, named so that a rule's effect is read in one place.
RANKING_POINTS = 10.0  # coverage 1.0 (every concept named in the sentence) is worth this
FITTING_FACT_POINTS = 2.0
FITTING_EVENT_POINTS = 2.0
FOCUS_IN_SENTENCE_POINTS = 1.0
MONTH_POINTS = 1.5
ANSWER_TYPE_POINTS = 1.0
TENSE_POINTS = 2.0
EXTRA_ASK_POINTS = 1.0
PASSAGE_PROXIMITY_POINTS = 0.5


def _fire(name: str, effect: float, detail: str) -> Firing:
    return Firing(name, effect, detail)


def ranking(question: Question, candidate: Candidate) -> Firing | None:
    """How much of the question the sentence and its surroundings name (coverage, 0 to 1)."""
    fraction = candidate.coverage.fraction
    named = ", ".join(
        f"{m.concept.name}@{m.level.where}" for m in candidate.coverage.matches if m.level.credit
    )
    return _fire("ranking", RANKING_POINTS * fraction, f"coverage {fraction:.2f} ({named})")


def another_country(question: Question, candidate: Candidate) -> Firing | None:
    """A country the question names must be the document's, or named in or near the sentence:
    'women in Mali's parliament' is not answered from an update on Niger."""
    if not question.countries:
        return None
    hit = candidate.hit
    asked = {phrase_key(c) for c in question.countries}
    if hit.country and phrase_key(hit.country) in asked:
        return None
    around = f"{hit.sentence_terms} {hit.context_terms} {hit.heading_terms}"
    if any(f" {key} " in around for key in asked):
        return None
    if hit.country is None and any(f" {key} " in hit.names for key in asked):
        return None
    return _fire("another_country", VETO, f"the document is about {hit.country or 'another place'}")


def another_report(question: Question, candidate: Candidate) -> Firing | None:
    """A report the question names by its symbol ('according to S/2021/312') is not answered
    from a part of the page headed by another report's symbol: pages that join several
    reports head each part with its own."""
    asked = {c.name.upper() for c in question.concepts if c.symbol}
    if not asked:
        return None
    heading = {s.upper() for s in symbols_in(candidate.hit.section)}
    if not heading or heading & asked:
        return None
    if asked & {s.upper() for s in symbols_in(candidate.hit.sentence)}:
        return None  # "since the previous report (S/2021/1117), issued on …": it says so
    return _fire("another_report", VETO, f"the part is of {', '.join(sorted(heading))}")


def another_year(question: Question, candidate: Candidate) -> Firing | None:
    """The year a question asks about must be the sentence's period (its own years, its
    heading's, the sentence before's, else the document's): '2017 cases' is not the 2020
    figure."""
    years = candidate.hit.years
    if not question.years or not years or question.years & years:
        return None
    shown = ", ".join(str(y) for y in sorted(years))
    return _fire("another_year", VETO, f"the sentence is about {shown}")


# The stemmed terms (normalize.terms) that say a figure is of women, girls, boys or men:
# 'female' is stemmed 'femal', 'filles' 'fille', 'hommes' 'homm', 'genre' 'genr'.
GENDER_TERMS = re.compile(
    r" (?:women|woman|girl|men|man|boy|male|femal|femm|fille|homm|garcon|gender|genr|feminin) "
)


def no_gender(question: Question, candidate: Candidate) -> Firing | None:
    """'How many women …' is not answered by a sentence that names no women, girls, men or
    gender at all ('a ceiling of 11,500 troops'): its figures count everyone. Read with the
    sentence before when it points back ('Of them, 41 …')."""
    if question.ask not in GENDERED_ASKS or not question.gendered:
        return None
    if any(c.counted and GENDER_TERMS.search(f" {c.typed} ") for c in question.topics):
        return None  # "how many women's organizations": organizations are counted
    hit = candidate.hit
    if _GENDER_WRITTEN.search(hit.sentence) or (
        hit.anaphoric and GENDER_TERMS.search(hit.context_terms)
    ):
        return None
    return _fire("no_gender", VETO, "the sentence names no women, girls or men")


# The gender words as a sentence writes them; "man" and "men" in lower case only, since the
# "Milices d'Autodéfense du Nord (MAN)" are no men.
_GENDER_WRITTEN = re.compile(
    r"(?i:\b(?:wom[ae]n|girls?|boys?|female|male|femmes?|filles?|hommes?|gar[çc]ons?|gender|"
    r"genre|f[ée]minin\w*))\b|\b(?:[Mm]an|[Mm]en)\b"
)


GENDERED_ASKS = frozenset({"count", "share"})


def no_figure(question: Question, candidate: Candidate) -> Firing | None:
    """'How many', 'what share', 'what quota' need a figure in the sentence — not a date, a
    year, a symbol or a figure the question itself gives ('of the 22 incidents')."""
    if not question.wants_figure:
        return None
    own = {figure_key(n) for n in question.numbers}
    if question.ask != "quota":
        # "a 25 per cent quota for women": a target, not how many there are
        own |= {
            figure_key(str(f["value"]).removesuffix(".0"))
            for f in candidate.facts
            if f["kind"] == "quota"
        }
    counts_only = question.ask == "count"
    given = [f for f in figures(candidate.hit.sentence, counts_only) if figure_key(f) not in own]
    if given or any(f["kind"] != "quota" or question.ask == "quota" for f in candidate.facts):
        return None
    return _fire("no_figure", VETO, "the sentence gives no figure of what is asked")


def no_percentage(question: Question, candidate: Candidate) -> Firing | None:
    """'What share' needs a percentage, or a count of a total (which gives one); 'what quota'
    a percentage or a stored quota."""
    if question.ask not in {"share", "quota"}:
        return None
    if question.ask == "quota" and any(f["kind"] == "quota" for f in candidate.facts):
        return None
    if _PERCENT.search(candidate.hit.sentence):
        return None
    if any(f["kind"] in {"share", "change"} or f.get("total") for f in candidate.facts):
        return None
    return _fire("no_percentage", VETO, "the sentence gives no share")


def no_date(question: Question, candidate: Candidate) -> Firing | None:
    """'When' needs a date in the sentence (or one counted from another: 'in six months');
    'what year' any year, a bracketed one too ('the Comprehensive Peace Agreement (2006)')."""
    if "when" not in question.asks[:1]:
        return None
    sentence = candidate.hit.sentence
    if has_date(sentence) or any(e.get("date") for e in candidate.events):
        return None
    if _YEAR_RANGE.search(_SYMBOL.sub(" ", sentence)):
        return None  # "the plan covers 2021-2025": when is a span of years
    if (question.wants_year or question.target == "year") and re.search(
        r"\b(?:19|20)\d\d\b", _SYMBOL.sub(" ", candidate.hit.sentence)
    ):
        return None
    return _fire("no_date", VETO, "the sentence gives no date")


def no_cadence(question: Question, candidate: Candidate) -> Firing | None:
    """'How often' needs a cadence: 'every three months', 'on a quarterly basis'."""
    if question.ask != "cadence":
        return None
    sentence = candidate.hit.sentence
    if find_cadences(sentence) or any(e["kind"] == "cadence" for e in candidate.events):
        return None
    if re.search(
        r"\b(?:quarterly|annual(?:ly)?|monthly|biannual|yearly|trimestriel\w*|annuel\w*)\b",
        sentence,
        re.I,
    ):
        return None
    return _fire("no_cadence", VETO, "the sentence gives no cadence")


def no_period(question: Question, candidate: Candidate) -> Firing | None:
    """'What period does it cover' needs a span: two dates, or a year or month range."""
    if question.ask != "period":
        return None
    sentence = candidate.hit.sentence
    dates = find_dates(sentence, 2000)
    if (
        len(dates) >= 2
        or any(d.in_range for d in dates)
        or _YEAR_RANGE.search(sentence)
        or (candidate.hit.years and _SPAN_WORDS.search(sentence))
    ):
        return None
    return _fire("no_period", VETO, "the sentence gives no span of time")


# A span of years however written: "2021-2025", "2021–25", "2011/2015".
_YEAR_RANGE = re.compile(r"\b(?:19|20)\d\d\s*[-–/]\s*(?:(?:19|20)\d\d|\d\d)\b(?![/-]\d)")
# Words that make a year a span: "covers 2019", "throughout 2020", « au cours de la période ».
_SPAN_WORDS = re.compile(
    r"\b(?:covers?|covering|period|from|between|january|calendar year|throughout|p[ée]riode|"
    r"couvre|couvrant|depuis|entre|au cours de|durant|pendant)\b",
    re.I,
)


def no_duration(question: Question, candidate: Candidate) -> Firing | None:
    """'How long' needs an amount of time ('five years', 'a four-day forum')."""
    if question.ask != "duration":
        return None
    if re.search(
        r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|a few)[ -]"
        r"(?:days?|weeks?|months?|years?|decades?)\b",
        candidate.hit.sentence,
        re.I,
    ):
        return None
    return _fire("no_duration", VETO, "the sentence gives no amount of time")


def no_symbol(question: Question, candidate: Candidate) -> Firing | None:
    """'What is the symbol of ...' needs a document symbol (S/2016/682) in the sentence;
    'meeting number?' a meeting's number (its 9565th meeting, S/PV.9565)."""
    if not question.wants_symbol:
        return None
    if question.wants_meeting_number:
        if _MEETING_NUMBER.search(_around(candidate)):
            return None
        return _fire("no_symbol", VETO, "the sentence names no meeting's number")
    if _SYMBOL.search(_around(candidate)):
        return None
    return _fire("no_symbol", VETO, "the sentence names no document symbol")


def _around(candidate: Candidate) -> str:
    """The sentence with its heading, and the sentence before when it points back to it."""
    hit = candidate.hit
    return f"{hit.section}\n{hit.sentence}"


# Kinds of elections: "presidential" is not "municipal", « législatives » not « locales ».
_ELECTION_KINDS = {
    "presidential": r"presidential|pr[ée]sidentiel\w*",
    "legislative": r"legislative|parliamentary|l[ée]gislativ\w*",
    "local": r"local|municipal|communal|locales?|municipales?|communales?",
    "provincial": r"provincial|regional|provinciales?|r[ée]gionales?",
    "senatorial": r"senatorial|senate|s[ée]natoriales?",
    "by-election": r"by[- ]elections?|bye-elections?|[ée]lections? partielles?",
}
_ELECTION_WORD = re.compile(r"\b(?:elections?|polls?|[ée]lections?|scrutins?)\b", re.I)


def _election_kinds(text: str) -> set[str]:
    return {
        kind
        for kind, words in _ELECTION_KINDS.items()
        if re.search(rf"\b(?:{words})\b", text, re.I)
    }


def another_election(question: Question, candidate: Candidate) -> Firing | None:
    """'When is the next presidential election?' is not answered by the municipal elections'
    date: a sentence naming elections of another kind only (itself, or the sentence before when
    it names none)."""
    if not _ELECTION_WORD.search(question.text):
        return None
    asked = _election_kinds(question.text)
    if not asked:
        return None
    hit = candidate.hit
    named = _election_kinds(hit.sentence) if _ELECTION_WORD.search(hit.sentence) else set()
    if not named and _ELECTION_WORD.search(hit.context_terms):
        # "Municipal elections took place on 12 March. Women won 412 of the 1,630 seats."
        named = _election_kinds(hit.context_terms)
    if not named or named & asked:
        return None
    return _fire("another_election", VETO, f"elections of another kind: {', '.join(sorted(named))}")


# "What budget ...", "how much funding": an amount of money, not a count of things.
_MONEY_ASK = re.compile(
    # ("budgeted posts", "seats allocated" are counts of posts and seats)
    r"\b(?:budgets?|funding|funds|fonds|financements?|costs?|co[uû]ts?|dollars?|money)\b"
    r"|\bhow much (?:money|aid)\b"
    r"|\bhow much\b[^?]{0,40}\b(?:went|spent|spend|allocated|provided|contributed|given|"
    r"received|disbursed|pledged|raised|cost|invested|funded)\b",
    re.I,
)
# ISO 4217 codes of the currencies these updates report budgets in. A code counts only next to
# its figure ('90,570,166,912 UGX', 'KES 2 million'): 'SSP' is also a police rank.
CURRENCY_CODES = (
    "USD", "EUR", "CHF", "GBP", "JPY", "SEK", "NOK", "DKK", "CAD", "AUD", "UGX", "KES", "TZS",
    "RWF", "BIF", "CDF", "XOF", "XAF", "CFAF", "NGN", "GHS", "SDG", "SSP", "ETB", "SOS", "MZN",
    "AFN", "IQD", "YER", "SYP", "LBP", "LYD", "COP", "GTQ", "HTG", "PHP", "MMK", "NPR", "LKR",
    "PGK", "UAH",
)  # fmt: skip
_CODE = "|".join(CURRENCY_CODES)
_MONEY = re.compile(
    r"[$€£¥]|\b(?:US\$|FCFA|CFA|dollars?|euros?|francs?|pounds|yen|shillings?|rupees?|pesos?|"
    r"dinars?|dirhams?|birr|naira|afghanis?|gourdes?|kina|quetzal(?:es)?|hryvnias?|kyats?)\b"
    rf"|\d(?:\s?(?:million|billion|bn))?\s?(?:{_CODE})\b|\b(?:{_CODE})\s?\d",
    re.I,
)


def asks_money(question: Question) -> bool:
    """A question about an amount of money ('what budget', 'how much funding')."""
    return question.ask in {"count", "figure"} and bool(_MONEY_ASK.search(question.text))


def names_money(text: str) -> bool:
    """Whether a text writes an amount of money ('$', 'USD', 'dollars', 'francs CFA')."""
    return bool(_MONEY.search(text))


def no_amount(question: Question, candidate: Candidate) -> Firing | None:
    """'What budget is allocated to the plan?' needs an amount of money in the sentence, not
    'nine provincial consultations'."""
    if not asks_money(question) or names_money(candidate.hit.sentence):
        return None
    return _fire("no_amount", VETO, "the sentence gives no amount of money")


def no_resolution(question: Question, candidate: Candidate) -> Firing | None:
    """'Which resolution' needs a resolution's number in the sentence."""
    if question.target not in {"resolution", "resolut"} or question.ask != "which":
        return None
    if _RESOLUTION_NUMBER.search(_around(candidate)) or any(
        e["kind"] == "resolution" for e in candidate.events
    ):
        return None
    return _fire("no_resolution", VETO, "the sentence names no resolution")


def another_population(question: Question, candidate: Candidate) -> Firing | None:
    """A population the question counts (police, military, judges, candidates ...) must be
    the sentence's: a figure about military personnel never answers a question about police."""
    return _entity_mismatch(question, candidate, "population")


def another_body(question: Question, candidate: Candidate) -> Firing | None:
    """A body the question names (the cabinet, the senate, a commission) must be the
    sentence's when the sentence names another: the cabinet is not the senate."""
    return _entity_mismatch(question, candidate, "body")


def _entity_mismatch(question: Question, candidate: Candidate, kind: str) -> Firing | None:
    from store.answering.lexicon import entity_alternatives

    groups = entity_alternatives(kind)
    asked = [c for c in question.topics if c.entity == kind]
    if not asked:
        return None
    hit = candidate.hit
    near = hit.sentence_terms + (hit.context_terms if hit.anaphoric else " ")
    if any(any(f" {a} " in near for a in c.alternatives) for c in asked):
        return None
    asked_names = {c.alternatives for c in asked}
    others = [
        name
        for name, alternatives in groups.items()
        if alternatives not in asked_names
        and any(f" {a} " in hit.sentence_terms for a in alternatives)
    ]
    if not others:
        return None
    return _fire(f"another_{kind}", VETO, f"the sentence is about {', '.join(sorted(others))}")


def nothing_in_sentence(question: Question, candidate: Candidate) -> Firing | None:
    """A sentence that names nothing of the question itself (all of it only around it) is
    context, not an answer."""
    asked = [m for m in candidate.coverage.matches if m.concept.role not in {"source", "year"}]
    if not asked or any(m.level.where == "sentence" for m in asked):
        return None
    if all(m.concept.about_document for m in asked):
        return None  # "what is the date of S/2016/897": the masthead says it of the document
    if candidate.hit.anaphoric and any(m.level.where == "context" for m in asked):
        return None  # "The group resolved to reconvene": it names them by pointing back
    return _fire("nothing_in_sentence", VETO, "names nothing of the question itself")


def subject_missing(question: Question, candidate: Candidate) -> Firing | None:
    """A subject the question names (CRSV, DDR) must be the sentence's, the one before's, or
    the whole document's (in its title or masthead): 'the next report on CRSV' is not the next
    report on the country. The WPS agenda is the whole document's when it names it anywhere."""
    if not question.wants_figure and question.ask != "when":
        return None
    missing = [
        c
        for c in question.topics
        if c.subject
        and candidate.coverage.level(c).where not in NEAR_LEVELS
        and candidate.coverage.level(c) is not HEAD_NAME
        and not _agenda_of_document(c, candidate)
    ]
    if not missing:
        return None
    return _fire("subject_missing", VETO, "not about " + ", ".join(c.name for c in missing))


def _agenda_of_document(concept: Concept, candidate: Candidate) -> bool:
    """The WPS agenda, named somewhere in the sentence's document (lexicon.AGENDA)."""
    return concept.agenda and candidate.coverage.level(concept).where == "document"


def focus_missing(question: Question, candidate: Candidate) -> Firing | None:
    """What a figure counts, and the names the question is about, must be named in or next to
    the sentence ('how many women *judges*' is not answered by a sentence on magistrates).
    For a figure, a name or acronym may stand anywhere in the document; for a date, whose date
    it is must be said in or next to the sentence ('when did the *IEG* meet')."""
    if not question.wants_figure and question.ask != "when":
        return None
    anywhere = question.wants_figure
    missing = [
        c
        for c in question.topics
        if c.role == "focus"
        and candidate.coverage.level(c).where not in NEAR_LEVELS
        and candidate.coverage.level(c) is not HEAD_NAME  # the document is about it
        and not (anywhere and c.proper and candidate.coverage.level(c).where == "document")
        and not _agenda_of_document(c, candidate)
    ]
    if not missing:
        return None
    return _fire("focus_missing", VETO, "not named: " + ", ".join(c.name for c in missing))


def fitting_fact(question: Question, candidate: Candidate) -> Firing | None:
    """A stored figure in the sentence, of the kind asked ('what share' and a share; 'which
    parties' and a list naming them)."""
    if question.ask in {"who", "which"} and any(
        f["kind"] == "list"
        and any(concept_in(c, fact_words(f)) for c in question.topics if not c.weak)
        for f in candidate.facts
    ):
        return _fire("fitting_fact", FITTING_FACT_POINTS, "a stored list the question names")
    if not question.wants_figure or not candidate.facts:
        return None
    kinds = {f["kind"] for f in candidate.facts}
    if kinds & FITTING_FACT_KINDS[question.ask]:
        return _fire("fitting_fact", FITTING_FACT_POINTS, f"a stored {', '.join(sorted(kinds))}")
    return None


FITTING_FACT_KINDS = {
    "count": frozenset({"count", "list", "change"}),
    "share": frozenset({"share", "change", "count"}),
    "quota": frozenset({"quota"}),
    "change": frozenset({"change", "share", "count"}),
    "figure": frozenset({"count", "share", "change", "quota", "list"}),
}


def another_event(question: Question, candidate: Candidate) -> Firing | None:
    """'When is the next *report* due' is not answered by a sentence whose dates are a
    mandate's or a resolution's: when the question names a kind of event and every dated
    event the sentence holds is of another named kind."""
    if question.ask != "when":
        return None
    wanted = asked_event_kinds(question)
    dated = [e for e in candidate.events if e.get("date") and e["kind"] != "cadence"]
    if not wanted or not dated:
        return None
    own_date = candidate.hit.dated
    if any(e["kind"] in wanted or (e["kind"] == "other" and e["date"] != own_date) for e in dated):
        return None
    kinds = ", ".join(sorted({e["kind"] for e in dated}))
    return _fire("another_event", VETO, f"its dates are of a {kinds}")


def fitting_event(question: Question, candidate: Candidate) -> Firing | None:
    """A dated event in the sentence, of the kind the question names ('when did the IEG meet'
    and a meeting)."""
    if question.ask not in {"when", "cadence"} or not candidate.events:
        return None
    kinds = {
        e["kind"]
        for e in candidate.events
        if not (e["kind"] == "resolution" and e.get("precision") == "year") or question.wants_year
    }
    wanted = asked_event_kinds(question)
    if wanted and kinds & wanted:
        return _fire(
            "fitting_event", FITTING_EVENT_POINTS, f"a {', '.join(sorted(kinds & wanted))}"
        )
    return None


DAY_POINTS = 1.0
_COARSE_TARGETS = word_set("month year season week period mois annee saison")


def day_given(question: Question, candidate: Candidate) -> Firing | None:
    """'When' is best answered by a day ('on 13 October 2015') over a month or a year alone
    ('in October', 'in 2015'), when both name the question as well: the precise sentence wins
    a tie with its vaguer neighbour."""
    if question.ask != "when" or question.wants_year or question.target in _COARSE_TARGETS:
        return None  # "during which months": a month answers
    dates = find_dates(without_dateline(candidate.hit.sentence), 2000)
    if any(m.precision == "day" for m in dates):
        return _fire("day_given", DAY_POINTS, "gives a day")
    return None


_EVENT_NOUNS = {
    "meeting": "meet met meeting session convened reunion",
    "reconvene": "reconvene again next meeting reunira nouveau prochain prochaine",
    "report": "report rapport reporting",
    "report_due": "report due next rapport",
    "cadence": "often every report",
    "resolution": "resolution resolution",
    "symbol": "record symbol issued",
    "elections": "election elections polls electoral",
    "briefing": "briefing brief",
    "visit": "visit visited",
    "mandate": "mandate expire extended until",
}


_UNTIL = re.compile(
    r"\buntil (?:when|what date|which date)\b|\bjusqu'(?:a|à) quelle date\b|\bexpir\w*"
    r"|\bextend\w* .*\buntil\b|\bmandate (?:end|run)s?\b",
    re.I,
)


def asked_event_kinds(question: Question) -> frozenset[str]:
    """The event kinds the question's words name ('until when' names a mandate's end; a
    cadence answers 'how often', never 'when')."""
    if _UNTIL.search(question.text):
        return frozenset({"mandate"})
    words = set(phrase_key(question.text).split())
    kinds = {kind for kind, nouns in _EVENT_NOUNS.items() if words & set(phrase_key(nouns).split())}
    if question.ask == "when":
        kinds.discard("cadence")
    return frozenset(kinds)


def event_kind_positions(question: Question) -> dict[str, int]:
    """Where in the question each event kind it names is first named: 'When will the Council
    be *briefed* on the next *report*?' asks for the briefing, named first."""
    words = phrase_key(question.text).split()
    positions: dict[str, int] = {}
    for kind, nouns in _EVENT_NOUNS.items():
        named = set(phrase_key(nouns).split())
        found = [i for i, word in enumerate(words) if word in named]
        if found:
            positions[kind] = found[0]
    return positions


def focus_in_sentence(question: Question, candidate: Candidate) -> Firing | None:
    """Every focus concept in the sentence itself, not only around it; for a date, a focus
    named only in the document's names leaves open whose date it is."""
    focus = [c for c in question.topics if c.role == "focus"]
    if focus and all(candidate.coverage.level(c).where == "sentence" for c in focus):
        return _fire("focus_in_sentence", FOCUS_IN_SENTENCE_POINTS, "the focus is in the sentence")
    far = [
        c
        for c in focus
        if candidate.coverage.level(c).where not in NEAR_LEVELS
        and candidate.coverage.level(c) is not HEAD_NAME
    ]
    if question.ask == "when" and far:
        names = ", ".join(c.name for c in far)
        return _fire(
            "focus_in_sentence", -2 * FOCUS_IN_SENTENCE_POINTS, f"whose date? {names} not near"
        )
    return None


def in_month(date: str, month: str) -> bool:
    """Whether an ISO date ('2019-10', '2019-10-07') falls in a month the question names
    ('2019-10', or '-10' for October of any year)."""
    return date[4:7] == month[-3:] and (month.startswith("-") or date[:4] == month[:4])


def asked_month(question: Question, candidate: Candidate) -> Firing | None:
    """A month the question names ('in November 2014', 'on 15 August') in the sentence counts
    for it; a sentence dated otherwise counts against."""
    if not question.months:
        return None
    dates = [m.date for m in find_dates(candidate.hit.sentence, candidate_year(candidate))]
    if not dates:
        return None
    for month in question.months:
        if any(in_month(d, month) for d in dates):
            return _fire("asked_month", MONTH_POINTS, f"names {month}")
    return _fire("asked_month", -MONTH_POINTS, "dated otherwise")


def candidate_year(candidate: Candidate) -> int | None:
    """The year undated dates in the sentence fall in."""
    if candidate.hit.years:
        return max(candidate.hit.years)
    return int(candidate.hit.doc_date[:4]) if candidate.hit.doc_date else None


def tense(question: Question, candidate: Candidate) -> Firing | None:
    """'When will' wants a sentence about what is to come; 'when did' is never answered by
    plans (every date after the document's own, said as what will happen)."""
    if question.ask != "when" or question.tense is None:
        return None
    sentence = without_dateline(candidate.hit.sentence)
    future = bool(_FUTURE_MARK.search(sentence)) or bool(find_relative(sentence))
    if question.tense == "future" and not future:
        dates = [m.date for m in find_dates(sentence) if m.explicit_year]
        reference = candidate.hit.dated or candidate.hit.doc_date
        if reference and dates and all(d <= reference for d in dates):
            return _fire("tense", VETO, "the sentence tells what was, not what is to come")
        return _fire("tense", -TENSE_POINTS, "the sentence tells what was, not what is to come")
    # Plans are told after the latest date a text reports on (store.docdate's "reported").
    reference = candidate.hit.dated or candidate.hit.sort_date
    if question.tense == "past" and future and reference:
        dates = [m.date for m in find_dates(sentence) if m.explicit_year]
        if dates and all(d > reference for d in dates):
            return _fire("tense", VETO, "the sentence tells what is planned, not what was")
    return None


_SOURCE_LINE = re.compile(r"^\s*(?:Source\s*:|https?://|www\.)|\bhttps?://", re.I)


def is_source_line(sentence: str) -> bool:
    """A line naming where the text comes from ("Source: ... press release SC/7077")."""
    return bool(_SOURCE_LINE.search(sentence))


def is_title_line(sentence: str) -> bool:
    """A press headline or a line naming the text's source: what the text is about, in words
    that match many questions it does not answer."""
    return is_source_line(sentence) or is_headline(sentence)


SOURCE_LINE_POINTS = 2.0


def source_line(question: Question, candidate: Candidate) -> Firing | None:
    """A line that names where the text comes from ("Source: ... press release SC/7077",
    a web address) tells what the document is, not what it says: it answers only questions
    about the document itself."""
    if not _SOURCE_LINE.search(candidate.hit.sentence):
        return None
    if any(c.about_document or c.role == "source" for c in question.concepts):
        return None
    if question.wants_symbol:
        return None
    return _fire("source_line", -SOURCE_LINE_POINTS, "a line naming the text's source")


def answer_type(question: Question, candidate: Candidate) -> Firing | None:
    """'Who' wants a person (or a post, a body) the question does not already name; 'where'
    a place; 'which countries' (members, States, delegations) countries."""
    sentence = candidate.hit.sentence
    if question.ask == "which" and (
        question.target in COUNTRY_TARGETS or _COUNTRIES_ASKED.search(question.text)
    ):
        named = [c for c in member_states_in(sentence) if c.lower() not in question.text.lower()]
        if named:
            points = ANSWER_TYPE_POINTS * min(len(named), 3)
            return _fire("answer_type", points, "names countries: " + ", ".join(named[:4]))
        return _fire("answer_type", -ANSWER_TYPE_POINTS, "names no country")
    if question.ask not in {"who", "where"}:
        return None
    if question.ask == "who":
        people = [
            p
            for p in person_names(sentence, candidate.common_words)
            if f" {phrase_key(p)} " not in f" {phrase_key(question.text)} "
        ]
        if people:
            return _fire("answer_type", 3 * ANSWER_TYPE_POINTS, "names " + ", ".join(people[:3]))
        if _POSTS.search(sentence) or names_outside(sentence, question):
            return _fire("answer_type", ANSWER_TYPE_POINTS, "names a post or a body")
        return _fire("answer_type", -ANSWER_TYPE_POINTS, "names no one the question does not")
    names = names_outside(sentence, question)
    if names and not is_headline(sentence):
        return _fire("answer_type", ANSWER_TYPE_POINTS, "names a place: " + ", ".join(names[:3]))
    return _fire("answer_type", -ANSWER_TYPE_POINTS, "names no place the question does not")


# "Which *countries* co-chaired …", "which Council *members* signed …", « quels *pays* … »: the
# stemmed targets a list of countries answers.
COUNTRY_TARGETS = word_set("country stat nation pay etat delegation government")
_COUNTRIES_ASKED = re.compile(
    r"\b(?:which|what|quels?|quelles?)\s+(?:(?:\w+\s+)?(?:countries|states|nations|delegations|"
    r"governments|pays|[ée]tats|d[ée]l[ée]gations)|(?:security\s+)?council\s+members|"
    r"membres\s+du\s+conseil)\b",
    re.I,
)
# Other ways the Member States are written in these texts.
_OTHER_STATE_NAMES = (
    "Russia", "United States of America", "USA", "Turkey", "Iran (Islamic Republic of)",
    "Bolivia (Plurinational State of)", "Venezuela (Bolivarian Republic of)", "Britain",
    "Fédération de Russie", "États-Unis", "Royaume-Uni", "Chine", "Brésil", "Irlande",
    "Norvège", "Mexique", "Suisse", "Allemagne", "Japon", "Inde", "Émirats arabes unis",
)  # fmt: skip


@lru_cache(maxsize=1)
def _member_states() -> re.Pattern[str]:
    """One pattern for every Member State's name (store/data/member_states.txt)."""
    text = resources.files("store").joinpath("data/member_states.txt").read_text("utf-8")
    names = [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]
    names += _OTHER_STATE_NAMES
    written = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{written})(?![\w-])")


def member_states_in(sentence: str) -> list[str]:
    """The Member States a sentence names, in order, once each."""
    found: list[str] = []
    for match in _member_states().finditer(sentence):
        if match.group(0) not in found:
            found.append(match.group(0))
    return found


def _people_outside(question: Question, candidate: Candidate) -> list[str]:
    """The people a sentence names that the question does not."""
    return [
        p
        for p in person_names(candidate.hit.sentence, candidate.common_words)
        if f" {phrase_key(p)} " not in f" {phrase_key(question.text)} "
    ]


def whom_the_body_names(
    question: Question, winner: Candidate, candidates: list[Candidate]
) -> Candidate | None:
    """'Who briefed the Council on Sudan?': a press headline or a source line names what was
    done and by which post ('Special Representative Urges ...'); the body names who holds it
    at first mention ('Roza Otunbayeva, Special Representative of ...'). That first sentence
    of the same text naming a person and the headline's post answers; None when the winner
    is no headline, names someone already or no post, or no such sentence is among the
    candidates."""
    if question.ask != "who":
        return None
    sentence = winner.hit.sentence
    if not is_title_line(sentence):
        return None
    if _people_outside(question, winner):
        return None
    posts = {m.group(0).lower() for m in _POSTS.finditer(sentence)} - {"general", "head"}
    if not posts:
        return None
    body = [
        c
        for c in candidates
        if c is not winner
        and c.hit.document_id == winner.hit.document_id
        and not c.vetoed
        and not is_title_line(c.hit.sentence)
        and any(p in c.hit.sentence.lower() for p in posts)
        and _people_outside(question, c)
    ]
    return min(body, key=lambda c: c.hit.position) if body else None


_WHICH_MEETING = re.compile(
    r"\b(?:which|what) (?:(?:security )?council )?meetings?\b|\bquelle s[ée]ance\b", re.I
)


def the_texts_meeting(
    question: Question, winner: Candidate, candidates: list[Candidate]
) -> Candidate | None:
    """'At which meeting was resolution 2295 adopted?': the sentence that says what was done
    rarely numbers the meeting; a press release's meeting line ('7727th Meeting (AM)') does,
    for the whole text. That line answers; None when the question asks no meeting, the
    winner numbers one already, or its text has no meeting line among the candidates."""
    if not (question.wants_meeting_number or _WHICH_MEETING.search(question.text)):
        return None
    if _MEETING_NUMBER.search(winner.hit.sentence):
        return None
    lines = [
        c
        for c in candidates
        if c.hit.document_id == winner.hit.document_id and MEETING_LINE.fullmatch(c.hit.sentence)
    ]
    return min(lines, key=lambda c: c.hit.position) if lines else None


def the_texts_date(
    question: Question, winner: Candidate, candidates: list[Candidate]
) -> Candidate | None:
    """'When was resolution 2242 adopted?': a press release's headline says what was done
    ('Security Council Unanimously Adopts Resolution 2242 (2015)') and its date line says when,
    for the whole text (meetings coverage is written the day of the meeting). The text's first
    line that is a day's date alone answers; None when the question asks no date, the winner is
    no headline or gives a day itself, or its text has no date line among the candidates."""
    if not headline_without_day(question, winner):
        return None
    lines = [
        c
        for c in candidates
        if c.hit.document_id == winner.hit.document_id and is_date_line(c.hit.sentence)
    ]
    return min(lines, key=lambda c: c.hit.position) if lines else None


def headline_without_day(question: Question, winner: Candidate) -> bool:
    """A when-question won by a headline or source line that gives no day of its own."""
    if question.ask != "when" or not is_title_line(winner.hit.sentence):
        return False
    dates = find_dates(without_dateline(winner.hit.sentence), 2000)
    return not any(m.precision == "day" for m in dates)


def is_date_line(sentence: str) -> bool:
    """A line that is a day's date alone, as the date reader reads it: "13 October 2015",
    "Tuesday, 13 October 2015", « mardi 13 octobre 2015 », "13/10/2015"."""
    mentions = find_dates(sentence, 2000)
    if len(mentions) != 1 or mentions[0].precision != "day":
        return False
    rest = sentence[: mentions[0].start] + sentence[mentions[0].end :]
    return _WEEKDAY_ALONE.fullmatch(rest) is not None


_WEEKDAY_ALONE = re.compile(
    r"\W*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|lundi|mardi|mercredi|jeudi|vendredi|"
    r"samedi|dimanche)?\W*",
    re.I,
)


def meeting_line_asked(question: Question, candidates: list[Candidate]) -> Candidate | None:
    """For 'meeting number?': the meeting line of the text whose sentences name most of the
    question, when it has one; None otherwise."""
    if not question.wants_meeting_number or not candidates:
        return None
    best = max(candidates, key=lambda c: c.coverage.fraction)
    lines = [
        c
        for c in candidates
        if c.hit.document_id == best.hit.document_id
        and not c.vetoed
        and MEETING_LINE.fullmatch(c.hit.sentence)
    ]
    return min(lines, key=lambda c: c.hit.position) if lines else None


# Capitalised words that name institutions and posts, not people.
_INSTITUTION_WORDS = word_set(
    """
    kingdom states america federation islands emirates arab great britain northern ireland
    france china russia germany spain norway sweden canada japan switzerland netherlands
    united nations security council general assembly secretary-general secretary special
    representative deputy mission office group committee commission government ministry minister
    president prime republic national international informal expert experts women peace and of
    the for on in to with human rights member members permanent ambassador head chief director
    coordinator adviser advisor department state states forces force army police union african
    european democratic agreement accord resolution report statement press release conflict
    sexual violence crsv un unicef undp unfpa ohchr unhcr ocha world bank assistance
    multidimensional integrated stabilization stabilisation operation support envoy high
    commissioner working working-group independent affairs political civil society organization
    organizations association movement front coordination platform plateforme board advisory
    executive plan action regional transitional legislative city province region district centre
    center network forum programme program fund agency unit division section initiative
    alliance coalition party council's studies institute foundation centre's peacekeeping
    peacebuilding dialogue conference summit session meeting debate panel
    nations' unies conseil sécurité commission comité ministère bureau représentant
    représentante spécial spéciale secrétaire général générale adjoint adjointe january february
    march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday
    """
)
_NAME_WORD = r"(?:[A-Z][a-zà-ÿ'’]+(?:-[A-Za-zà-ÿ'’]+)*-?|[A-Z]\.)"  # "Thomas-Greenfield"
_NEXT_NAME_WORD = rf"\s+(?:(?:al|el|bin|ben|de|da|dos|van|von|le|la|du)[- ])?{_NAME_WORD}"
_PERSON = re.compile(
    rf"(?:Mr|Mrs|Ms|Dr|H\.E)\.?\s+{_NAME_WORD}(?:{_NEXT_NAME_WORD}){{0,3}}"  # "Mr. Benomar"
    rf"|{_NAME_WORD}(?:{_NEXT_NAME_WORD}){{1,3}}"
)


# Titles and posts a surname follows alone ("Mr. Benomar", "President Touadéra").
_TITLES = word_set(
    """
    mr mrs ms dr h.e madame monsieur mme ambassador president minister secretary envoy
    representative director chief commissioner coordinator adviser advisor general colonel
    judge senator chairperson chair spokesperson spokesman spokeswoman porte-parole
    """
)
_HEADLINE_VERB = re.compile(r"\b[A-Z][a-z]+(?:es|s)\b(?<!ss)")


def is_headline(sentence: str) -> bool:
    """A press headline in Title Case, with its verb in the present ('UN Special
    Representative Concludes First Visit to Mali, Urges Commitment')."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", sentence) if len(w) > 3]
    title_case = len(words) >= 4 and sum(w[0].isupper() for w in words) / len(words) > 0.6
    verbs = [
        m.group(0)
        for m in _HEADLINE_VERB.finditer(sentence)
        if m.group(0).lower() not in _INSTITUTION_WORDS
        and m.group(0).lower() not in _country_words()
    ]
    if not (title_case and verbs and sentence.rstrip()[-1:] != "."):
        return False
    # "Press Statement by the signatories: Albania, Brazil, Ireland, Kenya": a list of names
    # in capitals, no headline
    return len(member_states_in(sentence)) < LIST_OF_STATES


LIST_OF_STATES = 3


def _is_country_word(word: str) -> bool:
    """A country's name or its people's ('Yemen', 'Yemeni', 'Malian', 'Congolese')."""
    words = _country_words()
    if word in words:
        return True
    return any(
        word.endswith(suffix) and word[: -len(suffix)] in words for suffix in _DEMONYM_ENDINGS
    )


# How a people is named after its country: Yemen-i, Mali-an, Congo-lese, Sudan-ese, Niger-ien
# (never 'Chad-wick').
_DEMONYM_ENDINGS = ("i", "n", "an", "ian", "ese", "lese", "ois", "oise", "ien", "ienne", "ais",
                    "aise", "ans", "ians")  # fmt: skip


@lru_cache(maxsize=1)
def _country_words() -> frozenset[str]:
    from store.answering.lexicon import known_countries

    return frozenset(w.lower() for c in known_countries() for w in re.findall(r"[\w'’-]+", c))


def person_names(sentence: str, common_words: frozenset[str] = frozenset()) -> list[str]:
    """Names of people in a sentence: two to four capitalised words, at least one of which
    names no institution, post or month and is never written in lower case in the document
    ('Zainab Hawa Bangura', 'Román Oyarzun'; not 'Implementation Plan')."""
    if is_headline(sentence):
        return []
    out: list[str] = []
    for match in _PERSON.finditer(sentence):
        words = re.split(r"[\s]+", match.group(0))
        own = [
            w
            for w in words
            if (w[:1].isupper() or re.match(r"(?:al|el|bin|ben)-[A-Z]", w))  # "al-Hilu"
            and w.lower().strip(".,'’") not in _INSTITUTION_WORDS
            and not _is_country_word(w.lower().strip(".,'’"))
            and w.lower().strip(".,'’") not in common_words
            and w.lower().rstrip(".") not in _TITLES
        ]
        own = [w for w in own if not w.endswith(("-", "’s", "'s"))]  # "Qosaj-", "N's": cut
        titled = any(w.lower().rstrip(".") in _TITLES for w in words[:-1])
        # A person is named by two words at least ("Roza Otunbayeva"), or one after a title or
        # a post ("Mr. Benomar", "Ambassador Thomas-Greenfield"); one capitalised word alone is
        # a place, a people or a sentence's first word ("Despite", "Syrian").
        if not titled and (
            _PLACE_BEFORE.search(sentence[: match.start()])
            or (match.start() < 3 and _DATE_AFTER.match(sentence, match.end()))
        ):
            # "attacks in Cabo Delgado", a dateline "New York, 31 March 2021": a place
            continue
        if len(own) >= 2 or (len(own) == 1 and titled):
            out.append(" ".join(own))
    return out


# A dateline's date after a name that opens a sentence: "New York, 31 March 2021", "Kabul, 8 Feb".
_DATE_AFTER = re.compile(
    rf"\s*,?\s*(?:\d{{1,2}}(?:er)?\s+(?:{MONTH_RE})\b|(?:{MONTH_RE})\.?\s+\d{{1,2}}\b)", re.I
)
# Where a capitalised name is a place: right after "in", "at", "from", "to", "near" or "à".
_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|from|to|near|across|throughout|à|au|aux|en|dans|vers|de la province de)\s+"
    r"(?:the\s+)?$",
    re.I,
)


def extra_asks(question: Question, candidate: Candidate) -> Firing | None:
    """A question asking two things ('when and where') prefers the sentence that holds both."""
    if not question.compound:
        return None
    sentence = candidate.hit.sentence
    held = 0
    holds: dict[str, Callable[[], bool]] = {
        "when": lambda: has_date(sentence),
        "who": lambda: bool(names_outside(sentence, question)),
        "where": lambda: bool(names_outside(sentence, question)),
        "count": lambda: len(figures(sentence)) >= 2,
        "duration": lambda: no_duration(question, candidate) is None,
    }
    for ask in question.asks[1:]:
        if ask in holds and holds[ask]():
            held += 1
    if not held:
        return None
    return _fire("extra_asks", EXTRA_ASK_POINTS * held, f"holds {held} more of what is asked")


def yes_or_no(question: Question, sentence: str) -> str | None:
    """'yes' or 'no' when the sentence settles a yes/no question; None when it does not say
    ('it is not clear whether …'). A sentence moving the other way than the question asks
    ('has it decreased?' — 'it has slightly increased') says no."""
    if not question.yes_no:
        return None
    if _UNSETTLED.search(sentence):
        return None
    asked = _directions(question.text)
    said = _directions(sentence)
    if asked and said and not asked & said:
        return "no"
    return "no" if _NEGATION.search(sentence) else "yes"


# Words that leave a yes/no question open: the passage answers, without a yes or a no.
_UNSETTLED = re.compile(
    r"\b(?:not (?:yet )?clear|unclear|uncertain|remains? to be (?:seen|determined)|unknown|"
    r"pas clair|incertain\w*|reste à (?:voir|déterminer))\b",
    re.I,
)
_DIRECTION_WORDS = {
    "up": re.compile(
        r"\b(?:increas\w*|rise|rose|risen|rising|grow\w*|grew|hausse|augment\w*)\b",
        re.I,
    ),
    "down": re.compile(
        r"\b(?:decreas\w*|fall|fell|fallen|drop\w*|declin\w*|baisse|diminu\w*|recul\w*)\b",
        re.I,
    ),
}


def _directions(text: str) -> set[str]:
    """Which ways a text says something moved: up, down, both or neither."""
    return {way for way, words in _DIRECTION_WORDS.items() if words.search(text)}


# Vetoes that only compare words come first, those that read the sentence's figures and dates
# after: when a veto fires the rest need not run (unless a trace is asked for).
RULES: tuple[Rule, ...] = (
    Rule("ranking", "weight", ranking),
    Rule("another_country", "veto", another_country),
    Rule("another_report", "veto", another_report),
    Rule("another_year", "veto", another_year),
    Rule("nothing_in_sentence", "veto", nothing_in_sentence),
    Rule("focus_missing", "veto", focus_missing),
    Rule("subject_missing", "veto", subject_missing),
    Rule("another_population", "veto", another_population),
    Rule("another_body", "veto", another_body),
    Rule("another_event", "veto", another_event),
    Rule("no_figure", "veto", no_figure),
    Rule("no_gender", "veto", no_gender),
    Rule("no_percentage", "veto", no_percentage),
    Rule("no_date", "veto", no_date),
    Rule("no_cadence", "veto", no_cadence),
    Rule("no_period", "veto", no_period),
    Rule("no_duration", "veto", no_duration),
    Rule("no_symbol", "veto", no_symbol),
    Rule("no_resolution", "veto", no_resolution),
    Rule("another_election", "veto", another_election),
    Rule("no_amount", "veto", no_amount),
    Rule("tense", "veto", tense),
    Rule("fitting_fact", "weight", fitting_fact),
    Rule("fitting_event", "weight", fitting_event),
    Rule("day_given", "weight", day_given),
    Rule("focus_in_sentence", "weight", focus_in_sentence),
    Rule("asked_month", "weight", asked_month),
    Rule("answer_type", "weight", answer_type),
    Rule("source_line", "weight", source_line),
    Rule("extra_asks", "weight", extra_asks),
)


def judge(question: Question, candidate: Candidate, *, complete: bool = False) -> Candidate:
    """Run the rules on the candidate, in the table's order, up to the first veto (every rule
    when `complete`, for a trace); returns it with its firings."""
    candidate.firings = []
    for rule in RULES:
        firing = rule.check(question, candidate)
        if firing is None:
            continue
        candidate.firings.append(firing)
        if firing.vetoes and not complete:
            break
    return candidate


def fact_words(fact: dict[str, Any]) -> str:
    """A stored figure's own words (who, of what, the listed items), as padded terms."""
    items = " ".join(json.loads(fact["items"])) if fact.get("items") else ""
    words = f"{fact.get('subject') or ''} {fact.get('measure') or ''} {items}"
    return f" {phrase_key(words)} "


def concept_in(concept: Concept, terms: str) -> bool:
    """Whether padded terms name the concept."""
    return any(f" {a} " in terms for a in concept.alternatives)
