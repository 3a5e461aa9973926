"""The catalogue admin pages (shows, sessions, prices), driven with keyboard and mouse.

Real main windows on a copy of the demo store; services are never mocked.
QTest types Latin-1 only, so what the tests type is in English or digits; the
demo's names are Chinese and are chosen with the mouse or the arrow keys.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from boxoffice.clock import now
from boxoffice.db.store import Store
from boxoffice.ids import CategoryId
from boxoffice.services import catalogue
from boxoffice.services.base import Actor
from boxoffice.services.catalogue import SessionRow
from tests.conftest import table_snapshot
from widgets.main_window import MainWindow
from widgets.money_edit import MoneyEdit
from widgets.pages.base import Page
from widgets.pages.catalogue import CataloguePage, CategoryDialog, HallDialog, ShowDialog
from widgets.pages.prices import PricesPage, TicketTypeDialog
from widgets.pages.sessions import SessionDialog, SessionsPage

from .conftest import answer, error_shown, wait_ops

MakeWindow = Callable[[str], MainWindow]
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


# --- helpers ------------------------------------------------------------------------


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Make ``window`` the active one, as a window manager does when a dialog closes."""
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def open_page(qtbot: QtBot, window: MainWindow, key: str) -> Page:
    activate(qtbot, window)
    page = window.open_page(key)
    wait_ops(qtbot)
    return page


def shortcut(
    qtbot: QtBot,
    widget: QWidget,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Press a toolbar shortcut with ``widget`` focused; wait for the button's
    (animated) click to land and for the service call it starts."""
    page = widget
    while not isinstance(page, Page):
        page = page.parentWidget()
    buttons = [b for b in page.findChildren(QPushButton) if b.isVisible()]
    activate(qtbot, widget.window())
    qtbot.keyClick(widget, key, modifier)
    pressed = [b for b in buttons if b.isDown()]
    assert len(pressed) == 1, "the shortcut pressed no toolbar button"
    qtbot.waitUntil(lambda: not pressed[0].isDown())
    wait_ops(qtbot)


def click_row(qtbot: QtBot, table: object, predicate: Callable[[object], bool]) -> None:
    """Click the first visible row of a RowTable for which ``predicate`` holds."""
    view, proxy = table.view, table.proxy  # type: ignore[attr-defined]
    for number, row in enumerate(table.visible_rows()):  # type: ignore[attr-defined]
        if predicate(row):
            index = proxy.index(number, 0)
            view.scrollTo(index)
            qtbot.mouseClick(
                view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
            )
            assert table.selected() is row  # type: ignore[attr-defined]
            return
    raise AssertionError("no such row is listed")


def mouse_click(qtbot: QtBot, button: QPushButton | None) -> None:
    """Click a toolbar button with the mouse; wait for the service call it starts."""
    assert button is not None and button.isVisible() and button.isEnabled()
    activate(qtbot, button.window())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot)


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Pick an item of a combo box with the arrow keys, as a keyboard user does."""
    wanted = next(i for i in range(combo.count()) if text in combo.itemText(i))
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(wanted):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert text in combo.currentText()


def retype(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Select what a field holds (Ctrl+A) and type over it."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(widget, text)


def sessions(window: MainWindow) -> list[SessionRow]:
    return catalogue.list_sessions(window.ctx.store, window.ctx.me)


def tomorrow_at(window: MainWindow, hour: int, minute: int) -> datetime:
    """Tomorrow at the given wall-clock time in the venue's timezone."""
    ctx = window.ctx
    return datetime.combine(
        ctx.local(now()).date() + timedelta(days=1), time(hour, minute), ctx.zone
    )


# --- 演出管理: categories, shows, halls -------------------------------------------------


def catalogue_page(qtbot: QtBot, main_window_for: MakeWindow) -> tuple[MainWindow, CataloguePage]:
    window = main_window_for("admin")
    page = open_page(qtbot, window, "catalogue")
    assert isinstance(page, CataloguePage)
    return window, page


def test_create_a_category_then_a_show_in_it(qtbot: QtBot, main_window_for: MakeWindow) -> None:
    window, page = catalogue_page(qtbot, main_window_for)
    assert page.tabs.currentIndex() == page.CATEGORIES
    assert page.new_button is not None and page.new_button.text() == "New (Ctrl+N)"
    shown = {c.name: c.show_count for c in page.categories.visible_rows()}
    assert shown["话剧"] == 1

    # New category: Ctrl+N, type the name, Enter.
    shortcut(qtbot, page.categories.view, Qt.Key.Key_N, CTRL)
    dialog = page.dialog
    assert isinstance(dialog, CategoryDialog)
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.name, "Crosstalk")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert not dialog.isVisible()
    stored = {c.name: c for c in catalogue.list_categories(window.ctx.store, window.ctx.me)}
    assert stored["Crosstalk"].show_count == 0
    assert stored["Crosstalk"].sort_order == max(c.sort_order for c in stored.values())
    assert page.categories.selected() is not None
    assert page.categories.selected().name == "Crosstalk"

    # The Shows tab (Alt+2), New show in the new category.
    activate(qtbot, window)
    qtbot.keyClick(page.categories.view, Qt.Key.Key_2, ALT)
    assert page.tabs.currentIndex() == page.SHOWS
    shortcut(qtbot, page.shows.view, Qt.Key.Key_N, CTRL)
    dialog = page.dialog
    assert isinstance(dialog, ShowDialog)
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.name
    qtbot.keyClicks(dialog.name, "Crosstalk Night")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.category
    choose(qtbot, dialog.category, "Crosstalk")
    qtbot.keyClick(dialog.category, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.duration
    retype(qtbot, dialog.duration, "95")
    dialog.introduction.setFocus()
    qtbot.keyClicks(dialog.introduction, "Two performers, one table.")
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.introduction, Qt.Key.Key_Return, CTRL)  # Ctrl+Enter saves from a text box
    wait_ops(qtbot)
    assert not dialog.isVisible()

    show = next(
        s
        for s in catalogue.list_shows(window.ctx.store, window.ctx.me)
        if s.name == "Crosstalk Night"
    )
    assert (show.category_name, show.duration_minutes, show.enabled) == ("Crosstalk", 95, True)
    assert show.introduction == "Two performers, one table."
    listed = {s.name: s for s in page.shows.visible_rows()}
    assert "Crosstalk Night" in listed
    assert page.shows.selected() is listed["Crosstalk Night"]
    counts = {c.name: c.show_count for c in page.categories.visible_rows()}
    assert counts["Crosstalk"] == 1


def test_rename_a_category_with_enter_keeps_its_place(
    qtbot: QtBot, main_window_for: MakeWindow
) -> None:
    window, page = catalogue_page(qtbot, main_window_for)
    assert [c.name for c in page.categories.visible_rows()][:2] == ["话剧", "音乐会"]  # as ordered
    click_row(qtbot, page.categories, lambda c: c.name == "曲艺")
    order = page.categories.selected().sort_order
    qtbot.keyClick(page.categories.view, Qt.Key.Key_Return)  # Enter edits
    dialog = page.dialog
    assert isinstance(dialog, CategoryDialog)
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Rename category"
    assert dialog.name.text() == "曲艺"
    retype(qtbot, dialog.name, "Comedy")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert not dialog.isVisible()
    stored = {c.name: c for c in catalogue.list_categories(window.ctx.store, window.ctx.me)}
    assert "曲艺" not in stored
    assert (stored["Comedy"].sort_order, stored["Comedy"].show_count) == (order, 1)
    assert page.categories.selected() is not None and page.categories.selected().name == "Comedy"


def test_a_refused_show_keeps_the_dialog_open_and_esc_cancels(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    _window, page = catalogue_page(qtbot, main_window_for)
    qtbot.keyClick(page.categories.view, Qt.Key.Key_2, ALT)
    before = table_snapshot(demo_store)
    shortcut(qtbot, page.shows.view, Qt.Key.Key_N, CTRL)
    dialog = page.dialog
    assert isinstance(dialog, ShowDialog)
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.name, "   ")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert dialog.isVisible()
    assert dialog.message.text() == "A name must be 1 to 128 characters."
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert table_snapshot(demo_store) == before


def test_deleting_a_category_in_use_is_refused_and_an_empty_one_goes(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    window, page = catalogue_page(qtbot, main_window_for)
    assert page.delete_button is not None and page.delete_button.text() == "Delete (Del)"
    before = table_snapshot(demo_store)

    click_row(qtbot, page.categories, lambda c: c.name == "话剧")
    shortcut(qtbot, page.categories.view, Qt.Key.Key_Delete)
    assert answer(qtbot, QMessageBox.StandardButton.Yes) == "Delete the category “话剧”?"
    assert error_shown(qtbot) == "“话剧” still has 1 shows. Move them to another category first."
    assert table_snapshot(demo_store) == before

    # Asking first: No keeps it, Yes deletes an empty category.
    catalogue.save_category(demo_store, window.ctx.me, None, name="Unused", sort_order=9)
    activate(qtbot, window)
    qtbot.keyClick(page.categories.view, Qt.Key.Key_F5)
    wait_ops(qtbot)
    click_row(qtbot, page.categories, lambda c: c.name == "Unused")
    shortcut(qtbot, page.categories.view, Qt.Key.Key_Delete)
    answer(qtbot, QMessageBox.StandardButton.No)
    assert "Unused" in {c.name for c in catalogue.list_categories(demo_store, window.ctx.me)}
    shortcut(qtbot, page.categories.view, Qt.Key.Key_Delete)
    answer(qtbot, QMessageBox.StandardButton.Yes)
    assert "Unused" not in {c.name for c in catalogue.list_categories(demo_store, window.ctx.me)}
    assert "Unused" not in {c.name for c in page.categories.visible_rows()}


def test_tabs_switch_with_ctrl_tab_and_buttons_follow(
    qtbot: QtBot, main_window_for: MakeWindow
) -> None:
    _window, page = catalogue_page(qtbot, main_window_for)
    view = page.categories.view
    click_row(qtbot, page.categories, lambda c: c.name == "话剧")
    assert page.delete_button is not None and page.delete_button.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_Tab, CTRL)
    assert page.tabs.currentIndex() == page.SHOWS
    assert page.shows.selected() is not None  # the focused list has a current row
    assert page.edit_button is not None and page.edit_button.isEnabled()
    assert page.delete_button.isEnabled()  # a show without sessions can be deleted
    qtbot.keyClick(page.shows.view, Qt.Key.Key_Tab, CTRL)
    assert page.tabs.currentIndex() == page.HALLS
    assert {(h.name, h.seating, h.capacity) for h in page.halls.visible_rows()} == {
        ("大剧场", "reserved", 1200),
        ("小剧场", "general", 300),
    }
    assert page.halls.model.data(page.halls.model.index(0, 2)) == "Reserved seats"
    qtbot.keyClick(page.halls.view, Qt.Key.Key_1, ALT)
    assert page.tabs.currentIndex() == page.CATEGORIES


def test_create_a_hall_in_the_venue(qtbot: QtBot, main_window_for: MakeWindow) -> None:
    window, page = catalogue_page(qtbot, main_window_for)
    qtbot.keyClick(page.categories.view, Qt.Key.Key_3, ALT)
    shortcut(qtbot, page.halls.view, Qt.Key.Key_N, CTRL)
    dialog = page.dialog
    assert isinstance(dialog, HallDialog)
    qtbot.waitExposed(dialog)
    assert dialog.venue.currentText() == "星海大剧院"
    assert not dialog.venue_name.isVisible()  # only for a new venue
    assert dialog.focusWidget() is dialog.name
    qtbot.keyClicks(dialog.name, "Studio 3")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    choose(qtbot, dialog.seating, "General admission")
    qtbot.keyClick(dialog.seating, Qt.Key.Key_Tab)
    retype(qtbot, dialog.capacity, "120")
    qtbot.keyClick(dialog.capacity, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert not dialog.isVisible()
    halls = {h.name: h for h in catalogue.list_halls(window.ctx.store, window.ctx.me)}
    assert (
        halls["Studio 3"].venue_name,
        halls["Studio 3"].seating,
        halls["Studio 3"].capacity,
    ) == (
        "星海大剧院",
        "general",
        120,
    )
    assert "Studio 3" in {h.name for h in page.halls.visible_rows()}


def halls_tab(qtbot: QtBot, main_window_for: MakeWindow) -> tuple[MainWindow, CataloguePage]:
    window, page = catalogue_page(qtbot, main_window_for)
    qtbot.keyClick(page.categories.view, Qt.Key.Key_3, ALT)
    assert page.tabs.currentIndex() == page.HALLS
    return window, page


def reload(qtbot: QtBot, window: MainWindow, page: CataloguePage) -> None:
    """F5, after a change made behind the page's back."""
    activate(qtbot, window)
    qtbot.keyClick(page.current_table().view, Qt.Key.Key_F5)
    wait_ops(qtbot)


def test_a_venue_without_halls_is_offered_for_a_new_hall(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    window, page = halls_tab(qtbot, main_window_for)
    venue = catalogue.create_venue(demo_store, window.ctx.me, name="Lakeside Hall")
    shortcut(qtbot, page.halls.view, Qt.Key.Key_N, CTRL)
    dialog = page.dialog
    assert isinstance(dialog, HallDialog)
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "New hall"
    assert [dialog.venue.itemText(i) for i in range(dialog.venue.count())] == [
        "Lakeside Hall",
        "星海大剧院",
        "New venue…",
    ]
    choose(qtbot, dialog.venue, "Lakeside Hall")
    assert not dialog.venue_name.isVisible()
    qtbot.keyClick(dialog.venue, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.name
    qtbot.keyClicks(dialog.name, "Main")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert not dialog.isVisible(), dialog.message.text()
    venues = catalogue.list_venues(demo_store, window.ctx.me)
    assert [(v.name, v.hall_count) for v in venues] == [("Lakeside Hall", 1), ("星海大剧院", 2)]
    selected = page.halls.selected()
    assert selected is not None and (selected.venue_id, selected.name) == (venue, "Main")


def test_a_new_venue_is_made_once_even_when_its_hall_is_refused(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    window, page = halls_tab(qtbot, main_window_for)
    shortcut(qtbot, page.halls.view, Qt.Key.Key_N, CTRL)
    dialog = page.dialog
    assert isinstance(dialog, HallDialog)
    qtbot.waitExposed(dialog)
    choose(qtbot, dialog.venue, "New venue…")
    qtbot.keyClick(dialog.venue, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.venue_name
    qtbot.keyClicks(dialog.venue_name, "Riverside")
    qtbot.keyClick(dialog.venue_name, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.venue_address, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.name
    qtbot.keyClicks(dialog.name, "x" * 64)
    # The field takes 64 characters, as the service does; past them, the service refuses.
    dialog.name.setMaxLength(65)
    qtbot.keyClicks(dialog.name, "x")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert dialog.isVisible()
    assert dialog.message.text() == "A name must be 1 to 64 characters."
    # The venue exists now: it is chosen in the list, and saving again uses it.
    assert dialog.venue.currentText() == "Riverside"
    assert not dialog.venue_name.isVisible()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Backspace)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert not dialog.isVisible(), dialog.message.text()
    venues = [v for v in catalogue.list_venues(demo_store, window.ctx.me) if v.name == "Riverside"]
    assert [v.hall_count for v in venues] == [1]


def test_edit_a_hall_capacity_with_enter(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    window, page = halls_tab(qtbot, main_window_for)
    click_row(qtbot, page.halls, lambda h: h.name == "小剧场")
    hall = page.halls.selected()
    assert page.edit_button is not None and page.edit_button.isEnabled()
    qtbot.keyClick(page.halls.view, Qt.Key.Key_Return)  # Enter edits, as Ctrl+E does
    dialog = page.dialog
    assert isinstance(dialog, HallDialog)
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Edit hall"
    assert (dialog.venue.currentText(), dialog.venue.isEnabled()) == ("星海大剧院", False)
    assert not dialog.venue_name.isVisible()
    assert dialog.focusWidget() is dialog.name and dialog.name.text() == "小剧场"
    assert (dialog.seating.currentData(), dialog.capacity.value()) == ("general", 300)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.seating, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.capacity
    retype(qtbot, dialog.capacity, "450")
    qtbot.keyClick(dialog.capacity, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert not dialog.isVisible(), dialog.message.text()

    stored = {h.id: h for h in catalogue.list_halls(demo_store, window.ctx.me)}[hall.id]
    assert (stored.name, stored.seating, stored.capacity) == ("小剧场", "general", 450)
    row = page.halls.selected()
    assert row is not None and row.id == hall.id and row.capacity == 450
    number = page.halls.model.rows.index(row)
    assert page.halls.model.data(page.halls.model.index(number, 3)) == "450"


def test_changing_the_seating_of_a_hall_with_sessions_is_refused_in_the_dialog(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    window, page = halls_tab(qtbot, main_window_for)
    click_row(qtbot, page.halls, lambda h: h.name == "小剧场")
    count = sum(1 for s in sessions(window) if s.hall_name == "小剧场")
    before = table_snapshot(demo_store)
    shortcut(qtbot, page.halls.view, Qt.Key.Key_E, CTRL)
    dialog = page.dialog
    assert isinstance(dialog, HallDialog)
    qtbot.waitExposed(dialog)
    choose(qtbot, dialog.seating, "Reserved seats")
    qtbot.keyClick(dialog.seating, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert dialog.isVisible()
    assert dialog.message.text() == (
        f"“小剧场” has {count} sessions, sold by its current seating. "
        "The seating cannot change while the hall has sessions."
    )
    assert table_snapshot(demo_store) == before
    qtbot.keyClick(dialog.seating, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_deleting_a_hall_with_sessions_is_refused_and_an_unused_one_goes(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    window, page = halls_tab(qtbot, main_window_for)
    count = sum(1 for s in sessions(window) if s.hall_name == "大剧场")
    assert count > 0
    before = table_snapshot(demo_store)
    click_row(qtbot, page.halls, lambda h: h.name == "大剧场")
    assert page.delete_button is not None and page.delete_button.isEnabled()
    shortcut(qtbot, page.halls.view, Qt.Key.Key_Delete)
    assert (
        answer(qtbot, QMessageBox.StandardButton.Yes) == "Delete the hall “大剧场” of 星海大剧院?"
    )
    assert error_shown(qtbot) == (
        f"“大剧场” still has {count} sessions. A hall with sessions cannot be deleted."
    )
    assert table_snapshot(demo_store) == before
    assert "大剧场" in {h.name for h in page.halls.visible_rows()}

    # A hall without sessions: No keeps it, Yes deletes it; the venue stays.
    venue = catalogue.list_venues(demo_store, window.ctx.me)[0]
    catalogue.create_hall(
        demo_store, window.ctx.me, venue_id=venue.id, name="Annex", seating="general", capacity=80
    )
    reload(qtbot, window, page)
    click_row(qtbot, page.halls, lambda h: h.name == "Annex")
    shortcut(qtbot, page.halls.view, Qt.Key.Key_Delete)
    answer(qtbot, QMessageBox.StandardButton.No)
    assert "Annex" in {h.name for h in catalogue.list_halls(demo_store, window.ctx.me)}
    shortcut(qtbot, page.halls.view, Qt.Key.Key_Delete)
    answer(qtbot, QMessageBox.StandardButton.Yes)
    assert "Annex" not in {h.name for h in catalogue.list_halls(demo_store, window.ctx.me)}
    assert "Annex" not in {h.name for h in page.halls.visible_rows()}
    assert [v.hall_count for v in catalogue.list_venues(demo_store, window.ctx.me)] == [2]


def test_delete_a_show_without_sessions(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    window, page = catalogue_page(qtbot, main_window_for)
    category = CategoryId(catalogue.list_categories(demo_store, window.ctx.me)[0].id)
    catalogue.save_show(
        demo_store, window.ctx.me, None, category_id=category, name="Dropped", duration_minutes=60
    )
    qtbot.keyClick(page.categories.view, Qt.Key.Key_2, ALT)
    reload(qtbot, window, page)
    click_row(qtbot, page.shows, lambda s: s.name == "Dropped")
    shortcut(qtbot, page.shows.view, Qt.Key.Key_Delete)
    assert answer(qtbot, QMessageBox.StandardButton.Yes) == "Delete the show “Dropped”?"
    assert "Dropped" not in {s.name for s in catalogue.list_shows(demo_store, window.ctx.me)}
    assert "Dropped" not in {s.name for s in page.shows.visible_rows()}
    assert not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def test_deleting_a_show_with_sessions_is_refused(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    window, page = catalogue_page(qtbot, main_window_for)
    count = sum(1 for s in sessions(window) if s.show_name == "脱口秀专场")
    assert count > 0
    before = table_snapshot(demo_store)
    qtbot.keyClick(page.categories.view, Qt.Key.Key_2, ALT)
    click_row(qtbot, page.shows, lambda s: s.name == "脱口秀专场")
    mouse_click(qtbot, page.delete_button)
    assert answer(qtbot, QMessageBox.StandardButton.Yes) == "Delete the show “脱口秀专场”?"
    assert error_shown(qtbot) == (
        f"“脱口秀专场” still has {count} sessions. Take it off the programme instead (Edit), "
        "so it can no longer be scheduled."
    )
    assert table_snapshot(demo_store) == before
    assert "脱口秀专场" in {s.name for s in page.shows.visible_rows()}


# --- 演出排场: sessions -------------------------------------------------------------------


def sessions_page(
    qtbot: QtBot, main_window_for: MakeWindow, login: str = "admin"
) -> tuple[MainWindow, SessionsPage]:
    window = main_window_for(login)
    page = open_page(qtbot, window, "sessions")
    assert isinstance(page, SessionsPage)
    return window, page


def type_start(qtbot: QtBot, dialog: SessionDialog, when: str) -> None:
    """Type the start as yyyyMMddHHmm into the (just tabbed-into) date-time field:
    each section fills and moves on to the next."""
    qtbot.keyClicks(dialog.starts, when)
    assert dialog.starts.dateTime().toString("yyyyMMddHHmm") == when


def fill_session(qtbot: QtBot, dialog: SessionDialog, show: str, hall: str, when: str) -> None:
    """Show and hall with the arrow keys, the start typed as digits, Enter."""
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.show_box
    choose(qtbot, dialog.show_box, show)
    qtbot.keyClick(dialog.show_box, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.hall
    choose(qtbot, dialog.hall, hall)
    qtbot.keyClick(dialog.hall, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.starts
    type_start(qtbot, dialog, when)
    qtbot.keyClick(dialog.starts, Qt.Key.Key_Return)
    wait_ops(qtbot)


def test_session_tomorrow_at_1930_in_the_small_hall(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    window, page = sessions_page(qtbot, main_window_for)
    # 小剧场 has the demo's 脱口秀专场 every evening at 20:00; a 30-minute show fits before it.
    category = CategoryId(catalogue.list_categories(demo_store, window.ctx.me)[0].id)
    catalogue.save_show(
        demo_store, window.ctx.me, None, category_id=category, name="Warm-up", duration_minutes=30
    )
    start = tomorrow_at(window, 19, 30)
    before = len(sessions(window))

    shortcut(qtbot, page.table.view, Qt.Key.Key_N, CTRL)
    dialog = page.dialog
    assert isinstance(dialog, SessionDialog)
    fill_session(qtbot, dialog, "Warm-up", "小剧场", start.strftime("%Y%m%d%H%M"))
    assert not dialog.isVisible(), dialog.message.text()

    created = [s for s in sessions(window) if s.show_name == "Warm-up"]
    assert len(sessions(window)) == before + 1 and len(created) == 1
    session = created[0]
    assert session.starts_at == start  # 19:30 in Shanghai, whatever this computer's timezone
    assert session.starts_at.utcoffset() == timedelta(0) and session.starts_at.hour == 11
    assert (session.hall_name, session.status, session.zones) == ("小剧场", "stopped", ())
    row = page.table.selected()
    assert row is not None and row.id == session.id
    texts = [
        page.table.model.data(page.table.model.index(page.table.model.rows.index(row), c))
        for c in range(6)
    ]
    assert texts == [
        start.strftime("%Y-%m-%d 19:30"), "Warm-up", session.category_name, "小剧场", "Stopped", "No prices",
    ]  # fmt: skip

    # With no prices it cannot go on sale: the refusal is shown, nothing changes.
    shortcut(qtbot, page.table.view, Qt.Key.Key_O, CTRL)
    assert error_shown(qtbot) == "Give the session at least one priced zone before selling it."
    assert next(s for s in sessions(window) if s.id == session.id).status == "stopped"


def test_an_overlapping_session_is_refused_in_the_dialog(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    window, page = sessions_page(qtbot, main_window_for)
    before = table_snapshot(demo_store)
    shortcut(qtbot, page.table.view, Qt.Key.Key_N, CTRL)
    dialog = page.dialog
    assert isinstance(dialog, SessionDialog)
    # 话剧《茶馆》 runs 165 minutes: 19:30 tomorrow runs into the 20:00 脱口秀专场.
    fill_session(
        qtbot, dialog, "话剧《茶馆》", "小剧场", tomorrow_at(window, 19, 30).strftime("%Y%m%d%H%M")
    )
    assert dialog.isVisible()
    when = tomorrow_at(window, 20, 0).strftime("%Y-%m-%d %H:%M")
    assert dialog.message.text() == f"The hall is in use then by “脱口秀专场” at {when}."
    assert table_snapshot(demo_store) == before
    # Moved to the other hall, the same session is fine... except that 大剧场 is busy too.
    choose(qtbot, dialog.hall, "大剧场")
    qtbot.keyClick(dialog.hall, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert dialog.isVisible() and "is in use then by" in dialog.message.text()
    qtbot.keyClick(dialog.hall, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert table_snapshot(demo_store) == before


def test_edit_a_session_with_enter_moves_it(qtbot: QtBot, main_window_for: MakeWindow) -> None:
    window, page = sessions_page(qtbot, main_window_for)
    target = [s for s in page.table.visible_rows() if s.hall_name == "小剧场"][-1]
    click_row(qtbot, page.table, lambda s: s.id == target.id)
    qtbot.keyClick(page.table.view, Qt.Key.Key_Return)  # Enter edits
    wait_ops(qtbot)
    dialog = page.dialog
    assert isinstance(dialog, SessionDialog)
    qtbot.waitExposed(dialog)
    local = window.ctx.local(target.starts_at)
    assert dialog.starts.dateTime().toString("yyyy-MM-dd HH:mm") == local.strftime("%Y-%m-%d 20:00")
    assert dialog.status.currentData() == "on_sale"
    assert dialog.ends.text() == "Ends about {} (90 min)".format(local.strftime("%Y-%m-%d 21:30"))
    dialog.hall.setFocus()
    qtbot.keyClick(dialog.hall, Qt.Key.Key_Tab)
    type_start(qtbot, dialog, local.strftime("%Y%m%d") + "2215")
    qtbot.keyClick(dialog.starts, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert not dialog.isVisible(), dialog.message.text()
    moved = next(s for s in sessions(window) if s.id == target.id)
    assert window.ctx.local(moved.starts_at) == local.replace(hour=22, minute=15)
    assert (moved.status, moved.zones) == (target.status, target.zones)


def test_stop_sales_and_put_on_sale_again(qtbot: QtBot, main_window_for: MakeWindow) -> None:
    window, page = sessions_page(qtbot, main_window_for)
    assert page.stop_button is not None and page.sale_button is not None
    assert (page.sale_button.text(), page.stop_button.text()) == (
        "Put on sale (Ctrl+O)",
        "Stop sales (Ctrl+T)",
    )
    target = next(s for s in page.table.visible_rows() if s.show_name == "脱口秀专场")
    click_row(qtbot, page.table, lambda s: s.id == target.id)
    assert target.status == "on_sale" and not page.sale_button.isEnabled()

    shortcut(qtbot, page.table.view, Qt.Key.Key_T, CTRL)
    assert next(s for s in sessions(window) if s.id == target.id).status == "stopped"
    row = page.table.selected()
    assert row is not None and row.id == target.id and row.status == "stopped"
    column = page.table.model.rows.index(row)
    assert page.table.model.data(page.table.model.index(column, 4)) == "Stopped"
    assert page.sale_button.isEnabled() and not page.stop_button.isEnabled()

    shortcut(qtbot, page.table.view, Qt.Key.Key_O, CTRL)
    assert next(s for s in sessions(window) if s.id == target.id).status == "on_sale"
    assert page.table.selected() is not None and page.table.selected().status == "on_sale"


def test_sessions_list_filters_by_dates_and_search(
    qtbot: QtBot, main_window_for: MakeWindow
) -> None:
    window, page = sessions_page(qtbot, main_window_for)
    today = window.ctx.local(now()).date()
    assert page.date_from.date().toPython() == today
    assert page.date_to.date().toPython() == today + timedelta(days=14)
    assert len(page.table.visible_rows()) == len(sessions(window))
    assert {
        price for price in (page.table.model.data(page.table.model.index(r, 5)) for r in range(3))
    } <= {
        "¥180–¥680",
        "¥120",
    }
    page.date_to.setDate(page.date_from.date())  # today only
    wait_ops(qtbot)
    assert page.table.visible_rows()
    assert all(window.ctx.local(s.starts_at).date() == today for s in page.table.visible_rows())
    activate(qtbot, window)
    qtbot.keyClick(page.table.view, Qt.Key.Key_F, CTRL)
    assert page.table.search.hasFocus()
    qtbot.keyClicks(page.table.search, "19:30")
    assert [window.ctx.local(s.starts_at).time() for s in page.table.visible_rows()] == [
        time(19, 30)
    ]


def test_supervisor_sees_sessions_but_cannot_schedule(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    window, page = sessions_page(qtbot, main_window_for, "chenjing")
    assert page.table.visible_rows()  # the sessions are listed
    assert page.new_button is None and page.sale_button is None  # no New, no sales switches
    assert "View only" in page.count.text()
    assert not [b for b in page.findChildren(QPushButton) if b.isVisible()]
    before = table_snapshot(demo_store)
    activate(qtbot, window)
    qtbot.keyClick(page.table.view, Qt.Key.Key_N, CTRL)
    wait_ops(qtbot)
    assert page.dialog is None
    # Even reaching the dialog (say, the role changed after login), the service refuses.
    page.new_session()
    wait_ops(qtbot)
    dialog = page.dialog
    assert isinstance(dialog, SessionDialog)
    fill_session(qtbot, dialog, "新年音乐会", "大剧场", "203001011930")
    assert dialog.isVisible()
    assert dialog.message.text() == "You do not have the permission “Manage shows and sessions”."
    assert table_snapshot(demo_store) == before


def test_cashier_has_none_of_the_catalogue_pages(main_window_for: MakeWindow) -> None:
    window = main_window_for("zhangli")
    keys = {spec.key for spec in window.specs}
    assert keys.isdisjoint({"catalogue", "sessions", "prices"})
    assert "sessions_today" in keys


# --- 票价: price zones and ticket types ---------------------------------------------------


def prices_page(qtbot: QtBot, main_window_for: MakeWindow) -> tuple[MainWindow, PricesPage]:
    window = main_window_for("admin")
    page = open_page(qtbot, window, "prices")
    assert isinstance(page, PricesPage)
    return window, page


def small_hall_session(page: PricesPage) -> SessionRow:
    return next(s for s in page.sessions.visible_rows() if s.hall_name == "小剧场")


def test_set_zone_prices_typed_in_yuan(qtbot: QtBot, main_window_for: MakeWindow) -> None:
    window, page = prices_page(qtbot, main_window_for)
    target = small_hall_session(page)
    click_row(qtbot, page.sessions, lambda s: s.id == target.id)
    editor = page.editor
    assert editor.session is not None and editor.session.id == target.id
    assert editor.row_count() == 1
    assert (editor.name_edit(0).text(), editor.price_edit(0).text()) == ("散座", "120.00")

    retype(qtbot, editor.price_edit(0), "380")
    shortcut(qtbot, editor.price_edit(0), Qt.Key.Key_N, CTRL | SHIFT)  # Add zone
    assert editor.row_count() == 2
    assert editor.focusWidget() is editor.name_edit(1)
    qtbot.keyClicks(editor.name_edit(1), "Standing")
    qtbot.keyClick(editor.name_edit(1), Qt.Key.Key_Tab)
    assert editor.focusWidget() is editor.colour_field(1).hex
    assert editor.colour_field(1).is_valid()  # a colour of its own is offered
    qtbot.keyClick(editor.colour_field(1).hex, Qt.Key.Key_Tab)
    assert editor.focusWidget() is editor.price_edit(1)
    qtbot.keyClicks(editor.price_edit(1), "99.5")
    shortcut(qtbot, editor.price_edit(1), Qt.Key.Key_S, CTRL)

    saved = next(s for s in sessions(window) if s.id == target.id)
    assert [(z.name, z.price_fen) for z in saved.zones] == [("散座", 38000), ("Standing", 9950)]
    assert editor.message.text() == "Saved 2 zones for “脱口秀专场”."
    assert not editor.dirty
    assert editor.price_edit(1).text() == "99.50"  # reloaded as stored
    listed = next(s for s in page.sessions.visible_rows() if s.id == target.id)
    assert [z.price_fen for z in listed.zones] == [38000, 9950]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("abc", "“abc” is not an amount of money."),
        ("-5", "The amount cannot be negative."),
        ("", "Enter an amount."),
        ("12.345", "“12.345” is not an amount of money."),
    ],
)
def test_a_bad_price_is_explained_and_nothing_is_saved(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store, typed: str, reason: str
) -> None:
    window, page = prices_page(qtbot, main_window_for)
    target = next(s for s in page.sessions.visible_rows() if s.hall_name == "大剧场")
    click_row(qtbot, page.sessions, lambda s: s.id == target.id)
    editor = page.editor
    assert [editor.name_edit(r).text() for r in range(editor.row_count())] == [
        "VIP",
        "甲票",
        "乙票",
        "丙票",
    ]
    retype(qtbot, editor.price_edit(0), "700")  # a good change alongside is not saved either
    field = editor.price_edit(1)
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, typed)
    before = table_snapshot(demo_store)

    shortcut(qtbot, field, Qt.Key.Key_S, CTRL)
    assert editor.message.isVisible()
    assert editor.message.text() == f"Price of 甲票: {reason} Nothing was saved."
    assert field.toolTip() == reason  # the field itself is marked, with the reason
    assert editor.focusWidget() is field
    assert table_snapshot(demo_store) == before
    assert [z.price_fen for z in next(s for s in sessions(window) if s.id == target.id).zones] == [
        68000,
        48000,
        28000,
        18000,
    ]
    # Corrected, it saves.
    retype(qtbot, field, "450")
    assert field.toolTip() == ""
    shortcut(qtbot, field, Qt.Key.Key_S, CTRL)
    saved = next(s for s in sessions(window) if s.id == target.id)
    assert [z.price_fen for z in saved.zones] == [70000, 45000, 28000, 18000]


def test_remove_a_zone_and_refusals_from_the_service_show_inline(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    window, page = prices_page(qtbot, main_window_for)
    target = next(s for s in page.sessions.visible_rows() if s.hall_name == "大剧场")
    click_row(qtbot, page.sessions, lambda s: s.id == target.id)
    editor = page.editor
    editor.name_edit(3).setFocus()
    shortcut(qtbot, editor.name_edit(3), Qt.Key.Key_Delete, CTRL | SHIFT)  # Remove zone
    assert editor.row_count() == 3
    retype(qtbot, editor.name_edit(2), "VIP")  # a duplicate name: the service refuses
    before = table_snapshot(demo_store)
    shortcut(qtbot, editor.name_edit(2), Qt.Key.Key_S, CTRL)
    assert editor.message.text() == "The zone “VIP” appears twice. Nothing was saved."
    assert table_snapshot(demo_store) == before
    retype(qtbot, editor.name_edit(2), "C")
    shortcut(qtbot, editor.name_edit(2), Qt.Key.Key_S, CTRL)
    saved = next(s for s in sessions(window) if s.id == target.id)
    assert [z.name for z in saved.zones] == ["VIP", "甲票", "C"]


def test_switching_sessions_with_unsaved_prices_asks_first(
    qtbot: QtBot, main_window_for: MakeWindow
) -> None:
    _window, page = prices_page(qtbot, main_window_for)
    first, second = page.sessions.visible_rows()[:2]
    click_row(qtbot, page.sessions, lambda s: s.id == first.id)
    retype(qtbot, page.editor.price_edit(0), "999")
    click_row(qtbot, page.sessions, lambda s: s.id == second.id)
    assert "Discard the changed prices" in answer(qtbot, QMessageBox.StandardButton.No)
    assert page.sessions.selected() is not None and page.sessions.selected().id == first.id
    assert page.editor.price_edit(0).text() == "999"  # still being edited
    click_row(qtbot, page.sessions, lambda s: s.id == second.id)
    answer(qtbot, QMessageBox.StandardButton.Yes)
    assert page.editor.session is not None and page.editor.session.id == second.id
    assert not page.editor.dirty


def test_create_a_ticket_type_at_60_percent(qtbot: QtBot, main_window_for: MakeWindow) -> None:
    window, page = prices_page(qtbot, main_window_for)
    activate(qtbot, window)
    qtbot.keyClick(page.sessions.view, Qt.Key.Key_2, ALT)
    assert page.tabs.currentIndex() == page.TICKET_TYPES
    assert [t.name for t in page.ticket_types.visible_rows()] == [
        "全价",
        "学生",
        "儿童",
        "老人",
        "赠票",
    ]
    shortcut(qtbot, page.ticket_types.view, Qt.Key.Key_N, CTRL)
    dialog = page.dialog
    assert isinstance(dialog, TicketTypeDialog)
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.name, "Group")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.percent
    retype(qtbot, dialog.percent, "60")
    assert dialog.example.text() == "A ¥480 seat costs ¥288.00 with this ticket."
    qtbot.keyClick(dialog.percent, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert not dialog.isVisible()

    stored = {t.name: t for t in catalogue.list_ticket_types(window.ctx.store, window.ctx.me)}
    group = stored["Group"]
    assert (group.percent, group.is_comp, group.enabled) == (60, False, True)
    assert group.sort_order == max(t.sort_order for t in stored.values())
    row = page.ticket_types.selected()
    assert row is not None and row.name == "Group"
    number = page.ticket_types.model.rows.index(row)
    model = page.ticket_types.model
    assert [model.data(model.index(number, c)) for c in range(5)] == [
        "Group",
        "60%",
        "No",
        "Yes",
        "¥288.00",
    ]


def test_a_ticket_type_limited_to_supervisors_is_not_offered_to_cashiers(
    qtbot: QtBot, main_window_for: MakeWindow, cashier: Actor
) -> None:
    """售票设置: the admin ticks the roles that may sell 学生 (keys: Tab to the
    list, arrows, Space); a cashier is then neither offered it nor can sell it."""
    window, page = prices_page(qtbot, main_window_for)
    activate(qtbot, window)
    qtbot.keyClick(page.sessions.view, Qt.Key.Key_2, ALT)
    row = next(t for t in page.ticket_types.visible_rows() if t.name == "学生")
    page.ticket_types.view.selectRow(page.ticket_types.model.rows.index(row))
    qtbot.keyClick(page.ticket_types.view, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, TicketTypeDialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.roles.loaded and dialog.terminals.loaded)
    names = [dialog.roles.item(i).text() for i in range(dialog.roles.count())]
    dialog.roles.setFocus()
    qtbot.keyClick(dialog.roles, Qt.Key.Key_Home)
    for _ in range(names.index("值班主管")):
        qtbot.keyClick(dialog.roles, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.roles, Qt.Key.Key_Space)
    assert [
        dialog.roles.item(i).text()
        for i in range(dialog.roles.count())
        if dialog.roles.item(i).checkState() == Qt.CheckState.Checked
    ] == ["值班主管"]
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert not dialog.isVisible()

    store = window.ctx.store
    offered = {t.name for t in catalogue.list_sellable_ticket_types(store, cashier)}
    assert "学生" not in offered and "全价" in offered
    stored = next(t for t in catalogue.list_ticket_types(store, cashier) if t.name == "学生")
    assert len(stored.sell_roles) == 1 and stored.sell_terminals == ()


def test_money_edit_accepts_what_cashiers_type(qtbot: QtBot) -> None:
    edit = MoneyEdit()
    qtbot.addWidget(edit)
    for typed, fen in (("480", 48000), ("480.00", 48000), ("¥1,280.5", 128050), ("99.5", 9950)):
        edit.setText(typed)
        assert (edit.fen(), edit.error()) == (fen, None)
    edit.set_fen(9950)
    assert edit.text() == "99.50"
    edit.setText("4.8.0")
    assert edit.fen() is None and edit.error() == "“4.8.0” is not an amount of money."
