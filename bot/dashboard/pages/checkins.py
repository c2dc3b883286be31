"""Check-ins of a cohort: list, create (cron or once, with a preview of what students
will see on each platform and the quiet hours), pause, resume, delete, send now, answers.

Sending is the schedule's: "send now" queues the occurrence (`checkins.send_now`) and
the running worker delivers it, under the same send policy as everything else.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.dashboard.auth import actor
from bot.dashboard.context import deps
from bot.dashboard.pages.access import cohort_or_404, who
from bot.dashboard.render import page
from bot.schedule import checkins as planner
from bot.store import cohorts, outbox
from bot.store.cohorts import CheckInRecord, CohortRecord
from bot.vocab.messages import Markup

routes = web.RouteTableDef()
ACTIONS = {"pause": "paused", "resume": "active", "delete": "deleted"}
PLATFORMS = (("Telegram", Markup.HTML), ("Slack", Markup.MRKDWN), ("Console", Markup.PLAIN))


def preview(request: web.Request, message: str, question: str) -> list[tuple[str, str]]:
    """What a student would see, per platform, as the bot's own templates render it."""
    prompts = deps(request).prompts
    data = {
        "checkin": {"id": "preview", "occurrence": "", "message": message},
        "question": question,
    }
    out = []
    for name, markup in PLATFORMS:
        text = prompts.render("checkins/message", markup, data=data)
        if question:
            text += "\n" + prompts.render("checkins/question", markup, data=data)
        out.append((name, seen(text, markup)))
    return out


def seen(text: str, markup: Markup) -> str:
    """The text as a student reads it: Telegram's tags and both platforms' escapes gone."""
    if markup is Markup.HTML:
        text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(text) if markup is not Markup.PLAIN else text


def schedule_of(c: CheckInRecord) -> str:
    return f"cron {c.cron} ({c.timezone})" if c.cron else f"once at {c.at:%Y-%m-%d %H:%M} UTC"


async def _list(request: web.Request, found: CohortRecord, **form: Any) -> web.Response:
    every = await deps(request).store.read(cohorts.list_checkins)
    mine = [c for c in every if c.cohort_id == found.id]
    form.setdefault("values", {"message": "", "question": "", "cron": "", "at": ""})
    form.setdefault("problem", "")
    form.setdefault("previews", [])
    return await page(
        request,
        "checkins.html",
        status=form.pop("status", 200),
        cohort=found,
        checkins=[(c, schedule_of(c)) for c in mine],
        **form,
    )


@routes.get("/cohorts/{cohort_id}/checkins")
async def checkins(request: web.Request) -> web.Response:
    found = await cohort_or_404(request, request.match_info["cohort_id"])
    return await _list(request, found)


def _parse(values: dict[str, str], cohort: CohortRecord) -> tuple[str, datetime | None]:
    """The schedule: (cron, at); ValueError with a sentence a coordinator can act on."""
    if not values["message"]:
        raise ValueError("Write the message students will receive.")
    if bool(values["cron"]) == bool(values["at"]):
        raise ValueError("Give either a repeating schedule (cron) or one date and time, not both.")
    if values["cron"]:
        try:
            planner.cron_trigger(values["cron"], cohort.timezone)
        except ValueError as problem:
            raise ValueError(f"That repeating schedule is not valid: {problem}") from problem
        return values["cron"], None
    try:
        local = datetime.fromisoformat(values["at"])
    except ValueError as problem:
        raise ValueError("The date and time must look like 2026-12-01T15:30.") from problem
    if local.tzinfo is None:
        local = local.replace(tzinfo=ZoneInfo(cohort.timezone))
    return "", local.astimezone(UTC)


@routes.post("/cohorts/{cohort_id}/checkins")
async def create(request: web.Request) -> web.Response:
    d = deps(request)
    found = await cohort_or_404(request, request.match_info["cohort_id"])
    form = await request.post()
    values = {k: str(form.get(k, "")).strip() for k in ("message", "question", "cron", "at")}
    values["message"] = values["message"][:1000]
    values["question"] = values["question"][:300]
    previews = preview(request, values["message"], values["question"])
    if form.get("action") == "preview":
        return await _list(request, found, values=values, previews=previews)
    try:
        cron, at = _parse(values, found)
    except ValueError as problem:
        return await _list(
            request, found, values=values, previews=previews, problem=str(problem), status=400
        )
    created = await d.tx.run(
        lambda conn: cohorts.create_checkin(
            conn,
            cohort_id=found.id,
            message=values["message"],
            question=values["question"],
            cron=cron,
            at=at,
            timezone=found.timezone,
            now=d.clock(),
        )
    )
    await d.audit(
        actor=actor(request),
        action="change",
        subject=f"checkin:{created.id}",
        detail=f"created for cohort:{found.name}",
    )
    raise web.HTTPSeeOther(f"/cohorts/{found.id}/checkins")


async def _checkin_or_404(request: web.Request) -> tuple[CheckInRecord, CohortRecord]:
    found = await deps(request).store.read(cohorts.get_checkin, request.match_info["checkin_id"])
    if found is None or found.status == "deleted" or not who(request).sees(found.cohort_id):
        raise web.HTTPNotFound(text="No such check-in.")
    return found, await cohort_or_404(request, found.cohort_id)


@routes.post("/checkins/{checkin_id}/{action}")
async def change(request: web.Request) -> web.Response:
    d = deps(request)
    checkin, cohort = await _checkin_or_404(request)
    action = request.match_info["action"]
    if action == "send":
        queued, waiting = await d.tx.run(planner.send_now, checkin.id, d.clock())
        detail = f"{queued} queued, {waiting} already waiting"
    elif action in ACTIONS:
        await d.tx.run(cohorts.set_checkin_status, checkin.id, ACTIONS[action])
        detail = ""
        if action == "delete":
            detail = f"{await d.tx.run(outbox.cancel_checkin, checkin.id)} cancelled"
    else:
        raise web.HTTPNotFound(text="No such action.")
    await d.audit(
        actor=actor(request),
        action="change",
        subject=f"checkin:{checkin.id}",
        detail=f"{action} {detail}".strip(),
    )
    raise web.HTTPSeeOther(f"/cohorts/{cohort.id}/checkins")


@routes.get("/checkins/{checkin_id}")
async def answers(request: web.Request) -> web.Response:
    d = deps(request)
    checkin, cohort = await _checkin_or_404(request)
    rows = await d.store.read(cohorts.responses, checkin.id)
    await d.audit(
        actor=actor(request), action="view", subject=f"checkin:{checkin.id}", detail="answers"
    )
    return await page(
        request,
        "answers.html",
        cohort=cohort,
        checkin=checkin,
        schedule=schedule_of(checkin),
        rows=rows,
        answered=sum(1 for r in rows if r["answer"] is not None),
    )
