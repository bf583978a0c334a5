"""Mentions, DMs, files, App Home and failures, driven as signed Events API requests."""

from __future__ import annotations

import logging
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from handlers import render, wps
from store import Services
from store.ingest import ingest_raw
from store.readers import read_source
from tests.fakes.slack_api import BOT_ID, BOT_TOKEN, BOT_USER_ID, FakeSlack
from tests.handlers.conftest import COORDINATOR, MALI, RunningBot, start_bot


@pytest.fixture
def sync_bot(fake_slack: FakeSlack, mali_db: Path, tmp_path: Path) -> Iterator[RunningBot]:
    """process_before_response: the HTTP answer comes after the listener finished, so a test
    can assert that nothing was posted."""
    db_path = tmp_path / "sync.db"
    shutil.copy(mali_db, db_path)
    yield from start_bot(fake_slack, db_path, process_before_response=True)


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


def dm(text: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "channel_type": "im",
        "channel": "D0ASKER",
        "user": "U0ASKER",
        "text": text,
        "ts": "1700000200.000200",
        "event_ts": "1700000200.000200",
        **extra,
    }


def answer_message(bot: RunningBot, question: str) -> dict[str, Any]:
    from datetime import UTC, datetime

    ctx = wps.Context(services=Services(bot.store), now=datetime.now(UTC))
    return render.message(wps.answer(ctx, question))


def test_mention_is_answered_in_its_thread(bot: RunningBot) -> None:
    assert bot.slack.event(mention("women on the CSA?")).status_code == 200
    posted = bot.fake.wait_for("chat.postMessage")
    assert posted == [
        {
            "channel": "C0GENERAL",
            "thread_ts": "1700000100.000100",
            "team_id": "T0WPS",  # Bolt's per-request client names the workspace
            **answer_message(bot, "women on the CSA?"),
        }
    ]


def test_a_mention_reply_names_its_source_once(bot: RunningBot) -> None:
    bot.slack.event(mention("women on the CSA?"))
    posted = bot.fake.wait_for("chat.postMessage")[0]
    shown = [b["text"]["text"] for b in posted["blocks"] if b["type"] == "section"]
    shown += [e["text"] for b in posted["blocks"] if b["type"] == "context" for e in b["elements"]]
    # The lead, the quote once, its source once (the notification text the same).
    assert sum(text.count("mali-ieg-2016.txt") for text in shown) == 1
    assert posted["text"].count("mali-ieg-2016.txt") == 1
    assert sum(text.count("There is only one woman out of the 62") for text in shown) == 1


def test_a_refusals_nearest_passages_are_cut_between_words_never_in_a_figure(
    bot: RunningBot,
) -> None:
    from datetime import UTC, datetime

    veloria = MALI.parents[2] / "tests" / "data" / "veloria-sample-2027.txt"
    ingest_raw(bot.store.db, read_source(str(veloria)), datetime(2026, 11, 1, tzinfo=UTC))
    bot.slack.event(mention("how many UNMIVEL judges are women?"))
    text = bot.fake.wait_for("chat.postMessage")[0]["text"]
    assert text.startswith("The loaded updates don't answer that")
    nearest = re.findall(r"“([^”]*)…”", text)
    assert nearest, text
    sentences = [row["sentence"] for row in bot.store.db.table("passages").rows]
    for shown in nearest:
        # Each is the start of a sentence, cut where a word ends: at a space, not in "17.9".
        whole = next(s for s in sentences if s.startswith(shown))
        assert whole[len(shown)] == " ", (shown, whole)
    assert any("military personnel and" in shown for shown in nearest)


def test_mention_inside_a_thread_stays_in_that_thread(bot: RunningBot) -> None:
    bot.slack.event(mention("help", thread_ts="1700000000.000001"))
    posted = bot.fake.wait_for("chat.postMessage")[0]
    assert posted["thread_ts"] == "1700000000.000001"
    assert posted["text"].startswith("I answer questions")


def test_dm_is_answered_in_the_dm(bot: RunningBot) -> None:
    bot.slack.event(dm("facts CSA"))
    posted = bot.fake.wait_for("chat.postMessage")[0]
    assert posted["channel"] == "D0ASKER"
    assert "thread_ts" not in posted
    assert posted["text"].startswith("1 fact mentions “CSA”.")


def test_a_retried_event_is_answered_once(sync_bot: RunningBot) -> None:
    first = sync_bot.slack.event(dm("women on the CSA?"), event_id="Ev0RETRY")
    retry = sync_bot.slack.event(dm("women on the CSA?"), event_id="Ev0RETRY", retry_num=1)
    retry2 = sync_bot.slack.event(dm("women on the CSA?"), event_id="Ev0RETRY", retry_num=2)
    assert [first.status_code, retry.status_code, retry2.status_code] == [200, 200, 200]
    assert len(sync_bot.fake.calls_to("chat.postMessage")) == 1


@pytest.mark.parametrize(
    "event",
    [
        dm("hello", user=BOT_USER_ID, bot_id=BOT_ID),  # our own message
        dm("hello", bot_id="B0OTHER", subtype="bot_message"),  # another bot
        dm("hello", subtype="message_changed"),  # an edit
        dm("hello", channel_type="channel", channel="C0GENERAL"),  # channel chatter
    ],
    ids=["own", "other-bot", "edit", "channel"],
)
def test_messages_not_for_the_bot_are_ignored(sync_bot: RunningBot, event: dict[str, Any]) -> None:
    assert sync_bot.slack.event(event).status_code == 200
    assert sync_bot.fake.methods() == []


def test_file_shared_by_a_coordinator_is_downloaded_and_loaded(bot: RunningBot) -> None:
    veloria = MALI.parents[2] / "tests" / "data" / "veloria-sample-2027.txt"
    bot.fake.add_file("F0NOTE", "veloria-note.txt", veloria.read_bytes())
    bot.slack.event(dm("", user=COORDINATOR, subtype="file_share", files=[{"id": "F0NOTE"}]))
    posted = bot.fake.wait_for("chat.postMessage")[0]
    assert posted["channel"] == "D0ASKER"
    assert posted["text"].startswith("Loaded “veloria-note.txt”.\n• ")
    assert re.search(r"• \d+ facts, \d+ dated events, \d+ sentences", posted["text"])
    assert bot.fake.calls_to("files.info") == [{"file": "F0NOTE", "team_id": "T0WPS"}]
    download = next(c for c in bot.fake.calls if c.method == "file_download")
    assert download.headers["authorization"] == f"Bearer {BOT_TOKEN}"
    sources = [row["source"] for row in bot.store.db.table("documents").rows]
    assert "slack-file:veloria-note.txt" in sources


def test_file_shared_with_a_mention_by_a_non_coordinator_is_refused(bot: RunningBot) -> None:
    bot.fake.add_file("F0NOTE", "note.txt", b"Women hold two of the 15 seats.")
    bot.slack.event(mention("please load this", files=[{"id": "F0NOTE"}]))
    posted = bot.fake.wait_for("chat.postMessage")[0]
    assert posted["text"].startswith("Sorry, only coordinators can load documents.")
    assert posted["thread_ts"] == "1700000100.000100"
    assert "file_download" not in bot.fake.methods()
    assert bot.store.db.table("documents").count == 1


def test_a_bad_file_is_one_clear_line_and_nothing_changes(bot: RunningBot) -> None:
    bot.fake.add_file("F0BIN", "scan.pdf", b"\x00\x01 not a pdf", mimetype="application/pdf")
    bot.slack.event(dm("", user=COORDINATOR, subtype="file_share", files=[{"id": "F0BIN"}]))
    posted = bot.fake.wait_for("chat.postMessage")[0]
    assert posted["text"].startswith("Nothing was loaded: scan.pdf")
    assert "\n" not in posted["text"]
    assert bot.store.db.table("documents").count == 1


def home_texts(view: dict[str, Any]) -> dict[str, list[str]]:
    """The Home tab's sections: header -> the texts of the blocks under it."""
    sections: dict[str, list[str]] = {}
    current = ""
    for block in view["blocks"]:
        if block["type"] == "header":
            current = block["text"]["text"]
            sections[current] = []
        elif block["type"] == "section":
            sections[current].append(block["text"]["text"])
    return sections


def test_app_home_shows_the_newest_update_of_each_country_figures_and_days_left(
    bot: RunningBot,
) -> None:
    from datetime import UTC, datetime

    veloria = MALI.parents[2] / "tests" / "data" / "veloria-sample-2027.txt"
    oct_update = MALI.parents[2] / "tests" / "data" / "updates" / "mali-update-2016-10.txt"
    loaded = datetime(2026, 11, 2, tzinfo=UTC)
    for path in (veloria, oct_update):
        ingest_raw(bot.store.db, read_source(str(path)), loaded)
    wps.cmd_deadline(
        wps.Context(services=Services(bot.store), now=datetime.now(UTC), can_change=True),
        'add "Input to the SG report" 2099-01-20',
    )
    bot.slack.event({"type": "app_home_opened", "user": "U0ASKER", "tab": "home"})
    published = bot.fake.wait_for("views.publish")[0]
    assert published["user_id"] == "U0ASKER" and published["view"]["type"] == "home"
    home = home_texts(published["view"])
    assert list(home) == [
        "WPS situation updates", "Latest updates", "Latest changes", "Key figures",
        "Upcoming deadlines",
    ]  # fmt: skip
    # The newest of each country: Veloria's and Mali's October update, not Mali's August one.
    assert home["Latest updates"] == [
        "3 documents loaded; the newest of each of 2 countries (/wps documents lists them all).",
        "• veloria-sample-2027.txt (Veloria, Mar 2027, latest date it reports on) — 15 facts, "
        "12 dates\n"
        "• mali-update-2016-10.txt (Mali, 14 Oct 2016) — 14 facts, 16 dates (1 earlier update)",
    ]
    figures = home["Key figures"][1].split("\n")
    assert home["Key figures"][0] == (
        "Headline figures of the newest update of each country (/wps facts TEXT finds the others)."
    )
    assert figures[0] == (
        "• Women hold 2 of the 15 seats on the Comité National de Dialogue (CND) (13.3%, up from"
        " 0 in Mar 2026) — veloria-sample-2027.txt"
    )
    csa = "• 3 of the 64 Malian members of the CSA are women (4.7%) — mali-update-2016-10.txt"
    assert csa in figures
    assert len(figures) == 6 and all(f.endswith(".txt") for f in figures)
    deadlines = home["Upcoming deadlines"][1].split("\n")
    assert all(re.search(r"\((in \d+ days?|today|tomorrow|the month starts in \d+ days?)\)", d)
               for d in deadlines), deadlines  # fmt: skip
    assert any(d.endswith("— Input to the SG report") for d in deadlines)


def test_the_home_tab_is_refreshed_for_everyone_who_opened_it(bot: RunningBot) -> None:
    from datetime import UTC, datetime, timedelta

    from bot.app import make_client
    from bot.scheduler import HomeRefresher
    from handlers import home

    for user in ("U0ASKER", "U0OTHER"):
        bot.slack.event({"type": "app_home_opened", "user": user, "tab": "home"})
    bot.fake.wait_for("views.publish", 2)
    # Each listener records what its tab shows right after publishing it: wait for both.
    deadline = time.monotonic() + 5
    while bot.store.db.execute("select count(*) from home_tabs").fetchone()[0] < 2:
        assert time.monotonic() < deadline, "the Home tabs were never recorded"
        time.sleep(0.01)
    # The Home job, wired as `wpsbot serve` wires it, against the fake Slack.
    services = Services(bot.store)
    refresher = HomeRefresher(
        services,
        home.slack_publisher(make_client(bot.settings)),
        home.view_builder(services, bot.settings.timezone),
        tz=bot.settings.tz,
    )
    now = datetime.now(UTC)
    assert refresher.run_due(now) == []  # nothing changed since they opened it
    # A coordinator adds a deadline in a DM: both tabs show it, not only the coordinator's.
    bot.slack.event(dm('deadline add "Open debate on WPS" 2099-10-24', user=COORDINATOR))
    bot.fake.wait_for("chat.postMessage")
    assert sorted(refresher.run_due(now)) == ["U0ASKER", "U0OTHER"]
    calls = bot.fake.calls_to("views.publish")
    assert [sorted(c["user_id"] for c in pair) for pair in (calls[:2], calls[2:])] == [
        ["U0ASKER", "U0OTHER"], ["U0ASKER", "U0OTHER"],
    ]  # fmt: skip
    assert all("Open debate on WPS" in str(c["view"]) for c in calls[2:])
    assert "Open debate on WPS" not in str(calls[0]["view"])
    # A coordinator loads an update: both again, with the new country's update.
    veloria = MALI.parents[2] / "tests" / "data" / "veloria-sample-2027.txt"
    bot.fake.add_file("F0VEL", "veloria.txt", veloria.read_bytes())
    bot.slack.event(dm("", user=COORDINATOR, subtype="file_share", files=[{"id": "F0VEL"}]))
    bot.fake.wait_for("chat.postMessage", 2)
    assert sorted(refresher.run_due(now)) == ["U0ASKER", "U0OTHER"]
    assert all("veloria.txt" in str(c["view"]) for c in bot.fake.calls_to("views.publish")[4:])
    assert refresher.run_due(now) == []
    # A new day changes the days left: refreshed once more.
    assert sorted(refresher.run_due(now + timedelta(days=1))) == ["U0ASKER", "U0OTHER"]


def test_a_mention_by_another_bot_is_ignored(sync_bot: RunningBot) -> None:
    assert sync_bot.slack.event(mention("hi", bot_id="B0OTHER")).status_code == 200
    assert sync_bot.fake.methods() == []


def test_slack_rate_limit_is_retried_after_retry_after(bot: RunningBot) -> None:
    bot.fake.fail("chat.postMessage", status=429, times=1, retry_after=0)
    bot.slack.event(mention("help"))
    posted = bot.fake.wait_for("chat.postMessage", 2)
    assert posted[0] == posted[1]  # the same message, sent again once Slack allowed it
    assert posted[1]["text"].startswith("I answer questions")
    assert len(bot.fake.calls_to("chat.postMessage")) == 2


def test_a_failure_gets_an_apology_with_the_logged_error_id(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    # Slack refuses the answer once; the apology (the next call) goes through.
    bot.fake.fail("chat.postMessage", error="not_in_channel")
    with caplog.at_level(logging.ERROR, logger="wpsbot.errors"):
        bot.slack.event(mention("women on the CSA?"))
        apology = bot.fake.wait_for("chat.postMessage", 2)[1]
    match = re.fullmatch(
        r"Sorry, something went wrong on my side \(error id ([0-9a-f]{8})\)\. Please try "
        r"again; if it keeps happening, tell the bot's admin that id\.",
        apology["text"],
    )
    assert match, apology["text"]
    assert apology["thread_ts"] == "1700000100.000100"
    assert any(match[1] in record.getMessage() for record in caplog.records)


def test_a_broken_database_gets_an_apology_not_silence(bot: RunningBot) -> None:
    bot.store.db.execute("drop view current_events")
    bot.store.db.execute("drop table events")
    response = bot.slack.command("documents", response_url=bot.fake.response_url())
    assert response.status_code == 200
    posted = bot.fake.wait_for("response_url")[0]
    assert posted["text"].startswith("Sorry, something went wrong on my side (error id ")
    assert posted["response_type"] == "ephemeral"


def test_the_calendar_link_is_never_given_in_a_channel(sync_bot: RunningBot) -> None:
    sync_bot.slack.event(mention("calendar", user=COORDINATOR))
    (posted,) = sync_bot.fake.calls_to("chat.postMessage")
    assert posted["text"] == (
        "The calendar link is a secret, so not for a channel: ask me with /wps calendar, or in "
        "a direct message."
    )
    sync_bot.slack.event(dm("calendar", user=COORDINATOR))
    _, in_dm = sync_bot.fake.calls_to("chat.postMessage")
    assert in_dm["channel"] == "D0ASKER"
    assert in_dm["text"].startswith("The deadlines calendar, to subscribe to.\n• /calendar/")
