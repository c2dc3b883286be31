"""Delivering planned calls to one chat, riding out network trouble.

Pacing and "retry after" are handled below us, for every call, by the limiter. Here a
call that failed on the network (a timeout, a dropped connection) is sent again after
a short, growing pause: a student should not lose a reply to a blip. That can, rarely,
deliver a message twice (the first try may have arrived); a duplicate is better than a
student left waiting. Telegram refusing the call (a bad request, a blocked bot) is not
retried.

Messages, edits and callback answers are posted as JSON through the bot's own request
object (`Bot.request.post`, the same HTTP client, timeouts and error mapping PTB uses):
python-telegram-bot's named methods would build a full `Message` from every answer,
where all we need is the message id, and even its raw `do_api_request` passes five more
layers and a warning per call. Pacing and retry-after are the bot's limiter's
(`PacedLimiter.send`), skipped entirely while every rate is off. A photo is an upload,
so it keeps the named method (which reaches the same limiter through PTB).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

from telegram import Bot, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.request import RequestData

# Not exported by PTB, but what `Bot._do_post` builds each parameter with (it serialises
# dicts and lists to JSON when the request is sent).
from telegram.request._requestparameter import RequestParameter

from bot.adapters.telegram.limiter import PacedLimiter
from bot.adapters.telegram.outgoing import Call, SendMessage, SendPhoto
from bot.support import metrics
from bot.support.redact import hashed

log = logging.getLogger(__name__)
T = TypeVar("T")

ATTEMPTS = 6
FIRST_PAUSE = 0.5


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
        self.bot = bot
        self.attempts = attempts
        self.first_pause = first_pause
        self._sleep = sleep
        self.network_retries = 0
        limiter = getattr(bot, "rate_limiter", None)
        self.limiter = limiter if isinstance(limiter, PacedLimiter) else None
        self._post = bot.request.post
        self._url = f"{bot.base_url}/"

    async def retrying(self, call: Callable[..., Awaitable[T]], *args: Any) -> T:
        """`call(*args)`, again after network errors (not after Telegram refused it)."""
        pause = self.first_pause
        for attempt in range(1, self.attempts + 1):
            try:
                return await call(*args)
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
        """One Bot API call with network retries; Telegram's answer as JSON."""
        return await self.retrying(self._call, method, params)

    async def _call(self, method: str, params: dict[str, Any]) -> Any:
        limiter = self.limiter
        if limiter is None or limiter.free:
            try:
                return await self._raw(method, params)
            except RetryAfter as error:
                if limiter is None:
                    raise
                limiter.slow_down(method, error)  # then paced, like every call after it
        return await limiter.send(method, params.get("chat_id"), lambda: self._raw(method, params))

    def _raw(self, method: str, params: dict[str, Any]) -> Coroutine[Any, Any, Any]:
        """Our parameters are already JSON values (str, int, dicts of them), which is
        what `RequestParameter.from_input` would make of them after its type checks."""
        data = RequestData([RequestParameter(k, v, None) for k, v in params.items()])
        return self._post(self._url + method, data)

    async def send(self, chat_id: int, call: Call) -> int:
        """Send one call; the new message's id."""
        if isinstance(call, SendPhoto):
            photo = await self.retrying(self._photo, chat_id, call)
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

    async def quietly(self, method: str, params: dict[str, Any]) -> None:
        """For edits and callback answers: retried, and a refusal only logged (too old ...)."""
        try:
            await self.api(method, params)
        except (BadRequest, Forbidden) as error:
            log.info("Telegram refused a keyboard update: %s", type(error).__name__)


def _size(call: Call) -> int:
    return len(call.text) if isinstance(call, SendMessage) else len(getattr(call, "caption", ""))
