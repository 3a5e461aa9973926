"""商品订单: a merchant's receipts by day, with what was sold, paid and
refunded, and the delivery details of goods to be sent (editable after the
sale, as in the legacy system). Merchant staff see their own merchant only:
the services decide that, not this page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from boxoffice.money import format_fen
from boxoffice.services import till
from boxoffice.services.till import GoodsOrderRow

from ..context import AppContext
from ..dialogs import FormDialog, multi_line
from ..payment_dialog import method_name
from ..tables import Column, RowTable
from .base import Page


class DeliveryDialog(FormDialog):
    """Who receives an order's goods, and where."""

    def __init__(self, order: GoodsOrderRow, call: Callable[..., object], parent: QWidget) -> None:
        super().__init__(self.tr("Delivery of {number}").format(number=order.number), parent)
        self.call = call
        self.order = order
        self.recipient = QLineEdit(order.delivery_recipient, self)
        self.recipient.setObjectName("recipient")
        self.recipient.setMaxLength(64)
        self.phone = QLineEdit(order.phone, self)
        self.phone.setObjectName("phone")
        self.phone.setMaxLength(20)
        self.address = multi_line(self)
        self.address.setObjectName("address")
        self.address.setPlainText(order.delivery_address)
        self.form.addRow(self.tr("&Recipient"), self.recipient)
        self.form.addRow(self.tr("&Phone"), self.phone)
        self.form.addRow(self.tr("&Address"), self.address)
        self.recipient.setFocus()

    def prepare(self) -> Callable[[], object] | None:
        call, order_id = self.call, self.order.order_id
        recipient, phone = self.recipient.text(), self.phone.text()
        address = self.address.toPlainText()
        return lambda: call(
            till.update_delivery, order_id, recipient=recipient, phone=phone, address=address
        )


class MerchantOrdersPage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Merchant orders"))
        self.dialog: DeliveryDialog | None = None
        self.edit_button = self.add_action_button(
            self.tr("Delivery"), "F2", self.edit_delivery, primary=True
        )
        today = ctx.today()
        filters = QHBoxLayout()
        self.start = self._date_edit(today - timedelta(days=6), "start")
        self.end = self._date_edit(today, "end")
        self.delivery_only = QCheckBox(self.tr("Only orders to deliver (Alt+&D)"), self)
        self.delivery_only.setObjectName("deliveryOnly")
        self.delivery_only.toggled.connect(lambda _on: self.refresh())
        filters.addWidget(self.buddy_label(self.tr("&From"), self.start))
        filters.addWidget(self.start)
        filters.addWidget(self.buddy_label(self.tr("&To"), self.end))
        filters.addWidget(self.end)
        filters.addWidget(self.delivery_only)
        filters.addStretch(1)
        self.body.addLayout(filters)
        self.table: RowTable[GoodsOrderRow] = RowTable(
            [
                Column(
                    self.tr("Time"),
                    lambda o: self.ctx.format_time(o.created_at),
                    lambda o: o.created_at.timestamp(),
                ),
                Column(self.tr("Order"), lambda o: o.number),
                Column(self.tr("Merchant"), lambda o: o.merchant_name),
                Column(self.tr("Operator"), lambda o: o.seller),
                Column(self.tr("Kind"), self._kind),
                Column(self.tr("Total"), lambda o: format_fen(o.total_fen), lambda o: o.total_fen),
                Column(
                    self.tr("Refunded"),
                    lambda o: format_fen(o.refunded_fen) if o.refunded_fen else "",
                    lambda o: o.refunded_fen,
                ),
                Column(self.tr("Recipient"), lambda o: o.delivery_recipient),
                Column(self.tr("Phone"), lambda o: o.phone),
                Column(self.tr("Address"), lambda o: o.delivery_address.replace("\n", " ")),
            ],
            self,
        )
        self.table.activated.connect(lambda _row: self.edit_delivery())
        self.table.view.selectionModel().currentChanged.connect(lambda *_: self._show_detail())
        self.body.addWidget(self.table, 1)
        self.detail = QPlainTextEdit(self)
        self.detail.setObjectName("orderDetail")
        self.detail.setReadOnly(True)
        self.detail.setMaximumHeight(150)
        self.body.addWidget(self.detail)
        self.count_label = QLabel(self)
        self.body.addWidget(self.count_label)

    def _date_edit(self, value: date, name: str) -> QDateEdit:
        edit = QDateEdit(QDate(value.year, value.month, value.day), self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.dateChanged.connect(lambda _d: self.refresh())
        return edit

    def _kind(self, order: GoodsOrderRow) -> str:
        return self.tr("Payment collection") if order.kind == "collection" else self.tr("Goods")

    def refresh(self) -> None:
        call, ctx = self.ctx.call, self.ctx
        start = ctx.day_start(self.start.date().toPython())
        end = ctx.day_start(self.end.date().toPython()) + timedelta(days=1)
        delivery = self.delivery_only.isChecked()

        def load() -> list[GoodsOrderRow]:
            return call(till.list_goods_orders, start=start, end=end, delivery_only=delivery)

        self.run(load, self._loaded)

    def _loaded(self, rows: list[GoodsOrderRow]) -> None:
        self.table.set_rows(rows)
        total = sum(o.total_fen - o.refunded_fen for o in rows)
        self.count_label.setText(
            self.tr("{n} orders, net {amount}").format(n=len(rows), amount=format_fen(total))
        )
        self._show_detail()

    def _show_detail(self) -> None:
        order = self.table.selected()
        if order is None:
            self.detail.setPlainText("")
            return
        lines = [
            f"{x.name} {x.sku_name}".strip()
            + f"  ×{x.qty}  {format_fen(x.amount_fen)}"
            + (f"  {self.tr('refunded')} ×{x.refunded_qty}" if x.refunded_qty else "")
            for x in order.lines
        ]
        paid = "  ".join(f"{method_name(m)} {format_fen(a)}" for m, a in order.payments)
        if order.discount_fen:
            discount = format_fen(order.discount_fen)
            lines.append(self.tr("Order discount {amount}").format(amount=discount))
        if order.note:
            lines.append(self.tr("Note: {note}").format(note=order.note))
        lines.append(self.tr("Paid: {payments}").format(payments=paid))
        self.detail.setPlainText("\n".join(lines))

    def edit_delivery(self) -> None:
        order = self.table.selected()
        if order is None:
            return
        dialog = DeliveryDialog(order, self.ctx.call, self)
        dialog.saved.connect(lambda _row: self.refresh())
        self.open_dialog(dialog, "dialog")
