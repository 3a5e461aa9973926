"""收款: the ticket window's payment dialog, made to be worked by keyboard alone.

The dialog opens on cash with the tendered field holding the amount due, all
selected, so the most common sale ends with one key: **Enter takes exact
cash**. Typing over the selection takes other cash and shows the change.

Keys (each is shown on its button):

=============  ==============================================================
F1 / F2 / F3   cash, bank card, mobile pay code
Enter          take what the current method's fields say; when that covers
               what is due, finish. Once the lines cover the total, finish.
Ctrl+Enter     add the line and keep paying (a part payment): the only way to
               take *less* cash than is due, for splits like ¥50 cash + card
Del            remove the payment line selected in the list (Tab to it);
               a mobile charge is refunded first, after a question
Esc            cancel (after a mobile charge: asks first)
=============  ==============================================================

Plain Enter with less cash than is due is refused with "Tendered cash is
less than the amount due." rather than taken as a part payment: a mistyped
"10" for "100" must not become a split the customer never asked for.

A card is run on the bank's own terminal; the cashier types the reference
from its slip. A mobile pay code (付款码) arrives from a keyboard-wedge
scanner as a burst of keys and Enter, or through ``scans`` (the application's
:class:`~widgets.scanning.ScanHub`, which takes wedge bursts before they
reach any field); it is charged through the
:class:`~boxoffice.payments.PaymentProvider` off the GUI thread, under the id
``{order_id}:{n}``. ``n`` moves on after every definite answer and stays
after "no answer", so a retry of a charge that may have gone through cannot
charge twice.

After the dialog: ``payments`` (the lines), ``tendered_fen`` and
``change_fen`` (all cash handed over, and the change given), and ``charges``
(the mobile charges still standing). If the dialog was cancelled, or the sale
then fails, the caller refunds ``charges`` with
:func:`boxoffice.payments.refund_charges`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boxoffice.errors import BoxOfficeError, ValidationError
from boxoffice.money import MAX_FEN, format_fen
from boxoffice.payments import (
    METHODS,
    Charge,
    PaymentProvider,
    ProviderUnavailable,
    check_card_reference,
    check_pay_code,
    method,
)
from boxoffice.payments import provider as default_provider

from .dialogs import hint_label
from .money_edit import MoneyEdit
from .ops import Op, ask, error_text
from .pages.base import shortcut_label
from .scanning import ScanHub

log = logging.getLogger(__name__)

_GREEN, _AMBER, _RED, _INK, _MUTED = "#15803d", "#b45309", "#9b1c1c", "#1f2a37", "#6b7280"

# On the dialog, by object name: MoneyEdit sets its own style sheet to mark a
# bad amount, which would drop a font size set on the field itself.
_STYLE = f"""
#caption {{ color: {_MUTED}; font-size: 10.5pt; }}
#total {{ font-size: 28pt; font-weight: 700; color: {_INK}; }}
#paid {{ font-size: 16pt; color: {_INK}; }}
#status {{ color: #1d4ed8; font-size: 12pt; }}
#tendered, #cardAmount, #mobileAmount {{ font-size: 20pt; min-width: 220px; }}
#cardReference, #payCode {{ font-size: 16pt; }}
#methodButton {{ font-size: 12pt; padding: 8px 16px; }}
QPushButton#primary:disabled {{ background: #d1d5db; color: #6b7280; border-color: #d1d5db; }}
#methodButton:checked {{ background: {_INK}; color: #ffffff; border-color: {_INK}; }}
"""

_KEYS = {"cash": "F1", "card": "F2", "mobile": "F3"}


@dataclass(frozen=True)
class TakenPayment:
    """One payment line as the sale records it (``seating.PaymentLine``'s fields)."""

    method: str  # a key of boxoffice.payments.PAYMENT_METHODS
    amount_fen: int
    reference: str = ""  # the card slip's reference or the provider's; empty for cash


@dataclass(frozen=True)
class _Line:
    payment: TakenPayment
    tendered_fen: int = 0  # cash: what was handed over for this line (amount + change)
    charge: Charge | None = None  # mobile: what a refund needs


def method_name(key: str) -> str:
    """A payment method's name in the user's language."""
    return QCoreApplication.translate("core", method(key).name)


class PaymentDialog(QDialog):
    """Take payment of ``total_fen`` by any mix of cash, card and mobile pay.

    Accepted when the lines add up to the total; see the module's docstring
    for the keys and for what the caller reads afterwards.
    """

    def __init__(
        self,
        total_fen: int,
        parent: QWidget | None = None,
        *,
        order_id: str,
        provider: PaymentProvider | None = None,
        scans: ScanHub | None = None,
    ) -> None:
        super().__init__(parent)
        if not 0 <= total_fen <= MAX_FEN:
            raise ValueError(f"total_fen out of range: {total_fen}")
        self.total_fen = total_fen
        self.order_id = order_id
        self.provider = provider if provider is not None else default_provider()
        self.busy = False  # a charge or a refund is with the provider
        self._lines: list[_Line] = []
        self._charge_no = 1
        self._method = "cash"
        self.setWindowTitle(self.tr("Payment"))
        self.setObjectName("paymentDialog")
        self.setStyleSheet(_STYLE)
        self.setMinimumWidth(720)

        # --- Total, paid, still to pay ---
        figures = QGridLayout()
        figures.setHorizontalSpacing(32)
        self.total_label = self._figure(figures, 0, self.tr("Total"), "total")
        self.paid_label = self._figure(figures, 1, self.tr("Paid"), "paid")
        self.remaining_label = self._figure(figures, 2, self.tr("Still to pay"), "remaining")
        figures.setColumnStretch(3, 1)
        self.total_label.setText(format_fen(total_fen))

        # --- Methods ---
        methods = QHBoxLayout()
        methods.setSpacing(8)
        self.method_group = QButtonGroup(self)
        self.method_buttons: dict[str, QPushButton] = {}
        for key in METHODS:
            button = QPushButton(self)
            button.setObjectName("methodButton")
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # F1–F3 pick them
            sequence = QKeySequence(_KEYS[key])
            button.setText(shortcut_label(method_name(key), sequence))
            button.clicked.connect(lambda _checked=False, key=key: self.select_method(key))
            # A QShortcut acts at once; a button's own shortcut clicks 100 ms later,
            # and a scan that follows F3 at once would land in the cash field.
            QShortcut(sequence, self, lambda key=key: self.select_method(key))
            self.method_group.addButton(button)
            self.method_buttons[key] = button
            methods.addWidget(button)
        methods.addStretch(1)

        # --- One form per method ---
        self.stack = QStackedWidget(self)
        self.tendered = MoneyEdit(self)
        self.tendered.setObjectName("tendered")
        self.tendered.textChanged.connect(self._show_change)
        self.card_amount = MoneyEdit(self)
        self.card_amount.setObjectName("cardAmount")
        self.card_reference = QLineEdit(self)
        self.card_reference.setObjectName("cardReference")
        self.card_reference.setMaxLength(40)
        self.card_reference.setPlaceholderText(self.tr("From the card terminal's slip"))
        self.mobile_amount = MoneyEdit(self)
        self.mobile_amount.setObjectName("mobileAmount")
        self.pay_code = QLineEdit(self)
        self.pay_code.setObjectName("payCode")
        self.pay_code.setMaxLength(64)
        self.pay_code.setPlaceholderText(self.tr("Scan the code on the customer's phone"))
        self._pages: dict[str, QWidget] = {}
        self._add_page(
            "cash",
            [(self.tr("&Tendered"), self.tendered)],
            self.tr(
                "Enter takes the cash and gives change. Less than is due: Ctrl+Enter takes it as part of the payment."
            ),
        )
        self._add_page(
            "card",
            [(self.tr("&Amount"), self.card_amount), (self.tr("&Reference"), self.card_reference)],
            self.tr(
                "Run the card on the bank terminal for this amount, then type the reference number from its slip and press Enter."
            ),
        )
        self._add_page(
            "mobile",
            [(self.tr("&Amount"), self.mobile_amount), (self.tr("Pay &code"), self.pay_code)],
            self.tr(
                "Scan the pay code (付款码) on the customer's WeChat or Alipay; it is charged as soon as the scan ends."
            ),
        )

        self.change_label = QLabel(self)
        self.change_label.setObjectName("change")
        self.change_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("errorMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()

        # --- Lines taken so far ---
        self.lines_table = QTableWidget(0, 3, self)
        self.lines_table.setObjectName("paymentLines")
        self.lines_table.setHorizontalHeaderLabels(
            [self.tr("Method"), self.tr("Amount"), self.tr("Reference")]
        )
        self.lines_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.lines_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines_table.setTabKeyNavigation(False)
        self.lines_table.verticalHeader().hide()
        header = self.lines_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.lines_table.setMinimumHeight(120)
        self.lines_table.setMaximumHeight(170)

        # --- Buttons ---
        self.remove_button = self._button(
            shortcut_label(self.tr("Remove line"), "Del"), self.remove_selected
        )
        # A field takes Del for itself first; elsewhere (the list) it removes the line.
        QShortcut(QKeySequence("Del"), self, self.remove_selected)
        self.add_button = self._button(self.tr("Add, keep paying (Ctrl+Enter)"), self.add_line)
        self.cancel_button = self._button(self.tr("Cancel (Esc)"), self.reject)  # QDialog: Esc
        self.confirm = self._button(self.tr("Confirm (Enter)"), self.submit)
        self.confirm.setObjectName("primary")
        self.confirm.setDefault(True)  # QDialog: Enter from any field
        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # the main and the keypad's Enter
            QShortcut(QKeySequence(keys), self, self.add_line)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.confirm)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addLayout(figures)
        layout.addLayout(methods)
        layout.addWidget(self.stack)
        layout.addWidget(self.change_label)
        layout.addWidget(self.status)
        layout.addWidget(self.message)
        layout.addWidget(self.lines_table)
        layout.addWidget(
            hint_label(self.tr("Tab to the list; Del removes the selected line."), self)
        )
        layout.addLayout(buttons)
        self.setTabOrder(self.card_amount, self.card_reference)
        self.setTabOrder(self.mobile_amount, self.pay_code)

        self._scans = scans
        if scans is not None:
            scans.scanned.connect(self._scanned)
        self._refresh()
        self.select_method("cash")

    # --- Building --------------------------------------------------------------------

    def _figure(self, grid: QGridLayout, column: int, caption: str, name: str) -> QLabel:
        heading = QLabel(caption, self)
        heading.setObjectName("caption")
        value = QLabel(self)
        value.setObjectName(name)
        grid.addWidget(heading, 0, column)
        grid.addWidget(value, 1, column, Qt.AlignmentFlag.AlignBottom)
        return value

    def _add_page(self, key: str, rows: list[tuple[str, QWidget]], hint: str) -> None:
        page = QWidget(self.stack)
        form = QFormLayout(page)
        form.setContentsMargins(0, 4, 0, 4)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(12)
        for label, field in rows:
            caption = QLabel(label, page)
            caption.setBuddy(field)  # Alt + the underlined letter
            caption.setMinimumWidth(90)  # the fields line up from one method to the next
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            form.addRow(caption, field)
        form.addRow(hint_label(hint, page))
        self._pages[key] = page
        self.stack.addWidget(page)

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)  # Enter always confirms, wherever the focus is
        button.clicked.connect(lambda: slot())
        return button

    # --- What the caller reads ----------------------------------------------------------

    @property
    def payments(self) -> list[TakenPayment]:
        """The payment lines, in the order they were taken."""
        return [line.payment for line in self._lines]

    @property
    def charges(self) -> list[Charge]:
        """Mobile charges made here and not refunded: refund them if the sale fails."""
        return [line.charge for line in self._lines if line.charge is not None]

    @property
    def paid_fen(self) -> int:
        return sum(line.payment.amount_fen for line in self._lines)

    @property
    def remaining_fen(self) -> int:
        return self.total_fen - self.paid_fen

    @property
    def tendered_fen(self) -> int:
        """All cash the customer handed over (the cash lines plus the change)."""
        return sum(line.tendered_fen for line in self._lines)

    @property
    def change_fen(self) -> int:
        """The change given back in cash."""
        return sum(
            line.tendered_fen - line.payment.amount_fen
            for line in self._lines
            if line.payment.method == "cash"
        )

    # --- Keys ------------------------------------------------------------------------

    def select_method(self, key: str) -> None:
        """F1/F2/F3: show the method's fields, filled with the amount due."""
        if self.busy:
            self.method_buttons[self._method].setChecked(True)
            return
        self._method = key
        self.method_buttons[key].setChecked(True)
        self.stack.setCurrentWidget(self._pages[key])
        self.show_message("")
        self._prefill()

    def submit(self) -> None:
        """Enter: take the current method's line; finish once the total is covered."""
        if self.busy:
            return
        if self.remaining_fen == 0:
            self.accept()
            return
        self._take(finish=True)

    def add_line(self) -> None:
        """Ctrl+Enter: take the current method's line and keep paying."""
        if self.busy:
            return
        if self.remaining_fen == 0:
            self.show_message(self.tr("The payments cover the total. Press Enter to finish."))
            return
        self._take(finish=False)

    def remove_selected(self) -> None:
        """Del: remove the selected line; a mobile charge is refunded first."""
        row = self.lines_table.currentRow()
        if self.busy or not 0 <= row < len(self._lines):
            return
        line = self._lines[row]
        charge = line.charge
        if charge is None:
            del self._lines[row]
            self._line_changed()
            return
        ask(
            self,
            self.tr("Refund mobile payment"),
            self.tr("Refund {amount} to the customer's {wallet} and remove the line?").format(
                amount=format_fen(charge.amount_fen), wallet=self._wallet_name(charge.wallet)
            ),
            lambda: self._refund(line),
        )

    def reject(self) -> None:
        """Esc: cancel. Not while the provider is answering; after a mobile charge, ask."""
        if self.busy:
            return
        charges = self.charges
        if not charges:
            super().reject()
            return
        ask(
            self,
            self.tr("Cancel payment"),
            self.tr(
                "{amount} was charged to the customer's phone. Cancel the payment and refund it?"
            ).format(amount=format_fen(sum(c.amount_fen for c in charges))),
            lambda: QDialog.reject(self),
        )

    def done(self, result: int) -> None:
        if self._scans is not None:
            self._scans.scanned.disconnect(self._scanned)
            self._scans = None
        super().done(result)

    # --- Taking a line ----------------------------------------------------------------

    def _take(self, *, finish: bool) -> None:
        self.show_message("")
        if self._method == "cash":
            self._take_cash(finish=finish)
        elif self._method == "card":
            self._take_card(finish=finish)
        else:
            self._charge_mobile(finish=finish)

    def _amount(self, edit: MoneyEdit, *, up_to_due: bool) -> int | None:
        """The amount in ``edit``, or None after saying what is wrong with it."""
        amount = edit.fen()
        problem = None
        if amount is None:
            problem = edit.error() or self.tr("Enter an amount.")
        elif amount <= 0:
            problem = self.tr("Enter an amount above zero.")
        elif up_to_due and amount > self.remaining_fen:
            problem = self.tr("The amount is more than the {due} still to pay.").format(
                due=format_fen(self.remaining_fen)
            )
        if problem is None:
            return int(amount)
        edit.show_error()
        self._refuse(problem, edit)
        return None

    def _take_cash(self, *, finish: bool) -> None:
        tendered = self._amount(self.tendered, up_to_due=False)
        if tendered is None:
            return
        due = self.remaining_fen
        if tendered >= due:
            self._add(_Line(TakenPayment("cash", due), tendered_fen=tendered), finish=finish)
        elif not finish:
            self._add(_Line(TakenPayment("cash", tendered), tendered_fen=tendered), finish=False)
        else:
            self._refuse(
                self.tr(
                    "Tendered cash is less than the amount due. Take more, or press Ctrl+Enter to take it as part of the payment."
                ),
                self.tendered,
            )

    def _take_card(self, *, finish: bool) -> None:
        amount = self._amount(self.card_amount, up_to_due=True)
        if amount is None:
            return
        try:
            reference = check_card_reference(self.card_reference.text())
        except ValidationError as exc:
            self._refuse(error_text(exc), self.card_reference)
            return
        if any(line.payment == TakenPayment("card", amount, reference) for line in self._lines):
            self._refuse(self.tr("This card payment is already in the list."), self.card_reference)
            return
        self._add(_Line(TakenPayment("card", amount, reference)), finish=finish)

    def _charge_mobile(self, *, finish: bool) -> None:
        amount = self._amount(self.mobile_amount, up_to_due=True)
        if amount is None:
            return
        try:
            code = check_pay_code(self.pay_code.text())
        except ValidationError as exc:
            self.pay_code.clear()  # the next scan starts in an empty field
            self._refuse(error_text(exc), self.pay_code)
            return
        provider, charge_id = self.provider, f"{self.order_id}:{self._charge_no}"
        self._set_busy(self.tr("Waiting for the payment service…"))
        Op(self, lambda: provider.charge(code, amount, charge_id)).success(
            lambda charge: self._charged(charge, finish=finish)
        ).failure(self._charge_failed).run_in_background()

    def _charged(self, charge: Charge, *, finish: bool) -> None:
        self._charge_no += 1
        self._set_busy("")
        line = _Line(TakenPayment("mobile", charge.amount_fen, charge.reference), charge=charge)
        self._add(line, finish=finish)

    def _charge_failed(self, exc: BaseException) -> None:
        # No answer (or a fault on the way): the charge may have been made, so
        # the next try goes under the same id and finds it instead of charging again.
        if isinstance(exc, BoxOfficeError) and not isinstance(exc, ProviderUnavailable):
            self._charge_no += 1
        else:
            log.warning("mobile charge without an answer", exc_info=exc)
        self._set_busy("")
        self.pay_code.clear()
        self._refuse(error_text(exc), self.pay_code)

    def _refund(self, line: _Line) -> None:
        charge = line.charge
        assert charge is not None
        provider = self.provider
        self._set_busy(self.tr("Refunding through the payment service…"))

        def refund() -> str:
            return provider.refund(charge.reference, charge.amount_fen, f"{charge.order_id}:refund")

        def refunded(_reference: str) -> None:
            self._set_busy("")
            if line in self._lines:
                self._lines.remove(line)
            self._line_changed()

        def failed(exc: BaseException) -> None:
            self._set_busy("")
            self.show_message(error_text(exc))
            self.lines_table.setFocus()

        Op(self, refund).success(refunded).failure(failed).run_in_background()

    def _add(self, line: _Line, *, finish: bool) -> None:
        self._lines.append(line)
        if finish and self.remaining_fen == 0:
            self._refresh()
            self.accept()
            return
        self._line_changed()

    # --- Showing ----------------------------------------------------------------------

    def _line_changed(self) -> None:
        self._refresh()
        self._prefill()

    def _prefill(self) -> None:
        """The current method's fields: the amount due, selected, and the focus."""
        due = self.remaining_fen
        for edit in (self.tendered, self.card_amount, self.mobile_amount):
            edit.set_fen(due)
        self.card_reference.clear()
        self.pay_code.clear()
        self.tendered.selectAll()
        if due == 0:
            self.confirm.setFocus()
        elif self._method == "cash":
            self.tendered.setFocus()
        elif self._method == "card":
            self.card_reference.setFocus()
        else:
            self.pay_code.setFocus()
        self._show_change()

    def _refresh(self) -> None:
        self.paid_label.setText(format_fen(self.paid_fen))
        due = self.remaining_fen
        self.remaining_label.setText(format_fen(due))
        self.remaining_label.setStyleSheet(
            f"font-size: 20pt; font-weight: 700; color: {_GREEN if due == 0 else _RED};"
        )
        self.lines_table.setRowCount(len(self._lines))
        for row, line in enumerate(self._lines):
            p = line.payment
            reference = p.reference
            if line.tendered_fen > p.amount_fen:
                reference = self.tr("tendered {tendered}, change {change}").format(
                    tendered=format_fen(line.tendered_fen),
                    change=format_fen(line.tendered_fen - p.amount_fen),
                )
            for column, text in enumerate(
                (method_name(p.method), format_fen(p.amount_fen), reference)
            ):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.lines_table.setItem(row, column, item)
        if self._lines:
            self.lines_table.selectRow(len(self._lines) - 1)
        self.remove_button.setEnabled(bool(self._lines) and not self.busy)
        self.add_button.setEnabled(due > 0 and not self.busy)
        self.stack.setEnabled(due > 0 and not self.busy)
        if not self.busy:
            self.status.setText(
                self.tr("Paid in full. Press Enter to finish.") if due == 0 and self._lines else ""
            )
        self._show_change()

    def _show_change(self) -> None:
        due = self.remaining_fen
        text, color = "", _GREEN
        if due == 0:
            if self.change_fen:
                text = self.tr("Change {amount}").format(amount=format_fen(self.change_fen))
        elif self._method == "cash":
            tendered = self.tendered.fen()
            if tendered is not None and tendered >= due:
                text = self.tr("Change {amount}").format(amount=format_fen(tendered - due))
            elif tendered is not None and tendered > 0:
                text = self.tr("Short {amount}").format(amount=format_fen(due - tendered))
                color = _AMBER
        self.change_label.setText(text)
        self.change_label.setStyleSheet(f"font-size: 36pt; font-weight: 700; color: {color};")

    def _set_busy(self, status: str) -> None:
        self.busy = bool(status)
        self.status.setText(status)
        for widget in (self.confirm, self.cancel_button, *self.method_buttons.values()):
            widget.setEnabled(not self.busy)
        self._refresh()
        if not self.busy:
            self.method_buttons[self._method].setChecked(True)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _refuse(self, text: str, field: QLineEdit) -> None:
        self.show_message(text)
        if field.isEnabled():
            field.setFocus()
            field.selectAll()

    def _wallet_name(self, wallet: str) -> str:
        return {"wechat": self.tr("WeChat Pay"), "alipay": self.tr("Alipay")}.get(wallet, wallet)

    # --- Scans ------------------------------------------------------------------------

    def _scanned(self, scan: object) -> None:
        """A scan while the dialog is open is a pay code: charge it at once."""
        asking = any(box.isVisible() for box in self.findChildren(QMessageBox))
        if not self.isVisible() or self.busy or asking:
            return
        if self.remaining_fen == 0:
            self.show_message(self.tr("The payments cover the total. Press Enter to finish."))
            return
        code = str(getattr(scan, "code", ""))
        if self._method != "mobile":
            self.select_method("mobile")
        self.pay_code.setText(code)
        self._take(finish=True)
