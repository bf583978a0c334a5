"""The smaller breaks of the attack battery (issue 8, point 10), each through the real CLI.

Bad input gets one line and changes nothing; no traceback, no hang, no terminal tricks.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.bot.test_cli import wpsbot
from tests.conftest import MALI, REPO


def children_of(pid: int) -> set[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


def alive(pids: set[int]) -> set[int]:
    """Those of `pids` that still run (zombies count as gone)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running


def test_a_killed_ingest_leaves_no_worker_processes_behind(tmp_path: Path) -> None:
    text = MALI.read_text(encoding="utf-8") * 30  # ~225 KB each: the workers stay busy
    files = []
    for i in range(12):  # enough for a process pool (store.ingest.PARALLEL_FROM)
        path = tmp_path / f"update-{i}.txt"
        path.write_text(text.replace("62 Malian", f"{i} Malian"), encoding="utf-8")
        files.append(str(path))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "WPSBOT_"))}
    ingest = subprocess.Popen(
        [sys.executable, "-m", "bot", "--db", str(tmp_path / "x.db"), "ingest", *files],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 30
        while not workers and time.monotonic() < deadline and ingest.poll() is None:
            time.sleep(0.05)
            workers = children_of(ingest.pid)
        assert workers, "the ingest never started its workers"
        ingest.send_signal(signal.SIGKILL)
        ingest.wait()
        gone_by = time.monotonic() + 5
        while alive(workers) and time.monotonic() < gone_by:
            time.sleep(0.1)
        assert alive(workers) == set()  # on main they waited on their queue for ever
    finally:
        for pid in alive(workers):
            os.kill(pid, signal.SIGKILL)


def test_a_deadline_number_too_big_for_sqlite_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    assert wpsbot("deadline", "add", "Report", "2099-01-01", db=db).returncode == 0
    for action in (["done"], ["snooze"], ["remove"], ["confirm"], ["move"]):
        extra = ["2099-02-01"] if action == ["move"] else []
        done = wpsbot("deadline", *action, "99999999999999999999999", *extra, db=db)
        assert (done.returncode, done.stderr) == (
            1,
            "wpsbot: no deadline with id 99999999999999999999999\n",
        )
    done = wpsbot("deadline", "add", "Report", "2099-01-01", "--lead", "9" * 30 + "d", db=db)
    assert done.stderr == f"wpsbot: lead time '{'9' * 30}d' is longer than a year\n"


def test_a_url_that_cannot_be_parsed_is_one_line(tmp_path: Path) -> None:
    done = wpsbot("ingest", "http://[::1", db=tmp_path / "u.db")
    assert (done.returncode, done.stderr) == (
        1,
        "wpsbot: http://[::1: not a valid URL (Invalid IPv6 URL)\n",
    )


def test_facts_text_is_matched_as_typed_not_as_a_pattern(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    assert wpsbot("ingest", str(MALI), db=db).returncode == 0
    everything = json.loads(wpsbot("facts", "--json", db=db).stdout)
    assert len(everything) > 10
    for pattern in ("%", "_", "%%", "w_men"):
        assert wpsbot("facts", pattern, db=db).stdout == "No facts found. Try a shorter TEXT.\n"
    assert len(json.loads(wpsbot("facts", "quota", "--json", db=db).stdout)) == 2


def test_a_text_file_that_is_a_web_page_is_read_as_one(tmp_path: Path) -> None:
    page = tmp_path / "saved-page.txt"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Note</title><script>var quota = '40 of 50 seats';"
        "</script><style>p { color: red }</style></head><body><h1>Council</h1>"
        "<p>Women hold two of the 15 seats on the council.</p></body></html>",
        encoding="utf-8",
    )
    db = tmp_path / "h.db"
    assert wpsbot("ingest", str(page), db=db).returncode == 0
    facts = json.loads(wpsbot("facts", "--json", db=db).stdout)
    assert [(f["value"], f["total"], f["quote"]) for f in facts] == [
        (2, 15, "Women hold two of the 15 seats on the council.")
    ]


def test_a_device_or_a_pipe_is_refused_not_read_for_ever(tmp_path: Path) -> None:
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    done = wpsbot("ingest", str(zero), str(fifo), db=tmp_path / "z.db")
    assert time.monotonic() - started < 30  # main hung on either
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"wpsbot: {zero}: not a regular file (a device, pipe or socket)",
        f"wpsbot: {fifo}: not a regular file (a device, pipe or socket)",
    ]


def test_a_100_kb_question_is_cut_like_slack_cuts_it(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    assert wpsbot("ingest", str(MALI), db=db).returncode == 0
    question = "women on the CSA? " + "how many women " * 7_000  # ~100 kB
    started = time.monotonic()
    done = wpsbot("ask", "--json", question, db=db)
    assert time.monotonic() - started < 30  # main took a minute
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["question"] == question[:1000]


def test_zero_width_characters_inside_words_still_match(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text(
        "Wo\u200bmen hold two of the 15 seats on the coun\u2060cil.\n", encoding="utf-8"
    )
    db = tmp_path / "z.db"
    assert wpsbot("ingest", str(note), db=db).returncode == 0
    (fact,) = json.loads(wpsbot("facts", "--json", db=db).stdout)
    assert fact["quote"] == "Women hold two of the 15 seats on the council."
    plain = json.loads(wpsbot("ask", "--json", "women on the council?", db=db).stdout)
    hidden = json.loads(wpsbot("ask", "--json", "wo\u200bmen on the coun\u200dcil?", db=db).stdout)
    assert plain["found"] and hidden["answer"] == plain["answer"]


def test_file_names_with_terminal_escapes_are_printed_harmless(tmp_path: Path) -> None:
    name = "note\x1b[2J\x1b[31mred.txt"  # clear the screen, then red
    (tmp_path / name).write_text("Women hold two of the 15 seats.\n", encoding="utf-8")
    db = tmp_path / "e.db"
    loaded = wpsbot("ingest", str(tmp_path / name), db=db)
    assert loaded.stdout.startswith("note\\x1b[2J\\x1b[31mred.txt: added — ")
    missing = wpsbot("ingest", str(tmp_path / ("gone\x1b[31m.txt")), db=db)
    assert missing.stderr == f"wpsbot: {tmp_path}/gone\\x1b[31m.txt: no such file\n"
    facts = wpsbot("facts", db=db).stdout
    assert "\x1b" not in loaded.stdout + missing.stderr + facts
