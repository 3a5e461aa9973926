"""Layouts as CSV: one line per seat, for editing seat lists in a spreadsheet.

Columns (header line required, any order): ``section``, ``section_id``,
``x``, ``y``, ``row``, ``seat``, ``zone``, ``kind``, ``id``. ``x`` and ``y``
are grid columns and rows from 0; ``kind`` is one of normal, wheelchair,
companion, restricted_view, not_for_sale; an empty ``id`` makes a new seat
(a new UUIDv7), an empty ``section_id`` finds the section by name. Written
as UTF-8 with a byte-order mark so Excel on Chinese Windows reads it right.

Importing onto a ``base`` layout replaces the seats of its sections and keeps
everything else (stage, zones, grid sizes, templates); without one, sections
are as large as their seats need and zones are named by their keys.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import replace

from boxoffice.errors import ValidationError
from boxoffice.i18n import QT_TRANSLATE_NOOP
from boxoffice.ids import new_id

from .jsonio import decode_text
from .layout import (
    MAX_NAME,
    MAX_SEATS,
    MAX_SECTIONS,
    MAX_SIDE,
    Layout,
    Seat,
    SeatId,
    SeatKind,
    Section,
    SectionId,
    Zone,
    intern,
)

COLUMNS = ("section", "section_id", "x", "y", "row", "seat", "zone", "kind", "id")
PALETTE = ("#c0392b", "#e67e22", "#2980b9", "#27ae60", "#8e44ad", "#16a085", "#7f8c8d")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_LABEL = re.compile(r"^[^\s:]{1,16}$")
_KEY = re.compile(r"^[^\s:]{0,32}$")


def dumps_csv(layout: Layout) -> str:
    """The seats as CSV text (with a byte-order mark), front to back per section."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for section, seat in layout.seats():
        writer.writerow(
            (section.name, section.id, seat.x, seat.y, seat.row, seat.number, seat.zone,
             seat.kind.value, seat.id)
        )  # fmt: skip
    return out.getvalue()


def loads_csv(data: bytes | str, *, base: Layout | None = None, name: str = "导入") -> Layout:
    """A layout from CSV text; refused with the line of the first problem."""
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "The CSV file is empty.")) from None
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "The CSV file lacks the columns {columns}."),
            columns=", ".join(missing),
        )
    index = {c: header.index(c) for c in COLUMNS}
    sections: dict[str, tuple[SectionId, str, list[Seat]]] = {}
    by_name: dict[str, str] = {}
    if base is not None:
        for s in base.sections:
            sections[s.id] = (s.id, s.name, [])
            by_name.setdefault(s.name, s.id)
    ids: set[str] = set()
    cells: set[tuple[str, int, int]] = set()
    for line, fields in _numbered(reader):
        if line - 1 > MAX_SEATS:
            raise ValidationError(
                QT_TRANSLATE_NOOP("core", "The CSV file has more than {limit} seats."),
                limit=MAX_SEATS,
            )
        if not any(fields):
            continue
        if len(fields) < len(header):
            raise _bad(line, "columns", len(fields))
        value = {c: fields[i].strip() for c, i in index.items()}
        sid = value["section_id"] or by_name.get(value["section"], "")
        if sid and not _UUID.match(sid):
            raise _bad(line, "section_id", sid)
        if not sid:
            if not value["section"] or len(value["section"]) > MAX_NAME:
                raise _bad(line, "section", value["section"])
            sid = new_id()
            by_name[value["section"]] = sid
        if sid not in sections:
            if base is not None:
                raise _bad(line, "section_id", sid)
            if len(sections) >= MAX_SECTIONS:
                raise _bad(line, "section", value["section"])
            sections[sid] = (SectionId(sid), value["section"] or sid, [])
        x, y, number = (
            _int(line, value, "x", 0, MAX_SIDE - 1),
            _int(line, value, "y", 0, MAX_SIDE - 1),
            _int(line, value, "seat", 1, 9999),
        )
        if not _LABEL.match(value["row"]):
            raise _bad(line, "row", value["row"])
        if not _KEY.match(value["zone"]):
            raise _bad(line, "zone", value["zone"])
        try:
            kind = SeatKind(value["kind"] or "normal")
        except ValueError:
            raise _bad(line, "kind", value["kind"]) from None
        seat_id = value["id"] or new_id()
        if not _UUID.match(seat_id):
            raise _bad(line, "id", seat_id)
        if seat_id in ids:
            raise ValidationError(
                QT_TRANSLATE_NOOP("core", "Line {line}: seat id {id} is used more than once."),
                line=line,
                id=seat_id,
            )
        if (sid, x, y) in cells:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "core", "Line {line}: another seat is already at row {row}, column {column}."
                ),
                line=line,
                row=y + 1,
                column=x + 1,
            )
        ids.add(seat_id)
        cells.add((sid, x, y))
        sections[sid][2].append(
            Seat(x, y, intern(value["row"]), number, intern(value["zone"]), kind, SeatId(seat_id))
        )
    return _assemble(sections, base, name)


def _assemble(
    sections: dict[str, tuple[SectionId, str, list[Seat]]], base: Layout | None, name: str
) -> Layout:
    if base is not None:
        built = []
        for section in base.sections:
            seats = sections[section.id][2]
            outside = [s for s in seats if not section.contains(s.x, s.y)]
            if outside:
                raise ValidationError(
                    QT_TRANSLATE_NOOP(
                        "core",
                        "Section {section}: row {row}, column {column} is outside its {columns} x {rows} grid.",
                    ),
                    section=section.name,
                    row=outside[0].y + 1,
                    column=outside[0].x + 1,
                    columns=section.columns,
                    rows=section.rows,
                )
            built.append(section.with_seats(seats))
        return replace(base, sections=tuple(built))
    made = tuple(
        Section(
            id=sid,
            name=section_name,
            columns=max((s.x for s in seats), default=0) + 1,
            rows=max((s.y for s in seats), default=0) + 1,
            seats=tuple(seats),
        )
        for sid, section_name, seats in sections.values()
    )
    keys = sorted({s.zone for sec in made for s in sec.seats if s.zone})
    zones = tuple(Zone(k, k, PALETTE[i % len(PALETTE)]) for i, k in enumerate(keys))
    return Layout(name=name, sections=made, zones=zones)


def _numbered(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    try:
        yield from enumerate(reader, start=2)
    except csv.Error as e:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "The CSV file cannot be read: {reason}"), reason=str(e)
        ) from None


def _int(line: int, value: dict[str, str], column: str, low: int, high: int) -> int:
    text = value[column]
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise _bad(line, column, text)
    return int(text)


def _bad(line: int, column: str, value: object) -> ValidationError:
    shown = str(value)
    return ValidationError(
        QT_TRANSLATE_NOOP("core", "Line {line}: {value} is not a valid {column}."),
        line=line,
        value=shown if len(shown) <= 40 else shown[:40] + "…",
        column=column,
    )
