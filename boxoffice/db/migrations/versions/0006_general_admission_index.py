"""An index for counting a general-admission session's sold places.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ticket_general_valid",
            ["session_id"],
            unique=False,
            sqlite_where=sa.text("status = 'valid' AND seat_id IS NULL"),
            postgresql_where=sa.text("status = 'valid' AND seat_id IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_ticket_general_valid",
            sqlite_where=sa.text("status = 'valid' AND seat_id IS NULL"),
            postgresql_where=sa.text("status = 'valid' AND seat_id IS NULL"),
        )
