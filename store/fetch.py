"""Fetch a document over http(s) for ingestion, holding every hop to the same rules.

- Only http and https, and only public addresses: a URL a coordinator pastes (or a page
  redirects to) must not make the bot read its own machine or network — loopback, private,
  link-local, multicast, reserved and other non-global addresses are refused, unless
  WPSBOT_ALLOWED_HOSTS names the host or its network. The check runs where the connection is
  made, on the address actually connected to, so a name that resolves differently the second
  time (DNS rebinding) gains nothing.
- Redirects are followed here, one hop at a time, rather than by httpx: credentials (the
  Slack bot token) go only to the origins the caller names, and a redirect that leaves them
  is refused instead of followed without them.
- One deadline for the whole fetch: httpx's timeouts are per read, and a server that
  trickles a byte a second would otherwise hold an ingest for as long as it likes.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:  # httpx is imported when a URL is read: `wpsbot ask` never pays for it
    import httpcore
    import httpx

READ_TIMEOUT_SECONDS = 20.0
CONNECT_TIMEOUT_SECONDS = 10.0
TOTAL_TIMEOUT_SECONDS = 30.0  # the whole fetch, redirects and body included
MAX_REDIRECTS = 5
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST_NAME = re.compile(
    r"(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*\.?"
)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# resolve(host, port) -> the addresses a connection to host may go to
Resolver = Callable[[str, int], list[str]]
# NAT64 (RFC 6052) carries an IPv4 address in the last 32 bits: judge that address.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(Exception):
    """The URL could not be fetched; the message is one line for the user."""


class ConnectProblem(FetchError):
    """Raised where the connection is made (no such host, a refused address); fetch() adds
    the URL to the message."""


class RefusedAddress(ConnectProblem):
    """The URL leads to an address the bot must not fetch from."""


def system_resolve(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for host (an IP literal is its own)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ConnectProblem(f"{host}: no such host") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def parse_allowed_hosts(text: str) -> tuple[str, ...]:
    """'127.0.0.1, 10.0.0.0/8, intranet.example.org' → its entries, checked and lower-cased.

    Raises ValueError naming the first entry that is neither a host name nor an IP or CIDR.
    """
    entries: list[str] = []
    for part in text.split(","):
        entry = part.strip().lower().strip("[]")
        if not entry:
            continue
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            if not _HOST_NAME.fullmatch(entry):
                raise ValueError(
                    f"{part.strip()!r} is not a host name, IP address or CIDR"
                ) from None
        entries.append(entry)
    return tuple(entries)


def address_problem(address: IPAddress) -> str | None:
    """Why the bot must not connect to `address` ('a loopback address'), or None if public."""
    embedded: IPAddress | None = None
    if isinstance(address, ipaddress.IPv6Address):
        embedded = (
            address.ipv4_mapped
            or address.sixtofour
            or (address.teredo[1] if address.teredo else None)
        )
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if embedded is not None:
        return address_problem(embedded)
    for test, words in (
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address.is_unspecified, "an unspecified address"),
        (address.is_reserved, "a reserved address"),  # before private: 240/4 is in both
        (address.is_private, "a private address"),
        (not address.is_global, "not a public address"),
    ):
        if test:
            return words
    return None


@dataclass(frozen=True)
class FetchPolicy:
    """Where fetches may go and how long they may take.

    `allowed` (WPSBOT_ALLOWED_HOSTS) exempts hosts by name, and addresses by IP or network,
    from the public-address rule; nothing else is exempt.
    """

    allowed: tuple[str, ...] = ()
    total_seconds: float = TOTAL_TIMEOUT_SECONDS
    resolve: Resolver = field(default=system_resolve, compare=False)

    @property
    def networks(self) -> tuple[IPNetwork, ...]:
        """The IP and CIDR entries of `allowed`."""
        nets: list[IPNetwork] = []
        for entry in self.allowed:
            try:
                nets.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                continue
        return tuple(nets)

    def allowing(self, hosts: Iterable[str]) -> FetchPolicy:
        """This policy with more exempt hosts (e.g. the origin of SLACK_API_URL)."""
        extra = tuple(h.lower() for h in hosts if h and h.lower() not in self.allowed)
        return FetchPolicy(self.allowed + extra, self.total_seconds, self.resolve)

    def checked_address(self, host: str, port: int) -> str:
        """The address to connect to for host: resolved, each address checked; else raise."""
        name = host.lower().rstrip(".")
        addresses = self.resolve(host, port)
        if not addresses:
            raise ConnectProblem(f"{host}: no such host")
        if name in self.allowed:
            return addresses[0]
        networks = self.networks
        for text in addresses:
            address = ipaddress.ip_address(text.split("%")[0])  # drop an IPv6 zone (fe80::1%eth0)
            if any(address in net for net in networks):
                continue
            problem = address_problem(address)
            if problem:
                # Every address must pass: a name with one public and one private address
                # would otherwise be a coin toss between them.
                raise RefusedAddress(
                    f"refused: {host} is {problem} ({address}); the bot fetches only public "
                    "addresses (an admin can allow a host with WPSBOT_ALLOWED_HOSTS)"
                )
        return addresses[0]


def check_url(url: str) -> None:
    """Refuse what needs no network to refuse: other schemes, no host, an unreadable URL."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is not a number raises here
    except ValueError as exc:
        raise FetchError(f"{url}: not a valid URL ({exc})") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"{url}: refused: only http and https addresses are fetched")
    if not parts.hostname:
        raise FetchError(f"{url}: not a valid URL (no host)")


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
    policy: FetchPolicy | None = None,
    transport: httpx.BaseTransport | None = None,
    headers: dict[str, str] | None = None,
    credential_origins: frozenset[str] = frozenset(),
) -> Fetched:
    """GET `url` (following up to MAX_REDIRECTS redirects); raise FetchError in one line.

    Every hop is held to `policy` (default: public addresses only, TOTAL_TIMEOUT_SECONDS in
    all). `headers` are credentials: sent only while the URL's origin is in
    `credential_origins`; a redirect elsewhere is refused. A `transport` (tests:
    httpx.MockTransport) replaces the network, and with it the address check.
    """
    import httpx

    policy = policy or FetchPolicy()
    check_url(url)
    if headers and origin(url) not in credential_origins:
        raise FetchError(f"{url}: refused: credentials are sent only to their own host")
    name = unquote(Path(urlsplit(url).path).name) or urlsplit(url).netloc
    deadline = time.monotonic() + policy.total_seconds
    timeout = httpx.Timeout(READ_TIMEOUT_SECONDS, connect=CONNECT_TIMEOUT_SECONDS)
    current = url
    try:
        with httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            transport=transport or _guarded_transport(policy, deadline),
        ) as client:
            for _ in range(MAX_REDIRECTS + 1):
                with client.stream("GET", current, headers=headers) as response:
                    if response.is_redirect:
                        current = str(response.url.join(response.headers.get("location", "")))
                        check_url(current)
                        if headers and origin(current) not in credential_origins:
                            raise FetchError(
                                f"{url}: refused: it redirects away from its host, and "
                                "credentials are sent only to their own host"
                            )
                        continue
                    return _read(url, response, max_bytes, name, deadline)
    except ConnectProblem as exc:
        raise FetchError(f"{url}: {exc}") from exc
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url}: no answer in time; try again later") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: could not be reached ({type(exc).__name__})") from exc
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _read(
    url: str, response: httpx.Response, max_bytes: int, name: str, deadline: float
) -> Fetched:
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
        if time.monotonic() > deadline:  # a transport without the guarded streams
            raise FetchError(f"{url}: no answer in time; try again later")
        received += len(chunk)
        if received > max_bytes:
            raise FetchError(f"{url}: larger than the {_mb(max_bytes)} limit")
        chunks.append(chunk)
    content_type = response.headers.get("content-type", "").split(";")[0].strip()
    return Fetched(b"".join(chunks), content_type, name)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


# -- the guarded connection ---------------------------------------------------------------------


def _guarded_transport(policy: FetchPolicy, deadline: float) -> httpx.BaseTransport:
    """httpx's own transport, connecting through a network backend that checks each address
    and holds every connect, read and write to the fetch's deadline."""
    import httpcore
    import httpx

    class GuardedStream(httpcore.NetworkStream):
        def __init__(self, inner: httpcore.NetworkStream) -> None:
            self.inner = inner

        def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
            return self.inner.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

        def write(self, buffer: bytes, timeout: float | None = None) -> None:
            self.inner.write(buffer, _left(timeout, httpcore.WriteTimeout))

        def close(self) -> None:
            self.inner.close()

        def start_tls(
            self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
        ) -> httpcore.NetworkStream:
            # server_hostname is the URL's host: the certificate is checked against the name,
            # though the socket was opened to the checked address.
            tls = self.inner.start_tls(
                ssl_context, server_hostname, _left(timeout, httpcore.ConnectTimeout)
            )
            return GuardedStream(tls)

        def get_extra_info(self, info: str) -> Any:
            return self.inner.get_extra_info(info)

    class GuardedBackend(httpcore.NetworkBackend):
        def __init__(self) -> None:
            self.inner = httpcore.SyncBackend()

        def connect_tcp(
            self,
            host: str,
            port: int,
            timeout: float | None = None,
            local_address: str | None = None,
            socket_options: Iterable[Any] | None = None,
        ) -> httpcore.NetworkStream:
            address = policy.checked_address(host, port)
            stream = self.inner.connect_tcp(
                address, port, _left(timeout, httpcore.ConnectTimeout), local_address,
                socket_options,
            )  # fmt: skip
            return GuardedStream(stream)

        def connect_unix_socket(
            self, path: str, timeout: float | None = None, socket_options: Any = None
        ) -> httpcore.NetworkStream:
            raise RefusedAddress("refused: a local socket")

        def sleep(self, seconds: float) -> None:
            time.sleep(seconds)

    def _left(timeout: float | None, error: type[Exception]) -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise error("the fetch's total time is up")
        return left if timeout is None else min(timeout, left)

    transport = httpx.HTTPTransport()
    # httpx has no parameter for the network backend; its pool is built the same way, with
    # ours. (tests/store/test_fetch.py fails loudly if a new httpx stops honouring it.)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(), network_backend=GuardedBackend()
    )
    return transport
