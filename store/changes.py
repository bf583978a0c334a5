"""What changed between two updates of a country: figures that moved, new and dropped ones, and
the dates added, moved or dropped.

Facts are paired by their series keys (store/series.py), one to one. A pair whose figure
differs (value, total, unit or the items of a list) is *changed*; a pair with the same figure is
unchanged and not listed, however its sentence was reworded or its `as_of` restated. A fact of
the newer update with no pair is *added*; one of the older with no pair is *removed* (the newer
update no longer mentions it).

Events are paired by kind and title (dates blanked out of the title), or by symbol. For plans —
kinds in `MOVABLE_KINDS` (a reconvening, a due report, elections, a mandate's end, a cadence) —
a pair whose date, precision or cadence differs is *changed* (the date moved). Things that
happened (a meeting, a report, a visit, a resolution) are the same event only on the same date:
the next meeting is a new event, not the last one moved. Dated sentences of no particular kind
(`other`) are left out: their figures are the facts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from store.queries import event_json, fact_json
from store.series import pair_facts
from store.updates import DocumentRef, countries, get_document, updates

MOVABLE_KINDS = frozenset({"reconvene", "report_due", "elections", "mandate", "cadence"})
LEFT_OUT_KINDS = frozenset({"other"})


class ChangesError(ValueError):
    """The request cannot be answered: unknown country, fewer than two updates, bad date."""


@dataclass(frozen=True)
class FactChange:
    """One figure that moved: what it is about, and the fact before and after."""

    subject: str
    measure: str
    before: dict[str, Any]
    after: dict[str, Any]
    rule: str  # which rule of store/series.MATCH_RULES paired them

    def to_json(self) -> dict[str, Any]:
        """{"subject", "measure", "before": FACT, "after": FACT}."""
        return {
            "subject": self.subject,
            "measure": self.measure,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True)
class EventChange:
    """One dated thing whose date (or cadence) moved."""

    kind: str
    title: str
    before: dict[str, Any]
    after: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """{"kind", "title", "before": EVENT, "after": EVENT}."""
        return {"kind": self.kind, "title": self.title, "before": self.before, "after": self.after}


@dataclass(frozen=True)
class Changes:
    """The differences between two updates of one country (`older` may equal `newer`)."""

    country: str | None
    older: DocumentRef
    newer: DocumentRef
    facts_changed: list[FactChange] = field(default_factory=list)
    facts_added: list[dict[str, Any]] = field(default_factory=list)
    facts_removed: list[dict[str, Any]] = field(default_factory=list)
    events_changed: list[EventChange] = field(default_factory=list)
    events_added: list[dict[str, Any]] = field(default_factory=list)
    events_removed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing differs."""
        return not (
            self.facts_changed
            or self.facts_added
            or self.facts_removed
            or self.events_changed
            or self.events_added
            or self.events_removed
        )

    def to_json(self) -> dict[str, Any]:
        """The object `wpsbot changes --json` prints (FACT and EVENT as `facts`/`events
        --json` print them)."""
        return {
            "country": self.country,
            "from": {"document": self.older.title, "date": self.older.date},
            "to": {"document": self.newer.title, "date": self.newer.date},
            "facts": {
                "changed": [c.to_json() for c in self.facts_changed],
                "added": self.facts_added,
                "removed": self.facts_removed,
            },
            "events": {
                "changed": [c.to_json() for c in self.events_changed],
                "added": self.events_added,
                "removed": self.events_removed,
            },
        }


def _facts(db: Database, document_id: int) -> list[dict[str, Any]]:
    rows = db.query(
        "select facts.*, documents.title as document from facts"
        " join documents on documents.id = facts.document_id"
        " where facts.document_id = ? order by facts.start_offset, facts.id",
        [document_id],
    )
    return list(rows)


def _events(db: Database, document_id: int) -> list[dict[str, Any]]:
    rows = db.query(
        "select events.*, documents.title as document from events"
        " join documents on documents.id = events.document_id"
        " where events.document_id = ? order by events.start_offset, events.id",
        [document_id],
    )
    return [row for row in rows if row["kind"] not in LEFT_OUT_KINDS]


def _figure(row: dict[str, Any]) -> tuple[Any, ...]:
    """What must differ for a figure to have moved."""
    items = tuple(sorted(json.loads(row["items"]))) if row.get("items") else ()
    return (row["value"], row["total"], row["unit"], items)


def compare_facts(
    older: list[dict[str, Any]], newer: list[dict[str, Any]]
) -> tuple[list[FactChange], list[dict[str, Any]], list[dict[str, Any]]]:
    """(changed, added, removed) between two updates' facts rows, in document order."""
    pairs = pair_facts(
        ((row["id"], row["series_key"] or "", _figure(row)) for row in older),
        ((row["id"], row["series_key"] or "", _figure(row)) for row in newer),
    )
    by_id = {row["id"]: row for row in [*older, *newer]}
    paired_old = {old for old, _, _ in pairs}
    paired_new = {new: (old, match) for old, new, match in pairs}
    changed = []
    for row in newer:  # in the newer update's order
        if row["id"] not in paired_new:
            continue
        old_id, match = paired_new[row["id"]]
        before = by_id[old_id]
        if _figure(before) != _figure(row):
            changed.append(
                FactChange(
                    subject=row["subject"] or "",
                    measure=row["measure"] or "",
                    before=fact_json(before),
                    after=fact_json(row),
                    rule=match.rule,
                )
            )
    added = [fact_json(row) for row in newer if row["id"] not in paired_new]
    removed = [fact_json(row) for row in older if row["id"] not in paired_old]
    return changed, added, removed


_ISO_IN_TITLE = re.compile(r"\b(?:19|20)\d\d(?:-\d\d){0,2}\b")


def event_key(row: dict[str, Any]) -> tuple[str, str]:
    """(kind, identity): the symbol when there is one, else the title without its dates."""
    if row.get("symbol"):
        return (row["kind"], str(row["symbol"]).lower())
    from store.extract.dates import find_dates

    title = str(row.get("title") or "")
    for mention in reversed(find_dates(title, 2000)):
        title = title[: mention.start] + title[mention.end :]
    title = _ISO_IN_TITLE.sub(" ", title)
    return (row["kind"], " ".join(re.findall(r"\w+", title.lower())))


def _when(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["date"], row["precision"], bool(row["approximate"]), row["cadence"])


def compare_events(
    older: list[dict[str, Any]], newer: list[dict[str, Any]]
) -> tuple[list[EventChange], list[dict[str, Any]], list[dict[str, Any]]]:
    """(changed, added, removed) between two updates' events rows, in document order."""

    def identity(row: dict[str, Any]) -> tuple[Any, ...]:
        """A plan is the same whatever its date; a thing that happened, only on its date."""
        kind, name = event_key(row)
        return (kind, name) if kind in MOVABLE_KINDS else (kind, name, row["date"])

    def first_each(rows: list[dict[str, Any]]) -> dict[tuple[Any, ...], dict[str, Any]]:
        """Each event once, by identity, where the update first names it."""
        seen: dict[tuple[Any, ...], dict[str, Any]] = {}
        for row in rows:
            seen.setdefault(identity(row), row)  # the same thing named twice is one event
        return seen

    old = first_each(older)
    new = first_each(newer)
    changed = [
        EventChange(row["kind"], row["title"], event_json(old[key]), event_json(row))
        for key, row in new.items()
        if key in old and _when(old[key]) != _when(row)
    ]
    added = [event_json(row) for key, row in new.items() if key not in old]
    removed = [event_json(row) for key, row in old.items() if key not in new]
    return changed, added, removed


def changes_between(db: Database, older_id: int, newer_id: int) -> Changes:
    """What changed from one update to another (any two documents, by id)."""
    older = get_document(db, older_id)
    newer = get_document(db, newer_id)
    if older is None or newer is None:
        raise ChangesError(f"no document #{older_id if older is None else newer_id}")
    facts = compare_facts(_facts(db, older_id), _facts(db, newer_id))
    events = compare_events(_events(db, older_id), _events(db, newer_id))
    return Changes(newer.country, older, newer, *facts, *events)


def _valid_day(text: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise ChangesError(f"“{text}” is not a date: write it as YYYY-MM-DD") from None


def latest_changes(db: Database, country: str, since: str | None = None) -> Changes:
    """Between the two latest updates of `country` (by document date), or, with `since`
    (YYYY-MM-DD), between the latest update dated on or before that day and the latest one.

    Raises ChangesError with a message for the user when there is nothing to compare.
    """
    history = updates(db, country)
    if not history:
        raise ChangesError(f"no update on {country} is loaded")
    newest = history[-1]
    if since is None:
        if len(history) < 2:
            raise ChangesError(
                f"only one update on {country} is loaded ({newest.title}, {newest.date}):"
                " nothing to compare it with"
            )
        return changes_between(db, history[-2].id, newest.id)
    day = _valid_day(since)
    before = [ref for ref in history if ref.date <= day]
    if not before:
        raise ChangesError(
            f"no update on {country} is dated on or before {day}; the earliest is "
            f"{history[0].title} ({history[0].date})"
        )
    return changes_between(db, before[-1].id, newest.id)


def changes_for_document(db: Database, document_id: int) -> Changes | None:
    """What an update just loaded changed: against the version of the same file it replaced,
    else against the update of its country dated just before it (ties: loaded before it);
    None when there is neither."""
    doc = get_document(db, document_id)
    if doc is None:
        return None
    replaced = db.execute(
        "select old.id from documents old join documents new on new.source = old.source"
        " where new.id = ? and old.id < new.id order by old.id desc limit 1",
        [document_id],
    ).fetchone()
    if replaced:
        return changes_between(db, int(replaced[0]), document_id)
    ids = [ref.id for ref in updates(db, doc.country)]
    if document_id in ids and ids.index(document_id) > 0:
        return changes_between(db, ids[ids.index(document_id) - 1], document_id)
    return None


def all_latest_changes(db: Database) -> tuple[list[Changes], list[str]]:
    """For every country with two updates or more, its latest changes; and the countries
    left out (one update only), for a note."""
    found: list[Changes] = []
    single: list[str] = []
    for country in countries(db):
        if len(updates(db, country)) >= 2:
            found.append(latest_changes(db, country))
        else:
            single.append(country)
    return found, single
