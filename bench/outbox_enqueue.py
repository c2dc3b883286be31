"""Benchmark: queue one check-in occurrence for a cohort of N students (default 10,000).

Times `enqueue_occurrence` alone: loading the reachable members, working out each
student's quiet hours, and inserting N outbox rows with ON CONFLICT DO NOTHING in one
transaction. A second run of the same occurrence (which must insert nothing) is timed
too. The target is under 2 s for 10,000 students on SQLite and on PostgreSQL.

    python -m bench.outbox_enqueue                       # SQLite file in a temp dir
    python -m bench.outbox_enqueue --db postgresql://postgres@127.0.0.1:5432/test
      (PostgreSQL: the public schema of that database is dropped and recreated)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from bot.schedule import checkins
from bot.store import cohorts
from bot.store.db import async_url
from bot.store.migrate import upgrade
from bot.store.queries import C, S
from bot.store.store import Store
from bot.store.transactions import Transactions
from bot.vocab.records import new_id, utcnow


async def fresh_database(url: str | None, folder: Path) -> str:
    if url is None:
        url = f"sqlite:///{folder / 'bench.db'}"
    elif url.startswith("postgresql"):
        engine = create_async_engine(async_url(url))
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await engine.dispose()
    await asyncio.to_thread(upgrade, url)
    return url


def seed(conn: Connection, cohort_id: str, students: int, now: datetime, platform: str) -> None:
    """N consented students in the cohort, written directly (the lessons are not timed)."""
    rows, convs, members = [], [], []
    for n in range(students):
        sid = new_id()
        rows.append(
            {
                "id": sid, "platform": platform, "team": "", "user_id": str(10_000_000 + n),
                "display_name": f"Student {n}", "locale": "en", "timezone": "UTC",
                "role": "student", "consent_at": now, "paused": False, "opted_out": False,
                "created_at": now,
            }
        )  # fmt: skip
        convs.append({"student_id": sid, "frames": [], "version": 1, "updated_at": now})
        members.append({"cohort_id": cohort_id, "student_id": sid, "joined_at": now})
    for table, data in ((S, rows), (C, convs), (cohorts.M, members)):
        for start in range(0, len(data), 5000):
            conn.execute(insert(table), data[start : start + 5000])


async def setup(
    url: str, students: int, *, platform: str = "telegram", question: str = ""
) -> tuple[Store, Transactions, str]:
    store = await Store(url).open()
    tx = Transactions(store)
    now = utcnow()
    cohort = await tx.run(
        lambda c: cohorts.create_cohort(
            c, name="Bench", timezone="UTC", quiet_hours="", weekly_cap=3, now=now
        )
    )
    await tx.run(seed, cohort.id, students, now, platform)
    checkin = await tx.run(
        lambda c: cohorts.create_checkin(
            c, cohort_id=cohort.id, message="Check-in: how is your week going?",
            question=question, cron="", at=now, timezone="UTC", now=now,
        )
    )  # fmt: skip
    return store, tx, checkin.id


async def run(url: str | None, students: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        url = await fresh_database(url, Path(folder))
        store, tx, checkin_id = await setup(url, students)
        at = utcnow()
        start = time.perf_counter()
        queued = await tx.run(checkins.enqueue_occurrence, checkin_id, at, at)
        first = time.perf_counter() - start
        start = time.perf_counter()
        again = await tx.run(checkins.enqueue_occurrence, checkin_id, at, at)
        second = time.perf_counter() - start
        await tx.close()
        await store.close()
    return {
        "database": url.split(":", 1)[0],
        "students": students,
        "queued": queued,
        "seconds": round(first, 3),
        "requeued": again,
        "requeue_seconds": round(second, 3),
        "target_met": queued == students and again == 0 and first < 2.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.db, args.students)), indent=2))


if __name__ == "__main__":
    main()
