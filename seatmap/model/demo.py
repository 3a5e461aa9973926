"""Demo layouts: the demo venue's 大剧场, and a 40,000-seat hall for benchmarks.

The 大剧场 is built with the same editing operations the designer uses, as an
administrator would: paint the blocks, cut the aisles, number each floor
单双号 from the centre, then set zones and the accessible places.
"""

from __future__ import annotations

from dataclasses import replace

from boxoffice.ids import new_id

from .edit import RowLabels, add_section, assign, erase, number_seats, paint, update_section
from .layout import Layout, Point, Rect, Seat, SeatId, SeatKind, Section, SectionId, Stage, Zone
from .numbering import Scheme

ZONES = (
    Zone("A", "甲等", "#c0392b"),
    Zone("B", "乙等", "#e67e22"),
    Zone("C", "丙等", "#2980b9"),
    Zone("D", "丁等", "#27ae60"),
    Zone("VIP", "包厢", "#8e44ad"),
)


def grand_theatre() -> Layout:
    """The demo's 大剧场: about 2,500 seats on three sections.

    * 一楼池座: 32 rows, 55 columns, a centre aisle (column 28) and a cross
      aisle after row 12; the front corners cut away. Numbered 单双号 across
      the whole row, odd on house right. Zones 甲 (rows 1-8), 乙, 丙 (21-).
      Wheelchair places with a companion seat at both ends of the last row.
    * 二楼楼座: 14 rows, 61 columns, two aisles; 单双号, zones 丙 and 丁, the
      outer seats of the last three rows have a restricted view.
    * 包厢: eight boxes of 2 x 3 seats; labels read 3号包厢5座.
    """
    layout = Layout(
        name="大剧场",
        zones=ZONES,
        stage=Stage(8, -7, 40, 5, "舞台"),
        # Where the view of the stage is best: centre, a few rows back (not the
        # stage edge, where the first row would always win "best available").
        focal_point=Point(27.5, 8),
    )
    stalls, balcony, boxes = (SectionId(new_id()) for _ in range(3))

    # 一楼池座 (the stalls): 33 grid rows, one of them the cross aisle.
    layout = add_section(layout, "一楼池座", 55, 33, section_id=stalls)
    layout = paint(layout, stalls, Rect(0, 0, 55, 33), zone="B")
    layout = erase(layout, stalls, Rect(27, 0, 1, 33))  # centre aisle
    layout = erase(layout, stalls, Rect(0, 12, 55, 1))  # cross aisle
    for y, cut in enumerate((8, 6, 4, 3, 2, 1)):  # the front corners
        layout = erase(layout, stalls, Rect(0, y, cut, 1))
        layout = erase(layout, stalls, Rect(55 - cut, y, cut, 1))
    layout = number_seats(layout, stalls, Rect(0, 0, 55, 33), Scheme.ODD_EVEN, rows=RowLabels())
    layout = assign(layout, stalls, Rect(0, 0, 55, 8), zone="A")
    layout = assign(layout, stalls, Rect(0, 21, 55, 12), zone="C")
    # Wheelchair places at both ends of the last row, each with a companion seat.
    layout = assign(layout, stalls, [(0, 32), (54, 32)], kind=SeatKind.WHEELCHAIR)
    layout = assign(layout, stalls, [(1, 32), (53, 32)], kind=SeatKind.COMPANION)

    # 二楼楼座 (the balcony), above and behind the stalls.
    layout = add_section(layout, "二楼楼座", 61, 14, x=-3, y=36, section_id=balcony)
    layout = update_section(layout, balcony, label_template="楼座{row}排{seat}号")
    layout = paint(layout, balcony, Rect(0, 0, 61, 14), zone="C")
    layout = erase(layout, balcony, Rect(12, 0, 1, 14))
    layout = erase(layout, balcony, Rect(48, 0, 1, 14))
    layout = number_seats(layout, balcony, Rect(0, 0, 61, 14), Scheme.ODD_EVEN, rows=RowLabels())
    layout = assign(layout, balcony, Rect(0, 7, 61, 7), zone="D")
    for x in (0, 58):
        layout = assign(layout, balcony, Rect(x, 11, 3, 3), kind=SeatKind.RESTRICTED_VIEW)

    # 包厢: eight boxes of two rows of three along one grid.
    layout = add_section(layout, "包厢", 31, 2, x=12, y=52, section_id=boxes)
    layout = update_section(layout, boxes, label_template="{row}号包厢{seat}座")
    for box in range(8):
        layout = paint(layout, boxes, Rect(box * 4, 0, 3, 2), zone="VIP")
    section = layout.section(boxes)
    seats = []
    for seat in section.seats:
        box = seat.x // 4
        seats.append(replace(seat, row=str(box + 1), number=seat.y * 3 + seat.x % 4 + 1))
    return _with_section(layout, section.with_seats(seats))


def large_hall(seats: int = 40_000) -> Layout:
    """A hall of ``seats`` seats in 100 x 100 sections (benchmarks)."""
    sections = []
    left = seats
    index = 0
    while left > 0:
        size = min(left, 10_000)
        rows = -(-size // 100)
        made = []
        for i in range(size):
            y, x = divmod(i, 100)
            zone = ("A", "B", "C", "D")[min(3, y // 25)]
            made.append(Seat(x, y, str(y + 1), x + 1, zone, SeatKind.NORMAL, SeatId(new_id())))
        sections.append(
            Section(
                id=SectionId(new_id()),
                name=f"区域{index + 1}",
                columns=100,
                rows=rows,
                seats=tuple(made),
                x=(index % 2) * 104,
                y=(index // 2) * 104,
            )
        )
        left -= size
        index += 1
    return Layout(
        name="大型场馆",
        sections=tuple(sections),
        zones=ZONES[:4],
        stage=Stage(50, -12, 104, 8, "舞台"),
        focal_point=Point(102, -4),
    )


def _with_section(layout: Layout, section: Section) -> Layout:
    return replace(
        layout, sections=tuple(section if s.id == section.id else s for s in layout.sections)
    )
