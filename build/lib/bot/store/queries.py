"""Reads: the one-query turn load, a student's map, progress, and the full export.

Synchronous, like the writes, so the store can run them in a thread on SQLite's
own driver or through `run_sync` on an async connection.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, bindparam, exists, select
from sqlalchemy.engine import Connection

from bot.store.tables import (
    Ask,
    CheckInResponse,
    Cohort,
    Conversation,
    EmailDraft,
    LessonProgress,
    Membership,
    Person,
    ProcessedEvent,
    Student,
)
from bot.support.redact import event_digest
from bot.vocab.keys import ConversationKey
from bot.vocab.records import AskRecord, PersonRecord, StudentRecord, TurnState

S = Student.__table__  # type: ignore[attr-defined]
C = Conversation.__table__  # type: ignore[attr-defined]
P = Person.__table__  # type: ignore[attr-defined]
L = LessonProgress.__table__  # type: ignore[attr-defined]
E = ProcessedEvent.__table__  # type: ignore[attr-defined]
D = EmailDraft.__table__  # type: ignore[attr-defined]
A = Ask.__table__  # type: ignore[attr-defined]
CO = Cohort.__table__  # type: ignore[attr-defined]
M = Membership.__table__  # type: ignore[attr-defined]
R = CheckInResponse.__table__  # type: ignore[attr-defined]


def _key_filter(key: ConversationKey) -> Any:
    return and_(S.c.platform == key.platform, S.c.team == key.team, S.c.user_id == key.user)


_LOAD_TURN = (
    select(
        S.c.id,
        S.c.display_name,
        S.c.role,
        S.c.paused,
        S.c.locale,
        C.c.frames,
        C.c.version,
        exists()
        .where(E.c.platform == bindparam("platform"), E.c.event_id == bindparam("event_id"))
        .label("seen"),
    )
    .select_from(S.outerjoin(C, C.c.student_id == S.c.id))
    .where(
        S.c.platform == bindparam("platform"),
        S.c.team == bindparam("team"),
        S.c.user_id == bindparam("user"),
    )
)


def load_turn(conn: Connection, key: ConversationKey, event_id: str) -> TurnState:
    params = {
        "platform": key.platform,
        "team": key.team,
        "user": key.user,
        "event_id": event_digest(event_id),  # stored as a digest: no chat ids kept
    }
    row = (conn.execute(_LOAD_TURN, params)).first()
    if row is None:
        return TurnState(student=None, frames=[], version=0, already_processed=False)
    student = StudentRecord(
        id=row.id,
        display_name=row.display_name,
        role=row.role,
        paused=row.paused,
        locale=row.locale,
    )
    return TurnState(
        student=student,
        frames=list(row.frames or []),
        version=row.version or 0,
        already_processed=bool(row.seen),
    )


def last_active(conn: Connection, student_id: str) -> Any:
    """When the student last wrote (Orbit's own turns do not count): None if never."""
    query = select(C.c.updated_at).where(C.c.student_id == student_id)
    return conn.execute(query).scalar()


def person_record(r: Any) -> PersonRecord:
    return PersonRecord(
        id=r.id,
        name=r.name,
        domain=r.domain,
        supports=tuple(r.supports or ()),
        closeness=r.closeness,
        added_at=r.added_at,
    )


def ask_record(r: Any) -> AskRecord:
    return AskRecord(
        id=r.id,
        helper=r.helper,
        goal=r.goal,
        what=r.what,
        by_date=r.by_date,
        how=r.how,
        follow_up_on=r.follow_up_on,
        status=r.status,
    )


def list_people(conn: Connection, student_id: str) -> list[PersonRecord]:
    query = (
        select(P.c.id, P.c.name, P.c.domain, P.c.supports, P.c.closeness, P.c.added_at)
        .where(P.c.student_id == student_id)
        .order_by(P.c.added_at, P.c.id)
    )
    return [person_record(r) for r in conn.execute(query)]


def lessons_done(conn: Connection, student_id: str) -> set[str]:
    query = select(L.c.lesson).where(L.c.student_id == student_id)
    return {r.lesson for r in conn.execute(query)}


def list_asks(conn: Connection, student_id: str) -> list[AskRecord]:
    """A student's asks, the most recent first."""
    query = select(A).where(A.c.student_id == student_id).order_by(A.c.created_at.desc())
    return [ask_record(r) for r in conn.execute(query)]


def find_student_id(conn: Connection, key: ConversationKey) -> str | None:
    return (conn.execute(select(S.c.id).where(_key_filter(key)))).scalar()


def _jsonable(row: Any) -> dict[str, Any]:
    out = dict(row._mapping)
    for name, value in out.items():
        if hasattr(value, "isoformat"):
            out[name] = value.isoformat()
    return out


def export_student(conn: Connection, key: ConversationKey) -> dict[str, Any] | None:
    """Everything stored about one student, as JSON-ready data (the right of access)."""
    student = (conn.execute(select(S).where(_key_filter(key)))).first()
    if student is None:
        return None
    sid = student.id
    conversation = (conn.execute(select(C).where(C.c.student_id == sid))).first()
    people = conn.execute(select(P).where(P.c.student_id == sid).order_by(P.c.added_at))
    progress = conn.execute(select(L).where(L.c.student_id == sid))
    drafts = conn.execute(select(D).where(D.c.student_id == sid).order_by(D.c.created_at))
    asks = conn.execute(select(A).where(A.c.student_id == sid).order_by(A.c.created_at))
    memberships = conn.execute(
        select(CO.c.name.label("cohort"), M.c.joined_at)
        .select_from(M.join(CO, CO.c.id == M.c.cohort_id))
        .where(M.c.student_id == sid)
    )
    responses = conn.execute(select(R).where(R.c.student_id == sid).order_by(R.c.answered_at))
    return {
        "student": _jsonable(student),
        "map": [_jsonable(p) for p in people],
        "lessons": [_jsonable(p) for p in progress],
        "email_drafts": [_jsonable(d) for d in drafts],
        "asks": [_jsonable(a) for a in asks],
        "cohorts": [_jsonable(m) for m in memberships],
        "checkin_answers": [_jsonable(r) for r in responses],
        "conversation": _jsonable(conversation) if conversation else None,
    }
