"""CLI start-up: wall time of `wirewatch --help` and of `wirewatch status` over 1,000 feeds,
each a fresh interpreter (subprocess), median of RUNS runs after one warm-up run.

Targets: `--help` ≤ 0.3 s, `status` ≤ 1 s. The baseline, measured in the same run, is the
interpreter's own floor: `python -c pass`; the ratio says how much wirewatch adds to it.

The status database is a temp SQLite file: FEEDS feeds added through `store.add_feed` (plus
the shipped default feeds the command syncs) and ARTICLES articles spread over them, one in
three summarized by the rules fallback, so the article counts and the fallback line have rows
to read. Measured by this benchmark before and after the CLI imported lazily: `--help` 1.04 s
→ 0.09 s, `status` 1.07 s → 0.63 s (interpreter floor 0.02 s).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from store import FeedSpec, NewArticle, open_store
from summarizer.models import Summary

FEEDS = 1_000
ARTICLES = 300
RUNS = 5
HELP_TARGET = 0.3  # seconds
STATUS_TARGET = 1.0  # seconds
ROOT = Path(__file__).resolve().parent.parent


async def _fill(url: str) -> None:
    store = await open_store(url)
    try:
        ids = []
        for i in range(FEEDS):
            spec = FeedSpec(url=f"https://feed{i}.bench.example/rss", name=f"Bench {i}")
            ids.append((await store.add_feed(spec)).id)
        start = datetime(2024, 1, 1, tzinfo=UTC)
        for i in range(ARTICLES):
            key = f"bench-{i}"
            title = f"Ministers meet on grain corridor, round {i}"
            text = f"{title}. Talks on the grain corridor and port access resumed. " * 20
            summary = Summary(
                id=key,
                title=title,
                summary=text[:300],
                fallback_reason="timeout" if i % 3 == 0 else None,
            )
            await store.add_article(
                NewArticle(
                    feed_id=ids[i * FEEDS // ARTICLES],
                    dedupe_key=key,
                    title=title,
                    url=f"https://bench.example/{key}",
                    published=start + timedelta(minutes=i),
                    author=None,
                    text=text,
                    summary=summary,
                    topics=["energy"],
                )
            )
    finally:
        await store.close()


def _wall(argv: list[str], env: dict[str, str]) -> float:
    """Median wall time of RUNS runs, after one untimed run (bytecode caches, page cache)."""
    subprocess.run(argv, env=env, cwd=ROOT, check=True, capture_output=True)
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        subprocess.run(argv, env=env, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _line(name: str, seconds: float, floor: float, target: float) -> None:
    verdict = "PASS" if seconds <= target else "MISS"
    print(
        f"   {name:<24} {seconds:6.3f} s  {seconds / floor:5.1f}× the floor  "
        f"(target ≤ {target:g} s: {verdict})"
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="wirewatch-bench-") as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'status.db'}"
        t0 = time.perf_counter()
        asyncio.run(_fill(url))
        print(f"   database: {FEEDS} feeds, {ARTICLES} articles ({time.perf_counter() - t0:.1f} s)")
        env = {
            **os.environ,
            "WIREWATCH_DATABASE_URL": url,
            "WIREWATCH_SUMMARIZER_BACKEND": "rules",
        }
        cli = [sys.executable, "-m", "bot.cli"]
        floor = _wall([sys.executable, "-c", "pass"], env)
        print(f"   baseline python -c pass  {floor:6.3f} s")
        _line("wirewatch --help", _wall([*cli, "--help"], env), floor, HELP_TARGET)
        _line(f"wirewatch status ({FEEDS})", _wall([*cli, "status"], env), floor, STATUS_TARGET)
