"""Understand a loose question: what it asks for, the concepts it names and their roles,
its country, the years it is about, its tense.

Nothing here decides an answer: the question's parts feed the ranking and the rules.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from store.answering.index import not_period_years
from store.answering.lexicon import (
    ASK_WORDS,
    STOPWORDS,
    WEAK_WORDS,
    ConceptGroup,
    Lexicon,
    country_name_groups,
    entity_kinds,
    known_countries,
)
from store.answering.normalize import fold, phrase_key, stem, tokens
from store.extract.dates import find_dates
from store.text import word_set

# --- what the question asks for ----------------------------------------------------------------
# Each ask is a kind of answer, found by its cue words. A question may ask for several ("when
# and where", "the symbol and date", "how many ..., and against whom"); the first in the table
# that the question names is its main ask.


@dataclass(frozen=True)
class AskRule:
    """A kind of answer and the words that ask for it."""

    kind: str
    cue: re.Pattern[str]
    doc: str


ASK_RULES: tuple[AskRule, ...] = (
    AskRule(
        "expand",
        re.compile(
            r"\bstands? for\b|\bfull (?:name|title|form)\b|\blong form\b|\bacronym\b"
            r"|\bsignifie\b|\bveut dire\b|\bnom complet\b|\babbreviation\b"
        ),
        "'What does UNAMI stand for?': the long form of an acronym.",
    ),
    AskRule(
        "cadence",
        re.compile(
            r"\bhow often\b|\bhow frequently\b|\bhow regularly\b|\bfrequen\w*|\bperiodicit\w*"
            r"|\bcadence\b|\btous les combien\b|\ba quel rythme\b|\bintervals?\b"
        ),
        "'How often must the SG report?': a cadence (every three months, quarterly).",
    ),
    AskRule(
        "period",
        re.compile(
            r"\b(?:what|which) (?:time )?period\b|\bperiod (?:does|did|do|is|was)\b"
            r"|\bperiode\b|\bcover(?:s|ed|ing)? (?:which|what)\b"
        ),
        "'What period does S/2015/732 cover?': a span of dates.",
    ),
    AskRule(
        "duration",
        re.compile(r"\bhow long\b|\bcombien de temps\b|\bfor how many (?:days|months|years)\b"),
        "'How long after the law was the statement issued?': an amount of time.",
    ),
    AskRule(
        "when",
        re.compile(
            r"\bwhen\b|\b(?:what|which) (?:date|day|year|month)s?\b|\bby when\b|\buntil when\b"
            r"|\bdates? (?:of|for)\b|\bits dates?\b|\bthe dates?\b|\bquand\b"
            r"|\b(?:quelle|a quelle|jusqu'a quelle) date\b|\bdeadline\b|\bdue\b"
            r"|\bdates? (?:de|du|des|d')|\ben quelle annee\b|\bquelle annee\b"
        ),
        "'When did the IEG meet?', 'What is the date of S/2016/897?': a date.",
    ),
    AskRule(
        "quota",
        re.compile(r"\bquotas?\b|\btargets?\b|\bminimum (?:representation|share|of)\b"),
        "'What quota does the electoral law set?': a target share or number.",
    ),
    AskRule(
        "share",
        re.compile(
            r"\bshare\b|\bper ?cent\w*|\bpercentage\b|\bproportion\b|%|\bpourcentage\b"
            r"|\bratio\b|\bwhat fraction\b|\bhow much of\b"
        ),
        "'What share of military personnel are women?': a percentage.",
    ),
    AskRule(
        "change",
        re.compile(
            r"\bhow has\b|\bhow have\b|\bchanged?\b|\btrends?\b|\bevolution\b|\bover time\b"
            r"|\b(?:increase|decrease|rise|fall|grow|drop)(?:d|s)?\b|\bevolue\b"
        ),
        "'How has the share of women changed?': a figure and its earlier value.",
    ),
    AskRule(
        "count",
        re.compile(
            r"\bhow many\b|\bnumber of\b|\bcombien\b|\bnombre\b|\bhow much\b"
            r"|\b(?:ceiling|budget|strength|size|headcount)\b"
        ),
        "'How many women sit on the CSA?': a number.",
    ),
    AskRule(
        "who",
        re.compile(r"\bwho\b|\bwhom\b|\bwhose\b|\bqui\b"),
        "'Who signed the letter?': a person, a post or a body.",
    ),
    AskRule(
        "where",
        re.compile(
            r"\bwhere\b|\bin which (?:cit|region|countr|town|provinc|place|location|area)\w*"
            r"|\bfrom which (?:cit|region|countr|town|provinc|place|location)\w*"
            r"|\bd'ou\b|\bdans quel(?:le)? (?:ville|pays|region|province|localite)\b"
            r"|^\s*ou\b"  # « Où le forum s'est-il tenu ? » ('ou', or, never opens a question)
        ),
        "'Where did the CMA open its forum?': a place.",
    ),
    AskRule(
        "why",
        re.compile(r"\bwhy\b|\bpourquoi\b|\bfor what reason\b|\bowing to what\b"),
        "'Why do challenges remain?': a reason, from the sentence that gives it.",
    ),
    AskRule(
        "which",
        re.compile(
            r"\bwhich\b|\bwhat\b|\bquels?\b|\bquelles?\b|\bqu'est\b|\bquoi\b|\blist\b"
            r"|\bname the\b|^\s*qu(?:e\b|')"  # « que demande la résolution ? », « qu'a dit … »
        ),
        "'Which resolution ...?', 'What did the Council call for?': a name or a phrase.",
    ),
    AskRule(
        "how",
        re.compile(r"\bhow (?:does|did|do|was|were|is|are|will|would|should|could|can)\b"),
        "'How was resolution 2295 adopted?': a manner, from the sentence that says it.",
    ),
)
ASK_KINDS = tuple(rule.kind for rule in ASK_RULES)
# A question that opens with a verb and asks nothing else wants a yes or a no.
_YES_NO = re.compile(
    r"^(?:is|are|was|were|has|have|had|did|does|do|can|could|will|would|should|est-ce|y a-t-il)\b"
)
# Asks that want a number in the answer's sentence.
FIGURE_ASKS = frozenset({"count", "share", "quota", "change", "figure"})
# "Which resolution", "what symbol": the noun after which/what names what kind of thing answers.
_WHICH_TARGET = re.compile(
    r"\b(?:which|what|quels?|quelles?)\s+(?:(?:two|three|four|five|other|key|main|previous|"
    r"specific|new|important|strategic|foreign)\s+)*([a-z][a-z-]+)"
)
_SYMBOL_ASK = re.compile(
    r"\bsymbols?\b|\b(?:document|press release|release|record) (?:number|no|reference)\b"
    # « la cote du rapport » (never « Côte d'Ivoire »)
    r"|\bcote (?:du|de ce|de la|des) (?:rapport|document|communique|note)\w*"
)
# "meeting number?", "numéro de séance ?", "séance n° ?": the Council numbers its meetings
# (its 9565th meeting); the number is a record's, asked like a symbol.
_MEETING_NUMBER_ASK = re.compile(
    r"\bmeeting (?:number|no|n)\b|\bnumber of (?:the|this|that) meeting\b"
    r"|\bnumero (?:de (?:la )?|d )?(?:seance|reunion)\b|\bseance (?:numero|no|n)\b"
)

# --- the question's tense and its source qualifier ---------------------------------------------
_FUTURE = re.compile(
    r"\b(will|next|upcoming|due|shall|going to|planned|scheduled|expected|prochain\w*|"
    r"se reunira\w*|a nouveau|again)\b"
)
_PAST = re.compile(r"\b(was|were|did|last|previous|most recent|had|dernier\w*|preceding)\b")
# "according to S/2016/498", "per the IEG summary", "in press release SC/12426": where the
# answer must come from, not what it is about.
_SOURCE = re.compile(
    r"(?:,\s*)?\b(?:according to|per|as per|as stated in|in|from|d'apres|selon)\s+"
    r"(?:the\s+)?(?:text of\s+)?(?P<what>(?:[A-Z]+/\d{4}/\d+(?:/[A-Za-z.0-9]+)?"
    r"|(?:press release|statement|summary|report|note|release|text|document|communique|"
    r"letter|story|page|resolution)\b(?:\s+[A-Z]{2,}/\d+)?"
    # "the report issued in March 2021 (S/2021/312)": which report, by its date and symbol
    r"(?:\s+(?:issued|published|released|dated)\s+(?:in|on)\s+[\w ,]{0,20}?(?:19|20)\d\d)?"
    r"(?:\s*\([A-Z]+/\d{4}/\d+[^)]{0,12}\))?"
    r"|(?:the\s+)?(?:[A-Z][\w/-]*\s+){1,4}(?:summary|statement|report|note|release|text|page"
    r"|story|letter|communique|document)s?\b))",
)
_SELF_WORDS = frozenset(
    phrase_key(w)
    for w in (
        "text", "document", "summary", "statement", "release", "press", "note", "report",
        "page", "story", "letter", "communique", "according", "per", "french", "english",
        "version", "texte", "selon",
    )
)  # fmt: skip
_BOT_NAME = re.compile(r"^\s*(?:hey\s+|hi\s+|dear\s+)?@?wps\s*bot\b[\s,:;!-]*", re.I)
# "women MPs right now?", "at the moment", "à l'heure actuelle": said as "now", no topic
_NOW_PHRASES = re.compile(
    r"\b(?:right now|at the moment|at present|these days|as we speak|as things stand"
    r"|à l'heure actuelle|en ce moment)\b",
    re.I,
)

# Question words mistyped in a hurry; the question's kind hangs on them.
_QUESTION_WORDS = {
    "whn": "when", "wen": "when", "wehn": "when", "whne": "when", "hw": "how", "hwo": "how",
    "howmany": "how many", "wat": "what", "waht": "what", "whta": "what", "whihc": "which",
    "wich": "which", "whcih": "which", "hte": "the", "teh": "the", "whats": "what is",
    # shorthand typed in Slack
    "govt": "government", "gvt": "government", "intl": "international", "ppl": "people",
    "orgs": "organizations", "dept": "department", "natl": "national", "yrs": "years",
    "yr": "year", "mtg": "meeting", "elex": "elections", "res": "resolution",
    "recs": "recommendations", "reps": "representatives", "approx": "approximately",
}  # fmt: skip
_QUESTION_WORD_TYPOS = re.compile(r"\b(?:" + "|".join(_QUESTION_WORDS) + r")\b")
_QUESTION_WORD_TYPOS_ANY_CASE = re.compile(_QUESTION_WORD_TYPOS.pattern, re.I)
_QUESTION_SYMBOL = re.compile(
    r"\b[A-Z]{1,5}(?:/[A-Z]{2,6})*/\d{4}/\d+(?:/(?:Rev|Add|Corr)\.?\d*)?|\b(?:SC|GA|S/PV|SG/SM)[/.]\d+"
)
_YEAR = re.compile(r"(?<![\d/.,-])((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?(?![\d/-])")
_SYMBOL_TEXT = re.compile(r"\b[A-Z]+(?:/[A-Z]+)*/\d{4}/\d+\S*|\b(?:19|20)\d\d/\d+|\d{4}-\d{3}")
# "resolution 2164 (2014)": the year a resolution was adopted names the resolution.


@dataclass(frozen=True)
class Concept:
    """Something the question names, with every way a document may write it."""

    name: str  # as the user wrote it
    alternatives: frozenset[str]  # phrase keys
    typed: str  # the phrase key of the user's own words
    proper: bool  # an acronym, a name or a number: may be named anywhere in the document
    weak: bool = False  # a verb or filler the answer's sentence need not repeat
    role: str = "topic"  # topic | focus | source | country | number
    entity: str | None = None  # population | body (see synonyms.json)
    start: int = 0  # token positions in the question
    end: int = 0
    counted: bool = False  # "how many *complaints*": what the figure asked for counts
    acronym: bool = False  # written in capitals in the question ("MINUSMA", "CSA")
    about_document: bool = False  # names the document itself ("the date of S/2016/897")
    subject: bool = False  # a subject (CRSV, DDR): what a figure or a report is about
    symbol: bool = False  # a document symbol ("S/2016/361/Rev.1", "SC/12426")
    agenda: bool = False  # the WPS agenda itself (lexicon.AGENDA)


@dataclass
class Question:
    """A parsed question."""

    original: str
    text: str  # Slack markup and the bot's name stripped
    asks: tuple[str, ...]  # what it asks for, main ask first
    yes_no: bool
    tense: str | None  # past | future | None
    target: str | None = None  # "which resolution" → "resolution"
    wants_symbol: bool = False
    wants_meeting_number: bool = False
    concepts: list[Concept] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # loaded countries it names
    unknown_countries: list[str] = field(default_factory=list)  # named, in no loaded text
    years: frozenset[int] = frozenset()  # years it is about
    months: tuple[str, ...] = ()  # "YYYY-MM" or "MM" it names ("in November 2014")
    numbers: frozenset[str] = frozenset()  # figures it names ("Of the 22 incidents")
    source: str | None = None  # "according to S/2016/498"
    gendered: bool = False  # names women, girls or men
    parts: int = 1  # things asked side by side: "rape vs gang rape", "girls, women and boys"
    wants_year: bool = False  # "in what year", "which years": a year is the answer

    @property
    def ask(self) -> str:
        """The main ask."""
        return self.asks[0]

    @property
    def wants_figure(self) -> bool:
        """A number is the answer."""
        return self.ask in FIGURE_ASKS

    @property
    def compound(self) -> bool:
        """It asks for two things ("when and where", "how many, and against whom")."""
        return len(self.asks) > 1

    @property
    def topics(self) -> list[Concept]:
        """The concepts an answer's sentence is checked against (not the source qualifier)."""
        return [c for c in self.concepts if c.role != "source"]


_GENDER_WORDS = re.compile(
    r"\b(?:women|woman|female|females|girls?|boys?|men|male|femmes?|filles?|garcons?|gender|"
    r"hommes?)\b"
)


_GIVEN_PERCENT = re.compile(r"\d\s*(?:%|per ?cent|percent)$")
# French asks yes or no by inversion anywhere in the question: "la résolution a-t-elle été
# adoptée à l'unanimité ?", "le mandat est-il prorogé ?".
_FRENCH_INVERSION = re.compile(
    r"\b\w+-t-(?:il|elle|ils|elles|on)\b"
    r"|\b(?:est|sont|etait|etaient|sera|seront|peut|peuvent|doit|doivent|ont|avait)-"
    r"(?:il|elle|ils|elles|on)\b"
)
# How far after "what"/"which" a sharper cue still names the ask ("what is the quota",
# "what's the date of", "what minimum representation").
_SHARPENS_WITHIN = 26


def _asks(folded: str) -> tuple[str, ...]:
    """What the question asks for, from where its cue words stand.

    The earliest cue is the main ask; after "what"/"which"/"how" a sharper cue close by
    wins ("what share", "what is the date of"). A cue word later in the question is a topic,
    not an ask ("which law sets the *quota*").
    """
    if _YES_NO.match(folded):
        return ("yes_no",)
    cues = sorted(
        (match.start(), -match.end(), rule.kind)
        for rule in ASK_RULES
        for match in rule.cue.finditer(folded)
        # "which countries have 30% women MPs": the question's own figure, not what it asks
        if not (rule.kind == "share" and _GIVEN_PERCENT.search(folded[: match.end()]))
    )
    cues = [(start, -negative_end, kind) for start, negative_end, kind in cues]
    if not cues:
        if _FRENCH_INVERSION.search(folded):
            return ("yes_no",)
        return (next((kind for cue, kind in _NOUN_ASKS_ALONE if cue.search(folded)), "figure"),)
    _, end, kind = cues[0]
    if kind in {"which", "how"}:
        sharper = [
            k for s, _, k in cues[1:] if s - end <= _SHARPENS_WITHIN and k not in {"which", "how"}
        ]
        if sharper:
            kind = sharper[0]
    return (kind,)


# A question typed without a question word asks what its noun names: "name of the SRSG?",
# "theme of the open debate", "NAP period?", "venue of the forum?", « objectif du projet ? ».
# Read only when nothing else cues the ask; else a bare phrase asks for a figure ("women on the
# CSA?").
_NOUN_ASKS_ALONE = (
    (re.compile(r"\b(?:periods?|periode|timeframe|time frame)\b"), "period"),
    (re.compile(r"\b(?:venue|location|lieu|emplacement)\b"), "where"),
    (
        re.compile(
            r"\b(?:names?|noms?|titles?|titre|intitule|themes?|objectives?|objectifs?|goals?|"
            r"aims?|purpose|but|motto|slogan|devise|mandate|mandat|priorit(?:y|ies|es?)|"
            r"focus|called|appele\w*|role|post|poste|fonction)\b"
        ),
        "which",
    ),
)


# "..., and until when", "and against whom", "and how many to ...": a second ask.
_SECOND_ASK = re.compile(
    r"\b(?:and|et|or)\s+(?:until\s+|by\s+|since\s+|against\s+|to\s+|with\s+|from\s+|for\s+)?"
    r"(when|where|whom|who|how many|how much|how long|how often|quand|combien|ou|what|which)\b"
    r"(?:(?:'s|\s+is|\s+was|\s+were)?\s+(?:its|the|their|his|her)?\s*(\w+))?"
)
# "the symbol and date", "when and where": two asks named side by side.
_ASK_NOUN = r"(symbol|date|period|name|title|place|when|where)s?"
_PAIRED_ASKS = re.compile(rf"\b{_ASK_NOUN} and (?:the )?{_ASK_NOUN}\b")
_SECOND_ASK_KINDS = {
    "when": "when", "quand": "when", "where": "where", "ou": "where", "who": "who",
    "whom": "who", "how many": "count", "how much": "count", "combien": "count",
    "how long": "duration", "how often": "cadence",
}  # fmt: skip
_NOUN_ASKS = {"date": "when", "dates": "when", "period": "period", "symbol": "which",
              "name": "which", "title": "which", "place": "where", "when": "when",
              "where": "where"}  # fmt: skip


def _compound_parts(folded: str, asks: list[str]) -> list[str]:
    """Second asks said with 'and': 'how many ..., and how many', 'and until when', 'the
    symbol and date'."""
    extra: list[str] = []
    for match in _SECOND_ASK.finditer(folded):
        word, noun = match.group(1), match.group(2) or ""
        if word in {"what", "which"}:
            kind = _NOUN_ASKS.get(noun)
            if kind is None:
                continue
        else:
            kind = _SECOND_ASK_KINDS[word]
        extra.append(kind)
    for match in _PAIRED_ASKS.finditer(folded):
        extra += [_NOUN_ASKS[match.group(1)], _NOUN_ASKS[match.group(2)]]
    if re.search(r"\bout of how many\b|\bsur combien\b", folded):
        extra.append("count")
    return extra


@lru_cache(maxsize=4096)
def _country_key(country: str) -> str:
    return phrase_key(country)


@lru_cache(maxsize=1)
def _known_country_keys() -> dict[str, str]:
    """Every name of a known country ('chad', 'tchad') → its countries.txt name."""
    keys = {_country_key(c): c for c in known_countries() if _country_key(c)}
    for group in country_name_groups():
        canonical = keys.get(_country_key(group[0]))
        for name in group[1:]:
            if canonical is not None and _country_key(name):
                keys.setdefault(_country_key(name), canonical)
    return keys


@lru_cache(maxsize=1)
def _other_names() -> dict[str, tuple[str, ...]]:
    """A country name's key → the keys of its other names ('cameroon' → 'cameroun')."""
    out: dict[str, tuple[str, ...]] = {}
    for group in country_name_groups():
        keys = tuple(k for k in (_country_key(n) for n in group) if k)
        for key in keys:
            out[key] = tuple(k for k in keys if k != key)
    return out


def _named_country(word: str, countries_by_key: dict[str, str]) -> str | None:
    """'mali', 'malian' and "mali's" name Mali; 'velorian' names Veloria; 'sudanese' Sudan.

    A demonym is the name plus up to three letters ('congolese' is 'congo' plus four, and is
    listed as a form of its own).
    """
    if word in countries_by_key:
        return countries_by_key[word]
    for cut in (1, 2, 3, 4):
        if len(word) - cut >= 4 and word[:-cut] in countries_by_key:
            return countries_by_key[word[:-cut]]
    return None


class CountryIndex:
    """The loaded countries, keyed for matching: 'mali' → Mali."""

    def __init__(self, countries: tuple[str, ...]) -> None:
        self.countries = tuple(c for c in countries if c)
        self.by_key = {_country_key(c): c for c in self.countries}
        # a loaded country is also found by its other names (« Cameroun » by "Cameroon")
        for key, country in list(self.by_key.items()):
            for other in _other_names().get(key, ()):
                self.by_key.setdefault(other, country)
        self.multiword = {k: c for k, c in self.by_key.items() if " " in k}
        # "the Congo" is how "the Democratic Republic of the Congo" is called for short.
        self.short = {k.rsplit(" the ", 1)[1]: c for k, c in self.multiword.items() if " the " in k}

    def __contains__(self, country: object) -> bool:
        return country in self.countries


# "the 2020 report", "its 2019 annual report": the year names the document, whose figures are
# of the year before.
_DOCUMENT_YEAR = re.compile(
    # "the 2020 report", "the SG's 2021 WPS report", "the 2019 CRSV annual report"
    r"\b((?:19|20)\d\d)\s+(?:(?!(?:the|a|an|and|of|in|on|for)\b)[A-Za-z-]+\s+){0,2}?"
    r"(?:annual\s+)?(?:report|statement|note|summary|release|update|page|document|rapport)s?\b"
    # « le rapport de 2019 »
    r"|\b(?:report|rapport)s?\s+(?:de|of)\s+((?:19|20)\d\d)\b(?!\s*\d)",
    re.I,
)
# "the report issued in March 2021": the date names the report, not the period asked about.
_ISSUED_DOCUMENT = re.compile(
    r"\b(?:report|statement|note|summary|release|update|document|rapport)s?\s+(?:issued|published"
    r"|released|dated|publié|publiée)\s+(?:in|on|en|le)\s+[\w ,]{0,20}?\b((?:19|20)\d\d)\b",
    re.I,
)


def _years(text: str) -> frozenset[int]:
    """The years a question is about: not a symbol's, a law number's, a resolution's own year
    ('resolution 2164 (2014)' names the resolution), a report's ('the 2020 report'), nor the
    year a change is measured from ('compared with 2012') or counted from ('how long after the
    2015 law')."""
    # "resolution 2164 (2014)", "compared with 2012", "how long after the 2015 law", "Agenda 2063"
    resolution_years = {str(year) for year in not_period_years(text)}
    resolution_years |= {m.group(1) or m.group(2) for m in _DOCUMENT_YEAR.finditer(text)}
    resolution_years |= {m.group(1) for m in _ISSUED_DOCUMENT.finditer(text)}
    bare = _SYMBOL_TEXT.sub(" ", text)
    found: set[int] = set()
    for match in _YEAR.finditer(bare):
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        if match.group(1) in resolution_years and not match.group(2):
            continue
        found.update(range(min(first, last), max(first, last) + 1))
    return frozenset(found)


def _months(text: str) -> tuple[str, ...]:
    """Months the question names, with their year when it gives one ('2014-11', '-08')."""
    out: list[str] = []
    for mention in find_dates(text, 1900):
        if mention.precision == "year":
            continue
        month = mention.date[5:7]
        out.append(f"{mention.date[:4]}-{month}" if mention.explicit_year else f"-{month}")
    return tuple(dict.fromkeys(out))


# Words only French or only English questions use: which language a question is asked in.
_FRENCH_WORDS = word_set(
    "le la les des du un une et est sont quand combien quel quelle quels quelles qui ou "
    "pourquoi comment selon dans pour sur avec ete ont a-t-il a-t-elle est-ce qu'est c'est "
    "depuis lors au aux ce cette ces leur leurs son sa ses se ne pas "
    # the words of short French questions ("Que signifie CSA ?", "Où … ?", "veut dire")
    "que signifie veut dire ou quoi femmes nombre"
)
_ENGLISH_WORDS = word_set(
    "the of and is are was were when how what which who where why many much in on for "
    "with did does do has have will by to from at this that these their its"
)


def question_language(question: str) -> str:
    """'fr' for a question in French ('Quand la mission a-t-elle séjourné à Bujumbura ?'),
    else 'en'."""
    words = re.findall(r"[a-z][a-z'-]*", fold(question))
    french = sum(1 for w in words if w in _FRENCH_WORDS or w.split("'")[0] in {"l", "d", "qu"})
    english = sum(1 for w in words if w in _ENGLISH_WORDS)
    return "fr" if french > english else "en"


def parse_question(
    question: str,
    lexicon: Lexicon,
    loaded_countries: Iterable[str] | CountryIndex,
    is_indexed: Callable[[str], bool],
    correct: Callable[[str], str | None],
    is_document_name: Callable[[str], bool] = lambda word: False,
    is_document_symbol: Callable[[str], bool] = lambda key: False,
    is_named: Callable[[str, tuple[str, ...]], bool] | None = None,
) -> Question:
    """What a question asks, its concepts and their roles, with typos mended (`correct`: the
    word of the loaded documents a typo meant, or None)."""
    text = re.sub(r"\s+", " ", question).strip()
    text = _BOT_NAME.sub("", text) or text
    text = _NOW_PHRASES.sub("now", text)
    folded = _QUESTION_WORD_TYPOS.sub(lambda m: _QUESTION_WORDS[m.group(0)], fold(text))
    # the same words mended in the question as written, whose capitals name things
    text = _QUESTION_WORD_TYPOS_ANY_CASE.sub(lambda m: _QUESTION_WORDS[m.group(0).lower()], text)
    source = _SOURCE.search(text)
    asks = list(_asks(folded))
    for extra in _compound_parts(folded, asks):
        if extra not in asks or (extra == "count" and asks.count("count") < 2):
            asks.append(extra)
    target_match = _WHICH_TARGET.search(folded)
    target_at = len(tokens(folded[: target_match.start(1)])) if target_match else None
    parsed = Question(
        original=question,
        text=text,
        asks=tuple(asks),
        yes_no=bool(_YES_NO.match(folded)),
        tense="future" if _FUTURE.search(folded) else "past" if _PAST.search(folded) else None,
        target=stem(target_match.group(1)) if target_match else None,
        wants_symbol=bool(_SYMBOL_ASK.search(folded) or _MEETING_NUMBER_ASK.search(folded)),
        wants_meeting_number=bool(_MEETING_NUMBER_ASK.search(folded)),
        wants_year=bool(re.search(r"\b(?:what|which) years?\b|\ben quelle annee\b", folded)),
        years=_years(text),
        months=_months(_ISSUED_DOCUMENT.sub(" ", text)),
        numbers=frozenset(
            n
            for n in re.findall(r"(?<![\d/.,])\d[\d,.]*(?![\d/])", _SYMBOL_TEXT.sub(" ", text))
            if not re.fullmatch(r"(?:19|20)\d\d", n)
        ),
        # "the National Women's Council": a body's name, not who is counted
        gendered=bool(
            _GENDER_WORDS.search(fold(re.sub(r"\b(?:Women|Woman)['’]s\s+[A-Z]\w+", "", text)))
        ),
    )
    if parsed.wants_symbol and parsed.ask in FIGURE_ASKS:
        # "press release number?": a document's symbol, not a figure
        parsed.asks = ("which", *parsed.asks[1:])
    shown = tokens(text)
    words = [stem(t) for t in shown]
    source_span = _token_span(text, source.start("what"), source.end()) if source else None
    if source:
        parsed.source = source.group("what")
    loaded = (
        loaded_countries
        if isinstance(loaded_countries, CountryIndex)
        else CountryIndex(tuple(loaded_countries))
    )
    named = is_named or (lambda key, longer: all(is_indexed(w) for w in key.split()))
    claimed = _countries(parsed, words, loaded, named)
    for symbol in _QUESTION_SYMBOL.finditer(text):
        # "S/2016/897", "SC/12426": one name, not two numbers.
        first, last = _token_span(text, symbol.start(), symbol.end())
        key = " ".join(words[first:last])
        if not key or claimed & set(range(first, last)):
            continue
        claimed.update(range(first, last))
        in_source = source_span is not None and source_span[0] <= first < source_span[1]
        # A document's own symbol says which document, like "according to ...".
        in_source = in_source or is_document_symbol(key)
        parsed.concepts.append(
            Concept(
                name=symbol.group(0),
                alternatives=frozenset({key}),
                typed=key,
                proper=True,
                role="source" if in_source else "topic",
                start=first,
                end=last,
                symbol=True,
            )
        )
    mended: set[int] = set()  # positions already mended: mend each word once
    i = 0
    while i < len(words):
        word = words[i]
        if i in claimed:
            i += 1
            continue
        in_source = source_span is not None and source_span[0] <= i < source_span[1]
        group, size = _longest_group(words, i, lexicon)
        if (
            group is not None
            and group.proper
            and size == 1
            and word in STOPWORDS
            and not _is_acronym(shown[i], text)
        ):
            # "au Lirenia" is not the African Union, nor "us" the United States: a short
            # acronym that is also a word must be written in capitals.
            group = None
        if group is not None:
            parsed.concepts.append(
                _concept(group, shown, words, i, size, in_source, is_document_name, text)
            )
            i += size
            continue
        if word in STOPWORDS or word in ASK_WORDS:
            i += 1
            continue
        if i not in mended and len(word) >= 4 and not word.isdigit() and not is_indexed(word):
            fixed = correct(word)
            if fixed is not None:
                words[i] = fixed
                mended.add(i)
                continue  # look the mended word up again
        proper = word.isdigit() or _is_name(shown[i], text) or is_document_name(word)
        weak = word in WEAK_WORDS or (
            # Scraps of two or three lower-case letters that no document uses are noise.
            len(shown[i]) <= 3 and not word.isdigit() and not proper and not is_indexed(word)
        )
        # "the text", "the summary": the document itself, not what it is about.
        role = "source" if in_source or word in _SELF_WORDS else "topic"
        if word.isdigit() and role != "source":
            # A year is the period the question is about (the another_year rule), not a
            # figure the sentence must repeat.
            role = "year" if int(word) in parsed.years else "number"
        parsed.concepts.append(
            Concept(
                name=shown[i] if i not in mended else word,
                alternatives=frozenset({word}),
                typed=word,
                proper=proper,
                weak=weak,
                role=role,
                start=i,
                end=i + 1,
                acronym=_is_acronym(shown[i], text),
            )
        )
        i += 1
    concepts = _dedupe(parsed.concepts)
    if not any(c.role in {"topic", "number"} and not c.weak for c in concepts):
        # "What is the press release symbol?": about the document itself, so its own words
        # are the topic.
        concepts = [
            replace(c, role="topic", about_document=True) if c.role == "source" else c
            for c in concepts
        ]
    parsed.concepts = _with_roles(concepts, parsed, shown, target_at)
    parsed.concepts.sort(key=lambda c: c.start)
    parsed.parts = _parts(folded, parsed.concepts)
    return parsed


_COORDINATOR = r"(?:and|or|vs|versus|et|ou)"


def _parts(folded: str, concepts: list[Concept]) -> int:
    """How many things the question names side by side ('rape vs gang rape', 'the total and
    women', 'girls, women and boys'): a figure for each is asked."""
    typed = sorted(
        {c.typed for c in concepts if c.role in {"topic", "focus", "target"} and c.typed},
        key=len,
        reverse=True,
    )
    if len(typed) < 2:
        return 1
    stream = " ".join(stem(t) if t != "," else "," for t in re.findall(r"[a-z0-9]+|,", folded))
    item = "(?<!\\S)(?:" + "|".join(re.escape(t) for t in typed) + ")(?!\\S)"
    listed = rf"{item}(?:\s*,\s*{item})*\s*,?\s+{_COORDINATOR}\s+{item}"
    return max((len(re.findall(item, m.group(0))) for m in re.finditer(listed, stream)), default=1)


def _token_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Token positions covering text[start:end]."""
    return len(tokens(text[:start])), len(tokens(text[:end]))


def _countries(
    parsed: Question,
    words: list[str],
    loaded: CountryIndex,
    is_named: Callable[[str, tuple[str, ...]], bool],
) -> set[int]:
    """Countries the question names, loaded or not; returns the word positions they take.

    A country no loaded update covers, and no loaded text even names, is 'unknown': the
    answer is that no update on it is loaded. One a text names ("Lake Chad Basin" in a note
    on the Lake Chad region) is a word like any other.
    """
    joined = f" {' '.join(words)} "
    claimed: set[int] = set()

    def positions(key: str) -> Iterable[tuple[int, int]]:
        for found in re.finditer(rf"(?<= ){re.escape(key)}\w{{0,4}}(?= )", joined):
            first = joined[: found.start()].count(" ") - 1
            yield first, first + key.count(" ") + 1

    for key, country in sorted(loaded.multiword.items(), key=lambda kv: -len(kv[0])):
        for first, last in positions(key):
            if claimed & set(range(first, last)):
                continue
            claimed.update(range(first, last))
            if country not in parsed.countries:
                parsed.countries.append(country)
    known = _known_country_keys()
    for key, country in sorted(known.items(), key=lambda kv: -len(kv[0])):
        if " " not in key:
            continue
        for first, last in positions(key):
            if claimed & set(range(first, last)):
                continue
            claimed.update(range(first, last))
            if country not in loaded:
                _unknown(parsed, country, key, is_named)
    for position, word in enumerate(words):
        if position in claimed:
            continue
        named = _named_country(word, loaded.by_key) or _named_country(word, loaded.short)
        if named is not None:
            claimed.add(position)
            if named not in parsed.countries:
                parsed.countries.append(named)
            continue
        other = _named_country(word, known)
        if other and other not in loaded and _unknown(parsed, other, _country_key(other), is_named):
            claimed.add(position)
    return claimed


def _unknown(
    parsed: Question, country: str, key: str, is_named: Callable[[str, tuple[str, ...]], bool]
) -> bool:
    """Record a country no update covers; False when a loaded text names it anyway — by its
    own name, not inside a longer one ("Sudan" is not named by "South Sudan")."""
    longer = tuple(k for k in _known_country_keys() if k != key and f" {key} " in f" {k} ")
    if is_named(key, longer) or any(is_named(other, ()) for other in _other_names().get(key, ())):
        return False  # a loaded text names it (in English or in French)
    if country not in parsed.unknown_countries:
        parsed.unknown_countries.append(country)
    return True


def _concept(
    group: ConceptGroup,
    shown: list[str],
    words: list[str],
    start: int,
    size: int,
    in_source: bool,
    is_document_name: Callable[[str], bool],
    text: str,
) -> Concept:
    typed = " ".join(words[start : start + size])
    return Concept(
        name=" ".join(shown[start : start + size]),
        alternatives=group.alternatives,
        typed=typed,
        proper=group.proper or is_document_name(typed),
        weak=group.weak,
        role="source" if in_source else "topic",
        entity=entity_kinds().get(group.name),
        start=start,
        end=start + size,
        acronym=size == 1 and _is_acronym(shown[start], text),
        subject=group.subject,
        agenda=group.agenda,
    )


_COUNT_LEAD = re.compile(r"\b(?:how many|number of|combien(?: de| d')?|nombre de)\b")
# "How many of the CRSV survivors were *girls*": of a total, the part asked for.
_PARTITIVE = re.compile(
    r"\bhow many of (?:the |these |those |its |their )?.+? (?:were|are|was|is|have been|had been) "
)


def _with_roles(
    concepts: list[Concept], parsed: Question, shown: list[str], target_at: int | None = None
) -> list[Concept]:
    """Mark the focus: what a figure counts ("how many *criminal complaints*"), the bodies and
    populations the question names, and its names and acronyms that are not its source."""
    folded = " ".join(shown)
    counted_from: int | None = None
    lead = _COUNT_LEAD.search(folded)
    if lead and parsed.wants_figure:
        counted_from = len(folded[: lead.end()].split())
        partitive = _PARTITIVE.search(folded)
        if partitive:
            counted_from = len(folded[: partitive.end()].split())
    # "Who *signed* the letter", "who was the *President*": what the person did or is.
    who_focus = next(
        (c for c in concepts if parsed.ask == "who" and c.role == "topic" and not c.weak),
        None,
    )
    # "How many *people* have been *displaced*", "how many children were *killed*": what tells
    # the counted apart is counted too; after a unit alone ('people') it is the focus.
    described, of_unit = _described(concepts, counted_from, shown)
    out: list[Concept] = []
    for concept in concepts:
        role = concept.role
        after_count = (
            counted_from is not None and counted_from <= concept.start < counted_from + 2
        ) or concept is described
        deed = after_count and _is_deed(concept)
        counted = (
            after_count
            and concept.typed not in GENDER_KEYS
            and not concept.weak
            and concept.role == "topic"
            and not deed
        )
        names_the_focus = (
            role == "topic"
            and not concept.weak
            and (
                concept.entity
                or concept.proper
                or (counted and not _is_unit(concept) and (concept is not described or of_unit))
            )
            and concept.typed not in WOMEN_KEYS
        )
        if concept is who_focus or names_the_focus:
            role = "focus"
        if (
            target_at is not None
            and concept.start == target_at
            and concept.role == "topic"
            and not concept.entity
            and not concept.proper
        ):
            role = "target"  # "in which *areas*": what kind of thing answers, not a topic
        out.append(replace(concept, role=role, counted=counted, weak=concept.weak or deed))
    return out


# How the counted took part, after the thing counted: "how many women *sit on* the board",
# "how many people *faced* …", « combien de membres *comptait* le Conseil ». Being there, taking
# part, facing is no focus: the sentence says it its own way ("the 17 women of the WAB", "the
# participation of 2,000 people"). Verbs that say what happened to them ('killed',
# 'displaced') are a focus still.
_TAKING_PART = frozenset(
    phrase_key(w)
    for w in (
        "sit", "sit on", "sits", "sat", "serve on", "face", "faces", "faced", "facing",
        "take part", "took part", "taking part", "taken part", "participate", "participated",
        "attend", "attended", "join", "joined", "comprise", "comprised", "comptait", "compte",
        "comptent", "siègent", "siège", "siégeaient", "eu", "ont pris part", "pris part",
        "participent", "participaient", "ont participé", "participé", "assisté",
    )
)  # fmt: skip


def _is_deed(concept: Concept) -> bool:
    """A verb of taking part standing where "how many" puts what is counted."""
    return not (concept.entity or concept.proper) and concept.typed in _TAKING_PART


# Counts of persons are written by who they are ("eight Yemeni women", "3.5 million in need"),
# so 'people', 'members' or 'participants' asked for is what is counted, yet no focus that the
# sentence must repeat.
_COUNT_UNITS = frozenset(
    phrase_key(w)
    for w in ("people", "persons", "personnes", "members", "membres", "participants",
              "individuals", "individus")
)  # fmt: skip


# What may stand between 'people' and what they are: "people *have been* displaced", « personnes
# *ont été* déplacées ».
_AUXILIARIES = word_set("have has had been being were was are is who that sont ont ete été qui")


def _described(
    concepts: list[Concept], counted_from: int | None, shown: list[str]
) -> tuple[Concept | None, bool]:
    """The participle that says which of the counted are meant ("how many people have been
    *displaced*", "how many children were *killed*"), and whether what it describes is a unit
    of persons, which alone counts anyone."""
    if counted_from is None:
        return None, False
    head = next((c for c in concepts if c.start in (counted_from, counted_from + 1)), None)
    if head is None:
        return None, False
    at = head.end
    while at < len(shown) and shown[at] in _AUXILIARIES:
        at += 1
    if at == head.end and not _is_unit(head):
        return None, False  # "how many women MPs": no participle, a compound
    described = next(
        (
            c
            for c in concepts
            if c.start == at
            and c.role == "topic"
            and not c.weak
            and not c.entity
            and not c.proper
            and not _is_deed(c)
        ),
        None,
    )
    return described, _is_unit(head)


def _is_unit(concept: Concept) -> bool:
    """'people', 'members', 'participants': the unit a count of persons is in."""
    return concept.typed in _COUNT_UNITS


GENDER_KEYS = frozenset(
    phrase_key(w)
    for w in ("women", "woman", "girls", "girl", "men", "man", "female", "male", "femmes",
              "femme", "filles", "fille", "hommes", "homme", "garçons", "garçon")
)  # fmt: skip
# Nearly every sentence of these documents is about women: naming them says little. Girls,
# boys and men are populations like any other ("cases against *men*").
WOMEN_KEYS = frozenset(phrase_key(w) for w in ("women", "woman", "female", "females", "femmes"))


def _replace_role(concept: Concept, role: str) -> Concept:
    return replace(concept, role=role)


def _longest_group(
    words: list[str], start: int, lexicon: Lexicon
) -> tuple[ConceptGroup | None, int]:
    for size in range(min(lexicon.max_phrase_words, len(words) - start), 0, -1):
        group = lexicon.lookup(" ".join(words[start : start + size]))
        if group is not None:
            return group, size
    return None, 0


MIN_CLIPPED_CHARS = 6


def correction(word: str, known: set[str] | frozenset[str]) -> str | None:
    """The vocabulary word a typo most likely meant ('reconvne' → 'reconven').

    Short words are only mended for swapped letters: "senate" is one letter from "seat" but
    is a different word, and an answer about seats would be wrong.
    """
    if len(word) >= MIN_CLIPPED_CHARS:
        # "visioconf", "parliamentar": a word clipped in a hurry, when one word it starts
        longer = [
            k for k in known if " " not in k and k.startswith(word) and len(k) > len(word) + 2
        ]
        if len(longer) == 1:
            return longer[0]
    pool = [k for k in known if " " not in k and abs(len(k) - len(word)) <= 2 and k[:1] == word[:1]]
    if len(word) <= 6:
        swapped = [k for k in pool if len(k) == len(word) and _two_letters_swapped(word, k)]
        if len(swapped) == 1:
            return swapped[0]
        dropped = [k for k in pool if len(k) == len(word) + 1 and _one_letter_dropped(word, k)]
        return dropped[0] if len(dropped) == 1 else None
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.85)
    return matches[0] if matches else None


def _two_letters_swapped(word: str, known: str) -> bool:
    """'wmoen' is 'women' with two neighbouring letters swapped ('decrit' is no 'direct')."""
    return any(
        known == word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)
    )


def _one_letter_dropped(word: str, known: str) -> bool:
    """'wmen' is 'women' with a letter left out."""
    return any(known[:i] + known[i + 1 :] == word for i in range(1, len(known)))


def _is_name(token: str, text: str) -> bool:
    """An acronym or a capitalised word that is not the question's first word."""
    words = re.findall(r"[\w'’-]+", text)
    for i, written in enumerate(words):
        if fold(written).replace("’", "'").split("'")[0] != token:
            continue
        if written.isupper() and len(written) > 1:
            return True
        if i > 0 and written[:1].isupper():
            return True
    return False


def _is_acronym(token: str, text: str) -> bool:
    """Whether the question writes the token in capitals ("CSA", "MINUSMA's")."""
    return any(
        len(w) > 1 and w.isupper() and fold(w) == token
        for w in re.findall(r"[\w-]+", re.sub(r"['’]s\b", "", text))
    )


def _dedupe(concepts: list[Concept]) -> list[Concept]:
    seen: set[frozenset[str]] = set()
    unique: list[Concept] = []
    for concept in concepts:
        if concept.alternatives not in seen:
            seen.add(concept.alternatives)
            unique.append(concept)
    return unique
