"""Delivery failures: backoff, a platform's retry-after, parking after N tries, leases."""

from __future__ import annotations

from datetime import timedelta

from bot.schedule import checkins, policy
from bot.schedule.dispatcher import Dispatcher
from bot.schedule.senders import PermanentSendError, RetryAfter
from bot.store import cohorts, outbox
from bot.vocab.records import utcnow
from tests.support.schedule import Clock, RecordingSender, join, make_cohort


async def _queued(tx, scoach, clock, *users: str):
    cohort = await make_cohort(tx, clock)
    await join(scoach, cohort, *users)
    checkin = await tx.run(
        lambda conn: cohorts.create_checkin(
            conn, cohort_id=cohort.id, message="Hello!", question="", cron="", at=None,
            timezone=cohort.timezone, now=utcnow(),
        )
    )  # fmt: skip
    await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock())


async def test_a_failure_is_retried_with_backoff(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    await _queued(tx, scoach, clock, "ana")
    sender.fail_with = [ConnectionError("network down")]
    await dispatcher.drain()
    assert sender.sent == []
    clock.advance(seconds=29)
    await dispatcher.drain()
    assert sender.sent == []
    clock.advance(seconds=1)
    await dispatcher.drain()
    assert len(sender.to("ana")) == 1


async def test_retry_after_is_honoured(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    await _queued(tx, scoach, clock, "ana")
    sender.fail_with = [RetryAfter(7)]
    await dispatcher.drain()
    clock.advance(seconds=6)
    await dispatcher.drain()
    assert sender.sent == []
    clock.advance(seconds=1)
    await dispatcher.drain()
    assert len(sender.sent) == 1


async def test_after_max_attempts_a_row_is_parked_as_failed(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    await _queued(tx, scoach, clock, "ana")
    # an error whose message quotes what was being sent (as some client errors do)
    sender.fail_with = [RuntimeError("HTTP 500 sending 'ana, i feel like giving up'")] * 3
    for _ in range(4):
        await dispatcher.drain()
        clock.advance(hours=1)
    assert sender.sent == []
    assert (await tx.run(outbox.status_counts))["checkin"] == {"failed": 1}
    (failed,) = await tx.run(outbox.failed_rows)
    assert failed["attempts"] == 3 and failed["last_error"].startswith("RuntimeError at ")
    assert "giving up" not in failed["last_error"]  # the operator sees the type, not words


async def test_a_student_who_blocked_the_bot_is_parked_at_once(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    await _queued(tx, scoach, clock, "ana")
    sender.fail_with = [PermanentSendError("blocked by the user")]
    await dispatcher.drain()
    (failed,) = await tx.run(outbox.failed_rows)
    assert failed["attempts"] == 1 and "blocked" in failed["last_error"]


async def test_a_dead_workers_lease_runs_out_and_another_sends(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    await _queued(tx, scoach, clock, "ana")
    lease = clock() + timedelta(seconds=120)
    claimed = await tx.run(
        lambda c: outbox.claim(
            c, worker="dead", now=clock(), lease_until=lease, limit=10, judge=policy.judge
        )
    )
    assert len(claimed.rows) == 1
    await dispatcher.drain()
    assert sender.sent == []  # still leased to the dead worker
    clock.advance(seconds=121)
    await dispatcher.drain()
    assert len(sender.to("ana")) == 1


async def test_a_slow_batch_keeps_its_lease(tx, scoach, clock: Clock) -> None:
    """A batch held up (a long retry-after) renews its lease, so no one else takes it."""
    import asyncio

    from bot.schedule.dispatcher import DispatchSettings

    await _queued(tx, scoach, clock, "ana")
    gate = asyncio.Event()

    class SlowSender(RecordingSender):
        async def send(self, key, outbound):  # type: ignore[no-untyped-def]
            await gate.wait()
            await super().send(key, outbound)

    slow = SlowSender()
    first = Dispatcher(
        tx=tx, coach=scoach, senders={"test": slow}, worker="w1", clock=clock,
        settings=DispatchSettings(lease_seconds=0.3),
    )  # fmt: skip
    second_sender = RecordingSender()
    second = Dispatcher(
        tx=tx, coach=scoach, senders={"test": second_sender}, worker="w2", clock=clock
    )
    running = asyncio.create_task(first.run_once())
    await asyncio.sleep(0.05)
    clock.advance(seconds=0.25)
    await asyncio.sleep(0.5)  # w1 renewed its lease meanwhile (every 0.1 s)
    clock.advance(seconds=0.2)  # past the first lease, not past the renewed one
    assert await second.run_once() == 0
    gate.set()
    await running
    assert len(slow.to("ana")) == 1 and second_sender.sent == []


async def test_a_parked_question_does_not_catch_the_students_next_message(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    (ana,) = await join(scoach, cohort, "ana")  # in the mapping lesson, at Family
    checkin = await tx.run(
        lambda conn: cohorts.create_checkin(
            conn, cohort_id=cohort.id, message="Hello!", question="How are you?", cron="",
            at=None, timezone=cohort.timezone, now=utcnow(),
        )
    )  # fmt: skip
    await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock())
    sender.fail_with = [PermanentSendError("blocked by the user")]
    await dispatcher.drain()
    assert sender.sent == []
    data = await scoach.store.export(ana.key)
    assert [f["lesson"] for f in data["conversation"]["frames"]] == ["mapping"]
    assert "What does Mom give you?" in await ana.say("Mom")  # still the lesson's answer
