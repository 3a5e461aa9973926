"""设备: this terminal's receipt and ticket printers, cash drawer, scanner and
customer display, with a test print, a drawer test and a scan test."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from boxoffice.clock import now
from boxoffice.services import device_settings, print_queue
from devices.links.base import LinkError
from devices.links.system import list_system_printers
from devices.pole import PoleDisplay, labelled
from devices.ports import list_serial_ports
from devices.printer import Printer, PrinterFault
from devices.settings import (
    Connection,
    DeviceSettings,
    PoleSettings,
    PrinterSettings,
    open_link,
)
from printing.escpos import render_escpos
from printing.forms import PrinterTestForm
from printing.templates import venue_templates

from ..context import AppContext
from ..devices_ui import problem_text
from ..dialogs import compact, inform, wide
from .base import Page


class PrinterForm(QWidget):
    """How one printer is connected, its paper, and the drawer wired to it."""

    def __init__(self, page: Page, name: str, *, allow_same: bool) -> None:
        super().__init__(page)
        self.setObjectName(name)
        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.connection = wide(QComboBox(self))
        self.connection.setObjectName(f"{name}Connection")
        choices = [
            (Connection.NONE, self.tr("None")),
            (Connection.NETWORK, self.tr("Network (TCP 9100)")),
            (Connection.SERIAL, self.tr("Serial port")),
            (Connection.USB, self.tr("USB")),
            (Connection.SYSTEM, self.tr("System printer (CUPS / Windows)")),
            (Connection.FILE, self.tr("File or device node")),
        ]
        if allow_same:
            choices.insert(0, (Connection.SAME, self.tr("Same as the receipt printer")))
        for value, text in choices:
            self.connection.addItem(text, value.value)
        self.host = QLineEdit(self)
        self.host.setObjectName(f"{name}Host")
        self.host.setPlaceholderText("192.168.1.50")
        self.port = compact(QSpinBox(self))
        self.port.setRange(1, 65535)
        self.serial_port = wide(QComboBox(self))
        self.serial_port.setEditable(True)
        self.baudrate = wide(QComboBox(self))
        for rate in (9600, 19200, 38400, 57600, 115200):
            self.baudrate.addItem(str(rate), rate)
        self.usb = QLineEdit(self)
        self.usb.setPlaceholderText("0416:5011")
        self.system_name = wide(QComboBox(self))
        self.system_name.setEditable(True)
        self.file_path = QLineEdit(self)
        self.file_path.setPlaceholderText("/dev/usb/lp0")
        self.paper = wide(QComboBox(self))
        self.paper.addItem(self.tr("80 mm (48 columns)"), 80)
        self.paper.addItem(self.tr("58 mm (32 columns)"), 58)
        self.qr_native = QCheckBox(self.tr("The printer draws QR codes itself"), self)
        self.drawer = QCheckBox(self.tr("A cash drawer is connected to this printer"), self)
        self.drawer_pin = wide(QComboBox(self))
        self.drawer_pin.addItem(self.tr("Pin 2"), 2)
        self.drawer_pin.addItem(self.tr("Pin 5"), 5)
        self.pulse = compact(QSpinBox(self))
        self.pulse.setRange(10, 500)
        self.pulse.setSuffix(" ms")
        self.rows: dict[str, list[QWidget]] = {}
        for key, label, field in (
            ("connection", self.tr("Connection"), self.connection),
            ("host", self.tr("Address"), self.host),
            ("host", self.tr("Port"), self.port),
            ("serial", self.tr("Serial port"), self.serial_port),
            ("serial", self.tr("Baud rate"), self.baudrate),
            ("usb", self.tr("USB vendor:product"), self.usb),
            ("system", self.tr("System printer"), self.system_name),
            ("file", self.tr("File"), self.file_path),
            ("paper", self.tr("Paper"), self.paper),
            ("paper", "", self.qr_native),
            ("paper", "", self.drawer),
            ("paper", self.tr("Drawer pin"), self.drawer_pin),
            ("paper", self.tr("Drawer pulse"), self.pulse),
        ):
            form.addRow(label, field)
            self.rows.setdefault(key, []).append(field)
        self.form = form
        self.connection.currentIndexChanged.connect(self._show_rows)

    def _show_rows(self) -> None:
        kind = Connection(self.connection.currentData())
        wanted = {
            Connection.NETWORK: "host",
            Connection.SERIAL: "serial",
            Connection.USB: "usb",
            Connection.SYSTEM: "system",
            Connection.FILE: "file",
        }.get(kind)
        for key, fields in self.rows.items():
            visible = (
                key == "connection"
                or key == wanted
                or (key == "paper" and kind not in (Connection.NONE, Connection.SAME))
            )
            for field in fields:
                self.form.setRowVisible(field, visible)

    def set_ports(self, ports: list[str], printers: list[str]) -> None:
        for combo, items in ((self.serial_port, ports), (self.system_name, printers)):
            current = combo.currentText()
            combo.clear()
            combo.addItems(items)
            combo.setEditText(current)

    def load(self, p: PrinterSettings) -> None:
        self.connection.setCurrentIndex(max(0, self.connection.findData(p.connection.value)))
        self.host.setText(p.host)
        self.port.setValue(p.port)
        self.serial_port.setEditText(p.serial_port)
        self.baudrate.setCurrentIndex(max(0, self.baudrate.findData(p.baudrate)))
        self.usb.setText(f"{p.usb_vendor:04x}:{p.usb_product:04x}" if p.usb_vendor else "")
        self.system_name.setEditText(p.system_name)
        self.file_path.setText(p.file_path)
        self.paper.setCurrentIndex(max(0, self.paper.findData(p.paper_mm)))
        self.qr_native.setChecked(p.qr_native)
        self.drawer.setChecked(p.drawer)
        self.drawer_pin.setCurrentIndex(max(0, self.drawer_pin.findData(p.drawer_pin)))
        self.pulse.setValue(p.drawer_pulse_ms)
        self._show_rows()

    def value(self) -> PrinterSettings:
        vendor, _, product = self.usb.text().strip().partition(":")
        try:
            usb_vendor, usb_product = int(vendor or "0", 16), int(product or "0", 16)
        except ValueError:
            usb_vendor = usb_product = 0  # the service says the ids are missing
        return PrinterSettings(
            connection=Connection(self.connection.currentData()),
            host=self.host.text().strip(),
            port=self.port.value(),
            serial_port=self.serial_port.currentText().strip(),
            baudrate=int(self.baudrate.currentData()),
            usb_vendor=usb_vendor,
            usb_product=usb_product,
            system_name=self.system_name.currentText().strip(),
            file_path=self.file_path.text().strip(),
            paper_mm=int(self.paper.currentData()),
            qr_native=self.qr_native.isChecked(),
            drawer=self.drawer.isChecked(),
            drawer_pin=int(self.drawer_pin.currentData()),
            drawer_pulse_ms=self.pulse.value(),
        )


class DevicesPage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Devices"))
        self.message: object = None
        self.add_action_button(self.tr("Test print"), "F6", self.test_print)
        self.add_action_button(self.tr("Open drawer"), "F7", self.test_drawer)
        self.add_action_button(self.tr("Test scan"), "F8", self.test_scan)
        self.add_action_button(self.tr("Test display"), "F9", self.test_display)
        self.save_button = self.add_action_button(
            self.tr("Save"), "Ctrl+S", self.save, primary=True
        )
        grid = QGridLayout()
        grid.setSpacing(12)
        receipt_card = self.card(self.tr("Receipt printer"))
        self.receipt = PrinterForm(self, "receipt", allow_same=False)
        receipt_card.layout().addWidget(self.receipt)
        ticket_card = self.card(self.tr("Ticket printer"))
        self.ticket = PrinterForm(self, "ticket", allow_same=True)
        ticket_card.layout().addWidget(self.ticket)
        scanner_card = self.card(self.tr("Barcode scanner"))
        scanner_form = QFormLayout()
        self.wedge = QCheckBox(self.tr("Recognise a keyboard (USB HID) scanner"), self)
        self.gap = compact(QSpinBox(self))
        self.gap.setRange(5, 100)
        self.gap.setSuffix(" ms")
        self.scanner_port = wide(QComboBox(self))
        self.scanner_port.setEditable(True)
        self.scanner_baud = wide(QComboBox(self))
        for rate in (9600, 19200, 38400, 57600, 115200):
            self.scanner_baud.addItem(str(rate), rate)
        self.terminator = wide(QComboBox(self))
        for text, value in (
            ("CR (\\r)", "\r"),
            ("LF (\\n)", "\n"),
            ("CR LF", "\r\n"),
            ("Tab", "\t"),
        ):
            self.terminator.addItem(text, value)
        self.scan_field = QLineEdit(self)
        self.scan_field.setObjectName("scanTest")
        self.scan_field.setPlaceholderText(self.tr("Press F8, then scan a barcode"))
        self.last_scan = QLabel(self.tr("No scan yet."), self)
        self.last_scan.setObjectName("lastScan")
        scanner_form.addRow("", self.wedge)
        scanner_form.addRow(self.tr("Key gap at most"), self.gap)
        scanner_form.addRow(self.tr("Serial scanner port"), self.scanner_port)
        scanner_form.addRow(self.tr("Baud rate"), self.scanner_baud)
        scanner_form.addRow(self.tr("Ends with"), self.terminator)
        scanner_form.addRow(self.tr("Scan test"), self.scan_field)
        scanner_form.addRow("", self.last_scan)
        scanner_card.layout().addLayout(scanner_form)
        pole_card = self.card(self.tr("Customer display"))
        pole_form = QFormLayout()
        self.pole_port = wide(QComboBox(self))
        self.pole_port.setEditable(True)
        self.pole_baud = wide(QComboBox(self))
        for rate in (9600, 19200, 38400):
            self.pole_baud.addItem(str(rate), rate)
        pole_form.addRow(self.tr("Serial port (empty: none)"), self.pole_port)
        pole_form.addRow(self.tr("Baud rate"), self.pole_baud)
        pole_card.layout().addLayout(pole_form)
        grid.addWidget(receipt_card, 0, 0)
        grid.addWidget(ticket_card, 0, 1)
        grid.addWidget(scanner_card, 1, 0)
        grid.addWidget(pole_card, 1, 1)
        # Scrolls rather than make the window taller than a 1280×800 screen.
        holder = QWidget(self)
        holder.setObjectName("devicesHolder")
        outer = QVBoxLayout(holder)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(grid)
        outer.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        self.body.addWidget(scroll, 1)
        self.load(ctx.devices.settings if ctx.devices else DeviceSettings())
        hub = ctx.scans
        if hub is not None:
            hub.scanned.connect(self._scanned)

    def load(self, s: DeviceSettings) -> None:
        self.receipt.load(s.receipt)
        self.ticket.load(s.ticket)
        self.wedge.setChecked(s.scanner.wedge)
        self.gap.setValue(s.scanner.max_gap_ms)
        self.scanner_port.setEditText(s.scanner.serial_port)
        self.scanner_baud.setCurrentIndex(max(0, self.scanner_baud.findData(s.scanner.baudrate)))
        self.terminator.setCurrentIndex(max(0, self.terminator.findData(s.scanner.terminator)))
        self.pole_port.setEditText(s.pole.serial_port)
        self.pole_baud.setCurrentIndex(max(0, self.pole_baud.findData(s.pole.baudrate)))
        self.loaded = s

    def value(self) -> DeviceSettings:
        return DeviceSettings(
            receipt=self.receipt.value(),
            ticket=self.ticket.value(),
            scanner=replace(
                self.loaded.scanner,
                wedge=self.wedge.isChecked(),
                max_gap_ms=self.gap.value(),
                serial_port=self.scanner_port.currentText().strip(),
                baudrate=int(self.scanner_baud.currentData()),
                terminator=str(self.terminator.currentData()),
            ),
            pole=PoleSettings(
                self.pole_port.currentText().strip(), int(self.pole_baud.currentData())
            ),
        )

    def refresh(self) -> None:
        """List the serial ports and system printers this computer has now (F5)."""

        def look() -> tuple[list[str], list[str]]:
            return [p.device for p in list_serial_ports()], list_system_printers()

        def show(found: tuple[list[str], list[str]]) -> None:
            ports, printers = found
            for form in (self.receipt, self.ticket):
                form.set_ports(ports, printers)
            for combo in (self.scanner_port, self.pole_port):
                current = combo.currentText()
                combo.clear()
                combo.addItems(ports)
                combo.setEditText(current)

        self.run(look, show)

    def save(self) -> None:
        settings = self.value()
        call = self.ctx.call_here

        def saved(result: DeviceSettings) -> None:
            self.loaded = result
            if self.ctx.devices is not None:
                self.ctx.devices.apply(result)
            self.message = inform(self, self.tr("Device settings saved."))

        self.run(lambda: call(device_settings.save_device_settings, settings), saved)

    def _printer(self) -> PrinterSettings:
        """The printer the tests use: the receipt printer as the form shows it."""
        return self.receipt.value()

    def test_print(self) -> None:
        """A test page straight to the receipt printer (not through the queue:
        nothing is lost if it fails, and the answer comes at once)."""
        printer = self._printer()
        ctx = self.ctx
        terminal = ctx.me.terminal_name

        def send() -> str | None:
            header = print_queue.venue_header(ctx.store)
            form = PrinterTestForm(
                header,
                terminal,
                printer.describe(),
                f"{printer.paper_mm} mm（{printer.paper.columns} 列）",
                now(),
            )
            doc = venue_templates(ctx.data_dir, ctx.zone).render("test_page", form)
            try:
                Printer(open_link(printer)).print_job(render_escpos(doc, printer.paper))
            except PrinterFault as fault:
                return problem_text(fault.code, fault.detail)
            except ValueError:
                return problem_text("not_configured")
            return None

        self.run(send, self._tested)

    def _tested(self, problem: str | None) -> None:
        self.message = inform(self, problem or self.tr("The test page was sent to the printer."))

    def test_drawer(self) -> None:
        printer = self._printer()

        def kick() -> str | None:
            try:
                Printer(open_link(printer)).kick_drawer(printer.drawer_pin, printer.drawer_pulse_ms)
            except PrinterFault as fault:
                return problem_text(fault.code, fault.detail)
            except ValueError:
                return problem_text("not_configured")
            return None

        self.run(kick, lambda p: self._drawer_done(p))

    def _drawer_done(self, problem: str | None) -> None:
        self.message = inform(self, problem or self.tr("The drawer was told to open."))

    def test_display(self) -> None:
        """Show a welcome line and a total on the customer display as the form says."""
        port, baudrate = self.pole_port.currentText().strip(), int(self.pole_baud.currentData())

        def show() -> str | None:
            if not port:
                return self.tr("Choose the customer display's serial port first.")
            try:
                with PoleDisplay(port, baudrate=baudrate) as pole:
                    pole.show("WELCOME", labelled("TOTAL", 12800))
            except (LinkError, OSError) as error:
                return self.tr("The customer display cannot be reached: {reason}").format(
                    reason=str(error)
                )
            return None

        self.run(show, self._displayed)

    def _displayed(self, problem: str | None) -> None:
        self.message = inform(
            self, problem or self.tr("The customer display shows WELCOME and TOTAL CNY 128.00.")
        )

    def test_scan(self) -> None:
        self.scan_field.clear()
        self.scan_field.setFocus()
        self.last_scan.setText(self.tr("Waiting for a scan…"))

    def _scanned(self, scan: object) -> None:
        code = getattr(scan, "code", "")
        source = getattr(scan, "source", "")
        self.last_scan.setText(
            self.tr("Scanned {code} ({source}, {length} characters)").format(
                code=code, source=source, length=len(code)
            )
        )
