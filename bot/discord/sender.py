"""The one delivery worker for channel posts: a queue drained in order, rate-limit aware.

discord.py's HTTP client already waits out 429s (honouring retry_after) and retries; this worker
keeps posts serial so a big digest never races another, and classifies failures as permanent
(missing permission, deleted channel: the subscription gets paused), transient (retry later), or
a rejected message (Discord refuses that one message, e.g. an embed it calls invalid: retrying
would fail the same way forever, so it is skipped and the rest of the post goes on).

Closing the queue answers every post still waiting (queued or in flight) with a transient
"shutting down" failure carrying the ids already posted, so no caller hangs and a digest cut
short by a shutdown is saved as progress and finished after the restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

import aiohttp
import discord

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outgoing:
    channel_id: int
    messages: list[list[discord.Embed]]
    content: str | None = None  # text above the first message


# Stands in `Delivered.message_ids` for a message Discord rejected: the list keeps one entry
# per message handled, so a caller resuming a post counts a rejected message as done. No
# Discord snowflake is 0.
REJECTED = 0
# 4xx statuses that are not about the message itself: a bad token (401), a timeout (408) and
# a rate limit that outlasted discord.py's retries (429) are retried later; 403 and 404 are
# about the channel and pause the subscription.
_NOT_A_REJECTION = {401, 403, 404, 408, 429}


@dataclass(frozen=True)
class Delivered:
    # One entry per message handled, in order: its id, or REJECTED.
    message_ids: list[int] = field(default_factory=list)
    error: str | None = None
    permanent: bool = False  # retrying won't help until someone fixes the channel

    @property
    def ok(self) -> bool:
        return self.error is None


SHUTTING_DOWN = "shutting down"


class SendQueue:
    def __init__(self, client: discord.Client) -> None:
        self._client = client
        self._queue: asyncio.Queue[tuple[Outgoing, asyncio.Future[Delivered]]] = asyncio.Queue()
        self._worker: asyncio.Task[None] | None = None
        self._closed = False
        # The post being delivered and the ids of its messages posted so far: on close, its
        # caller learns exactly which parts went out.
        self._current: tuple[asyncio.Future[Delivered], list[int]] | None = None

    def start(self) -> None:
        if self._worker is None and not self._closed:
            self._worker = asyncio.create_task(self._run(), name="wirewatch-send-queue")

    async def close(self) -> None:
        """Stop delivering; every post still waiting gets a transient "shutting down" result."""
        self._closed = True
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
            self._worker = None
        if self._current is not None:
            fut, ids = self._current
            self._current = None
            if not fut.done():
                fut.set_result(Delivered(list(ids), SHUTTING_DOWN))
        while not self._queue.empty():
            _, fut = self._queue.get_nowait()
            if not fut.done():
                fut.set_result(Delivered(error=SHUTTING_DOWN))

    async def send(self, out: Outgoing) -> Delivered:
        if self._closed:  # a late caller must not restart the worker nor wait for nothing
            return Delivered(error=SHUTTING_DOWN)
        fut: asyncio.Future[Delivered] = asyncio.get_running_loop().create_future()
        await self._queue.put((out, fut))
        self.start()
        return await fut

    async def _run(self) -> None:
        while True:
            out, fut = await self._queue.get()
            ids: list[int] = []
            self._current = (fut, ids)
            try:
                result = await self._deliver(out, ids)
            except Exception as e:  # never let one post kill the worker
                log.exception("delivery to channel %s failed", out.channel_id)
                result = Delivered(list(ids), f"unexpected error: {type(e).__name__}")
            self._current = None
            if not fut.done():
                fut.set_result(result)

    async def _deliver(self, out: Outgoing, ids: list[int]) -> Delivered:
        """Post each message in turn, appending its id to `ids` as soon as it is posted."""
        channel = self._client.get_partial_messageable(out.channel_id)
        none = discord.AllowedMentions.none()
        for i, embeds in enumerate(out.messages or [[]]):
            content = out.content if i == 0 else None
            try:
                msg = await channel.send(content=content, embeds=embeds, allowed_mentions=none)
            except discord.Forbidden:
                return Delivered(
                    list(ids), "missing permission to post in the channel", permanent=True
                )
            except discord.NotFound:
                return Delivered(list(ids), "the channel no longer exists", permanent=True)
            except discord.HTTPException as e:
                if 400 <= e.status < 500 and e.status not in _NOT_A_REJECTION:
                    log.warning(
                        "Discord rejected message %d of a post to channel %s (%s %s); skipped",
                        i + 1,
                        out.channel_id,
                        e.status,
                        e.text,
                    )
                    ids.append(REJECTED)
                    continue
                return Delivered(list(ids), f"Discord error {e.status}")
            except (TimeoutError, OSError, aiohttp.ClientError) as e:
                # A dropped connection (not every aiohttp error is an OSError) is transient too;
                # returning the ids posted so far lets the caller resume after them.
                return Delivered(list(ids), f"network error: {type(e).__name__}")
            ids.append(msg.id)
        return Delivered(list(ids))
