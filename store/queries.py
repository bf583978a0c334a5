"""Read what was extracted: facts and events of the current documents, as plain dicts."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from sqlite_utils import Database

from store.updates import NEWEST_FIRST_SQL


def fact_json(row: dict[str, Any]) -> dict[str, Any]:
    """A facts row (with its document title) as the JSON object users see."""
    fact: dict[str, Any] = {
        "id": row["id"],
        "kind": row["kind"],
        "subject": row["subject"],
        "measure": row["measure"],
        "value": _number(row["value"]),
        "total": _number(row["total"]),
        "unit": row["unit"],
        "as_of": row["as_of"],
        "previous_value": _number(row["previous_value"]),
        "previous_as_of": row["previous_as_of"],
        "qualifier": row["qualifier"],
        "document": row["document"],
        "section": row["section"],
        "quote": row["quote"],
    }
    if row["items"]:
        fact["items"] = json.loads(row["items"])
    return fact


def _number(value: float | None) -> float | int | None:
    """1.0 reads as 1; 1.78 stays 1.78."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def list_facts(
    db: Database, text: str | None = None, *, words: bool = False
) -> list[dict[str, Any]]:
    """Facts of current documents, optionally only those whose sentence or subject has TEXT,
    or one of its other names: an acronym finds its long forms and a long form its acronym
    (`search_forms`). With `words`, each also has the words of its sentence it was read from
    (for writing it as a sentence; not part of the JSON `facts --json` prints)."""
    sql = (
        "select f.*, p.start_offset as passage_start from current_facts f"
        " left join passages p on p.id = f.passage_id"
    )
    params: list[str] = []
    if text:
        conditions: list[str] = []
        for position, form in enumerate(search_forms(db, text)):
            if position and _ACRONYM.fullmatch(form):
                # An acronym found for the text ('UA', 'CVJR') is a word in capitals: as a
                # substring in any case, 'ua' is in 'equal'.
                conditions.append(_AS_WORD)
                params += [f"*[^A-Za-z0-9]{form}[^A-Za-z0-9]*"] * 4
            else:
                conditions.append(_AS_TYPED)
                params += [_like(form)] * 4
        sql += " where " + " or ".join(f"({condition})" for condition in conditions)
    sql += " order by f.document_id, f.start_offset, f.id"
    rows = db.query(sql, params)
    if words:
        return [{**fact_json(row), "words": _own_words(row)} for row in rows]
    return [fact_json(row) for row in rows]


def _own_words(row: dict[str, Any]) -> str:
    """The words of its sentence the figure was read from ('37 victims from the backlog of
    113 cases'), else the whole sentence."""
    quote = str(row["quote"] or "")
    start = row["passage_start"]
    if start is None or row["start_offset"] is None or row["end_offset"] is None:
        return quote
    return quote[max(0, row["start_offset"] - start) : max(0, row["end_offset"] - start)] or quote


_AS_TYPED = (
    "lower(quote) like ? escape '\\' or lower(subject) like ? escape '\\'"
    " or lower(measure) like ? escape '\\' or lower(coalesce(items, '')) like ? escape '\\'"
)
_AS_WORD = (
    "(' ' || quote || ' ') glob ? or (' ' || coalesce(subject, '') || ' ') glob ?"
    " or (' ' || coalesce(measure, '') || ' ') glob ? or (' ' || coalesce(items, '') || ' ') glob ?"
)
_ACRONYM = re.compile(r"(?=(?:.*[A-Z]){2})[A-Z][A-Za-z]{1,9}")  # two capitals; no GLOB characters


def _like(text: str) -> str:
    # The text is matched as typed: % and _ are LIKE's wildcards ("facts %" matched every
    # fact), so they are escaped.
    escaped = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


MAX_FORMS = 20  # the longest glossary entry has a dozen forms; a document may add a few


def search_forms(db: Database, text: str) -> list[str]:
    """TEXT and the other names of what it names: 'TRC' → 'Truth and Reconciliation
    Commission', 'CVJR', ...; 'UN volunteers' → 'UNV', 'United Nations Volunteers', ...

    From the glossary (store/data/glossary.json) and the acronyms loaded documents define
    (table `aliases`). The whole TEXT must be an acronym or one of its long forms, ignoring
    case and accents; a two-letter acronym that is also a word ('AU', 'US') only in capitals.
    """
    from store.aliases import glossary

    typed = " ".join(text.split())
    wanted = _folded(typed)
    groups: dict[str, list[str]] = {}
    for alias in glossary():
        groups.setdefault(alias.alias, [alias.alias]).append(alias.expansion)
    for row in db.query("select alias, expansion from aliases"):
        groups.setdefault(row["alias"], [row["alias"]]).append(row["expansion"])
    forms = [typed]
    for acronym, names in groups.items():
        exact = typed == acronym
        if not exact and len(acronym) <= 2:
            if wanted not in (_folded(name) for name in names[1:]):
                continue
        elif not exact and wanted not in (_folded(name) for name in names):
            continue
        for name in names:
            if _folded(name) not in (_folded(form) for form in forms):
                forms.append(name)
    return forms[:MAX_FORMS]


def _folded(text: str) -> str:
    """Lower case without accents or curly apostrophes, for comparing names."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def event_json(row: dict[str, Any]) -> dict[str, Any]:
    """An events row (with its document title) as the JSON object users see."""
    return {
        "id": row["id"],
        "kind": row["kind"],
        "title": row["title"],
        "date": row["date"],
        "precision": row["precision"],
        "approximate": bool(row["approximate"]),
        "anchor_date": row["anchor_date"],
        "cadence": row["cadence"],
        "symbol": row["symbol"],
        "document": row["document"],
        "section": row["section"],
        "quote": row["quote"],
    }


def list_events(db: Database) -> list[dict[str, Any]]:
    """Events of current documents in date order (undated last)."""
    rows = db.query(
        "select * from current_events order by date is null, date, document_id, start_offset"
    )
    return [event_json(row) for row in rows]


def list_documents(db: Database) -> list[dict[str, Any]]:
    """Current documents with their fact and event counts, newest document date first (ties:
    loaded later first); `date_source` says where each date came from ("loaded": a flag)."""
    return list(
        db.query(
            "select d.id, d.title, d.source, d.country, d.doc_date, d.date, d.date_source,"
            " d.ingested_at,"
            " (select count(*) from facts f where f.document_id = d.id) as facts,"
            " (select count(*) from events e where e.document_id = d.id) as events"
            f" from documents d where d.is_current = 1 order by {NEWEST_FIRST_SQL}"
        )
    )
