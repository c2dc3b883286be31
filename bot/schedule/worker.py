"""The schedule at work: the clock (unless told otherwise) and a dispatcher, on an open
Coach, until stopped.

`run_with_coach` is what `orbit worker` runs (several may run against one PostgreSQL
database); `alongside` runs the same next to an adapter in `orbit run`. Senders are
given, never built here: the composition root (`bot/app/`) builds them (the
platforms' from their adapters, or the built-in `log` and HTTP senders of
`senders.py`) and passes them in, so the schedule knows no platform. How fast each
platform is paced is the send policy's (`policy.pacers_for`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import AsyncIterator
from datetime import datetime

from bot.core.engine import Coach
from bot.schedule import nudges, policy
from bot.schedule.clock import ScheduleClock
from bot.schedule.dispatcher import Dispatcher, DispatchSettings
from bot.schedule.nudges import NudgeSettings
from bot.schedule.pacing import Pacer
from bot.schedule.retention import Retention
from bot.schedule.retention import run as run_retention
from bot.schedule.senders import Sender
from bot.store.transactions import Transactions

log = logging.getLogger(__name__)


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


async def run_with_coach(
    coach: Coach,
    *,
    senders: dict[str, Sender],
    worker_id: str,
    dispatch: DispatchSettings,
    stop: asyncio.Event,
    scheduler: bool = True,
    pacers: dict[str, Pacer] | None = None,
    share: int = 1,
    retention: Retention | None = None,
) -> None:
    """The clock (unless `scheduler` is False) and a dispatcher, on a Coach already open,
    until `stop` is set: `orbit worker` (`bot.app.worker.run_worker`). The caller owns the
    senders (and closes them). `retention`: the clock's tick also runs it."""
    tx = Transactions(coach.store)
    clock = None
    if scheduler:
        domains = [(o.value, o.label) for o in coach.catalog.options.get("domains", ())]
        nudge_settings = NudgeSettings.load()

        async def tick(now: datetime) -> int:
            queued = await nudges.enqueue_due(tx, now, nudge_settings, domains)
            if retention is not None:
                queued += await run_retention(tx, retention, now)
            return queued

        clock = ScheduleClock(tx, extra_tick=tick)
    try:
        if clock is not None:
            clock.start()
        dispatcher = Dispatcher(
            tx=tx,
            coach=coach,
            senders=senders,
            worker=worker_id,
            pacers=pacers if pacers is not None else policy.pacers_for(senders, share=share),
            settings=dispatch,
        )
        log.info("worker %s sending for %s", worker_id, ", ".join(senders))
        await dispatcher.run(stop)
    finally:
        if clock is not None:
            await clock.stop()
        await tx.close()


@contextlib.asynccontextmanager
async def alongside(
    coach: Coach,
    *,
    senders: dict[str, Sender],
    enabled: bool = True,
    pacers: dict[str, Pacer] | None = None,
    worker_id: str | None = None,
    dispatch: DispatchSettings | None = None,
    retention: Retention | None = None,
) -> AsyncIterator[asyncio.Task[None] | None]:
    """`orbit run`: the clock and a dispatcher next to an adapter, on the adapter's Coach
    (one Coach, so one set of per-student locks), sending through the adapter's senders.

    Runs `run_with_coach` as a task while the block runs; on exit it is told to stop and
    awaited (the batch in hand is finished), so leave the block before the adapter's
    client closes. `enabled=False` (`--no-scheduler`) runs nothing. A scheduler that
    fails is logged; the adapter keeps answering students.
    """
    if not enabled:
        yield None
        return
    stop = asyncio.Event()
    task = asyncio.create_task(
        run_with_coach(
            coach,
            senders=senders,
            worker_id=worker_id or default_worker_id(),
            dispatch=dispatch or DispatchSettings(),
            stop=stop,
            pacers=pacers,
            retention=retention,
        ),
        name="orbit-scheduler",
    )

    def ended(done: asyncio.Task[None]) -> None:
        if not done.cancelled() and done.exception() is not None and not stop.is_set():
            log.error("the scheduler stopped", exc_info=done.exception())

    task.add_done_callback(ended)
    try:
        yield task
    finally:
        early = task.done()  # failed before the stop: `ended` logged it
        stop.set()
        try:
            await task
        except Exception:  # noqa: BLE001 - stopping the adapter must go on
            if not early:
                log.exception("the scheduler failed while stopping")
