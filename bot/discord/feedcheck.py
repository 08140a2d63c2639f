"""`/feeds add`: make sure a URL is a public feed (or an HTML page naming one) before storing it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.discord.errors import UserError
from bot.settings import Settings


@dataclass(frozen=True)
class CheckedFeed:
    url: str
    title: str | None
    entries: int


async def check_feed(url: str, settings: Settings) -> CheckedFeed:
    """Fetch and parse once; follow an HTML page's <link rel="alternate">. Raises UserError."""
    # Imported here: the feeds layer pulls in the HTTP stack only for this command.
    from feeds.discover import discover_feed_links, looks_like_feed
    from feeds.fetch import fetch, make_session
    from feeds.parse import parse_feed
    from feeds.urlsafety import check_public_url

    if not url.startswith(("http://", "https://")):
        raise UserError("Give the feed's full address, starting with `https://`.")
    limits = settings.fetch.limits()
    allow_private = settings.discord.allow_private_feeds
    async with make_session(limits) as session:
        for attempt in range(2):  # the page itself, then the feed it links to
            problem = await check_public_url(url, allow_private=allow_private)
            if problem:
                raise UserError(f"I can't add that address: {problem}.")
            result = await fetch(url, etag=None, last_modified=None, limits=limits, session=session)
            # A redirect may land somewhere private: never store such a feed.
            if result.url != url and (
                problem := await check_public_url(result.url, allow_private=allow_private)
            ):
                raise UserError(
                    f"I can't add that address: it redirects to a refused one ({problem})."
                )
            if not result.ok or result.body is None:
                raise UserError(
                    f"Couldn't fetch <{url}>: {result.error or 'no content'}. Check the address."
                )
            if looks_like_feed(result.body):
                parsed = parse_feed(result.body, result.url)
                if not parsed.entries and not parsed.title:
                    break
                return CheckedFeed(result.url, parsed.title, len(parsed.entries))
            links = discover_feed_links(result.body.decode("utf-8", "replace"), result.url)
            if attempt or not links:
                break
            url = links[0]
    raise UserError(
        "That page is not a feed and doesn't link to one. Give the RSS/Atom address "
        "(often ending in `/rss`, `/feed` or `.xml`)."
    )
