"""Fault injection: three `orbit worker` processes on one PostgreSQL database send a
check-in to 300 students while one of them is killed with SIGKILL again and again
(restarted each time, as a service manager would).

Nothing may be missing, and only messages that were in flight can double: at most
`in_flight` (4 by default) per kill. The figures go to RELIABILITY.md ("Scheduled
messages under kills"); reproduce them with

    ORBIT_TEST_DATABASE_URL=postgresql://... pytest -s tests/schedule/test_kills.py

(`ORBIT_TEST_KILLS` and `ORBIT_TEST_IN_FLIGHT` change the number of kills and the
workers' `--in-flight`.)
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from bot.schedule import checkins
from bot.store import cohorts
from bot.store.outbox import O
from bot.store.queries import C, S
from bot.store.store import Store
from bot.store.transactions import Transactions
from bot.vocab.records import new_id, utcnow
from tests.schedule.fake_platform import FakePlatform

pytestmark = pytest.mark.postgres

STUDENTS = 300
KILLS = int(os.environ.get("ORBIT_TEST_KILLS", "5"))
IN_FLIGHT = int(os.environ.get("ORBIT_TEST_IN_FLIGHT", "4"))
MESSAGE, QUESTION = "Check-in time!", "One word for your week?"


def _seed(conn, cohort_id: str, now) -> None:  # type: ignore[no-untyped-def]
    """Students who joined earlier and are not in the middle of a lesson."""
    students, convs, members = [], [], []
    for n in range(STUDENTS):
        sid = new_id()
        students.append(
            {
                "id": sid,
                "platform": "telegram",
                "team": "",
                "user_id": str(200000 + n),
                "display_name": f"Student {n}",
                "locale": "en",
                "timezone": "UTC",
                "role": "student",
                "consent_at": now,
                "paused": False,
                "opted_out": False,
                "created_at": now,
            }
        )
        convs.append({"student_id": sid, "frames": [], "version": 1, "updated_at": now})
        members.append({"cohort_id": cohort_id, "student_id": sid, "joined_at": now})
    conn.execute(insert(S), students)
    conn.execute(insert(C), convs)
    conn.execute(insert(cohorts.M), members)


def _worker(url: str, endpoint: str, name: str, log: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "bot", "worker", "--db", url,
        "--sender", f"{endpoint}/{name}", "--platforms", "telegram", "--no-scheduler",
        "--unpaced", "--lease", "3", "--batch", "25", "--in-flight", str(IN_FLIGHT),
        "--id", name,
    ]  # fmt: skip
    with log.open("ab") as stderr:  # the child keeps its own copy of the file
        return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)


def _pending(conn) -> int:  # type: ignore[no-untyped-def]
    query = select(func.count()).select_from(O).where(O.c.status == "pending")
    return conn.execute(query).scalar_one()


async def test_workers_killed_again_and_again_lose_nothing_and_double_only_in_flight(
    database_url: str, store: Store, tmp_path: Path
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("several worker processes need PostgreSQL (set ORBIT_TEST_DATABASE_URL)")
    tx = Transactions(store)
    now = utcnow()
    cohort = await tx.run(
        lambda c: cohorts.create_cohort(
            c, name="Kills", timezone="UTC", quiet_hours="", weekly_cap=3, now=now
        )
    )
    await tx.run(_seed, cohort.id, now)
    checkin = await tx.run(
        lambda c: cohorts.create_checkin(
            c, cohort_id=cohort.id, message=MESSAGE, question=QUESTION,
            cron="", at=now, timezone="UTC", now=now,
        )
    )  # fmt: skip
    assert await tx.run(checkins.enqueue_occurrence, checkin.id, now, now) == STUDENTS

    # 0.3 s a send: slow enough that every kill lands while messages are in flight, and
    # that the restarted worker (a few seconds to start) is killed several times.
    platform = FakePlatform(delay=0.3)
    runner, endpoint = await platform.start()
    log = tmp_path / "workers.log"
    workers = [_worker(database_url, endpoint, f"w{i}", log) for i in (1, 2, 3)]
    victims = ["w1"]
    kills = 0
    rng = random.Random(7)
    try:
        async with asyncio.timeout(150):
            while kills < KILLS and await tx.run(_pending):
                name = victims[-1]
                while not platform.by_worker[name] and await tx.run(_pending):
                    await asyncio.sleep(0.05)  # until it has started sending
                await asyncio.sleep(rng.uniform(0.2, 0.8))  # mid-batch, sends in flight
                if not await tx.run(_pending):
                    break
                os.kill(workers[0].pid, signal.SIGKILL)
                workers[0].wait(timeout=10)
                kills += 1
                victims.append(f"w1-{kills}")
                workers[0] = _worker(database_url, endpoint, victims[-1], log)
            while await tx.run(_pending):  # the dead workers' leases run out: all sent
                await asyncio.sleep(0.2)
        await asyncio.sleep(1.0)  # anything extra would show up now
    except TimeoutError:
        tail = log.read_text()[-3000:]
        pytest.fail(f"not all sent: {kills} kills, {len(platform.received)} received\n{tail}")
    finally:
        for process in workers:
            process.send_signal(signal.SIGTERM)
        for process in workers:
            process.wait(timeout=20)
        await runner.cleanup()
        await tx.close()

    messages = Counter(chat for chat, text in platform.received if MESSAGE in text)
    questions = Counter(chat for chat, text in platform.received if QUESTION in text)
    everyone = {str(200000 + n) for n in range(STUDENTS)}
    missing = len(everyone - set(messages)) + len(everyone - set(questions))
    extra = sum(messages.values()) + sum(questions.values()) - 2 * STUDENTS
    doubled = {c for c, n in messages.items() if n > 1} | {c for c, n in questions.items() if n > 1}
    errors = [line for line in log.read_text().splitlines() if "Traceback" in line]
    print(
        f"\nkills={kills} in_flight={IN_FLIGHT} messages={len(platform.received)} "
        f"expected={2 * STUDENTS} missing={missing} extra={extra} "
        f"students_doubled={len(doubled)} bound={kills * IN_FLIGHT}"
    )
    assert kills >= min(KILLS, 3), "the check-in was all out before the kills: slow sends"
    assert missing == 0
    assert extra <= kills * IN_FLIGHT  # only what was in flight when each worker died
    assert len(doubled) <= kills * IN_FLIGHT
    assert not errors
    async with store.engine.connect() as conn:
        statuses = Counter((await conn.execute(select(O.c.status))).scalars())
    assert statuses == {"sent": STUDENTS}
