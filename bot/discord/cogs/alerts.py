"""Feed alerts: a guild is told once, in its alerts channel, when a feed it follows is disabled.

The store remembers which disabling each guild was told about, so a restart, a second
disabling listener call or the periodic retry never repeats a notice; a crash between the post
and that mark is covered by the message's nonce (Discord remembers it for minutes). The channel is the one
set with `/settings alerts-channel`, else the guild's first subscribed channel.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands, tasks

from bot.discord.embeds import safe
from bot.discord.sender import Outgoing, message_nonce
from store.base import FeedAlert, FeedRecord

if TYPE_CHECKING:
    from bot.discord.client import WirewatchBot

log = logging.getLogger(__name__)

ALERT_COLOR = discord.Colour(0xC53030)


def alert_embed(alert: FeedAlert) -> discord.Embed:
    when = discord.utils.format_dt(alert.disabled_at, "f")
    e = discord.Embed(
        title=safe(f"Feed disabled: {alert.feed_name}", 256),
        description=(
            f"I stopped polling **{safe(alert.feed_name, 100)}** on {when}: "
            f"{safe(alert.reason, 200)}.\n{safe(alert.url, 300)}\n\n"
            "Once the feed works again, `/feeds resume` re-enables it (after one test fetch); "
            "`/feeds remove` stops following it. `/feeds list` shows the details."
        ),
        colour=ALERT_COLOR,
    )
    e.set_footer(text="Alerts go to the channel chosen with /settings alerts-channel.")
    return e


class FeedAlerts(commands.Cog):
    def __init__(self, bot: WirewatchBot) -> None:
        self.bot = bot
        self._lock = asyncio.Lock()  # one flush at a time: a notice is sent once
        self._tasks: set[asyncio.Task[int]] = set()

    async def cog_load(self) -> None:
        if self.bot.pipeline is not None:
            self.bot.pipeline.disabled_listeners.append(self.on_feed_disabled)
        self.retry.start()

    async def cog_unload(self) -> None:
        self.retry.cancel()
        pipeline = self.bot.pipeline
        if pipeline is not None and self.on_feed_disabled in pipeline.disabled_listeners:
            pipeline.disabled_listeners.remove(self.on_feed_disabled)
        for task in self._tasks:
            task.cancel()

    async def on_feed_disabled(self, feed: FeedRecord) -> None:
        # Never make the poll wait on Discord: the notice goes out beside it.
        task = asyncio.create_task(self.flush())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @tasks.loop(minutes=10)
    async def retry(self) -> None:
        """Startup and then every few minutes: notices a restart or an outage held back."""
        try:
            await self.flush()
        except Exception:  # a database hiccup must not end the loop for good
            log.exception("sending feed alerts failed; retrying later")

    @retry.before_loop
    async def _before_retry(self) -> None:
        await self.bot.logged_in.wait()

    async def flush(self) -> int:
        """Send every pending notice; returns how many went out."""
        sent = 0
        async with self._lock:
            for alert in await self.bot.store.pending_feed_alerts():
                if not self.bot.digests.owns(alert.guild_id):
                    continue  # the process holding that guild's shard tells it
                if await self._tell(alert):
                    sent += 1
        return sent

    async def _tell(self, alert: FeedAlert) -> bool:
        store = self.bot.store
        if alert.channel_id is None:
            # No channel to tell: `/feeds list` and `/status` still show it.
            log.info(
                "guild %s has no alerts channel for disabled feed %s", alert.guild_id, alert.feed_id
            )
            await store.mark_feed_alerted(alert.guild_id, alert.feed_id, alert.disabled_at)
            return False
        # The same nonce on every attempt: a retry after a crash between Discord creating
        # the notice and the mark below gets the first message back, not a second one.
        nonce = message_nonce("feed-alert", alert.guild_id, alert.feed_id, alert.disabled_at)
        delivered = await self.bot.sender.send(
            Outgoing(
                channel_id=alert.channel_id,
                messages=[[alert_embed(alert)]],
                nonces=[nonce],
            )
        )
        if delivered.ok or delivered.permanent:
            # A channel the bot may not post in will not improve by retrying every 10 min.
            if not delivered.ok:
                log.warning(
                    "could not tell guild %s that feed %s was disabled: %s",
                    alert.guild_id,
                    alert.feed_id,
                    delivered.error,
                )
            await store.mark_feed_alerted(alert.guild_id, alert.feed_id, alert.disabled_at)
            return delivered.ok
        return False  # transient: the next flush tries again
