"""Extraction: figures, shares, changes, quotas, lists and dated events from sentences."""

from __future__ import annotations

from store.extract.events import extract_events
from store.extract.facts import extract_facts
from store.models import DocContext, Event, Fact, Sentence


def extract(sentences: list[Sentence], ctx: DocContext) -> tuple[list[Fact], list[Event]]:
    """Every fact and event the document's sentences hold."""
    return extract_facts(sentences, ctx), extract_events(sentences, ctx)
