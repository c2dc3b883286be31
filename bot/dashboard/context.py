"""What the dashboard is given by the root: the store, settings, the lessons' option
lists, the bot's templates (for previews and the student's "seen" message) and a port
to the audit log. The handlers reach everything through `deps(request)`."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from aiohttp import web

from bot.core.lessons import Option
from bot.core.templates import Prompts
from bot.store.dashboard_reads import StaffScope
from bot.store.signin import SessionRecord
from bot.store.store import Store
from bot.store.transactions import Transactions

log = logging.getLogger(__name__)


class Audit(Protocol):
    """Records who did what: sign-ins, pages showing student data, CSV downloads and
    every change. `actor` is the platform identity ("telegram::42"), never a name."""

    async def __call__(
        self, *, actor: str, action: str, subject: str, detail: str = ""
    ) -> None: ...


async def log_only(*, actor: str, action: str, subject: str, detail: str = "") -> None:
    log.info("audit %s %s %s %s", actor, action, subject, detail)


@dataclass(frozen=True, slots=True)
class DashboardSettings:
    """`public_url` is where links point (ORBIT_DASHBOARD_URL); an https address makes
    the cookie `Secure`. `tell_student` turns on "a person has seen your message"."""

    public_url: str = "http://127.0.0.1:8088"
    link_ttl: timedelta = timedelta(minutes=15)
    idle: timedelta = timedelta(hours=8)
    tell_student: bool = False
    secret: str = ""  # ORBIT_DASHBOARD_SECRET; empty: a random key kept in the database

    @property
    def secure(self) -> bool:
        return self.public_url.lower().startswith("https://")


@dataclass(slots=True)
class Dashboard:
    store: Store
    tx: Transactions
    settings: DashboardSettings
    options: Mapping[str, tuple[Option, ...]]
    prompts: Prompts
    clock: Callable[[], datetime]
    audit: Audit = log_only
    cookie_key: str = ""  # filled at start (`settings.secret` or the database's)
    reports: Any = None  # bot.dashboard.reports.Reports, made by build_app


DEPS = web.AppKey("orbit_dashboard", Dashboard)
WHO = web.RequestKey("orbit_who", StaffScope)  # the signed-in person and their scope
SESSION = web.RequestKey("orbit_session", SessionRecord)
SESSION_ID = web.RequestKey("orbit_session_id", str)  # its hash, for sign-out


def deps(request: web.Request) -> Dashboard:
    return request.app[DEPS]


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
