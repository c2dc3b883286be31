"""Nudges: personal, sparing, in the student's waking hours, and something to act on."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import update

from bot.schedule import nudges
from bot.schedule.dispatcher import Dispatcher
from bot.schedule.nudges import NudgeSettings
from bot.store import outbox
from bot.store.queries import A, C, P
from tests.support.chat import MAPPING_WALK, Chat
from tests.support.schedule import Clock, RecordingSender, join, make_cohort

LATER = "No problem. I'll leave it for now."
DOMAINS = [("family", "Family"), ("peers", "Friends and peers"), ("school", "School staff")]


async def _backdate(tx, at: datetime) -> None:
    """Lessons write real timestamps; put everything at the test clock's time."""

    def go(conn):  # type: ignore[no-untyped-def]
        conn.execute(update(P).values(added_at=at, last_reviewed_at=at))
        conn.execute(update(C).values(updated_at=at))

    await tx.run(go)


async def _tick(tx, clock: Clock, settings: NudgeSettings | None = None) -> int:
    return await nudges.enqueue_due(tx, clock(), settings or NudgeSettings(), DOMAINS)


async def _mapped(scoach, tx, clock, cohort=None, user="ana") -> Chat:
    chat = Chat(scoach, user=user)
    await chat.walk(*MAPPING_WALK)
    if cohort is not None:
        await chat.say(f"/join {cohort.join_code}")
    await _backdate(tx, clock())
    return chat


async def test_a_week_later_the_map_comes_back_with_her_own_people(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    ana = await _mapped(scoach, tx, clock, cohort)
    clock.advance(days=6)
    assert await _tick(tx, clock) == 0
    clock.advance(days=1)  # Dec 1st, 15:00 UTC: 10:00 in New York
    assert await _tick(tx, clock) == 1
    assert await _tick(tx, clock) == 0  # the same nudge is not queued twice
    await dispatcher.drain()

    text = "\n".join(sender.to("ana"))
    assert "It's been a week since you looked at your map" in text
    assert "Mom" in text and "Tío Beto" in text
    assert "Want to add one person now?" in text
    reply = await ana.say("1")  # add someone, right there
    assert "first name" in reply.casefold() or "name" in reply.casefold()
    await ana.walk("Auntie Lu", "1", "1", "close")
    data = await scoach.store.export(ana.key)
    assert "Auntie Lu" in [p["name"] for p in data["map"]]


async def test_nah_im_good_to_a_nudge_means_not_now(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    """A "no" leading a non-answer picks the question's "no" option (it once fell
    through to "I didn't understand" when "nah I'm good" became a non-answer)."""
    cohort = await make_cohort(tx, clock)
    ana = await _mapped(scoach, tx, clock, cohort)
    clock.advance(days=7)
    assert await _tick(tx, clock) == 1
    await dispatcher.drain()
    assert "Want to add one person now?" in "\n".join(sender.to("ana"))
    reply = await ana.say("nah im good")
    assert "didn't understand" not in reply and LATER in reply
    data = await scoach.store.export(ana.key)
    assert [p["name"] for p in data["map"]] == ["Mom", "Tío Beto", "Ms. Rivera"]


async def test_nudges_wait_for_quiet_hours_to_end_across_a_dst_change(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)  # New York, quiet 21:00-07:30
    await _mapped(scoach, tx, clock, cohort)
    # Due on Sat 2027-03-13 at 23:00 New York (EST); clocks spring forward that night.
    clock.now = datetime.fromisoformat("2027-03-14T04:00:00+00:00")
    await tx.run(lambda c: c.execute(update(P).values(last_reviewed_at=clock() - timedelta(8))))
    assert await _tick(tx, clock) == 1
    await dispatcher.drain()
    assert sender.sent == []
    clock.now = datetime.fromisoformat("2027-03-14T11:29:00+00:00")  # 07:29 EDT
    await dispatcher.drain()
    assert sender.sent == []
    clock.now = datetime.fromisoformat("2027-03-14T11:30:00+00:00")  # 07:30 EDT
    await dispatcher.drain()
    assert sender.to("ana")


async def test_at_most_the_weekly_cap_and_one_at_a_time(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock, cap=1)
    await _mapped(scoach, tx, clock, cohort)
    ask_due = date(2026, 12, 10)
    await tx.run(
        lambda c: c.execute(
            A.insert().values(
                id="ask1", student_id=_one(c), helper="Ms. Rivera", goal="summer job",
                kind="career", what="a reference", by_date=ask_due, how="in_person",
                opening_line="", follow_up_on=ask_due, status="planned", outcome_note="",
                created_at=clock(), updated_at=clock(),
            )
        )
    )  # fmt: skip
    clock.now = datetime.fromisoformat("2026-12-10T16:00:00+00:00")  # revisit and ask both due
    assert await _tick(tx, clock) == 1
    await dispatcher.drain()
    assert "How did your ask to Ms. Rivera go?" in "\n".join(sender.to("ana"))
    for _ in range(5):  # the rest of the week: the cap holds everything else back
        clock.advance(days=1)
        assert await _tick(tx, clock) == 0
    clock.advance(days=2, hours=1)  # a week and an hour after the follow-up
    assert await _tick(tx, clock) == 1


async def test_re_engagement_twice_then_orbit_stops_asking(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock, cap=3)
    (ana,) = await join(scoach, cohort, "ana")  # consented, never mapped anyone
    await _backdate(tx, clock())
    sent = 0
    for _ in range(6):
        clock.advance(days=11)
        sent += await _tick(tx, clock)
        await dispatcher.drain()
        await _backdate(tx, clock())  # the nudge's own turn counts as activity
    assert sent == 2
    assert "it's been a while" in sender.to("ana")[0]
    keys = await tx.run(outbox.keys_with_prefix, "nudge:reengage:")
    assert len(keys) == 2


async def test_nothing_for_paused_or_stopped_students_or_deleted_ones(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    ana = await _mapped(scoach, tx, clock, cohort, "ana")
    ben = await _mapped(scoach, tx, clock, cohort, "ben")
    cy = await _mapped(scoach, tx, clock, cohort, "cy")
    await ana.say("/pause")
    await ben.say("STOP")
    clock.advance(days=8)
    assert await _tick(tx, clock) == 1  # only Cy
    await cy.walk("/delete", "DELETE")  # ... who then deletes everything
    await dispatcher.drain()
    assert sender.sent == []
    assert (await tx.run(outbox.status_counts))["nudge"] == {"cancelled": 1}


def _one(conn) -> str:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from bot.store.queries import S

    return conn.execute(select(S.c.id)).scalar_one()


async def test_a_week_after_getting_help_tell_the_helper_how_it_went(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    ana = await _mapped(scoach, tx, clock, cohort)
    await ana.walk(
        "/lesson help_seeking",
        "get into nursing",
        "2",
        "Ms. Rivera",
        "Could you read my essay this week?",
        "Friday",
        "In person",
        "Hi!",
        "in 4 days",  # after the ask (Friday)
        "/followup",
        "I asked and got help",
    )
    await ana.say("she fixed my opening paragraph")
    await _backdate(tx, clock())
    clock.advance(days=6)
    assert await _tick(tx, clock) == 0
    clock.advance(days=1)
    assert await _tick(tx, clock) == 1  # one nudge per tick: this one comes first
    await dispatcher.drain()
    text = "\n".join(sender.to("ana"))
    assert 'A week ago Ms. Rivera helped you with "Could you read my essay this week?"' in text
    script = await ana.say("I got into the summer program")
    assert 'You told me: "I got into the summer program"' in script
    assert "I wanted to let you know how it went: [what happened, in a sentence]" in script
    clock.advance(days=1)
    await _tick(tx, clock)
    await dispatcher.drain()
    assert sum("helped you with" in t for t in sender.to("ana")) == 1  # never repeated


async def test_a_delivered_nudge_is_not_the_students_activity(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    ana = await _mapped(scoach, tx, clock, cohort)
    mapped_at = clock()
    clock.advance(days=7)
    assert await _tick(tx, clock) == 1
    await dispatcher.drain()
    assert sender.to("ana")  # the nudge went out and opened its flow...
    data = await scoach.store.export(ana.key)
    assert data["conversation"]["frames"][-1]["lesson"] == "nudge_revisit"
    # ...but the student did nothing: last active (re-engagement, reports) stays put
    assert datetime.fromisoformat(data["conversation"]["updated_at"]) == mapped_at
    await ana.say("2")
    data = await scoach.store.export(ana.key)
    assert datetime.fromisoformat(data["conversation"]["updated_at"]) == clock()


async def test_not_yet_with_a_smaller_step_is_followed_up_on_its_new_day(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    ana = await _mapped(scoach, tx, clock, cohort)
    await ana.walk(
        "/lesson help_seeking",
        "get into nursing",
        "2",
        "Ms. Rivera",
        "Could you read my essay this week?",
        "Friday",
        "In person",
        "Hi Ms. Rivera, could you read my essay? No worries if you're busy.",
        "Saturday",
    )
    await _backdate(tx, clock())
    clock.now = datetime.fromisoformat("2026-11-28T16:00:00+00:00")  # the follow-up day
    assert await _tick(tx, clock) == 1
    await dispatcher.drain()
    assert "How did your ask to Ms. Rivera go?" in "\n".join(sender.to("ana"))
    await ana.walk("I haven't asked yet", "i got nervous tbh", "say hi after class")
    assert "check in on 2026-12-02" in await ana.say("Wednesday")
    for _ in range(3):  # not due again until the smaller step's day
        clock.advance(days=1)
        await _backdate(tx, clock())
        assert await _tick(tx, clock) == 0
    clock.advance(days=1)  # Wednesday 2 December
    assert await _tick(tx, clock) == 1
    await dispatcher.drain()
    assert "Checking in on your smaller step" in "\n".join(sender.to("ana"))
    exported = await scoach.store.export(ana.key)
    assert exported["asks"][0]["follow_up_on"] == "2026-12-02"
    assert exported["asks"][0]["status"] == "not_yet"
