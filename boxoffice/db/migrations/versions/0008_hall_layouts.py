"""Seat layouts in the store: every saved version of a hall's layout, and the
version a session's seats come from.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from boxoffice.db.types import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_FK = "fk_show_session_layout_id_hall_layout"


def upgrade() -> None:
    op.create_table(
        "hall_layout",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hall_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("layout_json", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("seat_count", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_hall_layout_version")),
        sa.ForeignKeyConstraint(["hall_id"], ["hall.id"], name=op.f("fk_hall_layout_hall_id_hall")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hall_layout")),
        sa.UniqueConstraint("hall_id", "version", name=op.f("uq_hall_layout_hall_id")),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        if "layout_id" in {c["name"] for c in sa.inspect(bind).get_columns("show_session")}:
            return  # left behind by a downgrade (see there)
        # Not batch mode: copying show_session would drop the old table, and with
        # foreign keys on that deletes its price zones and seats (ON DELETE
        # CASCADE). SQLite adds a nullable column with a reference in place.
        op.execute(
            "ALTER TABLE show_session ADD COLUMN layout_id VARCHAR(36) "
            f"CONSTRAINT {_FK} REFERENCES hall_layout (id)"
        )
    else:
        op.add_column("show_session", sa.Column("layout_id", sa.String(length=36), nullable=True))
        op.create_foreign_key(_FK, "show_session", "hall_layout", ["layout_id"], ["id"])


def downgrade() -> None:
    op.execute("UPDATE show_session SET layout_id = NULL")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot drop a column with a reference, and copying the table
        # would cascade (see upgrade): the column stays, unused and NULL.
        op.drop_table("hall_layout")
        return
    op.drop_constraint(_FK, "show_session", type_="foreignkey")
    op.drop_column("show_session", "layout_id")
    op.drop_table("hall_layout")
