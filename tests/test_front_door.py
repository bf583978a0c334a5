"""The store's front door: what `store` exports (pinned), that the edges use it and never a
Database, and that its answer cache is its own, bounded and per database state."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import store
from store import Services
from store.answer import KnowledgeCache, answer_question
from store.db import Store
from store.ingest import ingest_raw
from store.readers import read_source
from tests.conftest import MALI, REPO, VELORIA
from tests.test_layers import imported_modules

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)

SURFACE = [
    "Answer", "Answers", "Changes", "ChangesError", "Deadline", "DeadlineError", "Deadlines",
    "Digest", "Digests", "Documents", "Feedback", "FetchPolicy", "IngestError", "IngestResult",
    "Once", "RawDocument", "Reminder", "Series", "SeriesPoint", "Services", "Shown", "Views",
    "describe_days_left", "describe_distance", "describe_due", "is_url", "reminder_text",
]  # fmt: skip


def test_the_surface_is_pinned_and_every_name_resolves() -> None:
    assert store.__all__ == SURFACE
    assert all(getattr(store, name) is not None for name in store.__all__)


def test_importing_the_store_loads_nothing_it_does_not_use() -> None:
    probe = "import sys, store.db; print(sorted(m for m in sys.modules if m.startswith('store')))"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert "store.services" not in done.stdout and "store.ingest" not in done.stdout


# The edges reach the database only through Services: no sqlite handle, no store.db, and
# neither the modules that write documents and deadlines nor those that query them.
EDGE_FORBIDDEN = (
    "sqlite_utils", "sqlite3", "store.db", "store.ingest", "store.readers", "store.queries",
    "store.state", "store.calendar", "store.digests",
)  # fmt: skip


def test_handlers_and_the_console_never_touch_a_database() -> None:
    edges = [*sorted((REPO / "handlers").rglob("*.py")), REPO / "bot" / "console.py"]
    found = [
        f"{path.relative_to(REPO)} imports {module}"
        for path in edges
        for module in sorted(imported_modules(path.read_text("utf-8")))
        if module in EDGE_FORBIDDEN or module.startswith("sqlite_utils.")
    ]
    assert found == []


def test_the_answer_cache_belongs_to_its_front_door_and_follows_the_database(
    tmp_path: Path,
) -> None:
    one = Store(tmp_path / "one.db")
    ingest_raw(one.db, read_source(str(MALI)), NOW)
    services = Services(one)
    first = services.answers.ask("women on the CSA?", NOW)
    # The same question, the same answer as the core gives without the front door.
    assert first == answer_question(one.db, "women on the CSA?", NOW)
    cache = KnowledgeCache(size=2)
    answer_question(one.db, "women on the CSA?", NOW, cache=cache)
    before = set(cache.entries)
    ingest_raw(one.db, read_source(str(VELORIA)), NOW)  # a new state of the same file
    answer_question(one.db, "women on the CSA?", NOW, cache=cache)
    assert len(cache.entries) == 2 and set(cache.entries) != before
    for name in ("a", "b"):
        answer_question(Store(tmp_path / f"{name}.db").db, "women?", NOW, cache=cache)
    assert len(cache.entries) == 2  # bounded: the oldest states went
    assert not any(str(tmp_path / "one.db") in map(str, key) for key in cache.entries)
