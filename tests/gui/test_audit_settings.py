"""The audit log, settings and today's sessions pages, driven through the real
windows on a copy of the demo store."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from boxoffice import bootstrap
from boxoffice.clock import now
from boxoffice.db.models import AuditEntry
from boxoffice.db.store import Store
from boxoffice.errors import AuthenticationFailed, PermissionDenied
from boxoffice.services import audit, audit_chain, auth, catalogue, staff
from boxoffice.services.audit import EXPORT_HEADER
from boxoffice.services.settings import get_settings
from widgets.app import Translations
from widgets.main_window import MainWindow
from widgets.pages.audit import AuditPage
from widgets.pages.sessions_today import SessionsTodayPage
from widgets.pages.settings import SettingsPage

from .conftest import DEFAULT_PASSWORD, login_ctx, message_box, wait_ops

WindowFor = Callable[[str], MainWindow]
CTRL, ALT, SHIFT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.AltModifier,
    Qt.KeyboardModifier.ShiftModifier,
)


def audit_page(qtbot: QtBot, window: MainWindow) -> AuditPage:
    page = window.open_page("audit")
    wait_ops(qtbot)
    assert isinstance(page, AuditPage)
    return page


def settings_page(qtbot: QtBot, window: MainWindow) -> SettingsPage:
    page = window.open_page("settings")
    wait_ops(qtbot)
    assert isinstance(page, SettingsPage)
    return page


def press_enter(qtbot: QtBot, widget: object) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)  # type: ignore[arg-type]
    wait_ops(qtbot)


def press_shortcut(
    qtbot: QtBot, window: MainWindow, widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier
) -> None:
    """Press a button's shortcut with ``widget`` focused; the button clicks itself
    (animated, 100 ms later) and its service call is waited for."""
    window.activateWindow()
    qtbot.waitActive(window)
    widget.setFocus()
    buttons = window.findChildren(QPushButton)
    qtbot.keyClick(widget, key, modifier)
    pressed = [b for b in buttons if b.isDown()]
    assert len(pressed) == 1, "the shortcut pressed no button"
    qtbot.waitUntil(lambda: not pressed[0].isDown())
    wait_ops(qtbot)


def listed(page: AuditPage) -> list[audit.AuditRow]:
    return page.table.visible_rows()


def tamper(store: Store, seq: int) -> None:
    """Change one entry's detail the way someone with the file could."""
    assert store.path is not None
    conn = sqlite3.connect(store.path)
    try:
        conn.execute("DROP TRIGGER audit_entry_no_update")
        conn.execute(
            "UPDATE audit_entry SET detail = ? WHERE seq = ?", ('{"refund": "forged"}', seq)
        )
        conn.commit()
    finally:
        conn.close()


# --- Audit log --------------------------------------------------------------------------------


@pytest.fixture
def supervisor_audit(
    qtbot: QtBot, demo_store: Store, main_window_for: WindowFor
) -> tuple[MainWindow, AuditPage]:
    """The audit page as chenjing, after zhangli logged in once and mistyped once."""
    auth.login(demo_store, "zhangli", DEFAULT_PASSWORD)
    with pytest.raises(AuthenticationFailed):
        auth.login(demo_store, "zhangli", "not-her-password")
    window = main_window_for("chenjing")
    return window, audit_page(qtbot, window)


def test_supervisor_sees_seed_and_logins_newest_first(
    supervisor_audit: tuple[MainWindow, AuditPage],
) -> None:
    _window, page = supervisor_audit
    rows = listed(page)
    actions = {r.action for r in rows}
    assert {"system.initialize", "system.demo_seed", "auth.login", "auth.login_failed"} <= actions
    assert {"zhangli", "chenjing"} <= {r.user_login for r in rows}
    assert [r.seq for r in rows] == sorted((r.seq for r in rows), reverse=True)
    assert page.count_label.text() == f"{len(rows)} entries"
    assert not page.cap_label.isVisible()
    # The newest entry is selected and its detail is pretty JSON.
    assert page.table.selected() == rows[0]
    seed = next(r for r in rows if r.action == "system.demo_seed")
    page.table.select_where(lambda r: r.seq == seed.seq)
    assert '"name": "星海大剧院"' in page.detail.toPlainText()
    assert f"Entry #{seed.seq}" in page.detail.toPlainText()
    # Action names are spelled out; the user filter offers the logins seen.
    assert page.action_filter.itemText(0) == "All actions"
    assert page.action_filter.findData("auth.login") > 0
    assert page.user_filter.findText("zhangli") >= 0


def test_filter_by_user_action_and_text(
    qtbot: QtBot, supervisor_audit: tuple[MainWindow, AuditPage]
) -> None:
    _window, page = supervisor_audit
    page.user_filter.setCurrentText("zhangli")
    press_enter(qtbot, page.user_filter.lineEdit())
    rows = listed(page)
    assert rows and {r.user_login for r in rows} == {"zhangli"}
    assert {r.action for r in rows} == {"auth.login", "auth.login_failed"}

    page.user_filter.setCurrentText("")
    page.action_filter.setCurrentIndex(page.action_filter.findData("auth.login"))
    press_enter(qtbot, page.action_filter)
    rows = listed(page)
    # Exactly the chosen action: failed logins are a different action.
    assert {r.action for r in rows} == {"auth.login"}
    assert {"zhangli", "chenjing"} <= {r.user_login for r in rows}

    page.action_filter.setCurrentIndex(0)
    page.text_filter.setText("星海")
    press_enter(qtbot, page.text_filter)
    rows = listed(page)
    assert [r.action for r in rows] == ["system.demo_seed"]

    # A range before anything happened lists nothing.
    page.text_filter.clear()
    page.to_edit.setDateTime(page.from_edit.dateTime().addDays(-1))
    page.from_edit.setDateTime(page.from_edit.dateTime().addDays(-3))
    press_enter(qtbot, page.from_edit)
    assert listed(page) == []
    assert page.count_label.text() == "0 entries"


def test_ctrl_enter_searches(qtbot: QtBot, supervisor_audit: tuple[MainWindow, AuditPage]) -> None:
    window, page = supervisor_audit
    page.user_filter.setCurrentText("chenjing")
    press_shortcut(qtbot, window, page.table.view, Qt.Key.Key_Return, CTRL)
    assert {r.user_login for r in listed(page)} == {"chenjing"}


def test_export_to_excel_and_csv_keeps_chinese_and_is_itself_logged(
    qtbot: QtBot, demo_store: Store, supervisor_audit: tuple[MainWindow, AuditPage], tmp_path: Path
) -> None:
    window, page = supervisor_audit
    me = window.ctx.me
    expected = len(audit.list_audit(demo_store, me, page.query()))

    xlsx = tmp_path / "操作日志.xlsx"
    page.export_to(xlsx)
    wait_ops(qtbot)
    assert page.status_label.text() == f"Exported {expected} entries to {xlsx}"
    book = openpyxl.load_workbook(xlsx, read_only=True)
    try:
        sheet = book["操作日志"]
        values = list(sheet.iter_rows(values_only=True))
    finally:
        book.close()
    assert values[0] == EXPORT_HEADER
    assert len(values) - 1 == expected
    assert any("星海大剧院" in str(row[7]) for row in values[1:])
    assert any(row[3] == "1号售票窗口" for row in values[1:])

    # The export is logged, and the list shows it at once.
    newest = listed(page)[0]
    assert (newest.action, newest.user_login, newest.target_id) == (
        "audit.export",
        "chenjing",
        xlsx.name,
    )

    csv_path = tmp_path / "audit.csv"
    page.export_to(csv_path)
    wait_ops(qtbot)
    with csv_path.open(encoding="utf-8-sig", newline="") as f:
        lines = list(csv.reader(f))
    assert tuple(lines[0]) == EXPORT_HEADER
    assert len(lines) - 1 == expected + 1  # now with the first export in it
    assert page.status_label.text() == f"Exported {expected + 1} entries to {csv_path}"
    assert any("星海大剧院" in line[7] for line in lines[1:])
    assert any(line[4] == "audit.export" for line in lines[1:])


def test_verify_chain_intact_then_broken_after_tampering(
    qtbot: QtBot, demo_store: Store, supervisor_audit: tuple[MainWindow, AuditPage]
) -> None:
    window, page = supervisor_audit
    total = len(listed(page))
    press_shortcut(qtbot, window, page.table.view, Qt.Key.Key_V, CTRL | SHIFT)
    assert page.chain_label.isVisible()
    assert page.chain_label.text() == f"Chain intact: {total} entries checked"

    victim = next(r for r in listed(page) if r.user_login == "zhangli" and r.action == "auth.login")
    tamper(demo_store, victim.seq)
    page.verify_button.click()
    wait_ops(qtbot)
    text = page.chain_label.text()
    assert text.startswith(f"Chain broken at entry #{victim.seq}: its content was changed")
    assert "#b91c1c" in page.chain_label.styleSheet()
    assert page.table.selected() is not None and page.table.selected().seq == victim.seq


def test_a_long_log_lists_the_newest_matches_and_says_so(
    qtbot: QtBot, demo_store: Store, supervisor_audit: tuple[MainWindow, AuditPage]
) -> None:
    _window, page = supervisor_audit
    assert not page.cap_label.isVisible()
    with demo_store.transaction() as session:
        for n in range(audit.MAX_LISTED):
            audit_chain.append(
                session,
                at=now(),
                user_id=None,
                user_login="zhangli",
                terminal_id=None,
                terminal_name="1号售票窗口",
                action="ticket.sell",
                target_type="order",
                target_id=f"order-{n}",
                detail="{}",
            )
    page.search_button.click()
    wait_ops(qtbot, timeout=30_000)
    rows = listed(page)
    assert len(rows) == audit.MAX_LISTED
    assert rows[0].target_id == f"order-{audit.MAX_LISTED - 1}"
    assert page.cap_label.isVisible()
    assert page.cap_label.text().startswith("Showing the newest 5000 matches")

    page.user_filter.setCurrentText("chenjing")
    press_enter(qtbot, page.user_filter.lineEdit())
    assert not page.cap_label.isVisible()


def test_supervisor_may_not_purge(
    demo_store: Store, supervisor_audit: tuple[MainWindow, AuditPage]
) -> None:
    window, page = supervisor_audit
    assert not page.purge_button.isEnabled()
    page.purge()  # even if reached somehow, nothing opens
    assert page.purge_dialog is None
    with pytest.raises(PermissionDenied):
        audit.purge_audit(demo_store, window.ctx.me, now() - timedelta(days=200))


@pytest.fixture
def old_log_store(tmp_path: Path) -> Iterator[Store]:
    """A store whose log starts with three entries from 400 days ago, then the demo.

    A purge removes only an unbroken run from the start of the chain (so what
    remains still verifies), hence the old entries come first here."""
    (tmp_path / "old-log").mkdir()
    store = Store.open(tmp_path / "old-log")
    try:
        with store.transaction() as session:
            for n in range(3):
                audit_chain.append(
                    session,
                    at=now() - timedelta(days=400, minutes=10 - n),
                    user_id=None,
                    user_login="former",
                    terminal_id=None,
                    terminal_name="旧售票窗口",
                    action="ticket.sell",
                    target_type="order",
                    target_id=f"old-{n}",
                    detail='{"amount": "¥480.00"}',
                )
        bootstrap.seed_demo(store)
        yield store
    finally:
        store.close()


def test_admin_purges_old_entries_and_the_chain_still_verifies(
    qtbot: QtBot, old_log_store: Store, translations: Translations
) -> None:
    window = MainWindow(login_ctx(old_log_store, "admin"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_ops(qtbot)
    page = audit_page(qtbot, window)
    assert page.purge_button.isEnabled()

    page.purge_button.click()
    dialog = page.purge_dialog
    assert dialog is not None and dialog.isVisible()
    expected_day = window.ctx.local(now()).date() - timedelta(days=180)
    assert dialog.chosen() == expected_day
    press_enter(qtbot, dialog.before)  # Enter accepts the dialog …
    question = message_box(qtbot)
    assert expected_day.isoformat() in question.text()
    assert question.defaultButton() is question.button(QMessageBox.StandardButton.No)
    question.button(QMessageBox.StandardButton.Yes).click()  # … and the question needs a Yes
    wait_ops(qtbot)

    assert page.status_label.text() == (
        f"Deleted 3 entries from before {expected_day.isoformat()}."
    )
    with old_log_store.transaction() as session:
        left = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))
    assert "ticket.sell" not in left
    assert left[0] == "system.initialize" and left[-1] == "audit.purge"
    purge = listed(page)[0]
    assert purge.action == "audit.purge" and '"deleted": 3' in purge.detail

    page.verify_button.click()
    wait_ops(qtbot)
    assert page.chain_label.text() == f"Chain intact: {len(left)} entries checked"


def test_purge_cancelled_deletes_nothing(
    qtbot: QtBot, demo_store: Store, main_window_for: WindowFor
) -> None:
    window = main_window_for("admin")
    page = audit_page(qtbot, window)
    before = len(audit.list_audit(demo_store, window.ctx.me, audit.AuditQuery()))
    page.purge_button.click()
    assert page.purge_dialog is not None
    qtbot.keyClick(page.purge_dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.purge_dialog is None)
    wait_ops(qtbot)
    assert len(audit.list_audit(demo_store, window.ctx.me, audit.AuditQuery())) == before


# --- Settings --------------------------------------------------------------------------------------


def test_cashier_switches_language_and_sees_no_admin_section(
    qtbot: QtBot, demo_store: Store, main_window_for: WindowFor
) -> None:
    window = main_window_for("zhangli")
    page = settings_page(qtbot, window)
    assert page.admin_box is None and page.save_button is None
    assert page.language.currentData() == "zh_CN"

    page.language.setCurrentIndex(page.language.findData("en"))
    with qtbot.waitSignal(window.language_changed, timeout=5000) as relayed:
        page.apply_language_button.click()
    assert relayed.args == ["en"]
    wait_ops(qtbot)
    assert get_settings(demo_store).language == "en"
    assert window.ctx.settings.language == "en"

    page.language.setCurrentIndex(page.language.findData("zh_CN"))
    with qtbot.waitSignal(page.language_changed, timeout=5000) as emitted:
        page.apply_language_button.click()
    assert emitted.args == ["zh_CN"]
    wait_ops(qtbot)
    assert get_settings(demo_store).language == "zh_CN"
    entries = audit.list_audit(
        demo_store, login_ctx(demo_store, "chenjing").me, audit.AuditQuery(user_login="zhangli")
    )
    assert [e.detail for e in entries if e.action == "settings.language"][:2] == [
        '{"language": "zh_CN"}',
        '{"language": "en"}',
    ]


def test_change_password_opens_the_dialog(qtbot: QtBot, main_window_for: WindowFor) -> None:
    page = settings_page(qtbot, main_window_for("zhangli"))
    page.password_button.click()
    dialog = page.password_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.isModal() or dialog.windowModality() != Qt.WindowModality.NonModal
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.password_dialog is None)


def test_admin_sets_lockout_threshold_and_it_applies(
    qtbot: QtBot, demo_store: Store, main_window_for: WindowFor
) -> None:
    window = main_window_for("admin")
    page = settings_page(qtbot, window)
    assert page.admin_box is not None and page.save_button is not None
    assert page.threshold.value() == 5
    assert page.timezone.currentText() == "Asia/Shanghai"

    page.threshold.setValue(3)
    press_shortcut(qtbot, window, page.threshold, Qt.Key.Key_S, CTRL)
    assert page.status_label.text() == "Settings saved."
    assert get_settings(demo_store).lockout_threshold == 3
    assert window.ctx.settings.lockout_threshold == 3

    for _ in range(3):
        with pytest.raises(AuthenticationFailed):
            auth.login(demo_store, "wangfang", "wrong-password")
    with pytest.raises(AuthenticationFailed) as locked:
        auth.login(demo_store, "wangfang", DEFAULT_PASSWORD)
    assert "locked" in locked.value.english()

    # Saving again with nothing changed writes nothing.
    page.save_button.click()
    wait_ops(qtbot)
    assert page.status_label.text() == "Nothing to save: no setting was changed."


def test_admin_chooses_and_adds_terminals(
    qtbot: QtBot, demo_store: Store, main_window_for: WindowFor
) -> None:
    window = main_window_for("admin")
    page = settings_page(qtbot, window)
    terminals = {t.name: t.id for t in staff.list_terminals(demo_store, window.ctx.me)}
    assert (
        page.terminal.currentData()
        == get_settings(demo_store).terminal_id
        == terminals["1号售票窗口"]
    )

    page.terminal.setCurrentIndex(page.terminal.findData(terminals["2号售票窗口"]))
    page.save_button.click()  # type: ignore[union-attr]
    wait_ops(qtbot)
    assert get_settings(demo_store).terminal_id == terminals["2号售票窗口"]
    assert "next login" in page.status_label.text()

    page.add_terminal_button.click()
    dialog = page.terminal_dialog
    assert dialog is not None
    dialog.name.setText("3号售票窗口")
    press_enter(qtbot, dialog.name)
    wait_ops(qtbot)
    assert page.terminal_dialog is None
    assert page.terminal.currentText().startswith("3号售票窗口")
    page.save_button.click()  # type: ignore[union-attr]
    wait_ops(qtbot)
    added = {t.name: t.id for t in staff.list_terminals(demo_store, window.ctx.me)}["3号售票窗口"]
    assert get_settings(demo_store).terminal_id == added

    # A duplicate name is refused inside the dialog, which stays open.
    page.add_terminal_button.click()
    dialog = page.terminal_dialog
    assert dialog is not None
    dialog.name.setText("3号售票窗口")
    press_enter(qtbot, dialog.name)
    assert dialog.isVisible() and "exists already" in dialog.message.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def test_admin_unknown_timezone_is_refused(
    qtbot: QtBot, demo_store: Store, main_window_for: WindowFor
) -> None:
    page = settings_page(qtbot, main_window_for("admin"))
    page.timezone.setCurrentText("Mars/Olympus_Mons")
    page.save_button.click()  # type: ignore[union-attr]
    wait_ops(qtbot)
    box = message_box(qtbot)
    assert "not a known timezone" in box.text()
    box.close()
    assert get_settings(demo_store).venue_timezone == "Asia/Shanghai"

    page.timezone.setCurrentText("Asia/Urumqi")
    page.save_button.click()  # type: ignore[union-attr]
    wait_ops(qtbot)
    assert get_settings(demo_store).venue_timezone == "Asia/Urumqi"
    assert page.ctx.settings.venue_timezone == "Asia/Urumqi"


# --- Today's sessions -----------------------------------------------------------------------------


def test_cashier_sees_todays_sessions_and_looks_ahead(
    qtbot: QtBot, demo_store: Store, main_window_for: WindowFor
) -> None:
    window = main_window_for("zhangli")
    ctx = window.ctx
    page = window.open_page("sessions_today")
    wait_ops(qtbot)
    assert isinstance(page, SessionsTodayPage)

    def sessions_on(offset: int) -> list[catalogue.SessionRow]:
        day = ctx.local(now()).date() + timedelta(days=offset)
        start = datetime.combine(day, time.min, ctx.zone)
        return catalogue.list_sessions(
            demo_store, ctx.me, starts_from=start, starts_before=start + timedelta(days=1)
        )

    today = sessions_on(0)
    assert today, "the demo has sessions every day"
    assert [s.id for s in page.table.model.rows] == [s.id for s in today]
    assert page.count_label.text() == f"{len(today)} sessions"
    assert page.day_label.text().startswith("Today, ")
    big = next(s for s in today if s.hall_name == "大剧场")
    prices = page.table.model.data(page.table.model.index(page.table.model.rows.index(big), 5))
    assert prices.startswith("VIP ¥680.00 · 甲票 ¥480.00")
    status = page.table.model.data(page.table.model.index(0, 4))
    assert status == "On sale"

    press_shortcut(qtbot, window, page.table.view, Qt.Key.Key_Right, ALT)
    tomorrow = sessions_on(1)
    assert [s.id for s in page.table.model.rows] == [s.id for s in tomorrow]
    assert {s.id for s in tomorrow}.isdisjoint(s.id for s in today)
    assert page.day_label.text().startswith("Tomorrow, ")

    page.next_button.click()
    wait_ops(qtbot)
    assert [s.id for s in page.table.model.rows] == [s.id for s in sessions_on(2)]

    press_shortcut(qtbot, window, page.table.view, Qt.Key.Key_Home, ALT)
    assert [s.id for s in page.table.model.rows] == [s.id for s in today]

    press_shortcut(qtbot, window, page.table.view, Qt.Key.Key_Left, ALT)
    assert sessions_on(-1) == [] and page.table.model.rows == []
    assert page.empty_label.isVisible() and page.empty_label.text() == "No sessions on this day."
