"""Text cleanup of PDF-extracted updates: the genre's artefacts, one rule at a time."""

from __future__ import annotations

import pytest

from store.clean import clean, split_sentences, to_blocks
from tests.conftest import MALI, VELORIA


def test_double_spaced_pdf_lines_join_into_sentences_with_hyphens_mended() -> None:
    raw = (
        "The group resolved to reconvene in approximately six months. Below is a non-\n\n"
        "exhaustive list of relevant developments since then.\n\n"
        "On June 29th, the Council maintained gender-\n\n"
        "related language and enhanced its implemen-\n\n"
        "tation of the mandate. The implementation began.\n\n"
    )
    sentences = [s.text for s in clean(raw).sentences]
    assert sentences == [
        "The group resolved to reconvene in approximately six months.",
        "Below is a non-exhaustive list of relevant developments since then.",
        # the document itself writes "implementation", so the split word is one word
        "On June 29th, the Council maintained gender-related language and enhanced its "
        "implementation of the mandate.",
        "The implementation began.",
    ]


def test_headings_lost_bullets_urls_and_quotes() -> None:
    raw = (
        "Conflict-related sexual violence \n\n"
        "The Platform group (GATIA, CMFPR and MAA) signed a communiqué\n\n"
        "http://www.un.org/ga/search/view_doc.asp?symbol=S/2016/682\n\n"
        " in June 2016. It was welcomed by “women’s groups”.\n\n"
        " \n\n"
        "Other key updates \n\n"
        " \n\n"
        "\uf0b7 Women hold two of the 15 seats.\n\n"
        " Three women were appointed to the cabinet. \n\n"
        " Gender balance continues to worsen, particularly for the \n\n"
        "military. \n\n"
    )
    blocks = to_blocks(raw)
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Conflict-related sexual violence"),
        (
            "paragraph",
            "The Platform group (GATIA, CMFPR and MAA) signed a communiqué in June 2016. "
            'It was welcomed by "women\'s groups".',
        ),
        ("heading", "Other key updates"),
        ("paragraph", "Women hold two of the 15 seats."),
        ("paragraph", "Three women were appointed to the cabinet."),
        ("paragraph", "Gender balance continues to worsen, particularly for the military."),
    ]
    sections = {s.section for s in clean(raw).sentences}
    assert sections == {"Conflict-related sexual violence", "Other key updates"}


def test_running_headers_page_numbers_and_markdown_headings() -> None:
    raw = (
        "# Report of the Secretary-General\n\n"
        "S/2016/819 16-16502 3/23\n"
        "The mission documented 12 cases.\n"
        "3\n"
        "## Recommendations\n"
        "Members could raise the quota.\n"
    )
    blocks = to_blocks(raw)
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Report of the Secretary-General"),
        ("paragraph", "The mission documented 12 cases."),
        ("heading", "Recommendations"),
        ("paragraph", "Members could raise the quota."),
    ]


def test_sentence_split_keeps_symbols_abbreviations_and_decimals() -> None:
    text = (
        "A record was issued as S/2016/682. The share was 1.78 per cent, e.g. in the north. "
        "Mr. Smith met No. 5 Unit. It ended."
    )
    spans = [text[a:b] for a, b in split_sentences(text)]
    assert spans == [
        "A record was issued as S/2016/682.",
        "The share was 1.78 per cent, e.g. in the north.",
        "Mr. Smith met No. 5 Unit.",
        "It ended.",
    ]


def test_offsets_point_into_the_cleaned_text_for_both_samples() -> None:
    for path in (MALI, VELORIA):
        document = clean(path.read_text(encoding="utf-8"))
        assert document.sentences, path
        for sentence in document.sentences:
            assert document.text[sentence.start : sentence.end] == sentence.text


def test_sample_sections_are_recognised() -> None:
    mali = clean(MALI.read_text(encoding="utf-8"))
    assert mali.headings == [
        "Security Council mission to Mali (March 2016)",
        "Security Council Resolution 2295",
        "SG's reports on Mali to the Security Council",
        "Conflict-related sexual violence",
        "Other key updates",
        "Recommendations for the Security Council",
    ]
    veloria = clean(VELORIA.read_text(encoding="utf-8"))
    assert veloria.headings == [
        "Secretary-General's reporting",
        "Peace talks and political participation",
        "Mission gender balance",
        "Conflict-related sexual violence",
        "Recommendations",
    ]
    assert len(mali.sentences) == 35 and len(veloria.sentences) == 21


def test_words_cut_by_the_layout_are_joined_and_compounds_keep_their_hyphen() -> None:
    raw = (
        "The group agreed to recon-\n"
        "vene in about three months, after the Infor-\n"
        "mal Expert Group met the United Nations Mission in Tarsis (MINU-\n"
        "TAR) and the non-\n"
        "state actors on gender-\n"
        "related issues, the Government-\n"
        "appointed commission and the follow-\n"
        "up.4 Presidential elections follow.\n"
    )
    assert clean(raw).text == (
        "The group agreed to reconvene in about three months, after the Informal Expert Group "
        "met the United Nations Mission in Tarsis (MINUTAR) and the non-state actors on "
        "gender-related issues, the Government-appointed commission and the follow-up. "
        "Presidential elections follow."
    )


def test_un_report_layout_numbered_paragraphs_roman_headings() -> None:
    raw = (
        "United Nations S/2027/512\n\n"
        "Security Council Distr.: General 14 June 2027\n\n"
        "I. Introduction\n\n"
        "1. The present report is submitted pursuant to resolution 2911 (2026).\n\n"
        "II. Political developments\n\n"
        "2. On 6 April 2027, the Council adopted the law. It entered into force.\n"
        "3. The dialogue resumed.\n"
    )
    document = clean(raw)
    assert document.headings[-2:] == ["I. Introduction", "II. Political developments"]
    assert [(s.section, s.text) for s in document.sentences] == [
        ("I. Introduction", "The present report is submitted pursuant to resolution 2911 (2026)."),
        ("II. Political developments", "On 6 April 2027, the Council adopted the law."),
        ("II. Political developments", "It entered into force."),
        ("II. Political developments", "The dialogue resumed."),
    ]


def test_a_table_flattened_one_cell_per_line_gives_one_labelled_figure_per_sentence() -> None:
    text = (
        "Women's political participation\n\n"
        "Proportion of seats held by women in national parliaments\n23.8%\n"
        "Proportion of women in ministerial positions\n18.2 per cent\n"
        "Women judges\n1,451 (2019)\n\n"
        "The mission recorded cases in the\nnorthern districts.\n"
    )
    doc = clean(text)
    assert [(s.section, s.text) for s in doc.sentences] == [
        (
            "Women's political participation",
            "Proportion of seats held by women in national parliaments: 23.8%",
        ),
        (
            "Women's political participation",
            "Proportion of women in ministerial positions: 18.2 per cent",
        ),
        ("Women's political participation", "Women judges: 1,451 (2019)"),
        (
            "Women's political participation",
            "The mission recorded cases in the northern districts.",
        ),
    ]


def test_a_figure_line_inside_prose_or_after_a_sentence_is_no_cell() -> None:
    doc = clean("The Council met twice.\n49 / 80\n\nWomen hold seats in the\nassembly of\n2024\n")
    assert "The Council met twice.: 49 / 80" not in [s.text for s in doc.sentences]
    assert all(":" not in s.text for s in doc.sentences), [s.text for s in doc.sentences]


@pytest.mark.parametrize(
    "line", ["9565th Meeting (AM)", "9158th Meeting (AM & PM)", "8298e séance – matin"]
)
def test_a_press_releases_meeting_line_stays_a_sentence_of_its_own(line: str) -> None:
    doc = clean(f"13 October 2015\n{line}\nSC/12076\n\nThe Council adopted resolution 2242.\n")
    texts = [s.text for s in doc.sentences]
    assert line.replace("–", "-") in [t.replace("–", "-") for t in texts]
    assert texts[-1] == "The Council adopted resolution 2242."
    assert line not in doc.headings


def test_a_rank_or_title_before_a_name_does_not_end_the_sentence() -> None:
    doc = clean(
        "Speaking at the seminar, the Force Commander, Lt. General Shailesh Tinaikar, described "
        "the plan. Col. Ann Smith agreed.\n"
    )
    assert [s.text for s in doc.sentences] == [
        "Speaking at the seminar, the Force Commander, Lt. General Shailesh Tinaikar, described "
        "the plan.",
        "Col. Ann Smith agreed.",
    ]


def test_a_source_line_is_never_joined_to_the_texts_first_line() -> None:
    doc = clean(
        "Source: https://example.org/page — MINUSMA, « Une rencontre de haut niveau » (mai 2021)\n"
        " Le 24 mai dernier, l'Unité Genre de la MINUSMA a appuyé une visioconférence.\n"
    )
    assert [s.text for s in doc.sentences][-1] == (
        "Le 24 mai dernier, l'Unité Genre de la MINUSMA a appuyé une visioconférence."
    )
