"""Slack's way out for the scheduler's outbox (nudges, check-ins): a `schedule.Sender`.

A scheduled message goes into the student's DM with the app (`chat.postMessage` with
the user id as channel, which Slack delivers to that DM), in Block Kit with buttons
exactly like a reply. The dispatcher does the waiting, so this client has no
rate-limit retry handler: a `429` becomes the schedule's `RetryAfter` with Slack's
`Retry-After`, which holds every Slack send of the worker, and the row is sent again
later. A user or DM that is gone is a `PermanentSendError` (the row is parked); any
other refusal is retried with backoff.

`orbit run slack` builds it on the running app's HTTP session and tells the adapter
about questions it posted (so a typed answer retires their buttons); `orbit worker
--sender platform` builds its own client from ORBIT_SLACK_BOT_TOKEN (`worker_sender`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncConnectionErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.library_logs import scrubbed_logger
from bot.adapters.slack.blocks import SlackMessage, slack_messages
from bot.adapters.slack.delivery import SDK_LOGGER, Posted
from bot.adapters.slack.settings import SlackSecrets
from bot.core.messages import ConversationKey, Markup, Outbound
from bot.schedule.senders import PermanentSendError, RetryAfter

log = logging.getLogger(__name__)

# Slack errors that retrying cannot fix: the person or the conversation is gone, or
# Slack will never accept this message.
PERMANENT = frozenset(
    {
        "user_not_found",
        "users_not_found",
        "account_inactive",
        "user_disabled",
        "channel_not_found",
        "is_archived",
        "cannot_dm_bot",
        "messages_tab_disabled",
        "invalid_blocks",
        "msg_too_long",
    }
)
DEFAULT_RETRY_AFTER = 1.0


def outbox_client(token: str, base_url: str, session: aiohttp.ClientSession) -> AsyncWebClient:
    """Connection errors are retried once; a 429 is left to the dispatcher (no waiting here)."""
    return AsyncWebClient(
        token=token,
        base_url=base_url,
        session=session,
        retry_handlers=[AsyncConnectionErrorRetryHandler()],
        logger=scrubbed_logger(SDK_LOGGER),
    )


class SlackOutboxSender:
    markup = Markup.MRKDWN

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        done_label: str,
        on_question: Callable[[ConversationKey, Posted], None] | None = None,
        tokens: Callable[[str], Awaitable[str | None]] | None = None,
    ) -> None:
        self.client = client
        self.tokens = tokens  # many workspaces: each row's workspace's bot token
        self.done_label = done_label
        self.on_question = on_question

    def messages(self, outbound: Outbound) -> list[SlackMessage]:
        if outbound.image_path:
            log.warning("a picture for Slack was left out: uploads are not supported yet")
        return slack_messages([outbound], done_label=self.done_label)

    async def send(self, key: ConversationKey, outbound: Outbound) -> None:
        for message in self.messages(outbound):
            arguments: dict[str, Any] = {
                "channel": key.user,  # a user id: the app's DM with them
                "text": message.text,
                "unfurl_links": False,
                "unfurl_media": False,
            }
            if message.blocks:
                arguments["blocks"] = message.blocks
            if self.tokens is not None:
                token = await self.tokens(key.team)
                if token is None:  # uninstalled: the row is parked, never retried
                    raise PermanentSendError("workspace_not_installed")
                arguments["token"] = token
            try:
                response = await self.client.chat_postMessage(**arguments)
            except SlackApiError as problem:
                raise translate(problem) from problem
            if message.has_choices and self.on_question is not None:
                self.on_question(key, Posted(response["channel"], response["ts"], message))

    async def close(self) -> None:
        """Nothing of its own: the client's session belongs to whoever made it."""


def translate(problem: SlackApiError) -> Exception:
    """Slack's refusal as the schedule's: RetryAfter, PermanentSendError, or itself (retried)."""
    response = problem.response
    data = getattr(response, "data", None)  # a proxy's text/plain answer is a str
    error = str(data.get("error") or "") if isinstance(data, dict) else ""
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    if status == 429 or error == "ratelimited":
        return RetryAfter(retry_after(getattr(response, "headers", None)))
    if error in PERMANENT:
        return PermanentSendError(error)
    return problem


def retry_after(headers: Any) -> float:
    """Slack's Retry-After header in seconds (aiohttp's headers ignore case; a dict may not)."""
    headers = headers or {}
    value = headers.get("Retry-After") or headers.get("retry-after")
    try:
        return max(float(value), 0.0) if value is not None else DEFAULT_RETRY_AFTER
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER


class SlackWorkerSender(SlackOutboxSender):
    """`orbit worker --sender platform`: its own session, opened on the first send."""

    def __init__(self, token: str, base_url: str, *, done_label: str) -> None:
        super().__init__(AsyncWebClient(token=token, base_url=base_url), done_label=done_label)
        self.token = token
        self.base_url = base_url
        self._session: aiohttp.ClientSession | None = None

    async def send(self, key: ConversationKey, outbound: Outbound) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
            self.client = outbox_client(self.token, self.base_url, self._session)
        await super().send(key, outbound)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def worker_sender(done_label: str) -> SlackWorkerSender:
    """The sender of a worker process, from ORBIT_SLACK_BOT_TOKEN (and ORBIT_SLACK_API_URL)."""
    secrets = SlackSecrets()
    token = secrets.bot_token.get_secret_value() if secrets.bot_token else ""
    if not token:
        raise ValueError(
            "ORBIT_SLACK_BOT_TOKEN is not set (the worker posts as that bot); set it, "
            "or leave slack out of --platforms"
        )
    return SlackWorkerSender(token, secrets.api_url, done_label=done_label)
