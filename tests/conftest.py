"""Fixtures every test folder may use."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    """../shared (eval set and feed corpus); tests using it skip cleanly when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present beside the repository")
    return SHARED


@cache
def summary_schema() -> dict[str, Any] | None:
    """The shared summary contract, or None when ../shared is absent."""
    path = SHARED / "eval" / "summary.schema.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
