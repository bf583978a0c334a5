"""The `wpsbot` command line, run as a user runs it: a real process and a real database file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MALI, REPO, VELORIA
from tests.fakes.slack_api import FakeSlack


def wpsbot(
    *args: str,
    db: Path | None = None,
    stdin: str | None = None,
    settings: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    prefix = ["--db", str(db)] if db is not None else []
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "WPSBOT_"))}
    env.update(settings or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *prefix, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
        env=env,
    )


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "x.db"
    done = wpsbot("ingest", str(MALI), str(VELORIA), db=db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "mali-ieg-2016.txt: added — 14 facts, 15 events, 35 sentences",
        "veloria-sample-2027.txt: added — 15 facts, 12 events, 21 sentences",
    ]
    return db


def pick(facts: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    hits = [f for f in facts if all(f.get(k) == v for k, v in fields.items())]
    assert len(hits) == 1, (fields, hits)
    return hits[0]


def test_facts_json_holds_the_figures_of_both_samples(loaded: Path) -> None:
    done = wpsbot("facts", "--json", db=loaded)
    assert done.returncode == 0
    facts = json.loads(done.stdout)
    csa = pick(facts, value=1, total=62)
    assert csa["subject"] == "women" and "(CSA)" in csa["measure"]
    assert csa["document"] == "mali-ieg-2016.txt" and csa["section"] == "Other key updates"
    assert csa["quote"].startswith("There is only one woman out of the 62")
    assert (
        pick(facts, value=6, total=25)["measure"]
        == "members of the Truth and Reconciliation Commission"
    )
    assert pick(facts, value=1.78)["as_of"] == "2016-05"
    unv = pick(facts, kind="change", value=28)
    assert (unv["previous_value"], unv["measure"], unv["unit"]) == (42, "UN volunteers", "percent")
    staff = pick(facts, kind="change", value=20)
    assert (staff["previous_value"], staff["measure"]) == (30, "national staff")
    assert pick(facts, value=37, total=113)["subject"] == "victims"
    assert "(CND)" in pick(facts, value=2, total=15)["measure"]
    assert pick(facts, value=3, total=21)["subject"] == "women"
    assert set(facts[0]) >= {
        "subject", "measure", "value", "total", "unit", "as_of", "previous_value",
        "document", "section", "quote",
    }  # fmt: skip


def test_facts_text_filter_and_plain_output(loaded: Path) -> None:
    done = wpsbot("facts", "CSA", db=loaded)
    assert done.returncode == 0
    assert done.stdout.splitlines()[0] == (
        "1 of the 62 Malian members of the Comité de Suivi de L'Accord (CSA) and its "
        "sub-committees is a woman (1.6%)"
    )
    quotas = json.loads(wpsbot("facts", "quota", "--json", db=loaded).stdout)
    assert sorted(q["value"] for q in quotas) == [30, 30, 35]


def test_events_json_dates_and_precision(loaded: Path) -> None:
    events = json.loads(wpsbot("events", "--json", db=loaded).stdout)
    seen = {(e["kind"], e["date"], e["approximate"]) for e in events}
    assert {
        ("meeting", "2016-02-29", False),
        ("reconvene", "2016-08-29", True),
        ("resolution", "2016-06-29", False),
        ("report", "2016-05-31", False),
        ("report", "2026-11-03", False),
        ("report_due", "2027-02-01", False),
        ("briefing", "2027-02-18", False),
        ("elections", "2027-05-14", False),
        ("reconvene", "2027-02-12", True),
    } <= seen
    reconvene = pick(events, kind="reconvene", date="2016-08-29")
    assert reconvene["anchor_date"] == "2016-02-29"
    assert reconvene["quote"] == "The group resolved to reconvene in approximately six months."


def test_ask_batch_json_is_one_object_per_line_in_order(loaded: Path, tmp_path: Path) -> None:
    questions = tmp_path / "q.txt"
    questions.write_text("women on the CSA?\n\nHow many women judges are there in Mali?\n", "utf-8")
    done = wpsbot("ask", "--batch", str(questions), "--json", db=loaded)
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert (first["question"], first["found"]) == ("women on the CSA?", True)
    assert (second["found"], second["facts"], second["sources"]) == (False, [], [])


def test_ask_one_question_prints_answer_and_quote(loaded: Path) -> None:
    done = wpsbot("ask", "When will the IEG meet again on Veloria?", db=loaded)
    assert done.returncode == 0
    assert done.stdout.splitlines()[0] == (
        "Next IEG meeting on Veloria: about 12 Feb 2027 — “about four months” after 12 Oct 2026."
    )
    assert wpsbot("ask", db=loaded).returncode == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty.txt: the file is empty"),
        ("x.exe", b"MZ\x00\x00binary", "x.exe: unsupported file type '.exe'"),
        ("bad.pdf", b"%PDF-1.7 garbage", "bad.pdf: corrupt or unreadable PDF"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    loaded: Path, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    before = loaded.read_bytes() if loaded.exists() else b""
    facts_before = wpsbot("facts", "--json", db=loaded).stdout
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("Women hold two of the 9 seats on the Peace Council (PC).\n", "utf-8")
    done = wpsbot("ingest", str(good), str(bad), db=loaded)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"wpsbot: {message}"] or done.stderr.startswith(
        f"wpsbot: {message}"
    )
    assert len(done.stderr.splitlines()) == 1
    assert "Traceback" not in done.stderr
    assert wpsbot("facts", "--json", db=loaded).stdout == facts_before
    assert before  # the database file existed and was not replaced


def test_missing_file_and_unreachable_url(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    done = wpsbot(
        "ingest", str(tmp_path / "missing.txt"), "http://127.0.0.1:9/nothing", db=db,
        settings={"WPSBOT_ALLOWED_HOSTS": "127.0.0.1"},  # reachable by the rules, not in fact
    )  # fmt: skip
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0] == f"wpsbot: {tmp_path / 'missing.txt'}: no such file"
    assert lines[1].startswith("wpsbot: http://127.0.0.1:9/nothing: could not be reached")
    assert not db.exists()  # nothing was read, so no database was created


def test_ingest_refuses_a_loopback_url_unless_allowed(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    url = fake_slack.add_page("secret.txt", b"Women hold two of the 15 seats on the council.")
    db = tmp_path / "ssrf.db"
    refused = wpsbot("ingest", url, db=db)
    assert refused.returncode == 1
    assert refused.stderr == (
        f"wpsbot: {url}: refused: 127.0.0.1 is a loopback address (127.0.0.1); the bot fetches "
        "only public addresses (an admin can allow a host with WPSBOT_ALLOWED_HOSTS)\n"
    )
    assert fake_slack.methods() == []
    assert not db.exists()
    allowed = wpsbot("ingest", url, db=db, settings={"WPSBOT_ALLOWED_HOSTS": "127.0.0.1"})
    assert allowed.returncode == 0, allowed.stderr
    assert allowed.stdout.startswith("secret.txt: added — 1 fact")
    assert fake_slack.methods() == ["page_download"]


def test_db_from_environment(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env["WPSBOT_DB"] = str(db)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ingest", str(MALI)],
        cwd=REPO, capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0 and db.exists()


def test_bad_database_paths_are_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("hello", "utf-8")
    for db, message in (
        (folder, f"wpsbot: cannot use the database {folder}: unable to open database file"),
        (not_sqlite, f"wpsbot: cannot use the database {not_sqlite}: file is not a database"),
        (
            tmp_path / "missing" / "x.db",
            f"wpsbot: no database at {tmp_path / 'missing' / 'x.db'}: load an update first",
        ),
    ):
        done = wpsbot("facts", db=db)
        assert done.returncode == 1
        assert done.stderr.startswith(message), done.stderr
        assert len(done.stderr.splitlines()) == 1
    assert not (tmp_path / "missing").exists()


def test_ask_refuses_what_is_not_a_question(loaded: Path, tmp_path: Path) -> None:
    assert wpsbot("ask", "   ", db=loaded).returncode == 1
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01women on the CSA?\n")
    done = wpsbot("ask", "--batch", str(binary), "--json", db=loaded)
    assert (done.returncode, done.stdout) == (1, "")
    assert "binary" in done.stderr
    both = wpsbot("ask", "x", "--batch", str(binary), db=loaded)
    assert both.returncode == 1 and "not both" in both.stderr


def test_ask_explain_shows_the_rules_and_json_carries_the_trace(loaded: Path) -> None:
    done = wpsbot("ask", "women in UNMIVEL police?", "--explain", db=loaded)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "17.9 per cent of UNMIVEL police were women."
    assert "asks: figure" in lines
    assert any(line.startswith("WINNER [") and "17.9 per cent" in line for line in lines)
    assert any("another_population veto" in line for line in lines)
    assert lines[-1].startswith("why: best score")
    data = json.loads(
        wpsbot("ask", "women in UNMIVEL police?", "--json", "--explain", db=loaded).stdout
    )
    assert data["kind"] == "fact" and data["facts"][0]["value"] == 17.9
    trace = data["explain"]
    assert trace["candidates"][trace["winner"]]["score"] is not None
    assert {"ranking", "fitting_fact"} <= {
        r for r, _, _ in trace["candidates"][trace["winner"]]["firings"]
    }
    plain = json.loads(wpsbot("ask", "women in UNMIVEL police?", "--json", db=loaded).stdout)
    assert "explain" not in plain
