"""Figures: counts of a total, shares with their date, changes, plain counts, quotas, lists."""

from __future__ import annotations

from store.models import DocContext, Fact, Sentence


def extract_facts(sentences: list[Sentence], ctx: DocContext) -> list[Fact]:
    """Facts stated in the sentences."""
    return []
