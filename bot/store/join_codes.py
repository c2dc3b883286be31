"""Rotating a cohort's join code, and remembering the codes rotated away.

A code printed on last term's handout should not open the cohort any more, but a
student who types it deserves better than "unknown code": a retired code is kept
(the code and its cohort, nothing about anyone) so the bot can say it has changed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from bot.store.cohorts import CO, new_join_code
from bot.store.tables import RetiredCode

RC = RetiredCode.__table__  # type: ignore[attr-defined]


def rotate_code(conn: Connection, cohort_id: str, now: datetime) -> str:
    """Give the cohort a fresh code (never one in use or retired) and retire the old."""
    old = conn.execute(select(CO.c.join_code).where(CO.c.id == cohort_id)).scalar_one()
    taken = set(conn.execute(select(CO.c.join_code)).scalars())
    taken |= set(conn.execute(select(RC.c.code)).scalars())
    code = new_join_code()
    while code in taken:
        code = new_join_code()
    conn.execute(update(CO).where(CO.c.id == cohort_id).values(join_code=code))
    conn.execute(insert(RC), {"code": old, "cohort_id": cohort_id, "retired_at": now})
    return code


def is_retired(conn: Connection, code: str) -> bool:
    """Whether `code` once opened a cohort and was rotated away."""
    found = conn.execute(select(RC.c.code).where(RC.c.code == code.strip().upper())).first()
    return found is not None
