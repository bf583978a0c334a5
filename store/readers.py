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
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:  # httpx is imported when a URL is read: `wpsbot ask` never pays for it
    import httpx

    from store.fetch import FetchPolicy

MAX_BYTES = 25 * 1024 * 1024
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
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError(f"{source}: {_mb(size)} is over the {_mb(max_bytes)} limit")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{source}: cannot be read ({exc.strerror})") from exc
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
    title = filename
    title_from_content = False
    if kind == "pdf":
        text, pdf_title = _pdf_text(data, filename)
        if pdf_title:
            title, title_from_content = pdf_title, True
    elif kind == "docx":
        text = _docx_text(data, filename)
    else:
        text = _plain_text(data, filename)
        if kind == "html":
            text = html_to_text(text)
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
    from pypdf.errors import PdfReadError

    # pypdf logs each repair it attempts ("EOF marker not found"); the user gets our one line.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata
        title = str(meta.title).strip() if meta and meta.title else None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise IngestError(f"{filename}: corrupt or unreadable PDF ({exc})") from exc
    except Exception as exc:  # pypdf raises many kinds on broken files
        raise IngestError(f"{filename}: corrupt or unreadable PDF ({type(exc).__name__})") from exc
    return "\n\n".join(pages), title


def _docx_text(data: bytes, filename: str) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(f"{filename}: corrupt or unreadable Word file") from exc
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style.startswith(("Heading", "Title")):
            lines.append(f"# {text}")
        elif style.startswith("List"):
            lines.append(f"• {text}")
        else:
            lines.append(text)
        lines.append("")
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
            lines.append("")
    return "\n".join(lines)


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
