"""A worker sends at most `in_flight` messages at once, so a worker that dies mid-batch
doubles at most that many: the rest of its batch goes out once, nothing is lost.

The worker "dies" here by being cancelled while four sends hang after the platform took
them (the worst moment: accepted, not yet recorded). The multi-process version, with
real `kill -9`s on PostgreSQL, is `test_kills.py`.
"""

from __future__ import annotations

import asyncio
from collections import Counter

from bot.core.messages import ConversationKey, Markup, Outbound
from bot.schedule import checkins
from bot.schedule.dispatcher import Dispatcher, DispatchSettings
from bot.store import cohorts, outbox
from tests.support.schedule import Clock, RecordingSender, join, make_cohort

STUDENTS = [f"s{n}" for n in range(12)]


class HangingPlatform:
    """Takes every message, then never answers: the worker dies waiting."""

    markup = Markup.PLAIN

    def __init__(self) -> None:
        self.accepted: list[tuple[str, str]] = []
        self.under_way = 0
        self.most = 0

    async def send(self, key: ConversationKey, outbound: Outbound) -> None:
        self.under_way += 1
        self.most = max(self.most, self.under_way)
        self.accepted.append((key.user, outbound.text))
        try:
            await asyncio.Event().wait()
        finally:
            self.under_way -= 1


async def test_a_worker_dying_mid_batch_doubles_only_what_was_in_flight(
    tx, scoach, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock, quiet="")
    await join(scoach, cohort, *STUDENTS)
    checkin = await tx.run(
        lambda conn: cohorts.create_checkin(
            conn, cohort_id=cohort.id, message="Check-in time!", question="One word?",
            cron="", at=clock(), timezone=cohort.timezone, now=clock(),
        )
    )  # fmt: skip
    await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock())

    hanging = HangingPlatform()
    settings = DispatchSettings(in_flight=4, lease_seconds=60)
    dying = Dispatcher(
        tx=tx, coach=scoach, senders={"test": hanging}, worker="w1", settings=settings,
        clock=clock,
    )  # fmt: skip
    work = asyncio.create_task(dying.run_once())  # claims all 12 rows in one batch
    async with asyncio.timeout(10):
        while hanging.under_way < 4:
            await asyncio.sleep(0.01)
    await asyncio.sleep(0.2)  # had it more slots, more sends would start now
    assert hanging.under_way == hanging.most == 4
    work.cancel()  # the worker dies with four sends the platform already took
    await asyncio.gather(work, return_exceptions=True)

    clock.advance(seconds=61)  # its lease runs out
    platform = RecordingSender()
    survivor = Dispatcher(
        tx=tx, coach=scoach, senders={"test": platform}, worker="w2", settings=settings,
        clock=clock,
    )  # fmt: skip
    await survivor.drain()

    got = Counter(hanging.accepted) + Counter((k.user, text) for k, text in platform.sent)
    assert {user for user, _ in got} == set(STUDENTS)  # nobody missing
    assert all(sum(1 for u, _ in got if u == s) == 2 for s in STUDENTS)  # message + question
    doubled = sum(n - 1 for n in got.values())
    assert doubled == survivor.stats.in_doubt == 4  # only what was in flight
    assert (await tx.run(outbox.status_counts))["checkin"] == {"sent": len(STUDENTS)}
