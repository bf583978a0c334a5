"""A local fake of Slack's Web API, response URLs, file downloads and file uploads, for tests.

Point `WebClient(base_url=fake.api_url)` at it. Every request is recorded (method, parsed
arguments, headers) so tests can assert exactly what the bot sent. Answers are canned `ok`
responses; failures can be scripted per method (429 with Retry-After, 5xx, or an `ok: false`
error). Nothing here touches the network: the server listens on 127.0.0.1, port 0.

Uploads follow Slack's current flow (what slack_sdk's files_upload_v2 does):
files.getUploadURLExternal gives a file id and an upload URL on this server; the bytes are
POSTed there (recorded as "file_upload", kept for `uploaded(file_id)`); files.completeUploadExternal
shares the file into `channel_id` (a thread with `thread_ts`) and answers with the file, or
`file_not_found` if nothing was uploaded to that id.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0WPS"
BOT_TOKEN = "xoxb-test-token"


@dataclass(frozen=True)
class Call:
    """One request the fake received."""

    method: str  # Web API method ("chat.postMessage"), "response_url" or "file_download"
    args: dict[str, Any]
    headers: dict[str, str]
    path: str


@dataclass(frozen=True)
class Hold:
    """A call held mid-way: `arrived` is set when it reaches the fake, `release` lets it end."""

    delivered: bool
    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


@dataclass
class _Failure:
    status: int
    times: int
    retry_after: int | None = None
    error: str | None = None


@dataclass
class _File:
    id: str
    name: str
    content: bytes
    mimetype: str
    filetype: str
    extra: dict[str, Any] = field(default_factory=dict)


class FakeSlack:
    """The fake server: start(), record calls, script failures, serve files, stop()."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._lock = threading.Condition()
        self._failures: dict[str, list[_Failure]] = {}
        self._files: dict[str, _File] = {}
        self._pages: dict[str, tuple[bytes, str]] = {}
        self._uploads: dict[str, dict[str, Any]] = {}  # file id -> upload URL request, bytes
        self._upload_ids = itertools.count(1)
        self._redirects: dict[str, str] = {}
        self._slow: dict[str, tuple[bytes, float, float]] = {}
        self._last_ts = 0.0
        # channel -> the messages posted there, as conversations.history returns them
        self.history: dict[str, list[dict[str, Any]]] = {}
        self._holds: dict[str, Hold] = {}
        self._handlers: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> FakeSlack:
        """Listen on 127.0.0.1 on a free port, in a background thread."""
        fake = self

        class Handler(_Handler):
            owner = fake

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Shut the server down."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT (no trailing slash)."""
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        """The Web API base URL to give WebClient (ends with /api/)."""
        return f"{self.base_url}/api/"

    def response_url(self, name: str = "r1") -> str:
        """A response_url as Slack puts in commands and interactions."""
        return f"{self.base_url}/response/{name}"

    # -- scripting -------------------------------------------------------------------------
    def fail(
        self,
        method: str,
        *,
        status: int = 429,
        times: int = 1,
        retry_after: int | None = 1,
        error: str | None = None,
    ) -> None:
        """Make the next `times` calls of `method` fail: HTTP `status` or, if `error`, ok=false."""
        with self._lock:
            self._failures.setdefault(method, []).append(
                _Failure(status, times, retry_after if status == 429 else None, error)
            )

    def hold(self, method: str, *, delivered: bool) -> Hold:
        """Make the next call of `method` hang until its Hold is released: as if the bot was
        killed mid-call. With `delivered`, Slack has it (recorded, posted in the channel) and
        only its answer is held; without, the request is lost (not recorded)."""
        hold = Hold(delivered)
        with self._lock:
            self._holds[method] = hold
        return hold

    def on(self, method: str, handler: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        """Answer `method` with handler(args) instead of the canned answer."""
        self._handlers[method] = handler

    def add_file(
        self,
        file_id: str,
        name: str,
        content: bytes,
        *,
        mimetype: str = "text/plain",
        filetype: str = "text",
        **extra: Any,
    ) -> dict[str, Any]:
        """Serve a file: files.info describes it and its url_private_download serves it."""
        self._files[file_id] = _File(file_id, name, content, mimetype, filetype, extra)
        return self._file_json(self._files[file_id])

    def add_page(self, name: str, content: bytes, content_type: str = "text/plain") -> str:
        """Serve a public page (for `/wps ingest URL`); returns its URL."""
        self._pages[name] = (content, content_type)
        return f"{self.base_url}/pages/{name}"

    def add_slow_page(self, name: str, chunk: bytes, every: float, lasting: float) -> str:
        """Serve a page that sends `chunk` every `every` seconds for `lasting` seconds (a
        server trickling its answer); returns its URL."""
        self._slow[name] = (chunk, every, lasting)
        return f"{self.base_url}/slow/{name}"

    def add_redirect(self, name: str, location: str) -> str:
        """Answer GET /redirect/NAME with 302 to `location`; returns its URL."""
        self._redirects[name] = location
        return f"{self.base_url}/redirect/{name}"

    def _file_json(self, f: _File) -> dict[str, Any]:
        url = f"{self.base_url}/files-pri/{TEAM_ID}-{f.id}/download/{f.name}"
        return {
            "id": f.id,
            "name": f.name,
            "title": f.name,
            "mimetype": f.mimetype,
            "filetype": f.filetype,
            "size": len(f.content),
            "url_private": url,
            "url_private_download": url,
            **f.extra,
        }

    def uploaded(self, file_id: str) -> bytes:
        """The bytes the bot POSTed to the upload URL of `file_id` (b"" if none)."""
        with self._lock:
            return bytes(self._uploads.get(file_id, {}).get("data", b""))

    # -- inspection ------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[dict[str, Any]]:
        """The arguments of every call of `method`, in order."""
        with self._lock:
            return [call.args for call in self.calls if call.method == method]

    def methods(self) -> list[str]:
        """The method of every call, in order."""
        with self._lock:
            return [call.method for call in self.calls]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Block until `method` was called `count` times (or fail after `timeout` seconds)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [call.args for call in self.calls if call.method == method]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"expected {count} call(s) of {method}, got {len(found)}: "
                        f"{[c.method for c in self.calls]}"
                    )
                self._lock.wait(left)

    def reset(self) -> None:
        """Forget recorded calls and scripted failures (files stay)."""
        with self._lock:
            self.calls.clear()
            self._failures.clear()

    # -- answering (called from the server threads) ----------------------------------------
    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)
            self._lock.notify_all()

    def _take_failure(self, method: str) -> _Failure | None:
        with self._lock:
            queue = self._failures.get(method)
            if not queue:
                return None
            failure = queue[0]
            failure.times -= 1
            if failure.times <= 0:
                queue.pop(0)
            return failure

    def _next_ts(self) -> str:
        # Real time, unique and increasing: conversations.history filters by it (`oldest`).
        with self._lock:
            self._last_ts = max(self._last_ts + 0.000001, time.time())
            return f"{self._last_ts:.6f}"

    def _take_hold(self, method: str) -> Hold | None:
        with self._lock:
            return self._holds.pop(method, None)

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method in self._handlers:
            return self._handlers[method](args)
        channel = args.get("channel", "C0TEST")
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://wps-team.slack.com/",
                "team": "WPS team",
                "user": "wpsbot",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            ts = self._next_ts()
            message = {"type": "message", "text": args.get("text"), "user": BOT_USER_ID, "ts": ts,
                       "bot_id": BOT_ID}  # fmt: skip
            if args.get("metadata"):
                message["metadata"] = args["metadata"]
            with self._lock:
                self.history.setdefault(str(channel), []).append(message)
            return {"ok": True, "channel": channel, "ts": ts, "message": message}
        if method == "conversations.history":
            oldest = float(args.get("oldest") or 0)
            with_metadata = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
            with self._lock:
                found = [m for m in self.history.get(str(channel), []) if float(m["ts"]) > oldest]
            messages = [
                m if with_metadata else {k: v for k, v in m.items() if k != "metadata"}
                for m in reversed(found)  # newest first, as Slack answers
            ]
            return {"ok": True, "messages": messages, "has_more": False,
                    "response_metadata": {"next_cursor": ""}}  # fmt: skip
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method in ("chat.update", "chat.delete"):
            return {"ok": True, "channel": channel, "ts": args.get("ts"), "text": args.get("text")}
        if method in ("views.publish", "views.open", "views.update"):
            return {"ok": True, "view": {"id": "V0TEST", "type": "home"}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D0" + str(args.get("users", "X"))}}
        if method == "files.info":
            f = self._files.get(str(args.get("file")))
            if f is None:
                return {"ok": False, "error": "file_not_found"}
            return {"ok": True, "file": self._file_json(f)}
        if method == "files.getUploadURLExternal":
            if not args.get("filename") or not str(args.get("length", "")).isdigit():
                return {"ok": False, "error": "invalid_arguments"}
            file_id = f"F0UP{next(self._upload_ids):06d}"
            with self._lock:
                self._uploads[file_id] = {"request": dict(args), "data": None}
            return {
                "ok": True,
                "upload_url": f"{self.base_url}/upload/v1/{file_id}",
                "file_id": file_id,
            }
        if method == "files.completeUploadExternal":
            shared = []
            for item in args.get("files") or []:
                with self._lock:
                    upload = self._uploads.get(str(item.get("id")))
                if upload is None or upload["data"] is None:
                    return {"ok": False, "error": "file_not_found"}
                request = upload["request"]
                shared.append(
                    {
                        "id": item["id"],
                        "title": item.get("title") or request["filename"],
                        "name": request["filename"],
                        "size": len(upload["data"]),
                        "alt_txt": request.get("alt_txt"),
                        "mimetype": "image/png" if upload["data"][:4] == b"\x89PNG" else "",
                        "shares": {args.get("channel_id") or "": [{"ts": self._next_ts()}]},
                    }
                )
            return {"ok": True, "files": shared}
        if method == "users.info":
            user = args.get("user")
            return {"ok": True, "user": {"id": user, "name": str(user).lower(), "tz": "UTC"}}
        if method == "chat.getPermalink":
            message_ts = args.get("message_ts")
            return {
                "ok": True,
                "permalink": f"https://wps-team.slack.com/archives/{channel}/{message_ts}",
            }
        return {"ok": True}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # a burst of 50 concurrent calls must not be reset


class _Handler(BaseHTTPRequestHandler):
    owner: FakeSlack
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""

    def do_GET(self) -> None:
        """File downloads (url_private_download), and Web API calls made with GET."""
        parsed = urlparse(self.path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        if parsed.path.startswith("/files-pri/"):
            file_id = parsed.path.split("/")[2].split("-", 1)[-1]
            self.owner._record(Call("file_download", {"file": file_id}, headers, parsed.path))
            f = self.owner._files.get(file_id)
            if f is None or not headers.get("authorization", "").startswith("Bearer "):
                # Slack answers an unauthenticated download with its HTML login page.
                self._send(200 if f else 404, b"<html>login</html>", "text/html")
                return
            self._send(200, f.content, f.mimetype)
            return
        if parsed.path.startswith("/slow/"):
            name = parsed.path.removeprefix("/slow/")
            self.owner._record(Call("slow_page", {"name": name}, headers, parsed.path))
            chunk, every, lasting = self.owner._slow[name]
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            until = time.monotonic() + lasting
            try:
                while time.monotonic() < until:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.flush()
                    time.sleep(every)
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass  # the client gave up: what the test wants
            return
        if parsed.path.startswith("/redirect/"):
            name = parsed.path.removeprefix("/redirect/")
            self.owner._record(Call("redirect", {"name": name}, headers, parsed.path))
            location = self.owner._redirects.get(name, "/pages/missing")
            self._send(302, b"", "text/plain", {"Location": location})
            return
        if parsed.path.startswith("/pages/"):
            name = parsed.path.removeprefix("/pages/")
            self.owner._record(Call("page_download", {"name": name}, headers, parsed.path))
            page = self.owner._pages.get(name)
            if page is None:
                self._send(404, b"not found", "text/plain")
            else:
                self._send(200, page[0], page[1])
            return
        self._api(parsed.path, {k: v[-1] for k, v in parse_qs(parsed.query).items()}, headers)

    def do_POST(self) -> None:
        """Web API calls (form or JSON) and response_url posts."""
        parsed = urlparse(self.path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        length = int(headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        uploading = parsed.path.startswith("/upload/v1/")
        args = {} if uploading else _parse_body(raw, headers.get("content-type", ""))
        args.update({k: v[-1] for k, v in parse_qs(parsed.query).items()})
        if parsed.path.startswith("/response/"):
            self.owner._record(Call("response_url", args, headers, parsed.path))
            self._send(200, b"ok", "text/plain")
            return
        if parsed.path.startswith("/upload/v1/"):
            file_id = parsed.path.removeprefix("/upload/v1/")
            with self.owner._lock:
                upload = self.owner._uploads.get(file_id)
                if upload is not None:
                    upload["data"] = raw
            self.owner._record(
                Call("file_upload", {"file_id": file_id, "length": len(raw)}, headers, parsed.path)
            )
            if upload is None:
                self._send(404, b"no such upload", "text/plain")
            else:
                self._send(200, f"OK - {len(raw)}".encode(), "text/plain")
            return
        self._api(parsed.path, args, headers)

    def _api(self, path: str, args: dict[str, Any], headers: dict[str, str]) -> None:
        method = path.removeprefix("/api/").strip("/")
        held = self.owner._take_hold(method)
        if held is not None and not held.delivered:
            held.arrived.set()
            held.release.wait(30)  # lost on the way: never recorded, never answered
            self.close_connection = True
            return
        self.owner._record(Call(method, args, headers, path))
        failure = self.owner._take_failure(method)
        if failure is not None and failure.error is None:
            extra = (
                {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            )
            body = json.dumps({"ok": False, "error": "ratelimited"}).encode()
            self._send(failure.status, body, "application/json", extra)
            return
        if failure is not None:
            answer: dict[str, Any] = {"ok": False, "error": failure.error}
        else:
            answer = self.owner._answer(method, args)
        if held is not None:
            held.arrived.set()
            held.release.wait(30)  # Slack has it; its answer never comes back
            self.close_connection = True
            return
        self._send(200, json.dumps(answer).encode(), "application/json")

    def _send(
        self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


def _parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    """Form bodies become dicts (JSON-looking values such as blocks are decoded); JSON stays."""
    if not raw:
        return {}
    text = raw.decode("utf-8")
    if "application/json" in content_type:
        loaded = json.loads(text)
        return loaded if isinstance(loaded, dict) else {"_body": loaded}
    args: dict[str, Any] = {}
    for key, values in parse_qs(text, keep_blank_values=True).items():
        value: Any = values[-1]
        if key in ("blocks", "attachments", "view", "metadata", "files") and value[:1] in (
            "[",
            "{",
        ):
            value = json.loads(value)
        args[key] = value
    return args


def iter_calls(fake: FakeSlack) -> Iterator[Call]:
    """A snapshot of every recorded call."""
    with fake._lock:
        yield from list(fake.calls)
