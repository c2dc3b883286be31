"""A database ready for `orbit run ...` to send a check-in: students on a real platform key
who joined a cohort, and a check-in that came due a minute ago (on the real clock, which
is what a running scheduler uses). No quiet hours, so the test does not depend on the hour.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from itertools import count
from pathlib import Path

from bot.core.messages import ConversationKey, Inbound, Markup
from bot.store import cohorts, outbox
from bot.store.store import Store
from bot.store.transactions import Transactions
from bot.vocab.records import utcnow
from tests.support.coach import make_coach

MESSAGE = "Hi all! Quick check-in from Ms. Rivera."
QUESTION = "Who did you talk to this week?"
ROOT = Path(__file__).resolve().parents[2]
_events = count(1)


async def seed_checkin(url: str, keys: list[ConversationKey], markup: Markup) -> str:
    """Students `keys` consent and join a cohort (an hour ago, so none of them is in the
    middle of answering the first lesson's question); a check-in for it is due. Its id."""
    store = await Store(url).open()
    tx = Transactions(store)
    try:
        coach = make_coach(store, clock=lambda: utcnow() - timedelta(hours=1))
        now = utcnow()
        cohort = await tx.run(
            lambda c: cohorts.create_cohort(
                c, name="Room 12", timezone="UTC", quiet_hours="", weekly_cap=3, now=now
            )
        )
        for key in keys:
            for text in ("hi", "yes", f"/join {cohort.join_code}"):
                inbound = Inbound(
                    key=key,
                    event_id=f"seed-{next(_events)}",
                    text=text,
                    display_name="Ana",
                    markup=markup,
                )
                replies = await coach.handle(inbound)
                coach.sent(inbound)  # as an adapter does: nothing left for `orbit run` to send
            assert cohort.name in "\n".join(r.text for r in replies)
        checkin = await tx.run(
            lambda c: cohorts.create_checkin(
                c,
                cohort_id=cohort.id,
                message=MESSAGE,
                question=QUESTION,
                cron="",
                at=now - timedelta(minutes=1),
                timezone="UTC",
                now=now,
            )
        )
        return checkin.id
    finally:
        await tx.close()
        await store.close()


async def outbox_status(url: str) -> dict[str, dict[str, int]]:
    """{kind: {status: count}} of the outbox, as `orbit outbox status` shows it."""
    store = await Store(url).open()
    tx = Transactions(store)
    try:
        return await tx.run(outbox.status_counts)
    finally:
        await tx.close()
        await store.close()


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.02)


def orbit_run(platform: str, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    """`orbit run PLATFORM ARGS` as a real process (the console script's entry point)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ORBIT_")}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run", platform, *args],
        env={**clean, **env},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def orbit_worker(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    """`orbit worker ARGS` as a real process."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ORBIT_")}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "worker", *args],
        env={**clean, **env},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def stop(process: subprocess.Popen[str], timeout: float = 15.0) -> tuple[int, str]:
    """SIGTERM, as a service manager stops it; (exit code, what it wrote on stderr)."""
    process.terminate()
    _, err = await asyncio.to_thread(process.communicate, timeout=timeout)
    return process.returncode, err
