"""Digest embeds stay within Discord's limits and make feed text inert."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.digest import Digest, Story, TopicGroup
from bot.discord.embeds import (
    MESSAGE_CHARS_MAX,
    MESSAGE_EMBEDS_MAX,
    TITLE_MAX,
    digest_messages,
    list_pages,
    story_embed,
)
from summarizer.models import DateRef, Quote

WHEN = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


def _story(i: int, *, words: int = 40, title: str | None = None) -> Story:
    return Story(
        article_id=i,
        title=title or f"Story {i} " + "headline " * 40,
        url=f"https://example.org/{i}",
        source="Example Wire",
        published=WHEN,
        summary=" ".join(f"word{j}" for j in range(words)),
        actors=[f"Actor {i}", "United Nations"],
        quote=Quote(speaker=f"Actor {i}", text="We will not back down " * 30),
        dates=[DateRef(text="next Tuesday", value="2024-05-07")],
    )


def test_long_digest_is_split_within_message_limits() -> None:
    groups = [
        TopicGroup(t, [_story(n * 20 + i, words=300) for i in range(20)])
        for n, t in enumerate(["ukraine-war", "china"])
    ]
    messages = digest_messages(Digest(since=WHEN, until=WHEN, groups=groups))

    assert len(messages) > 4  # 41 embeds cannot fit in few messages
    for embeds in messages:
        assert 1 <= len(embeds) <= MESSAGE_EMBEDS_MAX
        assert sum(len(e) for e in embeds) <= MESSAGE_CHARS_MAX
        for e in embeds:
            assert len(e.title or "") <= TITLE_MAX
            assert len(e.fields) <= 25
            assert all(len(f.value or "") <= 1024 for f in e.fields)
    footers = [e.footer.text for m in messages for e in m if e.footer.text]
    assert len(footers) == 40 and footers[0].startswith("#0 ")
    authors = [e.author.name for m in messages for e in m if e.author.name]
    assert authors == ["Topic: ukraine-war", "Topic: china"]  # each group headed once


def test_story_embed_shows_parts_and_escapes_feed_text() -> None:
    story = Story(
        article_id=7,
        title="@everyone **BREAKING** <@&123>",
        url="javascript:alert(1)",
        source="Wire_Service",
        published=WHEN,
        summary="Talks _resumed_ in @here Geneva.",
        actors=["Jane Doe"],
        quote=Quote(speaker="Jane Doe", text="Ping @everyone now"),
        dates=[],
    )
    e = story_embed(story)
    text = " ".join([e.title or "", e.description or ""] + [f.value or "" for f in e.fields])
    assert "@everyone" not in text and "@here" not in text
    assert "\\*\\*BREAKING\\*\\*" in (e.title or "")
    assert "\\_resumed\\_" in (e.description or "")
    assert e.url is None  # only http(s) links are embedded
    names = [f.name for f in e.fields]
    assert names == ["Source", "Key actors", "Quote"]
    assert "Jane Doe" in e.fields[2].value  # type: ignore[operator]


def test_list_pages_paginate_and_number() -> None:
    pages = list_pages("Results", [f"line {i}" for i in range(23)], per_page=10)
    assert len(pages) == 3
    assert pages[2].description == "line 20\nline 21\nline 22"
    assert pages[0].footer.text == "Page 1/3"


def test_feed_text_cannot_render_channel_command_or_time_markup() -> None:
    story = _story(7, title="<#123456789012345678> </digest:1> <t:0:R> <:e:1> a < b")
    embed = story_embed(story)
    assert embed.title is not None
    assert embed.title.startswith("\\<#123456789012345678> \\</digest:1> \\<t:0:R> \\<:e:1>")
    assert embed.title.endswith("a < b")  # a plain comparison is left alone
