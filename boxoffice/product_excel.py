"""A merchant's products as an Excel workbook (商品导入导出), one row per SKU.

:func:`write_products` writes the columns :func:`read_products` reads, so an
exported file imports back unchanged. Reading checks each cell (a price that
is not money, an unknown yes/no word, a missing column) and reports every
problem by row and column at once, as :class:`ImportRejected`; the service
:func:`boxoffice.services.products.import_products` then checks the rows
against the store. Headers may be in Chinese (as exported) or English.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from .errors import ValidationError
from .i18n import QT_TRANSLATE_NOOP
from .money import parse_fen
from .services.products import (
    COL_BARCODES,
    COL_CATEGORY,
    COL_CODE,
    COL_ENABLED,
    COL_FAVOURITE,
    COL_PRICE,
    COL_PRODUCT,
    COL_SKU_NAME,
    COL_TRACK_STOCK,
    COL_UNIT,
    IMPORT_COLUMNS,
    ImportProblem,
    ImportRejected,
    ImportRow,
    ProductRow,
    SkuRow,
    check_price,
    problem,
)

REQUIRED = (COL_PRODUCT, COL_CODE, COL_PRICE)
YES_NO_COLUMNS = {COL_TRACK_STOCK: False, COL_FAVOURITE: False, COL_ENABLED: True}
"""The yes/no columns and what an empty cell means."""

# Other names a header may have (compared without spaces and case, brackets either width).
_ALIASES: dict[str, tuple[str, ...]] = {
    COL_CATEGORY: ("category", "商品分类", "类别"),
    COL_PRODUCT: ("product", "productname", "name", "商品", "品名", "名称"),
    COL_SKU_NAME: ("sku", "skuname", "variant", "attributes", "规格名称", "属性"),
    COL_CODE: ("code", "skucode", "itemcode", "商品编号", "编码", "编号"),
    COL_PRICE: ("price", "price(yuan)", "price(cny)", "售价", "价格", "单价", "销售价"),
    COL_BARCODES: ("barcode", "barcodes", "条形码"),
    COL_UNIT: ("unit",),
    COL_TRACK_STOCK: ("trackstock", "stock", "库存管理", "管理库存?"),
    COL_FAVOURITE: ("favourite", "favorite", "常用商品"),
    COL_ENABLED: ("enabled", "active", "状态"),
}
_YES = {"是", "y", "yes", "true", "1", "√", "✓", "✔", "启用", "开"}
_NO = {"否", "n", "no", "false", "0", "×", "✗", "✘", "停用", "关", "-"}
_BARCODE_SEPARATORS = re.compile(r"[/,，、;；|\s]+")
_HEADER_ROWS_SEARCHED = 10
_WIDTHS = {
    COL_CATEGORY: 12,
    COL_PRODUCT: 24,
    COL_SKU_NAME: 16,
    COL_CODE: 14,
    COL_PRICE: 11,
    COL_BARCODES: 32,
    COL_UNIT: 7,
    COL_TRACK_STOCK: 9,
    COL_FAVOURITE: 7,
    COL_ENABLED: 7,
}

NOT_A_WORKBOOK = QT_TRANSLATE_NOOP(
    "core",
    "“{name}” is not an Excel workbook (.xlsx). Open it in Excel, save it as "
    "“Excel Workbook (*.xlsx)” and import that.",
)


# --- Writing -----------------------------------------------------------------------------


def write_products(path: Path, merchant_name: str, rows: Sequence[ProductRow]) -> int:
    """Write every SKU of ``rows`` to ``path`` (.xlsx), whole or not at all;
    returns how many SKUs were written."""
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(merchant_name)
    sheet.append(list(IMPORT_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E5E7EB")
        cell.alignment = Alignment(horizontal="center")
    written = 0
    for product in rows:
        for sku in product.skus:
            sheet.append(_sku_cells(product, sku))
            written += 1
    _format(sheet, written)
    tmp = path.with_name(path.name + ".part")
    try:
        book.save(tmp)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "core", "“{name}” could not be written ({reason}). Is it open in Excel?"
            ),
            name=path.name,
            reason=exc.strerror or type(exc).__name__,
        ) from exc
    return written


def _sku_cells(product: ProductRow, sku: SkuRow) -> list[object]:
    yes_no = {True: "是", False: "否"}
    values = {
        COL_CATEGORY: product.category_name,
        COL_PRODUCT: product.name,
        COL_SKU_NAME: sku.name,
        COL_CODE: sku.code,
        COL_PRICE: Decimal(sku.price_fen).scaleb(-2),
        COL_BARCODES: "/".join(sku.barcodes),
        COL_UNIT: product.unit,
        COL_TRACK_STOCK: yes_no[sku.track_stock],
        COL_FAVOURITE: yes_no[product.favourite],
        COL_ENABLED: yes_no[sku.enabled],
    }
    return [values[c] for c in IMPORT_COLUMNS]


def _format(sheet: Any, written: int) -> None:
    """Prices as money with two decimals; codes and barcodes as text, so Excel
    keeps leading zeros and shows long barcodes whole; a frozen header."""
    for number, column in enumerate(IMPORT_COLUMNS, start=1):
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = _WIDTHS[column]
        number_format = {COL_PRICE: "0.00", COL_CODE: "@", COL_BARCODES: "@"}.get(column)
        if number_format is None:
            continue
        for (cell,) in sheet.iter_rows(
            min_row=2, max_row=written + 1, min_col=number, max_col=number
        ):
            cell.number_format = number_format
    sheet.freeze_panes = "A2"


def _sheet_title(merchant_name: str) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", merchant_name).strip()[:31]
    return cleaned or "商品"


# --- Reading -----------------------------------------------------------------------------


def read_products(path: Path) -> list[ImportRow]:
    """The SKU rows of the workbook at ``path``, checked cell by cell.

    Raises ``ValidationError`` if it is not a workbook, and
    :class:`ImportRejected` naming every bad cell by row and column."""
    cells = _sheet_rows(path)
    header_row, columns = _find_header(cells)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ImportRejected(
            problem(header_row, c, QT_TRANSLATE_NOOP("core", "The file has no such column."))
            for c in missing
        )
    rows: list[ImportRow] = []
    problems: list[ImportProblem] = []
    for number, values in enumerate(cells[header_row:], start=header_row + 1):
        if all(_blank(v) for v in values):
            continue
        row, found = _read_row(number, values, columns)
        problems += found
        if row is not None:
            rows.append(row)
    if problems:
        raise ImportRejected(problems)
    if not rows:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "The file has no products in it."))
    return rows


def _sheet_rows(path: Path) -> list[tuple[Any, ...]]:
    """The first sheet's cell values, row by row; a file that is not a workbook
    is a clear refusal, never a crash."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "“{name}” could not be read: {reason}."),
            name=path.name,
            reason=exc.strerror or type(exc).__name__,
        ) from exc
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise ValidationError(NOT_A_WORKBOOK, name=path.name) from exc
    try:
        return [tuple(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    except (IndexError, KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        raise ValidationError(NOT_A_WORKBOOK, name=path.name) from exc
    finally:
        book.close()


def _header_key(value: object) -> str:
    text = str(value or "").translate(str.maketrans("（）", "()"))
    return re.sub(r"\s", "", text).lower()


_KNOWN = {
    _header_key(name): column for column, aliases in _ALIASES.items() for name in (column, *aliases)
}


def _find_header(cells: Sequence[tuple[Any, ...]]) -> tuple[int, dict[str, int]]:
    """The header row (1-based) and each known column's position in it: the first
    of the top rows that names a product column."""
    for number, values in enumerate(cells[:_HEADER_ROWS_SEARCHED], start=1):
        columns: dict[str, int] = {}
        for position, value in enumerate(values):
            column = _KNOWN.get(_header_key(value))
            if column is not None:
                columns.setdefault(column, position)
        if COL_PRODUCT in columns or COL_CODE in columns:
            return number, columns
    raise ImportRejected(
        problem(1, c, QT_TRANSLATE_NOOP("core", "The file has no such column.")) for c in REQUIRED
    )


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Cells:
    """One row's cells by column, collecting what is wrong with them."""

    def __init__(self, number: int, values: tuple[Any, ...], columns: dict[str, int]) -> None:
        self.number = number
        self.values = values
        self.columns = columns
        self.problems: list[ImportProblem] = []

    def has(self, column: str) -> bool:
        return column in self.columns

    def raw(self, column: str) -> object:
        position = self.columns[column]
        return self.values[position] if position < len(self.values) else None

    def refuse(self, column: str, message: str, **params: object) -> None:
        self.problems.append(problem(self.number, column, message, **params))

    def text(self, column: str) -> str | None:
        """The cell as text (None: the file has no such column)."""
        if not self.has(column):
            return None
        return _as_text(self.raw(column))

    def required(self, column: str) -> str:
        value = self.text(column) or ""
        if not value:
            self.refuse(column, QT_TRANSLATE_NOOP("core", "This cell is empty."))
        return value

    def yes_no(self, column: str) -> bool | None:
        if not self.has(column):
            return None
        value = self.raw(column)
        if isinstance(value, bool):
            return value
        word = _as_text(value).lower()
        if not word:
            return YES_NO_COLUMNS[column]
        if word in _YES:
            return True
        if word in _NO:
            return False
        self.refuse(
            column,
            QT_TRANSLATE_NOOP("core", "“{value}” is not 是 or 否 (yes or no)."),
            value=word[:20],
        )
        return None

    def price(self) -> int | None:
        value = self.raw(COL_PRICE)
        try:
            return _fen(value)
        except ValidationError as refused:
            self.problems.append(problem(self.number, COL_PRICE, refused.message, **refused.params))
            return None

    def barcodes(self) -> tuple[str, ...] | None:
        if not self.has(COL_BARCODES):
            return None
        text = _as_text(self.raw(COL_BARCODES))
        return tuple(b for b in _BARCODE_SEPARATORS.split(text) if b)


def _read_row(
    number: int, values: tuple[Any, ...], columns: dict[str, int]
) -> tuple[ImportRow | None, list[ImportProblem]]:
    cells = _Cells(number, values, columns)
    name = cells.required(COL_PRODUCT)
    code = cells.required(COL_CODE)
    price = cells.price()
    row = ImportRow(
        row=number,
        product_name=name,
        code=code,
        price_fen=price if price is not None else 0,
        sku_name=cells.text(COL_SKU_NAME),
        category=cells.text(COL_CATEGORY),
        barcodes=cells.barcodes(),
        unit=cells.text(COL_UNIT),
        track_stock=cells.yes_no(COL_TRACK_STOCK),
        favourite=cells.yes_no(COL_FAVOURITE),
        enabled=cells.yes_no(COL_ENABLED),
    )
    return (None if cells.problems else row), cells.problems


def _as_text(value: object) -> str:
    """A cell as text: whole numbers without ".0" (codes typed as numbers)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_MORE_DECIMALS = QT_TRANSLATE_NOOP("core", "A price has at most two decimals (fen): “{value}”.")
_NEGATIVE = QT_TRANSLATE_NOOP("core", "A price cannot be negative: “{value}”.")


def _fen(value: object) -> int:
    """A price cell in fen: a number (Excel keeps those as floats: rounded to the
    fen when it is one, refused when it has more decimals) or text such as
    "¥12.50" read by :func:`parse_fen`."""
    if _blank(value):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "This cell is empty."))
    if isinstance(value, bool):
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "“{text}” is not an amount of money."), text=str(value)
        )
    if isinstance(value, int | float | Decimal):
        return check_price(_number_fen(value))
    text = str(value).strip()
    if re.search(r"\.\d{3,}\D*$", text):
        raise ValidationError(_MORE_DECIMALS, value=text)
    if text.startswith(("-", "－")):
        raise ValidationError(_NEGATIVE, value=text)
    return check_price(int(parse_fen(text)))


def _number_fen(value: int | float | Decimal) -> int:
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "“{text}” is not an amount of money."), text=str(value)
        ) from exc
    if not amount.is_finite():
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "“{text}” is not an amount of money."), text=str(value)
        )
    if amount < 0:
        raise ValidationError(_NEGATIVE, value=_plain(amount))
    fen = amount.scaleb(2)
    whole = fen.quantize(Decimal(1))
    # Binary floats carry noise (19.9 may be 19.900000000000002): a millionth of a fen is noise.
    if abs(fen - whole) > Decimal("0.000001"):
        raise ValidationError(_MORE_DECIMALS, value=_plain(amount))
    return int(whole)


def _plain(amount: Decimal) -> str:
    return format(amount.normalize(), "f")
