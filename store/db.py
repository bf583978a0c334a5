"""The SQLite database: schema migrations, one connection per thread, WAL."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

DEFAULT_DB_PATH = "wpsbot.db"
BUSY_TIMEOUT_MS = 10_000

migrations = Migrations("wpsbot")


@migrations()
def m001_core(db: Database) -> None:
    """Documents, passages (with FTS5), facts, events and aliases."""
    db.table("documents").create(
        {
            "id": int,
            "source": str,  # absolute path or URL the document was loaded from
            "title": str,
            "sha256": str,
            "country": str,
            "doc_date": str,  # the document's own date, ISO 8601
            "ingested_at": str,
            "is_current": int,  # 0 once a newer version of the same source replaced it
            "replaced_at": str,
            "size_bytes": int,
            "text": str,  # the cleaned text that every offset points into
        },
        pk="id",
        not_null={"source", "title", "sha256", "ingested_at", "is_current", "text"},
        defaults={"is_current": 1},
    )
    db.table("documents").create_index(["source"])
    db.table("documents").create_index(["sha256"])
    db.table("passages").create(
        {
            "id": int,
            "document_id": int,
            "position": int,
            "section": str,
            "sentence": str,
            "start_offset": int,
            "end_offset": int,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db.table("passages").create_index(["document_id"])
    db.table("passages").enable_fts(
        ["sentence", "section"], create_triggers=True, tokenize="unicode61 remove_diacritics 2"
    )
    common = {
        "document_id": int,
        "passage_id": int,
        "section": str,
        "quote": str,
        "start_offset": int,
        "end_offset": int,
    }
    db.table("facts").create(
        {
            "id": int,
            "kind": str,
            "subject": str,
            "measure": str,
            "value": float,
            "total": float,
            "unit": str,
            "as_of": str,
            "previous_value": float,
            "previous_as_of": str,
            "qualifier": str,
            "items": str,  # JSON array, for lists
            **common,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("passage_id", "passages", "id")],
    )
    db.table("facts").create_index(["document_id"])
    db.table("events").create(
        {
            "id": int,
            "kind": str,
            "title": str,
            "date": str,
            "precision": str,
            "approximate": int,
            "anchor_date": str,
            "cadence": str,
            "symbol": str,
            **common,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("passage_id", "passages", "id")],
    )
    db.table("events").create_index(["document_id"])
    db.table("aliases").create(
        {
            "id": int,
            "alias": str,  # the acronym or short form as written
            "expansion": str,
            "lang": str,
            "source": str,  # "glossary" or "document"
            "document_id": int,
        },
        pk="id",
    )
    db.table("aliases").create_index(["alias"])
    # Views so that a person browsing with Datasette sees only what answers use.
    db.execute(
        "CREATE VIEW current_facts AS SELECT facts.*, documents.title AS document "
        "FROM facts JOIN documents ON documents.id = facts.document_id "
        "WHERE documents.is_current = 1"
    )
    db.execute(
        "CREATE VIEW current_events AS SELECT events.*, documents.title AS document "
        "FROM events JOIN documents ON documents.id = events.document_id "
        "WHERE documents.is_current = 1"
    )


def resolve_db_path(cli_value: str | None, env: dict[str, str] | os._Environ[str]) -> str:
    """--db wins over WPSBOT_DB, which wins over the default ./wpsbot.db."""
    return cli_value or env.get("WPSBOT_DB") or DEFAULT_DB_PATH


def connect(path: str | Path) -> Database:
    """Open (and migrate) a database; the connection belongs to the calling thread."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    db = Database(conn)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        db.enable_wal()
    _migrate(db)
    return db


_migrate_lock = threading.Lock()


def _migrate(db: Database) -> None:
    with _migrate_lock:
        if not migrations.pending(db):
            return
        try:
            migrations.apply(db)
        except sqlite3.OperationalError:
            # Another process created the schema between our check and our apply: each
            # migration runs in its own transaction, so theirs won and ours rolled back.
            if migrations.pending(db):
                raise


class Store:
    """Hands each thread its own connection to one database file."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._local = threading.local()
        self.db  # create and migrate eagerly so errors surface at start-up

    @property
    def db(self) -> Database:
        """This thread's connection, opened on first use."""
        db: Database | None = getattr(self._local, "db", None)
        if db is None:
            db = connect(self.path)
            self._local.db = db
        return db

    def close(self) -> None:
        """Close this thread's connection."""
        db: Database | None = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
