"""Seat layouts in the store: versions, sessions seated from them, moving a
session to another version (refused while a seat that would go is taken)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from boxoffice import bootstrap
from boxoffice.db.models import Change, SessionSeat
from boxoffice.db.store import Store
from boxoffice.errors import Conflict, PermissionDenied, ValidationError
from boxoffice.ids import HallId, SessionId, new_id
from boxoffice.services import auth, catalogue, layouts, seating
from boxoffice.services.base import Actor
from boxoffice.services.catalogue import ZoneInput
from seatmap.model import (
    Layout,
    Seat,
    SeatId,
    SeatKind,
    Section,
    SectionId,
    Zone,
    content_hash,
    demo,
    dumps,
    loads,
)
from tests.conftest import audit_entries, last_audit_seq, table_snapshot
from tests.test_seating import full_price

ROWS, COLS = 3, 4


def small_layout() -> Layout:
    """3 rows of 4: row 1 in zone A, the rest in B; a wheelchair place at the
    back left and a seat not for sale at the back right."""
    seats = []
    for y in range(ROWS):
        for x in range(COLS):
            kind = SeatKind.NORMAL
            if (x, y) == (0, ROWS - 1):
                kind = SeatKind.WHEELCHAIR
            elif (x, y) == (COLS - 1, ROWS - 1):
                kind = SeatKind.NOT_FOR_SALE
            seats.append(
                Seat(x, y, str(y + 1), x + 1, "A" if y == 0 else "B", kind, SeatId(new_id()))
            )
    section = Section(SectionId(new_id()), "池座", COLS, ROWS, tuple(seats))
    return Layout(
        "实验厅",
        sections=(section,),
        zones=(Zone("A", "甲等", "#C0392B"), Zone("B", "乙等", "#2980b9"), Zone("C", "丙等")),
    )


def seat_ids(layout: Layout) -> set[str]:
    return {seat.id for _, seat in layout.seats()}


def new_hall(store: Store, admin: Actor, seating_kind: str = "reserved") -> HallId:
    venue = catalogue.list_venues(store, admin)[0]
    return catalogue.create_hall(
        store,
        admin,
        venue_id=venue.id,
        name=f"厅{new_id()[-6:]}",
        seating=seating_kind,
        capacity=12,
    )


def new_session(store: Store, admin: Actor, hall_id: HallId, day: int = 1) -> SessionId:
    show = catalogue.list_shows(store, admin)[0]
    return catalogue.save_session(
        store,
        admin,
        None,
        show_id=show.id,
        hall_id=hall_id,
        starts_at=datetime(2031, 3, day, 12, 0, tzinfo=UTC),
    )


def session_seats(store: Store, session_id: str) -> dict[str, SessionSeat]:
    with store.reading() as s:
        return {
            seat.seat_id: seat
            for seat in s.scalars(select(SessionSeat).where(SessionSeat.session_id == session_id))
        }


def session_row(store: Store, admin: Actor, session_id: str) -> catalogue.SessionRow:
    return next(s for s in catalogue.list_sessions(store, admin) if s.id == session_id)


# --- Versions ---------------------------------------------------------------------------


def test_saving_makes_a_new_version_only_when_the_layout_changes(
    ready_store: Store, admin: Actor
) -> None:
    hall = new_hall(ready_store, admin)
    layout = demo.grand_theatre()
    first = layouts.save_hall_layout(ready_store, admin, hall, dumps(layout))
    assert (first.version, first.seat_count, first.created_by) == (1, 2554, "admin")
    assert first.content_hash == content_hash(layout)

    again = layouts.save_hall_layout(ready_store, admin, hall, dumps(replace(layout, version=7)))
    assert again == first  # same content, whatever its version number says

    changed = replace(layout, name="大剧场（新）")
    second = layouts.save_hall_layout(ready_store, admin, hall, dumps(changed))
    assert second.version == 2
    assert [r.version for r in layouts.list_hall_layouts(ready_store, admin, hall)] == [1, 2]

    latest = layouts.list_hall_layout_text(ready_store, admin, hall)
    assert latest.layout == second
    assert loads(latest.layout_json) == replace(changed, version=2)
    old = layouts.list_hall_layout_text(ready_store, admin, hall, 1)
    assert loads(old.layout_json) == layout
    with pytest.raises(Exception, match="no seat layout version"):
        layouts.list_hall_layout_text(ready_store, admin, hall, 3)
    actions = [e.action for e in audit_entries(ready_store)[-3:]]
    assert actions == ["hall_layout.save", "hall_layout.unchanged", "hall_layout.save"]


def test_a_general_admission_hall_refuses_a_layout(ready_store: Store, admin: Actor) -> None:
    hall = new_hall(ready_store, admin, "general")
    with pytest.raises(Conflict, match="general admission"):
        layouts.save_hall_layout(ready_store, admin, hall, dumps(small_layout()))


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        ("{", "not valid JSON|JSON"),
        ('{"format": "something-else"}', "not a BoxOffice layout"),
        ("HUGE", "not valid at sections/0/columns"),
    ],
)
def test_a_hostile_file_changes_nothing(
    ready_store: Store, admin: Actor, text: str, refusal: str
) -> None:
    hall = new_hall(ready_store, admin)
    before = table_snapshot(ready_store)
    # "HUGE": a document claiming 10^7 cells, refused by the schema before anything is built.
    data = (
        dumps(small_layout()).replace('"columns": 4', '"columns": 10000000')
        if text == "HUGE"
        else text
    )
    with pytest.raises(ValidationError, match=refusal):
        layouts.save_hall_layout(ready_store, admin, hall, data)
    assert table_snapshot(ready_store) == before


def test_a_layout_that_could_not_be_sold_is_refused_naming_the_problem(
    ready_store: Store, admin: Actor
) -> None:
    hall = new_hall(ready_store, admin)
    layout = small_layout()
    section = layout.sections[0]
    first = section.seats[0]
    no_zone = replace(
        layout, sections=(section.with_seats([replace(first, zone=""), *section.seats[1:]]),)
    )
    twice = replace(
        layout,
        sections=(
            section.with_seats(
                [*section.seats[:-1], replace(section.seats[-1], number=1, row="1")]
            ),
        ),
    )
    before = table_snapshot(ready_store)
    with pytest.raises(ValidationError) as refused:
        layouts.save_hall_layout(ready_store, admin, hall, dumps(no_zone))
    assert "has no price zone" in refused.value.english()
    assert refused.value.params["seat"] == "1排1号"
    with pytest.raises(ValidationError, match="same label"):
        layouts.save_hall_layout(ready_store, admin, hall, dumps(twice))
    assert table_snapshot(ready_store) == before


def test_a_cashier_may_read_but_not_save_a_layout(
    ready_store: Store, admin: Actor, cashier: Actor
) -> None:
    hall = new_hall(ready_store, admin)
    with pytest.raises(PermissionDenied):
        layouts.save_hall_layout(ready_store, cashier, hall, dumps(small_layout()))
    layouts.save_hall_layout(ready_store, admin, hall, dumps(small_layout()))
    assert len(layouts.list_hall_layouts(ready_store, cashier, hall)) == 1
    with pytest.raises(PermissionDenied):
        layouts.move_session_to_layout(ready_store, cashier, SessionId(new_id()), 1)


# --- Sessions seated from layouts ---------------------------------------------------------


def test_a_session_gets_exactly_the_layout_seats_and_zones(
    ready_store: Store, admin: Actor
) -> None:
    hall = new_hall(ready_store, admin)
    layout = small_layout()
    layouts.save_hall_layout(ready_store, admin, hall, dumps(layout))
    session_id = new_session(ready_store, admin, hall)

    seats = session_seats(ready_store, session_id)
    assert set(seats) == seat_ids(layout)
    zones = {z.id: z for z in session_row(ready_store, admin, session_id).zones}
    # One price zone per layout zone with seats (丙等 has none), named and coloured like it, unpriced.
    assert [(z.name, z.colour, z.price_fen) for z in zones.values()] == [
        ("甲等", "#c0392b", 0),
        ("乙等", "#2980b9", 0),
    ]
    for _, seat in layout.seats():
        row = seats[seat.id]
        assert row.label == f"{seat.row}排{seat.number}号"
        assert zones[row.zone_id or ""].name == ("甲等" if seat.zone == "A" else "乙等")
        assert row.accessible == (seat.kind is SeatKind.WHEELCHAIR)
        assert row.state == ("blocked" if seat.kind is SeatKind.NOT_FOR_SALE else "available")
        assert (row.row, row.col) == (seat.y + 1, seat.x + 1)
    assert audit_entries(ready_store)[-1].action == "session.create"


def test_a_hall_without_a_layout_keeps_its_seating(ready_store: Store, admin: Actor) -> None:
    hall = new_hall(ready_store, admin)
    session_id = new_session(ready_store, admin, hall)
    assert session_seats(ready_store, session_id) == {}
    big = next(s for s in catalogue.list_sessions(ready_store, admin) if s.hall_name == "大剧场")
    assert "r1c1" in session_seats(ready_store, big.id)


# --- Moving a session to another version -----------------------------------------------------


def on_sale_session(store: Store, admin: Actor, layout: Layout) -> tuple[HallId, SessionId]:
    hall = new_hall(store, admin)
    layouts.save_hall_layout(store, admin, hall, dumps(layout))
    session_id = new_session(store, admin, hall)
    catalogue.set_price_zones(
        store,
        admin,
        session_id,
        [ZoneInput("甲等", "#c0392b", 18000), ZoneInput("乙等", "#2980b9", 8000)],
    )
    catalogue.set_session_status(store, admin, session_id, "on_sale")
    return hall, session_id


def sell(store: Store, actor: Actor, session_id: SessionId, seat: str) -> None:
    hold = seating.hold_seats(store, actor, session_id, [seat])
    price = {z.id: z.price_fen for z in session_row(store, actor, session_id).zones}
    zone_id = session_seats(store, session_id)[seat].zone_id or ""
    order_id = new_id()
    seating.sell(
        store,
        actor,
        order_id=order_id,
        number=order_id[-8:],
        session_id=session_id,
        hold_id=hold.hold_id,
        lines=[seating.SaleLine(seat, full_price(store, actor))],
        payments=[seating.PaymentLine("cash", price[zone_id])],
    )


def test_moving_is_refused_naming_sold_and_held_seats(
    ready_store: Store, admin: Actor, cashier: Actor
) -> None:
    layout = small_layout()
    hall, session_id = on_sale_session(ready_store, admin, layout)
    front = layout.sections[0].seats[:COLS]  # row 1
    sell(ready_store, cashier, session_id, front[0].id)
    seating.hold_seats(ready_store, cashier, session_id, [front[1].id])
    section = layout.sections[0]
    without_front = replace(layout, sections=(section.with_seats(section.seats[COLS:]),))
    layouts.save_hall_layout(ready_store, admin, hall, dumps(without_front))
    before = table_snapshot(ready_store)

    with pytest.raises(Conflict) as refused:
        layouts.move_session_to_layout(ready_store, admin, session_id, 2)

    assert refused.value.params == {"version": 2, "seats": "1排1号, 1排2号"}
    assert table_snapshot(ready_store) == before


def test_moving_removes_free_seats_adds_new_ones_and_rezones(
    ready_store: Store, admin: Actor, cashier: Actor
) -> None:
    layout = small_layout()
    hall, session_id = on_sale_session(ready_store, admin, layout)
    section = layout.sections[0]
    back = section.seats[-COLS:]
    sell(ready_store, cashier, session_id, back[1].id)  # stays: row 3 is kept
    gone = section.seats[0]  # free, removed
    added = Seat(COLS, 0, "1", COLS + 1, "C", SeatKind.NORMAL, SeatId(new_id()))
    rezoned = replace(section.seats[1], zone="B", number=9)
    kept = [s for s in section.seats[2:]]
    new = replace(
        layout,
        sections=(replace(section, columns=COLS + 1).with_seats([rezoned, *kept, added]),),
    )
    layouts.save_hall_layout(ready_store, admin, hall, dumps(new))
    seq = last_audit_seq(ready_store)

    move = layouts.move_session_to_layout(ready_store, admin, session_id, 2)

    assert (move.removed, move.added, move.updated) == (1, 1, 1)
    seats = session_seats(ready_store, session_id)
    assert set(seats) == seat_ids(new)
    assert gone.id not in seats
    zones = {z.name: z.id for z in session_row(ready_store, admin, session_id).zones}
    assert list(zones) == ["甲等", "乙等", "丙等"]  # 丙等 now has a seat: added, unpriced
    assert seats[rezoned.id].zone_id == zones["乙等"]
    assert seats[rezoned.id].label == "1排9号"
    assert seats[added.id].zone_id == zones["丙等"]
    assert seats[back[1].id].state == "sold"
    [entry] = audit_entries(ready_store, seq)
    assert entry.action == "session.layout"
    with ready_store.reading() as s:
        change = s.scalars(select(Change).order_by(Change.seq.desc()).limit(1)).one()
    assert (change.kind, change.session_id) == ("layout", session_id)


def test_a_session_moved_to_another_hall_takes_that_halls_seats(
    ready_store: Store, admin: Actor
) -> None:
    first, second = small_layout(), small_layout()
    hall_a, hall_b = new_hall(ready_store, admin), new_hall(ready_store, admin)
    layouts.save_hall_layout(ready_store, admin, hall_a, dumps(first))
    layouts.save_hall_layout(ready_store, admin, hall_b, dumps(second))
    session_id = new_session(ready_store, admin, hall_a)
    assert set(session_seats(ready_store, session_id)) == seat_ids(first)
    row = session_row(ready_store, admin, session_id)

    catalogue.save_session(
        ready_store, admin, session_id, show_id=row.show_id, hall_id=hall_b, starts_at=row.starts_at
    )

    assert set(session_seats(ready_store, session_id)) == seat_ids(second)
    zones = [z.name for z in session_row(ready_store, admin, session_id).zones]
    assert zones == ["甲等", "乙等"]  # kept by name, not doubled
    # Moving to a hall without a layout leaves the session without seats.
    hall_c = new_hall(ready_store, admin)
    catalogue.save_session(
        ready_store, admin, session_id, show_id=row.show_id, hall_id=hall_c, starts_at=row.starts_at
    )
    assert session_seats(ready_store, session_id) == {}


def test_a_session_with_held_seats_cannot_change_hall(
    ready_store: Store, admin: Actor, cashier: Actor
) -> None:
    layout = small_layout()
    _hall, session_id = on_sale_session(ready_store, admin, layout)
    seating.hold_seats(ready_store, cashier, session_id, [layout.sections[0].seats[0].id])
    row = session_row(ready_store, admin, session_id)
    other = new_hall(ready_store, admin)
    before = table_snapshot(ready_store)

    with pytest.raises(Conflict) as refused:
        catalogue.save_session(
            ready_store, admin, session_id, show_id=row.show_id, hall_id=other,
            starts_at=row.starts_at, status=row.status,
        )  # fmt: skip

    assert "cannot move to another hall" in refused.value.message
    assert table_snapshot(ready_store) == before


# --- PostgreSQL -------------------------------------------------------------------------------


def test_layouts_on_postgresql(pg_url: str) -> None:
    """Migration 0008, saving a version and seating a session on a real PostgreSQL."""
    store = Store.connect(pg_url)
    try:
        bootstrap.seed_demo(store)
        first = auth.login(store, "admin", bootstrap.DEMO_ADMIN_PASSWORD).actor
        auth.change_own_password(store, first, bootstrap.DEMO_ADMIN_PASSWORD, "Pg-Admin-2026")
        admin = auth.login(store, "admin", "Pg-Admin-2026").actor
        hall = new_hall(store, admin)
        layout = demo.grand_theatre()
        saved = layouts.save_hall_layout(store, admin, hall, dumps(layout))
        assert saved.version == 1
        assert layouts.save_hall_layout(store, admin, hall, dumps(layout)) == saved
        session_id = new_session(store, admin, hall)
        seats = session_seats(store, session_id)
        assert set(seats) == seat_ids(layout)
        assert {z.name for z in session_row(store, admin, session_id).zones} == {
            z.name for z in layout.zones
        }
    finally:
        store.close()
