"""What every Slack listener needs, handed over once by create_app (no globals)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from handlers.wps import Context
from store import FetchPolicy, Services


def utcnow() -> datetime:
    """The current time, timezone-aware."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    """The store's front door, who may change data, and the clock."""

    services: Services
    bot_token: str
    slack_api_url: str = "https://slack.com/api/"  # its origin may receive the bot token
    coordinators: frozenset[str] = field(default_factory=frozenset)
    timezone: str = "UTC"
    reminder_channel: str | None = None
    digest_channel: str | None = None  # where digests of updates loaded in Slack go
    now: Callable[[], datetime] = utcnow
    fetch_policy: FetchPolicy = field(default_factory=FetchPolicy)
    public_url: str | None = None

    def is_coordinator(self, user_id: str | None) -> bool:
        """True if this Slack user may ingest documents and change deadlines."""
        return bool(user_id) and user_id in self.coordinators

    def context(self, user_id: str | None, *, private: bool = True) -> Context:
        """A command context for this Slack user, on this thread's database connection;
        `private` when only they see the reply (the slash command, a DM)."""
        return Context(
            services=self.services,
            now=self.now(),
            user_id=user_id,
            can_change=self.is_coordinator(user_id),
            prefix="/wps ",
            allow_paths=False,  # a Slack user must never make the bot read the server's files
            timezone=self.timezone,
            reminder_channel=self.reminder_channel,
            digest_channel=self.digest_channel,
            fetch_policy=self.fetch_policy,
            private=private,
            public_url=self.public_url,
        )
