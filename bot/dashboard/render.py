"""Pages from Jinja2 templates (`bot/dashboard/templates/`), HTML-escaped by default.

The dashboard's pages are the web app's own markup, not things the bot says in chat,
so they live beside the code rather than in `prompts/<locale>/` (which holds chat text
in plain, Telegram and Slack markups). Every page gets who is signed in, their CSRF
token for forms, and how many crisis alerts nobody has acknowledged yet (the banner).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web

from bot.dashboard.context import SESSION, WHO, deps
from bot.store.alert_inbox import unseen_crises

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _day(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%d")


ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.filters["when"] = _when
ENV.filters["day"] = _day
ENV.filters["labels"] = lambda keys, table: [table[k] for k in keys]


async def page(
    request: web.Request, name: str, *, status: int = 200, **context: Any
) -> web.Response:
    """Render `name` with the signed-in person's frame around it."""
    who = request.get(WHO)
    session = request.get(SESSION)
    crises = 0
    if who is not None and who.staff:
        crises = await deps(request).store.read(unseen_crises, who.cohort_ids)
    html = ENV.get_template(name).render(
        who=who,
        csrf=session.csrf if session is not None else "",
        crises=crises,
        path=request.path,
        **context,
    )
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")


async def refusal(request: web.Request, status: int, title: str, text: str) -> web.Response:
    return await page(request, "refused.html", status=status, title=title, text=text)
