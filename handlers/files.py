"""Files shared with the bot: downloaded with the bot token, loaded, summarised.

files.info names the download URL, and whoever can put a file (or an event) before the bot
chooses what it says; the bot token is attached only when that URL is Slack's: the origin of
SLACK_API_URL, or Slack's file host over https.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any
from urllib.parse import urlsplit

from slack_sdk import WebClient

from handlers import wps
from handlers.deps import Deps
from store import IngestError
from store.fetch import origin

log = logging.getLogger(__name__)
MAX_FILES = 5
SLACK_FILE_HOST = "https://files.slack.com"


def token_origins(slack_api_url: str) -> frozenset[str]:
    """Where the bot token may be sent: Slack's Web API origin and its file host (https)."""
    return frozenset({origin(slack_api_url), origin(SLACK_FILE_HOST)}) - {""}


def ingest_files(
    deps: Deps, client: WebClient, ctx: wps.Context, files: list[dict[str, Any]]
) -> wps.Reply:
    """Load each shared file (coordinators only) and summarise what was found."""
    if not ctx.can_change:
        return wps.refusal("load documents")
    replies = [_ingest_one(deps, client, ctx, f) for f in files[:MAX_FILES]]
    if len(replies) == 1:
        return replies[0]
    lines = [line for reply in replies for line in [reply.text, *reply.lines]]
    return wps.Reply(f"I looked at {len(replies)} files.", lines=lines)


def _ingest_one(
    deps: Deps, client: WebClient, ctx: wps.Context, shared: dict[str, Any]
) -> wps.Reply:
    # Events may carry only the file id ("file_access": "check_file_info"); files.info has it all.
    info = client.files_info(file=shared["id"])["file"]
    name = info.get("name") or info.get("title") or shared["id"]
    url = info.get("url_private_download") or info.get("url_private")
    if not url:
        return wps.Reply(f"Nothing was loaded: {name} cannot be downloaded.")
    allowed = token_origins(deps.slack_api_url)
    if origin(str(url)) not in allowed:
        log.warning("file %s: download URL is not Slack's; not fetched", shared["id"])
        return wps.Reply(
            f"Nothing was loaded: {name} is not on Slack's file host, and I send my "
            "Slack token only to Slack."
        )
    try:
        raw = deps.services.documents.read(
            str(url),
            headers={"Authorization": f"Bearer {deps.bot_token}"},
            credential_origins=allowed,
            # SLACK_API_URL is the operator's own setting (a local fake in tests, perhaps a
            # relay): its host is exempt from the public-address rule.
            policy=deps.fetch_policy.allowing([urlsplit(deps.slack_api_url).hostname or ""]),
            filename=name,
        )
    except IngestError as exc:
        return wps.Reply(f"Nothing was loaded: {str(exc).replace(url, name)}")
    # A revised upload with the same name replaces the earlier version, like a changed file.
    raw = dataclasses.replace(raw, source=f"slack-file:{name}")
    return wps.ingest_raw_reply(ctx, raw)
