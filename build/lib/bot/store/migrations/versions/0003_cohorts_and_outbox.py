"""Cohorts, memberships, role grants, check-ins with their answers, and the outbox.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_str = AutoString


def _fk(name: str, target: str) -> sa.Column:
    return sa.Column(
        name, _str(length=32), sa.ForeignKey(target, ondelete="CASCADE"), primary_key=True
    )


def _when(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "cohort",
        sa.Column("id", _str(length=32), primary_key=True),
        sa.Column("name", _str(length=80), nullable=False, unique=True),
        sa.Column("join_code", _str(length=16), nullable=False, unique=True),
        sa.Column("timezone", _str(length=64), nullable=False),
        sa.Column("quiet_hours", _str(length=11), nullable=False),
        sa.Column("weekly_cap", sa.Integer(), nullable=False),
        _when("created_at"),
    )
    op.create_table(
        "membership",
        _fk("cohort_id", "cohort.id"),
        _fk("student_id", "student.id"),
        _when("joined_at"),
    )
    op.create_index("ix_membership_student", "membership", ["student_id"])
    op.create_table(
        "role_grant",
        sa.Column("platform", _str(length=16), primary_key=True),
        sa.Column("team", _str(length=64), primary_key=True),
        sa.Column("user_id", _str(length=128), primary_key=True),
        sa.Column("role", _str(length=16), primary_key=True),
        sa.Column("cohort_id", _str(length=32), primary_key=True),
        sa.Column("display_name", _str(length=80), nullable=False),
        _when("granted_at"),
    )
    op.create_table(
        "checkin",
        sa.Column("id", _str(length=32), primary_key=True),
        sa.Column(
            "cohort_id",
            _str(length=32),
            sa.ForeignKey("cohort.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("message", _str(length=1000), nullable=False),
        sa.Column("question", _str(length=300), nullable=False),
        sa.Column("cron", _str(length=64), nullable=False),
        _when("at", nullable=True),
        sa.Column("timezone", _str(length=64), nullable=False),
        sa.Column("status", _str(length=16), nullable=False),
        _when("created_at"),
    )
    op.create_index("ix_checkin_cohort", "checkin", ["cohort_id"])
    op.create_table(
        "checkin_response",
        _fk("checkin_id", "checkin.id"),
        sa.Column("occurrence", _str(length=32), primary_key=True),
        _fk("student_id", "student.id"),
        sa.Column("answer", _str(length=1000), nullable=False),
        _when("answered_at"),
    )
    op.create_index("ix_checkin_response_student", "checkin_response", ["student_id"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("dedupe_key", _str(length=200), nullable=False, unique=True),
        sa.Column("kind", _str(length=16), nullable=False),
        sa.Column("platform", _str(length=16), nullable=False),
        sa.Column("team", _str(length=64), nullable=False),
        sa.Column("user_id", _str(length=128), nullable=False),
        sa.Column("student_id", _str(length=32), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        _when("not_before"),
        sa.Column("status", _str(length=16), nullable=False),
        sa.Column("claimed_by", _str(length=64), nullable=True),
        _when("claimed_until", nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("parts_sent", sa.Integer(), nullable=False),
        sa.Column("last_error", _str(length=500), nullable=False),
        _when("sent_at", nullable=True),
        _when("created_at"),
    )
    op.create_index("ix_outbox_due", "outbox", ["status", "not_before"])
    op.create_index("ix_outbox_student", "outbox", ["student_id", "kind"])


def downgrade() -> None:
    op.drop_index("ix_outbox_student", table_name="outbox")
    op.drop_index("ix_outbox_due", table_name="outbox")
    op.drop_table("outbox")
    op.drop_index("ix_checkin_response_student", table_name="checkin_response")
    op.drop_table("checkin_response")
    op.drop_index("ix_checkin_cohort", table_name="checkin")
    op.drop_table("checkin")
    op.drop_table("role_grant")
    op.drop_index("ix_membership_student", table_name="membership")
    op.drop_table("membership")
    op.drop_table("cohort")
