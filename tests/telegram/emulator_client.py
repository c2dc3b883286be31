"""The test's side of telegram-test-api: starting it, and a student who types and presses.

The student speaks the emulator's own client API (/sendMessage, /sendCommand,
/sendCallback, /getUpdates, /getUpdatesHistory). A press carries the message as
Telegram shows it to the bot: its visible text (Telegram turns HTML into entities),
its current keyboard and its id.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.telegram.botapi import visible

HERE = Path(__file__).parent


class Emulator:
    """`node emulator.js` on a loopback port, for the length of a `with` block."""

    def __init__(self, node: str, *, delay_ms: int = 0) -> None:
        self.node = node
        self.delay_ms = delay_ms  # a slow Bot API: every send or edit takes this much more
        self.process: subprocess.Popen[str] | None = None
        self.url = ""

    def __enter__(self) -> Emulator:
        self.process = subprocess.Popen(
            [self.node, str(HERE / "emulator.js")],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "EMULATOR_DELAY_MS": str(self.delay_ms)},
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the Bot API emulator did not start")
        self.url = f"http://127.0.0.1:{json.loads(line)['port']}"
        return self

    def __exit__(self, *_: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)


@dataclass
class Student:
    """One student in a private chat with the bot, driving the emulator's client API."""

    http: httpx.AsyncClient
    token: str
    user_id: int
    name: str = "Ana"
    quiet: float = 0.25  # no new message for this long: the bot has finished its turn
    received: list[dict[str, Any]] = field(default_factory=list)
    language_code: str | None = None  # the language of the student's Telegram app

    def _common(self) -> dict[str, Any]:
        sender: dict[str, Any] = {"id": self.user_id, "is_bot": False, "first_name": self.name}
        if self.language_code:
            sender["language_code"] = self.language_code
        return {
            "botToken": self.token,
            "from": sender,
            "chat": {"id": self.user_id, "type": "private", "first_name": self.name},
            "date": int(time.time()),
        }

    async def say(self, text: str) -> list[dict[str, Any]]:
        """Type `text` (a command if it starts with /); return the bot's new messages."""
        message = {**self._common(), "text": text}
        route = "/sendMessage"
        if text.startswith("/"):
            head = text.split(" ", 1)[0]
            message["entities"] = [{"offset": 0, "length": len(head), "type": "bot_command"}]
            route = "/sendCommand"
        # ASCII-escaped JSON, as clients send it: a lone surrogate travels as `\ud800`.
        body = json.dumps(message)
        headers = {"Content-Type": "application/json"}
        (await self.http.post(route, content=body, headers=headers)).raise_for_status()
        return await self.replies()

    async def press(
        self, label: str, *, on: dict[str, Any] | None = None, answered: bool = True
    ) -> list[dict[str, Any]]:
        """Press the button whose text contains `label` on the newest keyboard (or `on`).

        Returns the bot's new messages; a toggle, or a press the bot refuses
        (`answered=False`), only changes the keyboard, so then it waits for that.
        """
        stored = await self.current(on or self.newest_keyboard())
        markup = stored["message"]["reply_markup"]
        button = next(
            b
            for row in markup["inline_keyboard"]
            for b in row
            if label.casefold() in b["text"].casefold()
        )
        query = {
            "botToken": self.token,
            "from": self._common()["from"],
            "data": button["callback_data"],
            "message": {
                "message_id": stored["messageId"],
                "date": stored["time"] // 1000,
                "chat": {"id": self.user_id, "type": "private", "first_name": self.name},
                "text": visible(stored["message"]["text"]),
                "reply_markup": markup,
            },
        }
        (await self.http.post("/sendCallback", json=query)).raise_for_status()
        if button["callback_data"].startswith("t:") or not answered:
            await self._until_edited(stored)
            return []
        return await self.replies()

    def newest_keyboard(self) -> dict[str, Any]:
        return next(m for m in reversed(self.received) if m["message"].get("reply_markup"))

    async def history(self) -> list[dict[str, Any]]:
        response = await self.http.post("/getUpdatesHistory", json={"token": self.token})
        return response.json()["result"]

    async def current(self, sent: dict[str, Any]) -> dict[str, Any]:
        """The bot message `sent` as it is now (after edits)."""
        bot_messages = [u for u in await self.history() if "chat_id" in u.get("message", {})]
        return next(u for u in bot_messages if u["messageId"] == sent["messageId"])

    async def _until_edited(self, before: dict[str, Any]) -> None:
        for _ in range(200):
            now = await self.current(before)
            if now["message"]["reply_markup"] != before["message"]["reply_markup"]:
                return
            await asyncio.sleep(0.02)
        raise AssertionError("the keyboard was not edited")

    async def replies(self, timeout: float = 10.0) -> list[dict[str, Any]]:
        """The bot's messages to this chat, from the first one until it goes quiet."""
        new: list[dict[str, Any]] = []
        deadline = time.monotonic() + timeout
        last = time.monotonic()
        while time.monotonic() < deadline:
            response = await self.http.post(
                "/getUpdates", json={"token": self.token, "chatId": self.user_id}
            )
            batch = response.json()["result"]
            if batch:
                new += batch
                last = time.monotonic()
            elif new and time.monotonic() - last > self.quiet:
                break
            await asyncio.sleep(0.02)
        if not new:
            raise AssertionError("the bot did not answer")
        self.received += new
        return new
