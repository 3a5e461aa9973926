"""Scans reach the hub, and a person's typing reaches the field, in a real window.

Most tests drive the wedge filter with a clock they set, so the timing of a
scanner's burst or a person's keys is exact whatever the machine's load; one
scan and one person type with real timing. The serial scanner is a
pseudo-terminal playing the device.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from devices.emulator.scanner import VirtualSerialScanner
from devices.emulator.scanner import is_usable as ptys_usable
from devices.scanner import Scan
from widgets.scanning import ScanHub, SerialScannerBridge, WedgeFilter


class Clock:
    """Milliseconds that pass only when a test says so."""

    def __init__(self) -> None:
        self.ms = 1000.0

    def __call__(self) -> float:
        return self.ms


class Window(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.field = QLineEdit()
        self.other = QLineEdit()
        self.button = QPushButton("OK")
        layout = QVBoxLayout(self)
        for widget in (self.field, self.other, self.button):
            layout.addWidget(widget)


@pytest.fixture
def window(qtbot: QtBot) -> Window:
    window = Window()
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.activateWindow()
    window.field.setFocus()
    return window


@pytest.fixture
def hub(qapp: QApplication) -> ScanHub:
    return ScanHub()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def installed(qapp: QApplication, wedge: WedgeFilter) -> Iterator[WedgeFilter]:
    wedge.install(qapp)
    try:
        yield wedge
    finally:
        wedge.uninstall(qapp)


@pytest.fixture
def wedge(qapp: QApplication, hub: ScanHub, clock: Clock) -> Iterator[WedgeFilter]:
    yield from installed(qapp, WedgeFilter(hub, clock=clock))


@pytest.fixture
def real_wedge(qapp: QApplication, hub: ScanHub) -> Iterator[WedgeFilter]:
    yield from installed(qapp, WedgeFilter(hub))


def scanner_types(qtbot: QtBot, widget: QWidget, clock: Clock, code: str, gap: float = 4) -> None:
    """A wedge scanner: the code a few ms per key, then Enter."""
    for char in code:
        clock.ms += gap
        qtbot.keyClick(widget, char)
    clock.ms += gap
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def person_types(qtbot: QtBot, widget: QWidget, clock: Clock, text: str, gaps: list[float]) -> None:
    """A person: each key ``gaps[i]`` ms after the one before, the held-back
    keys' timer allowed to run between keys as it would."""
    for char, gap in zip(text, gaps, strict=True):
        clock.ms += gap
        qtbot.keyClick(widget, char)


def let_time_pass(qtbot: QtBot, clock: Clock, ms: float = 200) -> None:
    clock.ms += ms
    qtbot.wait(50)  # the filter's timer fires and sees the time has passed


def test_a_scan_is_one_signal_and_leaves_the_field_alone(
    qtbot: QtBot, window: Window, hub: ScanHub, wedge: WedgeFilter, clock: Clock
) -> None:
    window.field.setText("already here")
    with (
        qtbot.assertNotEmitted(window.field.returnPressed),
        qtbot.waitSignal(hub.scanned) as scanned,
    ):
        scanner_types(qtbot, window.field, clock, "TK-2026-000123")
    scan = scanned.args[0]
    assert isinstance(scan, Scan)
    assert (scan.code, scan.source) == ("TK-2026-000123", "wedge")
    let_time_pass(qtbot, clock)
    assert window.field.text() == "already here"


def test_a_person_s_typing_reaches_the_field_exactly(
    qtbot: QtBot, window: Window, hub: ScanHub, wedge: WedgeFilter, clock: Clock
) -> None:
    with qtbot.assertNotEmitted(hub.scanned, wait=100):
        # 25 ms: a fast typist's rollover between "l" and "o"
        person_types(
            qtbot, window.field, clock, "Hello 2026", [0, 150, 90, 120, 25, 200, 85, 80, 300, 95]
        )
        let_time_pass(qtbot, clock)
    assert window.field.text() == "Hello 2026"


def test_enter_after_typing_reaches_the_field(
    qtbot: QtBot, window: Window, hub: ScanHub, wedge: WedgeFilter, clock: Clock
) -> None:
    person_types(qtbot, window.field, clock, "A12", [0, 120, 110])
    with (
        qtbot.assertNotEmitted(hub.scanned),
        qtbot.waitSignal(window.field.returnPressed),
    ):
        clock.ms += 140
        qtbot.keyClick(window.field, Qt.Key.Key_Return)
    assert window.field.text() == "A12"


def test_a_quick_enter_after_a_short_code_is_still_typing(
    qtbot: QtBot, window: Window, hub: ScanHub, wedge: WedgeFilter, clock: Clock
) -> None:
    # Three keys in a burst are too short for a code: typed, Enter included.
    with (
        qtbot.assertNotEmitted(hub.scanned),
        qtbot.waitSignal(window.field.returnPressed),
    ):
        scanner_types(qtbot, window.field, clock, "123")
    assert window.field.text() == "123"


def test_keys_that_cannot_wait_come_after_the_held_ones(
    qtbot: QtBot, window: Window, wedge: WedgeFilter, clock: Clock
) -> None:
    window.field.setText("abc")
    window.field.end(False)
    person_types(qtbot, window.field, clock, "d", [0])
    clock.ms += 10
    qtbot.keyClick(window.field, Qt.Key.Key_Backspace)  # deletes the "d", not the "c"
    assert window.field.text() == "abc"
    person_types(qtbot, window.field, clock, "e", [100])
    clock.ms += 10
    qtbot.keyClick(window.field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    person_types(qtbot, window.field, clock, "x", [100])
    let_time_pass(qtbot, clock)
    assert window.field.text() == "x"


def test_tab_by_a_person_moves_on_after_the_key_before_it(
    qtbot: QtBot, window: Window, wedge: WedgeFilter, clock: Clock
) -> None:
    person_types(qtbot, window.field, clock, "7", [0])
    clock.ms += 25  # rollover onto Tab
    qtbot.keyClick(window.field, Qt.Key.Key_Tab)
    person_types(qtbot, window.other, clock, "8", [150])
    let_time_pass(qtbot, clock)
    assert (window.field.text(), window.other.text()) == ("7", "8")
    assert window.focusWidget() is window.other


def test_space_on_a_button_still_clicks_it(
    qtbot: QtBot, window: Window, wedge: WedgeFilter, clock: Clock
) -> None:
    # The release is held with its press, so the button sees press, then release.
    window.button.setFocus()
    with qtbot.waitSignal(window.button.clicked):
        qtbot.keyClick(window.button, Qt.Key.Key_Space)
        let_time_pass(qtbot, clock)


def test_capitals_with_shift_stay_one_scan(
    qtbot: QtBot, window: Window, hub: ScanHub, wedge: WedgeFilter, clock: Clock
) -> None:
    # A scanner presses Shift around each capital, as a keyboard would.
    with qtbot.waitSignal(hub.scanned) as scanned:
        for char in "AB12":
            clock.ms += 3
            qtbot.keyPress(window.field, Qt.Key.Key_Shift)
            qtbot.keyClick(window.field, char, Qt.KeyboardModifier.ShiftModifier)
            qtbot.keyRelease(window.field, Qt.Key.Key_Shift)
        clock.ms += 3
        qtbot.keyClick(window.field, Qt.Key.Key_Return)
    assert scanned.args[0].code == "AB12"
    assert window.field.text() == ""


def test_real_timing(qtbot: QtBot, window: Window, hub: ScanHub, real_wedge: WedgeFilter) -> None:
    with qtbot.waitSignal(hub.scanned) as scanned:
        for char in "6901234567892":
            qtbot.keyClick(window.field, char)
        qtbot.keyClick(window.field, Qt.Key.Key_Return)
    assert scanned.args[0].code == "6901234567892"
    with qtbot.assertNotEmitted(hub.scanned):
        qtbot.keyClicks(window.field, "ok", delay=100)
        qtbot.waitUntil(lambda: window.field.text() == "ok", timeout=1000)
        with qtbot.waitSignal(window.field.returnPressed):
            qtbot.keyClick(window.field, Qt.Key.Key_Return, delay=100)
    assert window.field.text() == "ok"


@pytest.mark.skipif(not ptys_usable(), reason="pseudo-terminals are POSIX only")
def test_a_serial_scanner_reaches_the_hub(qtbot: QtBot, hub: ScanHub) -> None:
    with VirtualSerialScanner() as device:
        bridge = SerialScannerBridge(hub, device.path, retry_s=0.05)
        try:
            with qtbot.waitSignal(bridge.state_changed) as state:
                bridge.start()
            assert state.args == ["connected"]
            with qtbot.waitSignal(hub.scanned) as scanned:
                device.scan("SER-0042")
            assert (scanned.args[0].code, scanned.args[0].source) == ("SER-0042", "serial")
            with qtbot.waitSignal(bridge.state_changed) as state:
                device.unplug()
            assert state.args == ["disconnected"]
            assert bridge.state == "disconnected"
        finally:
            bridge.stop()
