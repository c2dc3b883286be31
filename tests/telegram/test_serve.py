"""The run loop: start-up (command menu, bad token), polling conflicts, webhooks, clean stops."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable

import httpx
import pytest
from telegram.error import InvalidToken

from bot.adapters.telegram.app import PollingConflict, Webhook, build_application, serve
from bot.core.engine import Coach
from bot.core.messages import Inbound, Outbound
from tests.telegram.botapi import FakeBotApi, conflict, text_update, unauthorized
from tests.telegram.harness import settings

ANA = 501
SETTINGS = settings(poll_timeout=0, poll_interval=0.01)


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.01)


def start(
    coach: Coach, api: FakeBotApi, **kwargs: object
) -> tuple[asyncio.Task[None], asyncio.Event]:
    stop = asyncio.Event()
    app = build_application(SETTINGS, request=api)
    task = asyncio.create_task(serve(app, coach, SETTINGS, stop=stop, **kwargs))  # type: ignore[arg-type]
    return task, stop


async def test_start_up_publishes_the_command_menu(sqlite_coach: Coach) -> None:
    api = FakeBotApi()
    task, stop = start(sqlite_coach, api)
    await until(lambda: api.sent("getUpdates"))
    menus = {m.get("language_code"): m["commands"] for m in api.sent("setMyCommands")}
    commands = {c["command"]: c["description"] for c in menus[None]}
    assert commands == dict(sqlite_coach.command_menu())
    assert commands["map"] == "See your map"
    spanish = {c["command"]: c["description"] for c in menus["es"]}  # language_code "es"
    assert spanish["mapa"] == "Ver tu mapa" and spanish == dict(sqlite_coach.command_menu("es"))
    stop.set()
    await task


async def test_a_rejected_token_stops_the_start(sqlite_coach: Coach) -> None:
    api = FakeBotApi()
    api.fail("getMe", unauthorized())
    task, _ = start(sqlite_coach, api)
    with pytest.raises(InvalidToken):
        await task


async def test_a_second_poller_ends_the_run_with_a_conflict(sqlite_coach: Coach) -> None:
    api = FakeBotApi()
    api.fail("getUpdates", conflict())
    task, _ = start(sqlite_coach, api)
    with pytest.raises(PollingConflict):
        await asyncio.wait_for(task, 10)


class SlowCoach:
    """The real coach, slowed down, so a stop arrives while a turn is in hand."""

    def __init__(self, coach: Coach, delay: float) -> None:
        self.coach, self.delay = coach, delay
        self.started = asyncio.Event()

    def __getattr__(self, name: str) -> object:
        return getattr(self.coach, name)

    async def handle(self, inbound: Inbound) -> list[Outbound]:
        self.started.set()
        await asyncio.sleep(self.delay)
        return await self.coach.handle(inbound)


async def test_a_stop_finishes_the_message_in_hand(sqlite_coach: Coach) -> None:
    api = FakeBotApi()
    slow = SlowCoach(sqlite_coach, 0.3)
    task, stop = start(slow, api)  # type: ignore[arg-type]
    api.updates.append(text_update(ANA, "hi", message_id=1))
    await asyncio.wait_for(slow.started.wait(), 5)
    stop.set()  # as SIGTERM does
    await task
    assert len(api.texts()) == 2  # welcome and consent question both went out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_webhook_checks_the_secret_and_acknowledges_at_once(sqlite_coach: Coach) -> None:
    api = FakeBotApi()
    slow = SlowCoach(sqlite_coach, 1.0)
    port = free_port()
    hook = Webhook(url="https://orbit.example.org/tg/hook", secret="s3cret-1", port=port)
    task, stop = start(slow, api, webhook=hook)  # type: ignore[arg-type]
    await until(lambda: bool(api.sent("setWebhook")))
    [registered] = api.sent("setWebhook")
    assert registered["url"] == hook.url and registered["secret_token"] == "s3cret-1"
    url = f"http://127.0.0.1:{port}/tg/hook"
    update = text_update(ANA, "hi", message_id=1)
    async with httpx.AsyncClient() as client:
        await until(lambda: True)
        for _ in range(100):  # the web server may still be binding
            try:
                forged = await client.post(
                    url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"}
                )
                break
            except httpx.ConnectError:
                await asyncio.sleep(0.05)
        assert forged.status_code == 403
        assert not slow.started.is_set()
        started = asyncio.get_running_loop().time()
        real = await client.post(
            url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-1"}
        )
        assert real.status_code == 200
        assert asyncio.get_running_loop().time() - started < 0.5  # before the slow turn ends
    await until(lambda: len(api.texts()) == 2)
    stop.set()
    await task
