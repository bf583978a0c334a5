"""The /wps command language, shared by Slack (slash command, mentions, DMs) and the console.

Slack-free: a command's text goes in, a `Reply` comes out; handlers/render.py turns a Reply
into Block Kit or plain text. The docstring of each subcommand is its help text (first line:
usage, then a dash, then what it does).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from store.answer import Answer, answer_question
from store.deadlines import (
    Deadline,
    DeadlineError,
    add_deadline,
    confirm,
    describe_days_left,
    describe_due,
    dismiss,
    list_deadlines,
    mark_done,
    move,
    remove,
    snooze,
)
from store.fetch import FetchPolicy
from store.ingest import IngestResult, ingest_raw
from store.queries import list_documents, list_facts
from store.readers import IngestError, RawDocument, is_url, read_source
from store.state import calendar_token, rotate_calendar_token
from store.text import question_text

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


@dataclass(frozen=True)
class Context:
    """Who is asking, where, and what they may do."""

    db: Database
    now: datetime
    user_id: str | None = None
    can_change: bool = False  # coordinators (and the console's local user) may change data
    prefix: str = "/wps "  # how commands are written on this surface, for help text
    allow_paths: bool = False  # only the console may ingest a local file path
    timezone: str = "UTC"
    reminder_channel: str | None = None
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
    facts = list_facts(ctx.db, text or None)
    if not facts:
        hint = " Try a shorter word." if text else " Load a document first."
        return Reply(f"No facts mention “{text}”." + hint if text else "No facts yet." + hint)
    shown = facts[:MAX_FACT_LINES]
    lines = [describe_fact(fact) for fact in shown]
    more = len(facts) - len(shown)
    lead = f"{len(facts)} fact{'s' if len(facts) != 1 else ''}" + (
        f" mention “{text}”" if text else " loaded"
    )
    if more:
        lead += f" (first {len(shown)} shown; narrow it down with more words)"
    return Reply(lead + ".", lines=lines)


def cmd_documents(ctx: Context, rest: str) -> Reply:
    """documents — the situation updates I have loaded."""
    docs = list_documents(ctx.db)
    if not docs:
        return Reply("No documents loaded yet.")
    return Reply(
        f"{len(docs)} document{'s' if len(docs) != 1 else ''} loaded.",
        lines=[describe_document(doc) for doc in docs[:MAX_FACT_LINES]],
    )


def cmd_deadlines(ctx: Context, rest: str) -> Reply:
    """deadlines [all] — upcoming deadlines (all: past, done and dismissed ones too)."""
    include_all = rest.strip().lower() in ("all", "--all")
    rows = list_deadlines(ctx.db, ctx.now, include_all=include_all, tz=ctx.tz)
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
            deadline = move(ctx.db, int(args[0].lstrip("#")), args[1], ctx.now, ctx.tz)
        else:
            return Reply(usage)
    except DeadlineError as exc:
        return Reply(f"Nothing changed: {exc}.")
    return Reply(
        f"Deadline #{deadline.id} {PAST[action]}.", lines=[describe_deadline(ctx, deadline)]
    )


CHANGES: dict[str, Callable[[Context, int], Deadline]] = {
    "done": lambda ctx, i: mark_done(ctx.db, i, ctx.now, ctx.tz),
    "snooze": lambda ctx, i: snooze(ctx.db, i, ctx.now),
    "remove": lambda ctx, i: remove(ctx.db, i, ctx.now),
    "confirm": lambda ctx, i: confirm(ctx.db, i, ctx.now),
    "dismiss": lambda ctx, i: dismiss(ctx.db, i, ctx.now),
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
        channel = channel.strip("<>#").split("|")[0]
    deadline = add_deadline(
        ctx.db,
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
    token = rotate_calendar_token(ctx.db) if action else calendar_token(ctx.db)
    path = f"/calendar/{token}.ics"
    lines = [f"{ctx.public_url}{path}" if ctx.public_url else path]
    if not ctx.public_url:
        lines.append(
            "That is the path on the address of wpsbot serve's HTTP port (set "
            "WPSBOT_PUBLIC_URL to see the whole link here)."
        )
    lines.append(
        "Subscribe to it in Outlook (Add calendar → From internet) or Google Calendar (From "
        "URL). Whoever has the link sees every deadline and its source: keep it in the team; "
        f"{ctx.prefix}calendar rotate replaces it."
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
    source = rest.strip().strip("<>").split("|")[0]  # Slack wraps links as <url|label>
    if not source:
        return Reply("Usage: ingest URL (a PDF, Word, text or web page address).")
    if not is_url(source) and not ctx.allow_paths:
        return Reply("I can only load http(s) addresses here; to load a file, share it with me.")
    try:
        raw = read_source(source, policy=ctx.fetch_policy)
        result = ingest_raw(ctx.db, raw, ctx.now)
    except IngestError as exc:
        return Reply(f"Nothing was loaded: {exc}")
    return ingest_summary(ctx, result)


def ingest_raw_reply(ctx: Context, raw: RawDocument) -> Reply:
    """Ingest an already-read document (a Slack upload) and summarise; coordinators only."""
    if not ctx.can_change:
        return refusal("load documents")
    try:
        result = ingest_raw(ctx.db, raw, ctx.now)
    except IngestError as exc:
        return Reply(f"Nothing was loaded: {exc}")
    return ingest_summary(ctx, result)


def ingest_summary(ctx: Context, result: IngestResult) -> Reply:
    """What loading one document found: facts, dates and deadlines."""
    if result.status == "unchanged":
        return Reply(f"“{result.title}” is already loaded; nothing changed.")
    verb = "Loaded" if result.status == "added" else "Updated"
    lines = [
        f"{result.facts} facts, {result.events} dated events, {result.passages} sentences",
    ]
    facts = [f for f in list_facts(ctx.db) if f.get("document") == result.title][:5]
    lines += [describe_fact(fact) for fact in facts]
    found = [
        d for d in list_deadlines(ctx.db, ctx.now, tz=ctx.tz) if d.document_id == result.document_id
    ]
    lines += [f"Deadline: {describe_deadline(ctx, d)}" for d in found[:5]]
    return Reply(f"{verb} “{result.title}”.", lines=lines)


def answer(ctx: Context, question: str) -> Reply:
    """Answer a plain question, with its sources."""
    found = answer_question(ctx.db, question_text(question), ctx.now)
    quotes = [Quote(s.quote, s.document, s.section or None, s.as_of or None) for s in found.sources]
    # The answer text may repeat its quotes inline; the renderers show each quote once, with
    # its source underneath, so those lines are left out of the lead.
    lines = found.answer.splitlines()
    lead = [line for line in lines if not any(q.text and q.text in line for q in quotes)]
    return Reply("\n".join(lead or lines), quotes=quotes, answer=found)


KEY_KINDS = ("share", "count", "change", "quota")
MAX_KEY_FIGURES = 8


def key_figures(ctx: Context) -> Reply:
    """The headline figures of the newest documents: shares, counts of a total, changes."""
    order = {doc["title"]: rank for rank, doc in enumerate(list_documents(ctx.db))}
    facts = [f for f in list_facts(ctx.db) if f.get("kind") in KEY_KINDS]
    facts.sort(key=lambda f: (order.get(f.get("document"), len(order)), f.get("total") is None))
    if not facts:
        return Reply("No figures yet: load a situation update.")
    shown = facts[:MAX_KEY_FIGURES]
    lead = f"Headline figures of the newest updates ({len(shown)} of {len(facts)}; "
    lead += f"{ctx.prefix}facts TEXT finds the others)."
    return Reply(lead, lines=[describe_fact(f) for f in shown])


def home_sections(ctx: Context) -> list[tuple[str, Reply]]:
    """What App Home shows: documents, key figures, upcoming deadlines."""
    sections = [("Loaded documents", cmd_documents(ctx, "")), ("Key figures", key_figures(ctx))]
    sections.append(("Upcoming deadlines", cmd_deadlines(ctx, "")))
    return sections


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
    word, _, rest = clean.partition(" ")
    handler = COMMANDS.get(word.lower())
    if handler is None:
        return answer(ctx, clean)
    return handler(ctx, rest)


def help_entries() -> list[tuple[str, str]]:
    """(usage, what it does) for every subcommand, from its docstring."""
    entries = []
    for handler in COMMANDS.values():
        first = (handler.__doc__ or "").strip().splitlines()[0]
        usage, _, what = first.partition(" — ")
        entries.append((usage, what))
    return entries


def describe_fact(fact: dict[str, Any]) -> str:
    """One line: the figure, what it is about, its date and document."""
    unit = "%" if fact.get("unit") == "percent" else ""
    if fact.get("kind") == "list":
        figure = ", ".join(fact.get("items") or [])
    elif fact.get("kind") == "change" and fact.get("previous_value") is not None:
        figure = f"{fact['previous_value']}{unit} → {fact['value']}{unit}"
    elif fact.get("total") is not None:
        figure = f"{fact['value']} of {fact['total']}"
    else:
        figure = f"{fact.get('value')}{unit}"
    when = f", as of {fact['as_of']}" if fact.get("as_of") else ""
    what = " — ".join(str(p) for p in (fact.get("subject"), fact.get("measure")) if p)
    return f"{what}: {figure}{when} ({fact.get('document')})"


def describe_document(doc: dict[str, Any]) -> str:
    """One line per loaded document."""
    date = f", {doc['doc_date']}" if doc.get("doc_date") else ""
    return f"{doc['title']}{date} — {doc['facts']} facts, {doc['events']} dates"


def describe_deadline(ctx: Context, deadline: Deadline) -> str:
    """One line: number, due date, days left, title, and what needs a coordinator's eye."""
    due = ("about " if deadline.approximate else "") + describe_due(deadline, ctx.tz)
    past = deadline.status == "past"
    when = "past" if past else describe_days_left(deadline, ctx.now, ctx.tz)
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
