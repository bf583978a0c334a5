"""Golden files: what extraction produces, whole, for every document the tests use.

For each document, `wpsbot facts --json` and `wpsbot events --json` on a database holding only
that document (loaded at NOW) are kept in tests/data/golden/NAME.facts.json and
NAME.events.json. tests/test_golden.py compares; a rule that changes extraction shows up as a
diff of these files, to review and commit with the rule:

    make golden      # regenerate them all (or: .venv/bin/python -m tests.golden)
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bot.cli import main
from store.db import Store
from store.ingest import ingest_raw
from store.readers import read_source

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "data" / "golden"
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)  # an undated document takes this as its date
KINDS = ("facts", "events")


def documents() -> list[Path]:
    """The bundled sample and every test document, each content once (tests/data/qa holds a
    copy of the Veloria sample)."""
    found = [
        REPO / "store" / "data" / "mali-ieg-2016.txt",
        *sorted((REPO / "tests" / "data").rglob("*.txt")),
    ]
    seen: set[str] = set()
    unique = []
    for path in found:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest not in seen:
            seen.add(digest)
            unique.append(path)
    return unique


def golden_path(document: Path, kind: str) -> Path:
    """Where a document's golden file of `kind` (facts or events) is kept."""
    return GOLDEN / f"{document.stem}.{kind}.json"


def extracted(document: Path) -> dict[str, str]:
    """{kind: what `wpsbot KIND --json` prints} on a fresh database holding only `document`."""
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "golden.db")
        store = Store(path)
        ingest_raw(store.db, read_source(str(document)), NOW)
        store.close()
        printed: dict[str, str] = {}
        for kind in KINDS:
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                code = main(["--db", path, kind, "--json"], env={})
            if code != 0:
                raise RuntimeError(f"wpsbot {kind} --json on {document.name} exited {code}")
            printed[kind] = out.getvalue()
        return printed


def regenerate() -> list[Path]:
    """Write every golden file again (and remove those of documents no longer used)."""
    GOLDEN.mkdir(parents=True, exist_ok=True)
    written = []
    for document in documents():
        for kind, text in extracted(document).items():
            target = golden_path(document, kind)
            target.write_text(text, "utf-8")
            written.append(target)
    for stale in set(GOLDEN.glob("*.json")) - set(written):
        stale.unlink()
    return written


if __name__ == "__main__":
    files = regenerate()
    print(f"wrote {len(files)} golden files in {GOLDEN.relative_to(REPO)}", file=sys.stderr)
