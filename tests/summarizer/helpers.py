"""Build articles for the rules-summarizer tests (all text written for these tests)."""

from __future__ import annotations

from datetime import UTC, datetime

from summarizer import Article, Summary, summarize


def run(
    text: str, title: str = "", published: str = "2024-05-17", source: str | None = None
) -> Summary:
    """Summarize `text`; 2024-05-17 is a Friday."""
    pub = datetime.fromisoformat(published).replace(tzinfo=UTC)
    return summarize(Article(id="t", title=title, text=text, published=pub, source=source))


def speakers(summary: Summary) -> dict[str, str | None]:
    return {q.text: q.speaker for q in summary.quotes}


def names(summary: Summary) -> list[str]:
    return [a.name for a in summary.actors]


def values(summary: Summary) -> set[str]:
    return {d.value for d in summary.dates}
