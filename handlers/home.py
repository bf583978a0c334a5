"""App Home: the newest update of each country, latest changes, key figures and upcoming
deadlines.

Published when a user opens the tab, and again for every user who has opened it whenever the
data it shows changes (an ingest, a deadline added, moved or done, a new day): the scheduler's
Home job (bot.scheduler.HomeRefresher) compares what each tab shows with `Services.views.state`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from handlers import render, wps
from handlers.deps import Deps
from store import Services

# publish(user_id, view): one views.publish
Publish = Callable[[str, dict[str, Any]], None]


def home_view(ctx: wps.Context) -> dict[str, Any]:
    """The Home tab's view, the same for every user."""
    return render.home_view(wps.home_sections(ctx))


def view_builder(services: Services, timezone: str) -> Callable[[datetime], dict[str, Any]]:
    """view(now) -> the Home tab as of `now`, on the calling thread's connection."""

    def view(now: datetime) -> dict[str, Any]:
        ctx = wps.Context(services=services, now=now, prefix="/wps ", timezone=timezone)
        return home_view(ctx)

    return view


def slack_publisher(client: WebClient) -> Publish:
    """publish(user_id, view) through this WebClient (errors are raised)."""

    def publish(user_id: str, view: dict[str, Any]) -> None:
        client.views_publish(user_id=user_id, view=view)

    return publish


def register(app: App, deps: Deps) -> None:
    """Publish the Home tab whenever a user opens it."""

    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any], client: WebClient) -> None:
        """Publish the Home tab for this user; from now on it is kept up to date."""
        if event.get("tab", "home") != "home":
            return
        user_id = str(event["user"])
        ctx = deps.context(user_id)
        views = deps.services.views
        state = views.state(ctx.now, ctx.tz)
        shown = ""  # not shown yet: the Home job tries again if this publish fails
        try:
            client.views_publish(user_id=user_id, view=home_view(ctx))
            shown = state
        finally:
            views.opened(user_id, shown, ctx.now)
