"""Inviting a class list in Slack: find each student by email, DM them a Join button.

`users.lookupByEmail` (Tier 3) and `chat.postMessage` are called a few at a time;
a `429` is waited out with Slack's `Retry-After` (slack_sdk's rate-limit handler,
allowed many retries, since a roster is a batch nobody waits on message by message).
The button's press comes back as `/join CODE` (inbound.py), so a student who has not
said yes yet sees the consent question first, and joins at yes.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.library_logs import scrubbed_logger
from bot.adapters.slack.blocks import button, section
from bot.adapters.slack.delivery import SDK_LOGGER, UNREADABLE, ServerErrorRetry, slack_error
from bot.adapters.slack.inbound import JOIN
from bot.adapters.slack.settings import SlackSecrets
from bot.store.store import Store
from bot.store.workspaces import find_install

log = logging.getLogger(__name__)
GONE = frozenset({"users_not_found", "user_not_found", "account_inactive"})


class RosterSlackError(RuntimeError):
    """Slack cannot be used for this roster (the message says what to set)."""


@dataclass(frozen=True, slots=True)
class Invitation:
    text: str  # the notification's text and the message's words
    button: str  # the Join button's label
    code: str  # the cohort's join code, pressed back as `/join CODE`


class SlackInviter:
    """Looks students up and DMs them, in one workspace, with its bot token."""

    def __init__(self, client: AsyncWebClient, team: str) -> None:
        self.client = client
        self.team = team

    async def find(self, email: str) -> str | None:
        """The user id for an email in this workspace; None when nobody has it."""
        try:
            found = await self.client.users_lookupByEmail(email=email)
        except SlackApiError as problem:
            if slack_error(problem) in GONE:
                return None
            raise
        user = found.get("user") or {}
        if user.get("deleted") or user.get("is_bot"):
            return None
        return str(user.get("id") or "") or None

    async def invite(self, user: str, invitation: Invitation) -> bool:
        """A DM (the user id as channel) with the words and a Join button."""
        blocks = [
            section(invitation.text),
            {
                "type": "actions",
                "block_id": "orbit-invite",
                "elements": [button(invitation.button, invitation.code, JOIN, primary=True)],
            },
        ]
        try:
            await self.client.chat_postMessage(
                channel=user, text=invitation.text, blocks=blocks, unfurl_links=False
            )
        except (SlackApiError, *UNREADABLE) as problem:
            log.warning("a roster invitation was not sent: %s", slack_error(problem))
            return False
        return True


def roster_client(token: str, base_url: str, session: aiohttp.ClientSession) -> AsyncWebClient:
    return AsyncWebClient(
        token=token,
        base_url=base_url,
        session=session,
        retry_handlers=[
            AsyncRateLimitErrorRetryHandler(max_retry_count=50),
            AsyncConnectionErrorRetryHandler(),
            ServerErrorRetry(max_retry_count=2),
        ],
        logger=scrubbed_logger(SDK_LOGGER),
    )


@contextlib.asynccontextmanager
async def slack_inviter(store: Store, cohort_team: str) -> AsyncIterator[SlackInviter]:
    """The inviter for a cohort's workspace: the installed workspace's token (many
    workspaces), else ORBIT_SLACK_BOT_TOKEN's workspace."""
    secrets = SlackSecrets()
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        if secrets.many_workspaces:
            if not cohort_team:
                raise RosterSlackError(
                    "With many workspaces, a cohort for Slack students belongs to one: "
                    "create it with --team T..."
                )
            installed = await store.read(find_install, None, cohort_team)
            if installed is None:
                raise RosterSlackError(f"Orbit is not installed in Slack workspace {cohort_team}.")
            token = installed.bot_token
        else:
            token = secrets.bot_token.get_secret_value() if secrets.bot_token else ""
            if not token:
                raise RosterSlackError("Set ORBIT_SLACK_BOT_TOKEN to invite Slack students.")
        client = roster_client(token, secrets.api_url, session)
        try:
            me = await client.auth_test()
        except SlackApiError as problem:
            raise RosterSlackError(
                f"Slack refused the bot token ({slack_error(problem)})."
            ) from problem
        team = str(me.get("team_id") or cohort_team)
        if cohort_team and team != cohort_team:
            raise RosterSlackError(f"The bot token is for workspace {team}, not {cohort_team}.")
        yield SlackInviter(client, team)
