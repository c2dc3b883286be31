"""The dashboard's sign-in links and sessions: the SQL.

Only hashes of tokens are stored (`token_hash`); the random token itself lives only in
the link a person was sent (`link_to_dm` queues it to their DM), or in their browser's
cookie. A link is spent by one conditional UPDATE, so two tabs racing with the same
link get one session between them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from bot.store.cohorts import G
from bot.store.dashboard_tables import DashboardSecret, DashboardSession, SignInLink
from bot.store.outbox import enqueue
from bot.store.transactions import aware
from bot.support.tokens import new_token, token_hash
from bot.vocab.changes import OutboxMessage
from bot.vocab.keys import ConversationKey
from bot.vocab.payloads import ALERT, RenderTemplate

LINK = SignInLink.__table__  # type: ignore[attr-defined]
SESSION = DashboardSession.__table__  # type: ignore[attr-defined]
SECRET = DashboardSecret.__table__  # type: ignore[attr-defined]

Refusal = Literal["unknown", "used", "expired"]


@dataclass(frozen=True, slots=True)
class SessionRecord:
    key: ConversationKey
    csrf: str
    seen_at: datetime


def issue_link(
    conn: Connection, key: ConversationKey, token_hash: str, now: datetime, ttl: timedelta
) -> datetime:
    """Store a new link for `key`; returns when it expires. Spent and expired links of
    any user older than a day are swept here, so the table stays small."""
    conn.execute(delete(LINK).where(LINK.c.expires_at < now - timedelta(days=1)))
    expires = now + ttl
    conn.execute(
        insert(LINK),
        {
            "token_hash": token_hash,
            "platform": key.platform,
            "team": key.team,
            "user_id": key.user,
            "created_at": now,
            "expires_at": expires,
        },
    )
    return expires


def link_to_dm(
    conn: Connection, key: ConversationKey, base_url: str, now: datetime, ttl: timedelta
) -> datetime | None:
    """A new link for a coordinator or an admin, queued to their own DM as a message
    that goes at once (like a staff alert); when it expires. None (and nothing stored)
    for anyone else: a student's request makes no link."""
    roles = conn.execute(
        select(G.c.role).where(
            G.c.platform == key.platform, G.c.team == key.team, G.c.user_id == key.user
        )
    ).all()
    if not roles:
        return None
    token = new_token()
    expires = issue_link(conn, key, token_hash(token), now, ttl)
    message = OutboxMessage(
        dedupe_key=f"dashboard-link:{token_hash(token)[:32]}",
        kind=ALERT,
        key=key,
        student_id=None,
        payload=RenderTemplate(
            template="dashboard/link",
            context={
                "url": f"{base_url.rstrip('/')}/signin/{token}",
                "minutes": int(ttl.total_seconds() // 60),
            },
        ),
        not_before=now,
    )
    enqueue(conn, [message], now)
    return expires


def redeem_link(conn: Connection, token_hash: str, now: datetime) -> ConversationKey | Refusal:
    """Spend a link: whose it is, or why it opens nothing (unknown, used, expired)."""
    spent = conn.execute(
        update(LINK)
        .where(LINK.c.token_hash == token_hash, LINK.c.used_at.is_(None), LINK.c.expires_at > now)
        .values(used_at=now)
    )
    row = conn.execute(select(LINK).where(LINK.c.token_hash == token_hash)).first()
    if row is None:
        return "unknown"
    if spent.rowcount != 1:
        return "used" if row.used_at is not None else "expired"
    return ConversationKey(row.platform, row.team, row.user_id)


def open_session(
    conn: Connection, id_hash: str, key: ConversationKey, csrf: str, now: datetime, idle: timedelta
) -> None:
    conn.execute(delete(SESSION).where(SESSION.c.seen_at < now - idle))
    conn.execute(
        insert(SESSION),
        {
            "id_hash": id_hash,
            "platform": key.platform,
            "team": key.team,
            "user_id": key.user,
            "csrf": csrf,
            "created_at": now,
            "seen_at": now,
        },
    )


def find_session(
    conn: Connection, id_hash: str, now: datetime, idle: timedelta
) -> SessionRecord | None:
    """The session, unless it is unknown or has been idle longer than `idle`."""
    row = conn.execute(select(SESSION).where(SESSION.c.id_hash == id_hash)).first()
    if row is None:
        return None
    seen = aware(row.seen_at)
    assert seen is not None
    if now - seen > idle:
        return None
    return SessionRecord(ConversationKey(row.platform, row.team, row.user_id), row.csrf, seen)


def touch_session(conn: Connection, id_hash: str, now: datetime) -> None:
    conn.execute(update(SESSION).where(SESSION.c.id_hash == id_hash).values(seen_at=now))


def close_session(conn: Connection, id_hash: str) -> None:
    conn.execute(delete(SESSION).where(SESSION.c.id_hash == id_hash))


def cookie_secret(conn: Connection) -> str:
    """The deployment's cookie-signing key, made at first use and kept."""
    row = conn.execute(select(SECRET.c.value).where(SECRET.c.name == "cookie")).first()
    if row is not None:
        return str(row.value)
    value = secrets.token_hex(32)
    conn.execute(insert(SECRET), {"name": "cookie", "value": value})
    return value
