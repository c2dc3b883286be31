"""Many workspaces: slack_sdk's installation and OAuth-state store interfaces over
Orbit's own tables (`bot/store/workspaces.py`, migrated by Alembic), and the bot
token of a workspace for the scheduler's sends, rotated when it is about to expire.

Bolt's OAuth flow (`/slack/install`, `/slack/oauth_redirect`) and its authorize step
use the stores as they would slack_sdk's own SQLAlchemy ones; only the bot's part of
an installation is kept (`installation_store_bot_only`): Orbit acts as its bot alone
and asks for no user token.
"""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError, SlackTokenRotationError
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator

from bot.store import workspaces
from bot.store.store import Store
from bot.store.workspaces import Install

log = logging.getLogger(__name__)
STATE_LIFETIME = timedelta(minutes=10)


def _when(value: Any) -> datetime | None:
    """slack_sdk keeps times as epoch seconds (float/int) or datetimes."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromtimestamp(float(value), tz=UTC)


def install_of(bot: Bot, installer: str = "") -> Install:
    scopes = bot.bot_scopes if isinstance(bot.bot_scopes, str) else ",".join(bot.bot_scopes)
    return Install(
        enterprise_id=bot.enterprise_id or "",
        team_id=bot.team_id or "",
        bot_token=bot.bot_token,
        installed_at=_when(bot.installed_at) or datetime.now(UTC),
        app_id=bot.app_id or "",
        team_name=bot.team_name or "",
        bot_id=bot.bot_id or "",
        bot_user_id=bot.bot_user_id or "",
        bot_scopes=scopes or "",
        bot_refresh_token=bot.bot_refresh_token,
        bot_token_expires_at=_when(bot.bot_token_expires_at),
        installer_user_id=installer,
        is_enterprise_install=bool(bot.is_enterprise_install),
    )


def bot_of(install: Install) -> Bot:
    expires = install.bot_token_expires_at
    return Bot(
        app_id=install.app_id or None,
        enterprise_id=install.enterprise_id or None,
        team_id=install.team_id or None,
        team_name=install.team_name or None,
        bot_token=install.bot_token,
        bot_id=install.bot_id,
        bot_user_id=install.bot_user_id,
        bot_scopes=install.bot_scopes,
        bot_refresh_token=install.bot_refresh_token,
        bot_token_expires_at=int(expires.timestamp()) if expires else None,
        is_enterprise_install=install.is_enterprise_install,
        installed_at=install.installed_at.timestamp(),
    )


class OrbitInstallationStore(AsyncInstallationStore):
    """Bots by workspace in `slack_install`; an uninstall also starts the grace period."""

    def __init__(self, store: Store, *, grace: timedelta) -> None:
        self.store = store
        self.grace = grace

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        await self.async_save_bot(installation.to_bot(), installer=installation.user_id or "")

    async def async_save_bot(self, bot: Bot, installer: str = "") -> None:
        await self.store.writer.run(workspaces.save_install, install_of(bot, installer))
        log.info("Slack workspace installed or its token renewed: %s", bot.team_id)

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        if is_enterprise_install:
            team_id = None
        found = await self.store.read(workspaces.find_install, enterprise_id, team_id)
        return bot_of(found) if found else None

    async def async_find_installation(self, **_kwargs: Any) -> Installation | None:
        raise NotImplementedError("Orbit keeps bots only (installation_store_bot_only)")

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.remove(enterprise_id, team_id)

    async def async_delete_installation(self, **_kwargs: Any) -> None:
        """A user's token: Orbit never keeps one, so nothing to delete."""

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.remove(enterprise_id, team_id)

    async def remove(self, enterprise_id: str | None, team_id: str | None) -> None:
        """Tokens gone now; the workspace's students' data after the grace period."""
        now = datetime.now(UTC)
        await self.store.writer.run(
            workspaces.remove_install, enterprise_id, team_id, now, self.grace
        )
        log.warning(
            "Slack workspace %s removed Orbit: tokens deleted, students' data goes after %s",
            team_id,
            now + self.grace,
        )

    async def teams(self) -> list[str]:
        return await self.store.read(workspaces.installed_teams)


class OrbitStateStore(AsyncOAuthStateStore):
    """OAuth `state`s in the database, so any worker can finish an install begun on
    another, and a `state` works once, for ten minutes."""

    def __init__(self, store: Store, *, lifetime: timedelta = STATE_LIFETIME) -> None:
        self.store = store
        self.lifetime = lifetime

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *_args: Any, **_kwargs: Any) -> str:
        state = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        await self.store.writer.run(workspaces.issue_state, state, now + self.lifetime, now)
        return state

    async def async_consume(self, state: str) -> bool:
        if not state or len(state) > 64:
            return False
        return await self.store.writer.run(workspaces.consume_state, state, datetime.now(UTC))


class WorkspaceTokens:
    """A workspace's bot token for sends outside a request (the scheduler's outbox),
    rotated first when it expires within `rotate_before` (as Bolt's authorize does)."""

    def __init__(
        self,
        installs: OrbitInstallationStore,
        rotator: AsyncTokenRotator | None,
        *,
        rotate_before: timedelta = timedelta(minutes=120),
    ) -> None:
        self.installs = installs
        self.rotator = rotator
        self.rotate_before = rotate_before

    async def token(self, team: str) -> str | None:
        bot = await self.installs.async_find_bot(enterprise_id=None, team_id=team)
        if bot is None:
            return None
        if bot.bot_refresh_token and self.rotator is not None:
            try:
                fresh = await self.rotator.perform_bot_token_rotation(
                    bot=bot, minutes_before_expiration=int(self.rotate_before.total_seconds() // 60)
                )
            except (SlackTokenRotationError, SlackApiError) as problem:
                log.error("could not renew the bot token of %s: %s", team, type(problem).__name__)
                return None
            if fresh is not None:
                await self.installs.async_save_bot(fresh)
                bot = fresh
        return bot.bot_token
