"""The outbox remembers which message a worker is sending right now (`sending_since`).

Set just before a send and cleared when the send is recorded, so a row a killed worker
left with it set is known to be "maybe sent" when another worker picks it up.

Revision ID: 0004_scheduled
Revises: 0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_scheduled"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("sending_since", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("sending_since")
