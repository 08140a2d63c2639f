"""The storage interface: one small async API that the SQLite and PostgreSQL backends share.

Everything above ``store/`` (the pipeline, the CLI, the Discord cogs) talks only to ``Store`` and
the plain records below, never to SQL. ``Store`` is the sum of small role Protocols (feeds, feed
health, articles, lookups, retention, digests, usage, stories); code that needs one role takes
that role, and a new capability is a new role rather than a longer interface. ``guild_id=None`` means "no guild filter" (the CLI's
view: everything); a Discord guild sees only the feeds it follows and the articles from them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal, Protocol

from summarizer.models import Summary


class StoreError(Exception):
    """Base class for errors the store reports to users."""


class StoreUnavailable(StoreError):
    """The database can't be opened: a bad URL, an unreachable server, no permission."""


class FeedExists(StoreError):
    pass


class NotFound(StoreError):
    pass


@dataclass(frozen=True)
class FeedSpec:
    """A feed as configured (config/feeds.toml, `feeds add`, `/feeds add`)."""

    url: str
    name: str
    topics: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FeedRecord:
    id: int
    url: str
    name: str
    topics: list[str]
    is_default: bool  # from config/feeds.toml: every guild starts with it
    paused: bool  # for this guild's view (or globally when listed without a guild)
    etag: str | None = None
    last_modified: str | None = None
    last_polled_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error: str | None = None
    error_count: int = 0  # consecutive failures; drives backoff
    next_poll_at: datetime | None = None
    initialized: bool = False  # first poll done: its entries were stored without announcing
    article_count: int = 0
    # Configured by the operator (config file or CLI), not by a guild: may point anywhere,
    # including private addresses; guild-added feeds are held to public addresses.
    operator: bool = False
    added_url: str | None = None  # differs from `url` once a permanent redirect moved it
    failing_since: datetime | None = None  # start of the current run of failures
    disabled_at: datetime | None = None  # too broken to poll (bot/feedhealth.py) until resumed
    disabled_reason: str | None = None

    @property
    def disabled(self) -> bool:
        return self.disabled_at is not None

    @property
    def moved_from(self) -> str | None:
        return self.added_url if self.added_url and self.added_url != self.url else None


@dataclass(frozen=True)
class PollOutcome:
    """What one poll of one feed did; the store updates the feed's poll state from it."""

    polled_at: datetime
    next_poll_at: datetime
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None  # None: success (200 or 304)
    new_articles: int = 0
    url: str | None = None  # set when a permanent redirect moved the feed
    # False when entries were left unstored (a failure, a stop mid-feed): they come back on
    # the next poll, and a new feed stays in its silent first phase until none are left.
    complete: bool = True
    # A failure that disables the feed gives the reason (bot/feedhealth.failure_reason).
    disable: str | None = None


@dataclass(frozen=True)
class FeedAlert:
    """A guild to tell that a feed it follows was disabled (once per disabling)."""

    guild_id: int
    feed_id: int
    feed_name: str
    url: str
    reason: str
    disabled_at: datetime
    channel_id: int | None  # the guild's alerts channel, else its first subscribed channel


@dataclass(frozen=True)
class NewArticle:
    feed_id: int
    dedupe_key: str
    title: str
    url: str | None
    published: datetime | None
    author: str | None
    text: str
    summary: Summary
    topics: list[str]
    announce: bool = True  # False for a new feed's first poll (no flood)
    # stories.article_vector(title, text), when the caller computed it already (in the
    # summarizing worker); the store computes it otherwise.
    vector: Mapping[str, float] | None = None
    # The feed's name as the store has it, when the caller has the record (saves a query).
    source: str | None = None


@dataclass(frozen=True)
class StoredArticle:
    id: int
    dedupe_key: str
    title: str
    url: str | None
    source: str | None  # name of the first feed it came from
    published: datetime | None
    stored_at: datetime
    author: str | None
    text: str
    summary: Summary
    topics: list[str]
    announce: bool
    story_id: int | None = None  # the story it reports (every stored article has one)


@dataclass(frozen=True)
class StoryRecord:
    """A story as readers see it: its articles visible to the asking guild, oldest first."""

    id: int
    version: int  # grows with every change a reader would see
    articles: list[StoredArticle]
    lead_article_id: int  # the article closest to the story's centroid: its headline
    first_published: datetime
    last_published: datetime
    posted: bool = False

    @property
    def lead(self) -> StoredArticle:
        return next((a for a in self.articles if a.id == self.lead_article_id), self.articles[0])

    @property
    def outlets(self) -> list[str]:
        """Distinct outlet names, in the order they first carried the story."""
        return list(dict.fromkeys(a.source or "unknown source" for a in self.articles))


@dataclass(frozen=True)
class StoryPost:
    """An instant subscription's message announcing a story."""

    subscription_id: int
    story_id: int
    channel_id: int
    message_id: int
    version: int  # the story version the message shows


@dataclass(frozen=True)
class QuoteHit:
    article_id: int
    article_title: str
    published: datetime | None
    speaker: str | None
    text: str


@dataclass(frozen=True)
class DateHit:
    article_id: int
    article_title: str
    value: str  # ISO, day/month/year precision
    text: str
    context: str | None


@dataclass(frozen=True)
class Subscription:
    id: int
    guild_id: int
    channel_id: int
    topic: str | None  # None: every topic
    schedule: str  # "instant" | "daily HH:MM" | "every Nh"
    paused: bool = False
    paused_reason: str | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class DigestProgress:
    """A window whose digest went out only in part: the messages already posted, in order."""

    window_start: datetime
    window_end: datetime
    message_ids: list[int]
    # The stories the digest was built from, newest first; None when not saved.
    article_ids: list[int] | None = None


@dataclass(frozen=True)
class TokenUsage:
    day: date
    input_tokens: int = 0
    output_tokens: int = 0
    requests: int = 0


class StoryStore(Protocol):
    """Stories: articles of one event across outlets (clustered as they are stored)."""

    async def list_stories(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        topic: str | None = None,
        guild_id: int | None = None,
        limit: int = 50,
        announced_only: bool = False,
    ) -> list[StoryRecord]:
        """Stories with an article stored in [since, until) (of the topic, visible to the
        guild), most important first: outlets covering it, then its latest article."""

    async def get_story(self, story_id: int, guild_id: int | None = None) -> StoryRecord | None:
        """One story (an id merged into another resolves to the survivor); None when unknown
        or none of its articles is left or visible."""

    async def stories_of(
        self, article_ids: Iterable[int], guild_id: int | None = None
    ) -> list[StoryRecord]:
        """The stories these articles belong to, in the order of their first article given."""

    async def mark_stories_posted(self, story_ids: Iterable[int]) -> None:
        """Posted somewhere: such a story keeps its id when it merges with another."""

    async def story_posts(
        self, subscription_id: int, story_ids: Iterable[int] | None = None
    ) -> dict[int, StoryPost]:
        """The subscription's instant messages, by story id (resolved through merges)."""

    async def record_story_post(self, post: StoryPost) -> None:
        """Remember (or update) the message announcing a story in a subscription."""

    async def forget_story_post(self, subscription_id: int, story_id: int) -> None: ...

    async def stale_story_posts(self, since: datetime) -> list[StoryPost]:
        """Messages of stories changed since their post, for stories updated after `since`."""


class FeedHealthStore(Protocol):
    """Disabled feeds: resuming them and telling the guilds that follow them."""

    async def resume_feed(self, feed_id: int) -> None:
        """Enable a disabled feed again with a clean failure record; polled at once."""

    async def pending_feed_alerts(self) -> list[FeedAlert]:
        """Guilds following a disabled feed (not removed, not paused there) not yet told of
        this disabling."""

    async def mark_feed_alerted(self, guild_id: int, feed_id: int, disabled_at: datetime) -> None:
        """Remember that the guild was told (or could not be): it is never told twice."""

    async def set_alerts_channel(self, guild_id: int, channel_id: int | None) -> None: ...

    async def get_alerts_channel(self, guild_id: int) -> int | None: ...


# What a process may hold a lease on: feeds (to poll) and subscriptions (to post).
Leased = Literal["feeds", "subscriptions"]


class LeaseStore(Protocol):
    """Leases shared by every process on the database: a leased row is worked by its owner
    alone until the owner releases it or stops renewing (it died) and the lease lapses."""

    async def claim_subscription(self, subscription_id: int, owner: str, lease: timedelta) -> bool:
        """Lease the subscription to `owner` unless another owner's lease on it is live."""

    async def renew_leases(self, owner: str, lease: timedelta, kind: Leased) -> int:
        """Extend `owner`'s leases of that kind to `lease` from now; returns how many."""

    async def release_leases(self, owner: str, kind: Leased, ids: list[int] | None = None) -> None:
        """End `owner`'s leases of that kind (only those of `ids`, when given)."""


class FeedStore(LeaseStore, Protocol):
    """Feeds: config defaults, guild lists, pausing and poll state."""

    async def sync_default_feeds(self, feeds: Iterable[FeedSpec]) -> None:
        """Make the config's feeds the defaults (added/updated; removed ones lose default)."""

    async def ensure_guild(self, guild_id: int) -> None:
        """First sight of a guild: it starts following every default feed."""

    async def add_feed(self, spec: FeedSpec, guild_id: int | None = None) -> FeedRecord:
        """Add a feed (to a guild's list when guild_id is given). Raises FeedExists."""

    async def remove_feed(self, ref: str, guild_id: int | None = None) -> bool:
        """ref: id, URL or name. With a guild, only that guild stops following it."""

    async def set_feed_paused(
        self, ref: str, paused: bool, guild_id: int | None = None
    ) -> bool: ...

    async def list_feeds(self, guild_id: int | None = None) -> list[FeedRecord]: ...

    async def find_feed(self, ref: str, guild_id: int | None = None) -> FeedRecord | None:
        """The feed ``ref`` names (id, URL, added URL or name) in the view, as remove/pause
        match it."""

    async def get_feed(self, feed_id: int) -> FeedRecord | None: ...

    async def due_feeds(self, now: datetime) -> list[FeedRecord]:
        """Feeds followed by someone (default or a guild), not paused everywhere, due by now."""

    async def record_poll(self, feed_id: int, outcome: PollOutcome) -> None: ...

    async def record_polls(self, outcomes: Sequence[tuple[int, PollOutcome]]) -> None:
        """Many feeds' outcomes in one transaction (a cycle's 304s), each as record_poll.
        Recording a poll ends the feed's lease."""

    # Several pollers on one database share the due feeds through leases: a claimed feed is
    # polled by its claimant alone until the lease lapses (the claimant died) or is recorded.
    shared: bool  # whether other processes may poll this database (PostgreSQL)

    async def claim_due_feeds(
        self, owner: str, now: datetime, limit: int, lease: timedelta
    ) -> list[FeedRecord]:
        """At most `limit` due feeds no one else holds, leased to `owner` for `lease`."""


class ArticleStore(Protocol):
    """Storing articles once each, and their summaries."""

    async def known_keys(self, keys: Iterable[str]) -> set[str]:
        """The keys stored, or pruned (tombstoned) and so not new either."""

    async def link_known(
        self, feed_id: int, candidates: Iterable[tuple[str, str | None]]
    ) -> set[str]:
        """Of (dedupe_key, canonical_url) candidates, the keys already stored, matched by key or
        by URL; the feed is linked to each matched article so its guilds see the story. Keys or
        URLs of pruned articles count as known too (there is nothing left to link)."""

    async def add_article(self, article: NewArticle) -> int | None:
        """Store article, summary, actors, quotes, dates and topics in one transaction.

        Returns the new id, or None when the dedupe key is already stored (the feed is then
        linked to the existing article; nothing is duplicated) or its key or URL belongs to a
        pruned article (not stored again)."""

    async def add_articles(self, batch: Sequence[NewArticle]) -> list[int | None]:
        """Several at once, in one transaction, each answered as add_article would."""

    async def get_article(
        self, article_id: int, guild_id: int | None = None
    ) -> StoredArticle | None: ...

    async def replace_summary(self, article_id: int, summary: Summary) -> None:
        """Re-summarization: swap the summary (and its actors/quotes/dates) atomically."""

    async def fallback_articles(self, limit: int = 100) -> list[StoredArticle]:
        """Articles whose summary has a fallback_reason (model failed; rules used)."""

    async def count_fallback_articles(self, limit: int) -> int:
        """How many `fallback_articles(limit)` would return, without loading them."""


class LookupStore(Protocol):
    """What the slash commands and the CLI ask of stored summaries."""

    async def recent_articles(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        topic: str | None = None,
        guild_id: int | None = None,
        limit: int = 50,
        announced_only: bool = False,
    ) -> list[StoredArticle]:
        """Newest first, by stored time."""

    async def search(
        self, query: str, guild_id: int | None = None, limit: int = 20
    ) -> list[StoredArticle]:
        """Full text over titles, summaries and quotes: the newest 500 matches
        (store.sql_base.LOOKUP_DEPTH), best match first."""

    async def articles_by_actor(
        self, name: str, since: datetime | None = None, guild_id: int | None = None, limit: int = 20
    ) -> list[StoredArticle]: ...

    async def name_keys(self, name: str) -> set[str]:
        """Canonical name keys `name` stands for; compare speakers with ``name_key``."""

    async def quotes(
        self,
        speaker: str | None = None,
        topic: str | None = None,
        guild_id: int | None = None,
        limit: int = 20,
    ) -> list[QuoteHit]: ...

    async def timeline(
        self, topic_or_actor: str, guild_id: int | None = None, limit: int = 50
    ) -> list[DateHit]:
        """Dated events of a topic's or an actor's newest 500 articles, oldest first."""

    async def topic_names(
        self, prefix: str = "", guild_id: int | None = None, limit: int = 25
    ) -> list[str]: ...

    async def actor_names(
        self, prefix: str = "", guild_id: int | None = None, limit: int = 25
    ) -> list[str]: ...

    async def speaker_names(
        self, prefix: str = "", guild_id: int | None = None, limit: int = 25
    ) -> list[str]: ...


class RetentionStore(Protocol):
    """Pruning old articles (and what only they kept alive)."""

    async def count_articles_before(self, older_than: datetime) -> int:
        """How many articles were stored before `older_than` (what a prune would remove)."""

    async def prune_articles(
        self, older_than: datetime, forget_before: datetime | None = None
    ) -> int:
        """Delete the articles stored before `older_than` with all their parts, in batches
        of one transaction each; returns how many were deleted.

        Each leaves a tombstone (dedupe key, canonical URL), so `known_keys`, `link_known`
        and `add_article` keep treating it as known: a feed still listing the entry does not
        get an old story stored and announced again. Tombstones recorded before
        `forget_before` are dropped; by default they are kept twice as long as the retention
        (now - older_than), and at least 30 days."""


class DigestStore(LeaseStore, Protocol):
    """Subscriptions, posted digest windows and a guild's settings."""

    async def add_subscription(
        self, guild_id: int, channel_id: int, topic: str | None, schedule: str
    ) -> Subscription:
        """New, or the existing subscription of that channel and topic (left unchanged)."""

    async def remove_subscription(self, guild_id: int, subscription_id: int) -> bool: ...

    async def list_subscriptions(self, guild_id: int | None = None) -> list[Subscription]: ...

    async def set_subscription_paused(
        self, subscription_id: int, paused: bool, reason: str | None = None
    ) -> None: ...

    async def set_subscription_schedule(self, subscription_id: int, schedule: str) -> None:
        """Change the schedule in place (its posted windows stay); raises NotFound."""

    async def last_digest_window_end(self, subscription_id: int) -> datetime | None: ...

    async def record_digest(
        self,
        subscription_id: int,
        window_start: datetime,
        window_end: datetime,
        message_ids: list[int],
    ) -> bool:
        """Record a posted window (clearing its progress); False when already recorded."""

    async def save_digest_progress(
        self,
        subscription_id: int,
        window_start: datetime,
        window_end: datetime,
        message_ids: list[int],
        article_ids: list[int] | None = None,
    ) -> None:
        """Remember a partly posted window, so a retry (even after a restart) skips its
        posted messages and rebuilds the digest from the same stories (`article_ids`);
        replaces earlier progress of the subscription."""

    async def digest_progress(self, subscription_id: int) -> DigestProgress | None: ...

    async def get_guild_timezone(self, guild_id: int) -> str:
        """IANA name; "UTC" when unset."""

    async def set_guild_timezone(self, guild_id: int, tz: str) -> None: ...


@dataclass(frozen=True)
class ProcessRecord:
    """A running wirewatch process, as it last reported itself."""

    id: str
    role: str
    shards: str | None
    host: str
    pid: int
    started_at: datetime
    heartbeat_at: datetime
    leases: int = 0  # feeds it holds now


class ProcessStore(Protocol):
    """The registry of processes sharing the database."""

    async def heartbeat(self, process: ProcessRecord, forget_before: datetime) -> None:
        """Say `process` is alive now (registering it the first time); rows of processes
        silent since `forget_before` (killed ones) are dropped."""

    async def remove_process(self, process_id: str) -> None: ...

    async def live_processes(self, since: datetime) -> list[ProcessRecord]:
        """Processes heard from since `since`, each with the feed leases it holds."""


class NotifyStore(Protocol):
    """New stories told across processes (several on PostgreSQL; nothing on SQLite)."""

    async def notify_new_stories(self) -> None:
        """Tell the listening processes that announced articles were stored."""

    def listen_new_stories(self, callback: Callable[[], None]) -> AbstractAsyncContextManager[None]:
        """Call `callback` on each notification while the block runs."""


class UsageStore(Protocol):
    """The model's summary cache and daily token budget."""

    async def cached_summary(self, key: str) -> Summary | None: ...

    async def cache_summary(self, key: str, summary: Summary) -> None: ...

    async def add_token_usage(self, day: date, input_tokens: int, output_tokens: int) -> None: ...

    async def token_usage(self, day: date) -> TokenUsage: ...


class Store(
    FeedStore,
    FeedHealthStore,
    ArticleStore,
    LookupStore,
    RetentionStore,
    DigestStore,
    UsageStore,
    StoryStore,
    ProcessStore,
    NotifyStore,
    Protocol,
):
    """Everything a backend implements; callers that need one role take that role."""

    async def close(self) -> None: ...
