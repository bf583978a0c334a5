"""Trend charts: a small PNG of a series, drawn in-process, uploaded with Slack's upload flow.

matplotlib is imported only when a chart is drawn (never on the CLI's `ask` or `ingest` path),
with its Agg backend and no pyplot: a Figure and its canvas belong to the one call that draws
them, so listener threads never share plotting state. Upload goes through slack_sdk's
`files_upload_v2`: files.getUploadURLExternal, a POST of the bytes to the URL it gives, then
files.completeUploadExternal sharing the file into the conversation, with alt text.
"""

from __future__ import annotations

import io
import logging
import textwrap
from datetime import date
from typing import TYPE_CHECKING

from handlers.trend import iso_text, point_figure, series_alt_text, series_title
from store.series import Series

if TYPE_CHECKING:  # `wpsbot series --png` draws without loading Slack's SDK
    from slack_sdk import WebClient

log = logging.getLogger(__name__)

WIDTH_IN, HEIGHT_IN, DPI = 6.4, 3.2, 100  # 640 × 320 px: small in the channel, sharp enough
MIN_POINTS = 2  # a single point is no trend: no chart
MAX_TICKS = 6
FILENAME = "trend.png"


def _day(iso: str) -> date:
    """A point's place on the time axis: a month at its middle, a year at its middle."""
    parts = [int(p) for p in iso.split("-")[:3]]
    if len(parts) == 1:
        return date(parts[0], 7, 1)
    if len(parts) == 2:
        return date(parts[0], parts[1], 15)
    return date(parts[0], parts[1], parts[2])


def series_png(series: Series) -> bytes:
    """The series as a PNG line chart: one marker per update, labelled with its figure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    points = [(p, v) for p, v in zip(series.points, series.plotted, strict=True) if v is not None]
    # Days on a plain number axis: spacing follows the dates, labels are the updates' own.
    xs = [float(_day(p.when).toordinal()) for p, _ in points]
    ys = [v for _, v in points]
    axes.plot(xs, ys, marker="o", color="#1f4e79", linewidth=2)
    for (point, value), x in zip(points, xs, strict=True):
        axes.annotate(
            point_figure(point),
            (x, value),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            fontsize=8,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
        )
    # Each update's own date under its point (every other one when they crowd).
    step = max(1, len(points) // MAX_TICKS + (len(points) % MAX_TICKS > 0))
    shown = list(range(len(points)))[::-1][::step][::-1]
    axes.set_xticks(
        [xs[i] for i in shown],
        [iso_text(points[i][0].when) for i in shown],
        fontsize=8,
    )
    axes.margins(x=0.12)
    axes.set_ylabel("per cent" if series.plots_shares else "number")
    low, high = min(ys), max(ys)
    pad = (high - low) * 0.25 or max(abs(high) * 0.25, 1.0)
    axes.set_ylim(max(0.0, low - pad) if low >= 0 else low - pad, high + pad)
    # Two lines at most: "women — Malian members of the Comité de Suivi de L'Accord (CSA) and
    # its sub-committees" is how the updates name it.
    lines = textwrap.wrap(series_title(series), 72)
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), 72, placeholder=" …")]
    axes.set_title("\n".join(lines), fontsize=10)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def chart_title(series: Series) -> str:
    """The file's title in Slack: what it shows and its span."""
    first, last = series.points[0], series.points[-1]
    return f"{series_title(series)[:120]}: {iso_text(first.when)} to {iso_text(last.when)}"


def post_chart(
    client: WebClient, channel: str, series: Series, thread_ts: str | None = None
) -> str | None:
    """Upload the chart of a series of two or more points into a conversation (its thread);
    returns the file id, or None when there is no chart or Slack refused it (logged: the
    answer itself was already posted)."""
    from slack_sdk.errors import SlackApiError, SlackRequestError

    if len(series.points) < MIN_POINTS:
        return None
    try:
        response = client.files_upload_v2(
            channel=channel,
            thread_ts=thread_ts,
            file=series_png(series),
            filename=FILENAME,
            title=chart_title(series),
            alt_txt=series_alt_text(series),
        )
    except (SlackApiError, SlackRequestError) as exc:
        log.warning("chart not uploaded to %s: %s", channel, exc)
        return None
    uploaded = response.get("file") or {}
    return str(uploaded.get("id")) if isinstance(uploaded, dict) and uploaded.get("id") else None
