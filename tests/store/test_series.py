"""Series keys, how two keys are matched, and a fact's series across the updates of its country."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path

import pytest

from store.db import Store
from store.ingest import ingest_raw
from store.readers import read_source
from store.series import (
    MATCH_RULES,
    SeriesError,
    SeriesKey,
    fact_series,
    key_words,
    pair_facts,
    series_key,
    series_match,
)
from store.updates import latest_first, updates
from tests.conftest import MALI, REPO

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
UPDATES = REPO / "tests" / "data" / "updates"
OCT = UPDATES / "mali-update-2016-10.txt"
MAR = UPDATES / "mali-update-2017-03.txt"
UNDATED = UPDATES / "mali-notes-undated.txt"


def load(store: Store, *paths: Path) -> Store:
    for path in paths:
        ingest_raw(store.db, read_source(str(path)), NOW)
    return store


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "Malian members of the Comité de Suivi de L'Accord (CSA) and its sub-committees",
            ["CSA", "malian", "member", "sub-committee"],
        ),
        ("Malian members of the CSA", ["CSA", "malian", "member"]),
        ("Malian members of the Agreement Monitoring Committee", ["CSA", "malian", "member"]),
        ("members of the CVJR", ["TRC", "member"]),  # the French acronym is the same body
        ("members of the Truth and Reconciliation Commission", ["TRC", "member"]),
        (
            "on the lists of candidates for the upcoming communal elections scheduled for"
            " November 2016",
            ["candidate", "communal", "election", "list"],
        ),
        ("communal elections, now scheduled for 18 December 2016", ["communal", "election"]),
        ("meetings on Mali in 2016", ["mali", "meeting"]),
        ("the 21-member cabinet", ["cabinet", "member"]),
        ("UN volunteers", ["UNV"]),
        ("United Nations Volunteers", ["UNV"]),
        ("women’s organizations", ["organization", "woman"]),
        ("", []),
    ],
)
def test_key_words(text: str, words: list[str]) -> None:
    assert key_words(text) == words


def test_the_keys_of_the_sample(store: Store) -> None:
    load(store, MALI)
    keys = [row[0] for row in store.db.execute("select series_key from facts order by id")]
    assert keys == [
        "quota|woman|institution national|",
        "list|group member platform|group platform|",
        "count|victim|case|",
        "list|party|CRSV credibly listed party pattern suspected|",
        "count|woman|CSA malian member sub-committee|",
        "count|woman|TRC member|",
        "share|woman|military personnel|",
        "share|woman|UNV|",
        "share|woman|national staff|",
        "count|budgeted post|MINUSMA WPA budgeted post|",
        "count|budgeted post|budgeted gender post|",
        "count|vacancy|gender unit vacancy|",
        "quota|woman|candidate communal election list|",
        "count|meeting|mali meeting|",
    ]


def test_evidence_qualifiers_make_different_series() -> None:
    assert series_key("count", "cases", "cases of CRSV", "count", "verified") == (
        "count|case|CRSV case|verified"
    )
    assert series_key("count", "cases", "cases of CRSV", "count", "Documented") == (
        "count|case|CRSV case|documented"
    )
    # other qualifiers describe the figure, they do not split it
    assert series_key("count", "posts", "budgeted posts", "count", "budgeted") == (
        "count|post|budgeted post|"
    )
    assert series_match("count|case|CRSV case|verified", "count|case|CRSV case|documented") is None


@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [
        ("count|woman|CSA malian member|", "count|woman|CSA malian member|", "same words"),
        (
            "count|woman|CSA malian member sub-committee|",
            "count|woman|CSA malian member|",
            "one within the other",
        ),
        ("count|woman|CSA member|", "count|woman|CSA|", "one within the other"),  # a name
        (
            "quota|woman|candidate communal election list|",
            "quota|woman|candidate communal election local list|",
            "one within the other",
        ),
        (
            "share|woman|military personnel uniformed|",
            "share|woman|military personnel deployed|",
            "most words shared",
        ),
    ],
)
def test_keys_that_name_one_series(a: str, b: str, rule: str) -> None:
    match = series_match(a, b)
    assert match is not None and match.rule == rule
    assert series_match(b, a) == match  # symmetric


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("count|woman|CSA malian member|", "count|woman|TRC member|"),  # different bodies
        ("count|woman|CSA member|", "share|woman|CSA member|"),  # a count is not a share
        ("quota|woman|national institution|", "share|woman|national institution|"),
        ("count|woman|CSA member|", "count|victim|CSA member|"),  # another subject
        ("share|woman|military personnel|", "share|woman|police personnel|"),  # 1 of 3 words
        ("count|woman|member|", "count|woman|member parliament|"),  # one word is too little
        (
            "count|budgeted post|MINUSMA WPA budgeted post|",
            "count|budgeted post|budgeted gender post|",
        ),
        ("count|||", "count|||"),  # nothing to recognise it by
    ],
)
def test_keys_that_do_not(a: str, b: str) -> None:
    assert series_match(a, b) is None


def test_rules_are_a_named_table_in_order() -> None:
    assert [rule.name for rule in MATCH_RULES] == [
        "same words",
        "one within the other",
        "most words shared",
    ]
    assert all(rule.why for rule in MATCH_RULES)
    key = SeriesKey.parse("count|woman|CSA malian member|")
    assert key.names == frozenset({"CSA"}) and key.family == "count" and key.subject == "woman"


def test_pairing_prefers_the_identical_figure_then_the_nearer_place() -> None:
    key = "count|woman|CSA member|"
    pairs = pair_facts(
        [(1, key, (1, 62)), (2, key, (3, 64))],
        [(10, key, (5, 70)), (11, key, (3, 64))],
    )
    assert [(old, new) for old, new, _ in pairs] == [(2, 11), (1, 10)]


ORDERS = list(itertools.permutations([MALI, OCT, MAR]))


@pytest.mark.parametrize("order", ORDERS, ids=["-".join(p.stem[-7:] for p in o) for o in ORDERS])
def test_the_csa_series_is_in_date_order_whatever_the_load_order(
    tmp_path: Path, order: tuple[Path, ...]
) -> None:
    store = load(Store(tmp_path / "s.db"), *order)
    csa = store.db.execute(
        "select f.id from facts f join documents d on d.id = f.document_id"
        " where d.title = 'mali-update-2016-10.txt' and f.quote like '%CSA%'"
    ).fetchone()[0]
    series = fact_series(store.db, csa)
    assert [(p.value, p.total, p.document, p.date, p.date_source) for p in series.points] == [
        (1, 62, "mali-ieg-2016.txt", "2016-08", "reported"),
        (3, 64, "mali-update-2016-10.txt", "2016-10-14", "masthead"),
        (4, 66, "mali-update-2017-03.txt", "2017-03-02", "updated"),
    ]
    assert series.points[0].quote.startswith("There is only one woman out of the 62 Malian")
    assert series.measure == (
        "Malian members of the Comité de Suivi de L'Accord (CSA) and its sub-committees"
    )  # as the newest update words it
    assert series.plots_shares  # 1 of 62, 3 of 64, 4 of 66: the shares compare
    assert [round(v or 0, 1) for v in series.plotted] == [1.6, 4.7, 6.1]
    # the series is the same from whichever of its facts it is asked
    for point in series.points:
        assert fact_series(store.db, point.fact_id).points == series.points
    # and the history of the country is in date order too
    assert [ref.title for ref in updates(store.db, "Mali")] == [
        "mali-ieg-2016.txt",
        "mali-update-2016-10.txt",
        "mali-update-2017-03.txt",
    ]
    ids = [ref.id for ref in updates(store.db, "Mali")]
    assert latest_first(store.db, ids) == ids[::-1]


def test_series_of_shares_and_a_figure_given_once(store: Store) -> None:
    load(store, MAR, MALI, OCT)
    military = store.db.execute(
        "select id from facts where quote like 'As of May 2016, 1.78 percent%'"
    ).fetchone()[0]
    series = fact_series(store.db, military)
    assert [(p.value, p.as_of, p.when) for p in series.points] == [
        (1.78, "2016-05", "2016-05"),
        (2.1, "2016-08", "2016-08"),
        (2.4, "2017-01", "2017-01"),
    ]
    assert series.unit == "percent" and series.plotted == [1.78, 2.1, 2.4]
    staff = store.db.execute("select id from facts where measure = 'national staff'").fetchone()[0]
    assert len(fact_series(store.db, staff).points) == 1  # the October update dropped it
    with pytest.raises(SeriesError):
        fact_series(store.db, 10_000)


def test_an_undated_update_is_flagged_and_sorts_by_its_load_date(store: Store) -> None:
    load(store, UNDATED, MALI)
    csa = store.db.execute("select id from facts where quote like '%only two women%'").fetchone()[0]
    points = fact_series(store.db, csa).points
    assert [(p.value, p.date, p.date_source) for p in points] == [
        (1, "2016-08", "reported"),
        (2, "2026-11-28", "loaded"),
    ]


def test_the_migration_keys_facts_loaded_before_it(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from store.db import connect, migrations

    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m006_fact_series")
    old.execute(
        "insert into facts (kind, subject, measure, value, total, unit, qualifier) values"
        " ('count', 'women', 'members of the CVJR', 6, 25, 'count', null),"
        " ('count', 'cases', 'cases of CRSV', 9, null, 'count', 'verified')"
    )
    old.conn.commit()
    old.close()
    keys = [row[0] for row in connect(path).execute("select series_key from facts order by id")]
    assert keys == ["count|woman|TRC member|", "count|case|CRSV case|verified"]
