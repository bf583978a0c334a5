"""An answer as data: its kind, the fact, event or passage behind it, its sources, related
figures in other updates, near misses, and on request the trace of the rules that chose it.

Every surface (CLI, JSON, console, Slack) renders these parts in its own words.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from store.series import Series

ANSWER_KINDS = ("fact", "list", "event", "passage", "expansion", "none")
REFUSAL_REASONS = ("empty", "no_documents", "unknown_country", "no_topic", "not_found")


@dataclass(frozen=True)
class Source:
    """Where an answer comes from: a document's sentence."""

    document: str
    section: str
    quote: str
    as_of: str | None = None  # the date the figure or event is about
    document_date: str | None = None


@dataclass(frozen=True)
class Related:
    """The same figure in another update of the country ('earlier', or 'also' for a later
    one shown second), or the answer on another loaded country ('elsewhere')."""

    label: str
    country: str | None
    facts: list[dict[str, Any]]
    source: Source


@dataclass(frozen=True)
class Expansion:
    """What an acronym stands for, and which loaded document says so (None: the glossary)."""

    acronym: str
    long_form: str
    document: str | None


@dataclass(frozen=True)
class CandidateTrace:
    """One judged sentence: its score (None when vetoed) and every rule that fired."""

    document: str
    position: int
    sentence: str
    score: float | None
    firings: list[tuple[str, float | str, str]]


@dataclass(frozen=True)
class FactTrace:
    """One stored figure of the winning sentence: its fit (None when vetoed) and its rules."""

    kind: str
    words: str
    fit: float | None
    firings: list[tuple[str, float | str, str]]


@dataclass(frozen=True)
class Explanation:
    """How the answer was chosen: the question as parsed, and each candidate's rules."""

    asks: list[str]
    concepts: list[dict[str, Any]]
    countries: list[str]
    years: list[int]
    candidates: list[CandidateTrace]
    winner: int | None  # index into candidates
    facts: list[FactTrace]  # the winning sentence's stored figures, best first
    why: str


@dataclass(frozen=True)
class Answer:
    """What the loaded updates say to a question."""

    question: str
    found: bool
    kind: str  # one of ANSWER_KINDS
    facts: list[dict[str, Any]] = field(default_factory=list)  # the stored figures answering
    event: dict[str, Any] | None = None  # the stored dated event answering
    passage: Source | None = None  # the winning sentence
    sources: list[Source] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    expansion: Expansion | None = None
    yes_no: str | None = None  # "yes" | "no", when the sentence settles a yes/no question
    names: list[str] = field(default_factory=list)  # for "who": the people the passage names
    reason: str | None = None  # why not found: one of REFUSAL_REASONS
    topics: list[str] = field(default_factory=list)  # what the question is about
    countries: list[str] = field(default_factory=list)
    unknown_countries: list[str] = field(default_factory=list)
    near: list[Source] = field(default_factory=list)  # nearest sentences, for a refusal
    series: Series | None = None  # the figure across the country's updates, oldest first
    explanation: Explanation | None = None
    language: str = "en"  # the question's ("en" | "fr"): the language dates are written in

    def data(self) -> dict[str, Any]:
        """Every part as plain JSON-ready data (the explanation under 'explain' when asked)."""
        out: dict[str, Any] = {
            "question": self.question,
            "found": self.found,
            "kind": self.kind,
            "facts": self.facts,
            "event": self.event,
            "passage": asdict(self.passage) if self.passage else None,
            "sources": [asdict(s) for s in self.sources],
            "related": [asdict(r) for r in self.related],
            "expansion": asdict(self.expansion) if self.expansion else None,
            "yes_no": self.yes_no,
            "names": self.names,
            "reason": self.reason,
            "near": [asdict(s) for s in self.near],
            "series": self.series.to_json() if self.series else None,
            "language": self.language,
        }
        if self.explanation is not None:
            out["explain"] = asdict(self.explanation)
        return out
