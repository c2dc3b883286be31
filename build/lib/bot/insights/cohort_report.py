"""A cohort's report, end to end: load the students, measure them, summarise.

Used by `orbit report` and by coordinators' `/report`; both show students' names and
measures only, never the names of people on students' maps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.core.lessons import Option
from bot.insights.measures import (
    CohortSummary,
    StudentMeasures,
    WeekPoint,
    cohort_summary,
    student_measures,
    weekly_trend,
)
from bot.store.cohort_data import StudentData

if TYPE_CHECKING:
    from bot.store.store import Store


@dataclass(frozen=True, slots=True)
class CohortReport:
    rows: list[tuple[str, StudentMeasures]]
    summary: CohortSummary
    trend: list[WeekPoint]


async def build_cohort_report(
    store: Store, cohort_id: str, *, options: dict[str, tuple[Option, ...]], at: datetime
) -> CohortReport:
    return cohort_report(await store.cohort_students(cohort_id), options=options, at=at)


def cohort_report(
    students: list[StudentData], *, options: dict[str, tuple[Option, ...]], at: datetime
) -> CohortReport:
    """The report from what the store read (`Store.cohort_students`)."""
    rows = [
        (
            s.name,
            student_measures(
                s.people,
                s.asks,
                domains=options["domains"],
                supports=options["supports"],
                lessons_done=s.lessons_done,
                emails_ready=s.emails_ready,
                last_active=s.last_active,
                at=at,
            ),
        )
        for s in students
    ]
    trend = weekly_trend([s.people for s in students], until=at, weeks=8)
    return CohortReport(rows=rows, summary=cohort_summary(rows), trend=trend)
