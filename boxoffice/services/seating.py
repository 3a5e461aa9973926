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

import contextlib
import functools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol, cast

from sqlalchemy import (
    CursorResult,
    and_,
    bindparam,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session as OrmSession

from ..clock import now
from ..db.models import (
    Hall,
    Hold,
    IdempotencyRecord,
    Payment,
    PriceZone,
    QuotaLease,
    SaleOrder,
    Session,
    SessionSeat,
    Shift,
    Terminal,
    Ticket,
    TicketType,
    table_of,
    user_role,
)
from ..db.pipeline import Query, read_together
from ..db.store import Store
from ..errors import BoxOfficeError, Conflict, NotFound, PermissionDenied, ValidationError
from ..i18n import QT_TRANSLATE_NOOP
from ..ids import SessionId, is_uuid7, new_id
from ..money import MAX_FEN, format_fen, percent_of
from ..permissions import Perm
from . import changes, idempotency, sellers
from .base import Actor, UnitOfWork, record_denial, service

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


_STATUS = select(Session.status).where(Session.id == bindparam("b_session"))


def _check_on_sale(session: OrmSession, session_id: str) -> None:
    """As :func:`_sellable_session`, reading only the status."""
    status = session.connection().scalar(_STATUS, {"b_session": session_id})
    if status is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That session no longer exists."))
    if status != "on_sale":
        raise Conflict(QT_TRANSLATE_NOOP("core", "This session is not on sale."))


_TAKE = (
    update(table_of(SessionSeat))
    .where(
        table_of(SessionSeat).c.session_id == bindparam("b_session"),
        table_of(SessionSeat).c.seat_id.in_(bindparam("b_seats", expanding=True)),
        or_(
            table_of(SessionSeat).c.state == "available",
            and_(
                table_of(SessionSeat).c.state == "held",
                table_of(SessionSeat).c.held_until < bindparam("b_moment"),
            ),
            and_(
                table_of(SessionSeat).c.state == "held",
                table_of(SessionSeat).c.terminal_id == bindparam("b_terminal"),
            ),
        ),
    )
    .values(
        state="held",
        hold_id=bindparam("b_hold"),
        held_until=bindparam("b_until"),
        terminal_id=bindparam("b_terminal"),
    )
)
"""Hold the seats that are free (as :func:`_free` says, for the window asking), built once."""


def _take(uow: UnitOfWork, session_id: str, seat_ids: list[str], moment: datetime) -> HoldResult:
    terminal_id = uow.actor.terminal_id if uow.actor else None
    if not terminal_id:
        raise PermissionDenied(
            QT_TRANSLATE_NOOP("core", "This device is not a registered terminal.")
        )
    hold_id, expires = new_id(), moment + HOLD_TTL
    conn = uow.session.connection()
    conn.execute(
        _INSERT_HOLD,
        dict(
            id=hold_id,
            session_id=session_id,
            terminal_id=terminal_id,
            user_id=uow.actor.user_id if uow.actor else "",
            created_at=moment,
            expires_at=expires,
            status="active",
        ),
    )
    taken = cast(
        CursorResult[Any],
        conn.execute(
            _TAKE,
            {
                "b_session": session_id,
                "b_seats": seat_ids,
                "b_moment": moment,
                "b_terminal": terminal_id,
                "b_hold": hold_id,
                "b_until": expires,
            },
        ),
    ).rowcount
    if taken != len(seat_ids):
        raise SeatsUnavailable(_who_has(uow.session, session_id, seat_ids, hold_id, moment))
    return _held(
        uow.session, HoldResult(hold_id, session_id, tuple(seat_ids), expires), terminal_id
    )


def _held(session: OrmSession, hold: HoldResult, terminal_id: str) -> HoldResult:
    """Tell the other windows (the change feed) that ``hold`` took its seats."""
    changes.record(
        session,
        "seats",
        session_id=hold.session_id,
        entity_id=hold.hold_id,
        payload={"held": list(hold.seat_ids), "terminal_id": terminal_id},
    )
    return hold


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


class _Holds:
    """Several windows' holds in one transaction (a group commit): each checked
    against the seats as read, locked, and as the holds before it in the
    transaction took them; then all written in two statements. A refused hold
    changes nothing, so the others are unaffected."""

    def __init__(self, session: OrmSession, calls: list[dict[str, Any]]) -> None:
        self.session = session
        self.moment = now()
        self._status: dict[str, str | None] = {}
        self._seats: dict[tuple[str, str], _Seat] = {}
        self._holds: list[dict[str, Any]] = []
        self._taken: list[dict[str, Any]] = []
        wanted: dict[str, set[str]] = {}
        for kwargs in calls:  # read every seat asked for at once; add() checks the request
            session_id, seat_ids = kwargs.get("session_id"), kwargs.get("seat_ids")
            if isinstance(session_id, str) and isinstance(seat_ids, list):
                wanted.setdefault(session_id, set()).update(
                    s for s in seat_ids[:MAX_SEATS_PER_HOLD] if isinstance(s, str)
                )
        # Every session's status, the seats asked for and the names of the
        # windows that have any of them (a refusal names them), in one round trip.
        self._names: dict[str, str] = {}
        reads: list[Query] = []
        for s in sorted(wanted):
            asked = {"b_session": s, "b_seats": sorted(wanted[s])}
            reads += [(_STATUS, {"b_session": s}), (_SEATS_TO_HOLD, asked), (_HOLDERS, asked)]
        found = iter(read_together(session.connection(), reads))
        for session_id in sorted(wanted):
            status, rows, holders = next(found), next(found), next(found)
            self._status[session_id] = status[0][0] if status else None
            for row in rows:
                self._seats[(session_id, row.seat_id)] = _Seat(*row)
            self._names.update((row.id, row.name) for row in holders)

    def _check_on_sale(self, session_id: str) -> None:
        if session_id not in self._status:
            self._status[session_id] = self.session.connection().scalar(
                _STATUS, {"b_session": session_id}
            )
        status = self._status[session_id]
        if status is None:
            raise NotFound(QT_TRANSLATE_NOOP("core", "That session no longer exists."))
        if status != "on_sale":
            raise Conflict(QT_TRANSLATE_NOOP("core", "This session is not on sale."))

    def _rows(self, session_id: str, seat_ids: list[str]) -> dict[str, _Seat]:
        if unknown := [s for s in seat_ids if (session_id, s) not in self._seats]:
            for row in self.session.connection().execute(
                _SEATS_TO_HOLD, {"b_session": session_id, "b_seats": unknown}
            ):
                self._seats[(session_id, row.seat_id)] = _Seat(*row)
        return {s: self._seats[(session_id, s)] for s in seat_ids if (session_id, s) in self._seats}

    def add(self, uow: UnitOfWork, kwargs: dict[str, Any]) -> HoldResult:
        session_id = str(kwargs["session_id"])
        seat_ids = _check_seat_ids(kwargs["seat_ids"])
        self._check_on_sale(session_id)
        terminal_id = uow.actor.terminal_id if uow.actor else None
        if not terminal_id:
            raise PermissionDenied(
                QT_TRANSLATE_NOOP("core", "This device is not a registered terminal.")
            )
        rows = self._rows(session_id, seat_ids)
        if missing := [s for s in seat_ids if s not in rows]:
            raise NotFound(
                QT_TRANSLATE_NOOP("core", "No such seat in this session: {seats}."),
                seats="、".join(missing),
            )
        if taken := [rows[s] for s in seat_ids if not _free_for(rows[s], self.moment, terminal_id)]:
            raise SeatsUnavailable(_taken_seats(self.session, taken, self._names))
        hold_id, expires = new_id(), self.moment + HOLD_TTL
        if uow.actor is not None:  # the holder a later refusal in this group names
            self._names[terminal_id] = uow.actor.terminal_name
        self._holds.append(
            {
                "id": hold_id,
                "session_id": session_id,
                "terminal_id": terminal_id,
                "user_id": uow.actor.user_id if uow.actor else "",
                "created_at": self.moment,
                "expires_at": expires,
                "status": "active",
            }
        )
        for seat_id in seat_ids:
            seat = rows[seat_id]
            seat.state, seat.hold_id, seat.held_until, seat.terminal_id = (
                "held",
                hold_id,
                expires,
                terminal_id,
            )
            self._taken.append(
                {
                    "b_session": session_id,
                    "b_seat": seat_id,
                    "b_hold": hold_id,
                    "b_until": expires,
                    "b_terminal": terminal_id,
                }
            )
        uow.audit("seat.hold", "hold", hold_id, {"session_id": session_id, "seats": seat_ids})
        return _held(
            self.session, HoldResult(hold_id, session_id, tuple(seat_ids), expires), terminal_id
        )

    def write(self) -> None:
        if self._holds:
            conn = self.session.connection()
            conn.execute(_INSERT_HOLD, self._holds)
            conn.execute(_SEAT_HELD, self._taken)
        self._holds, self._taken = [], []


def _free_for(seat: _Seat, moment: datetime, terminal_id: str) -> bool:
    """As :func:`_free` says, for a seat read into memory."""
    return seat.state == "available" or (
        seat.state == "held"
        and (
            (seat.held_until is not None and seat.held_until < moment)
            or seat.terminal_id == terminal_id
        )
    )


def _taken_seats(
    session: OrmSession, seats: list[_Seat], known: dict[str, str] | None = None
) -> list[TakenSeat]:
    """A conflict's answer: these seats, their state and who has them (the
    names ``known`` already, the others read)."""
    known = known or {}
    holders = {s.terminal_id for s in seats if s.terminal_id}
    names = known | _terminal_names(session, holders - set(known))
    return [
        TakenSeat(s.seat_id, s.label, s.state, names.get(s.terminal_id or "", "")) for s in seats
    ]


@service(Perm.TICKETS_SELL, audited=True, batch=_Holds)
def hold_seats(uow: UnitOfWork, session_id: SessionId, seat_ids: list[str]) -> HoldResult:
    """Hold every seat asked for, or none (naming the seats taken and by which window)."""
    seats = _check_seat_ids(seat_ids)
    _check_on_sale(uow.session, session_id)
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


def _price(permissions: frozenset[str], zone: _Zone | None, ticket_type: _Type) -> int:
    if zone is None:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "A seat has no price zone."))
    if ticket_type.is_comp:
        if Perm.SALES_COMP.value not in permissions:
            raise PermissionDenied(
                QT_TRANSLATE_NOOP("core", "You do not have the permission “{permission}”."),
                permission=Perm.SALES_COMP.value,
            )
        return 0
    return percent_of(zone.price_fen, ticket_type.percent)


@dataclass(frozen=True)
class Order:
    """One sale as a terminal sends it (the arguments of :func:`sell`).

    ``seller_id``: the member of staff who made the sale, when someone else
    sends it (a sale queued offline, sent by whoever is logged in when the
    outbox drains); None means the sender."""

    order_id: str
    number: str
    session_id: str
    hold_id: str | None
    lines: tuple[SaleLine, ...]
    payments: tuple[PaymentLine, ...]
    seller_id: str | None = None
    shift_id: str | None = None  # the window's open shift (the API may sell without one)
    phone: str | None = None  # the customer's, to find the order again
    note: str | None = None  # why: needed with a comp or a manual discount
    discount_fen: int | None = None  # a manual discount off the order's total
    # Not from a request: the value of tickets given back in an exchange,
    # which pays (up to) this much of the new order (``orders.exchange_tickets``).
    exchange_credit_fen: int = 0

    @classmethod
    def of(cls, body: dict[str, Any]) -> Order:
        """From an order body as the API and the outbox carry it."""
        return cls(
            body["order_id"],
            body["number"],
            body["session_id"],
            body.get("hold_id"),
            tuple(
                SaleLine(x.get("seat_id"), x["ticket_type_id"], x.get("zone_id"))
                for x in body["lines"]
            ),
            tuple(
                PaymentLine(p["method"], p["amount_fen"], p.get("reference", ""))
                for p in body.get("payments", [])
            ),
            body.get("seller_id"),
            body.get("shift_id"),
            body.get("phone"),
            body.get("note"),
            body.get("discount_fen"),
        )

    def request(self) -> dict[str, Any]:
        """What the idempotency record's hash covers: the keyword arguments of
        :func:`sell`, so a sale sent alone or in a batch is the same request."""
        request: dict[str, Any] = {
            "order_id": self.order_id,
            "number": self.number,
            "session_id": self.session_id,
            "hold_id": self.hold_id,
            "lines": list(self.lines),
            "payments": list(self.payments),
        }
        # Arguments added after keys were first recorded count only when given,
        # as ``service(optional=…)`` hashes them, so old keys still replay.
        for name in ("seller_id", "shift_id", "phone", "note", "discount_fen"):
            if getattr(self, name) is not None:
                request[name] = getattr(self, name)
        return request


@dataclass(frozen=True)
class _Zone:
    id: str
    price_fen: int


@dataclass(frozen=True)
class _Type:
    id: str
    percent: int
    is_comp: bool
    roles: frozenset[str] = frozenset()  # 售票设置: empty means any role
    terminals: frozenset[str] = frozenset()  # empty means any terminal


@dataclass(frozen=True)
class _ShowSession:
    id: str
    status: str
    capacity: int
    zones: tuple[_Zone, ...]  # in the session's order


@dataclass
class _Seat:
    """A seat of a session as this request sees it: as read, then as changed by
    the sales planned before (written at the end)."""

    seat_id: str
    label: str
    zone_id: str | None
    state: str
    hold_id: str | None
    held_until: datetime | None
    terminal_id: str | None


@dataclass
class _Quota:
    """A general-admission session's places, locked for this transaction."""

    capacity: int
    sold: int
    leased: int  # all windows' unsold leased places
    # Each selling window's lease (None: it has none), as read or changed by
    # the sales before: a group commit sells for several windows at once.
    own: dict[str, int | None]


@dataclass
class _Sale:
    receipt: dict[str, Any]
    order: dict[str, Any]
    tickets: list[dict[str, Any]]
    payments: list[dict[str, Any]]
    sold: list[tuple[str, str, str]]  # session, seat, ticket
    freed: list[tuple[str, str]]  # session, seat
    hold_id: str | None  # consumed
    quota: tuple[str, _Quota] | None  # the session's places after this sale
    change: dict[str, Any] | None


_SEATS = table_of(SessionSeat)
_INSERT_ORDER = insert(table_of(SaleOrder))
_INSERT_TICKET = insert(table_of(Ticket))
_INSERT_PAYMENT = insert(table_of(Payment))
_SEAT_SOLD = (
    update(_SEATS)
    .where(_SEATS.c.session_id == bindparam("b_session"), _SEATS.c.seat_id == bindparam("b_seat"))
    .values(state="sold", ticket_id=bindparam("b_ticket"), held_until=None)
)
_SEAT_FREED = (
    update(_SEATS)
    .where(_SEATS.c.session_id == bindparam("b_session"), _SEATS.c.seat_id == bindparam("b_seat"))
    .values(state="available", hold_id=None, held_until=None, terminal_id=None)
)
_HOLD_USED = (
    update(table_of(Hold))
    .where(table_of(Hold).c.id == bindparam("b_hold"))
    .values(status="consumed")
)
_INSERT_HOLD = insert(table_of(Hold))
_SEAT_COLUMNS = (
    _SEATS.c.seat_id,
    _SEATS.c.label,
    _SEATS.c.zone_id,
    _SEATS.c.state,
    _SEATS.c.hold_id,
    _SEATS.c.held_until,
    _SEATS.c.terminal_id,
)
"""A seat as a hold or a sale reads it (:class:`_Seat`)."""
_SEATS_TO_HOLD = (
    select(*_SEAT_COLUMNS)
    .where(
        _SEATS.c.session_id == bindparam("b_session"),
        _SEATS.c.seat_id.in_(bindparam("b_seats", expanding=True)),
    )
    .with_for_update()
)
_HOLDERS = (
    select(Terminal.id, Terminal.name)
    .select_from(_SEATS)
    .join(Terminal, Terminal.id == _SEATS.c.terminal_id)
    .where(
        _SEATS.c.session_id == bindparam("b_session"),
        _SEATS.c.seat_id.in_(bindparam("b_seats", expanding=True)),
    )
    .distinct()
)
"""The windows that have any of these seats (held or leased), by name."""
_SEAT_HELD = (
    update(_SEATS)
    .where(_SEATS.c.session_id == bindparam("b_session"), _SEATS.c.seat_id == bindparam("b_seat"))
    .values(
        state="held",
        hold_id=bindparam("b_hold"),
        held_until=bindparam("b_until"),
        terminal_id=bindparam("b_terminal"),
    )
)


_READ_ONCE = "seating.read_once"


_SHOW_SESSION = (
    select(Session.status, Hall.capacity, PriceZone.id, PriceZone.price_fen)
    .select_from(Session)
    .join(Hall, Hall.id == Session.hall_id)
    .outerjoin(PriceZone, PriceZone.session_id == Session.id)
    .where(Session.id == bindparam("b_session"))
    .order_by(PriceZone.sort_order, PriceZone.id)
)
_TICKET_TYPES = select(
    TicketType.id,
    TicketType.percent,
    TicketType.is_comp,
    TicketType.sell_roles,
    TicketType.sell_terminals,
).where(TicketType.enabled)
_HOLDS_OF_SALES = select(
    Hold.id, Hold.session_id, Hold.terminal_id, Hold.status, Hold.expires_at
).where(Hold.id.in_(bindparam("b_holds", expanding=True)))
_NUMBERS_USED = select(SaleOrder.number).where(
    SaleOrder.number.in_(bindparam("b_numbers", expanding=True))
)
# Each side of the OR names exactly one index (the primary key; the hold's), or
# the database reads every seat of the session: SQLite always, PostgreSQL when
# its statistics predate the session's seats (a session on sale the day it is
# made), 0.8 ms against 0.07 for a 60 x 60 hall. Hence no session on the holds'
# side: its seats' session is checked after the read.
_SEATS_OF_SALES = (
    select(*_SEAT_COLUMNS, _SEATS.c.session_id)
    .where(
        or_(
            and_(
                _SEATS.c.session_id == bindparam("b_session"),
                _SEATS.c.seat_id.in_(bindparam("b_seats", expanding=True)),
            ),
            _SEATS.c.hold_id.in_(bindparam("b_holds", expanding=True)),
        )
    )
    .with_for_update()
)


class _HoldRow(Protocol):
    """The hold a sale uses up, as :data:`_HOLDS_OF_SALES` reads it."""

    @property
    def id(self) -> str: ...
    @property
    def session_id(self) -> str: ...
    @property
    def terminal_id(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def expires_at(self) -> datetime: ...


@dataclass
class _ReadOnce:
    """What the sales of one transaction read once: sessions with their zones,
    ticket types, the roles of sellers."""

    sessions: dict[str, _ShowSession | None] = field(default_factory=dict)
    types: dict[str, _Type] | None = None
    roles: dict[str, frozenset[str]] = field(default_factory=dict)


class Sales:
    """Sales of one transaction (one, or a batch), checked one after the other
    as if each were alone, and written together at the end (:meth:`write`).

    Every check reads the store as it is plus what the sales before it in this
    transaction changed (seats, holds, places, order numbers); a refused sale
    changes nothing, so the others are unaffected. Reads of a session, its
    zones, the ticket types and a session's places happen once per transaction."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.session = uow.session
        self.terminal_id = uow.actor.terminal_id if uow.actor else None
        self.moment = now()
        # Read once per transaction, not per sale: in a group commit several
        # callers' sales share one transaction (and none of them changes these).
        once: _ReadOnce = self.session.info.setdefault(_READ_ONCE, _ReadOnce())
        self._once = once
        self._sessions = once.sessions
        self._sellers: dict[tuple[str, str, str], Actor | PermissionDenied] = {}
        self._numbers_known: set[str] = set()  # looked up in the store
        self._numbers_taken: set[str] = set()  # in the store or sold in this transaction
        self._seats: dict[tuple[str, str], _Seat] = {}
        self._holds_used: set[str] = set()
        self._hold_rows: dict[str, _HoldRow] = {}  # read (and locked) in this transaction
        self._holds_read: set[tuple[str, str]] = set()  # every seat of these holds is read
        self._quotas: dict[str, _Quota] = {}
        self._roles = once.roles
        self._shifts: dict[str, Shift | None] = {}
        self._done: list[_Sale] = []

    def use(self, uow: UnitOfWork) -> None:
        """The sales added next are this caller's (a group commit plans several
        callers' sales in one transaction, against the seats, places and order
        numbers as the ones before left them)."""
        self.uow = uow
        self.terminal_id = uow.actor.terminal_id if uow.actor else None

    # --- looking things up (once) ---

    def prefetch_numbers(self, numbers: list[str]) -> None:
        """Which of these order numbers the store already has, in one query."""
        if wanted := self._numbers_wanted(numbers):
            self._keep_numbers(wanted, self.session.connection().execute(wanted[0], wanted[1]))

    def _numbers_wanted(self, numbers: list[str]) -> Query | None:
        wanted = {n.strip() for n in numbers if isinstance(n, str)} - self._numbers_known
        return (_NUMBERS_USED, {"b_numbers": sorted(wanted)}) if wanted else None

    def _keep_numbers(self, query: Query, rows: Any) -> None:
        self._numbers_taken.update(row[0] for row in rows)
        self._numbers_known.update(query[1]["b_numbers"])

    def prefetch(self, orders: list[Order]) -> None:
        """Read what these sales will look up (order numbers, holds, seats, their
        sessions and prices, the ticket types): a statement each for all of
        them, not a few for each, and all sent together."""
        reads: list[tuple[Query, Callable[[list[Any]], None]]] = []
        if numbers := self._numbers_wanted([o.number for o in orders]):
            reads.append((numbers, functools.partial(self._keep_numbers, numbers)))
        holds = {o.hold_id for o in orders if isinstance(o.hold_id, str)} - set(self._hold_rows)
        if holds:
            reads.append(((_HOLDS_OF_SALES, {"b_holds": sorted(holds)}), self._keep_holds))
        by_session: dict[str, tuple[set[str], set[str]]] = {}
        for o in orders:
            if not isinstance(o.session_id, str):
                continue
            seats, of_holds = by_session.setdefault(o.session_id, (set(), set()))
            seats.update(x.seat_id for x in o.lines if isinstance(x.seat_id, str))
            if isinstance(o.hold_id, str):
                of_holds.add(o.hold_id)
        keep: Callable[[list[Any]], None]
        for session_id, (seats, of_holds) in sorted(by_session.items()):
            if seats_read := self._seats_wanted(session_id, sorted(seats), sorted(of_holds)):
                keep = functools.partial(self._keep_seats, session_id, seats_read)
                reads.append((seats_read, keep))
            if session_id not in self._sessions:
                keep = functools.partial(self._keep_session, session_id)
                reads.append(((_SHOW_SESSION, {"b_session": session_id}), keep))
        if self._once.types is None:
            reads.append(((_TICKET_TYPES, {}), self._keep_types))
        found = read_together(self.session.connection(), [query for query, _ in reads])
        for (_, keep), rows in zip(reads, found, strict=True):
            keep(rows)

    def _keep_holds(self, rows: list[Any]) -> None:
        for hold in rows:
            self._hold_rows[hold.id] = hold

    def _read_seats(self, session_id: str, seat_ids: list[str], holds: list[str]) -> None:
        """Read (and lock) these seats and every seat of these holds. What this
        transaction changed before stands over what the store says."""
        if query := self._seats_wanted(session_id, seat_ids, holds):
            self._keep_seats(
                session_id, query, self.session.connection().execute(query[0], query[1])
            )

    def _seats_wanted(self, session_id: str, seat_ids: list[str], holds: list[str]) -> Query | None:
        seat_ids = [s for s in seat_ids if (session_id, s) not in self._seats]
        holds = [h for h in holds if (session_id, h) not in self._holds_read]
        if not seat_ids and not holds:
            return None
        return (_SEATS_OF_SALES, {"b_session": session_id, "b_seats": seat_ids, "b_holds": holds})

    def _keep_seats(self, session_id: str, query: Query, rows: Any) -> None:
        for *seat, of_session in rows:
            if of_session == session_id:  # a hold named with another session's seats
                self._seats.setdefault((session_id, seat[0]), _Seat(*seat))
        self._holds_read.update((session_id, h) for h in query[1]["b_holds"])

    def _number_taken(self, number: str) -> bool:
        self.prefetch_numbers([number])
        return number in self._numbers_taken

    def _show_session(self, session_id: str) -> _ShowSession:
        if session_id not in self._sessions:
            rows = self.session.connection().execute(_SHOW_SESSION, {"b_session": session_id})
            self._keep_session(session_id, rows.all())
        found = self._sessions[session_id]
        if found is None:
            raise NotFound(QT_TRANSLATE_NOOP("core", "That session no longer exists."))
        if found.status != "on_sale":
            raise Conflict(QT_TRANSLATE_NOOP("core", "This session is not on sale."))
        return found

    def _keep_session(self, session_id: str, rows: Sequence[Any]) -> None:
        self._sessions[session_id] = (
            _ShowSession(
                session_id,
                rows[0][0],
                rows[0][1] or 0,
                tuple(_Zone(r[2], r[3]) for r in rows if r[2] is not None),
            )
            if rows
            else None
        )

    def _ticket_types(self) -> dict[str, _Type]:
        if self._once.types is None:
            self._keep_types(list(self.session.connection().execute(_TICKET_TYPES)))
        assert self._once.types is not None
        return self._once.types

    def _keep_types(self, rows: list[Any]) -> None:
        self._once.types = {
            r.id: _Type(
                r.id,
                r.percent,
                r.is_comp,
                frozenset(json.loads(r.sell_roles or "[]")),
                frozenset(json.loads(r.sell_terminals or "[]")),
            )
            for r in rows
        }

    def _role_ids(self, user_id: str) -> frozenset[str]:
        if user_id not in self._roles:
            self._roles[user_id] = frozenset(
                self.session.scalars(
                    select(user_role.c.role_id).where(user_role.c.user_id == user_id)
                )
            )
        return self._roles[user_id]

    def _may_sell_type(self, ticket_type: _Type, seller: Actor | None) -> bool:
        """The venue's 售票设置: a ticket type limited to some roles or
        terminals is sold only by those."""
        if ticket_type.terminals and (self.terminal_id or "") not in ticket_type.terminals:
            return False
        if ticket_type.roles:
            return seller is not None and bool(self._role_ids(seller.user_id) & ticket_type.roles)
        return True

    def _check_shift(self, order: Order, seller: Actor | None) -> None:
        """A window's sale belongs to the seller's open shift at this terminal."""
        if order.shift_id is None:
            return
        if order.shift_id not in self._shifts:
            self._shifts[order.shift_id] = self.session.get(Shift, order.shift_id)
        sellers.check_shift(self._shifts[order.shift_id], self.terminal_id, seller)

    def _seller(self, seller_id: str | None) -> tuple[Actor | None, frozenset[str]]:
        """Who made the sale and what they may do: the sender, or the member of
        staff named in the order, who must exist, be enabled and hold tickets.sell."""
        actor = self.uow.actor
        if seller_id is None or (actor is not None and seller_id == actor.user_id):
            return actor, self.uow.permissions
        # The seller acts at the sender's terminal: one entry per sender.
        known = (seller_id, actor.user_id if actor else "", self.terminal_id or "")
        if known not in self._sellers:
            self._sellers[known] = sellers.load_seller(
                self.session, seller_id, actor, Perm.TICKETS_SELL
            )
        found = self._sellers[known]
        if isinstance(found, PermissionDenied):
            raise found
        return found, found.permissions

    def _seat_rows(
        self, session_id: str, seat_ids: list[str], hold_id: str | None
    ) -> dict[str, _Seat]:
        """The seats asked for (and the other seats of ``hold_id``), locked for update."""
        self._read_seats(session_id, seat_ids, [hold_id] if hold_id is not None else [])
        rows = {s: self._seats[(session_id, s)] for s in seat_ids if (session_id, s) in self._seats}
        if hold_id is not None:
            rows |= {
                seat.seat_id: seat
                for (sid, _), seat in self._seats.items()
                if sid == session_id and seat.hold_id == hold_id
            }
        return rows

    def _who_has(
        self,
        rows: dict[str, _Seat],
        seat_ids: list[str],
        own_hold: str,
        *,
        lessee: str | None = None,
    ) -> list[TakenSeat]:
        """As :func:`_who_has`, from the rows read (and changed) in this transaction."""
        missing = [sid for sid in seat_ids if sid not in rows]
        if missing:
            raise NotFound(
                QT_TRANSLATE_NOOP("core", "No such seat in this session: {seats}."),
                seats="、".join(missing),
            )

        def state(seat: _Seat) -> str:
            if (
                seat.state == "held"
                and seat.held_until is not None
                and seat.held_until < self.moment
            ):
                return "available"
            return seat.state

        others = [
            rows[sid]
            for sid in seat_ids
            if rows[sid].hold_id != own_hold
            and state(rows[sid]) != "available"
            and not (
                lessee is not None
                and rows[sid].state == "leased"
                and rows[sid].terminal_id == lessee
            )
        ]
        names = _terminal_names(self.session, {s.terminal_id for s in others if s.terminal_id})
        return [
            TakenSeat(s.seat_id, s.label, state(s), names.get(s.terminal_id or "", ""))
            for s in others
        ]

    def _own_active_hold(self, hold_id: str) -> _HoldRow:
        if hold_id not in self._hold_rows:
            row = self.session.connection().execute(_HOLDS_OF_SALES, {"b_holds": [hold_id]}).first()
            if row is not None:
                self._hold_rows[hold_id] = row
        hold = self._hold_rows.get(hold_id)
        if hold is None or hold.terminal_id != self.terminal_id:
            raise NotFound(QT_TRANSLATE_NOOP("core", "That hold no longer exists."))
        if hold.status != "active" or hold.id in self._holds_used or hold.expires_at < now():
            raise Conflict(
                QT_TRANSLATE_NOOP(
                    "core", "The seats were released because the hold ran out. Choose them again."
                )
            )
        return hold

    def _quota(self, show_session: _ShowSession) -> _Quota:
        quota = self._quotas.get(show_session.id)
        if quota is None:
            lock_session(self.session, show_session.id)
            quota = _Quota(
                show_session.capacity,
                general_places_sold(self.session, show_session.id),
                general_places_leased(self.session, show_session.id),
                {},
            )
            self._quotas[show_session.id] = quota
        window = self.terminal_id or ""
        if window not in quota.own:
            quota.own[window] = (
                self.session.scalar(
                    select(QuotaLease.places).where(
                        QuotaLease.session_id == show_session.id,
                        QuotaLease.terminal_id == window,
                    )
                )
                if window
                else None
            )
        return quota

    # --- planning one sale ---

    def _seats_to_sell(self, order: Order) -> tuple[dict[str, _Seat], str | None, list[str]]:
        """The seats an order sells: those leased to the selling window (no hold
        needed: it may have sold them offline), the rest from its live hold.
        Also the hold it uses up and that hold's other seats (freed by the sale)."""
        wanted = [line.seat_id for line in order.lines if line.seat_id is not None]
        if not wanted:
            return {}, None, []
        if len(set(wanted)) != len(wanted):
            raise ValidationError(QT_TRANSLATE_NOOP("core", "A seat appears twice in the order."))
        rows = self._seat_rows(order.session_id, wanted, order.hold_id)
        terminal_id = self.terminal_id
        seats: dict[str, _Seat] = {}
        if terminal_id:
            seats = {
                sid: rows[sid]
                for sid in wanted
                if sid in rows
                and rows[sid].state == "leased"
                and rows[sid].terminal_id == terminal_id
            }
        rest = [sid for sid in wanted if sid not in seats]
        if not rest:
            return seats, None, []
        if order.hold_id is None:
            # Taken (e.g. leased to another window, or given back and sold since): say by whom.
            if taken := self._who_has(rows, rest, "", lessee=terminal_id):
                raise SeatsUnavailable(taken)
            raise ValidationError(QT_TRANSLATE_NOOP("core", "Reserved seats are sold from a hold."))
        hold = self._own_active_hold(order.hold_id)
        if hold.session_id != order.session_id:
            raise ValidationError(QT_TRANSLATE_NOOP("core", "The hold is for another session."))
        held = {
            sid: rows[sid]
            for sid in rest
            if sid in rows and rows[sid].hold_id == hold.id and rows[sid].state == "held"
        }
        if len(held) != len(rest):
            raise SeatsUnavailable(self._who_has(rows, rest, hold.id))
        sold = set(wanted)
        freed = sorted(
            s.seat_id
            for s in rows.values()
            if s.hold_id == hold.id and s.state == "held" and s.seat_id not in sold
        )
        return seats | held, hold.id, freed

    def add(self, order: Order) -> dict[str, Any]:
        """Check one sale and keep it for :meth:`write`; its receipt. A refusal
        (a ``BoxOfficeError``) leaves this transaction as it was."""
        seller, permissions = self._seller(order.seller_id)
        if not isinstance(order.order_id, str) or not is_uuid7(order.order_id):
            raise ValidationError(QT_TRANSLATE_NOOP("core", "An order id must be a UUIDv7."))
        number = order.number.strip()
        if not number or len(order.number) > 32:
            raise ValidationError(
                QT_TRANSLATE_NOOP("core", "An order needs a number of 1 to 32 characters.")
            )
        if not order.lines:
            raise ValidationError(QT_TRANSLATE_NOOP("core", "An order needs at least one ticket."))
        if self._number_taken(number):
            # A clear refusal the outbox parks, not a database error it would retry forever.
            raise Conflict(
                QT_TRANSLATE_NOOP("core", "The order number {number} is already used."),
                number=number,
            )
        self._check_shift(order, seller)
        phone = _check_phone(order.phone)
        note = (order.note or "").strip()
        if len(note) > 200:
            raise ValidationError(QT_TRANSLATE_NOOP("core", "Keep the note under 200 characters."))
        show_session = self._show_session(order.session_id)
        zones = {z.id: z for z in show_session.zones}
        types = self._ticket_types()
        seats, hold_used, freed = self._seats_to_sell(order)
        tickets: list[dict[str, Any]] = []
        total = 0
        general = 0
        for line in order.lines:
            ticket_type = types.get(line.ticket_type_id)
            if ticket_type is None or not self._may_sell_type(ticket_type, seller):
                raise ValidationError(QT_TRANSLATE_NOOP("core", "That ticket type cannot be sold."))

            zone: _Zone | None
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
            price = _price(permissions, zone, ticket_type)
            if ticket_type.is_comp and not note:
                raise ValidationError(
                    QT_TRANSLATE_NOOP("core", "Give a reason for the complimentary tickets.")
                )
            total += price
            tickets.append(
                {
                    "id": new_id(),
                    "order_id": order.order_id,
                    "session_id": order.session_id,
                    "seat_id": line.seat_id,
                    "seat_label": label,
                    "zone_id": zone.id if zone else None,
                    "ticket_type_id": ticket_type.id,
                    "price_fen": price,
                    # A comp's face value, for the comps on the handover slip.
                    "list_price_fen": zone.price_fen if ticket_type.is_comp and zone else None,
                    "status": "valid",
                }
            )
        discount = order.discount_fen or 0
        if discount:
            _discount(tickets, discount, total, permissions, note)
            total -= discount
        quota = None
        if general:
            quota = (show_session.id, self._after_quota(show_session, general))
        paid = list(order.payments)
        if order.exchange_credit_fen and min(order.exchange_credit_fen, total):
            # An exchange: the tickets given back pay for (up to) the whole new order.
            paid.append(PaymentLine("exchange", min(order.exchange_credit_fen, total), ""))
        check_payments(paid, total, order.exchange_credit_fen)
        sold = sorted(seats)
        change = None
        if sold or freed:
            payload: dict[str, Any] = {"sold": sold}
            if freed:
                payload["released"] = freed
            change = {
                "kind": "seats",
                "session_id": order.session_id,
                "entity_id": order.order_id,
                "payload": payload,
            }
        detail: dict[str, Any] = {
            "number": number,
            "total_fen": total,
            "seats": sold,
            "general": general,
        }
        if discount:
            detail["discount_fen"] = discount
        if note:
            detail["note"] = note
        sender = self.uow.actor
        delegated = seller is not sender
        if delegated and sender is not None:
            detail["sent_by"] = {"user_id": sender.user_id, "login": sender.login}
        seller_id = seller.user_id if seller is not None else ""
        payments = [
            {
                "id": new_id(),
                "order_id": order.order_id,
                "method": p.method,
                "amount_fen": p.amount_fen,
                "reference": p.reference.strip(),
            }
            for p in paid
        ]
        receipt = {
            "order_id": order.order_id,
            "number": number,
            "total_fen": total,
            "created_at": self.moment.isoformat(),
            "shift_id": order.shift_id,
            "discount_fen": discount,
            "tickets": [
                {
                    "ticket_id": t["id"],
                    "seat_id": t["seat_id"],
                    "label": t["seat_label"],
                    "zone_id": t["zone_id"],
                    "ticket_type_id": t["ticket_type_id"],
                    "price_fen": t["price_fen"],
                    "print_no": 1,
                }
                for t in sorted(tickets, key=lambda t: (t["seat_label"], t["id"]))
            ],
            "payments": [
                {"method": p["method"], "amount_fen": p["amount_fen"], "reference": p["reference"]}
                for p in payments
            ],
        }
        self._apply(
            _Sale(
                receipt,
                {
                    "id": order.order_id,
                    "number": number,
                    "terminal_id": self.terminal_id or "",
                    "user_id": seller_id,
                    "created_at": self.moment,
                    "total_fen": total,
                    "status": "paid",
                    "shift_id": order.shift_id,
                    "phone": phone,
                    "note": note,
                    "discount_fen": discount,
                },
                tickets,
                payments,
                [(order.session_id, t["seat_id"], t["id"]) for t in tickets if t["seat_id"]],
                [(order.session_id, s) for s in freed],
                hold_used,
                quota,
                change,
            )
        )
        # Kept by the unit of work until its end, like the writes above.
        self.uow.audit(
            "ticket.sell", "order", order.order_id, detail, by=seller if delegated else None
        )
        return receipt

    def _after_quota(self, show_session: _ShowSession, wanted: int) -> _Quota:
        """Places sold plus places leased to windows stay within the hall's capacity.
        The selling window's own leased places are used up first."""
        quota = self._quota(show_session)
        window = self.terminal_id or ""
        lease = quota.own[window]
        own = lease or 0
        used = min(own, wanted)
        after = _Quota(
            quota.capacity,
            quota.sold + wanted,
            quota.leased - used,
            {**quota.own, window: (own - used) if lease is not None else None},
        )
        if after.sold + after.leased > quota.capacity:
            others = quota.leased - own  # other windows' places
            raise Conflict(
                QT_TRANSLATE_NOOP("core", "Only {left} places are left for this session."),
                left=max(0, quota.capacity - quota.sold - others),
            )
        return after

    def _apply(self, sale: _Sale) -> None:
        self._done.append(sale)
        self._numbers_taken.add(sale.order["number"])
        for session_id, seat_id, _ticket_id in sale.sold:
            seat = self._seats[(session_id, seat_id)]
            seat.state, seat.held_until = "sold", None
        for session_id, seat_id in sale.freed:
            seat = self._seats[(session_id, seat_id)]
            seat.state, seat.hold_id, seat.held_until, seat.terminal_id = (
                "available",
                None,
                None,
                None,
            )
        if sale.hold_id is not None:
            self._holds_used.add(sale.hold_id)
        if sale.quota is not None:
            self._quotas[sale.quota[0]] = sale.quota[1]
        if sale.change is not None:  # a change row, written at the end of the transaction
            changes.record(self.session, **sale.change)

    # --- writing ---

    @property
    def count(self) -> int:
        return len(self._done)

    def write(self) -> None:
        """Write every sale kept: a few statements for all of them, which read
        nothing back (their change rows and audit entries, recorded as each
        sale was added, are written at the end of the transaction)."""
        done = self._done
        if not done:
            return
        session = self.session
        conn = session.connection()  # Core statements: no ORM execution to go through
        conn.execute(_INSERT_ORDER, [s.order for s in done])
        conn.execute(_INSERT_TICKET, [t for s in done for t in s.tickets])
        if payments := [p for s in done for p in s.payments]:
            conn.execute(_INSERT_PAYMENT, payments)
        if sold := [x for s in done for x in s.sold]:
            conn.execute(
                _SEAT_SOLD,
                [
                    {"b_session": session_id, "b_seat": seat_id, "b_ticket": ticket_id}
                    for session_id, seat_id, ticket_id in sold
                ],
            )
        if freed := [x for s in done for x in s.freed]:
            conn.execute(
                _SEAT_FREED,
                [{"b_session": session_id, "b_seat": seat_id} for session_id, seat_id in freed],
            )
        if holds := [s.hold_id for s in done if s.hold_id is not None]:
            conn.execute(_HOLD_USED, [{"b_hold": hold} for hold in holds])
        for session_id, quota in self._quotas.items():
            for window, places in quota.own.items():
                if places is not None and window:
                    conn.execute(
                        update(QuotaLease)
                        .where(
                            QuotaLease.session_id == session_id,
                            QuotaLease.terminal_id == window,
                            QuotaLease.places != places,
                        )
                        .values(places=places, updated_at=self.moment)
                    )
        self._done = []


class _SalesBatch:
    """Several callers' sales in one transaction (a group commit): one
    :class:`Sales`, each sale added as its caller's."""

    def __init__(self, session: OrmSession, calls: list[dict[str, Any]]) -> None:
        self.session = session
        self.sales: Sales | None = None
        self.orders: list[Order] = []
        for kwargs in calls:
            with contextlib.suppress(KeyError, TypeError):  # add() says what is wrong
                self.orders.append(_order_of(kwargs))

    def add(self, uow: UnitOfWork, kwargs: dict[str, Any]) -> dict[str, Any]:
        if self.sales is None:
            self.sales = Sales(uow)
            self.sales.prefetch(self.orders)
        self.sales.use(uow)
        return self.sales.add(_order_of(kwargs))

    def write(self) -> None:
        if self.sales is not None:
            self.sales.write()


def _order_of(kwargs: dict[str, Any]) -> Order:
    """The keyword arguments of :func:`sell` as an :class:`Order`."""
    return Order(
        kwargs["order_id"],
        kwargs["number"],
        kwargs["session_id"],
        kwargs["hold_id"],
        tuple(kwargs["lines"] or ()),
        tuple(kwargs["payments"] or ()),
        kwargs.get("seller_id"),
        kwargs.get("shift_id"),
        kwargs.get("phone"),
        kwargs.get("note"),
        kwargs.get("discount_fen"),
    )


@service(
    Perm.TICKETS_SELL,
    audited=True,
    idempotency_key="order_id",
    optional=frozenset({"seller_id", "shift_id", "phone", "note", "discount_fen"}),
    batch=_SalesBatch,
)
def sell(
    uow: UnitOfWork,
    *,
    order_id: str,
    number: str,
    session_id: SessionId,
    hold_id: str | None,
    lines: list[SaleLine],
    payments: list[PaymentLine],
    seller_id: str | None = None,
    shift_id: str | None = None,
    phone: str | None = None,
    note: str | None = None,
    discount_fen: int | None = None,
) -> dict[str, Any]:
    """Sell tickets: the seats of a live hold and/or general-admission places,
    paid in full. ``order_id`` (a UUIDv7 minted by the terminal) is the
    idempotency key: the same sale sent twice is one sale.

    Seats leased to the selling window need no hold (``hold_id`` may be None):
    that is how its offline sales arrive through the outbox. Nobody else can
    sell them. The window's leased general-admission places are used first.

    ``seller_id``: the cashier who made the sale, if not the caller (a sale
    queued offline and sent later by whoever is logged in); that account must
    exist, be enabled and hold ``tickets.sell``. The order is theirs; the
    audit entry names them and keeps the sender in its detail.

    ``shift_id``: the seller's open shift at this terminal (the ticket window
    always sends it; a queued sale may arrive after the shift closed).
    ``discount_fen`` needs ``sales.discount``, a comp ticket type
    ``sales.comp``; both need a ``note`` saying why. ``phone`` finds the
    order again later."""
    sales = Sales(uow)
    receipt = sales.add(
        Order(
            order_id,
            number,
            session_id,
            hold_id,
            tuple(lines or ()),
            tuple(payments or ()),
            seller_id,
            shift_id,
            phone,
            note,
            discount_fen,
        )
    )
    sales.write()
    return receipt


MAX_BATCH = 200
"""Sales in one :func:`sell_batch` (and one ``POST /api/v1/orders/batch``)."""


@dataclass(frozen=True)
class SaleAnswer:
    """One sale's answer in a batch: its receipt, or why it was refused."""

    order_id: str
    receipt: dict[str, Any] | None = None
    refusal: BoxOfficeError | None = None


SELL = "seating.sell"
"""The idempotency records of batched sales are those of :func:`sell`."""


def sell_batch(store: Store, actor: Actor, orders: list[Order]) -> list[SaleAnswer]:
    """Sell a terminal's queued sales in order, in one transaction: each with
    its own idempotency key and its own answer, exactly as :func:`sell` alone
    would give it (a replayed key gets its recorded answer; a refusal is
    recorded and changes nothing, and the others go on).

    The caller needs ``tickets.sell`` (or nothing is tried). On PostgreSQL a
    sale whose key another request is carrying out right now is answered
    ``InFlight``, and the sales after it are not tried (absent from the
    answer): they may depend on it. One ``ticket.sell_batch`` audit entry
    names the sender and counts the answers."""
    try:
        with store.transaction() as session:
            uow = UnitOfWork(session, actor, deferred=True)
            uow.require(Perm.TICKETS_SELL)
            answers = _sell_batch(uow, orders)
            uow.finish()
            return answers
    except PermissionDenied as denied:
        record_denial(store, actor, "seating.sell_batch", denied)
        raise


def _sell_batch(uow: UnitOfWork, orders: list[Order]) -> list[SaleAnswer]:
    if len(orders) > MAX_BATCH:
        raise ValueError(f"at most {MAX_BATCH} sales in one batch")
    session = uow.session
    keys = [o.order_id for o in orders]
    tried = len(orders)
    if session.get_bind().dialect.name == "postgresql":
        tried = idempotency.try_lock(session, keys)
    records = {
        r.key: r
        for r in session.scalars(
            select(IdempotencyRecord).where(IdempotencyRecord.key.in_(set(keys[:tried])))
        )
    }
    sales = Sales(uow)
    sales.prefetch_numbers([o.number for o in orders[:tried]])
    answers: list[SaleAnswer] = []
    new_records: list[IdempotencyRecord] = []
    counts = {"sold": 0, "refused": 0, "replayed": 0}
    for order in orders[:tried]:
        digest = idempotency.request_hash(SELL, order.request())
        record = records.get(order.order_id)
        if record is not None:
            counts["replayed"] += 1
            try:
                answers.append(SaleAnswer(order.order_id, idempotency.replay(record, digest)))
            except BoxOfficeError as replayed:
                answers.append(SaleAnswer(order.order_id, refusal=replayed))
            continue
        try:
            receipt = sales.add(order)
        except BoxOfficeError as refused:
            counts["refused"] += 1
            answers.append(SaleAnswer(order.order_id, refusal=refused))
            if idempotency.remembered(refused):
                record = idempotency.refusal_record(SELL, order.order_id, digest, refused)
                records[order.order_id] = record
                new_records.append(record)
            elif isinstance(refused, PermissionDenied):
                uow.audit(
                    "access.denied",
                    "service",
                    SELL,
                    {"reason": refused.english(), "order_id": order.order_id},
                )
            continue
        counts["sold"] += 1
        answers.append(SaleAnswer(order.order_id, receipt))
        record = idempotency.success_record(SELL, order.order_id, digest, receipt)
        records[order.order_id] = record
        new_records.append(record)
    if tried < len(orders):
        answers.append(SaleAnswer(orders[tried].order_id, refusal=idempotency.in_flight()))
    sales.write()
    if new_records:
        session.execute(
            insert(table_of(IdempotencyRecord)),
            [
                {
                    "key": r.key,
                    "operation": r.operation,
                    "request_hash": r.request_hash,
                    "status_code": r.status_code,
                    "response": r.response,
                    "created_at": sales.moment,
                }
                for r in new_records
            ],
        )
    uow.audit(
        "ticket.sell_batch",
        "batch",
        orders[0].order_id if orders else "",
        {**counts, "orders": len(orders), "in_flight": len(orders) - tried},
    )
    return answers


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


_PHONE = re.compile(r"\+?[0-9][0-9 -]{2,18}")


def _check_phone(phone: str | None) -> str:
    text = (phone or "").strip()
    if text and not _PHONE.fullmatch(text):
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "“{phone}” is not a phone number."), phone=text[:24]
        )
    return text.replace(" ", "").replace("-", "")


def _discount(
    tickets: list[dict[str, Any]],
    discount: int,
    total: int,
    permissions: frozenset[str],
    note: str,
) -> None:
    """Spread a manual discount over the tickets in proportion to their
    prices (the last ticket takes the rounding), so each ticket carries what
    was really paid for it and a refund of one ticket gives back exactly that."""
    if Perm.SALES_DISCOUNT.value not in permissions:
        raise PermissionDenied(
            QT_TRANSLATE_NOOP("core", "You do not have the permission “{permission}”."),
            permission=Perm.SALES_DISCOUNT.value,
        )
    if not 0 < discount <= total:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "A discount must be more than ¥0 and at most the total.")
        )
    if not note:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Give a reason for the discount."))
    left = discount
    priced = [t for t in tickets if t["price_fen"] > 0]
    for i, ticket in enumerate(priced):
        share = left if i == len(priced) - 1 else discount * ticket["price_fen"] // total
        share = min(share, ticket["price_fen"], left)
        ticket["list_price_fen"] = ticket["price_fen"]
        ticket["price_fen"] -= share
        left -= share


def check_payments(payments: list[PaymentLine], total: int, exchange_credit: int = 0) -> None:
    for payment in payments:
        if payment.method == "exchange":
            # Only an exchange pays with the tickets given back, and exactly with their value.
            if payment.amount_fen != min(exchange_credit, total) or not exchange_credit:
                raise ValidationError(
                    QT_TRANSLATE_NOOP("core", "Unknown payment method “{method}”."),
                    method=payment.method,
                )
            continue
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
        "shift_id": order.shift_id,
        "discount_fen": order.discount_fen,
        "tickets": [
            {
                "ticket_id": t.id,
                "seat_id": t.seat_id,
                "label": t.seat_label,
                "zone_id": t.zone_id,
                "ticket_type_id": t.ticket_type_id,
                "price_fen": t.price_fen,
                "print_no": t.print_no,
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
