"""The bot: a `commands.Bot` holding the store, settings and pipeline, with one cog per feature."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot.discord.digests import DigestPoster
from bot.discord.errors import reply_error
from bot.discord.respond import DEFER_AFTER, start_deadline_guard, stop_deadline_guard
from bot.discord.sender import SendQueue
from bot.settings import Settings
from bot.shards import Shards
from store.base import Store

if TYPE_CHECKING:
    from bot.pipeline import Pipeline

log = logging.getLogger(__name__)


class WirewatchTree(app_commands.CommandTree):
    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        bot = interaction.client
        if isinstance(bot, WirewatchBot):
            # Started first: the guild set-up below counts against the 3 seconds too.
            start_deadline_guard(interaction, bot.defer_after)
            if interaction.guild_id is not None:
                await bot.ensure_guild(interaction.guild_id)
        return True

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        stop_deadline_guard(interaction)
        await reply_error(interaction, error)


class WirewatchBot(commands.Bot):
    def __init__(
        self,
        *,
        store: Store,
        settings: Settings,
        pipeline: Pipeline | None = None,
        shards: Shards | None = None,
        **options: Any,
    ) -> None:
        intents = discord.Intents.none()
        intents.guilds = True  # channels and roles for /subscribe; nothing privileged
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            tree_cls=WirewatchTree,
            **options,
        )
        self.store = store
        self.settings = settings
        self.pipeline = pipeline
        self.shard_plan = shards  # `shards` is discord.py's (AutoShardedClient)
        self.sender = SendQueue(self)
        # With the OpenAI backend, stories of three or more outlets get a story-level summary
        # from the pipeline's own backend (its cache and budget); the rules backend has none.
        summaries = getattr(pipeline.summarize if pipeline else None, "story_summary", None)
        self.digests = DigestPoster(
            store,
            self.sender,
            max_stories=settings.digest.max_stories,
            story_summary=summaries,
            lease=timedelta(seconds=settings.digest.lease_seconds),
            owns=shards.owns if shards else None,
        )
        self._known_guilds: set[int] = set()
        self.defer_after = DEFER_AFTER  # a slash command still busy after this gets deferred
        self.topic_keywords = settings.topics()
        # Set once logged in: from then on channel posts (digests) can go out over REST.
        self.logged_in = asyncio.Event()

    async def login(self, token: str) -> None:
        # Route.BASE is process-wide in discord.py; it must be set before the first request.
        discord.http.Route.BASE = self.settings.discord.api_base.rstrip("/")
        await super().login(token)

    async def connect(self, *, reconnect: bool = True) -> None:
        # A plain Client connects to Discord's fixed gateway; ask the REST endpoint instead, so a
        # proxy or a test server also supplies the gateway.
        _, url, _ = await self.http.get_bot_gateway()
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
        await super().connect(reconnect=reconnect)

    async def setup_hook(self) -> None:
        from bot.discord.cogs import alerts, feeds, queries, settings, status, subscriptions

        for cog in (
            queries.Queries(self),
            feeds.Feeds(self),
            alerts.FeedAlerts(self),
            subscriptions.Subscriptions(self),
            settings.GuildSettings(self),
            status.Status(self),
        ):
            await self.add_cog(cog)
        self.sender.start()
        self.logged_in.set()
        # The digest job's run at start-up came before this login and posted nothing: bring
        # the next run forward, so posts a restart left pending (an instant window cut short
        # by a crash) go out within seconds, not at the next interval.
        if self.digests.on_new_story is not None:
            self.digests.on_new_story()
        if self.shard_plan is None or self.shard_plan.syncs_commands:
            synced = await self.tree.sync()
            log.info("synced %d application commands", len(synced))

    async def ensure_guild(self, guild_id: int) -> None:
        """First sight of a guild: it starts with the default feeds (once per process)."""
        if guild_id not in self._known_guilds:
            await self.store.ensure_guild(guild_id)
            self._known_guilds.add(guild_id)

    async def on_app_command_completion(
        self, interaction: discord.Interaction, command: object
    ) -> None:
        stop_deadline_guard(interaction)

    async def on_guild_available(self, guild: discord.Guild) -> None:
        await self.ensure_guild(guild.id)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self.ensure_guild(guild.id)

    async def close(self) -> None:
        await self.sender.close()
        await super().close()


class ShardedWirewatchBot(WirewatchBot, commands.AutoShardedBot):
    """The bot over several shards in one process (discord.py's AutoShardedBot)."""


def make_bot(
    *, store: Store, settings: Settings, pipeline: Pipeline | None, shards: Shards | None
) -> WirewatchBot:
    """An unsharded bot, or one running `shards` (see bot/shards.py)."""
    if shards is None:
        return WirewatchBot(store=store, settings=settings, pipeline=pipeline)
    return ShardedWirewatchBot(
        store=store,
        settings=settings,
        pipeline=pipeline,
        shards=shards,
        shard_count=shards.count,
        shard_ids=list(shards.ids) if shards.ids is not None else None,
    )
