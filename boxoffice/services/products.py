"""商户管理 and 商品管理: merchants, their product categories, products with
their SKUs and barcodes, stock received and adjusted, and the Excel import.

Every service is scoped with :mod:`.merchant_scope`: a merchant's own staff
see and change their merchant only, venue staff every merchant. A write
checks everything it was given before it changes anything, so a refusal
leaves the catalogue as it was; the import is all or nothing and names
every problem by row and column.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlalchemy import func, select

from ..barcodes import is_ean13
from ..clock import now
from ..db.models import (
    Merchant,
    OrderLine,
    Product,
    ProductCategory,
    ProductSku,
    SkuBarcode,
    StockMovement,
    User,
)
from ..errors import Conflict, NotFound, PermissionDenied, ValidationError
from ..i18n import QT_TRANSLATE_NOOP
from ..ids import MerchantId, ProductCategoryId, ProductId, SkuId, new_id
from ..money import MAX_FEN, format_fen
from ..permissions import Perm
from .base import UnitOfWork, service
from .merchant_scope import check_merchant, scope

MAX_FEE_RATE_BP = 10_000
"""100 %: the venue's fee is a share of the merchant's net sales."""

MAX_STOCK_CHANGE = 1_000_000
MAX_IMPORT_ROWS = 10_000

# The merchant's own code of a SKU (货号): what the till accepts as typed (see barcodes.py).
_SKU_CODE = re.compile(r"^[0-9A-Za-z\-]{1,32}$")
# EAN-8/13, UPC-A, ITF-14, and the first 7 digits of in-store scale codes (2P IIIII).
_BARCODE = re.compile(r"^\d{4,20}$")
_PHONE = re.compile(r"^[0-9+\-() ]{0,20}$")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# The columns of the product workbook (one row per SKU), as its header names them.
COL_CATEGORY = "分类"
COL_PRODUCT = "商品名称"
COL_SKU_NAME = "规格"
COL_CODE = "货号"
COL_PRICE = "售价(元)"
COL_BARCODES = "条码"
COL_UNIT = "单位"
COL_TRACK_STOCK = "管理库存"
COL_FAVOURITE = "常用"
COL_ENABLED = "启用"
IMPORT_COLUMNS = (
    COL_CATEGORY,
    COL_PRODUCT,
    COL_SKU_NAME,
    COL_CODE,
    COL_PRICE,
    COL_BARCODES,
    COL_UNIT,
    COL_TRACK_STOCK,
    COL_FAVOURITE,
    COL_ENABLED,
)


# --- Rows the screens show -------------------------------------------------------------


@dataclass(frozen=True)
class MerchantRow:
    id: MerchantId
    name: str
    contact: str
    phone: str
    fee_rate_bp: int
    enabled: bool
    operator_count: int


@dataclass(frozen=True)
class ProductCategoryRow:
    id: ProductCategoryId
    merchant_id: MerchantId
    name: str
    sort_order: int
    product_count: int


@dataclass(frozen=True)
class SkuRow:
    id: SkuId
    code: str
    name: str
    price_fen: int
    track_stock: bool
    enabled: bool
    barcodes: tuple[str, ...]
    stock: int | None  # None when the SKU's stock is not kept
    negative: bool  # kept, and below zero: sold more than was received


@dataclass(frozen=True)
class ProductRow:
    id: ProductId
    merchant_id: MerchantId
    category_id: ProductCategoryId | None
    category_name: str
    name: str
    unit: str
    favourite: bool
    sort_order: int
    enabled: bool
    skus: tuple[SkuRow, ...]

    @property
    def negative(self) -> bool:
        return any(s.negative for s in self.skus)


@dataclass(frozen=True)
class SkuInput:
    """One SKU as the product dialog hands it over (``sku_id`` None: a new one)."""

    sku_id: SkuId | None
    code: str
    name: str
    price_fen: int
    track_stock: bool = False
    enabled: bool = True
    barcodes: tuple[str, ...] = ()


# --- The import ------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRow:
    """One SKU from the workbook; ``row`` is its row number there.

    An optional field is None when the file has no such column: an existing
    SKU (found by ``code``) keeps what it has, a new one gets the default."""

    row: int
    product_name: str
    code: str
    price_fen: int
    sku_name: str | None = None
    category: str | None = None
    barcodes: tuple[str, ...] | None = None
    unit: str | None = None
    track_stock: bool | None = None
    favourite: bool | None = None
    enabled: bool | None = None


@dataclass(frozen=True)
class ImportProblem:
    """What is wrong in one cell: ``message`` is English source text ("core"
    context) with ``{name}`` placeholders filled from ``params``."""

    row: int
    column: str
    message: str
    params: tuple[tuple[str, str], ...] = ()

    def text(self, translate: Callable[[str], str] = lambda s: s) -> str:
        """The problem as one line ("Row 5, column “售价(元)”: …"), in the
        language ``translate`` gives (the GUI passes Qt's translation)."""
        problem = translate(self.message).format(**dict(self.params))
        return translate(PROBLEM_AT).format(row=self.row, column=self.column, problem=problem)


PROBLEM_AT = QT_TRANSLATE_NOOP("core", "Row {row}, column “{column}”: {problem}")


def problem(row: int, column: str, message: str, **params: object) -> ImportProblem:
    return ImportProblem(row, column, message, tuple((k, str(v)) for k, v in params.items()))


class ImportRejected(ValidationError):
    """The workbook has problems; nothing was imported. ``problems`` lists them
    by row and column, in row order."""

    def __init__(self, problems: Iterable[ImportProblem]) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: p.row))
        super().__init__(
            QT_TRANSLATE_NOOP(
                "core", "Nothing was imported: the file has {count} problems. Correct them first."
            ),
            count=len(self.problems),
        )

    def details(self) -> str:
        """Every problem, one a line, in English (logs and tests)."""
        return "\n".join(p.text() for p in self.problems)


@dataclass(frozen=True)
class ImportResult:
    products_created: int = 0
    products_updated: int = 0
    skus_created: int = 0
    skus_updated: int = 0
    skus_unchanged: int = 0
    categories_created: tuple[str, ...] = field(default=())


# --- Checks shared by the dialog and the import ------------------------------------------

_NAME_64 = QT_TRANSLATE_NOOP("core", "A name must be 1 to {limit} characters.")


def _text(value: str, limit: int, *, required: bool = True) -> str:
    cleaned = (value or "").strip()
    if (required and not cleaned) or len(cleaned) > limit:
        if required:
            raise ValidationError(_NAME_64, limit=limit)
        raise ValidationError(QT_TRANSLATE_NOOP("core", "At most {limit} characters."), limit=limit)
    return cleaned


def clean_code(code: str) -> str:
    """A SKU's code (货号) as stored: letters, digits and dashes, as the till takes it."""
    cleaned = (code or "").strip().translate(_FULLWIDTH_DIGITS)
    if not _SKU_CODE.match(cleaned):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "core",
                "“{code}” is not a product code: use 1 to 32 letters, digits or dashes.",
            ),
            code=cleaned[:40],
        )
    return cleaned


def clean_barcode(barcode: str) -> str:
    """A barcode as stored: 4 to 20 digits. A full in-store EAN-13 (prefix 2) is
    refused with the hint to register its first seven digits, which is what the
    till looks up; another EAN-13 must have its check digit right."""
    cleaned = re.sub(r"\s", "", (barcode or "").translate(_FULLWIDTH_DIGITS))
    if not _BARCODE.match(cleaned):
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "“{barcode}” is not a barcode: use 4 to 20 digits."),
            barcode=cleaned[:40],
        )
    if len(cleaned) == 13 and cleaned.startswith("2"):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "core",
                "“{barcode}” is an in-store code with the price in it: register its first "
                "seven digits ({item}).",
            ),
            barcode=cleaned,
            item=cleaned[:7],
        )
    if len(cleaned) == 13 and not is_ean13(cleaned):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "core", "“{barcode}” has a wrong check digit: check the number on the package."
            ),
            barcode=cleaned,
        )
    return cleaned


def check_price(price_fen: int) -> int:
    if isinstance(price_fen, bool) or not isinstance(price_fen, int):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Enter a price."))
    if not 0 <= price_fen <= MAX_FEN:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "A price must be from {low} to {high}."),
            low=format_fen(0),
            high=format_fen(MAX_FEN),
        )
    return price_fen


def _sku_label(sku: ProductSku) -> str:
    """How a message names a SKU: "可乐 听装 (10201)"."""
    name = f"{sku.product.name} {sku.name}".strip()
    return f"{name} ({sku.code})"


# --- Loading, scoped ---------------------------------------------------------------------


def _merchant(uow: UnitOfWork, merchant_id: str | None) -> Merchant:
    """The merchant worked on; refused if it is another merchant's staff asking."""
    if not merchant_id:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Choose a merchant first."))
    return check_merchant(uow, merchant_id)


def _listed_merchant(uow: UnitOfWork, merchant_id: str | None) -> str | None:
    """Which merchant a list shows: the one asked for (if allowed), else the
    caller's own; None for venue staff who asked for none (every merchant)."""
    if merchant_id:
        check_merchant(uow, merchant_id)
        return merchant_id
    return scope(uow)


def _product(uow: UnitOfWork, product_id: str | None) -> Product:
    product = uow.session.get(Product, product_id) if product_id else None
    if product is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That product no longer exists."))
    check_merchant(uow, product.merchant_id)
    return product


def _category(uow: UnitOfWork, category_id: str | None) -> ProductCategory:
    category = uow.session.get(ProductCategory, category_id) if category_id else None
    if category is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That product category no longer exists."))
    check_merchant(uow, category.merchant_id)
    return category


def _sku(uow: UnitOfWork, sku_id: str | None) -> ProductSku:
    sku = uow.session.get(ProductSku, sku_id) if sku_id else None
    if sku is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That SKU no longer exists."))
    check_merchant(uow, sku.merchant_id)
    return sku


def _with_history(uow: UnitOfWork, sku_ids: Iterable[str]) -> set[str]:
    """Those of ``sku_ids`` that were sold or had stock moved: they stay, disabled."""
    ids = list(sku_ids)
    if not ids:
        return set()
    sold = uow.session.scalars(select(OrderLine.sku_id).where(OrderLine.sku_id.in_(ids)))
    moved = uow.session.scalars(select(StockMovement.sku_id).where(StockMovement.sku_id.in_(ids)))
    return {s for s in sold if s} | set(moved)


def _stock(uow: UnitOfWork, sku_ids: Iterable[str]) -> dict[str, int]:
    ids = list(sku_ids)
    if not ids:
        return {}
    query = (
        select(StockMovement.sku_id, func.sum(StockMovement.delta))
        .where(StockMovement.sku_id.in_(ids))
        .group_by(StockMovement.sku_id)
    )
    return {sku_id: int(total or 0) for sku_id, total in uow.session.execute(query)}


# --- Merchants ---------------------------------------------------------------------------


@service(None, audited=False)
def list_merchants(uow: UnitOfWork) -> list[MerchantRow]:
    """Every merchant for venue staff; a merchant's own staff see their own only."""
    query = select(Merchant).order_by(Merchant.name)
    own = scope(uow)
    if own is not None:
        query = query.where(Merchant.id == own)
    operators = {
        merchant: n
        for merchant, n in uow.session.execute(
            select(User.merchant_id, func.count())
            .where(User.merchant_id.is_not(None))
            .group_by(User.merchant_id)
        )
    }
    return [
        MerchantRow(
            MerchantId(m.id),
            m.name,
            m.contact,
            m.phone,
            m.fee_rate_bp,
            m.enabled,
            int(operators.get(m.id, 0)),
        )
        for m in uow.session.scalars(query)
    ]


def _check_fee_rate(fee_rate_bp: int) -> int:
    if isinstance(fee_rate_bp, bool) or not isinstance(fee_rate_bp, int):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Enter the fee rate."))
    if not 0 <= fee_rate_bp <= MAX_FEE_RATE_BP:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "The fee rate must be from 0.00 % to 100.00 %.")
        )
    return fee_rate_bp


def _merchant_fields(
    uow: UnitOfWork, merchant_id: str | None, name: str, contact: str, phone: str
) -> tuple[str, str, str]:
    cleaned = _text(name, 64)
    clash = uow.session.scalar(
        select(Merchant).where(Merchant.name == cleaned, Merchant.id != (merchant_id or ""))
    )
    if clash is not None:
        raise Conflict(
            QT_TRANSLATE_NOOP("core", "A merchant named “{name}” exists already."), name=cleaned
        )
    phone = (phone or "").strip()
    if not _PHONE.match(phone):
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "A phone number is up to 20 digits, spaces, + or -.")
        )
    return cleaned, _text(contact, 64, required=False), phone


@service(Perm.MERCHANTS_MANAGE, audited=True)
def save_merchant(
    uow: UnitOfWork,
    merchant_id: MerchantId | None,
    *,
    name: str,
    contact: str = "",
    phone: str = "",
    fee_rate_bp: int,
    enabled: bool = True,
) -> MerchantId:
    """A new merchant (``merchant_id`` None) or changes to one: its name (unique),
    contact, phone, the venue's fee in basis points (500 = 5 %), enabled."""
    if merchant_id is None and scope(uow) is not None:
        raise PermissionDenied(QT_TRANSLATE_NOOP("core", "Only venue staff can add merchants."))
    merchant = check_merchant(uow, merchant_id) if merchant_id is not None else None
    values = _merchant_fields(uow, merchant_id, name, contact, phone)
    fee = _check_fee_rate(fee_rate_bp)
    before = _merchant_detail(merchant) if merchant is not None else None
    if merchant is None:
        merchant = Merchant()
        uow.session.add(merchant)
    merchant.name, merchant.contact, merchant.phone = values
    merchant.fee_rate_bp, merchant.enabled = fee, bool(enabled)
    uow.session.flush()
    after = _merchant_detail(merchant)
    if before is None:
        uow.audit("merchant.create", "merchant", merchant.id, after)
    else:
        uow.audit("merchant.update", "merchant", merchant.id, {"before": before, "after": after})
    return MerchantId(merchant.id)


def _merchant_detail(merchant: Merchant) -> dict[str, Any]:
    return {
        "name": merchant.name,
        "contact": merchant.contact,
        "phone": merchant.phone,
        "fee_rate_bp": merchant.fee_rate_bp,
        "enabled": merchant.enabled,
    }


# --- Product categories ------------------------------------------------------------------


@service(None, audited=False)
def list_product_categories(
    uow: UnitOfWork, merchant_id: MerchantId | None = None
) -> list[ProductCategoryRow]:
    """A merchant's categories in their order (none given: the caller's own
    merchant, or for venue staff every merchant's)."""
    wanted = _listed_merchant(uow, merchant_id)
    counts = {
        category: n
        for category, n in uow.session.execute(
            select(Product.category_id, func.count())
            .where(Product.category_id.is_not(None))
            .group_by(Product.category_id)
        )
    }
    query = select(ProductCategory).order_by(
        ProductCategory.merchant_id, ProductCategory.sort_order, ProductCategory.name
    )
    if wanted is not None:
        query = query.where(ProductCategory.merchant_id == wanted)
    return [
        ProductCategoryRow(
            ProductCategoryId(c.id),
            MerchantId(c.merchant_id),
            c.name,
            c.sort_order,
            int(counts.get(c.id, 0)),
        )
        for c in uow.session.scalars(query)
    ]


def _category_name(uow: UnitOfWork, merchant_id: str, name: str, category_id: str | None) -> str:
    cleaned = _text(name, 64)
    clash = uow.session.scalar(
        select(ProductCategory).where(
            ProductCategory.merchant_id == merchant_id,
            ProductCategory.name == cleaned,
            ProductCategory.id != (category_id or ""),
        )
    )
    if clash is not None:
        raise Conflict(
            QT_TRANSLATE_NOOP("core", "A product category named “{name}” exists already."),
            name=cleaned,
        )
    return cleaned


def _check_sort_order(sort_order: int) -> int:
    if isinstance(sort_order, bool) or not isinstance(sort_order, int):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "The sort order must be 0 to 9999."))
    if not 0 <= sort_order <= 9999:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "The sort order must be 0 to 9999."))
    return sort_order


@service(Perm.PRODUCTS_MANAGE, audited=True)
def save_product_category(
    uow: UnitOfWork,
    category_id: ProductCategoryId | None,
    *,
    merchant_id: MerchantId,
    name: str,
    sort_order: int = 0,
) -> ProductCategoryId:
    """A new category of the merchant's products, or rename / reorder one."""
    merchant = _merchant(uow, merchant_id)
    category = _category(uow, category_id) if category_id is not None else None
    if category is not None and category.merchant_id != merchant.id:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "A category stays with its merchant."))
    cleaned = _category_name(uow, merchant.id, name, category_id)
    order = _check_sort_order(sort_order)
    before = category.name if category is not None else None
    if category is None:
        category = ProductCategory(merchant_id=merchant.id)
        uow.session.add(category)
    category.name, category.sort_order = cleaned, order
    uow.session.flush()
    detail = {"merchant": merchant.name, "name": cleaned, "sort_order": order}
    if before is None:
        uow.audit("product_category.create", "product_category", category.id, detail)
    else:
        uow.audit(
            "product_category.update", "product_category", category.id, {**detail, "was": before}
        )
    return ProductCategoryId(category.id)


@service(Perm.PRODUCTS_MANAGE, audited=True)
def delete_product_category(uow: UnitOfWork, category_id: ProductCategoryId) -> None:
    """Only a category no product belongs to."""
    category = _category(uow, category_id)
    used = uow.session.scalar(select(func.count()).where(Product.category_id == category.id)) or 0
    if used:
        raise Conflict(
            QT_TRANSLATE_NOOP(
                "core", "“{name}” still has {n} products. Move them to another category first."
            ),
            name=category.name,
            n=used,
        )
    name = category.name
    uow.session.delete(category)
    uow.audit("product_category.delete", "product_category", category_id, {"name": name})


# --- Products ----------------------------------------------------------------------------


@service(None, audited=False)
def list_products(
    uow: UnitOfWork, merchant_id: MerchantId | None = None, *, include_disabled: bool = True
) -> list[ProductRow]:
    """A merchant's products with their SKUs, barcodes and stock (none given:
    the caller's own merchant, or for venue staff every merchant's).
    ``include_disabled`` False leaves out disabled products and SKUs, and
    products without an enabled SKU (what a till offers)."""
    wanted = _listed_merchant(uow, merchant_id)
    query = (
        select(Product, ProductCategory)
        .outerjoin(ProductCategory, ProductCategory.id == Product.category_id)
        .order_by(
            Product.merchant_id,
            ProductCategory.sort_order.is_(None),
            ProductCategory.sort_order,
            ProductCategory.name,
            Product.sort_order,
            Product.name,
        )
    )
    if wanted is not None:
        query = query.where(Product.merchant_id == wanted)
    if not include_disabled:
        query = query.where(Product.enabled)
    found = [(p, c) for p, c in uow.session.execute(query)]
    tracked = [s.id for p, _c in found for s in p.skus if s.track_stock]
    stock = _stock(uow, tracked)
    rows = [_product_row(p, c, stock, include_disabled) for p, c in found]
    return [r for r in rows if include_disabled or r.skus]


def _product_row(
    product: Product,
    category: ProductCategory | None,
    stock: dict[str, int],
    include_disabled: bool,
) -> ProductRow:
    skus = tuple(_sku_row(s, stock) for s in product.skus if include_disabled or s.enabled)
    return ProductRow(
        ProductId(product.id),
        MerchantId(product.merchant_id),
        ProductCategoryId(category.id) if category is not None else None,
        category.name if category is not None else "",
        product.name,
        product.unit,
        product.favourite,
        product.sort_order,
        product.enabled,
        skus,
    )


def _sku_row(sku: ProductSku, stock: dict[str, int]) -> SkuRow:
    level = stock.get(sku.id, 0) if sku.track_stock else None
    return SkuRow(
        SkuId(sku.id),
        sku.code,
        sku.name,
        sku.price_fen,
        sku.track_stock,
        sku.enabled,
        tuple(b.barcode for b in sku.barcodes),
        level,
        level is not None and level < 0,
    )


@dataclass
class _CheckedSku:
    """A SKU of the dialog after its checks: what it is to become."""

    existing: ProductSku | None
    code: str
    name: str
    price_fen: int
    track_stock: bool
    enabled: bool
    barcodes: tuple[str, ...]


def _checked_skus(product: Product | None, skus: Sequence[SkuInput]) -> list[_CheckedSku]:
    """Check the dialog's SKUs on their own and against each other."""
    if not skus:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "A product needs at least one SKU."))
    own = {s.id: s for s in product.skus} if product is not None else {}
    checked: list[_CheckedSku] = []
    codes: set[str] = set()
    barcodes: dict[str, str] = {}
    for given in skus:
        existing = own.get(given.sku_id) if given.sku_id else None
        if given.sku_id and existing is None:
            raise NotFound(QT_TRANSLATE_NOOP("core", "That SKU no longer exists."))
        code = clean_code(given.code)
        if code in codes:
            raise ValidationError(
                QT_TRANSLATE_NOOP("core", "The code “{code}” is given to two SKUs."), code=code
            )
        codes.add(code)
        cleaned = tuple(dict.fromkeys(clean_barcode(b) for b in given.barcodes))
        for barcode in cleaned:
            if barcode in barcodes:
                raise ValidationError(
                    QT_TRANSLATE_NOOP(
                        "core", "The barcode “{barcode}” is given to both “{first}” and “{second}”."
                    ),
                    barcode=barcode,
                    first=barcodes[barcode],
                    second=code,
                )
            barcodes[barcode] = code
        checked.append(
            _CheckedSku(
                existing,
                code,
                _text(given.name, 64, required=False),
                check_price(given.price_fen),
                bool(given.track_stock),
                bool(given.enabled),
                cleaned,
            )
        )
    return checked


def _check_against_merchant(
    uow: UnitOfWork, merchant_id: str, checked: list[_CheckedSku], freed: set[str]
) -> None:
    """Codes and barcodes unique in the merchant, counting the SKUs being saved
    as they will be and those in ``freed`` (about to be deleted) as gone."""
    mine = {c.existing.id for c in checked if c.existing is not None} | freed
    codes = {c.code: c for c in checked}
    for other in uow.session.scalars(
        select(ProductSku).where(
            ProductSku.merchant_id == merchant_id, ProductSku.code.in_(list(codes))
        )
    ):
        if other.id not in mine:
            raise Conflict(
                QT_TRANSLATE_NOOP("core", "The code “{code}” belongs to “{sku}” already."),
                code=other.code,
                sku=_sku_label(other),
            )
    wanted = [b for c in checked for b in c.barcodes]
    taken = uow.session.scalars(
        select(SkuBarcode).where(
            SkuBarcode.merchant_id == merchant_id, SkuBarcode.barcode.in_(wanted)
        )
    )
    for held in taken:
        if held.sku_id not in mine:
            holder = uow.session.get(ProductSku, held.sku_id)
            raise Conflict(
                QT_TRANSLATE_NOOP("core", "The barcode “{barcode}” belongs to “{sku}” already."),
                barcode=held.barcode,
                sku=_sku_label(holder) if holder is not None else held.sku_id,
            )


def _product_name(uow: UnitOfWork, merchant_id: str, name: str, product_id: str | None) -> str:
    cleaned = _text(name, 64)
    clash = uow.session.scalar(
        select(Product).where(
            Product.merchant_id == merchant_id,
            Product.name == cleaned,
            Product.id != (product_id or ""),
        )
    )
    if clash is not None:
        raise Conflict(
            QT_TRANSLATE_NOOP("core", "A product named “{name}” exists already."), name=cleaned
        )
    return cleaned


def _placeholder(sku_id: str) -> str:
    """A code no real code can be ("~" is not allowed in one), unique by the SKU's id."""
    return "~" + sku_id.replace("-", "")[-31:]


def _set_codes(uow: UnitOfWork, wanted: dict[ProductSku, str]) -> None:
    """Give SKUs their codes. Two SKUs may swap codes in one save, so every
    code that changes first steps aside to a placeholder."""
    changing = {sku: code for sku, code in wanted.items() if sku.code != code}
    if not changing:
        return
    for sku in changing:
        sku.code = _placeholder(sku.id)
    uow.session.flush()
    for sku, code in changing.items():
        sku.code = code
    uow.session.flush()


def _set_barcodes(uow: UnitOfWork, wanted: dict[ProductSku, tuple[str, ...]]) -> None:
    """Give SKUs exactly these barcodes. A barcode may move from one SKU to
    another in one save, so every removal is written before any addition."""
    for sku, barcodes in wanted.items():
        sku.barcodes = [b for b in sku.barcodes if b.barcode in barcodes]
    uow.session.flush()
    for sku, barcodes in wanted.items():
        have = {b.barcode for b in sku.barcodes}
        for barcode in barcodes:
            if barcode not in have:
                sku.barcodes.append(SkuBarcode(merchant_id=sku.merchant_id, barcode=barcode))
    uow.session.flush()


def _retire(
    uow: UnitOfWork, skus: Iterable[ProductSku], *, after: int
) -> tuple[list[str], list[str]]:
    """SKUs left out of a save: disabled (and listed ``after`` the others) if
    they have history, else deleted. Returns the codes (disabled, deleted)."""
    skus = list(skus)
    history = _with_history(uow, [s.id for s in skus])
    disabled: list[str] = []
    deleted: list[str] = []
    for sku in skus:
        if sku.id in history:
            sku.enabled = False
            sku.sort_order = after + len(disabled)
            disabled.append(sku.code)
        else:
            deleted.append(sku.code)
            uow.session.delete(sku)
    uow.session.flush()
    return disabled, deleted


@service(Perm.PRODUCTS_MANAGE, audited=True)
def save_product(
    uow: UnitOfWork,
    product_id: ProductId | None,
    *,
    merchant_id: MerchantId,
    category_id: ProductCategoryId | None,
    name: str,
    unit: str = "",
    favourite: bool = False,
    sort_order: int = 0,
    enabled: bool = True,
    skus: list[SkuInput],
) -> ProductId:
    """A product and its SKUs, in one save. A SKU left out of ``skus`` is
    disabled if it was ever sold or had stock moved, else deleted."""
    merchant = _merchant(uow, merchant_id)
    product = _product(uow, product_id) if product_id is not None else None
    if product is not None and product.merchant_id != merchant.id:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "A product stays with its merchant."))
    category = _category(uow, category_id) if category_id is not None else None
    if category is not None and category.merchant_id != merchant.id:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Choose one of this merchant's categories.")
        )
    cleaned = _product_name(uow, merchant.id, name, product_id)
    unit_text = _text(unit, 8, required=False)
    order = _check_sort_order(sort_order)
    checked = _checked_skus(product, skus or [])
    kept = {c.existing.id for c in checked if c.existing is not None}
    left_out = [s for s in product.skus if s.id not in kept] if product is not None else []
    history = _with_history(uow, [s.id for s in left_out])
    _check_against_merchant(uow, merchant.id, checked, {s.id for s in left_out} - history)
    # Everything is checked: write.
    created = product is None
    if product is None:
        product = Product(merchant_id=merchant.id)
        uow.session.add(product)
    product.name, product.unit, product.category_id = cleaned, unit_text, category_id
    product.favourite, product.sort_order, product.enabled = bool(favourite), order, bool(enabled)
    uow.session.flush()
    disabled, deleted = _retire(uow, left_out, after=len(checked))
    if deleted:
        uow.session.expire(product, ["skus"])
    _write_skus(uow, product, checked, first_order=0)
    uow.audit(
        "product.create" if created else "product.update",
        "product",
        product.id,
        {
            "merchant": merchant.name,
            "name": cleaned,
            "skus": [
                {"code": c.code, "name": c.name, "price_fen": c.price_fen, "barcodes": c.barcodes}
                for c in checked
            ],
            "disabled": disabled,
            "deleted": deleted,
        },
    )
    return ProductId(product.id)


def _write_skus(
    uow: UnitOfWork, product: Product, checked: list[_CheckedSku], *, first_order: int
) -> list[ProductSku]:
    """Create or update the checked SKUs of ``product``, in their order."""
    skus: list[ProductSku] = []
    for position, c in enumerate(checked):
        sku = c.existing
        if sku is None:
            sku_id = new_id()
            sku = ProductSku(id=sku_id, merchant_id=product.merchant_id, code=_placeholder(sku_id))
            uow.session.add(sku)
        sku.product = product
        sku.name, sku.price_fen = c.name, c.price_fen
        sku.track_stock, sku.enabled = c.track_stock, c.enabled
        sku.sort_order = first_order + position
        skus.append(sku)
    uow.session.flush()
    _set_codes(uow, {sku: c.code for sku, c in zip(skus, checked, strict=True)})
    _set_barcodes(uow, {sku: c.barcodes for sku, c in zip(skus, checked, strict=True)})
    return skus


@service(Perm.PRODUCTS_MANAGE, audited=True)
def set_product_enabled(uow: UnitOfWork, product_id: ProductId, enabled: bool) -> None:
    """Take a product off the tills (it keeps its history) or put it back."""
    product = _product(uow, product_id)
    product.enabled = bool(enabled)
    uow.audit(
        "product.enable" if enabled else "product.disable",
        "product",
        product.id,
        {"name": product.name},
    )


@service(Perm.PRODUCTS_MANAGE, audited=True)
def delete_product(uow: UnitOfWork, product_id: ProductId) -> None:
    """Only a product none of whose SKUs was ever sold or had stock moved:
    with history, disable it instead."""
    product = _product(uow, product_id)
    if _with_history(uow, [s.id for s in product.skus]):
        raise Conflict(
            QT_TRANSLATE_NOOP(
                "core",
                "“{name}” has sales or stock records and cannot be deleted. Disable it instead.",
            ),
            name=product.name,
        )
    name, codes = product.name, [s.code for s in product.skus]
    for sku in list(product.skus):
        uow.session.delete(sku)
    uow.session.flush()
    uow.session.delete(product)
    uow.audit("product.delete", "product", product_id, {"name": name, "skus": codes})


# --- Stock -------------------------------------------------------------------------------

STOCK_KINDS = ("receive", "adjust")


@service(Perm.PRODUCTS_MANAGE, audited=True)
def record_stock(uow: UnitOfWork, sku_id: SkuId, *, delta: int, kind: str, note: str) -> int:
    """Stock received (入库, more) or adjusted after a count (盘点, either way,
    with the reason). Returns the SKU's stock afterwards."""
    sku = _sku(uow, sku_id)
    if not sku.track_stock:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "core", "“{sku}” does not keep stock. Turn on stock keeping for it first."
            ),
            sku=_sku_label(sku),
        )
    if kind not in STOCK_KINDS:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Stock is received or adjusted."), kind=str(kind)
        )
    if isinstance(delta, bool) or not isinstance(delta, int) or delta == 0:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Enter how many pieces."))
    if abs(delta) > MAX_STOCK_CHANGE:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "At most {limit} pieces at a time."),
            limit=f"{MAX_STOCK_CHANGE:,}",
        )
    if kind == "receive" and delta < 0:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "core", "Stock received is more than zero. To take stock off, adjust it."
            )
        )
    reason = (note or "").strip()
    if len(reason) > 200:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "At most {limit} characters."), limit=200)
    if kind == "adjust" and not reason:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Say why the stock is adjusted (e.g. counted, damaged).")
        )
    uow.session.add(
        StockMovement(
            sku_id=sku.id,
            at=now(),
            delta=delta,
            kind=kind,
            note=reason,
            user_login=uow.user.login,
        )
    )
    uow.session.flush()
    level = _stock(uow, [sku.id]).get(sku.id, 0)
    uow.audit(
        f"stock.{kind}",
        "sku",
        sku.id,
        {"sku": _sku_label(sku), "delta": delta, "note": reason, "stock": level},
    )
    return level


# --- The Excel import --------------------------------------------------------------------


def _row_problems(row: ImportRow) -> list[ImportProblem]:
    """What is wrong with one row on its own."""
    found: list[ImportProblem] = []
    checks: list[tuple[str, Callable[[], object]]] = [
        (COL_PRODUCT, lambda: _text(row.product_name, 64)),
        (COL_CODE, lambda: clean_code(row.code)),
        (COL_PRICE, lambda: check_price(row.price_fen)),
        (COL_SKU_NAME, lambda: _text(row.sku_name or "", 64, required=False)),
        (COL_CATEGORY, lambda: _text(row.category or "", 64, required=False)),
        (COL_UNIT, lambda: _text(row.unit or "", 8, required=False)),
    ]
    checks += [(COL_BARCODES, partial(clean_barcode, b)) for b in row.barcodes or ()]
    for column, check in checks:
        try:
            check()
        except ValidationError as refused:
            found.append(problem(row.row, column, refused.message, **refused.params))
    return found


def _file_problems(rows: Sequence[ImportRow]) -> list[ImportProblem]:
    """Codes and barcodes given twice, and rows of one product that disagree."""
    found: list[ImportProblem] = []
    codes: dict[str, int] = {}
    barcodes: dict[str, int] = {}
    products: dict[str, ImportRow] = {}
    for row in rows:
        code = row.code.strip()
        if code in codes:
            found.append(problem(row.row, COL_CODE, _TWICE, value=code, first=codes[code]))
        codes.setdefault(code, row.row)
        for barcode in dict.fromkeys(_loose_barcode(b) for b in row.barcodes or ()):
            if barcode in barcodes:
                found.append(
                    problem(row.row, COL_BARCODES, _TWICE, value=barcode, first=barcodes[barcode])
                )
            barcodes.setdefault(barcode, row.row)
        first = products.setdefault(row.product_name.strip(), row)
        found += _disagreements(first, row)
    return found


_TWICE = QT_TRANSLATE_NOOP("core", "“{value}” is on row {first} already.")


def _loose_barcode(barcode: str) -> str:
    return re.sub(r"\s", "", barcode.translate(_FULLWIDTH_DIGITS))


def _disagreements(first: ImportRow, row: ImportRow) -> list[ImportProblem]:
    """The product's own columns must say the same on each of its rows."""
    found = []
    for column, ours, theirs in (
        (COL_CATEGORY, first.category, row.category),
        (COL_UNIT, first.unit, row.unit),
        (COL_FAVOURITE, first.favourite, row.favourite),
    ):
        if ours is not None and theirs is not None and _same(ours) != _same(theirs):
            found.append(
                problem(
                    row.row,
                    column,
                    QT_TRANSLATE_NOOP(
                        "core", "Row {first} of the same product says “{value}”: make them agree."
                    ),
                    first=first.row,
                    value=_shown(ours),
                )
            )
    return found


def _same(value: str | bool) -> str | bool:
    return value.strip() if isinstance(value, str) else value


def _shown(value: str | bool) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return value.strip()


@dataclass
class _Catalogue:
    """A merchant's catalogue as the import finds it."""

    categories: dict[str, ProductCategory]
    products: dict[str, Product]
    skus: dict[str, ProductSku]  # by code

    @classmethod
    def load(cls, uow: UnitOfWork, merchant_id: str) -> _Catalogue:
        session = uow.session
        return cls(
            {
                c.name: c
                for c in session.scalars(
                    select(ProductCategory).where(ProductCategory.merchant_id == merchant_id)
                )
            },
            {
                p.name: p
                for p in session.scalars(select(Product).where(Product.merchant_id == merchant_id))
            },
            {
                s.code: s
                for s in session.scalars(
                    select(ProductSku).where(ProductSku.merchant_id == merchant_id)
                )
            },
        )


def _store_problems(
    uow: UnitOfWork, merchant_id: str, rows: Sequence[ImportRow], catalogue: _Catalogue
) -> list[ImportProblem]:
    """Barcodes another SKU keeps, and SKUs moved away from a product that would
    be left without any."""
    found: list[ImportProblem] = []
    touched = {r.code.strip(): r for r in rows}
    for row in rows:
        found += _barcode_clashes(uow, merchant_id, row, touched)
    leaving: dict[str, list[ImportRow]] = defaultdict(list)
    for row in rows:
        sku = catalogue.skus.get(row.code.strip())
        if sku is not None and sku.product.name != row.product_name.strip():
            leaving[sku.product_id].append(row)
    named = {r.product_name.strip() for r in rows}
    for product_id, moved in leaving.items():
        product = uow.session.get(Product, product_id)
        if product is not None and product.name not in named and len(product.skus) == len(moved):
            found += [
                problem(
                    r.row,
                    COL_PRODUCT,
                    QT_TRANSLATE_NOOP(
                        "core",
                        "This moves the last SKU of “{product}” to another product. "
                        "Rename products on the Products page instead.",
                    ),
                    product=product.name,
                )
                for r in moved
            ]
    return found


def _barcode_clashes(
    uow: UnitOfWork, merchant_id: str, row: ImportRow, touched: dict[str, ImportRow]
) -> list[ImportProblem]:
    wanted = [clean for b in row.barcodes or () if (clean := _loose_barcode(b))]
    if not wanted:
        return []
    found = []
    held = uow.session.scalars(
        select(SkuBarcode).where(
            SkuBarcode.merchant_id == merchant_id, SkuBarcode.barcode.in_(wanted)
        )
    )
    for barcode in held:
        holder = uow.session.get(ProductSku, barcode.sku_id)
        if holder is None or holder.code == row.code.strip():
            continue
        their_row = touched.get(holder.code)
        if their_row is not None and their_row.barcodes is not None:
            continue  # that row gives the holder other barcodes (checked in the file)
        found.append(
            problem(
                row.row,
                COL_BARCODES,
                QT_TRANSLATE_NOOP("core", "The barcode “{barcode}” belongs to “{sku}” already."),
                barcode=barcode.barcode,
                sku=_sku_label(holder),
            )
        )
    return found


@service(Perm.PRODUCTS_MANAGE, audited=True)
def import_products(
    uow: UnitOfWork, merchant_id: MerchantId, rows: list[ImportRow]
) -> ImportResult:
    """Products and SKUs from a workbook's rows, all or nothing.

    A row's code (货号) finds an existing SKU to update, else makes a new one;
    rows with the same product name are one product (created if new); a
    category named but missing is created. SKUs not in the file stay as they
    are. Any problem refuses the whole file with :class:`ImportRejected`."""
    merchant = _merchant(uow, merchant_id)
    rows = list(rows or [])
    if not rows:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "The file has no products in it."))
    if len(rows) > MAX_IMPORT_ROWS:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "At most {limit} rows can be imported at once."),
            limit=f"{MAX_IMPORT_ROWS:,}",
        )
    catalogue = _Catalogue.load(uow, merchant.id)
    problems = [p for r in rows for p in _row_problems(r)]
    problems += _file_problems(rows) + _store_problems(uow, merchant.id, rows, catalogue)
    if problems:
        raise ImportRejected(problems)
    result = _Importer(uow, merchant, catalogue).run(rows)
    uow.audit(
        "product.import",
        "merchant",
        merchant.id,
        {"merchant": merchant.name, "rows": len(rows), **result.__dict__},
    )
    return result


class _Importer:
    """Writes checked rows into the catalogue and counts what changed."""

    def __init__(self, uow: UnitOfWork, merchant: Merchant, catalogue: _Catalogue) -> None:
        self.uow = uow
        self.merchant = merchant
        self.catalogue = catalogue
        self.new_categories: list[str] = []
        self.products_created = 0
        self.products_changed: set[str] = set()

    def run(self, rows: list[ImportRow]) -> ImportResult:
        groups: dict[str, list[ImportRow]] = defaultdict(list)
        for row in rows:
            groups[row.product_name.strip()].append(row)
        products = {name: self._product(name, group) for name, group in groups.items()}
        self.uow.session.flush()
        created = updated = unchanged = 0
        codes: dict[ProductSku, str] = {}
        barcodes: dict[ProductSku, tuple[str, ...]] = {}
        for row in rows:
            sku, state = self._sku(products[row.product_name.strip()], row)
            created += state == "created"
            updated += state == "updated"
            unchanged += state == "unchanged"
            codes[sku] = clean_code(row.code)
            if row.barcodes is not None:
                barcodes[sku] = tuple(dict.fromkeys(clean_barcode(b) for b in row.barcodes))
        self.uow.session.flush()
        _set_codes(self.uow, codes)
        _set_barcodes(self.uow, barcodes)
        return ImportResult(
            self.products_created,
            len(self.products_changed),
            created,
            updated,
            unchanged,
            tuple(self.new_categories),
        )

    def _category_id(self, name: str | None) -> str | None:
        cleaned = (name or "").strip()
        if not cleaned:
            return None
        category = self.catalogue.categories.get(cleaned)
        if category is None:
            orders = [c.sort_order for c in self.catalogue.categories.values()]
            category = ProductCategory(
                merchant_id=self.merchant.id, name=cleaned, sort_order=max(orders, default=-1) + 1
            )
            self.uow.session.add(category)
            self.uow.session.flush()
            self.catalogue.categories[cleaned] = category
            self.new_categories.append(cleaned)
        return category.id

    def _product(self, name: str, group: list[ImportRow]) -> Product:
        def first(pick: Callable[[ImportRow], Any]) -> Any:
            return next((v for r in group if (v := pick(r)) is not None), None)

        category, unit, favourite = (
            first(lambda r: r.category),
            first(lambda r: r.unit),
            first(lambda r: r.favourite),
        )
        product = self.catalogue.products.get(name)
        if product is None:
            orders = [p.sort_order for p in self.catalogue.products.values()]
            product = Product(
                merchant_id=self.merchant.id,
                name=name,
                category_id=self._category_id(category),
                unit=(unit or "").strip(),
                favourite=bool(favourite),
                sort_order=max(orders, default=-1) + 1,
                enabled=True,
            )
            self.uow.session.add(product)
            self.catalogue.products[name] = product
            self.products_created += 1
            return product
        before = (product.category_id, product.unit, product.favourite)
        if category is not None:
            product.category_id = self._category_id(category)
        if unit is not None:
            product.unit = unit.strip()
        if favourite is not None:
            product.favourite = favourite
        if (product.category_id, product.unit, product.favourite) != before:
            self.products_changed.add(product.id)
        return product

    def _sku(self, product: Product, row: ImportRow) -> tuple[ProductSku, str]:
        code = clean_code(row.code)
        sku = self.catalogue.skus.get(code)
        if sku is None:
            sku_id = new_id()
            sku = ProductSku(
                id=sku_id,
                merchant_id=self.merchant.id,
                code=_placeholder(sku_id),
                product=product,
                name=(row.sku_name or "").strip(),
                price_fen=row.price_fen,
                track_stock=bool(row.track_stock),
                enabled=True if row.enabled is None else row.enabled,
                sort_order=len(product.skus),
            )
            self.uow.session.add(sku)
            self.uow.session.flush()
            return sku, "created"
        before = self._state(sku)
        moved = sku.product is not product
        if moved:
            self.products_changed.add(sku.product_id)
            sku.product = product
            sku.sort_order = len(product.skus)
        sku.price_fen = row.price_fen
        if row.sku_name is not None:
            sku.name = row.sku_name.strip()
        if row.track_stock is not None:
            sku.track_stock = row.track_stock
        if row.enabled is not None:
            sku.enabled = row.enabled
        barcodes_same = row.barcodes is None or {clean_barcode(b) for b in row.barcodes} == {
            b.barcode for b in sku.barcodes
        }
        changed = moved or self._state(sku) != before or not barcodes_same
        return sku, "updated" if changed else "unchanged"

    @staticmethod
    def _state(sku: ProductSku) -> tuple[object, ...]:
        return (sku.name, sku.price_fen, sku.track_stock, sku.enabled)
