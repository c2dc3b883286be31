"""The dashboard as an aiohttp application (the web server Orbit already runs for
Slack's HTTP mode and Telegram's webhook), and serving it on a port.

`build_app` takes a `Dashboard` (the root builds it, `bot/app/dashboard.py`); the
same application serves alone (`orbit dashboard`) or beside `orbit run slack --http`
/ `orbit run telegram --webhook` in one process (`--dashboard`), on its own port.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from aiohttp import web

from bot.dashboard import auth
from bot.dashboard.context import DEPS, Dashboard, Handler
from bot.dashboard.pages import alerts, checkins, cohorts, outbox, students
from bot.dashboard.render import STATIC
from bot.dashboard.reports import Reports
from bot.store.cohorts import list_cohorts
from bot.store.signin import cookie_secret

# Pages may run our own scripts and styles only; no framing; a sign-in link in the
# address bar never travels in a Referer header.
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@web.middleware
async def headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as raised:
        response = raised
        _decorate(request, response)
        raise
    _decorate(request, response)
    return response


def _decorate(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(HEADERS)
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"


async def healthz(request: web.Request) -> web.Response:
    return web.Response(text="ok")


async def _key(app: web.Application) -> None:
    d = app[DEPS]
    if not d.cookie_key:
        d.cookie_key = d.settings.secret or await d.tx.run(cookie_secret)


WARMING = web.AppKey("orbit_dashboard_warming", asyncio.Task)


async def _warm(app: web.Application) -> AsyncIterator[None]:
    """Measure every cohort in the background at start, so first visits do not wait."""
    d = app[DEPS]
    ids = [c.id for c, _ in await d.store.read(list_cohorts)]
    app[WARMING] = asyncio.create_task(d.reports.warm(d, ids))
    yield
    app[WARMING].cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await app[WARMING]


def build_app(dashboard: Dashboard, *, warm: bool = True) -> web.Application:
    app = web.Application(middlewares=[headers, auth.sessions], client_max_size=256 * 1024)
    if dashboard.reports is None:
        dashboard.reports = Reports()
    app[DEPS] = dashboard
    app.on_startup.append(_key)
    if warm:
        app.cleanup_ctx.append(_warm)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/signin", auth.signin_help)
    app.router.add_get("/signin/{token}", auth.signin_link)
    app.router.add_post("/signin", auth.signin)
    app.router.add_post("/signout", auth.signout)
    app.router.add_static("/static/", STATIC)
    for module in (cohorts, students, checkins, alerts, outbox):
        app.router.add_routes(module.routes)
    return app


@contextlib.asynccontextmanager
async def serving(
    dashboard: Dashboard, *, host: str, port: int, warm: bool = True
) -> AsyncIterator[int]:
    """Serve until the block ends; yields the port actually bound (0 picks a free one)."""
    runner = web.AppRunner(build_app(dashboard, warm=warm), access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        yield int(bound)
    finally:
        await runner.cleanup()
