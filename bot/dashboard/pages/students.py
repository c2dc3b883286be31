"""One student: their measures week by week, lessons done, asks and outcomes (no names
from their map, no wording), check-in answers and what Orbit sent them."""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web

from bot.dashboard.auth import actor
from bot.dashboard.context import deps
from bot.dashboard.pages.access import cohort_or_404
from bot.dashboard.render import page
from bot.insights import labels
from bot.insights.measures import reasons, student_measures
from bot.store.dashboard_reads import is_member, student_activity
from bot.support.redact import hashed

routes = web.RouteTableDef()


def student_ref(key: object) -> str:
    """A student in the audit trail: only a hash of their platform identity."""
    return f"student:{hashed(key)}"  # type: ignore[arg-type]


WEEKS = 8


@routes.get("/cohorts/{cohort_id}/students/{student_id}")
async def student(request: web.Request) -> web.Response:
    d = deps(request)
    found = await cohort_or_404(request, request.match_info["cohort_id"])
    student_id = request.match_info["student_id"]
    if not await d.store.read(is_member, found.id, student_id):
        raise web.HTTPNotFound(text="No such student in this cohort.")
    activity = await d.store.read(student_activity, student_id)
    if activity is None:
        raise web.HTTPNotFound(text="No such student.")
    people = await d.store.people(student_id)
    asks = await d.store.asks(student_id)
    lessons = {lesson for lesson, _ in activity["lessons"]}
    last = await d.store.last_active(student_id)
    now = d.clock()
    weeks = [
        student_measures(
            people,
            asks,  # asks carry no dates here: as of now (the map is as of each week)
            domains=d.options["domains"],
            supports=d.options["supports"],
            lessons_done=lessons,
            emails_ready=0,
            last_active=last,
            at=at,
        )
        for at in (now - timedelta(weeks=w) for w in range(WEEKS - 1, -1, -1))
    ]
    await d.audit(
        actor=actor(request),
        action="view",
        subject=student_ref(activity["key"]),
        detail=f"cohort:{found.name}",
    )
    return await page(
        request,
        "student.html",
        cohort=found,
        s=activity,
        weeks=weeks,
        flags=reasons(weeks[-1]),
        words=labels(d.prompts),
    )
