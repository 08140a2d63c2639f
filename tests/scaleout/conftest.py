"""Fixtures for several wirewatch processes on one PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.live import feeds  # noqa: F401 (the loopback feeds fixture)
from tests.pg import fresh_database
from tests.scaleout.bots import fake  # noqa: F401 (the fake Discord, one guild)
from tests.scaleout.pollers import pollers  # noqa: F401 (two pollers of those feeds)


@pytest.fixture
def fresh_pg() -> Iterator[str]:
    """A new, empty (unmigrated) PostgreSQL database for this test alone."""
    with fresh_database() as url:
        yield url
