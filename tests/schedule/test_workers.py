"""Three worker processes, one PostgreSQL database, one worker SIGKILLed half-way:
every student gets the check-in exactly once, and nobody in quiet hours gets it."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from bot.schedule import checkins
from bot.store import cohorts
from bot.store.outbox import O
from bot.store.queries import C, S
from bot.store.store import Store
from bot.store.transactions import Transactions
from bot.vocab.records import new_id, utcnow
from tests.schedule.fake_platform import FakePlatform

pytestmark = pytest.mark.postgres

AWAKE, ASLEEP = 1500, 500


def _seed(conn, cohort_id: str, now) -> None:  # type: ignore[no-untyped-def]
    students, convs, members = [], [], []
    for n in range(AWAKE + ASLEEP):
        sid = new_id()
        students.append(
            {
                "id": sid,
                "platform": "telegram",
                "team": "",
                "user_id": str(100000 + n),
                "display_name": f"Student {n}",
                "locale": "en",
                # Dubai is 4 h ahead of the cohort's UTC: inside the quiet hours below.
                "timezone": "UTC" if n < AWAKE else "Asia/Dubai",
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


def _worker(url: str, endpoint: str, name: str) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "bot", "worker", "--db", url,
        "--sender", f"{endpoint}/{name}", "--platforms", "telegram", "--no-scheduler",
        "--unpaced", "--lease", "3", "--batch", "25", "--id", name,
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


async def test_three_workers_one_killed_every_student_once(database_url: str, store: Store) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("several worker processes need PostgreSQL")
    tx = Transactions(store)
    now = utcnow()
    quiet = f"{now + timedelta(hours=3):%H:%M}-{now + timedelta(hours=5):%H:%M}"
    cohort = await tx.run(
        lambda c: cohorts.create_cohort(
            c, name="Big", timezone="UTC", quiet_hours=quiet, weekly_cap=3, now=now
        )
    )
    await tx.run(_seed, cohort.id, now)
    checkin = await tx.run(
        lambda c: cohorts.create_checkin(
            c, cohort_id=cohort.id, message="Check-in time!", question="One word for your week?",
            cron="", at=now, timezone="UTC", now=now,
        )
    )  # fmt: skip
    assert await tx.run(checkins.enqueue_occurrence, checkin.id, now, now) == AWAKE + ASLEEP

    platform = FakePlatform(stall={"w1": 301})
    runner, endpoint = await platform.start()
    workers = [_worker(database_url, endpoint, f"w{i}") for i in (1, 2, 3)]
    try:
        await asyncio.wait_for(platform.stalled.wait(), 60)
        os.kill(workers[0].pid, signal.SIGKILL)  # mid-batch, a request in flight
        platform.release()
        async with asyncio.timeout(60):
            while (
                len({chat for chat, _ in platform.received}) < AWAKE
                or len(platform.received) < 2 * AWAKE
            ):
                await asyncio.sleep(0.2)
        await asyncio.sleep(1.0)  # anything extra would show up now
    finally:
        for process in workers[1:]:
            process.send_signal(signal.SIGTERM)
        for process in workers:
            process.wait(timeout=20)
        await runner.cleanup()

    messages = Counter(chat for chat, text in platform.received if "Check-in time!" in text)
    questions = Counter(chat for chat, text in platform.received if "One word" in text)
    assert len(messages) == AWAKE and set(messages.values()) == {1}
    assert len(questions) == AWAKE and set(questions.values()) == {1}
    asleep = {str(100000 + n) for n in range(AWAKE, AWAKE + ASLEEP)}
    assert not asleep & set(messages)  # nothing in quiet hours
    assert platform.by_worker["w1"] == 301 and platform.by_worker["w2"] and platform.by_worker["w3"]

    async with store.engine.connect() as conn:
        statuses = Counter((await conn.execute(select(O.c.status, O.c.user_id))).all())
    by_status = Counter(status for status, _ in statuses.elements())
    assert by_status == {"sent": AWAKE, "pending": ASLEEP}
    await tx.close()
