"""Translation out: the core's `Outbound` becomes Bot API calls (pure; sender.py sends them).

The core has already escaped student text for Telegram's HTML parse mode, so text goes
out as it is. A `document` (a draft to copy) follows as a `<pre>` block; anything longer
than a Telegram message is split at paragraph breaks; choices become an inline keyboard
on the last piece, so the buttons sit under the question they answer. A picture goes
out with sendPhoto.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.adapters.telegram import keyboards
from bot.adapters.telegram.splitting import LIMIT, length, split_html
from bot.core.escaping import code_block
from bot.core.messages import Markup, Outbound

CAPTION_LIMIT = 1024  # Telegram's limit for a photo's caption


@dataclass(frozen=True, slots=True)
class SendMessage:
    text: str
    reply_markup: dict[str, Any] | None = None  # an inline keyboard as JSON

    def kwargs(self, chat_id: int) -> dict[str, Any]:
        params: dict[str, Any] = {
            "chat_id": chat_id,
            "text": self.text,
            "parse_mode": "HTML",
        }
        if self.reply_markup is not None:
            params["reply_markup"] = self.reply_markup
        return params


@dataclass(frozen=True, slots=True)
class SendPhoto:
    path: str
    caption: str = ""  # HTML, at most CAPTION_LIMIT
    reply_markup: dict[str, Any] | None = None


Call = SendMessage | SendPhoto


def plan(outbound: Outbound, *, done_label: str, limit: int = LIMIT) -> list[Call]:
    """The calls that deliver one reply, in order.

    A picture (the map) goes first, with the text as its caption when the text is short
    enough to be one; otherwise the text follows it.
    """
    html = outbound.text
    if outbound.document:
        html = f"{html}\n\n{code_block(outbound.document, Markup.HTML)}"
    markup = None
    if outbound.choices and keyboards.fits(outbound.choices):
        markup = keyboards.build_json(outbound.choices, multi=outbound.multi, done_label=done_label)
    calls: list[Call] = []
    if outbound.image_path:
        if length(html) <= CAPTION_LIMIT:
            return [SendPhoto(outbound.image_path, html, markup)]
        calls.append(SendPhoto(outbound.image_path))
    calls += [SendMessage(piece) for piece in split_html(html, limit)]
    if markup is not None and isinstance(calls[-1], SendMessage):
        calls[-1] = SendMessage(calls[-1].text, markup)
    return calls


def plan_all(replies: list[Outbound], *, done_label: str) -> list[Call]:
    return [call for reply in replies for call in plan(reply, done_label=done_label)]
