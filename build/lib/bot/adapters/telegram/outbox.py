"""Telegram's way out for the scheduler's outbox (nudges, check-ins): a `schedule.Sender`.

It sends through the same bot as the replies, so every scheduled message passes the
same limiter and `Pacer` as the replies to students: together they stay under
Telegram's limits. It says so (`paced = True`), and the send policy gives the
dispatcher no pacer of its own for it (the bot's limiter already paces and waits out
retry-after); a second pacer would either double the budget or halve it.

`orbit run telegram` builds it on the running application's bot; `orbit worker
--sender platform` builds its own bot from the same ORBIT_TELEGRAM_* variables
(`app.worker_sender`), paced by its own limiter.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from telegram.error import BadRequest, Forbidden

from bot.adapters.telegram.outgoing import plan
from bot.adapters.telegram.presses import LiveKeyboards
from bot.adapters.telegram.sender import TelegramDelivery
from bot.core.messages import ConversationKey, Markup, Outbound
from bot.schedule.senders import PermanentSendError

if TYPE_CHECKING:
    from telegram.ext import Application


class TelegramOutboxSender:
    markup = Markup.HTML
    paced = True  # every call passes the bot's limiter (bot.schedule.policy.pacers_for)

    def __init__(
        self, sender: TelegramDelivery, *, done_label: str, live: LiveKeyboards | None = None
    ) -> None:
        self.sender = sender
        self.done_label = done_label
        self.live = live  # the adapter's memory of live keyboards, when in the same process

    async def send(self, key: ConversationKey, outbound: Outbound) -> None:
        """A student's private chat has the student's user id as its chat id."""
        chat_id = int(key.user)
        try:
            for call in plan(outbound, done_label=self.done_label):
                message_id = await self.sender.send(chat_id, call)
                if call.reply_markup is not None and self.live is not None:
                    self.live.shown(chat_id, message_id)
        except Forbidden as error:  # blocked the bot: retrying cannot help
            raise PermanentSendError(str(error)) from error
        except BadRequest as error:  # e.g. chat not found
            raise PermanentSendError(str(error)) from error


class TelegramWorkerSender:
    """`orbit worker --sender platform`: a bot of its own, started on the first send."""

    markup = Markup.HTML
    paced = True  # by its own bot's limiter

    def __init__(self, application: Application, *, done_label: str) -> None:
        self.application = application
        self.done_label = done_label
        self._outbox: TelegramOutboxSender | None = None
        self._starting = asyncio.Lock()

    async def send(self, key: ConversationKey, outbound: Outbound) -> None:
        if self._outbox is None:
            async with self._starting:
                if self._outbox is None:
                    await self.application.bot.initialize()  # getMe: checks the token
                    self._outbox = TelegramOutboxSender(
                        TelegramDelivery(self.application.bot), done_label=self.done_label
                    )
        await self._outbox.send(key, outbound)

    async def close(self) -> None:
        if self._outbox is not None:
            await self.application.bot.shutdown()
            self._outbox = None
