"""The bot token goes only to Slack: a shared file is downloaded with it only from Slack's hosts.

files.info says where a file is; an event or a compromised answer can name any address. On
main the bot sent `Authorization: Bearer <bot token>` to whatever url_private said, over http
too. The "attacker" here is a second local server that records every request it gets.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.slack_api import BOT_TOKEN, FakeSlack
from tests.handlers.conftest import COORDINATOR, RunningBot
from tests.handlers.test_events import dm


@pytest.fixture
def attacker() -> Iterator[FakeSlack]:
    """A server that is not Slack, recording what reaches it."""
    with FakeSlack() as server:
        yield server


def share(bot: RunningBot, file_id: str) -> dict[str, object]:
    """A coordinator shares `file_id` in a DM; the bot's one reply."""
    bot.slack.event(dm("", user=COORDINATOR, subtype="file_share", files=[{"id": file_id}]))
    return bot.fake.wait_for("chat.postMessage")[0]


REFUSAL = (
    "Nothing was loaded: note.txt is not on Slack's file host, and I send my Slack token only "
    "to Slack."
)


def test_a_download_url_on_another_host_is_refused_and_gets_no_request(
    bot: RunningBot, attacker: FakeSlack
) -> None:
    elsewhere = attacker.add_file("F0EVIL", "note.txt", b"Women hold two of the 15 seats.")
    bot.fake.add_file(
        "F0NOTE", "note.txt", b"unused",
        url_private=elsewhere["url_private"], url_private_download=elsewhere["url_private"],
    )  # fmt: skip
    posted = share(bot, "F0NOTE")
    assert posted["text"] == REFUSAL
    assert attacker.calls == []
    assert bot.store.db.table("documents").count == 1


@pytest.mark.parametrize(
    "url",
    [
        "http://files.slack.com/files-pri/T0WPS-F0NOTE/download/note.txt",  # not https
        "https://files.slack.com.evil.example/files-pri/x/note.txt",
        "https://evil.example/files.slack.com/note.txt",
        "https://files.slack.com:8443/files-pri/x/note.txt",
        "ftp://files.slack.com/note.txt",
        "http://[::1/note.txt",
    ],
)
def test_lookalike_slack_urls_are_refused(bot: RunningBot, url: str) -> None:
    bot.fake.add_file("F0NOTE", "note.txt", b"x", url_private=url, url_private_download=url)
    posted = share(bot, "F0NOTE")
    assert posted["text"] == REFUSAL
    assert [c.method for c in bot.fake.calls] == ["files.info", "chat.postMessage"]


def test_a_redirect_away_from_slack_is_not_followed(bot: RunningBot, attacker: FakeSlack) -> None:
    elsewhere = attacker.add_file("F0EVIL", "note.txt", b"Women hold two of the 15 seats.")
    hop = bot.fake.add_redirect("away", str(elsewhere["url_private"]))
    bot.fake.add_file("F0NOTE", "note.txt", b"x", url_private=hop, url_private_download=hop)
    posted = share(bot, "F0NOTE")
    assert str(posted["text"]).startswith("Nothing was loaded: note.txt: refused: it redirects")
    assert "\n" not in str(posted["text"])
    assert attacker.calls == []
    (redirect,) = [c for c in bot.fake.calls if c.method == "redirect"]
    assert redirect.headers["authorization"] == f"Bearer {BOT_TOKEN}"  # Slack's own origin


def test_slack_hosts_get_the_token(bot: RunningBot) -> None:
    from handlers.files import token_origins

    assert token_origins("https://slack.com/api/") == {
        "https://slack.com:443",
        "https://files.slack.com:443",
    }
    assert token_origins(bot.fake.api_url) == {
        bot.fake.base_url,
        "https://files.slack.com:443",
    }


def test_slack_files_still_load_when_fetches_are_held_to_public_addresses(
    strict_bot: RunningBot,
) -> None:
    # SLACK_API_URL (here the fake on 127.0.0.1) is the operator's setting: its host is exempt.
    strict_bot.fake.add_file("F0NOTE", "note.txt", b"Women hold two of the 15 seats.")
    posted = share(strict_bot, "F0NOTE")
    assert str(posted["text"]).startswith("Loaded “note.txt”.")
