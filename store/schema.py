"""Table definitions the queries are written against (the migrations create the same tables).

Full-text search lives outside these definitions because it differs by dialect: SQLite keeps an
FTS5 table ``articles_fts`` and PostgreSQL a ``search_vector`` column (see store/dialects.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

metadata = sa.MetaData()


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, on both dialects.

    SQLite has no time zones, so values are stored as naive UTC there; that keeps its text
    comparisons (``next_poll_at <= now``) correct. Naive input is taken to be UTC already.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Discord snowflakes need 64 bits; SQLite's INTEGER already has them.
Snowflake = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

feeds = sa.Table(
    "feeds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("url", sa.Text, nullable=False, unique=True),
    # The URL as first added/configured: a redirect changes `url`, and re-adding or re-syncing
    # the old address must still find this feed instead of creating a duplicate.
    sa.Column("added_url", sa.Text, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("topics", sa.JSON, nullable=False),
    sa.Column("is_default", sa.Boolean, nullable=False, default=False),
    sa.Column("operator", sa.Boolean, nullable=False, default=False),  # added without a guild
    sa.Column("paused", sa.Boolean, nullable=False, default=False),  # global pause
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("last_polled_at", UTCDateTime),
    sa.Column("last_success_at", UTCDateTime),
    sa.Column("last_error", sa.Text),
    sa.Column("error_count", sa.Integer, nullable=False, default=0),
    sa.Column("next_poll_at", UTCDateTime),
    sa.Column("initialized", sa.Boolean, nullable=False, default=False),
    # Broken feeds (bot/feedhealth.py): when the current run of failures began, and when and
    # why the feed was disabled (no longer polled until resumed after a good test fetch).
    sa.Column("failing_since", UTCDateTime),
    sa.Column("disabled_at", UTCDateTime),
    sa.Column("disabled_reason", sa.Text),
    # Several pollers (PostgreSQL): the process polling the feed now, and when its claim
    # lapses if that process dies without recording the poll (see FeedOps.claim_due_feeds).
    sa.Column("lease_owner", sa.Text),
    sa.Column("lease_expires_at", UTCDateTime),
    sa.Index("ix_feeds_added_url", "added_url"),
)

guilds = sa.Table(
    "guilds",
    metadata,
    sa.Column("guild_id", Snowflake, primary_key=True, autoincrement=False),
    sa.Column("timezone", sa.Text),
    sa.Column("seen_at", UTCDateTime, nullable=False),
    # Where feed alerts go (/settings alerts-channel); None: the first subscribed channel.
    sa.Column("alerts_channel_id", Snowflake),
)

# A row per (guild, feed) the guild has ever had. `removed` keeps a default feed the guild
# dropped from coming back on the next config sync; `own` marks feeds the guild added itself.
guild_feeds = sa.Table(
    "guild_feeds",
    metadata,
    sa.Column("guild_id", Snowflake, primary_key=True, autoincrement=False),
    sa.Column("feed_id", sa.ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("paused", sa.Boolean, nullable=False, default=False),
    sa.Column("removed", sa.Boolean, nullable=False, default=False),
    sa.Column("own", sa.Boolean, nullable=False, default=False),
    sa.Column("name", sa.Text),
    sa.Column("topics", sa.JSON),
    # The feeds.disabled_at this guild was told about: each disabling is announced once.
    sa.Column("alerted_at", UTCDateTime),
    sa.Index("ix_guild_feeds_feed", "feed_id"),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("dedupe_key", sa.Text, nullable=False, unique=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("source", sa.Text),  # first feed's name, kept if that feed is removed later
    sa.Column("published", UTCDateTime),
    sa.Column("author", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("stored_at", UTCDateTime, nullable=False),
    sa.Column("announce", sa.Boolean, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),  # Summary JSON, verbatim for exact round trips
    sa.Column("backend", sa.Text),
    sa.Column("fallback_reason", sa.Text),
    # The story it reports (stories/), and its term vector: kept so that a pruned article
    # can be taken out of its story's centroid again.
    sa.Column("story_id", sa.Integer),  # stories.id (no foreign key: see migration 0006)
    sa.Column("story_vector", sa.JSON),
    sa.Index("ix_articles_stored_at", "stored_at"),
    sa.Index("ix_articles_url", "url"),
    sa.Index("ix_articles_story", "story_id"),
)

# One event across outlets. `centroid` is the sum of its articles' term vectors (stories/);
# `version` grows with every change a reader would see (an article joins or leaves, a merge,
# a new summary), so a posted message or a cached story summary knows it is stale. A story
# merged into another stays as a pointer (`merged_into`), so its old id still resolves.
stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("centroid", sa.JSON, nullable=False),
    sa.Column("first_published", UTCDateTime, nullable=False),
    sa.Column("last_published", UTCDateTime, nullable=False),
    sa.Column("article_count", sa.Integer, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("posted", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("merged_into", sa.Integer, sa.ForeignKey("stories.id", ondelete="CASCADE")),
    sa.Index("ix_stories_last_published", "last_published"),
    sa.Index("ix_stories_merged_into", "merged_into"),
    # An id shown to readers ("story 42") is never reused for another event after a prune.
    sqlite_autoincrement=True,
)

# The candidate index: a story's heaviest centroid terms. A new article looks up its own
# heaviest terms here, so it is compared with a handful of stories, never all of them.
# The story's update time and publication span are copied here (rewritten with the terms), so
# "the stories updated last under this term, in the window" is one index range per term.
story_terms = sa.Table(
    "story_terms",
    metadata,
    sa.Column("term", sa.Text, primary_key=True),
    sa.Column("story_id", sa.ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("first_published", UTCDateTime, nullable=False),
    sa.Column("last_published", UTCDateTime, nullable=False),
    sa.Index("ix_story_terms_story", "story_id"),
    sa.Index("ix_story_terms_recent", "term", "updated_at", "story_id"),
)

article_feeds = sa.Table(
    "article_feeds",
    metadata,
    sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("feed_id", sa.ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_article_feeds_feed", "feed_id"),
)

article_topics = sa.Table(
    "article_topics",
    metadata,
    sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("topic", sa.Text, primary_key=True),  # lower case
    sa.Column("position", sa.Integer, nullable=False),
    sa.Index("ix_article_topics_topic_article", "topic", "article_id"),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_key", sa.Text, nullable=False),  # store.names.name_key(name)
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("role", sa.Text),
    sa.Column("key", sa.Boolean, nullable=False),
    sa.Column("mentions", sa.Integer, nullable=False),
    sa.Column("aliases", sa.JSON, nullable=False),
    sa.CheckConstraint("mentions >= 1", name="ck_actors_mentions"),
    sa.Index("ix_actors_article", "article_id"),
    sa.Index("ix_actors_name_key", "name_key"),
)

# Every key a name lookup may use for an article's people and speakers: canonical name,
# aliases and a person's surname, normalised by store.names.name_key.
name_terms = sa.Table(
    "name_terms",
    metadata,
    sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("term", sa.Text, primary_key=True),
    sa.Column("name_key", sa.Text, primary_key=True),  # the canonical name the term stands for
    sa.Index("ix_name_terms_term_key", "term", "name_key"),
    sa.Index("ix_name_terms_key_article", "name_key", "article_id"),
)

quotes = sa.Table(
    "quotes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("speaker", sa.Text),
    sa.Column("speaker_key", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Index("ix_quotes_article", "article_id"),
    sa.Index("ix_quotes_speaker_article", "speaker_key", "article_id"),
)

dates = sa.Table(
    "dates",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("context", sa.Text),
    sa.Index("ix_dates_article", "article_id"),
)

# What is left of a pruned article: its dedupe key and canonical URL, so a feed that still
# lists the entry does not get it stored and announced again as if it were new. Tombstones are
# dropped much later than articles (see ArticleOps.prune_articles).
article_tombstones = sa.Table(
    "article_tombstones",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("dedupe_key", sa.Text, nullable=False, unique=True),
    sa.Column("url", sa.Text),
    sa.Column("pruned_at", UTCDateTime, nullable=False),
    sa.Index("ix_article_tombstones_url", "url"),
    sa.Index("ix_article_tombstones_pruned_at", "pruned_at"),
)

subscriptions = sa.Table(
    "subscriptions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("guild_id", Snowflake, nullable=False),
    sa.Column("channel_id", Snowflake, nullable=False),
    sa.Column("topic", sa.Text),
    sa.Column("schedule", sa.Text, nullable=False),
    sa.Column("paused", sa.Boolean, nullable=False, default=False),
    sa.Column("paused_reason", sa.Text),
    sa.Column("created_at", UTCDateTime, nullable=False),
    # Several bots (PostgreSQL): the one posting the subscription's windows now (see
    # store/lease_ops.py), so no two post one window.
    sa.Column("lease_owner", sa.Text),
    sa.Column("lease_expires_at", UTCDateTime),
    sa.Index("ix_subscriptions_guild", "guild_id"),
)
# One subscription per channel and topic ("" standing for every topic): two concurrent
# /subscribe calls must not create twin subscriptions that post every digest twice.
sa.Index(
    "uq_subscriptions_target",
    subscriptions.c.guild_id,
    subscriptions.c.channel_id,
    sa.func.coalesce(subscriptions.c.topic, ""),
    unique=True,
)

digest_posts = sa.Table(
    "digest_posts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "subscription_id", sa.ForeignKey("subscriptions.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("window_start", UTCDateTime, nullable=False),
    sa.Column("window_end", UTCDateTime, nullable=False),
    sa.Column("message_ids", sa.JSON, nullable=False),
    sa.Column("posted_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("subscription_id", "window_end", name="uq_digest_posts_window"),
)

# A window whose digest was posted only in part (a transient failure mid-way): the retry,
# even after a restart, rebuilds the same digest and posts from the first unposted message.
digest_progress = sa.Table(
    "digest_progress",
    metadata,
    sa.Column(
        "subscription_id",
        sa.ForeignKey("subscriptions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("window_start", UTCDateTime, nullable=False),
    sa.Column("window_end", UTCDateTime, nullable=False),
    sa.Column("message_ids", sa.JSON, nullable=False),
    # The stories the window's digest was built from (None: rebuild from the window).
    sa.Column("article_ids", sa.JSON),
)

# An instant subscription's message for a story: a later article of the story edits it
# (outlets, new speakers) instead of posting again, also after a restart.
story_posts = sa.Table(
    "story_posts",
    metadata,
    sa.Column(
        "subscription_id",
        sa.ForeignKey("subscriptions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("story_id", sa.ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("channel_id", Snowflake, nullable=False),
    sa.Column("message_id", Snowflake, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),  # the story version the message shows
    sa.Column("posted_at", UTCDateTime, nullable=False),
    sa.Index("ix_story_posts_story", "story_id"),
)

summary_cache = sa.Table(
    "summary_cache",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

token_usage = sa.Table(
    "token_usage",
    metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("input_tokens", sa.BigInteger, nullable=False),
    sa.Column("output_tokens", sa.BigInteger, nullable=False),
    sa.Column("requests", sa.Integer, nullable=False),
)

# Live wirewatch processes (`wirewatch status`): each one beats here while it runs and removes
# its row when it stops; a killed one's row goes stale (see bot/registry.py).
processes = sa.Table(
    "processes",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),  # bot.instance.instance_id()
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("shards", sa.Text),
    sa.Column("host", sa.Text, nullable=False),
    sa.Column("pid", sa.Integer, nullable=False),
    sa.Column("started_at", UTCDateTime, nullable=False),
    sa.Column("heartbeat_at", UTCDateTime, nullable=False),
)
