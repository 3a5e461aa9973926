"""The foot of a sale screen, the same at the ticket window and the till: the
total (with the count of what is in the cart), the change given after a cash
sale, and the Pay button (F12, Ctrl+Enter)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from boxoffice import payments
from boxoffice.money import format_fen

from .ops import Op, error_text
from .pages.base import shortcut_label

INK, MUTED, GREEN = "#1f2a37", "#6b7280", "#15803d"


class CheckoutTotals:
    """``row``: the caption, the count and the total; ``change_label`` (hidden
    until a cash sale gives change) and ``pay_button`` go below it. ``size_pt``:
    how large the total and the change are."""

    def __init__(
        self,
        parent: QWidget,
        pay: Callable[[], object],
        *,
        size_pt: int,
        caption_pt: int,
        count_pt: int | None = None,
    ) -> None:
        caption = QLabel(QCoreApplication.translate("CheckoutTotals", "Total"), parent)
        caption.setStyleSheet(f"color: {MUTED}; font-size: {caption_pt}pt;")
        self.count_label = QLabel(parent)
        self.count_label.setObjectName("cartCount")
        size = f" font-size: {count_pt}pt;" if count_pt else ""
        self.count_label.setStyleSheet(f"color: {MUTED};{size}")
        self.total_label = QLabel(format_fen(0), parent)
        self.total_label.setObjectName("cartTotal")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.total_label.setStyleSheet(f"font-size: {size_pt}pt; font-weight: 700; color: {INK};")
        self.row = QHBoxLayout()
        self.row.addWidget(caption)
        self.row.addWidget(self.count_label)
        self.row.addStretch(1)
        self.row.addWidget(self.total_label)
        self.change_label = QLabel(parent)
        self.change_label.setObjectName("changeLabel")
        self.change_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.change_label.setStyleSheet(
            f"font-size: {size_pt}pt; font-weight: 700; color: {GREEN}; background: #f0fdf4;"
            " border: 1px solid #bbf7d0; border-radius: 8px; padding: 4px 12px;"
        )
        self.change_label.hide()
        label = QCoreApplication.translate("CheckoutTotals", "Pay")
        self.pay_button = QPushButton(shortcut_label(label, "F12"), parent)
        self.pay_button.setObjectName("primary")
        self.pay_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pay_button.setMinimumHeight(52)
        self.pay_button.setStyleSheet(
            "QPushButton { font-size: 16pt; font-weight: 700; }"
            " QPushButton:disabled { background: #e5e7eb; color: #9ca3af; border-color: #e5e7eb; }"
        )
        self.pay_button.clicked.connect(lambda: pay())
        for keys in ("F12", "Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), parent, lambda: pay())


def give_back_charges(
    parent: QWidget,
    say: Callable[[str, str], object],
    charges: list[payments.Charge],
    order_id: str,
    before: str,
) -> None:
    """Give back the mobile charges of a payment that sold nothing (the sale was
    refused after the customer paid), and say how it went after ``before``."""
    provider = payments.provider()
    amount = format_fen(sum(c.amount_fen for c in charges))
    lead = f"{before} " if before else ""

    Op(parent, lambda: payments.refund_charges(provider, charges, order_id)).success(
        lambda _refs: say(
            lead
            + QCoreApplication.translate(
                "Checkout", "The mobile payment of {amount} was refunded."
            ).format(amount=amount),
            "error" if before else "info",
        )
    ).failure(
        lambda exc: say(
            lead
            + QCoreApplication.translate(
                "Checkout",
                "The mobile payment of {amount} could not be refunded: {error} "
                "Refund it through the payment service.",
            ).format(amount=amount, error=error_text(exc)),
            "error",
        )
    ).run_in_background()
