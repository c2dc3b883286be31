"""Update -> Inbound: who, what, which event, and what Orbit ignores."""

from __future__ import annotations

from typing import Any

from telegram import Bot, Update

from bot.adapters.telegram.incoming import message_inbound, press_inbound
from bot.core.messages import ConversationKey, Markup
from tests.telegram.botapi import press_update, text_update

BOT = Bot("4242:test")
GROUP = {"id": -100777, "type": "supergroup", "title": "Robotics club"}


def inbound(data: dict[str, Any]):  # noqa: ANN201
    return message_inbound(Update.de_json(data, BOT), bot_id=4242, username="OrbitBot")


def test_a_private_message_becomes_an_inbound() -> None:
    got = inbound(text_update(501, "Tom & <b>Jo</b>", message_id=9, name="Ana"))
    assert got is not None
    assert got.key == ConversationKey("telegram", "", "501")
    assert got.text == "Tom & <b>Jo</b>"  # as typed; the core escapes it when it echoes it
    assert (got.event_id, got.display_name) == ("4242:m:501:9", "Ana")
    assert got.markup is Markup.HTML and got.private and got.choice is None


def test_the_event_id_does_not_depend_on_the_update_id() -> None:
    first = text_update(501, "hi", message_id=9)
    again = {**first, "update_id": first["update_id"] + 1000}
    assert inbound(first).event_id == inbound(again).event_id  # type: ignore[union-attr]


def test_a_deep_link_start_passes_through() -> None:
    got = inbound(text_update(501, "/start ROBOTICS24", message_id=1))
    assert got is not None and got.text == "/start ROBOTICS24"


def test_in_a_group_only_our_commands_and_mentions_are_addressed_to_us() -> None:
    chatter = inbound(text_update(501, "anyone up for lunch?", message_id=2, chat=GROUP))
    theirs = inbound(text_update(501, "/map@OtherBot", message_id=3, chat=GROUP))
    ours = inbound(text_update(501, "/map@orbitbot", message_id=4, chat=GROUP))
    plain = inbound(text_update(501, "/help", message_id=5, chat=GROUP))
    mention = inbound(text_update(501, "hey @OrbitBot what's up", message_id=8, chat=GROUP))
    # Every group text reaches the core (the crisis net reads it), none as private.
    assert all(m is not None and not m.private for m in (chatter, theirs, ours, plain, mention))
    assert not chatter.addressed and not theirs.addressed  # type: ignore[union-attr]
    assert ours.addressed and plain.addressed and mention.addressed  # type: ignore[union-attr]
    assert ours.text == "/map@orbitbot"  # type: ignore[union-attr]


def test_a_slash_not_at_the_start_is_not_a_command_in_a_group() -> None:
    data = text_update(501, "see /map", message_id=6, chat=GROUP)
    got = inbound(data)
    assert got is not None and not got.addressed


def test_edits_bots_and_channel_posts_are_ignored() -> None:
    message = text_update(501, "hi", message_id=7)["message"]
    assert inbound({"update_id": 1, "edited_message": message}) is None
    from_bot = {**message, "from": {"id": 9, "is_bot": True, "first_name": "Other"}}
    assert inbound({"update_id": 2, "message": from_bot}) is None


def test_a_photo_caption_counts_as_text() -> None:
    data = text_update(501, "", message_id=8)
    del data["message"]["text"]
    data["message"]["caption"] = "Mom"
    assert inbound(data).text == "Mom"  # type: ignore[union-attr]


def test_a_press_becomes_an_inbound_with_the_choice() -> None:
    message = {"message_id": 40, "date": 0, "chat": {"id": 501, "type": "private"}, "text": "?"}
    update = Update.de_json(press_update(501, "c:close", message, query_id="777"), BOT)
    assert update.callback_query is not None
    got = press_inbound(update.callback_query, bot_id=4242, choice="close")
    assert (got.choice, got.text, got.event_id) == ("close", "", "4242:cb:777")
    assert got.key.user == "501" and got.private
