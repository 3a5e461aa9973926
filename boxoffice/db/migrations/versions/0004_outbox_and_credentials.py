"""The terminal's outbox, and the central store's terminal credentials,
registration codes and staff tokens.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from boxoffice.db.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox_entry",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("aggregate", sa.String(length=80), nullable=False),
        sa.Column("operation", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'parked')", name=op.f("ck_outbox_entry_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_entry")),
    )
    with op.batch_alter_table("outbox_entry", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outbox_entry_pending", ["status", "aggregate", "created_at"], unique=False
        )

    op.create_table(
        "registration_code",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("terminal_id", sa.String(length=36), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["terminal_id"],
            ["terminal.id"],
            name=op.f("fk_registration_code_terminal_id_terminal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("code_hash", name=op.f("pk_registration_code")),
    )
    op.create_table(
        "staff_token",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("terminal_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["staff_user.id"],
            name=op.f("fk_staff_token_user_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_staff_token")),
    )
    with op.batch_alter_table("staff_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_token_user_id"), ["user_id"], unique=False)

    op.create_table(
        "terminal_credential",
        sa.Column("terminal_id", sa.String(length=36), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["terminal_id"],
            ["terminal.id"],
            name=op.f("fk_terminal_credential_terminal_id_terminal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("terminal_id", name=op.f("pk_terminal_credential")),
    )


def downgrade() -> None:
    op.drop_table("terminal_credential")
    with op.batch_alter_table("staff_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_token_user_id"))

    op.drop_table("staff_token")
    op.drop_table("registration_code")
    with op.batch_alter_table("outbox_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_entry_pending")

    op.drop_table("outbox_entry")
