"""Bulk import: many new, already summarized articles in few statements (imports, benchmarks).

``import_articles`` writes exactly the rows ``add_articles`` writes for new articles (the
article, its topics, feed link, actors, name terms, quotes, dates and search entry: the same
code builds them), as one executemany per table for the whole batch, but it does **not**
cluster: the articles are left without a story, and ``cluster_unassigned`` (run by
``SqlStore.open``) gives them their stories the next time the store is opened. Clustering is
one article at a time by nature (an article may join the story the one before opened), so it
cannot be batched; an import of a million articles clusters them later, in the background of
an open, instead of holding the import to a few hundred articles a second.

It is for new articles only: a batch repeating a key or URL, or one whose key or URL is already
stored or was pruned, is refused with ValueError and nothing is written (add_articles is the
path that links duplicates to their stored article).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

from store.article_ops import ArticleOps, _article_row, _existing, _tombstoned
from store.base import NewArticle
from store.text import search_body


class BulkOps(ArticleOps):
    async def import_articles(self, batch: Sequence[NewArticle]) -> list[int]:
        """Store new articles in one transaction; their ids, in order. See the module doc."""
        if not batch:
            return []
        keys = [a.dedupe_key for a in batch]
        urls = [a.url for a in batch if a.url]
        _refuse_repeats("key", keys)
        _refuse_repeats("URL", urls)
        async with self._write() as conn:
            # The lock add_articles takes first: ids then keep following stored times.
            await self._lock_stories(conn)
            gone_keys, gone_urls = await _tombstoned(conn, keys, urls)
            by_url, by_key = await _existing(conn, keys, urls)
            clash = sorted({*gone_keys, *by_key, *gone_urls, *by_url})
            if clash:
                raise ValueError(f"already stored or pruned, not imported: {', '.join(clash[:5])}")
            now = datetime.now(UTC)
            names = await self._feed_names(conn, {a.feed_id for a in batch if a.source is None})
            id_of = await self.dialect.insert_indexed(
                conn,
                [_article_row(a, a.source or names.get(a.feed_id), now) for a in batch],
                [search_body(a.summary) for a in batch],
            )
            ids = [id_of[a.dedupe_key] for a in batch]
            new = list(zip(ids, batch, strict=True))
            await self._insert_details(conn, new, index=False)
            await self._link_feeds(conn, [(aid, a.feed_id) for aid, a in new])
        return ids


def _refuse_repeats(what: str, values: Sequence[str]) -> None:
    twice = sorted(v for v, n in Counter(values).items() if n > 1)
    if twice:
        raise ValueError(f"the same {what} twice in one import: {', '.join(twice[:5])}")
