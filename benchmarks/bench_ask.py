"""Answer latency on a generated corpus of 1,000 documents, in process and as a one-shot CLI.

    .venv/bin/python benchmarks/bench_ask.py [--count N] [--rounds R]

Prints p50/p99 milliseconds per question in process (targets: 2 ms and 10 ms), and the wall
time of one `wpsbot ask` process (target: 0.5 s).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import generate
from store.answer import answer_question
from store.answering.index import optimize
from store.db import Store
from store.ingest import ingest_raw
from store.readers import read_bytes

QUESTIONS = [
    "women on the CSA?",
    "How many of the Truth and Reconciliation Commission's members are women?",
    "share of female peacekeepers",
    "UN volunteers: share of women?",
    "How many victims have been heard by the magistrates in Bamako?",
    "When does the IEG reconvene?",
    "When did the Council adopt resolution 2295?",
    "Which parties were listed for CRSV?",
    "What is the quota for women in national institutions?",
    "How many women judges are there?",
    "How many women police officers serve in the mission?",
    "wmoen on the CSA",
]


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    """Build the corpus, then time questions in process and through the CLI."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        store = Store(path)
        now = datetime.now(UTC)
        started = time.perf_counter()
        for name, text in generate(args.count):
            ingest_raw(store.db, read_bytes(text.encode(), name, f"bench/{name}"), now)
        optimize(store.db)  # as `wpsbot ingest` does after a batch
        print(f"corpus: {args.count} documents loaded in {time.perf_counter() - started:.1f} s")
        answer_question(store.db, QUESTIONS[0], now)  # first call builds the lexicon cache
        timings: list[float] = []
        for _ in range(args.rounds):
            for question in QUESTIONS:
                begin = time.perf_counter()
                answer_question(store.db, question, now)
                timings.append((time.perf_counter() - begin) * 1000)
        print(
            f"in process: {len(timings)} questions, p50 {percentile(timings, 0.5):.2f} ms, "
            f"p99 {percentile(timings, 0.99):.2f} ms, mean {statistics.mean(timings):.2f} ms"
        )
        wpsbot = Path(sys.executable).with_name("wpsbot")
        walls: list[float] = []
        for question in QUESTIONS[:5]:
            begin = time.perf_counter()
            subprocess.run(
                [str(wpsbot), "--db", str(path), "ask", question],
                check=True,
                capture_output=True,
            )
            walls.append(time.perf_counter() - begin)
        print(
            f"one-shot `wpsbot ask`: median {statistics.median(walls):.2f} s, "
            f"max {max(walls):.2f} s over {len(walls)} runs"
        )


if __name__ == "__main__":
    main()
