"""A scheduled question never takes a lesson's answer.

Sam is mapping his family when a check-in comes due. While he is answering (he wrote
less than `hold_while_answering` ago and a lesson's question is open) the check-in
waits, so "Abuela" goes on his map; once he pauses, the check-in arrives, his next
reply is its answer, and the lesson's question is asked again.
"""

from __future__ import annotations

from bot.schedule import checkins
from bot.schedule.dispatcher import Dispatcher
from bot.store import cohorts, outbox
from tests.support.chat import MAPPING_WALK
from tests.support.schedule import Clock, RecordingSender, join, make_cohort

MESSAGE = "Hi all! Quick check-in from Ms. Rivera."
QUESTION = "Who did you talk to this week?"


async def _due_checkin(tx, cohort, clock: Clock):  # type: ignore[no-untyped-def]
    checkin = await tx.run(
        lambda conn: cohorts.create_checkin(
            conn, cohort_id=cohort.id, message=MESSAGE, question=QUESTION, cron="",
            at=clock(), timezone=cohort.timezone, now=clock(),
        )
    )  # fmt: skip
    await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock())
    return checkin


async def test_mid_mapping_abuela_stays_on_the_map_and_the_check_in_answer_is_still_kept(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    (sam,) = await join(scoach, cohort, "sam", minutes_ago=0)  # mapping, right now
    assert "Who is one person here" in sam.replies[-1].text
    checkin = await _due_checkin(tx, cohort, clock)

    clock.advance(seconds=40)  # due while Sam types his answer to the lesson
    await dispatcher.drain()
    assert sender.to("sam") == [] and dispatcher.stats.held == 1
    reply = await sam.say("Abuela")
    assert "What does Abuela give you?" in reply  # a mapping answer, not a check-in one
    await sam.say("1, 2")  # still answering: the check-in keeps waiting
    clock.advance(minutes=3)
    await dispatcher.drain()
    assert sender.to("sam") == []

    clock.advance(minutes=11)  # Sam stopped answering: the check-in goes now
    await dispatcher.drain()
    got = sender.to("sam")
    assert len(got) == 2 and MESSAGE in got[0] and QUESTION in got[1]
    reply = await sam.say("My coach, about the team")
    assert "saved for your coordinator" in reply
    assert "How close are you and Abuela?" in reply  # the lesson's question, asked again
    await sam.say("close")

    answers = {r["student"]: r["answer"] for r in await tx.run(cohorts.responses, checkin.id)}
    assert answers == {"Sam": "My coach, about the team"}
    people = [p.name for p in await scoach.store.people(await _student_id(scoach, sam))]
    assert people == ["Abuela"]
    assert (await tx.run(outbox.status_counts))["checkin"] == {"sent": 1}


async def test_a_student_between_questions_gets_it_at_once(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    """Ben has just finished the mapping lesson: he wrote a moment ago, but no question
    is open, so nothing of his can be taken. Only an open question holds a check-in."""
    cohort = await make_cohort(tx, clock)
    (ben,) = await join(scoach, cohort, "ben", minutes_ago=0)
    assert "/lessons" in await ben.walk(*MAPPING_WALK[2:])
    await _due_checkin(tx, cohort, clock)
    await dispatcher.drain()
    assert len(sender.to("ben")) == 2 and dispatcher.stats.held == 0


async def _student_id(coach, chat) -> str:  # type: ignore[no-untyped-def]
    state = await coach.store.load_turn(chat.key, "")
    assert state.student is not None
    return state.student.id
