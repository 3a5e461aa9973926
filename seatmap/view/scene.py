"""The seat map as a QGraphicsScene: one item per tile of up to 32 x 32 cells.

A tile draws all its seats of one colour with one call: ``drawRects`` with
a cached list of rectangles when zoomed out, ``drawPath`` with a cached path
of circles (and a number per seat) when zoomed in. A change of state marks
only its tile stale and invalidates only that seat's rectangle, so a sale at
another window repaints one seat, not the hall. Hit tests are grid arithmetic
per section, never a scan of the seats.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable, Mapping

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QStyleOptionGraphicsItem,
    QWidget,
)

from boxoffice.money import format_fen
from seatmap.model import Layout, Seat, SeatId, SeatKind, Section, format_label

from .states import SELECTED_COLOUR, STATE_COLOURS, SeatState, kind_name, state_name

CELL = 10.0
"""Scene units per grid cell."""
INSET = 1.0
"""Space around a seat inside its cell, in scene units."""
TILE = 32
"""A tile is at most this many cells wide and high."""
DETAIL_FROM_PX = 7.0
"""Below this many device pixels per cell, seats are plain rectangles."""
NUMBERS_FROM_PX = 16.0
"""From this many device pixels per cell, seats show their numbers."""
IMAGE_UP_TO_PX = 32.0
"""Up to this many pixels per cell a tile keeps an image of itself; closer in,
few seats show and they are drawn straight onto the view."""
IMAGE_BUDGET = 64 * 1024 * 1024
"""Bytes of tile images kept at most; the least recently drawn go first."""

_OUTLINE = QColor("#404040")
_SELECTED_OUTLINE = QColor("#000000")


def _lod_px(painter: QPainter) -> float:
    """Device pixels per cell at the painter's scale."""
    return QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform()) * CELL


class SeatTile(QGraphicsItem):
    """The seats of one tile of a section. ``paints`` counts calls of ``paint``
    (tests and the benchmark use it to prove that only stale tiles repaint).

    Zoomed out, each colour is one ``drawRects`` call over cached rectangles.
    Zoomed in, the tile draws seat sprites (a circle per colour, a number per
    seat number, made once per zoom level) into an image of its own at the
    current scale, then the frame is one ``drawImage``: anti-aliased circles
    filled as one path were a hundred times slower (140 ms for 3,600 seats).
    """

    def __init__(self, owner: SeatMapScene, section: Section, seats: list[Seat]) -> None:
        super().__init__()
        self.owner = owner
        self.section = section
        self.seats = seats
        self.paints = 0
        ox, oy = section.x * CELL, section.y * CELL
        size = CELL - 2 * INSET
        self.rects = [
            QRectF(ox + s.x * CELL + INSET, oy + s.y * CELL + INSET, size, size) for s in seats
        ]
        left = ox + min(s.x for s in seats) * CELL
        top = oy + min(s.y for s in seats) * CELL
        right = ox + (max(s.x for s in seats) + 1) * CELL
        bottom = oy + (max(s.y for s in seats) + 1) * CELL
        self._bounds = QRectF(left, top, right - left, bottom - top)
        # Caches, dropped when a seat of the tile changes colour.
        self._simple: list[tuple[QBrush, list[QRectF]]] | None = None
        self.image: QImage | None = None
        self.image_scale = 0.0

    def boundingRect(self) -> QRectF:
        return self._bounds

    def restyle(self, index: int) -> None:
        """Seat ``index`` changed colour: drop the rectangles, and redraw just
        that seat in the tile's image (a whole tile would take milliseconds)."""
        self._simple = None
        if self.image is None:
            return
        sprites = self.owner.sprites(self.image_scale)
        seat, rect = self.seats[index], self.rects[index]
        x = round((rect.x() - INSET - self._bounds.left()) * self.image_scale)
        y = round((rect.y() - INSET - self._bounds.top()) * self.image_scale)
        painter = QPainter(self.image)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.fillRect(x, y, sprites.size, sprites.size, Qt.GlobalColor.transparent)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        painter.drawImage(x, y, sprites.seat(self.owner.colour_of(seat)))
        if sprites.numbers:
            painter.drawImage(x, y, sprites.number(_seat_mark(seat)))
        painter.end()

    def restyle_all(self) -> None:
        """Every seat may have changed colour (the zones changed)."""
        self._simple = None
        if self.image is not None:
            self.owner.forget_image(self)
        self.update()

    def _build_simple(self) -> list[tuple[QBrush, list[QRectF]]]:
        colour_of = self.owner.colour_of
        groups: dict[str, list[QRectF]] = {}
        for seat, rect in zip(self.seats, self.rects, strict=True):
            groups.setdefault(colour_of(seat), []).append(rect)
        return [(QBrush(QColor(colour)), rects) for colour, rects in groups.items()]

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        self.paints += 1
        transform = painter.worldTransform()
        px = QStyleOptionGraphicsItem.levelOfDetailFromTransform(transform) * CELL
        if px < DETAIL_FROM_PX:
            if self._simple is None:
                self._simple = self._build_simple()
            painter.setPen(Qt.PenStyle.NoPen)
            for brush, rects in self._simple:
                painter.setBrush(brush)
                painter.drawRects(rects)
            return
        scale = transform.m11()
        corner = transform.map(self._bounds.topLeft())
        x, y = round(corner.x()), round(corner.y())
        painter.save()
        painter.resetTransform()
        if px <= IMAGE_UP_TO_PX:
            if self.image is None or self.image_scale != scale:
                self.image = self._render(scale)
                self.image_scale = scale
            self.owner.remember_image(self)
            painter.drawImage(x, y, self.image)
        else:  # so close that few seats show: no image, sprites straight onto the view
            self._draw_sprites(painter, scale, x, y)
        painter.restore()

    def _render(self, scale: float) -> QImage:
        width = math.ceil(self._bounds.width() * scale) + 1
        height = math.ceil(self._bounds.height() * scale) + 1
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        self._draw_sprites(painter, scale, 0, 0)
        painter.end()
        return image

    def _draw_sprites(self, painter: QPainter, scale: float, x0: int, y0: int) -> None:
        sprites = self.owner.sprites(scale)
        colour_of = self.owner.colour_of
        left, top = self._bounds.left(), self._bounds.top()
        size = sprites.size
        if painter.hasClipping():
            clip = painter.clipBoundingRect()
            cx0, cy0 = clip.left() - size, clip.top() - size
            cx1, cy1 = clip.right(), clip.bottom()
        else:
            cx0 = cy0 = -math.inf
            cx1 = cy1 = math.inf
        numbers = sprites.numbers
        for seat, rect in zip(self.seats, self.rects, strict=True):
            x = x0 + round((rect.x() - INSET - left) * scale)
            y = y0 + round((rect.y() - INSET - top) * scale)
            if not (cx0 <= x <= cx1 and cy0 <= y <= cy1):
                continue
            painter.drawImage(x, y, sprites.seat(colour_of(seat)))
            if numbers:
                painter.drawImage(x, y, sprites.number(_seat_mark(seat)))


def _seat_mark(seat: Seat) -> str:
    """What a seat shows zoomed in: its number, or a sign for a wheelchair place."""
    return "♿" if seat.kind is SeatKind.WHEELCHAIR else str(seat.number)


class Sprites:
    """Seat images at one scale: a circle per colour and a number per label."""

    def __init__(self, scale: float, font: QFont) -> None:
        self.size = max(1, round(CELL * scale))
        self.numbers = scale * CELL >= NUMBERS_FROM_PX
        self.inset = INSET * scale
        self.font = QFont(font)
        self.font.setPixelSize(max(6, round(self.size * 0.45)))
        self._seats: dict[str, QImage] = {}
        self._numbers: dict[str, QImage] = {}

    def _blank(self) -> QImage:
        image = QImage(self.size, self.size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        return image

    def seat(self, colour: str) -> QImage:
        image = self._seats.get(colour)
        if image is None:
            image = self._blank()
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            selected = colour == SELECTED_COLOUR
            painter.setPen(QPen(_SELECTED_OUTLINE if selected else _OUTLINE, 2 if selected else 1))
            painter.setBrush(QColor(colour))
            side = self.size - 2 * self.inset
            painter.drawEllipse(QRectF(self.inset, self.inset, side, side))
            painter.end()
            self._seats[colour] = image
        return image

    def number(self, text: str) -> QImage:
        image = self._numbers.get(text)
        if image is None:
            image = self._blank()
            painter = QPainter(image)
            painter.setFont(self.font)
            painter.setPen(QColor("#000000"))
            painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
            painter.end()
            self._numbers[text] = image
        return image


class SectionLabels(QGraphicsItem):
    """A section's name above it and, zoomed in, its row labels at both ends."""

    def __init__(self, owner: SeatMapScene, section: Section) -> None:
        super().__init__()
        self.owner = owner
        self.section = section
        ox, oy = section.x * CELL, section.y * CELL
        self._frame = QRectF(ox, oy, section.columns * CELL, section.rows * CELL)
        self._name_rect = QRectF(ox, oy - 2.4 * CELL, section.columns * CELL, 2.2 * CELL)
        rows: dict[int, dict[str, int]] = {}
        for seat in section.seats:
            counts = rows.setdefault(seat.y, {})
            counts[seat.row] = counts.get(seat.row, 0) + 1
        self._rows = [
            (
                QRectF(ox - 2.2 * CELL, oy + y * CELL, 2 * CELL, CELL),
                QRectF(ox + section.columns * CELL + 0.2 * CELL, oy + y * CELL, 2 * CELL, CELL),
                max(counts, key=lambda r: counts[r]),
            )
            for y, counts in sorted(rows.items())
        ]
        self._bounds = self._frame.adjusted(-2.4 * CELL, -2.4 * CELL, 2.4 * CELL, 0)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        painter.setPen(QColor("#333333"))
        painter.setFont(self.owner.name_font)
        painter.drawText(
            self._name_rect,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
            self.section.name,
        )
        if _lod_px(painter) < NUMBERS_FROM_PX:
            return
        painter.setFont(self.owner.number_font)
        painter.setPen(QColor("#666666"))
        for left, right, label in self._rows:
            painter.drawText(left, Qt.AlignmentFlag.AlignCenter, label)
            painter.drawText(right, Qt.AlignmentFlag.AlignCenter, label)


class StageItem(QGraphicsItem):
    """The stage: a rectangle with its label."""

    def __init__(self, owner: SeatMapScene, layout: Layout) -> None:
        super().__init__()
        self.owner = owner
        s = layout.stage
        self._rect = QRectF(s.x * CELL, s.y * CELL, s.width * CELL, s.height * CELL)
        self._label = s.label

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        painter.setPen(QPen(QColor("#5d4037"), 0))
        painter.setBrush(QColor("#d7ccc8"))
        painter.drawRect(self._rect)
        painter.setPen(QColor("#3e2723"))
        painter.setFont(self.owner.stage_font)
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self._label)


class SeatMapScene(QGraphicsScene):
    """A session's seats by state, drawn from a :class:`Layout`.

    ``states`` maps seat ids to their state (seats not named are available,
    or not for sale when their kind says so); ``zone_prices`` maps zone keys
    to fen for tooltips. Update with :meth:`set_states` and
    :meth:`set_selected`; both repaint only the seats that changed.
    """

    def __init__(
        self,
        layout: Layout,
        states: Mapping[SeatId, SeatState] | None = None,
        zone_prices: Mapping[str, int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.layout = layout
        self.zone_prices: dict[str, int] = dict(zone_prices or {})
        self._states: dict[SeatId, SeatState] = dict(states or {})
        self._selected: set[SeatId] = set()
        self._zone_colours = {z.key: z.colour for z in layout.zones}
        self._state_colours = {s: c for s, c in STATE_COLOURS.items()}
        self._where: dict[SeatId, tuple[SeatTile, int]] = {}
        self.tiles: list[SeatTile] = []
        self._sprites: Sprites | None = None
        self._images: OrderedDict[int, tuple[SeatTile, int]] = OrderedDict()
        self._image_bytes = 0
        self._section_items: dict[str, list[QGraphicsItem]] = {}
        self.number_font = QFont(self.font())
        self.number_font.setPixelSize(round(CELL * 0.5))
        self.name_font = QFont(self.font())
        self.name_font.setPixelSize(round(CELL * 1.4))
        self.stage_font = QFont(self.font())
        self.stage_font.setPixelSize(round(CELL * 2))
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setBackgroundBrush(QColor("#fafafa"))
        self._stage = StageItem(self, layout)
        self.addItem(self._stage)
        for section in layout.sections:
            self._add_section(section)
        self.fit_scene_rect()

    def fit_scene_rect(self) -> None:
        """Make the scene just big enough for everything drawn, with a margin."""
        self.setSceneRect(self.itemsBoundingRect().adjusted(-CELL, -CELL, CELL, CELL))

    def _add_section(self, section: Section) -> None:
        items: list[QGraphicsItem] = []
        self._section_items[section.id] = items
        if not section.seats:
            return
        buckets: dict[tuple[int, int], list[Seat]] = {}
        for seat in section.seats:
            buckets.setdefault((seat.x // TILE, seat.y // TILE), []).append(seat)
        for seats in buckets.values():
            tile = SeatTile(self, section, seats)
            self.addItem(tile)
            self.tiles.append(tile)
            items.append(tile)
            where = self._where
            for i, seat in enumerate(seats):
                where[seat.id] = (tile, i)
        labels = SectionLabels(self, section)
        self.addItem(labels)
        items.append(labels)

    def _remove_section(self, section_id: str) -> None:
        for item in self._section_items.pop(section_id, []):
            if isinstance(item, SeatTile):
                self.forget_image(item)
                self.tiles.remove(item)
                for seat in item.seats:
                    if self._where.get(seat.id, (None, 0))[0] is item:
                        del self._where[seat.id]
            self.removeItem(item)

    def set_layout(self, layout: Layout) -> None:
        """Show another version of the layout (the designer's edits). Only the
        sections that changed are rebuilt: an edit returns the same
        :class:`Section` object for every section it did not touch."""
        old = {s.id: s for s in self.layout.sections}
        kept = {s.id for s in layout.sections if old.get(s.id) is s}
        for section_id in list(self._section_items):
            if section_id not in kept:
                self._remove_section(section_id)
        zones_changed = layout.zones != self.layout.zones
        if layout.stage != self.layout.stage:
            self.removeItem(self._stage)
            self._stage = StageItem(self, layout)
            self.addItem(self._stage)
        self.layout = layout
        if zones_changed:
            self._zone_colours = {z.key: z.colour for z in layout.zones}
            for tile in self.tiles:
                tile.restyle_all()
        for section in layout.sections:
            if section.id not in kept:
                self._add_section(section)
        self._selected = {s for s in self._selected if s in self._where}
        self.fit_scene_rect()

    # --- states and selection ------------------------------------------------------

    def state_of(self, seat: Seat) -> SeatState:
        state = self._states.get(seat.id)
        if state is not None:
            return state
        return SeatState.NOT_FOR_SALE if seat.kind is SeatKind.NOT_FOR_SALE else SeatState.AVAILABLE

    def colour_of(self, seat: Seat) -> str:
        """The fill of a seat: selection, else its state, else its zone's colour."""
        if seat.id in self._selected:
            return SELECTED_COLOUR
        state = self.state_of(seat)
        if state is SeatState.AVAILABLE:
            return self._zone_colours.get(seat.zone, "#808080")
        return self._state_colours[state]

    def set_states(self, changes: Mapping[SeatId, SeatState]) -> int:
        """Apply state changes; repaints only the changed seats. Unknown ids are
        ignored (a seat of another layout version). Returns how many changed."""
        changed = []
        for seat_id, state in changes.items():
            found = self._where.get(seat_id)
            if found is None:
                continue
            tile, i = found
            if self.state_of(tile.seats[i]) is state:
                continue
            self._states[seat_id] = state
            changed.append(found)
        self._repaint(changed)
        return len(changed)

    @property
    def selected(self) -> frozenset[SeatId]:
        return frozenset(self._selected)

    def set_selected(self, seat_ids: Iterable[SeatId]) -> None:
        """Highlight these seats (and no others)."""
        new = {s for s in seat_ids if s in self._where}
        flipped = new ^ self._selected
        self._selected = new
        self._repaint(self._where[s] for s in flipped)

    def _repaint(self, places: Iterable[tuple[SeatTile, int]]) -> None:
        for tile, i in places:
            tile.restyle(i)
            tile.update(tile.rects[i].adjusted(-INSET, -INSET, INSET, INSET))

    # --- drawing caches ------------------------------------------------------------

    def sprites(self, scale: float) -> Sprites:
        """The seat sprites for a scale (one set kept: the last scale drawn)."""
        size = max(1, round(CELL * scale))
        if self._sprites is None or self._sprites.size != size:
            self._sprites = Sprites(scale, self.number_font)
        return self._sprites

    def remember_image(self, tile: SeatTile) -> None:
        """Count a tile's image against the budget; drop the least recently
        drawn ones over it."""
        size = tile.image.sizeInBytes() if tile.image is not None else 0
        old = self._images.pop(id(tile), None)
        self._image_bytes += size - (old[1] if old else 0)
        self._images[id(tile)] = (tile, size)
        while self._image_bytes > IMAGE_BUDGET and len(self._images) > 1:
            self.forget_image(next(iter(self._images.values()))[0])

    def forget_image(self, tile: SeatTile) -> None:
        old = self._images.pop(id(tile), None)
        self._image_bytes -= old[1] if old else 0
        tile.image = None

    @property
    def image_bytes(self) -> int:
        return self._image_bytes

    # --- lookup ----------------------------------------------------------------------

    def seat_at(self, pos: QPointF) -> Seat | None:
        """The seat whose cell holds ``pos`` (scene coordinates), or None in an
        aisle or outside every section: arithmetic per section."""
        hx, hy = pos.x() / CELL, pos.y() / CELL
        for section in self.layout.sections:
            x = math.floor(hx - section.x)
            y = math.floor(hy - section.y)
            if section.contains(x, y):
                seat = section.seat_at(x, y)
                if seat is not None:
                    return seat
        return None

    def section_of(self, seat_id: SeatId) -> Section | None:
        found = self._where.get(seat_id)
        return found[0].section if found else None

    def seat_rect(self, seat_id: SeatId) -> QRectF:
        """Where a seat is drawn, in scene coordinates."""
        tile, i = self._where[seat_id]
        return QRectF(tile.rects[i])

    def tooltip_text(self, seat: Seat) -> str:
        """Row, seat, zone, price and state of a seat, in the user's language."""
        section = self.section_of(seat.id)
        zone = self.layout.zone(seat.zone)
        price = self.zone_prices.get(seat.zone)
        lines = [
            self.layout.seat_label(section, seat) if section else seat.id,
            self.tr("Row {row}, seat {seat}").format(row=seat.row, seat=seat.number),
            self.tr("Zone: {zone}").format(zone=zone.name if zone else seat.zone or "—"),
            self.tr("Price: {price}").format(
                price=format_fen(price) if price is not None else self.tr("not set")
            ),
            state_name(self.state_of(seat)),
        ]
        if seat.kind not in (SeatKind.NORMAL, SeatKind.NOT_FOR_SALE):
            lines.append(kind_name(seat.kind))
        return "\n".join(lines)

    def label_of(self, seat: Seat) -> str:
        section = self.section_of(seat.id)
        template = self.layout.template_for(section) if section else self.layout.label_template
        return format_label(template, seat)
