"""The customer display ("pole display"): two lines of 20 characters facing
the customer, on a serial port.

We speak the Epson DM-D command set (ESC/POS for customer displays), the
power-on default of most VFD and LCD pole displays sold in China, which copy
it: ESC @ initialise, US MD1 overwrite mode (writing past the end of a line
never scrolls), US C 0 cursor off, US $ x y cursor to column x, row y (both
from 1), CLR clear. Each :meth:`PoleDisplay.show` rewrites both whole lines,
padded to 20 columns, so nothing left from the previous text survives and
the screen never flickers blank.

These displays show ASCII only (their Chinese models need a font download
we do not do), so text is shown best-effort in ASCII: full-width letters
and digits become ASCII, accents are dropped, Chinese is left out; amounts
are ``CNY 123.00``.
"""

from __future__ import annotations

import unicodedata

from boxoffice.money import format_fen

from .links.base import Link
from .links.serial import SerialLink

ESC, US = b"\x1b", b"\x1f"
INIT = ESC + b"@"
OVERWRITE_MODE = US + b"\x01"
CURSOR_OFF = US + b"C\x00"
CLEAR = b"\x0c"

COLUMNS = 20
CURRENCY = "CNY"


def cursor_to(column: int, row: int) -> bytes:
    """US $ x y: 1-based column and row."""
    return US + b"$" + bytes([column, row])


def ascii_text(text: str) -> str:
    """``text`` as the display can show it: NFKD folds full-width forms and
    accents to ASCII; anything else (Chinese) is left out. Spaces are kept,
    so a line laid out by the caller stays laid out."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if 0x20 <= ord(c) < 0x7F)


def fit(text: str, columns: int = COLUMNS) -> bytes:
    """One display line: ASCII, cut or padded to exactly ``columns``."""
    return ascii_text(text)[:columns].ljust(columns).encode("ascii")


def money(amount_fen: int) -> str:
    return f"{CURRENCY} {format_fen(amount_fen, symbol=False)}"


def labelled(label: str, amount_fen: int, columns: int = COLUMNS) -> str:
    """``TOTAL     CNY 123.00``: label left, amount right; the amount alone if both don't fit."""
    amount = money(amount_fen)
    if len(label) + 1 + len(amount) > columns:
        return amount.rjust(columns)
    return label + amount.rjust(columns - len(label))


class PoleDisplay:
    """A 2 × 20 customer display on ``target``: a :class:`Link`, or a serial
    port name opened at ``baudrate`` (displays default to 9600 8N1).

    Every method writes at once and raises ``LinkError`` if the display has
    gone; calls take milliseconds but may wait for the link's timeout on a
    dead port, so the GUI calls them off its thread."""

    def __init__(self, target: Link | str, *, baudrate: int = 9600) -> None:
        self.link: Link = SerialLink(target, baudrate) if isinstance(target, str) else target

    def open(self) -> None:
        self.link.open()
        self.link.write(INIT + OVERWRITE_MODE + CURSOR_OFF)

    def close(self) -> None:
        self.link.close()

    def __enter__(self) -> PoleDisplay:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def show(self, line1: str, line2: str = "") -> None:
        self.link.write(cursor_to(1, 1) + fit(line1) + cursor_to(1, 2) + fit(line2))

    def show_item(self, name: str, amount_fen: int) -> None:
        """The item just added and its price; "ITEM" if its name has no ASCII at all."""
        words = ascii_text(name).split()
        self.show(" ".join(words) or "ITEM", money(amount_fen).rjust(COLUMNS))

    def show_total(self, total_fen: int) -> None:
        self.show(labelled("TOTAL", total_fen))

    def show_change(self, change_fen: int) -> None:
        self.show(labelled("CHANGE", change_fen), "THANK YOU")

    def clear(self) -> None:
        self.link.write(CLEAR)
