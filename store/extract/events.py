"""Dated events: meetings, reports, resolutions, elections, relative dates and cadences."""

from __future__ import annotations

from store.models import DocContext, Event, Sentence


def extract_events(sentences: list[Sentence], ctx: DocContext) -> list[Event]:
    """Events named in the sentences, with dates resolved against the document's context."""
    return []
