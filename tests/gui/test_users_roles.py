"""The staff and roles pages, driven with keyboard and mouse as an administrator.

Real main windows on a copy of the demo store; services are never mocked.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QListWidget,
    QMessageBox,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from boxoffice.db.store import Store
from boxoffice.errors import AuthenticationFailed
from boxoffice.services import auth, staff
from boxoffice.services.staff import RoleRow, UserRow
from widgets.main_window import MainWindow
from widgets.pages.base import Page
from widgets.pages.roles import RolesPage
from widgets.pages.users import ResetPasswordDialog, UserDialog, UsersPage

from .conftest import DEFAULT_PASSWORD, answer, error_shown, login_ctx, wait_ops

# QTest types Latin-1 only, so what the tests type is in English; the demo's names are Chinese.
MakeWindow = Callable[[str], MainWindow]
CTRL = Qt.KeyboardModifier.ControlModifier
TEMP_PASSWORD = "Box-office-2026"


# --- helpers ------------------------------------------------------------------------


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Make ``window`` the active one, as a window manager does when a dialog closes."""
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def open_page(qtbot: QtBot, window: MainWindow, key: str) -> object:
    activate(qtbot, window)
    page = window.open_page(key)
    wait_ops(qtbot)
    return page


def users_page(qtbot: QtBot, main_window_for: MakeWindow) -> tuple[MainWindow, UsersPage]:
    window = main_window_for("admin")
    page = open_page(qtbot, window, "users")
    assert isinstance(page, UsersPage)
    return window, page


def roles_page(qtbot: QtBot, main_window_for: MakeWindow) -> tuple[MainWindow, RolesPage]:
    window = main_window_for("admin")
    page = open_page(qtbot, window, "roles")
    assert isinstance(page, RolesPage)
    return window, page


def roles(window: MainWindow) -> dict[str, RoleRow]:
    return {r.name: r for r in staff.list_roles(window.ctx.store, window.ctx.me)}


def users(window: MainWindow) -> dict[str, UserRow]:
    return {u.login: u for u in staff.list_users(window.ctx.store, window.ctx.me)}


def listed(page: UsersPage) -> dict[str, UserRow]:
    return {u.login: u for u in page.table.visible_rows()}


def click_user(qtbot: QtBot, page: UsersPage, login: str) -> None:
    """Click the user's row in the table."""
    view = page.table.view
    for row in range(page.table.proxy.rowCount()):
        index = page.table.proxy.index(row, 0)
        if index.data() == login:
            view.scrollTo(index)
            qtbot.mouseClick(
                view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
            )
            assert page.table.selected() is not None
            assert page.table.selected().login == login
            return
    raise AssertionError(f"{login} is not listed")


def shortcut(
    qtbot: QtBot,
    widget: QWidget,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Press a toolbar shortcut with ``widget`` focused and wait for the button's
    (animated, 100 ms) click to land."""
    page = widget
    while not isinstance(page, Page):
        page = page.parentWidget()
    # The offscreen platform does not give the main window back its focus when
    # a dialog or message box closes; a window manager does.
    activate(qtbot, widget.window())
    buttons = [page.toolbar.itemAt(i).widget() for i in range(page.toolbar.count())]
    qtbot.keyClick(widget, key, modifier)
    pressed = [b for b in buttons if b.isDown()]
    assert len(pressed) == 1, "the shortcut pressed no toolbar button"
    qtbot.waitUntil(lambda: not pressed[0].isDown())


def tick_list(qtbot: QtBot, widget: QListWidget, wanted: Callable[[object], bool]) -> None:
    """Walk a checkable list with the arrow keys and press Space on every item ``wanted``."""
    qtbot.keyClick(widget, Qt.Key.Key_Home)
    for row in range(widget.count()):
        if row:
            qtbot.keyClick(widget, Qt.Key.Key_Down)
        assert widget.currentRow() == row
        if wanted(widget.currentItem().data(Qt.ItemDataRole.UserRole)):
            qtbot.keyClick(widget, Qt.Key.Key_Space)


def tick_tree(qtbot: QtBot, tree: QTreeWidget, codes: set[str]) -> None:
    """Walk the permission tree with the arrow keys and press Space on each code in ``codes``."""
    qtbot.keyClick(tree, Qt.Key.Key_Home)
    seen: set[str] = set()
    for _ in range(200):
        item = tree.currentItem()
        code = item.data(0, Qt.ItemDataRole.UserRole)
        if code in codes and code not in seen:
            qtbot.keyClick(tree, Qt.Key.Key_Space)
            seen.add(code)
        if seen == codes:
            return
        before = item
        qtbot.keyClick(tree, Qt.Key.Key_Down)
        if tree.currentItem() is before:
            break
    raise AssertionError(f"not found in the tree: {codes - seen}")


def create_user(
    qtbot: QtBot, page: UsersPage, login: str, name: str, password: str, role_ids: set[str]
) -> UserDialog:
    """New (Ctrl+N), type the fields, tick the roles with Space, Enter."""
    shortcut(qtbot, page.table.view, Qt.Key.Key_N, CTRL)
    dialog = page.dialog
    assert isinstance(dialog, UserDialog)
    qtbot.waitExposed(dialog)
    assert dialog.password is not None
    assert not dialog.login.isReadOnly()
    qtbot.keyClicks(dialog.login, login)
    qtbot.keyClick(dialog.login, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.display_name
    qtbot.keyClicks(dialog.display_name, name)
    qtbot.keyClick(dialog.display_name, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.password
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.roles
    tick_list(qtbot, dialog.roles, lambda role_id: role_id in role_ids)
    qtbot.keyClick(dialog.roles, Qt.Key.Key_Return)
    wait_ops(qtbot)
    return dialog


# --- staff accounts -------------------------------------------------------------------


def test_create_user_with_roles(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    window, page = users_page(qtbot, main_window_for)
    assert {"admin", "zhangli", "wangfang", "liuyang", "chenjing"} <= set(listed(page))
    assert page.new_button.text() == "New (Ctrl+N)"
    by_name = roles(window)
    wanted = {by_name["售票员"].id, by_name["值班主管"].id}

    dialog = create_user(qtbot, page, "zhaomin", "Zhao Min", TEMP_PASSWORD, wanted)

    assert not dialog.isVisible()
    row = listed(page)["zhaomin"]
    assert row.display_name == "Zhao Min"
    assert set(row.role_ids) == wanted
    assert row.must_change_password
    assert page.table.selected() == row  # the new account is selected
    result = auth.login(demo_store, "zhaomin", TEMP_PASSWORD)
    assert result.must_change_password
    assert result.actor.display_name == "Zhao Min"


def test_duplicate_login_shows_inline_and_creates_nothing(
    qtbot: QtBot, main_window_for: MakeWindow
) -> None:
    window, page = users_page(qtbot, main_window_for)
    before = users(window)

    dialog = create_user(qtbot, page, "ZhangLi", "Another Zhang", TEMP_PASSWORD, set())

    assert dialog.isVisible()  # stays open for a correction
    assert "taken" in dialog.message.text()
    assert "zhangli" in dialog.message.text()
    assert users(window) == before
    # A password the rules refuse is shown the same way.
    dialog.login.clear()
    qtbot.keyClicks(dialog.login, "zhangli2")
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, "short")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert dialog.isVisible()
    assert "at least 8 characters" in dialog.message.text()
    qtbot.keyClick(dialog.login, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert users(window) == before


def test_escape_cancels_a_new_account(qtbot: QtBot, main_window_for: MakeWindow) -> None:
    window, page = users_page(qtbot, main_window_for)
    before = users(window)
    shortcut(qtbot, page.table.view, Qt.Key.Key_N, CTRL)
    dialog = page.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.login, "nobody")
    qtbot.keyClick(dialog.login, Qt.Key.Key_Escape)
    wait_ops(qtbot)
    assert not dialog.isVisible()
    assert users(window) == before


def test_edit_roles_with_enter(qtbot: QtBot, main_window_for: MakeWindow) -> None:
    window, page = users_page(qtbot, main_window_for)
    by_name = roles(window)
    cashier, supervisor = by_name["售票员"].id, by_name["值班主管"].id
    assert users(window)["wangfang"].role_ids == (cashier,)

    click_user(qtbot, page, "wangfang")
    qtbot.keyClick(page.table.view, Qt.Key.Key_Return)  # Enter on a row edits it
    dialog = page.dialog
    assert isinstance(dialog, UserDialog)
    qtbot.waitExposed(dialog)
    assert dialog.login.text() == "wangfang"
    assert dialog.login.isReadOnly()
    assert dialog.password is None
    assert dialog.chosen_role_ids() == [cashier]
    dialog.display_name.selectAll()
    qtbot.keyClicks(dialog.display_name, "Wang Fang (supervisor)")
    tick_list(qtbot, dialog.roles, lambda role_id: role_id in {cashier, supervisor})  # swap
    qtbot.keyClick(dialog.roles, Qt.Key.Key_Enter)
    wait_ops(qtbot)

    assert not dialog.isVisible()
    row = users(window)["wangfang"]
    assert row.role_ids == (supervisor,)
    assert row.display_name == "Wang Fang (supervisor)"
    assert listed(page)["wangfang"] == row
    assert page.table.selected() == row  # the selection is kept

    # Ctrl+E opens the same editor.
    shortcut(qtbot, page.table.view, Qt.Key.Key_E, CTRL)
    assert isinstance(page.dialog, UserDialog)
    assert page.dialog is not dialog
    assert page.dialog.user == row
    qtbot.keyClick(page.dialog.display_name, Qt.Key.Key_Escape)


def test_disable_after_asking_then_enable(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    window, page = users_page(qtbot, main_window_for)
    click_user(qtbot, page, "wangfang")
    assert page.enable_button.text() == "Disable (Ctrl+D)"

    shortcut(qtbot, page.table.view, Qt.Key.Key_D, CTRL)
    assert "wangfang" in answer(qtbot, QMessageBox.StandardButton.No)
    assert users(window)["wangfang"].enabled

    shortcut(qtbot, page.table.view, Qt.Key.Key_D, CTRL)
    answer(qtbot, QMessageBox.StandardButton.Yes)

    assert not users(window)["wangfang"].enabled
    assert page.table.selected() is not None
    assert page.table.selected().login == "wangfang"
    assert not page.table.selected().enabled
    assert page.enable_button.text() == "Enable (Ctrl+D)"
    with pytest.raises(AuthenticationFailed):
        auth.login(demo_store, "wangfang", DEFAULT_PASSWORD)

    # Enabling again is not destructive: no question.
    shortcut(qtbot, page.table.view, Qt.Key.Key_D, CTRL)
    wait_ops(qtbot)
    assert users(window)["wangfang"].enabled
    assert page.enable_button.text() == "Disable (Ctrl+D)"
    assert auth.login(demo_store, "wangfang", DEFAULT_PASSWORD).actor.login == "wangfang"


def test_cannot_disable_oneself(qtbot: QtBot, main_window_for: MakeWindow) -> None:
    window, page = users_page(qtbot, main_window_for)
    click_user(qtbot, page, "admin")
    shortcut(qtbot, page.table.view, Qt.Key.Key_D, CTRL)
    answer(qtbot, QMessageBox.StandardButton.Yes)
    assert "your own account" in error_shown(qtbot)
    assert users(window)["admin"].enabled


def test_reset_password(qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store) -> None:
    _window, page = users_page(qtbot, main_window_for)
    click_user(qtbot, page, "zhangli")
    shortcut(qtbot, page.table.view, Qt.Key.Key_R, CTRL)
    dialog = page.dialog
    assert isinstance(dialog, ResetPasswordDialog)
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.password

    qtbot.keyClicks(dialog.password, "1234")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert dialog.isVisible()
    assert "at least 8 characters" in dialog.message.text()

    dialog.password.clear()
    qtbot.keyClicks(dialog.password, TEMP_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    wait_ops(qtbot)

    assert not dialog.isVisible()
    assert listed(page)["zhangli"].must_change_password
    assert page.table.selected().login == "zhangli"
    with pytest.raises(AuthenticationFailed):
        auth.login(demo_store, "zhangli", DEFAULT_PASSWORD)
    assert auth.login(demo_store, "zhangli", TEMP_PASSWORD).must_change_password


def test_delete_a_never_used_account(qtbot: QtBot, main_window_for: MakeWindow) -> None:
    window, page = users_page(qtbot, main_window_for)
    create_user(qtbot, page, "linshi", "Temp Worker", TEMP_PASSWORD, set())
    assert page.table.selected().login == "linshi"
    order = [u.login for u in page.table.visible_rows()]
    below = order[order.index("linshi") + 1]

    shortcut(qtbot, page.table.view, Qt.Key.Key_Delete)
    assert "linshi" in answer(qtbot, QMessageBox.StandardButton.No)
    assert "linshi" in users(window)

    shortcut(qtbot, page.table.view, Qt.Key.Key_Delete)
    answer(qtbot, QMessageBox.StandardButton.Yes)

    assert "linshi" not in users(window)
    assert "linshi" not in listed(page)
    assert page.table.selected() is not None
    assert page.table.selected().login == below  # the account below is selected


def test_delete_refused_for_an_account_with_history(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    window, page = users_page(qtbot, main_window_for)
    auth.login(demo_store, "zhangli", DEFAULT_PASSWORD)
    qtbot.keyClick(page.table.view, Qt.Key.Key_F5)
    wait_ops(qtbot)
    assert listed(page)["zhangli"].last_login_at is not None
    assert listed(page)["zhangli"] == users(window)["zhangli"]

    click_user(qtbot, page, "zhangli")
    qtbot.keyClick(page.table.view, Qt.Key.Key_Delete)
    answer(qtbot, QMessageBox.StandardButton.Yes)

    text = error_shown(qtbot)
    assert "history of work" in text
    assert "zhangli" in text
    assert "zhangli" in users(window)
    assert page.table.selected().login == "zhangli"


def test_search_filters_the_list(qtbot: QtBot, main_window_for: MakeWindow) -> None:
    _window, page = users_page(qtbot, main_window_for)
    qtbot.keyClick(page.table.view, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is page.table.search
    qtbot.keyClicks(page.table.search, "CHEN")
    assert set(listed(page)) == {"chenjing"}
    page.table.search.clear()
    assert len(listed(page)) == 6


# --- roles ----------------------------------------------------------------------------


def test_create_role_with_keyboard_and_its_pages(
    qtbot: QtBot, main_window_for: MakeWindow, demo_store: Store
) -> None:
    window, page = roles_page(qtbot, main_window_for)
    wanted = {"page.home", "page.audit", "audit.view"}

    shortcut(qtbot, page.list, Qt.Key.Key_N, CTRL)
    assert QApplication.focusWidget() is page.name
    assert page.list.currentRow() == -1
    qtbot.keyClicks(page.name, "Auditor")
    qtbot.keyClick(page.name, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.description
    qtbot.keyClicks(page.description, "Reads the audit log")
    qtbot.keyClick(page.description, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.tree
    tick_tree(qtbot, page.tree, wanted)
    assert page.state()[2] == frozenset(wanted)
    assert page.unsaved.isVisible()
    shortcut(qtbot, page.tree, Qt.Key.Key_S, CTRL)
    wait_ops(qtbot)

    assert page.message.text() == ""
    role = roles(window)["Auditor"]
    assert role.permissions == frozenset(wanted)
    assert role.description == "Reads the audit log"
    assert role.code is None
    assert page.current is not None
    assert page.current.id == role.id
    assert page.list.currentItem().text() == "Auditor"
    assert not page.unsaved.isVisible()

    # Someone given only this role sees only the pages it names.
    users_page_ = open_page(qtbot, window, "users")
    assert isinstance(users_page_, UsersPage)
    create_user(qtbot, users_page_, "shenji", "Shen Ji", DEFAULT_PASSWORD, {role.id})
    assert users(window)["shenji"].role_names == ("Auditor",)
    auditor = MainWindow(login_ctx(demo_store, "shenji"))
    qtbot.addWidget(auditor)
    assert [spec.key for spec in auditor.specs] == ["home", "audit"]


def test_edit_a_role_and_unsaved_changes_ask(qtbot: QtBot, main_window_for: MakeWindow) -> None:
    window, page = roles_page(qtbot, main_window_for)
    names = [r.name for r in page.roles]
    supervisor = roles(window)["值班主管"]
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Home)
    while page.current is None or page.current.id != supervisor.id:
        qtbot.keyClick(page.list, Qt.Key.Key_Down)
    assert page.name.text() == "值班主管"
    assert page.state()[2] == supervisor.permissions
    assert "built-in" in page.list.currentItem().text()

    tick_tree(qtbot, page.tree, {"audit.purge"})
    assert page.unsaved.isVisible()
    # Another role: asked first; No keeps the edit.
    assert page.list.currentRow() < page.list.count() - 1
    qtbot.keyClick(page.list, Qt.Key.Key_End)
    assert "值班主管" in answer(qtbot, QMessageBox.StandardButton.No)
    assert page.current.id == supervisor.id
    assert page.list.currentItem().data(Qt.ItemDataRole.UserRole) == supervisor.id
    assert "audit.purge" in page.state()[2]
    # Save the change (a built-in role may be changed, only not deleted).
    shortcut(qtbot, page.tree, Qt.Key.Key_S, CTRL)
    wait_ops(qtbot)
    assert roles(window)["值班主管"].permissions == supervisor.permissions | {"audit.purge"}
    assert not page.unsaved.isVisible()
    assert [r.name for r in page.roles] == names

    # Edit again, then Yes drops the edit and shows the other role.
    tick_tree(qtbot, page.tree, {"audit.purge"})
    qtbot.keyClick(page.list, Qt.Key.Key_End)
    answer(qtbot, QMessageBox.StandardButton.Yes)
    assert page.current.id == page.roles[-1].id
    assert page.list.currentRow() == page.list.count() - 1
    assert page.state()[2] == page.roles[-1].permissions
    assert not page.unsaved.isVisible()
    assert roles(window)["值班主管"].permissions == supervisor.permissions | {"audit.purge"}


def test_role_name_errors_show_inline(qtbot: QtBot, main_window_for: MakeWindow) -> None:
    window, page = roles_page(qtbot, main_window_for)
    staff.create_role(window.ctx.store, window.ctx.me, name="Ushers")
    before = roles(window)
    shortcut(qtbot, page.list, Qt.Key.Key_N, CTRL)
    qtbot.keyClicks(page.name, "Ushers")
    shortcut(qtbot, page.name, Qt.Key.Key_S, CTRL)
    wait_ops(qtbot)
    assert "exists already" in page.message.text()
    assert roles(window) == before
    assert page.save_button.isEnabled()


def test_deleting_a_builtin_role_is_refused(qtbot: QtBot, main_window_for: MakeWindow) -> None:
    window, page = roles_page(qtbot, main_window_for)
    cashier = roles(window)["售票员"]
    item = next(
        page.list.item(i)
        for i in range(page.list.count())
        if page.list.item(i).data(Qt.ItemDataRole.UserRole) == cashier.id
    )
    qtbot.mouseClick(
        page.list.viewport(), Qt.MouseButton.LeftButton, pos=page.list.visualItemRect(item).center()
    )
    assert page.current is not None
    assert page.current.id == cashier.id

    shortcut(qtbot, page.list, Qt.Key.Key_Delete)
    answer(qtbot, QMessageBox.StandardButton.Yes)
    assert "Built-in roles cannot be deleted" in error_shown(qtbot)
    assert cashier.id in {r.id for r in roles(window).values()}


def test_delete_a_new_role(qtbot: QtBot, main_window_for: MakeWindow) -> None:
    window, page = roles_page(qtbot, main_window_for)
    staff.create_role(window.ctx.store, window.ctx.me, name="临时", permissions=frozenset())
    qtbot.keyClick(page.list, Qt.Key.Key_F5)
    wait_ops(qtbot)
    page.list.setCurrentRow(next(i for i, r in enumerate(page.roles) if r.name == "临时"))
    assert page.name.text() == "临时"
    shortcut(qtbot, page.list, Qt.Key.Key_Delete)
    answer(qtbot, QMessageBox.StandardButton.Yes)
    assert "临时" not in roles(window)
    assert "临时" not in [r.name for r in page.roles]
    assert page.current is not None  # another role is shown


@pytest.mark.parametrize("login", ["zhangli", "chenjing", "liuyang"])
def test_staff_pages_are_for_administrators_only(main_window_for: MakeWindow, login: str) -> None:
    keys = {spec.key for spec in main_window_for(login).specs}
    assert "users" not in keys
    assert "roles" not in keys


def test_administrator_has_both_pages(main_window_for: MakeWindow) -> None:
    keys = {spec.key for spec in main_window_for("admin").specs}
    assert {"users", "roles"} <= keys
