"""ESC/POS bytes read back as a thermal printer reads them, and drawn as paper.

`decode` follows an Epson-compatible receipt printer through a job: styles,
alignment by dots, lines wrapped when they outgrow the paper, Chinese
(GB18030) or code page (CP437 by default) text, QR codes, barcodes, raster
images, cuts, drawer pulses and status requests. It exists so tests and the
virtual printer can check what a *printer* makes of our bytes rather than what
we meant to send; `render_paper_png` draws the same reading as a picture of the
paper.

``Decoded.lines`` is the job as a person reads the paper, top to bottom, one
entry per printed line (trailing spaces stripped; blank lines and feeds are
vertical space and have no entry). Things that are not text get one entry each:

==============================  ==========================================
``[QR] <data>``                 a QR code printed by the printer (GS ( k)
``[BARCODE] <text>``            a barcode; ``<text>`` is its human-readable
                                text (Code 128 code-set marks removed)
``[BARCODE too wide] <text>``   a barcode wider than the paper: not printed
``[IMAGE WxH]``                 a raster image, W×H printed dots
``[CUT]`` / ``[CUT partial]``   a full or partial cut
``[DRAWER pin=2 pulse=100ms]``  a cash drawer pulse (ESC p, DLE DC4)
==============================  ==========================================

The printer modelled: 203 dpi, font A 12×24 dots (a Chinese character 24×24),
font B 9×17, line spacing 30 dots, Chinese mode off after ESC @ (FS & turns it
on), GB18030 in Chinese mode. As on Epson printers, ESC a, GS L and GS W work
only at the start of a line, and images, codes and cuts sent while a line is
half filled are ignored, as are codes too big for the paper (all listed in
``Decoded.ignored``). Text left in the line buffer when the job ends is not
printed: a printer waits for the line feed. Anything not understood lands in
``Decoded.unknown`` and never stops the reading.
"""

from __future__ import annotations

import io
import logging
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import barcode
import qrcode
import qrcode.exceptions
from PIL import Image, ImageChops, ImageDraw, ImageFont

from .paper import PAPER_80, Paper

log = logging.getLogger(__name__)

ESC, FS, GS, DLE = 0x1B, 0x1C, 0x1D, 0x10
DEFAULT_SPACING = 30
TAB_COLUMNS = 8
# ESC t n: the code tables a Chinese printer usually has beside its Chinese font.
CODE_PAGES = {
    0: "cp437",
    2: "cp850",
    3: "cp860",
    4: "cp863",
    5: "cp865",
    16: "cp1252",
    17: "cp866",
    18: "cp852",
    19: "cp858",
}
# GS k: function A (0-6, NUL-terminated) and B (65-78, counted) symbologies.
SYMBOLOGIES = {
    0: "UPC-A",
    1: "UPC-E",
    2: "EAN13",
    3: "EAN8",
    4: "CODE39",
    5: "ITF",
    6: "CODABAR",
    72: "CODE93",
    73: "CODE128",
    74: "GS1-128",
    75: "GS1 DATABAR OMNIDIRECTIONAL",
    76: "GS1 DATABAR TRUNCATED",
    77: "GS1 DATABAR LIMITED",
    78: "GS1 DATABAR EXPANDED",
}
QR_ERROR_LEVELS = {
    48: qrcode.constants.ERROR_CORRECT_L,
    49: qrcode.constants.ERROR_CORRECT_M,
    50: qrcode.constants.ERROR_CORRECT_Q,
    51: qrcode.constants.ERROR_CORRECT_H,
}
# Commands skipped with a known number of parameter bytes: recorded as
# unknown, but the bytes after them are read as a printer would.
ESC_ARGS = {
    ord("c"): 2,  # ESC c 3 n / c 4 n / c 5 n: paper sensors, panel buttons
    ord("="): 1,
    ord("{"): 1,
    ord("V"): 1,
    ord("r"): 1,
    ord("U"): 1,
    ord("%"): 1,
    ord("?"): 1,
    ord("T"): 1,
    ord("e"): 1,
    ord("K"): 1,
    ord("B"): 2,  # buzzer on Chinese printers
    ord("L"): 0,
    ord("S"): 0,
    ord("W"): 8,
}
GS_ARGS = {
    ord("a"): 1,
    ord("r"): 1,
    ord("I"): 1,
    ord("P"): 2,
    ord("/"): 1,
    ord(":"): 0,
    ord("^"): 3,
    ord("E"): 1,
    ord("T"): 1,
    ord("$"): 2,
    ord("\\"): 2,
    ord("b"): 1,
    ord("|"): 1,
    ord("Z"): 1,
    ord("g"): 2,
    ord("z"): 1,
}
FS_ARGS = {ord("C"): 1, ord("-"): 1, ord("S"): 2, ord("W"): 1, ord("p"): 2, ord("?"): 2}


@dataclass(frozen=True)
class Raster:
    """A printed bit image: ``height`` rows of ``(width + 7) // 8`` bytes,
    leftmost dot in the high bit, 1 = black (as in GS v 0)."""

    width: int
    height: int
    data: bytes

    def black(self, x: int, y: int) -> bool:
        row = (self.width + 7) // 8
        return bool(self.data[y * row + x // 8] & (0x80 >> (x % 8)))


@dataclass
class Decoded:
    """One job as the printer read it (see the module doc for ``lines``)."""

    lines: list[str] = field(default_factory=list)
    qr_codes: list[str] = field(default_factory=list)
    barcodes: list[str] = field(default_factory=list)
    images: list[Raster] = field(default_factory=list)
    cuts: int = 0
    drawer_kicks: list[tuple[int, int]] = field(default_factory=list)  # (pin, pulse ms)
    status_requests: list[int] = field(default_factory=list)  # DLE EOT n
    unknown: list[bytes] = field(default_factory=list)
    ignored: list[bytes] = field(default_factory=list)
    #: False when the job did not reach the printer whole (set by whoever
    #: received it, such as the virtual printer when the connection dropped).
    complete: bool = True
    raw: bytes = b""

    def text(self) -> str:
        return "\n".join(self.lines)


def decode(data: bytes, paper: Paper = PAPER_80) -> Decoded:
    """Read ``data`` as a printer loaded with ``paper`` would."""
    return _Reader(data, paper).run().decoded


def render_paper_png(data: bytes, paper: Paper) -> bytes:
    """A PNG of the paper that comes out of a printer given ``data``:
    ``paper.dots`` wide, one pixel a printer dot."""
    reader = _Reader(data, paper).run()
    return _draw(reader.items, paper)


# --- reading -----------------------------------------------------------------


@dataclass
class _Glyph:
    char: str
    width: int  # dots on paper, magnification included
    height: int
    double_byte: bool
    scale_x: int
    scale_y: int
    bold: bool
    underline: int
    reverse: bool
    bitmap: Image.Image | None = None  # ESC * bands sit in the line like characters


@dataclass
class _Row:
    """A printed line of characters."""

    x: int
    glyphs: list[_Glyph]
    height: int
    advance: int


@dataclass
class _Picture:
    """Dots printed as a block: an image, a QR code, a barcode's bars.
    ``bitmap`` is mode "L", 0 black; ``column`` marks ESC * bands, which
    join the band above them into one image."""

    x: int
    bitmap: Image.Image
    column: bool = False
    line: int = -1  # its entry in Decoded.lines, for a column image still growing

    @property
    def advance(self) -> int:
        return int(self.bitmap.height)


@dataclass
class _Feed:
    advance: int


@dataclass
class _CutMark:
    partial: bool
    advance: int = 0


_Item = _Row | _Picture | _Feed | _CutMark


class _Truncated(Exception):
    """The job ends inside a command."""


class _Reader:
    def __init__(self, data: bytes, paper: Paper) -> None:
        self.data = data
        self.paper = paper
        self.pos = 0
        self.decoded = Decoded(raw=data)
        self.items: list[_Item] = []
        self.line: list[_Glyph] = []
        self.used = 0  # dots of the line filled
        self.reset()

    def reset(self) -> None:
        """ESC @: modes back to power-on, the line buffer emptied."""
        self.chinese = False
        self.code_page = "cp437"
        self.align = 0
        self.bold = False
        self.underline = 0
        self.reverse = False
        self.font_b = False
        self.ank = (1, 1)  # width, height magnification of single-byte characters
        self.kanji = (1, 1)
        self.ank_spacing = 0
        self.spacing = DEFAULT_SPACING
        self.margin = 0
        self.area = self.paper.dots
        self.tabs = [TAB_COLUMNS * 12 * i for i in range(1, 33)]
        self.hri = 0
        self.hri_font_b = False
        self.bar_height = 162
        self.bar_module = 3
        self.qr_data: bytes | None = None
        self.qr_module = 3
        self.qr_level = qrcode.constants.ERROR_CORRECT_L
        self.graphics: Image.Image | None = None
        self.line = []
        self.used = 0

    # -- the byte stream

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise _Truncated
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]

    def word(self) -> int:
        low, high = self.take(2)
        return low | high << 8

    def run(self) -> _Reader:
        while self.pos < len(self.data):
            start = self.pos
            try:
                self.step()
            except _Truncated:
                self.decoded.unknown.append(self.data[start:])
                break
        return self

    def step(self) -> None:
        start = self.pos
        b = self.byte()
        if b == ESC:
            self.esc(start)
        elif b == GS:
            self.gs(start)
        elif b == FS:
            self.fs(start)
        elif b == DLE:
            self.dle(start)
        elif b in (0x0A, 0x0C):
            self.print_line(self.spacing)
        elif b == 0x0D:
            pass  # CR without auto line feed does nothing
        elif b == 0x09:
            self.tab()
        elif b < 0x20 or b == 0x7F:
            self.decoded.unknown.append(bytes((b,)))
        elif self.chinese and b >= 0x80:
            self.double_byte(b)
        else:
            self.put(bytes((b,)).decode(self.code_page, errors="replace"), double_byte=False)

    def double_byte(self, lead: int) -> None:
        """A GB18030 character: two bytes, or four when the second is a digit."""
        code = self.data[self.pos - 1 : self.pos + 3]
        if len(code) < 2:
            raise _Truncated
        second = code[1]
        if 0x30 <= second <= 0x39:
            if len(code) < 4:
                raise _Truncated
            size = 4 if 0x81 <= code[2] <= 0xFE and 0x30 <= code[3] <= 0x39 else 0
        else:
            size = 2 if 0x40 <= second <= 0xFE and second != 0x7F else 0
        if not 0x81 <= lead <= 0xFE or not size:
            # Not a character the printer's font has: a gap where it would be.
            self.put("\ufffd", double_byte=False)
            return
        self.pos += size - 1
        char = code[:size].decode("gb18030", errors="replace")
        self.put(char if len(char) == 1 else "\ufffd", double_byte=True)

    # -- characters and lines

    def put(self, char: str, *, double_byte: bool) -> None:
        if double_byte:
            sx, sy = self.kanji
            width, height = 24 * sx, 24 * sy
        else:
            sx, sy = self.ank
            width = ((9 if self.font_b else 12) + self.ank_spacing) * sx
            height = (17 if self.font_b else 24) * sy
        self.place(
            _Glyph(
                char, width, height, double_byte, sx, sy, self.bold, self.underline, self.reverse
            )
        )

    def place(self, glyph: _Glyph) -> None:
        if glyph.width > self.area:
            return  # wider than the print area: a printer drops it
        if self.used + glyph.width > self.area:
            self.print_line(self.spacing)  # the line is full: print it, go on below
        self.line.append(glyph)
        self.used += glyph.width

    def blank(self, width: int) -> None:
        if width > 0:
            spaces = " " * max(1, round(width / 12))
            self.line.append(_Glyph(spaces, width, 24, False, 1, 1, False, 0, self.reverse))
            self.used += width

    def tab(self) -> None:
        stop = next((t for t in self.tabs if t > self.used), None)
        if stop is not None and stop <= self.area:
            self.blank(stop - self.used)

    def print_line(self, feed: int) -> None:
        """Print the line buffer (LF, ESC d, ESC J, a full line) and feed."""
        if not self.line:
            self.items.append(_Feed(feed))
            return
        glyphs, self.line, width, self.used = self.line, [], self.used, 0
        height = max(g.height for g in glyphs)
        if len(glyphs) == 1 and glyphs[0].bitmap is not None:
            self.picture(glyphs[0].bitmap, column=True, x=self.left(width))
            if feed > height:
                self.items.append(_Feed(feed - height))
            return
        self.items.append(_Row(self.left(width), glyphs, height, max(feed, height)))
        text = "".join(g.char for g in glyphs if g.bitmap is None).rstrip()
        if text:
            self.decoded.lines.append(text)

    def left(self, width: int) -> int:
        """Where a line (or image, or code) ``width`` dots wide starts on the paper."""
        gap = max(0, self.area - width)
        return self.margin + (gap // 2 if self.align == 1 else gap if self.align == 2 else 0)

    def at_line_start(self, start: int) -> bool:
        if self.line:
            self.decoded.ignored.append(self.data[start : self.pos])
            return False
        return True

    def picture(self, bitmap: Image.Image, *, column: bool = False, x: int | None = None) -> None:
        width = min(int(bitmap.width), self.area)
        bitmap = bitmap.crop((0, 0, width, bitmap.height))  # a printer drops what overflows
        if x is None:
            x = self.left(width)
        last = self.items[-1] if self.items else None
        if column and isinstance(last, _Picture) and last.column and last.x == x:
            joined = Image.new("L", (max(last.bitmap.width, width), last.advance + bitmap.height))
            joined.paste(255, (0, 0, joined.width, joined.height))
            joined.paste(last.bitmap, (0, 0))
            joined.paste(bitmap, (0, last.advance))
            last.bitmap = joined
            self.decoded.images[-1] = _raster(joined)
            self.decoded.lines[last.line] = f"[IMAGE {joined.width}x{joined.height}]"
            return
        self.items.append(_Picture(x, bitmap, column, len(self.decoded.lines)))
        self.decoded.images.append(_raster(bitmap))
        self.decoded.lines.append(f"[IMAGE {width}x{bitmap.height}]")

    # -- ESC

    def esc(self, start: int) -> None:
        c = self.byte()
        if c == ord("@"):
            self.reset()
        elif c == ord("!"):
            n = self.byte()
            self.font_b = bool(n & 0x01)
            self.bold = bool(n & 0x08)
            self.ank = (2 if n & 0x20 else 1, 2 if n & 0x10 else 1)
            self.underline = 1 if n & 0x80 else 0
        elif c in (ord("E"), ord("G")):
            self.bold = bool(self.byte() & 1)
        elif c == ord("-"):
            self.underline = min(self.byte() % 48, 2)
        elif c == ord("a"):
            n = self.byte() % 48
            if self.at_line_start(start) and n <= 2:
                self.align = n
        elif c == ord("d"):
            self.print_line(self.byte() * self.spacing)
        elif c == ord("J"):
            self.print_line(self.byte())
        elif c == ord("2"):
            self.spacing = DEFAULT_SPACING
        elif c == ord("3"):
            self.spacing = self.byte()
        elif c == ord("t"):
            self.code_page = CODE_PAGES.get(self.byte(), "cp437")
        elif c == ord("R"):
            self.byte()  # international character set: a few ASCII symbols only
        elif c == ord("M"):
            self.font_b = self.byte() % 48 == 1
        elif c == ord(" "):
            self.ank_spacing = self.byte()
        elif c == ord("$"):
            to = self.word()
            if to <= self.area and to > self.used:
                self.blank(to - self.used)
        elif c == ord("\\"):
            step = self.word()
            step = step - 0x10000 if step & 0x8000 else step
            if step > 0 and self.used + step <= self.area:
                self.blank(step)
        elif c == ord("D"):
            stops: list[int] = []
            while (n := self.byte()) != 0:
                stops.append(n * 12)
            self.tabs = sorted(stops)
        elif c == ord("*"):
            self.column_image()
        elif c == ord("p"):
            pin, t1, _t2 = self.take(3)
            if pin % 48 in (0, 1):
                self.drawer(2 if pin % 48 == 0 else 5, t1 * 2)
            else:
                self.decoded.unknown.append(self.data[start : self.pos])
        elif c in (ord("i"), ord("m")):
            self.cut(start, partial=c == ord("m"), feed=0)
        elif c == ord("&"):
            self.user_characters(start)
        elif c == ord("("):
            self.take(1)
            self.take(self.word())
            self.decoded.unknown.append(self.data[start : self.pos])
        elif c in ESC_ARGS:
            self.take(ESC_ARGS[c])
            self.decoded.unknown.append(self.data[start : self.pos])
        else:
            self.decoded.unknown.append(self.data[start : self.pos])

    def column_image(self) -> None:
        mode = self.byte()
        columns = self.word()
        band = 3 if mode in (32, 33) else 1
        data = self.take(columns * band)
        image = Image.new("L", (columns, band * 8), 255)
        pixels = image.load()
        assert pixels is not None
        for x in range(columns):
            for k in range(band):
                byte = data[x * band + k]
                for bit in range(8):
                    if byte & (0x80 >> bit):
                        pixels[x, k * 8 + bit] = 0
        # Single density doubles each column; 8-dot bands are a third as
        # dense vertically as the 24-dot ones.
        scale_x = 2 if mode in (0, 32) else 1
        scale_y = 3 if band == 1 else 1
        image = image.resize((columns * scale_x, band * 8 * scale_y), Image.Resampling.NEAREST)
        self.place(_Glyph("", image.width, image.height, False, 1, 1, False, 0, False, image))

    def user_characters(self, start: int) -> None:
        height, first, last = self.take(3)
        for _ in range(max(0, last - first + 1)):
            self.take(height * self.byte())
        self.decoded.unknown.append(self.data[start : self.pos])

    def drawer(self, pin: int, pulse_ms: int) -> None:
        self.decoded.drawer_kicks.append((pin, pulse_ms))
        self.decoded.lines.append(f"[DRAWER pin={pin} pulse={pulse_ms}ms]")

    def cut(self, start: int, *, partial: bool, feed: int) -> None:
        if not self.at_line_start(start):
            return
        if feed:
            self.items.append(_Feed(feed))
        self.items.append(_CutMark(partial))
        self.decoded.cuts += 1
        self.decoded.lines.append("[CUT partial]" if partial else "[CUT]")

    # -- GS

    def gs(self, start: int) -> None:
        c = self.byte()
        if c == ord("!"):
            n = self.byte()
            size = ((n >> 4 & 7) + 1, (n & 7) + 1)
            self.ank = self.kanji = size
        elif c == ord("B"):
            self.reverse = bool(self.byte() & 1)
        elif c == ord("H"):
            self.hri = self.byte() % 48
        elif c == ord("f"):
            self.hri_font_b = self.byte() % 48 == 1
        elif c == ord("h"):
            self.bar_height = max(1, self.byte())
        elif c == ord("w"):
            self.bar_module = max(1, min(6, self.byte()))
        elif c in (ord("L"), ord("W")):
            n = self.word()
            if self.at_line_start(start):
                if c == ord("L"):
                    self.margin = min(n, self.paper.dots - 1)
                else:
                    self.area = max(1, n)
                self.area = min(self.area, self.paper.dots - self.margin)
        elif c == ord("V"):
            m = self.byte()
            if m in (0, 1, 48, 49):
                self.cut(start, partial=m % 48 == 1, feed=0)
            elif m in (65, 66, 97, 98, 103, 104):
                self.cut(start, partial=m % 2 == 0, feed=self.byte())
            else:
                self.decoded.unknown.append(self.data[start : self.pos])
        elif c == ord("k"):
            self.barcode(start)
        elif c == ord("v"):
            if self.byte() != ord("0"):
                self.decoded.unknown.append(self.data[start : self.pos])
                return
            mode, width_bytes, height = self.byte() % 48, self.word(), self.word()
            bits = self.take(width_bytes * height)
            if self.at_line_start(start) and width_bytes and height:
                image = _image(width_bytes * 8, height, bits)
                scale = (2 if mode & 1 else 1, 2 if mode & 2 else 1)
                if scale != (1, 1):
                    size = (image.width * scale[0], image.height * scale[1])
                    image = image.resize(size, Image.Resampling.NEAREST)
                self.picture(image)
        elif c == ord("("):
            kind = self.byte()
            body = self.take(self.word())
            if kind == ord("k"):
                self.two_d(start, body)
            elif kind == ord("L"):
                self.graphic(start, body)
            else:
                self.decoded.unknown.append(self.data[start : self.pos])
        elif c == ord("8"):
            if self.byte() != ord("L"):
                self.decoded.unknown.append(self.data[start : self.pos])
                return
            low = self.word()
            body = self.take(low | self.word() << 16)
            self.graphic(start, body)
        elif c == ord("*"):
            x, y = self.take(2)
            self.take(x * y * 8)
            self.decoded.unknown.append(self.data[start : self.pos])
        elif c in GS_ARGS:
            self.take(GS_ARGS[c])
            self.decoded.unknown.append(self.data[start : self.pos])
        else:
            self.decoded.unknown.append(self.data[start : self.pos])

    def two_d(self, start: int, body: bytes) -> None:
        """GS ( k: only QR codes (cn 49); other symbols are listed as unknown."""
        if len(body) < 2 or body[0] != 49:
            self.decoded.unknown.append(self.data[start : self.pos])
            return
        fn, params = body[1], body[2:]
        if fn == 67 and params:
            self.qr_module = max(1, min(16, params[0]))
        elif fn == 69 and params:
            self.qr_level = QR_ERROR_LEVELS.get(params[0], self.qr_level)
        elif fn == 80 and params:
            self.qr_data = params[1:]
        elif fn == 81:
            if self.qr_data and self.at_line_start(start):
                self.qr(start, self.qr_data)
        elif fn != 65:
            self.decoded.unknown.append(self.data[start : self.pos])

    def qr(self, start: int, data: bytes) -> None:
        """Print the stored QR code; one too big for the paper (or for any QR
        code) is left out, as printers do, and its command listed as ignored."""
        text = data.decode("utf-8", errors="replace")
        code = qrcode.QRCode(error_correction=self.qr_level, border=0)
        code.add_data(data)
        try:
            code.make(fit=True)
        except (ValueError, qrcode.exceptions.DataOverflowError):
            self.decoded.ignored.append(self.data[start : self.pos])
            return
        matrix = code.get_matrix()
        image = Image.new("L", (len(matrix), len(matrix)), 255)
        image.putdata([0 if dark else 255 for row in matrix for dark in row])
        size = image.width * self.qr_module
        if size > self.area:
            self.decoded.ignored.append(self.data[start : self.pos])
            return
        image = image.resize((size, size), Image.Resampling.NEAREST)
        self.items.append(_Picture(self.left(size), image))
        self.decoded.qr_codes.append(text)
        self.decoded.lines.append(f"[QR] {text}")

    def graphic(self, start: int, body: bytes) -> None:
        """GS ( L / GS 8 L: store a raster graphic (fn 112) and print it (fn 50)."""
        if len(body) >= 2 and body[1] in (50, 2):
            if self.graphics is not None and self.at_line_start(start):
                self.picture(self.graphics)
            return
        if len(body) >= 10 and body[1] in (112, 0x70):
            scale_x, scale_y = body[3], body[4]
            width, height = body[6] | body[7] << 8, body[8] | body[9] << 8
            row = (width + 7) // 8
            if width and height and len(body) >= 10 + row * height:
                image = _image(row * 8, height, body[10 : 10 + row * height])
                image = image.crop((0, 0, width, height))
                self.graphics = image.resize(
                    (width * (2 if scale_x == 2 else 1), height * (2 if scale_y == 2 else 1)),
                    Image.Resampling.NEAREST,
                )
                return
        self.decoded.unknown.append(self.data[start : self.pos])

    def barcode(self, start: int) -> None:
        m = self.byte()
        if m <= 6:
            end = self.data.find(b"\x00", self.pos)
            if end < 0:
                raise _Truncated
            data = self.take(end - self.pos)
            self.pos += 1
        elif 65 <= m <= 78:
            data = self.take(self.byte())
            m = m - 65 if m <= 71 else m
        else:
            self.decoded.unknown.append(self.data[start : self.pos])
            return
        if not self.at_line_start(start):
            return
        symbology = SYMBOLOGIES.get(m, "?")
        text = _hri(symbology, data)
        modules = _modules(symbology, text, data)
        width = len(modules) * self.bar_module
        if width > self.area:
            self.decoded.lines.append(f"[BARCODE too wide] {text}")
            return
        x = self.left(width)
        bars = Image.new("L", (len(modules), 1), 255)
        bars.putdata([0 if bar == "1" else 255 for bar in modules])
        bars = bars.resize((width, self.bar_height), Image.Resampling.NEAREST)
        if self.hri in (1, 3):
            self.items.append(self.hri_row(text, x, width))
        self.items.append(_Picture(x, bars))
        if self.hri in (2, 3):
            self.items.append(self.hri_row(text, x, width))
        self.decoded.barcodes.append(text)
        self.decoded.lines.append(f"[BARCODE] {text}")

    def hri_row(self, text: str, x: int, width: int) -> _Row:
        w, h = (9, 17) if self.hri_font_b else (12, 24)
        glyphs = [_Glyph(c, w, h, False, 1, 1, False, 0, False) for c in text]
        return _Row(x + max(0, (width - w * len(text)) // 2), glyphs, h, h + 4)

    # -- FS, DLE

    def fs(self, start: int) -> None:
        c = self.byte()
        if c == ord("&"):
            self.chinese = True
        elif c == ord("."):
            self.chinese = False
        elif c == ord("!"):
            n = self.byte()
            self.kanji = (2 if n & 0x04 else 1, 2 if n & 0x08 else 1)
        elif c == ord("2"):
            self.take(74)  # a user-defined Chinese character: c1 c2 and 72 bytes
            self.decoded.unknown.append(self.data[start : self.pos])
        elif c == ord("("):
            self.take(1)
            self.take(self.word())
            self.decoded.unknown.append(self.data[start : self.pos])
        elif c in FS_ARGS:
            self.take(FS_ARGS[c])
            if c != ord("C"):  # code system: GB18030 printers have one
                self.decoded.unknown.append(self.data[start : self.pos])
        else:
            self.decoded.unknown.append(self.data[start : self.pos])

    def dle(self, start: int) -> None:
        c = self.byte()
        if c == 0x04:  # EOT: real-time status request
            n = self.byte()
            if n in (7, 8):
                self.byte()
            self.decoded.status_requests.append(n)
        elif c == 0x05:  # ENQ: real-time request to recover
            self.byte()
            self.decoded.unknown.append(self.data[start : self.pos])
        elif c == 0x14:  # DC4
            fn = self.byte()
            if fn == 1:
                pin, units = self.take(2)
                self.drawer(5 if pin & 1 else 2, max(1, min(8, units)) * 100)
            else:
                self.take(2 if fn == 2 else 7 if fn == 8 else 0)
                self.decoded.unknown.append(self.data[start : self.pos])
        else:
            self.decoded.unknown.append(self.data[start : self.pos])


def _image(width: int, height: int, bits: bytes) -> Image.Image:
    # 1 bits are black dots to the printer and white to Pillow's "1" mode.
    return Image.frombytes("1", (width, height), bits, "raw", "1;I").convert("L")


def _raster(image: Image.Image) -> Raster:
    black = image.point(lambda v: 255 if v < 128 else 0).convert("1", dither=Image.Dither.NONE)
    return Raster(int(image.width), int(image.height), black.tobytes())


def _hri(symbology: str, data: bytes) -> str:
    """What a printer writes under a barcode: Code 128's code-set marks
    ({A {B {C) are commands, and code set C packs two digits a byte."""
    if symbology not in ("CODE128", "GS1-128"):
        return data.decode("ascii", errors="replace")
    out: list[str] = []
    code_set = "B"
    i = 0
    while i < len(data):
        byte = data[i]
        if byte == ord("{") and i + 1 < len(data):
            mark = chr(data[i + 1])
            i += 2
            if mark in "ABC":
                code_set = mark
            elif mark == "{":
                out.append("{")
            continue
        out.append(f"{byte:02d}" if code_set == "C" else chr(byte) if byte >= 0x20 else " ")
        i += 1
    return "".join(out)


# python-barcode's names for what GS k prints, and how many digits it wants
# (it computes the check digit itself).
_BARCODE_CLASSES = {
    "UPC-A": ("upca", 11),
    "EAN13": ("ean13", 12),
    "EAN8": ("ean8", 7),
    "CODE39": ("code39", 0),
    "ITF": ("itf", 0),
    "CODE128": ("code128", 0),
    "GS1-128": ("code128", 0),
}


def _modules(symbology: str, text: str, data: bytes) -> str:
    """The bars (1) and spaces (0) of a barcode, one character a module. When
    python-barcode cannot build the symbology, stripes of the data's bits
    stand in: the width is near and the picture says a barcode is there."""
    name, digits = _BARCODE_CLASSES.get(symbology, ("", 0))
    if name:
        try:
            kwargs = {"add_checksum": False} if name == "code39" else {}
            code = barcode.get_barcode_class(name)(text[:digits] if digits else text, **kwargs)
            return str(code.build()[0])
        except Exception:
            log.debug("python-barcode cannot draw %s %r", symbology, text)
    stripes = "".join("110" if bit == "1" else "10" for b in data for bit in f"{b:08b}")
    return "101" + stripes + "101"


# --- drawing -----------------------------------------------------------------

MARGIN = 16  # dots of blank paper drawn above and below the job

_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    os.path.join(os.environ.get("WINDIR", "C:/Windows"), "Fonts", "msyh.ttc"),
    os.path.join(os.environ.get("WINDIR", "C:/Windows"), "Fonts", "simhei.ttf"),
    os.path.join(os.environ.get("WINDIR", "C:/Windows"), "Fonts", "simsun.ttc"),
    "/System/Library/Fonts/PingFang.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
)


@cache
def cjk_font_face() -> tuple[str, int] | None:
    """The font file and face index the paper pictures draw text with:
    ``BOXOFFICE_CJK_FONT`` if set, else the first of a few known Chinese fonts
    (Noto Sans CJK, WenQuanYi, Microsoft YaHei, SimHei…). In a collection the
    Simplified Chinese face is taken, monospaced if there is one (a printer's
    font is a fixed grid). None, with a warning logged, when there is none."""
    override = os.environ.get("BOXOFFICE_CJK_FONT")
    for path in ([override] if override else []) + list(_FONT_FILES):
        if not Path(path).is_file():
            continue
        faces: list[tuple[int, int]] = []
        for index in range(16):
            try:
                family = ImageFont.truetype(path, 24, index=index).getname()[0] or ""
            except OSError:
                break
            words = family.split()
            faces.append((2 * ("SC" in words) + ("Mono" in words), -index))
        if faces:
            return path, -max(faces)[1]
    log.warning(
        "No Chinese font found for paper previews; Chinese text shows as boxes. "
        "Install Noto Sans CJK (fonts-noto-cjk) or set BOXOFFICE_CJK_FONT to a .ttf/.ttc file."
    )
    return None


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    face = cjk_font_face()
    if face is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(face[0], size, index=face[1])


@cache
def _glyph_image(char: str, width: int, height: int) -> Image.Image:
    """``char`` in a ``width``×``height`` dot cell, black on white, as the
    printer's bitmap font would put it: no grey, squeezed if the font's glyph
    is wider than the cell."""
    font = _font(max(6, round(height * 22 / 24)))
    ink = max(width, int(font.getlength(char)) + 1)
    cell = Image.new("L", (ink, height), 255)
    ImageDraw.Draw(cell).text((ink / 2, round(height * 20 / 24)), char, font=font, anchor="ms")
    if ink > width:
        cell = cell.resize((width, height), Image.Resampling.LANCZOS)
    return cell.point(lambda v: 0 if v < 140 else 255)


def _draw(items: list[_Item], paper: Paper) -> bytes:
    height = 2 * MARGIN + sum(item.advance for item in items)
    page = Image.new("L", (paper.dots, max(height, 2 * MARGIN + 1)), 255)
    y = MARGIN
    for item in items:
        if isinstance(item, _Row):
            _draw_row(page, item, y)
        elif isinstance(item, _Picture):
            page.paste(item.bitmap, (item.x, y))
        elif isinstance(item, _CutMark):
            _draw_cut(page, y, item.partial)
        y += item.advance
    out = io.BytesIO()
    page.convert("1", dither=Image.Dither.NONE).save(out, format="PNG", optimize=True)
    return out.getvalue()


def _draw_row(page: Image.Image, row: _Row, top: int) -> None:
    x = row.x
    bottom = top + row.height  # characters of a line stand on one base line
    for g in row.glyphs:
        y = bottom - g.height
        if g.bitmap is not None:
            page.paste(g.bitmap, (x, y))
        elif g.char.strip() or g.reverse or g.underline:
            cell = _cell(g)
            page.paste(cell, (x, y))
        x += g.width


def _cell(g: _Glyph) -> Image.Image:
    base_w = g.width // g.scale_x
    base_h = g.height // g.scale_y
    cell = (
        _glyph_image(g.char, base_w, base_h)
        if g.char.strip()
        else Image.new("L", (base_w, base_h), 255)
    )
    if g.bold:
        # Emphasis on a thermal printer strikes each dot twice, one dot apart.
        cell = ImageChops.darker(cell, ImageChops.offset(cell, 1, 0))
    if g.scale_x > 1 or g.scale_y > 1:
        cell = cell.resize((g.width, g.height), Image.Resampling.NEAREST)
    if g.underline:
        ImageDraw.Draw(cell).rectangle(
            (0, g.height - g.underline, g.width - 1, g.height - 1), fill=0
        )
    if g.reverse:
        cell = ImageChops.invert(cell)
    return cell


def _draw_cut(page: Image.Image, y: int, partial: bool) -> None:
    draw = ImageDraw.Draw(page)
    dash = 6 if partial else 12
    for x in range(24, page.width, 2 * dash):
        draw.line((x, y, x + dash - 1, y), fill=0, width=2)
    # A pair of scissors at the left edge, drawn so it needs no font glyph.
    draw.ellipse((2, y - 9, 9, y - 2), outline=0, width=2)
    draw.ellipse((2, y + 2, 9, y + 9), outline=0, width=2)
    draw.line((8, y - 4, 21, y + 3), fill=0, width=2)
    draw.line((8, y + 4, 21, y - 3), fill=0, width=2)
