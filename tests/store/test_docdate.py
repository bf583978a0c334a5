"""Every document gets a date, and says where it came from: the fallback chain of docdate."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from store.db import Store, connect
from store.docdate import RULE_NAMES, DatedItem, DocumentDate, document_date, reported
from store.ingest import ingest_raw
from store.readers import read_source
from tests.conftest import MALI, REPO

LOADED = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
UPDATES = REPO / "tests" / "data" / "updates"
REALTEXTS = REPO.parent / "shared" / "realtexts"


def date_of(text: str, items: list[DatedItem] | None = None) -> DocumentDate:
    return document_date(text, items or [], LOADED)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # masthead: alone on its line, or on the distribution line of a UN document
        ("Background note\n29 September 2016\n\nThe Council met.", ("2016-09-29", "masthead")),
        ("S/2016/819\nDistr.: General 29 September 2016\n", ("2016-09-29", "masthead")),
        # dateline: a press dateline, or a title that ends with its date
        (
            "NEW YORK, 29 June 2016 – The Security Council today adopted …",
            ("2016-06-29", "dateline"),
        ),
        ("Bamako, le 12 mars 2016 : la mission a …", ("2016-03-12", "dateline")),
        (
            "Summary of the follow-up meeting on Iraq held on 18 October 2016\n\nText.",
            ("2016-10-18", "dateline"),
        ),
        ("Summary of the meeting on Mali Held On 5 June 2018\n\nText.", ("2018-06-05", "dateline")),
        # updated: at the top or the bottom of the page
        ("Last updated on 2 March 2017\n\nWomen in Mali.", ("2017-03-02", "updated")),
        ("Country page\n\nText of the page.\n\nUpdated: 2017-05-03\n", ("2017-05-03", "updated")),
        ("Fiche pays\n\nMis à jour le 3 mai 2017\n\nTexte.", ("2017-05-03", "updated")),
        # letter: the covering letter of an IEG summary
        (
            "Letter dated 22 December 2016 from the Permanent Representatives of Spain\n\nText.",
            ("2016-12-22", "letter"),
        ),
        # symbol: the document's own symbol at its top gives a year
        ("United Nations S/2016/819\nSecurity Council\n\nReport of …", ("2016", "symbol")),
        ("S/2015/426*\nReport of the Secretary-General\n", ("2015", "symbol")),
    ],
)
def test_each_rule_of_the_chain(text: str, expected: tuple[str, str]) -> None:
    assert date_of(text) == DocumentDate(*expected)


def test_a_symbol_quoted_in_the_text_is_another_documents() -> None:
    text = "The group met. A record of the meeting was issued as S/2016/682.\n"
    assert date_of(text) == DocumentDate("2026-11-28", "loaded")


def test_a_sentence_that_ends_with_a_date_is_not_a_title() -> None:
    text = "Snapshot\n\nThe information is based on the report issued on 13 March 2014.\n"
    assert date_of(text).source == "loaded"


def test_the_first_rule_that_finds_a_date_wins() -> None:
    text = "Letter dated 22 December 2016 from the Co-Chairs\n\nLast updated on 3 January 2017\n"
    assert date_of(text) == DocumentDate("2017-01-03", "updated")  # updated comes before letter
    masthead = "S/2016/819\nDistr.: General\n29 September 2016\nLetter dated 2 August 2016\n"
    assert date_of(masthead) == DocumentDate("2016-09-29", "masthead")


def test_reported_is_the_latest_date_that_is_not_a_plan() -> None:
    items = [
        DatedItem("meeting", "2016-02-29", "The group met on February 29th 2016."),
        DatedItem("other", "2016-08", "As at the end of August, only 37 victims …"),
        DatedItem("elections", "2016-11", "… the upcoming communal elections scheduled for …"),
        DatedItem("reconvene", "2016-08-29", "The group resolved to reconvene …", "2016-02-29"),
        DatedItem("report_due", "2016-12-30", "The next report is expected on 30 December."),
        DatedItem("resolution", "2015", "resolution 2253 (2015)"),
        DatedItem("visit", "2017-01", "A visit will take place in January 2017."),
    ]
    assert reported(items) == "2016-08"
    assert date_of("No date here.", items) == DocumentDate("2016-08", "reported")
    # bare years only when nothing more precise is reported
    assert reported([DatedItem("resolution", "2015", "resolution 2253 (2015)")]) == "2015"


def test_no_date_at_all_is_the_load_date_flagged() -> None:
    dated = date_of("Notes for the team.\n\nSix of the 25 members are women.")
    assert dated == DocumentDate("2026-11-28", "loaded")
    assert dated.flagged
    assert RULE_NAMES == (
        "masthead", "dateline", "updated", "letter", "symbol", "reported", "loaded",
    )  # fmt: skip


def test_hostile_lines_cost_no_more_than_normal_ones() -> None:
    text = ("A, " * 50_000) + "\n" + ("Letter dated " * 20_000) + "\n"
    assert date_of(text).source == "loaded"


def test_ingest_stores_the_date_and_its_source(store: Store) -> None:
    for path in [MALI, *sorted(UPDATES.glob("*.txt"))]:
        ingest_raw(store.db, read_source(str(path)), LOADED)
    rows = store.db.execute(
        "select title, doc_date, date, date_source from documents order by id"
    ).fetchall()
    assert rows == [
        ("mali-ieg-2016.txt", None, "2016-08", "reported"),  # "As at the end of August"
        ("mali-notes-undated.txt", None, "2026-11-28", "loaded"),
        ("mali-update-2016-10.txt", "2016-10-14", "2016-10-14", "masthead"),
        ("mali-update-2017-03.txt", None, "2017-03-02", "updated"),
    ]


def test_the_migration_dates_documents_loaded_before_it(tmp_path: Path) -> None:
    """A database from before m005: its documents get their dates from their stored text."""
    from sqlite_utils import Database

    from store.db import migrations

    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m005_document_dates")
    old.execute(
        "insert into documents (source, title, sha256, ingested_at, is_current, text, doc_date)"
        " values ('a', 'a.txt', 'x', '2026-01-02T03:04:05+00:00', 1, 'Letter dated 2 May 2016"
        " from the Co-Chairs', null), ('b', 'b.txt', 'y', '2026-01-02T03:04:05+00:00', 1,"
        " 'No date.', null), ('c', 'c.txt', 'z', '2026-01-02T03:04:05+00:00', 1, '…',"
        " '2016-09-29')"
    )
    old.conn.commit()
    old.close()
    db = connect(path)
    assert db.execute("select title, date, date_source from documents order by id").fetchall() == [
        ("a.txt", "2016-05-02", "letter"),
        ("b.txt", "2026-01-02", "loaded"),
        ("c.txt", "2016-09-29", "masthead"),
    ]


@pytest.mark.skipif(not REALTEXTS.is_dir(), reason="../shared/realtexts is not beside the checkout")
def test_real_un_texts() -> None:
    found = {}
    for name in (
        "ieg_iraq_2016.txt",
        "ieg_lake_chad_2018.txt",
        "ieg_mali_sahel_2018.txt",
        "sg_mali_S2016_819.txt",
    ):
        found[name] = date_of((REALTEXTS / name).read_text("utf-8"))
    assert found == {
        "ieg_iraq_2016.txt": DocumentDate("2016-12-22", "letter"),
        "ieg_lake_chad_2018.txt": DocumentDate("2018-01-30", "masthead"),
        "ieg_mali_sahel_2018.txt": DocumentDate("2018-06-05", "dateline"),
        "sg_mali_S2016_819.txt": DocumentDate("2016-09-29", "masthead"),
    }
