"""Dated events, asserted as whole structures: both samples, then new text of the same genre."""

from __future__ import annotations

from typing import Any

import pytest

from store.clean import clean
from store.extract.context import document_context
from store.extract.events import extract_events
from store.models import DocContext
from tests.conftest import MALI, VELORIA


def events_of(text: str, ctx: DocContext | None = None) -> list[dict[str, Any]]:
    """Every event as the fields a user sees, its own words (from its offsets) and its quote."""
    cleaned = clean(text)
    ctx = ctx or document_context("doc.txt", text, cleaned.sentences)
    return [
        {
            "kind": e.kind,
            "title": e.title,
            "date": e.date,
            "precision": e.precision,
            "approximate": e.approximate,
            "anchor_date": e.anchor_date,
            "cadence": e.cadence,
            "symbol": e.symbol,
            "words": cleaned.text[e.start : e.end],
            "quote": e.sentence.text,
        }
        for e in extract_events(cleaned.sentences, ctx)
    ]


def ev(
    kind: str,
    title: str,
    date: str | None,
    precision: str,
    words: str,
    quote: str,
    *,
    approximate: bool = False,
    anchor_date: str | None = None,
    cadence: str | None = None,
    symbol: str | None = None,
) -> dict[str, Any]:
    return {
        "kind": kind,
        "title": title,
        "date": date,
        "precision": precision,
        "approximate": approximate,
        "anchor_date": anchor_date,
        "cadence": cadence,
        "symbol": symbol,
        "words": words,
        "quote": quote,
    }


def ctx(country: str | None = "Mali", doc_date: str | None = None, year: int = 2026) -> DocContext:
    return DocContext(title="note.txt", country=country, doc_date=doc_date, year=year)


MALI_MEETING = (
    "The Informal Expert Group of the Security Council on Women, Peace and Security met on February"
    " 29th 2016 to discuss the situation in Mali, with the participation of the leadership of the"
    " mission and the country team."
)
MALI_EVENTS = [
    ev("meeting", "IEG meeting on Mali", "2016-02-29", "day", "February 29th 2016", MALI_MEETING),
    ev(
        "symbol",
        "Record of the meeting issued as S/2016/682",
        "2016",
        "year",
        "S/2016/682",
        "The annexed background note was prepared for the meeting and a record of the meeting was"
        " issued as S/2016/682.",
        symbol="S/2016/682",
    ),
    ev(
        "reconvene",
        "Next IEG meeting on Mali",
        "2016-08-29",
        "approximate",
        "in approximately six months",
        "The group resolved to reconvene in approximately six months.",
        approximate=True,
        anchor_date="2016-02-29",
    ),
    ev(
        "visit",
        "Security Council visit to Mali",
        "2016-03",
        "month",
        "early March",
        "The Security Council visited Mali in early March and issued a full report of the visit.",
        approximate=True,
    ),
    ev(
        "resolution",
        "Security Council resolution 2295 on Mali",
        "2016-06-29",
        "day",
        "June 29th",
        "On June 29th, the Council adopted a new resolution on the situation in Mali, which"
        " maintained gender-related language provisions from the previous resolution and included"
        " new language on WPS, namely on DDR, SEA, and enhanced reporting by MINUSMA to the"
        " Security Council on gender considerations as a cross-cutting issue throughout its"
        " mandate.",
        symbol="resolution 2295",
    ),
    ev(
        "report",
        "Secretary-General report on Mali",
        "2016-05-31",
        "day",
        "May 31st",
        "The Secretary-General has presented a report on May 31st and is in the process of"
        " preparing the next one.",
    ),
    ev(
        "visit",
        "SRSG Bangura visit to Mali",
        "2016-04",
        "month",
        "April 2016",
        "SRSG Bangura undertook an official mission to Mali in April 2016, during which she met"
        " with national authorities, non-state actors, civil society organizations, victims and"
        " victims' groups, religious leaders, the diplomatic corps and UN colleagues.",
    ),
    ev(
        "other",
        "Engagement with non-state actors led to the signing of a unilateral communiqué by the…",
        "2016-06",
        "month",
        "June 2016",
        "Engagement with non-state actors led to the signing of a unilateral communiqué by the"
        " Platform group (GATIA, CMFPR and MAA) in June 2016 to address and respond to sexual"
        " violence crimes.",
    ),
    ev(
        "other",
        "Only 37 victims from the backlog of 113 cases that were filed in the courts in Bamako…",
        "2016-08",
        "month",
        "end of August",
        "As at the end of August, only 37 victims from the backlog of 113 cases that were filed in"
        " the courts in Bamako since November 2014 and March 2015 have been heard by the"
        " investigative magistrates in Bamako.",
        approximate=True,
    ),
    ev(
        "other",
        "Secretary-General listed the following parties as credibly suspected of patterns of…",
        "2016-06",
        "month",
        "June",
        "In June, the Secretary-General listed the following parties as credibly suspected of"
        " patterns of conflict-related sexual violence: Mouvement national pour la libération de"
        " l'Azawad, Ansar Eddine, Mouvement pour l'unification et le jihad en Afrique de l'ouest,"
        " Al-Qaida in the Islamic Maghreb, and Groupe d'autodéfense Touaregs Imghad et leurs"
        " alliés.",
    ),
    ev(
        "other",
        "1.78 percent of military personnel were women",
        "2016-05",
        "month",
        "May 2016",
        "As of May 2016, 1.78 percent of military personnel were women.",
    ),
    ev(
        "elections",
        "Communal elections in Mali",
        "2016-11",
        "month",
        "November 2016",
        "The quota law requires a minimum of 30 percent of women on the lists of candidates for the"
        " upcoming communal elections scheduled for November 2016.",
    ),
    *[
        ev(
            "resolution",
            f"Security Council resolution {number}",
            year,
            "year",
            f"{number} ({year})",
            "The Security Council Committee pursuant to resolutions 1267 (1999), 1989 (2011) and"
            " 2253 (2015) lists a number of Malian armed groups and individuals.",
            symbol=f"resolution {number}",
        )
        for number, year in (("1267", "1999"), ("1989", "2011"), ("2253", "2015"))
    ],
]

VELORIA_REPORTS = (
    "The most recent report was issued on 3 November 2026; the next report is due on 1 February"
    " 2027 and the Council will consider it in a briefing on 18 February 2027."
)
VELORIA_MANDATE = (
    "Under resolution 2871 (2026), the Secretary-General reports to the Council on Veloria every"
    " 90 days."
)
VELORIA_EVENTS = [
    ev(
        "meeting",
        "IEG meeting on Veloria",
        "2026-10-12",
        "day",
        "12 October 2026",
        "The Informal Expert Group of the Security Council on Women, Peace and Security met on 12"
        " October 2026 to discuss the situation in Veloria, with the participation of the Special"
        " Representative and the country team.",
    ),
    ev(
        "symbol",
        "Summary of the meeting issued as S/2026/915",
        "2026",
        "year",
        "S/2026/915",
        "A summary of the meeting was issued as S/2026/915.",
        symbol="S/2026/915",
    ),
    ev(
        "reconvene",
        "Next IEG meeting on Veloria",
        "2027-02-12",
        "approximate",
        "in about four months",
        "The Group agreed to meet again in about four months.",
        approximate=True,
        anchor_date="2026-10-12",
    ),
    ev(
        "resolution",
        "Security Council resolution 2871 on Veloria",
        "2026",
        "year",
        "2871 (2026)",
        VELORIA_MANDATE,
        symbol="resolution 2871",
    ),
    ev(
        "cadence",
        "Secretary-General reports on Veloria every 90 days",
        None,
        "none",
        "every 90 days",
        VELORIA_MANDATE,
        cadence="90 days",
    ),
    ev(
        "report",
        "Secretary-General report on Veloria",
        "2026-11-03",
        "day",
        "3 November 2026",
        VELORIA_REPORTS,
    ),
    ev(
        "report_due",
        "Next Secretary-General report on Veloria due",
        "2027-02-01",
        "day",
        "1 February 2027",
        VELORIA_REPORTS,
    ),
    ev(
        "briefing",
        "Security Council briefing on Veloria",
        "2027-02-18",
        "day",
        "18 February 2027",
        VELORIA_REPORTS,
    ),
    ev(
        "other",
        "Electoral law adopted",
        "2026-07",
        "month",
        "July 2026",
        "The electoral law adopted in July 2026 sets a 35 per cent quota for women on candidate"
        " lists, but no sanction applies to lists that do not comply.",
    ),
    ev(
        "elections",
        "Legislative elections in Veloria",
        "2027-05-14",
        "day",
        "14 May 2027",
        "Legislative elections are scheduled for 14 May 2027.",
    ),
    ev(
        "other",
        "Women made up 6.4 per cent of UNMIVEL military personnel and 17.9 per cent of its police",
        "2026-09-30",
        "day",
        "30 September 2026",
        "As of 30 September 2026, women made up 6.4 per cent of UNMIVEL military personnel and 17.9"
        " per cent of its police.",
    ),
    ev(
        "visit",
        "Security Council visit to Port-Aurel",
        "2027-03",
        "month",
        "March 2027",
        "Members could raise the 35 per cent quota when the Council visits Port-Aurel in March"
        " 2027.",
    ),
]


def test_mali_sample() -> None:
    assert events_of(MALI.read_text(encoding="utf-8")) == MALI_EVENTS


def test_veloria_sample() -> None:
    assert events_of(VELORIA.read_text(encoding="utf-8")) == VELORIA_EVENTS


def test_meeting_and_reconvening_from_the_document_date() -> None:
    text = (
        "The Peacebuilding Commission met on 2026-09-15 in New York. It agreed to reconvene within"
        " 90 days. Presidential elections will be held in about six months."
    )
    assert events_of(text, ctx(doc_date="2026-11-20")) == [
        ev(
            "meeting",
            "Peacebuilding Commission meeting on Mali",
            "2026-09-15",
            "day",
            "2026-09-15",
            "The Peacebuilding Commission met on 2026-09-15 in New York.",
        ),
        ev(
            "reconvene",
            "Next Peacebuilding Commission meeting on Mali",
            "2026-12-14",
            "approximate",
            "within 90 days",
            "It agreed to reconvene within 90 days.",
            approximate=True,
            anchor_date="2026-09-15",
        ),
        ev(
            "elections",
            "Presidential elections in Mali",
            "2027-05-20",
            "approximate",
            "in about six months",
            "Presidential elections will be held in about six months.",
            approximate=True,
            anchor_date="2026-11-20",
        ),
    ]


def test_meeting_on_another_country_and_the_next_meeting() -> None:
    text = (
        "The IEG will meet on Sudan on 4 December 2026. It will reconvene in three months. The next"
        " IEG meeting on Mali is scheduled for 10 March 2027."
    )
    assert events_of(text, ctx()) == [
        ev(
            "meeting",
            "IEG meeting on Sudan",
            "2026-12-04",
            "day",
            "4 December 2026",
            "The IEG will meet on Sudan on 4 December 2026.",
        ),
        ev(
            "reconvene",
            "Next IEG meeting on Sudan",
            "2027-03-04",
            "approximate",
            "in three months",
            "It will reconvene in three months.",
            approximate=True,
            anchor_date="2026-12-04",
        ),
        ev(
            "reconvene",
            "Next IEG meeting on Mali",
            "2027-03-10",
            "day",
            "10 March 2027",
            "The next IEG meeting on Mali is scheduled for 10 March 2027.",
        ),
    ]


def test_reconvening_without_an_anchor_keeps_no_date() -> None:
    text = "The Group resolved to reconvene in approximately six months."
    assert events_of(text, ctx()) == [
        ev(
            "reconvene",
            "Next meeting on Mali",
            None,
            "none",
            "in approximately six months",
            text,
            approximate=True,
        )
    ]


def test_reports_dues_briefings_and_symbols() -> None:
    text = (
        "The Secretary-General's report (S/2026/1001) of 30 September 2026 noted progress. The"
        " Council requested the Secretary-General to report by 31 March 2027 on the"
        " implementation. The Special Representative will brief the Council on 14 January 2027."
        " In its report of 5 May 2026, the mission noted gains."
    )
    sentences = [s.text for s in clean(text).sentences]
    assert events_of(text, ctx()) == [
        ev(
            "symbol",
            "Secretary-General's report S/2026/1001",
            "2026-09-30",
            "day",
            "S/2026/1001",
            sentences[0],
            symbol="S/2026/1001",
        ),
        ev(
            "report_due",
            "Next Secretary-General report on Mali due",
            "2027-03-31",
            "day",
            "31 March 2027",
            sentences[1],
        ),
        ev(
            "briefing",
            "Security Council briefing on Mali",
            "2027-01-14",
            "day",
            "14 January 2027",
            sentences[2],
        ),
        ev("report", "Report on Mali", "2026-05-05", "day", "5 May 2026", sentences[3]),
    ]


def test_resolutions_adopted_on_a_day_and_listed_with_years() -> None:
    text = (
        "Under resolution 2480 (2019), the Secretary-General reports on a quarterly basis. The"
        " Council adopted resolution 2531 (2020) on 29 June 2020. The mandate was set by S/RES/2640"
        " (2022)."
    )
    sentences = [s.text for s in clean(text).sentences]
    assert events_of(text, ctx()) == [
        ev(
            "resolution",
            "Security Council resolution 2480",
            "2019",
            "year",
            "2480 (2019)",
            sentences[0],
            symbol="resolution 2480",
        ),
        ev(
            "cadence",
            "Secretary-General reports on Mali every 3 months",
            None,
            "none",
            "on a quarterly basis",
            sentences[0],
            cadence="3 months",
        ),
        ev(
            "resolution",
            "Security Council resolution 2531",
            "2020-06-29",
            "day",
            "29 June 2020",
            sentences[1],
            symbol="resolution 2531",
        ),
        ev(
            "resolution",
            "Security Council resolution 2640",
            "2022",
            "year",
            "S/RES/2640 (2022)",
            sentences[2],
            symbol="resolution 2640",
        ),
    ]


def test_undated_day_takes_the_nearest_preceding_year_not_the_dominant_one() -> None:
    text = (
        "The mission opened an office in March 2025. On June 29th, the Council adopted a new"
        " resolution on the situation in Mali."
    )
    # The document's dominant year (2026) loses to the year written just before.
    assert events_of(text, ctx(year=2026)) == [
        ev(
            "other",
            "Mission opened an office",
            "2025-03",
            "month",
            "March 2025",
            "The mission opened an office in March 2025.",
        ),
        ev(
            "resolution",
            "Security Council resolution on Mali",
            "2025-06-29",
            "day",
            "June 29th",
            "On June 29th, the Council adopted a new resolution on the situation in Mali.",
        ),
    ]


def test_french_update() -> None:
    text = (
        "Le Groupe informel d'experts s'est réuni le 12 octobre 2026 pour examiner la situation au"
        " Mali. Il a décidé de se réunir à nouveau dans environ quatre mois.\n\n"
        "Rapports du Secrétaire général\n\n"
        "Le Secrétaire général fait rapport au Conseil tous les trois mois. Le dernier rapport a"
        " été publié le 3 novembre 2026 ; le prochain rapport est attendu le 1er février 2027.\n\n"
        "Les élections législatives sont prévues pour fin août 2027. Le Conseil de sécurité"
        " effectuera une visite au Mali mi-mars 2027."
    )
    sentences = [s.text for s in clean(text).sentences]
    assert events_of(text, ctx()) == [
        ev(
            "meeting",
            "IEG meeting on Mali",
            "2026-10-12",
            "day",
            "12 octobre 2026",
            sentences[0],
        ),
        ev(
            "reconvene",
            "Next IEG meeting on Mali",
            "2027-02-12",
            "approximate",
            "dans environ quatre mois",
            sentences[1],
            approximate=True,
            anchor_date="2026-10-12",
        ),
        ev(
            "cadence",
            "Secretary-General reports on Mali every 3 months",
            None,
            "none",
            "tous les trois mois",
            sentences[2],
            cadence="3 months",
        ),
        ev(
            "report",
            "Secretary-General report on Mali",
            "2026-11-03",
            "day",
            "3 novembre 2026",
            sentences[3],
        ),
        ev(
            "report_due",
            "Next Secretary-General report on Mali due",
            "2027-02-01",
            "day",
            "1er février 2027",
            sentences[3],
        ),
        ev(
            "elections",
            "Legislative elections in Mali",
            "2027-08",
            "month",
            "fin août 2027",
            sentences[4],
            approximate=True,
        ),
        ev(
            "visit",
            "Security Council visit to Mali",
            "2027-03",
            "month",
            "mi-mars 2027",
            sentences[5],
            approximate=True,
        ),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The Group has not met since 12 March 2025.",  # a reference point
        "Women hold two of the 15 seats, up from none in March 2026.",
        "Between January and September 2026, the mission documented 214 cases.",  # a period
        "The mission documented 61 cases since March 2014 and March 2015.",
        "The Special Representative met with women's groups.",  # no date
        "The mission remains listed in the annual report on conflict-related sexual violence.",
        "As a follow-up to these two meetings on Mali in 2016, members could act.",  # a bare year
        "May the Council consider the next report.",
    ],
)
def test_not_events(sentence: str) -> None:
    assert events_of(sentence, ctx()) == []


def test_duplicates_keep_the_most_precise() -> None:
    text = (
        "The Secretary-General presented a report on May 31st. The May 2016 report covered"
        " displacement; SRSG Bangura's visit in April was noted. SRSG Bangura undertook an official"
        " mission to Mali in April 2016."
    )
    sentences = [s.text for s in clean(text).sentences]
    assert events_of(text, ctx(year=2016)) == [
        ev(
            "report",
            "Secretary-General report on Mali",
            "2016-05-31",
            "day",
            "May 31st",
            sentences[0],
        ),
        # "visit in April" (year from context) gives way to "April 2016" (year written)
        ev(
            "visit",
            "SRSG Bangura visit to Mali",
            "2016-04",
            "month",
            "April 2016",
            sentences[2],
        ),
    ]


def test_adoption_forms_and_end_dates() -> None:
    text = (
        "In its resolution 2423 (2018), the Security Council extended the mandate of MINUSMA until"
        " 30 June 2019. On 21 March, 12 peacekeepers were killed. On 3 March 2026, the Government"
        " adopted its second national action plan on resolution 1325 (2000). La résolution 2295"
        " (2016) a été adoptée le 29 juin 2016. Resolution 2480 (2019), which was adopted on 28"
        " June 2019, renewed the mandate."
    )
    sentences = [s.text for s in clean(text).sentences]
    assert events_of(text, ctx(year=2026)) == [
        ev(
            "resolution",
            "Security Council resolution 2423",
            "2018",
            "year",
            "2423 (2018)",
            sentences[0],
            symbol="resolution 2423",
        ),
        # an end date is kept (the mandate's), but does not set the year of "21 March" after it
        ev(
            "mandate",
            "MINUSMA mandate ends",
            "2019-06-30",
            "day",
            "30 June 2019",
            sentences[0],
        ),
        ev(
            "other",
            "12 peacekeepers were killed",
            "2026-03-21",
            "day",
            "21 March",
            sentences[1],
        ),
        # a plan adopted "on resolution 1325" is not the adoption of resolution 1325
        ev(
            "other",
            "Government adopted its second national action plan on resolution 1325 (2000)",
            "2026-03-03",
            "day",
            "3 March 2026",
            sentences[2],
        ),
        ev(
            "resolution",
            "Security Council resolution 1325",
            "2000",
            "year",
            "1325 (2000)",
            sentences[2],
            symbol="resolution 1325",
        ),
        ev(
            "resolution",
            "Security Council resolution 2295",
            "2016-06-29",
            "day",
            "29 juin 2016",
            sentences[3],
            symbol="resolution 2295",
        ),
        ev(
            "resolution",
            "Security Council resolution 2480",
            "2019-06-28",
            "day",
            "28 June 2019",
            sentences[4],
            symbol="resolution 2480",
        ),
    ]


def test_verb_report_and_oxford_comma_lists() -> None:
    text = (
        "Recalling resolutions 1325 (2000), 1820 (2008), and 2242 (2015), the Council acted. The"
        " mission continued to report cases in June 2026."
    )
    sentences = [s.text for s in clean(text).sentences]
    assert events_of(text, ctx()) == [
        *[
            ev(
                "resolution",
                f"Security Council resolution {number}",
                year,
                "year",
                f"{number} ({year})",
                sentences[0],
                symbol=f"resolution {number}",
            )
            for number, year in (("1325", "2000"), ("1820", "2008"), ("2242", "2015"))
        ],
        ev(
            "other",
            "Mission continued to report cases",
            "2026-06",
            "month",
            "June 2026",
            sentences[1],
        ),
    ]


def test_hostile_and_long_text_is_quick_and_quiet() -> None:
    text = "\"NEAR( AND * '; DROP TABLE facts; -- " * 150 + "March " * 500
    assert events_of(text, ctx()) == []


def test_visits_over_several_days() -> None:
    text = (
        "The Prime Minister visited Gao and Kidal from 2 to 4 May 2026. Le Conseil de sécurité"
        " s'est rendu au Mali du 21 au 23 octobre 2026. The Council will visit Bamako on 3-5 March"
        " 2027. Another mission took place in June 2026."
    )
    sentences = [s.text for s in clean(text).sentences]
    assert events_of(text, ctx()) == [
        # "from" here opens a span of days, not a reference point
        ev(
            "visit",
            "Prime Minister visit to Gao",
            "2026-05-02",
            "day",
            "2 to 4 May 2026",
            sentences[0],
        ),
        ev(
            "visit",
            "Security Council visit to Mali",
            "2026-10-21",
            "day",
            "21 au 23 octobre 2026",
            sentences[1],
        ),
        ev(
            "visit",
            "Security Council visit to Bamako",
            "2027-03-03",
            "day",
            "3-5 March 2027",
            sentences[2],
        ),
        # a title keeps "Another" whole (only a leading article goes)
        ev("other", "Another mission took place", "2026-06", "month", "June 2026", sentences[3]),
    ]


def test_symbols_take_the_date_written_with_them() -> None:
    text = (
        "The June 2026 report of the Secretary-General (S/2026/500) covered the period. In its"
        " report (S/2026/600), the Panel listed groups. In March 2026, the Council (S/PRST/2026/3)"
        " acted."
    )
    sentences = [s.text for s in clean(text).sentences]
    assert events_of(text, ctx()) == [
        ev(
            "report",
            "Secretary-General report on Mali",
            "2026-06",
            "month",
            "June 2026",
            sentences[0],
        ),
        ev(
            "symbol",
            "June 2026 report of the Secretary-General S/2026/500",
            "2026-06",
            "month",
            "S/2026/500",
            sentences[0],
            symbol="S/2026/500",
        ),
        ev(
            "symbol",
            "Report S/2026/600",
            "2026",
            "year",
            "S/2026/600",
            sentences[1],
            symbol="S/2026/600",
        ),
        ev(
            "other", "Council (S/PRST/2026/3) acted", "2026-03", "month", "March 2026", sentences[2]
        ),
        # the date before the comma is not the statement's own
        ev(
            "symbol",
            "Presidential statement S/PRST/2026/3",
            "2026",
            "year",
            "S/PRST/2026/3",
            sentences[2],
            symbol="S/PRST/2026/3",
        ),
    ]


def test_month_anchor_gives_a_month_and_english_cadence() -> None:
    text = (
        "The IEG met in March 2026 to discuss the situation in Sudan. It resolved to reconvene in"
        " approximately six months. By resolution 2715 (2023), the Council requested the"
        " Secretary-General to report every three months."
    )
    sentences = [s.text for s in clean(text).sentences]
    assert events_of(text, ctx(country="Sudan")) == [
        ev("meeting", "IEG meeting on Sudan", "2026-03", "month", "March 2026", sentences[0]),
        ev(
            "reconvene",
            "Next IEG meeting on Sudan",
            "2026-09",
            "approximate",
            "in approximately six months",
            sentences[1],
            approximate=True,
            anchor_date="2026-03",
        ),
        ev(
            "resolution",
            "Security Council resolution 2715",
            "2023",
            "year",
            "2715 (2023)",
            sentences[2],
            symbol="resolution 2715",
        ),
        ev(
            "cadence",
            "Secretary-General reports on Sudan every 3 months",
            None,
            "none",
            "every three months",
            sentences[2],
            cadence="3 months",
        ),
    ]


def test_mandate_ends_and_taking_a_situation_up_again() -> None:
    events = events_of(
        "The Security Council extended the mandate of the United Nations Mission in Ostrava "
        "(UNMOS) until 31 March 2029. The Informal Expert Group met on 9 November 2027 on "
        "Ostrava. Members agreed to take the situation up again in early 2029.\n"
    )
    kinds = {(e["kind"], e["title"], e["date"]) for e in events}
    assert ("mandate", "UNMOS mandate ends", "2029-03-31") in kinds
    assert any(e["kind"] == "reconvene" for e in events), kinds


def test_keeping_the_council_informed_is_a_reporting_cadence() -> None:
    events = events_of(
        "The Security Council extended the mandate of the mission in Tavoria and asked the "
        "Secretary-General to keep it informed on a quarterly basis.\n"
    )
    assert [(e["kind"], e["cadence"]) for e in events if e["kind"] == "cadence"] == [
        ("cadence", "3 months")
    ]


def test_a_cleft_sentence_dates_the_meeting_it_names() -> None:
    events = events_of(
        "It was on 9 November 2027 that the Informal Expert Group of the Security Council on "
        "Women, Peace and Security last considered Ostrava, joined by the Head of Mission.\n",
        ctx("Ostrava"),
    )
    assert [(e["kind"], e["title"], e["date"]) for e in events] == [
        ("meeting", "Meeting on Ostrava", "2027-11-09")
    ]


def test_a_period_up_to_a_date_is_a_range_not_an_event() -> None:
    events = events_of(
        "The report covers the period from 3 November 2020 up to 28 June 2021. The joint "
        "investigation was conducted from 16 May to 31 August 2021.\n",
        ctx("Ethiopia"),
    )
    assert events == []


def test_titles_name_something_and_start_on_a_word() -> None:
    # a long sentence puts the start of the title window inside a word
    text = (
        'Source: press release, "Investigation Report To Be Published" date 2021-10-29. '
        "GENEVA - The report by the UN Human Rights Office and the Ethiopian Human Rights "
        "Commission (EHRC) on their joint investigation into alleged violations of human "
        "rights, humanitarian and refugee law committed by all parties to the conflict will "
        "be launched on Wednesday 3 November 2021.\n"
    )
    titles = [e["title"] for e in events_of(text, ctx("Ethiopia"))]
    assert titles and all(t[0].isupper() and " " in t for t in titles), titles
    assert not any(t.startswith(('"', "Tigation", "Up to")) for t in titles), titles
    first_words = {t.split()[0].lower().strip("…") for t in titles}
    body = text.lower()
    assert all(f" {w} " in f" {body} " or w == "document" for w in first_words), titles


def test_a_reconvening_counts_from_the_day_the_meeting_met_not_from_its_records_circulation() -> (
    None
):
    events = events_of(
        "The Informal Expert Group met on 9 April 2029 to consider the situation in Ruritania. "
        "The summary of the meeting was circulated as S/2029/341 on 20 June 2029. Members agreed "
        "to meet again in about five months.\n"
    )
    meetings = [(e["kind"], e["date"]) for e in events if e["kind"] in {"meeting", "reconvene"}]
    assert meetings == [("meeting", "2029-04-09"), ("reconvene", "2029-09-09")]
