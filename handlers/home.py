"""App Home: loaded documents, key figures and upcoming deadlines."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from handlers import render, wps
from handlers.deps import Deps


def register(app: App, deps: Deps) -> None:
    """Publish the Home tab whenever a user opens it."""

    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any], client: WebClient) -> None:
        """Publish the Home tab for this user."""
        if event.get("tab", "home") != "home":
            return
        view = render.home_view(wps.home_sections(deps.context(event.get("user"))))
        client.views_publish(user_id=event["user"], view=view)
