"""A cohort's report for the dashboard's pages, kept for a short while.

Measuring a cohort reads every student's map (10,000 people for 2,000 students) and
takes a few hundred milliseconds; a coordinator moving between the overview, the
table, sorting, filtering and the CSV asks for the same numbers again and again. Each
cohort's report is kept in this process (at most `KEPT` cohorts, least recently used
forgotten first): younger than `FRESH` (30 s) it is used as it is; older, it is shown
once more while a fresh one is measured in the background. Cohorts are measured at
start, so only a cohort made since waits for its first measurement. Pages say when
the numbers were measured. The student page and everything else read the database
fresh.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.dashboard.context import Dashboard
from bot.insights.cohort_report import CohortReport, cohort_report
from bot.insights.measures import StudentMeasures, reasons
from bot.vocab.bounded import Recent

FRESH = timedelta(seconds=30)
KEPT = 64


@dataclass(frozen=True, slots=True)
class Row:
    student_id: str
    name: str
    m: StudentMeasures
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Measured:
    report: CohortReport
    rows: list[Row]
    at: datetime


class Reports:
    def __init__(self) -> None:
        self._kept: Recent[str, Measured] = Recent(KEPT)
        self._locks: Recent[str, asyncio.Lock] = Recent(KEPT)
        self._refreshing: set[asyncio.Task[Measured]] = set()

    async def of(self, d: Dashboard, cohort_id: str) -> Measured:
        """The cohort's report. A kept one younger than `FRESH` is used as it is; an
        older one is used once more while a fresh one is measured in the background
        (so a page never waits for a cohort measured before); none: measured now.
        Concurrent asks for one cohort measure it once."""
        kept = self._kept.get(cohort_id)
        if kept is not None:
            if d.clock() - kept.at >= FRESH and not self._lock(cohort_id).locked():
                task = asyncio.create_task(self._measure(d, cohort_id, kept))
                self._refreshing.add(task)
                task.add_done_callback(self._refreshing.discard)
            return kept
        return await self._measure(d, cohort_id, None)

    async def warm(self, d: Dashboard, cohort_ids: list[str]) -> None:
        """Measure cohorts ahead of their first visit (the dashboard does it at start)."""
        for cohort_id in cohort_ids:
            await self._measure(d, cohort_id, None)

    def _lock(self, cohort_id: str) -> asyncio.Lock:
        lock = self._locks.get(cohort_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks.put(cohort_id, lock)
        return lock

    async def _measure(self, d: Dashboard, cohort_id: str, stale: Measured | None) -> Measured:
        async with self._lock(cohort_id):
            kept = self._kept.get(cohort_id)
            if kept is not None and kept is not stale:
                return kept  # measured by another caller while this one waited
            measured = await _measure(d, cohort_id, d.clock())
            self._kept.put(cohort_id, measured)
            return measured


async def _measure(d: Dashboard, cohort_id: str, now: datetime) -> Measured:
    students = await d.store.cohort_students(cohort_id)
    report = cohort_report(students, options=dict(d.options), at=now)
    rows = [
        Row(s.student_id, name, m, reasons(m))
        for s, (name, m) in zip(students, report.rows, strict=True)
    ]
    return Measured(report, rows, now)
