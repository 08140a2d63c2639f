"""Check a feed before watching it: fetch and parse once, or find the feed an HTML page names.

Shared by `wirewatch feeds add` (the operator: private and local addresses allowed) and the
Discord `/feeds add` (a guild: public http(s) addresses only, vetted on every redirect).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.settings import Settings
from feeds.discover import discover_feed_links, looks_like_feed, looks_like_html
from feeds.fetch import fetch, make_session
from feeds.parse import parse_feed
from feeds.urlsafety import check_public_url
from store.base import FeedHealthStore, FeedRecord


class FeedCheckError(Exception):
    """Why a URL can't be watched, worded for the person who gave it."""


@dataclass(frozen=True)
class CheckedFeed:
    url: str  # the feed's own URL (after discovery and redirects)
    title: str | None
    entries: int


async def _public_only(url: str) -> str | None:
    return await check_public_url(url, allow_private=False)


async def check_feed(
    url: str, settings: Settings, *, operator: bool = False, discover: bool = True
) -> CheckedFeed:
    """The feed at `url`, or (with `discover`) behind the HTML page at `url`. Raises
    FeedCheckError.

    A guild's feed (operator=False) must be an http(s) URL whose every hop resolves to a
    public address, unless the config allows private feeds."""
    if not operator and not url.startswith(("http://", "https://")):
        raise FeedCheckError("give the feed's full address, starting with https://")
    private_ok = operator or settings.discord.allow_private_feeds
    guard = None if private_ok else _public_only
    limits = settings.fetch.limits()
    async with make_session(limits, public_only=guard is not None) as session:
        for attempt in range(2):  # the page itself, then the feed it links to
            result = await fetch(url, limits=limits, session=session, guard=guard)
            if not result.ok or result.body is None:
                raise FeedCheckError(f"couldn't fetch {url}: {result.error or 'no content'}")
            if looks_like_feed(result.body):
                parsed = parse_feed(
                    result.body,
                    result.url,
                    content_type=result.content_type,
                    limits=settings.poll.parse_limits(),
                )
                if parsed.entries or parsed.title:
                    return CheckedFeed(result.url, parsed.title, len(parsed.entries))
                break
            if not discover:
                if looks_like_html(result.body, result.content_type):
                    raise FeedCheckError(f"{url} answered HTML, not a feed")
                break
            links = discover_feed_links(result.body, result.url)
            if attempt or not links:
                break
            url = links[0]
    raise FeedCheckError(
        "that is not a feed and doesn't link to one; give the RSS/Atom address "
        "(often ending in /rss, /feed or .xml)"
    )


async def resume_feed(store: FeedHealthStore, feed: FeedRecord, settings: Settings) -> CheckedFeed:
    """Re-enable a disabled feed after one successful test fetch of its own URL (no page
    discovery: the feed must answer as a feed). Raises FeedCheckError and then changes
    nothing. Shared by `wirewatch feeds resume` and `/feeds resume`."""
    checked = await check_feed(feed.url, settings, operator=feed.operator, discover=False)
    await store.resume_feed(feed.id)
    return checked
