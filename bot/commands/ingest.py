"""`wpsbot ingest PATH_OR_URL...`: load situation updates."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping

from bot.commands.common import fail, open_services, utcnow
from bot.progress import Progress
from handlers.words import count


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `wpsbot ingest`."""
    parser.add_argument("sources", nargs="+", metavar="PATH_OR_URL")


def run(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Read every source first; if any is bad, report all and change nothing."""
    # Imported here: extraction rules and httpx are slow to import, and `wpsbot ask` must not
    # pay for them.
    from bot.settings import Settings, SettingsError, load_env
    from store import Documents, IngestError, RawDocument

    try:
        settings = Settings.from_env(load_env(env), db=args.db, slack=False)
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    raws: list[RawDocument] = []
    errors: list[str] = []
    for source in args.sources:
        try:
            raws.append(Documents.read(source, settings.fetch_policy))
        except IngestError as exc:
            errors.append(str(exc))
    if errors:
        for error in errors:
            fail(error)
        return 1
    documents = open_services(args, env).documents
    progress = Progress(len(raws), sys.stdout, sys.stderr)
    added = 0
    try:
        for result in documents.ingest_many(raws, utcnow()):
            added += result.status != "unchanged"
            if result.status == "unchanged":
                line = f"{result.title}: unchanged, already loaded"
            else:
                line = (
                    f"{result.title}: {result.status} — {count(result.facts, 'fact')}, "
                    f"{count(result.events, 'event')}, {count(result.passages, 'sentence')}"
                )
            progress.advance(result.title, line)
    except IngestError as exc:
        progress.close()
        return fail(str(exc))
    progress.close()
    documents.optimize(added)
    return 0
