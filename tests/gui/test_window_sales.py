"""The ticket window (售票) on a real main window, worked from the keyboard
as a cashier works it: every key goes where the keyboard focus is, so the
tests also pin that nothing steals the focus between two sales.

Real services on a copy of the demo store, a real DeviceHub printing to the
virtual network printer (whose decoded paper the tests read), the
keyboard-wedge filter on with a clock the tests move (a person's keys are
150 ms apart), and the built-in simulated payment provider.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from boxoffice.db.store import Store
from boxoffice.money import format_fen
from boxoffice.services import catalogue, orders, seating, shifts
from boxoffice.services.base import Actor
from devices.emulator.printer import VirtualPrinter
from widgets.cash_count import CashCountDialog
from widgets.main_window import MainWindow
from widgets.pages.window import DiscountDialog, TextDialog, TicketTypeDialog, WindowPage
from widgets.payment_dialog import PaymentDialog
from widgets.session_chooser import SessionChooserDialog, first_to_sell

from . import test_devices_pages as devices
from .conftest import answer, wait_ops
from .test_catalogue_pages import activate, open_page
from .test_devices_pages import Clock, MakeHub, MakeWindow, wedge_holding

# The printer, hub and window fixtures of the Devices pages' tests.
clock, printer, make_hub, window_for = (
    devices.clock,
    devices.printer,
    devices.make_hub,
    devices.window_for,
)

NONE = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(autouse=True)
def _keyring(memory_keyring: object) -> None:
    """Ticket signing keys go to a keyring; an in-memory one, never the machine's."""


class Keyboard:
    """A cashier's keyboard: each key goes to the widget with the focus, in
    the active window (a dialog when one is open), 150 ms after the last
    one. ``count`` is how many keys were pressed."""

    def __init__(self, qtbot: QtBot, window: MainWindow, clock: Clock) -> None:
        self.qtbot, self.window, self.clock = qtbot, window, clock
        self.count = 0

    def focus(self) -> QWidget:
        """Where a key lands: the open dialog's focus, else the main window's.
        (Activating the window is the window manager's doing, not a key.)"""
        top = QApplication.activeModalWidget() or self.window
        activate(self.qtbot, top)
        widget = top.focusWidget()
        assert widget is not None, f"nothing has the focus in {top!r}"
        return widget

    def press(self, key: Qt.Key | str, modifier: Qt.KeyboardModifier = NONE) -> None:
        self.clock.ms += 150
        self.qtbot.keyClick(self.focus(), key, modifier)
        self.count += 1
        self.clock.ms += 150
        self.qtbot.waitUntil(lambda: not wedge_holding(), timeout=2000)

    def type(self, text: str) -> None:
        for char in text:
            self.press(char)


def window_page(qtbot: QtBot, window: MainWindow) -> WindowPage:
    page = open_page(qtbot, window, "window")
    assert isinstance(page, WindowPage)
    qtbot.waitUntil(lambda: page.shift_known)
    return page


def dialog_of(qtbot: QtBot, kind: type[QDialog]) -> QDialog:
    found: list[QDialog] = []

    def shown() -> bool:
        widget = QApplication.activeModalWidget()
        found[:] = [widget] if isinstance(widget, kind) and widget.isVisible() else []
        return bool(found)

    qtbot.waitUntil(shown)
    return found[0]


def choose_session(qtbot: QtBot, keys: Keyboard, page: WindowPage, search: str) -> None:
    """F2, type part of the time, Enter; wait until its seats are shown."""
    keys.press(Qt.Key.Key_F2)
    chooser = dialog_of(qtbot, SessionChooserDialog)
    wait_ops(qtbot)
    assert keys.focus() is chooser.search  # type: ignore[attr-defined]
    keys.type(search)
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.session is not None and page.reserved is not None)
    assert page.session is not None and search in page.session_detail.text()
    wait_ops(qtbot)
    assert keys.focus() is page.quantity


def open_shift_here(store: Store, actor: Actor) -> None:
    shifts.open_shift(store, actor, counts=[shifts.CashCount(10000, 5)])


def paper(amount: int) -> str:
    """An amount as printed (the full-width yuan sign)."""
    return format_fen(amount).replace("¥", "￥")


def states(store: Store, actor: Actor, session_id: str) -> dict[str, str]:
    return {r.seat_id: r.state for r in seating.list_session_seats(store, actor, session_id)}


# --- the fast sale ------------------------------------------------------------------------


def test_open_shift_choose_session_and_sell_two_seats_in_four_keys(
    qtbot: QtBot,
    ready_store: Store,
    cashier: Actor,
    clock: Clock,
    printer: VirtualPrinter,
    make_hub: MakeHub,
    window_for: MakeWindow,
) -> None:
    window = window_for(cashier, make_hub(printer))
    page = window_page(qtbot, window)
    keys = Keyboard(qtbot, window, clock)
    assert page.banner.isVisible() and page.banner.text() == "No open shift — F9 Open shift"

    # F9: count the float (5 × ¥100), Ctrl+Enter opens the shift.
    keys.press(Qt.Key.Key_F9)
    count = dialog_of(qtbot, CashCountDialog)
    assert count.windowTitle() == "Open shift"
    keys.type("5")
    assert count.total_fen() == 50000  # type: ignore[attr-defined]
    keys.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: page.shift is not None)
    assert not page.banner.isVisible()
    assert page.shift_label.text().startswith("Shift: 张丽 · since ")
    assert "Shift opened with a float of ¥500.00" in page.message.text()

    choose_session(qtbot, keys, page, "19:30")
    session = page.session
    assert session is not None and session.hall_name == "大剧场" and page.reserved
    assert page.picker is not None and keys.focus() is page.quantity

    # The sale: 2, Enter (best two held into the cart), F12, Enter (exact cash).
    keys.count = 0
    keys.type("2")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(page.cart) == 2)
    held = [line.seat_id for line in page.cart]
    assert page.hold is not None and sorted(page.hold.seat_ids) == sorted(held)
    assert {states(ready_store, cashier, session.id)[s] for s in held} == {"held"}
    total = sum(line.price_fen for line in page.cart)
    assert page.total_label.text() == format_fen(total)
    assert [page.table.item(r, 2).text() for r in range(2)] == ["全价", "全价"]
    keys.press(Qt.Key.Key_F12)
    payment = dialog_of(qtbot, PaymentDialog)
    assert payment.tendered.text() == format_fen(total, symbol=False)  # type: ignore[attr-defined]
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.last_sale is not None)
    wait_ops(qtbot)
    assert keys.count == 4 <= 5

    sale = page.last_sale
    assert sale is not None and sale["total_fen"] == total
    labels = [t["label"] for t in sale["tickets"]]
    assert page.message.text() == f"Order {page.last_number} sold — printing 2 tickets."
    assert page.cart == [] and page.total_label.text() == "¥0.00"
    assert not page.change_label.isVisible()  # exact cash: no change
    assert {states(ready_store, cashier, session.id)[s] for s in held} == {"sold"}

    first, second, receipt = printer.wait_for_jobs(3, timeout=10)
    for ticket, label in zip((first, second), labels, strict=True):
        assert session.show_name in ticket.text()
        assert any(line.startswith("座位") and line.endswith(label) for line in ticket.lines)
    assert "售票小票" in receipt.text() and page.last_number in receipt.text()
    assert "现金" in receipt.text() and paper(total) in receipt.text()

    # Ready for the next customer where the focus already is: 2, Enter again.
    assert keys.focus() is page.quantity and page.quantity.selectedText() == "2"
    keys.type("2")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(page.cart) == 2)
    assert not {line.seat_id for line in page.cart} & set(held)
    keys.press(Qt.Key.Key_Escape)  # clear, after a question (No is the default)
    assert "Remove all 2 tickets" in answer(qtbot, QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: not page.cart)
    wait_ops(qtbot)
    assert "held" not in states(ready_store, cashier, session.id).values()


def test_without_a_shift_nothing_is_held_or_sold(
    qtbot: QtBot,
    ready_store: Store,
    cashier: Actor,
    clock: Clock,
    make_hub: MakeHub,
    window_for: MakeWindow,
) -> None:
    window = window_for(cashier, make_hub())
    page = window_page(qtbot, window)
    keys = Keyboard(qtbot, window, clock)
    assert page.banner.isVisible() and page.shift_label.text() == "No open shift"
    assert page.session is None  # nothing is chosen for a window that cannot sell

    # Looking is allowed: F2, PgDn tomorrow, PgUp today again, then 19:30.
    keys.press(Qt.Key.Key_F2)
    chooser = dialog_of(qtbot, SessionChooserDialog)
    assert isinstance(chooser, SessionChooserDialog)
    wait_ops(qtbot)
    today = len(chooser.table.visible_rows())
    assert chooser.day_label.text().startswith("Today, ") and today >= 2
    keys.press(Qt.Key.Key_PageDown)
    wait_ops(qtbot)
    assert chooser.day_label.text().startswith("Tomorrow, ")
    assert chooser.day == page.ctx.today() + timedelta(days=1)
    keys.press(Qt.Key.Key_PageUp)
    wait_ops(qtbot)
    assert chooser.day_label.text().startswith("Today, ")
    assert keys.focus() is chooser.search
    keys.type("19:30")
    assert [s.hall_name for s in chooser.table.visible_rows()] == ["大剧场"]
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.session is not None and page.reserved is not None)
    session = page.session
    assert session is not None
    wait_ops(qtbot)

    keys.type("2")
    keys.press(Qt.Key.Key_Return)
    wait_ops(qtbot)
    refusal = "No open shift — press F9 to open one before selling."
    assert page.message.text() == refusal and page.cart == []
    page.say("")
    keys.press(Qt.Key.Key_F12)
    assert page.message.text() == refusal and page.payment is None
    keys.press(Qt.Key.Key_H, CTRL)
    assert page.message.text() == refusal
    wait_ops(qtbot)
    assert "held" not in states(ready_store, cashier, session.id).values()
    assert page.banner.isVisible()


# --- general admission, ticket types, split payment -------------------------------------


def test_general_admission_student_tickets_paid_by_card_and_cash(
    qtbot: QtBot,
    ready_store: Store,
    cashier: Actor,
    clock: Clock,
    printer: VirtualPrinter,
    make_hub: MakeHub,
    window_for: MakeWindow,
) -> None:
    open_shift_here(ready_store, cashier)
    window = window_for(cashier, make_hub(printer))
    page = window_page(qtbot, window)
    keys = Keyboard(qtbot, window, clock)
    choose_session(qtbot, keys, page, "20:00")
    assert page.session is not None and page.session.hall_name == "小剧场"
    assert page.reserved is False and page.picker is None

    keys.type("3")
    keys.press(Qt.Key.Key_Return)
    assert len(page.cart) == 3 and {line.seat_id for line in page.cart} == {None}
    assert page.total_label.text() == "¥360.00"  # 3 × 散座 ¥120

    # F3: 学生 (the second type) for every row, none being selected.
    keys.press(Qt.Key.Key_F3)
    chooser = dialog_of(qtbot, TicketTypeDialog)
    assert keys.focus() is chooser.list  # type: ignore[attr-defined]
    keys.press(Qt.Key.Key_Down)
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is None)
    assert [line.ticket_type.name for line in page.cart] == ["学生"] * 3
    assert page.total_label.text() == "¥288.00"  # 80 % of ¥120, three times
    assert keys.focus() is page.quantity

    # F12, F2 card: reference 123456 for ¥100 (Shift+Tab to the amount), Ctrl+Enter
    # keeps paying; F1 cash, Enter takes the exact ¥188 left.
    keys.press(Qt.Key.Key_F12)
    payment = dialog_of(qtbot, PaymentDialog)
    keys.press(Qt.Key.Key_F2)
    assert keys.focus() is payment.card_reference  # type: ignore[attr-defined]
    keys.type("123456")
    keys.press(Qt.Key.Key_Tab, SHIFT)
    assert keys.focus() is payment.card_amount  # type: ignore[attr-defined]
    keys.type("100")
    keys.press(Qt.Key.Key_Return, CTRL)
    assert payment.remaining_fen == 18800  # type: ignore[attr-defined]
    keys.press(Qt.Key.Key_F1)
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.last_sale is not None)
    wait_ops(qtbot)

    sale = page.last_sale
    assert sale is not None
    order = orders.list_order_detail(ready_store, cashier, sale["order_id"])
    assert order.total_fen == 28800 and order.status == "paid"
    assert sorted((p.method, p.amount_fen, p.reference) for p in order.payments) == [
        ("card", 10000, "123456"),
        ("cash", 18800, ""),
    ]
    assert [t.ticket_type for t in order.tickets] == ["学生"] * 3
    assert order.shift_id == (page.shift.id if page.shift else None)
    jobs = printer.wait_for_jobs(4, timeout=10)
    assert all("脱口秀专场" in job.text() for job in jobs[:3])
    assert "银行卡" in jobs[3].text() and "现金" in jobs[3].text()
    assert page.message.text() == f"Order {order.number} sold — printing 3 tickets."


def test_cash_tendered_shows_the_change_large(
    qtbot: QtBot,
    ready_store: Store,
    cashier: Actor,
    clock: Clock,
    printer: VirtualPrinter,
    make_hub: MakeHub,
    window_for: MakeWindow,
) -> None:
    open_shift_here(ready_store, cashier)
    window = window_for(cashier, make_hub(printer))
    page = window_page(qtbot, window)
    keys = Keyboard(qtbot, window, clock)
    # With a shift open, the page starts on the day's next session on sale.
    start = page.ctx.day_start(page.ctx.today())
    today = catalogue.list_sessions(
        ready_store, cashier, starts_from=start, starts_before=start + timedelta(days=1)
    )
    expected = first_to_sell(page.ctx, today)
    qtbot.waitUntil(lambda: page.session is not None)
    assert expected is not None and page.session.id == expected.id  # type: ignore[union-attr]
    choose_session(qtbot, keys, page, "19:30")
    keys.type("1")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(page.cart) == 1)
    total = page.total_fen()
    keys.press(Qt.Key.Key_F12)
    dialog_of(qtbot, PaymentDialog)
    keys.type("1000")  # over the selected exact amount
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.last_sale is not None)
    wait_ops(qtbot)
    change = 100000 - total
    assert page.change_label.isVisible()
    assert page.change_label.text() == f"Change {format_fen(change)}"
    assert page.change_label.font().pointSize() >= 24 or "30pt" in page.change_label.styleSheet()
    receipt = printer.wait_for_jobs(2, timeout=10)[1]
    assert "找零" in receipt.text() and paper(change) in receipt.text()
    # The next customer's first ticket puts the change away.
    keys.type("1")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(page.cart) == 1)
    assert not page.change_label.isVisible()
    window.close()  # leaving releases the seat
    wait_ops(qtbot)
    assert page.cart == []


# --- a refused sale ------------------------------------------------------------------------


def test_a_sale_refused_because_the_session_was_stopped_keeps_the_cart(
    qtbot: QtBot,
    ready_store: Store,
    cashier: Actor,
    admin: Actor,
    clock: Clock,
    printer: VirtualPrinter,
    make_hub: MakeHub,
    window_for: MakeWindow,
) -> None:
    open_shift_here(ready_store, cashier)
    window = window_for(cashier, make_hub(printer))
    page = window_page(qtbot, window)
    keys = Keyboard(qtbot, window, clock)
    choose_session(qtbot, keys, page, "19:30")
    session = page.session
    assert session is not None
    keys.type("2")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(page.cart) == 2)
    held = [line.seat_id for line in page.cart]

    # Another window cannot take the held seats; but the office stops sales.
    catalogue.set_session_status(ready_store, admin, session.id, "stopped")
    keys.press(Qt.Key.Key_F12)
    dialog_of(qtbot, PaymentDialog)
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not page.selling and "refused" in page.message.text())
    wait_ops(qtbot)
    assert page.message.text() == (
        "The sale was refused: This session is not on sale. The cart is kept."
    )
    assert page.last_sale is None
    assert [line.seat_id for line in page.cart] == held and page.hold is not None
    assert {states(ready_store, cashier, session.id)[s] for s in held} == {"held"}
    assert keys.focus() is page.quantity
    assert printer.jobs == []

    window.close()  # leaving gives the seats back
    wait_ops(qtbot)
    assert "held" not in states(ready_store, cashier, session.id).values()


def test_del_gives_one_seat_back_and_the_sale_takes_the_rest(
    qtbot: QtBot,
    ready_store: Store,
    cashier: Actor,
    clock: Clock,
    make_hub: MakeHub,
    window_for: MakeWindow,
) -> None:
    open_shift_here(ready_store, cashier)
    window = window_for(cashier, make_hub())
    page = window_page(qtbot, window)
    keys = Keyboard(qtbot, window, clock)
    choose_session(qtbot, keys, page, "19:30")
    session = page.session
    assert session is not None
    keys.type("3")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(page.cart) == 3)
    last = page.cart[-1]
    # From the empty quantity field, Del removes the last row and frees its seat.
    keys.press(Qt.Key.Key_Backspace)
    keys.press(Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: len(page.cart) == 2)
    wait_ops(qtbot)
    stored = states(ready_store, cashier, session.id)
    assert stored[last.seat_id or ""] == "available"
    assert {stored[line.seat_id or ""] for line in page.cart} == {"held"}
    assert page.message.text() == f"{last.label} removed and released."
    keys.press(Qt.Key.Key_F12)
    dialog_of(qtbot, PaymentDialog)
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.last_sale is not None)
    wait_ops(qtbot)
    assert len(page.last_sale["tickets"]) == 2  # type: ignore[index]


def test_a_supervisor_gives_a_comp_and_a_discount_with_reasons_and_notes_the_phone(
    qtbot: QtBot,
    ready_store: Store,
    supervisor: Actor,
    clock: Clock,
    make_hub: MakeHub,
    window_for: MakeWindow,
) -> None:
    open_shift_here(ready_store, supervisor)
    window = window_for(supervisor, make_hub())
    page = window_page(qtbot, window)
    keys = Keyboard(qtbot, window, clock)
    choose_session(qtbot, keys, page, "20:00")
    keys.type("2")
    keys.press(Qt.Key.Key_Return)
    assert page.total_label.text() == "¥240.00"

    # Tab to the cart (its first row is selected), F3, 5 = 赠票, which asks why.
    keys.press(Qt.Key.Key_Tab)
    assert keys.focus() is page.table
    assert [i.row() for i in page.table.selectionModel().selectedRows()] == [0]
    keys.press(Qt.Key.Key_F3)
    dialog_of(qtbot, TicketTypeDialog)
    keys.press("5")
    reason = dialog_of(qtbot, TextDialog)
    assert reason.windowTitle() == "Complimentary tickets"
    keys.press(Qt.Key.Key_Return)  # no reason: refused in the dialog
    assert reason.message.text() == "Give a reason for the complimentary tickets."  # type: ignore[attr-defined]
    keys.type("press")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is None)
    assert [line.ticket_type.name for line in page.cart] == ["赠票", "全价"]
    assert page.total_label.text() == "¥120.00"
    assert keys.focus() is page.quantity

    # Ctrl+D: ¥20 off, for a regular; F4: the phone.
    keys.press(Qt.Key.Key_D, CTRL)
    discount = dialog_of(qtbot, DiscountDialog)
    keys.type("20")
    keys.press(Qt.Key.Key_Tab)
    keys.type("regular")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not discount.isVisible())
    assert page.total_label.text() == "¥100.00"
    keys.press(Qt.Key.Key_F4)
    phone = dialog_of(qtbot, TextDialog)
    keys.type("12")
    keys.press(Qt.Key.Key_Return)
    assert phone.message.text() == "“12” is not a phone number."  # type: ignore[attr-defined]
    keys.press(Qt.Key.Key_A, CTRL)
    keys.type("13800138000")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.phone == "13800138000")
    assert "Discount −¥20.00 (regular)" in page.extras.text()
    assert "Phone: 13800138000" in page.extras.text()

    keys.press(Qt.Key.Key_F12)
    dialog_of(qtbot, PaymentDialog)
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.last_sale is not None)
    wait_ops(qtbot)
    sale = page.last_sale
    assert sale is not None
    order = orders.list_order_detail(ready_store, supervisor, sale["order_id"])
    assert (order.total_fen, order.discount_fen, order.phone) == (10000, 2000, "13800138000")
    assert order.note == "press; regular"
    assert sorted(t.ticket_type for t in order.tickets) == sorted(["赠票", "全价"])
    assert page.extras.isHidden() and page.phone == "" and page.discount_fen == 0
