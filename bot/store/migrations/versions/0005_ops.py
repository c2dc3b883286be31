"""The audit trail: role grants, reports read, exports, deletions, retention runs.

Revision ID: 0005_ops
Revises: 0008_workspaces (re-chained at the merge of main)
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0005_ops"
down_revision = "0008_workspaces"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", AutoString(length=200), nullable=False),
        sa.Column("action", AutoString(length=32), nullable=False),
        sa.Column("subject", AutoString(length=200), nullable=False),
        sa.Column("detail", AutoString(length=500), nullable=False),
    )
    op.create_index("ix_audit_at", "audit_event", ["at"])


def downgrade() -> None:
    op.drop_index("ix_audit_at", table_name="audit_event")
    op.drop_table("audit_event")
