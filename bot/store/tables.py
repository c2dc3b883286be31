"""The database schema, as SQLModel tables.

Third parties on a student's map are stored by first name or nickname only;
no column here holds anyone's contact details.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
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


# --- cohorts, roles, check-ins and the outbox (migration 0003) --------------------


class Cohort(SQLModel, table=True):
    """A group a coordinator runs: its join code, time zone and quiet hours."""

    __tablename__ = "cohort"

    id: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=80, unique=True)
    join_code: str = Field(max_length=16, unique=True)
    timezone: str = Field(default="UTC", max_length=64)
    quiet_hours: str = Field(default="21:00-07:30", max_length=11)  # "" for none
    weekly_cap: int = 3
    created_at: datetime
    team: str = Field(default="", max_length=64)  # a Slack workspace's own; "" for any


class Membership(SQLModel, table=True):
    """A student in a cohort; a student may be in several."""

    __tablename__ = "membership"
    __table_args__ = (Index("ix_membership_student", "student_id"),)

    cohort_id: str = Field(primary_key=True, foreign_key="cohort.id", ondelete="CASCADE")
    student_id: str = Field(primary_key=True, foreign_key="student.id", ondelete="CASCADE")
    joined_at: datetime


class RoleGrant(SQLModel, table=True):
    """A coordinator of one cohort, or an admin (cohort_id ""), by platform user id.

    Keyed by the platform identity rather than a student row: staff need no consent
    record and are not students.
    """

    __tablename__ = "role_grant"

    platform: str = Field(primary_key=True, max_length=16)
    team: str = Field(primary_key=True, max_length=64)
    user_id: str = Field(primary_key=True, max_length=128)
    role: str = Field(primary_key=True, max_length=16)  # coordinator | admin
    cohort_id: str = Field(primary_key=True, max_length=32)
    display_name: str = Field(default="", max_length=80)
    granted_at: datetime


class CheckIn(SQLModel, table=True):
    """A coordinator's message to a cohort, on a cron schedule or once (`at`)."""

    __tablename__ = "checkin"
    __table_args__ = (Index("ix_checkin_cohort", "cohort_id"),)

    id: str = Field(primary_key=True, max_length=32)
    cohort_id: str = Field(foreign_key="cohort.id", ondelete="CASCADE")
    message: str = Field(max_length=1000)
    question: str = Field(default="", max_length=300)
    cron: str = Field(default="", max_length=64)
    at: datetime | None = None
    timezone: str = Field(default="UTC", max_length=64)
    status: str = Field(default="active", max_length=16)  # active | paused | deleted
    created_at: datetime


class CheckInResponse(SQLModel, table=True):
    """A student's answer to one occurrence of a check-in's question."""

    __tablename__ = "checkin_response"
    __table_args__ = (Index("ix_checkin_response_student", "student_id"),)

    checkin_id: str = Field(primary_key=True, foreign_key="checkin.id", ondelete="CASCADE")
    occurrence: str = Field(primary_key=True, max_length=32)
    student_id: str = Field(primary_key=True, foreign_key="student.id", ondelete="CASCADE")
    answer: str = Field(max_length=1000)
    answered_at: datetime


class Outbox(SQLModel, table=True):
    """Everything Orbit sends on its own: one row per message, unique by `dedupe_key`.

    Computing what is due twice inserts it once; workers claim rows with a lease
    (`claimed_by`, `claimed_until`) so a crashed worker's rows are picked up again.
    `student_id` has no foreign key on purpose: deleting a student cancels their rows
    and blanks the payload, but the row (with its key) stays so it is never re-created.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "not_before"),
        Index("ix_outbox_student", "student_id", "kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    dedupe_key: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=16)  # nudge | checkin | alert
    platform: str = Field(max_length=16)
    team: str = Field(default="", max_length=64)
    user_id: str = Field(max_length=128)
    student_id: str | None = Field(default=None, max_length=32)
    payload: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    not_before: datetime
    status: str = Field(default="pending", max_length=16)  # pending|sent|failed|cancelled
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_until: datetime | None = None
    attempts: int = 0
    parts_sent: int = 0  # of a multi-message row, so a retry does not repeat them
    sending_since: datetime | None = None  # part `parts_sent` is being sent: maybe sent
    last_error: str = Field(default="", max_length=500)
    sent_at: datetime | None = None
    created_at: datetime


# --- join codes waiting for consent (migration 0004_understand) ----------------------


class PendingJoin(SQLModel, table=True):
    """A cohort's join code held for someone who opened `/start CODE` and has not said
    yes yet. Keyed by a salted hash of the platform key (never the key itself), no
    name, no words; it expires, and it is deleted at yes or no. One reserved row
    (`key_hash` "!salt") holds the deployment's random salt."""

    __tablename__ = "pending_join"

    key_hash: str = Field(primary_key=True, max_length=64)
    code: str = Field(max_length=64)
    expires_at: datetime


# --- replies not yet sent (migration 0004_replies) ----------------------------------------


class PendingReply(SQLModel, table=True):
    """The replies of a student's last committed turn, until the adapter has sent them.

    Written in the turn's own transaction (the next turn's replace the row) and deleted
    once sent, so a crash between commit and send loses nothing: a restart sends what
    is left. Keyed by the platform identity, not the student (the reply to `/delete`
    outlives the student); the payload is the rendered `Outbound`s, nothing more.
    """

    __tablename__ = "pending_reply"

    platform: str = Field(primary_key=True, max_length=16)
    team: str = Field(primary_key=True, max_length=64)
    user_id: str = Field(primary_key=True, max_length=128)
    event_id: str = Field(max_length=128)
    payload: str = Field(sa_column=Column(Text, nullable=False))  # JSON: the Outbounds


# --- workspaces and join codes (migration 0008_workspaces) -----------------------------


class SlackInstall(SQLModel, table=True):
    """A Slack workspace Orbit was installed into (OAuth): its bot token, and the refresh
    token when token rotation is on. Deleted when the app is uninstalled or its tokens
    are revoked; nothing about a person is kept here but who installed it."""

    __tablename__ = "slack_install"

    enterprise_id: str = Field(primary_key=True, max_length=64)
    team_id: str = Field(primary_key=True, max_length=64)
    app_id: str = Field(default="", max_length=64)
    team_name: str = Field(default="", max_length=200)
    bot_token: str = Field(max_length=400)
    bot_id: str = Field(default="", max_length=64)
    bot_user_id: str = Field(default="", max_length=64)
    bot_scopes: str = Field(default="", max_length=1000)
    bot_refresh_token: str | None = Field(default=None, max_length=400)
    bot_token_expires_at: datetime | None = None
    installer_user_id: str = Field(default="", max_length=64)
    is_enterprise_install: bool = False
    installed_at: datetime


class SlackOAuthState(SQLModel, table=True):
    """An OAuth `state` handed out by /slack/install: used once, and only before it expires."""

    __tablename__ = "slack_oauth_state"

    state: str = Field(primary_key=True, max_length=64)
    expires_at: datetime


class WorkspaceRemoval(SQLModel, table=True):
    """A workspace that uninstalled Orbit: its students' data goes at `purge_after`,
    unless the workspace installs Orbit again before then."""

    __tablename__ = "workspace_removal"

    platform: str = Field(primary_key=True, max_length=16)
    team: str = Field(primary_key=True, max_length=64)
    removed_at: datetime
    purge_after: datetime


class RetiredCode(SQLModel, table=True):
    """A cohort's join code that was rotated away: it answers "this code has changed"."""

    __tablename__ = "retired_code"

    code: str = Field(primary_key=True, max_length=16)
    cohort_id: str = Field(foreign_key="cohort.id", ondelete="CASCADE", max_length=32)
    retired_at: datetime


# --- who did what to whose data (migration 0005_ops) --------------------------------------


class AuditEvent(SQLModel, table=True):
    """One governed action: a role granted, a report read, a student exported or deleted,
    a retention run. Written by `bot/store/audit.py`; a student appears only hashed."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_at", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    actor: str = Field(max_length=200)
    action: str = Field(max_length=32)
    subject: str = Field(default="", max_length=200)
    detail: str = Field(default="", max_length=500)
