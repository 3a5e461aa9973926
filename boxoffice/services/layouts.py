"""Seat layouts in the store: saving a hall's layout as a new version, reading
versions back, seating a new session from its hall's latest layout, and moving
a session to another version.

A layout is kept as the canonical JSON text of ``seatmap.model.jsonio.dumps``
(``hall_layout``), its version counting 1, 2, … per hall. A session remembers
the version its seats came from (``show_session.layout_id``).

Zones: a layout zone belongs to the session's price zone *named like it*: its
name, or its key when the name is longer than a price zone's name may be
(:func:`zone_name`). A session created in a hall with a layout gets one price
zone per layout zone that has seats, in the layout's order and colour, priced
at 0: prices are set afterwards (``catalogue.set_price_zones``, which keeps a
zone's id while its name stays) before the session goes on sale. Moving a
session to another version adds such a zone for a layout zone it has none for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session as OrmSession

from seatmap.model import Layout, SeatKind, content_hash, dumps, format_label, loads, validate
from seatmap.model.validate import (
    DUPLICATE_LABEL,
    DUPLICATE_SEAT_ID,
    SEAT_WITHOUT_ZONE,
    UNKNOWN_ZONE,
)

from ..clock import now
from ..db.models import Hall, HallLayout, PriceZone, Session, SessionSeat, Ticket, table_of
from ..errors import Conflict, NotFound, ValidationError
from ..i18n import QT_TRANSLATE_NOOP
from ..ids import HallId, SessionId
from ..permissions import Perm
from . import changes
from .base import UnitOfWork, service

ZONE_NAME_LIMIT = 32
"""``price_zone.name`` holds at most this many characters."""
LABEL_LIMIT = 32
"""``session_seat.label`` (and ``ticket.seat_label``) hold at most this many."""
NAMED_SEATS = 20
"""A refusal names at most this many seats, then says how many more."""

# Problems that would break selling from the layout (the rest cannot get past loads()).
_BLOCKING = frozenset({DUPLICATE_LABEL, DUPLICATE_SEAT_ID, SEAT_WITHOUT_ZONE, UNKNOWN_ZONE})
_COLOUR = re.compile(r"^#[0-9a-f]{6}$")
_DEFAULT_COLOUR = "#808080"


@dataclass(frozen=True)
class LayoutRow:
    """One saved version of a hall's layout (without its text)."""

    id: str
    hall_id: HallId
    version: int
    content_hash: str
    seat_count: int
    created_at: datetime
    created_by: str


@dataclass(frozen=True)
class LayoutText:
    """A saved version and its JSON text (``seatmap.model.jsonio.loads`` reads it)."""

    layout: LayoutRow
    layout_json: str


@dataclass(frozen=True)
class LayoutMove:
    """What moving a session to another layout version did."""

    session_id: SessionId
    version: int
    removed: int
    added: int
    updated: int


def _row(found: HallLayout) -> LayoutRow:
    return LayoutRow(
        found.id,
        HallId(found.hall_id),
        found.version,
        found.content_hash,
        found.seat_count,
        found.created_at,
        found.created_by,
    )


def zone_name(key: str, name: str) -> str:
    """The price zone a layout zone belongs to in a session (see the module's doc)."""
    cleaned = name.strip()
    return cleaned if 0 < len(cleaned) <= ZONE_NAME_LIMIT else key


def _hall(uow: UnitOfWork, hall_id: str) -> Hall:
    hall = uow.session.get(Hall, hall_id)
    if hall is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That hall no longer exists."))
    return hall


def latest_layout(session: OrmSession, hall_id: str) -> HallLayout | None:
    return session.scalar(
        select(HallLayout)
        .where(HallLayout.hall_id == hall_id)
        .order_by(HallLayout.version.desc())
        .limit(1)
    )


def _check_sellable(layout: Layout) -> None:
    """Refuse a layout that sessions could not sell from, naming the first problem."""
    problems = [p for p in validate(layout) if p.code in _BLOCKING]
    if problems:
        first = problems[0]
        raise ValidationError(first.message, **first.params)
    seen: dict[str, str] = {}
    for section, seat in layout.seats():
        label = format_label(layout.template_for(section), seat)
        if len(label) > LABEL_LIMIT:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "core", "The seat label {seat} is longer than {limit} characters."
                ),
                seat=label,
                limit=LABEL_LIMIT,
            )
        other = seen.setdefault(label, section.name)
        if other != section.name:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "core",
                    "Sections {section} and {other_section} both have a seat {seat}. Give one of them its own label template.",
                ),
                section=section.name,
                other_section=other,
                seat=label,
            )
    names: dict[str, str] = {}
    for zone in layout.zones:
        wanted = zone_name(zone.key, zone.name)
        clash = names.setdefault(wanted, zone.key)
        if clash != zone.key:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "core",
                    "Zones {zone} and {other_zone} would share the price zone “{name}”. Give them different names.",
                ),
                zone=zone.key,
                other_zone=clash,
                name=wanted,
            )


@service(Perm.VENUE_DESIGN, audited=True)
def save_hall_layout(uow: UnitOfWork, hall_id: HallId, layout_json: str) -> LayoutRow:
    """Store ``layout_json`` as the hall's next layout version (1, 2, …).

    A layout identical to the latest version (its version number aside) makes
    no new version; the latest is returned. Refused for a general-admission
    hall, for a file ``loads`` refuses, and for a layout sessions could not
    sell from (duplicate labels, seats without a zone or in an unknown zone)."""
    hall = _hall(uow, hall_id)
    if hall.seating != "reserved":
        raise Conflict(
            QT_TRANSLATE_NOOP(
                "core", "“{name}” sells general admission, so it has no seat layout."
            ),
            name=hall.name,
        )
    layout = loads(layout_json)
    _check_sellable(layout)
    digest = content_hash(layout)
    latest = latest_layout(uow.session, hall.id)
    if latest is not None and latest.content_hash == digest:
        uow.audit(
            "hall_layout.unchanged",
            "hall",
            hall.id,
            {"name": hall.name, "version": latest.version},
        )
        return _row(latest)
    version = 1 if latest is None else latest.version + 1
    saved = HallLayout(
        hall_id=hall.id,
        version=version,
        layout_json=dumps(replace(layout, version=version)),
        content_hash=digest,
        seat_count=layout.seat_count,
        created_at=now(),
        created_by=uow.actor.login if uow.actor else "",
    )
    uow.session.add(saved)
    uow.session.flush()
    uow.audit(
        "hall_layout.save",
        "hall",
        hall.id,
        {"name": hall.name, "version": version, "seats": layout.seat_count, "hash": digest},
    )
    return _row(saved)


@service(Perm.SESSIONS_VIEW, or_permission=Perm.SHOWS_MANAGE, audited=False)
def list_hall_layouts(uow: UnitOfWork, hall_id: HallId) -> list[LayoutRow]:
    """The hall's saved layout versions, oldest first (without their text)."""
    _hall(uow, hall_id)
    found = uow.session.execute(
        select(
            HallLayout.id,
            HallLayout.hall_id,
            HallLayout.version,
            HallLayout.content_hash,
            HallLayout.seat_count,
            HallLayout.created_at,
            HallLayout.created_by,
        )
        .where(HallLayout.hall_id == hall_id)
        .order_by(HallLayout.version)
    )
    return [LayoutRow(r[0], HallId(r[1]), *r[2:]) for r in found]


@service(Perm.SESSIONS_VIEW, or_permission=Perm.SHOWS_MANAGE, audited=False)
def list_hall_layout_text(
    uow: UnitOfWork, hall_id: HallId, version: int | None = None
) -> LayoutText:
    """One version of the hall's layout with its JSON text; the latest without ``version``.

    (Named ``list_…`` as every reading service is: tests/test_permissions.py.)"""
    hall = _hall(uow, hall_id)
    if version is None:
        found = latest_layout(uow.session, hall.id)
    else:
        found = uow.session.scalar(
            select(HallLayout).where(HallLayout.hall_id == hall.id, HallLayout.version == version)
        )
    if found is None:
        raise NotFound(
            QT_TRANSLATE_NOOP("core", "“{hall}” has no seat layout version {version}."),
            hall=hall.name,
            version=version if version is not None else 1,
        )
    return LayoutText(_row(found), found.layout_json)


# --- Seating sessions from layouts ----------------------------------------------------


def _zone_ids(uow: UnitOfWork, session: Session, layout: Layout) -> dict[str, str]:
    """Layout zone key -> the session's price zone id, adding (at price 0) the
    price zones the session lacks for zones that have seats."""
    used = {seat.zone for _, seat in layout.seats()}
    by_name = {z.name: z for z in session.zones}
    order = max((z.sort_order for z in session.zones), default=-1)
    added: list[PriceZone] = []
    wanted: dict[str, PriceZone] = {}
    for zone in layout.zones:
        if zone.key not in used:
            continue
        name = zone_name(zone.key, zone.name)
        found = by_name.get(name)
        if found is None:
            order += 1
            colour = zone.colour.lower()
            found = PriceZone(
                name=name,
                colour=colour if _COLOUR.match(colour) else _DEFAULT_COLOUR,
                price_fen=0,
                sort_order=order,
            )
            by_name[name] = found
            added.append(found)
        wanted[zone.key] = found
    if added:
        session.zones = [*session.zones, *added]
        uow.session.flush()  # the new price zones get their ids
    return {key: z.id for key, z in wanted.items()}


def _seat_values(layout: Layout, zone_ids: dict[str, str]) -> Iterable[dict[str, Any]]:
    """The session_seat values of every seat of ``layout`` (hall grid row and column from 1)."""
    for section, seat in layout.seats():
        yield {
            "seat_id": seat.id,
            "label": format_label(layout.template_for(section), seat),
            "row": round(section.y) + seat.y + 1,
            "col": round(section.x) + seat.x + 1,
            "zone_id": zone_ids.get(seat.zone),
            "accessible": seat.kind is SeatKind.WHEELCHAIR,
            "for_sale": seat.kind is not SeatKind.NOT_FOR_SALE,
        }


def seat_from_latest_layout(uow: UnitOfWork, session: Session) -> int | None:
    """Give a new session of a reserved-seating hall its hall's latest layout:
    the version, price zones (see the module's doc) and one seat per layout
    seat, with the layout's seat ids. The layout version, or None for a hall
    without a layout (the session then has no seats from here)."""
    hall = uow.session.get(Hall, session.hall_id)
    if hall is None or hall.seating != "reserved":
        return None
    latest = latest_layout(uow.session, hall.id)
    if latest is None:
        return None
    layout = loads(latest.layout_json)
    session.layout_id = latest.id
    zone_ids = _zone_ids(uow, session, layout)
    rows = [_new_seat(session.id, values) for values in _seat_values(layout, zone_ids)]
    if rows:
        uow.session.execute(insert(table_of(SessionSeat)), rows)
    return latest.version


def reseat_for_new_hall(uow: UnitOfWork, session: Session, hall_id: str) -> int | None:
    """A session moving to another hall takes that hall's seats: refused if
    anything of it is sold, held or leased (those tickets name seats of the
    old hall); otherwise its seats are dropped and, for a hall with a layout,
    replaced by the latest version's. Price zones stay (matched by name, as
    when a session is created). Returns the layout version or None."""
    seat_ids = set(
        uow.session.scalars(select(SessionSeat.seat_id).where(SessionSeat.session_id == session.id))
    )
    sold = uow.session.scalar(
        select(Ticket.id).where(Ticket.session_id == session.id, Ticket.status == "valid").limit(1)
    )
    if sold is not None or _taken_seats(uow, session.id, seat_ids):
        raise Conflict(
            QT_TRANSLATE_NOOP(
                "core",
                "Tickets of this session are sold, held or leased, so it cannot move to another hall.",
            )
        )
    if seat_ids:
        uow.session.execute(delete(SessionSeat).where(SessionSeat.session_id == session.id))
    session.layout_id = None
    session.hall_id = hall_id
    version = seat_from_latest_layout(uow, session)
    changes.record(
        uow.session,
        "layout",
        session_id=session.id,
        entity_id=session.layout_id or hall_id,
        payload={"version": version, "removed": len(seat_ids), "hall_id": hall_id},
    )
    return version


def _new_seat(session_id: str, values: dict[str, Any]) -> dict[str, Any]:
    for_sale = values.pop("for_sale")
    return {**values, "session_id": session_id, "state": "available" if for_sale else "blocked"}


def _taken_seats(uow: UnitOfWork, session_id: str, seat_ids: set[str]) -> set[str]:
    """Of ``seat_ids``, those sold (a valid ticket), held (a live hold) or leased."""
    if not seat_ids:
        return set()
    moment = now()
    taken = set(
        uow.session.scalars(
            select(SessionSeat.seat_id).where(
                SessionSeat.session_id == session_id,
                SessionSeat.seat_id.in_(seat_ids),
                (SessionSeat.state.in_(("sold", "leased")))
                | ((SessionSeat.state == "held") & (SessionSeat.held_until > moment)),
            )
        )
    )
    taken.update(
        uow.session.scalars(
            select(Ticket.seat_id).where(
                Ticket.session_id == session_id,
                Ticket.status == "valid",
                Ticket.seat_id.in_(seat_ids),
            )
        )
    )
    return {s for s in taken if s is not None}


def _named(labels: list[str]) -> str:
    shown = ", ".join(labels[:NAMED_SEATS])
    more = len(labels) - NAMED_SEATS
    return f"{shown} (+{more})" if more > 0 else shown


@service(Perm.SHOWS_MANAGE, audited=True)
def move_session_to_layout(uow: UnitOfWork, session_id: SessionId, version: int) -> LayoutMove:
    """Seat a session from another version of its hall's layout, in one transaction.

    Refused, naming them, if a seat that would disappear is sold, held or
    leased. Otherwise seats the version no longer has are removed, new ones
    added and the others updated (label, place, zone, wheelchair place; a seat
    that becomes not for sale is blocked, and back, unless it is taken)."""
    session = uow.session.get(Session, session_id)
    if session is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That session no longer exists."))
    hall = _hall(uow, session.hall_id)
    target = uow.session.scalar(
        select(HallLayout).where(HallLayout.hall_id == hall.id, HallLayout.version == version)
    )
    if target is None:
        raise NotFound(
            QT_TRANSLATE_NOOP("core", "“{hall}” has no seat layout version {version}."),
            hall=hall.name,
            version=version,
        )
    layout = loads(target.layout_json)
    current = {
        seat.seat_id: seat
        for seat in uow.session.scalars(
            select(SessionSeat).where(SessionSeat.session_id == session.id)
        )
    }
    wanted = {seat.id for _, seat in layout.seats()}
    removed = set(current) - wanted
    taken = _taken_seats(uow, session.id, removed)
    if taken:
        labels = [s.label for s in sorted((current[t] for t in taken), key=_place)]
        raise Conflict(
            QT_TRANSLATE_NOOP(
                "core",
                "Layout version {version} would remove seats that are sold, held or leased: {seats}. The session keeps its current seats.",
            ),
            version=version,
            seats=_named(labels),
        )
    before = None
    if session.layout_id is not None:
        old = uow.session.get(HallLayout, session.layout_id)
        before = old.version if old is not None else None
    zone_ids = _zone_ids(uow, session, layout)
    if removed:
        uow.session.execute(
            delete(SessionSeat).where(
                SessionSeat.session_id == session.id, SessionSeat.seat_id.in_(removed)
            )
        )
    added: list[dict[str, Any]] = []
    updated = 0
    for values in _seat_values(layout, zone_ids):
        seat = current.get(values["seat_id"])
        if seat is None:
            added.append(_new_seat(session.id, values))
            continue
        for_sale = values.pop("for_sale")
        if seat.state in ("available", "blocked"):
            values["state"] = "available" if for_sale else "blocked"
        changed = {k: v for k, v in values.items() if getattr(seat, k) != v}
        if changed:
            uow.session.execute(
                update(SessionSeat)
                .where(SessionSeat.session_id == session.id, SessionSeat.seat_id == seat.seat_id)
                .values(**changed)
            )
            updated += 1
    if added:
        uow.session.execute(insert(table_of(SessionSeat)), added)
    session.layout_id = target.id
    result = LayoutMove(SessionId(session.id), version, len(removed), len(added), updated)
    uow.audit(
        "session.layout",
        "session",
        session.id,
        {
            "hall": hall.name,
            "before": before,
            "after": version,
            "removed": result.removed,
            "added": result.added,
            "updated": result.updated,
        },
    )
    changes.record(
        uow.session,
        "layout",
        session_id=session.id,
        entity_id=target.id,
        payload={"version": version, "removed": result.removed, "added": result.added},
    )
    return result


def _place(seat: SessionSeat) -> tuple[int, int, str]:
    return (seat.row, seat.col, seat.label)
