"""One message, one transaction: redelivery, concurrency, restarts and races."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from bot.core.engine import Coach
from bot.store.store import Store
from tests.support.chat import Chat
from tests.support.coach import make_coach


async def test_a_redelivered_event_is_answered_once(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes")
    first = await chat.say("Mom", event_id="tg-1001")
    assert "What does Mom give you?" in first
    assert await chat.say("Mom", event_id="tg-1001") == ""
    exported = await store.export(chat.key)
    assert exported is not None
    assert exported["conversation"]["frames"][-1]["step"] == "supports"


async def test_the_same_event_delivered_twice_at_once_is_handled_once(
    chat: Chat, store: Store
) -> None:
    await chat.walk("hi", "yes")
    replies = await asyncio.gather(
        *(chat.coach.handle(chat.inbound("Mom", event_id="dup")) for _ in range(5))
    )
    assert sorted(len(r) for r in replies) == [0, 0, 0, 0, 1]


async def test_concurrent_messages_of_one_student_never_interleave(
    chat: Chat, store: Store
) -> None:
    await chat.walk("hi", "yes")
    # Five names arrive at once: each is handled after the previous one was saved,
    # so the lesson sees name, supports, closeness, name, supports in order.
    messages = ["Mom", "1", "close", "Dad", "2"]
    inbounds = [chat.inbound(m) for m in messages]
    results = await asyncio.gather(*(chat.coach.handle(i) for i in inbounds))
    texts = ["\n".join(o.text for o in r) for r in results]
    assert "What does Mom give you?" in texts[0]
    assert "How close are you and Mom?" in texts[1]
    assert "Anyone else in family?" in texts[2]
    assert "What does Dad give you?" in texts[3]
    assert "How close are you and Dad?" in texts[4]
    exported = await store.export(chat.key)
    assert exported is not None
    assert [p["name"] for p in exported["map"]] == ["Mom"]
    assert exported["conversation"]["version"] == 6  # consent + five turns


async def test_many_students_at_once_are_committed_in_batches(coach: Coach, store: Store) -> None:
    chats = [Chat(coach, user=f"s{i}") for i in range(40)]
    for script in (["hi"], ["yes"], ["Pat"], ["1"], ["close"]):
        await asyncio.gather(*(c.say(script[0]) for c in chats))
    for c in chats:
        exported = await store.export(c.key)
        assert exported is not None and [p["name"] for p in exported["map"]] == ["Pat"]
    assert store.writer.batches < store.writer.turns  # commits were shared


async def test_a_restart_mid_lesson_resumes_at_the_same_step(database_url: str) -> None:
    store = await Store(database_url).open()
    chat = Chat(make_coach(store), user="ana")
    await chat.walk("hi", "yes", "Mom", "1, 2")
    await store.close()

    store = await Store(database_url).open()  # a new process, as far as the data knows
    chat = Chat(make_coach(store), user="ana")
    assert "How close" in await chat.say("/start")
    await chat.say("close")
    exported = await store.export(chat.key)
    assert exported is not None
    assert exported["map"][0]["supports"] == ["emotional", "advice"]
    await store.close()


async def test_two_processes_racing_on_one_student_lose_nothing(database_url: str, caplog) -> None:
    """Two Coaches with their own stores, as two workers would be: versions decide."""
    caplog.set_level("INFO", logger="bot.core.engine")
    store_a, store_b = await Store(database_url).open(), await Store(database_url).open()
    chat_a = Chat(make_coach(store_a), user="ana")
    chat_b = Chat(make_coach(store_b), user="ana")
    await chat_a.walk("hi", "yes")
    names = [f"Friend{i}" for i in range(6)]
    # Each worker gets every other message of a student adding one name per /add flow:
    # interleaved, racing turns must all land, each on the state the other left.
    for i, name in enumerate(names):
        await asyncio.gather(chat_a.say("/add"), asyncio.sleep(0))
        worker = chat_a if i % 2 else chat_b
        other = chat_b if i % 2 else chat_a
        await asyncio.gather(worker.say(name), other.say("/map"))
        await worker.walk("Family", "1", "close")
    exported = await store_a.export(chat_a.key)
    assert exported is not None
    assert sorted(p["name"] for p in exported["map"]) == sorted(names)
    assert "running the turn again" in caplog.text  # the race really happened
    await store_a.close()
    await store_b.close()


async def test_a_broken_turn_is_not_saved_and_the_student_can_retry(
    chat: Chat, store: Store, monkeypatch
) -> None:
    await chat.walk("hi", "yes", "Mom")
    original = chat.coach.prompts.render

    def broken(template: str, markup, /, **context):  # type: ignore[no-untyped-def]
        if template == "mapping/closeness":
            raise RuntimeError("template bug")
        return original(template, markup, **context)

    monkeypatch.setattr(chat.coach.prompts, "render", broken)
    assert "something went wrong on my side" in await chat.say("1")
    monkeypatch.setattr(chat.coach.prompts, "render", original)
    assert "How close are you and Mom?" in await chat.say("1")


async def test_a_failed_turn_leaves_the_cached_conversation_untouched(
    chat: Chat, store: Store, monkeypatch
) -> None:
    """Turns work on frames shared with the cache: a failure must not leak into it."""
    await chat.walk("hi", "yes", "/lesson email", "Ms. Lopez", "1", "2", "skip")
    await chat.say("Subject: Question")
    await chat.walk("Dear Ms. Lopez,")
    before = store.cache.get(chat.key)
    assert before is not None
    snapshot = repr(before.frames)
    original = chat.coach.prompts.render

    def broken(template: str, markup, /, **context):  # type: ignore[no-untyped-def]
        if template in ("email/draft_ack", "mapping/more_people"):
            raise RuntimeError("template bug")
        return original(template, markup, **context)

    monkeypatch.setattr(chat.coach.prompts, "render", broken)
    assert "something went wrong" in await chat.say("My name is Ana.")
    monkeypatch.setattr(chat.coach.prompts, "render", original)
    after = store.cache.get(chat.key)
    assert after is not None and repr(after.frames) == snapshot
    exported = await store.export(chat.key)
    assert exported is not None and repr(exported["conversation"]["frames"]) == snapshot


async def test_a_saved_step_that_no_longer_exists_is_dropped_kindly(
    chat: Chat, store: Store
) -> None:
    await chat.walk("hi", "yes", "Mom", "1")
    state = await store.load_turn(chat.key, "x")
    stale = [{**state.frames[0], "step": "a_step_a_program_removed"}]
    store.cache.put(chat.key, replace(state, frames=stale))
    reply = await chat.say("close")
    assert "updated a lesson you were in the middle of" in reply
    assert "not in a lesson" in reply  # and the student can carry on
    assert "Relationship mapping" in await chat.say("/lessons")
