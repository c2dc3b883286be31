"""Coordinator check-ins: when each one is due, and the outbox rows for one occurrence.

An occurrence is named by its scheduled instant in UTC (`20261201T1530Z`), so the
dedupe key `checkin:<id>:<occurrence>:<student>` is the same whichever worker or
clock tick computes it: a check-in enqueued twice is stored once. Which members get a
row, and when it is due (after quiet hours in the student's time zone), is the send
policy's to say (`policy.plan`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.engine import Connection

from bot.schedule import policy
from bot.store import cohorts, outbox
from bot.store.cohorts import CheckInRecord, CohortRecord, Recipient
from bot.vocab.changes import OutboxMessage
from bot.vocab.payloads import CHECKIN, OpenFlow, Payload, Reach, RenderTemplate, Standing


def occurrence_id(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y%m%dT%H%MZ")


def cron_trigger(cron: str, tz: str) -> CronTrigger:
    """A standard 5-field crontab ("0 15 * * MON"); raises ValueError when invalid."""
    return CronTrigger.from_crontab(cron, timezone=policy.zone(tz))


def next_occurrence(checkin: CheckInRecord, after: datetime) -> datetime | None:
    """The first scheduled time strictly after `after` (None: a one-off that has passed)."""
    if checkin.cron:
        fire = cron_trigger(checkin.cron, checkin.timezone).get_next_fire_time(None, after)
        if fire is not None and fire <= after:  # APScheduler may return `after` itself
            fire = cron_trigger(checkin.cron, checkin.timezone).get_next_fire_time(fire, fire)
        return fire.astimezone(UTC) if fire else None
    if checkin.at is not None and checkin.at > after:
        return checkin.at
    return None


def recipient_tz(recipient: Recipient, cohort: CohortRecord) -> str:
    """The student's own zone when they set one, else the cohort's."""
    return recipient.timezone if recipient.timezone not in ("", "UTC") else cohort.timezone


def reach(recipient: Recipient, cohort: CohortRecord) -> Reach:
    return Reach(quiet=cohort.quiet_hours, tz=recipient_tz(recipient, cohort))


def standing(recipient: Recipient) -> Standing:
    return Standing(paused=recipient.paused, opted_out=recipient.opted_out)


def messages_for(
    checkin: CheckInRecord, cohort: CohortRecord, members: list[Recipient], at: datetime
) -> list[OutboxMessage]:
    """A row for each member the send policy lets us message, due at `at` or after."""
    occurrence = occurrence_id(at)
    info = {
        "id": checkin.id,
        "occurrence": occurrence,
        "message": checkin.message,
    }
    out = []
    for member in members:
        where = reach(member, cohort)
        not_before = policy.plan(CHECKIN, where, standing(member), at)
        if not_before is None:
            continue
        payload: Payload
        if checkin.question:  # a flow, so the student's reply is taken as the answer
            data = {"checkin": info, "question": checkin.question}
            payload = OpenFlow("checkin_answer", data, reach=where, checkin_id=checkin.id)
        else:  # just a message: no turn, nothing to answer, the student's lesson untouched
            context = {"data": {"checkin": info}}
            payload = RenderTemplate(
                "checkins/message", context, reach=where, checkin_id=checkin.id
            )
        out.append(
            OutboxMessage(
                dedupe_key=f"checkin:{checkin.id}:{occurrence}:{member.student_id}",
                kind=CHECKIN,
                key=member.key,
                student_id=member.student_id,
                payload=payload,
                not_before=not_before,
            )
        )
    return out


def enqueue_occurrence(conn: Connection, checkin_id: str, at: datetime, now: datetime) -> int:
    """Queue one occurrence for every reachable member; the number of new rows."""
    checkin = cohorts.get_checkin(conn, checkin_id)
    if checkin is None or checkin.status != "active":
        return 0
    cohort = cohorts.get_cohort(conn, checkin.cohort_id)
    assert cohort is not None
    members = cohorts.members(conn, cohort.id)
    return outbox.enqueue(conn, messages_for(checkin, cohort, members, at), now)


def send_now(conn: Connection, checkin_id: str, now: datetime) -> tuple[int, int]:
    """`orbit checkin send-now`: (rows queued, rows already waiting that go instead).

    A member who still has a row of this check-in waiting (held by quiet hours, a retry,
    a busy moment) gets that row made due now, or when their quiet hours end, instead of
    a second occurrence: a student never gets one check-in twice because it was pushed.
    """
    checkin = cohorts.get_checkin(conn, checkin_id)
    if checkin is None or checkin.status != "active":
        return 0, 0
    cohort = cohorts.get_cohort(conn, checkin.cohort_id)
    assert cohort is not None
    waiting = outbox.pending_for_checkin(conn, checkin_id)
    members, earlier = [], {}
    for member in cohorts.members(conn, cohort.id):
        due = policy.plan(CHECKIN, reach(member, cohort), standing(member), now)
        if due is None:
            continue
        members.append(member)
        if member.student_id in waiting:
            row_id, not_before = waiting[member.student_id]
            if due < not_before:
                earlier[row_id] = due
    outbox.bring_forward(conn, earlier)
    fresh = [m for m in members if m.student_id not in waiting]
    queued = outbox.enqueue(conn, messages_for(checkin, cohort, fresh, now), now)
    return queued, len(members) - len(fresh)


def enqueue_due(conn: Connection, since: datetime, now: datetime) -> int:
    """Every active check-in's occurrences in (since, now]: what a clock tick does.

    Ticks overlap on purpose (`since` reaches back further than one tick), so an
    occurrence a stopped scheduler missed is still sent; the dedupe key keeps that
    from sending anything twice.
    """
    total = 0
    for checkin in cohorts.list_checkins(conn):
        if checkin.status != "active":
            continue
        at = next_occurrence(checkin, since)
        while at is not None and at <= now:
            total += enqueue_occurrence(conn, checkin.id, at, now)
            at = next_occurrence(checkin, at)
    return total
