"""The main window: navigation by permission, the page stack, the status bar."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from boxoffice.clock import now
from boxoffice.permissions import BUILTIN_ROLE_LABELS, BuiltinRole, Perm
from boxoffice.services import auth, shifts
from boxoffice.services.shifts import ShiftRow

from .context import AppContext
from .devices_ui import PrinterIndicator
from .ops import Op, ask
from .pages import PageSpec, pages_for
from .pages.base import Page
from .sync_ui import ConnectionBanner, GuardedAction, SyncIndicator

log = logging.getLogger(__name__)

SHORTCUT_ROLE = Qt.ItemDataRole.UserRole + 10


class _NavDelegate(QStyledItemDelegate):
    """Draws each navigation entry with its shortcut, greyed, on the right."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        shortcut = index.data(SHORTCUT_ROLE)
        if shortcut:
            painter.save()
            painter.setPen(option.palette.placeholderText().color())
            rect = QRect(option.rect).adjusted(0, 0, -10, 0)
            painter.drawText(
                rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), shortcut
            )
            painter.restore()


class MainWindow(QMainWindow):
    """The window staff work in after logging in.

    Signals:
        logout_requested(): the user logged out (Ctrl+L); the shell shows the login again.
        language_changed(str): the interface language was changed in Settings.
        quit_requested(): the user closed the window (Ctrl+Q or the title bar).
    """

    logout_requested = Signal()
    language_changed = Signal(str)
    quit_requested = Signal()

    def __init__(self, ctx: AppContext, *, open_first_page: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.replacing = False  # set by the shell when it closes the window to show another
        me = ctx.me
        self.setWindowTitle(
            self.tr("BoxOffice — {terminal}").format(terminal=me.terminal_name or "—")
        )
        self.resize(1280, 800)
        self.specs: list[PageSpec] = pages_for(ctx)
        self.pages: dict[str, Page] = {}
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setItemDelegate(_NavDelegate(self.nav))
        self.nav.setFixedWidth(220)
        self.stack = QStackedWidget(self)
        for number, spec in enumerate(self.specs, start=1):
            item = QListWidgetItem(QCoreApplication.translate("pages", spec.title))
            if number <= 9:
                sequence = QKeySequence(f"Ctrl+{number}")
                item.setData(
                    SHORTCUT_ROLE, sequence.toString(QKeySequence.SequenceFormat.NativeText)
                )
                QShortcut(sequence, self, lambda n=number - 1: self.nav.setCurrentRow(n))
            self.nav.addItem(item)
            placeholder = QWidget(self.stack)
            self.stack.addWidget(placeholder)
        self.nav.currentRowChanged.connect(self.show_page)
        splitter = QSplitter(self)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.banner = ConnectionBanner(ctx, self)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self._build_menu()
        self._build_status_bar()
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh_current)
        if open_first_page:
            self.nav.setCurrentRow(0)
        self.nav.setFocus()

    # --- pages ---------------------------------------------------------------

    def page(self, key: str) -> Page:
        """The page for ``key``, creating it on first use."""
        if key not in self.pages:
            index = next(i for i, s in enumerate(self.specs) if s.key == key)
            page = self.specs[index].factory(self.ctx)
            old = self.stack.widget(index)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.stack.insertWidget(index, page)
            self.pages[key] = page
            if hasattr(page, "shift_changed"):
                page.shift_changed.connect(self.show_shift)
            if key == "settings" and hasattr(page, "language_changed"):
                page.language_changed.connect(self.language_changed)
                page.link_changed.connect(self.logout_requested)
        return self.pages[key]

    def show_page(self, row: int) -> None:
        if row < 0:
            return
        page = self.page(self.specs[row].key)
        self.stack.setCurrentWidget(page)
        page.refresh()

    def open_page(self, key: str) -> Page:
        row = next(i for i, s in enumerate(self.specs) if s.key == key)
        self.nav.setCurrentRow(row)
        return self.pages[key]

    def refresh_current(self) -> None:
        current = self.stack.currentWidget()
        if isinstance(current, Page):
            current.refresh()

    # --- menu and status bar ---------------------------------------------------

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Account"))
        change = QAction(self.tr("Change &password…"), self)
        change.setShortcut(QKeySequence("Ctrl+Shift+P"))
        change.triggered.connect(self.change_password)
        logout = QAction(self.tr("&Log out"), self)
        logout.setShortcut(QKeySequence("Ctrl+L"))
        logout.triggered.connect(self.logout)
        quit_ = QAction(self.tr("&Quit"), self)
        quit_.setShortcut(QKeySequence("Ctrl+Q"))
        quit_.triggered.connect(self.close)
        for action in (change, logout, quit_):
            menu.addAction(action)
            self.addAction(action)

    def _build_status_bar(self) -> None:
        me = self.ctx.me
        bar = QStatusBar(self)
        self.setStatusBar(bar)
        roles = self._role_text()
        self.user_label = QLabel(
            self.tr("User: {name} ({roles})").format(name=me.display_name, roles=roles)
        )
        self.terminal_label = QLabel(
            self.tr("Terminal: {name}").format(name=me.terminal_name or "—")
        )
        # The window's open shift: read once here, then told by the pages that open or close it.
        self.shift_label = QLabel(self.tr("Shift: not open"))
        self.shift_label.setObjectName("shiftStatus")
        if self.ctx.may(Perm.TICKETS_SELL) or self.ctx.may(Perm.MERCHANT_SELL):
            ctx = self.ctx
            Op(self, lambda: ctx.call(shifts.list_current_shift)).success(self.show_shift).failure(
                lambda _exc: None
            ).run_in_background()
        self.sync_label = SyncIndicator(self.ctx, self)
        self.sync_label.timer.timeout.connect(
            lambda: self.banner.update_from(self.sync_label.status())
        )
        self.printer_label = PrinterIndicator(self.ctx.devices, self)
        if any(spec.key == "print_queue" for spec in self.specs):
            self.printer_label.clicked.connect(lambda: self.open_page("print_queue"))
        self.clock_label = QLabel()
        self.clock_label.setObjectName("clock")
        for label in (
            self.user_label,
            self.terminal_label,
            self.shift_label,
            self.sync_label,
            self.printer_label,
        ):
            bar.addWidget(label)
        bar.addPermanentWidget(self.clock_label)
        self._tick()
        self.clock = QTimer(self)
        self.clock.timeout.connect(self._tick)
        self.clock.start(1000)

    def show_shift(self, shift: ShiftRow | None) -> None:
        if shift is None:
            self.shift_label.setText(self.tr("Shift: not open"))
        else:
            self.shift_label.setText(
                self.tr("Shift: {cashier} since {time}").format(
                    cashier=shift.cashier, time=self.ctx.format_time(shift.opened_at)
                )
            )

    def _role_text(self) -> str:
        from boxoffice.permissions import BUILTIN_ROLE_PERMISSIONS

        perms = self.ctx.me.permissions
        # Name the broadest built-in role whose permissions the user holds; custom roles show as such.
        for role in (
            BuiltinRole.ADMIN,
            BuiltinRole.SUPERVISOR,
            BuiltinRole.CASHIER,
            BuiltinRole.MERCHANT_MANAGER,
            BuiltinRole.MERCHANT,
        ):
            if {p.value for p in BUILTIN_ROLE_PERMISSIONS[role]} <= perms:
                return QCoreApplication.translate("core", BUILTIN_ROLE_LABELS[role])
        return self.tr("custom role")

    def _tick(self) -> None:
        self.clock_label.setText(self.ctx.format_time(now(), seconds=True))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.clock.stop()
        if not self.replacing:
            self.quit_requested.emit()
        super().closeEvent(event)

    def change_password(self) -> None:
        from .login import ChangePasswordDialog

        self.password_dialog = ChangePasswordDialog(
            self.ctx, self.ctx.me, forced=False, parent=self
        )
        self.password_dialog.open()

    def logout(self) -> None:
        """Log out (Ctrl+L). Work in hand on a page (goods in the till's cart)
        is named first and logged when thrown away; with sales not yet sent,
        only after a supervisor confirms."""
        in_hand = [w for page in self.pages.values() if (w := page.work_in_hand()) is not None]
        if not in_hand:
            self._guarded_logout([])
            return
        self.logout_question = ask(
            self,
            self.tr("Log out"),
            "\n".join(text for text, _record in in_hand) + "\n\n" + self.tr("Log out anyway?"),
            lambda: self._guarded_logout([record for _text, record in in_hand]),
        )

    def _guarded_logout(self, records: list[Callable[[], object]]) -> None:
        self.logout_guard = GuardedAction(
            self,
            self.ctx,
            self.tr("logging out"),
            "auth.logout",
            lambda _confirmed_by: self._log_out(records),
        )

    def _log_out(self, records: list[Callable[[], object]]) -> None:
        ctx = self.ctx
        actor, client = ctx.me, ctx.client

        def log_out() -> None:
            for record in records or ():
                try:
                    record()
                except Exception:  # logging out must not hang on a log entry
                    log.exception("recording work thrown away at logout failed")
            try:
                if client is not None and client.logged_in:
                    client.logout()  # the central store revokes the token
            finally:
                auth.logout(ctx.store, actor)

        Op(self, log_out).success(lambda _r: self.logout_requested.emit()).failure(
            lambda _e: self.logout_requested.emit()
        ).run_in_background()
