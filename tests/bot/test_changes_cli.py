"""`wpsbot changes` and `wpsbot series` as a user runs them (real processes, real databases)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from handlers.trend import iso_text
from tests.bot.test_cli import wpsbot
from tests.conftest import MALI, REPO, VELORIA
from tests.store.test_changes import EXPECTED, MAR, OCT, summary


def ingest(db: Path, *paths: Path) -> None:
    done = wpsbot("ingest", *map(str, paths), db=db)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("order", [(MALI, OCT), (OCT, MALI)], ids=["in-order", "reversed"])
def test_changes_json_lists_exactly_what_was_edited(
    tmp_path: Path, order: tuple[Path, ...]
) -> None:
    db = tmp_path / "c.db"
    ingest(db, *order)
    done = wpsbot("changes", "--json", db=db)
    assert done.returncode == 0 and done.stderr == ""
    lines = done.stdout.splitlines()
    assert len(lines) == 1  # one country loaded: one object
    assert summary(json.loads(lines[0])) == EXPECTED
    assert json.loads(wpsbot("changes", "mali", "--json", db=db).stdout) == json.loads(lines[0])


CHANGES_TEXT = """\
Mali: from mali-ieg-2016.txt (Aug 2016, latest date it reports on) to mali-update-2016-10.txt (14 Oct 2016).
Figures: 4 moved, 1 new, 1 no longer mentioned. Dates: 2 moved, 1 new.
  Moved: victims — cases: 37 of 113 (as of 31 Aug 2016) → 45 of 113 (as of 30 Sep 2016)
  Moved: parties — listed parties as credibly suspected of patterns of conflict-related sexual violence: 5 listed (as of Jun 2016) → 4 listed (as of Jun 2016) (dropped Ansar Eddine)
  Moved: women — Malian members of the CSA: 1 of 62 → 3 of 64
  Moved: women — military personnel: 1.78% (as of May 2016) → 2.1% (as of Aug 2016)
  New: women — ministers: 4 of 34
  No longer mentioned: women — national staff: 30% → 20%
  Date moved: Next IEG meeting on Mali: about 29 Aug 2016 → about 29 Oct 2016
  Date moved: Communal elections in Mali: Nov 2016 → 18 Dec 2016
  New date: Next Secretary-General report on Mali due: 30 Dec 2016
"""  # noqa: E501 - the lines are what the terminal shows


def test_changes_text_is_what_the_readme_shows(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    ingest(db, OCT, MALI)
    done = wpsbot("changes", "Mali", db=db)
    assert (done.returncode, done.stdout, done.stderr) == (0, CHANGES_TEXT, "")
    assert CHANGES_TEXT.replace("\n", "") in (REPO / "README.md").read_text("utf-8").replace(
        "\n", ""
    )


def test_several_countries_give_one_object_per_line(tmp_path: Path) -> None:
    older, newer = tmp_path / "ruritania-2026-03.txt", tmp_path / "ruritania-2026-09.txt"
    older.write_text(
        "12 March 2026\n\nThe Informal Expert Group met on the situation in Ruritania.\n\n"
        "Women hold three of the 20 seats on the National Dialogue Commission (NDC).\n",
        encoding="utf-8",
    )
    newer.write_text(
        "14 September 2026\n\nThe Informal Expert Group met on the situation in Ruritania.\n\n"
        "Women hold five of the 20 seats on the National Dialogue Commission (NDC).\n",
        encoding="utf-8",
    )
    db = tmp_path / "c.db"
    ingest(db, newer, MALI, VELORIA, older, OCT)
    done = wpsbot("changes", "--json", db=db)
    assert done.returncode == 0
    objects = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["country"] for o in objects] == ["Mali", "Ruritania"]
    assert [
        (c["before"]["value"], c["after"]["value"]) for c in objects[1]["facts"]["changed"]
    ] == [(3, 5)]
    # the country with one update is named, on stderr, so the JSON stays clean
    assert done.stderr == (
        "wpsbot: only one update on Veloria is loaded (veloria-sample-2027.txt, 2027-03):"
        " nothing to compare it with\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Peru"], "wpsbot: no update on “Peru” is loaded (countries loaded: Mali, Veloria)"),
        (["--since", "2016-13-01"], "wpsbot: “2016-13-01” is not a date: write it as YYYY-MM-DD"),
        (
            ["Mali", "--since", "2015-12-31"],
            "wpsbot: no update on Mali is dated on or before 2015-12-31; the earliest is"
            " mali-ieg-2016.txt (2016-08)",
        ),
        (
            ["Veloria", "--json"],
            "wpsbot: only one update on Veloria is loaded (veloria-sample-2027.txt, 2027-03):"
            " nothing to compare it with",
        ),
    ],
)
def test_bad_input_is_one_line_and_nothing_changes(
    tmp_path: Path, args: list[str], message: str
) -> None:
    db = tmp_path / "c.db"
    ingest(db, MALI, OCT, VELORIA)
    before = wpsbot("facts", "--json", db=db).stdout
    done = wpsbot("changes", *args, db=db)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", message + "\n")
    assert wpsbot("facts", "--json", db=db).stdout == before


def test_changes_since_a_date(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    ingest(db, MAR, OCT, MALI)
    done = wpsbot("changes", "Malian", "--since", "2016-09-30", "--json", db=db)
    data = json.loads(done.stdout)
    assert (data["from"], data["to"]) == (
        {"document": "mali-ieg-2016.txt", "date": "2016-08"},
        {"document": "mali-update-2017-03.txt", "date": "2017-03-02"},
    )
    assert wpsbot("changes", db=tmp_path / "missing.db").stderr.startswith("wpsbot: no database")


def test_series_text_and_json(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    ingest(db, MAR, MALI, OCT)
    done = wpsbot("series", "CSA", db=db)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "women — Malian members of the Comité de Suivi de L'Accord (CSA) and its sub-committees"
        " — 3 updates\n"
        "  ▁▆█  Aug 2016: 1 of 62 (1.6%) → 2 Mar 2017: 4 of 66 (6.1%)\n"
        "  Aug 2016: 1 of 62 (1.6%) — mali-ieg-2016.txt\n"
        "  14 Oct 2016: 3 of 64 (4.7%) — mali-update-2016-10.txt\n"
        "  2 Mar 2017: 4 of 66 (6.1%) — mali-update-2017-03.txt\n"
    )
    data = json.loads(wpsbot("series", "military personnel", "--json", db=db).stdout)
    assert [(p["value"], p["as_of"], p["document"]) for p in data["points"]] == [
        (1.78, "2016-05", "mali-ieg-2016.txt"),
        (2.1, "2016-08", "mali-update-2016-10.txt"),
        (2.4, "2017-01", "mali-update-2017-03.txt"),
    ]
    assert set(data) == {"key", "country", "subject", "measure", "unit", "points"}
    missing = wpsbot("series", "parliament", db=db)
    assert (missing.returncode, missing.stderr) == (
        1,
        "wpsbot: no figure mentions “parliament” (try `wpsbot facts` for what is loaded)\n",
    )


def test_ask_and_ingest_load_neither_charts_nor_slack(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    code = (
        "import sys; from bot.cli import main; "
        f"main(['--db', {str(db)!r}, 'ingest', {str(MALI)!r}]); "
        f"main(['--db', {str(db)!r}, 'ask', 'women on the CSA?']); "
        f"main(['--db', {str(db)!r}, 'changes']); "
        "print(sorted(m for m in ('matplotlib', 'slack_bolt', 'slack_sdk', 'apscheduler')"
        " if m in sys.modules), file=sys.stderr)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stderr.splitlines()[-1] == "[]"


def test_documents_are_in_date_order_whatever_the_load_order(tmp_path: Path) -> None:
    undated = REPO / "tests" / "data" / "updates" / "mali-notes-undated.txt"
    expected = [
        "mali-notes-undated.txt (Mali, {today}, no date given: the day it was loaded) — 3 facts,"
        " 0 events",
        "mali-update-2017-03.txt (Mali, 2 Mar 2017, last updated) — 3 facts, 4 events",
        "mali-update-2016-10.txt (Mali, 14 Oct 2016) — 14 facts, 16 events",
        "mali-ieg-2016.txt (Mali, Aug 2016, latest date it reports on) — 14 facts, 15 events",
    ]
    for number, order in enumerate([(MALI, OCT, MAR, undated), (undated, MAR, MALI, OCT)]):
        db = tmp_path / f"d{number}.db"
        ingest(db, *order)
        done = wpsbot("documents", db=db)
        rows = json.loads(wpsbot("documents", "--json", db=db).stdout)
        today = iso_text(rows[0]["ingested_at"][:10])
        assert done.stdout.splitlines() == [line.format(today=today) for line in expected]
        assert [(r["date_source"], r["doc_date"]) for r in rows] == [
            ("loaded", None),
            ("updated", None),
            ("masthead", "2016-10-14"),
            ("reported", None),
        ]


def test_series_png_draws_the_chart_slack_shows(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    ingest(db, MALI, OCT)
    png = tmp_path / "trend.png"
    done = wpsbot("series", "CSA", "--png", str(png), db=db)
    assert done.returncode == 0, done.stderr
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (640, 320)
    single = wpsbot("series", "national staff", "--png", str(tmp_path / "no.png"), db=db)
    assert (single.returncode, single.stderr) == (
        1,
        "wpsbot: one update gives this figure: no chart for a single point\n",
    )
    assert not (tmp_path / "no.png").exists()
    assert (REPO / "docs" / "trend-csa.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
