"""The Telegram adapter under test: its settings without pacing, and the running bot."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram.ext import Application

from bot.adapters.telegram.adapter import TelegramAdapter
from bot.adapters.telegram.settings import TelegramSettings
from tests.telegram.botapi import FakeBotApi

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
            await self.app.process_update(data)  # as our poller and webhook pass it
