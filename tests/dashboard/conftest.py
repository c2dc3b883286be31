"""The dashboard served for real on a loopback port, on a real database (SQLite, and
PostgreSQL when configured), with a browser-like HTTP client that keeps cookies."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import aiohttp
import pytest

from bot.app.dashboard import dashboard_on
from bot.config import load_settings
from bot.dashboard.app import serving
from bot.store.store import Store
from bot.store.transactions import Transactions
from bot.vocab.records import utcnow
from tests.dashboard.world import World, build_world
from tests.support.coach import make_coach


@pytest.fixture
async def world(store: Store) -> AsyncIterator[World]:
    coach = make_coach(store, clock=utcnow, dashboard_url="http://dashboard.test")
    tx = Transactions(store)
    settings = load_settings(database_url=store.url, dashboard_tell_student=True)
    try:
        yield await build_world(coach, tx, settings)
    finally:
        await tx.close()


@dataclass
class Site:
    base: str
    world: World

    def client(self) -> aiohttp.ClientSession:
        """A fresh browser: its own cookie jar (unsafe=True keeps cookies for 127.0.0.1)."""
        return aiohttp.ClientSession(base_url=self.base, cookie_jar=aiohttp.CookieJar(unsafe=True))

    def path(self, link: str) -> str:
        return urlsplit(link).path


@pytest.fixture
async def site(world: World) -> AsyncIterator[Site]:
    prompts = world.coach.prompts
    async with (
        dashboard_on(world.coach.store, world.settings, prompts) as dashboard,
        serving(dashboard, host="127.0.0.1", port=0) as port,
    ):
        yield Site(f"http://127.0.0.1:{port}", world)
