"""Answering: paraphrases, typos, acronyms and French forms, Slack markup, near misses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from handlers.answer_text import answer_json, render_text
from store.answer import Answer, answer_question
from store.db import Store
from store.ingest import ingest_raw
from store.readers import read_source
from tests.conftest import MALI, VELORIA

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def load(path: Path, *docs: Path) -> Store:
    store = Store(path)
    for doc in docs:
        ingest_raw(store.db, read_source(str(doc)), NOW)
    return store


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return load(tmp_path_factory.mktemp("both") / "both.db", MALI, VELORIA)


@pytest.fixture(scope="module")
def mali(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return load(tmp_path_factory.mktemp("mali") / "mali.db", MALI)


@dataclass(frozen=True)
class Asked:
    """The core's answer with the words every surface shows (the lead first)."""

    data: Answer
    answer: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.data, name)


def ask(store: Store, question: str) -> Asked:
    found = answer_question(store.db, question, NOW)
    return Asked(found, render_text(found))


CSA_ANSWER = (
    "1 of the 62 Malian members of the Comité de Suivi de L'Accord (CSA) and its "
    "sub-committees is a woman (1.6%)."
)


@pytest.mark.parametrize(
    "question",
    [
        "women on the CSA?",
        "CSA gender balance",
        "how many female members does the agreement monitoring committee have",
        "How many women sit on the Comité de suivi de l’Accord?",
        "wmoen on the CSA",
        "Women on the C.S.A.?",
    ],
)
def test_csa_paraphrases_give_the_count_and_its_source(mali: Store, question: str) -> None:
    answer = ask(mali, question)
    assert answer.found is True
    assert answer.kind == "fact"
    assert answer.answer.splitlines()[0] == CSA_ANSWER
    assert answer.sources[0].document == "mali-ieg-2016.txt"
    assert answer.sources[0].section == "Other key updates"
    assert answer.sources[0].quote.startswith("There is only one woman out of the 62 Malian")
    assert answer.facts[0]["value"] == 1 and answer.facts[0]["total"] == 62


def test_a_french_question_gets_the_figure_in_french(mali: Store) -> None:
    answer = ask(mali, "combien de femmes au CSA ?")
    assert answer.kind == "fact" and answer.language == "fr"
    assert answer.facts[0]["value"] == 1 and answer.facts[0]["total"] == 62
    assert answer.answer.splitlines()[0] == (
        "Femmes : 1 sur 62 Malian members of the Comité de Suivi de L'Accord (CSA) and its "
        "sub-committees (1,6 %)."
    )


def test_answer_json_shape(mali: Store) -> None:
    data = answer_json(answer_question(mali.db, "women on the CSA?", NOW))
    assert set(data) == {
        "question", "found", "answer", "kind", "facts", "event", "passage", "sources",
        "related", "expansion", "yes_no", "names", "reason", "near", "series", "language",
    }  # fmt: skip
    assert (data["question"], data["found"], data["kind"]) == ("women on the CSA?", True, "fact")
    assert data["answer"].splitlines()[0] == CSA_ANSWER
    assert data["sources"][0] == {
        "document": "mali-ieg-2016.txt",
        "section": "Other key updates",
        "quote": data["facts"][0]["quote"],
        "as_of": None,
        "document_date": None,
    }
    assert data["passage"]["quote"] == data["facts"][0]["quote"]
    assert (data["event"], data["expansion"], data["reason"], data["near"]) == (
        None,
        None,
        None,
        [],
    )
    assert "explain" not in data


@pytest.mark.parametrize(
    ("question", "first_line"),
    [
        (
            "How many members of the CVJR are women?",
            "6 of the 25 members of the Truth and Reconciliation Commission are women (24%).",
        ),
        (
            "TRC: how many women?",
            "6 of the 25 members of the Truth and Reconciliation Commission are women (24%).",
        ),
        ("share of female peacekeepers", "1.78 percent of military personnel were women."),
        ("women in MINUSMA's military?", "1.78 percent of military personnel were women."),
        (
            "What share of United Nations Volunteers are women?",
            "Women among UN volunteers: fell from 42 percent (Mar 2014) to 28 percent, "
            "down 14 points.",
        ),
        (
            "How has the share of women among national staff changed?",
            "Women among national staff: fell from 30 percent (2014) to 20 percent, "
            "down 10 points.",
        ),
        ("What is the quota for women in national institutions?", None),
        (
            "Which parties did the Secretary-General list for patterns of sexual violence?",
            None,
        ),
        ("Who are the members of the Platform?", "Platform group (3): GATIA; CMFPR; MAA."),
        ("How many budgeted posts for Women Protection?", None),
    ],
)
def test_mali_questions(mali: Store, question: str, first_line: str | None) -> None:
    answer = ask(mali, question)
    assert answer.found is True, answer.answer
    if first_line is not None:
        assert answer.answer.splitlines()[0] == first_line


def test_quota_and_list_contents(mali: Store) -> None:
    quota = ask(mali, "What is the quota for women in national institutions?")
    assert quota.answer.splitlines()[0] == "A 30 per cent quota for women in national institutions."
    listed = ask(mali, "Which parties were listed for CRSV?")
    assert listed.kind == "list"
    assert "Ansar Eddine" in listed.answer
    assert "Al-Qaida in the Islamic Maghreb" in listed.answer


@pytest.mark.parametrize(
    ("question", "first_line"),
    [
        (
            "When does the IEG reconvene on Mali?",
            "Next IEG meeting on Mali: about 29 Aug 2016 — “approximately six months” after "
            "29 Feb 2016.",
        ),
        ("whn will the IEG reconvne?", None),
        ("When did the Council adopt resolution 2295?", None),
        ("When was the last SG report on Mali?", None),
    ],
)
def test_when_questions(mali: Store, question: str, first_line: str | None) -> None:
    answer = ask(mali, question)
    assert answer.found is True, answer.answer
    assert answer.kind == "event"
    if first_line is not None:
        assert answer.answer.splitlines()[0] == first_line


def test_when_answers_carry_the_date(mali: Store) -> None:
    assert "29 Jun 2016" in ask(mali, "When did the Council adopt resolution 2295?").answer
    assert "31 May 2016" in ask(mali, "When was the last SG report on Mali?").answer
    assert "Nov 2016" in ask(mali, "When are Mali's communal elections?").answer
    assert "29 Aug 2016" in ask(mali, "whn will the IEG reconvne?").answer
    visit = ask(mali, "When did the Security Council visit Mali?")
    assert visit.answer.splitlines()[0] == "Security Council visit to Mali: early Mar 2016."


@pytest.mark.parametrize(
    "question",
    [
        "How many women police officers serve in MINUSMA?",
        "How many women are in the Malian National Assembly?",
        "How many women judges are there in Mali?",
        "How many women are in the Sudanese parliament?",
        "What is the GDP of Mali?",
        "'; DROP TABLE facts; --",
        '"NEAR( AND *',
        "🙂🙂🙂",
        "x" * 5000,
        "   ",
    ],
)
def test_abstains_rather_than_answering_another_question(mali: Store, question: str) -> None:
    answer = ask(mali, question)
    assert answer.found is False, answer.answer
    assert answer.facts == [] and answer.sources == []
    assert "1.78" not in answer.answer  # never the military share for a police question
    assert mali.db.execute("select count(*) from facts").fetchone()[0] > 0


def test_abstention_names_what_is_missing_and_nearby_topics(mali: Store) -> None:
    answer = ask(mali, "How many women judges are there in Mali?")
    assert answer.answer.startswith("The loaded updates on Mali don't answer that (women, judges).")
    assert "Nearest in the updates:" in answer.answer
    sudan = ask(mali, "How many women are in the Sudanese parliament?")
    assert sudan.answer == "No update on Sudan is loaded, so I can't answer that."


def test_passage_fallback_is_marked_as_a_passage(mali: Store) -> None:
    answer = ask(mali, "What did the strategic review recommend?")
    assert answer.found is True
    assert answer.kind == "passage"
    assert answer.facts == []
    assert answer.answer.startswith(
        "The closest passage in the updates (quoted, not a recorded figure):\n“The strategic review"
    )
    assert "enhance the inclusiveness of the peace process" in answer.answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "women on the CND?",
            "Women hold 2 of the 15 seats on the Comité National de Dialogue (CND) (13.3%",
        ),
        ("What share of UNMIVEL military personnel are women?", "6.4 per cent of UNMIVEL military"),
        ("women in UNMIVEL police?", "17.9 per cent of UNMIVEL police were women."),
        (
            "How has the share of women among international civilian staff changed?",
            "from 31 per cent (Jan 2024) to 38 per cent (Sep 2026)",
        ),
        ("When is the next Secretary-General report on Veloria due?", "1 Feb 2027"),
        ("When will the IEG meet again on Veloria?", "about 12 Feb 2027"),
        (
            "What quota does Veloria's electoral law set?",
            "A 35 per cent quota for women on candidate lists.",
        ),
        ("How many CRSV cases did the mission document in 2026?", "214 cases of conflict-related"),
        (
            "How many convictions did the mobile courts deliver?",
            "19 of the 48 cases ended in convictions (39.6%).",
        ),
        ("How many women are in the Velorian cabinet?", "3 of the 21-member cabinet"),
        ("When is the Council briefing on Veloria?", "18 Feb 2027"),
        ("When are the legislative elections in Veloria?", "14 May 2027"),
    ],
)
def test_veloria_questions_with_both_documents_loaded(
    both: Store, question: str, expected: str
) -> None:
    answer = ask(both, question)
    assert answer.found is True, answer.answer
    assert expected in answer.answer
    assert answer.sources[0].document == "veloria-sample-2027.txt"


def test_country_in_question_picks_that_countrys_update(both: Store) -> None:
    mali = ask(both, "When will the IEG reconvene on Mali?")
    assert mali.answer.startswith("Next IEG meeting on Mali: about 29 Aug 2016")
    assert [s.document for s in mali.sources] == ["mali-ieg-2016.txt"]


def test_without_a_country_every_loaded_country_is_named(both: Store) -> None:
    answer = ask(both, "share of female peacekeepers")
    assert answer.answer.splitlines()[0] == "6.4 per cent of UNMIVEL military personnel were women."
    assert "Also, on Mali: 1.78 percent of military personnel were women." in answer.answer
    assert [s.document for s in answer.sources] == [
        "veloria-sample-2027.txt",
        "mali-ieg-2016.txt",
    ]


def test_senate_is_not_read_as_seats(both: Store) -> None:
    answer = ask(both, "How many women are in the Velorian senate?")
    assert answer.found is False


def test_latest_document_first_and_earlier_value_named(tmp_path: Path) -> None:
    older = tmp_path / "update-2026-03.txt"
    newer = tmp_path / "update-2026-09.txt"
    older.write_text(
        "12 March 2026\n\nThe Informal Expert Group met on the situation in Ruritania.\n\n"
        "Women hold three of the 20 seats on the National Dialogue Commission (NDC).\n",
        encoding="utf-8",
    )
    newer.write_text(
        "14 September 2026\n\nThe Informal Expert Group met on the situation in Ruritania.\n\n"
        "Women hold five of the 20 seats on the National Dialogue Commission (NDC).\n",
        encoding="utf-8",
    )
    store = load(tmp_path / "two.db", older, newer)
    answer = ask(store, "women on the NDC?")
    lines = answer.answer.splitlines()
    assert (
        lines[0] == "Women hold 5 of the 20 seats on the National Dialogue Commission (NDC) (25%)."
    )
    assert lines[2].startswith("Earlier: Women hold 3 of the 20 seats on the National Dialogue")
    assert [s.document for s in answer.sources] == [newer.name, older.name]
    assert [s.as_of for s in answer.sources] == ["2026-09-14", "2026-03-12"]


def test_cadence_questions(both: Store) -> None:
    veloria = ask(both, "How often does the Secretary-General report on Veloria?")
    assert veloria.answer.splitlines()[0] == "Secretary-General reports on Veloria every 90 days."
    mali = ask(both, "How often does the SG report on Mali?")
    assert mali.found is False  # the Mali note states no cadence


@pytest.mark.parametrize(
    ("question", "first_line"),
    [
        (
            "How many gender posts are vacant in UNMIVEL?",
            "2 of the 9 budgeted gender posts are vacant (22.2%).",
        ),
        ("How many budgeted gender posts does UNMIVEL have?", "9 budgeted gender posts."),
        ("How many CRSV cases involved girls?", None),
        (
            "How many cases were filed in the courts in Bamako?",
            "37 victims of the 113 cases — “37 victims from the backlog of 113 cases” (32.7%).",
        ),
    ],
)
def test_the_figure_that_fits_the_question_wins(
    both: Store, question: str, first_line: str | None
) -> None:
    answer = ask(both, question)
    assert answer.found is True, answer.answer
    if first_line is not None:
        assert answer.answer.splitlines()[0] == first_line


def test_a_figure_without_a_number_is_not_invented(both: Store) -> None:
    # The note says women in government "slightly increased", with no figure.
    answer = ask(both, "How many women are in Mali's government?")
    assert answer.found is False
    assert "The number of women in government has slightly increased" in answer.answer


def test_countries_of_several_words_and_their_demonyms(tmp_path: Path) -> None:
    update = tmp_path / "south-sudan.txt"
    update.write_text(
        "The Informal Expert Group met on 3 March 2027 to discuss the situation in South Sudan. "
        "Women hold 4 of the 30 seats on the Peace Council.\n",
        encoding="utf-8",
    )
    store = load(tmp_path / "ss.db", update)
    answer = ask(store, "South Sudanese women on the Peace Council?")
    assert (
        answer.answer.splitlines()[0]
        == "Women hold 4 of the 30 seats on the Peace Council (13.3%)."
    )
    assert ask(store, "women in Sudan's parliament?").answer == (
        "No update on Sudan is loaded, so I can't answer that."
    )


def test_noise_and_an_empty_database(tmp_path: Path, mali: Store) -> None:
    assert ask(mali, "zz 9").found is False
    assert ask(mali, "zz 9").answer.startswith("I need a topic to look for")
    empty = Store(tmp_path / "empty.db")
    assert ask(empty, "women on the CSA?").answer.startswith("No situation updates are loaded yet")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How many budgeted posts does MINUSMA have for Gender?", "7 budgeted posts for Gender."),
        ("When was the record of the IEG meeting issued?", "S/2016/682"),
        ("What quota applies to candidate lists for the communal elections?", "A 30 percent quota"),
        ("How many women were on the CND before?", "up from 0 in Mar 2026"),
        ("How many cases did mobile courts hear in Veloria?", "48 cases."),
        ("What symbol was the IEG summary on Veloria issued under?", "S/2026/915"),
        ("Which resolution did the Council adopt on Mali in June 2016?", "resolution 2295"),
        ("women ministers Veloria", "3 of the 21-member cabinet"),
    ],
)
def test_more_paraphrases_on_the_samples(both: Store, question: str, expected: str) -> None:
    answer = ask(both, question)
    assert answer.found is True, answer.answer
    assert expected in answer.answer.splitlines()[0]


def test_next_means_next(both: Store) -> None:
    # The Mali note gives no date for the next report: the sentence that says so, not the last
    # report's date and not a resolution's.
    answer = ask(both, "When is the next report of the Secretary-General on Mali?")
    assert answer.kind == "passage"
    assert "is in the process of preparing the next one" in answer.answer
    french = ask(both, "Quand le groupe informel d'experts se réunira-t-il à nouveau sur le Mali ?")
    # asked in French, its dates are written in French
    assert french.answer.splitlines()[0].startswith(
        "Next IEG meeting on Mali : vers le 29 août 2016"
    )


def test_what_was_carried_out_is_what_was_conducted(tmp_path: Path) -> None:
    note = tmp_path / "tigray-2021.txt"
    note.write_text(
        "28 October 2021\n\nThe report by the UN Human Rights Office and the Ethiopian Human "
        "Rights Commission (EHRC) on their joint investigation will be launched on 3 November "
        "2021.\n\nThe joint investigation was conducted from 16 May to 31 August 2021, covering "
        "different zones in Tigray.\n\nThe team conducted some 269 interviews.\n",
        encoding="utf-8",
    )
    answer = ask(
        load(tmp_path / "t.db", note), "When was the EHRC joint investigation carried out?"
    )
    assert "16 May to 31 August 2021" in answer.answer.splitlines()[1]


def test_a_key_figure_card_answers_like_prose(tmp_path: Path) -> None:
    card = tmp_path / "snapshot-2024.txt"
    card.write_text(
        "UN Women country snapshot, 12 March 2024\n\nWomen's political participation\n\n"
        "Proportion of seats held by women in national parliaments\n23.8%\n"
        "Proportion of women in ministerial positions\n18.2%\nWomen judges\n1,451\n",
        encoding="utf-8",
    )
    store = load(tmp_path / "card.db", card)
    assert ask(store, "women in parliament?").answer.splitlines()[0] == (
        "23.8% of seats in national parliaments were women."
    )
    assert ask(store, "what share of ministers are women").answer.splitlines()[0] == (
        "18.2% of ministerial positions were women."
    )
    assert ask(store, "how many women judges").answer.splitlines()[0] == "1,451 women judges."
