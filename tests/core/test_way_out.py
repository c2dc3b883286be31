"""A way out of any state: /cancel leaves flows and lessons, and repeated failures reset."""

from __future__ import annotations

import logging
from uuid import uuid4

import pytest

from bot.core.turn import MAX_FRAMES
from bot.store.store import Store
from bot.support.redact import hashed
from bot.vocab.changes import CommitResult, TurnWrite
from tests.support.chat import Chat

INTERNAL = "something went wrong on my side"


async def _names(store: Store, chat: Chat) -> list[str]:
    exported = await store.export(chat.key)
    assert exported is not None
    return [p["name"] for p in exported["map"]]


async def _frames(store: Store, chat: Chat) -> list[dict]:
    exported = await store.export(chat.key)
    assert exported is not None and exported["conversation"] is not None
    return exported["conversation"]["frames"]


async def test_cancel_in_a_lesson_question_stops_the_lesson_and_keeps_the_map(
    chat: Chat, store: Store
) -> None:
    await chat.walk("hi", "yes", "Mom", "1", "close", "Tío Beto")
    reply = await chat.say("/cancel")
    assert "stopped Relationship mapping here" in reply and "/lessons" in reply
    assert await _frames(store, chat) == []
    assert await _names(store, chat) == ["Mom"]  # what was saved stays
    assert "nothing to cancel" in await chat.say("/cancel")
    # stopped with Mom on the map: started, not "not started"
    assert "Relationship mapping (started)" in await chat.say("/lessons")
    assert "Family" in await chat.say("/lesson mapping")  # and it can be started again
    assert "What does Sam give you?" in await chat.say("Sam")


async def test_cancel_in_a_lesson_started_on_top_goes_back_to_the_one_below(
    chat: Chat, store: Store
) -> None:
    await chat.walk("hi", "yes", "Mom")
    await chat.say("/lesson email")
    reply = await chat.say("/cancel")
    assert "stopped Professional email here" in reply
    assert "What does Mom give you?" in reply  # the mapping question it interrupted
    assert [f["lesson"] for f in await _frames(store, chat)] == ["mapping"]


async def test_cancel_during_an_email_draft_that_cannot_be_finished(
    chat: Chat, store: Store
) -> None:
    await chat.walk("hi", "yes", "/lesson email", "Ms. Lopez", "1", "2", "skip")
    assert "so far" in await chat.say("Dear Ms. Lopez,\xff\x00 can we talk?")
    assert "Feedback on draft 1" in await chat.say("/done")  # the draft was clean: it finishes
    reply = await chat.say("/cancel")
    assert INTERNAL not in reply and "stopped Professional email here" in reply


async def test_cancel_while_paused_still_leaves(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes", "/pause")
    assert "stopped Relationship mapping here" in await chat.say("/cancel")


async def _break_the_conversation(store: Store, chat: Chat) -> None:
    """Put the student on a step whose question cannot be rendered (a lesson bug: the data
    it needs is missing), so every turn fails the same way, as it did for stuck students."""
    state = await store.load_turn(chat.key, "probe")
    assert state.student is not None
    result = await store.commit(
        TurnWrite(
            key=chat.key,
            event_id=f"break-{uuid4().hex}",
            student_id=state.student.id,
            expected_version=state.version,
            frames=[{"lesson": "help_seeking", "step": "how", "data": {}}],
        )
    )
    assert result is CommitResult.COMMITTED


async def test_two_failed_turns_in_a_row_reset_the_student_to_a_safe_point(
    chat: Chat, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    await chat.walk("hi", "yes", "Mom", "1", "close")
    await _break_the_conversation(store, chat)
    assert INTERNAL in await chat.say("Secret Sam")  # the first failure: try again
    with caplog.at_level(logging.WARNING, logger="bot.core.engine"):
        reply = await chat.say("Secret Sam", event_id="second-failure")
    assert "I've stopped the lesson there" in reply and "/lessons" in reply
    kept = await store.replies_of(chat.key, "second-failure")  # until the adapter sends it
    assert [r.text for r in kept] == [r.text for r in chat.replies]
    assert await _frames(store, chat) == []  # the reset is a committed turn
    assert await _names(store, chat) == ["Mom"]
    [logged] = [r.getMessage() for r in caplog.records if "reset student" in r.getMessage()]
    assert hashed(chat.key) in logged and "UndefinedError" in logged
    assert "Secret" not in logged and chat.user not in logged
    assert "Family" in await chat.say("/lesson mapping")  # and on they go
    assert "What does Sam give you?" in await chat.say("Sam")


async def test_failures_count_in_a_row_and_cancel_is_a_way_out_too(
    chat: Chat, store: Store
) -> None:
    await chat.walk("hi", "yes")
    await _break_the_conversation(store, chat)
    assert INTERNAL in await chat.say("x")
    assert "stopped Asking for help here" in await chat.say("/cancel")  # out, by hand
    await _break_the_conversation(store, chat)
    assert INTERNAL in await chat.say("x")  # one failure since the last success: no reset
    assert "I've stopped the lesson there" in await chat.say("x")


async def test_flows_on_flows_stay_a_few_cancels_deep(chat: Chat, store: Store) -> None:
    """Commands and nudges stack flows (at most MAX_FRAMES); a lesson's `call` may add one
    on top, and must not ratchet the stack past that for good."""
    await chat.walk("hi", "yes", "/add", "/add", "/add")
    nudge = {"nudge": {"people": [], "count": 0}}
    for n in range(3):
        await chat.coach.deliver(
            chat.key, event_id=f"nudge-{n}", lesson="nudge_revisit", data=nudge
        )
        assert "Who would you like to add?" in await chat.say("1")  # "Add someone": a call
        assert len(await _frames(store, chat)) <= MAX_FRAMES + 1
    for _ in range(MAX_FRAMES + 1):
        await chat.say("/cancel")
    assert "nothing to cancel" in await chat.say("/cancel")
