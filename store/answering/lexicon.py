"""Concepts a question can name: domain synonyms, acronyms and their long forms, countries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from store.aliases import glossary, topic_acronyms
from store.answering.normalize import phrase_key, terms

# Words that carry no topic: grammar, politeness, and the question's own framing.
STOPWORDS = frozenset(
    terms(
        "a an the of on in at to for from by with about as and or but is are was were be been "
        "being do does did doing has have had having will would shall should can could may might "
        "what which who whom whose when where why how many much there their its it this that "
        "these those any some me my our us we you your i please tell show give list name "
        "latest current currently now today recent recently most last next upcoming "
        "new so far yet still ever according up than per among into over under between during "
        "since until against toward towards via within across after before following "
        "regarding despite besides also both all each other "
        "du de des la le les un une et en au aux pour sur dans est sont quel quelle quels "
        "combien quand qui ou parmi chez est-ce ce que quoi y a-t-il ont sont été sera "
        "prochain prochaine dernier dernière il elle ils elles sur nouveau etait était lors "
        "cette cet ces son sa ses leur leurs se ne pas plus ont avait avaient par avec sans "
        "entre depuis apres après avant jusqu jusqu'a indique indiquee comment pourquoi quoi "
        "qu est-ce dont lequel laquelle lesquels ou où aussi encore deja déjà toujours donc "
        "ainsi alors tres très bien c'est cest t-il t-elle t-ils t-elles actuellement "
        "notamment egalement également etre être doit doivent devrait devraient peut "
        "peuvent pourrait pourraient"
    )
)
# Words a question may use that a figure's sentence need not repeat ("how many convictions
# did the courts *deliver*"). Missing them does not disqualify an answer.
WEAK_WORDS = frozenset(
    terms(
        # "what is Otunbayeva's role": the post a sentence gives by the name, rarely the word
        "role roles position job fonction poste "
        # "who chairs the Commission?": the sentence names the post ("the Chairperson"), not
        # the verb
        "directs dirige dirigent chairs preside presides préside "
        # « aura lieu », « a eu lieu »: taking place, as 'held' says it
        "aura lieu avoir "
        # "what period does the plan cover": the span answers, not the word
        "cover covers covered covering couvre couvrent "
        # « prévues pour quelle année » : when something is planned, as "expected" says
        "prevu prevue prevus prevues prévu prévue prévus prévues "
        "serve serving served hold holds held get got make made give gave take took work "
        "worked exist exists occur occurred include included deliver delivered set sets "
        "say said number numbers figure figures total data information info update status "
        "level levels value count counted mission missions situation country currently "
        "overall actually exactly roughly approximately about around so far exist there "
        "happen happened see saw find found known know involve involved involving concern "
        "concerned concerning affect affected deploy deployed employ employed currently "
        "actually really exactly approximately collect collected gather gathered receive "
        "received recueilli year years month months week weeks won win must should need "
        "needs required supposed apply applies applied before previously earlier ago hear "
        "heard raise raised express expressed voice voiced state stated note noted "
        "highlight highlighted stress stressed underline underlined mention mentioned "
        "describe described characterize characterized characterise characterised "
        "more further "
        # how a user frames a question, not what it is about ("what *exact* date", "*here*")
        "here exact especially particularly specifically notably besides else main key "
        # "which *three* resolutions": how many things the answer lists, not a topic
        "two three four five six seven eight nine ten deux trois quatre cinq"
    )
)
QUESTION_TYPE_WORDS = {  # words that frame a question's ask, not its topic
    "share": terms(
        "share percent percentage proportion rate ratio pourcentage proportion part % pct"
    ),
    "change": terms(
        "change changed changes changing trend trends evolution evolved evolve increase "
        "increased decrease decreased drop dropped rise rose risen fall fell fallen grown "
        "grew declined decline shift shifted compare compared evolution time history"
    ),
    "count": terms("many number count combien nombre"),
    "cadence": terms("often frequently regularly cadence frequency periodicity frequence"),
    "when": terms("date dates day quand"),
    "expand": terms("stand stands full name acronym abbreviation signifie"),
    "symbol": terms("symbol symbols numero"),
}
# Words that frame what a question asks for ("what *share*", "what is the *date*"): the ask
# rules read them; they are not topics an answer's sentence must repeat.
ASK_WORDS = frozenset(word for words in QUESTION_TYPE_WORDS.values() for word in words)


@dataclass(frozen=True)
class ConceptGroup:
    """Words and phrases that name one thing; `proper` for acronyms and names."""

    name: str
    alternatives: frozenset[str]  # phrase keys
    proper: bool
    weak: bool = False
    subject: bool = False  # a subject's acronym (CRSV, DDR): what a figure or report is about
    agenda: bool = False  # the agenda every update serves (AGENDA)


# The agenda the whole genre serves: a National Action Plan, an IEG note or a mission's gender
# page is on women, peace and security whether or not the sentence says so. Named anywhere in
# the document, the document is on it ("when did Uganda adopt its NAP on WPS").
AGENDA = "WPS"


@dataclass(frozen=True)
class Lexicon:
    """Every known phrase, mapped to its concept group."""

    groups: tuple[ConceptGroup, ...]
    by_phrase: dict[str, int]
    max_phrase_words: int

    def lookup(self, key: str) -> ConceptGroup | None:
        """The group a phrase key belongs to."""
        index = self.by_phrase.get(key)
        return None if index is None else self.groups[index]


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, object]:
    data: dict[str, object] = json.loads(
        resources.files("store").joinpath("data/synonyms.json").read_text("utf-8")
    )
    return data


@lru_cache(maxsize=1)
def _bilingual() -> tuple[tuple[str, ...], ...]:
    """English and French words of the genre that mean the same (store/data/bilingual.json)."""
    data = json.loads(resources.files("store").joinpath("data/bilingual.json").read_text("utf-8"))
    return tuple(tuple(group) for group in data["groups"])


def _synonym_groups() -> tuple[tuple[str, ...], ...]:
    groups = _synonyms()["groups"]
    assert isinstance(groups, list)
    return tuple(tuple(group) for group in groups) + _bilingual()


def _entity_groups() -> dict[str, str]:  # read once, through entity_kinds()
    """Synonym groups that name who a figure counts (a population) or where (a body)."""
    kinds: dict[str, str] = {}
    for kind, key in (("population", "populations"), ("body", "bodies")):
        names = _synonyms()[key]
        assert isinstance(names, list)
        kinds.update({str(name): kind for name in names})
    return kinds


@lru_cache(maxsize=1)
def entity_kinds() -> dict[str, str]:
    """Group name → 'population' or 'body'."""
    return _entity_groups()


@lru_cache(maxsize=1)
def country_name_groups() -> tuple[tuple[str, ...], ...]:
    """Names of one country in English and French (store/data/country_names.json)."""
    text = resources.files("store").joinpath("data/country_names.json").read_text("utf-8")
    return tuple(tuple(group) for group in json.loads(text)["groups"])


@lru_cache(maxsize=1)
def known_countries() -> tuple[str, ...]:
    """Country names from store/data/countries.txt."""
    text = resources.files("store").joinpath("data/countries.txt").read_text("utf-8")
    return tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def build_lexicon(document_aliases: tuple[tuple[str, str], ...] = ()) -> Lexicon:
    """Synonym groups, glossary acronyms and the acronyms the loaded documents define."""
    acronyms: dict[str, set[str]] = {}
    for alias in glossary():
        acronyms.setdefault(alias.alias, {alias.alias}).add(alias.expansion)
    for acronym, expansion in document_aliases:
        # A document may define an acronym the glossary knows under a long form ("CSA" for
        # "Comité de Suivi de l'Accord"): merge into the same group.
        acronyms.setdefault(acronym, {acronym}).add(expansion)
    # A subject's acronym ("CRSV") must be named where the figure is, like any subject; a
    # body's or a mission's name may be named anywhere in the document.
    topics = topic_acronyms()
    raw_groups: list[tuple[str, set[str], bool]] = [
        (acronym, forms, acronym not in topics) for acronym, forms in acronyms.items()
    ]
    raw_groups += [(group[0], set(group), False) for group in _synonym_groups()]
    groups: list[ConceptGroup] = []
    by_phrase: dict[str, int] = {}
    for name, forms, proper in raw_groups:
        keys = frozenset(k for k in (phrase_key(f) for f in forms) if k)
        if not keys:
            continue
        groups.append(
            ConceptGroup(name, keys, proper, subject=name in topics, agenda=name == AGENDA)
        )
        for key in keys:
            # Acronym groups come first and win a phrase both claim.
            by_phrase.setdefault(key, len(groups) - 1)
    longest = max((len(k.split()) for k in by_phrase), default=1)
    return Lexicon(tuple(groups), by_phrase, longest)


@lru_cache(maxsize=2)
def entity_alternatives(kind: str) -> dict[str, frozenset[str]]:
    """The groups of one entity kind ('population' or 'body'), with their phrase keys."""
    groups = {group[0]: group for group in _synonym_groups()}
    return {
        name: frozenset(k for k in (phrase_key(f) for f in groups[name]) if k)
        for name, of_kind in entity_kinds().items()
        if of_kind == kind and name in groups
    }
