"""Feed leases: which poller is polling a feed, and until when (several pollers on PostgreSQL).

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


# Plain ADD/DROP COLUMN, as in 0005 and 0007: both dialects have them.
def upgrade() -> None:
    op.add_column("feeds", sa.Column("lease_owner", sa.Text))
    op.add_column("feeds", sa.Column("lease_expires_at", TS))


def downgrade() -> None:
    op.drop_column("feeds", "lease_expires_at")
    op.drop_column("feeds", "lease_owner")
