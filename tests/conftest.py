"""Fixtures that build real databases (SQLite files, and PostgreSQL when configured)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import ROOT
from bot.core.engine import Coach, CoachSettings
from bot.insights.chat_media import InsightsMedia
from bot.store.migrate import upgrade
from bot.store.store import Store
from tests.chat import Chat
from tests.databases import reset_postgres

PG_URL = os.environ.get("ORBIT_TEST_DATABASE_URL")
LESSONS = ROOT / "lessons"
PROMPTS = ROOT / "prompts"


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


NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # a Tuesday afternoon


def make_coach(
    store: Store, *, clock: Callable[[], datetime] = lambda: NOW, **settings: object
) -> Coach:
    """A Coach on the shipped lessons, with a fixed clock unless one is given."""
    return Coach.from_paths(
        store=store,
        lessons_dir=LESSONS,
        prompts_dir=PROMPTS,
        settings=CoachSettings(**settings),  # type: ignore[arg-type]
        clock=clock,
        media=InsightsMedia(),
    )


@pytest.fixture
def coach(store: Store) -> Coach:
    return make_coach(store)


@pytest.fixture
def chat(coach: Coach) -> Chat:
    return Chat(coach, user="ana")
