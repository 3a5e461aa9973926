"""打印队列: what this terminal has printed and what still waits, with the
printer's state; reprint (logged, marked 重打), cancel, preview, try again."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from boxoffice.services import print_queue
from boxoffice.services.print_queue import PrintJobRow
from printing.paper import PAPER_80
from printing.preview import preview_png

from ..context import AppContext
from ..devices_ui import PreviewDialog, problem_text
from ..dialogs import FormDialog
from ..tables import Column, RowTable
from .base import Page


class ReasonDialog(FormDialog):
    """Ask why before a logged action (reprint, cancel).

    Signals:
        saved(object): the service's result.
    """

    def __init__(
        self,
        title: str,
        intro: str,
        call: Callable[[str], object],
        parent: QWidget | None = None,
        *,
        ok_text: str,
    ) -> None:
        super().__init__(title, parent, ok_text=ok_text)
        self.call = call
        self.add_intro(intro)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setMaxLength(200)
        self.form.addRow(self.tr("&Reason"), self.reason)
        self.reason.setFocus()

    def prepare(self) -> Callable[[], object] | None:
        reason = self.reason.text().strip()
        if not reason:
            self.show_message(self.tr("Give a reason."))
            return None
        call = self.call
        return lambda: call(reason)


class PrintQueuePage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Print queue"))
        self.dialog: ReasonDialog | None = None
        self._reported: object = None  # the printers' state the list was last loaded for
        self.preview: PreviewDialog | None = None
        self.retry_button = self.add_action_button(self.tr("Print now"), "F6", self.retry)
        self.preview_button = self.add_action_button(
            self.tr("Preview"), "Ctrl+P", self.show_preview
        )
        self.cancel_button = self.add_action_button(self.tr("Cancel job"), "Ctrl+Del", self.cancel)
        self.reprint_button = self.add_action_button(
            self.tr("Reprint"), "Ctrl+R", self.reprint, primary=True
        )
        self.state_label = QLabel(self)
        self.state_label.setObjectName("printerState")
        self.state_label.setWordWrap(True)
        self.state_label.setStyleSheet("font-size: 12pt;")
        self.body.addWidget(self.state_label)
        self.table: RowTable[PrintJobRow] = RowTable(
            [
                Column(
                    self.tr("Queued"),
                    lambda j: self.ctx.format_time(j.created_at, seconds=True),
                    lambda j: j.created_at.timestamp(),
                ),
                Column(self.tr("Document"), lambda j: j.title),
                Column(self.tr("Printer"), self._printer_text),
                Column(self.tr("State"), self._state_text),
                Column(self.tr("Tries"), lambda j: str(j.attempts), lambda j: j.attempts),
                # Last: the long advice gets the room the last column stretches to.
                Column(self.tr("Problem"), lambda j: problem_text(j.last_error, j.last_detail)),
            ],
            self,
        )
        # As the service lists them: jobs still waiting first, then the newest.
        self.table.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(lambda _row: self.show_preview())
        self.body.addWidget(self.table, 1)
        hub = ctx.devices
        if hub is not None:
            hub.printers_changed.connect(self._hub_changed)
        self._show_state()

    def _printer_text(self, job: PrintJobRow) -> str:
        return self.tr("Tickets") if job.printer == "ticket" else self.tr("Receipts")

    def _state_text(self, job: PrintJobRow) -> str:
        text = {
            "pending": self.tr("Waiting"),
            "printed": self.tr("Printed"),
            "cancelled": self.tr("Cancelled"),
        }.get(job.status, job.status)
        if job.copy_no > 1:
            text += " · " + self.tr("reprint {n}").format(n=job.copy_no - 1)
        return text

    def _show_state(self) -> None:
        hub = self.ctx.devices
        state = hub.state if hub is not None else {}
        lines = []
        for role, name in (
            ("receipt", self.tr("Receipt printer")),
            ("ticket", self.tr("Ticket printer")),
        ):
            s = state.get(role)
            if s is None:
                continue
            if s.problem:
                text = problem_text(s.problem, s.detail)
            elif s.status is not None and s.status.paper_near_end:
                text = problem_text("paper_near_end")
            else:
                text = self.tr("Ready")
            lines.append(f"{name}: {text}")
        self.state_label.setText("\n".join(lines) or self.tr("Printers: starting…"))

    def _hub_changed(self, state: object) -> None:
        # The spooler reports every few seconds; reloading the list each time
        # would scroll it back to the selected job under the user's eyes.
        if state == self._reported:
            return
        self._reported = state
        self._show_state()
        self.refresh()

    def refresh(self) -> None:
        call = self.ctx.call_here
        self.run(lambda: call(print_queue.list_print_jobs), self.table.set_rows)

    def retry(self) -> None:
        """Try the waiting jobs now (after loading paper or closing the cover)."""
        if self.ctx.devices is not None:
            self.ctx.devices.wake()

    def show_preview(self) -> None:
        job = self.table.selected()
        if job is None:
            return
        call = self.ctx.call_here
        hub = self.ctx.devices

        def render() -> bytes:
            doc = call(print_queue.list_print_document, job.id)
            paper = hub.settings.printer(job.printer).paper if hub else None
            return preview_png(doc, paper or PAPER_80)

        def show(png: bytes) -> None:
            self.preview = PreviewDialog(png, job.title, self)
            self.preview.open()

        self.run(render, show)

    def _ask(self, title: str, intro: str, call: Callable[[str], object], ok: str) -> None:
        dialog = ReasonDialog(title, intro, call, self, ok_text=ok)
        dialog.saved.connect(lambda _r: (self.retry(), self.refresh()))
        self.open_dialog(dialog, "dialog")

    def reprint(self) -> None:
        job = self.table.selected()
        if job is None:
            return
        call = self.ctx.call_here
        self._ask(
            self.tr("Reprint"),
            self.tr(
                "“{title}” prints again, marked 重打 REPRINT. A reprinted ticket replaces the earlier paper, which no longer admits anyone."
            ).format(title=job.title),
            lambda reason: call(print_queue.reprint_job, job.id, reason),
            self.tr("Reprint (Enter)"),
        )

    def cancel(self) -> None:
        job = self.table.selected()
        if job is None:
            return
        call = self.ctx.call_here
        self._ask(
            self.tr("Cancel print job"),
            self.tr("“{title}” will not be printed. It stays in the list as cancelled.").format(
                title=job.title
            ),
            lambda reason: call(print_queue.cancel_print_job, job.id, reason),
            self.tr("Cancel job (Enter)"),
        )
