"""The outbox: what Orbit sends on its own, as rows that workers claim with a lease.

Every row has a unique `dedupe_key` (`checkin:<id>:<occurrence>:<student>`,
`nudge:revisit:<student>:<date>` ...), and `enqueue` inserts with ON CONFLICT DO
NOTHING, so computing the same thing twice, in two processes, inserts it once.

Functions take a connection inside the caller's transaction (see `Transactions`).
`claim` marks a batch as leased by one worker until `claimed_until`; a worker that
dies simply lets its lease run out and another takes the rows. Whether each due row
may go now is not the store's to decide: `claim` reads what the send policy needs
(the student paused, stopped or deleted their data, the check-in is still active,
the nudges they got lately) and asks the judge it is given (`bot.schedule.policy.judge`);
rows it drops are cancelled and rows it holds are postponed in the same transaction,
never sent. Payloads are typed (`bot.vocab.payloads`); a row whose payload does not
read is parked as failed with the reason, and the rest of the batch goes on.

Before a row's first send the worker sets `sending_since` (`mark_sending`); recording a
part (`mark_part`) keeps it set for the next one, and `mark_sent` or giving the row back
clears it. A row claimed with it still set was being sent when its worker died: it may
have gone out, and it is sent again (`OutboxRow.in_doubt`), so nothing is lost and only
messages in flight can double.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, exists, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from bot.store.queries import S
from bot.store.tables import CheckIn, Outbox
from bot.store.transactions import aware
from bot.vocab.changes import OutboxMessage
from bot.vocab.keys import ConversationKey
from bot.vocab.payloads import (
    ALERT,
    CAP_WINDOW,
    CHECKIN,
    NUDGE,
    Drop,
    Judge,
    Payload,
    PayloadError,
    Standing,
    Wait,
    from_json,
    to_json,
)

log = logging.getLogger(__name__)

O = Outbox.__table__  # type: ignore[attr-defined]  # noqa: E741
K = CheckIn.__table__  # type: ignore[attr-defined]

PENDING, SENT, FAILED, CANCELLED = "pending", "sent", "failed", "cancelled"


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    dedupe_key: str
    kind: str  # nudge | checkin | alert
    key: ConversationKey
    student_id: str | None
    payload: Payload
    attempts: int
    not_before: datetime
    parts_sent: int = 0
    in_doubt: bool = False  # a worker died while sending part `parts_sent`: it may be out


def outbox_values(m: OutboxMessage, now: datetime) -> dict[str, Any]:
    return {
        "dedupe_key": m.dedupe_key,
        "kind": m.kind,
        "platform": m.key.platform,
        "team": m.key.team,
        "user_id": m.key.user,
        "student_id": m.student_id,
        "payload": to_json(m.payload),
        "not_before": m.not_before,
        "status": PENDING,
        "attempts": 0,
        "parts_sent": 0,
        "last_error": "",
        "created_at": now,
    }


def insert_ignoring_duplicates(conn: Connection) -> Any:
    """INSERT ... ON CONFLICT (dedupe_key) DO NOTHING, for SQLite and PostgreSQL alike."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(O).on_conflict_do_nothing(index_elements=["dedupe_key"])


def enqueue(conn: Connection, messages: list[OutboxMessage], now: datetime) -> int:
    """Insert the messages that are not there yet; return how many were new."""
    if not messages:
        return 0
    rows = [outbox_values(m, now) for m in messages]
    statement = insert_ignoring_duplicates(conn).returning(O.c.id)
    inserted = 0
    for start in range(0, len(rows), 5000):
        inserted += len(conn.execute(statement, rows[start : start + 5000]).all())
    return inserted


@dataclass(slots=True)
class Claim:
    """A claim's outcome: the rows leased to the worker, in due order, and what the send
    policy held back (postponed), dropped (cancelled) or could not read (parked)."""

    rows: list[OutboxRow] = field(default_factory=list)
    postponed: int = 0
    cancelled: int = 0
    unreadable: int = 0


def claim(
    conn: Connection,
    *,
    worker: str,
    now: datetime,
    lease_until: datetime,
    limit: int,
    judge: Judge,
    platforms: list[str] | None = None,
    key: ConversationKey | None = None,
) -> Claim:
    """Lease up to `limit` due rows to `worker`, each as `judge` says (see the docstring).

    One statement finds the due rows with their student and check-in (`FOR UPDATE OF
    outbox SKIP LOCKED` on PostgreSQL); one more reads recent nudges when the batch has
    capped nudges; one leases the rows that go. `key`: only that conversation's rows
    (`orbit chat` picking up a terminal's messages).
    """
    found = conn.execute(_due(conn, now, limit, platforms, key)).all()
    if not found:
        return Claim()
    rows, broken = [], []
    for r in found:
        try:
            rows.append((_row(r), r))
        except PayloadError as problem:
            broken.append((r.id, f"unreadable payload: {problem}"))
            log.error("outbox row %s (%s): unreadable payload: %s", r.id, r.kind, problem)
    recent = _recent_nudges(conn, [row for row, _ in rows], now)
    lease, later, dropped = _judged(rows, recent, judge, now)
    if lease:
        conn.execute(
            update(O)
            .where(O.c.id.in_([row.id for row in lease]))
            .values(claimed_by=worker, claimed_until=lease_until, attempts=O.c.attempts + 1)
        )
    if dropped:
        conn.execute(update(O).where(O.c.id.in_(dropped)).values(status=CANCELLED, payload={}))
    if later:
        postpone_to = update(O).where(O.c.id == bindparam("row_id"))
        conn.execute(postpone_to.values(not_before=bindparam("due")), later)
    for row_id, error in broken:
        conn.execute(
            update(O).where(O.c.id == row_id).values(status=FAILED, last_error=error[:500])
        )
    return Claim(lease, postponed=len(later), cancelled=len(dropped), unreadable=len(broken))


def _judged(
    rows: list[tuple[OutboxRow, Any]],
    recent: dict[str | None, tuple[datetime, ...]],
    judge: Judge,
    now: datetime,
) -> tuple[list[OutboxRow], list[dict[str, Any]], list[int]]:
    """(rows to lease, {row_id, due} to postpone, ids to cancel), in due order. A nudge
    leased here counts against its student's cap for the rest of the batch."""
    lease, later, dropped = [], [], []
    for row, r in rows:
        who = _standing(r, recent.get(row.student_id, ()))
        verdict = judge(row.kind, row.payload.reach, who, now)
        if isinstance(verdict, Drop):
            dropped.append(row.id)
        elif isinstance(verdict, Wait):
            later.append({"row_id": row.id, "due": verdict.until})
        else:
            lease.append(replace(row, attempts=row.attempts + 1))
            if row.kind == NUDGE:
                recent[row.student_id] = (*recent.get(row.student_id, ()), now)
    return lease, later, dropped


def _due(
    conn: Connection,
    now: datetime,
    limit: int,
    platforms: list[str] | None,
    key: ConversationKey | None,
) -> Any:
    """Due rows, each with what the send policy needs about its student and check-in."""
    checkin_id = O.c.payload["checkin_id"].as_string()
    query = (
        select(
            O,
            S.c.id.label("student_present"),
            S.c.paused.label("student_paused"),
            S.c.opted_out.label("student_opted_out"),
            K.c.status.label("checkin_status"),
        )
        .select_from(O.outerjoin(S, S.c.id == O.c.student_id).outerjoin(K, K.c.id == checkin_id))
        .where(
            O.c.status == PENDING,
            O.c.not_before <= now,
            (O.c.claimed_until.is_(None)) | (O.c.claimed_until < now),
        )
        .order_by(O.c.not_before, O.c.id)
        .limit(limit)
    )
    if platforms is not None:
        query = query.where(O.c.platform.in_(platforms))
    if key is not None:
        query = query.where(
            O.c.platform == key.platform, O.c.team == key.team, O.c.user_id == key.user
        )
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=O)
    return query


def _recent_nudges(
    conn: Connection, rows: list[OutboxRow], now: datetime
) -> dict[str | None, tuple[datetime, ...]]:
    """When the nudges that reached each capped nudge's student in the last window went."""
    students = {
        r.student_id
        for r in rows
        if r.kind == NUDGE and r.payload.reach is not None and r.payload.reach.weekly_cap
    }
    if not students:
        return {}
    query = select(O.c.student_id, O.c.sent_at).where(
        O.c.student_id.in_(students),
        O.c.kind == NUDGE,
        O.c.status == SENT,
        O.c.sent_at > now - CAP_WINDOW,
    )
    out: dict[str | None, list[datetime]] = defaultdict(list)
    for student_id, sent_at in conn.execute(query):
        out[student_id].append(aware(sent_at))  # type: ignore[arg-type]
    return {student: tuple(times) for student, times in out.items()}


def _standing(r: Any, recent_nudges: tuple[datetime, ...]) -> Standing:
    if r.kind == ALERT:  # to staff, about a student: the student's state is not theirs
        return Standing()
    return Standing(
        present=r.student_present is not None,
        paused=bool(r.student_paused),
        opted_out=bool(r.student_opted_out),
        checkin_active=r.checkin_status == "active" if r.kind == CHECKIN else None,
        recent_nudges=recent_nudges,
    )


def _row(r: Any) -> OutboxRow:
    """Raises PayloadError for a payload that does not read."""
    return OutboxRow(
        id=r.id,
        dedupe_key=r.dedupe_key,
        kind=r.kind,
        key=ConversationKey(r.platform, r.team, r.user_id),
        student_id=r.student_id,
        payload=from_json(r.payload),
        attempts=r.attempts,
        not_before=aware(r.not_before),  # type: ignore[arg-type]
        parts_sent=r.parts_sent,
        in_doubt=r.sending_since is not None,
    )


def _mine(row_id: int, worker: str) -> Any:
    return and_(O.c.id == row_id, O.c.claimed_by == worker, O.c.status == PENDING)


def mark_sent(conn: Connection, row_id: int, worker: str, now: datetime) -> bool:
    """Record a send; False if the lease was lost (another worker owns the row now)."""
    result = conn.execute(
        update(O)
        .where(_mine(row_id, worker))
        .values(status=SENT, sent_at=now, claimed_until=None, sending_since=None, last_error="")
    )
    gone = ~exists(select(S.c.id).where(S.c.id == O.c.student_id))
    conn.execute(  # an alert about a student who has since deleted their data: sent, forgotten
        update(O).where(O.c.id == row_id, O.c.student_id.is_not(None), gone).values(payload={})
    )
    return result.rowcount == 1


def extend_lease(conn: Connection, row_ids: list[int], worker: str, until: datetime) -> int:
    """Keep a slow batch (a long retry-after, a busy platform) from being taken over."""
    result = conn.execute(
        update(O)
        .where(O.c.id.in_(row_ids), O.c.claimed_by == worker, O.c.status == PENDING)
        .values(claimed_until=until)
    )
    return result.rowcount


def mark_sending(conn: Connection, row_id: int, worker: str, now: datetime) -> bool:
    """Part `parts_sent` is about to go: if this worker dies now, it may have gone out.

    False if the lease was lost (another worker has the row): then do not send it.
    """
    result = conn.execute(update(O).where(_mine(row_id, worker)).values(sending_since=now))
    return result.rowcount == 1


def mark_part(conn: Connection, row_id: int, worker: str, parts: int, now: datetime) -> None:
    """The first `parts` messages of a multi-message row are out: a retry skips them.
    The next one is in flight from now (one write where two would do the same)."""
    conn.execute(update(O).where(_mine(row_id, worker)).values(parts_sent=parts, sending_since=now))


def retry_later(
    conn: Connection, row_id: int, worker: str, not_before: datetime, error: str
) -> None:
    """Hand the row back, due again at `not_before` (backoff or the platform's retry-after)."""
    conn.execute(
        update(O)
        .where(_mine(row_id, worker))
        .values(
            not_before=not_before,
            claimed_by=None,
            claimed_until=None,
            sending_since=None,
            last_error=error[:500],
        )
    )


def postpone(conn: Connection, row_id: int, worker: str, not_before: datetime) -> None:
    """Not a failure (e.g. quiet hours began): due later, the attempt not counted."""
    conn.execute(
        update(O)
        .where(_mine(row_id, worker))
        .values(
            not_before=not_before,
            claimed_by=None,
            claimed_until=None,
            sending_since=None,
            attempts=O.c.attempts - 1,
        )
    )


def park(conn: Connection, row_id: int, worker: str, error: str) -> None:
    """Give up on a row after too many attempts; `orbit outbox status` shows it."""
    conn.execute(
        update(O)
        .where(_mine(row_id, worker))
        .values(status=FAILED, claimed_until=None, sending_since=None, last_error=error[:500])
    )


def cancel(conn: Connection, row_id: int, worker: str) -> None:
    conn.execute(update(O).where(_mine(row_id, worker)).values(status=CANCELLED, payload={}))


def cancel_for_student(conn: Connection, student_id: str) -> int:
    """Nothing queued is sent to a student who deleted their data, and payloads go.

    A pending alert about them still reaches their coordinators (a crisis must not be
    lost because the student then pressed /delete).
    """
    result = conn.execute(
        update(O)
        .where(O.c.student_id == student_id, O.c.status == PENDING, O.c.kind != "alert")
        .values(status=CANCELLED, payload={}, team="", user_id="")
    )
    conn.execute(  # rows addressed to the student keep no trace of who they were
        update(O)
        .where(O.c.student_id == student_id, O.c.status != PENDING, O.c.kind != "alert")
        .values(payload={}, team="", user_id="")
    )
    conn.execute(
        update(O)
        .where(O.c.student_id == student_id, O.c.status != PENDING, O.c.kind == "alert")
        .values(payload={})
    )
    return result.rowcount


def pending_for_checkin(conn: Connection, checkin_id: str) -> dict[str, tuple[int, datetime]]:
    """{student id: (row id, not before)} of this check-in's rows still waiting to be sent
    (held by quiet hours, a retry, a worker): what `send-now` sends instead of a new row."""
    query = select(O.c.student_id, O.c.id, O.c.not_before).where(
        O.c.dedupe_key.startswith(f"checkin:{checkin_id}:"), O.c.status == PENDING
    )
    out: dict[str, tuple[int, datetime]] = {}
    for student_id, row_id, not_before in conn.execute(query.order_by(O.c.not_before)):
        if student_id is not None and student_id not in out:
            out[student_id] = (row_id, aware(not_before))  # type: ignore[assignment]
    return out


def bring_forward(conn: Connection, rows: dict[int, datetime]) -> int:
    """Make waiting rows due earlier ({row id: new not before}); never later."""
    moved = 0
    for row_id, not_before in rows.items():
        result = conn.execute(
            update(O)
            .where(O.c.id == row_id, O.c.status == PENDING, O.c.not_before > not_before)
            .values(not_before=not_before)
        )
        moved += result.rowcount
    return moved


def cancel_checkin(conn: Connection, checkin_id: str) -> int:
    result = conn.execute(
        update(O)
        .where(O.c.dedupe_key.startswith(f"checkin:{checkin_id}:"), O.c.status == PENDING)
        .values(status=CANCELLED, payload={})
    )
    return result.rowcount


def status_counts(conn: Connection) -> dict[str, dict[str, int]]:
    """{kind: {status: count}} for `orbit outbox status`."""
    query = select(O.c.kind, O.c.status, func.count()).group_by(O.c.kind, O.c.status)
    out: dict[str, dict[str, int]] = {}
    for kind, status, count in conn.execute(query):
        out.setdefault(kind, {})[status] = count
    return out


def failed_rows(conn: Connection, limit: int = 20) -> list[dict[str, Any]]:
    query = (
        select(O.c.id, O.c.dedupe_key, O.c.attempts, O.c.last_error)
        .where(O.c.status == FAILED)
        .order_by(O.c.id.desc())
        .limit(limit)
    )
    return [dict(r._mapping) for r in conn.execute(query)]


def keys_with_prefix(conn: Connection, prefix: str) -> list[str]:
    query = select(O.c.dedupe_key).where(O.c.dedupe_key.startswith(prefix))
    return list(conn.execute(query).scalars())
