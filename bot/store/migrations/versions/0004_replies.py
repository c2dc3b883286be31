"""Replies of committed turns not yet sent (the reply outbox).

Revision ID: 0004_replies
Revises: 0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0004_replies"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_reply",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("platform", AutoString(length=16), nullable=False),
        sa.Column("team", AutoString(length=64), nullable=False),
        sa.Column("user_id", AutoString(length=128), nullable=False),
        sa.Column("event_id", AutoString(length=128), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
    )
    op.create_index("ix_pending_reply_event", "pending_reply", ["platform", "event_id"])


def downgrade() -> None:
    op.drop_index("ix_pending_reply_event", table_name="pending_reply")
    op.drop_table("pending_reply")
