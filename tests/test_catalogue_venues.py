"""Venues and halls after they are created: listing venues, editing and deleting
halls, deleting shows, and the venue-local time in the overlap refusal.

Real stores in SQLite files (see ``tests/conftest.py``); ``ready_store`` is the
demo with every account usable, ``store`` a fresh install.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from boxoffice.clock import venue_zone
from boxoffice.db.store import Store
from boxoffice.errors import Conflict, NotFound, PermissionDenied, ValidationError
from boxoffice.ids import CategoryId, HallId, ShowId, VenueId
from boxoffice.services import auth, catalogue, settings
from boxoffice.services.base import Actor
from tests.conftest import (
    INITIAL_ADMIN_PASSWORD,
    actor_for,
    audit_count,
    audit_entries,
    last_audit_seq,
    table_snapshot,
)

SHANGHAI = venue_zone("Asia/Shanghai")
# Far from the demo's own sessions (which start on the day the demo was made).
DAY = datetime(2030, 3, 1, tzinfo=SHANGHAI)


def at(hour: int, minute: int = 0, days: int = 0) -> datetime:
    return DAY + timedelta(days=days, hours=hour, minutes=minute)


@pytest.fixture
def venue(ready_store: Store, admin: Actor) -> VenueId:
    return catalogue.create_venue(ready_store, admin, name="音乐厅", address="湖畔路1号")


@pytest.fixture
def hall(ready_store: Store, admin: Actor, venue: VenueId) -> HallId:
    return catalogue.create_hall(
        ready_store, admin, venue_id=venue, name="主厅", seating="reserved", capacity=800
    )


@pytest.fixture
def category(ready_store: Store, admin: Actor) -> CategoryId:
    return catalogue.save_category(ready_store, admin, None, name="相声", sort_order=9)


@pytest.fixture
def show(ready_store: Store, admin: Actor, category: CategoryId) -> ShowId:
    """A two-hour show, not scheduled yet."""
    return catalogue.save_show(
        ready_store, admin, None, category_id=category, name="相声大会", duration_minutes=120
    )


def schedule(store: Store, admin: Actor, show: ShowId, hall: HallId, start: datetime) -> None:
    catalogue.save_session(store, admin, None, show_id=show, hall_id=hall, starts_at=start)


def halls_by_id(store: Store, actor: Actor) -> dict[str, catalogue.HallRow]:
    return {h.id: h for h in catalogue.list_halls(store, actor)}


def one_new_entry(store: Store, after_seq: int) -> tuple[str, str, dict[str, object]]:
    """The single audit entry written since ``after_seq``: action, target id, detail."""
    [entry] = audit_entries(store, after_seq)
    return entry.action, entry.target_id, json.loads(entry.detail)


# --- list_venues -----------------------------------------------------------------------


def test_a_fresh_store_has_no_venues(store: Store) -> None:
    first = actor_for(store, "admin", INITIAL_ADMIN_PASSWORD)
    auth.change_own_password(store, first, INITIAL_ADMIN_PASSWORD, "Fresh-Admin-2026")
    admin = actor_for(store, "admin", "Fresh-Admin-2026")
    assert catalogue.list_venues(store, admin) == []
    venue_id = catalogue.create_venue(store, admin, name="文化宫", address="")
    assert catalogue.list_venues(store, admin) == [catalogue.VenueRow(venue_id, "文化宫", "", 0)]


def test_venues_are_listed_with_or_without_halls(
    ready_store: Store, admin: Actor, cashier: Actor, venue: VenueId
) -> None:
    """Any member of staff may list them; a venue without halls is there too."""
    seq = last_audit_seq(ready_store)
    venues = catalogue.list_venues(ready_store, cashier)
    assert [v.name for v in venues] == sorted(v.name for v in venues)
    found = {v.name: v for v in venues}
    assert (found["星海大剧院"].address, found["星海大剧院"].hall_count) == ("滨江路88号", 2)
    assert found["音乐厅"] == catalogue.VenueRow(venue, "音乐厅", "湖畔路1号", 0)
    catalogue.create_hall(
        ready_store, admin, venue_id=venue, name="主厅", seating="general", capacity=50
    )
    assert {v.id: v.hall_count for v in catalogue.list_venues(ready_store, cashier)}[venue] == 1
    listing_is_not_audited = [e.action for e in audit_entries(ready_store, seq)]
    assert listing_is_not_audited == ["hall.create"]


# --- update_hall --------------------------------------------------------------------------


def test_rename_a_hall_and_change_its_capacity(
    ready_store: Store, admin: Actor, cashier: Actor, venue: VenueId, hall: HallId
) -> None:
    seq = last_audit_seq(ready_store)
    assert (
        catalogue.update_hall(
            ready_store, admin, hall, name="  交响厅 ", seating="reserved", capacity=950
        )
        == hall
    )
    row = halls_by_id(ready_store, cashier)[hall]
    assert (row.venue_id, row.name, row.seating, row.capacity) == (
        venue,
        "交响厅",
        "reserved",
        950,
    )
    action, target, detail = one_new_entry(ready_store, seq)
    assert (action, target) == ("hall.update", hall)
    assert detail == {
        "name": "交响厅",
        "before": {"name": "主厅", "capacity": 800},
        "after": {"name": "交响厅", "capacity": 950},
    }


def test_a_hall_may_keep_its_name_and_share_it_with_another_venue(
    ready_store: Store, admin: Actor, cashier: Actor, hall: HallId
) -> None:
    catalogue.update_hall(ready_store, admin, hall, name="主厅", seating="reserved", capacity=10)
    assert halls_by_id(ready_store, cashier)[hall].capacity == 10
    # 大剧场 is the name of a hall of the demo venue, not of this one.
    catalogue.update_hall(ready_store, admin, hall, name="大剧场", seating="reserved", capacity=10)
    assert halls_by_id(ready_store, cashier)[hall].name == "大剧场"


def test_an_unchanged_hall_still_writes_its_entry(
    ready_store: Store, admin: Actor, hall: HallId
) -> None:
    seq = last_audit_seq(ready_store)
    catalogue.update_hall(ready_store, admin, hall, name="主厅", seating="reserved", capacity=800)
    assert one_new_entry(ready_store, seq) == (
        "hall.update",
        hall,
        {"name": "主厅", "before": {}, "after": {}},
    )


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        (
            {"seating": "standing"},
            ValidationError,
            "Seating is reserved seats or general admission.",
        ),
        ({"capacity": -1}, ValidationError, "Capacity must be between 0 and 200,000."),
        ({"capacity": 200_001}, ValidationError, "Capacity must be between 0 and 200,000."),
        ({"name": "  "}, ValidationError, "A name must be 1 to 64 characters."),
        ({"name": "x" * 65}, ValidationError, "A name must be 1 to 64 characters."),
        ({"name": " 侧厅 "}, Conflict, "A hall named “侧厅” exists already."),
    ],
)
def test_bad_hall_edits_are_refused_like_new_halls(
    ready_store: Store,
    admin: Actor,
    venue: VenueId,
    hall: HallId,
    changes: dict[str, object],
    error: type[Exception],
    message: str,
) -> None:
    catalogue.create_hall(
        ready_store, admin, venue_id=venue, name="侧厅", seating="general", capacity=100
    )
    before, entries = table_snapshot(ready_store), audit_count(ready_store)
    values: dict[str, object] = {"name": "主厅", "seating": "reserved", "capacity": 800}
    with pytest.raises(error) as refused:
        catalogue.update_hall(ready_store, admin, hall, **{**values, **changes})  # type: ignore[arg-type]
    assert str(refused.value) == message
    assert table_snapshot(ready_store) == before
    assert audit_count(ready_store) == entries


def test_editing_a_missing_hall_is_refused(ready_store: Store, admin: Actor) -> None:
    with pytest.raises(NotFound) as refused:
        catalogue.update_hall(
            ready_store, admin, HallId("no-such-hall"), name="x", seating="general", capacity=1
        )
    assert str(refused.value) == "That hall no longer exists."


def test_a_cashier_may_not_edit_a_hall(ready_store: Store, cashier: Actor, hall: HallId) -> None:
    before = table_snapshot(ready_store)
    with pytest.raises(PermissionDenied):
        catalogue.update_hall(ready_store, cashier, hall, name="x", seating="general", capacity=1)
    assert table_snapshot(ready_store) == before


def test_seating_changes_while_the_hall_has_no_sessions(
    ready_store: Store, admin: Actor, cashier: Actor, hall: HallId
) -> None:
    seq = last_audit_seq(ready_store)
    catalogue.update_hall(ready_store, admin, hall, name="主厅", seating="general", capacity=800)
    assert halls_by_id(ready_store, cashier)[hall].seating == "general"
    assert one_new_entry(ready_store, seq)[2]["after"] == {"seating": "general"}


def test_seating_is_fixed_once_the_hall_has_sessions(
    ready_store: Store, admin: Actor, cashier: Actor, hall: HallId, show: ShowId
) -> None:
    schedule(ready_store, admin, show, hall, at(14))
    schedule(ready_store, admin, show, hall, at(19, 30))
    before, entries = table_snapshot(ready_store), audit_count(ready_store)
    with pytest.raises(Conflict) as refused:
        catalogue.update_hall(
            ready_store, admin, hall, name="主厅", seating="general", capacity=800
        )
    assert str(refused.value) == (
        "“主厅” has 2 sessions, sold by its current seating. "
        "The seating cannot change while the hall has sessions."
    )
    assert refused.value.params == {"name": "主厅", "n": 2}
    assert table_snapshot(ready_store) == before
    assert audit_count(ready_store) == entries
    # Its name and capacity may still change.
    catalogue.update_hall(ready_store, admin, hall, name="主厅", seating="reserved", capacity=780)
    assert halls_by_id(ready_store, cashier)[hall].capacity == 780


# --- delete_hall ---------------------------------------------------------------------------


def test_delete_a_hall_without_sessions_keeps_its_venue(
    ready_store: Store, admin: Actor, cashier: Actor, venue: VenueId, hall: HallId
) -> None:
    seq = last_audit_seq(ready_store)
    catalogue.delete_hall(ready_store, admin, hall)
    assert hall not in halls_by_id(ready_store, cashier)
    assert {v.id: v.hall_count for v in catalogue.list_venues(ready_store, cashier)}[venue] == 0
    assert one_new_entry(ready_store, seq) == (
        "hall.delete",
        hall,
        {"name": "主厅", "venue": "音乐厅"},
    )


def test_a_hall_with_sessions_is_not_deleted(
    ready_store: Store, admin: Actor, cashier: Actor
) -> None:
    big = next(h for h in catalogue.list_halls(ready_store, cashier) if h.name == "大剧场")
    count = sum(1 for s in catalogue.list_sessions(ready_store, cashier) if s.hall_id == big.id)
    assert count > 0
    before, entries = table_snapshot(ready_store), audit_count(ready_store)
    with pytest.raises(Conflict) as refused:
        catalogue.delete_hall(ready_store, admin, big.id)
    assert str(refused.value) == (
        f"“大剧场” still has {count} sessions. A hall with sessions cannot be deleted."
    )
    assert table_snapshot(ready_store) == before
    assert audit_count(ready_store) == entries


def test_deleting_a_missing_hall_is_refused(ready_store: Store, admin: Actor) -> None:
    with pytest.raises(NotFound) as refused:
        catalogue.delete_hall(ready_store, admin, HallId("no-such-hall"))
    assert str(refused.value) == "That hall no longer exists."


# --- delete_show ----------------------------------------------------------------------------


def test_delete_a_show_that_was_never_scheduled(
    ready_store: Store, admin: Actor, cashier: Actor, category: CategoryId, show: ShowId
) -> None:
    seq = last_audit_seq(ready_store)
    catalogue.delete_show(ready_store, admin, show)
    assert show not in {s.id for s in catalogue.list_shows(ready_store, cashier)}
    counts = {c.id: c.show_count for c in catalogue.list_categories(ready_store, cashier)}
    assert counts[category] == 0
    assert one_new_entry(ready_store, seq) == ("show.delete", show, {"name": "相声大会"})


def test_a_scheduled_show_is_not_deleted_but_can_be_taken_off(
    ready_store: Store, admin: Actor, cashier: Actor, hall: HallId, show: ShowId
) -> None:
    schedule(ready_store, admin, show, hall, at(19, 30))
    before, entries = table_snapshot(ready_store), audit_count(ready_store)
    with pytest.raises(Conflict) as refused:
        catalogue.delete_show(ready_store, admin, show)
    assert str(refused.value) == (
        "“相声大会” still has 1 sessions. Take it off the programme instead (Edit), "
        "so it can no longer be scheduled."
    )
    assert table_snapshot(ready_store) == before
    assert audit_count(ready_store) == entries


def test_deleting_a_missing_show_is_refused(ready_store: Store, admin: Actor) -> None:
    with pytest.raises(NotFound) as refused:
        catalogue.delete_show(ready_store, admin, ShowId("no-such-show"))
    assert str(refused.value) == "That show no longer exists."


def test_a_cashier_may_not_delete(ready_store: Store, cashier: Actor, show: ShowId) -> None:
    hall = catalogue.list_halls(ready_store, cashier)[0].id
    before = table_snapshot(ready_store)
    with pytest.raises(PermissionDenied):
        catalogue.delete_show(ready_store, cashier, show)
    with pytest.raises(PermissionDenied):
        catalogue.delete_hall(ready_store, cashier, hall)
    assert table_snapshot(ready_store) == before


# --- The overlap refusal reads in venue time ---------------------------------------------------


def test_overlap_names_the_other_session_in_venue_time(
    ready_store: Store, admin: Actor, hall: HallId, show: ShowId
) -> None:
    schedule(ready_store, admin, show, hall, at(19, 30))
    with pytest.raises(Conflict) as refused:
        schedule(ready_store, admin, show, hall, at(20, 0))
    assert refused.value.params["time"] == "2030-03-01 19:30"
    assert str(refused.value) == "The hall is in use then by “相声大会” at 2030-03-01 19:30."


def test_overlap_time_follows_the_venue_timezone_setting(
    ready_store: Store, admin: Actor, hall: HallId, show: ShowId
) -> None:
    schedule(ready_store, admin, show, hall, at(7, 30))  # 23:30 the day before in UTC
    settings.update_settings(ready_store, admin, venue_timezone="UTC")
    with pytest.raises(Conflict) as refused:
        schedule(ready_store, admin, show, hall, at(8, 0))
    assert refused.value.params["time"] == "2030-02-28 23:30"
