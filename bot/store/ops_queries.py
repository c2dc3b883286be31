"""What `/metrics` and `/readyz` ask the database (bot/app/ops.py), in one short read.

Counts only: no student id, name or word leaves this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection

from bot.store.outbox import PENDING, O
from bot.store.queries import C
from bot.store.transactions import aware


@dataclass(frozen=True, slots=True)
class OpsSnapshot:
    outbox: dict[tuple[str, str], int]  # (kind, state) -> rows
    oldest_due_seconds: float  # the oldest pending row already due; 0 when none
    active_today: int  # students who wrote since midnight UTC


def snapshot(conn: Connection, now: datetime) -> OpsSnapshot:
    counts = select(O.c.kind, O.c.status, func.count()).group_by(O.c.kind, O.c.status)
    outbox = {(kind, state): n for kind, state, n in conn.execute(counts)}
    due = select(func.min(O.c.not_before)).where(O.c.status == PENDING, O.c.not_before <= now)
    oldest = aware(conn.execute(due).scalar())
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    active = select(func.count()).select_from(C).where(C.c.updated_at >= midnight)
    return OpsSnapshot(
        outbox=outbox,
        oldest_due_seconds=max((now - oldest) / timedelta(seconds=1), 0.0) if oldest else 0.0,
        active_today=int(conn.execute(active).scalar() or 0),
    )


def ping(conn: Connection) -> bool:
    return conn.execute(text("SELECT 1")).scalar() == 1
