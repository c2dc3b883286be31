"""Database set-up shared by the tests and the benchmarks."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.store.db import async_url


async def reset_postgres(url: str) -> None:
    """Drop and recreate the `public` schema: a clean database for one test or run."""
    engine = create_async_engine(async_url(url))
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()
