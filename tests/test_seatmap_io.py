"""Layout files: JSON round trips, CSV, pretix import, the PDF chart, hostile input."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import tracemalloc
from pathlib import Path

import pytest

from boxoffice.errors import ValidationError
from seatmap.model import (
    Layout,
    Rect,
    RowLabels,
    Scheme,
    SeatKind,
    Zone,
    add_section,
    assign,
    demo,
    dumps,
    jsonio,
    load,
    loads,
    number_seats,
    paint,
    validate,
)
from seatmap.model.csvio import dumps_csv, loads_csv
from seatmap.model.pdf import export_pdf
from seatmap.model.pretix import import_pretix

SID = "0190c2f0-0000-7000-8000-000000000001"


def small() -> Layout:
    layout = Layout(name="小剧场", zones=(Zone("A", "甲等", "#ff0000"),))
    layout = add_section(layout, "池座", 6, 3, section_id=SID)
    layout = paint(layout, SID, Rect(0, 0, 6, 3), zone="A")
    layout = number_seats(layout, SID, Rect(0, 0, 6, 3), Scheme.ODD_EVEN, rows=RowLabels())
    return assign(layout, SID, [(0, 2)], kind=SeatKind.WHEELCHAIR)


# --- our JSON -------------------------------------------------------------------


def test_json_round_trip_is_exact(tmp_path: Path) -> None:
    layout = demo.grand_theatre()
    text = dumps(layout)
    assert loads(text) == layout
    assert dumps(loads(text)) == text
    path = tmp_path / "hall.json"
    jsonio.save(layout, path)
    assert load(path) == layout
    doc = json.loads(text)
    assert (doc["format"], doc["version"]) == ("boxoffice-layout", 1)
    # The boxes' seats carry their own row label (the box number).
    assert ":3 " in doc["sections"][2]["grid"][0]["seats"]


def test_every_written_file_passes_the_schema() -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(jsonio.schema())
    Draft202012Validator(jsonio.schema()).validate(json.loads(dumps(demo.grand_theatre())))


def test_forty_thousand_seats_load_fast_and_small() -> None:
    text = dumps(demo.large_hall()).encode()
    loads(text)  # warm up the schema's compiled patterns
    started = time.perf_counter()
    layout = loads(text)
    elapsed = time.perf_counter() - started
    assert layout.seat_count == 40_000
    assert elapsed < 2.0  # ~0.1 s on the 2-core machine; generous for CI
    tracemalloc.start()
    try:
        layout = loads(text)
        used, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert used < 40 * 1024 * 1024  # ~11 MB measured


# --- hostile files -----------------------------------------------------------------


def _doc() -> dict[str, object]:
    return json.loads(dumps(small()))  # type: ignore[no-any-return]


def _refused(data: bytes | str, match: str) -> ValidationError:
    with pytest.raises(ValidationError, match=match) as refused:
        loads(data)
    return refused.value


def test_wrong_schema_is_refused_with_the_place() -> None:
    doc = _doc()
    doc["sections"][0]["columns"] = "six"  # type: ignore[index]
    error = _refused(json.dumps(doc), "not valid at sections/0/columns")
    assert error.message.startswith("The layout file is not valid at {where}")
    _refused(json.dumps({"hello": 1}), "not a BoxOffice layout")
    _refused("[1, 2]", "not a BoxOffice layout")
    newer = _doc() | {"version": 2}
    _refused(json.dumps(newer), "format version 2")
    doc = _doc()
    doc["sections"][0]["grid"][0]["seats"] += " 9:x:A:n:oops"  # type: ignore[index]
    _refused(json.dumps(doc), "sections/0/grid/0/seats")


def test_negative_and_oversized_dimensions_are_refused() -> None:
    for columns in (-1, 0, 201, 10**7):
        doc = _doc()
        doc["sections"][0]["columns"] = columns  # type: ignore[index]
        _refused(json.dumps(doc), "sections/0/columns")
    doc = _doc()
    doc["sections"][0]["grid"][0]["seats"] = "7:1:A:n:" + SID.replace("1", "2")  # type: ignore[index]
    _refused(json.dumps(doc), "column 8 is repeated or outside its 6 columns")


def test_ten_million_cells_are_refused_quickly_without_building_them(tmp_path: Path) -> None:
    # A document that claims 250 sections of 200 x 200 cells: 10^7 cells.
    doc = _doc()
    section = doc["sections"][0]  # type: ignore[index]
    doc["sections"] = [section | {"columns": 200, "rows": 200}] * 250
    tracemalloc.start()
    started = time.perf_counter()
    try:
        _refused(json.dumps(doc), "sections")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 1.0
    assert peak < 20 * 1024 * 1024
    # A file as large as 10^7 seats would be (a sparse file: no disk used) is
    # refused before a byte is read.
    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:
        f.truncate(10**7 * 45)
    started = time.perf_counter()
    with pytest.raises(ValidationError, match="bytes; layouts of more than"):
        load(huge)
    assert time.perf_counter() - started < 0.5


def test_duplicate_ids_are_refused() -> None:
    doc = _doc()
    row = doc["sections"][0]["grid"][0]  # type: ignore[index]
    tokens = row["seats"].split(" ")
    first_id = tokens[0].split(":")[4]
    tokens[1] = ":".join([*tokens[1].split(":")[:4], first_id])
    row["seats"] = " ".join(tokens)
    _refused(json.dumps(doc), f"Seat id {first_id} is used more than once")
    doc = _doc()
    doc["sections"].append(doc["sections"][0] | {"grid": []})  # type: ignore[attr-defined,index]
    _refused(json.dumps(doc), "Two sections have the id")
    _refused('{"format": "boxoffice-layout", "format": "x"}', "repeats the key format")


def test_invalid_utf8_deep_nesting_and_broken_json_are_refused() -> None:
    good = dumps(small()).encode()
    error = _refused(good.replace("池座".encode(), b"\xff\xfe"), "not valid UTF-8")
    assert error.params["offset"] > 0
    _refused(b"[" * 100_000 + b"]" * 100_000, "nested too deeply")
    _refused(good[:-20], "not valid JSON")
    assert loads(b"\xef\xbb\xbf" + good) == loads(good)  # a byte-order mark is fine


def test_a_refused_file_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "hall.json"
    jsonio.save(small(), path)
    before = path.read_bytes()
    with pytest.raises(ValidationError):
        loads(before.replace(b'"version": 1', b'"version": 1, "extra": 1'))
    assert path.read_bytes() == before


# --- CSV ------------------------------------------------------------------------


def test_csv_round_trip_onto_the_layout() -> None:
    layout = demo.grand_theatre()
    text = dumps_csv(layout)
    assert text.startswith("\ufeffsection,section_id,x,y,row,seat,zone,kind,id\r\n")
    assert loads_csv(text, base=layout) == layout
    assert loads_csv(text.encode("utf-8"), base=layout) == layout


def test_csv_without_a_base_builds_sections_and_zones() -> None:
    text = (
        "section,x,y,row,seat,zone,kind,id,section_id\n"
        "池座,0,0,1,2,A,normal,,\n"
        "池座,1,0,1,1,A,wheelchair,,\n"
        "包厢,0,0,1,1,VIP,,,\n"
    )
    layout = loads_csv(text, name="新厅")
    assert [(s.name, s.columns, s.rows, len(s.seats)) for s in layout.sections] == [
        ("池座", 2, 1, 2),
        ("包厢", 1, 1, 1),
    ]
    assert [z.key for z in layout.zones] == ["A", "VIP"]
    assert layout.sections[0].seats[1].kind is SeatKind.WHEELCHAIR
    assert validate(layout) == []


@pytest.mark.parametrize(
    ("line", "match"),
    [
        ("池座,0,0,1,1,A,normal,,bad-id", "not a valid id"),
        ("池座,x,0,1,1,A,normal,,", "not a valid x"),
        ("池座,0,200,1,1,A,normal,,", "not a valid y"),
        ("池座,0,0,1,0,A,normal,,", "not a valid seat"),
        ("池座,0,0,1 2,1,A,normal,,", "not a valid row"),
        ("池座,0,0,1,1,A,sofa,,", "not a valid kind"),
        ("池座,0,0,1,1,A,normal,,\n池座,0,0,1,2,A,normal,,", "already at row 1, column 1"),
    ],
)
def test_bad_csv_lines_are_refused_with_their_line(line: str, match: str) -> None:
    with pytest.raises(ValidationError, match=match) as refused:
        loads_csv("section,x,y,row,seat,zone,kind,section_id,id\n" + line)
    assert refused.value.params["line"] >= 2


def test_csv_needs_its_columns() -> None:
    with pytest.raises(ValidationError, match="lacks the columns"):
        loads_csv("section,x\n池座,1\n")
    with pytest.raises(ValidationError, match="empty"):
        loads_csv("")


# --- pretix -----------------------------------------------------------------------


def pretix_plan() -> dict[str, object]:
    """A small plan in pretix's published format: a stalls zone with two rows
    of four (a curved second row) and a box zone, a stage area."""

    def seat(guid: str, number: int, x: float, y: float, category: str) -> dict[str, object]:
        return {
            "seat_guid": guid,
            "seat_number": str(number),
            "position": {"x": x, "y": y},
            "category": category,
        }

    return {
        "name": "Pretix Hall",
        "categories": [{"name": "Front Row", "color": "#FF0000"}, {"name": "Box"}],
        "size": {"width": 400, "height": 300},
        "zones": [
            {
                "name": "Stalls",
                "position": {"x": 100, "y": 100},
                "rows": [
                    {
                        "row_number": "A",
                        "position": {"x": 0, "y": 0},
                        "seats": [seat(f"a{i}", i + 1, i * 25, 0, "Front Row") for i in range(4)],
                    },
                    {
                        "row_number": "B",
                        "position": {"x": 0, "y": 30},
                        # a gap after the second seat, slightly curved
                        "seats": [
                            seat("b0", 1, 0, 2, "Front Row"),
                            seat("b1", 2, 25, 0, "Front Row"),
                            seat("b2", 3, 75, 0, "Front Row"),
                            seat("b3", 4, 100, 2, "Front Row"),
                        ],
                    },
                ],
                "areas": [
                    {
                        "shape": "rectangle",
                        "position": {"x": 0, "y": -60},
                        "rectangle": {"width": 100, "height": 30},
                        "text": {"text": "Stage", "position": {"x": 40, "y": -45}},
                    }
                ],
            },
            {
                "name": "Boxes",
                "position": {"x": 300, "y": 100},
                "rows": [
                    {
                        "row_number": "1",
                        "seats": [seat("box1", 1, 0, 0, "Box"), seat("box2", 2, 25, 0, "Box")],
                    }
                ],
            },
        ],
    }


def test_pretix_import() -> None:
    result = import_pretix(json.dumps(pretix_plan()))
    layout = result.layout
    assert [(s.name, s.columns, s.rows) for s in layout.sections] == [
        ("Stalls", 5, 2),
        ("Boxes", 2, 1),
    ]
    stalls = layout.sections[0]
    assert [(s.x, s.y, s.row, s.number) for s in stalls.seats] == [
        (0, 0, "A", 1),
        (1, 0, "A", 2),
        (2, 0, "A", 3),
        (3, 0, "A", 4),
        (0, 1, "B", 1),
        (1, 1, "B", 2),
        (3, 1, "B", 3),
        (4, 1, "B", 4),
    ]
    assert (layout.zones[0].key, layout.zones[0].name, layout.zones[0].colour) == (
        "FrontRow",
        "Front Row",
        "#ff0000",
    )
    assert len(result.seat_ids) == 10
    assert stalls.seats[0].id == result.seat_ids["a0"]
    assert layout.stage.width == 4  # 100 px at a 25 px pitch
    assert validate(layout) == []
    assert loads(dumps(layout)) == layout


def test_pretix_refusals() -> None:
    with pytest.raises(ValidationError, match="not a pretix seating plan"):
        import_pretix(json.dumps({"zones": "nope", "categories": []}))
    plan = pretix_plan()
    plan["zones"][1]["rows"][0]["seats"][1]["seat_guid"] = "box1"  # type: ignore[index]
    with pytest.raises(ValidationError, match="used more than once"):
        import_pretix(json.dumps(plan))
    plan = pretix_plan()
    plan["zones"][1]["rows"][0]["seats"][1]["seat_number"] = "2a"  # type: ignore[index]
    with pytest.raises(ValidationError, match="not a whole number"):
        import_pretix(json.dumps(plan))
    plan = pretix_plan()
    plan["zones"][1]["rows"][0]["seats"][1]["position"] = {"x": 3, "y": 0}  # type: ignore[index]
    with pytest.raises(ValidationError, match="same place"):
        import_pretix(json.dumps(plan))


# --- PDF --------------------------------------------------------------------------


def test_pdf_chart(tmp_path: Path) -> None:
    path = tmp_path / "chart.pdf"
    export_pdf(demo.grand_theatre(), path, prices={"A": 68000, "B": 48000})
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "30", str(path), str(tmp_path / "chart")], check=True
        )
        assert (tmp_path / "chart-1.png").stat().st_size > 5_000
