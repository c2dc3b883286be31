"""An admin deletes a student (`orbit delete`) while a bot process has them cached."""

from __future__ import annotations

from bot.store.store import Store
from tests.support.chat import Chat


async def test_a_student_deleted_elsewhere_is_not_brought_back_by_their_next_turn(
    chat: Chat, store: Store, database_url: str
) -> None:
    await chat.walk("hi", "yes", "Mom", "1", "close")
    assert [p["name"] for p in (await store.export(chat.key) or {})["map"]] == ["Mom"]

    admin = await Store(database_url).open()  # another process: `orbit delete`
    try:
        assert await admin.delete_student(chat.key, "cli:ops") is True
        assert await admin.export(chat.key) is None
        assert await admin.delete_student(chat.key, "cli:ops") is False  # nothing left
        trail = await admin.audit_since()
    finally:
        await admin.close()
    assert [(r.actor, r.action, r.detail) for r in trail if r.action == "delete"] == [
        ("cli:ops", "delete", "orbit delete")
    ]

    # The bot still holds Ana's old state in its cache; her next message must find
    # her gone (a fresh start, asking consent again), not write her map back.
    reply = await chat.say("Tío Beto")
    assert "I need your OK to store your answers" in reply
    assert await store.export(chat.key) is None
