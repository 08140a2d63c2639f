"""The installed package (a wheel, as the Docker image uses) carries every data file."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "feeds", "summarizer", "store")


def test_every_data_file_in_the_packages_is_package_data() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["*"]
    data = [
        p
        for pkg in PACKAGES
        for p in (REPO / pkg).rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]
    assert data, "the summarizer's gazetteers and the migrations' template at least"
    missing = [
        str(p.relative_to(REPO)) for p in data if not any(fnmatch(p.name, pat) for pat in patterns)
    ]
    assert missing == [], f"not shipped in a wheel: {missing}"
