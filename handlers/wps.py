"""The /wps command language, shared by Slack (slash command, mentions, DMs) and the console.

Slack-free: a command's text goes in, a `Reply` comes out; handlers/render.py turns a Reply
into Block Kit or plain text. The docstring of each subcommand is its help text (first line:
usage, then a dash, then what it does).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from handlers import answer_text
from handlers.slack_text import channel_id, link_address, question_words
from handlers.trend import (
    change_lines,
    changes_counts,
    changes_heading,
    document_date_text,
    series_lines,
    series_title,
)
from handlers.words import count, fact_line, plural
from store import (
    Answer,
    Changes,
    ChangesError,
    Deadline,
    DeadlineError,
    Digest,
    FetchPolicy,
    IngestError,
    IngestResult,
    RawDocument,
    Series,
    Services,
    describe_days_left,
    describe_due,
    is_url,
)

MAX_FACT_LINES = 15


@dataclass(frozen=True)
class Quote:
    """A quoted sentence and where it is from."""

    text: str
    document: str
    section: str | None = None
    as_of: str | None = None


@dataclass(frozen=True)
class Reply:
    """What the bot says, before it is rendered for Slack or the terminal."""

    text: str  # the lead sentence, plain text (renderers escape it)
    lines: list[str] = field(default_factory=list)  # bullet points
    quotes: list[Quote] = field(default_factory=list)
    answer: Answer | None = None  # set when this answers a question: feedback and share buttons
    refused: bool = False  # a permission refusal: nothing changed
    series: Series | None = None  # a figure over time: a chart goes with it where Slack allows


@dataclass(frozen=True)
class Context:
    """Who is asking, where, and what they may do."""

    services: Services  # the store's front door
    now: datetime
    user_id: str | None = None
    can_change: bool = False  # coordinators (and the console's local user) may change data
    prefix: str = "/wps "  # how commands are written on this surface, for help text
    allow_paths: bool = False  # only the console may ingest a local file path
    timezone: str = "UTC"
    reminder_channel: str | None = None
    digest_channel: str | None = None  # set in Slack: loading an update queues a digest there
    fetch_policy: FetchPolicy | None = None  # None: public addresses only (store.fetch)
    private: bool = True  # only the asker sees the reply (not a mention in a channel)
    public_url: str | None = None  # where the bot's HTTP server is reached (WPSBOT_PUBLIC_URL)

    @property
    def tz(self) -> ZoneInfo:
        """The team's time zone."""
        return ZoneInfo(self.timezone)


Handler = Callable[[Context, str], Reply]


def cmd_help(ctx: Context, rest: str) -> Reply:
    """help — what I can do and how to ask."""
    lines = [f"{ctx.prefix}{usage} — {what}" for usage, what in help_entries()]
    lines.append(f"{ctx.prefix}QUESTION — e.g. “women on the CSA?”, “when does the IEG reconvene?”")
    return Reply(
        "I answer questions from the loaded situation updates, quoting my sources.", lines=lines
    )


def cmd_facts(ctx: Context, rest: str) -> Reply:
    """facts TEXT — figures whose sentence mentions TEXT (e.g. facts CSA)."""
    text = rest.strip()[:200]
    facts = ctx.services.documents.facts(text or None, words=True)
    if not facts:
        hint = " Try a shorter word." if text else " Load a document first."
        return Reply(f"No facts mention “{text}”." + hint if text else "No facts yet." + hint)
    shown = facts[:MAX_FACT_LINES]
    lines = [describe_fact(fact) for fact in shown]
    more = len(facts) - len(shown)
    lead = count(len(facts), "fact") + (
        f" {plural(len(facts), 'mentions')} “{text}”" if text else " loaded"
    )
    if more:
        lead += f" (first {len(shown)} shown; narrow it down with more words)"
    return Reply(lead + ".", lines=lines)


def cmd_documents(ctx: Context, rest: str) -> Reply:
    """documents — the situation updates I have loaded."""
    docs = ctx.services.documents.loaded()
    if not docs:
        return Reply("No documents loaded yet.")
    return Reply(
        f"{len(docs)} document{'s' if len(docs) != 1 else ''} loaded.",
        lines=[describe_document(doc) for doc in docs[:MAX_FACT_LINES]],
    )


def cmd_changes(ctx: Context, rest: str) -> Reply:
    """changes [COUNTRY] [since YYYY-MM-DD] — what moved between the two latest updates (or since a date); also “what changed [COUNTRY]”."""  # noqa: E501 - help text is one line
    words = rest.strip()
    since = None
    found = _SINCE.search(words)
    if found:
        since, words = found.group(1), words[: found.start()].strip()
    words = _COUNTRY_LEAD.sub("", words).strip(" ?.!")
    if words:
        country = ctx.services.documents.resolve_country(words)
        if country is None:
            loaded = ", ".join(ctx.services.documents.countries()) or "none yet"
            return Reply(f"No update on “{words[:80]}” is loaded (countries loaded: {loaded}).")
        wanted = [country]
    else:
        wanted = ctx.services.documents.countries()
        if not wanted:
            return Reply("No updates loaded yet: load two updates of a country to compare them.")
    found_changes: list[Changes] = []
    problems: list[str] = []
    for country in wanted:
        try:
            found_changes.append(ctx.services.documents.changes(country, since))
        except ChangesError as exc:
            problems.append(str(exc))
    if not found_changes:
        return Reply(f"Nothing to compare: {problems[0]}." if problems else "Nothing to compare.")
    if len(found_changes) == 1:
        changes = found_changes[0]
        lead = f"{changes_heading(changes)} {changes_counts(changes)}"
        return Reply(lead, lines=change_lines(changes, limit=MAX_CHANGE_LINES))
    lines: list[str] = []
    for changes in found_changes:
        lines.append(f"{changes_heading(changes)} {changes_counts(changes)}")
        lines += [f"  {line}" for line in change_lines(changes, limit=MAX_LINES_PER_COUNTRY)]
    return Reply(f"What changed in the latest updates of {len(found_changes)} countries.", lines)


MAX_CHANGE_LINES = 25
MAX_LINES_PER_COUNTRY = 6
_SINCE = re.compile(r"(?i)\bsince\s+(\S+)\s*[?.!]?\s*$")
_COUNTRY_LEAD = re.compile(r"(?i)^(?:in|on|for|about)\s+(?:the\s+)?")
# "what changed", "what's changed", "what has changed", "what changed in Mali since 2016-09-01"
_WHAT_CHANGED = re.compile(r"(?i)^what(?:'s|’s|\s+has|\s+have)?\s+changed\b\s*(?P<rest>.*)$")


def cmd_series(ctx: Context, rest: str) -> Reply:
    """series TEXT — a figure across the updates, oldest first (e.g. series CSA)."""
    text = rest.strip()[:200]
    if not text:
        return Reply("Usage: series TEXT — words of the figure, e.g. series CSA.")
    series = ctx.services.documents.series(text)
    if series is None:
        return Reply(f"No figures mention “{text}”. Try a shorter word, or facts {text}.")
    updates = len(series.points)
    if updates == 1:
        point = series.points[0]
        return Reply(
            f"Only one update gives {series_title(series)}: {point.document}.",
            lines=series_lines(series),
        )
    return Reply(
        f"{series_title(series)} over {updates} updates, oldest first.",
        lines=series_lines(series),
        series=series,
    )


def cmd_deadlines(ctx: Context, rest: str) -> Reply:
    """deadlines [all] — upcoming deadlines (all: past, done and dismissed ones too)."""
    include_all = rest.strip().lower() in ("all", "--all")
    rows = ctx.services.deadlines.upcoming(ctx.now, include_all=include_all, tz=ctx.tz)
    if not rows:
        return Reply("No upcoming deadlines." if not include_all else "No deadlines.")
    shown = rows[:MAX_FACT_LINES]
    lead = f"{len(rows)} {'upcoming ' if not include_all else ''}deadline{_s(rows)}"
    if len(rows) > len(shown):
        lead += f" (first {len(shown)} shown)"
    return Reply(lead + ".", lines=[describe_deadline(ctx, d) for d in shown])


def cmd_deadline(ctx: Context, rest: str) -> Reply:
    """deadline add TITLE WHEN [--every 3 months] [--lead 14d,7d,1d,0] [--channel ID] | done|snooze|remove|confirm|dismiss ID | move ID WHEN — change deadlines (coordinators)."""  # noqa: E501 - help text is one line
    usage = (
        f'Usage: {ctx.prefix}deadline add "TITLE" 2027-02-01 [--every "3 months"] '
        f"[--lead 14d,7d,1d,0] [--channel C0123ABCD], or {ctx.prefix}deadline "
        "done|snooze|remove|confirm|dismiss ID, or move ID WHEN."
    )
    if not ctx.can_change:
        return refusal("change deadlines")
    try:
        words = shlex.split(rest)
    except ValueError:
        return Reply("I could not read that: a quote is not closed. " + usage)
    if not words:
        return Reply(usage)
    action, args = words[0].lower(), words[1:]
    try:
        if action == "add":
            return _deadline_add(ctx, args) or Reply(usage)
        if len(args) >= 1 and not args[0].lstrip("#").isdigit():
            return Reply(f"“{args[0]}” is not a deadline number. " + usage)
        if action in CHANGES and len(args) == 1:
            deadline = CHANGES[action](ctx, int(args[0].lstrip("#")))
        elif action == "move" and len(args) == 2:
            deadline = ctx.services.deadlines.move(
                int(args[0].lstrip("#")), args[1], ctx.now, ctx.tz
            )
        else:
            return Reply(usage)
    except DeadlineError as exc:
        return Reply(f"Nothing changed: {exc}.")
    return Reply(
        f"Deadline #{deadline.id} {PAST[action]}.", lines=[describe_deadline(ctx, deadline)]
    )


CHANGES: dict[str, Callable[[Context, int], Deadline]] = {
    "done": lambda ctx, i: ctx.services.deadlines.done(i, ctx.now, ctx.tz),
    "snooze": lambda ctx, i: ctx.services.deadlines.snooze(i, ctx.now),
    "remove": lambda ctx, i: ctx.services.deadlines.remove(i, ctx.now),
    "confirm": lambda ctx, i: ctx.services.deadlines.confirm(i, ctx.now),
    "dismiss": lambda ctx, i: ctx.services.deadlines.dismiss(i, ctx.now),
}
PAST = {
    "add": "added",
    "done": "marked done",
    "snooze": "snoozed for a day",
    "remove": "removed",
    "confirm": "confirmed",
    "dismiss": "dismissed",
    "move": "moved",
}


def _deadline_add(ctx: Context, args: list[str]) -> Reply | None:
    options: dict[str, str] = {}
    positional: list[str] = []
    i = 0
    while i < len(args):
        if args[i] in ("--every", "--lead", "--channel") and i + 1 < len(args):
            options[args[i][2:]] = args[i + 1]
            i += 2
        else:
            positional.append(args[i])
            i += 1
    if len(positional) < 2:
        return None
    channel = options.get("channel")
    if channel:  # Slack writes a channel as <#C0123|name>
        channel = channel_id(channel)
    deadline = ctx.services.deadlines.add(
        " ".join(positional[:-1]),
        positional[-1],
        every=options.get("every"),
        leads=options.get("lead"),
        channel=channel,
        now=ctx.now,
        tz=ctx.tz,
    )
    return Reply(f"Deadline #{deadline.id} added.", lines=[describe_deadline(ctx, deadline)])


def cmd_calendar(ctx: Context, rest: str) -> Reply:
    """calendar [rotate] — the link to subscribe to the deadlines in Outlook or Google (coordinators; rotate makes a new one)."""  # noqa: E501 - help text is one line
    if not ctx.can_change:
        return refusal("get the calendar link")
    if not ctx.private:
        return Reply(
            f"The calendar link is a secret, so not for a channel: ask me with {ctx.prefix.strip()}"
            " calendar, or in a direct message."
        )
    action = rest.strip().lower()
    if action not in ("", "rotate"):
        return Reply(
            f"Usage: {ctx.prefix}calendar, or {ctx.prefix}calendar rotate for a new link (the "
            "old one stops working)."
        )
    token = ctx.services.deadlines.calendar_token(rotate=bool(action))
    path = f"/calendar/{token}.ics"
    lines = [f"{ctx.public_url}{path}" if ctx.public_url else path]
    if not ctx.public_url:
        lines.append(
            "That is the path on the address of wpsbot serve's HTTP port (set "
            "WPSBOT_PUBLIC_URL to see the whole link here)."
        )
    lines.append(
        "Subscribe to it in Outlook (Add calendar → From internet) or Google Calendar (From "
        "URL). It holds the deadlines still ahead; with ?all=1 at the end, also the past, done "
        "and dismissed ones. Whoever has the link sees every deadline and its source: keep it "
        f"in the team; {ctx.prefix}calendar rotate replaces it."
    )
    lead = (
        "A new calendar link; the old one no longer works."
        if action
        else "The deadlines calendar, to subscribe to."
    )
    return Reply(lead, lines=lines)


def cmd_ingest(ctx: Context, rest: str) -> Reply:
    """ingest URL — load a situation update from a web address (coordinators)."""
    if not ctx.can_change:
        return refusal("load documents")
    source = link_address(rest)  # Slack wraps links as <url|label>
    if not source:
        return Reply("Usage: ingest URL (a PDF, Word, text or web page address).")
    if not is_url(source) and not ctx.allow_paths:
        return Reply("I can only load http(s) addresses here; to load a file, share it with me.")
    try:
        raw = ctx.services.documents.read(source, ctx.fetch_policy)
        result = ctx.services.documents.ingest(raw, ctx.now)
    except IngestError as exc:
        return Reply(f"Nothing was loaded: {exc}")
    return ingest_summary(ctx, result)


def ingest_raw_reply(ctx: Context, raw: RawDocument) -> Reply:
    """Ingest an already-read document (a Slack upload) and summarise; coordinators only."""
    if not ctx.can_change:
        return refusal("load documents")
    try:
        result = ctx.services.documents.ingest(raw, ctx.now)
    except IngestError as exc:
        return Reply(f"Nothing was loaded: {exc}")
    return ingest_summary(ctx, result)


def ingest_summary(ctx: Context, result: IngestResult) -> Reply:
    """What loading one document found: facts, dates and deadlines."""
    if result.status == "unchanged":
        return Reply(f"“{result.title}” is already loaded; nothing changed.")
    verb = "Loaded" if result.status == "added" else "Updated"
    lines = [
        f"{count(result.facts, 'fact')}, {count(result.events, 'dated event')}, "
        f"{count(result.passages, 'sentence')}",
    ]
    facts = [
        f for f in ctx.services.documents.facts(words=True) if f.get("document") == result.title
    ][:5]
    lines += [describe_fact(fact) for fact in facts]
    found = [
        d
        for d in ctx.services.deadlines.upcoming(ctx.now, tz=ctx.tz)
        if d.document_id == result.document_id
    ]
    lines += [f"Deadline: {describe_deadline(ctx, d)}" for d in found[:5]]
    if ctx.digest_channel and ctx.services.digests.queue(
        result.document_id, ctx.digest_channel, ctx.now, ctx.user_id
    ):
        lines.append("What it changed goes to the team channel.")
    return Reply(f"{verb} “{result.title}”.", lines=lines)


def answer(ctx: Context, question: str) -> Reply:
    """Answer a plain question: the lead, the quoted source under it, related figures."""
    found = ctx.services.answers.ask(question_words(question), ctx.now)
    words = answer_text.lines(found)
    quotes = []
    if words.quote is not None:
        source = words.quote
        dated = found.kind in {"fact", "list"}
        as_of = answer_text.date_text(source.as_of) if dated and source.as_of else None
        quotes.append(Quote(source.quote, source.document, source.section or None, as_of))
    return Reply(words.lead, lines=words.related, quotes=quotes, answer=found, series=found.series)


KEY_KINDS = ("share", "count", "change", "quota")
MAX_KEY_FIGURES = 8
KEY_FIGURES_PER_COUNTRY = 3


def newest_documents(ctx: Context) -> list[dict[str, Any]]:
    """The newest update of every country (by its date), newest first, then the documents
    that name no country."""
    seen: set[str] = set()
    newest: list[dict[str, Any]] = []
    for doc in ctx.services.documents.loaded():
        country = doc.get("country")
        if country and country in seen:
            continue
        if country:
            seen.add(country)
        newest.append(doc)
    return newest


def latest_documents_reply(ctx: Context) -> Reply:
    """For App Home: the newest update of every country, with its date and counts."""
    docs = ctx.services.documents.loaded()
    if not docs:
        return Reply("No documents loaded yet: a coordinator can share a file with me.")
    newest = newest_documents(ctx)
    older: dict[str, int] = {}
    for doc in docs:
        if doc.get("country"):
            older[doc["country"]] = older.get(doc["country"], 0) + 1
    lines = []
    for doc in newest[:MAX_FACT_LINES]:
        line = describe_document(doc)
        earlier = older.get(doc.get("country") or "", 1) - 1
        if earlier:
            line += f" ({count(earlier, 'earlier update')})"
        lines.append(line)
    places = len({doc["country"] for doc in docs if doc.get("country")})
    lead = f"{count(len(docs), 'document')} loaded"
    lead += f"; the newest of each of {count(places, 'country')}" if places else ""
    return Reply(lead + f" ({ctx.prefix}documents lists them all).", lines=lines)


def key_figures(ctx: Context) -> Reply:
    """The headline figures of the newest update of every country, as sentences: shares,
    counts of a total, changes, quotas; a few per country."""
    newest = newest_documents(ctx)
    rank = {doc["title"]: position for position, doc in enumerate(newest)}
    facts = [
        f
        for f in ctx.services.documents.facts(words=True)
        if f.get("kind") in KEY_KINDS and f.get("document") in rank
    ]
    if not facts:
        return Reply("No figures yet: load a situation update.")
    # Within a document, figures of a whole ("2 of 9") before bare counts, in text order.
    facts.sort(key=lambda f: (rank[f["document"]], f.get("total") is None))
    per_document: dict[str, int] = {}
    shown: list[dict[str, Any]] = []
    for fact in facts:
        if per_document.get(fact["document"], 0) < KEY_FIGURES_PER_COUNTRY:
            per_document[fact["document"]] = per_document.get(fact["document"], 0) + 1
            shown.append(fact)
    shown = shown[:MAX_KEY_FIGURES]
    where = "the newest update" if len(newest) == 1 else "the newest update of each country"
    lead = f"Headline figures of {where} ({ctx.prefix}facts TEXT finds the others)."
    return Reply(lead, lines=[describe_fact(f) for f in shown])


MAX_HOME_CHANGES = 5  # lines per country on App Home


def latest_changes_reply(ctx: Context) -> Reply:
    """For App Home: what moved in the latest update of each country that has two or more."""
    found, _ = ctx.services.documents.all_latest_changes()
    if not found:
        return Reply("Nothing to compare yet: load a second update of a country.")
    lines: list[str] = []
    for changes in found:
        lines.append(f"{changes_heading(changes)} {changes_counts(changes)}")
        lines += [f"  {line}" for line in change_lines(changes, limit=MAX_HOME_CHANGES)]
    return Reply(
        f"The latest update of {len(found)} countr{'y' if len(found) == 1 else 'ies'} against "
        f"the one before ({ctx.prefix}what changed COUNTRY shows all).",
        lines=lines,
    )


def home_sections(ctx: Context) -> list[tuple[str, Reply]]:
    """What App Home shows: the newest update of each country, latest changes, key figures,
    upcoming deadlines with the days left."""
    return [
        ("Latest updates", latest_documents_reply(ctx)),
        ("Latest changes", latest_changes_reply(ctx)),
        ("Key figures", key_figures(ctx)),
        ("Upcoming deadlines", cmd_deadlines(ctx, "")),
    ]


def digest_reply(digest: Digest, now: datetime, tz: tzinfo) -> Reply:
    """The digest posted to the team channel after a coordinator loads an update."""
    doc = digest.document
    where = doc.country or "its country"
    dated = document_date_text(doc.date, doc.date_source)
    lead = f"New update{f' on {doc.country}' if doc.country else ''}: {doc.title} ({dated})."
    lines: list[str] = []
    if digest.place == "earlier" and digest.latest is not None:
        latest = digest.latest
        lead += (
            f" It is older than the latest update, {latest.title} "
            f"({document_date_text(latest.date, latest.date_source)}), which stays the latest."
        )
    changes = digest.changes
    if changes is not None:
        against = "its earlier version" if changes.older.title == doc.title else changes.older.title
        lead += f" Against {against}: {changes_counts(changes)}"
        lines += change_lines(changes, limit=MAX_CHANGE_LINES)
    elif digest.place == "first":
        lead += f" The first on {where}: {count(digest.facts, 'figure')}, "
        lead += f"{count(digest.events, 'date')}."
    else:
        lead += f" Nothing older to compare it with: {count(digest.facts, 'figure')}, "
        lead += f"{count(digest.events, 'date')}."
    lines += [f"Deadline: {deadline_line(d, now, tz)}" for d in digest.deadlines[:10]]
    return Reply(lead, lines=lines)


def refusal(what: str) -> Reply:
    """The polite answer to someone who may not change data."""
    return Reply(
        f"Sorry, only coordinators can {what}. Ask one of them, or ask an admin to add your "
        "Slack member ID to WPSBOT_COORDINATORS.",
        refused=True,
    )


COMMANDS: dict[str, Handler] = {
    "help": cmd_help,
    "facts": cmd_facts,
    "documents": cmd_documents,
    "changes": cmd_changes,
    "series": cmd_series,
    "deadlines": cmd_deadlines,
    "deadline": cmd_deadline,
    "calendar": cmd_calendar,
    "ingest": cmd_ingest,
}


def run(ctx: Context, text: str) -> Reply:
    """Run one command line (the text after /wps) or answer it as a question."""
    clean = text.strip()
    if not clean:
        return cmd_help(ctx, "")
    asked = _WHAT_CHANGED.match(clean)
    if asked and _is_changes_request(ctx, asked.group("rest")):
        return cmd_changes(ctx, asked.group("rest"))
    word, _, rest = clean.partition(" ")
    handler = COMMANDS.get(word.lower())
    if handler is None:
        return answer(ctx, clean)
    return handler(ctx, rest)


def _is_changes_request(ctx: Context, rest: str) -> bool:
    """“what changed”, “what changed in Mali”, “what changed since 2016-09-01” — but “what
    changed in the share of women …” is a question for the answering core."""
    words = rest.strip()
    found = _SINCE.search(words)
    if found:
        words = words[: found.start()].strip()
    words = _COUNTRY_LEAD.sub("", words).strip(" ?.!")
    return not words or ctx.services.documents.names_a_country(words)


def help_entries() -> list[tuple[str, str]]:
    """(usage, what it does) for every subcommand, from its docstring."""
    entries = []
    for handler in COMMANDS.values():
        first = (handler.__doc__ or "").strip().splitlines()[0]
        usage, _, what = first.partition(" — ")
        entries.append((usage, what))
    return entries


def describe_fact(fact: dict[str, Any]) -> str:
    """One line: the figure as a sentence, its date and its document."""
    return fact_line(fact)


def describe_document(doc: dict[str, Any]) -> str:
    """One line per loaded document: its title, its date and where that came from, counts."""
    date = document_date_text(doc.get("date"), doc.get("date_source"))
    country = f"{doc['country']}, " if doc.get("country") else ""
    return (
        f"{doc['title']} ({country}{date}) — {count(doc['facts'], 'fact')}, "
        f"{count(doc['events'], 'date')}"
    )


def describe_deadline(ctx: Context, deadline: Deadline) -> str:
    """One line: number, due date, days left, title, and what needs a coordinator's eye."""
    return deadline_line(deadline, ctx.now, ctx.tz)


def deadline_line(deadline: Deadline, now: datetime, tz: tzinfo) -> str:
    """describe_deadline without a command context (digests are posted by the scheduler)."""
    due = ("about " if deadline.approximate else "") + describe_due(deadline, tz)
    past = deadline.status == "past"
    when = "past" if past else describe_days_left(deadline, now, tz)
    notes = []
    if deadline.needs_confirmation:
        notes.append("date to confirm")
    if deadline.recurrence:
        notes.append(f"every {deadline.recurrence}")
    if deadline.status not in ("upcoming", "confirmed", "past"):
        notes.append(deadline.status)
    extra = f" ({', '.join(notes)})" if notes else ""
    return f"#{deadline.id} {due} ({when}) — {deadline.title}{extra}"


def _s(items: list[Any]) -> str:
    return "" if len(items) == 1 else "s"
