"""A session's live seat map (widgets/seat_map_window.py) on the demo store:
a cashier opens it from Today's sessions (Ctrl+M), holds seats by keyboard,
sees another window's hold appear within a second, and releases."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.exceptions import TimeoutError
from pytestqt.qtbot import QtBot

from boxoffice.db.store import Store
from boxoffice.services import seating
from seatmap.model import Seat, SeatId
from seatmap.view import SeatPicker, SeatState
from widgets.main_window import MainWindow
from widgets.pages.sessions_today import SessionsTodayPage
from widgets.seat_map_window import SessionSeatMap

from ..test_seating import other_window
from .test_catalogue_pages import activate, open_page, shortcut

MakeWindow = Callable[[str], MainWindow]
CTRL = Qt.KeyboardModifier.ControlModifier


def open_map(qtbot: QtBot, main_window_for: MakeWindow) -> SessionSeatMap:
    window = main_window_for("zhangli")
    page = open_page(qtbot, window, "sessions_today")
    assert isinstance(page, SessionsTodayPage)
    rows = page.table.visible_rows()
    reserved = next(i for i, s in enumerate(rows) if s.hall_name == "大剧场")
    page.table.view.setCurrentIndex(page.table.proxy.index(reserved, 0))
    shortcut(qtbot, page.table.view, Qt.Key.Key_M, CTRL)
    qtbot.waitUntil(lambda: bool(page.seat_maps))
    seat_map = page.seat_maps[0]
    qtbot.waitExposed(seat_map)
    qtbot.waitUntil(lambda: seat_map.picker is not None)
    activate(qtbot, seat_map)
    # The picker's keys (Ctrl+B…) work where the picker has the focus, in the
    # active window: wait for both, as a cashier's eyes would.
    picker = seat_map.picker
    assert picker is not None
    picker.view.setFocus()
    qtbot.waitUntil(lambda: seat_map.isActiveWindow() and picker.view.hasFocus())
    return seat_map


def press_until(
    qtbot: QtBot, seat_map: SessionSeatMap, key: Qt.Key, done: Callable[[], bool]
) -> None:
    """Ctrl+``key`` in the seat map's picker, until ``done()``.

    Offscreen, with no window manager to hold it, a window may lose its
    activation to one a test before closes late, between open_map's wait and
    the key; a window shortcut then goes nowhere. Activate it again and press
    again: every key used here is safe to press twice."""
    picker = seat_map.picker
    assert picker is not None
    for attempt in range(3):
        activate(qtbot, seat_map)
        picker.view.setFocus()
        qtbot.keyClick(picker.view, key, CTRL)
        try:
            qtbot.waitUntil(done, timeout=3000)
            return
        except TimeoutError:
            if attempt == 2:
                raise


def choose_best(qtbot: QtBot, seat_map: SessionSeatMap) -> None:
    """Ctrl+B: the best two seats are chosen."""
    picker = seat_map.picker
    assert picker is not None
    press_until(qtbot, seat_map, Qt.Key.Key_B, lambda: len(picker.selected) == 2)


def test_hold_by_keyboard_and_see_another_window_within_a_second(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    seat_map = open_map(qtbot, main_window_for)
    picker = seat_map.picker
    assert picker is not None
    session_id = seat_map.session.id
    assert picker.scene.layout.seat_count == len(seat_map.states) > 1000
    assert "Available" in seat_map.counts.text()

    # Ctrl+B picks the best two; Ctrl+H holds them on the store.
    choose_best(qtbot, seat_map)
    chosen = list(picker.selected)
    assert len(chosen) == 2
    press_until(qtbot, seat_map, Qt.Key.Key_H, lambda: "2 seats held" in seat_map.message.text())
    me = seat_map.ctx.me
    stored = {r.seat_id: r for r in seating.list_session_seats(demo_store, me, session_id)}
    assert all(stored[s].state == "held" for s in chosen)
    assert all(picker.scene.state_of(_seat(picker, s)) is SeatState.HELD_HERE for s in chosen)
    assert {seat_map.states[s] for s in chosen} == {SeatState.HELD_HERE}

    # Another window holds a seat: it turns "held by another window" here within a second.
    free = next(s for s, state in seat_map.states.items() if state is SeatState.AVAILABLE)
    seating.hold_seats(demo_store, other_window(demo_store, me), session_id, [free])
    qtbot.waitUntil(lambda: seat_map.states.get(free) is SeatState.HELD_ELSEWHERE, timeout=3000)
    assert picker.scene.state_of(_seat(picker, free)) is SeatState.HELD_ELSEWHERE

    # Ctrl+R gives this window's seats back.
    press_until(qtbot, seat_map, Qt.Key.Key_R, lambda: "released" in seat_map.message.text())
    qtbot.waitUntil(
        lambda: all(seat_map.states[s] is SeatState.AVAILABLE for s in chosen), timeout=3000
    )
    assert "2 seats released" in seat_map.message.text()


def test_a_chosen_seat_taken_elsewhere_drops_from_the_choice(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    seat_map = open_map(qtbot, main_window_for)
    picker = seat_map.picker
    assert picker is not None
    choose_best(qtbot, seat_map)
    first, second = picker.selected
    me = seat_map.ctx.me
    seating.hold_seats(demo_store, other_window(demo_store, me), seat_map.session.id, [first])
    qtbot.waitUntil(lambda: picker.selected == [second], timeout=3000)
    assert "Taken at another window meanwhile" in picker.status_text
    # Holding now asks only for what is still free.
    press_until(qtbot, seat_map, Qt.Key.Key_H, lambda: "held until" in seat_map.message.text())
    stored = {r.seat_id: r for r in seating.list_session_seats(demo_store, me, seat_map.session.id)}
    assert stored[second].state == "held" and stored[second].terminal_id == me.terminal_id


def _seat(picker: SeatPicker, seat_id: str) -> Seat:
    section = picker.scene.section_of(SeatId(seat_id))
    assert section is not None
    return next(s for s in section.seats if s.id == seat_id)
