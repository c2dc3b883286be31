"""A local fake chat platform: counts every message, can enforce Telegram's limits,
and can stall one worker's requests so a test can kill it mid-send."""

from __future__ import annotations

import asyncio
import time
from collections import Counter, deque
from dataclasses import dataclass, field

from aiohttp import web


@dataclass
class FakePlatform:
    per_chat_interval: float = 0.0  # e.g. 1.0: at most one message a second per chat
    overall_per_second: int = 0  # e.g. 30: at most 30 messages in any one second
    stall: dict[str, int] = field(default_factory=dict)  # worker path -> accept this many
    delay: float = 0.0  # seconds each send takes (a network round trip); a request whose
    # sender is killed meanwhile is still accepted, as a real platform would
    received: list[tuple[str, str]] = field(default_factory=list)  # (chat, text)
    by_worker: Counter[str] = field(default_factory=Counter)
    limited: int = 0  # 429s we had to send: must stay 0 when the sender paces itself
    limited_by: Counter[str] = field(default_factory=Counter)  # "chat" | "overall"
    stalled: asyncio.Event = field(default_factory=asyncio.Event)
    _last: dict[str, float] = field(default_factory=dict)
    _window: deque[float] = field(default_factory=deque)
    _release: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: web.Request) -> web.Response:
        worker = request.match_info["worker"]
        body = await request.json()
        if worker in self.stall and self.by_worker[worker] >= self.stall[worker]:
            if not self.stalled.is_set():
                # Let the worker record what it already sent; a kill in *that* instant
                # is the one window no outbox can close (see bot/schedule/dispatcher.py).
                await asyncio.sleep(0.5)
                self.stalled.set()
            await self._release.wait()  # the worker is killed meanwhile: never counted
            return web.json_response({"ok": False}, status=500)
        if self.delay:
            await asyncio.sleep(self.delay)
        now = time.monotonic()
        chat = str(body["chat_id"])
        if self._over_limit(chat, now):
            self.limited += 1
            return web.json_response(
                {"ok": False, "error_code": 429, "parameters": {"retry_after": 1}}, status=429
            )
        self._last[chat] = now
        self._window.append(now)
        self.by_worker[worker] += 1
        self.received.append((chat, body["text"]))
        return web.json_response({"ok": True})

    def _over_limit(self, chat: str, now: float) -> bool:
        if self.per_chat_interval and now - self._last.get(chat, -1e9) < self.per_chat_interval:
            self.limited_by["chat"] += 1
            return True
        if self.overall_per_second:
            while self._window and now - self._window[0] >= 1.0:
                self._window.popleft()
            if len(self._window) >= self.overall_per_second:
                self.limited_by["overall"] += 1
                return True
        return False

    def release(self) -> None:
        self._release.set()

    async def start(self) -> tuple[web.AppRunner, str]:
        app = web.Application()
        app.router.add_post("/{worker}/sendMessage", self.handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return runner, f"http://127.0.0.1:{port}"
