"""Fixtures for Slack-facing tests: the fake Slack Web API and a running app over HTTP."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.app import create_app, make_client
from bot.server import http_app
from bot.settings import Settings
from bot.web import start_http
from store import Services
from store.db import Store, connect
from store.ingest import ingest_raw
from store.readers import read_source
from tests.fakes.fixtures import fake_slack
from tests.fakes.signing import SIGNING_SECRET, SlackSender
from tests.fakes.slack_api import BOT_TOKEN, FakeSlack

__all__ = ["fake_slack"]

REPO = Path(__file__).resolve().parents[2]
MALI = REPO / "store" / "data" / "mali-ieg-2016.txt"
COORDINATOR = "U0COORD"


@dataclass
class RunningBot:
    """An app serving HTTP on 127.0.0.1, its database and the fake Slack it talks to."""

    store: Store
    fake: FakeSlack
    slack: SlackSender
    base_url: str
    settings: Settings


@pytest.fixture(scope="session")
def mali_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the bundled sample loaded once; tests copy it."""
    from datetime import UTC, datetime

    path = tmp_path_factory.mktemp("template") / "mali.db"
    db = connect(path)
    ingest_raw(db, read_source(str(MALI)), datetime(2026, 11, 1, tzinfo=UTC))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def start_bot(
    fake: FakeSlack,
    db_path: Path,
    *,
    process_before_response: bool = False,
    allowed_hosts: tuple[str, ...] = ("127.0.0.1",),  # the fake's pages, for /wps ingest URL
) -> Iterator[RunningBot]:
    """Build the app against the fake and serve it; stop everything afterwards."""
    settings = Settings(
        db_path=str(db_path),
        bot_token=BOT_TOKEN,
        signing_secret=SIGNING_SECRET,
        slack_api_url=fake.api_url,
        coordinators=frozenset({COORDINATOR}),
        reminder_channel="C0REMIND",
        allowed_hosts=allowed_hosts,
    )
    store = Store(db_path)
    app = create_app(
        settings,
        Services(store),
        make_client(settings),
        process_before_response=process_before_response,
    )
    server, _ = start_http(http_app(app, Services(store), settings.signing_secret), "127.0.0.1", 0)
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    sender = SlackSender(base_url)
    fake.reset()  # forget auth.test from start-up
    try:
        yield RunningBot(store, fake, sender, base_url, settings)
    finally:
        sender.close()
        server.shutdown()
        server.server_close()


@pytest.fixture
def bot(fake_slack: FakeSlack, mali_db: Path, tmp_path: Path) -> Iterator[RunningBot]:
    """The app on a copy of the sample database, talking to the fake Slack."""
    db_path = tmp_path / "bot.db"
    shutil.copy(mali_db, db_path)
    yield from start_bot(fake_slack, db_path)


@pytest.fixture
def strict_bot(fake_slack: FakeSlack, mali_db: Path, tmp_path: Path) -> Iterator[RunningBot]:
    """The app as deployed: WPSBOT_ALLOWED_HOSTS empty, so URL fetches reach only public
    addresses (the fake Slack's pages on 127.0.0.1 are refused)."""
    db_path = tmp_path / "strict.db"
    shutil.copy(mali_db, db_path)
    yield from start_bot(fake_slack, db_path, allowed_hosts=())


@pytest.fixture
def empty_bot(fake_slack: FakeSlack, tmp_path: Path) -> Iterator[RunningBot]:
    """The app on an empty database."""
    yield from start_bot(fake_slack, tmp_path / "empty.db")
