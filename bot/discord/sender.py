"""The one delivery worker for channel posts: a queue drained in order, rate-limit aware.

discord.py's HTTP client already waits out 429s (honouring retry_after) and retries; this worker
keeps posts serial so a big digest never races another, and classifies failures as permanent
(missing permission, deleted channel: the subscription gets paused) or transient (retry later).
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


@dataclass(frozen=True)
class Delivered:
    message_ids: list[int] = field(default_factory=list)
    error: str | None = None
    permanent: bool = False  # retrying won't help until someone fixes the channel

    @property
    def ok(self) -> bool:
        return self.error is None


class SendQueue:
    def __init__(self, client: discord.Client) -> None:
        self._client = client
        self._queue: asyncio.Queue[tuple[Outgoing, asyncio.Future[Delivered]]] = asyncio.Queue()
        self._worker: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._worker is None:
            self._worker = asyncio.create_task(self._run(), name="wirewatch-send-queue")

    async def close(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
            self._worker = None

    async def send(self, out: Outgoing) -> Delivered:
        fut: asyncio.Future[Delivered] = asyncio.get_running_loop().create_future()
        await self._queue.put((out, fut))
        self.start()
        return await fut

    async def _run(self) -> None:
        while True:
            out, fut = await self._queue.get()
            try:
                result = await self._deliver(out)
            except Exception as e:  # never let one post kill the worker
                log.exception("delivery to channel %s failed", out.channel_id)
                result = Delivered(error=f"unexpected error: {type(e).__name__}")
            if not fut.done():
                fut.set_result(result)

    async def _deliver(self, out: Outgoing) -> Delivered:
        channel = self._client.get_partial_messageable(out.channel_id)
        ids: list[int] = []
        none = discord.AllowedMentions.none()
        for i, embeds in enumerate(out.messages or [[]]):
            content = out.content if i == 0 else None
            try:
                msg = await channel.send(content=content, embeds=embeds, allowed_mentions=none)
            except discord.Forbidden:
                return Delivered(ids, "missing permission to post in the channel", permanent=True)
            except discord.NotFound:
                return Delivered(ids, "the channel no longer exists", permanent=True)
            except discord.HTTPException as e:
                return Delivered(ids, f"Discord error {e.status}")
            except (TimeoutError, OSError, aiohttp.ClientError) as e:
                # A dropped connection (not every aiohttp error is an OSError) is transient too;
                # returning the ids posted so far lets the caller resume after them.
                return Delivered(ids, f"network error: {type(e).__name__}")
            ids.append(msg.id)
        return Delivered(ids)
