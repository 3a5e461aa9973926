"""Importing a pretix seating plan (the JSON its seating plan editor writes).

pretix places seats freely in pixels: a plan has ``zones`` (placed at a
position) holding ``rows`` (placed relative to their zone) holding ``seats``
(placed relative to their row, each with ``seat_guid``, ``seat_number`` and a
``category``), plus ``categories`` with a name and a colour, and ``areas``
(shapes and text). We fit the seats to grids:

* each pretix zone becomes a section;
* the seat pitch is the usual distance between neighbours in a row (across
  the whole plan), and the row pitch the usual distance between rows; a
  seat's cell is its position divided by the pitch, rounded; every seat of a
  pretix row lands in one grid row (its mean height), so curved rows stay rows;
* ``row_number`` is the row label, ``seat_number`` the seat number (it must
  be a whole number), the category is the zone (key and name);
* seats get new UUIDv7 ids; the result maps each ``seat_guid`` to its id;
* a rectangle area whose text says stage (舞台, Bühne, stage) is the stage.

A plan that does not fit (two seats in one cell, a grid over 200 x 200) is
refused, naming where.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Any

from jsonschema import Draft202012Validator

from boxoffice.errors import ValidationError
from boxoffice.i18n import QT_TRANSLATE_NOOP
from boxoffice.ids import new_id

from .csvio import PALETTE
from .jsonio import decode_text, parse_json
from .layout import (
    MAX_SEATS,
    MAX_SECTIONS,
    MAX_SIDE,
    Layout,
    Point,
    Seat,
    SeatId,
    SeatKind,
    Section,
    SectionId,
    Stage,
    Zone,
    intern,
)

_POSITION = {
    "type": "object",
    "required": ["x", "y"],
    "properties": {
        "x": {"type": "number", "minimum": -1e6, "maximum": 1e6},
        "y": {"type": "number", "minimum": -1e6, "maximum": 1e6},
    },
}
_TEXT = {"type": "string", "maxLength": 200}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "description": "The parts of a pretix seating plan that the import reads.",
    "type": "object",
    "required": ["zones", "categories"],
    "properties": {
        "name": _TEXT,
        "categories": {
            "type": "array",
            "maxItems": 256,
            "items": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": _TEXT, "color": _TEXT},
            },
        },
        "zones": {
            "type": "array",
            "maxItems": MAX_SECTIONS,
            "items": {
                "type": "object",
                "required": ["position", "rows"],
                "properties": {
                    "name": _TEXT,
                    "position": _POSITION,
                    "rows": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["row_number", "seats"],
                            "properties": {
                                "row_number": _TEXT,
                                "position": _POSITION,
                                "seats": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": [
                                            "seat_guid",
                                            "seat_number",
                                            "position",
                                            "category",
                                        ],
                                        "properties": {
                                            "seat_guid": _TEXT,
                                            "seat_number": _TEXT,
                                            "position": _POSITION,
                                            "category": _TEXT,
                                        },
                                    },
                                },
                            },
                        },
                    },
                    "areas": {"type": "array"},
                },
            },
        },
    },
}
STAGE_WORDS = ("舞台", "stage", "bühne", "buehne")


@dataclass(frozen=True, slots=True)
class PretixImport:
    layout: Layout
    seat_ids: dict[str, SeatId]
    """pretix ``seat_guid`` -> our seat id."""


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(SCHEMA)


def import_pretix(data: bytes | str) -> PretixImport:
    """A layout from a pretix seating plan; refused with a clear message."""
    doc = parse_json(decode_text(data))
    if isinstance(doc, dict):
        # Count before the schema walks every seat: a huge plan is refused at once.
        count = sum(
            len(row.get("seats", ()))
            for zone in doc.get("zones", ()) if isinstance(zone, dict)
            for row in zone.get("rows", ()) if isinstance(row, dict)
        )  # fmt: skip
        if count > MAX_SEATS:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "core", "The layout has {count} seats; at most {limit} are allowed."
                ),
                count=count,
                limit=MAX_SEATS,
            )
    error = next(_validator().iter_errors(doc), None)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "/"
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "core", "This is not a pretix seating plan we can read ({where}: {detail})."
            ),
            where=where,
            detail=error.message[:200],
        )
    return _convert(doc)


def _convert(doc: dict[str, Any]) -> PretixImport:
    placed: list[tuple[int, str, str, str, float, list[tuple[float, dict[str, Any]]]]] = []
    for z, zone in enumerate(doc["zones"]):
        zx, zy = zone["position"]["x"], zone["position"]["y"]
        for row in zone["rows"]:
            rpos = row.get("position", {"x": 0, "y": 0})
            rx, ry = zx + rpos["x"], zy + rpos["y"]
            seats = [(rx + s["position"]["x"], s) for s in row["seats"]]
            if not seats:
                continue
            mean_y = statistics.fmean(ry + s["position"]["y"] for _, s in seats)
            label = "".join(row["row_number"].split()).replace(":", "-")[:16] or "?"
            placed.append(
                (z, zone.get("name") or f"区域{z + 1}", label, row["row_number"], mean_y, seats)
            )
    pitch_x = _pitch(sorted(x for x, _ in seats) for *_, seats in placed)
    pitch_y = _pitch([sorted({round(p[4], 3) for p in placed})])

    categories = {c["name"]: c.get("color", "") for c in doc["categories"]}
    keys: dict[str, str] = {}
    for name in [*categories, *(s["category"] for *_, seats in placed for _, s in seats)]:
        if name not in keys:
            keys[name] = intern(("".join(name.split()).replace(":", "-") or "?")[:32])
    zones = tuple(
        Zone(key, name or key, _colour(categories.get(name, ""), i))
        for i, (name, key) in enumerate(keys.items())
    )

    guid_to_id: dict[str, SeatId] = {}
    sections = []
    for z in range(len(doc["zones"])):
        rows = [p for p in placed if p[0] == z]
        if not rows:
            continue
        min_x = min(x for *_, seats in rows for x, _ in seats)
        min_y = min(p[4] for p in rows)
        name = rows[0][1][:100]
        at: dict[tuple[int, int], str] = {}
        made = []
        for _, _, label, row_number, mean_y, seats in rows:
            y = round((mean_y - min_y) / pitch_y)
            for ax, seat in seats:
                x = round((ax - min_x) / pitch_x)
                number = seat["seat_number"].strip()
                if not (number.isascii() and number.isdigit() and 1 <= int(number) <= 9999):
                    raise ValidationError(
                        QT_TRANSLATE_NOOP(
                            "core",
                            "Zone {zone}, row {row}: seat number {number} is not a whole number from 1 to 9999.",
                        ),
                        zone=name,
                        row=row_number,
                        number=number,
                    )
                if x >= MAX_SIDE or y >= MAX_SIDE:
                    raise ValidationError(
                        QT_TRANSLATE_NOOP(
                            "core",
                            "Zone {zone} does not fit a grid of {limit} x {limit} seats.",
                        ),
                        zone=name,
                        limit=MAX_SIDE,
                    )
                if (x, y) in at:
                    raise ValidationError(
                        QT_TRANSLATE_NOOP(
                            "core",
                            "Zone {zone}: seats {first} and {second} of row {row} fall on the same place of the grid.",
                        ),
                        zone=name,
                        first=at[(x, y)],
                        second=number,
                        row=row_number,
                    )
                guid = seat["seat_guid"]
                if guid in guid_to_id:
                    raise ValidationError(
                        QT_TRANSLATE_NOOP(
                            "core",
                            "Seat id {id} is used more than once (section {section}, row {row}, column {column}).",
                        ),
                        id=guid,
                        section=name,
                        row=y + 1,
                        column=x + 1,
                    )
                at[(x, y)] = number
                seat_id = SeatId(new_id())
                guid_to_id[guid] = seat_id
                made.append(
                    Seat(
                        x,
                        y,
                        intern(label),
                        int(number),
                        keys[seat["category"]],
                        SeatKind.NORMAL,
                        seat_id,
                    )
                )
        sections.append(
            Section(
                id=SectionId(new_id()),
                name=name,
                columns=max(s.x for s in made) + 1,
                rows=max(s.y for s in made) + 1,
                seats=tuple(made),
                x=round(min_x / pitch_x, 2),
                y=round(min_y / pitch_y, 2),
            )
        )
    stage = _stage(doc, pitch_x, pitch_y, sections)
    layout = Layout(
        name=(doc.get("name") or "pretix")[:100],
        sections=tuple(sections),
        zones=zones,
        stage=stage,
        focal_point=Point(stage.x + stage.width / 2, stage.y + stage.height),
    )
    return PretixImport(layout, guid_to_id)


def _pitch(rows: Iterable[list[float]]) -> float:
    """The usual gap between neighbours (the median of the gaps), 1 if none."""
    gaps = [b - a for values in rows for a, b in pairwise(values) if b - a > 1e-6]
    return statistics.median(gaps) if gaps else 1.0


def _stage(doc: dict[str, Any], pitch_x: float, pitch_y: float, sections: list[Section]) -> Stage:
    for zone in doc["zones"]:
        zx, zy = zone["position"]["x"], zone["position"]["y"]
        for area in zone.get("areas", ()):
            if not isinstance(area, dict):
                continue
            text = area.get("text")
            words = (text.get("text", "") if isinstance(text, dict) else str(text or "")).lower()
            rect = area.get("rectangle")
            position = area.get("position")
            if (
                any(w in words for w in STAGE_WORDS)
                and isinstance(rect, dict)
                and isinstance(position, dict)
            ):
                try:
                    return Stage(
                        round((zx + float(position["x"])) / pitch_x, 2),
                        round((zy + float(position["y"])) / pitch_y, 2),
                        max(1.0, round(float(rect["width"]) / pitch_x, 2)),
                        max(1.0, round(float(rect["height"]) / pitch_y, 2)),
                        "舞台",
                    )
                except (KeyError, TypeError, ValueError):
                    continue
    left = min((s.x for s in sections), default=0)
    right = max((s.x + s.columns for s in sections), default=20)
    top = min((s.y for s in sections), default=0)
    return Stage(left, top - 4, max(1, right - left), 3, "舞台")


def _colour(value: str, index: int) -> str:
    if (
        len(value) == 7
        and value[0] == "#"
        and all(c in "0123456789abcdefABCDEF" for c in value[1:])
    ):
        return value.lower()
    return PALETTE[index % len(PALETTE)]
