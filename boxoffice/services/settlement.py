"""Daily merchant settlement (结算记录): each night the store of record makes
every merchant's settlement for the venue day before; staff pay the merchant
by bank transfer and confirm it here by hand with the transfer's reference.

The rule
========

A merchant's settlement for venue day D (midnight to midnight in the venue's
timezone, ``Settings.venue_timezone``) counts:

* ``orders``, ``sales_fen``: its till orders (商品销售 and 商家收款) made on
  D — by the till's time of sale, so a sale queued offline on D counts on D
  whenever it reaches the store — and the sum of their totals (after line
  and order discounts);
* ``refunds_fen``: the money given back on D for its orders, whatever day
  they were sold on (a refund is money leaving on the day it is made);
* net = sales − refunds; it is negative on a day with more refunds than sales;
* ``fee_fen``: the venue's fee, ``fee_rate_bp`` basis points of the net,
  rounded half up to the fen on its size (half away from zero). On a negative
  net the fee is negative: the venue gives back the fee it took on the money
  refunded, so a sale refunded in full on a later day costs the merchant no
  fee over the two days (to within a fen of rounding);
* ``payable_fen`` = net − fee: what the venue owes the merchant for D
  (negative: what the merchant owes the venue).

Integer arithmetic only. The fee rate is the merchant's rate when the day's
settlement is first made (just after the day ends); a later change of rate
applies to the days settled after it and does not rewrite made settlements.

Every merchant gets a settlement for every venue day from its first day with
a sale or a refund up to yesterday, zero days included (the daily statement).
A settlement stays "open" until it is confirmed paid: while open it is made
again from the orders and refunds (a sale queued offline may arrive days
late; a till accepts it up to ``till.OLDEST_SALE`` back). Confirming it paid
freezes its figures; what arrives for that day afterwards is shown as
``late_fen`` (the net of the late arrivals) for staff to settle separately,
never added to the paid figures.

The central store makes the settlements at start and every ten minutes
(``central.app``); a standalone desktop makes them when its settlement list
is refreshed (:func:`refresh_settlements`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from ..clock import now
from ..db.models import Merchant, MerchantSettlement, Refund, SaleOrder, User
from ..db.store import Store
from ..errors import Conflict, NotFound, ValidationError
from ..i18n import QT_TRANSLATE_NOOP
from ..permissions import Perm
from . import merchant_scope, venue_days
from .base import UnitOfWork, service
from .till import KINDS, OLDEST_SALE
from .venue_days import ONE_DAY

RECOMPUTE_DAYS = OLDEST_SALE.days + 2
"""Open settlements older than this many days are not made again: no sale can
reach the store that far back, and refunds count on the day they are made."""

PRODUCE_EVERY_S = 600.0
"""How often the central store makes the settlements (seconds)."""


def fee_for(net_fen: int, rate_bp: int) -> int:
    """The venue's fee of ``rate_bp`` basis points on ``net_fen``, rounded half
    up on its size: ¥0.10 at 5% is 0.5 fen → 1 fen; a negative net gives the
    same fee, negative."""
    size = (abs(net_fen) * rate_bp + 5000) // 10000
    return size if net_fen >= 0 else -size


@dataclass(frozen=True)
class DayFigures:
    orders: int = 0
    sales_fen: int = 0
    refunds_fen: int = 0

    @property
    def net_fen(self) -> int:
        return self.sales_fen - self.refunds_fen


def day_figures(
    session: OrmSession,
    first: date,
    last: date,
    merchant_ids: set[str] | None = None,
) -> dict[tuple[str, date], DayFigures]:
    """(merchant id, venue day) → the day's orders, sales and refunds, for venue
    days ``first``..``last``: two grouped queries (sales, refunds) whatever the
    number of days and merchants."""
    zone = venue_days.zone_of(session)
    sales_where: list[Any] = [SaleOrder.kind.in_(KINDS), SaleOrder.merchant_id.is_not(None)]
    if merchant_ids is not None:
        sales_where.append(SaleOrder.merchant_id.in_(merchant_ids))
    found: dict[tuple[str, date], list[int]] = defaultdict(lambda: [0, 0, 0])
    for day, (merchant_id, count, total) in venue_days.by_day(
        session,
        first,
        last,
        zone,
        at=SaleOrder.created_at,
        keys=[SaleOrder.merchant_id],
        values=[func.count(SaleOrder.id), func.coalesce(func.sum(SaleOrder.total_fen), 0)],
        where=sales_where,
    ):
        figures = found[(merchant_id, day)]
        figures[0] += int(count)
        figures[1] += int(total)
    for day, (merchant_id, refunded) in venue_days.by_day(
        session,
        first,
        last,
        zone,
        at=Refund.at,
        keys=[SaleOrder.merchant_id],
        values=[func.coalesce(func.sum(Refund.amount_fen), 0)],
        where=sales_where,
        select_from=Refund,
        joins=[(SaleOrder, SaleOrder.id == Refund.order_id)],
    ):
        found[(merchant_id, day)][2] += int(refunded)
    return {key: DayFigures(*values) for key, values in found.items()}


def _first_days(session: OrmSession, zone: Any) -> dict[str, date]:
    """Each merchant's first venue day with a sale or a refund."""
    firsts: dict[str, datetime] = {}
    queries = [
        select(SaleOrder.merchant_id, func.min(SaleOrder.created_at))
        .where(SaleOrder.kind.in_(KINDS), SaleOrder.merchant_id.is_not(None))
        .group_by(SaleOrder.merchant_id),
        select(SaleOrder.merchant_id, func.min(Refund.at))
        .join(SaleOrder, SaleOrder.id == Refund.order_id)
        .where(SaleOrder.kind.in_(KINDS), SaleOrder.merchant_id.is_not(None))
        .group_by(SaleOrder.merchant_id),
    ]
    for query in queries:
        for merchant_id, earliest in session.execute(query):
            if merchant_id is None or earliest is None:
                continue
            if merchant_id not in firsts or earliest < firsts[merchant_id]:
                firsts[merchant_id] = earliest
    return {m: venue_days.day_of(at, zone) for m, at in firsts.items()}


@dataclass(frozen=True)
class Produced:
    created: int
    changed: int
    through: date | None  # the last day settled (yesterday), None if no merchant sold yet


def _set_figures(row: MerchantSettlement, figures: DayFigures) -> bool:
    """Give an open settlement ``figures`` (at its own fee rate); whether anything changed."""
    fee = fee_for(figures.net_fen, row.fee_rate_bp)
    wanted = (figures.orders, figures.sales_fen, figures.refunds_fen, fee, figures.net_fen - fee)
    if wanted == (row.orders, row.sales_fen, row.refunds_fen, row.fee_fen, row.payable_fen):
        return False
    row.orders, row.sales_fen, row.refunds_fen, row.fee_fen, row.payable_fen = wanted
    row.updated_at = now()
    return True


def produce(session: OrmSession, today: date | None = None) -> Produced:
    """Make the missing settlements up to the day before ``today`` (venue time)
    and make the open ones of the last :data:`RECOMPUTE_DAYS` days again, in
    ``session``'s transaction. Paid settlements are never touched."""
    zone = venue_days.zone_of(session)
    last = (today or venue_days.today(zone)) - ONE_DAY
    # Locking the merchants queues concurrent makers (PostgreSQL), so two never
    # create the same day twice; SQLite writers queue on the store's lock anyway.
    merchants = {
        m.id: m for m in session.scalars(select(Merchant).order_by(Merchant.id).with_for_update())
    }
    firsts = {m: d for m, d in _first_days(session, zone).items() if m in merchants and d <= last}
    if not firsts:
        return Produced(0, 0, None)
    earliest = min(firsts.values())
    have = {
        (merchant_id, day)
        for merchant_id, day in session.execute(
            select(MerchantSettlement.merchant_id, MerchantSettlement.day).where(
                MerchantSettlement.day >= earliest.isoformat(),
                MerchantSettlement.day <= last.isoformat(),
            )
        )
    }
    missing: list[tuple[str, date]] = []
    for merchant_id, first in firsts.items():
        day = first
        while day <= last:
            if (merchant_id, day.isoformat()) not in have:
                missing.append((merchant_id, day))
            day += ONE_DAY
    window_start = last - (RECOMPUTE_DAYS - 1) * ONE_DAY
    open_rows = list(
        session.scalars(
            select(MerchantSettlement)
            .where(
                MerchantSettlement.status == "open",
                MerchantSettlement.day >= window_start.isoformat(),
                MerchantSettlement.day <= last.isoformat(),
            )
            .with_for_update()
        )
    )
    days = [day for _m, day in missing] + [date.fromisoformat(r.day) for r in open_rows]
    if not days:
        return Produced(0, 0, last)
    figures = day_figures(session, min(days), max(days))
    moment = now()
    for merchant_id, day in missing:
        row = MerchantSettlement(
            merchant_id=merchant_id,
            day=day.isoformat(),
            orders=0,
            sales_fen=0,
            refunds_fen=0,
            fee_rate_bp=merchants[merchant_id].fee_rate_bp,
            fee_fen=0,
            payable_fen=0,
            created_at=moment,
            updated_at=moment,
            status="open",
        )
        _set_figures(row, figures.get((merchant_id, day), DayFigures()))
        session.add(row)
    changed = sum(
        _set_figures(row, figures.get((row.merchant_id, date.fromisoformat(row.day)), DayFigures()))
        for row in open_rows
    )
    session.flush()
    return Produced(len(missing), changed, last)


def produce_settlements(store: Store, *, today: date | None = None) -> int:
    """The store of record's own job (no one logged in): make the settlements up
    to yesterday (:func:`produce`); the number of settlements made or changed.
    Writes a "settlement.produce" audit entry when it made or changed any."""
    with store.transaction() as session:
        done = produce(session, today)
        if done.created or done.changed:
            uow = UnitOfWork(session, None)
            uow.audit(
                "settlement.produce",
                "settlement",
                "",
                {
                    "created": done.created,
                    "changed": done.changed,
                    "through": done.through.isoformat() if done.through else None,
                },
            )
        return done.created + done.changed


# --- Reading and confirming -------------------------------------------------------------


@dataclass(frozen=True)
class SettlementRow:
    """A merchant's settlement for one venue day, as the settlement list shows it."""

    id: str
    merchant_id: str
    merchant_name: str
    day: date
    orders: int
    sales_fen: int
    refunds_fen: int
    net_fen: int
    fee_rate_bp: int
    fee_fen: int
    payable_fen: int
    status: str  # "open" or "paid"
    paid_at: datetime | None
    paid_by: str  # who confirmed it paid (name), "" while open
    paid_reference: str  # the bank transfer's reference
    late_fen: int  # paid: the net of what arrived for the day after it was paid


def _row(
    settlement: MerchantSettlement, merchant_name: str, paid_by: str, late_fen: int
) -> SettlementRow:
    return SettlementRow(
        settlement.id,
        settlement.merchant_id,
        merchant_name,
        date.fromisoformat(settlement.day),
        settlement.orders,
        settlement.sales_fen,
        settlement.refunds_fen,
        settlement.sales_fen - settlement.refunds_fen,
        settlement.fee_rate_bp,
        settlement.fee_fen,
        settlement.payable_fen,
        settlement.status,
        settlement.paid_at,
        paid_by,
        settlement.paid_reference,
        late_fen,
    )


def _names(session: OrmSession, logins: set[str]) -> dict[str, str]:
    if not logins:
        return {}
    return {
        login: name
        for login, name in session.execute(
            select(User.login, User.display_name).where(User.login.in_(logins))
        )
    }


@service(Perm.REPORTS_VIEW, or_permission=Perm.SETTLEMENT_CONFIRM, audited=False)
def list_settlements(
    uow: UnitOfWork, *, merchant_id: str | None, start_day: date, end_day: date
) -> list[SettlementRow]:
    """The settlements of venue days ``start_day``..``end_day``, newest day first:
    of ``merchant_id``, or of every merchant the caller may see (a merchant's
    own staff: their own). A paid one shows what arrived for its day after it
    was paid (``late_fen``)."""
    first, last = venue_days.check_range(start_day, end_day)
    if merchant_id is not None:
        merchant_scope.check_merchant(uow, merchant_id)
    wanted = merchant_id or merchant_scope.scope(uow)
    session = uow.session
    query = (
        select(MerchantSettlement, Merchant.name)
        .join(Merchant, Merchant.id == MerchantSettlement.merchant_id)
        .where(
            MerchantSettlement.day >= first.isoformat(),
            MerchantSettlement.day <= last.isoformat(),
        )
        .order_by(MerchantSettlement.day.desc(), Merchant.name)
    )
    if wanted is not None:
        query = query.where(MerchantSettlement.merchant_id == wanted)
    found = session.execute(query).all()
    paid_days = [date.fromisoformat(s.day) for s, _n in found if s.status == "paid"]
    live = (
        day_figures(session, min(paid_days), max(paid_days), {s.merchant_id for s, _n in found})
        if paid_days
        else {}
    )
    names = _names(session, {s.paid_by for s, _n in found if s.paid_by})
    rows = []
    for settlement, merchant_name in found:
        late = 0
        if settlement.status == "paid":
            now_net = live.get(
                (settlement.merchant_id, date.fromisoformat(settlement.day)), DayFigures()
            ).net_fen
            late = now_net - (settlement.sales_fen - settlement.refunds_fen)
        paid_by = names.get(settlement.paid_by, settlement.paid_by) if settlement.paid_by else ""
        rows.append(_row(settlement, merchant_name, paid_by, late))
    return rows


MAX_REFERENCE = 64
MAX_NOTE = 200


@service(Perm.SETTLEMENT_CONFIRM, audited=True)
def confirm_settlement_paid(
    uow: UnitOfWork, settlement_id: str, *, reference: str, note: str = ""
) -> SettlementRow:
    """Confirm a settlement paid to the merchant (by bank transfer ``reference``),
    once: who and when are recorded and its figures stay as they are now."""
    cleaned = (reference or "").strip() if isinstance(reference, str) else ""
    if not cleaned:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Give the reference of the bank transfer."))
    if len(cleaned) > MAX_REFERENCE:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "A transfer reference is at most {n} characters."),
            n=MAX_REFERENCE,
        )
    why = (note or "").strip()[:MAX_NOTE] if isinstance(note, str) else ""
    settlement = (
        uow.session.get(MerchantSettlement, settlement_id, with_for_update=True)
        if isinstance(settlement_id, str)
        else None
    )
    if settlement is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That settlement does not exist."))
    merchant = merchant_scope.check_merchant(uow, settlement.merchant_id)
    if settlement.status == "paid":
        raise Conflict(
            QT_TRANSLATE_NOOP(
                "core",
                "The settlement of {merchant} for {day} was already confirmed paid "
                "(reference {reference}).",
            ),
            merchant=merchant.name,
            day=settlement.day,
            reference=settlement.paid_reference,
        )
    user = uow.user
    settlement.status = "paid"
    settlement.paid_at = now()
    settlement.paid_by = user.login
    settlement.paid_reference = cleaned
    uow.audit(
        "settlement.paid",
        "settlement",
        settlement.id,
        {
            "merchant": merchant.name,
            "day": settlement.day,
            "orders": settlement.orders,
            "sales_fen": settlement.sales_fen,
            "refunds_fen": settlement.refunds_fen,
            "fee_fen": settlement.fee_fen,
            "payable_fen": settlement.payable_fen,
            "reference": cleaned,
            "note": why,
        },
    )
    uow.session.flush()
    return _row(settlement, merchant.name, user.display_name, 0)


@service(Perm.REPORTS_VIEW, or_permission=Perm.SETTLEMENT_CONFIRM, audited=True)
def refresh_settlements(uow: UnitOfWork) -> int:
    """Make the settlements up to yesterday now (a standalone desktop has no
    central store to do it); the number made or changed."""
    done = produce(uow.session)
    uow.audit(
        "settlement.refresh",
        "settlement",
        "",
        {
            "created": done.created,
            "changed": done.changed,
            "through": done.through.isoformat() if done.through else None,
        },
    )
    return done.created + done.changed
