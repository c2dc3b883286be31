"""Running a command's async work: in the store's transactions, or with the whole Coach."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.store.transactions import Transactions

T = TypeVar("T")


def run(work: Coroutine[Any, Any, T]) -> T:
    """Run `work` to the end; errors go to the one map in `bot.cli.errors`."""
    return asyncio.run(work)


def in_store(settings: Settings, work: Callable[[Transactions], Awaitable[T]]) -> T:
    """Open the store, run `work` with its transactions, close everything."""
    from bot.runtime import open_store
    from bot.store.transactions import Transactions

    async def go() -> T:
        async with open_store(settings) as store:
            tx = Transactions(store)
            try:
                return await work(tx)
            finally:
                await tx.close()

    return run(go())
