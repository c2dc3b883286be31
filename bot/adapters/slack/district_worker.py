"""`orbit worker --sender platform` in a district: each row goes out with the bot token
of the student's workspace, read from the installations Orbit keeps (and renewed when
token rotation is on and it is about to expire). A workspace that uninstalled Orbit
has no token: its rows are parked, never retried."""

from __future__ import annotations

from datetime import timedelta

import aiohttp
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator

from bot.adapters.slack.installs import OrbitInstallationStore, WorkspaceTokens
from bot.adapters.slack.scheduled import SlackWorkerSender, outbox_client, worker_sender
from bot.adapters.slack.settings import SlackSecrets
from bot.core.messages import ConversationKey, Outbound
from bot.store.store import Store


class DistrictWorkerSender(SlackWorkerSender):
    """Opens its own session and store on the first send; closes both with the worker."""

    def __init__(self, secrets: SlackSecrets, database_url: str, *, done_label: str) -> None:
        super().__init__("", secrets.api_url, done_label=done_label)
        self.secrets = secrets
        self.database_url = database_url
        self._store: Store | None = None

    async def send(self, key: ConversationKey, outbound: Outbound) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
            self.client = outbox_client("", self.base_url, self._session)
            self._store = await Store(self.database_url).open()
            assert self.secrets.client_id and self.secrets.client_secret is not None
            grace = timedelta(days=self.secrets.uninstall_grace_days)
            rotator = AsyncTokenRotator(
                client_id=self.secrets.client_id,
                client_secret=self.secrets.client_secret.get_secret_value(),
                client=self.client,
            )
            tokens = WorkspaceTokens(OrbitInstallationStore(self._store, grace=grace), rotator)
            self.tokens = tokens.token
        await super().send(key, outbound)

    async def close(self) -> None:
        await super().close()
        if self._store is not None:
            await self._store.close()
            self._store = None


def slack_worker_sender(done_label: str, database_url: str) -> SlackWorkerSender:
    """`orbit worker`'s Slack sender: each workspace's installed token with many
    workspaces (ORBIT_SLACK_CLIENT_ID), else ORBIT_SLACK_BOT_TOKEN's one bot."""
    secrets = SlackSecrets()
    if secrets.many_workspaces:
        return DistrictWorkerSender(secrets, database_url, done_label=done_label)
    return worker_sender(done_label)
