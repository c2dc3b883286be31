"""Fixtures for the Telegram adapter: a real Application on an in-process Bot API."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from bot.adapters.telegram.adapter import TelegramAdapter
from bot.adapters.telegram.app import attach, build_application
from bot.adapters.telegram.settings import TelegramSettings
from bot.core.engine import Coach
from bot.store.store import Store
from tests.conftest import make_coach
from tests.telegram.botapi import FakeBotApi

os.environ.setdefault(
    "PTB_TIMEDELTA", "1"
)  # PTB 22's opt-in: RetryAfter.retry_after is a timedelta
UNPACED = {"chat_rate": 0, "global_rate": 0, "group_rate": 0}


def settings(**overrides: Any) -> TelegramSettings:
    return TelegramSettings(token="4242:test-token", **{**UNPACED, **overrides})


@dataclass
class Bot:
    """The running bot under test: feed it raw updates, read what it sent."""

    app: Application
    adapter: TelegramAdapter
    api: FakeBotApi

    async def feed(self, *updates: dict[str, Any]) -> None:
        for data in updates:
            await self.app.process_update(Update.de_json(data, self.app.bot))


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
