"""Looking things up on behalf of the signed-in person: what they may not see is
answered as if it did not exist (404), so ids of other cohorts reveal nothing."""

from __future__ import annotations

from aiohttp import web

from bot.dashboard.context import WHO, deps
from bot.store.cohorts import CohortRecord, get_cohort, list_cohorts
from bot.store.dashboard_reads import StaffScope


def who(request: web.Request) -> StaffScope:
    scope: StaffScope = request[WHO]
    return scope


async def cohort_or_404(request: web.Request, cohort_id: str) -> CohortRecord:
    if not who(request).sees(cohort_id):
        raise web.HTTPNotFound(text="No such cohort.")
    found = await deps(request).store.read(get_cohort, cohort_id)
    if found is None:
        raise web.HTTPNotFound(text="No such cohort.")
    return found


async def visible_cohorts(request: web.Request) -> list[tuple[CohortRecord, int]]:
    scope = who(request)
    every = await deps(request).store.read(list_cohorts)
    return [(c, n) for c, n in every if scope.sees(c.id)]
