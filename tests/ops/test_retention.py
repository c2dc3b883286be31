"""Retention deletes exactly the students idle past `retention_days`, after their warning.

A year's story on a fixed clock (retention_days = 365): Ana and Ben never come back,
Eve answers the warning, Dee joined later. The warning goes a week before; Eve's reply
saves her map; Ana and Ben are deleted as /delete deletes, a week after their warning
and not before; every step leaves an audit row.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.schedule.retention import TEMPLATE, Retention, run
from bot.store import audit, outbox
from bot.store.store import Store
from bot.store.transactions import Transactions
from bot.vocab.messages import Markup
from tests.support.chat import Chat
from tests.support.coach import make_coach

T0 = datetime(2025, 1, 6, 15, 0, tzinfo=UTC)
POLICY = Retention(days=365)


@pytest.fixture
async def store(sqlite_url: str) -> AsyncIterator[Store]:
    opened = await Store(sqlite_url).open()
    yield opened
    await opened.close()


def _warnings(conn) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    query = select(outbox.O.c.dedupe_key, outbox.O.c.user_id).where(
        outbox.O.c.dedupe_key.startswith("retention:")
    )
    return sorted((key.split(":")[1], user) for key, user in conn.execute(query))


async def test_idle_students_are_warned_then_deleted_and_no_one_else(store: Store) -> None:
    now = [T0]
    coach = make_coach(store, clock=lambda: now[0])
    chats = {name: Chat(coach, user=name) for name in ("ana", "ben", "eve", "dee")}
    for name in ("ana", "ben", "eve"):
        await chats[name].walk("hi", "yes", "Mom", "1", "close", "done")
    now[0] = T0 + timedelta(days=300)
    await chats["dee"].walk("hi", "yes")
    ids = {n: (await store.export(c.key) or {})["student"]["id"] for n, c in chats.items()}
    tx = Transactions(store)
    try:
        assert await run(tx, POLICY, T0 + timedelta(days=357)) == 0  # not yet: 358 days
        assert await run(tx, POLICY, T0 + timedelta(days=360)) == 3  # ana, ben, eve warned
        assert await run(tx, POLICY, T0 + timedelta(days=361)) == 0  # once per silence
        warned = await store.read(_warnings)
        assert warned == sorted([(ids["ana"], "ana"), (ids["ben"], "ben"), (ids["eve"], "eve")])

        now[0] = T0 + timedelta(days=362)
        await chats["eve"].say("I'm here")  # she replies to the warning
        await run(tx, POLICY, T0 + timedelta(days=366))  # idle past a year, warned 6 days ago
        assert all([await store.export(c.key) for c in chats.values()])
        await run(tx, POLICY, T0 + timedelta(days=368))  # a week after the warning
    finally:
        await tx.close()

    left = {n for n, c in chats.items() if await store.export(c.key) is not None}
    assert left == {"eve", "dee"}
    trail = await store.audit_since(None)
    deleted = [r.subject for r in trail if r.action == "delete"]
    assert sorted(deleted) == sorted(audit.student_ref(chats[n].key) for n in ("ana", "ben"))
    assert all(r.actor == "retention" for r in trail)
    runs = [r.detail for r in trail if r.action == "retention"]
    assert runs == [
        "warned 3, deleted 0 (retention_days=365)",
        "warned 0, deleted 2 (retention_days=365)",
    ]
    # the deleted students' queued warnings keep no trace of who they were
    assert sorted(u for _, u in await store.read(_warnings)) == ["", "", "eve"]


def test_the_warning_says_how_to_keep_the_map(store: Store) -> None:
    text = make_coach(store).render(TEMPLATE, Markup.PLAIN, days=365)
    assert "365 days" in text and "Reply anything to keep your map" in text


def test_retention_is_off_by_default_and_at_least_eight_days() -> None:
    from pydantic import ValidationError

    from bot.config import load_settings

    assert load_settings().retention_days is None
    assert load_settings(retention_days=30).retention_days == 30
    with pytest.raises(ValidationError):
        load_settings(retention_days=7)
