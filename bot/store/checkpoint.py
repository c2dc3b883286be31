"""SQLite's WAL checkpoints on a thread of their own, between the writer's batches.

By default SQLite checkpoints inside a commit: the connection whose commit pushes the
write-ahead log past 1,000 pages copies the log into the database file and fsyncs it
before that commit returns. For the turn writer that stalled a whole batch of turns
for 140-500 ms now and then (BENCHMARKS.md, 2026-11-30). So the writer's connection
turns the automatic checkpoint off (`db.create_sqlite_sync(checkpoint_here=False)`)
and this checkpoints PASSIVE (never waits for, nor blocks, the writer or the readers)
on its own connection and thread, at most every `EVERY` seconds while batches come.

A checkpoint beside a writer that never pauses cannot finish (new pages keep coming),
and SQLite starts the log afresh only after one has: under sustained load the log grew
by ~1,000 pages a second. So once a checkpoint finds the log longer than `LONG` pages,
the writer checkpoints once itself, right after its next commit, between two batches
(`in_writer`), as SQLite would have (less often).

Durability is unchanged: a turn is durable once its commit has synced the log
(synchronous=FULL); a checkpoint only moves committed pages into the database file.
Other connections (the CLI, migrations, another process) keep the automatic one.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor

from sqlalchemy import Engine

from bot.support.redact import error_summary

log = logging.getLogger(__name__)
EVERY = 0.5  # seconds between checkpoints while turns are written
LONG = 4000  # pages (16 MB): SQLite's own checkpoint runs at 1,000
CHECKPOINT = "PRAGMA wal_checkpoint(PASSIVE)"


class Checkpointer:
    """Runs `PRAGMA wal_checkpoint(PASSIVE)` off the writer's thread, one at a time."""

    def __init__(self, engine: Engine, *, every: float = EVERY) -> None:
        self._engine = engine
        self._every = every
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="orbit-checkpoint")
        self._running: Future[None] | None = None
        self._last = time.monotonic()
        self.checkpoints = 0
        self.longest = 0.0  # seconds: the slowest checkpoint so far (for the benchmarks)
        self.wal_frames = 0  # the longest log a checkpoint found
        self.in_writer = 0  # checkpoints the writer ran itself (the log was too long)
        self._long = False  # the last checkpoint found the log longer than LONG pages

    def after_batch(self) -> None:
        """Called once a batch committed: start a checkpoint when one is due. Never waits."""
        if self._running is not None and not self._running.done():
            return
        now = time.monotonic()
        if now - self._last < self._every:
            return
        self._last = now
        self._running = self._thread.submit(self._checkpoint)

    def _checkpoint(self) -> None:
        start = time.perf_counter()
        try:
            conn = self._engine.raw_connection()  # no BEGIN: a checkpoint runs outside one
            try:
                _busy, frames, _done = conn.cursor().execute(CHECKPOINT).fetchone()
            finally:
                conn.close()
        except Exception as error:  # noqa: BLE001 - the next batch tries again
            log.warning("WAL checkpoint failed: %s", error_summary(error))
            return
        self.checkpoints += 1
        self._long = frames > LONG
        self.wal_frames = max(self.wal_frames, frames)
        self.longest = max(self.longest, time.perf_counter() - start)

    def in_writer_thread(self, engine: Engine) -> None:
        """On the writer's thread, between its commit and the next batch: if the log got
        long, checkpoint on the writer's own connection (nothing else is writing now)."""
        if not self._long:
            return
        self._long = False
        conn = engine.raw_connection()
        try:
            conn.cursor().execute(CHECKPOINT).fetchone()
        finally:
            conn.close()
        self.in_writer += 1

    def close(self) -> None:
        """Wait for a running checkpoint; the last connection to close checkpoints the rest."""
        self._thread.shutdown(wait=True)
        self._engine.dispose()
