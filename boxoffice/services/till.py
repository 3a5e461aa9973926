"""The merchant till (商家收银): selling goods, taking a payment for a merchant
(商家收款), refunding a receipt, delivery details (商品订单), and carts put
aside (挂单).

A till sale is an order like a ticket window's (``sale_order`` with kind
"goods" or "collection", its payments and refunds in the same tables), so a
till's shift is summed and handed over exactly like a window's. Its id is
minted by the till and is its idempotency key: online it goes straight to the
store of record, offline the same call waits in the outbox and is sent once
(``sync.selling.submit_goods_sale``).

Prices: the till charges what its catalogue showed. The store of record
checks that against the SKU's price (or the price inside an in-store
barcode) for a sale made just now; a sale that waited in the outbox may
carry the price the till had before a change, and is taken as sold (the
audit entry says the price differed): the money was taken, it must not be
lost. Stock is add-only movements, so offline sales from several tills
merge; a stock that goes below zero is reported, never refused.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from .. import barcodes
from ..clock import ensure_aware, now
from ..db.models import (
    HeldCart,
    Merchant,
    OrderLine,
    Payment,
    Product,
    ProductCategory,
    ProductSku,
    Refund,
    RefundLine,
    RefundPayment,
    RemovedLine,
    SaleOrder,
    Shift,
    StockMovement,
    User,
)
from ..errors import Conflict, NotFound, PermissionDenied, ValidationError
from ..i18n import QT_TRANSLATE_NOOP
from ..ids import is_uuid7
from ..money import MAX_FEN, format_fen
from ..permissions import Perm
from . import merchant_scope, orders, sellers
from .base import Actor, UnitOfWork, service
from .seating import PaymentLine, check_payments

KINDS = ("goods", "collection")
MAX_LINES = 200
PRICE_GRACE = timedelta(minutes=2)
"""A sale older than this when it reaches the store of record waited in the
outbox: its prices are the till's, taken as sold."""
FUTURE_SKEW = timedelta(minutes=10)
OLDEST_SALE = timedelta(days=60)


# --- What the till shows --------------------------------------------------------------


@dataclass(frozen=True)
class TillSku:
    sku_id: str
    product_id: str
    product_name: str
    sku_name: str
    code: str
    category: str
    unit: str
    price_fen: int
    barcodes: tuple[str, ...]
    favourite: bool
    stock: int | None  # None: stock not tracked

    @property
    def label(self) -> str:
        return f"{self.product_name} {self.sku_name}".strip()


@dataclass(frozen=True)
class TillCatalogue:
    """What a till sells: its merchant's enabled SKUs (kept by the till, so it
    can sell while the central store is away)."""

    merchant_id: str
    merchant_name: str
    skus: tuple[TillSku, ...]
    at: datetime

    def by_barcode(self) -> dict[str, TillSku]:
        found: dict[str, TillSku] = {}
        for sku in self.skus:
            found.setdefault(sku.code, sku)
        for sku in self.skus:
            for code in sku.barcodes:
                found[code] = sku
        return found


def _stocks(uow: UnitOfWork, sku_ids: list[str]) -> dict[str, int]:
    if not sku_ids:
        return {}
    return {
        sku_id: int(total)
        for sku_id, total in uow.session.execute(
            select(StockMovement.sku_id, func.sum(StockMovement.delta))
            .where(StockMovement.sku_id.in_(sku_ids))
            .group_by(StockMovement.sku_id)
        )
    }


@service(Perm.MERCHANT_SELL, audited=False)
def list_till_catalogue(uow: UnitOfWork, merchant_id: str | None = None) -> TillCatalogue:
    """The till's catalogue for the operator's merchant (venue staff name one)."""
    merchant = merchant_scope.selling_merchant(uow, merchant_id)
    rows = uow.session.execute(
        select(ProductSku, Product, ProductCategory.name)
        .join(Product, Product.id == ProductSku.product_id)
        .outerjoin(ProductCategory, ProductCategory.id == Product.category_id)
        .where(Product.merchant_id == merchant.id, Product.enabled, ProductSku.enabled)
        .order_by(Product.sort_order, Product.name, ProductSku.sort_order, ProductSku.code)
    ).all()
    stocks = _stocks(uow, [sku.id for sku, _p, _c in rows if sku.track_stock])
    return TillCatalogue(
        merchant.id,
        merchant.name,
        tuple(
            TillSku(
                sku.id,
                product.id,
                product.name,
                sku.name,
                sku.code,
                category or "",
                product.unit,
                sku.price_fen,
                tuple(b.barcode for b in sku.barcodes),
                product.favourite,
                stocks.get(sku.id, 0) if sku.track_stock else None,
            )
            for sku, product, category in rows
        ),
        now(),
    )


# --- Selling ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoodsLine:
    """A cart line as the till sends it."""

    sku_id: str | None  # None: the amount of a payment collection (商家收款)
    qty: int
    unit_price_fen: int
    discount_fen: int = 0
    barcode: str = ""  # as scanned: an in-store code carries its price
    description: str = ""  # a collection's "what for"


@dataclass(frozen=True)
class RemovedGoods:
    """A line the operator took off the cart before payment (logged)."""

    name: str
    qty: int
    amount_fen: int
    at: datetime


def _text(value: str | None, limit: int) -> str:
    return (value or "").strip()[:limit]


def _check_sale_args(
    order_id: str, number: str, kind: str, lines: list[GoodsLine], discount_fen: int
) -> None:
    if not isinstance(order_id, str) or not is_uuid7(order_id):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "An order id must be a UUIDv7."))
    if not isinstance(number, str) or not 1 <= len(number.strip()) <= 32:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "An order number is 1 to 32 characters."))
    if kind not in KINDS:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Unknown kind of sale “{kind}”."), kind=kind
        )
    if not lines:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "The cart is empty."))
    if len(lines) > MAX_LINES:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "At most {n} lines in one sale."), n=MAX_LINES
        )
    for line in lines:
        if not 1 <= line.qty <= barcodes.MAX_QTY:
            raise ValidationError(
                QT_TRANSLATE_NOOP("core", "The quantity must be from 1 to {limit}."),
                limit=barcodes.MAX_QTY,
            )
        if not 0 <= line.unit_price_fen <= MAX_FEN or not line.discount_fen >= 0:
            raise ValidationError(QT_TRANSLATE_NOOP("core", "An amount cannot be negative."))
        if line.discount_fen > line.qty * line.unit_price_fen:
            raise ValidationError(
                QT_TRANSLATE_NOOP("core", "A discount cannot be more than the line's amount.")
            )
    if not 0 <= discount_fen <= MAX_FEN:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "An amount cannot be negative."))
    if kind == "collection" and (
        len(lines) != 1 or lines[0].sku_id is not None or lines[0].unit_price_fen <= 0
    ):
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "A payment collection is one amount with a note.")
        )
    if kind == "goods" and any(line.sku_id is None for line in lines):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "A line names no product."))


def _sold_at(sold_at: datetime | None, moment: datetime) -> datetime:
    """When the till made the sale (its own clock, within reason)."""
    if sold_at is None:
        return moment
    at = ensure_aware(sold_at)
    if at > moment + FUTURE_SKEW or at < moment - OLDEST_SALE:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "core", "The till's clock is wrong ({at}). Set the computer's date and time."
            ),
            at=at.isoformat(timespec="minutes"),
        )
    return at


def _in_store_price(sku: ProductSku, scanned: str) -> int | None:
    """The price inside an in-store barcode registered (by its item part) to ``sku``."""
    if not barcodes.is_in_store(scanned):
        return None
    if scanned[:7] not in {b.barcode for b in sku.barcodes}:
        return None
    return int(scanned[7:12])


def _seller(uow: UnitOfWork, seller_id: str | None) -> tuple[Actor, frozenset[str]]:
    actor = uow.actor
    assert actor is not None
    if seller_id is None or seller_id == actor.user_id:
        return actor, uow.permissions
    found = sellers.load_seller(uow.session, seller_id, actor, Perm.MERCHANT_SELL)
    if isinstance(found, PermissionDenied):
        raise found
    return found, found.permissions


def _refuse_without(permissions: frozenset[str], perm: Perm) -> None:
    if perm.value not in permissions:
        raise PermissionDenied(
            QT_TRANSLATE_NOOP("core", "You do not have the permission “{permission}”."),
            permission=perm.value,
        )


def receipt(order: SaleOrder, merchant_name: str, negative: list[str]) -> dict[str, Any]:
    """A till sale as its idempotency record keeps it (JSON-ready)."""
    return {
        "order_id": order.id,
        "number": order.number,
        "kind": order.kind,
        "merchant_id": order.merchant_id,
        "merchant_name": merchant_name,
        "total_fen": order.total_fen,
        "discount_fen": order.discount_fen,
        "created_at": order.created_at.isoformat(),
        "shift_id": order.shift_id,
        "note": order.note,
        "lines": [
            {
                "line_id": line.id,
                "name": line.product_name,
                "sku_name": line.sku_name,
                "qty": line.qty,
                "unit_price_fen": line.unit_price_fen,
                "discount_fen": line.discount_fen,
                "amount_fen": line.amount_fen,
            }
            for line in order.lines
        ],
        "payments": [
            {"method": p.method, "amount_fen": p.amount_fen, "reference": p.reference}
            for p in order.payments
        ],
        "negative_stock": negative,
    }


@service(
    Perm.MERCHANT_SELL,
    audited=True,
    idempotency_key="order_id",
    optional=frozenset({"seller_id"}),
)
def sell_goods(
    uow: UnitOfWork,
    *,
    order_id: str,
    number: str,
    merchant_id: str | None,
    shift_id: str | None,
    lines: list[GoodsLine],
    payments: list[PaymentLine],
    kind: str = "goods",
    discount_fen: int = 0,
    note: str = "",
    phone: str = "",
    delivery_recipient: str = "",
    delivery_address: str = "",
    removed: list[RemovedGoods] | None = None,
    sold_at: datetime | None = None,
    seller_id: str | None = None,
) -> dict[str, Any]:
    """Sell goods at a till (or take a payment collection, ``kind`` "collection"),
    paid in full; once per ``order_id``.

    A discount (of a line or of the order) needs ``sales.discount`` and a
    ``note`` saying why. ``removed``: lines taken off the cart before payment,
    kept with the order. ``seller_id``: the operator who made a sale queued
    offline, if someone else sends it."""
    _check_sale_args(order_id, number, kind, lines, discount_fen)
    session = uow.session
    moment = now()
    at = _sold_at(sold_at, moment)
    seller, permissions = _seller(uow, seller_id)
    merchant = _merchant_for(uow, seller, merchant_id)
    if shift_id is not None:
        sellers.check_shift(
            session.get(Shift, shift_id), uow.actor.terminal_id if uow.actor else None, seller
        )
    reason = _text(note, 200)
    discounted = discount_fen > 0 or any(line.discount_fen for line in lines)
    if discounted:
        _refuse_without(permissions, Perm.SALES_DISCOUNT)
        if not reason:
            raise ValidationError(QT_TRANSLATE_NOOP("core", "Say why you give the discount."))
    if kind == "collection" and not (reason or _text(lines[0].description, 200)):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Say what the payment is for (a note)."))
    if session.scalar(select(SaleOrder.id).where(SaleOrder.number == number.strip())):
        raise Conflict(
            QT_TRANSLATE_NOOP("core", "Order number {number} is already used."), number=number
        )
    skus = _skus(uow, merchant.id, [line.sku_id for line in lines if line.sku_id])
    late = moment - at > PRICE_GRACE
    price_changed: list[str] = []
    rows: list[OrderLine] = []
    for no, line in enumerate(lines, start=1):
        if line.sku_id is None:
            rows.append(
                OrderLine(
                    order_id=order_id,
                    line_no=no,
                    sku_id=None,
                    product_name=_text(line.description, 64) or reason[:64],
                    qty=line.qty,
                    unit_price_fen=line.unit_price_fen,
                    discount_fen=line.discount_fen,
                    amount_fen=line.qty * line.unit_price_fen - line.discount_fen,
                )
            )
            continue
        sku = skus[line.sku_id]
        expected = _in_store_price(sku, line.barcode)
        if expected is None:
            expected = sku.price_fen
        if line.unit_price_fen != expected:
            if not late:
                raise Conflict(
                    QT_TRANSLATE_NOOP("core", "The price of {name} is now {price}. Scan it again."),
                    name=f"{sku.product.name} {sku.name}".strip(),
                    price=format_fen(expected),
                )
            price_changed.append(sku.code)
        rows.append(
            OrderLine(
                order_id=order_id,
                line_no=no,
                sku_id=sku.id,
                product_name=sku.product.name,
                sku_name=sku.name,
                barcode=_text(line.barcode, 32),
                qty=line.qty,
                unit_price_fen=line.unit_price_fen,
                discount_fen=line.discount_fen,
                amount_fen=line.qty * line.unit_price_fen - line.discount_fen,
            )
        )
    subtotal = sum(r.amount_fen for r in rows)
    if discount_fen > subtotal:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "A discount cannot be more than the order's amount.")
        )
    total = subtotal - discount_fen
    paid = list(payments or ())
    check_payments(paid, total)
    order = SaleOrder(
        id=order_id,
        number=number.strip(),
        terminal_id=(uow.actor.terminal_id if uow.actor else None) or "",
        user_id=seller.user_id,
        created_at=at,
        total_fen=total,
        status="paid",
        shift_id=shift_id,
        phone=_text(phone, 20),
        note=reason,
        discount_fen=discount_fen,
        kind=kind,
        merchant_id=merchant.id,
        delivery_recipient=_text(delivery_recipient, 64),
        delivery_address=_text(delivery_address, 500),
    )
    session.add(order)
    session.flush()
    session.add_all(rows)
    session.add_all(
        Payment(order_id=order_id, method=p.method, amount_fen=p.amount_fen, reference=p.reference)
        for p in paid
    )
    session.add_all(
        RemovedLine(
            order_id=order_id,
            at=ensure_aware(r.at),
            product_name=_text(r.name, 64),
            qty=r.qty,
            amount_fen=r.amount_fen,
            user_login=seller.login,
        )
        for r in (removed or ())
    )
    negative = _move_stock(uow, skus, rows, order_id, at, seller.login, kind="sale")
    session.flush()
    session.refresh(order)
    uow.audit(
        "goods.sell" if kind == "goods" else "goods.collect",
        "order",
        order_id,
        {
            "number": order.number,
            "merchant": merchant.name,
            "total_fen": total,
            "lines": len(rows),
            "discount_fen": discount_fen + sum(r.discount_fen for r in rows),
            "removed": len(removed or ()),
            "price_changed": price_changed,
            "sender": uow.actor.login if uow.actor and seller_id else None,
        },
        by=seller,
    )
    return receipt(order, merchant.name, negative)


def _merchant_for(uow: UnitOfWork, seller: Actor, merchant_id: str | None) -> Merchant:
    """The merchant of the sale: the seller's own (checked as the caller's own
    when the caller is the seller), or for venue staff the one they chose."""
    if uow.actor is not None and seller.user_id == uow.actor.user_id:
        return merchant_scope.selling_merchant(uow, merchant_id)
    user = uow.session.get(User, seller.user_id)
    own = user.merchant_id if user is not None else None
    wanted = merchant_id or own
    if wanted is None or (own is not None and own != wanted):
        raise PermissionDenied(
            QT_TRANSLATE_NOOP("core", "You work for another merchant and cannot see this one.")
        )
    merchant = uow.session.get(Merchant, wanted)
    if merchant is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That merchant no longer exists."))
    return merchant


def _skus(uow: UnitOfWork, merchant_id: str, sku_ids: list[str]) -> dict[str, ProductSku]:
    wanted = set(sku_ids)
    found = {
        sku.id: sku
        for sku in uow.session.scalars(select(ProductSku).where(ProductSku.id.in_(wanted)))
        if sku.merchant_id == merchant_id
    }
    if wanted - found.keys():
        raise NotFound(
            QT_TRANSLATE_NOOP(
                "core",
                "A product in the cart is no longer sold here. Take it off and scan it again.",
            )
        )
    return found


def _move_stock(
    uow: UnitOfWork,
    skus: dict[str, ProductSku],
    rows: list[OrderLine] | list[tuple[OrderLine, int]],
    order_id: str,
    at: datetime,
    login: str,
    *,
    kind: str,
) -> list[str]:
    """Stock out (a sale) or back in (a refund) for tracked SKUs; the names of
    those now below zero."""
    moved: dict[str, int] = defaultdict(int)
    for item in rows:
        line, qty = item if isinstance(item, tuple) else (item, item.qty)
        if line.sku_id is None or line.sku_id not in skus or not skus[line.sku_id].track_stock:
            continue
        moved[line.sku_id] += qty if kind == "refund" else -qty
    for sku_id, delta in moved.items():
        uow.session.add(
            StockMovement(
                sku_id=sku_id, at=at, delta=delta, kind=kind, order_id=order_id, user_login=login
            )
        )
    uow.session.flush()
    stocks = _stocks(uow, list(moved))
    return sorted(
        f"{skus[s].product.name} {skus[s].name}".strip() for s, n in stocks.items() if n < 0
    )


# --- After the sale: find, refund, delivery ----------------------------------------------


@dataclass(frozen=True)
class GoodsLineRow:
    line_id: str
    name: str
    sku_name: str
    qty: int
    unit_price_fen: int
    discount_fen: int
    amount_fen: int
    refunded_qty: int
    refundable_fen: int  # what refunding the rest of the line gives back


@dataclass(frozen=True)
class GoodsOrderRow:
    order_id: str
    number: str
    kind: str
    merchant_id: str
    merchant_name: str
    created_at: datetime
    seller: str
    terminal_id: str
    total_fen: int
    discount_fen: int
    status: str
    note: str
    phone: str
    delivery_recipient: str
    delivery_address: str
    refunded_fen: int
    lines: tuple[GoodsLineRow, ...]
    payments: tuple[tuple[str, int], ...]  # (method, amount)


def _shares(order: SaleOrder) -> dict[str, int]:
    """Each line's part of the order's total: its amount less its share of the
    order discount (spread by amount, the rest on the last line), so the parts
    add up to the total exactly."""
    lines = list(order.lines)
    subtotal = sum(line.amount_fen for line in lines)
    left = order.discount_fen
    shares: dict[str, int] = {}
    for i, line in enumerate(lines):
        cut = (
            left
            if i == len(lines) - 1
            else (order.discount_fen * line.amount_fen // subtotal if subtotal else 0)
        )
        cut = min(cut, line.amount_fen, left)
        shares[line.id] = line.amount_fen - cut
        left -= cut
    return shares


def _refunded(uow: UnitOfWork, order_id: str) -> dict[str, tuple[int, int]]:
    """Line id → (quantity refunded, amount refunded) so far."""
    return {
        line_id: (int(qty), int(amount))
        for line_id, qty, amount in uow.session.execute(
            select(RefundLine.line_id, func.sum(RefundLine.qty), func.sum(RefundLine.amount_fen))
            .join(Refund, Refund.id == RefundLine.refund_id)
            .where(Refund.order_id == order_id)
            .group_by(RefundLine.line_id)
        )
    }


def _refund_amount(share: int, qty: int, done_qty: int, done_fen: int, take: int) -> int:
    """What ``take`` more of a line of ``qty`` gives back: pro rata, and the
    rest of the line's share when it is the last of it (so it adds up)."""
    if done_qty + take >= qty:
        return share - done_fen
    return share * take // qty


def _goods_row(uow: UnitOfWork, order: SaleOrder) -> GoodsOrderRow:
    done = _refunded(uow, order.id)
    shares = _shares(order)
    merchant = uow.session.get(Merchant, order.merchant_id) if order.merchant_id else None
    seller = uow.session.get(User, order.user_id)
    lines = tuple(
        GoodsLineRow(
            line.id,
            line.product_name,
            line.sku_name,
            line.qty,
            line.unit_price_fen,
            line.discount_fen,
            line.amount_fen,
            done.get(line.id, (0, 0))[0],
            shares[line.id] - done.get(line.id, (0, 0))[1],
        )
        for line in order.lines
    )
    refunded = uow.session.scalar(
        select(func.coalesce(func.sum(Refund.amount_fen), 0)).where(Refund.order_id == order.id)
    )
    return GoodsOrderRow(
        order.id,
        order.number,
        order.kind,
        order.merchant_id or "",
        merchant.name if merchant else "",
        order.created_at,
        seller.display_name if seller else "",
        order.terminal_id,
        order.total_fen,
        order.discount_fen,
        order.status,
        order.note,
        order.phone,
        order.delivery_recipient,
        order.delivery_address,
        int(refunded or 0),
        lines,
        tuple((p.method, p.amount_fen) for p in order.payments),
    )


def _goods_order(uow: UnitOfWork, order_id: str, *, lock: bool = False) -> SaleOrder:
    order = uow.session.get(SaleOrder, order_id, with_for_update=lock)
    if order is None or order.kind not in KINDS:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That receipt does not exist."))
    if order.merchant_id:
        merchant_scope.check_merchant(uow, order.merchant_id)
    return order


@service(Perm.MERCHANT_SELL, or_permission=Perm.MERCHANT_REFUND, audited=False)
def list_goods_order(uow: UnitOfWork, code: str) -> GoodsOrderRow:
    """A till's receipt by its scanned code or its order number."""
    text = code.strip()
    if text.upper().startswith("R:"):
        text = text[2:]
    if not text or len(text) > 40:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Scan the receipt's code."))
    order_id = uow.session.scalar(
        select(SaleOrder.id).where(
            (SaleOrder.number == text) | (SaleOrder.id == text.lower()),
            SaleOrder.kind.in_(KINDS),
        )
    )
    if order_id is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "No receipt matches “{query}”."), query=text)
    return _goods_row(uow, _goods_order(uow, order_id))


@service(Perm.MERCHANT_SELL, or_permission=Perm.MERCHANT_REFUND, audited=False)
def list_goods_orders(
    uow: UnitOfWork,
    *,
    start: datetime,
    end: datetime,
    merchant_id: str | None = None,
    delivery_only: bool = False,
    limit: int = 500,
) -> list[GoodsOrderRow]:
    """A merchant's orders between two instants, newest first (商品订单)."""
    own = merchant_scope.scope(uow)
    if merchant_id is not None:
        merchant_scope.check_merchant(uow, merchant_id)
    wanted = merchant_id or own
    query = (
        select(SaleOrder)
        .where(
            SaleOrder.kind.in_(KINDS),
            SaleOrder.created_at >= ensure_aware(start),
            SaleOrder.created_at < ensure_aware(end),
        )
        .order_by(SaleOrder.created_at.desc())
        .limit(max(1, min(limit, 2000)))
    )
    if wanted is not None:
        query = query.where(SaleOrder.merchant_id == wanted)
    if delivery_only:
        query = query.where(SaleOrder.delivery_address != "")
    return [_goods_row(uow, order) for order in uow.session.scalars(query)]


@dataclass(frozen=True)
class RefundItem:
    line_id: str
    qty: int


@service(Perm.MERCHANT_REFUND, audited=True, idempotency_key="refund_id")
def refund_goods(
    uow: UnitOfWork,
    *,
    refund_id: str,
    order_id: str,
    items: list[RefundItem],
    reason: str,
    shift_id: str,
) -> dict[str, Any]:
    """Refund a till receipt, whole (``items`` empty: everything not refunded
    yet) or some lines; each item once. The money goes back to the sale's own
    methods (the last payment first), cash out of the caller's open shift;
    tracked stock comes back."""
    orders.check_refund_key(refund_id)
    why = orders.check_reason(reason)
    shift = orders.own_open_shift(uow, shift_id)
    order = _goods_order(uow, order_id, lock=True)
    done = _refunded(uow, order.id)
    shares = _shares(order)
    by_id = {line.id: line for line in order.lines}
    wanted = list(items) or [
        RefundItem(line.id, line.qty - done.get(line.id, (0, 0))[0])
        for line in order.lines
        if line.qty > done.get(line.id, (0, 0))[0]
    ]
    if not wanted:
        raise Conflict(
            QT_TRANSLATE_NOOP("core", "Receipt {number} was already refunded in full."),
            number=order.number,
        )
    if len({i.line_id for i in wanted}) != len(wanted):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "A line appears twice."))
    taken: list[tuple[OrderLine, int, int]] = []
    for item in wanted:
        line = by_id.get(item.line_id)
        if line is None:
            raise NotFound(
                QT_TRANSLATE_NOOP("core", "That line is not part of receipt {number}."),
                number=order.number,
            )
        done_qty, done_fen = done.get(line.id, (0, 0))
        if not 1 <= item.qty <= line.qty - done_qty:
            raise Conflict(
                QT_TRANSLATE_NOOP(
                    "core", "Only {left} of {name} can still be refunded on this receipt."
                ),
                left=line.qty - done_qty,
                name=f"{line.product_name} {line.sku_name}".strip(),
            )
        amount = _refund_amount(shares[line.id], line.qty, done_qty, done_fen, item.qty)
        taken.append((line, item.qty, amount))
    total = sum(amount for _l, _q, amount in taken)
    actor = uow.actor
    assert actor is not None
    moment = now()
    payments = orders.allocate_refund(uow, order, total) if total else []
    refund = Refund(
        id=refund_id,
        order_id=order.id,
        shift_id=shift.id,
        terminal_id=actor.terminal_id or "",
        terminal_name=actor.terminal_name,
        user_id=actor.user_id,
        user_login=uow.user.login,
        at=moment,
        kind="refund",
        amount_fen=total,
        reason=why,
    )
    session = uow.session
    session.add(refund)
    session.flush()
    session.add_all(
        RefundLine(refund_id=refund_id, line_id=line.id, qty=qty, amount_fen=amount)
        for line, qty, amount in taken
    )
    session.add_all(
        RefundPayment(refund_id=refund_id, method=m, amount_fen=a, reference=r)
        for m, a, r in payments
    )
    skus = {
        sku.id: sku
        for sku in session.scalars(
            select(ProductSku).where(
                ProductSku.id.in_({line.sku_id for line, _q, _a in taken if line.sku_id})
            )
        )
    }
    _move_stock(
        uow,
        skus,
        [(line, qty) for line, qty, _a in taken],
        order.id,
        moment,
        uow.user.login,
        kind="refund",
    )
    left = (
        sum(line.qty for line in order.lines)
        - sum(q for q, _a in done.values())
        - sum(q for _l, q, _a in taken)
    )
    order.status = "refunded" if left <= 0 else "part_refunded"
    uow.audit(
        "goods.refund",
        "order",
        order.id,
        {
            "number": order.number,
            "refund_id": refund_id,
            "lines": {line.id: qty for line, qty, _a in taken},
            "amount_fen": total,
            "reason": why,
        },
    )
    return {
        "refund_id": refund_id,
        "order_id": order.id,
        "number": order.number,
        "kind": "refund",
        "amount_fen": total,
        "reason": why,
        "lines": [
            {
                "name": f"{line.product_name} {line.sku_name}".strip(),
                "qty": qty,
                "amount_fen": amount,
            }
            for line, qty, amount in taken
        ],
        "payments": [{"method": m, "amount_fen": a, "reference": r} for m, a, r in payments],
    }


@service(Perm.MERCHANT_SELL, or_permission=Perm.MERCHANT_REFUND, audited=True)
def update_delivery(
    uow: UnitOfWork, order_id: str, *, recipient: str, phone: str, address: str
) -> GoodsOrderRow:
    """Who receives the goods of an order, and where (商品订单: editable after the sale)."""
    order = _goods_order(uow, order_id, lock=True)
    before = {
        "recipient": order.delivery_recipient,
        "phone": order.phone,
        "address": order.delivery_address,
    }
    cleaned_phone = _text(phone, 20)
    if cleaned_phone and not cleaned_phone.replace("-", "").replace(" ", "").isdigit():
        raise ValidationError(QT_TRANSLATE_NOOP("core", "A phone number is digits only."))
    if (recipient.strip() or cleaned_phone) and not address.strip():
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Give the delivery address."))
    order.delivery_recipient = _text(recipient, 64)
    order.phone = cleaned_phone
    order.delivery_address = _text(address, 500)
    after = {
        "recipient": order.delivery_recipient,
        "phone": order.phone,
        "address": order.delivery_address,
    }
    uow.audit(
        "goods.delivery",
        "order",
        order.id,
        {"number": order.number, "before": before, "after": after},
    )
    return _goods_row(uow, order)


# --- Carts put aside (挂单): this till's own store only ----------------------------------


@dataclass(frozen=True)
class HeldCartRow:
    cart_id: str
    held_at: datetime
    user_login: str
    label: str
    total_fen: int
    cart: str  # as the till wrote it (JSON)


MAX_HELD = 20


@service(Perm.MERCHANT_SELL, audited=True)
def hold_cart(uow: UnitOfWork, *, label: str, total_fen: int, cart: str) -> str:
    """Put a cart aside to serve the next customer; recalled by :func:`recall_cart`."""
    count = uow.session.scalar(select(func.count()).select_from(HeldCart)) or 0
    if count >= MAX_HELD:
        raise Conflict(
            QT_TRANSLATE_NOOP("core", "{n} carts are already put aside. Recall one first."),
            n=count,
        )
    if not cart or len(cart) > 200_000:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "The cart is empty."))
    held = HeldCart(
        held_at=now(),
        user_login=uow.user.login,
        label=_text(label, 64),
        total_fen=total_fen,
        cart=cart,
    )
    uow.session.add(held)
    uow.session.flush()
    uow.audit("cart.hold", "cart", held.id, {"label": held.label, "total_fen": total_fen})
    return held.id


@service(Perm.MERCHANT_SELL, audited=False)
def list_held_carts(uow: UnitOfWork) -> list[HeldCartRow]:
    return [
        HeldCartRow(c.id, c.held_at, c.user_login, c.label, c.total_fen, c.cart)
        for c in uow.session.scalars(select(HeldCart).order_by(HeldCart.held_at))
    ]


@service(Perm.MERCHANT_SELL, audited=True)
def recall_cart(uow: UnitOfWork, cart_id: str) -> HeldCartRow:
    """Take a cart put aside back onto the till (it is no longer held)."""
    held = uow.session.get(HeldCart, cart_id)
    if held is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That cart was already recalled."))
    row = HeldCartRow(held.id, held.held_at, held.user_login, held.label, held.total_fen, held.cart)
    uow.session.delete(held)
    uow.audit("cart.recall", "cart", cart_id, {"label": held.label, "total_fen": held.total_fen})
    return row


@service(Perm.MERCHANT_SELL, audited=True)
def clear_cart(uow: UnitOfWork, *, lines: list[RemovedGoods]) -> None:
    """Log a cart the operator cleared without selling (its lines, like removed ones)."""
    uow.audit(
        "cart.clear",
        "cart",
        "",
        {"lines": [{"name": r.name, "qty": r.qty, "amount_fen": r.amount_fen} for r in lines]},
    )
