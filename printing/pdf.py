"""Documents as PDF: ticket stock, receipt rolls and A4 print-at-home.

The same document a thermal printer gets, drawn with reportlab in a CJK font
(printing.fonts), so the text of a PDF ticket can be searched and extracted.
Codes are vector drawings (reportlab's own QR and Code 128), sharp at any
printer resolution.

Stocks:

* ``TICKET`` — 80 mm wide ticket stock, one ticket per page, as long as it
  needs (thermal ticket printers driven through the system spooler);
* ``RECEIPT`` — the same on a receipt roll;
* ``A4`` — print-at-home: each document on its own A4 page in a framed
  80 mm column, with a cut line.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import code128, qr
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4 as A4_SIZE
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from .document import (
    Align,
    Barcode,
    Block,
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
from .fonts import pdf_cjk_font


@dataclass(frozen=True)
class Stock:
    name: str
    width: float  # of the printed column, points
    page: tuple[float, float] | None  # None: as long as the document


TICKET = Stock("ticket", 80 * mm, None)
RECEIPT = Stock("receipt", 80 * mm, None)
A4 = Stock("a4", 80 * mm, A4_SIZE)

_MARGIN = 4 * mm
_SIZE = 9.0  # points; a 48-column receipt line at 80 mm
_BIG = 1.7


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for char in paragraph:
            if line and pdfmetrics.stringWidth(line + char, font, size) > width:
                lines.append(line)
                line = char.lstrip()
            else:
                line += char
        lines.append(line)
    return lines


class _Painter:
    """Lays blocks out top-down in a column; with ``canvas`` None it only measures."""

    def __init__(self, canvas: Canvas | None, left: float, top: float, width: float) -> None:
        self.canvas = canvas
        self.left = left
        self.y = top
        self.width = width
        self.font = pdf_cjk_font()

    def block(self, block: Block) -> None:
        if isinstance(block, Text):
            size = _SIZE * (_BIG if block.wide or block.tall else 1)
            for line in _wrap(block.text, self.font, size, self.width):
                self._text(line, size, block.align, block.bold)
        elif isinstance(block, Columns):
            self._columns(block)
        elif isinstance(block, Separator):
            self.y -= _SIZE * 0.7
            if self.canvas:
                self.canvas.setDash(2, 2) if block.char == "-" else self.canvas.setDash()
                self.canvas.line(self.left, self.y, self.left + self.width, self.y)
                self.canvas.setDash()
            self.y -= _SIZE * 0.7
        elif isinstance(block, QRCode):
            side = min(32 * mm, self.width)
            widget = qr.QrCodeWidget(block.data, barLevel="M")
            x0, y0, x1, y1 = widget.getBounds()
            drawing = Drawing(
                side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0]
            )
            drawing.add(widget)
            self._drawing(drawing, side, side)
        elif isinstance(block, Barcode):
            symbol = code128.Code128(
                block.data, barHeight=10 * mm, barWidth=0.9, humanReadable=True
            )
            drawing = Drawing(symbol.width, symbol.height + 4)
            drawing.add(symbol)  # type: ignore[arg-type]  # a Widget is drawable; the stubs say no
            self._drawing(drawing, symbol.width, symbol.height + 4)
        elif isinstance(block, Logo):
            self._logo(block.path)
        elif isinstance(block, Feed):
            self.y -= _SIZE * 1.4 * block.lines
        elif isinstance(block, Cut | DrawerKick):
            pass  # paper is cut by hand at the page edge; a PDF has no drawer

    def _text(self, line: str, size: float, align: Align, bold: bool) -> None:
        self.y -= size * 1.35
        if not self.canvas:
            return
        width = pdfmetrics.stringWidth(line, self.font, size)
        x = self.left
        if align == Align.CENTER:
            x += (self.width - width) / 2
        elif align == Align.RIGHT:
            x += self.width - width
        self.canvas.setFont(self.font, size)
        text = self.canvas.beginText(x, self.y)
        text.setFont(self.font, size)
        # The CJK fonts have no bold face: fill and stroke the outline instead.
        text.setTextRenderMode(2 if bold else 0)
        text.textOut(line)
        self.canvas.setLineWidth(0.3)
        self.canvas.drawText(text)

    def _columns(self, block: Columns) -> None:
        right_w = pdfmetrics.stringWidth(block.right, self.font, _SIZE)
        room = max(self.width - right_w - _SIZE, self.width / 3)
        lefts = _wrap(block.left, self.font, _SIZE, room)
        self._text(lefts[0], _SIZE, Align.LEFT, block.bold)
        if self.canvas:
            self.canvas.setFont(self.font, _SIZE)
            self.canvas.drawRightString(self.left + self.width, self.y, block.right)
        for line in lefts[1:]:
            self._text(line, _SIZE, Align.LEFT, block.bold)

    def _drawing(self, drawing: Drawing, width: float, height: float) -> None:
        self.y -= height + 2
        if self.canvas:
            renderPDF.draw(drawing, self.canvas, self.left + (self.width - width) / 2, self.y)
        self.y -= 2

    def _logo(self, path: str) -> None:
        from reportlab.lib.utils import ImageReader

        try:
            image = ImageReader(path)
        except OSError:
            return  # a missing logo file must not stop a ticket from printing
        iw, ih = image.getSize()
        width = min(self.width, 40 * mm)
        height = width * ih / iw
        self.y -= height + 2
        if self.canvas:
            self.canvas.drawImage(
                image, self.left + (self.width - width) / 2, self.y, width, height, mask="auto"
            )


def _height(doc: Document, width: float) -> float:
    painter = _Painter(None, 0, 0, width)
    for block in doc.blocks:
        painter.block(block)
    return -painter.y


def render_pdf(docs: Sequence[Document], stock: Stock = TICKET) -> bytes:
    """One page per document on ``stock``."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=stock.page or (stock.width + 2 * _MARGIN, 100))
    canvas.setTitle(docs[0].title if docs else "")
    canvas.setCreator("BoxOffice")
    for doc in docs:
        body = _height(doc, stock.width)
        if stock.page is None:
            page_w, page_h = stock.width + 2 * _MARGIN, body + 2 * _MARGIN
            left, top = _MARGIN, page_h - _MARGIN
        else:
            page_w, page_h = stock.page
            left, top = (page_w - stock.width) / 2, page_h - 25 * mm
            canvas.setDash(3, 3)
            canvas.rect(
                left - _MARGIN, top - body - _MARGIN, stock.width + 2 * _MARGIN, body + 2 * _MARGIN
            )
            canvas.setDash()
        canvas.setPageSize((page_w, page_h))
        painter = _Painter(canvas, left, top, stock.width)
        for block in doc.blocks:
            painter.block(block)
        canvas.showPage()
    canvas.save()
    return out.getvalue()
