"""Scale-out: two `wirewatch run --role poller` processes against one, on one PostgreSQL
database and one feed farm (benchmarks/farm.py; needs ../shared/corpus and the PostgreSQL
server at 127.0.0.1:5432, else skipped).

For each poller count, a fresh database: the pollers start with every feed scheduled far
ahead and are timed from the moment the feeds are made due (start-up is not counted) until
- cold: every feed has had its first poll (fetch, parse, summarize, store every article);
- warm: every feed has been polled again (each answers 304).

Targets (issue 13): two pollers finish a cold cycle ≥ 1.6× faster than one, and a warm one
no slower (≥ 1.0×). N feeds: WIREWATCH_BENCH_FEEDS (default 1000).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg

from benchmarks.farm import CORPUS, Farm, farm

REPO = Path(__file__).resolve().parents[1]
WIREWATCH = Path(sys.executable).parent / "wirewatch"
PG = os.environ.get("WIREWATCH_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
COLD_TARGET = 1.6
WARM_TARGET = 1.0
WAIT_S = 1800  # a cycle this long means something is broken, not slow


async def _sql(dsn: str, sql: str, *args: object) -> object:
    conn = await asyncpg.connect(dsn, timeout=10)
    try:
        return await conn.fetchval(sql, *args)
    finally:
        await conn.close()


def _env(tmp: Path, urls: list[str], url: str) -> dict[str, str]:
    feeds = "".join(f'[[feed]]\nname = "Farm {i}"\nurl = "{u}"\n\n' for i, u in enumerate(urls))
    (tmp / "feeds.toml").write_text(feeds)
    (tmp / "wirewatch.toml").write_text(
        f'feeds_file = "feeds.toml"\ntopics_file = "{REPO / "config" / "topics.toml"}"\n'
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIREWATCH_")}
    env.pop("DISCORD_TOKEN", None)
    return env | {
        "WIREWATCH_CONFIG": str(tmp / "wirewatch.toml"),
        "WIREWATCH_DATABASE_URL": url,
        "WIREWATCH_POLL_INTERVAL_MINUTES": "600",  # one cycle at a time, made due below
        "WIREWATCH_POLL_CHECK_SECONDS": "0.2",
    }


async def _until(dsn: str, sql: str, want: int, procs: list[asyncio.subprocess.Process]) -> None:
    deadline = time.monotonic() + WAIT_S
    while int(await _sql(dsn, sql)) < want:  # type: ignore[call-overload]
        if any(p.returncode is not None for p in procs) or time.monotonic() > deadline:
            raise RuntimeError("a poller exited or the cycle never ended")
        await asyncio.sleep(0.05)


async def _cycles(f: Farm, pollers: int, tmp: Path) -> tuple[float, float]:
    """(cold, warm) seconds of `pollers` processes on a fresh database."""
    name = f"wirewatch_bench_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    await _sql(f"{PG}/postgres", f'CREATE DATABASE "{name}"')
    dsn = f"{PG}/{name}"
    env = _env(tmp, f.urls(), dsn.replace("postgresql://", "postgresql+asyncpg://", 1))
    procs: list[asyncio.subprocess.Process] = []
    try:
        from store import open_store  # migrate and sync once, before the pollers start

        store = await open_store(env["WIREWATCH_DATABASE_URL"])
        await store.close()
        await _sql(dsn, "UPDATE feeds SET next_poll_at = now() + interval '1 year'")
        log = (tmp / f"pollers{pollers}.log").open("wb")
        procs = [
            await asyncio.create_subprocess_exec(
                str(WIREWATCH), "run", "--role", "poller", env=env, cwd=tmp, stdout=log, stderr=log
            )
            for _ in range(pollers)
        ]
        await _until(dsn, "SELECT count(*) FROM processes", pollers, procs)  # all started
        t0 = time.perf_counter()
        await _sql(dsn, "UPDATE feeds SET next_poll_at = NULL")
        await _until(dsn, "SELECT count(*) FROM feeds WHERE initialized", f.n, procs)
        cold = time.perf_counter() - t0
        t1 = time.perf_counter()
        since = await _sql(dsn, "SELECT now()")
        await _sql(dsn, "UPDATE feeds SET next_poll_at = now()")
        polled = f"SELECT count(*) FROM feeds WHERE last_polled_at >= '{since}'"
        await _until(dsn, polled, f.n, procs)
        return cold, time.perf_counter() - t1
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            await asyncio.wait_for(p.wait(), 60)
        await _sql(f"{PG}/postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _line(name: str, one: float, two: float, target: float) -> None:
    speedup = one / two
    verdict = "PASS" if speedup >= target else "MISS"
    print(
        f"   {name:<5} one poller {one:7.2f} s  two pollers {two:7.2f} s  {speedup:5.2f}× "
        f"(target ≥ {target:g}×: {verdict})"
    )


def unavailable() -> str | None:
    """Why the scale-out benchmarks cannot run here (no corpus, no PostgreSQL), or None."""
    if not CORPUS.is_dir():
        return f"{CORPUS} not found"
    try:
        asyncio.run(_sql(f"{PG}/postgres", "SELECT 1"))
    except (OSError, asyncpg.PostgresError) as e:
        return f"PostgreSQL not reachable ({e})"
    return None


def main() -> None:
    if why := unavailable():
        print(f"   skipped: {why}")
        return
    n = int(os.environ.get("WIREWATCH_BENCH_FEEDS", "1000"))
    with farm(n) as f, tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        one = asyncio.run(_cycles(f, 1, tmp))
        two = asyncio.run(_cycles(f, 2, tmp))
    print(f"   {n} feeds")
    _line("cold", one[0], two[0], COLD_TARGET)
    _line("warm", one[1], two[1], WARM_TARGET)


if __name__ == "__main__":
    main()
