"""Pytest fixtures for the fake Slack Web API (imported by tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.slack_api import FakeSlack


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    """A running fake of Slack's Web API on 127.0.0.1; stopped after the test."""
    fake = FakeSlack().start()
    try:
        yield fake
    finally:
        fake.stop()
