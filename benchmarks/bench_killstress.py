"""Kill stress (issue 13): three `wirewatch run --role poller` processes on one PostgreSQL
database and a feed farm (benchmarks/farm.py), one of them killed with kill -9 at a random
moment of the cold cycle, in each of several runs on a fresh database (needs ../shared/corpus
and the PostgreSQL server at 127.0.0.1:5432, else skipped).

A first run without a kill times the cold cycle; each run then kills a random poller a random
time into it (uniform over most of that cycle's length; a seeded RNG, the seed printed) and
waits until every feed has had its first poll. A run whose cycle ended before its moment came
is run again, its cycle taken as the length to draw from. Per run:
- polled: every feed was polled (each has a completed first poll);
- lost: the articles stored are as many as the distinct entries the farm serves (read from
  the farm and parsed with the pollers' own parser, counted as the store dedupes: one article
  per dedupe key or canonical URL);
- twice: no article stored twice (no dedupe key or URL on two rows);
- hand-over: the dead poller's leases (on the feeds it held at the kill) lapsed within the
  lease time, and those feeds were polled again at most lease + check interval + slack after
  the kill (the others had no lease to lapse). A survivor claims them once one of its workers
  is free, all in one batch (twice its concurrency), and works through that batch with its own
  workers after the feeds in hand: so they come back a feed poll or two after the lapse, later
  on a loaded machine, whose polls take longer (the run's longest is printed).

Target: every run passes all four. Runs: WIREWATCH_BENCH_KILL_RUNS (default 20); feeds:
WIREWATCH_BENCH_KILL_FEEDS (default 32); seed: WIREWATCH_BENCH_KILL_SEED (default: drawn);
slack: WIREWATCH_BENCH_KILL_SLACK (seconds, default 3).
"""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import signal
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import asyncpg

from benchmarks.bench_scaleout import PG, WIREWATCH, _env, _sql, _until, unavailable
from benchmarks.farm import Farm, farm

POLLERS = 3
LEASE_S = 3.0  # short, so a run waits little for the dead poller's leases to lapse
CHECK_S = 0.5
CONCURRENCY = 2  # batches of 4 claimed at a time: claims go on through the cycle
KILL_WINDOW = 0.9  # of the shortest cycle seen: a run's cycle varies by some percent
DONE = "SELECT count(*) FROM feeds WHERE initialized"  # feeds past their first poll


@dataclass
class Run:
    victim: int  # which poller was killed (-1: none)
    kill_after: float  # seconds into the cold cycle
    killed_at: datetime | None = None
    done_at_kill: int = 0  # feeds polled by then
    held: list[int] = field(default_factory=list)  # feeds the victim held leases on
    half: int = 0  # of those, feeds it had stored some articles of (killed mid-feed)
    lapse_s: float = 0.0  # the last of its leases lapsed this long after the kill
    late_s: float = 0.0  # the worst first poll of a held feed after the kill (0: none held)
    polled: int = 0  # feeds whose first poll completed without error
    stored: int = 0  # articles
    twice: int = 0  # rows beyond the first of a dedupe key or URL
    longest_s: float = 0.0  # the longest poll of one feed (first request to last article stored)

    def intact(self, n: int, expected: int) -> bool:
        """Every feed polled, every article stored, none twice."""
        return self.polled == n and self.stored == expected and not self.twice

    def handed_over(self, bound: float) -> bool:
        """Its leases lapsed within the lease time and its feeds were polled again by `bound`
        seconds after the kill."""
        return self.lapse_s <= LEASE_S and self.late_s <= bound


def expected_articles(f: Farm) -> int:
    """Distinct articles among the farm's entries as the store counts them: entries sharing
    a dedupe key or a canonical URL are one article (a union of the two). Read from the farm
    itself, which also has every document built before the first run is timed."""
    from bot.settings import PollSettings
    from feeds.parse import parse_feed

    limits = PollSettings().parse_limits()
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for url in f.urls():
        with urllib.request.urlopen(url, timeout=30) as answer:
            body = answer.read()
        parsed = parse_feed(body, url, content_type="application/xml", limits=limits)
        for e in parsed.entries:
            key = root(f"k:{e.dedupe_key}")
            if e.url:
                parent[key] = root(f"u:{e.url}")
    return len({root(x) for x in parent})


async def _run(
    f: Farm, tmp: Path, rng: random.Random | None, cycle_s: float
) -> tuple[float, Run | None]:
    """One run on a fresh database: (cold cycle seconds, what was seen). Without `rng`, no
    kill (the calibration run); None: the cycle was over before the moment drawn."""
    name = f"wirewatch_bench_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    await _sql(f"{PG}/postgres", f'CREATE DATABASE "{name}"')
    dsn = f"{PG}/{name}"
    env = _env(tmp, f.urls(), dsn.replace("postgresql://", "postgresql+asyncpg://", 1)) | {
        "WIREWATCH_POLL_CHECK_SECONDS": str(CHECK_S),
        "WIREWATCH_POLL_LEASE_SECONDS": str(LEASE_S),
        "WIREWATCH_POLL_CONCURRENCY": str(CONCURRENCY),
    }
    procs: list[asyncio.subprocess.Process] = []
    log = (tmp / "pollers.log").open("ab")  # the pollers' output, for a run gone wrong
    try:
        from store import open_store
        from store.base import FeedSpec

        # Migrated and the feeds in place before the pollers start, scheduled far ahead, so
        # the cycle starts for all three at once below.
        store = await open_store(env["WIREWATCH_DATABASE_URL"])
        try:
            await store.sync_default_feeds(
                [FeedSpec(u, f"Farm {i}", []) for i, u in enumerate(f.urls())]
            )
        finally:
            await store.close()
        await _sql(dsn, "UPDATE feeds SET next_poll_at = now() + interval '1 year'")
        procs = [
            await asyncio.create_subprocess_exec(
                str(WIREWATCH), "run", "--role", "poller", env=env, cwd=tmp, stdout=log, stderr=log
            )
            for _ in range(POLLERS)
        ]
        await _until(dsn, "SELECT count(*) FROM processes", POLLERS, procs)
        await _sql(dsn, "UPDATE feeds SET next_poll_at = NULL")
        t0 = time.perf_counter()
        run = Run(victim=-1, kill_after=0.0)
        if rng is not None:
            run.victim = rng.randrange(POLLERS)
            run.kill_after = rng.uniform(0, KILL_WINDOW * cycle_s)
            await asyncio.sleep(max(0.0, t0 + run.kill_after - time.perf_counter()))
            run.done_at_kill = int(await _sql(dsn, DONE))  # type: ignore[call-overload]
            if run.done_at_kill == f.n:  # this cycle ran faster: the moment is not within it
                return time.perf_counter() - t0, None
            await _kill(dsn, procs[run.victim], run)
        await _until(dsn, DONE, f.n, [p for p in procs if p.returncode is None])
        cold = time.perf_counter() - t0
        await _check(dsn, run)
        return cold, run
    finally:
        for p in procs:
            if p.returncode is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            await asyncio.wait_for(p.wait(), 60)
        log.close()
        await _sql(f"{PG}/postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _kill(dsn: str, victim: asyncio.subprocess.Process, run: Run) -> None:
    """kill -9 `victim`; what it held then goes into `run`."""
    victim.kill()
    run.killed_at = datetime.now(UTC)
    await victim.wait()
    # Its leases as the kill left them: nothing renews or releases them now.
    leases = await _fetch(
        dsn, "SELECT id, lease_expires_at FROM feeds WHERE lease_owner LIKE $1", f"%:{victim.pid}:%"
    )
    run.held = [int(r["id"]) for r in leases]
    if leases:
        run.lapse_s = (max(r["lease_expires_at"] for r in leases) - run.killed_at).total_seconds()
    run.half = int(
        await _sql(  # type: ignore[call-overload]
            dsn,
            "SELECT count(DISTINCT feed_id) FROM article_feeds WHERE feed_id = ANY($1)",
            run.held,
        )
    )


async def _check(dsn: str, run: Run) -> None:
    """Once every feed has been polled: what the cycle left in the database, into `run`."""
    if run.held:
        run.late_s = float(
            await _sql(  # type: ignore[arg-type]
                dsn,
                "SELECT extract(epoch FROM max(last_polled_at) - $2) FROM feeds WHERE id = ANY($1)",
                run.held,
                run.killed_at,
            )
        )
    run.polled = int(await _sql(dsn, DONE + " AND last_error IS NULL"))  # type: ignore[call-overload]
    run.stored = int(await _sql(dsn, "SELECT count(*) FROM articles"))  # type: ignore[call-overload]
    run.twice = int(
        await _sql(  # type: ignore[call-overload]
            dsn,
            "SELECT (count(*) - count(DISTINCT dedupe_key))"
            " + (count(url) - count(DISTINCT url)) FROM articles",
        )
    )
    # How long a survivor's worker can be busy with a feed it holds before it is free to take
    # one of the dead poller's: it grows with the machine's load.
    run.longest_s = float(
        await _sql(  # type: ignore[arg-type]
            dsn,
            "SELECT extract(epoch FROM max(took)) FROM (SELECT max(a.stored_at) - f.last_polled_at"
            " AS took FROM feeds f JOIN article_feeds l ON l.feed_id = f.id"
            " JOIN articles a ON a.id = l.article_id GROUP BY f.id) AS polls",
        )
    )


async def _fetch(dsn: str, sql: str, *args: object) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(dsn, timeout=10)
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


def main() -> None:
    if why := unavailable():
        print(f"   skipped: {why}")
        return
    runs = int(os.environ.get("WIREWATCH_BENCH_KILL_RUNS", "20"))
    n = int(os.environ.get("WIREWATCH_BENCH_KILL_FEEDS", "32"))
    seed = int(os.environ.get("WIREWATCH_BENCH_KILL_SEED") or secrets.randbelow(10**6))
    bound = LEASE_S + CHECK_S + float(os.environ.get("WIREWATCH_BENCH_KILL_SLACK", "3"))
    rng = random.Random(seed)
    with farm(n) as f, tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        expected = expected_articles(f)
        cycle, calm = asyncio.run(_run(f, tmp, None, 0.0))
        assert calm is not None
        print(
            f"   {n} feeds, {expected} distinct articles served, {POLLERS} pollers, lease"
            f" {LEASE_S:g} s, check {CHECK_S:g} s, seed {seed}"
        )
        print(
            f"   no kill: cold cycle {cycle:.1f} s, polled {calm.polled}/{n}, stored"
            f" {calm.stored}/{expected}, twice {calm.twice}, longest feed poll"
            f" {calm.longest_s:.1f} s: {'PASS' if calm.intact(n, expected) else 'FAIL'}"
        )
        done: list[Run] = []
        for _ in range(2 * runs):  # a moment past a run's (faster) cycle is drawn again
            if len(done) == runs:
                break
            took, r = asyncio.run(_run(f, tmp, rng, cycle))
            if r is None:
                print(f"   (cycle over in {took:.2f} s, before the moment drawn: run again)")
                cycle = min(cycle, took)  # the moments are drawn within the shortest seen
                continue
            done.append(r)
            print(
                f"   run {len(done):2}: kill -9 poller {r.victim} at {r.kill_after:5.2f} s"
                f" ({r.done_at_kill:2}/{n} feeds done, {len(r.held)} leased to it, {r.half}"
                f" half-stored): leases lapsed +{r.lapse_s:4.2f} s, re-polled +{r.late_s:.2f} s"
                f" ({'in time' if r.handed_over(bound) else 'LATE'}, longest feed poll"
                f" {r.longest_s:.1f} s); polled {r.polled}/{n}, stored {r.stored}/{expected},"
                f" twice {r.twice}: {'PASS' if r.intact(n, expected) else 'FAIL'}"
            )
    intact = sum(r.intact(n, expected) for r in done)
    in_time = sum(r.handed_over(bound) for r in done)
    ok = len(done) == runs == intact == in_time and calm.intact(n, expected)
    print(
        f"   {runs} kills: all polled, none lost, none twice in {intact}/{runs};"
        f" leases lapsed ≤ +{max(r.lapse_s for r in done):.2f} s (lease {LEASE_S:g} s),"
        f" re-polled within lease + check + slack ({bound:g} s) in {in_time}/{runs}, worst"
        f" +{max(r.late_s for r in done):.2f} s: {'PASS' if ok else 'FAIL'}"
    )


if __name__ == "__main__":
    main()
