"""Fact extraction: every shape, asserted as whole structures, on both samples and new text."""

from __future__ import annotations

from typing import Any

import pytest

from store.clean import clean
from store.db import Store
from store.extract.context import document_context
from store.extract.facts import extract_facts, parse_date
from store.models import Fact
from tests.conftest import MALI, VELORIA


def facts_of(text: str, title: str = "doc.txt") -> list[Fact]:
    cleaned = clean(text)
    return extract_facts(cleaned.sentences, document_context(title, text, cleaned.sentences))


def shape(fact: Fact) -> dict[str, Any]:
    """The fields a user sees, plus the figure's own words."""
    return {
        "kind": fact.kind,
        "subject": fact.subject,
        "measure": fact.measure,
        "value": fact.value,
        "total": fact.total,
        "unit": fact.unit,
        "as_of": fact.as_of,
        "previous_value": fact.previous_value,
        "previous_as_of": fact.previous_as_of,
    }


def find(facts: list[Fact], words: str) -> Fact:
    """The one fact whose figure's words (its span) start with `words`."""
    hits = [f for f in facts if f.sentence.text[f.start - f.sentence.start :].startswith(words)]
    assert len(hits) == 1, [shape(f) for f in facts]
    return hits[0]


@pytest.fixture(scope="module")
def mali() -> list[Fact]:
    return facts_of(MALI.read_text(encoding="utf-8"), MALI.name)


@pytest.fixture(scope="module")
def veloria() -> list[Fact]:
    return facts_of(VELORIA.read_text(encoding="utf-8"), VELORIA.name)


def base(**fields: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "total": None,
        "unit": "count",
        "as_of": None,
        "previous_value": None,
        "previous_as_of": None,
    }
    out.update(fields)
    return out


def test_count_of_total_csa(mali: list[Fact]) -> None:
    fact = find(mali, "one woman out of the 62")
    assert shape(fact) == base(
        kind="count",
        subject="women",
        measure="Malian members of the Comité de Suivi de L'Accord (CSA) and its sub-committees",
        value=1,
        total=62,
    )
    assert fact.sentence.section == "Other key updates"
    assert fact.sentence.text.startswith("There is only one woman out of the 62 Malian members")
    text = clean(MALI.read_text(encoding="utf-8")).text
    assert text[fact.start : fact.end].startswith("one woman out of the 62")


def test_count_of_total_with_its_and_missing_of(mali: list[Fact]) -> None:
    # "six out its 25 members are women" (sic): the body is named earlier in the sentence.
    assert shape(find(mali, "six out its 25")) == base(
        kind="count",
        subject="women",
        measure="members of the Truth and Reconciliation Commission",
        value=6,
        total=25,
    )


def test_count_of_total_backlog(mali: list[Fact]) -> None:
    fact = find(mali, "37 victims")
    assert shape(fact) == base(
        kind="count", subject="victims", measure="cases", value=37, total=113, as_of="2016-08-31"
    )


def test_share_with_date(mali: list[Fact]) -> None:
    assert shape(find(mali, "1.78 percent")) == base(
        kind="share",
        subject="women",
        measure="military personnel",
        value=1.78,
        unit="percent",
        as_of="2016-05",
    )


def test_changes_from_to(mali: list[Fact]) -> None:
    assert shape(find(mali, "from 42 to 28")) == base(
        kind="change",
        subject="women",
        measure="UN volunteers",
        value=28,
        unit="percent",
        previous_value=42,
        previous_as_of="2014-03",
    )
    assert shape(find(mali, "from 30 to 20")) == base(
        kind="change",
        subject="women",
        measure="national staff",
        value=20,
        unit="percent",
        previous_value=30,
        previous_as_of="2014",
    )


def test_plain_counts_with_elliptic_second_figure(mali: list[Fact]) -> None:
    assert shape(find(mali, "five budgeted posts")) == base(
        kind="count",
        subject="budgeted posts",
        measure="budgeted posts in MINUSMA for Women Protection",
        value=5,
    )
    assert shape(find(mali, "seven for Gender")) == base(
        kind="count", subject="budgeted posts", measure="budgeted posts for Gender", value=7
    )


def test_quotas(mali: list[Fact], veloria: list[Fact]) -> None:
    assert shape(find(mali, "30 per cent quota")) == base(
        kind="quota", subject="women", measure="in national institutions", value=30, unit="percent"
    )
    assert find(mali, "quota law requires a minimum of 30 percent").value == 30
    assert shape(find(veloria, "35 per cent quota for women")) == base(
        kind="quota", subject="women", measure="on candidate lists", value=35, unit="percent"
    )


def test_a_goal_of_a_share_is_a_target_not_a_share() -> None:
    facts = facts_of(
        "He called for a goal of having women comprise 30 per cent of parliamentarians and "
        "district councillors after next year's elections. The target of 40 per cent of "
        "judges was not met. Women comprise 12 per cent of parliamentarians.\n"
    )
    assert [(f.kind, f.value, f.measure) for f in facts] == [
        ("quota", 30, "parliamentarians and district councillors after next year's elections"),
        ("quota", 40, "judges"),
        ("share", 12, "parliamentarians"),
    ]


def test_a_tables_labelled_figures_name_who_and_among_what() -> None:
    facts = facts_of(
        "Key figures\n\nProportion of seats held by women in national parliaments\n23.8%\n"
        "Proportion of women in ministerial positions\n18.2%\nWomen judges\n1,451\n"
        "Last elections\n2019\n"
    )
    assert [(f.kind, f.subject, f.measure, f.value, f.unit) for f in facts] == [
        ("share", "women", "seats in national parliaments", 23.8, "percent"),
        ("share", "women", "ministerial positions", 18.2, "percent"),
        ("count", "women", "women judges", 1451, "count"),
    ]


def test_lists(mali: list[Fact], veloria: list[Fact]) -> None:
    parties = find(mali, "following parties")
    assert parties.kind == "list"
    assert parties.items == [
        "Mouvement national pour la libération de l'Azawad",
        "Ansar Eddine",
        "Mouvement pour l'unification et le jihad en Afrique de l'ouest",
        "Al-Qaida in the Islamic Maghreb",
        "Groupe d'autodéfense Touaregs Imghad et leurs alliés",
    ]
    assert "conflict-related sexual violence" in parties.measure
    platform = find(mali, "Platform group (GATIA")
    assert (platform.subject, platform.items) == (
        "members of the Platform group",
        ["GATIA", "CMFPR", "MAA"],
    )
    listed = find(veloria, "The Front Populaire")
    assert listed.items == [
        "Front Populaire de Libération (FPL)",
        "Milices d'Autodéfense du Nord (MAN)",
    ]
    assert listed.measure.startswith("listed in the annex")


def test_veloria_counts(veloria: list[Fact]) -> None:
    assert shape(find(veloria, "two of the 15 seats")) == base(
        kind="count",
        subject="women",
        measure="seats on the Comité National de Dialogue (CND)",
        value=2,
        total=15,
        previous_value=0,
        previous_as_of="2026-03",
    )
    assert shape(find(veloria, "Three women were appointed")) == base(
        kind="count",
        subject="women",
        measure="21-member cabinet in the September reshuffle",
        value=3,
        total=21,
    )
    assert shape(find(veloria, "214 cases")) == base(
        kind="count",
        subject="cases",
        measure="cases of conflict-related sexual violence",
        value=214,
        as_of="2026-09",
    )
    assert find(veloria, "214 cases").qualifier == "documented"
    assert shape(find(veloria, "61 of them")) == base(
        kind="count",
        subject="girls",
        measure="cases of conflict-related sexual violence against girls",
        value=61,
        total=214,
        as_of="2026-09",
    )
    assert shape(find(veloria, "48 cases")) == base(
        kind="count", subject="cases", measure="cases", value=48
    )
    assert shape(find(veloria, "19 ended")) == base(
        kind="count", subject="cases", measure="cases ended in convictions", value=19, total=48
    )


def test_two_shares_from_one_sentence(veloria: list[Fact]) -> None:
    military = find(veloria, "6.4 per cent")
    police = find(veloria, "17.9 per cent")
    assert shape(military) == base(
        kind="share",
        subject="women",
        measure="UNMIVEL military personnel",
        value=6.4,
        unit="percent",
        as_of="2026-09-30",
    )
    assert shape(police) == base(
        kind="share",
        subject="women",
        measure="UNMIVEL police",
        value=17.9,
        unit="percent",
        as_of="2026-09-30",
    )
    assert military.sentence == police.sentence


def test_change_between_dates(veloria: list[Fact]) -> None:
    assert shape(find(veloria, "from 31 to 38")) == base(
        kind="change",
        subject="women",
        measure="international civilian staff",
        value=38,
        unit="percent",
        as_of="2026-09",
        previous_value=31,
        previous_as_of="2024-01",
    )


def test_genre_sentences_of_our_own() -> None:
    text = (
        "Gender balance\n\n"
        "As of 31 March 2025, women made up 4,5 % of the mission's formed police units. "
        "Of the 427 cases documented in 2025, 112 were verified by the mission. "
        "Four hundred and twenty-seven (427) allegations were recorded. "
        "Only two of the nine ministers are women. "
        "The proportion of women judges fell from 12 to 9 percent between 2019 and 2024. "
        "Le quota de 30 % pour les femmes s'applique. "
        "Mobile courts heard 12 231 cases.\n"
    )
    facts = facts_of(text)
    assert shape(find(facts, "4,5 %")) == base(
        kind="share",
        subject="women",
        measure="mission's formed police units",
        value=4.5,
        unit="percent",
        as_of="2025-03-31",
    )
    verified = find(facts, "Of the 427 cases")
    assert (verified.value, verified.total, verified.qualifier) == (112, 427, "verified")
    assert find(facts, "Four hundred and twenty-seven").value == 427
    assert shape(find(facts, "two of the nine")) == base(
        kind="count", subject="women", measure="ministers", value=2, total=9
    )
    judges = find(facts, "from 12 to 9")
    assert (judges.kind, judges.value, judges.previous_value, judges.unit) == (
        "change",
        9,
        12,
        "percent",
    )
    assert (judges.previous_as_of, judges.as_of) == ("2019", "2024")
    assert find(facts, "quota de 30 %").kind == "quota"
    assert find(facts, "12 231 cases").value == 12231
    assert all(f.sentence.section == "Gender balance" for f in facts)


def test_no_figures_from_dates_symbols_or_durations() -> None:
    text = (
        "The group met on 12 October 2026 and issued S/2026/915 under resolution 2871 (2026). "
        "It will meet again in about four months; the report is due every 90 days.\n"
    )
    assert facts_of(text) == []


@pytest.mark.parametrize(
    ("phrase", "year", "expected"),
    [
        ("May 2016", None, "2016-05"),
        ("30 September 2026", None, "2026-09-30"),
        ("the end of August", 2016, "2016-08-31"),
        ("February 29th 2016", None, "2016-02-29"),
        ("March", None, None),
        ("2014", None, "2014"),
        ("12 octobre 2026", None, "2026-10-12"),
    ],
)
def test_parse_date(phrase: str, year: int | None, expected: str | None) -> None:
    assert parse_date(phrase, year) == expected


def test_masthead_dates() -> None:
    from store.extract.context import detect_doc_date

    assert (
        detect_doc_date(
            "United Nations S/2027/512\nSecurity Council Distr.: General 14 June 2027\n"
        )
        == "2027-06-14"
    )
    assert detect_doc_date("Background note\n12 October 2026\n\nText.") == "2026-10-12"
    assert detect_doc_date("The group met on 12 October 2026.") is None


GENRE = (
    "Mission staffing\n\n"
    "UNSOMB has 410 civilian staff, 46% of whom are women. The visiting mission travelled to "
    "Karavia from 14 to 17 May 2027. The Joint Verification Mechanism (JVM) has 18 members, "
    "none of whom is a woman. In 2026 the mission verified 57 cases of conflict-related sexual "
    "violence, including 12 against girls, an increase from 41 verified cases in 2025. The "
    "programme has a budget of 2.1 million dollars, of which 15 per cent was disbursed in 2026. "
    "Of the 64 delegates, nine were women, compared with five at the previous round in January "
    "2027. Of the 57 cases, 35 were attributed to the KLM and nine to the national armed forces "
    "(FAK). The unit has five of its 11 gender posts filled.\n\n"
    "Situation humanitaire\n\n"
    "La Commission vérité, justice et réconciliation (CVJR) a recueilli 1 245 témoignages, dont "
    "62,5 % émanant de femmes. Sept des 11 commissaires sont des femmes. Le nombre de personnes "
    "déplacées internes est passé de 210 000 à 265 000 entre décembre 2026 et mai 2027.\n"
)


@pytest.fixture(scope="module")
def genre() -> list[Fact]:
    return facts_of(GENRE)


def test_relative_shares_take_the_figure_before(genre: list[Fact]) -> None:
    assert shape(find(genre, "46% of whom")) == base(
        kind="share", subject="women", measure="civilian staff", value=46, unit="percent"
    )
    assert shape(find(genre, "62,5 %")) == base(
        kind="share", subject="women", measure="témoignages", value=62.5, unit="percent"
    )


def test_parts_of_a_figure(genre: list[Fact]) -> None:
    assert shape(find(genre, "none of whom")) == base(
        kind="count", subject="women", measure="members", value=0, total=18
    )
    assert shape(find(genre, "12 against girls")) == base(
        kind="count",
        subject="girls",
        measure="cases of conflict-related sexual violence against girls",
        value=12,
        total=57,
        as_of="2026",
    )
    assert shape(find(genre, "Of the 57 cases, 35")) == base(
        kind="count",
        subject="cases",
        measure="cases were attributed to the KLM",
        value=35,
        total=57,
    )
    assert shape(find(genre, "nine to the national")) == base(
        kind="count",
        subject="cases",
        measure="cases were attributed to the national armed forces (FAK)",
        value=9,
        total=57,
    )


def test_earlier_values_said_in_other_words(genre: list[Fact]) -> None:
    assert shape(find(genre, "57 cases")) == base(
        kind="count",
        subject="cases",
        measure="cases of conflict-related sexual violence",
        value=57,
        as_of="2026",
        previous_value=41,
        previous_as_of="2025",
    )
    assert shape(find(genre, "Of the 64 delegates")) == base(
        kind="count",
        subject="women",
        measure="delegates",
        value=9,
        total=64,
        previous_value=5,
        previous_as_of="2027-01",
    )


def test_no_figures_from_spans_of_days_scales_read(genre: list[Fact]) -> None:
    assert not [f for f in genre if f.value in (14, 17)]
    assert find(genre, "2.1 million dollars").value == 2_100_000
    assert find(genre, "15 per cent was disbursed").value == 15  # "cent" is not a hundred
    assert find(genre, "five of its 11").subject != "women"


def test_french_counts_and_changes(genre: list[Fact]) -> None:
    assert shape(find(genre, "Sept des 11")) == base(
        kind="count", subject="women", measure="commissaires", value=7, total=11
    )
    assert shape(find(genre, "1 245 témoignages")) == base(
        kind="count", subject="témoignages", measure="témoignages", value=1245
    )
    change = find(genre, "Le nombre de personnes")
    assert (change.kind, change.previous_value, change.value, change.measure) == (
        "change",
        210_000,
        265_000,
        "personnes déplacées internes",
    )
    assert (change.previous_as_of, change.as_of) == ("2026-12", "2027-05")


def test_moves_given_by_their_size() -> None:
    facts = facts_of(
        "The proportion of survivors who received medical care within 72 hours fell to 34 per "
        "cent, a drop of 12 points. The share of women among judges rose to 31 per cent.\n"
    )
    assert shape(find(facts, "34 per cent")) == base(
        kind="change",
        subject="survivors",
        measure="survivors who received medical care within 72 hours",
        value=34,
        unit="percent",
        previous_value=46,
    )
    assert shape(find(facts, "31 per cent")) == base(
        kind="share", subject="women", measure="women among judges", value=31, unit="percent"
    )


def test_an_acronym_and_its_long_forms_find_each_other(store: Store) -> None:
    from store.queries import search_forms

    assert search_forms(store.db, "TRC") == [
        "TRC", "Truth and Reconciliation Commission", "Truth, Justice and Reconciliation "
        "Commission", "truth commission", "Commission vérité, justice et réconciliation", "CVJR",
    ]  # fmt: skip
    assert search_forms(store.db, "un  VOLUNTEERS")[:3] == [
        "un VOLUNTEERS", "UNV", "United Nations Volunteers",
    ]  # fmt: skip
    assert search_forms(store.db, "AU")[:2] == ["AU", "African Union"]
    assert search_forms(store.db, "au") == ["au"]  # a word, not the African Union
    assert search_forms(store.db, "women") == ["women"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The unit registered 24,576 victims of sexual violence, of which one third had received "
        "compensation.",
        "The unit registered 24,576 victims of sexual violence, two-thirds of them women.",
        "L'unité a enregistré 24 576 victimes, dont un tiers avaient reçu une réparation.",
        "Nearly two decades after the adoption of resolution 1325, 24,576 victims were registered.",
    ],
)
def test_a_fraction_or_a_span_of_time_is_never_a_count(sentence: str) -> None:
    facts = facts_of(f"Colombia\n\n{sentence}\n")
    assert [(f.kind, f.value) for f in facts] == [("count", 24576.0)]


def test_a_bare_number_saying_what_became_of_a_figure_is_its_part() -> None:
    facts = facts_of(
        "Ruritania\n\nThe Women's Council submitted 23 recommendations to the drafting "
        "committee; only five were retained in the draft constitution.\n\n"
        "In 2019, 45 women were elected, and 12 were appointed to the cabinet.\n"
    )
    parts = [(f.value, f.total, f.measure) for f in facts]
    assert parts[:2] == [
        (23.0, None, "recommendations to the drafting committee"),
        (5.0, 23.0, "recommendations to the drafting committee were retained in the draft "
         "constitution"),
    ]  # fmt: skip
    # "and 12 were appointed" may be other people: no part of the 45
    assert (12.0, None) in [(f.value, f.total) for f in facts]


def test_a_count_then_the_same_count_for_other_months() -> None:
    facts = facts_of(
        "Ruritanie, 3 novembre 2019\n\nLes statistiques montrent une constante : 18 cas "
        "enregistrés au mois d'août, 30 en septembre et 7 en octobre, a indiqué le porte-parole.\n"
    )
    assert [(f.measure, f.value, f.as_of) for f in facts if f.kind == "count"] == [
        ("cas enregistrés", 18.0, "2019-08"),
        ("cas enregistrés", 30.0, "2019-09"),
        ("cas enregistrés", 7.0, "2019-10"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        'Il a indiqué que " la même résolution 2659 demande à la MINUSCA d\'aider les autorités ".',
        "Article 34 of the Constitution provides for parity in elected offices.",
        "La loi n° 012 a été promulguée en 2019.",
    ],
)
def test_a_resolutions_an_articles_or_a_laws_number_is_no_count(sentence: str) -> None:
    assert [f for f in facts_of(f"Ruritania\n\n{sentence}\n") if f.kind == "count"] == []


def test_a_shares_subject_follows_its_verb_not_the_next_figure() -> None:
    facts = facts_of(
        "Women and girls made up 89 per cent of the victims, with 35 men and 3 individuals who "
        "identified otherwise.\n\n1.78 percent of military personnel were women.\n"
    )
    shares = {f.value: f.subject for f in facts if f.kind == "share"}
    assert shares == {89: "women", 1.78: "women"}


def test_a_figure_in_words_counts_people_children_and_staff() -> None:
    facts = facts_of(
        "There are 2.3 million people who are food insecure, more than two million people "
        "internally displaced, and 800,000 children are out of school.\n"
    )
    assert [(f.value, f.measure) for f in facts if f.kind == "count"] == [
        (2_300_000, "people"),
        (2_000_000, "people internally displaced"),
        (800_000, "children"),
    ]


def test_at_least_is_a_quota_only_where_the_sentence_requires_it() -> None:
    facts = facts_of(
        "At least 30 per cent of the participants in the consultations were women.\n\n"
        "The law requires at least 30 per cent women on candidate lists.\n"
    )
    assert [(f.kind, f.value) for f in facts] == [("share", 30), ("quota", 30)]


def test_zero_written_as_a_word_counts_but_zero_tolerance_does_not() -> None:
    facts = facts_of(
        "The mission applies a zero tolerance policy.\n\n"
        "In 2019 there were zero women among the negotiators.\n"
    )
    assert [(f.kind, f.value, f.measure) for f in facts] == [
        ("count", 0, "women among the negotiators")
    ]


def test_a_bracket_may_open_with_a_count_of_its_own() -> None:
    facts = facts_of(
        "746 women casualties (235 women killed and 511 injured) were documented.\n\n"
        "Four hundred and twenty-seven (427) cases were recorded.\n"
    )
    assert [(f.value, f.measure) for f in facts] == [
        (746, "women casualties"),
        (235, "women killed"),
        (511, "injured"),
        (427, "cases"),
    ]


def test_un_in_capitals_is_the_united_nations_not_the_french_one() -> None:
    facts = facts_of("Five UN agencies took part.\n\nUn seul des 12 ministres est une femme.\n")
    assert [(f.value, f.measure) for f in facts] == [(5, "UN agencies took part"), (1, "ministres")]


def test_thousands_grouped_by_an_apostrophe_are_one_figure() -> None:
    facts = facts_of("The mission has 1'200 staff.\n\nThe fund supported 14’500 women.\n")
    assert [f.value for f in facts] == [1200, 14500]
