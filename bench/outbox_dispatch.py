"""Benchmark: dispatch a check-in against a local endpoint enforcing Telegram's limits.

The fake platform (tests/schedule/fake_platform.py) answers HTTP 429 to any message
beyond 30 in any one second overall or a second message to a chat within 1 s.
One worker claims the outbox in batches, runs each student's check-in turn through
the Coach (message + question: two messages per student, so the per-chat limit is
exercised), and sends through `HttpSender` paced by `Pacer`. The pacer is set a hair
under the limits (`--margin`, default 2%) because the endpoint measures arrival
times, which jitter by a millisecond or two.

Target: at least 95% of the allowed rate, i.e. M messages in at most 1.05 x M/30 s,
with zero rate-limit errors and zero duplicates.

    python -m bench.outbox_dispatch --students 750            # 1,500 messages, ~51 s
    python -m bench.outbox_dispatch --students 5000           # 10,000 messages, ~6 min
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.outbox_enqueue import fresh_database, setup
from bot.config import ROOT
from bot.core.engine import Coach
from bot.schedule import checkins
from bot.schedule.dispatcher import Dispatcher, DispatchSettings
from bot.schedule.pacing import Pacer, Rate
from bot.schedule.senders import HttpSender
from bot.vocab.records import utcnow
from tests.schedule.fake_platform import FakePlatform

LIMIT = 30.0


async def run(url: str | None, students: int, margin: float, batch: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        url = await fresh_database(url, Path(folder))
        store, tx, checkin_id = await setup(url, students, question="One word for your week?")
        now = utcnow()
        await tx.run(checkins.enqueue_occurrence, checkin_id, now, now)
        coach = Coach.from_paths(
            store=store, lessons_dir=ROOT / "lessons", prompts_dir=ROOT / "prompts"
        )
        platform = FakePlatform(per_chat_interval=1.0, overall_per_second=int(LIMIT))
        runner, endpoint = await platform.start()
        sender = HttpSender(f"{endpoint}/bench")
        pacer = Pacer(per_key=Rate(1.0 * (1 - margin)), overall=Rate(LIMIT * (1 - margin), burst=1))
        dispatcher = Dispatcher(
            tx=tx,
            coach=coach,
            senders={"telegram": sender},
            worker="bench",
            pacers={"telegram": pacer},
            settings=DispatchSettings(batch=batch),
        )
        start = time.perf_counter()
        await dispatcher.drain()
        elapsed = time.perf_counter() - start
        await sender.close()
        await runner.cleanup()
        await tx.close()
        await store.close()
    messages = len(platform.received)
    per_chat = Counter(chat for chat, _ in platform.received)
    duplicates = sum(
        n - 1 for n in Counter(platform.received).values() if n > 1
    )  # same text to the same chat twice
    allowed = messages / LIMIT
    return {
        "database": url.split(":", 1)[0],
        "students": students,
        "messages": messages,
        "seconds": round(elapsed, 2),
        "messages_per_second": round(messages / elapsed, 2),
        "share_of_allowed_rate": round(allowed / elapsed, 4),
        "rate_limit_errors": platform.limited,
        "rate_limit_errors_by_limit": dict(platform.limited_by),
        "duplicates": duplicates,
        "chats": len(per_chat),
        "target_met": elapsed <= 1.05 * allowed and platform.limited == 0 and duplicates == 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=750)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--margin", type=float, default=0.02)
    parser.add_argument("--batch", type=int, default=200)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.db, args.students, args.margin, args.batch)), indent=2))


if __name__ == "__main__":
    main()
