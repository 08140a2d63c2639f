"""Article retention: tombstones remember pruned articles' keys and URLs.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "article_tombstones",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("dedupe_key", sa.Text, nullable=False, unique=True),
        sa.Column("url", sa.Text),
        sa.Column("pruned_at", TS, nullable=False),
    )
    # Polls look tombstones up by canonical URL; the tombstone prune scans by age.
    op.create_index("ix_article_tombstones_url", "article_tombstones", ["url"])
    op.create_index("ix_article_tombstones_pruned_at", "article_tombstones", ["pruned_at"])


def downgrade() -> None:
    op.drop_table("article_tombstones")
