"""Shared fixtures: the sample documents and fresh databases."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.db import Store

REPO = Path(__file__).resolve().parent.parent
MALI = REPO / "store" / "data" / "mali-ieg-2016.txt"  # the bundled sample
VELORIA = REPO / "tests" / "data" / "veloria-sample-2027.txt"  # copy of ../shared/corpus


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A fresh database file."""
    return Store(tmp_path / "test.db")
