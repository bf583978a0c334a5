"""`wpsbot changes [COUNTRY] [--since DATE] [--json]` and `wpsbot series TEXT [--json]`."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from pathlib import Path

from bot.commands.common import fail, open_services, print_json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `wpsbot changes`."""
    parser.add_argument(
        "country", nargs="?", help="the country (default: every country with two updates)"
    )
    parser.add_argument(
        "--since",
        metavar="DATE",
        help="compare the latest update with the one dated on or before DATE (YYYY-MM-DD)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per country")


def add_series_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `wpsbot series`."""
    parser.add_argument("text", help="words of the figure, as for `wpsbot facts TEXT`")
    parser.add_argument("--json", action="store_true", help="print the series as JSON")
    parser.add_argument(
        "--png", metavar="FILE", help="also draw the chart Slack shows (two points or more)"
    )


def run(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Print what changed between the two latest updates of each country (or since DATE)."""
    from handlers.trend import change_lines, changes_counts, changes_heading
    from store import Changes, ChangesError

    documents = open_services(args, env, must_exist=True).documents
    loaded = documents.countries()
    if args.country:
        country = documents.resolve_country(args.country)
        if country is None:
            known = ", ".join(loaded) or "none"
            return fail(f"no update on “{args.country}” is loaded (countries loaded: {known})")
        wanted = [country]
    elif loaded:
        wanted = loaded
    else:
        return fail("no update names a country yet: load one first (wpsbot ingest FILE)")
    found: list[Changes] = []
    problems: list[str] = []
    for country in wanted:
        try:
            found.append(documents.changes(country, args.since))
        except ChangesError as exc:
            problems.append(str(exc))
    if not found or (args.since and problems):
        # One clear line per problem; with --since a bad date is the same for every country.
        for problem in dict.fromkeys(problems):
            fail(problem)
        return 1
    for problem in problems:  # other countries compared fine: say why these are not
        fail(problem)
    for number, changes in enumerate(found):
        if args.json:
            print(json.dumps(changes.to_json(), ensure_ascii=False))
            continue
        if number:
            print()
        print(changes_heading(changes))
        print(changes_counts(changes))
        for line in change_lines(changes, limit=10_000):
            print(f"  {line}")
    return 0


def run_series(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Print the longest series among the figures that mention TEXT."""
    from handlers.trend import series_lines, series_title

    documents = open_services(args, env, must_exist=True).documents
    series = documents.series(args.text.strip()[:200]) if args.text.strip() else None
    if series is None:
        return fail(f"no figure mentions “{args.text}” (try `wpsbot facts` for what is loaded)")
    if args.png:
        if len(series.points) < 2:
            return fail("one update gives this figure: no chart for a single point")
        from handlers.charts import series_png  # matplotlib loads only here

        try:
            Path(args.png).write_bytes(series_png(series))
        except OSError as exc:
            return fail(f"{args.png}: cannot be written ({exc.strerror})")
    if args.json:
        print_json(series.to_json())
        return 0
    updates = len(series.points)
    print(f"{series_title(series)} — {updates} update{'s' if updates != 1 else ''}")
    for line in series_lines(series):
        print(f"  {line}")
    return 0
