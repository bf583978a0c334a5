"""How much of a question a sentence covers: where each concept is named, and what it weighs.

A concept named in the sentence itself counts fully; named only around it (the sentence
before, the heading, the document's names) it counts less. What a concept weighs is how rare
it is among the loaded sentences (BM25's inverse document frequency), scaled by its role: the
focus of the question weighs most, its source qualifier and filler words least.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from store.answering.index import Hit
from store.answering.normalize import phrase_key
from store.answering.question import Concept
from store.text import word_set


@dataclass(frozen=True)
class Level:
    """Where a concept is named, and how much that says."""

    where: str
    credit: float
    doc: str


SENTENCE = Level("sentence", 1.0, "in the sentence, as the question writes it")
SENTENCE_SYNONYM = Level(
    "sentence", 0.85, "in the sentence, in other words (a synonym, a long form)"
)
KIND = Level("sentence", 0.7, "the kind of a figure or date stored from the sentence")
ROOT = Level("sentence", 0.7, "in the sentence, as another form of the word (endorse, endorsement)")
ANAPHORIC = Level("context", 0.9, "in the sentence before, which this one points back to")
HEADING = Level("heading", 0.6, "in the section heading")
# A compilation of reports heads each with its symbol: under it, every sentence is that report's.
SYMBOL_HEADING = Level("heading", 1.0, "the symbol heading the section: the sentence is its")
CONTEXT = Level("context", 0.5, "in the sentence before")
HEAD_NAME = Level("document", 0.7, "named in the document's title or masthead: what it is about")
DOCUMENT_PROPER = Level("document", 0.6, "a name or acronym of the document")
DOCUMENT_WORD = Level("document", 0.25, "a word of the document's names or title")
NOWHERE = Level("nowhere", 0.0, "not named")
NEAR_LEVELS = frozenset({"sentence", "context", "heading"})

# What a concept's role multiplies its rarity by.
ROLE_FACTORS = {
    "focus": 1.5,  # what the figure counts, the body or population, the names asked about
    "number": 1.5,  # "Of the 22 incidents": the figures the question repeats
    "topic": 1.0,
    "source": 0.3,  # "according to S/2016/498": which document, not what it says
    "year": 0.0,  # "in 2017": the period, judged by the another_year rule
    "target": 0.3,  # "which *cities*": the kind of thing that answers, seldom written as such
}
WEAK_FACTOR = 0.3  # verbs and fillers ("serve", "hold", "currently")
# A word no loaded sentence writes ("stakeout", "pushing", "datelined") is rarest of all, yet
# it is mostly the asker's own way of saying what the text says otherwise: it counts, at half
# the weight, so that one paraphrase does not outweigh everything the sentence does name.
# (Dev sets, 1,628 questions: 0.3 to 0.7 all gain 19 to 23 answers over 1.0; 0.5 is
# the middle of that plateau, with abstentions held.)
UNWRITTEN_FACTOR = 0.5


@dataclass(frozen=True)
class Match:
    """One concept against one sentence."""

    concept: Concept
    level: Level
    weight: float

    @property
    def credit(self) -> float:
        """Weight times level."""
        return self.weight * self.level.credit


def _padded_has(text: str, phrases: frozenset[str] | set[str]) -> bool:
    return any(f" {p} " in text for p in phrases)


def level_of(concept: Concept, hit: Hit) -> Level:
    """Where the hit names the concept, best place first."""
    if f" {concept.typed} " in hit.sentence_terms:
        return SENTENCE
    if (
        _padded_has(hit.sentence_terms, concept.alternatives)
        or (concept.proper and _long_form_in(concept, hit.sentence_terms))
        or (concept.acronym and spells_out(concept.name.upper(), hit.sentence))
    ):
        return SENTENCE_SYNONYM
    if _padded_has(hit.kind_terms, concept.alternatives):
        return KIND
    if _root_in(concept, hit.sentence_terms):
        return ROOT
    in_context = _padded_has(hit.context_terms, concept.alternatives)
    if (
        in_context
        and hit.anaphoric
        and (concept.proper or concept.entity or concept.counted)
        and _points_to(hit.sentence, concept)
    ):
        return ANAPHORIC  # "Of those cases, ...": what it points back to, not all said there
    if concept.proper and _named_by_its_head(concept, hit):
        return ANAPHORIC
    if _SECRETARY_GENERAL in concept.alternatives and _FIRST_PERSON.search(hit.sentence):
        return ANAPHORIC  # "I chaired", "my next report": the SG's own report
    if _padded_has(hit.heading_terms, concept.alternatives):
        return SYMBOL_HEADING if concept.symbol else HEADING
    if in_context:
        return CONTEXT
    if (concept.proper or concept.subject) and _padded_has(hit.head_terms, concept.alternatives):
        return HEAD_NAME
    if _padded_has(hit.names, concept.alternatives):
        return DOCUMENT_PROPER if concept.proper or concept.role == "source" else DOCUMENT_WORD
    return NOWHERE


# Nouns UN texts use to refer back to a body they have named: "the Group" for the Informal
# Expert Group, "the Commission", "the Mission".
HEAD_NOUNS = frozenset(
    {
        "group", "commission", "mission", "committee", "council", "office", "panel", "team",
        "unit", "forum", "dialogue", "assembly", "government", "agreement", "accord",
    }
)  # fmt: skip


def _named_by_its_head(concept: Concept, hit: Hit) -> bool:
    """'The group resolved to reconvene': a document-level name referred to by its head noun,
    when the document names it."""
    if f" {concept.typed} " not in hit.names and not _padded_has(hit.names, concept.alternatives):
        return False
    for alternative in concept.alternatives:
        words = alternative.split()
        # The head of "Informal Expert Group on Women ..." or "... Stabilization Mission in
        # Mali" is the last word before its first preposition.
        named = next((i for i, w in enumerate(words) if w in _PREPOSITIONS), len(words))
        head = words[named - 1] if named else ""
        if len(words) > 1 and head in HEAD_NOUNS and f" the {head} " in hit.sentence_terms:
            return True
    return False


_PREPOSITIONS = frozenset({"of", "in", "on", "for", "to", "de", "du", "des", "pour", "sur"})


# The Secretary-General writes his reports in the first person.
_SECRETARY_GENERAL = "secretary general"
_FIRST_PERSON = re.compile(r"\b(?:I|my|My|me)\b")
LONG_FORM_SHARE = 0.75  # of a long form's words, for a rewording to count as naming it
_SMALL = frozenset(
    {
        "of",
        "the",
        "and",
        "for",
        "on",
        "in",
        "to",
        "a",
        "an",
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "et",
        "sur",
    }
)


def _long_form_in(concept: Concept, terms: str) -> bool:
    """A long form said in other words: 'the Secretary-General's Special Representative on
    Sexual Violence in Conflict' names the SRSG-SVC though the glossary writes it otherwise."""
    present = set(terms.split())
    for alternative in concept.alternatives:
        words = [w for w in alternative.split() if w not in _SMALL]
        if len(words) >= 4 and sum(w in present for w in words) >= LONG_FORM_SHARE * len(words):
            return True
    return False


# Words an acronym's initials skip: "Mouvement national de libération de l'Azawad" is MNLA.
_SKIPPED_BY_INITIALS = word_set("of the and for in on to de du des la le les l d et pour en sur")
_WORD_OR_GAP = re.compile(r"[A-Za-zÀ-ÿ]+|[^A-Za-zÀ-ÿ\s'’-]+")


@lru_cache(maxsize=4096)
def spells_out(acronym: str, sentence: str) -> bool:
    """Whether the sentence writes the acronym out, its words' initials spelling it: the
    Somali National Army for SNA, the Ejército de Liberación Nacional for ELN, the Deputy
    Secretary-General for DSG. Texts often write a name in full and never its acronym. The
    first and last word are capitalised (a name); a two-letter acronym's every word is."""
    letters = acronym.replace("-", "").replace(".", "")
    if not (2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()):
        return False
    words = _WORD_OR_GAP.findall(sentence)
    for start, first in enumerate(words):
        if first[0] != letters[0] or not first[0].isupper():
            continue
        run = [first]
        at = 1
        for word in words[start + 1 :]:
            if at == len(letters):
                break
            if not word[0].isalpha():
                break  # punctuation ends a name
            if word.lower() in _SKIPPED_BY_INITIALS:
                continue
            if word[0].upper() != letters[at]:
                break
            run.append(word)
            at += 1
        named = at == len(letters) and run[-1][0].isupper()
        if named and (len(letters) > 2 or all(w[0].isupper() for w in run)):
            return True
    return False


_OPENER_NOUN = re.compile(
    r"^(?:The|This|That|These|Those|Such|Its|Their|Of (?:the|these|those)"
    r"|Among (?:the|these|those)) ([A-Za-zÀ-ÿ-]+)"
)


def _points_to(sentence: str, concept: Concept) -> bool:
    """Whether the sentence's opening points back to this concept: "The mission ..." to the
    mission, not to the police named before it; a pronoun ("They", "Of them") to anything."""
    match = _OPENER_NOUN.match(sentence)
    if match is None:
        return True
    noun = phrase_key(match.group(1))
    if not noun:
        return True
    return any(noun in alternative.split() for alternative in concept.alternatives) or any(
        noun == phrase_key(w) for w in concept.name.split()
    )


# Endings that make a noun of a verb and back ("implement", "implementation"; "appoint",
# "appointment"): a question and a sentence often name one act in two forms.
_DERIVATIONS = ("ations", "ation", "itions", "ition", "ments", "ment", "ions", "ion", "ings",
                "ing", "ers", "er", "ive", "ity", "ness", "ally", "al", "ly")  # fmt: skip
MIN_ROOT = 4


@lru_cache(maxsize=65536)
def root(word: str) -> str:
    """A word without its derivational ending ('endorsement' → 'endors', 'adoption' → 'adopt')."""
    for ending in _DERIVATIONS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_ROOT:
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=8192)
def _roots(terms: str) -> frozenset[str]:
    return frozenset(root(t) for t in terms.split() if len(t) > MIN_ROOT)


def _root_in(concept: Concept, terms: str) -> bool:
    """A one-word concept named in another form of the word."""
    words = [a for a in concept.alternatives if " " not in a and len(a) > MIN_ROOT]
    if not words:
        return False
    present = _roots(terms)
    return any(root(w) in present for w in words)


def idf(document_frequency: int, sentences: int) -> float:
    """BM25's inverse document frequency: rare words say more."""
    n = max(sentences, 1)
    return math.log(1 + (n - document_frequency + 0.5) / (document_frequency + 0.5))


def weight(concept: Concept, document_frequency: int, sentences: int) -> float:
    """What naming the concept is worth."""
    factor = ROLE_FACTORS.get(concept.role, 1.0) * (WEAK_FACTOR if concept.weak else 1.0)
    if document_frequency == 0 and not any(ch.isdigit() for ch in concept.typed):
        factor *= UNWRITTEN_FACTOR  # (a figure or an ordinal, "the 60th round", counts whole)
    return idf(document_frequency, sentences) * factor


@dataclass(frozen=True)
class Coverage:
    """How much of the question a sentence names, and where."""

    matches: tuple[Match, ...]

    @property
    def fraction(self) -> float:
        """Credit over the most the question's topics could earn (the source left out)."""
        topics = [m for m in self.matches if m.concept.role not in {"source", "year"}]
        total = sum(m.weight for m in topics)
        return sum(m.credit for m in topics) / total if total else 0.0

    def missing(self, near_only: bool = False) -> list[Concept]:
        """Concepts not named (or, with near_only, named only in the document's names)."""
        return [
            m.concept
            for m in self.matches
            if m.level is NOWHERE or (near_only and m.level.where not in NEAR_LEVELS)
        ]

    def level(self, concept: Concept) -> Level:
        """Where one concept is named."""
        for match in self.matches:
            if match.concept == concept:
                return match.level
        return NOWHERE


def coverage(concepts: list[Concept], weights: dict[Concept, float], hit: Hit) -> Coverage:
    """Each concept's place in and around the hit."""
    return Coverage(tuple(Match(c, level_of(c, hit), weights[c]) for c in concepts))
