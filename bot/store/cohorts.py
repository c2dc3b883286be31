"""Cohorts, memberships, role grants, check-ins and their answers: the SQL.

Synchronous functions over a connection, like the rest of the store, so they run in
a `Transactions` call (writes) or through the store's reader. What the core reads
during a turn goes through `Store` methods (a turn's writes are `Change` records
committed with the turn).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection

from bot.store.queries import S
from bot.store.tables import CheckIn, CheckInResponse, Cohort, Membership, RoleGrant
from bot.store.transactions import aware
from bot.vocab.keys import ConversationKey, same_workspace
from bot.vocab.records import new_id

CO = Cohort.__table__  # type: ignore[attr-defined]
M = Membership.__table__  # type: ignore[attr-defined]
G = RoleGrant.__table__  # type: ignore[attr-defined]
K = CheckIn.__table__  # type: ignore[attr-defined]
R = CheckInResponse.__table__  # type: ignore[attr-defined]

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in class


@dataclass(frozen=True, slots=True)
class CohortRecord:
    id: str
    name: str
    join_code: str
    timezone: str
    quiet_hours: str
    weekly_cap: int
    team: str = ""  # a Slack workspace's own cohort; "" when any platform may join

    def open_to(self, key: ConversationKey) -> bool:
        """Whether this person may join it, or see it as an admin: a workspace's cohort
        is for that workspace's Slack people only (coordinators are granted by id)."""
        return not self.team or (key.platform == "slack" and key.team == self.team)


@dataclass(frozen=True, slots=True)
class CheckInRecord:
    id: str
    cohort_id: str
    message: str
    question: str
    cron: str
    at: datetime | None
    timezone: str
    status: str


@dataclass(frozen=True, slots=True)
class Recipient:
    """A student a scheduled message may go to, with what the policy needs."""

    student_id: str
    key: ConversationKey
    name: str
    timezone: str
    paused: bool = False
    opted_out: bool = False


@dataclass(frozen=True, slots=True)
class Staff:
    key: ConversationKey
    name: str


def _cohort(r: Any) -> CohortRecord:
    return CohortRecord(
        r.id, r.name, r.join_code, r.timezone, r.quiet_hours, r.weekly_cap, r.team or ""
    )


def _checkin(r: Any) -> CheckInRecord:
    return CheckInRecord(
        r.id, r.cohort_id, r.message, r.question, r.cron, aware(r.at), r.timezone, r.status
    )


JOIN_CODE_LENGTH = 8  # 32**8 (10**12) codes; older six-letter codes keep working


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


# --- cohorts ------------------------------------------------------------------------


def create_cohort(
    conn: Connection,
    *,
    name: str,
    timezone: str,
    quiet_hours: str,
    weekly_cap: int,
    now: datetime,
    team: str = "",
) -> CohortRecord:
    taken = set(conn.execute(select(CO.c.join_code)).scalars())
    code = new_join_code()
    while code in taken:
        code = new_join_code()
    cohort_id = new_id()
    row = {
        "id": cohort_id,
        "name": name,
        "join_code": code,
        "timezone": timezone,
        "quiet_hours": quiet_hours,
        "weekly_cap": weekly_cap,
        "created_at": now,
        "team": team,
    }
    conn.execute(insert(CO), row)
    return CohortRecord(cohort_id, name, code, timezone, quiet_hours, weekly_cap, team)


def find_cohort(conn: Connection, name_or_code: str) -> CohortRecord | None:
    """By name, or by join code (codes are matched without regard to case)."""
    query = select(CO).where(
        or_(CO.c.name == name_or_code, CO.c.join_code == name_or_code.strip().upper())
    )
    row = conn.execute(query).first()
    return _cohort(row) if row else None


def get_cohort(conn: Connection, cohort_id: str) -> CohortRecord | None:
    row = conn.execute(select(CO).where(CO.c.id == cohort_id)).first()
    return _cohort(row) if row else None


def list_cohorts(conn: Connection) -> list[tuple[CohortRecord, int]]:
    counts = select(M.c.cohort_id, func.count().label("n")).group_by(M.c.cohort_id).subquery()
    query = (
        select(CO, func.coalesce(counts.c.n, 0).label("members"))
        .select_from(CO.outerjoin(counts, counts.c.cohort_id == CO.c.id))
        .order_by(CO.c.name)
    )
    return [(_cohort(r), r.members) for r in conn.execute(query)]


def members(conn: Connection, cohort_id: str) -> list[Recipient]:
    """The cohort's students, paused and stopped ones too (the send policy leaves them out)."""
    query = (
        select(
            S.c.id,
            S.c.platform,
            S.c.team,
            S.c.user_id,
            S.c.display_name,
            S.c.timezone,
            S.c.paused,
            S.c.opted_out,
        )
        .select_from(M.join(S, S.c.id == M.c.student_id))
        .where(M.c.cohort_id == cohort_id)
        .order_by(S.c.display_name, S.c.id)
    )
    return [
        Recipient(
            r.id,
            ConversationKey(r.platform, r.team, r.user_id),
            r.display_name,
            r.timezone,
            bool(r.paused),
            bool(r.opted_out),
        )
        for r in conn.execute(query)
    ]


def cohorts_of(conn: Connection, student_id: str) -> list[CohortRecord]:
    query = (
        select(CO)
        .select_from(M.join(CO, CO.c.id == M.c.cohort_id))
        .where(M.c.student_id == student_id)
        .order_by(M.c.joined_at)
    )
    return [_cohort(r) for r in conn.execute(query)]


# --- roles --------------------------------------------------------------------------


def grant(
    conn: Connection, key: ConversationKey, role: str, cohort_id: str, name: str, now: datetime
) -> None:
    """Idempotent: granting twice leaves one grant."""
    match = (
        G.c.platform == key.platform,
        G.c.team == key.team,
        G.c.user_id == key.user,
        G.c.role == role,
        G.c.cohort_id == cohort_id,
    )
    conn.execute(delete(G).where(*match))
    conn.execute(
        insert(G),
        {
            "platform": key.platform,
            "team": key.team,
            "user_id": key.user,
            "role": role,
            "cohort_id": cohort_id,
            "display_name": name,
            "granted_at": now,
        },
    )


def roles_of(conn: Connection, key: ConversationKey) -> list[tuple[str, str]]:
    """(role, cohort_id) pairs of one platform user; admins have cohort_id ""."""
    query = select(G.c.role, G.c.cohort_id).where(
        G.c.platform == key.platform, G.c.team == key.team, G.c.user_id == key.user
    )
    return [(r.role, r.cohort_id) for r in conn.execute(query)]


def coordinators_for_student(conn: Connection, student_id: str) -> list[Staff]:
    """Who is alerted about a student: coordinators of their cohorts, else the admins."""
    cohorts = select(M.c.cohort_id).where(M.c.student_id == student_id)
    query = select(G.c.platform, G.c.team, G.c.user_id, G.c.display_name).where(
        G.c.role == "coordinator", G.c.cohort_id.in_(cohorts)
    )
    rows = list(conn.execute(query))
    if not rows:
        row = conn.execute(select(S.c.platform, S.c.team).where(S.c.id == student_id)).first()
        everyone = admins(conn)
        if row is None:
            return everyone
        of = ConversationKey(row.platform, row.team, "")
        return [a for a in everyone if same_workspace(a.key, of)]
    staff = {Staff(ConversationKey(r.platform, r.team, r.user_id), r.display_name) for r in rows}
    return sorted(staff, key=lambda s: str(s.key))


def admins(conn: Connection) -> list[Staff]:
    """Who is alerted when there is no coordinator, or no student yet (before consent)."""
    query = select(G.c.platform, G.c.team, G.c.user_id, G.c.display_name).where(G.c.role == "admin")
    staff = {
        Staff(ConversationKey(r.platform, r.team, r.user_id), r.display_name)
        for r in conn.execute(query)
    }
    return sorted(staff, key=lambda s: str(s.key))


def unwatched_cohorts(conn: Connection) -> list[str] | None:
    """Names of cohorts whose students nobody would be alerted about (no coordinator,
    and no admin at all); None when there is no admin and no cohort either, so that
    even a student outside any cohort has nobody. [] when everyone is covered."""
    if conn.execute(select(G.c.user_id).where(G.c.role == "admin").limit(1)).first():
        return []
    watched = select(G.c.cohort_id).where(G.c.role == "coordinator")
    names = list(
        conn.execute(select(CO.c.name).where(CO.c.id.not_in(watched)).order_by(CO.c.name)).scalars()
    )
    has_cohorts = conn.execute(select(CO.c.id).limit(1)).first() is not None
    return names if has_cohorts else None


# --- check-ins ----------------------------------------------------------------------


def create_checkin(
    conn: Connection,
    *,
    cohort_id: str,
    message: str,
    question: str,
    cron: str,
    at: datetime | None,
    timezone: str,
    now: datetime,
) -> CheckInRecord:
    checkin_id = new_id()[:12]
    row = {
        "id": checkin_id,
        "cohort_id": cohort_id,
        "message": message,
        "question": question,
        "cron": cron,
        "at": at,
        "timezone": timezone,
        "status": "active",
        "created_at": now,
    }
    conn.execute(insert(K), row)
    return CheckInRecord(checkin_id, cohort_id, message, question, cron, at, timezone, "active")


def get_checkin(conn: Connection, checkin_id: str) -> CheckInRecord | None:
    row = conn.execute(select(K).where(K.c.id == checkin_id)).first()
    return _checkin(row) if row else None


def list_checkins(conn: Connection, *, include_deleted: bool = False) -> list[CheckInRecord]:
    query = select(K).order_by(K.c.created_at)
    if not include_deleted:
        query = query.where(K.c.status != "deleted")
    return [_checkin(r) for r in conn.execute(query)]


def set_checkin_status(conn: Connection, checkin_id: str, status: str) -> bool:
    result = conn.execute(update(K).where(K.c.id == checkin_id).values(status=status))
    return result.rowcount == 1


def responses(conn: Connection, checkin_id: str) -> list[dict[str, Any]]:
    """Every member of the check-in's cohort, with their answers (None: no answer)."""
    checkin = get_checkin(conn, checkin_id)
    if checkin is None:
        return []
    answers = {
        (r.student_id): r
        for r in conn.execute(
            select(R).where(R.c.checkin_id == checkin_id).order_by(R.c.answered_at)
        )
    }
    return [
        {
            "student": m.name,
            "user": m.key.user,
            "platform": m.key.platform,
            "occurrence": answers[m.student_id].occurrence if m.student_id in answers else None,
            "answer": answers[m.student_id].answer if m.student_id in answers else None,
        }
        for m in members(conn, checkin.cohort_id)
    ]


# --- what the core reads during a turn ---------------------------------------------


def find_cohort_by_code(conn: Connection, code: str) -> CohortRecord | None:
    """Students join with the code only: a cohort's name is guessable, its code is not."""
    row = conn.execute(select(CO).where(CO.c.join_code == code.strip().upper())).first()
    return _cohort(row) if row else None


def staff_of_cohort(conn: Connection, cohort_id: str) -> list[Staff]:
    query = select(G.c.platform, G.c.team, G.c.user_id, G.c.display_name).where(
        G.c.role == "coordinator", G.c.cohort_id == cohort_id
    )
    return [
        Staff(ConversationKey(r.platform, r.team, r.user_id), r.display_name)
        for r in conn.execute(query)
    ]


def cohorts_for_staff(conn: Connection, key: ConversationKey) -> list[CohortRecord]:
    """The cohorts this person may send check-ins to: theirs, or all for an admin."""
    roles = roles_of(conn, key)
    if any(role == "admin" for role, _ in roles):
        return [c for c, _ in list_cohorts(conn) if c.open_to(key)]
    ids = {cohort_id for role, cohort_id in roles if role == "coordinator"}
    return [c for c, _ in list_cohorts(conn) if c.id in ids]
