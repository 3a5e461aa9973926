"""A network printer: raw TCP to port 9100 (Epson's "raw" or HP JetDirect
port, which Chinese thermal printers with Ethernet or Wi-Fi all offer)."""

from __future__ import annotations

import contextlib
import socket
import time

from .base import LinkError

#: How long closing waits for the printer to close its side (see `close`).
CLOSE_WAIT = 2.0


class NetworkLink:
    """Two-way link over one TCP connection per job. Every socket error
    becomes a `LinkError`."""

    two_way = True

    def __init__(self, host: str, port: int = 9100, timeout: float = 5.0) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        self._sock: socket.socket | None = None

    def open(self) -> None:
        self.close()
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as exc:
            raise LinkError(f"cannot connect to {self.describe()}: {_reason(exc)}") from exc
        # Status requests are three bytes each and wait for an answer: send
        # them at once rather than when the previous packet is acknowledged.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock = sock

    def write(self, data: bytes) -> None:
        sock = self._open_socket()
        try:
            sock.settimeout(self.timeout)
            sock.sendall(data)
        except TimeoutError as exc:
            raise LinkError(f"{self.describe()} took no data for {self.timeout} s") from exc
        except OSError as exc:
            raise LinkError(f"{self.describe()}: {_reason(exc)}") from exc

    def read(self, size: int, timeout: float) -> bytes:
        sock = self._open_socket()
        try:
            sock.settimeout(max(0.0, timeout))
            data = sock.recv(size)
        except (TimeoutError, BlockingIOError):
            return b""
        except OSError as exc:
            raise LinkError(f"{self.describe()}: {_reason(exc)}") from exc
        if not data:
            raise LinkError(f"{self.describe()} closed the connection")
        return data

    def close(self) -> None:
        """Send end-of-data and wait (at most `CLOSE_WAIT` s) for the printer
        to close its side, which it does once it has read everything: closing
        at once would throw away any answer still unread, and a socket closed
        with unread input sends a reset, which may make the printer drop the
        end of the job."""
        sock, self._sock = self._sock, None
        if sock is None:
            return
        try:
            sock.shutdown(socket.SHUT_WR)
            deadline = time.monotonic() + min(self.timeout, CLOSE_WAIT)
            while (left := deadline - time.monotonic()) > 0:
                sock.settimeout(left)
                if not sock.recv(4096):
                    break
        except OSError:
            pass  # already gone: nothing left to wait for
        finally:
            with contextlib.suppress(OSError):
                sock.close()

    def describe(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def _open_socket(self) -> socket.socket:
        if self._sock is None:
            raise LinkError(f"{self.describe()} is not open")
        return self._sock


def _reason(exc: OSError) -> str:
    if isinstance(exc, TimeoutError):
        return "timed out"
    return exc.strerror or str(exc) or type(exc).__name__
