"""Polite, bounded HTTP GETs of feeds and article pages, plus local files for offline use.

:func:`fetch` never raises for network or HTTP trouble: every failure comes back as a
:class:`~feeds.models.FetchResult` whose ``error`` says what went wrong in words a user
can act on ("HTTP 404 Not Found", "timed out after 20s", "connection refused").
"""

from __future__ import annotations

import asyncio
import errno
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import aiohttp

from feeds.models import FetchLimits, FetchResult
from feeds.retry_after import parse_retry_after
from feeds.urlsafety import NonPublicAddress, PublicOnlyResolver

DEFAULT_LIMITS = FetchLimits()  # frozen, so one shared default is safe
# Feeds first, but article pages (text/html) are fetched with the same function.
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/feed+json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, "
    "text/html;q=0.7, */*;q=0.5"
)
# Only what aiohttp decodes without optional packages.
ACCEPT_ENCODING = "gzip, deflate"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})
RETRY_AFTER_STATUSES = frozenset({429, 503})
_CHUNK = 64 * 1024
# Some news sites send long Set-Cookie / CSP headers beyond aiohttp's 8 KiB default.
_MAX_HEADER_FIELD = 32 * 1024


# Vets a URL before it is requested: an error message, or None when it may be fetched.
UrlGuard = Callable[[str], Awaitable[str | None]]
# Sessions made with public_only=True: a guarded fetch is only ever sent through one.
_PUBLIC_ONLY: weakref.WeakSet[aiohttp.ClientSession] = weakref.WeakSet()


def request_headers(limits: FetchLimits) -> dict[str, str]:
    """The headers every request carries: User-Agent, Accept and Accept-Encoding."""
    return {
        "User-Agent": limits.user_agent,
        "Accept": ACCEPT,
        "Accept-Encoding": ACCEPT_ENCODING,
    }


def make_session(
    limits: FetchLimits = DEFAULT_LIMITS, *, max_connections: int = 16, public_only: bool = False
) -> aiohttp.ClientSession:
    """A ClientSession for many :func:`fetch` calls (call it inside a running event loop).

    It carries the User-Agent and Accept headers, the total timeout, automatic gzip/
    deflate decoding, and a connection pool of ``max_connections`` (at most 4 per host,
    to stay polite). Use it as ``async with make_session(limits) as session: …``.
    ``public_only`` sessions (fetches for a guild) connect only to public addresses, checked
    on every new connection (feeds/urlsafety.py); keep them apart from operator fetches, so
    a pooled connection to a private host is never reused for a guild.
    """
    if public_only:
        connector: aiohttp.TCPConnector = aiohttp.TCPConnector(
            limit=max_connections,
            limit_per_host=4,
            resolver=PublicOnlyResolver(),
            use_dns_cache=False,  # a cached answer would skip the check
        )
    else:
        connector = aiohttp.TCPConnector(limit=max_connections, limit_per_host=4, ttl_dns_cache=300)
    session = aiohttp.ClientSession(
        connector=connector,
        headers=request_headers(limits),
        timeout=aiohttp.ClientTimeout(total=limits.timeout_s),
        auto_decompress=True,
        trust_env=False,
        max_field_size=_MAX_HEADER_FIELD,
        max_line_size=_MAX_HEADER_FIELD,
    )
    if public_only:
        _PUBLIC_ONLY.add(session)
    return session


async def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    limits: FetchLimits = DEFAULT_LIMITS,
    session: aiohttp.ClientSession | None = None,
    guard: UrlGuard | None = None,
) -> FetchResult:
    """GET ``url`` once, conditionally, within ``limits``; never raises for I/O problems.

    * ``etag`` / ``last_modified`` (from the previous result) become ``If-None-Match`` /
      ``If-Modified-Since``; an unchanged feed gives status 304 (``result.not_modified``)
      with no body, and the validators to keep.
    * Redirects are followed up to ``limits.max_redirects``; ``result.url`` is the final
      URL and ``result.permanent_redirect`` tells whether every hop was 301/308.
    * The whole exchange, body included, must finish within ``limits.timeout_s``; the
      decoded body may not exceed ``limits.max_bytes`` (reading stops at the cap).
    * 429/503 responses carry ``Retry-After`` in seconds as ``result.retry_after_s``.
    * ``file://`` URLs and plain paths are read from disk (same size cap, status None).

    ``session`` should come from :func:`make_session`; without one a session is made
    and closed for this call. ``guard``, when given, vets the URL and every redirect
    target before it is requested (e.g. :func:`feeds.urlsafety.check_public_url`); the
    error it returns ends the fetch, and local files are refused outright.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() == "file" and parts.netloc not in ("", "localhost"):
        return FetchResult(
            url=url, status=None, error=f"invalid URL: {url} (file URL naming a remote host)"
        )
    local = _local_path(url)
    if local is not None and guard is not None:
        return FetchResult(url=url, status=None, error="refused: local files are not allowed here")
    if local is not None:
        return await asyncio.to_thread(_read_file, local, limits.max_bytes)
    problem = _http_url_problem(url) or (await guard(url) if guard else None)
    if problem:
        return FetchResult(url=url, status=None, error=problem)

    progress = _Progress(url)
    if guard is not None and session is not None and session not in _PUBLIC_ONLY:
        session = None  # a session that may connect anywhere must not serve a guarded fetch
    own_session = session is None
    client = make_session(limits, public_only=guard is not None) if session is None else session
    try:
        async with asyncio.timeout(limits.timeout_s):
            return await _get(client, progress, etag, last_modified, limits, guard)
    except TimeoutError:
        return progress.failed(f"timed out after {limits.timeout_s:g}s")
    except aiohttp.ClientError as e:
        return progress.failed(_describe_client_error(e, progress.url))
    except ValueError as e:  # yarl rejects some URLs only when the request is built
        return progress.failed(f"invalid URL: {progress.url} ({e})")
    except OSError as e:
        return progress.failed(f"network error: {e.strerror or e}")
    finally:
        if own_session:
            await client.close()


@dataclass
class _Progress:
    """Where the redirect chain has got to, so errors report the URL that failed."""

    url: str
    hops: list[int] = field(default_factory=list)
    visited: set[str] = field(default_factory=set)

    @property
    def permanent(self) -> bool:
        return bool(self.hops) and all(s in PERMANENT_REDIRECTS for s in self.hops)

    def failed(
        self, error: str, status: int | None = None, retry_after: float | None = None
    ) -> FetchResult:
        return FetchResult(
            url=self.url,
            status=status,
            error=error,
            retry_after_s=retry_after,
            permanent_redirect=self.permanent,
        )


async def _get(
    session: aiohttp.ClientSession,
    progress: _Progress,
    etag: str | None,
    last_modified: str | None,
    limits: FetchLimits,
    guard: UrlGuard | None,
) -> FetchResult:
    headers = request_headers(limits)
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = aiohttp.ClientTimeout(total=limits.timeout_s)
    # Redirects are followed by hand to count them and to know whether all were permanent.
    for hop in range(limits.max_redirects + 1):
        async with session.get(
            progress.url, headers=headers, allow_redirects=False, timeout=timeout
        ) as resp:
            location = resp.headers.get("Location")
            if resp.status in REDIRECT_STATUSES and location:
                if hop == limits.max_redirects:
                    break
                target = urljoin(str(resp.url), location.strip())
                if target == progress.url or target in progress.visited:
                    # Following on could only repeat the cycle; name it rather than count it out.
                    return progress.failed(f"redirect loop: {progress.url} leads back to {target}")
                problem = _http_url_problem(target) or (await guard(target) if guard else None)
                if problem:
                    return progress.failed(f"redirect to a bad address: {problem}", resp.status)
                progress.hops.append(resp.status)
                progress.visited.add(progress.url)
                progress.url = target
                continue
            return await _final(resp, progress, etag, last_modified, limits.max_bytes)
    return progress.failed(f"too many redirects (>{limits.max_redirects})")


async def _final(
    resp: aiohttp.ClientResponse,
    progress: _Progress,
    etag: str | None,
    last_modified: str | None,
    max_bytes: int,
) -> FetchResult:
    new_etag = resp.headers.get("ETag")
    new_modified = resp.headers.get("Last-Modified")
    if resp.status == 304:
        # Servers often omit the validators on 304: keep the ones that matched.
        return FetchResult(
            url=progress.url,
            status=304,
            etag=new_etag or etag,
            last_modified=new_modified or last_modified,
            permanent_redirect=progress.permanent,
        )
    if not 200 <= resp.status < 300:
        retry_after = None
        if resp.status in RETRY_AFTER_STATUSES:
            retry_after = parse_retry_after(resp.headers.get("Retry-After"))
        error = f"HTTP {resp.status} {resp.reason or ''}".rstrip()
        if resp.status in REDIRECT_STATUSES:
            error += " without a Location header"
        return progress.failed(error, resp.status, retry_after)
    too_big = f"response larger than {max_bytes} bytes"
    # A declared length over the cap fails before reading; compressed bodies are still
    # counted after decoding, so a small gzip bomb cannot get past the cap either.
    if resp.content_length is not None and resp.content_length > max_bytes:
        return progress.failed(too_big, resp.status)
    body = bytearray()
    async for chunk in resp.content.iter_chunked(_CHUNK):
        body += chunk
        if len(body) > max_bytes:
            return progress.failed(too_big, resp.status)
    return FetchResult(
        url=progress.url,
        status=resp.status,
        body=bytes(body),
        etag=new_etag,
        last_modified=new_modified,
        content_type=resp.headers.get("Content-Type"),
        permanent_redirect=progress.permanent,
    )


def _http_url_problem(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a bad port
    except ValueError as e:
        return f"invalid URL: {url} ({e})"
    if parts.scheme.lower() not in ("http", "https"):
        return f"invalid URL: {url} (unsupported scheme {parts.scheme!r})"
    if not parts.hostname:
        return f"invalid URL: {url} (no host)"
    return None


def _describe_client_error(e: aiohttp.ClientError, url: str) -> str:
    host = urlsplit(url).hostname or url
    if isinstance(e, aiohttp.InvalidURL):
        return f"invalid URL: {url}"
    if isinstance(e, aiohttp.ClientConnectorDNSError):
        if isinstance(e.os_error, NonPublicAddress):
            return str(e.os_error)
        return f"could not resolve host {host}"
    if isinstance(e, aiohttp.ClientConnectorCertificateError):
        return f"TLS certificate error for {host}: {e.certificate_error}"
    if isinstance(e, aiohttp.ClientSSLError):
        return f"TLS error for {host}"
    if isinstance(e, aiohttp.ClientConnectorError):
        if isinstance(e.os_error, ConnectionRefusedError) or e.os_error.errno == errno.ECONNREFUSED:
            return "connection refused"
        return f"cannot connect to {host}: {e.os_error.strerror or e.os_error}"
    if isinstance(e, aiohttp.ServerDisconnectedError):
        return "server disconnected"
    if isinstance(e, aiohttp.ClientPayloadError):
        return f"broken response body: {e}"
    if isinstance(e, aiohttp.ClientResponseError):
        return f"bad HTTP response: {e.message}"
    return f"HTTP client error: {type(e).__name__}: {e}"


# --- local files -----------------------------------------------------------------------


def _local_path(url: str) -> Path | None:
    """The path a ``file://`` URL or plain path names; None for anything with another scheme."""
    parts = urlsplit(url)
    if parts.scheme.lower() == "file":
        return Path(unquote(parts.path))
    if parts.scheme and "://" in url:
        return None
    if parts.scheme and len(parts.scheme) > 1:  # "mailto:x", "data:…": not paths
        return None
    return Path(url).expanduser()


def _read_file(path: Path, max_bytes: int) -> FetchResult:
    url = path.absolute().as_uri()
    try:
        with path.open("rb") as f:
            body = f.read(
                max_bytes + 1
            )  # one byte past the cap tells "too big" from "exactly full"
    except FileNotFoundError:
        return FetchResult(url=url, status=None, error=f"file not found: {path}")
    except IsADirectoryError:
        return FetchResult(url=url, status=None, error=f"not a file: {path}")
    except PermissionError:
        return FetchResult(url=url, status=None, error=f"permission denied: {path}")
    except OSError as e:
        return FetchResult(url=url, status=None, error=f"cannot read {path}: {e.strerror or e}")
    if len(body) > max_bytes:
        return FetchResult(url=url, status=None, error=f"response larger than {max_bytes} bytes")
    return FetchResult(url=url, status=None, body=body)
