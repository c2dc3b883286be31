"""The README's backup recipe, tested: an online SQLite backup taken while a student
chats, then restored and used.

`orbit chat` runs in its own process (WAL mode, the writer thread committing turns)
while the backup is taken twice mid-conversation, with the sqlite3 command line's
`.backup` (what the README says) and, where that tool is missing, Python's
`sqlite3.Connection.backup` (the same online-backup API). The copy passes SQLite's
integrity check, is at Orbit's schema revision, holds the turns committed before it
was taken, and a restored database carries on the conversation.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

from bot.store.db import HEAD_REVISION
from tests.support.chat import MAPPING_WALK
from tests.support.cli import ORBIT, db, orbit  # noqa: F401 - `db` is a fixture


def backup(source: Path, target: Path) -> None:
    """The README's command, or the same API from Python where the tool is missing."""
    if shutil.which("sqlite3"):
        done = subprocess.run(
            ["sqlite3", str(source), f".backup '{target}'"], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return
    with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
        live.backup(copy)


def _wait_for(live: Path, query: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(live) as conn:
            try:
                if conn.execute(query).fetchone() == (1,):
                    return
            except sqlite3.OperationalError:
                pass  # busy: try again
        time.sleep(0.1)
    raise AssertionError(f"the chat did not get there: {query}")


def test_an_online_backup_during_a_chat_restores_and_carries_on(
    db: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    live = Path(db.removeprefix("sqlite:///"))
    chat = subprocess.Popen(
        [*ORBIT, "chat", "--user", "ana", "--db", db],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert chat.stdin is not None
    copies = []
    for i, line in enumerate(MAPPING_WALK):
        chat.stdin.write(line + "\n")
        chat.stdin.flush()
        if i in (8, 16):  # mid-lesson, twice, while the process is writing
            people = 1 if i == 8 else 2  # Mom; then Tío Beto too
            _wait_for(live, f"SELECT count(*) >= {people} FROM person")
            copies.append(tmp_path / f"backup-{i}.db")
            backup(live, copies[-1])
    out, _ = chat.communicate(timeout=60)
    assert chat.returncode == 0, out[-2000:]

    for copy in copies:
        with sqlite3.connect(copy) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
                HEAD_REVISION,
            )
            assert conn.execute("SELECT count(*) FROM student").fetchone() == (1,)

    restored = tmp_path / "restored.db"
    shutil.copy(copies[-1], restored)  # restore: stop Orbit, put the copy in place
    url = f"sqlite:///{restored}"
    assert (
        "up to date" in orbit("migrate", "--db", url).stdout + orbit("migrate", "--db", url).stderr
    )
    exported = orbit("export", "--user", "ana", "--db", url)
    assert exported.returncode == 0, exported.stderr
    names = {p["name"] for p in json.loads(exported.stdout)["map"]}
    assert {"Mom", "Tío Beto"} <= names  # what was committed before the copy
    again = orbit("chat", "--user", "ana", "--db", url, stdin="/map\n")
    assert again.returncode == 0 and "Tío Beto" in again.stdout
