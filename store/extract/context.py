"""What a document says about itself: its country, its date, the year undated dates fall in."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from store.extract.dates import MONTH_RE, MONTHS
from store.models import DocContext, Sentence

_NAME = r"([A-Z][\w'-]+(?: (?:[A-Z][\w'-]+|d'\w+|of|de|du|the))*[A-Z\w]*)"
# "the situation in Mali", "reports to the Council on Veloria", "mission to Mali"
_COUNTRY_PATTERNS = [
    re.compile(rf"\bsituation (?:in|concerning|of) (?:the )?{_NAME}"),
    re.compile(rf"\breports? (?:to the (?:Security )?Council )?on (?:the )?{_NAME}"),
    re.compile(rf"\b(?:mission|visit) to (?:the )?{_NAME}"),
    re.compile(rf"\bla situation (?:au|en|à|a) {_NAME}"),
]
_NOT_COUNTRIES = {"The", "Women", "Security", "Council", "Secretary", "Group", "Agreement"}
_MASTHEAD_DATE = re.compile(rf"^\s*(?:Date[d:]?\s*)?(\d{{1,2}}) ({MONTH_RE}) (\d{{4}})\s*$", re.I)
_DISTRIBUTION_DATE = re.compile(
    rf"\bDistr\.?:?\s*(?:General|Limited|Restricted)\s+(\d{{1,2}}) ({MONTH_RE}) (\d{{4}})\b",
    re.I,
)
_SIGNED_OFF_DATE = re.compile(rf",\s*(\d{{1,2}}) ({MONTH_RE}) (\d{{4}})\s*$", re.I)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def detect_country(sentences: list[Sentence], title: str = "") -> str | None:
    """The country the update is about: from phrases like 'the situation in X', else the
    capitalised word the file name also names ('lirenia-sg-2028.txt' and 'Lirenia')."""
    votes: Counter[str] = Counter()
    for sentence in sentences[:60]:
        for pattern in _COUNTRY_PATTERNS:
            for match in pattern.finditer(sentence.text):
                name = match.group(1).split(" with ")[0].rstrip(".,;")
                # A mission's acronym ("a report on UNMOS") is not the country.
                if name.split()[0] not in _NOT_COUNTRIES and not name.isupper():
                    votes[name] += 1
    if votes:
        return votes.most_common(1)[0][0]
    named = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", title)}
    words: Counter[str] = Counter(
        w
        for s in sentences
        for w in re.findall(r"\b[A-Z][a-z]{3,}\b", s.text)
        if w.lower() in named
    )
    if words:
        return words.most_common(1)[0][0]
    return _most_named_country(sentences)


# A country named this many times, and twice as often as any other, is what a text is about.
MIN_COUNTRY_MENTIONS = 2


def _most_named_country(sentences: list[Sentence]) -> str | None:
    """The known country a text names most (in English or French), when one clearly leads: a
    mission's news page or a statement says 'Burundi' throughout without 'the situation in'."""
    text = " ".join(s.text for s in sentences[:80])
    counts: Counter[str] = Counter()
    for country, pattern in _country_patterns():
        found = len(pattern.findall(text))
        if found:
            counts[country] += found
    for longer, shorter in _NESTED_NAMES:  # "South Sudan" is no mention of "Sudan"
        if counts[longer] and counts[shorter]:
            counts[shorter] = max(0, counts[shorter] - counts[longer])
    ranked = [(c, n) for c, n in counts.most_common(2) if n]
    if not ranked or ranked[0][1] < MIN_COUNTRY_MENTIONS:
        return None
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    return ranked[0][0]


_NESTED_NAMES = (("South Sudan", "Sudan"), ("Democratic Republic of the Congo", "Congo"))


@lru_cache(maxsize=1)
def _country_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each known country (store/data/countries.txt) with a pattern for all its names."""
    from store.answering.lexicon import country_name_groups, known_countries

    others = {group[0]: group[1:] for group in country_name_groups()}
    patterns = []
    for name in known_countries():
        written = "|".join(re.escape(n) for n in [name, *others.get(name, ())])
        patterns.append((name, re.compile(rf"\b(?:{written})\b(?![-\w])")))
    return tuple(patterns)


def detect_doc_date(raw_text: str) -> str | None:
    """A masthead date near the top: alone on its line ("12 October 2026") or after the
    distribution line of a UN document ("Distr.: General 14 June 2027")."""
    for number, line in enumerate(raw_text.splitlines()[:40]):
        match = (
            _MASTHEAD_DATE.match(line)
            or _DISTRIBUTION_DATE.search(line)
            # "Prepared by the Office of the Senior Gender Adviser, 10 April 2028"
            or (_SIGNED_OFF_DATE.search(line) if number < 12 else None)
        )
        if match:
            month = MONTHS.get(match.group(2).lower())
            if month:
                return f"{match.group(3)}-{month:02d}-{int(match.group(1)):02d}"
    return None


def document_context(title: str, raw_text: str, sentences: list[Sentence]) -> DocContext:
    """Country, own date and the year that dates written without one fall in."""
    doc_date = detect_doc_date(raw_text)
    years = Counter(int(y) for s in sentences for y in _YEAR.findall(s.text))
    if doc_date:
        year: int | None = int(doc_date[:4])
    elif years:
        year = years.most_common(1)[0][0]
    else:
        year = None
    return DocContext(
        title=title, country=detect_country(sentences, title), doc_date=doc_date, year=year
    )
