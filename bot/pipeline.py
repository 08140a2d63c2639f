"""The polling pipeline: fetch → parse → compare → summarize → store → notify.

Each stage is a plain function over plain data (feeds/, summarizer/, store/); this module only
sequences them per feed and decides the poll schedule. One failing feed never stops the others:
every error is caught at the feed boundary, recorded on that feed, and the feed backs off.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

import aiohttp

from bot.articles import article_for
from bot.cpu import THREADS, CpuPool
from bot.feed_source import Claimed, FeedSource, Listed
from bot.feedhealth import disable_reason
from bot.instance import instance_id
from bot.settings import Settings
from bot.summarizing import Summarize
from bot.topics import assign_topics
from feeds.discover import looks_like_feed, looks_like_html
from feeds.fetch import UrlGuard, fetch, make_session
from feeds.limits import clip_text
from feeds.models import Entry, FetchResult, ParsedFeed
from feeds.parse import parse_feed
from feeds.urlsafety import check_public_url
from store.base import FeedRecord, NewArticle, PollOutcome, Store, StoredArticle
from stories import article_vector

log = logging.getLogger(__name__)

Listener = Callable[[StoredArticle], Awaitable[None]]
# Called after a feed was disabled (the store already says so): e.g. tell its guilds.
DisabledListener = Callable[[FeedRecord], Awaitable[None]]


@dataclass(frozen=True)
class FeedReport:
    feed_id: int
    name: str
    new: int = 0
    unchanged: bool = False
    error: str | None = None
    warning: str | None = None  # a malformed feed whose good entries were kept
    failed_entries: int = 0


@dataclass
class PollReport:
    feeds: list[FeedReport] = field(default_factory=list)
    new_article_ids: list[int] = field(default_factory=list)

    @property
    def new(self) -> int:
        return sum(f.new for f in self.feeds)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.feeds if f.error)


def next_poll_time(
    now: datetime, settings: Settings, failures: int, retry_after_s: float | None = None
) -> datetime:
    """Healthy feeds poll every interval; failing ones back off exponentially (with jitter,
    so feeds that failed together don't retry in lockstep), honouring Retry-After."""
    base = settings.poll.interval_minutes * 60
    if failures <= 0:
        delay = base
    else:
        delay = min(base * 2 ** (failures - 1), settings.poll.max_backoff_minutes * 60)
        delay *= random.uniform(1.0, 1.2)
    if retry_after_s:
        delay = max(delay, retry_after_s)
    return now + timedelta(seconds=delay)


def _warning(parsed: ParsedFeed) -> str | None:
    """What a poll that still stored entries has to say about the document."""
    notes = []
    if parsed.problem:
        notes.append(f"malformed feed, good entries kept: {parsed.problem}")
    if parsed.total_entries:
        notes.append(
            f"the feed lists {parsed.total_entries} entries; only the first "
            f"{len(parsed.entries)} were read (poll.max_entries_per_poll)"
        )
    return "; ".join(notes) or None


# Unchanged feeds' poll outcomes written together (one transaction, one statement).
UNCHANGED_BATCH = 200
# A feed's new articles are stored this many to a transaction (Store.add_articles): a round
# trip per statement, not per statement and article. Small enough that the batch commits
# well within the digest windows' settle time (bot/discord/digests.INSTANT_SETTLE).
STORE_BATCH = 20


class Pipeline:
    def __init__(
        self, store: Store, settings: Settings, summarize: Summarize, cpu: CpuPool = THREADS
    ) -> None:
        self.store = store
        self.settings = settings
        self.summarize = summarize
        self.cpu = cpu  # where parsing and story vectors run (and rules summaries, see build)
        self.listeners: list[Listener] = []
        self.disabled_listeners: list[DisabledListener] = []
        self._topics = settings.topics()
        self._stopping = asyncio.Event()
        self._lock = asyncio.Lock()  # one poll at a time; a slow poll is never overlapped
        self._public_session: aiohttp.ClientSession | None = None  # during poll_due
        self._unchanged: list[tuple[int, PollOutcome]] | None = None  # during poll_due

    def request_stop(self) -> None:
        """Finish the article in hand, then stop polling (clean shutdown)."""
        self._stopping.set()

    async def poll_due(
        self,
        now: datetime | None = None,
        on_feed_done: Callable[[FeedReport], None] | None = None,
        force: bool = False,
    ) -> PollReport:
        """Poll every due feed (every feed when `force`) with bounded concurrency."""
        self.cpu.prepare()
        async with self._lock:
            now = now or datetime.now(UTC)
            feeds: FeedSource
            poll = self.settings.poll
            if force or not self.store.shared:
                # `force` (poll --once, the demo) polls every followed feed whatever its
                # schedule.
                feeds = Listed(
                    await self.store.due_feeds(now + timedelta(days=3650) if force else now)
                )
            else:
                lease = timedelta(seconds=poll.lease_seconds)
                feeds = Claimed(self.store, instance_id(), now, 2 * poll.concurrency, lease)
            report = PollReport()
            limits = self.settings.fetch.limits()
            # Fetches for guilds (their feeds, any article page) go through a session that
            # connects to public addresses only; see feeds/urlsafety.py.
            async with (
                make_session(limits) as session,
                make_session(limits, public_only=True) as self._public_session,
            ):

                async def worker() -> None:
                    # `concurrency` of these: at most that many feeds are fetched at a time.
                    while not self._stopping.is_set() and (feed := await feeds.next()):
                        fr = await self.poll_feed(
                            feed, session=session, new_ids=report.new_article_ids
                        )
                        report.feeds.append(fr)
                        if on_feed_done:
                            on_feed_done(fr)

                self._unchanged = []
                try:
                    async with feeds.held():
                        await asyncio.gather(*(worker() for _ in range(poll.concurrency)))
                        await self._flush_unchanged()
                finally:
                    self._public_session = self._unchanged = None
            return report

    async def poll_feed(
        self,
        feed: FeedRecord,
        session: aiohttp.ClientSession | None = None,
        new_ids: list[int] | None = None,
    ) -> FeedReport:
        now = datetime.now(UTC)
        try:
            return await self._poll_feed(feed, now, session, new_ids if new_ids is not None else [])
        except Exception as e:  # the feed boundary: nothing escapes to the other feeds
            log.exception("polling %s failed", feed.name)
            error = f"internal error: {type(e).__name__}: {e}"
            # Our own bug is no reason to disable the feed: it only backs off.
            await self._record_failure(feed, now, error, None, may_disable=False)
            return FeedReport(feed.id, feed.name, error=error)

    def _guard(self, feed: FeedRecord) -> UrlGuard | None:
        """Guild-added feeds are re-checked on every poll and redirect: a URL that was public
        when added may later resolve or redirect to a private or metadata address (SSRF)."""
        if feed.operator or self.settings.discord.allow_private_feeds:
            return None
        return check_public_url

    async def _record_failure(
        self,
        feed: FeedRecord,
        now: datetime,
        error: str,
        retry_after: float | None,
        status: int | None = None,
        may_disable: bool = True,
    ) -> None:
        policy = self.settings.poll.disable_policy()
        disable = disable_reason(policy, feed, status, error, now) if may_disable else None
        await self.store.record_poll(
            feed.id,
            PollOutcome(
                polled_at=now,
                next_poll_at=next_poll_time(now, self.settings, feed.error_count + 1, retry_after),
                etag=feed.etag,
                last_modified=feed.last_modified,
                error=error,
                disable=disable,
            ),
        )
        if disable is None:
            return
        log.warning("disabled feed %s (#%s): %s (%s)", feed.name, feed.id, disable, error)
        disabled = await self.store.get_feed(feed.id)
        if disabled is None:  # removed meanwhile
            return
        for listener in self.disabled_listeners:
            try:
                await listener(disabled)
            except Exception:  # telling guilds must not fail the poll
                log.exception("disabled-feed listener failed for feed %s", feed.id)

    async def _poll_feed(
        self,
        feed: FeedRecord,
        now: datetime,
        session: aiohttp.ClientSession | None,
        new_ids: list[int],
    ) -> FeedReport:
        limits = self.settings.fetch.limits()
        guard = self._guard(feed)
        result = await fetch(
            feed.url,
            etag=feed.etag,
            last_modified=feed.last_modified,
            limits=limits,
            session=self._public_session if guard else session,
            guard=guard,
        )
        if result.error:
            await self._record_failure(
                feed, now, result.error, result.retry_after_s, status=result.status
            )
            return FeedReport(feed.id, feed.name, error=result.error)
        # A permanent redirect moves the feed: later polls go straight to the new URL.
        moved = result.url if result.permanent_redirect and result.url != feed.url else None
        if result.not_modified or result.body is None:
            await self._record_success(feed, now, result, 0, moved)
            return FeedReport(feed.id, feed.name, unchanged=True)

        # The HTTP charset matters when the document itself doesn't declare one.
        # Off the event loop: a big feed parses for a tenth of a second or more, and in
        # `wirewatch run` that loop also answers slash commands and keeps the gateway alive.
        parsed = await self.cpu.run(
            parse_feed,
            result.body,
            base_url=result.url,
            content_type=result.content_type,
            limits=self.settings.poll.parse_limits(),
        )
        if not parsed.entries and (parsed.problem or not looks_like_feed(result.body)):
            # An empty but valid feed is fine; an HTML page or garbage is an error to show.
            if looks_like_html(result.body, result.content_type):
                error = (
                    f"answered HTML, not a feed ({result.content_type or 'no Content-Type'}):"
                    " the site may have moved or dropped its feed"
                )
            else:
                error = f"not a valid feed: {parsed.problem or 'no RSS, Atom or JSON feed in the response'}"
            await self._record_failure(feed, now, error, None)
            return FeedReport(feed.id, feed.name, error=error)

        fresh = await self._new_entries(feed, parsed.entries)
        # A new feed's first poll stores its backlog silently; later, a burst beyond the cap is
        # stored but only the newest `max_new_per_poll` are announced (no channel floods).
        cap = self.settings.poll.max_new_per_poll if feed.initialized else 0
        announce_from = max(0, len(fresh) - cap)
        stored = failed = skipped = 0
        for start in range(0, len(fresh), STORE_BATCH):
            if self._stopping.is_set():
                break  # the rest comes back next poll
            ready: list[NewArticle] = []
            for i, entry in enumerate(fresh[start : start + STORE_BATCH], start):
                if self._stopping.is_set():
                    break  # finish the article in hand (stored below), start no other
                try:
                    ready.append(
                        await self._prepare(feed, entry, session, announce=i >= announce_from)
                    )
                except Exception:
                    # Not stored, so not known: the entry is tried again on the next poll.
                    log.exception("could not summarize %r from %s", entry.title, feed.name)
                    failed += 1
            announced = False
            for new, article_id in zip(ready, await self._store(ready), strict=True):
                if article_id is False:
                    failed += 1
                elif article_id is None:
                    skipped += 1  # stored meanwhile from another feed: linked, not new
                else:
                    stored += 1
                    new_ids.append(article_id)
                    if new.announce:
                        announced = True
                        await self._announce(article_id)
            if announced:  # bots in other processes (PostgreSQL) post them soon
                await self.store.notify_new_stories()
        # Entries left unstored (a failure, or a stop mid-feed) must come back next poll: keep the
        # previous validators, so the server answers 200 with the document rather than a 304.
        unfinished = failed > 0 or stored + skipped < len(fresh)
        await self._record_success(feed, now, result, stored, moved, unfinished=unfinished)
        return FeedReport(
            feed.id, feed.name, new=stored, warning=_warning(parsed), failed_entries=failed
        )

    async def _record_success(
        self,
        feed: FeedRecord,
        now: datetime,
        result: FetchResult,
        new: int,
        moved: str | None,
        unfinished: bool = False,
    ) -> None:
        # A 304's result carries the validators that matched (fetch keeps the ones it sent).
        if unfinished:
            etag, modified = feed.etag, feed.last_modified
        else:
            etag, modified = result.etag, result.last_modified
        outcome = PollOutcome(
            polled_at=now,
            next_poll_at=next_poll_time(now, self.settings, 0, result.retry_after_s),
            etag=etag,
            last_modified=modified,
            new_articles=new,
            url=moved,
            complete=not unfinished,
        )
        # A feed that had nothing new (a warm cycle's 304s) waits for one write with the
        # others: lost in a crash, it is only polled again, which changes nothing.
        if (
            self._unchanged is not None
            and new == 0
            and not moved
            and not unfinished
            and feed.initialized
        ):
            self._unchanged.append((feed.id, outcome))
            if len(self._unchanged) >= UNCHANGED_BATCH:
                await self._flush_unchanged()
            return
        await self.store.record_poll(feed.id, outcome)

    async def _flush_unchanged(self) -> None:
        if self._unchanged:
            batch, self._unchanged[:] = list(self._unchanged), []
            await self.store.record_polls(batch)

    async def _new_entries(self, feed: FeedRecord, entries: list[Entry]) -> list[Entry]:
        """Entries not stored yet, once each, oldest first (so announcements read in order).

        A story already stored from another feed (same key or same canonical URL) is linked
        to this feed instead, so guilds following only this feed still see it."""
        unique = list({e.dedupe_key: e for e in reversed(entries)}.values())
        known = await self.store.link_known(feed.id, ((e.dedupe_key, e.url) for e in unique))
        fresh = [e for e in unique if e.dedupe_key not in known]
        epoch = datetime.min.replace(tzinfo=UTC)
        fresh.sort(key=lambda e: e.published or epoch)
        return fresh

    async def _full_text(self, entry: Entry, session: aiohttp.ClientSession | None) -> str:
        if not (entry.is_teaser and entry.url and self.settings.poll.fetch_full_text):
            return entry.text
        # Entry links are third-party content even in an operator's feed: a page fetch must
        # never reach a private or metadata address, since its text ends up in Discord.
        guard = None if self.settings.discord.allow_private_feeds else check_public_url
        page = await fetch(
            entry.url,
            limits=self.settings.fetch.limits(),
            session=self._public_session if guard else session,
            guard=guard,
        )
        if page.ok and page.body:
            # trafilatura loads only when pages are fetched: 0.16 s of every start otherwise.
            from feeds.extract import extract_article_text

            body = await self.cpu.run(extract_article_text, page.body, page.url)
            if body and len(body) > len(entry.text):
                return clip_text(body, self.settings.poll.max_entry_chars)
        return entry.text

    async def _prepare(
        self, feed: FeedRecord, entry: Entry, session: aiohttp.ClientSession | None, announce: bool
    ) -> NewArticle:
        text = await self._full_text(entry, session)
        article = article_for(entry, text=text, source=feed.name)
        summary = await self.summarize(article)
        # The story features are pure CPU work too: off the event loop, like summarizing.
        vector = await self.cpu.run(article_vector, entry.title, text)
        return NewArticle(
            feed_id=feed.id,
            dedupe_key=entry.dedupe_key,
            title=entry.title,
            url=entry.url,
            published=entry.published,
            author=entry.author,
            text=text,
            summary=summary,
            topics=assign_topics(summary, feed.topics, self._topics),
            announce=announce,
            vector=vector,
            source=feed.name,
        )

    async def _store(self, ready: list[NewArticle]) -> list[int | None | Literal[False]]:
        """Each article's new id, None (known already: linked) or False (failed, so retried
        next poll). One transaction for the batch; should it fail, each article is tried
        alone, so one bad article does not cost the others."""
        try:
            return list(await self.store.add_articles(ready))
        except Exception:
            log.exception(
                "storing %d articles together failed; storing them one by one", len(ready)
            )
        results: list[int | None | Literal[False]] = []
        for new in ready:
            try:
                results.append(await self.store.add_article(new))
            except Exception:
                log.exception("could not store %r", new.title)
                results.append(False)
        return results

    async def _announce(self, article_id: int) -> None:
        if not self.listeners:
            return
        stored = await self.store.get_article(article_id)
        if stored is None:
            return
        for listener in self.listeners:
            try:
                await listener(stored)
            except Exception:  # a delivery problem must not un-store the article
                log.exception("listener failed for article %s", article_id)
