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


def _fact(**fields: object) -> dict[str, object]:
    base = {"kind": "count", "unit": "count", "value": None, "total": None, "subject": "",
            "measure": "", "words": "", "previous_value": None, "previous_as_of": None,
            "as_of": None, "qualifier": None, "quote": ""}  # fmt: skip
    return {**base, **fields}


@pytest.mark.parametrize(
    ("fact", "french"),
    [
        (
            _fact(value=6, total=25, subject="women", measure="membres de la CVJR"),
            "Femmes : 6 sur 25 membres de la CVJR (24 %).",
        ),
        (
            _fact(
                kind="share",
                unit="percent",
                value=27.5,
                subject="women",
                measure="magistrats",
                words="27,5 % des magistrats",
            ),
            "Femmes : 27,5 % (magistrats).",
        ),
        (
            _fact(
                kind="quota",
                unit="percent",
                value=30,
                subject="women",
                measure="sur les listes",
                words="un quota de 30 pour cent",
            ),
            "Quota de 30 % pour les femmes (sur les listes).",
        ),
        (
            _fact(
                kind="change",
                unit="percent",
                value=28,
                previous_value=42,
                subject="women",
                measure="UN volunteers",
                previous_as_of="2014-03",
                words="42 to 28 percent",
            ),
            "Femmes : de 42 % (mars 2014) à 28 % (UN volunteers), en baisse de 14 points.",
        ),
        (_fact(value=1245, measure="témoignages"), "Témoignages : 1 245."),
        (
            _fact(value=2_100_000, measure="personnes déplacées"),
            "Personnes déplacées : 2,1 millions.",
        ),
    ],
)
def test_a_figure_for_a_french_reader_is_a_label_and_a_figure(
    fact: dict[str, object], french: str
) -> None:
    assert fact_text(fact, "fr") == french


def test_a_french_figure_keeps_its_subject_and_its_french_percent_sign() -> None:
    youth = _fact(kind="quota", unit="percent", value=30, subject="youth", measure="")
    assert fact_text(youth, "fr") == "Quota de 30 % pour les youth."
    share = _fact(kind="share", unit="percent", value=24, subject="women", measure="sièges")
    assert fact_text(share, "fr") == "Femmes : 24 % (sièges)."  # no sign in its words: ' %'
    # a count without its value (never stored so, but never a crash)
    assert fact_text(_fact(value=None, total=12, measure="members"), "fr").startswith("Members")
    assert "12" in fact_text(_fact(value=None, total=12, measure="members"))


@pytest.mark.parametrize(
    ("value", "french"),
    [(1451.0, "1 451"), (2_100_000.0, "2,1 millions"), (1_000_000.0, "1 million"),
     (8e9, "8 milliards"), (1.78, "1,78"), (62.0, "62")],
)  # fmt: skip
def test_a_figure_as_french_writes_it(value: float, french: str) -> None:
    assert number_text(value, "fr") == french
