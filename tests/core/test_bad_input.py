"""Bad input gets a clear, kind answer, and nothing already given is lost."""

from __future__ import annotations

import pytest

from bot.store.store import Store
from tests.support.chat import Chat


async def _map(store: Store, chat: Chat) -> list[dict]:
    exported = await store.export(chat.key)
    assert exported is not None
    return exported["map"]


async def test_messages_before_consent_store_nothing(chat: Chat, store: Store) -> None:
    await chat.say("hi")
    reply = await chat.say("Mom")  # not an answer to the consent question
    assert "I need your OK" in reply and chat.choices == ["Yes, let's start", "No thanks"]
    assert "I need your OK" in await chat.say("/map")
    assert await store.export(chat.key) is None


async def test_saying_no_to_consent_stores_nothing(chat: Chat, store: Store) -> None:
    await chat.say("hi")
    assert "nothing about you has been saved" in await chat.say("no")
    assert await store.export(chat.key) is None
    async with store.engine.connect() as conn:
        from sqlalchemy import text

        assert (await conn.execute(text("SELECT count(*) FROM processed_event"))).scalar() == 0


async def test_empty_message_is_asked_again(chat: Chat) -> None:
    await chat.walk("hi", "yes")
    reply = await chat.say("   ")
    assert "I didn't get any text" in reply and "Family" in reply


async def test_a_5000_character_message_is_refused_and_the_step_kept(
    chat: Chat, store: Store
) -> None:
    await chat.walk("hi", "yes", "Mom")
    reply = await chat.say("x" * 5000)
    assert "very long (5000 characters)" in reply and "What does Mom give you?" in reply
    await chat.walk("1", "close")
    assert [p["name"] for p in await _map(store, chat)] == ["Mom"]


async def test_a_long_name_is_refused(chat: Chat) -> None:
    await chat.walk("hi", "yes")
    assert "long for a name" in await chat.say("A" * 300)


@pytest.mark.parametrize(
    "contact",
    [
        "maria@example.com",
        "call 555-123-4567",
        "+44 7700 900123",
        "https://insta.com/maria",
        "@maria_g",
        "maria.com",
    ],
)
async def test_contact_details_are_refused_with_the_reason(
    chat: Chat, store: Store, contact: str
) -> None:
    await chat.walk("hi", "yes")
    reply = await chat.say(contact)
    assert "looks like contact details" in reply and "first name, nickname or initials" in reply
    assert await _map(store, chat) == []


async def test_emoji_right_to_left_and_zero_width_names(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes")
    await chat.walk("Mom ❤️", "1", "close")
    await chat.walk("\u200bنور\u200f", "2", "close")  # Arabic, zero-width space, RLM
    await chat.walk("J\u202eT", "3", "close")  # a right-to-left override
    await chat.walk("👨‍👩‍👧", "4", "close")  # an emoji family (ZWJ kept)
    names = [p["name"] for p in await _map(store, chat)]
    assert names == ["Mom ❤️", "نور", "JT", "👨‍👩‍👧"]


async def test_names_without_letters_and_duplicates(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes")
    assert "doesn't look like a name" in await chat.say("!!!")
    assert "Anyone you know counts" in await chat.say("???")  # a question back: explained
    await chat.walk("Sam", "1", "close")
    reply = await chat.say("SAM")
    assert "Sam is already on your map" in reply and '"Sam B"' in reply
    await chat.walk("Sam B", "2", "distant")
    assert [p["name"] for p in await _map(store, chat)] == ["Sam", "Sam B"]


async def test_nonsense_answer_to_a_choice(chat: Chat) -> None:
    await chat.walk("hi", "yes", "Mom")
    reply = await chat.say("purple")
    assert "I didn't understand that choice" in reply and "1 to 5" in reply
    assert "What does Mom give you?" in reply
    assert "I didn't understand" in await chat.say("9")
    assert "I didn't understand" in await chat.say("1, 42")
    assert "How close" in await chat.say("1 4")


async def test_markup_and_injection_are_stored_as_typed(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes")
    await chat.walk("<b>Al</b>", "1", "close")
    await chat.walk("Bo'); DROP TABLE person;--", "1", "close")
    names = [p["name"] for p in await _map(store, chat)]
    assert names == ["<b>Al</b>", "Bo'); DROP TABLE person;--"]


async def test_stale_button_press_is_refused_kindly(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes", "Mom")
    reply = await chat.say(choice="close")  # a closeness button while supports is asked
    assert "belongs to an earlier question" in reply and "What does Mom give you?" in reply
    assert "How close" in await chat.say(choice="emotional,advice")  # several in one press
    await chat.say(choice="close")
    reply = await chat.say(choice="distant")  # a stale button on a text question
    assert "belongs to an earlier question" in reply and "Anyone else in family?" in reply
    [mom] = await _map(store, chat)
    assert mom["supports"] == ["emotional", "advice"] and mom["closeness"] == "close"


async def test_unicode_digits_and_huge_numbers_get_a_kind_answer(chat: Chat) -> None:
    assert "I'm Orbit" in await chat.say("²")  # a welcome, not a crash
    await chat.walk("yes", "Mom")
    assert "I didn't understand that choice" in await chat.say("1²")
    assert "How close" in await chat.say("1")
    await chat.walk("close", "done", *["skip"] * 6)
    await chat.walk(
        "nursing",
        "Ms. Rivera",
        "Coach Dee",
        "/lesson help_seeking",
        "exams",
        "1",
        "Mom",
        "Could you quiz me on biology tonight?",
    )
    for bad in (
        "in ² days",
        "in 99999999 days",
        "in 10000000000000000000000000 weeks",
        "may ²",
        "２０２６-１３-４０",
    ):
        assert "couldn't read that as a date" in await chat.say(bad), bad


async def test_a_cohort_name_is_not_a_join_code(chat: Chat, store: Store) -> None:
    from bot.store import cohorts
    from bot.store.transactions import Transactions
    from bot.vocab.records import utcnow

    tx = Transactions(store)
    cohort = await tx.run(
        lambda conn: cohorts.create_cohort(
            conn,
            name="Room 12",
            timezone="UTC",
            quiet_hours="21:00-07:30",
            weekly_cap=3,
            now=utcnow(),
        )
    )
    await tx.close()
    await chat.walk("hi", "yes")
    assert "couldn't find a group with the code Room 12" in await chat.say("/join Room 12")
    exported = await store.export(chat.key)
    assert exported is not None and exported["cohorts"] == []
    await chat.say(f"/join {cohort.join_code.lower()}")
    exported = await store.export(chat.key)
    assert exported is not None and [c["cohort"] for c in exported["cohorts"]] == ["Room 12"]


@pytest.mark.parametrize("answer", ["in 2 weeks", "next friday", "tomorrow"])
async def test_a_day_at_the_name_question_is_not_a_person(
    chat: Chat, store: Store, answer: str
) -> None:
    await chat.walk("hi", "yes")
    assert "sounds like a day, not a person" in await chat.say(answer)
    await chat.walk("May", "1", "close")  # a month that is a name stays a name
    assert [p["name"] for p in await _map(store, chat)] == ["May"]


async def test_an_unreadable_byte_is_not_part_of_a_name(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes", "Ana\ufffd", "1", "close")
    assert [p["name"] for p in await _map(store, chat)] == ["Ana"]


async def test_what_someone_does_is_not_part_of_their_name(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes")
    assert "What does Brother give you?" in await chat.say("my brother hits me up on snapchat lol")
    await chat.walk("1", "close")
    assert [p["name"] for p in await _map(store, chat)] == ["Brother"]
