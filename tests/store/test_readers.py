"""Reading files and URLs: every format, and every kind of bad input, with one-line errors."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from store.readers import IngestError, read_bytes, read_source
from tests.fakes.documents import (
    docx_bytes,
    docx_with_body,
    pdf_bytes,
    shared_content_pdf,
    with_declared_size,
    with_part,
)


def test_pdf_text_and_title(tmp_path: Path) -> None:
    path = tmp_path / "note.pdf"
    path.write_bytes(
        pdf_bytes(["As of May 2016, 1.78 percent of", "military personnel were women."], "IEG note")
    )
    raw = read_source(str(path))
    assert raw.title == "IEG note"
    expected = "As of May 2016, 1.78 percent of military personnel were women."
    assert " ".join(raw.text.split()) == expected
    assert raw.source == str(path.resolve())


def test_docx_headings_and_bullets(tmp_path: Path) -> None:
    path = tmp_path / "update.docx"
    path.write_bytes(docx_bytes("Peace talks", ["Women hold two of the 15 seats."], ["A bullet."]))
    raw = read_source(str(path))
    assert raw.text == "# Peace talks\n\nWomen hold two of the 15 seats.\n\n• A bullet.\n"
    assert raw.title == "update.docx"


def test_cp1252_text_is_read_not_refused(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Comité de suivi de l’Accord: 62 members.".encode("cp1252"))
    assert read_source(str(path)).text == "Comité de suivi de l’Accord: 62 members."


def test_html_pages_keep_headings_and_paragraphs() -> None:
    html = (
        b"<html><head><style>p{}</style></head><body><nav>menu</nav><h2>Mission gender balance"
        b"</h2><p>Women made up 6.4 per cent &amp; more.</p><ul><li>One</li></ul></body></html>"
    )
    raw = read_bytes(html, "page.html", "https://example.org/page.html")
    assert "menu" not in raw.text
    assert "# Mission gender balance" in raw.text
    assert "Women made up 6.4 per cent & more." in raw.text
    assert "• One" in raw.text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty.txt: the file is empty"),
        ("blank.txt", b"  \n\n ", "blank.txt: the file is empty"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image.png: unsupported file type '.png'"),
        ("binary.txt", b"\x00\x01\x02\x03abc\x00" * 50, "binary.txt: looks like a binary file"),
        (
            "broken.pdf",
            b"%PDF-1.4\nthis is not a pdf at all",
            "broken.pdf: corrupt or unreadable PDF",
        ),
        ("broken.docx", b"PK\x03\x04 not really a zip", "broken.docx: corrupt or unreadable Word"),
        ("scan.pdf", pdf_bytes([]), "scan.pdf: no readable text found"),
    ],
)
def test_bad_files_get_one_line_errors(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError) as caught:
        read_source(str(path))
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_missing_file_folder_and_size_cap(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"nope\.txt: no such file"):
        read_source(str(tmp_path / "nope.txt"))
    with pytest.raises(IngestError, match="is a folder"):
        read_source(str(tmp_path))
    big = tmp_path / "big.txt"
    big.write_text("Women hold two seats. " * 100, encoding="utf-8")
    with pytest.raises(IngestError, match=r"big\.txt: 0\.0 MB is over the 0\.0 MB limit"):
        read_source(str(big), max_bytes=1000)


def transport(
    status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None
) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers=headers or {})

    return httpx.MockTransport(handler)


def test_url_download_reads_by_content_type() -> None:
    raw = read_source(
        "https://example.org/notes/ieg%20note",
        transport=transport(
            200, b"Women hold two of the 15 seats.", {"content-type": "text/plain"}
        ),
    )
    assert raw.text == "Women hold two of the 15 seats."
    assert raw.title == "ieg note"
    assert raw.source == "https://example.org/notes/ieg%20note"
    pdf = read_source(
        "https://example.org/r.pdf",
        transport=transport(
            200, pdf_bytes(["Mobile courts heard 48 cases."]), {"content-type": "application/pdf"}
        ),
    )
    assert pdf.text.strip() == "Mobile courts heard 48 cases."


def test_url_errors_are_one_line() -> None:
    with pytest.raises(IngestError, match=r"^https://example.org/x: the server answered 404$"):
        read_source("https://example.org/x", transport=transport(404, b"missing"))

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(IngestError, match=r"could not be reached \(ConnectError\)"):
        read_source("https://example.org/y", transport=httpx.MockTransport(refuse))

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(IngestError, match="no answer in time"):
        read_source("https://example.org/z", transport=httpx.MockTransport(slow))
    with pytest.raises(IngestError, match=r"over the 0\.0 MB limit"):
        read_source(
            "https://example.org/big.txt",
            transport=transport(200, b"a" * 5000, {"content-length": "5000"}),
            max_bytes=1000,
        )


# -- documents that expand past what they may: refused in one line, quickly ------------------

PARAGRAPH = b"<w:p><w:r><w:t>Women hold two of the 15 seats.</w:t></w:r></w:p>"


def refusal(data: bytes, name: str) -> str:
    """The one-line IngestError for a document given as bytes."""
    with pytest.raises(IngestError) as caught:
        read_bytes(data, name, f"test:{name}")
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_word_file_of_too_many_paragraphs_is_refused() -> None:
    bomb = docx_with_body(PARAGRAPH * 60_000)  # 4 MB of XML in a file of a few dozen KB
    assert len(bomb) < 100_000
    assert refusal(bomb, "bomb.docx") == (
        "bomb.docx: refused: 60,000 paragraphs is over the 50,000-paragraph limit"
    )


def test_a_word_file_whose_xml_expands_past_the_limit_is_refused() -> None:
    bomb = docx_with_body(b"<w:p><w:r><w:t>" + b"a" * 21_000_000 + b"</w:t></w:r></w:p>")
    assert refusal(bomb, "bomb.docx") == (
        "bomb.docx: refused: word/document.xml expands to 20.0 MB, over the 20.0 MB limit"
    )


def test_a_word_file_that_lies_about_its_size_is_one_line() -> None:
    honest = docx_with_body(PARAGRAPH * 3)
    liar = with_declared_size(honest, "word/document.xml", 100)
    assert refusal(liar, "liar.docx") == "liar.docx: corrupt or unreadable Word file"


def test_malformed_word_xml_is_one_line_not_a_traceback() -> None:
    broken = with_part(docx_bytes("T", ["x"], []), "word/document.xml", b"<w:document><w:body")
    assert refusal(broken, "broken.docx") == "broken.docx: corrupt or unreadable Word file"


def test_a_tall_merged_table_column_reads_without_recursion() -> None:
    top = b'<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>Seats</w:t></w:r></w:p></w:tc>'  # noqa: E501
    below = b"<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
    rows = b"<w:tr>" + top + b"</w:tr>" + (b"<w:tr>" + below + b"</w:tr>") * 3_000
    table = b"<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>" + rows + b"</w:tbl>"
    raw = read_bytes(docx_with_body(PARAGRAPH + table), "table.docx", "test:table.docx")
    assert raw.text.startswith("Women hold two of the 15 seats.\n\nSeats\n\n\n\n")


def test_a_pdf_of_thousands_of_pages_sharing_one_stream_is_refused() -> None:
    bomb = shared_content_pdf(pages=20_000, lines=5)
    assert (
        refusal(bomb, "bomb.pdf") == "bomb.pdf: refused: 20000 pages is over the 2,000-page limit"
    )


def test_a_pdf_whose_pages_hold_too_much_content_is_refused_before_reading_it() -> None:
    bomb = shared_content_pdf(pages=1_500, lines=200)  # 1,500 × 11 KB of text operators
    assert len(bomb) < 250_000
    assert (
        refusal(bomb, "dense.pdf") == "dense.pdf: refused: its pages hold over 10.0 MB of content"
    )


def test_extracted_text_is_capped(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"Women hold two of the 15 seats. " * 320_000)  # 10.2 MB, under 25 MB
    with pytest.raises(IngestError, match=r"^.*big\.txt: refused: its text is over the 10 MB"):
        read_source(str(big))
