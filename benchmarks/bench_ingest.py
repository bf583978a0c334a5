"""Ingest throughput: 1,000 generated documents the size of the sample, into a fresh database.

    .venv/bin/python benchmarks/bench_ingest.py [--count N]

Prints documents per second (target: at least 100).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import generate
from store.db import Store
from store.ingest import ingest_many
from store.readers import read_bytes


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    documents = generate(args.count)
    size = sum(len(text.encode()) for _, text in documents) / len(documents)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.db")
        now = datetime.now(UTC)
        raws = [read_bytes(text.encode(), name, f"bench/{name}") for name, text in documents]
        started = time.perf_counter()
        facts = sum(result.facts for result in ingest_many(store.db, raws, now))
        elapsed = time.perf_counter() - started
    print(f"documents: {len(documents)} (average {size / 1024:.1f} KB)")
    print(f"facts extracted: {facts}")
    print(f"elapsed: {elapsed:.2f} s")
    print(f"throughput: {len(documents) / elapsed:.0f} documents/s")


if __name__ == "__main__":
    main()
