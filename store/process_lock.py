"""One long-running process per SQLite file: a second `wirewatch run` is refused, clearly.

SQLite has no way for two services to share the work (no row leases, no notifications), and two
pollers on one file would poll every feed twice. The lock is an exclusive ``flock`` on a file
beside the database: the kernel drops it when the holder exits, kill -9 included, so a crash
never leaves a stale lock behind. PostgreSQL needs none: its processes coordinate in the
database itself (feed leases, see FeedOps.claim_due_feeds).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from store.base import StoreUnavailable
from store.dialects import async_url


class AlreadyRunning(StoreUnavailable):
    """Another process holds the SQLite database."""


def lock_path(url: str) -> Path | None:
    """The lock file of a SQLite file URL; None for PostgreSQL and in-memory databases."""
    parsed = async_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    if database.startswith("file:"):
        return None
    return Path(database).expanduser().with_name(Path(database).name + ".lock")


@contextmanager
def single_process(url: str) -> Iterator[None]:
    """Hold the database for this process while the block runs; raises AlreadyRunning."""
    path = lock_path(url)
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            raise AlreadyRunning(
                f"another wirewatch process (pid {holder}) is running on the SQLite database"
                f" {path.with_suffix('')}: SQLite serves one process; stop it, or use"
                " PostgreSQL to run several (README: Scaling out)"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock
