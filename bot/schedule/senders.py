"""How a worker hands messages to a platform: the `Sender` protocol and two plain senders.

A platform adapter provides a `Sender` (Telegram and Slack plug theirs in); the
dispatcher does the pacing, retries and bookkeeping, so a sender only translates
and makes the call. It signals a platform's "retry after N seconds" with
`RetryAfter`, and a failure that retrying cannot fix (the user blocked the bot)
with `PermanentSendError`; anything else is retried with backoff.
"""

from __future__ import annotations

import logging
from collections import deque
from typing import Protocol

import aiohttp

from bot.support.redact import hashed
from bot.vocab.keys import ConversationKey
from bot.vocab.messages import Markup, Outbound

log = logging.getLogger(__name__)


class RetryAfter(Exception):  # noqa: N818 - the platform's own name for it
    """The platform asked us to wait `seconds` before sending anything more."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class PermanentSendError(Exception):
    """Retrying will not help (blocked, chat gone): the row is parked at once."""


class Sender(Protocol):
    """One platform's way out. `markup` is the text dialect the core renders for it.

    A sender whose sends are paced already (Telegram's pass the bot's limiter) has
    `paced = True`; the send policy then gives the dispatcher no pacer for it.
    """

    markup: Markup

    async def send(self, key: ConversationKey, outbound: Outbound) -> None:
        """Deliver one message to the conversation `key`; raise on failure (see above)."""
        ...


class LogSender:
    """Logs that a message went, not what it said: `orbit worker --sender log` without a
    platform (a dry run). The log gets a hashed recipient and a size, never the text
    (an alert quotes a student's words); `sent` keeps the last messages for tests."""

    markup = Markup.PLAIN
    paced = True  # it reaches no platform, so no platform's limits apply

    def __init__(self) -> None:
        self.sent: deque[tuple[ConversationKey, Outbound]] = deque(maxlen=100)

    async def send(self, key: ConversationKey, outbound: Outbound) -> None:
        self.sent.append((key, outbound))
        log.info("to %s: a message of %d characters", hashed(key), len(outbound.text))


class HttpSender:
    """POSTs each message as JSON to `{base_url}/sendMessage`, Bot-API style.

    For local fake platforms (tests, benchmarks) and simple webhooks: HTTP 429 with
    `{"parameters": {"retry_after": N}}` or a Retry-After header becomes `RetryAfter`,
    403 is permanent, anything else non-2xx is retried.
    """

    markup = Markup.PLAIN

    def __init__(self, base_url: str, *, session: aiohttp.ClientSession | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._session = session

    async def send(self, key: ConversationKey, outbound: Outbound) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        body = {"chat_id": key.user, "text": outbound.text}
        async with self._session.post(f"{self.base_url}/sendMessage", json=body) as response:
            if response.status < 300:
                return
            detail = await response.text()
            if response.status == 429:
                raise RetryAfter(_retry_after(response.headers.get("Retry-After"), detail))
            if response.status == 403:
                raise PermanentSendError(detail[:200])
            raise RuntimeError(f"HTTP {response.status}: {detail[:200]}")

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


def _retry_after(header: str | None, body: str) -> float:
    import json

    try:
        return float(json.loads(body)["parameters"]["retry_after"])
    except (ValueError, KeyError, TypeError):
        pass
    try:
        return float(header or 1)
    except ValueError:
        return 1.0
