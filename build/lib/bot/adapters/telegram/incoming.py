"""Translation in: a Telegram update becomes the core's `Inbound` (or nothing).

Pure functions over python-telegram-bot's objects, so they are tested with recorded
payloads. Who: the Telegram user id (team is empty: a bot token is its own world).
Event ids are stable per update and never reused: a message is (chat, message id) and
a press is its callback query id, both prefixed with the bot's id, because Telegram's
`update_id` may restart from a random number after a week without updates.

In a group every text reaches the core marked `private=False`: commands and mentions
addressed to us get an invitation to a private chat, and other chatter (`addressed=False`)
is only looked at by the crisis net, which answers the student privately; nothing of a
group is stored or shown.
Text, pressed values and first names are cleaned at the door (`clean_inbound`).
"""

from __future__ import annotations

from telegram import CallbackQuery, Message, MessageEntity, Update
from telegram.constants import ChatType

from bot.core.inbound_text import clean_display_name, clean_inbound
from bot.core.messages import ConversationKey, Inbound, Markup

PLATFORM = "telegram"
TEAM = ""


def conversation_key(user_id: int) -> ConversationKey:
    return ConversationKey(platform=PLATFORM, team=TEAM, user=str(user_id))


def is_command_for(message: Message, username: str | None) -> bool:
    """A `/command` at the start, with no `@bot` or with ours (Telegram's own definition)."""
    text = message.text or ""
    entity = next(iter(message.entities or ()), None)
    if entity is None or entity.type != MessageEntity.BOT_COMMAND or entity.offset != 0:
        return False
    _, at, target = text[: entity.length].partition("@")
    return not at or username is None or target.casefold() == username.casefold()


def message_inbound(update: Update, *, bot_id: int, username: str | None) -> Inbound | None:
    """A student's message as an Inbound; None for what Orbit does not answer."""
    message = update.message
    if message is None or message.from_user is None or message.from_user.is_bot:
        return None
    private = message.chat.type == ChatType.PRIVATE
    return Inbound(
        key=conversation_key(message.from_user.id),
        event_id=f"{bot_id}:m:{message.chat.id}:{message.message_id}",
        text=clean_inbound(message.text or message.caption or ""),
        display_name=clean_display_name(message.from_user.first_name),
        markup=Markup.HTML,
        private=private,
        addressed=private or is_command_for(message, username) or mentions(message, username),
    )


def mentions(message: Message, username: str | None) -> bool:
    """ "@orbitbot ..." anywhere in the text (Telegram's privacy mode passes these on)."""
    text = (message.text or message.caption or "").casefold()
    return username is not None and f"@{username.casefold()}" in text


def press_inbound(query: CallbackQuery, *, bot_id: int, choice: str) -> Inbound:
    """A button press as an Inbound: the pressed value (several, comma-separated, for Done)."""
    chat = query.message.chat if query.message is not None else None
    return Inbound(
        key=conversation_key(query.from_user.id),
        event_id=f"{bot_id}:cb:{query.id}",
        choice=clean_inbound(choice),
        display_name=clean_display_name(query.from_user.first_name),
        markup=Markup.HTML,
        private=chat is None or chat.type == ChatType.PRIVATE,
    )
