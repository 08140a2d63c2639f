"""A feed farm on 127.0.0.1: N distinct feeds made from the 30 real outlet feeds in
``../shared/corpus/news-feeds/``, served with ETag/Last-Modified and 304s.

Copy k of outlet feed i is the same document with every link and guid made unique to the copy
(``https://host/farmK/…``), so N copies are N feeds of distinct articles, as the issue's measurement had.
``bump(fraction)`` changes that fraction of the feeds: their first entries get new links and
guids (new articles), and their validators change. The server runs in its own process, so it
takes no time from the poller being measured.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "news-feeds"
LAST_MODIFIED = "Mon, 16 Feb 2026 12:00:00 GMT"
NEW_PER_CHANGED_FEED = 5

# Link and guid values of RSS, RDF and Atom: element text and Atom's link href.
_VALUE = re.compile(
    rb"(<(?:link|guid|id)(?:\s[^>]*)?>\s*(?:<!\[CDATA\[)?)([^<\]\s][^<\]]*?)(\s*(?:\]\]>)?\s*</(?:link|guid|id)>)"
    rb"|(<link\b[^>]*?\bhref=\")([^\"]+)(\")"
    rb"|(\brdf:about=\")([^\"]+)(\")",
    re.IGNORECASE,
)
_ENTRY = re.compile(rb"<(?:item|entry)[\s>]", re.IGNORECASE)


def sources() -> list[bytes]:
    return [p.read_bytes() for p in sorted(CORPUS.glob("*.xml"))]


_URL_HOST = re.compile(rb"^(https?://[^/?#]+)", re.IGNORECASE)


def _tag(value: bytes, tag: bytes) -> bytes:
    """A path segment for URLs (valid in text, CDATA and attributes alike), a suffix else."""
    if _URL_HOST.match(value):
        return _URL_HOST.sub(lambda m: m.group(1) + b"/farm" + tag, value, count=1)
    return value + b"-farm" + tag


def make_copy(doc: bytes, copy: int, version: int = 0) -> bytes:
    """Copy `copy` of `doc`; in version v > 0 its first entries are new articles."""
    first_entry = _ENTRY.search(doc)
    entries_from = first_entry.start() if first_entry else len(doc)
    seen_entries = 0
    out: list[bytes] = []
    last = 0
    for m in _VALUE.finditer(doc):
        groups = m.groups()
        head, value, tail = next(
            (groups[i], groups[i + 1], groups[i + 2]) for i in (0, 3, 6) if groups[i] is not None
        )
        if m.start() >= entries_from:
            seen_entries = len(_ENTRY.findall(doc, entries_from, m.start()))
        tag = b"%d" % copy
        if version and 0 < seen_entries <= NEW_PER_CHANGED_FEED:
            tag += b"v%d" % version
        out += [doc[last : m.start()], head, _tag(value, tag), tail]
        last = m.end()
    out.append(doc[last:])
    return b"".join(out)


def _serve(port_out: Connection, control: Connection, n: int) -> None:
    import asyncio

    from aiohttp import web

    docs = sources()
    versions = [0] * n
    cache: dict[tuple[int, int], tuple[bytes, str]] = {}

    def body(i: int) -> tuple[bytes, str]:
        key = (i, versions[i])
        if key not in cache:
            data = make_copy(docs[i % len(docs)], i, versions[i])
            cache[key] = (data, '"' + hashlib.sha1(data).hexdigest()[:16] + '"')
        return cache[key]

    async def feed(request: web.Request) -> web.Response:
        i = int(request.match_info["n"])
        if not 0 <= i < n:
            raise web.HTTPNotFound()
        data, etag = body(i)
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        return web.Response(body=data, headers=headers, content_type="application/xml")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/f/{n}.xml", feed)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        site = web.SockSite(runner, sock)
        await site.start()
        port_out.send(sock.getsockname()[1])
        loop = asyncio.get_running_loop()
        while True:
            msg = await loop.run_in_executor(None, control.recv)
            if msg is None:
                break
            for i in msg:  # feeds to change
                versions[i] += 1
            control.send("ok")
        await runner.cleanup()

    asyncio.run(main())


class Farm:
    def __init__(self, n: int, port: int, control: Connection) -> None:
        self.n = n
        self.port = port
        self._control = control

    def url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.port}/f/{i}.xml"

    def urls(self) -> list[str]:
        return [self.url(i) for i in range(self.n)]

    def bump(self, fraction: float) -> list[int]:
        """Change every 1/fraction-th feed; returns which."""
        step = max(1, round(1 / fraction))
        changed = list(range(0, self.n, step))
        self._control.send(changed)
        self._control.recv()
        return changed


@contextmanager
def farm(n: int) -> Iterator[Farm]:
    ctx = mp.get_context("spawn")
    port_recv, port_send = ctx.Pipe(duplex=False)
    control_here, control_there = ctx.Pipe()
    proc = ctx.Process(target=_serve, args=(port_send, control_there, n), daemon=True)
    proc.start()
    try:
        port = port_recv.recv()
        yield Farm(n, port, control_here)
    finally:
        control_here.send(None)
        proc.join(5)
        if proc.is_alive():
            proc.kill()
