"""Ack latency of the Slack app under bursts of 50 concurrent signed /wps commands over HTTP.

    .venv/bin/python benchmarks/bench_ack.py [--burst 50] [--rounds 5]

Starts the real app (create_app + the threaded HTTP server of `wpsbot serve`) on 127.0.0.1,
talking to the local fake Slack Web API, on a database holding the bundled sample. Each
round sends `--burst` commands at once (a mix of questions, facts, help and deadlines) and
measures the time from sending each request to its HTTP 200 (the ack Slack waits at most 3 s
for), and the time until every answer reached the fake Slack. Prints p50/p99/max.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import create_app, make_client
from bot.server import http_app
from bot.settings import Settings
from bot.web import start_http
from store import Services
from store.db import Store
from store.ingest import ingest_raw
from store.readers import read_source
from tests.fakes.signing import SIGNING_SECRET, SlackSender
from tests.fakes.slack_api import BOT_TOKEN, FakeSlack

SAMPLE = Path(__file__).resolve().parent.parent / "store" / "data" / "mali-ieg-2016.txt"
TEXTS = [
    "women on the CSA?",
    "When will the IEG reconvene?",
    "Which parties were listed for CRSV?",
    "share of female peacekeepers",
    "facts women",
    "help",
    "deadlines",
    '"NEAR( AND *',
]


def percentile(values: list[float], pct: float) -> float:
    """The pct-th percentile (nearest rank)."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def main() -> int:
    """Run the bursts and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--burst", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake:
        store = Store(Path(tmp) / "bench.db")
        ingest_raw(store.db, read_source(str(SAMPLE)), datetime.now(UTC))
        settings = Settings(
            db_path=str(Path(tmp) / "bench.db"),
            bot_token=BOT_TOKEN,
            signing_secret=SIGNING_SECRET,
            slack_api_url=fake.api_url,
        )
        app = create_app(settings, Services(store), make_client(settings))
        server, _ = start_http(
            http_app(app, Services(store), settings.signing_secret), "127.0.0.1", 0
        )
        base = f"http://127.0.0.1:{server.server_address[1]}"
        senders = threading.local()

        def send(i: int) -> float:
            sender = getattr(senders, "sender", None)
            if sender is None:
                sender = senders.sender = SlackSender(base)
            started = time.perf_counter()
            response = sender.command(
                TEXTS[i % len(TEXTS)],
                user_id=f"U{i:05d}",
                response_url=fake.response_url(f"r{i}"),
            )
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise SystemExit(f"command {i} got HTTP {response.status_code}")
            return elapsed

        acks: list[float] = []
        completions: list[float] = []
        with ThreadPoolExecutor(args.burst) as pool:
            list(pool.map(send, range(args.burst)))  # warm-up round, not counted
            fake.wait_for("response_url", args.burst, timeout=120)
            for round_no in range(args.rounds):
                fake.reset()
                started = time.perf_counter()
                first = round_no * args.burst
                acks += pool.map(send, range(first, first + args.burst))
                fake.wait_for("response_url", args.burst, timeout=120)
                completions.append(time.perf_counter() - started)
        server.shutdown()
        server.server_close()

    ms = [a * 1000 for a in acks]
    print(
        f"ack under {args.burst} concurrent /wps commands ({args.rounds} rounds, "
        f"{len(ms)} commands): p50 {percentile(ms, 50):.0f} ms, p99 {percentile(ms, 99):.0f} ms, "
        f"max {max(ms):.0f} ms (Slack's limit: 3000 ms)"
    )
    print(
        f"all {args.burst} answers delivered in: median {statistics.median(completions):.2f} s, "
        f"max {max(completions):.2f} s per burst"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
