"""The store the core talks to: a few async methods over the database.

Reads run on a small pool; writes go through one `TurnWriter` that commits the
turns of many students together, so a busy bot pays for one commit per batch
rather than one per message, and no turn is acknowledged before it is durable.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.messages import ConversationKey
from bot.store import queries
from bot.store.db import create_engine, ensure_migrated, is_sqlite
from bot.store.records import CommitResult, PersonRecord, TurnState, TurnWrite
from bot.store.writes import apply_turns

log = logging.getLogger(__name__)


@dataclass(slots=True)
class _Pending:
    turn: TurnWrite
    done: asyncio.Future[CommitResult] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class TurnWriter:
    """Commits queued turns in batches on one connection (group commit)."""

    def __init__(self, engine: AsyncEngine, *, lock_rows: bool, max_batch: int = 256) -> None:
        self._engine = engine
        self._lock_rows = lock_rows
        self._max_batch = max_batch
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self.batches = 0
        self.turns = 0

    async def commit(self, turn: TurnWrite) -> CommitResult:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="orbit-turn-writer")
        pending = _Pending(turn)
        await self._queue.put(pending)
        return await pending.done

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self._max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            await self._commit_batch(batch)

    async def _commit_batch(self, batch: list[_Pending]) -> None:
        try:
            results = await self._apply([p.turn for p in batch])
        except Exception:  # noqa: BLE001 - isolate the turn that broke the batch
            if len(batch) == 1:
                log.exception("turn commit failed")
                _fail(batch[0], RuntimeError("could not save this turn"))
                return
            for pending in batch:
                await self._commit_batch([pending])
            return
        self.batches += 1
        self.turns += len(batch)
        for pending, result in zip(batch, results, strict=True):
            if not pending.done.done():
                pending.done.set_result(result)

    async def _apply(self, turns: list[TurnWrite]) -> list[CommitResult]:
        async with self._engine.begin() as conn:
            return await apply_turns(conn, turns, lock_rows=self._lock_rows)


def _fail(pending: _Pending, error: Exception) -> None:
    if not pending.done.done():
        pending.done.set_exception(error)


class Store:
    """Orbit's database, opened from a plain URL."""

    def __init__(self, url: str, *, pool_size: int = 5) -> None:
        self.url = url
        self._reader = create_engine(url, pool_size=pool_size)
        sqlite = is_sqlite(self._reader)
        self._writer_engine = create_engine(url, writer=True) if sqlite else self._reader
        self.writer = TurnWriter(self._writer_engine, lock_rows=not sqlite)

    @property
    def engine(self) -> AsyncEngine:
        return self._reader

    async def open(self) -> Store:
        """Check the schema before anything else runs; see `NotMigratedError`."""
        await ensure_migrated(self._reader)
        return self

    async def close(self) -> None:
        await self.writer.close()
        await self._reader.dispose()
        if self._writer_engine is not self._reader:
            await self._writer_engine.dispose()

    async def load_turn(self, key: ConversationKey, event_id: str) -> TurnState:
        async with self._reader.connect() as conn:
            return await queries.load_turn(conn, key, event_id)

    async def people(self, student_id: str) -> list[PersonRecord]:
        async with self._reader.connect() as conn:
            return await queries.list_people(conn, student_id)

    async def lessons_done(self, student_id: str) -> set[str]:
        async with self._reader.connect() as conn:
            return await queries.lessons_done(conn, student_id)

    async def commit(self, turn: TurnWrite) -> CommitResult:
        return await self.writer.commit(turn)

    async def export(self, key: ConversationKey) -> dict[str, Any] | None:
        async with self._reader.connect() as conn:
            return await queries.export_student(conn, key)
