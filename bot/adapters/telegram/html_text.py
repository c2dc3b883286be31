"""A message's text as HTML again, from the Bot API's JSON (text plus formatting entities).

When a button is pressed, Orbit rewrites the question with the answer under it, so it
needs the question's text with its bold and italics back as HTML. Telegram returns a
message as plain text plus entities; python-telegram-bot's `Message.text_html` does the
conversion, and is used here for any message with entities. A message without any is
the text escaped, as `text_html` would give it, without building a `Message` for it.
"""

from __future__ import annotations

from html import escape
from typing import Any

from telegram import Message

FIELDS = ("message_id", "date", "chat", "text", "entities")


def message_html(message: dict[str, Any]) -> str:
    """The message's text with its entities as HTML tags (`Message.text_html`)."""
    text = message.get("text") or ""
    if not message.get("entities"):
        return escape(text)
    just_text = {name: message[name] for name in FIELDS if name in message}
    return Message.de_json(just_text, None).text_html
