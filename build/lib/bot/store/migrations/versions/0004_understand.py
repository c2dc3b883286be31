"""Join codes waiting for consent (pending_join).

Revision ID: 0004_understand
Revises: 0004_scheduled
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0004_understand"
down_revision = "0004_scheduled"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_join",
        sa.Column("key_hash", AutoString(length=64), primary_key=True),
        sa.Column("code", AutoString(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("pending_join")
