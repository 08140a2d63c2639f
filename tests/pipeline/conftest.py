"""A real feed server on 127.0.0.1 and a real SQLite store for pipeline tests."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.settings import Settings, load_settings
from store import open_store
from store.base import Store


def rss(title: str, items: list[tuple[str, str, str]]) -> bytes:
    """A small RSS 2.0 document; items are (guid, title, body)."""
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    parts = []
    for i, (guid, t, body) in enumerate(items):
        when = format_datetime(now - timedelta(hours=i))
        parts.append(
            f"<item><title>{t}</title><link>https://example.com/{guid}?utm_source=rss</link>"
            f'<guid isPermaLink="false">{guid}</guid><pubDate>{when}</pubDate>'
            f"<description><![CDATA[{body}]]></description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://example.com/</link>{''.join(parts)}</channel></rss>"
    ).encode()


STORY = (
    "<p>Foreign Minister Amara Okonkwo said on Tuesday that talks with Russia would resume. "
    "&#8220;We are ready to sign a ceasefire within days,&#8221; Okonkwo told reporters in Geneva.</p>"
)


@dataclass
class FeedServer:
    """Serves `docs[path]` with strong ETags and 304s; `status[path]` forces an error code."""

    docs: dict[str, bytes] = field(default_factory=dict)
    status: dict[str, int] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)  # Content-Type by path (default RSS)
    hits: list[tuple[str, str | None]] = field(default_factory=list)  # (path, If-None-Match)
    base: str = ""

    async def handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self.hits.append((path, request.headers.get("If-None-Match")))
        if path in self.status:
            return web.Response(status=self.status[path], text="nope")
        if path not in self.docs:
            return web.Response(status=404, text="not found")
        body = self.docs[path]
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        kind = self.types.get(path, "application/rss+xml")
        return web.Response(body=body, headers={"ETag": etag, "Content-Type": kind})

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
async def feed_server() -> AsyncIterator[FeedServer]:
    fs = FeedServer()
    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", fs.handle)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    fs.base = str(server.make_url("")).rstrip("/")
    yield fs
    await server.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text("")
    cfg = tmp_path / "wirewatch.toml"
    cfg.write_text(
        'feeds_file = "feeds.toml"\n'
        f'topics_file = "{Path(__file__).resolve().parents[2] / "config" / "topics.toml"}"\n'
        "[fetch]\ntimeout_seconds = 2\n"
    )
    return load_settings(
        cfg, env={"WIREWATCH_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'w.db'}"}
    )


@pytest.fixture
async def store(settings: Settings) -> AsyncIterator[Store]:
    s = await open_store(settings.database.url)
    yield s
    await s.close()
