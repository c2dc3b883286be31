"""Who is asking: the session cookie, the CSRF check, sign-in by link and sign-out.

Every request but the sign-in pages and static files needs a live session of a
coordinator or an admin (a student's link opens nothing). Every POST must carry the
session's CSRF token in its form. A session idle for longer than `idle` (8 hours) is
dead; `seen_at` is refreshed at most every five minutes, so reading pages costs no write.
"""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web

from bot.dashboard.context import SESSION, SESSION_ID, WHO, Handler, deps
from bot.dashboard.render import page, refusal
from bot.store.dashboard_reads import staff_scope
from bot.store.signin import close_session, find_session, open_session, redeem_link, touch_session
from bot.support.tokens import new_token, same, sign, token_hash, unsign

COOKIE = "orbit_dashboard"
PUBLIC = ("/signin", "/static/", "/healthz")
TOUCH_EVERY = timedelta(minutes=5)


def actor(request: web.Request) -> str:
    who = request.get(WHO)
    return str(who.key) if who is not None else "-"


@web.middleware
async def sessions(request: web.Request, handler: Handler) -> web.StreamResponse:
    d = deps(request)
    cookie = request.cookies.get(COOKIE, "")
    token = unsign(cookie, d.cookie_key) if cookie else None
    if token is not None:
        id_hash = token_hash(token)
        now = d.clock()
        record = await d.store.read(find_session, id_hash, now, d.settings.idle)
        if record is not None:
            if now - record.seen_at > TOUCH_EVERY:
                await d.tx.run(touch_session, id_hash, now)
            request[SESSION] = record
            request[SESSION_ID] = id_hash
            request[WHO] = await d.store.read(staff_scope, record.key)
    if request.path.startswith(PUBLIC) or request.path == "/signin":
        return await handler(request)
    if WHO not in request:
        if request.method == "GET":
            raise web.HTTPSeeOther("/signin")
        return await refusal(request, 403, "Signed out", "Sign in again with a new link.")
    if not request[WHO].staff:
        return await refusal(request, 403, "Nothing to show", "This dashboard is for staff.")
    if request.method == "POST":
        form = await request.post()
        if not same(str(form.get("csrf", "")), request[SESSION].csrf):
            return await refusal(
                request, 403, "Form expired", "This form was not sent from the dashboard."
            )
    try:
        return await handler(request)
    except web.HTTPNotFound as missing:
        return await refusal(request, 404, "Not found", missing.text or "Nothing here.")


async def signin_help(request: web.Request) -> web.Response:
    return await page(request, "signin.html", token="", problem="")


async def signin_link(request: web.Request) -> web.Response:
    """The link from the DM: a button to press, so a link preview cannot spend it."""
    return await page(request, "signin.html", token=request.match_info["token"], problem="")


REFUSED = {
    "unknown": "This sign-in link is not valid.",
    "used": "This sign-in link was already used. Ask for a new one with /dashboard.",
    "expired": "This sign-in link has expired. Ask for a new one with /dashboard.",
}


async def signin(request: web.Request) -> web.Response:
    d = deps(request)
    form = await request.post()
    token = str(form.get("token", ""))[:100]
    now = d.clock()
    outcome = await d.tx.run(redeem_link, token_hash(token), now)
    if isinstance(outcome, str):
        await d.audit(
            actor="-", action="sign-in", subject="dashboard", detail=f"refused: {outcome}"
        )
        return await page(request, "signin.html", status=403, token="", problem=REFUSED[outcome])
    scope = await d.store.read(staff_scope, outcome)
    if not scope.staff:
        await d.audit(
            actor=str(outcome), action="sign-in", subject="dashboard", detail="refused: not staff"
        )
        return await refusal(request, 403, "Nothing to show", "This dashboard is for staff.")
    session = new_token()
    await d.tx.run(open_session, token_hash(session), outcome, new_token(), now, d.settings.idle)
    await d.audit(actor=str(outcome), action="sign-in", subject="dashboard", detail="ok")
    response = web.HTTPSeeOther("/")
    response.set_cookie(
        COOKIE,
        sign(session, d.cookie_key),
        httponly=True,
        samesite="Lax",
        secure=d.settings.secure,
        path="/",
    )
    raise response


async def signout(request: web.Request) -> web.Response:
    d = deps(request)
    await d.tx.run(close_session, request[SESSION_ID])
    await d.audit(actor=actor(request), action="sign-out", subject="dashboard")
    response = web.HTTPSeeOther("/signin")
    response.del_cookie(COOKIE, path="/")
    raise response
