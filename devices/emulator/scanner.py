"""A serial device made of a pseudo-terminal, for tests and the demo (POSIX only).

The program opens :attr:`VirtualSerialPort.path` as it would ``/dev/ttyUSB0``
or ``COM3``; the emulator plays the device on the other end. The path is a
symlink in a private temporary directory pointing at the current pty, so
:meth:`~VirtualSerialPort.unplug` and :meth:`~VirtualSerialPort.replug` can
take the device away and bring it back under the same name, as a cable does.
"""

from __future__ import annotations

import os
import select
import sys
import tempfile
import time
from typing import Self

if sys.platform != "win32":
    import tty


def is_usable() -> bool:
    """Pseudo-terminals exist (not on Windows)."""
    return hasattr(os, "openpty") and sys.platform != "win32"


class VirtualSerialPort:
    """The device end of a serial line whose host end is at :attr:`path`."""

    def __init__(self) -> None:
        if not is_usable():
            raise OSError("virtual serial ports need pseudo-terminals (POSIX)")
        self._dir = tempfile.TemporaryDirectory(prefix="boxoffice-serial-")
        self.path = os.path.join(self._dir.name, "port")
        self._master: int | None = None
        self._slave: int | None = None
        self.replug()

    @property
    def plugged(self) -> bool:
        return self._master is not None

    def replug(self) -> None:
        """(Re)connect: a new pty, reachable at the same :attr:`path`."""
        self.unplug()
        master, slave = os.openpty()
        # Raw from the start: no echo and no line editing before the host opens it.
        tty.setraw(slave)
        # Our own slave end stays open so the pty lives (and holds input)
        # until the host opens it.
        self._master, self._slave = master, slave
        link = self.path + ".new"
        os.symlink(os.ttyname(slave), link)
        os.replace(link, self.path)

    def unplug(self) -> None:
        """Take the device away: the host's reads fail and the path is gone."""
        if os.path.lexists(self.path):
            os.unlink(self.path)
        for fd in (self._master, self._slave):
            if fd is not None:
                os.close(fd)
        self._master = self._slave = None

    def write(self, data: bytes, char_delay_ms: float = 0) -> None:
        """Send ``data`` to the host, a byte at a time ``char_delay_ms`` apart if given."""
        master = self._require()
        if char_delay_ms <= 0:
            view = memoryview(data)
            while view:
                view = view[os.write(master, view) :]
            return
        for byte in data:
            os.write(master, bytes([byte]))
            time.sleep(char_delay_ms / 1000)

    def read(self, size: int = 4096, timeout: float = 1.0) -> bytes:
        """What the host sent: waits up to ``timeout`` for the first byte,
        then returns all that has arrived (at most ``size``)."""
        master = self._require()
        ready, _, _ = select.select([master], [], [], timeout)
        return os.read(master, size) if ready else b""

    def read_exactly(self, size: int, timeout: float = 2.0) -> bytes:
        """``size`` bytes from the host, or fewer if ``timeout`` passes first."""
        end = time.monotonic() + timeout
        data = b""
        while len(data) < size and (left := end - time.monotonic()) > 0:
            data += self.read(size - len(data), left)
        return data

    def close(self) -> None:
        self.unplug()
        self._dir.cleanup()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _require(self) -> int:
        if self._master is None:
            raise OSError("the virtual device is unplugged")
        return self._master


class VirtualSerialScanner(VirtualSerialPort):
    """A serial barcode scanner: :meth:`scan` sends a code as the scanner would."""

    def scan(self, code: str, terminator: bytes = b"\r", char_delay_ms: float = 0) -> None:
        """Send ``code`` (UTF-8) and the suffix the scanner is set to."""
        self.write(code.encode("utf-8") + terminator, char_delay_ms)
