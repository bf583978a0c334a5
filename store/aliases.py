"""Acronyms and their long forms: the shipped glossary and what each document defines."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from store.models import Sentence


@dataclass(frozen=True)
class Alias:
    """An acronym or short form and one long form it stands for."""

    alias: str
    expansion: str
    lang: str  # en | fr | doc


@lru_cache(maxsize=1)
def topic_acronyms() -> frozenset[str]:
    """Glossary acronyms that name a subject (CRSV, DDR) rather than a body or a mission."""
    entries = json.loads(resources.files("store").joinpath("data/glossary.json").read_text("utf-8"))
    return frozenset(entry["acronym"] for entry in entries if entry.get("topic"))


@lru_cache(maxsize=1)
def glossary() -> tuple[Alias, ...]:
    """The reviewed WPS glossary shipped in store/data/glossary.json."""
    entries = json.loads(resources.files("store").joinpath("data/glossary.json").read_text("utf-8"))
    aliases: list[Alias] = []
    for entry in entries:
        for lang in ("en", "fr"):
            aliases.extend(Alias(entry["acronym"], form, lang) for form in entry.get(lang, []))
    return tuple(aliases)


_WORDS_WINDOW = 400  # characters: ten words of a long form fit many times over
_ACRONYM_IN_PARENS = re.compile(r"\(([A-Z][A-Za-z]{1,9}|[A-Z]{2,}(?:[-/][A-Z]+)?)\)")
_SMALL_WORDS = {
    "of", "the", "and", "for", "on", "in", "de", "du", "des", "la", "le", "les", "et", "pour",
    "d", "l", "to", "a", "au", "aux", "en",
}  # fmt: skip


def _initials_match(acronym: str, words: list[str]) -> bool:
    """'CSA' fits 'Comité de Suivi de L'Accord': the capitals spell the acronym in order."""
    letters = [w[0].upper() for w in words if w and w.lower() not in _SMALL_WORDS]
    want = [c for c in acronym.upper() if c.isalpha()]
    it = iter(letters)
    return bool(letters) and letters[0] == want[0] and all(c in it for c in want)


def defined_aliases(sentences: list[Sentence]) -> list[Alias]:
    """Acronyms a document defines: 'the Comité National de Dialogue (CND)'."""
    found: dict[str, Alias] = {}
    for sentence in sentences:
        for match in _ACRONYM_IN_PARENS.finditer(sentence.text):
            acronym = match.group(1)
            # The ten words before the bracket, read from a window: reading every word of
            # the sentence before each of thousands of "(ABC)" made this quadratic.
            window = sentence.text[max(0, match.start() - _WORDS_WINDOW) : match.start()]
            words = re.findall(r"[\w'-]+", window.rstrip())[-10:]
            # Grow the long form leftwards from the parenthesis while it can still spell
            # the acronym, then keep the shortest span that does.
            for size in range(1, len(words) + 1):
                span = words[-size:]
                if span[0][:1].isupper() and _initials_match(acronym, _split_elisions(span)):
                    expansion = " ".join(span)
                    found.setdefault(acronym, Alias(acronym, expansion, "doc"))
                    break
            else:
                # Mission acronyms often follow French word order ("MINUTAR" for the "United
                # Nations ... Stabilization Mission in Tarsis"): take the capitalised name.
                name = _capitalised_run(words)
                if len(acronym) >= 4 and len(name) >= 3:
                    found.setdefault(acronym, Alias(acronym, " ".join(name), "doc"))
    return list(found.values())


def _capitalised_run(words: list[str]) -> list[str]:
    """The run of capitalised words (and small joining words) just before a parenthesis."""
    run: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() or (run and word.lower() in _SMALL_WORDS):
            run.insert(0, word)
        else:
            break
    while run and run[0].lower() in _SMALL_WORDS:
        run.pop(0)
    return run


def _split_elisions(words: list[str]) -> list[str]:
    """ "L'Accord" counts as "L'" + "Accord" for initials; "d'Autodéfense" likewise."""
    out: list[str] = []
    for word in words:
        head, sep, tail = word.partition("'")
        if sep and len(head) <= 2 and tail:
            out.extend([head, tail])
        else:
            out.append(word)
    return out
