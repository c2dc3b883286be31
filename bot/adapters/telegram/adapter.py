"""One update at a time: translate it, let the Coach decide, deliver what it says.

Nothing here knows a lesson. Typed messages and answering presses go to the Coach;
the replies are planned by outgoing.py and sent by sender.py. Two things are
Telegram's own and handled here: a multiple-choice toggle (only the keyboard changes)
and the aftermath of a press (the spinner is answered and the keyboard is replaced by
the chosen answer, so nothing can be pressed twice).
"""

from __future__ import annotations

import logging
from typing import Any

from telegram.error import TelegramError

from bot.adapters.telegram import keyboards
from bot.adapters.telegram.html_text import message_html
from bot.adapters.telegram.incoming import PLATFORM, Json, message_inbound, press_inbound
from bot.adapters.telegram.outgoing import plan_all
from bot.adapters.telegram.presses import LiveKeyboards
from bot.adapters.telegram.sender import TelegramDelivery
from bot.adapters.telegram.splitting import fits
from bot.core.engine import Coach
from bot.core.locales import language_of
from bot.core.messages import Inbound, Markup, Outbound

log = logging.getLogger(__name__)


class TelegramAdapter:
    def __init__(
        self,
        coach: Coach,
        sender: TelegramDelivery,
        *,
        bot_id: int,
        username: str | None,
        live: LiveKeyboards | None = None,
    ) -> None:
        self.coach = coach
        self.sender = sender
        self.bot_id = bot_id
        self.username = username
        self.live = live or LiveKeyboards()
        self.done_label = coach.render("telegram/done_button", Markup.PLAIN)

    async def on_update(self, update: Json, _context: Any = None) -> None:
        """The python-telegram-bot handler callback for every update (the Bot API's JSON)."""
        query = update.get("callback_query")
        if query is not None:
            await self.on_press(query)
            return
        inbound = message_inbound(update, bot_id=self.bot_id, username=self.username)
        if inbound is not None:
            await self.turn(update["message"]["chat"]["id"], inbound)

    async def turn(self, chat_id: int, inbound: Inbound) -> list[Outbound]:
        replies = await self.coach.handle(inbound)
        await self.reply(chat_id, [r for r in replies if not r.private])
        privately = [r for r in replies if r.private]
        if privately:  # a student's private chat has their user id as its chat id
            await self.reply(int(inbound.key.user), privately)
        self.coach.sent(inbound)
        return replies

    async def resend_unsent(self) -> int:
        """At start-up, before any update: replies a killed process committed but never
        sent (a student's private chat has the student's id as its chat id)."""
        count = 0
        for unsent in await self.coach.unsent(PLATFORM):
            try:
                await self.reply(int(unsent.key.user), unsent.replies)
            except TelegramError as error:
                log.warning("could not send replies left by a crash (next start): %s", error)
                continue
            self.coach.sent_event(unsent.key, unsent.event_id)
            count += 1
        return count

    async def reply(self, chat_id: int, replies: list[Outbound]) -> None:
        calls = plan_all(replies, done_label=self.done_label)
        for call, message_id in await self.sender.deliver(chat_id, calls):
            if call.reply_markup is not None:
                self.live.shown(chat_id, message_id)

    # --- presses ------------------------------------------------------------------

    async def on_press(self, query: Json) -> None:
        press = keyboards.parse_press(query.get("data"))
        message = query.get("message")
        if press is None:
            await self._answer(query)  # not one of our buttons
            return
        if message is None or not message.get("date"):  # older than a bot may see (48 h)
            await self._answer(query, self._note(query, "telegram/stale_button"))
            return
        chat_id, markup = message["chat"]["id"], message.get("reply_markup")
        if press.kind == keyboards.TOGGLE:
            await self._toggle(query, message, press.value)
            return
        picked = keyboards.checked(markup) if press.kind == keyboards.DONE else []
        if press.kind == keyboards.DONE and not picked:
            await self._answer(query, self._note(query, "telegram/pick_first"))
            return
        if not self.live.claim(chat_id, message["message_id"]):
            await self._refuse(query, message)
            return
        if press.kind == keyboards.DONE:
            answer = ", ".join(label for _, label in picked)
            choice = ",".join(value for value, _ in picked)
        else:
            answer = keyboards.picked_label(markup, query["data"]) or press.value
            choice = press.value
        inbound = press_inbound(query, bot_id=self.bot_id, choice=choice)
        replies = await self.coach.handle(inbound)
        await self._answer(query)
        await self._show_answer(message, answer)
        await self.reply(chat_id, replies)
        self.coach.sent(inbound)

    def _note(self, query: Json, template: str) -> str:
        """A button's short note, in the language of the student's app (the press carries
        no stored choice; a locale Orbit does not serve falls back to the default)."""
        hint = language_of((query.get("from") or {}).get("language_code"))
        return self.coach.render(template, Markup.PLAIN, locale=hint or None)

    async def _answer(self, query: Json, text: str | None = None) -> None:
        """Stop the button's spinner (with a short note when `text` is given)."""
        params = {"callback_query_id": query["id"]}
        if text:
            params["text"] = text
        await self.sender.quietly("answerCallbackQuery", params)

    async def _toggle(self, query: Json, message: Json, value: str) -> None:
        markup = message.get("reply_markup")
        if self.live.stale(message["chat"]["id"], message["message_id"]) or markup is None:
            await self._refuse(query, message)
            return
        await self._answer(query)
        await self._edit_keyboard(message, keyboards.toggled(markup, value))

    async def _refuse(self, query: Json, message: Json) -> None:
        await self._answer(query, self._note(query, "telegram/stale_button"))
        await self._edit_keyboard(message, None)

    async def _show_answer(self, message: Json, answer: str) -> None:
        """Replace the question's keyboard by the chosen answer under its text."""
        shown = self.coach.render("telegram/pressed", Markup.HTML, answer=answer)
        text = f"{message_html(message)}\n\n{shown}" if message.get("text") else ""
        if not text or not fits(text):
            await self._edit_keyboard(message, None)
            return
        edit = {
            "chat_id": message["chat"]["id"],
            "message_id": message["message_id"],
            "text": text,
            "parse_mode": "HTML",
            **keyboards.REMOVE,
        }
        await self.sender.quietly("editMessageText", edit)

    async def _edit_keyboard(self, message: Json, markup: keyboards.Keyboard | None) -> None:
        """Show `markup` under the message instead of its keyboard (None: no keyboard)."""
        edit: dict[str, Any] = {
            "chat_id": message["chat"]["id"],
            "message_id": message["message_id"],
        }
        edit.update({"reply_markup": markup} if markup else keyboards.REMOVE)
        await self.sender.quietly("editMessageReplyMarkup", edit)
