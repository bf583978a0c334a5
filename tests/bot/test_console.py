"""The console: same commands and answers as Slack, in a terminal or a pipe."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.console import ConsoleReminders, load_sample_if_empty, run_console
from handlers import render, wps
from store import Services
from store.db import Store
from store.deadlines import add_deadline

REPO = Path(__file__).resolve().parents[2]
VELORIA = REPO / "tests" / "data" / "veloria-sample-2027.txt"
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def converse(store: Store, *lines: str) -> str:
    out = io.StringIO()
    assert (
        run_console(
            Services(store), io.StringIO("".join(f"{x}\n" for x in lines)), out, now=lambda: NOW
        )
        == 0
    )
    return out.getvalue()


def test_the_sample_is_loaded_into_an_empty_database_once(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    assert load_sample_if_empty(Services(store), NOW) == (
        "The database was empty, so I loaded the bundled sample “mali-ieg-2016.txt” "
        f"({store.db.table('facts').count} facts, {store.db.table('events').count} dated events)."
    )
    assert load_sample_if_empty(Services(store), NOW) is None
    assert store.db.table("documents").count == 1


def test_same_answers_as_slack(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    load_sample_if_empty(Services(store), NOW)
    ctx = wps.Context(services=Services(store), now=NOW, prefix="")
    expected = [render.plain_text(wps.run(ctx, text)) for text in ("help", "women on the CSA?")]
    assert converse(store, "help", "", "women on the CSA?") == "\n".join(expected) + "\n"
    assert "/wps" not in expected[0]  # commands are written without the slash here
    assert converse(store, "/wps facts CSA").startswith("1 fact mentions “CSA”.")


def test_facts_of_an_acronym_are_found_through_its_long_forms(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    load_sample_if_empty(Services(store), NOW)
    # The sample writes "Truth and Reconciliation Commission" and "UN volunteers", never the
    # acronyms: the glossary (store/data/glossary.json) knows both.
    assert converse(store, "facts TRC", "facts UNV") == (
        "1 fact mentions “TRC”.\n"
        "• 6 of the 25 members of the Truth and Reconciliation Commission are women (24%)"
        " — mali-ieg-2016.txt\n"
        "2 facts mention “UNV”.\n"
        "• Women among UN volunteers: fell from 42 percent (Mar 2014) to 28 percent, down 14 points"
        " — mali-ieg-2016.txt\n"
        "• Women among national staff: fell from 30 percent (2014) to 20 percent, down 10 points"
        " — mali-ieg-2016.txt\n"
    )
    assert converse(store, "facts XYZQ") == "No facts mention “XYZQ”. Try a shorter word.\n"


def test_the_local_user_can_ingest_files_and_add_deadlines(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    out = converse(
        store, f"ingest {VELORIA}", 'deadline add "Open debate" 2099-10-24', "quit", "help"
    )
    lines = out.splitlines()
    assert lines[0] == "Loaded “veloria-sample-2027.txt”."
    assert "Deadline #" in out and "Open debate" in out
    assert "I answer questions" not in out  # nothing after quit
    assert store.db.table("documents").count == 1


def test_bad_input_is_one_line_and_the_console_goes_on(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    load_sample_if_empty(Services(store), NOW)
    out = converse(
        store, "ingest /no/such/file.pdf", '"NEAR( AND *', "'; DROP TABLE facts; --", "x" * 5000
    )
    assert out.splitlines()[0] == "Nothing was loaded: /no/such/file.pdf: no such file"
    assert store.db.table("facts").count > 0
    assert "Traceback" not in out


def test_a_failure_is_an_apology_and_the_console_goes_on(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    store.db.execute("drop view current_events")
    store.db.execute("drop table events")
    out = converse(store, "documents", "help")
    first, rest = out.split("\n", 1)
    assert first.startswith("Sorry, something went wrong on my side (error id ")
    assert rest.startswith("I answer questions")


def test_reminders_are_printed_once_and_never_claimed(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    due = NOW + timedelta(minutes=5)
    add_deadline(store.db, "IEG meeting", due.isoformat(), leads="0", now=NOW)
    printed: list[str] = []
    clock = [NOW]
    reminders = ConsoleReminders(Services(store), printed.append, now=lambda: clock[0])
    assert reminders.tick() == 0
    clock[0] = due + timedelta(seconds=1)
    assert reminders.tick() == 1
    assert reminders.tick() == 0
    assert printed[0].startswith("Reminder: IEG meeting — due ")
    # `wpsbot serve` on the same database must still post it to Slack.
    assert store.db.table("reminder_deliveries").count == 0


def run_wpsbot(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WPSBOT_DB": str(tmp_path / "cli.db")}
    env.pop("SLACK_BOT_TOKEN", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,  # no stray .env
        timeout=60,
    )


def test_wpsbot_with_no_command_is_the_console_on_the_sample(tmp_path: Path) -> None:
    done = run_wpsbot(tmp_path, stdin="help\nwomen on the CSA?\nquit\n")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("The database was empty, so I loaded the bundled sample")
    assert lines[1] == "I answer questions from the loaded situation updates, quoting my sources."
    assert "62" in done.stdout
    assert done.stderr == ""


def test_console_prints_a_reminder_when_it_comes_due(tmp_path: Path) -> None:
    store = Store(tmp_path / "cli.db")
    load_sample_if_empty(Services(store), NOW)
    due = datetime.now(UTC) + timedelta(seconds=2)
    add_deadline(store.db, "Briefing starts", due.isoformat(timespec="seconds"), leads="0",
                 now=datetime.now(UTC))  # fmt: skip
    env = {**os.environ, "WPSBOT_DB": str(tmp_path / "cli.db")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "console"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert proc.stdin is not None and proc.stdout is not None
    seen: list[str] = []
    found = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            seen.append(line)
            if line.startswith("Reminder: Briefing starts"):
                found.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert found.wait(timeout=30), "".join(seen)
    finally:
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0
    reader.join(timeout=5)
    assert sum(line.startswith("Reminder: Briefing starts") for line in seen) == 1


def test_what_changed_and_a_series_in_the_console(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    load_sample_if_empty(Services(store), NOW)
    update = REPO / "tests" / "data" / "updates" / "mali-update-2016-10.txt"
    out = converse(store, f"ingest {update}", "what changed", "series military personnel")
    lines = out.splitlines()
    assert "• What it changed goes to the team channel." not in lines  # no Slack, no digest
    at = lines.index(
        "Mali: from mali-ieg-2016.txt (Aug 2016, latest date it reports on) to"
        " mali-update-2016-10.txt (14 Oct 2016). Figures: 4 moved, 1 new, 1 no longer mentioned."
        " Dates: 2 moved, 1 new."
    )
    assert lines[at + 1] == (
        "• Moved: victims — cases: 37 of 113 (as of 31 Aug 2016) → 45 of 113 (as of 30 Sep 2016)"
    )
    assert lines[-4:] == [
        "women — military personnel over 2 updates, oldest first.",
        "• ▁█  May 2016: 1.78% → Aug 2016: 2.1%",
        "• May 2016: 1.78% — mali-ieg-2016.txt",
        "• Aug 2016: 2.1% — mali-update-2016-10.txt",
    ]
    assert store.db.table("digests").count == 0


def test_a_reminder_while_the_prompt_waits_gets_its_own_line_and_the_prompt_comes_back(
    tmp_path: Path,
) -> None:
    """In a terminal (a pty here): half a question typed, a reminder comes due. It is printed
    on a line of its own, the prompt is drawn again with what was typed, and the question,
    finished, is answered whole."""
    import pty
    import select

    store = Store(tmp_path / "tty.db")
    load_sample_if_empty(Services(store), NOW)
    due = datetime.now(UTC) + timedelta(seconds=4)
    add_deadline(store.db, "Briefing starts", due.isoformat(timespec="seconds"), leads="0",
                 now=datetime.now(UTC))  # fmt: skip
    store.close()
    master, terminal = pty.openpty()
    env = {**os.environ, "WPSBOT_DB": str(tmp_path / "tty.db"), "TERM": "xterm"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "console"],
        stdin=terminal, stdout=terminal, stderr=terminal, env=env, cwd=tmp_path,
    )  # fmt: skip
    os.close(terminal)
    screen = b""

    def read_until(token: bytes, timeout: float = 30) -> bytes:
        nonlocal screen
        end = time.monotonic() + timeout
        while token not in screen and time.monotonic() < end:
            if select.select([master], [], [], 0.1)[0]:
                try:
                    screen += os.read(master, 4096)
                except OSError:  # the console has exited
                    break
        assert token in screen, screen
        return screen

    try:
        read_until(b"wps> ")
        os.write(master, b"wom")
        read_until(b"wps> wom")
        after = read_until(b"(now).\r\nwps> wom")
        # The prompt line was cleared, the reminder written whole, the prompt redrawn.
        reminder = after.split(b"wps> wom", 1)[1]
        assert reminder.startswith(b"\r\x1b[2KReminder: Briefing starts \xe2\x80\x94 due ")
        os.write(master, b"en on the CSA?\r")
        answer = read_until(b"Other key updates")
        assert b"wps> women on the CSA?\r\n1 of the 62 Malian members" in answer
        os.write(master, b"quit\r")
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
