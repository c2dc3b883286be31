"""The audit trail: who granted a role, read a report, exported or deleted a student.

A school must be able to answer "who looked at or removed this child's data, and
when". Each governed action writes one `audit_event` row: `at` (UTC), `actor`, `action`,
`subject`, `detail`. The vocabulary is small on purpose:

    actor    "cli:<login>" (a command run on the server), "<platform>:<team>:<user>"
             (a coordinator or admin in chat, the dashboard's signed-in person),
             "student:<hash>" (a student acting on their own data), "retention",
             "uninstall" (a Slack workspace's students purged after its grace period).
    action   one of ACTIONS below.
    subject  what it touched: "cohort:<name>", a grantee's "<platform>:<team>:<user>",
             or "student:<hash>". Students appear only as `student_ref(key)` (the
             hash of bot/support/redact.py), so the trail outlives a deletion without
             keeping who the student was; an operator holding a key can still find it.
    detail   a few words (the role granted, "chat" or "csv+png", how many deleted);
             never a student's words or the names on a map.

Write with `Store.record_audit(actor, action, subject, detail)`, read with
`Store.audit_since(since)` or `orbit audit [--since]`. Inside a chat turn the core
adds an `Audited` change instead, committed in the turn's own transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from bot.store.tables import AuditEvent
from bot.store.transactions import aware
from bot.support.redact import hashed
from bot.vocab.changes import Audited, DeleteStudent, GrantRole
from bot.vocab.keys import ConversationKey

A = AuditEvent.__table__  # type: ignore[attr-defined]

ACTIONS = (
    "grant", "report", "export", "delete", "retention",
    # the coordinators' dashboard (bot/dashboard/): sign-ins, pages of student data, CSVs, changes
    "sign-in", "sign-out", "view", "download", "change",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class AuditRecord:
    at: datetime
    actor: str
    action: str
    subject: str
    detail: str


def student_ref(key: ConversationKey | str) -> str:
    """How a student is named in the trail: never their platform id, only its hash."""
    return f"student:{hashed(key)}"


def staff_ref(key: ConversationKey) -> str:
    """How a coordinator or admin is named: their platform identity, in the clear."""
    return f"{key.platform}:{key.team}:{key.user}"


def row(actor: str, action: str, subject: str, detail: str, at: datetime) -> dict[str, object]:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}; one of {', '.join(ACTIONS)}")
    return {
        "at": at,
        "actor": actor[:200],
        "action": action,
        "subject": subject[:200],
        "detail": detail[:500],
    }


def record(
    conn: Connection, actor: str, action: str, subject: str, detail: str, at: datetime
) -> None:
    """One audit row, in the caller's transaction."""
    conn.execute(insert(A), row(actor, action, subject, detail, at))


def since(conn: Connection, start: datetime | None, limit: int = 10_000) -> list[AuditRecord]:
    """The trail from `start` (everything when None), oldest first."""
    query = select(A.c.at, A.c.actor, A.c.action, A.c.subject, A.c.detail)
    if start is not None:
        query = query.where(A.c.at >= start)
    query = query.order_by(A.c.at, A.c.id).limit(limit)
    return [
        AuditRecord(aware(r.at) or r.at, r.actor, r.action, r.subject, r.detail)
        for r in conn.execute(query)
    ]


def for_change(key: ConversationKey, change: object, at: datetime) -> dict[str, object] | None:
    """The audit row a turn's change implies, if any (written in the turn's transaction)."""
    match change:
        case DeleteStudent():
            actor = change.actor or student_ref(key)
            return row(actor, "delete", student_ref(key), change.detail, at)
        case GrantRole():
            grantee = f"{change.platform}:{change.team}:{change.user_id}"
            detail = change.role + (f" of cohort {change.cohort_id}" if change.cohort_id else "")
            return row(staff_ref(key), "grant", grantee, detail + " (chat)", at)
        case Audited():
            return row(staff_ref(key), change.action, change.subject, change.detail, at)
    return None
