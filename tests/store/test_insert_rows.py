"""`insert_rows` (the bulk path's executemany) stores exactly what SQLAlchemy's own
``conn.execute(table.insert(), rows)`` stores, value for value, on both dialects: JSON lists
(empty too), NULLs, non-ASCII text."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from store import SqlStore
from store.schema import actors, article_topics, dates, name_terms, quotes
from store.sql_base import insert_rows

from .factories import article, feed

ROWS: list[tuple[sa.Table, list[dict[str, Any]]]] = [
    (
        actors,
        [
            {
                "name": "Kaja Kallas",
                "name_key": "kaja kallas",
                "type": "person",
                "role": "foreign policy chief",
                "key": True,
                "mentions": 3,
                "aliases": ["Kallas", "Ms Kallas"],
            },
            {
                "name": "Zürich Münster",
                "name_key": "zurich munster",
                "type": "place",
                "role": None,
                "key": False,
                "mentions": 1,
                "aliases": [],
            },
        ],
    ),
    (name_terms, [{"term": "kallas", "name_key": "kaja kallas"}]),
    (
        quotes,
        [
            {"position": 0, "speaker": "Kaja Kallas", "speaker_key": "kaja kallas", "text": "Non."},
            {"position": 1, "speaker": None, "speaker_key": None, "text": "«Да», she said."},
        ],
    ),
    (dates, [{"value": "2024-03-01", "text": "on Friday", "context": None}]),
    (article_topics, [{"topic": "energy", "position": 0}]),
]


async def _stored(store: SqlStore, table: sa.Table, article_id: int) -> list[tuple[Any, ...]]:
    cols = [c for c in table.c if c.name not in ("id", "article_id")]
    async with store.engine.connect() as conn:
        rows = await conn.execute(
            sa.select(*cols).where(table.c.article_id == article_id).order_by(*cols[:2])
        )
        return [tuple(r) for r in rows]


@pytest.mark.parametrize(("table", "rows"), ROWS, ids=[t.name for t, _ in ROWS])
async def test_insert_rows_stores_what_sqlalchemy_stores(
    store: SqlStore, table: sa.Table, rows: list[dict[str, Any]]
) -> None:
    f = await feed(store, "Wire")
    ours_id = await store.add_article(article(f, "ours"))
    theirs_id = await store.add_article(article(f, "theirs"))
    assert ours_id is not None and theirs_id is not None
    async with store.engine.begin() as conn:
        for table_ in (actors, name_terms, quotes, dates, article_topics):  # start empty
            await conn.execute(table_.delete())
        await insert_rows(conn, table, [{"article_id": ours_id, **r} for r in rows])
        await conn.execute(table.insert(), [{"article_id": theirs_id, **r} for r in rows])
    got = await _stored(store, table, ours_id)
    assert got == await _stored(store, table, theirs_id)
    assert len(got) == len(rows)
