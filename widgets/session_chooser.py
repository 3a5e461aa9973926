"""Choosing a session by keyboard: the ticket window's F2, and wherever an
order moves to another session (the Orders page's exchange).

The dialog lists one day's sessions, those on sale first, then by time. The
search field has the focus: typing filters by show name, hall or time text
("19:30"); Up and Down move in the list without leaving the field, Enter
picks. Alt+D goes to the date, PageUp and PageDown show the day before and
after, Alt+Home today. Esc cancels. After ``accepted``, :attr:`chosen` is
the session picked.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.clock import now
from boxoffice.ids import SessionId
from boxoffice.services import catalogue
from boxoffice.services.catalogue import SessionRow

from .context import AppContext
from .dialogs import hint_label
from .ops import Op, error_text
from .pages.sessions_today import day_heading, prices_text, session_time_text, set_date_quietly
from .tables import Column, RowTable

_LATER = 10**11
"""Added to the sort key of a session not on sale: it lists after those on sale."""


def status_text(status: str) -> str:
    """A session's sale status in the user's language."""
    labels = {
        "on_sale": QCoreApplication.translate("SessionChooserDialog", "On sale"),
        "stopped": QCoreApplication.translate("SessionChooserDialog", "Sales stopped"),
        "ended": QCoreApplication.translate("SessionChooserDialog", "Ended"),
    }
    return labels.get(status, status)


def first_to_sell(ctx: AppContext, sessions: list[SessionRow]) -> SessionRow | None:
    """The session a window sells first: the first on sale that has not
    started, else the first on sale, else the first of the day."""
    moment = now()
    on_sale = sorted((s for s in sessions if s.status == "on_sale"), key=lambda s: s.starts_at)
    upcoming = [s for s in on_sale if s.starts_at >= moment]
    if upcoming:
        return upcoming[0]
    if on_sale:
        return on_sale[0]
    return min(sessions, key=lambda s: s.starts_at, default=None)


class SessionChooserDialog(QDialog):
    """One day's sessions, searchable; see the module's docstring for the keys.

    ``current`` is selected when listed (the session the caller sells now).
    """

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        day: date | None = None,
        current: SessionId | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.day = day or ctx.today()
        self.current = current
        self.chosen: SessionRow | None = None
        self._sessions: list[SessionRow] = []
        self.setObjectName("sessionChooser")
        self.setWindowTitle(self.tr("Choose a session"))
        self.setMinimumSize(820, 520)

        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("chooserDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMinimumWidth(140)
        self._set_edit(self.day)
        self.date_edit.dateChanged.connect(lambda d: self.show_day(d.toPython()))
        date_label = QLabel(self.tr("&Date"), self)
        date_label.setBuddy(self.date_edit)
        self.day_label = QLabel(self)
        self.day_label.setObjectName("chooserDay")
        self.day_label.setStyleSheet("font-size: 13pt; font-weight: 600; color: #1f2a37;")
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(date_label)
        top.addWidget(self.date_edit)
        top.addSpacing(16)
        top.addWidget(self.day_label, 1)

        self.search = QLineEdit(self)
        self.search.setObjectName("sessionSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Show, hall or time, e.g. 19:30"))
        self.search.setStyleSheet("font-size: 13pt; padding: 6px;")
        self.search.textChanged.connect(lambda _t: self._filter())
        self.search.installEventFilter(self)
        search_label = QLabel(self.tr("&Search"), self)
        search_label.setBuddy(self.search)
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)

        self.table: RowTable[SessionRow] = RowTable(
            [
                Column(self.tr("Time"), self._time_text, self._sort_key),
                Column(self.tr("Show"), lambda s: s.show_name),
                Column(self.tr("Hall"), lambda s: s.hall_name),
                Column(self.tr("Status"), lambda s: status_text(s.status)),
                Column(self.tr("Prices"), prices_text),
            ],
            self,
        )
        self.table.search.hide()  # the dialog's own search field filters
        self.table.view.setWordWrap(False)
        self.table.view.setTabKeyNavigation(False)
        self.table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(lambda _row: self.choose())

        self.message = QLabel(self)
        self.message.setObjectName("chooserMessage")
        self.message.setStyleSheet("color: #6b7280;")
        self.message.setWordWrap(True)

        self.choose_button = QPushButton(self.tr("Choose (Enter)"), self)
        self.choose_button.setObjectName("primary")
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose)
        cancel = QPushButton(self.tr("Cancel (Esc)"), self)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(
            hint_label(
                self.tr(
                    "Type to search · ↑↓ choose · Enter picks · PgUp/PgDn day before/after · "
                    "Alt+Home today · Alt+D date"
                ),
                self,
            ),
            1,
        )
        buttons.addWidget(cancel)
        buttons.addWidget(self.choose_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(search_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, lambda: self.step_day(-1))
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, lambda: self.step_day(1))
        QShortcut(QKeySequence("Alt+Home"), self, lambda: self.show_day(self.ctx.today()))
        self.search.setFocus()
        self._show_heading()
        self._load()

    # --- texts ---------------------------------------------------------------------

    def _time_text(self, s: SessionRow) -> str:
        return session_time_text(self.ctx, s)

    def _sort_key(self, s: SessionRow) -> float:
        return s.starts_at.timestamp() + (0 if s.status == "on_sale" else _LATER)

    def _show_heading(self) -> None:
        self.day_label.setText(day_heading(self.ctx, self.day))

    def _set_edit(self, day: date) -> None:
        set_date_quietly(self.date_edit, day)

    # --- days ------------------------------------------------------------------------

    def step_day(self, days: int) -> None:
        self.show_day(self.day + timedelta(days=days))

    def show_day(self, day: date) -> None:
        if day == self.day and self._sessions:
            return
        self.day = day
        self._set_edit(day)
        self._show_heading()
        self._load()

    def _load(self) -> None:
        day, start = self.day, self.ctx.day_start(self.day)
        call = self.ctx.call
        self.message.setText(self.tr("Loading…"))
        Op(
            self,
            lambda: call(
                catalogue.list_sessions, starts_from=start, starts_before=start + timedelta(days=1)
            ),
        ).success(lambda rows: self._loaded(day, rows)).failure(
            lambda exc: self.message.setText(error_text(exc))
        ).run_in_background()

    def _loaded(self, day: date, sessions: list[SessionRow]) -> None:
        if day != self.day:
            return  # an older answer, after the user moved on
        self._sessions = sessions
        self._filter(prefer=self.current)

    # --- search -----------------------------------------------------------------------

    def matches(self, session: SessionRow, text: str) -> bool:
        words = text.casefold().split()
        haystack = " ".join(
            (session.show_name, session.hall_name, self._time_text(session))
        ).casefold()
        return all(word in haystack for word in words)

    def _filter(self, prefer: SessionId | None = None) -> None:
        text = self.search.text()
        rows = [s for s in self._sessions if self.matches(s, text)]
        self.table.set_rows(rows)
        shown = self.table.visible_rows()
        if not self._sessions:
            self.message.setText(self.tr("No sessions on this day. PgDn shows the next day."))
        elif not shown:
            self.message.setText(self.tr("No session matches “{text}”.").format(text=text.strip()))
        else:
            self.message.setText(
                self.tr("{shown} of {count} sessions").format(
                    shown=len(shown), count=len(self._sessions)
                )
            )
        if not shown:
            return
        wanted = None
        if prefer is not None:
            wanted = next((s for s in shown if s.id == prefer), None)
        if wanted is None and not text.strip():
            first = first_to_sell(self.ctx, shown)
            wanted = first if first is not None and first.status == "on_sale" else None
        self.table.view.setCurrentIndex(self.table.proxy.index(0, 0))
        if wanted is not None:
            self.table.select_where(lambda s: s.id == wanted.id)

    def _move(self, step: int) -> None:
        view = self.table.view
        count = self.table.proxy.rowCount()
        if not count:
            return
        row = view.currentIndex().row() if view.currentIndex().isValid() else -1
        row = max(0, min(count - 1, row + step))
        view.setCurrentIndex(self.table.proxy.index(row, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key == Qt.Key.Key_Down:
                self._move(1)
                return True
            if key == Qt.Key.Key_Up:
                self._move(-1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.choose()
                return True
        return super().eventFilter(watched, event)

    # --- choosing ---------------------------------------------------------------------

    def choose(self) -> None:
        """Enter: pick the selected session."""
        session = self.table.selected()
        if session is None:
            self.message.setText(self.tr("Choose a session from the list first."))
            return
        self.chosen = session
        self.accept()
