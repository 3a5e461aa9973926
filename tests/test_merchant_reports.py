"""The merchants' reports (统计汇总报表) on a real store: order summary, by day,
by operator, by product — the figures a supervisor or a merchant's manager
reads — their Excel files, and who may read which merchant's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from boxoffice import report_excel
from boxoffice.db.store import Store
from boxoffice.errors import PermissionDenied, ValidationError
from boxoffice.ids import new_id
from boxoffice.services import merchant_reports, settlement, shifts, till
from boxoffice.services.base import Actor
from boxoffice.services.merchant_reports import (
    DailyRow,
    OperatorRow,
    OrderSummaryRow,
    ProductSalesRow,
)
from boxoffice.services.seating import PaymentLine
from tests.test_settlement import (
    ONE_DAY,
    ZONE,
    Seller,
    at,
    at_terminal,
    line_of,
    sellers_of,
    venue_today,
)
from tests.test_till import FLOAT


@dataclass
class Days:
    """Yesterday and today at the venue's snack bar and shop (see :func:`days`)."""

    first: date
    last: date
    shop_id: str
    snack_id: str
    water_refund_fen: int


@pytest.fixture
def days(ready_store: Store, demo_actors: dict[str, Actor]) -> Days:
    """Yesterday: 赵磊 sells two coffees (¥4 off the line) and three waters, ¥1 off
    the order, paid ¥20 mobile and ¥28 cash; 刘洋 takes ¥50 by card for a stall
    fee; the shop sells a canvas bag by card. Three days ago 赵磊 sold crisps.
    Today: 刘洋 sells two cans of cola for cash; 赵磊 refunds the waters and the
    crisps, both back in cash."""
    sellers = sellers_of(ready_store, demo_actors)
    snack, shop = sellers["小卖部"], sellers["文创商店"]
    operator = at_terminal(ready_store, demo_actors["liuyang"], "1号售票窗口")
    op = Seller(
        "小卖部",
        snack.merchant_id,
        operator,
        shifts.open_shift(ready_store, operator, counts=FLOAT).id,
        snack.skus,
    )
    today = venue_today()
    yesterday = today - ONE_DAY
    crisps = snack.sell(ready_store, [line_of(snack, "薯片 原味")], sold_at=at(today - 3 * ONE_DAY))
    lines = [line_of(snack, "咖啡 大杯", 2, discount_fen=400), line_of(snack, "矿泉水 550ml", 3)]
    coffee = till.sell_goods(
        ready_store,
        snack.actor,
        order_id=new_id(),
        number="Y-1",
        merchant_id=None,
        shift_id=snack.shift_id,
        lines=lines,
        payments=[PaymentLine("mobile", 2000, "WX1"), PaymentLine("cash", 2800)],
        discount_fen=100,
        note="会员日",
        sold_at=at(yesterday, 10),
    )
    assert coffee["total_fen"] == 4800
    till.sell_goods(
        ready_store,
        operator,
        order_id=new_id(),
        number="Y-2",
        merchant_id=None,
        shift_id=op.shift_id,
        lines=[till.GoodsLine(None, 1, 5000, description="摊位费")],
        payments=[PaymentLine("card", 5000, "POS1")],
        kind="collection",
        note="摊位费",
        sold_at=at(yesterday, 15),
    )
    shop.sell(ready_store, [line_of(shop, "帆布袋 米白")], method="card", sold_at=at(yesterday, 16))
    op.sell(ready_store, [line_of(snack, "可乐 听装", 2)])
    water = till.list_goods_order(ready_store, snack.actor, "Y-1").lines[1]
    back = snack.refund(ready_store, coffee["order_id"], [till.RefundItem(water.line_id, 3)])
    assert back["payments"] == [{"method": "cash", "amount_fen": 881, "reference": ""}]
    snack.refund(ready_store, crisps["order_id"])
    return Days(yesterday, today, shop.merchant_id, snack.merchant_id, back["amount_fen"])


def read(
    store: Store, actor: Actor, fn: object, days: Days, merchant_id: str | None = None
) -> list:
    return fn(store, actor, merchant_id=merchant_id, start_day=days.first, end_day=days.last)  # type: ignore[operator]


def test_order_summary(ready_store: Store, supervisor: Actor, days: Days) -> None:
    rows = read(ready_store, supervisor, merchant_reports.list_order_summary, days)
    assert [r.merchant_name for r in rows] == ["小卖部", "文创商店"]
    snack, shop = rows
    assert snack == OrderSummaryRow(
        days.snack_id,
        "小卖部",
        orders=3,
        goods_orders=2,
        collection_orders=1,
        goods_fen=4800 + 800,
        collections_fen=5000,
        sales_fen=10600,
        discount_fen=400 + 100,
        refunds=2,  # the waters of yesterday and the crisps of three days ago
        refunds_fen=881 + 800,
        net_fen=10600 - 1681,
        cash_fen=2800 + 800 - 881 - 800,
        card_fen=5000,
        mobile_fen=2000,
        member_fen=0,
    )
    assert snack.cash_fen + snack.card_fen + snack.mobile_fen + snack.member_fen == snack.net_fen
    assert (shop.orders, shop.goods_fen, shop.card_fen, shop.net_fen) == (1, 4900, 4900, 4900)


def test_by_day_equals_each_days_settlement(
    ready_store: Store, supervisor: Actor, days: Days
) -> None:
    rows = read(ready_store, supervisor, merchant_reports.list_daily, days)
    assert rows == [
        DailyRow(days.first, days.snack_id, "小卖部", 2, 9800, 0, 9800),
        DailyRow(days.first, days.shop_id, "文创商店", 1, 4900, 0, 4900),
        DailyRow(days.last, days.snack_id, "小卖部", 1, 800, 1681, -881),
    ]
    settlement.produce_settlements(ready_store, today=days.last + ONE_DAY)
    settled = settlement.list_settlements(
        ready_store, supervisor, merchant_id=None, start_day=days.first, end_day=days.last
    )
    figures = {(s.day, s.merchant_name): (s.orders, s.sales_fen, s.refunds_fen) for s in settled}
    assert figures.pop((days.last, "文创商店")) == (0, 0, 0)  # settled, nothing to report
    assert figures == {
        (r.day, r.merchant_name): (r.orders, r.sales_fen, r.refunds_fen) for r in rows
    }


def test_by_operator_refunds_count_for_who_made_them(
    ready_store: Store, supervisor: Actor, days: Days, demo_actors: dict[str, Actor]
) -> None:
    rows = read(ready_store, supervisor, merchant_reports.list_by_operator, days, days.snack_id)
    assert [(r.name, r.orders, r.sales_fen, r.refunds, r.refunds_fen, r.net_fen) for r in rows] == [
        ("刘洋", 2, 5800, 0, 0, 5800),
        ("赵磊", 1, 4800, 2, 1681, 4800 - 1681),
    ]
    assert rows[1] == OperatorRow(
        days.snack_id,
        "小卖部",
        demo_actors["zhaolei"].user_id,
        "zhaolei",
        "赵磊",
        1,
        4800,
        2,
        1681,
        3119,
    )


def test_by_product_with_collections_as_one_row(
    ready_store: Store, supervisor: Actor, days: Days
) -> None:
    rows = read(ready_store, supervisor, merchant_reports.list_by_product, days)
    got = {
        (r.merchant_name, r.product_name, r.sku_name): (
            r.qty_sold,
            r.qty_refunded,
            r.sales_fen,
            r.refunds_fen,
            r.net_qty,
            r.net_fen,
        )
        for r in rows
    }
    assert got == {
        ("小卖部", "咖啡", "大杯"): (2, 0, 4000, 0, 2, 4000),  # the line, ¥4 off
        ("小卖部", "矿泉水", "550ml"): (3, 3, 900, 881, 0, 19),  # ¥0.19 of the order's ¥1 off
        ("小卖部", "可乐", "听装"): (2, 0, 800, 0, 2, 800),
        ("小卖部", "薯片", "原味"): (0, 1, 0, 800, -1, -800),  # sold before, refunded now
        ("小卖部", "商家收款", ""): (1, 0, 5000, 0, 1, 5000),
        ("文创商店", "帆布袋", "米白"): (1, 0, 4900, 0, 1, 4900),
    }
    collection = next(r for r in rows if r.is_collection)
    assert collection.sku_id is None and rows[-2] is collection  # last of its merchant
    coffee = next(r for r in rows if r.product_name == "咖啡")
    assert coffee.code == "10302" and not coffee.is_collection


def test_a_merchants_staff_read_their_own_merchant_only(
    ready_store: Store, demo_actors: dict[str, Actor], supervisor: Actor, days: Days
) -> None:
    manager, operator = demo_actors["zhaolei"], demo_actors["liuyang"]
    for fn in (
        merchant_reports.list_order_summary,
        merchant_reports.list_daily,
        merchant_reports.list_by_operator,
        merchant_reports.list_by_product,
    ):
        own = read(ready_store, manager, fn, days)
        assert own and {r.merchant_name for r in own} == {"小卖部"}
        assert read(ready_store, manager, fn, days, days.snack_id) == own
        with pytest.raises(PermissionDenied):
            read(ready_store, manager, fn, days, days.shop_id)
        with pytest.raises(PermissionDenied):  # an operator reads no reports
            read(ready_store, operator, fn, days)
        chosen = read(ready_store, supervisor, fn, days, days.shop_id)
        assert {r.merchant_name for r in chosen} == {"文创商店"}


def test_a_range_is_in_order_and_at_most_a_year(ready_store: Store, supervisor: Actor) -> None:
    today = venue_today()
    for first, last in ((today, today - ONE_DAY), (today - timedelta(days=366), today)):
        with pytest.raises(ValidationError):
            merchant_reports.list_daily(
                ready_store, supervisor, merchant_id=None, start_day=first, end_day=last
            )
    assert (
        merchant_reports.list_daily(
            ready_store,
            supervisor,
            merchant_id=None,
            start_day=today - timedelta(days=365),
            end_day=today,
        )
        == []
    )


# --- Excel ---------------------------------------------------------------------------------------


def test_the_order_summary_in_excel(
    ready_store: Store, supervisor: Actor, days: Days, tmp_path: Path
) -> None:
    rows = read(ready_store, supervisor, merchant_reports.list_order_summary, days)
    path = tmp_path / "订单汇总.xlsx"
    assert (
        report_excel.write_named_report(
            "order_summary",
            path,
            rows,
            merchant="全部商户",
            start_day=days.first,
            end_day=days.last,
        )
        == 2
    )
    ws = load_workbook(path).active
    assert ws.title == "订单汇总"
    title = ws["A1"].value
    assert "订单汇总" in title and "全部商户" in title
    assert f"{days.first.isoformat()} 至 {days.last.isoformat()}" in title
    headers = [c.value for c in ws[2]]
    assert headers[:3] == ["商户", "订单数", "商品销售单数"]
    assert "净收入" in headers and "移动支付" in headers
    net = headers.index("净收入") + 1
    assert [ws.cell(r, 1).value for r in (3, 4, 5)] == ["小卖部", "文创商店", "合计"]
    assert ws.cell(3, net).value == pytest.approx(89.19)  # yuan, not fen
    assert ws.cell(4, net).value == pytest.approx(49.00)
    assert ws.cell(5, net).value == pytest.approx(138.19)
    assert ws.cell(5, 2).value == 4  # orders add up too
    assert ws.cell(3, net).number_format == "#,##0.00"
    assert ws.cell(5, net).font.bold
    assert ws.freeze_panes == "A3"
    assert ws.column_dimensions["A"].width == 16
    assert not list(tmp_path.glob("*.part"))


def test_every_report_and_the_settlements_in_excel(
    ready_store: Store, supervisor: Actor, days: Days, tmp_path: Path
) -> None:
    settlement.produce_settlements(ready_store)
    [paid] = settlement.list_settlements(
        ready_store, supervisor, merchant_id=days.shop_id, start_day=days.first, end_day=days.last
    )
    settlement.confirm_settlement_paid(ready_store, supervisor, paid.id, reference="BOC-1")
    reads = {
        "order_summary": merchant_reports.list_order_summary,
        "daily": merchant_reports.list_daily,
        "by_operator": merchant_reports.list_by_operator,
        "by_product": merchant_reports.list_by_product,
    }
    for key, fn in reads.items():
        rows = read(ready_store, supervisor, fn, days)
        path = tmp_path / f"{key}.xlsx"
        report_excel.write_named_report(
            key, path, rows, merchant="小卖部", start_day=days.first, end_day=days.last
        )
        ws = load_workbook(path).active
        assert ws.max_row == 2 + len(rows) + 1  # title, headers, rows, 合计
        assert ws.cell(ws.max_row, 1).value == "合计"
    daily = load_workbook(tmp_path / "daily.xlsx").active
    assert isinstance(daily["A3"].value, datetime) and daily["A3"].number_format == "yyyy-mm-dd"
    products = load_workbook(tmp_path / "by_product.xlsx").active
    assert "商家收款" in [c.value for c in products["C"]]

    rows = settlement.list_settlements(
        ready_store, supervisor, merchant_id=None, start_day=days.first, end_day=days.last
    )
    path = tmp_path / "结算记录.xlsx"
    report_excel.write_named_report(
        "settlements",
        path,
        rows,
        merchant="全部商户",
        start_day=days.first,
        end_day=days.last,
        zone=ZONE,
    )
    ws = load_workbook(path).active
    headers = [c.value for c in ws[2]]
    shop_row = next(r for r in range(3, ws.max_row) if ws.cell(r, 2).value == "文创商店")

    def cell(header: str) -> object:
        return ws.cell(shop_row, headers.index(header) + 1)

    assert cell("状态").value == "已打款"  # type: ignore[attr-defined]
    assert cell("转账流水号").value == "BOC-1"  # type: ignore[attr-defined]
    assert cell("费率").value == pytest.approx(0.05)  # type: ignore[attr-defined]
    assert cell("费率").number_format == "0.00%"  # type: ignore[attr-defined]
    assert cell("平台服务费").value == pytest.approx(2.45)  # type: ignore[attr-defined]
    assert cell("应付商户").value == pytest.approx(46.55)  # type: ignore[attr-defined]
    paid_at = cell("打款时间").value  # type: ignore[attr-defined]
    assert isinstance(paid_at, datetime) and paid_at.tzinfo is None
    assert abs(paid_at - datetime.now(ZONE).replace(tzinfo=None)) < timedelta(minutes=5)


def test_rows_of_every_report_travel_over_the_wire(
    ready_store: Store, supervisor: Actor, days: Days
) -> None:
    from boxoffice import wire

    for fn, kind in (
        (merchant_reports.list_order_summary, OrderSummaryRow),
        (merchant_reports.list_daily, DailyRow),
        (merchant_reports.list_by_operator, OperatorRow),
        (merchant_reports.list_by_product, ProductSalesRow),
    ):
        rows = read(ready_store, supervisor, fn, days)
        assert wire.decode(wire.encode(rows), list[kind], where="rows") == rows
    settlement.produce_settlements(ready_store)
    rows = settlement.list_settlements(
        ready_store, supervisor, merchant_id=None, start_day=days.first, end_day=days.last
    )
    assert rows
    assert wire.decode(wire.encode(rows), list[settlement.SettlementRow], where="rows") == rows
