"""Health, readiness and metrics of a long-running Orbit (`--metrics-port`).

`orbit run telegram|slack` and `orbit worker` serve, on `ORBIT_METRICS_PORT`:

- `/healthz`  200 while the process's event loop answers (liveness: restart when not);
- `/readyz`   200 when the database answers, its schema is at this Orbit's migration,
              and the platform connection is up (polling running, Socket Mode
              connected; a worker has none), else 503 with the failing check named;
- `/metrics`  Prometheus text: the counters of bot/support/metrics.py, and the outbox,
              alert and activity gauges read from the database at scrape time.

Turns are timed by `MeasuredCoach`, the Coach the root builds when metrics are served,
so the core knows nothing of Prometheus.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from bot.core.engine import Coach
from bot.core.messages import Inbound
from bot.store import ops_queries
from bot.store.db import HEAD_REVISION, async_url, is_sqlite
from bot.store.store import Store
from bot.support import metrics
from bot.support.redact import error_summary
from bot.vocab.keys import ConversationKey
from bot.vocab.messages import Outbound
from bot.vocab.records import utcnow

log = logging.getLogger(__name__)
PlatformCheck = Callable[[], bool | Awaitable[bool]]
CHECK_SECONDS = 3.0
REVISION = text("SELECT version_num FROM alembic_version")  # reads the file, not only a socket


class MeasuredCoach(Coach):
    """The Coach, timing each turn and counting the replies that reached the platform."""

    async def handle(self, inbound: Inbound) -> list[Outbound]:
        start = time.perf_counter()
        try:
            return await super().handle(inbound)
        finally:
            metrics.turn(inbound.key.platform, time.perf_counter() - start)

    def sent_event(self, key: ConversationKey, event_id: str) -> None:
        super().sent_event(key, event_id)
        metrics.replies_sent(key.platform)


class Ops:
    """The three endpoints over one store and one platform check."""

    def __init__(self, store: Store, platform: PlatformCheck | None) -> None:
        self.store = store
        self.platform = platform
        # A new connection per check, not the pool's: "the database answers" means a
        # connection can be made now (a pooled one may outlive a server or a file).
        self.probe = create_async_engine(
            async_url(store.url),
            poolclass=NullPool,
            connect_args={"timeout": CHECK_SECONDS} if is_sqlite(store.engine) else {},
        )

    async def healthz(self, _request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(self, _request: web.Request) -> web.Response:
        checks = await self.checks()
        ready = all(v == "ok" or v == "none" for v in checks.values())
        metrics.UP.set(1 if ready else 0)
        return web.json_response(
            {"status": "ready" if ready else "not ready", **checks}, status=200 if ready else 503
        )

    async def checks(self) -> dict[str, str]:
        out = {"database": "ok", "migrations": "ok", "platform": "none"}
        try:
            async with asyncio.timeout(CHECK_SECONDS), self.probe.connect() as conn:
                revision = (await conn.execute(REVISION)).scalar()
            if revision != HEAD_REVISION:
                out["migrations"] = f"at {revision}, needs {HEAD_REVISION}: run orbit migrate"
        except Exception as problem:  # noqa: BLE001 - any failure means not ready
            out["database"] = f"unreachable ({type(problem).__name__})"
            out["migrations"] = "unknown"
        if self.platform is not None:
            try:
                up = self.platform()
                up = await up if inspect.isawaitable(up) else up
            except Exception:  # noqa: BLE001
                up = False
            out["platform"] = "ok" if up else "down"
        return out

    async def metrics(self, _request: web.Request) -> web.Response:
        await self.refresh()
        return web.Response(
            body=generate_latest(metrics.REGISTRY), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )

    async def refresh(self) -> None:
        """The database's gauges, read now (left as they were when it does not answer)."""
        try:
            snap = await asyncio.wait_for(
                self.store.read(ops_queries.snapshot, utcnow()), CHECK_SECONDS
            )
        except Exception as problem:  # noqa: BLE001
            log.warning("metrics: the database did not answer: %s", error_summary(problem))
            return
        metrics.OUTBOX_ROWS.clear()
        metrics.ALERTS.clear()
        for (kind, state), rows in snap.outbox.items():
            metrics.OUTBOX_ROWS.labels(kind, state).set(rows)
            if kind == "alert":
                metrics.ALERTS.labels(state).set(rows)
        metrics.OUTBOX_OLDEST_DUE.set(snap.oldest_due_seconds)
        metrics.ACTIVE_TODAY.set(snap.active_today)


def routes(ops: Ops) -> web.Application:
    app = web.Application()
    app.router.add_get("/healthz", ops.healthz)
    app.router.add_get("/readyz", ops.readyz)
    app.router.add_get("/metrics", ops.metrics)
    return app


@contextlib.asynccontextmanager
async def serving_ops(
    store: Store,
    port: int | None,
    *,
    host: str = "0.0.0.0",
    platform: PlatformCheck | None = None,
) -> AsyncIterator[int | None]:
    """Serve the endpoints (and count metrics) while the block runs; yields the bound
    port (0 asks for a free one), or None and nothing served when `port` is None."""
    if port is None:
        yield None
        return
    ops = Ops(store, platform)
    runner = web.AppRunner(routes(ops), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    server: Any = site._server  # noqa: SLF001 - the only way to learn a port 0's number
    bound = server.sockets[0].getsockname()[1] if server and server.sockets else port
    metrics.enable()
    log.info("health and metrics on %s:%s (/healthz /readyz /metrics)", host, bound)
    try:
        yield bound
    finally:
        metrics.enable(False)
        await runner.cleanup()
        await ops.probe.dispose()
