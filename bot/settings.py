"""Settings from the environment (and an optional .env), checked once at start-up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from store.chrono import parse_short_duration
from store.db import resolve_db_path
from store.fetch import FetchPolicy, parse_allowed_hosts

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_PORT = 3000
# Only this machine, unless HOST (or serve --host) says otherwise: the Docker image sets
# 0.0.0.0, where the container's port mapping decides who can reach it.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_CATCHUP = timedelta(hours=24)


class SettingsError(Exception):
    """Missing or invalid settings; the message names every one of them."""


@dataclass(frozen=True)
class Settings:
    """Everything the bot reads from its environment."""

    db_path: str
    bot_token: str | None = None
    signing_secret: str | None = None
    app_token: str | None = None  # set: Socket Mode; unset: HTTP on `port`
    slack_api_url: str = DEFAULT_SLACK_API_URL
    port: int = DEFAULT_PORT
    host: str = DEFAULT_HOST
    public_url: str | None = None  # where people reach the HTTP server: for the calendar link
    timezone: str = "UTC"
    reminder_channel: str | None = None
    digest_channel: str | None = None  # WPSBOT_DIGEST_CHANNEL (see digest_target)
    catchup: timedelta = DEFAULT_CATCHUP
    coordinators: frozenset[str] = field(default_factory=frozenset)
    log_level: str = "INFO"
    # exempt from the public-address rule of URL fetches (hosts, IPs, CIDRs)
    allowed_hosts: tuple[str, ...] = ()

    @property
    def socket_mode(self) -> bool:
        """True when an app-level token is set: connect out over a WebSocket, no public URL."""
        return bool(self.app_token)

    @property
    def digest_target(self) -> str | None:
        """Where digests of updates loaded in Slack go: WPSBOT_DIGEST_CHANNEL, else the
        reminder channel; None: no digests."""
        return self.digest_channel or self.reminder_channel

    @property
    def tz(self) -> ZoneInfo:
        """The team's time zone (WPSBOT_TIMEZONE)."""
        return ZoneInfo(self.timezone)

    @property
    def fetch_policy(self) -> FetchPolicy:
        """What URL ingestion may fetch: public addresses, and WPSBOT_ALLOWED_HOSTS."""
        return FetchPolicy(allowed=self.allowed_hosts)

    @classmethod
    def from_env(
        cls, env: Mapping[str, str], *, db: str | None = None, slack: bool = True
    ) -> Settings:
        """Read and check every setting; raise SettingsError naming all problems at once.

        `slack=False` (the console) needs no tokens.
        """
        problems: list[str] = []

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        bot_token = get("SLACK_BOT_TOKEN")
        app_token = get("SLACK_APP_TOKEN")
        signing_secret = get("SLACK_SIGNING_SECRET")
        if slack:
            missing = []
            if not bot_token:
                missing.append("SLACK_BOT_TOKEN (the xoxb- bot token)")
            if not app_token and not signing_secret:
                missing.append(
                    "SLACK_SIGNING_SECRET (for HTTP mode; or set SLACK_APP_TOKEN for Socket Mode)"
                )
            if missing:
                problems.append("missing " + ", ".join(missing))
            if bot_token and not bot_token.startswith("xoxb-"):
                problems.append("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")
            if app_token and not app_token.startswith("xapp-"):
                problems.append("SLACK_APP_TOKEN must be an app-level token starting with xapp-")

        port = DEFAULT_PORT
        if get("PORT"):
            try:
                port = int(env["PORT"])
                if not 0 <= port <= 65535:
                    raise ValueError
            except ValueError:
                problems.append(f"PORT must be a port number, not {env['PORT']!r}")

        public_url = get("WPSBOT_PUBLIC_URL")
        if public_url and not public_url.startswith(("http://", "https://")):
            problems.append(f"WPSBOT_PUBLIC_URL must be an http(s) URL, not {public_url!r}")
        public_url = public_url.rstrip("/") if public_url else None

        timezone = get("WPSBOT_TIMEZONE") or "UTC"
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(f"WPSBOT_TIMEZONE {timezone!r} is not a time zone (e.g. Europe/Paris)")

        catchup = DEFAULT_CATCHUP
        if get("WPSBOT_CATCHUP"):
            try:
                catchup = parse_short_duration(env["WPSBOT_CATCHUP"], "dhms")
            except ValueError:
                problems.append(
                    f"WPSBOT_CATCHUP must be a duration like 24h, 90m or 3600, "
                    f"not {env['WPSBOT_CATCHUP']!r}"
                )

        api_url = get("SLACK_API_URL") or DEFAULT_SLACK_API_URL
        if not api_url.startswith(("http://", "https://")):
            problems.append(f"SLACK_API_URL must be an http(s) URL, not {api_url!r}")
        # WebClient joins base_url and the method name without adding a slash.
        api_url = api_url if api_url.endswith("/") else api_url + "/"

        coordinators = frozenset(
            part.strip()
            for part in (env.get("WPSBOT_COORDINATORS") or "").split(",")
            if part.strip()
        )
        log_level = (get("WPSBOT_LOG_LEVEL") or "INFO").upper()
        if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            problems.append(
                f"WPSBOT_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {log_level!r}"
            )

        allowed_hosts: tuple[str, ...] = ()
        try:
            allowed_hosts = parse_allowed_hosts(env.get("WPSBOT_ALLOWED_HOSTS") or "")
        except ValueError as exc:
            problems.append(f"WPSBOT_ALLOWED_HOSTS: {exc}")

        if problems:
            raise SettingsError("wpsbot cannot start: " + "; ".join(problems) + ".")
        return cls(
            db_path=resolve_db_path(db, dict(env)),
            bot_token=bot_token,
            signing_secret=signing_secret,
            app_token=app_token,
            slack_api_url=api_url,
            port=port,
            host=get("HOST") or DEFAULT_HOST,
            public_url=public_url,
            timezone=timezone,
            reminder_channel=get("WPSBOT_REMINDER_CHANNEL"),
            digest_channel=get("WPSBOT_DIGEST_CHANNEL"),
            catchup=catchup,
            coordinators=coordinators,
            log_level=log_level,
            allowed_hosts=allowed_hosts,
        )


def load_env(env: Mapping[str, str], dotenv_path: str | Path = ".env") -> dict[str, str]:
    """The environment with values from an optional .env file underneath (the environment wins)."""
    merged: dict[str, str] = {}
    path = Path(dotenv_path)
    if path.is_file():
        from dotenv import dotenv_values  # only needed when a .env exists

        merged.update({k: v for k, v in dotenv_values(path).items() if v is not None})
    merged.update(env)
    return merged
