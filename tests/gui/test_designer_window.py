"""The venue designer's window on the demo store: an admin opens a hall from
the catalogue (Ctrl+D), draws its seats by keyboard, saves (Ctrl+S), and a
new session of that hall sells from the saved layout. Files: export and
import round trips, a broken file refused, unsaved changes asked about."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from boxoffice.db.store import Store
from boxoffice.ids import new_id
from boxoffice.services import catalogue, layouts, seating
from boxoffice.services.catalogue import ZoneInput
from boxoffice.services.seating import PaymentLine, SaleLine
from seatmap.model import Zone, loads
from seatmap.view.designer import LayoutDesigner
from seatmap.view.designer_dialogs import NumberingDialog, SectionDialog, ZonesDialog
from widgets.designer_window import DesignerWindow
from widgets.main_window import MainWindow
from widgets.pages.catalogue import CataloguePage

from .conftest import login_ctx, wait_ops
from .test_catalogue_pages import activate, open_page, shortcut
from .test_designer import accept, enter, key, keys

MakeWindow = Callable[[str], MainWindow]
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def open_designer(qtbot: QtBot, main_window_for: MakeWindow) -> DesignerWindow:
    """Admin: Shows page, Alt+3 (halls), 大剧场, Ctrl+D."""
    window = main_window_for("admin")
    page = open_page(qtbot, window, "catalogue")
    assert isinstance(page, CataloguePage)
    qtbot.keyClick(page.categories.view, Qt.Key.Key_3, ALT)
    view = page.halls.view
    rows = page.halls.visible_rows()
    view.setCurrentIndex(
        page.halls.proxy.index(rows.index(next(h for h in rows if h.name == "大剧场")), 0)
    )
    assert page.design_button is not None and page.design_button.isEnabled()
    shortcut(qtbot, view, Qt.Key.Key_D, CTRL)
    qtbot.waitUntil(lambda: bool(page.designers))
    designer_window = page.designers[0]
    qtbot.waitExposed(designer_window)
    qtbot.waitUntil(lambda: designer_window.loaded)
    activate(qtbot, designer_window)
    return designer_window


def draw_small_hall(qtbot: QtBot, d: LayoutDesigner) -> None:
    """Two zones; a 12 x 5 section with a centre aisle, numbered 单双号; front two rows zone A."""
    key(qtbot, d, Qt.Key.Key_F3)
    zones = accept(qtbot, d, ZonesDialog)
    assert isinstance(zones, ZonesDialog)
    zones.add_zone()
    zones.add_zone()
    enter(qtbot, zones)
    key(qtbot, d, Qt.Key.Key_N, CTRL | SHIFT)
    section = accept(qtbot, d, SectionDialog)
    assert isinstance(section, SectionDialog)
    section.columns.setValue(13)
    section.rows.setValue(5)
    enter(qtbot, section)
    key(qtbot, d, Qt.Key.Key_A, CTRL)
    key(qtbot, d, Qt.Key.Key_Return)  # 65 seats in zone Z1
    keys(qtbot, d, Qt.Key.Key_Right, 6)
    key(qtbot, d, Qt.Key.Key_Space, CTRL)  # column 7: the aisle
    key(qtbot, d, Qt.Key.Key_Delete)
    key(qtbot, d, Qt.Key.Key_Escape)
    keys(qtbot, d, Qt.Key.Key_Down, 1, SHIFT)
    key(qtbot, d, Qt.Key.Key_Space, SHIFT)  # rows 1-2
    d.zone_box.setCurrentIndex(1)  # Z2
    key(qtbot, d, Qt.Key.Key_Z)
    key(qtbot, d, Qt.Key.Key_A, CTRL)
    key(qtbot, d, Qt.Key.Key_N)
    enter(qtbot, accept(qtbot, d, NumberingDialog))
    d.check()
    assert d.problems == []
    assert d.seating.seat_count == 60


def test_an_admin_designs_a_hall_saves_it_and_a_session_sells_from_it(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    window = open_designer(qtbot, main_window_for)
    d = window.designer
    assert "no seat layout yet" in d.status.text()
    assert window.windowTitle().endswith("(not saved)")
    draw_small_hall(qtbot, d)
    assert window.windowTitle().endswith("*")  # unsaved changes show in the title

    key(qtbot, d, Qt.Key.Key_S, CTRL)
    wait_ops(qtbot)
    assert "Saved as version 1 (60 seats)" in d.status.text()
    assert d.is_clean() and "version 1" in window.windowTitle()
    admin = window.ctx.me
    hall = window.hall.id
    [saved] = layouts.list_hall_layouts(demo_store, admin, hall)
    assert (saved.version, saved.seat_count) == (1, 60)
    stored = loads(layouts.list_hall_layout_text(demo_store, admin, hall).layout_json)
    assert {s.id for _, s in stored.seats()} == {s.id for _, s in d.seating.seats()}

    # A new session of the hall gets those seats; priced and on sale, a cashier sells two.
    show = catalogue.list_shows(demo_store, admin)[0]
    session_id = catalogue.save_session(
        demo_store, admin, None, show_id=show.id, hall_id=hall,
        starts_at=datetime(2031, 5, 1, 11, 30, tzinfo=UTC),
    )  # fmt: skip
    row = next(s for s in catalogue.list_sessions(demo_store, admin) if s.id == session_id)
    catalogue.set_price_zones(
        demo_store, admin, session_id,
        [ZoneInput(z.name, z.colour, 18000 if z.name == "Zone 2" else 8000) for z in row.zones],
    )  # fmt: skip
    catalogue.set_session_status(demo_store, admin, session_id, "on_sale")
    cashier = login_ctx(demo_store, "zhangli").me
    best = seating.best_available(demo_store, cashier, session_id, 2)
    seats = {s.seat_id: s for s in seating.list_session_seats(demo_store, cashier, session_id)}
    assert len(seats) == 60
    # Best available: two adjacent seats in a front row of the dearer zone, by the aisle.
    chosen = sorted(seats[s].label for s in best.hold.seat_ids)
    assert chosen in (
        ["1排1号", "1排3号"],
        ["1排2号", "1排4号"],
        ["2排1号", "2排3号"],
        ["2排2号", "2排4号"],
    )
    price = {
        z.id: z.price_fen
        for z in catalogue.list_sessions(demo_store, admin)
        if z.id == session_id
        for z in z.zones
    }
    ticket_type = next(
        t.id for t in catalogue.list_ticket_types(demo_store, cashier) if t.name == "全价"
    )
    order_id = new_id()
    seating.sell(
        demo_store, cashier, order_id=order_id, number=order_id[-8:], session_id=session_id,
        hold_id=best.hold.hold_id, lines=[SaleLine(s, ticket_type) for s in best.hold.seat_ids],
        payments=[PaymentLine("cash", sum(price[seats[s].zone_id or ""] for s in best.hold.seat_ids))],
    )  # fmt: skip
    sold = {
        s.seat_id
        for s in seating.list_session_seats(demo_store, cashier, session_id)
        if s.state == "sold"
    }
    assert sold == set(best.hold.seat_ids)

    # Saving again without a change makes no new version.
    key(qtbot, d, Qt.Key.Key_S, CTRL)
    wait_ops(qtbot)
    assert len(layouts.list_hall_layouts(demo_store, admin, hall)) == 1


def test_a_layout_that_cannot_be_sold_is_not_saved_and_says_why(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    window = open_designer(qtbot, main_window_for)
    d = window.designer
    key(qtbot, d, Qt.Key.Key_N, CTRL | SHIFT)
    enter(qtbot, accept(qtbot, d, SectionDialog))
    d.zone_box.setCurrentIndex(d.zone_box.findData(""))  # no zone: cannot be sold
    key(qtbot, d, Qt.Key.Key_Return)
    key(qtbot, d, Qt.Key.Key_S, CTRL)
    wait_ops(qtbot)
    assert "has no price zone" in d.status.text()
    assert layouts.list_hall_layouts(demo_store, window.ctx.me, window.hall.id) == []
    assert not d.is_clean()


def test_export_and_import_round_trip_and_a_broken_file_changes_nothing(
    qtbot: QtBot, main_window_for: MakeWindow, tmp_path: Path
) -> None:
    window = open_designer(qtbot, main_window_for)
    d = window.designer
    draw_small_hall(qtbot, d)
    drawn = d.seating
    for suffix in ("json", "csv", "pdf"):
        window.export_file(tmp_path / f"hall.{suffix}")
        wait_ops(qtbot)
        assert (tmp_path / f"hall.{suffix}").stat().st_size > 0
    assert (tmp_path / "hall.pdf").read_bytes().startswith(b"%PDF")

    broken = tmp_path / "broken.json"
    broken.write_bytes(b'{"format": "boxoffice-seat-layout", "sections": [\xff')
    window.import_file(broken)
    wait_ops(qtbot)
    assert d.status.property("error") is True
    assert d.seating is drawn

    key(qtbot, d, Qt.Key.Key_A, CTRL)
    key(qtbot, d, Qt.Key.Key_Delete)
    assert d.seating.seat_count == 0
    window.import_file(tmp_path / "hall.json")
    wait_ops(qtbot)
    assert "60 seats" in d.status.text()
    assert [s.seats for s in d.seating.sections] == [s.seats for s in drawn.sections]
    assert d.seating.zones == drawn.zones
    key(qtbot, d, Qt.Key.Key_Z, CTRL)  # the import is one step back
    assert d.seating.seat_count == 0
    window.import_file(tmp_path / "hall.csv")
    wait_ops(qtbot)
    imported = {(s.x, s.y, s.row, s.number, s.zone) for _, s in d.seating.seats()}
    assert imported == {(s.x, s.y, s.row, s.number, s.zone) for _, s in drawn.seats()}


def test_closing_with_unsaved_changes_asks_first(qtbot: QtBot, main_window_for: MakeWindow) -> None:
    window = open_designer(qtbot, main_window_for)
    d = window.designer
    d.load(d.seating.__class__(name="大剧场", zones=(Zone("A", "A", "#e53935"),)))
    key(qtbot, d, Qt.Key.Key_N, CTRL | SHIFT)
    enter(qtbot, accept(qtbot, d, SectionDialog))
    key(qtbot, d, Qt.Key.Key_W, CTRL)
    qtbot.waitUntil(lambda: window.question is not None and window.question.isVisible())
    box = window.question
    assert box is not None
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: not box.isVisible())
    assert window.isVisible()
    key(qtbot, d, Qt.Key.Key_W, CTRL)
    qtbot.waitUntil(lambda: window.question is not box and window.question is not None)
    assert window.question is not None
    window.question.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert QApplication.activeWindow() is not window
