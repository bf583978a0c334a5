"""`wpsbot deadlines`, `wpsbot deadline …` and `wpsbot calendar` through the CLI entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from store.db import Store
from tests.conftest import MALI, VELORIA

ENV = {"WPSBOT_TIMEZONE": "Europe/Paris"}
REPORT_SENTENCE = (
    "The most recent report was issued on 3 November 2026; the next report is due on "
    "1 February 2027 and the Council will consider it in a briefing on 18 February 2027."
)


def wpsbot(db: Path, *argv: str, env: dict[str, str] | None = None) -> int:
    """Run the CLI on this database."""
    return main(["--db", str(db), *argv], env=ENV if env is None else env)


def json_out(capsys: pytest.CaptureFixture[str]) -> Any:
    """Parse what the command printed."""
    return json.loads(capsys.readouterr().out)


def in_days(days: int) -> str:
    """A date `days` from today (the CLI uses the real clock)."""
    return (datetime.now(UTC) + timedelta(days=days)).date().isoformat()


def test_the_veloria_sample_gives_its_four_dates_with_sources(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "wps.db"
    assert wpsbot(db, "ingest", str(VELORIA)) == 0
    capsys.readouterr()
    # --all so the test does not depend on today's date; the statuses do.
    assert wpsbot(db, "deadlines", "--json", "--all") == 0
    by_due = {item.pop("due"): item for item in json_out(capsys)}
    for item in by_due.values():
        item.pop("id")
        item.pop("status")
    source = {"document": "veloria-sample-2027.txt"}
    assert {due: by_due[due] for due in ("2027-02-01", "2027-02-12", "2027-05-14")} == {
        "2027-02-01": {
            "title": "Next Secretary-General report on Veloria due",
            "approximate": False,
            "recurrence": None,
            "lead_times": ["14d", "7d", "1d", "0"],
            "channel": None,
            "source": {"quote": REPORT_SENTENCE, **source},
            "needs_confirmation": False,
            "precision": "day",
        },
        "2027-02-12": {
            "title": "Informal Expert Group meets again on Veloria",
            "approximate": True,
            "recurrence": None,
            "lead_times": ["14d", "7d", "1d", "0"],
            "channel": None,
            "source": {"quote": "The Group agreed to meet again in about four months.", **source},
            "needs_confirmation": True,
            "precision": "day",
        },
        "2027-05-14": {
            "title": "Legislative elections in Veloria",
            "approximate": False,
            "recurrence": None,
            "lead_times": ["14d", "7d", "1d", "0"],
            "channel": None,
            "source": {
                "quote": "Legislative elections are scheduled for 14 May 2027.",
                **source,
            },
            "needs_confirmation": False,
            "precision": "day",
        },
    }
    assert by_due["2027-02-18"]["source"] == {"quote": REPORT_SENTENCE, **source}


def test_mali_deadlines_are_past_and_shown_only_with_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "wps.db"
    assert wpsbot(db, "ingest", str(MALI)) == 0
    capsys.readouterr()
    assert wpsbot(db, "deadlines", "--json") == 0
    assert json_out(capsys) == []
    assert wpsbot(db, "deadlines", "--all") == 0
    out = capsys.readouterr().out
    assert "#1   ≈2016-08-29                Informal Expert Group meets again on Mali [past]" in out
    assert "      “The group resolved to reconvene in approximately six months.” — " in out


def test_add_then_list_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "wps.db"
    due = in_days(10)
    assert wpsbot(db, "deadline", "add", "Input to SG report", due, "--every", "3 months",
                  "--lead", "7d,1d,0", "--channel", "C0WPS") == 0  # fmt: skip
    assert capsys.readouterr().out == (
        f"Added: #1    {due:<25} Input to SG report (every 3 months)\n"
    )
    assert wpsbot(db, "deadline", "add", "Call", "2099-01-01T15:00+01:00") == 0
    capsys.readouterr()
    assert wpsbot(db, "deadlines", "--json") == 0
    assert json_out(capsys) == [
        {
            "id": 1,
            "title": "Input to SG report",
            "due": due,
            "approximate": False,
            "recurrence": "3 months",
            "lead_times": ["7d", "1d", "0"],
            "channel": "C0WPS",
            "status": "upcoming",
            "source": "manual",
            "needs_confirmation": False,
            "precision": "day",
        },
        {
            "id": 2,
            "title": "Call",
            "due": "2099-01-01T15:00:00+01:00",
            "approximate": False,
            "recurrence": None,
            "lead_times": ["14d", "7d", "1d", "0"],
            "channel": None,
            "status": "upcoming",
            "source": "manual",
            "needs_confirmation": False,
            "precision": "datetime",
        },
    ]


def test_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "wps.db"
    wpsbot(db, "deadline", "add", "Once", in_days(3))
    wpsbot(db, "deadline", "add", "Every week", in_days(3), "--every", "1 week")
    capsys.readouterr()
    steps = [
        (["done", "1"], "Deadline 1 marked done: Once\n"),
        (["done", "2"], f"Deadline 2 done; next due {in_days(10)}: Every week\n"),
        (["move", "2", in_days(12)], f"Deadline 2 moved to {in_days(12)}: Every week\n"),
        (["confirm", "2"], f"Deadline 2 confirmed for {in_days(12)}: Every week\n"),
        (["dismiss", "2"], "Deadline 2 dismissed: Every week\n"),
        (["remove", "1"], "Deadline 1 removed: Once\n"),
    ]
    for argv, expected in steps:
        assert wpsbot(db, "deadline", *argv) == 0
        assert capsys.readouterr().out == expected
    wpsbot(db, "deadline", "add", "Later", in_days(3))
    capsys.readouterr()
    assert wpsbot(db, "deadline", "snooze", "3", "--days", "2") == 0
    assert capsys.readouterr().out.startswith("Deadline 3 snoozed until ")
    assert wpsbot(db, "deadlines") == 0
    assert capsys.readouterr().out == f"#3    {in_days(3):<25} Later [snoozed]\n"


def test_a_moved_manual_deadline_is_listed_as_it_was_not_confirmed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "wps.db"
    wpsbot(db, "deadline", "add", "Input", in_days(5))
    wpsbot(db, "deadline", "move", "1", in_days(8))
    capsys.readouterr()
    assert wpsbot(db, "deadlines") == 0
    assert capsys.readouterr().out == f"#1    {in_days(8):<25} Input\n"  # no [confirmed]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["deadline", "add", "x", "2020-01-01"],
         "wpsbot: 2020-01-01 is in the past: give today or a later date\n"),
        (["deadline", "add", "x", "2099-01-01", "--lead", "2 days"],
         "wpsbot: bad lead time '2days': use days, hours, minutes or weeks, e.g. 14d,7d,1d,2h,0\n"),
        (["deadline", "add", "x", "2099-01-01", "--every", "sometimes"],
         "wpsbot: bad repeat 'sometimes': use e.g. \"3 months\", \"90 days\" or \"1 week\"\n"),
        (["deadline", "done", "42"], "wpsbot: no deadline with id 42\n"),
        (["deadline", "move", "1", "soon"],
         "wpsbot: bad date 'soon': use an ISO 8601 date (2027-02-01) or a time with an offset "
         "(2027-02-01T15:00+01:00 or …Z)\n"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_exit_1_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    db = tmp_path / "wps.db"
    wpsbot(db, "deadline", "add", "Kept", "2099-01-01")
    capsys.readouterr()
    before = list(Store(db).db.query("select * from deadlines"))
    assert wpsbot(db, *argv) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", message)
    assert list(Store(db).db.query("select * from deadlines")) == before


def test_a_bad_timezone_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert wpsbot(tmp_path / "wps.db", "deadlines", env={"WPSBOT_TIMEZONE": "Mars/Olympus"}) == 1
    assert capsys.readouterr().err == (
        "wpsbot: wpsbot cannot start: WPSBOT_TIMEZONE 'Mars/Olympus' is not a time zone "
        "(e.g. Europe/Paris).\n"
    )


def test_calendar_goes_to_stdout(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    db = tmp_path / "wps.db"
    wpsbot(db, "deadline", "add", "Input", "2099-01-05", "--every", "90 days")
    capsysbinary.readouterr()
    assert wpsbot(db, "calendar") == 0
    ics = capsysbinary.readouterr().out.decode()
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Input\r\nDTSTART;VALUE=DATE:20990105\r\n" in ics
    assert "RRULE:FREQ=DAILY;INTERVAL=90\r\n" in ics
    wpsbot(db, "deadline", "add", "Over", in_days(2))
    wpsbot(db, "deadline", "done", "2")
    capsysbinary.readouterr()
    assert wpsbot(db, "calendar") == 0
    assert b"SUMMARY:Over" not in capsysbinary.readouterr().out
    assert wpsbot(db, "calendar", "--all") == 0
    assert b"SUMMARY:Over\r\n" in capsysbinary.readouterr().out


def test_the_cli_does_not_load_slack_or_the_scheduler() -> None:
    code = (
        "import sys; from bot.cli import build_parser; build_parser(); "
        "print(sorted(m for m in ('slack_bolt', 'apscheduler', 'icalendar') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"
