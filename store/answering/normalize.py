"""Normalise text for matching: case, accents, quotes, light stemming."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9]+")
_ACRONYM_PLURAL = re.compile(r"\b([A-Z]{2,})s\b")
_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}")  # U.N., C.S.A.


class _FoldTable(dict[int, str]):
    """str.translate table that folds each non-ASCII character once, on first sight."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in "\u2018\u2019":
            folded = "'"
        elif char == "\u00a0":
            folded = " "
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower case, accents removed, curly quotes straightened."""
    lowered = text.lower()
    return lowered if lowered.isascii() else lowered.translate(_FOLD)


# Irregular pasts of the verbs these texts report with: "spoke" meets "speak", "met" "meet".
_IRREGULAR = {
    "spoke": "speak", "spoken": "speak", "met": "meet", "held": "hold", "took": "take",
    "taken": "take", "made": "make", "gave": "give", "given": "give", "led": "lead",
    "said": "say", "told": "tell", "sent": "send", "won": "win", "began": "begin",
    "begun": "begin", "brought": "bring", "found": "find", "saw": "see", "seen": "see",
    "wrote": "write", "written": "write", "chose": "choose", "chosen": "choose", "drew": "draw",
    "drawn": "draw", "fell": "fall", "fallen": "fall", "rose": "rise", "risen": "rise",
    "grew": "grow", "grown": "grow", "knew": "know", "known": "know", "left": "leave",
    "kept": "keep", "paid": "pay", "sought": "seek", "thought": "think", "went": "go",
    "gone": "go", "came": "come", "became": "become", "fled": "flee", "bore": "bear",
    "borne": "bear", "struck": "strike", "sworn": "swear", "swore": "swear", "hid": "hide",
    "shot": "shoot", "fought": "fight", "sold": "sell", "stood": "stand", "understood":
    "understand", "withdrew": "withdraw", "withdrawn": "withdraw", "undertook": "undertake",
    "undertaken": "undertake", "overseen": "oversee", "oversaw": "oversee",
}  # fmt: skip


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English stemmer: plurals, -ed, -ing and a final -e, so forms meet; irregular
    pasts meet their verb."""
    if word in _IRREGULAR:
        word = _IRREGULAR[word]
    if word.isdigit() or len(word) <= 3:
        return word
    if word.endswith(("ees", "ee")) and len(word) > 5:
        # French past participles, "visitées", "confirmée": the verb's stem
        return word[: -3 if word.endswith("ees") else -2]
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ied") and len(word) > 5:
        word = word[:-3] + "y"  # "verified" meets "verify"
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
    if word.endswith("e") and len(word) > 4 and not word.endswith("lle"):
        # "filles" (girls) must not meet "filled": a French -lle keeps its e.
        word = word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Folded word tokens before stemming; "C.S.A." reads as "csa", "MPs" as "mp" (the plural
    of an abbreviation, not the acronym MPS); single letters dropped."""
    folded = fold(_ACRONYM_PLURAL.sub(r"\1", text))
    if "." in folded:
        folded = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), folded)
    return [t for t in _TOKEN.findall(folded) if len(t) > 1 or t.isdigit()]


def terms(text: str) -> list[str]:
    """Folded, stemmed word tokens (the l' of l'Accord dropped)."""
    return [stem(t) for t in tokens(text)]


@lru_cache(maxsize=65536)
def phrase_key(text: str) -> str:
    """A phrase as the space-joined terms that matching compares."""
    return " ".join(terms(text))
