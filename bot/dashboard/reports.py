"""A cohort's report for the dashboard's pages, kept for a short while.

Measuring a cohort reads every student's map (10,000 people for 2,000 students) and
takes a few hundred milliseconds; a coordinator moving between the overview, the
table, sorting, filtering and the CSV asks for the same numbers again and again. Each
cohort's report is kept for `FRESH` (30 s) in this process, at most `KEPT` cohorts
(least recently used forgotten first), and pages say when it was measured. The
student page and everything else read the database fresh.
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

    async def of(self, d: Dashboard, cohort_id: str) -> Measured:
        """The cohort's report, measured now unless one from the last `FRESH` is kept;
        concurrent asks for one cohort measure it once."""
        lock = self._locks.get(cohort_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks.put(cohort_id, lock)
        async with lock:
            kept = self._kept.get(cohort_id)
            now = d.clock()
            if kept is not None and now - kept.at < FRESH:
                return kept
            measured = await _measure(d, cohort_id, now)
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
