"""What a document says about itself: its country, its date, the year undated dates fall in."""

from __future__ import annotations

import re
from collections import Counter

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
    return words.most_common(1)[0][0] if words else None


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
