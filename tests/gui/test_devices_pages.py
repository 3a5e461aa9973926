"""The print queue and Devices pages, and the status bar's printer field, on
real main windows with a real DeviceHub printing to the virtual network printer.

Sales are real (services, not mocks); the printer is the loopback ESC/POS
emulator, whose decoded paper the tests read back. The hub's keyboard-wedge
filter is on, as in the shop, with a clock the tests set: a person's keys are
150 ms apart, a scanner's 4 ms (see test_scanning.py). Hubs that print only
when woken (a long retry) prove that the page's keys are what made it print.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from boxoffice.clock import now, venue_zone
from boxoffice.db.store import Store
from boxoffice.services import device_settings, print_queue
from boxoffice.services.base import Actor
from boxoffice.services.print_queue import PrintJobRow
from boxoffice.services.settings import get_settings
from devices.emulator import scanner as scanner_emulator
from devices.emulator.printer import VirtualPrinter
from devices.settings import Connection, DeviceSettings
from printing.forms import PrinterTestForm
from printing.paper import PAPER_80
from printing.templates import venue_templates
from tests.conftest import table_snapshot
from tests.test_print_queue import sell_two_and_queue
from widgets import devices_ui
from widgets.app import Translations
from widgets.context import AppContext
from widgets.devices_ui import DeviceHub, PreviewDialog, problem_text
from widgets.main_window import MainWindow
from widgets.pages.devices import DevicesPage
from widgets.pages.print_queue import PrintQueuePage, ReasonDialog
from widgets.scanning import WedgeFilter

from .conftest import error_shown, message_box, wait_ops
from .test_catalogue_pages import activate, choose, open_page, shortcut

CTRL = Qt.KeyboardModifier.ControlModifier
# Long enough that nothing prints by the spooler's own retry during a test:
# what prints, prints because something woke the spooler.
ONLY_WHEN_WOKEN = 60.0


# --- helpers ------------------------------------------------------------------------


class Clock:
    """Milliseconds that pass only when a test says so (the wedge filter's clock)."""

    def __init__(self) -> None:
        self.ms = 1000.0

    def __call__(self) -> float:
        return self.ms


def person_types(qtbot: QtBot, widget: QWidget, clock: Clock, text: str) -> None:
    """A person typing ASCII, 150 ms a key; the wedge filter hands every key on."""
    for char in text:
        clock.ms += 150
        qtbot.keyClick(widget, char)
    clock.ms += 150
    qtbot.waitUntil(lambda: not wedge_holding(), timeout=2000)  # the last key's timer fired


def wedge_holding() -> bool:
    """Whether a wedge filter holds keys back (waiting to see if a scan follows)."""
    return any(
        w.decoder.holding
        for w in QApplication.instance().findChildren(WedgeFilter)  # type: ignore[union-attr]
    )


def scanner_types(qtbot: QtBot, widget: QWidget, clock: Clock, code: str) -> None:
    """A keyboard-wedge scanner: the code 4 ms a key, then Enter."""
    for char in code:
        clock.ms += 4
        qtbot.keyClick(widget, char)
    clock.ms += 4
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def retype(qtbot: QtBot, widget: QWidget, clock: Clock, text: str) -> None:
    """Select what a field holds (Ctrl+A) and type over it."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    if text:
        person_types(qtbot, widget, clock, text)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Backspace)


def note(qtbot: QtBot) -> str:
    """The text of the information box on screen, closed with Enter."""
    box = message_box(qtbot)
    assert box.objectName() == "information"
    text = box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not box.isVisible())
    return text


def queue_test_page(store: Store) -> str:
    """One more document for the receipt printer (the printer test page)."""
    templates = venue_templates(None, venue_zone(get_settings(store).venue_timezone))
    doc = templates.render(
        "test_page",
        PrinterTestForm(print_queue.venue_header(store), "1号售票窗口", "virtual", "80 mm", now()),
    )
    with store.transaction() as session:
        return print_queue.queue_documents(session, [doc], printer="receipt")[0]


def cell(page: PrintQueuePage, job_id: str, column: str) -> str:
    """What the print queue's list shows in ``column`` for job ``job_id``."""
    table = page.table
    titles = [c.title for c in table.model.columns]
    for number, row in enumerate(table.visible_rows()):
        if row.id == job_id:
            return str(table.proxy.index(number, titles.index(column)).data())
    return "(not listed)"


def select_job(qtbot: QtBot, page: PrintQueuePage, wanted: Callable[[PrintJobRow], bool]) -> None:
    """Walk down the list with the arrow keys to the first job ``wanted`` holds for."""
    view = page.table.view
    activate(qtbot, page.window())
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    for _ in range(len(page.table.visible_rows())):
        job = page.table.selected()
        if job is not None and wanted(job):
            return
        qtbot.keyClick(view, Qt.Key.Key_Down)
    raise AssertionError("no such job is listed")


def printed_ticket(job: PrintJobRow) -> bool:
    return job.kind == "ticket" and job.status == "printed" and job.copy_no == 1


def reason_dialog(qtbot: QtBot, page: PrintQueuePage) -> ReasonDialog:
    qtbot.waitUntil(lambda: isinstance(page.dialog, ReasonDialog) and page.dialog.isVisible())
    dialog = page.dialog
    assert isinstance(dialog, ReasonDialog)
    dialog.activateWindow()  # as a window manager does
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.focusWidget() is dialog.reason
    return dialog


# --- fixtures -----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _keyring(memory_keyring: object) -> None:
    """Ticket signing keys go to a keyring; an in-memory one, never the machine's."""


@pytest.fixture
def printer() -> Iterator[VirtualPrinter]:
    with VirtualPrinter() as vp:
        yield vp
    assert not [t for t in threading.enumerate() if t.name == f"virtual-printer-{vp.port}"]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Every wedge filter a hub makes (at start and on new settings) reads this clock."""
    fake = Clock()
    monkeypatch.setattr(devices_ui, "WedgeFilter", functools.partial(WedgeFilter, clock=fake))
    return fake


MakeHub = Callable[..., DeviceHub]


@pytest.fixture
def make_hub(qapp: QApplication, ready_store: Store, clock: Clock) -> Iterator[MakeHub]:
    """Start a DeviceHub as the app does (its wedge filter on ``clock``); every
    one is stopped at the end, and nothing of it is left running."""
    hubs: list[DeviceHub] = []

    def make(printer: VirtualPrinter | None = None, retry_s: float = 0.05) -> DeviceHub:
        if printer is not None:
            device_settings.set_demo_devices(ready_store, printer.host, printer.port)
        hub = DeviceHub(ready_store, qapp, retry_s=retry_s)
        hubs.append(hub)
        hub.start()
        return hub

    yield make
    for hub in hubs:
        hub.stop()
        hub.setParent(None)
        hub.deleteLater()
    assert wedge_holding() is False
    assert not qapp.findChildren(WedgeFilter)
    assert not [t for t in threading.enumerate() if t.name == "print-spooler"]


MakeWindow = Callable[[Actor, DeviceHub], MainWindow]


@pytest.fixture
def window_for(qtbot: QtBot, ready_store: Store, translations: Translations) -> MakeWindow:
    """The main window of someone logged in on this terminal, with its devices."""

    def make(actor: Actor, hub: DeviceHub) -> MainWindow:
        assert ready_store.path is not None
        ctx = AppContext(ready_store, ready_store.path.parent)
        ctx.settings = get_settings(ready_store)
        ctx.actor = actor
        ctx.devices, ctx.scans = hub, hub.scans
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        with qtbot.waitExposed(window):
            window.show()
        wait_ops(qtbot)
        return window

    return make


def open_queue_with_keys(qtbot: QtBot, window: MainWindow) -> PrintQueuePage:
    """Ctrl+<n>, n the print queue's place in the navigation."""
    number = next(i for i, s in enumerate(window.specs, start=1) if s.key == "print_queue")
    assert number <= 9
    activate(qtbot, window)
    qtbot.keyClick(window.nav, Qt.Key(Qt.Key.Key_0 + number), CTRL)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), PrintQueuePage))
    wait_ops(qtbot)
    page = window.stack.currentWidget()
    assert isinstance(page, PrintQueuePage)
    return page


def devices_page(qtbot: QtBot, window: MainWindow) -> DevicesPage:
    page = open_page(qtbot, window, "devices")
    assert isinstance(page, DevicesPage)
    return page


# --- print queue -----------------------------------------------------------------------


def test_paper_out_shows_in_the_status_bar_and_the_queue_and_f6_prints_after_loading(
    qtbot: QtBot,
    ready_store: Store,
    cashier: Actor,
    printer: VirtualPrinter,
    make_hub: MakeHub,
    window_for: MakeWindow,
) -> None:
    hub = make_hub(printer, retry_s=ONLY_WHEN_WOKEN)
    window = window_for(cashier, hub)
    sell_two_and_queue(ready_store, cashier)
    hub.wake()  # as the sale screen does once the sale is committed
    printer.wait_for_jobs(3, timeout=10)
    qtbot.waitUntil(lambda: window.printer_label.text() == "Printer: ready")

    printer.set_paper_out(True)
    job_id = queue_test_page(ready_store)
    hub.wake()
    out_of_paper = problem_text("paper_out")
    # Short in the status bar, the whole advice in its tooltip. (The spooler's
    # idle status check may report the paper before the job is counted.)
    qtbot.waitUntil(
        lambda: window.printer_label.text() == "Printer: out of paper · 1 waiting to print"
    )
    assert window.printer_label.toolTip() == out_of_paper

    page = open_queue_with_keys(qtbot, window)
    qtbot.waitUntil(lambda: cell(page, job_id, "Problem") == out_of_paper)
    assert cell(page, job_id, "State") == "Waiting"
    assert cell(page, job_id, "Document") == "打印测试页"
    assert f"Receipt printer: {out_of_paper}" in page.state_label.text()
    assert len(printer.jobs) == 3

    printer.set_paper_out(False)
    shortcut(qtbot, page.table.view, Qt.Key.Key_F6)
    assert "打印测试页" in printer.wait_for_jobs(4, timeout=10)[3].text()
    qtbot.waitUntil(lambda: cell(page, job_id, "State") == "Printed")
    assert cell(page, job_id, "Problem") == ""
    qtbot.waitUntil(lambda: window.printer_label.text() == "Printer: ready")
    assert window.printer_label.toolTip() == ""
    assert page.state_label.text() == "Receipt printer: Ready\nTicket printer: Ready"


def test_reprint_with_ctrl_r_prints_a_marked_copy_and_a_merchant_is_refused(
    qtbot: QtBot,
    ready_store: Store,
    cashier: Actor,
    merchant: Actor,
    clock: Clock,
    printer: VirtualPrinter,
    make_hub: MakeHub,
    window_for: MakeWindow,
) -> None:
    hub = make_hub(printer, retry_s=ONLY_WHEN_WOKEN)
    sell_two_and_queue(ready_store, cashier)
    hub.wake()
    printer.wait_for_jobs(3, timeout=10)

    window = window_for(cashier, hub)
    page = open_queue_with_keys(qtbot, window)
    select_job(qtbot, page, printed_ticket)
    original = page.table.selected()
    assert original is not None
    shortcut(qtbot, page.table.view, Qt.Key.Key_R, CTRL)
    dialog = reason_dialog(qtbot, page)
    person_types(qtbot, dialog.reason, clock, "torn by the gate")
    assert dialog.reason.text() == "torn by the gate"
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is None)
    reprint = printer.wait_for_jobs(4, timeout=10)[3]
    assert reprint.lines[0] == "重打 REPRINT"
    assert reprint.qr_codes and reprint.qr_codes != printer.jobs[0].qr_codes
    qtbot.waitUntil(  # the queue repaints when the print worker reports: slow on a busy machine
        lambda: any(
            j.reprint_of == original.id and j.status == "printed" for j in page.table.visible_rows()
        ),
        timeout=15_000,
    )
    copy = next(j for j in page.table.visible_rows() if j.reprint_of == original.id)
    assert cell(page, copy.id, "State") == "Printed · reprint 1"
    window.close()

    shop = window_for(merchant, hub)
    page = open_queue_with_keys(qtbot, shop)
    select_job(qtbot, page, printed_ticket)
    shortcut(qtbot, page.table.view, Qt.Key.Key_R, CTRL)
    dialog = reason_dialog(qtbot, page)
    person_types(qtbot, dialog.reason, clock, "customer asked")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    wait_ops(qtbot)
    assert "Reprint tickets" in dialog.message.text()
    assert dialog.isVisible() and page.dialog is dialog
    hub.wake()
    qtbot.wait(200)
    assert len(printer.jobs) == 4
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.dialog is None)


def test_ctrl_p_previews_a_job_as_wide_as_the_paper(
    qtbot: QtBot,
    ready_store: Store,
    cashier: Actor,
    printer: VirtualPrinter,
    make_hub: MakeHub,
    window_for: MakeWindow,
) -> None:
    hub = make_hub(printer)
    sell_two_and_queue(ready_store, cashier)
    hub.wake()
    printer.wait_for_jobs(3, timeout=10)
    window = window_for(cashier, hub)
    page = open_queue_with_keys(qtbot, window)
    select_job(qtbot, page, printed_ticket)
    shortcut(qtbot, page.table.view, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: page.preview is not None and page.preview.isVisible())
    preview = page.preview
    assert isinstance(preview, PreviewDialog)
    assert preview.parent() is page
    pixmap = preview.paper.pixmap()
    assert pixmap.width() == PAPER_80.dots == 576
    assert pixmap.height() > 576  # a ticket is longer than it is wide
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not preview.isVisible())


# --- devices -------------------------------------------------------------------------


def test_admin_sets_up_the_receipt_printer_tests_it_saves_and_scans(
    qtbot: QtBot,
    ready_store: Store,
    admin: Actor,
    clock: Clock,
    printer: VirtualPrinter,
    make_hub: MakeHub,
    window_for: MakeWindow,
) -> None:
    hub = make_hub()  # nothing set up yet
    window = window_for(admin, hub)
    page = devices_page(qtbot, window)
    form = page.receipt
    assert form.connection.currentData() == Connection.NONE.value
    assert not form.host.isVisible()

    choose(qtbot, form.connection, "Network")
    assert form.host.isVisible() and form.port.isVisible() and form.drawer_pin.isVisible()
    retype(qtbot, form.host, clock, printer.host)
    retype(qtbot, form.port, clock, str(printer.port))
    choose(qtbot, form.drawer_pin, "Pin 5")
    assert (form.host.text(), form.port.value()) == (printer.host, printer.port)

    shortcut(qtbot, form.host, Qt.Key.Key_F6)
    assert note(qtbot) == "The test page was sent to the printer."
    test_page = printer.wait_for_jobs(1, timeout=10)[0]
    assert "打印测试页" in test_page.text()
    assert f"{printer.host}:{printer.port}" in test_page.text()

    shortcut(qtbot, form.host, Qt.Key.Key_F7)
    assert note(qtbot) == "The drawer was told to open."
    kick = printer.wait_for_jobs(2, timeout=10)[1]
    assert [pin for pin, _ms in kick.drawer_kicks] == [5]

    assert device_settings.get_device_settings(ready_store) == DeviceSettings()
    shortcut(qtbot, form.host, Qt.Key.Key_S, CTRL)
    assert note(qtbot) == "Device settings saved."
    saved = device_settings.get_device_settings(ready_store)
    assert saved.receipt.connection == Connection.NETWORK
    assert (saved.receipt.host, saved.receipt.port, saved.receipt.drawer_pin) == (
        printer.host,
        printer.port,
        5,
    )
    assert saved == page.value() == hub.settings
    assert hub.spooler is not None and hub.spooler.settings == saved
    qtbot.waitUntil(lambda: window.printer_label.text() == "Printer: ready")

    # No address: said plainly, and nothing changes.
    before = table_snapshot(ready_store)
    retype(qtbot, form.host, clock, "")
    shortcut(qtbot, form.host, Qt.Key.Key_S, CTRL)
    assert error_shown(qtbot) == "Enter the printer's network address."
    assert table_snapshot(ready_store) == before
    assert hub.settings == saved

    # F8, then a scanner's burst.
    activate(qtbot, window)
    shortcut(qtbot, form.host, Qt.Key.Key_F8)
    assert page.last_scan.text() == "Waiting for a scan…"
    assert page.focusWidget() is page.scan_field
    with qtbot.waitSignal(hub.scans.scanned) as scanned:
        scanner_types(qtbot, page.scan_field, clock, "6901234567892")
    assert (scanned.args[0].code, scanned.args[0].source) == ("6901234567892", "wedge")
    assert page.last_scan.text() == "Scanned 6901234567892 (wedge, 13 characters)"
    assert page.scan_field.text() == ""  # the scan's keys never reached the field


@pytest.mark.parametrize("fault", ["cover_open", "connection"])
def test_a_failed_test_print_says_what_is_wrong(
    qtbot: QtBot,
    admin: Actor,
    printer: VirtualPrinter,
    make_hub: MakeHub,
    window_for: MakeWindow,
    fault: str,
) -> None:
    hub = make_hub(printer)
    window = window_for(admin, hub)
    page = devices_page(qtbot, window)
    assert page.receipt.host.text() == printer.host  # the settings the hub runs with
    if fault == "cover_open":
        printer.set_cover_open(True)
    else:
        printer.stop()
    shortcut(qtbot, page.receipt.host, Qt.Key.Key_F6)
    assert note(qtbot) == problem_text(fault)
    assert printer.jobs == []


@pytest.mark.skipif(not scanner_emulator.is_usable(), reason="needs a POSIX pseudo-terminal")
def test_f9_shows_a_total_on_the_customer_display(
    qtbot: QtBot, admin: Actor, clock: Clock, make_hub: MakeHub, window_for: MakeWindow
) -> None:
    window = window_for(admin, make_hub())
    page = devices_page(qtbot, window)
    shortcut(qtbot, page.pole_port, Qt.Key.Key_F9)
    assert note(qtbot) == "Choose the customer display's serial port first."
    with scanner_emulator.VirtualSerialPort() as pole:
        retype(qtbot, page.pole_port.lineEdit(), clock, pole.path)
        shortcut(qtbot, page.pole_port, Qt.Key.Key_F9)
        assert note(qtbot) == "The customer display shows WELCOME and TOTAL CNY 128.00."
        shown = pole.read(200, timeout=2.0)
        assert b"WELCOME" in shown and b"TOTAL" in shown and b"CNY 128.00" in shown
