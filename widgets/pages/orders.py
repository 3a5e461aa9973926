"""订单: find an order (number, its last digits, a phone number or a scanned
ticket), see its tickets and their history, and refund, void, reprint or
exchange; and 检票, checking tickets at the window (Ctrl+K).

Keys (each shown on its button):

==========  ===================================================================
Ctrl+F      the search field (focused when the page is shown); Enter searches
            and a scanned ticket searches at once
F5 / F6     refund the whole order / the tickets selected in the list
            (Space selects the current ticket, Shift+arrows extend)
F7          reprint the selected tickets (all valid ones if none is selected)
F8          void (作废) the order: the last sale of your shift, within the time
F9          exchange (改签) the selected tickets for seats in another session
Ctrl+K      check tickets: every scan is checked and admitted; Esc comes back
==========  ===================================================================

Money goes back the way it came (the service decides how); a mobile payment
is refunded through the payment provider here, off the GUI thread, under
``{refund_id}:{n}`` so a retry never refunds twice. Every refund, void and
exchange prints its slip on the receipt printer, reprints and exchanged
tickets on the ticket printer.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boxoffice import payments as payment_methods
from boxoffice.clock import now
from boxoffice.errors import BoxOfficeError
from boxoffice.ids import SessionId, new_id
from boxoffice.money import format_fen
from boxoffice.permissions import Perm
from boxoffice.services import catalogue, orders, print_queue, printouts, seating, shifts
from boxoffice.services.catalogue import SessionRow
from boxoffice.services.orders import (
    CheckResult,
    NewTickets,
    OrderInfo,
    RefundRow,
    TicketEventRow,
    TicketInfo,
)
from boxoffice.services.seating import PaymentLine, SaleLine
from boxoffice.services.shifts import ShiftRow
from sync import selling
from sync.client import SyncError

from ..context import AppContext
from ..dialogs import FormDialog, hint_label
from ..ops import Op, error_text, report_error
from ..payment_dialog import PaymentDialog
from ..session_chooser import SessionChooserDialog
from ..tables import Column, RowTableModel
from ..window_support import queue_paper, sale_context, templates
from .base import Page
from .print_queue import ReasonDialog

log = logging.getLogger(__name__)

_GREEN, _AMBER, _RED, _INK, _MUTED = "#15803d", "#b45309", "#b91c1c", "#1f2a37", "#6b7280"
MAX_CHECKS = 30
"""How many checks the check panel lists."""

_STYLE = f"""
#orderTitle {{ font-size: 15pt; font-weight: 700; color: {_INK}; }}
#orderTotal {{ font-size: 15pt; font-weight: 700; color: {_INK}; }}
#orderStatus {{ font-weight: 600; padding: 2px 10px; border-radius: 9px; }}
#orderStatus[state="paid"] {{ background: #dcfce7; color: #166534; }}
#orderStatus[state="part_refunded"] {{ background: #fef3c7; color: #92400e; }}
#orderStatus[state="refunded"], #orderStatus[state="void"] {{ background: #fee2e2; color: #991b1b; }}
#fieldCaption {{ color: {_MUTED}; }}
#sectionHeading {{ font-weight: 600; color: {_INK}; }}
#notice {{ font-size: 12pt; padding: 8px 12px; border-radius: 6px; }}
#notice[kind="done"] {{ background: #dcfce7; color: #14532d; border: 1px solid #86efac; }}
#notice[kind="error"] {{ background: #fee2e2; color: #7f1d1d; border: 1px solid #fca5a5; }}
#findMessage {{ color: {_RED}; font-size: 12pt; }}
#emptyOrder {{ color: {_MUTED}; font-size: 12pt; padding: 24px; }}
#orderSearch, #checkCode {{ font-size: 13pt; padding: 6px; }}
#verdict {{ border-radius: 10px; background: #e5e7eb; }}
#verdict[tone="green"] {{ background: {_GREEN}; }}
#verdict[tone="amber"] {{ background: {_AMBER}; }}
#verdict[tone="red"] {{ background: {_RED}; }}
#verdictTitle {{ font-size: 28pt; font-weight: 700; color: #ffffff; }}
#verdictDetail {{ font-size: 15pt; color: #ffffff; }}
#verdict[tone="none"] #verdictTitle {{ color: {_MUTED}; font-size: 20pt; }}
#verdict[tone="none"] #verdictDetail {{ color: {_MUTED}; }}
"""

_TONES = {
    "valid": "green",
    "used": "amber",
}


# --- what the background work hands back ------------------------------------------


class _MobileRefundFailed(Exception):
    """The refund is recorded, but a mobile payment could not be given back yet."""

    def __init__(self, amount_fen: int, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.amount_fen = amount_fen
        self.cause = cause


@dataclass(frozen=True)
class _MoneyBack:
    """A refund, void or exchange done: the service's answer, the order after
    it, and the provider's references of mobile payments given back."""

    answer: dict[str, Any]
    order: OrderInfo
    mobile_references: tuple[str, ...]


@dataclass(frozen=True)
class _NewSeat:
    seat_id: str | None
    label: str
    zone_id: str | None
    zone: str
    ticket_type_id: str
    ticket_type: str
    price_fen: int


@dataclass(frozen=True)
class _ExchangePlan:
    """The seats an exchange would give (held), what they cost, the new order's number."""

    session: SessionRow
    hold_id: str | None
    seats: tuple[_NewSeat, ...]
    number: str
    type_names: dict[str, str]

    @property
    def total_fen(self) -> int:
        return sum(s.price_fen for s in self.seats)


# --- dialogs ---------------------------------------------------------------------------


class _MoneyBackDialog(ReasonDialog):
    """A reason, then a refund or a void; says plainly when the refund is
    recorded but a mobile payment could not be given back yet (Enter tries
    again, with the same ids: nothing is given back twice)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owed: str = ""  # set when a mobile refund is still owed after a failure

    def describe_error(self, exc: BaseException) -> str:
        self.owed, text = _describe(exc)
        return text


class _ExchangeDialog(FormDialog):
    """What an exchange gives and takes, and why; the customer pays any
    difference in the payment dialog before the exchange is made."""

    def __init__(
        self,
        page: OrdersPage,
        order: OrderInfo,
        tickets: list[TicketInfo],
        plan: _ExchangePlan,
        shift: ShiftRow,
    ) -> None:
        super().__init__(
            QCoreApplication.translate("OrdersPage", "Exchange tickets"), page, ok_text=""
        )
        self.setObjectName("exchangeDialog")
        self.page = page
        self.order = order
        self.tickets = tickets
        self.plan = plan
        self.shift = shift
        self.refund_id = new_id()
        self.new_order_id = new_id()
        self.paid: list[PaymentLine] | None = None  # taken in the payment dialog
        self.tendered_fen = 0
        self.charges: list[payment_methods.Charge] = []
        self.payment: PaymentDialog | None = None
        self.done_exchange = False
        ctx = page.ctx
        credit = sum(t.price_fen for t in tickets)
        self.difference_fen = plan.total_fen - credit
        starts = ctx.format_time(plan.session.starts_at)
        given = "、".join(
            f"{t.seat_label or t.zone} {t.ticket_type} {format_fen(t.price_fen)}" for t in tickets
        )
        new = "、".join(
            f"{s.label or s.zone} {s.zone} {s.ticket_type} {format_fen(s.price_fen)}"
            for s in plan.seats
        )
        self.add_intro(
            self.tr(
                "Give back: {given} (order {number}).\nNew: {show}, {starts}, {hall}: {new}."
            ).format(
                given=given,
                number=order.number,
                show=plan.session.show_name,
                starts=starts,
                hall=plan.session.hall_name,
                new=new,
            )
        )
        self.difference = QLabel(self)
        self.difference.setObjectName("exchangeDifference")
        self.difference.setStyleSheet(f"font-size: 14pt; font-weight: 700; color: {_INK};")
        self.difference.setWordWrap(True)
        if self.difference_fen > 0:
            self.difference.setText(
                self.tr("The customer pays {amount} more.").format(
                    amount=format_fen(self.difference_fen)
                )
            )
            self.ok.setText(
                self.tr("Take {amount} (Enter)").format(amount=format_fen(self.difference_fen))
            )
        elif self.difference_fen < 0:
            self.difference.setText(
                self.tr("The customer gets {amount} back, the way they paid.").format(
                    amount=format_fen(-self.difference_fen)
                )
            )
            self.ok.setText(self.tr("Exchange (Enter)"))
        else:
            self.difference.setText(self.tr("Same price: nothing to pay or give back."))
            self.ok.setText(self.tr("Exchange (Enter)"))
        self.main_layout.insertWidget(1, self.difference)
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
        if self.difference_fen > 0 and self.paid is None:
            self._take_payment()
            return None
        return self.page.exchange_call(self, reason)

    def _take_payment(self) -> None:
        dialog = PaymentDialog(
            self.difference_fen, self, order_id=self.new_order_id, scans=self.page.ctx.scans
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._paid(dialog))
        dialog.rejected.connect(lambda: self.page.refund_charges(list(dialog.charges), new_id()))
        dialog.finished.connect(lambda _r: setattr(self, "payment", None))
        self.payment = dialog
        dialog.open()

    def _paid(self, dialog: PaymentDialog) -> None:
        self.paid = [PaymentLine(p.method, p.amount_fen, p.reference) for p in dialog.payments]
        self.tendered_fen = dialog.tendered_fen
        self.charges = list(dialog.charges)
        self.submit()

    def describe_error(self, exc: BaseException) -> str:
        return _describe(exc)[1]

    def _saved(self, result: object) -> None:
        self.done_exchange = True
        super()._saved(result)

    def reject(self) -> None:
        if self.busy:
            return
        self.page.exchange_abandoned(self)
        super().reject()


def _describe(exc: BaseException) -> tuple[str, str]:
    """What a money-back dialog says about a failure: (what is still owed, the message)."""
    if isinstance(exc, _MobileRefundFailed):
        owed = QCoreApplication.translate(
            "OrdersPage",
            "{amount} to the customer's mobile pay could not be given back yet: {error}",
        ).format(amount=format_fen(exc.amount_fen), error=error_text(exc.cause))
        return owed, QCoreApplication.translate(
            "OrdersPage", "The refund is recorded, but {owed} Press Enter to try again."
        ).format(owed=owed)
    return "", error_text(exc)


# --- the page ---------------------------------------------------------------------------


def _table(parent: QWidget, model: RowTableModel[Any], name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


class _ChecksModel(RowTableModel[tuple[str, str, str, str]]):
    """The last checks, each result in its verdict's colour."""

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == 1:
            tone = self.rows[index.row()][3]
            return QColor({"green": _GREEN, "amber": _AMBER}.get(tone, _RED))
        return super().data(index, role)


def _rows_high(view: QTableView, rows: int, *, fixed: bool = True) -> None:
    """Make ``view`` exactly (``fixed``) or at least ``rows`` rows high."""
    height = (
        view.horizontalHeader().sizeHint().height()
        + view.verticalHeader().defaultSectionSize() * rows
        + 2 * view.frameWidth()
    )
    if fixed:
        view.setFixedHeight(height)
    else:
        view.setMinimumHeight(height)


def _fit(view: QTableView) -> None:
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count() - 1):
        header.resizeSection(column, min(header.sectionSize(column) + 8, 320))


class OrdersPage(Page):
    """Find an order and act on it, or check tickets (Ctrl+K)."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Orders"))
        self.setStyleSheet(_STYLE)
        self.order: OrderInfo | None = None
        self.dialog: FormDialog | None = None
        self.chooser: QWidget | None = None
        self._scans_connected = False
        self._released_f5: list[QShortcut] = []

        self.refund_order_button = self.add_action_button(
            self.tr("Refund order"), "F5", self.refund_order
        )
        self.refund_button = self.add_action_button(
            self.tr("Refund tickets"), "F6", self.refund_selected
        )
        self.reprint_button = self.add_action_button(self.tr("Reprint"), "F7", self.reprint)
        self.void_button = self.add_action_button(self.tr("Void"), "F8", self.void)
        self.exchange_button = self.add_action_button(self.tr("Exchange"), "F9", self.exchange)
        self.check_button = self.add_action_button(
            self.tr("Check tickets"), "Ctrl+K", self.show_check, primary=True
        )
        self.back_button = self.add_action_button(
            self.tr("Back to orders"), "Esc", self.show_orders
        )
        self.back_button.hide()
        self.check_button.setEnabled(ctx.may(Perm.TICKETS_CHECK))
        self._order_buttons = (
            self.refund_order_button,
            self.refund_button,
            self.reprint_button,
            self.void_button,
            self.exchange_button,
        )
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)

        self.modes = QStackedWidget(self)
        self.orders_panel = self._build_orders_panel()
        self.check_panel = self._build_check_panel()
        self.modes.addWidget(self.orders_panel)
        self.modes.addWidget(self.check_panel)
        self.body.addWidget(self.modes, 1)
        self._show_order(None)

    # --- building -----------------------------------------------------------------------

    def _build_orders_panel(self) -> QWidget:
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)

        self.search = QLineEdit(panel)
        self.search.setObjectName("orderSearch")
        self.search.setMaxLength(600)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Order number or its last digits, phone number, or scan a ticket")
        )
        self.search.returnPressed.connect(self.find)
        find_row = QHBoxLayout()
        find_row.setSpacing(8)
        find_row.addWidget(self.buddy_label(self.tr("&Find (Ctrl+F)"), self.search))
        find_row.addWidget(self.search, 1)
        find_button = QPushButton(self.tr("Find (Enter)"), panel)
        find_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        find_button.clicked.connect(self.find)
        find_row.addWidget(find_button)
        layout.addLayout(find_row)

        self.find_message = QLabel(panel)
        self.find_message.setObjectName("findMessage")
        self.find_message.setWordWrap(True)
        self.find_message.setTextFormat(Qt.TextFormat.PlainText)
        self.find_message.hide()
        layout.addWidget(self.find_message)
        self.notice = QLabel(panel)
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.hide()
        layout.addWidget(self.notice)

        # Several orders found: pick one (the arrows show each at once).
        self.results_model: RowTableModel[OrderInfo] = RowTableModel(
            [
                Column(self.tr("Order"), lambda o: o.number),
                Column(self.tr("Time"), lambda o: self.ctx.format_time(o.created_at)),
                Column(self.tr("Cashier"), lambda o: o.cashier),
                Column(self.tr("Status"), lambda o: self.order_status_text(o.status)),
                Column(self.tr("Total"), lambda o: format_fen(o.total_fen), align_right=True),
                Column(self.tr("Tickets"), self._tickets_summary),
            ],
            panel,
        )
        self.results_view = _table(panel, self.results_model, "orderResults")
        self.results_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._result_chosen(current.row())
        )
        self.results_view.hide()
        layout.addWidget(self.results_view)

        self.empty_label = QLabel(
            self.tr(
                "Type an order number (or its last 4 digits) or a phone number and press Enter, "
                "or scan a ticket."
            ),
            panel,
        )
        self.empty_label.setObjectName("emptyOrder")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label, 1)

        self.detail = QWidget(panel)
        detail = QVBoxLayout(self.detail)
        detail.setContentsMargins(0, 0, 0, 0)
        detail.setSpacing(8)
        detail.addWidget(self._build_header())

        self.tickets_model: RowTableModel[TicketInfo] = RowTableModel(
            [
                Column(self.tr("Seat"), lambda t: t.seat_label or self.tr("Admission")),
                Column(self.tr("Show"), lambda t: t.show),
                Column(self.tr("Starts"), lambda t: self.ctx.format_time(t.starts_at)),
                Column(self.tr("Zone"), lambda t: t.zone),
                Column(self.tr("Type"), lambda t: t.ticket_type),
                Column(self.tr("Price"), lambda t: format_fen(t.price_fen), align_right=True),
                Column(self.tr("Print"), lambda t: str(t.print_no), align_right=True),
                Column(self.tr("Status"), self.ticket_status_text),
            ],
            self.detail,
        )
        self.tickets_view = _table(self.detail, self.tickets_model, "orderTickets")
        self.tickets_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tickets_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_history(current.row())
        )
        self.tickets_view.selectionModel().selectionChanged.connect(
            lambda *_: self._update_actions()
        )
        tickets_heading = QHBoxLayout()
        tickets_heading.addWidget(self._section(self.tr("Tickets")))
        hint = hint_label(
            self.tr("Space selects · Shift+arrows select more · Ctrl+Space unselects"),
            self.detail,
        )
        hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        tickets_heading.addWidget(hint, 1)
        detail.addLayout(tickets_heading)
        _rows_high(self.tickets_view, 4, fixed=False)
        detail.addWidget(self.tickets_view, 1)

        lower = QHBoxLayout()
        lower.setSpacing(12)
        self.history_model: RowTableModel[TicketEventRow] = RowTableModel(
            [
                Column(self.tr("When"), lambda e: self._short_time(e.at)),
                Column(self.tr("What"), lambda e: self.event_text(e.kind)),
                Column(self.tr("Where"), lambda e: e.terminal),
                Column(self.tr("Who"), lambda e: e.login),
                Column(self.tr("Detail"), lambda e: e.detail),
            ],
            self.detail,
        )
        self.history_view = _table(self.detail, self.history_model, "ticketHistory")
        self.history_heading = self._section(self.tr("History of the ticket"))
        self.refunds_model: RowTableModel[RefundRow] = RowTableModel(
            [
                Column(self.tr("Kind"), lambda r: self.refund_kind_text(r.kind)),
                Column(self.tr("When"), lambda r: self._short_time(r.at)),
                Column(self.tr("Who"), lambda r: r.login),
                Column(self.tr("Amount"), lambda r: format_fen(r.amount_fen), align_right=True),
                Column(self.tr("Money back"), self._refund_payments_text),
                Column(self.tr("Reason"), lambda r: r.reason),
            ],
            self.detail,
        )
        self.refunds_view = _table(self.detail, self.refunds_model, "orderRefunds")
        for heading, view, stretch in (
            (self.history_heading, self.history_view, 4),
            (self._section(self.tr("Refunds")), self.refunds_view, 5),
        ):
            column = QVBoxLayout()
            column.setSpacing(4)
            column.addWidget(heading)
            column.addWidget(view, 1)
            lower.addLayout(column, stretch)
        _rows_high(self.history_view, 3, fixed=False)
        _rows_high(self.refunds_view, 3, fixed=False)
        detail.addLayout(lower, 1)
        layout.addWidget(self.detail, 1)
        panel.setTabOrder(self.search, self.results_view)
        panel.setTabOrder(self.results_view, self.tickets_view)
        return panel

    def _section(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName("sectionHeading")
        return label

    def _build_header(self) -> QFrame:
        card = QFrame(self)
        card.setObjectName("card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(6)
        top = QHBoxLayout()
        top.setSpacing(12)
        self.order_title = QLabel(card)
        self.order_title.setObjectName("orderTitle")
        self.order_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.order_status = QLabel(card)
        self.order_status.setObjectName("orderStatus")
        self.order_total = QLabel(card)
        self.order_total.setObjectName("orderTotal")
        top.addWidget(self.order_title)
        top.addWidget(self.order_status)
        top.addStretch(1)
        top.addWidget(self.order_total)
        layout.addLayout(top)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        self.header_fields: dict[str, QLabel] = {}
        fields = (
            ("time", self.tr("Time")),
            ("terminal", self.tr("Terminal")),
            ("cashier", self.tr("Cashier")),
            ("phone", self.tr("Phone")),
            ("paid", self.tr("Paid")),
            ("discount", self.tr("Discount")),
            ("refunded", self.tr("Refunded")),
            ("note", self.tr("Note")),
        )
        for n, (key, caption) in enumerate(fields):
            row, column = divmod(n, 4)
            label = QLabel(caption, card)
            label.setObjectName("fieldCaption")
            value = QLabel(card)
            value.setObjectName(f"order_{key}")
            value.setTextFormat(Qt.TextFormat.PlainText)
            grid.addWidget(label, row, column * 2)
            grid.addWidget(value, row, column * 2 + 1)
            self.header_fields[key] = value
        for column in range(4):
            grid.setColumnStretch(column * 2 + 1, 1)
        layout.addLayout(grid)
        return card

    def _build_check_panel(self) -> QWidget:
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.check_session = QComboBox(panel)
        self.check_session.setObjectName("checkSession")
        self.check_session.setMinimumWidth(360)
        self.check_session.addItem(self.tr("Any session"), None)
        self.check_code = QLineEdit(panel)
        self.check_code.setObjectName("checkCode")
        self.check_code.setMaxLength(600)
        self.check_code.setPlaceholderText(
            self.tr("Scan a ticket, or type its code and press Enter")
        )
        self.check_code.returnPressed.connect(self._check_typed)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.buddy_label(self.tr("&Ticket"), self.check_code))
        row.addWidget(self.check_code, 1)
        row.addSpacing(12)
        row.addWidget(self.buddy_label(self.tr("&Only for"), self.check_session))
        row.addWidget(self.check_session)
        layout.addLayout(row)

        self.verdict = QFrame(panel)
        self.verdict.setObjectName("verdict")
        self.verdict.setMinimumHeight(210)
        box = QVBoxLayout(self.verdict)
        box.setContentsMargins(28, 20, 28, 20)
        box.setSpacing(10)
        self.verdict_title = QLabel(self.verdict)
        self.verdict_title.setObjectName("verdictTitle")
        self.verdict_title.setWordWrap(True)
        self.verdict_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verdict_detail = QLabel(self.verdict)
        self.verdict_detail.setObjectName("verdictDetail")
        self.verdict_detail.setWordWrap(True)
        self.verdict_detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verdict_detail.setTextFormat(Qt.TextFormat.PlainText)
        box.addStretch(1)
        box.addWidget(self.verdict_title)
        box.addWidget(self.verdict_detail)
        box.addStretch(1)
        layout.addWidget(self.verdict, 3)
        self._set_verdict(
            "none",
            self.tr("Scan a ticket"),
            self.tr("Each ticket scanned is checked and admitted at once."),
        )

        self.checks: list[tuple[str, str, str, str]] = []  # time, verdict text, ticket, tone
        self.checks_model: RowTableModel[tuple[str, str, str, str]] = _ChecksModel(
            [
                Column(self.tr("Time"), lambda c: c[0]),
                Column(self.tr("Result"), lambda c: c[1]),
                Column(self.tr("Ticket"), lambda c: c[2]),
            ],
            panel,
        )
        self.checks_view = _table(panel, self.checks_model, "recentChecks")
        layout.addWidget(self._section(self.tr("Last checks")))
        layout.addWidget(self.checks_view, 2)
        layout.addWidget(hint_label(self.tr("Esc goes back to the orders."), panel))
        return panel

    # --- showing ----------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        scans = self.ctx.scans
        if scans is not None and not self._scans_connected:
            scans.scanned.connect(self._scanned)
            self._scans_connected = True
        self._claim_f5(True)
        self._focus_mode()

    def hideEvent(self, event: Any) -> None:
        scans = self.ctx.scans
        if scans is not None and self._scans_connected:
            scans.scanned.disconnect(self._scanned)
            self._scans_connected = False
        self._claim_f5(False)
        super().hideEvent(event)

    def _claim_f5(self, claim: bool) -> None:
        """F5 refunds here; the main window's F5 (refresh) would make the key
        ambiguous, so it rests while this page is shown."""
        if claim:
            window = self.window()
            if window is self:
                return
            mine = set(self.findChildren(QShortcut))
            for shortcut in window.findChildren(QShortcut):
                if (
                    shortcut not in mine
                    and shortcut.isEnabled()
                    and shortcut.key() == QKeySequence(Qt.Key.Key_F5)
                ):
                    shortcut.setEnabled(False)
                    self._released_f5.append(shortcut)
        else:
            for shortcut in self._released_f5:
                shortcut.setEnabled(True)
            self._released_f5.clear()

    def _focus_mode(self) -> None:
        if self.modes.currentWidget() is self.check_panel:
            self.check_code.setFocus()
        else:
            self.search.setFocus()
            self.search.selectAll()

    def focus_search(self) -> None:
        if self.modes.currentWidget() is not self.orders_panel:
            self.show_orders()
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        if self.order is not None:
            self._reload(self.order.id)
        if self.modes.currentWidget() is self.check_panel:
            self._load_check_sessions()

    def _scanned(self, scan: object) -> None:
        if not self.isVisible() or QApplication.activeModalWidget() is not None:
            return  # a dialog above the page (the payment dialog) takes its own scans
        code = str(getattr(scan, "code", scan)).strip()
        if not code:
            return
        if self.modes.currentWidget() is self.check_panel:
            self.check(code)
        else:
            self.search.setText(code)
            self.find()

    # --- texts ------------------------------------------------------------------------------

    def order_status_text(self, status: str) -> str:
        return {
            "paid": self.tr("Paid"),
            "part_refunded": self.tr("Partly refunded"),
            "refunded": self.tr("Refunded"),
            "void": self.tr("Void"),
        }.get(status, status)

    def ticket_status_text(self, t: TicketInfo) -> str:
        if t.status == "valid":
            if t.checked_in_at is not None:
                return self.tr("Used {time} at {where}").format(
                    time=self.ctx.format_time(t.checked_in_at), where=t.checked_in_where or "—"
                )
            return self.tr("Valid")
        if t.status == "void":
            return self.tr("Void")
        if t.history and t.history[-1].kind == "exchange":
            return self.tr("Exchanged")
        return self.tr("Refunded")

    def event_text(self, kind: str) -> str:
        return {
            "sold": self.tr("Sold"),
            "reprint": self.tr("Reprinted"),
            "check_in": self.tr("Checked in"),
            "refund": self.tr("Refunded"),
            "void": self.tr("Voided"),
            "exchange": self.tr("Exchanged"),
        }.get(kind, kind)

    def refund_kind_text(self, kind: str) -> str:
        return {
            "refund": self.tr("Refund"),
            "void": self.tr("Void"),
            "exchange": self.tr("Exchange"),
        }.get(kind, kind)

    def method_text(self, method: str) -> str:
        if method == "exchange":
            return self.tr("Exchanged tickets")
        known = payment_methods.PAYMENT_METHODS.get(method)
        if known is None:
            return method
        return QCoreApplication.translate("core", known.name)

    def _payment_text(self, method: str, amount_fen: int, reference: str) -> str:
        text = f"{self.method_text(method)} {format_fen(amount_fen)}"
        return f"{text} ({reference})" if reference and method != "exchange" else text

    def _refund_payments_text(self, r: RefundRow) -> str:
        return " · ".join(
            self._payment_text(p.method, p.amount_fen, p.reference) for p in r.payments
        )

    def _tickets_summary(self, o: OrderInfo) -> str:
        if not o.tickets:
            return ""
        first = o.tickets[0]
        return self.tr("{count} × {show} {starts}").format(
            count=len(o.tickets), show=first.show, starts=self.ctx.format_time(first.starts_at)
        )

    def _seats_text(self, tickets: Sequence[TicketInfo]) -> str:
        return "、".join(t.seat_label or t.ticket_type for t in tickets)

    # --- notices ------------------------------------------------------------------------

    def show_notice(self, text: str, *, error: bool = False) -> None:
        """The outcome of the last action, green, or what stopped it, red."""
        self.notice.setProperty("kind", "error" if error else "done")
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self.notice.style().unpolish(self.notice)
        self.notice.style().polish(self.notice)

    def _refused(self, exc: BaseException) -> None:
        """A service refused before any dialog opened: said in the notice."""
        if isinstance(exc, (BoxOfficeError, SyncError)):
            self.show_notice(error_text(exc), error=True)
        else:
            report_error(self, exc)

    # --- finding --------------------------------------------------------------------------

    def find(self) -> None:
        query = self.search.text().strip()
        if not query:
            self._find_failed(self.tr("Type or scan an order number, a phone number or a ticket."))
            return
        call = self.ctx.call
        Op(self, lambda: call(orders.list_matching_orders, query)).success(self._found).failure(
            self._find_error
        ).run_in_background()

    def _find_error(self, exc: BaseException) -> None:
        if isinstance(exc, (BoxOfficeError, SyncError)):
            self._find_failed(error_text(exc))
        else:
            report_error(self, exc)

    def _find_failed(self, text: str) -> None:
        self.find_message.setText(text)
        self.find_message.show()
        self.search.setFocus()
        self.search.selectAll()

    def _found(self, found: list[OrderInfo]) -> None:
        self.find_message.hide()
        self.show_notice("")
        self.results_model.set_rows(found)
        several = len(found) > 1
        self.results_view.setVisible(several)
        if several:
            _fit(self.results_view)
            _rows_high(self.results_view, min(len(found), 4))
            self.results_view.setCurrentIndex(self.results_model.index(0, 0))
            self.results_view.setFocus()
        else:
            self._show_order(found[0] if found else None)
            self.tickets_view.setFocus()
        self.search.selectAll()

    def _result_chosen(self, row: int) -> None:
        if 0 <= row < len(self.results_model.rows):
            self._show_order(self.results_model.rows[row])

    def _reload(self, order_id: str, then: Callable[[], None] | None = None) -> None:
        call = self.ctx.call

        def shown(info: OrderInfo) -> None:
            self._replace_result(info)
            if self.order is None or self.order.id == info.id:
                self._show_order(info)
            if then is not None:
                then()

        Op(self, lambda: call(orders.list_order_detail, order_id)).success(
            shown
        ).run_in_background()

    def _replace_result(self, info: OrderInfo) -> None:
        rows = self.results_model.rows
        for n, row in enumerate(rows):
            if row.id == info.id:
                rows[n] = info
                self.results_model.dataChanged.emit(
                    self.results_model.index(n, 0),
                    self.results_model.index(n, self.results_model.columnCount() - 1),
                )

    def _show_order(self, order: OrderInfo | None) -> None:
        previous = self.order
        same_order = previous is not None and order is not None and previous.id == order.id
        keep = self._selected_ids() if same_order else set()
        current = self._current_ticket() if same_order else None
        self.order = order
        self.empty_label.setVisible(order is None)
        self.detail.setVisible(order is not None)
        if order is None:
            self.tickets_model.set_rows([])
            self.history_model.set_rows([])
            self.refunds_model.set_rows([])
            self._update_actions()
            return
        self.order_title.setText(self.tr("Order {number}").format(number=order.number))
        self.order_status.setText(self.order_status_text(order.status))
        self.order_status.setProperty("state", order.status)
        self.order_status.style().unpolish(self.order_status)
        self.order_status.style().polish(self.order_status)
        self.order_total.setText(format_fen(order.total_fen))
        f = self.header_fields
        f["time"].setText(self.ctx.format_time(order.created_at, seconds=True))
        f["terminal"].setText(order.terminal or "—")
        f["cashier"].setText(order.cashier or "—")
        f["phone"].setText(order.phone or "—")
        f["paid"].setText(
            " · ".join(
                self._payment_text(p.method, p.amount_fen, p.reference) for p in order.payments
            )
            or "—"
        )
        f["discount"].setText(format_fen(order.discount_fen) if order.discount_fen else "—")
        f["refunded"].setText(format_fen(order.refunded_fen) if order.refunds else "—")
        f["note"].setText(order.note or "—")
        self.tickets_model.set_rows(order.tickets)
        _fit(self.tickets_view)
        self.refunds_model.set_rows(order.refunds)
        _fit(self.refunds_view)
        selection = self.tickets_view.selectionModel()
        for n, t in enumerate(order.tickets):
            if t.ticket_id in keep:
                selection.select(
                    self.tickets_model.index(n, 0),
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
        row = 0
        if current is not None:
            row = next(
                (n for n, t in enumerate(order.tickets) if t.ticket_id == current.ticket_id), 0
            )
        if order.tickets:
            # The current ticket shows its history; nothing is selected until the cashier says.
            selection.setCurrentIndex(
                self.tickets_model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
        self._show_history(row)
        self._update_actions()

    def _show_history(self, row: int) -> None:
        order = self.order
        if order is None or not 0 <= row < len(self.tickets_model.rows):
            self.history_model.set_rows([])
            self.history_heading.setText(self.tr("History of the ticket"))
            return
        ticket = self.tickets_model.rows[row]
        sold = TicketEventRow(order.created_at, "sold", order.terminal, order.cashier, "")
        self.history_model.set_rows([sold, *ticket.history])
        _fit(self.history_view)
        self.history_heading.setText(
            self.tr("History of {seat}").format(seat=ticket.seat_label or ticket.ticket_type)
        )

    def _current_ticket(self) -> TicketInfo | None:
        row = self.tickets_view.currentIndex().row()
        rows = self.tickets_model.rows
        return rows[row] if 0 <= row < len(rows) else None

    def selected_tickets(self) -> list[TicketInfo]:
        rows = self.tickets_model.rows
        chosen = sorted(i.row() for i in self.tickets_view.selectionModel().selectedRows())
        return [rows[n] for n in chosen if n < len(rows)]

    def _selected_ids(self) -> set[str]:
        return {t.ticket_id for t in self.selected_tickets()}

    def _update_actions(self) -> None:
        order = self.order
        in_orders = self.modes.currentWidget() is not self.check_panel
        live = order is not None and order.status != "void" and in_orders
        valid = order.valid_tickets() if order is not None else []
        selected = self.selected_tickets() if order is not None else []
        may = self.ctx.may
        self.refund_order_button.setEnabled(live and bool(valid) and may(Perm.TICKETS_REFUND))
        self.refund_button.setEnabled(live and bool(selected) and may(Perm.TICKETS_REFUND))
        self.reprint_button.setEnabled(
            live
            and may(Perm.TICKETS_REPRINT)
            and (any(t.status == "valid" for t in selected) if selected else bool(valid))
        )
        # An exchange's new order was paid with the old tickets: voiding it would
        # give the customer nothing back, so it is refunded instead.
        self.void_button.setEnabled(
            in_orders
            and order is not None
            and order.status == "paid"
            and not any(p.method == "exchange" for p in order.payments)
            and may(Perm.TICKETS_SELL)
        )
        self.exchange_button.setEnabled(
            live and bool(selected) and may(Perm.TICKETS_REFUND) and may(Perm.TICKETS_SELL)
        )

    # --- the shift money comes out of ----------------------------------------------------------

    def _with_shift(self, then: Callable[[ShiftRow], None]) -> None:
        """Go on with the caller's open shift at this window, or say to open one."""
        call = self.ctx.call
        me = self.ctx.me

        def got(shift: ShiftRow | None) -> None:
            if shift is None:
                self.show_notice(self.tr("Open a shift first (Shift page)."), error=True)
            elif shift.user_id != me.user_id:
                self.show_notice(
                    self.tr(
                        "The shift open at this window is {cashier}'s. "
                        "Money can only come out of your own shift: open one first (Shift page)."
                    ).format(cashier=shift.cashier),
                    error=True,
                )
            else:
                then(shift)

        Op(self, lambda: call(shifts.list_current_shift)).success(got).failure(
            self._refused
        ).run_in_background()

    def _not_valid(self, tickets: Sequence[TicketInfo]) -> str | None:
        """Why these tickets cannot be given back, or None."""
        for t in tickets:
            if t.status != "valid":
                seat = t.seat_label or t.ticket_id.replace("-", "")[-8:].upper()
                if t.status == "void":
                    return self.tr("The ticket {seat} is void.").format(seat=seat)
                return self.tr("The ticket {seat} was already refunded.").format(seat=seat)
        return None

    # --- refund and void ------------------------------------------------------------------

    def refund_order(self) -> None:
        order = self.order
        if order is None:
            return
        tickets = order.valid_tickets()
        if not tickets:
            self.show_notice(
                self.tr("Every ticket of order {number} was already refunded.").format(
                    number=order.number
                ),
                error=True,
            )
            return
        self._with_shift(lambda shift: self._ask_refund(order, tickets, [], shift))

    def refund_selected(self) -> None:
        order = self.order
        if order is None:
            return
        tickets = self.selected_tickets()
        if not tickets:
            self.show_notice(
                self.tr("Select the tickets to refund first: Space selects the current ticket."),
                error=True,
            )
            return
        problem = self._not_valid(tickets)
        if problem:
            self.show_notice(problem, error=True)
            return
        self._with_shift(
            lambda shift: self._ask_refund(order, tickets, [t.ticket_id for t in tickets], shift)
        )

    def _ask_refund(
        self, order: OrderInfo, tickets: list[TicketInfo], ticket_ids: list[str], shift: ShiftRow
    ) -> None:
        refund_id = new_id()
        amount = sum(t.price_fen for t in tickets)
        intro = self.tr(
            "Refund {count} ticket(s) of order {number}: {seats}. {amount} goes back the way it was paid."
        ).format(
            count=len(tickets),
            number=order.number,
            seats=self._seats_text(tickets),
            amount=format_fen(amount),
        )
        used = [t for t in tickets if t.checked_in_at is not None]
        if used:
            intro += "\n\n" + self.tr(
                "The ticket {seat} was already used ({time}); refunding it needs the permission to force refunds."
            ).format(seat=used[0].seat_label, time=self.ctx.format_time(used[0].checked_in_at))
        ctx = self.ctx

        def refund(reason: str) -> _MoneyBack:
            answer = ctx.call(
                orders.refund_tickets,
                refund_id=refund_id,
                order_id=order.id,
                ticket_ids=ticket_ids,
                reason=reason,
                shift_id=shift.id,
            )
            return _money_back(ctx, answer)

        self._ask_money_back(
            self.tr("Refund tickets"),
            intro,
            refund,
            self.tr("Refund {amount} (Enter)").format(amount=format_fen(amount)),
        )

    def void(self) -> None:
        order = self.order
        if order is None:
            return
        self._with_shift(lambda shift: self._ask_void(order, shift))

    def _ask_void(self, order: OrderInfo, shift: ShiftRow) -> None:
        refund_id = new_id()
        ctx = self.ctx
        intro = self.tr(
            "Void (作废) order {number}? All its {count} ticket(s) become void and {amount} "
            "goes back as it was paid. Only the last sale of your shift can be voided, "
            "within {minutes} minutes of the sale."
        ).format(
            number=order.number,
            count=len(order.valid_tickets()),
            amount=format_fen(order.total_fen),
            minutes=ctx.settings.void_minutes,
        )

        def void(reason: str) -> _MoneyBack:
            answer = ctx.call(
                orders.void_order,
                refund_id=refund_id,
                order_id=order.id,
                reason=reason,
                shift_id=shift.id,
            )
            return _money_back(ctx, answer)

        self._ask_money_back(self.tr("Void order"), intro, void, self.tr("Void order (Enter)"))

    def _ask_money_back(
        self, title: str, intro: str, call: Callable[[str], _MoneyBack], ok: str
    ) -> None:
        order_id = self.order.id if self.order is not None else None
        dialog = _MoneyBackDialog(title, intro, call, self, ok_text=ok)
        dialog.saved.connect(self._money_given_back)

        def closed(result: int) -> None:
            if result != QDialog.DialogCode.Accepted.value and dialog.owed:
                self.show_notice(
                    self.tr(
                        "The refund is recorded, but {owed} Give it back on the payment "
                        "provider's merchant platform."
                    ).format(owed=dialog.owed),
                    error=True,
                )
            if result != QDialog.DialogCode.Accepted.value and order_id is not None:
                self._reload(order_id)  # a refusal may mean the order changed elsewhere
            self.tickets_view.setFocus()

        dialog.finished.connect(closed)
        self.open_dialog(dialog, "dialog")

    def _money_given_back(self, result: object) -> None:
        assert isinstance(result, _MoneyBack)
        self._replace_result(result.order)
        self._show_order(result.order)
        self.tickets_view.clearSelection()
        self.show_notice(self.money_back_text(result.answer))

    def money_back_text(self, answer: dict[str, Any]) -> str:
        """What the cashier does now: the amount and where each part goes."""
        parts = self._money_parts(answer.get("payments", []))
        kind = answer.get("kind")
        amount = format_fen(int(answer.get("amount_fen", 0)))
        if kind == "void":
            head = self.tr("Order {number} is void ({amount})").format(
                number=answer.get("number", ""), amount=amount
            )
            slip = self.tr("The void slip is printing.")
        else:
            head = self.tr("Refunded {amount}").format(amount=amount)
            slip = self.tr("The refund slip is printing: have the customer sign it.")
        how = "; ".join(parts)
        return (f"{head}: {how}. " if how else f"{head}. ") + slip

    def _money_parts(self, payments: Sequence[dict[str, Any]]) -> list[str]:
        """Where each part of the money goes back, in words."""
        parts = []
        for p in payments:
            amount = format_fen(int(p["amount_fen"]))
            method = p["method"]
            if method == "cash":
                parts.append(self.tr("cash {amount} from the drawer").format(amount=amount))
            elif method == "card":
                parts.append(
                    self.tr("card {amount}: refund it on the bank's card terminal").format(
                        amount=amount
                    )
                )
            elif method == "mobile":
                parts.append(
                    self.tr("mobile pay {amount} back to the customer's phone").format(
                        amount=amount
                    )
                )
            elif method != "exchange":
                parts.append(f"{self.method_text(method)} {amount}")
        return parts

    # --- reprint ----------------------------------------------------------------------------

    def reprint(self) -> None:
        order = self.order
        if order is None:
            return
        selected = self.selected_tickets()
        tickets = (
            [t for t in selected if t.status == "valid"] if selected else order.valid_tickets()
        )
        if not tickets:
            self.show_notice(self.tr("Only valid tickets can be reprinted."), error=True)
            return
        ctx = self.ctx
        call = ctx.call
        me = ctx.me
        ids = [t.ticket_id for t in tickets]

        def reprint(reason: str) -> list[TicketInfo]:
            shift = call(shifts.list_current_shift)
            printed = call(
                orders.reprint_tickets,
                order_id=order.id,
                ticket_ids=ids,
                reason=reason,
                shift_id=shift.id if shift is not None and shift.user_id == me.user_id else None,
            )
            session = _session_of(ctx, printed[0])
            who, paper = sale_context(ctx), templates(ctx)
            queue_paper(
                ctx,
                lambda db: printouts.queue_reprints(
                    db, printed, session, order.number, who, paper, created_by=me.user_id
                ),
            )
            return printed

        dialog = ReasonDialog(
            self.tr("Reprint tickets"),
            self.tr(
                "{seats} of order {number} print again, marked 重打 REPRINT. "
                "The paper they replace no longer admits anyone."
            ).format(seats=self._seats_text(tickets), number=order.number),
            reprint,
            self,
            ok_text=self.tr("Reprint (Enter)"),
        )

        def reprinted(result: object) -> None:
            printed = result if isinstance(result, list) else []
            self.show_notice(
                self.tr("Reprinting {seats}: the earlier paper no longer admits anyone.").format(
                    seats=self._seats_text(printed)
                )
            )
            self._reload(order.id)

        dialog.saved.connect(reprinted)
        dialog.finished.connect(lambda _r: self.tickets_view.setFocus())
        self.open_dialog(dialog, "dialog")

    # --- exchange ----------------------------------------------------------------------------

    def exchange(self) -> None:
        order = self.order
        if order is None:
            return
        tickets = self.selected_tickets()
        if not tickets:
            self.show_notice(
                self.tr("Select the tickets to exchange first: Space selects the current ticket."),
                error=True,
            )
            return
        problem = self._not_valid(tickets)
        if problem is None and any(t.checked_in_at is not None for t in tickets):
            problem = self.tr("A used ticket cannot be exchanged.")
        if problem:
            self.show_notice(problem, error=True)
            return
        self._with_shift(lambda shift: self._choose_session(order, tickets, shift))

    def _choose_session(self, order: OrderInfo, tickets: list[TicketInfo], shift: ShiftRow) -> None:
        # The same session first (other seats); PgDn and the search find another.
        chooser = SessionChooserDialog(
            self.ctx,
            self,
            day=self.ctx.local(tickets[0].starts_at).date(),
            current=SessionId(tickets[0].session_id),
        )

        def chosen() -> None:
            session = getattr(chooser, "chosen", None)
            if session is not None:
                self._plan_exchange(order, tickets, shift, session)

        chooser.accepted.connect(chosen)
        self.open_dialog(chooser, "chooser")

    def _plan_exchange(
        self, order: OrderInfo, tickets: list[TicketInfo], shift: ShiftRow, session: SessionRow
    ) -> None:
        ctx = self.ctx
        call = ctx.call
        me = ctx.me

        def plan() -> _ExchangePlan:
            types = {t.id: t for t in call(catalogue.list_ticket_types)}
            zones = {z.id: z for z in session.zones}
            seats = call(seating.list_session_seats, session.id)
            hold_id: str | None = None
            if seats:
                hold = call(seating.best_available, session.id, len(tickets)).hold
                hold_id = hold.hold_id
                by_id = {s.seat_id: s for s in seats}
                places = [
                    (by_id[s].seat_id, by_id[s].label, by_id[s].zone_id) for s in hold.seat_ids
                ]
            else:  # general admission: the session's first price zone
                zone_id = session.zones[0].id if session.zones else None
                places = [(None, "", zone_id)] * len(tickets)
            new = []
            for old, (seat_id, label, zone_id) in zip(tickets, places, strict=True):
                zone = zones.get(zone_id or "")
                kind = types.get(old.ticket_type_id)
                price = kind.price_for(zone.price_fen) if kind and zone else 0
                new.append(
                    _NewSeat(
                        seat_id,
                        label,
                        None if seat_id else zone_id,
                        zone.name if zone else "",
                        old.ticket_type_id,
                        old.ticket_type,
                        price,
                    )
                )
            number = selling.next_order_number(
                ctx.store, me.terminal_name, me.terminal_id, ctx.zone
            )
            return _ExchangePlan(
                session, hold_id, tuple(new), number, {t.id: t.name for t in types.values()}
            )

        def planned(p: _ExchangePlan) -> None:
            dialog = _ExchangeDialog(self, order, tickets, p, shift)
            dialog.saved.connect(self._exchanged)
            dialog.finished.connect(lambda _r: self.tickets_view.setFocus())
            self.open_dialog(dialog, "dialog")

        Op(self, plan).success(planned).failure(self._refused).run_in_background()

    def exchange_call(self, dialog: _ExchangeDialog, reason: str) -> Callable[[], object]:
        """The exchange itself, with what the customer paid (run by the dialog)."""
        ctx = self.ctx
        me = ctx.me
        order, tickets, plan = dialog.order, dialog.tickets, dialog.plan
        paid = list(dialog.paid or [])
        tendered = dialog.tendered_fen
        new = NewTickets(
            order_id=dialog.new_order_id,
            number=plan.number,
            session_id=plan.session.id,
            hold_id=plan.hold_id,
            lines=[SaleLine(s.seat_id, s.ticket_type_id, s.zone_id) for s in plan.seats],
            payments=paid,
        )
        refund_id, shift_id = dialog.refund_id, dialog.shift.id

        def run() -> tuple[_MoneyBack, OrderInfo]:
            answer = ctx.call(
                orders.exchange_tickets,
                refund_id=refund_id,
                order_id=order.id,
                ticket_ids=[t.ticket_id for t in tickets],
                reason=reason,
                shift_id=shift_id,
                new=new,
            )
            sale = answer["sale"]

            def tickets_too(db: Any) -> list[str]:
                return printouts.queue_sale_printouts(
                    db,
                    sale,
                    plan.session,
                    plan.type_names,
                    sale_context(ctx),
                    templates(ctx),
                    created_by=me.user_id,
                    tendered_fen=tendered,
                )

            back = _money_back(ctx, answer, before=tickets_too)
            return back, ctx.call(orders.list_order_detail, str(sale["order_id"]))

        return run

    def refund_charges(self, charges: list[payment_methods.Charge], reason_id: str) -> None:
        """Give back mobile charges taken for a payment that was then cancelled."""
        if not charges:
            return

        def refund() -> list[str]:
            return payment_methods.refund_charges(payment_methods.provider(), charges, reason_id)

        Op(self, refund).failure(self._refused).run_in_background()

    def exchange_abandoned(self, dialog: _ExchangeDialog) -> None:
        """The exchange dialog was cancelled: free the held seats and give back
        a mobile charge taken for it (off the GUI thread)."""
        if dialog.done_exchange:
            return
        ctx = self.ctx
        hold_id, charges, refund_id = dialog.plan.hold_id, list(dialog.charges), dialog.refund_id
        if dialog.paid:
            said = [self.tr("Exchange cancelled: nothing was exchanged.")]
            for method in ("cash", "card", "mobile"):
                amount = sum(p.amount_fen for p in dialog.paid if p.method == method)
                if not amount:
                    continue
                money = format_fen(amount)
                said.append(
                    {
                        "cash": self.tr("Give the customer back the {amount} cash taken."),
                        "card": self.tr(
                            "Refund the card payment of {amount} on the card terminal."
                        ),
                        "mobile": self.tr(
                            "The mobile payment of {amount} goes back to their phone."
                        ),
                    }[method].format(amount=money)
                )
            self.show_notice(" ".join(said), error=True)

        def undo() -> None:
            if charges:
                payment_methods.refund_charges(payment_methods.provider(), charges, refund_id)
            if hold_id is not None:
                # A hold that ran out already has freed its seats by itself.
                with contextlib.suppress(BoxOfficeError):
                    ctx.call(seating.release_hold, hold_id)

        Op(self, undo).failure(self._refused).run_in_background()

    def _exchanged(self, result: object) -> None:
        assert isinstance(result, tuple)
        back, new_order = result
        assert isinstance(back, _MoneyBack)
        self.results_model.set_rows([new_order, back.order])
        self.results_view.show()
        _fit(self.results_view)
        _rows_high(self.results_view, 2)
        self.results_view.setCurrentIndex(self.results_model.index(0, 0))
        answer = back.answer
        sale = answer.get("sale", {})
        seats = "、".join(t.get("label") or "" for t in sale.get("tickets", [])) or "—"
        text = self.tr(
            "Exchanged: new order {number}, {seats}. The new tickets and the exchange slip are printing."
        ).format(number=sale.get("number", ""), seats=seats)
        paid = sum(
            p["amount_fen"] for p in sale.get("payments", []) if p.get("method") != "exchange"
        )
        if paid:
            text += " " + self.tr("The customer paid {amount}.").format(amount=format_fen(paid))
        back = self._money_parts(answer.get("payments", []))
        if back:
            text += " " + self.tr("Back to the customer: {parts}.").format(parts="; ".join(back))
        self.show_notice(text)

    # --- checking tickets ------------------------------------------------------------------

    def show_check(self) -> None:
        if not self.ctx.may(Perm.TICKETS_CHECK):
            return
        if self.modes.currentWidget() is self.check_panel:
            self.show_orders()
            return
        self.modes.setCurrentWidget(self.check_panel)
        for button in self._order_buttons:
            button.hide()
        self.check_button.hide()
        self.back_button.show()
        self.heading.setText(self.tr("Check tickets"))
        self._load_check_sessions()
        self.check_code.setFocus()

    def show_orders(self) -> None:
        self.modes.setCurrentWidget(self.orders_panel)
        for button in self._order_buttons:
            button.show()
        self.back_button.hide()
        self.check_button.show()
        self.heading.setText(self.tr("Orders"))
        self._update_actions()
        self.search.setFocus()
        self.search.selectAll()

    def _load_check_sessions(self) -> None:
        ctx = self.ctx
        start = ctx.day_start(ctx.today())
        call = ctx.call

        def fill(rows: list[SessionRow]) -> None:
            chosen = self.check_session.currentData()
            self.check_session.blockSignals(True)
            self.check_session.clear()
            self.check_session.addItem(self.tr("Any session"), None)
            for s in rows:
                label = f"{ctx.local(s.starts_at):%H:%M}  {s.show_name} · {s.hall_name}"
                self.check_session.addItem(label, s.id)
            index = self.check_session.findData(chosen)
            self.check_session.setCurrentIndex(max(index, 0))
            self.check_session.blockSignals(False)

        Op(
            self,
            lambda: call(
                catalogue.list_sessions, starts_from=start, starts_before=start + timedelta(days=1)
            ),
        ).success(fill).failure(lambda _e: None).run_in_background()

    def _check_typed(self) -> None:
        code = self.check_code.text().strip()
        self.check_code.clear()
        if code:
            self.check(code)

    def check(self, code: str) -> None:
        """Check (and admit) one scanned ticket."""
        session_id = self.check_session.currentData()
        call = self.ctx.call
        Op(
            self,
            lambda: call(orders.check_ticket, code, session_id=session_id, admit=True),
        ).success(lambda result: self._checked(code, result)).failure(
            self._check_failed
        ).run_in_background()

    def _check_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, (BoxOfficeError, SyncError)):
            log.error("checking a ticket failed", exc_info=exc)
        text = error_text(exc)
        self._set_verdict("red", self.tr("Not checked"), text)
        self._remember(self.tr("Not checked"), text, "red")

    @staticmethod
    def _code_text(code: str) -> str:
        return code if len(code) <= 32 else code[:29] + "…"

    def _checked(self, code: str, result: CheckResult) -> None:
        title, detail = self.verdict_text(result)
        tone = _TONES.get(result.verdict, "red")
        self._set_verdict(tone, title, detail)
        self._remember(
            title,
            self._ticket_text(result.ticket) if result.ticket else self._code_text(code),
            tone,
        )

    def verdict_text(self, result: CheckResult) -> tuple[str, str]:
        t = result.ticket
        what = self._ticket_text(t) if t is not None else ""
        verdict = result.verdict
        if verdict == "valid":
            return self.tr("Valid — admitted"), what
        if verdict == "used":
            return (
                self.tr("Already used at {time} at {where}").format(
                    time=self._short_time(result.used_at),
                    where=result.used_where or "—",
                ),
                what,
            )
        if verdict == "refunded":
            exchanged = t is not None and t.history and t.history[-1].kind == "exchange"
            title = self.tr("Exchanged — not valid") if exchanged else self.tr("Refunded")
            return title, what
        if verdict == "void":
            return self.tr("Void"), what
        if verdict == "replaced":
            return self.tr("Replaced by a reprint — this paper is no longer valid"), what
        if verdict == "wrong_session":
            return self.tr("Not for this session"), what
        if verdict == "unknown":
            return self.tr("Unknown ticket — not sold here"), self.tr(
                "The code is signed by this venue but no such ticket exists in this store."
            )
        if verdict == "forged":
            return self.tr("Forged or from another venue"), self.tr("Do not admit.")
        if verdict == "not_a_ticket":
            return self.tr("Not a ticket"), self.tr("This barcode is not one of our tickets.")
        if verdict == "garbled":
            return self.tr("Cannot be read"), self.tr("Scan it again, or type the code.")
        return verdict, what

    def _short_time(self, moment: Any) -> str:
        """A time today as 14:05:09, another day with its date."""
        if moment is None:
            return "—"
        local = self.ctx.local(moment)
        if local.date() == self.ctx.today():
            return local.strftime("%H:%M:%S")
        return self.ctx.format_time(moment)

    def _ticket_text(self, t: TicketInfo) -> str:
        return " · ".join(
            part
            for part in (
                t.show,
                self.ctx.format_time(t.starts_at),
                t.seat_label or t.zone,
                t.ticket_type,
            )
            if part
        )

    def _set_verdict(self, tone: str, title: str, detail: str) -> None:
        self.verdict.setProperty("tone", tone)
        self.verdict_title.setText(title)
        self.verdict_detail.setText(detail)
        for widget in (self.verdict, self.verdict_title, self.verdict_detail):
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def _remember(self, title: str, ticket: str, tone: str) -> None:
        when = self.ctx.local(now()).strftime("%H:%M:%S")
        self.checks.insert(0, (when, title, ticket, tone))
        del self.checks[MAX_CHECKS:]
        self.checks_model.set_rows(self.checks)
        _fit(self.checks_view)


# --- off the GUI thread ----------------------------------------------------------------------


def _money_back(
    ctx: AppContext,
    answer: dict[str, Any],
    *,
    before: Callable[[Any], object] | None = None,
) -> _MoneyBack:
    """After a refund, void or exchange is recorded: give mobile payments back
    through the provider (each under ``{refund_id}:{n}``, so a retry refunds
    once), then queue the slip (and ``before``'s paper first) on this
    terminal's receipt printer. Runs off the GUI thread."""
    provider = payment_methods.provider()
    references = []
    n = 0
    for p in answer.get("payments", []):
        if p["method"] != "mobile":
            continue
        n += 1
        try:
            references.append(
                provider.refund(p["reference"], int(p["amount_fen"]), f"{answer['refund_id']}:{n}")
            )
        except Exception as exc:  # the refund is recorded; the dialog offers a retry
            raise _MobileRefundFailed(int(p["amount_fen"]), exc) from exc
    info = ctx.call(orders.list_order_detail, str(answer["order_id"]))
    slip = printouts.refund_slip(info, answer, sale_context(ctx), templates(ctx))
    me = ctx.me

    def write(db: Any) -> None:
        if before is not None:
            before(db)
        print_queue.queue_documents(
            db, [slip], printer="receipt", created_by=me.user_id, order_id=info.id
        )

    queue_paper(ctx, write)
    return _MoneyBack(answer, info, tuple(references))


def _session_of(ctx: AppContext, ticket: TicketInfo) -> SessionRow:
    """The catalogue row of a ticket's session (what a ticket prints)."""
    rows = ctx.call(
        catalogue.list_sessions,
        starts_from=ticket.starts_at - timedelta(minutes=1),
        starts_before=ticket.starts_at + timedelta(minutes=1),
    )
    for row in rows:
        if row.id == ticket.session_id:
            return row
    raise LookupError(f"session {ticket.session_id} not listed")
