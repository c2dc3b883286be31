"""Stories of students and staff: joining, stopping, asking for a person, a crisis,
a student who tries a coordinator command, and deleting everything."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.core.safety import SafetyRules
from bot.schedule import checkins
from bot.schedule.dispatcher import Dispatcher
from bot.store import cohorts, outbox
from bot.vocab.records import utcnow
from tests.support.chat import Chat
from tests.support.schedule import Clock, RecordingSender, join, make_cohort


async def _coordinator(tx, cohort, user="msr", name="Ms. Rivera"):
    from bot.core.messages import ConversationKey

    key = ConversationKey("test", "t1", user)
    await tx.run(cohorts.grant, key, "coordinator", cohort.id, name, utcnow())
    return key


async def test_join_with_a_code_then_the_same_code_again(tx, scoach, clock: Clock) -> None:
    cohort = await make_cohort(tx, clock)
    (ana,) = await join(scoach, cohort, "ana")
    assert "already in Room 12" in await ana.say(f"/join {cohort.join_code.lower()}")
    assert "couldn't find a group with the code NOPE" in await ana.say("/join NOPE")
    assert [c.name for c in await tx.run(cohorts.cohorts_of, await _sid(tx, ana))] == ["Room 12"]


async def test_a_telegram_deep_link_joins_once_the_student_says_yes(tx, scoach, clock) -> None:
    cohort = await make_cohort(tx, clock)
    ana = Chat(scoach, user="ana")
    await ana.say(f"/start {cohort.join_code}")
    assert await tx.run(cohorts.members, cohort.id) == []  # nothing stored before consent
    reply = await ana.say("yes")
    assert "You've joined Room 12" in reply
    assert [m.name for m in await tx.run(cohorts.members, cohort.id)] == ["Ana"]


@pytest.mark.parametrize("word", ["STOP", "/stop", "unsubscribe", "Stop."])
async def test_stop_holds_every_check_in_until_resume(
    word, tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    ana, ben = await join(scoach, cohort, "ana", "ben")
    reply = await ana.say(word)
    assert "won't send you any reminders or check-ins" in reply and "/resume" in reply
    checkin = await _checkin(tx, cohort)
    await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock())
    await dispatcher.drain()
    assert sender.to("ana") == [] and sender.to("ben")

    await ana.say("/resume")
    clock.advance(days=7)
    await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock())
    await dispatcher.drain()
    assert sender.to("ana")


async def test_a_paused_student_gets_no_check_in(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    (ana,) = await join(scoach, cohort, "ana")
    await ana.say("/pause")
    checkin = await _checkin(tx, cohort)
    await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock())
    await dispatcher.drain()
    assert sender.sent == []


async def test_asking_for_a_person_alerts_the_coordinator(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    await _coordinator(tx, cohort)
    (ana,) = await join(scoach, cohort, "ana")
    reply = await ana.say("can I talk to a person about college applications?")
    assert "I've asked Ms. Rivera to get back to you" in reply
    await dispatcher.drain()
    (alert,) = sender.to("msr")
    assert "Ana (test) asked to talk to a person" in alert
    assert "college applications" in alert


async def test_a_crisis_message_gets_care_a_pause_and_an_alert_even_at_night(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    await _coordinator(tx, cohort)
    (ana,) = await join(scoach, cohort, "ana")
    clock.now = clock.now.replace(hour=4)  # 23:00 in New York: quiet hours
    reply = await ana.say("honestly I want to die")
    assert "988" in reply and "741741" in reply and "trusted adult" in reply
    assert "paused" in reply
    await dispatcher.drain()
    (alert,) = sender.to("msr")
    assert alert.startswith("URGENT: Ana") and "I want to die" in alert
    assert "You've paused Orbit" in await ana.say("Mom")  # the lesson waits


async def test_a_crisis_before_consent_still_gets_the_resources(scoach) -> None:
    reply = await Chat(scoach, user="zoe").say("someone at home hits me")
    assert "988" in reply


async def test_a_student_trying_a_coordinator_command_is_refused_and_logged(
    tx, scoach, clock, caplog: pytest.LogCaptureFixture
) -> None:
    cohort = await make_cohort(tx, clock)
    (ana,) = await join(scoach, cohort, "ana")
    with caplog.at_level(logging.WARNING):
        reply = await ana.say("/checkin")
    assert "not allowed" in reply
    from bot.support.redact import hashed

    logged = [r.getMessage() for r in caplog.records]
    assert any(hashed(ana.key) in m for m in logged)  # who, hashed ...
    assert not any("ana" in m for m in logged)  # ... never the raw id


async def test_deleting_everything_cancels_what_was_queued_for_the_student(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    ana, ben = await join(scoach, cohort, "ana", "ben")
    checkin = await _checkin(tx, cohort)
    await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock())
    await ana.walk("/delete", "DELETE")

    await dispatcher.drain()
    assert sender.to("ana") == [] and len(sender.to("ben")) == 2
    assert [m.name for m in await tx.run(cohorts.members, cohort.id)] == ["Ben"]
    assert (await tx.run(outbox.status_counts))["checkin"] == {"cancelled": 1, "sent": 1}


async def test_export_has_cohorts_and_check_in_answers(
    tx, scoach, dispatcher: Dispatcher, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    (ana,) = await join(scoach, cohort, "ana")
    checkin = await _checkin(tx, cohort)
    await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock())
    await dispatcher.drain()
    await ana.say("Coach Dee")
    data = await scoach.store.export(ana.key)
    assert data is not None
    assert [c["cohort"] for c in data["cohorts"]] == ["Room 12"]
    assert [a["answer"] for a in data["checkin_answers"]] == ["Coach Dee"]


@pytest.mark.parametrize(
    ("text", "crisis"),
    [
        ("I want to kill myself", True),
        ("i cant go on anymore", True),
        ("My stepdad hits me when he drinks", True),
        ("I'm scared to go home tonight", True),
        ("I've been thinking about suicide", True),
        ("this homework is killing me", False),
        ("hit me up when you're free", False),
        ("Your story really touched me", False),
        ("I studied for the test", False),
        ("My coach helps me a lot", False),
    ],
)
def test_the_crisis_list_is_conservative(text: str, crisis: bool) -> None:
    assert SafetyRules.load().is_crisis(text) is crisis


async def _sid(tx, chat: Chat) -> str:
    from bot.store.queries import find_student_id

    return await tx.run(find_student_id, chat.key)


async def _checkin(tx, cohort):
    return await tx.run(
        lambda conn: cohorts.create_checkin(
            conn, cohort_id=cohort.id, message="Hello from Room 12!", question="How are you?",
            cron="", at=None, timezone=cohort.timezone, now=utcnow(),
        )
    )  # fmt: skip


async def test_a_coordinator_schedules_a_check_in_from_chat_with_a_preview(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    (ana,) = await join(scoach, cohort, "ana")
    await _coordinator(tx, cohort)
    rivera = Chat(scoach, user="msr")
    await rivera.walk("hi", "yes")  # coordinators use Orbit like anyone, after consent

    assert "What should your students get?" in await rivera.say("/checkin")
    await rivera.say("Field trip forms are due Friday!")
    await rivera.say("yes")
    await rivera.say("Who will you ask to sign yours?")
    preview = await rivera.say("tomorrow")
    assert "Field trip forms are due Friday!" in preview
    assert "Question: Who will you ask to sign yours?" in preview
    assert "Wed 25 Nov 15:30 (America/New_York)" in preview
    assert "Scheduled" in await rivera.say("Schedule it")

    (created,) = await tx.run(cohorts.list_checkins)
    assert created.question == "Who will you ask to sign yours?"
    clock.now = created.at  # type: ignore[assignment]
    await tx.run(checkins.enqueue_due, clock() - timedelta(hours=1), clock())
    await dispatcher.drain()
    assert "Field trip forms" in sender.to("ana")[0]
    assert ana


async def test_a_coordinator_is_asked_which_group_and_kept_to_their_own(
    tx, scoach, clock: Clock
) -> None:
    room12 = await make_cohort(tx, clock)
    await make_cohort(tx, clock, "Room 14")
    await _coordinator(tx, room12)
    rivera = Chat(scoach, user="msr")
    await rivera.walk("hi", "yes")
    assert 'don\'t coordinate a group called "Room 14"' in await rivera.say("/checkin Room 14")
    assert "What should your students get?" in await rivera.say("/checkin room 12")


async def test_an_alert_still_reaches_staff_after_delete_then_forgets_the_student(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    from sqlalchemy import select

    cohort = await make_cohort(tx, clock)
    await _coordinator(tx, cohort)
    ana, ben = await join(scoach, cohort, "ana", "ben")
    checkin = await _checkin(tx, cohort)
    await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock())
    await dispatcher.drain()
    await ana.say("someone at home hits me")  # the lesson pauses...
    assert "erased" in await ana.walk("/delete", "DELETE")  # ...and /delete still works
    await dispatcher.drain()
    assert "someone at home hits me" in sender.to("msr")[0]  # the crisis is not lost

    def rows(conn):  # type: ignore[no-untyped-def]
        return conn.execute(select(outbox.O.c.kind, outbox.O.c.user_id, outbox.O.c.payload)).all()

    leftovers = [r for r in await tx.run(rows) if "someone at home" in str(r.payload)]
    assert leftovers == []  # sent, then the student's words are gone
    assert not [r for r in await tx.run(rows) if r.user_id == "ana"]
    assert any(r.user_id == "ben" for r in await tx.run(rows))
