"""商品管理: a merchant's product categories and products, each with its SKUs
(规格: code, price, barcodes, stock), stock received and counted, and the
products as an Excel workbook both ways.

A merchant's own staff see their merchant only (the chooser is locked);
venue staff choose the merchant. Every change goes through
:mod:`boxoffice.services.products`, which checks permission, scope and values
again; a dialog that is refused stays open with the reason. An import with
problems imports nothing and lists them by row and column.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from boxoffice import product_excel
from boxoffice.ids import MerchantId, ProductCategoryId, ProductId, SkuId
from boxoffice.money import format_fen
from boxoffice.permissions import Perm
from boxoffice.services import products
from boxoffice.services.products import (
    ImportRejected,
    ImportResult,
    MerchantRow,
    ProductCategoryRow,
    ProductRow,
    SkuInput,
    SkuRow,
)

from ..context import AppContext
from ..dialogs import FormDialog, compact, hint_label, inform, wide
from ..money_edit import MoneyEdit
from ..ops import Op, ask, error_text, report_error
from ..tables import Column, RowTable
from .base import Page, relabel, shortcut_label

CATEGORY_ID = Qt.ItemDataRole.UserRole
ALL_CATEGORIES = "*"
NO_CATEGORY = ""
_NEGATIVE = "#b91c1c"


def split_barcodes(text: str) -> tuple[str, ...]:
    """Barcodes typed in one field, separated by "/", commas or spaces."""
    for separator in (",", "，", "、", ";", "；"):
        text = text.replace(separator, "/")
    return tuple(b for part in text.split("/") for b in part.split() if b)


def price_range(row: ProductRow) -> str:
    prices = [s.price_fen for s in row.skus if s.enabled] or [s.price_fen for s in row.skus]
    if not prices:
        return ""
    low, high = min(prices), max(prices)
    return format_fen(low) if low == high else f"{format_fen(low)} – {format_fen(high)}"


# --- The SKU grid --------------------------------------------------------------------------


class SkuLine:
    """One SKU in the product dialog's grid (``sku_id`` None: new)."""

    def __init__(self, parent: QWidget, sku: SkuRow | None) -> None:
        self.sku_id: SkuId | None = sku.id if sku else None
        self.code = QLineEdit(parent)
        self.code.setMaxLength(32)
        self.code.setMinimumWidth(100)
        self.code.setPlaceholderText(QCoreApplication.translate("SkuLine", "e.g. 10201"))
        self.name = QLineEdit(parent)
        self.name.setMaxLength(64)
        self.name.setMinimumWidth(150)
        self.name.setPlaceholderText(QCoreApplication.translate("SkuLine", "e.g. 大杯 / 冰"))
        self.price = MoneyEdit(parent)
        self.price.setMinimumWidth(90)
        self.barcodes = QLineEdit(parent)
        self.barcodes.setPlaceholderText(
            QCoreApplication.translate("SkuLine", "scan or type; several: a/b")
        )
        self.barcodes.setMinimumWidth(200)
        self.track_stock = QCheckBox(QCoreApplication.translate("SkuLine", "Stock"), parent)
        self.enabled = QCheckBox(QCoreApplication.translate("SkuLine", "On sale"), parent)
        self.enabled.setChecked(True)
        if sku is not None:
            self.code.setText(sku.code)
            self.name.setText(sku.name)
            self.price.set_fen(sku.price_fen)
            self.barcodes.setText(" / ".join(sku.barcodes))
            self.track_stock.setChecked(sku.track_stock)
            self.enabled.setChecked(sku.enabled)

    def widgets(self) -> list[QWidget]:
        return [self.code, self.name, self.price, self.barcodes, self.track_stock, self.enabled]

    def holds_focus(self) -> bool:
        return any(w.hasFocus() for w in self.widgets())

    def value(self) -> SkuInput:
        fen = self.price.fen()
        assert fen is not None
        return SkuInput(
            self.sku_id,
            self.code.text(),
            self.name.text(),
            fen,
            self.track_stock.isChecked(),
            self.enabled.isChecked(),
            split_barcodes(self.barcodes.text()),
        )


class SkuEditor(QWidget):
    """The SKUs of a product as a grid of fields, one row each; Tab walks them."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.lines: list[SkuLine] = []
        # Tab comes in from ``before`` and leaves to ``after`` (set by the dialog).
        self.before: QWidget | None = None
        self.after: QWidget | None = None
        self.grid = QGridLayout(self)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.grid.setHorizontalSpacing(6)
        titles = (
            self.tr("Code"),
            self.tr("Attributes"),
            self.tr("Price (yuan)"),
            self.tr("Barcodes"),
            "",
            "",
        )
        for column, title in enumerate(titles):
            self.grid.addWidget(QLabel(title, self), 0, column)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 2)

    def add_line(self, sku: SkuRow | None = None) -> SkuLine:
        line = SkuLine(self, sku)
        row = len(self.lines) + 1
        for column, widget in enumerate(line.widgets()):
            self.grid.addWidget(widget, row, column)
            widget.show()  # now, not later as the layout would: it may take the focus at once
        self.lines.append(line)
        self.chain()
        return line

    def remove_line(self, line: SkuLine) -> None:
        """Take a line off; the lines below move up."""
        index = self.lines.index(line)
        self.lines.remove(line)
        for widget in line.widgets():
            self.grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        for row, below in enumerate(self.lines[index:], start=index + 1):
            for column, widget in enumerate(below.widgets()):
                self.grid.addWidget(widget, row, column)
        self.chain()

    def current(self) -> SkuLine | None:
        return next((line for line in self.lines if line.holds_focus()), None)

    def chain(self) -> None:
        """Tab goes along each line, then to the next line (lines added later too)."""
        widgets = [w for line in self.lines for w in line.widgets()]
        ends = [w for w in (self.before, *widgets, self.after) if w is not None]
        for first, second in pairwise(ends):
            QWidget.setTabOrder(first, second)


def _button(parent: QWidget, text: str, keys: str, slot: Callable[[], object]) -> QPushButton:
    """A button that shows its shortcut, outside a page's toolbar."""
    sequence = QKeySequence(keys)
    button = QPushButton(shortcut_label(text, sequence), parent)
    button.setShortcut(sequence)
    button.clicked.connect(lambda: slot())
    return button


# --- Dialogs -------------------------------------------------------------------------------


class ProductDialog(FormDialog):
    """A new product, or edit one, with its SKUs in one save.

    Signals:
        saved(object): the product's id.
    """

    def __init__(
        self,
        ctx: AppContext,
        merchant_id: MerchantId,
        categories: list[ProductCategoryRow],
        row: ProductRow | None,
        parent: QWidget,
        *,
        category_id: str | None = None,
        next_order: int = 0,
    ) -> None:
        super().__init__(self.tr("New product") if row is None else self.tr("Edit product"), parent)
        self.setMinimumWidth(980)
        self.ctx = ctx
        self.merchant_id = merchant_id
        self.row = row
        self.next_order = next_order
        self.name = QLineEdit(self)
        self.name.setMaxLength(64)
        self.name.setPlaceholderText(self.tr("e.g. 可乐, 爆米花"))
        self.category = wide(QComboBox(self))
        self.category.addItem(self.tr("(no category)"), None)
        for category in categories:
            self.category.addItem(category.name, category.id)
        wanted = row.category_id if row is not None else category_id
        if wanted:
            self.category.setCurrentIndex(max(0, self.category.findData(wanted)))
        self.unit = QLineEdit(self)
        self.unit.setMaxLength(8)
        self.unit.setPlaceholderText(self.tr("e.g. 瓶, 份, 个"))
        self.favourite = QCheckBox(self.tr("&Favourite (on the till's quick grid)"), self)
        self.enabled = QCheckBox(self.tr("&On sale"), self)
        self.enabled.setChecked(row.enabled if row else True)
        self.skus = SkuEditor(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.skus)
        scroll.setMinimumHeight(180)
        self.add_sku_button = _button(self, self.tr("Add SKU"), "F7", self.add_sku)
        self.remove_sku_button = _button(self, self.tr("Remove SKU"), "F8", self.remove_sku)
        sku_buttons = QHBoxLayout()
        sku_buttons.addWidget(self.add_sku_button)
        sku_buttons.addWidget(self.remove_sku_button)
        sku_buttons.addStretch(1)
        if row is not None:
            self.name.setText(row.name)
            self.unit.setText(row.unit)
            self.favourite.setChecked(row.favourite)
            for sku in row.skus:
                self.skus.add_line(sku)
        else:
            self.skus.add_line()
        self.form.addRow(self.tr("&Name"), self.name)
        self.form.addRow(self.tr("&Category"), self.category)
        self.form.addRow(self.tr("&Unit"), self.unit)
        self.form.addRow("", self.favourite)
        self.form.addRow("", self.enabled)
        self.form.addRow(self.tr("SKUs"), scroll)
        self.form.addRow("", sku_buttons)
        hint = hint_label(
            self.tr(
                "Each SKU has its own code (货号), price and barcodes. A SKU removed here is "
                "deleted, or kept disabled if it was sold or has stock records. In-store "
                "scale codes: register the first seven digits (e.g. 2012345)."
            ),
            self,
        )
        self.main_layout.insertWidget(self.main_layout.indexOf(self.message), hint)
        self.skus.before, self.skus.after = self.enabled, self.add_sku_button
        self.skus.chain()
        self.name.setFocus()

    def add_sku(self) -> None:
        line = self.skus.add_line()
        line.code.setFocus()

    def remove_sku(self) -> None:
        line = self.skus.current() or (self.skus.lines[-1] if self.skus.lines else None)
        if line is None:
            return
        if len(self.skus.lines) == 1:
            self.show_message(self.tr("A product needs at least one SKU."))
            return
        index = self.skus.lines.index(line)
        self.skus.remove_line(line)
        self.skus.lines[min(index, len(self.skus.lines) - 1)].code.setFocus()

    def prepare(self) -> Callable[[], ProductId] | None:
        for number, line in enumerate(self.skus.lines, start=1):
            if line.price.fen() is None:
                line.price.show_error()
                self.show_message(
                    self.tr("SKU {n}: {error}").format(
                        n=number, error=line.price.error() or self.tr("Enter a price.")
                    )
                )
                line.price.setFocus()
                return None
        call = self.ctx.call
        product_id = self.row.id if self.row else None
        category = self.category.currentData()
        values = {
            "merchant_id": self.merchant_id,
            "category_id": ProductCategoryId(str(category)) if category else None,
            "name": self.name.text(),
            "unit": self.unit.text(),
            "favourite": self.favourite.isChecked(),
            "sort_order": self.row.sort_order if self.row else self.next_order,
            "enabled": self.enabled.isChecked(),
            "skus": [line.value() for line in self.skus.lines],
        }
        return lambda: call(products.save_product, product_id, **values)


class CategoryDialog(FormDialog):
    """A new product category of the merchant, or rename one.

    Signals:
        saved(object): the category's id.
    """

    def __init__(
        self,
        ctx: AppContext,
        merchant_id: MerchantId,
        row: ProductCategoryRow | None,
        next_order: int,
        parent: QWidget,
    ) -> None:
        super().__init__(
            self.tr("New category") if row is None else self.tr("Rename category"), parent
        )
        self.ctx = ctx
        self.merchant_id = merchant_id
        self.row = row
        self.name = QLineEdit(self)
        self.name.setMaxLength(64)
        self.name.setPlaceholderText(self.tr("e.g. 饮料, 小食, 纪念品"))
        self.order = QSpinBox(self)
        compact(self.order)
        self.order.setRange(0, 9999)
        self.order.setToolTip(self.tr("Lists categories with smaller numbers first."))
        self.name.setText(row.name if row else "")
        self.order.setValue(row.sort_order if row else next_order)
        self.form.addRow(self.tr("&Name"), self.name)
        self.form.addRow(self.tr("&Sort order"), self.order)
        self.name.selectAll()
        self.name.setFocus()

    def prepare(self) -> Callable[[], ProductCategoryId]:
        call = self.ctx.call
        category_id = self.row.id if self.row else None
        merchant_id, name, order = self.merchant_id, self.name.text(), self.order.value()
        return lambda: call(
            products.save_product_category,
            category_id,
            merchant_id=merchant_id,
            name=name,
            sort_order=order,
        )


class StockDialog(FormDialog):
    """Stock received (入库) or adjusted after a count (盘点) for one SKU.

    Signals:
        saved(object): the SKU's stock afterwards.
    """

    def __init__(self, ctx: AppContext, row: ProductRow, parent: QWidget) -> None:
        super().__init__(self.tr("Stock of “{name}”").format(name=row.name), parent)
        self.ctx = ctx
        self.sku = wide(QComboBox(self))
        for sku in row.skus:
            if sku.track_stock:
                label = self.tr("{code} {name} — in stock: {stock}").format(
                    code=sku.code, name=sku.name, stock=sku.stock
                )
                self.sku.addItem(label, sku.id)
        self.kind = wide(QComboBox(self))
        self.kind.addItem(self.tr("Receive (goods delivered)"), "receive")
        self.kind.addItem(self.tr("Adjust (after a count, damage, loss)"), "adjust")
        self.quantity = QSpinBox(self)
        compact(self.quantity)
        self.quantity.setRange(-products.MAX_STOCK_CHANGE, products.MAX_STOCK_CHANGE)
        self.quantity.setValue(1)
        self.quantity.setToolTip(self.tr("Pieces in; a negative number takes stock off."))
        self.note = QLineEdit(self)
        self.note.setMaxLength(200)
        self.note.setPlaceholderText(self.tr("Delivery note, or why the stock is adjusted"))
        self.form.addRow(self.tr("S&KU"), self.sku)
        self.form.addRow(self.tr("&Kind"), self.kind)
        self.form.addRow(self.tr("&Quantity"), self.quantity)
        self.form.addRow(self.tr("N&ote"), self.note)
        (self.sku if self.sku.count() > 1 else self.quantity).setFocus()
        self.quantity.selectAll()

    def prepare(self) -> Callable[[], int] | None:
        if self.quantity.value() == 0:
            self.show_message(self.tr("Enter how many pieces."))
            self.quantity.setFocus()
            return None
        call = self.ctx.call
        sku_id = SkuId(str(self.sku.currentData()))
        delta, kind, note = self.quantity.value(), str(self.kind.currentData()), self.note.text()
        return lambda: call(products.record_stock, sku_id, delta=delta, kind=kind, note=note)


class ImportProblemsDialog(QDialog):
    """What is wrong in a workbook that was not imported, by row and column."""

    def __init__(self, rejected: ImportRejected, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("importProblems")
        self.setWindowTitle(self.tr("Nothing was imported"))
        self.setMinimumSize(640, 360)
        self.summary = QLabel(error_text(rejected), self)
        self.summary.setWordWrap(True)
        self.problems = QPlainTextEdit(self)
        self.problems.setReadOnly(True)
        self.problems.setPlainText("\n".join(self.problem_lines(rejected)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close (Esc)"))
        close.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(
            hint_label(self.tr("Correct these cells in the file and import it again."), self)
        )
        layout.addWidget(buttons)

    @staticmethod
    def problem_lines(rejected: ImportRejected) -> list[str]:
        return [p.text(lambda s: QCoreApplication.translate("core", s)) for p in rejected.problems]


class StockDelegate(QStyledItemDelegate):
    """The stock cell in red and bold when a SKU of the product is below zero."""

    def __init__(
        self, negative: Callable[[QModelIndex | QPersistentModelIndex], bool], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.negative = negative

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if self.negative(index):
            for role in (QPalette.ColorRole.Text, QPalette.ColorRole.HighlightedText):
                option.palette.setColor(role, QColor(_NEGATIVE))  # type: ignore[attr-defined]
            option.font.setBold(True)  # type: ignore[attr-defined]


# --- The page ------------------------------------------------------------------------------


class ProductsPage(Page):
    STOCK_COLUMN = 4

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Products"))
        self.dialog: QDialog | None = None
        self.may_manage = ctx.may(Perm.PRODUCTS_MANAGE)
        self.merchants: list[MerchantRow] = []
        self.categories: list[ProductCategoryRow] = []
        self.all_products: list[ProductRow] = []
        self.pending_category: str | None = None  # chosen once the list is loaded
        self.new_button: QPushButton | None = None
        self.edit_button: QPushButton | None = None
        self.enable_button: QPushButton | None = None
        self.delete_button: QPushButton | None = None
        self.stock_button: QPushButton | None = None
        self.import_button: QPushButton | None = None
        if self.may_manage:
            self.new_button = self.add_action_button(
                self.tr("New"), "Ctrl+N", self.new_product, primary=True
            )
            self.edit_button = self.add_action_button(self.tr("Edit"), "F2", self.edit_product)
            self.edit_button.setToolTip(self.tr("Enter on a row edits it too."))
            self.enable_button = self.add_action_button(
                self.tr("Disable"), "Ctrl+D", self.toggle_enabled
            )
            self.delete_button = self.add_action_button(
                self.tr("Delete"), "Del", self.delete_product
            )
            self.stock_button = self.add_action_button(self.tr("Stock"), "Ctrl+K", self.stock)
            self.import_button = self.add_action_button(
                self.tr("Import Excel"), "Ctrl+I", self.import_excel
            )
        self.export_button = self.add_action_button(
            self.tr("Export Excel"), "Ctrl+E", self.export_excel
        )
        self._build_filters()
        self._build_body()
        self._update_buttons()

    # --- building ----------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.merchant = QComboBox(self)
        self.merchant.setObjectName("merchant")
        self.merchant.setMinimumWidth(200)
        self.merchant.currentIndexChanged.connect(lambda _i: self._merchant_chosen())
        self.search = QLineEdit(self)
        self.search.setObjectName("productSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search name, code or barcode (Ctrl+F)"))
        self.search.textChanged.connect(lambda _t: self._show_products())
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        row = QHBoxLayout()
        row.addWidget(self.buddy_label(self.tr("&Merchant"), self.merchant))
        row.addWidget(self.merchant)
        row.addSpacing(16)
        row.addWidget(self.search, 1)
        # The Excel buttons beside the search: the toolbar keeps the page 1280 wide.
        for button in (self.import_button, self.export_button):
            if button is not None:
                self.toolbar.removeWidget(button)
                row.addWidget(button)
        self.body.addLayout(row)

    def _build_body(self) -> None:
        panel = self.card(self.tr("Categories"))
        self.category_list = QListWidget(panel)
        self.category_list.setObjectName("categories")
        self.category_list.currentItemChanged.connect(lambda *_: self._category_chosen())
        panel.layout().addWidget(self.category_list)
        self.new_category_button: QPushButton | None = None
        self.rename_category_button: QPushButton | None = None
        self.delete_category_button: QPushButton | None = None
        if self.may_manage:
            self.new_category_button = _button(
                panel, self.tr("New category"), "Ctrl+Shift+N", self.new_category
            )
            self.rename_category_button = _button(
                panel, self.tr("Rename"), "Ctrl+Shift+R", self.rename_category
            )
            self.delete_category_button = _button(
                panel, self.tr("Delete category"), "Ctrl+Shift+Del", self.delete_category
            )
            for button in (
                self.new_category_button,
                self.rename_category_button,
                self.delete_category_button,
            ):
                panel.layout().addWidget(button)
        panel.setMaximumWidth(280)
        self.table: RowTable[ProductRow] = RowTable(
            [
                Column(self.tr("Product"), lambda p: p.name),
                Column(self.tr("Category"), lambda p: p.category_name),
                Column(self.tr("SKUs"), lambda p: str(len(p.skus)), lambda p: len(p.skus), True),
                Column(
                    self.tr("Price"),
                    price_range,
                    lambda p: min((s.price_fen for s in p.skus), default=0),
                    True,
                ),
                Column(self.tr("Stock"), self.stock_text, self._stock_total, True),
                Column(self.tr("Favourite"), lambda p: self.tr("Yes") if p.favourite else ""),
                Column(
                    self.tr("Status"),
                    lambda p: self.tr("On sale") if p.enabled else self.tr("Disabled"),
                ),
            ],
            self,
        )
        self.table.setObjectName("products")
        # The page's own search also finds codes and barcodes, which are not columns.
        self.table.search.hide()
        for shortcut in self.table.findChildren(QShortcut):
            shortcut.setEnabled(False)
        self.table.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # as the merchant ordered
        self.table.view.setItemDelegateForColumn(
            self.STOCK_COLUMN, StockDelegate(self._negative_at, self.table.view)
        )
        self.table.activated.connect(lambda _row: self.edit_product())
        self.table.selection_changed.connect(lambda _row: self._update_buttons())
        columns = QHBoxLayout()
        columns.addWidget(panel)
        columns.addWidget(self.table, 1)
        self.body.addLayout(columns, 1)
        self.hint = hint_label(
            self.tr(
                "Stock below zero (sold more than was received) is shown in red: receive the "
                "delivery or count the shelf (Stock). A product that was sold is never "
                "deleted: disable it instead."
            ),
            self,
        )
        self.body.addWidget(self.hint)

    # --- what is shown -----------------------------------------------------------------

    def stock_text(self, row: ProductRow) -> str:
        tracked = [s for s in row.skus if s.stock is not None]
        if not tracked:
            return "—"
        total = str(sum(s.stock or 0 for s in tracked))
        negative = [s.code for s in tracked if s.negative]
        if not negative:
            return total
        return self.tr("{total} (below zero: {codes})").format(
            total=total, codes=", ".join(negative)
        )

    @staticmethod
    def _stock_total(row: ProductRow) -> int:
        return sum(s.stock or 0 for s in row.skus if s.stock is not None)

    def _negative_at(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        source = self.table.proxy.mapToSource(index)
        rows = self.table.model.rows
        return 0 <= source.row() < len(rows) and rows[source.row()].negative

    def merchant_id(self) -> MerchantId | None:
        data = self.merchant.currentData()
        return MerchantId(str(data)) if data else None

    def merchant_name(self) -> str:
        return self.merchant.currentText()

    def chosen_category(self) -> str:
        """The category chosen on the left: an id, ALL_CATEGORIES or NO_CATEGORY."""
        item = self.category_list.currentItem()
        return str(item.data(CATEGORY_ID)) if item is not None else ALL_CATEGORIES

    def selected_category(self) -> ProductCategoryRow | None:
        chosen = self.chosen_category()
        return next((c for c in self.categories if c.id == chosen), None)

    def matches(self, row: ProductRow) -> bool:
        chosen = self.chosen_category()
        if chosen == NO_CATEGORY and row.category_id is not None:
            return False
        if chosen not in (ALL_CATEGORIES, NO_CATEGORY) and row.category_id != chosen:
            return False
        words = self.search.text().strip().lower().split()
        if not words:
            return True
        haystack = " ".join(
            [row.name, row.category_name]
            + [f"{s.code} {s.name} {' '.join(s.barcodes)}" for s in row.skus]
        ).lower()
        return all(word in haystack for word in words)

    def _show_products(self) -> None:
        self.table.set_rows([p for p in self.all_products if self.matches(p)])
        if self.table.selected() is None and self.table.visible_rows():
            first = self.table.visible_rows()[0]
            self.table.select_where(lambda p: p.id == first.id)
        self._update_buttons()

    def _show_categories(self, select: str | None = None) -> None:
        wanted = select if select is not None else self.chosen_category()
        self.category_list.blockSignals(True)
        self.category_list.clear()
        entries = [
            (self.tr("All categories ({n})").format(n=len(self.all_products)), ALL_CATEGORIES)
        ]
        entries += [(f"{c.name} ({c.product_count})", c.id) for c in self.categories]
        loose = sum(1 for p in self.all_products if p.category_id is None)
        if loose:
            entries.append((self.tr("No category ({n})").format(n=loose), NO_CATEGORY))
        for text, data in entries:
            item = QListWidgetItem(text, self.category_list)
            item.setData(CATEGORY_ID, data)
        rows = [i for i, (_t, data) in enumerate(entries) if data == wanted]
        self.category_list.setCurrentRow(rows[0] if rows else 0)
        self.category_list.blockSignals(False)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _update_buttons(self) -> None:
        product = self.table.selected()
        has_merchant = self.merchant_id() is not None
        if self.new_button is not None:
            self.new_button.setEnabled(has_merchant)
        for button in (self.edit_button, self.enable_button, self.delete_button):
            if button is not None:
                button.setEnabled(product is not None)
        if self.stock_button is not None:
            self.stock_button.setEnabled(
                product is not None and any(s.track_stock for s in product.skus)
            )
        if self.import_button is not None:
            self.import_button.setEnabled(has_merchant)
        self.export_button.setEnabled(has_merchant)
        if self.enable_button is not None:
            enable = product is not None and not product.enabled
            relabel(self.enable_button, self.tr("Enable") if enable else self.tr("Disable"))
        if self.new_category_button is not None:
            self.new_category_button.setEnabled(has_merchant)
        for button in (self.rename_category_button, self.delete_category_button):
            if button is not None:
                button.setEnabled(self.selected_category() is not None)

    # --- loading -----------------------------------------------------------------------

    def refresh(self) -> None:
        wanted = self.merchant_id()
        call = self.ctx.call

        def load() -> tuple[
            list[MerchantRow], MerchantId | None, list[ProductCategoryRow], list[ProductRow]
        ]:
            merchants = call(products.list_merchants)
            ids = [m.id for m in merchants]
            chosen = wanted if wanted in ids else (ids[0] if ids else None)
            if chosen is None:
                return merchants, None, [], []
            return (
                merchants,
                chosen,
                call(products.list_product_categories, chosen),
                call(products.list_products, chosen),
            )

        self.run(load, lambda result: self._loaded(*result))

    def _loaded(
        self,
        merchants: list[MerchantRow],
        chosen: MerchantId | None,
        categories: list[ProductCategoryRow],
        rows: list[ProductRow],
    ) -> None:
        self.merchants = merchants
        self.merchant.blockSignals(True)
        self.merchant.clear()
        for merchant in merchants:
            label = (
                merchant.name
                if merchant.enabled
                else self.tr("{name} (disabled)").format(name=merchant.name)
            )
            self.merchant.addItem(label, merchant.id)
        if chosen is not None:
            self.merchant.setCurrentIndex(self.merchant.findData(chosen))
        self.merchant.blockSignals(False)
        # A merchant's own staff work on their merchant only.
        self.merchant.setEnabled(len(merchants) > 1)
        if not merchants:
            self.hint.setText(self.tr("Add a merchant on the Merchants page first."))
        self.categories = categories
        self.all_products = rows
        self._show_categories(select=self.pending_category)
        self.pending_category = None
        self._show_products()

    def _merchant_chosen(self) -> None:
        self.all_products = []
        self.refresh()

    def _category_chosen(self) -> None:
        self._show_products()

    # --- products ----------------------------------------------------------------------

    def _open(self, dialog: QDialog, select: Callable[[object], None]) -> None:
        if isinstance(dialog, FormDialog):
            dialog.saved.connect(select)
        dialog.finished.connect(lambda _r: self.table.view.setFocus())
        self.open_dialog(dialog, "dialog")

    def _select_product(self, product_id: object) -> None:
        self.table.select_on_next_load(product_id)
        self.refresh()

    def new_product(self) -> None:
        merchant_id = self.merchant_id()
        if merchant_id is None or not self.may_manage:
            return
        chosen = self.selected_category()
        next_order = max((p.sort_order for p in self.all_products), default=-1) + 1
        self._open(
            ProductDialog(
                self.ctx,
                merchant_id,
                self.categories,
                None,
                self,
                category_id=chosen.id if chosen else None,
                next_order=next_order,
            ),
            self._select_product,
        )

    def edit_product(self) -> None:
        product = self.table.selected()
        if product is None or not self.may_manage:
            return
        self._open(
            ProductDialog(self.ctx, product.merchant_id, self.categories, product, self),
            self._select_product,
        )

    def toggle_enabled(self) -> None:
        product = self.table.selected()
        if product is None:
            return
        call = self.ctx.call
        enabled = not product.enabled
        self.run(
            lambda: call(products.set_product_enabled, product.id, enabled),
            lambda _none: self.refresh(),
        )

    def delete_product(self) -> None:
        product = self.table.selected()
        if product is None:
            return
        call = self.ctx.call
        self.dialog = ask(
            self,
            self.tr("Delete product"),
            self.tr("Delete “{name}” and its {n} SKUs?").format(
                name=product.name, n=len(product.skus)
            ),
            lambda: self.run(
                lambda: call(products.delete_product, product.id), lambda _n: self.refresh()
            ),
        )

    def stock(self) -> None:
        product = self.table.selected()
        if product is None:
            return
        if not any(s.track_stock for s in product.skus):
            inform(
                self,
                self.tr("No SKU of “{name}” keeps stock. Turn on Stock for a SKU (Edit).").format(
                    name=product.name
                ),
            )
            return
        self._open(StockDialog(self.ctx, product, self), lambda _stock: self.refresh())

    # --- categories --------------------------------------------------------------------

    def new_category(self) -> None:
        merchant_id = self.merchant_id()
        if merchant_id is None:
            return
        next_order = max((c.sort_order for c in self.categories), default=-1) + 1
        dialog = CategoryDialog(self.ctx, merchant_id, None, next_order, self)
        self._open(dialog, self._select_category)

    def rename_category(self) -> None:
        category = self.selected_category()
        merchant_id = self.merchant_id()
        if category is None or merchant_id is None:
            return
        dialog = CategoryDialog(self.ctx, merchant_id, category, category.sort_order, self)
        self._open(dialog, self._select_category)

    def _select_category(self, category_id: object) -> None:
        self.pending_category = str(category_id)
        self.refresh()

    def delete_category(self) -> None:
        category = self.selected_category()
        if category is None:
            return
        call = self.ctx.call
        self.dialog = ask(
            self,
            self.tr("Delete category"),
            self.tr("Delete the category “{name}”?").format(name=category.name),
            lambda: self.run(
                lambda: call(products.delete_product_category, category.id),
                lambda _n: self._select_category(ALL_CATEGORIES),
            ),
        )

    # --- Excel -------------------------------------------------------------------------

    def import_excel(self) -> None:
        if self.merchant_id() is None:
            return
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Import products into “{name}”").format(name=self.merchant_name()),
            str(Path.home()),
            self.tr("Excel workbook (*.xlsx)"),
        )
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> None:
        """Read the workbook and import it, all or nothing; problems are listed
        by row and column."""
        merchant_id = self.merchant_id()
        if merchant_id is None:
            return
        call = self.ctx.call

        def job() -> ImportResult:
            rows = product_excel.read_products(path)
            return call(products.import_products, merchant_id, rows)

        op = Op(self, job).success(self._imported).failure(self._import_refused)
        if self.import_button is not None:
            op.disabling(self.import_button)
        op.run_in_background()

    def _imported(self, result: ImportResult) -> None:
        self.refresh()
        self.dialog = inform(
            self,
            self.tr(
                "Imported: {products} new products, {updated} changed; {skus} new SKUs, "
                "{skus_updated} changed, {unchanged} unchanged."
            ).format(
                products=result.products_created,
                updated=result.products_updated,
                skus=result.skus_created,
                skus_updated=result.skus_updated,
                unchanged=result.skus_unchanged,
            ),
        )

    def _import_refused(self, exc: BaseException) -> None:
        if isinstance(exc, ImportRejected):
            dialog = ImportProblemsDialog(exc, self)
            self.open_dialog(dialog, "dialog")
        else:
            report_error(self, exc)

    def export_excel(self) -> None:
        if self.merchant_id() is None:
            return
        suggested = Path.home() / self.tr("{merchant}-products-{date}.xlsx").format(
            merchant=self.merchant_name(), date=self.ctx.today().isoformat()
        )
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the products of “{name}”").format(name=self.merchant_name()),
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
        """Every product and SKU of the merchant, in the columns the import reads."""
        merchant_id, name = self.merchant_id(), self.merchant_name()
        if merchant_id is None:
            return
        call = self.ctx.call

        def job() -> int:
            rows = call(products.list_products, merchant_id)
            return product_excel.write_products(path, name, rows)

        self.run(
            job,
            lambda n: setattr(
                self,
                "dialog",
                inform(
                    self,
                    self.tr("{n} SKUs exported to {path}.").format(n=n, path=str(path)),
                ),
            ),
        )
