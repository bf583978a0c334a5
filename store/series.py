"""Facts that persist across updates: series keys, how two keys are matched, and a fact's series.

A country's updates restate the same figures in new words: "only one woman out of the 62
Malian members of the Comité de Suivi de L'Accord (CSA) and its sub-committees" in one, "three
women out of the 64 Malian members of the CSA" in the next. To see them as one series, each
fact gets a **series key** (`facts.series_key`, written at ingest):

    FAMILY|SUBJECT|MEASURE WORDS|QUALIFIER      e.g.  count|woman|CSA malian member|

- FAMILY is what kind of figure it is: `count`, `share` (shares and changes of a share, which
  are the same measure read at two times), `quota` (a requirement, never a share) or `list`;
- SUBJECT and MEASURE WORDS are the fact's own words made comparable by `key_words`: long
  forms folded into their acronym (the shipped glossary, and "Long Name (ACR)" as a document
  defines it), dates and numbers blanked ("elections scheduled for November 2016" is the same
  thing as "elections scheduled for April 2017"), small and time words dropped, plurals made
  singular, the rest sorted;
- QUALIFIER is kept only when it is evidence ("documented", "verified", "reported",
  "alleged"): documented and verified cases are different series (see docs/DOMAIN.md).

Two keys whose words differ a little still name one series when a rule of `MATCH_RULES` says
so ("and its sub-committees" dropped in a rewording); `series_match` walks that table, first
rule first, after the vetoes of `VETOES`. `fact_series(db, fact_id)` gives the series of one
fact across the current updates of its country, oldest to newest.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlite_utils import Database

from store.text import word_set
from store.updates import NEWEST_FIRST_SQL, OLDEST_FIRST_SQL, document_order

# Figures' qualifiers that make a different series: evidence of a different strength.
EVIDENCE_QUALIFIERS = {
    "documented": "documented",
    "verified": "verified",
    "reported": "reported",
    "alleged": "alleged",
    "allegation": "alleged",
    "allegations": "alleged",
    "confirmed": "verified",
}


# Words that carry no identity: grammar, and words about time ("upcoming", "current") that a
# rewording adds or drops without changing what is measured.
STOP_WORDS = word_set(
    """a an the of and or its their his her in on at for to by with from among into as per
    than that which who whom whose is are was were be been being has have had this these those
    there here such so also only some about approximately around nearly almost over under total
    overall all both each any other de du des la le les l d et en au aux un une pour sur dans par
    upcoming scheduled planned forthcoming current currently recent recently latest new next
    last previous previously now still already since until as-at as-of so-far made up"""
)
_MONTH_NAMES = word_set(
    """january february march april may june july august september october november december
    janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
    jan feb mar apr jun jul aug sep sept oct nov dec early mid late end beginning"""
)
MIN_SHARED = 0.5  # `most words shared`: at least half of all the words of the two keys


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _glossary_folds() -> tuple[re.Pattern[str], dict[str, str], dict[str, str]]:
    """A pattern of every multi-word long form in the glossary, the acronym each folds
    into, and the single-word alternative acronyms ("CVJR" is the TRC)."""
    from store.aliases import glossary

    long_forms: dict[str, str] = {}
    short_forms: dict[str, str] = {}
    for alias in glossary():
        form = _strip_accents(alias.expansion).replace("’", "'")
        if " " in form.strip():
            long_forms.setdefault(form.lower(), alias.alias)
        elif form.isupper() and form != alias.alias:
            short_forms.setdefault(form, alias.alias)
    ordered = sorted(long_forms, key=len, reverse=True)
    pattern = re.compile(r"(?i)\b(?:" + "|".join(re.escape(f) for f in ordered) + r")\b")
    return pattern, long_forms, short_forms


_DEFINED = re.compile(r"\(([A-Z][A-Za-z]{1,9}|[A-Z]{2,}(?:[-/][A-Z]+)?)\)")
_JOINING = frozenset({"of", "the", "and", "for", "on", "in", "de", "du", "des", "la", "le", "les"})
_WORD = re.compile(r"[A-Za-z][\w'-]*|\d[\d.,]*")


@lru_cache(maxsize=1)
def _number_words() -> frozenset[str]:
    """Number words (English and French) and "per cent": figures, not what they measure."""
    from store.extract.numbers import COUNT_WORDS

    return frozenset(_strip_accents(w) for w in COUNT_WORDS) | {"per", "cent", "percent"}


def _fold_defined(text: str) -> str:
    """'the Comité de Suivi de L'Accord (CSA)' → 'the CSA': a long form the text itself
    defines gives way to its acronym (the capitalised run of words before the bracket)."""
    out = text
    for match in reversed(list(_DEFINED.finditer(text))):
        before = out[: match.start()]
        words = before.split()
        run = 0
        for word in reversed(words):
            bare = word.strip(",;:")
            if bare[:1].isupper() or (run and bare.lower() in _JOINING):
                run += 1
            else:
                break
        while run and words[len(words) - run].lower() in _JOINING:
            run -= 1
        kept = " ".join(words[: len(words) - run])
        out = f"{kept} {match.group(1)} {out[match.end() :]}"
    return out


def _singular(word: str) -> str:
    if word in ("women", "men"):
        return word[:-3] + "man"
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def key_words(text: str) -> list[str]:
    """The words that identify what a figure is about, comparable across rewordings.

    'Malian members of the Comité de Suivi de L'Accord (CSA) and its sub-committees' →
    ['CSA', 'malian', 'member', 'sub-committee']; 'the upcoming communal elections scheduled for
    November 2016' → ['communal', 'election']. Acronyms stay in capitals (they are names).
    """
    from store.extract.dates import find_dates

    text = _strip_accents(text.replace("’", "'"))[:500]
    text = _fold_defined(text)
    pattern, long_forms, short_forms = _glossary_folds()
    text = pattern.sub(lambda m: f" {long_forms[m.group(0).lower()]} ", text)
    for mention in reversed(find_dates(text, 2000)):
        text = text[: mention.start] + " " + text[mention.end :]
    numbers = _number_words()
    words: set[str] = set()
    for token in _WORD.findall(text):
        if token[0].isdigit():
            continue
        if "'" in token:  # l'Accord, d'experts, women's
            head, _, tail = token.partition("'")
            token = tail if len(head) <= 2 and tail and tail != "s" else head
        parts = [p for p in token.split("-") if p]
        # "21-member" → "member", "two-thirds" → dropped
        parts = [p for p in parts if not p[0].isdigit() and p.lower() not in numbers]
        if not parts:
            continue
        token = "-".join(parts)
        if token.isupper() and len(token) >= 2:
            words.add(short_forms.get(token, token))
            continue
        lowered = token.lower()
        if lowered in STOP_WORDS or lowered in _MONTH_NAMES or lowered in numbers:
            continue
        words.add("-".join(_singular(p) for p in lowered.split("-")))
    return sorted(words)


def family(kind: str | None, unit: str | None) -> str:
    """count | share | quota | list: what kind of figure, for keys (a change is a share or a
    count read at two times)."""
    if kind in ("quota", "list"):
        return str(kind)
    return "share" if unit == "percent" else "count"


def series_key(
    kind: str | None,
    subject: str | None,
    measure: str | None,
    unit: str | None,
    qualifier: str | None = None,
) -> str:
    """The series key of a fact: 'FAMILY|SUBJECT|MEASURE WORDS|QUALIFIER' (see the module)."""
    evidence = EVIDENCE_QUALIFIERS.get((qualifier or "").strip().lower(), "")
    subject_words = " ".join(key_words(subject or ""))
    measure_words = " ".join(key_words(measure or ""))
    return f"{family(kind, unit)}|{subject_words}|{measure_words}|{evidence}"


@dataclass(frozen=True)
class SeriesKey:
    """A series key read back into its parts."""

    family: str
    subject: str
    words: frozenset[str]
    qualifier: str

    @property
    def names(self) -> frozenset[str]:
        """The acronyms among the words (CSA, TRC, MINUSMA): the names of bodies."""
        return frozenset(w for w in self.words if w.isupper())

    @classmethod
    def parse(cls, text: str) -> SeriesKey:
        """'count|woman|CSA malian member|' → its parts."""
        parts = (text or "").split("|")
        parts += [""] * (4 - len(parts))
        return cls(parts[0], parts[1], frozenset(parts[2].split()), parts[3])


@dataclass(frozen=True)
class Match:
    """Why two keys name one series: the rule that said so, its rank, and the words shared."""

    rule: str
    rank: int  # the rule's place in MATCH_RULES: lower is stronger
    overlap: float  # shared words / all words of the two keys (1.0 for the same words)

    @property
    def strength(self) -> tuple[int, float]:
        """Sort key, strongest first: the earlier rule, then the larger overlap."""
        return (self.rank, -self.overlap)


@dataclass(frozen=True)
class Rule:
    """A named test of two keys, with its docstring-like reason and an example."""

    name: str
    why: str
    test: Callable[[SeriesKey, SeriesKey], bool]


def _overlap(a: SeriesKey, b: SeriesKey) -> float:
    union = a.words | b.words
    return len(a.words & b.words) / len(union) if union else 1.0


def _within(a: SeriesKey, b: SeriesKey) -> bool:
    small, large = sorted((a.words, b.words), key=len)
    if not small or not small < large:
        return False
    return len(small) >= 2 or bool({w for w in small if w.isupper()})


def _mostly_shared(a: SeriesKey, b: SeriesKey) -> bool:
    return len(a.words & b.words) >= 2 and _overlap(a, b) >= MIN_SHARED


# Every one of these must hold, or the two figures are different things.
PRECONDITIONS: tuple[Rule, ...] = (
    Rule(
        "same kind of figure",
        "a count, a share, a quota and a list never make one series",
        lambda a, b: a.family == b.family,
    ),
    Rule(
        "same subject",
        "women and victims are counted in different series",
        lambda a, b: a.subject == b.subject,
    ),
    Rule(
        "same evidence",
        "documented and verified cases are not comparable (a 'reported' figure is not 'verified')",
        lambda a, b: a.qualifier == b.qualifier,
    ),
)
# Any one of these, and the two are different things whatever else they share.
VETOES: tuple[Rule, ...] = (
    Rule(
        "different bodies",
        "members of the CSA and members of the TRC: both keys name bodies, and none in common",
        lambda a, b: bool(a.names) and bool(b.names) and not a.names & b.names,
    ),
)
# The first that holds names the match; the order is the tie-break between candidates.
MATCH_RULES: tuple[Rule, ...] = (
    Rule(
        "same words",
        "the same measure, however the sentence around it changed",
        lambda a, b: a.words == b.words,
    ),
    Rule(
        "one within the other",
        "'Malian members of the CSA' within 'Malian members of the CSA and its sub-committees'"
        " (at least two words, or a name)",
        _within,
    ),
    Rule(
        "most words shared",
        f"at least two words in common and {MIN_SHARED:.0%} of all the words of both",
        _mostly_shared,
    ),
)


def series_match(a: str | SeriesKey, b: str | SeriesKey) -> Match | None:
    """Whether two facts (by their series keys) are one series, and by which rule."""
    left = a if isinstance(a, SeriesKey) else SeriesKey.parse(a)
    right = b if isinstance(b, SeriesKey) else SeriesKey.parse(b)
    if not all(rule.test(left, right) for rule in PRECONDITIONS):
        return None
    if any(rule.test(left, right) for rule in VETOES):
        return None
    if not left.words and not right.words and not left.subject:
        return None  # nothing at all to recognise the figure by
    for rank, rule in enumerate(MATCH_RULES):
        if rule.test(left, right):
            return Match(rule.name, rank, _overlap(left, right))
    return None


# --- a fact's series across updates ---------------------------------------------------------


@dataclass(frozen=True)
class SeriesPoint:
    """One value of a series: the figure, its dates, and the document and sentence it is from."""

    fact_id: int
    kind: str
    value: float | int | None
    total: float | int | None
    unit: str
    as_of: str | None  # the figure's own date, when the sentence gives one
    previous_value: float | int | None
    document_id: int
    document: str
    date: str  # the document's date (documents.date)
    date_source: str
    section: str | None
    quote: str

    @property
    def when(self) -> str:
        """The figure's own date if it has one, else its document's date."""
        return self.as_of or self.date

    @property
    def share(self) -> float | None:
        """The value as a percentage: itself for a share, value/total for a count of a total."""
        if self.value is None:
            return None
        if self.unit == "percent":
            return float(self.value)
        if self.total:
            return 100.0 * float(self.value) / float(self.total)
        return None

    def to_json(self) -> dict[str, Any]:
        """The point as `wpsbot series --json` prints it."""
        return {
            "fact_id": self.fact_id,
            "kind": self.kind,
            "value": self.value,
            "total": self.total,
            "unit": self.unit,
            "as_of": self.as_of,
            "document": self.document,
            "date": self.date,
            "date_source": self.date_source,
            "section": self.section,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class Series:
    """A figure across the updates of one country, oldest to newest."""

    key: str
    country: str | None
    subject: str
    measure: str  # as the newest update words it
    unit: str
    points: tuple[SeriesPoint, ...]

    @property
    def plots_shares(self) -> bool:
        """True when a chart should draw percentages: a share, or counts of totals that differ
        (1 of 62, then 3 of 64: the share is what compares)."""
        if self.unit == "percent":
            return True
        totals = {p.total for p in self.points}
        return len(totals) > 1 and all(p.share is not None for p in self.points)

    @property
    def plotted(self) -> list[float | None]:
        """What a chart draws for each point, oldest first (None: the point has no value)."""
        if self.plots_shares:
            return [p.share for p in self.points]
        return [None if p.value is None else float(p.value) for p in self.points]

    def to_json(self) -> dict[str, Any]:
        """The series as `wpsbot series --json` prints it."""
        return {
            "key": self.key,
            "country": self.country,
            "subject": self.subject,
            "measure": self.measure,
            "unit": self.unit,
            "points": [p.to_json() for p in self.points],
        }


class SeriesError(LookupError):
    """No such fact."""


_POINT_SQL = (
    "select f.id, f.kind, f.value, f.total, f.unit, f.as_of, f.previous_value, f.document_id,"
    " d.title, coalesce(d.date, substr(d.ingested_at, 1, 10)), coalesce(d.date_source, 'loaded'),"
    " f.section, f.quote, f.series_key, f.subject, f.measure, d.country, f.start_offset"
    " from facts f join documents d on d.id = f.document_id"
)


def _number(value: Any) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def _point(row: Any) -> SeriesPoint:
    return SeriesPoint(
        fact_id=int(row[0]),
        kind=str(row[1]),
        value=_number(row[2]),
        total=_number(row[3]),
        unit=str(row[4] or "count"),
        as_of=row[5],
        previous_value=_number(row[6]),
        document_id=int(row[7]),
        document=str(row[8]),
        date=str(row[9]),
        date_source=str(row[10]),
        section=row[11],
        quote=str(row[12] or ""),
    )


def fact_series(db: Database, fact_id: int) -> Series:
    """The series of one fact: the same figure in every current update of its country, oldest
    to newest (by document date, then load order), one point per update.

    In each other update the point is the fact whose key `series_match`es this one's most
    strongly (ties: the one nearest the start of its document); the fact itself stands for its
    own update. A series of one point means no other update gives the figure. Raises
    SeriesError for an unknown fact id.
    """
    anchor = db.execute(_POINT_SQL + " where f.id = ?", [fact_id]).fetchone()
    if anchor is None:
        raise SeriesError(f"no fact #{fact_id}")
    key = anchor[13] or series_key(anchor[1], anchor[14], anchor[15], anchor[4])
    country = anchor[16]
    fam, subject = key.split("|")[:2]
    where = "d.country = ?" if country is not None else "d.country is null"
    params: list[Any] = [country] if country is not None else []
    rows = db.execute(
        _POINT_SQL + f" where d.is_current = 1 and {where} and d.id != ?"
        " and f.series_key like ? escape '\\'"
        f" order by {OLDEST_FIRST_SQL}, f.start_offset, f.id",
        [*params, anchor[7], _like_prefix(f"{fam}|{subject}|")],
    ).fetchall()
    best: dict[int, tuple[tuple[int, float, int, int], Any]] = {}
    for row in rows:
        match = series_match(key, row[13] or "")
        if match is None:
            continue
        rank = (*match.strength, int(row[17] or 0), int(row[0]))
        if row[7] not in best or rank < best[row[7]][0]:
            best[row[7]] = (rank, row)
    chosen = [anchor, *(row for _, row in best.values())]
    chosen.sort(key=lambda r: document_order(str(r[9]), int(r[7])))
    points = tuple(_point(row) for row in chosen)
    newest = chosen[-1]
    return Series(
        key=key,
        country=country,
        subject=str(newest[14] or ""),
        measure=str(newest[15] or ""),
        unit=str(newest[4] or "count"),
        points=points,
    )


def _like_prefix(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def pair_facts(
    older: Iterable[tuple[int, str, tuple[Any, ...]]],
    newer: Iterable[tuple[int, str, tuple[Any, ...]]],
) -> list[tuple[int, int, Match]]:
    """Pair the facts of two updates one to one: (older id, newer id, match).

    Each input item is (fact id, series key, figure) where the figure is what "unchanged"
    compares (value, total, unit, items). Pairs are taken strongest first: the earlier rule of
    MATCH_RULES, then the larger overlap, then — the named tie-break — an identical figure
    (so an unchanged figure is never paired with a changed neighbour), then the nearer place
    in the documents (input order), then the lower ids.
    """
    old = list(older)
    new = list(newer)
    candidates: list[tuple[tuple[int, float, int, int, int, int], int, int, Match]] = []
    for i, (old_id, old_key, old_figure) in enumerate(old):
        parsed = SeriesKey.parse(old_key)
        for j, (new_id, new_key, new_figure) in enumerate(new):
            match = series_match(parsed, new_key)
            if match is None:
                continue
            same = 0 if old_figure == new_figure else 1
            rank = (*match.strength, same, abs(i - j), old_id, new_id)
            candidates.append((rank, old_id, new_id, match))
    candidates.sort(key=lambda c: c[0])
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    pairs: list[tuple[int, int, Match]] = []
    for _, old_id, new_id, match in candidates:
        if old_id in taken_old or new_id in taken_new:
            continue
        taken_old.add(old_id)
        taken_new.add(new_id)
        pairs.append((old_id, new_id, match))
    return pairs


MAX_SEARCHED = 40  # facts whose series `series_matching` compares


def series_matching(db: Database, text: str) -> Series | None:
    """The longest series among the figures that mention `text` (as `wpsbot facts TEXT`
    finds them), those whose own subject or measure names it before those whose sentence
    alone does; ties: the one whose newest update is the newest, then the one nearest the
    start of that update. None when no figure matches."""
    from store.queries import list_facts

    found = list_facts(db, text)
    wanted = text.strip().lower()
    own = [f for f in found if wanted in f"{f['subject']} {f['measure']}".lower()]
    found = own or found
    if not found:
        return None
    ids = [int(f["id"]) for f in found]
    rows = db.execute(
        "select f.id from facts f join documents d on d.id = f.document_id"
        f" where f.id in ({', '.join('?' for _ in ids)})"
        f" order by {NEWEST_FIRST_SQL}, f.start_offset"
        " limit ?",
        [*ids, MAX_SEARCHED],
    ).fetchall()
    best: Series | None = None
    seen: set[int] = set()
    for (fact_id,) in rows:
        if fact_id in seen:
            continue
        series = fact_series(db, int(fact_id))
        seen.update(p.fact_id for p in series.points)
        if best is None or len(series.points) > len(best.points):
            best = series
    return best
