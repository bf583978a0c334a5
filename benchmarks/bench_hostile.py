"""Extraction on hostile text: the worst time per 10 KB over every generated shape and size.

    .venv/bin/python benchmarks/bench_hostile.py [--sizes 10,100,500]

Each shape of tests/fakes/hostile.py (runs of digits, number pairs, "from X to Y per cent",
brackets, a 100 KB URL, acronyms, dates, …) is cleaned and extracted (store.ingest.prepare,
CPU time, best of two) at each size in KB. Prints ms per 10 KB for each, then the worst.
Target: at most 50 ms per 10 KB of any text, the same at 500 KB as at 10 KB.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store.ingest import prepare
from store.readers import IngestError, RawDocument
from tests.fakes.hostile import GENERATORS, hostile_text, mixed_text


def seconds(text: str, repeats: int = 2) -> float:
    """CPU seconds to prepare `text` as a document (best of `repeats`)."""
    raw = RawDocument("bench", "bench.txt", text, hashlib.sha256(text.encode()).hexdigest(), 1)
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        # A URL alone holds no sentence: refused, after the same work.
        with contextlib.suppress(IngestError):
            prepare(raw)
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,100,500", help="sizes in KB, comma-separated")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    seconds(mixed_text(20_000))  # compile the patterns before timing anything
    print(f"{'shape':18s}" + "".join(f"{f'{size} KB':>12s}" for size in sizes) + "   (ms/10 KB)")
    worst = (0.0, "", 0)
    for kind in [*sorted(GENERATORS), "mixed"]:
        row = []
        for size in sizes:
            text = mixed_text(size * 1000) if kind == "mixed" else hostile_text(kind, size * 1000)
            per_10kb = seconds(text) * 1000 / size * 10
            row.append(per_10kb)
            worst = max(worst, (per_10kb, kind, size))
        print(f"{kind:18s}" + "".join(f"{value:12.1f}" for value in row), flush=True)
    print(f"worst: {worst[0]:.1f} ms per 10 KB ({worst[1]}, {worst[2]} KB); target ≤ 50")


if __name__ == "__main__":
    main()
