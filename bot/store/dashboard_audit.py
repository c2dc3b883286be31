"""FALLBACK: the dashboard's audit trail, until the deployment's `audit_event` table and
`Store.record_audit` reach main (then `bot/app/dashboard.py:audit_port` points there and
this module and its table go). Same shape and vocabulary: `at` (UTC), `actor` (the
signed-in person's "<platform>:<team>:<user>", or "-" before sign-in), `action`
(sign-in, sign-out, view, download, change), `subject` ("cohort:<name>",
"student:<hash>", "checkin:<id>", "alert:<id>", a page), `detail` (a few words; never a
student's words or the names on a map)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from bot.store.dashboard_tables import DashboardAudit
from bot.store.transactions import aware

T = DashboardAudit.__table__  # type: ignore[attr-defined]
ACTIONS = ("sign-in", "sign-out", "view", "download", "change")


@dataclass(frozen=True, slots=True)
class AuditRow:
    at: datetime
    actor: str
    action: str
    subject: str
    detail: str


def record(
    conn: Connection, actor: str, action: str, subject: str, detail: str, at: datetime
) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown dashboard audit action {action!r}")
    conn.execute(
        insert(T),
        {
            "at": at,
            "actor": actor[:200],
            "action": action,
            "subject": subject[:200],
            "detail": detail[:500],
        },
    )


def since(conn: Connection, start: datetime | None) -> list[AuditRow]:
    query = select(T).order_by(T.c.id)
    if start is not None:
        query = query.where(T.c.at >= start)
    return [
        AuditRow(aware(r.at) or r.at, r.actor, r.action, r.subject, r.detail)
        for r in conn.execute(query)
    ]
