"""Fixtures for the core's tests: the local fake server (tests/fakes) serves URL fetches."""

from tests.fakes.fixtures import fake_slack

__all__ = ["fake_slack"]
