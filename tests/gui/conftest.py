"""Fixtures for driving the real windows with pytest-qt on a copy of the demo store."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from boxoffice.db.store import Store
from boxoffice.services import auth
from boxoffice.services.settings import get_settings
from widgets import ops
from widgets.app import Translations, create_application
from widgets.context import AppContext
from widgets.main_window import MainWindow

PASSWORDS = {"admin": "demo-admin"}
DEFAULT_PASSWORD = "demo2026"
ADMIN_NEW_PASSWORD = "Theatre-Admin-2026"


@pytest.fixture(scope="session")
def qapp_cls() -> type[QApplication]:
    return QApplication


@pytest.fixture(autouse=True)
def _app_look(qapp: QApplication) -> None:
    create_application()


@pytest.fixture
def language() -> str:
    """Tests run in English by default (source strings); override to test Chinese."""
    return "en"


@pytest.fixture
def translations(qapp: QApplication, language: str) -> Iterator[Translations]:
    t = Translations(qapp)
    t.use(language)
    yield t
    t.use("en")


def wait_ops(qtbot: QtBot, timeout: int = 10_000) -> None:
    """Wait until every background service call has reported back."""
    qtbot.waitUntil(lambda: not ops.busy(), timeout=timeout)


def message_box(qtbot: QtBot, timeout: int = 5_000) -> QMessageBox:
    """The message box a screen opened (errors and questions are window-modal, non-blocking)."""
    found: list[QMessageBox] = []

    def visible() -> bool:
        found[:] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()
        ]
        found.extend(
            w
            for top in QApplication.topLevelWidgets()
            for w in top.findChildren(QMessageBox)
            if w.isVisible()
        )
        return bool(found)

    qtbot.waitUntil(visible, timeout=timeout)
    return found[0]


def answer(qtbot: QtBot, button: QMessageBox.StandardButton) -> str:
    """Click a button of the open question box; returns its text."""
    box = message_box(qtbot)
    text = box.text()
    qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)
    wait_ops(qtbot)
    return text


def error_shown(qtbot: QtBot) -> str:
    """The text of the error report on screen, closed with Enter."""
    box = message_box(qtbot)
    assert box.objectName() == "errorReport"
    text = box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not box.isVisible())
    return text


def login_ctx(store: Store, login: str) -> AppContext:
    ctx = AppContext(store, store.path.parent if store.path else None)  # type: ignore[arg-type]
    ctx.settings = get_settings(store)
    password = PASSWORDS.get(login, DEFAULT_PASSWORD)
    try:
        result = auth.login(store, login, password)
    except Exception:
        result = auth.login(store, login, ADMIN_NEW_PASSWORD)  # changed earlier in this test
    if result.must_change_password:
        auth.change_own_password(store, result.actor, password, ADMIN_NEW_PASSWORD)
        result = auth.login(store, login, ADMIN_NEW_PASSWORD)
    ctx.actor = result.actor
    return ctx


@pytest.fixture
def main_window_for(
    qtbot: QtBot, demo_store: Store, translations: Translations
) -> Callable[[str], MainWindow]:
    """Log in as a demo user and show the real main window."""

    def make(login: str) -> MainWindow:
        window = MainWindow(login_ctx(demo_store, login))
        qtbot.addWidget(window)
        with qtbot.waitExposed(window):
            window.show()
        wait_ops(qtbot)
        return window

    return make
