"""The layout of a hall: sections of grid cells, seats, zones, the stage.

Every type here is immutable. Editing operations (``seatmap.model.edit``)
return a new :class:`Layout`, so the designer's undo stack can keep old ones
and a session can keep the version it was created with.

Coordinates: a section is a grid of ``columns`` x ``rows`` cells; ``x`` counts
columns from the left, ``y`` rows from the front. Charts are drawn with the
stage above the seats, so ``x`` grows towards house right (the audience's
right as they face the stage) and ``y`` away from the stage. A section sits in
the hall at ``(x, y)`` measured in cells; the stage and the focal point use
the same hall coordinates.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import pairwise
from typing import NewType

SeatId = NewType("SeatId", str)
"""A seat's stable id (UUIDv7 text). Sales refer to it; renumbering keeps it."""

SectionId = NewType("SectionId", str)

MAX_SIDE = 200
"""A section's grid is at most this many columns and rows."""
MAX_SECTIONS = 64
MAX_SEATS = 200_000
"""A layout holds at most this many seats (the benchmark hall has 40,000)."""
MAX_LABEL = 16
MAX_ZONE_KEY = 32
MAX_NAME = 100

DEFAULT_TEMPLATE = "{row}排{seat}号"


class SeatKind(StrEnum):
    """What a seat is for. ``not_for_sale`` seats are drawn but never sold."""

    NORMAL = "normal"
    WHEELCHAIR = "wheelchair"
    COMPANION = "companion"
    RESTRICTED_VIEW = "restricted_view"
    NOT_FOR_SALE = "not_for_sale"


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Stage:
    """The stage as a rectangle in hall coordinates (cells)."""

    x: float
    y: float
    width: float
    height: float
    label: str = "舞台"


@dataclass(frozen=True, slots=True)
class Zone:
    """A price zone of the layout (票区). Sessions give each key a price;
    ``name`` and ``colour`` are what charts show by default."""

    key: str
    name: str
    colour: str = "#808080"


@dataclass(frozen=True, slots=True)
class Seat:
    """One seat in one cell. ``zone`` is a zone key; ``""`` means none yet."""

    x: int
    y: int
    row: str
    number: int
    zone: str
    kind: SeatKind
    id: SeatId


Cell = tuple[int, int]
"""(x, y) in a section's grid."""


@dataclass(frozen=True, slots=True)
class Rect:
    """A rectangle of cells: ``width`` columns from ``x``, ``height`` rows from ``y``."""

    x: int
    y: int
    width: int
    height: int

    def cells(self) -> Iterator[Cell]:
        for y in range(self.y, self.y + self.height):
            for x in range(self.x, self.x + self.width):
                yield (x, y)

    def __contains__(self, cell: object) -> bool:
        if not isinstance(cell, tuple) or len(cell) != 2:
            return False
        x, y = cell
        return bool(self.x <= x < self.x + self.width and self.y <= y < self.y + self.height)


@dataclass(frozen=True, slots=True)
class Section:
    """A grid of cells: one area of the hall (一楼池座, 二楼楼座, a 包厢).

    ``seats`` are kept sorted front to back, left to right; a cell without a
    seat is an aisle or a gap. ``label_template`` overrides the layout's.
    """

    id: SectionId
    name: str
    columns: int
    rows: int
    seats: tuple[Seat, ...] = ()
    x: float = 0
    y: float = 0
    label_template: str | None = None
    _at: dict[Cell, Seat] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        seats = self.seats
        keys = [(s.y, s.x) for s in seats]
        if not isinstance(seats, tuple) or any(a >= b for a, b in pairwise(keys)):
            seats = tuple(sorted(seats, key=_position))
            object.__setattr__(self, "seats", seats)
        object.__setattr__(self, "_at", {(s.x, s.y): s for s in seats})

    def seat_at(self, x: int, y: int) -> Seat | None:
        return self._at.get((x, y))

    def contains(self, x: int, y: int) -> bool:
        """Whether (x, y) is a cell of this grid."""
        return 0 <= x < self.columns and 0 <= y < self.rows

    def with_seats(self, seats: Iterable[Seat]) -> Section:
        return replace(self, seats=tuple(seats))


def _position(seat: Seat) -> tuple[int, int]:
    return (seat.y, seat.x)


@dataclass(frozen=True, slots=True)
class Layout:
    """A hall's seating: sections, zones, the stage and the focal point
    (where best-available measures distance from). ``version`` counts saved
    edits; a session keeps the version it was created with."""

    name: str
    sections: tuple[Section, ...] = ()
    zones: tuple[Zone, ...] = ()
    stage: Stage = Stage(0, -4, 20, 3)
    focal_point: Point = Point(10, -2)
    label_template: str = DEFAULT_TEMPLATE
    version: int = 1

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def zone(self, key: str) -> Zone | None:
        return next((z for z in self.zones if z.key == key), None)

    def seats(self) -> Iterator[tuple[Section, Seat]]:
        for section in self.sections:
            for seat in section.seats:
                yield section, seat

    @property
    def seat_count(self) -> int:
        return sum(len(s.seats) for s in self.sections)

    def template_for(self, section: Section) -> str:
        return section.label_template or self.label_template

    def seat_label(self, section: Section, seat: Seat) -> str:
        """The seat as venue staff say it, e.g. ``一楼池座 5排12号``."""
        return f"{section.name} {format_label(self.template_for(section), seat)}"


def format_label(template: str, seat: Seat) -> str:
    """Fill ``{row}`` and ``{seat}`` in a label template."""
    return template.replace("{row}", seat.row).replace("{seat}", str(seat.number))


def intern(text: str) -> str:
    """Share equal short strings (row labels, zone keys) across seats."""
    return sys.intern(text)
