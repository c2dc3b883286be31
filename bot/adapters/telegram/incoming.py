"""Translation in: a Telegram update, as the Bot API's JSON, becomes the core's `Inbound`.

Updates arrive as the decoded JSON Telegram sent (our poller and our webhook hand them
over as they are): turning each into python-telegram-bot's `Update` would build a
dozen objects (users, chats, dates with time zones, keyboards) of which we read five
fields, and cost more than a whole turn of the core. The fields read here are the Bot
API's own, so these pure functions are tested with recorded payloads.

Who: the Telegram user id (team is empty: a bot token is its own world). Event ids are
stable per update and never reused: a message is (chat, message id) and a press is its
callback query id, both prefixed with the bot's id, because Telegram's `update_id` may
restart from a random number after a week without updates.

In a group every text reaches the core marked `private=False`: commands and mentions
addressed to us get an invitation to a private chat, and other chatter (`addressed=False`)
is only looked at by the crisis net, which answers the student privately; nothing of a
group is stored or shown.
Text, pressed values and first names are cleaned at the door (`clean_inbound`).
"""

from __future__ import annotations

from typing import Any

from bot.core.inbound_text import clean_display_name, clean_inbound
from bot.core.messages import ConversationKey, Inbound, Markup

PLATFORM = "telegram"
TEAM = ""
PRIVATE = "private"
Json = dict[str, Any]


def conversation_key(user_id: int) -> ConversationKey:
    return ConversationKey(platform=PLATFORM, team=TEAM, user=str(user_id))


def raw(data: Any) -> Json:
    """The Bot API JSON of `data`: as it is, or from a python-telegram-bot object."""
    return data if isinstance(data, dict) else data.to_dict()


def is_command_for(message: Json, username: str | None) -> bool:
    """A `/command` at the start, with no `@bot` or with ours (Telegram's own definition)."""
    entities = message.get("entities") or ()
    entity = entities[0] if entities else None
    if entity is None or entity.get("type") != "bot_command" or entity.get("offset") != 0:
        return False
    text = message.get("text") or ""
    _, at, target = text[: entity.get("length", 0)].partition("@")
    return not at or username is None or target.casefold() == username.casefold()


def message_inbound(update: Any, *, bot_id: int, username: str | None) -> Inbound | None:
    """A student's message (an update's JSON) as an Inbound; None for what Orbit does
    not answer (edits, channel posts, bots)."""
    message: Json | None = raw(update).get("message")
    sender = message.get("from") if message else None
    if message is None or sender is None or sender.get("is_bot"):
        return None
    chat = message["chat"]
    private = chat.get("type") == PRIVATE
    text = message.get("text") or message.get("caption") or ""
    return Inbound(
        key=conversation_key(sender["id"]),
        event_id=f"{bot_id}:m:{chat['id']}:{message['message_id']}",
        text=clean_inbound(text),
        display_name=clean_display_name(sender.get("first_name", "")),
        markup=Markup.HTML,
        private=private,
        addressed=private or is_command_for(message, username) or mentions(text, username),
    )


def mentions(text: str, username: str | None) -> bool:
    """ "@orbitbot ..." anywhere in the text (Telegram's privacy mode passes these on)."""
    return username is not None and f"@{username.casefold()}" in text.casefold()


def press_inbound(query: Any, *, bot_id: int, choice: str) -> Inbound:
    """A button press (a callback query's JSON) as an Inbound: the pressed value
    (several, comma-separated, for Done)."""
    query = raw(query)
    message = query.get("message")
    sender = query["from"]
    return Inbound(
        key=conversation_key(sender["id"]),
        event_id=f"{bot_id}:cb:{query['id']}",
        choice=clean_inbound(choice),
        display_name=clean_display_name(sender.get("first_name", "")),
        markup=Markup.HTML,
        private=message is None or message["chat"].get("type") == PRIVATE,
    )


def chat_id_of(update: Json) -> int | None:
    """The chat an update belongs to (PTB's `effective_chat`), for ordering."""
    message = update.get("message") or (update.get("callback_query") or {}).get("message")
    return message["chat"]["id"] if message else None
