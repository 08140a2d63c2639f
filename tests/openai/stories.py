"""Test stories: StoryRecords of one event across outlets, built directly (no clustering)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from store.base import StoredArticle, StoryRecord
from summarizer.models import Summary

WHEN = datetime(2023, 3, 20, 9, 30, tzinfo=UTC)

# (outlet, headline, summary): each summary supported by itself, together one event.
COVERAGE = [
    (
        "Reuters",
        "Xi arrives in Moscow for talks with Putin",
        "Chinese President Xi Jinping arrived in Moscow on Monday for a three-day state visit.",
    ),
    (
        "BBC",
        "Putin welcomes Xi at the Kremlin",
        "Vladimir Putin welcomed Xi Jinping at the Kremlin and said relations were at their "
        "highest point.",
    ),
    (
        "AP",
        "NATO says Beijing is no impartial mediator",
        "NATO chief Jens Stoltenberg said the visit showed Beijing was not an impartial mediator "
        "in Ukraine.",
    ),
    (
        "Al Jazeera",
        "China and Russia sign agreements",
        "Xi and Putin signed 12 agreements during the visit to Moscow.",
    ),
]

# Grounded in COVERAGE: every name and number occurs in the summaries above.
GOOD_STORY_SUMMARY = (
    "Xi Jinping began a three-day state visit to Moscow, where Vladimir Putin welcomed him at "
    "the Kremlin. NATO's Jens Stoltenberg said Beijing was not an impartial mediator."
)


def stored(i: int, outlet: str, title: str, text: str) -> StoredArticle:
    key = f"{outlet.lower().replace(' ', '-')}-{i}"
    return StoredArticle(
        id=100 + i,
        dedupe_key=key,
        title=title,
        url=f"https://example.org/{key}",
        source=outlet,
        published=WHEN + timedelta(hours=i),
        stored_at=WHEN + timedelta(hours=i),
        author=None,
        text=text,
        summary=Summary(id=key, title=title, summary=text, backend="rules"),
        topics=["diplomacy"],
        announce=True,
        story_id=7,
    )


def story(outlets: int = 3, version: int = 1, story_id: int = 7) -> StoryRecord:
    articles = [stored(i, *COVERAGE[i]) for i in range(outlets)]
    articles = [replace(a, story_id=story_id) for a in articles]
    return StoryRecord(
        id=story_id,
        version=version,
        articles=articles,
        lead_article_id=articles[0].id,
        first_published=articles[0].published or WHEN,
        last_published=articles[-1].published or WHEN,
    )
