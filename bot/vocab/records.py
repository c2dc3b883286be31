"""Plain records the store hands to the core: a student, the people on their map, their
asks, and everything a turn needs, loaded at once (`TurnState`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4


def utcnow() -> datetime:
    """Aware UTC: the one kind of timestamp Orbit stores and compares."""
    return datetime.now(UTC)


def new_id() -> str:
    return uuid4().hex


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
