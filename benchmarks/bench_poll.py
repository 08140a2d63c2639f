"""Polling at scale: `wirewatch poll --once` over a feed farm against the loop a newcomer would
write, on the same feeds in the same run (benchmarks/farm.py; needs ../shared/corpus).

Cycles, each a whole `wirewatch poll --once` process on a SQLite file:
- cold: first poll of every feed (fetch, parse, summarize, store every article), against a
  plain ``for url in urls: feedparser.parse(url)`` loop;
- warm: every feed answers 304, against feedparser's own etag/modified loop;
- mixed: a tenth of the feeds changed (5 new articles each): new articles stored per second;
- in-run warm: inside one long-lived process (what `wirewatch run` does every cycle), the
  pipeline's second warm `poll_due` over every feed, start-up and first cycle excluded.

Targets (issue 11): cold ≤ 1.0×, warm ≤ 1.0× their baselines; mixed ≥ 500 articles/s;
in-run warm ≤ 0.3 s at 1,000 feeds (scaled to N feeds: 0.3 s × N / 1000); the
poller's peak resident memory ≤ 300 MB (its child processes' maxrss, read after each cycle).
N feeds: WIREWATCH_BENCH_FEEDS (default 1000).
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import feedparser

from benchmarks.farm import CORPUS, Farm, farm

REPO = Path(__file__).resolve().parents[1]
WIREWATCH = Path(sys.executable).parent / "wirewatch"
COLD_TARGET = WARM_TARGET = 1.0
MIXED_TARGET = 500.0
MEMORY_TARGET_MB = 300
# poll.workers for the runs (bot/cpu.py): parsing and summarizing in that many processes.
WORKERS = int(os.environ.get("WIREWATCH_BENCH_WORKERS", str(os.cpu_count() or 1)))


def _config(tmp: Path, urls: list[str]) -> dict[str, str]:
    feeds = "".join(f'[[feed]]\nname = "Farm {i}"\nurl = "{u}"\n\n' for i, u in enumerate(urls))
    (tmp / "feeds.toml").write_text(feeds)
    (tmp / "wirewatch.toml").write_text(
        'feeds_file = "feeds.toml"\n'
        f'topics_file = "{REPO / "config" / "topics.toml"}"\n'
        f'[database]\nurl = "sqlite+aiosqlite:///{tmp / "bench.db"}"\n'
        f"[poll]\nworkers = {WORKERS}\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIREWATCH_")}
    env["WIREWATCH_CONFIG"] = str(tmp / "wirewatch.toml")
    return env


def _poll(env: dict[str, str], cwd: Path) -> tuple[float, int]:
    """Wall time of one `poll --once` process, and the new articles it reports. Each runs
    alone, so RUSAGE_CHILDREN's maxrss afterwards is the largest poller's peak so far."""
    started = time.perf_counter()
    out = subprocess.run(
        [str(WIREWATCH), "poll", "--once"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    elapsed = time.perf_counter() - started
    found = re.search(r"(\d+) new articles", out)
    return elapsed, int(found.group(1)) if found else 0


def _in_run_warm(env: dict[str, str]) -> float:
    """The second of two warm cycles of one in-process pipeline, as `wirewatch run` polls."""
    import asyncio

    from bot.commands._common import configured_store
    from bot.cpu import CpuPool
    from bot.pipeline import Pipeline
    from bot.settings import load_settings
    from bot.summarizing import build_summarizer

    settings = load_settings(Path(env["WIREWATCH_CONFIG"]), env)

    async def cycles() -> float:
        cpu = CpuPool(settings.poll.workers)
        try:
            async with configured_store(settings) as store:
                pipeline = Pipeline(
                    store, settings, build_summarizer(settings, store, cpu=cpu), cpu
                )
                await pipeline.poll_due(force=True)
                started = time.perf_counter()
                report = await pipeline.poll_due(force=True)
                elapsed = time.perf_counter() - started
                assert report.new == 0, "the in-run warm cycle found new articles"
                return elapsed
        finally:
            cpu.close()

    return asyncio.run(cycles())


def _feedparser_loop(f: Farm, state: dict[str, tuple[str | None, str | None]]) -> float:
    """The newcomer's loop; with `state` filled, it sends the validators feedparser kept."""
    started = time.perf_counter()
    for url in f.urls():
        etag, modified = state.get(url, (None, None))
        d = feedparser.parse(url, etag=etag, modified=modified, agent="bench")
        state[url] = (d.get("etag"), d.get("modified"))
    return time.perf_counter() - started


def _line(name: str, ours: float, base: float, target: float) -> None:
    ratio = ours / base
    verdict = "PASS" if ratio <= target else "MISS"
    print(
        f"   {name:<6} wirewatch {ours:7.2f} s  baseline {base:7.2f} s  {ratio:5.2f}×  "
        f"(target ≤ {target:g}×: {verdict})"
    )


def main() -> None:
    if not CORPUS.is_dir():
        print(f"   skipped: {CORPUS} not found")
        return
    n = int(os.environ.get("WIREWATCH_BENCH_FEEDS", "1000"))
    with farm(n) as f, tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = _config(tmp, f.urls())
        validators: dict[str, tuple[str | None, str | None]] = {}
        base_cold = _feedparser_loop(f, validators)
        base_warm = _feedparser_loop(f, validators)
        cold, stored = _poll(env, tmp)
        warm, _ = _poll(env, tmp)
        changed = f.bump(0.1)
        mixed, new = _poll(env, tmp)
        print(f"   {n} feeds, poll.workers = {WORKERS}; cold cycle stored {stored} articles")
        _line("cold", cold, base_cold, COLD_TARGET)
        _line("warm", warm, base_warm, WARM_TARGET)
        rate = new / mixed if mixed else 0.0
        verdict = "PASS" if rate >= MIXED_TARGET else "MISS"
        print(
            f"   mixed  {len(changed)} feeds changed: {new} new articles in {mixed:.2f} s = "
            f"{rate:.0f}/s (target ≥ {MIXED_TARGET:g}/s: {verdict})"
        )
        in_run = _in_run_warm(env)
        in_run_target = 0.3 * n / 1000
        verdict = "PASS" if in_run <= in_run_target else "MISS"
        print(
            f"   in-run warm cycle (one process, second warm cycle): {in_run:.3f} s "
            f"(target ≤ {in_run_target:.3f} s for {n} feeds: {verdict})"
        )
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        mem_verdict = "PASS" if peak_mb <= MEMORY_TARGET_MB else "MISS"
        print(
            f"   memory peak resident of a poll process {peak_mb:.0f} MB "
            f"(target ≤ {MEMORY_TARGET_MB} MB: {mem_verdict})"
        )
