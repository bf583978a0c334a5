"""The console: the /wps commands and answers in a terminal, no Slack needed.

Like Errbot's text mode or Hubot's shell: each input line is what a user would type after
`/wps` (or a plain question). The local user may change data (ingest paths, deadlines). It works
with stdin from a pipe as well as a terminal.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from importlib import resources
from typing import TextIO
from zoneinfo import ZoneInfo

from handlers import render, wps
from handlers.deps import utcnow
from handlers.words import count
from store.db import Store
from store.deadlines import (
    DEFAULT_CATCHUP,
    active_deadlines,
    due_reminders,
    load_deliveries,
    reminder_text,
)
from store.fetch import FetchPolicy
from store.ingest import ingest_raw
from store.readers import read_bytes

log = logging.getLogger("wpsbot.console")
SAMPLE = "mali-ieg-2016.txt"
PROMPT = "wps> "
QUIT = {"quit", "exit", "/quit", ":q"}


def load_sample_if_empty(store: Store, now: datetime) -> str | None:
    """Load the bundled sample into an empty database; returns a line saying so, or None."""
    if store.db.table("documents").count:
        return None
    data = (resources.files("store") / "data" / SAMPLE).read_bytes()
    result = ingest_raw(store.db, read_bytes(data, SAMPLE, f"wpsbot:sample/{SAMPLE}"), now)
    return (
        f"The database was empty, so I loaded the bundled sample “{result.title}” "
        f"({count(result.facts, 'fact')}, {count(result.events, 'dated event')})."
    )


class ConsoleReminders:
    """Prints reminders as they come due, once each per session.

    It reads the delivery log but never claims a delivery: a `wpsbot serve` on the same
    database still posts every reminder to Slack.
    """

    def __init__(
        self,
        store: Store,
        write: Callable[[str], None],
        *,
        timezone: str = "UTC",
        catchup: timedelta = DEFAULT_CATCHUP,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store = store
        self.write = write
        self.tz = ZoneInfo(timezone)
        self.catchup = catchup
        self.now = now
        self.printed: set[tuple[int, str, str]] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self) -> int:
        """Print what is due now and not yet printed; returns how many were printed."""
        db = self.store.db
        now = self.now()
        deadlines = active_deadlines(db)
        deliveries = load_deliveries(db, [d.id for d in deadlines])
        count = 0
        for reminder in due_reminders(deadlines, deliveries, now, self.catchup, self.tz):
            if reminder.action != "post" or reminder.key in self.printed:
                continue
            self.printed.add(reminder.key)
            self.write(reminder_text(reminder, now, self.tz))
            count += 1
        return count

    def start(self, interval: float = 1.0) -> None:
        """Check every `interval` seconds in a background thread."""

        def loop() -> None:
            while not self._stop.is_set():
                try:
                    self.tick()
                except Exception:  # a locked database must not kill the console
                    log.exception("reminder check failed")
                self._stop.wait(interval)

        self._thread = threading.Thread(target=loop, name="wpsbot-reminders", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the background thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


def run_console(
    store: Store,
    stdin: TextIO,
    stdout: TextIO,
    *,
    timezone: str = "UTC",
    reminder_channel: str | None = None,
    now: Callable[[], datetime] = utcnow,
    interactive: bool = False,
    fetch_policy: FetchPolicy | None = None,
    public_url: str | None = None,
) -> int:
    """Read commands from stdin until EOF or `quit`, printing each reply; returns 0."""
    lock = threading.Lock()

    def say(text: str) -> None:
        with lock:
            stdout.write(text + "\n")
            stdout.flush()

    if interactive:
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401 - gives input() line editing and history
    while True:
        line = _read_line(stdin, interactive)
        if not line:
            if interactive:
                say("")
            return 0
        text = line.strip()
        if not text:
            continue
        if text.lower() in QUIT:
            return 0
        ctx = wps.Context(
            db=store.db,
            now=now(),
            user_id="console",
            can_change=True,  # whoever runs the console owns the database file
            prefix="",
            allow_paths=True,
            timezone=timezone,
            reminder_channel=reminder_channel,
            fetch_policy=fetch_policy,
            public_url=public_url,
        )
        try:
            reply = wps.run(ctx, text.removeprefix("/wps").strip())
        except Exception:
            error_id = uuid.uuid4().hex[:8]
            log.exception("error %s in the console", error_id)
            say(render.apology_text(error_id))
            continue
        say(render.plain_text(reply))
        if interactive:
            say("")


def _read_line(stdin: TextIO, interactive: bool) -> str:
    """The next line ('' at end of input); a terminal gets a prompt and line editing."""
    if not interactive:
        return stdin.readline()
    try:
        return input(PROMPT) + "\n"
    except EOFError:
        return ""
