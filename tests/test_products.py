"""Merchants and their products: scoping, SKUs and barcodes, stock, the Excel
import and export. Real stores and real .xlsx files; nothing mocked."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from boxoffice import product_excel
from boxoffice.barcodes import with_check_digit
from boxoffice.clock import now
from boxoffice.db.models import OrderLine, SaleOrder
from boxoffice.db.store import Store
from boxoffice.errors import Conflict, NotFound, PermissionDenied, ValidationError
from boxoffice.ids import MerchantId, ProductId, new_id
from boxoffice.money import MAX_FEN
from boxoffice.permissions import BuiltinRole
from boxoffice.services import auth, products, staff
from boxoffice.services.base import Actor
from boxoffice.services.products import (
    ImportRejected,
    ImportRow,
    ProductRow,
    SkuInput,
)
from sync import terminal
from sync.gateway import RemoteGateway
from tests.central_server import CentralServer
from tests.conftest import actor_for, audit_entries, last_audit_seq, table_snapshot
from tests.test_terminal_link import code_for, local_admin, window  # noqa: F401

SNACKS, SHOP = "小卖部", "文创商店"
COLA_CAN = with_check_digit("690000000001")
COLA_BOTTLE = with_check_digit("690000000002")
TEA = with_check_digit("690000000003")


# --- helpers -----------------------------------------------------------------------------


@pytest.fixture
def manager(demo_actors: dict[str, Actor]) -> Actor:
    """赵磊, 商户管理员 of 小卖部."""
    return demo_actors["zhaolei"]


def merchant_id(store: Store, admin: Actor, name: str) -> MerchantId:
    return next(m.id for m in products.list_merchants(store, admin) if m.name == name)


def product(store: Store, actor: Actor, name: str) -> ProductRow:
    return next(p for p in products.list_products(store, actor) if p.name == name)


def cola(store: Store, admin: Actor, **changes: object) -> ProductId:
    """可乐 with two SKUs at 小卖部 (the demo has a 可乐 already: this is 冰可乐)."""
    values: dict[str, object] = {
        "merchant_id": merchant_id(store, admin, SNACKS),
        "category_id": None,
        "name": "冰可乐",
        "unit": "瓶",
        "favourite": True,
        "skus": [
            SkuInput(None, "C-330", "听装 330ml", 350, barcodes=(COLA_CAN,)),
            SkuInput(None, "C-500", "瓶装 500ml", 450, track_stock=True, barcodes=(COLA_BOTTLE,)),
        ],
    }
    values.update(changes)
    return products.save_product(store, admin, None, **values)  # type: ignore[arg-type]


def sell_one(store: Store, admin: Actor, sku_id: str) -> None:
    """A goods order with one line of the SKU, as the till records it (its history)."""
    with store.transaction() as session:
        order = SaleOrder(
            id=new_id(),
            number="G-TEST-1",
            terminal_id=admin.terminal_id or "",
            user_id=admin.user_id,
            created_at=now(),
            total_fen=350,
            kind="goods",
        )
        order.lines.append(
            OrderLine(
                line_no=1,
                sku_id=sku_id,
                product_name="冰可乐",
                qty=1,
                unit_price_fen=350,
                amount_fen=350,
            )
        )
        session.add(order)


def inputs(row: ProductRow) -> list[SkuInput]:
    return [
        SkuInput(s.id, s.code, s.name, s.price_fen, s.track_stock, s.enabled, s.barcodes)
        for s in row.skus
    ]


# --- Merchants ---------------------------------------------------------------------------


def test_merchants_are_listed_for_venue_staff_and_own_only_for_operators(
    ready_store: Store, admin: Actor, merchant: Actor, manager: Actor
) -> None:
    listed = {m.name: m for m in products.list_merchants(ready_store, admin)}
    assert {SNACKS, SHOP} <= set(listed)
    assert listed[SNACKS].operator_count == 2  # 刘洋 and 赵磊
    assert [m.name for m in products.list_merchants(ready_store, merchant)] == [SNACKS]
    assert [m.name for m in products.list_merchants(ready_store, manager)] == [SNACKS]


def test_admin_creates_and_edits_a_merchant(ready_store: Store, admin: Actor) -> None:
    seq = last_audit_seq(ready_store)
    new = products.save_merchant(
        ready_store,
        admin,
        None,
        name=" 咖啡馆 ",
        contact="王经理",
        phone="138 0000 0000",
        fee_rate_bp=650,
    )
    row = next(m for m in products.list_merchants(ready_store, admin) if m.id == new)
    assert (row.name, row.contact, row.phone, row.fee_rate_bp, row.enabled) == (
        "咖啡馆",
        "王经理",
        "138 0000 0000",
        650,
        True,
    )
    products.save_merchant(
        ready_store, admin, new, name="咖啡馆", fee_rate_bp=10_000, enabled=False
    )
    row = next(m for m in products.list_merchants(ready_store, admin) if m.id == new)
    assert (row.fee_rate_bp, row.enabled, row.contact) == (10_000, False, "")
    created, updated = audit_entries(ready_store, seq)
    assert (created.action, updated.action) == ("merchant.create", "merchant.update")
    assert json.loads(updated.detail)["before"]["fee_rate_bp"] == 650


@pytest.mark.parametrize(
    ("changes", "error", "words"),
    [
        ({"fee_rate_bp": 10_001}, ValidationError, "from 0.00 % to 100.00 %"),
        ({"fee_rate_bp": -1}, ValidationError, "from 0.00 % to 100.00 %"),
        ({"name": "  "}, ValidationError, "1 to 64"),
        ({"name": SHOP}, Conflict, "exists already"),
        ({"phone": "call me"}, ValidationError, "phone number"),
    ],
)
def test_bad_merchant_changes_nothing(
    ready_store: Store,
    admin: Actor,
    changes: dict[str, object],
    error: type[Exception],
    words: str,
) -> None:
    values: dict[str, object] = {"name": "咖啡馆", "fee_rate_bp": 500, **changes}
    before = table_snapshot(ready_store)
    with pytest.raises(error, match=words):
        products.save_merchant(ready_store, admin, None, **values)  # type: ignore[arg-type]
    assert table_snapshot(ready_store) == before


# --- Scoping -----------------------------------------------------------------------------


def test_a_merchants_staff_cannot_see_or_change_another_merchant(
    ready_store: Store, admin: Actor, manager: Actor, merchant: Actor
) -> None:
    shop = merchant_id(ready_store, admin, SHOP)
    snacks = merchant_id(ready_store, admin, SNACKS)
    # Unasked, their own merchant's products and categories only.
    assert {p.merchant_id for p in products.list_products(ready_store, manager)} == {snacks}
    assert {p.merchant_id for p in products.list_products(ready_store, merchant)} == {snacks}
    assert {c.merchant_id for c in products.list_product_categories(ready_store, manager)} == {
        snacks
    }
    # Venue staff see every merchant's.
    assert {p.merchant_id for p in products.list_products(ready_store, admin)} == {snacks, shop}

    theirs = products.list_products(ready_store, admin, shop)[0]
    before = table_snapshot(ready_store)
    refusals = [
        lambda: products.list_products(ready_store, manager, shop),
        lambda: products.list_product_categories(ready_store, merchant, shop),
        lambda: products.save_product(
            ready_store,
            manager,
            None,
            merchant_id=shop,
            category_id=None,
            name="x",
            skus=[SkuInput(None, "X1", "", 100)],
        ),
        lambda: products.save_product(
            ready_store,
            manager,
            theirs.id,
            merchant_id=snacks,
            category_id=None,
            name="x",
            skus=inputs(theirs),
        ),
        lambda: products.set_product_enabled(ready_store, manager, theirs.id, False),
        lambda: products.delete_product(ready_store, manager, theirs.id),
        lambda: products.record_stock(
            ready_store, manager, theirs.skus[0].id, delta=5, kind="receive", note=""
        ),
        lambda: products.save_product_category(
            ready_store, manager, None, merchant_id=shop, name="偷偷"
        ),
        lambda: products.import_products(
            ready_store, manager, shop, [ImportRow(2, "x", "X1", 100)]
        ),
        lambda: products.save_merchant(ready_store, manager, snacks, name=SNACKS, fee_rate_bp=0),
    ]
    for call in refusals:
        with pytest.raises(PermissionDenied):
            call()
    assert table_snapshot(ready_store) == before


def test_a_merchant_manager_keeps_their_own_products(
    ready_store: Store, admin: Actor, manager: Actor
) -> None:
    snacks = merchant_id(ready_store, admin, SNACKS)
    category = products.save_product_category(
        ready_store, manager, None, merchant_id=snacks, name="冷饮", sort_order=5
    )
    made = products.save_product(
        ready_store,
        manager,
        None,
        merchant_id=snacks,
        category_id=category,
        name="冰棍",
        skus=[SkuInput(None, "B-1", "绿豆", 300)],
    )
    assert product(ready_store, manager, "冰棍").id == made
    assert product(ready_store, manager, "冰棍").category_name == "冷饮"


# --- Products, SKUs and barcodes -----------------------------------------------------------


def test_save_a_product_with_skus_and_barcodes(ready_store: Store, admin: Actor) -> None:
    seq = last_audit_seq(ready_store)
    made = cola(ready_store, admin)
    row = product(ready_store, admin, "冰可乐")
    assert row.id == made
    assert (row.unit, row.favourite, row.enabled, row.category_id) == ("瓶", True, True, None)
    can, bottle = row.skus
    assert (can.code, can.name, can.price_fen, can.barcodes) == (
        "C-330",
        "听装 330ml",
        350,
        (COLA_CAN,),
    )
    assert (can.track_stock, can.stock, can.negative) == (False, None, False)
    assert (bottle.track_stock, bottle.stock, bottle.negative) == (True, 0, False)
    [entry] = audit_entries(ready_store, seq)
    assert entry.action == "product.create"
    assert COLA_CAN in entry.detail

    # Edit: a new price, a second barcode, a third SKU; the bottle is left out and,
    # never sold, deleted (its code and barcode free again).
    in_store = "2012345"
    products.save_product(
        ready_store,
        admin,
        made,
        merchant_id=row.merchant_id,
        category_id=None,
        name="可乐(冰)",
        unit="瓶",
        skus=[
            SkuInput(can.id, "C-330", "听装 330ml", 380, barcodes=(COLA_CAN, in_store)),
            SkuInput(None, "C-500", "新瓶装", 500, barcodes=(COLA_BOTTLE,)),
        ],
    )
    row = product(ready_store, admin, "可乐(冰)")
    assert [(s.code, s.name, s.price_fen) for s in row.skus] == [
        ("C-330", "听装 330ml", 380),
        ("C-500", "新瓶装", 500),
    ]
    assert row.skus[0].id == can.id and row.skus[1].id != bottle.id
    assert row.skus[0].barcodes == tuple(sorted((COLA_CAN, in_store)))
    assert row.favourite is False


def test_two_skus_may_swap_codes_and_barcodes_in_one_save(ready_store: Store, admin: Actor) -> None:
    made = cola(ready_store, admin)
    row = product(ready_store, admin, "冰可乐")
    can, bottle = row.skus
    products.save_product(
        ready_store,
        admin,
        made,
        merchant_id=row.merchant_id,
        category_id=None,
        name="冰可乐",
        skus=[
            SkuInput(can.id, "C-500", can.name, 350, barcodes=(COLA_BOTTLE,)),
            SkuInput(bottle.id, "C-330", bottle.name, 450, barcodes=(COLA_CAN,)),
        ],
    )
    swapped = {s.id: (s.code, s.barcodes) for s in product(ready_store, admin, "冰可乐").skus}
    assert swapped == {can.id: ("C-500", (COLA_BOTTLE,)), bottle.id: ("C-330", (COLA_CAN,))}


@pytest.mark.parametrize(
    ("skus", "error", "words"),
    [
        ([], ValidationError, "at least one SKU"),
        (
            [SkuInput(None, "A1", "", 100), SkuInput(None, "A1", "", 200)],
            ValidationError,
            "given to two SKUs",
        ),
        ([SkuInput(None, "A 1", "", 100)], ValidationError, "not a product code"),
        ([SkuInput(None, "A1", "", -1)], ValidationError, "price must be"),
        ([SkuInput(None, "A1", "", MAX_FEN + 1)], ValidationError, "price must be"),
        ([SkuInput(None, "A1", "", 100, barcodes=("12ab",))], ValidationError, "4 to 20 digits"),
        ([SkuInput(None, "A1", "", 100, barcodes=("123",))], ValidationError, "4 to 20 digits"),
        (
            [SkuInput(None, "A1", "", 100, barcodes=("6901234567890",))],
            ValidationError,
            "wrong check digit",
        ),
        (
            [SkuInput(None, "A1", "", 100, barcodes=(with_check_digit("201234500500"),))],
            ValidationError,
            r"first seven digits \(2012345\)",
        ),
        (
            [
                SkuInput(None, "A1", "", 100, barcodes=("12345678",)),
                SkuInput(None, "A2", "", 100, barcodes=("12345678",)),
            ],
            ValidationError,
            "given to both “A1” and “A2”",
        ),
        # The demo's 矿泉水 has code 10101 and its barcode.
        ([SkuInput(None, "10101", "", 100)], Conflict, "“10101” belongs to “矿泉水 550ml"),
    ],
)
def test_a_bad_product_changes_nothing(
    ready_store: Store,
    admin: Actor,
    skus: list[SkuInput],
    error: type[Exception],
    words: str,
) -> None:
    snacks = merchant_id(ready_store, admin, SNACKS)
    before = table_snapshot(ready_store)
    with pytest.raises(error, match=words):
        products.save_product(
            ready_store, admin, None, merchant_id=snacks, category_id=None, name="新品", skus=skus
        )
    assert table_snapshot(ready_store) == before


def test_a_barcode_another_sku_has_is_refused_by_name(ready_store: Store, admin: Actor) -> None:
    cola(ready_store, admin)
    snacks = merchant_id(ready_store, admin, SNACKS)
    before = table_snapshot(ready_store)
    with pytest.raises(Conflict) as refused:
        products.save_product(
            ready_store,
            admin,
            None,
            merchant_id=snacks,
            category_id=None,
            name="雪碧",
            skus=[SkuInput(None, "S-1", "", 300, barcodes=(COLA_CAN,))],
        )
    assert refused.value.english() == (
        f"The barcode “{COLA_CAN}” belongs to “冰可乐 听装 330ml (C-330)” already."
    )
    assert table_snapshot(ready_store) == before
    # The same barcode at another merchant is another merchant's business.
    products.save_product(
        ready_store,
        admin,
        None,
        merchant_id=merchant_id(ready_store, admin, SHOP),
        category_id=None,
        name="可乐",
        skus=[SkuInput(None, "S-1", "", 300, barcodes=(COLA_CAN,))],
    )


def test_a_sku_with_history_left_out_is_disabled_and_one_without_is_deleted(
    ready_store: Store, admin: Actor
) -> None:
    made = cola(ready_store, admin)
    row = product(ready_store, admin, "冰可乐")
    can = row.skus[0]
    sell_one(ready_store, admin, can.id)
    seq = last_audit_seq(ready_store)
    products.save_product(
        ready_store,
        admin,
        made,
        merchant_id=row.merchant_id,
        category_id=None,
        name="冰可乐",
        skus=[SkuInput(None, "C-1L", "1L", 800)],
    )
    after = product(ready_store, admin, "冰可乐")
    assert [(s.code, s.enabled) for s in after.skus] == [("C-1L", True), ("C-330", False)]
    assert after.skus[1].barcodes == (COLA_CAN,)  # still known when scanned
    detail = json.loads(audit_entries(ready_store, seq)[0].detail)
    assert (detail["disabled"], detail["deleted"]) == (["C-330"], ["C-500"])
    # The disabled one still holds its code.
    with pytest.raises(Conflict, match="C-330"):
        products.save_product(
            ready_store,
            admin,
            None,
            merchant_id=row.merchant_id,
            category_id=None,
            name="新",
            skus=[SkuInput(None, "C-330", "", 100)],
        )


def test_delete_a_product_only_without_history(ready_store: Store, admin: Actor) -> None:
    made = cola(ready_store, admin)
    bottle = product(ready_store, admin, "冰可乐").skus[1]
    products.record_stock(ready_store, admin, bottle.id, delta=24, kind="receive", note="")
    before = table_snapshot(ready_store)
    with pytest.raises(Conflict, match="Disable it instead"):
        products.delete_product(ready_store, admin, made)
    assert table_snapshot(ready_store) == before
    products.set_product_enabled(ready_store, admin, made, False)
    assert product(ready_store, admin, "冰可乐").enabled is False
    assert "冰可乐" not in {
        p.name for p in products.list_products(ready_store, admin, include_disabled=False)
    }

    fresh = products.save_product(
        ready_store,
        admin,
        None,
        merchant_id=product(ready_store, admin, "冰可乐").merchant_id,
        category_id=None,
        name="试吃",
        skus=[SkuInput(None, "T-1", "", 0, barcodes=("1234",))],
    )
    products.delete_product(ready_store, admin, fresh)
    assert "试吃" not in {p.name for p in products.list_products(ready_store, admin)}
    # Its code and barcode are free again.
    cola(ready_store, admin, name="再来", skus=[SkuInput(None, "T-1", "", 0, barcodes=("1234",))])


# --- Categories --------------------------------------------------------------------------


def test_categories_are_unique_per_merchant_and_kept_while_used(
    ready_store: Store, admin: Actor
) -> None:
    snacks = merchant_id(ready_store, admin, SNACKS)
    shop = merchant_id(ready_store, admin, SHOP)
    drinks = next(
        c for c in products.list_product_categories(ready_store, admin, snacks) if c.name == "饮料"
    )
    assert drinks.product_count == 3
    with pytest.raises(Conflict, match="exists already"):
        products.save_product_category(ready_store, admin, None, merchant_id=snacks, name="饮料")
    products.save_product_category(ready_store, admin, None, merchant_id=shop, name="饮料")
    before = table_snapshot(ready_store)
    with pytest.raises(Conflict, match="still has 3 products"):
        products.delete_product_category(ready_store, admin, drinks.id)
    assert table_snapshot(ready_store) == before
    products.save_product_category(
        ready_store, admin, drinks.id, merchant_id=snacks, name="饮品", sort_order=3
    )
    empty = products.save_product_category(ready_store, admin, None, merchant_id=snacks, name="空")
    products.delete_product_category(ready_store, admin, empty)
    names = [c.name for c in products.list_product_categories(ready_store, admin, snacks)]
    assert "饮品" in names and "饮料" not in names and "空" not in names


# --- Stock -------------------------------------------------------------------------------


def test_stock_is_the_sum_of_movements_and_negative_is_flagged(
    ready_store: Store, admin: Actor, manager: Actor
) -> None:
    cola(ready_store, admin)
    can, bottle = product(ready_store, admin, "冰可乐").skus
    seq = last_audit_seq(ready_store)
    assert (
        products.record_stock(
            ready_store, manager, bottle.id, delta=10, kind="receive", note="进货"
        )
        == 10
    )
    assert (
        products.record_stock(
            ready_store, manager, bottle.id, delta=-12, kind="adjust", note="盘点"
        )
        == -2
    )
    bottle = product(ready_store, admin, "冰可乐").skus[1]
    assert (bottle.stock, bottle.negative) == (-2, True)
    assert product(ready_store, admin, "冰可乐").negative
    assert [e.action for e in audit_entries(ready_store, seq)] == ["stock.receive", "stock.adjust"]

    before = table_snapshot(ready_store)
    for kwargs, words in [
        ({"delta": -1, "kind": "receive", "note": ""}, "more than zero"),
        ({"delta": 0, "kind": "adjust", "note": "x"}, "how many"),
        ({"delta": 3, "kind": "adjust", "note": " "}, "Say why"),
        ({"delta": 3, "kind": "sale", "note": ""}, "received or adjusted"),
    ]:
        with pytest.raises(ValidationError, match=words):
            products.record_stock(ready_store, admin, bottle.id, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="does not keep stock"):
        products.record_stock(ready_store, admin, can.id, delta=1, kind="receive", note="")
    with pytest.raises(NotFound):
        products.record_stock(ready_store, admin, "no-such-sku", delta=1, kind="receive", note="")  # type: ignore[arg-type]
    assert table_snapshot(ready_store) == before


# --- The import --------------------------------------------------------------------------


def good_rows() -> list[ImportRow]:
    return [
        ImportRow(
            2,
            "绿茶",
            "G-500",
            400,
            sku_name="500ml",
            category="茶饮",
            barcodes=(TEA,),
            unit="瓶",
            favourite=True,
        ),
        ImportRow(3, "绿茶", "G-1L", 700, sku_name="1L", category="茶饮", unit="瓶"),
        ImportRow(4, "矿泉水", "10101", 350, sku_name="550ml", category="饮料"),
    ]


def test_import_creates_groups_and_updates_by_code(ready_store: Store, admin: Actor) -> None:
    snacks = merchant_id(ready_store, admin, SNACKS)
    seq = last_audit_seq(ready_store)
    result = products.import_products(ready_store, admin, snacks, good_rows())
    assert (result.products_created, result.skus_created, result.skus_updated) == (1, 2, 1)
    assert result.categories_created == ("茶饮",)
    tea = product(ready_store, admin, "绿茶")
    assert (tea.category_name, tea.unit, tea.favourite) == ("茶饮", "瓶", True)
    assert [(s.code, s.name, s.price_fen, s.barcodes) for s in tea.skus] == [
        ("G-500", "500ml", 400, (TEA,)),
        ("G-1L", "1L", 700, ()),
    ]
    water = product(ready_store, admin, "矿泉水").skus[0]
    assert (water.price_fen, len(water.barcodes)) == (350, 1)  # no 条码 column: kept
    [entry] = audit_entries(ready_store, seq)
    assert entry.action == "product.import" and '"skus_created": 2' in entry.detail
    # The same rows again change nothing.
    again = products.import_products(ready_store, admin, snacks, good_rows())
    assert (again.skus_created, again.skus_updated, again.skus_unchanged) == (0, 0, 3)


def test_import_is_all_or_nothing_with_problems_by_row_and_column(
    ready_store: Store, admin: Actor
) -> None:
    snacks = merchant_id(ready_store, admin, SNACKS)
    rows = [
        *good_rows(),
        ImportRow(5, "", "X-1", 100),
        ImportRow(6, "红茶", "G-500", -5),
        ImportRow(7, "红茶", "R-1", 100, barcodes=("12x",)),
        ImportRow(8, "爆米花", "Y-1", 100, barcodes=(TEA,)),
        ImportRow(9, "绿茶", "G-2L", 900, unit="箱"),
        # 可乐 听装's demo barcode, on another SKU that is not in the file.
        ImportRow(10, "新可乐", "N-1", 100, barcodes=(with_check_digit("692345610201"),)),
    ]
    before = table_snapshot(ready_store)
    with pytest.raises(ImportRejected) as rejected:
        products.import_products(ready_store, admin, snacks, rows)
    assert table_snapshot(ready_store) == before
    found = {(p.row, p.column) for p in rejected.value.problems}
    assert found == {
        (5, "商品名称"),
        (6, "货号"),
        (6, "售价(元)"),
        (7, "条码"),
        (8, "条码"),
        (9, "单位"),
        (10, "条码"),
    }
    assert [p.row for p in rejected.value.problems] == sorted(
        p.row for p in rejected.value.problems
    )
    assert rejected.value.english() == (
        "Nothing was imported: the file has 7 problems. Correct them first."
    )
    details = rejected.value.details().splitlines()
    assert "Row 6, column “货号”: “G-500” is on row 2 already." in details
    assert f"Row 8, column “条码”: “{TEA}” is on row 2 already." in details
    assert "Row 9, column “单位”: Row 2 of the same product says “瓶”: make them agree." in details
    assert any(
        d.startswith("Row 10, column “条码”: The barcode") and "可乐 听装" in d for d in details
    )


def test_import_refuses_to_empty_a_product(ready_store: Store, admin: Actor) -> None:
    snacks = merchant_id(ready_store, admin, SNACKS)
    with pytest.raises(ImportRejected) as rejected:
        products.import_products(ready_store, admin, snacks, [ImportRow(2, "纯净水", "10101", 300)])
    [found] = rejected.value.problems
    assert (found.row, found.column) == (2, "商品名称")
    assert "last SKU of “矿泉水”" in found.text()


# --- Excel files -------------------------------------------------------------------------


def test_export_then_import_is_unchanged(ready_store: Store, admin: Actor, tmp_path: Path) -> None:
    cola(ready_store, admin)
    snacks = merchant_id(ready_store, admin, SNACKS)
    bottle = product(ready_store, admin, "冰可乐").skus[1]
    products.record_stock(ready_store, admin, bottle.id, delta=3, kind="receive", note="")
    listed = products.list_products(ready_store, admin, snacks)
    path = tmp_path / "小卖部.xlsx"
    written = product_excel.write_products(path, SNACKS, listed)
    assert written == sum(len(p.skus) for p in listed)

    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[1]] == list(products.IMPORT_COLUMNS)
    assert sheet.freeze_panes == "A2"
    can_row = next(r for r in sheet.iter_rows(min_row=2) if r[3].value == "C-330")
    assert can_row[4].number_format == "0.00" and float(can_row[4].value) == 3.5
    assert can_row[5].value == COLA_CAN and can_row[5].data_type == "s"

    before = table_snapshot(ready_store)
    rows = product_excel.read_products(path)
    assert len(rows) == written
    result = products.import_products(ready_store, admin, snacks, rows)
    assert (result.products_created, result.products_updated) == (0, 0)
    assert (result.skus_created, result.skus_updated, result.skus_unchanged) == (0, 0, written)
    assert table_snapshot(ready_store) == before
    assert products.list_products(ready_store, admin, snacks) == listed


def workbook(tmp_path: Path, *rows: list[object], name: str = "in.xlsx") -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_read_reports_bad_cells_by_row_and_column(tmp_path: Path) -> None:
    header = ["商品名称", "规格", "货号", "售价(元)", "条码", "管理库存", "启用"]
    path = workbook(
        tmp_path,
        header,
        ["瓜子", "小包", 1001, 5, f"{TEA} / {COLA_BOTTLE}", "是", ""],
        ["瓜子", "大包", "1002", "12.5元", None, "否", "no"],
        [None, None, None, None, None, None, None],  # empty rows are skipped
        ["花生", "", "1003", "abc", "", "", ""],
        ["花生", "", "1004", -2, "", "", ""],
        ["花生", "", "1005", 1.234, "", "", ""],
        ["", "", "1006", 3, "", "maybe", ""],
    )
    with pytest.raises(ImportRejected) as rejected:
        product_excel.read_products(path)
    found = {(p.row, p.column): p.text() for p in rejected.value.problems}
    assert set(found) == {
        (5, "售价(元)"),
        (6, "售价(元)"),
        (7, "售价(元)"),
        (8, "商品名称"),
        (8, "管理库存"),
    }
    assert found[(5, "售价(元)")] == "Row 5, column “售价(元)”: “abc” is not an amount of money."
    assert found[(6, "售价(元)")].endswith("A price cannot be negative: “-2”.")
    assert found[(7, "售价(元)")].endswith("A price has at most two decimals (fen): “1.234”.")
    assert found[(8, "商品名称")].endswith("This cell is empty.")
    assert found[(8, "管理库存")].endswith("“maybe” is not 是 or 否 (yes or no).")

    # The good rows alone read into what the import takes.
    good = workbook(
        tmp_path,
        header,
        *[
            ["瓜子", "小包", 1001, 5, f"{TEA} / {COLA_BOTTLE}", "是", ""],
            ["瓜子", "大包", "1002", "12.5元", None, "否", "no"],
        ],
        name="good.xlsx",
    )
    first, second = product_excel.read_products(good)
    assert first == ImportRow(
        2,
        "瓜子",
        "1001",
        500,
        sku_name="小包",
        barcodes=(TEA, COLA_BOTTLE),
        track_stock=True,
        enabled=True,
    )
    assert (second.price_fen, second.barcodes, second.enabled, second.category) == (
        1250,
        (),
        False,
        None,
    )


def test_english_headers_and_a_missing_column(tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        ["Product", "Code", "Price (yuan)", "Favourite"],
        ["Tea", "T1", "8.00", "yes"],
    )
    [row] = product_excel.read_products(path)
    assert (row.product_name, row.code, row.price_fen, row.favourite) == ("Tea", "T1", 800, True)

    missing = workbook(tmp_path, ["商品名称", "货号"], ["茶", "T1"], name="missing.xlsx")
    with pytest.raises(ImportRejected) as rejected:
        product_excel.read_products(missing)
    assert [p.text() for p in rejected.value.problems] == [
        "Row 1, column “售价(元)”: The file has no such column."
    ]


@pytest.mark.parametrize(
    "content",
    [b"\x00\x01garbage" * 50, "商品名称,货号\n茶,T1\n".encode(), b""],
)
def test_a_file_that_is_not_a_workbook_is_a_clear_refusal(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "products.xlsx"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match="is not an Excel workbook"):
        product_excel.read_products(path)


def test_a_zip_that_is_not_a_workbook_is_a_clear_refusal(tmp_path: Path) -> None:
    path = tmp_path / "products.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(ValidationError, match="is not an Excel workbook"):
        product_excel.read_products(path)


# --- Operators belong to a merchant -----------------------------------------------------------


def test_staff_accounts_carry_their_merchant(ready_store: Store, admin: Actor) -> None:
    shop = merchant_id(ready_store, admin, SHOP)
    roles = {r.code: r.id for r in staff.list_roles(ready_store, admin) if r.code}
    seq = last_audit_seq(ready_store)
    new = staff.create_user(
        ready_store,
        admin,
        login="sunmei",
        display_name="孙梅",
        password="Shop-Keeper-1",
        role_ids=[roles[BuiltinRole.MERCHANT.value]],
        merchant_id=shop,
    )
    users = {u.login: u for u in staff.list_users(ready_store, admin)}
    assert (users["sunmei"].merchant_id, users["sunmei"].merchant_name) == (shop, SHOP)
    assert (users["liuyang"].merchant_name, users["zhangli"].merchant_id) == (SNACKS, None)
    assert f'"merchant": "{SHOP}"' in audit_entries(ready_store, seq)[0].detail

    # Their merchant stays when an edit leaves it out, and None makes them venue staff.
    staff.update_user(ready_store, admin, new, display_name="孙梅梅", role_ids=[])
    assert {u.login: u for u in staff.list_users(ready_store, admin)}["sunmei"].merchant_id == shop
    staff.update_user(ready_store, admin, new, display_name="孙梅", role_ids=[], merchant_id=None)
    assert {u.login: u for u in staff.list_users(ready_store, admin)}["sunmei"].merchant_id is None
    with pytest.raises(NotFound):
        staff.update_user(
            ready_store, admin, new, display_name="孙梅", role_ids=[], merchant_id="gone"
        )

    # An operator of the shop sees the shop's products.
    staff.update_user(
        ready_store,
        admin,
        new,
        display_name="孙梅",
        role_ids=[roles[BuiltinRole.MERCHANT.value]],
        merchant_id=shop,
    )
    first = actor_for(ready_store, "sunmei", "Shop-Keeper-1")
    auth.change_own_password(ready_store, first, "Shop-Keeper-1", "Shop-Keeper-2")
    sunmei = actor_for(ready_store, "sunmei", "Shop-Keeper-2")
    assert {p.merchant_id for p in products.list_products(ready_store, sunmei)} == {shop}


@pytest.mark.usefixtures("memory_keyring")
def test_an_import_refused_by_the_central_store_lists_its_problems_at_the_terminal(
    central: CentralServer,
    window: Store,  # noqa: F811
) -> None:
    """A terminal's import goes to the central store; its refusal comes back
    with every problem by row and column, and nothing is imported there."""
    link = terminal.register(window, local_admin(window), central.url, code_for(central))
    client = terminal.connect(link)
    actor = terminal.login(window, link, client, "zhaolei", "demo2026").result.actor
    gateway = RemoteGateway(client)
    snack_bar = gateway.call(actor, products.list_merchants)[0].id
    before = gateway.call(actor, products.list_products, snack_bar)
    rows = [
        ImportRow(2, "热狗", "HD-1", 1200, barcodes=("123",)),
        ImportRow(3, "", "HD-2", 1500),
    ]
    with pytest.raises(ImportRejected) as rejected:
        gateway.call(actor, products.import_products, snack_bar, rows)
    assert [p.row for p in rejected.value.problems] == [2, 3]
    assert gateway.call(actor, products.list_products, snack_bar) == before
