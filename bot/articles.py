"""The Article a feed entry is summarized as: one rule for the pipeline (a new entry) and for
`wirewatch resummarize` (a stored one), so a re-summary sees exactly what the first did."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from summarizer.models import Article


class _EntryLike(Protocol):
    """What feeds.models.Entry and store.base.StoredArticle both have."""

    @property
    def dedupe_key(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def published(self) -> datetime | None: ...
    @property
    def url(self) -> str | None: ...


def article_for(item: _EntryLike, *, text: str, source: str | None) -> Article:
    """`text` is the text summarized (the entry's, or the full page's when fetched); `source`
    the name of the feed it was first stored from. The id is the dedupe key: it is what
    the summary cache and the scorer's ids are keyed on."""
    return Article(
        id=item.dedupe_key,
        title=item.title,
        text=text,
        published=item.published,
        source=source,
        url=item.url,
    )
