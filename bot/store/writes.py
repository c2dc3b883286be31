"""Applying turns: many turns' changes in one transaction, checked and batched.

Concurrent turns are committed together (group commit): one transaction checks
every turn's conversation version and event id, then applies each kind of change
with one executemany. A turn that lost a race is reported as a conflict, not
written. If the batch fails as a whole, each turn is retried on its own so one
bad turn never takes the others down.

The functions are synchronous so a whole batch can run in one call: in a thread
on SQLite's own driver, or through `run_sync` on an async PostgreSQL connection.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Date, bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from bot.store import audit, outbox, replies
from bot.store.queries import A, C, D, E, L, P, S
from bot.store.tables import CheckIn, CheckInResponse, Membership, RoleGrant
from bot.support.redact import event_digest
from bot.vocab.changes import (
    AddPerson,
    Audited,
    CommitResult,
    CompleteLesson,
    CreateCheckIn,
    CreateStudent,
    DeleteStudent,
    Enqueue,
    GrantRole,
    JoinCohort,
    RemovePerson,
    SaveAsk,
    SaveCheckInResponse,
    SaveDraft,
    SetLocale,
    SetOptedOut,
    SetPaused,
    SetTimezone,
    TurnWrite,
    UpdateAsk,
    UpdatePerson,
)
from bot.vocab.keys import ConversationKey
from bot.vocab.records import utcnow


def apply_turns(
    conn: Connection,
    turns: list[TurnWrite],
    *,
    lock_rows: bool,
    sent: list[tuple[ConversationKey, str]] | None = None,
) -> list[CommitResult]:
    """Apply `turns` inside the caller's transaction; return one result per turn.

    `sent`: (student key, event id) of turns whose replies went out since the last
    batch. Their rows are deleted in the same transaction (no commit of their own),
    unless a turn of the same student in this batch replaces them anyway.
    """
    digests = [event_digest(t.event_id) for t in turns]  # once per turn: a sha256 each
    results = _check(conn, turns, digests, lock_rows=lock_rows) if turns else []
    accepted = [
        (t, d)
        for t, d, r in zip(turns, digests, results, strict=True)
        if r is CommitResult.COMMITTED
    ]
    if sent:
        replaced = {t.key for t, _ in accepted if t.replies}
        replies.mark_sent(conn, [(k, e) for k, e in sent if k not in replaced])
    if accepted:
        _write(conn, accepted)
    return results


# The batch's checks, built once: building a statement per batch (its columns, its
# IN list) cost the writer thread as much as the SQL itself at small paced batches, and
# every microsecond there is taken from the turns by the GIL (BENCHMARKS.md, s23).
_VERSIONS = select(C.c.student_id, C.c.version).where(
    C.c.student_id.in_(bindparam("ids", expanding=True))
)
_VERSIONS_LOCKED = _VERSIONS.with_for_update()
_SEEN = select(E.c.event_id).where(
    E.c.platform == bindparam("platform"), E.c.event_id.in_(bindparam("digests", expanding=True))
)
_TAKEN = select(S.c.user_id).where(
    S.c.platform == bindparam("platform"),
    S.c.team == bindparam("team"),
    S.c.user_id.in_(bindparam("users", expanding=True)),
)


def _check(
    conn: Connection, turns: list[TurnWrite], digests: list[str], *, lock_rows: bool
) -> list[CommitResult]:
    ids = [t.student_id for t in turns]
    version_query = _VERSIONS_LOCKED if lock_rows else _VERSIONS
    versions = {r.student_id: r.version for r in conn.execute(version_query, {"ids": ids})}
    seen = _seen_events(conn, [(t.platform, d) for t, d in zip(turns, digests, strict=True)])
    taken = _existing_keys(conn, turns)
    results = []
    for turn, digest in zip(turns, digests, strict=True):
        if (turn.platform, digest) in seen:
            results.append(CommitResult.DUPLICATE)
        elif _creates(turn) in taken or versions.get(turn.student_id, 0) != turn.expected_version:
            results.append(CommitResult.CONFLICT)
        else:
            results.append(CommitResult.COMMITTED)
    return results


def _seen_events(conn: Connection, events: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which (platform, event digest) pairs are processed already.

    One `platform = ? AND event_id IN (...)` per platform: that searches the primary key.
    A row-value `(platform, event_id) IN (...)` made SQLite scan the whole table, which
    holds three days of events, on every batch (BENCHMARKS.md, 2026-11-30 evening)."""
    by_platform: dict[str, list[str]] = defaultdict(list)
    for platform, digest in events:
        by_platform[platform].append(digest)
    seen: set[tuple[str, str]] = set()
    for platform, digests in by_platform.items():
        found = conn.execute(_SEEN, {"platform": platform, "digests": digests}).scalars()
        seen.update((platform, event_id) for event_id in found)
    return seen


def _creates(turn: TurnWrite) -> tuple[str, str, str] | None:
    for change in turn.changes:
        if isinstance(change, CreateStudent):
            return (change.platform, change.team, change.user_id)
    return None


def _existing_keys(conn: Connection, turns: list[TurnWrite]) -> set[tuple[str, str, str] | None]:
    """Student keys a turn wants to create that exist already (created by a racing turn).
    Looked up per (platform, team), so the unique index is searched, not scanned."""
    users: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in map(_creates, turns):
        if key is not None:
            users[(key[0], key[1])].append(key[2])
    taken: set[tuple[str, str, str] | None] = set()
    for (platform, team), user_ids in users.items():
        found = conn.execute(_TAKEN, {"platform": platform, "team": team, "users": user_ids})
        taken.update((platform, team, user) for user in found.scalars())
    return taken


def _write(conn: Connection, turns: list[tuple[TurnWrite, str]]) -> None:
    """Each kind of change of all `turns` (with their event digests) in one executemany."""
    batch_now = utcnow()
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    deleted: list[str] = []
    for turn, digest in turns:
        sid = turn.student_id
        now = turn.at or batch_now
        for change in turn.changes:
            _collect(rows, sid, change, now)
            if isinstance(change, DeleteStudent):
                deleted.append(sid)
            if (audited := audit.for_change(turn.key, change, now)) is not None:
                rows["audit"].append(audited)
        if sid not in deleted:
            kind = (
                "conv_new"
                if turn.expected_version == 0
                else "conv_update"
                if turn.by_student
                else "conv_update_quiet"
            )
            rows[kind].append(
                {"sid": sid, "frames": turn.frames, "v": turn.expected_version, "now": now}
            )
        rows["event"].append({"platform": turn.platform, "event_id": digest, "processed_at": now})
        if turn.replies:
            rows["reply"].append(replies.row(turn.key, turn.event_id, turn.replies))
    for kind, statement in _STATEMENTS:
        if rows.get(kind):
            conn.execute(statement, rows[kind])
    if rows.get("reply"):  # dialect-specific: ON CONFLICT (the student) DO UPDATE
        conn.execute(replies.upsert(conn), rows["reply"])
    if rows.get("outbox"):  # dialect-specific: ON CONFLICT (dedupe_key) DO NOTHING
        conn.execute(outbox.insert_ignoring_duplicates(conn), rows["outbox"])
    for sid in deleted:
        erase_student(conn, sid)


def erase_student(conn: Connection, sid: str) -> None:
    """What `/delete` removes (and retention, the same way): the map, progress, drafts,
    asks, memberships, answers, the conversation and the student; their queued
    messages are cancelled and blanked (bot/store/outbox.py)."""
    for table in (P, L, D, A, M, R, C):
        conn.execute(delete(table).where(table.c.student_id == sid))
    conn.execute(delete(S).where(S.c.id == sid))
    outbox.cancel_for_student(conn, sid)


def _collect(rows: dict[str, list[dict[str, Any]]], sid: str, change: Any, now: Any) -> None:
    match change:
        case CreateStudent():
            rows["student"].append(
                {
                    "id": sid,
                    "platform": change.platform,
                    "team": change.team,
                    "user_id": change.user_id,
                    "display_name": change.display_name,
                    "locale": change.locale,
                    "timezone": change.timezone,
                    "role": "student",
                    "consent_at": now,
                    "paused": False,
                    "opted_out": False,
                    "created_at": now,
                }
            )
        case AddPerson():
            rows["person_add"].append(
                {
                    "id": change.id,
                    "student_id": sid,
                    "name": change.name,
                    "domain": change.domain,
                    "supports": list(change.supports),
                    "closeness": change.closeness,
                    "added_at": now,
                    "last_reviewed_at": now,
                }
            )
        case UpdatePerson():
            rows["person_update"].append(
                {
                    "pid": change.id,
                    "sid": sid,
                    "name": change.name,
                    "domain": change.domain,
                    "supports": list(change.supports),
                    "closeness": change.closeness,
                    "now": now,
                }
            )
        case RemovePerson():
            rows["person_remove"].append({"pid": change.id, "sid": sid})
        case CompleteLesson():
            rows["progress_clear"].append({"sid": sid, "lesson": change.lesson})
            rows["progress"].append(
                {
                    "student_id": sid,
                    "lesson": change.lesson,
                    "completed_at": now,
                    "answers": change.answers,
                }
            )
        case SetPaused():
            rows["paused"].append({"sid": sid, "paused": change.paused})
        case SetLocale():
            rows["locale"].append({"sid": sid, "locale": change.locale})
        case SetTimezone():
            rows["timezone"].append({"sid": sid, "timezone": change.timezone})
        case SaveDraft():
            rows["draft"].append(
                {
                    "id": change.id,
                    "student_id": sid,
                    "recipient": change.recipient,
                    "purpose": change.purpose,
                    "version": change.version,
                    "text": change.text,
                    "ready": change.ready,
                    "rubric": change.rubric,
                    "created_at": now,
                }
            )
        case SaveAsk():
            rows["ask"].append(
                {
                    "id": change.id,
                    "student_id": sid,
                    "helper": change.helper,
                    "goal": change.goal,
                    "kind": change.kind,
                    "what": change.what,
                    "by_date": change.by_date,
                    "how": change.how,
                    "opening_line": change.opening_line,
                    "follow_up_on": change.follow_up_on,
                    "status": "planned",
                    "outcome_note": "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
        case UpdateAsk():
            rows["ask_update"].append(
                {
                    "aid": change.id,
                    "sid": sid,
                    "status": change.status,
                    "note": change.outcome_note,
                    "follow": change.follow_up_on,
                    "now": now,
                }
            )
        case GrantRole():
            rows["grant"].append(
                {
                    "platform": change.platform,
                    "team": change.team,
                    "user_id": change.user_id,
                    "role": change.role,
                    "cohort_id": change.cohort_id,
                    "display_name": change.display_name,
                    "granted_at": now,
                }
            )
        case JoinCohort():
            rows["membership"].append({"cohort_id": change.cohort_id, "sid": sid, "now": now})
        case SetOptedOut():
            rows["opted_out"].append({"sid": sid, "opted_out": change.opted_out})
        case SaveCheckInResponse():
            rows["response_clear"].append(
                {"cid": change.checkin_id, "occ": change.occurrence, "sid": sid}
            )
            rows["response"].append(
                {
                    "checkin_id": change.checkin_id,
                    "occurrence": change.occurrence,
                    "student_id": sid,
                    "answer": change.answer,
                    "answered_at": now,
                }
            )
        case CreateCheckIn():
            rows["checkin"].append(
                {
                    "id": change.id,
                    "cohort_id": change.cohort_id,
                    "message": change.message,
                    "question": change.question,
                    "cron": "",
                    "at": change.at,
                    "timezone": change.timezone,
                    "status": "active",
                    "created_at": now,
                }
            )
        case Enqueue():
            rows["outbox"].extend(outbox.outbox_values(m, now) for m in change.messages)
        case DeleteStudent() | Audited():
            pass  # the deletion runs last in `_write`; audit rows come from audit.for_change
        case _:
            raise TypeError(f"unknown change {change!r}")


M = Membership.__table__  # type: ignore[attr-defined]
R = CheckInResponse.__table__  # type: ignore[attr-defined]
K = CheckIn.__table__  # type: ignore[attr-defined]
G = RoleGrant.__table__  # type: ignore[attr-defined]


def _b(name: str) -> Any:
    return bindparam(name)


# Order matters only across kinds: a student row exists before anything refers to it.
_STATEMENTS: list[tuple[str, Any]] = [
    ("student", insert(S)),
    (
        "conv_new",
        insert(C).values(
            student_id=_b("sid"), frames=_b("frames"), version=1, updated_at=_b("now")
        ),
    ),
    (
        "conv_update",
        update(C)
        .where(C.c.student_id == _b("sid"), C.c.version == _b("v"))
        .values(frames=_b("frames"), version=C.c.version + 1, updated_at=_b("now")),
    ),
    (
        "conv_update_quiet",
        update(C)
        .where(C.c.student_id == _b("sid"), C.c.version == _b("v"))
        .values(frames=_b("frames"), version=C.c.version + 1),
    ),
    ("person_add", insert(P)),
    (
        "person_update",
        update(P)
        .where(P.c.id == _b("pid"), P.c.student_id == _b("sid"))
        .values(
            name=_b("name"),
            domain=_b("domain"),
            supports=_b("supports"),
            closeness=_b("closeness"),
            last_reviewed_at=_b("now"),
        ),
    ),
    ("person_remove", delete(P).where(P.c.id == _b("pid"), P.c.student_id == _b("sid"))),
    ("progress_clear", delete(L).where(L.c.student_id == _b("sid"), L.c.lesson == _b("lesson"))),
    ("progress", insert(L)),
    ("paused", update(S).where(S.c.id == _b("sid")).values(paused=_b("paused"))),
    ("locale", update(S).where(S.c.id == _b("sid")).values(locale=_b("locale"))),
    ("timezone", update(S).where(S.c.id == _b("sid")).values(timezone=_b("timezone"))),
    ("draft", insert(D)),
    ("ask", insert(A)),
    (
        "ask_update",
        update(A)
        .where(A.c.id == _b("aid"), A.c.student_id == _b("sid"))
        .values(
            status=_b("status"),
            outcome_note=_b("note"),
            # "not yet" with a new day for the smaller step: follow that up instead
            follow_up_on=func.coalesce(bindparam("follow", type_=Date), A.c.follow_up_on),
            updated_at=_b("now"),
        ),
    ),
    ("opted_out", update(S).where(S.c.id == _b("sid")).values(opted_out=_b("opted_out"))),
    (
        "membership",
        # Joining twice is harmless: the row goes and comes back in one batch.
        delete(M).where(M.c.cohort_id == _b("cohort_id"), M.c.student_id == _b("sid")),
    ),
    (
        "membership",
        insert(M).values(cohort_id=_b("cohort_id"), student_id=_b("sid"), joined_at=_b("now")),
    ),
    (
        "response_clear",
        delete(R).where(
            R.c.checkin_id == _b("cid"), R.c.occurrence == _b("occ"), R.c.student_id == _b("sid")
        ),
    ),
    ("response", insert(R)),
    ("checkin", insert(K)),
    (
        "grant",  # granting twice leaves one grant
        delete(G).where(
            G.c.platform == _b("platform"),
            G.c.team == _b("team"),
            G.c.user_id == _b("user_id"),
            G.c.role == _b("role"),
            G.c.cohort_id == _b("cohort_id"),
        ),
    ),
    ("grant", insert(G)),
    ("audit", insert(audit.A)),
    ("event", insert(E)),
]


def prune_processed_events(conn: Connection, before: datetime) -> int:
    """Forget event ids older than any platform redelivers (Telegram and Slack retry for
    minutes, not days), so the table that makes redeliveries harmless stays small.
    Replies left unsent as long (a terminal user who never came back) go too: a reply
    days late helps no one, and it may quote the student."""
    pruned = conn.execute(delete(E).where(E.c.processed_at < before)).rowcount
    replies.forget_orphans(conn)
    return pruned
