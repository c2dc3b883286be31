"""The alerts inbox: crisis and "talk to a person" alerts, and what staff did about them.

An alert is not a table of its own: the core queues one outbox row per person alerted
(`bot/core/alerts.py`, dedupe key `alert:<kind>:<platform>:<event>:<staff key>`), in
the student's turn. The inbox groups those rows by `<kind>:<platform>:<event>`, the
alert's id, and keeps staff's acknowledgement, resolution and private note in
`alert_state`. A coordinator sees the alerts about students of their cohorts; alerts
about someone who had not consented yet (no student) are for admins only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from bot.store.dashboard_tables import AlertState
from bot.store.outbox import O
from bot.store.queries import M
from bot.store.transactions import aware

ST = AlertState.__table__  # type: ignore[attr-defined]
STATES = ("new", "acknowledged", "resolved")
KINDS = ("crisis", "human")


@dataclass(frozen=True, slots=True)
class AlertRecord:
    id: str
    kind: str  # crisis | human
    student_id: str | None
    student: str  # their display name, as the alert carried it
    platform: str
    message: str
    created_at: datetime
    alerted: int  # staff alerted (rows)
    delivered: int  # of which sent
    state: str = "new"
    acked_by: str = ""
    acked_at: datetime | None = None
    resolved_at: datetime | None = None
    note: str = ""


def alert_id_of(dedupe_key: str) -> str:
    """`alert:crisis:telegram:ab12...:telegram:t:42` -> `crisis:telegram:ab12...`."""
    return ":".join(dedupe_key.split(":")[1:4])


def _in_scope(query: Any, cohort_ids: frozenset[str] | None) -> Any:
    """Admins (None) see every alert; coordinators those about their cohorts' students."""
    if cohort_ids is None:
        return query
    students = select(M.c.student_id).where(M.c.cohort_id.in_(sorted(cohort_ids)))
    return query.where(O.c.student_id.in_(students))


def _alert_rows(conn: Connection, cohort_ids: frozenset[str] | None, only: str | None) -> Any:
    query = select(O.c.dedupe_key, O.c.student_id, O.c.payload, O.c.status, O.c.created_at).where(
        O.c.kind == "alert"
    )
    if only is None:
        query = query.where(
            O.c.dedupe_key.startswith("alert:crisis:") | O.c.dedupe_key.startswith("alert:human:")
        )
    else:
        query = query.where(O.c.dedupe_key.startswith(f"alert:{only}:", autoescape=True))
    return conn.execute(_in_scope(query, cohort_ids).order_by(O.c.id.desc()).limit(2000))


def _record(first: Any, rows: list[Any], state: Any) -> AlertRecord:
    payload = first.payload or {}
    context = payload.get("context") or {}
    student = context.get("student") or {}
    name = student.get("name") if isinstance(student, dict) else None
    kind = first.dedupe_key.split(":")[1]
    extra: dict[str, Any] = {}
    if state is not None:
        extra = {
            "state": state.state,
            "acked_by": state.acked_by,
            "acked_at": aware(state.acked_at),
            "resolved_at": aware(state.resolved_at),
            "note": state.note,
        }
    created = aware(first.created_at)
    assert created is not None
    return AlertRecord(
        id=alert_id_of(first.dedupe_key),
        kind=kind,
        student_id=first.student_id,
        student=str(name or context.get("name") or ""),
        platform=str(context.get("platform", "")),
        message=str(context.get("message", "")),
        created_at=created,
        alerted=len(rows),
        delivered=sum(1 for r in rows if r.status == "sent"),
        **extra,
    )


def alerts(
    conn: Connection, cohort_ids: frozenset[str] | None, *, only: str | None = None
) -> list[AlertRecord]:
    """Alerts newest first (`only`: one alert's id), with their state."""
    grouped: dict[str, list[Any]] = {}
    for row in _alert_rows(conn, cohort_ids, only):
        grouped.setdefault(alert_id_of(row.dedupe_key), []).append(row)
    if only is not None:
        grouped = {k: v for k, v in grouped.items() if k == only}
    states = {
        r.alert_id: r for r in conn.execute(select(ST).where(ST.c.alert_id.in_(list(grouped))))
    }
    return [_record(rows[0], rows, states.get(alert_id)) for alert_id, rows in grouped.items()]


def unseen_crises(conn: Connection, cohort_ids: frozenset[str] | None) -> int:
    """Crisis alerts nobody has acknowledged yet: the banner on every page."""
    ids = {alert_id_of(r.dedupe_key) for r in _alert_rows(conn, cohort_ids, "crisis")}
    if not ids:
        return 0
    handled = conn.execute(
        select(func.count()).where(ST.c.alert_id.in_(sorted(ids)), ST.c.state != "new")
    ).scalar_one()
    return len(ids) - int(handled)


def set_state(
    conn: Connection, alert_id: str, *, state: str | None, note: str | None, by: str, now: datetime
) -> None:
    """Acknowledge or resolve an alert, or keep a note on it (upsert of its state)."""
    if state is not None and state not in STATES:
        raise ValueError(f"unknown alert state {state!r}")
    row = conn.execute(select(ST).where(ST.c.alert_id == alert_id)).first()
    values: dict[str, Any] = {"updated_at": now}
    if note is not None:
        values["note"] = note
    if state is not None:
        values["state"] = state
        if state == "acknowledged" and (row is None or row.acked_at is None):
            values.update(acked_by=by[:80], acked_at=now)
        if state == "resolved":
            values["resolved_at"] = now
            if row is None or row.acked_at is None:
                values.update(acked_by=by[:80], acked_at=now)
    if row is None:
        conn.execute(insert(ST), {"alert_id": alert_id, "state": "new", "note": "", **values})
    else:
        conn.execute(update(ST).where(ST.c.alert_id == alert_id).values(**values))
