"""A printer on a serial port (RS-232, or a USB printer's virtual COM port)."""

from __future__ import annotations

import contextlib

from .base import LinkError

try:
    import serial
except ImportError:  # pragma: no cover - pyserial is a dependency; kept optional at run time
    serial = None  # type: ignore[assignment]


def is_usable() -> bool:
    """pyserial is installed."""
    return serial is not None


class SerialLink:
    """Two-way link over pyserial. ``rtscts`` turns on hardware flow control,
    which printers with a small buffer need at higher baud rates; a write
    that cannot finish within ``timeout`` (paper out, flow control held)
    fails instead of hanging."""

    two_way = True

    def __init__(
        self, port: str, baudrate: int = 9600, timeout: float = 5.0, rtscts: bool = False
    ) -> None:
        self.port = port
        self.baudrate = baudrate
        self.timeout = timeout
        self.rtscts = rtscts
        self._serial: serial.Serial | None = None

    def open(self) -> None:
        if not is_usable():
            raise LinkError("serial printing needs pyserial, which is not installed")
        try:
            self._serial = serial.Serial(
                self.port,
                self.baudrate,
                timeout=self.timeout,
                write_timeout=self.timeout,
                rtscts=self.rtscts,
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            raise LinkError(f"cannot open {self.port}: {exc}") from exc

    def write(self, data: bytes) -> None:
        port = self._open_port()
        try:
            port.write(data)
        except serial.SerialTimeoutException as exc:
            raise LinkError(f"{self.port}: printer took no data for {self.timeout} s") from exc
        except (serial.SerialException, OSError) as exc:
            raise LinkError(f"{self.port}: {exc}") from exc

    def read(self, size: int, timeout: float) -> bytes:
        port = self._open_port()
        try:
            port.timeout = timeout
            first = port.read(1)
            if not first or size <= 1:
                return first
            return first + port.read(min(size - 1, port.in_waiting))
        except (serial.SerialException, OSError) as exc:
            raise LinkError(f"{self.port}: {exc}") from exc

    def close(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            # The port may have gone with the cable.
            with contextlib.suppress(serial.SerialException, OSError):
                port.close()

    def describe(self) -> str:
        return f"{self.port} @ {self.baudrate}"

    def _open_port(self) -> serial.Serial:
        if self._serial is None:
            raise LinkError(f"{self.port} is not open")
        return self._serial
