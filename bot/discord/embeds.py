"""Digest and result embeds: pure functions from plain data to `discord.Embed`, within Discord's limits.

Feed text is untrusted: markdown and mentions are escaped everywhere it appears (and every post
also sends `AllowedMentions.none()`, so even a missed escape pings no one).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

import discord

from bot.digest import Digest, Story

TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
AUTHOR_MAX = 256
MESSAGE_CHARS_MAX = 6000
MESSAGE_CONTENT_MAX = 2000
MESSAGE_EMBEDS_MAX = 10
COLOR = discord.Colour(0x2B6CB0)
# Per-part budgets keep any one story embed under the 6000-character message limit on its own:
# title 256 + summary 2000 + outlets 1000 + actors 400 + quotes 1024 + dates 512 + footer and
# author ~200 stay below it.
STORY_TEXT_MAX = 2000
OUTLETS_MAX = 1000


# Discord renders <#channel>, <t:timestamp>, </command:id> and <:emoji:id> anywhere in a
# message: no ping, but feed text must not dress up as the server's own channels or commands.
_ANGLE_MARKUP = re.compile(r"<(?=[#@/:]|a:|t:)")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def safe(text: str | None, limit: int) -> str:
    """Feed text made inert (no markdown, no mentions, no <…> markup) and cut to fit."""
    if not text:
        return ""
    cleaned = discord.utils.escape_mentions(discord.utils.escape_markdown(" ".join(text.split())))
    return clip(_ANGLE_MARKUP.sub(r"\\<", cleaned), limit)


def code(text: str, limit: int = 60) -> str:
    """User input echoed back in an inline code span it cannot break out of."""
    inner = clip(" ".join(text.split()).replace("`", "ˋ"), limit) or " "
    return f"`{inner}`"


def _link(url: str | None) -> str | None:
    # Discord rejects embeds whose url is not http(s).
    return url if url and url.startswith(("http://", "https://")) and len(url) <= 2000 else None


def _day(when: datetime | None) -> str:
    return when.strftime("%Y-%m-%d %H:%M UTC") if when else "date unknown"


def _url_in_markdown(url: str | None) -> str | None:
    """A link target that cannot end a markdown link early (or is None when not http(s))."""
    link = _link(url)
    if link is None:
        return None
    for ch, enc in (("(", "%28"), (")", "%29"), (" ", "%20"), ("<", "%3C"), (">", "%3E")):
        link = link.replace(ch, enc)
    return link


def link_text(text: str | None, limit: int) -> str:
    """Feed text made inert for the text of a markdown link (`]` would end it)."""
    return safe(text, limit).replace("]", "\\]")


def md_link(text: str | None, url: str | None, limit: int = 80) -> str:
    """`[text](url)` with the text escaped; the plain escaped text when there is no usable url."""
    target = _url_in_markdown(url)
    return f"[{link_text(text, limit)}]({target})" if target else safe(text, limit)


def joined_within(parts: Sequence[str], limit: int, sep: str = ", ") -> str:
    """As many parts as fit in `limit` characters, whole (a link is never cut), then "+N more"."""
    out: list[str] = []
    size = 0
    for i, part in enumerate(parts):
        left = len(parts) - i - 1
        tail = len(f"{sep}+{left} more") if left else 0
        if size + len(sep) * bool(out) + len(part) + tail > limit:
            rest = len(parts) - i
            return clip(sep.join(out) + (sep if out else "") + f"+{rest} more", limit)
        out.append(part)
        size += len(sep) * (len(out) > 1) + len(part)
    return sep.join(out)


def outlets_field(story: Story) -> tuple[str, str]:
    """("3 outlets", "[Wire One](…), [Other](…), …"): each outlet linked to its article."""
    links = story.outlet_links()
    n = len(links)
    name = f"{n} outlet{'s' if n != 1 else ''}"
    return name, joined_within([md_link(o, url, 60) for o, url in links], OUTLETS_MAX) or "-"


def quote_line(speaker: str | None, text: str, source: str | None, limit: int = 300) -> str:
    """“text” — **speaker** (outlet), all escaped."""
    by = safe(speaker or "unattributed", 70)
    where = f" ({safe(source, 60)})" if source else ""
    return f"“{safe(text, limit)}” — **{by}**{where}"


def story_ids(story: Story) -> str:
    ids = f"#{story.article_id}"
    return f"story {story.story_id} · {ids}" if story.story_id is not None else ids


def story_embed(
    story: Story, *, topic: str | None = None, full_summary: str | None = None
) -> discord.Embed:
    """One story: the lead's headline and link, its outlets (linked), summary, key actors, up
    to three quotes by different speakers (with their outlets), dates, and its ids."""
    e = discord.Embed(
        title=safe(story.title, TITLE_MAX) or f"Article #{story.article_id}",
        url=_link(story.url),
        description=safe(full_summary or story.summary, STORY_TEXT_MAX) or None,
        colour=COLOR,
    )
    if topic:
        e.set_author(name=safe(f"Topic: {topic}", 100))
    name, value = outlets_field(story)
    e.add_field(name=name, value=value, inline=False)
    if story.actors:
        e.add_field(name="Key actors", value=safe(", ".join(story.actors), 400), inline=True)
    if story.quotes:
        lines = [quote_line(q.speaker, q.text, q.source, 190) for q in story.quotes[:3]]
        e.add_field(name="Who said what", value=clip("\n".join(lines), FIELD_VALUE_MAX))
    if story.dates:
        lines = [f"{safe(d.value, 10)}: {safe(d.text, 120)}" for d in story.dates]
        e.add_field(name="Dates", value=clip("\n".join(lines), 512), inline=False)
    e.set_footer(text=clip(f"{story_ids(story)} · {_day(story.published)}", FOOTER_MAX))
    return e


def pack(embeds: Sequence[discord.Embed]) -> list[list[discord.Embed]]:
    """Split embeds across messages: at most 10 embeds and 6000 characters per message."""
    messages: list[list[discord.Embed]] = []
    current: list[discord.Embed] = []
    size = 0
    for e in embeds:
        n = len(e)
        if current and (len(current) == MESSAGE_EMBEDS_MAX or size + n > MESSAGE_CHARS_MAX):
            messages.append(current)
            current, size = [], 0
        current.append(e)
        size += n
    if current:
        messages.append(current)
    return messages


def digest_header(
    digest: Digest, title: str, *, more: int = 0, more_at_least: bool = False
) -> discord.Embed:
    span = (
        f"{_day(digest.since)} → {_day(digest.until)}"
        if digest.since
        else f"until {_day(digest.until)}"
    )
    topics = ", ".join(f"{g.topic} ({len(g.stories)})" for g in digest.groups)
    total = f"{digest.story_count + more}" + ("+" if more_at_least else "")
    count = f"{digest.story_count} stories" + (f" (of {total})" if more else "")
    return discord.Embed(
        title=clip(title, TITLE_MAX),
        description=clip(f"{count} · {span}\n{safe(topics, 3500)}", DESCRIPTION_MAX),
        colour=COLOR,
    )


def more_stories_embed(more: int, *, at_least: bool = False) -> discord.Embed:
    """The last line of a digest cut at its story limit: what was left out, and where to look."""
    count = f"{more}+" if at_least else str(more)
    noun = "story" if more == 1 and not at_least else "stories"
    return discord.Embed(description=f"+{count} more {noun} — see `/digest`", colour=COLOR)


def digest_messages(
    digest: Digest,
    title: str = "wirewatch digest",
    *,
    more: int = 0,
    more_at_least: bool = False,
) -> list[list[discord.Embed]]:
    """The whole digest as messages of embeds: a header, then each story grouped by topic, and
    a closing "+N more" line when `more` stories did not fit the digest."""
    embeds = [digest_header(digest, title, more=more, more_at_least=more_at_least)]
    for group in digest.groups:
        for i, story in enumerate(group.stories):
            # The topic heads the first story of its group only, so groups read as sections.
            embeds.append(story_embed(story, topic=group.topic if i == 0 else None))
    if more:
        embeds.append(more_stories_embed(more, at_least=more_at_least))
    return pack(embeds)


def list_pages(
    title: str, lines: Sequence[str], *, per_page: int = 10, footer: str | None = None
) -> list[discord.Embed]:
    """A list of result lines as one embed per page (lines must already be escaped)."""
    pages: list[discord.Embed] = []
    chunk: list[str] = []
    size = 0
    for line in lines:
        line = clip(line, 1000)
        if chunk and (len(chunk) == per_page or size + len(line) + 1 > DESCRIPTION_MAX):
            pages.append(_page(title, chunk))
            chunk, size = [], 0
        chunk.append(line)
        size += len(line) + 1
    if chunk:
        pages.append(_page(title, chunk))
    for i, page in enumerate(pages):
        text = f"Page {i + 1}/{len(pages)}" + (f" · {footer}" if footer else "")
        page.set_footer(text=clip(text, FOOTER_MAX))
    return pages


def _page(title: str, lines: list[str]) -> discord.Embed:
    return discord.Embed(title=clip(title, TITLE_MAX), description="\n".join(lines), colour=COLOR)
