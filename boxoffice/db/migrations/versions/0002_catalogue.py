"""The catalogue: venues, halls, show categories, shows, sessions, price zones, ticket types.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from boxoffice.db.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "venue",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_venue")),
    )

    op.create_table(
        "hall",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("venue_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("seating", sa.String(length=16), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.CheckConstraint("seating IN ('reserved', 'general')", name=op.f("ck_hall_seating")),
        sa.CheckConstraint("capacity >= 0", name=op.f("ck_hall_capacity")),
        sa.ForeignKeyConstraint(["venue_id"], ["venue.id"], name=op.f("fk_hall_venue_id_venue")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hall")),
        sa.UniqueConstraint("venue_id", "name", name=op.f("uq_hall_venue_id")),
    )

    op.create_table(
        "show_category",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_show_category")),
        sa.UniqueConstraint("name", name=op.f("uq_show_category_name")),
    )

    op.create_table(
        "show",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("category_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("introduction", sa.Text(), nullable=False),
        sa.Column("notices", sa.Text(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("duration_minutes > 0", name=op.f("ck_show_duration")),
        sa.ForeignKeyConstraint(
            ["category_id"], ["show_category.id"], name=op.f("fk_show_category_id_show_category")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_show")),
    )
    with op.batch_alter_table("show", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_show_category_id"), ["category_id"], unique=False)

    op.create_table(
        "show_session",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("show_id", sa.String(length=36), nullable=False),
        sa.Column("hall_id", sa.String(length=36), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('on_sale', 'stopped', 'ended')", name=op.f("ck_show_session_status")
        ),
        sa.ForeignKeyConstraint(
            ["hall_id"], ["hall.id"], name=op.f("fk_show_session_hall_id_hall")
        ),
        sa.ForeignKeyConstraint(
            ["show_id"], ["show.id"], name=op.f("fk_show_session_show_id_show")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_show_session")),
    )
    with op.batch_alter_table("show_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_show_session_show_id"), ["show_id"], unique=False)
        batch_op.create_index("ix_show_session_starts_at", ["starts_at"], unique=False)

    op.create_table(
        "price_zone",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("price_fen", sa.Integer(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.CheckConstraint("price_fen >= 0", name=op.f("ck_price_zone_price")),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["show_session.id"],
            name=op.f("fk_price_zone_session_id_show_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_zone")),
        sa.UniqueConstraint("session_id", "name", name=op.f("uq_price_zone_session_id")),
    )

    op.create_table(
        "ticket_type",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("is_comp", sa.Boolean(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.CheckConstraint("percent BETWEEN 0 AND 100", name=op.f("ck_ticket_type_percent")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_type")),
        sa.UniqueConstraint("name", name=op.f("uq_ticket_type_name")),
    )


def downgrade() -> None:
    op.drop_table("ticket_type")
    op.drop_table("price_zone")
    op.drop_table("show_session")
    op.drop_table("show")
    op.drop_table("show_category")
    op.drop_table("hall")
    op.drop_table("venue")
