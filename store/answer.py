"""Answer a team member's question from the loaded updates: rank first, then refine.

1. Rank: BM25 over every sentence with its surroundings (the sentence before, its heading,
   the document's names), searched with every way the question's concepts can be written.
2. Judge: each of the best sentences is checked by the named rules of store.answering.rules —
   vetoes for real mismatches (another country, year, population or body; no number for "how
   many", no date for "when"), weights for what makes one answer better than another.
3. Sharpen: a stored fact or event in the winning sentence becomes the answer when it is of
   the kind asked; otherwise the sentence itself is the answer, labelled as a passage.
4. Refuse when no sentence survives the vetoes with enough of the question named.

The result is data (store.answering.types); words are rendered at the edge.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import Any

from sqlite_utils import Database

from store.answering import rules, sharpen
from store.answering.evidence import coverage, weight
from store.answering.index import (
    Hit,
    document_frequency,
    indexed,
    is_document_symbol,
    names_alone,
    neighbours,
    opens_anaphorically,
    search,
)
from store.answering.itself import date_of_text, document_itself
from store.answering.lexicon import STOPWORDS, WEAK_WORDS, Lexicon, build_lexicon
from store.answering.normalize import phrase_key
from store.answering.question import (
    FIGURE_ASKS,
    Concept,
    CountryIndex,
    Question,
    correction,
    parse_question,
    question_language,
)
from store.answering.rules import Candidate, judge
from store.answering.types import (
    Answer,
    CandidateTrace,
    Expansion,
    Explanation,
    FactTrace,
    Related,
    Source,
)
from store.db import corpus_state
from store.extract.dates import find_dates
from store.queries import fact_json
from store.series import Series, SeriesError, fact_series

SEARCHED = 32  # sentences the ranking hands to the rules
JUDGED = 16  # of those, the best by coverage are read in full and judged
MIN_COVERAGE = 0.4  # below this share of the question named, the answer is "not found"
MIN_FOCUSED_COVERAGE = 0.25  # ... unless every focus of the question is in the sentence
# A headline or source line answers only when it names this much of the question (dev sets:
# 0.6 refuses 3 more questions that must be refused and loses none answered).
MIN_TITLE_COVERAGE = 0.6
RELATED_MARGIN = 1.5  # points within which another update's answer is shown beside the winner
MAX_RELATED = 2
NEAR_SHOWN = 2

__all__ = ["Answer", "KnowledgeCache", "answer_question"]


# --- what the database knows, cached per database state ----------------------------------------


class Knowledge:
    """Lexicon, countries and vocabulary for the current set of documents."""

    def __init__(self, lexicon: Lexicon, countries: CountryIndex, sentences: int) -> None:
        self.lexicon = lexicon
        self.countries = countries
        self.sentences = sentences
        self._known: frozenset[str] | None = None
        self._corrections: dict[str, str | None] = {}
        self._frequencies: dict[frozenset[str], int] = {}
        self._common: OrderedDict[int, frozenset[str]] = OrderedDict()  # _common_words
        self._lock = threading.Lock()

    def frequency(self, key: frozenset[str], count: Callable[[], int]) -> int:
        """How many sentences name a concept, counted once per database state."""
        with self._lock:
            if key in self._frequencies:
                return self._frequencies[key]
        found = count()
        with self._lock:
            if len(self._frequencies) >= FREQUENCY_CACHE_SIZE:
                self._frequencies.clear()
            self._frequencies[key] = found
        return found

    def word_frequency(self, db: Database, word: str) -> int:
        """How many sentences use a word."""
        return self.frequency(frozenset({word}), lambda: document_frequency(db, word))

    def correct(self, db: Database, word: str) -> str | None:
        """The word of the loaded documents (or of the lexicon) a typo most likely meant,
        worked out once per word and database state."""
        with self._lock:
            if word in self._corrections:
                return self._corrections[word]
            if self._known is None:
                vocabulary = {
                    row[0] for row in db.execute("select distinct term from passage_index_vocab")
                }
                self._known = frozenset(
                    vocabulary | set(self.lexicon.by_phrase) | STOPWORDS | WEAK_WORDS
                )
            known = self._known
        fixed = correction(word, known)
        with self._lock:
            if len(self._corrections) >= FREQUENCY_CACHE_SIZE:
                self._corrections.clear()
            self._corrections[word] = fixed
        return fixed


_CACHE_SIZE = 8
FREQUENCY_CACHE_SIZE = 4096


class KnowledgeCache:
    """The Knowledge of the last few database states (a file and its current documents),
    behind a lock: each front door (store.services.Answers) owns one."""

    def __init__(self, size: int = _CACHE_SIZE) -> None:
        self.size = size
        self.entries: OrderedDict[tuple[Any, ...], Knowledge] = OrderedDict()
        self.lock = threading.Lock()


_DEFAULT_CACHE = KnowledgeCache()  # for callers that do not come through the front door


def knowledge(db: Database, cache: KnowledgeCache | None = None) -> Knowledge:
    """The Knowledge for this database as it is now (rebuilt when documents change)."""
    held = cache or _DEFAULT_CACHE
    path = db.execute("pragma database_list").fetchone()[2]
    # One row that changes with the documents (m015) and counts their sentences (m016):
    # counting the current documents here read a number of rows that grows with the corpus,
    # on every question, and counting their sentences on the first after each change.
    generation, sentences = corpus_state(db)
    key = (path, generation)
    with held.lock:
        cached = held.entries.get(key)
        if cached is not None:
            held.entries.move_to_end(key)
            return cached
    aliases = tuple(
        (row[0], row[1])
        for row in db.execute(
            "select distinct a.alias, a.expansion from aliases a join documents d"
            " on d.id = a.document_id where d.is_current = 1"
        ).fetchall()
    )
    countries = tuple(
        row[0]
        for row in db.execute(
            "select distinct country from documents where is_current = 1 and country is not null"
        ).fetchall()
    )
    built = Knowledge(build_lexicon(aliases), CountryIndex(countries), sentences)
    with held.lock:
        held.entries[key] = built
        while len(held.entries) > held.size:
            held.entries.popitem(last=False)
    return built


def _document_name(db: Database, term: str) -> bool:
    """Whether a loaded document names itself with the term (an acronym, a country)."""
    row = db.execute(
        "select 1 from search_documents_fts where search_documents_fts match ? limit 1",
        ['acronyms : "' + term.replace('"', "") + '"'],
    ).fetchone()
    return row is not None


# --- ranking and judging -------------------------------------------------------------------------


def _concept_frequency(db: Database, concept: Concept) -> int:
    """How many sentences name the concept, roughly: its commonest way of being written."""
    best = 0
    for alternative in concept.alternatives:
        words = alternative.split()
        if not words:
            continue
        best = max(best, min(document_frequency(db, w) for w in words))
    return best


def _frequencies(db: Database, question: Question, know: Knowledge) -> dict[Concept, int]:
    return {
        c: know.frequency(c.alternatives, partial(_concept_frequency, db, c))
        for c in question.concepts
    }


def _weights(
    db: Database, question: Question, sentences: int, frequencies: dict[Concept, int] | None = None
) -> dict[Concept, float]:
    counts = frequencies or {c: _concept_frequency(db, c) for c in question.concepts}
    return {c: weight(c, counts[c], sentences) for c in question.concepts}


# A concept in more sentences than this is left out of the search when rarer ones narrow it:
# ranking that many rows costs more than a question may.
COMMON_ROWS = 1500
SEARCH_ROWS = 2500  # sentences a question's search may match and rank


def _search_terms(
    question: Question, frequencies: dict[Concept, int], word_frequency: Callable[[str], int]
) -> list[str]:
    """What the ranking searches for: the ways of writing the question's concepts, rarest
    first, each concept's rarest way at least, until the sentences they match would exceed
    what a question may rank (SEARCH_ROWS). The commonest concepts ("women" is in half the
    sentences) are left out when rarer ones can narrow the search: every concept still counts
    in the coverage."""
    rare = [c for c in question.concepts if frequencies.get(c, 0) <= COMMON_ROWS]
    if not rare and question.concepts:
        rare = [min(question.concepts, key=lambda c: frequencies.get(c, 0))]

    def rows(alternative: str) -> int:
        words = [w for w in alternative.split() if w not in STOPWORDS] or alternative.split()
        return min((word_frequency(w) for w in words), default=0)

    # a way no loaded sentence writes (a French form, on English texts) can match nothing
    ways = {
        c: [a for a in sorted(c.alternatives, key=lambda a: (rows(a), a)) if rows(a) > 0]
        for c in rare
    }
    chosen = [ways[c][0] for c in rare if ways[c]]
    budget = SEARCH_ROWS - sum(rows(a) for a in chosen)
    for alternative in sorted({a for c in rare for a in ways[c][1:]}, key=lambda a: (rows(a), a)):
        if rows(alternative) > budget:
            break
        chosen.append(alternative)
        budget -= rows(alternative)
    chosen += [str(y) for y in question.years]
    return chosen


def _rows(db: Database, table: str, passage_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Facts or events of the given sentences, with their sentence's start offset."""
    out: dict[int, list[dict[str, Any]]] = {p: [] for p in passage_ids}
    if not passage_ids:
        return out
    marks = ", ".join("?" for _ in passage_ids)
    cursor = db.execute(
        f"select {table}.*, passages.start_offset as passage_start from {table}"
        f" join passages on passages.id = {table}.passage_id"
        f" where {table}.passage_id in ({marks}) order by {table}.id",
        passage_ids,
    )
    columns = [d[0] for d in cursor.description]
    for row in cursor.fetchall():
        item = dict(zip(columns, row, strict=True))
        out[item["passage_id"]].append(item)
    return out


# What a stored fact or event is, in the words a question uses for it: a sentence holding a
# quota fact answers "what quota" though it says "a minimum of 30 percent".
_FACT_KIND_WORDS = {"quota": "quota target", "change": "change", "share": "percentage share"}
_EVENT_KIND_WORDS = {
    "meeting": "meeting met",
    "reconvene": "reconvene next meeting meet again",
    "report": "report",
    "report_due": "next report due",
    "cadence": "report every",
    "resolution": "resolution adopted",
    "symbol": "document record symbol issued",
    "elections": "elections",
    "briefing": "briefing",
    "visit": "visit",
    "mandate": "mandate expires until",
}


def _kind_words(candidate: Candidate) -> str:
    words = {_FACT_KIND_WORDS.get(f["kind"], "") for f in candidate.facts}
    words |= {_EVENT_KIND_WORDS.get(e["kind"], "") for e in candidate.events}
    present = candidate.hit.sentence_terms
    return " ".join(
        t for t in phrase_key(" ".join(sorted(words))).split() if f" {t} " not in present
    )


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-zà-ÿ][\w'’-]*")
COMMON_CACHE_SIZE = 256


def _common_words(
    db: Database, know: Knowledge, document_ids: set[int]
) -> dict[int, frozenset[str]]:
    """The words each document writes in lower case: what a capitalised word that is not a
    name is written as elsewhere ('plan', 'implementation')."""
    out: dict[int, frozenset[str]] = {}
    for document_id in document_ids:
        with know._lock:  # kept with the database state's Knowledge
            cached = know._common.get(document_id)
        if cached is None:
            row = db.execute("select text from documents where id = ?", [document_id]).fetchone()
            cached = frozenset(_LOWER_WORD.findall(row[0] if row else ""))
            with know._lock:
                know._common[document_id] = cached
                while len(know._common) > COMMON_CACHE_SIZE:
                    know._common.popitem(last=False)
        out[document_id] = cached
    return out


def _recency(hit: Hit) -> tuple[str, int]:
    """Latest first: by the document's date (store.docdate), then by load order."""
    return (hit.sort_date or "", hit.document_id)


def _judged(
    db: Database, question: Question, know: Knowledge, explain: bool = False
) -> list[Candidate]:
    """The best sentences, judged by the rules, best first."""
    frequencies = _frequencies(db, question, know)
    word_frequency = partial(know.word_frequency, db)
    hits = search(db, _search_terms(question, frequencies, word_frequency), SEARCHED)
    if not hits:
        return []
    weights = _weights(db, question, know.sentences, frequencies)
    topics = question.concepts
    scored = [
        Candidate(hit, coverage(topics, weights, hit), frequencies=frequencies) for hit in hits
    ]
    scored.sort(key=lambda c: (-c.coverage.fraction, -c.hit.rank))
    chosen = scored[:JUDGED]
    ids = [c.hit.passage_id for c in chosen]
    facts = _rows(db, "facts", ids)
    events = _rows(db, "events", ids)
    common = (
        _common_words(db, know, {c.hit.document_id for c in chosen})
        if question.ask == "who"
        else {}
    )
    for candidate in chosen:
        candidate.facts = facts[candidate.hit.passage_id]
        candidate.events = events[candidate.hit.passage_id]
        candidate.common_words = common.get(candidate.hit.document_id, frozenset())
        kind_words = _kind_words(candidate)
        if kind_words:
            candidate.hit = replace(candidate.hit, kind_terms=f" {kind_words} ")
            candidate.coverage = coverage(topics, weights, candidate.hit)
        judge(question, candidate, complete=explain)
    # Best score first; among equals the latest document, then the earlier sentence (sorts
    # are stable: the last key sorted is the first that counts).
    chosen.sort(key=lambda c: c.hit.position)
    chosen.sort(key=lambda c: _recency(c.hit), reverse=True)
    chosen.sort(key=lambda c: (c.vetoed, -round(c.score, 3)))
    return chosen


# --- sharpening: the fact or event the winning sentence holds ------------------------------------


# --- composing -----------------------------------------------------------------------------------


def _source(hit: Hit, as_of: str | None = None) -> Source:
    return Source(
        document=hit.document,
        section=hit.section,
        quote=hit.sentence,
        as_of=as_of,
        document_date=hit.doc_date,
    )


PASSAGE_CHARS = 700  # a quoted passage: the sentence, and the one it points to or that goes on


def _passage_source(
    db: Database, hit: Hit, as_of: str | None, close: frozenset[int] = frozenset()
) -> Source:
    """The winning sentence as a passage: with the sentence before when it opens by pointing
    back to it ("The Mission expressed serious concern ..."), the one after when that one
    goes on from it ("We would be grateful if ...") or the sentence introduces it (":"), and a
    neighbour that answers nearly as well (`close`: positions of such sentences)."""
    around = {n.position: n for n in neighbours(db, hit) if n.section == hit.section}
    parts = [hit.sentence]
    before = around.get(hit.position - 1)
    if before is not None and (hit.anaphoric or before.position in close):
        parts.insert(0, before.sentence)
    after = around.get(hit.position + 1)
    if after is not None and (
        opens_anaphorically(after.sentence) or hit.sentence.endswith(":") or after.position in close
    ):
        parts.append(after.sentence)
    quote = " ".join(parts)
    if len(quote) > PASSAGE_CHARS:
        quote = hit.sentence
    return Source(hit.document, hit.section, quote, as_of, hit.doc_date)


NEIGHBOUR_MARGIN = 3.0  # points within which the sentence next to the winner answers as well


def _close_neighbours(winner: Candidate, survivors: list[Candidate]) -> frozenset[int]:
    """Positions of the sentences next to the winner, in its document, that scored nearly as
    well: the answer may be in either, so the passage quotes both."""
    return frozenset(
        c.hit.position
        for c in survivors
        if c is not winner
        and c.hit.document_id == winner.hit.document_id
        and abs(c.hit.position - winner.hit.position) == 1
        and c.score >= winner.score - NEIGHBOUR_MARGIN
    )


def _words(item: dict[str, Any]) -> str:
    """The words of the sentence a figure or date was read from."""
    start = item["start_offset"] - item.get("passage_start", item["start_offset"])
    end = item["end_offset"] - item.get("passage_start", item["start_offset"])
    return str(item["quote"])[max(0, start) : max(0, end)] or str(item["quote"])


def _fact_data(fact: dict[str, Any], hit: Hit) -> dict[str, Any]:
    return {**fact_json({**fact, "document": hit.document}), "words": _words(fact)}


def _event_data(event: dict[str, Any], hit: Hit) -> dict[str, Any]:
    keep = ("id", "kind", "title", "date", "precision", "approximate", "anchor_date", "cadence",
            "symbol", "section", "quote")  # fmt: skip
    data = {**{k: event[k] for k in keep}, "document": hit.document, "words": _words(event)}
    data["dates"] = _joined_dates(event, hit)
    return _with_span(data)


_DATE_JOIN = re.compile(r"\s*(?:,|and|et|to|until|till|through|au|à|-)\s*(?:the\s+)?", re.I)


def _joined_dates(event: dict[str, Any], hit: Hit) -> list[dict[str, str]]:
    """The event's date with the dates joined to it in its sentence ("held on 29 March and 19
    April 2020", "from 16 May to 31 August"), in order, each with its precision."""
    if not event.get("date"):
        return []
    mentions = find_dates(hit.sentence, int(event["date"][:4]))
    index = next((i for i, m in enumerate(mentions) if m.date == event["date"]), None)
    if index is None:
        return [{"date": event["date"], "precision": event["precision"]}]
    first = last = index
    while first > 0 and _DATE_JOIN.fullmatch(
        hit.sentence[mentions[first - 1].end : mentions[first].start]
    ):
        first -= 1
    while last + 1 < len(mentions) and _DATE_JOIN.fullmatch(
        hit.sentence[mentions[last].end : mentions[last + 1].start]
    ):
        last += 1
    return [{"date": m.date, "precision": m.precision} for m in mentions[first : last + 1]]


def _series_key(fact: dict[str, Any]) -> tuple[str, str, str]:
    return (
        str(fact["kind"]),
        phrase_key(str(fact.get("subject") or "")),
        phrase_key(str(fact.get("measure") or "")),
    )


def _related(
    question: Question, winner: Candidate, facts: list[dict[str, Any]], others: list[Candidate]
) -> list[Related]:
    """The same figure in other updates of the country ("earlier"), and, when the question
    names no country, the answer on each other loaded country ("elsewhere")."""
    out: list[Related] = []
    seen_documents = {winner.hit.document_id}
    keys = {_series_key(f) for f in facts}
    for other in others:
        if other.vetoed or other.hit.document_id in seen_documents or len(out) >= MAX_RELATED:
            continue
        same = [f for f in other.facts if _series_key(f) in keys]
        same_country = (other.hit.country or "") == (winner.hit.country or "")
        if same and same_country:
            label = "earlier" if _recency(other.hit) < _recency(winner.hit) else "also"
        elif (
            not question.countries
            and not same_country
            and other.score >= winner.score - RELATED_MARGIN
        ):
            same = sharpen.best_facts(question, sharpen.judge_facts(question, other))
            if not same:
                continue
            label = "elsewhere"
        else:
            continue
        seen_documents.add(other.hit.document_id)
        out.append(
            Related(
                label=label,
                country=other.hit.country,
                facts=[_fact_data(f, other.hit) for f in same[:1]],
                source=_source(other.hit, same[0].get("as_of") or other.hit.doc_date),
            )
        )
    return out


def _trace(
    question: Question,
    weights: dict[Concept, float] | None,
    judged: list[Candidate],
    winner: int | None,
    facts: list[sharpen.JudgedFact],
    why: str,
) -> Explanation:
    return Explanation(
        asks=list(question.asks),
        concepts=[
            {
                "name": c.name,
                "role": c.role,
                "weak": c.weak,
                "weight": round((weights or {}).get(c, 0.0), 2),
                "alternatives": sorted(c.alternatives),
            }
            for c in question.concepts
        ],
        countries=list(question.countries),
        years=sorted(question.years),
        candidates=[
            CandidateTrace(
                document=c.hit.document,
                position=c.hit.position,
                sentence=c.hit.sentence,
                score=None if c.vetoed else round(c.score, 2),
                firings=[
                    (f.rule, "veto" if f.vetoes else round(f.effect, 2), f.detail)
                    for f in c.firings
                ],
            )
            for c in judged
        ],
        winner=winner,
        facts=[
            FactTrace(
                kind=j.fact["kind"],
                words=_words(j.fact),
                fit=None if j.vetoed else round(j.fit, 2),
                firings=[
                    (f.rule, "veto" if f.vetoes else round(f.effect, 2), f.detail)
                    for f in j.firings
                ],
            )
            for j in facts
        ],
        why=why,
    )


def _refusal(
    question: Question | None,
    original: str,
    reason: str,
    near: list[Source] | None = None,
    explanation: Explanation | None = None,
) -> Answer:
    return Answer(
        question=original,
        found=False,
        kind="none",
        reason=reason,
        topics=[c.name for c in question.topics if not c.weak] if question else [],
        countries=list(question.countries) if question else [],
        unknown_countries=list(question.unknown_countries) if question else [],
        near=near or [],
        explanation=explanation,
    )


_EXPAND_TARGET = re.compile(r"\b([A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9-]*|[A-Z]{2,})\b")


def _expansion(db: Database, question: Question) -> Expansion | None:
    """The long form of the acronym a question asks about: the loaded documents' own
    definition first, then the shipped glossary."""
    french = bool(re.search(r"\b(?:french|fran[cç]ais)\b", question.text, re.I))
    for match in _EXPAND_TARGET.finditer(question.text):
        acronym = match.group(1)
        if acronym.lower() in {"what", "who", "un"} or len(acronym) < 2:
            continue
        rows = db.execute(
            "select a.expansion, a.lang, d.title, a.source from aliases a"
            " left join documents d on d.id = a.document_id"
            " where upper(a.alias) = upper(?) and (d.is_current = 1 or a.document_id is null)"
            " order by a.document_id desc",
            [acronym],
        ).fetchall()
        found = [(e, lang, title) for e, lang, title, _ in rows]
        if not found:
            from store.aliases import glossary

            found = [
                (a.expansion, a.lang, None)
                for a in glossary()
                if a.alias.upper() == acronym.upper()
            ]
        if not found:
            continue
        if french:
            found.sort(key=lambda r: (r[1] != "fr", _looks_french(r[0]) is False))
        else:
            found.sort(key=lambda r: (r[1] == "fr" or _looks_french(r[0]), r[2] is None))
        long_form, _, title = found[0]
        return Expansion(acronym=acronym, long_form=long_form, document=title)
    return None


def _looks_french(text: str) -> bool:
    return bool(
        re.search(
            r"\b(?:des|du|de la|pour|nationale?|mission multidimensionnelle|et)\b", text, re.I
        )
    )


@dataclass(frozen=True)
class Sharpened:
    """What the winning sentence's stored facts and events make of the answer."""

    kind: str  # fact | list | event | passage
    facts: list[dict[str, Any]]
    event: dict[str, Any] | None
    why: str


def _sharpen(
    question: Question, winner: Candidate, judged_facts: list[sharpen.JudgedFact]
) -> Sharpened:
    """The stored fact, list or event that answers, in the order the question's ask wants;
    else the sentence itself (a question asking two things is answered by the sentence that
    holds both)."""
    if question.wants_figure and all(ask in FIGURE_ASKS for ask in question.asks):
        facts = sharpen.best_facts(question, judged_facts)
        if facts and sharpen.lead_covers(question, facts):
            kind = "list" if facts[0]["kind"] == "list" else "fact"
            return Sharpened(kind, facts, None, "its stored figure answers")
    if question.compound:
        return Sharpened(
            "passage", [], None, "the question asks two things: the sentence says both"
        )
    if question.ask in {"who", "which"}:
        listed = sharpen.best_list(question, winner)
        if listed is not None:
            return Sharpened("list", [listed], None, "its stored list answers")
    if question.ask == "which" and (
        question.wants_symbol or question.target in sharpen.EVENT_TARGETS
    ):
        event = sharpen.named_event(question, winner)
        if event is not None:
            return Sharpened("event", [], event, "its stored symbol or resolution answers")
    if question.ask in {"when", "cadence"}:
        event = sharpen.best_event(question, winner)
        if event is not None:
            return Sharpened("event", [], event, "its dated event answers")
    return Sharpened("passage", [], None, "the sentence itself answers")


def _with_span(event: dict[str, Any]) -> dict[str, Any]:
    """The event, with the last day of the span its words give ('du 2 au 4 mars': 'last_day'
    4 March), so that the answer says the whole span, not its first day."""
    if event.get("precision") != "day" or not event.get("date"):
        return event
    year = int(str(event["date"])[:4])
    for mention in find_dates(str(event.get("quote") or event.get("words") or ""), year):
        if mention.date == event["date"] and mention.last_day:
            return {**event, "last_day": mention.last_day}
    return event


def _names_enough(candidate: Candidate) -> bool:
    """Enough of the question is named: MIN_COVERAGE of it, or MIN_FOCUSED_COVERAGE when the
    sentence itself names every focus of the question (the names and what is counted), and
    only describing words are missing."""
    fraction = candidate.coverage.fraction
    if fraction >= MIN_COVERAGE:
        return True
    focus = [m for m in candidate.coverage.matches if m.concept.role == "focus"]
    return (
        fraction >= MIN_FOCUSED_COVERAGE
        and bool(focus)
        and all(m.level.where == "sentence" for m in focus)
    )


def _winner(
    question: Question, survivors: list[Candidate]
) -> tuple[Candidate | None, list[sharpen.JudgedFact]]:
    """The best surviving sentence whose figures can answer; its stored figures judged.

    For a figure question, a sentence whose every figure was stored and none fits holds
    figures of something else (a quota, not how many women sit): it is vetoed and the next
    one is tried, as long as it names enough of the question.
    """
    for candidate in survivors:
        if not _names_enough(candidate):
            break
        title = rules.is_title_line(candidate.hit.sentence)
        if title and candidate.coverage.fraction < MIN_TITLE_COVERAGE:
            continue  # a headline or source line answers only what it names nearly all of
        judged = sharpen.judge_facts(question, candidate)
        every_figure_vetoed = judged and all(j.vetoed for j in judged)
        counts_only = question.ask == "count"
        if (
            question.wants_figure
            and every_figure_vetoed
            and not sharpen.unread_figures(candidate, counts_only=counts_only)
        ):
            candidate.firings.append(
                rules.Firing("figures_answer_else", rules.VETO, "its figures are of something else")
            )
            continue
        return candidate, judged
    return None, []


_OVER_TIME = re.compile(r"\bover time\b|\btrends?\b|\bhistory\b|\bevolution\b|\bsince\b", re.I)


def _series(db: Database, question: Question, chosen: Sharpened) -> Series | None:
    """The figure across the country's updates, when the question asks how it moved ("women
    on the CSA over time?", "how has ... changed") and two or more updates give it."""
    if chosen.kind != "fact" or not chosen.facts:
        return None
    if "change" not in question.asks and not _OVER_TIME.search(question.text):
        return None
    try:
        found = fact_series(db, int(chosen.facts[0]["id"]))
    except SeriesError:
        return None
    return found if len(found.points) >= 2 else None


def _people(question: Question, winner: Candidate, quoted: str) -> list[str]:
    """For 'who': the people the winning sentence names that the question does not; else those
    of the passage quoted with it ("She underscored …" after the sentence naming her)."""
    if question.ask != "who":
        return []
    asked = f" {phrase_key(question.text)} "
    for text in (winner.hit.sentence, quoted):
        people = [
            name
            for name in rules.person_names(text, winner.common_words)
            if f" {phrase_key(name)} " not in asked
        ]
        if people:
            return people[:3]
    return []


def _parse(db: Database, question: str, know: Knowledge) -> Question:
    return parse_question(
        question,
        know.lexicon,
        know.countries,
        lambda word: indexed(db, word),
        lambda word: know.correct(db, word),
        lambda word: _document_name(db, word),
        lambda key: is_document_symbol(db, key),
        lambda key, longer: names_alone(db, key, longer),
    )


def answer_question(
    db: Database,
    question: str,
    now: datetime | None = None,
    *,
    explain: bool = False,
    cache: KnowledgeCache | None = None,
) -> Answer:
    """The best answer the loaded updates hold, or an honest 'not found'.

    With `explain`, the answer carries the trace of every sentence judged and every rule
    that fired; its `language` is the question's, the language its dates are written in.
    """
    found = _answer_question(db, question, now, explain=explain, cache=cache)
    return replace(found, language=question_language(question))


def _answer_question(
    db: Database,
    question: str,
    now: datetime | None = None,
    *,
    explain: bool = False,
    cache: KnowledgeCache | None = None,
) -> Answer:
    if not question.strip():
        return _refusal(None, question, "empty")
    know = knowledge(db, cache)
    parsed = _parse(db, question, know)
    if know.sentences == 0:
        return _refusal(parsed, question, "no_documents")
    if parsed.unknown_countries and not parsed.countries:
        return _refusal(parsed, question, "unknown_country")
    topics = [c for c in parsed.topics if not c.weak and c.role != "number"]
    if not topics and not parsed.years:
        return _refusal(parsed, question, "no_topic")
    if parsed.ask == "expand":
        expansion = _expansion(db, parsed)
        if expansion is not None:
            return Answer(
                question=question,
                found=True,
                kind="expansion",
                expansion=expansion,
                topics=[c.name for c in topics],
            )
    said = document_itself(db, parsed)
    if said is not None:
        return said
    judged = _judged(db, parsed, know, explain)
    weights = _weights(db, parsed, know.sentences) if explain else None
    survivors = [c for c in judged if not c.vetoed]
    numbered = rules.meeting_line_asked(parsed, judged)
    if numbered is not None and not (survivors and _names_enough(survivors[0])):
        # "Meeting number for the debate?": the meeting line of the text the question names
        # most of answers, though it names little of the question itself
        numbered.firings.append(
            rules.Firing("the_texts_meeting", 0.0, "the text's meeting line numbers its meeting")
        )
        return _answer(db, parsed, question, numbered, [], judged, weights, explain)
    if not survivors or not _names_enough(survivors[0]):
        by_coverage = sorted(judged, key=lambda c: -c.coverage.fraction)
        why = (
            "every sentence was vetoed"
            if not survivors
            else f"the best sentence names {survivors[0].coverage.fraction:.0%} of the question"
            f" (at least {MIN_COVERAGE:.0%} needed)"
        )
        trace = _trace(parsed, weights, judged, None, [], why) if explain else None
        near = [_source(c.hit) for c in by_coverage[:NEAR_SHOWN]]
        return _refusal(parsed, question, "not_found", near, trace)
    winner, judged_facts = _winner(parsed, survivors)
    if winner is None:
        trace = (
            _trace(parsed, weights, judged, None, [], "no sentence names enough and answers it")
            if explain
            else None
        )
        near = [_source(c.hit) for c in survivors[:NEAR_SHOWN]]
        return _refusal(parsed, question, "not_found", near, trace)
    survivors = [c for c in judged if not c.vetoed]
    named = rules.whom_the_body_names(parsed, winner, survivors)
    if named is not None:
        named.firings.append(
            rules.Firing(
                "whom_the_body_names", 0.0, "the headline names what was done; this names who"
            )
        )
        winner, judged_facts = named, sharpen.judge_facts(parsed, named)
    dated = rules.the_texts_date(parsed, winner, judged)
    if dated is not None:
        dated.firings.append(
            rules.Firing(
                "the_texts_date", 0.0, "the headline says what was done; its date line when"
            )
        )
        winner, judged_facts = dated, []
    elif rules.headline_without_day(parsed, winner):
        # no date line among the sentences: the text's masthead date is its own
        said = date_of_text(db, parsed, winner.hit.document_id)
        if said is not None:
            return said
    meeting = rules.the_texts_meeting(parsed, winner, judged)
    if meeting is not None:
        meeting.firings.append(
            rules.Firing("the_texts_meeting", 0.0, "the text's meeting line numbers its meeting")
        )
        winner, judged_facts = meeting, []
    return _answer(db, parsed, question, winner, judged_facts, judged, weights, explain)


def _answer(
    db: Database,
    parsed: Question,
    question: str,
    winner: Candidate,
    judged_facts: list[sharpen.JudgedFact],
    judged: list[Candidate],
    weights: dict[Concept, float] | None,
    explain: bool,
) -> Answer:
    """The answer the winning sentence gives: sharpened to its stored fact, list or event
    when one fits, else the sentence itself."""
    survivors = [c for c in judged if not c.vetoed]
    topics = [c for c in parsed.topics if not c.weak and c.role != "number"]
    hit = winner.hit
    chosen = _sharpen(parsed, winner, judged_facts)
    why = f"best score {winner.score:.2f}"
    if len(survivors) > 1:
        why += f" (next {survivors[1].score:.2f})"
    trace = (
        _trace(parsed, weights, judged, judged.index(winner), judged_facts, f"{why}; {chosen.why}")
        if explain
        else None
    )
    related: list[Related] = []
    series = _series(db, parsed, chosen)
    if chosen.kind in {"fact", "list"} and chosen.facts:
        as_of = chosen.facts[0].get("as_of") or hit.doc_date
        if chosen.kind == "fact":
            related = _related(parsed, winner, chosen.facts, [c for c in judged if c is not winner])
    elif chosen.event is not None:
        as_of = chosen.event.get("date")
    else:
        as_of = hit.doc_date
    quoted = (
        _passage_source(db, hit, as_of, _close_neighbours(winner, survivors))
        if chosen.kind == "passage"
        else _source(hit, as_of)
    )
    return Answer(
        question=question,
        found=True,
        kind=chosen.kind,
        facts=[_fact_data(f, hit) for f in chosen.facts],
        event=_event_data(chosen.event, hit) if chosen.event else None,
        passage=_source(hit),
        sources=[quoted, *[r.source for r in related]],
        related=related,
        yes_no=rules.yes_or_no(parsed, hit.sentence) if chosen.kind == "passage" else None,
        names=_people(parsed, winner, quoted.quote) if chosen.kind == "passage" else [],
        topics=[c.name for c in topics],
        countries=list(parsed.countries),
        series=series,
        explanation=trace,
    )
