"""/wps over signed HTTP, as Slack sends it; assertions on what reached the fake Slack."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from handlers import render, wps
from store import Services
from tests.handlers.conftest import COORDINATOR, MALI, RunningBot

HELP_TEXT = (
    "I answer questions from the loaded situation updates, quoting my sources.\n"
    "• /wps help — what I can do and how to ask.\n"
    "• /wps facts TEXT — figures whose sentence mentions TEXT (e.g. facts CSA).\n"
    "• /wps documents — the situation updates I have loaded.\n"
    "• /wps changes [COUNTRY] [since YYYY-MM-DD] — what moved between the two latest updates "
    "(or since a date); also “what changed [COUNTRY]”.\n"
    "• /wps series TEXT — a figure across the updates, oldest first (e.g. series CSA).\n"
    "• /wps deadlines [all] — upcoming deadlines (all: past, done and dismissed ones too).\n"
    "• /wps deadline add TITLE WHEN [--every 3 months] [--lead 14d,7d,1d,0] [--channel ID] | "
    "done|snooze|remove|confirm|dismiss ID | move ID WHEN — change deadlines (coordinators).\n"
    "• /wps calendar [rotate] — the link to subscribe to the deadlines in Outlook or Google "
    "(coordinators; rotate makes a new one).\n"
    "• /wps ingest URL — load a situation update from a web address (coordinators).\n"
    "• /wps QUESTION — e.g. “women on the CSA?”, “when does the IEG reconvene?”"
)
REFUSAL = (
    "Sorry, only coordinators can load documents. Ask one of them, or ask an admin to add "
    "your Slack member ID to WPSBOT_COORDINATORS."
)


def ask(bot: RunningBot, text: str, user_id: str = "U0ASKER", n: int = 1) -> dict[str, Any]:
    """Send /wps text and return what the bot posted to the response_url."""
    response = bot.slack.command(text, user_id=user_id, response_url=bot.fake.response_url())
    assert response.status_code == 200
    assert response.text == ""  # the ack is empty: the answer follows on the response_url
    return bot.fake.wait_for("response_url", n)[n - 1]


def expected_answer(bot: RunningBot, question: str, shown_id: str) -> dict[str, Any]:
    ctx = wps.Context(services=Services(bot.store), now=wps_now())
    reply = wps.answer(ctx, question)
    return {"response_type": "ephemeral", **render.message(reply, share=True, shown_id=shown_id)}


def wps_now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def test_help_is_ephemeral_and_lists_every_subcommand(bot: RunningBot) -> None:
    posted = ask(bot, "help")
    assert posted == {
        "response_type": "ephemeral",
        "text": HELP_TEXT,
        "blocks": [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": "I answer questions from the loaded situation updates, quoting my "
                    "sources.",
                },
            },
            {"type": "section", "text": {"type": "mrkdwn", "text": HELP_TEXT.split("\n", 1)[1]}},
        ],
    }
    assert bot.fake.methods() == ["response_url"]


def test_empty_command_shows_help(bot: RunningBot) -> None:
    assert ask(bot, "   ")["text"] == HELP_TEXT


def test_question_is_answered_privately_with_share_and_feedback(bot: RunningBot) -> None:
    posted = ask(bot, "women on the CSA?")
    carried = json.loads(posted["blocks"][-1]["elements"][0]["value"])
    # The answer is kept by a random id, which the buttons carry (Share posts that answer).
    shown_id = carried["s"]
    assert posted == expected_answer(bot, "women on the CSA?", shown_id)
    assert "62" in posted["text"]
    kind = carried["k"]
    value = '{"q": "women on the CSA?", "k": "' + kind + '", "f": true, "s": "' + shown_id + '"}'
    assert posted["blocks"][-1] == {
        "type": "actions",
        "block_id": "answer_actions",
        "elements": [
            {
                "type": "button",
                "action_id": "feedback_up",
                "text": {"type": "plain_text", "text": "👍", "emoji": True},
                "value": value,
            },
            {
                "type": "button",
                "action_id": "feedback_down",
                "text": {"type": "plain_text", "text": "👎", "emoji": True},
                "value": value,
            },
            {
                "type": "button",
                "action_id": "share_answer",
                "text": {"type": "plain_text", "text": "Share in channel"},
                "value": value,
                "style": "primary",
            },
        ],
    }


def test_slack_markup_in_a_question_is_read_as_the_words_typed(bot: RunningBot) -> None:
    plain = ask(bot, "women on the CSA?")
    lead = plain["text"].splitlines()[0]
    assert "62" in lead
    for marked in ("<@U0OTHER> women on the *CSA*?", "women on the <https://un.org/csa|CSA>?"):
        assert ask(bot, marked)["text"].splitlines()[0] == lead


def test_facts_lists_matching_figures(bot: RunningBot) -> None:
    posted = ask(bot, "facts CSA")
    line = (
        "• 1 of the 62 Malian members of the Comité de Suivi de L'Accord (CSA) and its "
        "sub-committees is a woman (1.6%) — mali-ieg-2016.txt"
    )
    assert posted["text"] == "1 fact mentions “CSA”.\n" + line
    assert posted["blocks"] == [
        {"type": "section", "text": {"type": "mrkdwn", "text": "1 fact mentions “CSA”."}},
        {"type": "section", "text": {"type": "mrkdwn", "text": line}},
    ]


def test_facts_are_sentences_with_their_date_and_plural_counts(bot: RunningBot) -> None:
    text = ask(bot, "facts military")["text"]
    # A sentence, not "women — military personnel: 1.78%, as of 2016-05".
    assert text == (
        "1 fact mentions “military”.\n"
        "• 1.78 percent of military personnel were women (as of May 2016) — mali-ieg-2016.txt"
    )
    many = ask(bot, "facts", n=2)["text"].splitlines()
    assert many[0] == "14 facts loaded."
    assert (
        "• 6 of the 25 members of the Truth and Reconciliation Commission are women (24%)"
        " — mali-ieg-2016.txt"
    ) in many
    # No database rows ("• women — military personnel: 1.78%") among the 14 lines.
    rows = re.compile(r"• (?:women|victims|parties|budgeted posts|vacancies|meetings) — ")
    assert len(many) == 15 and not [line for line in many if rows.match(line)]
    told = "• 37 victims of the 113 cases — “37 victims from the backlog of 113 cases” (32.7%)"
    assert told in "\n".join(many)


@pytest.mark.parametrize(
    ("typed", "finds"),
    [
        ("TRC", "6 of the 25 members of the Truth and Reconciliation Commission are women"),
        ("trc", "6 of the 25 members of the Truth and Reconciliation Commission are women"),
        ("CVJR", "6 of the 25 members of the Truth and Reconciliation Commission are women"),
        ("UNV", "Women among UN volunteers: fell from 42 percent (Mar 2014) to 28 percent"),
        ("United Nations Volunteers", "Women among UN volunteers: fell from 42 percent"),
    ],
)
def test_facts_find_an_acronym_through_its_long_forms(
    bot: RunningBot, typed: str, finds: str
) -> None:
    text = ask(bot, f"facts {typed}")["text"]
    assert text.split("\n")[0].endswith(f"“{typed}”.")
    assert f"\n• {finds}" in text


def test_documents_lists_the_sample(bot: RunningBot) -> None:
    assert ask(bot, "documents")["text"].startswith("1 document loaded.\n• mali-ieg-2016.txt")


def test_non_coordinator_cannot_ingest_and_nothing_changes(bot: RunningBot) -> None:
    url = bot.fake.add_page("note.txt", b"Women hold two of the 15 seats on the council.")
    before = bot.store.db.table("documents").count
    posted = ask(bot, f"ingest {url}")
    assert posted == {
        "response_type": "ephemeral",
        "text": REFUSAL,
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": REFUSAL}}],
    }
    assert bot.store.db.table("documents").count == before
    assert "page_download" not in bot.fake.methods()


def test_non_coordinator_cannot_change_deadlines(bot: RunningBot) -> None:
    posted = ask(bot, 'deadline add "SG report" 2027-02-01')
    assert posted["text"] == REFUSAL.replace("load documents", "change deadlines")


def test_coordinator_ingests_a_url(bot: RunningBot) -> None:
    text = Path(MALI).parent.parent.parent / "tests" / "data" / "veloria-sample-2027.txt"
    body = text.read_bytes() if text.exists() else b"Women hold two of the 15 seats on the CND."
    url = bot.fake.add_page("veloria.txt", body)
    posted = ask(bot, f"ingest <{url}>", user_id=COORDINATOR)
    assert posted["text"].startswith("Loaded “veloria.txt”.\n• ")
    assert bot.store.db.table("documents").count == 2
    again = ask(bot, f"ingest {url}", user_id=COORDINATOR, n=2)
    assert again["text"] == "“veloria.txt” is already loaded; nothing changed."


def test_ingest_of_a_url_on_the_bots_own_network_is_refused(strict_bot: RunningBot) -> None:
    url = strict_bot.fake.add_page("secret.txt", b"Women hold two of the 15 seats.")
    hop = strict_bot.fake.add_redirect("to-secret", url)
    for target in (url, hop, "http://169.254.169.254/latest/meta-data/"):
        posted = ask(strict_bot, f"ingest {target}", user_id=COORDINATOR)
        host = target.split("/")[2].split(":")[0]
        assert posted["text"] == (
            f"Nothing was loaded: {target}: refused: {host} is "
            f"{'a link-local' if host.startswith('169') else 'a loopback'} address ({host}); "
            "the bot fetches only public addresses (an admin can allow a host with "
            "WPSBOT_ALLOWED_HOSTS)"
        )
        # The answer, and no page request: not even the redirect's first hop.
        assert strict_bot.fake.methods() == ["response_url"]
        strict_bot.fake.reset()
    assert strict_bot.store.db.table("documents").count == 1


def test_coordinator_cannot_make_the_bot_read_server_files(bot: RunningBot) -> None:
    posted = ask(bot, "ingest /etc/passwd", user_id=COORDINATOR)
    assert posted["text"] == (
        "I can only load http(s) addresses here; to load a file, share it with me."
    )
    assert bot.store.db.table("documents").count == 1


def test_bad_url_is_one_clear_line_and_nothing_changes(bot: RunningBot) -> None:
    missing = bot.fake.base_url + "/pages/missing.pdf"
    posted = ask(bot, f"ingest {missing}", user_id=COORDINATOR)
    assert posted["text"] == f"Nothing was loaded: {missing}: the server answered 404"
    assert bot.store.db.table("documents").count == 1


HOSTILE = [
    '"NEAR( AND *',
    "'; DROP TABLE facts; --",
    "🙂🇲🇱 women 👩🏽‍⚖️ on the CSA? 🔥",
    "<!channel> <@U0OTHER> &lt;script&gt; women",
    "women " * 850,  # over 5,000 characters
    "\x00\x1b[31m ) OR 1=1 --",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_gets_an_answer_and_breaks_nothing(bot: RunningBot, text: str) -> None:
    facts_before = bot.store.db.table("facts").count
    posted = ask(bot, text)
    assert posted["response_type"] == "ephemeral"
    assert_within_slack_limits(posted)
    assert "<!channel>" not in posted["text"]
    assert "<@U0OTHER>" not in " ".join(shown_texts(posted["blocks"]))
    assert bot.store.db.table("facts").count == facts_before
    assert bot.store.db.execute("pragma integrity_check").fetchone()[0] == "ok"


def shown_texts(blocks: list[dict[str, Any]]) -> list[str]:
    """The texts Slack renders (section and context text; not button values)."""
    texts = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    texts += [e["text"] for b in blocks if b["type"] == "context" for e in b["elements"]]
    return texts


def assert_within_slack_limits(message: dict[str, Any]) -> None:
    """≤ 50 blocks, section text ≤ 3,000 chars, button values ≤ 2,000 chars."""
    blocks = message["blocks"]
    assert 0 < len(blocks) <= 50
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
        for element in block.get("elements", []):
            assert len(element.get("value", "")) <= 2000
    assert 0 < len(message["text"]) <= 3000


def test_a_passage_answer_says_it_is_a_passage_and_quotes_once(bot: RunningBot) -> None:
    posted = ask(bot, "What did the strategic review recommend?")
    texts = shown_texts(posted["blocks"])
    assert texts[0] == "The closest passage in the updates (quoted, not a recorded figure):"
    quotes = [t for t in texts if t.startswith("> The strategic review of MINUSMA")]
    assert len(quotes) == 1  # the lead never repeats the quote
    assert posted["text"].startswith(
        "The closest passage in the updates (quoted, not a recorded figure):\n"
        "  “The strategic review of MINUSMA recommended"
    )
    assert '"k": "passage"' in posted["blocks"][-1]["elements"][0]["value"]
