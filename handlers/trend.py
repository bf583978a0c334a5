"""Words for history: document dates, what changed, and a series as compact text.

Slack-free and light (no slack_sdk, no matplotlib), so the console and the CLI (`wpsbot changes`,
`wpsbot series`) render with the same words as Slack.
"""

from __future__ import annotations

from typing import Any

from store.changes import Changes
from store.extract.dates import format_date
from store.series import Series, SeriesPoint

# What each rule of store/docdate.py means, as a reader sees it after the date.
DATE_SOURCES = {
    "masthead": "",
    "dateline": "dateline",
    "updated": "last updated",
    "letter": "date of its letter",
    "symbol": "year of its symbol",
    "reported": "latest date it reports on",
    "loaded": "no date given: the day it was loaded",
}
SPARKS = "▁▂▃▄▅▆▇█"
MAX_CHANGE_LINES = 40


def iso_text(date: str | None) -> str:
    """'2016-08-31' → '31 Aug 2016', '2016-08' → 'Aug 2016', '2016' → '2016'."""
    if not date:
        return "no date"
    precision = {1: "year", 2: "month"}.get(len(date.split("-")), "day")
    return format_date(date, precision, False)


def document_date_text(date: str | None, source: str | None) -> str:
    """The date of a document with where it came from: 'Aug 2016, latest date it reports on';
    a masthead date needs no note ('14 Oct 2016')."""
    note = DATE_SOURCES.get(source or "", source or "")
    return f"{iso_text(date)}, {note}" if note else iso_text(date)


def _num(value: Any) -> str:
    if value is None:
        return "?"
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:g}"


def figure_text(fact: dict[str, Any]) -> str:
    """The figure of a FACT object: '1 of 62', '1.78%', '42% → 28%', '4 listed'."""
    unit = "%" if fact.get("unit") == "percent" else ""
    if fact.get("kind") == "list":
        return f"{_num(fact.get('value'))} listed"
    if fact.get("kind") == "change" and fact.get("previous_value") is not None:
        return f"{_num(fact['previous_value'])}{unit} → {_num(fact.get('value'))}{unit}"
    if fact.get("total") is not None:
        return f"{_num(fact.get('value'))} of {_num(fact['total'])}"
    return f"{_num(fact.get('value'))}{unit}"


def _what(fact: dict[str, Any]) -> str:
    return " — ".join(str(p) for p in (fact.get("subject"), fact.get("measure")) if p)


def _dated(fact: dict[str, Any]) -> str:
    as_of = f" (as of {iso_text(fact['as_of'])})" if fact.get("as_of") else ""
    return figure_text(fact) + as_of


def _items_moved(before: dict[str, Any], after: dict[str, Any]) -> str:
    old, new = before.get("items") or [], after.get("items") or []
    parts = []
    gone = [item for item in old if item not in new]
    came = [item for item in new if item not in old]
    if came:
        parts.append("added " + "; ".join(came))
    if gone:
        parts.append("dropped " + "; ".join(gone))
    return f" ({', '.join(parts)})" if parts else ""


def _event_when(event: dict[str, Any]) -> str:
    if event.get("kind") == "cadence" or not event.get("date"):
        return f"every {event['cadence']}" if event.get("cadence") else "no date"
    precision = "approximate" if event.get("precision") == "approximate" else "day"
    precision = {1: "year", 2: "month"}.get(len(str(event["date"]).split("-")), precision)
    return format_date(event["date"], precision, bool(event.get("approximate")))


def changes_heading(changes: Changes) -> str:
    """'Mali: from mali-ieg-2016.txt (Aug 2016) to mali-update-2016-10.txt (14 Oct 2016).'"""
    where = changes.country or "Updates with no country"
    if changes.older.id == changes.newer.id:
        return (
            f"{where}: no update since {changes.newer.title} "
            f"({document_date_text(changes.newer.date, changes.newer.date_source)})."
        )
    return (
        f"{where}: from {changes.older.title} "
        f"({document_date_text(changes.older.date, changes.older.date_source)}) to "
        f"{changes.newer.title} "
        f"({document_date_text(changes.newer.date, changes.newer.date_source)})."
    )


def change_lines(changes: Changes, limit: int = MAX_CHANGE_LINES) -> list[str]:
    """One line per difference, each led by what kind it is; 'Nothing changed.' if none."""
    lines: list[str] = []
    for change in changes.facts_changed:
        before, after = change.before, change.after
        lines.append(
            f"Moved: {_what(after)}: {_dated(before)} → {_dated(after)}"
            + _items_moved(before, after)
        )
    lines += [f"New: {_what(f)}: {_dated(f)}" for f in changes.facts_added]
    lines += [f"No longer mentioned: {_what(f)}: {_dated(f)}" for f in changes.facts_removed]
    for event in changes.events_changed:
        lines.append(
            f"Date moved: {event.after['title']}: {_event_when(event.before)} → "
            f"{_event_when(event.after)}"
        )
    lines += [f"New date: {e['title']}: {_event_when(e)}" for e in changes.events_added]
    lines += [
        f"Date no longer mentioned: {e['title']}: {_event_when(e)}" for e in changes.events_removed
    ]
    if not lines:
        return ["Nothing changed: the same figures and dates."]
    if len(lines) > limit:
        more = len(lines) - limit + 1
        lines = [*lines[: limit - 1], f"…and {more} more (wpsbot changes --json lists them all)."]
    return lines


def changes_counts(changes: Changes) -> str:
    """'Figures: 4 moved, 1 new, 1 no longer mentioned. Dates: 2 moved, 1 new.'"""
    groups: list[tuple[str, list[int]]] = [
        (
            "Figures",
            [len(changes.facts_changed), len(changes.facts_added), len(changes.facts_removed)],
        ),
        (
            "Dates",
            [len(changes.events_changed), len(changes.events_added), len(changes.events_removed)],
        ),
    ]
    parts = []
    for noun, counts in groups:
        said = [
            f"{n} {what}"
            for n, what in zip(counts, ("moved", "new", "no longer mentioned"), strict=True)
            if n
        ]
        if said:
            parts.append(f"{noun}: {', '.join(said)}.")
    return " ".join(parts) or "Nothing changed."


def sparkline(values: list[float | None]) -> str:
    """'▁▄█' for rising values; a gap (space) for a point without one."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = high - low
    out = []
    for value in values:
        if value is None:
            out.append(" ")
        elif span == 0:
            out.append(SPARKS[len(SPARKS) // 2])
        else:
            out.append(SPARKS[round((value - low) / span * (len(SPARKS) - 1))])
    return "".join(out)


def point_figure(point: SeriesPoint) -> str:
    """'1 of 62 (1.6%)', '1.78%', '28%'."""
    if point.unit == "percent":
        return f"{_num(point.value)}%"
    if point.total is not None and point.share is not None:
        return f"{_num(point.value)} of {_num(point.total)} ({point.share:.1f}%)"
    return _num(point.value)


def series_title(series: Series) -> str:
    """'women — Malian members of the CSA and its sub-committees'."""
    return " — ".join(p for p in (series.subject, series.measure) if p) or "figure"


def series_lines(series: Series) -> list[str]:
    """The series as compact text, oldest first: a trend line, then one line per update."""
    lines = []
    if len(series.points) >= 2:
        first, last = series.points[0], series.points[-1]
        lines.append(
            f"{sparkline(series.plotted)}  {iso_text(first.when)}: {point_figure(first)} → "
            f"{iso_text(last.when)}: {point_figure(last)}"
        )
    for point in series.points:
        flag = " (undated: load date)" if point.date_source == "loaded" and not point.as_of else ""
        lines.append(f"{iso_text(point.when)}{flag}: {point_figure(point)} — {point.document}")
    return lines


def series_alt_text(series: Series) -> str:
    """What a chart shows, for people who cannot see it (Slack's alt text)."""
    unit = "per cent" if series.plots_shares else "value"
    points = "; ".join(
        f"{iso_text(p.when)}: {point_figure(p)} ({p.document})" for p in series.points
    )
    text = f"Line chart of {series_title(series)} over time ({unit}), oldest first: {points}."
    return text[:1990]
