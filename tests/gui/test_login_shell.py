"""The login → password change → main window → logout cycle, driven by keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from boxoffice.db.store import Store
from boxoffice.services import auth
from boxoffice.services.settings import get_settings
from widgets.app import Shell
from widgets.context import AppContext
from widgets.login import LoginDialog
from widgets.main_window import MainWindow

from .conftest import wait_ops


@pytest.fixture
def shell(qapp: QApplication, demo_store: Store, translations: object) -> Iterator[Shell]:
    ctx = AppContext(demo_store, Path(demo_store.path).parent if demo_store.path else Path("."))
    ctx.settings = get_settings(demo_store)
    shell = Shell(qapp, ctx)
    shell.translations.use("en")
    yield shell
    # The shell deletes its dialogs as it replaces them; close whatever is still alive.
    for widget in (shell.login_dialog, shell.password_dialog, shell.window):
        if widget is not None and shiboken6.isValid(widget):
            if isinstance(widget, MainWindow):
                widget.replacing = True
            widget.close()
            widget.deleteLater()
    shell.translations.use("en")


def type_login(qtbot: QtBot, dialog: LoginDialog, login: str, password: str) -> None:
    """As a cashier does: type the name, Tab, the password, Enter."""
    dialog.login.setFocus()
    qtbot.keyClicks(dialog.login, login)
    qtbot.keyClick(dialog.login, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.password
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    wait_ops(qtbot)


def test_cashier_logs_in_with_the_keyboard_and_sees_only_cashier_pages(
    qtbot: QtBot, shell: Shell
) -> None:
    shell.show_login()
    dialog = shell.login_dialog
    assert dialog is not None
    assert "1号售票窗口" in dialog.terminal.text()
    type_login(qtbot, dialog, "zhangli", "demo2026")
    window = shell.window
    assert isinstance(window, MainWindow)
    keys = [spec.key for spec in window.specs]
    assert keys == [
        "home",
        "window",
        "orders",
        "shifts",
        "sessions_today",
        "print_queue",
        "settings",
    ]
    assert "张丽" in window.user_label.text()
    assert "1号售票窗口" in window.terminal_label.text()
    assert window.clock_label.text()  # the clock runs


@pytest.mark.parametrize(
    ("login", "password", "expected"),
    [
        (
            "liuyang",
            "demo2026",
            ["home", "till", "shifts", "merchant_orders", "print_queue", "settings"],
        ),
        (
            "chenjing",
            "demo2026",
            [
                "home",
                "window",
                "orders",
                "shifts",
                "merchant_orders",
                "sessions_today",
                "sessions",
                "merchant_reports",
                "audit",
                "print_queue",
                "settings",
            ],
        ),
    ],
)
def test_each_role_sees_its_own_navigation(
    qtbot: QtBot, shell: Shell, login: str, password: str, expected: list[str]
) -> None:
    shell.show_login()
    assert shell.login_dialog is not None
    type_login(qtbot, shell.login_dialog, login, password)
    assert shell.window is not None
    assert [spec.key for spec in shell.window.specs] == expected


def test_wrong_password_is_refused_inline_and_counts_towards_lockout(
    qtbot: QtBot, shell: Shell, demo_store: Store
) -> None:
    shell.show_login()
    dialog = shell.login_dialog
    assert dialog is not None
    for _ in range(4):
        type_login(qtbot, dialog, "" if dialog.login.text() else "zhangli", "wrong-password")
        assert dialog.isVisible()
        assert "Wrong login name or password" in dialog.message.text()
        assert dialog.password.text() == ""  # cleared for the next try
        assert shell.window is None
    type_login(qtbot, dialog, "", "wrong-password")  # the fifth failure locks
    type_login(qtbot, dialog, "", "demo2026")  # even the right password is refused now
    assert "locked" in dialog.message.text()
    assert shell.window is None
    with pytest.raises(Exception, match="locked"):
        auth.login(demo_store, "zhangli", "demo2026")


def test_empty_fields_are_explained_without_asking_the_store(qtbot: QtBot, shell: Shell) -> None:
    shell.show_login()
    dialog = shell.login_dialog
    assert dialog is not None
    qtbot.keyClick(dialog.login, Qt.Key.Key_Return)
    assert "Enter your login name and password" in dialog.message.text()


def test_seeded_admin_must_change_password_before_the_main_window(
    qtbot: QtBot, shell: Shell, demo_store: Store
) -> None:
    shell.show_login()
    assert shell.login_dialog is not None
    type_login(qtbot, shell.login_dialog, "admin", "demo-admin")
    change = shell.password_dialog
    assert change is not None and shell.window is None
    # A weak new password is refused inline and the dialog stays.
    qtbot.keyClicks(change.current, "demo-admin")
    qtbot.keyClick(change.current, Qt.Key.Key_Tab)
    qtbot.keyClicks(change.new, "12345678")
    qtbot.keyClick(change.new, Qt.Key.Key_Tab)
    qtbot.keyClicks(change.repeat, "12345678")
    qtbot.keyClick(change.repeat, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert "too easy" in change.message.text()
    assert shell.window is None
    for field in (change.new, change.repeat):
        field.clear()
    qtbot.keyClicks(change.new, "Stage-Door-42")
    qtbot.keyClicks(change.repeat, "Stage-Door-42")
    qtbot.keyClick(change.repeat, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert shell.window is not None
    assert "users" in [spec.key for spec in shell.window.specs]
    # The old password no longer works; the new one does and needs no change.
    with pytest.raises(Exception, match="Wrong login"):
        auth.login(demo_store, "admin", "demo-admin")
    assert auth.login(demo_store, "admin", "Stage-Door-42").must_change_password is False


def test_logout_with_ctrl_l_returns_to_the_login(qtbot: QtBot, shell: Shell) -> None:
    shell.show_login()
    assert shell.login_dialog is not None
    type_login(qtbot, shell.login_dialog, "zhangli", "demo2026")
    window = shell.window
    assert window is not None
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: shell.login_dialog is not None and shell.login_dialog.isVisible())
    assert shell.window is None
    assert shell.ctx.actor is None


def test_language_can_be_switched_on_the_login_dialog(qtbot: QtBot, shell: Shell) -> None:
    shell.show_login()
    first = shell.login_dialog
    assert first is not None
    first.language.setFocus()
    index = first.language.findData("zh_CN")
    first.language.setCurrentIndex(index)
    first.language.activated.emit(index)
    second = shell.login_dialog
    assert second is not None and second is not first
    assert second.ok.text() == "登录 (Enter)"
    assert isinstance(second.password, QLineEdit)
