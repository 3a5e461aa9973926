"""The cashiers' seat picker (seatmap.view.picker): click, drag a rectangle,
type a label, best available, Esc, and the orphan-seat warning."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot

from seatmap.model import Layout, Seat, demo
from seatmap.view import SeatMapScene, SeatPicker, SeatState

PRICES = {"A": 38000, "B": 28000, "C": 18000, "D": 8000, "VIP": 128000}


@pytest.fixture(scope="module")
def theatre() -> Layout:
    return demo.grand_theatre()


def stalls_seat(layout: Layout, row: str, number: int) -> Seat:
    stalls = next(s for s in layout.sections if s.name == "一楼池座")
    return next(s for s in stalls.seats if s.row == row and s.number == number)


def show(qtbot: QtBot, layout: Layout) -> SeatPicker:
    picker = SeatPicker(SeatMapScene(layout, zone_prices=PRICES))
    qtbot.addWidget(picker)
    picker.resize(1200, 800)
    with qtbot.waitExposed(picker):
        picker.show()
    picker.view.fit()
    picker.view.zoom_by(2.0)
    return picker


def at(picker: SeatPicker, seat: Seat) -> QPoint:
    """Where a seat is on the picker's viewport (centred on it first)."""
    centre = picker.scene.seat_rect(seat.id).center()
    picker.view.centerOn(centre)
    return picker.view.mapFromScene(centre)


def test_click_selects_a_seat_and_emits_the_ids(qtbot: QtBot, theatre: Layout) -> None:
    picker = show(qtbot, theatre)
    seat = stalls_seat(theatre, "5", 12)
    with qtbot.waitSignal(picker.selection_changed) as signal:
        qtbot.mouseClick(picker.view.viewport(), Qt.MouseButton.LeftButton, pos=at(picker, seat))
    assert signal.args == [[seat.id]]
    assert picker.selected == [seat.id]
    # A second click unselects it.
    with qtbot.waitSignal(picker.selection_changed) as signal:
        qtbot.mouseClick(picker.view.viewport(), Qt.MouseButton.LeftButton, pos=at(picker, seat))
    assert signal.args == [[]]


def test_click_on_a_sold_seat_does_nothing_and_says_why(qtbot: QtBot, theatre: Layout) -> None:
    picker = show(qtbot, theatre)
    seat = stalls_seat(theatre, "5", 12)
    picker.scene.set_states({seat.id: SeatState.SOLD})
    with qtbot.assertNotEmitted(picker.selection_changed):
        qtbot.mouseClick(picker.view.viewport(), Qt.MouseButton.LeftButton, pos=at(picker, seat))
    assert picker.selected == []
    assert "5排12号" in picker.status_text and "Sold" in picker.status_text


def test_drag_a_rectangle_selects_the_block(qtbot: QtBot, theatre: Layout) -> None:
    picker = show(qtbot, theatre)
    stalls = next(s for s in theatre.sections if s.name == "一楼池座")
    block = [s for s in stalls.seats if 29 <= s.x <= 31 and 14 <= s.y <= 15]  # 3 x 2
    sold = block[0]
    picker.scene.set_states({sold.id: SeatState.SOLD})
    scene = picker.scene
    picker.view.centerOn(scene.seat_rect(block[0].id).center())
    start = picker.view.mapFromScene(scene.seat_rect(block[0].id).topLeft() - QPointF(1, 1))
    end = picker.view.mapFromScene(scene.seat_rect(block[-1].id).bottomRight() + QPointF(1, 1))
    viewport = picker.view.viewport()
    with qtbot.waitSignal(picker.selection_changed) as signal:
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(viewport, (start + end) / 2)
        qtbot.mouseMove(viewport, end)
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert len(block) == 6
    assert sorted(signal.args[0]) == sorted(s.id for s in block if s is not sold)


def test_typing_a_label_and_enter_selects_it(qtbot: QtBot, theatre: Layout) -> None:
    picker = show(qtbot, theatre)
    seat = stalls_seat(theatre, "5", 12)
    qtbot.keyClick(picker, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert picker.label_field.hasFocus()
    with qtbot.waitSignal(picker.selection_changed):
        picker.label_field.insert("一楼池座 5排12号")  # QTest cannot type Chinese
        qtbot.keyClick(picker.label_field, Qt.Key.Key_Return)
    assert picker.selected == [seat.id]
    assert picker.label_field.text() == ""


def test_an_unknown_label_says_so_and_changes_nothing(qtbot: QtBot, theatre: Layout) -> None:
    picker = show(qtbot, theatre)
    with qtbot.assertNotEmitted(picker.selection_changed):
        picker.label_field.insert("99排99号")  # QTest cannot type Chinese
        qtbot.keyClick(picker.label_field, Qt.Key.Key_Return)
    assert picker.selected == []
    assert "No seat is called “99排99号”" in picker.status_text
    assert picker.label_field.text() == "99排99号"  # left to correct


def test_ctrl_b_selects_two_adjacent_seats_and_esc_clears(qtbot: QtBot, theatre: Layout) -> None:
    picker = show(qtbot, theatre)
    picker.count.setValue(2)
    picker.view.setFocus()
    with qtbot.waitSignal(picker.selection_changed) as signal:
        qtbot.keyClick(picker.view, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    first, second = signal.args[0]
    seats = {s.id: s for _section, s in theatre.seats()}
    a, b = seats[first], seats[second]
    assert a.y == b.y and abs(a.x - b.x) == 1
    assert picker.status_text == "Adjacent seats"
    assert not picker.orphan_warning
    with qtbot.waitSignal(picker.selection_changed) as signal:
        qtbot.keyClick(picker.view, Qt.Key.Key_Escape)
    assert signal.args == [[]] and picker.selected == []


def test_a_click_that_strands_a_seat_warns_but_keeps_it(qtbot: QtBot, theatre: Layout) -> None:
    picker = show(qtbot, theatre)
    seat = stalls_seat(theatre, "5", 12)
    stalls = next(s for s in theatre.sections if s.name == "一楼池座")
    beyond = stalls.seat_at(seat.x + 2, seat.y)
    assert beyond is not None
    picker.scene.set_states({beyond.id: SeatState.SOLD})
    picker.toggle(seat)
    assert picker.selected == [seat.id]
    assert picker.orphan_warning
    assert "single free seat" in picker.status_text
