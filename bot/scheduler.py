"""Reminders and digests: APScheduler as a clock that asks the store what is due and posts it.

The scheduler holds two in-memory interval jobs (every second, plus a run at start-up): the
reminders that are due, and the digests of updates just loaded in Slack. Deadlines, lead times,
digests and the delivery logs live in the database, so a restart, or a second `serve` on the
same database, neither loses nor repeats a post: each one is claimed (`reminder_deliveries`,
`digests`) before it is posted, and marked sent only when Slack answered ok.

For reminders the window between Slack's ok and "marked sent" is checked: every post carries
its delivery key (as message metadata), and a retry — after a failure that may have reached
Slack, or taking over the claim of a process that died — first looks for that key in the
channel. The claim is a lease, renewed while the post waits out Slack's Retry-After; a process
that died is known at once on the same host, elsewhere when its lease runs out.
"""

from __future__ import annotations

import functools
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Protocol

from store import Digest, Reminder, Services, reminder_text
from store.deadlines import CLAIM_RENEW, DEFAULT_CATCHUP

if TYPE_CHECKING:
    from apscheduler.schedulers.background import BackgroundScheduler

log = logging.getLogger(__name__)

# post(channel, text, blocks, key) -> the message ts when Slack said ok, else None (or it
# raises); `key` goes with the message, for find().
Post = Callable[[str, str, list[dict[str, Any]] | None, str], str | None]
# find(channel, key, since) -> the ts of a message carrying `key` posted since then, else None;
# raises when it cannot tell (no permission to read the channel, Slack down).
Find = Callable[[str, str, datetime], str | None]
# render(reminder, now, tz) -> Block Kit blocks (as dicts) for the reminder, or None for text only.
Render = Callable[[Reminder, datetime, tzinfo], list[dict[str, Any]] | None]
# render_digest(digest, now, tz) -> (plain text, Block Kit blocks) of the digest message.
RenderDigest = Callable[[Digest, datetime, tzinfo], tuple[str, list[dict[str, Any]] | None]]

TICK_SECONDS = 1.0  # a reminder goes out within about a second of its time


class ReminderSettings(Protocol):
    """What the reminders need from bot.settings.Settings."""

    @property
    def tz(self) -> tzinfo:
        """The team's time zone."""
        ...

    @property
    def reminder_channel(self) -> str | None:
        """Where reminders of deadlines without their own channel go."""
        ...

    @property
    def catchup(self) -> timedelta:
        """How late a missed reminder may still be posted."""
        ...


@dataclass
class Outcome:
    """What one run did with one reminder (for logs and tests)."""

    deadline_id: int
    occurrence: str
    lead: str
    result: str  # sent | skipped | failed | taken (another process claimed it)
    channel: str | None = None
    detail: str | None = None


@functools.cache
def _process_token() -> str:
    """A random name for this process, made once: a pid can be reused (a restarted container's
    bot often gets the same pid), the token cannot."""
    return uuid.uuid4().hex[:8]


def worker_id() -> str:
    """A name for a claimant: host, pid, this process's token and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{_process_token()}:{uuid.uuid4().hex[:8]}"


def worker_alive(worker: str) -> bool:
    """False when `worker` names a process on this host that has ended; True otherwise
    (another host's claim lapses when its lease does)."""
    parts = worker.split(":")
    if len(parts) != 4 or parts[0] != socket.gethostname() or not parts[1].isdigit():
        return True
    pid, token = int(parts[1]), parts[2]
    if pid == os.getpid():
        return token == _process_token()  # this pid, another process: that one has ended
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # a process of another user has that pid now, or still has it
    return True


class ReminderService:
    """Posts the reminders that are due: claim, post, then mark sent (or release with backoff)."""

    def __init__(
        self,
        services: Services,
        post: Post,
        *,
        find: Find | None = None,
        tz: tzinfo = UTC,
        default_channel: str | None = None,
        catchup: timedelta = DEFAULT_CATCHUP,
        render: Render | None = None,
        worker: str | None = None,
        clock: Callable[[], datetime] | None = None,
        alive: Callable[[str], bool] = worker_alive,
        renew_every: timedelta = CLAIM_RENEW,
    ) -> None:
        self.services = services
        self.deadlines = services.deadlines
        self.post = post
        self.find = find
        self.alive = alive
        self.renew_every = renew_every
        self.tz = tz
        self.default_channel = default_channel
        self.catchup = catchup
        self.render = render
        self.worker = worker or worker_id()
        self.clock = clock or (lambda: datetime.now(UTC))

    def run_due(self, now: datetime) -> list[Outcome]:
        """Post (or log as skipped) every reminder due at `now`."""
        due = self.deadlines.due(now, catchup=self.catchup, tz=self.tz, alive=self.alive)
        return [self._handle(reminder, now) for reminder in due]

    def tick(self) -> None:
        """The scheduler job: one run at the current time; errors are logged, never raised."""
        try:
            self.run_due(self.clock())
        except Exception:
            # The job must survive a locked database or a bug in one deadline: next tick retries.
            log.exception("reminder run failed")

    def _handle(self, reminder: Reminder, now: datetime) -> Outcome:
        deadline = reminder.deadline
        base = (deadline.id, reminder.occurrence, reminder.lead)
        channel = deadline.channel or self.default_channel
        if reminder.action == "post" and not channel:
            reminder = _skipped(reminder, "no channel: set WPSBOT_REMINDER_CHANNEL or --channel")
        if reminder.action == "skip":
            if self.deadlines.record_skip(reminder, now):
                # Superseded and snoozed reminders are the rules working; the others were lost.
                routine = (reminder.reason or "").startswith(("superseded", "snoozed"))
                log.log(
                    logging.INFO if routine else logging.WARNING,
                    "reminder skipped: deadline %s %r (due %s, lead %s): %s",
                    deadline.id, deadline.title, reminder.occurrence, reminder.lead,
                    reminder.reason,
                )  # fmt: skip
            return Outcome(*base, "skipped", channel, reminder.reason)
        assert channel is not None
        if not self.deadlines.claim(reminder, self.worker, now, channel):
            return Outcome(*base, "taken", channel)
        if reminder.taken_over:
            log.warning(
                "reminder for deadline %s: taking over from %s, which stopped mid-post",
                deadline.id, reminder.taken_over,
            )  # fmt: skip
        key = self.deadlines.delivery_key(reminder)
        if reminder.retry:
            found = self._already_posted(reminder, channel, key, now)
            if found:
                self.deadlines.mark_sent(reminder, self.worker, now, found)
                log.info(
                    "reminder for deadline %s (due %s, lead %s) was already in %s; not posted "
                    "again", deadline.id, reminder.occurrence, reminder.lead, channel,
                )  # fmt: skip
                return Outcome(*base, "sent", channel, found)
        text = reminder_text(reminder, now, self.tz)
        error = "Slack did not answer ok"
        ts: str | None = None
        started = time.monotonic()
        stop_renewing = self._keep_claim(reminder, now, started)
        try:
            blocks = self.render(reminder, now, self.tz) if self.render else None
            ts = self.post(channel, text, blocks, key)
        except Exception as exc:  # Slack errors, network errors: retried on a later tick
            error = f"{type(exc).__name__}: {exc}"
        finally:
            stop_renewing()
        # `now` plus the time the post took (Slack retries can sleep): the run's own clock.
        finished = now + timedelta(seconds=time.monotonic() - started)
        if ts:
            self.deadlines.mark_sent(reminder, self.worker, finished, ts)
            log.info(
                "reminder sent: deadline %s (due %s, lead %s) to %s%s",
                deadline.id, reminder.occurrence, reminder.lead, channel,
                " (late)" if reminder.late else "",
            )  # fmt: skip
            return Outcome(*base, "sent", channel, ts)
        retry_at = self.deadlines.mark_failed(reminder, self.worker, finished, error)
        log.warning(
            "reminder for deadline %s not posted (%s); retrying after %s",
            deadline.id, error, retry_at.isoformat(timespec="seconds"),
        )  # fmt: skip
        return Outcome(*base, "failed", channel, error)

    def _already_posted(
        self, reminder: Reminder, channel: str, key: str, now: datetime
    ) -> str | None:
        """The ts of this reminder if an earlier attempt's post reached Slack; None if not, or
        if Slack cannot tell us (then it is posted: a duplicate beats a reminder never sent)."""
        if self.find is None:
            return None
        since = self.deadlines.first_attempt(reminder) or now
        try:
            return self.find(channel, key, since)
        except Exception as exc:
            log.warning(
                "reminder for deadline %s: could not check whether %s already has it (%s); "
                "posting it", reminder.deadline.id, channel, exc,
            )  # fmt: skip
            return None

    def _keep_claim(self, reminder: Reminder, now: datetime, started: float) -> Callable[[], None]:
        """Renew this worker's claim every `renew_every` until the returned stop() is called:
        a post can sleep through Retry-After waits far longer than the lease."""
        done = threading.Event()

        def renew() -> None:
            while not done.wait(self.renew_every.total_seconds()):
                moment = now + timedelta(seconds=time.monotonic() - started)
                try:
                    self.deadlines.renew_claim(reminder, self.worker, moment)
                except Exception:  # a locked database: the next renewal tries again
                    log.exception("could not renew the claim on deadline %s", reminder.deadline.id)
            self.services.close()  # this thread's connection

        thread = threading.Thread(target=renew, name="wpsbot-claim", daemon=True)
        thread.start()

        def stop() -> None:
            done.set()
            thread.join(timeout=5)

        return stop


def _skipped(reminder: Reminder, reason: str) -> Reminder:
    from dataclasses import replace

    return replace(reminder, action="skip", reason=reason)


@dataclass
class DigestOutcome:
    """What one run did with one digest (for logs and tests)."""

    digest_id: int
    document_id: int
    channel: str
    result: str  # sent | failed | skipped | taken (another process claimed it)
    detail: str | None = None


class DigestService:
    """Posts the digests of updates loaded in Slack: claim, post, then mark sent (or retry)."""

    def __init__(
        self,
        services: Services,
        post: Post,
        render: RenderDigest,
        *,
        tz: tzinfo = UTC,
        worker: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.digests = services.digests
        self.post = post
        self.render = render
        self.tz = tz
        self.worker = worker or worker_id()
        self.clock = clock or (lambda: datetime.now(UTC))

    def run_due(self, now: datetime) -> list[DigestOutcome]:
        """Post every digest that is waiting at `now`."""
        digests = self.digests
        outcomes: list[DigestOutcome] = []
        for pending in digests.due(now):
            base = (pending.id, pending.document_id, pending.channel)
            if not digests.claim(pending.id, self.worker, now):
                outcomes.append(DigestOutcome(*base, "taken"))
                continue
            digest = digests.build(pending.document_id, now, self.tz, pending.queued_by)
            if digest is None:
                digests.skip(pending.id, "the update is no longer loaded")
                outcomes.append(DigestOutcome(*base, "skipped", "the update is no longer loaded"))
                continue
            error = "Slack did not answer ok"
            ts: str | None = None
            started = time.monotonic()
            try:
                text, blocks = self.render(digest, now, self.tz)
                ts = self.post(pending.channel, text, blocks, f"digest-{pending.id}")
            except Exception as exc:  # Slack errors, network errors: retried on a later tick
                error = f"{type(exc).__name__}: {exc}"
            finished = now + timedelta(seconds=time.monotonic() - started)
            if ts:
                digests.mark_sent(pending.id, self.worker, finished, ts)
                log.info("digest of document %s sent to %s", pending.document_id, pending.channel)
                outcomes.append(DigestOutcome(*base, "sent", ts))
                continue
            retry_at = digests.mark_failed(pending.id, self.worker, finished, error)
            log.warning(
                "digest of document %s not posted (%s); %s",
                pending.document_id, error,
                f"retrying after {retry_at.isoformat(timespec='seconds')}" if retry_at
                else "giving up",
            )  # fmt: skip
            outcomes.append(DigestOutcome(*base, "failed", error))
        return outcomes

    def tick(self) -> None:
        """The scheduler job: one run at the current time; errors are logged, never raised."""
        try:
            self.run_due(self.clock())
        except Exception:
            log.exception("digest run failed")


class HomeRefresher:
    """Keeps every App Home tab that was opened up to date: when what the tab shows has changed
    (an ingest, a deadline change, a new day: Services.views.state), the view is
    rendered once and published for each user whose tab shows an older state."""

    def __init__(
        self,
        services: Services,
        publish: Callable[[str, dict[str, Any]], None],
        view: Callable[[datetime], dict[str, Any]],
        *,
        tz: tzinfo = UTC,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.views = services.views
        self.publish = publish
        self.view = view
        self.tz = tz
        self.clock = clock or (lambda: datetime.now(UTC))

    def run_due(self, now: datetime) -> list[str]:
        """Publish the tabs that are out of date at `now`; returns the users published to."""
        state = self.views.state(now, self.tz)
        users = self.views.stale(state)
        if not users:
            return []
        view = self.view(now)
        published = []
        for user_id in users:
            try:
                self.publish(user_id, view)
                published.append(user_id)
            except Exception as exc:  # a user who left the workspace: not retried till next change
                log.warning("could not refresh the Home tab of %s: %s", user_id, exc)
            self.views.published(user_id, state, now)
        if published:
            log.info("Home tab refreshed for %d users", len(published))
        return published

    def tick(self) -> None:
        """The scheduler job: one run at the current time; errors are logged, never raised."""
        try:
            self.run_due(self.clock())
        except Exception:
            log.exception("Home tab refresh failed")


def create_scheduler(
    service: ReminderService,
    interval: float = TICK_SECONDS,
    digests: DigestService | None = None,
    home: HomeRefresher | None = None,
) -> BackgroundScheduler:
    """A BackgroundScheduler with the reminder job (and the digest job), first run at once,
    not started."""
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(timezone=UTC)
    scheduler.add_job(
        service.tick,
        "interval",
        seconds=interval,
        id="reminders",
        max_instances=1,  # a slow Slack call delays the next run instead of overlapping it
        coalesce=True,
        next_run_time=datetime.now(UTC),  # the run at start-up: catch up on missed reminders
    )
    if digests is not None:
        scheduler.add_job(
            digests.tick,
            "interval",
            seconds=interval,
            id="digests",
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(UTC),  # digests queued before a restart go out now
        )
    if home is not None:
        scheduler.add_job(
            home.tick, "interval", seconds=interval, id="home", max_instances=1, coalesce=True,
            next_run_time=datetime.now(UTC),  # tabs left behind while the bot was down
        )  # fmt: skip
    # APScheduler logs every run at INFO; once a second that drowns the bot's own log.
    logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
    return scheduler


def start_reminders(
    settings: ReminderSettings,
    services: Services,
    post: Post,
    *,
    find: Find | None = None,
    render: Render | None = None,
    interval: float = TICK_SECONDS,
    render_digest: RenderDigest | None = None,
    home: HomeRefresher | None = None,
) -> BackgroundScheduler:
    """Start posting reminders and digests in the background; .shutdown() the result to stop."""
    if render is None:
        from handlers.reminders import reminder_blocks

        render = reminder_blocks
    if render_digest is None:
        from handlers.render import digest_message

        render_digest = digest_message
    service = ReminderService(
        services,
        post,
        find=find,
        tz=settings.tz,
        default_channel=settings.reminder_channel,
        catchup=settings.catchup,
        render=render,
    )
    digests = DigestService(services, post, render_digest, tz=settings.tz)
    scheduler = create_scheduler(service, interval, digests, home)
    scheduler.start()
    return scheduler
