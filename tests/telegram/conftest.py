"""Fixtures for the Telegram adapter: a real Application on an in-process Bot API."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest

from bot.adapters.telegram.app import attach, build_application
from bot.core.engine import Coach
from bot.store.store import Store
from tests.support.coach import make_coach
from tests.telegram.botapi import FakeBotApi
from tests.telegram.harness import Bot, settings

os.environ.setdefault(
    "PTB_TIMEDELTA", "1"
)  # PTB 22's opt-in: RetryAfter.retry_after is a timedelta


@pytest.fixture
async def sqlite_coach(sqlite_url: str) -> AsyncIterator[Coach]:
    store = await Store(sqlite_url).open()
    yield make_coach(store)
    await store.close()


@pytest.fixture
async def bot(sqlite_coach: Coach) -> AsyncIterator[Bot]:
    api = FakeBotApi()
    app = build_application(settings(), request=api)
    async with app:
        yield Bot(app, attach(app, sqlite_coach), api)
