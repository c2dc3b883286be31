"""Students, conversations, maps, lesson progress and processed events.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_str = AutoString


def upgrade() -> None:
    op.create_table(
        "student",
        sa.Column("id", _str(length=32), primary_key=True),
        sa.Column("platform", _str(length=16), nullable=False),
        sa.Column("team", _str(length=64), nullable=False),
        sa.Column("user_id", _str(length=128), nullable=False),
        sa.Column("display_name", _str(length=80), nullable=False),
        sa.Column("locale", _str(length=16), nullable=False),
        sa.Column("timezone", _str(length=64), nullable=False),
        sa.Column("role", _str(length=16), nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("opted_out", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("platform", "team", "user_id", name="uq_student_key"),
    )
    op.create_table(
        "conversation",
        sa.Column(
            "student_id",
            _str(),
            sa.ForeignKey("student.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("frames", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "person",
        sa.Column("id", _str(length=32), primary_key=True),
        sa.Column(
            "student_id", _str(), sa.ForeignKey("student.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("name", _str(length=40), nullable=False),
        sa.Column("domain", _str(length=32), nullable=False),
        sa.Column("supports", sa.JSON(), nullable=False),
        sa.Column("closeness", _str(length=16), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_reviewed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_person_student", "person", ["student_id"])
    op.create_table(
        "lesson_progress",
        sa.Column(
            "student_id",
            _str(),
            sa.ForeignKey("student.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("lesson", _str(length=32), primary_key=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
    )
    op.create_table(
        "processed_event",
        sa.Column("platform", _str(length=16), primary_key=True),
        sa.Column("event_id", _str(length=128), primary_key=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("processed_event")
    op.drop_table("lesson_progress")
    op.drop_index("ix_person_student", table_name="person")
    op.drop_table("person")
    op.drop_table("conversation")
    op.drop_table("student")
