"""Across updates in Slack: /wps what changed, documents by date, series with a chart uploaded
through Slack's upload flow, App Home's latest changes, and the digest after a coordinator loads
an update — all as signed requests into the running app, asserted on what reached the fake."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.app import make_client
from bot.scheduler import DigestService
from handlers import render, wps
from handlers.reminders import slack_poster
from handlers.slack_text import escape
from store import Services
from store.db import Store
from store.ingest import ingest_raw
from store.readers import read_source
from tests.fakes.slack_api import BOT_USER_ID, FakeSlack
from tests.handlers.conftest import COORDINATOR, MALI, RunningBot, start_bot
from tests.handlers.test_commands import ask

REPO = Path(__file__).resolve().parents[2]
UPDATES = REPO / "tests" / "data" / "updates"
OCT = UPDATES / "mali-update-2016-10.txt"
MAR = UPDATES / "mali-update-2017-03.txt"
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
IN_OCTOBER_2016 = datetime(2016, 10, 20, 9, 0, tzinfo=UTC)  # the deadlines are still ahead


def load(store: Store, *paths: Path) -> None:
    for path in paths:
        ingest_raw(store.db, read_source(str(path)), NOW)


@pytest.fixture
def two_bot(fake_slack: FakeSlack, tmp_path: Path) -> Iterator[RunningBot]:
    """The app on a database holding the October update, then the sample (older, loaded last)."""
    db_path = tmp_path / "two.db"
    load(Store(db_path), OCT, MALI)
    yield from start_bot(fake_slack, db_path)


def mention(text: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "app_mention",
        "user": "U0ASKER",
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": "1700000100.000100",
        "channel": "C0GENERAL",
        "event_ts": "1700000100.000100",
        **extra,
    }


def dm(text: str, user: str = "U0ASKER", **extra: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "channel_type": "im",
        "channel": "D0ASKER",
        "user": user,
        "text": text,
        "ts": "1700000200.000200",
        "event_ts": "1700000200.000200",
        **extra,
    }


WHAT_CHANGED = (
    "Mali: from mali-ieg-2016.txt (Aug 2016, latest date it reports on) to "
    "mali-update-2016-10.txt (14 Oct 2016). Figures: 4 moved, 1 new, 1 no longer mentioned. "
    "Dates: 2 moved, 1 new."
)
CHANGE_LINES = [
    "Moved: victims — cases: 37 of 113 (as of 31 Aug 2016) → 45 of 113 (as of 30 Sep 2016)",
    "Moved: parties — listed parties as credibly suspected of patterns of conflict-related sexual"
    " violence: 5 listed (as of Jun 2016) → 4 listed (as of Jun 2016) (dropped Ansar Eddine)",
    "Moved: women — Malian members of the CSA: 1 of 62 → 3 of 64",
    "Moved: women — military personnel: 1.78% (as of May 2016) → 2.1% (as of Aug 2016)",
    "New: women — ministers: 4 of 34",
    "No longer mentioned: women — national staff: 30% → 20%",
    "Date moved: Next IEG meeting on Mali: about 29 Aug 2016 → about 29 Oct 2016",
    "Date moved: Communal elections in Mali: Nov 2016 → 18 Dec 2016",
    "New date: Next Secretary-General report on Mali due: 30 Dec 2016",
]


@pytest.mark.parametrize(
    "text", ["what changed", "what changed Mali", "What has changed in Mali?", "changes mali"]
)
def test_what_changed_over_slash_command(two_bot: RunningBot, text: str) -> None:
    posted = ask(two_bot, text)
    reply = wps.Reply(WHAT_CHANGED, lines=CHANGE_LINES)
    assert posted == {"response_type": "ephemeral", **render.message(reply, share=True)}
    assert posted["blocks"][0]["text"]["text"] == escape(WHAT_CHANGED)


def test_what_changed_about_a_figure_is_a_question_not_the_command(two_bot: RunningBot) -> None:
    posted = ask(two_bot, "what changed in the share of women among UN volunteers?")
    assert not posted["text"].startswith("Mali: from")  # answered by the answering core


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what changed Haiti", "No update on “Haiti” is loaded (countries loaded: Mali)."),
        (
            "changes Mali since 2015-01-01",
            "Nothing to compare: no update on Mali is dated on or before 2015-01-01; the earliest"
            " is mali-ieg-2016.txt (2016-08).",
        ),
        (
            "changes since yesterday",
            "Nothing to compare: “yesterday” is not a date: write it as YYYY-MM-DD.",
        ),
    ],
)
def test_what_changed_bad_input_is_one_line(two_bot: RunningBot, text: str, expected: str) -> None:
    assert ask(two_bot, text)["text"] == expected


def test_what_changed_with_one_update(bot: RunningBot) -> None:
    assert ask(bot, "what changed")["text"] == (
        "Nothing to compare: only one update on Mali is loaded (mali-ieg-2016.txt, 2016-08):"
        " nothing to compare it with."
    )


def test_documents_are_listed_by_their_date_with_its_source(two_bot: RunningBot) -> None:
    posted = ask(two_bot, "documents")
    assert posted["text"] == (
        "2 documents loaded.\n"
        "• mali-update-2016-10.txt (Mali, 14 Oct 2016) — 14 facts, 16 dates\n"
        "• mali-ieg-2016.txt (Mali, Aug 2016, latest date it reports on) — 14 facts, 15 dates"
    )


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_a_series_in_a_thread_comes_with_its_chart(two_bot: RunningBot) -> None:
    two_bot.slack.event(mention("series CSA"))
    fake = two_bot.fake
    complete = fake.wait_for("files.completeUploadExternal")[0]
    posted = fake.calls_to("chat.postMessage")
    assert [c for c in fake.methods() if c != "files.info"] == [
        "chat.postMessage",
        "files.getUploadURLExternal",
        "file_upload",
        "files.completeUploadExternal",
    ]
    assert posted[0]["thread_ts"] == "1700000100.000100"
    assert posted[0]["text"] == (
        "women — Malian members of the CSA over 2 updates, oldest first.\n"
        "• ▁█  Aug 2016: 1 of 62 (1.6%) → 14 Oct 2016: 3 of 64 (4.7%)\n"
        "• Aug 2016: 1 of 62 (1.6%) — mali-ieg-2016.txt\n"
        "• 14 Oct 2016: 3 of 64 (4.7%) — mali-update-2016-10.txt"
    )
    ticket = fake.calls_to("files.getUploadURLExternal")[0]
    alt = (
        "Line chart of women — Malian members of the CSA over time (per cent), oldest first:"
        " Aug 2016: 1 of 62 (1.6%) (mali-ieg-2016.txt); 14 Oct 2016: 3 of 64 (4.7%)"
        " (mali-update-2016-10.txt)."
    )
    assert ticket == {
        "filename": "trend.png",
        "length": ticket["length"],
        "alt_txt": alt,
        "team_id": "T0WPS",  # Bolt's per-request client names the workspace
    }
    upload = fake.calls_to("file_upload")[0]
    data = fake.uploaded(upload["file_id"])
    assert upload["length"] == len(data) == int(ticket["length"])
    assert png_size(data) == (640, 320)
    assert complete["files"] == [
        {
            "id": upload["file_id"],
            "title": "women — Malian members of the CSA: Aug 2016 to 14 Oct 2016",
        }
    ]
    assert (complete["channel_id"], complete["thread_ts"]) == ("C0GENERAL", "1700000100.000100")
    assert "initial_comment" not in complete


def test_a_single_point_has_no_chart(two_bot: RunningBot) -> None:
    two_bot.slack.event(dm("series national staff"))
    posted = two_bot.fake.wait_for("chat.postMessage")[0]
    assert posted["text"].startswith("Only one update gives women — national staff:")
    assert "files.getUploadURLExternal" not in two_bot.fake.methods()


def test_a_series_in_a_dm_is_uploaded_into_the_dm(two_bot: RunningBot) -> None:
    two_bot.slack.event(dm("series military personnel"))
    complete = two_bot.fake.wait_for("files.completeUploadExternal")[0]
    assert complete["channel_id"] == "D0ASKER" and "thread_ts" not in complete


def test_a_slash_command_series_is_text_only(two_bot: RunningBot) -> None:
    posted = ask(two_bot, "series CSA")
    assert posted["text"].splitlines()[1].startswith("• ▁█  Aug 2016: 1 of 62")
    assert "files.getUploadURLExternal" not in two_bot.fake.methods()  # ephemeral: no file


def test_a_refused_upload_leaves_the_answer_alone(two_bot: RunningBot) -> None:
    two_bot.fake.fail("files.getUploadURLExternal", error="not_in_channel")
    two_bot.slack.event(mention("series CSA"))
    two_bot.fake.wait_for("files.getUploadURLExternal")
    assert len(two_bot.fake.wait_for("chat.postMessage")) == 1  # the answer; no apology
    assert "files.completeUploadExternal" not in two_bot.fake.methods()


def test_app_home_shows_the_latest_changes(two_bot: RunningBot) -> None:
    two_bot.slack.event({"type": "app_home_opened", "user": "U0ASKER", "tab": "home"})
    blocks = two_bot.fake.wait_for("views.publish")[0]["view"]["blocks"]
    at = next(i for i, b in enumerate(blocks) if b.get("text", {}).get("text") == "Latest changes")
    assert blocks[at + 1]["text"]["text"] == (
        "The latest update of 1 country against the one before (/wps what changed COUNTRY shows"
        " all)."
    )
    assert blocks[at + 2]["text"]["text"] == "\n".join(
        [f"• {escape(WHAT_CHANGED)}"]
        + [f"    ◦ {escape(line.strip())}" for line in CHANGE_LINES[:4]]
        + ["    ◦ …and 5 more (wpsbot changes --json lists them all)."]
    )


# --- the digest -------------------------------------------------------------------------


def digests(bot: RunningBot) -> list[tuple[Any, ...]]:
    return bot.store.db.execute(
        "select d.title, g.channel, g.status, g.queued_by from digests g"
        " join documents d on d.id = g.document_id order by g.id"
    ).fetchall()


def deliver(bot: RunningBot, now: datetime | None = None) -> list[str]:
    """What the scheduler's digest job does on one tick, against the fake Slack."""
    client = make_client(bot.settings)  # as `wpsbot serve` makes it, on the fake's URL
    service = DigestService(
        Services(bot.store), slack_poster(client), render.digest_message, worker="test"
    )
    return [o.result for o in service.run_due(now or datetime.now(UTC))]


@pytest.fixture
def mali_bot(fake_slack: FakeSlack, tmp_path: Path) -> Iterator[RunningBot]:
    db_path = tmp_path / "mali.db"
    load(Store(db_path), MALI)
    yield from start_bot(fake_slack, db_path)


DIGEST_TEXT = (
    "New update on Mali: mali-update-2016-10.txt (14 Oct 2016). Against mali-ieg-2016.txt: "
    "Figures: 4 moved, 1 new, 1 no longer mentioned. Dates: 2 moved, 1 new."
)


def test_a_file_loaded_by_a_coordinator_is_digested_to_the_team_channel(
    mali_bot: RunningBot,
) -> None:
    mali_bot.fake.add_file("F0OCT", OCT.name, OCT.read_bytes())
    mali_bot.slack.event(dm("", user=COORDINATOR, subtype="file_share", files=[{"id": "F0OCT"}]))
    reply = mali_bot.fake.wait_for("chat.postMessage")[0]
    assert reply["channel"] == "D0ASKER"
    assert reply["text"].endswith("• What it changed goes to the team channel.")
    assert digests(mali_bot) == [(OCT.name, "C0REMIND", "pending", COORDINATOR)]
    mali_bot.fake.reset()

    assert deliver(mali_bot, IN_OCTOBER_2016) == ["sent"]
    posted = mali_bot.fake.calls_to("chat.postMessage")
    assert len(posted) == 1 and posted[0]["channel"] == "C0REMIND"
    deadlines = [
        # the reconvening the update moved (the deadline moved with it), the elections it
        # moved (the November one is superseded), the report it announced
        "Deadline: #1 about Saturday 29 October 2016 (in 9 days) — Informal Expert Group meets"
        " again on Mali (date to confirm)",
        "Deadline: #6 Sunday 18 December 2016 (in 59 days) — Communal elections in Mali",
        "Deadline: #5 Friday 30 December 2016 (in 71 days) — Next Secretary-General report on"
        " Mali due",
    ]
    expected = wps.Reply(DIGEST_TEXT, lines=[*CHANGE_LINES, *deadlines])
    assert posted[0]["blocks"] == render.reply_blocks(expected)
    assert posted[0]["blocks"] == [
        {"type": "section", "text": {"type": "mrkdwn", "text": DIGEST_TEXT}},
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "\n".join(f"• {escape(line)}" for line in expected.lines),
            },
        },
    ]
    assert posted[0]["text"] == escape(render.plain_text(expected))
    assert digests(mali_bot) == [(OCT.name, "C0REMIND", "sent", COORDINATOR)]
    # the next tick (or another process) finds nothing to post
    mali_bot.fake.reset()
    assert deliver(mali_bot) == [] and mali_bot.fake.methods() == []


def test_loading_the_same_file_again_digests_nothing(mali_bot: RunningBot) -> None:
    mali_bot.fake.add_file("F0SAME", MALI.name, MALI.read_bytes())
    mali_bot.slack.event(dm("", user=COORDINATOR, subtype="file_share", files=[{"id": "F0SAME"}]))
    assert mali_bot.fake.wait_for("chat.postMessage")[0]["text"].endswith("nothing changed.")
    assert digests(mali_bot) == []


def test_someone_else_loading_a_file_is_refused_and_nothing_is_queued(
    mali_bot: RunningBot,
) -> None:
    mali_bot.fake.add_file("F0OCT", OCT.name, OCT.read_bytes())
    mali_bot.slack.event(dm("", subtype="file_share", files=[{"id": "F0OCT"}]))
    assert mali_bot.fake.wait_for("chat.postMessage")[0]["text"].startswith("Sorry, only")
    assert digests(mali_bot) == []


def test_ingest_url_queues_a_digest_and_a_failed_post_is_retried(mali_bot: RunningBot) -> None:
    url = mali_bot.fake.add_page(MAR.name, MAR.read_bytes())
    posted = ask(mali_bot, f"ingest {url}", user_id=COORDINATOR)
    assert posted["text"].startswith(f"Loaded “{MAR.name}”.")
    assert digests(mali_bot) == [(MAR.name, "C0REMIND", "pending", COORDINATOR)]
    mali_bot.fake.reset()
    mali_bot.fake.fail("chat.postMessage", error="channel_not_found")
    now = datetime.now(UTC)
    assert deliver(mali_bot, now) == ["failed"]
    row = mali_bot.store.db.execute("select status, attempts, last_error from digests").fetchone()
    assert row[0:2] == ("pending", 1) and "channel_not_found" in row[2]
    assert deliver(mali_bot, now) == []  # backing off
    from datetime import timedelta

    assert deliver(mali_bot, now + timedelta(minutes=1)) == ["sent"]
    text = mali_bot.fake.calls_to("chat.postMessage")[-1]["text"]
    assert text.startswith(
        "New update on Mali: mali-update-2017-03.txt (2 Mar 2017, last updated). Against"
        " mali-ieg-2016.txt: Figures: 2 moved, 11 no longer mentioned."
    )


def test_an_older_update_loaded_late_says_the_latest_stays_the_latest(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    db_path = tmp_path / "late.db"
    load(Store(db_path), OCT)
    for running in start_bot(fake_slack, db_path):
        running.fake.add_file("F0OLD", MALI.name, MALI.read_bytes())
        running.slack.event(dm("", user=COORDINATOR, subtype="file_share", files=[{"id": "F0OLD"}]))
        running.fake.wait_for("chat.postMessage")
        running.fake.reset()
        assert deliver(running) == ["sent"]
        text = running.fake.calls_to("chat.postMessage")[0]["text"]
        assert text.splitlines()[0] == (
            "New update on Mali: mali-ieg-2016.txt (Aug 2016, latest date it reports on). It is"
            " older than the latest update, mali-update-2016-10.txt (14 Oct 2016), which stays"
            " the latest. Nothing older to compare it with: 14 figures, 15 dates."
        )


def test_what_changed_in_several_countries(tmp_path: Path) -> None:
    store = Store(tmp_path / "many.db")
    older, newer = tmp_path / "ruritania-a.txt", tmp_path / "ruritania-b.txt"
    for path, day, seats in (
        (older, "12 March 2026", "three"),
        (newer, "14 September 2026", "five"),
    ):
        path.write_text(
            f"{day}\n\nThe Informal Expert Group met on the situation in Ruritania.\n\n"
            f"Women hold {seats} of the 20 seats on the National Dialogue Commission (NDC).\n",
            encoding="utf-8",
        )
    load(store, newer, MALI, older, OCT)
    reply = wps.run(wps.Context(services=Services(store), now=NOW), "what changed")
    assert reply.text == "What changed in the latest updates of 2 countries."
    assert reply.lines[0] == WHAT_CHANGED
    ruritania = reply.lines.index(
        "Ruritania: from ruritania-a.txt (12 Mar 2026) to ruritania-b.txt (14 Sep 2026)."
        " Figures: 1 moved."
    )
    assert reply.lines[ruritania + 1] == (
        "  Moved: women — seats on the National Dialogue Commission (NDC): 3 of 20 → 5 of 20"
    )
    since = wps.run(
        wps.Context(services=Services(store), now=NOW), "what changed in Mali since 2016-12-01"
    )
    assert since.text == (
        "Mali: no update since mali-update-2016-10.txt (14 Oct 2016). Nothing changed."
    )
    assert since.lines == ["Nothing changed: the same figures and dates."]
