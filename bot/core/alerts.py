"""A person in the loop: crisis replies and "talk to a person", with alerts to staff.

Alerts are outbox rows queued in the same transaction as the student's turn, so the
reply and the alert are saved together or not at all. They go to the coordinators
of the student's cohorts (the admins when there are none), at once: alerts ignore
quiet hours. The alert carries the student's name and message, which staff need.
"""

from __future__ import annotations

import logging

from bot.core.redact import event_digest
from bot.core.turn import Turn
from bot.store.cohorts import Staff, staff_for_student
from bot.store.records import Enqueue, OutboxMessage, SetPaused

log = logging.getLogger(__name__)


async def _alert_staff(turn: Turn, kind: str, message: str) -> list[Staff]:
    student = turn.student
    assert student is not None
    staff = await staff_for_student(turn.coach.store, student.id)
    inbound = turn.inbound
    now = turn.coach.clock()
    event = event_digest(inbound.event_id)  # the row outlives a /delete; no chat id in it
    rows = tuple(
        OutboxMessage(
            dedupe_key=f"alert:{kind}:{inbound.key.platform}:{event}:{person.key}",
            kind="alert",
            key=person.key,
            student_id=student.id,
            payload={
                "template": f"alerts/{kind}",
                "context": {
                    "student": {"name": student.display_name},
                    "platform": inbound.key.platform,
                    "message": message,
                },
            },
            not_before=now,
        )
        for person in staff
    )
    if rows:
        turn.change(Enqueue(rows))
    else:
        log.error("no coordinator or admin to alert (%s) about student %s", kind, student.id)
    return staff


async def crisis(turn: Turn, text: str) -> None:
    """Care first: resources at once, the lesson paused, staff alerted."""
    turn.say("alerts/crisis_reply", resources=list(turn.coach.safety.resources))
    turn.change(SetPaused(True))
    await _alert_staff(turn, "crisis", text)


async def human(turn: Turn, args: str) -> None:
    staff = await _alert_staff(turn, "human", args or turn.inbound.text)
    names = sorted({s.name for s in staff if s.name})
    turn.say("alerts/human_told", names=names, anyone=bool(staff))
    await turn.reprompt()
