"""A command's work in the store's transactions, opened and closed around it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.store.transactions import Transactions

T = TypeVar("T")


def in_store(settings: Settings, work: Callable[[Transactions], Awaitable[T]]) -> T:
    """Open the store, run `work` with its transactions, close everything."""
    from bot.app import open_store
    from bot.store.transactions import Transactions

    async def go() -> T:
        async with open_store(settings) as store:
            tx = Transactions(store)
            try:
                return await work(tx)
            finally:
                await tx.close()

    return asyncio.run(go())
