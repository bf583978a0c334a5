"""The fake Slack Web API answers like Slack and records what it was sent."""

from __future__ import annotations

import httpx
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier

from tests.fakes.signing import SIGNING_SECRET, command_body, signed_headers
from tests.fakes.slack_api import BOT_USER_ID, FakeSlack


def test_records_calls_and_answers_ok(fake_slack: FakeSlack) -> None:
    client = WebClient(token="xoxb-1", base_url=fake_slack.api_url)
    assert client.auth_test()["user_id"] == BOT_USER_ID
    posted = client.chat_postMessage(channel="C1", text="hi", blocks=[{"type": "divider"}])
    assert posted["channel"] == "C1"
    assert (fake_slack.calls_to("chat.postMessage")) == [
        {"channel": "C1", "text": "hi", "blocks": [{"type": "divider"}]}
    ]
    assert fake_slack.calls[0].headers["authorization"] == "Bearer xoxb-1"


def test_scripted_429_is_retried_by_the_rate_limit_handler(fake_slack: FakeSlack) -> None:
    fake_slack.fail("chat.postMessage", status=429, times=2, retry_after=0)
    client = WebClient(token="xoxb-1", base_url=fake_slack.api_url)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    assert client.chat_postMessage(channel="C1", text="hi")["ok"]
    assert fake_slack.methods() == ["chat.postMessage"] * 3


def test_scripted_error_answer(fake_slack: FakeSlack) -> None:
    fake_slack.fail("chat.postMessage", error="channel_not_found")
    client = WebClient(token="xoxb-1", base_url=fake_slack.api_url)
    try:
        client.chat_postMessage(channel="C404", text="hi")
    except SlackApiError as exc:
        assert exc.response["error"] == "channel_not_found"
    else:
        raise AssertionError("expected SlackApiError")


def test_files_info_and_download(fake_slack: FakeSlack) -> None:
    fake_slack.add_file("F1", "note.txt", b"hello")
    client = WebClient(token="xoxb-1", base_url=fake_slack.api_url)
    url = client.files_info(file="F1")["file"]["url_private_download"]
    got = httpx.get(url, headers={"Authorization": "Bearer xoxb-1"})
    assert got.content == b"hello"
    assert fake_slack.methods() == ["files.info", "file_download"]


def test_response_url_posts_are_recorded(fake_slack: FakeSlack) -> None:
    httpx.post(fake_slack.response_url("x"), json={"text": "hi", "response_type": "ephemeral"})
    assert fake_slack.calls_to("response_url") == [{"text": "hi", "response_type": "ephemeral"}]


def test_signed_headers_verify_with_slack_sdk() -> None:
    body = command_body("help")
    headers = signed_headers(body, "application/x-www-form-urlencoded")
    verifier = SignatureVerifier(SIGNING_SECRET)
    assert verifier.is_valid(
        body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    )
    assert not SignatureVerifier("other").is_valid(
        body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    )


def test_files_upload_v2_goes_through_the_three_steps(fake_slack: FakeSlack) -> None:
    client = WebClient(token="xoxb-1", base_url=fake_slack.api_url)
    png = b"\x89PNG\r\n\x1a\n" + b"x" * 100
    done = client.files_upload_v2(
        channel="C1",
        thread_ts="1700000000.000001",
        file=png,
        filename="trend.png",
        title="Trend",
        alt_txt="A line going up",
    )
    assert fake_slack.methods() == [
        "files.getUploadURLExternal",
        "file_upload",
        "files.completeUploadExternal",
    ]
    assert fake_slack.calls_to("files.getUploadURLExternal") == [
        {"filename": "trend.png", "length": "108", "alt_txt": "A line going up"}
    ]
    assert fake_slack.calls_to("file_upload") == [{"file_id": "F0UP000001", "length": 108}]
    assert fake_slack.uploaded("F0UP000001") == png
    complete = fake_slack.calls_to("files.completeUploadExternal")[0]
    assert complete["files"] == [{"id": "F0UP000001", "title": "Trend"}]
    assert (complete["channel_id"], complete["thread_ts"]) == ("C1", "1700000000.000001")
    assert done["file"]["mimetype"] == "image/png" and done["file"]["alt_txt"] == "A line going up"


def test_completing_an_upload_that_never_came_fails(fake_slack: FakeSlack) -> None:
    client = WebClient(token="xoxb-1", base_url=fake_slack.api_url)
    ticket = client.files_getUploadURLExternal(filename="a.png", length=3)
    try:
        client.files_completeUploadExternal(files=[{"id": ticket["file_id"]}], channel_id="C1")
    except SlackApiError as exc:
        assert exc.response["error"] == "file_not_found"
    else:
        raise AssertionError("expected SlackApiError")
