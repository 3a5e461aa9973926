"""The terminal's link to the central store, as staff see it: the status bar's
sync field, the "needs attention" list, registering with a code, and a
supervisor's confirmation when unsent sales would otherwise be stranded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.errors import BoxOfficeError
from boxoffice.services.base import Actor
from sync import outbox, terminal
from sync.outbox import OutboxRow
from sync.terminal import CentralLink, SyncStatus

from .context import AppContext
from .dialogs import FormDialog, hint_label
from .ops import Op, report_error
from .tables import Column, RowTable


def status_text(ctx: AppContext, status: SyncStatus | None) -> str:
    """One line for the status bar: online or not, what waits, when last in touch."""
    if status is None:
        return QCoreApplication.translate("sync", "Sync: this computer is the store (standalone)")
    if status.online is None:
        state = QCoreApplication.translate("sync", "Connecting…")
    elif status.login_needed:
        state = QCoreApplication.translate("sync", "Online, log in again to send")
    elif status.online:
        state = QCoreApplication.translate("sync", "Online")
    else:
        state = QCoreApplication.translate("sync", "Offline")
    parts = [
        state,
        QCoreApplication.translate("sync", "{count} waiting").format(count=status.queued),
    ]
    if status.parked:
        parts.append(
            QCoreApplication.translate("sync", "{count} need attention").format(count=status.parked)
        )
    last = status.last_sync_at
    parts.append(
        QCoreApplication.translate("sync", "synced {time}").format(
            time=ctx.local(last).strftime("%H:%M") if last is not None else "—"
        )
    )
    return " · ".join(parts)


class SyncIndicator(QPushButton):
    """The status bar's sync field; a click (or Ctrl+Shift+Y) lists what needs attention."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("syncStatus")
        self.setFlat(True)
        # Not the button's own shortcut: setText() (every second) would reset it.
        QShortcut(QKeySequence("Ctrl+Shift+Y"), self, self.show_attention)
        self.clicked.connect(self.show_attention)
        self.dialog: NeedsAttentionDialog | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.update_text)
        self.timer.start(1000)
        self.update_text()

    def status(self) -> SyncStatus | None:
        return self.ctx.sync.status() if self.ctx.sync is not None else None

    def update_text(self) -> None:
        status = self.status()
        self.setText(status_text(self.ctx, status))
        warn = status is not None and (status.online is False or status.parked > 0)
        self.setProperty("warning", warn)
        plain = "border: none; background: transparent; padding: 0 6px; text-align: left;"
        self.setStyleSheet(plain + (" color: #b45309; font-weight: bold;" if warn else ""))

    def show_attention(self) -> None:
        self.dialog = NeedsAttentionDialog(self.ctx, self.window())
        self.dialog.open()


def problem_text(row: OutboxRow) -> str:
    """What went wrong with a parked operation, in the user's language."""
    error = row.error or {}
    message = str(error.get("message") or "")
    params = error.get("params") or {}
    if not message:
        return QCoreApplication.translate("sync", "Refused without a reason")
    try:
        return QCoreApplication.translate("core", message).format(**params)
    except (KeyError, IndexError, ValueError):
        return message


class NeedsAttentionDialog(QDialog):
    """Operations the central store refused, kept with why (never deleted), and
    what staff can do: fix the cause, then send again; or take it to a supervisor."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("needsAttention")
        self.setWindowTitle(self.tr("Needs attention"))
        self.resize(860, 420)
        self.table: RowTable[OutboxRow] = RowTable(
            [
                Column(self.tr("Queued at"), lambda r: ctx.format_time(r.created_at, seconds=True)),
                Column(self.tr("Order"), lambda r: str(r.payload.get("number", r.id))),
                Column(self.tr("Tickets"), lambda r: str(len(r.payload.get("lines", [])))),
                Column(self.tr("What went wrong"), problem_text),
            ],
            self,
        )
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        advice = hint_label(
            self.tr(
                "These sales were taken here but refused by the central store, so they are "
                "kept on this computer. Fix the cause (for example, release the seats at the "
                "other window), then send again; or show this list to a supervisor. "
                "Nothing here is ever deleted."
            ),
            self,
        )
        buttons = QDialogButtonBox(self)
        self.retry = buttons.addButton(
            self.tr("Send again (Ctrl+R)"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.retry.setShortcut("Ctrl+R")
        self.retry.clicked.connect(self.send_again)
        buttons.addButton(self.tr("Close (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(advice)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        store = self.ctx.store
        Op(self, lambda: (outbox.parked(store), outbox.pending_count(store, outbox.SALES))).success(
            self._show
        ).run_in_background()

    def _show(self, loaded: tuple[list[OutboxRow], int]) -> None:
        rows, waiting = loaded
        self.table.set_rows(rows)
        self.summary.setText(
            self.tr("{parked} refused, {waiting} waiting to be sent.").format(
                parked=len(rows), waiting=waiting
            )
        )
        self.retry.setEnabled(bool(rows))

    def send_again(self) -> None:
        row = self.table.selected()
        if row is None:
            return
        store, me, sync = self.ctx.store, self.ctx.me, self.ctx.sync

        def requeue() -> bool:
            done = outbox.requeue(store, me, row.id)
            if sync is not None:
                sync.wake()
            return done

        Op(self, requeue).success(lambda _r: self.reload()).run_in_background()


class OverrideDialog(FormDialog):
    """A supervisor logs in here to let an operation go ahead with unsent sales.

    Signals:
        saved(object): the supervisor's Actor; the operation may go ahead.
    """

    def __init__(
        self,
        ctx: AppContext,
        unsent: int,
        what: str,
        operation: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            self.tr("Supervisor confirmation"), parent, ok_text=self.tr("Confirm (Enter)")
        )
        self.setObjectName("overrideDialog")
        self.ctx = ctx
        self.unsent = unsent
        self.operation = operation
        self.intro = self.add_intro(
            self.tr(
                "{count} sales taken at this terminal have not reached the central store yet. "
                "They stay on this computer and are sent when it is back in touch, but {what} "
                "now needs a supervisor to log in here and confirm."
            ).format(count=unsent, what=what)
        )
        self.login = QLineEdit(self)
        self.login.setObjectName("supervisorLogin")
        self.password = QLineEdit(self)
        self.password.setObjectName("supervisorPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(self.tr("Supervisor &login"), self.login)
        self.form.addRow(self.tr("&Password"), self.password)
        self.login.setFocus()

    def prepare(self) -> Callable[[], object] | None:
        name, password = self.login.text(), self.password.text()
        if not name.strip() or not password:
            self.show_message(self.tr("Enter the supervisor's login name and password."))
            return None
        store, link, me = self.ctx.store, self.ctx.link, self.ctx.me
        unsent, operation = self.unsent, self.operation
        return lambda: terminal.confirm_override(
            store, link, name, password, unsent=unsent, operation=operation, actor=me
        )

    def _refused(self, exc: BaseException) -> None:
        super()._refused(exc)
        self.password.clear()


class RegisterDialog(FormDialog):
    """Make this computer a terminal of a central store: its address and a one-time code.

    Signals:
        saved(object): the new CentralLink.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Connect to a central store"), parent, ok_text=self.tr("Register (Enter)")
        )
        self.setObjectName("registerDialog")
        self.ctx = ctx
        self.add_intro(
            self.tr(
                "An administrator makes a one-time code for this terminal at the central store "
                "(boxoffice-central code NAME). After registering, staff log in with their "
                "central store accounts; this computer's own accounts are removed."
            )
        )
        self.url = QLineEdit(self)
        self.url.setObjectName("centralUrl")
        self.url.setPlaceholderText("https://central.example:8765")
        self.code = QLineEdit(self)
        self.code.setObjectName("registrationCode")
        self.ca_bundle = QLineEdit(self)
        self.ca_bundle.setObjectName("caBundle")
        self.ca_bundle.setPlaceholderText(self.tr("only if the venue uses its own CA: ca.pem"))
        self.insecure = QCheckBox(self.tr("Allow plain &HTTP on the venue's own network"), self)
        self.insecure.setObjectName("allowInsecure")
        self.form.addRow(self.tr("Central store &address"), self.url)
        self.form.addRow(self.tr("One-time &code"), self.code)
        self.form.addRow(self.tr("CA c&ertificate file"), self.ca_bundle)
        self.form.addRow("", self.insecure)
        self.url.setFocus()

    def prepare(self) -> Callable[[], CentralLink] | None:
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url or not code:
            self.show_message(self.tr("Enter the central store's address and the code."))
            return None
        store, me, insecure = self.ctx.store, self.ctx.me, self.insecure.isChecked()
        ca_bundle = self.ca_bundle.text().strip()
        return lambda: terminal.register(
            store, me, url, code, allow_insecure=insecure, ca_bundle=ca_bundle
        )


def unsent_sales(ctx: AppContext) -> int:
    return outbox.needs_override(ctx.store)


class GuardedAction:
    """Runs ``go(None)`` at once when nothing is unsent, else ``go(supervisor)``
    after a supervisor confirms.

    Counting the outbox is a local read, quick enough for the GUI thread."""

    def __init__(
        self,
        parent: QWidget,
        ctx: AppContext,
        what: str,
        operation: str,
        go: Callable[[Actor | None], None],
    ) -> None:
        self.dialog: OverrideDialog | None = None
        try:
            unsent = unsent_sales(ctx)
        except BoxOfficeError as exc:  # the local store itself failed: say so, do nothing
            report_error(parent, exc)
            return
        if unsent == 0:
            go(None)
            return
        self.dialog = OverrideDialog(ctx, unsent, what, operation, parent)
        self.dialog.saved.connect(go)
        self.dialog.open()


class ConnectionBanner(QLabel):
    """A plain sentence over the pages while the central store can't be reached."""

    changed = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("offlineBanner")
        self.setWordWrap(True)
        self.setStyleSheet(
            "background: #fef3c7; color: #92400e; padding: 8px 12px; border-radius: 4px;"
        )
        self.hide()
        self.last_online: datetime | None = None

    def update_from(self, status: SyncStatus | None) -> None:
        offline = status is not None and status.online is False
        if offline:
            self.setText(
                self.tr(
                    "The central store can't be reached. Sales of seats leased to this window, "
                    "merchandise and cash go on and are sent later; refunds, exchanges and "
                    "changes to shows, prices or staff wait until it is back."
                )
            )
        if offline != self.isVisible():
            self.setVisible(offline)
            self.changed.emit(offline)
