"""A scanner on a serial port (RS-232, or USB in its "virtual COM port" mode).

Scanners in serial mode send each code followed by a suffix the venue sets in
the scanner (CR by factory default on most; LF, CRLF or Tab on others). One
thread reads the port, cuts codes at that suffix and hands them on; an
unplugged scanner is waited for and picked up again when it comes back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Literal

import serial

from .scanner import Scan

log = logging.getLogger(__name__)

ScannerState = Literal["connected", "disconnected"]

#: The suffixes a scanner can be set to send, by the names settings show.
TERMINATORS: dict[str, bytes] = {"CR": b"\r", "LF": b"\n", "CRLF": b"\r\n", "Tab": b"\t"}

# Short enough that stop() answers quickly even where cancel_read is not honoured.
_READ_TIMEOUT_S = 0.2


def decode_code(raw: bytes) -> str:
    """Bytes of one code as text: UTF-8, else GB18030 (Chinese scanners in
    their default mode), surrounding whitespace stripped."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
    return text.strip()


class SerialScanner:
    """Reads codes from ``port`` on a thread of its own until :meth:`stop`.

    ``on_scan(Scan)`` and ``on_state("connected" | "disconnected")`` are
    called **on that thread**; a GUI hands them over to its own thread
    (``widgets.scanning.SerialScannerBridge``). While the port cannot be
    opened or has gone (unplugged), the scanner tries again every
    ``retry_s`` seconds; a code cut off by the unplugging is dropped.
    """

    def __init__(
        self,
        port: str,
        baudrate: int = 9600,
        terminator: bytes = b"\r",
        on_scan: Callable[[Scan], object] | None = None,
        on_state: Callable[[ScannerState], object] | None = None,
        *,
        retry_s: float = 1.0,
    ) -> None:
        if not terminator:
            raise ValueError("a scanner's terminator cannot be empty")
        self.port = port
        self.baudrate = baudrate
        self.terminator = terminator
        self.retry_s = retry_s
        self._on_scan = on_scan
        self._on_state = on_state
        self._state: ScannerState | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._serial: serial.Serial | None = None
        self._thread: threading.Thread | None = None

    @property
    def state(self) -> ScannerState | None:
        """The last state reported; None before the first attempt to open."""
        return self._state

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("scanner already started")
        self._thread = threading.Thread(target=self._run, name=f"scanner {self.port}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop reading, close the port and wait for the thread to end."""
        self._stop.set()
        with self._lock:
            if self._serial is not None:
                self._serial.cancel_read()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("scanner thread on %s did not stop in %.1f s", self.port, timeout)
            self._thread = None

    def __enter__(self) -> SerialScanner:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _report(self, state: ScannerState) -> None:
        if state == self._state:
            return
        self._state = state
        log.info("scanner on %s %s", self.port, state)
        if self._on_state is not None:
            self._on_state(state)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                port = serial.Serial(self.port, self.baudrate, timeout=_READ_TIMEOUT_S)
            except (serial.SerialException, OSError) as exc:
                log.debug("scanner on %s not there: %s", self.port, exc)
                self._report("disconnected")
                self._stop.wait(self.retry_s)
                continue
            with self._lock:
                self._serial = port
            try:
                self._report("connected")
                self._read(port)
            except (serial.SerialException, OSError) as exc:
                log.info("scanner on %s lost: %s", self.port, exc)
                self._report("disconnected")
            finally:
                with self._lock:
                    self._serial = None
                port.close()
            # A port that opens but fails at once would otherwise spin.
            self._stop.wait(self.retry_s)

    def _read(self, port: serial.Serial) -> None:
        pending = b""
        while not self._stop.is_set():
            chunk = port.read(port.in_waiting or 1)
            if not chunk:
                continue
            pending += chunk
            *codes, pending = pending.split(self.terminator)
            for raw in codes:
                code = decode_code(raw)
                if code and self._on_scan is not None:
                    try:
                        self._on_scan(Scan(code, "serial"))
                    except Exception:  # a receiver's bug must not end scanning
                        log.exception("handling scan %r failed", code)
