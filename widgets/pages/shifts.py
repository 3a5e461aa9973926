"""交班: this window's shift — open it with a counted float, cash in and out,
the X report at any time, and the close: the drawer counted (blind for a
cashier whose role says so), a difference over the venue's limit approved by
a supervisor, the handover slip (交班单, the Z report) printed and kept as PDF.
Below, the past shifts: preview or reprint any one's slip.

Keys: F9 open, F7 cash in, F8 cash out, Ctrl+X X report, F6 print the report
shown, F10 close; in the list Enter / Ctrl+P preview, Ctrl+R reprint, Ctrl+S
save as PDF.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from boxoffice.money import format_fen
from boxoffice.permissions import Perm
from boxoffice.services import print_queue, printouts, shifts
from boxoffice.services.shifts import CashCount, CountCheck, ShiftReport, ShiftRow
from printing.document import Document
from printing.paper import PAPER_80, Paper
from printing.pdf import RECEIPT, render_pdf
from printing.preview import preview_png

from .. import window_support
from ..cash_count import CashCountDialog, SupervisorDialog, signed_fen
from ..context import AppContext
from ..devices_ui import PreviewDialog
from ..dialogs import FormDialog, hint_label, inform
from ..money_edit import MoneyEdit
from ..sync_ui import GuardedAction
from ..tables import Column, RowTable
from .base import Page, shortcut_label

_INK = "#1f2a37"
_MUTED = "#6b7280"
_SHORT = "#b91c1c"
_OVER = "#b45309"
_EXACT = "#15803d"

_REPORT_CSS = f"""
body {{ color: {_INK}; }}
h3 {{ font-size: 11.5pt; font-weight: 600; margin-top: 14px; margin-bottom: 4px; color: {_INK}; }}
th {{ background: #eef0f3; color: #4b5563; font-weight: 600; }}
td.muted {{ color: {_MUTED}; }}
p.muted {{ color: #4b5563; margin-bottom: 0; }}
p.note {{ color: #92400e; background: #fffbeb; }}
p.empty {{ color: {_MUTED}; }}
"""


def cash_counts(counts: dict[int, int]) -> list[CashCount]:
    return [CashCount(d, n) for d, n in counts.items()]


def pdf_name(shift: ShiftRow, ctx: AppContext) -> str:
    """``20260301-2130-1号售票窗口-zhangli.pdf``: when it closed (or opened, if
    it is still open), where, who."""
    moment = ctx.local(shift.closed_at or shift.opened_at)
    terminal = re.sub(r'[<>:"/\\|?*\s]+', "_", shift.terminal_name or "terminal").strip("_")
    login = re.sub(r'[<>:"/\\|?*\s]+', "_", shift.user_login)
    return f"{moment:%Y%m%d-%H%M}-{terminal}-{login}.pdf"


def free_path(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name-2.pdf``… if a slip of the same minute is there."""
    path = folder / name
    n = 2
    while path.exists():
        path = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
        n += 1
    return path


class DifferenceDelegate(QStyledItemDelegate):
    """A cash difference in red when the drawer was short, amber when over."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        text = str(index.data() or "")
        colour = _SHORT if text.startswith("-") else _OVER if text.startswith("+") else None
        if colour is not None:
            for role in (QPalette.ColorRole.Text, QPalette.ColorRole.HighlightedText):
                option.palette.setColor(role, QColor(colour))  # type: ignore[attr-defined]
            option.font.setBold(True)  # type: ignore[attr-defined]


class CashMovementDialog(FormDialog):
    """Cash put into the drawer (more float) or taken out (a drop to the safe).

    Signals:
        saved(object): the MovementLine recorded.
    """

    def __init__(
        self, kind: str, call: Callable[[int, str], object], parent: QWidget | None = None
    ) -> None:
        cash_in = kind == "in"
        super().__init__(
            self.tr("Cash in") if cash_in else self.tr("Cash out"),
            parent,
            ok_text=self.tr("Record (Enter)"),
        )
        self.setObjectName("cashMovementDialog")
        self.kind = kind
        self.call = call
        self.add_intro(
            self.tr(
                "Put more float into the drawer. The amount is added to the cash the "
                "drawer should hold."
            )
            if cash_in
            else self.tr(
                "Take cash out of the drawer, to the safe. The amount is taken off the "
                "cash the drawer should hold."
            )
        )
        self.amount = MoneyEdit(self)
        self.amount.setObjectName("movementAmount")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("movementReason")
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(
            self.tr("e.g. more change") if cash_in else self.tr("e.g. drop to the safe")
        )
        self.form.addRow(self.tr("&Amount (¥)"), self.amount)
        self.form.addRow(self.tr("&Reason"), self.reason)
        self.amount.setFocus()

    def prepare(self) -> Callable[[], object] | None:
        amount = self.amount.fen()
        if amount is None:
            self.amount.show_error()
            self.show_message(self.amount.error() or self.tr("Enter an amount."))
            self.amount.setFocus()
            return None
        reason = self.reason.text().strip()
        if not reason:
            self.show_message(self.tr("Give a reason."))
            self.reason.setFocus()
            return None
        call = self.call
        return lambda: call(int(amount), reason)


class CloseShiftDialog(FormDialog):
    """The count compared with what the drawer should hold, and the reason for
    a difference. Enter closes the shift, or, when a supervisor must approve a
    difference over the limit, hands over to their login (``approval_wanted``).

    Signals:
        saved(object): the Z report (the shift is closed).
        approval_wanted(str): the reason; a supervisor must log in next.
    """

    approval_wanted = Signal(str)

    def __init__(
        self,
        check: CountCheck,
        close: Callable[[str], ShiftReport],
        parent: QWidget | None = None,
        *,
        supervisor_needed: bool,
    ) -> None:
        super().__init__(
            self.tr("Close shift"),
            parent,
            ok_text=self.tr("Supervisor approval… (Enter)")
            if supervisor_needed
            else self.tr("Close shift (Enter)"),
        )
        self.setObjectName("closeShiftDialog")
        self.check = check
        self.close_call = close
        self.supervisor_needed = supervisor_needed
        self.add_intro(self.tr("The drawer is counted. Check the figures, then close the shift."))

        panel = QFrame(self)
        panel.setObjectName("countSummary")
        grid = QGridLayout(panel)
        grid.setContentsMargins(18, 12, 18, 12)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        difference = check.difference_fen
        if difference < 0:
            colour, background, border = _SHORT, "#fef2f2", "#fecaca"
            verdict = self.tr("Short {amount}").format(amount=signed_fen(difference))
        elif difference > 0:
            colour, background, border = _OVER, "#fffbeb", "#fde68a"
            verdict = self.tr("Over {amount}").format(amount=signed_fen(difference))
        else:
            colour, background, border = _EXACT, "#f0fdf4", "#bbf7d0"
            verdict = self.tr("Exact")
        panel.setStyleSheet(
            f"#countSummary {{ background: {background}; border: 1px solid {border};"
            " border-radius: 8px; } QLabel { background: transparent; }"
        )
        self.figures: dict[str, QLabel] = {}
        for row, (key, caption, amount) in enumerate(
            (
                ("counted", self.tr("Counted"), format_fen(check.counted_fen)),
                ("expected", self.tr("Expected in the drawer"), format_fen(check.expected_fen)),
                ("difference", self.tr("Difference"), verdict),
            )
        ):
            label = QLabel(caption, panel)
            value = QLabel(amount, panel)
            value.setObjectName(f"{key}Figure")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            big = key == "difference"
            value.setStyleSheet(
                f"font-size: {18 if big else 13}pt; font-weight: {700 if big else 600};"
                f" color: {colour if big else _INK};"
            )
            grid.addWidget(label, row, 0)
            grid.addWidget(value, row, 1)
            self.figures[key] = value
        self.main_layout.insertWidget(1, panel)

        self.approval: QLabel | None = None
        if check.needs_approval:
            self.approval = QLabel(self.approval_text(check), self)
            self.approval.setObjectName("approvalNeeded")
            self.approval.setWordWrap(True)
            self.approval.setStyleSheet(
                "background: #fffbeb; color: #92400e; border: 1px solid #fde68a;"
                " border-radius: 6px; padding: 10px 12px;"
            )
            self.main_layout.insertWidget(2, self.approval)
            if not supervisor_needed:
                self.approval.setText(
                    self.approval.text()
                    + " "
                    + self.tr("As a supervisor, you approve it yourself.")
                )

        self.reason = QLineEdit(self)
        self.reason.setObjectName("closeReason")
        self.reason.setMaxLength(500)
        self.reason.setPlaceholderText(
            self.tr("Required: why the drawer is short or over")
            if check.needs_approval
            else self.tr("Optional: a note about the difference")
        )
        self.form.addRow(self.tr("&Reason"), self.reason)
        self.reason.setFocus()

    def approval_text(self, check: CountCheck) -> str:
        amount, limit = format_fen(abs(check.difference_fen)), format_fen(check.limit_fen)
        if check.difference_fen < 0:
            return self.tr(
                "The cash is {amount} short, more than the {limit} limit: a supervisor must approve."
            ).format(amount=amount, limit=limit)
        return self.tr(
            "The cash is {amount} over, more than the {limit} limit: a supervisor must approve."
        ).format(amount=amount, limit=limit)

    def submit(self) -> None:
        if self.busy:
            return
        reason = self.reason.text().strip()
        if self.check.needs_approval and not reason:
            self.show_message(self.tr("Write why the drawer is short or over."))
            self.reason.setFocus()
            return
        if self.supervisor_needed:
            self.approval_wanted.emit(reason)
            self.accept()
            return
        super().submit()

    def prepare(self) -> Callable[[], object] | None:
        close, reason = self.close_call, self.reason.text().strip()
        return lambda: close(reason)


class ShiftsPage(Page):
    """This window's shift, its report, and the shifts before it.

    Signals:
        shift_changed(object): this window's open shift (a ShiftRow) or None,
            each time the page has loaded it and when it was closed here.
    """

    shift_changed = Signal(object)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Shift"))
        self.current: ShiftRow | None = None
        self.report: ShiftReport | None = None  # what the report pane shows
        self.unsent: tuple[int, int] = (0, 0)
        # Dialogs, each None again once closed (tests look at them).
        self.count_dialog: CashCountDialog | None = None
        self.movement_dialog: CashMovementDialog | None = None
        self.close_dialog: CloseShiftDialog | None = None
        self.supervisor_dialog: SupervisorDialog | None = None
        self.preview: PreviewDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.notice: QDialog | None = None
        self.guard: GuardedAction | None = None
        self.saved_pdf: Path | None = None  # the last handover PDF written
        self._from_top = False  # show the next report from its top

        self.open_button = self.add_action_button(self.tr("Open shift"), "F9", self.open_shift)
        self.cash_in_button = self.add_action_button(
            self.tr("Cash in"), "F7", lambda: self.cash_movement("in")
        )
        self.cash_out_button = self.add_action_button(
            self.tr("Cash out"), "F8", lambda: self.cash_movement("out")
        )
        self.x_button = self.add_action_button(self.tr("X report"), "Ctrl+X", self.x_report)
        self.print_button = self.add_action_button(self.tr("Print"), "F6", self.print_report)
        self.close_button = self.add_action_button(
            self.tr("Close shift"), "F10", self.close_shift, primary=True
        )

        # --- the current shift: one strip across the page ---------------------------------
        self.shift_card = QFrame(self)
        self.shift_card.setObjectName("card")
        strip = QHBoxLayout(self.shift_card)
        strip.setContentsMargins(16, 10, 16, 10)
        strip.setSpacing(18)
        self.state_label = QLabel(self.shift_card)
        self.state_label.setObjectName("shiftState")
        self.cashier_label = QLabel(self.shift_card)
        self.cashier_label.setObjectName("shiftCashier")
        self.cashier_label.setStyleSheet(f"font-size: 14pt; font-weight: 600; color: {_INK};")
        self.details = QLabel(self.shift_card)
        self.details.setObjectName("shiftDetails")
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.shift_hint = hint_label("", self.shift_card)
        self.shift_hint.setObjectName("shiftHint")
        self.shift_hint.setMinimumWidth(240)
        self.unsent_label = QLabel(self.shift_card)
        self.unsent_label.setObjectName("unsentSales")
        self.unsent_label.setWordWrap(True)
        self.unsent_label.setStyleSheet(
            "background: #fef3c7; color: #92400e; border-radius: 4px; padding: 6px 8px;"
        )
        self.unsent_label.hide()
        strip.addWidget(self.state_label, 0, Qt.AlignmentFlag.AlignVCenter)
        strip.addWidget(self.cashier_label, 0, Qt.AlignmentFlag.AlignVCenter)
        strip.addWidget(self.details, 0, Qt.AlignmentFlag.AlignVCenter)
        strip.addWidget(self.unsent_label, 0, Qt.AlignmentFlag.AlignVCenter)
        strip.addWidget(self.shift_hint, 1)
        self.body.addWidget(self.shift_card)

        # --- the report shown ------------------------------------------------------------------
        self.report_card = self.card(self.tr("Report"))
        self.report_title = self.report_card.findChild(QLabel, "cardHeading")
        assert self.report_title is not None
        self.report_title.setObjectName("reportTitle")
        self.report_title.setStyleSheet("font-weight: 600; font-size: 12pt;")
        self.report_view = QTextBrowser(self.report_card)
        self.report_view.setObjectName("shiftReport")
        self.report_view.setOpenLinks(False)
        self.report_view.setFrameShape(QFrame.Shape.NoFrame)
        self.report_view.setStyleSheet("QTextBrowser { border: none; padding: 0; }")
        self.report_view.document().setDefaultStyleSheet(_REPORT_CSS)
        self.report_view.document().setDocumentMargin(2)
        self.report_card.layout().addWidget(self.report_view)

        # --- the shifts before ------------------------------------------------------------
        self.list_card = self.card(self.tr("Past shifts"))
        heading = self.list_card.findChild(QLabel, "cardHeading")
        list_layout = self.list_card.layout()
        assert isinstance(list_layout, QVBoxLayout) and heading is not None
        list_layout.removeWidget(heading)
        header = QHBoxLayout()
        header.setSpacing(8)
        header.addWidget(heading)
        header.addStretch(1)
        self.preview_button = self._card_button(
            header, self.tr("Preview slip"), "Ctrl+P", self.preview_selected
        )
        self.reprint_button = self._card_button(
            header, self.tr("Reprint slip"), "Ctrl+R", self.reprint_selected
        )
        self.save_button = self._card_button(
            header, self.tr("Save PDF as…"), "Ctrl+S", self.save_selected
        )
        list_layout.insertLayout(0, header)
        self.table: RowTable[ShiftRow] = RowTable(
            [
                Column(
                    self.tr("Opened"),
                    lambda s: self.ctx.format_time(s.opened_at),
                    lambda s: s.opened_at.timestamp(),
                ),
                Column(
                    self.tr("Closed"),
                    lambda s: self.ctx.format_time(s.closed_at) if s.closed_at else self.tr("Open"),
                    lambda s: s.closed_at.timestamp() if s.closed_at else 1e12,
                ),
                Column(self.tr("Window"), lambda s: s.terminal_name or "—"),
                Column(self.tr("Cashier"), lambda s: f"{s.cashier} ({s.user_login})"),
                Column(
                    self.tr("Float"),
                    lambda s: format_fen(s.opening_float_fen),
                    lambda s: s.opening_float_fen,
                    align_right=True,
                ),
                Column(
                    self.tr("Counted"),
                    lambda s: format_fen(s.counted_fen) if s.counted_fen is not None else "—",
                    lambda s: s.counted_fen if s.counted_fen is not None else -1,
                    align_right=True,
                ),
                Column(
                    self.tr("Difference"),
                    lambda s: signed_fen(s.difference_fen) if s.difference_fen is not None else "—",
                    lambda s: s.difference_fen if s.difference_fen is not None else 0,
                    align_right=True,
                ),
            ],
            self.list_card,
        )
        self.table.view.setObjectName("shiftList")
        self.table.view.setWordWrap(False)
        self.table.view.setItemDelegateForColumn(6, DifferenceDelegate(self.table.view))
        self.table.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
        self.table.activated.connect(lambda _row: self.preview_selected())
        list_layout.addWidget(self.table)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("shiftSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.report_card)
        splitter.addWidget(self.list_card)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([380, 230])
        self.body.addWidget(splitter, 1)
        self._show_shift()
        self._show_report()

    def _card_button(
        self, layout: QHBoxLayout, text: str, keys: str, slot: Callable[[], object]
    ) -> QPushButton:
        sequence = QKeySequence(keys)
        button = QPushButton(shortcut_label(text, sequence), self.list_card)
        button.setShortcut(sequence)
        button.clicked.connect(lambda: slot())
        layout.addWidget(button)
        return button

    # --- loading ---------------------------------------------------------------------------

    def _may_report(self) -> bool:
        return self.ctx.may(Perm.SHIFT_CLOSE) or self.ctx.may(Perm.SHIFT_VIEW_ALL)

    def _load(
        self,
    ) -> Callable[[], tuple[ShiftRow | None, ShiftReport | None, list[ShiftRow], tuple[int, int]]]:
        ctx = self.ctx
        sells = ctx.may(Perm.TICKETS_SELL) or ctx.may(Perm.MERCHANT_SELL)
        reports = self._may_report()

        def load() -> tuple[ShiftRow | None, ShiftReport | None, list[ShiftRow], tuple[int, int]]:
            unsent = window_support.unsent_sales(ctx)
            current = ctx.call(shifts.list_current_shift) if sells else None
            report = None
            if current is not None and reports:
                report = shifts.with_unsynced(
                    ctx.call(shifts.list_shift_report, current.id), *unsent
                )
            rows = ctx.call(shifts.list_shifts) if reports else []
            return current, report, rows, unsent

        return load

    def refresh(self) -> None:
        self.run(self._load(), self._loaded)

    def _loaded(
        self,
        loaded: tuple[ShiftRow | None, ShiftReport | None, list[ShiftRow], tuple[int, int]],
    ) -> None:
        current, report, rows, unsent = loaded
        self.current, self.unsent = current, unsent
        if report is not None:
            self.report = report
        elif self.report is not None and not self.report.final:
            self.report = None  # its shift was closed elsewhere (the ticket window, F10)
        self._show_shift()
        self._show_report()
        self.shift_changed.emit(current)
        self.table.set_rows(rows)
        if self.table.selected() is None and rows:
            self.table.select_where(lambda r: True)

    # --- the current shift -------------------------------------------------------------------

    def _show_shift(self) -> None:
        shift = self.current
        count, fen = self.unsent
        self.unsent_label.setVisible(count > 0)
        self.unsent_label.setText(
            self.tr("{count} sales ({amount}) have not reached the central store yet.").format(
                count=count, amount=format_fen(fen)
            )
        )
        if shift is None:
            self.state_label.setText(self.tr("No open shift"))
            self._pill(self.state_label, "#4b5563", "#eef0f3")
            self.cashier_label.setText(self.ctx.me.terminal_name or "")
            self.details.setText("")
            self.details.hide()
            self.shift_hint.setText(
                self.tr(
                    "Press F9 to count the opening float and open a shift. "
                    "Tickets are sold only in an open shift."
                )
            )
            return
        self.state_label.setText(self.tr("Shift open"))
        self._pill(self.state_label, "#15803d", "#dcfce7")
        self.cashier_label.setText(f"{shift.cashier} ({shift.user_login})")
        stats = [
            (self.tr("Window"), html.escape(shift.terminal_name or "—")),
            (self.tr("Opened"), self.ctx.format_time(shift.opened_at)),
            (self.tr("Opening float"), format_fen(shift.opening_float_fen)),
        ]
        self.details.setText(
            '<table cellspacing="0" cellpadding="0"><tr>'
            + "".join(
                f'<td style="color:{_MUTED}; padding-right: 22px;">{html.escape(k)}</td>'
                for k, _v in stats
            )
            + "</tr><tr>"
            + "".join(
                f'<td style="padding-right: 22px; font-weight: 600;">{v}</td>' for _k, v in stats
            )
            + "</tr></table>"
        )
        self.details.show()
        self.shift_hint.setText(
            self.tr("Blind close: the drawer is counted before the expected cash is shown.")
            if shift.blind
            else self.tr("At the end of the shift, F10 counts the drawer and closes it.")
        )

    @staticmethod
    def _pill(label: QLabel, colour: str, background: str) -> None:
        label.setStyleSheet(
            f"color: {colour}; background: {background}; border-radius: 10px;"
            " padding: 2px 10px; font-weight: 600;"
        )
        label.setMaximumWidth(label.sizeHint().width() + 24)

    # --- the report ----------------------------------------------------------------------------

    def _show_report(self) -> None:
        report = self.report
        if report is None:
            self.report_title.setText(self.tr("Report"))
            self.report_view.setHtml(
                '<p class="empty">'
                + html.escape(
                    self.tr(
                        "No shift is open at this window. To see a past shift's handover "
                        "slip, select it in the list below and press Enter."
                    )
                    if self._may_report()
                    else self.tr("Your role does not see shift reports.")
                )
                + "</p>"
            )
            return
        if report.final:
            self.report_title.setText(
                self.tr("Z report: shift closed {time}").format(
                    time=self.ctx.format_time(report.shift.closed_at)
                )
            )
        else:
            self.report_title.setText(self.tr("X report: shift open, nothing is closed"))
        bar = self.report_view.verticalScrollBar()
        position = 0 if self._from_top else bar.value()  # a reload keeps the place
        self._from_top = False
        self.report_view.setHtml(self.report_html(report))
        bar.setValue(position)

    def method_name(self, method: str) -> str:
        return {
            "cash": self.tr("Cash"),
            "card": self.tr("Bank card"),
            "mobile": self.tr("Mobile pay"),
            "member": self.tr("Member balance"),
            "exchange": self.tr("Exchange credit"),
        }.get(method, method)

    def exception_name(self, kind: str) -> str:
        return {
            "refund": self.tr("Refunds (tickets)"),
            "forced_refund": self.tr("of which forced"),
            "void": self.tr("Voided orders (tickets)"),
            "exchange": self.tr("Exchanges (tickets)"),
            "reprint": self.tr("Reprints"),
            "comp": self.tr("Complimentary tickets"),
            "discount": self.tr("Discounted orders"),
        }.get(kind, kind)

    def report_html(self, report: ShiftReport) -> str:
        """The report as the page shows it (the slip is its printed twin): who and
        when on one line, then payments and the drawer beside tickets and the rest."""
        e = html.escape
        shift = report.shift

        def table(headers: list[str], rows: list[list[str]], right_from: int) -> str:
            def align(i: int) -> str:
                return "right" if i >= right_from else "left"

            head = "".join(f'<th align="{align(i)}">{e(h)}</th>' for i, h in enumerate(headers))
            body = "".join(
                "<tr>"
                + "".join(f'<td align="{align(i)}">{cell}</td>' for i, cell in enumerate(row))
                + "</tr>"
                for row in rows
            )
            return (
                f'<table width="100%" cellspacing="0" cellpadding="4"><tr>{head}</tr>{body}</table>'
            )

        def pairs(rows: list[tuple[str, str]], align: str = "right") -> str:
            # The captions' column as wide in every such table, so they line up.
            return (
                '<table cellspacing="0" cellpadding="3">'
                + "".join(
                    f'<tr><td class="muted" width="180">{e(k)}</td>'
                    f'<td align="{align}">{v}</td></tr>'
                    for k, v in rows
                )
                + "</table>"
            )

        def heading(text: str) -> str:
            return f"<h3>{e(text)}</h3>"

        def empty(text: str) -> str:
            return f'<p class="empty">{e(text)}</p>'

        def note(text: str) -> str:
            return f'<p class="note">&nbsp;{e(text)}&nbsp;</p>'

        # Who and when.
        until = self.ctx.format_time(shift.closed_at) if shift.closed_at else self.tr("still open")
        orders = self.tr("{count} orders").format(count=report.orders)
        if report.orders:
            orders += f" ({report.first_order} … {report.last_order})"
        who = " · ".join(
            [
                shift.terminal_name or "—",
                f"{shift.cashier} ({shift.user_login})",
                f"{self.ctx.format_time(shift.opened_at)} – {until}",
                orders,
            ]
        )
        top = f'<p class="muted">{e(who)}</p>'

        # Left: the money.
        left = [heading(self.tr("Payments"))]
        method_rows = [
            [
                e(self.method_name(m.method)),
                str(m.count),
                format_fen(m.sales_fen),
                format_fen(m.refunds_fen),
                f"<b>{format_fen(m.net_fen)}</b>",
            ]
            for m in report.methods
        ]
        if not report.cash_hidden and len(report.methods) > 1:
            total = self.tr("Total")
            method_rows.append(
                [
                    f"<b>{e(total)}</b>",
                    "",
                    f"<b>{format_fen(report.sales_fen)}</b>",
                    f"<b>{format_fen(report.refunds_fen)}</b>",
                    f"<b>{format_fen(report.sales_fen - report.refunds_fen)}</b>",
                ]
            )
        if method_rows:
            left.append(
                table(
                    [
                        self.tr("Method"),
                        self.tr("Payments"),
                        self.tr("Sales"),
                        self.tr("Refunds"),
                        self.tr("Net"),
                    ],
                    method_rows,
                    1,
                )
            )
        else:
            left.append(empty(self.tr("No payments yet.")))

        left.append(heading(self.tr("Refunds, voids, reprints, comps, discounts")))
        if report.exceptions:
            left.append(
                table(
                    [self.tr("What"), self.tr("Count"), self.tr("Amount")],
                    [
                        [e(self.exception_name(x.kind)), str(x.count), format_fen(x.amount_fen)]
                        for x in report.exceptions
                    ],
                    1,
                )
            )
        else:
            left.append(empty(self.tr("None.")))

        # Right: the drawer and the cash moved in and out.
        right = [heading(self.tr("Cash drawer"))]
        float_row = (self.tr("Opening float"), format_fen(shift.opening_float_fen))
        if report.cash_hidden:
            right.append(pairs([float_row]))
            right.append(
                note(self.tr("Cash figures are hidden until you count the drawer (blind close)."))
            )
        else:
            cash_in = sum(m.amount_fen for m in report.movements if m.kind == "in")
            cash_out = sum(m.amount_fen for m in report.movements if m.kind == "out")
            cash = [float_row]
            if cash_in:
                cash.append((self.tr("Cash in"), "+" + format_fen(cash_in)))
            if cash_out:
                cash.append((self.tr("Cash out"), "-" + format_fen(cash_out)))
            if report.expected_cash_fen is not None:
                cash.append(
                    (
                        self.tr("Expected in the drawer"),
                        f"<b>{format_fen(report.expected_cash_fen)}</b>",
                    )
                )
            if report.counted_fen is not None:
                cash.append((self.tr("Counted"), f"<b>{format_fen(report.counted_fen)}</b>"))
            if report.difference_fen is not None:
                d = report.difference_fen
                colour = _SHORT if d < 0 else _OVER if d > 0 else _EXACT
                cash.append(
                    (self.tr("Difference"), f'<b style="color:{colour};">{signed_fen(d)}</b>')
                )
            right.append(pairs(cash))
            if report.difference_reason or report.supervisor:
                extra = []
                if report.difference_reason:
                    extra.append((self.tr("Reason"), e(report.difference_reason)))
                if report.supervisor:
                    extra.append((self.tr("Approved by"), e(report.supervisor)))
                right.append(pairs(extra, align="left"))

        if report.movements:
            right.append(heading(self.tr("Cash in and out")))
            right.append(
                table(
                    [self.tr("Time"), self.tr("Reason"), self.tr("By"), self.tr("Amount")],
                    [
                        [
                            f"{self.ctx.local(m.at):%H:%M}",
                            e(m.reason),
                            e(m.login),
                            ("+" if m.kind == "in" else "-") + format_fen(m.amount_fen),
                        ]
                        for m in report.movements
                    ],
                    3,
                )
            )

        # Below, the whole width: what was sold (a till's goods, a window's tickets).
        below = []
        if report.goods:
            below.append(heading(self.tr("Goods sold")))
            below.append(
                table(
                    [self.tr("Product"), self.tr("Quantity"), self.tr("Amount")],
                    [[e(g.name), str(g.qty), format_fen(g.amount_fen)] for g in report.goods],
                    1,
                )
            )
        if report.tickets or not report.goods:
            below.append(heading(self.tr("Tickets sold")))
        if report.tickets:
            below.append(
                table(
                    [
                        self.tr("Show"),
                        self.tr("Session"),
                        self.tr("Type"),
                        self.tr("Tickets"),
                        self.tr("Amount"),
                    ],
                    [
                        [
                            e(t.show),
                            f"{self.ctx.local(t.starts_at):%m-%d %H:%M}",
                            e(t.ticket_type),
                            str(t.count),
                            format_fen(t.amount_fen),
                        ]
                        for t in report.tickets
                    ],
                    3,
                )
            )
        elif not report.goods:
            below.append(empty(self.tr("No tickets sold yet.")))
        if report.unsynced_count:
            below.append(
                note(
                    (
                        self.tr("{count} sales ({amount}) had not reached the central store yet.")
                        if report.final
                        else self.tr(
                            "{count} sales ({amount}) have not reached the central store yet."
                        )
                    ).format(count=report.unsynced_count, amount=format_fen(report.unsynced_fen))
                )
            )
        return (
            top
            + '<table width="100%" cellspacing="0" cellpadding="0"><tr>'
            + '<td width="50%" valign="top" style="padding-right: 14px;">'
            + "".join(left)
            + '</td><td width="50%" valign="top" style="padding-left: 14px;">'
            + "".join(right)
            + "</td></tr></table>"
            + "".join(below)
        )

    def report_text(self) -> str:
        """What the report pane says, as plain text (tests read it)."""
        return self.report_title.text() + "\n" + self.report_view.toPlainText()

    # --- slips ---------------------------------------------------------------------------------

    def _slip_maker(self) -> Callable[[ShiftReport], Document]:
        ctx = self.ctx
        templates = window_support.templates(ctx)
        zone = ctx.zone

        def make(report: ShiftReport) -> Document:
            venue = print_queue.venue_header(ctx.store)
            return printouts.handover_slip(report, venue, zone, templates)

        return make

    def _paper(self) -> Paper:
        hub = self.ctx.devices
        return hub.settings.printer("receipt").paper if hub is not None else PAPER_80

    def _queue_slip(self, doc: Document) -> None:
        """Queue ``doc`` on the receipt printer (off the GUI thread)."""
        ctx = self.ctx
        created_by = ctx.me.user_id
        window_support.queue_paper(
            ctx,
            lambda db: print_queue.queue_documents(
                db, [doc], printer="receipt", created_by=created_by
            ),
        )

    def _report_of(self, shift: ShiftRow) -> Callable[[], ShiftReport]:
        """The report of any listed shift: the Z of a closed one, the X of an open one."""
        ctx = self.ctx
        here = shift.terminal_id == (ctx.me.terminal_id or "")

        def load() -> ShiftReport:
            report = ctx.call(shifts.list_shift_report, shift.id)
            if here and not report.final:
                report = shifts.with_unsynced(report, *window_support.unsent_sales(ctx))
            return report

        return load

    # --- actions: the current shift ----------------------------------------------------------

    def _say(self, text: str) -> None:
        self.notice = inform(self, text)
        self.notice.finished.connect(lambda _r: setattr(self, "notice", None))

    def open_shift(self) -> None:
        """F9: count the opening float, open the shift."""
        if self.current is not None:
            self._say(
                self.tr(
                    "A shift is already open at this window ({cashier}, since {time}). "
                    "Close it (F10) before opening another."
                ).format(
                    cashier=self.current.cashier, time=self.ctx.format_time(self.current.opened_at)
                )
            )
            return
        call = self.ctx.call
        dialog = CashCountDialog(
            self.tr("Open shift"),
            self.tr(
                "Count the opening float (备用金) in the drawer by notes and coins. "
                "The shift opens with this amount."
            ),
            self,
            ok_text=self.tr("Open shift (Ctrl+Enter)"),
            save=lambda counts, _reason: call(shifts.open_shift, counts=cash_counts(counts)),
        )
        dialog.setObjectName("openShiftDialog")
        dialog.saved.connect(lambda _row: self.refresh())
        self.open_dialog(dialog, "count_dialog")

    def _need_open_shift(self) -> ShiftRow | None:
        if self.current is None:
            self._say(
                self.tr(
                    "No shift is open at this window. Press F9 to count the float and open one."
                )
            )
        return self.current

    def cash_movement(self, kind: str) -> None:
        """F7 / F8: cash into the drawer, or out of it to the safe."""
        shift = self._need_open_shift()
        if shift is None:
            return
        call = self.ctx.call
        dialog = CashMovementDialog(
            kind,
            lambda amount, reason: call(
                shifts.record_cash_movement,
                shift.id,
                kind=kind,
                amount_fen=amount,
                reason=reason,
            ),
            self,
        )
        dialog.saved.connect(lambda _line: self.refresh())
        self.open_dialog(dialog, "movement_dialog")

    def x_report(self) -> None:
        """Ctrl+X: the open shift's figures now, from the top; nothing closes."""
        if self._need_open_shift() is None:
            return
        self._from_top = True
        self.refresh()

    def print_report(self) -> None:
        """F6: the report shown, on the receipt printer."""
        report = self.report
        if report is None:
            self._say(
                self.tr("There is no report to print. Select a shift below and press Ctrl+R.")
            )
            return
        make, queue = self._slip_maker(), self._queue_slip
        title = self.report_title.text()

        def printing(_result: object) -> None:
            window = self.window()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(
                    self.tr("Printing: {title}").format(title=title), 5000
                )

        self.run(lambda: queue(make(report)), printing)

    # --- closing -----------------------------------------------------------------------------

    def close_shift(self) -> None:
        """F10: unsent sales confirmed, the drawer counted, the difference approved, closed."""
        if self._need_open_shift() is None:
            return
        self.guard = GuardedAction(
            self, self.ctx, self.tr("closing the shift"), "shift.close", self._count_drawer
        )

    def _count_drawer(self, _confirmed_by: object = None) -> None:
        shift = self.current
        if shift is None:
            return
        call = self.ctx.call
        self.run(lambda: call(shifts.list_shift_report, shift.id), self._ask_count)

    def _ask_count(self, report: ShiftReport) -> None:
        if report.final:  # closed meanwhile, at the ticket window or by a supervisor
            self._say(self.tr("This shift is already closed."))
            self.refresh()
            return
        shift_id = report.shift.id
        call = self.ctx.call
        blind = report.cash_hidden

        def check(counts: dict[int, int], _reason: str) -> tuple[dict[int, int], CountCheck]:
            return counts, call(shifts.check_count, shift_id, counts=cash_counts(counts))

        dialog = CashCountDialog(
            self.tr("Close shift: count the drawer"),
            self.tr(
                "Count all the cash in the drawer by notes and coins. After the count you "
                "see what the drawer should hold."
            )
            if blind
            else self.tr("Count all the cash in the drawer by notes and coins."),
            self,
            expected_fen=None if blind else report.expected_cash_fen,
            ok_text=self.tr("Count done (Ctrl+Enter)"),
            save=check,
        )
        dialog.setObjectName("closeCountDialog")
        dialog.saved.connect(
            lambda result: QTimer.singleShot(
                0, self, lambda: self._confirm_close(shift_id, *result)
            )
        )
        self.open_dialog(dialog, "count_dialog")

    def _closer(
        self, shift_id: str, counts: dict[int, int]
    ) -> Callable[[str, str | None, str | None], ShiftReport]:
        ctx = self.ctx

        def close(
            reason: str, login: str | None = None, password: str | None = None
        ) -> ShiftReport:
            count, fen = window_support.unsent_sales(ctx)
            return ctx.call(
                shifts.close_shift,
                shift_id,
                counts=cash_counts(counts),
                reason=reason,
                supervisor_login=login,
                supervisor_password=password,
                unsynced_count=count,
                unsynced_fen=fen,
            )

        return close

    def _confirm_close(self, shift_id: str, counts: dict[int, int], check: CountCheck) -> None:
        close = self._closer(shift_id, counts)
        supervisor_needed = check.needs_approval and not self.ctx.may(Perm.SHIFT_VIEW_ALL)
        dialog = CloseShiftDialog(
            check, lambda reason: close(reason), self, supervisor_needed=supervisor_needed
        )
        dialog.saved.connect(self._closed)
        dialog.approval_wanted.connect(
            lambda reason: QTimer.singleShot(
                0,
                self,
                lambda: self._ask_supervisor(check, close, reason, dialog.approval_text(check)),
            )
        )
        self.open_dialog(dialog, "close_dialog")

    def _ask_supervisor(
        self,
        check: CountCheck,
        close: Callable[[str, str | None, str | None], ShiftReport],
        reason: str,
        explanation: str,
    ) -> None:
        dialog = SupervisorDialog(
            explanation + "\n" + self.tr("Reason: {reason}").format(reason=reason),
            self,
            ok_text=self.tr("Approve and close (Enter)"),
            confirm=lambda login, password: close(reason, login, password),
        )
        dialog.saved.connect(self._closed)
        self.open_dialog(dialog, "supervisor_dialog")

    def _closed(self, report: object) -> None:
        """The shift is closed: show the Z, print the slip, keep it as PDF."""
        assert isinstance(report, ShiftReport)
        self.report, self.current = report, None
        self._show_shift()
        self._show_report()
        self.shift_changed.emit(None)
        make, queue = self._slip_maker(), self._queue_slip
        folder = self.ctx.data_dir / "handover"
        name = pdf_name(report.shift, self.ctx)

        def paper() -> Path:
            doc = make(report)
            queue(doc)
            folder.mkdir(parents=True, exist_ok=True)
            path = free_path(folder, name)
            path.write_bytes(render_pdf([doc], RECEIPT))
            return path

        def done(path: Path) -> None:
            self.saved_pdf = path
            self._say(
                self.tr(
                    "The shift is closed. The handover slip is printing on the receipt "
                    "printer, and a PDF copy is saved as {path}"
                ).format(path=str(path))
            )
            self.refresh()

        self.run(paper, done)

    # --- actions: past shifts ----------------------------------------------------------------

    def _selected(self) -> ShiftRow | None:
        shift = self.table.selected()
        if shift is None:
            self._say(self.tr("Select a shift in the list first."))
        return shift

    def preview_selected(self) -> None:
        """Enter / Ctrl+P: the selected shift's slip as it prints."""
        shift = self._selected()
        if shift is None:
            return
        load, make, paper = self._report_of(shift), self._slip_maker(), self._paper()

        def render() -> tuple[str, bytes]:
            doc = make(load())
            return doc.title, preview_png(doc, paper)

        def show(result: tuple[str, bytes]) -> None:
            title, png = result
            self.preview = PreviewDialog(png, title, self)
            self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.preview.finished.connect(lambda _r: setattr(self, "preview", None))
            self.preview.open()

        self.run(render, show)

    def reprint_selected(self) -> None:
        """Ctrl+R: the selected shift's slip again on the receipt printer."""
        shift = self._selected()
        if shift is None:
            return
        load, make, queue = self._report_of(shift), self._slip_maker(), self._queue_slip
        self.run(
            lambda: queue(make(load())),
            lambda _r: self._say(
                self.tr("The handover slip of {cashier}'s shift ({time}) is printing.").format(
                    cashier=shift.cashier, time=self.ctx.format_time(shift.opened_at)
                )
            ),
        )

    def save_selected(self) -> None:
        """Ctrl+S: the selected shift's slip as a PDF file, where the user says."""
        shift = self._selected()
        if shift is None:
            return
        load, make = self._report_of(shift), self._slip_maker()
        folder = self.ctx.data_dir / "handover"
        dialog = QFileDialog(self, self.tr("Save PDF as…"))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("PDF files (*.pdf)"))
        dialog.setDefaultSuffix("pdf")
        dialog.setDirectory(str(folder if folder.is_dir() else self.ctx.data_dir))
        dialog.selectFile(pdf_name(shift, self.ctx))

        def write(path: str) -> None:
            target = Path(path)

            def save() -> Path:
                target.write_bytes(render_pdf([make(load())], RECEIPT))
                return target

            self.run(
                save,
                lambda p: self._say(self.tr("Saved as {path}").format(path=str(p))),
            )

        dialog.fileSelected.connect(write)
        self.open_dialog(dialog, "file_dialog")
