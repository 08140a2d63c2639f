"""The summarizer's model cache and daily token accounting."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from store.base import TokenUsage
from store.schema import summary_cache, token_usage
from store.sql_base import SqlBase
from summarizer.models import Summary


class UsageOps(SqlBase):
    async def cached_summary(self, key: str) -> Summary | None:
        stmt = sa.select(summary_cache.c.summary).where(summary_cache.c.key == key)
        async with self._read() as conn:
            raw = (await conn.execute(stmt)).scalar_one_or_none()
        return None if raw is None else Summary.model_validate_json(raw)

    async def cache_summary(self, key: str, summary: Summary) -> None:
        values = {"summary": summary.model_dump_json(), "created_at": datetime.now(UTC)}
        async with self._write() as conn:
            await conn.execute(
                self.dialect.insert(summary_cache)
                .values(key=key, **values)
                .on_conflict_do_update(index_elements=["key"], set_=values)
            )

    async def add_token_usage(self, day: date, input_tokens: int, output_tokens: int) -> None:
        # One upsert: concurrent callers add to the row instead of overwriting each other.
        stmt = self.dialect.insert(token_usage).values(
            day=day, input_tokens=input_tokens, output_tokens=output_tokens, requests=1
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["day"],
            set_={
                "input_tokens": token_usage.c.input_tokens + stmt.excluded.input_tokens,
                "output_tokens": token_usage.c.output_tokens + stmt.excluded.output_tokens,
                "requests": token_usage.c.requests + 1,
            },
        )
        async with self._write() as conn:
            await conn.execute(stmt)

    async def token_usage(self, day: date) -> TokenUsage:
        stmt = sa.select(token_usage).where(token_usage.c.day == day)
        async with self._read() as conn:
            row = (await conn.execute(stmt)).mappings().one_or_none()
        if row is None:
            return TokenUsage(day=day)
        return TokenUsage(
            day=day,
            input_tokens=row["input_tokens"],
            output_tokens=row["output_tokens"],
            requests=row["requests"],
        )
