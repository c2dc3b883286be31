"""The alerts inbox: crisis and "talk to a person" alerts, newest first, with their
state, who acknowledged them and when, and a private note. Acknowledging tells the
student "a person has seen your message" only when the program turned that on
(`dashboard_tell_student`)."""

from __future__ import annotations

from aiohttp import web

from bot.dashboard.auth import actor
from bot.dashboard.context import deps
from bot.dashboard.pages.access import who
from bot.dashboard.render import page
from bot.store import alert_inbox
from bot.store.dashboard_reads import student_key
from bot.store.outbox import enqueue
from bot.vocab.changes import OutboxMessage
from bot.vocab.payloads import ALERT, RenderTemplate

routes = web.RouteTableDef()
SHOWN = ("open", "new", "acknowledged", "resolved", "all")


@routes.get("/alerts")
async def inbox(request: web.Request) -> web.Response:
    d = deps(request)
    shown = request.query.get("show", "open")
    shown = shown if shown in SHOWN else "open"
    every = await d.store.read(alert_inbox.alerts, who(request).cohort_ids)
    if shown == "open":
        listed = [a for a in every if a.state != "resolved"]
    elif shown == "all":
        listed = every
    else:
        listed = [a for a in every if a.state == shown]
    await d.audit(actor=actor(request), action="view", subject="alerts")
    return await page(
        request,
        "alerts.html",
        alerts=listed,
        shown=shown,
        choices=SHOWN,
        tell_student=d.settings.tell_student,
    )


@routes.post("/alerts/{alert_id}")
async def act(request: web.Request) -> web.Response:
    d = deps(request)
    alert_id = request.match_info["alert_id"]
    scope = who(request).cohort_ids
    found = await d.store.read(lambda conn: alert_inbox.alerts(conn, scope, only=alert_id))
    if not found:
        raise web.HTTPNotFound(text="No such alert.")
    alert = found[0]
    form = await request.post()
    action = str(form.get("action", ""))
    state = {"acknowledge": "acknowledged", "resolve": "resolved", "reopen": "new"}.get(action)
    note = str(form.get("note", ""))[:2000] if action == "note" else None
    if state is None and note is None:
        raise web.HTTPBadRequest(text="Unknown action.")
    now = d.clock()
    by = who(request).name
    await d.tx.run(
        lambda conn: alert_inbox.set_state(conn, alert_id, state=state, note=note, by=by, now=now)
    )
    if state == "acknowledged" and alert.state == "new":
        await _tell_student(request, alert)
    await d.audit(actor=actor(request), action="change", subject=f"alert:{alert_id}", detail=action)
    raise web.HTTPSeeOther(f"/alerts#alert-{alert_id.replace(':', '-')}")


async def _tell_student(request: web.Request, alert: alert_inbox.AlertRecord) -> None:
    d = deps(request)
    if not d.settings.tell_student or alert.student_id is None:
        return
    key = await d.store.read(student_key, alert.student_id)
    if key is None:
        return
    now = d.clock()
    message = OutboxMessage(
        dedupe_key=f"seen:{alert.id}",
        kind=ALERT,
        key=key,
        student_id=alert.student_id,
        payload=RenderTemplate(template="dashboard/seen", context={}),
        not_before=now,
    )
    await d.tx.run(enqueue, [message], now)
