"""Words for a typed answer: the one renderer every surface uses (CLI, JSON, console, Slack).

Imports nothing of Slack, so the CLI can use it without loading slack_bolt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from handlers.trend import series_lines
from store.answering.types import Answer, Related, Source
from store.extract.dates import format_date, format_span, part_of, precision_of
from store.extract.numbers import format_number

PASSAGE_LABEL = "The closest passage in the updates (quoted, not a recorded figure):"
# The same words for a question asked in French.
PASSAGE_LABEL_FR = (
    "Le passage le plus proche dans les mises à jour (cité, pas un chiffre enregistré) :"
)
_YES_NO_FR = {"yes": "Oui", "no": "Non"}
NEAR_CHARS = 90
_HELD = frozenset({"seats", "posts", "positions", "places", "sièges", "postes", "portfolios"})
_GENDERED = {"women": "woman", "men": "man", "girls": "girl", "boys": "boy"}


def date_text(iso: str | None, language: str = "en") -> str:
    """'2016-05-31' → '31 May 2016', '2016-05' → 'May 2016' (in French '31 mai 2016')."""
    if not iso:
        return ""
    return format_date(iso, precision_of(iso), False, None, language)


def number_text(value: float | None, language: str = "en") -> str:
    """A figure as a reader writes it: '1,451', '2.1 million', '8 billion', '1.78'; in French
    (`language` "fr") '1 451', '2,1 millions', '1,78'."""
    if value is None:
        return ""
    french = language == "fr"
    if abs(value) >= 1_000_000_000 and float(value / 10_000_000).is_integer():
        scaled, scale = value / 1_000_000_000, ("milliard" if french else "billion")
    elif abs(value) >= 1_000_000 and float(value / 10_000).is_integer():
        scaled, scale = value / 1_000_000, "million"
    elif float(value).is_integer() and abs(value) >= 1_000:
        grouped = f"{int(value):,}"
        return grouped.replace(",", " ") if french else grouped
    else:
        scaled, scale = value, ""
    written = format_number(scaled).replace(".", ",") if french else format_number(scaled)
    plural = "s" if french and scale and scaled >= 2 else ""
    return f"{written} {scale}{plural}" if scale else written


def _pct(value: float, total: float, language: str = "en") -> str:
    """'24%', '1.6%' (in French '24 %', '1,6 %'): one decimal, none when it is nought."""
    share = number_text(round(100 * value / total, 1), language)
    return f"{share} %" if language == "fr" else f"{share}%"


# How a document writes a percentage after its figure: '24%', '24 %', '24 per cent', '24 pour
# cent'. A share is written back the way its sentence writes it, so the lead reads like the
# quote under it (and a search of the text for the lead's figure finds it).
_PERCENT_WRITTEN = re.compile(r"\d(\s?%|\s+per\s?cent|\s+percent|\s+pour\s?cent)", re.I)


def percent_sign(words: str) -> str:
    """The percent sign a figure's own words use ('30 per cent' → ' per cent'); '%' when
    they write none."""
    found = _PERCENT_WRITTEN.search(words)
    return found.group(1) if found else "%"


_CURRENCY = re.compile(r"(US\$|\$|€|£|USD |EUR |CHF )\s?\d")


def _currency_of(words: str) -> str:
    """The currency a figure's own words write before it ('$1.43 million' → '$')."""
    found = _CURRENCY.search(words)
    return found.group(1) if found else ""


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def fact_text(fact: dict[str, Any], language: str = "en") -> str:
    """One stored figure as a sentence: '6 of the 25 members of the TRC are women (24%).'; in
    French (`language` "fr") as a labelled line: 'Femmes : 6 sur 25 membres de la CVJR
    (24 %).'"""
    if language == "fr":
        return _fact_text_fr(fact)
    kind, unit = fact["kind"], fact["unit"]
    value = fact["value"]
    v = _currency_of(str(fact.get("words") or "")) + number_text(value)
    pct = percent_sign(str(fact.get("words") or "")) if unit == "percent" else ""
    subject, measure = fact.get("subject") or "", fact.get("measure") or ""
    gender = subject in _GENDERED
    if kind == "list":
        items = fact.get("items") or []
        return f"{_cap(measure)} ({len(items)}): {'; '.join(items)}."
    if kind == "change":
        return _change_text(fact, v, pct, subject, measure)
    if kind == "quota":
        target = f" {measure}" if measure else ""
        return f"A {v}{pct}{_said(fact, v)} quota for {subject or 'women'}{target}."
    if kind == "share":
        tail = f" were {subject}" if gender and subject not in measure.split() else ""
        notes: list[str] = []
        if fact.get("previous_value") is not None:
            since = f" in {date_text(fact['previous_as_of'])}" if fact.get("previous_as_of") else ""
            way = "down" if fact["previous_value"] > (value or 0) else "up"
            notes.append(f"{way} from {number_text(fact['previous_value'])}{pct}{since}")
        end = f" ({', '.join(notes)})." if notes else "."
        return f"{v}{pct} of {measure}{tail}{end}"
    return _count_text(fact, v, subject, measure, gender)


# Who a figure counts, in French: 'Femmes — …'.
_WHO_FR = {"women": "Femmes", "men": "Hommes", "girls": "Filles", "boys": "Garçons"}
_QUALIFIER_FR = {"documented": "documentés", "verified": "vérifiés", "reported": "signalés",
                 "alleged": "allégués", "recorded": "enregistrés"}  # fmt: skip


def _fact_text_fr(fact: dict[str, Any]) -> str:
    """A stored figure for a French reader. Its words are the document's (French or English),
    so the lead is a label and a figure, with no sentence to agree with them."""
    kind, value, total = fact["kind"], fact["value"], fact.get("total")
    written = _PERCENT_WRITTEN.search(str(fact.get("words") or ""))
    # '24%' and '24 %' as the text writes them; 'per cent', or no sign, is ' %' in French
    sign = written.group(1) if written and "%" in written.group(1) else " %"
    pct = sign if fact["unit"] == "percent" else ""
    v = _currency_of(str(fact.get("words") or "")) + number_text(value, "fr")
    subject, measure = fact.get("subject") or "", fact.get("measure") or ""
    who = _WHO_FR.get(subject)
    label = who or _cap(measure) or "Chiffre"
    # what the figure is of, after it: '4 sur 30 membres de la Commission', '27 % (magistrats)'
    of = f" ({measure})" if who and measure else ""
    if kind == "list":
        items = fact.get("items") or []
        return f"{_cap(measure)} ({len(items)}) : {' ; '.join(items)}."
    if kind == "quota":
        target = f" ({measure})" if measure else ""
        for_whom = who.lower() if who else (subject or "femmes")
        return f"Quota de {v}{pct} pour les {for_whom}{target}."
    notes: list[str] = []
    if total and value is not None:
        notes.append(_pct(value, total, "fr"))
    if fact.get("qualifier") in _QUALIFIER_FR:
        notes.append(_QUALIFIER_FR[fact["qualifier"]])
    if total:
        figure = f"{v} sur {number_text(total, 'fr')}" + (f" {measure}" if who and measure else "")
    else:
        figure = f"{v}{pct}{of}"
    previous = fact.get("previous_value")
    if previous is not None:
        since = (
            f" ({date_text(fact['previous_as_of'], 'fr')})" if fact.get("previous_as_of") else ""
        )
        until = f" ({date_text(fact['as_of'], 'fr')})" if fact.get("as_of") else ""
        if previous == value:
            notes.append(f"inchangé depuis {number_text(previous, 'fr')}{pct}{since}")
        elif kind == "change":
            way = "en baisse" if previous > (value or 0) else "en hausse"
            by = number_text(round(abs((value or 0) - previous), 2), "fr")
            points = " points" if pct else ""
            return (
                f"{label} : de {number_text(previous, 'fr')}{pct}{since} à {figure}{until}, "
                f"{way} de {by}{points}."
            )
        else:
            way = "en baisse" if previous > (value or 0) else "en hausse"
            notes.append(f"{way}, contre {number_text(previous, 'fr')}{pct}{since}")
    tail = f" ({', '.join(notes)})" if notes else ""
    return f"{label} : {figure}{tail}."


_WORDED = re.compile(
    r"\b(?:one|two|a)[ -](?:third|quarter|half|fifth)s?\b|\bhalf\b|\bparity\b|\bmajority\b",
    re.I,
)


def _said(fact: dict[str, Any], shown: str) -> str:
    """The figure as the text words it, when it words it otherwise ('one third')."""
    words = str(fact.get("words") or "")
    worded = _WORDED.search(words)
    if worded and shown not in words:
        return f" (“{worded.group(0)}”)"
    return ""


def _change_text(fact: dict[str, Any], v: str, pct: str, subject: str, measure: str) -> str:
    value, before = fact["value"] or 0, fact.get("previous_value") or 0
    # "Women among female military observers" says women twice.
    named = subject and subject not in measure.split()
    who = _cap(f"{subject} among {measure}" if named else measure)
    prev = number_text(fact.get("previous_value"))
    since = f" ({date_text(fact['previous_as_of'])})" if fact.get("previous_as_of") else ""
    until = f" ({date_text(fact['as_of'])})" if fact.get("as_of") else ""
    if value == before:
        return f"{who}: unchanged at {v}{pct}{since}{until}."
    direction = "fell" if value < before else "rose"
    # "down 12 points": by how much, as a reader asks it
    by = f"{'down' if value < before else 'up'} {number_text(round(abs(value - before), 2))}"
    by += " points" if pct else ""
    if fact.get("total"):
        # "rose from 19 to 31 of 150 seats"
        who = _cap(subject) if subject else "The figure"
        of = f" of the {number_text(fact['total'])} {measure}".rstrip()
        return f"{who}: {direction} from {prev}{since} to {v}{of}{until}, {by}."
    return f"{who}: {direction} from {prev}{pct}{since} to {v}{pct}{until}, {by}."


def _count_text(fact: dict[str, Any], v: str, subject: str, measure: str, gender: bool) -> str:
    value, total = fact["value"], fact["total"]
    notes: list[str] = []
    if total and value is not None:
        notes.append(_pct(value, total))
    if fact.get("qualifier") in {"documented", "verified", "reported", "alleged", "recorded"}:
        notes.append(fact["qualifier"])
    if fact.get("previous_value") is not None:
        since = f" in {date_text(fact['previous_as_of'])}" if fact.get("previous_as_of") else ""
        if fact["previous_value"] == value:
            notes.append(f"unchanged since{since or ' before'}")
        else:
            way = "down" if fact["previous_value"] > (value or 0) else "up"
            notes.append(f"{way} from {number_text(fact['previous_value'])}{since}")
    tail = f" ({', '.join(notes)})." if notes else "."
    if total is None:
        return f"{v} {measure}{tail}"
    t = number_text(total)
    # "21-member cabinet" already says how many there are.
    of = f"the {measure}" if measure.startswith(f"{t}-") else f"the {t} {measure}"
    if gender and measure.split()[:1] and measure.split()[0] in _HELD:
        # "Women hold 2 of the 15 seats on the CND": seats are held, not women.
        return f"{subject.capitalize()} hold {v} of {of}{tail}"
    if gender and subject not in measure.split():
        who = f"is a {_GENDERED[subject]}" if value == 1 else f"are {subject}"
        return f"{v} of {of} {who}{tail}"
    if subject and (subject in measure.split() or subject.split()[0] in measure.split()[:3]):
        return f"{v} of {of}{tail}"  # "19 of the 48 cases ended in convictions"
    # "37 victims of the 113 cases — “37 victims from the backlog of 113 cases”": how the two
    # relate is the text's to say, so its own words follow.
    named = f"{v} {subject} of the {t} {measure}" if subject and measure else f"{v} of {t}"
    return f"{named} — “{fact.get('words') or fact['quote']}”{tail}"


_RELATIVE = re.compile(
    r"\b(?:in\s+)?((?:approximately|about|around|roughly|some|dans environ|environ)\s+\w+\s+"
    r"(?:months?|weeks?|days?|years?|mois|semaines|jours|ans))",
    re.I,
)


# Where a document states its own date, as a reader is told it.
_DATE_SAID = {
    "masthead": " (its masthead)",
    "dateline": " (its dateline)",
    "letter": " (the date of its letter)",
    "updated": " (last updated)",
}


_DATE_SAID_FR = {
    "masthead": " (son en-tête)",
    "dateline": " (sa ligne de date)",
    "letter": " (la date de sa lettre)",
    "updated": " (dernière mise à jour)",
}


def event_text(event: dict[str, Any], language: str = "en") -> str:
    """One stored event: 'Next IEG meeting on Mali: about 29 Aug 2016 — “approximately six
    months” after 29 Feb 2016.' Its dates are written in `language` (the question's):
    'du 2 au 4 mars 2020' for a question asked in French."""
    # "early March" is kept as March, approximate; its own words say which part of the month.
    part = part_of(event.get("words") or "") if event.get("precision") == "month" else None
    when = (
        format_date(event["date"], event["precision"], bool(event["approximate"]), part, language)
        if event["date"]
        else ""
    )
    title = event["title"]
    french = language == "fr"
    if event["kind"] == "document":
        said = (_DATE_SAID_FR if french else _DATE_SAID).get(str(event.get("date_source")), "")
        dated_word = "daté du" if french else "dated"
        is_word = "est" if french else "is"
        if event.get("reported"):
            # "When was resolution 2242 adopted?", answered by the day of the press release
            if french:
                return f"{_cap(when)} : le jour de {event['document']}, qui le rapporte{said}."
            return f"{when}: the day of {event['document']}, which reports it{said}."
        if event.get("symbol"):
            dated = f", {dated_word} {when}" if event["date"] else ""
            return f"{event['document']} {is_word} {event['symbol']}{dated}{said}."
        return f"{event['document']} {is_word} {dated_word} {when}{said}."
    if event["kind"] == "cadence":
        cadence = event.get("cadence") or ""
        every = f"every {cadence}".replace("every 1 ", "every ")  # "every year", not "every 1 year"
        return f"{title}." if cadence in title else f"{title} ({every})."
    dates = event.get("dates") or []
    if event.get("last_day"):
        when = format_span(event["date"], event["last_day"], language)  # "du 2 au 4 mars": 2–4 Mar
    elif len(dates) > 1:
        # "held on 29 March and 19 April 2020": every date the sentence joins to it
        joined = " et " if language == "fr" else " and "
        when = joined.join(
            format_date(d["date"], d["precision"], False, None, language) for d in dates
        )
    text = f"{title} : {when}" if french else f"{title}: {when}"
    relative = _RELATIVE.search(str(event.get("quote") or ""))
    if event["approximate"] and relative and event.get("anchor_date"):
        anchor = format_date(event["anchor_date"], "day", False, None, language)
        after = "après le" if french else "after"
        text += f" — “{relative.group(1)}” {after} {anchor}"
    return text + "."


def where(source: Source, dated: bool = True) -> str:
    """'mali-ieg-2016.txt, “Other key updates” (as of 31 May 2016)'."""
    section = f", “{source.section}”" if source.section else ""
    as_of = f" (as of {date_text(source.as_of)})" if source.as_of and dated else ""
    return f"{source.document}{section}{as_of}"


def cut(text: str, limit: int = NEAR_CHARS) -> str:
    """Text cut at a word boundary, never inside a figure ('17.9' stays whole)."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    else:
        # No space late enough (a long address or symbol): cut at the last place that is
        # not inside a word or a figure, so '17.9' or 'S/2016/1137' never loses its tail.
        breaks = [i for i in range(1, limit) if _may_cut_at(text, i)]
        if breaks:
            head = text[: breaks[-1]]
    return head.rstrip(" ,;:") + "…"


def _may_cut_at(text: str, i: int) -> bool:
    """Whether text[:i] ends between words: not inside a word, nor in a figure's '17.9'."""
    before, after = text[i - 1], text[i]
    if before.isalnum() and after.isalnum():
        return False
    # '17.|9' and '17|.9' both split the figure
    return not (
        _FIGURE_SEPARATOR.fullmatch(text[max(0, i - 2) : i + 1])
        or _FIGURE_SEPARATOR.fullmatch(text[i - 1 : i + 2])
    )


_FIGURE_SEPARATOR = re.compile(r"\d[.,]\d")


@dataclass(frozen=True)
class Lines:
    """An answer in words: the lead (what it says), then what backs it."""

    lead: str
    quote: Source | None  # the source sentence, shown under the lead
    related: list[str]  # 'Earlier: …', 'Also, on Mali: …'


def _related_line(item: Related, dated: bool, language: str = "en") -> str:
    text = fact_text(item.facts[0], language) if item.facts else item.source.quote
    french = language == "fr"
    if item.label == "elsewhere":
        place = item.country or item.source.document
        label = f"Aussi, sur {place} :" if french else f"Also, on {place}:"
    elif item.label == "earlier":
        label = "Auparavant :" if french else "Earlier:"
    else:
        label = "Aussi :" if french else "Also:"
    return f"{label} {text} — {where(item.source, dated)}"


def lines(answer: Answer) -> Lines:
    """The words of an answer, before a surface lays them out."""
    if not answer.found:
        return Lines(refusal_text(answer), None, [])
    source = answer.sources[0] if answer.sources else answer.passage
    if answer.kind in {"fact", "list"}:
        lead = " ".join(fact_text(f, answer.language) for f in answer.facts)
        if answer.series is not None:
            heading = f"Over {len(answer.series.points)} updates, oldest first:"
            return Lines(lead, source, [heading, *series_lines(answer.series)])
        related = [_related_line(r, True, answer.language) for r in answer.related]
        return Lines(lead, source, related)
    if answer.kind == "event" and answer.event:
        return Lines(event_text(answer.event, answer.language), source, [])
    if answer.kind == "expansion" and answer.expansion:
        e = answer.expansion
        if answer.language == "fr":
            said = f"(tel que {e.document} le définit)" if e.document else "(glossaire FPS)"
            return Lines(f"{e.acronym} signifie {e.long_form} {said}.", None, [])
        said = f"(as {e.document} defines it)" if e.document else "(from the WPS glossary)"
        return Lines(f"{e.acronym} stands for {e.long_form} {said}.", None, [])
    if answer.language == "fr":
        label = PASSAGE_LABEL_FR
        if answer.yes_no:
            label = f"{_YES_NO_FR[answer.yes_no]}, d'après ce passage des mises à jour :"
        elif answer.names:
            label = f"{' et '.join(answer.names)}, d'après ce passage des mises à jour :"
        return Lines(label, source, [])
    label = PASSAGE_LABEL
    if answer.yes_no:
        label = f"{answer.yes_no.capitalize()}, going by this passage in the updates:"
    elif answer.names:
        label = f"{' and '.join(answer.names)}, going by this passage in the updates:"
    return Lines(label, source, [])


def refusal_text(answer: Answer) -> str:
    """Why there is no answer, and what is nearest."""
    if answer.reason == "empty":
        return "Ask me a question, e.g. “women on the CSA?”"
    if answer.reason == "no_documents":
        return "No situation updates are loaded yet: a coordinator can load one (ingest)."
    if answer.reason == "unknown_country":
        missing = ", ".join(answer.unknown_countries)
        if answer.language == "fr":
            return f"Aucune mise à jour sur {missing} n'est chargée : je ne peux pas répondre."
        return f"No update on {missing} is loaded, so I can't answer that."
    if answer.reason == "no_topic":
        return (
            "I need a topic to look for — e.g. “women on the CSA?” or “when is the next SG "
            "report due?”"
        )
    topic = ", ".join(answer.topics) or answer.question
    nearest = list(dict.fromkeys(cut(s.quote) for s in answer.near))
    quoted = " | ".join(f"“{t}”" for t in nearest)
    if answer.language == "fr":
        on = f" sur {', '.join(answer.countries)}" if answer.countries else ""
        text = f"Les mises à jour chargées{on} n'y répondent pas ({topic})."
        return text + (f" Le plus proche : {quoted}" if nearest else "")
    on = f" on {', '.join(answer.countries)}" if answer.countries else ""
    text = f"The loaded updates{on} don't answer that ({topic})."
    return text + (f" Nearest in the updates: {quoted}" if nearest else "")


def render_text(answer: Answer) -> str:
    """The answer as a terminal shows it: the lead, the quoted source, related figures."""
    words = lines(answer)
    out = [words.lead]
    if words.quote is not None:
        dated = answer.kind in {"fact", "list"}
        out.append(f"“{words.quote.quote}” — {where(words.quote, dated)}")
    out += words.related
    return "\n".join(out)


def answer_json(answer: Answer) -> dict[str, Any]:
    """The object `wpsbot ask --json` prints: every part, plus the rendered answer."""
    return {**answer.data(), "answer": render_text(answer)}


def explain_text(answer: Answer) -> str:
    """The trace `wpsbot ask --explain` prints: the parsed question and each candidate."""
    trace = answer.explanation
    if trace is None:
        return "(no trace: the question was answered before any sentence was ranked)"
    out = [f"asks: {', '.join(trace.asks)}"]
    if trace.countries or trace.years:
        countries = ", ".join(trace.countries) or "-"
        years = ", ".join(map(str, trace.years)) or "-"
        out.append(f"countries: {countries}; years: {years}")
    for c in trace.concepts:
        weak = ", weak" if c["weak"] else ""
        out.append(f"  concept {c['name']!r}: {c['role']}{weak}, weight {c['weight']}")
    for i, cand in enumerate(trace.candidates):
        mark = "WINNER " if trace.winner == i else ""
        score = "vetoed" if cand.score is None else f"{cand.score:+.2f}"
        out.append(f"{mark}[{score}] {cand.document} #{cand.position}: {cut(cand.sentence, 110)}")
        for rule, effect, detail in cand.firings:
            shown = effect if isinstance(effect, str) else f"{effect:+.2f}"
            out.append(f"      {rule} {shown}: {detail}")
    for fact in trace.facts:
        fit = "vetoed" if fact.fit is None else f"{fact.fit:+.2f}"
        out.append(f"  figure [{fit}] {fact.kind}: {cut(fact.words, 90)}")
        for rule, effect, detail in fact.firings:
            shown = effect if isinstance(effect, str) else f"{effect:+.2f}"
            out.append(f"      {rule} {shown}: {detail}")
    out.append(f"why: {trace.why}")
    return "\n".join(out)
