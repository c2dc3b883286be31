"""Workspaces (Slack installs by OAuth, their OAuth states, removals waiting for the
grace period), a cohort's workspace, and join codes rotated away.

Revision ID: 0008_workspaces
Revises: 0004_replies
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0008_workspaces"
down_revision = "0004_replies"
branch_labels = None
depends_on = None

_str = AutoString


def _when(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("cohort") as batch:
        batch.add_column(sa.Column("team", _str(length=64), nullable=False, server_default=""))
    op.create_table(
        "slack_install",
        sa.Column("enterprise_id", _str(length=64), primary_key=True),
        sa.Column("team_id", _str(length=64), primary_key=True),
        sa.Column("app_id", _str(length=64), nullable=False),
        sa.Column("team_name", _str(length=200), nullable=False),
        sa.Column("bot_token", _str(length=400), nullable=False),
        sa.Column("bot_id", _str(length=64), nullable=False),
        sa.Column("bot_user_id", _str(length=64), nullable=False),
        sa.Column("bot_scopes", _str(length=1000), nullable=False),
        sa.Column("bot_refresh_token", _str(length=400), nullable=True),
        _when("bot_token_expires_at", nullable=True),
        sa.Column("installer_user_id", _str(length=64), nullable=False),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        _when("installed_at"),
    )
    op.create_table(
        "slack_oauth_state",
        sa.Column("state", _str(length=64), primary_key=True),
        _when("expires_at"),
    )
    op.create_table(
        "workspace_removal",
        sa.Column("platform", _str(length=16), primary_key=True),
        sa.Column("team", _str(length=64), primary_key=True),
        _when("removed_at"),
        _when("purge_after"),
    )
    op.create_table(
        "retired_code",
        sa.Column("code", _str(length=16), primary_key=True),
        sa.Column(
            "cohort_id",
            _str(length=32),
            sa.ForeignKey("cohort.id", ondelete="CASCADE"),
            nullable=False,
        ),
        _when("retired_at"),
    )


def downgrade() -> None:
    op.drop_table("retired_code")
    op.drop_table("workspace_removal")
    op.drop_table("slack_oauth_state")
    op.drop_table("slack_install")
    with op.batch_alter_table("cohort") as batch:
        batch.drop_column("team")
