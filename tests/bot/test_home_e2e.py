"""End to end: a running `wpsbot serve` keeps the Home tab of everyone who opened it up to
date after a coordinator changes a deadline."""

from __future__ import annotations

import time
from pathlib import Path

from tests.fakes.serve_process import ServeProcess, serve_env
from tests.fakes.signing import SIGNING_SECRET, SlackSender
from tests.fakes.slack_api import BOT_TOKEN, FakeSlack


def test_serve_refreshes_every_opened_home_tab(fake_slack: FakeSlack, tmp_path: Path) -> None:
    env = serve_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake_slack.api_url,
        PORT="0",
        WPSBOT_COORDINATORS="U0COORD",
    )
    serve = ServeProcess(env, tmp_path, ready="listening on", args=("--db", str(tmp_path / "h.db")))
    try:
        serve.wait_ready(timeout=30)
        base = serve.line_with("listening on").split("listening on ")[1].strip()
        sender = SlackSender(base.removesuffix("/slack/events"))
        for user in ("U0ONE", "U0TWO"):
            home = {"type": "app_home_opened", "user": user, "tab": "home"}
            assert sender.event(home).status_code == 200
        opened = fake_slack.wait_for("views.publish", 2)
        assert sorted(c["user_id"] for c in opened) == ["U0ONE", "U0TWO"]
        assert "No upcoming deadlines." in str(opened[0]["view"])
        response = sender.command(
            'deadline add "Input to the SG report" 2099-01-20',
            user_id="U0COORD",
            response_url=fake_slack.response_url("add"),
        )
        assert response.status_code == 200
        sender.close()
        refreshed = fake_slack.wait_for("views.publish", 4)[2:]
        assert sorted(c["user_id"] for c in refreshed) == ["U0ONE", "U0TWO"]
        assert all("Input to the SG report" in str(c["view"]) for c in refreshed)
        time.sleep(1.5)  # a few more ticks: nothing changed, nothing is published again
        assert len(fake_slack.calls_to("views.publish")) == 4
    finally:
        assert serve.stop() == 0, serve.output
    assert "Home tab refreshed for 2 users" in serve.output
