"""Settings.from_env: defaults, parsing, and one message naming every problem."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, load_env


def test_http_mode_with_defaults() -> None:
    settings = Settings.from_env(
        {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "WPSBOT_DB": "x.db"}
    )
    assert settings == Settings(
        db_path="x.db",
        bot_token="xoxb-1",
        signing_secret="s",
        app_token=None,
        slack_api_url="https://slack.com/api/",
        port=3000,
        timezone="UTC",
        reminder_channel=None,
        catchup=timedelta(hours=24),
        coordinators=frozenset(),
    )
    assert not settings.socket_mode


def test_everything_set() -> None:
    settings = Settings.from_env(
        {
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_APP_TOKEN": "xapp-1",
            "SLACK_API_URL": "http://127.0.0.1:9/api",
            "PORT": "8080",
            "WPSBOT_TIMEZONE": "America/New_York",
            "WPSBOT_REMINDER_CHANNEL": "C0WPS",
            "WPSBOT_CATCHUP": "90m",
            "WPSBOT_COORDINATORS": " U1, U2 ,,",
            "WPSBOT_ALLOWED_HOSTS": "127.0.0.1, 10.0.0.0/8, Docs.Intranet.example",
        },
        db="cli.db",
    )
    assert settings.allowed_hosts == ("127.0.0.1", "10.0.0.0/8", "docs.intranet.example")
    assert settings.fetch_policy.allowed == settings.allowed_hosts
    assert settings.socket_mode
    assert settings.db_path == "cli.db"
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert settings.port == 8080
    assert settings.timezone == "America/New_York"
    assert settings.reminder_channel == "C0WPS"
    assert settings.digest_target == "C0WPS"  # digests default to the reminder channel
    assert settings.catchup == timedelta(minutes=90)
    assert settings.coordinators == frozenset({"U1", "U2"})


def test_digests_go_to_their_own_channel_when_set() -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}
    assert Settings.from_env(env).digest_target is None  # no channel at all: no digests
    both = {**env, "WPSBOT_REMINDER_CHANNEL": "C0REMIND", "WPSBOT_DIGEST_CHANNEL": " C0TEAM "}
    settings = Settings.from_env(both)
    assert (settings.digest_channel, settings.digest_target) == ("C0TEAM", "C0TEAM")


def test_one_message_names_every_missing_setting() -> None:
    with pytest.raises(SettingsError) as info:
        Settings.from_env({})
    assert str(info.value) == (
        "wpsbot cannot start: missing SLACK_BOT_TOKEN (the xoxb- bot token), "
        "SLACK_SIGNING_SECRET (for HTTP mode; or set SLACK_APP_TOKEN for Socket Mode)."
    )


def test_every_invalid_value_is_named() -> None:
    with pytest.raises(SettingsError) as info:
        Settings.from_env(
            {
                "SLACK_BOT_TOKEN": "xoxp-user",
                "SLACK_SIGNING_SECRET": "s",
                "PORT": "http",
                "WPSBOT_TIMEZONE": "Mars/Olympus",
                "WPSBOT_CATCHUP": "soon",
            }
        )
    message = str(info.value)
    for name in ("SLACK_BOT_TOKEN", "PORT", "WPSBOT_TIMEZONE", "WPSBOT_CATCHUP"):
        assert name in message
    assert "\n" not in message


def test_console_needs_no_tokens() -> None:
    settings = Settings.from_env({}, slack=False)
    assert settings.bot_token is None
    assert settings.db_path == "wpsbot.db"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("24h", 86400), ("90m", 5400), ("3600", 3600), ("2d", 172800), (" 30s ", 30)],
)
def test_catchup_is_a_short_duration(text: str, expected: int) -> None:
    settings = Settings.from_env({"WPSBOT_CATCHUP": text}, slack=False)
    assert settings.catchup == timedelta(seconds=expected)


def test_dotenv_is_read_and_environment_wins(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("SLACK_BOT_TOKEN=xoxb-file\nPORT=4000\n")
    merged = load_env({"PORT": "5000"}, dotenv)
    assert merged == {"SLACK_BOT_TOKEN": "xoxb-file", "PORT": "5000"}
    assert load_env({"A": "1"}, tmp_path / "missing.env") == {"A": "1"}


def test_allowed_hosts_that_are_not_hosts_are_named() -> None:
    with pytest.raises(SettingsError) as info:
        Settings.from_env({"WPSBOT_ALLOWED_HOSTS": "127.0.0.1, *.example.org"}, slack=False)
    assert str(info.value) == (
        "wpsbot cannot start: WPSBOT_ALLOWED_HOSTS: '*.example.org' is not a host name, "
        "IP address or CIDR."
    )


def test_host_and_public_url() -> None:
    assert Settings.from_env({}, slack=False).host == "127.0.0.1"  # this machine only
    settings = Settings.from_env(
        {"HOST": "0.0.0.0", "WPSBOT_PUBLIC_URL": "https://wpsbot.example.org/"}, slack=False
    )
    assert (settings.host, settings.public_url) == ("0.0.0.0", "https://wpsbot.example.org")
    with pytest.raises(SettingsError, match="WPSBOT_PUBLIC_URL must be an http"):
        Settings.from_env({"WPSBOT_PUBLIC_URL": "wpsbot.example.org"}, slack=False)
