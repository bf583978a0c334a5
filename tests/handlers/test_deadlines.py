"""/wps deadlines and /wps deadline … over HTTP; /wps calendar and GET /calendar/<secret>.ics."""

from __future__ import annotations

import httpx

from store.state import calendar_token
from tests.handlers.conftest import COORDINATOR, RunningBot
from tests.handlers.test_commands import REFUSAL, ask


def test_coordinator_adds_lists_and_completes_a_deadline(bot: RunningBot) -> None:
    added = ask(
        bot,
        'deadline add "SG report on Mali" 2099-02-01 --every "3 months" --lead 7d,0',
        user_id=COORDINATOR,
    )
    assert added["text"].startswith("Deadline #")
    deadline_id = added["text"].split("#")[1].split(" ")[0]
    assert added["text"] == (
        f"Deadline #{deadline_id} added.\n"
        f"• #{deadline_id} Sunday 1 February 2099 ({_days_left(added)}) — SG report on Mali "
        "(every 3 months)"
    )
    row = bot.store.db.table("deadlines").get(int(deadline_id))
    assert (row["title"], row["due"], row["recurrence"], row["lead_times"]) == (
        "SG report on Mali",
        "2099-02-01",
        "3 months",
        "7d,0",
    )
    listed = ask(bot, "deadlines", n=2)
    assert f"#{deadline_id} Sunday 1 February 2099" in listed["text"]
    done = ask(bot, f"deadline done {deadline_id}", user_id=COORDINATOR, n=3)
    assert done["text"].startswith(f"Deadline #{deadline_id} marked done.\n• #{deadline_id} ")
    assert "May 2099" in done["text"]  # a recurring deadline rolls to its next occurrence


def _days_left(posted: dict[str, str]) -> str:
    return posted["text"].split("2099 (")[1].split(")")[0]


def test_a_bad_date_changes_nothing(bot: RunningBot) -> None:
    before = bot.store.db.table("deadlines").count
    posted = ask(bot, 'deadline add "IEG meeting" 31/02/2099', user_id=COORDINATOR)
    assert posted["text"].startswith("Nothing changed: ")
    assert "\n" not in posted["text"]
    assert bot.store.db.table("deadlines").count == before


def test_unknown_deadline_number(bot: RunningBot) -> None:
    posted = ask(bot, "deadline done 99999", user_id=COORDINATOR)
    assert posted["text"].startswith("Nothing changed: ")


def test_non_coordinator_cannot_complete_a_deadline(bot: RunningBot) -> None:
    bot.store.db.execute("update deadlines set status = 'upcoming'")
    before = [dict(r) for r in bot.store.db.table("deadlines").rows]
    posted = ask(bot, "deadline done 1")
    assert posted["text"] == REFUSAL.replace("load documents", "change deadlines")
    assert [dict(r) for r in bot.store.db.table("deadlines").rows] == before


def test_calendar_is_served_at_the_link_coordinators_get(bot: RunningBot) -> None:
    ask(bot, 'deadline add "Council briefing" 2099-02-18', user_id=COORDINATOR)
    posted = ask(bot, "calendar", user_id=COORDINATOR, n=2)
    token = calendar_token(bot.store.db)
    assert posted["response_type"] == "ephemeral"
    assert posted["text"].startswith(
        f"The deadlines calendar, to subscribe to.\n• /calendar/{token}.ics\n"
    )
    assert "actions" not in [block["type"] for block in posted["blocks"]]  # no Share button
    response = httpx.get(f"{bot.base_url}/calendar/{token}.ics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["cache-control"] == "private, no-store"
    assert response.text.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:Council briefing" in response.text


def test_the_bare_calendar_and_wrong_secrets_are_404(bot: RunningBot) -> None:
    # On main GET /calendar.ics answered anyone, with every deadline's source quote.
    assert httpx.get(bot.base_url + "/calendar.ics").status_code == 404
    assert httpx.get(bot.base_url + "/calendar/" + "x" * 32 + ".ics").status_code == 404
    ask(bot, "calendar", user_id=COORDINATOR)
    token = calendar_token(bot.store.db)
    wrong = token[:-1] + ("B" if token.endswith("A") else "A")  # one character off
    assert httpx.get(f"{bot.base_url}/calendar/{wrong}.ics").status_code == 404
    assert httpx.get(f"{bot.base_url}/calendar/{token}.ICS").status_code == 404


def test_a_rotated_calendar_link_replaces_the_old_one(bot: RunningBot) -> None:
    ask(bot, "calendar", user_id=COORDINATOR)
    old = calendar_token(bot.store.db)
    posted = ask(bot, "calendar rotate", user_id=COORDINATOR, n=2)
    new = calendar_token(bot.store.db)
    assert new != old
    assert posted["text"].startswith(
        f"A new calendar link; the old one no longer works.\n• /calendar/{new}.ics\n"
    )
    assert httpx.get(f"{bot.base_url}/calendar/{old}.ics").status_code == 404
    assert httpx.get(f"{bot.base_url}/calendar/{new}.ics").status_code == 200


def test_only_coordinators_get_the_calendar_link(bot: RunningBot) -> None:
    posted = ask(bot, "calendar")
    assert posted["text"].startswith("Sorry, only coordinators can get the calendar link.")
    made = bot.store.db.execute("select count(*) from bot_state where name = 'calendar_token'")
    assert made.fetchone()[0] == 0


def test_coordinator_confirms_moves_and_dismisses_a_derived_deadline(bot: RunningBot) -> None:
    derived = next(bot.store.db.query("select id, title from deadlines where origin = 'derived'"))
    number = derived["id"]
    confirmed = ask(bot, f"deadline confirm {number}", user_id=COORDINATOR)
    assert confirmed["text"].startswith(f"Deadline #{number} confirmed.\n• #{number} ")
    moved = ask(bot, f"deadline move #{number} 2099-03-02", user_id=COORDINATOR, n=2)
    assert moved["text"].startswith(f"Deadline #{number} moved.\n• #{number} Monday 2 March 2099")
    dismissed = ask(bot, f"deadline dismiss {number}", user_id=COORDINATOR, n=3)
    assert dismissed["text"].startswith(f"Deadline #{number} dismissed.")
    row = bot.store.db.table("deadlines").get(number)
    assert (row["status"], row["due"]) == ("dismissed", "2099-03-02")
    again = ask(bot, f"deadline dismiss {number}", user_id=COORDINATOR, n=4)
    assert again["text"] == f"Nothing changed: deadline {number} is already dismissed."


def test_usage_for_an_unknown_deadline_action(bot: RunningBot) -> None:
    posted = ask(bot, "deadline frobnicate 3", user_id=COORDINATOR)
    assert posted["text"].startswith('Usage: /wps deadline add "TITLE" 2027-02-01')


def test_a_deadline_number_too_big_for_sqlite_is_one_line_in_slack(bot: RunningBot) -> None:
    posted = ask(bot, "deadline done 99999999999999999999999", user_id=COORDINATOR)
    assert posted["text"] == "Nothing changed: no deadline with id 99999999999999999999999."
