"""HTTP mode: one request URL (/slack/events) for events, commands and interactivity,
plus GET /healthz and GET /calendar/<token>.ics, on a threaded WSGI server.

Bolt's own `app.start()` is a single-threaded development server; a threaded server lets one
slow answer never delay another request's ack. The WSGI callable also runs under gunicorn.
"""

from __future__ import annotations

import io
import logging
import re
import threading
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from handlers.verification import REFUSAL_BODY, refuse, verification_problem

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger("wpsbot.http")
EVENTS_PATH = "/slack/events"
# Slack's payloads are a few kB (a large modal view stays well under 1 MB).
MAX_BODY_BYTES = 2 * 1024 * 1024
CALENDAR_PATH = re.compile(r"/calendar/([A-Za-z0-9_-]{16,128})\.ics")
CALENDAR_SECRET = re.compile(r"/calendar/[^ ?]*")
# calendar(token, include_all) -> the .ics for the right token, None for any other
Calendar = Callable[[str, bool], bytes | None]
ALL_VALUES = ("1", "true", "yes")  # ?all=1: past, done and dismissed deadlines too


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """One thread per request; threads don't keep the process alive at exit."""

    daemon_threads = True
    # socketserver's default backlog of 5 resets connections under a burst of commands.
    request_queue_size = 128


class QuietHandler(WSGIRequestHandler):
    """Access log lines go to the logger at debug level, not to stderr, without secrets."""

    def log_message(self, format: str, *args: Any) -> None:
        """Route wsgiref's access log into logging, the calendar's secret taken out."""
        line = CALENDAR_SECRET.sub("/calendar/<secret>.ics", format % args)
        log.debug("%s %s", self.address_string(), line)


def wsgi_app(
    app: App | None,
    calendar: Calendar | None = None,
    *,
    signing_secret: str | None = None,
) -> WSGIApplication:
    """The WSGI callable: Slack's request URL, a health check and the deadlines calendar.

    With app=None (Socket Mode) only /healthz and the calendar are served: Socket Mode apps
    don't verify signatures, so they must never take requests from the network. With an app,
    each request to /slack/events is verified here, before Bolt parses a byte of it. The
    calendar answers only at its secret path (/wps calendar gives it); any other is 404;
    `?all=1` adds the deadlines that are past, done or dismissed.
    """
    if app is not None and not signing_secret:
        raise ValueError("HTTP mode needs the signing secret to verify Slack's requests")
    slack = SlackRequestHandler(app, path=EVENTS_PATH) if app is not None else None

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        if method == "GET" and path == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"ok\n"]
        feed = CALENDAR_PATH.fullmatch(path) if method == "GET" and calendar else None
        query = parse_qs(environ.get("QUERY_STRING", ""))
        include_all = any(v.lower() in ALL_VALUES for v in query.get("all", []))
        body = calendar(feed.group(1), include_all) if feed and calendar else None
        if body is not None:
            start_response(
                "200 OK",
                [
                    ("Content-Type", "text/calendar; charset=utf-8"),
                    ("Content-Disposition", 'inline; filename="wpsbot-deadlines.ics"'),
                    ("Content-Length", str(len(body))),
                    ("Cache-Control", "private, no-store"),
                    ("Referrer-Policy", "no-referrer"),
                ],
            )
            return [body]
        if slack is None or path != EVENTS_PATH or method != "POST":
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"Not Found\n"]
        return _verified(environ, start_response, signing_secret or "", slack)

    return application


def _verified(
    environ: WSGIEnvironment,
    start_response: StartResponse,
    secret: str,
    slack: SlackRequestHandler,
) -> Iterable[bytes]:
    """Pass the request to Bolt only if Slack signed it; anything else is 401 (or 413)."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = -1
    if length > MAX_BODY_BYTES:
        refuse(f"a body of {length} bytes is over the limit")
        start_response("413 Payload Too Large", [("Content-Type", "application/json")])
        return [REFUSAL_BODY.encode()]
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    problem = (
        "the Content-Length header is not a number"
        if length < 0
        else verification_problem(
            secret,
            body,
            environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP"),
            environ.get("HTTP_X_SLACK_SIGNATURE"),
        )
    )
    if problem is not None:
        refuse(problem)
        start_response("401 Unauthorized", [("Content-Type", "application/json")])
        return [REFUSAL_BODY.encode()]
    # Bolt reads the body again from wsgi.input.
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return slack(environ, start_response)


def start_http(
    application: WSGIApplication, host: str = "127.0.0.1", port: int = 3000
) -> tuple[ThreadingWSGIServer, threading.Thread]:
    """Serve `application` in a background thread; port 0 picks a free port."""
    server = make_server(
        host, port, application, server_class=ThreadingWSGIServer, handler_class=QuietHandler
    )
    thread = threading.Thread(
        target=server.serve_forever, args=(0.1,), name="wpsbot-http", daemon=True
    )
    thread.start()
    return server, thread
