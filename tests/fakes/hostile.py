"""Generated hostile text: what a shared file can send to make extraction slow.

Each generator repeats one shape the rules look at (digits, number pairs, "from X to Y per
cent", brackets, URLs, acronyms, dates, names, lists, lines) until the text is `size`
characters, with a seeded random variation so one shape is not one string. The attack battery
of issue 8 found 7 KB of "1 1 1 …" took 11 s to ingest; these are that and its relatives.
"""

from __future__ import annotations

import random
from collections.abc import Callable

Generator = Callable[[random.Random], str]


def _digits(rng: random.Random) -> str:
    return "1 "


def _numbers(rng: random.Random) -> str:
    return f"{rng.randint(0, 999)}{rng.choice([' ', ', ', ' and ', ' of ', '.', ' per cent '])}"


def _number_pairs(rng: random.Random) -> str:
    return f"{rng.randint(1, 99)} of {rng.randint(100, 999)} "


def _changes(rng: random.Random) -> str:
    return f"from {rng.randint(1, 99)} to {rng.randint(1, 99)} percent "


def _percent(rng: random.Random) -> str:
    return rng.choice(["12 per cent of women ", "4.5% among ", "(30 per cent) ", "quota of 30% "])


def _parentheses(rng: random.Random) -> str:
    return rng.choice(["(", ")", "((", "(1", "(a, b and c", "(ABC, "])


def _acronyms(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(3))
    return f"Big {letters[:1]}ommittee ({letters}) "


def _url(rng: random.Random) -> str:
    return rng.choice(["a", "b/", "%2F", "1", "?x=", "-"]) if rng.random() > 0.001 else " https://"


def _dates(rng: random.Random) -> str:
    month = rng.choice(["May", "June", "mars", "September"])
    return rng.choice([f"{month} ", f"on {rng.randint(1, 28)} {month} 2027, ", "as of ", "since "])


def _names(rng: random.Random) -> str:
    return rng.choice(["The ", "National ", "Council ", "of ", "Mission ", "and ", "de "])


def _lists(rng: random.Random) -> str:
    return rng.choice(["following parties: ", "A, ", "B and ", "listed ", "signed by ", ": "])


def _words(rng: random.Random) -> str:
    return rng.choice(["women ", "were ", "members ", "reconvene ", "report ", "mandate "])


def _lines(rng: random.Random) -> str:
    return rng.choice(["word\n", "gender-\n", "1\n", "\n", "  Title\n", "• x\n", "# h\n"])


def _paragraph_lines(rng: random.Random) -> str:
    return rng.choice(["women and\n", "members of\n", "the gender-\n", "based\n"])


def _one_word(rng: random.Random) -> str:
    return "a"


def _sentences(rng: random.Random) -> str:
    return rng.choice(["1. ", "No. 2. ", "e.g. ", "Mr. ", "A. ", "x. Y "])


def _meetings(rng: random.Random) -> str:
    day, month = rng.randint(1, 28), rng.choice(["May", "June", "July", "March"])
    return f"The IEG met on {day} {month} {rng.randint(2020, 2030)}. "


def _events(rng: random.Random) -> str:
    word = rng.choice(["met", "visit", "elections", "briefing", "report", "reconvene in"])
    return f"{word} on {rng.randint(1, 28)} May {rng.randint(2020, 2030)}, "


def _visitors(rng: random.Random) -> str:
    return (
        rng.choice(["The ", "Council ", "Special ", "Envoy ", "A ", "B "])
        if rng.random() > 0.01
        else "visited Mali on 3 May 2027 "
    )


def _signed(rng: random.Random) -> str:
    return rng.choice(["The ", "Peace ", "Accord ", "was signed ", "by ", "A, ", "listed ", "X "])


def _french(rng: random.Random) -> str:
    return rng.choice(["Le nombre de ", "femmes ", "est passé de 12 ", "à ", "dont 5 % ", "la "])


def _colons(rng: random.Random) -> str:
    return rng.choice(["parties ", "members ", "a b c ", ": ", "A, B and C ", "following "])


GENERATORS: dict[str, Generator] = {
    "digits": _digits,
    "numbers": _numbers,
    "number pairs": _number_pairs,
    "changes": _changes,
    "percentages": _percent,
    "parentheses": _parentheses,
    "acronyms": _acronyms,
    "url": _url,
    "dates": _dates,
    "names": _names,
    "lists": _lists,
    "event words": _words,
    "short lines": _lines,
    "paragraph lines": _paragraph_lines,
    "one word": _one_word,
    "sentence ends": _sentences,
    "meetings": _meetings,
    "event dates": _events,
    "visitors": _visitors,
    "signatories": _signed,
    "french": _french,
    "colons": _colons,
}


def hostile_text(kind: str, size: int, seed: int = 0) -> str:
    """`size` characters of the hostile shape `kind` (one of GENERATORS)."""
    rng = random.Random(f"{kind}:{seed}")
    make = GENERATORS[kind]
    parts: list[str] = []
    length = 0
    while length < size:
        part = make(rng)
        parts.append(part)
        length += len(part)
    return "".join(parts)[:size]


def mixed_text(size: int, seed: int = 0) -> str:
    """Runs of every shape, one after another, in a seeded order."""
    rng = random.Random(f"mixed:{seed}")
    parts: list[str] = []
    length = 0
    while length < size:
        kind = rng.choice(sorted(GENERATORS))
        part = hostile_text(kind, rng.randint(200, 4000), rng.randint(0, 10**6))
        parts.append(part)
        length += len(part)
    return "".join(parts)[:size]
