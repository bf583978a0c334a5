"""Sharpening: the stored fact or event of the winning sentence that answers the question.

A sentence often holds several figures ("five budgeted posts for Women Protection and seven
for Gender"). Each is judged by the named FACT_RULES — vetoes for a figure that cannot answer
(another kind, another population, nothing the question names), points for what the question
names in the figure's own words. When none fits, the sentence itself is the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from store.answering import rules
from store.answering.lexicon import STOPWORDS, WEAK_WORDS, entity_alternatives
from store.answering.normalize import phrase_key
from store.answering.question import FIGURE_ASKS, GENDER_KEYS, Concept, Question
from store.answering.rules import VETO, Candidate, Firing
from store.chrono import parse_number_words

# How well each kind of stored figure answers each ask (the rest cannot).
KIND_FIT = {
    "share": {"share": 1.0, "change": 0.8, "count": 0.3},
    "change": {"change": 1.0, "share": 0.5, "count": 0.5},
    "count": {"count": 1.0, "change": 0.6, "list": 0.5},
    "figure": {"count": 1.0, "share": 1.0, "change": 1.0, "list": 0.5, "quota": 0.6},
    "quota": {"quota": 1.0},
}
NAMED_POINTS = 2.0  # every discriminating concept of the question in the figure's own words
NAMED_IN_CLAUSE = 0.6  # a concept named in the figure's clause only, not its own words
NAMED_IN_SENTENCE = (
    0.4  # ... or only elsewhere in its sentence ("The CAN counts 320; 96 are women")
)
COUNTED_POINTS = 0.5  # "how many *convictions*": the figure counts what was asked
KIND_POINTS = 0.5
EXTRA_WORD_POINTS = 0.05  # a figure's own word the question does not use ("*additional*")
EXTRA_WORDS_MAX = 0.5
GENDER_POINTS = 1.0
MIN_NAMED = 0.25  # of the question, by weight, that a figure's own words or clause must name
MIN_FIT = 0.3  # below this, with several figures in the sentence, the sentence says it better
SECOND_FIGURE_MARGIN = 0.5  # a second figure for "how many X and how many Y" fits nearly as well


@dataclass(frozen=True)
class FactView:
    """A stored figure with the words it is judged on."""

    fact: dict[str, Any]
    own: str  # its subject, measure and items, as padded terms
    clause: str  # the clause of its sentence it was read from, as padded terms
    sentence: str  # its whole sentence, as padded terms


# Where a sentence's clauses part: a semicolon, or a comma before a new clause ("..., and
# women's representation in the mediation team is not much better").
_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas|whilst|et|mais|tandis que)\s+")


def clause_of(fact: dict[str, Any]) -> str:
    """The clause of the quote the figure sits in."""
    quote = str(fact["quote"])
    start = max(0, fact["start_offset"] - fact.get("passage_start", fact["start_offset"]))
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(quote, 0, start)), default=0)
    right = next((m.start() for m in _CLAUSE_BREAK.finditer(quote, start)), len(quote))
    return quote[left:right]


def question_words(question: Question) -> set[str]:
    """Every term of every way of writing what the question names."""
    return {w for c in question.concepts for alt in c.alternatives for w in alt.split()}


def _discriminating(question: Question, candidate: Candidate) -> list[Concept]:
    """The question's concepts that can tell one figure of the sentence from another: not
    fillers, years, nor a name the whole document is about (in its title or masthead)."""
    return [
        c
        for c in question.topics
        if not c.weak
        and c.role != "year"
        and not (c.acronym and rules.concept_in(c, candidate.hit.head_terms))
    ]


def _names_quota(question: Question, candidate: Candidate) -> bool:
    quota = [c for c in question.topics if "quota" in c.alternatives]
    return any(rules.concept_in(c, candidate.hit.sentence_terms) for c in quota)


def wrong_kind(question: Question, view: FactView, candidate: Candidate) -> Firing | None:
    """A figure of a kind the question cannot take: a target for 'how many', a plain count
    for 'what share' (a count of a total gives a share)."""
    fact = view.fact
    if question.ask == "quota" and fact["kind"] == "share" and _names_quota(question, candidate):
        return None  # "reserves 30 per cent of seats": a share set as a target
    if fact["kind"] not in KIND_FIT.get(question.ask, {}):
        return Firing("wrong_kind", VETO, f"a {fact['kind']} does not answer '{question.ask}'")
    if question.ask == "share" and fact["kind"] == "count" and not fact.get("total"):
        return Firing("wrong_kind", VETO, "a count without its total gives no share")
    return None


def named_by_question(question: Question, view: FactView, candidate: Candidate) -> Firing | None:
    """What the question names, in the figure's own words (or its clause): the share of the
    question's discriminating concepts, by weight. A figure the question names nothing of
    answers something else."""
    asked = _discriminating(question, candidate)
    weights = {m.concept: m.weight for m in candidate.coverage.matches}
    total = sum(weights.get(c, 0.0) for c in asked)
    named = sum(
        weights.get(c, 0.0)
        * (
            1.0
            if rules.concept_in(c, view.own)
            else NAMED_IN_CLAUSE
            if rules.concept_in(c, view.clause)
            else NAMED_IN_SENTENCE
            if rules.concept_in(c, view.sentence)
            else 0.0
        )
        for c in asked
    )
    fraction = named / total if total else 0.0
    if total and fraction < MIN_NAMED and not all(c.typed in GENDER_KEYS for c in asked):
        return Firing("named_by_question", VETO, f"the figure's words name {fraction:.0%} of it")
    return Firing("named_by_question", NAMED_POINTS * fraction, f"names {fraction:.0%} of it")


def focus_outside_figure(question: Question, view: FactView, candidate: Candidate) -> Firing | None:
    """A population the question counts (mediators, police, judges) must be the figure's, in
    its own words or clause: 'women in the mediation team' is not the CSA's count in the
    clause before."""
    outside = [
        c.name
        for c in question.topics
        if c.entity == "population"
        and not rules.concept_in(c, view.own)
        and not rules.concept_in(c, view.clause)
    ]
    if outside:
        return Firing("focus_outside_figure", VETO, "the figure is not of " + ", ".join(outside))
    return None


def counts_what_was_asked(
    question: Question, view: FactView, candidate: Candidate
) -> Firing | None:
    """'How many *convictions*': the figure's own words name what was counted."""
    counted = [c for c in question.topics if c.counted]
    if counted and any(rules.concept_in(c, view.own) for c in counted):
        return Firing("counts_what_was_asked", COUNTED_POINTS, "counts what was asked")
    return None


def another_population(question: Question, view: FactView, candidate: Candidate) -> Firing | None:
    """The figure's own words name another population or body than the one asked ('the
    police ceiling' is not the troop ceiling)."""
    for kind in ("population", "body"):
        asked = [c for c in question.topics if c.entity == kind]
        if not asked or any(rules.concept_in(c, view.own) for c in asked):
            continue
        asked_names = {c.alternatives for c in asked}
        others = [
            name
            for name, alternatives in entity_alternatives(kind).items()
            if alternatives not in asked_names and any(f" {a} " in view.own for a in alternatives)
        ]
        if others:
            return Firing("another_population", VETO, f"the figure is about {', '.join(others)}")
    return None


def gender_missing(question: Question, view: FactView, candidate: Candidate) -> Firing | None:
    """'How many women ...' is not answered by a count of cases or of units: the figure
    itself must be about women (or girls, boys, men) — in its own words when women are what
    is counted, else at least in its clause ('cases involving girls')."""
    if not question.gendered:
        return None
    counts_people = question.ask == "count" and not any(c.counted for c in question.topics)
    words = view.own if counts_people else view.own + view.clause
    if candidate.hit.anaphoric:
        words += candidate.hit.context_terms  # "Only 41 of them": them, the women just named
    if rules.GENDER_TERMS.search(words):
        return None
    if question.ask == "count":
        return Firing("gender_missing", VETO, "the figure is not about women, girls or men")
    return Firing("gender_missing", -GENDER_POINTS, "the figure is not about women, girls or men")


def another_month(question: Question, view: FactView, candidate: Candidate) -> Firing | None:
    """'How many cases in October?' is not answered by August's figure of the same sentence
    ('18 cas au mois d'août, 30 en septembre et 7 en octobre')."""
    as_of = str(view.fact.get("as_of") or "")
    if not question.months or len(as_of) != 7:
        return None
    if any(rules.in_month(as_of, month) for month in question.months):
        return None
    return Firing("another_month", rules.VETO, f"the figure of {as_of}")


def not_money(question: Question, view: FactView, candidate: Candidate) -> Firing | None:
    """'How much went to the projects?', 'what budget …': a figure of money ('$1.43 million'),
    not a count of the projects."""
    if not rules.asks_money(question):
        return None
    fact = view.fact
    quote = str(fact["quote"])
    start = max(0, fact["start_offset"] - fact.get("passage_start", fact["start_offset"]))
    end = max(start, fact["end_offset"] - fact.get("passage_start", fact["start_offset"]))
    if rules.names_money(quote[max(0, start - 12) : end + 12]):  # '$1.4 million', '900 UGX'
        return None
    return Firing("not_money", rules.VETO, "a figure, not an amount of money")


def extra_words(question: Question, view: FactView, candidate: Candidate) -> Firing | None:
    """Words of the figure the question does not use ('*additional* advisers') tell it
    answers something a little different."""
    extra = set(view.own.split()) - question_words(question) - STOPWORDS - WEAK_WORDS
    if not extra:
        return None
    points = min(EXTRA_WORDS_MAX, EXTRA_WORD_POINTS * len(extra))
    return Firing("extra_words", -points, ", ".join(sorted(extra)))


def kind_fit(question: Question, view: FactView, candidate: Candidate) -> Firing | None:
    """A share answers 'what share' better than a count of a total does."""
    fit = KIND_FIT[question.ask].get(view.fact["kind"], 0.0)
    if (
        question.ask == "change"
        and view.fact["kind"] != "change"
        and view.fact.get("previous_value") is None
    ):
        fit = min(fit, 0.2)  # a figure without its earlier value says nothing of a change
    return Firing("kind_fit", KIND_POINTS * fit, f"a {view.fact['kind']}")


FactRule = Callable[[Question, FactView, Candidate], Firing | None]
FACT_RULES: tuple[FactRule, ...] = (
    wrong_kind,
    another_population,
    focus_outside_figure,
    gender_missing,
    another_month,
    not_money,
    named_by_question,
    counts_what_was_asked,
    extra_words,
    kind_fit,
)


@dataclass(frozen=True)
class JudgedFact:
    """A stored figure of the winning sentence, with what the fact rules said."""

    fact: dict[str, Any]
    firings: tuple[Firing, ...]

    @property
    def vetoed(self) -> bool:
        """Whether a veto fired."""
        return any(f.vetoes for f in self.firings)

    @property
    def fit(self) -> float:
        """The sum of the points."""
        return sum(f.effect for f in self.firings)


def judge_facts(question: Question, candidate: Candidate) -> list[JudgedFact]:
    """Every stored figure of the sentence, judged, best first (vetoed last)."""
    judged: list[JudgedFact] = []
    for fact in candidate.facts:
        view = FactView(
            fact,
            rules.fact_words(fact),
            f" {phrase_key(clause_of(fact))} ",
            candidate.hit.sentence_terms,
        )
        firings: list[Firing] = []
        for rule in FACT_RULES:
            firing = rule(question, view, candidate)
            if firing is not None:
                firings.append(firing)
                if firing.vetoes:
                    break
        judged.append(JudgedFact(fact, tuple(firings)))
    order = {id(j): i for i, j in enumerate(judged)}
    return sorted(
        judged, key=lambda j: (j.vetoed, -round(j.fit, 3) if not j.vetoed else 0, order[id(j)])
    )


def best_facts(question: Question, judged: list[JudgedFact]) -> list[dict[str, Any]]:
    """The stored figures that answer the question: one, or two for 'how many X and how
    many Y'; none when the best fits too little among several."""
    fitting = [j for j in judged if not j.vetoed]
    if not fitting:
        return []
    best = fitting[0]
    if best.fit < MIN_FIT and len(candidate_figures(judged)) > 1:
        return []
    wanted = 1 + sum(1 for ask in question.asks[1:] if ask == "count")
    chosen = [j.fact for j in fitting[:wanted] if j.fit >= best.fit - SECOND_FIGURE_MARGIN]
    return [_fuller(fact, fitting) for fact in chosen]


# How far apart a stated share and one worked out from a count of a total may be and still be
# one figure said twice ("31 of 150 seats, so that women now hold 20.7 per cent").
SAME_SHARE_POINTS = 0.15


def _fuller(fact: dict[str, Any], fitting: list[JudgedFact]) -> dict[str, Any]:
    """A share the same sentence also gives as a count of a total is answered by that count
    (31 of the 150 seats, 20.7 %): it says the share and what it is a share of."""
    if fact["kind"] != "share" or fact.get("total") or fact.get("previous_value") is not None:
        return fact  # a share with its earlier value says how it moved: it stays
    for other in fitting:
        total, value = other.fact.get("total"), other.fact.get("value")
        if (
            other.fact["kind"] in {"count", "change"}
            and total
            and value is not None
            and abs(100 * value / total - float(fact["value"])) <= SAME_SHARE_POINTS
        ):
            return other.fact
    return fact


def candidate_figures(judged: list[JudgedFact]) -> list[JudgedFact]:
    """The sentence's figures (lists aside)."""
    return [j for j in judged if j.fact["kind"] != "list"]


def unread_figures(candidate: Candidate, counts_only: bool = False) -> list[str]:
    """Figures of the sentence that no stored fact of it explains (with `counts_only`, not
    its percentages)."""
    read = set()
    for fact in candidate.facts:
        for key in ("value", "total", "previous_value"):
            if fact.get(key) is not None:
                read.add(rules.figure_key(_number_text(fact[key])))
    return [
        f
        for f in rules.figures(candidate.hit.sentence, counts_only)
        if rules.figure_key(f) not in read and not _is_word_of(f, read)
    ]


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _is_word_of(figure: str, read: set[str]) -> bool:
    """'six' (or 'twenty-one', 'sept') is the stored 6 (21, 7)."""
    value = parse_number_words(figure)
    return value is not None and str(value) in read


def lead_covers(question: Question, facts: list[dict[str, Any]]) -> bool:
    """A lead of stored figures holds as many figures as the question asks for ("how many
    candidates were women, out of how many" needs two)."""
    needed = max(sum(1 for ask in question.asks if ask in FIGURE_ASKS), question.parts)
    if question.ask == "change":
        needed = max(needed, 2)  # a change is two figures: before and after
    held = sum(
        1 + (f.get("total") is not None) + (f.get("previous_value") is not None) for f in facts
    )
    return held >= needed


def best_list(question: Question, candidate: Candidate) -> dict[str, Any] | None:
    """A stored list in the sentence whose own words the question names ("which parties were
    listed", "who are the members of the Platform")."""
    for fact in candidate.facts:
        if fact["kind"] != "list":
            continue
        own = rules.fact_words(fact)
        if any(
            rules.concept_in(c, own) for c in question.topics if not c.weak and c.role != "source"
        ):
            return fact
    return None


# --- events -------------------------------------------------------------------------------------

# The order in which a sentence's events answer an unspecific "when".
KIND_ORDER = ("reconvene", "report_due", "elections", "meeting", "resolution", "report",
              "briefing", "visit", "mandate", "symbol", "cadence", "other")  # fmt: skip
# Kinds of events that are over once the document states them ("presented a report").
PAST_KINDS = frozenset({"report", "meeting", "resolution", "symbol", "visit"})
# Kinds of events a question names by their own noun ("the visit", "the elections").
NAMED_KINDS = frozenset({"visit", "elections", "briefing", "report", "report_due", "resolution",
                         "mandate", "symbol", "cadence"})  # fmt: skip
EVENT_TARGETS = frozenset({"resolution", "resolut", "symbol", "record", "document"})


def _year_of_resolution(event: dict[str, Any]) -> bool:
    """'resolution 2242 (2015)': the year names the resolution; it does not say when."""
    return event["kind"] == "resolution" and event.get("precision") == "year"


def best_event(question: Question, candidate: Candidate) -> dict[str, Any] | None:
    """The dated event that answers a 'when' (or the cadence for 'how often'); None when the
    sentence holds several dates and none of the kind asked — it says which is which."""
    if question.ask == "cadence":
        cadences = [e for e in candidate.events if e["kind"] == "cadence"]
        return cadences[0] if cadences else None
    dated = [e for e in candidate.events if e.get("date")]
    if not question.wants_year:
        # a 'when' wants the day, which the sentence itself gives better when it has one
        dated = [e for e in dated if not _year_of_resolution(e)]
    if not dated:
        return None
    wanted = rules.asked_event_kinds(question)
    fitting = [e for e in dated if e["kind"] in wanted]
    if wanted and not fitting:
        return None
    if not wanted:
        # "When did the Commission begin its work" is not answered by a visit's date: a kind
        # of event with a noun of its own leads only when the question names it.
        dated = [e for e in dated if e["kind"] not in NAMED_KINDS]
        if not dated:
            return None
    pool = fitting or dated
    if question.tense == "future":
        # "When is the next report" is not answered by the last one: a date before the
        # document's own is what was, not what is to come.
        reference = candidate.hit.dated or candidate.hit.doc_date
        pool = [
            e
            for e in pool
            if not (reference and e["date"] < reference[: len(e["date"])])
            and not (reference is None and e["kind"] in PAST_KINDS)
        ]
        future = [
            e
            for e in pool
            if e["kind"] in {"reconvene", "report_due", "elections"}
            or (
                reference and e["date"] > reference[: len(e["date"])]
            )  # "will hold a briefing on 27 May"
        ]
        pool = future or pool
        if not pool:
            return None
    if len(pool) > 1 and not fitting:
        return None
    named_at = rules.event_kind_positions(question)
    return sorted(
        pool,
        key=lambda e: (
            named_at.get(e["kind"], 99),  # the kind the question names first
            KIND_ORDER.index(e["kind"]) if e["kind"] in KIND_ORDER else 99,
        ),
    )[0]


def named_event(question: Question, candidate: Candidate) -> dict[str, Any] | None:
    """The stored resolution or symbol a 'which resolution' or 'what symbol' question asks for
    (only when the sentence holds exactly one)."""
    wants_symbol = question.wants_symbol or question.target in {"symbol", "record", "document"}
    kind = "symbol" if wants_symbol else "resolution"
    named = [e for e in candidate.events if e["kind"] == kind]
    if kind == "symbol" and len(rules.symbols_in(candidate.hit.sentence)) > 1:
        return None  # the sentence names several symbols: it says which is which
    return named[0] if len(named) == 1 else None
