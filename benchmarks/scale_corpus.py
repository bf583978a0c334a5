"""A generated Security Council library: documents of several shapes, one per index.

Document `i` depends on `i` alone (its own seeded random generator), so the corpus of 1,000
documents is the first 1,000 of the corpus of 30,000, and a question about one of them can be
asked at every size. Documents are dated backwards from late 2026, about three a day, so the
30,000th is from 2000 and the newest update of every country is among the first thousand.

Four shapes, in turn: an Informal Expert Group note, a report of the Secretary-General (UN
masthead, numbered paragraphs), a press release (symbol and dateline) and a French report.
Countries share words ("Sudan" and "South Sudan", "Guinea", "Guinea-Bissau" and "Equatorial
Guinea", "Niger" and "Nigeria", "Congo" and "Democratic Republic of the Congo"); the words of
the genre (Council, resolution, women, peace, security) are in almost every sentence.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

# (English, French "au/en ..." form): the countries and the names they share.
COUNTRIES = [
    ("Sudan", "au Soudan"),
    ("South Sudan", "au Soudan du Sud"),
    ("Guinea", "en Guinée"),
    ("Guinea-Bissau", "en Guinée-Bissau"),
    ("Equatorial Guinea", "en Guinée équatoriale"),
    ("Niger", "au Niger"),
    ("Nigeria", "au Nigéria"),
    ("Congo", "au Congo"),
    ("Democratic Republic of the Congo", "en République démocratique du Congo"),
    ("Central African Republic", "en République centrafricaine"),
    ("Mali", "au Mali"),
    ("Chad", "au Tchad"),
    ("Burkina Faso", "au Burkina Faso"),
    ("Somalia", "en Somalie"),
    ("Libya", "en Libye"),
    ("Yemen", "au Yémen"),
    ("Iraq", "en Iraq"),
    ("Afghanistan", "en Afghanistan"),
    ("Haiti", "en Haïti"),
    ("Colombia", "en Colombie"),
    ("Lebanon", "au Liban"),
    ("Myanmar", "au Myanmar"),
    ("Burundi", "au Burundi"),
    ("Liberia", "au Libéria"),
    ("Sierra Leone", "en Sierra Leone"),
    ("Cyprus", "à Chypre"),
]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
MOIS = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
]  # fmt: skip
NEWEST = date(2026, 11, 20)
DAYS_PER_DOCUMENT = 0.3
SHAPES = ("ieg", "sg", "press", "fr")

# Sentences without figures, common words everywhere: what makes "women" or "Council" match
# most of the corpus.
FILLER = [
    "The Council reiterated its call for the full, equal and meaningful participation of women "
    "in all stages of the peace process in {country}.",
    "Women's organizations in {country} continued to call for a stronger role in the "
    "implementation of the peace agreement.",
    "The mission continued to integrate a gender perspective across its mandated tasks, in "
    "line with resolution 1325 (2000) and subsequent resolutions on women and peace and "
    "security.",
    "Civil society briefers urged the Council to ensure that women human rights defenders are "
    "protected from reprisals.",
    "The Security Council encouraged the Government to adopt and fund a national action plan "
    "on women, peace and security.",
    "Humanitarian access remained constrained in several regions, affecting women and girls "
    "in particular.",
    "The Council welcomed efforts to strengthen the protection of civilians, including women "
    "and children, in the areas most affected by violence.",
    "Reports of sexual and gender-based violence continued, and survivors faced obstacles in "
    "gaining access to justice and services.",
    "Local peace committees in the east of {country} included women mediators for the first time.",
    "The Secretary-General called on all parties to respect international humanitarian law "
    "and to protect women and girls from violence.",
    "The Council expressed concern at the slow pace of security sector reform and its effect "
    "on the safety of women.",
    "Donors were encouraged to increase funding for women's civil society organizations in "
    "{country}.",
]
FILLER_FR = [
    "Le Conseil a réaffirmé la nécessité d'assurer la participation pleine, égale et "
    "véritable des femmes au processus de paix {fr}.",
    "Les organisations de femmes ont continué de demander un rôle accru dans la mise en "
    "œuvre de l'accord de paix.",
    "La mission a continué d'intégrer la problématique femmes-hommes dans l'ensemble de son "
    "mandat, conformément à la résolution 1325 (2000) du Conseil de sécurité.",
    "Les violences sexuelles liées aux conflits demeurent préoccupantes et les survivantes "
    "ont difficilement accès à la justice.",
    "Le Conseil de sécurité a encouragé le Gouvernement à adopter un plan d'action national "
    "sur les femmes et la paix et la sécurité.",
]


# Sentences put together from parts: a vocabulary that varies as real reports' does.
SUBJECTS = [
    "The Council",
    "The mission",
    "The Special Representative",
    "The Government of {country}",
    "The country team",
    "UN-Women",
    "The Peacebuilding Commission",
    "Civil society briefers",
    "The African Union",
    "Several Council members",
    "The Panel of Experts",
    "Donors",
    "The Office of the High Commissioner for Human Rights",
    "Women mediators",
]
ACTIONS = [
    "welcomed progress on",
    "expressed concern about",
    "called for sustained support to",
    "reported delays in",
    "stressed the importance of",
    "supported the expansion of",
    "reviewed the funding of",
    "took note of the findings on",
    "urged accountability for",
    "recommended a review of",
    "monitored",
    "organized consultations on",
]
TOPICS = [
    "the disarmament, demobilization and reintegration programme",
    "the protection of women human rights defenders",
    "the cantonment of former combatants",
    "the return of internally displaced persons",
    "the electoral calendar",
    "transitional justice mechanisms",
    "the reform of the security sector",
    "gender-responsive budgeting",
    "the protection of civilians in the northern regions",
    "mine action and explosive hazards",
    "the national reconciliation process",
    "the inclusion of young women in local governance",
    "access to sexual and reproductive health services",
    "early warning of conflict-related sexual violence",
    "the census of women voters",
    "the livelihoods of women in rural areas",
]
CODAS = [
    "",
    " in {country}",
    " during the reporting period",
    " despite continued insecurity",
    " with the support of the Peacebuilding Fund",
    " in the capital and the regions",
    " in close cooperation with local authorities",
    " ahead of the next mandate renewal",
]


def _composed(rng: random.Random, country: str) -> str:
    text = f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} {rng.choice(TOPICS)}{rng.choice(CODAS)}."
    return text.format(country=country)


def _day(when: date) -> str:
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


def _jour(when: date) -> str:
    return f"{when.day} {MOIS[when.month - 1]} {when.year}"


def document_date(index: int) -> date:
    """The date of document `index`: the newest first, about three documents a day."""
    return NEWEST - timedelta(days=int(index * DAYS_PER_DOCUMENT))


def resolution_number(index: int) -> int:
    """A resolution number of the document's own (unique in the corpus)."""
    return 3000 + index


def symbol_number(index: int) -> int:
    """The number in the document's own symbol (S/YEAR/N, SC/N), unique in the corpus."""
    return 100 + index


def _figures(rng: random.Random) -> dict[str, object]:
    seats = rng.randint(80, 400)
    return {
        "women_seats": rng.randint(5, seats // 3),
        "seats": seats,
        "military": round(rng.uniform(1, 12), 1),
        "police": round(rng.uniform(5, 30), 1),
        "quota": rng.choice([20, 25, 30, 33, 35, 40, 50]),
        "cases": rng.randint(20, 900),
        "girls": rng.randint(5, 19),
        "advisers": rng.randint(2, 14),
        "judges": rng.randint(3, 60),
        "ministers": rng.randint(1, 9),
        "cabinet": rng.randint(20, 40),
    }


def _paragraphs(rng: random.Random, country: str, count: int) -> list[str]:
    """`count` paragraphs of two to four sentences without figures."""
    out = []
    for _ in range(count):
        parts = [rng.choice(FILLER).format(country=country)]
        parts += [_composed(rng, country) for _ in range(rng.randint(1, 3))]
        rng.shuffle(parts)
        out.append(" ".join(parts))
    return out


def ieg_note(index: int, rng: random.Random, country: str, when: date) -> str:
    """An Informal Expert Group note: a paragraph of context, then headed sections."""
    f = _figures(rng)
    met = when - timedelta(days=rng.randint(20, 60))
    again = rng.choice(["three", "four", "six"])
    reconvene = when + timedelta(days=rng.randint(90, 180))
    lines = [
        f"The Informal Expert Group of the Security Council on Women, Peace and Security met on "
        f"{_day(met)} to discuss the situation in {country}, with the participation of the "
        f"Special Representative and the country team. A summary of the meeting was issued as "
        f"S/{met.year}/{symbol_number(index)}. The Group agreed to meet again in about {again} "
        f"months, in {MONTHS[reconvene.month - 1]} {reconvene.year}.",
        "",
        "Political participation",
        f"Women hold {f['women_seats']} of the {f['seats']} seats in the National Assembly of "
        f"{country}. The electoral law sets a {f['quota']} per cent quota for women on "
        f"candidate lists. {f['ministers']} women were appointed to the {f['cabinet']}-member "
        "cabinet.",
        *_paragraphs(rng, country, rng.randint(3, 6)),
        "",
        "Mission gender balance",
        f"As of {_day(when - timedelta(days=30))}, women made up {f['military']} per cent of "
        f"the mission's military personnel and {f['police']} per cent of its police. The "
        f"mission has {f['advisers']} Women Protection Advisers.",
        *_paragraphs(rng, country, rng.randint(3, 6)),
        "",
        "Conflict-related sexual violence",
        f"In {when.year - 1}, the mission documented {f['cases']} cases of conflict-related "
        f"sexual violence, {f['girls']} per cent of them against girls. The Front Populaire "
        f"and the Milices du Nord remain listed in the annex of the Secretary-General's report "
        "on conflict-related sexual violence.",
        *_paragraphs(rng, country, rng.randint(3, 6)),
        "",
        "Justice",
        f"There are {f['judges']} women judges in {country}.",
        *_paragraphs(rng, country, rng.randint(2, 4)),
    ]
    return "\n".join(lines) + "\n"


def sg_report(index: int, rng: random.Random, country: str, when: date) -> str:
    """A report of the Secretary-General: the UN masthead and numbered paragraphs."""
    f = _figures(rng)
    number = 0
    paragraphs: list[str] = []

    def para(text: str) -> None:
        nonlocal number
        number += 1
        paragraphs.append(f"{number}. {text}")
        paragraphs.append("")

    head = [
        "United Nations",
        "Security Council",
        f"S/{when.year}/{symbol_number(index)}",
        f"Distr.: General {_day(when)}",
        "Original: English",
        "",
        f"Report of the Secretary-General on the situation in {country}",
        "",
        "I. Introduction",
        "",
    ]
    para(
        f"The present report is submitted pursuant to Security Council resolution "
        f"{resolution_number(index)} ({when.year}), in which the Council requested me to "
        f"report every three months on the situation in {country}."
    )
    paragraphs += ["II. Political developments", ""]
    para(
        f"Women hold {f['women_seats']} of the {f['seats']} seats in the National Assembly of "
        f"{country}, and {f['ministers']} of the {f['cabinet']} ministers are women."
    )
    for text in _paragraphs(rng, country, rng.randint(4, 8)):
        para(text)
    paragraphs += ["III. Women and peace and security", ""]
    para(
        f"The share of women in the military component of the mission was {f['military']} per "
        f"cent, and {f['police']} per cent in its police component."
    )
    para(
        f"The mission documented {f['cases']} cases of conflict-related sexual violence in "
        f"{when.year - 1}."
    )
    for text in _paragraphs(rng, country, rng.randint(6, 12)):
        para(text)
    paragraphs += ["IV. Observations", ""]
    for text in _paragraphs(rng, country, rng.randint(3, 6)):
        para(text)
    return "\n".join(head + paragraphs)


def press_release(index: int, rng: random.Random, country: str, when: date) -> str:
    """A Security Council press release: its symbol, a headline and a dateline."""
    f = _figures(rng)
    lines = [
        f"SC/{symbol_number(index)}",
        _day(when),
        "",
        f"Security Council Press Statement on {country}",
        "",
        f"NEW YORK, {_day(when)} — The members of the Security Council welcomed the adoption "
        f"of resolution {resolution_number(index)} ({when.year}) on the situation in "
        f"{country}.",
        "",
        f"The Council adopted resolution {resolution_number(index)} on {_day(when)}, "
        f"requesting a {f['quota']} per cent quota for women in national institutions.",
        "",
        *_paragraphs(rng, country, rng.randint(2, 5)),
        "",
        "The members of the Security Council reaffirmed their strong commitment to the "
        f"sovereignty, independence and territorial integrity of {country}.",
        "",
    ]
    return "\n".join(lines)


def french_report(index: int, rng: random.Random, country: str, french: str, when: date) -> str:
    """A report in French: masthead, numbered paragraphs."""
    f = _figures(rng)
    lines = [
        "Nations Unies",
        "Conseil de sécurité",
        f"S/{when.year}/{symbol_number(index)}",
        f"Distr. générale {_jour(when)}",
        "Français",
        "",
        f"Rapport du Secrétaire général sur la situation {french}",
        "",
        "I. Introduction",
        "",
        f"1. Le présent rapport est soumis en application de la résolution "
        f"{resolution_number(index)} ({when.year}) du Conseil de sécurité.",
        "",
        f"2. Les femmes occupent {f['women_seats']} des {f['seats']} sièges de l'Assemblée "
        f"nationale, et la loi électorale fixe un quota de {f['quota']} pour cent de femmes.",
        "",
        f"3. Les femmes représentaient {f['military']} pour cent du personnel militaire de la "
        "mission.",
        "",
    ]
    for number, text in enumerate(
        (rng.choice(FILLER_FR).format(fr=french) for _ in range(rng.randint(6, 12))), start=4
    ):
        lines += [f"{number}. {text}", ""]
    return "\n".join(lines)


def document(index: int, seed: int = 11) -> tuple[str, str]:
    """Document `index`: its file name and text."""
    rng = random.Random(seed * 1_000_003 + index)
    country, french = COUNTRIES[rng.randrange(len(COUNTRIES))]
    when = document_date(index)
    shape = SHAPES[index % len(SHAPES)]
    slug = country.lower().replace(" ", "-")
    name = f"{index:05d}-{shape}-{slug}-{when.isoformat()}.txt"
    if shape == "ieg":
        text = ieg_note(index, rng, country, when)
    elif shape == "sg":
        text = sg_report(index, rng, country, when)
    elif shape == "press":
        text = press_release(index, rng, country, when)
    else:
        text = french_report(index, rng, country, french, when)
    return name, text


def corpus(start: int, stop: int) -> list[tuple[str, str]]:
    """Documents start .. stop - 1."""
    return [document(i) for i in range(start, stop)]
