"""End to end: a coordinator shares an update with a running `wpsbot serve`; its scheduler posts
the digest to WPSBOT_DIGEST_CHANNEL once, and a restart does not post it again."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from store.db import Store
from store.ingest import ingest_raw
from store.readers import read_source
from tests.fakes.serve_process import ServeProcess, serve_env
from tests.fakes.signing import SIGNING_SECRET, SlackSender
from tests.fakes.slack_api import BOT_TOKEN, FakeSlack

REPO = Path(__file__).resolve().parents[2]
MALI = REPO / "store" / "data" / "mali-ieg-2016.txt"
OCT = REPO / "tests" / "data" / "updates" / "mali-update-2016-10.txt"


def start(db: Path, fake: FakeSlack, cwd: Path) -> tuple[ServeProcess, str]:
    env = serve_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.api_url,
        PORT="0",
        WPSBOT_REMINDER_CHANNEL="C0REMIND",
        WPSBOT_DIGEST_CHANNEL="C0TEAM",
        WPSBOT_COORDINATORS="U0COORD",
    )
    process = ServeProcess(env, cwd, ready="listening on", args=("--db", str(db)))
    process.wait_ready(timeout=30)
    line = process.line_with("listening on")
    return process, line.split("listening on ")[1].strip().removesuffix("/slack/events")


def team_posts(fake: FakeSlack) -> list[str]:
    return [c["text"] for c in fake.calls_to("chat.postMessage") if c.get("channel") == "C0TEAM"]


def test_the_digest_is_posted_once_by_the_scheduler(fake_slack: FakeSlack, tmp_path: Path) -> None:
    db = tmp_path / "wps.db"
    ingest_raw(Store(db).db, read_source(str(MALI)), datetime.now(UTC))
    fake_slack.add_file("F0OCT", OCT.name, OCT.read_bytes())
    serve, base = start(db, fake_slack, tmp_path)
    try:
        sender = SlackSender(base)
        event = {
            "type": "message",
            "channel_type": "im",
            "channel": "D0COORD",
            "user": "U0COORD",
            "subtype": "file_share",
            "files": [{"id": "F0OCT"}],
            "text": "",
            "ts": "1700000300.000300",
        }
        assert sender.event(event).status_code == 200
        sender.close()
        deadline = time.monotonic() + 20
        while not team_posts(fake_slack) and time.monotonic() < deadline:
            time.sleep(0.1)
        posts = team_posts(fake_slack)
        assert len(posts) == 1, serve.output
        assert posts[0].splitlines()[0] == (
            "New update on Mali: mali-update-2016-10.txt (14 Oct 2016). Against"
            " mali-ieg-2016.txt: Figures: 4 moved, 1 new, 1 no longer mentioned. Dates: 2 moved,"
            " 1 new."
        )
        reply = next(
            c for c in fake_slack.calls_to("chat.postMessage") if c["channel"] == "D0COORD"
        )
        assert reply["text"].startswith("Loaded “mali-update-2016-10.txt”.")
    finally:
        assert serve.stop() == 0, serve.output
    assert "digest of document 2 sent to C0TEAM" in serve.output
    # A restart finds the digest sent: nothing is posted twice.
    again, _ = start(db, fake_slack, tmp_path)
    try:
        time.sleep(2.5)  # more than two ticks of the scheduler
        assert len(team_posts(fake_slack)) == 1
    finally:
        assert again.stop() == 0, again.output
    assert "Traceback" not in serve.output + again.output
