"""Workspaces Orbit was installed into by OAuth: their tokens, the OAuth `state`s,
and what happens after an uninstall.

The adapter turns slack_sdk's `Bot` into an `Install` and back, so no SQL and no
platform library meet. When a workspace uninstalls Orbit its tokens go at once;
its students' data goes after a grace period (a mistaken uninstall can be undone
by installing again), deleted as `/delete` deletes one student's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from bot.store import audit
from bot.store.queries import S
from bot.store.tables import (
    CheckInResponse,
    Membership,
    PendingReply,
    RoleGrant,
    SlackInstall,
    SlackOAuthState,
    WorkspaceRemoval,
)
from bot.store.transactions import aware
from bot.store.writes import erase_student
from bot.vocab.keys import ConversationKey

if TYPE_CHECKING:
    from bot.store.store import Store

IN = SlackInstall.__table__  # type: ignore[attr-defined]
ST = SlackOAuthState.__table__  # type: ignore[attr-defined]
W = WorkspaceRemoval.__table__  # type: ignore[attr-defined]
M = Membership.__table__  # type: ignore[attr-defined]
R = CheckInResponse.__table__  # type: ignore[attr-defined]
G = RoleGrant.__table__  # type: ignore[attr-defined]
PR = PendingReply.__table__  # type: ignore[attr-defined]
SLACK = "slack"


@dataclass(frozen=True, slots=True)
class Install:
    """One workspace's bot installation, as Slack's OAuth handed it over."""

    enterprise_id: str
    team_id: str
    bot_token: str
    installed_at: datetime
    app_id: str = ""
    team_name: str = ""
    bot_id: str = ""
    bot_user_id: str = ""
    bot_scopes: str = ""
    bot_refresh_token: str | None = None
    bot_token_expires_at: datetime | None = None
    installer_user_id: str = ""
    is_enterprise_install: bool = False


def _match(enterprise_id: str | None, team_id: str | None) -> tuple[Any, ...]:
    return (IN.c.enterprise_id == (enterprise_id or ""), IN.c.team_id == (team_id or ""))


def save_install(conn: Connection, install: Install) -> None:
    """Insert or replace (a reinstall, or rotated tokens); a reinstall within the grace
    period cancels the pending removal of the workspace's students."""
    conn.execute(delete(IN).where(*_match(install.enterprise_id, install.team_id)))
    conn.execute(insert(IN), asdict(install))
    conn.execute(delete(W).where(W.c.platform == SLACK, W.c.team == install.team_id))


def find_install(
    conn: Connection, enterprise_id: str | None, team_id: str | None
) -> Install | None:
    row = conn.execute(select(IN).where(*_match(enterprise_id, team_id))).mappings().first()
    if row is None:
        return None
    values = dict(row)
    values["installed_at"] = aware(values["installed_at"])
    values["bot_token_expires_at"] = aware(values["bot_token_expires_at"])
    return Install(**values)


def installed_teams(conn: Connection) -> list[str]:
    return list(conn.execute(select(IN.c.team_id).order_by(IN.c.team_id)).scalars())


def remove_install(
    conn: Connection,
    enterprise_id: str | None,
    team_id: str | None,
    now: datetime,
    grace: timedelta,
) -> bool:
    """Delete the workspace's tokens now and schedule its students' data to go after
    `grace`. True when there was an installation."""
    gone = conn.execute(delete(IN).where(*_match(enterprise_id, team_id))).rowcount
    team = team_id or ""
    conn.execute(delete(W).where(W.c.platform == SLACK, W.c.team == team))
    conn.execute(
        insert(W),
        {"platform": SLACK, "team": team, "removed_at": now, "purge_after": now + grace},
    )
    return bool(gone)


# --- OAuth state ---------------------------------------------------------------------


def issue_state(conn: Connection, state: str, expires_at: datetime, now: datetime) -> None:
    """Keep a `state` until it is used or expires (expired ones are swept here)."""
    conn.execute(delete(ST).where(ST.c.expires_at < now))
    conn.execute(insert(ST), {"state": state, "expires_at": expires_at})


def consume_state(conn: Connection, state: str, now: datetime) -> bool:
    """True once for a `state` we issued that has not expired; never again."""
    row = conn.execute(select(ST.c.expires_at).where(ST.c.state == state)).first()
    if row is None:
        return False
    conn.execute(delete(ST).where(ST.c.state == state))
    return (aware(row.expires_at) or now) >= now


# --- after an uninstall: the students' data --------------------------------------------


def purge_due(conn: Connection, now: datetime) -> list[ConversationKey]:
    """Delete the students (as `/delete` does), their replies waiting to be sent and the
    staff roles of every workspace whose grace period is over; the keys deleted."""
    teams = list(conn.execute(select(W.c.platform, W.c.team).where(W.c.purge_after <= now)).all())
    deleted: list[ConversationKey] = []
    for platform, team in teams:
        deleted += _delete_students(conn, platform, team, now)
        conn.execute(delete(PR).where(PR.c.platform == platform, PR.c.team == team))
        conn.execute(delete(G).where(G.c.platform == platform, G.c.team == team))
        conn.execute(delete(W).where(W.c.platform == platform, W.c.team == team))
    return deleted


def _delete_students(
    conn: Connection, platform: str, team: str, now: datetime
) -> list[ConversationKey]:
    rows = conn.execute(
        select(S.c.id, S.c.user_id).where(S.c.platform == platform, S.c.team == team)
    ).all()
    keys = [ConversationKey(platform, team, user) for _, user in rows]
    for (sid, _), key in zip(rows, keys, strict=True):
        erase_student(conn, sid)  # /delete's own erase
        ref = audit.student_ref(key)
        audit.record(conn, "uninstall", "delete", ref, f"workspace {team} removed", now)
    return keys


async def purge_removed_workspaces(store: Store, now: datetime) -> int:
    """Run `purge_due` on the writer and drop the deleted students from the cache."""
    keys: Iterable[ConversationKey] = await store.writer.run(purge_due, now)
    count = 0
    for key in keys:
        store.cache.evict(key)
        count += 1
    return count
