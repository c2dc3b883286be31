"""`orbit run telegram` sends scheduled check-ins itself, through the bot's own pacer.

A student on Telegram joined a cohort and a check-in for it is due. The process started
by `orbit run telegram` (a real subprocess against a local Bot API server) delivers it
exactly once; with `--no-scheduler` it sends nothing and queues nothing. In process,
the same code path (`bot.app.telegram.serve_telegram`) is shown to send through the
application's limiter and `Pacer`, the one replies use, and to wait out a flood-control
answer in that pacer without sending anything twice.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Hashable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from typing import Any
from urllib.parse import parse_qsl

import pytest

from bot.adapters.telegram.app import build_application
from bot.adapters.telegram.incoming import PLATFORM, TEAM
from bot.app.telegram import serve_telegram
from bot.core.messages import ConversationKey, Markup
from bot.schedule.dispatcher import DispatchSettings
from bot.schedule.pacing import Pacer, Rate
from bot.store.store import Store
from bot.vocab.records import utcnow
from tests.schedule.live import (
    MESSAGE,
    QUESTION,
    orbit_run,
    orbit_worker,
    outbox_status,
    seed_checkin,
    stop,
    until,
)
from tests.support.coach import make_coach
from tests.telegram.botapi import BOT, FakeBotApi, retry_after, text_update
from tests.telegram.harness import settings

ANA, BEN = 501, 502
KEYS = [ConversationKey(PLATFORM, TEAM, str(ANA)), ConversationKey(PLATFORM, TEAM, str(BEN))]
FAST = DispatchSettings(idle_seconds=0.05)


# --- the real `orbit run telegram` process ------------------------------------------------


class Recorder(BaseHTTPRequestHandler):
    """A Bot API over HTTP: getMe, empty getUpdates, and every sendMessage recorded."""

    sent: list[dict[str, Any]] = []
    polls = 0  # getUpdates calls: the bot is up and polling
    ids = count(1000)

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        method = self.path.rsplit("/", 1)[-1]
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        form = raw and not raw.startswith("{")
        params = dict(parse_qsl(raw)) if form else json.loads(raw or "{}")
        result: Any = True
        if method == "getMe":
            result = BOT
        elif method == "getUpdates":
            type(self).polls += 1
            result = []
        elif method == "sendMessage":
            self.sent.append(params)
            chat = {"id": int(params["chat_id"]), "type": "private", "first_name": "Ana"}
            result = {"message_id": next(self.ids), "date": 0, "chat": chat, "text": "x"}
        payload = json.dumps({"ok": True, "result": result}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def bot_api() -> Iterator[tuple[str, type[Recorder]]]:
    handler = type("Recording", (Recorder,), {"sent": [], "polls": 0})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/bot", handler
    server.shutdown()


def _env(url: str, db: str) -> dict[str, str]:
    return {
        "ORBIT_TELEGRAM_TOKEN": "999:x",
        "ORBIT_TELEGRAM_BASE_URL": url,
        "ORBIT_TELEGRAM_POLL_TIMEOUT": "0",
        "ORBIT_TELEGRAM_POLL_INTERVAL": "0.05",
        "ORBIT_DATABASE_URL": db,
    }


def _texts_to(sent: list[dict[str, Any]], chat: int) -> list[str]:
    return [p["text"] for p in sent if int(p["chat_id"]) == chat]


async def test_orbit_run_telegram_delivers_a_due_check_in_once(
    bot_api: tuple[str, type[Recorder]], sqlite_url: str
) -> None:
    url, api = bot_api
    await seed_checkin(sqlite_url, KEYS, Markup.HTML)
    process = orbit_run("telegram", env=_env(url, sqlite_url))
    try:
        await until(lambda: len(api.sent) >= 4, timeout=15)
        await asyncio.sleep(1.5)  # more dispatcher rounds and a clock tick: nothing again
    finally:
        code, err = await stop(process)
    assert code == 0, err
    assert "Traceback" not in err, err
    assert "can alert nobody: Room 12 has no coordinator" in err  # the start-up warning
    for chat in (ANA, BEN):
        texts = _texts_to(api.sent, chat)
        assert len(texts) == 2, texts
        assert "Ms. Rivera" in texts[0] and QUESTION in texts[1]
    assert len(api.sent) == 4
    assert (await outbox_status(sqlite_url))["checkin"] == {"sent": 2}


async def test_orbit_run_telegram_no_scheduler_sends_nothing(
    bot_api: tuple[str, type[Recorder]], sqlite_url: str
) -> None:
    url, api = bot_api
    await seed_checkin(sqlite_url, KEYS, Markup.HTML)
    process = orbit_run("telegram", "--no-scheduler", env=_env(url, sqlite_url))
    try:
        # Started (slow to import on a busy machine), then long enough that a scheduler
        # beside the bot would have queued and sent the due check-in.
        await until(lambda: api.polls >= 3 or process.poll() is not None, timeout=60)
        await asyncio.sleep(4)
        assert process.poll() is None, "orbit run telegram --no-scheduler ended early"
    finally:
        code, err = await stop(process)
    assert code == 0, err
    assert "Orbit is on Telegram" in err  # it did start
    assert api.sent == []
    assert await outbox_status(sqlite_url) == {}  # no clock ran: nothing was even queued


async def test_orbit_worker_sends_as_the_bot_with_the_platform_sender(
    bot_api: tuple[str, type[Recorder]], sqlite_url: str
) -> None:
    """`orbit run telegram --no-scheduler` elsewhere; this worker builds its own bot."""
    url, api = bot_api
    await seed_checkin(sqlite_url, KEYS, Markup.HTML)
    args = ("--sender", "platform", "--platforms", "telegram", "--db", sqlite_url)
    process = orbit_worker(*args, env=_env(url, sqlite_url))
    try:
        await until(lambda: len(api.sent) >= 4, timeout=15)
        await asyncio.sleep(1.5)
    finally:
        code, err = await stop(process)
    assert code == 0, err
    assert "Traceback" not in err, err
    assert sorted(int(p["chat_id"]) for p in api.sent) == [ANA, ANA, BEN, BEN]
    assert all(p.get("parse_mode") == "HTML" for p in api.sent)
    assert (await outbox_status(sqlite_url))["checkin"] == {"sent": 2}


# --- the same code path in process: one pacer for replies and check-ins ---------------------


class SpyPacer(Pacer):
    """The application's pacer, recording which chat each paced call waited for (a
    generous rate: an unlimited pacer is not even asked, see limiter.py)."""

    def __init__(self) -> None:
        super().__init__(per_key=Rate(1000, 100), overall=Rate(0))
        self.keys: list[Hashable] = []
        self.holds: list[float] = []

    async def wait(self, key: Hashable | None) -> None:
        self.keys.append(key)
        await super().wait(key)

    def hold(self, seconds: float) -> None:
        self.holds.append(seconds)
        super().hold(seconds)


async def test_check_ins_and_replies_go_through_the_bots_one_pacer(sqlite_url: str) -> None:
    await seed_checkin(sqlite_url, KEYS[:1], Markup.HTML)
    store = await Store(sqlite_url).open()
    coach = make_coach(store, clock=utcnow)
    api = FakeBotApi()
    api.fail("sendMessage", retry_after(1))  # the first scheduled send meets flood control
    pacer = SpyPacer()
    tg = settings(poll_timeout=0, poll_interval=0.01)
    app = build_application(tg, pacer=pacer, request=api)
    halt = asyncio.Event()
    task = asyncio.create_task(serve_telegram(coach, app, tg, stop=halt, dispatch=FAST))
    try:
        await until(lambda: len(api.delivered) >= 2)
        api.updates.append(text_update(ANA, "Mostly my aunt", message_id=7))  # a reply too
        await until(lambda: len(api.delivered) >= 3)
        await asyncio.sleep(0.5)
    finally:
        halt.set()
        await asyncio.wait_for(task, 10)
        await store.close()
    texts = [m["text"] for m in api.delivered]
    assert MESSAGE in texts[0] and QUESTION in texts[1]
    # The check-in once (despite the 429), then the replies to the student's answer.
    assert sum(MESSAGE in t for t in texts) == 1 and sum(QUESTION in t for t in texts) == 1
    assert any("saved for your coordinator" in t for t in texts[2:])
    assert pacer.holds == [1.0]  # Telegram's retry-after held the shared pacer
    sends = [p for name, p in api.calls if name == "sendMessage"]
    assert len(sends) == len(texts) + 1  # one refused, every other one delivered
    assert pacer.keys.count(ANA) == len(sends)  # every send, scheduled or reply, paced once
    assert (await outbox_status(sqlite_url))["checkin"] == {"sent": 1}


async def test_serve_without_the_scheduler_sends_nothing_scheduled(sqlite_url: str) -> None:
    await seed_checkin(sqlite_url, KEYS[:1], Markup.HTML)
    store = await Store(sqlite_url).open()
    api = FakeBotApi()
    tg = settings(poll_timeout=0, poll_interval=0.01)
    halt = asyncio.Event()
    app = build_application(tg, request=api)
    task = asyncio.create_task(
        serve_telegram(
            make_coach(store, clock=utcnow), app, tg, stop=halt, scheduler=False, dispatch=FAST
        )
    )
    try:
        await until(lambda: bool(api.sent("getUpdates")))
        await asyncio.sleep(1.0)
    finally:
        halt.set()
        await asyncio.wait_for(task, 10)
        await store.close()
    assert api.sent() == []
    assert await outbox_status(sqlite_url) == {}
