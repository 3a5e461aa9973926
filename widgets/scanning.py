"""Barcode scanners in the GUI: one signal for every scan, wherever it came from.

Screens connect to :attr:`ScanHub.scanned` and nothing else. Two sources
feed it: :class:`WedgeFilter`, which picks keyboard-wedge scans out of the
key events of the whole application (``devices.scanner.WedgeDecoder`` does
the telling apart), and :class:`SerialScannerBridge`, which brings a serial
scanner's codes over from its reading thread.

Wiring, once per application::

    hub = ScanHub(app)
    WedgeFilter(hub, parent=app).install(app)
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from devices.scanner import Action, Replay, Scan, WedgeDecoder
from devices.serial_scanner import ScannerState, SerialScanner


class ScanHub(QObject):
    """Where screens hear about scans.

    Signals:
        scanned(Scan): a code was read, by a wedge or a serial scanner; always
            emitted on the GUI thread.
    """

    scanned = Signal(object)


# Shortcuts and editing commands: never held, and they must not overtake held keys.
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
# Pressed by a scanner around every capital letter: neither part of a code
# nor a reason to stop waiting for one.
_MODIFIER_KEYS: frozenset[int] = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
    }
)
_TERMINATOR_KEYS: dict[int, str] = {
    Qt.Key.Key_Return: "\r",
    Qt.Key.Key_Enter: "\r",
    Qt.Key.Key_Tab: "\t",
}


def _recreate(event: QKeyEvent) -> QKeyEvent:
    """A copy Python owns (``clone()``'s would never be freed)."""
    return QKeyEvent(
        event.type(),
        event.key(),
        event.modifiers(),
        event.nativeScanCode(),
        event.nativeVirtualKey(),
        event.nativeModifiers(),
        event.text(),
        event.isAutoRepeat(),
        event.count(),
        event.device(),
    )


@dataclass
class _HeldKey:
    widget: QWidget
    press: QKeyEvent
    release: QKeyEvent | None = None


class WedgeFilter(QObject):
    """Application-wide event filter that turns keyboard-wedge scans into
    :attr:`ScanHub.scanned` and leaves a person's typing alone.

    Printable keys and Return/Enter/Tab are held back (swallowed) and fed to
    the decoder with the time from ``clock`` (milliseconds; monotonic by
    default, a fake one in tests). Keys the decoder hands back are sent again,
    as new events, to the widget that had focus when they were pressed,
    with their releases; those copies pass the filter untouched. A scan's keys
    are dropped and the code emitted instead. Keys with Ctrl, Alt or Meta,
    repeats and keys without text pass at once, after whatever was held, so
    nothing overtakes a key typed before it; Shift and the other modifier keys
    pass without ending a burst (scanners press Shift for capitals).
    """

    def __init__(
        self,
        hub: ScanHub,
        decoder: WedgeDecoder | None = None,
        clock: Callable[[], float] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.hub = hub
        self.decoder = decoder or WedgeDecoder()
        self._clock = clock or (lambda: time.monotonic() * 1000)
        self._held: deque[_HeldKey] = deque()
        # Ids of the copies being sent, so they pass (a flag would also let
        # through a person's keys in a dialog a replayed Enter opened).
        self._sending: set[int] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._timed_out)

    def install(self, app: QCoreApplication) -> None:
        app.installEventFilter(self)

    def uninstall(self, app: QCoreApplication) -> None:
        """Stop filtering; anything held is typed first."""
        app.removeEventFilter(self)
        self._apply([self.decoder.flush()])
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if id(event) in self._sending or not isinstance(watched, QWidget):
            # Our own copies; and a window's key event comes back at its focus widget.
            return False
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._press(watched, event)
        if event.type() == QEvent.Type.KeyRelease:
            assert isinstance(event, QKeyEvent)
            return self._release(event)
        return False

    def _char(self, event: QKeyEvent) -> str | None:
        """What the decoder is fed for this key, or None if it passes."""
        if event.isAutoRepeat() or event.modifiers() & _COMMAND_MODIFIERS:
            return None
        terminator = _TERMINATOR_KEYS.get(event.key())
        if terminator is not None:
            return terminator if terminator in self.decoder.terminators else None
        text = event.text()
        return text if len(text) == 1 and text.isprintable() else None

    def _press(self, widget: QWidget, event: QKeyEvent) -> bool:
        if event.key() in _MODIFIER_KEYS:
            return False
        char = self._char(event)
        if char is None:
            if self.decoder.holding:
                self._apply([self.decoder.flush()])
                self._arm()
            return False
        self._held.append(_HeldKey(widget, _recreate(event)))
        self._apply(self.decoder.feed(char, self._clock()))
        self._arm()
        return True

    def _release(self, event: QKeyEvent) -> bool:
        """Hold a release whose press is held, so it follows its press."""
        for held in self._held:
            if held.release is None and held.press.key() == event.key():
                held.release = _recreate(event)
                return True
        return False

    def _apply(self, actions: list[Action]) -> None:
        # Every fed key is one held event; a scan consumes its terminator too.
        # Taken off the queue before anything is sent: a replayed key's slot
        # may run an event loop that brings newer keys through here.
        for action in actions:
            count = len(action.chars) if isinstance(action, Replay) else len(action.code) + 1
            keys = [self._held.popleft() for _ in range(count)]
            if isinstance(action, Replay):
                for held in keys:
                    self._send(held)
            else:
                self.hub.scanned.emit(Scan(action.code, "wedge"))

    def _send(self, held: _HeldKey) -> None:
        if not shiboken6.isValid(held.widget):
            return  # the field closed meanwhile
        for event in (held.press, held.release):
            if event is None:
                continue
            self._sending.add(id(event))
            try:
                QCoreApplication.sendEvent(held.widget, event)
            finally:
                self._sending.discard(id(event))

    def _arm(self) -> None:
        deadline = self.decoder.deadline()
        if deadline is None:
            self._timer.stop()
        else:
            self._timer.start(max(0, math.ceil(deadline - self._clock())))

    def _timed_out(self) -> None:
        self._apply(self.decoder.timeout(self._clock()))
        self._arm()


class SerialScannerBridge(QObject):
    """Runs a :class:`~devices.serial_scanner.SerialScanner` and brings what
    it reads from its thread to the GUI thread: codes to ``hub.scanned``.

    Signals:
        state_changed(str): "connected" or "disconnected" (unplugged, or
            not there yet); the status bar shows it.

    Call :meth:`stop` before dropping the bridge.
    """

    state_changed = Signal(str)
    # Emitted on the scanner's thread; queued over to ours.
    _scan_read = Signal(object)
    _state_read = Signal(str)

    def __init__(
        self,
        hub: ScanHub,
        port: str,
        *,
        baudrate: int = 9600,
        terminator: bytes = b"\r",
        retry_s: float = 1.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.hub = hub
        self._scan_read.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._state_read.connect(self._state, Qt.ConnectionType.QueuedConnection)
        self.scanner = SerialScanner(
            port,
            baudrate,
            terminator,
            on_scan=self._scan_read.emit,
            on_state=self._state_read.emit,
            retry_s=retry_s,
        )

    @property
    def state(self) -> ScannerState | None:
        return self.scanner.state

    def start(self) -> None:
        self.scanner.start()

    def stop(self) -> None:
        self.scanner.stop()

    # Declared slots: PySide delivers signals queued from another thread to
    # declared slots of a QObject more safely than to plain methods (PYSIDE-3124).
    @Slot(object)
    def _deliver(self, scan: Scan) -> None:
        self.hub.scanned.emit(scan)

    @Slot(str)
    def _state(self, state: str) -> None:
        self.state_changed.emit(state)
