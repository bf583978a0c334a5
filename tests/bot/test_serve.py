"""`wpsbot serve` as a real process: fails fast on bad settings, serves HTTP, stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx

from tests.fakes.signing import SIGNING_SECRET, SlackSender
from tests.fakes.slack_api import BOT_TOKEN, FakeSlack

REPO = Path(__file__).resolve().parents[2]


def base_env(tmp_path: Path) -> dict[str, str]:
    """Only what the process needs: no Slack settings leak in from the developer's shell."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO),
        "WPSBOT_DB": str(tmp_path / "serve.db"),
    }


def run_serve(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "serve"],
        env={**base_env(tmp_path), **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_settings_fail_fast_with_one_message(tmp_path: Path) -> None:
    done = run_serve(tmp_path, {})
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "wpsbot cannot start: missing SLACK_BOT_TOKEN (the xoxb- bot token), "
        "SLACK_SIGNING_SECRET (for HTTP mode; or set SLACK_APP_TOKEN for Socket Mode).\n"
    )


def test_dotenv_settings_are_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-dotenv\nPORT=not-a-port\n")
    done = run_serve(tmp_path, {"SLACK_SIGNING_SECRET": "s"})
    assert done.returncode == 2
    assert done.stderr == "wpsbot cannot start: PORT must be a port number, not 'not-a-port'.\n"


def test_a_refused_token_is_one_line(tmp_path: Path, fake_slack: FakeSlack) -> None:
    fake_slack.fail("auth.test", error="invalid_auth")
    done = run_serve(
        tmp_path,
        {
            "SLACK_BOT_TOKEN": "xoxb-revoked",
            "SLACK_SIGNING_SECRET": "s",
            "SLACK_API_URL": fake_slack.api_url,
        },
    )
    assert done.returncode == 2
    assert done.stderr == (
        "wpsbot cannot start: Slack refused the bot token (invalid_auth); check SLACK_BOT_TOKEN.\n"
    )


def test_http_mode_answers_commands_and_stops_cleanly(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    env = {
        **base_env(tmp_path),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "PORT": "0",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    listening = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if "listening on" in line:
                listening.set()
        listening.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        assert listening.wait(timeout=30) and proc.poll() is None, "".join(lines)
        line = next(x for x in lines if "listening on" in x)
        base = line.split("listening on ")[1].strip().removesuffix("/slack/events")
        assert base.startswith("http://127.0.0.1:")
        assert httpx.get(base + "/healthz").text == "ok\n"
        sender = SlackSender(base)
        response = sender.command("help", response_url=fake_slack.response_url("serve"))
        sender.close()
        assert response.status_code == 200
        posted = fake_slack.wait_for("response_url")[0]
        assert posted["response_type"] == "ephemeral"
        assert posted["text"].startswith("I answer questions")
        assert fake_slack.calls_to("auth.test")  # Bolt checked the token at start-up
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=20)
    assert code == 0, "".join(lines)
    assert "Traceback" not in "".join(lines)
