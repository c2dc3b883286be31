"""The changes a turn asks for, and the `TurnWrite` that carries them to the store.

The core never touches SQL: it reads records (`records.py`) and returns a `TurnWrite`
describing what to change; the store applies every change of a turn atomically.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from bot.vocab.keys import ConversationKey
from bot.vocab.messages import Outbound
from bot.vocab.payloads import Payload
from bot.vocab.records import PersonRecord, utcnow


@dataclass(frozen=True, slots=True)
class CreateStudent:
    """Consent was given: the student exists from this turn on."""

    platform: str
    team: str
    user_id: str
    display_name: str
    locale: str = "en"
    timezone: str = "UTC"  # the platform's (Slack's users.info tz), else UTC: the cohort's


@dataclass(frozen=True, slots=True)
class AddPerson:
    id: str
    name: str
    domain: str
    supports: tuple[str, ...]
    closeness: str


@dataclass(frozen=True, slots=True)
class UpdatePerson:
    id: str
    name: str
    domain: str
    supports: tuple[str, ...]
    closeness: str


@dataclass(frozen=True, slots=True)
class RemovePerson:
    id: str


@dataclass(frozen=True, slots=True)
class CompleteLesson:
    lesson: str
    answers: dict[str, Any]


@dataclass(frozen=True, slots=True)
class SetPaused:
    paused: bool


@dataclass(frozen=True, slots=True)
class SetLocale:
    """The language the student chose (`/language`): wins over the platform's hint."""

    locale: str


@dataclass(frozen=True, slots=True)
class SetTimezone:
    """The student's own time zone (an IANA name), confirmed by them or their platform."""

    timezone: str


@dataclass(frozen=True, slots=True)
class SaveDraft:
    """A version of an email draft and the rubric's result for it."""

    id: str
    recipient: str
    purpose: str
    version: int
    text: str
    ready: bool
    rubric: dict[str, Any]


@dataclass(frozen=True, slots=True)
class SaveAsk:
    id: str
    helper: str
    goal: str
    kind: str
    what: str
    by_date: date
    how: str
    opening_line: str
    follow_up_on: date


@dataclass(frozen=True, slots=True)
class UpdateAsk:
    id: str
    status: str
    outcome_note: str = ""
    follow_up_on: date | None = None  # a new follow-up day (the smaller step's), if any


@dataclass(frozen=True, slots=True)
class DeleteStudent:
    """Everything about the student goes: map, progress, conversation, the student.
    `actor`: who asked, when not the student themselves (an admin's `orbit delete`)."""

    actor: str = ""
    detail: str = "/delete in chat"


@dataclass(frozen=True, slots=True)
class JoinCohort:
    cohort_id: str


@dataclass(frozen=True, slots=True)
class GrantRole:
    """An admin gave someone a role from chat (the same as `orbit grant`)."""

    platform: str
    team: str
    user_id: str
    role: str  # coordinator | admin
    cohort_id: str  # "" for admin
    display_name: str = ""


@dataclass(frozen=True, slots=True)
class SetOptedOut:
    """STOP / unsubscribe: no nudges or check-ins until the student resumes."""

    opted_out: bool


@dataclass(frozen=True, slots=True)
class SaveCheckInResponse:
    checkin_id: str
    occurrence: str
    answer: str


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """Something to send later (or at once, by a worker): one outbox row.

    Queued in the same transaction as the turn that decided it (a crisis alert), or
    by the scheduler. `dedupe_key` is unique: the same message is never queued twice.
    """

    dedupe_key: str
    kind: str  # nudge | checkin | alert
    key: ConversationKey
    student_id: str | None
    payload: Payload
    not_before: datetime


@dataclass(frozen=True, slots=True)
class CreateCheckIn:
    """A coordinator scheduled a check-in from chat (the role was checked first)."""

    id: str
    cohort_id: str
    message: str
    question: str
    at: datetime
    timezone: str


@dataclass(frozen=True, slots=True)
class Audited:
    """A governed action taken in chat (a report read), for the audit trail
    (bot/store/audit.py). Deletions and role grants are audited by the store itself."""

    action: str
    subject: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Enqueue:
    messages: tuple[OutboxMessage, ...]


Change = (
    CreateStudent
    | AddPerson
    | UpdatePerson
    | RemovePerson
    | CompleteLesson
    | SetPaused
    | SetLocale
    | SetTimezone
    | SaveDraft
    | SaveAsk
    | UpdateAsk
    | DeleteStudent
    | JoinCohort
    | SetOptedOut
    | SaveCheckInResponse
    | CreateCheckIn
    | Enqueue
    | GrantRole
    | Audited
)


@dataclass(slots=True)
class TurnWrite:
    """One turn's outcome to commit atomically; `expected_version` guards against races."""

    key: ConversationKey
    event_id: str
    student_id: str
    expected_version: int  # 0 for a student created in this turn
    frames: list[dict[str, Any]]
    changes: list[Change] = field(default_factory=list)
    at: datetime | None = None  # the Coach's clock; stored timestamps follow it
    by_student: bool = True  # False for Orbit's own turns (nudges): not "last active"
    replies: list[Outbound] = field(default_factory=list)  # kept until sent (pending_reply)

    @property
    def platform(self) -> str:
        return self.key.platform


class CommitResult(StrEnum):
    COMMITTED = "committed"
    CONFLICT = "conflict"  # another process moved the conversation on: run the turn again
    DUPLICATE = "duplicate"  # the event was handled already


def apply_to_people(
    people: list[PersonRecord], change: Change, now: datetime | None = None
) -> list[PersonRecord]:
    """Keep the turn's view of the map in step with the changes it made."""
    match change:
        case AddPerson():
            return [
                *people,
                PersonRecord(
                    id=change.id,
                    name=change.name,
                    domain=change.domain,
                    supports=change.supports,
                    closeness=change.closeness,
                    added_at=now or utcnow(),
                ),
            ]
        case UpdatePerson():
            return [
                PersonRecord(
                    id=p.id,
                    name=change.name,
                    domain=change.domain,
                    supports=change.supports,
                    closeness=change.closeness,
                    added_at=p.added_at,
                )
                if p.id == change.id
                else p
                for p in people
            ]
        case RemovePerson():
            return [p for p in people if p.id != change.id]
    return people
