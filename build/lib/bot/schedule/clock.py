"""The clock: APScheduler decides *when* to look; the database decides what is due.

A periodic tick queues every check-in occurrence and nudge that has come due (over a
look-back window, so one missed while no scheduler ran is still sent), and refreshes
one cron or date job per active check-in so an occurrence is queued on the minute.
Whatever fires, and however many schedulers run, the outbox's dedupe keys make the
result the same: each message queued once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from bot.schedule import checkins
from bot.store import cohorts
from bot.store.transactions import Transactions
from bot.store.writes import prune_processed_events
from bot.vocab.records import utcnow

log = logging.getLogger(__name__)

LOOK_BACK = timedelta(hours=6)
EVENTS_KEPT = timedelta(days=3)  # processed event ids: far longer than any redelivery


class ScheduleClock:
    def __init__(
        self,
        tx: Transactions,
        *,
        tick_seconds: float = 60.0,
        extra_tick: Callable[[datetime], Awaitable[int]] | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.tx = tx
        self.clock = clock
        self.tick_seconds = tick_seconds
        self.extra_tick = extra_tick  # nudges: see bot/schedule/nudges.py
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        self._busy = 0  # ticks and check-in jobs running now

    def start(self) -> None:
        self.scheduler.add_job(
            self.tick,
            "interval",
            seconds=self.tick_seconds,
            id="orbit-tick",
            next_run_time=self.clock(),
            coalesce=True,
            max_instances=1,
        )
        self.scheduler.start()

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def stop(self, timeout: float = 10.0) -> None:
        """Shut down once the tick in hand (if any) is done: `shutdown` alone would cancel
        it half-way, which is harmless (a tick is transactions) but logs a traceback."""
        if not self.scheduler.running:
            return
        self.scheduler.pause()
        deadline = asyncio.get_running_loop().time() + timeout
        while self._busy and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)
        self.shutdown()

    async def tick(self) -> int:
        """Queue what is due now; refresh the per-check-in jobs. Returns rows queued."""
        self._busy += 1
        try:
            return await self._tick()
        finally:
            self._busy -= 1

    async def _tick(self) -> int:
        now = self.clock()
        queued = await self.tx.run(checkins.enqueue_due, now - LOOK_BACK, now)
        await self.tx.run(prune_processed_events, now - EVENTS_KEPT)
        if self.extra_tick is not None:
            queued += await self.extra_tick(now)
        await self._refresh_jobs(now)
        if queued:
            log.info("queued %d message(s)", queued)
        return queued

    async def _refresh_jobs(self, now: datetime) -> None:
        active = [c for c in await self.tx.run(cohorts.list_checkins) if c.status == "active"]
        wanted = {f"checkin:{c.id}" for c in active}
        for job in self.scheduler.get_jobs():
            if job.id.startswith("checkin:") and job.id not in wanted:
                job.remove()
        for checkin in active:
            if checkin.cron:
                trigger = checkins.cron_trigger(checkin.cron, checkin.timezone)
            elif checkin.at is not None and checkin.at > now:
                trigger = DateTrigger(run_date=checkin.at)
            else:
                continue
            self.scheduler.add_job(
                self._fire,
                trigger,
                args=[checkin.id],
                id=f"checkin:{checkin.id}",
                replace_existing=True,
                misfire_grace_time=None,
                coalesce=True,
            )

    async def _fire(self, checkin_id: str) -> None:
        self._busy += 1
        try:
            await self._fire_now(checkin_id)
        finally:
            self._busy -= 1

    async def _fire_now(self, checkin_id: str) -> None:
        now = self.clock()
        checkin = await self.tx.run(cohorts.get_checkin, checkin_id)
        if checkin is None:
            return
        # The occurrence is the scheduled minute, so this and the tick agree on its key.
        at = checkins.next_occurrence(checkin, now - timedelta(minutes=1))
        if at is not None and at <= now:
            await self.tx.run(checkins.enqueue_occurrence, checkin_id, at, now)
