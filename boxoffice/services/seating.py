"""Seats of a session: holding them for a window, selling them, seeing their state.

A hold takes every requested seat or none, with one conditional UPDATE whose
row count says whether all were free; a sale consumes a live hold, or sells
seats leased to the selling window (``leases``). The ``uq_ticket_valid_seat``
index is the last word: the database refuses a second valid ticket for a seat
whatever the isolation level.

"Best available" chooses the seats on the server (:func:`best_available`):
``count`` adjacent seats in one row nearest a focal point, leaving no single
stranded free seat if that can be helped, else seats across rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, and_, func, or_, select, update
from sqlalchemy.orm import Session as OrmSession

from ..clock import now
from ..db.models import (
    Hall,
    Hold,
    Payment,
    PriceZone,
    QuotaLease,
    SaleOrder,
    Session,
    SessionSeat,
    Terminal,
    Ticket,
    TicketType,
)
from ..errors import Conflict, NotFound, PermissionDenied, ValidationError
from ..i18n import QT_TRANSLATE_NOOP
from ..ids import SessionId, is_uuid7, new_id
from ..money import MAX_FEN, format_fen, percent_of
from ..permissions import Perm
from . import changes
from .base import UnitOfWork, service, user_permissions

HOLD_TTL = timedelta(minutes=5)
MAX_SEATS_PER_HOLD = 50
BEST_AVAILABLE_TRIES = 3
"""Searches "best available" makes when another window takes a chosen seat first."""
PAYMENT_METHODS = ("cash", "card", "mobile", "member")


@dataclass(frozen=True)
class TakenSeat:
    seat_id: str
    label: str
    state: str
    terminal_name: str


class SeatsUnavailable(Conflict):
    """Some requested seats are held or sold elsewhere; ``taken`` says which and by whom."""

    def __init__(self, taken: list[TakenSeat]) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP("core", "Seats already taken: {seats}."),
            seats="、".join(
                f"{t.label}（{t.terminal_name}）" if t.terminal_name else t.label for t in taken
            ),
        )
        self.taken = taken


@dataclass(frozen=True)
class HoldResult:
    hold_id: str
    session_id: str
    seat_ids: tuple[str, ...]
    expires_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "hold_id": self.hold_id,
            "session_id": self.session_id,
            "seat_ids": list(self.seat_ids),
            "expires_at": self.expires_at.isoformat(),
        }


@dataclass(frozen=True)
class SeatRow:
    seat_id: str
    label: str
    row: int
    col: int
    zone_id: str | None
    accessible: bool
    state: str  # available, held, leased, sold, blocked (an expired hold reads as available)
    terminal_id: str | None  # the window holding or leasing it


def _seat_state(seat: SessionSeat, moment: datetime) -> str:
    if seat.state == "held" and seat.held_until is not None and seat.held_until < moment:
        return "available"
    return seat.state


def _free(moment: datetime, for_terminal: str | None = None) -> Any:
    """A seat is free when available, or held by a hold that has run out — and,
    for a window asking again, held by that same window: a hold whose answer
    was lost on the network (or whose window crashed) must not lock the
    window out of its own seats until it runs out."""
    free = or_(
        SessionSeat.state == "available",
        and_(SessionSeat.state == "held", SessionSeat.held_until < moment),
    )
    if for_terminal is None:
        return free
    return or_(free, and_(SessionSeat.state == "held", SessionSeat.terminal_id == for_terminal))


def _terminal_names(session: OrmSession, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    return dict(
        (row.id, row.name)
        for row in session.execute(select(Terminal.id, Terminal.name).where(Terminal.id.in_(ids)))
    )


def _sellable_session(session: OrmSession, session_id: str) -> Session:
    found = session.get(Session, session_id)
    if found is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That session no longer exists."))
    if found.status != "on_sale":
        raise Conflict(QT_TRANSLATE_NOOP("core", "This session is not on sale."))
    return found


def _take(uow: UnitOfWork, session_id: str, seat_ids: list[str], moment: datetime) -> HoldResult:
    terminal_id = uow.actor.terminal_id if uow.actor else None
    if not terminal_id:
        raise PermissionDenied(
            QT_TRANSLATE_NOOP("core", "This device is not a registered terminal.")
        )
    hold = Hold(
        session_id=session_id,
        terminal_id=terminal_id,
        user_id=uow.user.id,
        expires_at=moment + HOLD_TTL,
    )
    uow.session.add(hold)
    uow.session.flush()
    taken = cast(
        CursorResult[Any],
        uow.session.execute(
            update(SessionSeat)
            .where(
                SessionSeat.session_id == session_id,
                SessionSeat.seat_id.in_(seat_ids),
                _free(moment, terminal_id),
            )
            .values(
                state="held", hold_id=hold.id, held_until=hold.expires_at, terminal_id=terminal_id
            )
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    if taken != len(seat_ids):
        raise SeatsUnavailable(_who_has(uow.session, session_id, seat_ids, hold.id, moment))
    changes.record(
        uow.session,
        "seats",
        session_id=session_id,
        entity_id=hold.id,
        payload={"held": seat_ids, "terminal_id": terminal_id},
    )
    return HoldResult(hold.id, session_id, tuple(seat_ids), hold.expires_at)


def _who_has(
    session: OrmSession,
    session_id: str,
    seat_ids: list[str],
    own_hold: str,
    moment: datetime,
    *,
    lessee: str | None = None,
) -> list[TakenSeat]:
    """The seats of ``seat_ids`` someone else has: not free, not in ``own_hold``
    and not leased to ``lessee``."""
    seats = list(
        session.scalars(
            select(SessionSeat).where(
                SessionSeat.session_id == session_id, SessionSeat.seat_id.in_(seat_ids)
            )
        )
    )
    known = {s.seat_id for s in seats}
    missing = [sid for sid in seat_ids if sid not in known]
    if missing:
        raise NotFound(
            QT_TRANSLATE_NOOP("core", "No such seat in this session: {seats}."),
            seats="、".join(missing),
        )
    others = [
        s
        for s in seats
        if s.hold_id != own_hold
        and _seat_state(s, moment) != "available"
        and not (lessee is not None and s.state == "leased" and s.terminal_id == lessee)
    ]
    names = _terminal_names(session, {s.terminal_id for s in others if s.terminal_id})
    return [
        TakenSeat(s.seat_id, s.label, _seat_state(s, moment), names.get(s.terminal_id or "", ""))
        for s in others
    ]


def _check_seat_ids(seat_ids: list[str]) -> list[str]:
    unique = list(dict.fromkeys(seat_ids))
    if not unique:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Choose at least one seat."))
    if len(unique) > MAX_SEATS_PER_HOLD:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "At most {n} seats at a time."), n=MAX_SEATS_PER_HOLD
        )
    return unique


@service(Perm.TICKETS_SELL, audited=True)
def hold_seats(uow: UnitOfWork, session_id: SessionId, seat_ids: list[str]) -> HoldResult:
    """Hold every seat asked for, or none (naming the seats taken and by which window)."""
    seats = _check_seat_ids(seat_ids)
    _sellable_session(uow.session, session_id)
    result = _take(uow, session_id, seats, now())
    uow.audit("seat.hold", "hold", result.hold_id, {"session_id": session_id, "seats": seats})
    return result


# --- Best available ---------------------------------------------------------------

STEP_ADJACENT = "adjacent"
"""Adjacent seats in one row that strand no single free seat (the ideal)."""
STEP_ORPHAN = "orphan"
"""Adjacent seats in one row, leaving a single free seat stranded beside them."""
STEP_SPLIT = "split"
"""No row has enough adjacent free seats: the nearest free seats, across rows."""
STEPS = (STEP_ADJACENT, STEP_ORPHAN, STEP_SPLIT)


@dataclass(frozen=True)
class Spot:
    """A seat as the best-available search sees it."""

    seat_id: str
    row: int
    col: int
    free: bool  # nobody holds, leases or bought it
    wanted: bool  # free and matching the zone and accessibility asked for


@dataclass(frozen=True)
class Choice:
    seat_ids: tuple[str, ...]
    step: str


def front_centre(spots: Sequence[Spot]) -> tuple[float, float]:
    """The default focal point: the front row, halfway between the outermost columns."""
    if not spots:
        return (1.0, 1.0)
    cols = [s.col for s in spots]
    return (float(min(s.row for s in spots)), (min(cols) + max(cols)) / 2)


def strands_a_seat(free_cols: set[int], first: int, last: int) -> bool:
    """Whether taking columns ``first``..``last`` of a row leaves a single free
    seat between them and a taken seat, a gap or the row's end."""
    left = first - 1 in free_cols and first - 2 not in free_cols
    right = last + 1 in free_cols and last + 2 not in free_cols
    return left or right


def choose_best(
    spots: Sequence[Spot],
    count: int,
    focus: tuple[float, float] | None = None,
    *,
    allow_orphan: bool = False,
) -> Choice | None:
    """The best ``count`` wanted seats, or None if fewer are free.

    Adjacent means consecutive ``col`` in one ``row``. A block's distance is
    from its centre to ``focus`` (row, col; the front centre by default); ties
    go to the front row, then the left. Without ``allow_orphan`` an ideal
    block anywhere beats a nearer one that strands a seat; with it, the
    nearest block wins either way (and the step says which it is). With no
    block of ``count`` in any row, the nearest free seats, one by one."""
    if count < 1:
        return None
    focus_row, focus_col = focus if focus is not None else front_centre(spots)
    free: dict[int, set[int]] = {}
    wanted: dict[tuple[int, int], Spot] = {}
    for spot in spots:
        if spot.free:
            free.setdefault(spot.row, set()).add(spot.col)
        if spot.free and spot.wanted:
            wanted[(spot.row, spot.col)] = spot
    if len(wanted) < count:
        return None

    def distance(row: float, col: float) -> float:
        return (row - focus_row) ** 2 + (col - focus_col) ** 2

    blocks: list[tuple[bool, float, int, int]] = []  # strands a seat, distance, row, col
    for row, col in sorted(wanted):
        if all((row, col + i) in wanted for i in range(1, count)):
            last = col + count - 1
            blocks.append(
                (strands_a_seat(free[row], col, last), distance(row, (col + last) / 2), row, col)
            )
    if blocks:
        if allow_orphan:  # nearest first; an ideal block wins a tie
            strands, _, row, col = min(blocks, key=lambda b: (b[1], b[0], b[2], b[3]))
        else:
            strands, _, row, col = min(blocks)
        return Choice(
            tuple(wanted[(row, col + i)].seat_id for i in range(count)),
            STEP_ORPHAN if strands else STEP_ADJACENT,
        )
    nearest = sorted(wanted.values(), key=lambda s: (distance(s.row, s.col), s.row, s.col))
    return Choice(tuple(s.seat_id for s in nearest[:count]), STEP_SPLIT)


def _spots(
    session: OrmSession,
    session_id: str,
    moment: datetime,
    *,
    zone_id: str | None = None,
    accessible: bool = False,
) -> list[Spot]:
    """Every seat of a session, free or not, marked with what the search wants."""
    spots = []
    for seat in session.execute(
        select(
            SessionSeat.seat_id,
            SessionSeat.row,
            SessionSeat.col,
            SessionSeat.zone_id,
            SessionSeat.accessible,
            SessionSeat.state,
            SessionSeat.held_until,
        ).where(SessionSeat.session_id == session_id)
    ):
        free = seat.state == "available" or (
            seat.state == "held" and seat.held_until is not None and seat.held_until < moment
        )
        wanted = (
            free
            and (zone_id is None or seat.zone_id == zone_id)
            and (seat.accessible or not accessible)
        )
        spots.append(Spot(seat.seat_id, seat.row, seat.col, free, wanted))
    return spots


def _check_zone(show_session: Session, zone_id: str | None) -> None:
    if zone_id is not None and zone_id not in {z.id for z in show_session.zones}:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That price zone is not part of this session."))


@dataclass(frozen=True)
class BestAvailable:
    hold: HoldResult
    step: str  # STEP_ADJACENT, STEP_ORPHAN or STEP_SPLIT

    def to_json(self) -> dict[str, Any]:
        return {**self.hold.to_json(), "step": self.step}


@service(Perm.TICKETS_SELL, audited=True)
def best_available(
    uow: UnitOfWork,
    session_id: SessionId,
    count: int,
    *,
    zone_id: str | None = None,
    accessible: bool = False,
    allow_orphan: bool = False,
    focus: tuple[float, float] | None = None,
) -> BestAvailable:
    """Choose and hold the best ``count`` free seats (see :func:`choose_best`),
    in one zone and/or accessible seats only if asked. The step says whether
    they are adjacent, adjacent but stranding a seat, or split across rows.
    If another window takes a chosen seat first, the search runs again."""
    if (
        isinstance(count, bool)
        or not isinstance(count, int)
        or not 1 <= count <= MAX_SEATS_PER_HOLD
    ):
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Ask for 1 to {n} seats."), n=MAX_SEATS_PER_HOLD
        )
    show_session = _sellable_session(uow.session, session_id)
    _check_zone(show_session, zone_id)
    for attempt in range(1, BEST_AVAILABLE_TRIES + 1):
        moment = now()
        spots = _spots(uow.session, session_id, moment, zone_id=zone_id, accessible=accessible)
        choice = choose_best(spots, count, focus or front_centre(spots), allow_orphan=allow_orphan)
        if choice is None:
            raise Conflict(
                QT_TRANSLATE_NOOP(
                    "core", "Not enough matching free seats: {count} asked for, {left} free."
                ),
                left=sum(1 for s in spots if s.wanted),
                count=count,
            )
        try:
            with uow.session.begin_nested():  # a lost race undoes only this attempt
                result = _take(uow, session_id, list(choice.seat_ids), moment)
        except SeatsUnavailable:
            if attempt == BEST_AVAILABLE_TRIES:
                raise
            continue
        uow.audit(
            "seat.hold_best",
            "hold",
            result.hold_id,
            {
                "session_id": session_id,
                "seats": list(result.seat_ids),
                "step": choice.step,
                "zone_id": zone_id,
                "accessible": accessible,
            },
        )
        return BestAvailable(result, choice.step)
    raise AssertionError("unreachable")  # pragma: no cover


def _own_active_hold(uow: UnitOfWork, hold_id: str) -> Hold:
    hold = uow.session.get(Hold, hold_id)
    if hold is None or hold.terminal_id != (uow.actor.terminal_id if uow.actor else None):
        raise NotFound(QT_TRANSLATE_NOOP("core", "That hold no longer exists."))
    if hold.status != "active" or hold.expires_at < now():
        raise Conflict(
            QT_TRANSLATE_NOOP(
                "core", "The seats were released because the hold ran out. Choose them again."
            )
        )
    return hold


@service(Perm.TICKETS_SELL, audited=True)
def extend_hold(uow: UnitOfWork, hold_id: str) -> HoldResult:
    """The heartbeat while a cashier works: the hold lives another few minutes."""
    hold = _own_active_hold(uow, hold_id)
    hold.expires_at = now() + HOLD_TTL
    uow.session.execute(
        update(SessionSeat)
        .where(
            SessionSeat.session_id == hold.session_id,
            SessionSeat.hold_id == hold.id,
            SessionSeat.state == "held",
        )
        .values(held_until=hold.expires_at)
        .execution_options(synchronize_session=False)
    )
    seat_ids = tuple(
        uow.session.scalars(
            select(SessionSeat.seat_id).where(
                SessionSeat.session_id == hold.session_id, SessionSeat.hold_id == hold.id
            )
        )
    )
    uow.audit("seat.hold_extend", "hold", hold.id)
    return HoldResult(hold.id, hold.session_id, seat_ids, hold.expires_at)


@service(Perm.TICKETS_SELL, audited=True)
def release_hold(uow: UnitOfWork, hold_id: str) -> None:
    """The cashier cancelled: the seats are free again at once."""
    hold = uow.session.get(Hold, hold_id)
    if hold is None or hold.terminal_id != (uow.actor.terminal_id if uow.actor else None):
        raise NotFound(QT_TRANSLATE_NOOP("core", "That hold no longer exists."))
    if hold.status != "active":
        uow.audit("seat.release", "hold", hold.id, {"already": hold.status})
        return
    hold.status = "released"
    freed = list(
        uow.session.scalars(
            select(SessionSeat.seat_id).where(
                SessionSeat.session_id == hold.session_id,
                SessionSeat.hold_id == hold.id,
                SessionSeat.state == "held",
            )
        )
    )
    uow.session.execute(
        update(SessionSeat)
        .where(
            SessionSeat.session_id == hold.session_id,
            SessionSeat.hold_id == hold.id,
            SessionSeat.state == "held",
        )
        .values(state="available", hold_id=None, held_until=None, terminal_id=None)
        .execution_options(synchronize_session=False)
    )
    changes.record(
        uow.session,
        "seats",
        session_id=hold.session_id,
        entity_id=hold.id,
        payload={"released": freed},
    )
    uow.audit("seat.release", "hold", hold.id, {"seats": freed})


@dataclass(frozen=True)
class SaleLine:
    seat_id: str | None  # None: a general-admission place
    ticket_type_id: str
    zone_id: str | None = None  # for general admission: which zone's price


@dataclass(frozen=True)
class PaymentLine:
    method: str
    amount_fen: int
    reference: str = ""


def _price(uow: UnitOfWork, zone: PriceZone | None, ticket_type: TicketType) -> int:
    if zone is None:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "A seat has no price zone."))
    if ticket_type.is_comp:
        if Perm.SALES_COMP.value not in user_permissions(uow.user):
            raise PermissionDenied(
                QT_TRANSLATE_NOOP("core", "You do not have the permission “{permission}”."),
                permission=Perm.SALES_COMP.value,
            )
        return 0
    return percent_of(zone.price_fen, ticket_type.percent)


@service(Perm.TICKETS_SELL, audited=True, idempotency_key="order_id")
def sell(
    uow: UnitOfWork,
    *,
    order_id: str,
    number: str,
    session_id: SessionId,
    hold_id: str | None,
    lines: list[SaleLine],
    payments: list[PaymentLine],
) -> dict[str, Any]:
    """Sell tickets: the seats of a live hold and/or general-admission places,
    paid in full. ``order_id`` (a UUIDv7 minted by the terminal) is the
    idempotency key: the same sale sent twice is one sale.

    Seats leased to the selling window need no hold (``hold_id`` may be None):
    that is how its offline sales arrive through the outbox. Nobody else can
    sell them. The window's leased general-admission places are used first."""
    if not is_uuid7(order_id):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "An order id must be a UUIDv7."))
    if not number.strip() or len(number) > 32:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "An order needs a number of 1 to 32 characters.")
        )
    if not lines:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "An order needs at least one ticket."))
    if uow.session.scalar(select(SaleOrder.id).where(SaleOrder.number == number.strip())):
        # A clear refusal the outbox parks, not a database error it would retry forever.
        raise Conflict(
            QT_TRANSLATE_NOOP("core", "The order number {number} is already used."),
            number=number.strip(),
        )
    show_session = _sellable_session(uow.session, session_id)
    moment = now()
    zones = {z.id: z for z in show_session.zones}
    types = {t.id: t for t in uow.session.scalars(select(TicketType).where(TicketType.enabled))}
    terminal_id = uow.actor.terminal_id if uow.actor else None
    seats = _seats_to_sell(uow, session_id, hold_id, lines, terminal_id, moment)
    order = SaleOrder(
        id=order_id,
        number=number.strip(),
        terminal_id=terminal_id or "",
        user_id=uow.user.id,
        created_at=moment,
        total_fen=0,
    )
    uow.session.add(order)
    total = 0
    general = 0
    for line in lines:
        ticket_type = types.get(line.ticket_type_id)
        if ticket_type is None:
            raise ValidationError(QT_TRANSLATE_NOOP("core", "That ticket type cannot be sold."))
        if line.seat_id is not None:
            seat = seats[line.seat_id]
            zone = zones.get(seat.zone_id or "")
            label = seat.label
        else:
            general += 1
            zone = (
                zones.get(line.zone_id or "")
                if line.zone_id
                else (show_session.zones[0] if show_session.zones else None)
            )
            label = ""
        price = _price(uow, zone, ticket_type)
        total += price
        ticket = Ticket(
            id=new_id(),  # known now, so the order needs one flush, not one per ticket
            order_id=order_id,
            session_id=session_id,
            seat_id=line.seat_id,
            seat_label=label,
            zone_id=zone.id if zone else None,
            ticket_type_id=ticket_type.id,
            price_fen=price,
        )
        uow.session.add(ticket)
        if line.seat_id is not None:
            seat = seats[line.seat_id]
            seat.state, seat.ticket_id, seat.held_until = "sold", ticket.id, None
    if general:
        _check_quota(uow.session, show_session, general, terminal_id)
    _check_payments(payments, total)
    for payment in payments:
        uow.session.add(
            Payment(
                order_id=order_id,
                method=payment.method,
                amount_fen=payment.amount_fen,
                reference=payment.reference.strip(),
            )
        )
    order.total_fen = total
    uow.session.flush()
    sold = sorted(seats)
    freed = _free_rest_of_hold(uow.session, session_id, hold_id)
    if sold or freed:
        payload: dict[str, Any] = {"sold": sold}
        if freed:
            payload["released"] = freed
        changes.record(
            uow.session, "seats", session_id=session_id, entity_id=order_id, payload=payload
        )
    uow.audit(
        "ticket.sell",
        "order",
        order_id,
        {"number": order.number, "total_fen": total, "seats": sold, "general": general},
    )
    return receipt(order)


def _seats_to_sell(
    uow: UnitOfWork,
    session_id: str,
    hold_id: str | None,
    lines: list[SaleLine],
    terminal_id: str | None,
    moment: datetime,
) -> dict[str, SessionSeat]:
    """The seats an order sells: those leased to the selling window (no hold
    needed: it may have sold them offline), the rest from its live hold."""
    wanted = [line.seat_id for line in lines if line.seat_id is not None]
    if not wanted:
        return {}
    if len(set(wanted)) != len(wanted):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "A seat appears twice in the order."))
    seats: dict[str, SessionSeat] = {}
    if terminal_id:
        seats = {
            s.seat_id: s
            for s in uow.session.scalars(
                select(SessionSeat)
                .where(
                    SessionSeat.session_id == session_id,
                    SessionSeat.seat_id.in_(wanted),
                    SessionSeat.state == "leased",
                    SessionSeat.terminal_id == terminal_id,
                )
                .with_for_update()
            )
        }
    rest = [seat_id for seat_id in wanted if seat_id not in seats]
    if not rest:
        return seats
    if hold_id is None:
        # Taken (e.g. leased to another window, or given back and sold since): say by whom.
        if taken := _who_has(uow.session, session_id, rest, "", moment, lessee=terminal_id):
            raise SeatsUnavailable(taken)
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Reserved seats are sold from a hold."))
    hold = _own_active_hold(uow, hold_id)
    if hold.session_id != session_id:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "The hold is for another session."))
    held = {
        s.seat_id: s
        for s in uow.session.scalars(
            select(SessionSeat).where(
                SessionSeat.session_id == session_id,
                SessionSeat.seat_id.in_(rest),
                SessionSeat.hold_id == hold.id,
                SessionSeat.state == "held",
            )
        )
    }
    if len(held) != len(rest):
        raise SeatsUnavailable(_who_has(uow.session, session_id, rest, hold.id, moment))
    hold.status = "consumed"
    return seats | held


def general_places_sold(session: OrmSession, session_id: str) -> int:
    """Valid general-admission tickets of a session (flushed ones included)."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(Ticket)
            .where(
                Ticket.session_id == session_id,
                Ticket.seat_id.is_(None),
                Ticket.status == "valid",
            )
        )
        or 0
    )


def general_places_leased(session: OrmSession, session_id: str) -> int:
    """General-admission places of a session set aside for windows and still unsold."""
    return int(
        session.scalar(
            select(func.coalesce(func.sum(QuotaLease.places), 0)).where(
                QuotaLease.session_id == session_id
            )
        )
        or 0
    )


def lock_session(session: OrmSession, session_id: str) -> None:
    """Changes to one session's general-admission places count one after the
    other (a no-op on SQLite, where writers are serialized anyway)."""
    session.execute(select(Session.id).where(Session.id == session_id).with_for_update())


def _free_rest_of_hold(session: OrmSession, session_id: str, hold_id: str | None) -> list[str]:
    """A sale of some of a hold's seats uses the hold up; its other seats go back
    at once instead of staying blocked until the hold would have run out."""
    if hold_id is None:
        return []
    rest = list(
        session.scalars(
            select(SessionSeat.seat_id).where(
                SessionSeat.session_id == session_id,
                SessionSeat.hold_id == hold_id,
                SessionSeat.state == "held",
            )
        )
    )
    if rest:
        session.execute(
            update(SessionSeat)
            .where(
                SessionSeat.session_id == session_id,
                SessionSeat.hold_id == hold_id,
                SessionSeat.state == "held",
            )
            .values(state="available", hold_id=None, held_until=None, terminal_id=None)
            .execution_options(synchronize_session=False)
        )
    return sorted(rest)


def _check_quota(
    session: OrmSession, show_session: Session, wanted: int, terminal_id: str | None
) -> None:
    """Places sold plus places leased to windows stay within the hall's capacity.
    The selling window's own leased places are used up first."""
    lock_session(session, show_session.id)
    hall = session.get(Hall, show_session.hall_id)
    own = session.get(QuotaLease, (show_session.id, terminal_id)) if terminal_id else None
    if own is not None and own.places:
        own.places -= min(own.places, wanted)
        own.updated_at = now()
        session.flush()
    sold = general_places_sold(session, show_session.id)  # includes the ones just added
    leased = general_places_leased(session, show_session.id)
    capacity = hall.capacity if hall else 0
    if sold + leased > capacity:
        others = leased - (own.places if own is not None else 0)  # other windows' places
        raise Conflict(
            QT_TRANSLATE_NOOP("core", "Only {left} places are left for this session."),
            left=max(0, capacity - (sold - wanted) - others),
        )


def _check_payments(payments: list[PaymentLine], total: int) -> None:
    for payment in payments:
        if payment.method not in PAYMENT_METHODS:
            raise ValidationError(
                QT_TRANSLATE_NOOP("core", "Unknown payment method “{method}”."),
                method=payment.method,
            )
        if not 0 < payment.amount_fen <= MAX_FEN:
            raise ValidationError(QT_TRANSLATE_NOOP("core", "A payment must be a positive amount."))
    paid = sum(p.amount_fen for p in payments)
    if paid != total:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Payments add up to {paid} but the order is {total}."),
            paid=format_fen(paid),
            total=format_fen(total),
        )


def receipt(order: SaleOrder) -> dict[str, Any]:
    """The sale as the terminal records it (JSON-ready; replayed verbatim)."""
    return {
        "order_id": order.id,
        "number": order.number,
        "total_fen": order.total_fen,
        "created_at": order.created_at.isoformat(),
        "tickets": [
            {
                "ticket_id": t.id,
                "seat_id": t.seat_id,
                "label": t.seat_label,
                "zone_id": t.zone_id,
                "ticket_type_id": t.ticket_type_id,
                "price_fen": t.price_fen,
            }
            for t in sorted(order.tickets, key=lambda t: (t.seat_label, t.id))
        ],
        "payments": [
            {"method": p.method, "amount_fen": p.amount_fen, "reference": p.reference}
            for p in order.payments
        ],
    }


@service(Perm.SESSIONS_VIEW, audited=False)
def list_session_seats(uow: UnitOfWork, session_id: SessionId) -> list[SeatRow]:
    moment = now()
    return [
        SeatRow(
            s.seat_id,
            s.label,
            s.row,
            s.col,
            s.zone_id,
            s.accessible,
            _seat_state(s, moment),
            s.terminal_id if _seat_state(s, moment) in ("held", "leased") else None,
        )
        for s in uow.session.scalars(
            select(SessionSeat)
            .where(SessionSeat.session_id == session_id)
            .order_by(SessionSeat.row, SessionSeat.col)
        )
    ]


def add_grid_seats(
    session: OrmSession, show_session: Session, rows: int, cols: int, zones_by_row: list[str | None]
) -> int:
    """Seats for a session from a plain grid ("{row}排{seat}号"), until the seat-map
    designer gives halls real layouts. ``zones_by_row[r]`` is the zone id of row r."""
    for r in range(1, rows + 1):
        for c in range(1, cols + 1):
            session.add(
                SessionSeat(
                    session_id=show_session.id,
                    seat_id=f"r{r}c{c}",
                    label=f"{r}排{c}号",
                    row=r,
                    col=c,
                    zone_id=zones_by_row[r - 1],
                    accessible=(r == rows and c <= 2),
                )
            )
    return rows * cols
