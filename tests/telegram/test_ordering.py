"""One chat's updates in order, different chats at the same time."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.adapters.telegram.ordering import ChatOrderedProcessor
from tests.telegram.botapi import text_update


async def test_a_chat_is_handled_in_order_while_other_chats_go_ahead() -> None:
    processor = ChatOrderedProcessor()
    done: list[str] = []

    async def handle(name: str, delay: float) -> None:
        await asyncio.sleep(delay)
        done.append(name)

    def update(chat: int, n: int) -> dict[str, Any]:
        return text_update(chat, "x", message_id=n)

    await asyncio.gather(
        processor.process_update(update(1, 1), handle("ana-1", 0.05)),
        processor.process_update(update(1, 2), handle("ana-2", 0.0)),
        processor.process_update(update(2, 3), handle("ben-1", 0.0)),
    )
    assert done == ["ben-1", "ana-1", "ana-2"]
    assert processor._tails == {}
