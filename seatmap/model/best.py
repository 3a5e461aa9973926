"""Best available, worked out locally on a layout for the picker's preview.

The same rules as the server's search (``boxoffice.services.seating.choose_best``):
``count`` adjacent seats in one row (consecutive cells of one grid row of a
section) nearest the layout's focal point that leave no single free seat
stranded; failing that, the nearest such block that strands one; failing
that, the nearest free seats one by one across rows. Distance is from a
block's centre to the focal point, in hall cells; ties go to the front, then
the left. The server still decides what is held: this is only a preview.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum

from .layout import Layout, Seat, SeatKind, Section


class Step(StrEnum):
    """Which step of the search found the seats."""

    ADJACENT = "adjacent"
    """Adjacent seats in one row that strand no single free seat (the ideal)."""
    ORPHAN = "orphan"
    """Adjacent seats in one row, leaving a single free seat beside them."""
    SPLIT = "split"
    """No row has enough adjacent free seats: the nearest free seats, across rows."""


@dataclass(frozen=True, slots=True)
class BestSeats:
    seats: tuple[Seat, ...]
    step: Step


FreeTest = Callable[[Seat], bool]
"""Whether nobody holds, leases or bought a seat (the caller knows the states)."""


def strands_a_seat(free_cols: Collection[int], first: int, last: int) -> bool:
    """Whether taking columns ``first``..``last`` of a row leaves a single free
    seat between them and a taken seat, a gap or the row's end."""
    left = first - 1 in free_cols and first - 2 not in free_cols
    right = last + 1 in free_cols and last + 2 not in free_cols
    return left or right


def _free(seat: Seat, free: FreeTest) -> bool:
    return seat.kind is not SeatKind.NOT_FOR_SALE and free(seat)


def best_available(
    layout: Layout,
    count: int,
    free: FreeTest,
    zone: str | None = None,
    *,
    allow_orphan: bool = False,
) -> BestSeats | None:
    """The best ``count`` free seats (of ``zone`` if given), or None if fewer
    are free. Without ``allow_orphan`` a block that strands no seat anywhere
    beats a nearer one that strands one; with it, the nearest block wins
    (an ideal one on a tie). The step says which kind was found."""
    if count < 1:
        return None
    fx, fy = layout.focal_point.x, layout.focal_point.y
    # (strands, distance, hall y, hall x, section index, seats)
    blocks: list[tuple[bool, float, float, float, int, tuple[Seat, ...]]] = []
    singles: list[tuple[float, float, float, int, int, Seat]] = []
    for index, section in enumerate(layout.sections):
        rows: dict[int, dict[int, Seat]] = {}
        for seat in section.seats:
            if _free(seat, free):
                rows.setdefault(seat.y, {})[seat.x] = seat
        for y, row in rows.items():
            hy = section.y + y + 0.5
            wanted = {x: s for x, s in row.items() if zone is None or s.zone == zone}
            for x, seat in wanted.items():
                hx = section.x + x + 0.5
                singles.append(((hx - fx) ** 2 + (hy - fy) ** 2, hy, hx, index, x, seat))
            for first in sorted(wanted):
                last = first + count - 1
                if all(x in wanted for x in range(first + 1, last + 1)):
                    hx = section.x + (first + last) / 2 + 0.5
                    blocks.append(
                        (
                            strands_a_seat(row.keys(), first, last),
                            (hx - fx) ** 2 + (hy - fy) ** 2,
                            hy,
                            section.x + first,
                            index,
                            tuple(wanted[x] for x in range(first, last + 1)),
                        )
                    )
    if len(singles) < count:
        return None
    if blocks:
        if allow_orphan:
            chosen = min(blocks, key=lambda b: (b[1], b[0], b[2], b[3], b[4]))
        else:
            chosen = min(blocks, key=lambda b: (b[0], b[1], b[2], b[3], b[4]))
        return BestSeats(chosen[5], Step.ORPHAN if chosen[0] else Step.ADJACENT)
    singles.sort(key=lambda s: s[:5])
    return BestSeats(tuple(s[5] for s in singles[:count]), Step.SPLIT)


def leaves_orphan(chosen: Iterable[tuple[Section, Seat]], free: FreeTest) -> Seat | None:
    """A free seat that taking ``chosen`` (with their sections) would leave
    alone in its row, between a chosen seat and a taken seat, a gap or the
    row's end; None if there is none. Looks only at the chosen seats'
    neighbours, so it costs nothing on a big hall."""
    picked = list(chosen)
    ids = {seat.id for _section, seat in picked}

    def free_after(section: Section, x: int, y: int) -> Seat | None:
        seat = section.seat_at(x, y)
        if seat is None or seat.id in ids or not _free(seat, free):
            return None
        return seat

    for section, seat in picked:
        for step in (-1, 1):
            beside = free_after(section, seat.x + step, seat.y)
            if beside is not None and free_after(section, seat.x + 2 * step, seat.y) is None:
                return beside
    return None
