"""Piped `orbit chat` with bytes that are not text: the chat goes on, and nothing breaks later.

Real subprocesses on a real SQLite file, fed raw bytes as `printf ... | orbit chat` would.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.adapters.console import console_key
from bot.store.migrate import upgrade
from bot.store.store import Store

ORBIT = [sys.executable, "-m", "bot"]
INTERNAL = b"something went wrong"


def run(
    *args: str, stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*ORBIT, *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    upgrade(url)
    return url


def names(db: str, user: str) -> list[str]:
    async def read() -> list[str]:
        store = await Store(db).open()
        try:
            exported = await store.export(console_key(user))
        finally:
            await store.close()
        assert exported is not None
        return [p["name"] for p in exported["map"]]

    return asyncio.run(read())


@pytest.mark.parametrize(
    "encoding",
    [None, "utf-8:strict"],
    ids=["default", "utf-8-strict"],
)
def test_invalid_bytes_are_read_as_replacement_characters(db: str, encoding: str | None) -> None:
    env = {"PYTHONIOENCODING": encoding} if encoding else {}
    # printf 'yes\nAna\x80\n1\n1\n1\n' | orbit chat --user x --db ...
    result = run("chat", "--user", "x", "--db", db, stdin=b"yes\nAna\x80\n1\n1\n1\n", env=env)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert INTERNAL not in result.stdout and b"Traceback" not in result.stderr
    assert b"Anyone else in family?" in result.stdout
    assert names(db, "x") == ["Ana"]  # the unreadable byte is read as U+FFFD, which a name drops


def test_terminal_escapes_in_a_name_are_not_stored(db: str) -> None:
    result = run(
        "chat", "--user", "x", "--db", db, stdin=b"yes\n\x1b]0;pwned\x07Tom\n1\n1\n\x00Jo\x00\n"
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert b"\x1b" not in result.stdout and b"\x00" not in result.stdout
    assert b"What does Tom give you?" in result.stdout
    assert b"What does Jo give you?" in result.stdout
    assert names(db, "x") == ["Tom"]
