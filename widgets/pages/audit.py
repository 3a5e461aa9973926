"""操作日志: who did what, where and when; export, verify the hash chain, purge."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QDateTime,
    QEvent,
    QObject,
    QStandardPaths,
    Qt,
    QTime,
)
from PySide6.QtGui import QFontDatabase, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from boxoffice.permissions import Perm
from boxoffice.services import audit
from boxoffice.services.audit import MAX_LISTED, AuditQuery, AuditRow
from boxoffice.services.audit_chain import ChainReport

from ..context import AppContext
from ..dialogs import FormDialog
from ..ops import Op, ask
from ..tables import Column, RowTable
from .base import Page

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DETAIL_COLUMN = 6
DEFAULT_PURGE_AGE = timedelta(days=180)
MIN_PURGE_AGE_DAYS = 30  # boxoffice.services.audit.PURGE_MIN_AGE; the service checks anyway

# People read these; the codes stay visible beside them for whoever greps the export.
ACTION_LABELS: dict[str, str] = {
    "access.denied": QT_TRANSLATE_NOOP("audit", "Refused: no permission"),
    "audit.export": QT_TRANSLATE_NOOP("audit", "Audit log exported"),
    "audit.purge": QT_TRANSLATE_NOOP("audit", "Old audit entries deleted"),
    "auth.login": QT_TRANSLATE_NOOP("audit", "Logged in"),
    "auth.login_failed": QT_TRANSLATE_NOOP("audit", "Failed login"),
    "auth.login_locked": QT_TRANSLATE_NOOP("audit", "Login while locked"),
    "auth.logout": QT_TRANSLATE_NOOP("audit", "Logged out"),
    "auth.password_changed": QT_TRANSLATE_NOOP("audit", "Password changed"),
    "cart.clear": QT_TRANSLATE_NOOP("audit", "Till cart cleared without a sale"),
    "cart.hold": QT_TRANSLATE_NOOP("audit", "Till cart put aside"),
    "cart.recall": QT_TRANSLATE_NOOP("audit", "Till cart recalled"),
    "goods.collect": QT_TRANSLATE_NOOP("audit", "Payment collected for a merchant"),
    "goods.delivery": QT_TRANSLATE_NOOP("audit", "Delivery details changed"),
    "goods.queued": QT_TRANSLATE_NOOP("audit", "Till sale queued to send"),
    "goods.refund": QT_TRANSLATE_NOOP("audit", "Goods refunded"),
    "goods.sell": QT_TRANSLATE_NOOP("audit", "Goods sold"),
    "merchant.create": QT_TRANSLATE_NOOP("audit", "Merchant created"),
    "merchant.update": QT_TRANSLATE_NOOP("audit", "Merchant changed"),
    "product.create": QT_TRANSLATE_NOOP("audit", "Product created"),
    "product.delete": QT_TRANSLATE_NOOP("audit", "Product deleted"),
    "product.disable": QT_TRANSLATE_NOOP("audit", "Product disabled"),
    "product.enable": QT_TRANSLATE_NOOP("audit", "Product enabled"),
    "product.import": QT_TRANSLATE_NOOP("audit", "Products imported from Excel"),
    "product.update": QT_TRANSLATE_NOOP("audit", "Product changed"),
    "product_category.create": QT_TRANSLATE_NOOP("audit", "Product category created"),
    "product_category.delete": QT_TRANSLATE_NOOP("audit", "Product category deleted"),
    "product_category.update": QT_TRANSLATE_NOOP("audit", "Product category changed"),
    "settlement.paid": QT_TRANSLATE_NOOP("audit", "Settlement confirmed paid"),
    "settlement.produce": QT_TRANSLATE_NOOP("audit", "Merchant settlements made"),
    "settlement.refresh": QT_TRANSLATE_NOOP("audit", "Merchant settlements refreshed"),
    "category.create": QT_TRANSLATE_NOOP("audit", "Category created"),
    "category.delete": QT_TRANSLATE_NOOP("audit", "Category deleted"),
    "category.update": QT_TRANSLATE_NOOP("audit", "Category changed"),
    "hall.create": QT_TRANSLATE_NOOP("audit", "Hall created"),
    "hall.delete": QT_TRANSLATE_NOOP("audit", "Hall deleted"),
    "hall.update": QT_TRANSLATE_NOOP("audit", "Hall changed"),
    "hall_layout.save": QT_TRANSLATE_NOOP("audit", "Seat layout saved"),
    "hall_layout.unchanged": QT_TRANSLATE_NOOP("audit", "Seat layout saved unchanged"),
    "quota.lease": QT_TRANSLATE_NOOP("audit", "Places leased to a window"),
    "role.create": QT_TRANSLATE_NOOP("audit", "Role created"),
    "role.delete": QT_TRANSLATE_NOOP("audit", "Role deleted"),
    "role.update": QT_TRANSLATE_NOOP("audit", "Role changed"),
    "sale.parked": QT_TRANSLATE_NOOP("audit", "Queued sale refused (needs attention)"),
    "sale.queued": QT_TRANSLATE_NOOP("audit", "Sale queued to send"),
    "sale.requeued": QT_TRANSLATE_NOOP("audit", "Refused sale sent again"),
    "sale.sent": QT_TRANSLATE_NOOP("audit", "Queued sale sent"),
    "seat.hold": QT_TRANSLATE_NOOP("audit", "Seats held"),
    "seat.hold_best": QT_TRANSLATE_NOOP("audit", "Best seats held"),
    "seat.hold_extend": QT_TRANSLATE_NOOP("audit", "Hold extended"),
    "seat.lease": QT_TRANSLATE_NOOP("audit", "Seats leased to a window"),
    "seat.lease_return": QT_TRANSLATE_NOOP("audit", "Leased seats returned"),
    "seat.lease_standing": QT_TRANSLATE_NOOP("audit", "Standing lease set"),
    "seat.release": QT_TRANSLATE_NOOP("audit", "Hold released"),
    "session.create": QT_TRANSLATE_NOOP("audit", "Session created"),
    "session.layout": QT_TRANSLATE_NOOP("audit", "Session moved to a seat layout"),
    "session.prices": QT_TRANSLATE_NOOP("audit", "Session prices set"),
    "session.status": QT_TRANSLATE_NOOP("audit", "Session status changed"),
    "session.update": QT_TRANSLATE_NOOP("audit", "Session changed"),
    "settings.language": QT_TRANSLATE_NOOP("audit", "Language switched"),
    "settings.update": QT_TRANSLATE_NOOP("audit", "Settings changed"),
    "show.create": QT_TRANSLATE_NOOP("audit", "Show created"),
    "show.delete": QT_TRANSLATE_NOOP("audit", "Show deleted"),
    "show.update": QT_TRANSLATE_NOOP("audit", "Show changed"),
    "sync.override": QT_TRANSLATE_NOOP("audit", "Supervisor confirmed unsent sales"),
    "stock.adjust": QT_TRANSLATE_NOOP("audit", "Stock corrected"),
    "stock.receive": QT_TRANSLATE_NOOP("audit", "Stock received"),
    "system.demo_seed": QT_TRANSLATE_NOOP("audit", "Demo venue created"),
    "system.initialize": QT_TRANSLATE_NOOP("audit", "Store initialised"),
    "terminal.code": QT_TRANSLATE_NOOP("audit", "Registration code made"),
    "terminal.create": QT_TRANSLATE_NOOP("audit", "Terminal added"),
    "terminal.register": QT_TRANSLATE_NOOP("audit", "Terminal registered"),
    "terminal.unregister": QT_TRANSLATE_NOOP("audit", "Terminal disconnected"),
    "ticket.sell": QT_TRANSLATE_NOOP("audit", "Tickets sold"),
    "ticket.sell_batch": QT_TRANSLATE_NOOP("audit", "Queued sales received"),
    "ticket_type.create": QT_TRANSLATE_NOOP("audit", "Ticket type created"),
    "ticket_type.update": QT_TRANSLATE_NOOP("audit", "Ticket type changed"),
    "user.create": QT_TRANSLATE_NOOP("audit", "Staff account created"),
    "user.delete": QT_TRANSLATE_NOOP("audit", "Staff account deleted"),
    "user.disable": QT_TRANSLATE_NOOP("audit", "Staff account disabled"),
    "user.enable": QT_TRANSLATE_NOOP("audit", "Staff account enabled"),
    "user.reset_password": QT_TRANSLATE_NOOP("audit", "Password reset"),
    "user.update": QT_TRANSLATE_NOOP("audit", "Staff account changed"),
    "venue.create": QT_TRANSLATE_NOOP("audit", "Venue created"),
}

CHAIN_REASONS: dict[str, str] = {
    "previous-hash mismatch": QT_TRANSLATE_NOOP(
        "audit", "its link to the entry before it does not match (an entry was removed or changed)"
    ),
    "content does not match its hash": QT_TRANSLATE_NOOP(
        "audit", "its content was changed after it was written"
    ),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return QCoreApplication.translate("audit", label) if label else action


def _short(text: str, limit: int = 90) -> str:
    """The detail JSON on one line, cut to fit a table cell."""
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if isinstance(value, dict):
        text = ", ".join(
            f"{k}: {v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)}"
            for k, v in value.items()
        )
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class PurgeDialog(FormDialog):
    """Pick the date before which audit entries are deleted; the page asks once
    more, then deletes."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Delete old audit entries"), parent, ok_text=self.tr("Delete… (Enter)")
        )
        self.add_intro(
            self.tr(
                "Entries from before the chosen day are deleted for good. Only entries "
                "older than {days} days can be deleted; the deletion itself is logged, "
                "and what remains still verifies."
            ).format(days=MIN_PURGE_AGE_DAYS)
        )
        self.before = QDateEdit(self)
        self.before.setObjectName("purgeBefore")
        self.before.setCalendarPopup(True)
        self.before.setDisplayFormat("yyyy-MM-dd")
        latest = today - timedelta(days=MIN_PURGE_AGE_DAYS)
        self.before.setMaximumDate(QDate(latest.year, latest.month, latest.day))
        default = today - DEFAULT_PURGE_AGE
        self.before.setDate(QDate(default.year, default.month, default.day))
        self.form.addRow(self.tr("Delete entries &before"), self.before)
        self.before.setFocus()

    def submit(self) -> None:
        self.accept()  # nothing is saved here

    def chosen(self) -> date:
        return self.before.date().toPython()


class AuditPage(Page):
    """Supervisors and administrators read the log; administrators may purge it."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Audit log"))
        self.export_button = self.add_action_button(self.tr("Export"), "Ctrl+E", self.export)
        self.verify_button = self.add_action_button(
            self.tr("Verify chain"), "Ctrl+Shift+V", self.verify
        )
        self.purge_button = self.add_action_button(
            self.tr("Delete old entries"), "Ctrl+Shift+Del", self.purge
        )
        self.purge_button.setEnabled(ctx.may(Perm.AUDIT_PURGE))
        if not ctx.may(Perm.AUDIT_PURGE):
            self.purge_button.setToolTip(self.tr("Only administrators may delete audit entries."))
        self.purge_dialog: PurgeDialog | None = None
        self._known_logins: set[str] = set()

        # --- filters ---------------------------------------------------------------
        self.from_edit = self._datetime_edit("auditFrom")
        self.to_edit = self._datetime_edit("auditTo")
        self._set_default_range()
        self.user_filter = QComboBox(self)
        self.user_filter.setObjectName("auditUser")
        self.user_filter.setEditable(True)
        self.user_filter.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.user_filter.lineEdit().setPlaceholderText(self.tr("Everyone"))
        self.user_filter.setMinimumContentsLength(12)
        self.action_filter = QComboBox(self)
        self.action_filter.setObjectName("auditAction")
        self.action_filter.addItem(self.tr("All actions"), "")
        self.action_filter.setMinimumContentsLength(22)
        self.text_filter = QLineEdit(self)
        self.text_filter.setObjectName("auditText")
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.setPlaceholderText(self.tr("In details, targets and actions (Ctrl+F)"))
        self.search_button = QPushButton(self.tr("Search (Ctrl+Enter)"), self)
        self.search_button.setObjectName("primary")
        self.search_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.search_button.clicked.connect(self.search)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.search)

        filters = QGridLayout()
        filters.setHorizontalSpacing(8)
        filters.setVerticalSpacing(8)
        filters.addWidget(self.buddy_label(self.tr("&From"), self.from_edit), 0, 0)
        filters.addWidget(self.from_edit, 0, 1)
        filters.addWidget(self.buddy_label(self.tr("T&o"), self.to_edit), 0, 2)
        filters.addWidget(self.to_edit, 0, 3)
        filters.addWidget(self.buddy_label(self.tr("&User"), self.user_filter), 0, 4)
        filters.addWidget(self.user_filter, 0, 5, 1, 2)
        filters.addWidget(self.buddy_label(self.tr("Act&ion"), self.action_filter), 1, 0)
        filters.addWidget(self.action_filter, 1, 1)
        filters.addWidget(self.buddy_label(self.tr("&Text"), self.text_filter), 1, 2)
        filters.addWidget(self.text_filter, 1, 3, 1, 3)
        filters.addWidget(self.search_button, 1, 6)
        filters.setColumnStretch(1, 1)
        filters.setColumnStretch(3, 1)
        filters.setColumnStretch(5, 1)
        self.body.addLayout(filters)
        for field in (self.from_edit, self.to_edit, self.user_filter, self.action_filter):
            field.installEventFilter(self)
        self.user_filter.lineEdit().installEventFilter(self)
        self.text_filter.returnPressed.connect(self.search)

        # --- the chain's verdict -------------------------------------------------------
        self.chain_label = QLabel(self)
        self.chain_label.setObjectName("chainStatus")
        self.chain_label.setWordWrap(True)
        self.chain_label.setTextFormat(Qt.TextFormat.PlainText)
        self.chain_label.hide()
        self.body.addWidget(self.chain_label)

        # --- entries and the selected one's detail -----------------------------------
        self.table: RowTable[AuditRow] = RowTable(
            [
                Column(self.tr("No."), lambda r: str(r.seq), lambda r: r.seq, align_right=True),
                Column(
                    self.tr("Time"),
                    lambda r: self.ctx.format_time(r.at, seconds=True),
                    lambda r: r.seq,
                ),
                Column(self.tr("User"), lambda r: r.user_login or "—"),
                Column(self.tr("Terminal"), lambda r: r.terminal_name or "—"),
                Column(self.tr("Action"), lambda r: action_label(r.action)),
                Column(self.tr("Target"), self._target_text),
                Column(self.tr("Detail"), lambda r: _short(r.detail)),
            ],
            self,
        )
        # The text filter above searches the whole log; the table's own box would
        # only search what is listed, so it gives way (and so does its Ctrl+F).
        self.table.search.hide()
        for shortcut in self.table.findChildren(QShortcut):
            shortcut.setEnabled(False)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_text)
        self.table.view.setWordWrap(False)
        self.table.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
        self.table.selection_changed.connect(self._show_detail)
        self.detail = QPlainTextEdit(self)
        self.detail.setObjectName("auditDetail")
        self.detail.setReadOnly(True)
        self.detail.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.detail.setPlaceholderText(self.tr("Select an entry to see everything it recorded."))
        detail_box = QWidget(self)
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.buddy_label(self.tr("&Detail"), self.detail))
        detail_layout.addWidget(self.detail)
        # Below the table, so the table has the full width for its columns.
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(detail_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 180])
        splitter.setChildrenCollapsible(False)
        self.body.addWidget(splitter, 1)

        # --- what happened ---------------------------------------------------------------
        self.count_label = QLabel(self)
        self.count_label.setObjectName("auditCount")
        self.cap_label = QLabel(
            self.tr(
                "Showing the newest {count} matches; narrow the filters or export to see all."
            ).format(count=MAX_LISTED),
            self,
        )
        self.cap_label.setObjectName("auditCapped")
        self.cap_label.setStyleSheet("color: #b45309; font-weight: 600;")
        self.cap_label.hide()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("auditStatus")
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.cap_label)
        bottom.addStretch(1)
        bottom.addWidget(self.status_label)
        self.body.addLayout(bottom)

    # --- building ------------------------------------------------------------------------

    def _datetime_edit(self, name: str) -> QDateTimeEdit:
        edit = QDateTimeEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        return edit

    def _set_default_range(self) -> None:
        """The last seven days, today included, in the venue's timezone."""
        today = self.ctx.today()
        first = today - timedelta(days=6)
        self._default_from = QDateTime(QDate(first.year, first.month, first.day), QTime(0, 0))
        self._default_to = QDateTime(QDate(today.year, today.month, today.day), QTime(23, 59))
        self.from_edit.setDateTime(self._default_from)
        self.to_edit.setDateTime(self._default_to)

    def _target_text(self, row: AuditRow, *, full: bool = False) -> str:
        if not row.target_type and not row.target_id:
            return "—"
        target_id = row.target_id
        if not full and _UUID.match(target_id):
            target_id = "…" + target_id[-8:]  # the full id is in the detail pane
        return f"{row.target_type} {target_id}".strip()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in any filter searches."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.search()
            return True
        return super().eventFilter(watched, event)

    def _focus_text(self) -> None:
        self.text_filter.setFocus()
        self.text_filter.selectAll()

    # --- searching ----------------------------------------------------------------------

    def query(self) -> AuditQuery:
        """The filters as a service query; times are read in the venue's timezone."""
        zone = self.ctx.zone
        starts = datetime.combine(
            self.from_edit.date().toPython(), self.from_edit.time().toPython(), zone
        )
        # "To 18:30" includes the whole minute 18:30.
        ends = datetime.combine(
            self.to_edit.date().toPython(), self.to_edit.time().toPython(), zone
        ) + timedelta(minutes=1)
        return AuditQuery(
            starts=starts,
            ends=ends,
            user_login=self.user_filter.currentText().strip(),
            action=str(self.action_filter.currentData() or ""),
            text=self.text_filter.text().strip(),
        )

    def refresh(self) -> None:
        # A page left open overnight moves its untouched default range along.
        if (
            self.from_edit.dateTime() == self._default_from
            and self.to_edit.dateTime() == self._default_to
        ):
            self._set_default_range()
        call = self.ctx.call
        self.run(lambda: call(audit.list_audit_actions), self._fill_actions)
        self.search()

    def search(self) -> None:
        query = self.query()
        if query.starts is not None and query.ends is not None and query.starts >= query.ends:
            self.status_label.setText(self.tr("“From” must be before “To”."))
            return
        call = self.ctx.call
        self.count_label.setText(self.tr("Searching…"))
        Op(self, lambda: call(audit.list_audit, query)).success(
            lambda rows: self._show_rows(query, rows)
        ).failure(lambda _e: self.count_label.clear(), report=True).run_in_background()

    def _show_rows(self, query: AuditQuery, rows: list[AuditRow]) -> None:
        capped = len(rows) >= MAX_LISTED
        self.table.set_rows(rows)
        # The detail column takes what is left; the pane beside it shows it whole.
        header = self.table.view.horizontalHeader()
        others = sum(header.sectionSize(i) for i in range(DETAIL_COLUMN))
        room = self.table.view.viewport().width() - others
        header.resizeSection(DETAIL_COLUMN, max(160, min(header.sectionSize(DETAIL_COLUMN), room)))
        self.cap_label.setVisible(capped)
        self.count_label.setText(self.tr("{count} entries").format(count=len(rows)))
        new_logins = {r.user_login for r in rows if r.user_login} - self._known_logins
        if new_logins:
            self._known_logins |= new_logins
            typed = self.user_filter.currentText()
            self.user_filter.clear()
            self.user_filter.addItem("")
            self.user_filter.addItems(sorted(self._known_logins))
            self.user_filter.setCurrentText(typed)
        if self.table.selected() is None and rows:
            self.table.view.selectRow(0)
        self._show_detail(self.table.selected())

    def _fill_actions(self, actions: list[str]) -> None:
        chosen = self.action_filter.currentData()
        self.action_filter.clear()
        self.action_filter.addItem(self.tr("All actions"), "")
        for action in actions:
            label = action_label(action)
            self.action_filter.addItem(action if label == action else f"{label} ({action})", action)
        self.action_filter.setCurrentIndex(max(0, self.action_filter.findData(chosen)))

    def _show_detail(self, row: AuditRow | None) -> None:
        if row is None:
            self.detail.clear()
            return
        head = [
            self.tr("Entry #{seq}").format(seq=row.seq),
            self.tr("Time: {time}").format(time=self.ctx.format_time(row.at, seconds=True)),
            self.tr("User: {login}").format(login=row.user_login or "—"),
            self.tr("Terminal: {name}").format(name=row.terminal_name or "—"),
            self.tr("Action: {label} ({code})").format(
                label=action_label(row.action), code=row.action
            ),
            self.tr("Target: {target}").format(target=self._target_text(row, full=True)),
        ]
        summary = "   ".join(head[:4]) + "\n" + "   ".join(head[4:])
        recorded = audit.detail_text(row)
        if recorded.strip() in ("", "{}"):
            recorded = self.tr("(nothing more was recorded)")
        self.detail.setPlainText(summary + "\n\n" + recorded)

    # --- export -----------------------------------------------------------------------------

    def export(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(
            Path(folder)
            / self.tr("audit-log-{date}.xlsx").format(date=self.ctx.today().isoformat())
        )
        excel, csv = self.tr("Excel (*.xlsx)"), self.tr("CSV (*.csv)")
        path, chosen_filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the audit log"), suggested, f"{excel};;{csv}"
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".xlsx", ".csv"):
            target = target.with_name(target.name + (".csv" if chosen_filter == csv else ".xlsx"))
        self.export_to(target)

    def export_to(self, path: Path) -> None:
        """Write every entry matching the filters (not only the listed ones) to ``path``."""
        query = self.query()
        call, zone = self.ctx.call, self.ctx.settings.venue_timezone
        self.status_label.setText(self.tr("Exporting…"))

        def export() -> int:
            # The rows come from whichever store keeps the log; the file is written here.
            audit.export_suffix(path.name)
            return audit.write_export(call(audit.export_audit_rows, query, zone, path.name), path)

        def done(count: int) -> None:
            self.status_label.setText(
                self.tr("Exported {count} entries to {path}").format(count=count, path=str(path))
            )
            self.search()  # the export is itself logged

        Op(self, export).disabling(self.export_button).success(done).failure(
            lambda _e: self.status_label.clear(), report=True
        ).run_in_background()

    # --- verifying the chain ---------------------------------------------------------------------

    def verify(self) -> None:
        call = self.ctx.call
        self.chain_label.setText(self.tr("Checking every entry of the chain…"))
        self.chain_label.setStyleSheet(
            "padding: 8px 12px; border-radius: 6px; background: #eef0f3;"
        )
        self.chain_label.show()
        Op(self, lambda: call(audit.verify_audit_chain)).disabling(self.verify_button).success(
            self._show_chain
        ).failure(lambda _e: self.chain_label.hide(), report=True).run_in_background()

    def _show_chain(self, report: ChainReport) -> None:
        if report.ok:
            self.chain_label.setText(
                self.tr("Chain intact: {count} entries checked").format(count=report.checked)
            )
            self.chain_label.setStyleSheet(
                "padding: 8px 12px; border-radius: 6px; font-weight: 600;"
                "color: #166534; background: #dcfce7; border: 1px solid #86efac;"
            )
            return
        reason = CHAIN_REASONS.get(report.reason)
        self.chain_label.setText(
            self.tr(
                "Chain broken at entry #{seq}: {reason}. The log has been altered outside "
                "BoxOffice; keep this store as evidence and tell the venue manager."
            ).format(
                seq=report.broken_seq,
                reason=QCoreApplication.translate("audit", reason) if reason else report.reason,
            )
        )
        self.chain_label.setStyleSheet(
            "padding: 10px 12px; border-radius: 6px; font-weight: 700; font-size: 12pt;"
            "color: #ffffff; background: #b91c1c; border: 1px solid #7f1d1d;"
        )
        self.table.select_where(lambda r: r.seq == report.broken_seq)

    # --- purging ------------------------------------------------------------------------------------

    def purge(self) -> None:
        if not self.ctx.may(Perm.AUDIT_PURGE):
            return
        dialog = PurgeDialog(self.ctx.today(), self)
        dialog.accepted.connect(lambda: self._confirm_purge(dialog.chosen()))
        self.open_dialog(dialog, "purge_dialog")

    def _confirm_purge(self, before: date) -> None:
        ask(
            self,
            self.tr("Delete old audit entries"),
            self.tr(
                "Delete every audit entry from before {date}? This cannot be undone; "
                "export the log first if it must be kept."
            ).format(date=before.isoformat()),
            lambda: self.purge_before(before),
        )

    def purge_before(self, before: date) -> None:
        """Delete the entries from before the start of ``before`` (venue time)."""
        cutoff = self.ctx.day_start(before)
        call = self.ctx.call

        def done(count: int) -> None:
            self.status_label.setText(
                self.tr("Deleted {count} entries from before {date}.").format(
                    count=count, date=before.isoformat()
                )
            )
            self.refresh()

        self.run(lambda: call(audit.purge_audit, cutoff), done)
