"""The venue designer (seatmap.view.designer), driven by mouse drags and keys:
paint a block, undo, redo, number it, mirror it, copy and paste, and the
live list of problems. Refused edits change nothing and say why."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from seatmap.model import Layout, Scheme, Section, Zone
from seatmap.view.designer import LayoutDesigner, Tool
from seatmap.view.designer_dialogs import NumberingDialog, SectionDialog, ZonesDialog

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def designer(qtbot: QtBot) -> Iterator[LayoutDesigner]:
    found = LayoutDesigner(Layout(name="Test hall", zones=(Zone("A", "Stalls A", "#e53935"),)))
    qtbot.addWidget(found)
    found.resize(1300, 850)
    with qtbot.waitExposed(found):
        found.show()
    found.activateWindow()
    found.view.setFocus()
    yield found


def key(qtbot: QtBot, designer: LayoutDesigner, k: Qt.Key, mod: Qt.KeyboardModifier = NONE) -> None:
    """A key on the map, as a designer at the keyboard presses it."""
    if QApplication.activeWindow() is not designer.window():
        designer.window().activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is designer.window())
    designer.view.setFocus()
    qtbot.keyClick(designer.view, k, mod)


def keys(
    qtbot: QtBot, designer: LayoutDesigner, k: Qt.Key, times: int, mod: Qt.KeyboardModifier = NONE
) -> None:
    for _ in range(times):
        key(qtbot, designer, k, mod)


def accept(qtbot: QtBot, designer: LayoutDesigner, kind: type[QDialog]) -> QDialog:
    """The dialog a command opened, accepted with Enter."""
    qtbot.waitUntil(lambda: isinstance(designer.dialog, kind) and designer.dialog.isVisible())
    dialog = designer.dialog
    assert isinstance(dialog, kind)
    # As a window manager does, the dialog becomes the active window.
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def enter(qtbot: QtBot, dialog: QDialog) -> None:
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def add_section(qtbot: QtBot, designer: LayoutDesigner, columns: int, rows: int) -> Section:
    """Ctrl+Shift+N, the grid size, Enter."""
    key(qtbot, designer, Qt.Key.Key_N, CTRL | SHIFT)
    dialog = accept(qtbot, designer, SectionDialog)
    assert isinstance(dialog, SectionDialog)
    dialog.columns.setValue(columns)
    dialog.rows.setValue(rows)
    enter(qtbot, dialog)
    section = designer.section
    assert section is not None and (section.columns, section.rows) == (columns, rows)
    return section


def cell_point(designer: LayoutDesigner, x: int, y: int) -> QPoint:
    """The centre of a cell of the current section on the map's viewport."""
    return designer.view.mapFromScene(designer.cell_rect((x, y)).center())


def drag(
    qtbot: QtBot,
    designer: LayoutDesigner,
    a: tuple[int, int],
    b: tuple[int, int],
    mod: Qt.KeyboardModifier = NONE,
) -> None:
    viewport = designer.view.viewport()
    start, end = cell_point(designer, *a), cell_point(designer, *b)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, mod, start)
    qtbot.mouseMove(viewport, (start + end) / 2)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, mod, end)


def seats_at(designer: LayoutDesigner) -> set[tuple[int, int]]:
    section = designer.section
    assert section is not None
    return {(s.x, s.y) for s in section.seats}


def test_paint_a_block_by_dragging_then_undo_and_redo(
    qtbot: QtBot, designer: LayoutDesigner
) -> None:
    add_section(qtbot, designer, 20, 10)
    key(qtbot, designer, Qt.Key.Key_P)
    assert designer.tool is Tool.PAINT
    drag(qtbot, designer, (2, 1), (6, 3))
    assert seats_at(designer) == {(x, y) for x in range(2, 7) for y in range(1, 4)}
    assert designer.seating.seat_count == 15
    # The new seats are in the zone shown in the zone box, numbered by column for now.
    section = designer.section
    assert section is not None
    assert {s.zone for s in section.seats} == {"A"}
    assert "15 seats added" in designer.status.text()

    key(qtbot, designer, Qt.Key.Key_Z, CTRL)
    assert designer.seating.seat_count == 0
    key(qtbot, designer, Qt.Key.Key_Y, CTRL)
    assert designer.seating.seat_count == 15
    assert designer.section is not None and designer.section.seats == section.seats  # the same ids

    # Erase: Shift+click takes the whole row; Ctrl+click the whole column.
    key(qtbot, designer, Qt.Key.Key_E)
    viewport = designer.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, SHIFT, cell_point(designer, 0, 2))
    assert seats_at(designer) == {(x, y) for x in range(2, 7) for y in (1, 3)}
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, CTRL, cell_point(designer, 4, 0))
    assert seats_at(designer) == {(x, y) for x in (2, 3, 5, 6) for y in (1, 3)}
    # Four steps back, in order.
    assert designer.undo_stack.count() == 4
    key(qtbot, designer, Qt.Key.Key_Z, CTRL)
    key(qtbot, designer, Qt.Key.Key_Z, CTRL)
    assert designer.seating.seat_count == 15


def test_a_hall_by_keyboard_number_copy_and_paste_mirrored(
    qtbot: QtBot, designer: LayoutDesigner
) -> None:
    """The left half by keys, mirrored onto the right, numbered 单双号: the
    way a symmetric hall is drawn in a few dozen keystrokes."""
    add_section(qtbot, designer, 21, 6)
    # Cursor at (0, 0); Shift+arrows stretch the selection to 10 x 6; Enter fills it.
    keys(qtbot, designer, Qt.Key.Key_Right, 9, SHIFT)
    keys(qtbot, designer, Qt.Key.Key_Down, 5, SHIFT)
    key(qtbot, designer, Qt.Key.Key_Return)
    assert designer.seating.seat_count == 60
    # Make the block asymmetric so the mirror shows: no seat in the front row's corner.
    keys(qtbot, designer, Qt.Key.Key_Up, 5)
    keys(qtbot, designer, Qt.Key.Key_Left, 9)
    assert designer.cell == (0, 0) and designer.selection is None
    key(qtbot, designer, Qt.Key.Key_Delete)
    assert (0, 0) not in seats_at(designer)

    # Copy the left block, paste it mirrored at column 11 (column 10 is the aisle).
    keys(qtbot, designer, Qt.Key.Key_Right, 9, SHIFT)
    keys(qtbot, designer, Qt.Key.Key_Down, 5, SHIFT)
    key(qtbot, designer, Qt.Key.Key_C, CTRL)
    assert "Copied 59 seats" in designer.status.text()
    keys(qtbot, designer, Qt.Key.Key_Up, 5)
    keys(qtbot, designer, Qt.Key.Key_Right, 2)
    assert designer.cell == (11, 0)
    key(qtbot, designer, Qt.Key.Key_V, CTRL | SHIFT)
    assert designer.seating.seat_count == 118
    right = seats_at(designer) - {(x, y) for x in range(10) for y in range(6)}
    assert (20, 0) not in right and (11, 0) in right  # mirrored: the gap is now on the far right
    assert not any(x == 10 for x, _ in seats_at(designer))  # the aisle stays empty

    # Whole section, N: 单双号 with row labels (the dialog's defaults), Enter.
    key(qtbot, designer, Qt.Key.Key_A, CTRL)
    key(qtbot, designer, Qt.Key.Key_N)
    dialog = accept(qtbot, designer, NumberingDialog)
    assert isinstance(dialog, NumberingDialog)
    assert dialog.values().scheme is Scheme.ODD_EVEN
    enter(qtbot, dialog)
    section = designer.section
    assert section is not None
    second_row = {s.x: s.number for s in section.seats if s.y == 1}
    # Facing the stage, odd numbers on the right counting out from the aisle, even on the left.
    assert [second_row[x] for x in range(11, 21)] == [1, 3, 5, 7, 9, 11, 13, 15, 17, 19]
    assert [second_row[x] for x in range(9, -1, -1)] == [2, 4, 6, 8, 10, 12, 14, 16, 18, 20]
    assert {s.row for s in section.seats if s.y == 5} == {"6"}
    designer.check()
    assert designer.problems == []
    assert "No problems" in designer.problem_heading.text()

    # M mirrors the selection in place: the front row's gap moves to its other end.
    key(qtbot, designer, Qt.Key.Key_Escape)
    assert designer.selection is None
    keys(qtbot, designer, Qt.Key.Key_Left, 11)
    assert designer.cell == (0, 0)
    keys(qtbot, designer, Qt.Key.Key_Right, 9, SHIFT)
    before = {s.id: s for s in section.seats if s.y == 0 and s.x < 10}
    key(qtbot, designer, Qt.Key.Key_M)
    after = designer.section
    assert after is not None
    moved = {s.id: s for s in after.seats if s.y == 0 and s.x < 10}
    assert moved.keys() == before.keys()  # the same seats, ids kept
    assert (9, 0) not in seats_at(designer) and (0, 0) in seats_at(designer)
    assert all(moved[i].number == before[i].number for i in before)  # labels travel with seats


def test_problems_show_live_and_lead_to_their_place(qtbot: QtBot, designer: LayoutDesigner) -> None:
    add_section(qtbot, designer, 12, 4)
    designer.zone_box.setCurrentIndex(designer.zone_box.findData(""))  # "(no zone)"
    keys(qtbot, designer, Qt.Key.Key_Right, 2, SHIFT)
    key(qtbot, designer, Qt.Key.Key_Return)
    # Validation runs by itself shortly after the edit.
    qtbot.waitUntil(lambda: designer.problem_list.count() == 3)
    assert "3 problems" in designer.problem_heading.text()
    assert "has no price zone" in designer.problem_list.item(0).text()

    # Enter on a problem shows its place: the cell cursor jumps to the seat.
    designer.select(None, cursor=(11, 3))
    designer.problem_list.setFocus()
    designer.problem_list.setCurrentRow(2)
    qtbot.keyClick(designer.problem_list, Qt.Key.Key_Return)
    assert designer.cell == (2, 0)
    assert designer.view.hasFocus()
    assert designer.seating.seat_count == 3  # Enter in the list painted nothing

    # Give the row a zone: Shift+Space takes the whole row, Z sets the zone in the box.
    designer.zone_box.setCurrentIndex(designer.zone_box.findData("A"))
    key(qtbot, designer, Qt.Key.Key_Space, SHIFT)
    assert designer.selection is not None and designer.selection.width == 12
    key(qtbot, designer, Qt.Key.Key_Z)
    qtbot.waitUntil(lambda: designer.problem_list.count() == 0)
    assert "No problems" in designer.problem_heading.text()


def test_refused_edits_change_nothing_and_say_why(qtbot: QtBot, designer: LayoutDesigner) -> None:
    add_section(qtbot, designer, 10, 5)
    key(qtbot, designer, Qt.Key.Key_A, CTRL)
    key(qtbot, designer, Qt.Key.Key_Return)
    before, steps = designer.seating, designer.undo_stack.count()
    # Pasting a copy over seats is refused, naming them.
    designer.select(None, cursor=(0, 0))
    key(qtbot, designer, Qt.Key.Key_C, CTRL)
    keys(qtbot, designer, Qt.Key.Key_Right, 1)
    key(qtbot, designer, Qt.Key.Key_V, CTRL)
    assert "erase them first" in designer.status.text()
    # Shrinking the section below its seats is refused too.
    key(qtbot, designer, Qt.Key.Key_F2)
    dialog = accept(qtbot, designer, SectionDialog)
    assert isinstance(dialog, SectionDialog)
    dialog.columns.setValue(6)
    enter(qtbot, dialog)
    assert "would remove 20 seats" in designer.status.text()
    assert designer.seating is before and designer.undo_stack.count() == steps
    # A zone without a key is refused before it reaches the layout.
    key(qtbot, designer, Qt.Key.Key_F3)
    zones = accept(qtbot, designer, ZonesDialog)
    assert isinstance(zones, ZonesDialog)
    zones.add_zone()
    item = zones.table.item(1, 0)
    assert item is not None
    item.setText("")
    zones.accept()
    assert "needs a key and a name" in designer.status.text()
    assert designer.seating is before


def test_sections_switch_by_keyboard_and_by_click(qtbot: QtBot, designer: LayoutDesigner) -> None:
    first = add_section(qtbot, designer, 10, 4)
    second = add_section(qtbot, designer, 8, 3)
    assert second.y == first.y + first.rows + 3  # placed below the first by default
    assert designer.section_id == second.id
    key(qtbot, designer, Qt.Key.Key_PageUp, CTRL)
    assert designer.section_id == first.id
    key(qtbot, designer, Qt.Key.Key_PageDown, CTRL)
    assert designer.section_id == second.id
    designer.view.fit()
    # A click in the other section makes it the one being edited.
    point = designer.view.mapFromScene(designer.cell_rect((1, 1), first).center())
    qtbot.mouseClick(designer.view.viewport(), Qt.MouseButton.LeftButton, NONE, point)
    assert designer.section_id == first.id and designer.cell == (1, 1)
    # Deleting a section is one step back with Ctrl+Z.
    key(qtbot, designer, Qt.Key.Key_Delete, CTRL | SHIFT)
    assert [s.id for s in designer.seating.sections] == [second.id]
    key(qtbot, designer, Qt.Key.Key_Z, CTRL)
    assert [s.id for s in designer.seating.sections] == [first.id, second.id]


def test_a_3600_seat_hall_by_keyboard_as_the_user_guide_says(
    qtbot: QtBot, designer: LayoutDesigner
) -> None:
    """docs/user-guide.md's recipe: two zones, one 61 x 60 section, a centre
    aisle, the back half in the second zone, numbered 单双号: 3,600 seats,
    no problems, in about a hundred keystrokes (most of them arrows)."""
    pressed = 0

    def press(k: Qt.Key, times: int = 1, mod: Qt.KeyboardModifier = NONE) -> None:
        nonlocal pressed
        keys(qtbot, designer, k, times, mod)
        pressed += times

    press(Qt.Key.Key_F3)
    zones = accept(qtbot, designer, ZonesDialog)
    assert isinstance(zones, ZonesDialog)
    zones.add_zone()
    enter(qtbot, zones)
    press(Qt.Key.Key_N, 1, CTRL | SHIFT)
    section = accept(qtbot, designer, SectionDialog)
    assert isinstance(section, SectionDialog)
    section.columns.setValue(61)
    section.rows.setValue(60)
    enter(qtbot, section)
    press(Qt.Key.Key_A, 1, CTRL)
    press(Qt.Key.Key_Return)
    assert designer.seating.seat_count == 3660
    press(Qt.Key.Key_Right, 30)
    press(Qt.Key.Key_Space, 1, CTRL)
    press(Qt.Key.Key_Delete)
    assert designer.seating.seat_count == 3600
    press(Qt.Key.Key_Down, 30)
    press(Qt.Key.Key_Down, 29, SHIFT)
    press(Qt.Key.Key_Space, 1, SHIFT)
    # Alt+Z goes to the zone box (its label's mnemonic); Down picks the second zone.
    designer.zone_box.setFocus()
    qtbot.keyClick(designer.zone_box, Qt.Key.Key_Down)
    pressed += 2
    press(Qt.Key.Key_Z)
    press(Qt.Key.Key_A, 1, CTRL)
    press(Qt.Key.Key_N)
    enter(qtbot, accept(qtbot, designer, NumberingDialog))
    pressed += 1
    designer.check()
    assert designer.problems == []
    zones_used = {}
    for seat in designer.seating.sections[0].seats:
        zones_used[seat.zone] = zones_used.get(seat.zone, 0) + 1
    assert sorted(zones_used.values()) == [1800, 1800]
    rows = {s.row for s in designer.seating.sections[0].seats}
    assert rows == {str(n) for n in range(1, 61)}
    assert pressed < 120


def test_the_middle_button_pans_and_ctrl_0_fits(qtbot: QtBot, designer: LayoutDesigner) -> None:
    add_section(qtbot, designer, 120, 80)
    view = designer.view
    key(qtbot, designer, Qt.Key.Key_0, CTRL)
    view.zoom_by(6.0)
    viewport = view.viewport()
    centre = view.mapToScene(viewport.rect().center())
    start = viewport.rect().center()
    qtbot.mousePress(viewport, Qt.MouseButton.MiddleButton, NONE, start)
    qtbot.mouseMove(viewport, start + QPoint(60, 0))
    qtbot.mouseMove(viewport, start + QPoint(120, 40))
    qtbot.mouseRelease(viewport, Qt.MouseButton.MiddleButton, NONE, start + QPoint(120, 40))
    moved = view.mapToScene(viewport.rect().center())
    # Dragging right and down brings what was left and above into view.
    assert moved.x() < centre.x() - 10 and moved.y() < centre.y() - 3
    assert designer.seating.seat_count == 0  # panning painted nothing
    key(qtbot, designer, Qt.Key.Key_0, CTRL)
    assert view.mapToScene(viewport.rect()).boundingRect().contains(designer.scene.sceneRect())
