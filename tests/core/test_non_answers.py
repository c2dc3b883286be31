"""Non-answers take the step's own path (`on_non_answer`), and feelings are acknowledged."""

from __future__ import annotations

from bot.store.store import Store
from tests.support.chat import Chat


async def test_idk_at_add_ends_gently_with_an_idea(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes")
    assert "Who would you like to add?" in await chat.say("/add")
    out = await chat.say("idk")
    assert "not everyone comes to mind right away" in out and "send /add" in out
    assert "Back to Relationship mapping" in out  # the lesson underneath carries on
    exported = await store.export(chat.key)
    assert exported is not None and exported["map"] == []


async def test_a_question_at_add_is_answered_then_the_name_counts(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes", "/add")
    out = await chat.say("does my bus driver count?")
    if "they count" in out:  # the reader found the name in the question: taken
        assert "Which part of your life is Bus Driver from?" in out
    else:  # answered, and the name asked again
        assert "Anyone you know counts" in out
        assert "Which part of your life" in await chat.say("Bus Driver")
    await chat.walk("Community and faith", "practical", "distant")
    exported = await store.export(chat.key)
    assert exported is not None and [p["name"] for p in exported["map"]] == ["Bus Driver"]


async def test_idk_at_a_choice_gets_help_not_an_error(chat: Chat) -> None:
    await chat.walk("hi", "yes", "Mom")
    out = await chat.say("idk")
    assert "No pressure: pick whatever fits best" in out
    assert "I didn't understand that choice" not in out
    assert "How close are you and Mom?" in await chat.say("1")


async def test_idk_moves_on_gently_with_an_idea_for_the_next_part(chat: Chat) -> None:
    await chat.walk("hi", "yes")
    moved = await chat.say("idk")
    assert "not everyone comes to mind right away" in moved
    assert "Friends and peers" in moved and "An idea to start:" in moved
    again = await chat.say("nobody")
    assert "School staff" in again and "An idea to start:" in again
    assert "teacher whose class you like" in again
    plain = await chat.say("skip")  # a plain skip: no idea pushed on them
    assert "Activities and coaches" in plain and "An idea to start:" not in plain


async def test_a_feeling_with_a_date_is_acknowledged_and_asked_again(chat: Chat) -> None:
    await chat.walk(
        "hi", "yes", "/add Sam", "Family", "practical", "close", "/lesson help_seeking",
        "math homework", "School work", "Sam", "Could you check my homework on Friday?",
    )  # fmt: skip
    out = await chat.say("i feel nervous about it")
    assert "almost everyone feels nervous" in out
    assert "couldn't read that as a date" not in out  # the feeling, not an error
    assert "By when do you want to ask?" in out
    assert "How will you ask Sam?" in await chat.say("Friday")


async def test_idk_in_help_seeking_never_becomes_a_goal_a_helper_or_an_ask(
    chat: Chat, store: Store
) -> None:
    await chat.walk("hi", "yes", "/add Sam", "Family", "practical", "close")
    await chat.say("/lesson help_seeking")
    assert "it doesn't have to be big" in await chat.say("idk")
    await chat.walk("how do i pass algebra?", "School work")  # a question can be a goal
    first = await chat.say("idk")
    assert "doesn't have to be the perfect person" in first
    second = await chat.say("no idea")
    assert "doesn't have to be the perfect person" in second
    idea = [line for line in first.splitlines() if "perfect person" in line][0]
    assert idea not in second  # a different idea each time
    feeling = await chat.say("i feel nervous asking anyone")
    assert "almost everyone feels nervous" in feeling and "Hi i feel" not in feeling
    assert "What exactly will you ask Sam for?" in await chat.say("Sam")
    assert "finishing this sentence" in await chat.say("not sure")
    await chat.walk("Could you check my algebra homework on Friday?", "Friday", "In person")
    await chat.walk("Sam, could you check my homework? No worries if not.", "Saturday")
    exported = await store.export(chat.key)
    assert exported is not None
    [ask] = exported["asks"]
    assert ask["goal"] == "how do i pass algebra?" and ask["helper"] == "Sam"
    assert ask["what"] == "Could you check my algebra homework on Friday?"


async def test_a_short_question_is_never_taken_for_a_name(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes")
    out = await chat.say("does sam count?")
    if "they count" not in out:  # no name found in the question: answered, asked again
        assert "Anyone you know counts" in out and "What does" not in out
        out = await chat.say("Sam")
    assert "What does Sam give you?" in out
    await chat.walk("1", "close")
    exported = await store.export(chat.key)
    assert exported is not None and [p["name"] for p in exported["map"]] == ["Sam"]


async def test_skip_is_never_a_name_at_add_or_in_a_plan(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes", "/add")
    assert "I didn't add anyone" in await chat.say("skip")
    await chat.say("/add")
    assert "I didn't add anyone" in await chat.say("nobody")
    added = await chat.walk("/lesson help_seeking", "math homework", "School work")
    assert "Who would you like to add?" in added
    left = await chat.say("skip")  # an empty map: the plan starts with /add, left here
    assert "I didn't add anyone" in left and "Who could you ask?" in left
    assert "A plan needs one person" in await chat.say("skip")
    exported = await store.export(chat.key)
    assert exported is not None and exported["map"] == [] and exported["asks"] == []
