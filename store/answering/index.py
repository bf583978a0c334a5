"""The passage index answering ranks: one row per sentence, with the words around it.

Each sentence is stored as normalised, stemmed terms in three columns — its own words, the
sentence before it (same section) and its heading — with the period it is about (the years
it names, else its heading's, else the sentence before's, else the document's). A document's
names (its acronyms, the glossary long forms it uses, its country and title) are stored once
per document. Ranking is BM25 over the three columns; everything after that is rules.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlite_utils import Database

from store.aliases import glossary
from store.answering.normalize import phrase_key, terms
from store.clean import REPORT_BASIS
from store.db import insert_rows
from store.models import Sentence

# BM25 weight of each column: a word of the sentence itself says most; its heading says which
# part of the document it sits in; the sentence before often names what "they" are.
# The rules that turn text into search terms (the stemmer, the lexicon's normal forms, the
# columns written): a database indexed under another version is rebuilt when it is opened.
INDEX_VERSION = "2026-12-02.5"
OVERFETCH = 2  # rows ranked per row wanted, for those of replaced document versions
COLUMN_WEIGHTS = {"sentence_terms": 1.0, "context_terms": 0.35, "heading_terms": 0.5}

# Sentences that open by pointing back at the sentence before: its words are theirs.
_ANAPHORIC = re.compile(
    r"(?:Of (?:the|these|those|them|which|whom)|Among (?:them|these|those|the)|It|They|These|"
    r"This|Its|Their|Such|Both|All (?:these|those|of them)|The (?i:group|body|commission|"
    r"committee|council|mission|dialogue|process|conference|meeting|talks|agreement|law|plan|"
    r"review|panel|team|unit|programme|mechanism|accord|cases|incidents|victims|survivors|"
    r"report|statement|communiqué|resolution|visit|office|government|delegation|experts?|"
    r"special representative|representative|minister|president|secretary-general|"
    r"co-chairs?)|Parmi (?:eux|elles|ces)|Ils|Elles|Ces|She|He|Her|His|We|Our)\b"
)


def opens_anaphorically(text: str) -> bool:
    """Whether a sentence opens by pointing back at the one before ("Of those cases", "They",
    "The group")."""
    return bool(_ANAPHORIC.match(text))


_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,9}\b")
# Years a sentence is about. A year inside a symbol ("S/2016/819", "2010/498") is a number of
# a document, not a period.
_SYMBOL = re.compile(r"\b[A-Z]+(?:/[A-Z]+)*/\d{4}/\d+\S*|\b(?:19|20)\d\d/\d+")
_YEAR_SPAN = re.compile(r"(?<![\d/.,])((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?(?![\d/])")
MAX_SPAN_YEARS = 12
PERIOD_LOOKBACK = 3
# Where a document states its own date (store.docdate): what "to come" is counted from. The
# latest date it reports on, or its symbol's year, only order documents.
STATED_DATE_SOURCES = frozenset({"masthead", "dateline", "updated", "letter"})
HEAD_CHARS = 600  # a masthead or first line: where a document gives its own symbol
_OWN_SYMBOL = re.compile(
    r"\b(?:[A-Z]{1,5}(?:/[A-Z]{2,6})*/\d{4}/\d+|(?:SC|GA|SG/SM)/\d+)"
)  # sentences back in the same section a sentence without years inherits from


def _joined(text: str) -> str:
    return " ".join(terms(text))


def years_named(text: str) -> set[int]:
    """The years a text names: '2014', '2012-2013' (both, and those between), not symbols."""
    if "19" not in text and "20" not in text:
        return set()  # most sentences and headings name no year: skip both patterns
    text = _SYMBOL.sub(" ", text)
    found: set[int] = set()
    for match in _YEAR_SPAN.finditer(text):
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        low, high = min(first, last), max(first, last)
        if high - low > MAX_SPAN_YEARS:
            found.update({first, last})
        else:
            found.update(range(low, high + 1))
    return found


# A year a change is measured against: "an increase of 36 per cent *from 2012*", "*compared with*
# 3 in 2019", « *par rapport à* 2020 ». The sentence is about the year it reports, not that one.
BASELINE_YEAR = re.compile(
    r"\b(?:(?:compared (?:to|with)|than|relative to|versus|vs\.?|par rapport (?:à|a)|contre)"
    r"(?:\s+[\w,.%'’-]+){0,4}?|from)\s+(?:in\s+|en\s+)?((?:19|20)\d\d)\b"
    r"(?!\s*(?:to|until|through|and|et|à|au|[-–/]))",
    re.I,
)


REMEMBERED_YEAR = re.compile(
    r"\b(?:anniversary|anniversaire|years after|ans apr[eè]s|years since|ans depuis|"
    r"how long (?:after|since)|combien de temps apr[eè]s)\b"
    r"[^.;]{0,60}?\b((?:19|20)\d\d)\b",
    re.I,
)
# "Agenda 2063", "Vision 2030", "the 2030 Agenda", « l'Agenda 2063 »: a year in a name.
NAMED_YEAR = re.compile(
    r"\b(?:agenda|vision|horizon|strat[ée]gie|strategy)\s+((?:19|20)\d\d)\b"
    r"|\b((?:19|20)\d\d)\s+(?:agenda|vision)\b",
    re.I,
)
# "resolution 1325 (2000)", "2467 (2019)": a resolution's year is part of its name.
_RESOLUTION_NAME = re.compile(r"\b\d{3,4}\s*\(((?:19|20)\d\d)\)")


# Years a text names that are no period it reports on, each kind with its rule above.
NOT_PERIODS = (BASELINE_YEAR, REMEMBERED_YEAR, NAMED_YEAR, _RESOLUTION_NAME)


def not_period_years(text: str) -> set[int]:
    """The years a text names as a baseline, a remembered date, a name or a resolution's own
    year: never the period it reports on (or a question asks about)."""
    return {
        int(year)
        for pattern in NOT_PERIODS
        for match in pattern.finditer(text)
        for year in match.groups()
        if year
    }


def years_about(text: str) -> set[int]:
    """The years a sentence reports on: those it names but `not_period_years`; a year it also
    names otherwise stays ('In 2013, 5 cases, compared with 3 in 2012' is about 2013)."""
    found = years_named(text)
    if not found:
        return found
    excluded = not_period_years(text)
    if not excluded:
        return found
    rest = text
    for pattern in NOT_PERIODS:
        rest = pattern.sub(" ", rest)
    return found - (excluded - years_named(rest))


def periods(sentences: list[Sentence], doc_year: int | None) -> list[set[int]]:
    """The years each sentence is about.

    Its own years and its heading's ("=== Snapshot B (covers 2014) ==="); a sentence naming
    none takes those of the nearest sentence before it in the same section that does ("In
    2014, the UN recorded 90 allegations. All these cases occurred in Gao"); else the
    document's year.
    """
    heading_years = {section: _heading_years(section) for section in {s.section for s in sentences}}
    own = [years_about(s.text) for s in sentences]
    result: list[set[int]] = []
    for i, sentence in enumerate(sentences):
        period = own[i] | heading_years[sentence.section]
        if not period:
            for j in range(i - 1, max(-1, i - 1 - PERIOD_LOOKBACK), -1):
                if sentences[j].section != sentence.section:
                    break
                if own[j]:
                    period = set(own[j])
                    break
        if not period and doc_year:
            period = {doc_year}
        result.append(period)
    return result


def _heading_years(heading: str) -> set[int]:
    """The years a heading gives the sentences under it. A line saying which annual report
    follows ("… based on the Report of the Secretary-General … issued on 16 April 2018")
    heads what that report says, about the calendar year before its issue."""
    basis = REPORT_BASIS.search(heading)
    if basis is None:
        return years_named(heading)
    # a heading of the page's own before it ("Snapshot B (covers 2014)") says it outright
    return years_named(heading[: basis.start()]) or {int(basis.group("year")) - 1}


@lru_cache(maxsize=1)
def _glossary_keys() -> tuple[tuple[str, str, frozenset[str]], ...]:
    """Each glossary long form as terms, its acronym, and the set of its words."""
    return tuple(
        (key, phrase_key(alias.alias), frozenset(key.split()))
        for alias in glossary()
        if (key := phrase_key(alias.expansion))
    )


def document_names(
    text: str, country: str | None, title: str, text_terms: str | None = None
) -> str:
    """Names a whole document is about: its acronyms, glossary long forms, country, title.

    `text_terms` is the text already as terms, when the caller has it.
    """
    doc_terms = f" {text_terms if text_terms is not None else _joined(text)} "
    words = frozenset(doc_terms.split())
    names = {phrase_key(a) for a in _ACRONYM.findall(text)}
    for key, acronym, key_words in _glossary_keys():
        # A long form whose words the text does not all use cannot be in it: a set test
        # before the search through the whole text.
        if key_words <= words and f" {key} " in doc_terms:
            names.update({key, acronym})
    names.add(phrase_key(country or ""))
    names.add(phrase_key(title))
    # Its own symbol, from its title or masthead: "S/2016/897" names the document itself.
    names.update(phrase_key(s) for s in _OWN_SYMBOL.findall(f"{title}\n{text[:HEAD_CHARS]}"))
    return " ".join(sorted(n for n in names if n))


@dataclass(frozen=True)
class PassageTerms:
    """One sentence as answering searches it."""

    sentence: str
    context: str  # the sentence before, in the same section
    heading: str
    years: str  # the period, as space-separated years
    anaphoric: bool  # opens by pointing back ("Of those cases, ...")


# Per column, how many sentences use each term and how often (the table passage_index_vocab,
# what fts5vocab would count, kept as rows so that a question reads one row per word).
VOCABULARY_COLUMNS = ("sentence_terms", "context_terms", "heading_terms")
MAX_TOKEN = 32768  # FTS5 keeps the first 32,768 bytes of a longer token: so do the counts


@dataclass(frozen=True)
class SearchTerms:
    """A document's search terms, computed before it is stored (in a worker process if need be).

    `passages` is in sentence order.
    """

    names: str
    acronyms: str
    head: str  # its title and masthead: what the whole document is about
    passages: list[PassageTerms]
    # (term, column) → (sentences using it there, times used), as FTS5 counts them; computed
    # with the rest, so that the process storing documents only adds them up.
    vocabulary: dict[tuple[str, str], tuple[int, int]] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "vocabulary", self._count())

    def _count(self) -> dict[tuple[str, str], tuple[int, int]]:
        counts: dict[tuple[str, str], tuple[int, int]] = {}
        for column, values in zip(
            VOCABULARY_COLUMNS,
            (
                [p.sentence for p in self.passages],
                [p.context for p in self.passages],
                [p.heading for p in self.passages],
            ),
            strict=True,
        ):
            rows: Counter[str] = Counter()  # sentences using the term
            times: Counter[str] = Counter()  # times it is used
            for value in values:
                used = value.split()
                if len(value) > MAX_TOKEN:
                    used = [term[:MAX_TOKEN] for term in used]
                times.update(used)
                rows.update(set(used))
            for term, doc in rows.items():
                counts[(term, column)] = (doc, times[term])
        return counts


# A person said again by a pronoun: "he carried out a second visit", "“…,” she added".
_PERSON_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|him|[Ii]l|[Ee]lle)\b")
PRONOUN_LOOKBACK = 4  # sentences back to the one that names whom "he" or "she" is
_CAPITALISED = re.compile(r"\b[A-ZÀ-Ý][\w'’-]*")


def _context(sentences: list[Sentence], own: list[str], i: int) -> str:
    """The terms of what a sentence is read with: the sentence before, in its section. When it
    speaks of a person by a pronoun and so do the sentences before it ("She underscored …"
    after "“…,” she added"), also the names (capitalised words) of the nearest one that does
    not: it names the person, and what else it says is not this sentence's."""
    if i == 0 or sentences[i - 1].section != sentences[i].section:
        return ""
    before = own[i - 1]
    if not _PERSON_PRONOUN.search(sentences[i].text):
        return before
    j = i - 1
    while (
        j > 0
        and i - j < PRONOUN_LOOKBACK
        and sentences[j - 1].section == sentences[i].section
        and _PERSON_PRONOUN.search(sentences[j].text)
    ):
        j -= 1
    if j == i - 1:
        return before
    return f"{before} {_joined(' '.join(_CAPITALISED.findall(sentences[j].text)[1:]))}"


def search_terms(
    sentences: list[Sentence],
    text: str,
    country: str | None,
    title: str,
    doc_year: int | None,
    defined: tuple[str, ...] = (),
) -> SearchTerms:
    """Every term answering will search for in one document."""
    own = [_joined(s.text) for s in sentences]
    section_terms = {section: _joined(section) for section in {s.section for s in sentences}}
    years = periods(sentences, doc_year)
    passages = [
        PassageTerms(
            sentence=own[i],
            context=_context(sentences, own, i),
            heading=section_terms[s.section],
            years=" ".join(str(y) for y in sorted(years[i])),
            anaphoric=bool(_ANAPHORIC.match(s.text)),
        )
        for i, s in enumerate(sentences)
    ]
    headings = " ".join(section_terms.values())
    acronyms = {phrase_key(a) for a in _ACRONYM.findall(text)} | {phrase_key(country or "")}
    return SearchTerms(
        head=head_terms(title, text),
        acronyms=" ".join(sorted(a for a in acronyms if a)),
        names=" ".join(
            filter(
                None,
                [
                    document_names(text, country, title, f"{' '.join(own)} {headings}"),
                    # Long forms the document defines ("Stabilization Mission in Tarsis").
                    *(_joined(name) for name in defined),
                ],
            )
        ),
        passages=passages,
    )


def head_terms(title: str, text: str) -> str:
    """A document's title and masthead as terms: where it says what it is about."""
    return _joined(f"{title}\n{text[:HEAD_CHARS]}")


def write_search_rows(
    db: Database, document_id: int, terms: SearchTerms, passage_ids: list[int]
) -> int:
    """Store one document's search rows (passage ids in sentence order)."""
    rows = (
        {
            "passage_id": passage_id,
            "document_id": document_id,
            "sentence_terms": p.sentence,
            "context_terms": p.context,
            "heading_terms": p.heading,
            "years": p.years,
            "anaphoric": int(p.anaphoric),
        }
        for passage_id, p in zip(passage_ids, terms.passages, strict=True)
    )
    written = insert_rows(db, "passage_index", rows)
    insert_rows(
        db,
        "search_documents",
        [
            {
                "document_id": document_id,
                "names_terms": terms.names,
                "acronyms": terms.acronyms,
                "head_terms": terms.head,
            }
        ],
    )
    return written


def count_terms(db: Database, documents: Iterable[SearchTerms]) -> None:
    """Add stored documents' terms to passage_index_vocab (once per batch of documents)."""
    total: dict[tuple[str, str], tuple[int, int]] = {}
    for document in documents:
        for key, (doc, cnt) in document.vocabulary.items():
            before = total.get(key, (0, 0))
            total[key] = (before[0] + doc, before[1] + cnt)
    db.conn.executemany(
        "INSERT INTO passage_index_vocab (term, col, doc, cnt) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (term, col) DO UPDATE SET doc = doc + excluded.doc,"
        " cnt = cnt + excluded.cnt",
        [(term, column, doc, cnt) for (term, column), (doc, cnt) in sorted(total.items())],
    )


# A batch that adds at least this share of the documents is worth a full merge of the
# indexes; a smaller one is left to FTS5's own merging as it writes (automerge), which keeps
# the segments few: 500 documents added to 30,000 answered as fast unmerged, and a full merge
# there rewrites a gigabyte (4 s) for them.
OPTIMIZE_SHARE = 0.25


def optimize(db: Database, added: int | None = None) -> bool:
    """After loading `added` documents (None: whatever was loaded), merge each full-text
    index into one segment when the batch is a large share of the database; returns whether
    it did.

    Every segment is one more lookup per term in every question: after a bulk load (one
    segment per chunk of documents) this keeps answers fast.
    """
    if added is not None:
        total = db.execute("select count(*) from documents").fetchone()[0]
        if added < OPTIMIZE_SHARE * total:
            return False
    with db.atomic():
        for table in ("passage_index_fts", "search_documents_fts", "passages_fts"):
            db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
    return True


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """A sentence the ranking found, with everything the rules read."""

    passage_id: int
    document_id: int
    position: int
    sentence: str
    section: str
    start_offset: int
    sentence_terms: str  # " term term " padded for phrase tests
    context_terms: str
    heading_terms: str
    years: frozenset[int]
    anaphoric: bool
    document: str  # title
    country: str | None
    doc_date: str | None  # its masthead date, the "as of" of what it says
    dated: str | None  # the date it states for itself (masthead, dateline, letter, "updated")
    sort_date: str | None  # its date by any rule of store.docdate but the load date
    names: str  # the document's names, padded
    head_terms: str  # the document's title and masthead, padded
    rank: float  # BM25, higher is better
    kind_terms: str = " "  # what the facts and events stored from it are ("quota", "meeting")


def match_expression(phrases: Iterable[str]) -> str:
    """An FTS5 OR of quoted phrases; quoting makes any user text inert (NEAR, AND, *, ")."""
    quoted = sorted({'"' + p.replace('"', "") + '"' for p in phrases if p.strip()})
    return " OR ".join(quoted)


def search(db: Database, phrases: Iterable[str], limit: int) -> list[Hit]:
    """The current documents' sentences that best match any of the phrases, best first."""
    expression = match_expression(phrases)
    if not expression:
        return []
    weights = ", ".join(str(w) for w in COLUMN_WEIGHTS.values())
    # The best rows by BM25 first (FTS5 sorts them without reading any table), then their
    # sentences; replaced versions of documents are dropped after, so a few more are read.
    sql = (
        "with ranked as (select rowid, bm25(passage_index_fts, "
        f"{weights}) as rank from passage_index_fts where passage_index_fts match ?"
        " order by rank limit ?)"
        " select p.passage_id, p.document_id, s.position, s.sentence, s.section,"
        " s.start_offset, p.sentence_terms, p.context_terms, p.heading_terms, p.years,"
        " p.anaphoric, d.title, d.country, d.doc_date, d.date, d.date_source, ranked.rank"
        " from ranked join passage_index p on p.passage_id = ranked.rowid"
        " join passages s on s.id = p.passage_id"
        " join documents d on d.id = p.document_id"
        " where d.is_current = 1 order by ranked.rank limit ?"
    )
    rows = db.execute(sql, [expression, limit * OVERFETCH, limit]).fetchall()
    names = document_names_of(db, {row[1] for row in rows})
    return [_hit(row, names) for row in rows]


def neighbours(db: Database, hit: Hit) -> list[Hit]:
    """The sentences right before and after a hit, as hits (for a figure split by a full stop)."""
    rows = db.execute(
        "select p.passage_id, p.document_id, s.position, s.sentence, s.section,"
        " s.start_offset, p.sentence_terms, p.context_terms, p.heading_terms, p.years,"
        " p.anaphoric, d.title, d.country, d.doc_date,"
        " d.date, d.date_source, 0.0"
        " from passages s join passage_index p on p.passage_id = s.id"
        " join documents d on d.id = s.document_id"
        " where s.document_id = ? and s.position in (?, ?) order by s.position",
        [hit.document_id, hit.position - 1, hit.position + 1],
    ).fetchall()
    names = document_names_of(db, {hit.document_id})
    return [_hit(row, names) for row in rows]


def _hit(row: tuple[Any, ...], names: dict[int, tuple[str, str]]) -> Hit:
    (passage_id, document_id, position, sentence, section, start, own, context, heading) = row[:9]
    years, anaphoric, title, country, doc_date, date, date_source, rank = row[9:]
    return Hit(
        passage_id=passage_id,
        document_id=document_id,
        position=position,
        sentence=sentence,
        section=section or "",
        start_offset=start,
        sentence_terms=f" {own} ",
        context_terms=f" {context} ",
        heading_terms=f" {heading} ",
        years=frozenset(int(y) for y in (years or "").split()),
        anaphoric=bool(anaphoric),
        document=title,
        country=country,
        doc_date=doc_date,
        dated=date if date_source in STATED_DATE_SOURCES else doc_date,
        sort_date=date if date and date_source != "loaded" else doc_date,
        names=f" {names.get(document_id, ('', ''))[0]} ",
        head_terms=f" {names.get(document_id, ('', ''))[1]} ",
        rank=-float(rank),
    )


def document_names_of(db: Database, document_ids: set[int]) -> dict[int, tuple[str, str]]:
    """Each document's names (its acronyms, long forms, country and title) and its head
    (title and masthead), as terms."""
    if not document_ids:
        return {}
    marks = ", ".join("?" for _ in document_ids)
    return {
        document_id: (names or "", head or "")
        for document_id, names, head in db.execute(
            "select document_id, names_terms, head_terms from search_documents"
            f" where document_id in ({marks})",
            sorted(document_ids),
        ).fetchall()
    }


def is_document_symbol(db: Database, key: str) -> bool:
    """Whether a loaded document gives this symbol as its own (in its title or masthead)."""
    row = db.execute(
        "select 1 from search_documents_fts where search_documents_fts match ? limit 1",
        ['names_terms : "' + key.replace('"', "") + '"'],
    ).fetchone()
    return row is not None


def names_alone(db: Database, key: str, longer: tuple[str, ...]) -> bool:
    """Whether a loaded sentence names the phrase other than inside the longer phrases
    ("sudan" but not "south sudan")."""
    expression = '"' + key.replace('"', "") + '"'
    expression += "".join(' NOT "' + k.replace('"', "") + '"' for k in longer)
    row = db.execute(
        "select 1 from passage_index_fts where passage_index_fts match ? limit 1",
        [f"sentence_terms : ({expression})"],
    ).fetchone()
    return row is not None


def document_frequency(db: Database, term: str) -> int:
    """How many sentences use a term (their own words)."""
    row = db.execute(
        "select doc from passage_index_vocab where term = ? and col = 'sentence_terms'", [term]
    ).fetchone()
    return int(row[0]) if row else 0


def indexed(db: Database, term: str) -> bool:
    """Whether any loaded sentence, heading or document name uses the term."""
    row = db.execute("select 1 from passage_index_vocab where term = ? limit 1", [term]).fetchone()
    return row is not None
