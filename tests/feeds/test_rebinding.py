"""DNS rebinding: a name that resolves to a public address when checked and to a private one
when connected to must still be refused for a guild's feed.

A real attacker's DNS server cannot run here (the system resolver is not ours to point), so
the event loop's getaddrinfo answers for one test name: public first, loopback afterwards.
Everything else (aiohttp, the connector, the resolver, the server) is the real thing."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest

from feeds.fetch import fetch, make_session
from feeds.models import FetchLimits
from feeds.urlsafety import check_public_url
from tests.feeds.conftest import FeedServer

NAME = "rebind.wirewatch.test"
PUBLIC = "93.184.216.34"  # a documentation-era public address; never connected to here


@pytest.fixture
async def rebinding_dns(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """NAME resolves to PUBLIC on its first lookup, to 127.0.0.1 on every later one. Only a
    guard ever sees the public answer (fetch checks before it connects), so nothing is sent
    to it; tests that need no public answer use it up first."""
    loop = asyncio.get_running_loop()
    real = loop.getaddrinfo
    answers: list[str] = []

    async def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != NAME:
            return await real(host, port, *args, **kwargs)
        address = PUBLIC if not answers else "127.0.0.1"
        answers.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port or 80)))]

    monkeypatch.setattr(loop, "getaddrinfo", getaddrinfo)
    return answers


def _url(feed_server: FeedServer) -> str:
    return feed_server.url("/feeds/atom.xml").replace("127.0.0.1", NAME)


async def test_the_address_connected_to_is_checked_not_only_the_one_looked_up(
    feed_server: FeedServer, rebinding_dns: list[str]
) -> None:
    # The guard's lookup (before any connection) gets the public answer and is fooled.
    result = await fetch(_url(feed_server), limits=FetchLimits(timeout_s=3), guard=check_public_url)
    assert result.body is None
    assert result.error == (
        f"refused at connect time: {NAME} resolves to 127.0.0.1, a loopback address"
    )
    assert rebinding_dns == [PUBLIC, "127.0.0.1"]  # the guard's lookup, then the connection's
    assert feed_server.headers_for("/feeds/atom.xml") == []  # nothing reached the server


async def test_a_shared_session_that_may_connect_anywhere_is_not_used_for_a_guild(
    feed_server: FeedServer, rebinding_dns: list[str]
) -> None:
    limits = FetchLimits(timeout_s=3)
    rebinding_dns.append("first answer used up")  # every lookup answers loopback now
    async with make_session(limits) as anywhere:
        # The operator's own fetch may reach a private address…
        operator = await fetch(_url(feed_server), limits=limits, session=anywhere)
        assert operator.ok
        # …but the same session, kept alive to that host, must not serve a guarded fetch.
        guarded = await fetch(
            _url(feed_server), limits=limits, session=anywhere, guard=_public_at_check
        )
    assert guarded.error is not None and guarded.error.startswith("refused at connect time")
    assert len(feed_server.headers_for("/feeds/atom.xml")) == 1


async def test_a_public_only_session_refuses_on_every_new_connection(
    feed_server: FeedServer, rebinding_dns: list[str]
) -> None:
    limits = FetchLimits(timeout_s=3)
    rebinding_dns.append("first answer used up")  # every lookup answers loopback now
    async with make_session(limits, public_only=True) as public:
        for _ in range(2):  # no DNS cache: the second fetch is checked again
            result = await fetch(
                _url(feed_server), limits=limits, session=public, guard=_public_at_check
            )
            assert result.error is not None and "resolves to 127.0.0.1" in result.error
    assert feed_server.headers_for("/feeds/atom.xml") == []


async def _public_at_check(url: str) -> str | None:
    """A guard that, like a fooled check, finds the URL fine."""
    return None
