"""Lookups at a million articles: name, speaker and topic indexes end in the article id.

A lookup reads the newest articles of one name key, speaker or topic (store/lookup_ops.py):
with the article id in the index that is a backward walk of one range that stops after a few
hundred entries, where an index on the key alone yields every article of the key to sort.
A name's canonical keys are read as a skip over (term, name_key): one seek per key, where the
index on the term alone visits every article's row for "putin".

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# (table, old index on the key alone, new index, key column); the new index adds the column
# read after the key: the article id, or for a term the name keys it stands for.
_INDEXES = [
    ("name_terms", "ix_name_terms_name_key", "ix_name_terms_key_article", "name_key"),
    ("name_terms", "ix_name_terms_term", "ix_name_terms_term_key", "term"),
    ("quotes", "ix_quotes_speaker_key", "ix_quotes_speaker_article", "speaker_key"),
    ("article_topics", "ix_article_topics_topic", "ix_article_topics_topic_article", "topic"),
]

_NEXT = {"ix_name_terms_term_key": "name_key"}


def upgrade() -> None:
    for table, old, new, key in _INDEXES:
        op.create_index(new, table, [key, _NEXT.get(new, "article_id")])
        op.drop_index(old, table_name=table)  # a prefix of the new one


def downgrade() -> None:
    for table, old, new, key in _INDEXES:
        op.create_index(old, table, [key])
        op.drop_index(new, table_name=table)
