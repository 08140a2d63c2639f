"""Refusing feed URLs that point into the host's own network (SSRF guard for `/feeds add`).

A Discord user can make the bot fetch any URL; without this check that includes the
cloud metadata service, the database port on localhost, or the office LAN. The URL is
checked when added and at every redirect hop (``check_public_url``), and the addresses a
connection is actually opened to are checked again (``PublicOnlyResolver``): an attacker
who controls DNS could otherwise answer with a public address for the check and a private
one for the connection (DNS rebinding).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

import aiohttp
import aiohttp.abc

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Instance-metadata endpoints. Azure's wireserver address is otherwise a public one.
METADATA_ADDRESSES: frozenset[IPAddress] = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200", "168.63.129.16")
)
METADATA_HOSTS = frozenset({"metadata", "metadata.google.internal", "metadata.azure.internal"})
RESOLVE_TIMEOUT_S = 5.0


def address_problem(ip: IPAddress) -> str | None:
    """What kind of non-public address ``ip`` is ("a loopback address", …), or None if public."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return address_problem(ip.ipv4_mapped)
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    checks = (
        (ip.is_loopback, "a loopback address"),
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_reserved, "a reserved address"),
        (ip.is_private, "a private address"),
        (not ip.is_global, "a non-public address"),  # e.g. 100.64.0.0/10 carrier NAT
    )
    return next((why for bad, why in checks if bad), None)


def _inet_aton(host: str) -> ipaddress.IPv4Address | None:
    """``host`` read the way C's inet_aton (and so getaddrinfo) reads it, or None.

    "2130706433", "0177.0.0.1" and "0x7f.1" all connect to 127.0.0.1, but
    :func:`ipaddress.ip_address` only knows dotted decimal, so such names would otherwise
    go to the resolver unchecked."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    values: list[int] = []
    for part in parts:
        try:
            if part[:2].lower() == "0x":
                values.append(int(part[2:] or "0", 16))
            elif len(part) > 1 and part.startswith("0"):
                values.append(int(part, 8))
            elif part.isdigit():
                values.append(int(part))
            else:
                return None
        except ValueError:
            return None
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (4 - len(head)):
        return None
    number = last
    for i, v in enumerate(head):
        number += v << (8 * (3 - i))
    return ipaddress.IPv4Address(number)


async def check_public_url(url: str, *, allow_private: bool = False) -> str | None:
    """Why ``url`` must not be fetched on a user's behalf, or None when it is fine.

    The URL must be http(s) with a host; unless ``allow_private`` (for self-hosted
    setups that follow feeds on their own network), every address the host resolves to
    (via the event loop's getaddrinfo) must be public: not loopback, private,
    link-local, multicast, reserved or a cloud metadata endpoint.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return "the address is not a valid URL"
    if parts.scheme.lower() not in ("http", "https"):
        return "only http:// and https:// addresses can be followed"
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        return "the address has no host name"
    if allow_private:
        return None
    if host in METADATA_HOSTS:
        return f"{host} is a cloud metadata service"
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = _inet_aton(host)
    if literal is not None:
        why = address_problem(literal)
        return f"{host} is {why}" if why else None
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(
            loop.getaddrinfo(host, port or 443, type=socket.SOCK_STREAM), RESOLVE_TIMEOUT_S
        )
    except TimeoutError:
        return f"looking up {host} timed out"
    except (OSError, UnicodeError):
        return f"{host} could not be resolved"
    if not infos:
        return f"{host} could not be resolved"
    return resolved_problem(host, (str(info[4][0]) for info in infos))


def resolved_problem(host: str, addresses: Iterable[str]) -> str | None:
    """Why a connection to `host` at these addresses is refused: any one non-public."""
    for address in addresses:
        address = address.split("%", 1)[0]  # drop an IPv6 zone id
        why = address_problem(ipaddress.ip_address(address))
        if why:
            return f"{host} resolves to {address}, {why}"
    return None


class NonPublicAddress(OSError):
    """A name resolved, at connect time, to an address a guild's feed may not reach."""


class PublicOnlyResolver(aiohttp.abc.AbstractResolver):
    """aiohttp's resolver, refusing names that resolve to a non-public address.

    Used by the sessions that fetch on a guild's behalf, with aiohttp's DNS cache off, so
    the addresses checked are the ones each new connection is opened to. (Literal IP hosts
    never reach a resolver; ``check_public_url`` has refused those already.)"""

    def __init__(self) -> None:
        self._inner = aiohttp.ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[aiohttp.abc.ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        why = resolved_problem(host.rstrip(".").lower(), (r["host"] for r in results))
        if why:
            raise NonPublicAddress(f"refused at connect time: {why}")
        return results

    async def close(self) -> None:
        await self._inner.close()
