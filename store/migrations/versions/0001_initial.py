"""Initial schema: feeds, guilds, articles with their summary parts, digests, cache, tokens.

Revision ID: 0001
Revises:
Create Date: 2025-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copies of the column types: later changes to store/schema.py must not alter history.
TS = sa.DateTime(timezone=True)
BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _article_fk() -> sa.Column[int]:
    return sa.Column(
        "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.Text, nullable=False, unique=True),
        sa.Column("added_url", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("topics", sa.JSON, nullable=False),
        sa.Column("is_default", sa.Boolean, nullable=False),
        sa.Column("operator", sa.Boolean, nullable=False),
        sa.Column("paused", sa.Boolean, nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("last_polled_at", TS),
        sa.Column("last_success_at", TS),
        sa.Column("last_error", sa.Text),
        sa.Column("error_count", sa.Integer, nullable=False),
        sa.Column("next_poll_at", TS),
        sa.Column("initialized", sa.Boolean, nullable=False),
    )
    op.create_index("ix_feeds_added_url", "feeds", ["added_url"])
    op.create_table(
        "guilds",
        sa.Column("guild_id", BIG, primary_key=True, autoincrement=False),
        sa.Column("timezone", sa.Text),
        sa.Column("seen_at", TS, nullable=False),
    )
    op.create_table(
        "guild_feeds",
        sa.Column("guild_id", BIG, primary_key=True, autoincrement=False),
        sa.Column(
            "feed_id", sa.Integer, sa.ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("paused", sa.Boolean, nullable=False),
        sa.Column("removed", sa.Boolean, nullable=False),
        sa.Column("own", sa.Boolean, nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("topics", sa.JSON),
    )
    op.create_index("ix_guild_feeds_feed", "guild_feeds", ["feed_id"])
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("dedupe_key", sa.Text, nullable=False, unique=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("published", TS),
        sa.Column("author", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("stored_at", TS, nullable=False),
        sa.Column("announce", sa.Boolean, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("backend", sa.Text),
        sa.Column("fallback_reason", sa.Text),
    )
    op.create_index("ix_articles_stored_at", "articles", ["stored_at"])
    op.create_table(
        "article_feeds",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "feed_id", sa.Integer, sa.ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True
        ),
    )
    op.create_index("ix_article_feeds_feed", "article_feeds", ["feed_id"])
    op.create_table(
        "article_topics",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("topic", sa.Text, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_index("ix_article_topics_topic", "article_topics", ["topic"])
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer, primary_key=True),
        _article_fk(),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_key", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("role", sa.Text),
        sa.Column("key", sa.Boolean, nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.CheckConstraint("mentions >= 1", name="ck_actors_mentions"),
    )
    op.create_index("ix_actors_article", "actors", ["article_id"])
    op.create_index("ix_actors_name_key", "actors", ["name_key"])
    op.create_table(
        "name_terms",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("term", sa.Text, primary_key=True),
        sa.Column("name_key", sa.Text, primary_key=True),
    )
    op.create_index("ix_name_terms_term", "name_terms", ["term"])
    op.create_index("ix_name_terms_name_key", "name_terms", ["name_key"])
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer, primary_key=True),
        _article_fk(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("speaker", sa.Text),
        sa.Column("speaker_key", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_quotes_article", "quotes", ["article_id"])
    op.create_index("ix_quotes_speaker_key", "quotes", ["speaker_key"])
    op.create_table(
        "dates",
        sa.Column("id", sa.Integer, primary_key=True),
        _article_fk(),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("context", sa.Text),
    )
    op.create_index("ix_dates_article", "dates", ["article_id"])
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("guild_id", BIG, nullable=False),
        sa.Column("channel_id", BIG, nullable=False),
        sa.Column("topic", sa.Text),
        sa.Column("schedule", sa.Text, nullable=False),
        sa.Column("paused", sa.Boolean, nullable=False),
        sa.Column("paused_reason", sa.Text),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_subscriptions_guild", "subscriptions", ["guild_id"])
    op.create_table(
        "digest_posts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "subscription_id",
            sa.Integer,
            sa.ForeignKey("subscriptions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("window_start", TS, nullable=False),
        sa.Column("window_end", TS, nullable=False),
        sa.Column("message_ids", sa.JSON, nullable=False),
        sa.Column("posted_at", TS, nullable=False),
        sa.UniqueConstraint("subscription_id", "window_end", name="uq_digest_posts_window"),
    )
    op.create_table(
        "summary_cache",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "token_usage",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("input_tokens", sa.BigInteger, nullable=False),
        sa.Column("output_tokens", sa.BigInteger, nullable=False),
        sa.Column("requests", sa.Integer, nullable=False),
    )
    _create_search()


def _create_search() -> None:
    # Title and body (summary text, quotes, actor names) are indexed separately so that
    # ranking can weigh a title hit above a body hit on both dialects.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE articles_fts USING fts5("
            "title, body, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
    else:
        op.add_column("articles", sa.Column("search_vector", postgresql.TSVECTOR))
        op.create_index("ix_articles_search", "articles", ["search_vector"], postgresql_using="gin")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE articles_fts")
    for table in (
        "token_usage",
        "summary_cache",
        "digest_posts",
        "subscriptions",
        "dates",
        "quotes",
        "name_terms",
        "actors",
        "article_topics",
        "article_feeds",
        "articles",
        "guild_feeds",
        "guilds",
        "feeds",
    ):
        op.drop_table(table)
