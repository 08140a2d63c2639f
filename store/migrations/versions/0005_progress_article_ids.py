"""A partly posted window remembers its stories, so the retry rebuilds the same digest.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


# Plain ADD/DROP COLUMN: both dialects have them (SQLite since 3.35), and batch mode would
# reflect and copy the table for nothing.
def upgrade() -> None:
    op.add_column("digest_progress", sa.Column("article_ids", sa.JSON, nullable=True))


def downgrade() -> None:
    op.drop_column("digest_progress", "article_ids")
