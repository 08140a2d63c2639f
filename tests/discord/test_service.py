"""`wirewatch run` without a token says so in one line and exits 2."""

from __future__ import annotations

import pytest

from bot import service
from bot.settings import load_settings


async def test_run_without_token_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = await service.run(load_settings(env={}))
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("DISCORD_TOKEN is not set: ") and err.count("\n") == 1
