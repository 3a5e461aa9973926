"""After the sale: find an order, refund, void, exchange, reprint, check a ticket.

Each operation is one service on the store of record (the central store for
a terminal), so a refund is refused while the central store cannot be
reached (the sync issue's offline rules). Refunds, voids and exchanges are
idempotent by their own UUIDv7 minted at the window: pressing the key twice,
or a retry after a timeout, gives back money once.

Money goes back the way it came: each refund is spread over the sale's
payment methods, the last payment taken first, never more per method than
that method paid less what earlier refunds gave back. Cash comes out of the
refunding cashier's shift. A ticket used at the door needs the forced-refund
permission (强制退票). Every ticket keeps a history (``TicketEvent``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update

from printing.ticket_code import TicketCodeError, verify

from ..clock import now
from ..db.models import (
    Hall,
    PriceZone,
    Refund,
    RefundPayment,
    SaleOrder,
    Session,
    SessionSeat,
    Shift,
    Show,
    Terminal,
    Ticket,
    TicketEvent,
    TicketType,
    User,
)
from ..errors import Conflict, NotFound, PermissionDenied, ValidationError
from ..i18n import QT_TRANSLATE_NOOP
from ..ids import is_uuid7
from ..permissions import Perm
from . import changes, ticket_keys
from .base import UnitOfWork, service
from .seating import Order, PaymentLine, SaleLine, Sales
from .settings import read_settings

MAX_FOUND = 20


@dataclass(frozen=True)
class TicketEventRow:
    at: datetime
    kind: str  # sold, reprint, check_in, refund, void, exchange
    terminal: str
    login: str
    detail: str


@dataclass(frozen=True)
class TicketInfo:
    ticket_id: str
    order_id: str
    session_id: str
    show: str
    starts_at: datetime
    hall: str
    seat_id: str | None
    seat_label: str
    zone_id: str | None
    zone: str
    ticket_type_id: str
    ticket_type: str
    price_fen: int
    status: str  # valid, refunded, void
    print_no: int
    checked_in_at: datetime | None
    checked_in_where: str
    history: tuple[TicketEventRow, ...]


@dataclass(frozen=True)
class PaymentRow:
    method: str
    amount_fen: int
    reference: str


@dataclass(frozen=True)
class RefundRow:
    id: str
    at: datetime
    kind: str  # refund, void, exchange
    amount_fen: int
    reason: str
    login: str
    terminal: str
    forced: bool
    payments: tuple[PaymentRow, ...]


@dataclass(frozen=True)
class OrderInfo:
    id: str
    number: str
    created_at: datetime
    terminal: str
    cashier: str
    shift_id: str | None
    status: str  # paid, part_refunded, refunded, void
    total_fen: int
    discount_fen: int
    phone: str
    note: str
    tickets: tuple[TicketInfo, ...]
    payments: tuple[PaymentRow, ...]
    refunds: tuple[RefundRow, ...]

    @property
    def refunded_fen(self) -> int:
        return sum(r.amount_fen for r in self.refunds)

    def valid_tickets(self) -> list[TicketInfo]:
        return [t for t in self.tickets if t.status == "valid"]


@dataclass(frozen=True)
class CheckResult:
    """What the window sees when a ticket is scanned.

    ``verdict``: valid (admitted now), used, refunded, void, replaced (an
    older print, superseded by a reprint), wrong_session, unknown (a genuine
    signature for no ticket of ours), forged, garbled, not_a_ticket."""

    verdict: str
    ticket: TicketInfo | None = None
    used_at: datetime | None = None
    used_where: str = ""

    @property
    def admitted(self) -> bool:
        return self.verdict == "valid"


# --- reading --------------------------------------------------------------------------------


def _tickets(uow: UnitOfWork, order_ids: list[str]) -> dict[str, list[TicketInfo]]:
    session = uow.session
    rows = session.execute(
        select(Ticket, Show.name, Session.starts_at, Hall.name, PriceZone.name, TicketType.name)
        .join(Session, Session.id == Ticket.session_id)
        .join(Show, Show.id == Session.show_id)
        .join(Hall, Hall.id == Session.hall_id)
        .outerjoin(PriceZone, PriceZone.id == Ticket.zone_id)
        .outerjoin(TicketType, TicketType.id == Ticket.ticket_type_id)
        .where(Ticket.order_id.in_(order_ids))
        .order_by(Ticket.seat_label, Ticket.id)
    ).all()
    events: dict[str, list[TicketEventRow]] = {}
    for e in session.scalars(
        select(TicketEvent)
        .where(TicketEvent.order_id.in_(order_ids))
        .order_by(TicketEvent.at, TicketEvent.id)
    ):
        events.setdefault(e.ticket_id, []).append(
            TicketEventRow(e.at, e.kind, e.terminal_name, e.user_login, e.detail)
        )
    found: dict[str, list[TicketInfo]] = {}
    for ticket, show, starts, hall, zone, type_name in rows:
        found.setdefault(ticket.order_id, []).append(
            TicketInfo(
                ticket.id,
                ticket.order_id,
                ticket.session_id,
                show,
                starts,
                hall,
                ticket.seat_id,
                ticket.seat_label,
                ticket.zone_id,
                zone or "",
                ticket.ticket_type_id,
                type_name or "",
                ticket.price_fen,
                ticket.status,
                ticket.print_no,
                ticket.checked_in_at,
                ticket.checked_in_where,
                tuple(events.get(ticket.id, ())),
            )
        )
    return found


def _infos(uow: UnitOfWork, orders: list[SaleOrder]) -> list[OrderInfo]:
    if not orders:
        return []
    ids = [o.id for o in orders]
    tickets = _tickets(uow, ids)
    session = uow.session
    refunds: dict[str, list[RefundRow]] = {}
    for r in session.scalars(
        select(Refund).where(Refund.order_id.in_(ids)).order_by(Refund.at, Refund.id)
    ):
        refunds.setdefault(r.order_id, []).append(
            RefundRow(
                r.id,
                r.at,
                r.kind,
                r.amount_fen,
                r.reason,
                r.user_login,
                r.terminal_name,
                r.forced,
                tuple(PaymentRow(p.method, p.amount_fen, p.reference) for p in r.payments),
            )
        )
    names = dict(
        session.execute(
            select(Terminal.id, Terminal.name).where(
                Terminal.id.in_({o.terminal_id for o in orders})
            )
        ).all()
    )
    cashiers = dict(
        session.execute(
            select(User.id, User.display_name).where(User.id.in_({o.user_id for o in orders}))
        ).all()
    )
    return [
        OrderInfo(
            o.id,
            o.number,
            o.created_at,
            names.get(o.terminal_id, ""),
            cashiers.get(o.user_id, ""),
            o.shift_id,
            o.status,
            o.total_fen,
            o.discount_fen,
            o.phone,
            o.note,
            tuple(tickets.get(o.id, ())),
            tuple(PaymentRow(p.method, p.amount_fen, p.reference) for p in o.payments),
            tuple(refunds.get(o.id, ())),
        )
        for o in orders
    ]


_TICKET_NUMBER = re.compile(r"[0-9A-Fa-f]{8}")
_DIGITS = re.compile(r"\+?[0-9][0-9 -]{5,19}")


@service(Perm.TICKETS_SELL, or_permission=Perm.TICKETS_CHECK, audited=False)
def list_matching_orders(uow: UnitOfWork, query: str) -> list[OrderInfo]:
    """Orders matching what the cashier typed or scanned, newest first: an
    order number (whole, or its last digits), a phone number, a scanned
    ticket code or the 8-character ticket number printed under it."""
    text = query.strip()
    if not text:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Type or scan an order number, a phone number or a ticket.")
        )
    session = uow.session
    order_ids: list[str] = []
    try:
        claim = verify(text, ticket_keys.public_keys(session))
        found = session.get(Ticket, claim.ticket_id)
        if found is not None:
            order_ids = [found.order_id]
    except TicketCodeError as bad:
        if bad.reason != "not_a_ticket":
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "core", "This ticket code cannot be read or was not issued by this venue."
                )
            ) from None
    if not order_ids and len(text) <= 32:
        exact = session.scalar(select(SaleOrder.id).where(SaleOrder.number == text))
        if exact is not None:
            order_ids = [exact]
    if not order_ids and _DIGITS.fullmatch(text):
        phone = text.replace(" ", "").replace("-", "")
        order_ids = list(
            session.scalars(
                select(SaleOrder.id)
                .where(SaleOrder.phone == phone)
                .order_by(SaleOrder.created_at.desc())
                .limit(MAX_FOUND)
            )
        )
    if not order_ids and _TICKET_NUMBER.fullmatch(text):
        order_ids = list(
            session.scalars(
                select(Ticket.order_id)
                .where(func.upper(func.replace(Ticket.id, "-", "")).like(f"%{text.upper()}"))
                .limit(MAX_FOUND)
            )
        )
    if not order_ids and 4 <= len(text) <= 32 and re.fullmatch(r"[0-9A-Za-z-]+", text):
        order_ids = list(
            session.scalars(
                select(SaleOrder.id)
                .where(SaleOrder.number.like(f"%{text}"))
                .order_by(SaleOrder.created_at.desc())
                .limit(MAX_FOUND)
            )
        )
    if not order_ids:
        raise NotFound(QT_TRANSLATE_NOOP("core", "No order matches “{query}”."), query=text[:40])
    orders = list(
        session.scalars(
            select(SaleOrder)
            # A merchant's receipts are found at its till (till.list_goods_order).
            .where(SaleOrder.id.in_(order_ids), SaleOrder.kind == "tickets")
            .order_by(SaleOrder.created_at.desc())
        )
    )
    if not orders:
        raise NotFound(QT_TRANSLATE_NOOP("core", "No order matches “{query}”."), query=text[:40])
    return _infos(uow, orders)


@service(Perm.TICKETS_SELL, or_permission=Perm.TICKETS_CHECK, audited=False)
def list_order_detail(uow: UnitOfWork, order_id: str) -> OrderInfo:
    order = uow.session.get(SaleOrder, order_id)
    if order is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That order does not exist."))
    return _infos(uow, [order])[0]


# --- money going back -----------------------------------------------------------------------


def own_open_shift(uow: UnitOfWork, shift_id: str) -> Shift:
    """The caller's open shift at this terminal: refunds come out of its drawer."""
    shift = uow.session.get(Shift, shift_id)
    actor = uow.actor
    assert actor is not None
    if (
        shift is None
        or shift.user_id != actor.user_id
        or shift.terminal_id != (actor.terminal_id or "")
    ):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "That shift is not yours at this window."))
    if shift.status != "open":
        raise Conflict(QT_TRANSLATE_NOOP("core", "Your shift is closed. Open a shift first."))
    return shift


def _order(uow: UnitOfWork, order_id: str) -> SaleOrder:
    order = uow.session.get(SaleOrder, order_id, with_for_update=True)
    if order is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That order does not exist."))
    return order


def _chosen(order: SaleOrder, ticket_ids: list[str]) -> list[Ticket]:
    """The tickets to give back (all still valid if none named), each valid."""
    by_id = {t.id: t for t in order.tickets}
    if not ticket_ids:
        chosen = [t for t in order.tickets if t.status == "valid"]
        if not chosen:
            raise Conflict(
                QT_TRANSLATE_NOOP("core", "Every ticket of order {number} was already refunded."),
                number=order.number,
            )
        return chosen
    if len(set(ticket_ids)) != len(ticket_ids):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "A ticket appears twice."))
    chosen = []
    for ticket_id in ticket_ids:
        ticket = by_id.get(ticket_id)
        if ticket is None:
            raise NotFound(
                QT_TRANSLATE_NOOP("core", "That ticket is not part of order {number}."),
                number=order.number,
            )
        if ticket.status != "valid":
            raise Conflict(
                QT_TRANSLATE_NOOP("core", "The ticket {seat} was already refunded."),
                seat=ticket.seat_label or ticket.id[-8:].upper(),
            )
        chosen.append(ticket)
    return chosen


def allocate_refund(uow: UnitOfWork, order: SaleOrder, amount: int) -> list[tuple[str, int, str]]:
    """How ``amount`` goes back: over the sale's payments, last taken first,
    each method at most what it paid less what earlier refunds gave back.
    The part an exchange paid (the value of tickets given back before) goes
    back in cash."""
    returned: dict[str, int] = dict(
        uow.session.execute(
            select(RefundPayment.method, func.sum(RefundPayment.amount_fen))
            .join(Refund, Refund.id == RefundPayment.refund_id)
            .where(Refund.order_id == order.id, RefundPayment.method != "exchange")
            .group_by(RefundPayment.method)
        ).all()
    )
    left = amount
    out: list[tuple[str, int, str]] = []
    for payment in reversed(order.payments):
        if left <= 0:
            break
        method = "cash" if payment.method == "exchange" else payment.method
        already = returned.get(method, 0)
        room = payment.amount_fen - min(already, payment.amount_fen)
        returned[method] = max(0, already - payment.amount_fen)
        take = min(room, left)
        if take > 0:
            out.append((method, take, payment.reference))
            left -= take
    if left > 0:  # cannot happen while ticket prices add up to the order's payments
        raise Conflict(QT_TRANSLATE_NOOP("core", "This order has no money left to refund."))
    return out


def _give_back(
    uow: UnitOfWork,
    *,
    refund_id: str,
    order: SaleOrder,
    tickets: list[Ticket],
    kind: str,
    reason: str,
    shift: Shift,
    payments: list[tuple[str, int, str]],
    forced: bool = False,
    new_order_id: str | None = None,
) -> Refund:
    """Write a refund: its row and payments, the tickets no longer valid, their
    seats free again, the order's status, the tickets' history."""
    session = uow.session
    actor = uow.actor
    assert actor is not None
    moment = now()
    refund = Refund(
        id=refund_id,
        order_id=order.id,
        shift_id=shift.id,
        terminal_id=actor.terminal_id or "",
        terminal_name=actor.terminal_name,
        user_id=actor.user_id,
        user_login=uow.user.login,
        at=moment,
        kind=kind,
        amount_fen=sum(t.price_fen for t in tickets),
        reason=reason,
        forced=forced,
        new_order_id=new_order_id,
    )
    session.add(refund)
    for method, amount, reference in payments:
        session.add(
            RefundPayment(
                refund_id=refund_id, method=method, amount_fen=amount, reference=reference
            )
        )
    status = "void" if kind == "void" else "refunded"
    freed: dict[str, list[str]] = {}
    for ticket in tickets:
        ticket.status = status
        ticket.refund_id = refund_id
        session.add(
            TicketEvent(
                ticket_id=ticket.id,
                order_id=order.id,
                shift_id=shift.id,
                at=moment,
                kind=kind,
                terminal_name=actor.terminal_name,
                user_login=refund.user_login,
                detail=reason,
            )
        )
        if ticket.seat_id is not None:
            freed.setdefault(ticket.session_id, []).append(ticket.seat_id)
    session.flush()
    for session_id, seats in freed.items():
        session.execute(
            update(SessionSeat)
            .where(SessionSeat.session_id == session_id, SessionSeat.seat_id.in_(seats))
            .values(
                state="available", hold_id=None, held_until=None, terminal_id=None, ticket_id=None
            )
            .execution_options(synchronize_session=False)
        )
        changes.record(
            session,
            "seats",
            session_id=session_id,
            entity_id=refund_id,
            payload={"released": sorted(seats)},
        )
    still_valid = any(t.status == "valid" for t in order.tickets)
    if kind == "void":
        order.status = "void"
    else:
        order.status = "part_refunded" if still_valid else "refunded"
    return refund


def _answer(
    refund: Refund, order: SaleOrder, payments: list[tuple[str, int, str]]
) -> dict[str, Any]:
    """A refund's answer as the idempotency record keeps it (JSON)."""
    return {
        "refund_id": refund.id,
        "order_id": order.id,
        "number": order.number,
        "kind": refund.kind,
        "amount_fen": refund.amount_fen,
        "new_order_id": refund.new_order_id,
        "reason": refund.reason,
        "tickets": sorted(t.id for t in order.tickets if t.refund_id == refund.id),
        "payments": [{"method": m, "amount_fen": a, "reference": r} for m, a, r in payments],
    }


def check_reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Give a reason."))
    return text[:200]


def check_refund_key(refund_id: str) -> None:
    if not isinstance(refund_id, str) or not is_uuid7(refund_id):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "A refund id must be a UUIDv7."))


@service(Perm.TICKETS_REFUND, audited=True, idempotency_key="refund_id")
def refund_tickets(
    uow: UnitOfWork,
    *,
    refund_id: str,
    order_id: str,
    ticket_ids: list[str],
    reason: str,
    shift_id: str,
) -> dict[str, Any]:
    """Refund some tickets of an order (all its valid ones if ``ticket_ids`` is
    empty), each once, to the sale's payment methods; cash comes out of the
    caller's open shift. A ticket already used at the door needs
    ``tickets.force_refund``."""
    check_refund_key(refund_id)
    why = check_reason(reason)
    shift = own_open_shift(uow, shift_id)
    order = _order(uow, order_id)
    if order.status == "void":
        raise Conflict(QT_TRANSLATE_NOOP("core", "Order {number} was voided."), number=order.number)
    tickets = _chosen(order, ticket_ids)
    used = [t for t in tickets if t.checked_in_at is not None]
    if used and Perm.TICKETS_FORCE_REFUND.value not in uow.permissions:
        raise PermissionDenied(
            QT_TRANSLATE_NOOP(
                "core",
                "The ticket {seat} was already used; refunding it needs the permission “{permission}”.",
            ),
            seat=used[0].seat_label or used[0].id[-8:].upper(),
            permission=Perm.TICKETS_FORCE_REFUND.value,
        )
    amount = sum(t.price_fen for t in tickets)
    payments = allocate_refund(uow, order, amount) if amount else []
    refund = _give_back(
        uow,
        refund_id=refund_id,
        order=order,
        tickets=tickets,
        kind="refund",
        reason=why,
        shift=shift,
        payments=payments,
        forced=bool(used),
    )
    uow.audit(
        "ticket.refund",
        "order",
        order.id,
        {
            "number": order.number,
            "refund_id": refund_id,
            "tickets": [t.id for t in tickets],
            "amount_fen": amount,
            "reason": why,
            "forced": bool(used),
        },
    )
    return _answer(refund, order, payments)


@service(Perm.TICKETS_SELL, audited=True, idempotency_key="refund_id")
def void_order(
    uow: UnitOfWork, *, refund_id: str, order_id: str, reason: str, shift_id: str
) -> dict[str, Any]:
    """Void (作废) the last sale of the caller's open shift, within the venue's
    time limit: every ticket void, every payment given back as it came."""
    check_refund_key(refund_id)
    why = check_reason(reason)
    shift = own_open_shift(uow, shift_id)
    order = _order(uow, order_id)
    last = uow.session.scalar(
        select(SaleOrder.id)
        .where(SaleOrder.shift_id == shift.id)
        .order_by(SaleOrder.created_at.desc(), SaleOrder.number.desc())
        .limit(1)
    )
    if order.shift_id != shift.id or last != order.id:
        raise Conflict(QT_TRANSLATE_NOOP("core", "Only the last sale of your shift can be voided."))
    if order.status != "paid":
        raise Conflict(
            QT_TRANSLATE_NOOP(
                "core", "Order {number} already has refunds; refund it instead of voiding it."
            ),
            number=order.number,
        )
    if any(p.method == "exchange" for p in order.payments):
        # Voiding it would give back tickets already given back: refund it instead.
        raise Conflict(
            QT_TRANSLATE_NOOP(
                "core", "Order {number} came from an exchange; refund it instead of voiding it."
            ),
            number=order.number,
        )
    minutes = read_settings(uow.session).void_minutes
    if now() - order.created_at > timedelta(minutes=minutes):
        raise Conflict(
            QT_TRANSLATE_NOOP(
                "core",
                "A sale can be voided only within {minutes} minutes. Refund it instead.",
            ),
            minutes=minutes,
        )
    tickets = [t for t in order.tickets if t.status == "valid"]
    payments = [(p.method, p.amount_fen, p.reference) for p in order.payments]
    refund = _give_back(
        uow,
        refund_id=refund_id,
        order=order,
        tickets=tickets,
        kind="void",
        reason=why,
        shift=shift,
        payments=payments,
    )
    uow.audit(
        "ticket.void",
        "order",
        order.id,
        {
            "number": order.number,
            "refund_id": refund_id,
            "amount_fen": refund.amount_fen,
            "reason": why,
        },
    )
    return _answer(refund, order, payments)


@dataclass(frozen=True)
class NewTickets:
    """The new seats or places of an exchange, sold as an order of their own."""

    order_id: str
    number: str
    session_id: str
    hold_id: str | None
    lines: list[SaleLine]
    payments: list[PaymentLine]  # what the customer pays on top of the tickets given back


@service(Perm.TICKETS_REFUND, audited=True, idempotency_key="refund_id")
def exchange_tickets(
    uow: UnitOfWork,
    *,
    refund_id: str,
    order_id: str,
    ticket_ids: list[str],
    reason: str,
    shift_id: str,
    new: NewTickets,
) -> dict[str, Any]:
    """Exchange (改签) tickets for other seats or another session, in one
    transaction: the tickets given back pay for the new ones (payment method
    ``exchange``), the customer pays any difference with ``new.payments``, or
    gets it back the way they paid. A used ticket cannot be exchanged."""
    check_refund_key(refund_id)
    why = check_reason(reason)
    if Perm.TICKETS_SELL.value not in uow.permissions:
        raise PermissionDenied(
            QT_TRANSLATE_NOOP("core", "You do not have the permission “{permission}”."),
            permission=Perm.TICKETS_SELL.value,
        )
    shift = own_open_shift(uow, shift_id)
    order = _order(uow, order_id)
    tickets = _chosen(order, ticket_ids)
    if any(t.checked_in_at is not None for t in tickets):
        raise Conflict(QT_TRANSLATE_NOOP("core", "A used ticket cannot be exchanged."))
    credit = sum(t.price_fen for t in tickets)
    # Free the old seats first: the new tickets may take one of them.
    placeholder: list[tuple[str, int, str]] = []
    refund = _give_back(
        uow,
        refund_id=refund_id,
        order=order,
        tickets=tickets,
        kind="exchange",
        reason=why,
        shift=shift,
        payments=placeholder,
        new_order_id=new.order_id,
    )
    sales = Sales(uow)
    receipt = sales.add(
        Order(
            new.order_id,
            new.number,
            new.session_id,
            new.hold_id,
            tuple(new.lines),
            tuple(new.payments),
            None,
            shift.id,
            order.phone or None,
            why,
            None,
            exchange_credit_fen=credit,
        )
    )
    new_total = int(receipt["total_fen"])
    used_credit = min(credit, new_total)
    payments: list[tuple[str, int, str]] = []
    if used_credit:
        payments.append(("exchange", used_credit, order.number))
    if credit > new_total:
        payments += allocate_refund(uow, order, credit - new_total)
    for method, amount, reference in payments:
        uow.session.add(
            RefundPayment(
                refund_id=refund_id, method=method, amount_fen=amount, reference=reference
            )
        )
    sales.write()
    uow.audit(
        "ticket.exchange",
        "order",
        order.id,
        {
            "number": order.number,
            "refund_id": refund_id,
            "tickets": [t.id for t in tickets],
            "new_order": new.number,
            "credit_fen": credit,
            "new_total_fen": new_total,
            "reason": why,
        },
    )
    answer = _answer(refund, order, payments)
    answer["sale"] = receipt
    return answer


# --- reprint and check ----------------------------------------------------------------------


@service(Perm.TICKETS_REPRINT, audited=True)
def reprint_tickets(
    uow: UnitOfWork,
    *,
    order_id: str,
    ticket_ids: list[str],
    reason: str,
    shift_id: str | None = None,
) -> list[TicketInfo]:
    """Make the next print of these tickets the valid one (the paper it
    replaces stops admitting anyone); the window then prints them marked 重打."""
    why = check_reason(reason)
    order = _order(uow, order_id)
    tickets = [t for t in order.tickets if t.status == "valid"]
    if ticket_ids:
        wanted = set(ticket_ids)
        tickets = [t for t in tickets if t.id in wanted]
        if len(tickets) != len(wanted):
            raise Conflict(QT_TRANSLATE_NOOP("core", "Only valid tickets can be reprinted."))
    if not tickets:
        raise Conflict(QT_TRANSLATE_NOOP("core", "Only valid tickets can be reprinted."))
    actor = uow.actor
    assert actor is not None
    moment = now()
    for ticket in tickets:
        ticket.print_no = min(ticket.print_no + 1, 255)
        uow.session.add(
            TicketEvent(
                ticket_id=ticket.id,
                order_id=order.id,
                shift_id=shift_id,
                at=moment,
                kind="reprint",
                terminal_name=actor.terminal_name,
                user_login=uow.user.login,
                detail=why,
            )
        )
    uow.session.flush()
    uow.audit(
        "ticket.reprint",
        "order",
        order.id,
        {"number": order.number, "tickets": [t.id for t in tickets], "reason": why},
    )
    chosen = {t.id for t in tickets}
    return [t for t in _tickets(uow, [order.id]).get(order.id, []) if t.ticket_id in chosen]


_BAD_CODE = {"not_a_ticket": "not_a_ticket", "garbled": "garbled"}


@service(Perm.TICKETS_CHECK, audited=True)
def check_ticket(
    uow: UnitOfWork, code: str, *, session_id: str | None = None, admit: bool = True
) -> CheckResult:
    """Check a scanned ticket code at the window or the door and, if it is
    good, record the check-in (``admit``). Only the ticket's latest print
    admits; a forged, refunded or already used ticket is said to be so."""
    session = uow.session
    result = _check(uow, code.strip()[:512], session_id)
    if result.verdict == "valid" and admit and result.ticket is not None:
        actor = uow.actor
        assert actor is not None
        moment = now()
        where = actor.terminal_name or actor.login
        ticket = session.get(Ticket, result.ticket.ticket_id)
        assert ticket is not None
        ticket.checked_in_at = moment
        ticket.checked_in_where = where[:64]
        session.add(
            TicketEvent(
                ticket_id=ticket.id,
                order_id=ticket.order_id,
                at=moment,
                kind="check_in",
                terminal_name=actor.terminal_name,
                user_login=actor.login,
                detail="",
            )
        )
    uow.audit(
        "ticket.check",
        "ticket",
        result.ticket.ticket_id if result.ticket else "",
        {"verdict": result.verdict, "admitted": result.verdict == "valid" and admit},
    )
    return result


def _check(uow: UnitOfWork, code: str, session_id: str | None) -> CheckResult:
    session = uow.session
    try:
        claim = verify(code, ticket_keys.public_keys(session))
    except TicketCodeError as bad:
        return CheckResult(_BAD_CODE.get(bad.reason, "forged"))
    ticket = session.get(Ticket, claim.ticket_id, with_for_update=True)
    if ticket is None:
        return CheckResult("unknown")
    info = next(
        t for t in _tickets(uow, [ticket.order_id])[ticket.order_id] if t.ticket_id == ticket.id
    )
    if ticket.status != "valid":
        return CheckResult("void" if ticket.status == "void" else "refunded", info)
    if claim.print_no < ticket.print_no:
        return CheckResult("replaced", info)
    if session_id is not None and ticket.session_id != session_id:
        return CheckResult("wrong_session", info)
    if ticket.checked_in_at is not None:
        return CheckResult("used", info, ticket.checked_in_at, ticket.checked_in_where)
    return CheckResult("valid", info)
