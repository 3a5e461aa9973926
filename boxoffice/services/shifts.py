"""Shifts (班次) and their handover (交班): open with a counted float, an X
report at any time, a Z report on close with the drawer counted.

Every figure of a report is summed from the rows behind it, on the store of
record: the orders that name the shift and their payments, the refunds made
in it and how their money went back, the cash put in or taken out, and the
tickets' reprints. Nothing is kept as a running total that could drift from
the orders (the reconciliation test proves the sums over random days).

Blind close (a rule of the cashier's role, ``shift.blind_close``): until the
shift is closed, its own cashier's reports leave out the cash figures, so
the drawer is counted before anyone says what it should hold. A difference
over the venue's limit needs a reason and a supervisor's own login.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from printing.forms import CountLine, HandoverForm, MethodTotals, VenueHeader

from ..clock import now
from ..db.models import (
    CashMovement,
    OrderLine,
    Payment,
    Refund,
    RefundLine,
    RefundPayment,
    SaleOrder,
    Session,
    Shift,
    Show,
    Ticket,
    TicketEvent,
    TicketType,
    User,
)
from ..errors import AuthenticationFailed, Conflict, NotFound, PermissionDenied, ValidationError
from ..i18n import QT_TRANSLATE_NOOP
from ..ids import new_id
from ..money import DENOMINATIONS_FEN, MAX_FEN, count_total, format_fen
from ..permissions import Perm
from .auth import verify_password
from .base import UnitOfWork, service, user_permissions
from .settings import read_settings

METHOD_ORDER = ("cash", "card", "mobile", "member", "exchange")
METHOD_NAMES = {
    "cash": "现金",
    "card": "银行卡",
    "mobile": "扫码支付",
    "member": "会员余额",
    "exchange": "改签抵扣",
}
"""As printed on the slip (the paper is Chinese whatever the screen's language)."""


@dataclass(frozen=True)
class CashCount:
    """So many pieces of one note or coin (denomination in fen)."""

    denomination_fen: int
    pieces: int


@dataclass(frozen=True)
class ShiftRow:
    id: str
    terminal_id: str
    terminal_name: str
    user_id: str
    user_login: str
    cashier: str
    opened_at: datetime
    closed_at: datetime | None
    status: str  # open, closed
    blind: bool
    opening_float_fen: int
    counted_fen: int | None
    difference_fen: int | None


@dataclass(frozen=True)
class MethodLine:
    method: str  # cash, card, mobile, member, exchange
    count: int  # payments taken
    sales_fen: int
    refunds_fen: int
    net_fen: int


@dataclass(frozen=True)
class TicketLine:
    show: str
    starts_at: datetime
    ticket_type: str
    count: int
    amount_fen: int


@dataclass(frozen=True)
class ProductLine:
    """Goods sold at a till in the shift: one product and SKU (or 商家收款)."""

    name: str
    qty: int
    amount_fen: int


@dataclass(frozen=True)
class ExceptionLine:
    kind: str  # refund, forced_refund, void, exchange, reprint, comp, discount
    count: int
    amount_fen: int


@dataclass(frozen=True)
class MovementLine:
    at: datetime
    kind: str  # in, out
    amount_fen: int
    reason: str
    login: str


@dataclass(frozen=True)
class ShiftReport:
    """An X report (shift open) or the Z report (closed) of one shift."""

    shift: ShiftRow
    first_order: str
    last_order: str
    orders: int
    methods: tuple[MethodLine, ...]
    movements: tuple[MovementLine, ...]
    tickets: tuple[TicketLine, ...]
    exceptions: tuple[ExceptionLine, ...]
    cash_hidden: bool  # blind: the cash figures are left out until the count
    expected_cash_fen: int | None
    counted_fen: int | None
    difference_fen: int | None
    difference_reason: str
    supervisor: str
    opening_counts: tuple[CashCount, ...]
    closing_counts: tuple[CashCount, ...]
    unsynced_count: int
    unsynced_fen: int
    goods: tuple[ProductLine, ...] = ()  # a till's sales by product and SKU

    @property
    def final(self) -> bool:
        return self.shift.status == "closed"

    @property
    def sales_fen(self) -> int:
        return sum(m.sales_fen for m in self.methods if m.method != "exchange")

    @property
    def refunds_fen(self) -> int:
        return sum(m.refunds_fen for m in self.methods if m.method != "exchange")


# --- helpers --------------------------------------------------------------------------------


def _row(shift: Shift) -> ShiftRow:
    return ShiftRow(
        shift.id,
        shift.terminal_id,
        shift.terminal_name,
        shift.user_id,
        shift.user_login,
        shift.cashier_name,
        shift.opened_at,
        shift.closed_at,
        shift.status,
        shift.blind,
        shift.opening_float_fen,
        shift.counted_fen,
        shift.difference_fen,
    )


def _counts(counts: list[CashCount] | tuple[CashCount, ...]) -> dict[int, int]:
    found: dict[int, int] = {}
    for c in counts:
        found[c.denomination_fen] = found.get(c.denomination_fen, 0) + c.pieces
    count_total(found)  # refuses unknown notes and absurd counts
    return {d: n for d, n in found.items() if n}


def _counts_json(counts: dict[int, int]) -> str:
    return json.dumps({str(d): n for d, n in sorted(counts.items(), reverse=True)})


def _counts_of(text: str) -> tuple[CashCount, ...]:
    raw = json.loads(text or "{}")
    return tuple(
        CashCount(d, int(raw[str(d)])) for d in DENOMINATIONS_FEN if int(raw.get(str(d), 0))
    )


def _terminal(uow: UnitOfWork) -> tuple[str, str]:
    actor = uow.actor
    assert actor is not None
    return actor.terminal_id or "", actor.terminal_name or ""


def _open_shift_here(uow: UnitOfWork) -> Shift | None:
    terminal_id, _name = _terminal(uow)
    return uow.session.scalar(
        select(Shift).where(Shift.terminal_id == terminal_id, Shift.status == "open")
    )


def _shift(uow: UnitOfWork, shift_id: str) -> Shift:
    shift = uow.session.get(Shift, shift_id)
    if shift is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That shift does not exist."))
    if shift.user_id != uow.user.id and Perm.SHIFT_VIEW_ALL.value not in uow.permissions:
        raise PermissionDenied(
            QT_TRANSLATE_NOOP("core", "You do not have the permission “{permission}”."),
            permission=Perm.SHIFT_VIEW_ALL.value,
        )
    return shift


def _blind_for(uow: UnitOfWork, shift: Shift) -> bool:
    """Whether this caller must not see the shift's cash figures yet."""
    return (
        shift.status == "open" and shift.blind and Perm.SHIFT_VIEW_ALL.value not in uow.permissions
    )


# --- the report -----------------------------------------------------------------------------


def compute_report(uow: UnitOfWork, shift: Shift, *, hide_cash: bool) -> ShiftReport:
    """The shift's figures, summed from its orders, refunds, movements and reprints."""
    session = uow.session
    orders = session.execute(
        select(SaleOrder.id, SaleOrder.number, SaleOrder.discount_fen, SaleOrder.created_at)
        .where(SaleOrder.shift_id == shift.id)
        .order_by(SaleOrder.created_at, SaleOrder.number)
    ).all()
    sales: dict[str, tuple[int, int]] = {
        method: (int(n), int(total))
        for method, n, total in session.execute(
            select(Payment.method, func.count(), func.sum(Payment.amount_fen))
            .join(SaleOrder, SaleOrder.id == Payment.order_id)
            .where(SaleOrder.shift_id == shift.id)
            .group_by(Payment.method)
        )
    }
    refunded: dict[str, int] = {
        method: int(total)
        for method, total in session.execute(
            select(RefundPayment.method, func.sum(RefundPayment.amount_fen))
            .join(Refund, Refund.id == RefundPayment.refund_id)
            .where(Refund.shift_id == shift.id)
            .group_by(RefundPayment.method)
        )
    }
    methods = tuple(
        MethodLine(
            m,
            sales.get(m, (0, 0))[0],
            sales.get(m, (0, 0))[1],
            refunded.get(m, 0),
            sales.get(m, (0, 0))[1] - refunded.get(m, 0),
        )
        for m in METHOD_ORDER
        if (m in sales or m in refunded or m in ("cash",)) and not (hide_cash and m == "cash")
    )
    movements = tuple(
        MovementLine(m.at, m.kind, m.amount_fen, m.reason, m.user_login)
        for m in session.scalars(
            select(CashMovement).where(CashMovement.shift_id == shift.id).order_by(CashMovement.at)
        )
    )
    cash_net = sales.get("cash", (0, 0))[1] - refunded.get("cash", 0)
    moved = sum(m.amount_fen if m.kind == "in" else -m.amount_fen for m in movements)
    expected = shift.opening_float_fen + cash_net + moved
    ticket_rows = session.execute(
        select(
            Show.name,
            Session.starts_at,
            TicketType.name,
            func.count(),
            func.sum(Ticket.price_fen),
        )
        .select_from(Ticket)
        .join(SaleOrder, SaleOrder.id == Ticket.order_id)
        .join(Session, Session.id == Ticket.session_id)
        .join(Show, Show.id == Session.show_id)
        .join(TicketType, TicketType.id == Ticket.ticket_type_id)
        .where(SaleOrder.shift_id == shift.id)
        .group_by(Show.name, Session.starts_at, TicketType.name)
        .order_by(Session.starts_at, Show.name, TicketType.name)
    ).all()
    tickets = tuple(
        TicketLine(show, starts, type_name, int(n), int(amount or 0))
        for show, starts, type_name, n, amount in ticket_rows
    )
    goods = tuple(
        ProductLine(f"{name} {sku}".strip() if sku_id else "商家收款", int(qty), int(amount or 0))
        for name, sku, sku_id, qty, amount in session.execute(
            select(
                func.min(OrderLine.product_name),
                func.min(OrderLine.sku_name),
                OrderLine.sku_id,
                func.sum(OrderLine.qty),
                func.sum(OrderLine.amount_fen),
            )
            .join(SaleOrder, SaleOrder.id == OrderLine.order_id)
            .where(SaleOrder.shift_id == shift.id)
            .group_by(OrderLine.sku_id)
            .order_by(func.min(OrderLine.product_name), func.min(OrderLine.sku_name))
        )
    )
    exceptions: list[ExceptionLine] = []
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    # What came back: tickets, or the quantities of a till's refunded lines.
    items_back = (
        select(func.coalesce(func.sum(RefundLine.qty), 0))
        .where(RefundLine.refund_id == Refund.id)
        .correlate(Refund)
        .scalar_subquery()
    )
    for kind, forced, amount, tickets_back, goods_back in session.execute(
        select(Refund.kind, Refund.forced, Refund.amount_fen, func.count(Ticket.id), items_back)
        .outerjoin(Ticket, Ticket.refund_id == Refund.id)
        .where(Refund.shift_id == shift.id)
        .group_by(Refund.id, Refund.kind, Refund.forced, Refund.amount_fen)
    ):
        for key in (kind, "forced_refund") if forced else (kind,):
            by_kind[key][0] += int(tickets_back) + int(goods_back)
            by_kind[key][1] += int(amount)
    reprints = session.scalar(
        select(func.count())
        .select_from(TicketEvent)
        .where(TicketEvent.shift_id == shift.id, TicketEvent.kind == "reprint")
    )
    if reprints:
        by_kind["reprint"] = [int(reprints), 0]
    comps = session.execute(
        select(func.count(), func.sum(func.coalesce(Ticket.list_price_fen, 0)))
        .select_from(Ticket)
        .join(SaleOrder, SaleOrder.id == Ticket.order_id)
        .join(TicketType, TicketType.id == Ticket.ticket_type_id)
        .where(SaleOrder.shift_id == shift.id, TicketType.is_comp)
    ).one()
    if comps[0]:
        by_kind["comp"] = [int(comps[0]), int(comps[1] or 0)]
    line_discounts = dict(
        session.execute(
            select(OrderLine.order_id, func.sum(OrderLine.discount_fen))
            .join(SaleOrder, SaleOrder.id == OrderLine.order_id)
            .where(SaleOrder.shift_id == shift.id, OrderLine.discount_fen > 0)
            .group_by(OrderLine.order_id)
        ).all()
    )
    discounted = [o for o in orders if o.discount_fen or o.id in line_discounts]
    if discounted:
        by_kind["discount"] = [
            len(discounted),
            sum(o.discount_fen + int(line_discounts.get(o.id, 0)) for o in discounted),
        ]
    for kind in ("refund", "forced_refund", "void", "exchange", "reprint", "comp", "discount"):
        if kind in by_kind:
            exceptions.append(ExceptionLine(kind, by_kind[kind][0], by_kind[kind][1]))
    closed = shift.status == "closed"
    return ShiftReport(
        shift=_row(shift),
        first_order=orders[0].number if orders else "",
        last_order=orders[-1].number if orders else "",
        orders=len(orders),
        methods=methods,
        movements=tuple(m for m in movements if not hide_cash),
        tickets=tickets,
        exceptions=tuple(exceptions),
        cash_hidden=hide_cash,
        expected_cash_fen=None if hide_cash else (shift.expected_cash_fen if closed else expected),
        counted_fen=shift.counted_fen,
        difference_fen=shift.difference_fen,
        difference_reason=shift.difference_reason,
        supervisor=shift.approved_by,
        opening_counts=_counts_of(shift.opening_counts),
        closing_counts=_counts_of(shift.closing_counts),
        unsynced_count=shift.unsynced_count,
        unsynced_fen=shift.unsynced_fen,
        goods=goods,
    )


# --- operations -----------------------------------------------------------------------------


@service(Perm.TICKETS_SELL, or_permission=Perm.MERCHANT_SELL, audited=True)
def open_shift(uow: UnitOfWork, *, counts: list[CashCount]) -> ShiftRow:
    """Open this terminal's shift with the opening float counted by denomination.
    One open shift per terminal; no sale without one."""
    terminal_id, terminal_name = _terminal(uow)
    if _open_shift_here(uow) is not None:
        raise Conflict(
            QT_TRANSLATE_NOOP(
                "core", "A shift is already open at this window. Close it before opening another."
            )
        )
    counted = _counts(counts)
    user = uow.user
    shift = Shift(
        id=new_id(),
        terminal_id=terminal_id,
        terminal_name=terminal_name,
        user_id=user.id,
        user_login=user.login,
        cashier_name=user.display_name,
        opened_at=now(),
        status="open",
        blind=Perm.SHIFT_BLIND.value in uow.permissions,
        opening_float_fen=count_total(counted),
        opening_counts=_counts_json(counted),
        closing_counts="{}",
        difference_reason="",
        approved_by="",
        unsynced_count=0,
        unsynced_fen=0,
    )
    uow.session.add(shift)
    uow.session.flush()
    uow.audit(
        "shift.open",
        "shift",
        shift.id,
        {"float_fen": shift.opening_float_fen, "terminal": terminal_name},
    )
    return _row(shift)


@service(Perm.TICKETS_SELL, or_permission=Perm.MERCHANT_SELL, audited=False)
def list_current_shift(uow: UnitOfWork) -> ShiftRow | None:
    """This terminal's open shift, if any (whoever opened it)."""
    shift = _open_shift_here(uow)
    return _row(shift) if shift is not None else None


@service(Perm.TICKETS_SELL, or_permission=Perm.MERCHANT_SELL, audited=True)
def record_cash_movement(
    uow: UnitOfWork, shift_id: str, *, kind: str, amount_fen: int, reason: str
) -> MovementLine:
    """Cash put into the drawer (``in``: more float) or taken out (``out``: a
    drop to the safe) during an open shift, with a reason."""
    shift = _shift(uow, shift_id)
    if shift.status != "open":
        raise Conflict(QT_TRANSLATE_NOOP("core", "That shift is closed."))
    if kind not in ("in", "out"):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Cash goes either in or out."))
    if not 0 < amount_fen <= MAX_FEN:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "The amount must be more than ¥0."))
    if not reason.strip():
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Give a reason."))
    movement = CashMovement(
        id=new_id(),
        shift_id=shift.id,
        at=now(),
        kind=kind,
        amount_fen=amount_fen,
        reason=reason.strip()[:200],
        user_login=uow.user.login,
    )
    uow.session.add(movement)
    uow.audit(
        "shift.cash_" + kind,
        "shift",
        shift.id,
        {"amount_fen": amount_fen, "reason": movement.reason},
    )
    return MovementLine(movement.at, kind, amount_fen, movement.reason, movement.user_login)


@service(Perm.SHIFT_CLOSE, or_permission=Perm.SHIFT_VIEW_ALL, audited=False)
def list_shift_report(uow: UnitOfWork, shift_id: str) -> ShiftReport:
    """The X report of an open shift (nothing closes) or the Z report of a closed one."""
    shift = _shift(uow, shift_id)
    return compute_report(uow, shift, hide_cash=_blind_for(uow, shift))


@service(Perm.SHIFT_CLOSE, or_permission=Perm.SHIFT_VIEW_ALL, audited=False)
def list_shifts(
    uow: UnitOfWork,
    *,
    terminal_id: str | None = None,
    since: datetime | None = None,
    limit: int = 200,
) -> list[ShiftRow]:
    """Shifts, newest first: one's own, or every terminal's for a supervisor."""
    query = select(Shift).order_by(Shift.opened_at.desc()).limit(max(1, min(limit, 1000)))
    if Perm.SHIFT_VIEW_ALL.value not in uow.permissions:
        query = query.where(Shift.user_id == uow.user.id)
    if terminal_id is not None:
        query = query.where(Shift.terminal_id == terminal_id)
    if since is not None:
        query = query.where(Shift.opened_at >= since)
    return [_row(s) for s in uow.session.scalars(query)]


@dataclass(frozen=True)
class CountCheck:
    """A closing count compared with what the drawer should hold."""

    counted_fen: int
    expected_fen: int
    difference_fen: int  # counted − expected: negative is short
    limit_fen: int
    needs_approval: bool  # over the limit: a reason and a supervisor


@service(Perm.SHIFT_CLOSE, audited=True)
def check_count(uow: UnitOfWork, shift_id: str, *, counts: list[CashCount]) -> CountCheck:
    """Compare a closing count with the expected cash, before closing. Each
    count is audited, so a blind count cannot quietly be redone until it matches."""
    shift = _shift(uow, shift_id)
    if shift.status != "open":
        raise Conflict(QT_TRANSLATE_NOOP("core", "That shift is already closed."))
    counted = count_total(_counts(counts))
    report = compute_report(uow, shift, hide_cash=False)
    assert report.expected_cash_fen is not None
    difference = counted - report.expected_cash_fen
    limit = read_settings(uow.session).shift_difference_limit_fen
    uow.audit(
        "shift.count",
        "shift",
        shift.id,
        {"counted_fen": counted, "difference_fen": difference, "blind": shift.blind},
    )
    return CountCheck(counted, report.expected_cash_fen, difference, limit, abs(difference) > limit)


def _approver(uow: UnitOfWork, login: str | None, password: str | None) -> str:
    """The supervisor who approves a difference over the limit, checked by
    their own password; a caller who supervises needs nobody else."""
    if Perm.SHIFT_VIEW_ALL.value in uow.permissions and not login:
        return uow.user.login
    if not login or not password:
        raise PermissionDenied(
            QT_TRANSLATE_NOOP(
                "core",
                "The difference is over the limit: a supervisor must log in to approve it.",
            )
        )
    user = uow.session.scalar(select(User).where(User.login == login.strip().lower()))
    if user is None or not user.enabled or not verify_password(user.password_hash, password):
        raise AuthenticationFailed(
            QT_TRANSLATE_NOOP("core", "The supervisor's login or password is wrong.")
        )
    if Perm.SHIFT_VIEW_ALL.value not in user_permissions(user):
        raise PermissionDenied(
            QT_TRANSLATE_NOOP("core", "{login} may not approve cash differences."),
            login=user.login,
        )
    return user.login


@service(Perm.SHIFT_CLOSE, audited=True)
def close_shift(
    uow: UnitOfWork,
    shift_id: str,
    *,
    counts: list[CashCount],
    reason: str = "",
    supervisor_login: str | None = None,
    supervisor_password: str | None = None,
    unsynced_count: int = 0,
    unsynced_fen: int = 0,
) -> ShiftReport:
    """Close a shift with the drawer's cash counted by denomination: the Z report.

    A difference (counted − expected) larger than the venue's limit needs a
    reason and the login of a supervisor (``shift.view_all``), checked here
    by their password. ``unsynced_*``: the terminal's sales of this shift not
    yet on the central store (the terminal had a supervisor confirm closing
    anyway); printed on the slip."""
    shift = _shift(uow, shift_id)
    if shift.status != "open":
        raise Conflict(QT_TRANSLATE_NOOP("core", "That shift is already closed."))
    if not (0 <= unsynced_count <= 100_000 and 0 <= unsynced_fen <= MAX_FEN):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "The number of unsent sales is wrong."))
    counted_by = _counts(counts)
    counted = count_total(counted_by)
    report = compute_report(uow, shift, hide_cash=False)
    assert report.expected_cash_fen is not None
    difference = counted - report.expected_cash_fen
    limit = read_settings(uow.session).shift_difference_limit_fen
    why = reason.strip()[:500]
    approver = ""
    if abs(difference) > limit:
        if not why:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "core", "The cash is {difference} off, more than {limit}: give a reason."
                ),
                difference=format_fen(difference),
                limit=format_fen(limit),
            )
        approver = _approver(uow, supervisor_login, supervisor_password)
    shift.status = "closed"
    shift.closed_at = now()
    shift.counted_fen = counted
    shift.closing_counts = _counts_json(counted_by)
    shift.expected_cash_fen = report.expected_cash_fen
    shift.difference_fen = difference
    shift.difference_reason = why
    shift.approved_by = approver
    shift.unsynced_count = unsynced_count
    shift.unsynced_fen = unsynced_fen
    uow.session.flush()
    uow.audit(
        "shift.close",
        "shift",
        shift.id,
        {
            "expected_fen": report.expected_cash_fen,
            "counted_fen": counted,
            "difference_fen": difference,
            "reason": why,
            "approved_by": approver,
            "unsynced": unsynced_count,
        },
    )
    return compute_report(uow, shift, hide_cash=False)


# --- the slip -------------------------------------------------------------------------------

EXCEPTION_NAMES = {
    "refund": "退票",
    "forced_refund": "其中强制退票",
    "void": "作废",
    "exchange": "改签",
    "reprint": "重打",
    "comp": "赠票",
    "discount": "优惠",
}


def handover_form(report: ShiftReport, venue: VenueHeader, zone: ZoneInfo) -> HandoverForm:
    """The handover slip (交班单) of a report, for the printer and the PDF."""
    methods = []
    for m in report.methods:
        cash = m.method == "cash"
        methods.append(
            MethodTotals(
                METHOD_NAMES.get(m.method, m.method),
                m.count,
                m.sales_fen,
                m.refunds_fen,
                m.net_fen,
                expected_fen=report.expected_cash_fen if cash else None,
                counted_fen=report.counted_fen if cash else None,
                difference_fen=report.difference_fen if cash else None,
            )
        )
    moves = [
        CountLine("备用金追加" if m.kind == "in" else "取款", 1, m.amount_fen)
        for m in report.movements
    ]
    tickets = tuple(
        CountLine(
            f"{t.show} {t.starts_at.astimezone(zone):%m-%d %H:%M} {t.ticket_type}",
            t.count,
            t.amount_fen,
        )
        for t in report.tickets
    )
    exceptions = tuple(
        CountLine(EXCEPTION_NAMES.get(e.kind, e.kind), e.count, e.amount_fen)
        for e in report.exceptions
    )
    shift = report.shift
    return HandoverForm(
        venue=venue,
        terminal=shift.terminal_name or "—",
        cashier=f"{shift.cashier}（{shift.user_login}）",
        opened_at=shift.opened_at.astimezone(zone),
        closed_at=shift.closed_at.astimezone(zone) if shift.closed_at else None,
        first_order=report.first_order,
        last_order=report.last_order,
        methods=tuple(methods),
        opening_float_fen=shift.opening_float_fen,
        cash_movements=tuple(moves),
        tickets=tickets,
        goods=tuple(CountLine(g.name, g.qty, g.amount_fen) for g in report.goods),
        exceptions=exceptions,
        unsynced=report.unsynced_count,
        difference_reason=report.difference_reason,
        supervisor=report.supervisor,
    )


def with_unsynced(report: ShiftReport, count: int, amount_fen: int) -> ShiftReport:
    """An X report with the terminal's own count of sales not yet sent."""
    if report.final:
        return report
    return replace(report, unsynced_count=count, unsynced_fen=amount_fen)
