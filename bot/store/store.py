"""The store the core talks to: a few async methods over the database.

Reads come from a write-through cache or one query; writes go through one
`TurnWriter` that commits the turns of many students together, so a busy bot
pays for one commit per batch rather than one per message, and no turn is
acknowledged before it is durable.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store import audit, cohorts, join_codes, outbox, pending, queries, replies
from bot.store.cache import ConversationCache
from bot.store.checkpoint import Checkpointer
from bot.store.cohort_data import StudentData, cohort_student_data
from bot.store.cohorts import CohortRecord, Staff
from bot.store.db import create_engine, create_sqlite_sync, ensure_migrated, is_sqlite
from bot.store.signin import link_to_dm
from bot.store.transactions import aware
from bot.store.writes import apply_turns
from bot.support.redact import error_summary
from bot.vocab.changes import CommitResult, DeleteStudent, OutboxMessage, TurnWrite
from bot.vocab.keys import ConversationKey
from bot.vocab.messages import Outbound
from bot.vocab.records import AskRecord, PersonRecord, TurnState, new_id, utcnow

log = logging.getLogger(__name__)
T = TypeVar("T")
IDLE_FLUSH = 0.05  # seconds: how long sent marks may wait for a batch of turns


@dataclass(slots=True)
class _Pending:
    turn: TurnWrite | None  # None: only wakes the writer to record sent replies
    done: asyncio.Future[CommitResult] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class TurnWriter:
    """Commits queued turns in batches on one connection (group commit).

    On SQLite a batch runs in one dedicated thread on the synchronous driver; on
    PostgreSQL it runs on the async engine with the version rows locked.
    """

    def __init__(
        self,
        engine: AsyncEngine | Engine,
        *,
        max_batch: int = 256,
        checkpointer: Checkpointer | None = None,
    ) -> None:
        self._engine = engine
        self.checkpointer = checkpointer  # SQLite: WAL checkpoints off this thread
        self._thread = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="orbit-writer")
            if isinstance(engine, Engine)
            else None
        )
        self._max_batch = max_batch
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self.batches = 0
        self.turns = 0
        self.longest_batch = 0.0  # seconds, from queueing the batch's write to its commit
        self._sent: list[tuple[ConversationKey, str]] = []  # (key, event id): replies went out
        self._timer = False  # a wake-up for the sent marks is scheduled
        self._batches_begun = 0

    def _start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="orbit-turn-writer")

    async def commit(self, turn: TurnWrite) -> CommitResult:
        self._start()
        pending = _Pending(turn)
        self._queue.put_nowait(pending)  # unbounded: never waits
        return await pending.done

    def sent(self, key: ConversationKey, event_id: str) -> None:
        """The replies of this event reached the student: delete them with the next batch.

        Never waits. A busy writer records it in the batch it commits next anyway; one
        still idle after IDLE_FLUSH seconds is woken for a small transaction of its own
        (not at once: under load that would cut batches short and add commits).
        """
        self._sent.append((key, event_id))
        if not self._timer:
            self._timer = True
            self._wake_later()

    def _wake_later(self) -> None:
        loop = asyncio.get_running_loop()
        loop.call_later(IDLE_FLUSH, self._wake, self._batches_begun)

    def _wake(self, begun: int) -> None:
        """If no batch began since, the writer is idle: give it the sent marks alone."""
        if not self._sent:
            self._timer = False
        elif self._batches_begun != begun:
            self._wake_later()  # turns are flowing: the next batch takes them
        else:
            self._timer = False
            self._start()
            self._queue.put_nowait(_Pending(None))

    async def close(self) -> None:
        if self._task is not None and not self._task.done():
            last = _Pending(None)  # resolved once every batch queued before it is written
            self._queue.put_nowait(last)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(last.done), 10)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._sent:  # a clean stop records what was sent, so a restart does not repeat it
            sent, self._sent = self._sent, []
            with contextlib.suppress(Exception):
                await self._apply([], sent)
        if self._thread is not None:
            self._thread.shutdown(wait=True)
        if self.checkpointer is not None:
            self.checkpointer.close()
        if isinstance(self._engine, Engine):
            self._engine.dispose()

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self._max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            await self._commit_batch(batch)

    async def _commit_batch(self, batch: list[_Pending]) -> None:
        try:
            await self._write_batch(batch)
        finally:
            for pending in batch:
                if pending.turn is None:
                    _resolve(pending, CommitResult.COMMITTED)

    async def _write_batch(self, batch: list[_Pending]) -> None:
        sent, self._sent = self._sent, []
        self._batches_begun += 1
        turns = [p for p in batch if p.turn is not None]
        if not turns and not sent:
            return
        began = time.perf_counter()
        try:
            results = await self._apply([p.turn for p in turns if p.turn is not None], sent)
        except IntegrityError:
            self._sent[:0] = sent  # tried again with the next batch
            batch = turns
            if len(batch) == 1:
                # Two processes created the same student at once: run the turn again.
                _resolve(batch[0], CommitResult.CONFLICT)
                return
            for pending in batch:
                await self._write_batch([pending])
            return
        except Exception as error:  # noqa: BLE001 - isolate the turn that broke the batch
            self._sent[:0] = sent
            batch = turns
            if not batch:
                log.error("recording sent replies failed: %s", error_summary(error))
                return
            if len(batch) == 1:
                # Not the error's text: it carries the SQL parameters (answers, names).
                log.error("turn commit failed: %s", error_summary(error))
                _fail(batch[0], RuntimeError("could not save this turn"))
                return
            for pending in batch:
                await self._write_batch([pending])
            return
        self.longest_batch = max(self.longest_batch, time.perf_counter() - began)
        if self.checkpointer is not None:
            self.checkpointer.after_batch()
        if not turns:
            return
        self.batches += 1
        self.turns += len(turns)
        for pending, result in zip(turns, results, strict=True):
            if not pending.done.done():
                pending.done.set_result(result)

    async def _apply(
        self, turns: list[TurnWrite], sent: list[tuple[ConversationKey, str]]
    ) -> list[CommitResult]:
        if isinstance(self._engine, Engine):
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._thread, self._apply_in_thread, turns, sent)
        async with self._engine.begin() as conn:
            return await conn.run_sync(apply_turns, turns, lock_rows=True, sent=sent)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """One write outside a turn, on the writer's connection (SQLite: its thread)."""
        if isinstance(self._engine, Engine):
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._thread, self._run_in_thread, fn, args)
        async with self._engine.begin() as conn:
            return await conn.run_sync(fn, *args)

    def _run_in_thread(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        assert isinstance(self._engine, Engine)
        with self._engine.begin() as conn:
            return fn(conn, *args)

    def _apply_in_thread(
        self, turns: list[TurnWrite], sent: list[tuple[ConversationKey, str]]
    ) -> list[CommitResult]:
        assert isinstance(self._engine, Engine)
        with self._engine.begin() as conn:
            results = apply_turns(conn, turns, lock_rows=False, sent=sent)
        if self.checkpointer is not None:  # committed: the log may need the writer's hand
            self.checkpointer.in_writer_thread(self._engine)
        return results


def _resolve(pending: _Pending, result: CommitResult) -> None:
    if not pending.done.done():
        pending.done.set_result(result)


def _fail(pending: _Pending, error: Exception) -> None:
    if not pending.done.done():
        pending.done.set_exception(error)


class Store:
    """Orbit's database, opened from a plain URL."""

    def __init__(self, url: str, *, pool_size: int = 5, cache_size: int = 10_000) -> None:
        self.url = url
        self.cache = ConversationCache(cache_size)
        self._reader = create_engine(url, pool_size=pool_size)
        sqlite = is_sqlite(self._reader)
        self._sync_reader = create_sqlite_sync(url, writer=False) if sqlite else None
        self._read_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="orbit-reader")
        self._pending_salt: str | None = None  # see bot/store/pending.py; never changes
        self.writer = (
            TurnWriter(
                create_sqlite_sync(url, writer=True, checkpoint_here=False),
                checkpointer=Checkpointer(create_sqlite_sync(url, writer=False)),
            )
            if sqlite
            else TurnWriter(self._reader)
        )

    @property
    def engine(self) -> AsyncEngine:
        return self._reader

    async def open(self) -> Store:
        """Check the schema before anything else runs; see `NotMigratedError`."""
        await ensure_migrated(self._reader)
        return self

    async def close(self) -> None:
        await self.writer.close()
        self._read_thread.shutdown(wait=True)
        if self._sync_reader is not None:
            self._sync_reader.dispose()
        await self._reader.dispose()

    async def read(self, query: Callable[..., T], *args: Any) -> T:
        """Run one read function: in the reader thread on SQLite, else on the async pool."""
        if self._sync_reader is not None:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._read_thread, self._read_sync, query, args)
        async with self._reader.connect() as conn:
            return await conn.run_sync(query, *args)

    def _read_sync(self, query: Callable[..., T], args: tuple[Any, ...]) -> T:
        assert self._sync_reader is not None
        with self._sync_reader.connect() as conn:
            return query(conn, *args)

    async def load_turn(
        self, key: ConversationKey, event_id: str, *, join_code: Callable[[], bool] | None = None
    ) -> TurnState:
        """The student's state; from the cache when it has it (checked at commit).

        `join_code`: asked only when the state is read, says whether this turn may need
        the join code held for someone not yet a student (a consent): it is then read on
        the same connection (`TurnState.pending_join`), and on no other turn."""
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        with_code = join_code is not None and join_code()
        state, self._pending_salt = await self.read(
            pending.load_turn, key, event_id, self._pending_salt, with_code
        )
        if not state.already_processed:
            self.cache.put(key, state)
        return state

    async def people(self, student_id: str) -> list[PersonRecord]:
        cached = self.cache.people(student_id)
        if cached is not None:
            return cached
        people = await self.read(queries.list_people, student_id)
        self.cache.put_people(student_id, people)
        return people

    async def last_active(self, student_id: str) -> datetime | None:
        """When the student last wrote; read fresh, never from the cache."""
        return aware(await self.read(queries.last_active, student_id))

    async def lessons_done(self, student_id: str) -> set[str]:
        return await self.read(queries.lessons_done, student_id)

    async def asks(self, student_id: str) -> list[AskRecord]:
        return await self.read(queries.list_asks, student_id)

    # --- what a turn reads besides the student's own state (the core's `TurnStore`) ---

    async def cohort_with_code(self, code: str) -> CohortRecord | None:
        """The cohort a join code opens (never found by its guessable name)."""
        return await self.read(cohorts.find_cohort_by_code, code)

    async def code_was_rotated(self, code: str) -> bool:
        return await self.read(join_codes.is_retired, code)

    async def cohorts_of(self, student_id: str) -> list[CohortRecord]:
        return await self.read(cohorts.cohorts_of, student_id)

    async def coordinators_of(self, student_id: str) -> list[Staff]:
        """Who hears a student's alerts: their cohorts' coordinators, else the admins."""
        return await self.read(cohorts.coordinators_for_student, student_id)

    async def admins(self) -> list[Staff]:
        return await self.read(cohorts.admins)

    async def roles_of(self, key: ConversationKey) -> list[tuple[str, str]]:
        """(role, cohort id) pairs granted to this platform identity."""
        return await self.read(cohorts.roles_of, key)

    async def cohorts_for_staff(self, key: ConversationKey) -> list[CohortRecord]:
        """The cohorts this person may send check-ins to: theirs, or all for an admin."""
        return await self.read(cohorts.cohorts_for_staff, key)

    async def cohort_students(self, cohort_id: str) -> list[StudentData]:
        """What a cohort report measures about each member, in a handful of queries."""
        return await self.read(cohort_student_data, cohort_id)

    # --- writes -------------------------------------------------------------------------

    async def commit(self, turn: TurnWrite) -> CommitResult:
        try:
            result = await self.writer.commit(turn)
        except Exception:
            self.cache.evict(turn.key)
            raise
        if result is CommitResult.COMMITTED:
            self.cache.committed(turn)
        else:
            self.cache.evict(turn.key)
        return result

    async def delete_student(self, key: ConversationKey, actor: str) -> bool:
        """Everything about one student, deleted on someone else's word (an admin's
        `orbit delete`), through the same write as their own /delete; False when no such
        student. A turn of theirs in flight elsewhere conflicts and finds them gone."""
        for _ in range(5):
            event_id = f"admin-delete-{new_id()}"
            self.cache.evict(key)
            state = await self.load_turn(key, event_id)
            if state.student is None:
                return False
            change = DeleteStudent(actor=actor, detail="orbit delete")
            write = TurnWrite(
                key=key,
                event_id=event_id,
                student_id=state.student.id,
                expected_version=state.version,
                frames=[],
                changes=[change],
                by_student=False,
            )
            if await self.commit(write) is CommitResult.COMMITTED:
                return True
        raise RuntimeError("the student's conversation kept changing; try again")

    def replies_sent(self, key: ConversationKey, event_id: str) -> None:
        """Forget the pending replies of a turn once the adapter has sent them (batched)."""
        self.writer.sent(key, event_id)

    async def unsent(
        self, platform: str, team: str | None = None, user: str | None = None
    ) -> list[replies.Unsent]:
        """Committed turns whose replies were not (known to be) sent, oldest first."""
        return await self.read(replies.pending, platform, team, user)

    async def replies_of(self, key: ConversationKey, event_id: str) -> list[Outbound]:
        return await self.read(replies.for_event, key, event_id)

    async def sign_in_link(
        self, key: ConversationKey, base_url: str, now: datetime, ttl: timedelta
    ) -> datetime | None:
        """A dashboard sign-in link queued to a staff member's DM (`signin.link_to_dm`)."""
        return await self.writer.run(link_to_dm, key, base_url, now, ttl)

    async def enqueue(self, messages: list[OutboxMessage], now: datetime) -> int:
        """Queue outbox rows outside a turn: a crisis alert about someone who is not a
        student (yet), so no turn of theirs is saved. Rows already queued are skipped."""
        return await self.writer.run(outbox.enqueue, messages, now)

    async def remember_join_code(self, key: ConversationKey, code: str, now: datetime) -> None:
        """Join codes waiting for consent (bot/store/pending.py), through the writer."""
        await self.writer.run(pending.remember, key, code, now)

    async def forget_join_code(self, key: ConversationKey) -> None:
        await self.writer.run(pending.forget, key)

    async def export(self, key: ConversationKey) -> dict[str, Any] | None:
        return await self.read(queries.export_student, key)

    # --- the audit trail (bot/store/audit.py says who and what goes in it) ---------------

    async def record_audit(
        self, actor: str, action: str, subject: str = "", detail: str = ""
    ) -> None:
        """Record one governed action now: `actor` did `action` (grant, report, export,
        delete, retention) to `subject`. Name students with `audit.student_ref(key)`."""
        await self.writer.run(audit.record, actor, action, subject, detail, utcnow())

    async def audit_since(self, since: datetime | None = None) -> list[audit.AuditRecord]:
        """The audit trail from `since` (all of it when None), oldest first."""
        return await self.read(audit.since, since)
