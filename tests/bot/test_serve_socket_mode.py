"""`wpsbot serve` in Socket Mode (SLACK_APP_TOKEN set), against a fake Socket Mode endpoint."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl

import httpx
import pytest

from tests.fakes.serve_process import ServeProcess, serve_env
from tests.fakes.signing import command_body, event_body
from tests.fakes.slack_api import BOT_TOKEN, BOT_USER_ID, FakeSlack
from tests.fakes.socket_mode import FakeSocketMode

REPO = Path(__file__).resolve().parents[2]
APP_TOKEN = "xapp-1-test"


@pytest.fixture
def socket_mode(fake_slack: FakeSlack) -> Iterator[FakeSocketMode]:
    ws = FakeSocketMode().start()
    fake_slack.on("apps.connections.open", ws.connections_open)
    try:
        yield ws
    finally:
        ws.stop()


def test_socket_mode_answers_commands_and_mentions(
    tmp_path: Path, fake_slack: FakeSlack, socket_mode: FakeSocketMode
) -> None:
    env = {
        **serve_env(),
        "WPSBOT_DB": str(tmp_path / "socket.db"),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": APP_TOKEN,  # no signing secret needed in Socket Mode
        "SLACK_API_URL": fake_slack.api_url,
        "PORT": "0",
    }
    serve = ServeProcess(env, tmp_path, ready="Socket Mode")
    try:
        serve.wait_ready()
        socket_mode.wait_connected()
        opened = [c for c in fake_slack.calls if c.method == "apps.connections.open"]
        assert [c.headers["authorization"] for c in opened] == [f"Bearer {APP_TOKEN}"]

        payload = dict(parse_qsl(command_body("help", response_url=fake_slack.response_url())))
        socket_mode.send(
            {"envelope_id": "env-1", "type": "slash_commands", "payload": payload,
             "accepts_response_payload": True}
        )  # fmt: skip
        assert socket_mode.wait_for_ack("env-1")["envelope_id"] == "env-1"
        answer = fake_slack.wait_for("response_url")[0]
        assert answer["text"].startswith("I answer questions")

        event = {"type": "app_mention", "user": "U0ASKER", "text": f"<@{BOT_USER_ID}> help",
                 "ts": "1700000300.000300", "channel": "C0GENERAL"}  # fmt: skip
        socket_mode.send(
            {"envelope_id": "env-2", "type": "events_api",
             "payload": json.loads(event_body(event)), "accepts_response_payload": False,
             "retry_attempt": 0, "retry_reason": ""}
        )  # fmt: skip
        socket_mode.wait_for_ack("env-2")
        posted = fake_slack.wait_for("chat.postMessage")[0]
        assert posted["thread_ts"] == "1700000300.000300"

        # The health check answers on $PORT, Slack's request URL does not exist there.
        port_line = serve.line_with("Socket Mode")
        port = port_line.rsplit("port ", 1)[1].strip()
        assert httpx.get(f"http://127.0.0.1:{port}/healthz").text == "ok\n"
        assert httpx.post(f"http://127.0.0.1:{port}/slack/events").status_code == 404
    finally:
        code = serve.stop()
    assert code == 0, serve.output
