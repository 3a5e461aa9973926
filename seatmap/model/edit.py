"""Editing a layout: each operation is a pure function returning a new layout.

The designer keeps the layouts on its undo stack, so an operation never
changes its argument. Refusals are :class:`ValidationError` with the English
source text marked for translation; the layout given is untouched.

Cells are given as a :class:`Rect` or any iterable of ``(x, y)``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from boxoffice.errors import ValidationError
from boxoffice.i18n import QT_TRANSLATE_NOOP
from boxoffice.ids import new_id

from .layout import (
    MAX_NAME,
    MAX_SECTIONS,
    MAX_SIDE,
    Cell,
    Layout,
    Rect,
    Seat,
    SeatId,
    SeatKind,
    Section,
    SectionId,
    Zone,
    format_label,
    intern,
)
from .numbering import RowStyle, Scheme, Side, row_label, seat_numbers

Cells = Rect | Iterable[Cell]


@dataclass(frozen=True, slots=True)
class RowLabels:
    """How ``number_seats`` labels the rows it numbers: rows holding selected
    seats get consecutive labels from ``first``, front to back (or back to
    front), skipping grid rows without any (cross aisles)."""

    style: RowStyle = RowStyle.NUMERIC
    first: int = 1
    back_to_front: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """Seats copied from a section, relative to the block's top left cell.
    Pasting gives them new ids: a copy is new seats, never the same ones."""

    width: int
    height: int
    seats: tuple[Seat, ...]

    def mirrored(self) -> Block:
        """The block flipped left to right (most halls are symmetric)."""
        return replace(
            self,
            seats=tuple(replace(s, x=self.width - 1 - s.x) for s in self.seats),
        )


# --- sections -----------------------------------------------------------------


def add_section(
    layout: Layout,
    name: str,
    columns: int,
    rows: int,
    *,
    x: float = 0,
    y: float = 0,
    section_id: str | None = None,
) -> Layout:
    """A new empty section at the end; ``section_id`` defaults to a new UUIDv7."""
    _check_name(name)
    _check_size(columns, rows)
    if len(layout.sections) >= MAX_SECTIONS:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "A layout can have at most {limit} sections."),
            limit=MAX_SECTIONS,
        )
    sid = SectionId(section_id or new_id())
    if any(s.id == sid for s in layout.sections):
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "The layout already has a section with id {id}."), id=sid
        )
    section = Section(id=sid, name=name, columns=columns, rows=rows, x=x, y=y)
    return replace(layout, sections=(*layout.sections, section))


def remove_section(layout: Layout, section_id: str) -> Layout:
    _find(layout, section_id)
    return replace(layout, sections=tuple(s for s in layout.sections if s.id != section_id))


def update_section(
    layout: Layout,
    section_id: str,
    *,
    name: str | None = None,
    x: float | None = None,
    y: float | None = None,
    label_template: str | None = None,
) -> Layout:
    """Rename or move a section, or give it its own label template ("" clears it)."""
    section = _find(layout, section_id)
    if name is not None:
        _check_name(name)
    changed = replace(
        section,
        name=section.name if name is None else name,
        x=section.x if x is None else x,
        y=section.y if y is None else y,
        label_template=(
            section.label_template if label_template is None else (label_template or None)
        ),
    )
    return _put(layout, changed)


def resize_section(
    layout: Layout,
    section_id: str,
    columns: int,
    rows: int,
    *,
    shift_x: int = 0,
    shift_y: int = 0,
) -> Layout:
    """Give a section a new grid size, moving its seats by ``shift_x`` /
    ``shift_y`` (to add room on the left or at the front). Refuses, naming
    the seats, if any would fall outside the new grid: seats are never
    dropped silently."""
    section = _find(layout, section_id)
    _check_size(columns, rows)
    moved = [replace(s, x=s.x + shift_x, y=s.y + shift_y) for s in section.seats]
    outside = [s for s in moved if not (0 <= s.x < columns and 0 <= s.y < rows)]
    if outside:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "core",
                "Resizing {section} would remove {count} seats ({seats}); erase them first.",
            ),
            section=section.name,
            count=len(outside),
            seats=_names(layout, section, outside),
        )
    return _put(layout, replace(section, columns=columns, rows=rows, seats=tuple(moved)))


# --- seats ----------------------------------------------------------------------


def paint(
    layout: Layout,
    section_id: str,
    cells: Cells,
    *,
    zone: str = "",
    kind: SeatKind = SeatKind.NORMAL,
) -> Layout:
    """Put a new seat in every empty cell given; seats already there stay as
    they are. A new seat takes its grid row's label (or the row's position)
    and its column as a provisional number, until the row is numbered."""
    section = _find(layout, section_id)
    wanted = _cells(section, cells)
    labels = _row_labels(section)
    zone = intern(zone)
    new = [
        Seat(x, y, labels.get(y) or intern(str(y + 1)), x + 1, zone, kind, SeatId(new_id()))
        for x, y in sorted(wanted, key=lambda c: (c[1], c[0]))
        if section.seat_at(x, y) is None
    ]
    if not new:
        return layout
    return _put(layout, section.with_seats((*section.seats, *new)))


def erase(layout: Layout, section_id: str, cells: Cells) -> Layout:
    """Remove the seats in the cells given (they become aisle or gap)."""
    section = _find(layout, section_id)
    gone = _cells(section, cells)
    kept = [s for s in section.seats if (s.x, s.y) not in gone]
    if len(kept) == len(section.seats):
        return layout
    return _put(layout, section.with_seats(kept))


def assign(
    layout: Layout,
    section_id: str,
    cells: Cells,
    *,
    zone: str | None = None,
    kind: SeatKind | None = None,
) -> Layout:
    """Set the zone and/or kind of the seats in the cells given."""
    section = _find(layout, section_id)
    chosen = _cells(section, cells)
    zone = None if zone is None else intern(zone)
    seats = [
        replace(
            s,
            zone=s.zone if zone is None else zone,
            kind=s.kind if kind is None else kind,
        )
        if (s.x, s.y) in chosen
        else s
        for s in section.seats
    ]
    return _put(layout, section.with_seats(seats))


def number_seats(
    layout: Layout,
    section_id: str,
    cells: Cells,
    scheme: Scheme,
    *,
    start: int = 1,
    centre: float | None = None,
    odd_side: Side = Side.RIGHT,
    rows: RowLabels | None = None,
) -> Layout:
    """Number the seats in the cells given, row by row, by ``scheme``.

    For 单双号 the centre line defaults to the middle of the cells' columns,
    the same for every row, so seat 1 of each row lines up. ``rows`` also
    relabels the rows. Ids never change.
    """
    section = _find(layout, section_id)
    chosen = _cells(section, cells)
    if not chosen:
        return layout
    if start < 1:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Seat numbers start at 1 or more, not {start}."),
            start=start,
        )
    if centre is None:
        xs = [x for x, _ in chosen]
        centre = (min(xs) + max(xs)) / 2
    by_row: dict[int, list[Seat]] = {}
    for seat in section.seats:
        if (seat.x, seat.y) in chosen:
            by_row.setdefault(seat.y, []).append(seat)
    row_order = sorted(by_row, reverse=rows is not None and rows.back_to_front)
    new_label = (
        {y: intern(row_label(rows.first + i, rows.style)) for i, y in enumerate(row_order)}
        if rows is not None
        else {}
    )
    changed: dict[SeatId, Seat] = {}
    for y, row in by_row.items():
        numbers = seat_numbers(
            [s.x for s in row], scheme, start=start, centre=centre, odd_side=odd_side
        )
        for seat, number in zip(row, numbers, strict=True):
            changed[seat.id] = replace(seat, number=number, row=new_label.get(y, seat.row))
    return _put(layout, section.with_seats(changed.get(s.id, s) for s in section.seats))


def label_rows(layout: Layout, section_id: str, labels: Mapping[int, str]) -> Layout:
    """Give the seats of grid rows ``y`` the row labels given."""
    section = _find(layout, section_id)
    seats = [replace(s, row=intern(labels[s.y])) if s.y in labels else s for s in section.seats]
    return _put(layout, section.with_seats(seats))


# --- blocks ---------------------------------------------------------------------


def copy_block(layout: Layout, section_id: str, rect: Rect) -> Block:
    """The seats inside ``rect``, positioned relative to its top left cell."""
    section = _find(layout, section_id)
    _cells(section, rect)
    seats = tuple(
        replace(s, x=s.x - rect.x, y=s.y - rect.y) for s in section.seats if (s.x, s.y) in rect
    )
    return Block(rect.width, rect.height, seats)


def paste_block(layout: Layout, section_id: str, block: Block, x: int, y: int) -> Layout:
    """Place a copy of ``block`` with its top left cell at (x, y), as new seats
    with new ids. Refused if it would leave the grid or cover existing seats."""
    section = _find(layout, section_id)
    target = Rect(x, y, block.width, block.height)
    _cells(section, target)
    covered = [s for s in (section.seat_at(b.x + x, b.y + y) for b in block.seats) if s is not None]
    if covered:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "core",
                "Pasting here would cover {count} seats of {section} ({seats}); erase them first.",
            ),
            count=len(covered),
            section=section.name,
            seats=_names(layout, section, covered),
        )
    new = [replace(b, x=b.x + x, y=b.y + y, id=SeatId(new_id())) for b in block.seats]
    return _put(layout, section.with_seats((*section.seats, *new)))


def mirror_block(layout: Layout, section_id: str, rect: Rect) -> Layout:
    """Flip the seats inside ``rect`` left to right, in place. Seats keep
    their ids, labels and zones; only their columns change."""
    section = _find(layout, section_id)
    _cells(section, rect)
    right = rect.x + rect.width - 1
    seats = [replace(s, x=rect.x + right - s.x) if (s.x, s.y) in rect else s for s in section.seats]
    return _put(layout, section.with_seats(seats))


# --- zones --------------------------------------------------------------------


def set_zones(layout: Layout, zones: Iterable[Zone]) -> Layout:
    """Replace the zone list (keys must be unique). Seats keep their keys."""
    listed = tuple(zones)
    repeated = [k for k, n in Counter(z.key for z in listed).items() if n > 1]
    if repeated:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Zone key {key} is used more than once."), key=repeated[0]
        )
    return replace(layout, zones=listed)


# --- helpers ------------------------------------------------------------------


def _find(layout: Layout, section_id: str) -> Section:
    try:
        return layout.section(section_id)
    except KeyError:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "The layout has no section with id {id}."), id=section_id
        ) from None


def _put(layout: Layout, section: Section) -> Layout:
    return replace(
        layout, sections=tuple(section if s.id == section.id else s for s in layout.sections)
    )


def _cells(section: Section, cells: Cells) -> frozenset[Cell]:
    chosen = frozenset(cells.cells() if isinstance(cells, Rect) else cells)
    outside = [c for c in chosen if not section.contains(*c)]
    if outside:
        x, y = min(outside, key=lambda c: (c[1], c[0]))
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "core",
                "Row {row}, column {column} is outside section {section} ({columns} x {rows}).",
            ),
            row=y + 1,
            column=x + 1,
            section=section.name,
            columns=section.columns,
            rows=section.rows,
        )
    return chosen


def _row_labels(section: Section) -> dict[int, str]:
    """The most common row label of each grid row."""
    counts: dict[int, Counter[str]] = {}
    for seat in section.seats:
        counts.setdefault(seat.y, Counter())[seat.row] += 1
    return {y: c.most_common(1)[0][0] for y, c in counts.items()}


def _names(layout: Layout, section: Section, seats: list[Seat], limit: int = 5) -> str:
    template = layout.template_for(section)
    shown = ", ".join(format_label(template, s) for s in seats[:limit])
    return shown + (" …" if len(seats) > limit else "")


def _check_size(columns: int, rows: int) -> None:
    if not (1 <= columns <= MAX_SIDE and 1 <= rows <= MAX_SIDE):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "core",
                "A section is 1 to {limit} columns and rows; {columns} x {rows} is not possible.",
            ),
            limit=MAX_SIDE,
            columns=columns,
            rows=rows,
        )


def _check_name(name: str) -> None:
    if not name.strip() or len(name) > MAX_NAME:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "A section needs a name of 1 to {limit} characters."),
            limit=MAX_NAME,
        )
