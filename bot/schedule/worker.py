"""The schedule at work: the clock (unless told otherwise) and a dispatcher, on an open
Coach, until stopped.

`run_with_coach` is what `orbit worker` runs (several may run against one PostgreSQL
database); `alongside` runs the same next to an adapter in `orbit run`. Senders are
given, never built here: the composition root (`bot/app.py`) builds them (the
platforms' from their adapters, or the built-in `log` and HTTP senders of
`senders.py`) and passes them in, so the schedule knows no platform. What stays here is
the platforms' published rates and which senders the dispatcher paces.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import AsyncIterator

from bot.core.engine import Coach
from bot.schedule import nudges
from bot.schedule.clock import ScheduleClock
from bot.schedule.dispatcher import Dispatcher, DispatchSettings
from bot.schedule.nudges import NudgeSettings
from bot.schedule.pacing import Pacer, Rate
from bot.schedule.senders import HttpSender, Sender
from bot.store.transactions import Transactions

log = logging.getLogger(__name__)


# The platforms' published limits (per chat, overall) for senders the dispatcher paces,
# 2% under so arrival-time jitter never crosses them (bench/outbox_dispatch.py).
RATES: dict[str, tuple[Rate, Rate]] = {
    "telegram": (Rate(0.98), Rate(29.4)),
    "slack": (Rate(0.98, burst=3), Rate(0)),
}


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


def pacers_for(platforms: list[str], *, share: int = 1) -> dict[str, Pacer]:
    """Pacers for the platforms' limits; `share` workers sending for one bot split them.

    A `Pacer` lives in one process, so N workers sending through the same bot token
    must each take 1/N of the overall budget (`orbit worker --share N`).
    """
    out = {}
    for platform in platforms:
        if platform in RATES:
            per_key, overall = RATES[platform]
            if share > 1 and not overall.unlimited:
                overall = Rate(overall.per_second / share, burst=overall.burst)
            out[platform] = Pacer(per_key=per_key, overall=overall)
    return out


def paced_here(senders: dict[str, Sender]) -> list[str]:
    """Platforms whose sender needs the dispatcher to pace it.

    Telegram's sender goes through the bot's own `Pacer` (shared with replies to
    students), so pacing it again here would halve the budget. The built-in HTTP
    sender, and a sender that asks for it (`dispatcher_paces = True`: Slack, whose
    replies have no pacer to share), are paced by the dispatcher.
    """
    return [
        p
        for p, s in senders.items()
        if isinstance(s, HttpSender) or getattr(s, "dispatcher_paces", False)
    ]


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
) -> None:
    """The clock (unless `scheduler` is False) and a dispatcher, on a Coach already open,
    until `stop` is set: `orbit worker` (`bot.app.run_worker`). The caller owns the
    senders (and closes them)."""
    tx = Transactions(coach.store)
    clock = None
    if scheduler:
        domains = [(o.value, o.label) for o in coach.catalog.options.get("domains", ())]
        nudge_settings = NudgeSettings.load()
        clock = ScheduleClock(
            tx,
            extra_tick=lambda now: nudges.enqueue_due(tx, now, nudge_settings, domains),
        )
    try:
        if clock is not None:
            clock.start()
        dispatcher = Dispatcher(
            tx=tx,
            coach=coach,
            senders=senders,
            worker=worker_id,
            pacers=pacers if pacers is not None else pacers_for(paced_here(senders), share=share),
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
