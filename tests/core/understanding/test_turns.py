"""The readers inside real turns: consent, "Did you mean ...?", "Which one?", names."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.store.cohorts import create_cohort
from bot.store.pending import KEEP
from bot.store.store import Store
from bot.vocab.records import utcnow
from tests.support.chat import Chat


async def _names(store: Store, chat: Chat) -> list[str]:
    exported = await store.export(chat.key)
    assert exported is not None
    return [p["name"] for p in exported["map"]]


@pytest.mark.parametrize(
    "answer", ["yeah sure 👍", "ok", "sure", "yep", "ya", "sí", "ok let's go", "YES!!", "1"]
)
async def test_consent_in_every_ordinary_form(chat: Chat, store: Store, answer: str) -> None:
    assert "What I store, and why" in await chat.say("hi")
    assert "Thank you!" in await chat.say(answer)
    assert await store.export(chat.key) is not None


async def test_a_question_at_consent_gets_the_question_again(chat: Chat, store: Store) -> None:
    await chat.say("hi")
    reply = await chat.say("what do you store?")
    assert "What I store, and why" in reply and chat.choices == ["Yes, let's start", "No thanks"]
    assert await store.export(chat.key) is None


async def test_the_yes_button_carries_the_join_code(chat: Chat, store: Store) -> None:
    def make(conn):  # type: ignore[no-untyped-def]
        return create_cohort(
            conn, name="Robotics", timezone="UTC", quiet_hours="21-08", weekly_cap=3, now=utcnow()
        )

    async with store.engine.begin() as conn:
        cohort = await conn.run_sync(make)
    await chat.say(f"/join {cohort.join_code}")
    yes = next(c for r in chat.replies for c in r.choices if c.label.startswith("Yes"))
    assert yes.value == f"yes:{cohort.join_code}"
    chat.coach.onboarding.join_codes.clear()  # as after a restart: only the button knows the code
    reply = await chat.say(choice=yes.value)
    assert "Robotics" in reply
    exported = await store.export(chat.key)
    assert exported is not None and [c["cohort"] for c in exported["cohorts"]] == ["Robotics"]


async def _cohort(store: Store) -> str:
    def make(conn):  # type: ignore[no-untyped-def]
        return create_cohort(
            conn, name="Robotics", timezone="UTC", quiet_hours="21-08", weekly_cap=3, now=utcnow()
        )

    async with store.engine.begin() as conn:
        return str((await conn.run_sync(make)).join_code)


async def test_a_typed_yes_joins_with_the_stored_code(chat: Chat, store: Store) -> None:
    """The code is read with the consent turn's own state (no read of its own)."""
    await chat.say(f"/start {await _cohort(store)}")
    chat.coach.onboarding.join_codes.clear()  # only the pending_join row knows it now
    assert "Robotics" in await chat.say("yes")
    exported = await store.export(chat.key)
    assert exported is not None and [c["cohort"] for c in exported["cohorts"]] == ["Robotics"]
    async with store.engine.connect() as conn:  # the row is gone once used (the salt stays)
        left = (await conn.exec_driver_sql("SELECT count(*) FROM pending_join")).scalar()
    assert left == 1


async def test_an_expired_stored_code_is_not_used(chat: Chat, store: Store) -> None:
    await chat.say(f"/start {await _cohort(store)}")
    chat.coach.onboarding.join_codes.clear()
    later = utcnow() + KEEP + timedelta(hours=1)
    object.__setattr__(chat.coach.ctx, "clock", lambda: later)  # a frozen context
    assert "Robotics" not in await chat.say("yes")
    exported = await store.export(chat.key)
    assert exported is not None and exported["cohorts"] == []


async def test_did_you_mean_by_button_and_by_yes(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes", "Mom")
    assert 'Did you mean "Emotional support"?' in await chat.say("emoshunal")
    assert chat.choices == ["Emotional support"]
    assert "How close" in await chat.say(choice="emotional")
    await chat.walk("close", "Dad")
    await chat.say("emoshunal")
    assert "How close" in await chat.say("1")  # the first of the candidates shown
    await chat.walk("close", "Ana")
    await chat.say("emoshunal")
    assert "What does Ana give you?" in await chat.say("no")  # asked again, nothing taken


async def test_names_are_taken_out_of_phrases_and_non_answers_are_not_names(
    chat: Chat, store: Store
) -> None:
    await chat.walk("hi", "yes")
    assert "not everyone comes to mind right away" in await chat.say("can't think of anyone")
    await chat.walk("Tony at the pizza place", "1", "close")
    await chat.walk("my aunt Rosa", "2", "close")
    await chat.walk("idk")
    assert await _names(store, chat) == ["Tony", "Aunt Rosa"]


async def test_people_on_the_map_are_found_as_typed(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes", "Mr. O'Brien", "1", "close", "Ms Kim (robotics)", "1", "close")
    await chat.walk("Kim B", "2", "distant")
    reply = await chat.say("/remove mr obrien")
    assert "Send their name" not in reply and "Remove Mr. O'Brien" in reply
    await chat.say("nah")
    reply = await chat.say("/edit ms. kim")  # stored as "Ms Kim": no note column for "robotics"
    assert "Send their name" not in reply and "about Ms Kim?" in reply
    await chat.say("/cancel")
    reply = await chat.say("/remove kim")
    assert "Which one do you mean?" in reply
    assert sorted(chat.choices) == ["Kim B", "Ms Kim"]
    value = next(c.value for r in chat.replies for c in r.choices if c.label == "Kim B")
    assert "Remove Kim B" in await chat.say(choice=value)
    await chat.say("yes")
    assert await _names(store, chat) == ["Mr. O'Brien", "Ms Kim"]
