"""收银: the merchant till, worked all day with a barcode scanner and the keyboard.

A sale: scan the goods (each scan adds one; the same product at the same
price adds to its line), F12, Enter (exact cash). Two keys after the scans;
the receipt prints, cash opens the drawer, the change is shown large, and the
code line is ready for the next customer's first scan.

Keys (shown on the buttons and in the line at the bottom):

================  ==========================================================
scan              anywhere on the page: add the product (an in-store code
                  from the scale adds its item at the price inside it); a
                  receipt's code opens it (refund, delivery)
code line, Enter  ``3*6923456101012`` or ``3*10101`` adds three; a code adds
                  one; a word (可乐) searches; ``/4`` adds favourite 4
Alt+1 … Alt+9     favourites 1–9 (the buttons on the right show their number)
↑ / ↓             choose the cart line the next keys act on
F6 or ``*``       quantity of the chosen line (``*`` on an empty code line)
Del               remove the chosen line (on an empty code line); logged
F7 / F8           discount of the line / of the order, with a reason
                  (``sales.discount`` only)
F10               delivery: recipient, phone, address, kept with the sale
F4                search the products by name, code or barcode
F12, Ctrl+Enter   pay
Ctrl+M            商家收款: take a payment for the merchant (an amount and
                  what it is for, no goods)
Ctrl+H / Ctrl+R   put the cart aside (挂单) / bring one back
Esc               clear the cart, after a question; logged
F11               a receipt: scan or type its number, refund lines, change
                  its delivery details
F9                open the shift (count the opening float)
F2                the merchant to sell for (venue staff only)
================  ==========================================================

Nothing is sold without the operator's own shift open at this till, as at a
ticket window; closing it is on 交班.

At a terminal of a central store the till keeps its catalogue and the open
shift in its own store (:mod:`sync.till_cache`), so it goes on selling when
the central store is away, even after a restart: such a sale is queued in the
outbox and sent later under its own order id (``sync.selling``), and its
receipt prints at once, marked 待上传 (a till's receipt needs nothing from the
central store). Refunds and delivery changes need the central store.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boxoffice import barcodes, payments, wire
from boxoffice.clock import now
from boxoffice.errors import BoxOfficeError, ValidationError
from boxoffice.ids import new_id
from boxoffice.money import MAX_FEN, format_fen
from boxoffice.permissions import Perm
from boxoffice.services import printouts, shifts, till
from boxoffice.services.seating import PaymentLine
from boxoffice.services.shifts import CashCount, ShiftRow
from boxoffice.services.till import (
    GoodsLine,
    GoodsOrderRow,
    HeldCartRow,
    RefundItem,
    RemovedGoods,
    TillCatalogue,
    TillSku,
)
from devices.pole import PoleDisplay
from printing.document import Document
from sync import outbox, selling, till_cache
from sync.client import InFlight, Unreachable

from .. import window_support
from ..cash_count import CashCountDialog
from ..checkout import CheckoutTotals, give_back_charges
from ..context import AppContext
from ..dialogs import FormDialog, hint_label
from ..money_edit import MoneyEdit
from ..ops import Op, ask, error_text
from ..payment_dialog import PaymentDialog
from .base import Page, shortcut_label
from .window import TextDialog

_INK, _MUTED, _RED, _GREEN, _BLUE, _AMBER = (
    "#1f2a37",
    "#6b7280",
    "#b91c1c",
    "#15803d",
    "#1d4ed8",
    "#b45309",
)
FAVOURITE_KEYS = 9
"""Favourites 1–9 have Alt+n; every favourite has ``/n`` in the code line."""
_RECEIPT_CODE = re.compile(r"^(?:[Rr]:)?\d{6}-[0-9A-Z]{1,6}-\d{4}$")
"""An order number as ``sync.selling`` mints it (the receipt's barcode)."""
_WORD = re.compile(r"^\s*(?:(\d{1,4})\s*[*xX×]\s*)?(.+?)\s*$")
_PHONE = re.compile(r"[0-9][0-9 -]{2,19}")
OFFLINE = (Unreachable, InFlight)
QUEUED_NOTE = "待上传"
"""Printed on the receipt of a sale queued for the central store (the paper is Chinese)."""


def plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


# --- the cart ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CartLine:
    """One line of the cart: ``qty`` of a SKU at ``unit_price_fen``."""

    sku: TillSku
    qty: int
    unit_price_fen: int
    discount_fen: int = 0
    barcode: str = ""  # an in-store code as scanned (its price is inside it)

    @property
    def amount_fen(self) -> int:
        return self.qty * self.unit_price_fen - self.discount_fen

    def goods_line(self) -> GoodsLine:
        return GoodsLine(
            self.sku.sku_id, self.qty, self.unit_price_fen, self.discount_fen, self.barcode
        )

    def printed(self) -> dict[str, Any]:
        """As ``till.receipt`` lists it (for the receipt of a queued sale)."""
        return {
            "name": self.sku.product_name,
            "sku_name": self.sku.sku_name,
            "qty": self.qty,
            "unit_price_fen": self.unit_price_fen,
            "discount_fen": self.discount_fen,
            "amount_fen": self.amount_fen,
        }


@dataclass(frozen=True)
class Delivery:
    recipient: str
    phone: str
    address: str

    def printed(self) -> tuple[str, ...]:
        return tuple(x for x in (self.recipient, self.phone, self.address) if x)


@dataclass(frozen=True)
class Sale:
    """What is being paid for: the cart's goods, or a payment collection."""

    kind: str  # goods | collection
    lines: tuple[GoodsLine, ...]
    printed_lines: tuple[dict[str, Any], ...]
    total_fen: int
    discount_fen: int = 0
    note: str = ""
    delivery: Delivery | None = None
    removed: tuple[RemovedGoods, ...] = ()


def delivery_problem(recipient: str, phone: str, address: str) -> str | None:
    """What is wrong with delivery details (as ``till.update_delivery`` checks them)."""
    if phone and not _PHONE.fullmatch(phone):
        return QCoreApplication.translate("TillPage", "“{phone}” is not a phone number.").format(
            phone=phone
        )
    if (recipient or phone) and not address:
        return QCoreApplication.translate("TillPage", "Give the delivery address.")
    return None


# --- small dialogs -----------------------------------------------------------------------


class QuantityDialog(FormDialog):
    """F6: the quantity of a cart line.

    Signals:
        saved(object): the new quantity (int).
    """

    def __init__(self, label: str, qty: int, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Quantity"), parent, ok_text=self.tr("OK (Enter)"))
        self.setObjectName("quantityDialog")
        self.add_intro(label)
        self.spin = QSpinBox(self)
        self.spin.setObjectName("quantity")
        self.spin.setRange(1, barcodes.MAX_QTY)
        self.spin.setValue(qty)
        self.spin.setStyleSheet("font-size: 16pt; padding: 2px 8px;")
        self.spin.selectAll()
        self.form.addRow(self.tr("&Quantity"), self.spin)
        self.spin.setFocus()

    def submit(self) -> None:
        self.saved.emit(int(self.spin.value()))
        self.accept()


class AmountReasonDialog(FormDialog):
    """An amount up to ``limit_fen`` and why (a discount, a payment collection).

    Signals:
        saved(object): (amount in fen, reason); a discount of 0 removes it.
    """

    def __init__(
        self,
        title: str,
        intro: str,
        limit_fen: int,
        parent: QWidget | None = None,
        *,
        amount_fen: int = 0,
        reason: str = "",
        reason_label: str = "",
        allow_zero: bool = True,
    ) -> None:
        super().__init__(title, parent, ok_text=self.tr("OK (Enter)"))
        self.setObjectName("amountReasonDialog")
        self.limit_fen = limit_fen
        self.allow_zero = allow_zero
        self.add_intro(intro)
        self.amount = MoneyEdit(self)
        self.amount.setObjectName("amount")
        if amount_fen:
            self.amount.set_fen(amount_fen)
        self.reason = QLineEdit(reason, self)
        self.reason.setObjectName("reason")
        self.reason.setMaxLength(100)
        self.form.addRow(self.tr("&Amount"), self.amount)
        self.form.addRow(reason_label or self.tr("&Reason"), self.reason)
        self.amount.selectAll()
        self.amount.setFocus()

    def submit(self) -> None:
        amount = self.amount.fen()
        if amount is None:
            self.show_message(self.amount.error() or self.tr("Enter an amount."))
            self.amount.setFocus()
            return
        if amount < (0 if self.allow_zero else 1) or amount > self.limit_fen:
            self.show_message(
                self.tr("The amount is from {low} to {high}.").format(
                    low=format_fen(0 if self.allow_zero else 1), high=format_fen(self.limit_fen)
                )
            )
            self.amount.setFocus()
            return
        reason = self.reason.text().strip()
        if amount and not reason:
            if self.focusWidget() is not self.amount:  # Enter in the amount goes on to the reason
                self.show_message(self.tr("Say why."))
            self.reason.setFocus()
            return
        self.saved.emit((int(amount), reason if amount else ""))
        self.accept()


class DeliveryDialog(FormDialog):
    """F10: who receives the goods, and where. Without ``save`` it only
    collects them; with it, ``save(recipient, phone, address)`` runs off the
    GUI thread and a refusal is shown here.

    Signals:
        saved(object): ``save``'s result, or a :class:`Delivery` (None: no delivery).
    """

    def __init__(
        self,
        delivery: Delivery | None,
        parent: QWidget | None = None,
        *,
        save: Callable[[str, str, str], object] | None = None,
    ) -> None:
        super().__init__(self.tr("Delivery"), parent, ok_text=self.tr("OK (Enter)"))
        self.setObjectName("deliveryDialog")
        self._save = save
        self.add_intro(
            self.tr(
                "Who receives the goods and where; printed on the receipt and kept with the "
                "order. Empty every field for no delivery."
            )
        )
        current = delivery or Delivery("", "", "")
        self.recipient = QLineEdit(current.recipient, self)
        self.recipient.setObjectName("recipient")
        self.recipient.setMaxLength(64)
        self.phone = QLineEdit(current.phone, self)
        self.phone.setObjectName("phone")
        self.phone.setMaxLength(20)
        self.address = QLineEdit(current.address, self)
        self.address.setObjectName("address")
        self.address.setMaxLength(500)
        self.form.addRow(self.tr("&Recipient"), self.recipient)
        self.form.addRow(self.tr("&Phone"), self.phone)
        self.form.addRow(self.tr("&Address"), self.address)
        self.recipient.setFocus()

    def values(self) -> tuple[str, str, str]:
        return (
            self.recipient.text().strip(),
            self.phone.text().strip(),
            self.address.text().strip(),
        )

    def submit(self) -> None:
        if self.busy:
            return
        problem = delivery_problem(*self.values())
        if problem:
            self.show_message(problem)
            return
        if self._save is None:
            recipient, phone, address = self.values()
            self.saved.emit(Delivery(recipient, phone, address) if address else None)
            self.accept()
            return
        super().submit()

    def prepare(self) -> Callable[[], object] | None:
        save, values = self._save, self.values()
        assert save is not None
        return lambda: save(*values)


class PickDialog(QDialog):
    """A short list to pick from with ↑↓ and Enter (or a row's number); Esc
    cancels. ``chosen`` (the row's index) after ``accepted``."""

    def __init__(
        self,
        title: str,
        intro: str,
        rows: list[str],
        parent: QWidget | None = None,
        *,
        filter_rows: Callable[[str], list[int]] | None = None,
        text: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.rows = rows
        self.chosen: int | None = None
        self._filter = filter_rows
        self._shown: list[int] = list(range(len(rows)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(QLabel(intro, self))
        self.search: QLineEdit | None = None
        if filter_rows is not None:
            self.search = QLineEdit(text, self)
            self.search.setObjectName("searchField")
            self.search.setPlaceholderText(self.tr("Name, code or barcode"))
            self.search.textChanged.connect(self._refilter)
            self.search.installEventFilter(self)
            layout.addWidget(self.search)
        self.list = QListWidget(self)
        self.list.setObjectName("pickList")
        self.list.setStyleSheet(
            "QListWidget { font-size: 13pt; } QListWidget::item { padding: 5px; }"
        )
        self.list.setMinimumHeight(min(460, 60 + 36 * max(3, len(rows))))
        self.list.itemActivated.connect(lambda _item: self.pick(self.list.currentRow()))
        self.list.installEventFilter(self)
        layout.addWidget(self.list)
        self.empty = QLabel(self.tr("Nothing matches."), self)
        self.empty.setStyleSheet(f"color: {_RED};")
        self.empty.hide()
        layout.addWidget(self.empty)
        keys = (
            self.tr("Type to narrow · ↑↓ and Enter · Esc cancels")
            if filter_rows is not None
            else self.tr("↑↓ and Enter, or the row's number · Esc cancels")
        )
        layout.addWidget(hint_label(keys, self))
        self._refilter()
        (self.search or self.list).setFocus()
        if self.search is not None:
            self.search.end(False)

    def _refilter(self) -> None:
        wanted = self.search.text().strip() if self.search is not None else ""
        self._shown = (
            self._filter(wanted)
            if self._filter is not None and wanted
            else list(range(len(self.rows)))
        )
        self.list.clear()
        for number, index in enumerate(self._shown, start=1):
            prefix = f"{number}  " if self._filter is None and number <= 9 else ""
            QListWidgetItem(prefix + self.rows[index], self.list)
        self.list.setCurrentRow(0)
        self.empty.setVisible(not self._shown)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if watched is self.search and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                step = -1 if key == Qt.Key.Key_Up else 1
                row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
                self.list.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.pick(self.list.currentRow())
                return True
            text = event.text()
            if (
                watched is self.list
                and self._filter is None
                and text.isdigit()
                and 1 <= int(text) <= min(9, len(self._shown))
            ):
                self.pick(int(text) - 1)
                return True
        return super().eventFilter(watched, event)

    def pick(self, row: int) -> None:
        if 0 <= row < len(self._shown) and self.chosen is None:
            self.chosen = self._shown[row]
            self.accept()


# --- a receipt: find it, refund it, change its delivery --------------------------------------


class ReceiptDialog(QDialog):
    """F11 (or a receipt's code scanned on the till): the receipt, its lines
    with what may still be refunded (all of it by default), a reason, and
    Ctrl+Enter to refund; F10 changes its delivery details. The refund slip
    prints on this till.

    Signals:
        refunded(object): the refund (``till.refund_goods``'s answer).
    """

    refunded = Signal(object)

    def __init__(self, page: TillPage, code: str = "") -> None:
        super().__init__(page)
        self.page = page
        self.ctx = page.ctx
        self.order: GoodsOrderRow | None = None
        self.refund_id = ""
        self.busy = False
        self.spins: dict[str, QSpinBox] = {}
        self.setObjectName("receiptDialog")
        self.setWindowTitle(self.tr("Receipt"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        row = QHBoxLayout()
        self.code = QLineEdit(code, self)
        self.code.setObjectName("receiptCode")
        self.code.setPlaceholderText(self.tr("Scan the receipt's code or type its number"))
        self.code.setStyleSheet("font-size: 14pt; padding: 4px;")
        self.code.returnPressed.connect(self.find)
        find_label = QLabel(self.tr("&Receipt"), self)
        find_label.setBuddy(self.code)
        row.addWidget(find_label)
        row.addWidget(self.code, 1)
        layout.addLayout(row)
        self.info = QLabel(self)
        self.info.setObjectName("receiptInfo")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.info)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("receiptLines")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Product"), self.tr("Sold"), self.tr("Refunded"), self.tr("Refund")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        reason_row = QHBoxLayout()
        self.reason = QLineEdit(self)
        self.reason.setObjectName("refundReason")
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("Why the customer brings it back"))
        self.reason.returnPressed.connect(self.refund)
        reason_label = QLabel(self.tr("Re&ason"), self)
        reason_label.setBuddy(self.reason)
        reason_row.addWidget(reason_label)
        reason_row.addWidget(self.reason, 1)
        layout.addLayout(reason_row)
        self.message = QLabel(self)
        self.message.setObjectName("receiptMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.refund_button = self._button(self.tr("Refund"), "Ctrl+Return", self.refund)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.refund)
        self.delivery_button = self._button(self.tr("Delivery"), "F10", self.edit_delivery)
        close = self._button(self.tr("Close"), "Esc", self.reject, shortcut=False)
        buttons.addWidget(self.refund_button)
        buttons.addWidget(self.delivery_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        layout.addWidget(
            hint_label(
                self.tr(
                    "Each line gives back all that is left by default: change a quantity "
                    "(Tab to it) to refund part. Enter in the reason refunds."
                ),
                self,
            )
        )
        self._show()
        self._listening = self.ctx.scans is not None
        if self.ctx.scans is not None:
            self.ctx.scans.scanned.connect(self._scanned)
        self.code.setFocus()
        if code:
            QTimer.singleShot(0, self, self.find)

    def _button(
        self, text: str, key: str, slot: Callable[[], object], *, shortcut: bool = True
    ) -> QPushButton:
        button = QPushButton(shortcut_label(text, key), self)
        button.setAutoDefault(False)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: slot())
        if shortcut:
            QShortcut(QKeySequence(key), self, lambda: slot())
        return button

    def done(self, result: int) -> None:
        if self.busy:
            return  # the refund completes anyway; its answer is shown
        if self.ctx.scans is not None and self._listening:
            self.ctx.scans.scanned.disconnect(self._scanned)
            self._listening = False
        super().done(result)

    def _scanned(self, scan: object) -> None:
        if not self.isVisible() or QApplication.activeModalWidget() is not self:
            return
        self.code.setText(str(getattr(scan, "code", scan)).strip())
        self.find()

    def say(self, text: str, kind: str = "info") -> None:
        colour = {"error": _RED, "success": _GREEN}.get(kind, _BLUE)
        self.message.setText(text)
        self.message.setProperty("kind", kind)
        self.message.setStyleSheet(f"color: {colour}; font-weight: 600;")

    def find(self) -> None:
        code = self.code.text().strip()
        if not code or self.busy:
            return
        ctx = self.ctx
        self.busy = True
        self.say(self.tr("Looking for the receipt…"))
        Op(self, lambda: ctx.call(till.list_goods_order, code)).success(self._found).failure(
            self._failed
        ).run_in_background()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.say(error_text(exc), "error")
        self.code.setFocus()
        self.code.selectAll()

    def _found(self, order: GoodsOrderRow) -> None:
        self.busy = False
        if self.order is None or self.order.order_id != order.order_id:
            self.refund_id = new_id()  # one refund, whatever is retried
            self.reason.clear()
        self.order = order
        self._show()
        self.say("")
        if any(line.qty > line.refunded_qty for line in order.lines):
            self.reason.setFocus()
        else:
            self.say(self.tr("Everything on this receipt was refunded already."))
            self.code.setFocus()
            self.code.selectAll()

    def _show(self) -> None:
        order = self.order
        self.spins = {}
        self.table.setRowCount(0)
        has = order is not None
        for widget in (self.reason, self.refund_button, self.delivery_button):
            widget.setEnabled(has)
        if order is None:
            self.info.setText(self.tr("Scan the receipt's code (the barcode under the total)."))
            return
        methods = ", ".join(f"{_method_name(m)} {format_fen(a)}" for m, a in order.payments)
        parts = [
            self.tr("Receipt {number} · {time} · {seller}").format(
                number=order.number,
                time=self.ctx.format_time(order.created_at),
                seller=order.seller,
            ),
            self.tr("Total {total} ({methods}) · {status}").format(
                total=format_fen(order.total_fen),
                methods=methods,
                status=_status_name(order.status),
            ),
        ]
        if order.refunded_fen:
            parts.append(
                self.tr("Refunded so far: {amount}").format(amount=format_fen(order.refunded_fen))
            )
        if order.delivery_address:
            parts.append(
                self.tr("Delivery: {details}").format(
                    details=" · ".join(
                        x
                        for x in (order.delivery_recipient, order.phone, order.delivery_address)
                        if x
                    )
                )
            )
        self.info.setText("\n".join(parts))
        self.table.setRowCount(len(order.lines))
        previous: QWidget = self.code
        for row, line in enumerate(order.lines):
            name = f"{line.name} {line.sku_name}".strip()
            texts = (name, str(line.qty), str(line.refunded_qty))
            for column, text in enumerate(texts):
                self.table.setItem(row, column, QTableWidgetItem(text))
            spin = QSpinBox(self.table)
            spin.setObjectName(f"refundQty{row}")
            left = line.qty - line.refunded_qty
            spin.setRange(0, left)
            spin.setValue(left)
            spin.setEnabled(left > 0)
            self.table.setCellWidget(row, 3, spin)
            self.spins[line.line_id] = spin
            QWidget.setTabOrder(previous, spin)
            previous = spin
        QWidget.setTabOrder(previous, self.reason)

    def items(self) -> list[RefundItem]:
        return [
            RefundItem(line_id, spin.value())
            for line_id, spin in self.spins.items()
            if spin.value()
        ]

    def refund(self) -> None:
        order = self.order
        if order is None or self.busy:
            return
        items = self.items()
        if not items:
            self.say(self.tr("Choose at least one item to refund."), "error")
            return
        reason = self.reason.text().strip()
        if not reason:
            self.say(self.tr("Say why the goods come back."), "error")
            self.reason.setFocus()
            return
        shift = self.page.my_shift()
        if shift is None:
            self.say(
                self.tr("Open your shift first (F9 on the till): refunds come out of its drawer."),
                "error",
            )
            return
        ctx, refund_id = self.ctx, self.refund_id
        number = order.number

        def work() -> tuple[dict[str, Any], BaseException | None]:
            refund = ctx.call(
                till.refund_goods,
                refund_id=refund_id,
                order_id=order.order_id,
                items=items,
                reason=reason,
                shift_id=shift.id,
            )
            problem = None
            try:
                slip = printouts.goods_refund_slip(
                    number, refund, window_support.sale_context(ctx), window_support.templates(ctx)
                )
                window_support.queue_paper(ctx, lambda db: _queue(db, [slip], ctx.me.user_id))
            except Exception as exc:  # refunded all the same
                problem = exc
            return refund, problem

        self.busy = True
        self.refund_button.setEnabled(False)
        self.say(self.tr("Refunding…"))
        Op(self, work).success(lambda done: self._refunded(*done)).failure(
            self._refund_failed
        ).run_in_background()

    def _refund_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.refund_button.setEnabled(True)
        self.say(error_text(exc), "error")

    def _refunded(self, refund: dict[str, Any], problem: BaseException | None) -> None:
        self.busy = False
        self.refunded.emit((refund, problem))
        self.accept()

    def edit_delivery(self) -> None:
        order = self.order
        if order is None or self.busy:
            return
        ctx = self.ctx

        def save(recipient: str, phone: str, address: str) -> GoodsOrderRow:
            return ctx.call(
                till.update_delivery,
                order.order_id,
                recipient=recipient,
                phone=phone,
                address=address,
            )

        dialog = DeliveryDialog(
            Delivery(order.delivery_recipient, order.phone, order.delivery_address),
            self,
            save=save,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._delivery_saved)
        dialog.open()
        self.delivery_dialog = dialog

    def _delivery_saved(self, order: object) -> None:
        if isinstance(order, GoodsOrderRow):
            self.order = order
            self._show()
            self.say(self.tr("Delivery details saved."), "success")


def _method_name(key: str) -> str:
    from ..payment_dialog import method_name

    try:
        return method_name(key)
    except BoxOfficeError:
        return key


def _status_name(status: str) -> str:
    names = {
        "paid": QCoreApplication.translate("TillPage", "paid"),
        "part_refunded": QCoreApplication.translate("TillPage", "partly refunded"),
        "refunded": QCoreApplication.translate("TillPage", "refunded"),
    }
    return names.get(status, status)


def _queue(db: Any, documents: list[Document], user_id: str, order_id: str | None = None) -> None:
    from boxoffice.services import print_queue

    print_queue.queue_documents(
        db, documents, printer="receipt", created_by=user_id, order_id=order_id
    )


# --- the page ----------------------------------------------------------------------------


class TillPage(Page):
    """The merchant till: the code line, the cart, favourites, payment.

    Signals:
        shift_changed(object): this till's open shift (a ShiftRow) or None,
            whenever the page learns it (for the main window's status bar).
    """

    shift_changed = Signal(object)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Merchant till"))
        self.setObjectName("tillPage")
        self.catalogue: TillCatalogue | None = None
        self.by_code: dict[str, TillSku] = {}
        self.favourites: list[TillSku] = []
        self.merchant_id: str | None = None  # chosen by venue staff; operators: their own
        self.needs_merchant = False  # venue staff: choose one (F2) before selling
        self.merchants: list[Any] = []  # what venue staff choose from (products.MerchantRow)
        self.shift: ShiftRow | None = None
        self.shift_known = False
        self.online: bool | None = None if ctx.is_terminal else True
        self.cart: list[CartLine] = []
        self.order_discount_fen = 0
        self.reasons: list[str] = []  # why discounts were given (the sale's note)
        self.delivery: Delivery | None = None
        self.removed: list[RemovedGoods] = []
        self.last_sale: dict[str, Any] | None = None
        self.last_number = ""
        self.last_queued = False
        self.selling = False
        self.dialog: QDialog | None = None
        self.payment: PaymentDialog | None = None
        self._scans_connected = False
        self._loading = 0  # refresh() counts its loads: only the last one's answer is shown

        # --- header: merchant, shift, connection; the toolbar ---
        self.merchant_label = QLabel(self)
        self.merchant_label.setObjectName("tillMerchant")
        self.merchant_label.setStyleSheet(f"font-size: 13pt; font-weight: 700; color: {_INK};")
        self.shift_label = QLabel(self)
        self.shift_label.setObjectName("shiftInfo")
        self.online_label = QLabel(self)
        self.online_label.setObjectName("tillOnline")
        # Who sells for whom, on its own line: the toolbar keeps the page's width.
        status_row = QHBoxLayout()
        status_row.setSpacing(16)
        for widget in (self.merchant_label, self.shift_label, self.online_label):
            status_row.addWidget(widget)
        status_row.addStretch(1)
        self.body.addLayout(status_row)
        self.merchant_button = self._key_button(self.tr("Merchant"), "F2", self.choose_merchant)
        self.merchant_button.hide()
        self.receipt_button = self._key_button(self.tr("Receipt / refund"), "F11", self.receipt)
        self.collect_button = self._key_button(
            self.tr("Payment collection"), "Ctrl+M", self.collect
        )
        self.hold_button = self._key_button(self.tr("Hold"), "Ctrl+H", self.hold)
        self.recall_button = self._key_button(self.tr("Recall"), "Ctrl+R", self.recall)
        self.shift_button = self._key_button(self.tr("Open shift"), "F9", self.open_shift)
        for button in (
            self.merchant_button,
            self.receipt_button,
            self.collect_button,
            self.hold_button,
            self.recall_button,
            self.shift_button,
        ):
            self.toolbar.addWidget(button)

        self.banner = QLabel(self.tr("No open shift — F9 Open shift"), self)
        self.banner.setObjectName("shiftBanner")
        self.banner.setStyleSheet(
            "background: #fef2f2; color: #991b1b; border: 1px solid #fecaca; border-radius: 6px;"
            " font-size: 14pt; font-weight: 700; padding: 10px 16px;"
        )
        self.banner.hide()
        self.body.addWidget(self.banner)

        # --- left: the code line, the status, the cart, the total ---
        self.entry = QLineEdit(self)
        self.entry.setObjectName("tillCode")
        self.entry.setMaxLength(64)
        self.entry.setPlaceholderText(
            self.tr("Scan, or type quantity*code, a code or a name — Enter")
        )
        self.entry.setStyleSheet("font-size: 18pt; padding: 6px;")
        self.entry.returnPressed.connect(self.code_entered)
        self.entry.installEventFilter(self)
        code_label = self.buddy_label(self.tr("&Code"), self.entry)
        code_label.setStyleSheet(f"font-size: 12pt; font-weight: 600; color: {_INK};")
        code_row = QHBoxLayout()
        code_row.addWidget(code_label)
        code_row.addWidget(self.entry, 1)

        self.message = QLabel(self)
        self.message.setObjectName("tillMessage")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(30)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("tillCart")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Product"),
                self.tr("SKU"),
                self.tr("Qty"),
                self.tr("Unit price"),
                self.tr("Discount"),
                self.tr("Amount"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the code line keeps the keys
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setStyleSheet("QTableWidget { font-size: 12pt; }")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        self.qty_button = self._key_button(self.tr("Quantity"), "F6", self.change_quantity)
        self.remove_button = self._key_button(self.tr("Remove"), "Del", self.remove_line, False)
        self.line_discount_button = self._key_button(
            self.tr("Line discount"), "F7", self.line_discount
        )
        self.order_discount_button = self._key_button(
            self.tr("Order discount"), "F8", self.order_discount
        )
        self.delivery_button = self._key_button(self.tr("Delivery"), "F10", self.ask_delivery)
        self.search_button = self._key_button(self.tr("Search"), "F4", self.search)
        self.clear_button = self._key_button(self.tr("Clear"), "Esc", self.clear_cart, False)
        may_discount = ctx.may(Perm.SALES_DISCOUNT)
        self.line_discount_button.setVisible(may_discount)
        self.order_discount_button.setVisible(may_discount)
        cart_buttons = QHBoxLayout()
        cart_buttons.setSpacing(6)
        for button in (
            self.qty_button,
            self.remove_button,
            self.line_discount_button,
            self.order_discount_button,
            self.delivery_button,
            self.search_button,
            self.clear_button,
        ):
            button.setStyleSheet("padding: 5px 8px;")
            cart_buttons.addWidget(button)
        cart_buttons.addStretch(1)

        self.extras = QLabel(self)
        self.extras.setObjectName("cartExtras")
        self.extras.setWordWrap(True)
        self.extras.setTextFormat(Qt.TextFormat.PlainText)
        self.extras.setStyleSheet(f"color: {_INK};")
        self.extras.hide()

        totals = CheckoutTotals(self, self.pay, size_pt=36, caption_pt=14, count_pt=12)
        self.count_label, self.total_label = totals.count_label, totals.total_label
        self.change_label, self.pay_button = totals.change_label, totals.pay_button
        total_row = totals.row

        left = QVBoxLayout()
        left.setSpacing(8)
        left.addLayout(code_row)
        left.addWidget(self.message)
        left.addWidget(self.table, 1)
        left.addLayout(cart_buttons)
        left.addWidget(self.extras)
        left.addLayout(total_row)
        left.addWidget(self.change_label)
        left.addWidget(self.pay_button)

        # --- right: favourites and the last receipt ---
        self.favourites_card = self.card(self.tr("Favourites"))
        self.favourites_card.setFixedWidth(360)
        self.favourite_grid = QGridLayout()
        self.favourite_grid.setSpacing(6)
        favourites_layout = self.favourites_card.layout()
        assert isinstance(favourites_layout, QVBoxLayout)
        favourites_layout.addLayout(self.favourite_grid)
        self.favourite_hint = hint_label(
            self.tr("Alt+number, or /number Enter in the code line."), self.favourites_card
        )
        favourites_layout.addWidget(self.favourite_hint)
        self.favourite_buttons: list[QPushButton] = []
        for n in range(1, FAVOURITE_KEYS + 1):
            QShortcut(QKeySequence(f"Alt+{n}"), self, lambda n=n: self.add_favourite(n))
        self.last_card = self.card(self.tr("Last receipt"))
        self.last_card.setFixedWidth(360)
        self.last_label = QLabel(self.tr("No sale yet."), self.last_card)
        self.last_label.setObjectName("lastReceipt")
        self.last_label.setWordWrap(True)
        self.last_label.setTextFormat(Qt.TextFormat.PlainText)
        last_layout = self.last_card.layout()
        assert isinstance(last_layout, QVBoxLayout)
        last_layout.addWidget(self.last_label)
        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(self.favourites_card)
        right.addWidget(self.last_card)
        right.addStretch(1)

        main = QHBoxLayout()
        main.setSpacing(16)
        main.addLayout(left, 1)
        main.addLayout(right)
        self.body.addLayout(main, 1)

        self.keys = hint_label("", self)
        self.keys.setObjectName("tillKeys")
        self.keys.setStyleSheet(
            f"color: {_INK}; background: #e5e7eb; border-radius: 4px; padding: 5px 8px;"
            " font-size: 9.5pt;"
        )
        self.body.addWidget(self.keys)

        self._show_header()
        self._show_cart()

    # --- building ------------------------------------------------------------------------

    def _key_button(
        self, text: str, key: str, slot: Callable[[], object], shortcut: bool = True
    ) -> QPushButton:
        """A button showing its key; the key acts at once (a QShortcut, unless the
        code line or the page handles it) and the button never takes the focus."""
        sequence = QKeySequence(key)
        button = QPushButton(shortcut_label(text, sequence), self)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: slot())
        if shortcut:
            QShortcut(sequence, self, lambda: slot())
        return button

    # --- messages --------------------------------------------------------------------------

    def say(self, text: str, kind: str = "info") -> None:
        """The status line: ``info``, ``success``, ``warning`` or ``error`` (red, with a beep)."""
        colour = {"error": _RED, "success": _GREEN, "warning": _AMBER}.get(kind, _BLUE)
        weight = "400" if kind == "info" else "700"
        self.message.setText(text)
        self.message.setProperty("kind", kind)
        self.message.setStyleSheet(f"color: {colour}; font-size: 13pt; font-weight: {weight};")
        if kind == "error":
            QApplication.beep()

    def focus_entry(self) -> None:
        self.entry.setFocus(Qt.FocusReason.OtherFocusReason)
        self.entry.selectAll()

    def _after_dialog(self) -> None:
        def refocus() -> None:
            if self.dialog is None and self.payment is None:
                self.focus_entry()

        QTimer.singleShot(0, self, refocus)

    def _open(self, dialog: QDialog) -> None:
        dialog.finished.connect(lambda _r: self._after_dialog())
        self.open_dialog(dialog, "dialog")

    # --- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """The open shift and the catalogue (from the till's own store when the
        central store cannot be reached)."""
        self._loading += 1
        generation = self._loading
        ctx = self.ctx
        merchant_id = self.merchant_id
        terminal = ctx.is_terminal
        user_id = ctx.me.user_id

        def load() -> tuple[ShiftRow | None, TillCatalogue | None, list[Any] | None, bool]:
            online = True
            try:
                shift = ctx.call(shifts.list_current_shift)
                if terminal:
                    till_cache.remember_shift(ctx.store, shift)
            except OFFLINE:
                online = False
                shift = till_cache.remembered_shift(ctx.store) if terminal else None
            merchants = None
            try:
                catalogue: TillCatalogue | None = ctx.call(till.list_till_catalogue, merchant_id)
                assert catalogue is not None
                if terminal:
                    till_cache.remember_catalogue(ctx.store, user_id, catalogue)
            except OFFLINE:
                online = False
                catalogue = (
                    till_cache.remembered_catalogue(ctx.store, user_id, merchant_id)
                    if terminal
                    else None
                )
            except ValidationError:
                if merchant_id is not None:
                    raise
                # Venue staff: which merchant does this till sell for?
                from boxoffice.services import products

                catalogue = None
                merchants = [m for m in ctx.call(products.list_merchants) if m.enabled]
            return shift, catalogue, merchants, online

        Op(self, load).success(
            lambda found: self._loaded(found) if generation == self._loading else None
        ).failure(
            lambda exc: self.say(error_text(exc), "error") if generation == self._loading else None
        ).run_in_background()
        if self.dialog is None and self.payment is None:
            self.focus_entry()

    def _loaded(
        self, found: tuple[ShiftRow | None, TillCatalogue | None, list[Any] | None, bool]
    ) -> None:
        shift, catalogue, merchants, online = found
        if self.shift is not None and shift is None and not online:
            shift = self.shift  # offline: the shift this page last knew
        self.shift, self.shift_known = shift, True
        self.online = online
        if merchants is not None:
            self._offer_merchants(merchants)
        if catalogue is not None:
            self._set_catalogue(catalogue)
        if merchants is None and self.catalogue is None:
            self.say(
                self.tr(
                    "The products cannot be loaded: the central store can't be reached and "
                    "this till has not loaded them before."
                ),
                "error",
            )
        elif not online:
            self.say(
                self.tr("Offline: selling from the product list loaded at {time}.").format(
                    time=self.ctx.format_time(self.catalogue.at if self.catalogue else None)
                ),
                "warning",
            )
        self._show_header()

    def _offer_merchants(self, merchants: list[Any]) -> None:
        """Venue staff: the merchants this till may sell for; one is taken at
        once, several are offered (once per session; F2 changes it)."""
        first = not self.needs_merchant
        self.needs_merchant = True
        self.merchants = merchants
        self.merchant_button.show()
        if len(merchants) == 1:
            self._merchant_chosen(merchants[0])
        elif not merchants:
            self.say(self.tr("No merchant is enabled: nothing can be sold here."), "error")
        elif first and self.dialog is None and self.payment is None:
            self.choose_merchant()
        else:
            self.say(self.tr("Choose the merchant this till sells for: F2."))

    def choose_merchant(self) -> None:
        """F2 (venue staff): the merchant to sell for."""
        if not self.needs_merchant or self.dialog is not None or self.payment is not None:
            return
        if self.cart or self.selling:
            self.say(self.tr("Finish or clear the cart first."), "error")
            return
        merchants = self.merchants
        dialog = PickDialog(
            self.tr("Merchant"),
            self.tr("Which merchant does this till sell for?"),
            [m.name for m in merchants],
            self,
        )
        dialog.setObjectName("merchantChoice")
        dialog.accepted.connect(
            lambda: (
                self._merchant_chosen(merchants[dialog.chosen])
                if dialog.chosen is not None
                else None
            )
        )
        self._open(dialog)

    def _merchant_chosen(self, merchant: Any) -> None:
        if self.cart:
            return
        self.merchant_id = str(merchant.id)
        self.catalogue = None
        self._show_header()
        self.refresh()

    def _set_catalogue(self, catalogue: TillCatalogue) -> None:
        self.catalogue = catalogue
        self.merchant_id = catalogue.merchant_id
        self.by_code = catalogue.by_barcode()
        self.favourites = [s for s in catalogue.skus if s.favourite]
        self._show_favourites()

    def _take_from_stock(self, lines: Sequence[CartLine]) -> None:
        """What this till just sold comes off the stock it shows (favourites,
        search, the below-zero warning) until the catalogue is read again (F5,
        or after a refund); other tills' sales show then."""
        sold = Counter[str]()
        for line in lines:
            sold[line.sku.sku_id] += line.qty
        catalogue = self.catalogue
        if catalogue is None or not any(
            s.stock is not None and s.sku_id in sold for s in catalogue.skus
        ):
            return
        skus = tuple(
            replace(s, stock=s.stock - sold[s.sku_id])
            if s.stock is not None and s.sku_id in sold
            else s
            for s in catalogue.skus
        )
        self._set_catalogue(replace(catalogue, skus=skus))

    def _show_favourites(self) -> None:
        for button in self.favourite_buttons:
            self.favourite_grid.removeWidget(button)
            button.deleteLater()
        self.favourite_buttons = []
        for index, sku in enumerate(self.favourites):
            n = index + 1
            key = f"Alt+{n}" if n <= FAVOURITE_KEYS else f"/{n}"
            text = f"{n}  {sku.label}\n{format_fen(sku.price_fen)}   ({key})"
            if sku.stock is not None:  # a line of its own: the button is narrow
                text += "\n" + self.tr("stock {n}").format(n=sku.stock)
            button = QPushButton(text, self.favourites_card)
            button.setObjectName("favourite")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(54)
            # As tall as its row (a neighbour may show stock on a third line).
            policy = button.sizePolicy()
            policy.setVerticalPolicy(QSizePolicy.Policy.Preferred)
            button.setSizePolicy(policy)
            # Sold out (or below zero: flagged, never blocked) shows red at a glance.
            out = sku.stock is not None and sku.stock <= 0
            button.setStyleSheet(
                "text-align: left; padding: 4px 8px;" + (f" color: {_RED};" if out else "")
            )
            button.clicked.connect(lambda _c=False, n=n: self.add_favourite(n))
            self.favourite_grid.addWidget(button, index // 2, index % 2)
            self.favourite_buttons.append(button)
        self.favourite_hint.setVisible(bool(self.favourites))

    def _show_header(self) -> None:
        catalogue = self.catalogue
        name = catalogue.merchant_name if catalogue else ""
        if self.needs_merchant:
            name = self.tr("{merchant} (F2)").format(merchant=name) if name else ""
        self.merchant_label.setText(name)
        shift, mine = self.shift, self.my_shift()
        if self.shift_known:
            self.shift_changed.emit(shift)
        self.banner.setVisible(self.shift_known and mine is None)
        if shift is not None and mine is None:
            self.banner.setText(
                self.tr(
                    "{cashier}'s shift is open at this till: they close it on Shift "
                    "before you can sell here."
                ).format(cashier=shift.cashier)
            )
        else:
            self.banner.setText(self.tr("No open shift — F9 Open shift"))
        self.shift_button.setEnabled(shift is None)
        if shift is None:
            self.shift_label.setText(self.tr("No open shift") if self.shift_known else "")
            self.shift_label.setStyleSheet(f"color: {_RED}; font-weight: 600;")
        else:
            self.shift_label.setText(
                self.tr("Shift: {cashier} · since {time}").format(
                    cashier=shift.cashier, time=self.ctx.format_time(shift.opened_at)
                )
            )
            self.shift_label.setStyleSheet(f"color: {_GREEN if mine else _RED}; font-weight: 600;")
        if not self.ctx.is_terminal:
            self.online_label.hide()
        elif self.online is False:
            self.online_label.setText(self.tr("Offline — sales are kept and sent later"))
            self.online_label.setStyleSheet(f"color: {_RED}; font-weight: 700;")
        else:
            self.online_label.setText(self.tr("Online") if self.online else "")
            self.online_label.setStyleSheet(f"color: {_GREEN}; font-weight: 600;")
        self._show_keys()

    def _show_keys(self) -> None:
        keys = [
            self.tr("scan or code Enter: add"),
            self.tr("3*code: three"),
            self.tr("Alt+1…9 or /n: favourite"),
            self.tr("↑↓ line"),
            self.tr("F6 or * quantity"),
            self.tr("Del remove"),
        ]
        if self.ctx.may(Perm.SALES_DISCOUNT):
            keys += [self.tr("F7 line discount"), self.tr("F8 order discount")]
        keys += [
            self.tr("F10 delivery"),
            self.tr("F4 search"),
            self.tr("F12 pay"),
            self.tr("Ctrl+M collection"),
            self.tr("Ctrl+H hold"),
            self.tr("Ctrl+R recall"),
            self.tr("Esc clear"),
            self.tr("F11 receipt / refund"),
        ]
        if self.shift is None:
            keys.append(self.tr("F9 open shift"))
        if self.needs_merchant:
            keys.append(self.tr("F2 merchant"))
        self.keys.setText(" · ".join(keys))

    # --- the shift ----------------------------------------------------------------------------

    def my_shift(self) -> ShiftRow | None:
        """The open shift at this till if it is the operator's own."""
        shift = self.shift
        return shift if shift is not None and shift.user_id == self.ctx.me.user_id else None

    def _refuse(self) -> bool:
        """Say why nothing can be sold now; True if so."""
        if self.selling:
            self.say(self.tr("The sale is being saved…"))
            return True
        if self.my_shift() is None:
            if not self.shift_known:
                self.say(self.tr("Checking this till's shift…"))
            elif self.shift is not None:
                self.say(self.banner.text(), "error")
            else:
                self.say(self.tr("No open shift — press F9 to open one before selling."), "error")
            return True
        if self.catalogue is None:
            if self.needs_merchant:
                self.say(self.tr("Choose the merchant this till sells for: F2."), "error")
            else:
                self.say(self.tr("The products are still loading…"))
            return True
        return False

    def open_shift(self) -> None:
        """F9: count the opening float and open this till's shift."""
        if self.shift is not None:
            self.say(
                self.tr("A shift is already open: {cashier}, since {time}.").format(
                    cashier=self.shift.cashier, time=self.ctx.format_time(self.shift.opened_at)
                )
            )
            return
        if self.dialog is not None:
            return
        ctx = self.ctx

        def save(counts: dict[int, int], _reason: str) -> ShiftRow:
            shift = ctx.call(
                shifts.open_shift, counts=[CashCount(d, n) for d, n in sorted(counts.items())]
            )
            if ctx.is_terminal:
                till_cache.remember_shift(ctx.store, shift)
            return shift

        dialog = CashCountDialog(
            self.tr("Open shift"),
            self.tr(
                "Count the opening float (备用金) in the drawer, note by note and coin by coin. "
                "The shift opens with this amount."
            ),
            self,
            ok_text=self.tr("Open shift (Ctrl+Enter)"),
            save=save,
        )
        dialog.saved.connect(self._shift_opened)
        self._open(dialog)

    def _shift_opened(self, shift: object) -> None:
        assert isinstance(shift, ShiftRow)
        self.shift, self.shift_known = shift, True
        self._show_header()
        self.say(
            self.tr("Shift opened with a float of {amount}. Ready to sell.").format(
                amount=format_fen(shift.opening_float_fen)
            ),
            "success",
        )

    # --- adding to the cart ----------------------------------------------------------------------

    def _scanned(self, scan: object) -> None:
        if not self.isVisible() or QApplication.activeModalWidget() is not None:
            return  # a dialog above the page (payment, a receipt) takes its own scans
        code = str(getattr(scan, "code", scan)).strip()
        if code:
            self.enter(code, scanned=True)

    def code_entered(self) -> None:
        """Enter in the code line."""
        text = self.entry.text().strip()
        if text:
            self.enter(text, scanned=False)

    def enter(self, text: str, *, scanned: bool) -> None:
        """A code scanned or typed: add it, open its receipt, or search."""
        if self.dialog is not None or self.payment is not None:
            return
        if _RECEIPT_CODE.match(text):
            self.entry.clear()
            self.receipt(text)
            return
        if text.startswith("/") and text[1:].isdigit():
            self.add_favourite(int(text[1:]))
            return
        if self._refuse():
            return
        try:
            entry = barcodes.parse_entry(text)
        except ValidationError as exc:
            word = _WORD.match(text)
            if scanned or word is None or _codeish(word.group(2)):
                self._unknown(error_text(exc))
                return
            self.search(word.group(2), int(word.group(1) or 1))
            return
        sku = self.by_code.get(entry.code)
        if sku is None:
            if scanned or _codeish(entry.code):
                self._unknown(
                    self.tr("Unknown code {code}: nothing was added.").format(code=entry.scanned)
                )
                return
            self.search(entry.code, entry.qty)
            return
        price = entry.price_fen if entry.price_fen is not None else sku.price_fen
        self.add(sku, entry.qty, price, entry.scanned if entry.price_fen is not None else "")

    def _unknown(self, text: str) -> None:
        self.say(text, "error")
        self.entry.selectAll()

    def add(self, sku: TillSku, qty: int, price_fen: int, barcode: str = "") -> None:
        """Add ``qty`` of ``sku``: to its line at the same price, or a new line."""
        if self._refuse():
            return
        row = next(
            (
                i
                for i, line in enumerate(self.cart)
                if line.sku.sku_id == sku.sku_id and line.unit_price_fen == price_fen
            ),
            None,
        )
        if row is None:
            self.cart.append(CartLine(sku, qty, price_fen, barcode=barcode))
            row = len(self.cart) - 1
        else:
            line = self.cart[row]
            if line.qty + qty > barcodes.MAX_QTY:
                self.say(
                    self.tr("At most {n} of one product on a line.").format(n=barcodes.MAX_QTY),
                    "error",
                )
                return
            self.cart[row] = replace(line, qty=line.qty + qty)
        self.entry.clear()
        self._cart_changed(row)
        line = self.cart[row]
        text = self.tr("{name} × {qty} — {amount}").format(
            name=sku.label, qty=line.qty, amount=format_fen(line.amount_fen)
        )
        if sku.stock is not None and sku.stock - line.qty < 0:
            self.say(text + "  " + self.tr("(stock shows {n})").format(n=sku.stock), "warning")
        else:
            self.say(text, "success")

    def add_favourite(self, n: int) -> None:
        """Alt+n, /n, or the button: favourite ``n``."""
        if self.dialog is not None or self.payment is not None:
            return
        if self._refuse():
            return
        if not 1 <= n <= len(self.favourites):
            self._unknown(self.tr("There is no favourite {n}.").format(n=n))
            return
        sku = self.favourites[n - 1]
        self.add(sku, 1, sku.price_fen)

    def search(self, word: str = "", qty: int = 1) -> None:
        """F4, or a word in the code line: the products by name, code or barcode."""
        if self.dialog is not None or self._refuse():
            return
        catalogue = self.catalogue
        assert catalogue is not None
        skus = list(catalogue.skus)

        def matching(text: str) -> list[int]:
            wanted = text.lower()
            return [
                i
                for i, s in enumerate(skus)
                if wanted in " ".join((s.label, s.code, s.category, *s.barcodes)).lower()
            ]

        if word and not matching(word):
            self._unknown(
                self.tr("No product matches “{word}”: nothing was added.").format(word=word)
            )
            return
        rows = [
            "   ".join(
                x
                for x in (
                    s.label,
                    s.code,
                    format_fen(s.price_fen),
                    self.tr("stock {n}").format(n=s.stock) if s.stock is not None else "",
                )
                if x
            )
            for s in skus
        ]
        dialog = PickDialog(
            self.tr("Search products"),
            plural(qty, self.tr("Add one of:"), self.tr("Add {qty} of:")).format(qty=qty),
            rows,
            self,
            filter_rows=matching,
            text=word,
        )
        dialog.setObjectName("productSearch")
        dialog.accepted.connect(
            lambda: self._picked(skus[dialog.chosen], qty) if dialog.chosen is not None else None
        )
        self._open(dialog)

    def _picked(self, sku: TillSku, qty: int) -> None:
        self.dialog = None
        self.add(sku, qty, sku.price_fen)

    # --- changing the cart -------------------------------------------------------------------------

    def selected_row(self) -> int | None:
        row = self.table.currentRow()
        return row if 0 <= row < len(self.cart) else None

    def _select(self, row: int) -> None:
        if 0 <= row < len(self.cart):
            self.table.selectRow(row)
            self.table.setCurrentCell(row, 0)

    def _log_removed(self, line: CartLine, qty: int) -> None:
        amount = line.amount_fen if qty == line.qty else qty * line.unit_price_fen
        self.removed.append(RemovedGoods(line.sku.label, qty, amount, now()))

    def _line_for_change(self) -> int | None:
        if self.selling or self.dialog is not None:
            return None
        row = self.selected_row()
        if row is None:
            self.say(self.tr("The cart is empty."), "error")
        return row

    def change_quantity(self) -> None:
        """F6 or *: the quantity of the chosen line."""
        row = self._line_for_change()
        if row is None:
            return
        line = self.cart[row]
        dialog = QuantityDialog(
            self.tr("{name} at {price}").format(
                name=line.sku.label, price=format_fen(line.unit_price_fen)
            ),
            line.qty,
            self,
        )
        dialog.saved.connect(lambda qty: self._quantity_set(row, line, int(qty)))
        self._open(dialog)

    def _quantity_set(self, row: int, line: CartLine, qty: int) -> None:
        if row >= len(self.cart) or self.cart[row] is not line or qty == line.qty:
            return
        if qty < line.qty:
            self._log_removed(line, line.qty - qty)
        changed = replace(line, qty=qty)
        if changed.discount_fen > qty * line.unit_price_fen:
            changed = replace(changed, discount_fen=0)
            self.say(self.tr("The line's discount was more than the line and was removed."))
        self.cart[row] = changed
        self._cart_changed(row)

    def remove_line(self) -> None:
        """Del: take the chosen line off the cart (kept in the sale's log)."""
        row = self._line_for_change()
        if row is None:
            return
        line = self.cart.pop(row)
        self._log_removed(line, line.qty)
        self._cart_changed(min(row, len(self.cart) - 1))
        self.say(self.tr("{name} × {qty} removed.").format(name=line.sku.label, qty=line.qty))

    def _may_discount(self) -> bool:
        if not self.ctx.may(Perm.SALES_DISCOUNT):
            self.say(self.tr("You may not give discounts: ask the merchant's manager."), "error")
            return False
        return True

    def line_discount(self) -> None:
        """F7: a discount off the chosen line, with the reason."""
        if not self._may_discount():
            return
        row = self._line_for_change()
        if row is None:
            return
        line = self.cart[row]
        dialog = AmountReasonDialog(
            self.tr("Line discount"),
            self.tr(
                "A discount off {name} × {qty} ({amount}). Say why: it is logged with the sale. "
                "0 removes it."
            ).format(
                name=line.sku.label, qty=line.qty, amount=format_fen(line.qty * line.unit_price_fen)
            ),
            line.qty * line.unit_price_fen,
            self,
            amount_fen=line.discount_fen,
        )
        dialog.saved.connect(lambda given: self._line_discounted(row, line, given))
        self._open(dialog)

    def _line_discounted(self, row: int, line: CartLine, given: object) -> None:
        assert isinstance(given, tuple)
        amount, reason = given
        if row >= len(self.cart) or self.cart[row] is not line:
            return
        self.cart[row] = replace(line, discount_fen=int(amount))
        if reason:
            self.reasons.append(str(reason))
        self._cart_changed(row)

    def order_discount(self) -> None:
        """F8: a discount off the whole order, with the reason."""
        if not self._may_discount() or self.selling or self.dialog is not None:
            return
        if not self.cart:
            self.say(self.tr("The cart is empty."), "error")
            return
        subtotal = self.subtotal_fen()
        dialog = AmountReasonDialog(
            self.tr("Order discount"),
            self.tr(
                "A discount off the order's {total}. Say why: it is logged with the sale. "
                "0 removes it."
            ).format(total=format_fen(subtotal)),
            subtotal,
            self,
            amount_fen=self.order_discount_fen,
        )
        dialog.saved.connect(self._order_discounted)
        self._open(dialog)

    def _order_discounted(self, given: object) -> None:
        assert isinstance(given, tuple)
        amount, reason = given
        self.order_discount_fen = int(amount)
        if reason:
            self.reasons.append(str(reason))
        self._cart_changed(self.selected_row())

    def ask_delivery(self) -> None:
        """F10: who receives the cart's goods, and where."""
        if self.selling or self.dialog is not None:
            return
        if not self.cart:
            self.say(self.tr("The cart is empty."), "error")
            return
        dialog = DeliveryDialog(self.delivery, self)
        dialog.saved.connect(self._delivery_given)
        self._open(dialog)

    def _delivery_given(self, delivery: object) -> None:
        self.delivery = delivery if isinstance(delivery, Delivery) else None
        self._show_cart()

    def clear_cart(self) -> None:
        """Esc: empty the cart after a question (what was in it is logged)."""
        if self.selling or self.dialog is not None or self.payment is not None:
            return
        if not self.cart:
            self.change_label.hide()
            self.say("")
            self.focus_entry()
            return
        ask(
            self,
            self.tr("Clear the cart"),
            self.tr("Remove everything from the cart ({total})?").format(
                total=format_fen(self.total_fen())
            ),
            self._clear_confirmed,
        )

    def _record_clearing(self) -> Callable[[], object]:
        """The call logging this cart as cleared: its lines and those removed before."""
        lines = [*self.removed]
        lines += [RemovedGoods(x.sku.label, x.qty, x.amount_fen, now()) for x in self.cart]
        ctx = self.ctx
        return lambda: ctx.call_here(till.clear_cart, lines=lines)

    def work_in_hand(self) -> tuple[str, Callable[[], object]] | None:
        """Goods in the cart are lost on logging out: say so, and log them cleared."""
        if not self.cart:
            return None
        return (
            self.tr("The till's cart holds {count} items ({total}); logging out clears it.").format(
                count=sum(x.qty for x in self.cart), total=format_fen(self.total_fen())
            ),
            self._record_clearing(),
        )

    def _clear_confirmed(self) -> None:
        Op(self, self._record_clearing()).failure(
            lambda exc: self.say(error_text(exc), "error")
        ).run_in_background()
        self._reset_cart()
        self.say(self.tr("Cart cleared."))
        self.focus_entry()

    def _reset_cart(self) -> None:
        self.cart = []
        self.order_discount_fen = 0
        self.reasons = []
        self.delivery = None
        self.removed = []
        self._cart_changed(None)

    # --- holding ------------------------------------------------------------------------------------

    def hold(self) -> None:
        """Ctrl+H: put the cart aside (挂单) to serve the next customer."""
        if self.selling or self.dialog is not None or self.payment is not None:
            return
        if not self.cart:
            self.say(self.tr("The cart is empty: nothing to put aside."), "error")
            return
        dialog = TextDialog(
            self.tr("Put the cart aside"),
            self.tr(
                "The cart waits on this till until Ctrl+R brings it back. A word to know it "
                "by (optional): “red coat”, “table 5”."
            ),
            self.tr("&Label"),
            lambda _text: None,
            self,
            max_length=64,
        )
        dialog.saved.connect(lambda label: self._hold(str(label)))
        self._open(dialog)

    def _cart_json(self) -> str:
        return json.dumps(
            {
                "merchant_id": self.merchant_id,
                "lines": [
                    {
                        "sku": wire.encode(line.sku),
                        "qty": line.qty,
                        "unit_price_fen": line.unit_price_fen,
                        "discount_fen": line.discount_fen,
                        "barcode": line.barcode,
                    }
                    for line in self.cart
                ],
                "order_discount_fen": self.order_discount_fen,
                "reasons": self.reasons,
                "delivery": wire.encode(self.delivery),
                "removed": wire.encode(self.removed),
            },
            ensure_ascii=False,
        )

    def _hold(self, label: str) -> None:
        ctx, cart, total = self.ctx, self._cart_json(), self.total_fen()

        def held(_cart_id: str) -> None:
            self._reset_cart()
            self.say(
                self.tr("Cart put aside ({label}); Ctrl+R brings it back.").format(
                    label=label or format_fen(total)
                ),
                "success",
            )
            self.focus_entry()

        Op(
            self, lambda: ctx.call_here(till.hold_cart, label=label, total_fen=total, cart=cart)
        ).success(held).failure(lambda exc: self.say(error_text(exc), "error")).run_in_background()

    def recall(self) -> None:
        """Ctrl+R: bring a cart put aside back."""
        if self.selling or self.dialog is not None or self.payment is not None:
            return
        if self.cart:
            self.say(self.tr("Finish this cart first, or put it aside too (Ctrl+H)."), "error")
            return
        ctx = self.ctx
        Op(self, lambda: ctx.call_here(till.list_held_carts)).success(self._offer_held).failure(
            lambda exc: self.say(error_text(exc), "error")
        ).run_in_background()

    def _offer_held(self, carts: list[HeldCartRow]) -> None:
        if not carts:
            self.say(self.tr("No cart is put aside."), "error")
            return
        if self.dialog is not None or self.cart:
            return
        rows = [
            f"{c.label or '—'}   {format_fen(c.total_fen)}   "
            f"{self.ctx.local(c.held_at):%H:%M}   {c.user_login}"
            for c in carts
        ]
        dialog = PickDialog(
            self.tr("Recall a cart"), self.tr("Carts put aside at this till:"), rows, self
        )
        dialog.setObjectName("recallDialog")
        dialog.accepted.connect(
            lambda: self._recall(carts[dialog.chosen]) if dialog.chosen is not None else None
        )
        self._open(dialog)

    def _recall(self, held: HeldCartRow) -> None:
        merchant_id = json.loads(held.cart).get("merchant_id")
        if merchant_id and merchant_id != self.merchant_id:
            self.say(self.tr("That cart was put aside for another merchant (F2)."), "error")
            return
        ctx = self.ctx
        Op(self, lambda: ctx.call_here(till.recall_cart, held.cart_id)).success(
            self._recalled
        ).failure(lambda exc: self.say(error_text(exc), "error")).run_in_background()

    def _recalled(self, held: HeldCartRow) -> None:
        data = json.loads(held.cart)
        current = {s.sku_id: s for s in (self.catalogue.skus if self.catalogue else ())}
        lines: list[CartLine] = []
        repriced = False
        for item in data.get("lines", []):
            sku: TillSku = wire.decode(item["sku"], TillSku)
            price = int(item["unit_price_fen"])
            fresh = current.get(sku.sku_id)
            if fresh is not None:
                if not item.get("barcode") and fresh.price_fen != price:
                    price, repriced = fresh.price_fen, True
                sku = fresh
            discount = min(int(item.get("discount_fen", 0)), int(item["qty"]) * price)
            lines.append(CartLine(sku, int(item["qty"]), price, discount, item.get("barcode", "")))
        self.cart = lines
        self.order_discount_fen = int(data.get("order_discount_fen", 0))
        self.reasons = [str(r) for r in data.get("reasons", [])]
        self.delivery = wire.decode(data.get("delivery"), Delivery | None)
        self.removed = list(wire.decode(data.get("removed", []), list[RemovedGoods]))
        self.change_label.hide()
        self._cart_changed(len(lines) - 1)
        text = self.tr("Cart recalled ({label}).").format(
            label=held.label or format_fen(held.total_fen)
        )
        if repriced:
            text += " " + self.tr("Prices changed meanwhile: the cart has today's.")
        self.say(text, "warning" if repriced else "success")
        self.focus_entry()

    # --- keys the code line would swallow ------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.entry and event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            # The page's Ctrl keys, which a line edit may claim (Ctrl+H is Backspace on X11).
            if event.modifiers() == Qt.KeyboardModifier.ControlModifier and event.key() in (
                Qt.Key.Key_H,
                Qt.Key.Key_R,
                Qt.Key.Key_M,
            ):
                event.ignore()
                return True
        if watched is self.entry and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key, empty = event.key(), not self.entry.text()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.cart:
                row = self.selected_row()
                row = (len(self.cart) - 1) if row is None else row
                self._select(
                    max(0, min(len(self.cart) - 1, row + (-1 if key == Qt.Key.Key_Up else 1)))
                )
                return True
            if key == Qt.Key.Key_Delete and empty:
                self.remove_line()
                return True
            if event.text() == "*" and empty:
                self.change_quantity()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.clear_cart()
            event.accept()
            return
        super().keyPressEvent(event)

    # --- totals -----------------------------------------------------------------------------------

    def subtotal_fen(self) -> int:
        return sum(line.amount_fen for line in self.cart)

    def total_fen(self) -> int:
        return max(0, self.subtotal_fen() - self.order_discount_fen)

    def note(self) -> str:
        seen: list[str] = []
        for reason in self.reasons:
            if reason not in seen:
                seen.append(reason)
        return "; ".join(seen)[:200]

    def _cart_changed(self, selected: int | None) -> None:
        if self.order_discount_fen > self.subtotal_fen():
            self.order_discount_fen = 0
            self.say(self.tr("The order discount was more than the cart and was removed."))
        if not any(line.discount_fen for line in self.cart) and not self.order_discount_fen:
            self.reasons = []
        if self.cart:
            self.change_label.hide()
        self._show_cart()
        if selected is not None:
            self._select(selected)
        total = self.total_fen()
        self._pole(lambda pole: pole.show_total(total) if self.cart else pole.clear())

    def _show_cart(self) -> None:
        table = self.table
        table.setRowCount(len(self.cart))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for row, line in enumerate(self.cart):
            texts = (
                line.sku.product_name,
                line.sku.sku_name,
                str(line.qty),
                format_fen(line.unit_price_fen),
                f"−{format_fen(line.discount_fen)}" if line.discount_fen else "",
                format_fen(line.amount_fen),
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(right)
                table.setItem(row, column, item)
        self.total_label.setText(format_fen(self.total_fen()))
        count = sum(line.qty for line in self.cart)
        self.count_label.setText(
            plural(count, self.tr("1 item"), self.tr("{count} items")).format(count=count)
            if self.cart
            else ""
        )
        extras = []
        if self.order_discount_fen:
            extras.append(
                self.tr("Order discount −{amount}").format(
                    amount=format_fen(self.order_discount_fen)
                )
            )
        if self.note():
            extras.append(self.tr("Reason: {reason}").format(reason=self.note()))
        if self.delivery is not None:
            extras.append(
                self.tr("Delivery: {details}").format(details=" · ".join(self.delivery.printed()))
            )
        self.extras.setText("\n".join(extras))
        self.extras.setVisible(bool(extras))
        has = bool(self.cart)
        for button in (
            self.pay_button,
            self.qty_button,
            self.remove_button,
            self.line_discount_button,
            self.order_discount_button,
            self.delivery_button,
            self.clear_button,
            self.hold_button,
        ):
            button.setEnabled(has)

    # --- paying -------------------------------------------------------------------------------------

    def pay(self) -> None:
        """F12 or Ctrl+Enter: take payment for the cart; on Enter in the dialog, sell."""
        if self.payment is not None or self.dialog is not None or self._refuse():
            return
        if not self.cart:
            self.say(self.tr("The cart is empty: scan the goods first."), "error")
            self.focus_entry()
            return
        total = self.total_fen()
        if total > MAX_FEN:
            self.say(self.tr("The order is too large for one sale."), "error")
            return
        sale = Sale(
            "goods",
            tuple(line.goods_line() for line in self.cart),
            tuple(line.printed() for line in self.cart),
            total,
            self.order_discount_fen,
            self.note(),
            self.delivery,
            tuple(self.removed),
        )
        self._take_payment(sale)

    def collect(self) -> None:
        """Ctrl+M: 商家收款, a payment for the merchant with no goods."""
        if self.payment is not None or self.dialog is not None or self._refuse():
            return
        dialog = AmountReasonDialog(
            self.tr("Payment collection"),
            self.tr(
                "Take a payment for {merchant} without goods (a deposit, a booking). "
                "Say what it is for: it is printed on the receipt."
            ).format(merchant=self.catalogue.merchant_name if self.catalogue else ""),
            MAX_FEN,
            self,
            reason_label=self.tr("&What for"),
            allow_zero=False,
        )
        dialog.setObjectName("collectionDialog")
        dialog.saved.connect(self._collection_given)
        self._open(dialog)

    def _collection_given(self, given: object) -> None:
        assert isinstance(given, tuple)
        amount, what = int(given[0]), str(given[1])
        sale = Sale(
            "collection",
            (GoodsLine(None, 1, amount, description=what),),
            (
                {
                    "name": what,
                    "sku_name": "",
                    "qty": 1,
                    "unit_price_fen": amount,
                    "discount_fen": 0,
                    "amount_fen": amount,
                },
            ),
            amount,
            note=what,
        )
        QTimer.singleShot(0, self, lambda: self._take_payment(sale))

    def _take_payment(self, sale: Sale) -> None:
        if self.payment is not None or self.dialog is not None:
            return
        dialog = PaymentDialog(sale.total_fen, self, order_id=new_id(), scans=self.ctx.scans)
        dialog.finished.connect(lambda result: self._paid(sale, dialog, result))
        self.open_dialog(dialog, "payment")
        self.say(self.tr("Taking payment of {total}…").format(total=format_fen(sale.total_fen)))

    def _paid(self, sale: Sale, dialog: PaymentDialog, result: int) -> None:
        charges = dialog.charges
        if result != QDialog.DialogCode.Accepted:
            self.say(
                self.tr("Payment cancelled; the cart is kept.")
                if sale.kind == "goods"
                else self.tr("Payment cancelled.")
            )
            if charges:
                self._refund_charges(charges, dialog.order_id, "")
            self._after_dialog()
            return
        self._sell(sale, dialog)

    def _sell(self, sale: Sale, dialog: PaymentDialog) -> None:
        shift, catalogue = self.my_shift(), self.catalogue
        assert shift is not None and catalogue is not None
        ctx, me = self.ctx, self.ctx.me
        order_id, tendered = dialog.order_id, dialog.tendered_fen
        change, charges = dialog.change_fen, dialog.charges
        paid = [PaymentLine(p.method, p.amount_fen, p.reference) for p in dialog.payments]
        delivery = sale.delivery
        sold_at = now()
        kwargs: dict[str, Any] = {
            "order_id": order_id,
            "merchant_id": catalogue.merchant_id,
            "shift_id": shift.id,
            "lines": list(sale.lines),
            "payments": paid,
            "kind": sale.kind,
            "discount_fen": sale.discount_fen,
            "note": sale.note,
            "phone": delivery.phone if delivery else "",
            "delivery_recipient": delivery.recipient if delivery else "",
            "delivery_address": delivery.address if delivery else "",
            "removed": list(sale.removed),
            "sold_at": sold_at,
        }

        def work() -> tuple[str, selling.SaleResult, dict[str, Any], BaseException | None]:
            number = selling.next_order_number(
                ctx.store, me.terminal_name, me.terminal_id, ctx.zone
            )
            args = {**kwargs, "number": number}
            if ctx.is_terminal and ctx.client is None:
                # No way to the central store at all: straight into the outbox.
                encoded = {name: wire.encode(value) for name, value in args.items()}
                outbox.record_goods_sale(ctx.store, me, {**encoded, "seller_id": me.user_id})
                result = selling.SaleResult(None, queued=True)
            else:
                result = selling.submit_goods_sale(
                    ctx.store, me, args, client=ctx.client if ctx.is_terminal else None
                )
            receipt = result.receipt or {
                "order_id": order_id,
                "number": number,
                "kind": sale.kind,
                "merchant_id": catalogue.merchant_id,
                "merchant_name": catalogue.merchant_name,
                "total_fen": sale.total_fen,
                "discount_fen": sale.discount_fen,
                "created_at": sold_at.isoformat(),
                "shift_id": shift.id,
                "note": sale.note,
                "lines": list(sale.printed_lines),
                "payments": [
                    {"method": p.method, "amount_fen": p.amount_fen, "reference": p.reference}
                    for p in paid
                ],
                "negative_stock": [],
            }
            problem = None
            try:
                paper = printouts.goods_receipt(
                    receipt,
                    window_support.sale_context(ctx),
                    window_support.templates(ctx),
                    tendered_fen=tendered,
                    delivery=delivery.printed() if delivery else (),
                    footer=(QUEUED_NOTE,) if result.queued else (),
                )
                window_support.queue_paper(
                    ctx,
                    lambda db: _queue(db, [paper], me.user_id, order_id),
                )
            except Exception as exc:  # sold all the same
                problem = exc
            return number, result, receipt, problem

        self.selling = True
        self.pay_button.setEnabled(False)
        self.say(self.tr("Saving the sale…"))
        Op(self, work).success(lambda done: self._sold(sale, *done, change=change)).failure(
            lambda exc: self._refused(sale, exc, charges, order_id)
        ).run_in_background()

    def _sold(
        self,
        sale: Sale,
        number: str,
        result: selling.SaleResult,
        receipt: dict[str, Any],
        problem: BaseException | None,
        *,
        change: int,
    ) -> None:
        self.selling = False
        self.last_number, self.last_sale, self.last_queued = number, receipt, result.queued
        if result.receipt is not None and self.ctx.is_terminal:
            self.online = True
        if sale.kind == "goods":
            self._take_from_stock(self.cart)
            self._reset_cart()
        else:
            self._show_cart()
        if result.queued:
            self.online = False
            text = self.tr(
                "Receipt {number} ({total}) saved; the central store can't be reached, so it "
                "will be sent when it is back. The receipt is printing."
            ).format(number=number, total=format_fen(sale.total_fen))
            kind = "warning"
        else:
            text = self.tr("Receipt {number} sold ({total}) — printing.").format(
                number=number, total=format_fen(sale.total_fen)
            )
            kind = "success"
        if problem is not None:
            text = self.tr(
                "Receipt {number} sold, but its paper could not be queued: {error}"
            ).format(number=number, error=error_text(problem))
            kind = "error"
        negative = receipt.get("negative_stock") or []
        if negative and problem is None:
            text += " " + self.tr("Stock below zero: {names}.").format(names="、".join(negative))
            kind = "warning"
        self.say(text, kind)
        if change > 0:
            self.change_label.setText(self.tr("Change {amount}").format(amount=format_fen(change)))
            self.change_label.show()
        else:
            self.change_label.hide()
        self._show_last(receipt, change, result.queued)
        self._show_header()
        self._pole(lambda pole: pole.show_change(change))
        self._after_dialog()

    def _show_last(self, receipt: dict[str, Any], change: int, queued: bool) -> None:
        methods = ", ".join(
            f"{_method_name(p['method'])} {format_fen(int(p['amount_fen']))}"
            for p in receipt["payments"]
        )
        parts = [
            str(receipt["number"]),
            self.tr("Total {total}").format(total=format_fen(int(receipt["total_fen"]))),
            methods,
        ]
        if change:
            parts.append(self.tr("Change {amount}").format(amount=format_fen(change)))
        if queued:
            parts.append(self.tr("Waiting to be sent to the central store"))
        self.last_label.setText("\n".join(parts))

    def _refused(
        self, sale: Sale, exc: BaseException, charges: list[payments.Charge], order_id: str
    ) -> None:
        self.selling = False
        self._show_cart()
        text = (
            self.tr("The sale was refused: {error} The cart is kept.")
            if sale.kind == "goods"
            else self.tr("The payment collection was refused: {error}")
        ).format(error=error_text(exc))
        self.say(text, "error")
        if charges:
            self._refund_charges(charges, order_id, text)
        self._after_dialog()

    def _refund_charges(self, charges: list[payments.Charge], order_id: str, before: str) -> None:
        """Give back mobile charges of a payment that sold nothing."""
        give_back_charges(self, self.say, charges, order_id, before)

    # --- a receipt: refund, delivery ---------------------------------------------------------

    def receipt(self, code: str = "") -> None:
        """F11, or a receipt's code scanned: find it, refund it, edit its delivery."""
        if self.dialog is not None or self.payment is not None or self.selling:
            return
        dialog = ReceiptDialog(self, code)
        dialog.refunded.connect(self._refunded)
        self._open(dialog)

    def _refunded(self, done: object) -> None:
        assert isinstance(done, tuple)
        refund, problem = done
        back = ", ".join(
            f"{_method_name(p['method'])} {format_fen(int(p['amount_fen']))}"
            for p in refund["payments"]
        )
        text = self.tr("Receipt {number}: {amount} refunded ({methods}).").format(
            number=refund["number"], amount=format_fen(int(refund["amount_fen"])), methods=back
        )
        if problem is not None:
            self.say(
                text
                + " "
                + self.tr("The refund slip could not be queued: {error}").format(
                    error=error_text(problem)
                ),
                "error",
            )
        else:
            self.say(text + " " + self.tr("The refund slip is printing."), "success")
        self.refresh()  # the stock came back

    # --- the customer display ----------------------------------------------------------------

    def _pole(self, show: Callable[[PoleDisplay], object]) -> None:
        hub = self.ctx.devices
        if hub is None or not hub.settings.pole.serial_port:
            return
        port, baudrate = hub.settings.pole.serial_port, hub.settings.pole.baudrate

        def write() -> None:
            with PoleDisplay(port, baudrate=baudrate) as pole:
                show(pole)

        Op(None, write).failure(lambda _exc: None).run_in_background()

    # --- showing and leaving ----------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        scans = self.ctx.scans
        if scans is not None and not self._scans_connected:
            scans.scanned.connect(self._scanned)
            self._scans_connected = True
        self.focus_entry()

    def hideEvent(self, event: QHideEvent) -> None:
        scans = self.ctx.scans
        if scans is not None and self._scans_connected:
            scans.scanned.disconnect(self._scanned)
            self._scans_connected = False
        super().hideEvent(event)


def _codeish(text: str) -> bool:
    """Whether ``text`` looks like a code rather than a word to search for."""
    return bool(re.fullmatch(r"[0-9\-]+", text))


__all__ = [
    "AmountReasonDialog",
    "CartLine",
    "DeliveryDialog",
    "PickDialog",
    "QuantityDialog",
    "ReceiptDialog",
    "TillPage",
]
