"""Checking a layout: every problem, each with its place.

The designer shows these live, so ``validate`` lists problems instead of
stopping at the first, and never raises. Each problem has a code for
programs, an English message marked for translation and its parameters
(the section's name, the grid row and column counted from 1, the seat's
label), like the refusals of the core.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from boxoffice.i18n import QT_TRANSLATE_NOOP

from .layout import MAX_SIDE, Layout, Seat, SeatId, Section, format_label

DUPLICATE_LABEL = "duplicate_label"
DUPLICATE_SEAT_ID = "duplicate_seat_id"
SEAT_WITHOUT_ZONE = "seat_without_zone"
UNKNOWN_ZONE = "unknown_zone"
ZONE_WITHOUT_PRICE = "zone_without_price"
GRID_TOO_LARGE = "grid_too_large"
SEAT_OUTSIDE_GRID = "seat_outside_grid"
SEATS_OVERLAP = "seats_overlap"


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def english(self) -> str:
        return self.message.format(**self.params)


def validate(layout: Layout, prices: Mapping[str, int] | None = None) -> list[Problem]:
    """Every problem of ``layout``; empty when it is fine.

    With ``prices`` (zone key -> price in fen) it also lists each zone that
    has seats but no price, as a session about to go on sale needs.
    """
    problems: list[Problem] = []
    zones = {z.key for z in layout.zones}
    first_of_id: dict[SeatId, tuple[Section, Seat]] = {}
    used_zones: dict[str, tuple[Section, Seat]] = {}
    for section in layout.sections:
        template = layout.template_for(section)
        if not (1 <= section.columns <= MAX_SIDE and 1 <= section.rows <= MAX_SIDE):
            problems.append(
                Problem(
                    GRID_TOO_LARGE,
                    QT_TRANSLATE_NOOP(
                        "core",
                        "Section {section} is {columns} x {rows} cells; at most {limit} x {limit} are allowed.",
                    ),
                    {
                        "section": section.name,
                        "columns": section.columns,
                        "rows": section.rows,
                        "limit": MAX_SIDE,
                    },
                )
            )
        first_of_label: dict[tuple[str, int], Seat] = {}
        first_at: dict[tuple[int, int], Seat] = {}
        for seat in section.seats:
            place = _place(section, seat, template)
            if not section.contains(seat.x, seat.y):
                problems.append(
                    Problem(
                        SEAT_OUTSIDE_GRID,
                        QT_TRANSLATE_NOOP(
                            "core",
                            "Seat {seat} of {section} is at row {row}, column {column}, outside the grid.",
                        ),
                        place,
                    )
                )
            if (seat.x, seat.y) in first_at:
                problems.append(
                    Problem(
                        SEATS_OVERLAP,
                        QT_TRANSLATE_NOOP(
                            "core",
                            "Two seats of {section} are in the same cell, row {row}, column {column}.",
                        ),
                        place,
                    )
                )
            first_at.setdefault((seat.x, seat.y), seat)
            other = first_of_label.setdefault((seat.row, seat.number), seat)
            if other is not seat:
                problems.append(
                    Problem(
                        DUPLICATE_LABEL,
                        QT_TRANSLATE_NOOP(
                            "core",
                            "Seat {seat} of {section} (row {row}, column {column}) has the same label as the seat at row {other_row}, column {other_column}.",
                        ),
                        {**place, "other_row": other.y + 1, "other_column": other.x + 1},
                    )
                )
            earlier = first_of_id.setdefault(seat.id, (section, seat))
            if earlier[1] is not seat:
                problems.append(
                    Problem(
                        DUPLICATE_SEAT_ID,
                        QT_TRANSLATE_NOOP(
                            "core",
                            "Seat {seat} of {section} (row {row}, column {column}) has the same id as seat {other_seat} of {other_section}.",
                        ),
                        {
                            **place,
                            "id": seat.id,
                            "other_seat": format_label(layout.template_for(earlier[0]), earlier[1]),
                            "other_section": earlier[0].name,
                        },
                    )
                )
            if not seat.zone:
                problems.append(
                    Problem(
                        SEAT_WITHOUT_ZONE,
                        QT_TRANSLATE_NOOP(
                            "core",
                            "Seat {seat} of {section} (row {row}, column {column}) has no price zone.",
                        ),
                        place,
                    )
                )
            elif seat.zone not in zones:
                problems.append(
                    Problem(
                        UNKNOWN_ZONE,
                        QT_TRANSLATE_NOOP(
                            "core",
                            "Seat {seat} of {section} (row {row}, column {column}) is in zone {zone}, which the layout does not define.",
                        ),
                        {**place, "zone": seat.zone},
                    )
                )
            if seat.zone:
                used_zones.setdefault(seat.zone, (section, seat))
    if prices is not None:
        names = {z.key: z.name for z in layout.zones}
        for key, (section, seat) in used_zones.items():
            if key not in prices:
                problems.append(
                    Problem(
                        ZONE_WITHOUT_PRICE,
                        QT_TRANSLATE_NOOP(
                            "core",
                            "Zone {zone} has seats (the first is {seat} of {section}) but no price.",
                        ),
                        {
                            "zone": names.get(key, key),
                            "seat": format_label(layout.template_for(section), seat),
                            "section": section.name,
                        },
                    )
                )
    return problems


def _place(section: Section, seat: Seat, template: str) -> dict[str, Any]:
    return {
        "section": section.name,
        "seat": format_label(template, seat),
        "row": seat.y + 1,
        "column": seat.x + 1,
    }
