"""Digest selection and rendering, and topic assignment, over plain records."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.digest import (
    Digest,
    best_quotes,
    central_lead,
    group_by_topic,
    render_json,
    render_markdown,
    render_text,
    story_from_article,
    story_from_articles,
)
from bot.topics import assign_topics
from store.base import StoredArticle
from summarizer.models import Actor, DateRef, Quote, Summary


def article(
    i: int,
    topics: list[str],
    quotes: list[Quote] | None = None,
    source: str = "Wire",
    summary_text: str | None = None,
) -> StoredArticle:
    summary = Summary(
        id=str(i),
        title=f"Story {i}",
        summary=summary_text or f"Summary of story {i}.",
        actors=[
            Actor(name="Vladimir Putin", type="person", key=True),
            Actor(name="Japan", type="country", key=False),
        ],
        quotes=quotes or [],
        dates=[
            DateRef(text="on Sunday", value="2026-11-22", context="talks held"),
            DateRef(text="Sunday", value="2026-11-22"),
            DateRef(text="today", value="2026-11-23"),
        ],
    )
    return StoredArticle(
        id=i,
        dedupe_key=f"k{i}",
        title=f"Story {i}",
        url=f"https://example.com/{i}",
        source=source,
        published=datetime(2026, 11, 23, 9, tzinfo=UTC),
        stored_at=datetime(2026, 11, 23, 10, tzinfo=UTC),
        author=None,
        text="",
        summary=summary,
        topics=topics,
        announce=True,
    )


def test_best_quote_prefers_key_speakers() -> None:
    a = article(
        1,
        [],
        [
            Quote(speaker="Japan", text="a much longer quote from a minor actor in the story"),
            Quote(speaker="Vladimir Putin", text="We are not creating an alliance"),
            Quote(
                speaker=None, text="an unattributed quote that is the longest of all of them here"
            ),
        ],
    )
    assert best_quotes([a])[0].speaker == "Vladimir Putin"
    assert best_quotes([article(2, [])]) == []


def test_story_keeps_key_actors_and_drops_publication_day_and_repeats() -> None:
    st = story_from_article(article(1, ["russia"]))
    assert st.actors == ["Vladimir Putin"]
    assert [d.value for d in st.dates] == ["2026-11-22"]


def test_grouping_puts_each_story_once_under_its_specific_topic() -> None:
    stories = [
        story_from_article(article(i, t))
        for i, t in enumerate(
            [["world", "russia"], ["world"], ["world", "china", "russia"], ["russia"]]
        )
    ]
    groups = group_by_topic(stories)
    assert [g.topic for g in groups] == ["russia", "china", "world"]
    assert sum(len(g.stories) for g in groups) == 4
    assert [g.topic for g in group_by_topic(stories, only="china")] == ["china"]


def test_renderers_show_the_story_parts() -> None:
    a = article(
        7,
        ["russia"],
        [
            Quote(
                speaker="Vladimir Putin", text="Everything is transparent, there is nothing secret."
            )
        ],
    )
    d = Digest(since=None, until=None, groups=group_by_topic([story_from_article(a)]))
    text = render_text(d)
    for part in (
        "RUSSIA",
        "Story 7",
        "https://example.com/7",
        "Summary of story 7.",
        "Vladimir Putin",
        "Everything is transparent",
        "2026-11-22 (talks held)",
    ):
        assert part in text
    md = render_markdown(d)
    assert "[Story 7](https://example.com/7)" in md and "> “Everything is transparent" in md
    data = json.loads(render_json(d))
    assert data["topics"][0]["stories"][0]["quotes"][0]["speaker"] == "Vladimir Putin"
    assert data["topics"][0]["stories"][0]["quotes"][0]["source"] == "Wire"
    assert "No new stories" in render_text(Digest(None, None, []))


def test_topics_from_feed_and_whole_word_keywords() -> None:
    s = Summary(
        id="x",
        title="EU ministers meet over Iran",
        summary="Talks in Brussels.",
        actors=[Actor(name="Xi Jinping", type="person")],
    )
    topics = assign_topics(
        s,
        ["World"],
        {
            "europe": ["EU"],
            "middle-east": ["Iran"],
            "china": ["Xi Jinping"],
            "korea": ["Seoul"],
            "eu-trap": ["Europ"],
        },
    )
    assert topics == ["world", "europe", "middle-east", "china"]


def test_best_quotes_give_two_voices_before_a_second_line() -> None:
    a = article(
        3,
        [],
        [
            Quote(
                speaker="Vladimir Putin", text="We are not creating an alliance with anyone at all"
            ),
            Quote(speaker="Vladimir Putin", text="Everything is transparent"),
            Quote(speaker="Japan", text="We are watching closely"),
        ],
    )
    assert [q.speaker for q in best_quotes([a])] == ["Vladimir Putin", "Japan"]
    st = story_from_article(a)
    assert st.quote == st.quotes[0] and len(st.quotes) == 2
    text = render_text(Digest(None, None, group_by_topic([st])))
    assert "We are watching closely" in text and "not creating an alliance" in text


def test_a_story_entry_gathers_its_outlets_voices_and_dates() -> None:
    a = article(1, ["peru"], [Quote(speaker="Vladimir Putin", text="First voice here")])
    b = article(
        2,
        ["peru"],
        [Quote(speaker="Japan", text="Second voice"), Quote(speaker="Putin", text="x")],
        source="Courier",
    )
    st = story_from_articles([a, b], b, story_id=9)
    assert st.story_id == 9 and st.article_id == 2 and st.title == "Story 2"
    assert st.outlets == ["Wire", "Courier"]
    assert st.outlet_links() == [
        ("Wire", "https://example.com/1"),
        ("Courier", "https://example.com/2"),
    ]
    assert [(q.speaker, q.source) for q in st.quotes] == [
        ("Vladimir Putin", "Wire"),
        ("Japan", "Courier"),
        ("Putin", "Courier"),
    ]
    text = render_text(Digest(None, None, group_by_topic([st])))
    assert "2 outlets: Wire, Courier" in text and "[story 9 · #2]" in text
    assert "“Second voice” — Japan (Courier)" in text
    md = render_markdown(Digest(None, None, group_by_topic([st])))
    assert "[Wire](https://example.com/1), [Courier](https://example.com/2)" in md


def test_three_outlets_get_the_most_central_summary() -> None:
    texts = [
        "Quarry collapse near Oskelby traps twelve miners.",
        "Rescuers dig for twelve miners trapped by the Oskelby quarry collapse.",
        "Weather forecast for the weekend.",
    ]
    arts = [article(i, [], source=f"Outlet {i}", summary_text=t) for i, t in enumerate(texts)]
    assert story_from_articles(arts, arts[2]).summary == texts[1]
    # Under three outlets, the lead article's own summary stands.
    assert story_from_articles(arts[1:], arts[2]).summary == texts[2]
    assert central_lead([]) == ""
