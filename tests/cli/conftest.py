"""A threaded HTTP server on 127.0.0.1 (the CLI runs its own event loop) and a temp config."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.pipeline.conftest import STORY, rss

PAGES: dict[str, tuple[str, bytes]] = {
    "/feed.xml": (
        "application/rss+xml",
        rss("Loopback Wire", [("l1", "Ceasefire talks resume in Geneva", STORY)]),
    ),
    "/page.html": (
        "text/html",
        b'<html><head><title>Loopback Wire</title><link rel="alternate" '
        b'type="application/rss+xml" href="/feed.xml"></head><body>News</body></html>',
    ),
    "/plain.html": ("text/html", b"<html><body>No feed here.</body></html>"),
}
# Permanent redirects: path -> where it moved.
MOVED = {"/old.xml": "/feed.xml"}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path in MOVED:
            self.send_response(301)
            self.send_header("Location", MOVED[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path not in PAGES:
            self.send_error(404)
            return
        ctype, body = PAGES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture
def http_base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A settings file with one default feed (a local sample) and a fresh database."""
    repo = Path(__file__).resolve().parents[2]
    (tmp_path / "feeds.toml").write_text(
        '[[feed]]\nname = "Sample default"\n'
        f'url = "{repo / "samples" / "feeds" / "harbor_dispatch.xml"}"\ntopics = ["world"]\n'
    )
    cfg = tmp_path / "wirewatch.toml"
    cfg.write_text(
        'feeds_file = "feeds.toml"\n'
        f'topics_file = "{repo / "config" / "topics.toml"}"\n'
        f'[database]\nurl = "sqlite+aiosqlite:///{tmp_path / "w.db"}"\n'
        "[fetch]\ntimeout_seconds = 5\n"
    )
    return cfg
