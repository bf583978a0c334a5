"""The ranking-first answering design on real UN texts (../shared/realtexts) and the samples:
the rules that veto and weigh, the typed answer parts, the trace, time and place scoping,
question kinds beyond figures, French.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from handlers.answer_text import (
    PASSAGE_LABEL,
    PASSAGE_LABEL_FR,
    answer_json,
    explain_text,
    render_text,
)
from store.answer import answer_question
from store.answering.evidence import UNWRITTEN_FACTOR, idf, spells_out, weight
from store.answering.index import years_about
from store.answering.lexicon import build_lexicon
from store.answering.question import Concept, correction, parse_question, question_language
from store.answering.rules import RULES, figures, is_date_line, member_states_in, person_names
from store.answering.sharpen import FACT_RULES
from store.answering.types import Answer
from store.db import Store
from store.ingest import ingest_raw
from store.readers import read_source
from tests.conftest import MALI, REPO, VELORIA

REALTEXTS = REPO.parent / "shared" / "realtexts"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def load(path: Path, *docs: Path) -> Store:
    assert all(d.exists() for d in docs), (
        f"missing documents (is ../shared beside the repo?): {docs}"
    )
    store = Store(path)
    for doc in docs:
        ingest_raw(store.db, read_source(str(doc)), NOW)
    return store


def load_text(tmp_path: Path, text: str, name: str = "doc.txt") -> Store:
    """A store holding one document written for the test."""
    document = tmp_path / name
    document.write_text(text, encoding="utf-8")
    return load(tmp_path / f"{document.stem}.db", document)


def ask(store: Store, question: str, explain: bool = False) -> Answer:
    return answer_question(store.db, question, NOW, explain=explain)


def answered_from(store: Store, question: str) -> str:
    """The sentence an answer quotes first; the question must be answered."""
    answer = ask(store, question)
    assert answer.found, render_text(answer)
    return answer.sources[0].quote


@pytest.fixture(scope="module")
def crsv(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A CRSV country page with one section per report year (2013, 2014, 2017, 2018, 2019)."""
    return load(
        tmp_path_factory.mktemp("crsv") / "c.db", REALTEXTS / "crsv_mali_un_country_page.txt"
    )


@pytest.fixture(scope="module")
def iraq(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return load(tmp_path_factory.mktemp("iraq") / "i.db", REALTEXTS / "ieg_iraq_2016.txt")


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return load(tmp_path_factory.mktemp("both") / "b.db", MALI, VELORIA)


@pytest.fixture(scope="module")
def mali(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return load(tmp_path_factory.mktemp("mali") / "m.db", MALI)


# --- time scoping ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("How many CRSV cases did MINUSMA document in 2017?", 16),
        ("How many CRSV cases did MINUSMA verify in 2019?", 27),
        ("How many allegations of CRSV did the UN record in Mali in 2014?", 90),
    ],
)
def test_a_year_asked_is_the_sentence_period(crsv: Store, question: str, figure: int) -> None:
    answer = ask(crsv, question)
    assert answer.found is True and answer.kind == "fact", render_text(answer)
    assert answer.facts[0]["value"] == figure


def test_another_years_figure_is_vetoed_and_the_trace_says_why(crsv: Store) -> None:
    answer = ask(crsv, "How many CRSV cases did MINUSMA document in 2017?", explain=True)
    trace = answer.explanation
    assert trace is not None and trace.winner is not None
    winner = trace.candidates[trace.winner]
    assert "In 2017" in winner.sentence
    vetoed_years = [
        c for c in trace.candidates if any(rule == "another_year" for rule, _, _ in c.firings)
    ]
    assert vetoed_years, "sentences of other years are vetoed, not merely outranked"
    assert all(c.score is None for c in vetoed_years)
    assert any("2019" in c.sentence for c in vetoed_years)


def test_a_heading_gives_its_year_to_the_sentences_under_it(crsv: Store) -> None:
    # "Of 22 reported incidents ..., 12 occurred in Gao" names no year: its section does.
    answer = ask(crsv, "Of the 22 verified CRSV incidents in 2018, how many occurred in Gao?")
    assert answer.found is True
    assert "12 occurred in Gao" in (answer.passage.quote if answer.passage else "")


# --- open questions: names, posts, who ---------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Who signed the IEG letter for Spain?", "Oyarzun"),
        ("Who was the main briefer at the IEG meeting on Iraq?", "Busztin"),
    ],
)
def test_who_questions_answer_with_the_sentence_that_names_the_person(
    iraq: Store, question: str, name: str
) -> None:
    answer = ask(iraq, question)
    assert answer.found is True and answer.kind == "passage"
    assert name in render_text(answer)


def test_person_names_are_capitalised_words_the_document_never_writes_in_lower_case() -> None:
    assert person_names("(Signed) Román Oyarzun Ambassador Permanent Representative of Spain") == [
        "Román Oyarzun"
    ]
    # A press headline in Title Case names no one.
    assert (
        person_names("UN Special Representative Concludes First Visit to Mali, Urges Action") == []
    )
    assert (
        person_names(
            "political leaders developed an Implementation Plan",
            frozenset({"plan", "implementation"}),
        )
        == []
    )
    # one capitalised word alone is no one, unless a title or a post comes before it
    assert person_names("Despite the delays, the Syrian Advisory Board met.") == []
    assert person_names("Ambassador Thomas-Greenfield and Mr. Benomar spoke.") == [
        "Thomas-Greenfield",
        "Benomar",
    ]
    assert person_names("He recalled his meeting with Abdelaziz al-Hilu in Juba.") == [
        "Abdelaziz al-Hilu"
    ]


def test_a_date_question_about_the_document_is_answered_by_its_own_date(iraq: Store) -> None:
    answer = ask(iraq, "What's the date of the letter transmitting the IEG Iraq meeting summary?")
    assert answer.kind == "event" and answer.event is not None
    assert answer.event["date"] == "2016-12-22"
    assert render_text(answer).splitlines()[0] == (
        "ieg_iraq_2016.txt is dated 22 Dec 2016 (the date of its letter)."
    )


# --- figures: sharpening, vetoes ---------------------------------------------------------------


def test_two_figures_asked_side_by_side_are_both_in_the_answer(crsv: Store) -> None:
    answer = ask(
        crsv, "2014 CRSV in Mali: how many of the victims were women and how many were girls?"
    )
    text = render_text(answer)
    assert answer.found is True
    assert "52" in text and "38" in text


def test_a_figure_of_another_population_never_answers(samples: Store) -> None:
    police = ask(samples, "women in UNMIVEL police?")
    assert police.facts[0]["value"] == 17.9
    judges = ask(samples, "How many women judges are there in Mali?")
    assert judges.found is False and judges.reason == "not_found"


def test_the_figure_the_question_names_wins_among_a_sentences_figures(mali: Store) -> None:
    answer = ask(mali, "How many budgeted posts does MINUSMA have for Gender?", explain=True)
    assert answer.facts[0]["value"] == 7
    trace = answer.explanation
    assert trace is not None
    # Every stored figure of the sentence was judged by the named fact rules.
    assert [f.kind for f in trace.facts].count("count") >= 2
    assert all(rule for fact in trace.facts for rule, _, _ in fact.firings)


def test_a_count_of_another_body_is_refused_not_given(mali: Store) -> None:
    answer = ask(mali, "How many women are in the international mediation team?")
    assert answer.found is False
    assert answer.facts == []


def test_figures_of_a_sentence_leave_out_dates_years_and_symbols() -> None:
    sentence = "On 29 June 2016, resolution 2295 (S/RES/2295) set 13,289 troops and 1,920 police."
    assert figures(sentence) == ["13,289", "1,920"]
    assert figures("Women hold 30 per cent of seats", counts_only=True) == []


# --- typed parts and the trace -------------------------------------------------------------------


def test_answer_parts_are_data_and_every_surface_renders_them(samples: Store) -> None:
    answer = ask(samples, "What did the strategic review recommend?")
    assert answer.kind == "passage" and answer.facts == [] and answer.passage is not None
    data = answer_json(answer)
    assert data["kind"] == "passage"
    assert data["passage"]["quote"].startswith("The strategic review of MINUSMA recommended")
    lead, quote = render_text(answer).splitlines()[:2]
    assert lead == "The closest passage in the updates (quoted, not a recorded figure):"
    assert quote.startswith("“The strategic review of MINUSMA recommended")


def test_explain_lists_each_candidate_with_its_rules(samples: Store) -> None:
    answer = ask(samples, "women in UNMIVEL police?", explain=True)
    data = answer_json(answer)
    assert set(data["explain"]) == {
        "asks", "concepts", "countries", "years", "candidates", "winner", "facts", "why",
    }  # fmt: skip
    winner = data["explain"]["candidates"][data["explain"]["winner"]]
    assert winner["firings"][0][0] == "ranking"
    text = explain_text(answer)
    assert "WINNER" in text and "why: best score" in text
    assert "another_population veto" in text  # the military figure's sentence is vetoed


def test_without_explain_no_trace_is_kept(samples: Store) -> None:
    assert ask(samples, "women in UNMIVEL police?").explanation is None
    assert "explain" not in answer_json(ask(samples, "women in UNMIVEL police?"))


def test_every_rule_is_named_and_documented() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    assert all(rule.kind in {"veto", "weight"} and rule.doc for rule in RULES)
    assert all(rule.__doc__ for rule in FACT_RULES)


# --- question kinds -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("women on the CSA?", ("figure",)),
        ("What share of Mali's MPs are women?", ("share",)),
        ("What's the symbol and date of the SG report?", ("when", "which")),
        ("When and where did the SG chair the meeting?", ("when", "where")),
        ("How often must the SG report on Mali?", ("cadence",)),
        ("What does UNAMI stand for?", ("expand",)),
        ("Is the SG preparing another report?", ("yes_no",)),
        ("Quelle périodicité de rapport le texte indique-t-il ?", ("cadence",)),
        ("how many of the candidates were women, out of how many?", ("count", "count")),
        ("la résolution a-t-elle été adoptée à l'unanimité ?", ("yes_no",)),
        ("le mandat est-il prorogé ?", ("yes_no",)),
        ("Quand le mandat expire-t-il ?", ("when",)),
        ("c'est quoi le CSA", ("which",)),
        ("date de la visioconférence ?", ("when",)),
        ("que demande la résolution 2659 à la MINUSCA ?", ("which",)),
        ("qu'a dit la France de ce renouvellement ?", ("which",)),
        ("Les élections locales sont prévues pour quelle année ?", ("when",)),
        ("meeting number?", ("which",)),
        # without a question word, the noun says what is asked; else a figure is
        ("name of the new SRSG?", ("which",)),
        ("theme of the 2022 open debate", ("which",)),
        ("objectif du projet ?", ("which",)),
        ("NAP period?", ("period",)),
        ("venue of the women's forum?", ("where",)),
        ("Où le forum s'est-il tenu ?", ("where",)),
        ("women MPs in parliament?", ("figure",)),
    ],
)
def test_what_a_question_asks(question: str, asks: tuple[str, ...]) -> None:
    parsed = parse_question(question, build_lexicon(), [], lambda w: True, lambda w: None)
    assert parsed.asks == asks


def test_acronym_questions_are_answered_from_the_documents_own_definition(
    tmp_path: Path,
) -> None:
    store = load(tmp_path / "fr.db", REALTEXTS / "sg_mali_S2016_1137_en_fr.txt")
    english = ask(store, "What does MINUSMA stand for?")
    assert english.kind == "expansion" and english.expansion is not None
    assert english.expansion.long_form.startswith("United Nations Multidimensional")
    french = ask(store, "What is MINUSMA's full name in French?")
    assert french.expansion is not None
    assert french.expansion.long_form.startswith("Mission multidimensionnelle intégrée")


def test_yes_no_questions_are_settled_by_the_sentence(mali: Store) -> None:
    answer = ask(mali, "Has the number of women in government changed?")
    assert answer.kind == "passage" and answer.yes_no == "yes"
    assert render_text(answer).startswith("Yes, going by this passage in the updates:")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Quand le groupe d'experts se réunira-t-il à nouveau ?", "vers le 29 août 2016"),
        ("Quand la prochaine réunion du groupe d'experts aura-t-elle lieu ?", "29 août 2016"),
        ("Combien de femmes siègent à la CVJR ?", "Femmes : 6 sur 25 members of the Truth"),
        ("Quand la résolution 2295 a-t-elle été adoptée ?", "29 juin 2016"),
        ("wpsbot, how many women are on the CSA?", "1 of the 62 Malian members"),
        ("@wpsbot when do the experts meet again", "about 29 Aug 2016"),
        ("how many wmen in teh TRC", "6 of the 25 members"),
    ],
)
def test_french_the_bots_name_and_typos(mali: Store, question: str, expected: str) -> None:
    answer = ask(mali, question)
    assert answer.found is True, render_text(answer)
    assert expected in render_text(answer).splitlines()[0]


# --- places ---------------------------------------------------------------------------------------


def test_a_country_a_loaded_text_names_is_not_unknown(tmp_path: Path) -> None:
    store = load(tmp_path / "lc.db", REALTEXTS / "ieg_lake_chad_2018.txt")
    answer = ask(store, "When did the IEG meet on the Lake Chad Basin?")
    assert answer.found is True
    assert "30 January 2018" in render_text(answer)


def test_sudan_is_not_south_sudan_and_congolese_is_the_congo(tmp_path: Path) -> None:
    south = tmp_path / "south-sudan.txt"
    south.write_text(
        "The Informal Expert Group met on 3 March 2027 to discuss the situation in South Sudan. "
        "Women hold 4 of the 30 seats on the Peace Council.\n",
        encoding="utf-8",
    )
    drc = tmp_path / "drc.txt"
    drc.write_text(
        "The Council discussed the situation in the Democratic Republic of the Congo. "
        "Women hold 12 of the 60 seats in the transitional assembly.\n",
        encoding="utf-8",
    )
    store = load(tmp_path / "c.db", south, drc)
    sudan = ask(store, "women in Sudan's parliament?")
    assert (sudan.found, sudan.reason, sudan.unknown_countries) == (
        False,
        "unknown_country",
        ["Sudan"],
    )
    congolese = ask(store, "How many women are in the Congolese transitional assembly?")
    assert congolese.countries == ["Democratic Republic of the Congo"]
    assert congolese.facts[0]["value"] == 12


def test_latest_means_the_documents_date_not_the_load_order(tmp_path: Path) -> None:
    older = tmp_path / "a-2026-09.txt"
    newer = tmp_path / "b-2026-03.txt"
    older.write_text(
        "14 September 2026\n\nThe Informal Expert Group met on the situation in Ruritania.\n\n"
        "Women hold five of the 20 seats on the National Dialogue Commission (NDC).\n",
        encoding="utf-8",
    )
    newer.write_text(
        "12 March 2026\n\nThe Informal Expert Group met on the situation in Ruritania.\n\n"
        "Women hold three of the 20 seats on the National Dialogue Commission (NDC).\n",
        encoding="utf-8",
    )
    # Loaded September first, March last: the September update is still the latest.
    store = load(tmp_path / "d.db", older, newer)
    answer = ask(store, "women on the NDC?")
    assert answer.facts[0]["value"] == 5
    assert [r.label for r in answer.related] == ["earlier"]
    assert answer.related[0].facts[0]["value"] == 3


def test_who_answers_lead_with_the_person_the_passage_names(iraq: Store) -> None:
    answer = ask(iraq, "Who signed the IEG letter for the UK?")
    assert answer.kind == "passage" and answer.names == ["Matthew Rycroft"]
    assert (
        render_text(answer).splitlines()[0]
        == "Matthew Rycroft, going by this passage in the updates:"
    )


# --- compilations of reports -------------------------------------------------------------------


@pytest.fixture(scope="module")
def intros(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Opening paragraphs of several SG reports, each section headed by the report's symbol."""
    return load(
        tmp_path_factory.mktemp("intros") / "t.db", REALTEXTS / "sg_thematic_reports_intros.txt"
    )


def test_a_symbol_heading_a_section_makes_its_sentences_that_reports(intros: Store) -> None:
    # Two CRSV reports open alike; the symbol asked for heads the 2015 one.
    answer = ask(intros, "What period does the CRSV report S/2016/361/Rev.1 cover?")
    assert answer.sources and "January to December 2015" in answer.sources[0].quote
    assert "S/2016/361/Rev.1" in answer.sources[0].section


def test_another_form_of_an_adverb_names_it_annual_annually(intros: Store) -> None:
    answer = ask(
        intros, "Under which resolution and paragraph is the annual CRSV report submitted?"
    )
    assert answer.sources
    assert "paragraph 22 of Security Council resolution 2106" in answer.sources[0].quote


def test_a_page_of_annual_reports_dates_each_part_by_the_year_its_report_covers(
    tmp_path: Path,
) -> None:
    page = tmp_path / "crsv-country-page.txt"
    page.write_text(
        "Ruritania\n\n"
        "The information below is based on the Report of the Secretary-General to the "
        "Security Council (S/2018/250) issued on 16 April 2018.\n\n"
        "During the reporting period, the mission documented 308 incidents of conflict-related "
        "sexual violence.\n\n"
        "The information below is based on the Report of the Secretary-General to the "
        "Security Council (S/2019/280) issued on 29 March 2019.\n\n"
        "The mission documented 179 incidents of conflict-related sexual violence.\n",
        encoding="utf-8",
    )
    store = load(tmp_path / "p.db", page)
    for year, figure in ((2017, "308"), (2018, "179")):
        answer = ask(store, f"how many CRSV incidents were documented in {year}?")
        assert render_text(answer).startswith(f"{figure} incidents"), render_text(answer)
    # the report's own line still dates its issue
    assert ask(store, "how many CRSV incidents were documented in 2019?").kind == "none"
    # a report named by its issue date and symbol: that part of the page, whatever its year
    for asked in (
        "how many CRSV incidents according to the report issued in March 2019 (S/2019/280)?",
        "how many CRSV incidents were documented according to S/2019/280?",
    ):
        assert render_text(ask(store, asked)).startswith("179 incidents"), asked


def test_a_meeting_number_is_answered_from_the_press_releases_meeting_line(
    tmp_path: Path,
) -> None:
    release = tmp_path / "press-release.txt"
    release.write_text(
        "9565th Meeting (AM)\nSC/15612\n\n"
        "Briefing Security Council on Ruritania, Special Representative Urges Reforms\n\n"
        "The head of the mission told the Council that 14 women had been appointed to the "
        "transitional council since March.\n",
        encoding="utf-8",
    )
    communique = tmp_path / "communique.txt"
    communique.write_text(
        "8298e séance – matin\nCS/13400\n\n"
        "Le Conseil de sécurité proroge le mandat de la mission en Ruritanie\n\n"
        "Le Conseil a décidé de proroger le mandat de la mission jusqu'au 30 juin 2019.\n",
        encoding="utf-8",
    )
    store = load(tmp_path / "m.db", release)
    for question in (
        "Which meeting number was this Ruritania briefing?",
        "meeting no.?",
        "Meeting number for the open debate?",  # names little else the text says
    ):
        answer = ask(store, question)
        assert answer.found, question
        assert answer.sources[0].quote == "9565th Meeting (AM)", question
    # what was done is said elsewhere: the text's meeting line numbers the meeting
    answer = ask(store, "At which meeting were the 14 women's appointments discussed?", True)
    assert answer.found and answer.sources[0].quote == "9565th Meeting (AM)"
    assert "the_texts_meeting" in explain_text(answer)
    # a sentence without a meeting's number never answers it
    assert "9565" not in render_text(ask(store, "how many women were appointed?")).split("—")[0]
    french = load(tmp_path / "f.db", communique)
    for question in ("numéro de séance ?", "séance n° ?"):
        answer = ask(french, question)
        assert answer.found and "8298e séance" in answer.sources[0].quote, question


def test_a_meeting_number_question_is_refused_when_no_meeting_is_numbered(
    tmp_path: Path,
) -> None:
    store = load_text(
        tmp_path,
        "Summary of the meeting on Ruritania\n\n"
        "On 5 June 2018, the Informal Expert Group held a meeting on Ruritania, where 3 of the "
        "12 ministers were women.\n",
        name="note.txt",
    )
    answer = ask(store, "what was the meeting number?", explain=True)
    assert not answer.found
    assert "no meeting's number" in explain_text(answer)


def test_a_persons_role_is_the_post_the_sentence_gives_by_the_name(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Briefing Security Council on Ruritania\n\n"
        "Roza Otunbayeva, Special Representative of the Secretary-General for Ruritania and "
        "head of the mission, said that 12 women had been appointed to the cabinet.\n\n"
        "The Council also heard from civil society representatives.\n",
        name="release.txt",
    )
    assert answered_from(store, "whats Otunbayeva's role").startswith(
        "Roza Otunbayeva, Special Representative"
    )


def test_who_a_headline_names_by_post_is_answered_by_the_body_naming_the_person(
    tmp_path: Path,
) -> None:
    store = load_text(
        tmp_path,
        "Briefing Security Council on Ruritania, Special Representative Urges Authorities "
        "Reverse Repressive Policies towards Women\n\n"
        "Calling for sustained engagement, the head of the mission called on the authorities "
        "to reverse their policies.\n\n"
        "Roza Otunbayeva, Special Representative of the Secretary-General for Ruritania, said "
        "that the authorities had not attended the meeting.\n\n"
        "Also briefing was Mary Akrami, a civil society representative from Ruritania.\n",
        name="release.txt",
    )
    answer = ask(store, "who briefed the council on ruritania?", explain=True)
    assert answer.found
    assert answer.sources[0].quote.startswith("Roza Otunbayeva, Special Representative")
    assert "whom_the_body_names" in explain_text(answer)


def test_what_year_is_answered_by_a_bracketed_year(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "Ruritania\n\n"
        "Since the signing of the Comprehensive Peace Agreement (2006), the Government of "
        "Ruritania has continued to face challenges in addressing sexual violence.\n\n"
        "The commissions received 3,000 complaints of sexual violence.\n",
        encoding="utf-8",
    )
    store = load(tmp_path / "y.db", page)
    answer = ask(store, "In what year was Ruritania's Comprehensive Peace Agreement signed?")
    assert answer.found
    assert "Comprehensive Peace Agreement (2006)" in answer.sources[0].quote
    # a date question that is not about a year still needs a date
    assert not ask(store, "On what date was the Comprehensive Peace Agreement signed?").found


@pytest.mark.parametrize(
    "question",
    ["women MPs in ruritania right now - what %?", "what exact share of MPs are women here?"],
)
def test_how_a_user_frames_a_question_is_not_its_topic(tmp_path: Path, question: str) -> None:
    store = load_text(
        tmp_path,
        "Ruritania\n\n"
        "Women currently comprise only 12 per cent of Ruritania's parliamentarians, said the "
        "President of the Women's Forum.\n\n"
        "He called for a goal of having women comprise 30 per cent of parliamentarians.\n",
        name="page.txt",
    )
    assert render_text(ask(store, question)).startswith("12 per cent"), question


def test_slack_shorthand_in_a_question_means_the_full_word(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Ruritania\n\n"
        "In its resolution 2366 (2017) of 10 July 2017, the Security Council authorized the "
        "verification mission.\n\n"
        "A government was formed last week which includes three women among its 21 ministers.\n\n"
        "Women hold 96 seats in the Council of Representatives.\n",
        name="page.txt",
    )
    adopted = ask(store, "when was res 2366 adopted")
    assert adopted.found and "resolution 2366" in adopted.sources[0].quote
    members = ask(store, "how many ministers does the new govt have")
    assert members.found and "21 ministers" in members.sources[0].quote


REPORT_WITH_MASTHEAD = (
    "United Nations\n\nSecurity Council\n\nS/2031/498\n\n"
    "Distr.: General 31 May 2031 Original: English\n\n"
    "Report of the Secretary-General on the situation in Ruritania\n\n"
    "The present report provides an update on major developments in Ruritania since my report "
    "dated 28 March 2031 (S/2031/281), and contains recommendations for the renewal of the "
    "mandate of the mission.\n\n"
    "Women hold 12 of the 60 seats in the transitional council.\n"
)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("What is the symbol of the present report?",
         "report.txt is S/2031/498, dated 31 May 2031 (its masthead)."),
        ("What's the symbol and date of the SG report on Ruritania?",
         "report.txt is S/2031/498, dated 31 May 2031 (its masthead)."),
        ("quelle est la cote du rapport ?",
         "report.txt est S/2031/498, daté du 31 mai 2031 (son en-tête)."),
    ],
)  # fmt: skip
def test_a_reports_own_symbol_and_date_come_from_its_masthead(
    tmp_path: Path, question: str, said: str
) -> None:
    report = tmp_path / "report.txt"
    report.write_text(REPORT_WITH_MASTHEAD, encoding="utf-8")
    store = load(tmp_path / "o.db", report)
    answer = ask(store, question)
    assert render_text(answer).startswith(said), question
    assert answer.sources[0].quote == (
        "United Nations Security Council S/2031/498 Distr.: General 31 May 2031 Original: English"
    )


def test_a_report_the_question_relates_is_not_the_texts_own(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(REPORT_WITH_MASTHEAD, encoding="utf-8")
    store = load(tmp_path / "p.db", report)
    assert "S/2031/498" not in render_text(ask(store, "symbol of the previous report?"))
    # « Côte » is a country's name, never the French word for a symbol
    parsed = parse_question(
        "Combien de cas l'ONU a-t-elle confirmés en Côte d'Ivoire ?",
        build_lexicon(), [], lambda w: True, lambda w: None,
    )  # fmt: skip
    assert not parsed.wants_symbol


def test_a_span_of_days_is_answered_whole(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Mission de solidarité au Ruritanie, 5 mars 2020\n\n"
        "Au cours de son séjour à Bujumbura, du 2 au 4 mars, la mission a rencontré plusieurs "
        "responsables gouvernementaux.\n",
        name="note.txt",
    )
    answer = ask(store, "Quand la mission a-t-elle séjourné à Bujumbura ?")
    # asked in French, the dates are French
    assert render_text(answer).startswith(
        "Au cours de son séjour à Bujumbura : du 2 au 4 mars 2020."
    )
    english = render_text(ask(store, "When did the mission stay in Bujumbura?"))
    assert english.startswith("Au cours de son séjour à Bujumbura: 2–4 Mar 2020."), english
    assert answer.event is not None and answer.event["last_day"] == "2020-03-04"


def test_about_so_many_is_a_figure(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Visioconférence sur l'agenda Femmes, Paix et Sécurité, 24 mai 2021\n\n"
        "Une trentaine de participants de haut niveau se sont réunis pour discuter de "
        "l'agenda Femmes, Paix et Sécurité.\n\n"
        "La loi fixe un quota de 30 pour cent de femmes sur les listes.\n",
        name="note.txt",
    )
    answer = ask(store, "Combien de participants ?")
    assert answer.found and "Une trentaine de participants" in answer.sources[0].quote


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("reconvne", "reconven"),  # a letter dropped
        ("visioconf", "visioconferenc"),  # clipped: the one word it starts
        ("parliam", None),  # clipped, but two words start so
        ("senate", None),  # a short word one letter from another is a word of its own
        ("wmoen", "women"),  # two neighbouring letters swapped
        ("decrit", None),  # the same letters in another order are another word ("direct")
    ],
)
def test_a_typo_is_mended_only_when_one_word_is_meant(typed: str, meant: str | None) -> None:
    known = {
        "reconven", "visioconferenc", "parliament", "parliamentarian", "seat", "women", "direct"
    }  # fmt: skip
    assert correction(typed, known) == meant


def test_a_share_said_twice_is_answered_with_what_it_is_a_share_of(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Ruritania\n\n"
        "In the National Assembly, the number of women rose from 19 to 31 of 150 seats following "
        "by-elections, so that women now hold 20.7 per cent of seats.\n",
        name="page.txt",
    )
    text = render_text(ask(store, "women in the National Assembly?"))
    assert "19 to 31 of the 150 seats" in text.split("\n")[0], text


@pytest.mark.parametrize(
    ("question", "gendered"),
    [
        ("National Women's Council recs - how many retained?", False),
        ("how many recommendations did the Women's Council make?", False),
        ("how many women were elected?", True),
    ],
)
def test_a_bodys_name_does_not_make_a_question_about_women(question: str, gendered: bool) -> None:
    parsed = parse_question(question, build_lexicon(), [], lambda w: True, lambda w: None)
    assert parsed.gendered is gendered
    assert "Council" in parsed.text or "women" in parsed.text  # written as asked, capitals kept


def test_a_when_question_is_answered_by_the_event_it_names_first(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Ruritania, 3 March 2031\n\n"
        "The next report of the Secretary-General is due on 15 May 2031 and the Council will "
        "hold a briefing on it on 27 May 2031.\n",
        name="note.txt",
    )
    briefed = render_text(ask(store, "When will the Council be briefed on the next SG report?"))
    assert "27 May 2031" in briefed.split("\n")[0], briefed
    due = render_text(ask(store, "When is the next SG report due?"))
    assert "15 May 2031" in due.split("\n")[0], due


def test_a_month_asked_is_answered_by_that_months_figure(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Ruritanie, 3 novembre 2019\n\nLes statistiques montrent une constante : 18 cas "
        "enregistrés au mois d'août, 30 en septembre et 7 en octobre, a indiqué le porte-parole.\n",
        name="note.txt",
    )
    for question, lead in (
        ("Combien de cas ont été enregistrés en octobre ?", "Cas enregistrés : 7."),
        ("How many cases were recorded in September 2019?", "30 "),
    ):
        assert render_text(ask(store, question)).startswith(lead), question


def test_the_date_of_a_report_named_by_its_own_symbol_is_its_masthead_date(
    tmp_path: Path,
) -> None:
    report = tmp_path / "report.txt"
    report.write_text(
        "United Nations S/2031/776\n\nSecurity Council Distr.: General 27 September 2031\n\n"
        "Report of the Secretary-General on Ruritania\n\n"
        "The report describes progress in the implementation of the mandate of the mission since "
        "my report of 17 July 2031 (S/2031/575).\n",
        encoding="utf-8",
    )
    store = load(tmp_path / "r.db", report)
    dated = render_text(ask(store, "What is the date of report S/2031/776?"))
    assert dated.startswith("report.txt is dated 27 Sep 2031 (its masthead)."), dated
    own = render_text(ask(store, "symbol of the SG report?"))
    assert own.startswith("report.txt is S/2031/776"), own
    # another report's symbol, cited by this one, is not this one's date
    assert "27 Sep" not in render_text(ask(store, "What is the date of report S/2031/575?"))


def test_a_press_releases_own_symbol_comes_from_its_masthead(tmp_path: Path) -> None:
    release = tmp_path / "release.txt"
    release.write_text(
        "13 October 2031\n7533rd Meeting (AM)\nSC/12076\n\n"
        "Security Council Unanimously Adopts Resolution 4242 on Ruritania\n\n"
        "Through resolution 4242, adopted unanimously, the Council recalled its press "
        "statement SC/12001.\n",
        encoding="utf-8",
    )
    store = load(tmp_path / "p.db", release)
    for question in ("What is the press release symbol?", "symbol of the press release?"):
        assert render_text(ask(store, question)).startswith("release.txt is SC/12076"), question


@pytest.mark.parametrize(
    ("dateline", "question", "places"),
    [
        ("(New York, 24 August 2031)", "Where was the press release issued?",
         "New York, going by this passage"),
        ("PORT-AU-PRINCE/GENÈVE (14 octobre 2031)", "D'où le communiqué a-t-il été publié ?",
         "Port-Au-Prince et Genève, d'après ce passage"),
    ],
)  # fmt: skip
def test_where_a_text_was_issued_is_its_datelines_place(
    tmp_path: Path, dateline: str, question: str, places: str
) -> None:
    store = load_text(
        tmp_path,
        f"Press Release\n\n{dateline} – One year ago, 890,000 civilians fled to Ruritania, "
        "where 12 women's groups now run shelters.\n",
        name="release.txt",
    )
    answer = ask(store, question)
    assert render_text(answer).startswith(places), question
    assert answer.sources[0].quote.startswith(dateline)


def test_a_reports_original_language_comes_from_its_masthead(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(REPORT_WITH_MASTHEAD, encoding="utf-8")
    store = load(tmp_path / "l.db", report)
    for question in ("What was the original language of S/2031/498?", "langue originale ?"):
        answer = ask(store, question)
        assert render_text(answer).startswith("English, going by this passage"), question
        assert "Original: English" in answer.sources[0].quote


def test_who_directs_a_body_is_answered_by_the_sentence_naming_its_head(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Ruritania\n\n"
        "According to statistics from the Duékoué social centre, 45 survivors were assisted, "
        "said Mary Koné, the centre's director.\n\n"
        "The mission also met civil society representatives.\n",
        name="note.txt",
    )
    answer = ask(store, "Who directs the Duékoué social centre?")
    assert answer.found and "Mary Koné" in answer.names


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("symbol of the SG's 2021 WPS report?", frozenset()),
        ("Le rapport de 2019 porte sur quelle année ?", frozenset()),
        ("how many cases in 2019 the report counted?", frozenset({2019})),
        ("how many CRSV cases in 2019?", frozenset({2019})),
    ],
)
def test_a_year_naming_a_report_is_not_the_period_asked(
    question: str, years: frozenset[int]
) -> None:
    parsed = parse_question(question, build_lexicon(), [], lambda w: True, lambda w: None)
    assert parsed.years == years


def test_a_word_no_text_writes_weighs_half_but_a_figure_or_ordinal_counts_whole() -> None:
    def concept(typed: str) -> Concept:
        return Concept(name=typed, alternatives=frozenset({typed}), typed=typed, proper=False)

    written, unwritten = weight(concept("stakeout"), 3, 1000), weight(concept("stakeout"), 0, 1000)
    assert unwritten == pytest.approx(UNWRITTEN_FACTOR * idf(0, 1000))
    assert written < idf(0, 1000) and UNWRITTEN_FACTOR < 1
    assert weight(concept("60th"), 0, 1000) == pytest.approx(idf(0, 1000))


def test_elections_of_another_kind_and_a_budget_without_money_do_not_answer(
    tmp_path: Path,
) -> None:
    store = load_text(
        tmp_path,
        "Ruritania\n\n"
        "Municipal elections are scheduled for 28 September 2031.\n\n"
        "Nine provincial consultations were held to draft the national action plan.\n",
        name="page.txt",
    )
    assert not ask(store, "When is the next presidential election in Ruritania?").found
    assert ask(store, "When are the municipal elections in Ruritania?").found
    assert not ask(store, "What budget is allocated to the national action plan?").found


def test_a_country_named_in_english_finds_the_update_naming_it_in_french(
    tmp_path: Path,
) -> None:
    store = load_text(
        tmp_path,
        "ONU Info, 25 février 2031\n\n"
        "Le Conseil de sécurité a examiné la situation au Cameroun.\n\n"
        "À Ngarbuh, dans la région du Nord-Ouest du Cameroun, 23 civils dont 15 enfants ont été "
        "tués.\n",
        name="note.txt",
    )
    answer = ask(store, "How many civilians were killed in Ngarbuh, Cameroon?")
    assert answer.found and "23" in render_text(answer), render_text(answer)
    assert ask(store, "Combien de civils ont été tués à Ngarbuh au Cameroun ?").found
    # a country no update covers, in either language, is still said to be missing
    assert ask(store, "How many civilians were killed in Chad?").reason == "unknown_country"


def test_a_source_line_answers_only_what_it_names_nearly_all_of(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Source: https://example.org/story — UN Women Ruritania: Regular dialogue with civil "
        "society on the Lakeside International Discussions continues (February 2031)\n\n"
        "Representatives of 12 women's organizations met the co-chairs of the discussions.\n",
        name="page.txt",
    )
    # the source line names the talks and a month, not when their next round is
    asked = "When is the next round of the Lakeside International Discussions scheduled?"
    assert not ask(store, asked).found
    assert ask(store, "How many women's organizations met the co-chairs?").found


def test_a_passage_quotes_the_neighbour_that_scored_nearly_as_well(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Ruritania\n\n"
        "Amina Mohammed, the Deputy Secretary-General, led a joint mission of the United Nations "
        "and the African Union to Ruritania and Chad in July 2031. She was accompanied by Bineta "
        "Diop and Margot Wallström.\n",
        name="release.txt",
    )
    answer = ask(store, "Who accompanied Amina Mohammed on the joint mission to Ruritania?")
    assert answer.names == ["Bineta Diop", "Margot Wallström"]
    assert "led a joint mission" in answer.sources[0].quote
    assert "She was accompanied by Bineta Diop" in answer.sources[0].quote


def test_how_much_money_is_answered_by_an_amount_not_a_count(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Ruritania\n\n"
        "In 2015 the Fund allocated $1.43 million to the two Gender Promotion Initiative "
        "projects.\n\n"
        "The world's military spending is not given here; 12 women mediators were trained.\n",
        name="page.txt",
    )
    text = render_text(ask(store, "How much went to the Gender Promotion Initiative projects?"))
    assert text.startswith("1.43 million") or "$1.43 million" in text.split("\n")[0], text
    assert not text.startswith("2 "), text
    assert not ask(store, "How much did the world spend on the military?").found


def test_a_question_asked_in_french_is_answered_in_french(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Ruritanie, 3 mars 2031\n\n"
        "En vertu de la résolution 2765 (2031), adoptée à l'unanimité, le Conseil décide que la "
        "mission maintiendra 11 500 militaires.\n",
        name="note.txt",
    )
    passage = render_text(ask(store, "la résolution a-t-elle été adoptée à l'unanimité ?"))
    assert passage.startswith(PASSAGE_LABEL_FR), passage
    refused = render_text(ask(store, "Combien de femmes juges siègent à la Cour suprême ?"))
    assert refused.startswith("Les mises à jour chargées"), refused
    english = render_text(ask(store, "Was the resolution adopted unanimously?"))
    assert english.startswith(("Yes, going by this passage", PASSAGE_LABEL)), english


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("How many female individual police officers has Ruritania deployed?", "400"),
        ("how many female FPU members has Ruritania sent?", "100"),
        ("combien de policières individuelles la Ruritanie a-t-elle envoyées ?", "400"),
    ],
)
def test_a_count_of_female_officers_is_a_count_of_women(
    tmp_path: Path, question: str, figure: str
) -> None:
    # 'female' is stemmed 'femal': the figure's own words say women without 'women'; and
    # French names police officers 'policières' and individual ones 'policières individuelles'.
    store = load_text(
        tmp_path,
        "Ruritania at the Security Council\n\n"
        "Women account for twenty percent of the Ruritanian police force, and since 2005 "
        "Ruritania has sent over 400 female police officers as Individual Police Officers and "
        "100 female members of Formed Police Units (FPU) to UN peacekeeping missions.\n",
        name="release.txt",
    )
    answer = ask(store, question)
    assert answer.kind == "fact", question
    assert [f["value"] for f in answer.facts] == [float(figure)]


NAP_PAGE = (
    "SOURCE: http://1325naps.example.org/country/ruritania/ — PeaceWomen 1325 National "
    "Action Plans: Ruritania\nRuritania\n\n"
    "Ruritania adopted its third National Action Plan (NAP) in 2021 for the period 2021-2025. "
    "It also has an estimated total budget of 90,570,166,912 UGX.\n\n"
    "In 2008, Ruritania adopted its first National Action Plan (NAP). The NAP was developed by "
    "the Ministry of Gender and constitutes a part of a broader national strategic framework.\n\n"
    "A participatory development process was formulated as a roadmap to NAP III in January "
    "2019, informed by the review and evaluation of the two previous NAPs.\n\n"
    "Ruritania reported on the implementation of its NAP, as well as WPS commitments, to the "
    "Council.\n"
)


def test_a_plan_on_wps_is_the_documents_plan_when_it_names_the_agenda_anywhere(
    tmp_path: Path,
) -> None:
    # Every NAP is on women, peace and security: 'WPS' said elsewhere in the page is enough.
    store = load_text(tmp_path, NAP_PAGE, name="nap.txt")
    assert answered_from(store, "When did Ruritania adopt its third NAP on WPS?").startswith(
        "Ruritania adopted its third National Action Plan"
    )


def test_a_budget_in_a_currency_code_is_an_amount_of_money(tmp_path: Path) -> None:
    store = load_text(tmp_path, NAP_PAGE, name="nap.txt")
    answer = ask(store, "What is the estimated total budget of the NAP?")
    assert answer.found
    assert "90,570,166,912" in render_text(answer).splitlines()[0]


ADVISORY_NOTE = (
    "Ruritania: the women's advisory bodies\n\n"
    "In mid-2018, the Ruritanian women's Technical Advisory Group (TAG) was formed to advise "
    "the Special Envoy on the peace process.\n\n"
    "The TAG is currently comprised of eight Ruritanian women.\n\n"
    "The Women's Advisory Board (WAB) was created in 2016.\n\n"
    "The 17 women of the WAB come from diverse backgrounds and affiliations.\n\n"
    "The open day registered the participation of more than 2,000 people, most of them women.\n"
)


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        # who is counted is said its own way: 'members' are 'eight Ruritanian women'
        ("how many members does the technical advisory group have", "eight"),
        # how they take part is no focus: the sentence says 'the 17 women of the WAB'
        ("How many women sit on the WAB?", "17"),
        ("How many people attended the open day?", "2,000"),
    ],
)
def test_what_the_counted_did_and_the_unit_they_are_counted_in_are_no_focus(
    tmp_path: Path, question: str, figure: str
) -> None:
    store = load_text(tmp_path, ADVISORY_NOTE, name="note.txt")
    answer = ask(store, question)
    assert answer.found, question
    assert f" {figure} " in answer.sources[0].quote, question


@pytest.mark.parametrize(
    ("acronym", "sentence", "spelt"),
    [
        ("SNA", "32 cases involved members of the Somali National Army.", True),
        ("ELN", "a ceasefire with the Ejército de Liberación Nacional (ELN)", True),
        ("MNLA", "attributed to the Mouvement national de libération de l'Azawad", True),
        ("DSG", "said Deputy Secretary-General Amina Mohammed", True),
        ("HC", "He commended the High Commissioner", True),
        ("HC", "He commended them", False),  # a two-letter acronym's words are all capitals
        ("FCC", "the ministers of the platform", False),
        ("UN", "Under new rules", False),
    ],
)
def test_an_acronym_is_named_by_its_words_written_out(
    acronym: str, sentence: str, spelt: bool
) -> None:
    assert spells_out(acronym, sentence) is spelt


def test_a_name_written_out_answers_its_acronym(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Ruritania: conflict-related sexual violence\n\n"
        "In October 2017, a ceasefire was agreed upon between the Government and the Frente de "
        "Liberación Nacional, which ended in January 2018.\n\n"
        "The Government continued its talks with other armed groups.\n",
        name="page.txt",
    )
    assert answered_from(store, "when was the ceasefire with the FLN agreed").startswith(
        "In October 2017, a ceasefire"
    )


def test_he_is_the_person_named_sentences_before(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Report of the Secretary-General on the situation concerning Ruritania\n\n"
        "The present report is submitted pursuant to Security Council resolution 2414 (2018) "
        "and covers developments since the issuance of my previous report.\n\n"
        "The security situation in the region remained calm but fragile during the period, "
        "with incidents recorded in the south.\n\n"
        "Humanitarian needs remained high, and women and girls were most affected by the "
        "lack of services in the camps.\n\n"
        "The mission continued to support the authorities in the preparation of local "
        "elections, the reform of the security sector and the return of displaced families to "
        "their villages of origin.\n\n"
        "On the political front, my Personal Envoy for Ruritania, Horst Keller, has stepped up "
        "efforts to relaunch the negotiations.\n\n"
        "Following the adoption of resolution 2414 (2018), he undertook consultations with "
        "relevant interlocutors.\n\n"
        "From 23 June to 1 July 2018, he carried out a second visit to the region, during which "
        "he held discussions with the parties.\n",
        name="report.txt",
    )
    assert answered_from(
        store, "When did the Personal Envoy make his second visit to the region?"
    ).startswith("From 23 June to 1 July 2018")


MANDATE_RELEASE = (
    "Security Council extends the mandate of the Ruritanian mission\n\n"
    "By resolution 2999 (2031), the Council decided that the mission would maintain an "
    "authorized maximum of 11,500 military personnel, 600 military observers and 443 police "
    "personnel.\n\n"
    "Some sixty organisations féminines attended the round table on resolution 1325.\n"
)


def test_how_many_women_is_not_answered_by_a_sentence_that_names_no_women(
    tmp_path: Path,
) -> None:
    store = load_text(tmp_path, MANDATE_RELEASE, name="release.txt")
    answer = ask(store, "How many women peacekeepers does the mission have?", explain=True)
    assert not answer.found
    assert "no_gender veto: the sentence names no women, girls or men" in explain_text(answer)
    # the counted thing is the organisations, which the sentence names as women's
    assert answered_from(
        store, "How many women's organizations attended the round table?"
    ).startswith("Some sixty organisations féminines")


def test_which_people_are_counted_is_what_the_sentence_must_name(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Joint statement on the situation in the north of Ruritania\n\n"
        "The three United Nations officials express serious concerns about the rapid "
        "degradation of the humanitarian situation in the north of Ruritania.\n\n"
        "They call on all parties to protect civilians, including women and children.\n\n"
        "More than two million people have been internally displaced in the east.\n",
        name="statement.txt",
    )
    # 'displaced' says which people: the three officials are not them
    answer = ask(store, "How many people have been displaced in the north?")
    assert answer.found
    assert [f["value"] for f in answer.facts] == [2_000_000]
    assert not ask(store, "How many people have been detained in the north?").found


CASUALTIES_RELEASE = (
    "Civilian casualties rise in Ruritania, mostly women and children\n\n"
    "KABUL, 8 Feb 2014 - The mission found that 2013 was the worst year for Ruritanian women "
    "and girls since 2009, with the highest number of deaths and injuries recorded.\n\n"
    "746 women casualties (235 women killed and 511 injured) were documented, an increase of "
    "36 per cent from 2012.\n\n"
    "Municipal elections took place on 12 March 2013.\n\n"
    "Women won 412 of the 1,630 seats contested.\n"
)


def test_a_year_a_change_is_measured_from_is_not_the_period_reported(tmp_path: Path) -> None:
    store = load_text(tmp_path, CASUALTIES_RELEASE, name="release.txt")
    answer = ask(store, "How many women casualties were documented in 2013?")
    assert [f["value"] for f in answer.facts][:1] == [746]
    # nor the period a question asks about: 'compared with 2012' asks for the rise
    assert answered_from(
        store, "By what percentage did women's casualties rise compared with 2012?"
    ).startswith("746 women casualties")


def test_elections_named_in_the_sentence_before_are_the_ones_a_figure_is_of(
    tmp_path: Path,
) -> None:
    store = load_text(tmp_path, CASUALTIES_RELEASE, name="release.txt")
    assert ask(store, "How many seats did women win in the municipal elections?").found
    answer = ask(store, "How many women won seats in the presidential election?", explain=True)
    assert not answer.found
    assert "elections of another kind: local" in explain_text(answer)


def test_a_question_without_a_question_word_asks_what_its_noun_names(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Security Council open debate on women, peace and security\n\n"
        "The theme of the open debate was the resilience of women in regions affected by armed "
        "groups.\n\n"
        "In all, 12 speakers took the floor.\n",
        name="debate.txt",
    )
    answer = ask(store, "theme of the open debate?")
    assert answer.found  # read as asking for a figure, the figureless sentence was vetoed
    assert answer.sources[0].quote.startswith("The theme of the open debate")


@pytest.mark.parametrize(
    ("sentence", "years"),
    [
        ("an increase of 36 per cent from 2012", set()),
        ("In 2013, 5 cases, compared with 3 in 2012.", {2013}),
        ("from 2012 to 2014 there were 5", {2012, 2014}),
        ("the Council adopted resolution 1325 (2000) on women", set()),
        ("In 2019, resolution 2467 (2019) was adopted", {2019}),
        ("Twenty years after the adoption, on 31 October 2000, of resolution 1325", set()),
        ("On the twentieth anniversary of resolution 1325 (2000), in 2020, 12 States", {2020}),
        ("in line with Agenda 2063 and the 2030 Agenda, 12 women were appointed", set()),
        ("In 2019, the Vision 2030 plan was adopted", {2019}),
    ],
)
def test_the_years_a_sentence_reports_on(sentence: str, years: set[int]) -> None:
    assert years_about(sentence) == years


def test_a_sentence_after_an_anniversary_is_about_the_documents_year(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Le Conseil de sécurité débat des femmes, de la paix et de la sécurité\n\n"
        "Le Conseil de sécurité a tenu le 29 octobre 2020 son débat annuel sur les femmes.\n\n"
        "Vingt ans après l'adoption, le 31 octobre 2000, de la résolution 1325 (2000), le "
        "Secrétaire général a appelé à l'action.\n\n"
        "Présidente de séance, la Fédération de Russie a regretté qu'à cause de la pandémie, le "
        "débat ouvert annuel, toujours marqué par la participation de dizaines de délégations, "
        "ne puisse se tenir qu'entre les quinze membres du Conseil.\n\n"
        "Les autres États Membres peuvent présenter une contribution écrite.\n",
        name="cs.txt",
    )
    assert answered_from(
        store, "Which Council member presided over the 2020 open debate?"
    ).startswith("Présidente de séance")


@pytest.mark.parametrize(
    ("sentence", "people"),
    [
        ("terrorist attacks in Cabo Delgado, the Special Envoy said", []),
        ("New York, 31 March 2021 The officials expressed concern", []),
        ("a statement issued in New York by Virginia Gamba", ["Virginia Gamba"]),
        ("said Roza Otunbayeva in Kabul", ["Roza Otunbayeva"]),
        ("met in Kabul with President Tshisekedi", ["Tshisekedi"]),
        # a people is no person either: "Yemeni", "Congolese" (but "Chadwick" is a name)
        ("Tawafaq or the Yemeni Women Pact was created", []),
        ("Congolese Minister Eve Bazaiba met Pat Chadwick", ["Eve Bazaiba", "Pat Chadwick"]),
    ],
)
def test_a_place_is_no_person(sentence: str, people: list[str]) -> None:
    assert person_names(sentence) == people


def test_participants_are_no_population_a_figure_must_name(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Ruritanian political dialogue forum\n\n"
        "UN Women congratulates the women participants at the forum who came together.\n\n"
        "They demand that women should account for no less than 30% of leadership positions in "
        "the reformed executive.\n",
        name="statement.txt",
    )
    answer = ask(store, "What share of leadership positions in the executive do women "
                        "participants demand?")  # fmt: skip
    assert answer.found
    assert "30" in render_text(answer).splitlines()[0]


def test_what_the_counted_had_done_to_them_picks_the_figure(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Civilian casualties in Ruritania\n\n"
        "1,756 child casualties (561 children killed and 1,195 injured) were recorded in 2013, "
        "an increase of 34 per cent compared to 2012.\n",
        name="release.txt",
    )
    answer = ask(store, "how many children were killed in 2013?")
    assert [f["value"] for f in answer.facts][:1] == [561]


def test_when_a_headline_says_what_was_done_its_date_line_says_when(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        'Source: - UN Meetings Coverage and Press Releases SC/99999, "Security Council '
        "Unanimously Adopts Resolution 2999 (2031) to Improve Implementation of Landmark Text "
        'on Women, Peace, Security Agenda"\n'
        "13 October 2031\n\n"
        "Secretary-General Urged to Initiate Revised Strategy with Aim of Doubling Number of "
        "Women in Peacekeeping\n\n"
        "Through resolution 2999 (2031), adopted unanimously ahead of a high-level open debate, "
        "the Council decided to integrate women's concerns across all country situations.\n",
        name="sc.txt",
    )
    # the date line under the headline is the text's own date (its masthead)
    answer = ask(store, "When was resolution 2999 adopted?")
    assert answer.found and answer.event is not None
    assert answer.event["date"] == "2031-10-13"
    assert render_text(answer).splitlines()[0] == (
        "13 Oct 2031: the day of sc.txt, which reports it (its masthead)."
    )


def test_which_countries_is_answered_by_the_sentence_naming_countries(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "- Joint Press Statement on Ruritania, Women, Peace and Security (Security Council "
        "signatories of the Statement of Shared Commitments on WPS)\n\n"
        "Press Statement by the Security Council signatories of the Statement of Shared "
        "Commitments on Women, Peace and Security: Albania, Brazil, Ireland, Kenya, Mexico and "
        "Norway\n\n"
        "The statement was delivered ahead of the Security Council meeting on Ruritania.\n",
        name="statement.txt",
    )
    answer = ask(store, "Which Council members signed the joint press statement?", explain=True)
    assert answer.found
    assert "Albania, Brazil, Ireland, Kenya, Mexico and Norway" in answer.sources[0].quote
    assert "answer_type +3.00: names countries: Albania, Brazil, Ireland, Kenya" in (
        explain_text(answer)
    )
    assert member_states_in("Guinea-Bissau, Guinea and the Niger (not Nigerian)") == [
        "Guinea-Bissau", "Guinea", "Niger"
    ]  # fmt: skip


def test_a_span_of_years_answers_what_period_and_when(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Ruritanie : plans d'action nationaux\n\n"
        "Le deuxième plan d'action national de la Ruritanie couvre 2021-2025.\n\n"
        "Il a été élaboré par le Ministère de la femme avec la société civile.\n",
        name="plan.txt",
    )
    for question in ("Quelle période couvre le deuxième plan d'action national ?",
                     "When does the second national action plan run?"):  # fmt: skip
        assert "2021-2025" in answered_from(store, question), question


def test_who_is_named_by_the_sentence_a_pronoun_points_back_to(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Deputy Secretary-General briefs the Security Council on the Sahel\n\n"
        "The Council heard a briefing on the humanitarian situation in the region.\n\n"
        "Amina Mohammed, Deputy Secretary-General, had just returned from the region.\n\n"
        "She underscored the need to implement the Sahel Support Plan and Agenda 2063.\n",
        name="release.txt",
    )
    answer = ask(store, "Who underscored the need to implement the Sahel Support Plan?")
    assert answer.found and answer.kind == "passage"
    assert answer.names == ["Amina Mohammed"]
    assert render_text(answer).startswith("Amina Mohammed, going by this passage")


def test_when_prefers_the_sentence_that_gives_the_day(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Ruritania: the women's forum\n\n"
        "The women's forum in Ruritania took place in October 2015.\n\n"
        "The women's forum in Ruritania took place on 13 October 2015.\n",
        name="forum.txt",
    )
    question = "When did the women's forum take place in Ruritania?"
    assert answered_from(store, question).startswith("The women's forum in Ruritania took place on")
    # "during which months": a month answers as well as a day
    assert "day_given" not in explain_text(
        ask(store, "During which month did the women's forum take place?", explain=True)
    )


def test_yes_or_no_follows_the_way_the_sentence_moves_and_leaves_open_what_it_does_not_say(
    tmp_path: Path,
) -> None:
    store = load_text(
        tmp_path,
        "Ruritania: women in government\n\n"
        "The number of women in government has slightly increased since the last report.\n\n"
        "It is not clear whether the quota applies to the technical commissions.\n",
        name="note.txt",
    )
    assert ask(store, "Has the number of women in government decreased?").yes_no == "no"
    assert ask(store, "Has the number of women in government increased?").yes_no == "yes"
    unsettled = ask(store, "Does the quota apply to the technical commissions?")
    assert unsettled.found and unsettled.yes_no is None


def test_an_acronym_in_capitals_is_no_man(tmp_path: Path) -> None:
    store = load_text(
        tmp_path,
        "Annex of the annual report\n\n"
        "The Front Populaire de Libération (FPL) and the Milices d'Autodéfense du Nord (MAN) "
        "were listed in the annex of the annual report.\n",
        name="annex.txt",
    )
    assert not ask(store, "How many women are listed in the annex of the annual report?").found


def test_a_french_acronym_question_is_answered_in_french(mali: Store) -> None:
    answer = ask(mali, "Que signifie CSA ?")
    assert answer.language == "fr" and answer.kind == "expansion"
    assert render_text(answer) == (
        "CSA signifie Comité de Suivi de L'Accord (tel que mali-ieg-2016.txt le définit)."
    )


@pytest.mark.parametrize(
    ("line", "dated"),
    [("13 October 2015", True), ("Tuesday, 13 October 2015", True),
     ("mardi 13 octobre 2015", True), ("13.10.2015", True), ("12 members 2015", False),
     ("October 2015", False), ("13 October 2015: the Council met", False)],
)  # fmt: skip
def test_a_date_line_is_a_days_date_alone(line: str, dated: bool) -> None:
    assert is_date_line(line) is dated


@pytest.mark.parametrize(
    ("question", "language"),
    [("IEG date?", "en"), ("Que signifie CSA ?", "fr"), ("date de la visioconférence ?", "fr"),
     ("women on the CSA?", "en")],
)  # fmt: skip
def test_the_language_a_question_is_asked_in(question: str, language: str) -> None:
    assert question_language(question) == language
