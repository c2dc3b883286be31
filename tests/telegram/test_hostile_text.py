"""Hostile text through the Telegram adapter: a lone surrogate, NUL and escapes in a name.

Telegram clients can send `"\\ud800"` (a lone surrogate in the update's JSON). Before
the door cleaned it, it was saved in the conversation and then broke reply splitting
after the commit, and every later turn of that student failed.
"""

from __future__ import annotations

from bot.adapters.telegram.incoming import conversation_key
from tests.telegram.botapi import press_update, text_update
from tests.telegram.harness import Bot

ANA = 611


async def test_a_lone_surrogate_is_answered_and_stored_clean(bot: Bot) -> None:
    name = "\x1b]0;pwned\x07Tom"
    await bot.feed(text_update(ANA, "hi", message_id=1, name=name))
    press = press_update(ANA, "c:yes", bot.api.last_keyboard())
    press["callback_query"]["from"]["first_name"] = name  # consent stores this name
    await bot.feed(press)
    await bot.feed(text_update(ANA, "Tom\ud800", message_id=3))
    assert "What does Tom give you?" in bot.api.texts()[-1]
    await bot.feed(text_update(ANA, "1", message_id=4), text_update(ANA, "\ud800", message_id=5))
    assert "How close are you and Tom?" in bot.api.texts()[-1]
    await bot.feed(text_update(ANA, "close\x00", message_id=6))
    assert "Anyone else in family?" in bot.api.texts()[-1]
    assert not any("something went wrong" in text for text in bot.api.texts())
    exported = await bot.adapter.coach.store.export(conversation_key(ANA))
    assert exported is not None
    assert exported["student"]["display_name"] == "Tom"  # the escape sequence is gone
    assert [p["name"] for p in exported["map"]] == ["Tom"]
