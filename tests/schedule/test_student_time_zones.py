"""Each student's own time zone: two students of one cohort, one in Los Angeles and one
in New York (set with /timezone, confirmed), get the same check-in at the end of their
own quiet hours, across the spring-forward change of 14 March 2027."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.schedule import checkins
from bot.schedule.dispatcher import Dispatcher
from bot.store import cohorts
from tests.support.schedule import Clock, RecordingSender, join, make_cohort


async def test_quiet_hours_follow_each_students_zone_across_a_dst_change(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock, tz="America/Chicago", quiet="21:00-07:30")
    ana, ben = await join(scoach, cohort, "ana", "ben")
    assert "America/Los_Angeles. Is that right?" in await ana.say("/timezone Los Angeles")
    assert "your time zone is America/Los_Angeles" in await ana.say("yes")
    assert "America/New_York" in await ben.say("/zona Nueva York")  # a Spanish name works too
    assert "your time zone is America/New_York" in await ben.say("yes")

    due = datetime(2027, 3, 15, 2, 0, tzinfo=UTC)  # the day after clocks sprang forward
    checkin = await tx.run(
        lambda conn: cohorts.create_checkin(
            conn,
            cohort_id=cohort.id,
            message="Hi all! Quick check-in from Ms. Rivera.",
            question="",
            cron="",
            at=due,
            timezone=cohort.timezone,
            now=clock(),
        )
    )
    await tx.run(checkins.enqueue_occurrence, checkin.id, due, clock())

    clock.now = due  # 19:00 in Los Angeles (PDT), 22:00 in New York (EDT), 21:00 Chicago
    await dispatcher.drain()
    assert len(sender.to("ana")) == 1 and sender.to("ben") == []

    clock.now = datetime(2027, 3, 15, 11, 29, tzinfo=UTC)  # 07:29 in New York (EDT)
    await dispatcher.drain()
    assert sender.to("ben") == []
    clock.now = datetime(2027, 3, 15, 11, 30, tzinfo=UTC)  # 07:30 EDT; 06:30 had it been EST
    await dispatcher.drain()
    assert len(sender.to("ben")) == 1  # not 12:30 UTC (standard time), not Chicago's 12:30
    assert len(sender.to("ana")) == 1  # once


async def test_before_a_zone_is_set_the_cohorts_is_used(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock, tz="America/Los_Angeles", quiet="21:00-07:30")
    (ana,) = await join(scoach, cohort, "ana")
    due = datetime(2027, 3, 15, 5, 0, tzinfo=UTC)  # 22:00 PDT in the cohort's zone
    checkin = await tx.run(
        lambda conn: cohorts.create_checkin(
            conn,
            cohort_id=cohort.id,
            message="Hi!",
            question="",
            cron="",
            at=due,
            timezone=cohort.timezone,
            now=clock(),
        )
    )
    await tx.run(checkins.enqueue_occurrence, checkin.id, due, clock())
    clock.now = due
    await dispatcher.drain()
    assert sender.to("ana") == []
    clock.now = datetime(2027, 3, 15, 14, 30, tzinfo=UTC)  # 07:30 PDT
    await dispatcher.drain()
    assert len(sender.to("ana")) == 1
