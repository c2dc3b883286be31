"""Delivering planned calls to one chat, riding out network trouble.

Pacing and "retry after" are handled below us, for every call, by the limiter. Here a
call that failed on the network (a timeout, a dropped connection) is sent again after
a short, growing pause: a student should not lose a reply to a blip. That can, rarely,
deliver a message twice (the first try may have arrived); a duplicate is better than a
student left waiting. Telegram refusing the call (a bad request, a blocked bot) is not
retried.

Messages and edits go out with `Bot.do_api_request`, which returns Telegram's answer
as plain JSON: python-telegram-bot would otherwise build a full `Message` object from
every answer, and all we need is the message id. That parsing was about a fifth of
the time per update in bench/telegram_updates.py. Pacing, retry-after and errors are
the same as for the named methods (same request path).
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from telegram import Bot, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError
from telegram.warnings import PTBUserWarning

from bot.adapters.telegram.outgoing import Call, SendMessage, SendPhoto
from bot.support import metrics
from bot.support.redact import hashed

log = logging.getLogger(__name__)
T = TypeVar("T")

ATTEMPTS = 6
FIRST_PAUSE = 0.5
RAW_METHODS = ("sendMessage", "editMessageText", "editMessageReplyMarkup")


def _quiet_raw_calls() -> None:
    """do_api_request suggests the named method for these; we use it on purpose (see above)."""
    pattern = rf"Please use 'Bot\.({'|'.join(RAW_METHODS)})'"
    warnings.filterwarnings("ignore", message=pattern, category=PTBUserWarning)


class TelegramDelivery:
    """Sends planned calls to a chat, retrying network failures (see the module note)."""

    def __init__(
        self,
        bot: Bot,
        *,
        attempts: int = ATTEMPTS,
        first_pause: float = FIRST_PAUSE,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        _quiet_raw_calls()
        self.bot = bot
        self.attempts = attempts
        self.first_pause = first_pause
        self._sleep = sleep
        self.network_retries = 0

    async def retrying(self, call: Callable[[], Awaitable[T]]) -> T:
        """`call()`, again after network errors (not after Telegram refused it)."""
        pause = self.first_pause
        for attempt in range(1, self.attempts + 1):
            try:
                return await call()
            except BadRequest:
                raise
            except NetworkError as error:
                if attempt == self.attempts:
                    raise
                self.network_retries += 1
                metrics.platform_error("telegram")
                log.warning(
                    "network error (%s); trying again in %.1f s", type(error).__name__, pause
                )
                await self._sleep(pause)
                pause = min(pause * 2, 30.0)
        raise AssertionError("unreachable")

    async def api(self, method: str, params: dict[str, Any]) -> Any:
        """One raw Bot API call with network retries; Telegram's answer as JSON."""
        return await self.retrying(lambda: self.bot.do_api_request(method, api_kwargs=params))

    async def send(self, chat_id: int, call: Call) -> int:
        """Send one call; the new message's id."""
        if isinstance(call, SendPhoto):
            photo = await self.retrying(lambda: self._photo(chat_id, call))
            return photo.message_id
        answer = await self.api("sendMessage", call.kwargs(chat_id))
        return int(answer["message_id"])

    async def _photo(self, chat_id: int, call: SendPhoto) -> Message:
        """An upload, so the named method (it builds the multipart request)."""
        return await self.bot.send_photo(
            chat_id=chat_id,
            photo=Path(call.path),
            caption=call.caption or None,
            parse_mode=ParseMode.HTML if call.caption else None,
            api_kwargs={"reply_markup": call.reply_markup} if call.reply_markup else None,
        )

    async def deliver(self, chat_id: int, calls: list[Call]) -> list[tuple[Call, int]]:
        """Send `calls` in order; (call, message id) of each sent. Stops if we are blocked."""
        sent: list[tuple[Call, int]] = []
        for call in calls:
            try:
                sent.append((call, await self.send(chat_id, call)))
            except Forbidden:
                log.info("chat %s blocked the bot or left; replies dropped", hashed(chat_id))
                break
            except BadRequest:
                metrics.platform_error("telegram")
                # Telegram's reason may quote the text (a tag name); type and size only.
                log.error(
                    "Telegram refused a %s to chat %s (%d chars)",
                    type(call).__name__,
                    hashed(chat_id),
                    _size(call),
                )
        return sent

    async def quietly(self, call: Callable[[], Awaitable[Any]]) -> None:
        """For edits and callback answers: retried, and a refusal only logged (too old ...)."""
        try:
            await self.retrying(call)
        except (BadRequest, Forbidden) as error:
            log.info("Telegram refused a keyboard update: %s", type(error).__name__)


def _size(call: Call) -> int:
    return len(call.text) if isinstance(call, SendMessage) else len(getattr(call, "caption", ""))
