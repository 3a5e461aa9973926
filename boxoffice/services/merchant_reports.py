"""The merchants' reports (统计汇总报表): order summary (订单汇总), by day
(按日统计), by operator (操作员统计) and by product (销售统计), over a range
of venue days.

They count as the settlement does (:mod:`.settlement`): an order on the venue
day of its time of sale, a refund on the day it was made, whatever day its
order was sold, so a report over a day equals that day's settlement. A
merchant's own staff see their merchant only; venue staff choose one
merchant or all (``merchant_id`` None).

Choices a reader should know:

* by operator, sales count for the operator who sold and refunds for the one
  who made the refund (the money left their drawer);
* by product, sales are the lines' amounts (after line discounts; an order's
  own discount is not spread over its products — it is in the order summary),
  refunds what each line gave back; payment collections (商家收款) are one
  row per merchant.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select

from ..db.models import (
    Merchant,
    OrderLine,
    Payment,
    Product,
    ProductSku,
    Refund,
    RefundLine,
    RefundPayment,
    SaleOrder,
    User,
)
from ..permissions import Perm
from . import merchant_scope, venue_days
from .base import UnitOfWork, service
from .settlement import day_figures
from .till import KINDS
from .venue_days import ONE_DAY

METHODS = ("cash", "card", "mobile", "member")
COLLECTION_NAME = "商家收款"
"""The product name of the payment collections' row (the venue's own word)."""


@dataclass(frozen=True)
class _Scope:
    merchants: dict[str, str]  # id -> name, those the report covers
    start: datetime
    end: datetime
    first: date
    last: date
    orders: tuple[ColumnElement[bool], ...]  # the report's merchant orders


def _scope(uow: UnitOfWork, merchant_id: str | None, start_day: date, end_day: date) -> _Scope:
    first, last = venue_days.check_range(start_day, end_day)
    if merchant_id is not None:
        merchant_scope.check_merchant(uow, merchant_id)
    wanted = merchant_id or merchant_scope.scope(uow)
    query = select(Merchant.id, Merchant.name)
    where: list[ColumnElement[bool]] = [SaleOrder.kind.in_(KINDS)]
    if wanted is None:
        where.append(SaleOrder.merchant_id.is_not(None))
    else:
        query = query.where(Merchant.id == wanted)
        where.append(SaleOrder.merchant_id == wanted)
    zone = venue_days.zone_of(uow.session)
    return _Scope(
        {m_id: name for m_id, name in uow.session.execute(query)},
        venue_days.day_start(first, zone),
        venue_days.day_start(last + ONE_DAY, zone),
        first,
        last,
        tuple(where),
    )


def _m(merchant_id: str | None) -> str:
    """A merchant id from a query over merchant orders (never None there)."""
    return merchant_id or ""


def _sold_in(scope: _Scope) -> list[ColumnElement[bool]]:
    return [*scope.orders, SaleOrder.created_at >= scope.start, SaleOrder.created_at < scope.end]


def _refunded_in(scope: _Scope) -> list[ColumnElement[bool]]:
    return [*scope.orders, Refund.at >= scope.start, Refund.at < scope.end]


# --- 订单汇总 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderSummaryRow:
    """One merchant's orders over the days: what was sold, discounted, refunded,
    and the net by payment method (payments less the refunds paid back by it)."""

    merchant_id: str
    merchant_name: str
    orders: int
    goods_orders: int
    collection_orders: int
    goods_fen: int  # 商品销售, after discounts
    collections_fen: int  # 商家收款
    sales_fen: int
    discount_fen: int  # line and order discounts
    refunds: int
    refunds_fen: int
    net_fen: int
    cash_fen: int
    card_fen: int
    mobile_fen: int
    member_fen: int


@service(Perm.REPORTS_VIEW, audited=False)
def list_order_summary(
    uow: UnitOfWork, *, merchant_id: str | None, start_day: date, end_day: date
) -> list[OrderSummaryRow]:
    """订单汇总: per merchant, over venue days ``start_day``..``end_day``."""
    scope = _scope(uow, merchant_id, start_day, end_day)
    session = uow.session
    counts: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    for m_id, kind, n, total, discount in session.execute(
        select(
            SaleOrder.merchant_id,
            SaleOrder.kind,
            func.count(SaleOrder.id),
            func.coalesce(func.sum(SaleOrder.total_fen), 0),
            func.coalesce(func.sum(SaleOrder.discount_fen), 0),
        )
        .where(*_sold_in(scope))
        .group_by(SaleOrder.merchant_id, SaleOrder.kind)
    ):
        counts[_m(m_id)][f"{kind}_orders"] += int(n)
        counts[_m(m_id)][f"{kind}_fen"] += int(total)
        counts[_m(m_id)]["discount"] += int(discount)
    for m_id, discount in session.execute(
        select(SaleOrder.merchant_id, func.coalesce(func.sum(OrderLine.discount_fen), 0))
        .join(SaleOrder, SaleOrder.id == OrderLine.order_id)
        .where(*_sold_in(scope))
        .group_by(SaleOrder.merchant_id)
    ):
        counts[_m(m_id)]["discount"] += int(discount)
    for m_id, method, amount in session.execute(
        select(SaleOrder.merchant_id, Payment.method, func.sum(Payment.amount_fen))
        .join(SaleOrder, SaleOrder.id == Payment.order_id)
        .where(*_sold_in(scope))
        .group_by(SaleOrder.merchant_id, Payment.method)
    ):
        counts[_m(m_id)][method] += int(amount or 0)
    for m_id, n, amount in session.execute(
        select(
            SaleOrder.merchant_id,
            func.count(Refund.id),
            func.coalesce(func.sum(Refund.amount_fen), 0),
        )
        .join(SaleOrder, SaleOrder.id == Refund.order_id)
        .where(*_refunded_in(scope))
        .group_by(SaleOrder.merchant_id)
    ):
        counts[_m(m_id)]["refunds"] += int(n)
        counts[_m(m_id)]["refunds_fen"] += int(amount)
    for m_id, method, amount in session.execute(
        select(SaleOrder.merchant_id, RefundPayment.method, func.sum(RefundPayment.amount_fen))
        .select_from(RefundPayment)
        .join(Refund, Refund.id == RefundPayment.refund_id)
        .join(SaleOrder, SaleOrder.id == Refund.order_id)
        .where(*_refunded_in(scope))
        .group_by(SaleOrder.merchant_id, RefundPayment.method)
    ):
        counts[_m(m_id)][method] -= int(amount or 0)
    rows = []
    for m_id, name in sorted(scope.merchants.items(), key=lambda item: item[1]):
        c = counts.get(m_id, defaultdict(int))
        sales = c["goods_fen"] + c["collection_fen"]
        rows.append(
            OrderSummaryRow(
                m_id,
                name,
                c["goods_orders"] + c["collection_orders"],
                c["goods_orders"],
                c["collection_orders"],
                c["goods_fen"],
                c["collection_fen"],
                sales,
                c["discount"],
                c["refunds"],
                c["refunds_fen"],
                sales - c["refunds_fen"],
                *(c[method] for method in METHODS),
            )
        )
    return rows


# --- 按日统计 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DailyRow:
    """A merchant's venue day: its orders, sales, refunds and net (its settlement's figures)."""

    day: date
    merchant_id: str
    merchant_name: str
    orders: int
    sales_fen: int
    refunds_fen: int
    net_fen: int


@service(Perm.REPORTS_VIEW, audited=False)
def list_daily(
    uow: UnitOfWork, *, merchant_id: str | None, start_day: date, end_day: date
) -> list[DailyRow]:
    """按日统计: per venue day and merchant, the days with a sale or a refund."""
    scope = _scope(uow, merchant_id, start_day, end_day)
    figures = day_figures(uow.session, scope.first, scope.last, set(scope.merchants))
    rows = [
        DailyRow(day, m_id, scope.merchants[m_id], f.orders, f.sales_fen, f.refunds_fen, f.net_fen)
        for (m_id, day), f in figures.items()
        if m_id in scope.merchants
    ]
    return sorted(rows, key=lambda r: (r.day, r.merchant_name))


# --- 操作员统计 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OperatorRow:
    """What one operator sold for a merchant, and the refunds they made."""

    merchant_id: str
    merchant_name: str
    user_id: str
    login: str
    name: str
    orders: int
    sales_fen: int
    refunds: int
    refunds_fen: int
    net_fen: int


@service(Perm.REPORTS_VIEW, audited=False)
def list_by_operator(
    uow: UnitOfWork, *, merchant_id: str | None, start_day: date, end_day: date
) -> list[OperatorRow]:
    """操作员统计: per merchant and operator; refunds count for whoever made them."""
    scope = _scope(uow, merchant_id, start_day, end_day)
    session = uow.session
    found: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for m_id, user_id, n, total in session.execute(
        select(
            SaleOrder.merchant_id,
            SaleOrder.user_id,
            func.count(SaleOrder.id),
            func.coalesce(func.sum(SaleOrder.total_fen), 0),
        )
        .where(*_sold_in(scope))
        .group_by(SaleOrder.merchant_id, SaleOrder.user_id)
    ):
        found[(_m(m_id), user_id)][0] += int(n)
        found[(_m(m_id), user_id)][1] += int(total)
    for m_id, user_id, n, amount in session.execute(
        select(
            SaleOrder.merchant_id,
            Refund.user_id,
            func.count(Refund.id),
            func.coalesce(func.sum(Refund.amount_fen), 0),
        )
        .join(SaleOrder, SaleOrder.id == Refund.order_id)
        .where(*_refunded_in(scope))
        .group_by(SaleOrder.merchant_id, Refund.user_id)
    ):
        found[(_m(m_id), user_id)][2] += int(n)
        found[(_m(m_id), user_id)][3] += int(amount)
    users = {
        u.id: (u.login, u.display_name)
        for u in session.scalars(select(User).where(User.id.in_({u for _m, u in found})))
    }
    rows = [
        OperatorRow(
            m_id,
            scope.merchants.get(m_id, ""),
            user_id,
            *users.get(user_id, ("", "")),
            orders,
            sales,
            refunds,
            refunded,
            sales - refunded,
        )
        for (m_id, user_id), (orders, sales, refunds, refunded) in found.items()
    ]
    return sorted(rows, key=lambda r: (r.merchant_name, r.name, r.login))


# --- 销售统计 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductSalesRow:
    """A SKU's sales and refunds (or a merchant's payment collections, one row)."""

    merchant_id: str
    merchant_name: str
    sku_id: str | None  # None: the payment collections (商家收款)
    code: str
    product_name: str
    sku_name: str
    qty_sold: int
    qty_refunded: int
    sales_fen: int  # the lines' amounts (after line discounts)
    refunds_fen: int
    net_qty: int
    net_fen: int

    @property
    def is_collection(self) -> bool:
        return self.sku_id is None


@service(Perm.REPORTS_VIEW, audited=False)
def list_by_product(
    uow: UnitOfWork, *, merchant_id: str | None, start_day: date, end_day: date
) -> list[ProductSalesRow]:
    """销售统计: per merchant and SKU, quantities and amounts sold and refunded."""
    scope = _scope(uow, merchant_id, start_day, end_day)
    session = uow.session
    found: dict[tuple[str, str | None], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for m_id, sku_id, qty, amount in session.execute(
        select(
            SaleOrder.merchant_id,
            OrderLine.sku_id,
            func.coalesce(func.sum(OrderLine.qty), 0),
            func.coalesce(func.sum(OrderLine.amount_fen), 0),
        )
        .join(SaleOrder, SaleOrder.id == OrderLine.order_id)
        .where(*_sold_in(scope))
        .group_by(SaleOrder.merchant_id, OrderLine.sku_id)
    ):
        found[(_m(m_id), sku_id)][0] += int(qty)
        found[(_m(m_id), sku_id)][2] += int(amount)
    for m_id, sku_id, qty, amount in session.execute(
        select(
            SaleOrder.merchant_id,
            OrderLine.sku_id,
            func.coalesce(func.sum(RefundLine.qty), 0),
            func.coalesce(func.sum(RefundLine.amount_fen), 0),
        )
        .select_from(RefundLine)
        .join(Refund, Refund.id == RefundLine.refund_id)
        .join(OrderLine, OrderLine.id == RefundLine.line_id)
        .join(SaleOrder, SaleOrder.id == OrderLine.order_id)
        .where(*_refunded_in(scope))
        .group_by(SaleOrder.merchant_id, OrderLine.sku_id)
    ):
        found[(_m(m_id), sku_id)][1] += int(qty)
        found[(_m(m_id), sku_id)][3] += int(amount)
    sku_ids = {sku_id for _m, sku_id in found if sku_id is not None}
    names: dict[str, tuple[str, str, str]] = {
        sku.id: (sku.code, product_name, sku.name)
        for sku, product_name in session.execute(
            select(ProductSku, Product.name)
            .join(Product, Product.id == ProductSku.product_id)
            .where(ProductSku.id.in_(sku_ids))
        )
    }
    gone = sku_ids - names.keys()
    if gone:  # a SKU deleted since: the names it was sold under
        for sku_id, product_name, sku_name in session.execute(
            select(OrderLine.sku_id, func.max(OrderLine.product_name), func.max(OrderLine.sku_name))
            .where(OrderLine.sku_id.in_(gone))
            .group_by(OrderLine.sku_id)
        ):
            if sku_id is not None:
                names[sku_id] = ("", product_name, sku_name)
    rows = []
    for (m_id, sku_id), (sold, refunded, sales, refunds) in found.items():
        code, product_name, sku_name = (
            names.get(sku_id, ("", "", "")) if sku_id else ("", COLLECTION_NAME, "")
        )
        rows.append(
            ProductSalesRow(
                m_id,
                scope.merchants.get(m_id, ""),
                sku_id,
                code,
                product_name,
                sku_name,
                sold,
                refunded,
                sales,
                refunds,
                sold - refunded,
                sales - refunds,
            )
        )
    return sorted(
        rows, key=lambda r: (r.merchant_name, r.is_collection, r.product_name, r.code, r.sku_name)
    )
