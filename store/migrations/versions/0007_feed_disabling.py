"""Broken feeds are disabled with their reason, and each following guild is told once.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
Snowflake = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


# Plain ADD/DROP COLUMN, as in 0005: both dialects have them.
def upgrade() -> None:
    op.add_column("feeds", sa.Column("failing_since", TS))
    op.add_column("feeds", sa.Column("disabled_at", TS))
    op.add_column("feeds", sa.Column("disabled_reason", sa.Text))
    op.add_column("guilds", sa.Column("alerts_channel_id", Snowflake))
    op.add_column("guild_feeds", sa.Column("alerted_at", TS))


def downgrade() -> None:
    op.drop_column("guild_feeds", "alerted_at")
    op.drop_column("guilds", "alerts_channel_id")
    op.drop_column("feeds", "disabled_reason")
    op.drop_column("feeds", "disabled_at")
    op.drop_column("feeds", "failing_since")
