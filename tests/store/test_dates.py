"""Dates, durations and cadences as UN updates write them, in English and French."""

from __future__ import annotations

from typing import Any

import pytest

from store.extract.dates import (
    find_cadences,
    find_dates,
    find_relative,
    format_date,
    format_span,
    part_of,
)


def dates(text: str, year: int | None = 2016) -> list[dict[str, Any]]:
    """Each date found, with the words it was read from."""
    return [
        {
            "words": text[m.start : m.end],
            "date": m.date,
            "precision": m.precision,
            "approximate": m.approximate,
            "part": m.part,
            "explicit_year": m.explicit_year,
            "in_range": m.in_range,
        }
        for m in find_dates(text, year)
    ]


def d(
    words: str,
    date: str,
    precision: str,
    *,
    part: str | None = None,
    explicit_year: bool = True,
    in_range: bool = False,
) -> dict[str, Any]:
    return {
        "words": words,
        "date": date,
        "precision": precision,
        "approximate": part is not None,
        "part": part,
        "explicit_year": explicit_year,
        "in_range": in_range,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("met on February 29th 2016 to discuss", [d("February 29th 2016", "2016-02-29", "day")]),
        ("met on 29 February 2016.", [d("29 February 2016", "2016-02-29", "day")]),
        ("on Feb. 29, 2016,", [d("Feb. 29, 2016", "2016-02-29", "day")]),
        ("on the 29th of February, 2016", [d("29th of February, 2016", "2016-02-29", "day")]),
        (
            "On June 29th, the Council adopted",
            [d("June 29th", "2016-06-29", "day", explicit_year=False)],
        ),
        (
            "presented a report on May 31st and",
            [d("May 31st", "2016-05-31", "day", explicit_year=False)],
        ),
        (
            "visited Mali in early March and",
            [d("early March", "2016-03", "month", part="early", explicit_year=False)],
        ),
        ("by mid-March 2017", [d("mid-March 2017", "2017-03", "month", part="mid")]),
        ("late March", [d("late March", "2016-03", "month", part="late", explicit_year=False)]),
        (
            "As at the end of August, only 37",
            [d("end of August", "2016-08", "month", part="late", explicit_year=False)],
        ),
        ("in June 2016", [d("June 2016", "2016-06", "month")]),
        ("scheduled for November 2016.", [d("November 2016", "2016-11", "month")]),
        ("The May 2016 report", [d("May 2016", "2016-05", "month")]),
        ("on 2026-10-12 in Geneva", [d("2026-10-12", "2026-10-12", "day")]),
        ("by the end of 2016", [d("end of 2016", "2016", "year", part="late")]),
        ("committed in 2012", [d("2012", "2012", "year")]),
        ("In June, the Secretary-General", [d("June", "2016-06", "month", explicit_year=False)]),
        # French
        ("s'est réuni le 12 octobre 2026", [d("12 octobre 2026", "2026-10-12", "day")]),
        ("attendu le 1er février 2027", [d("1er février 2027", "2027-02-01", "day")]),
        ("prévues fin août", [d("fin août", "2016-08", "month", part="late", explicit_year=False)]),
        ("avant fin d'août 2026", [d("fin d'août 2026", "2026-08", "month", part="late")]),
        ("visite mi-mars 2027", [d("mi-mars 2027", "2027-03", "month", part="mid")]),
        ("au début de mai 2027", [d("début de mai 2027", "2027-05", "month", part="early")]),
        ("en juin", [d("juin", "2016-06", "month", explicit_year=False)]),
    ],
)
def test_written_forms(text: str, expected: list[dict[str, Any]]) -> None:
    assert dates(text) == expected


def test_range_gives_its_year_to_the_first_month() -> None:
    assert dates("Between January and September 2026, the mission documented 214 cases") == [
        d("January", "2026-01", "month", in_range=True),
        d("September 2026", "2026-09", "month", in_range=True),
    ]
    assert dates("rose between January 2024 and September 2026") == [
        d("January 2024", "2024-01", "month", in_range=True),
        d("September 2026", "2026-09", "month", in_range=True),
    ]
    # "and" alone is a list, not a range
    assert dates("since November 2014 and March 2015") == [
        d("November 2014", "2014-11", "month"),
        d("March 2015", "2015-03", "month"),
    ]


def test_year_comes_from_the_nearest_preceding_explicit_year() -> None:
    assert dates("In March 2015 the mission opened; on June 29th it closed.", 2020) == [
        d("March 2015", "2015-03", "month"),
        d("June 29th", "2015-06-29", "day", explicit_year=False),
    ]
    # nothing to place "June" in: no date rather than a guess
    assert dates("In June, the Secretary-General listed", None) == []


@pytest.mark.parametrize(
    "text",
    [
        "May the Council consider",  # the modal verb, not the month
        "resolution 2242 (2015)",  # a resolution's year is not a date here
        "from 42 to 28 percent",
        "the Mar report",  # an abbreviation alone is too ambiguous
        "Women hold two of the 15 seats",
        "S/2016/682",
    ],
)
def test_not_dates(text: str) -> None:
    assert dates(text) == []


def test_an_impossible_day_leaves_the_month() -> None:
    assert dates("on 31 February 2016") == [d("February 2016", "2016-02", "month")]


def test_a_count_after_a_month_is_not_a_day() -> None:
    assert dates("in March 12 women were appointed") == [
        d("March", "2016-03", "month", explicit_year=False)
    ]


def test_relative_amounts() -> None:
    text = "The group resolved to reconvene in approximately six months."
    assert [(text[r.start : r.end], r.n, r.unit, r.approximate) for r in find_relative(text)] == [
        ("in approximately six months", 6, "months", True)
    ]
    cases = {
        "agreed to meet again in about four months": ("in about four months", 4, "months", True),
        "se réunir à nouveau dans environ quatre mois": (
            "dans environ quatre mois",
            4,
            "months",
            True,
        ),
        "a decision is expected within 90 days": ("within 90 days", 90, "days", False),
        "the review will follow six months later": ("six months later", 6, "months", False),
        "in a year's time": ("in a year's time", 1, "years", False),
    }
    for sentence, expected in cases.items():
        found = find_relative(sentence)
        assert [(sentence[r.start : r.end], r.n, r.unit, r.approximate) for r in found] == [
            expected
        ]
    assert find_relative("every six months") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Under resolution 2871 (2026), the Secretary-General reports every 90 days.",
            (90, "days"),
        ),
        ("The mission reports quarterly.", (3, "months")),
        ("Il présente des rapports trimestriels au Conseil.", (3, "months")),
        ("Briefings are held on a monthly basis.", (1, "months")),
        ("tous les trois mois", (3, "months")),
        ("The panel meets semi-annually.", (6, "months")),
    ],
)
def test_cadences_in_running_text(text: str, expected: tuple[int, str]) -> None:
    assert [(c.n, c.unit) for c in find_cadences(text)] == [expected]


def test_cadences_keep_their_words() -> None:
    text = "Under resolution 2871 (2026), the Secretary-General reports every 90 days."
    assert [(text[c.start : c.end], c.text) for c in find_cadences(text)] == [
        ("every 90 days", "90 days")
    ]


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("2016-02-29", "day", False, None), "29 Feb 2016"),
        (("2016-08-29", "approximate", True, None), "about 29 Aug 2016"),
        (("2016-11", "month", False, None), "Nov 2016"),
        (("2016-03", "month", True, "early"), "early Mar 2016"),
        (("2016-03", "month", True, None), "about Mar 2016"),
        (("2016", "year", False, None), "2016"),
        (("2016", "year", True, "late"), "late 2016"),
        ((None, "none", False, None), "no date"),
    ],
)
def test_format_date(args: tuple[str | None, str, bool, str | None], text: str) -> None:
    assert format_date(*args) == text


def test_part_of_an_events_words() -> None:
    assert [part_of(w) for w in ("early March", "mid-March 2017", "end of August", "fin août")] == [
        "early",
        "mid",
        "late",
        "late",
    ]
    assert part_of("March 2027") is None
    assert part_of("in approximately six months") is None


def test_span_of_days_dates_its_first_day() -> None:
    found = find_dates("visited Gao from 2 to 4 May 2026 and Kidal du 21 au 23 octobre 2026")
    assert [(m.date, m.last_day, m.precision, m.explicit_year) for m in found] == [
        ("2026-05-02", "2026-05-04", "day", True),
        ("2026-10-21", "2026-10-23", "day", True),
    ]
    # "4 to 2 May" is no span: only the plain "2 May" is read
    assert [(m.date, m.last_day) for m in find_dates("from 4 to 2 May 2026")] == [
        ("2026-05-02", None)
    ]


@pytest.mark.parametrize(
    ("first", "last", "written"),
    [
        ("2020-03-02", "2020-03-04", "2–4 Mar 2020"),
        ("2020-02-28", "2020-03-02", "28 Feb – 2 Mar 2020"),
        ("2019-12-30", "2020-01-02", "30 Dec 2019 – 2 Jan 2020"),
    ],
)
def test_a_span_of_days_is_written_once(first: str, last: str, written: str) -> None:
    assert format_span(first, last) == written


@pytest.mark.parametrize(
    ("date", "precision", "approximate", "part", "written"),
    [
        ("2020-03-02", "day", False, None, "2 mars 2020"),
        ("2016-08-29", "day", True, None, "vers le 29 août 2016"),
        ("2016-03-01", "day", False, None, "1er mars 2016"),
        ("2016-11", "month", False, None, "novembre 2016"),
        ("2016-03", "month", False, "early", "début mars 2016"),
        ("2016", "year", False, None, "2016"),
    ],
)
def test_a_date_is_written_in_french_for_a_french_question(
    date: str, precision: str, approximate: bool, part: str | None, written: str
) -> None:
    assert format_date(date, precision, approximate, part, "fr") == written
    assert format_span("2020-03-02", "2020-03-04", "fr") == "du 2 au 4 mars 2020"
    assert format_span("2020-02-28", "2020-03-02", "fr") == "du 28 février au 2 mars 2020"
    assert format_span("2020-03-01", "2020-03-04", "fr") == "du 1er au 4 mars 2020"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Le 12/03/2023, la mission s'est rendue à Bria.", "2023-03-12"),
        ("On 12.03.2023 the Council met.", "2023-03-12"),
        ("le 1.3.2023", "2023-03-01"),
    ],
)
def test_a_numeric_date_is_read_day_first(text: str, date: str) -> None:
    assert [(m.date, m.precision) for m in find_dates(text, 2000)] == [(date, "day")]


@pytest.mark.parametrize("text", ["S/2016/1137 and 2016/12", "on 31/02/2023", "a rate of 3.2019"])
def test_no_numeric_date_where_none_is_written(text: str) -> None:
    assert [m for m in find_dates(text, 2000) if m.precision == "day"] == []
