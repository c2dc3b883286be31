"""Benchmark: N students walk the mapping lesson concurrently through Coach.handle.

Every turn is durably committed (SQLite WAL with synchronous=FULL; PostgreSQL's
default fsync) before its replies are returned. Reports messages per second,
p50/p99 handling latency (from handing the message to the Coach to getting the
committed replies back) and peak RSS.

Also reported, because the machine is often shared: CPU seconds (all threads) and
messages per CPU second, the event loop's longest stall (a task that asks to wake every
5 ms and notes how late it wakes) and the garbage collector's longest pause. And, to
say where a high p99 comes from: the p99 of each student's first three messages ("hi",
the consent, the first name: the dearest turns, all in the first seconds of a paced
run) apart from the rest, the slowest group commit, and the WAL checkpoints that ran
beside the writer (count, slowest, the longest log they found, in pages).

Compare trees in the same session, alternating, each from its own root with its own
venv; this file also runs in older trees (`38b44c3`) that have none of the newer hooks
(their fields print as null):

    cd OLD_TREE && PYTHONPATH=. .venv/bin/python /path/to/bench/mapping_turns.py --students 1000

Two modes: saturated (no pauses: throughput; latency is then mostly queueing,
since 1,000 students always have a message waiting) and paced (`--rate R`:
students pause like people typing, so together they offer R messages/s;
latency at that load).

    python -m bench.mapping_turns --students 1000                 # SQLite, saturated
    python -m bench.mapping_turns --students 1000 --rate 2000     # SQLite, 2,000 msg/s
    python -m bench.mapping_turns --students 1000 --db postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bot.config import ROOT
from bot.core.engine import Coach
from bot.core.messages import ConversationKey, Inbound, Markup
from bot.store.migrate import upgrade
from bot.store.store import Store

try:
    from bot.app import settle_memory
    from tests.support.chat import MAPPING_WALK
    from tests.support.databases import reset_postgres
except ImportError:  # an older tree (38b44c3): run `PYTHONPATH=. python this_file.py` there
    from tests.chat import MAPPING_WALK  # type: ignore[no-redef]
    from tests.databases import reset_postgres  # type: ignore[no-redef]

    def settle_memory() -> None:
        """Older trees did not freeze start-up objects."""


ONBOARDING = 3  # "hi", the consent "yes", the first name: the dearest turns, all at the start


async def student(
    coach: Coach, n: int, think: float, onboarding: list[float], later: list[float]
) -> None:
    """One student; `think` is the mean pause before each message (0: as fast as possible)."""
    key = ConversationKey(platform="bench", team="t", user=f"student{n}")
    pace = random.Random(n)
    for i, message in enumerate(MAPPING_WALK):
        if think:  # the first pause spreads the students' arrivals over one round
            await asyncio.sleep(
                pace.uniform(0, 2 * think) if i == 0 else pace.uniform(0.5 * think, 1.5 * think)
            )
        inbound = Inbound(key=key, event_id=f"{n}-{i}", text=message, display_name=f"S{n}")
        start = time.perf_counter()
        replies = await coach.handle(inbound)
        (onboarding if i < ONBOARDING else later).append(time.perf_counter() - start)
        if hasattr(coach, "sent"):  # as an adapter does once the replies are out
            coach.sent(inbound)  # (batched deletes; older trees kept no replies)
        if not replies:
            raise RuntimeError(f"no reply to {message!r} for student {n}")


class Stalls:
    """The event loop's lateness and the garbage collector's pauses during a run."""

    def __init__(self) -> None:
        self.loop_lag: list[float] = []
        self.gc_pauses: list[float] = []
        self._gc_start = 0.0
        self._stop = asyncio.Event()

    def _on_gc(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_start = time.perf_counter()
        else:
            self.gc_pauses.append(time.perf_counter() - self._gc_start)

    async def _sample(self, every: float = 0.005) -> None:
        while not self._stop.is_set():
            before = time.perf_counter()
            await asyncio.sleep(every)
            self.loop_lag.append(time.perf_counter() - before - every)

    async def watch(self, work: Any) -> Any:
        gc.callbacks.append(self._on_gc)
        sampler = asyncio.create_task(self._sample())
        try:
            return await work
        finally:
            self._stop.set()
            await sampler
            gc.callbacks.remove(self._on_gc)


async def run(url: str, students: int, rate: float) -> dict[str, object]:
    if url.startswith("postgresql"):
        await reset_postgres(url)
    await asyncio.to_thread(upgrade, url)
    store = await Store(url).open()
    coach = Coach.from_paths(
        store=store, lessons_dir=ROOT / "lessons", prompts_dir=ROOT / "prompts"
    )
    if hasattr(coach.prompts, "warm"):
        coach.prompts.warm(Markup)  # as `orbit run` does for its platform's markups
    settle_memory()  # as `orbit run` does once everything is built
    onboarding: list[float] = []
    later: list[float] = []
    stalls = Stalls()
    start, cpu = time.perf_counter(), time.process_time()
    think = students / rate if rate else 0.0
    await stalls.watch(
        asyncio.gather(*(student(coach, n, think, onboarding, later) for n in range(students)))
    )
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    latencies = onboarding + later
    async with store.engine.connect() as conn:
        people = (await conn.execute(text("SELECT count(*) FROM person"))).scalar()
        done = (await conn.execute(text("SELECT count(*) FROM lesson_progress"))).scalar()
    writer = store.writer
    batches, turns = writer.batches, writer.turns
    slowest_batch = getattr(writer, "longest_batch", None)  # None: an older tree
    checkpoints = getattr(writer, "checkpointer", None)  # None: PostgreSQL, or an older tree
    await store.close()
    if people != students * 3 or done != students:
        raise RuntimeError(f"lost work: {people} people, {done} lessons done")
    quantiles = statistics.quantiles(latencies, n=100)
    return {
        "tree": _tree(),
        "database": url.split(":", 1)[0],
        "students": students,
        "offered_rate": rate or "saturated",
        "messages": len(latencies),
        "seconds": round(elapsed, 2),
        "messages_per_second": round(len(latencies) / elapsed),
        "p50_ms": round(quantiles[49] * 1000, 2),
        "p99_ms": round(quantiles[98] * 1000, 2),
        # the first three messages of each student ("hi", consent, first name) vs the rest
        "p99_onboarding_ms": _p99_ms(onboarding),
        "p99_later_ms": _p99_ms(later),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "turns_per_commit": round(turns / max(batches, 1), 1),
        "slowest_commit_ms": None if slowest_batch is None else round(slowest_batch * 1000, 1),
        # SQLite: WAL checkpoints on their own thread (bot/store/checkpoint.py)
        "checkpoints": checkpoints.checkpoints if checkpoints else None,
        "slowest_checkpoint_ms": round(checkpoints.longest * 1000, 1) if checkpoints else None,
        "longest_wal_pages": checkpoints.wal_frames if checkpoints else None,
        "checkpoints_in_writer": checkpoints.in_writer if checkpoints else None,
        "cpu_seconds": round(cpu, 2),  # all threads: steadier than wall time on a shared machine
        "messages_per_cpu_second": round(len(latencies) / cpu),
        "loop_lag_max_ms": round(max(stalls.loop_lag, default=0) * 1000, 1),
        "gc_pause_max_ms": round(max(stalls.gc_pauses, default=0) * 1000, 1),
        "gc_pauses": len(stalls.gc_pauses),  # all generations
        "gc_pause_total_ms": round(sum(stalls.gc_pauses) * 1000, 1),
        "load_average": round(os.getloadavg()[0], 2),
    }


def _tree() -> str:
    """The commit measured (the tree whose `bot` package was imported)."""
    found = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True
    )
    return found.stdout.strip() or "unknown"


def _p99_ms(values: list[float]) -> float:
    return round(statistics.quantiles(values, n=100)[98] * 1000, 2) if len(values) > 1 else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument(
        "--rate",
        type=float,
        default=0,
        help="messages/s offered by all students together (students pause "
        "between messages, like people typing); 0 = no pauses",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        print(json.dumps(asyncio.run(run(url, args.students, args.rate)), indent=2))


if __name__ == "__main__":
    main()
