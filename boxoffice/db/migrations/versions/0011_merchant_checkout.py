"""Merchant checkout: merchants (商户) and their operators, product categories,
products with SKUs and barcodes, add-only stock movements, the lines of
merchant orders (and lines removed before payment, and lines refunded), daily
settlements, carts put aside at a till, and the built-in merchant manager role.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from boxoffice.clock import now
from boxoffice.db.types import UTCDateTime
from boxoffice.ids import new_id

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# Permissions new in this revision, for the built-in roles of existing stores.
_GRANTS = {
    "merchant_operator": ("page.till", "page.shifts", "page.merchant_orders", "shift.blind_close"),
    "merchant_manager": (
        "page.home",
        "page.settings",
        "page.print_queue",
        "page.till",
        "page.shifts",
        "page.merchant_orders",
        "page.products",
        "page.merchant_reports",
        "merchant.sell",
        "merchant.refund",
        "shift.close",
        "shift.blind_close",
        "sales.discount",
        "products.manage",
        "reports.view",
    ),
    "supervisor": (
        "merchant.refund",
        "settlement.confirm",
        "page.merchant_orders",
        "page.merchant_reports",
    ),
    "admin": (
        "page.till",
        "page.products",
        "page.merchants",
        "page.merchant_orders",
        "page.merchant_reports",
        "merchant.refund",
        "products.manage",
        "merchants.manage",
        "settlement.confirm",
    ),
}
_NEW = sorted(
    {p for grants in _GRANTS.values() for p in grants}
    - {
        "page.home",
        "page.settings",
        "page.print_queue",
        "page.shifts",
        "merchant.sell",
        "shift.close",
        "shift.blind_close",
        "sales.discount",
        "reports.view",
    }
)


def upgrade() -> None:
    op.create_table(
        "held_cart",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("held_at", UTCDateTime(), nullable=False),
        sa.Column("user_login", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=64), nullable=False),
        sa.Column("total_fen", sa.Integer(), nullable=False),
        sa.Column("cart", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_cart")),
    )
    op.create_table(
        "merchant",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("contact", sa.String(length=64), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("fee_rate_bp", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "fee_rate_bp >= 0 AND fee_rate_bp <= 10000", name=op.f("ck_merchant_fee_rate")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merchant")),
        sa.UniqueConstraint("name", name=op.f("uq_merchant_name")),
    )
    op.create_table(
        "merchant_settlement",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("merchant_id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.Column("sales_fen", sa.Integer(), nullable=False),
        sa.Column("refunds_fen", sa.Integer(), nullable=False),
        sa.Column("fee_rate_bp", sa.Integer(), nullable=False),
        sa.Column("fee_fen", sa.Integer(), nullable=False),
        sa.Column("payable_fen", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("paid_at", UTCDateTime(), nullable=True),
        sa.Column("paid_by", sa.String(length=64), nullable=False),
        sa.Column("paid_reference", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'paid')", name=op.f("ck_merchant_settlement_status")
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchant.id"],
            name=op.f("fk_merchant_settlement_merchant_id_merchant"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merchant_settlement")),
        sa.UniqueConstraint("merchant_id", "day", name="uq_merchant_settlement_day"),
    )
    op.create_index(
        op.f("ix_merchant_settlement_merchant_id"),
        "merchant_settlement",
        ["merchant_id"],
        unique=False,
    )
    op.create_table(
        "order_line",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sku_id", sa.String(length=36), nullable=True),
        sa.Column("product_name", sa.String(length=64), nullable=False),
        sa.Column("sku_name", sa.String(length=64), nullable=False),
        sa.Column("barcode", sa.String(length=32), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.Column("unit_price_fen", sa.Integer(), nullable=False),
        sa.Column("discount_fen", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount_fen >= 0", name=op.f("ck_order_line_amount")),
        sa.CheckConstraint("discount_fen >= 0", name=op.f("ck_order_line_discount")),
        sa.CheckConstraint("qty > 0", name=op.f("ck_order_line_qty")),
        sa.CheckConstraint("unit_price_fen >= 0", name=op.f("ck_order_line_unit_price")),
        sa.ForeignKeyConstraint(
            ["order_id"], ["sale_order.id"], name=op.f("fk_order_line_order_id_sale_order")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_line")),
    )
    op.create_index(op.f("ix_order_line_order_id"), "order_line", ["order_id"], unique=False)
    op.create_index(op.f("ix_order_line_sku_id"), "order_line", ["sku_id"], unique=False)
    op.create_table(
        "product_category",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("merchant_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchant.id"], name=op.f("fk_product_category_merchant_id_merchant")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_category")),
        sa.UniqueConstraint("merchant_id", "name", name="uq_product_category_name"),
    )
    op.create_index(
        op.f("ix_product_category_merchant_id"), "product_category", ["merchant_id"], unique=False
    )
    op.create_table(
        "removed_line",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("product_name", sa.String(length=64), nullable=False),
        sa.Column("sku_name", sa.String(length=64), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("user_login", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["sale_order.id"], name=op.f("fk_removed_line_order_id_sale_order")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_removed_line")),
    )
    op.create_index(op.f("ix_removed_line_order_id"), "removed_line", ["order_id"], unique=False)
    op.create_table(
        "product",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("merchant_id", sa.String(length=36), nullable=False),
        sa.Column("category_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("favourite", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["product_category.id"],
            name=op.f("fk_product_category_id_product_category"),
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchant.id"], name=op.f("fk_product_merchant_id_merchant")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product")),
        sa.UniqueConstraint("merchant_id", "name", name="uq_product_name"),
    )
    op.create_index(op.f("ix_product_merchant_id"), "product", ["merchant_id"], unique=False)
    op.create_table(
        "refund_line",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("refund_id", sa.String(length=36), nullable=False),
        sa.Column("line_id", sa.String(length=36), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount_fen >= 0", name=op.f("ck_refund_line_amount")),
        sa.CheckConstraint("qty > 0", name=op.f("ck_refund_line_qty")),
        sa.ForeignKeyConstraint(
            ["line_id"], ["order_line.id"], name=op.f("fk_refund_line_line_id_order_line")
        ),
        sa.ForeignKeyConstraint(
            ["refund_id"], ["refund.id"], name=op.f("fk_refund_line_refund_id_refund")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refund_line")),
    )
    op.create_index(op.f("ix_refund_line_line_id"), "refund_line", ["line_id"], unique=False)
    op.create_index(op.f("ix_refund_line_refund_id"), "refund_line", ["refund_id"], unique=False)
    op.create_table(
        "product_sku",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("product_id", sa.String(length=36), nullable=False),
        sa.Column("merchant_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("price_fen", sa.Integer(), nullable=False),
        sa.Column("track_stock", sa.Boolean(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.CheckConstraint("price_fen >= 0", name=op.f("ck_product_sku_price")),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_product_sku_product_id_product")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_sku")),
        sa.UniqueConstraint("merchant_id", "code", name="uq_product_sku_code"),
    )
    op.create_index(op.f("ix_product_sku_product_id"), "product_sku", ["product_id"], unique=False)
    op.create_table(
        "sku_barcode",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("sku_id", sa.String(length=36), nullable=False),
        sa.Column("merchant_id", sa.String(length=36), nullable=False),
        sa.Column("barcode", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["sku_id"], ["product_sku.id"], name=op.f("fk_sku_barcode_sku_id_product_sku")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sku_barcode")),
        sa.UniqueConstraint("merchant_id", "barcode", name="uq_sku_barcode"),
    )
    op.create_index(op.f("ix_sku_barcode_sku_id"), "sku_barcode", ["sku_id"], unique=False)
    op.create_table(
        "stock_movement",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("sku_id", sa.String(length=36), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("delta", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("user_login", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "kind IN ('receive', 'sale', 'refund', 'adjust')", name=op.f("ck_stock_movement_kind")
        ),
        sa.ForeignKeyConstraint(
            ["sku_id"], ["product_sku.id"], name=op.f("fk_stock_movement_sku_id_product_sku")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_movement")),
    )
    op.create_index(
        op.f("ix_stock_movement_order_id"), "stock_movement", ["order_id"], unique=False
    )
    op.create_index(op.f("ix_stock_movement_sku_id"), "stock_movement", ["sku_id"], unique=False)
    op.add_column(
        "sale_order",
        sa.Column("kind", sa.String(length=16), server_default="tickets", nullable=False),
    )
    op.add_column("sale_order", sa.Column("merchant_id", sa.String(length=36), nullable=True))
    op.add_column(
        "sale_order",
        sa.Column("delivery_recipient", sa.String(length=64), server_default="", nullable=False),
    )
    op.add_column(
        "sale_order", sa.Column("delivery_address", sa.Text(), server_default="", nullable=False)
    )
    op.create_index(op.f("ix_sale_order_merchant_id"), "sale_order", ["merchant_id"], unique=False)
    op.add_column("staff_user", sa.Column("merchant_id", sa.String(length=36), nullable=True))

    role_permission = sa.table(
        "role_permission", sa.column("role_id", sa.String), sa.column("permission", sa.String)
    )
    bind = op.get_bind()
    manager = bind.execute(sa.text("SELECT id FROM role WHERE code = 'merchant_manager'")).scalar()
    has_roles = bind.execute(sa.text("SELECT count(*) FROM role")).scalar()
    if manager is None and has_roles:
        # An existing store gets the new built-in role (a new one gets it at setup),
        # under another name if an administrator already used this one.
        taken = bind.execute(sa.text("SELECT id FROM role WHERE name = '商户管理员'")).scalar()
        role = sa.table(
            "role",
            sa.column("id", sa.String),
            sa.column("name", sa.String),
            sa.column("code", sa.String),
            sa.column("description", sa.Text),
            sa.column("created_at", UTCDateTime()),
        )
        name = "商户管理员（内置）" if taken else "商户管理员"
        op.bulk_insert(
            role,
            [
                {
                    "id": new_id(),
                    "name": name,
                    "code": "merchant_manager",
                    "description": "",
                    "created_at": now(),
                }
            ],
        )
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
    bind = op.get_bind()
    for permission in _NEW:
        bind.execute(
            sa.text("DELETE FROM role_permission WHERE permission = :p"), {"p": permission}
        )
    op.drop_index(op.f("ix_sale_order_merchant_id"), table_name="sale_order")
    with op.batch_alter_table("sale_order") as batch:
        for column in ("delivery_address", "delivery_recipient", "merchant_id", "kind"):
            batch.drop_column(column)
    with op.batch_alter_table("staff_user") as batch:
        batch.drop_column("merchant_id")
    for table in (
        "stock_movement",
        "sku_barcode",
        "refund_line",
        "product_sku",
        "removed_line",
        "product",
        "product_category",
        "order_line",
        "merchant_settlement",
        "merchant",
        "held_cart",
    ):
        op.drop_table(table)
