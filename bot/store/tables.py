"""The database schema, as SQLModel tables.

Third parties on a student's map are stored by first name or nickname only;
no column here holds anyone's contact details.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class Student(SQLModel, table=True):
    """A student who gave consent. Nothing is stored for one who has not."""

    __tablename__ = "student"
    __table_args__ = (UniqueConstraint("platform", "team", "user_id", name="uq_student_key"),)

    id: str = Field(primary_key=True, max_length=32)
    platform: str = Field(max_length=16)
    team: str = Field(default="", max_length=64)
    user_id: str = Field(max_length=128)
    display_name: str = Field(default="", max_length=80)
    locale: str = Field(default="en", max_length=16)
    timezone: str = Field(default="UTC", max_length=64)
    role: str = Field(default="student", max_length=16)
    consent_at: datetime
    paused: bool = False
    opted_out: bool = False
    created_at: datetime


class Conversation(SQLModel, table=True):
    """Where a student is: a stack of lesson frames, saved every turn with a version."""

    __tablename__ = "conversation"

    student_id: str = Field(primary_key=True, foreign_key="student.id", ondelete="CASCADE")
    frames: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    version: int = 0
    updated_at: datetime


class Person(SQLModel, table=True):
    """Someone on a student's map: a first name or nickname, never contact details."""

    __tablename__ = "person"
    __table_args__ = (Index("ix_person_student", "student_id"),)

    id: str = Field(primary_key=True, max_length=32)
    student_id: str = Field(foreign_key="student.id", ondelete="CASCADE")
    name: str = Field(max_length=40)
    domain: str = Field(max_length=32)
    supports: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    closeness: str = Field(max_length=16)
    added_at: datetime
    last_reviewed_at: datetime


class LessonProgress(SQLModel, table=True):
    """Which lessons a student finished, and what they said in the reflection."""

    __tablename__ = "lesson_progress"

    student_id: str = Field(primary_key=True, foreign_key="student.id", ondelete="CASCADE")
    lesson: str = Field(primary_key=True, max_length=32)
    completed_at: datetime
    answers: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ProcessedEvent(SQLModel, table=True):
    """Platform event ids already handled, so a redelivered event is a no-op.

    Holds no link to a student: deleting a student leaves only opaque ids behind.
    """

    __tablename__ = "processed_event"

    platform: str = Field(primary_key=True, max_length=16)
    event_id: str = Field(primary_key=True, max_length=128)
    processed_at: datetime


class EmailDraft(SQLModel, table=True):
    """One version of a student's outreach email, with the rubric's verdict on it."""

    __tablename__ = "email_draft"
    __table_args__ = (Index("ix_email_draft_student", "student_id"),)

    id: str = Field(primary_key=True, max_length=32)
    student_id: str = Field(foreign_key="student.id", ondelete="CASCADE")
    recipient: str = Field(max_length=40)
    purpose: str = Field(max_length=32)
    version: int
    text: str
    ready: bool
    rubric: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime


class Ask(SQLModel, table=True):
    """A planned ask for help and how it went: the "mobilization" measure."""

    __tablename__ = "ask"
    __table_args__ = (
        Index("ix_ask_student", "student_id"),
        Index("ix_ask_follow_up", "follow_up_on"),
    )

    id: str = Field(primary_key=True, max_length=32)
    student_id: str = Field(foreign_key="student.id", ondelete="CASCADE")
    helper: str = Field(max_length=40)
    goal: str = Field(max_length=300)
    kind: str = Field(max_length=32)
    what: str = Field(max_length=500)
    by_date: date
    how: str = Field(max_length=16)
    opening_line: str = Field(default="", max_length=500)
    follow_up_on: date
    status: str = Field(default="planned", max_length=16)  # planned, got_help, waiting, not_yet
    outcome_note: str = Field(default="", max_length=500)
    created_at: datetime
    updated_at: datetime
