"""The Slack app factory: create_app(settings, services, client) wires every handler."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.settings import Settings
from handlers import actions, commands, errors, files, home, messages, reminders
from handlers.deps import Deps, utcnow
from handlers.verification import FailClosedVerification
from store import Services

# Each slash command and event runs on one of these threads after the ack. Bolt's default (5)
# would queue acks behind answers under a burst, and Slack gives up after 3 s.
LISTENER_THREADS = 64

_ = files  # registered through messages (files arrive with mentions and DMs)


def make_client(settings: Settings) -> WebClient:
    """A WebClient on SLACK_API_URL that retries 429 (Retry-After), 5xx and dropped connections."""
    return WebClient(
        token=settings.bot_token,
        base_url=settings.slack_api_url,
        timeout=15,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


class _NoClientTokenWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from os.environ itself and then warns that the client we
    pass wins; that is the intended set-up, so the warning is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Drop Bolt's client-over-token warning."""
        return not record.getMessage().startswith("As you gave `client` as well")


class _NoRequestBodies(logging.Filter):
    """Bolt's warning about a request no listener took quotes parts of its body (a button's
    value, a dialog's submission): the log says which kind of request, never what it held."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep the record, without the body Bolt put in it."""
        if record.getMessage().startswith("Unhandled request"):
            record.msg, record.args = "Unhandled request: no listener for it (body not logged)", ()
        return True


# At DEBUG these log what Slack sent and what was sent back (message text, response_url
# bodies, Socket Mode envelopes): the bot's own log never holds a request body or a secret
# that travels in one, whatever WPSBOT_LOG_LEVEL says.
_CHATTY_LOGGERS = ("wpsbot.slack", "slack_bolt", "slack_sdk")


def _bolt_logger() -> logging.Logger:
    for name in _CHATTY_LOGGERS:
        chatty = logging.getLogger(name)
        chatty.setLevel(max(logging.INFO, chatty.getEffectiveLevel()))
    logger = logging.getLogger("wpsbot.slack")
    for kind in (_NoClientTokenWarning, _NoRequestBodies):
        if not any(isinstance(f, kind) for f in logger.filters):
            logger.addFilter(kind())
    return logger


def create_app(
    settings: Settings,
    services: Services,
    client: WebClient | None = None,
    *,
    now: Callable[[], datetime] = utcnow,
    process_before_response: bool = False,
) -> App:
    """The Bolt app with every surface registered. Calls auth.test (Slack must answer)."""
    client = client or make_client(settings)
    app = App(
        client=client,
        signing_secret=settings.signing_secret or "",
        # Bolt's own check raises on a malformed timestamp and then gives the unverified body
        # to the error handler; ours runs first, refuses on any failure and never logs bodies.
        request_verification_enabled=False,
        before_authorize=FailClosedVerification(settings.signing_secret or ""),
        process_before_response=process_before_response,
        listener_executor=ThreadPoolExecutor(LISTENER_THREADS, thread_name_prefix="wpsbot"),
        logger=_bolt_logger(),
    )
    deps = Deps(
        services=services,
        bot_token=settings.bot_token or "",
        slack_api_url=settings.slack_api_url,
        fetch_policy=settings.fetch_policy,
        public_url=settings.public_url,
        coordinators=settings.coordinators,
        timezone=settings.timezone,
        reminder_channel=settings.reminder_channel,
        digest_channel=settings.digest_target,
        now=now,
    )
    commands.register(app, deps)
    messages.register(app, deps)
    home.register(app, deps)
    actions.register(app, deps)
    reminders.register(app, deps)
    errors.register(app)
    return app
