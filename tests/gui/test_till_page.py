"""The merchant till (收银) on a real main window, worked as an operator works
it all day: a barcode scanner (the keyboard-wedge filter, on the test's
clock: a scanner's keys 4 ms apart, a person's 150 ms) and the keyboard.

Real services on a copy of the demo store (小卖部: 矿泉水 ¥3, 可乐 ¥4/¥5,
咖啡 ¥18/¥22 …), a real DeviceHub printing to the virtual network printer,
whose decoded paper (text, barcodes, drawer pulses) the tests read, and the
built-in simulated payment provider. One test runs a till at a terminal of a
real central store on loopback, behind a proxy that takes the network away.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from boxoffice import barcodes
from boxoffice.bootstrap import DEMO_PASSWORD, demo_barcode
from boxoffice.clock import now
from boxoffice.db.models import (
    AuditEntry,
    OrderLine,
    ProductSku,
    RemovedLine,
    SaleOrder,
    SkuBarcode,
    StockMovement,
    Terminal,
)
from boxoffice.db.store import Store
from boxoffice.ids import TerminalId, new_id
from boxoffice.money import format_fen
from boxoffice.services import device_settings, shifts, till
from boxoffice.services.base import Actor
from boxoffice.services.seating import PaymentLine
from boxoffice.services.settings import get_settings
from boxoffice.services.till import GoodsLine
from devices.emulator.printer import VirtualPrinter
from sync import outbox, terminal
from sync.gateway import RemoteGateway
from sync.terminal import SyncRunner
from tests.central_server import CentralServer
from tests.conftest import copy_data_dir, opened
from tests.faultproxy import FaultProxy
from tests.test_terminal_link import code_for, local_admin
from widgets.cash_count import CashCountDialog
from widgets.context import AppContext
from widgets.devices_ui import DeviceHub
from widgets.main_window import MainWindow
from widgets.pages.till import (
    _RED,
    AmountReasonDialog,
    DeliveryDialog,
    PickDialog,
    QuantityDialog,
    ReceiptDialog,
    TillPage,
)
from widgets.pages.window import TextDialog
from widgets.payment_dialog import PaymentDialog

from . import test_devices_pages as devices
from .conftest import answer, message_box, wait_ops
from .test_catalogue_pages import open_page
from .test_devices_pages import Clock, MakeHub, MakeWindow
from .test_shift_page import count_drawer, in_notes, shift_page
from .test_shift_page import dialog_of as page_dialog
from .test_window_sales import CTRL, Keyboard, dialog_of

clock, printer, make_hub, window_for, _keyring = (
    devices.clock,
    devices.printer,
    devices.make_hub,
    devices.window_for,
    devices._keyring,
)


WATER = demo_barcode(1, 1, 1)  # 矿泉水 550ml ¥3.00
CAN = demo_barcode(1, 2, 1)  # 可乐 听装 ¥4.00
BOTTLE = demo_barcode(1, 2, 2)  # 可乐 瓶装 500ml ¥5.00
COFFEE_CODE = "10301"  # 咖啡 中杯 ¥18.00 (the SKU's own code, 货号)
ALT = Qt.KeyboardModifier.AltModifier


def paper(amount: int) -> str:
    """An amount as printed (the full-width yuan sign)."""
    return format_fen(amount).replace("¥", "￥")


def till_page(qtbot: QtBot, window: MainWindow) -> TillPage:
    page = open_page(qtbot, window, "till")
    assert isinstance(page, TillPage)
    qtbot.waitUntil(lambda: page.shift_known and page.catalogue is not None, timeout=10_000)
    wait_ops(qtbot)
    return page


def scan(qtbot: QtBot, keys: Keyboard, code: str) -> None:
    """A keyboard-wedge scanner reads ``code``: 4 ms a key, then Enter, into
    whatever has the focus (the filter takes it before it gets there)."""
    widget = keys.focus()
    for char in code:
        keys.clock.ms += 4
        qtbot.keyClick(widget, char)
    keys.clock.ms += 4
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    keys.clock.ms += 150
    wait_ops(qtbot)


def open_shift(qtbot: QtBot, keys: Keyboard, page: TillPage, hundreds: int = 5) -> None:
    """F9, ``hundreds`` × ¥100 in the float, Ctrl+Enter."""
    keys.press(Qt.Key.Key_F9)
    dialog_of(qtbot, CashCountDialog)
    keys.type(str(hundreds))
    keys.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: page.my_shift() is not None)
    wait_ops(qtbot)
    assert keys.focus() is page.entry


def open_till(qtbot: QtBot, window: MainWindow, clock: Clock) -> tuple[TillPage, Keyboard]:
    """The till page with the operator's shift open, and their keyboard."""
    page = till_page(qtbot, window)
    keys = Keyboard(qtbot, window, clock)
    open_shift(qtbot, keys, page)
    return page, keys


def cleared_carts(store: Store) -> list[str]:
    """The details of the cart.clear log entries."""
    with store.reading() as s:
        return list(
            s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "cart.clear")).all()
        )


def cart(page: TillPage) -> list[tuple[str, int, int]]:
    """The cart as the operator reads it: (product and SKU, quantity, amount)."""
    return [(line.sku.label, line.qty, line.amount_fen) for line in page.cart]


def pay(qtbot: QtBot, keys: Keyboard, page: TillPage, tendered: str = "") -> dict:
    """F12, then Enter (exact cash) or the cash handed over and Enter."""
    before = page.last_number
    keys.press(Qt.Key.Key_F12)
    dialog = dialog_of(qtbot, PaymentDialog)
    assert dialog.tendered.text() == format_fen(page.total_fen(), symbol=False)  # type: ignore[attr-defined]
    if tendered:
        keys.type(tendered)
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.last_number != before and not page.selling, timeout=10_000)
    wait_ops(qtbot)
    assert page.last_sale is not None
    return page.last_sale


def order(store: Store, number: str) -> SaleOrder:
    with store.reading() as s:
        found = s.scalars(select(SaleOrder).where(SaleOrder.number == number)).one()
        s.expunge(found)
        return found


@pytest.fixture
def operator_window(
    qtbot: QtBot,
    ready_store: Store,
    merchant: Actor,
    printer: VirtualPrinter,
    make_hub: MakeHub,
    window_for: MakeWindow,
) -> MainWindow:
    return window_for(merchant, make_hub(printer))


# --- selling ----------------------------------------------------------------------------------


def test_one_scanned_item_sells_for_exact_cash_with_f12_enter_and_prints_opening_the_drawer(
    qtbot: QtBot,
    operator_window: MainWindow,
    ready_store: Store,
    printer: VirtualPrinter,
    clock: Clock,
) -> None:
    window = operator_window
    page = till_page(qtbot, window)
    keys = Keyboard(qtbot, window, clock)
    assert page.merchant_label.text() == "小卖部"
    assert page.banner.isVisible() and "F9" in page.banner.text()
    scan(qtbot, keys, WATER)  # no shift: nothing is added
    assert page.cart == [] and page.message.property("kind") == "error"

    open_shift(qtbot, keys, page)
    keys.count = 0
    scan(qtbot, keys, WATER)
    assert cart(page) == [("矿泉水 550ml", 1, 300)]
    assert page.total_label.text() == "¥3.00"
    sale = pay(qtbot, keys, page)
    assert keys.count == 2  # after the scan: F12, Enter
    assert sale["total_fen"] == 300 and sale["payments"][0]["method"] == "cash"
    assert page.message.text().startswith(f"Receipt {page.last_number} sold (¥3.00)")
    assert page.cart == [] and page.total_label.text() == "¥0.00"
    assert not page.change_label.isVisible()
    assert keys.focus() is page.entry  # ready for the next customer's scan

    receipt = printer.wait_for_jobs(1, timeout=10)[0]
    assert "商品小票" in receipt.text() and "小卖部" in receipt.text()
    assert "矿泉水 550ml" in receipt.text() and paper(300) in receipt.text()
    assert receipt.drawer_kicks  # cash: the printer opened the drawer
    assert receipt.barcodes == [page.last_number]  # scanned again for a refund
    assert order(ready_store, page.last_number).kind == "goods"


def test_favourites_show_the_stock_which_each_sale_takes_down_and_red_when_gone(
    qtbot: QtBot, operator_window: MainWindow, ready_store: Store, clock: Clock
) -> None:
    window = operator_window
    page, keys = open_till(qtbot, window, clock)
    receive(ready_store, "550ml", 3)  # 矿泉水 is counted from now on
    keys.press(Qt.Key.Key_F5)  # reads the catalogue again

    def water_button() -> QPushButton:
        return next(b for b in page.favourite_buttons if "矿泉水" in b.text())

    qtbot.waitUntil(lambda: "stock 3" in water_button().text())
    assert "stock" not in next(b for b in page.favourite_buttons if "可乐" in b.text()).text()

    scan(qtbot, keys, "2*" + WATER)
    pay(qtbot, keys, page)
    assert "stock 1" in water_button().text() and _RED not in water_button().styleSheet()
    scan(qtbot, keys, "2*" + WATER)  # flagged, never blocked
    pay(qtbot, keys, page)
    assert "stock -1" in water_button().text()
    assert _RED in water_button().styleSheet()


def test_scans_typed_codes_favourites_and_search_build_the_cart_and_cash_gives_change(
    qtbot: QtBot,
    ready_store: Store,
    merchant: Actor,
    printer: VirtualPrinter,
    make_hub: MakeHub,
    window_for: MakeWindow,
    clock: Clock,
) -> None:
    # The deli scale's labels: item 2012345 is 薯片 原味, priced on the label.
    with ready_store.transaction() as s:
        chips = s.scalars(select(ProductSku).where(ProductSku.name == "原味")).one()
        s.add(SkuBarcode(sku_id=chips.id, merchant_id=chips.merchant_id, barcode="2012345"))
    window = window_for(merchant, make_hub(printer))
    page, keys = open_till(qtbot, window, clock)

    scan(qtbot, keys, WATER)
    scan(qtbot, keys, CAN)
    scan(qtbot, keys, WATER)  # the same product at the same price: its line grows
    assert cart(page) == [("矿泉水 550ml", 2, 600), ("可乐 听装", 1, 400)]

    keys.type(f"3*{COFFEE_CODE}")  # typed by hand: quantity * the SKU's code
    keys.press(Qt.Key.Key_Return)
    assert cart(page)[-1] == ("咖啡 中杯", 3, 5400) and page.entry.text() == ""

    unknown = barcodes.with_check_digit("690000000000")
    scan(qtbot, keys, unknown)
    assert len(page.cart) == 3  # nothing added
    assert page.message.property("kind") == "error"
    assert page.message.text() == f"Unknown code {unknown}: nothing was added."
    assert "#b91c1c" in page.message.styleSheet()  # red, where the operator looks

    label = barcodes.with_check_digit("201234500650")  # ¥6.50 on the label
    scan(qtbot, keys, label)
    assert cart(page)[-1] == ("薯片 原味", 1, 650)
    assert page.cart[-1].barcode == label

    # Favourites: the buttons show their keys; Alt+1 is the first (矿泉水).
    assert page.favourite_buttons[0].text().startswith("1  矿泉水 550ml")
    assert "(Alt+1)" in page.favourite_buttons[0].text()
    keys.press(Qt.Key.Key_1, ALT)
    assert cart(page)[0] == ("矿泉水 550ml", 3, 900)
    keys.type("/3")  # favourite 3 from the code line: 可乐 瓶装
    keys.press(Qt.Key.Key_Return)
    assert cart(page)[-1] == ("可乐 瓶装 500ml", 1, 500)

    # A word searches: ↓ Enter picks the second match.
    keys.type("cafe")
    keys.press(Qt.Key.Key_Return)
    assert page.message.property("kind") == "error"  # nothing is called "cafe"
    page.entry.setText("咖啡")  # Chinese is set, not typed (see tests/gui/conftest)
    keys.press(Qt.Key.Key_Return)
    search = dialog_of(qtbot, PickDialog)
    assert search.list.count() == 2  # type: ignore[attr-defined]
    keys.press(Qt.Key.Key_Down)
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: cart(page)[-1] == ("咖啡 大杯", 1, 2200))

    total = 900 + 400 + 5400 + 650 + 500 + 2200
    assert page.total_label.text() == format_fen(total)
    sale = pay(qtbot, keys, page, tendered="200")
    assert sale["total_fen"] == total
    change = 20000 - total
    assert page.change_label.isVisible()
    assert page.change_label.text() == f"Change {format_fen(change)}"
    text = printer.wait_for_jobs(1, timeout=10)[0].text()
    assert "找零" in text and paper(change) in text and "薯片 原味" in text
    with ready_store.reading() as s:
        lines = s.scalars(
            select(OrderLine).join(SaleOrder).where(SaleOrder.number == page.last_number)
        ).all()
        assert sorted((x.product_name, x.qty, x.unit_price_fen) for x in lines) == sorted(
            [
                ("矿泉水", 3, 300),
                ("可乐", 1, 400),
                ("咖啡", 3, 1800),
                ("薯片", 1, 650),
                ("可乐", 1, 500),
                ("咖啡", 1, 2200),
            ]
        )
    # The next scan starts a new cart and the change goes away.
    scan(qtbot, keys, WATER)
    assert cart(page) == [("矿泉水 550ml", 1, 300)] and not page.change_label.isVisible()


def test_hold_recall_quantity_remove_delivery_and_clear_are_keys_and_are_logged(
    qtbot: QtBot,
    operator_window: MainWindow,
    ready_store: Store,
    merchant: Actor,
    printer: VirtualPrinter,
    clock: Clock,
) -> None:
    window = operator_window
    page, keys = open_till(qtbot, window, clock)
    scan(qtbot, keys, WATER)
    scan(qtbot, keys, CAN)

    # Ctrl+H: put the cart aside with a label; serve the next customer.
    keys.press(Qt.Key.Key_H, CTRL)
    dialog_of(qtbot, TextDialog)
    keys.type("red")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.cart == [])
    assert "Cart put aside (red)" in page.message.text()
    assert [c.label for c in till.list_held_carts(ready_store, merchant)] == ["red"]
    scan(qtbot, keys, BOTTLE)
    keys.press(Qt.Key.Key_R, CTRL)  # a cart in hand: recall says finish it first
    assert page.message.property("kind") == "error" and page.dialog is None
    pay(qtbot, keys, page)

    # Ctrl+R: the carts put aside; Enter brings the first back.
    keys.press(Qt.Key.Key_R, CTRL)
    recall = dialog_of(qtbot, PickDialog)
    assert recall.list.item(0).text().startswith("1  red")  # type: ignore[attr-defined]
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(page.cart) == 2)
    assert cart(page) == [("矿泉水 550ml", 1, 300), ("可乐 听装", 1, 400)]
    assert till.list_held_carts(ready_store, merchant) == []

    # ↑ chooses the water; F6 sets its quantity to 4, then * to 2 (2 logged as removed).
    keys.press(Qt.Key.Key_Up)
    assert page.selected_row() == 0
    keys.press(Qt.Key.Key_F6)
    dialog_of(qtbot, QuantityDialog)
    keys.type("4")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: cart(page)[0] == ("矿泉水 550ml", 4, 1200))
    keys.press("*")
    dialog_of(qtbot, QuantityDialog)
    keys.type("2")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: cart(page)[0] == ("矿泉水 550ml", 2, 600))
    # ↓ then Del takes the cola off.
    keys.press(Qt.Key.Key_Down)
    keys.press(Qt.Key.Key_Delete)
    assert cart(page) == [("矿泉水 550ml", 2, 600)]
    assert page.message.text() == "可乐 听装 × 1 removed."
    # F10: delivered to the box office (recipient, phone, address), then paid.
    keys.press(Qt.Key.Key_F10)
    delivery = dialog_of(qtbot, DeliveryDialog)
    assert isinstance(delivery, DeliveryDialog) and keys.focus() is delivery.recipient
    delivery.recipient.setText("李女士")
    keys.press(Qt.Key.Key_Tab)
    keys.type("13900139000")
    delivery.address.setText("3号包厢")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.delivery is not None)
    assert "Delivery: 李女士 · 13900139000 · 3号包厢" in page.extras.text()
    pay(qtbot, keys, page)
    text = printer.wait_for_jobs(2, timeout=10)[1].text()
    assert "配送信息" in text and "李女士" in text and "3号包厢" in text
    delivered = order(ready_store, page.last_number)
    assert (delivered.delivery_recipient, delivered.phone, delivered.delivery_address) == (
        "李女士",
        "13900139000",
        "3号包厢",
    )
    with ready_store.reading() as s:
        sold = s.scalars(select(SaleOrder).where(SaleOrder.number == page.last_number)).one()
        removed = s.scalars(select(RemovedLine).where(RemovedLine.order_id == sold.id)).all()
        assert sorted((r.product_name, r.qty, r.amount_fen) for r in removed) == [
            ("可乐 听装", 1, 400),
            ("矿泉水 550ml", 2, 600),
        ]

    # Esc clears after a question (No by default); what was cleared is logged.
    scan(qtbot, keys, COFFEE_CODE)
    keys.press(Qt.Key.Key_Escape)
    answer(qtbot, QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: page.cart == [])
    wait_ops(qtbot)
    cleared = cleared_carts(ready_store)
    assert len(cleared) == 1 and "咖啡 中杯" in cleared[0]


def test_logging_out_with_goods_in_the_cart_asks_first_and_logs_them_cleared(
    qtbot: QtBot, operator_window: MainWindow, ready_store: Store, clock: Clock
) -> None:
    window = operator_window
    page, keys = open_till(qtbot, window, clock)
    scan(qtbot, keys, WATER)
    scan(qtbot, keys, WATER)
    logged_out: list[bool] = []
    window.logout_requested.connect(lambda: logged_out.append(True))

    # Ctrl+L names what would be lost; No (the default, Enter) keeps everything.
    keys.press(Qt.Key.Key_L, CTRL)
    text = answer(qtbot, QMessageBox.StandardButton.No)
    assert "2 items (¥6.00)" in text and "clears it" in text
    assert [qty for _name, qty, _amount in cart(page)] == [2] and not logged_out

    keys.press(Qt.Key.Key_L, CTRL)
    message_box(qtbot)
    keys.press(Qt.Key.Key_Y)  # Yes, by its underlined letter
    qtbot.waitUntil(lambda: bool(logged_out))
    cleared = cleared_carts(ready_store)
    assert len(cleared) == 1 and "矿泉水" in cleared[0]


# --- receipts: refunds and what the operator may not do ---------------------------------------


def receive(store: Store, sku_name: str, qty: int) -> None:
    """Count a SKU's stock from now on, with ``qty`` received (进货)."""
    with store.transaction() as s:
        sku = s.scalars(select(ProductSku).where(ProductSku.name == sku_name)).one()
        sku.track_stock = True
        s.add(StockMovement(sku_id=sku.id, at=now(), delta=qty, kind="receive", note="进货"))


def sold_at_the_till(store: Store, seller: Actor, number: str) -> str:
    """A sale at the snack bar's own till (another terminal), made with the
    services: 矿泉水 × 2 (stock tracked, 10 received) and 可乐 听装, ¥10 cash."""
    receive(store, "550ml", 10)
    with store.transaction() as s:
        till_terminal = s.scalars(select(Terminal).where(Terminal.name == "小卖部收银台")).one()
        at_till = replace(
            seller, terminal_id=TerminalId(till_terminal.id), terminal_name=till_terminal.name
        )
    shift = shifts.open_shift(store, at_till, counts=[shifts.CashCount(10000, 1)])
    cat = till.list_till_catalogue(store, at_till)
    skus = {s.label: s for s in cat.skus}
    water_sku, can = skus["矿泉水 550ml"], skus["可乐 听装"]
    till.sell_goods(
        store,
        at_till,
        order_id=new_id(),
        number=number,
        merchant_id=None,
        shift_id=shift.id,
        lines=[GoodsLine(water_sku.sku_id, 2, 300), GoodsLine(can.sku_id, 1, 400)],
        payments=[PaymentLine("cash", 1000)],
    )
    return water_sku.sku_id


def stock_of(store: Store, sku_id: str) -> int:
    with store.reading() as s:
        return int(
            s.scalar(select(func.sum(StockMovement.delta)).where(StockMovement.sku_id == sku_id))
        )


def test_the_manager_refunds_a_line_by_scanning_the_receipt_and_the_stock_comes_back(
    qtbot: QtBot,
    ready_store: Store,
    merchant: Actor,
    demo_actors: dict[str, Actor],
    printer: VirtualPrinter,
    make_hub: MakeHub,
    window_for: MakeWindow,
    clock: Clock,
) -> None:
    number = f"{now():%y%m%d}-XMB-0001"
    water = sold_at_the_till(ready_store, merchant, number)
    assert stock_of(ready_store, water) == 8
    window = window_for(demo_actors["zhaolei"], make_hub(printer))
    page = till_page(qtbot, window)
    keys = Keyboard(qtbot, window, clock)
    open_shift(qtbot, keys, page)  # refunds come out of the manager's own drawer

    scan(qtbot, keys, number)  # the receipt's barcode, scanned on the till
    dialog = dialog_of(qtbot, ReceiptDialog)
    assert isinstance(dialog, ReceiptDialog)
    qtbot.waitUntil(lambda: dialog.order is not None)
    assert f"Receipt {number}" in dialog.info.text() and "Total ¥10.00" in dialog.info.text()
    assert [s.value() for s in dialog.spins.values()] == [2, 1]  # all of it by default
    assert keys.focus() is dialog.reason
    keys.press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)  # back to the cola's line
    keys.type("0")  # the cola stays sold
    keys.press(Qt.Key.Key_Tab)
    assert keys.focus() is dialog.reason
    keys.type("leaking")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is None, timeout=10_000)
    wait_ops(qtbot)
    assert page.message.text() == (
        f"Receipt {number}: ¥6.00 refunded (Cash ¥6.00). The refund slip is printing."
    )
    slip = printer.wait_for_jobs(1, timeout=10)[0]
    assert "退款单" in slip.text() and number in slip.text() and "矿泉水 550ml" in slip.text()
    assert "leaking" in slip.text() and paper(600) in slip.text()
    assert slip.drawer_kicks  # cash goes back out of the drawer
    assert stock_of(ready_store, water) == 10
    assert order(ready_store, number).status == "part_refunded"

    # F11 finds it again: only the cola is left; F10 changes its delivery details.
    keys.press(Qt.Key.Key_F11)
    dialog = dialog_of(qtbot, ReceiptDialog)
    assert isinstance(dialog, ReceiptDialog)
    keys.type(number)
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.order is not None)
    assert [s.value() for s in dialog.spins.values()] == [0, 1]
    keys.press(Qt.Key.Key_F10)
    delivery = dialog_of(qtbot, DeliveryDialog)
    assert isinstance(delivery, DeliveryDialog)
    delivery.recipient.setText("王先生")
    delivery.address.setText("滨江路88号 3号门")
    keys.press(Qt.Key.Key_Tab)
    keys.type("13800138000")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Delivery: 王先生 · 13800138000" in dialog.info.text())
    keys.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.dialog is None)
    found = order(ready_store, number)
    assert (found.delivery_recipient, found.phone) == ("王先生", "13800138000")


def test_the_operator_may_not_discount_or_refund_and_the_manager_discounts_with_a_reason(
    qtbot: QtBot,
    ready_store: Store,
    merchant: Actor,
    demo_actors: dict[str, Actor],
    printer: VirtualPrinter,
    make_hub: MakeHub,
    window_for: MakeWindow,
    clock: Clock,
) -> None:
    number = f"{now():%y%m%d}-XMB-0002"
    sold_at_the_till(ready_store, merchant, number)
    hub = make_hub(printer)
    window = window_for(merchant, hub)
    page = till_page(qtbot, window)
    keys = Keyboard(qtbot, window, clock)
    assert not page.line_discount_button.isVisible() and "F7" not in page.keys.text()
    open_shift(qtbot, keys, page)
    scan(qtbot, keys, COFFEE_CODE)
    keys.press(Qt.Key.Key_F7)
    assert page.dialog is None and page.cart[0].discount_fen == 0
    assert page.message.text() == "You may not give discounts: ask the merchant's manager."
    # The refund is the service's to refuse; the receipt says why, and nothing changes.
    keys.press(Qt.Key.Key_F11)
    dialog = dialog_of(qtbot, ReceiptDialog)
    assert isinstance(dialog, ReceiptDialog) and keys.focus() is dialog.code
    scan(qtbot, keys, number)  # in the dialog, the scan is the receipt's (not a product)
    qtbot.waitUntil(lambda: dialog.order is not None)
    assert len(page.cart) == 1
    keys.type("changed mind")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message.property("kind") == "error")
    assert dialog.message.text() == ("You do not have the permission “Refund merchant receipts”.")
    keys.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.dialog is None)
    assert order(ready_store, number).status == "paid"
    # Leaving, the operator clears the cart; the manager takes over this till.
    keys.press(Qt.Key.Key_Escape)
    answer(qtbot, QMessageBox.StandardButton.Yes)
    window.close()

    manager = demo_actors["zhaolei"]
    with ready_store.reading() as s:
        here = s.scalars(select(Terminal).where(Terminal.name == "2号售票窗口")).one()
    manager_here = replace(manager, terminal_id=TerminalId(here.id), terminal_name=here.name)
    window = window_for(manager_here, hub)
    page = till_page(qtbot, window)
    keys = Keyboard(qtbot, window, clock)
    assert page.line_discount_button.isVisible() and "F8 order discount" in page.keys.text()
    open_shift(qtbot, keys, page)
    scan(qtbot, keys, COFFEE_CODE)
    scan(qtbot, keys, COFFEE_CODE)
    keys.press(Qt.Key.Key_F7)  # the line: ¥3 off two coffees
    dialog_of(qtbot, AmountReasonDialog)
    keys.type("3")
    keys.press(Qt.Key.Key_Return)
    keys.type("regular")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.cart[0].discount_fen == 300)
    keys.press(Qt.Key.Key_F8)  # the order: ¥1 off
    dialog_of(qtbot, AmountReasonDialog)
    keys.type("1")
    keys.press(Qt.Key.Key_Return)
    keys.type("birthday")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.order_discount_fen == 100)
    assert page.total_label.text() == "¥32.00"
    assert "Reason: regular; birthday" in page.extras.text()
    sale = pay(qtbot, keys, page)
    assert sale["total_fen"] == 3200 and sale["discount_fen"] == 100
    found = order(ready_store, page.last_number)
    assert found.note == "regular; birthday" and found.discount_fen == 100
    text = printer.wait_for_jobs(1, timeout=10)[0].text()
    assert "咖啡 中杯 ×2" in text and paper(3300) in text  # the line, less its discount
    assert "优惠" in text and f"-{paper(100)}" in text  # the order's discount


# --- payment collection and the shift -----------------------------------------------------------


def test_a_payment_collection_and_a_sale_are_in_the_shift_closed_on_the_shift_page(
    qtbot: QtBot,
    operator_window: MainWindow,
    ready_store: Store,
    printer: VirtualPrinter,
    clock: Clock,
) -> None:
    window = operator_window
    page, keys = open_till(qtbot, window, clock)
    scan(qtbot, keys, WATER)
    first = pay(qtbot, keys, page)["number"]

    # Ctrl+M: ¥88 for a booked tea break, no goods; Enter goes on to "what for".
    keys.press(Qt.Key.Key_M, CTRL)
    collection = dialog_of(qtbot, AmountReasonDialog)
    keys.type("88")
    keys.press(Qt.Key.Key_Return)
    assert keys.focus() is collection.reason  # type: ignore[attr-defined]
    assert not collection.message.isVisible()  # type: ignore[attr-defined]
    keys.type("tea break deposit")
    keys.press(Qt.Key.Key_Return)
    assert dialog_of(qtbot, PaymentDialog).total_fen == 8800  # type: ignore[attr-defined]
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.last_number != first and not page.selling, timeout=10_000)
    wait_ops(qtbot)
    taken = order(ready_store, page.last_number)
    assert (taken.kind, taken.total_fen, taken.note) == ("collection", 8800, "tea break deposit")
    collection_receipt = printer.wait_for_jobs(2, timeout=10)[1]
    assert "收款凭证" in collection_receipt.text()
    assert "tea break deposit" in collection_receipt.text()
    assert collection_receipt.drawer_kicks

    # 交班: the blind count (float ¥500 + ¥3 + ¥88) closes it even; the Z report has both.
    shifts_page = shift_page(qtbot, window)
    qtbot.keyClick(shifts_page.table.view, Qt.Key.Key_F10)
    count = page_dialog(qtbot, shifts_page, "count_dialog")
    assert isinstance(count, CashCountDialog) and count.expected_label is None
    count_drawer(qtbot, count, clock, in_notes(50000 + 300 + 8800))
    page_dialog(qtbot, shifts_page, "close_dialog")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shifts_page.report_text().startswith("Z report"), timeout=10_000)
    report = shifts_page.report_text()
    assert f"2 orders ({first} … {page.last_number})" in report
    assert "Cash\n2\n¥91.00\n¥0.00\n¥91.00" in report  # payments, sales, refunds, net
    assert "Difference\n¥0.00" in report
    assert "交班单" in printer.wait_for_jobs(3, timeout=10)[2].text()
    assert window.shift_label.text() == "Shift: not open"
    qtbot.waitUntil(lambda: shifts_page.saved_pdf is not None, timeout=10_000)  # a PDF copy too
    wait_ops(qtbot)


# --- a till at a terminal of a central store, with the network going away ---------------------


@pytest.fixture
def terminal_ctx(
    qtbot: QtBot,
    tmp_path: Path,
    ready_template: Path,
    central: CentralServer,
    central_proxy: FaultProxy,
    printer: VirtualPrinter,
    clock: Clock,
    translations: object,
) -> Iterator[AppContext]:
    """liuyang logged in at a till registered with the central store (through the proxy)."""
    with opened(copy_data_dir(ready_template, tmp_path / "till")) as store:
        link = terminal.register(store, local_admin(store), central_proxy.url, code_for(central))
        client = terminal.connect(link)
        login = terminal.login(store, link, client, "liuyang", DEMO_PASSWORD)
        device_settings.set_demo_devices(store, printer.host, printer.port)
        qapp = QApplication.instance()
        hub = DeviceHub(store, qapp, retry_s=0.05)  # type: ignore[arg-type]
        hub.start()
        ctx = AppContext(store, tmp_path / "till")
        ctx.settings = get_settings(store)
        ctx.actor, ctx.link, ctx.client = login.result.actor, link, client
        ctx.gateway = RemoteGateway(client)
        ctx.devices, ctx.scans = hub, hub.scans
        yield ctx
        hub.stop()
        hub.setParent(None)
        hub.deleteLater()
        client.close()


def main_window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    wait_ops(qtbot)
    return window


def test_offline_the_till_sells_from_its_own_store_even_after_a_restart_and_sends_later(
    qtbot: QtBot,
    terminal_ctx: AppContext,
    central: CentralServer,
    central_proxy: FaultProxy,
    printer: VirtualPrinter,
    clock: Clock,
) -> None:
    ctx, store = terminal_ctx, terminal_ctx.store
    window = main_window(qtbot, ctx)
    page = till_page(qtbot, window)
    keys = Keyboard(qtbot, window, clock)
    assert page.online_label.text() == "Online"
    open_shift(qtbot, keys, page)
    shift = page.my_shift()
    assert shift is not None
    scan(qtbot, keys, WATER)
    online = pay(qtbot, keys, page)["number"]
    assert order(central.store, online).shift_id == shift.id  # sold on the central store

    # The answer is lost on the way back: the sale is queued, its receipt prints at once.
    central_proxy.reset()
    scan(qtbot, keys, CAN)
    lost = pay(qtbot, keys, page)["number"]
    assert page.last_queued and page.message.property("kind") == "warning"
    assert "will be sent when it is back" in page.message.text()
    assert page.online_label.text() == "Offline — sales are kept and sent later"
    assert outbox.pending_count(store) == 1
    receipt = printer.wait_for_jobs(2, timeout=10)[1]
    assert lost in receipt.text() and "可乐 听装" in receipt.text()
    assert "待上传" in receipt.text() and receipt.drawer_kicks

    # The network is gone; the till starts again and still sells, from what it kept.
    central_proxy.drop()
    window.close()
    window = main_window(qtbot, ctx)
    page = till_page(qtbot, window)
    keys = Keyboard(qtbot, window, clock)
    assert page.online_label.text() == "Offline — sales are kept and sent later"
    assert page.message.text().startswith("Offline: selling from the product list loaded at")
    assert page.my_shift() == shift and page.merchant_label.text() == "小卖部"
    scan(qtbot, keys, BOTTLE)
    keys.press(Qt.Key.Key_1, ALT)
    queued = pay(qtbot, keys, page)
    assert page.last_queued and queued["total_fen"] == 800
    assert outbox.pending_count(store) == 2
    # A refund needs the central store: refused with the usual words.
    keys.press(Qt.Key.Key_F11)
    receipt_dialog = dialog_of(qtbot, ReceiptDialog)
    assert isinstance(receipt_dialog, ReceiptDialog)
    keys.type(online)
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: receipt_dialog.message.property("kind") == "error", timeout=15_000)
    assert "central store can't be reached" in receipt_dialog.message.text()
    keys.press(Qt.Key.Key_Escape)

    # Back online: the outbox sends both; the lost one is not sold twice.
    central_proxy.passthrough()
    assert ctx.client is not None
    runner = SyncRunner(store, ctx.client)
    runner.worker.clock = lambda: now() + timedelta(hours=1)
    # Till sales go one request each; a pass may leave the next for the next pass.
    passes = 0
    while outbox.pending_count(store) and passes < 3:
        runner.run_once()
        passes += 1
    assert outbox.pending_count(store) == 0
    report = shifts.list_shift_report(central.store, ctx.me, shift.id)
    assert (report.orders, report.first_order, report.last_order) == (3, online, queued["number"])
    with central.store.reading() as s:
        assert s.scalar(select(func.count()).where(SaleOrder.number == lost)) == 1
        assert order(central.store, queued["number"]).total_fen == 800


def test_venue_staff_choose_the_merchant_the_till_sells_for(
    qtbot: QtBot,
    ready_store: Store,
    admin: Actor,
    printer: VirtualPrinter,
    make_hub: MakeHub,
    window_for: MakeWindow,
    clock: Clock,
) -> None:
    window = window_for(admin, make_hub(printer))
    page = open_page(qtbot, window, "till")
    assert isinstance(page, TillPage)
    keys = Keyboard(qtbot, window, clock)
    choice = dialog_of(qtbot, PickDialog)  # offered at once: a venue sells for several
    assert [choice.list.item(i).text() for i in range(2)] == ["1  小卖部", "2  文创商店"]  # type: ignore[attr-defined]
    keys.press("2")
    qtbot.waitUntil(lambda: page.catalogue is not None)
    wait_ops(qtbot)
    assert page.merchant_label.text() == "文创商店 (F2)" and "F2 merchant" in page.keys.text()
    open_shift(qtbot, keys, page)
    scan(qtbot, keys, demo_barcode(2, 1, 1))  # 演出节目册
    assert cart(page) == [("演出节目册 2026演出季", 1, 3000)]
    keys.press(Qt.Key.Key_F2)  # not with goods in the cart
    assert page.dialog is None and page.message.text() == "Finish or clear the cart first."
    pay(qtbot, keys, page)
    assert page.last_sale is not None and page.last_sale["merchant_name"] == "文创商店"
    assert "商户 文创商店" in printer.wait_for_jobs(1, timeout=10)[0].text()
