"""What the dashboard's pages read beyond reports: a student's record of activity, the
outbox as staff see it, who a signed-in person is.

Nothing here returns a name from a student's map: asks come back without their
helper, goal or wording, only their kind, status and dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from bot.store.cohorts import CO, G, K
from bot.store.outbox import O
from bot.store.queries import A, L, M, R, S
from bot.store.transactions import aware
from bot.vocab.keys import ConversationKey


@dataclass(frozen=True, slots=True)
class StaffScope:
    """Who is signed in and what they may see: `cohort_ids` None means every cohort."""

    key: ConversationKey
    name: str
    admin: bool
    cohort_ids: frozenset[str] | None

    @property
    def staff(self) -> bool:
        return self.admin or bool(self.cohort_ids)

    def sees(self, cohort_id: str) -> bool:
        return self.cohort_ids is None or cohort_id in self.cohort_ids


def staff_scope(conn: Connection, key: ConversationKey) -> StaffScope:
    query = select(G.c.role, G.c.cohort_id, G.c.display_name).where(
        G.c.platform == key.platform, G.c.team == key.team, G.c.user_id == key.user
    )
    rows = list(conn.execute(query))
    name = next((r.display_name for r in rows if r.display_name), "") or key.user
    if any(r.role == "admin" for r in rows):
        return StaffScope(key, name, True, None)
    ids = frozenset(r.cohort_id for r in rows if r.role == "coordinator")
    return StaffScope(key, name, False, ids)


def is_member(conn: Connection, cohort_id: str, student_id: str) -> bool:
    query = select(M.c.student_id).where(M.c.cohort_id == cohort_id, M.c.student_id == student_id)
    return conn.execute(query).first() is not None


def student_activity(conn: Connection, student_id: str) -> dict[str, Any] | None:
    """A student's name and status, lessons done, asks (no names), check-in answers and
    nudges sent; None when there is no such student."""
    student = conn.execute(select(S).where(S.c.id == student_id)).first()
    if student is None:
        return None
    lessons = conn.execute(
        select(L.c.lesson, L.c.completed_at).where(L.c.student_id == student_id)
    ).all()
    asks = conn.execute(
        select(A.c.kind, A.c.how, A.c.status, A.c.by_date, A.c.created_at, A.c.updated_at)
        .where(A.c.student_id == student_id)
        .order_by(A.c.created_at)
    ).all()
    answers = conn.execute(
        select(K.c.message, K.c.question, R.c.occurrence, R.c.answer, R.c.answered_at)
        .select_from(R.join(K, K.c.id == R.c.checkin_id))
        .where(R.c.student_id == student_id)
        .order_by(R.c.answered_at.desc())
    ).all()
    nudges = conn.execute(
        select(O.c.kind, O.c.status, O.c.not_before, O.c.sent_at, O.c.payload)
        .where(O.c.student_id == student_id, O.c.kind.in_(("nudge", "checkin")))
        .order_by(O.c.id.desc())
        .limit(50)
    ).all()
    return {
        "name": student.display_name,
        "key": ConversationKey(student.platform, student.team, student.user_id),
        "platform": student.platform,
        "paused": bool(student.paused),
        "opted_out": bool(student.opted_out),
        "joined": aware(student.consent_at),
        "lessons": [(r.lesson, aware(r.completed_at)) for r in lessons],
        "asks": [dict(r._mapping) for r in asks],
        "answers": [dict(r._mapping) for r in answers],
        "sent": [
            {
                "kind": r.kind,
                "what": (r.payload or {}).get("flow") or (r.payload or {}).get("template", ""),
                "status": r.status,
                "due": aware(r.not_before),
                "sent_at": aware(r.sent_at),
            }
            for r in nudges
        ],
    }


@dataclass(frozen=True, slots=True)
class OutboxView:
    id: int
    kind: str
    status: str
    student: str
    not_before: datetime
    sent_at: datetime | None
    attempts: int
    last_error: str
    quiet: str
    tz: str
    paused: bool
    opted_out: bool
    cohort: str


def outbox_rows(
    conn: Connection, cohort_ids: frozenset[str] | None, *, limit: int = 200
) -> list[OutboxView]:
    """The latest rows about students in scope (admins: every row), newest first."""
    query = (
        select(
            O.c.id,
            O.c.kind,
            O.c.status,
            O.c.not_before,
            O.c.sent_at,
            O.c.attempts,
            O.c.last_error,
            O.c.payload,
            S.c.display_name,
            S.c.paused,
            S.c.opted_out,
        )
        .select_from(O.outerjoin(S, S.c.id == O.c.student_id))
        .order_by(O.c.id.desc())
        .limit(limit)
    )
    if cohort_ids is not None:
        students = select(M.c.student_id).where(M.c.cohort_id.in_(sorted(cohort_ids)))
        query = query.where(O.c.student_id.in_(students))
    out = []
    for r in conn.execute(query):
        payload = r.payload or {}
        not_before = aware(r.not_before)
        assert not_before is not None
        out.append(
            OutboxView(
                id=r.id,
                kind=r.kind,
                status=r.status,
                student=r.display_name or "",
                not_before=not_before,
                sent_at=aware(r.sent_at),
                attempts=r.attempts,
                last_error=r.last_error,
                quiet=str(payload.get("quiet", "")),
                tz=str(payload.get("tz", "UTC")),
                paused=bool(r.paused),
                opted_out=bool(r.opted_out),
                cohort="",
            )
        )
    return out


def cohort_names(conn: Connection) -> dict[str, str]:
    return {r.id: r.name for r in conn.execute(select(CO.c.id, CO.c.name))}


def student_key(conn: Connection, student_id: str) -> ConversationKey | None:
    row = conn.execute(
        select(S.c.platform, S.c.team, S.c.user_id).where(S.c.id == student_id)
    ).first()
    return ConversationKey(row.platform, row.team, row.user_id) if row else None
