"""Leases: claimed feeds and subscriptions go to one owner until polled (feeds), released
or lapsed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from store import FeedSpec, PollOutcome, SqlStore

LEASE = timedelta(minutes=2)
SPECS = [FeedSpec(url=f"https://l{n}.example/rss", name=f"L{n}") for n in range(6)]


def _polled(now: datetime) -> PollOutcome:
    return PollOutcome(polled_at=now, next_poll_at=now + timedelta(minutes=15))


async def test_claims_split_the_due_feeds_and_a_poll_ends_its_lease(store: SqlStore) -> None:
    await store.sync_default_feeds(SPECS)
    now = datetime.now(UTC)
    first, second = await asyncio.gather(
        store.claim_due_feeds("a", now, 4, LEASE), store.claim_due_feeds("b", now, 4, LEASE)
    )
    ids = [f.id for f in first + second]
    assert len(ids) == len(set(ids)) == len(SPECS)  # every feed once, to one claimant
    assert await store.claim_due_feeds("c", now, 4, LEASE) == []  # all held

    polled = first[0]
    await store.record_poll(polled.id, _polled(now))
    assert (
        await store.renew_leases("a", LEASE, "feeds") == len(first) - 1
    )  # the poll ended that lease
    # Polled, so no longer due by `now`; the others stay held until released.
    assert await store.claim_due_feeds("c", now, 4, LEASE) == []
    await store.release_leases("b", "feeds")
    assert {f.id for f in await store.claim_due_feeds("c", now, 9, LEASE)} == {f.id for f in second}


async def test_a_lapsed_lease_is_claimed_again(store: SqlStore) -> None:
    await store.sync_default_feeds(SPECS[:2])
    now = datetime.now(UTC)
    dead = await store.claim_due_feeds("dead", now, 9, timedelta(0))  # lapses at once
    assert len(dead) == 2
    again = await store.claim_due_feeds("live", now, 9, LEASE)
    assert {f.id for f in again} == {f.id for f in dead}
    assert await store.renew_leases("dead", LEASE, "feeds") == 0


async def test_a_subscription_is_posted_by_one_bot_at_a_time(store: SqlStore) -> None:
    sub = await store.add_subscription(1, 2, None, "daily 08:00")
    assert await store.claim_subscription(sub.id, "a", LEASE)
    assert not await store.claim_subscription(sub.id, "b", LEASE)  # a's lease is live
    assert await store.claim_subscription(sub.id, "a", LEASE)  # its own: kept
    await store.release_leases("a", "subscriptions", [sub.id])
    assert await store.claim_subscription(sub.id, "b", timedelta(0))  # lapses at once
    assert await store.claim_subscription(sub.id, "a", LEASE)
    assert await store.renew_leases("a", LEASE, "subscriptions") == 1
    assert await store.renew_leases("a", LEASE, "feeds") == 0  # the kinds are apart
