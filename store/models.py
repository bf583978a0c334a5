"""Plain data shapes shared by cleaning, extraction, storage and answering."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sentence:
    """One sentence of a cleaned document, with the section it sits in."""

    text: str
    section: str
    start: int  # character offsets into the cleaned document text
    end: int
    index: int = 0  # position of the sentence in the document


@dataclass(frozen=True)
class DocContext:
    """What extraction knows about the document as a whole."""

    title: str
    country: str | None
    doc_date: str | None  # ISO 8601 date, the document's own date when it states one
    year: int | None  # the year that dates without a year fall in


@dataclass
class Fact:
    """A figure pulled from a sentence: a count, a share, a change, a quota or a list."""

    kind: str  # count | share | change | quota | list
    subject: str  # who or what is counted ("women", "victims", "budgeted posts")
    measure: str  # of what ("Malian members of the Comité de Suivi de L'Accord (CSA)")
    value: float | None
    sentence: Sentence
    start: int  # offsets of the figure's clause in the cleaned document text
    end: int
    total: float | None = None
    unit: str = "count"  # count | percent | list
    as_of: str | None = None  # ISO 8601 date or YYYY-MM / YYYY
    previous_value: float | None = None
    previous_as_of: str | None = None
    qualifier: str | None = None  # "documented", "verified", "reported" ... kept with the number
    items: list[str] = field(default_factory=list)


@dataclass
class Event:
    """A dated thing the document names: a meeting, a report, a resolution, elections."""

    # meeting | reconvene | report | report_due | resolution | elections | briefing | visit
    # | cadence | symbol | other
    kind: str
    title: str
    date: str | None  # ISO 8601: YYYY-MM-DD, or YYYY-MM when only the month is known
    precision: str  # day | month | year | approximate | none
    sentence: Sentence
    start: int
    end: int
    approximate: bool = False
    anchor_date: str | None = None  # what a relative date was counted from
    cadence: str | None = None  # "90 days", "3 months" for recurring reports
    symbol: str | None = None  # S/2016/682, resolution 2295
