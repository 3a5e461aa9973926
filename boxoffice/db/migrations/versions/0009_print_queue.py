"""The persistent print queue, which print of a ticket is the valid one, and
the print queue page for the built-in roles that print (as new stores get it).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from boxoffice.db.types import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "print_job",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("printer", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=128), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=32), nullable=False),
        sa.Column("last_detail", sa.Text(), nullable=False),
        sa.Column("last_attempt_at", UTCDateTime(), nullable=True),
        sa.Column("printed_at", UTCDateTime(), nullable=True),
        sa.Column("copy_no", sa.Integer(), nullable=False),
        sa.Column("reprint_of", sa.String(length=36), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'printed', 'cancelled')", name=op.f("ck_print_job_status")
        ),
        sa.CheckConstraint("copy_no >= 1", name=op.f("ck_print_job_copy_no")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_job")),
    )
    op.create_index("ix_print_job_pending", "print_job", ["status", "created_at"])
    op.create_index(op.f("ix_print_job_order_id"), "print_job", ["order_id"])
    # A plain ADD COLUMN (not batch mode): copying the ticket table on SQLite
    # would rebuild its partial unique index over valid seats for nothing.
    op.add_column("ticket", sa.Column("print_no", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    op.execute("DELETE FROM role_permission WHERE permission = 'page.print_queue'")
    with op.batch_alter_table("ticket") as batch:
        batch.drop_column("print_no")
    op.drop_index(op.f("ix_print_job_order_id"), table_name="print_job")
    op.drop_index("ix_print_job_pending", table_name="print_job")
    op.drop_table("print_job")
