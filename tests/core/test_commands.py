"""Commands a student can use at any time, mid-lesson or after it."""

from __future__ import annotations

from pathlib import Path

from bot.store.store import Store
from tests.support.chat import MAPPING_WALK, Chat


async def _names(store: Store, chat: Chat) -> list[str]:
    exported = await store.export(chat.key)
    assert exported is not None
    return [p["name"] for p in exported["map"]]


async def test_map_mid_lesson_shows_the_map_and_repeats_the_question(chat: Chat) -> None:
    await chat.walk("hi", "yes", "Mom", "1", "close")
    reply = await chat.say("/map")
    assert "Your map (1 person)" in reply
    assert "Family: Mom (close; emotional support)" in reply
    assert "Friends and peers: no one yet" in reply
    assert reply.rstrip().endswith('Send another name, or "done" to move on.')


async def test_add_mid_lesson_then_the_lesson_resumes(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes", "Mom", "1", "close")
    assert "Who would you like to add?" in await chat.say("/add")
    assert "Which part of your life is Dana from?" in await chat.say("Dana")
    await chat.walk("Activities and coaches", "career")
    back = await chat.say("distant")
    assert "Added Dana to your map." in back
    assert "Back to Relationship mapping." in back
    assert "Anyone else in family?" in back
    assert await _names(store, chat) == ["Mom", "Dana"]
    exported = await store.export(chat.key)
    assert exported is not None
    assert exported["map"][1]["domain"] == "activities"


async def test_add_with_a_name_skips_the_first_question(chat: Chat) -> None:
    await chat.walk(*MAPPING_WALK)
    assert "Which part of your life is Jo from?" in await chat.say("/add Jo")


async def test_edit_changes_closeness(chat: Chat, store: Store) -> None:
    await chat.walk(*MAPPING_WALK)
    assert "What would you like to change about Mom?" in await chat.say("/edit mom")
    await chat.say("How close you are")
    assert "Saved the changes to Mom." in await chat.say("in between")
    exported = await store.export(chat.key)
    assert exported is not None
    mom = next(p for p in exported["map"] if p["name"] == "Mom")
    assert mom["closeness"] == "between"
    assert mom["supports"] == ["emotional", "advice"]  # untouched


async def test_edit_rename_refuses_a_name_already_used(chat: Chat, store: Store) -> None:
    await chat.walk(*MAPPING_WALK)
    await chat.walk("/edit Mom", "1")
    assert "Ms. Rivera is already on your map" in await chat.say("ms. rivera")
    assert "Saved the changes to Mama." in await chat.say("Mama")
    assert "Mama" in await _names(store, chat)


async def test_edit_of_someone_not_on_the_map_lists_who_is(chat: Chat) -> None:
    await chat.walk(*MAPPING_WALK)
    reply = await chat.say("/edit Zed")
    assert 'I can\'t find "Zed" on your map.' in reply
    assert "Mom, Tío Beto and Ms. Rivera" in reply
    assert "Whose entry would you like to change?" in reply


async def test_remove_asks_first_and_no_keeps_them(chat: Chat, store: Store) -> None:
    await chat.walk(*MAPPING_WALK)
    assert "Remove Tío Beto from your map?" in await chat.say("/remove tío beto")
    assert "stays on your map" in await chat.say("no")
    assert "Tío Beto" in await _names(store, chat)
    await chat.say("/remove Tío Beto")
    assert "Removed Tío Beto" in await chat.say("yes")
    assert "Tío Beto" not in await _names(store, chat)


async def test_cancel_leaves_a_command_flow_without_changes(chat: Chat, store: Store) -> None:
    await chat.walk(*MAPPING_WALK)
    await chat.walk("/add", "Kim")
    assert "Cancelled; nothing was changed." in await chat.say("/cancel")
    assert "Kim" not in await _names(store, chat)
    assert "nothing to cancel" in await chat.say("/cancel")


async def test_lessons_lists_progress_and_starts_one(chat: Chat) -> None:
    await chat.walk("hi", "yes")
    reply = await chat.say("/lessons")
    assert "Relationship mapping (in progress)" in reply
    await chat.walk(*MAPPING_WALK[2:])
    assert "Relationship mapping (done)" in await chat.say("/lessons")
    assert "Family" in await chat.say("/lesson mapping")
    assert "I don't know a lesson called" in await chat.say("/lesson cooking")


async def test_pause_and_resume(chat: Chat) -> None:
    await chat.walk("hi", "yes", "Mom")
    assert "Paused." in await chat.say("/pause")
    assert "You've paused Orbit" in await chat.say("1")
    resumed = await chat.say("/resume")
    assert "Welcome back" in resumed and "What does Mom give you?" in resumed
    assert "How close" in await chat.say("1")


async def test_help_and_privacy_before_and_after_consent(chat: Chat) -> None:
    await chat.say("/help")
    before = chat.replies[0].text  # the help itself; the consent question follows it
    assert "/privacy" in before and "/delete" not in before
    assert "What I store, and why" in chat.replies[-1].text  # always with the question
    assert chat.choices == ["Yes, let's start", "No thanks"]
    assert "Nothing about you is stored until you say yes." in await chat.say("/privacy")
    await chat.say("yes")
    assert "/delete: erase everything" in await chat.say("/help")
    assert "erase everything at any time with /delete" in await chat.say("/privacy")


async def test_unknown_command_is_answered_kindly(chat: Chat) -> None:
    await chat.walk("hi", "yes")
    reply = await chat.say("/frobnicate now")
    assert "I don't know the command /frobnicate" in reply and "/help" in reply
    assert "Family" in reply  # the question is asked again


async def test_delete_needs_the_word_and_then_erases_everything(chat: Chat, store: Store) -> None:
    await chat.walk(*MAPPING_WALK)
    assert "type DELETE" in await chat.say("/delete")
    assert "Nothing was deleted" in await chat.say("yes")
    assert await store.export(chat.key) is not None
    await chat.say("/delete")
    assert "everything about you has been erased" in await chat.say("delete")
    assert await store.export(chat.key) is None
    async with store.engine.connect() as conn:
        from sqlalchemy import text

        for table in ("student", "person", "conversation", "lesson_progress"):
            assert (await conn.execute(text(f"SELECT count(*) FROM {table}"))).scalar() == 0
    assert "I'm Orbit" in await chat.say("hi")  # a fresh start, consent asked again


async def test_delete_mid_lesson_leaves_nothing_to_resume(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes", "Mom", "1")
    await chat.walk("/delete", "DELETE")
    assert await store.export(chat.key) is None


async def test_map_sends_a_picture_with_a_growth_line(store: Store, tmp_path: Path) -> None:
    from datetime import timedelta

    from tests.support.coach import NOW, make_coach

    early = make_coach(store, media_dir=tmp_path, clock=lambda: NOW - timedelta(days=45))
    await Chat(early, user="ana").walk(*MAPPING_WALK)
    chat = Chat(make_coach(store, media_dir=tmp_path), user="ana")
    await chat.walk("/add Coach Dee", "Activities and coaches", "career", "distant")
    reply = await chat.say("/map")
    [picture] = [r.image_path for r in chat.replies if r.image_path]
    data = Path(picture).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    assert "1 new person since" in reply and "first career tie" in reply
    await chat.walk("/delete", "DELETE")
    assert not Path(picture).exists()  # the picture names people: /delete removes it
