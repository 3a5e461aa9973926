"""演出排场: the sessions of the coming days, scheduling them, opening and stopping sales.

Times are shown and typed in the venue's timezone (Settings), whatever the
computer's own clock is set to; the services get aware datetimes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QDateTime, QTime, QTimeZone
from PySide6.QtGui import QKeySequence, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from boxoffice.ids import HallId, ShowId
from boxoffice.money import format_fen
from boxoffice.permissions import ALL_PERMISSIONS, Perm
from boxoffice.services import catalogue
from boxoffice.services.catalogue import HallRow, SessionRow, ShowRow, ZoneRow

from ..context import AppContext
from ..dialogs import FormDialog, hint_label, wide
from ..tables import Column, RowTable
from .base import Page

STATUS_CONTEXT = "SessionsPage"
STATUS_LABELS = {
    "on_sale": QT_TRANSLATE_NOOP("SessionsPage", "On sale"),
    "stopped": QT_TRANSLATE_NOOP("SessionsPage", "Stopped"),
    "ended": QT_TRANSLATE_NOOP("SessionsPage", "Ended"),
}
DEFAULT_DAYS = 14
MANAGE_LABEL = next(p.label for p in ALL_PERMISSIONS if p.perm is Perm.SHOWS_MANAGE)


def status_text(status: str) -> str:
    """开售 / 停售 / 已结束 in the user's language."""
    label = STATUS_LABELS.get(status)
    return QCoreApplication.translate(STATUS_CONTEXT, label) if label else status


def short_price(fen: int) -> str:
    """``¥680`` for whole yuan, ``¥99.50`` otherwise (always via format_fen)."""
    text = format_fen(fen)
    return text.removesuffix(".00")


def price_summary(zones: Sequence[ZoneRow]) -> str:
    """``¥180–¥680``; one price alone; "No prices" when the session has no zones."""
    if not zones:
        return QCoreApplication.translate(STATUS_CONTEXT, "No prices")
    low, high = min(z.price_fen for z in zones), max(z.price_fen for z in zones)
    return short_price(low) if low == high else f"{short_price(low)}–{short_price(high)}"


def starts_column(ctx: AppContext) -> Column[SessionRow]:
    """A sessions table's first column: when it starts, in venue time."""
    return Column(
        QCoreApplication.translate("SessionsPage", "Date and time"),
        lambda r: ctx.format_time(r.starts_at),
        lambda r: r.starts_at,
    )


def prices_column() -> Column[SessionRow]:
    """A session's price range (see :func:`price_summary`), sorted by its lowest price."""
    return Column(
        QCoreApplication.translate("SessionsPage", "Prices"),
        lambda r: price_summary(r.zones),
        lambda r: min((z.price_fen for z in r.zones), default=-1),
    )


def wall_clock(value: datetime) -> QDateTime:
    """A venue-local time as a QDateTime whose fields read the same (kept in UTC
    so the computer's own timezone and its DST rules never shift it)."""
    return QDateTime(
        QDate(value.year, value.month, value.day),
        QTime(value.hour, value.minute),
        QTimeZone.utc(),
    )


def from_wall_clock(value: QDateTime, ctx: AppContext) -> datetime:
    """The aware datetime for the wall-clock fields of ``value`` in the venue's timezone."""
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=ctx.zone)


class SessionDialog(FormDialog):
    """New session (排场), or edit one: which show, which hall, when, and its status."""

    def __init__(
        self,
        ctx: AppContext,
        row: SessionRow | None,
        shows: list[ShowRow],
        halls: list[HallRow],
        parent: QWidget,
        *,
        default_start: datetime,
    ) -> None:
        super().__init__(self.tr("New session") if row is None else self.tr("Edit session"), parent)
        self.ctx = ctx
        self.row = row
        self.durations: dict[str, int] = {}
        self.show_box = wide(QComboBox(self))
        for show in shows:
            if show.enabled or (row is not None and show.id == row.show_id):
                self.show_box.addItem(f"{show.name}  ·  {show.category_name}", show.id)
                self.durations[show.id] = show.duration_minutes
        self.hall = wide(QComboBox(self))
        venues = {h.venue_id for h in halls}
        for hall in halls:
            text = hall.name if len(venues) == 1 else f"{hall.name}  ·  {hall.venue_name}"
            self.hall.addItem(text, hall.id)
        self.starts = QDateTimeEdit(self)
        self.starts.setTimeZone(QTimeZone.utc())
        self.starts.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.starts.setCalendarPopup(True)
        self.starts.setMinimumWidth(200)
        self.starts.setDateTime(wall_clock(ctx.local(row.starts_at) if row else default_start))
        self.ends = QLabel(self)
        self.ends.setStyleSheet("color: #4b5563;")
        self.status = wide(QComboBox(self))
        for status in ("on_sale", "stopped", "ended"):
            self.status.addItem(status_text(status), status)
        if row is not None:
            self.show_box.setCurrentIndex(max(0, self.show_box.findData(row.show_id)))
            self.hall.setCurrentIndex(max(0, self.hall.findData(row.hall_id)))
            self.status.setCurrentIndex(max(0, self.status.findData(row.status)))
            if not row.zones:  # nothing to sell yet; the prices page comes first
                self._disable_status("on_sale")
        else:
            self.status.setCurrentIndex(self.status.findData("stopped"))
            self._disable_status("on_sale")
            self._disable_status("ended")
        self.form.addRow(self.tr("&Show"), self.show_box)
        self.form.addRow(self.tr("&Hall"), self.hall)
        self.form.addRow(self.tr("S&tarts (venue time)"), self.starts)
        self.form.addRow("", self.ends)
        self.form.addRow(self.tr("St&atus"), self.status)
        if row is None or not row.zones:
            note = self.tr("Set the prices on the Prices page, then put the session on sale.")
            self.form.addRow("", hint_label(note, self))
        self.show_box.currentIndexChanged.connect(self._update_end)
        self.starts.dateTimeChanged.connect(self._update_end)
        self._update_end()
        self.show_box.setFocus()

    def _disable_status(self, status: str) -> None:
        model = self.status.model()
        assert isinstance(model, QStandardItemModel)
        model.item(self.status.findData(status)).setEnabled(False)

    def starts_at(self) -> datetime:
        return from_wall_clock(self.starts.dateTime(), self.ctx)

    def _update_end(self) -> None:
        minutes = self.durations.get(str(self.show_box.currentData()))
        if minutes is None:
            self.ends.setText("")
            return
        end = self.starts_at() + timedelta(minutes=minutes)
        self.ends.setText(
            self.tr("Ends about {time} ({minutes} min)").format(
                time=self.ctx.format_time(end), minutes=minutes
            )
        )

    def prepare(self) -> Callable[[], object] | None:
        show_id, hall_id = self.show_box.currentData(), self.hall.currentData()
        if show_id is None:
            self.show_message(self.tr("There is no show to schedule. Add one on the Shows page."))
            return None
        if hall_id is None:
            self.show_message(self.tr("There is no hall. Add one on the Shows page (Halls)."))
            return None
        call = self.ctx.call
        row_id = self.row.id if self.row else None
        values = {
            "show_id": ShowId(str(show_id)),
            "hall_id": HallId(str(hall_id)),
            "starts_at": self.starts_at(),
            "status": str(self.status.currentData()),
        }
        return lambda: call(catalogue.save_session, row_id, **values)


class SessionsPage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Sessions"))
        self.dialog: QDialog | None = None
        self.may_manage = ctx.may(Perm.SHOWS_MANAGE)
        self.table: RowTable[SessionRow] = RowTable(
            [
                starts_column(ctx),
                Column(self.tr("Show"), lambda r: r.show_name),
                Column(self.tr("Category"), lambda r: r.category_name),
                Column(self.tr("Hall"), lambda r: r.hall_name),
                Column(self.tr("Status"), lambda r: status_text(r.status)),
                prices_column(),
            ],
            self,
        )
        today = ctx.today()
        self.date_from = self._date_edit(today)
        self.date_to = self._date_edit(today + timedelta(days=DEFAULT_DAYS))
        self.date_from.dateChanged.connect(self._from_changed)
        self.date_to.dateChanged.connect(self._to_changed)
        self.count = QLabel(self)
        self.count.setStyleSheet("color: #4b5563;")
        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.table.search, 1)  # the table's own search box, moved up here
        for text, edit in ((self.tr("&From"), self.date_from), (self.tr("&To"), self.date_to)):
            filters.addSpacing(8)
            filters.addWidget(self.buddy_label(text, edit))
            filters.addWidget(edit)
        self.body.addLayout(filters)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.count)
        self.new_button: QPushButton | None = None
        self.edit_button: QPushButton | None = None
        self.sale_button: QPushButton | None = None
        self.stop_button: QPushButton | None = None
        if self.may_manage:
            self.new_button = self.add_action_button(
                self.tr("New"), QKeySequence.StandardKey.New, self.new_session, primary=True
            )
            self.edit_button = self.add_action_button(self.tr("Edit"), "Ctrl+E", self.edit_session)
            self.sale_button = self.add_action_button(
                self.tr("Put on sale"), "Ctrl+O", lambda: self.set_status("on_sale")
            )
            self.stop_button = self.add_action_button(
                self.tr("Stop sales"), "Ctrl+T", lambda: self.set_status("stopped")
            )
            self.table.activated.connect(lambda _row: self.edit_session())
        self.table.selection_changed.connect(lambda _row: self._update_buttons())
        self._update_buttons()

    def _date_edit(self, value: date) -> QDateEdit:
        edit = QDateEdit(QDate(value.year, value.month, value.day), self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumWidth(130)
        return edit

    # --- filter and loading ----------------------------------------------------------

    def _from_changed(self, value: QDate) -> None:
        if self.date_to.date() < value:
            self.date_to.setDate(value)  # refreshes through _to_changed
        else:
            self.refresh()

    def _to_changed(self, value: QDate) -> None:
        if self.date_from.date() > value:
            self.date_from.setDate(value)
        else:
            self.refresh()

    def refresh(self) -> None:
        call = self.ctx.call
        start = self.ctx.day_start(self.date_from.date().toPython())
        before = self.ctx.day_start(self.date_to.date().addDays(1).toPython())
        self.run(
            lambda: call(catalogue.list_sessions, starts_from=start, starts_before=before),
            self._loaded,
        )

    def _loaded(self, rows: list[SessionRow]) -> None:
        self.table.set_rows(rows)
        on_sale = sum(1 for r in rows if r.status == "on_sale")
        count = self.tr("{n} sessions, {on_sale} on sale").format(n=len(rows), on_sale=on_sale)
        if not self.may_manage:
            count += "  ·  " + self.tr(
                "View only: scheduling and selling need the permission “{permission}”."
            ).format(permission=QCoreApplication.translate("core", MANAGE_LABEL))
        self.count.setText(count)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.table.selected()
        if self.edit_button is not None:
            self.edit_button.setEnabled(row is not None)
        if self.sale_button is not None:
            self.sale_button.setEnabled(row is not None and row.status != "on_sale")
        if self.stop_button is not None:
            self.stop_button.setEnabled(row is not None and row.status == "on_sale")

    # --- actions -----------------------------------------------------------------------

    def new_session(self) -> None:
        tomorrow = self.ctx.today() + timedelta(days=1)
        self._open_dialog(None, datetime.combine(tomorrow, time(19, 30)))

    def edit_session(self) -> None:
        row = self.table.selected()
        if row is not None:
            self._open_dialog(row, self.ctx.local(row.starts_at))

    def _open_dialog(self, row: SessionRow | None, default_start: datetime) -> None:
        call = self.ctx.call

        def opened(lists: tuple[list[ShowRow], list[HallRow]]) -> None:
            shows, halls = lists
            dialog = SessionDialog(self.ctx, row, shows, halls, self, default_start=default_start)
            dialog.saved.connect(self._saved)
            dialog.finished.connect(lambda _r: self.table.view.setFocus())
            self.dialog = dialog
            dialog.open()

        self.run(lambda: (call(catalogue.list_shows), call(catalogue.list_halls)), opened)

    def _saved(self, session_id: object) -> None:
        self.table.select_on_next_load(str(session_id))
        self.refresh()

    def set_status(self, status: str) -> None:
        row = self.table.selected()
        if row is None:
            return
        call = self.ctx.call
        self.table.select_on_next_load(row.id)
        self.run(
            lambda: call(catalogue.set_session_status, row.id, status),
            lambda _none: self.refresh(),
        )
