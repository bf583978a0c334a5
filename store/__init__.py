"""The Slack-free core of wpsbot: storage, ingestion, extraction, answering, deadline rules.

Its front door is `Services` (store/services.py): what the edges — the Slack handlers, the
console, the CLI — call, never a `Database`. This package exports that surface and the values
it hands out (answers, deadlines, reminders, changes, series, documents read), listed in
`__all__` (tests/test_front_door.py pins it). Each name is imported on first use, so that
`import store.db` or `wpsbot ask` does not load ingestion and extraction.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

# sqlite-utils imports numpy when it can, only to map numpy scalar types to column types, and
# numpy is installed here (matplotlib needs it for charts): a tenth of a second or more of
# every `wpsbot ask`, for values this project never stores. Hide numpy while sqlite-utils is
# first imported; whatever imports numpy later (a chart) gets it as usual.
if "sqlite_utils" not in sys.modules and "numpy" not in sys.modules:
    sys.modules["numpy"] = None  # type: ignore[assignment]  # import numpy -> ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del sys.modules["numpy"]

# name -> the module that defines it
_EXPORTS = {
    "Services": "store.services",
    "Answers": "store.services",
    "Documents": "store.services",
    "Deadlines": "store.services",
    "Digests": "store.services",
    "Feedback": "store.services",
    "Once": "store.services",
    "Views": "store.services",
    "Shown": "store.services",
    "Answer": "store.answer",
    "Changes": "store.changes",
    "ChangesError": "store.changes",
    "Deadline": "store.deadlines",
    "DeadlineError": "store.deadlines",
    "Reminder": "store.deadlines",
    "describe_days_left": "store.deadlines",
    "describe_distance": "store.deadlines",
    "describe_due": "store.deadlines",
    "reminder_text": "store.deadlines",
    "Digest": "store.digests",
    "FetchPolicy": "store.fetch",
    "IngestError": "store.readers",
    "IngestResult": "store.ingest",
    "RawDocument": "store.readers",
    "is_url": "store.readers",
    "Series": "store.series",
    "SeriesPoint": "store.series",
}

__all__ = [
    "Answer",
    "Answers",
    "Changes",
    "ChangesError",
    "Deadline",
    "DeadlineError",
    "Deadlines",
    "Digest",
    "Digests",
    "Documents",
    "Feedback",
    "FetchPolicy",
    "IngestError",
    "IngestResult",
    "Once",
    "RawDocument",
    "Reminder",
    "Series",
    "SeriesPoint",
    "Services",
    "Shown",
    "Views",
    "describe_days_left",
    "describe_distance",
    "describe_due",
    "is_url",
    "reminder_text",
]

if TYPE_CHECKING:
    from store.answer import Answer
    from store.changes import Changes, ChangesError
    from store.deadlines import (
        Deadline,
        DeadlineError,
        Reminder,
        describe_days_left,
        describe_distance,
        describe_due,
        reminder_text,
    )
    from store.digests import Digest
    from store.fetch import FetchPolicy
    from store.ingest import IngestResult
    from store.readers import IngestError, RawDocument, is_url
    from store.series import Series, SeriesPoint
    from store.services import (
        Answers,
        Deadlines,
        Digests,
        Documents,
        Feedback,
        Once,
        Services,
        Shown,
        Views,
    )


def __getattr__(name: str) -> Any:
    """Import an exported name on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'store' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
