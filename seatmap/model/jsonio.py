"""Reading and writing layouts in our JSON format (``boxoffice-layout``, version 1).

Every load is checked against ``layout.schema.json`` (JSON Schema 2020-12)
with the ``jsonschema`` library, then for what a schema cannot say (unique
ids and cells, seats inside their grid). Hostile input is refused before
anything large is built: the file's size is capped before it is read, the
seat count is taken from the text before seats are made, and nothing is
changed by a refused load. See docs/seat-layout-format.md.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from boxoffice.errors import ValidationError
from boxoffice.i18n import QT_TRANSLATE_NOOP

from .layout import (
    MAX_SEATS,
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

FORMAT = "boxoffice-layout"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 16 * 1024 * 1024
"""Larger files are refused unread (a 40,000-seat hall is about 2 MB)."""

KIND_CODE = {
    SeatKind.NORMAL: "n",
    SeatKind.WHEELCHAIR: "w",
    SeatKind.COMPANION: "c",
    SeatKind.RESTRICTED_VIEW: "r",
    SeatKind.NOT_FOR_SALE: "x",
}
CODE_KIND = {code: kind for kind, code in KIND_CODE.items()}


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of format version 1."""
    text = resources.files(__package__).joinpath("layout.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


# --- writing --------------------------------------------------------------------


def to_dict(layout: Layout) -> dict[str, Any]:
    """The layout as the JSON document of format version 1."""
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "name": layout.name,
        "layout_version": layout.version,
        "label_template": layout.label_template,
        "stage": {
            "x": _num(layout.stage.x),
            "y": _num(layout.stage.y),
            "width": _num(layout.stage.width),
            "height": _num(layout.stage.height),
            "label": layout.stage.label,
        },
        "focal_point": {"x": _num(layout.focal_point.x), "y": _num(layout.focal_point.y)},
        "zones": [{"key": z.key, "name": z.name, "colour": z.colour} for z in layout.zones],
        "sections": [_section_dict(s) for s in layout.sections],
    }


def dumps(layout: Layout) -> str:
    """The canonical text: the same layout always gives the same text."""
    return json.dumps(to_dict(layout), ensure_ascii=False, indent=1) + "\n"


def save(layout: Layout, path: Path) -> None:
    path.write_text(dumps(layout), encoding="utf-8")


def _section_dict(section: Section) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": section.id,
        "name": section.name,
        "x": _num(section.x),
        "y": _num(section.y),
        "columns": section.columns,
        "rows": section.rows,
    }
    if section.label_template:
        out["label_template"] = section.label_template
    out["grid"] = [
        {"y": y, "label": label, "seats": " ".join(_token(s, label) for s in seats)}
        for y, label, seats in _grid_rows(section)
    ]
    return out


def _grid_rows(section: Section) -> Iterator[tuple[int, str, list[Seat]]]:
    row: list[Seat] = []
    for seat in section.seats:
        if row and row[0].y != seat.y:
            yield _grid_row(row)
            row = []
        row.append(seat)
    if row:
        yield _grid_row(row)


def _grid_row(seats: list[Seat]) -> tuple[int, str, list[Seat]]:
    # The most common label, the first seat's on a tie, so output is stable.
    counts = Counter(s.row for s in seats)
    top = max(counts.values())
    label = next(s.row for s in seats if counts[s.row] == top)
    return seats[0].y, label, seats


def _token(seat: Seat, row_label: str) -> str:
    token = f"{seat.x}:{seat.number}:{seat.zone}:{KIND_CODE[seat.kind]}:{seat.id}"
    return token if seat.row == row_label else f"{token}:{seat.row}"


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


# --- reading --------------------------------------------------------------------


def load(path: Path) -> Layout:
    """Read a layout file, refusing one over ``MAX_FILE_BYTES`` unread."""
    return loads(read_capped(path))


def read_capped(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, refused without reading when larger than ``limit``."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise _too_big(size, limit)
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as e:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Cannot read {path}: {reason}"),
            path=str(path),
            reason=e.strerror or str(e),
        ) from e
    if len(data) > limit:  # it grew while we looked, or is not a regular file
        raise _too_big(len(data), limit)
    return data


def decode_text(data: bytes | str, limit: int = MAX_FILE_BYTES) -> str:
    """UTF-8 text (a byte-order mark is allowed), refused if too long or invalid."""
    if isinstance(data, str):
        if len(data) > limit:
            raise _too_big(len(data), limit)
        return data.removeprefix("\ufeff")
    if len(data) > limit:
        raise _too_big(len(data), limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "The file is not valid UTF-8 text (byte {offset})."),
            offset=e.start,
        ) from None


def parse_json(text: str) -> Any:
    """Parse JSON, refusing repeated keys and nesting too deep to parse."""
    try:
        return json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as e:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "core", "The file is not valid JSON: {reason} (line {line}, column {column})."
            ),
            reason=e.msg,
            line=e.lineno,
            column=e.colno,
        ) from None
    except RecursionError:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "The file is nested too deeply to be a layout.")
        ) from None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValidationError(
                QT_TRANSLATE_NOOP("core", "The file repeats the key {key} in one object."),
                key=key,
            )
        out[key] = value
    return out


def loads(data: bytes | str) -> Layout:
    """A layout from JSON text or bytes, validated; refused with a clear message."""
    doc = parse_json(decode_text(data))
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "This is not a BoxOffice layout file."))
    version = doc.get("version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "core",
                "This layout file has format version {version}; this BoxOffice reads up to version {supported}.",
            ),
            version=version,
            supported=FORMAT_VERSION,
        )
    error = next(_validator().iter_errors(doc), None)
    if error is not None:
        raise _schema_refusal(error)
    return from_dict(doc)


def _schema_refusal(error: SchemaError) -> ValidationError:
    where = "/".join(str(p) for p in error.absolute_path) or "/"
    detail = error.message if len(error.message) <= 200 else error.message[:200] + "…"
    return ValidationError(
        QT_TRANSLATE_NOOP("core", "The layout file is not valid at {where}: {detail}"),
        where=where,
        detail=detail,
    )


def from_dict(doc: dict[str, Any]) -> Layout:
    """Build a layout from a document that passed the schema."""
    total = sum(
        row["seats"].count(" ") + 1 if row["seats"] else 0
        for section in doc["sections"]
        for row in section["grid"]
    )
    if total > MAX_SEATS:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "The layout has {count} seats; at most {limit} are allowed."),
            count=total,
            limit=MAX_SEATS,
        )
    zones = tuple(Zone(intern(z["key"]), z["name"], z["colour"]) for z in doc["zones"])
    repeated = [k for k, n in Counter(z.key for z in zones).items() if n > 1]
    if repeated:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Zone key {key} is used more than once."), key=repeated[0]
        )
    seen_ids: set[str] = set()
    sections = []
    for s in doc["sections"]:
        if s["id"] in seen_ids:
            raise ValidationError(
                QT_TRANSLATE_NOOP("core", "Two sections have the id {id}."), id=s["id"]
            )
        seen_ids.add(s["id"])
        sections.append(_section(s, seen_ids))
    stage = doc["stage"]
    focal = doc["focal_point"]
    return Layout(
        name=doc["name"],
        sections=tuple(sections),
        zones=zones,
        stage=Stage(stage["x"], stage["y"], stage["width"], stage["height"], stage["label"]),
        focal_point=Point(focal["x"], focal["y"]),
        label_template=doc["label_template"],
        version=doc["layout_version"],
    )


def _section(doc: dict[str, Any], seen_ids: set[str]) -> Section:
    name, columns, rows = doc["name"], doc["columns"], doc["rows"]
    seats: list[Seat] = []
    rows_seen: set[int] = set()
    for row in doc["grid"]:
        y = row["y"]
        if y >= rows or y in rows_seen:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "core",
                    "Section {section}: grid row {row} is repeated or outside its {rows} rows.",
                ),
                section=name,
                row=y + 1,
                rows=rows,
            )
        rows_seen.add(y)
        label = intern(row["label"])
        columns_seen: set[int] = set()
        for token in row["seats"].split(" ") if row["seats"] else ():
            fields = token.split(":")
            x = int(fields[0])
            seat_id = fields[4]
            if x >= columns or x in columns_seen:
                raise ValidationError(
                    QT_TRANSLATE_NOOP(
                        "core",
                        "Section {section}: row {row}, column {column} is repeated or outside its {columns} columns.",
                    ),
                    section=name,
                    row=y + 1,
                    column=x + 1,
                    columns=columns,
                )
            if seat_id in seen_ids:
                raise ValidationError(
                    QT_TRANSLATE_NOOP(
                        "core",
                        "Seat id {id} is used more than once (section {section}, row {row}, column {column}).",
                    ),
                    id=seat_id,
                    section=name,
                    row=y + 1,
                    column=x + 1,
                )
            columns_seen.add(x)
            seen_ids.add(seat_id)
            seats.append(
                Seat(
                    x,
                    y,
                    intern(fields[5]) if len(fields) > 5 else label,
                    int(fields[1]),
                    intern(fields[2]),
                    CODE_KIND[fields[3]],
                    SeatId(seat_id),
                )
            )
    return Section(
        id=SectionId(doc["id"]),
        name=name,
        columns=columns,
        rows=rows,
        seats=tuple(seats),
        x=doc["x"],
        y=doc["y"],
        label_template=doc.get("label_template"),
    )


def _too_big(size: int, limit: int) -> ValidationError:
    return ValidationError(
        QT_TRANSLATE_NOOP(
            "core", "The file is {size} bytes; layouts of more than {limit} bytes are refused."
        ),
        size=size,
        limit=limit,
    )
