"""What a document says about itself: the country it is about."""

from __future__ import annotations

import pytest

from store.clean import clean
from store.extract.context import detect_country


def country_of(text: str, title: str = "page.txt") -> str | None:
    return detect_country(clean(text).sentences, title)


def test_the_situation_in_a_country_names_it() -> None:
    text = "Report\n\nThe present report covers the situation in Mali since June 2016.\n"
    assert country_of(text) == "Mali"


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # a news page that says the country throughout, never "the situation in"
        (
            "The risk of sexual violence in Burundi remains a concern. The Government of Burundi "
            "suspended NGOs. Refugees from Burundi fled to the United Republic of Tanzania.",
            "Burundi",
        ),
        # "South Sudan" is no mention of Sudan
        (
            "South Sudan held talks. Women in South Sudan demand seats. Sudan sent an envoy.",
            "South Sudan",
        ),
        # in French, by its French name
        ("Le Tchad a adopté une loi. Au Tchad, les femmes occupent 30 sièges.", "Chad"),
        # one mention, or two countries as often named, is no country of the whole text
        ("Mali and Niger signed. Women of Mali and Niger met.", None),
        ("Women in Mali took part.", None),
    ],
)
def test_a_country_a_text_clearly_names_most_is_what_it_is_about(
    text: str, country: str | None
) -> None:
    assert country_of(f"News\n\n{text}\n") == country
