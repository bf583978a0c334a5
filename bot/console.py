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
from typing import TextIO
from zoneinfo import ZoneInfo

from handlers import render, wps
from handlers.deps import utcnow
from handlers.words import count
from store import FetchPolicy, Services, reminder_text
from store.deadlines import DEFAULT_CATCHUP

log = logging.getLogger("wpsbot.console")
PROMPT = "wps> "
QUIT = {"quit", "exit", "/quit", ":q"}


def load_sample_if_empty(services: Services, now: datetime) -> str | None:
    """Load the bundled sample into an empty database; returns a line saying so, or None."""
    result = services.documents.load_sample_if_empty(now)
    if result is None:
        return None
    return (
        f"The database was empty, so I loaded the bundled sample “{result.title}” "
        f"({count(result.facts, 'fact')}, {count(result.events, 'dated event')})."
    )


# Erase the line the cursor is on and go to its start (VT100/ANSI, what every terminal speaks).
CLEAR_LINE = "\r\x1b[2K"


class ConsoleOutput:
    """Everything the console prints goes through here, one whole message at a time, so a
    reminder from the background thread never lands inside a reply.

    In a terminal, a reminder that comes due while the prompt waits for input is printed on
    a line of its own — the prompt line is cleared first — and the prompt is drawn again
    under it with whatever had been typed so far, so typing goes on where it was.
    """

    def __init__(self, stdout: TextIO, *, interactive: bool = False) -> None:
        self.stdout = stdout
        self.interactive = interactive
        self.waiting = False  # the prompt is on screen, waiting for a line
        self._lock = threading.Lock()

    def say(self, text: str) -> None:
        """Print a reply (or any line the console itself writes)."""
        with self._lock:
            self.stdout.write(text + "\n")
            self.stdout.flush()

    def notify(self, text: str) -> None:
        """Print something that arrived on its own (a reminder), at any moment."""
        with self._lock:
            if self.interactive and self.waiting:
                self.stdout.write(f"{CLEAR_LINE}{text}\n{PROMPT}{_typed_so_far()}")
            else:
                self.stdout.write(text + "\n")
            self.stdout.flush()

    def read_line(self, stdin: TextIO) -> str:
        """The next line ('' at end of input); a terminal gets the prompt and line editing."""
        if not self.interactive:
            return stdin.readline()
        with self._lock:
            self.waiting = True
        try:
            return input(PROMPT) + "\n"
        except EOFError:
            return ""
        finally:
            with self._lock:
                self.waiting = False


def _typed_so_far() -> str:
    """What the user has typed at the prompt (readline's buffer), to draw it again."""
    try:
        import readline
    except ImportError:
        return ""
    return readline.get_line_buffer()


class ConsoleReminders:
    """Prints reminders as they come due, once each per session.

    It asks the same question as the scheduler (Services.deadlines.due) but never claims a
    delivery: a `wpsbot serve` on the same database still posts every reminder to Slack.
    """

    def __init__(
        self,
        services: Services,
        write: Callable[[str], None],
        *,
        timezone: str = "UTC",
        catchup: timedelta = DEFAULT_CATCHUP,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.services = services
        self.write = write
        self.tz = ZoneInfo(timezone)
        self.catchup = catchup
        self.now = now
        self.printed: set[tuple[int, str, str]] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self) -> int:
        """Print what is due now and not yet printed; returns how many were printed."""
        now = self.now()
        count = 0
        for reminder in self.services.deadlines.due(now, catchup=self.catchup, tz=self.tz):
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
    services: Services,
    stdin: TextIO,
    stdout: TextIO,
    *,
    timezone: str = "UTC",
    reminder_channel: str | None = None,
    now: Callable[[], datetime] = utcnow,
    interactive: bool = False,
    fetch_policy: FetchPolicy | None = None,
    public_url: str | None = None,
    output: ConsoleOutput | None = None,
) -> int:
    """Read commands from stdin until EOF or `quit`, printing each reply; returns 0.

    `output` is shared with ConsoleReminders, so that reminders and replies take turns."""
    out = output or ConsoleOutput(stdout, interactive=interactive)
    say = out.say
    if interactive:
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401 - gives input() line editing and history
    while True:
        line = out.read_line(stdin)
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
            services=services,
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
