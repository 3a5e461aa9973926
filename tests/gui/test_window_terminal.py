"""A cashier's day at a terminal of a central store, with the keyboard: open
the shift, sell two seats in four keys, refund them from Orders, close the
shift counting the drawer. Everything of record happens on the central store
over loopback HTTP; tickets and slips print on this terminal's virtual
printer from its own queue."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from boxoffice.bootstrap import DEMO_PASSWORD
from boxoffice.db.models import Refund, SaleOrder, Shift
from boxoffice.services import device_settings
from boxoffice.services.orders import check_ticket
from boxoffice.services.settings import get_settings
from devices.emulator.printer import VirtualPrinter
from sync import terminal
from sync.gateway import RemoteGateway
from tests.central_server import CentralServer
from tests.conftest import copy_data_dir, opened
from tests.test_terminal_link import code_for, local_admin
from widgets.cash_count import CashCountDialog
from widgets.context import AppContext
from widgets.devices_ui import DeviceHub
from widgets.main_window import MainWindow
from widgets.pages.shifts import CloseShiftDialog
from widgets.payment_dialog import PaymentDialog

from . import test_devices_pages as devices_tests
from .conftest import wait_ops
from .test_orders_page import find, give_reason, orders_page
from .test_shift_page import count_drawer, in_notes, press, shift_page
from .test_shift_page import dialog_of as page_dialog
from .test_window_sales import CTRL, Keyboard, choose_session, dialog_of, window_page

pytestmark = pytest.mark.usefixtures("memory_keyring")
clock = devices_tests.clock
printer = devices_tests.printer


@pytest.fixture
def terminal_window(
    qtbot: QtBot,
    qapp: QApplication,
    tmp_path: Path,
    ready_template: Path,
    central: CentralServer,
    printer: VirtualPrinter,
    clock: devices_tests.Clock,
    translations: object,
) -> Iterator[MainWindow]:
    with opened(copy_data_dir(ready_template, tmp_path / "window")) as store:
        link = terminal.register(store, local_admin(store), central.url, code_for(central))
        client = terminal.connect(link)
        login = terminal.login(store, link, client, "zhangli", DEMO_PASSWORD)
        device_settings.set_demo_devices(store, printer.host, printer.port)
        hub = DeviceHub(store, qapp, retry_s=0.05)
        hub.start()
        ctx = AppContext(store, tmp_path / "window")
        ctx.settings = get_settings(store)
        ctx.actor, ctx.link, ctx.client = login.result.actor, link, client
        ctx.gateway = RemoteGateway(client)
        ctx.devices, ctx.scans = hub, hub.scans
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        with qtbot.waitExposed(window):
            window.show()
        wait_ops(qtbot)
        yield window
        window.close()
        hub.stop()
        hub.setParent(None)
        hub.deleteLater()
        client.close()


def test_a_day_at_a_terminal_sells_refunds_and_closes_on_the_central_store(
    qtbot: QtBot,
    terminal_window: MainWindow,
    central: CentralServer,
    printer: VirtualPrinter,
    clock: devices_tests.Clock,
) -> None:
    window = terminal_window
    assert window.ctx.is_terminal
    keys = Keyboard(qtbot, window, clock)
    page = window_page(qtbot, window)

    keys.press(Qt.Key.Key_F9)  # the float: 3 × ¥100
    dialog_of(qtbot, CashCountDialog)
    keys.type("3")
    keys.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: page.shift is not None)
    choose_session(qtbot, keys, page, "19:30")

    keys.count = 0
    keys.type("2")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(page.cart) == 2)
    keys.press(Qt.Key.Key_F12)
    dialog_of(qtbot, PaymentDialog)
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.last_sale is not None, timeout=10_000)
    wait_ops(qtbot)
    assert keys.count == 4
    sale, shift_row = page.last_sale, page.shift
    assert sale is not None and shift_row is not None
    with central.store.reading() as s:
        order = s.scalars(select(SaleOrder).where(SaleOrder.number == page.last_number)).one()
        assert order.shift_id == shift_row.id
        assert len(order.tickets) == 2 and order.total_fen == sale["total_fen"]
    tickets_and_receipt = printer.wait_for_jobs(3, timeout=10)
    assert page.last_number in tickets_and_receipt[2].text()
    # The terminal signed the tickets; the central store knows its key, so
    # they check as valid there (at any window), without admitting anyone yet.
    code = tickets_and_receipt[0].qr_codes[0]
    check = window.ctx.call(check_ticket, code, admit=False)
    assert check.verdict == "valid" and check.ticket is not None

    # Orders: the same order, found on the central store, refunded whole (F5).
    orders = orders_page(qtbot, window)
    find(qtbot, orders, clock, str(page.last_number))
    qtbot.keyClick(orders.tickets_view, Qt.Key.Key_F5)
    give_reason(qtbot, orders, clock, "show moved")
    slip = printer.wait_for_jobs(4, timeout=10)[3].text()
    assert "退款单" in slip
    with central.store.reading() as s:
        refund = s.scalars(select(Refund).where(Refund.order_id == order.id)).one()
        assert refund.amount_fen == sale["total_fen"] and refund.reason == "show moved"

    # Shift: close counting the drawer; sold and refunded, it holds the float.
    shifts_page = shift_page(qtbot, window)
    wait_ops(qtbot)
    qtbot.keyClick(shifts_page.table.view, Qt.Key.Key_F10)
    count = page_dialog(qtbot, shifts_page, "count_dialog")
    assert isinstance(count, CashCountDialog) and count.expected_label is None  # blind
    count_drawer(qtbot, count, clock, in_notes(30000))
    close = page_dialog(qtbot, shifts_page, "close_dialog")
    assert isinstance(close, CloseShiftDialog) and close.approval is None
    press(qtbot, close.reason, clock, Qt.Key.Key_Return)
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: shifts_page.report_text().startswith("Z report"), timeout=10_000)
    z = printer.wait_for_jobs(5, timeout=10)[4].text()
    assert "交班单" in z and str(page.last_number) in z
    with central.store.reading() as s:
        shift = s.scalars(select(Shift).where(Shift.user_login == "zhangli")).one()
        assert shift.status == "closed" and shift.difference_fen == 0
        assert shift.counted_fen == 30000
    assert window.shift_label.text() == "Shift: not open"
