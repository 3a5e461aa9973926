"""The catalogue: venues, halls, categories, shows, sessions, price zones, ticket types."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from boxoffice.clock import venue_zone
from boxoffice.db.store import Store
from boxoffice.errors import Conflict, NotFound, ValidationError
from boxoffice.ids import CategoryId, HallId, SessionId, ShowId, TicketTypeId, VenueId
from boxoffice.money import MAX_FEN
from boxoffice.services import catalogue
from boxoffice.services.base import Actor
from boxoffice.services.catalogue import TicketTypeRow, ZoneInput
from tests.conftest import audit_count, audit_entries, last_audit_seq, table_snapshot

SHANGHAI = venue_zone("Asia/Shanghai")
# Far from the demo's own sessions (which start today), so only ours are there.
DAY = datetime(2030, 3, 1, tzinfo=SHANGHAI)


def at(hour: int, minute: int = 0, days: int = 0) -> datetime:
    return DAY + timedelta(days=days, hours=hour, minutes=minute)


@pytest.fixture
def venue_hall(ready_store: Store, admin: Actor) -> tuple[VenueId, HallId]:
    venue_id = catalogue.create_venue(ready_store, admin, name="音乐厅", address="湖畔路1号")
    hall_id = catalogue.create_hall(
        ready_store, admin, venue_id=venue_id, name="主厅", seating="reserved", capacity=800
    )
    return venue_id, hall_id


@pytest.fixture
def hall(venue_hall: tuple[VenueId, HallId]) -> HallId:
    return venue_hall[1]


@pytest.fixture
def category(ready_store: Store, admin: Actor) -> CategoryId:
    return catalogue.save_category(ready_store, admin, None, name="相声", sort_order=9)


@pytest.fixture
def show(ready_store: Store, admin: Actor, category: CategoryId) -> ShowId:
    """A two-hour show."""
    return catalogue.save_show(
        ready_store, admin, None, category_id=category, name="相声大会", duration_minutes=120
    )


@pytest.fixture
def session_id(ready_store: Store, admin: Actor, show: ShowId, hall: HallId) -> SessionId:
    """The show at 19:30 on DAY, without price zones yet."""
    return catalogue.save_session(
        ready_store, admin, None, show_id=show, hall_id=hall, starts_at=at(19, 30)
    )


def _sessions_on_day(store: Store, actor: Actor) -> list[catalogue.SessionRow]:
    return catalogue.list_sessions(
        store, actor, starts_from=DAY, starts_before=DAY + timedelta(days=3)
    )


def _session(store: Store, actor: Actor, session_id: SessionId) -> catalogue.SessionRow:
    [row] = [s for s in _sessions_on_day(store, actor) if s.id == session_id]
    return row


# --- Venues and halls -----------------------------------------------------------------


def test_create_venue_and_halls(
    ready_store: Store, admin: Actor, cashier: Actor, venue_hall: tuple[VenueId, HallId]
) -> None:
    venue_id, hall_id = venue_hall
    small = catalogue.create_hall(
        ready_store, admin, venue_id=venue_id, name="小厅", seating="general", capacity=120
    )
    halls = {h.id: h for h in catalogue.list_halls(ready_store, cashier)}
    assert (halls[hall_id].venue_name, halls[hall_id].name) == ("音乐厅", "主厅")
    assert (halls[hall_id].seating, halls[hall_id].capacity) == ("reserved", 800)
    assert (halls[small].seating, halls[small].capacity) == ("general", 120)
    assert halls[small].venue_id == venue_id


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"seating": "standing"}, ValidationError),
        ({"capacity": -1}, ValidationError),
        ({"capacity": 200_001}, ValidationError),
        ({"name": "  "}, ValidationError),
        ({"name": "主厅"}, Conflict),
        ({"venue_id": "no-such-venue"}, NotFound),
    ],
)
def test_bad_halls_are_refused(
    ready_store: Store,
    admin: Actor,
    venue_hall: tuple[VenueId, HallId],
    changes: dict[str, object],
    error: type[Exception],
) -> None:
    before = table_snapshot(ready_store)
    values: dict[str, object] = {
        "venue_id": venue_hall[0],
        "name": "新厅",
        "seating": "reserved",
        "capacity": 100,
    }
    with pytest.raises(error):
        catalogue.create_hall(ready_store, admin, **{**values, **changes})  # type: ignore[arg-type]
    assert table_snapshot(ready_store) == before


def test_venue_needs_a_name(ready_store: Store, admin: Actor) -> None:
    with pytest.raises(ValidationError) as refused:
        catalogue.create_venue(ready_store, admin, name=" ")
    assert refused.value.params == {"limit": 128}


# --- Categories -------------------------------------------------------------------------


def test_category_create_rename_delete(ready_store: Store, admin: Actor, cashier: Actor) -> None:
    seq = last_audit_seq(ready_store)
    category_id = catalogue.save_category(ready_store, admin, None, name=" 杂技 ", sort_order=7)
    found = {c.id: c for c in catalogue.list_categories(ready_store, cashier)}
    assert (found[category_id].name, found[category_id].sort_order) == ("杂技", 7)
    assert found[category_id].show_count == 0

    assert catalogue.save_category(ready_store, admin, category_id, name="魔术") == category_id
    assert {c.id: c.name for c in catalogue.list_categories(ready_store, cashier)}[
        category_id
    ] == "魔术"

    catalogue.delete_category(ready_store, admin, category_id)
    assert category_id not in {c.id for c in catalogue.list_categories(ready_store, cashier)}
    assert [e.action for e in audit_entries(ready_store, seq)] == [
        "category.create",
        "category.update",
        "category.delete",
    ]


def test_categories_are_sorted_and_count_their_shows(ready_store: Store, cashier: Actor) -> None:
    categories = catalogue.list_categories(ready_store, cashier)
    assert [c.sort_order for c in categories] == sorted(c.sort_order for c in categories)
    counts = {c.name: c.show_count for c in categories}
    assert counts["话剧"] == 1
    assert sum(counts.values()) == len(catalogue.list_shows(ready_store, cashier))


def test_category_names_are_unique(ready_store: Store, admin: Actor, category: CategoryId) -> None:
    with pytest.raises(Conflict):
        catalogue.save_category(ready_store, admin, None, name="话剧")
    with pytest.raises(Conflict):
        catalogue.save_category(ready_store, admin, category, name="话剧")
    # Saving a category under its own name is no clash.
    catalogue.save_category(ready_store, admin, category, name="相声", sort_order=1)


def test_category_with_shows_cannot_be_deleted(
    ready_store: Store, admin: Actor, category: CategoryId, show: ShowId
) -> None:
    with pytest.raises(Conflict, match="still has 1 shows"):
        catalogue.delete_category(ready_store, admin, category)


def test_unknown_category(ready_store: Store, admin: Actor) -> None:
    with pytest.raises(NotFound):
        catalogue.save_category(ready_store, admin, CategoryId("gone"), name="x")
    with pytest.raises(NotFound):
        catalogue.delete_category(ready_store, admin, CategoryId("gone"))


# --- Shows ------------------------------------------------------------------------------


def test_show_create_and_edit(
    ready_store: Store, admin: Actor, cashier: Actor, category: CategoryId
) -> None:
    show_id = catalogue.save_show(
        ready_store,
        admin,
        None,
        category_id=category,
        name=" 德云社专场 ",
        duration_minutes=150,
        introduction=" 传统相声 ",
        notices="请勿录像",
    )
    shows = {s.id: s for s in catalogue.list_shows(ready_store, cashier)}
    row = shows[show_id]
    assert (row.name, row.category_name, row.duration_minutes) == ("德云社专场", "相声", 150)
    assert (row.introduction, row.notices, row.enabled) == ("传统相声", "请勿录像", True)

    seq = last_audit_seq(ready_store)
    catalogue.save_show(
        ready_store,
        admin,
        show_id,
        category_id=category,
        name="德云社专场",
        duration_minutes=120,
        introduction="传统相声",
        notices="请勿录像",
        enabled=False,
    )
    row = {s.id: s for s in catalogue.list_shows(ready_store, cashier)}[show_id]
    assert (row.duration_minutes, row.enabled) == (120, False)
    [entry] = audit_entries(ready_store, seq)
    assert entry.action == "show.update"
    assert entry.detail == '{"changed": {"duration_minutes": 120, "enabled": false}}'


@pytest.mark.parametrize("minutes", [0, -10, 24 * 60 + 1])
def test_show_duration_must_be_sensible(
    ready_store: Store, admin: Actor, category: CategoryId, minutes: int
) -> None:
    with pytest.raises(ValidationError, match="duration"):
        catalogue.save_show(
            ready_store, admin, None, category_id=category, name="x", duration_minutes=minutes
        )


def test_show_needs_an_existing_category(ready_store: Store, admin: Actor) -> None:
    with pytest.raises(NotFound):
        catalogue.save_show(
            ready_store, admin, None, category_id=CategoryId("gone"), name="x", duration_minutes=60
        )


# --- Sessions ---------------------------------------------------------------------------


def test_create_session(
    ready_store: Store, cashier: Actor, session_id: SessionId, show: ShowId, hall: HallId
) -> None:
    row = _session(ready_store, cashier, session_id)
    assert (row.show_id, row.show_name, row.category_name) == (show, "相声大会", "相声")
    assert (row.hall_id, row.hall_name) == (hall, "主厅")
    assert row.starts_at == datetime(2030, 3, 1, 11, 30, tzinfo=UTC)  # 19:30 in Shanghai
    assert row.ends_at == row.starts_at + timedelta(hours=2)
    assert (row.status, row.zones) == ("stopped", ())


def test_list_sessions_by_time_range(
    ready_store: Store, admin: Actor, cashier: Actor, show: ShowId, hall: HallId
) -> None:
    ids = [
        catalogue.save_session(
            ready_store, admin, None, show_id=show, hall_id=hall, starts_at=at(19, days=d)
        )
        for d in (0, 1, 2)
    ]
    rows = catalogue.list_sessions(
        ready_store, cashier, starts_from=at(19, days=1), starts_before=at(19, days=2)
    )
    assert [r.id for r in rows] == [ids[1]]  # from inclusive, before exclusive
    assert [r.id for r in _sessions_on_day(ready_store, cashier)] == ids  # ordered by start


def test_sessions_in_one_hall_cannot_overlap(
    ready_store: Store, admin: Actor, session_id: SessionId, show: ShowId, hall: HallId
) -> None:
    before = table_snapshot(ready_store)
    for start in (at(19, 30), at(18, 0), at(21, 29), at(17, 31)):
        with pytest.raises(Conflict, match="in use") as refused:
            catalogue.save_session(
                ready_store, admin, None, show_id=show, hall_id=hall, starts_at=start
            )
        assert refused.value.params["show"] == "相声大会"
    assert table_snapshot(ready_store) == before
    # Back to back is fine: 17:30-19:30 and 21:30-23:30.
    catalogue.save_session(
        ready_store, admin, None, show_id=show, hall_id=hall, starts_at=at(17, 30)
    )
    catalogue.save_session(
        ready_store, admin, None, show_id=show, hall_id=hall, starts_at=at(21, 30)
    )


def test_overlap_is_checked_across_timezones(
    ready_store: Store, admin: Actor, session_id: SessionId, show: ShowId, hall: HallId
) -> None:
    """19:30 in Shanghai is 11:30 UTC: the same moment given in UTC clashes."""
    with pytest.raises(Conflict):
        catalogue.save_session(
            ready_store,
            admin,
            None,
            show_id=show,
            hall_id=hall,
            starts_at=datetime(2030, 3, 1, 12, 0, tzinfo=UTC),
        )


def test_same_time_in_another_hall_is_fine(
    ready_store: Store,
    admin: Actor,
    cashier: Actor,
    session_id: SessionId,
    show: ShowId,
    venue_hall: tuple[VenueId, HallId],
) -> None:
    other = catalogue.create_hall(
        ready_store, admin, venue_id=venue_hall[0], name="小厅", seating="general", capacity=50
    )
    catalogue.save_session(
        ready_store, admin, None, show_id=show, hall_id=other, starts_at=at(19, 30)
    )
    assert len(_sessions_on_day(ready_store, cashier)) == 2


def test_editing_a_session_does_not_clash_with_itself(
    ready_store: Store,
    admin: Actor,
    cashier: Actor,
    session_id: SessionId,
    show: ShowId,
    hall: HallId,
) -> None:
    seq = last_audit_seq(ready_store)
    catalogue.save_session(
        ready_store, admin, session_id, show_id=show, hall_id=hall, starts_at=at(20, 0)
    )
    row = _session(ready_store, cashier, session_id)
    assert row.starts_at == at(20, 0)
    [entry] = audit_entries(ready_store, seq)
    assert (entry.action, entry.target_id) == ("session.update", session_id)
    assert "2030-03-01T11:30:00+00:00" in entry.detail  # before
    assert "2030-03-01T12:00:00+00:00" in entry.detail  # after


def test_moving_a_session_onto_another_is_refused(
    ready_store: Store,
    admin: Actor,
    cashier: Actor,
    session_id: SessionId,
    show: ShowId,
    hall: HallId,
) -> None:
    later = catalogue.save_session(
        ready_store, admin, None, show_id=show, hall_id=hall, starts_at=at(19, 30, days=1)
    )
    with pytest.raises(Conflict):
        catalogue.save_session(
            ready_store, admin, later, show_id=show, hall_id=hall, starts_at=at(20, 0)
        )
    assert _session(ready_store, cashier, later).starts_at == at(19, 30, days=1)


def test_naive_datetime_is_refused(
    ready_store: Store, admin: Actor, cashier: Actor, show: ShowId, hall: HallId
) -> None:
    before = audit_count(ready_store)
    with pytest.raises(ValidationError, match="without a timezone"):
        catalogue.save_session(
            ready_store, admin, None, show_id=show, hall_id=hall, starts_at=datetime(2030, 3, 1, 19)
        )
    with pytest.raises(ValidationError, match="without a timezone"):
        catalogue.list_sessions(ready_store, cashier, starts_from=datetime(2030, 3, 1))
    assert audit_count(ready_store) == before
    assert _sessions_on_day(ready_store, cashier) == []


def test_session_refuses_unknown_things(
    ready_store: Store, admin: Actor, show: ShowId, hall: HallId
) -> None:
    with pytest.raises(NotFound):
        catalogue.save_session(
            ready_store, admin, None, show_id=ShowId("gone"), hall_id=hall, starts_at=at(10)
        )
    with pytest.raises(NotFound):
        catalogue.save_session(
            ready_store, admin, None, show_id=show, hall_id=HallId("gone"), starts_at=at(10)
        )
    with pytest.raises(ValidationError, match="status"):
        catalogue.save_session(
            ready_store, admin, None, show_id=show, hall_id=hall, starts_at=at(10), status="sold"
        )
    with pytest.raises(NotFound):
        catalogue.save_session(
            ready_store, admin, SessionId("gone"), show_id=show, hall_id=hall, starts_at=at(10)
        )


def test_session_goes_on_sale_only_with_zones(
    ready_store: Store, admin: Actor, cashier: Actor, session_id: SessionId
) -> None:
    with pytest.raises(Conflict, match="priced zone"):
        catalogue.set_session_status(ready_store, admin, session_id, "on_sale")
    assert _session(ready_store, cashier, session_id).status == "stopped"

    catalogue.set_price_zones(ready_store, admin, session_id, [ZoneInput("散座", "#8e44ad", 8000)])
    seq = last_audit_seq(ready_store)
    catalogue.set_session_status(ready_store, admin, session_id, "on_sale")
    assert _session(ready_store, cashier, session_id).status == "on_sale"
    [entry] = audit_entries(ready_store, seq)
    assert entry.action == "session.status"
    assert entry.detail == '{"after": "on_sale", "before": "stopped"}'

    catalogue.set_session_status(ready_store, admin, session_id, "stopped")
    catalogue.set_session_status(ready_store, admin, session_id, "ended")
    assert _session(ready_store, cashier, session_id).status == "ended"
    with pytest.raises(ValidationError):
        catalogue.set_session_status(ready_store, admin, session_id, "paused")
    with pytest.raises(NotFound):
        catalogue.set_session_status(ready_store, admin, SessionId("gone"), "stopped")


def test_a_new_session_cannot_start_on_sale(
    ready_store: Store, admin: Actor, cashier: Actor, show: ShowId, hall: HallId
) -> None:
    """It has no prices yet, so nothing could be sold."""
    with pytest.raises(Conflict, match="priced zone"):
        catalogue.save_session(
            ready_store, admin, None, show_id=show, hall_id=hall, starts_at=at(10), status="on_sale"
        )
    assert _sessions_on_day(ready_store, cashier) == []


def test_editing_puts_a_session_on_sale_only_with_zones(
    ready_store: Store,
    admin: Actor,
    cashier: Actor,
    session_id: SessionId,
    show: ShowId,
    hall: HallId,
) -> None:
    values = {"show_id": show, "hall_id": hall, "starts_at": at(19, 30), "status": "on_sale"}
    with pytest.raises(Conflict, match="priced zone"):
        catalogue.save_session(ready_store, admin, session_id, **values)  # type: ignore[arg-type]
    assert _session(ready_store, cashier, session_id).status == "stopped"

    catalogue.set_price_zones(ready_store, admin, session_id, [ZoneInput("散座", "#8e44ad", 8000)])
    catalogue.save_session(ready_store, admin, session_id, **values)  # type: ignore[arg-type]
    assert _session(ready_store, cashier, session_id).status == "on_sale"


def test_zones_of_a_session_on_sale_cannot_all_go(
    ready_store: Store, admin: Actor, cashier: Actor, session_id: SessionId
) -> None:
    catalogue.set_price_zones(ready_store, admin, session_id, [ZoneInput("散座", "#8e44ad", 8000)])
    catalogue.set_session_status(ready_store, admin, session_id, "on_sale")
    with pytest.raises(Conflict, match="priced zone"):
        catalogue.set_price_zones(ready_store, admin, session_id, [])
    assert len(_session(ready_store, cashier, session_id).zones) == 1

    # Once sales stop, the zones may be cleared.
    catalogue.set_session_status(ready_store, admin, session_id, "stopped")
    catalogue.set_price_zones(ready_store, admin, session_id, [])
    assert _session(ready_store, cashier, session_id).zones == ()


# --- Price zones ------------------------------------------------------------------------


def test_set_price_zones(
    ready_store: Store, admin: Actor, cashier: Actor, session_id: SessionId
) -> None:
    catalogue.set_price_zones(
        ready_store,
        admin,
        session_id,
        [ZoneInput(" VIP ", "#B8860B", 68000), ZoneInput("甲票", "#c0392b", 48000)],
    )
    zones = _session(ready_store, cashier, session_id).zones
    assert [(z.name, z.colour, z.price_fen) for z in zones] == [
        ("VIP", "#b8860b", 68000),
        ("甲票", "#c0392b", 48000),
    ]


def test_replacing_zones_keeps_the_ids_of_zones_that_stay(
    ready_store: Store, admin: Actor, cashier: Actor, session_id: SessionId
) -> None:
    catalogue.set_price_zones(
        ready_store,
        admin,
        session_id,
        [ZoneInput("VIP", "#b8860b", 68000), ZoneInput("甲票", "#c0392b", 48000)],
    )
    first = {z.name: z.id for z in _session(ready_store, cashier, session_id).zones}
    seq = last_audit_seq(ready_store)

    catalogue.set_price_zones(
        ready_store,
        admin,
        session_id,
        [ZoneInput("乙票", "#2e86c1", 28000), ZoneInput("VIP", "#b8860b", 58000)],
    )

    zones = _session(ready_store, cashier, session_id).zones
    assert [(z.name, z.price_fen) for z in zones] == [("乙票", 28000), ("VIP", 58000)]
    assert zones[1].id == first["VIP"]
    assert first["甲票"] not in {z.id for z in zones}
    [entry] = audit_entries(ready_store, seq)
    assert entry.action == "session.prices"
    assert '"before": [["VIP", 68000], ["甲票", 48000]]' in entry.detail


@pytest.mark.parametrize(
    ("zone", "message"),
    [
        (ZoneInput("甲票", "#c0392b", -1), "out of range"),
        (ZoneInput("甲票", "#c0392b", MAX_FEN + 1), "out of range"),
        (ZoneInput("甲票", "red", 1000), "not a colour"),
        (ZoneInput("甲票", "#c0392", 1000), "not a colour"),
        (ZoneInput("甲票", "#gggggg", 1000), "not a colour"),
        (ZoneInput("  ", "#c0392b", 1000), "zone name"),
        (ZoneInput("VIP", "#c0392b", 1000), "appears twice"),
    ],
)
def test_bad_zones_change_nothing(
    ready_store: Store,
    admin: Actor,
    cashier: Actor,
    session_id: SessionId,
    zone: ZoneInput,
    message: str,
) -> None:
    catalogue.set_price_zones(ready_store, admin, session_id, [ZoneInput("VIP", "#b8860b", 68000)])
    before = table_snapshot(ready_store, skip=())

    with pytest.raises(ValidationError, match=message):
        catalogue.set_price_zones(
            ready_store, admin, session_id, [ZoneInput("VIP", "#b8860b", 50000), zone]
        )

    assert table_snapshot(ready_store, skip=()) == before  # audit log included
    [vip] = _session(ready_store, cashier, session_id).zones
    assert vip.price_fen == 68000


def test_free_zone_is_allowed(
    ready_store: Store, admin: Actor, cashier: Actor, session_id: SessionId
) -> None:
    catalogue.set_price_zones(ready_store, admin, session_id, [ZoneInput("公益", "#27ae60", 0)])
    assert _session(ready_store, cashier, session_id).zones[0].price_fen == 0


def test_zones_of_unknown_session(ready_store: Store, admin: Actor) -> None:
    with pytest.raises(NotFound):
        catalogue.set_price_zones(ready_store, admin, SessionId("gone"), [])


# --- Ticket types -----------------------------------------------------------------------------


def test_standard_ticket_types(ready_store: Store, cashier: Actor) -> None:
    types = catalogue.list_ticket_types(ready_store, cashier)
    assert [(t.name, t.percent, t.is_comp) for t in types] == [
        ("全价", 100, False),
        ("学生", 80, False),
        ("儿童", 50, False),
        ("老人", 50, False),
        ("赠票", 0, True),
    ]


def test_ticket_type_create_and_edit(ready_store: Store, admin: Actor, cashier: Actor) -> None:
    type_id = catalogue.save_ticket_type(
        ready_store, admin, None, name=" 军人 ", percent=70, sort_order=10
    )
    row = {t.id: t for t in catalogue.list_ticket_types(ready_store, cashier)}[type_id]
    assert (row.name, row.percent, row.is_comp, row.enabled) == ("军人", 70, False, True)

    catalogue.save_ticket_type(ready_store, admin, type_id, name="军人", percent=60, enabled=False)
    row = {t.id: t for t in catalogue.list_ticket_types(ready_store, cashier)}[type_id]
    assert (row.percent, row.enabled) == (60, False)


@pytest.mark.parametrize("percent", [-1, 101, 1000])
def test_ticket_type_percent_bounds(ready_store: Store, admin: Actor, percent: int) -> None:
    before = table_snapshot(ready_store)
    with pytest.raises(ValidationError, match="between 0 and 100"):
        catalogue.save_ticket_type(ready_store, admin, None, name="特价", percent=percent)
    assert table_snapshot(ready_store) == before


@pytest.mark.parametrize("percent", [0, 100])
def test_ticket_type_percent_limits_are_allowed(
    ready_store: Store, admin: Actor, cashier: Actor, percent: int
) -> None:
    type_id = catalogue.save_ticket_type(ready_store, admin, None, name="特价", percent=percent)
    row = {t.id: t for t in catalogue.list_ticket_types(ready_store, cashier)}[type_id]
    assert row.percent == percent


def test_comp_ticket_type_is_always_free(ready_store: Store, admin: Actor, cashier: Actor) -> None:
    type_id = catalogue.save_ticket_type(
        ready_store, admin, None, name="嘉宾票", percent=100, is_comp=True
    )
    row = {t.id: t for t in catalogue.list_ticket_types(ready_store, cashier)}[type_id]
    assert (row.percent, row.is_comp) == (0, True)
    assert row.price_for(68000) == 0


def test_ticket_type_names_are_unique(ready_store: Store, admin: Actor, cashier: Actor) -> None:
    with pytest.raises(Conflict):
        catalogue.save_ticket_type(ready_store, admin, None, name="学生", percent=75)
    student = {t.name: t.id for t in catalogue.list_ticket_types(ready_store, cashier)}["学生"]
    catalogue.save_ticket_type(ready_store, admin, student, name="学生", percent=75)
    with pytest.raises(NotFound):
        catalogue.save_ticket_type(ready_store, admin, TicketTypeId("gone"), name="x", percent=1)


@pytest.mark.parametrize(
    ("percent", "is_comp", "zone_price", "price"),
    [
        (100, False, 48000, 48000),
        (80, False, 48000, 38400),
        (50, False, 12345, 6173),  # 6172.5 rounds up
        (50, False, 1, 1),
        (33, False, 1000, 330),
        (0, False, 48000, 0),
        (0, True, 48000, 0),
        (100, True, 48000, 0),  # a comp is free whatever its percentage says
    ],
)
def test_ticket_price_for_a_zone(percent: int, is_comp: bool, zone_price: int, price: int) -> None:
    ticket_type = TicketTypeRow(TicketTypeId("t"), "票", percent, is_comp, True, 0)
    assert ticket_type.price_for(zone_price) == price
