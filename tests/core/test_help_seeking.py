"""A student plans a specific ask for help, and reports back how it went."""

from __future__ import annotations

from datetime import timedelta

from bot.store.store import Store
from tests.support.chat import MAPPING_WALK, Chat
from tests.support.coach import NOW, make_coach

PLAN = ["/lesson help_seeking", "I want to get into a nursing program", "College or career"]


async def test_plan_an_ask_with_suggestions_from_the_map(chat: Chat, store: Store) -> None:
    await chat.walk(*MAPPING_WALK)
    intro = await chat.say(PLAN[0])
    assert "Flynn and Lake" in intro and "half as many" in intro
    await chat.say(PLAN[1])
    suggestions = await chat.say(PLAN[2])
    # Ms. Rivera gives advice; Mom gives advice too, but is listed after the career match rule
    assert "- Ms. Rivera: gives you advice and information (in between)" in suggestions
    assert "- Mom: gives you advice and information (close)" in suggestions
    assert "Tío Beto" not in suggestions  # practical help only
    script = await chat.say("ms. rivera")
    assert "Hi Ms. Rivera, I'm working on [your goal in a few words]" in script
    assert "I want to get into a nursing program" not in script  # never pasted mid-sentence
    vague = await chat.say("help me with college")
    assert "broad" in vague and "Try once more" in vague
    assert "By when" in await chat.say("Could you read my personal statement by Friday?")
    assert "has already passed" in await chat.say("2026-01-02")
    assert "couldn't read that as a date" in await chat.say("someday")
    assert "How will you ask Ms. Rivera?" in await chat.say("Friday")
    assert "Write the first sentence" in await chat.say("In person")
    assert "When should I check in" in await chat.say("Can I ask you something after class?")
    saved = await chat.say("next tuesday")
    assert 'ask Ms. Rivera "Could you read my personal statement by Friday?" by 2026-11-27' in saved
    assert "we'll talk on 2026-12-01" in saved

    exported = await store.export(chat.key)
    assert exported is not None
    [ask] = exported["asks"]
    assert ask["helper"] == "Ms. Rivera" and ask["kind"] == "career" and ask["how"] == "in_person"
    assert ask["by_date"] == "2026-11-27" and ask["follow_up_on"] == "2026-12-01"
    assert ask["status"] == "planned" and ask["opening_line"].startswith("Can I ask")


async def test_an_empty_map_adds_someone_first(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes", "/lesson help_seeking", "math homework")
    first = await chat.say("School work")
    assert "Your map is empty so far" in first and "Who would you like to add?" in first
    await chat.walk("Mr. Park", "School staff", "advice")
    back = await chat.say("in between")
    assert "Added Mr. Park" in back and "- Mr. Park: gives you advice and information" in back


async def test_a_thin_map_invites_someone_new_and_email_leads_to_the_email_lesson(
    chat: Chat, store: Store
) -> None:
    await chat.walk("hi", "yes", "/add Sam", "Family", "practical", "close")
    await chat.walk("/lesson help_seeking", "I feel stressed about my interview")
    thin = await chat.say("Feeling overwhelmed")  # Sam gives practical help only
    assert "No one on your map is marked for this" in thin
    await chat.walk(
        "Coach Dee", "Could you drive me to my interview on Friday morning?", "Thursday"
    )
    await chat.say("An email")  # no rehearsal for an email: the email lesson follows
    email = await chat.say("in 1 week")
    assert "Coach Dee isn't on your map yet" in email
    assert "Let's write the email to Coach Dee." in email
    assert "What is the email for?" in email
    exported = await store.export(chat.key)
    assert exported is not None and exported["asks"][0]["how"] == "email"


async def test_follow_up_outcomes_are_stored(chat: Chat, store: Store) -> None:
    assert "You don't have an ask" in await chat.walk(*MAPPING_WALK, "/followup")
    await chat.walk(
        *PLAN,
        "Ms. Rivera",
        "Could you read my essay this week?",
        "Friday",
        "In person",
        "Hi!",
        "Monday",
    )
    asked = await chat.say("/followup")
    assert "How did your ask to Ms. Rivera go?" in asked
    assert "What specifically did Ms. Rivera do" in await chat.say("I asked and got help")
    thanks = await chat.say("she showed me how to fix my opening")
    assert "thank-you within a day" in thanks and "she showed me how to fix my opening" in thanks
    exported = await store.export(chat.key)
    assert exported is not None
    assert exported["asks"][0]["status"] == "got_help"
    assert "You don't have an ask" in await chat.say("/followup")


async def test_not_yet_leads_to_a_smaller_step(chat: Chat, store: Store) -> None:
    await chat.walk(
        *MAPPING_WALK,
        *PLAN,
        "Mom",
        "Could you quiz me on biology tonight?",
        "today",
        "In person",
        "Mom, can you help me?",
        "tomorrow",
        "/followup",
    )
    assert "What got in the way?" in await chat.say("3")
    assert "smaller next step" in await chat.say("I was nervous")
    assert "When will you try it?" in await chat.say("ask her at dinner")
    assert "couldn't read that as a date" in await chat.say("whenever")
    done = await chat.say("Thursday")
    assert "check in on 2026-11-26" in done and "Small steps count" in done
    exported = await store.export(chat.key)
    assert exported is not None
    assert exported["asks"][0]["status"] == "not_yet"
    assert exported["asks"][0]["outcome_note"] == "I was nervous / ask her at dinner"
    assert exported["asks"][0]["follow_up_on"] == "2026-11-26"  # the smaller step's day
    assert "Checking in on your smaller step" in await chat.say("/followup")  # still open


async def test_dates_follow_the_clock(store: Store) -> None:
    later = make_coach(store, clock=lambda: NOW + timedelta(days=30))
    chat = Chat(later, user="lee")
    await chat.walk(*MAPPING_WALK, *PLAN, "Mom", "Could you quiz me on biology tonight?")
    assert "2026-12-01 has already passed" in await chat.say("2026-12-01")


async def test_a_goal_that_says_nothing_gets_help_and_the_question_again(chat: Chat) -> None:
    await chat.walk("hi", "yes", "/lesson help_seeking")
    for nothing in ("ok", "idk lol", "yeah"):
        reply = await chat.say(nothing)
        assert "it doesn't have to be big" in reply and "Which of these" not in reply
    assert "Which of these" in await chat.say("how do i pass algebra?")  # a question is a goal


async def test_the_goal_in_the_students_words_offers_its_kind_and_a_no_asks_again(
    chat: Chat, store: Store
) -> None:
    await chat.walk(*MAPPING_WALK)
    await chat.say("/lesson help_seeking")
    offered = await chat.say("get a job i guess")
    assert "That sounds like a job or internship. Is that right?" in offered
    assert "Who will you ask?" in await chat.say("ya")  # taken: the helpers come next
    await chat.say("/cancel")

    await chat.say("/lesson help_seeking")
    offered = await chat.say("my car broke down and i cant get to work")
    assert "sounds like a job or internship" in offered  # "work": a guess, not taken
    refused = await chat.say("nah")
    assert "OK, no problem." in refused and "Which of these is it closest to?" in refused
    assert "sounds like" not in refused
    await chat.say("4")  # Money or transport
    await chat.walk("Tío Beto", "Could you drive me to work on Friday morning?", "Friday")
    await chat.walk("In person", "Can I ask you something, Tío?", "next tuesday")
    exported = await store.export(chat.key)
    assert exported is not None
    assert [ask["kind"] for ask in exported["asks"]] == ["money"]

    await chat.say("/lesson help_seeking")  # no clear kind in the words: just the question
    assert "Which of these is it closest to?" in await chat.say("make the basketball team")
