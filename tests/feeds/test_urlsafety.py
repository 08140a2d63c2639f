"""feeds.urlsafety: refuse private, loopback and metadata addresses (IP literals and localhost only)."""

from __future__ import annotations

import pytest

from feeds.urlsafety import check_public_url


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/feed", "loopback"),
        ("http://127.8.9.10:8080/feed", "loopback"),
        ("http://[::1]/feed", "loopback"),
        ("http://localhost/feed", "loopback"),
        ("http://LOCALHOST./feed", "loopback"),
        ("http://10.1.2.3/feed", "private"),
        ("http://172.16.0.1/feed", "private"),
        ("http://192.168.1.1/feed", "private"),
        ("http://[fd12:3456::1]/feed", "private"),
        ("http://169.254.169.254/latest/meta-data/", "metadata"),
        ("http://[fd00:ec2::254]/latest/meta-data/", "metadata"),
        ("http://metadata.google.internal/computeMetadata/v1/", "metadata"),
        ("http://169.254.1.1/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://224.0.0.1/", "multicast"),
        ("http://[ff02::1]/", "multicast"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://240.0.0.1/", "reserved"),
        ("http://100.64.0.1/", "non-public"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://[::ffff:10.0.0.1]/", "private"),
        # Numeric forms getaddrinfo accepts (inet_aton): decimal, octal, hex, short.
        ("http://2130706433/", "loopback"),
        ("http://0177.0.0.1/", "loopback"),
        ("http://0x7f.1/", "loopback"),
        ("http://0x7f000001/", "loopback"),
        ("http://127.1/", "loopback"),
        ("http://0/", "unspecified"),
        ("http://0xa9.0xfe.0xa9.0xfe/", "metadata"),
        ("http://2852039166/", "metadata"),
        ("http://012.0.0.1/", "private"),
        ("http://0300.0250.1.1/", "private"),
    ],
)
async def test_non_public_addresses_are_refused(url: str, reason: str) -> None:
    problem = await check_public_url(url)
    assert problem is not None and reason in problem


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://8.8.8.8/feed", "only http"),
        ("file:///etc/passwd", "only http"),
        ("javascript:alert(1)", "only http"),
        ("http:///feed", "no host"),
        ("http://8.8.8.8:99999/", "not a valid URL"),
    ],
)
async def test_bad_urls_are_refused(url: str, reason: str) -> None:
    problem = await check_public_url(url)
    assert problem is not None and reason in problem


@pytest.mark.parametrize(
    "url",
    [
        "https://8.8.8.8/feed.xml",
        "http://134744072/rss",
        "http://0x8.0x8.0x8.0x8/",
        "http://1.1.1.1:8080/rss",
        "https://[2606:4700:4700::1111]/atom",
    ],
)
async def test_public_ip_literals_pass(url: str) -> None:
    assert await check_public_url(url) is None


async def test_allow_private_skips_address_checks_but_not_scheme() -> None:
    assert await check_public_url("http://127.0.0.1:8080/feed", allow_private=True) is None
    assert await check_public_url("http://localhost/feed", allow_private=True) is None
    assert await check_public_url("ftp://127.0.0.1/feed", allow_private=True) is not None


async def test_localhost_message_names_the_address() -> None:
    problem = await check_public_url("http://localhost:9000/feed")
    assert problem is not None and problem.startswith("localhost resolves to ")
