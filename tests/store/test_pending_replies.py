"""A committed turn's replies are kept until the adapter has sent them (the reply outbox)."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from bot.adapters.console import ConsoleAdapter, console_key
from bot.core.engine import Coach
from bot.store.replies import RP
from bot.store.store import Store
from bot.store.writes import prune_processed_events
from tests.support.chat import Chat
from tests.support.coach import NOW, make_coach


async def rows(store: Store) -> int:
    return await store.read(
        lambda conn: conn.execute(select(func.count()).select_from(RP)).scalar()
    )


async def until_no_rows(store: Store) -> None:
    for _ in range(200):
        if await rows(store) == 0:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("sent replies were not forgotten")


async def crash_after_commit(chat: Chat, text: str) -> list[str]:
    """The turn is committed and its replies returned, but never sent (the process died)."""
    replies = await chat.coach.handle(chat.inbound(text))
    return [r.text for r in replies]


async def test_replies_are_kept_with_the_turn_until_sent(coach: Coach, store: Store) -> None:
    chat = Chat(coach, user="ana")
    chat.key = console_key("ana")
    await chat.walk("hi", "yes")
    await until_no_rows(store)  # sent replies are gone (the Chat marks them sent)
    inbound = chat.inbound("Mom")
    replies = await chat.coach.handle(inbound)
    [unsent] = await store.unsent("console", "local", "ana")
    assert (unsent.key, unsent.event_id) == (chat.key, inbound.event_id)
    assert unsent.replies == replies  # text, choices (multi) exactly as returned
    assert replies[0].choices and replies[0].multi
    chat.coach.sent(inbound)
    await until_no_rows(store)
    assert await store.unsent("console") == []


async def test_a_redelivered_event_gets_its_unsent_replies_after_a_restart(
    chat: Chat, store: Store
) -> None:
    await chat.walk("hi", "yes")
    inbound = chat.inbound("Mom", event_id="tg-77")
    replies = await chat.coach.handle(inbound)
    # The same process is still sending them: a duplicate gets nothing.
    assert await chat.coach.handle(inbound) == []
    restarted = make_coach(store)  # a new process: it knows nothing was sent
    assert await restarted.handle(inbound) == replies
    restarted.sent(inbound)
    await until_no_rows(store)
    assert await make_coach(store).handle(inbound) == []  # sent: nothing again
    exported = await store.export(chat.key)
    assert exported is not None and exported["conversation"]["version"] == 2  # stored once


async def test_orbit_chat_prints_what_a_killed_session_left(coach: Coach, store: Store) -> None:
    chat = Chat(coach, user="ana", platform="console")
    chat.key = console_key("ana")
    await chat.walk("hi", "yes")
    lost = await crash_after_commit(chat, "Mom")
    out = io.StringIO()
    console = ConsoleAdapter(make_coach(store), user="ana", stdin=io.StringIO(""), stdout=out)
    await console.run()
    assert lost[0] in out.getvalue()
    assert "1. Emotional support" in out.getvalue()
    await until_no_rows(store)
    other = io.StringIO()
    await ConsoleAdapter(make_coach(store), user="ana", stdin=io.StringIO(""), stdout=other).run()
    assert other.getvalue() == ""  # printed once, then forgotten


async def test_another_students_unsent_replies_are_not_printed(coach: Coach, store: Store) -> None:
    ben = Chat(coach, user="ben", platform="console")
    ben.key = console_key("ben")
    await ben.walk("hi", "yes")
    await crash_after_commit(ben, "Dad")
    out = io.StringIO()
    await ConsoleAdapter(make_coach(store), user="ana", stdin=io.StringIO(""), stdout=out).run()
    assert out.getvalue() == ""
    assert len(await store.unsent("console", "local", "ben")) == 1


async def test_delete_leaves_no_reply_that_quotes_the_student(coach: Coach, store: Store) -> None:
    chat = Chat(coach, user="ana")
    await chat.walk("hi", "yes")
    assert "Mom" in " ".join(await crash_after_commit(chat, "Mom"))
    await chat.walk("/delete", "DELETE")
    await until_no_rows(store)  # the unsent reply about Mom went with the data


async def test_a_picture_deleted_since_is_left_out_not_the_text(
    store: Store, tmp_path: Path
) -> None:
    coach = make_coach(store, media_dir=tmp_path / "media")
    chat = Chat(coach, user="ana")
    await chat.walk("hi", "yes", "Mom", "1", "close")
    replies = await coach.handle(chat.inbound("/map"))
    picture = next(r.image_path for r in replies if r.image_path)
    assert picture is not None and Path(picture).exists()
    [kept] = await make_coach(store).unsent("test")
    assert any(r.image_path == picture for r in kept.replies)  # still there: sent with it
    Path(picture).unlink()
    [left] = await make_coach(store).unsent("test")
    assert [r.text for r in left.replies] == [r.text for r in replies]
    assert all(r.image_path is None for r in left.replies)


async def test_replies_left_unsent_for_days_are_forgotten_by_the_tick(
    coach: Coach, store: Store
) -> None:
    chat = Chat(coach, user="ana")
    await chat.walk("hi", "yes")
    await crash_after_commit(chat, "Mom")  # the clock says NOW; nobody ever came back
    await until_pending(store, 1)
    await store.writer.run(prune_processed_events, NOW - timedelta(days=1))
    assert await rows(store) == 1  # a day early: kept
    await store.writer.run(prune_processed_events, NOW + timedelta(seconds=1))
    assert await rows(store) == 0


async def until_pending(store: Store, count: int) -> None:
    for _ in range(200):
        if await rows(store) == count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"expected {count} unsent turns, found {await rows(store)}")
