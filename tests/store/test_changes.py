"""What changed between two versions of the Mali sample: exactly what was edited, either order.

tests/data/updates/mali-update-2016-10.txt is the bundled sample with these edits, and only
these: a masthead date (14 October 2016); "reconvene in approximately eight months" (was six);
a new sentence "The next report is expected on 30 December 2016"; 45 victims heard "as at the
end of September" (was 37, August); Ansar Eddine dropped from the listed parties; "now three
women out of the 64 Malian members of the CSA" (was one of 62 of the Comité de Suivi de L'Accord
(CSA) and its sub-committees); "six of its 25" (was "six out its 25": same figure, reworded);
"four of the 34 ministers are women" (new); 2.1 per cent of military personnel as of August 2016
(was 1.78, May); the national staff figure dropped; communal elections "now scheduled for 18
December 2016" (was November 2016).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from store.changes import (
    ChangesError,
    all_latest_changes,
    changes_between,
    changes_for_document,
    latest_changes,
)
from store.db import Store
from store.ingest import ingest_raw
from store.queries import list_events, list_facts
from store.readers import read_source
from tests.conftest import MALI, REPO, VELORIA

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
UPDATES = REPO / "tests" / "data" / "updates"
OCT = UPDATES / "mali-update-2016-10.txt"
MAR = UPDATES / "mali-update-2017-03.txt"
UNDATED = UPDATES / "mali-notes-undated.txt"


def load(path: Path, *docs: Path) -> Store:
    store = Store(path)
    for doc in docs:
        ingest_raw(store.db, read_source(str(doc)), NOW)
    return store


def fact(f: dict[str, Any]) -> tuple[Any, ...]:
    return (f["subject"], f["measure"], f["value"], f["total"], f["as_of"])


def event(e: dict[str, Any]) -> tuple[Any, ...]:
    return (e["kind"], e["title"], e["date"], e["precision"], e["approximate"])


def summary(changes: dict[str, Any]) -> dict[str, Any]:
    """The JSON object with each FACT and EVENT cut to what identifies it."""
    return {
        "country": changes["country"],
        "from": changes["from"],
        "to": changes["to"],
        "facts": {
            "changed": [
                (c["subject"], c["measure"], fact(c["before"]), fact(c["after"]))
                for c in changes["facts"]["changed"]
            ],
            "added": [fact(f) for f in changes["facts"]["added"]],
            "removed": [fact(f) for f in changes["facts"]["removed"]],
        },
        "events": {
            "changed": [
                (c["kind"], c["title"], event(c["before"]), event(c["after"]))
                for c in changes["events"]["changed"]
            ],
            "added": [event(e) for e in changes["events"]["added"]],
            "removed": [event(e) for e in changes["events"]["removed"]],
        },
    }


CSA_OLD = "Malian members of the Comité de Suivi de L'Accord (CSA) and its sub-committees"
PARTIES = "listed parties as credibly suspected of patterns of conflict-related sexual violence"
EXPECTED = {
    "country": "Mali",
    "from": {"document": "mali-ieg-2016.txt", "date": "2016-08"},
    "to": {"document": "mali-update-2016-10.txt", "date": "2016-10-14"},
    "facts": {
        "changed": [
            (
                "victims",
                "cases",
                ("victims", "cases", 37, 113, "2016-08-31"),
                ("victims", "cases", 45, 113, "2016-09-30"),
            ),
            (
                "parties",
                PARTIES,
                ("parties", PARTIES, 5, None, "2016-06"),
                ("parties", PARTIES, 4, None, "2016-06"),
            ),
            (
                "women",
                "Malian members of the CSA",
                ("women", CSA_OLD, 1, 62, None),
                ("women", "Malian members of the CSA", 3, 64, None),
            ),
            (
                "women",
                "military personnel",
                ("women", "military personnel", 1.78, None, "2016-05"),
                ("women", "military personnel", 2.1, None, "2016-08"),
            ),
        ],
        "added": [("women", "ministers", 4, 34, None)],
        "removed": [("women", "national staff", 20, None, None)],
    },
    "events": {
        "changed": [
            (
                "reconvene",
                "Next IEG meeting on Mali",
                ("reconvene", "Next IEG meeting on Mali", "2016-08-29", "approximate", True),
                ("reconvene", "Next IEG meeting on Mali", "2016-10-29", "approximate", True),
            ),
            (
                "elections",
                "Communal elections in Mali",
                ("elections", "Communal elections in Mali", "2016-11", "month", False),
                ("elections", "Communal elections in Mali", "2016-12-18", "day", False),
            ),
        ],
        "added": [
            (
                "report_due",
                "Next Secretary-General report on Mali due",
                "2016-12-30",
                "day",
                False,
            )
        ],
        "removed": [],
    },
}


@pytest.mark.parametrize("order", [(MALI, OCT), (OCT, MALI)], ids=["in-order", "reversed"])
def test_exactly_what_was_edited_and_nothing_else(tmp_path: Path, order: tuple[Path, ...]) -> None:
    store = load(tmp_path / "c.db", *order)
    changes = latest_changes(store.db, "Mali").to_json()
    assert summary(changes) == EXPECTED


def test_facts_and_events_are_the_objects_facts_and_events_json_print(tmp_path: Path) -> None:
    store = load(tmp_path / "c.db", MALI, OCT)
    changes = latest_changes(store.db, "Mali").to_json()
    facts = {f["id"]: f for f in list_facts(store.db)}
    events = {e["id"]: e for e in list_events(store.db)}
    for change in changes["facts"]["changed"]:
        assert set(change) == {"subject", "measure", "before", "after"}
        assert change["before"] == facts[change["before"]["id"]]
        assert change["after"] == facts[change["after"]["id"]]
    assert changes["facts"]["added"] == [facts[changes["facts"]["added"][0]["id"]]]
    for change in changes["events"]["changed"]:
        assert set(change) == {"kind", "title", "before", "after"}
        assert change["after"] == events[change["after"]["id"]]
    assert set(changes) == {"country", "from", "to", "facts", "events"}
    assert set(changes["facts"]) == set(changes["events"]) == {"changed", "added", "removed"}
    json.dumps(changes)  # plain JSON


def test_the_same_document_against_itself_changes_nothing(tmp_path: Path) -> None:
    store = load(tmp_path / "c.db", MALI)
    changes = changes_between(store.db, 1, 1)
    assert changes.empty and changes.to_json()["facts"] == {
        "changed": [],
        "added": [],
        "removed": [],
    }


def test_the_two_latest_by_date_and_since_a_date(tmp_path: Path) -> None:
    store = load(tmp_path / "c.db", MAR, MALI, OCT)
    latest = latest_changes(store.db, "Mali")
    assert (latest.older.title, latest.newer.title) == (OCT.name, MAR.name)
    assert [(c.before["value"], c.after["value"]) for c in latest.facts_changed] == [
        (3, 4),  # the CSA, now "of the Comité de Suivi de L'Accord (CSA) and its sub-committees"
        (2.1, 2.4),
    ]
    # the TRC is worded a third way ("Six of the 25 members of the …") and did not move
    assert not any("Truth" in c.after["measure"] for c in latest.facts_changed)
    # elections held on 20 November instead of 18 December: the date moved again
    assert [(c.before["date"], c.after["date"]) for c in latest.events_changed] == [
        ("2016-10-29", "2017-07-24"),  # reconvening, now six months after 24 January 2017
        ("2016-12-18", "2016-11-20"),
    ]
    since = latest_changes(store.db, "Mali", since="2016-09-30")
    assert (since.older.title, since.newer.title) == (MALI.name, MAR.name)
    assert latest_changes(store.db, "Mali", since="2016-10-14").older.title == OCT.name


@pytest.mark.parametrize(
    ("country", "since", "message"),
    [
        ("Peru", None, "no update on Peru is loaded"),
        (
            "Veloria",
            None,
            "only one update on Veloria is loaded (veloria-sample-2027.txt, 2027-03)",
        ),
        ("Mali", "2016-02-30", "“2016-02-30” is not a date: write it as YYYY-MM-DD"),
        (
            "Mali",
            "2016-01-01",
            "no update on Mali is dated on or before 2016-01-01; the earliest is"
            " mali-ieg-2016.txt (2016-08)",
        ),
    ],
)
def test_nothing_to_compare_is_one_clear_message(
    tmp_path: Path, country: str, since: str | None, message: str
) -> None:
    store = load(tmp_path / "c.db", MALI, OCT, VELORIA)
    with pytest.raises(ChangesError) as caught:
        latest_changes(store.db, country, since)
    assert str(caught.value).startswith(message)


def test_every_country_with_two_updates(tmp_path: Path) -> None:
    store = load(tmp_path / "c.db", OCT, VELORIA, MALI)
    found, single = all_latest_changes(store.db)
    assert [c.country for c in found] == ["Mali"] and single == ["Veloria"]


def test_what_a_document_just_loaded_changed(tmp_path: Path) -> None:
    store = load(tmp_path / "c.db", OCT, MALI)
    ids = {row[1]: row[0] for row in store.db.execute("select id, title from documents")}
    assert changes_for_document(store.db, ids[MALI.name]) is None  # the oldest: nothing before
    changed = changes_for_document(store.db, ids[OCT.name])
    assert changed is not None and changed.older.title == MALI.name
    # a new version of the same file is compared with the version it replaced
    copy = tmp_path / "note.txt"
    copy.write_text("\n" + MALI.read_text("utf-8"), encoding="utf-8")  # not the same bytes
    assert ingest_raw(store.db, read_source(str(copy)), NOW).status == "added"
    copy.write_text(
        MALI.read_text("utf-8").replace(
            "only one woman out of the 62", "only two women out of the 62"
        ),
        encoding="utf-8",
    )
    result = ingest_raw(store.db, read_source(str(copy)), NOW)
    assert result.status == "replaced"
    revised = changes_for_document(store.db, result.document_id)
    assert revised is not None and revised.older.title == revised.newer.title == "note.txt"
    assert [(c.before["value"], c.after["value"]) for c in revised.facts_changed] == [(1, 2)]
    assert revised.facts_added == revised.facts_removed == []
    assert revised.events_changed == []
    assert revised.events_added == revised.events_removed == []


@pytest.mark.parametrize("order", [(MALI, OCT), (OCT, MALI)], ids=["in-order", "reversed"])
def test_deadlines_follow_the_newest_update_whichever_is_loaded_last(
    tmp_path: Path, order: tuple[Path, ...]
) -> None:
    store = load(tmp_path / "c.db", *order)
    rows = store.db.execute(
        "select dl.title, dl.due, dl.status, doc.title from deadlines dl"
        " join documents doc on doc.id = dl.document_id"
        " where dl.kind in ('ieg-reconvene', 'elections', 'sg-report') order by dl.title, dl.due"
    ).fetchall()
    assert rows == [
        # moved to December by the newer update: the November date no longer stands
        ("Communal elections in Mali", "2016-11", "superseded", MALI.name),
        ("Communal elections in Mali", "2016-12-18", "upcoming", OCT.name),
        # "in approximately eight months" (was six) after the same meeting: the date moved
        ("Informal Expert Group meets again on Mali", "2016-10-29", "upcoming", OCT.name),
        ("Next Secretary-General report on Mali due", "2016-12-30", "upcoming", OCT.name),
    ]


def test_a_coordinators_decision_is_never_undone_by_a_newer_update(tmp_path: Path) -> None:
    from store.deadlines import confirm, dismiss

    store = load(tmp_path / "c.db", MALI)
    ids = dict(store.db.execute("select kind, id from deadlines").fetchall())
    confirm(store.db, ids["ieg-reconvene"], NOW)
    dismiss(store.db, ids["elections"], NOW)
    ingest_raw(store.db, read_source(str(OCT)), NOW)
    rows = dict(
        store.db.execute(
            "select id, due || ' ' || status from deadlines where id in (?, ?)",
            [ids["ieg-reconvene"], ids["elections"]],
        ).fetchall()
    )
    assert rows == {
        ids["ieg-reconvene"]: "2016-08-29 confirmed",  # confirmed: the coordinator's date
        ids["elections"]: "2016-11 dismissed",
    }


def test_since_a_date_after_the_latest_update_is_nothing_new(tmp_path: Path) -> None:
    store = load(tmp_path / "c.db", MALI, OCT)
    changes = latest_changes(store.db, "Mali", since="2016-12-01")
    assert changes.older == changes.newer and changes.newer.title == OCT.name
    assert changes.empty
