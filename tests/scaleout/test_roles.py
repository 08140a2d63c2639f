"""`wirewatch run --role`: a poller needs no Discord token, and SQLite serves one process.

Real processes on a SQLite file and loopback feeds: a second process on the same file is
refused with a message naming the first, and the lock goes with its holder, kill -9 included.
"""

from __future__ import annotations

import signal
from pathlib import Path

from tests.live import Feeds, Service, Stories, clean_env


def _env(feeds: Feeds, tmp_path: Path, url: str) -> dict[str, str]:
    return clean_env() | {
        "WIREWATCH_CONFIG": str(feeds.write_config(tmp_path)),
        "WIREWATCH_DATABASE_URL": url,
        "WIREWATCH_POLL_INTERVAL_MINUTES": "0.01",
    }


async def test_sqlite_refuses_a_second_process_until_the_first_is_gone(
    feeds: Feeds, tmp_path: Path
) -> None:
    stories = Stories()
    feeds.items = {n: [stories.make(f"f{n}", feeds.base)] for n in range(2)}
    db = tmp_path / "one.db"
    env = _env(feeds, tmp_path, f"sqlite:///{db}")
    first = Service(env, tmp_path, ("run", "--role", "poller"), name="first")
    second = Service(env, tmp_path, ("run", "--role", "all"), name="second")
    third = Service(env, tmp_path, ("run", "--role", "poller"), name="third")
    try:
        await first.start()
        await first.until("the first poll", lambda: sum(feeds.hits.values()) >= 1)

        env["DISCORD_TOKEN"] = "unused: refused before it connects"
        await second.start()
        assert second.proc is not None and first.proc is not None
        assert await second.proc.wait() == 2
        assert (
            f"another wirewatch process (pid {first.proc.pid}) is running on the SQLite"
            f" database {db}" in second.tail()
        )
        assert first.proc.returncode is None  # the first goes on as if nothing happened

        assert await first.stop(signal.SIGKILL) == -signal.SIGKILL
        polled = sum(feeds.hits.values())
        await third.start()  # the kernel dropped the dead process's lock
        assert third.proc is not None
        pid = f"{third.proc.pid}\n"
        await third.until("the lock taken", lambda: (tmp_path / "one.db.lock").read_text() == pid)
        await third.until("a poll", lambda: sum(feeds.hits.values()) > polled)
        assert await third.stop(signal.SIGTERM) == 0, third.tail()
    finally:
        for service in (first, second, third):
            service.kill()


async def test_a_bot_role_without_a_token_is_refused(feeds: Feeds, tmp_path: Path) -> None:
    bot = Service(
        _env(feeds, tmp_path, f"sqlite:///{tmp_path / 'w.db'}"), tmp_path, ("run", "--role", "bot")
    )
    await bot.start()
    assert bot.proc is not None
    assert await bot.proc.wait() == 2
    assert "DISCORD_TOKEN is not set" in bot.tail()
