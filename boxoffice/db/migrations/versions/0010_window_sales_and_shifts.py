"""Window sales and shift handover: shifts and their cash movements, refunds
(refund, void, exchange) and how their money went back, a ticket's history and
check-in, an order's shift, phone, note and discount, which roles and
terminals may sell a ticket type, and the new pages for the built-in roles.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from boxoffice.db.types import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Permissions new in this revision, for the built-in roles of existing stores.
_GRANTS = {
    "cashier": ("page.window", "page.orders", "page.shifts", "shift.blind_close"),
    "supervisor": ("page.window", "page.orders", "page.shifts"),
    "admin": ("page.window", "page.orders", "page.shifts"),
}


def upgrade() -> None:
    op.create_table(
        "shift",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("terminal_id", sa.String(length=36), nullable=False),
        sa.Column("terminal_name", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("user_login", sa.String(length=64), nullable=False),
        sa.Column("cashier_name", sa.String(length=64), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("blind", sa.Boolean(), nullable=False),
        sa.Column("opening_float_fen", sa.Integer(), nullable=False),
        sa.Column("opening_counts", sa.Text(), nullable=False),
        sa.Column("counted_fen", sa.Integer(), nullable=True),
        sa.Column("closing_counts", sa.Text(), nullable=False),
        sa.Column("expected_cash_fen", sa.Integer(), nullable=True),
        sa.Column("difference_fen", sa.Integer(), nullable=True),
        sa.Column("difference_reason", sa.Text(), nullable=False),
        sa.Column("approved_by", sa.String(length=64), nullable=False),
        sa.Column("unsynced_count", sa.Integer(), nullable=False),
        sa.Column("unsynced_fen", sa.Integer(), nullable=False),
        sa.CheckConstraint("status IN ('open', 'closed')", name=op.f("ck_shift_status")),
        sa.CheckConstraint("opening_float_fen >= 0", name=op.f("ck_shift_float")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift")),
    )
    op.create_index(op.f("ix_shift_terminal_id"), "shift", ["terminal_id"])
    op.create_index(
        "uq_shift_open_terminal",
        "shift",
        ["terminal_id"],
        unique=True,
        sqlite_where=sa.text("status = 'open'"),
        postgresql_where=sa.text("status = 'open'"),
    )
    op.create_table(
        "cash_movement",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("shift_id", sa.String(length=36), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("user_login", sa.String(length=64), nullable=False),
        sa.CheckConstraint("kind IN ('in', 'out')", name=op.f("ck_cash_movement_kind")),
        sa.CheckConstraint("amount_fen > 0", name=op.f("ck_cash_movement_amount")),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shift.id"], name=op.f("fk_cash_movement_shift_id_shift")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_movement")),
    )
    op.create_index(op.f("ix_cash_movement_shift_id"), "cash_movement", ["shift_id"])
    op.create_table(
        "refund",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("shift_id", sa.String(length=36), nullable=True),
        sa.Column("terminal_id", sa.String(length=36), nullable=False),
        sa.Column("terminal_name", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("user_login", sa.String(length=64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("forced", sa.Boolean(), nullable=False),
        sa.Column("new_order_id", sa.String(length=36), nullable=True),
        sa.CheckConstraint("kind IN ('refund', 'void', 'exchange')", name=op.f("ck_refund_kind")),
        sa.CheckConstraint("amount_fen >= 0", name=op.f("ck_refund_amount")),
        sa.ForeignKeyConstraint(
            ["order_id"], ["sale_order.id"], name=op.f("fk_refund_order_id_sale_order")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refund")),
    )
    op.create_index(op.f("ix_refund_order_id"), "refund", ["order_id"])
    op.create_index(op.f("ix_refund_shift_id"), "refund", ["shift_id"])
    op.create_table(
        "refund_payment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("refund_id", sa.String(length=36), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.CheckConstraint("amount_fen > 0", name=op.f("ck_refund_payment_amount")),
        sa.ForeignKeyConstraint(
            ["refund_id"], ["refund.id"], name=op.f("fk_refund_payment_refund_id_refund")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refund_payment")),
    )
    op.create_index(op.f("ix_refund_payment_refund_id"), "refund_payment", ["refund_id"])
    op.create_table(
        "ticket_event",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("ticket_id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("shift_id", sa.String(length=36), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("terminal_name", sa.String(length=64), nullable=False),
        sa.Column("user_login", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_event")),
    )
    op.create_index(op.f("ix_ticket_event_ticket_id"), "ticket_event", ["ticket_id"])
    op.create_index(op.f("ix_ticket_event_order_id"), "ticket_event", ["order_id"])
    op.create_index(op.f("ix_ticket_event_shift_id"), "ticket_event", ["shift_id"])
    # Plain ADD COLUMNs (not batch mode) on the sale tables: copying the ticket
    # table on SQLite would rebuild its partial unique index for nothing.
    op.add_column("sale_order", sa.Column("shift_id", sa.String(length=36), nullable=True))
    op.create_index(op.f("ix_sale_order_shift_id"), "sale_order", ["shift_id"])
    op.add_column(
        "sale_order",
        sa.Column("phone", sa.String(length=20), nullable=False, server_default=""),
    )
    op.add_column("sale_order", sa.Column("note", sa.Text(), nullable=False, server_default=""))
    op.add_column(
        "sale_order", sa.Column("discount_fen", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column("ticket", sa.Column("list_price_fen", sa.Integer(), nullable=True))
    op.add_column("ticket", sa.Column("refund_id", sa.String(length=36), nullable=True))
    op.add_column("ticket", sa.Column("checked_in_at", UTCDateTime(), nullable=True))
    op.add_column(
        "ticket",
        sa.Column("checked_in_where", sa.String(length=64), nullable=False, server_default=""),
    )
    op.add_column(
        "ticket_type", sa.Column("sell_roles", sa.Text(), nullable=False, server_default="[]")
    )
    op.add_column(
        "ticket_type", sa.Column("sell_terminals", sa.Text(), nullable=False, server_default="[]")
    )
    with op.batch_alter_table("payment") as batch:
        batch.drop_constraint(op.f("ck_payment_method"), type_="check")
        batch.create_check_constraint(
            "method", "method IN ('cash', 'card', 'mobile', 'member', 'exchange')"
        )
    role_permission = sa.table(
        "role_permission", sa.column("role_id", sa.String), sa.column("permission", sa.String)
    )
    bind = op.get_bind()
    for code, permissions in _GRANTS.items():
        role_id = bind.execute(sa.text("SELECT id FROM role WHERE code = :c"), {"c": code}).scalar()
        if role_id is None:
            continue
        have = set(
            bind.execute(
                sa.text("SELECT permission FROM role_permission WHERE role_id = :r"), {"r": role_id}
            ).scalars()
        )
        rows = [{"role_id": role_id, "permission": p} for p in permissions if p not in have]
        if rows:
            op.bulk_insert(role_permission, rows)


def downgrade() -> None:
    op.execute(
        "DELETE FROM role_permission WHERE permission IN "
        "('page.window', 'page.orders', 'page.shifts', 'shift.blind_close')"
    )
    with op.batch_alter_table("payment") as batch:
        batch.drop_constraint(op.f("ck_payment_method"), type_="check")
        batch.create_check_constraint("method", "method IN ('cash', 'card', 'mobile', 'member')")
    with op.batch_alter_table("ticket_type") as batch:
        batch.drop_column("sell_terminals")
        batch.drop_column("sell_roles")
    with op.batch_alter_table("ticket") as batch:
        for column in ("checked_in_where", "checked_in_at", "refund_id", "list_price_fen"):
            batch.drop_column(column)
    op.drop_index(op.f("ix_sale_order_shift_id"), table_name="sale_order")
    with op.batch_alter_table("sale_order") as batch:
        for column in ("discount_fen", "note", "phone", "shift_id"):
            batch.drop_column(column)
    for table in ("ticket_event", "refund_payment", "refund", "cash_movement"):
        op.drop_table(table)
    op.drop_index("uq_shift_open_terminal", table_name="shift")
    op.drop_table("shift")
