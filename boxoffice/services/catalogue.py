"""The catalogue: venues and halls, show categories, shows, sessions (排场),
price zones and ticket types."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from ..clock import ensure_aware, venue_zone
from ..db.models import (
    Hall,
    HallLayout,
    PriceZone,
    Role,
    Session,
    Show,
    ShowCategory,
    Terminal,
    TicketType,
    Venue,
    user_role,
)
from ..errors import Conflict, NotFound, ValidationError
from ..i18n import QT_TRANSLATE_NOOP
from ..ids import CategoryId, HallId, PriceZoneId, SessionId, ShowId, TicketTypeId, VenueId
from ..money import MAX_FEN, Fen, percent_of
from ..permissions import Perm
from . import layouts
from .base import UnitOfWork, service
from .settings import read_settings

SESSION_STATUSES = ("on_sale", "stopped", "ended")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class VenueRow:
    id: VenueId
    name: str
    address: str
    hall_count: int


@dataclass(frozen=True)
class HallRow:
    id: HallId
    venue_id: VenueId
    venue_name: str
    name: str
    seating: str
    capacity: int


@dataclass(frozen=True)
class CategoryRow:
    id: CategoryId
    name: str
    sort_order: int
    show_count: int


@dataclass(frozen=True)
class ShowRow:
    id: ShowId
    category_id: CategoryId
    category_name: str
    name: str
    duration_minutes: int
    introduction: str
    notices: str
    enabled: bool


@dataclass(frozen=True)
class ZoneRow:
    id: PriceZoneId
    name: str
    colour: str
    price_fen: Fen


@dataclass(frozen=True)
class SessionRow:
    id: SessionId
    show_id: ShowId
    show_name: str
    category_name: str
    hall_id: HallId
    hall_name: str
    starts_at: datetime
    ends_at: datetime
    status: str
    zones: tuple[ZoneRow, ...]
    layout_version: int | None = None
    """The hall layout version the session's seats come from (None: no layout)."""


@dataclass(frozen=True)
class TicketTypeRow:
    id: TicketTypeId
    name: str
    percent: int
    is_comp: bool
    enabled: bool
    sort_order: int
    # 售票设置: the roles and terminals (ids) that may sell it; empty: all.
    sell_roles: tuple[str, ...] = ()
    sell_terminals: tuple[str, ...] = ()

    def price_for(self, zone_price: int) -> Fen:
        return Fen(0) if self.is_comp else percent_of(zone_price, self.percent)


def _text(value: str, limit: int, message: str) -> str:
    cleaned = value.strip()
    if not cleaned or len(cleaned) > limit:
        raise ValidationError(message, limit=limit)
    return cleaned


# --- Venues and halls ---------------------------------------------------------


@service(None, audited=False)
def list_halls(uow: UnitOfWork) -> list[HallRow]:
    halls = uow.session.scalars(select(Hall).join(Hall.venue).order_by(Venue.name, Hall.name))
    return [
        HallRow(HallId(h.id), VenueId(h.venue_id), h.venue.name, h.name, h.seating, h.capacity)
        for h in halls
    ]


@service(None, audited=False)
def list_venues(uow: UnitOfWork) -> list[VenueRow]:
    """Every venue, with or without halls (a new hall may go into any of them)."""
    counts = {
        venue_id: n
        for venue_id, n in uow.session.execute(
            select(Hall.venue_id, func.count()).group_by(Hall.venue_id)
        )
    }
    venues = uow.session.scalars(select(Venue).order_by(Venue.name))
    return [VenueRow(VenueId(v.id), v.name, v.address, counts.get(v.id, 0)) for v in venues]


@service(Perm.SHOWS_MANAGE, audited=True)
def create_venue(uow: UnitOfWork, *, name: str, address: str = "") -> VenueId:
    venue = Venue(
        name=_text(name, 128, QT_TRANSLATE_NOOP("core", "A name must be 1 to {limit} characters.")),
        address=address.strip(),
    )
    uow.session.add(venue)
    uow.session.flush()
    uow.audit("venue.create", "venue", venue.id, {"name": venue.name})
    return VenueId(venue.id)


def _hall_name(
    uow: UnitOfWork, venue_id: str, name: str, seating: str, capacity: int, hall_id: str | None
) -> str:
    """Check a hall's seating, capacity and name (unique in its venue); the cleaned name."""
    if seating not in ("reserved", "general"):
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Seating is reserved seats or general admission.")
        )
    if not 0 <= capacity <= 200_000:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Capacity must be between 0 and 200,000."))
    cleaned = _text(name, 64, QT_TRANSLATE_NOOP("core", "A name must be 1 to {limit} characters."))
    clash = uow.session.scalar(
        select(Hall).where(
            Hall.venue_id == venue_id, Hall.name == cleaned, Hall.id != (hall_id or "")
        )
    )
    if clash is not None:
        raise Conflict(
            QT_TRANSLATE_NOOP("core", "A hall named “{name}” exists already."), name=cleaned
        )
    return cleaned


def _sessions_in_hall(uow: UnitOfWork, hall_id: str) -> int:
    return uow.session.scalar(select(func.count()).where(Session.hall_id == hall_id)) or 0


@service(Perm.SHOWS_MANAGE, audited=True)
def create_hall(
    uow: UnitOfWork, *, venue_id: VenueId, name: str, seating: str, capacity: int
) -> HallId:
    if uow.session.get(Venue, venue_id) is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That venue no longer exists."))
    cleaned = _hall_name(uow, venue_id, name, seating, capacity, None)
    hall = Hall(venue_id=venue_id, name=cleaned, seating=seating, capacity=capacity)
    uow.session.add(hall)
    uow.session.flush()
    uow.audit(
        "hall.create", "hall", hall.id, {"name": cleaned, "seating": seating, "capacity": capacity}
    )
    return HallId(hall.id)


@service(Perm.SHOWS_MANAGE, audited=True)
def update_hall(
    uow: UnitOfWork, hall_id: HallId, *, name: str, seating: str, capacity: int
) -> HallId:
    """Rename a hall or change its capacity; its seating only while it has no sessions."""
    hall = uow.session.get(Hall, hall_id)
    if hall is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That hall no longer exists."))
    cleaned = _hall_name(uow, hall.venue_id, name, seating, capacity, hall.id)
    if seating != hall.seating and (used := _sessions_in_hall(uow, hall.id)):
        raise Conflict(
            QT_TRANSLATE_NOOP(
                "core",
                "“{name}” has {n} sessions, sold by its current seating. The seating cannot change while the hall has sessions.",
            ),
            name=hall.name,
            n=used,
        )
    values = {"name": cleaned, "seating": seating, "capacity": capacity}
    before = {k: getattr(hall, k) for k, v in values.items() if getattr(hall, k) != v}
    after = {k: values[k] for k in before}
    for key, value in after.items():
        setattr(hall, key, value)
    uow.audit("hall.update", "hall", hall.id, {"name": cleaned, "before": before, "after": after})
    return HallId(hall.id)


@service(Perm.SHOWS_MANAGE, audited=True)
def delete_hall(uow: UnitOfWork, hall_id: HallId) -> None:
    """Delete a hall that has never had a session; its venue stays."""
    hall = uow.session.get(Hall, hall_id)
    if hall is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That hall no longer exists."))
    used = _sessions_in_hall(uow, hall.id)
    if used:
        raise Conflict(
            QT_TRANSLATE_NOOP(
                "core", "“{name}” still has {n} sessions. A hall with sessions cannot be deleted."
            ),
            name=hall.name,
            n=used,
        )
    detail = {"name": hall.name, "venue": hall.venue.name}
    uow.session.delete(hall)
    uow.audit("hall.delete", "hall", hall_id, detail)


# --- Show categories ------------------------------------------------------------


@service(None, audited=False)
def list_categories(uow: UnitOfWork) -> list[CategoryRow]:
    counts = {
        category_id: n
        for category_id, n in uow.session.execute(
            select(Show.category_id, func.count()).group_by(Show.category_id)
        )
    }
    cats = uow.session.scalars(
        select(ShowCategory).order_by(ShowCategory.sort_order, ShowCategory.name)
    )
    return [CategoryRow(CategoryId(c.id), c.name, c.sort_order, counts.get(c.id, 0)) for c in cats]


def _category_name(uow: UnitOfWork, name: str, category_id: str | None) -> str:
    cleaned = _text(name, 64, QT_TRANSLATE_NOOP("core", "A name must be 1 to {limit} characters."))
    clash = uow.session.scalar(
        select(ShowCategory).where(
            ShowCategory.name == cleaned, ShowCategory.id != (category_id or "")
        )
    )
    if clash is not None:
        raise Conflict(
            QT_TRANSLATE_NOOP("core", "A category named “{name}” exists already."), name=cleaned
        )
    return cleaned


@service(Perm.SHOWS_MANAGE, audited=True)
def save_category(
    uow: UnitOfWork, category_id: CategoryId | None, *, name: str, sort_order: int = 0
) -> CategoryId:
    """Create (``category_id`` None) or rename a show category."""
    cleaned = _category_name(uow, name, category_id)
    if category_id is None:
        category = ShowCategory(name=cleaned, sort_order=sort_order)
        uow.session.add(category)
        uow.session.flush()
        uow.audit("category.create", "category", category.id, {"name": cleaned})
    else:
        found = uow.session.get(ShowCategory, category_id)
        if found is None:
            raise NotFound(QT_TRANSLATE_NOOP("core", "That category no longer exists."))
        category = found
        before = category.name
        category.name, category.sort_order = cleaned, sort_order
        uow.audit("category.update", "category", category.id, {"before": before, "after": cleaned})
    return CategoryId(category.id)


@service(Perm.SHOWS_MANAGE, audited=True)
def delete_category(uow: UnitOfWork, category_id: CategoryId) -> None:
    category = uow.session.get(ShowCategory, category_id)
    if category is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That category no longer exists."))
    used = uow.session.scalar(select(func.count()).where(Show.category_id == category_id)) or 0
    if used:
        raise Conflict(
            QT_TRANSLATE_NOOP(
                "core", "“{name}” still has {n} shows. Move them to another category first."
            ),
            name=category.name,
            n=used,
        )
    uow.session.delete(category)
    uow.audit("category.delete", "category", category_id, {"name": category.name})


# --- Shows --------------------------------------------------------------------


def _show_row(show: Show) -> ShowRow:
    return ShowRow(
        ShowId(show.id),
        CategoryId(show.category_id),
        show.category.name,
        show.name,
        show.duration_minutes,
        show.introduction,
        show.notices,
        show.enabled,
    )


@service(None, audited=False)
def list_shows(uow: UnitOfWork) -> list[ShowRow]:
    return [_show_row(s) for s in uow.session.scalars(select(Show).order_by(Show.name))]


@service(Perm.SHOWS_MANAGE, audited=True)
def save_show(
    uow: UnitOfWork,
    show_id: ShowId | None,
    *,
    category_id: CategoryId,
    name: str,
    duration_minutes: int,
    introduction: str = "",
    notices: str = "",
    enabled: bool = True,
) -> ShowId:
    """Create (``show_id`` None) or edit a show (演出节目)."""
    if uow.session.get(ShowCategory, category_id) is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That category no longer exists."))
    if not 1 <= duration_minutes <= 24 * 60:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "The duration must be between 1 minute and 24 hours.")
        )
    values = {
        "category_id": category_id,
        "name": _text(
            name, 128, QT_TRANSLATE_NOOP("core", "A name must be 1 to {limit} characters.")
        ),
        "duration_minutes": duration_minutes,
        "introduction": introduction.strip(),
        "notices": notices.strip(),
        "enabled": enabled,
    }
    if show_id is None:
        show = Show(**values)
        uow.session.add(show)
        uow.session.flush()
        uow.audit("show.create", "show", show.id, {"name": show.name})
    else:
        found = uow.session.get(Show, show_id)
        if found is None:
            raise NotFound(QT_TRANSLATE_NOOP("core", "That show no longer exists."))
        show = found
        changed = {k: v for k, v in values.items() if getattr(show, k) != v}
        for key, value in changed.items():
            setattr(show, key, value)
        uow.audit("show.update", "show", show.id, {"changed": changed})
    return ShowId(show.id)


@service(Perm.SHOWS_MANAGE, audited=True)
def delete_show(uow: UnitOfWork, show_id: ShowId) -> None:
    """Delete a show that has never been scheduled."""
    show = uow.session.get(Show, show_id)
    if show is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That show no longer exists."))
    used = uow.session.scalar(select(func.count()).where(Session.show_id == show_id)) or 0
    if used:
        raise Conflict(
            QT_TRANSLATE_NOOP(
                "core",
                "“{name}” still has {n} sessions. Take it off the programme instead (Edit), so it can no longer be scheduled.",
            ),
            name=show.name,
            n=used,
        )
    uow.session.delete(show)
    uow.audit("show.delete", "show", show_id, {"name": show.name})


# --- Sessions -------------------------------------------------------------------


def _session_row(s: Session, versions: dict[str, int] | None = None) -> SessionRow:
    return SessionRow(
        SessionId(s.id),
        ShowId(s.show_id),
        s.show.name,
        s.show.category.name,
        HallId(s.hall_id),
        s.hall.name,
        s.starts_at,
        s.starts_at + timedelta(minutes=s.show.duration_minutes),
        s.status,
        tuple(ZoneRow(PriceZoneId(z.id), z.name, z.colour, Fen(z.price_fen)) for z in s.zones),
        (versions or {}).get(s.layout_id or ""),
    )


@service(Perm.SESSIONS_VIEW, audited=False)
def list_sessions(
    uow: UnitOfWork, *, starts_from: datetime | None = None, starts_before: datetime | None = None
) -> list[SessionRow]:
    query = select(Session).order_by(Session.starts_at)
    if starts_from is not None:
        query = query.where(Session.starts_at >= ensure_aware(starts_from))
    if starts_before is not None:
        query = query.where(Session.starts_at < ensure_aware(starts_before))
    found = list(uow.session.scalars(query))
    layout_ids = {s.layout_id for s in found if s.layout_id}
    versions = {
        layout_id: version
        for layout_id, version in uow.session.execute(
            select(HallLayout.id, HallLayout.version).where(HallLayout.id.in_(layout_ids))
        )
    }
    return [_session_row(s, versions) for s in found]


def _refuse_sale_without_zones(status: str, has_zones: bool) -> None:
    """A session on sale must have something to sell, however it got there."""
    if status == "on_sale" and not has_zones:
        raise Conflict(
            QT_TRANSLATE_NOOP(
                "core", "Give the session at least one priced zone before selling it."
            )
        )


def _venue_time(uow: UnitOfWork, moment: datetime) -> str:
    """``2030-03-01 19:30``: a stored instant as the venue's wall clock reads it."""
    zone = venue_zone(read_settings(uow.session).venue_timezone)
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


@service(Perm.SHOWS_MANAGE, audited=True)
def save_session(
    uow: UnitOfWork,
    session_id: SessionId | None,
    *,
    show_id: ShowId,
    hall_id: HallId,
    starts_at: datetime,
    status: str = "stopped",
) -> SessionId:
    """Create or edit a session (排场). Two sessions may not overlap in one hall.

    A new session in a reserved-seating hall with a seat layout gets the
    layout's latest version: its seats and price zones (``layouts``)."""
    show = uow.session.get(Show, show_id)
    if show is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That show no longer exists."))
    if uow.session.get(Hall, hall_id) is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That hall no longer exists."))
    if status not in SESSION_STATUSES:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Unknown session status “{status}”."), status=status
        )
    start = ensure_aware(starts_at)
    end = start + timedelta(minutes=show.duration_minutes)
    for other in uow.session.scalars(
        select(Session).where(Session.hall_id == hall_id, Session.id != (session_id or ""))
    ):
        other_end = other.starts_at + timedelta(minutes=other.show.duration_minutes)
        if other.starts_at < end and start < other_end:
            raise Conflict(
                QT_TRANSLATE_NOOP("core", "The hall is in use then by “{show}” at {time}."),
                show=other.show.name,
                time=_venue_time(uow, other.starts_at),
            )
    if session_id is None:
        _refuse_sale_without_zones(status, False)
        session = Session(show_id=show_id, hall_id=hall_id, starts_at=start, status=status)
        uow.session.add(session)
        uow.session.flush()
        # A hall with a seat layout seats the session from its latest version.
        layout_version = layouts.seat_from_latest_layout(uow, session)
        detail: dict[str, object] = {"show": show.name, "starts_at": start.isoformat()}
        if layout_version is not None:
            detail["layout_version"] = layout_version
        uow.audit("session.create", "session", session.id, detail)
    else:
        found = uow.session.get(Session, session_id)
        if found is None:
            raise NotFound(QT_TRANSLATE_NOOP("core", "That session no longer exists."))
        session = found
        _refuse_sale_without_zones(status, bool(session.zones))
        before = {
            "show_id": session.show_id,
            "hall_id": session.hall_id,
            "starts_at": session.starts_at.isoformat(),
            "status": session.status,
        }
        if hall_id != session.hall_id:
            layouts.reseat_for_new_hall(uow, session, hall_id)
        session.show_id, session.hall_id, session.starts_at, session.status = (
            show_id,
            hall_id,
            start,
            status,
        )
        after = {
            "show_id": show_id,
            "hall_id": hall_id,
            "starts_at": start.isoformat(),
            "status": status,
        }
        uow.audit("session.update", "session", session.id, {"before": before, "after": after})
    return SessionId(session.id)


@service(Perm.SHOWS_MANAGE, audited=True)
def set_session_status(uow: UnitOfWork, session_id: SessionId, status: str) -> None:
    """Put a session on sale (开售), stop sales (停售) or end it."""
    session = uow.session.get(Session, session_id)
    if session is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That session no longer exists."))
    if status not in SESSION_STATUSES:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Unknown session status “{status}”."), status=status
        )
    _refuse_sale_without_zones(status, bool(session.zones))
    before, session.status = session.status, status
    uow.audit("session.status", "session", session.id, {"before": before, "after": status})


# --- Price zones ----------------------------------------------------------------


@dataclass(frozen=True)
class ZoneInput:
    name: str
    colour: str
    price_fen: int


@service(Perm.PRICES_MANAGE, audited=True)
def set_price_zones(uow: UnitOfWork, session_id: SessionId, zones: list[ZoneInput]) -> None:
    """Replace a session's price zones (票区 and 票价) in one go."""
    session = uow.session.get(Session, session_id)
    if session is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That session no longer exists."))
    names: set[str] = set()
    for zone in zones:
        name = _text(
            zone.name, 32, QT_TRANSLATE_NOOP("core", "A zone name must be 1 to {limit} characters.")
        )
        if name in names:
            raise ValidationError(
                QT_TRANSLATE_NOOP("core", "The zone “{name}” appears twice."), name=name
            )
        names.add(name)
        if not 0 <= zone.price_fen <= MAX_FEN:
            raise ValidationError(
                QT_TRANSLATE_NOOP("core", "The price of “{name}” is out of range."), name=name
            )
        if not _COLOUR.match(zone.colour):
            raise ValidationError(
                QT_TRANSLATE_NOOP("core", "“{colour}” is not a colour like #c0392b."),
                colour=zone.colour,
            )
    _refuse_sale_without_zones(session.status, bool(zones))
    before = [(z.name, z.price_fen) for z in session.zones]
    existing = {z.name: z for z in session.zones}
    # Keep ids of zones that stay, so later seat layouts keep pointing at them.
    session.zones = [
        _updated_zone(existing.get(z.name.strip()), z, order) for order, z in enumerate(zones)
    ]
    uow.audit(
        "session.prices",
        "session",
        session.id,
        {"before": before, "after": [(z.name.strip(), z.price_fen) for z in zones]},
    )


def _updated_zone(zone: PriceZone | None, wanted: ZoneInput, order: int) -> PriceZone:
    zone = zone or PriceZone()
    zone.name, zone.colour, zone.price_fen, zone.sort_order = (
        wanted.name.strip(),
        wanted.colour.lower(),
        wanted.price_fen,
        order,
    )
    return zone


# --- Ticket types ---------------------------------------------------------------


def _type_row(t: TicketType) -> TicketTypeRow:
    return TicketTypeRow(
        TicketTypeId(t.id),
        t.name,
        t.percent,
        t.is_comp,
        t.enabled,
        t.sort_order,
        tuple(json.loads(t.sell_roles or "[]")),
        tuple(json.loads(t.sell_terminals or "[]")),
    )


@service(None, audited=False)
def list_ticket_types(uow: UnitOfWork) -> list[TicketTypeRow]:
    types = uow.session.scalars(select(TicketType).order_by(TicketType.sort_order, TicketType.name))
    return [_type_row(t) for t in types]


@service(Perm.TICKETS_SELL, audited=False)
def list_sellable_ticket_types(uow: UnitOfWork) -> list[TicketTypeRow]:
    """The ticket types the caller may sell at this terminal (售票设置): enabled,
    and not limited to other roles or terminals; comps only with ``sales.comp``.
    The sale checks the same rules again."""
    actor = uow.actor
    assert actor is not None
    roles = set(
        uow.session.scalars(select(user_role.c.role_id).where(user_role.c.user_id == actor.user_id))
    )
    found = []
    for t in uow.session.scalars(
        select(TicketType)
        .where(TicketType.enabled)
        .order_by(TicketType.sort_order, TicketType.name)
    ):
        limited_roles = set(json.loads(t.sell_roles or "[]"))
        limited_terminals = set(json.loads(t.sell_terminals or "[]"))
        if limited_roles and not limited_roles & roles:
            continue
        if limited_terminals and (actor.terminal_id or "") not in limited_terminals:
            continue
        if t.is_comp and Perm.SALES_COMP.value not in uow.permissions:
            continue
        found.append(_type_row(t))
    return found


@service(Perm.PRICES_MANAGE, audited=True)
def save_ticket_type(
    uow: UnitOfWork,
    ticket_type_id: TicketTypeId | None,
    *,
    name: str,
    percent: int,
    is_comp: bool = False,
    enabled: bool = True,
    sort_order: int = 0,
    sell_roles: list[str] | None = None,
    sell_terminals: list[str] | None = None,
) -> TicketTypeId:
    """Create or edit a ticket type: a percentage of the zone price, or a comp.
    ``sell_roles`` / ``sell_terminals`` (售票设置): only these roles, at these
    terminals, may sell it (empty: everyone; None: leave as it is)."""
    cleaned = _text(name, 32, QT_TRANSLATE_NOOP("core", "A name must be 1 to {limit} characters."))
    if not 0 <= percent <= 100:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "The percentage must be between 0 and 100.")
        )
    clash = uow.session.scalar(
        select(TicketType).where(
            TicketType.name == cleaned, TicketType.id != (ticket_type_id or "")
        )
    )
    if clash is not None:
        raise Conflict(
            QT_TRANSLATE_NOOP("core", "A ticket type named “{name}” exists already."), name=cleaned
        )
    values: dict[str, object] = {
        "name": cleaned,
        "percent": 0 if is_comp else percent,
        "is_comp": is_comp,
        "enabled": enabled,
        "sort_order": sort_order,
    }
    for key, ids, model in (
        ("sell_roles", sell_roles, Role),
        ("sell_terminals", sell_terminals, Terminal),
    ):
        if ids is None:
            continue
        wanted = sorted(set(ids))
        known = set(uow.session.scalars(select(model.id).where(model.id.in_(wanted))))
        if len(known) != len(wanted):
            raise ValidationError(
                QT_TRANSLATE_NOOP("core", "A role or terminal chosen no longer exists.")
            )
        values[key] = json.dumps(wanted)
    if ticket_type_id is None:
        ticket_type = TicketType(**values)
        uow.session.add(ticket_type)
        uow.session.flush()
        uow.audit("ticket_type.create", "ticket_type", ticket_type.id, values)
    else:
        found = uow.session.get(TicketType, ticket_type_id)
        if found is None:
            raise NotFound(QT_TRANSLATE_NOOP("core", "That ticket type no longer exists."))
        ticket_type = found
        for key, value in values.items():
            setattr(ticket_type, key, value)
        uow.audit("ticket_type.update", "ticket_type", ticket_type.id, values)
    return TicketTypeId(ticket_type.id)
