"""Read a situation update from a file or URL into raw text, with errors written for users."""

from __future__ import annotations

import hashlib
import io
import logging
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from store.text import printable

if TYPE_CHECKING:  # httpx is imported when a URL is read: `wpsbot ask` never pays for it
    import httpx

    from store.fetch import FetchPolicy

MAX_BYTES = 25 * 1024 * 1024
# What a document may expand to (issue 8: a 42 KB Word file took 24 s, a 1.1 MB one 2.6 GB of
# memory; a PDF of 20,000 pages sharing one content stream 1.2 GB).
MAX_TEXT_CHARS = 10_000_000  # extracted text, any format
MAX_PDF_PAGES = 2_000
MAX_PDF_CONTENT_BYTES = 10 * 1024 * 1024  # decompressed page content, summed over pages
MAX_DOCX_PARTS = 1_000
MAX_DOCX_EXPANDED_BYTES = 100 * 1024 * 1024  # all parts, uncompressed
MAX_DOCX_XML_BYTES = 20 * 1024 * 1024  # one XML part, uncompressed
MAX_DOCX_PARAGRAPHS = 50_000
MAX_DOCX_CELLS = 50_000
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
SUPPORTED = ".txt, .md, .pdf, .docx, .html or an http(s) URL"


class IngestError(Exception):
    """A problem with the input that the user can fix; the message is shown as is."""


@dataclass(frozen=True)
class RawDocument:
    """Bytes read from a source, decoded to text, with what identifies them."""

    source: str
    title: str
    text: str
    sha256: str
    size_bytes: int
    title_from_content: bool = False


def is_url(value: str) -> bool:
    """True for http(s) URLs."""
    return value.lower().startswith(("http://", "https://"))


def read_source(
    source: str,
    *,
    max_bytes: int = MAX_BYTES,
    policy: FetchPolicy | None = None,
    transport: httpx.BaseTransport | None = None,
    headers: dict[str, str] | None = None,
    credential_origins: frozenset[str] = frozenset(),
    filename: str | None = None,
) -> RawDocument:
    """Read a path or URL; raise IngestError with a one-line message on any bad input.

    A URL is fetched under `policy` (default: public addresses only); `headers` carry a
    credential and are sent only to `credential_origins` (store.fetch).
    """
    if is_url(source):
        from store.fetch import FetchError, fetch

        try:
            got = fetch(
                source,
                max_bytes,
                policy=policy,
                transport=transport,
                headers=headers,
                credential_origins=credential_origins,
            )
        except FetchError as exc:
            raise IngestError(str(exc)) from exc
        return _decode(got.data, filename or got.name, source, got.content_type)
    path = Path(source).expanduser()
    if not path.exists():
        raise IngestError(f"{source}: no such file")
    if path.is_dir():
        raise IngestError(f"{source}: is a folder; name the files to load")
    if not path.is_file():
        # A FIFO blocks the read until someone writes; /dev/zero never ends (a symlink is
        # followed: its target is what counts).
        raise IngestError(f"{source}: not a regular file (a device, pipe or socket)")
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError(f"{source}: {_mb(size)} is over the {_mb(max_bytes)} limit")
    try:
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)  # a file that grows while read stops here
    except OSError as exc:
        raise IngestError(f"{source}: cannot be read ({exc.strerror})") from exc
    if len(data) > max_bytes:
        raise IngestError(f"{source}: larger than the {_mb(max_bytes)} limit")
    return _decode(data, filename or path.name, str(path.resolve()), None)


def read_bytes(data: bytes, filename: str, source: str, max_bytes: int = MAX_BYTES) -> RawDocument:
    """Decode bytes already in hand (a Slack upload)."""
    if len(data) > max_bytes:
        raise IngestError(f"{filename}: {_mb(len(data))} is over the {_mb(max_bytes)} limit")
    return _decode(data, filename, source, None)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _kind(filename: str, content_type: str | None, data: bytes) -> str:
    suffix = Path(filename).suffix.lower()
    if data[:5] == b"%PDF-" or suffix == ".pdf" or content_type == "application/pdf":
        return "pdf"
    if suffix == ".docx" or (content_type or "").endswith("wordprocessingml.document"):
        return "docx"
    if suffix in {".html", ".htm"} or content_type in {"text/html", "application/xhtml+xml"}:
        return "html"
    if suffix in TEXT_SUFFIXES or (content_type or "").startswith("text/") or not suffix:
        return "text"
    raise IngestError(f"{filename}: unsupported file type {suffix!r}; use {SUPPORTED}")


def _decode(data: bytes, filename: str, source: str, content_type: str | None) -> RawDocument:
    if not data.strip():
        raise IngestError(f"{filename}: the file is empty")
    kind = _kind(filename, content_type, data)
    title = printable(filename)
    title_from_content = False
    if kind == "pdf":
        text, pdf_title = _pdf_text(data, filename)
        if pdf_title:
            title, title_from_content = printable(pdf_title), True
    elif kind == "docx":
        text = _docx_text(data, filename)
    else:
        text = _plain_text(data, filename)
        if kind == "html" or looks_like_html(text):
            text = html_to_text(text)
    if len(text) > MAX_TEXT_CHARS:
        raise IngestError(f"{filename}: refused: {_TEXT_LIMIT}")
    if not re.search(r"[A-Za-zÀ-ÿ]{3}", text):
        raise IngestError(f"{filename}: no readable text found (a scanned PDF needs OCR first)")
    return RawDocument(
        source=source,
        title=title,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        title_from_content=title_from_content,
    )


def _plain_text(data: bytes, filename: str) -> str:
    sample = data[:8192]
    # Real text has no NUL bytes and few control characters; binaries have plenty.
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if b"\x00" in sample or controls > len(sample) * 0.05:
        raise IngestError(f"{filename}: looks like a binary file, not text; use {SUPPORTED}")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # never fails: every byte is a character


def _pdf_text(data: bytes, filename: str) -> tuple[str, str | None]:
    from pypdf import PdfReader

    # pypdf logs each repair it attempts ("EOF marker not found"); the user gets our one line.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data))
        root: Any = reader.trailer["/Root"]  # a dictionary, typed as any PDF object
        declared = root["/Pages"].get("/Count", 0)
        if not isinstance(declared, int) or declared > MAX_PDF_PAGES:
            raise _TooBig(f"{declared} pages is over the {MAX_PDF_PAGES:,}-page limit")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise _TooBig(f"{len(reader.pages)} pages is over the {MAX_PDF_PAGES:,}-page limit")
        # Pages can share one content stream (a small file, a vast amount of work): what
        # counts is the content each page makes pypdf read, summed before any is read (pypdf
        # keeps a decoded stream, so a shared one is decompressed once).
        content = 0
        for page in reader.pages:
            stream = page.get_contents()
            content += len(stream.get_data()) if stream is not None else 0
            if content > MAX_PDF_CONTENT_BYTES:
                raise _TooBig(f"its pages hold over {_mb(MAX_PDF_CONTENT_BYTES)} of content")
        pages: list[str] = []
        characters = 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            characters += len(pages[-1])
            if characters > MAX_TEXT_CHARS:
                raise _TooBig(_TEXT_LIMIT)
        meta = reader.metadata
        title = str(meta.title).strip() if meta and meta.title else None
    except _TooBig as exc:
        raise IngestError(f"{filename}: refused: {exc}") from exc
    except RecursionError as exc:
        raise IngestError(f"{filename}: corrupt or unreadable PDF (nested too deeply)") from exc
    except Exception as exc:  # pypdf raises many kinds on broken files
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise IngestError(f"{filename}: corrupt or unreadable PDF ({detail})") from exc
    return "\n\n".join(pages), title


class _TooBig(Exception):
    """A document over one of the limits on what it may expand to."""


_TEXT_LIMIT = "its text is over the 10 MB limit"


def _docx_checked(data: bytes) -> None:
    """Refuse a Word file that would expand past the limits, before python-docx parses it.

    The 25 MB cap is on the compressed file; XML compresses a thousandfold, and python-docx
    reads every part into memory and builds a tree of each. The sizes read here are the ones
    the zip declares, which are also all zipfile will ever decompress (a part that inflates
    past its declared size fails its CRC check).
    """
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        entries = package.infolist()
        if len(entries) > MAX_DOCX_PARTS:
            raise _TooBig(f"{len(entries):,} parts is over the {MAX_DOCX_PARTS:,}-part limit")
        total = sum(entry.file_size for entry in entries)
        if total > MAX_DOCX_EXPANDED_BYTES:
            raise _TooBig(
                f"it expands to {_mb(total)}, over the {_mb(MAX_DOCX_EXPANDED_BYTES)} limit"
            )
        for entry in entries:
            if entry.filename.endswith((".xml", ".rels")) and entry.file_size > MAX_DOCX_XML_BYTES:
                raise _TooBig(
                    f"{entry.filename} expands to {_mb(entry.file_size)}, over the "
                    f"{_mb(MAX_DOCX_XML_BYTES)} limit"
                )
        try:
            body = package.read("word/document.xml")
        except KeyError:
            return  # python-docx says what is missing
    # Counted in the bytes, before a tree is built: python-docx spends tens of microseconds
    # on each paragraph, and its merged-cell lookup recurses once per row above.
    paragraphs = body.count(b"<w:p>") + body.count(b"<w:p ")
    if paragraphs > MAX_DOCX_PARAGRAPHS:
        raise _TooBig(
            f"{paragraphs:,} paragraphs is over the {MAX_DOCX_PARAGRAPHS:,}-paragraph limit"
        )
    cells = body.count(b"<w:tc>") + body.count(b"<w:tc ")
    if cells > MAX_DOCX_CELLS:
        raise _TooBig(f"{cells:,} table cells is over the {MAX_DOCX_CELLS:,}-cell limit")


def _docx_text(data: bytes, filename: str) -> str:
    try:
        _docx_checked(data)
        return _docx_lines(data)
    except _TooBig as exc:
        raise IngestError(f"{filename}: refused: {exc}") from exc
    except Exception as exc:  # bad zip, missing parts, malformed XML: python-docx raises many
        raise IngestError(f"{filename}: corrupt or unreadable Word file") from exc


def _docx_lines(data: bytes) -> str:
    import docx
    from docx.table import _Cell

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    characters = 0
    # python-docx looks a paragraph's style up among all the document's styles, each time
    # (a millisecond a paragraph): look each style id up once.
    style_names: dict[str | None, str] = {}
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        characters += len(text)
        if characters > MAX_TEXT_CHARS:
            raise _TooBig(_TEXT_LIMIT)
        style_id = paragraph._p.style
        if style_id not in style_names:
            found = paragraph.style
            style_names[style_id] = (found.name if found is not None else "") or ""
        style = style_names[style_id]
        if style.startswith(("Heading", "Title")):
            lines.append(f"# {text}")
        elif style.startswith("List"):
            lines.append(f"• {text}")
        else:
            lines.append(text)
        lines.append("")
    for table in document.tables:
        for row in table.rows:
            # Each cell as written: python-docx's row.cells repeats merged cells by looking up
            # the row above, recursively, which a tall merged column turns into a
            # RecursionError.
            cells = [_Cell(tc, table).text.strip() for tc in row._tr.tc_lst]
            characters += sum(len(cell) for cell in cells)
            if characters > MAX_TEXT_CHARS:
                raise _TooBig(_TEXT_LIMIT)
            lines.append(" | ".join(cells))
            lines.append("")
    return "\n".join(lines)


# A web page saved as .txt: it starts like one, or it carries a script or a style sheet.
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_CODE = re.compile(r"<(?:script|style)\b", re.I)


def looks_like_html(text: str) -> bool:
    """Whether a "text" file is HTML: its tags and scripts would otherwise be read as prose,
    into facts and quotes."""
    head = text[:65536]
    return bool(_HTML_START.match(head) or _HTML_CODE.search(head))


class _HTMLText(HTMLParser):
    _BLOCKS: ClassVar[set[str]] = {
        "p",
        "div",
        "li",
        "br",
        "tr",
        "section",
        "article",
        "table",
        "ul",
        "ol",
    }
    _SKIP: ClassVar[set[str]] = {"script", "style", "nav", "header", "footer", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in {"h1", "h2", "h3", "h4"}:
            self.parts.append("\n\n# ")
        elif tag == "li":
            self.parts.append("\n\n• ")
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self._BLOCKS or tag in {"h1", "h2", "h3", "h4"}:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data.replace("\n", " "))


def html_to_text(html: str) -> str:
    """Paragraphs and headings of an HTML page, as text."""
    parser = _HTMLText()
    parser.feed(html)
    return "".join(parser.parts)
