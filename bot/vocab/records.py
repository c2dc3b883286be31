"""Plain records the store hands to the core: a student, the people on their map, their
asks, and everything a turn needs, loaded at once (`TurnState`)."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any


def utcnow() -> datetime:
    """Aware UTC: the one kind of timestamp Orbit stores and compares."""
    return datetime.now(UTC)


class _Ids:
    """Random ids (uuid4, as hex) from the OS's random source, read 16 KiB at a time.

    Why: `os.urandom` lets go of the GIL for its system call, and getting it back while
    the store's writer thread holds it stalled the event loop, sometimes for tens of ms
    (the consent turn, which creates a student, lost ~0.14 ms on average; BENCHMARKS.md,
    2026-11-30 night). Same source and quality, one system call per 1,024 ids. A forked
    child starts a fresh buffer, so parent and child never hand out the same id."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buffer = b""
        self._at = 0
        os.register_at_fork(after_in_child=self._forget)

    def _forget(self) -> None:
        self._lock = threading.Lock()
        self._buffer, self._at = b"", 0

    def next(self) -> str:
        with self._lock:
            if self._at >= len(self._buffer):
                self._buffer, self._at = os.urandom(16 * 1024), 0
            raw = bytearray(self._buffer[self._at : self._at + 16])
            self._at += 16
        raw[6] = (raw[6] & 0x0F) | 0x40  # the version and variant bits of a uuid4
        raw[8] = (raw[8] & 0x3F) | 0x80
        return raw.hex()


_ids = _Ids()


def new_id() -> str:
    return _ids.next()


@dataclass(frozen=True, slots=True)
class StudentRecord:
    id: str
    display_name: str
    role: str
    paused: bool
    locale: str


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id: str
    name: str
    domain: str
    supports: tuple[str, ...]
    closeness: str
    added_at: datetime


@dataclass(frozen=True, slots=True)
class AskRecord:
    id: str
    helper: str
    goal: str
    what: str
    by_date: date
    how: str
    follow_up_on: date
    status: str


@dataclass(frozen=True, slots=True)
class TurnState:
    """What the core needs to run a turn, loaded in one query (and, for someone who has
    not consented yet, the join code held for them: code and expiry, bot/store/pending.py)."""

    student: StudentRecord | None
    frames: list[dict[str, Any]]
    version: int
    already_processed: bool
    pending_join: tuple[str, datetime] | None = None
