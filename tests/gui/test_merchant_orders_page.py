"""商品订单: a merchant's receipts, and delivery details edited after the sale,
driven by the keyboard in the real main window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from boxoffice.db.store import Store
from boxoffice.ids import new_id
from boxoffice.services import shifts, till
from boxoffice.services.seating import PaymentLine
from boxoffice.services.shifts import CashCount
from boxoffice.services.till import GoodsLine
from widgets.main_window import MainWindow
from widgets.pages.merchant_orders import DeliveryDialog, MerchantOrdersPage

from ..conftest import actor_for
from .conftest import wait_ops
from .test_catalogue_pages import open_page, shortcut


def sell_water(store: Store, login: str, qty: int, **kw: object) -> dict:
    actor = actor_for(store, login, "demo2026")
    shift = shifts.list_current_shift(store, actor) or shifts.open_shift(
        store, actor, counts=[CashCount(10000, 1)]
    )
    cat = till.list_till_catalogue(store, actor)
    water = next(s for s in cat.skus if s.label == "矿泉水 550ml")
    return till.sell_goods(
        store,
        actor,
        order_id=new_id(),
        number=f"T-{new_id()[-6:]}",
        merchant_id=None,
        shift_id=shift.id,
        lines=[GoodsLine(water.sku_id, qty, water.price_fen)],
        payments=[PaymentLine("cash", qty * water.price_fen)],
        **kw,  # type: ignore[arg-type]
    )


def orders_page(qtbot: QtBot, window: MainWindow) -> MerchantOrdersPage:
    page = open_page(qtbot, window, "merchant_orders")
    assert isinstance(page, MerchantOrdersPage)
    return page


def test_an_operator_adds_delivery_details_to_a_receipt(
    qtbot: QtBot, demo_store: Store, main_window_for: Callable[[str], MainWindow]
) -> None:
    plain = sell_water(demo_store, "liuyang", 2)
    boxed = sell_water(demo_store, "liuyang", 24, delivery_address="滨江路88号")
    page = orders_page(qtbot, main_window_for("liuyang"))
    assert {o.number for o in page.table.visible_rows()} == {plain["number"], boxed["number"]}
    qtbot.keyClick(page.table.view, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(page.delivery_only.isChecked)
    wait_ops(qtbot)
    assert [o.number for o in page.table.visible_rows()] == [boxed["number"]]
    page.table.select_where(lambda o: o.number == boxed["number"])
    assert "矿泉水 550ml  ×24  ¥72.00" in page.detail.toPlainText()
    shortcut(qtbot, page.table.view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    dialog = page.dialog
    assert isinstance(dialog, DeliveryDialog)
    dialog.recipient.setText("王先生")
    qtbot.keyClicks(dialog.phone, "13800138000")
    dialog.address.setPlainText("滨江路88号 3号门 门卫室")
    qtbot.keyClick(dialog.recipient, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is None)
    wait_ops(qtbot)
    row = next(o for o in page.table.visible_rows() if o.number == boxed["number"])
    assert (row.delivery_recipient, row.phone, row.delivery_address) == (
        "王先生",
        "13800138000",
        "滨江路88号 3号门 门卫室",
    )


def test_a_bad_phone_number_is_refused_and_changes_nothing(
    qtbot: QtBot, demo_store: Store, main_window_for: Callable[[str], MainWindow]
) -> None:
    sold = sell_water(demo_store, "liuyang", 1, delivery_address="滨江路88号")
    page = orders_page(qtbot, main_window_for("zhaolei"))
    page.table.select_where(lambda o: o.number == sold["number"])
    shortcut(qtbot, page.table.view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    dialog = page.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.phone, "call me")
    qtbot.keyClick(dialog.recipient, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert dialog.isVisible() and "digits" in dialog.message.text()
    assert (
        till.list_goods_order(
            demo_store, actor_for(demo_store, "zhaolei", "demo2026"), sold["number"]
        ).phone
        == ""
    )
