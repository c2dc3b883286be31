"""Benchmark: every dashboard page's render time with a 2,000-student cohort.

The cohort's students each have a map of five people added over the last eight weeks,
every other one an ask; a check-in was sent to all (2,000 outbox rows), and there are a
few crisis alerts. A coordinator's session is opened directly; then each page is fetched
over loopback HTTP from the dashboard served in this process (`orbit dashboard`'s app),
after two warm-up fetches, `--runs` times. A cohort's report is kept for 30 s by the
dashboard (`bot/dashboard/reports.py`), so the cohort pages are timed twice: as a
coordinator moving between them meets them, and measured afresh at every fetch (the
first visit, or one after 30 s). Reported per page: the median and the slowest
wall time, and the median CPU time of this process per fetch (server and client both).
The target is a median under 200 ms for every page, on SQLite and on PostgreSQL.

    python -m bench.dashboard_pages                     # SQLite file in a temp dir
    python -m bench.dashboard_pages --db postgresql://postgres@127.0.0.1:5432/orbit_h5
      (PostgreSQL: the public schema of that database is dropped and recreated)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import aiohttp
from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from bench.outbox_enqueue import fresh_database, seed
from bot.app.dashboard import dashboard_on
from bot.config import load_settings
from bot.core.templates import Prompts
from bot.dashboard.app import serving
from bot.dashboard.reports import Reports
from bot.schedule import checkins
from bot.store import cohorts
from bot.store.cohorts import M
from bot.store.outbox import O
from bot.store.queries import A, P
from bot.store.signin import open_session
from bot.store.store import Store
from bot.store.transactions import Transactions
from bot.support.tokens import sign, token_hash
from bot.vocab.keys import ConversationKey
from bot.vocab.records import new_id, utcnow

DOMAINS = ("family", "peers", "school", "activities", "community", "work", "online")
SUPPORTS = ("emotional", "advice", "feedback", "practical", "career")
CLOSENESS = ("close", "between", "distant")
STAFF = ConversationKey("telegram", "", "9000")


def maps(conn: Connection, cohort_id: str, now: datetime, rng: random.Random) -> list[str]:
    """Five people per student over eight weeks, an ask for every other student."""
    ids = list(conn.execute(select(M.c.student_id).where(M.c.cohort_id == cohort_id)).scalars())
    people, asks = [], []
    for n, sid in enumerate(ids):
        for k in range(5):
            added = now - timedelta(days=rng.randint(0, 55))
            people.append(
                {
                    "id": new_id(), "student_id": sid, "name": f"P{k}",
                    "domain": rng.choice(DOMAINS),
                    "supports": rng.sample(SUPPORTS, rng.randint(1, 3)),
                    "closeness": rng.choice(CLOSENESS), "added_at": added,
                    "last_reviewed_at": added,
                }
            )  # fmt: skip
        if n % 2 == 0:
            asks.append(
                {
                    "id": new_id(), "student_id": sid, "helper": "P0", "goal": "a job",
                    "kind": "career", "what": "an introduction", "by_date": now.date(),
                    "how": "text", "opening_line": "", "follow_up_on": now.date(),
                    "status": rng.choice(("planned", "got_help", "waiting")),
                    "created_at": now, "updated_at": now,
                }
            )  # fmt: skip
    for table, data in ((P, people), (A, asks)):
        for start in range(0, len(data), 5000):
            conn.execute(insert(table), data[start : start + 5000])
    return ids


def alerts(conn: Connection, ids: list[str], now: datetime) -> None:
    rows = [
        {
            "dedupe_key": f"alert:crisis:telegram:{n:032x}:{STAFF}", "kind": "alert",
            "platform": "telegram", "team": "", "user_id": STAFF.user, "student_id": sid,
            "payload": {"template": "alerts/crisis", "context": {
                "student": {"name": f"Student {n}"}, "platform": "telegram",
                "message": "i can't do this anymore"}},
            "not_before": now, "status": "sent", "created_at": now,
        }
        for n, sid in enumerate(ids[:20])
    ]  # fmt: skip
    conn.execute(insert(O), rows)


async def build(url: str, students: int) -> tuple[Store, Transactions, dict[str, str]]:
    store = await Store(url).open()
    tx = Transactions(store)
    now = utcnow()
    rng = random.Random(13)
    cohort = await tx.run(
        lambda c: cohorts.create_cohort(
            c, name="Bench", timezone="UTC", quiet_hours="", weekly_cap=3, now=now
        )
    )
    await tx.run(seed, cohort.id, students, now, "telegram")
    ids = await tx.run(maps, cohort.id, now, rng)
    await tx.run(cohorts.grant, STAFF, "coordinator", cohort.id, "Ms. Bench", now)
    checkin = await tx.run(
        lambda c: cohorts.create_checkin(
            c, cohort_id=cohort.id, message="How was your week?", question="One word?",
            cron="0 15 * * MON", at=None, timezone="UTC", now=now,
        )
    )  # fmt: skip
    await tx.run(checkins.send_now, checkin.id, now)
    await tx.run(alerts, ids, now)
    token = "bench-session-token"
    await tx.run(open_session, token_hash(token), STAFF, "csrf", now, timedelta(hours=8))
    return store, tx, {"cohort": cohort.id, "student": ids[7], "checkin": checkin.id}


async def measure(url: str, students: int, runs: int) -> dict[str, dict[str, float]]:
    store, tx, ids = await build(url, students)
    settings = load_settings(database_url=url, dashboard_secret="bench-secret")
    prompts = Prompts(settings.prompts_dir, settings.locale)
    pages = {
        "cohorts": "/cohorts",
        "cohort": f"/cohorts/{ids['cohort']}",
        "cohort, sorted by people": f"/cohorts/{ids['cohort']}?sort=people&dir=desc",
        "cohort CSV": f"/cohorts/{ids['cohort']}/students.csv",
        "student": f"/cohorts/{ids['cohort']}/students/{ids['student']}",
        "check-ins": f"/cohorts/{ids['cohort']}/checkins",
        "check-in answers": f"/checkins/{ids['checkin']}",
        "alerts": "/alerts",
        "outbox": "/outbox",
    }
    out: dict[str, dict[str, float]] = {}
    try:
        async with (
            dashboard_on(store, settings, prompts) as dashboard,
            serving(dashboard, host="127.0.0.1", port=0) as port,
        ):
            cookie = {"orbit_dashboard": sign("bench-session-token", "bench-secret")}
            async with aiohttp.ClientSession(f"http://127.0.0.1:{port}", cookies=cookie) as http:
                for name, path in pages.items():
                    out[name] = await _time(http, path, runs)
                for name in ("cohorts", "cohort", "cohort CSV"):  # no kept report
                    forget = lambda: setattr(dashboard, "reports", Reports())  # noqa: E731
                    out[f"{name}, measured afresh"] = await _time(http, pages[name], runs, forget)
    finally:
        await tx.close()
        await store.close()
    return out


async def _time(
    http: aiohttp.ClientSession, path: str, runs: int, before: Callable[[], None] | None = None
) -> dict[str, float]:
    walls, cpus = [], []
    for n in range(runs + 2):
        if before is not None:
            before()
        wall, cpu = time.perf_counter(), time.process_time()
        async with http.get(path, allow_redirects=False) as got:
            body = await got.read()
            assert got.status == 200, (path, got.status, body[:200])
        if n >= 2:
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    return {
        "median_ms": round(1000 * statistics.median(walls), 1),
        "max_ms": round(1000 * max(walls), 1),
        "cpu_ms": round(1000 * statistics.median(cpus), 1),
        "kb": round(len(body) / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None, help="a PostgreSQL URL (default: SQLite)")
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    with tempfile.TemporaryDirectory() as folder:

        async def go() -> dict[str, dict[str, float]]:
            url = await fresh_database(args.db, Path(folder))
            return await measure(url, args.students, args.runs)

        result = asyncio.run(go())
    print(json.dumps(result, indent=2))
    slow = [name for name, r in result.items() if r["median_ms"] >= 200]
    print("every median under 200 ms" if not slow else f"over 200 ms: {', '.join(slow)}")


if __name__ == "__main__":
    main()
