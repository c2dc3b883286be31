"""Long polling confirms an update only after its turn; a start sends what a crash left."""

from __future__ import annotations

import asyncio

from bot.adapters.telegram.app import build_application, serve
from bot.adapters.telegram.incoming import conversation_key
from bot.core.engine import Coach
from bot.core.messages import Inbound, Markup
from tests.support.coach import make_coach
from tests.telegram.botapi import FakeBotApi, text_update
from tests.telegram.harness import settings
from tests.telegram.test_serve import SlowCoach, until

ANA = 611
SETTINGS = settings(poll_timeout=0, poll_interval=0.01)


def offsets(api: FakeBotApi) -> list[int | None]:
    return [p.get("offset") for p in api.sent("getUpdates")]


async def test_an_update_is_confirmed_only_after_its_turn(sqlite_coach: Coach) -> None:
    api = FakeBotApi()
    slow = SlowCoach(sqlite_coach, 0.5)
    stop = asyncio.Event()
    app = build_application(SETTINGS, request=api)
    task = asyncio.create_task(serve(app, slow, SETTINGS, stop=stop))  # type: ignore[arg-type]
    update = text_update(ANA, "hi", message_id=1)
    api.updates.append(update)
    await asyncio.wait_for(slow.started.wait(), 5)
    in_hand = len(api.sent("getUpdates"))
    await asyncio.sleep(0.3)  # the turn is still running: no new getUpdates, nothing confirmed
    assert len(api.sent("getUpdates")) == in_hand
    assert all(o is None or int(o) <= update["update_id"] for o in offsets(api))
    await until(lambda: len(api.texts()) == 2)  # welcome and consent question
    await until(lambda: any(o and int(o) == update["update_id"] + 1 for o in offsets(api)))
    stop.set()
    await task


async def test_a_start_sends_the_replies_a_crash_left_before_new_updates(
    sqlite_coach: Coach,
) -> None:
    key = conversation_key(ANA)
    for n, text in enumerate(("hi", "yes")):
        inbound = Inbound(key=key, event_id=f"4242:m:{ANA}:{n}", text=text, markup=Markup.HTML)
        await sqlite_coach.handle(inbound)
        if text == "hi":
            sqlite_coach.sent(inbound)
    # "yes" was committed, then the process died before sending its replies.
    api = FakeBotApi()
    restarted = make_coach(sqlite_coach.store)
    stop = asyncio.Event()
    app = build_application(SETTINGS, request=api)
    task = asyncio.create_task(serve(app, restarted, SETTINGS, stop=stop))
    await until(lambda: bool(api.sent("getUpdates")))
    names = [name for name, _ in api.calls]
    assert names.index("sendMessage") < names.index("getUpdates")  # before anything new
    assert any("Thank you" in t for t in api.texts())
    assert all(int(p["chat_id"]) == ANA for p in api.sent())
    stop.set()
    await task
    for _ in range(100):  # marked sent, in a batch of its own a moment later
        if await restarted.unsent("telegram") == []:
            break
        await asyncio.sleep(0.02)
    assert await restarted.unsent("telegram") == []
