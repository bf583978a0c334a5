"""Bolt's own tools decide which listener runs (handlers/listening.py): the matchers on plain
events, the middleware on a stub `next`; tests/handlers/test_events.py and test_reminders.py
run them through the real app."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from handlers.deps import Deps
from handlers.listening import (
    REFUSED,
    a_direct_message,
    coordinators_only,
    event_key,
    from_a_person,
    once_per_event,
)
from store import Services

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def deps(tmp_path: Path) -> Deps:
    return Deps(
        services=Services(tmp_path / "l.db"),
        bot_token="xoxb-test",
        coordinators=frozenset({"U0COORD"}),
        now=lambda: NOW,
    )


def test_a_person_writes_and_a_bot_does_not() -> None:
    assert from_a_person({"user": "U1", "text": "hi"})
    assert not from_a_person({"user": "U1", "bot_id": "B1"})
    assert not from_a_person({"subtype": "bot_message", "bot_id": "B1"})
    assert not from_a_person({"text": "no user"})


def test_a_direct_message_is_a_new_message_or_a_file_in_a_dm() -> None:
    assert a_direct_message({"channel_type": "im"})
    assert a_direct_message({"channel_type": "im", "subtype": "file_share"})
    assert not a_direct_message({"channel_type": "im", "subtype": "message_changed"})
    assert not a_direct_message({"channel_type": "channel"})


def test_the_event_key_is_the_event_id_else_its_channel_and_ts() -> None:
    assert event_key({"event_id": "Ev1", "event": {"channel": "D1", "ts": "1.2"}}) == "Ev1"
    assert event_key({"event": {"channel": "D1", "ts": "1.2"}}) == "D1:1.2"


def test_once_per_event_runs_the_listener_once_per_id(tmp_path: Path) -> None:
    once = once_per_event(deps(tmp_path))
    ran: list[str] = []
    body = {"event_id": "Ev1", "event": {"type": "message"}}
    assert once(body=body, next=lambda: ran.append("first")) is None
    stopped = once(body=body, next=lambda: ran.append("retry"))
    assert ran == ["first"] and stopped is not None and stopped.status == 200


def test_coordinators_only_tells_anyone_else_and_runs_nothing(tmp_path: Path) -> None:
    only = coordinators_only(deps(tmp_path))
    ran: list[str] = []
    said: list[dict[str, Any]] = []
    acks: list[bool] = []

    def click(user: str | None) -> object:
        return only(
            ack=lambda: acks.append(True),
            body={"user": {"id": user}} if user else {},
            respond=lambda **kwargs: said.append(kwargs),
            next=lambda: ran.append(str(user)),
        )

    assert click("U0COORD") is None
    assert click("U0OTHER") is not None and click(None) is not None
    assert ran == ["U0COORD"] and len(acks) == 2
    assert said == [{"text": REFUSED, "response_type": "ephemeral", "replace_original": False}] * 2


def test_who_is_a_coordinator(tmp_path: Path) -> None:
    found = deps(tmp_path)
    assert [found.is_coordinator(u) for u in ("U0COORD", "U0OTHER", "", None)] == [
        True, False, False, False,
    ]  # fmt: skip
