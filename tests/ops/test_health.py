"""Each long-running mode serves /healthz, /readyz and /metrics on --metrics-port.

Telegram (long polling against the in-process Bot API), Slack (Socket Mode against the
fake Slack's WebSocket) and the worker run for real in this process; a student chats,
the counters move; then the database is broken under them and /readyz says so.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.adapters.telegram.app import build_application
from bot.app.slack import serve_slack
from bot.app.telegram import serve_telegram
from bot.app.worker import run_worker
from bot.config import load_settings
from bot.schedule.dispatcher import DispatchSettings
from bot.schedule.senders import LogSender
from bot.store import cohorts
from bot.store.store import Store
from bot.vocab.keys import ConversationKey
from bot.vocab.records import utcnow
from tests.ops.health import break_sqlite, free_port, get, measured_coach, sample, until
from tests.slack import payloads
from tests.slack.fake_slack import GOOD_APP_TOKEN, FakeSlack
from tests.slack.harness import secrets
from tests.support.chat import Chat
from tests.telegram.botapi import FakeBotApi, text_update
from tests.telegram.harness import settings as telegram_settings


@pytest.fixture
async def store(sqlite_url: str) -> AsyncIterator[Store]:
    opened = await Store(sqlite_url).open()
    yield opened
    await opened.close()


DISTRESS = "honestly i feel sucidal and i wrote a goodbye note"


async def _ready_then_broken(port: int, url: str, platform: str) -> None:
    assert (await get(port, "/healthz")).json() == {"status": "ok"}
    ready = await get(port, "/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json() == {
        "status": "ready",
        "database": "ok",
        "migrations": "ok",
        "platform": platform,
    }
    break_sqlite(url)
    down = await get(port, "/readyz")
    assert down.status_code == 503 and down.json()["database"].startswith("unreachable")
    assert (await get(port, "/healthz")).status_code == 200  # alive, only not ready


async def test_telegram_polling_serves_health_and_counts_turns(
    store: Store, sqlite_url: str
) -> None:
    api, port, stop = FakeBotApi(), free_port(), asyncio.Event()
    tg = telegram_settings(poll_timeout=0, poll_interval=0.01)
    task = asyncio.create_task(
        serve_telegram(
            measured_coach(store),
            build_application(tg, request=api),
            tg,
            stop=stop,
            scheduler=False,
            metrics_port=port,
        )
    )
    try:
        await _telegram_turns_counted(api, port, sqlite_url)
    finally:
        stop.set()
        await task


async def _telegram_turns_counted(api: FakeBotApi, port: int, sqlite_url: str) -> None:
    await get(port, "/healthz")
    turns = await sample(port, "orbit_turn_seconds_count", platform="telegram")
    replies = await sample(port, "orbit_replies_sent_total", platform="telegram", kind="reply")
    api.updates.append(text_update(501, "hi", message_id=1))
    api.updates.append(text_update(501, "yes", message_id=2))

    async def answered() -> bool:
        return await sample(port, "orbit_turn_seconds_count", platform="telegram") >= turns + 2

    await until(answered)
    sent = await sample(port, "orbit_replies_sent_total", platform="telegram", kind="reply")
    assert sent >= replies + 2
    assert await sample(port, "orbit_students_active_today") == 1
    await _ready_then_broken(port, sqlite_url, "ok")


async def test_slack_socket_mode_serves_health_and_counts_turns(
    store: Store, sqlite_url: str
) -> None:
    fake = await FakeSlack(names={"U0ANA": "Ana"}).start()
    port, stop = free_port(), asyncio.Event()
    options = secrets(fake, app_token=GOOD_APP_TOKEN, signing_secret="")
    task = asyncio.create_task(
        serve_slack(
            measured_coach(store),
            options,
            stop=stop,
            http=False,
            host="127.0.0.1",
            port=0,
            scheduler=False,
            metrics_port=port,
        )
    )
    try:
        await get(port, "/healthz")
        turns = await sample(port, "orbit_turn_seconds_count", platform="slack")
        event = payloads.envelope(payloads.dm("hi", user="U0ANA", channel="D0ANA"))
        await fake.envelope({"envelope_id": "e-1", "payload": event, "type": "events_api"})

        async def answered() -> bool:
            return await sample(port, "orbit_turn_seconds_count", platform="slack") > turns

        await until(answered)
        await _ready_then_broken(port, sqlite_url, "ok")
    finally:
        stop.set()
        await task
        await fake.stop()


async def test_the_worker_serves_health_and_sends_a_crisis_alert(
    store: Store, sqlite_url: str
) -> None:
    boss = ConversationKey("test", "t1", "boss")
    await store.writer.run(cohorts.grant, boss, "admin", "", "Boss", utcnow())
    port, stop = free_port(), asyncio.Event()
    task = asyncio.create_task(
        run_worker(
            load_settings(database_url=sqlite_url),
            senders={"test": LogSender()},
            worker_id="w1",
            dispatch=DispatchSettings(idle_seconds=0.05),
            scheduler=False,
            pacers={},
            stop=stop,
            metrics_port=port,
        )
    )
    try:
        await get(port, "/healthz")
        alerts = await sample(port, "orbit_replies_sent_total", platform="test", kind="alert")
        await Chat(measured_coach(store), user="ana").say(DISTRESS)

        async def alerted() -> bool:
            sent = await sample(port, "orbit_replies_sent_total", platform="test", kind="alert")
            return sent == alerts + 1

        await until(alerted)
        assert await sample(port, "orbit_alerts", state="sent") == 1
        assert await sample(port, "orbit_outbox_oldest_due_seconds") == 0
        await _ready_then_broken(port, sqlite_url, "none")
    finally:
        stop.set()
        await task
