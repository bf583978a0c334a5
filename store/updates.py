"""The updates of each country in the order of their dates: what "latest" and "earlier" mean.

Every document has a date (`documents.date`, from the chain in store/docdate.py). Outside
answering, everything that says "latest first", "earlier", or "the two latest updates" orders by
that date, and documents of the same date by the order they were loaded (`documents.id`):
the order files happen to be loaded in never decides which update is the latest.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from sqlite_utils import Database

# SQL ORDER BY for documents aliased `d`: newest first, ties by load order (newest loaded
# first). `coalesce` covers a row written by an older build before its date was filled in.
NEWEST_FIRST_SQL = "coalesce(d.date, substr(d.ingested_at, 1, 10)) desc, d.id desc"
OLDEST_FIRST_SQL = "coalesce(d.date, substr(d.ingested_at, 1, 10)), d.id"


@dataclass(frozen=True)
class DocumentRef:
    """One loaded update as the history sees it: which, of where, and of when."""

    id: int
    title: str
    country: str | None
    date: str  # ISO 8601 at its precision ('2016-09-29', '2016-08', '2016')
    date_source: str  # the rule of store/docdate.py that gave it; "loaded" is a flag

    def to_json(self) -> dict[str, Any]:
        """{"document", "date", "date_source"}: how `wpsbot changes --json` names an update."""
        return {"document": self.title, "date": self.date, "date_source": self.date_source}


def document_order(date: str | None, document_id: int) -> tuple[str, int]:
    """The sort key of a document, oldest first: its date, then its load order.

    A date is ISO 8601 at its precision, so '2016' < '2016-08' < '2016-08-31' < '2016-09':
    a month sorts at its start. Sort with `reverse=True` for newest first.
    """
    return (date or "", document_id)


def _ref(row: Any) -> DocumentRef:
    return DocumentRef(
        id=int(row[0]),
        title=str(row[1]),
        country=row[2],
        date=str(row[3] or ""),
        date_source=str(row[4] or "loaded"),
    )


_REF_COLUMNS = (
    "d.id, d.title, d.country, coalesce(d.date, substr(d.ingested_at, 1, 10)),"
    " coalesce(d.date_source, 'loaded')"
)


def get_document(db: Database, document_id: int) -> DocumentRef | None:
    """One document (current or not) by id, or None."""
    row = db.execute(
        f"select {_REF_COLUMNS} from documents d where d.id = ?", [document_id]
    ).fetchone()
    return _ref(row) if row else None


def updates(db: Database, country: str | None) -> list[DocumentRef]:
    """The current updates of one country, oldest first (country None: those with none)."""
    where = "d.country = ?" if country is not None else "d.country is null"
    params = [country] if country is not None else []
    rows = db.execute(
        f"select {_REF_COLUMNS} from documents d where d.is_current = 1 and {where}"
        f" order by {OLDEST_FIRST_SQL}",
        params,
    ).fetchall()
    return [_ref(row) for row in rows]


def latest_first(db: Database, document_ids: Iterable[int]) -> list[int]:
    """The given document ids, newest document date first (ties: loaded later first)."""
    ids = sorted(set(document_ids))
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    rows = db.execute(
        f"select d.id from documents d where d.id in ({marks}) order by {NEWEST_FIRST_SQL}", ids
    ).fetchall()
    return [int(row[0]) for row in rows]


def countries(db: Database) -> list[str]:
    """The countries of the current updates, alphabetically."""
    rows = db.execute(
        "select distinct country from documents where is_current = 1 and country is not null"
        " order by country"
    ).fetchall()
    return [str(row[0]) for row in rows]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# "Malian", "Iraqi", "Congolese": a loaded country's name followed by a short ending.
_DEMONYM_ENDINGS = ("", "n", "an", "ian", "i", "ese", "ien", "ienne", "ais", "aise")


def resolve_country(db: Database, text: str) -> str | None:
    """The loaded country `text` names ("mali", "Malian", "MALI"), or None."""
    wanted = _fold(text)
    if not wanted:
        return None
    for country in countries(db):
        name = _fold(country)
        if wanted == name or any(wanted == name + end for end in _DEMONYM_ENDINGS):
            return country
        if name.endswith(("a", "e", "o")) and any(
            wanted == name[:-1] + end for end in _DEMONYM_ENDINGS if end
        ):
            return country
    return None


@lru_cache(maxsize=1)
def _known_countries() -> dict[str, str]:
    text = resources.files("store").joinpath("data/countries.txt").read_text("utf-8")
    names = [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]
    return {_fold(name): name for name in names}


def is_country_name(text: str) -> bool:
    """True when `text` is a country of store/data/countries.txt ("Peru", "haiti"), loaded
    or not: "what changed Peru" asks for changes, even though no update on Peru is loaded."""
    return _fold(text) in _known_countries()
