"""商户管理: the venue's merchants (shops, snack bars), their contact and the
venue's fee on their sales.

Every change goes through :func:`boxoffice.services.products.save_merchant`,
which checks the permission and the values again; a refusal is shown in the
dialog, which stays open so nothing typed is lost. A merchant is never
deleted (its sales and settlements stay); it is disabled instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QLineEdit, QWidget

from boxoffice.ids import MerchantId
from boxoffice.permissions import Perm
from boxoffice.services import products
from boxoffice.services.products import MAX_FEE_RATE_BP, MerchantRow

from ..context import AppContext
from ..dialogs import FormDialog, compact, hint_label
from ..ops import ask
from ..tables import Column, RowTable
from .base import Page, relabel


def fee_rate_text(fee_rate_bp: int) -> str:
    """Basis points as a percentage: 500 -> "5.00 %"."""
    whole, rest = divmod(fee_rate_bp, 100)
    return f"{whole}.{rest:02d} %"


class MerchantDialog(FormDialog):
    """A new merchant, or edit one. The fee rate is typed as a percentage with
    two decimals and stored in basis points (5.00 % = 500).

    Signals:
        saved(object): the merchant's id.
    """

    def __init__(self, ctx: AppContext, row: MerchantRow | None, parent: QWidget) -> None:
        super().__init__(
            self.tr("New merchant") if row is None else self.tr("Edit merchant"), parent
        )
        self.ctx = ctx
        self.row = row
        self.name = QLineEdit(self)
        self.name.setMaxLength(64)
        self.name.setPlaceholderText(self.tr("e.g. 小卖部, 文创商店"))
        self.contact = QLineEdit(self)
        self.contact.setMaxLength(64)
        self.phone = QLineEdit(self)
        self.phone.setMaxLength(20)
        self.fee = QDoubleSpinBox(self)
        compact(self.fee)
        self.fee.setDecimals(2)
        self.fee.setRange(0, MAX_FEE_RATE_BP / 100)
        self.fee.setSingleStep(0.5)
        self.fee.setSuffix(" %")
        self.fee.setToolTip(
            self.tr("The venue's share of the merchant's net sales, settled daily.")
        )
        self.enabled = QCheckBox(self.tr("&Enabled (its tills can sell)"), self)
        self.enabled.setChecked(row.enabled if row else True)
        if row is not None:
            self.name.setText(row.name)
            self.contact.setText(row.contact)
            self.phone.setText(row.phone)
            self.fee.setValue(row.fee_rate_bp / 100)
        self.form.addRow(self.tr("&Name"), self.name)
        self.form.addRow(self.tr("&Contact"), self.contact)
        self.form.addRow(self.tr("&Phone"), self.phone)
        self.form.addRow(self.tr("&Fee rate"), self.fee)
        self.form.addRow("", self.enabled)
        self.name.setFocus()

    def fee_rate_bp(self) -> int:
        return round(self.fee.value() * 100)

    def prepare(self) -> Callable[[], MerchantId]:
        call = self.ctx.call
        merchant_id = self.row.id if self.row else None
        values = {
            "name": self.name.text(),
            "contact": self.contact.text(),
            "phone": self.phone.text(),
            "fee_rate_bp": self.fee_rate_bp(),
            "enabled": self.enabled.isChecked(),
        }
        return lambda: call(products.save_merchant, merchant_id, **values)


class MerchantsPage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Merchants"))
        self.dialog: FormDialog | None = None
        self.may_manage = ctx.may(Perm.MERCHANTS_MANAGE)
        self.new_button = self.add_action_button(
            self.tr("New"), "Ctrl+N", self.new_merchant, primary=True
        )
        self.edit_button = self.add_action_button(self.tr("Edit"), "F2", self.edit_merchant)
        self.edit_button.setToolTip(self.tr("Enter on a row edits it too."))
        self.enable_button = self.add_action_button(
            self.tr("Disable"), "Ctrl+D", self.toggle_enabled
        )
        self.table: RowTable[MerchantRow] = RowTable(
            [
                Column(self.tr("Merchant"), lambda m: m.name),
                Column(self.tr("Contact"), lambda m: m.contact),
                Column(self.tr("Phone"), lambda m: m.phone),
                Column(
                    self.tr("Fee rate"),
                    lambda m: fee_rate_text(m.fee_rate_bp),
                    lambda m: m.fee_rate_bp,
                    True,
                ),
                Column(
                    self.tr("Operators"),
                    lambda m: str(m.operator_count),
                    lambda m: m.operator_count,
                    True,
                ),
                Column(
                    self.tr("Status"),
                    lambda m: self.tr("Enabled") if m.enabled else self.tr("Disabled"),
                ),
            ],
            self,
        )
        self.table.setObjectName("merchants")
        self.table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(lambda _row: self.edit_merchant())
        self.table.selection_changed.connect(lambda _row: self._update_buttons())
        self.body.addWidget(self.table, 1)
        self.body.addWidget(
            hint_label(
                self.tr(
                    "Operators are the staff accounts working for a merchant (Staff page). "
                    "A merchant with sales is never deleted: disable it instead."
                ),
                self,
            )
        )
        self._update_buttons()

    def refresh(self) -> None:
        call = self.ctx.call
        self.run(lambda: call(products.list_merchants), self._loaded)

    def _loaded(self, rows: list[MerchantRow]) -> None:
        self.table.set_rows(rows)
        if self.table.selected() is None and rows:
            first = self.table.visible_rows()[0]
            self.table.select_where(lambda m: m.id == first.id)
        self._update_buttons()

    def _update_buttons(self) -> None:
        merchant = self.table.selected()
        self.new_button.setEnabled(self.may_manage)
        for button in (self.edit_button, self.enable_button):
            button.setEnabled(self.may_manage and merchant is not None)
        enable = merchant is not None and not merchant.enabled
        relabel(self.enable_button, self.tr("Enable") if enable else self.tr("Disable"))

    def _open(self, dialog: FormDialog) -> None:
        def saved(merchant_id: object) -> None:
            self.table.select_on_next_load(merchant_id)
            self.refresh()

        dialog.saved.connect(saved)
        dialog.finished.connect(lambda _r: self.table.view.setFocus())
        self.open_dialog(dialog, "dialog")

    def new_merchant(self) -> None:
        if self.may_manage:
            self._open(MerchantDialog(self.ctx, None, self))

    def edit_merchant(self) -> None:
        merchant = self.table.selected()
        if merchant is not None and self.may_manage:
            self._open(MerchantDialog(self.ctx, merchant, self))

    def toggle_enabled(self) -> None:
        merchant = self.table.selected()
        if merchant is None or not self.may_manage:
            return
        call = self.ctx.call

        def set_enabled(enabled: bool) -> None:
            self.run(
                lambda: call(
                    products.save_merchant,
                    merchant.id,
                    name=merchant.name,
                    contact=merchant.contact,
                    phone=merchant.phone,
                    fee_rate_bp=merchant.fee_rate_bp,
                    enabled=enabled,
                ),
                lambda _id: self.refresh(),
            )

        if not merchant.enabled:
            set_enabled(True)
            return
        ask(
            self,
            self.tr("Disable merchant"),
            self.tr(
                "Disable “{name}”? Its tills stop selling until it is enabled again; its "
                "sales and settlements stay."
            ).format(name=merchant.name),
            lambda: set_enabled(False),
        )
