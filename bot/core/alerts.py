"""A person in the loop: crisis replies and "talk to a person", with alerts to staff.

Alerts are outbox rows queued in the same transaction as the student's turn, so the
reply and the alert are saved together or not at all. They go to the coordinators
of the student's cohorts (the admins when there are none), at once: alerts ignore
quiet hours. The alert carries the student's name and message, which staff need.

Before consent there is no student and no turn to save: a crisis alert then goes to
the admins on its own (`Store.enqueue`), with the platform and user id so they can
find the person; nothing else about them is stored. A student is told that an adult
was alerted only when an alert was queued to someone.
"""

from __future__ import annotations

import logging

from bot.core.turn import Turn
from bot.store.cohorts import Staff
from bot.support.redact import error_summary, event_digest, hashed
from bot.vocab.changes import Enqueue, OutboxMessage, SetPaused
from bot.vocab.keys import same_workspace
from bot.vocab.payloads import ALERT, RenderTemplate

log = logging.getLogger(__name__)


async def _alert_staff(turn: Turn, kind: str, message: str) -> list[Staff]:
    student = turn.student
    assert student is not None
    staff = await turn.ctx.store.coordinators_of(student.id)
    inbound = turn.inbound
    now = turn.ctx.clock()
    event = event_digest(inbound.event_id)  # the row outlives a /delete; no chat id in it
    rows = tuple(
        OutboxMessage(
            dedupe_key=f"alert:{kind}:{inbound.key.platform}:{event}:{person.key}",
            kind=ALERT,
            key=person.key,
            student_id=student.id,
            payload=RenderTemplate(
                template=f"alerts/{kind}",
                context={
                    "student": {"name": student.display_name},
                    "platform": inbound.key.platform,
                    "message": message,
                },
            ),
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
    staff = await _alert_staff(turn, "crisis", text)
    turn.say(
        "alerts/crisis_reply",
        resources=list(turn.ctx.safety.resources),
        told=bool(staff),
        paused=True,
    )
    turn.change(SetPaused(True))


async def crisis_before_consent(turn: Turn, text: str) -> None:
    """No student yet: the resources at once, and the admins alerted with the platform
    id (queued on its own: there is no turn to save)."""
    inbound = turn.inbound
    try:
        admins = [a for a in await turn.ctx.store.admins() if same_workspace(a.key, inbound.key)]
    except Exception as error:  # the database is down: the resources must still go out
        log.error("could not look up admins for a crisis alert: %s", error_summary(error))
        admins = []
    now = turn.ctx.clock()
    rows = [
        OutboxMessage(
            dedupe_key=(
                f"alert:crisis:{inbound.key.platform}:{event_digest(inbound.event_id)}:{person.key}"
            ),
            kind=ALERT,
            key=person.key,
            student_id=None,
            payload=RenderTemplate(
                template="alerts/crisis_before_consent",
                context={
                    "name": " ".join(inbound.display_name.split())[:80],
                    "platform": inbound.key.platform,
                    "team": inbound.key.team,
                    "user": inbound.key.user,
                    "message": text,
                },
            ),
            not_before=now,
        )
        for person in admins
    ]
    queued = False
    if rows:
        try:
            await turn.ctx.store.enqueue(rows, now)
            queued = True
        except Exception as error:
            log.error("could not queue a crisis alert: %s", error_summary(error))
    else:
        log.error("no admin to alert (crisis before consent) about user %s", hashed(inbound.key))
    turn.say(
        "alerts/crisis_reply",
        resources=list(turn.ctx.safety.resources),
        told=queued,
        paused=False,
    )


async def human(turn: Turn, args: str) -> None:
    staff = await _alert_staff(turn, "human", args or turn.inbound.text)
    names = sorted({s.name for s in staff if s.name})
    turn.say("alerts/human_told", names=names, anyone=bool(staff))
    await turn.reprompt()
