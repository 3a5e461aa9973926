"""Seats and general-admission places leased to a window, so it can sell offline.

Offline, a window sells only what was set aside for it while it was online:

- reserved seats leased to it: a block a supervisor leases to it
  (:func:`lease_seats`), or the standing lease of N seats per zone it keeps
  topped up while online (:func:`ensure_standing_lease`);
- general-admission places from a leased count (:func:`lease_quota`).

A leased seat has state ``leased`` and the lessee's ``terminal_id``: nobody
else can hold or sell it, and the lessee sells it without a hold
(``seating.sell``), so a sale made offline replays through the outbox as it
is. Leased general-admission places (``quota_lease``) are taken from the
session's capacity; the lessee's own sales use them up first.

Leases do not run out: a window may be offline for hours. On reconnect, once
its outbox has drained (the sales of leased seats must arrive first), the
window gives back what it did not sell (:func:`return_leases`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, and_, or_, select, update
from sqlalchemy.orm import Session as OrmSession

from ..clock import now
from ..db.models import Hall, QuotaLease, Session, SessionSeat, Terminal
from ..errors import Conflict, NotFound, PermissionDenied, ValidationError
from ..i18n import QT_TRANSLATE_NOOP
from ..ids import SessionId
from ..permissions import Perm
from . import changes
from .base import UnitOfWork, service
from .seating import (
    SeatsUnavailable,
    _free,
    _sellable_session,
    _spots,
    _who_has,
    choose_best,
    front_centre,
    general_places_leased,
    general_places_sold,
    lock_session,
)

MAX_SEATS_PER_LEASE = 200
MAX_STANDING_PER_ZONE = 20
MAX_PLACES_PER_LEASE = 100
LEASE_TRIES = 3
"""Searches a standing lease makes when another window takes a chosen seat first."""


@dataclass(frozen=True)
class SeatLease:
    """Seats leased to ``terminal_id`` by one call."""

    session_id: str
    terminal_id: str
    seat_ids: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "terminal_id": self.terminal_id,
            "seat_ids": list(self.seat_ids),
        }


@dataclass(frozen=True)
class StandingLease:
    """``leased``: seats this call added; ``seat_ids``: every seat of the session
    now leased to the window (a supervisor's block included)."""

    session_id: str
    terminal_id: str
    leased: tuple[str, ...]
    seat_ids: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "terminal_id": self.terminal_id,
            "leased": list(self.leased),
            "seat_ids": list(self.seat_ids),
        }


@dataclass(frozen=True)
class ReturnedLeases:
    """What a window gave back: unsold seats and unsold general-admission places."""

    session_id: str
    terminal_id: str
    seat_ids: tuple[str, ...]
    places: int

    def to_json(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "terminal_id": self.terminal_id,
            "seat_ids": list(self.seat_ids),
            "places": self.places,
        }


@dataclass(frozen=True)
class PlacesLease:
    """The unsold general-admission places a window now has for a session."""

    session_id: str
    terminal_id: str
    places: int

    def to_json(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "terminal_id": self.terminal_id,
            "places": self.places,
        }


def _window(session: OrmSession, terminal_id: str | None) -> Terminal:
    if not terminal_id:
        raise PermissionDenied(
            QT_TRANSLATE_NOOP("core", "This device is not a registered terminal.")
        )
    terminal = session.get(Terminal, terminal_id)
    if terminal is None or not terminal.enabled:
        raise NotFound(QT_TRANSLATE_NOOP("core", "No such terminal, or it is disabled."))
    if terminal.kind != "window":
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Only a ticket window can take a lease to sell offline.")
        )
    return terminal


def _own_window(uow: UnitOfWork) -> Terminal:
    return _window(uow.session, uow.actor.terminal_id if uow.actor else None)


def _lease(
    session: OrmSession, session_id: str, lessee: str, seat_ids: list[str], moment: datetime
) -> None:
    """Lease every seat of ``seat_ids`` to ``lessee``, or none: one conditional
    UPDATE whose row count says whether all were free (or leased to it already)."""
    done = cast(
        CursorResult[Any],
        session.execute(
            update(SessionSeat)
            .where(
                SessionSeat.session_id == session_id,
                SessionSeat.seat_id.in_(seat_ids),
                or_(
                    _free(moment),
                    and_(SessionSeat.state == "leased", SessionSeat.terminal_id == lessee),
                ),
            )
            .values(state="leased", terminal_id=lessee, hold_id=None, held_until=None)
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    if done != len(seat_ids):
        raise SeatsUnavailable(_who_has(session, session_id, seat_ids, "", moment, lessee=lessee))


def _leased_to(
    session: OrmSession, session_id: str, lessee: str, zone_id: str | None = None
) -> list[str]:
    query = select(SessionSeat.seat_id).where(
        SessionSeat.session_id == session_id,
        SessionSeat.state == "leased",
        SessionSeat.terminal_id == lessee,
    )
    if zone_id is not None:
        query = query.where(SessionSeat.zone_id == zone_id)
    return list(session.scalars(query.order_by(SessionSeat.row, SessionSeat.col)))


@service(Perm.SEATS_LEASE, audited=True)
def lease_seats(
    uow: UnitOfWork, session_id: SessionId, terminal_id: str, seat_ids: list[str]
) -> SeatLease:
    """Lease a block of seats to a ticket window so it can sell them offline:
    every seat or none (naming the seats taken and by which window). Seats
    leased to that window already count as leased."""
    seats = list(dict.fromkeys(seat_ids))
    if not seats:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Choose at least one seat."))
    if len(seats) > MAX_SEATS_PER_LEASE:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "At most {n} seats at a time."), n=MAX_SEATS_PER_LEASE
        )
    _sellable_session(uow.session, session_id)
    window = _window(uow.session, terminal_id)
    _lease(uow.session, session_id, window.id, seats, now())
    changes.record(
        uow.session,
        "seats",
        session_id=session_id,
        entity_id=window.id,
        payload={"leased": seats, "terminal_id": window.id},
    )
    uow.audit(
        "seat.lease",
        "session",
        session_id,
        {"terminal_id": window.id, "terminal_name": window.name, "seats": seats},
    )
    return SeatLease(session_id, window.id, tuple(seats))


@service(Perm.TICKETS_SELL, audited=True)
def ensure_standing_lease(uow: UnitOfWork, session_id: SessionId, per_zone: int) -> StandingLease:
    """Top up the caller's window to ``per_zone`` leased seats in every zone of
    the session (fewer where fewer are free), choosing them as "best available"
    does. Never gives seats back: a lower ``per_zone`` keeps what the window has."""
    if isinstance(per_zone, bool) or not isinstance(per_zone, int):
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "A standing lease is 0 to {n} seats per zone."),
            n=MAX_STANDING_PER_ZONE,
        )
    if not 0 <= per_zone <= MAX_STANDING_PER_ZONE:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "A standing lease is 0 to {n} seats per zone."),
            n=MAX_STANDING_PER_ZONE,
        )
    window = _own_window(uow)
    show_session = _sellable_session(uow.session, session_id)
    if show_session.hall.seating != "reserved":
        raise Conflict(
            QT_TRANSLATE_NOOP(
                "core", "A general-admission session has no seats to lease; lease places instead."
            )
        )
    leased: list[str] = []
    for zone in show_session.zones:
        need = per_zone - len(_leased_to(uow.session, session_id, window.id, zone.id))
        for attempt in range(1, LEASE_TRIES + 1):
            if need <= 0:
                break
            moment = now()
            spots = _spots(uow.session, session_id, moment, zone_id=zone.id)
            choice = choose_best(
                spots, min(need, sum(1 for s in spots if s.wanted)), front_centre(spots)
            )
            if choice is None:  # the zone is sold out
                break
            try:
                with uow.session.begin_nested():  # a lost race undoes only this attempt
                    _lease(uow.session, session_id, window.id, list(choice.seat_ids), moment)
            except SeatsUnavailable:
                if attempt == LEASE_TRIES:
                    raise
                continue
            leased.extend(choice.seat_ids)
            break
    if leased:
        changes.record(
            uow.session,
            "seats",
            session_id=session_id,
            entity_id=window.id,
            payload={"leased": leased, "terminal_id": window.id},
        )
    uow.audit(
        "seat.lease_standing",
        "session",
        session_id,
        {"terminal_id": window.id, "per_zone": per_zone, "seats": leased},
    )
    return StandingLease(
        session_id,
        window.id,
        tuple(leased),
        tuple(_leased_to(uow.session, session_id, window.id)),
    )


@service(Perm.TICKETS_SELL, audited=True, or_permission=Perm.SEATS_LEASE)
def return_leases(
    uow: UnitOfWork, session_id: SessionId, terminal_id: str | None = None
) -> ReturnedLeases:
    """Give back the unsold seats and general-admission places leased to the
    caller's window (on reconnect, after its outbox has drained).

    With ``terminal_id`` of another window (needs ``seats.lease``), a
    supervisor takes back the leases of a window that will not come back.
    Whatever it sold offline and has not sent yet will then be refused."""
    own = uow.actor.terminal_id if uow.actor else None
    lessee = terminal_id or own
    if not lessee:
        raise PermissionDenied(
            QT_TRANSLATE_NOOP("core", "This device is not a registered terminal.")
        )
    if lessee != own and Perm.SEATS_LEASE.value not in uow.permissions:
        raise PermissionDenied(
            QT_TRANSLATE_NOOP("core", "You do not have the permission “{permission}”."),
            permission=Perm.SEATS_LEASE.value,
        )
    if uow.session.get(Session, session_id) is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That session no longer exists."))
    seats = _leased_to(uow.session, session_id, lessee)
    uow.session.execute(
        update(SessionSeat)
        .where(
            SessionSeat.session_id == session_id,
            SessionSeat.state == "leased",
            SessionSeat.terminal_id == lessee,
        )
        .values(state="available", terminal_id=None)
        .execution_options(synchronize_session=False)
    )
    lock_session(uow.session, session_id)
    quota = uow.session.get(QuotaLease, (session_id, lessee))
    places = quota.places if quota is not None else 0
    if quota is not None:
        uow.session.delete(quota)
    if seats:
        changes.record(
            uow.session,
            "seats",
            session_id=session_id,
            entity_id=lessee,
            payload={"returned": seats, "terminal_id": lessee},
        )
    if places:
        changes.record(
            uow.session,
            "places",
            session_id=session_id,
            entity_id=lessee,
            payload={"leased": 0, "terminal_id": lessee},
        )
    uow.audit(
        "seat.lease_return",
        "session",
        session_id,
        {"terminal_id": lessee, "seats": seats, "places": places},
    )
    return ReturnedLeases(session_id, lessee, tuple(seats), places)


@service(Perm.TICKETS_SELL, audited=True)
def lease_quota(uow: UnitOfWork, session_id: SessionId, count: int) -> PlacesLease:
    """Set aside ``count`` general-admission places of the session for the
    caller's window, to sell offline. Asking again tops the lease up to
    ``count`` (a retry never doubles it); it is never cut."""
    if (
        isinstance(count, bool)
        or not isinstance(count, int)
        or not 1 <= count <= MAX_PLACES_PER_LEASE
    ):
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Lease 1 to {n} places at a time."), n=MAX_PLACES_PER_LEASE
        )
    window = _own_window(uow)
    show_session = _sellable_session(uow.session, session_id)
    if show_session.hall.seating != "general":
        raise Conflict(
            QT_TRANSLATE_NOOP(
                "core", "This session has reserved seats: lease seats, not a number of places."
            )
        )
    lock_session(uow.session, session_id)
    lease = uow.session.get(QuotaLease, (session_id, window.id))
    had = lease.places if lease is not None else 0
    if count > had:
        hall = uow.session.get(Hall, show_session.hall_id)
        capacity = hall.capacity if hall is not None else 0
        left = (
            capacity
            - general_places_sold(uow.session, session_id)
            - general_places_leased(uow.session, session_id)
        )
        if count - had > left:
            raise Conflict(
                QT_TRANSLATE_NOOP("core", "Only {left} places are left for this session."),
                left=max(0, left + had),
            )
        if lease is None:
            lease = QuotaLease(session_id=session_id, terminal_id=window.id, places=0)
            uow.session.add(lease)
        lease.places, lease.updated_at = count, now()
        changes.record(
            uow.session,
            "places",
            session_id=session_id,
            entity_id=window.id,
            payload={"leased": count, "terminal_id": window.id},
        )
    uow.audit(
        "quota.lease",
        "session",
        session_id,
        {"terminal_id": window.id, "places": max(had, count), "before": had},
    )
    return PlacesLease(session_id, window.id, max(had, count))
