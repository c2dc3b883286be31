"""Every Bot API call passes through here: paced per chat and overall, retry-after obeyed.

python-telegram-bot lets one `BaseRateLimiter` wrap every request the bot makes, which
is exactly the one place we need: replies, button edits and (later) the scheduler's
nudges all go through the same bot, so they share one `Pacer`. PTB's own
`AIORateLimiter` paces groups and the overall rate but not private chats.

A call that carries a `chat_id` waits for its chat's slot. When Telegram answers
"retry after N seconds" anyway, every call waits N seconds in full and the same call is
sent again, so the message still goes.
"""

from __future__ import annotations

import datetime as dtm
import logging
import warnings
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot.schedule.pacing import Pacer
from bot.support import metrics

log = logging.getLogger(__name__)
T = TypeVar("T")

UNPACED = frozenset({"getUpdates", "getMe", "answerCallbackQuery", "setMyCommands"})
MAX_RETRY_AFTERS = 10


def retry_seconds(error: RetryAfter) -> float:
    """RetryAfter.retry_after in seconds: a timedelta with PTB_TIMEDELTA, else a number."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


def group_chat(chat_id: object) -> bool:
    """Telegram group and channel ids are negative; users' private chats are positive."""
    return isinstance(chat_id, int) and chat_id < 0


class PacedLimiter(BaseRateLimiter[int]):
    """PTB's hook for its named methods (`process_request`), and `send` for our raw calls.

    With every rate off (a local Bot API server, tests, benchmarks) and no retry-after
    seen, `free` is True and a call goes straight out: no pacer, no extra await.
    """

    def __init__(self, pacer: Pacer, *, max_retries: int = MAX_RETRY_AFTERS) -> None:
        self.pacer = pacer
        self.max_retries = max_retries
        self.retry_afters = 0  # how often Telegram said "slow down", for logs and tests
        self.free = pacer.unlimited  # False for good after the first retry-after

    async def initialize(self) -> None:
        """Nothing to set up: the pacer lives as long as the bot."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        return await self.send(
            endpoint, data.get("chat_id"), lambda: callback(*args, **kwargs), rate_limit_args
        )

    async def send(
        self,
        endpoint: str,
        chat_id: object,
        call: Callable[[], Coroutine[Any, Any, T]],
        retries: int | None = None,
    ) -> T:
        """`call()` once its chat's slot comes; after a retry-after, everything waits and
        the same call goes again (at most `retries` times)."""
        paced = chat_id is not None and endpoint not in UNPACED
        retries = self.max_retries if retries is None else retries
        attempt = 0
        while True:
            if not self.free:
                if paced:
                    await self.pacer.wait(_key(chat_id))
                else:
                    await self.pacer.released()
            try:
                return await call()
            except RetryAfter as error:
                attempt += 1
                if attempt > retries:
                    self.retry_afters += 1
                    metrics.platform_error("telegram", rate_limited=True)
                    raise
                self.slow_down(endpoint, error)

    def slow_down(self, endpoint: str, error: RetryAfter) -> None:
        """Telegram said "retry after N seconds": no call of any chat goes before then."""
        self.retry_afters += 1
        metrics.platform_error("telegram", rate_limited=True)
        seconds = retry_seconds(error)
        log.warning("Telegram asked to slow down: %s waits %.1f s", endpoint, seconds)
        self.free = False
        self.pacer.hold(seconds)


def _key(chat_id: object) -> object:
    """One key per chat, whether the id came as a number or a string."""
    try:
        return int(chat_id)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return chat_id
