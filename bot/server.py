"""What `wpsbot serve` runs: settings, the database, the Bolt app, reminders, the transport."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Mapping
from datetime import UTC, tzinfo
from types import FrameType
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.app import create_app, make_client
from bot.settings import Settings, SettingsError, load_env
from bot.web import ThreadingWSGIServer, start_http, wsgi_app
from handlers.deps import utcnow
from store import Services
from store.db import Store

if TYPE_CHECKING:
    from wsgiref.types import WSGIApplication

log = logging.getLogger("wpsbot")


def http_app(
    app: App | None, services: Services, signing_secret: str | None = None, tz: tzinfo = UTC
) -> WSGIApplication:
    """The WSGI app: Slack's request URL (HTTP mode only), /healthz and the calendar."""

    def calendar(token: str, include_all: bool) -> bytes | None:
        if not services.deadlines.calendar_token_matches(token):
            return None
        return services.deadlines.calendar(utcnow(), include_all=include_all, tz=tz)

    return wsgi_app(app, calendar, signing_secret=signing_secret)


def _listen(application: WSGIApplication, host: str, port: int) -> ThreadingWSGIServer | None:
    """The HTTP server on host:port, or None after one line saying why it cannot listen."""
    try:
        server, _ = start_http(application, host, port)
    except OSError as exc:  # address in use, no such address, no permission
        print(f"wpsbot cannot start: cannot listen on {host}:{port} ({exc.strerror or exc})",
              file=sys.stderr)  # fmt: skip
        return None
    return server


def _stopped_at_start(store: Store, created: bool) -> int:
    """serve could not start: a database file it created for nothing is removed again (a
    typo in WPSBOT_DB or a refused token must not leave an empty wpsbot.db behind). Exit 2."""
    db = store.db
    empty = all(db.table(name).count == 0 for name in ("documents", "deadlines"))
    store.close()
    if created and empty:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(store.path + suffix)
    return 2


# How often the main thread wakes to run a signal handler Python has queued for it.
SIGNAL_POLL_SECONDS = 0.5


def _wait_for(stop: threading.Event) -> None:
    """Wait until `stop` is set by the SIGTERM/SIGINT handler.

    The kernel may deliver the signal to any thread; Python then only queues its handler for
    the main thread, which a wait without a timeout never wakes to run (a `docker stop` would
    hang until SIGKILL). Waking now and then lets the handler run."""
    while not stop.wait(timeout=SIGNAL_POLL_SECONDS):
        pass


def serve(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Run until SIGTERM/SIGINT; returns the exit code."""
    try:
        settings = Settings.from_env(load_env(env, args.env_file), db=args.db)
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    created = not os.path.exists(settings.db_path)
    store = Store(settings.db_path)
    services = Services(store)
    try:
        client = make_client(settings)
        client.auth_test()  # a clear message for a bad token, before Bolt's own check
        app = create_app(settings, services, client)
    except SlackApiError as exc:
        print(
            f"wpsbot cannot start: Slack refused the bot token ({exc.response.get('error')}); "
            "check SLACK_BOT_TOKEN.",
            file=sys.stderr,
        )
        return _stopped_at_start(store, created)
    except Exception as exc:  # e.g. Slack unreachable: one line, not a traceback
        print(f"wpsbot cannot start: {exc}", file=sys.stderr)
        return _stopped_at_start(store, created)
    if not settings.coordinators:
        log.warning("WPSBOT_COORDINATORS is empty: nobody can load documents or change deadlines")

    from bot.scheduler import HomeRefresher, start_reminders
    from handlers import home
    from handlers.reminders import slack_finder, slack_poster

    home_tabs = HomeRefresher(
        services,
        home.slack_publisher(app.client),
        home.view_builder(services, settings.timezone),
        tz=settings.tz,
    )
    scheduler = start_reminders(
        settings, services, slack_poster(app.client), find=slack_finder(app.client), home=home_tabs
    )
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    if settings.socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        handler = SocketModeHandler(app, settings.app_token)
        handler.connect()  # type: ignore[no-untyped-call]
        # /healthz and the calendar still answer on $PORT (the container health check).
        server = _listen(
            http_app(None, services, tz=settings.tz), args.host or settings.host, settings.port
        )
        if server is None:
            handler.close()  # type: ignore[no-untyped-call]
            scheduler.shutdown(wait=True)
            return _stopped_at_start(store, created)
        print(
            f"wpsbot: connected to Slack in Socket Mode; /healthz on port "
            f"{server.server_address[1]}",
            flush=True,
        )
        _wait_for(stop)
        server.shutdown()
        handler.close()  # type: ignore[no-untyped-call]
    else:
        server = _listen(
            http_app(app, services, settings.signing_secret, settings.tz),
            args.host or settings.host,
            settings.port,
        )
        if server is None:
            scheduler.shutdown(wait=True)
            return _stopped_at_start(store, created)
        host, port = server.server_address[:2]
        print(f"wpsbot: listening on http://{host!s}:{port}/slack/events", flush=True)
        _wait_for(stop)
        server.shutdown()
        server.server_close()
    scheduler.shutdown(wait=False)
    store.close()
    return 0
