"""Calls to Slack: post, update, answer through a `response_url`, publish a Home.

Every call goes through slack_sdk with its rate-limit retry handler, so a `429` is
waited out using `Retry-After` and the message still goes. A call that fails for
good is logged and skipped: one lost notification must not stop the student's
next turn (their state is already saved by then).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.adapters.slack.blocks import SlackMessage
from bot.adapters.slack.inbound import Target

log = logging.getLogger(__name__)
NAME_CACHE = 10_000


def retry_handlers() -> list[AsyncRetryHandler]:
    """Wait out 429s (Retry-After) several times; retry a dropped connection once."""
    return [AsyncRateLimitErrorRetryHandler(max_retry_count=5), AsyncConnectionErrorRetryHandler()]


def web_client(token: str, base_url: str, session: aiohttp.ClientSession) -> AsyncWebClient:
    """One shared HTTP session: slack_sdk would otherwise open a session per call."""
    return AsyncWebClient(
        token=token, base_url=base_url, session=session, retry_handlers=retry_handlers()
    )


@dataclass(frozen=True, slots=True)
class Posted:
    channel: str
    ts: str
    message: SlackMessage


class Delivery:
    """The only code that sends to Slack (besides Bolt's own acks)."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client
        self._names: OrderedDict[tuple[str, str], str] = OrderedDict()

    async def post(self, target: Target, messages: list[SlackMessage]) -> list[Posted]:
        """Post in order to a conversation; a user id as channel means the app's DM."""
        assert target.channel is not None
        posted = []
        for message in messages:
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

    async def update(self, channel: str, ts: str, message: SlackMessage) -> None:
        await self._call(
            self.client.chat_update,
            channel=channel,
            ts=ts,
            text=message.text,
            blocks=message.blocks,
        )

    async def respond(self, url: str, message: SlackMessage, *, replace: bool = False) -> None:
        """Ephemeral: only the student sees it, in whatever channel they used /orbit."""
        webhook = AsyncWebhookClient(
            url, session=self.client.session, retry_handlers=retry_handlers()
        )
        try:
            response = await webhook.send(
                text=message.text,
                blocks=message.blocks or None,
                response_type="ephemeral",
                replace_original=replace,
            )
        except aiohttp.ClientError as problem:
            log.warning("could not answer through response_url: %s", problem)
            return
        if response.status_code != 200:
            log.warning("response_url answered %s: %s", response.status_code, response.body)

    async def publish(self, user: str, view: dict[str, Any]) -> bool:
        return await self._call(self.client.views_publish, user_id=user, view=view) is not None

    async def first_name(self, team: str, user: str) -> str:
        """The name to greet a student by (stored only after consent); cached per process."""
        cached = self._names.get((team, user))
        if cached is not None:
            return cached
        response = await self._call(self.client.users_info, user=user)
        profile = ((response or {}).get("user") or {}).get("profile") or {}
        real = (profile.get("real_name") or "").split()
        name = profile.get("first_name") or profile.get("display_name") or (real[0] if real else "")
        self._names[(team, user)] = name
        if len(self._names) > NAME_CACHE:
            self._names.popitem(last=False)
        return name

    async def _call(self, method: Any, **arguments: Any) -> Any:
        try:
            return await method(**{k: v for k, v in arguments.items() if v is not None})
        except SlackApiError as problem:
            log.warning("Slack refused %s: %s", method.__name__, problem.response.get("error"))
        except aiohttp.ClientError as problem:
            log.warning("could not reach Slack for %s: %s", method.__name__, problem)
        return None
