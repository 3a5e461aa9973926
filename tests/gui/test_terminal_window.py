"""The desktop app as a terminal of a central store, driven with the keyboard:
registering with a code from the Settings page, logging in through the central
store, screens that work on it, the status bar's sync field, and logging out
with unsent sales. Real central store on loopback behind a fault central_proxy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from boxoffice.bootstrap import DEMO_PASSWORD
from boxoffice.db.models import ShowCategory
from boxoffice.db.store import Store
from boxoffice.ids import new_id
from boxoffice.services import auth, catalogue
from boxoffice.services.base import Actor
from boxoffice.services.credentials import create_terminal_code_at_server
from boxoffice.services.settings import get_settings
from sync import outbox, terminal
from tests.central_server import CentralServer
from tests.conftest import READY_PASSWORDS, copy_data_dir, opened
from tests.faultproxy import FaultProxy
from widgets.app import Shell
from widgets.context import AppContext
from widgets.main_window import MainWindow
from widgets.sync_ui import OverrideDialog, RegisterDialog

from .conftest import message_box, wait_ops
from .test_catalogue_pages import activate, open_page, shortcut
from .test_login_shell import type_login

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier

pytestmark = pytest.mark.usefixtures("memory_keyring")


@pytest.fixture
def window_store(tmp_path: Path, ready_template: Path) -> Iterator[Store]:
    with opened(copy_data_dir(ready_template, tmp_path / "window")) as store:
        yield store


@pytest.fixture
def shell(qapp: QApplication, window_store: Store, translations: object) -> Iterator[Shell]:
    ctx = AppContext(window_store, Path(window_store.path).parent if window_store.path else Path())
    ctx.settings = get_settings(window_store)
    shell = Shell(qapp, ctx)
    shell.translations.use("en")
    yield shell
    shell.shutdown()
    for widget in (shell.login_dialog, shell.password_dialog, shell.window):
        if widget is not None and shiboken6.isValid(widget):
            if isinstance(widget, MainWindow):
                widget.replacing = True
            widget.close()
            widget.deleteLater()


def logged_in(qtbot: QtBot, shell: Shell, login: str, password: str) -> MainWindow:
    shell.show_login()
    assert shell.login_dialog is not None
    type_login(qtbot, shell.login_dialog, login, password)
    qtbot.waitUntil(lambda: shell.window is not None, timeout=10_000)
    assert shell.window is not None
    return shell.window


def test_an_admin_registers_the_window_and_staff_then_work_on_the_central_store(
    qtbot: QtBot, shell: Shell, central: CentralServer, central_proxy: FaultProxy
) -> None:
    code = create_terminal_code_at_server(central.store, name="9号售票窗口", kind="window").code
    window = logged_in(qtbot, shell, "admin", READY_PASSWORDS["admin"])
    assert "standalone" in window.sync_label.text()
    page = open_page(qtbot, window, "settings")
    shortcut(qtbot, page.language, Qt.Key.Key_K, CTRL_SHIFT)
    dialog = page.register_dialog
    assert isinstance(dialog, RegisterDialog)
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.url, central_proxy.url)
    qtbot.keyClick(dialog.url, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.code, code)
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    wait_ops(qtbot)
    note = message_box(qtbot)
    assert "9号售票窗口" in note.text()
    qtbot.keyClick(note, Qt.Key.Key_Return)

    # Everyone logs in anew, through the central store.
    qtbot.waitUntil(lambda: shell.login_dialog is not None and shell.login_dialog.isVisible())
    assert shell.login_dialog is not None
    assert central_proxy.url in shell.login_dialog.terminal.text()
    assert "9号售票窗口" in shell.login_dialog.terminal.text()
    # The central store checks the password; its refusal reads as a local one would.
    type_login(qtbot, shell.login_dialog, "admin", "not-the-password")
    assert shell.login_dialog.message.text() == "Wrong login name or password."
    shell.login_dialog.login.clear()
    type_login(qtbot, shell.login_dialog, "admin", READY_PASSWORDS["admin"])
    qtbot.waitUntil(lambda: shell.window is not None)
    window = shell.window
    assert window is not None and window.ctx.is_terminal
    qtbot.waitUntil(lambda: "Online" in window.sync_label.text(), timeout=10_000)
    assert "0 waiting" in window.sync_label.text()

    # A category made on this window's Catalogue page is the central store's.
    page = open_page(qtbot, window, "catalogue")
    shortcut(qtbot, page.categories.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.name, "Stand-up comedy")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    wait_ops(qtbot)
    with central.store.reading() as session:
        assert session.scalar(select(ShowCategory.id).where(ShowCategory.name == "Stand-up comedy"))
    with shell.ctx.store.reading() as session:
        assert (
            session.scalar(select(ShowCategory.id).where(ShowCategory.name == "Stand-up comedy"))
            is None
        )
    assert "Stand-up comedy" in [c.name for c in page.categories.visible_rows()]

    # The network goes: the status bar and a banner say so, and the screens say why they fail.
    central_proxy.reset()
    qtbot.waitUntil(lambda: "Offline" in window.sync_label.text(), timeout=15_000)
    assert window.banner.isVisible()
    central_proxy.passthrough()
    qtbot.waitUntil(lambda: "Online" in window.sync_label.text(), timeout=15_000)
    assert not window.banner.isVisible()


def test_logging_out_with_unsent_sales_needs_a_supervisor(
    qtbot: QtBot, shell: Shell, central: CentralServer, central_proxy: FaultProxy, admin: Actor
) -> None:
    store = shell.ctx.store
    code = create_terminal_code_at_server(central.store, name="10号售票窗口", kind="window").code
    link = terminal.register(
        store, auth.login(store, "admin", READY_PASSWORDS["admin"]).actor, central_proxy.url, code
    )
    # The supervisor has logged in at this window before.
    terminal.login(store, link, terminal.connect(link), "chenjing", DEMO_PASSWORD)
    window = logged_in(qtbot, shell, "zhangli", DEMO_PASSWORD)
    qtbot.waitUntil(lambda: "Online" in window.sync_label.text(), timeout=10_000)

    central_proxy.reset()  # the central store can't be reached; a sale is taken anyway
    actor = window.ctx.me
    general = next(
        s for s in catalogue.list_sessions(central.store, admin) if s.hall_name == "小剧场"
    )
    full = next(t.id for t in catalogue.list_ticket_types(central.store, admin) if t.name == "全价")
    outbox.record_sale(
        store,
        actor,
        {
            "order_id": new_id(),
            "number": "W10-0001",
            "session_id": general.id,
            "hold_id": None,
            "lines": [{"seat_id": None, "ticket_type_id": full, "zone_id": None}],
            "payments": [{"method": "cash", "amount_fen": 12000, "reference": ""}],
        },
    )
    assert window.ctx.sync is not None
    window.ctx.sync.wake()
    qtbot.waitUntil(lambda: "1 waiting" in window.sync_label.text(), timeout=15_000)
    assert "Offline" in window.sync_label.text()

    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    guard = window.logout_guard
    assert isinstance(guard.dialog, OverrideDialog)
    dialog = guard.dialog
    qtbot.waitExposed(dialog)
    assert "1 sales taken at this terminal" in dialog.intro.text()
    # The cashier can't confirm their own.
    qtbot.keyClicks(dialog.login, "zhangli")
    qtbot.keyClick(dialog.login, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.password, DEMO_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert dialog.isVisible() and "supervisor must confirm" in dialog.message.text()
    assert shell.window is window

    dialog.login.clear()
    qtbot.keyClicks(dialog.login, "chenjing")
    qtbot.keyClick(dialog.login, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.password, DEMO_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: shell.login_dialog is not None and shell.login_dialog.isVisible())
    assert outbox.needs_override(store) == 1  # still here, to be sent


def test_a_refused_sale_is_listed_with_its_reason_and_can_be_sent_again(
    qtbot: QtBot, shell: Shell, central: CentralServer, admin: Actor
) -> None:
    store = shell.ctx.store
    code = create_terminal_code_at_server(central.store, name="11号售票窗口", kind="window").code
    terminal.register(
        store, auth.login(store, "admin", READY_PASSWORDS["admin"]).actor, central.url, code
    )
    window = logged_in(qtbot, shell, "zhangli", DEMO_PASSWORD)
    general = next(
        s for s in catalogue.list_sessions(central.store, admin) if s.hall_name == "小剧场"
    )
    outbox.record_sale(
        store,
        window.ctx.me,
        {
            "order_id": new_id(),
            "number": "W11-0001",
            "session_id": general.id,
            "hold_id": None,
            "lines": [{"seat_id": None, "ticket_type_id": new_id(), "zone_id": None}],
            "payments": [{"method": "cash", "amount_fen": 12000, "reference": ""}],
        },
    )
    assert window.ctx.sync is not None
    window.ctx.sync.wake()
    qtbot.waitUntil(lambda: "1 need attention" in window.sync_label.text(), timeout=15_000)

    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Y, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.sync_label.dialog is not None)  # after the click's animation
    dialog = window.sync_label.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    wait_ops(qtbot)
    rows = dialog.table.visible_rows()
    assert [r.payload["number"] for r in rows] == ["W11-0001"]
    reason = dialog.table.model.data(dialog.table.proxy.mapToSource(dialog.table.proxy.index(0, 3)))
    assert "ticket type" in str(reason).lower()
    assert "1 refused, 0 waiting" in dialog.summary.text()

    dialog.table.view.setFocus()
    dialog.table.view.selectRow(0)
    qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)

    # Sent again: the central store refuses it again (the ticket type is still unknown),
    # and it is back on the list, not lost.
    def refused_again() -> bool:
        rows = outbox.parked(store)  # read once: the sync thread changes it meanwhile
        return bool(rows) and rows[0].attempts >= 2

    qtbot.waitUntil(refused_again, timeout=15_000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
