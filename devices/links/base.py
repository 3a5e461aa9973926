"""What every printer connection offers.

A link moves bytes; it knows nothing of ESC/POS. Two-way links (network,
serial, USB) can read the printer's status answers; one-way links (the
system spooler, a file) cannot, so the printer's state is unknown there.
"""

from __future__ import annotations

from typing import Protocol


class LinkError(Exception):
    """The connection failed: refused, unplugged, dropped mid-job, timed out.
    ``str()`` is a short English technical reason for logs; screens show
    their own translated message."""


class Link(Protocol):
    #: Whether ``read`` can return the printer's answers (DLE EOT status).
    two_way: bool

    def open(self) -> None:
        """Connect; raises LinkError."""

    def write(self, data: bytes) -> None:
        """Send all of ``data``; raises LinkError if the link drops."""

    def read(self, size: int, timeout: float) -> bytes:
        """Up to ``size`` bytes the printer sent, waiting at most ``timeout``
        seconds; b"" if nothing came. Raises LinkError on a dropped link."""

    def close(self) -> None:
        """Disconnect; never raises."""

    def describe(self) -> str:
        """Where it goes, for settings and logs ("192.168.1.50:9100")."""
