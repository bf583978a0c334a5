"""The command language: every subcommand documents itself; replies stay within Slack limits."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from handlers import render, wps
from handlers.slack_text import channel_id, escape, link_address, question_words, typed_text
from store import Services
from store.db import Store
from tests.handlers.test_commands import assert_within_slack_limits


def test_every_subcommand_has_a_docstring_that_is_its_help() -> None:
    assert set(wps.COMMANDS) == {
        "help", "facts", "documents", "changes", "series", "deadlines", "deadline", "calendar",
        "ingest",
    }  # fmt: skip
    for name, handler in wps.COMMANDS.items():
        doc = (handler.__doc__ or "").strip()
        assert doc, f"{name} has no docstring"
        usage, dash, what = doc.splitlines()[0].partition(" — ")
        assert dash and what, f"{name}: the docstring must read 'usage — what it does'"
        assert usage.split()[0] == name
    ctx = wps.Context(services=None, now=datetime.now(UTC))  # type: ignore[arg-type]
    help_lines = wps.cmd_help(ctx, "").lines
    for usage, what in wps.help_entries():
        assert f"/wps {usage} — {what}" in help_lines


def test_escape_keeps_slack_control_characters_inert() -> None:
    assert escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"


def test_typed_text_gives_back_what_the_user_typed() -> None:
    assert typed_text("women &amp; peace &lt;3 &gt; x &amp;lt;") == "women & peace <3 > x &lt;"
    assert typed_text(escape("<!here> & 'q'")) == "<!here> & 'q'"
    assert typed_text("<@U0BOT|wpsbot> facts CSA").split() == ["facts", "CSA"]
    # Markup is read before entities: typed "&lt;@U1&gt;" stays text, it is no mention.
    assert typed_text("&lt;@U1&gt; hi") == "<@U1> hi"


def test_a_question_reaches_answering_as_its_words() -> None:
    assert question_words("<@U1> women on the *CSA*?") == "women on the CSA?"
    assert question_words("see <https://un.org/r|the report> and <https://un.org/x>") == (
        "see the report and"
    )
    assert question_words("<!here> news in <#C0123|mali-team>: _women_ ~in~ `JVM`") == (
        "news in mali-team: women in JVM"
    )
    # snake_case and 3*4 are words, not formatting
    assert question_words("gender_focal points 3*4") == "gender_focal points 3*4"


def test_links_and_channels_name_what_commands_need() -> None:
    assert link_address("<https://un.org/r.pdf|un.org/r.pdf>") == "https://un.org/r.pdf"
    assert link_address(" <https://un.org/r.pdf> ") == "https://un.org/r.pdf"
    assert link_address("/tmp/x.txt") == "/tmp/x.txt"
    assert [channel_id(w) for w in ("<#C0123|general>", "#C0123", "C0123", "#gen-eral")] == [
        "C0123",
        "C0123",
        "C0123",
        "gen-eral",
    ]


def test_a_huge_reply_stays_within_slack_limits() -> None:
    reply = wps.Reply(
        "x" * 7000,
        lines=[f"line {i} " + "y" * 400 for i in range(300)],
        quotes=[wps.Quote("q" * 5000, "doc", "section", "2016-05")] * 10,
    )
    message = render.message(reply)
    assert_within_slack_limits(message)
    assert message["blocks"][-1]["elements"][0]["text"] == "…more not shown."


def test_button_values_fit_even_for_long_escaped_questions() -> None:
    question = '"\\' * 3000
    value = render.answer_value(question, "fact", True)
    assert len(value) <= render.BUTTON_VALUE_LIMIT
    q, kind, found = render.parse_answer_value(value)
    assert question.startswith(q) and (kind, found) == ("fact", True)


@pytest.mark.parametrize("text", ["", "   ", "HELP", "help me"])
def test_help_variants(tmp_path: Path, text: str) -> None:
    ctx = wps.Context(services=Services(tmp_path / "w.db"), now=datetime.now(UTC))
    assert wps.run(ctx, text).text.startswith("I answer questions")


def test_the_calendar_link_is_whole_when_the_public_url_is_set(tmp_path: Path) -> None:
    from store.state import calendar_token

    store = Store(tmp_path / "w.db")
    db = store.db
    ctx = wps.Context(services=Services(store), now=datetime.now(UTC), can_change=True,
                      public_url="https://wpsbot.example.org")  # fmt: skip
    reply = wps.run(ctx, "calendar")
    assert reply.lines[0] == f"https://wpsbot.example.org/calendar/{calendar_token(db)}.ics"
    assert wps.run(ctx, "calendar now").text.startswith("Usage: /wps calendar, or /wps calendar ")
