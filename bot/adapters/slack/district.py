"""Orbit in many Slack workspaces at once (a district): what `running_slack` adds.

Bolt's own OAuth flow installs Orbit (`/slack/install` shows "Add to Slack", Slack
comes back to `/slack/oauth_redirect`), the installation store keeps each
workspace's bot token in Orbit's database, and Bolt's authorize finds (and, with
token rotation on, renews) the token for every request. Here: the settings for all
that, the scheduler's per-workspace tokens, and the hourly sweep that deletes the
students of workspaces whose grace period after an uninstall is over.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.app import District
from bot.adapters.slack.installs import OrbitInstallationStore, OrbitStateStore, WorkspaceTokens
from bot.adapters.slack.settings import SlackSecrets
from bot.adapters.slack.turns import SlackTurns
from bot.store.store import Store
from bot.store.workspaces import purge_removed_workspaces

log = logging.getLogger(__name__)
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
# What the bot may do; the same list as config/slack-manifest-district.yaml.
BOT_SCOPES = (
    "app_mentions:read",
    "chat:write",
    "commands",
    "files:write",
    "im:history",
    "im:write",
    "users:read",
    "users:read.email",
)
SWEEP_EVERY = 3600.0


def district(secrets: SlackSecrets, store: Store) -> District:
    """Bolt's OAuth settings over Orbit's stores."""
    assert secrets.client_id and secrets.client_secret is not None
    installs = OrbitInstallationStore(store, grace=timedelta(days=secrets.uninstall_grace_days))
    oauth = AsyncOAuthSettings(
        client_id=secrets.client_id,
        client_secret=secrets.client_secret.get_secret_value(),
        scopes=list(BOT_SCOPES),
        redirect_uri=secrets.redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=installs,
        installation_store_bot_only=True,
        state_store=OrbitStateStore(store),
    )
    return District(oauth=oauth, installs=installs)


def workspace_tokens(
    secrets: SlackSecrets, found: District, client: AsyncWebClient
) -> WorkspaceTokens:
    assert secrets.client_id and secrets.client_secret is not None
    rotator = AsyncTokenRotator(
        client_id=secrets.client_id,
        client_secret=secrets.client_secret.get_secret_value(),
        client=client,
    )
    return WorkspaceTokens(found.installs, rotator)


async def resend_unsent(turns: SlackTurns, tokens: WorkspaceTokens) -> int:
    """What a crash left unsent, workspace by workspace, each with its own token."""
    sent = 0
    for team in await tokens.installs.teams():
        token = await tokens.token(team)
        if token is None:
            continue
        with turns.delivery.workspace(token):
            sent += await turns.resend_unsent(team)
    return sent


@contextlib.asynccontextmanager
async def sweeping(store: Store, every: float = SWEEP_EVERY) -> AsyncIterator[None]:
    """Delete uninstalled workspaces' students once their grace period is over: at
    start, then every `every` seconds, until the block exits."""

    async def sweep() -> None:
        while True:
            try:
                gone = await purge_removed_workspaces(store, datetime.now(UTC))
            except Exception as error:  # noqa: BLE001 - tried again at the next sweep
                log.error("could not sweep uninstalled workspaces: %s", type(error).__name__)
            else:
                if gone:
                    log.warning("deleted %d students of uninstalled workspaces", gone)
            await asyncio.sleep(every)

    task = asyncio.create_task(sweep(), name="orbit-slack-sweep")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
