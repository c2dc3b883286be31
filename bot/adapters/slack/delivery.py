"""Calls to Slack: post, update, answer through a `response_url`, publish a Home,
upload a picture (the student's map) into their DM with files_upload_v2.

Every call goes through slack_sdk with its rate-limit retry handler, so a `429` is
waited out using `Retry-After` and the message still goes; a 5xx (a proxy's `502
text/plain` too) is tried again twice. A call that fails for good, or answers with
something that is not Slack's JSON, is logged (method and error type, never the
text) and skipped: one lost notification must not stop the student's next turn
(their state is already saved by then).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.adapters.library_logs import scrubbed_logger
from bot.adapters.slack.blocks import SlackMessage, section
from bot.adapters.slack.inbound import Target
from bot.support import metrics
from bot.vocab.bounded import Recent

log = logging.getLogger(__name__)
NAME_CACHE = 10_000
SDK_LOGGER = "bot.adapters.slack.sdk"  # slack_sdk logs bodies at DEBUG: scrubbed
# What slack_sdk raises for an answer that is not Slack's JSON: a proxy's text/plain
# body makes its `validate` call `.get` on a str (AttributeError).
UNREADABLE = (SlackClientError, aiohttp.ClientError, AttributeError, TypeError, ValueError)
# The workspace whose job is running (many workspaces): its client, with its bot token.
_workspace: ContextVar[AsyncWebClient | None] = ContextVar("orbit_slack_workspace", default=None)


class ServerErrorRetry(AsyncRetryHandler):
    """Try again after a 5xx, including a proxy's 502/504 that is not JSON at all."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code in (500, 502, 503, 504)


class _CountedRateLimits(AsyncRateLimitErrorRetryHandler):
    """slack_sdk's 429 handler, counting each 429 for `/metrics`."""

    async def _can_retry_async(self, **kwargs: Any) -> bool:
        limited = await super()._can_retry_async(**kwargs)
        if limited:
            metrics.platform_error("slack", rate_limited=True)
        return limited


def retry_handlers() -> list[AsyncRetryHandler]:
    """Wait out 429s (Retry-After) several times; retry a dropped connection once and a
    server error twice."""
    return [
        _CountedRateLimits(max_retry_count=5),
        AsyncConnectionErrorRetryHandler(),
        ServerErrorRetry(max_retry_count=2),
    ]


def web_client(token: str, base_url: str, session: aiohttp.ClientSession) -> AsyncWebClient:
    """One shared HTTP session: slack_sdk would otherwise open a session per call."""
    return AsyncWebClient(
        token=token,
        base_url=base_url,
        session=session,
        retry_handlers=retry_handlers(),
        logger=scrubbed_logger(SDK_LOGGER),
    )


def slack_error(problem: BaseException) -> str:
    """Slack's error code when the answer was Slack's JSON, else the error's type."""
    response = getattr(problem, "response", None)
    data = getattr(response, "data", None)
    if isinstance(data, dict) and data.get("error"):
        return str(data["error"])
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    return f"{type(problem).__name__}" + (f" (HTTP {status})" if status else "")


@dataclass(frozen=True, slots=True)
class Posted:
    channel: str
    ts: str
    message: SlackMessage


class Delivery:
    """The only code that sends to Slack (besides Bolt's own acks)."""

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client
        self._by_token: Recent[str, AsyncWebClient] = Recent(NAME_CACHE)
        self._names: Recent[tuple[str, str], str] = Recent(NAME_CACHE)
        self._askers: Recent[str, str] = Recent(NAME_CACHE)  # response_url -> user id
        # Said in an ephemeral answer whose picture went to the DM (set from a template).
        self.picture_note = ""

    @property
    def client(self) -> AsyncWebClient:
        """The running job's workspace's client, else the one bot's (one workspace)."""
        return _workspace.get() or self._client

    @contextlib.contextmanager
    def workspace(self, token: str | None) -> Iterator[None]:
        """Calls made inside go with this bot token (the workspace of the job being run);
        None, or the one bot's own token, changes nothing."""
        if not token or token == self._client.token:
            yield
            return
        client = self._by_token.get(token)
        if client is None:
            session = self._client.session
            assert session is not None  # Orbit's clients always share one session
            client = web_client(token, self._client.base_url, session)
            self._by_token.put(token, client)
        reset = _workspace.set(client)
        try:
            yield
        finally:
            _workspace.reset(reset)

    async def post(self, target: Target, messages: list[SlackMessage]) -> list[Posted]:
        """Post in order to a conversation; a user id as channel means the app's DM."""
        assert target.channel is not None
        posted = []
        for message in messages:
            if message.image_path and await self._post_picture(target, message):
                continue  # the text went as the picture's comment
            if not (message.text or message.blocks):
                continue  # a picture alone, which could not go
            response = await self._call(
                self.client.chat_postMessage,
                channel=target.channel,
                text=message.text,
                blocks=message.blocks or None,
                thread_ts=target.thread_ts,
                unfurl_links=False,
                unfurl_media=False,
            )
            if response is not None:
                posted.append(Posted(response["channel"], response["ts"], message))
        return posted

    async def replace(
        self, message: SlackMessage, *, channel: str, ts: str, response_url: str | None = None
    ) -> None:
        """Show `message` in place of a posted one: through `response_url` when set (an
        ephemeral message, which only it can change), else by `update`."""
        if response_url:
            await self.respond(response_url, message, replace=True)
        else:
            await self.update(channel, ts, message)

    async def update(self, channel: str, ts: str, message: SlackMessage) -> None:
        await self._call(
            self.client.chat_update,
            channel=channel,
            ts=ts,
            text=message.text,
            blocks=message.blocks,
        )

    async def respond(self, url: str, message: SlackMessage, *, replace: bool = False) -> None:
        """Ephemeral: only the student sees it, in whatever channel they used /orbit.
        An ephemeral answer cannot carry a file: its picture goes to the student's DM."""
        if message.image_path:
            message = await self._picture_to_dm(url, message)
        webhook = AsyncWebhookClient(
            url,
            session=self.client.session,
            retry_handlers=retry_handlers(),
            logger=scrubbed_logger(SDK_LOGGER),
        )
        try:
            response = await webhook.send(
                text=message.text,
                blocks=message.blocks or None,
                response_type="ephemeral",
                replace_original=replace,
            )
        except UNREADABLE as problem:
            log.warning("could not answer through response_url: %s", type(problem).__name__)
            return
        if response.status_code != 200:
            log.warning("response_url answered %s", response.status_code)

    def asked_by(self, response_url: str, user: str) -> None:
        """Whose `/orbit` a response_url answers: where a picture in the answer goes."""
        self._askers.put(response_url, user)

    async def _post_picture(self, target: Target, message: SlackMessage) -> bool:
        """Upload a message's picture with its text as the comment (one message in the
        DM). False when it did not go: the text is then posted alone."""
        assert target.channel is not None and message.image_path
        if message.blocks or target.thread_ts:  # buttons need chat.postMessage: file first
            await self._upload_to_dm(target.channel, message.image_path, comment=None)
            return False
        return await self._upload_to_dm(
            target.channel, message.image_path, comment=message.text or None
        )

    async def _picture_to_dm(self, url: str, message: SlackMessage) -> SlackMessage:
        """Upload the picture into the asker's DM; the answer then says where it is."""
        assert message.image_path
        user = self._askers.get(url)
        if user is None:
            log.warning("a picture for an ephemeral answer was left out: whose is unknown")
        elif await self._upload_to_dm(user, message.image_path, comment=None):
            note = self.picture_note
            text = f"{message.text}\n\n{note}" if message.text else note
            blocks = [*message.blocks, section(note)] if message.blocks and note else message.blocks
            return SlackMessage(text=text, blocks=blocks)
        return replace(message, image_path=None)

    async def _upload_to_dm(self, channel: str, path: str, *, comment: str | None) -> bool:
        """files_upload_v2 into a DM (`D…`, or a user id: their DM is opened first).
        Never into a channel: a student's map is never shown to others."""
        if channel.startswith(("U", "W")):
            opened = await self._call(self.client.conversations_open, users=channel)
            channel = ((opened or {}).get("channel") or {}).get("id") or ""
        if not channel.startswith("D"):
            log.warning("a picture was not uploaded: not a DM")
            return False
        try:
            data = await asyncio.to_thread(Path(path).read_bytes)
            await self.client.files_upload_v2(
                channel=channel, file=data, filename=Path(path).name, initial_comment=comment
            )
        except (*UNREADABLE, OSError) as problem:
            log.warning("could not upload a picture to Slack: %s", slack_error(problem))
        else:
            return True
        return False

    async def publish(self, user: str, view: dict[str, Any]) -> bool:
        return await self._call(self.client.views_publish, user_id=user, view=view) is not None

    async def first_name(self, team: str, user: str) -> str:
        """The name to greet a student by (stored only after consent); cached per process."""
        cached = self._names.get((team, user))
        if cached is not None:
            return cached
        response = await self._call(self.client.users_info, user=user)
        if response is None:
            return ""  # Slack did not say: greet without a name, ask again next time
        profile = ((response.get("user") or {}).get("profile")) or {}
        real = (profile.get("real_name") or "").split()
        name = profile.get("first_name") or profile.get("display_name") or (real[0] if real else "")
        self._names.put((team, user), name)
        return name

    async def _call(self, method: Any, **arguments: Any) -> Any:
        try:
            return await method(**{k: v for k, v in arguments.items() if v is not None})
        except SlackApiError as problem:
            metrics.platform_error("slack")
            log.warning("Slack refused %s: %s", method.__name__, slack_error(problem))
        except UNREADABLE as problem:
            metrics.platform_error("slack")
            log.warning("could not reach Slack for %s: %s", method.__name__, slack_error(problem))
        return None
