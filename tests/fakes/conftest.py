"""Fixtures for Slack-facing tests: the fake Slack Web API (tests/fakes)."""

from tests.fakes.fixtures import fake_slack

__all__ = ["fake_slack"]
