"""The Orders page (订单) on real main windows, by keyboard alone.

Sales are made through the real services and printed as the ticket window
prints them; the page then runs on a DeviceHub printing to the virtual
network printer (whose decoded paper the tests read back) with the
keyboard-wedge filter on, on a clock the tests set: a person's keys are
150 ms apart, a scanner's 4 ms, so a scanned ticket reaches the page through
the ScanHub exactly as in the shop.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QTableView
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from boxoffice import payments
from boxoffice.clock import now, venue_zone
from boxoffice.db.models import Terminal
from boxoffice.db.store import Store
from boxoffice.errors import ValidationError
from boxoffice.ids import TerminalId, new_id
from boxoffice.services import catalogue, orders, print_queue, printouts, seating, shifts
from boxoffice.services.base import Actor
from boxoffice.services.catalogue import SessionRow
from boxoffice.services.printouts import SaleContext
from boxoffice.services.seating import PaymentLine, SaleLine
from boxoffice.services.settings import get_settings
from devices.emulator.printer import VirtualPrinter
from printing.escpos_decode import Decoded
from printing.templates import venue_templates
from sync import selling
from tests.conftest import table_snapshot
from widgets.devices_ui import DeviceHub
from widgets.main_window import MainWindow
from widgets.pages.orders import OrdersPage
from widgets.payment_dialog import PaymentDialog
from widgets.session_chooser import SessionChooserDialog
from widgets.window_support import NOTICES

from .conftest import wait_ops
from .test_catalogue_pages import activate, shortcut
from .test_devices_pages import (  # noqa: F401 - the fixtures ``shop`` gathers
    CTRL,
    Clock,
    MakeHub,
    MakeWindow,
    _keyring,
    clock,
    make_hub,
    person_types,
    printer,
    scanner_types,
    wedge_holding,
    window_for,
)


@dataclass
class Shop:
    """A terminal's devices: the virtual printer, the hub printing to it (its
    wedge filter on ``keys``), and main windows on it."""

    keys: Clock
    printer: VirtualPrinter
    hub: DeviceHub
    window_for: MakeWindow

    def window(self, actor: Actor) -> MainWindow:
        return self.window_for(actor, self.hub)


@pytest.fixture
def shop(request: pytest.FixtureRequest) -> Shop:
    virtual = request.getfixturevalue("printer")
    return Shop(
        request.getfixturevalue("clock"),
        virtual,
        request.getfixturevalue("make_hub")(virtual),
        request.getfixturevalue("window_for"),
    )


# --- selling, as the ticket window does -----------------------------------------------------


def tonight(store: Store, actor: Actor, days: int = 0) -> SessionRow:
    """The 19:30 session in 大剧场, today or ``days`` later (one every day in the demo)."""
    zone = venue_zone(get_settings(store).venue_timezone)
    day = now().astimezone(zone).date()
    return next(
        s
        for s in catalogue.list_sessions(store, actor)
        if s.hall_name == "大剧场"
        and (s.starts_at.astimezone(zone).date() - day).days == days
        and f"{s.starts_at.astimezone(zone):%H:%M}" == "19:30"
    )


def open_shift(store: Store, actor: Actor) -> str:
    return shifts.open_shift(store, actor, counts=[shifts.CashCount(10000, 5)]).id


def sell(
    store: Store,
    actor: Actor,
    session: SessionRow,
    *,
    count: int = 1,
    seats: list[str] | None = None,
    phone: str | None = None,
    shift_id: str | None = None,
    pay_code: str | None = None,
    mobile: str | None = None,
) -> dict[str, Any]:
    """Sell full-price tickets (the best seats, or ``seats``) for cash (or
    with the customer's mobile ``pay_code``, charged through the payment
    provider), and queue their tickets and receipt as the window does."""
    hold = (
        seating.hold_seats(store, actor, session.id, seats)
        if seats
        else seating.best_available(store, actor, session.id, count).hold
    )
    zones = {s.seat_id: s.zone_id for s in seating.list_session_seats(store, actor, session.id)}
    price = {z.id: z.price_fen for z in session.zones}
    full = next(t for t in catalogue.list_ticket_types(store, actor) if t.name == "全价")
    total = sum(full.price_for(price[zones[s] or ""]) for s in hold.seat_ids)
    zone = venue_zone(get_settings(store).venue_timezone)
    order_id = new_id()
    paid = PaymentLine("cash", total)
    if pay_code is not None:
        charge = payments.provider().charge(pay_code, total, f"{order_id}:1")
        paid = PaymentLine("mobile", total, charge.reference)
    elif mobile is not None:  # a mobile payment's reference, as another provider gave it
        paid = PaymentLine("mobile", total, mobile)
    sale = seating.sell(
        store,
        actor,
        order_id=order_id,
        number=selling.next_order_number(store, actor.terminal_name, actor.terminal_id, zone),
        session_id=session.id,
        hold_id=hold.hold_id,
        lines=[SaleLine(s, full.id) for s in hold.seat_ids],
        payments=[paid],
        shift_id=shift_id,
        phone=phone,
    )
    who = SaleContext(
        print_queue.venue_header(store), actor.terminal_name, actor.display_name, NOTICES
    )
    with store.transaction() as db:
        printouts.queue_sale_printouts(
            db,
            sale,
            session,
            {full.id: full.name},
            who,
            venue_templates(None, zone),
            created_by=actor.user_id,
            tendered_fen=total,
        )
    return sale


def at_window_two(store: Store, actor: Actor) -> Actor:
    """``actor`` working at the demo's second ticket window."""
    with store.reading() as s:
        terminal = s.scalars(select(Terminal).where(Terminal.name == "2号售票窗口")).one()
        return replace(actor, terminal_id=TerminalId(terminal.id), terminal_name=terminal.name)


def seat_state(store: Store, actor: Actor, session: SessionRow, seat_id: str) -> str:
    return next(
        s.state
        for s in seating.list_session_seats(store, actor, session.id)
        if s.seat_id == seat_id
    )


def snapshot(store: Store) -> dict[str, list[Any]]:
    """Every row of the store, but the audit log and the refusals remembered
    under their idempotency keys (a retry gets the same refusal)."""
    return table_snapshot(store, skip=("audit_entry", "idempotency_record"))


# --- driving the page ------------------------------------------------------------------------


def orders_page(qtbot: QtBot, window: MainWindow) -> OrdersPage:
    """Ctrl+<n>, n the Orders page's place in the navigation."""
    number = next(i for i, s in enumerate(window.specs, start=1) if s.key == "orders")
    activate(qtbot, window)
    qtbot.keyClick(window.nav, Qt.Key(Qt.Key.Key_0 + number), CTRL)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), OrdersPage))
    wait_ops(qtbot)
    page = window.stack.currentWidget()
    assert isinstance(page, OrdersPage)
    assert page.focusWidget() is page.search
    return page


def focused() -> Any:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def find(qtbot: QtBot, page: OrdersPage, keys: Clock, text: str) -> None:
    """Ctrl+F, type, Enter."""
    activate(qtbot, page.window())
    qtbot.keyClick(focused(), Qt.Key.Key_F, CTRL)
    assert page.focusWidget() is page.search and page.search.selectedText() == page.search.text()
    person_types(qtbot, page.search, keys, text)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    wait_ops(qtbot)


def cell(view: QTableView, row: int, title: str) -> str:
    model = view.model()
    column = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == title
    )
    return str(model.index(row, column).data())


def column(view: QTableView, title: str) -> list[str]:
    return [cell(view, row, title) for row in range(view.model().rowCount())]


def press(qtbot: QtBot, widget: Any, keys: Clock, key: Qt.Key) -> None:
    """A person's key that the wedge filter holds a moment (Space: it could start a scan)."""
    keys.ms += 150
    qtbot.keyClick(widget, key)
    keys.ms += 150
    qtbot.waitUntil(lambda: not wedge_holding(), timeout=2000)


def select_ticket(qtbot: QtBot, page: OrdersPage, keys: Clock, row: int) -> None:
    """Walk to ticket ``row`` with the arrows (without selecting) and select it with Space."""
    view = page.tickets_view
    activate(qtbot, page.window())
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home, CTRL)
    for _ in range(row):
        qtbot.keyClick(view, Qt.Key.Key_Down, CTRL)
    press(qtbot, view, keys, Qt.Key.Key_Space)
    assert [t.ticket_id for t in page.selected_tickets()] == [
        page.tickets_model.rows[row].ticket_id
    ]


def reason_dialog(qtbot: QtBot, page: OrdersPage) -> Any:
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    dialog = page.dialog
    assert dialog is not None
    activate(qtbot, dialog)
    assert dialog.focusWidget() is dialog.reason
    return dialog


def give_reason(qtbot: QtBot, page: OrdersPage, keys: Clock, reason: str) -> Any:
    """Type the reason and press Enter; the dialog (still open if refused)."""
    dialog = reason_dialog(qtbot, page)
    person_types(qtbot, dialog.reason, keys, reason)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is None or dialog.message.isVisible(), timeout=10_000)
    wait_ops(qtbot)
    return dialog


def next_paper(paper: VirtualPrinter, seen: int, count: int = 1) -> list[Decoded]:
    return paper.wait_for_jobs(seen + count, timeout=10)[seen:]


def choose_session(qtbot: QtBot, page: OrdersPage) -> SessionChooserDialog:
    """F9 on the selected tickets: the session chooser, loaded."""
    shortcut(qtbot, page.tickets_view, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: isinstance(page.chooser, SessionChooserDialog))
    chooser = page.chooser
    assert isinstance(chooser, SessionChooserDialog)
    activate(qtbot, chooser)
    wait_ops(qtbot)
    return chooser


def check(qtbot: QtBot, page: OrdersPage, keys: Clock, code: str) -> str:
    """Scan ``code`` at the check panel; the verdict's big words."""
    before = len(page.checks)
    scanner_types(qtbot, page.check_code, keys, code)
    qtbot.waitUntil(lambda: len(page.checks) == before + 1)
    wait_ops(qtbot)
    assert page.check_code.text() == ""  # the scan's keys never reached the field
    return page.verdict_title.text()


# --- tests -------------------------------------------------------------------------------


def test_find_by_number_last_digits_phone_and_scanned_ticket_and_say_no_match(
    qtbot: QtBot,
    ready_store: Store,
    cashier: Actor,
    shop: Shop,
) -> None:
    hub, paper, keys = shop.hub, shop.printer, shop.keys
    session = tonight(ready_store, cashier)
    sale = sell(ready_store, cashier, session, count=2, phone="13800138000")
    hub.wake()
    ticket_paper = paper.wait_for_jobs(3, timeout=10)[0]
    number = sale["number"]

    window = shop.window(cashier)
    page = orders_page(qtbot, window)
    assert not page.refund_order_button.isEnabled() and not page.void_button.isEnabled()

    find(qtbot, page, keys, number)
    assert page.order_title.text() == f"Order {number}"
    assert page.order_status.text() == "Paid"
    assert page.header_fields["phone"].text() == "13800138000"
    assert page.header_fields["cashier"].text() == "张丽"
    assert column(page.tickets_view, "Status") == ["Valid", "Valid"]
    assert column(page.tickets_view, "Show") == [session.show_name] * 2
    assert column(page.history_view, "What") == ["Sold"]
    assert page.refund_order_button.isEnabled() and page.void_button.isEnabled()
    assert not page.refund_button.isEnabled()  # nothing selected yet

    other = sell(ready_store, cashier, session, count=1)
    find(qtbot, page, keys, other["number"][-4:])
    assert page.order_title.text() == f"Order {other['number']}"
    assert page.tickets_model.rowCount() == 1

    find(qtbot, page, keys, "13800138000")
    assert page.order_title.text() == f"Order {number}"

    # Wrong input: the service's words, and the order stays on screen.
    find(qtbot, page, keys, "987654321")
    assert page.find_message.isVisible()
    assert page.find_message.text() == "No order matches “987654321”."
    assert page.order_title.text() == f"Order {number}"

    # A ticket scanned from anywhere on the page opens its order.
    find(qtbot, page, keys, other["number"])
    code = ticket_paper.qr_codes[0]
    scanner_types(qtbot, focused(), keys, code)
    qtbot.waitUntil(lambda: page.order_title.text() == f"Order {number}")
    wait_ops(qtbot)
    assert page.search.text() == code
    assert not page.find_message.isVisible()

    # No open shift: F5 says where to open one, and nothing changes.
    before = snapshot(ready_store)
    shortcut(qtbot, page.tickets_view, Qt.Key.Key_F5)
    assert page.notice.text() == "Open a shift first (Shift page)."
    assert page.dialog is None
    assert snapshot(ready_store) == before

    # The main window's F5 (refresh) rests only while this page is shown.
    def refresh_enabled() -> bool:
        return all(
            s.isEnabled()
            for s in window.findChildren(QShortcut)
            if s.key() == QKeySequence(Qt.Key.Key_F5)
        )

    assert not refresh_enabled()
    window.open_page("home")
    assert refresh_enabled()


def test_refund_one_ticket_prints_a_slip_frees_the_seat_and_a_second_refund_is_refused(
    qtbot: QtBot,
    ready_store: Store,
    cashier: Actor,
    shop: Shop,
) -> None:
    hub, paper, keys = shop.hub, shop.printer, shop.keys
    shift_id = open_shift(ready_store, cashier)
    session = tonight(ready_store, cashier)
    sale = sell(ready_store, cashier, session, count=2, shift_id=shift_id)
    hub.wake()
    paper.wait_for_jobs(3, timeout=10)
    first, second = sale["tickets"]

    window = shop.window(cashier)
    page = orders_page(qtbot, window)
    find(qtbot, page, keys, sale["number"])
    assert page.focusWidget() is page.tickets_view

    select_ticket(qtbot, page, keys, 0)
    shortcut(qtbot, page.tickets_view, Qt.Key.Key_F6)
    dialog = reason_dialog(qtbot, page)
    assert any(first["label"] in label.text() for label in dialog.findChildren(QLabel))
    price = f"{first['price_fen'] // 100:,}.00"
    assert dialog.ok.text() == f"Refund ¥{price} (Enter)"
    give_reason(qtbot, page, keys, "cannot come")
    assert page.dialog is None
    slip = next_paper(paper, 3)[0].text()
    assert "退款单" in slip and price in slip and "cannot come" in slip
    assert page.notice.text() == (
        f"Refunded ¥{price}: cash ¥{price} from the drawer. "
        "The refund slip is printing: have the customer sign it."
    )
    assert column(page.tickets_view, "Status") == ["Refunded", "Valid"]
    assert page.order_status.text() == "Partly refunded"
    assert column(page.refunds_view, "Money back") == [f"Cash ¥{price}"]
    assert column(page.refunds_view, "Reason") == ["cannot come"]
    assert column(page.history_view, "What") == ["Sold", "Refunded"]
    assert seat_state(ready_store, cashier, session, first["seat_id"]) == "available"
    assert not page.void_button.isEnabled()

    # The same ticket again: refused, and nothing changes.
    before = snapshot(ready_store)
    select_ticket(qtbot, page, keys, 0)
    shortcut(qtbot, page.tickets_view, Qt.Key.Key_F6)
    assert page.notice.text() == f"The ticket {first['label']} was already refunded."
    assert page.dialog is None

    # The second ticket is refunded at another window while this one still shows it
    # valid: the service refuses, the dialog says so, and the page catches up.
    other = at_window_two(ready_store, cashier)
    orders.refund_tickets(
        ready_store,
        other,
        refund_id=new_id(),
        order_id=sale["order_id"],
        ticket_ids=[second["ticket_id"]],
        reason="elsewhere",
        shift_id=open_shift(ready_store, other),
    )
    before = snapshot(ready_store)
    qtbot.keyClick(page.tickets_view, Qt.Key.Key_Space, CTRL)  # unselect the refunded one
    assert page.selected_tickets() == [] and not page.refund_button.isEnabled()
    select_ticket(qtbot, page, keys, 1)
    shortcut(qtbot, page.tickets_view, Qt.Key.Key_F6)
    dialog = give_reason(qtbot, page, keys, "again")
    assert dialog.isVisible()
    assert dialog.message.text() == f"The ticket {second['label']} was already refunded."
    assert snapshot(ready_store) == before
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.dialog is None)
    wait_ops(qtbot)
    assert column(page.tickets_view, "Status") == ["Refunded", "Refunded"]
    assert page.order_status.text() == "Refunded"
    assert not page.refund_order_button.isEnabled()
    qtbot.wait(200)
    assert len(paper.jobs) == 4  # no second slip


def test_a_used_ticket_needs_a_supervisor_to_refund_and_mobile_pay_goes_back_to_the_phone(
    qtbot: QtBot,
    ready_store: Store,
    cashier: Actor,
    supervisor: Actor,
    shop: Shop,
) -> None:
    hub, paper, keys = shop.hub, shop.printer, shop.keys
    session = tonight(ready_store, cashier)
    sale = sell(
        ready_store,
        cashier,
        session,
        shift_id=open_shift(ready_store, cashier),
        pay_code="134567890123456789",
    )
    hub.wake()
    code = paper.wait_for_jobs(2, timeout=10)[0].qr_codes[0]
    assert orders.check_ticket(ready_store, cashier, code).verdict == "valid"

    window = shop.window(cashier)
    page = orders_page(qtbot, window)
    find(qtbot, page, keys, sale["number"])
    assert cell(page.tickets_view, 0, "Status").startswith("Used ")
    assert cell(page.tickets_view, 0, "Status").endswith(" at 1号售票窗口")
    assert column(page.history_view, "What") == ["Sold", "Checked in"]
    select_ticket(qtbot, page, keys, 0)
    before = snapshot(ready_store)
    shortcut(qtbot, page.tickets_view, Qt.Key.Key_F6)
    dialog = give_reason(qtbot, page, keys, "show cancelled")
    assert "Force refund of used tickets" in dialog.message.text()
    assert snapshot(ready_store) == before
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.dialog is None)
    wait_ops(qtbot)
    window.close()

    boss = at_window_two(ready_store, supervisor)
    open_shift(ready_store, boss)
    window = shop.window(boss)
    page = orders_page(qtbot, window)
    find(qtbot, page, keys, sale["number"][-4:])
    shortcut(qtbot, page.tickets_view, Qt.Key.Key_F5)  # the whole order
    give_reason(qtbot, page, keys, "show cancelled")
    assert page.dialog is None
    price = f"¥{sale['total_fen'] // 100:,}.00"
    assert page.notice.text() == (
        f"Refunded {price}: mobile pay {price} back to the customer's phone. "
        "The refund slip is printing: have the customer sign it."
    )
    assert "退款单" in next_paper(paper, 2)[0].text()
    assert column(page.tickets_view, "Status") == ["Refunded"]
    assert column(page.refunds_view, "Money back")[0].startswith(f"Mobile pay {price} (SIM")
    # The provider gave it all back: nothing of the charge is left to refund.
    reference = page.order.payments[0].reference if page.order else ""
    with pytest.raises(ValidationError, match=r"Only ¥0\.00"):
        payments.provider().refund(reference, 1, new_id())


def test_a_mobile_refund_the_provider_cannot_make_is_said_plainly(
    qtbot: QtBot, ready_store: Store, cashier: Actor, shop: Shop
) -> None:
    hub, paper, keys = shop.hub, shop.printer, shop.keys
    shift_id = open_shift(ready_store, cashier)
    session = tonight(ready_store, cashier)
    # Paid with a mobile payment this provider has never heard of.
    sale = sell(ready_store, cashier, session, shift_id=shift_id, mobile="SIMW0000000000000001")
    hub.wake()
    paper.wait_for_jobs(2, timeout=10)

    window = shop.window(cashier)
    page = orders_page(qtbot, window)
    find(qtbot, page, keys, sale["number"])
    shortcut(qtbot, page.tickets_view, Qt.Key.Key_F5)
    dialog = give_reason(qtbot, page, keys, "show cancelled")
    price = f"¥{sale['total_fen'] // 100:,}.00"
    owed = (
        f"{price} to the customer's mobile pay could not be given back yet: "
        "There is no mobile payment “SIMW0000000000000001”."
    )
    assert dialog.message.text() == (
        f"The refund is recorded, but {owed} Press Enter to try again."
    )
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # the same ids: refunded once
    qtbot.waitUntil(lambda: dialog.message.isVisible() and not dialog.busy)
    wait_ops(qtbot)
    assert dialog.message.text().startswith("The refund is recorded, but ")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.dialog is None)
    wait_ops(qtbot)
    assert page.notice.text() == (
        f"The refund is recorded, but {owed} "
        "Give it back on the payment provider's merchant platform."
    )
    assert page.order_status.text() == "Refunded"
    assert len(page.refunds_model.rows) == 1  # refunded once, however often Enter was pressed


def test_reprint_replaces_the_old_paper_and_the_check_panel_says_what_each_scan_is(
    qtbot: QtBot,
    ready_store: Store,
    cashier: Actor,
    shop: Shop,
) -> None:
    hub, paper, keys = shop.hub, shop.printer, shop.keys
    session = tonight(ready_store, cashier)
    sale = sell(ready_store, cashier, session, shift_id=open_shift(ready_store, cashier))
    hub.wake()
    old_code = paper.wait_for_jobs(2, timeout=10)[0].qr_codes[0]
    seat = sale["tickets"][0]["label"]

    window = shop.window(cashier)
    page = orders_page(qtbot, window)
    find(qtbot, page, keys, sale["number"])
    assert page.selected_tickets() == []  # F7 with none selected: every valid ticket
    shortcut(qtbot, page.tickets_view, Qt.Key.Key_F7)
    give_reason(qtbot, page, keys, "torn")
    assert page.dialog is None
    reprint = next_paper(paper, 2)[0]
    assert reprint.lines[0] == "重打 REPRINT"
    assert any(line.endswith(seat) for line in reprint.lines)
    new_code = reprint.qr_codes[0]
    assert new_code != old_code
    qtbot.waitUntil(lambda: cell(page.tickets_view, 0, "Print") == "2")
    assert column(page.history_view, "What") == ["Sold", "Reprinted"]

    # Ctrl+K: the check panel, its field ready for the scanner.
    shortcut(qtbot, page.tickets_view, Qt.Key.Key_K, CTRL)
    assert page.modes.currentWidget() is page.check_panel
    assert page.heading.text() == "Check tickets"
    assert page.focusWidget() is page.check_code
    assert not page.refund_button.isVisible() and page.back_button.isVisible()

    assert check(qtbot, page, keys, old_code) == (
        "Replaced by a reprint — this paper is no longer valid"
    )
    assert check(qtbot, page, keys, new_code) == "Valid — admitted"
    assert seat in page.verdict_detail.text() and session.show_name in page.verdict_detail.text()
    assert page.verdict.property("tone") == "green"
    used = check(qtbot, page, keys, new_code)
    assert used.startswith("Already used at ") and used.endswith(" at 1号售票窗口")
    assert page.verdict.property("tone") == "amber"
    forged = new_code[:20] + ("A" if new_code[20] != "A" else "B") + new_code[21:]
    assert check(qtbot, page, keys, forged) in (
        "Forged or from another venue",
        "Cannot be read",
    )
    assert page.verdict.property("tone") == "red"
    # A product's barcode, typed by a person and Enter.
    person_types(qtbot, page.check_code, keys, "6901234567892")
    qtbot.keyClick(page.check_code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(page.checks) == 5)
    wait_ops(qtbot)
    assert page.verdict_title.text() == "Not a ticket"
    assert page.check_code.text() == ""
    assert column(page.checks_view, "Result") == [
        "Not a ticket",
        page.checks[1][1],
        used,
        "Valid — admitted",
        "Replaced by a reprint — this paper is no longer valid",
    ]
    assert column(page.checks_view, "Ticket")[0] == "6901234567892"

    # Esc: back to the order, which now shows the check-in.
    shortcut(qtbot, page.check_code, Qt.Key.Key_Escape)
    assert page.modes.currentWidget() is page.orders_panel
    assert page.focusWidget() is page.search
    shortcut(qtbot, page.search, Qt.Key.Key_K, CTRL)
    shortcut(qtbot, page.check_code, Qt.Key.Key_Escape)
    find(qtbot, page, keys, sale["number"])
    assert cell(page.tickets_view, 0, "Status").startswith("Used ")


def test_void_only_the_last_sale_and_it_prints_a_void_slip(
    qtbot: QtBot,
    ready_store: Store,
    cashier: Actor,
    shop: Shop,
) -> None:
    hub, paper, keys = shop.hub, shop.printer, shop.keys
    shift_id = open_shift(ready_store, cashier)
    session = tonight(ready_store, cashier)
    earlier = sell(ready_store, cashier, session, shift_id=shift_id)
    last = sell(ready_store, cashier, session, count=2, shift_id=shift_id)
    hub.wake()
    paper.wait_for_jobs(5, timeout=10)

    window = shop.window(cashier)
    page = orders_page(qtbot, window)
    find(qtbot, page, keys, earlier["number"])
    before = snapshot(ready_store)
    shortcut(qtbot, page.tickets_view, Qt.Key.Key_F8)
    dialog = give_reason(qtbot, page, keys, "wrong show")
    assert dialog.message.text() == "Only the last sale of your shift can be voided."
    assert snapshot(ready_store) == before
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.dialog is None)
    wait_ops(qtbot)

    find(qtbot, page, keys, last["number"])
    shortcut(qtbot, page.tickets_view, Qt.Key.Key_F8)
    give_reason(qtbot, page, keys, "wrong show")
    assert page.dialog is None
    total = f"¥{last['total_fen'] // 100:,}.00"
    assert page.notice.text() == (
        f"Order {last['number']} is void ({total}): cash {total} from the drawer. "
        "The void slip is printing."
    )
    slip = next_paper(paper, 5)[0].text()
    # printouts.refund_slip titles it 作废单; the bundled template still prints 退款单.
    assert ("作废单" in slip or "退款单" in slip) and "wrong show" in slip
    assert total.replace("¥", "") in slip
    assert page.order_status.text() == "Void"
    assert column(page.tickets_view, "Status") == ["Void", "Void"]
    assert column(page.refunds_view, "Kind") == ["Void"]
    for button in (page.refund_order_button, page.void_button, page.reprint_button):
        assert not button.isEnabled()
    for t in last["tickets"]:
        assert seat_state(ready_store, cashier, session, t["seat_id"]) == "available"


def test_exchange_a_cheap_seat_for_tomorrows_best_and_the_customer_pays_the_difference(
    qtbot: QtBot,
    ready_store: Store,
    cashier: Actor,
    shop: Shop,
) -> None:
    hub, paper, keys = shop.hub, shop.printer, shop.keys
    session = tonight(ready_store, cashier)
    tomorrow = tonight(ready_store, cashier, days=1)
    cheap = next(z.id for z in session.zones if z.name == "丙票")
    back_row = next(
        s.seat_id
        for s in seating.list_session_seats(ready_store, cashier, session.id)
        if s.zone_id == cheap
    )
    sale = sell(
        ready_store, cashier, session, seats=[back_row], shift_id=open_shift(ready_store, cashier)
    )
    hub.wake()
    old_code = paper.wait_for_jobs(2, timeout=10)[0].qr_codes[0]

    window = shop.window(cashier)
    page = orders_page(qtbot, window)
    find(qtbot, page, keys, sale["number"])
    select_ticket(qtbot, page, keys, 0)

    # Tonight is offered first: Enter holds its best seat; Esc lets it go again.
    chooser = choose_session(qtbot, page)
    assert chooser.table.selected() is not None and chooser.table.selected().id == session.id
    qtbot.keyClick(chooser.search, Qt.Key.Key_Return)
    wait_ops(qtbot)
    dialog = reason_dialog(qtbot, page)
    held = dialog.plan.seats[0].seat_id
    assert dialog.plan.session.id == session.id
    assert seat_state(ready_store, cashier, session, held) == "held"
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.dialog is None)
    wait_ops(qtbot)
    assert seat_state(ready_store, cashier, session, held) == "available"
    assert column(page.tickets_view, "Status") == ["Valid"]

    # PgDn, then "19:30" and Enter pick tomorrow's.
    chooser = choose_session(qtbot, page)
    qtbot.keyClick(chooser.search, Qt.Key.Key_PageDown)
    wait_ops(qtbot)
    person_types(qtbot, chooser.search, keys, "19:30")
    assert chooser.table.selected() is not None and chooser.table.selected().id == tomorrow.id
    qtbot.keyClick(chooser.search, Qt.Key.Key_Return)
    wait_ops(qtbot)

    dialog = reason_dialog(qtbot, page)
    best = page.dialog.plan.seats[0]  # type: ignore[union-attr]
    assert best.zone == "VIP"
    vip = next(z.price_fen for z in tomorrow.zones if z.name == "VIP")
    old = sale["tickets"][0]["price_fen"]
    difference = f"¥{(vip - old) // 100:,}.00"
    assert dialog.difference.text() == f"The customer pays {difference} more."
    assert dialog.ok.text() == f"Take {difference} (Enter)"
    person_types(qtbot, dialog.reason, keys, "wants better seats")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    # The difference in cash: Enter takes it exactly.
    qtbot.waitUntil(
        lambda: isinstance(dialog.payment, PaymentDialog) and dialog.payment.isVisible()
    )
    payment = dialog.payment
    assert payment is not None and payment.total_fen == vip - old
    activate(qtbot, payment)
    qtbot.keyClick(payment.tendered, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is None, timeout=10_000)
    wait_ops(qtbot)

    paper = next_paper(paper, 2, 3)
    texts = [p.text() for p in paper]
    assert any(best.label in t and tomorrow.show_name in t for t in texts)  # the new ticket
    assert any("售票小票" in t for t in texts)
    assert any(("改签单" in t or "退款单" in t) and "wants better seats" in t for t in texts)
    assert page.notice.text().startswith("Exchanged: new order ")
    assert f"The customer paid {difference}." in page.notice.text()
    new_number = page.notice.text().split("new order ")[1].split(",")[0]
    assert page.order_title.text() == f"Order {new_number}"
    assert column(page.tickets_view, "Seat") == [best.label]
    assert column(page.tickets_view, "Show") == [tomorrow.show_name]
    assert column(page.results_view, "Order") == [new_number, sale["number"]]
    assert seat_state(ready_store, cashier, session, back_row) == "available"

    # The old paper no longer admits; the old order says where its ticket went.
    assert orders.check_ticket(ready_store, cashier, old_code, admit=False).verdict == "refunded"
    page.results_view.setFocus()
    qtbot.keyClick(page.results_view, Qt.Key.Key_Down)
    assert page.order_title.text() == f"Order {sale['number']}"
    assert column(page.tickets_view, "Status") == ["Exchanged"]
    assert column(page.refunds_view, "Kind") == ["Exchange"]
