"""Workers: claim due outbox rows with a lease, send them, mark each sent at once.

Any number of workers may run against one database. A batch is leased to one
worker (`claimed_by`, `claimed_until`), but its messages go out at most `in_flight`
at a time: each is marked in flight in the database before its send (`mark_sending`,
or with the previous part's record) and each send and its record happen inside one of
the worker's `in_flight` slots. A worker killed mid-batch leaves unsent rows (another
worker claims them once the lease runs out) and rows marked in flight, which are sent
again: of those, only the ones whose send was under way can have reached the platform.

The one gap no outbox can close: a message the platform accepted just before the
worker died, not yet recorded, is sent again (chat platforms take no idempotency
key). At most `in_flight` sends are under way, so a kill doubles **at most
`in_flight` messages (default 4) per killed worker**; the rest of its batch is sent
once. Failures come back with backoff, a platform's retry-after holds all sends on
that platform, and after `max_attempts` a row is parked as failed for `orbit outbox
status`. A scheduled question for a student who is answering a lesson's question
waits until they pause (`hold_while_answering`), so it never takes that answer.

Whom a row may reach and when is the send policy's (`policy.judge`, which the claim
asks for every row it takes), and so is how fast: without `pacers` given, each
platform is paced as `policy.pacers_for` says.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.engine import Coach, Later
from bot.schedule import policy
from bot.schedule.pacing import Pacer
from bot.schedule.senders import PermanentSendError, RetryAfter, Sender
from bot.store import outbox
from bot.store.outbox import OutboxRow
from bot.store.transactions import Transactions
from bot.support import metrics
from bot.support.redact import error_summary
from bot.vocab.keys import ConversationKey
from bot.vocab.messages import Outbound
from bot.vocab.payloads import OpenFlow
from bot.vocab.records import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DispatchSettings:
    batch: int = 50
    lease_seconds: float = 120.0
    max_attempts: int = 5
    backoff_base: float = 30.0
    idle_seconds: float = 1.0  # how long an idle worker waits before looking again
    in_flight: int = 4  # messages being sent at once; a kill -9 may double at most these
    # A student who wrote less than this ago and has a question open is answering it:
    # a scheduled question waits (None: deliver at once, e.g. `orbit chat` at start).
    hold_while_answering: float | None = 600.0


@dataclass(slots=True)
class DispatchStats:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0  # the send policy dropped them (paused, stopped, gone ...)
    postponed: int = 0  # the send policy held them (quiet hours, the weekly cap)
    held: int = 0  # scheduled questions held back while the student answered a lesson
    in_doubt: int = 0  # rows a dead worker was sending, sent again


class Dispatcher:
    def __init__(
        self,
        *,
        tx: Transactions,
        coach: Coach,
        senders: dict[str, Sender],
        worker: str,
        pacers: dict[str, Pacer] | None = None,
        settings: DispatchSettings | None = None,
        clock: Callable[[], datetime] = utcnow,
        only: ConversationKey | None = None,
    ) -> None:
        self.tx = tx
        self.coach = coach
        self.senders = senders
        self.pacers = policy.pacers_for(senders) if pacers is None else pacers
        self.worker = worker
        self.settings = settings or DispatchSettings()
        self.clock = clock
        self.stats = DispatchStats()
        self.only = only  # one conversation's rows (`orbit chat` picking up its own)
        self._slots = asyncio.Semaphore(max(self.settings.in_flight, 1))

    async def run_once(self) -> int:
        """Claim one batch and deliver it; the number of due rows taken (0: nothing due),
        counting the ones the claim postponed, cancelled or parked."""
        now = self.clock()
        lease_until = now + timedelta(seconds=self.settings.lease_seconds)
        claim = await self.tx.run(
            lambda conn: outbox.claim(
                conn,
                worker=self.worker,
                now=now,
                lease_until=lease_until,
                limit=self.settings.batch,
                judge=policy.judge,
                platforms=list(self.senders),
                key=self.only,
            )
        )
        self.stats.postponed += claim.postponed
        self.stats.cancelled += claim.cancelled
        self.stats.failed += claim.unreadable
        rows = claim.rows
        if rows:
            renewing = asyncio.create_task(self._renew_lease([r.id for r in rows]))
            try:
                await self._deliver_all(rows)
            finally:
                renewing.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await renewing
        return len(rows) + claim.postponed + claim.cancelled + claim.unreadable

    async def _renew_lease(self, row_ids: list[int]) -> None:
        """While a batch is out, push its lease on every third of the lease time."""
        seconds = self.settings.lease_seconds
        while True:
            await asyncio.sleep(seconds / 3)
            until = self.clock() + timedelta(seconds=seconds)
            await self.tx.run(outbox.extend_lease, row_ids, self.worker, until)

    async def drain(self) -> DispatchStats:
        """Deliver until nothing is due now (`send-now`, tests, benchmarks)."""
        while await self.run_once():
            pass
        return self.stats

    async def run(self, stop: asyncio.Event) -> None:
        """Keep delivering until `stop` is set; sleep a little whenever nothing is due."""
        while not stop.is_set():
            try:
                claimed = await self.run_once()
            except Exception:  # noqa: BLE001 - a database hiccup must not end the worker
                log.exception("worker %s: claiming failed; trying again", self.worker)
                claimed = 0
            if not claimed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.settings.idle_seconds)

    async def _deliver_all(self, rows: list[OutboxRow]) -> None:
        """Render every row first, then send: the CPU work of rendering (a turn per row)
        does not then delay sends the pacer has timed to the millisecond."""
        prepared = await asyncio.gather(*(self._prepare(row) for row in rows))
        await asyncio.gather(*(self._send(row, replies) for row, replies in prepared if replies))

    async def _prepare(self, row: OutboxRow) -> tuple[OutboxRow, list[Outbound] | None]:
        if row.in_doubt:
            # Its worker died while sending part `parts_sent`: it may have gone out. Send it
            # again (at least once); this is the one place a message can double.
            self.stats.in_doubt += 1
            log.warning("row %s was being sent by a worker that stopped; sending again", row.id)
        try:
            replies = await self._render(row, self.senders[row.key.platform])
        except Exception as problem:  # noqa: BLE001 - retried like a failed send
            # Type and place only: a failed turn's error can quote what it saved.
            log.error("rendering %s failed: %s", row.dedupe_key, error_summary(problem))
            await self._retry(row, None, error_summary(problem))
            return row, None
        if isinstance(replies, Later):  # answering a lesson's question: ours waits
            self.stats.held += 1
            await self.tx.run(outbox.postpone, row.id, self.worker, replies.at)
            return row, None
        if replies is None:  # the student is gone
            self.stats.cancelled += 1
            await self.tx.run(outbox.cancel, row.id, self.worker)
        return row, replies

    async def _send(self, row: OutboxRow, replies: list[Outbound]) -> None:
        sender = self.senders[row.key.platform]
        pacer = self.pacers.get(row.key.platform)
        marked = False
        try:
            for part, reply in enumerate(replies):
                if part < row.parts_sent:
                    continue  # sent before a retry or a crash
                if pacer is not None:
                    await pacer.wait(row.key.user)
                async with self._slots:  # at most `in_flight` sends of this worker outstanding
                    if not marked:
                        now = self.clock()
                        if not await self.tx.run(outbox.mark_sending, row.id, self.worker, now):
                            log.warning("worker %s lost the lease on %s", self.worker, row.id)
                            return
                        marked = True
                    await sender.send(row.key, reply)
                    if part + 1 < len(replies):  # recorded, and the next part is in flight
                        await self.tx.run(
                            outbox.mark_part, row.id, self.worker, part + 1, self.clock()
                        )
                    else:
                        await self._mark_sent(row)
        except RetryAfter as wait:
            metrics.platform_error(row.key.platform, rate_limited=True)
            if pacer is not None:
                pacer.hold(wait.seconds)
            await self._retry(row, wait.seconds, str(wait))
            return
        except PermanentSendError as problem:
            metrics.platform_error(row.key.platform)
            await self._park(row, f"permanent: {problem}")
            return
        except Exception as problem:  # noqa: BLE001 - any other failure is retried
            metrics.platform_error(row.key.platform)
            log.warning("sending %s failed: %s", row.dedupe_key, error_summary(problem))
            # stored for `orbit outbox status` and the dashboard: the type and where, never
            # the message, which may quote what the student was sent (a crisis alert)
            await self._retry(row, None, error_summary(problem))

    async def _mark_sent(self, row: OutboxRow) -> None:
        self.stats.sent += 1
        metrics.replies_sent(row.key.platform, row.kind)
        if not await self.tx.run(outbox.mark_sent, row.id, self.worker, self.clock()):
            log.warning("worker %s lost the lease on %s before marking it", self.worker, row.id)

    async def _render(self, row: OutboxRow, sender: Sender) -> list[Outbound] | Later | None:
        payload = row.payload
        if isinstance(payload, OpenFlow):
            hold = self.settings.hold_while_answering
            return await self.coach.deliver(
                row.key,
                event_id=row.dedupe_key,
                lesson=payload.flow,
                data=dict(payload.data),
                markup=sender.markup,
                hold_while_answering=None if hold is None else timedelta(seconds=hold),
            )
        context = dict(payload.context)
        locale = context.pop("locale", None)  # a student's message in their language
        text = self.coach.render(payload.template, sender.markup, locale=locale, **context)
        return [Outbound(text=text)]

    async def _park(self, row: OutboxRow, error: str) -> None:
        """Give up on a row; a flow it opened for a question never seen is closed again."""
        self.stats.failed += 1
        await self.tx.run(outbox.park, row.id, self.worker, error)
        if isinstance(row.payload, OpenFlow):
            await self.coach.withdraw(row.key, event_id=row.dedupe_key, lesson=row.payload.flow)

    async def _retry(self, row: OutboxRow, seconds: float | None, error: str) -> None:
        if row.attempts >= self.settings.max_attempts:
            await self._park(row, error)
            return
        self.stats.retried += 1
        if seconds is None:
            seconds = policy.backoff(row.attempts, base=self.settings.backoff_base)
        due = self.clock() + timedelta(seconds=seconds)
        await self.tx.run(outbox.retry_later, row.id, self.worker, due, error)
