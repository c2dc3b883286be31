"""SQLite's WAL is checkpointed on a thread of its own, never inside the turn writer's commit."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.store import checkpoint
from bot.store.migrate import upgrade
from bot.store.store import Store
from tests.support.chat import MAPPING_WALK, Chat
from tests.support.coach import make_coach


async def test_the_writer_never_checkpoints_and_the_checkpointer_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "orbit.db"
    await asyncio.to_thread(upgrade, f"sqlite:///{path}")
    store = await Store(f"sqlite:///{path}").open()
    checkpointer = store.writer.checkpointer
    assert checkpointer is not None
    checkpointer._every = 0.0  # due after every batch, for the test
    monkeypatch.setattr(checkpoint, "LONG", 0)  # any log is "long": the writer helps too
    coach = make_coach(store)
    chats = [Chat(coach, user=f"s{n}") for n in range(20)]
    for message in MAPPING_WALK[:6]:
        await asyncio.gather(*(chat.say(message) for chat in chats))
    autocheckpoint = await store.writer.run(
        lambda conn: conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
    )
    assert autocheckpoint == 0  # the writer's own connection: off
    for _ in range(100):  # the checkpoints run beside the writer; wait for one
        if checkpointer.checkpoints:
            break
        await asyncio.sleep(0.01)
    assert checkpointer.checkpoints >= 1 and checkpointer.wal_frames > 0
    await chats[0].say(MAPPING_WALK[6])  # one batch more: the writer sees the long log
    assert checkpointer.in_writer >= 1
    await store.close()
    # Every turn is in the database file once the store is closed (the WAL is gone).
    assert not path.with_name("orbit.db-wal").exists()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM student").fetchone()[0] == 20
        assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000  # others: on
