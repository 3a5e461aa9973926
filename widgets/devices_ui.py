"""The terminal's devices in the GUI: the print spooler's thread, the printer
field of the status bar, fault texts and the paper preview.

One :class:`DeviceHub` per application, made by the shell when the store
opens and kept across logins: jobs print whoever is logged in, and a sale's
receipt still prints after its cashier logged out.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt, Signal
from PySide6.QtGui import QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from boxoffice.db.store import Store
from boxoffice.services.device_settings import get_device_settings
from devices.scanner import WedgeDecoder
from devices.settings import DeviceSettings
from devices.spooler import PrinterState, Spooler

from .scanning import ScanHub, SerialScannerBridge, WedgeFilter

log = logging.getLogger(__name__)


class DeviceHub(QObject):
    """Runs the spooler for this terminal's printers.

    Signals:
        printers_changed(object): dict of role → devices.spooler.PrinterState,
            emitted from the spooler's thread and delivered on the GUI thread.
    """

    printers_changed = Signal(object)

    def __init__(
        self, store: Store, app: QCoreApplication | None = None, *, retry_s: float = 3.0
    ) -> None:
        super().__init__(app)
        self.store = store
        self.app = app or QCoreApplication.instance()
        self.retry_s = retry_s
        self.settings = DeviceSettings()
        self.scans = ScanHub(self)
        self.wedge: WedgeFilter | None = None
        self.serial_scanner: SerialScannerBridge | None = None
        self.spooler: Spooler | None = None
        self.state: dict[str, PrinterState] = {}
        self.printers_changed.connect(self._remember)

    def start(self) -> None:
        self.apply(get_device_settings(self.store))

    def apply(self, settings: DeviceSettings) -> None:
        """Use new settings: the spooler restarts with them."""
        self.stop()
        self.settings = settings
        scanner = settings.scanner
        if scanner.wedge:
            decoder = WedgeDecoder(max_gap_ms=scanner.max_gap_ms, min_length=scanner.min_length)
            self.wedge = WedgeFilter(self.scans, decoder, parent=self)
            self.wedge.install(self.app)
        if scanner.serial_port:
            self.serial_scanner = SerialScannerBridge(
                self.scans,
                scanner.serial_port,
                baudrate=scanner.baudrate,
                terminator=scanner.terminator.encode("ascii"),
                parent=self,
            )
            self.serial_scanner.start()
        self.spooler = Spooler(
            self.store, settings, on_state=self.printers_changed.emit, retry_s=self.retry_s
        )
        self.spooler.start()
        self.spooler.wake()

    def wake(self) -> None:
        if self.spooler is not None:
            self.spooler.wake()

    def stop(self) -> None:
        if self.spooler is not None:
            self.spooler.stop()
            self.spooler = None
        if self.wedge is not None:
            self.wedge.uninstall(self.app)
            self.wedge.deleteLater()
            self.wedge = None
        if self.serial_scanner is not None:
            self.serial_scanner.stop()
            self.serial_scanner.deleteLater()
            self.serial_scanner = None

    def _remember(self, state: dict[str, PrinterState]) -> None:
        self.state = state


def problem_text(problem: str | None, detail: str = "") -> str:
    """A printer problem in the user's language, with what to do about it."""
    texts = {
        "paper_out": QCoreApplication.translate(
            "devices", "Out of paper: load a new roll; printing resumes by itself."
        ),
        "cover_open": QCoreApplication.translate(
            "devices", "The printer's cover is open: close it to go on printing."
        ),
        "offline": QCoreApplication.translate(
            "devices", "The printer is offline: check its light and the feed button."
        ),
        "connection": QCoreApplication.translate(
            "devices", "Cannot reach the printer: check that it is switched on and connected."
        ),
        "no_answer": QCoreApplication.translate(
            "devices", "The printer does not answer: switch it off and on again."
        ),
        "not_configured": QCoreApplication.translate(
            "devices", "No printer is set up for this terminal (Devices page)."
        ),
        "document": QCoreApplication.translate(
            "devices", "This document cannot be printed ({detail})."
        ).format(detail=detail),
        "paper_near_end": QCoreApplication.translate(
            "devices", "Paper is running low: have a new roll ready."
        ),
    }
    return texts.get(problem or "", problem or "")


class PrinterIndicator(QPushButton):
    """The status bar's printer field: fine, a fault, jobs waiting. Click (or
    the main window's shortcut) opens the print queue."""

    def __init__(self, hub: DeviceHub | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printerIndicator")
        self.setFlat(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.hub = hub
        if hub is not None:
            hub.printers_changed.connect(self.show_state)
            self.show_state(hub.state)
        else:
            self.setText(self.tr("Printer: not set up"))

    def show_state(self, state: dict[str, PrinterState]) -> None:
        receipt = state.get("receipt")
        if receipt is None:
            self.setText(self.tr("Printer: starting…"))
            return
        pending = sum(s.pending for s in state.values())
        problems = [s for s in state.values() if s.problem]
        low = any(s.status is not None and s.status.paper_near_end for s in state.values())
        if not receipt.configured:
            text = self.tr("Printer: not set up")
        elif problems:
            # Short here (the status bar is shared); the whole advice is the tooltip
            # and on the print queue page.
            text = self.tr("Printer: {problem}").format(problem=self._short(problems[0].problem))
        elif low:
            text = self.tr("Printer: paper low")
        else:
            text = self.tr("Printer: ready")
        if pending:
            text += self.tr(" · {count} waiting to print").format(count=pending)
        self.setText(text)
        self.setToolTip(problem_text(problems[0].problem, problems[0].detail) if problems else "")
        self.setProperty("problem", bool(problems))
        self.setStyleSheet("color: #b42318; font-weight: 600;" if problems else "")

    # A fault's text is long: where the status bar has no room for all of it,
    # it ends in "…" (whole in the tooltip) instead of widening the window.

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), 160), hint.height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        room = (
            self.style()
            .subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self)
            .width()
        )
        option.text = self.fontMetrics().elidedText(option.text, Qt.TextElideMode.ElideRight, room)
        QStylePainter(self).drawControl(QStyle.ControlElement.CE_PushButton, option)

    def _short(self, problem: str | None) -> str:
        return {
            "paper_out": self.tr("out of paper"),
            "cover_open": self.tr("cover open"),
            "offline": self.tr("offline"),
            "connection": self.tr("not reachable"),
            "no_answer": self.tr("no answer"),
            "not_configured": self.tr("not set up"),
            "document": self.tr("cannot print a document"),
        }.get(problem or "", problem or "")


class PreviewDialog(QDialog):
    """The paper as the printer will print it (printing.preview)."""

    def __init__(self, png: bytes, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preview: {title}").format(title=title))
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        self.paper = QLabel(self)
        self.paper.setObjectName("paperPreview")
        self.paper.setPixmap(pixmap)
        self.paper.setStyleSheet("background: white; border: 1px solid #d0d5dd;")
        scroll = QScrollArea(self)
        scroll.setWidget(self.paper)
        scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll.setMinimumWidth(pixmap.width() + 40)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(pixmap.width() + 60, min(900, pixmap.height() + 100))
