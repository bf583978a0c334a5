"""Generate situation updates like the bundled sample, each with its own country and figures."""

from __future__ import annotations

import random
import re
from importlib import resources

_NAMES = ["Aurelia", "Borvania", "Caldoria", "Dunmark", "Estravia", "Fennland", "Galdor"]


def sample_text() -> str:
    """The bundled sample document."""
    return resources.files("store").joinpath("data/mali-ieg-2016.txt").read_text("utf-8")


def generate(count: int, seed: int = 7) -> list[tuple[str, str]]:
    """`count` (file name, text) pairs: the sample with the country and every figure changed."""
    rng = random.Random(seed)
    base = sample_text()
    documents: list[tuple[str, str]] = []
    for i in range(count):
        country = f"{rng.choice(_NAMES)}{i:04d}"

        def figure(match: re.Match[str]) -> str:
            value = match.group(0)
            if len(value) == 4 and value.startswith(("19", "20")):
                return value  # keep years, so dates stay dates
            return str(rng.randint(1, 120))

        text = re.sub(r"\b\d+(?:\.\d+)?\b", figure, base.replace("Mali", country))
        documents.append((f"update-{i:04d}.txt", text))
    return documents
