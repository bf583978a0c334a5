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


LONG_FORM_WORDS = 14  # words before "(ACRONYM)" its long form may take
_WORDS_WINDOW = 600  # characters: the words of a long form fit many times over
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
    """Acronyms a document defines: 'the Comité National de Dialogue (CND)'; every distinct long
    form, so a bilingual text gives both ('United Nations Multidimensional ... (MINUSMA)' and
    'Mission multidimensionnelle ... (MINUSMA)')."""
    found: dict[tuple[str, str], Alias] = {}
    for sentence in sentences:
        for match in _ACRONYM_IN_PARENS.finditer(sentence.text):
            acronym = match.group(1)
            # The words before the bracket, read from a window: reading every word of the
            # sentence before each of thousands of "(ABC)" made this quadratic.
            window = sentence.text[max(0, match.start() - _WORDS_WINDOW) : match.start()]
            words = re.findall(r"[\w'-]+", window.rstrip())[-LONG_FORM_WORDS:]
            # Grow the long form leftwards from the parenthesis while it can still spell
            # the acronym, then keep the shortest span that does.
            for size in range(1, len(words) + 1):
                span = _without_article(words[-size:])
                if span[0][:1].isupper() and _initials_match(acronym, _split_elisions(span)):
                    expansion = " ".join(span)
                    found.setdefault((acronym, expansion.lower()), Alias(acronym, expansion, "doc"))
                    break
            else:
                # Mission acronyms often follow French word order ("MINUTAR" for the "United
                # Nations ... Stabilization Mission in Tarsis"): take the capitalised name;
                # in French the name is in lower case after its head ("la Mission
                # multidimensionnelle ... pour la stabilisation au Mali (MINUSMA)").
                name = _capitalised_run(words) or []
                if len(name) < 3:
                    name = _headed_name(acronym, words)
                if len(acronym) >= 4 and len(name) >= 3:
                    expansion = " ".join(name)
                    found.setdefault((acronym, expansion.lower()), Alias(acronym, expansion, "doc"))
    return list(found.values())


def _without_article(words: list[str]) -> list[str]:
    """ "l'Opération des Nations Unies": the name starts at "Opération"."""
    head = re.sub(r"^[ldLD]['’]", "", words[0])
    return [head, *words[1:]] if head else words


def _headed_name(acronym: str, words: list[str]) -> list[str]:
    """The long form that starts with a capitalised word of the acronym's first letter and
    runs to the parenthesis, at least as many words long as half the acronym."""
    for start in range(len(words) - 1, -1, -1):
        head = _without_article(words[start:])
        if head[0][:1] == acronym[:1].upper() and len(head) * 2 >= len(acronym):
            return head
    return []


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
