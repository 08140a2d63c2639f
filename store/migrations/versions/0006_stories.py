"""Stories: articles of one event across outlets, their candidate index and instant posts.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
Snowflake = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("centroid", sa.JSON, nullable=False),
        sa.Column("first_published", TS, nullable=False),
        sa.Column("last_published", TS, nullable=False),
        sa.Column("article_count", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("posted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("merged_into", sa.Integer, sa.ForeignKey("stories.id", ondelete="CASCADE")),
        # An id shown to readers ("story 42") is never reused after a prune.
        sqlite_autoincrement=True,
    )
    op.create_index("ix_stories_last_published", "stories", ["last_published"])
    op.create_index("ix_stories_merged_into", "stories", ["merged_into"])
    op.create_table(
        "story_terms",
        sa.Column("term", sa.Text, primary_key=True),
        sa.Column(
            "story_id",
            sa.Integer,
            sa.ForeignKey("stories.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("first_published", TS, nullable=False),
        sa.Column("last_published", TS, nullable=False),
    )
    op.create_index("ix_story_terms_story", "story_terms", ["story_id"])
    op.create_index("ix_story_terms_recent", "story_terms", ["term", "updated_at", "story_id"])
    op.create_table(
        "story_posts",
        sa.Column(
            "subscription_id",
            sa.Integer,
            sa.ForeignKey("subscriptions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "story_id",
            sa.Integer,
            sa.ForeignKey("stories.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("channel_id", Snowflake, nullable=False),
        sa.Column("message_id", Snowflake, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("posted_at", TS, nullable=False),
    )
    op.create_index("ix_story_posts_story", "story_posts", ["story_id"])
    # Plain ADD COLUMN, without a foreign key (SQLite cannot add one to a table, and batch
    # mode would copy every article): the store deletes a story only once it is empty.
    # Articles stored before this get their stories when the store opens.
    op.add_column("articles", sa.Column("story_id", sa.Integer))
    op.add_column("articles", sa.Column("story_vector", sa.JSON))
    op.create_index("ix_articles_story", "articles", ["story_id"])


def downgrade() -> None:
    op.drop_index("ix_articles_story", "articles")
    op.drop_column("articles", "story_vector")
    op.drop_column("articles", "story_id")
    op.drop_table("story_posts")
    op.drop_table("story_terms")
    op.drop_table("stories")
