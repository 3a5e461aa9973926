"""The Shift page (交班) on a real main window, a real DeviceHub and the virtual
receipt printer: a cashier opens a shift with F9, sells and refunds through
the services, takes cash out with F8, reads a blind X report (Ctrl+X), prints
it (F6) and closes (F10) counting the drawer; a short drawer needs a reason
and a supervisor's own login; the supervisor reprints the slip from the list.

Keys only. The hub's keyboard-wedge filter is on with the test's clock (see
test_devices_pages.py): a person's keys are 150 ms apart."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from boxoffice.db.store import Store
from boxoffice.ids import new_id
from boxoffice.money import DENOMINATIONS_FEN, format_fen
from boxoffice.services import catalogue, orders, seating, shifts
from boxoffice.services.base import Actor
from boxoffice.services.seating import PaymentLine, SaleLine
from boxoffice.services.shifts import ShiftRow
from devices.emulator.printer import VirtualPrinter
from widgets.cash_count import CashCountDialog, SupervisorDialog
from widgets.devices_ui import PreviewDialog
from widgets.main_window import MainWindow
from widgets.pages.shifts import CashMovementDialog, CloseShiftDialog, ShiftsPage

from . import test_devices_pages as devices_tests
from .conftest import wait_ops
from .test_catalogue_pages import activate, open_page, shortcut
from .test_devices_pages import (
    CTRL,
    Clock,
    MakeHub,
    MakeWindow,
    note,
    person_types,
    wedge_holding,
)

# The print tests' fixtures: a keyring in memory, the virtual printer, a hub
# on the test's clock, and a logged-in main window with that hub.
_keyring = devices_tests._keyring
clock = devices_tests.clock
printer = devices_tests.printer
make_hub = devices_tests.make_hub
window_for = devices_tests.window_for

# --- helpers ------------------------------------------------------------------------


def press(qtbot: QtBot, widget: QWidget, clock: Clock, key: Qt.Key) -> None:
    """A person pressing one key (Enter, Tab: keys the wedge filter holds a moment)."""
    clock.ms += 150
    qtbot.keyClick(widget, key)
    clock.ms += 150
    qtbot.waitUntil(lambda: not wedge_holding(), timeout=2000)


def shift_page(qtbot: QtBot, window: MainWindow) -> ShiftsPage:
    page = open_page(qtbot, window, "shifts")
    assert isinstance(page, ShiftsPage)
    return page


def dialog_of(qtbot: QtBot, page: ShiftsPage, attribute: str) -> QWidget:
    """The dialog the page opened as ``page.<attribute>``, active."""
    qtbot.waitUntil(
        lambda: getattr(page, attribute) is not None and getattr(page, attribute).isVisible()
    )
    dialog = getattr(page, attribute)
    activate(qtbot, dialog)
    return dialog


def count_drawer(
    qtbot: QtBot, dialog: CashCountDialog, clock: Clock, counts: dict[int, int]
) -> None:
    """Type the pieces row by row (Enter to the next), then Ctrl+Enter confirms."""
    last = max(i for i, d in enumerate(DENOMINATIONS_FEN) if counts.get(d))
    for index, denomination in enumerate(DENOMINATIONS_FEN[: last + 1]):
        spin = dialog.count.spins[denomination]
        assert dialog.focusWidget() is spin
        if counts.get(denomination):
            person_types(qtbot, spin, clock, str(counts[denomination]))
        if index < last:
            press(qtbot, spin, clock, Qt.Key.Key_Return)
    assert dialog.counts() == {d: n for d, n in counts.items() if n}
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return, CTRL)


def in_notes(amount_fen: int) -> dict[int, int]:
    """``amount_fen`` in as few notes and coins as may be."""
    counts: dict[int, int] = {}
    for denomination in DENOMINATIONS_FEN:
        counts[denomination], amount_fen = divmod(amount_fen, denomination)
    assert amount_fen == 0
    return {d: n for d, n in counts.items() if n}


def open_shift_with_f9(
    qtbot: QtBot, page: ShiftsPage, clock: Clock, float_counts: dict[int, int]
) -> ShiftRow:
    assert page.state_label.text() == "No open shift"
    shortcut(qtbot, page.table.view, Qt.Key.Key_F9)
    dialog = dialog_of(qtbot, page, "count_dialog")
    assert isinstance(dialog, CashCountDialog)
    assert dialog.expected_label is None  # an opening count has nothing to compare with
    count_drawer(qtbot, dialog, clock, float_counts)
    qtbot.waitUntil(lambda: page.count_dialog is None)
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: page.current is not None)
    wait_ops(qtbot)
    assert page.current is not None
    return page.current


@dataclass(frozen=True)
class Activity:
    cash_fen: int  # taken in cash
    card_fen: int
    refund_fen: int  # given back in cash
    first: str  # order numbers
    last: str
    show: str
    tickets: int


def sell(store: Store, actor: Actor, shift_id: str, count: int, method: str, number: str) -> dict:
    """A real sale of the best ``count`` seats in the big hall, paid by ``method``."""
    session = next(s for s in catalogue.list_sessions(store, actor) if s.hall_name == "大剧场")
    full = next(t for t in catalogue.list_sellable_ticket_types(store, actor) if t.name == "全价")
    hold = seating.best_available(store, actor, session.id, count).hold
    zones = {s.seat_id: s.zone_id for s in seating.list_session_seats(store, actor, session.id)}
    prices = {z.id: z.price_fen for z in session.zones}
    total = sum(prices[zones[seat] or ""] for seat in hold.seat_ids)
    return seating.sell(
        store,
        actor,
        order_id=new_id(),
        number=number,
        session_id=session.id,
        hold_id=hold.hold_id,
        lines=[SaleLine(seat, full.id) for seat in hold.seat_ids],
        payments=[PaymentLine(method, total, "" if method == "cash" else "POS-0042")],
        shift_id=shift_id,
    )


def trade(store: Store, cashier: Actor, shift_id: str, prefix: str) -> Activity:
    """Two seats in cash, one by card, one of the cash tickets refunded."""
    cash = sell(store, cashier, shift_id, 2, "cash", f"{prefix}-0001")
    card = sell(store, cashier, shift_id, 1, "card", f"{prefix}-0002")
    refund = orders.refund_tickets(
        store,
        cashier,
        refund_id=new_id(),
        order_id=cash["order_id"],
        ticket_ids=[cash["tickets"][0]["ticket_id"]],
        reason="customer changed plans",
        shift_id=shift_id,
    )
    assert [p["method"] for p in refund["payments"]] == ["cash"]
    session = next(s for s in catalogue.list_sessions(store, cashier) if s.hall_name == "大剧场")
    return Activity(
        cash["total_fen"],
        card["total_fen"],
        refund["amount_fen"],
        cash["number"],
        card["number"],
        session.show_name,
        3,
    )


def visible_texts(window: QWidget) -> list[str]:
    """Every text a user can read on the window: labels, buttons, the report."""
    texts = [w.text() for w in window.findChildren(QLabel) if w.isVisible()]
    page = window.findChild(ShiftsPage)
    assert page is not None
    texts.append(page.report_text())
    return texts


def shown_next_to(page: ShiftsPage, caption: str) -> str:
    """What the report pane shows beside ``caption`` (cells read one a line)."""
    lines = page.report_text().splitlines()
    return lines[lines.index(caption) + 1]


def amounts(paper: str, label: str) -> list[str]:
    """The right-hand figure of every slip line whose left side is ``label``."""
    return [line.split()[-1] for line in paper.splitlines() if line.strip().startswith(label + " ")]


def yuan(fen: int) -> str:
    return format_fen(fen).replace("¥", "￥")


# --- tests ----------------------------------------------------------------------------


def test_a_cashier_reads_a_blind_x_report_prints_it_and_closes_with_the_exact_cash(
    qtbot: QtBot,
    ready_store: Store,
    cashier: Actor,
    supervisor: Actor,
    clock: Clock,
    printer: VirtualPrinter,
    make_hub: MakeHub,
    window_for: MakeWindow,
) -> None:
    hub = make_hub(printer)
    window = window_for(cashier, hub)
    page = shift_page(qtbot, window)
    assert page.report_title.text() == "Report"
    shift = open_shift_with_f9(qtbot, page, clock, {10000: 5})
    assert page.state_label.text() == "Shift open"
    assert page.cashier_label.text() == "张丽 (zhangli)"
    assert "¥500.00" in page.details.text() and "1号售票窗口" in page.details.text()
    assert shift.blind and shift.opening_float_fen == 50000

    did = trade(ready_store, cashier, shift.id, "261122-W01")

    # F8: ¥200 to the safe.
    shortcut(qtbot, page.table.view, Qt.Key.Key_F8)
    dialog = dialog_of(qtbot, page, "movement_dialog")
    assert isinstance(dialog, CashMovementDialog)
    assert dialog.windowTitle() == "Cash out"
    assert dialog.focusWidget() is dialog.amount
    person_types(qtbot, dialog.amount, clock, "200")
    press(qtbot, dialog.amount, clock, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.reason
    person_types(qtbot, dialog.reason, clock, "drop to the safe")
    press(qtbot, dialog.reason, clock, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.movement_dialog is None)
    wait_ops(qtbot)

    # What the drawer should hold, as only a supervisor may see it now.
    expected = shifts.list_shift_report(ready_store, supervisor, shift.id).expected_cash_fen
    assert expected == 50000 + did.cash_fen - did.refund_fen - 20000

    # Ctrl+X: the X report, blind: no cash figure anywhere, the card's are there.
    shortcut(qtbot, page.table.view, Qt.Key.Key_X, CTRL)
    report = page.report_text()
    assert report.startswith("X report")
    assert "Cash figures are hidden until you count the drawer (blind close)" in report
    lines = report.splitlines()
    card = lines.index("Bank card")  # a row: method, payments, sales, refunds, net
    card_fen = format_fen(did.card_fen)
    assert lines[card : card + 5] == ["Bank card", "1", card_fen, "¥0.00", card_fen]
    assert "Cash" not in lines
    assert did.show in report and "Refunds (tickets)" in report
    for text in visible_texts(window):
        assert format_fen(expected) not in text
        assert "Expected" not in text
        assert format_fen(did.cash_fen) not in text  # nor the cash taken
        assert "¥200.00" not in text  # nor the cash taken out

    # F6: the X report on paper.
    shortcut(qtbot, page.table.view, Qt.Key.Key_F6)
    x_slip = printer.wait_for_jobs(1, timeout=10)[0].text()
    assert "交班单" in x_slip and "X报表" in x_slip
    assert "应有" not in x_slip and "现金" not in x_slip

    # F10: count blind, exactly what the drawer should hold.
    shortcut(qtbot, page.table.view, Qt.Key.Key_F10)
    count = dialog_of(qtbot, page, "count_dialog")
    assert isinstance(count, CashCountDialog)
    assert count.expected_label is None and count.difference_label is None
    count_drawer(qtbot, count, clock, in_notes(expected))
    close = dialog_of(qtbot, page, "close_dialog")
    assert isinstance(close, CloseShiftDialog)
    assert close.figures["counted"].text() == format_fen(expected)
    assert close.figures["expected"].text() == format_fen(expected)
    assert close.figures["difference"].text() == "Exact"
    assert close.approval is None
    assert close.focusWidget() is close.reason
    press(qtbot, close.reason, clock, Qt.Key.Key_Return)
    said = note(qtbot)
    assert said.startswith("The shift is closed.")
    wait_ops(qtbot)

    assert shifts.list_current_shift(ready_store, cashier) is None
    assert page.state_label.text() == "No open shift"
    assert page.report_text().startswith("Z report")
    assert shown_next_to(page, "Expected in the drawer") == format_fen(expected)
    assert shown_next_to(page, "Difference") == "¥0.00"

    z = printer.wait_for_jobs(2, timeout=10)[1].text()
    assert "交班单" in z and "X报表" not in z
    assert amounts(z, "收入") == [yuan(did.cash_fen), yuan(did.card_fen)]
    assert amounts(z, "退款") == [yuan(did.refund_fen), "￥0.00"]
    assert amounts(z, "净额") == [yuan(did.cash_fen - did.refund_fen), yuan(did.card_fen)]
    assert amounts(z, "应有") == [yuan(expected)]
    assert amounts(z, "实点") == [yuan(expected)]
    assert amounts(z, "差额") == ["￥0.00"]
    assert amounts(z, "备用金") == ["￥500.00"]
    assert amounts(z, "取款") == ["￥200.00"]
    ticket_lines = [line for line in z.splitlines() if line.startswith(did.show)]
    assert len(ticket_lines) == 1 and "全价 ×3" in ticket_lines[0]
    assert amounts(z, "退票 ×1") == [yuan(did.refund_fen)]
    assert amounts(z, "首单") == [did.first] and amounts(z, "末单") == [did.last]
    assert "收银员签字" in z and "主管签字" in z and "审核主管" not in z

    pdf = page.saved_pdf
    assert pdf is not None and pdf.is_file() and str(pdf) in said
    assert pdf.parent == Path(window.ctx.data_dir) / "handover"
    assert pdf.name.endswith("-1号售票窗口-zhangli.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "交班单" in text


def test_a_short_drawer_needs_a_reason_and_a_supervisor_who_then_reprints_the_slip(
    qtbot: QtBot,
    ready_store: Store,
    cashier: Actor,
    supervisor: Actor,
    clock: Clock,
    printer: VirtualPrinter,
    make_hub: MakeHub,
    window_for: MakeWindow,
) -> None:
    hub = make_hub(printer)
    window = window_for(cashier, hub)
    page = shift_page(qtbot, window)
    shift = open_shift_with_f9(qtbot, page, clock, {10000: 2})
    sold = sell(ready_store, cashier, shift.id, 2, "cash", "261122-W01-0007")
    expected = 20000 + sold["total_fen"]

    shortcut(qtbot, page.table.view, Qt.Key.Key_F10)
    count = dialog_of(qtbot, page, "count_dialog")
    assert isinstance(count, CashCountDialog)
    count_drawer(qtbot, count, clock, in_notes(expected - 5000))
    close = dialog_of(qtbot, page, "close_dialog")
    assert isinstance(close, CloseShiftDialog)
    assert close.figures["difference"].text() == "Short -¥50.00"
    assert close.approval is not None
    assert close.approval.text() == (
        "The cash is ¥50.00 short, more than the ¥10.00 limit: a supervisor must approve."
    )
    press(qtbot, close.reason, clock, Qt.Key.Key_Return)  # no reason yet
    assert close.isVisible()
    assert close.message.text() == "Write why the drawer is short or over."
    person_types(qtbot, close.reason, clock, "gave too much change")
    press(qtbot, close.reason, clock, Qt.Key.Key_Return)

    approve = dialog_of(qtbot, page, "supervisor_dialog")
    assert isinstance(approve, SupervisorDialog)
    assert approve.explanation.text().startswith("The cash is ¥50.00 short")
    assert "gave too much change" in approve.explanation.text()
    assert approve.focusWidget() is approve.login_edit
    person_types(qtbot, approve.login_edit, clock, "chenjing")
    press(qtbot, approve.login_edit, clock, Qt.Key.Key_Tab)
    person_types(qtbot, approve.password_edit, clock, "not-it")
    press(qtbot, approve.password_edit, clock, Qt.Key.Key_Return)
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: approve.message.isVisible())
    assert approve.message.text() == "The supervisor's login or password is wrong."
    assert approve.isVisible() and approve.password_edit.text() == ""
    assert shifts.list_current_shift(ready_store, cashier) is not None  # still open
    assert len(printer.jobs) == 0

    person_types(qtbot, approve.password_edit, clock, "demo2026")
    press(qtbot, approve.password_edit, clock, Qt.Key.Key_Return)
    assert note(qtbot).startswith("The shift is closed.")
    wait_ops(qtbot)
    assert shifts.list_current_shift(ready_store, cashier) is None
    z = printer.wait_for_jobs(1, timeout=10)[0].text()
    assert amounts(z, "差额") == ["-￥50.00"]
    assert amounts(z, "实点") == [yuan(expected - 5000)]
    assert "差额原因：gave too much change" in z
    assert amounts(z, "审核主管") == ["chenjing"]
    assert shown_next_to(page, "Difference") == "-¥50.00"
    assert shown_next_to(page, "Reason") == "gave too much change"
    assert shown_next_to(page, "Approved by") == "chenjing"
    window.close()

    # The supervisor finds the cashier's shift in the list and reprints its slip.
    boss = window_for(supervisor, hub)
    page = shift_page(qtbot, boss)
    row = next(r for r in page.table.visible_rows() if r.id == shift.id)
    assert row.status == "closed" and row.user_login == "zhangli"
    view = page.table.view
    activate(qtbot, boss)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    for _ in range(len(page.table.visible_rows())):
        selected = page.table.selected()
        if selected is not None and selected.id == shift.id:
            break
        qtbot.keyClick(view, Qt.Key.Key_Down)
    assert page.table.selected() == row
    titles = [c.title for c in page.table.model.columns]
    index = page.table.proxy.index(view.currentIndex().row(), titles.index("Difference"))
    assert index.data() == "-¥50.00"

    shortcut(qtbot, view, Qt.Key.Key_R, CTRL)
    assert "is printing" in note(qtbot)
    again = printer.wait_for_jobs(2, timeout=10)[1].text()
    assert "交班单" in again and "张丽（zhangli）" in again
    assert amounts(again, "审核主管") == ["chenjing"]

    activate(qtbot, boss)
    press(qtbot, view, clock, Qt.Key.Key_Return)  # Enter previews it
    qtbot.waitUntil(lambda: page.preview is not None and page.preview.isVisible())
    preview = page.preview
    assert isinstance(preview, PreviewDialog)
    assert preview.paper.pixmap().width() == 576
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.preview is None)
    assert QApplication.activeModalWidget() is None
