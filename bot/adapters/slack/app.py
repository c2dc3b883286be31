"""The Bolt app: every listener acknowledges at once and queues the work.

`process_before_response=True` makes Bolt answer Slack as soon as a listener
returns, and ours return right after `ack()` and a non-blocking `submit`, so the
response never waits for the Coach, the database or another Slack call. Bolt keeps
what it is good at: signature and timestamp checks (401 when wrong), the URL
challenge, SSL checks, and dropping the bot's own events.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.library_logs import quiet_libraries, scrubbed_logger
from bot.adapters.slack.inbound import (
    ACTION_PREFIX,
    Job,
    command_job,
    home_job,
    mention_job,
    message_job,
    press_job,
)
from bot.adapters.slack.installs import OrbitInstallationStore
from bot.adapters.slack.turns import SlackTurns
from bot.core.messages import Markup

log = logging.getLogger(__name__)
Listener = Callable[..., Awaitable[None]]


@dataclass(frozen=True, slots=True)
class BotIdentity:
    """Who the bot is, from `auth.test` at startup (one call, then reused per request)."""

    token: str
    team_id: str
    bot_user_id: str
    bot_id: str


@dataclass(frozen=True, slots=True)
class District:
    """Many workspaces: Bolt's OAuth settings and the store of their installations."""

    oauth: AsyncOAuthSettings
    installs: OrbitInstallationStore


def _queue(
    turns: SlackTurns,
    translate: Callable[[dict[str, Any]], Job | None],
    *,
    by_workspace: bool = False,
) -> Listener:
    async def listener(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        await ack()
        try:
            job = translate(body)
        except (KeyError, TypeError, IndexError, AttributeError):
            log.warning("ignored a Slack payload of an unexpected shape: %s", _kind(body))
            return
        if job is not None:
            if by_workspace:  # the token Bolt found (and renewed) for this workspace
                job = replace(job, token=context.bot_token)
            if job.target.response_url and job.inbound is not None:
                turns.delivery.asked_by(job.target.response_url, job.inbound.key.user)
            turns.submit(job)

    return listener


def _kind(body: Any) -> str:
    """The payload's type for a log line (an event's type inside an envelope)."""
    if not isinstance(body, dict):
        return type(body).__name__
    event = body.get("event")
    kind = event.get("type") if isinstance(event, dict) else body.get("type")
    return str(kind)[:40]


def build_app(
    turns: SlackTurns,
    identity: BotIdentity | None,
    *,
    client: AsyncWebClient,
    signing_secret: str | None,
    district: District | None = None,
) -> AsyncApp:
    """The Bolt app for either mode; HTTP mode passes the signing secret to check.
    With `district` (many workspaces) Bolt's OAuth flow installs Orbit and finds each
    workspace's token; else `identity` is the one bot."""
    quiet_libraries()
    turns.delivery.picture_note = turns.coach.render("slack/picture_in_dm", Markup.MRKDWN)
    app = _bolt(identity, client=client, signing_secret=signing_secret, district=district)
    many = district is not None
    app.event("message")(_queue(turns, message_job, by_workspace=many))
    app.event("app_mention")(_queue(turns, mention_job, by_workspace=many))
    app.event("app_home_opened")(_queue(turns, home_job, by_workspace=many))
    app.action(re.compile("^" + re.escape(ACTION_PREFIX)))(
        _queue(turns, press_job, by_workspace=many)
    )
    app.command(re.compile(".*"))(_queue(turns, command_job, by_workspace=many))
    if district is not None:
        removal = _removal(district.installs)
        app.event("app_uninstalled")(removal)
        app.event("tokens_revoked")(removal)
    return app


def _removal(installs: OrbitInstallationStore) -> Listener:
    """`app_uninstalled`, or `tokens_revoked` naming the bot's token: the workspace's
    tokens are deleted, and its students' data after the grace period."""

    async def listener(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        await ack()
        event = body.get("event") or {}
        if event.get("type") == "tokens_revoked" and not (event.get("tokens") or {}).get("bot"):
            return  # only users' tokens, which Orbit never keeps
        await installs.remove(context.enterprise_id, context.team_id or body.get("team_id"))

    return listener


def _bolt(
    identity: BotIdentity | None,
    *,
    client: AsyncWebClient,
    signing_secret: str | None,
    district: District | None,
) -> AsyncApp:
    common: dict[str, Any] = {
        "client": client,
        "signing_secret": signing_secret or "",
        "request_verification_enabled": signing_secret is not None,
        "process_before_response": True,
        # Bolt logs request bodies (a failed signature, an unhandled event); its
        # middleware loggers copy this one's filter, which cuts the payload off.
        "logger": scrubbed_logger("bot.adapters.slack.bolt"),
    }
    if district is not None:
        # The store passed to the app as well: Bolt then builds its authorize with the
        # app's client, so token rotation calls the same Web API URL as everything else.
        return AsyncApp(
            installation_store=district.installs,
            installation_store_bot_only=True,
            oauth_settings=district.oauth,
            **common,
        )
    assert identity is not None

    async def authorize(enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id or identity.team_id,
            bot_user_id=identity.bot_user_id,
            bot_id=identity.bot_id,
            bot_token=identity.token,
        )

    return AsyncApp(authorize=authorize, **common)
