"""The words of an answer: figures written as readers write them, quotes cut between words."""

from __future__ import annotations

import pytest

from handlers.answer_text import cut, fact_text, number_text, percent_sign


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (1451.0, "1,451"),
        (2_100_000.0, "2.1 million"),
        (1_430_000.0, "1.43 million"),
        (8e9, "8 billion"),
        (1.5e9, "1.5 billion"),
        (1.25e9, "1.25 billion"),
        (1.78, "1.78"),
        (62.0, "62"),
        (None, ""),
    ],
)
def test_figures_are_written_as_a_reader_writes_them(value: float | None, written: str) -> None:
    assert number_text(value) == written


def test_a_long_quote_is_cut_at_its_last_space() -> None:
    quote = "Women hold 17.9 per cent of the seats in the National Assembly since the 2023 vote"
    assert cut(quote, 40) == "Women hold 17.9 per cent of the seats…"


def test_without_a_late_space_the_cut_keeps_words_and_figures_whole() -> None:
    address = "See https://example.org/documents/S/2016/1137/report-17.9-final.pdf today"
    shown = cut(address, 60)
    assert shown == "See https://example.org/documents/S/2016/1137/report-17.9-…"
    # at 56 characters the limit falls inside '17.9': the whole figure goes, not its tail
    assert cut(address, 56) == "See https://example.org/documents/S/2016/1137/report-…"


def test_a_short_text_is_not_cut() -> None:
    assert cut("only one woman out of 62", 40) == "only one woman out of 62"


@pytest.mark.parametrize(
    ("words", "written"),
    [
        ("women made up 24% of the delegates", "24%"),
        ("soit 24 % des sièges", "24 %"),
        ("only 12 per cent of the seats", "12 per cent"),
        ("1.78 percent of military personnel", "1.78 percent"),
        ("31,5 pour cent des candidats", "31,5 pour cent"),
    ],
)
def test_a_share_is_written_back_the_way_its_sentence_writes_it(words: str, written: str) -> None:
    value = float(written.split()[0].rstrip("%").replace(",", "."))
    fact = {"kind": "share", "unit": "percent", "value": value, "subject": "women",
            "measure": "the delegates", "words": words}  # fmt: skip
    assert fact_text(fact).startswith(written.replace("31,5", "31.5"))
    assert percent_sign("no sign at all") == "%"  # a share computed from a count of a total
