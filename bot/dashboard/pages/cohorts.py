"""The cohorts overview, and one cohort: the `orbit report` table, who may be left out
first (with why), the growth chart, and the CSV download."""

from __future__ import annotations

import asyncio
import csv
import io
import statistics
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.dashboard.auth import actor
from bot.dashboard.charts import Line, line
from bot.dashboard.context import deps
from bot.dashboard.pages.access import cohort_or_404, visible_cohorts
from bot.dashboard.render import page
from bot.dashboard.reports import Row
from bot.insights import labels
from bot.insights.cohort_report import CohortReport
from bot.insights.measures import FLAGS
from bot.insights.report import CSV_COLUMNS, csv_row, render_chart_sheet

routes = web.RouteTableDef()
PAGE = 200  # students per page of the table (the CSV has them all)
SORTABLE = (
    "name",
    "people",
    "domains_covered",
    "supports_covered",
    "career_ties",
    "emotional_ties",
    "asks_made",
    "lessons_done",
    "days_since_active",
)


async def _report(request: web.Request, cohort_id: str) -> tuple[CohortReport, list[Row]]:
    d = deps(request)
    measured = await d.reports.of(d, cohort_id)
    return measured.report, measured.rows


def _share(rows: list[Row], test: Any) -> int:
    return round(100 * sum(1 for r in rows if test(r.m)) / len(rows)) if rows else 0


def _overview(report: CohortReport, rows: list[Row]) -> dict[str, Any]:
    week = timedelta(days=7)
    return {
        "students": len(rows),
        "active": sum(1 for r in rows if r.m.last_active and r.m.at - r.m.last_active < week),
        "median_people": statistics.median([r.m.people for r in rows]) if rows else 0,
        "career": _share(rows, lambda m: m.career_ties > 0),
        "emotional": _share(rows, lambda m: m.emotional_ties > 0),
        "asked": _share(rows, lambda m: m.asks_made > 0),
        "chart": _chart(report),
    }


def _chart(report: CohortReport) -> Line | None:
    return line([p.total for p in report.trend])


@routes.get("/")
async def home(request: web.Request) -> web.StreamResponse:
    raise web.HTTPSeeOther("/cohorts")


@routes.get("/cohorts")
async def cohorts(request: web.Request) -> web.Response:
    cards = []
    for cohort, _members in await visible_cohorts(request):
        report, rows = await _report(request, cohort.id)
        cards.append((cohort, _overview(report, rows)))
    await deps(request).audit(actor=actor(request), action="view", subject="cohorts")
    return await page(request, "cohorts.html", cards=cards)


def _sorted(rows: list[Row], key: str, descending: bool) -> list[Row]:
    if key == "name":
        return sorted(rows, key=lambda r: r.name.casefold(), reverse=descending)
    missing = float("inf") if not descending else float("-inf")

    def value(r: Row) -> float:
        v = getattr(r.m, key)
        return missing if v is None else float(v)

    return sorted(rows, key=value, reverse=descending)


@routes.get("/cohorts/{cohort_id}")
async def cohort(request: web.Request) -> web.Response:
    found = await cohort_or_404(request, request.match_info["cohort_id"])
    d = deps(request)
    measured = await d.reports.of(d, found.id)
    report, rows = measured.report, measured.rows
    q = request.query.get("q", "").strip()[:80]
    flag = request.query.get("flag", "")
    sort = request.query.get("sort", "name")
    sort = sort if sort in SORTABLE else "name"
    descending = request.query.get("dir", "asc") == "desc"
    shown = [r for r in rows if q.casefold() in r.name.casefold()] if q else rows
    if flag in FLAGS:
        shown = [r for r in shown if flag in r.flags]
    left_out = sorted((r for r in rows if r.flags), key=lambda r: (-len(r.flags), r.name))
    ordered = _sorted(shown, sort, descending)
    pages = max(1, -(-len(ordered) // PAGE))
    try:
        number = min(max(1, int(request.query.get("page", "1"))), pages)
    except ValueError:
        number = 1
    await deps(request).audit(actor=actor(request), action="view", subject=f"cohort:{found.name}")
    return await page(
        request,
        "cohort.html",
        cohort=found,
        measured_at=measured.at,
        overview=_overview(report, rows),
        summary=report.summary,
        trend=report.trend,
        rows=ordered[(number - 1) * PAGE : number * PAGE],
        matching=len(ordered),
        page_number=number,
        pages=pages,
        left_out=left_out,
        words=labels(deps(request).prompts),
        flags=FLAGS,
        q=q,
        flag=flag,
        sort=sort,
        descending=descending,
        sortable=SORTABLE,
    )


@routes.get("/cohorts/{cohort_id}/students.csv")
async def cohort_csv(request: web.Request) -> web.Response:
    found = await cohort_or_404(request, request.match_info["cohort_id"])
    report, _rows = await _report(request, found.id)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for name, m in report.rows:
        writer.writerow(csv_row(name, m))
    await deps(request).audit(
        actor=actor(request),
        action="download",
        subject=f"cohort:{found.name}",
        detail=f"csv, {len(report.rows)} students",
    )
    safe = "".join(ch if ch.isalnum() else "-" for ch in found.name)[:60] or "cohort"
    return web.Response(
        text=buffer.getvalue(),
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{safe}.csv"'},
    )


@routes.get("/cohorts/{cohort_id}/chart.png")
async def chart_sheet(request: web.Request) -> web.Response:
    """The same one-page chart sheet as `orbit report --png` (no names on it), drawn in
    a thread into a private temporary folder and sent as it is."""
    d = deps(request)
    found = await cohort_or_404(request, request.match_info["cohort_id"])
    measured = await d.reports.of(d, found.id)
    report = measured.report

    def draw() -> bytes:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "sheet.png"
            render_chart_sheet(
                report.summary, report.rows, path, trend=report.trend, cohort=found.name,
                at=measured.at, prompts=d.prompts,
            )  # fmt: skip
            return path.read_bytes()

    png = await asyncio.to_thread(draw)
    return web.Response(body=png, content_type="image/png")
