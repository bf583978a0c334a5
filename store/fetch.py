"""Fetch a document over http(s) for ingestion, holding every hop to the same rules.

Redirects are followed here, one hop at a time, rather than by httpx: credentials (the Slack
bot token) go only to the origins the caller names, and a redirect that leaves them is
refused instead of followed without them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:  # httpx is imported when a URL is read: `wpsbot ask` never pays for it
    import httpx

READ_TIMEOUT_SECONDS = 20.0
CONNECT_TIMEOUT_SECONDS = 10.0
MAX_REDIRECTS = 5
_DEFAULT_PORTS = {"http": 80, "https": 443}


class FetchError(Exception):
    """The URL could not be fetched; the message is one line for the user."""


@dataclass(frozen=True)
class Fetched:
    """A document's bytes, its declared type and a name for it."""

    data: bytes
    content_type: str
    name: str


def origin(url: str) -> str:
    """'https://files.slack.com/x' → 'https://files.slack.com:443'; '' for a URL without a host.

    Scheme, host and port: what decides where a credential may go.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:  # "http://[::1" or a port that is not a number
        return ""
    if not parts.hostname or port is None:
        return ""
    return f"{parts.scheme.lower()}://{parts.hostname.lower()}:{port}"


def fetch(
    url: str,
    max_bytes: int,
    *,
    transport: httpx.BaseTransport | None = None,
    headers: dict[str, str] | None = None,
    credential_origins: frozenset[str] = frozenset(),
) -> Fetched:
    """GET `url` (following up to MAX_REDIRECTS redirects); raise FetchError in one line.

    `headers` are credentials: sent only while the URL's origin is in `credential_origins`;
    a redirect elsewhere is refused.
    """
    import httpx

    if headers and origin(url) not in credential_origins:
        raise FetchError(f"{url}: refused: credentials are sent only to their own host")
    name = unquote(Path(urlsplit(url).path).name) or urlsplit(url).netloc
    timeout = httpx.Timeout(READ_TIMEOUT_SECONDS, connect=CONNECT_TIMEOUT_SECONDS)
    current = url
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, transport=transport) as client:
            for _ in range(MAX_REDIRECTS + 1):
                with client.stream("GET", current, headers=headers) as response:
                    if response.is_redirect:
                        current = str(response.url.join(response.headers.get("location", "")))
                        if headers and origin(current) not in credential_origins:
                            raise FetchError(
                                f"{url}: refused: it redirects away from its host, and "
                                "credentials are sent only to their own host"
                            )
                        continue
                    return _read(url, response, max_bytes, name)
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url}: no answer in time; try again later") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: could not be reached ({type(exc).__name__})") from exc
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _read(url: str, response: httpx.Response, max_bytes: int, name: str) -> Fetched:
    if response.status_code != 200:
        raise FetchError(f"{url}: the server answered {response.status_code}")
    try:
        declared = int(response.headers.get("content-length") or 0)
    except ValueError:
        declared = 0
    if declared > max_bytes:
        raise FetchError(f"{url}: {_mb(declared)} is over the {_mb(max_bytes)} limit")
    chunks: list[bytes] = []
    received = 0
    for chunk in response.iter_bytes():
        received += len(chunk)
        if received > max_bytes:
            raise FetchError(f"{url}: larger than the {_mb(max_bytes)} limit")
        chunks.append(chunk)
    content_type = response.headers.get("content-type", "").split(";")[0].strip()
    return Fetched(b"".join(chunks), content_type, name)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
