"""The reply outbox: a committed turn's replies, kept until the adapter has sent them.

A turn's replies are written in the turn's own transaction (one executemany per group
commit), so once a turn is committed its answer cannot be lost: if the process dies
before sending, the next start sends what is left (`pending`). There is one row per
student (platform, team, user): a student's next turn replaces it, since adapters
send a turn's replies before they take that student's next message. Sent replies are
deleted, in batches, unless the same batch already replaced them (a student who keeps
talking costs no delete at all); nothing of the student's words stays behind once
they have seen it. Scheduled messages have their own table (`outbox`): these rows are
never claimed by a worker, only sent by the process that serves the platform.

Functions are synchronous and take a connection in the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from bot.store.tables import PendingReply, ProcessedEvent
from bot.support.redact import event_digest
from bot.vocab.keys import ConversationKey
from bot.vocab.messages import Choice, Outbound

RP = PendingReply.__table__  # type: ignore[attr-defined]
E = ProcessedEvent.__table__  # type: ignore[attr-defined]

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
DELETE_SENT = delete(RP).where(
    RP.c.platform == bindparam("p_platform"),
    RP.c.team == bindparam("p_team"),
    RP.c.user_id == bindparam("p_user"),
    RP.c.event_id == bindparam("p_event"),
)


@dataclass(frozen=True, slots=True)
class Unsent:
    """The replies of one committed turn that were not (known to be) sent."""

    key: ConversationKey
    event_id: str
    replies: list[Outbound]


def to_payload(reply: Outbound) -> dict[str, Any]:
    """Only what the adapter needs to send it again; empty fields are left out."""
    payload: dict[str, Any] = {"text": reply.text}
    if reply.choices:
        payload["choices"] = [[c.value, c.label] for c in reply.choices]
    if reply.multi:
        payload["multi"] = True
    if reply.image_path:
        payload["image"] = reply.image_path
    if reply.document:
        payload["document"] = reply.document
    if reply.private:
        payload["private"] = True
    return payload


def from_payload(payload: dict[str, Any]) -> Outbound:
    return Outbound(
        text=payload.get("text", ""),
        choices=tuple(Choice(value, label) for value, label in payload.get("choices", ())),
        multi=bool(payload.get("multi", False)),
        image_path=payload.get("image"),
        document=payload.get("document"),
        private=bool(payload.get("private", False)),
    )


def row(key: ConversationKey, event_id: str, replies: Iterable[Outbound]) -> dict[str, Any]:
    """Serialised here, once (a plain text column: no type processing per batch row)."""
    payload = _ENCODE([to_payload(reply) for reply in replies])
    return {
        "platform": key.platform,
        "team": key.team,
        "user_id": key.user,
        "event_id": event_id,
        "payload": payload,
    }


def _upsert(dialect: Any) -> Any:
    statement = dialect.insert(RP)
    return statement.on_conflict_do_update(
        index_elements=["platform", "team", "user_id"],
        set_={"event_id": statement.excluded.event_id, "payload": statement.excluded.payload},
    )


# Built once per dialect: building it (and its cache key) every batch cost more than its rows.
_UPSERT = {"postgresql": _upsert(postgresql), "sqlite": _upsert(sqlite)}


def upsert(conn: Connection) -> Any:
    """INSERT ... ON CONFLICT (the student) DO UPDATE: a turn's replies replace the last."""
    return _UPSERT["postgresql" if conn.dialect.name == "postgresql" else "sqlite"]


def mark_sent(conn: Connection, events: list[tuple[ConversationKey, str]]) -> None:
    """Delete these turns' replies (a student's row only if it is still that turn's)."""
    if events:
        conn.execute(
            DELETE_SENT,
            [
                {"p_platform": k.platform, "p_team": k.team, "p_user": k.user, "p_event": e}
                for k, e in events
            ],
        )


def forget_orphans(conn: Connection) -> int:
    """Replies of events no longer remembered as processed (pruned after days).

    Processed events are stored as digests (`event_digest`), so the match is made here
    rather than in SQL; there is at most one row per student."""
    rows = conn.execute(select(RP.c.platform, RP.c.team, RP.c.user_id, RP.c.event_id)).all()
    if not rows:
        return 0
    digests = sorted({(r.platform, event_digest(r.event_id)) for r in rows})
    known: set[tuple[str, str]] = set()
    for start in range(0, len(digests), 500):  # SQLite's limit on bound parameters
        chunk = digests[start : start + 500]
        found = select(E.c.platform, E.c.event_id).where(
            tuple_(E.c.platform, E.c.event_id).in_(chunk)
        )
        known.update((e.platform, e.event_id) for e in conn.execute(found))
    orphans = [
        {"p_platform": r.platform, "p_team": r.team, "p_user": r.user_id, "p_event": r.event_id}
        for r in rows
        if (r.platform, event_digest(r.event_id)) not in known
    ]
    if orphans:
        conn.execute(DELETE_SENT, orphans)
    return len(orphans)


def pending(
    conn: Connection, platform: str, team: str | None = None, user: str | None = None
) -> list[Unsent]:
    """Unsent replies of `platform` (one student's with `team` and `user`)."""
    query = select(RP).where(RP.c.platform == platform)
    if team is not None:
        query = query.where(RP.c.team == team)
    if user is not None:
        query = query.where(RP.c.user_id == user)
    return [
        Unsent(
            ConversationKey(r.platform, r.team, r.user_id),
            r.event_id,
            [from_payload(p) for p in json.loads(r.payload)],
        )
        for r in conn.execute(query)
    ]


def for_event(conn: Connection, key: ConversationKey, event_id: str) -> list[Outbound]:
    query = select(RP.c.payload).where(
        RP.c.platform == key.platform,
        RP.c.team == key.team,
        RP.c.user_id == key.user,
        RP.c.event_id == event_id,
    )
    return [from_payload(p) for text in conn.execute(query).scalars() for p in json.loads(text)]
