"""The seat map renderer (seatmap.view): hit tests, state repaints, tooltips,
zoom keys, and a rendered screenshot of the demo 大剧场 with its legend."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget
from pytestqt.qtbot import QtBot

from seatmap.model import Layout, Seat, demo
from seatmap.view import (
    CELL,
    STATE_COLOURS,
    SeatLegend,
    SeatMapScene,
    SeatMapView,
    SeatState,
    SeatTile,
)
from widgets.app import Translations

PRICES = {"A": 38000, "B": 28000, "C": 18000, "D": 8000, "VIP": 128000}


@pytest.fixture(scope="module")
def theatre() -> Layout:
    return demo.grand_theatre()


def _stalls_seat(layout: Layout, row: str, number: int) -> Seat:
    stalls = next(s for s in layout.sections if s.name == "一楼池座")
    return next(s for s in stalls.seats if s.row == row and s.number == number)


def _centre(scene: SeatMapScene, seat: Seat) -> QPointF:
    return scene.seat_rect(seat.id).center()


def _show(qtbot: QtBot, scene: SeatMapScene, width: int = 900, height: int = 700) -> SeatMapView:
    view = SeatMapView(scene)
    qtbot.addWidget(view)
    view.resize(width, height)
    with qtbot.waitExposed(view):
        view.show()
    view.fit()
    return view


def test_hit_test_finds_the_seat_at_its_centre_and_none_in_an_aisle(theatre: Layout) -> None:
    scene = SeatMapScene(theatre, zone_prices=PRICES)
    for _section, seat in list(theatre.seats())[::97]:
        assert scene.seat_at(_centre(scene, seat)) == seat
    stalls = next(s for s in theatre.sections if s.name == "一楼池座")
    # Column 27 of the stalls is the centre aisle; grid row 12 the cross aisle.
    aisle = QPointF((stalls.x + 27.5) * CELL, (stalls.y + 5.5) * CELL)
    cross = QPointF((stalls.x + 10.5) * CELL, (stalls.y + 12.5) * CELL)
    assert scene.seat_at(aisle) is None
    assert scene.seat_at(cross) is None
    assert scene.seat_at(QPointF(-1e6, -1e6)) is None


def test_set_states_repaints_only_that_seat_and_its_tile(qtbot: QtBot) -> None:
    layout = demo.large_hall(10_000)  # one 100 x 100 section: 16 tiles
    scene = SeatMapScene(layout, zone_prices=PRICES)
    view = _show(qtbot, scene, 1000, 1000)
    view.zoom_by(2.0)  # seats drawn as circles from the tile images
    qtbot.waitUntil(lambda: any(t.paints for t in scene.tiles))
    seat = layout.sections[0].seats[100 * 40 + 40]  # in the middle of the view
    view.centerOn(_centre(scene, seat))
    qtbot.wait(50)
    point = view.mapFromScene(_centre(scene, seat))
    before = view.grab().toImage().pixelColor(point)
    assert before == QColor(layout.zone(seat.zone).colour)  # type: ignore[union-attr]
    for tile in scene.tiles:
        tile.paints = 0

    assert scene.set_states({seat.id: SeatState.SOLD}) == 1
    assert scene.set_states({seat.id: SeatState.SOLD}) == 0  # no change, no repaint
    own: SeatTile = next(t for t in scene.tiles if seat in t.seats)
    qtbot.waitUntil(lambda: own.paints > 0)
    qtbot.wait(50)
    assert [t for t in scene.tiles if t.paints and t is not own] == []

    after = view.grab().toImage()
    assert after.pixelColor(point) == QColor(STATE_COLOURS[SeatState.SOLD])
    neighbour = view.mapFromScene(_centre(scene, layout.sections[0].seats[100 * 40 + 41]))
    assert after.pixelColor(neighbour) == before


def test_selected_seats_are_highlighted_and_reported(qtbot: QtBot, theatre: Layout) -> None:
    scene = SeatMapScene(theatre, zone_prices=PRICES)
    seat = _stalls_seat(theatre, "10", 1)
    scene.set_selected([seat.id])
    assert scene.selected == {seat.id}
    assert scene.colour_of(seat) != theatre.zone(seat.zone).colour  # type: ignore[union-attr]
    scene.set_selected([])
    assert scene.colour_of(seat) == theatre.zone(seat.zone).colour  # type: ignore[union-attr]


def test_tooltip_names_row_seat_zone_and_price(qtbot: QtBot, theatre: Layout) -> None:
    scene = SeatMapScene(theatre, zone_prices=PRICES)
    view = _show(qtbot, scene)
    seat = _stalls_seat(theatre, "5", 12)
    text = view.tooltip_at(view.mapFromScene(_centre(scene, seat)))
    assert "一楼池座 5排12号" in text
    assert "Row 5, seat 12" in text
    assert "乙等" in text or "甲等" in text
    assert "¥380.00" in text
    assert "Available" in text
    scene.set_states({seat.id: SeatState.HELD_ELSEWHERE})
    assert "Held by another window" in scene.tooltip_text(seat)
    aisle = QPointF((theatre.sections[0].x + 27.5) * CELL, (theatre.sections[0].y + 3.5) * CELL)
    assert view.tooltip_at(view.mapFromScene(aisle)) == ""


def test_zoom_keys_wheel_and_fit_change_the_view(qtbot: QtBot, theatre: Layout) -> None:
    view = _show(qtbot, SeatMapScene(theatre))
    view.setFocus()
    fitted = view.scale_factor()
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.scale_factor() == pytest.approx(fitted * 1.25)
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.scale_factor() == pytest.approx(fitted * 1.25**2)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.scale_factor() == pytest.approx(fitted * 1.25)
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.scale_factor() == pytest.approx(fitted)
    view.zoom_by(1000)
    assert view.scale_factor() == pytest.approx(20.0)  # clamped


def render_picker(layout: Layout, path: Path, size: tuple[int, int] = (1400, 860)) -> QImage:
    """The demo 大剧场 as a cashier sees it: the map with some states, and the legend."""
    scene = SeatMapScene(layout, zone_prices=PRICES)
    seats = [seat for _section, seat in layout.seats()]
    scene.set_states(
        {s.id: SeatState.SOLD for s in seats[200:420]}
        | {s.id: SeatState.HELD_ELSEWHERE for s in seats[420:440]}
        | {s.id: SeatState.HELD_HERE for s in seats[600:604]}
        | {s.id: SeatState.LEASED_HERE for s in seats[700:720]}
        | {s.id: SeatState.BLOCKED for s in seats[900:910]}
    )
    scene.set_selected(s.id for s in seats[1000:1003])
    window = QWidget()
    row = QHBoxLayout(window)
    view = SeatMapView(scene)
    row.addWidget(view, 1)
    row.addWidget(SeatLegend(layout, PRICES))
    window.resize(*size)
    window.show()
    view.fit()
    image = window.grab().toImage()
    image.save(str(path))
    window.close()
    window.deleteLater()
    return image


@pytest.mark.parametrize("language", ["zh_CN"])
def test_screenshot_of_the_grand_theatre_in_chinese(
    qtbot: QtBot, theatre: Layout, translations: Translations, tmp_path: Path
) -> None:
    path = tmp_path / "seatmap.png"
    image = render_picker(theatre, path)
    assert path.stat().st_size > 10_000
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
    }
    for zone in theatre.zones:
        assert QColor(zone.colour).rgba() in colours, zone.name
    legend = SeatLegend(theatre, PRICES)
    qtbot.addWidget(legend)
    texts = [label.text() for label in legend.findChildren(QLabel)]
    assert {"票区", "已售", "本窗口锁座", "包厢", "¥1,280.00"} <= set(texts)


def test_scene_render_does_not_touch_tiles_out_of_view(qtbot: QtBot, theatre: Layout) -> None:
    scene = SeatMapScene(theatre)
    view = _show(qtbot, scene)
    view.zoom_by(6)
    view.centerOn(scene.tiles[0].boundingRect().center())
    for tile in scene.tiles:
        tile.paints = 0
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    view.render(painter)
    painter.end()
    assert 0 < sum(1 for t in scene.tiles if t.paints) < len(scene.tiles)
