"""The coordinators' dashboard: sign-in links, sessions, alert states, the cookie key.

Revision ID: 0007_dashboard
Revises: 0005_ops
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0007_dashboard"
down_revision = "0006_locale"  # re-chained at the merge of main (was 0004_replies)
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dashboard_link",
        sa.Column("token_hash", AutoString(length=64), primary_key=True),
        sa.Column("platform", AutoString(length=16), nullable=False),
        sa.Column("team", AutoString(length=64), nullable=False),
        sa.Column("user_id", AutoString(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "dashboard_session",
        sa.Column("id_hash", AutoString(length=64), primary_key=True),
        sa.Column("platform", AutoString(length=16), nullable=False),
        sa.Column("team", AutoString(length=64), nullable=False),
        sa.Column("user_id", AutoString(length=128), nullable=False),
        sa.Column("csrf", AutoString(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_dashboard_session_seen", "dashboard_session", ["seen_at"])
    op.create_table(
        "alert_state",
        sa.Column("alert_id", AutoString(length=200), primary_key=True),
        sa.Column("state", AutoString(length=16), nullable=False),
        sa.Column("acked_by", AutoString(length=80), nullable=False),
        sa.Column("acked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "dashboard_secret",
        sa.Column("name", AutoString(length=32), primary_key=True),
        sa.Column("value", AutoString(length=128), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("dashboard_secret")
    op.drop_table("alert_state")
    op.drop_index("ix_dashboard_session_seen", table_name="dashboard_session")
    op.drop_table("dashboard_session")
    op.drop_table("dashboard_link")
