"""ESC/POS bytes of a document, for 58 mm and 80 mm thermal printers.

python-escpos builds the commands (styles, QR codes, barcodes, raster images,
cut, drawer pulse) into a ``Dummy`` printer; we only take its bytes, so links,
status and faults stay ours (``devices.printer``).

Text does not go through python-escpos: its ``text()`` turns every Han
character into "?". We lay text out ourselves by display width
(``printing.width``) and write it through the raw channel as GB18030, the
character set of the Chinese fonts in mainland printers. Every job starts with
ESC @ and FS & so the printer is in Chinese character mode whatever state the
previous job or its memory switches left it in.
"""

from __future__ import annotations

import copy
import logging
import unicodedata
from collections.abc import Callable
from typing import Any

import qrcode
from escpos.constants import BARCODE_TYPE_B
from escpos.printer import Dummy
from PIL import Image

from .document import (
    Align,
    Barcode,
    Columns,
    Cut,
    Document,
    DrawerKick,
    Feed,
    Logo,
    QRCode,
    Separator,
    Text,
)
from .paper import Paper
from .width import char_width, columns, wrap

log = logging.getLogger(__name__)

ENCODING = "gb18030"
INIT = b"\x1b@"
# FS & selects Chinese (double-byte) character mode. Printers sold as
# "Chinese" usually start in it, but not all do (a memory switch decides, and
# international models start in single-byte mode): without it every GB18030
# byte pair prints as two accented Latin letters from the code page.
CHINESE_MODE = b"\x1c&"

BARCODE_HEIGHT = 80  # dots, 10 mm at 203 dpi


def render_escpos(doc: Document, paper: Paper) -> bytes:
    """The bytes a printer with ``paper`` needs to print ``doc``."""
    printer = _dummy(paper)
    printer.hw("INIT")
    printer._raw(CHINESE_MODE)
    for block in doc.blocks:
        if isinstance(block, Text):
            _text(printer, block, paper)
        elif isinstance(block, Columns):
            _style(printer, Align.LEFT, block.bold)
            left, right = _clean(block.left), _clean(block.right)
            _lines(printer, _lay_out(columns, left, right, width=paper.columns))
        elif isinstance(block, Separator):
            char = _clean(block.char)[:1] or "-"
            _style(printer, Align.LEFT, False)
            _lines(printer, [char * (paper.columns // printed_width(char))])
        elif isinstance(block, QRCode):
            _qr(printer, block, paper)
        elif isinstance(block, Barcode):
            _barcode(printer, block, paper)
        elif isinstance(block, Logo):
            _logo(printer, block, paper)
        elif isinstance(block, Feed):
            if block.lines > 0:
                printer.print_and_feed(min(block.lines, 255))
        elif isinstance(block, Cut):
            # python-escpos feeds six lines first: the cutter sits above the
            # print head, so without the feed it would cut through the last lines.
            printer.cut(mode="PART" if block.partial else "FULL")
        elif isinstance(block, DrawerKick):
            printer._raw(drawer_kick_bytes(block.pin, block.pulse_ms))
    return bytes(printer.output)


def drawer_kick_bytes(pin: int, pulse_ms: int) -> bytes:
    """ESC p: a pulse of ``pulse_ms`` on drawer connector pin 2 or 5.

    The pulse is given in 2 ms units (1-255, so 2-510 ms); the off time is
    made the same, the minimum Epson asks for."""
    if pin not in (2, 5):
        raise ValueError(f"cash drawer pin must be 2 or 5, not {pin}")
    units = max(1, min(255, round(pulse_ms / 2)))
    return b"\x1bp" + bytes((0 if pin == 2 else 1, units, units))


def printed_width(char: str) -> int:
    """Columns ``char`` takes on paper in Chinese mode: ASCII is 12 dots wide
    (one column); the printer draws every other character from its 24-dot
    Chinese font (two columns)."""
    return 1 if ord(char) < 0x80 else 2


def _dummy(paper: Paper) -> Any:
    printer = Dummy()
    # The profile's data is shared by every printer of its class; ours gets a
    # copy that knows the paper width, which python-escpos needs to centre
    # images (and without which it prints a complaint to stdout).
    data = copy.deepcopy(printer.profile.profile_data)
    data["media"]["width"] = {"mm": paper.width_mm, "pixels": paper.dots}
    data["media"]["dpi"] = 203
    printer.profile.profile_data = data
    return printer


def _style(printer: Any, align: Align, bold: bool, wide: bool = False, tall: bool = False) -> None:
    # GS ! rather than ESC !: ESC ! sizes only single-byte characters, and
    # FS ! only Chinese ones; GS ! sizes both.
    printer.set(
        align=align.value,
        bold=bold,
        custom_size=True,
        width=2 if wide else 1,
        height=2 if tall else 1,
    )


def _lines(printer: Any, lines: list[str]) -> None:
    for line in lines:
        printer._raw(line.encode(ENCODING, errors="replace") + b"\n")


def _text(printer: Any, block: Text, paper: Paper) -> None:
    _style(printer, block.align, block.bold, block.wide, block.tall)
    width = paper.columns // 2 if block.wide else paper.columns
    # Lines go out unpadded: ESC a makes the printer centre or right-align each
    # line by dots, which stays exact for odd gaps and double-width text.
    _lines(printer, _lay_out(wrap, _clean(block.text), width=width))


def _clean(text: str) -> str:
    """Control characters in data (a show name, a template) would be commands
    to the printer: ESC p in a customer's name would open the drawer."""
    return "".join(c if c == "\n" or unicodedata.category(c) != "Cc" else " " for c in text)


def _lay_out(layout: Callable[..., list[str]], *texts: str, width: int) -> list[str]:
    """Run a ``printing.width`` layout on ``texts`` measured as the printer measures.

    ``printing.width`` counts East Asian "ambiguous" characters (— · × “ ” … ° é)
    as one column, as a terminal does; the printer draws them two columns wide
    (see `printed_width`). They are swapped for wide stand-ins during the layout
    and swapped back after, so no line overflows the paper."""
    odd = sorted({c for t in texts for c in t if printed_width(c) != char_width(c)})
    if not odd:
        return layout(*texts, width)
    used = set("".join(texts))
    # Hangul syllables: wide, and never on a Chinese box office's paper.
    stand_ins = [c for c in map(chr, range(0xAC00, 0xD7A4)) if c not in used][: len(odd)]
    there = str.maketrans(dict(zip(odd, stand_ins, strict=True)))
    back = str.maketrans(dict(zip(stand_ins, odd, strict=True)))
    return [line.translate(back) for line in layout(*(t.translate(there) for t in texts), width)]


def _qr(printer: Any, block: QRCode, paper: Paper) -> None:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_L, border=0)
    code.add_data(block.data)
    code.make(fit=True)
    # A printer leaves out a code wider than the paper; shrink the modules
    # instead (the image form adds a one-module border each side).
    size = max(1, min(block.size, 16, paper.dots // (code.modules_count + 2)))
    printer.set(align="center")
    if not paper.qr_native:
        printer.qr(block.data, size=size, center=True)
        return
    # A scanner needs four modules of blank paper around the code, and a
    # printer draws the code without them (the image form brings its own).
    quiet = b"\x1bJ" + bytes((min(255, 4 * size),))
    printer._raw(quiet)
    printer.qr(block.data, size=size, native=True)
    printer._raw(quiet)


def _barcode(printer: Any, block: Barcode, paper: Paper) -> None:
    symbology = "".join(c for c in block.symbology.upper() if c.isalnum())
    names = {"".join(c for c in name if c.isalnum()): name for name in BARCODE_TYPE_B}
    if symbology not in names:
        raise ValueError(f"unsupported barcode symbology {block.symbology!r}")
    name = names[symbology]
    data = block.data
    module = 2
    if name == "CODE128":
        # Code set C packs two digits a symbol: half as wide for the digit-only
        # codes tickets carry; set B takes any printable ASCII.
        if data.isdigit() and len(data) % 2 == 0:
            data = "{C" + "".join(chr(int(data[i : i + 2])) for i in range(0, len(data), 2))
        else:
            data = "{B" + data
        symbols = len(data) - 2
        if (11 * (symbols + 3) + 2) * 3 <= paper.dots:
            module = 3
    # _hw_barcode rather than barcode(): the public method prints "Using hardware
    # barcode renderer" to stdout on every call.
    try:
        printer._hw_barcode(data, name, BARCODE_HEIGHT, module, "BELOW", "A", True, "B", True)
    except Exception as exc:  # python-escpos raises its own untyped errors
        raise ValueError(f"barcode {block.data!r} cannot be printed as {name}: {exc}") from exc


def _logo(printer: Any, block: Logo, paper: Paper) -> None:
    try:
        with Image.open(block.path) as source:
            image = source.convert("RGBA")
    except OSError as exc:
        # The ticket matters more than the logo: print without it, but say so.
        log.warning("logo %s not printed: %s", block.path, exc)
        return
    if image.width > paper.dots:
        height = max(1, round(image.height * paper.dots / image.width))
        image = image.resize((paper.dots, height), Image.Resampling.LANCZOS)
    printer.image(image, center=True)
