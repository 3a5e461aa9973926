"""A receipt printer's state from its answers to DLE EOT (real-time status).

Epson's ESC/POS reference, followed by Chinese thermal printers: DLE EOT n
(n = 1..4) is answered at once with one byte, even while the printer is
offline, out of paper or busy printing. Every answer has bits 1 and 4 set and
bits 0 and 7 clear, which tells a status byte from anything else.

==  ================  =====================================================
n   asks for          bits read here
==  ================  =====================================================
1   printer status    2: drawer connector pin 3 high; 3: offline
2   offline cause     2: cover open; 5: stopped at paper end; 6: error
3   error cause       2: recoverable; 3: autocutter; 5: unrecoverable;
                      6: automatically recoverable
4   roll paper        2, 3: paper near end; 5, 6: paper end
==  ================  =====================================================
"""

from __future__ import annotations

from dataclasses import dataclass

DLE_EOT = b"\x10\x04"
FIXED_BITS = 0x12  # bits 1 and 4, set in every answer
FIXED_MASK = 0x93  # bits 0, 1, 4 and 7


def status_request(n: int) -> bytes:
    """DLE EOT n: ask for status byte ``n`` (1-4)."""
    if n not in (1, 2, 3, 4):
        raise ValueError(f"DLE EOT asks for status 1-4, not {n}")
    return DLE_EOT + bytes((n,))


def is_status_byte(value: int) -> bool:
    return value & FIXED_MASK == FIXED_BITS


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said about itself. ``drawer_open`` reads the drawer
    switch on connector pin 3; most drawers pull it high when open."""

    online: bool = True
    cover_open: bool = False
    paper_near_end: bool = False
    paper_out: bool = False
    drawer_open: bool = False
    error: bool = False

    def problem(self) -> str | None:
        """Why the printer cannot print now, as a short code callers translate
        ("cover_open", "paper_out", "offline"), or None. An open cover comes
        first: it is the cause to fix, and the paper sensor may misread then.
        Paper near its end is no problem yet; the status bar warns of it."""
        if self.cover_open:
            return "cover_open"
        if self.paper_out:
            return "paper_out"
        if not self.online or self.error:
            return "offline"
        return None


def parse_status(answers: dict[int, int]) -> PrinterStatus:
    """The status from the answer bytes to DLE EOT n, keyed by n. A status
    not asked for reads as fine. Raises ValueError for a byte that is not a
    status answer (another device on the port, or a garbled line)."""
    for n, value in answers.items():
        if not 0 <= value <= 0xFF or not is_status_byte(value):
            raise ValueError(f"0x{value:02x} is not an answer to DLE EOT {n}")
    printer = answers.get(1, FIXED_BITS)
    offline = answers.get(2, FIXED_BITS)
    error = answers.get(3, FIXED_BITS)
    paper = answers.get(4, FIXED_BITS)
    return PrinterStatus(
        online=not printer & 0x08,
        cover_open=bool(offline & 0x04),
        paper_near_end=bool(paper & 0x0C),
        paper_out=bool(offline & 0x20 or paper & 0x60),
        drawer_open=bool(printer & 0x04),
        error=bool(offline & 0x40 or error & 0x6C),
    )
