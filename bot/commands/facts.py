"""`wpsbot facts [TEXT] [--json]`, `wpsbot events [--json]` and `wpsbot documents [--json]`:
what was loaded and extracted."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from bot.commands.common import open_services, print_json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `wpsbot facts`."""
    parser.add_argument("text", nargs="?", help="only facts whose sentence mentions TEXT")
    parser.add_argument("--json", action="store_true", help="print a JSON array")


def add_event_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `wpsbot events`."""
    parser.add_argument("--json", action="store_true", help="print a JSON array")


def describe_fact(fact: dict[str, Any]) -> str:
    """One line: the figure as a sentence, with its date (the quote and document follow)."""
    from handlers.words import fact_line

    return fact_line(fact, document=False)


def run(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Print facts."""
    documents = open_services(args, env, must_exist=True).documents
    facts = documents.facts(args.text, words=not args.json)
    if args.json:
        print_json(facts)
        return 0
    if not facts:
        print("No facts found." + (" Try a shorter TEXT." if args.text else " Load a document."))
    for fact in facts:
        print(describe_fact(fact))
        print(f"    “{fact['quote']}” — {fact['document']}, {fact['section'] or 'opening'}")
    return 0


def run_events(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Print events."""
    events = open_services(args, env, must_exist=True).documents.events()
    if args.json:
        print_json(events)
        return 0
    if not events:
        print("No dated events found. Load a document first.")
    for event in events:
        approx = "≈ " if event["approximate"] else ""
        print(f"{approx}{event['date'] or '(no date)'}  [{event['kind']}] {event['title']}")
        print(f"    “{event['quote']}” — {event['document']}")
    return 0


def add_document_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `wpsbot documents`."""
    parser.add_argument("--json", action="store_true", help="print a JSON array")


def run_documents(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Print the current documents, latest document date first, with where each date came from."""
    from handlers.trend import document_date_text
    from handlers.words import count

    documents = open_services(args, env, must_exist=True).documents.loaded()
    if args.json:
        print_json(documents)
        return 0
    if not documents:
        print("No documents loaded yet.")
    for doc in documents:
        country = f"{doc['country']}, " if doc["country"] else ""
        date = document_date_text(doc["date"], doc["date_source"])
        counts = f"{count(doc['facts'], 'fact')}, {count(doc['events'], 'event')}"
        print(f"{doc['title']} ({country}{date}) — {counts}")
    return 0
