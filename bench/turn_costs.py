"""Benchmark: what each message of the mapping walk costs, in CPU, one kind at a time.

`mapping_turns` says how fast the whole walk goes; this says which turns are dear. N
students send message 0 of the walk together, then message 1, and so on; for each message
it prints the process CPU (all threads, so the writer's share is in it) and the wall time
per turn. Every turn is committed as in a running bot (SQLite, WAL, synchronous=FULL).

    python -m bench.turn_costs                 # 300 students
    python -m bench.turn_costs --students 1000

Run from a tree's root; `PYTHONPATH=. python /path/to/turn_costs.py` works on older trees
whose `tests/` held `chat.py` at the top (the walk is imported from either place).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from bot.core.engine import Coach
from bot.core.messages import ConversationKey, Inbound
from bot.store.migrate import upgrade
from bot.store.store import Store

try:
    from tests.support.chat import MAPPING_WALK
except ImportError:  # trees before the tests were arranged by package
    from tests.chat import MAPPING_WALK  # type: ignore[no-redef]

ROOT = Path.cwd()  # the tree being measured: run from its root


async def run(students: int) -> list[tuple[str, float, float]]:
    url = f"sqlite:///{tempfile.mkdtemp()}/turn_costs.db"
    await asyncio.to_thread(upgrade, url)
    store = await Store(url).open()
    coach = Coach.from_paths(
        store=store, lessons_dir=ROOT / "lessons", prompts_dir=ROOT / "prompts"
    )
    costs = []
    for i, message in enumerate(MAPPING_WALK):

        async def one(n: int, i: int = i, message: str = message) -> None:
            key = ConversationKey(platform="bench", team="t", user=f"s{n}")
            inbound = Inbound(key=key, event_id=f"{n}-{i}", text=message, display_name=f"S{n}")
            await coach.handle(inbound)
            if hasattr(coach, "sent"):  # older trees have no reply outbox
                coach.sent(inbound)

        cpu, wall = time.process_time(), time.perf_counter()
        await asyncio.gather(*(one(n) for n in range(students)))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        costs.append((message, cpu / students * 1e6, wall / students * 1e6))
    await store.close()
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--students", type=int, default=300)
    args = parser.parse_args()
    total = 0.0
    for i, (message, cpu, wall) in enumerate(asyncio.run(run(args.students))):
        total += cpu
        print(f"{i:2d}  {message[:20]!r:24} CPU {cpu:6.0f} µs   wall {wall:6.0f} µs per turn")
    print(f"the whole walk: {total:,.0f} µs of CPU per student")


if __name__ == "__main__":
    main()
