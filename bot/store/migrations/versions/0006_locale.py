"""A check-in's message and question in other languages (`translations`: locale ->
{"message", "question"}); a student whose language has none gets the message as written.

Revision ID: 0006_locale
Revises: 0005_ops
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_locale"
down_revision = "0005_ops"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("checkin") as batch:
        batch.add_column(
            sa.Column("translations", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("checkin") as batch:
        batch.drop_column("translations")
