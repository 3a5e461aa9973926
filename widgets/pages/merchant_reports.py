"""统计报表: the merchants' reports (订单汇总, 按日统计, 操作员统计, 销售统计)
and their daily settlements (结算记录) over a range of venue days, each to
Excel; a settlement is confirmed paid here with the bank transfer's reference.

A merchant's own staff see their merchant only (the chooser is locked);
venue staff choose one merchant or all. The settlements are made by the
central store every ten minutes; a standalone desktop makes them when the
settlement tab is shown or refreshed (``settlement.refresh_settlements``).
A sale queued offline that arrives for a day already paid is shown beside
it as a late arrival, to settle separately.

Keys: Alt+1..5 the tabs, F5 refresh (the main window's), Ctrl+E export the
tab shown to Excel, F9 or Ctrl+Enter confirm the chosen settlement paid.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QStandardPaths,
    Qt,
)
from PySide6.QtGui import QColor, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QWidget,
)

from boxoffice import report_excel
from boxoffice.money import format_fen
from boxoffice.permissions import Perm
from boxoffice.services import merchant_reports, products, settlement
from boxoffice.services.merchant_reports import (
    DailyRow,
    OperatorRow,
    OrderSummaryRow,
    ProductSalesRow,
)
from boxoffice.services.settlement import SettlementRow

from ..context import AppContext
from ..dialogs import FormDialog, hint_label, inform
from ..ops import Op
from ..tables import Column, RowTable
from .base import Page

ORDER_SUMMARY, DAILY, BY_OPERATOR, BY_PRODUCT, SETTLEMENTS = (
    "order_summary",
    "daily",
    "by_operator",
    "by_product",
    "settlements",
)
TABS = (ORDER_SUMMARY, DAILY, BY_OPERATOR, BY_PRODUCT, SETTLEMENTS)
SERVICES: dict[str, Callable[..., Any]] = {
    ORDER_SUMMARY: merchant_reports.list_order_summary,
    DAILY: merchant_reports.list_daily,
    BY_OPERATOR: merchant_reports.list_by_operator,
    BY_PRODUCT: merchant_reports.list_by_product,
    SETTLEMENTS: settlement.list_settlements,
}
PRODUCE_AGAIN_S = 60.0
"""A standalone desktop makes the settlements again at most this often when
the tab is merely shown (F5 always does)."""
_LATE = "#b45309"


def money(fen: int) -> str:
    return format_fen(fen)


def _money_column(title: str, value: Callable[[Any], int]) -> Column[Any]:
    return Column(title, lambda r: money(value(r)), value, True)


def _count_column(title: str, value: Callable[[Any], int]) -> Column[Any]:
    return Column(title, lambda r: str(value(r)), value, True)


class LateDelegate(QStyledItemDelegate):
    """A late arrival (money for a day already paid) in bold amber."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if str(index.data() or ""):
            for role in (QPalette.ColorRole.Text, QPalette.ColorRole.HighlightedText):
                option.palette.setColor(role, QColor(_LATE))  # type: ignore[attr-defined]
            option.font.setBold(True)  # type: ignore[attr-defined]


class ConfirmPaidDialog(FormDialog):
    """Confirm a settlement paid: the bank transfer's reference, and a note.

    Signals:
        saved(object): the SettlementRow, now paid.
    """

    def __init__(self, ctx: AppContext, row: SettlementRow, parent: QWidget) -> None:
        super().__init__(
            self.tr("Confirm settlement paid"), parent, ok_text=self.tr("Confirm paid (Enter)")
        )
        self.setObjectName("confirmPaidDialog")
        self.ctx = ctx
        self.row = row
        self.intro = self.add_intro(
            self.tr(
                "Pay {merchant} {amount} for {day} by bank transfer first, then give the "
                "transfer's reference here. Once confirmed, the settlement's figures no "
                "longer change; a sale that arrives later for that day is shown as a late "
                "arrival."
            ).format(
                merchant=row.merchant_name, amount=money(row.payable_fen), day=row.day.isoformat()
            )
        )
        self.reference = QLineEdit(self)
        self.reference.setObjectName("transferReference")
        self.reference.setMaxLength(settlement.MAX_REFERENCE)
        self.reference.setPlaceholderText(self.tr("e.g. the bank's transaction number"))
        self.note = QLineEdit(self)
        self.note.setObjectName("paidNote")
        self.note.setMaxLength(settlement.MAX_NOTE)
        self.form.addRow(self.tr("Transfer &reference"), self.reference)
        self.form.addRow(self.tr("&Note"), self.note)
        self.reference.setFocus()

    def prepare(self) -> Callable[[], SettlementRow] | None:
        reference = self.reference.text().strip()
        if not reference:
            self.show_message(self.tr("Give the reference of the bank transfer."))
            self.reference.setFocus()
            return None
        call, settlement_id, note = self.ctx.call, self.row.id, self.note.text()
        return lambda: call(
            settlement.confirm_settlement_paid, settlement_id, reference=reference, note=note
        )


class MerchantReportsPage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Merchant reports and settlement"))
        self.dialog: QDialog | None = None
        self.may_confirm = ctx.may(Perm.SETTLEMENT_CONFIRM)
        self.rows: dict[str, list[Any]] = {key: [] for key in TABS}
        self.loaded_for: dict[str, tuple[Any, ...]] = {}  # what each tab's rows are of
        self._produced_at: float | None = None
        self.refresh_button = self.add_action_button(self.tr("Refresh"), "F5", self.refresh)
        # The main window's F5 refreshes the page shown; two F5s would cancel out.
        self.refresh_button.setShortcut(QKeySequence())
        self.export_button = self.add_action_button(
            self.tr("Export to Excel"), "Ctrl+E", self.export_excel
        )
        self.confirm_button = None
        if self.may_confirm:
            self.confirm_button = self.add_action_button(
                self.tr("Confirm paid"), "F9", self.confirm_paid
            )
            self.confirm_button.setToolTip(
                self.tr("Ctrl+Enter confirms the chosen settlement too.")
            )
            for keys in ("Ctrl+Return", "Ctrl+Enter"):
                QShortcut(QKeySequence(keys), self, self.confirm_paid)
        self._build_filters()
        self._build_tabs()
        self._update_buttons()

    # --- building --------------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.merchant = QComboBox(self)
        self.merchant.setObjectName("merchant")
        self.merchant.setMinimumWidth(200)
        self.merchant.currentIndexChanged.connect(lambda _i: self.load())
        today = self.ctx.today()
        # This month; on the 1st, last month too, so that yesterday's settlement is there.
        first = (today - timedelta(days=1)).replace(day=1)
        self.start_day = self._date_edit(first, "startDay")
        self.end_day = self._date_edit(today, "endDay")
        row = QHBoxLayout()
        row.addWidget(self.buddy_label(self.tr("&Merchant"), self.merchant))
        row.addWidget(self.merchant)
        row.addSpacing(16)
        row.addWidget(self.buddy_label(self.tr("&From"), self.start_day))
        row.addWidget(self.start_day)
        row.addWidget(self.buddy_label(self.tr("&To"), self.end_day))
        row.addWidget(self.end_day)
        row.addStretch(1)
        self.body.addLayout(row)

    def _date_edit(self, value: date, name: str) -> QDateEdit:
        edit = QDateEdit(QDate(value.year, value.month, value.day), self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.dateChanged.connect(lambda _d: self.load())
        return edit

    def _build_tabs(self) -> None:
        self.tables: dict[str, RowTable[Any]] = {
            ORDER_SUMMARY: RowTable[OrderSummaryRow](
                [
                    Column(self.tr("Merchant"), lambda r: r.merchant_name),
                    _count_column(self.tr("Orders"), lambda r: r.orders),
                    _money_column(self.tr("Goods sales"), lambda r: r.goods_fen),
                    _money_column(self.tr("Collections"), lambda r: r.collections_fen),
                    _money_column(self.tr("Discounts"), lambda r: r.discount_fen),
                    _money_column(self.tr("Refunds"), lambda r: r.refunds_fen),
                    _money_column(self.tr("Net"), lambda r: r.net_fen),
                    _money_column(self.tr("Cash"), lambda r: r.cash_fen),
                    _money_column(self.tr("Card"), lambda r: r.card_fen),
                    _money_column(self.tr("Mobile"), lambda r: r.mobile_fen),
                    _money_column(self.tr("Member card"), lambda r: r.member_fen),
                ],
                self,
            ),
            DAILY: RowTable[DailyRow](
                [
                    Column(self.tr("Day"), lambda r: r.day.isoformat()),
                    Column(self.tr("Merchant"), lambda r: r.merchant_name),
                    _count_column(self.tr("Orders"), lambda r: r.orders),
                    _money_column(self.tr("Sales"), lambda r: r.sales_fen),
                    _money_column(self.tr("Refunds"), lambda r: r.refunds_fen),
                    _money_column(self.tr("Net"), lambda r: r.net_fen),
                ],
                self,
            ),
            BY_OPERATOR: RowTable[OperatorRow](
                [
                    Column(self.tr("Merchant"), lambda r: r.merchant_name),
                    Column(self.tr("Operator"), lambda r: r.name or r.login),
                    Column(self.tr("Login"), lambda r: r.login),
                    _count_column(self.tr("Orders"), lambda r: r.orders),
                    _money_column(self.tr("Sales"), lambda r: r.sales_fen),
                    _count_column(self.tr("Refunds made"), lambda r: r.refunds),
                    _money_column(self.tr("Refunded"), lambda r: r.refunds_fen),
                    _money_column(self.tr("Net"), lambda r: r.net_fen),
                ],
                self,
            ),
            BY_PRODUCT: RowTable[ProductSalesRow](
                [
                    Column(self.tr("Merchant"), lambda r: r.merchant_name),
                    Column(self.tr("Code"), lambda r: r.code),
                    Column(
                        self.tr("Product"),
                        lambda r: (
                            self.tr("Payment collections") if r.is_collection else r.product_name
                        ),
                    ),
                    Column(self.tr("SKU"), lambda r: r.sku_name),
                    _count_column(self.tr("Sold"), lambda r: r.qty_sold),
                    _count_column(self.tr("Returned"), lambda r: r.qty_refunded),
                    _money_column(self.tr("Sales"), lambda r: r.sales_fen),
                    _money_column(self.tr("Refunds"), lambda r: r.refunds_fen),
                    _count_column(self.tr("Net quantity"), lambda r: r.net_qty),
                    _money_column(self.tr("Net amount"), lambda r: r.net_fen),
                ],
                self,
            ),
            SETTLEMENTS: RowTable[SettlementRow](
                [
                    Column(self.tr("Day"), lambda r: r.day.isoformat()),
                    Column(self.tr("Merchant"), lambda r: r.merchant_name),
                    _count_column(self.tr("Orders"), lambda r: r.orders),
                    _money_column(self.tr("Sales"), lambda r: r.sales_fen),
                    _money_column(self.tr("Refunds"), lambda r: r.refunds_fen),
                    _money_column(self.tr("Net"), lambda r: r.net_fen),
                    Column(
                        self.tr("Fee rate"),
                        lambda r: f"{r.fee_rate_bp / 100:.2f} %",
                        lambda r: r.fee_rate_bp,
                        True,
                    ),
                    _money_column(self.tr("Fee"), lambda r: r.fee_fen),
                    _money_column(self.tr("Payable"), lambda r: r.payable_fen),
                    Column(
                        self.tr("Status"),
                        lambda r: self.tr("Paid") if r.status == "paid" else self.tr("Open"),
                    ),
                    Column(
                        self.tr("Paid at"),
                        lambda r: self.ctx.format_time(r.paid_at) if r.paid_at else "",
                        lambda r: r.paid_at.timestamp() if r.paid_at else 0.0,
                    ),
                    Column(self.tr("Confirmed by"), lambda r: r.paid_by),
                    Column(self.tr("Transfer reference"), lambda r: r.paid_reference),
                    Column(
                        self.tr("Late arrivals"),
                        lambda r: money(r.late_fen) if r.late_fen else "",
                        lambda r: r.late_fen,
                        True,
                    ),
                ],
                self,
            ),
        }
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("reportTabs")
        titles = {
            ORDER_SUMMARY: self.tr("Order summary"),
            DAILY: self.tr("By day"),
            BY_OPERATOR: self.tr("By operator"),
            BY_PRODUCT: self.tr("By product"),
            SETTLEMENTS: self.tr("Settlements"),
        }
        for key in TABS:
            table = self.tables[key]
            table.setObjectName(key)
            self.tabs.addTab(table, titles[key])
        settlements = self.tables[SETTLEMENTS]
        settlements.view.setItemDelegateForColumn(13, LateDelegate(settlements.view))
        settlements.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # the newest day first
        settlements.selection_changed.connect(lambda _r: self._update_buttons())
        settlements.activated.connect(lambda _r: self.confirm_paid())
        self.tables[DAILY].view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.add_tab_shortcuts(self.tabs, [self.tables[key].view for key in TABS])
        self.tabs.currentChanged.connect(lambda _i: self._tab_shown())
        self.body.addWidget(self.tabs, 1)
        self.totals = QLabel(self)
        self.totals.setObjectName("reportTotals")
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.totals)
        self.hint = hint_label("", self)
        self.body.addWidget(self.hint)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("reportStatus")
        self.body.addWidget(self.status_label)
        self._show_hint()

    # --- what is chosen ---------------------------------------------------------------------

    def current_key(self) -> str:
        return TABS[self.tabs.currentIndex()]

    def merchant_id(self) -> str | None:
        data = self.merchant.currentData()
        return str(data) if data else None

    def merchant_label(self) -> str:
        return self.merchant.currentText() or self.tr("All merchants")

    def days(self) -> tuple[date, date]:
        first, last = self.start_day.date(), self.end_day.date()
        return (
            date(first.year(), first.month(), first.day()),
            date(last.year(), last.month(), last.day()),
        )

    def selected_settlement(self) -> SettlementRow | None:
        row = self.tables[SETTLEMENTS].selected()
        return row if isinstance(row, SettlementRow) else None

    # --- loading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the merchants and the tab shown (F5); a standalone desktop makes
        the settlements first when they are shown."""
        self.load(produce=True, merchants=True)

    def _tab_shown(self) -> None:
        self._show_hint()
        self._update_buttons()
        self._show_totals()
        if self.loaded_for.get(self.current_key()) != self._filters():
            self.load()

    def _filters(self) -> tuple[Any, ...]:
        return (self.merchant_id(), *self.days())

    def load(self, *, produce: bool = False, merchants: bool = False) -> None:
        key = self.current_key()
        first, last = self.days()
        if last < first:
            self.status_label.setText(self.tr("The last day is before the first day."))
            return
        if self.status_label.text() == self.tr("The last day is before the first day."):
            self.status_label.clear()
        call = self.ctx.call
        wanted = self.merchant_id()
        fresh = (
            self._produced_at is not None
            and time.monotonic() - self._produced_at < PRODUCE_AGAIN_S
            and not produce
        )
        make = key == SETTLEMENTS and not self.ctx.is_terminal and not fresh
        need_merchants = merchants or self.merchant.count() == 0
        fn = SERVICES[key]

        def job() -> tuple[list[Any] | None, str | None, list[Any]]:
            found = call(products.list_merchants) if need_merchants else None
            chosen = wanted
            if found is not None and chosen not in {m.id for m in found}:
                chosen = found[0].id if len(found) == 1 else None
            if make:
                call(settlement.refresh_settlements)
            rows = call(fn, merchant_id=chosen, start_day=first, end_day=last)
            return found, chosen, rows

        def done(result: tuple[list[Any] | None, str | None, list[Any]]) -> None:
            found, chosen, rows = result
            if make:
                self._produced_at = time.monotonic()
            if found is not None:
                self._show_merchants(found, chosen)
            self.rows[key] = rows
            self.loaded_for[key] = (chosen, first, last)
            self.tables[key].set_rows(rows)
            self._show_totals()
            self._update_buttons()

        self.run(job, done)

    def _show_merchants(self, merchants: Sequence[Any], chosen: str | None) -> None:
        self.merchant.blockSignals(True)
        self.merchant.clear()
        if len(merchants) != 1:
            self.merchant.addItem(self.tr("All merchants"), None)
        for merchant in merchants:
            self.merchant.addItem(merchant.name, merchant.id)
        self.merchant.setCurrentIndex(max(0, self.merchant.findData(chosen)))
        self.merchant.blockSignals(False)
        # A merchant's own staff see their merchant only.
        self.merchant.setEnabled(len(merchants) > 1)

    # --- what is shown ---------------------------------------------------------------------------

    def _show_hint(self) -> None:
        if self.current_key() == SETTLEMENTS:
            self.hint.setText(
                self.tr(
                    "Each merchant's settlement of a day is made after the day ends: its sales "
                    "of the day and the refunds made that day, less the venue's fee. Pay it by "
                    "bank transfer, then confirm it paid (F9) with the transfer's reference. "
                    "A late arrival is money for a day already paid (a sale queued offline): "
                    "settle it separately."
                )
            )
        elif self.current_key() == BY_PRODUCT:
            self.hint.setText(
                self.tr(
                    "Sales are the lines' amounts after line discounts; an order's own "
                    "discount is in the order summary. Refunds count on the day they were made."
                )
            )
        else:
            self.hint.setText(
                self.tr(
                    "Orders count on the day they were sold (a sale queued offline on its own "
                    "day), refunds on the day they were made."
                )
            )

    def _show_totals(self) -> None:
        key, rows = self.current_key(), self.rows[self.current_key()]
        if not rows:
            self.totals.setText(self.tr("Nothing in these days."))
            return
        if key == SETTLEMENTS:
            settled: list[SettlementRow] = rows
            open_fen = sum(r.payable_fen for r in settled if r.status == "open")
            late = sum(r.late_fen for r in settled)
            text = self.tr("Payable {payable}, of which still open {open}.").format(
                payable=money(sum(r.payable_fen for r in settled)), open=money(open_fen)
            )
            if late:
                text += " " + self.tr("Late arrivals on paid days: {late}.").format(
                    late=money(late)
                )
            self.totals.setText(text)
            return
        if key == BY_PRODUCT:
            products_rows: list[ProductSalesRow] = rows
            self.totals.setText(
                self.tr("Total: sales {sales}, refunds {refunds}, net {net}.").format(
                    sales=money(sum(r.sales_fen for r in products_rows)),
                    refunds=money(sum(r.refunds_fen for r in products_rows)),
                    net=money(sum(r.net_fen for r in products_rows)),
                )
            )
            return
        self.totals.setText(
            self.tr("Total: {orders} orders, sales {sales}, refunds {refunds}, net {net}.").format(
                orders=sum(r.orders for r in rows),
                sales=money(sum(r.sales_fen for r in rows)),
                refunds=money(sum(r.refunds_fen for r in rows)),
                net=money(sum(r.net_fen for r in rows)),
            )
        )

    def _update_buttons(self) -> None:
        if self.confirm_button is not None:
            chosen = self.selected_settlement()
            shown = self.current_key() == SETTLEMENTS
            self.confirm_button.setVisible(shown)  # settlements only
            self.confirm_button.setEnabled(shown and chosen is not None and chosen.status == "open")

    # --- confirming a settlement paid --------------------------------------------------------------

    def confirm_paid(self) -> None:
        if not self.may_confirm or self.dialog is not None:
            return
        if self.current_key() != SETTLEMENTS:
            self.tabs.setCurrentIndex(TABS.index(SETTLEMENTS))
            return
        row = self.selected_settlement()
        if row is None:
            inform(self, self.tr("Choose the settlement that was paid."))
            return
        if row.status == "paid":
            inform(
                self,
                self.tr("This settlement was confirmed paid by {name} ({reference}).").format(
                    name=row.paid_by, reference=row.paid_reference
                ),
            )
            return
        dialog = ConfirmPaidDialog(self.ctx, row, self)
        dialog.saved.connect(self._confirmed)
        self.open_dialog(dialog, "dialog")

    def _confirmed(self, row: SettlementRow) -> None:
        self.status_label.setText(
            self.tr("The settlement of {merchant} for {day} is confirmed paid.").format(
                merchant=row.merchant_name, day=row.day.isoformat()
            )
        )
        self.tables[SETTLEMENTS].select_on_next_load(row.id)
        self.load()

    # --- export ---------------------------------------------------------------------------------------

    def export_excel(self) -> None:
        key = self.current_key()
        first, last = self.days()
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = Path(folder or Path.home()) / self.tr(
            "{report}-{merchant}-{start}-{end}.xlsx"
        ).format(
            report=report_excel.REPORTS[key].title,
            merchant=self.merchant_label(),
            start=first.isoformat(),
            end=last.isoformat(),
        )
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the report to Excel"),
            str(suggested),
            self.tr("Excel workbook (*.xlsx)"),
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        self.export_to(target)

    def export_to(self, path: Path) -> None:
        """Write the tab shown, as listed, to ``path`` (on this computer)."""
        key = self.current_key()
        _chosen, first, last = self.loaded_for.get(key, self._filters())
        rows, merchant, zone = list(self.rows[key]), self.merchant_label(), self.ctx.zone

        def job() -> int:
            return report_excel.write_named_report(
                key, path, rows, merchant=merchant, start_day=first, end_day=last, zone=zone
            )

        def done(count: int) -> None:
            self.status_label.setText(
                self.tr("Exported {count} rows to {path}").format(count=count, path=str(path))
            )

        Op(self, job).disabling(self.export_button).success(done).run_in_background()
