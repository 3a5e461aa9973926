#!/usr/bin/env python
"""The seat map renderer (seatmap.view), offscreen.

    python bench/seatmap_bench.py            # full run; writes docs/performance.md
    python bench/seatmap_bench.py --quick    # fewer repetitions (CI smoke); writes nothing
    python bench/seatmap_bench.py --quick --write-quick

Measures a full-view frame of 3,600 seats (the legacy 60 x 60 grid) and of
40,000 seats (``demo.large_hall``) rendered into a 1280 x 800 image, the
repaint after one seat's state change, a hit test, opening a 40,000-seat
session (scene built from the layout and its states, first frame drawn), the
memory a 40,000-seat scene takes, and the same full-view frame for a naive
scene of one QGraphicsRectItem per seat (the ratio).

Prints one JSON object on stdout; progress goes to stderr. Exit status 0 even
when a target is missed; 1 if a check of correctness fails.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView

from bench._common import (
    log,
    machine_info,
    percentile,
    verdict,
    write_doc_section,
)
from boxoffice.ids import new_id
from seatmap.model import Layout, Seat, SeatId, SeatKind, Section, SectionId, Stage, demo
from seatmap.view import CELL, SeatMapScene, SeatMapView, SeatState

NAME = "seatmap_bench"
WIDTH, HEIGHT = 1280, 800
TARGETS_MS = {
    "frame_3600": 5.0,
    "frame_40000": 16.0,
    "one_seat_repaint": 2.0,
    "hit_test": 0.1,
    "open_40000": 300.0,
}
TARGET_MEMORY_MB = 100.0


def grid_3600() -> Layout:
    """The legacy editor's largest hall: one 60 x 60 grid."""
    seats = tuple(
        Seat(x, y, str(y + 1), x + 1, "ABCD"[min(3, y // 15)], SeatKind.NORMAL, SeatId(new_id()))
        for y in range(60)
        for x in range(60)
    )
    section = Section(SectionId(new_id()), "池座", 60, 60, seats)
    return dataclasses.replace(
        demo.large_hall(1), sections=(section,), stage=Stage(10, -7, 40, 5, "舞台")
    )


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def timings(fn: Callable[[], object], repeat: int) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return {
        "median_ms": round(percentile(samples, 50), 3),
        "p95_ms": round(percentile(samples, 95), 3),
        "min_ms": round(min(samples), 3),
        "runs": repeat,
    }


class Frame:
    """Renders a view's whole viewport into a 1280 x 800 image."""

    def __init__(self, view: QGraphicsView) -> None:
        self.view = view
        self.image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)

    def __call__(self) -> None:
        painter = QPainter(self.image)
        self.view.render(painter, QRectF(self.image.rect()), self.view.viewport().rect())
        painter.end()


def show(scene: QGraphicsScene) -> QGraphicsView:
    view = SeatMapView(scene) if isinstance(scene, SeatMapScene) else QGraphicsView(scene)
    view.resize(WIDTH, HEIGHT)
    view.show()
    QApplication.processEvents()
    view.fitInView(scene.sceneRect())
    return view


def naive_scene(layout: Layout) -> QGraphicsScene:
    """One QGraphicsRectItem per seat: what the tiles replace."""
    scene = QGraphicsScene()
    colours = {z.key: QColor(z.colour) for z in layout.zones}
    size = CELL - 2
    for section, seat in layout.seats():
        item = scene.addRect(
            (section.x + seat.x) * CELL + 1, (section.y + seat.y) * CELL + 1, size, size
        )
        item.setBrush(colours[seat.zone])
    scene.setSceneRect(scene.itemsBoundingRect())
    return scene


def frames(name: str, layout: Layout, repeat: int) -> dict[str, Any]:
    scene = SeatMapScene(layout)
    view = show(scene)
    frame = Frame(view)
    frame()  # tile caches

    def cold() -> None:  # the first frame at a new zoom level: tile images redrawn
        for tile in scene.tiles:
            scene.forget_image(tile)
        frame()

    result = {
        "cold": timings(cold, max(3, repeat // 4)),
        "seats": layout.seat_count,
        "px_per_cell": round(view.transform().m11() * CELL, 2),
        "tiles": len(scene.tiles),
        **timings(frame, repeat),
    }
    naive = naive_scene(layout)
    naive_view = show(naive)
    naive_frame = Frame(naive_view)
    naive_frame()
    result["naive"] = timings(naive_frame, max(3, repeat // 4))
    result["naive_over_tiles"] = round(result["naive"]["median_ms"] / result["median_ms"], 1)
    log(f"{name}: {result['median_ms']} ms, naive {result['naive']['median_ms']} ms")
    naive_view.close()
    view.close()
    return result


def one_seat(layout: Layout, repeat: int) -> dict[str, Any]:
    """set_states of one seat, then repaint what it invalidated (that seat's
    rectangle, as the viewport does), zoomed out and zoomed in."""
    return {
        "fitted": _one_seat_at(layout, 1.0, repeat),
        "zoomed_in": _one_seat_at(layout, 4.0, repeat),
    }


def _one_seat_at(layout: Layout, zoom: float, repeat: int) -> dict[str, Any]:
    rng = random.Random(4)
    scene = SeatMapScene(layout)
    view = show(scene)
    assert isinstance(view, SeatMapView)
    view.zoom_by(zoom)
    Frame(view)()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    candidates = [s for _, s in layout.seats() if visible.contains(scene.seat_rect(s.id))]
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)
    painted: list[int] = []

    def change() -> None:
        seat = rng.choice(candidates)
        available = scene.state_of(seat) is SeatState.AVAILABLE
        for tile in scene.tiles:
            tile.paints = 0
        scene.set_states({seat.id: SeatState.SOLD if available else SeatState.AVAILABLE})
        # What the viewport repaints: the seat's rectangle, nothing around it.
        dirty = view.mapFromScene(scene.seat_rect(seat.id)).boundingRect()
        painter = QPainter(image)
        view.render(painter, QRectF(dirty), dirty)
        painter.end()
        painted.append(sum(1 for t in scene.tiles if t.paints))

    result = {**timings(change, repeat), "tiles_repainted_max": max(painted)}
    view.close()
    return result


def hit_tests(layout: Layout, repeat: int) -> dict[str, Any]:
    scene = SeatMapScene(layout)
    seats = [seat for _section, seat in layout.seats()]
    rng = random.Random(5)
    points = [scene.seat_rect(rng.choice(seats).id).center() for _ in range(1000)]
    wrong = 0
    t0 = time.perf_counter()
    for _ in range(repeat):
        for p in points:
            if scene.seat_at(p) is None:
                wrong += 1
    per = (time.perf_counter() - t0) * 1000 / (repeat * len(points))
    return {"per_hit_ms": round(per, 5), "hits": repeat * len(points), "missed": wrong}


def open_session(layout: Layout, repeat: int) -> dict[str, Any]:
    seats = [seat for _section, seat in layout.seats()]
    rng = random.Random(6)
    states = {s.id: SeatState.SOLD for s in rng.sample(seats, len(seats) // 3)}
    build, first = [], []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        scene = SeatMapScene(layout, states, {"A": 1, "B": 2, "C": 3, "D": 4})
        t1 = time.perf_counter()
        view = show(scene)
        Frame(view)()
        t2 = time.perf_counter()
        build.append((t1 - t0) * 1000)
        first.append((t2 - t0) * 1000)
        view.close()
        del view, scene
    return {
        "build_scene_median_ms": round(percentile(build, 50), 1),
        "ready_median_ms": round(percentile(first, 50), 1),
        "ready_p95_ms": round(percentile(first, 95), 1),
        "runs": repeat,
    }


def memory() -> dict[str, Any]:
    """RSS of a fresh process above its idle, empty seat map window, with a
    40,000-seat scene built and drawn fitted, then zoomed in 2x and 4x and
    panned (tile images cached). Run as a child process so the figures are
    not blurred by the other phases' freed memory."""
    from PySide6.QtCore import QPointF

    empty = show(QGraphicsScene())
    Frame(empty)()
    layout = demo.large_hall(40_000)
    gc.collect()
    idle = rss_mb()
    scene = SeatMapScene(layout)
    view = show(scene)
    assert isinstance(view, SeatMapView)
    frame = Frame(view)
    frame()
    fitted = rss_mb()
    for _ in range(2):
        view.zoom_by(2.0)
        for step in range(-3, 4):
            view.centerOn(scene.sceneRect().center() + QPointF(step * 30 * CELL, 0))
            frame()
    zoomed = rss_mb()
    return {
        "idle_mb": round(idle, 1),
        "fitted_above_idle_mb": round(fitted - idle, 1),
        "after_zooming_above_idle_mb": round(zoomed - idle, 1),
        "tile_images_mb": round(scene.image_bytes / 2**20, 1),
    }


def memory_in_child() -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--memory-child"],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def designer_edits(side: int, repeat: int) -> dict[str, Any]:
    """What an admin waits for in the designer on a side x side section: fill
    it with seats (Ctrl+A, Enter), number it 单双号, undo, and the live
    validation that follows each edit. No target in the issue ("minutes to
    design a 3,600-seat hall"); reported so a slow edit shows."""
    from seatmap.model import Rect, RowLabels, Scheme, Side, Zone, add_section
    from seatmap.view.designer import LayoutDesigner
    from seatmap.view.designer_dialogs import NumberingValues

    whole = Rect(0, 0, side, side)
    odd_even = NumberingValues(Scheme.ODD_EVEN, 1, Side.RIGHT, RowLabels())

    fill, number, undo, check = [], [], [], []
    for _ in range(repeat):
        d = LayoutDesigner(Layout(name="bench", zones=(Zone("A", "A", "#e53935"),)))
        d.resize(WIDTH, HEIGHT)
        d.edit("section", lambda layout: add_section(layout, "S", side, side))
        section_id = d.seating.sections[0].id
        d.set_section(section_id)
        d.select_all()
        for samples, step in (
            (fill, d.fill_selection),
            (check, d.check),
            (number, partial(d.number, section_id, whole, odd_even)),
            (undo, d.undo_stack.undo),
        ):
            t0 = time.perf_counter()
            step()
            samples.append((time.perf_counter() - t0) * 1000)
        assert d.seating.seat_count == side * side
        d.deleteLater()
    return {
        "seats": side * side,
        "fill_median_ms": round(percentile(fill, 50), 1),
        "number_median_ms": round(percentile(number, 50), 1),
        "undo_median_ms": round(percentile(undo, 50), 1),
        "validate_median_ms": round(percentile(check, 50), 1),
        "runs": repeat,
    }


def doc_section(r: dict[str, Any]) -> str:
    m = r["machine"]
    f36, f40 = r["frame_3600"], r["frame_40000"]
    rep, hit, op, mem = r["one_seat_repaint"], r["hit_test"], r["open_40000"], r["memory_40000"]
    s = r["status"]
    quick = r["mode"] == "quick"
    lines = [
        "## Seat map rendering (`bench/seatmap_bench.py`" + (" --quick)" if quick else ")"),
        "",
        "Written by the script on each "
        + ("`--quick --write-quick` run" if quick else "full run")
        + "; do not edit by hand. Offscreen (`QT_QPA_PLATFORM=offscreen`), "
        f"{WIDTH} × {HEIGHT} image, medians of repeated runs.",
        "",
        f"Machine: {m['nproc']} × {m['cpu_model']}, Python {m['python']}, PySide6 "
        f"{r['pyside6']}, {m['date']}; load average before {r['loadavg_before']}.",
        "",
        "| figure | result | naive (item per seat) | target | status |",
        "|---|---|---|---|---|",
        f"| full-view frame, 3,600 seats ({f36['px_per_cell']} px per cell) | "
        f"median {f36['median_ms']} ms, p95 {f36['p95_ms']} ms | "
        f"{f36['naive']['median_ms']} ms ({f36['naive_over_tiles']}×) | ≤ 5 ms | {s['frame_3600']} |",
        f"| the same, first frame at a new zoom level (tile images redrawn) | "
        f"median {f36['cold']['median_ms']} ms, p95 {f36['cold']['p95_ms']} ms | — | — | info |",
        f"| full-view frame, 40,000 seats ({f40['px_per_cell']} px per cell) | "
        f"median {f40['median_ms']} ms, p95 {f40['p95_ms']} ms | "
        f"{f40['naive']['median_ms']} ms ({f40['naive_over_tiles']}×) | ≤ 16 ms | {s['frame_40000']} |",
        f"| the same, first frame at a new zoom level | median {f40['cold']['median_ms']} ms, "
        f"p95 {f40['cold']['p95_ms']} ms | — | — | info |",
        f"| one seat's state change repainted, 40,000 seats fitted / zoomed in 4× | "
        f"median {rep['fitted']['median_ms']} / {rep['zoomed_in']['median_ms']} ms, p95 "
        f"{rep['fitted']['p95_ms']} / {rep['zoomed_in']['p95_ms']} ms (tiles repainted: at most "
        f"{max(rep['fitted']['tiles_repainted_max'], rep['zoomed_in']['tiles_repainted_max'])}) "
        f"| — | ≤ 2 ms | {s['one_seat_repaint']} |",
        f"| hit test (40,000 seats, 4 sections) | {hit['per_hit_ms']} ms | — | ≤ 0.1 ms "
        f"| {s['hit_test']} |",
        f"| open a 40,000-seat session: scene from layout + states, first frame | "
        f"median {op['ready_median_ms']} ms (scene {op['build_scene_median_ms']} ms), p95 "
        f"{op['ready_p95_ms']} ms | — | ≤ 300 ms | {s['open_40000']} |",
        f"| memory, 40,000-seat scene, above an idle seat map window | "
        f"{mem['fitted_above_idle_mb']} MB fitted; {mem['after_zooming_above_idle_mb']} MB after "
        f"zooming in (tile images {mem['tile_images_mb']} MB) | — | ≤ 100 MB | {s['memory']} |",
    ]
    for edit in r["designer"]:
        lines.append(
            f"| designer, {edit['seats']:,}-seat section: fill / number 单双号 / undo / live "
            f"validation | {edit['fill_median_ms']} / {edit['number_median_ms']} / "
            f"{edit['undo_median_ms']} / {edit['validate_median_ms']} ms | — | — | info |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--quick", action="store_true", help="few repetitions (CI smoke)")
    p.add_argument("--write-quick", action="store_true", help="with --quick: write its section")
    p.add_argument("--no-write", action="store_true", help="do not touch docs/performance.md")
    p.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    repeat = 5 if args.quick else 40

    import PySide6

    from widgets.app import create_application

    create_application()
    if args.memory_child:
        print(json.dumps(memory()))
        return 0
    result: dict[str, Any] = {
        "benchmark": NAME,
        "mode": "quick" if args.quick else "full",
        "machine": machine_info(),
        "pyside6": PySide6.__version__,
        "loadavg_before": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    small, large = grid_3600(), demo.large_hall(40_000)
    log("frames")
    result["frame_3600"] = frames("3,600 seats", small, repeat)
    result["frame_40000"] = frames("40,000 seats", large, repeat)
    log("one seat")
    result["one_seat_repaint"] = one_seat(large, repeat)
    log("hit test")
    result["hit_test"] = hit_tests(large, 2 if args.quick else 20)
    log("open")
    result["open_40000"] = open_session(large, 3 if args.quick else 9)
    log("memory")
    result["memory_40000"] = memory_in_child()
    log("designer")
    result["designer"] = [designer_edits(side, 2 if args.quick else 5) for side in (60, 200)]
    rep = result["one_seat_repaint"]
    result["status"] = {
        "frame_3600": verdict(result["frame_3600"]["median_ms"], 5.0, higher_is_better=False),
        "frame_40000": verdict(result["frame_40000"]["median_ms"], 16.0, higher_is_better=False),
        "one_seat_repaint": verdict(
            max(rep["fitted"]["median_ms"], rep["zoomed_in"]["median_ms"]),
            2.0,
            higher_is_better=False,
        ),
        "hit_test": verdict(result["hit_test"]["per_hit_ms"], 0.1, higher_is_better=False),
        "open_40000": verdict(
            result["open_40000"]["ready_median_ms"], 300.0, higher_is_better=False
        ),
        "memory": verdict(
            result["memory_40000"]["after_zooming_above_idle_mb"],
            TARGET_MEMORY_MB,
            higher_is_better=False,
        ),
    }
    result["all_targets_met"] = all(v == "pass" for v in result["status"].values())
    result["correct"] = result["hit_test"]["missed"] == 0 and all(
        rep[k]["tiles_repainted_max"] <= 2 for k in rep
    )
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if not args.no_write and (not args.quick or args.write_quick):
        write_doc_section(NAME + ("-quick" if args.quick else ""), doc_section(result))
        log("docs/performance.md updated")
    return 0 if result["correct"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
