"""Digest embeds stay within Discord's limits and make feed text inert."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.digest import Coverage, Digest, SourcedQuote, Story, TopicGroup
from bot.discord.embeds import (
    MESSAGE_CHARS_MAX,
    MESSAGE_EMBEDS_MAX,
    TITLE_MAX,
    digest_messages,
    list_pages,
    story_embed,
)
from summarizer.models import DateRef

WHEN = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


def _coverage(i: int, outlets: int) -> list[Coverage]:
    return [
        Coverage(i * 100 + k, f"Headline {k}", f"https://o{k}.example/{i}", f"Outlet {k}", WHEN)
        for k in range(outlets)
    ]


def _story(
    i: int, *, words: int = 40, title: str | None = None, outlets: int = 1, speakers: int = 1
) -> Story:
    return Story(
        article_id=i,
        title=title or f"Story {i} " + "headline " * 40,
        url=f"https://example.org/{i}",
        source="Example Wire",
        published=WHEN,
        summary=" ".join(f"word{j}" for j in range(words)),
        actors=[f"Actor {i}", "United Nations"],
        quotes=[
            SourcedQuote(f"Actor {i}-{k}", "We will not back down " * 30, f"Outlet {k}", i)
            for k in range(speakers)
        ],
        dates=[DateRef(text="next Tuesday", value="2024-05-07")],
        coverage=_coverage(i, outlets),
        story_id=1000 + i,
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
    assert len(footers) == 40 and footers[0].startswith("story 1000 · #0 ")
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
        quotes=[SourcedQuote("Jane Doe", "Ping @everyone now", "Wire_Service", 7)],
        dates=[],
        coverage=[Coverage(7, "t", "javascript:alert(1)", "Wire_Service", WHEN)],
    )
    e = story_embed(story)
    text = " ".join([e.title or "", e.description or ""] + [f.value or "" for f in e.fields])
    assert "@everyone" not in text and "@here" not in text
    assert "\\*\\*BREAKING\\*\\*" in (e.title or "")
    assert "\\_resumed\\_" in (e.description or "")
    assert e.url is None  # only http(s) links are embedded
    names = [f.name for f in e.fields]
    assert names == ["1 outlet", "Key actors", "Who said what"]
    assert e.fields[0].value == "Wire\\_Service"  # no link: not an http(s) url
    assert "Jane Doe" in e.fields[2].value and "(Wire\\_Service)" in e.fields[2].value  # type: ignore[operator]
    assert e.footer.text == "#7 · 2024-05-01 09:30 UTC"  # no story id: the article alone


def test_story_embed_links_every_outlet_and_quotes_three_speakers() -> None:
    story = _story(3, outlets=4, speakers=5)
    story = Story(
        **{
            **story.__dict__,
            "coverage": [
                *story.coverage,
                # A second article of an outlet already listed, and hostile link text.
                Coverage(9, "again", "https://o0.example/again", "Outlet 0", WHEN),
                Coverage(10, "x", "https://evil.example/a(b) c", "Ev]il [Wire](x)", WHEN),
            ],
        }
    )
    e = story_embed(story)
    assert e.fields[0].name == "5 outlets"
    outlets = e.fields[0].value or ""
    assert outlets.startswith("[Outlet 0](https://o0.example/3), [Outlet 1](https://o1.example/3)")
    assert "again" not in outlets  # each outlet once, linked to its first article
    assert "[Ev\\]il \\[Wire\\](x)](https://evil.example/a%28b%29%20c)" in outlets
    quotes = (e.fields[2].value or "").split("\n")
    assert len(quotes) == 3  # up to three, each a different speaker with its outlet
    assert [q.split(" — ")[1] for q in quotes] == [
        f"**Actor 3-{k}** (Outlet {k})" for k in range(3)
    ]
    assert e.footer.text == "story 1003 · #3 · 2024-05-01 09:30 UTC"


def test_story_embed_with_everything_at_its_longest_fits_a_message() -> None:
    big = _story(1, words=3000, outlets=300, speakers=3)
    big = Story(**{**big.__dict__, "actors": ["Actor " * 30] * 5, "dates": big.dates * 3})
    e = story_embed(big, topic="t" * 300, full_summary="long " * 3000)
    assert len(e) <= MESSAGE_CHARS_MAX
    assert all(len(f.value or "") <= 1024 for f in e.fields)
    assert (e.fields[0].value or "").endswith(" more")  # outlets that did not fit are counted


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
