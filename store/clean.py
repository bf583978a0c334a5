"""Turn text extracted from PDFs and Word files into sections and sentences.

PDF extraction of UN documents brings lines broken mid-sentence (often with an empty line after
every line), words hyphenated across line breaks, bullets lost or turned into private-use
glyphs, running headers, footnote URLs pasted into paragraphs and curly quotes. Each rule here
is about that genre, not about one document.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from store.models import Sentence
from store.text import strip_invisible

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\t": " ",
        "\u00ad": "",  # soft hyphen: only ever a line-break artefact
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\r": "",
        "\f": "\n",
    }
)
_BULLET_GLYPHS = "•●▪■◦○‣⁃∙·➢➤►▶✓✔"
_BULLET_RE = re.compile(rf"^\s*(?:[{_BULLET_GLYPHS}*]|[\ue000-\uf8ff]|-(?=\s))\s*")
_URL_RE = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
# "S/2016/819 16-16502 3/23" and bare page numbers: running headers and footers.
_RUNNING_HEADER_RE = re.compile(
    r"^\s*(?:[A-Z]+/\d{4}/\d+\s+\d{2}-\d{4,6}\s+\d+/\d+|\d{2}-\d{4,6}\s+\d+/\d+\s+[A-Z]+/\d{4}/\d+"
    r"|-?\s*\d{1,3}\s*-?|page \d+ of \d+)\s*$",
    re.IGNORECASE,
)
_MD_HEADING_RE = re.compile(r"^\s*#{1,6}\s+(.*?)\s*#*\s*$")
# "=== Snapshot B (covers 2014) ===": a wiki-style heading, as pages joined from several
# parts (a report per year, a text per source) mark each part.
_RULED_HEADING_RE = re.compile(r"^\s*={2,}\s*(\S.{0,250}?)\s*={2,}\s*$")
_TERMINAL = ".!?:;\"')"
_CONNECTORS = {
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to",
    "with", "de", "du", "des", "la", "le", "les", "et",
}  # fmt: skip
_ABBREVIATIONS = {
    "mr", "ms", "mrs", "dr", "no", "nos", "para", "paras", "e.g", "i.e", "st", "vs", "cf",
    "art", "arts", "approx", "u.n", "u.s", "op", "pp", "vol", "fig", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mme", "m",
    # ranks and titles before a name: "Force Commander, Lt. General Shailesh Tinaikar"
    "lt", "gen", "col", "maj", "capt", "brig", "cdr", "adm", "sgt", "lieut", "amb", "hon",
    "prof", "gov", "sen", "rev",
}  # fmt: skip
_SENTENCE_END_RE = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9À-Ý])")
_CONTROL_RE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # control characters but newline
# A footnote number glued after a sentence's full stop, before the next sentence.
_FOOTNOTE_MARK = re.compile(r"(?<=[a-z][.,;])\d{1,2}(?=\s+[A-Z])")
# UN reports number their paragraphs ("5. MINUTAR documented ..."); the number is not prose.
_PARAGRAPH_NUMBER = re.compile(r"^\(?\d{1,3}[.)]\s+(?=[A-Z\"'(])")
# "Military: 4.1 per cent women (March 2028)": a label and its figure, one per line.
_LABELLED_FIGURE = re.compile(r"[A-Z][^:.]{1,60}:\s*\d")
# A table or key-figure card flattened one cell per line: a line that is only a figure
# ("23.8%", "49 / 80", "1,451 (2019)") after a line that labels it.
_FIGURE_CELL = re.compile(
    r"[<>≈~]?\s*-?\d[\d,.\u00a0\u202f]*\s*(?:%|per\s*cent|percent|pour\s*cent)?"
    r"(?:\s*/\s*\d[\d,.]*)?\s*(?:\(\d{4}\))?\*?"
)
MAX_CELL_LABEL_CHARS = 100
# "The information below is based on the Report of the Secretary-General to the Security
# Council (S/2018/250) issued on 16 April 2018.": pages that join several annual reports (the
# SRSG on sexual violence's country pages) open each part with this line. It heads that part
# (its symbol and year are the part's), and stays a sentence of it.
REPORT_BASIS = re.compile(
    r"\bbased on\b[^.]{0,40}\b(?:annual\s+)?report of the Secretary-General\b[^.]{0,120}?"
    r"\bissued on\b[^.]{0,20}?\b(?P<year>(?:19|20)\d\d)\b",
    re.I,
)
MAX_REPORT_BASIS_CHARS = 300
# "9565th Meeting (AM)", "9824e séance – matin", "8298th meeting": the dateline of a meeting's
# press release names the Council's meeting by its number. Short as it is, it is what the
# record says of that meeting, so it stays a sentence (never a heading, which only names
# what follows).
_SOURCE_LINE = re.compile(r"\s*(?:Source|SOURCE|Sources)\s*:\s")
_HALF_DAY = r"(?:AM|PM|Night|matin|après-midi|soir|nuit)"
MEETING_LINE = re.compile(
    rf"(?:(?:Security Council|Conseil de sécurité)\W+)?"
    rf"\d{{3,5}}(?:st|nd|rd|th|e)\s+(?:meeting|séance)"
    rf"(?:\s*(?:[–—-]\s*)?\(?{_HALF_DAY}(?:\s*(?:&|and|et)\s*{_HALF_DAY})?\)?)?",
    re.I,
)
_COMPOUND_HEAD_RE = re.compile(r"(?<!\w)\w++-(?=\w)")
MAX_HEADING_CHARS = 90
MAX_SENTENCE_CHARS = 2000
MAX_HEADING_WORDS = 12


@dataclass(frozen=True)
class Block:
    """A heading or a paragraph (a bullet item is a paragraph of its own)."""

    kind: str  # heading | paragraph
    text: str


@dataclass(frozen=True)
class CleanDocument:
    """The cleaned text and its sentences; every offset points into `text`."""

    text: str
    sentences: list[Sentence]
    headings: list[str]


def normalize(raw: str) -> str:
    """Unify quotes, dashes, spaces and ligatures; drop control and invisible characters (a
    zero-width space inside "women" would split it in two for search)."""
    text = unicodedata.normalize("NFC", strip_invisible(raw.translate(_TRANSLATE)))
    return _CONTROL_RE.sub("", text)


def _is_blank(line: str) -> bool:
    return not line.strip()


def _drop_double_spacing(lines: list[str]) -> list[str]:
    """PDF extraction often puts an empty line after every line of text.

    When it does, the truly empty lines are noise and only whitespace-only lines (or runs of
    several empty lines) separate paragraphs.
    """
    content = [i for i, line in enumerate(lines) if not _is_blank(line)]
    if len(content) < 2:
        return lines
    followed_by_empty = [i for i in content if i + 1 < len(lines) and lines[i + 1] == ""]
    if len(followed_by_empty) / len(content) < 0.6:
        return lines
    # Paragraphs separated by blank lines end their sentences; a PDF's double spacing breaks
    # sentences mid-way, the next line going on in lower case.
    broken = any(
        lines[i].rstrip()[-1:] not in _TERMINAL
        and i + 2 < len(lines)
        and lines[i + 2].lstrip()[:1].islower()
        for i in followed_by_empty
    )
    if not broken:
        return lines
    kept: list[str] = []
    for i, line in enumerate(lines):
        if line == "" and i > 0 and lines[i - 1] != "" and not _is_blank(lines[i - 1]):
            continue  # the one empty line after a line of text
        kept.append(line)
    return kept


def _looks_like_heading(line: str, prev: str | None, nxt: str | None) -> bool:
    text = line.strip()
    words = text.split()
    if not text or len(text) > MAX_HEADING_CHARS or len(words) > MAX_HEADING_WORDS:
        return False
    if _LABELLED_FIGURE.match(text):
        return False  # "Military: 4.1 per cent women" is a line of a table, not a heading
    if text[-1] in ".,;:!?-" or not (text[0].isupper() or text[0].isdigit()):
        return False
    if words[-1].lower() in _CONNECTORS:
        return False
    if words[-1].islower() and len(words[-1]) <= 2:
        return False  # "She received assurances o": a line cut off mid-word, not a heading
    if prev is not None and not _is_blank(prev) and prev.rstrip()[-1:] not in _TERMINAL:
        return False  # the line continues a sentence
    if nxt is None or _is_blank(nxt):
        return True
    first = nxt.lstrip()
    first = _BULLET_RE.sub("", first, count=1) if _BULLET_RE.match(first) else first
    first = _PARAGRAPH_NUMBER.sub("", first, count=1)
    return first[:1].isupper()


# Word heads that form compounds ("non-state", "gender-related", "follow-up"): a line break
# after their hyphen keeps it.
_COMPOUND_HEADS = frozenset(
    [
        "non",
        "anti",
        "counter",
        "cross",
        "multi",
        "self",
        "semi",
        "socio",
        "ex",
        "well",
        "gender",
        "conflict",
        "justice",
        "peace",
        "women",
        "sex",
        "age",
        "community",
        "country",
        "state",
        "follow",
        "decision",
        "policy",
        "rights",
        "child",
        "youth",
        "post",
        "mid",
        "long",
        "short",
        "high",
        "low",
        "full",
        "vice",
        "deputy",
        "cease",
        "mine",
        "officer",
        "head",
        "time",
        "large",
        "small",
    ]
)
# Compound tails ("-related", "-based", "-led"); and a past participle of five letters or more
# after a whole word ("Government-appointed") is a compound too.
_COMPOUND_TAILS = frozenset(
    [
        "related",
        "based",
        "led",
        "specific",
        "sensitive",
        "responsive",
        "level",
        "term",
        "making",
        "building",
        "scale",
        "wide",
        "owned",
        "affected",
        "oriented",
        "up",
        "out",
        "like",
        "free",
        "friendly",
        "disaggregated",
        "keeping",
        "elect",
        "general",
        "charge",
        "year",
        "old",
        "day",
        "time",
        "long",
    ]
)


def _join(left: str, right: str, vocabulary: Counter[str]) -> str:
    """Join two broken lines, mending a word hyphenated across the break."""
    left, right = left.rstrip(), right.lstrip()
    # Only the paragraph's last word matters; searching the whole paragraph each time is slow.
    match = re.search(r"(\w+)-$", left[-60:]) if left.endswith("-") else None
    tail_match = re.match(r"\w+", right)
    if not match or not tail_match:
        return f"{left} {right}"
    head, tail = match.group(1), tail_match.group(0)
    if head.isupper() and tail.isupper():
        return left[:-1] + right  # an acronym split by the layout: "MINU-" / "TAR"
    if not tail[:1].islower():
        return left + right  # "Franco-" / "British"
    joined = (head + tail).lower()
    # What the document itself writes elsewhere decides first; then the genre's compounds;
    # anything else is a word the layout cut ("implemen-" / "tation", "recon-" / "vene").
    if vocabulary[f"{head}-".lower()] > 0:
        return left + right
    if vocabulary[joined] > 0:
        return left[:-1] + right
    participle = len(tail) >= 7 and tail.endswith(("ed", "ing")) and len(head) >= 4
    if head.lower() in _COMPOUND_HEADS or tail.lower() in _COMPOUND_TAILS or participle:
        return left + right
    return left[:-1] + right


def to_blocks(raw: str) -> list[Block]:
    """Split raw extracted text into headings and paragraphs."""
    lines = _drop_double_spacing(normalize(raw).split("\n"))
    lines = [
        line
        for line in lines
        if _is_blank(line) or not (_RUNNING_HEADER_RE.match(line) or _url_only(line))
    ]
    joined_text = "\n".join(lines)
    # Whole words, and compound heads used inside a line ("gender-" of "gender-based"):
    # what decides whether a hyphen at a line break is kept.
    vocabulary = Counter(w.lower() for w in re.findall(r"\w+", joined_text))
    # (A word's start only, and no backtracking into it: from every letter of a long word,
    # `\w+-` read to the word's end and back.)
    vocabulary.update(w.lower() for w in _COMPOUND_HEAD_RE.findall(joined_text))
    blocks: list[Block] = []
    current: str | None = None
    prev_line: str | None = None
    heading_was_previous = False  # the last line read became a heading block

    def flush() -> None:
        nonlocal current
        if current is not None and current.strip():
            blocks.append(Block("paragraph", _PARAGRAPH_NUMBER.sub("", _tidy(current), count=1)))
        current = None

    for i, line in enumerate(lines):
        if _is_blank(line):
            flush()
            prev_line = None
            heading_was_previous = False
            continue
        nxt = next((lines[j] for j in range(i + 1, len(lines))), None)
        md = _MD_HEADING_RE.match(line) or _RULED_HEADING_RE.match(line)
        if md and _MD_HEADING_RE.match(line) and not _heading_sized(md.group(1)):
            md = None  # "# 12 women were appointed ...": a bullet, not a heading
            line = re.sub(r"^\s*#{1,6}\s+", "", line)
        if md:
            flush()
            blocks.append(Block("heading", _tidy(md.group(1))))
            prev_line = None
            heading_was_previous = True
            continue
        if len(line) <= MAX_REPORT_BASIS_CHARS and REPORT_BASIS.search(line):
            flush()
            if blocks and blocks[-1].kind == "heading":
                # under a heading of its own ("Snapshot B (covers 2014)"): both head the part
                blocks[-1] = Block("heading", f"{blocks[-1].text} — {_tidy(line)}")
            else:
                blocks.append(Block("heading", _tidy(line)))
            current, prev_line, heading_was_previous = line.strip(), line, False
            continue
        if _SOURCE_LINE.match(line):
            # "Source: URL — title": a line of its own, never joined to the text's first line
            flush()
            blocks.append(Block("paragraph", _tidy(line)))
            prev_line, heading_was_previous = None, False
            continue
        if MEETING_LINE.fullmatch(line.strip()):
            flush()
            blocks.append(Block("paragraph", _tidy(line)))
            prev_line, heading_was_previous = None, False
            continue
        bullet = _BULLET_RE.match(line) or _LABELLED_FIGURE.match(line.strip())
        # A bullet glyph lost in extraction leaves a line that starts with a space and a
        # capital right after a finished sentence.
        after_sentence = (prev_line or "").rstrip()[-1:] in ".!?"
        lost_bullet = (
            current is not None
            and after_sentence
            and (
                (line[:1] == " " and line.lstrip()[:1].isupper())
                or bool(_PARAGRAPH_NUMBER.match(line.lstrip()))  # "6. The mission ..."
            )
        )
        if bullet or lost_bullet:
            flush()
            current = _BULLET_RE.sub("", line, count=1).strip() if bullet else line.strip()
            prev_line = line
            continue
        if (current is None or (prev_line or "").rstrip()[-1:] in _TERMINAL) and (
            _looks_like_heading(line, prev_line if current is not None else None, nxt)
            and not _FIGURE_CELL.fullmatch(line.strip())
        ):
            flush()
            blocks.append(Block("heading", _tidy(line)))
            prev_line = None
            heading_was_previous = True
            continue
        label = _cell_label(line, prev_line, current, blocks, heading_was_previous)
        if label is not None:
            # "Seats held by women in parliament" / "23.8%": one labelled figure, as a
            # sentence of its own, instead of a run-on of every cell of the table.
            if current is None:
                blocks.pop()  # the label had been taken for a heading
            current = None
            blocks.append(Block("paragraph", _tidy(f"{label}: {line.strip()}")))
            prev_line = None
            heading_was_previous = False
            continue
        heading_was_previous = False
        current = line.strip() if current is None else _join(current, line, vocabulary)
        prev_line = line
    flush()
    return blocks


def _cell_label(
    line: str,
    prev_line: str | None,
    current: str | None,
    blocks: list[Block],
    heading_was_previous: bool,
) -> str | None:
    """The label of a figure cell: the line before it, when that line is a paragraph (or a
    heading) of its own, short, and unfinished; else None."""
    if not _FIGURE_CELL.fullmatch(line.strip()):
        return None
    if current is None:
        if not (heading_was_previous and blocks and blocks[-1].kind == "heading"):
            return None
        label = blocks[-1].text
    else:
        if prev_line is None or current != prev_line.strip():
            return None  # a figure line inside running prose (a page number)
        label = current
    if (
        len(label) > MAX_CELL_LABEL_CHARS
        or label[-1:] in ".!?;"
        or not re.search(r"[^\W\d_]{3,}", label)
        or _FIGURE_CELL.fullmatch(label)
    ):
        return None
    return label.rstrip(" :")


def _heading_sized(text: str) -> bool:
    """Short enough and unfinished enough to be a heading."""
    words = text.split()
    return bool(words) and len(text) <= 120 and len(words) <= 15 and text.rstrip()[-1:] not in ".;"


def _url_only(line: str) -> bool:
    return bool(_URL_RE.fullmatch(line.strip()))


def _tidy(text: str) -> str:
    text = _URL_RE.sub(" ", text)  # footnote links pasted into the sentence
    text = _FOOTNOTE_MARK.sub("", text)  # "for women.4 Presidential elections"
    text = re.sub(r"(?<=[a-z]) -(?=[a-z])", "-", text)  # "high -level"
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([,.;:)])", r"\1", text)


_LAST_TOKEN_RE = re.compile(r"[\w.]+$")
# Longer than any abbreviation: the token before a full stop is looked for this far back only.
_TOKEN_WINDOW = 40


def split_sentences(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) within a paragraph; none longer than MAX_SENTENCE_CHARS."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(paragraph):
        # The word before the full stop, searched in a window: a `$`-anchored search from the
        # sentence start made a run of "No. 1. No. 2. …" quadratic.
        word = _LAST_TOKEN_RE.search(
            paragraph, max(start, match.start() - _TOKEN_WINDOW), match.start()
        )
        token = word.group(0).lower() if word else ""
        if token in _ABBREVIATIONS or re.fullmatch(r"[a-z]", token):
            continue
        end = match.start() + len(match.group(0).rstrip())
        spans.extend(_capped(paragraph, start, end))
        start = match.end()
    if paragraph[start:].strip():
        spans.extend(_capped(paragraph, start, len(paragraph.rstrip())))
    return spans


def _capped(paragraph: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut into pieces of at most MAX_SENTENCE_CHARS, at spaces where there are some.

    Prose sentences are far shorter (the longest in the test documents is 659 characters);
    a longer "sentence" is a table, a list or a hostile file, and every extraction rule runs
    on one sentence, so this bounds the work any rule can do.
    """
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = paragraph.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS + 1)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        pieces.append((start, len(paragraph[start:cut].rstrip()) + start))
        start = cut
        while start < end and paragraph[start] == " ":
            start += 1
    if end > start:
        pieces.append((start, end))
    return pieces


def clean(raw: str) -> CleanDocument:
    """Clean raw extracted text into a document of headed sentences."""
    parts: list[str] = []
    sentences: list[Sentence] = []
    headings: list[str] = []
    section = ""
    offset = 0
    for block in to_blocks(raw):
        if parts:
            offset += 2  # the "\n\n" between blocks
        if block.kind == "heading":
            section = block.text
            headings.append(section)
        else:
            for start, end in split_sentences(block.text):
                sentences.append(
                    Sentence(
                        text=block.text[start:end],
                        section=section,
                        start=offset + start,
                        end=offset + end,
                        index=len(sentences),
                    )
                )
        parts.append(block.text)
        offset += len(block.text)
    return CleanDocument(text="\n\n".join(parts), sentences=sentences, headings=headings)
