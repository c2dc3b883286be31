"""The crisis net around the core: in groups, before consent, with nobody to alert.

Real Coach, real database (SQLite, and PostgreSQL when configured), real dispatcher:
what the student sees, what the group sees, what is queued for staff, what is logged.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest
from sqlalchemy import select

from bot.core.engine import Coach
from bot.core.messages import ConversationKey
from bot.schedule.dispatcher import Dispatcher
from bot.store import cohorts, outbox
from bot.store.transactions import Transactions
from bot.vocab.records import utcnow
from tests.support.chat import Chat
from tests.support.schedule import Clock, RecordingSender, join, make_cohort

TOLD = "I've let the adults who run your program know"
DISTRESS = "honestly i feel sucidal and i wrote a goodbye note"


async def _grant(tx: Transactions, role: str, cohort_id: str = "", user: str = "msr") -> None:
    key = ConversationKey("test", "t1", user)
    await tx.run(cohorts.grant, key, role, cohort_id, "Ms. Rivera", utcnow())


async def _alerts(tx: Transactions) -> list[dict]:  # type: ignore[type-arg]
    def rows(conn):  # type: ignore[no-untyped-def]
        query = select(outbox.O).where(outbox.O.c.kind == "alert")
        return [dict(r._mapping) for r in conn.execute(query)]

    return await tx.run(rows)


def _in_group(chat: Chat, text: str, *, addressed: bool = True):  # type: ignore[no-untyped-def]
    return replace(chat.inbound(text), private=False, addressed=addressed)


async def test_distress_in_a_group_is_answered_privately_and_alerts_the_coordinator(
    tx, scoach: Coach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    await _grant(tx, "coordinator", cohort.id)
    (ana,) = await join(scoach, cohort, "ana")

    replies = await scoach.handle(_in_group(ana, "@Orbit i want to kill myself"))
    public = [r for r in replies if not r.private]
    private = [r for r in replies if r.private]
    assert [r.text for r in public] == [scoach.render("common/private_only", ana.markup)]
    assert private and "988" in private[0].text and TOLD in private[0].text
    assert "paused" in private[0].text
    assert "kill" not in public[0].text and "988" not in public[0].text

    await dispatcher.drain()
    (alert,) = sender.to("msr")
    assert alert.startswith("URGENT: Ana") and "i want to kill myself" in alert
    assert "You've paused Orbit" in await ana.say("Mom")  # the lesson waits, as in a DM


async def test_overheard_distress_in_a_group_gets_no_group_reply_at_all(
    tx, scoach: Coach, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    await _grant(tx, "coordinator", cohort.id)
    (ana,) = await join(scoach, cohort, "ana")
    assert await scoach.handle(_in_group(ana, "anyone up for lunch?", addressed=False)) == []
    replies = await scoach.handle(_in_group(ana, "kms fr", addressed=False))
    assert replies and all(r.private for r in replies)
    assert len(await _alerts(tx)) == 1


async def test_ordinary_group_messages_are_unchanged(tx, scoach: Coach, clock: Clock) -> None:
    cohort = await make_cohort(tx, clock)
    (ana,) = await join(scoach, cohort, "ana")
    [invite] = await scoach.handle(_in_group(ana, "/map"))
    assert not invite.private and "direct message" in invite.text
    assert await scoach.handle(_in_group(ana, "my brother hits me up", addressed=False)) == []
    assert await _alerts(tx) == []


async def test_before_consent_resources_at_once_and_the_admins_alerted_by_platform_id(
    tx, scoach: Coach, dispatcher: Dispatcher, sender: RecordingSender
) -> None:
    await _grant(tx, "admin", user="boss")
    zoe = Chat(scoach, user="zoe")
    reply = await zoe.say("my stepdad beat me last night", event_id="z1")
    assert "988" in reply and TOLD in reply and "paused" not in reply
    assert await zoe.coach.store.export(zoe.key) is None  # no student row
    await scoach.handle(zoe.inbound("my stepdad beat me last night", event_id="z1"))  # again

    (row,) = await _alerts(tx)
    assert row["student_id"] is None and row["user_id"] == "boss"
    await dispatcher.drain()
    (alert,) = sender.to("boss")
    assert "URGENT" in alert and "test user id zoe" in alert and "Zoe" in alert
    assert "my stepdad beat me last night" in alert


async def test_a_group_crisis_from_someone_not_signed_up_alerts_the_admins(
    tx, scoach: Coach
) -> None:
    await _grant(tx, "admin", user="boss")
    stranger = Chat(scoach, user="sam")
    replies = await scoach.handle(_in_group(stranger, "i want to end it all", addressed=False))
    assert replies and all(r.private for r in replies) and TOLD in replies[0].text
    assert [r["user_id"] for r in await _alerts(tx)] == ["boss"]
    assert await scoach.store.export(stranger.key) is None


async def test_with_nobody_to_alert_the_student_is_not_told_an_adult_knows(
    tx, scoach: Coach, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    cohort = await make_cohort(tx, clock)
    (ana,) = await join(scoach, cohort, "ana")
    with caplog.at_level(logging.ERROR):
        reply = await ana.say("i want to die")
        before = await Chat(scoach, user="zoe").say("i want to die")
    for said in (reply, before):
        assert "988" in said and "trusted" in said
        assert TOLD not in said and "let the adults" not in said
    assert "paused" in reply
    assert await _alerts(tx) == []
    assert sum("no coordinator or admin" in r.getMessage() for r in caplog.records) == 1
    assert sum("no admin to alert" in r.getMessage() for r in caplog.records) == 1


async def test_a_crisis_message_never_reaches_the_logs(
    tx,
    scoach: Coach,
    dispatcher: Dispatcher,
    sender: RecordingSender,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    words = "my uncle touches me and i am scared to go home zebra42"
    cohort = await make_cohort(tx, clock)
    (ana,) = await join(scoach, cohort, "ana")
    with caplog.at_level(logging.DEBUG):
        await ana.say(words)  # nobody to alert yet: an error is logged, without the words
        await _grant(tx, "admin", user="boss")
        await scoach.handle(_in_group(ana, words))
        await Chat(scoach, user="zoe").say(words)
        await dispatcher.drain()
    assert len(sender.to("boss")) == 2  # the alerts did go, with the words, to staff only
    logged = [r.getMessage() for r in caplog.records]
    assert logged  # something was logged, and none of it is the student's
    assert not [line for line in logged if "zebra42" in line or "touches me" in line]


async def test_start_up_warns_when_a_cohort_has_nobody_to_alert(
    tx, scoach: Coach, clock: Clock, caplog: pytest.LogCaptureFixture, capsys
) -> None:
    from bot.app import warn_if_nobody_is_alerted

    with caplog.at_level(logging.WARNING):
        assert "no admin" in (await warn_if_nobody_is_alerted(scoach) or "")
    cohort = await make_cohort(tx, clock)
    await make_cohort(tx, clock, "Room 14")
    await _grant(tx, "coordinator", cohort.id)
    line = await warn_if_nobody_is_alerted(scoach)
    assert line is not None and "Room 14 has no coordinator" in line and "Room 12" not in line
    assert "Room 14 has no coordinator" in capsys.readouterr().err
    assert any("would reach nobody" in r.getMessage() for r in caplog.records)
    await _grant(tx, "admin", user="boss")
    assert await warn_if_nobody_is_alerted(scoach) is None


async def test_before_consent_the_resources_go_out_even_when_the_alert_cannot_be_queued(
    tx, scoach: Coach
) -> None:
    await _grant(tx, "admin", user="boss")

    def break_the_outbox(conn):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("DROP TABLE outbox")

    await tx.run(break_the_outbox)
    zoe = Chat(scoach, user="zoe")
    reply = await zoe.say("i want to kill myself", event_id="z9")
    assert "988" in reply and TOLD not in reply  # care first, and no false promise
