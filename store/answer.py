"""Answer a team member's question from the stored facts, events and passages.

Retrieval is FTS5 (BM25) over each fact, event and sentence, searched with every way the
question's concepts can be written (synonyms, acronyms and their English and French long forms).
Each candidate is then checked concept by concept: a candidate that misses a concept the question
names is not an answer, so a figure about military personnel never answers a question about
police. When no fact or event fits, the best sentence is quoted as a passage; when nothing fits,
the reply says so and names the nearest topics the updates do cover.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from store.answering.index import Candidate, TermGroup, candidates
from store.answering.lexicon import STOPWORDS, Lexicon, build_lexicon
from store.answering.normalize import fold, phrase_key
from store.answering.question import Concept, CountryIndex, Question, parse_question
from store.extract.dates import find_cadences, find_dates, format_date, part_of
from store.extract.numbers import format_number
from store.queries import fact_json

CONTEXT_CREDIT = 0.7  # a name matched in the sentence before, or elsewhere in the document
MAX_SOURCES = 3
MAX_SCORED = 12  # candidates read in full and scored, newest first
CANDIDATES = 40  # newest rows naming the question's anchor concepts


@dataclass(frozen=True)
class Source:
    """Where an answer comes from."""

    document: str
    section: str
    quote: str
    as_of: str | None = None


@dataclass
class Answer:
    """What the user reads, plus the structured facts and sources behind it."""

    question: str
    found: bool
    answer: str
    kind: str = "none"  # fact | event | list | passage | none
    facts: list[dict[str, Any]] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The object `wpsbot ask --json` prints."""
        return {
            "question": self.question,
            "found": self.found,
            "answer": self.answer,
            "kind": self.kind,
            "facts": self.facts,
            "sources": [asdict(source) for source in self.sources],
        }


# --- what the database knows, cached per database state ----------------------------------------


@dataclass
class Knowledge:
    """Lexicon and countries for the current set of documents."""

    lexicon: Lexicon
    countries: CountryIndex
    _vocabulary: frozenset[str] | None = None

    def vocabulary(self, db: Database) -> frozenset[str]:
        """Every indexed term (read once, only when a question has an unknown word)."""
        if self._vocabulary is None:
            self._vocabulary = frozenset(
                row[0] for row in db.execute("select term from search_items_vocab").fetchall()
            )
        return self._vocabulary


_cache: dict[tuple[Any, ...], Knowledge] = {}
_cache_lock = threading.Lock()


def knowledge(db: Database) -> Knowledge:
    """The Knowledge for this database as it is now (rebuilt when documents change)."""
    path = db.execute("pragma database_list").fetchone()[2]
    count, last = db.execute(
        "select count(*), max(id) from documents where is_current = 1"
    ).fetchone()
    key = (path, count, last)
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
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
    built = Knowledge(build_lexicon(aliases), CountryIndex(countries))
    with _cache_lock:
        for stale in [k for k in _cache if k[0] == path]:
            del _cache[stale]
        _cache[key] = built
    return built


def _document_name(db: Database, term: str) -> bool:
    """Whether a loaded document names itself with the term (an acronym, a country)."""
    row = db.execute(
        "select 1 from search_documents_fts where search_documents_fts match ? limit 1",
        ['acronyms : "' + term.replace('"', "") + '"'],
    ).fetchone()
    return row is not None


def _indexed(db: Database, term: str) -> bool:
    """Whether any loaded sentence has the term (a typo has none)."""
    row = db.execute("select 1 from search_items_vocab where term = ? limit 1", [term]).fetchone()
    return row is not None


# --- scoring ----------------------------------------------------------------------------------


@dataclass
class Scored:
    """A candidate that names every concept the question needs, with its score."""

    candidate: Candidate
    score: float
    row: dict[str, Any]


def _level(concept: Concept, candidate: Candidate) -> float:
    if any(f" {alt} " in candidate.local for alt in concept.alternatives):
        return 1.0
    if (concept.proper or concept.weak) and any(
        f" {alt} " in candidate.context for alt in concept.alternatives
    ):
        return CONTEXT_CREDIT
    return 0.0


def _own_words(item_type: str, row: dict[str, Any]) -> str:
    if item_type == "fact":
        items = " ".join(json.loads(row["items"])) if row.get("items") else ""
        return f" {phrase_key(row['subject'] + ' ' + row['measure'] + ' ' + items)} "
    if item_type == "event":
        return f" {phrase_key(row['title'])} "
    return " "


_NEXT = re.compile(r"\b(?:next|upcoming|prochaine?)\b", re.I)

# The word a question uses for an event of each kind (as a stemmed term).
_KIND_NOUNS = {
    kind: phrase_key(noun)
    for kind, noun in {
        "resolution": "resolution",
        "symbol": "record",
        "elections": "election",
        "briefing": "briefing",
        "visit": "visit",
        "report": "report",
        "report_due": "report",
        "mandate": "mandate",
    }.items()
}


def _kind_fit(
    question: Question, item_type: str, row: dict[str, Any], reference: str | None = None
) -> float | None:
    """How well an item's kind answers the question's type; None when it cannot answer it."""
    qtype = question.qtype
    if item_type == "passage":
        return 0.0
    if item_type == "event":
        if question.wants_figure and qtype != "when":
            return None  # "women in the assembly?" is not answered by a date
        if qtype == "cadence":
            return {"cadence": 3.0, "report_due": 1.0}.get(row.get("kind") or "")
        if qtype != "when":
            if qtype in {"count", "share", "change", "quota"}:
                return None
            # "Which resolution renewed the mission?" is answered by the resolution event.
            return 2.0 if row.get("kind") in question.asked_kinds else 0.2
        if not row.get("date") and row.get("kind") != "cadence":
            return None
        if question.tense == "past" and reference and (row.get("date") or "") > reference:
            # "When did the IEG last meet" is not answered by a meeting the update (as of its
            # own date) still plans.
            return None
        event_fit = 2.5
        kind = row.get("kind")
        if kind == "cadence" and not any("report" in c.alternatives for c in question.concepts):
            return 0.5  # "every 90 days" answers when reports come, not other dates
        if question.tense == "future" and kind in {"report_due", "reconvene", "elections"}:
            event_fit += 0.6
        if question.tense == "past" and kind in {"report", "meeting", "resolution"}:
            event_fit += 0.6
        if kind in {"report", "meeting"} and _NEXT.search(question.text):
            return None  # "the next report" is not the last one
        if question.tense == "past" and kind in {"reconvene", "report_due"}:
            event_fit -= 0.6  # a planned date answers "when will", not "when was"
        has_noun = kind in _KIND_NOUNS
        named = kind in question.asked_kinds
        if question.asked_kinds and has_noun and not named:
            return None  # "when is the next report" is not answered by a resolution's date
        if kind == "other" or (kind == "symbol" and not named):
            event_fit -= 1.0
        if has_noun and not named:
            # A resolution's date answers "when was resolution 1325 adopted", not "when did
            # the country adopt its NAP": a kind with its own noun needs the question to say it.
            event_fit -= 1.2
        return event_fit
    kind, unit = row["kind"], row["unit"]
    if qtype in {"when", "cadence"}:
        return None
    table = {
        "list": {"list": 3.0},
        "change": {"change": 3.0},
        "share": {"share": 3.0, "change": 2.0 if unit == "percent" else 0.0},
        "quota": {"quota": 3.0},
        "count": {"count": 3.0, "list": 1.5, "share": 0.5},
        "figure": {"count": 2.0, "share": 2.0, "change": 2.0, "quota": 1.5, "list": 1.5},
    }
    fit = table[qtype].get(kind)
    if qtype == "change" and kind != "change" and row.get("previous_value") is not None:
        fit = 2.5
    if qtype == "share" and kind == "count" and row.get("total"):
        fit = 2.0  # a count of a total gives the share too
    if qtype == "figure" and kind == "count" and row.get("total"):
        fit = 2.3  # "women in the assembly?": 42 of 150 says more than 28 %
    if kind == "quota" and qtype != "quota" and not _mentions_quota(question):
        return None  # a quota is a target, not what the figure is now
    return fit


def _mentions_quota(question: Question) -> bool:
    return any("quota" in c.alternatives for c in question.concepts)


def _counts_it(question: Question, own: str, row: dict[str, Any]) -> bool:
    """Whether a count is of what the question counts: named in its own words or clause."""
    clause = f" {phrase_key(_clause_of(row))} "
    return any(
        f" {alt} " in own or f" {alt} " in clause
        for concept in question.counted
        for alt in concept.alternatives
    )


def _clause_of(row: dict[str, Any]) -> str:
    """The clause of the quote the figure sits in (between semicolons or sentence ends)."""
    quote = str(row["quote"])
    start = max(0, row["start_offset"] - row.get("passage_start", row["start_offset"]))
    left = quote.rfind(";", 0, start) + 1
    right = quote.find(";", start)
    return quote[left : right if right != -1 else len(quote)]


_GENDERED = re.compile(r" (?:women|woman|girl|men|man|boy|femm|fill|gender) ")


_GENDER_WORDS = re.compile(r"\b(?:women|woman|female|females|girls?|men|male|femmes?|filles?)\b")


def _asks_gender(question: Question) -> bool:
    """The question names women, girls or men themselves ("gender unit" does not; nor does
    "Women's Advisory Board", a name)."""
    text = re.sub(r"\b(?:women|woman)'s\s+[A-Z]\w+", "", question.text)
    return bool(_GENDER_WORDS.search(fold(text)))


def _score(
    question: Question, candidate: Candidate, row: dict[str, Any]
) -> tuple[float | None, list[Concept]]:
    """The candidate's score, or None with the concepts it misses."""
    missing: list[Concept] = []
    score = 0.0
    own = _own_words(candidate.item_type, row)
    # A dated sentence of no particular kind answers only what it names itself.
    loose = candidate.item_type == "event" and row.get("kind") == "other"
    for concept in question.concepts:
        level = _level(concept, candidate)
        nearby = level == 1.0 or any(
            f" {alt} " in candidate.previous for alt in concept.alternatives
        )
        if level == 0.0 or (loose and not nearby and not concept.weak):
            if not concept.weak:
                missing.append(concept)
            continue
        score += concept.weight * level
        if any(f" {alt} " in own for alt in concept.alternatives):
            # Named in the figure's own words, not just its sentence: what tells apart two
            # figures of one sentence ("5.9 % of military contingents, 22.4 % of police").
            score += 0.5 if concept.proper else 0.5 * concept.weight
    if missing:
        return None, missing
    fit = _kind_fit(question, candidate.item_type, row, candidate.doc_date)
    if fit is None:
        return None, []
    if (
        candidate.item_type == "fact"
        and row["kind"] == "count"
        and question.counted
        and not _counts_it(question, own, row)
    ):
        # "How many Women Protection Advisers?" needs a count *of* them, not another count
        # in a sentence that mentions them.
        return None, []
    if (
        candidate.item_type == "fact"
        and question.asks_gender
        and not _GENDERED.search(own)
        and not _GENDERED.search(f" {phrase_key(_clause_of(row))} ")
    ):
        # "How many women in the cabinet?" is not answered by a list of signatories or a
        # count of cases: the figure itself must be about women (or girls, or men).
        if row["kind"] in {"list", "quota"} or question.qtype == "count":
            return None, []  # "how many women ..." is not answered by a count of units
        score -= 1.0
    if candidate.item_type == "fact":
        # A figure about something the question did not ask ("vacant", "girls") ranks lower.
        extra = set(own.split()) - question.asked_words - STOPWORDS - {"women", "woman"}
        if extra:
            extra -= set(candidate.context.split())  # the document's own names are not extra
        score -= min(1.0, 0.2 * len(extra))
    return score + fit, []


def _rows(db: Database, table: str, ids: list[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    sql = f"select * from {table} where id in ({marks})"
    if table == "passages":
        sql = (
            "select passages.*, exists (select 1 from facts where facts.passage_id = passages.id)"
            f" as has_facts from passages where passages.id in ({marks})"
        )
    if table in {"facts", "events"}:
        # With the sentence's offset, the item's own words can be cut from the quote.
        sql = (
            f"select {table}.*, passages.start_offset as passage_start from {table}"
            f" join passages on passages.id = {table}.passage_id where {table}.id in ({marks})"
        )
    cursor = db.execute(sql, ids)
    columns = [d[0] for d in cursor.description]
    return {row[0]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}


def _anchors(needed: list[Concept]) -> list[Concept]:
    """Concepts an item's own sentence must name: every common noun; and when the question
    names only acronyms and names (plus "women"), at least one of those."""
    common = [c for c in needed if not c.proper]
    if any(c.name != "women" for c in common):
        return common
    return common + [c for c in needed if c.proper][:1]


def _term_groups(needed: list[Concept]) -> list[TermGroup]:
    anchors = _anchors(needed)
    return [TermGroup(tuple(sorted(c.alternatives)), c in anchors) for c in needed]


def _names_all(required: list[tuple[Concept, float]], candidate: Candidate) -> bool:
    return all(_level(concept, candidate) >= level for concept, level in required)


def _rank(
    db: Database, question: Question, found: list[Candidate]
) -> tuple[list[Scored], list[Candidate]]:
    """Candidates that answer the question, best first; and near misses for 'not found'."""
    # The concept check needs only the indexed terms: read details for the survivors only,
    # and sentences only when no fact or event survives.
    needed = [c for c in question.concepts if not c.weak]
    anchors = _anchors(needed)
    required = [(c, 1.0 if c in anchors else CONTEXT_CREDIT) for c in needed]
    passing = [_names_all(required, c) for c in found]
    near_misses = [c for c, ok in zip(found, passing, strict=True) if not ok]
    survivors = [c for c, ok in zip(found, passing, strict=True) if ok]
    scored: list[Scored] = []
    for kinds in (("fact", "event"), ("passage",)):
        chosen = [c for c in survivors if c.item_type in kinds][:MAX_SCORED]
        details = {
            kind: _rows(db, _TABLES[kind], [c.item_id for c in chosen if c.item_type == kind])
            for kind in kinds
        }
        for candidate in chosen:
            row = details[candidate.item_type].get(candidate.item_id)
            if row is None:
                continue
            score, _ = _score(question, candidate, row)
            if score is not None:
                scored.append(Scored(candidate, score, row))
        if scored:
            break
    # Best score first; among equals the most recent document first.
    scored.sort(key=lambda s: (-round(s.score, 3), -_recency(s.candidate)))
    return scored, near_misses


_TABLES = {"fact": "facts", "event": "events", "passage": "passages"}


def _recency(candidate: Candidate) -> float:
    date = candidate.doc_date or ""
    digits = re.sub(r"\D", "", date)[:8].ljust(8, "0")
    return int(digits or 0) * 1e7 + candidate.document_id


# --- composing the reply --------------------------------------------------------------------


def _pct(value: float, total: float) -> str:
    return f"{100 * value / total:.1f} %"


def _date_text(iso: str | None) -> str:
    if not iso:
        return ""
    precision = {4: "year", 7: "month"}.get(len(iso), "day")
    return format_date(iso, precision, False)


_HELD = frozenset({"seats", "posts", "positions", "places", "sièges", "postes", "portfolios"})


def _span(row: dict[str, Any]) -> str:
    """The words of the sentence the figure was read from."""
    start = row["start_offset"] - row.get("passage_start", row["start_offset"])
    end = row["end_offset"] - row.get("passage_start", row["start_offset"])
    span = str(row["quote"])[max(0, start) : max(0, end)]
    return span or str(row["quote"])


def _fact_text(row: dict[str, Any]) -> str:
    kind, unit = row["kind"], row["unit"]
    value, total = row["value"], row["total"]
    v = format_number(value)
    pct = " %" if unit == "percent" else ""
    subject, measure = row["subject"] or "", row["measure"] or ""
    gender = subject in {"women", "men", "girls", "boys"}
    if kind == "list":
        items = json.loads(row["items"] or "[]")
        return f"{measure[:1].upper()}{measure[1:]}: {'; '.join(items)}."
    if kind == "change":
        # "Women among female military observers" says women twice.
        named = subject and subject not in measure.split() and subject != measure.split()[0:1]
        who = f"{subject[:1].upper()}{subject[1:]} among {measure}" if named else measure
        who = who[:1].upper() + who[1:]
        prev = format_number(row["previous_value"])
        since = f" ({_date_text(row['previous_as_of'])})" if row["previous_as_of"] else ""
        until = f" ({_date_text(row['as_of'])})" if row["as_of"] else ""
        before = row["previous_value"] or 0
        if (value or 0) == before:
            return f"{who}: unchanged at {v}{pct}{since}{until}."
        direction = "fell" if (value or 0) < before else "rose"
        if row.get("total"):
            # "rose from 19 to 31 of 150 seats"
            who = f"{subject[:1].upper()}{subject[1:]}" if subject else "The figure"
            of = f" of the {format_number(row['total'])} {measure}".rstrip()
            return f"{who}: {direction} from {prev}{since} to {v}{of}{until}."
        return f"{who}: {direction} from {prev}{pct}{since} to {v}{pct}{until}."
    if kind == "quota":
        target = f" {measure}" if measure else ""
        return f"A {v}{pct} quota for {subject or 'women'}{target}."
    if kind == "share":
        tail = f" were {subject}" if gender and subject not in measure.split() else ""
        share_notes: list[str] = []
        if row.get("previous_value") is not None:
            since = f" in {_date_text(row['previous_as_of'])}" if row["previous_as_of"] else ""
            way = "down" if row["previous_value"] > (value or 0) else "up"
            earlier = format_number(row["previous_value"])
            share_notes.append(f"{way} from {earlier}{pct}{since}")
        end = f" ({', '.join(share_notes)})." if share_notes else "."
        return f"{v}{pct} of {measure}{tail}{end}"
    notes: list[str] = []
    if total:
        notes.append(_pct(value, total))
    if row.get("qualifier") in {"documented", "verified", "reported", "alleged", "recorded"}:
        notes.append(row["qualifier"])
    if row.get("previous_value") is not None:
        since = f" in {_date_text(row['previous_as_of'])}" if row["previous_as_of"] else ""
        if row["previous_value"] == value:
            notes.append(f"unchanged since{since or ' before'}")
        else:
            way = "down" if row["previous_value"] > (value or 0) else "up"
            notes.append(f"{way} from {format_number(row['previous_value'])}{since}")
    tail = f" ({', '.join(notes)})." if notes else "."
    if total is None:
        return f"{v} {measure}{tail}"
    t = format_number(total)
    # "21-member cabinet" already says how many there are.
    of = f"the {measure}" if measure.startswith(f"{t}-") else f"the {t} {measure}"
    if gender and measure.split()[:1] and measure.split()[0] in _HELD:
        # "Women hold 2 of the 15 seats on the CND": seats are held, not women.
        return f"{subject.capitalize()} hold {v} of {of}{tail}"
    if gender and subject not in measure.split():
        noun = {"women": "woman", "men": "man", "girls": "girl", "boys": "boy"}[subject]
        who = f"is a {noun}" if value == 1 else f"are {subject}"
        return f"{v} of {of} {who}{tail}"
    if subject and (subject in measure.split() or subject.split()[0] in measure.split()[:3]):
        return f"{v} of {of}{tail}"  # "19 of the 48 cases ended in convictions"
    # "37 of 113 — “37 victims from the backlog of 113 cases”": the figure's own words
    return f"{v} of {t} — “{_span(row)}”{tail}"


_RELATIVE = re.compile(
    r"\b(?:in\s+)?((?:approximately|about|around|roughly|some|dans environ|environ)\s+\w+\s+"
    r"(?:months?|weeks?|days?|years?|mois|semaines|jours|ans))",
    re.I,
)


def _event_text(row: dict[str, Any], quote: str) -> str:
    # "early March" is kept as March, approximate; its own words say which part of the month.
    part = part_of(_span(row)) if row.get("precision") == "month" else None
    when = format_date(row["date"], row["precision"], bool(row["approximate"]), part)
    title = row["title"]
    if row["kind"] == "cadence":
        return f"{title}." if row["cadence"] in title else f"{title} (every {row['cadence']})."
    text = f"{title}: {when}"
    relative = _RELATIVE.search(quote)
    if row["approximate"] and relative and row.get("anchor_date"):
        anchor = format_date(row["anchor_date"], "day", False)
        text += f" — “{relative.group(1)}” after {anchor}"
    return text + "."


def _as_of(item_type: str, row: dict[str, Any], candidate: Candidate) -> str | None:
    if item_type == "fact":
        return row.get("as_of") or candidate.doc_date
    if item_type == "event":
        return row.get("date")
    return candidate.doc_date


def _source(item_type: str, row: dict[str, Any], candidate: Candidate) -> Source:
    if item_type == "passage":
        section, quote = row["section"], row["sentence"]
    else:
        section, quote = row["section"], row["quote"]
    return Source(candidate.document, section or "", quote, _as_of(item_type, row, candidate))


def _where(source: Source, dated: bool = True) -> str:
    section = f", “{source.section}”" if source.section else ""
    as_of = f" (as of {_date_text(source.as_of)})" if source.as_of and dated else ""
    return f"{source.document}{section}{as_of}"


def _fact_json(row: dict[str, Any], document: str) -> dict[str, Any]:
    return fact_json({**row, "document": document})


def _same_fact(a: Scored, b: Scored) -> bool:
    """Two documents stating the same figure about the same thing."""
    if (
        a.candidate.item_type != b.candidate.item_type
        or a.candidate.document_id == b.candidate.document_id
    ):
        return False
    keys = ("kind", "subject", "measure") if a.candidate.item_type == "fact" else ("kind",)
    return all(
        phrase_key(str(a.row.get(k) or "")) == phrase_key(str(b.row.get(k) or "")) for k in keys
    )


def _elsewhere(top: Scored, other: Scored) -> bool:
    """As good an answer from another country's update, when the question named no country."""
    return (
        other.candidate.country != top.candidate.country
        and other.candidate.item_type == top.candidate.item_type
        and other.row.get("kind") == top.row.get("kind")
        and other.score >= top.score - 0.6
    )


def _one_per_document(scored: list[Scored]) -> list[Scored]:
    seen: set[int] = set()
    kept: list[Scored] = []
    for item in scored:
        if item.candidate.document_id not in seen:
            seen.add(item.candidate.document_id)
            kept.append(item)
    return kept


def _compose(question: Question, best: list[Scored]) -> Answer:
    top = best[0]
    item_type = top.candidate.item_type
    row = top.row
    source = _source(item_type, row, top.candidate)
    if item_type == "fact":
        headline = _fact_text(row)
        kind = "list" if row["kind"] == "list" else "fact"
    elif item_type == "event":
        headline = _event_text(row, source.quote)
        kind = "event"
    else:
        headline = f"Not a recorded figure, but this passage looks relevant: “{source.quote}”"
        kind = "passage"
    earlier = [s for s in best[1:] if _same_fact(top, s) or _elsewhere(top, s)]
    earlier = _one_per_document(earlier)[: MAX_SOURCES - 1]
    lines = [headline]
    dated = item_type == "fact"
    if item_type != "passage":
        lines.append(f"“{source.quote}” — {_where(source, dated)}")
    else:
        lines.append(f"— {_where(source)}")
    sources = [source]
    facts = [_fact_json(row, top.candidate.document)] if item_type == "fact" else []
    for other in earlier:
        other_source = _source(other.candidate.item_type, other.row, other.candidate)
        other_text = (
            _fact_text(other.row)
            if other.candidate.item_type == "fact"
            else _event_text(other.row, other_source.quote)
        )
        label = (
            "Earlier"
            if other.candidate.country == top.candidate.country
            else f"Also, on {other.candidate.country or other.candidate.document}"
        )
        lines.append(f"{label}: {other_text} — {_where(other_source, dated)}")
        sources.append(other_source)
        if other.candidate.item_type == "fact":
            facts.append(_fact_json(other.row, other.candidate.document))
    return Answer(question.original, True, "\n".join(lines), kind, facts, sources)


def _not_found(question: Question, near: list[Candidate], db: Database) -> Answer:
    topic = ", ".join(c.name for c in question.concepts if not c.weak) or question.text
    where = f" on {', '.join(question.countries)}" if question.countries else ""
    text = f"The loaded updates{where} don't answer that ({topic})."
    if question.unknown_countries and not question.countries:
        text = (
            f"No update on {', '.join(question.unknown_countries)} is loaded, so I can't answer "
            "that."
        )
    topics: list[str] = []
    # Nearest first: the items naming most of the question's concepts, figures before prose.
    near = sorted(
        near,
        key=lambda c: (
            -sum(_level(concept, c) > 0 for concept in question.concepts),
            c.item_type != "fact",
        ),
    )
    details = {
        kind: _rows(db, table, [c.item_id for c in near if c.item_type == kind])
        for kind, table in _TABLES.items()
    }
    for candidate in near:
        row = details[candidate.item_type].get(candidate.item_id)
        if row is None:
            continue
        sentence = row.get("sentence") or row.get("quote") or ""
        snippet = sentence if len(sentence) <= 90 else sentence[:87] + "…"
        if snippet not in topics:
            topics.append(snippet)
        if len(topics) == 2:
            break
    if topics:
        text += " Nearest in the updates: " + " | ".join(f"“{t}”" for t in topics)
    return Answer(question.original, False, text)


# A figure, not a year: "214", "1.78", "six"; "2016" alone is a date, not an answer to "how many".
_HAS_FIGURE = re.compile(
    r"(?<![\d/])(?!(?:19|20)\d\d\b)\d+(?:[.,]\d+)?(?![\d/])"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozen|hundred)\b",
    re.I,
)
_FUTURE_MARK = re.compile(
    r"\b(?:next|due|upcoming|will|shall|scheduled|planned|expected|prochain\w*|prévu\w*)\b", re.I
)


def _without_dates(sentence: str) -> str:
    """The sentence with its dates blanked: a day of the month is not a figure."""
    for mention in reversed(find_dates(sentence, 2000)):
        sentence = sentence[: mention.start] + " " + sentence[mention.end :]
    return sentence


def _passage_answers(question: Question, scored: Scored) -> bool:
    """A sentence can stand in for a fact only if it holds what the question asks for."""
    sentence = scored.row["sentence"]
    # Every topic in the sentence itself. Names may stand elsewhere in the document, except
    # for a date: whose date it is must be said in the sentence or the one before.
    near = f"{scored.candidate.local} {scored.candidate.previous}"
    if question.qtype != "when":
        near = f"{near} {scored.candidate.context}"
    named = all(
        any(f" {alt} " in (near if c.proper else scored.candidate.local) for alt in c.alternatives)
        for c in question.concepts
        if not c.weak
    )
    if not named:
        return False
    if question.wants_figure:
        # The figure must be unread: a sentence whose figures were extracted as facts, none
        # of which fit, holds figures about something else (a quota, not a count of women).
        figure = _HAS_FIGURE.search(_without_dates(sentence))
        return bool(figure) and not scored.row.get("has_facts")
    if question.qtype == "when":
        reference = scored.candidate.doc_date
        if question.tense == "past" and reference:
            # "When did the IEG last meet" is not answered by a sentence of plans.
            dates = [m.date for m in find_dates(sentence) if m.explicit_year]
            if dates and all(date > reference for date in dates):
                return False
        if question.tense == "future" and not _FUTURE_MARK.search(sentence):
            return False  # "when is the next report" needs a sentence about what is to come
        return bool(find_dates(sentence, 2000))  # any year: only whether it names a date
    if question.qtype == "cadence":
        return bool(find_cadences(sentence))
    return True


def _any_document(db: Database) -> bool:
    return db.execute("select 1 from documents where is_current = 1 limit 1").fetchone() is not None


def answer_question(db: Database, question: str, now: datetime | None = None) -> Answer:
    """The best answer the loaded updates hold, or an honest 'not found'."""
    if not question.strip():
        return Answer(question, False, "Ask me a question, e.g. “women on the CSA?”")
    know = knowledge(db)
    parsed = parse_question(
        question,
        know.lexicon,
        know.countries,
        lambda word: _indexed(db, word),
        lambda: know.vocabulary(db),
        lambda word: _document_name(db, word),
    )
    # Read once per question, used for every candidate.
    parsed.asks_gender = _asks_gender(parsed)
    parsed.asked_kinds = frozenset(
        kind
        for kind, noun in _KIND_NOUNS.items()
        if any(noun in c.alternatives for c in parsed.concepts)
    )
    if parsed.unknown_countries and not parsed.countries:
        return _not_found(parsed, [], db)
    needed = [c for c in parsed.concepts if not c.weak]
    if not know.countries.countries and not _any_document(db):
        return Answer(
            question,
            False,
            "No situation updates are loaded yet: a coordinator can load one (ingest).",
        )
    if all(c.name.isdigit() for c in needed):
        return Answer(
            question,
            False,
            "I need a topic to look for — e.g. “women on the CSA?” or “when is the next SG "
            "report due?”",
        )
    groups = _term_groups(needed)
    found = candidates(db, groups, parsed.countries or None, limit=CANDIDATES)
    scored, near = _rank(db, parsed, found)
    if not scored and len(found) == CANDIDATES:
        # The newest rows all lacked a name the question asks for; ask SQL for exactly those.
        found = candidates(db, groups, parsed.countries or None, exact=True, limit=CANDIDATES)
        scored, near = _rank(db, parsed, found)
    if not scored:
        # Nothing names them all: look wider, only to name the nearest topics.
        specific = [g for g, c in zip(groups, needed, strict=True) if c.name != "women"]
        near = candidates(db, specific, parsed.countries or None, every=False, limit=20)
        if not near:
            near = candidates(db, groups, parsed.countries or None, every=False, limit=20)
    answers = [s for s in scored if s.candidate.item_type != "passage"]
    if answers:
        return _compose(parsed, answers)
    passages = [s for s in scored if _passage_answers(parsed, s)]
    if passages:
        return _compose(parsed, passages[:1])
    return _not_found(parsed, near or [s.candidate for s in scored], db)
