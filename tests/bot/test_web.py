"""The HTTP side of Socket Mode: health and calendar only, never Slack's request URL."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.server import http_app
from bot.web import start_http
from store import Services
from store.db import Store
from store.state import calendar_token
from tests.fakes.signing import command_body, signed_headers


@pytest.fixture
def socket_mode_http(tmp_path: Path) -> Iterator[str]:
    server, _ = start_http(http_app(None, Services(tmp_path / "w.db")), "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_socket_mode_http_serves_health_and_calendar(socket_mode_http: str, tmp_path: Path) -> None:
    assert httpx.get(socket_mode_http + "/healthz").text == "ok\n"
    token = calendar_token(Store(tmp_path / "w.db").db)
    calendar = httpx.get(f"{socket_mode_http}/calendar/{token}.ics")
    assert calendar.status_code == 200
    assert calendar.text.startswith("BEGIN:VCALENDAR")
    assert httpx.get(socket_mode_http + "/calendar.ics").status_code == 404


def test_the_calendar_feed_leaves_out_what_is_over_unless_all(
    socket_mode_http: str, tmp_path: Path
) -> None:
    from datetime import UTC, datetime, timedelta

    from icalendar import Calendar

    from store import deadlines as dl

    db = Store(tmp_path / "w.db").db
    now = datetime.now(UTC)
    soon = (now + timedelta(days=3)).date().isoformat()
    dl.add_deadline(db, "Ahead", soon, now=now)
    dl.dismiss(db, dl.add_deadline(db, "Dismissed", soon, now=now).id, now)
    dl.mark_done(db, dl.add_deadline(db, "Done", soon, now=now).id, now)
    feed = f"{socket_mode_http}/calendar/{calendar_token(db)}.ics"

    def summaries(url: str) -> list[str]:
        response = httpx.get(url)
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/calendar; charset=utf-8"
        return sorted(str(e["summary"]) for e in Calendar.from_ical(response.text).walk("VEVENT"))

    assert summaries(feed) == ["Ahead"]
    assert summaries(feed + "?all=1") == ["Ahead", "Dismissed", "Done"]
    assert summaries(feed + "?all=0") == ["Ahead"]


def test_the_access_log_never_holds_the_calendar_secret(
    socket_mode_http: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="wpsbot.http")
    token = calendar_token(Store(tmp_path / "w.db").db)
    assert httpx.get(f"{socket_mode_http}/calendar/{token}.ics").status_code == 200
    assert httpx.get(f"{socket_mode_http}/calendar/{token}x.ics").status_code == 404
    assert "GET /calendar/<secret>.ics" in caplog.text
    assert token not in caplog.text


def test_socket_mode_http_takes_no_slack_requests(socket_mode_http: str) -> None:
    # Socket Mode skips signature checks, so /slack/events must not exist on this port.
    body = command_body("help")
    headers = signed_headers(body, "application/x-www-form-urlencoded")
    response = httpx.post(socket_mode_http + "/slack/events", content=body, headers=headers)
    assert response.status_code == 404
