"""HTTP mode: one request URL (/slack/events) for events, commands and interactivity,
plus GET /healthz and GET /calendar.ics, on a threaded WSGI server.

Bolt's own `app.start()` is a single-threaded development server; a threaded server lets one
slow answer never delay another request's ack. The WSGI callable also runs under gunicorn.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger("wpsbot.http")
EVENTS_PATH = "/slack/events"


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """One thread per request; threads don't keep the process alive at exit."""

    daemon_threads = True
    # socketserver's default backlog of 5 resets connections under a burst of commands.
    request_queue_size = 128


class QuietHandler(WSGIRequestHandler):
    """Access log lines go to the logger at debug level, not to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        """Route wsgiref's access log into logging."""
        log.debug("%s " + format, self.address_string(), *args)


def wsgi_app(app: App | None, calendar: Callable[[], bytes] | None = None) -> WSGIApplication:
    """The WSGI callable: Slack's request URL, a health check and the deadlines calendar.

    With app=None (Socket Mode) only /healthz and /calendar.ics are served: Socket Mode apps
    don't verify signatures, so they must never take requests from the network.
    """
    slack = SlackRequestHandler(app, path=EVENTS_PATH) if app is not None else None

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        if method == "GET" and path == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"ok\n"]
        if method == "GET" and path == "/calendar.ics" and calendar is not None:
            body = calendar()
            start_response(
                "200 OK",
                [
                    ("Content-Type", "text/calendar; charset=utf-8"),
                    ("Content-Disposition", 'inline; filename="wpsbot-deadlines.ics"'),
                    ("Content-Length", str(len(body))),
                ],
            )
            return [body]
        if slack is None:
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"Not Found\n"]
        return slack(environ, start_response)

    return application


def start_http(
    application: WSGIApplication, host: str = "0.0.0.0", port: int = 3000
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
