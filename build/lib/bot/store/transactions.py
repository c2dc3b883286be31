"""Running the scheduler's reads and writes: one transaction per call, in the right place.

On SQLite a write runs in a dedicated thread on the synchronous driver and takes the
write lock at BEGIN IMMEDIATE, so claiming rows is a single-writer transaction with no
upgrade deadlock. On PostgreSQL it runs through `run_sync` on the store's async engine,
where `FOR UPDATE SKIP LOCKED` lets several workers claim side by side.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from bot.store.db import create_sqlite_sync, is_sqlite

if TYPE_CHECKING:
    from bot.store.store import Store

T = TypeVar("T")


def aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; Orbit only stores UTC, so say so."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


class Transactions:
    """`await run(fn, *args)` calls `fn(conn, *args)` inside one committed transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.sqlite = is_sqlite(store.engine)
        self._sync = create_sqlite_sync(store.url, writer=True) if self.sqlite else None
        self._thread = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="orbit-schedule")
            if self.sqlite
            else None
        )

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        if self._sync is not None:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._thread, self._in_thread, fn, args)
        async with self.store.engine.begin() as conn:
            return await conn.run_sync(fn, *args)

    def _in_thread(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        assert self._sync is not None
        with self._sync.begin() as conn:
            return fn(conn, *args)

    async def close(self) -> None:
        if self._thread is not None:
            self._thread.shutdown(wait=True)
        if self._sync is not None:
            self._sync.dispose()
