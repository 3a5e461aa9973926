"""Best available worked out locally on a layout (seatmap.model.best), for the
picker's preview: the same rules as the server's search, checked the same
way (tests/test_best_available.py) against a brute force on small halls."""

from __future__ import annotations

from collections.abc import Collection

from hypothesis import given, settings
from hypothesis import strategies as st

from seatmap.model import Layout, Point, Seat, SeatId, SeatKind, Section, SectionId
from seatmap.model.best import BestSeats, Step, best_available, leaves_orphan, strands_a_seat

ROWS, COLS = 3, 6
FOCUS = Point(COLS / 2, -2)
ZONE_OF_ROW = {0: "front", 1: "front", 2: "back"}
CELLS = [(y, x) for y in range(ROWS) for x in range(COLS)]


def hall(gaps: Collection[tuple[int, int]] = (), rows: int = ROWS, cols: int = COLS) -> Layout:
    """One section of ``rows`` x ``cols`` at the hall's origin, without the
    ``gaps`` cells; seat ids are ``y,x``."""
    seats = [
        Seat(
            x, y, str(y + 1), x + 1, ZONE_OF_ROW.get(y, "back"), SeatKind.NORMAL, SeatId(f"{y},{x}")
        )
        for y in range(rows)
        for x in range(cols)
        if (y, x) not in gaps
    ]
    section = Section(SectionId("s"), "池座", cols, rows, tuple(seats))
    return Layout("test", sections=(section,), focal_point=FOCUS)


def cells(best: BestSeats) -> list[tuple[int, int]]:
    return [(s.y, s.x) for s in best.seats]


def distance(y: float, x: float) -> float:
    """From a cell (or a block's centre) to the focal point, in hall cells."""
    return (x + 0.5 - FOCUS.x) ** 2 + (y + 0.5 - FOCUS.y) ** 2


def brute_force(
    free: set[tuple[int, int]], wanted: set[tuple[int, int]], count: int, allow_orphan: bool
) -> tuple[Step | None, dict[Step, float]]:
    """Every block of ``count`` in every row, the hard way: the step that should
    be used and the smallest distance for each step."""
    nearest: dict[Step, float] = {}
    for y in range(ROWS):
        for first in range(COLS - count + 1):
            block = [(y, x) for x in range(first, first + count)]
            if not all(cell in wanted for cell in block):
                continue
            last = first + count - 1
            left = (y, first - 1) in free and (y, first - 2) not in free
            right = (y, last + 1) in free and (y, last + 2) not in free
            step = Step.ORPHAN if left or right else Step.ADJACENT
            d = distance(y, (first + last) / 2)
            nearest[step] = min(nearest.get(step, d), d)
    if allow_orphan and nearest:
        best = min(nearest.values())
        return (Step.ADJACENT if nearest.get(Step.ADJACENT) == best else Step.ORPHAN), nearest
    for step in (Step.ADJACENT, Step.ORPHAN):
        if step in nearest:
            return step, nearest
    return (Step.SPLIT if len(wanted) >= count else None), nearest


@settings(max_examples=400, deadline=None)
@given(
    gaps=st.sets(st.sampled_from(CELLS), max_size=4),
    taken=st.sets(st.sampled_from(CELLS)),
    count=st.integers(min_value=1, max_value=4),
    zone=st.sampled_from([None, "front", "back"]),
    allow_orphan=st.booleans(),
)
def test_best_available_matches_brute_force(
    gaps: set[tuple[int, int]],
    taken: set[tuple[int, int]],
    count: int,
    zone: str | None,
    allow_orphan: bool,
) -> None:
    layout = hall(gaps)
    free = set(CELLS) - taken - gaps
    wanted = {cell for cell in free if zone is None or ZONE_OF_ROW[cell[0]] == zone}
    expected, nearest = brute_force(free, wanted, count, allow_orphan)
    best = best_available(
        layout, count, lambda s: (s.y, s.x) in free, zone, allow_orphan=allow_orphan
    )
    if best is None:
        assert expected is None
        return
    assert best.step == expected
    got = cells(best)
    assert len(set(got)) == len(got) == count  # distinct
    assert set(got) <= wanted  # free, and in the zone
    if best.step is not Step.SPLIT:
        rows = {y for y, _ in got}
        cols = [x for _, x in got]
        assert len(rows) == 1 and cols == list(range(cols[0], cols[0] + count))
        assert distance(got[0][0], (cols[0] + cols[-1]) / 2) == nearest[best.step]
        row_free = {x for y, x in free if y == got[0][0]}
        assert strands_a_seat(row_free, cols[0], cols[-1]) == (best.step is Step.ORPHAN)
        section = layout.sections[0]
        stranded = leaves_orphan(((section, s) for s in best.seats), lambda s: (s.y, s.x) in free)
        assert (stranded is not None) == (best.step is Step.ORPHAN)
    else:
        dist = sorted(distance(y, x) for y, x in wanted)
        assert sorted(distance(y, x) for y, x in got) == dist[:count]


@settings(max_examples=300, deadline=None)
@given(
    taken=st.sets(st.integers(min_value=0, max_value=7)),
    chosen=st.sets(st.integers(min_value=0, max_value=7), min_size=1),
)
def test_leaves_orphan_matches_brute_force(taken: set[int], chosen: set[int]) -> None:
    """A chosen set of seats in one row strands a seat exactly when some free
    seat next to a chosen one has no free seat on its other side."""
    chosen -= taken
    layout = hall(rows=1, cols=8)
    section = layout.sections[0]
    free_after = set(range(8)) - taken - chosen
    expected = {
        x
        for x in free_after
        if (x - 1 in chosen or x + 1 in chosen)
        and x - 1 not in free_after
        and x + 1 not in free_after
    }
    stranded = leaves_orphan(
        ((section, s) for s in section.seats if s.x in chosen), lambda s: s.x not in taken
    )
    if expected:
        assert stranded is not None and stranded.x in expected
    else:
        assert stranded is None


def test_examples_from_the_server_tests() -> None:
    """The server's worked examples, with the focal point at the front centre."""
    layout = hall(rows=3, cols=8)
    layout = Layout("test", sections=layout.sections, focal_point=Point(4, 0))
    taken = {(0, 0), (0, 5)}  # row 1 seats 1 and 6
    free = lambda s: (s.y, s.x) not in taken  # noqa: E731
    best = best_available(layout, 3, free)
    assert (
        best is not None and best.step is Step.ADJACENT and cells(best) == [(1, 2), (1, 3), (1, 4)]
    )
    nearer = best_available(layout, 3, free, allow_orphan=True)
    assert nearer is not None and nearer.step is Step.ORPHAN
    assert cells(nearer) == [(0, 2), (0, 3), (0, 4)]
    assert best_available(layout, 30, free) is None
    assert best_available(layout, 0, free) is None
    # Not-for-sale seats are never chosen, whatever the caller says.
    closed = Layout(
        "test",
        sections=(
            layout.sections[0].with_seats(
                Seat(s.x, s.y, s.row, s.number, s.zone, SeatKind.NOT_FOR_SALE, s.id)
                if s.y == 0
                else s
                for s in layout.sections[0].seats
            ),
        ),
        focal_point=Point(4, 0),
    )
    first = best_available(closed, 2, lambda s: True)
    assert first is not None and {y for y, _ in cells(first)} == {1}
