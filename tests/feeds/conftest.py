"""A real HTTP server on 127.0.0.1 serving the feed fixtures, with misbehaving routes."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from aiohttp.typedefs import Handler
from multidict import CIMultiDictProxy

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LAST_MODIFIED = "Wed, 06 Mar 2024 12:00:00 GMT"
BIG_BYTES = 200_000


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:16] + '"'


@dataclass
class FeedServer:
    server: TestServer
    requests: list[tuple[str, CIMultiDictProxy[str]]] = field(default_factory=list)
    streamed: dict[str, int] = field(default_factory=dict)  # route → bytes the server wrote

    def url(self, path: str) -> str:
        return str(self.server.make_url(path))

    def headers_for(self, path: str) -> list[CIMultiDictProxy[str]]:
        return [h for p, h in self.requests if p == path]


def build_app(state: FeedServer, release: asyncio.Event) -> web.Application:
    routes = web.RouteTableDef()

    @web.middleware
    async def record(request: web.Request, handler: Handler) -> web.StreamResponse:
        state.requests.append((request.path, request.headers))
        return await handler(request)

    @routes.get("/feeds/{name}")
    async def feed(request: web.Request) -> web.StreamResponse:
        path = FIXTURES / request.match_info["name"]
        if not path.is_file():
            raise web.HTTPNotFound()
        body = path.read_bytes()
        etag = etag_of(body)
        validators = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        inm = request.headers.get("If-None-Match")
        ims = request.headers.get("If-Modified-Since")
        # RFC 9110: If-None-Match wins over If-Modified-Since when both are sent.
        if (inm is not None and inm == etag) or (inm is None and ims == LAST_MODIFIED):
            return web.Response(status=304, headers=validators)
        ctype = "application/feed+json" if path.suffix == ".json" else "application/rss+xml"
        if path.suffix == ".html":
            ctype = "text/html"
        return web.Response(body=body, headers={**validators, "Content-Type": ctype})

    @routes.get("/status/{code}")
    async def status(request: web.Request) -> web.Response:
        return web.Response(status=int(request.match_info["code"]), text="nope")

    @routes.get("/retry/{code}")
    async def retry(request: web.Request) -> web.Response:
        value = request.query.get("after", "120")
        return web.Response(status=int(request.match_info["code"]), headers={"Retry-After": value})

    @routes.get("/redirect/{code}/{target:.*}")
    async def redirect(request: web.Request) -> web.Response:
        code = int(request.match_info["code"])
        return web.Response(status=code, headers={"Location": "/" + request.match_info["target"]})

    @routes.get("/relative-redirect/deeper")
    async def relative_redirect(request: web.Request) -> web.Response:
        return web.Response(status=302, headers={"Location": "../feeds/rss20.xml"})

    @routes.get("/hops/{n}")
    async def hops(request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        target = f"/hops/{n - 1}" if n > 0 else "/feeds/rss20.xml"
        return web.Response(status=301, headers={"Location": target})

    @routes.get("/loop")
    async def loop(request: web.Request) -> web.Response:
        return web.Response(status=302, headers={"Location": "/loop"})

    @routes.get("/no-location")
    async def no_location(request: web.Request) -> web.Response:
        return web.Response(status=302)

    @routes.get("/to-ftp")
    async def to_ftp(request: web.Request) -> web.Response:
        return web.Response(status=301, headers={"Location": "ftp://127.0.0.1/feed.xml"})

    @routes.get("/slow-headers")
    async def slow_headers(request: web.Request) -> web.Response:
        await asyncio.wait_for(release.wait(), 5)
        return web.Response(text="late")

    @routes.get("/slow-body")
    async def slow_body(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        await resp.prepare(request)
        await resp.write(b"<rss>")
        await asyncio.wait_for(release.wait(), 5)
        return resp

    @routes.get("/big")
    async def big(request: web.Request) -> web.Response:
        return web.Response(body=b"x" * BIG_BYTES)

    @routes.get("/big-chunked")
    async def big_chunked(request: web.Request) -> web.StreamResponse:
        # No Content-Length: only counting while streaming can stop this one.
        resp = web.StreamResponse()
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        state.streamed["/big-chunked"] = 0
        try:
            for _ in range(2000):  # up to 32 MB
                await resp.write(b"y" * 16384)
                state.streamed["/big-chunked"] += 16384
        except (ConnectionError, RuntimeError):
            pass  # the client hung up, as it should
        return resp

    @routes.get("/gzip/{name}")
    async def gzipped(request: web.Request) -> web.Response:
        body = gzip.compress(fixture_bytes(request.match_info["name"]))
        return web.Response(
            body=body, headers={"Content-Encoding": "gzip", "Content-Type": "application/rss+xml"}
        )

    @routes.get("/deflate/{name}")
    async def deflated(request: web.Request) -> web.Response:
        body = zlib.compress(fixture_bytes(request.match_info["name"]))
        return web.Response(body=body, headers={"Content-Encoding": "deflate"})

    @routes.get("/gzip-bomb")
    async def gzip_bomb(request: web.Request) -> web.Response:
        body = gzip.compress(b"\0" * 1_000_000)  # about 1 KB on the wire
        return web.Response(body=body, headers={"Content-Encoding": "gzip"})

    @routes.get("/drip")
    async def drip(request: web.Request) -> web.StreamResponse:
        # One byte a second: every read succeeds quickly, only a total deadline ends it.
        resp = web.StreamResponse()
        await resp.prepare(request)
        state.streamed["/drip"] = 0
        try:
            for byte in b"<rss><channel><title>slow</title></channel></rss>":
                await resp.write(bytes([byte]))
                state.streamed["/drip"] += 1
                await asyncio.sleep(1)
        except (ConnectionError, RuntimeError):
            pass
        return resp

    @routes.get("/gzip-bomb-stream")
    async def gzip_bomb_stream(request: web.Request) -> web.StreamResponse:
        # Up to 1 GB of zeros, compressed on the fly (about 1 MB on the wire in all).
        resp = web.StreamResponse(headers={"Content-Encoding": "gzip"})
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        state.streamed["/gzip-bomb-stream"] = 0
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)
        zeros = b"\0" * 1_000_000
        try:
            for _ in range(1000):
                await resp.write(packer.compress(zeros))
                state.streamed["/gzip-bomb-stream"] += len(zeros)
            await resp.write(packer.flush())
        except (ConnectionError, RuntimeError):
            pass
        return resp

    @routes.get("/redirect-to")
    async def redirect_to(request: web.Request) -> web.Response:
        return web.Response(status=302, headers={"Location": request.query["url"]})

    @routes.get("/ping/{name}")
    async def ping(request: web.Request) -> web.Response:
        return web.Response(text="pong")

    app = web.Application(middlewares=[record])
    app.add_routes(routes)
    return app


@pytest.fixture
async def feed_server() -> AsyncIterator[FeedServer]:
    release = asyncio.Event()
    state = FeedServer(server=None)  # type: ignore[arg-type]
    server = TestServer(build_app(state, release), host="127.0.0.1")
    state.server = server
    await server.start_server()
    try:
        yield state
    finally:
        release.set()  # let parked slow handlers finish so shutdown is quick
        await server.close()
