"""Fixtures that build real databases (SQLite files, and PostgreSQL when configured), and
the Coach and chat on them. Helpers live in tests/support/, never here."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.engine import Coach
from bot.store.migrate import upgrade
from bot.store.store import Store
from tests.support.chat import Chat
from tests.support.coach import make_coach
from tests.support.databases import reset_postgres

PG_URL = os.environ.get("ORBIT_TEST_DATABASE_URL")


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A freshly migrated database of each kind (PostgreSQL only when configured)."""
    if request.param == "postgres":
        if not PG_URL:
            pytest.skip("ORBIT_TEST_DATABASE_URL is not set; .ci/run sets it for PostgreSQL")
        await reset_postgres(PG_URL)
        url = PG_URL
    else:
        url = f"sqlite:///{tmp_path / 'orbit.db'}"
    await asyncio.to_thread(upgrade, url)
    return url


@pytest.fixture
async def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'orbit.db'}"
    await asyncio.to_thread(upgrade, url)
    return url


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    opened = await Store(database_url).open()
    yield opened
    await opened.close()


@pytest.fixture
def coach(store: Store) -> Coach:
    return make_coach(store)


@pytest.fixture
def chat(coach: Coach) -> Chat:
    return Chat(coach, user="ana")
