"""Replies of committed turns not yet sent (the reply outbox): one row per student.

Revision ID: 0004_replies
Revises: 0004_understand
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0004_replies"
down_revision = "0004_understand"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_reply",
        sa.Column("platform", AutoString(length=16), primary_key=True),
        sa.Column("team", AutoString(length=64), primary_key=True),
        sa.Column("user_id", AutoString(length=128), primary_key=True),
        sa.Column("event_id", AutoString(length=128), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("pending_reply")
