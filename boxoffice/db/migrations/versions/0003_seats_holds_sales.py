"""Seats of sessions, holds, orders, tickets, payments, idempotency records and
the gap-free change feed.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from boxoffice.db.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_counter")),
    )
    op.create_table(
        "change_feed",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("session_id", sa.String(length=36), nullable=True),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_change_feed")),
    )
    with op.batch_alter_table("change_feed", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_feed_session_id"), ["session_id"], unique=False)

    op.create_table(
        "idempotency_record",
        sa.Column("key", sa.String(length=36), nullable=False),
        sa.Column("operation", sa.String(length=64), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_idempotency_record")),
    )
    op.create_table(
        "sale_order",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("terminal_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("total_fen", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.CheckConstraint("total_fen >= 0", name=op.f("ck_sale_order_total")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sale_order")),
        sa.UniqueConstraint("number", name=op.f("uq_sale_order_number")),
    )
    with op.batch_alter_table("sale_order", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sale_order_terminal_id"), ["terminal_id"], unique=False
        )

    op.create_table(
        "payment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "method IN ('cash', 'card', 'mobile', 'member')", name=op.f("ck_payment_method")
        ),
        sa.CheckConstraint("amount_fen > 0", name=op.f("ck_payment_amount")),
        sa.ForeignKeyConstraint(
            ["order_id"], ["sale_order.id"], name=op.f("fk_payment_order_id_sale_order")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment")),
    )
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_order_id"), ["order_id"], unique=False)

    op.create_table(
        "seat_hold",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("terminal_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "status IN ('active', 'released', 'consumed')", name=op.f("ck_seat_hold_status")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["show_session.id"], name=op.f("fk_seat_hold_session_id_show_session")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seat_hold")),
    )
    with op.batch_alter_table("seat_hold", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seat_hold_session_id"), ["session_id"], unique=False)

    op.create_table(
        "ticket",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("seat_id", sa.String(length=64), nullable=True),
        sa.Column("seat_label", sa.String(length=32), nullable=False),
        sa.Column("zone_id", sa.String(length=36), nullable=True),
        sa.Column("ticket_type_id", sa.String(length=36), nullable=False),
        sa.Column("price_fen", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "status IN ('valid', 'refunded', 'void')", name=op.f("ck_ticket_status")
        ),
        sa.CheckConstraint("price_fen >= 0", name=op.f("ck_ticket_price")),
        sa.ForeignKeyConstraint(
            ["order_id"], ["sale_order.id"], name=op.f("fk_ticket_order_id_sale_order")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["show_session.id"], name=op.f("fk_ticket_session_id_show_session")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket")),
    )
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ticket_order_id"), ["order_id"], unique=False)
        batch_op.create_index(
            "uq_ticket_valid_seat",
            ["session_id", "seat_id"],
            unique=True,
            sqlite_where=sa.text("status = 'valid' AND seat_id IS NOT NULL"),
            postgresql_where=sa.text("status = 'valid' AND seat_id IS NOT NULL"),
        )

    op.create_table(
        "session_seat",
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("seat_id", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=32), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("col", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.String(length=36), nullable=True),
        sa.Column("accessible", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("hold_id", sa.String(length=36), nullable=True),
        sa.Column("held_until", UTCDateTime(), nullable=True),
        sa.Column("terminal_id", sa.String(length=36), nullable=True),
        sa.Column("ticket_id", sa.String(length=36), nullable=True),
        sa.CheckConstraint(
            "state IN ('available', 'held', 'sold', 'blocked')", name=op.f("ck_session_seat_state")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["show_session.id"],
            name=op.f("fk_session_seat_session_id_show_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"],
            ["price_zone.id"],
            name=op.f("fk_session_seat_zone_id_price_zone"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("session_id", "seat_id", name=op.f("pk_session_seat")),
    )
    with op.batch_alter_table("session_seat", schema=None) as batch_op:
        batch_op.create_index("ix_session_seat_hold", ["hold_id"], unique=False)

    op.execute("INSERT INTO change_counter (id, last) VALUES (1, 0)")


def downgrade() -> None:
    with op.batch_alter_table("session_seat", schema=None) as batch_op:
        batch_op.drop_index("ix_session_seat_hold")

    op.drop_table("session_seat")
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_ticket_valid_seat",
            sqlite_where=sa.text("status = 'valid' AND seat_id IS NOT NULL"),
            postgresql_where=sa.text("status = 'valid' AND seat_id IS NOT NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_ticket_order_id"))

    op.drop_table("ticket")
    with op.batch_alter_table("seat_hold", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seat_hold_session_id"))

    op.drop_table("seat_hold")
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_order_id"))

    op.drop_table("payment")
    with op.batch_alter_table("sale_order", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sale_order_terminal_id"))

    op.drop_table("sale_order")
    op.drop_table("idempotency_record")
    with op.batch_alter_table("change_feed", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_feed_session_id"))

    op.drop_table("change_feed")
    op.drop_table("change_counter")
