"""One send policy: a student who paused, said stop, is in quiet hours or has had their
nudges this week is neither planned, claimed nor sent, whichever way a row reached the
outbox. Each story runs the real planners, the real claim and the real dispatcher on
SQLite and on PostgreSQL (when ORBIT_TEST_DATABASE_URL is set)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.core.messages import ConversationKey
from bot.schedule import checkins, nudges, policy
from bot.schedule.dispatcher import Dispatcher
from bot.schedule.nudges import NudgeSettings
from bot.store import cohorts, nudge_facts, outbox
from bot.store.outbox import O
from bot.store.queries import C, P, S
from bot.vocab.changes import OutboxMessage
from bot.vocab.payloads import ALERT, CHECKIN, NUDGE, OpenFlow, Reach, RenderTemplate
from tests.support.chat import MAPPING_WALK, Chat
from tests.support.schedule import Clock, RecordingSender, join, make_cohort

DOMAINS = [("family", "Family"), ("peers", "Friends and peers"), ("school", "School staff")]
HELLO = "Hi all! Quick check-in from Ms. Rivera."


async def _checkin(tx, cohort, clock):  # type: ignore[no-untyped-def]
    return await tx.run(
        lambda conn: cohorts.create_checkin(
            conn, cohort_id=cohort.id, message=HELLO, question="", cron="", at=None,
            timezone=cohort.timezone, now=clock(),
        )
    )  # fmt: skip


async def _quiet_since(tx, at: datetime) -> None:
    """Everyone's last turn and map at `at`: re-engagement is due ten days later."""

    def go(conn):  # type: ignore[no-untyped-def]
        conn.execute(update(C).values(updated_at=at))
        conn.execute(update(P).values(added_at=at, last_reviewed_at=at))

    await tx.run(go)


async def _tick(tx, clock: Clock) -> int:
    return await nudges.enqueue_due(tx, clock(), NudgeSettings(), DOMAINS)


async def _rows(tx, user: str) -> list[tuple[str, str, datetime, int]]:
    """(kind, status, not before, attempts) of every row addressed to `user`."""

    def go(conn):  # type: ignore[no-untyped-def]
        query = select(O.c.kind, O.c.status, O.c.not_before, O.c.attempts).where(
            O.c.user_id == user
        )
        return [tuple(r) for r in conn.execute(query.order_by(O.c.id))]

    return await tx.run(go)


def _key(user: str) -> ConversationKey:
    return ConversationKey("test", "", user)


def _utc(at: datetime) -> datetime:
    """SQLite hands back naive datetimes."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


async def _student_id(tx, user: str) -> str:
    return await tx.run(
        lambda conn: conn.execute(select(S.c.id).where(S.c.user_id == user)).scalar_one()
    )


@pytest.mark.parametrize("leaving", [("/pause",), ("STOP",)], ids=["paused", "stopped"])
async def test_a_student_who_paused_or_stopped_is_neither_planned_claimed_nor_sent(
    leaving: tuple[str, ...],
    tx,
    scoach,
    dispatcher: Dispatcher,
    sender: RecordingSender,
    clock: Clock,
) -> None:
    cohort = await make_cohort(tx, clock, quiet="")
    _, ben = await join(scoach, cohort, "ana", "ben")
    checkin = await _checkin(tx, cohort, clock)
    await _quiet_since(tx, clock())
    clock.advance(days=11)
    # Queued while both could be reached: a re-engagement nudge and a check-in each.
    assert await _tick(tx, clock) == 2
    assert await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock()) == 2

    await ben.walk(*leaving)  # ... then Ben leaves, before any worker claims them
    await dispatcher.drain()
    assert len(sender.to("ana")) == 2
    assert sender.to("ben") == []  # claimed and cancelled in the claim, never sent
    assert dispatcher.stats.cancelled == 2
    assert {status for _, status, _, _ in await _rows(tx, "ben")} == {"cancelled"}

    clock.advance(days=11)  # planned again: no row for Ben at all
    await _quiet_since(tx, clock() - timedelta(days=11))
    before = len(await _rows(tx, "ben"))
    assert await _tick(tx, clock) == 1  # Ana's second re-engagement
    assert await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock()) == 1
    assert len(await _rows(tx, "ben")) == before
    await dispatcher.drain()
    assert sender.to("ben") == []


async def test_a_row_for_a_student_who_is_gone_is_cancelled_when_claimed(
    tx, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    """A row queued in the instant a student deleted their data (no student row left)."""
    message = OutboxMessage(
        dedupe_key="nudge:revisit:gone:2026-11-24",
        kind=NUDGE,
        key=_key("gone"),
        student_id="no-such-student",
        payload=OpenFlow("nudge_revisit", {}, reach=Reach()),
        not_before=clock(),
    )
    assert await tx.run(outbox.enqueue, [message], clock()) == 1
    await dispatcher.drain()
    assert sender.sent == [] and dispatcher.stats.cancelled == 1
    assert [status for _, status, _, _ in await _rows(tx, "gone")] == ["cancelled"]


async def test_quiet_hours_hold_a_row_whether_planned_late_or_claimed_late(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)  # New York, quiet 21:00-07:30
    (ana,) = await join(scoach, cohort, "ana")
    sid = await _student_id(tx, "ana")
    checkin = await _checkin(tx, cohort, clock)
    clock.now = datetime.fromisoformat("2026-11-25T07:00:00+00:00")  # 02:00 in New York
    morning = datetime.fromisoformat("2026-11-25T12:30:00+00:00")  # 07:30 in New York

    # Planned in the night: queued, due when the night ends.
    assert await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock()) == 1
    # Due now, though it is night (an older worker queued it, or a retry came due).
    late = OutboxMessage(
        dedupe_key=f"nudge:revisit:{sid}:2026-11-24",
        kind=NUDGE,
        key=ana.key,
        student_id=sid,
        payload=OpenFlow(
            "nudge_revisit",
            {"nudge": {"people": [], "count": 0}},
            reach=Reach("21:00-07:30", "America/New_York", 3),
        ),
        not_before=clock(),
    )
    assert await tx.run(outbox.enqueue, [late], clock()) == 1
    await dispatcher.drain()
    assert sender.sent == []
    assert dispatcher.stats.postponed == 1  # the late one, held by the claim
    rows = await _rows(tx, "ana")
    assert [(kind, status, attempts) for kind, status, _, attempts in rows] == [
        (CHECKIN, "pending", 0),
        (NUDGE, "pending", 0),  # the attempt is not counted
    ]
    assert {_utc(at) for _, _, at, _ in rows} == {morning}

    clock.now = morning - timedelta(minutes=1)
    await dispatcher.drain()
    assert sender.sent == []
    clock.now = morning
    await dispatcher.drain()
    text = "\n".join(sender.to("ana"))
    assert HELLO in text and "It's been a week since you looked at your map" in text


async def test_a_full_weekly_cap_holds_a_nudge_in_the_planner_and_in_the_claim(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock, quiet="", cap=1)
    ana = Chat(scoach, user="ana")
    await ana.walk(*MAPPING_WALK)
    await ana.say(f"/join {cohort.join_code}")
    sid = await _student_id(tx, "ana")
    await _quiet_since(tx, clock())
    clock.advance(days=7)
    assert await _tick(tx, clock) == 1  # revisit the map: the week's one nudge
    await dispatcher.drain()
    revisit = len(sender.sent)
    (sent_at,) = [at for kind, status, at, _ in await _rows(tx, "ana") if status == "sent"]

    clock.advance(days=4)  # re-engagement is due now ...
    load = partial(nudge_facts.load, default_cap=3)
    (facts,) = await tx.store.read(load, clock())
    assert nudges.choose(facts, clock(), NudgeSettings(), DOMAINS) is not None
    assert await _tick(tx, clock) == 0  # ... but the planner does not queue it

    # A nudge queued anyway (say, by a worker of an older Orbit): the claim holds it.
    extra = OutboxMessage(
        dedupe_key=f"nudge:grow:{sid}:2026-12-05",
        kind=NUDGE,
        key=ana.key,
        student_id=sid,
        payload=OpenFlow("nudge_grow", {"nudge": {"kind": "career"}}, reach=Reach(weekly_cap=1)),
        not_before=clock(),
    )
    assert await tx.run(outbox.enqueue, [extra], clock()) == 1
    await dispatcher.drain()
    assert len(sender.sent) == revisit and dispatcher.stats.postponed == 1
    week_later = _utc(sent_at) + timedelta(days=7)
    assert [_utc(at) for _, status, at, _ in await _rows(tx, "ana") if status == "pending"] == [
        week_later
    ]
    clock.now = week_later - timedelta(seconds=1)
    await dispatcher.drain()
    assert len(sender.sent) == revisit
    clock.now = week_later
    await dispatcher.drain()
    assert len(sender.sent) > revisit  # a week after the last one, it goes


async def test_two_nudges_claimed_in_one_batch_share_the_cap(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock, quiet="", cap=1)
    (ana,) = await join(scoach, cohort, "ana")
    sid = await _student_id(tx, "ana")
    rows = [
        OutboxMessage(
            dedupe_key=f"nudge:{flow}:{sid}:x",
            kind=NUDGE,
            key=ana.key,
            student_id=sid,
            payload=OpenFlow(
                flow, {"nudge": {"people": [], "count": 0}}, reach=Reach("", "UTC", 1)
            ),
            not_before=clock(),
        )
        for flow in ("nudge_reengage", "nudge_revisit")
    ]
    assert await tx.run(outbox.enqueue, rows, clock()) == 2
    await dispatcher.drain()
    assert dispatcher.stats.postponed == 1
    statuses = [(status, _utc(at)) for _, status, at, _ in await _rows(tx, "ana")]
    assert statuses == [("sent", clock()), ("pending", clock() + timedelta(days=7))]


async def test_an_alert_reaches_staff_at_night_about_a_paused_student(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    (ana,) = await join(scoach, cohort, "ana")
    await ana.say("/pause")
    sid = await _student_id(tx, "ana")
    clock.now = datetime.fromisoformat("2026-11-25T07:00:00+00:00")  # 02:00 in New York
    alert = OutboxMessage(
        dedupe_key="alert:human:test:x:coach",
        kind=ALERT,
        key=_key("coach"),
        student_id=sid,
        payload=RenderTemplate(
            "alerts/human", {"student": {"name": "Ana"}, "platform": "test", "message": "hi"}
        ),
        not_before=clock(),
    )
    assert await tx.run(outbox.enqueue, [alert], clock()) == 1
    await dispatcher.drain()
    assert len(sender.to("coach")) == 1


async def test_the_planners_and_the_claim_ask_the_one_judge(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock, monkeypatch
) -> None:
    """Change the policy in its one place and every path follows: here a judge that
    also drops every check-in (say, a school holiday)."""
    real = policy.judge
    asked: list[str] = []

    def holiday(kind, reach, who, now):  # type: ignore[no-untyped-def]
        asked.append(kind)
        return policy.Drop("holiday") if kind == CHECKIN else real(kind, reach, who, now)

    cohort = await make_cohort(tx, clock, quiet="")
    await join(scoach, cohort, "ana", "ben")
    checkin = await _checkin(tx, cohort, clock)
    await _quiet_since(tx, clock())
    clock.advance(days=11)
    assert await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock()) == 2

    monkeypatch.setattr(policy, "judge", holiday)
    later = clock() + timedelta(hours=1)
    assert await tx.run(checkins.enqueue_occurrence, checkin.id, later, clock()) == 0
    assert asked == [CHECKIN, CHECKIN]  # the check-in planner asked, for each member
    assert await _tick(tx, clock) == 2
    assert asked[2:] == [NUDGE, NUDGE]  # so did the nudge planner
    del asked[:]
    await dispatcher.drain()
    assert sorted(asked) == [CHECKIN, CHECKIN, NUDGE, NUDGE]  # and the claim, every row
    assert dispatcher.stats.cancelled == 2  # the check-ins queued before the change
    assert len(sender.to("ana")) == len(sender.to("ben")) == 1  # their nudges
    assert HELLO not in "\n".join(text for _, text in sender.sent)


def test_no_other_module_decides_who_may_be_messaged_or_how_fast() -> None:
    """The rules have one home: no query filters on pause or opt-out, no module but the
    policy converts quiet hours or counts the cap, and no adapter asks to be paced."""
    bot = Path(__file__).resolve().parents[2] / "bot"
    rules = re.compile(
        r"paused\.is_\(|opted_out\.is_\(|in_quiet_hours\(|next_allowed\(|cap_frees_at\(|"
        r"under_weekly_cap|dispatcher_paces|paced_here|RATES\b|reachable_only"
    )
    found = [
        f"{path.relative_to(bot)}:{n}: {line.strip()}"
        for path in bot.rglob("*.py")
        if path.name != "policy.py"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if rules.search(line)
    ]
    assert found == []
