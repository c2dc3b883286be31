"""Updates of one chat are handled one after another; different chats concurrently.

Orbit needs many updates in flight at once: concurrent turns of different students
share one database commit, which is how it keeps up while writing every turn durably.
But python-telegram-bot's concurrent mode gives no order within a chat, and a student
who types two answers quickly must get them handled, and answered, in order. This
update processor chains the updates of each chat behind one another.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Hashable
from typing import Any

from telegram.ext import BaseUpdateProcessor

from bot.adapters.telegram.incoming import chat_id_of


def chat_of(update: object) -> Hashable | None:
    """The chat of an update (the Bot API's JSON, as our poller and webhook pass it)."""
    return chat_id_of(update) if isinstance(update, dict) else None


class ChatOrderedProcessor(BaseUpdateProcessor):
    """At most `max_concurrent_updates` in flight; within a chat, strictly in arrival order."""

    def __init__(self, max_concurrent_updates: int = 1024) -> None:
        super().__init__(max_concurrent_updates)
        self._tails: dict[Hashable, asyncio.Future[None]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = chat_of(update)
        if chat is None:
            await coroutine
            return
        previous = self._tails.get(chat)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._tails[chat] = mine
        try:
            if previous is not None:
                await asyncio.wait([previous])
            await coroutine
        finally:
            if hasattr(coroutine, "close"):
                coroutine.close()  # never started (we were cancelled while waiting): no warning
            mine.set_result(None)
            if self._tails.get(chat) is mine:
                del self._tails[chat]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: the Application waits for updates in flight before this."""
