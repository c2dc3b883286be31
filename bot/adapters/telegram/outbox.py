"""Telegram's way out for the scheduler's outbox (nudges, check-ins): a `schedule.Sender`.

It sends through the same bot as the replies, so every scheduled message passes the
same limiter and `Pacer` as the replies to students: together they stay under
Telegram's limits. Give the dispatcher no pacer of its own for "telegram" (the bot's
limiter already paces and waits out retry-after); a second pacer would either double
the budget or halve it.
"""

from __future__ import annotations

from telegram.error import BadRequest, Forbidden

from bot.adapters.telegram.outgoing import plan
from bot.adapters.telegram.sender import Sender
from bot.core.messages import ConversationKey, Markup, Outbound
from bot.schedule.senders import PermanentSendError


class TelegramOutboxSender:
    markup = Markup.HTML

    def __init__(self, sender: Sender, *, done_label: str) -> None:
        self.sender = sender
        self.done_label = done_label

    async def send(self, key: ConversationKey, outbound: Outbound) -> None:
        """A student's private chat has the student's user id as its chat id."""
        chat_id = int(key.user)
        try:
            for call in plan(outbound, done_label=self.done_label):
                await self.sender.send(chat_id, call)
        except Forbidden as error:  # blocked the bot: retrying cannot help
            raise PermanentSendError(str(error)) from error
        except BadRequest as error:  # e.g. chat not found
            raise PermanentSendError(str(error)) from error
