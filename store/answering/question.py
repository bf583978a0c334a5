"""Understand a loose question: its type, the concepts it names, its country, its tense."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from store.answering.lexicon import (
    QUESTION_TYPE_WORDS,
    STOPWORDS,
    WEAK_WORDS,
    ConceptGroup,
    Lexicon,
    known_countries,
)
from store.answering.normalize import fold, phrase_key, stem, strip_slack, terms, tokens

_WHEN = re.compile(
    r"\b(when|what date|which date|by when|what day|how soon|quand|date of|dates? for|deadline"
    r"|due)\b"
)
_CADENCE = re.compile(
    r"\b(how often|how frequently|how regularly|cadence|frequency|periodicity|"
    r"a quelle frequence|tous les combien)\b"
)
_LIST = re.compile(r"\b(which|who|whom|list|name|names|quels?|quelles?|qui)\b")
# A question word or verb: without one, "women in the cabinet?" asks for a figure.
_ASKS = re.compile(
    r"\b(what|which|who|whom|why|how|when|where|did|does|do|is|are|was|were|has|have|can|"
    r"could|should|quel|quelle|quels|quelles|pourquoi|comment|qu)\b"
)
_FUTURE = re.compile(r"\b(will|next|upcoming|due|shall|going to|planned|scheduled|prochain\w*)\b")
_PAST = re.compile(r"\b(was|were|did|last|latest|previous|most recent|had|dernier\w*)\b")


# Question words mistyped in a hurry; the question's type hangs on them.
_QUESTION_WORDS = {
    "whn": "when", "wen": "when", "wehn": "when", "whne": "when", "hw": "how", "hwo": "how",
    "howmany": "how many", "wat": "what", "waht": "what", "whta": "what", "whihc": "which",
    "wich": "which", "whcih": "which", "hte": "the", "teh": "the",
}  # fmt: skip
_QUESTION_WORD_TYPOS = re.compile(r"\b(?:" + "|".join(_QUESTION_WORDS) + r")\b")


@dataclass(frozen=True)
class Concept:
    """Something the question names, with every way a document may write it."""

    name: str
    alternatives: frozenset[str]  # phrase keys
    proper: bool  # an acronym, a name or a number: may be named anywhere in the document
    weak: bool = False  # a verb or filler the answer's sentence need not repeat

    @property
    def weight(self) -> float:
        """How much matching it says about an answer."""
        if self.weak:
            return 0.2
        if self.name == "women":
            return 0.4  # nearly every sentence in these documents is about women
        return 2.0 if self.proper else 1.0


@dataclass
class Question:
    """A parsed question."""

    original: str
    text: str  # Slack markup stripped
    qtype: str  # cadence | when | list | change | share | quota | count | figure
    tense: str | None  # past | future | None
    wants_figure: bool = False  # a number is the answer ("how many", or just "women on X?")
    counted: list[Concept] = field(default_factory=list)  # "how many X": the figure counts X
    asks_gender: bool = False  # names women, girls or men themselves
    asked_kinds: frozenset[str] = frozenset()  # event kinds it names ("report", "resolution")
    concepts: list[Concept] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # loaded countries it names
    unknown_countries: list[str] = field(default_factory=list)  # named but not loaded

    @property
    def asked_words(self) -> frozenset[str]:
        """Every term of every way of writing what the question names."""
        if self._asked is None:
            self._asked = frozenset(
                word for c in self.concepts for alt in c.alternatives for word in alt.split()
            )
        return self._asked

    _asked: frozenset[str] | None = field(default=None, repr=False)


_TARGET_WORDS = frozenset(terms("quota quotas target targets goal objective objectif"))


def _question_type(folded: str, words: list[str]) -> str:
    if _CADENCE.search(folded):
        return "cadence"
    if _WHEN.search(folded):
        return "when"
    if any(w in _TARGET_WORDS for w in words):
        return "quota"
    if any(w in QUESTION_TYPE_WORDS["change"] for w in words) or re.search(r"\bhow has\b", folded):
        return "change"
    if any(w in QUESTION_TYPE_WORDS["share"] for w in words) or "%" in folded:
        return "share"
    if re.search(r"\bhow many\b|\bnumber of\b|\bcombien\b|\bnombre\b", folded):
        return "count"
    if re.search(r"\bsince\b|\bcompared (?:with|to)\b", folded):
        return "change"  # "women on the council since 2023?"
    if _LIST.search(folded):
        return "list"
    return "figure"


def _named_country(word: str, countries_by_key: dict[str, str]) -> str | None:
    """'mali', 'malian' and "mali's" name Mali; 'velorian' names Veloria; 'sudanese' Sudan.

    A demonym is the name plus up to three letters.
    """
    if word in countries_by_key:
        return countries_by_key[word]
    for cut in (1, 2, 3):
        if len(word) - cut >= 4 and word[:-cut] in countries_by_key:
            return countries_by_key[word[:-cut]]
    return None


class CountryIndex:
    """The loaded countries, keyed for matching: 'mali' → Mali."""

    def __init__(self, countries: tuple[str, ...]) -> None:
        self.countries = tuple(c for c in countries if c)
        self.by_key = {_country_key(c): c for c in self.countries}
        self.multiword = {k: c for k, c in self.by_key.items() if " " in k}

    def __contains__(self, country: object) -> bool:
        return country in self.countries


@lru_cache(maxsize=4096)
def _country_key(country: str) -> str:
    return phrase_key(country)


@lru_cache(maxsize=1)
def _unknown_country_keys() -> dict[str, str]:
    return {_country_key(c): c for c in known_countries() if _country_key(c)}


def parse_question(
    question: str,
    lexicon: Lexicon,
    loaded_countries: Iterable[str] | CountryIndex,
    is_indexed: Callable[[str], bool],
    vocabulary: Callable[[], frozenset[str]],
    is_document_name: Callable[[str], bool] = lambda word: False,
) -> Question:
    """Type, concepts and country of a question, with typos mended against the vocabulary."""
    text = strip_slack(question)
    folded = _QUESTION_WORD_TYPOS.sub(lambda m: _QUESTION_WORDS[m.group(0)], fold(text))
    text = folded if folded != fold(text) else text
    shown = tokens(text)
    words = [stem(t) for t in shown]  # the same tokens terms() gives, kept beside their spelling
    loaded = (
        loaded_countries
        if isinstance(loaded_countries, CountryIndex)
        else CountryIndex(tuple(loaded_countries))
    )
    parsed = Question(
        original=question,
        text=text,
        qtype=_question_type(folded, words),
        tense="future" if _FUTURE.search(folded) else "past" if _PAST.search(folded) else None,
    )
    quantitative = parsed.qtype in {"count", "share", "change", "quota"}
    parsed.wants_figure = quantitative or (parsed.qtype == "figure" and not _ASKS.search(folded))
    joined = f" {' '.join(words)} "
    loaded_keys = loaded.by_key
    by_key = _unknown_country_keys()
    claimed: set[int] = set()  # word positions a multi-word name ("South Sudanese") took
    loaded_here: set[int] = set()
    for key, country in loaded.multiword.items():
        for found in re.finditer(rf"(?<= ){re.escape(key)}\w{{0,3}}(?= )", joined):
            first = joined[: found.start()].count(" ") - 1
            loaded_here.update(range(first, first + key.count(" ") + 1))
            if country not in parsed.countries:
                parsed.countries.append(country)
    claimed |= loaded_here
    for key, country in by_key.items():
        if " " not in key:
            continue
        for found in re.finditer(rf"(?<= ){re.escape(key)}\w{{0,3}}(?= )", joined):
            first = joined[: found.start()].count(" ") - 1
            claimed.update(range(first, first + key.count(" ") + 1))
            if country not in loaded and country not in parsed.unknown_countries:
                parsed.unknown_countries.append(country)
    for position, word in enumerate(words):
        other = None if position in claimed else _named_country(word, by_key)
        if other and other not in loaded and other not in parsed.unknown_countries:
            parsed.unknown_countries.append(other)
    mended: set[int] = set()  # positions already mended: mend each word once
    i = 0
    while i < len(words):
        word = words[i]
        if i in loaded_here:
            i += 1
            continue
        named = _named_country(word, loaded_keys)
        if named is not None:
            if named not in parsed.countries:
                parsed.countries.append(named)
            i += 1
            continue
        group, size = _longest_group(words, i, lexicon)
        if group is not None:
            parsed.concepts.append(Concept(group.name, group.alternatives, group.proper))
            i += size
            continue
        if word in STOPWORDS or any(word in ws for ws in QUESTION_TYPE_WORDS.values()):
            i += 1
            continue
        if i not in mended and len(word) >= 4 and not word.isdigit() and not is_indexed(word):
            known = vocabulary() | set(lexicon.by_phrase) | STOPWORDS | WEAK_WORDS
            fixed = _correct(word, known)
            if fixed is not None:
                words[i] = fixed
                mended.add(i)
                continue  # look the mended word up again
        parsed.concepts.append(
            Concept(
                shown[i] if i < len(shown) and i not in mended else word,
                frozenset({word}),
                # "unmima" typed in lower case is still the mission's name.
                proper=(proper := word.isdigit() or _is_name(word, text) or is_document_name(word)),
                # Scraps of two or three lower-case letters that no document uses are noise,
                # not topics ("boys" stems to "boy" but is a word; "MPs" is a name).
                weak=word in WEAK_WORDS
                or (
                    len(shown[i]) <= 3
                    and not word.isdigit()
                    and not proper
                    and not is_indexed(word)
                ),
            )
        )
        i += 1
    parsed = _dedupe(parsed)
    if parsed.qtype == "count":
        # "how many verified CRSV cases ...": the first few topics name what is counted.
        parsed.counted = [c for c in parsed.concepts if not c.weak][:3]
    return parsed


def _longest_group(
    words: list[str], start: int, lexicon: Lexicon
) -> tuple[ConceptGroup | None, int]:
    for size in range(min(lexicon.max_phrase_words, len(words) - start), 0, -1):
        group = lexicon.lookup(" ".join(words[start : start + size]))
        if group is not None:
            return group, size
    return None, 0


def _correct(word: str, known: set[str] | frozenset[str]) -> str | None:
    """The vocabulary word a typo most likely meant ('reconvne' → 'reconven').

    Short words are only mended for swapped letters: "senate" is one letter from "seat" but
    is a different word, and an answer about seats would be wrong.
    """
    pool = [k for k in known if " " not in k and abs(len(k) - len(word)) <= 2 and k[:1] == word[:1]]
    if len(word) <= 6:
        swapped = [k for k in pool if len(k) == len(word) and sorted(k) == sorted(word)]
        return swapped[0] if len(swapped) == 1 else None
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.85)
    return matches[0] if matches else None


def _is_name(word: str, text: str) -> bool:
    """An acronym or a capitalised word that is not the question's first word."""
    for token in re.findall(r"[\w'’-]+", text)[1:]:
        if phrase_key(token) == word and (token.isupper() or token[:1].isupper()):
            return True
    return False


def _dedupe(parsed: Question) -> Question:
    seen: set[frozenset[str]] = set()
    unique: list[Concept] = []
    for concept in parsed.concepts:
        if concept.alternatives not in seen:
            seen.add(concept.alternatives)
            unique.append(concept)
    parsed.concepts = unique
    return parsed
