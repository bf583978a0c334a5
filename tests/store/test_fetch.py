"""URL fetches reach only public addresses, hop by hop, and finish within one total deadline.

The servers are the local fake on 127.0.0.1 (a loopback address: refused unless the policy
allows it, which is how these tests reach it at all). Names that would need DNS are resolved by
a resolver the test hands to the policy, so nothing here touches the network.
"""

from __future__ import annotations

import re
import time

import pytest

from store.fetch import FetchPolicy, address_problem, check_url, parse_allowed_hosts
from store.readers import IngestError, read_source
from tests.fakes.slack_api import FakeSlack

LOCAL = FetchPolicy(allowed=("127.0.0.1",))
NOTE = b"Women hold two of the 15 seats on the council."


def fetched(fake: FakeSlack) -> list[str]:
    """What the fake served (pages, redirects, slow pages)."""
    return [c.method for c in fake.calls]


def test_a_loopback_url_is_refused_before_any_request(fake_slack: FakeSlack) -> None:
    url = fake_slack.add_page("secret.txt", NOTE)
    with pytest.raises(IngestError) as refused:
        read_source(url)
    assert str(refused.value) == (
        f"{url}: refused: 127.0.0.1 is a loopback address (127.0.0.1); the bot fetches only "
        "public addresses (an admin can allow a host with WPSBOT_ALLOWED_HOSTS)"
    )
    assert fetched(fake_slack) == []


def test_allowed_hosts_exempt_a_loopback_server(fake_slack: FakeSlack) -> None:
    url = fake_slack.add_page("note.txt", NOTE)
    assert read_source(url, policy=LOCAL).text == NOTE.decode()
    by_network = FetchPolicy(allowed=parse_allowed_hosts("10.0.0.0/8, 127.0.0.0/8"))
    assert read_source(url, policy=by_network).text == NOTE.decode()
    assert fetched(fake_slack) == ["page_download", "page_download"]


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://169.254.169.254/latest/meta-data/", "a link-local address"),  # cloud metadata
        ("http://10.0.0.7/", "a private address"),
        ("http://192.168.1.1/admin", "a private address"),
        ("http://172.16.0.1/", "a private address"),
        ("http://0.0.0.0:3000/calendar.ics", "an unspecified address"),
        ("http://224.0.0.1/", "a multicast address"),
        ("http://240.0.0.1/", "a reserved address"),
        ("http://100.64.0.1/", "not a public address"),  # carrier-grade NAT
        ("http://[::1]:3000/", "a loopback address"),
        ("http://[fe80::1]/", "a link-local address"),
        ("http://[fd00::1]/", "a private address"),
        ("http://[::ffff:127.0.0.1]/", "a loopback address"),  # IPv4-mapped
        ("http://[64:ff9b::a00:1]/", "a private address"),  # NAT64 of 10.0.0.1
        ("http://[2002:7f00:1::]/", "a loopback address"),  # 6to4 of 127.0.0.1
        ("http://2130706433/", "a loopback address"),  # 127.0.0.1 as one number
        ("http://0x7f000001/", "a loopback address"),
        ("http://127.1/", "a loopback address"),
        ("https://localhost/", "a loopback address"),
    ],
)
def test_non_public_addresses_are_refused(url: str, problem: str) -> None:
    with pytest.raises(IngestError, match=f"refused: .* is {problem} "):
        read_source(url)


def test_a_name_that_resolves_to_a_private_address_is_refused() -> None:
    # One public and one private address: refused, not a coin toss.
    policy = FetchPolicy(resolve=lambda host, port: ["93.184.215.14", "10.1.2.3"])
    with pytest.raises(IngestError, match=r"refused: intranet\.example is a private address"):
        read_source("https://intranet.example/report.pdf", policy=policy)


def test_a_redirect_to_a_refused_address_is_not_followed(fake_slack: FakeSlack) -> None:
    # The first hop is allowed by name; the redirect goes to 127.0.0.1 by address, which is not.
    secret = fake_slack.add_page("secret.txt", NOTE).replace("127.0.0.1", "127.0.0.2")
    hop = fake_slack.add_redirect("away", secret)
    public = FetchPolicy(allowed=("wps.example",), resolve=lambda host, port: ["127.0.0.1"])
    with pytest.raises(IngestError, match=r"refused: 127\.0\.0\.2 is a loopback address"):
        read_source(hop.replace("127.0.0.1", "wps.example"), policy=public)
    assert fetched(fake_slack) == ["redirect"]


def test_a_redirect_to_another_scheme_is_refused(fake_slack: FakeSlack) -> None:
    hop = fake_slack.add_redirect("file", "file:///etc/passwd")
    with pytest.raises(IngestError, match="refused: only http and https addresses are fetched"):
        read_source(hop, policy=LOCAL)


def test_urls_that_cannot_be_read_are_one_line() -> None:
    for url, message in [
        ("http://[::1", "not a valid URL"),
        ("http://example.org:port/", "not a valid URL"),
        ("http:///nohost", "not a valid URL (no host)"),
    ]:
        with pytest.raises(IngestError, match="^" + re.escape(f"{url}: {message}")):
            read_source(url)


def test_a_trickling_server_is_cut_off_at_the_total_deadline(fake_slack: FakeSlack) -> None:
    # A line every 0.2 s never trips the 20 s per-read timeout; the total deadline does.
    url = fake_slack.add_slow_page("drip.txt", b"Women hold two seats.\n", every=0.2, lasting=20)
    started = time.monotonic()
    with pytest.raises(IngestError, match="no answer in time"):
        read_source(url, policy=FetchPolicy(allowed=("127.0.0.1",), total_seconds=1.0))
    assert time.monotonic() - started < 10  # generous: on main it ran the full 20 s


def test_address_rules() -> None:
    import ipaddress

    assert address_problem(ipaddress.ip_address("93.184.215.14")) is None
    assert address_problem(ipaddress.ip_address("2606:4700::1111")) is None
    assert address_problem(ipaddress.ip_address("127.0.0.1")) == "a loopback address"
    with pytest.raises(Exception, match="only http and https"):
        check_url("gopher://example.org/")


def test_allowed_hosts_setting_is_checked() -> None:
    assert parse_allowed_hosts(" 127.0.0.1, 10.0.0.0/8 ,Intranet.Example.org,[::1] ") == (
        "127.0.0.1",
        "10.0.0.0/8",
        "intranet.example.org",
        "::1",
    )
    with pytest.raises(ValueError, match="'http://x' is not a host name, IP address or CIDR"):
        parse_allowed_hosts("127.0.0.1, http://x")
