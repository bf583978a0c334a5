"""Scale: a generated Security Council library of 1,000, 10,000 and 30,000 documents.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 1000,10000,30000] [--rounds 10]
        [--keep DIR] [--reuse DIR] [--batch 500]

One database grows through the sizes (the corpus of 1,000 is the first 1,000 of the corpus of
30,000: benchmarks/scale_corpus.py), loaded in batches the way `wpsbot ingest` loads them
(ingest_many: prepared in worker processes, stored one transaction per document). At each size
it prints:

- ingest: documents per second over the first batch and over the batch that reached the size
  (what loading the 30,000th document costs), and the time of the index merge after it;
- the database file's size;
- p50 / p99 / max milliseconds per question in process, over a fixed mix of questions (found,
  refused, naming no country, with typos, in French), each asked `--rounds` times (the first
  asking of each included: it fills the per-database caches);
- the wall time of one `wpsbot ask` process (median of 5);
- the peak RSS of `wpsbot serve` (HTTP mode against the local fake Slack) after it answered
  every question of the mix once as a signed /wps command, from /proc (VmHWM);
- which answers differ from those at the smallest size.

With --keep DIR the database of each size is kept as DIR/scale-N.db; with --reuse DIR those
are read instead of loading (answers, CLI and serve only). Not part of CI: `make bench-scale`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scale_corpus import document
from handlers.answer_text import answer_json
from store.answer import answer_question
from store.answering.index import optimize
from store.db import Store
from store.ingest import ingest_many
from store.readers import read_bytes
from tests.fakes.serve_process import ServeProcess, serve_env
from tests.fakes.signing import SIGNING_SECRET, SlackSender
from tests.fakes.slack_api import BOT_TOKEN, FakeSlack

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # answers depend on today; keep it fixed
# The mix: (kind, question). Documents 1 and 2 (resolution 3002, S/2026/101) are in every size.
QUESTIONS = [
    ("found", "How many women sit in the National Assembly of South Sudan?"),
    ("found", "How many women sit in the National Assembly of Sudan?"),
    ("found", "What is the quota for women on candidate lists in Niger?"),
    ("found", "When will the IEG meet again on Mali?"),
    ("found", "share of women in the military component of the mission in Haiti?"),
    ("found", "How many women judges are there in Guinea-Bissau?"),
    ("found", "Which parties are listed in the annex for Chad?"),
    ("no country", "When did the Council adopt resolution 3002?"),
    ("no country", "What is the date of S/2026/101?"),
    ("no country", "share of female peacekeepers"),
    ("no country", "How many Women Protection Advisers does the mission have?"),
    ("refused", "What is the capital of France?"),
    ("refused", "How many women sit in the parliament of Atlantis?"),
    ("refused", "How many astronauts are women?"),
    ("typos", "wmoen in the Natinal Assembly of South Sudan"),
    ("typos", "quota for wommen in Nigerr"),
    ("French", "Combien de femmes siègent à l'Assemblée nationale du Soudan du Sud ?"),
]


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def load(store: Store, start: int, stop: int, batch: int) -> list[tuple[int, float]]:
    """Load documents start .. stop - 1; (documents, seconds) of each batch."""
    rates: list[tuple[int, float]] = []
    for first in range(start, stop, batch):
        last = min(stop, first + batch)
        raws = []
        for i in range(first, last):
            name, text = document(i)
            raws.append(read_bytes(text.encode(), name, f"scale/{name}"))
        began = time.perf_counter()
        for _ in ingest_many(store.db, raws, NOW):
            pass
        rates.append((last - first, time.perf_counter() - began))
        print(f"  loaded {last:6d}: {rates[-1][0] / rates[-1][1]:6.1f} docs/s", flush=True)
    return rates


def in_process(path: Path, rounds: int) -> tuple[list[float], dict[str, list[float]], list[str]]:
    """Every question `rounds` times: all timings (ms), per question, and the answers."""
    store = Store(path)
    db = store.db
    per: dict[str, list[float]] = {q: [] for _, q in QUESTIONS}
    answers = []
    for round_no in range(rounds):
        for _, question in QUESTIONS:
            began = time.perf_counter()
            answer = answer_question(db, question, NOW)
            per[question].append((time.perf_counter() - began) * 1000)
            if round_no == 0:
                answers.append(json.dumps(answer_json(answer), ensure_ascii=False))
    store.close()
    return [t for ts in per.values() for t in ts], per, answers


def one_shot(path: Path, runs: int = 5) -> float:
    """Median wall seconds of `wpsbot ask` as a process of its own."""
    wpsbot = Path(sys.executable).with_name("wpsbot")
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # this checkout's code, installed or not
    walls = []
    for i in range(runs):
        question = QUESTIONS[i % len(QUESTIONS)][1]
        began = time.perf_counter()
        subprocess.run(
            [str(wpsbot), "--db", str(path), "ask", question],
            check=True,
            capture_output=True,
            env=env,
        )
        walls.append(time.perf_counter() - began)
    return statistics.median(walls)


def peak_rss_mb(pid: int) -> float:
    """The peak resident set size of a process (VmHWM), in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) / 1024 if found else float("nan")


def serve_rss(path: Path) -> float:
    """Peak RSS of `wpsbot serve` on the database after it answered the mix over HTTP."""
    with FakeSlack() as fake, tempfile.TemporaryDirectory() as folder:
        env = serve_env(
            WPSBOT_DB=str(path),
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=fake.api_url,
            PORT="0",
        )
        serve = ServeProcess(env, Path(folder), ready="listening on")
        try:
            serve.wait_ready(timeout=120)
            base = serve.line_with("listening on").split("listening on ")[1].strip()
            sender = SlackSender(base.removesuffix("/slack/events"))
            for i, (_, question) in enumerate(QUESTIONS):
                response = sender.command(question, response_url=fake.response_url(f"q{i}"))
                assert response.status_code == 200, response.text
            fake.wait_for("response_url", len(QUESTIONS), timeout=300)
            sender.close()
            return peak_rss_mb(serve.proc.pid)
        finally:
            serve.stop()


@contextmanager
def database(reuse: Path | None) -> Iterator[Path]:
    """Where the growing database lives."""
    if reuse is not None:
        yield reuse
        return
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def main() -> int:
    """Grow the database through the sizes; measure at each."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,30000")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--keep", type=Path, help="keep each size's database in this folder")
    parser.add_argument("--reuse", type=Path, help="measure the databases kept by --keep")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve RSS figure")
    parser.add_argument("--answers", type=Path, help="write every size's answers (JSON) here")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows: list[str] = []
    first_answers: list[str] | None = None
    with database(args.reuse) as folder:
        path = folder / "scale.db"
        loaded = 0
        for size in sizes:
            ingest = "-"
            if args.reuse is not None:
                path = folder / f"scale-{size}.db"
            else:
                print(f"loading documents {loaded} .. {size - 1}", flush=True)
                store = Store(path)
                rates = load(store, loaded, size, args.batch)
                began = time.perf_counter()
                optimize(store.db)
                merged = time.perf_counter() - began
                store.close()
                total = sum(n for n, _ in rates) / sum(s for _, s in rates)
                last = rates[-1][0] / rates[-1][1]
                ingest = f"{total:.0f} (last batch {last:.0f}; merge {merged:.1f} s)"
                loaded = size
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    shutil.copy(path, args.keep / f"scale-{size}.db")
            megabytes = os.path.getsize(path) / 1e6
            timings, per, answers = in_process(path, args.rounds)
            for question, ts in per.items():
                print(f"  {statistics.median(ts):7.2f} ms median, {max(ts):7.2f} max  {question}")
            if args.answers:
                with args.answers.open("a", encoding="utf-8") as out:
                    out.writelines(f"{size}\t{answer}\n" for answer in answers)
            if first_answers is None:
                first_answers = answers
            changed = [
                QUESTIONS[i][1]
                for i, (a, b) in enumerate(zip(first_answers, answers, strict=True))
                if a != b
            ]
            for question in changed:
                print(f"  answer differs from the smallest size: {question}")
            shot = one_shot(path)
            rss = "-" if args.no_serve else f"{serve_rss(path):.0f} MB"
            rows.append(
                f"| {size:,} | {ingest} | {megabytes:,.0f} MB | {percentile(timings, 0.5):.1f} / "
                f"{percentile(timings, 0.99):.1f} / {max(timings):.1f} ms | {shot:.2f} s | {rss} "
                f"| {len(QUESTIONS) - len(changed)}/{len(QUESTIONS)} |"
            )
            print(rows[-1], flush=True)
    print()
    print(
        "| documents | ingest docs/s | database | ask p50 / p99 / max | one-shot ask | serve RSS "
        "| answers as at the smallest size |"
    )
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
