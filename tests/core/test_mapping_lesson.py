"""A student walks the whole relationship-mapping lesson through the Coach."""

from __future__ import annotations

from bot.core.messages import ConversationKey
from bot.store.store import Store
from tests.support.chat import MAPPING_WALK, Chat


async def test_onboarding_then_the_whole_mapping_lesson(chat: Chat, store: Store) -> None:
    welcome = await chat.say("hi")
    assert "I'm Orbit" in welcome and "never their phone numbers" in welcome
    assert chat.choices == ["Yes, let's start", "No thanks"]

    first = await chat.say("yes")
    assert "Family" in first and "first name or nickname" in first

    assert "What does Mom give you?" in await chat.say("Mom")
    assert chat.choices[0] == "Emotional support" and len(chat.choices) == 5
    assert "How close are you and Mom?" in await chat.say("1, 2")
    assert "Anyone else in family?" in await chat.say("close")
    await chat.walk("Tío Beto", "practical", "3")
    assert "Friends and peers" in await chat.say("done")
    assert "School staff" in await chat.say("skip")
    await chat.walk("Ms. Rivera", "advice and feedback", "in between")
    await chat.walk("done", "skip", "skip", "skip")
    reflection = await chat.say("skip")
    assert "3 people on your map" in reflection
    assert (
        "Friends and peers, Activities and coaches, Community and faith, Work and "
        "employers and Online" in reflection
    )
    assert "career and opportunity" in reflection  # no one gives it yet
    assert "career, field or job" in reflection
    assert 'curious about "nursing". Who could help open a door there?' in await chat.say("nursing")
    assert "get to know better" in await chat.say("Ms. Rivera")
    summary = await chat.say("Coach Dee")
    assert "Mom (close; emotional support and advice and information)" in summary
    assert "Tío Beto (distant; practical help)" in summary
    assert 'Career interest, in your words: "nursing".' in summary
    assert "send Coach Dee a short message" in summary

    exported = await store.export(chat.key)
    assert exported is not None
    people = {p["name"]: p for p in exported["map"]}
    assert set(people) == {"Mom", "Tío Beto", "Ms. Rivera"}
    assert people["Mom"]["supports"] == ["emotional", "advice"]
    assert people["Mom"]["domain"] == "family" and people["Mom"]["closeness"] == "close"
    assert people["Ms. Rivera"]["domain"] == "school"
    assert people["Ms. Rivera"]["supports"] == ["advice", "feedback"]
    assert people["Tío Beto"]["closeness"] == "distant"
    [done] = exported["lessons"]
    assert done["lesson"] == "mapping"
    assert done["answers"]["career_interest"] == "nursing"
    assert done["answers"]["door_openers"] == "Ms. Rivera"
    assert done["answers"]["know_better"] == "Coach Dee"
    assert exported["conversation"]["frames"] == []

    assert "not in a lesson" in await chat.say("hello again")


async def test_the_walk_used_by_other_tests_finishes_the_lesson(chat: Chat, store: Store) -> None:
    last = await chat.walk(*MAPPING_WALK)
    assert "Here's your map" in last
    exported = await store.export(chat.key)
    assert exported is not None and len(exported["map"]) == 3


async def test_numbers_and_words_both_answer_choices(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes", "Sam")
    await chat.say("5")  # career and opportunity
    await chat.say("Distant")
    exported = await store.export(ConversationKey("test", "t1", "ana"))
    assert exported is not None
    [sam] = exported["map"]
    assert sam["supports"] == ["career"] and sam["closeness"] == "distant"


async def test_choices_can_be_pressed_as_buttons(chat: Chat, store: Store) -> None:
    await chat.say("hi")
    await chat.say(choice="yes")
    await chat.say("Lee")
    await chat.say(choice="practical")
    assert "Anyone else" in await chat.say(choice="close")
    exported = await store.export(chat.key)
    assert exported is not None
    assert exported["map"][0]["supports"] == ["practical"]


async def test_a_list_closed_the_way_teens_close_it_adds_no_one(chat: Chat, store: Store) -> None:
    """At "Anyone else?", "nah thats it" once became a person named "Nah Thats It"."""
    await chat.walk("hi", "yes", "Mom", "1")
    assert "Anyone else in family?" in await chat.say("close")
    assert "Friends and peers" in await chat.say("nah thats it")
    await chat.walk("Sam", "2")
    assert "Anyone else in friends and peers?" in await chat.say("close")
    assert "School staff" in await chat.say("nope im good")
    await chat.walk("Ms. Rivera", "2")
    assert "Anyone else in school staff?" in await chat.say("close")
    assert "Activities and coaches" in await chat.say("ya that's all lol")
    exported = await store.export(chat.key)
    assert exported is not None
    assert [p["name"] for p in exported["map"]] == ["Mom", "Sam", "Ms. Rivera"]
