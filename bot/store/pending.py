"""Join codes waiting for consent, so `/start CODE` survives a restart before "yes".

Nothing personal is stored before consent: a row holds a cohort's join code under a
salted SHA-256 of the platform key, and expires after `KEEP`. The salt is random per
deployment, kept in one reserved row, so the hash cannot be recomputed from a list
of platform ids without the database. Rows are deleted at yes or no.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, bindparam, delete, insert, select

from bot.store import queries
from bot.store.tables import PendingJoin
from bot.store.transactions import aware
from bot.vocab.keys import ConversationKey
from bot.vocab.records import TurnState

KEEP = timedelta(days=7)
SALT_ROW = "!salt"
_FOREVER = datetime(9999, 1, 1, tzinfo=UTC)
_table = PendingJoin.__table__  # type: ignore[attr-defined]
# Built once: building a select and its cache key costs more than running it.
_CODE = select(_table.c.code, _table.c.expires_at).where(_table.c.key_hash == bindparam("hash"))


def _salt(conn: Connection) -> str:
    found = conn.execute(select(_table.c.code).where(_table.c.key_hash == SALT_ROW)).scalar()
    if found is None:
        found = secrets.token_hex(16)
        conn.execute(insert(_table).values(key_hash=SALT_ROW, code=found, expires_at=_FOREVER))
    return str(found)


def key_hash(salt: str, key: ConversationKey) -> str:
    raw = f"{salt}\x1f{key.platform}\x1f{key.team}\x1f{key.user}".encode()
    return hashlib.sha256(raw).hexdigest()


def remember(conn: Connection, key: ConversationKey, code: str, now: datetime) -> None:
    """Hold `code` for `key` until `now + KEEP` (expired rows of anyone are purged)."""
    hashed = key_hash(_salt(conn), key)
    conn.execute(
        delete(_table).where(
            (_table.c.key_hash == hashed)
            | ((_table.c.expires_at < now) & (_table.c.key_hash != SALT_ROW))
        )
    )
    conn.execute(insert(_table).values(key_hash=hashed, code=code[:64], expires_at=now + KEEP))


def held(
    conn: Connection, key: ConversationKey, salt: str | None = None
) -> tuple[tuple[str, datetime] | None, str | None]:
    """((the code held for `key`, when it expires) or None, the salt): read with the
    turn's own load (`load_turn` below), so a consent costs no read of its own. One
    query once the salt is known; the salt row is looked up until a code is ever held."""
    if salt is None:
        found = conn.execute(_CODE, {"hash": SALT_ROW}).first()
        if found is None:
            return None, None  # no code was ever held
        salt = str(found.code)
    row = conn.execute(_CODE, {"hash": key_hash(salt, key)}).first()
    if row is None:
        return None, salt
    return (str(row.code), aware(row.expires_at) or _FOREVER), salt


def load_turn(
    conn: Connection, key: ConversationKey, event_id: str, salt: str | None, with_code: bool
) -> tuple[TurnState, str | None]:
    """The turn's state and, with `with_code` for someone not yet a student, the code held
    for them, on one connection (`queries.load_turn` alone otherwise); (state, salt)."""
    state = queries.load_turn(conn, key, event_id)
    if state.student is not None or not with_code:
        return state, salt
    code, salt = held(conn, key, salt)
    return (replace(state, pending_join=code) if code else state), salt


def forget(conn: Connection, key: ConversationKey) -> None:
    salt = conn.execute(select(_table.c.code).where(_table.c.key_hash == SALT_ROW)).scalar()
    if salt is not None:
        conn.execute(delete(_table).where(_table.c.key_hash == key_hash(str(salt), key)))
