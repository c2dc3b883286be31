"""The outbox as staff see it: what is queued, sent, parked or cancelled, and why a
row waits (the student paused or stopped, quiet hours until when, a later due time)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfoNotFoundError

from aiohttp import web

from bot.dashboard.auth import actor
from bot.dashboard.context import deps
from bot.dashboard.pages.access import who
from bot.dashboard.render import page
from bot.schedule.policy import zone
from bot.store.dashboard_reads import OutboxView, outbox_rows
from bot.vocab.payloads import QuietHours

routes = web.RouteTableDef()


def _zone(name: str) -> tzinfo:
    try:
        return zone(name)
    except (ValueError, KeyError, ZoneInfoNotFoundError):
        return UTC


def why(row: OutboxView, now: datetime) -> str:
    """Why a row has not gone yet, or what became of it, in a few words."""
    if row.status == "sent":
        return "sent"
    if row.status == "failed":
        return f"parked: {row.last_error or 'could not be sent'}"
    if row.status == "cancelled":
        return "cancelled"
    if row.kind == "alert":  # to staff, about the student: never held back
        return "an alert to staff: goes at once (console staff see it in orbit chat)"
    if row.opted_out:
        return "the student stopped Orbit: it will not go"
    if row.paused:
        return "the student paused Orbit: waits until they resume"
    if row.not_before <= now:
        return "due now: the next worker tick sends it"
    local = row.not_before.astimezone(_zone(row.tz))
    quiet = QuietHours.parse(row.quiet) if row.quiet else None
    if quiet is not None and quiet.contains(now.astimezone(_zone(row.tz)).time()):
        return f"quiet hours until {local:%a %H:%M} ({row.tz})"
    if row.kind == "nudge":
        return f"weekly cap or schedule: due {local:%a %d %b %H:%M} ({row.tz})"
    return f"due {local:%a %d %b %H:%M} ({row.tz})"


@routes.get("/outbox")
async def outbox(request: web.Request) -> web.Response:
    d = deps(request)
    rows = await d.store.read(outbox_rows, who(request).cohort_ids)
    now = d.clock()
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    await d.audit(actor=actor(request), action="view", subject="outbox")
    return await page(request, "outbox.html", rows=[(r, why(r, now)) for r in rows], counts=counts)
