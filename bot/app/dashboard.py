"""`orbit dashboard`: the coordinators' web app on the store, alone or beside a platform.

The root builds the `Dashboard` (store, transactions, settings, the lessons' option
lists, the bot's templates, the audit port) and serves it. Sign-in links are made
here too: `issue_link` stores the link's hash and queues the link itself as a message
to the person's own DM (an outbox row that goes at once, like a staff alert), so
whoever runs `orbit dashboard link` never sees it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import datetime

from bot.app import open_store
from bot.config import Settings
from bot.core.lessons import load_catalog
from bot.core.templates import Prompts
from bot.dashboard.app import serving
from bot.dashboard.context import Audit, Dashboard, DashboardSettings, log_only
from bot.store.store import Store
from bot.store.transactions import Transactions
from bot.vocab.keys import ConversationKey
from bot.vocab.records import utcnow


class NotStaff(Exception):
    """A sign-in link was asked for someone who is neither a coordinator nor an admin."""


def dashboard_settings(settings: Settings) -> DashboardSettings:
    return DashboardSettings(
        public_url=settings.dashboard_url.rstrip("/"),
        tell_student=settings.dashboard_tell_student,
        secret=settings.dashboard_secret,
    )


def audit_port(store: Store) -> Audit:
    """Where the dashboard's audit events go: the log, and the deployment's audit trail
    (`Store.record_audit`, `orbit audit`)."""

    async def audit(*, actor: str, action: str, subject: str, detail: str = "") -> None:
        await log_only(actor=actor, action=action, subject=subject, detail=detail)
        await store.record_audit(actor, action, subject, detail)

    return audit


@contextlib.asynccontextmanager
async def dashboard_on(
    store: Store, settings: Settings, prompts: Prompts
) -> AsyncIterator[Dashboard]:
    tx = Transactions(store)
    try:
        yield Dashboard(
            store=store,
            tx=tx,
            settings=dashboard_settings(settings),
            options=load_catalog(settings.lessons_dir).options,
            prompts=prompts,
            clock=utcnow,
            audit=audit_port(store),
        )
    finally:
        await tx.close()


@contextlib.asynccontextmanager
async def dashboard_beside(
    store: Store, settings: Settings, prompts: Prompts, *, host: str, port: int | None
) -> AsyncIterator[int | None]:
    """`orbit run ... --dashboard-port N`: the dashboard in the same process (None: off)."""
    if port is None:
        yield None
        return
    async with (
        dashboard_on(store, settings, prompts) as dashboard,
        serving(dashboard, host=host, port=port) as bound,
    ):
        yield bound


async def run_dashboard(settings: Settings, *, host: str, port: int, stop: asyncio.Event) -> None:
    """`orbit dashboard`: serve until `stop` is set."""
    prompts = Prompts(settings.prompts_dir, settings.locale)
    async with (
        open_store(settings) as store,
        dashboard_beside(store, settings, prompts, host=host, port=port),
    ):
        await stop.wait()


async def issue_link(
    store: Store, settings: Settings, key: ConversationKey, *, now: datetime | None = None
) -> datetime:
    """Make a one-time link for `key` and queue it to their DM; returns its expiry.
    Raises `NotStaff` for anyone who is not a coordinator or an admin."""
    conf = dashboard_settings(settings)
    expires = await store.sign_in_link(key, conf.public_url, now or utcnow(), conf.link_ttl)
    if expires is None:
        raise NotStaff(str(key))
    return expires
