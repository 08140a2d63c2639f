"""The one delivery worker for channel posts and edits: a queue drained in order, rate-limit aware.

discord.py's HTTP client already waits out 429s (honouring retry_after) and retries; this worker
keeps posts serial so a big digest never races another, and classifies failures as permanent
(missing permission, deleted channel: the subscription gets paused), transient (retry later), or
a rejected message (Discord refuses that one message, e.g. an embed it calls invalid: retrying
would fail the same way forever, so it is skipped and the rest of the post goes on).

Edits of an already posted message (a story that gained articles) go through the same queue, so
an edit never races the post it follows; a message deleted meanwhile is reported as gone, so the
caller can forget it (and maybe post anew).

Closing the queue answers every post or edit still waiting (queued or in flight) with a
transient "shutting down" failure, a post's carrying the ids already posted, so no caller hangs
and a digest cut short by a shutdown is saved as progress and finished after the restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import secrets
from dataclasses import dataclass, field

import aiohttp
import discord

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outgoing:
    channel_id: int
    messages: list[list[discord.Embed]]
    content: str | None = None  # text above the first message
    # One per message, the same on every attempt to post it (None: discord.py's random ones).
    # discord.py sends it with enforce_nonce, so Discord answers a repeat within a few minutes
    # with the message the first attempt created instead of posting a second one.
    nonces: list[str] | None = None


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
_UNKNOWN_CHANNEL = 10003  # Discord's error code for a 404 about the channel, not the message


def _rejects_message(status: int) -> bool:
    """Whether Discord refused the message itself: sending it again would fail the same way."""
    return 400 <= status < 500 and status not in _NOT_A_REJECTION


@dataclass(frozen=True)
class Edit:
    channel_id: int
    message_id: int
    embeds: list[discord.Embed]
    content: str | None = None  # None removes any text: the message becomes exactly this


@dataclass(frozen=True)
class Edited:
    """How an edit went: ok, or exactly one of gone / permanent / rejected / transient."""

    error: str | None = None
    gone: bool = False  # the message was deleted: forget it (a new post may replace it)
    permanent: bool = False  # retrying won't help until someone fixes the channel
    rejected: bool = False  # Discord refuses this content: the same edit would fail forever

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def transient(self) -> bool:
        """Failed for now (Discord down, network, shutting down): the same edit may work later."""
        return not self.ok and not (self.gone or self.permanent or self.rejected)


@dataclass
class _Post:
    out: Outgoing
    fut: asyncio.Future[Delivered]
    # The ids of its messages posted so far: on close, its caller learns which parts went out.
    ids: list[int] = field(default_factory=list)

    def stop(self) -> None:
        if not self.fut.done():
            self.fut.set_result(Delivered(list(self.ids), SHUTTING_DOWN))


@dataclass
class _Edit:
    edit: Edit
    fut: asyncio.Future[Edited]

    def stop(self) -> None:
        if not self.fut.done():
            self.fut.set_result(Edited(SHUTTING_DOWN))


_Job = _Post | _Edit


class SendQueue:
    def __init__(self, client: discord.Client) -> None:
        self._client = client
        self._queue: asyncio.Queue[_Job] = asyncio.Queue()
        self._worker: asyncio.Task[None] | None = None
        self._closed = False
        self._current: _Job | None = None  # answered by close() if cut short

    def start(self) -> None:
        if self._worker is None and not self._closed:
            self._worker = asyncio.create_task(self._run(), name="wirewatch-send-queue")

    async def close(self) -> None:
        """Stop delivering; every post or edit still waiting gets a transient "shutting down"."""
        self._closed = True
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
            self._worker = None
        if self._current is not None:
            self._current.stop()
            self._current = None
        while not self._queue.empty():
            self._queue.get_nowait().stop()

    async def send(self, out: Outgoing) -> Delivered:
        if self._closed:  # a late caller must not restart the worker nor wait for nothing
            return Delivered(error=SHUTTING_DOWN)
        fut: asyncio.Future[Delivered] = asyncio.get_running_loop().create_future()
        await self._enqueue(_Post(out, fut))
        return await fut

    async def edit(self, e: Edit) -> Edited:
        """Replace a posted message's content and embeds, in turn with posts."""
        if self._closed:
            return Edited(SHUTTING_DOWN)
        fut: asyncio.Future[Edited] = asyncio.get_running_loop().create_future()
        await self._enqueue(_Edit(e, fut))
        return await fut

    async def _enqueue(self, job: _Job) -> None:
        await self._queue.put(job)
        self.start()

    async def _run(self) -> None:
        while True:
            job = await self._queue.get()
            self._current = job
            if isinstance(job, _Post):
                await self._post(job)
            else:
                await self._edit(job)
            self._current = None

    async def _post(self, job: _Post) -> None:
        try:
            result = await self._deliver(job.out, job.ids)
        except Exception as e:  # never let one post kill the worker
            log.exception("delivery to channel %s failed", job.out.channel_id)
            result = Delivered(list(job.ids), f"unexpected error: {type(e).__name__}")
        if not job.fut.done():
            job.fut.set_result(result)

    async def _edit(self, job: _Edit) -> None:
        try:
            result = await self._apply(job.edit)
        except Exception as e:  # never let one edit kill the worker
            log.exception("editing message %s failed", job.edit.message_id)
            result = Edited(f"unexpected error: {type(e).__name__}")
        if not job.fut.done():
            job.fut.set_result(result)

    async def _deliver(self, out: Outgoing, ids: list[int]) -> Delivered:
        """Post each message in turn, appending its id to `ids` as soon as it is posted."""
        channel = self._client.get_partial_messageable(out.channel_id)
        none = discord.AllowedMentions.none()
        for i, embeds in enumerate(out.messages or [[]]):
            content = out.content if i == 0 else None
            # Without one of ours, a random one, as discord.py would pick itself.
            nonce = out.nonces[i] if out.nonces else secrets.randbits(64)
            try:
                msg = await channel.send(
                    content=content, embeds=embeds, allowed_mentions=none, nonce=nonce
                )
            except discord.Forbidden:
                return Delivered(
                    list(ids), "missing permission to post in the channel", permanent=True
                )
            except discord.NotFound:
                return Delivered(list(ids), "the channel no longer exists", permanent=True)
            except discord.HTTPException as e:
                if _rejects_message(e.status):
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

    async def _apply(self, e: Edit) -> Edited:
        channel = self._client.get_partial_messageable(e.channel_id)
        message = channel.get_partial_message(e.message_id)
        try:
            await message.edit(
                content=e.content, embeds=e.embeds, allowed_mentions=discord.AllowedMentions.none()
            )
        except discord.Forbidden:
            return Edited("missing permission to edit in the channel", permanent=True)
        except discord.NotFound as err:
            # A deleted channel is the subscription's problem, as for posts; a deleted message
            # only ends this one link.
            if err.code == _UNKNOWN_CHANNEL:
                return Edited("the channel no longer exists", permanent=True)
            return Edited("the message no longer exists", gone=True)
        except discord.HTTPException as err:
            if _rejects_message(err.status):
                log.warning(
                    "Discord rejected an edit of message %s in channel %s (%s %s)",
                    e.message_id,
                    e.channel_id,
                    err.status,
                    err.text,
                )
                return Edited(f"Discord rejected the edit ({err.status})", rejected=True)
            return Edited(f"Discord error {err.status}")
        except (TimeoutError, OSError, aiohttp.ClientError) as err:
            return Edited(f"network error: {type(err).__name__}")
        return Edited()


def message_nonce(*parts: object) -> str:
    """The nonce of one message of a window: the same on every attempt to post it, so Discord
    (enforce_nonce, remembered a few minutes) answers a retry after a crash with the message
    the crashed attempt created. Discord allows 25 characters."""
    return hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=12).hexdigest()
