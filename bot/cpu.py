"""Where the pipeline's CPU work runs: feed parsing, rules summarizing and story vectors.

All three are pure functions over plain data, so with `poll.workers` > 0 they run in a pool of
that many processes and use every core (under the GIL, threads share one); the event loop only
fetches and writes. With 0 (the default) they run in worker threads of this process, which is
lighter for a small instance and needs no start-up. Either way the loop never blocks on them.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


_prepared = False  # threads are this process's: warmed once, whatever the CpuPool


def _warm() -> None:
    """A new worker loads the lexicon and word weights once, before its first article."""
    import summarizer
    from stories import article_vector
    from summarizer.models import Article

    summarizer.summarize(Article(id="warm", title="Warm", text='The minister said: "Yes."'))
    article_vector("warm", "warm")


class CpuPool:
    def __init__(self, workers: int = 0) -> None:
        # spawn, not fork: the parent runs an event loop and threads (aiosqlite, discord.py),
        # which a forked child would inherit half-copied.
        self._pool = (
            ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_warm,
            )
            if workers > 0
            else None
        )
        self.workers = workers

    def prepare(self) -> None:
        """Threads: load the lexicon and word weights in the background, once, while the
        first feeds are being fetched (a short `poll --once` otherwise waited on them before
        its first article). A pool's workers do it in their initializer."""
        global _prepared
        if self._pool is None and not _prepared:
            _prepared = True
            threading.Thread(target=_warm, name="wirewatch-warm", daemon=True).start()

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        if self._pool is None:
            return await asyncio.to_thread(fn, *args, **kwargs)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, partial(fn, *args, **kwargs))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


THREADS = CpuPool(0)  # the default: worker threads, nothing to start or close
