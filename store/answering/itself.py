"""What a document says of itself — its own date, symbol, original language, where it was
issued — read from its first lines (masthead, dateline), never from sentences that cite other
documents."""

from __future__ import annotations

import re
from typing import Any

from sqlite_utils import Database

from store.answering.index import STATED_DATE_SOURCES
from store.answering.question import Question
from store.answering.types import Answer, Source
from store.docdate import dateline_place
from store.extract.dates import find_dates, precision_of

_SELF_NOUN = re.compile(
    r"\b(?:press release|statement|letter|communiqu\w*|release|note|page|document|article|story)"
    r"\b|\bthis (?:report|text)\b",
    re.I,
)
_DATE_WORD = re.compile(
    r"\bdate[ds]?\b|\bwhen was\b.*\b(?:issued|published|released|sent|dated)\b", re.I
)


_DOCUMENT_KINDS = frozenset({"report", "rapport", "document", "letter", "lettre", "note"})


def _asks_document_date(question: Question) -> bool:
    """'What is the date of S/2018/771?', 'date of the press release', 'When was the letter
    sent?': the date of the document itself, which its masthead, dateline or letter gives."""
    if any(c.about_document for c in question.concepts):
        return True
    if not _DATE_WORD.search(question.text):
        return False
    return bool(_SELF_NOUN.search(question.text))


def _dated_symbol(question: Question) -> str | None:
    """'What is the date of report S/2019/776?': the symbol, when the question asks a date and
    names nothing but a loaded document's symbol (its role "source": which document) and the
    document's kind."""
    if not _DATE_WORD.search(question.text):
        return None
    named = [c for c in question.concepts if c.symbol and c.role == "source"]
    others = [c for c in question.topics if not c.symbol and c.name not in _DOCUMENT_KINDS]
    return named[0].name if len(named) == 1 and not others else None


def _best_document(db: Database, question: Question) -> tuple[int, str, str | None, str | None]:
    """The current document the question's words match best (the latest when none match):
    its id, title, date and where that date was read."""
    keys = sorted({a for c in question.concepts for a in c.alternatives if a})
    expression = " OR ".join('"' + k.replace('"', "") + '"' for k in keys)
    rows = []
    if expression:
        rows = db.execute(
            "select d.id, d.title, d.date, d.date_source from search_documents_fts f"
            " join search_documents s on s.rowid = f.rowid"
            " join documents d on d.id = s.document_id"
            " where search_documents_fts match ? and d.is_current = 1"
            " order by bm25(search_documents_fts), d.date desc limit 1",
            [expression],
        ).fetchall()
    if not rows:
        rows = db.execute(
            "select id, title, date, date_source from documents where is_current = 1"
            " order by date desc, id desc limit 1"
        ).fetchall()
    document_id, title, date, source = rows[0]
    return int(document_id), str(title), date, source


def _document_date(
    db: Database,
    question: Question,
    masthead_symbol: str | None = None,
    document_id: int | None = None,
) -> Answer | None:
    """The date the best-matching document (or `document_id`) states for itself, with the
    sentence that says it.

    None when it states none (a date inferred from what it reports on is not its date), or,
    asked by `masthead_symbol`, when that is not the symbol its masthead gives."""
    if document_id is None:
        document_id, title, date, source = _best_document(db, question)
    else:
        title, date, source = db.execute(
            "select title, date, date_source from documents where id = ?", [document_id]
        ).fetchone()
    if not date or source not in STATED_DATE_SOURCES:
        return None
    if masthead_symbol is not None and _masthead_symbol(db, document_id) != masthead_symbol:
        return None
    passages = db.execute(
        "select sentence, section, position from passages where document_id = ?"
        " order by position limit 40",
        [document_id],
    ).fetchall()
    quote, section = next(
        ((s, sec) for s, sec, _ in passages if any(m.date == date for m in find_dates(s, 2000))),
        (passages[0][0], passages[0][1]) if passages else ("", ""),
    )
    source_ref = Source(
        document=title, section=section or "", quote=quote, as_of=date, document_date=date
    )
    event = _document_event(f"Date of {title}", date, source, source_ref)
    return _said_of_itself(question, source_ref, event=event)


def _document_event(
    title: str, date: str | None, date_source: str | None, said: Source, symbol: str | None = None
) -> dict[str, Any]:
    """What a document says of itself (its date, its symbol) as a stored event reads."""
    return {
        "id": None, "kind": "document", "title": title, "date": date,
        "precision": precision_of(date or ""), "approximate": 0, "anchor_date": None,
        "cadence": None, "symbol": symbol, "section": said.section, "quote": said.quote,
        "document": said.document, "words": said.quote, "dates": [], "date_source": date_source,
    }  # fmt: skip


def _said_of_itself(
    question: Question,
    said: Source,
    *,
    event: dict[str, Any] | None = None,
    names: tuple[str, ...] = (),
) -> Answer:
    """The answer a document gives about itself (its date, symbol, dateline, language), quoted
    from the line that says it: an event when it is dated or numbered, else the line."""
    return Answer(
        question=question.original,
        found=True,
        kind="event" if event is not None else "passage",
        event=event,
        passage=said,
        sources=[said],
        names=list(names),
        topics=[c.name for c in question.topics if not c.weak],
        countries=list(question.countries),
    )


# "What is the symbol of this report?", "the symbol and date of the SG report on Mali": a
# report's masthead gives its own symbol and date, which its sentences never repeat (they cite
# other reports: "since my report dated 28 March 2016 (S/2016/281)").
_REPORT_WORD = re.compile(
    r"\b(?:report|rapport|press release|release|communiqu[ée]|statement|d[ée]claration)s?\b",
    re.I,
)
_OTHER_REPORT = re.compile(
    r"\b(?:previous|preceding|prior|earlier|former|next|upcoming|forthcoming|future|"
    r"pr[ée]c[ée]dent\w*|prochain\w*|ant[ée]rieur\w*)\b"
    r"|\b(?:report|rapport) (?:of|du|dated|dat[ée]) \d",
    re.I,
)
# A masthead: the symbol alone on one of the text's first lines ("S/2016/498", a press
# release's "SC/12076", « CS/15949 »).
_MASTHEAD_SYMBOL = re.compile(
    r"^\s*(?:United Nations|Nations Unies)?\s*"
    r"(S/\d{4}/\d{1,4}(?:/(?:Rev|Add|Corr)\.\d+)?|(?:SC|CS|GA|AG|SG/SM|WOM|FEM)/\d{3,6})\s*$",
    re.M,
)
MASTHEAD_CHARS = 800  # a masthead opens the text (after a source line, when one is kept)


def _head(db: Database, document_id: int) -> str:
    """The first MASTHEAD_CHARS of a document's cleaned text."""
    row = db.execute("select text from documents where id = ?", [document_id]).fetchone()
    return str(row[0] or "")[:MASTHEAD_CHARS] if row else ""


def _masthead_symbol(db: Database, document_id: int) -> str | None:
    """The symbol a document's masthead gives for itself."""
    symbol = _MASTHEAD_SYMBOL.search(_head(db, document_id))
    return symbol.group(1) if symbol else None


def _asks_own_symbol(question: Question) -> bool:
    """The symbol of the report itself: not another report the question names or relates."""
    return (
        question.wants_symbol
        and not question.wants_meeting_number
        and bool(_REPORT_WORD.search(question.text))
        and not _OTHER_REPORT.search(question.text)
        and not any(c.symbol for c in question.concepts)
    )


def _own_symbol(db: Database, question: Question) -> Answer | None:
    """The best-matching report's own symbol and date, quoted from its masthead; None when
    that document has no masthead symbol."""
    document_id, title, date, source = _best_document(db, question)
    head = _head(db, document_id)
    symbol = _MASTHEAD_SYMBOL.search(head)
    if symbol is None:
        return None
    stated = date if date and source in STATED_DATE_SOURCES else None
    end = head.find("\n", symbol.end() + 1)
    if stated:
        dated = next((m for m in find_dates(head, 2000) if m.date == stated), None)
        end = head.find("\n", dated.end) if dated is not None else end
    quote = " ".join(head[: end if end > 0 else len(head)].split())
    source_ref = Source(document=title, section="", quote=quote, as_of=stated, document_date=date)
    event = _document_event(f"Symbol of {title}", stated, source, source_ref, symbol.group(1))
    return _said_of_itself(question, source_ref, event=event)


# "Where was the press release issued?", "From which town was the flash info datelined?"
_DATELINE_ASK = re.compile(
    r"\bdatelined?\b|\bdate-line\b"
    r"|\bwhere\b[^?]*\b(?:issued|released|published|sent out|made public)\b"
    r"|\b(?:from|in) (?:which|what) (?:city|town|place)\b[^?]*\b(?:issued|released|published)\b"
    r"|\bd['’]o[uù]\b[^?]*\b(?:publi|diffus|[ée]mis)",
    re.I,
)


def _asks_dateline(question: Question) -> bool:
    """Where the text itself was issued: a place its dateline gives."""
    return question.ask in {"where", "which"} and bool(_DATELINE_ASK.search(question.text))


def _dateline_answer(db: Database, question: Question) -> Answer | None:
    """The best-matching document's dateline place, quoted from its dateline; None when its
    first lines give none."""
    document_id, title, date, _ = _best_document(db, question)
    found = dateline_place(_head(db, document_id))
    if found is None:
        return None
    source_ref = Source(
        document=title, section="", quote=found.line, as_of=date, document_date=date
    )
    return _said_of_itself(question, source_ref, names=found.places)


# "What was the original language of S/2016/1137?": its masthead says ("Original: English").
_LANGUAGE_ASK = re.compile(
    r"\boriginal language\b|\blanguage\b[^?]*\boriginal|\boriginal\b[^?]*\blanguage\b"
    r"|\blangue (?:originale|d['’]origine)\b|\bwritten in (?:which|what) language\b",
    re.I,
)
_ORIGINAL_LINE = re.compile(r"[^\n]*\bOriginal\s*:\s*(?P<language>[A-Za-zÀ-ÿ]+)[^\n]*")


def _original_language(db: Database, question: Question) -> Answer | None:
    """The language the best-matching document was written in, quoted from its masthead;
    None when it gives none."""
    document_id, title, date, _ = _best_document(db, question)
    found = _ORIGINAL_LINE.search(_head(db, document_id))
    if found is None:
        return None
    line = " ".join(found.group(0).split())
    source_ref = Source(document=title, section="", quote=line, as_of=date, document_date=date)
    return _said_of_itself(question, source_ref, names=(found.group("language"),))


def date_of_text(db: Database, question: Question, document_id: int) -> Answer | None:
    """The day a text states for itself ('13 October 2015' under a press headline): when what
    was done is its headline, the day it was done. None when it states no day."""
    dated = _document_date(db, question, document_id=document_id)
    if dated is None or dated.event is None or dated.event["precision"] != "day":
        return None
    dated.event["reported"] = True  # the day of the text that reports what was asked
    return dated


def document_itself(db: Database, question: Question) -> Answer | None:
    """What a document says of itself, when the question asks it and the document says it:
    its original language, where it was issued, its own symbol, its own date; else None."""
    if _LANGUAGE_ASK.search(question.text):
        written = _original_language(db, question)
        if written is not None:
            return written
    if _asks_dateline(question):
        datelined = _dateline_answer(db, question)
        if datelined is not None:
            return datelined
    if _asks_own_symbol(question):
        own = _own_symbol(db, question)
        if own is not None:
            return own
    if question.ask != "when" or question.compound:
        return None
    if _asks_document_date(question):
        dated = _document_date(db, question)
        if dated is not None:
            return dated
    symbol = _dated_symbol(question)
    return _document_date(db, question, masthead_symbol=symbol) if symbol is not None else None
