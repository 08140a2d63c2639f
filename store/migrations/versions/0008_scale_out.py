"""Scale-out (several processes on one PostgreSQL database): feed leases (which poller is
polling a feed, and until when), subscription leases (which bot is posting its windows) and
the registry of live processes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


# Plain ADD/DROP COLUMN (as in 0005 and 0007) and a new table: both dialects have them.
def upgrade() -> None:
    op.add_column("feeds", sa.Column("lease_owner", sa.Text))
    op.add_column("feeds", sa.Column("lease_expires_at", TS))
    op.add_column("subscriptions", sa.Column("lease_owner", sa.Text))
    op.add_column("subscriptions", sa.Column("lease_expires_at", TS))
    op.create_table(
        "processes",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("shards", sa.Text),
        sa.Column("host", sa.Text, nullable=False),
        sa.Column("pid", sa.Integer, nullable=False),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("heartbeat_at", TS, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("processes")
    op.drop_column("subscriptions", "lease_expires_at")
    op.drop_column("subscriptions", "lease_owner")
    op.drop_column("feeds", "lease_expires_at")
    op.drop_column("feeds", "lease_owner")
