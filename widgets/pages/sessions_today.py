"""今日排场: the day's sessions with their price zones, read-only, a day at a time."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel

from boxoffice.money import format_fen
from boxoffice.services import catalogue
from boxoffice.services.catalogue import SessionRow

from ..context import AppContext
from ..seat_map_window import SessionSeatMap
from ..tables import Column, RowTable
from .base import Page


def session_time_text(ctx: AppContext, s: SessionRow) -> str:
    starts, ends = ctx.local(s.starts_at), ctx.local(s.ends_at)
    return f"{starts:%H:%M}–{ends:%H:%M}"


def prices_text(s: SessionRow) -> str:
    return " · ".join(f"{z.name} {format_fen(z.price_fen)}" for z in s.zones) or "—"


def day_heading(ctx: AppContext, day: date) -> str:
    """ "Today, 2026年11月22日" and the like: the day a list of sessions shows."""
    qdate = QDate(day.year, day.month, day.day)
    long_date = QLocale().toString(qdate, QLocale.FormatType.LongFormat)
    offset = (day - ctx.today()).days
    if offset == 0:
        return QCoreApplication.translate("SessionsTodayPage", "Today, {date}").format(
            date=long_date
        )
    if offset == 1:
        return QCoreApplication.translate("SessionsTodayPage", "Tomorrow, {date}").format(
            date=long_date
        )
    if offset == -1:
        return QCoreApplication.translate("SessionsTodayPage", "Yesterday, {date}").format(
            date=long_date
        )
    return long_date


def set_date_quietly(edit: QDateEdit, day: date) -> None:
    """Show ``day`` in a date edit without announcing it as the user's choice."""
    edit.blockSignals(True)
    edit.setDate(QDate(day.year, day.month, day.day))
    edit.blockSignals(False)


class SessionsTodayPage(Page):
    """What is on: a cashier looks at today, or ahead with Alt+Right."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Today's sessions"))
        self.day: date = ctx.today()
        self.previous_button = self.add_action_button(
            self.tr("Previous day"), "Alt+Left", lambda: self.show_day(self.day - timedelta(days=1))
        )
        self.today_button = self.add_action_button(
            self.tr("Today"), "Alt+Home", lambda: self.show_day(self.ctx.today())
        )
        self.next_button = self.add_action_button(
            self.tr("Next day"), "Alt+Right", lambda: self.show_day(self.day + timedelta(days=1))
        )
        self.map_button = self.add_action_button(
            self.tr("Seat map"), "Ctrl+M", self.open_seat_map, primary=True
        )
        self.seat_maps: list[SessionSeatMap] = []

        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("sessionsDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMinimumWidth(140)
        self._set_edit(self.day)
        self.date_edit.dateChanged.connect(lambda d: self.show_day(d.toPython()))
        date_label = self.buddy_label(self.tr("&Date"), self.date_edit)
        self.day_label = QLabel(self)
        self.day_label.setObjectName("dayTitle")
        self.day_label.setStyleSheet("font-size: 13pt; font-weight: 600; color: #1f2a37;")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("sessionsCount")
        self.count_label.setStyleSheet("color: #4b5563;")
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(date_label)
        row.addWidget(self.date_edit)
        row.addSpacing(16)
        row.addWidget(self.day_label)
        row.addStretch(1)
        row.addWidget(self.count_label)
        self.body.addLayout(row)

        self.table: RowTable[SessionRow] = RowTable(
            [
                Column(self.tr("Time"), self._time_text, lambda s: s.starts_at.timestamp()),
                Column(self.tr("Show"), lambda s: s.show_name),
                Column(self.tr("Category"), lambda s: s.category_name),
                Column(self.tr("Hall"), lambda s: s.hall_name),
                Column(self.tr("Status"), lambda s: self._status_text(s.status)),
                Column(self.tr("Prices"), prices_text),
            ],
            self,
        )
        self.table.view.setWordWrap(False)
        self.table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # by starting time
        self.table.activated.connect(lambda _row: self.open_seat_map())
        self.body.addWidget(self.table, 1)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("emptyDay")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #6b7280; font-size: 12pt; padding: 24px;")
        self.empty_label.hide()
        self.body.addWidget(self.empty_label, 1)
        self._show_heading()

    # --- texts -------------------------------------------------------------------------------

    def _time_text(self, s: SessionRow) -> str:
        return session_time_text(self.ctx, s)

    def _status_text(self, status: str) -> str:
        labels = {
            "on_sale": self.tr("On sale"),
            "stopped": self.tr("Sales stopped"),
            "ended": self.tr("Ended"),
        }
        return labels.get(status, status)

    def _show_heading(self) -> None:
        self.day_label.setText(day_heading(self.ctx, self.day))

    def _set_edit(self, day: date) -> None:
        set_date_quietly(self.date_edit, day)

    def open_seat_map(self) -> None:
        """The selected session's seats, live, in a window of their own (Enter or Ctrl+M)."""
        session = self.table.selected()
        if session is None:
            return
        for window in self.seat_maps:
            if window.session.id == session.id:
                window.raise_()
                window.activateWindow()
                return
        window = SessionSeatMap(self.ctx, session, self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda _obj=None, w=window: self._forget(w))
        self.seat_maps.append(window)
        window.show()

    def _forget(self, window: SessionSeatMap) -> None:
        if window in self.seat_maps:
            self.seat_maps.remove(window)

    # --- loading -----------------------------------------------------------------------------

    def show_day(self, day: date) -> None:
        self.day = day
        self._set_edit(day)
        self._show_heading()
        self.refresh()

    def refresh(self) -> None:
        day = self.day
        start = self.ctx.day_start(day)
        call = self.ctx.call
        self.count_label.setText(self.tr("Loading…"))
        self.run(
            lambda: call(
                catalogue.list_sessions, starts_from=start, starts_before=start + timedelta(days=1)
            ),
            lambda rows: self._show(day, rows),
        )

    def _show(self, day: date, sessions: list[SessionRow]) -> None:
        if day != self.day:
            return  # an older request answered after the user moved on
        self.table.set_rows(sessions)
        self.count_label.setText(self.tr("{count} sessions").format(count=len(sessions)))
        self.empty_label.setText(self.tr("No sessions on this day."))
        self.empty_label.setVisible(not sessions)
        self.table.setVisible(bool(sessions))
        if sessions and self.table.selected() is None:
            self.table.view.selectRow(0)
