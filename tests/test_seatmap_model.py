"""The seat layout model: numbering (单双号 included), editing, validation, versions."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boxoffice.errors import ValidationError
from seatmap.model import (
    Layout,
    Rect,
    RowLabels,
    RowStyle,
    Scheme,
    SeatKind,
    Side,
    Zone,
    add_section,
    assign,
    content_hash,
    copy_block,
    demo,
    diff_removed_seats,
    erase,
    mirror_block,
    next_version,
    number_seats,
    paint,
    paste_block,
    remove_section,
    resize_section,
    row_label,
    seat_numbers,
    validate,
)
from seatmap.model.validate import (
    DUPLICATE_LABEL,
    DUPLICATE_SEAT_ID,
    GRID_TOO_LARGE,
    SEAT_WITHOUT_ZONE,
    UNKNOWN_ZONE,
    ZONE_WITHOUT_PRICE,
)

SID = "0190c2f0-0000-7000-8000-000000000001"


def hall(columns: int = 10, rows: int = 3, zone: str = "A") -> Layout:
    layout = Layout(name="小剧场", zones=(Zone("A", "甲等", "#ff0000"),))
    layout = add_section(layout, "池座", columns, rows, section_id=SID)
    return paint(layout, SID, Rect(0, 0, columns, rows), zone=zone)


def numbers(layout: Layout, y: int = 0) -> list[int]:
    return [s.number for s in layout.section(SID).seats if s.y == y]


# --- numbering ------------------------------------------------------------------


def test_left_to_right_and_right_to_left() -> None:
    layout = hall(5, 1)
    assert numbers(number_seats(layout, SID, Rect(0, 0, 5, 1), Scheme.LEFT_TO_RIGHT)) == [
        1,
        2,
        3,
        4,
        5,
    ]
    assert numbers(number_seats(layout, SID, Rect(0, 0, 5, 1), Scheme.RIGHT_TO_LEFT)) == [
        5,
        4,
        3,
        2,
        1,
    ]
    assert numbers(number_seats(layout, SID, Rect(0, 0, 5, 1), Scheme.LEFT_TO_RIGHT, start=11)) == [
        11,
        12,
        13,
        14,
        15,
    ]


def test_odd_even_from_the_centre_hand_checked() -> None:
    # Ten seats, seen from the audience (stage above): house left .. house right.
    # 面向舞台右单左双: 1 just right of the centre line, 2 just left of it.
    assert seat_numbers(list(range(10)), Scheme.ODD_EVEN) == [10, 8, 6, 4, 2, 1, 3, 5, 7, 9]
    # An odd count: the middle seat is on the centre line and is number 1.
    assert seat_numbers(list(range(7)), Scheme.ODD_EVEN) == [6, 4, 2, 1, 3, 5, 7]
    # A venue that puts odd numbers on house left.
    assert seat_numbers(list(range(6)), Scheme.ODD_EVEN, odd_side=Side.LEFT) == [
        5,
        3,
        1,
        2,
        4,
        6,
    ]


def test_odd_even_across_a_centre_aisle_and_a_short_row() -> None:
    layout = erase(hall(11, 2), SID, Rect(5, 0, 1, 2))  # the centre aisle
    layout = erase(layout, SID, [(0, 1), (10, 1), (9, 1)])  # row 2 shorter on the right
    layout = number_seats(layout, SID, Rect(0, 0, 11, 2), Scheme.ODD_EVEN)
    assert numbers(layout, 0) == [10, 8, 6, 4, 2, 1, 3, 5, 7, 9]
    # The centre line stays at the aisle, so seat 1 lines up with the row in front.
    assert numbers(layout, 1) == [8, 6, 4, 2, 1, 3, 5]


def test_row_labels_skip_i_and_o() -> None:
    assert [row_label(i, RowStyle.LETTERS) for i in (1, 8, 9, 13, 14, 24, 25, 26)] == [
        "A",
        "H",
        "J",
        "N",
        "P",
        "Z",
        "AA",
        "AB",
    ]
    assert row_label(12, RowStyle.NUMERIC) == "12"
    labels = [row_label(i, RowStyle.LETTERS) for i in range(1, 700)]
    assert len(set(labels)) == len(labels)
    assert not any("I" in label or "O" in label for label in labels)


def test_numbering_labels_rows_skipping_cross_aisles() -> None:
    layout = erase(hall(4, 4), SID, Rect(0, 1, 4, 1))
    layout = number_seats(
        layout, SID, Rect(0, 0, 4, 4), Scheme.LEFT_TO_RIGHT, rows=RowLabels(RowStyle.LETTERS)
    )
    assert {s.y: s.row for s in layout.section(SID).seats} == {0: "A", 2: "B", 3: "C"}
    back = number_seats(
        layout, SID, Rect(0, 0, 4, 4), Scheme.LEFT_TO_RIGHT, rows=RowLabels(back_to_front=True)
    )
    assert {s.y: s.row for s in back.section(SID).seats} == {0: "3", 2: "2", 3: "1"}


@settings(max_examples=60, deadline=None)
@given(
    columns=st.sets(st.integers(0, 199), min_size=1, max_size=60),
    odd_side=st.sampled_from(Side),
)
def test_odd_even_properties(columns: set[int], odd_side: Side) -> None:
    xs = sorted(columns)
    got = seat_numbers(xs, Scheme.ODD_EVEN, odd_side=odd_side)
    assert len(set(got)) == len(got)  # unique in the row
    odd = [x for x, n in zip(xs, got, strict=True) if n % 2]
    even = [x for x, n in zip(xs, got, strict=True) if not n % 2]
    if odd and even:  # all odd on one side of all even
        assert (min(odd) > max(even)) if odd_side is Side.RIGHT else (max(odd) < min(even))
    # Counting outward: numbers grow with the distance from the centre.
    centre = (xs[0] + xs[-1]) / 2
    for side in (odd, even):
        by_distance = sorted(side, key=lambda x: abs(x - centre))
        assert [got[xs.index(x)] for x in by_distance] == sorted(got[xs.index(x)] for x in side)
    assert sorted(got[xs.index(x)] for x in odd) == list(range(1, 2 * len(odd), 2))
    assert sorted(got[xs.index(x)] for x in even) == list(range(2, 2 * len(even) + 1, 2))


@settings(max_examples=30, deadline=None)
@given(
    holes=st.sets(st.tuples(st.integers(0, 11), st.integers(0, 4)), max_size=20),
    scheme=st.sampled_from(Scheme),
)
def test_renumbering_keeps_ids_and_positions(holes: set[tuple[int, int]], scheme: Scheme) -> None:
    layout = erase(hall(12, 5), SID, holes)
    after = number_seats(layout, SID, Rect(0, 0, 12, 5), scheme, rows=RowLabels())
    before = {s.id: (s.x, s.y, s.zone, s.kind) for s in layout.section(SID).seats}
    assert {s.id: (s.x, s.y, s.zone, s.kind) for s in after.section(SID).seats} == before
    labels = [(s.row, s.number) for s in after.section(SID).seats]
    assert len(set(labels)) == len(labels)
    assert validate(after) == []


# --- editing ---------------------------------------------------------------------


def test_operations_are_pure() -> None:
    layout = hall()
    text = repr(layout)
    erase(layout, SID, Rect(0, 0, 3, 3))
    assign(layout, SID, Rect(0, 0, 3, 3), kind=SeatKind.WHEELCHAIR)
    number_seats(layout, SID, Rect(0, 0, 10, 3), Scheme.ODD_EVEN)
    assert repr(layout) == text


def test_paint_erase_and_assign() -> None:
    layout = hall(6, 2)
    assert layout.seat_count == 12
    layout = erase(layout, SID, Rect(2, 0, 2, 2))
    assert layout.seat_count == 8
    assert layout.section(SID).seat_at(2, 0) is None
    kept = layout.section(SID).seat_at(0, 0)
    again = paint(layout, SID, Rect(0, 0, 6, 1), zone="A")
    assert again.seat_count == 10
    assert again.section(SID).seat_at(0, 0) == kept  # painting keeps existing seats
    changed = assign(again, SID, [(0, 0), (5, 1)], zone="B", kind=SeatKind.NOT_FOR_SALE)
    seat = changed.section(SID).seat_at(5, 1)
    assert seat is not None and (seat.zone, seat.kind) == ("B", SeatKind.NOT_FOR_SALE)
    with pytest.raises(ValidationError, match="outside section"):
        paint(layout, SID, Rect(5, 1, 2, 1))


def test_mirror_twice_is_identity_and_keeps_ids() -> None:
    layout = erase(hall(7, 3), SID, [(0, 0), (1, 0), (6, 2)])
    block = Rect(0, 0, 5, 3)
    once = mirror_block(layout, SID, block)
    assert once != layout
    assert {s.id for s in once.section(SID).seats} == {s.id for s in layout.section(SID).seats}
    assert once.section(SID).seat_at(4, 0) is None and once.section(SID).seat_at(0, 0)
    assert mirror_block(once, SID, block) == layout


def test_copy_mirror_paste_makes_a_symmetric_half() -> None:
    layout = Layout(name="厅", zones=(Zone("A", "甲", "#ff0000"),))
    layout = add_section(layout, "池座", 9, 2, section_id=SID)
    layout = paint(layout, SID, [(0, 0), (1, 0), (2, 0), (1, 1), (2, 1)], zone="A")
    block = copy_block(layout, SID, Rect(0, 0, 4, 2))
    pasted = paste_block(layout, SID, block.mirrored(), 5, 0)
    cells = {(s.x, s.y) for s in pasted.section(SID).seats}
    assert cells == {(0, 0), (1, 0), (2, 0), (1, 1), (2, 1), (8, 0), (7, 0), (6, 0), (7, 1), (6, 1)}
    ids = [s.id for s in pasted.section(SID).seats]
    assert len(set(ids)) == len(ids) == 10  # pasted seats are new seats
    with pytest.raises(ValidationError, match="cover 5 seats"):
        paste_block(pasted, SID, block, 0, 0)
    with pytest.raises(ValidationError, match="outside"):
        paste_block(pasted, SID, block, 7, 0)


def test_resize_refuses_dropping_seats() -> None:
    layout = erase(hall(10, 3), SID, Rect(8, 0, 2, 3))
    smaller = resize_section(layout, SID, 8, 3)
    assert smaller.section(SID).columns == 8 and smaller.seat_count == layout.seat_count
    with pytest.raises(ValidationError) as refused:
        resize_section(layout, SID, 7, 3)
    assert refused.value.params["count"] == 3
    assert "1排8号" in refused.value.params["seats"]
    grown = resize_section(layout, SID, 12, 4, shift_x=2, shift_y=1)
    assert grown.section(SID).seat_at(2, 1) is not None
    with pytest.raises(ValidationError, match="1 to 200"):
        resize_section(layout, SID, 201, 3)
    with pytest.raises(ValidationError, match="1 to 200"):
        resize_section(layout, SID, 5, -1)


def test_add_and_remove_sections() -> None:
    base = hall()
    layout = add_section(base, "二楼楼座", 20, 5, x=0, y=10)
    assert [s.name for s in layout.sections] == ["池座", "二楼楼座"]
    assert remove_section(layout, layout.sections[1].id) == base
    with pytest.raises(ValidationError, match="no section"):
        remove_section(layout, "nope")
    with pytest.raises(ValidationError, match="already has a section"):
        add_section(layout, "again", 2, 2, section_id=SID)
    with pytest.raises(ValidationError):
        add_section(layout, "huge", 10_000, 1000)


# --- validation ---------------------------------------------------------------------


def test_a_good_layout_has_no_problems() -> None:
    layout = number_seats(hall(), SID, Rect(0, 0, 10, 3), Scheme.ODD_EVEN, rows=RowLabels())
    assert validate(layout, {"A": 10000}) == []


def test_validation_lists_every_problem_with_its_place() -> None:
    layout = number_seats(hall(4, 2), SID, Rect(0, 0, 4, 2), Scheme.LEFT_TO_RIGHT)
    section = layout.section(SID)
    seats = list(section.seats)
    seats[1] = replace(seats[1], number=1)  # row 1: two seat 1s
    seats[5] = replace(seats[5], id=seats[0].id)  # a copied id
    seats[6] = replace(seats[6], zone="")  # no zone
    seats[7] = replace(seats[7], zone="Z")  # a zone nobody defined
    big = replace(section, seats=tuple(seats))
    layout = replace(layout, sections=(big,))
    layout = add_section(layout, "包厢", 2, 2)
    layout = replace(
        layout, sections=(layout.sections[0], replace(layout.sections[1], columns=250))
    )
    problems = validate(layout, prices={})
    codes = [p.code for p in problems]
    assert sorted(codes) == sorted(
        [
            GRID_TOO_LARGE,
            DUPLICATE_LABEL,
            DUPLICATE_SEAT_ID,
            SEAT_WITHOUT_ZONE,
            UNKNOWN_ZONE,
            ZONE_WITHOUT_PRICE,
            ZONE_WITHOUT_PRICE,
        ]
    )
    by_code = {p.code: p for p in problems}
    dup = by_code[DUPLICATE_LABEL]
    assert dup.params == {
        "section": "池座",
        "seat": "1排1号",
        "row": 1,
        "column": 2,
        "other_row": 1,
        "other_column": 1,
    }
    assert dup.english() == (
        "Seat 1排1号 of 池座 (row 1, column 2) has the same label as the seat at row 1, column 1."
    )
    assert by_code[DUPLICATE_SEAT_ID].params["column"] == 2
    assert by_code[DUPLICATE_SEAT_ID].params["row"] == 2
    assert by_code[SEAT_WITHOUT_ZONE].params["column"] == 3
    assert by_code[UNKNOWN_ZONE].params["zone"] == "Z"
    assert by_code[GRID_TOO_LARGE].params["section"] == "包厢"
    assert {p.params["zone"] for p in problems if p.code == ZONE_WITHOUT_PRICE} == {"甲等", "Z"}
    assert validate(layout, prices={"A": 100, "Z": 1}) == [
        p for p in problems if p.code != ZONE_WITHOUT_PRICE
    ]


# --- versions -----------------------------------------------------------------


def test_diff_removed_seats_ignores_renumbering_and_moves() -> None:
    old = hall(6, 2)
    renumbered = number_seats(old, SID, Rect(0, 0, 6, 2), Scheme.ODD_EVEN)
    moved = mirror_block(renumbered, SID, Rect(0, 0, 6, 2))
    assert diff_removed_seats(old, moved) == []
    gone = [old.section(SID).seat_at(0, 0), old.section(SID).seat_at(5, 1)]
    new = next_version(erase(moved, SID, [(5, 0), (0, 1)]))
    assert new.version == 2
    assert diff_removed_seats(old, new) == [s.id for s in gone if s]


def test_content_hash_follows_content_not_version() -> None:
    layout = hall()
    assert content_hash(layout) == content_hash(next_version(layout))
    assert content_hash(layout) != content_hash(assign(layout, SID, [(0, 0)], zone="B"))
    assert len(content_hash(layout)) == 64


# --- demo ---------------------------------------------------------------------


def test_demo_grand_theatre() -> None:
    layout = demo.grand_theatre()
    assert 2000 <= layout.seat_count <= 4000
    assert [s.name for s in layout.sections] == ["一楼池座", "二楼楼座", "包厢"]
    assert validate(layout, {z.key: 10000 for z in layout.zones}) == []
    stalls = layout.sections[0]
    front = [s.number for s in stalls.seats if s.y == 0]
    assert front[len(front) // 2 - 1 : len(front) // 2 + 1] == [2, 1]  # 单双号 at the aisle
    kinds = {s.kind for _, s in layout.seats()}
    assert {SeatKind.WHEELCHAIR, SeatKind.COMPANION, SeatKind.RESTRICTED_VIEW} <= kinds
    box = layout.sections[2]
    assert layout.seat_label(box, box.seats[-1]) == "包厢 8号包厢6座"


def test_large_hall_generator() -> None:
    layout = demo.large_hall()
    assert layout.seat_count == 40_000
    assert len({s.id for _, s in layout.seats()}) == 40_000
