"""Email drafts with their rubric results, and asks for help with their outcomes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_str = AutoString


def _student_fk() -> sa.Column:
    return sa.Column(
        "student_id", _str(), sa.ForeignKey("student.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "email_draft",
        sa.Column("id", _str(length=32), primary_key=True),
        _student_fk(),
        sa.Column("recipient", _str(length=40), nullable=False),
        sa.Column("purpose", _str(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", _str(), nullable=False),
        sa.Column("ready", sa.Boolean(), nullable=False),
        sa.Column("rubric", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_email_draft_student", "email_draft", ["student_id"])
    op.create_table(
        "ask",
        sa.Column("id", _str(length=32), primary_key=True),
        _student_fk(),
        sa.Column("helper", _str(length=40), nullable=False),
        sa.Column("goal", _str(length=300), nullable=False),
        sa.Column("kind", _str(length=32), nullable=False),
        sa.Column("what", _str(length=500), nullable=False),
        sa.Column("by_date", sa.Date(), nullable=False),
        sa.Column("how", _str(length=16), nullable=False),
        sa.Column("opening_line", _str(length=500), nullable=False),
        sa.Column("follow_up_on", sa.Date(), nullable=False),
        sa.Column("status", _str(length=16), nullable=False),
        sa.Column("outcome_note", _str(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_ask_student", "ask", ["student_id"])
    op.create_index("ix_ask_follow_up", "ask", ["follow_up_on"])


def downgrade() -> None:
    op.drop_index("ix_ask_follow_up", table_name="ask")
    op.drop_index("ix_ask_student", table_name="ask")
    op.drop_table("ask")
    op.drop_index("ix_email_draft_student", table_name="email_draft")
    op.drop_table("email_draft")
