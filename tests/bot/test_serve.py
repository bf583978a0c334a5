"""`wpsbot serve` as a real process: fails fast on bad settings, serves HTTP, stops on SIGTERM."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.fakes.serve_process import ServeProcess, serve_env
from tests.fakes.signing import SIGNING_SECRET, SlackSender
from tests.fakes.slack_api import BOT_TOKEN, FakeSlack

REPO = Path(__file__).resolve().parents[2]


def base_env(tmp_path: Path) -> dict[str, str]:
    """Only what the process needs: no Slack settings leak in from the developer's shell."""
    return serve_env(WPSBOT_DB=str(tmp_path / "serve.db"))


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
    # It stopped at start-up: no empty database is left behind (nor its WAL files).
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_database_that_was_there_is_kept_when_serve_stops_at_start_up(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    from datetime import UTC, datetime

    from store.db import Store
    from store.deadlines import add_deadline

    add_deadline(Store(tmp_path / "serve.db").db, "Kept", "2099-01-01", now=datetime.now(UTC))
    fake_slack.fail("auth.test", error="invalid_auth")
    settings = {"SLACK_BOT_TOKEN": "xoxb-revoked", "SLACK_SIGNING_SECRET": "s",
                "SLACK_API_URL": fake_slack.api_url}  # fmt: skip
    assert run_serve(tmp_path, settings).returncode == 2
    assert Store(tmp_path / "serve.db").db.table("deadlines").count == 1


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
    serve = ServeProcess(env, tmp_path, ready="listening on")
    try:
        serve.wait_ready()
        line = serve.line_with("listening on")
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
        code = serve.stop()
    assert code == 0, serve.output
    assert "Traceback" not in serve.output


def listening_on(tmp_path: Path, fake_slack: FakeSlack, host: str | None, **env: str) -> str:
    """Start serve (no --host when `host` is None) and return the address it listens on."""
    settings = {
        **base_env(tmp_path),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "PORT": "0",
        **env,
    }
    serve = ServeProcess(settings, tmp_path, ready="listening on", host=host)
    try:
        serve.wait_ready()
        line = serve.line_with("listening on")
    finally:
        assert serve.stop() == 0, serve.output
    return line.split("http://")[1].rsplit(":", 1)[0]


def test_serve_listens_on_this_machine_only_unless_told(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    # On main the default was 0.0.0.0: every interface. (127.0.0.2 and .3 are loopback too,
    # so no test listens beyond this machine.)
    assert listening_on(tmp_path, fake_slack, None) == "127.0.0.1"
    assert listening_on(tmp_path, fake_slack, None, HOST="127.0.0.2") == "127.0.0.2"
    assert listening_on(tmp_path, fake_slack, "127.0.0.3", HOST="127.0.0.2") == "127.0.0.3"


def test_a_host_it_cannot_listen_on_is_one_line(tmp_path: Path, fake_slack: FakeSlack) -> None:
    done = run_serve(
        tmp_path,
        {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake_slack.api_url,
            "PORT": "0",
            "HOST": "192.0.2.1",  # TEST-NET-1: not an address of this machine
        },
    )
    assert done.returncode == 2
    (line,) = [line for line in done.stderr.splitlines() if "cannot start" in line]
    assert (
        line
        == "wpsbot cannot start: cannot listen on 192.0.2.1:0 (Cannot assign requested address)"
    )
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "serve.db").exists()


def test_the_log_never_holds_a_request_body_or_a_secret(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    env = {
        **base_env(tmp_path),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "PORT": "0",
        "WPSBOT_LOG_LEVEL": "DEBUG",  # the most a deployment can ask for
        "WPSBOT_COORDINATORS": "U0COORD",
    }
    serve = ServeProcess(env, tmp_path, ready="listening on")
    try:
        serve.wait_ready()
        base = serve.line_with("listening on").split("listening on ")[1].strip()
        sender = SlackSender(base.removesuffix("/slack/events"))
        marker = "women-on-the-csa-question-body-marker"
        assert sender.command(marker, response_url=fake_slack.response_url("a")).status_code == 200
        forged = sender.post(f"text={marker}-forged", "application/x-www-form-urlencoded",
                             secret="wrong")  # fmt: skip
        assert forged.status_code == 401
        sender.command("calendar", user_id="U0COORD", response_url=fake_slack.response_url("b"))
        answers = fake_slack.wait_for("response_url", 2)
        sender.close()
    finally:
        assert serve.stop() == 0, serve.output
    (link,) = [a["text"] for a in answers if "/calendar/" in a["text"]]
    token = link.split("/calendar/")[1].split(".ics")[0]
    log = serve.output
    assert "refused a request to /slack/events: the signature does not match" in log
    for secret in (marker, BOT_TOKEN, SIGNING_SECRET, token):
        assert secret not in log


def test_a_forged_request_is_one_log_line_and_nothing_of_it(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    env = {
        **base_env(tmp_path),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "PORT": "0",
    }  # the default log level, INFO
    serve = ServeProcess(env, tmp_path, ready="listening on")
    try:
        serve.wait_ready()
        base = serve.line_with("listening on").split("listening on ")[1].strip()
        sender = SlackSender(base.removesuffix("/slack/events"))
        before = serve.output
        body = "token=x&text=forged-question-marker&response_url=https%3A%2F%2Fevil.invalid%2Fr"
        forged = sender.post(body, "application/x-www-form-urlencoded", secret="wrong")
        assert forged.status_code == 401
        sender.close()
        time.sleep(0.5)  # whatever it would log has been written by now
        logged = serve.output[len(before) :].splitlines()
    finally:
        assert serve.stop() == 0, serve.output
    assert len(logged) == 1, logged
    assert logged[0].endswith(
        "INFO wpsbot.verification: refused a request to /slack/events: the signature does not match"
    )
    assert "forged-question-marker" not in serve.output and "evil.invalid" not in serve.output
