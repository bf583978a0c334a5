"""The store's front door: the services the edges call — the Slack handlers, the console, the CLI.

`Services(store)` is one database's services over one `Store` (a connection per thread, opened
on first use): answers, documents (ingest, facts, events, changes, series), deadlines (and the
reminders due, and their delivery log), digests, feedback, event de-duplication, App Home
views and answers kept for sharing. It owns the caches answering keeps (bounded, per database
state, behind a lock). The edges receive a `Services`, never a `Database`; every rule still
takes `now` from its caller.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, tzinfo
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store import deadlines as dl
from store.answer import Answer, KnowledgeCache, answer_question
from store.changes import Changes, all_latest_changes, latest_changes
from store.db import Store, write_transaction
from store.queries import list_documents, list_events, list_facts
from store.series import Series, series_matching
from store.state import calendar_token, calendar_token_matches, rotate_calendar_token
from store.text import question_text
from store.updates import countries, is_country_name, resolve_country

if TYPE_CHECKING:
    # Ingestion, reading (httpx) and digests load when first used: `wpsbot ask` needs none.
    from store.digests import Digest, PendingDigest
    from store.fetch import FetchPolicy
    from store.ingest import IngestResult
    from store.readers import RawDocument

log = logging.getLogger(__name__)

SAMPLE = "mali-ieg-2016.txt"  # the bundled sample (store/data)


class Answers:
    """Questions answered from the loaded updates."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._cache = KnowledgeCache()

    def ask(self, question: str, now: datetime, *, explain: bool = False) -> Answer:
        """The best answer the loaded updates hold, or an honest 'not found'."""
        return answer_question(
            self._store.db, question_text(question), now, explain=explain, cache=self._cache
        )


class Documents:
    """Loading updates and reading what was extracted from them."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @staticmethod
    def read(
        source: str,
        policy: FetchPolicy | None = None,
        *,
        headers: dict[str, str] | None = None,
        credential_origins: frozenset[str] = frozenset(),
        filename: str | None = None,
    ) -> RawDocument:
        """Read a path or URL (IngestError when it cannot be read); nothing is stored yet.
        `headers` (a token) go only to `credential_origins`; `filename` names a download."""
        from store.readers import read_source

        return read_source(
            source,
            policy=policy,
            headers=headers,
            credential_origins=credential_origins,
            filename=filename,
        )

    def ingest(self, raw: RawDocument, now: datetime) -> IngestResult:
        """Store one document (a newer version replaces the older one)."""
        from store.ingest import ingest_raw

        return ingest_raw(self._store.db, raw, now)

    def ingest_many(self, raws: list[RawDocument], now: datetime) -> Iterator[IngestResult]:
        """Store several documents (nothing if one cannot be read), a few to a transaction,
        yielding each result."""
        from store.ingest import ingest_many

        yield from ingest_many(self._store.db, raws, now)

    def optimize(self, added: int | None = None) -> None:
        """Merge the search index after a large load (`added` documents: only when they are
        a large share of the database)."""
        from store.answering.index import optimize

        optimize(self._store.db, added)

    def load_sample_if_empty(self, now: datetime) -> IngestResult | None:
        """Load the bundled sample into an empty database; None when it holds documents."""
        if self._store.db.table("documents").count:
            return None
        from store.readers import read_bytes

        data = (resources.files("store") / "data" / SAMPLE).read_bytes()
        return self.ingest(read_bytes(data, SAMPLE, f"wpsbot:sample/{SAMPLE}"), now)

    def count(self) -> int:
        """How many document versions are stored."""
        return self._store.db.table("documents").count

    def loaded(self) -> list[dict[str, Any]]:
        """Current documents, newest document date first, with their counts."""
        return list_documents(self._store.db)

    def facts(self, text: str | None = None, *, words: bool = False) -> list[dict[str, Any]]:
        """Facts of current documents (mentioning TEXT or one of its other names)."""
        return list_facts(self._store.db, text, words=words)

    def events(self) -> list[dict[str, Any]]:
        """Events of current documents, in date order."""
        return list_events(self._store.db)

    def countries(self) -> list[str]:
        """The countries current documents are about."""
        return countries(self._store.db)

    def resolve_country(self, words: str) -> str | None:
        """The loaded country these words name, if any."""
        return resolve_country(self._store.db, words)

    def names_a_country(self, words: str) -> bool:
        """Whether the words name a country (loaded or not)."""
        return is_country_name(words) or self.resolve_country(words) is not None

    def changes(self, country: str, since: str | None = None) -> Changes:
        """What moved between a country's two latest updates (or since a date)."""
        return latest_changes(self._store.db, country, since)

    def all_latest_changes(self) -> tuple[list[Changes], list[str]]:
        """The latest changes of every country with two updates, and the problems met."""
        return all_latest_changes(self._store.db)

    def series(self, text: str) -> Series | None:
        """A figure across the updates of its country."""
        return series_matching(self._store.db, text)


class Deadlines:
    """Deadlines, the reminders due, their delivery log, and the calendar feed."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._broken: set[int] = set()

    def upcoming(
        self, now: datetime, *, include_all: bool = False, tz: tzinfo | None = None
    ) -> list[dl.Deadline]:
        """Upcoming deadlines at their current occurrence (every one with include_all)."""
        return dl.list_deadlines(self._store.db, now, include_all=include_all, tz=tz)

    def get(self, deadline_id: int) -> dl.Deadline:
        """One deadline as stored (DeadlineError if there is none)."""
        return dl.get_deadline(self._store.db, deadline_id)

    def add(
        self,
        title: str,
        when: str,
        *,
        every: str | None = None,
        leads: str | Iterable[str] | None = None,
        channel: str | None = None,
        now: datetime,
        tz: tzinfo | None = None,
    ) -> dl.Deadline:
        """Add a deadline by hand (DeadlineError on bad input: nothing is stored)."""
        return dl.add_deadline(
            self._store.db, title, when, every=every, leads=leads, channel=channel, now=now, tz=tz
        )

    def done(self, deadline_id: int, now: datetime, tz: tzinfo | None = None) -> dl.Deadline:
        """Mark done; a repeating one moves to its next occurrence."""
        return dl.mark_done(self._store.db, deadline_id, now, tz)

    def snooze(self, deadline_id: int, now: datetime, days: int = 1) -> dl.Deadline:
        """Hold its reminders for `days` days."""
        return dl.snooze(self._store.db, deadline_id, now, days=days)

    def remove(self, deadline_id: int, now: datetime) -> dl.Deadline:
        """Delete one added by hand; a derived one is dismissed."""
        return dl.remove(self._store.db, deadline_id, now)

    def confirm(self, deadline_id: int, now: datetime) -> dl.Deadline:
        """Confirm an approximate date."""
        return dl.confirm(self._store.db, deadline_id, now)

    def dismiss(self, deadline_id: int, now: datetime) -> dl.Deadline:
        """Stop tracking it."""
        return dl.dismiss(self._store.db, deadline_id, now)

    def move(
        self, deadline_id: int, when: str, now: datetime, tz: tzinfo | None = None
    ) -> dl.Deadline:
        """Give it a new date or time."""
        return dl.move(self._store.db, deadline_id, when, now, tz)

    def due(
        self,
        now: datetime,
        *,
        catchup: timedelta = dl.DEFAULT_CATCHUP,
        tz: tzinfo,
        alive: dl.Alive | None = None,
    ) -> list[dl.Reminder]:
        """The reminders due at `now` (to post, or to record as skipped): what the scheduler
        posts and the console prints. A deadline that cannot be scheduled (a row edited by
        hand into nonsense) is logged once and left out; the others still go."""
        db = self._store.db
        dl.sync_derived(db, now)
        deadlines = dl.active_deadlines(db)
        deliveries = dl.load_deliveries(db, [deadline.id for deadline in deadlines])
        due: list[dl.Reminder] = []
        for deadline in deadlines:
            try:
                due += dl.due_reminders([deadline], deliveries, now, catchup, tz, alive=alive)
            except Exception:
                if deadline.id not in self._broken:
                    self._broken.add(deadline.id)
                    log.exception("deadline %s cannot be scheduled; fix or remove it", deadline.id)
        return due

    def record_skip(self, reminder: dl.Reminder, now: datetime) -> bool:
        """Log a reminder as skipped; False if another process settled it."""
        return dl.record_skip(self._store.db, reminder, now)

    def claim(self, reminder: dl.Reminder, worker: str, now: datetime, channel: str) -> bool:
        """Take the right to post this reminder; False if another process has it."""
        return dl.claim(self._store.db, reminder, worker, now, channel)

    def renew_claim(self, reminder: dl.Reminder, worker: str, now: datetime) -> bool:
        """Keep this worker's claim alive while posting."""
        return dl.renew_claim(self._store.db, reminder, worker, now)

    def delivery_key(self, reminder: dl.Reminder) -> str:
        """What identifies this reminder in the chat it is posted to."""
        return dl.delivery_key(self._store.db, reminder)

    def first_attempt(self, reminder: dl.Reminder) -> datetime | None:
        """When this reminder was first claimed."""
        return dl.first_attempt(self._store.db, reminder)

    def mark_sent(self, reminder: dl.Reminder, worker: str, now: datetime, ts: str) -> None:
        """The post arrived: delivered for good."""
        dl.mark_sent(self._store.db, reminder, worker, now, ts)

    def mark_failed(
        self, reminder: dl.Reminder, worker: str, now: datetime, error: str
    ) -> datetime:
        """The post failed: release the claim; returns when to try again."""
        return dl.mark_failed(self._store.db, reminder, worker, now, error)

    def calendar(self, now: datetime, *, include_all: bool = False, tz: tzinfo) -> bytes:
        """The deadlines as an iCalendar file."""
        from store.calendar import render_calendar  # icalendar only loads for the feed

        return render_calendar(self._store.db, now, include_all=include_all, tz=tz)

    def calendar_token(self, *, rotate: bool = False) -> str:
        """The calendar link's secret (a new one with `rotate`: the old link stops working)."""
        db = self._store.db
        return rotate_calendar_token(db) if rotate else calendar_token(db)

    def calendar_token_matches(self, offered: str) -> bool:
        """Whether `offered` is the calendar secret."""
        return calendar_token_matches(self._store.db, offered)


class Digests:
    """Digests of updates loaded in a chat, queued for the team channel."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def queue(self, document_id: int, channel: str, now: datetime, queued_by: str | None) -> bool:
        """Queue the digest of a loaded update (once per update and channel)."""
        from store.digests import queue_digest

        return queue_digest(self._store.db, document_id, channel, now, queued_by)

    def due(self, now: datetime) -> list[PendingDigest]:
        """Digests waiting to be posted at `now`."""
        from store.digests import due_digests

        return due_digests(self._store.db, now)

    def claim(self, digest_id: int, worker: str, now: datetime) -> bool:
        """Take the right to post a digest."""
        from store.digests import claim_digest

        return claim_digest(self._store.db, digest_id, worker, now)

    def build(
        self, document_id: int, now: datetime, tz: tzinfo, queued_by: str | None
    ) -> Digest | None:
        """What the digest says; None when the update is no longer loaded."""
        from store.digests import build_digest

        return build_digest(self._store.db, document_id, now, tz, queued_by)

    def skip(self, digest_id: int, reason: str) -> None:
        """Give up on a digest, saying why."""
        from store.digests import skip_digest

        skip_digest(self._store.db, digest_id, reason)

    def mark_sent(self, digest_id: int, worker: str, now: datetime, ts: str) -> None:
        """The digest was posted."""
        from store.digests import mark_digest_sent

        mark_digest_sent(self._store.db, digest_id, worker, now, ts)

    def mark_failed(
        self, digest_id: int, worker: str, now: datetime, error: str
    ) -> datetime | None:
        """The post failed: when to try again (None: given up)."""
        from store.digests import mark_digest_failed

        return mark_digest_failed(self._store.db, digest_id, worker, now, error)


VOTES = ("up", "down")


class Feedback:
    """👍/👎 on answers, in table `feedback`."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def record(
        self,
        *,
        user_id: str,
        vote: str,
        question: str,
        answer_kind: str,
        found: bool,
        now: datetime,
        channel_id: str | None = None,
        message_ts: str | None = None,
    ) -> int:
        """Store one vote on an answer (where it was shown, if the front end says); its id."""
        if vote not in VOTES:
            raise ValueError(f"vote must be one of {VOTES}, not {vote!r}")
        db = self._store.db
        with write_transaction(db):
            row_id = (
                db.table("feedback")
                .insert(
                    {
                        "user_id": user_id,
                        "vote": vote,
                        "question": question,
                        "answer_kind": answer_kind,
                        "found": int(found),
                        "channel_id": channel_id,
                        "message_ts": message_ts,
                        "clicked_at": now.isoformat(timespec="seconds"),
                    }
                )
                .last_pk
            )
        assert row_id is not None
        return int(row_id)


# A chat retries a delivery for a few minutes at most; a day of ids is plenty.
KEEP_EVENT_IDS = timedelta(days=1)


class Once:
    """Event de-duplication: a key (an event id) is handled once, across threads and
    processes, in table `processed_events`."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def claim(self, key: str, now: datetime, kind: str = "") -> bool:
        """True the first time a key is seen, else False; keys older than a day are dropped."""
        db = self._store.db
        stamp = now.isoformat(timespec="seconds")
        try:
            with write_transaction(db):
                db.execute(
                    "insert into processed_events (event_id, received_at, kind) values (?, ?, ?)",
                    [key, stamp, kind],
                )
                db.execute(
                    "delete from processed_events where received_at < ?",
                    [(now - KEEP_EVENT_IDS).isoformat(timespec="seconds")],
                )
        except sqlite3.IntegrityError:
            return False
        return True


class Views:
    """Views a front end keeps up to date for the people who opened them (Slack's App Home),
    in table `home_tabs`: what state of the data each one shows."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def state(self, now: datetime, tz: tzinfo) -> str:
        """What such a view depends on, as one comparable value: the current documents, the
        deadlines (any change bumps `updated_at`) and today's date (days left change daily)."""
        db = self._store.db
        documents = db.execute(
            "select count(*), coalesce(max(id), 0), coalesce(max(replaced_at), '') from documents"
            " where is_current = 1"
        ).fetchone()
        deadlines = db.execute(
            "select count(*), coalesce(max(id), 0), coalesce(max(updated_at), '') from deadlines"
        ).fetchone()
        day = now.astimezone(tz).date().isoformat()
        return "|".join(str(part) for part in (*documents, *deadlines, day))

    def opened(self, viewer: str, state: str, now: datetime) -> None:
        """Someone opened their view and was shown `state`: it is kept up to date."""
        db = self._store.db
        stamp = now.isoformat()
        with write_transaction(db):
            db.execute(
                "insert into home_tabs (user_id, opened_at, published_state, published_at)"
                " values (?, ?, ?, ?) on conflict(user_id) do update set"
                " opened_at = excluded.opened_at, published_state = excluded.published_state,"
                " published_at = excluded.published_at",
                [viewer, stamp, state, stamp],
            )

    def stale(self, state: str) -> list[str]:
        """The viewers whose view shows an older state than `state`, oldest opened first."""
        return [
            row["user_id"]
            for row in self._store.db.query(
                "select user_id from home_tabs where published_state is not ?"
                " order by opened_at, user_id",
                [state],
            )
        ]

    def published(self, viewer: str, state: str, now: datetime) -> None:
        """Their view now shows `state` (or could not be published: not retried until the
        data changes again)."""
        self._store.db.execute(
            "update home_tabs set published_state = ?, published_at = ? where user_id = ?",
            [state, now.isoformat(), viewer],
        )


KEEP_SHOWN = timedelta(days=7)


class Shown:
    """Answers shown to one person, kept a week by id, so that sharing one posts exactly what
    they saw (table `shown_answers`)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @staticmethod
    def new_id() -> str:
        """A new random id for a message about to be shown (it goes into its buttons)."""
        return secrets.token_urlsafe(12)

    def keep(
        self, shown_id: str, user_id: str | None, message: dict[str, Any], now: datetime
    ) -> None:
        """Keep a rendered message under `shown_id` (from new_id)."""
        import json

        db = self._store.db
        with write_transaction(db):
            db.execute(
                "insert into shown_answers (id, user_id, message, shown_at) values (?, ?, ?, ?)",
                [shown_id, user_id, json.dumps(message, ensure_ascii=False), now.isoformat()],
            )
            db.execute(
                "delete from shown_answers where shown_at < ?", [(now - KEEP_SHOWN).isoformat()]
            )

    def get(self, shown_id: str) -> dict[str, Any] | None:
        """The message kept under `shown_id`, or None (never kept, or more than a week ago)."""
        import json

        row = self._store.db.execute(
            "select message from shown_answers where id = ?", [shown_id]
        ).fetchone()
        if row is None:
            return None
        message: dict[str, Any] = json.loads(row[0])
        return message


class Services:
    """The front door of one database: every service over one Store (a connection per thread)."""

    def __init__(self, store: Store | str | Path) -> None:
        self._store = store if isinstance(store, Store) else Store(store)
        self.answers = Answers(self._store)
        self.documents = Documents(self._store)
        self.deadlines = Deadlines(self._store)
        self.digests = Digests(self._store)
        self.feedback = Feedback(self._store)
        self.once = Once(self._store)
        self.views = Views(self._store)
        self.shown = Shown(self._store)

    @property
    def path(self) -> str:
        """The database file."""
        return self._store.path

    def close(self) -> None:
        """Close this thread's connection (a thread that is ending calls it)."""
        self._store.close()
