"""Retention's SQL: who has been idle since when, their warnings, and the deletion.

A student's last activity is their conversation's `updated_at` (only their own
messages move it; Orbit's nudges do not), else when they were created. The warning is
an outbox row whose dedupe key names the student and that last activity, so a student
who writes back gets a fresh warning the next time they go quiet, never two for one
silence. Deletion is `/delete`'s own (`writes.erase_student`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from bot.store import audit
from bot.store.outbox import O
from bot.store.queries import C, S
from bot.store.transactions import aware
from bot.store.writes import erase_student
from bot.vocab.keys import ConversationKey


@dataclass(frozen=True, slots=True)
class Idle:
    student_id: str
    key: ConversationKey
    last_active: datetime

    @property
    def warning_key(self) -> str:
        return f"retention:{self.student_id}:{self.last_active.isoformat(timespec='seconds')}"


def idle_since(conn: Connection, before: datetime) -> list[Idle]:
    """Students whose last activity is older than `before`."""
    last = func.coalesce(C.c.updated_at, S.c.created_at)
    query = (
        select(S.c.id, S.c.platform, S.c.team, S.c.user_id, last.label("last"))
        .select_from(S.outerjoin(C, C.c.student_id == S.c.id))
        .where(last < before)
    )
    return [
        Idle(r.id, ConversationKey(r.platform, r.team, r.user_id), aware(r.last) or r.last)
        for r in conn.execute(query)
    ]


def warned(conn: Connection, keys: list[str]) -> dict[str, datetime]:
    """When each of these warnings was queued (dedupe key -> created_at)."""
    if not keys:
        return {}
    query = select(O.c.dedupe_key, O.c.created_at).where(O.c.dedupe_key.in_(keys))
    return {k: aware(at) or at for k, at in conn.execute(query)}


def erase(conn: Connection, idle: list[Idle], now: datetime) -> int:
    """Delete these students as `/delete` does, with an audit row for each; only those
    still idle since the same moment (not one who wrote meanwhile)."""
    gone = 0
    for student in idle:
        still = conn.execute(
            select(func.coalesce(C.c.updated_at, S.c.created_at))
            .select_from(S.outerjoin(C, C.c.student_id == S.c.id))
            .where(S.c.id == student.student_id)
        ).scalar()
        if still is None or aware(still) != student.last_active:
            continue
        erase_student(conn, student.student_id)
        ref = audit.student_ref(student.key)
        audit.record(conn, "retention", "delete", ref, "inactive past retention_days", now)
        gone += 1
    return gone
