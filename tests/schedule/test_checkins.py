"""A coordinator's check-in reaches each student once, waits for quiet hours, and
collects answers for the report."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.schedule import checkins
from bot.schedule.dispatcher import Dispatcher
from bot.store import cohorts, outbox
from tests.support.chat import Chat
from tests.support.schedule import Clock, RecordingSender, join, make_cohort


async def _checkin(tx, cohort, clock, *, question="What's one person you talked to?", **kw):
    return await tx.run(
        lambda conn: cohorts.create_checkin(
            conn,
            cohort_id=cohort.id,
            message="Hi all! Quick check-in from Ms. Rivera.",
            question=question,
            cron=kw.get("cron", ""),
            at=kw.get("at"),
            timezone=cohort.timezone,
            now=clock(),
        )
    )


async def test_a_check_in_reaches_each_student_once_and_answers_are_kept(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    ana, ben = await join(scoach, cohort, "ana", "ben")
    checkin = await _checkin(tx, cohort, clock, at=clock())  # 10:00 in New York

    for _ in range(2):  # computing it twice queues it once
        await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock())
    await dispatcher.drain()

    assert len(sender.to("ana")) == 2  # the message, then the question
    assert "Ms. Rivera" in sender.to("ana")[0]
    assert "one person you talked to" in sender.to("ben")[1]
    await dispatcher.drain()
    assert len(sender.sent) == 4

    reply = await ana.say("I talked to Coach Dee about the summer job")
    assert "saved for your coordinator" in reply
    report = await tx.run(cohorts.responses, checkin.id)
    answers = {r["student"]: r["answer"] for r in report}
    assert answers == {"Ana": "I talked to Coach Dee about the summer job", "Ben": None}
    assert ben  # Ben did not answer: he is in the report as such


async def test_a_check_in_due_in_quiet_hours_waits_until_they_end(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    await join(scoach, cohort, "ana")
    late = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 22:00 in New York
    checkin = await _checkin(tx, cohort, clock, question="")
    await tx.run(checkins.enqueue_occurrence, checkin.id, late, clock())

    clock.now = late
    await dispatcher.drain()
    assert sender.sent == []
    clock.now = datetime(2026, 11, 25, 12, 29, tzinfo=UTC)  # 07:29 local
    await dispatcher.drain()
    assert sender.sent == []
    clock.now = datetime(2026, 11, 25, 12, 30, tzinfo=UTC)  # 07:30 local
    await dispatcher.drain()
    assert len(sender.to("ana")) == 1


async def test_a_check_in_deleted_while_due_is_not_sent(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    await join(scoach, cohort, "ana", "ben")
    checkin = await _checkin(tx, cohort, clock)
    await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock())

    await tx.run(cohorts.set_checkin_status, checkin.id, "deleted")
    await tx.run(outbox.cancel_checkin, checkin.id)
    await dispatcher.drain()
    assert sender.sent == []
    assert (await tx.run(outbox.status_counts))["checkin"] == {"cancelled": 2}


async def test_a_paused_check_in_is_held_back_even_when_already_queued(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    await join(scoach, cohort, "ana")
    checkin = await _checkin(tx, cohort, clock)
    await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock())
    await tx.run(cohorts.set_checkin_status, checkin.id, "paused")
    await dispatcher.drain()
    assert sender.sent == []


async def test_a_weekly_cron_check_in_is_queued_by_the_tick_once_per_occurrence(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    await join(scoach, cohort, "ana")
    checkin = await _checkin(tx, cohort, clock, cron="0 15 * * MON", question="")
    monday = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)  # 15:00 in New York
    assert checkins.next_occurrence(checkin, clock()) == monday

    for minute in range(3):  # overlapping ticks
        clock.now = monday.replace(minute=minute)
        await tx.run(checkins.enqueue_due, clock().replace(hour=19), clock())
    await dispatcher.drain()
    assert len(sender.to("ana")) == 1
    keys = await tx.run(outbox.keys_with_prefix, f"checkin:{checkin.id}:")
    assert len(keys) == 1 and keys[0].split(":")[2] == "20261130T2000Z"


async def test_the_tick_forgets_old_event_ids_but_not_recent_ones(tx, scoach, clock: Clock) -> None:
    from sqlalchemy import func, select

    from bot.schedule.clock import ScheduleClock
    from bot.store.queries import E

    chat = Chat(scoach, user="ana")
    await chat.walk("hi", "yes", "Mom")  # two events recorded (consent, Mom)

    async def count() -> int:
        return await tx.run(lambda c: c.execute(select(func.count()).select_from(E)).scalar())

    assert await count() == 2
    ticker = ScheduleClock(tx, clock=clock)
    clock.advance(days=2)
    await ticker.tick()
    assert await count() == 2
    await chat.say("1")  # a fresh one
    clock.advance(days=2)  # the first two are now 4 days old, the fresh one 2
    await ticker.tick()
    assert await count() == 1
    assert await chat.say("1", event_id="e-redelivered-late") != ""  # turns still work


async def test_send_now_on_a_check_in_held_by_quiet_hours_sends_that_one_not_a_second(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    await join(scoach, cohort, "ana", "ben")
    late = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 22:00 in New York
    checkin = await _checkin(tx, cohort, clock, at=late)
    clock.now = late
    assert await tx.run(checkins.enqueue_occurrence, checkin.id, late, late) == 2
    await dispatcher.drain()
    assert sender.sent == []  # held until 07:30

    clock.advance(minutes=20)  # the coordinator presses send-now, still in quiet hours
    assert await tx.run(checkins.send_now, checkin.id, clock()) == (0, 2)
    assert await tx.run(checkins.send_now, checkin.id, clock()) == (0, 2)
    assert (await tx.run(outbox.status_counts))["checkin"] == {"pending": 2}

    clock.now = datetime(2026, 11, 25, 12, 30, tzinfo=UTC)  # 07:30 local
    await dispatcher.drain()
    await dispatcher.drain()
    assert len(sender.to("ana")) == 2 and len(sender.to("ben")) == 2  # once each
    assert (await tx.run(outbox.status_counts))["checkin"] == {"sent": 2}


async def test_send_now_brings_a_row_waiting_for_a_retry_forward_and_still_sends_it_once(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    await join(scoach, cohort, "ana")
    checkin = await _checkin(tx, cohort, clock, at=clock())
    await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock())
    sender.fail_with = [RuntimeError("platform down")]
    await dispatcher.drain()
    assert sender.sent == [] and dispatcher.stats.retried == 1  # due again in 30 s or so

    assert await tx.run(checkins.send_now, checkin.id, clock()) == (0, 1)
    await dispatcher.drain()
    assert len(sender.to("ana")) == 2  # the message and the question, once
    clock.advance(hours=1)
    await dispatcher.drain()
    assert len(sender.to("ana")) == 2
    assert (await tx.run(outbox.status_counts))["checkin"] == {"sent": 1}

    assert await tx.run(checkins.send_now, checkin.id, clock()) == (1, 0)  # sent: a new one
