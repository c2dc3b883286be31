"""The reply outbox: a committed turn's replies, kept until the adapter has sent them.

A turn's replies are inserted in the turn's own transaction, as one row per turn (one
executemany per group commit), so once a turn is committed its answer cannot be lost: if the
process dies before sending, the next start sends what is left (`pending`). Sent
replies are deleted, in batches, by their (platform, event id); nothing of the
student's words stays behind once they have seen it. Scheduled messages have
their own table (`outbox`): these rows are never claimed by a worker, only sent by
the process that serves the platform.

Functions are synchronous and take a connection in the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from bot.core.messages import Choice, ConversationKey, Outbound
from bot.store.tables import PendingReply, ProcessedEvent

RP = PendingReply.__table__  # type: ignore[attr-defined]
E = ProcessedEvent.__table__  # type: ignore[attr-defined]

INSERT = insert(RP)


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
    if reply.meta:
        payload["meta"] = reply.meta
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
        meta=dict(payload.get("meta", {})),
        private=bool(payload.get("private", False)),
    )


def row(key: ConversationKey, event_id: str, replies: Iterable[Outbound]) -> dict[str, Any]:
    """Serialised here, once (a plain text column: no type processing per batch row)."""
    payload = json.dumps([to_payload(reply) for reply in replies], separators=(",", ":"))
    return {
        "platform": key.platform,
        "team": key.team,
        "user_id": key.user,
        "event_id": event_id,
        "payload": payload,
    }


def mark_sent(conn: Connection, events: list[tuple[str, str]]) -> None:
    """Delete the replies of these (platform, event id) pairs: they reached the student."""
    by_platform: dict[str, list[str]] = {}
    for platform, event_id in events:
        by_platform.setdefault(platform, []).append(event_id)
    for platform, ids in by_platform.items():
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            conn.execute(delete(RP).where(RP.c.platform == platform, RP.c.event_id.in_(chunk)))


def forget_key(conn: Connection, key: ConversationKey, keep_event: str) -> None:
    """A student deleted their data: earlier unsent replies (which may quote them) go too."""
    conn.execute(
        delete(RP).where(
            RP.c.platform == key.platform,
            RP.c.team == key.team,
            RP.c.user_id == key.user,
            RP.c.event_id != keep_event,
        )
    )


def forget_orphans(conn: Connection) -> int:
    """Replies of events no longer remembered as processed (pruned after days)."""
    known = select(E.c.event_id).where(E.c.platform == RP.c.platform, E.c.event_id == RP.c.event_id)
    return conn.execute(delete(RP).where(~known.exists())).rowcount


def pending(
    conn: Connection, platform: str, team: str | None = None, user: str | None = None
) -> list[Unsent]:
    """Unsent replies of `platform` (one student's with `team` and `user`), oldest first."""
    query = select(RP).where(RP.c.platform == platform).order_by(RP.c.id)
    if team is not None:
        query = query.where(RP.c.team == team)
    if user is not None:
        query = query.where(RP.c.user_id == user)
    return _group(conn.execute(query))


def for_event(conn: Connection, platform: str, event_id: str) -> list[Outbound]:
    query = select(RP.c.payload).where(RP.c.platform == platform, RP.c.event_id == event_id)
    return [from_payload(p) for text in conn.execute(query).scalars() for p in json.loads(text)]


def _group(result: Iterable[Any]) -> list[Unsent]:
    return [
        Unsent(
            ConversationKey(r.platform, r.team, r.user_id),
            r.event_id,
            [from_payload(p) for p in json.loads(r.payload)],
        )
        for r in result
    ]
