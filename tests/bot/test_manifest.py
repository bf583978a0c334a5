"""manifest.yml and the Dockerfile agree with what the code listens to and runs."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_manifest_declares_what_the_app_handles() -> None:
    text = (REPO / "manifest.yml").read_text()
    events = re.findall(r"^\s+- (\w[\w.]*)\s+#", text.split("bot_events:")[1], re.M)
    assert events == ["app_home_opened", "app_mention", "message.im"]
    assert "command: /wps" in text
    assert re.search(r"interactivity:\n\s+is_enabled: true", text)
    assert "home_tab_enabled: true" in text
    assert "socket_mode_enabled: true" in text
    scopes = re.findall(r"^\s+- ([a-z_]+:[a-z_.]+|commands)\s", text, re.M)
    assert set(scopes) >= {
        "app_mentions:read", "chat:write", "commands", "files:read", "files:write",
        "im:history", "im:read",
        "channels:history", "groups:history",  # the reminder lookup (conversations.history)
    }  # fmt: skip
    # Every request URL is the one path the HTTP server serves.
    urls = re.findall(r"(?:url|request_url): (\S+)", text)
    assert set(urls) == {"https://wpsbot.example.org/slack/events"}


def test_dockerfile_runs_serve_as_non_root_with_a_volume_and_healthcheck() -> None:
    text = (REPO / "Dockerfile").read_text()
    assert text.startswith("# wpsbot") and "FROM python:3.11-slim" in text
    assert "USER wpsbot" in text
    assert 'VOLUME ["/data"]' in text and "WPSBOT_DB=/data/wpsbot.db" in text
    assert "HOST=0.0.0.0" in text  # serve listens on 127.0.0.1 elsewhere
    assert "HEALTHCHECK" in text and "/healthz" in text
    assert 'ENTRYPOINT ["wpsbot"]' in text and 'CMD ["serve"]' in text
    assert ".env" in (REPO / ".dockerignore").read_text().split()
