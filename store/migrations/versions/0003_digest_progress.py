"""Partly posted digest windows survive a restart; one subscription per channel and topic.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Twins could exist before the unique index: keep the oldest of each.
    op.execute(
        "DELETE FROM subscriptions WHERE id NOT IN (SELECT MIN(id) FROM subscriptions"
        " GROUP BY guild_id, channel_id, COALESCE(topic, ''))"
    )
    op.create_index(
        "uq_subscriptions_target",
        "subscriptions",
        ["guild_id", "channel_id", sa.text("COALESCE(topic, '')")],
        unique=True,
    )
    op.create_table(
        "digest_progress",
        sa.Column(
            "subscription_id",
            sa.Integer,
            sa.ForeignKey("subscriptions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("window_start", TS, nullable=False),
        sa.Column("window_end", TS, nullable=False),
        sa.Column("message_ids", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("digest_progress")
    op.drop_index("uq_subscriptions_target", table_name="subscriptions")
