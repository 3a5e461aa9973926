"""A printable seat chart (PDF, reportlab): the stage, every seat in its zone's
colour, row labels at both ends of each row, seat numbers when they fit, and a
legend of zones (with prices when given) and seat kinds.

Chinese text uses printing.fonts (an embedded TrueType CJK font where the
system has one).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from boxoffice.money import format_fen
from printing.fonts import pdf_cjk_font

from .layout import Layout, SeatKind, Section

KIND_MARK = {
    SeatKind.WHEELCHAIR: "轮",
    SeatKind.COMPANION: "陪",
    SeatKind.RESTRICTED_VIEW: "限",
    SeatKind.NOT_FOR_SALE: "×",
}
KIND_NAME = {
    SeatKind.WHEELCHAIR: "轮椅位",
    SeatKind.COMPANION: "陪同座",
    SeatKind.RESTRICTED_VIEW: "视线受限",
    SeatKind.NOT_FOR_SALE: "不售",
}
GREY = HexColor("#bbbbbb")


def export_pdf(
    layout: Layout,
    out: Path | BinaryIO,
    *,
    prices: Mapping[str, int] | None = None,
    title: str | None = None,
) -> None:
    """Write the seat chart of ``layout`` as a one-page PDF (A4 or A3 landscape)."""
    font = pdf_cjk_font()
    left, top, right, bottom = _bounds(layout)
    width, height = right - left, bottom - top
    page = landscape(A4 if width * height <= 120 * 80 else A3)
    margin, legend_h, title_h = 28.0, 54.0, 30.0
    avail_w = page[0] - 2 * margin
    avail_h = page[1] - 2 * margin - legend_h - title_h
    cell = min(avail_w / width, avail_h / height)
    origin_x = margin + (avail_w - cell * width) / 2
    origin_y = page[1] - margin - title_h - (avail_h - cell * height) / 2

    def at(x: float, y: float) -> tuple[float, float]:
        """Hall coordinates (cells, y down) to page points (y up)."""
        return origin_x + (x - left) * cell, origin_y - (y - top) * cell

    canvas = Canvas(out if isinstance(out, BinaryIO) else str(out), pagesize=page)
    canvas.setTitle(title or layout.name)
    canvas.setFont(font, 16)
    canvas.drawString(margin, page[1] - margin - 16, title or layout.name)
    canvas.setFont(font, 9)
    canvas.drawRightString(
        page[0] - margin,
        page[1] - margin - 14,
        f"{layout.seat_count} 座  版本 {layout.version}",
    )

    stage = layout.stage
    sx, sy = at(stage.x, stage.y)
    canvas.setFillColor(HexColor("#444444"))
    canvas.rect(sx, sy - stage.height * cell, stage.width * cell, stage.height * cell, 0, 1)
    canvas.setFillColor(white)
    canvas.setFont(font, max(8.0, min(20.0, stage.height * cell * 0.5)))
    canvas.drawCentredString(
        sx + stage.width * cell / 2, sy - stage.height * cell * 0.65, stage.label
    )

    colours = {z.key: HexColor(z.colour) for z in layout.zones}
    for section in layout.sections:
        _draw_section(canvas, font, section, at, cell, colours)

    _legend(canvas, font, layout, prices, colours, margin, margin + legend_h - 12, page[0] - margin)
    canvas.showPage()
    canvas.save()


def _draw_section(
    canvas: Canvas,
    font: str,
    section: Section,
    at: Callable[[float, float], tuple[float, float]],
    cell: float,
    colours: dict[str, Color],
) -> None:
    nx, ny = at(section.x, section.y)
    canvas.setFillColor(black)
    canvas.setFont(font, max(6.0, min(12.0, cell * 1.2)))
    canvas.drawString(nx, ny + max(3.0, cell * 0.3), section.name)
    pad = cell * 0.12
    text_size = cell * 0.45
    rows: dict[int, list[int]] = {}
    labels: dict[int, Counter[str]] = {}
    for seat in section.seats:
        x, y = at(section.x + seat.x, section.y + seat.y)
        fill = GREY if seat.kind is SeatKind.NOT_FOR_SALE else colours.get(seat.zone, GREY)
        canvas.setFillColor(fill)
        canvas.setStrokeColor(HexColor("#1f4e9e") if seat.kind is SeatKind.WHEELCHAIR else fill)
        canvas.roundRect(x + pad, y - cell + pad, cell - 2 * pad, cell - 2 * pad, cell * 0.18, 1, 1)
        mark = KIND_MARK.get(seat.kind)
        if text_size >= 3:
            canvas.setFillColor(white)
            canvas.setFont(font, text_size)
            canvas.drawCentredString(x + cell / 2, y - cell * 0.66, mark or str(seat.number))
        rows.setdefault(seat.y, []).append(seat.x)
        labels.setdefault(seat.y, Counter())[seat.row] += 1
    canvas.setFillColor(black)
    canvas.setFont(font, max(4.0, min(9.0, cell * 0.55)))
    for y, xs in rows.items():
        if len(labels[y]) > 1:
            continue  # boxes and the like: a grid row of several rows, seats say it
        label = next(iter(labels[y]))
        lx, ly = at(section.x + min(xs), section.y + y)
        rx, _ = at(section.x + max(xs) + 1, section.y + y)
        canvas.drawRightString(lx - cell * 0.2, ly - cell * 0.7, label)
        canvas.drawString(rx + cell * 0.2, ly - cell * 0.7, label)


def _legend(
    canvas: Canvas,
    font: str,
    layout: Layout,
    prices: Mapping[str, int] | None,
    colours: dict[str, Color],
    x: float,
    y: float,
    right: float,
) -> None:
    canvas.setFont(font, 9)
    used = {s.zone for _, s in layout.seats()}
    kinds = {s.kind for _, s in layout.seats()}
    entries: list[tuple[Color, str, str]] = []
    for zone in layout.zones:
        if zone.key in used:
            text = zone.name
            if prices is not None and zone.key in prices:
                text += " " + format_fen(prices[zone.key])
            entries.append((colours[zone.key], "", text))
    entries += [(GREY, KIND_MARK[k], KIND_NAME[k]) for k in KIND_MARK if k in kinds]
    cx = x
    for colour, mark, text in entries:
        width = 22 + pdfmetrics.stringWidth(text, font, 9) + 16
        if cx + width > right:
            cx, y = x, y - 16
        canvas.setFillColor(colour)
        canvas.roundRect(cx, y - 2, 12, 12, 2, 0, 1)
        if mark:
            canvas.setFillColor(white)
            canvas.drawCentredString(cx + 6, y + 1, mark)
        canvas.setFillColor(black)
        canvas.drawString(cx + 17, y + 1, text)
        cx += width


def _bounds(layout: Layout) -> tuple[float, float, float, float]:
    """Left, top, right, bottom of everything drawn, in hall cells, with room for labels."""
    boxes = [(s.x, s.y, s.x + s.columns, s.y + s.rows) for s in layout.sections]
    st = layout.stage
    boxes.append((st.x, st.y, st.x + st.width, st.y + st.height))
    left = min(b[0] for b in boxes) - 3
    top = min(b[1] for b in boxes) - 2
    right = max(b[2] for b in boxes) + 3
    bottom = max(b[3] for b in boxes) + 1
    return left, top, right, bottom
