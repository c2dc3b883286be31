"""What a cohort report needs about each student, in a handful of queries.

Only measures' inputs leave here: students' names, their map records (the report
never prints map names), asks, lessons done, ready emails and last activity.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from bot.store.cohorts import members
from bot.store.queries import A, C, D, L, P, ask_record, person_record
from bot.vocab.records import AskRecord, PersonRecord


@dataclass(frozen=True, slots=True)
class StudentData:
    name: str
    people: list[PersonRecord]
    asks: list[AskRecord]
    lessons_done: set[str]
    emails_ready: int
    last_active: datetime | None
    student_id: str = ""  # for links to the student (the dashboard); never shown


def cohort_student_data(conn: Connection, cohort_id: str) -> list[StudentData]:
    students = members(conn, cohort_id)
    ids = [s.student_id for s in students]
    if not ids:
        return []
    people: dict[str, list[PersonRecord]] = defaultdict(list)
    for r in conn.execute(select(P).where(P.c.student_id.in_(ids)).order_by(P.c.added_at)):
        people[r.student_id].append(person_record(r))
    asks: dict[str, list[AskRecord]] = defaultdict(list)
    for r in conn.execute(select(A).where(A.c.student_id.in_(ids))):
        asks[r.student_id].append(ask_record(r))
    done: dict[str, set[str]] = defaultdict(set)
    for r in conn.execute(select(L.c.student_id, L.c.lesson).where(L.c.student_id.in_(ids))):
        done[r.student_id].add(r.lesson)
    ready_query = (
        select(D.c.student_id, func.count())
        .where(D.c.student_id.in_(ids), D.c.ready.is_(True))
        .group_by(D.c.student_id)
    )
    ready = {r[0]: int(r[1]) for r in conn.execute(ready_query)}
    active_query = select(C.c.student_id, C.c.updated_at).where(C.c.student_id.in_(ids))
    active = {r.student_id: r.updated_at for r in conn.execute(active_query)}
    return [
        StudentData(
            name=s.name,
            people=people[s.student_id],
            asks=asks[s.student_id],
            lessons_done=done[s.student_id],
            emails_ready=ready.get(s.student_id, 0),
            last_active=active.get(s.student_id),
            student_id=s.student_id,
        )
        for s in students
    ]
