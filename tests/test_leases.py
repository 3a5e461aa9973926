"""Offline leases: seats and general-admission places set aside for a window,
which only it may sell (offline too, without a hold), given back on reconnect."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
import requests
from sqlalchemy import select, update

from boxoffice import bootstrap
from boxoffice.bootstrap import DEMO_PASSWORD
from boxoffice.db.models import Hall, QuotaLease, SessionSeat, Terminal, Ticket
from boxoffice.db.store import Store
from boxoffice.errors import Conflict, NotFound, PermissionDenied, ValidationError
from boxoffice.ids import SessionId, TerminalId, new_id
from boxoffice.services import auth, catalogue, changes, leases, seating
from boxoffice.services.base import Actor
from boxoffice.services.seating import PaymentLine, SaleLine, SeatsUnavailable
from tests.central_server import CentralServer, serving
from tests.conftest import audit_entries, last_audit_seq

VIP, JIA = 68000, 48000  # rows 1–5, rows 6–15 of the big hall
GENERAL = 12000  # 散座 in the small hall


def terminal(store: Store, name: str) -> Terminal:
    with store.reading() as s:
        found = s.scalar(select(Terminal).where(Terminal.name == name))
        assert found is not None
        return found


@pytest.fixture
def window2(ready_store: Store) -> Terminal:
    return terminal(ready_store, "2号售票窗口")


@pytest.fixture
def lessee(demo_actors: dict[str, Actor], window2: Terminal) -> Actor:
    """The second cashier, working at window 2."""
    return replace(
        demo_actors["wangfang"], terminal_id=TerminalId(window2.id), terminal_name=window2.name
    )


def a_session(store: Store, actor: Actor, hall: str) -> SessionId:
    return next(s.id for s in catalogue.list_sessions(store, actor) if s.hall_name == hall)


def full_price(store: Store, actor: Actor) -> str:
    return next(t.id for t in catalogue.list_ticket_types(store, actor) if t.name == "全价")


def sell(
    store: Store,
    actor: Actor,
    session: SessionId,
    seats: list[str | None],
    total: int,
    hold_id: str | None = None,
) -> dict[str, Any]:
    full = full_price(store, actor)
    return seating.sell(
        store,
        actor,
        order_id=new_id(),
        number=new_id()[-12:],
        session_id=session,
        hold_id=hold_id,
        lines=[SaleLine(seat, full) for seat in seats],
        payments=[PaymentLine("cash", total)],
    )


def seat_states(
    store: Store, actor: Actor, session: SessionId
) -> dict[str, tuple[str, str | None]]:
    return {
        s.seat_id: (s.state, s.terminal_id)
        for s in seating.list_session_seats(store, actor, session)
    }


# --- Leased seats ---------------------------------------------------------------------


def test_leased_seats_are_the_lessees_alone(
    ready_store: Store, supervisor: Actor, cashier: Actor, lessee: Actor, window2: Terminal
) -> None:
    session = a_session(ready_store, cashier, "大剧场")
    seq = last_audit_seq(ready_store)
    block = ["r1c1", "r1c2", "r1c3", "r1c4"]
    lease = leases.lease_seats(ready_store, supervisor, session, window2.id, block)
    assert lease.seat_ids == tuple(block) and lease.terminal_id == window2.id
    [entry] = audit_entries(ready_store, seq)
    assert (entry.action, entry.target_id) == ("seat.lease", session)
    assert seat_states(ready_store, cashier, session)["r1c2"] == ("leased", window2.id)

    # Nobody else can hold them, and is told who has them.
    with pytest.raises(SeatsUnavailable) as refused:
        seating.hold_seats(ready_store, cashier, session, ["r1c4", "r1c5"])
    assert [(t.seat_id, t.state, t.terminal_name) for t in refused.value.taken] == [
        ("r1c4", "leased", "2号售票窗口")
    ]
    # Nor sell them without a hold, nor does best available offer them.
    with pytest.raises(SeatsUnavailable, match="2号售票窗口"):
        sell(ready_store, cashier, session, ["r1c1"], VIP)
    nearest = seating.best_available(ready_store, cashier, session, 1, focus=(1.0, 1.0))
    assert nearest.hold.seat_ids == ("r2c1",)

    # The lessee sells them without a hold (as its offline sales arrive).
    receipt = sell(ready_store, lessee, session, ["r1c1", "r1c2"], 2 * VIP)
    assert receipt["total_fen"] == 2 * VIP
    states = seat_states(ready_store, cashier, session)
    assert states["r1c1"][0] == states["r1c2"][0] == "sold"
    assert states["r1c3"] == ("leased", window2.id)
    # Once sold, a leased seat cannot be sold again, by anyone.
    with pytest.raises(SeatsUnavailable):
        sell(ready_store, lessee, session, ["r1c1"], VIP)


def test_a_lessee_may_mix_leased_and_held_seats(
    ready_store: Store, supervisor: Actor, cashier: Actor, lessee: Actor, window2: Terminal
) -> None:
    session = a_session(ready_store, cashier, "大剧场")
    leases.lease_seats(ready_store, supervisor, session, window2.id, ["r2c1"])
    hold = seating.hold_seats(ready_store, lessee, session, ["r6c1"])
    receipt = sell(ready_store, lessee, session, ["r2c1", "r6c1"], VIP + JIA, hold.hold_id)
    assert sorted(t["seat_id"] for t in receipt["tickets"]) == ["r2c1", "r6c1"]
    # Seats neither leased to it nor held still need a hold.
    with pytest.raises(ValidationError, match="from a hold"):
        sell(ready_store, lessee, session, ["r6c2"], JIA)


def test_leasing_is_all_or_nothing_and_retry_safe(
    ready_store: Store, supervisor: Actor, cashier: Actor, window2: Terminal
) -> None:
    session = a_session(ready_store, cashier, "大剧场")
    seating.hold_seats(ready_store, cashier, session, ["r3c3"])
    with pytest.raises(SeatsUnavailable) as refused:
        leases.lease_seats(ready_store, supervisor, session, window2.id, ["r3c2", "r3c3"])
    assert [t.seat_id for t in refused.value.taken] == ["r3c3"]
    assert seat_states(ready_store, cashier, session)["r3c2"] == ("available", None)
    # The same lease twice is one lease.
    leases.lease_seats(ready_store, supervisor, session, window2.id, ["r3c1", "r3c2"])
    again = leases.lease_seats(ready_store, supervisor, session, window2.id, ["r3c1", "r3c2"])
    assert again.seat_ids == ("r3c1", "r3c2")
    # Not to a till, not to an unknown terminal.
    till = terminal(ready_store, "小卖部收银台")
    with pytest.raises(ValidationError, match="ticket window"):
        leases.lease_seats(ready_store, supervisor, session, till.id, ["r3c9"])
    with pytest.raises(NotFound):
        leases.lease_seats(ready_store, supervisor, session, new_id(), ["r3c9"])
    with pytest.raises(NotFound, match="No such seat"):
        leases.lease_seats(ready_store, supervisor, session, window2.id, ["r99c1"])


def test_return_frees_what_was_not_sold(
    ready_store: Store, supervisor: Actor, cashier: Actor, lessee: Actor, window2: Terminal
) -> None:
    session = a_session(ready_store, cashier, "大剧场")
    start = changes.list_changes(ready_store, cashier, 0).cursor
    leases.lease_seats(ready_store, supervisor, session, window2.id, ["r4c1", "r4c2", "r4c3"])
    sell(ready_store, lessee, session, ["r4c2"], VIP)
    returned = leases.return_leases(ready_store, lessee, session)
    assert returned.seat_ids == ("r4c1", "r4c3") and returned.places == 0
    states = seat_states(ready_store, cashier, session)
    assert states["r4c1"] == states["r4c3"] == ("available", None)
    assert states["r4c2"][0] == "sold"
    assert seating.hold_seats(ready_store, cashier, session, ["r4c1"]).seat_ids == ("r4c1",)
    # Too late to sell a returned seat offline: the sale is refused.
    with pytest.raises(SeatsUnavailable):
        sell(ready_store, lessee, session, ["r4c1"], VIP)
    feed = [c.payload for c in changes.list_changes(ready_store, cashier, start).changes]
    assert feed == [
        {"leased": ["r4c1", "r4c2", "r4c3"], "terminal_id": window2.id},
        {"sold": ["r4c2"]},
        {"returned": ["r4c1", "r4c3"], "terminal_id": window2.id},
        {"held": ["r4c1"], "terminal_id": cashier.terminal_id},
    ]
    # Nothing left to return: still fine, and written down.
    assert leases.return_leases(ready_store, lessee, session).seat_ids == ()
    assert audit_entries(ready_store)[-1].action == "seat.lease_return"


def test_a_supervisor_takes_back_another_windows_lease(
    ready_store: Store, supervisor: Actor, cashier: Actor, window2: Terminal
) -> None:
    session = a_session(ready_store, cashier, "大剧场")
    leases.lease_seats(ready_store, supervisor, session, window2.id, ["r5c1"])
    with pytest.raises(PermissionDenied) as refused:
        leases.return_leases(ready_store, cashier, session, window2.id)
    assert refused.value.params == {"permission": "seats.lease"}
    back = leases.return_leases(ready_store, supervisor, session, window2.id)
    assert back.seat_ids == ("r5c1",) and back.terminal_id == window2.id


def test_a_standing_lease_keeps_n_seats_per_zone(
    ready_store: Store, supervisor: Actor, cashier: Actor, lessee: Actor, window2: Terminal
) -> None:
    session = a_session(ready_store, cashier, "大剧场")
    zones = [
        z.id
        for z in next(
            s for s in catalogue.list_sessions(ready_store, cashier) if s.id == session
        ).zones
    ]
    # A supervisor's block counts: VIP already has 3.
    leases.lease_seats(ready_store, supervisor, session, window2.id, ["r5c1", "r5c2", "r5c3"])
    # Zone 丙 (rows 26–30) has one free seat left.
    with ready_store.transaction() as s:
        s.execute(
            update(SessionSeat)
            .where(
                SessionSeat.session_id == session,
                SessionSeat.zone_id == zones[3],
                SessionSeat.seat_id != "r30c40",
            )
            .values(state="blocked")
        )
    standing = leases.ensure_standing_lease(ready_store, lessee, session, 2)
    by_zone: dict[str, list[str]] = {}
    for seat in seating.list_session_seats(ready_store, cashier, session):
        if seat.state == "leased":
            assert seat.terminal_id == window2.id
            by_zone.setdefault(seat.zone_id or "", []).append(seat.seat_id)
    assert [len(by_zone.get(z, [])) for z in zones] == [3, 2, 2, 1]
    assert by_zone[zones[1]] == ["r6c20", "r6c21"]  # best available in the zone
    assert sorted(standing.leased) == sorted(["r6c20", "r6c21", *by_zone[zones[2]], "r30c40"])
    assert len(standing.seat_ids) == 8
    # Asked again, nothing changes; a smaller N gives nothing back.
    assert leases.ensure_standing_lease(ready_store, lessee, session, 2).leased == ()
    assert len(leases.ensure_standing_lease(ready_store, lessee, session, 1).seat_ids) == 8
    # After a sale the lease is topped up again.
    sell(ready_store, lessee, session, ["r6c20"], JIA)
    topped = leases.ensure_standing_lease(ready_store, lessee, session, 2)
    assert len(topped.leased) == 1 and topped.leased[0].startswith(("r6", "r7"))
    with pytest.raises(ValidationError, match="0 to 20 seats per zone"):
        leases.ensure_standing_lease(ready_store, lessee, session, 21)


def test_standing_leases_and_places_are_for_the_right_kind_of_session(
    ready_store: Store, cashier: Actor
) -> None:
    general = a_session(ready_store, cashier, "小剧场")
    reserved = a_session(ready_store, cashier, "大剧场")
    with pytest.raises(Conflict, match="lease places instead"):
        leases.ensure_standing_lease(ready_store, cashier, general, 2)
    with pytest.raises(Conflict, match="lease seats"):
        leases.lease_quota(ready_store, cashier, reserved, 2)


# --- General admission ------------------------------------------------------------------


def test_leased_places_are_kept_from_others_and_used_by_the_lessee(
    ready_store: Store, cashier: Actor, lessee: Actor, window2: Terminal
) -> None:
    session = a_session(ready_store, cashier, "小剧场")
    with ready_store.transaction() as s:
        s.execute(update(Hall).where(Hall.name == "小剧场").values(capacity=12))
    lease = leases.lease_quota(ready_store, lessee, session, 10)
    assert (lease.places, lease.terminal_id) == (10, window2.id)
    assert leases.lease_quota(ready_store, lessee, session, 10).places == 10  # not 20
    with pytest.raises(Conflict, match="Only 2 places"):
        leases.lease_quota(ready_store, cashier, session, 3)

    # Others can sell only what is not leased.
    with pytest.raises(Conflict, match="Only 2 places"):
        sell(ready_store, cashier, session, [None] * 3, 3 * GENERAL)
    sell(ready_store, cashier, session, [None] * 2, 2 * GENERAL)
    # The lessee's sales use its lease up.
    sell(ready_store, lessee, session, [None] * 3, 3 * GENERAL)
    with ready_store.reading() as s:
        assert s.get(QuotaLease, (session, window2.id)).places == 7
    with pytest.raises(Conflict, match="Only 7 places"):
        sell(ready_store, lessee, session, [None] * 8, 8 * GENERAL)
    sell(ready_store, lessee, session, [None] * 7, 7 * GENERAL)
    with pytest.raises(Conflict, match="Only 0 places"):
        sell(ready_store, cashier, session, [None], GENERAL)


def test_returned_places_can_be_sold_by_anyone(
    ready_store: Store, cashier: Actor, lessee: Actor, window2: Terminal
) -> None:
    session = a_session(ready_store, cashier, "小剧场")
    with ready_store.transaction() as s:
        s.execute(update(Hall).where(Hall.name == "小剧场").values(capacity=5))
    start = changes.list_changes(ready_store, cashier, 0).cursor
    leases.lease_quota(ready_store, lessee, session, 5)
    sell(ready_store, lessee, session, [None], GENERAL)
    returned = leases.return_leases(ready_store, lessee, session)
    assert (returned.places, returned.seat_ids) == (4, ())
    sell(ready_store, cashier, session, [None] * 4, 4 * GENERAL)
    with ready_store.reading() as s:
        assert s.get(QuotaLease, (session, window2.id)) is None
        assert len(list(s.scalars(select(Ticket.id).where(Ticket.session_id == session)))) == 5
    feed = [c.payload for c in changes.list_changes(ready_store, cashier, start).changes]
    assert feed == [
        {"leased": 5, "terminal_id": window2.id},
        {"leased": 0, "terminal_id": window2.id},
    ]
    with pytest.raises(ValidationError, match="1 to 100 places"):
        leases.lease_quota(ready_store, lessee, session, 0)


# --- Permissions ------------------------------------------------------------------------


def test_who_may_lease(
    ready_store: Store,
    cashier: Actor,
    merchant: Actor,
    supervisor: Actor,
    admin: Actor,
    window2: Terminal,
) -> None:
    session = a_session(ready_store, cashier, "大剧场")
    general = a_session(ready_store, cashier, "小剧场")
    with pytest.raises(PermissionDenied) as refused:
        leases.lease_seats(ready_store, cashier, session, window2.id, ["r8c1"])
    assert refused.value.params == {"permission": "seats.lease"}
    for call in (
        lambda: leases.ensure_standing_lease(ready_store, merchant, session, 1),
        lambda: leases.lease_quota(ready_store, merchant, general, 1),
        lambda: leases.return_leases(ready_store, merchant, session),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert leases.lease_seats(ready_store, admin, session, window2.id, ["r8c1"]).seat_ids
    assert leases.lease_seats(ready_store, supervisor, session, window2.id, ["r8c2"]).seat_ids
    assert audit_entries(ready_store)[-3].action == "access.denied"


# --- Over HTTP ----------------------------------------------------------------------------


@pytest.fixture
def central(ready_store: Store) -> Iterator[CentralServer]:
    with serving(ready_store) as server:
        yield server


def test_leases_over_http(central: CentralServer, cashier: Actor) -> None:
    lessee_window, other_window = central.terminal("9号售票窗口"), central.terminal("10号售票窗口")
    boss = central.headers(other_window, "chenjing", DEMO_PASSWORD)
    seller = central.headers(lessee_window, "zhangli", DEMO_PASSWORD)
    other = central.headers(other_window, "wangfang", DEMO_PASSWORD)
    session = a_session(central.store, cashier, "大剧场")
    general = a_session(central.store, cashier, "小剧场")
    url = central.url + "/api/v1"

    body = {
        "session_id": session,
        "terminal_id": lessee_window["terminal_id"],
        "seat_ids": ["r9c1", "r9c2"],
    }
    denied = requests.post(f"{url}/leases", json=body, headers=seller, timeout=10)
    assert denied.status_code == 403 and denied.json()["error"]["params"] == {
        "permission": "seats.lease"
    }
    leased = requests.post(f"{url}/leases", json=body, headers=boss, timeout=10)
    assert leased.status_code == 201, leased.text
    assert leased.json()["seat_ids"] == ["r9c1", "r9c2"]

    taken = requests.post(
        f"{url}/holds",
        json={"session_id": session, "seat_ids": ["r9c2"]},
        headers=other,
        timeout=10,
    )
    assert taken.status_code == 409
    assert taken.json()["error"]["taken"] == [
        {"seat_id": "r9c2", "label": "9排2号", "state": "leased", "terminal_name": "9号售票窗口"}
    ]

    # The lessee's offline sale arrives through the outbox: no hold.
    full = full_price(central.store, cashier)
    order_id = new_id()
    order = {
        "order_id": order_id,
        "number": "W9-OFF-1",
        "session_id": session,
        "hold_id": None,
        "lines": [{"seat_id": "r9c1", "ticket_type_id": full}],
        "payments": [{"method": "cash", "amount_fen": JIA}],
    }
    sold = requests.post(
        f"{url}/orders", json=order, headers={**seller, "Idempotency-Key": order_id}, timeout=10
    )
    assert sold.status_code == 201, sold.text

    standing = requests.post(
        f"{url}/leases/standing",
        json={"session_id": session, "per_zone": 1},
        headers=seller,
        timeout=10,
    )
    assert standing.status_code == 200, standing.text
    assert len(standing.json()["leased"]) == 3  # 甲 has r9c2 already
    places = requests.post(
        f"{url}/quota-leases", json={"session_id": general, "count": 4}, headers=seller, timeout=10
    )
    assert places.status_code == 201 and places.json()["places"] == 4
    bad = requests.post(
        f"{url}/quota-leases", json={"session_id": general, "count": 0}, headers=seller, timeout=10
    )
    assert bad.status_code == 422

    back = requests.delete(
        f"{url}/leases", params={"session_id": session}, headers=seller, timeout=10
    )
    assert back.status_code == 200, back.text
    assert "r9c2" in back.json()["seat_ids"] and "r9c1" not in back.json()["seat_ids"]
    back = requests.delete(
        f"{url}/leases", params={"session_id": general}, headers=seller, timeout=10
    )
    assert back.json()["places"] == 4
    assert requests.delete(f"{url}/leases", headers=seller, timeout=10).status_code == 422
    spec = requests.get(f"{central.url}/openapi.json", timeout=10).json()
    assert {
        "/api/v1/holds/best",
        "/api/v1/leases",
        "/api/v1/leases/standing",
        "/api/v1/quota-leases",
    } <= set(spec["paths"])


# --- PostgreSQL ---------------------------------------------------------------------------


def test_a_lease_and_its_offline_sale_on_postgresql(pg_url: str) -> None:
    store = Store.connect(pg_url)
    try:
        bootstrap.seed_demo(store)
        window2 = terminal(store, "2号售票窗口")
        supervisor = auth.login(store, "chenjing", DEMO_PASSWORD).actor
        seller = auth.login(store, "wangfang", DEMO_PASSWORD, terminal_id=window2.id).actor
        other = auth.login(store, "zhangli", DEMO_PASSWORD).actor
        session = a_session(store, other, "大剧场")
        leases.lease_seats(store, supervisor, session, window2.id, ["r1c1", "r1c2"])
        with pytest.raises(SeatsUnavailable, match="2号售票窗口"):
            seating.hold_seats(store, other, session, ["r1c2"])
        sell(store, seller, session, ["r1c1"], VIP)
        with pytest.raises(SeatsUnavailable):
            sell(store, other, session, ["r1c2"], VIP)
        assert leases.return_leases(store, seller, session).seat_ids == ("r1c2",)
        states = seat_states(store, other, session)
        assert states["r1c1"][0] == "sold" and states["r1c2"] == ("available", None)
        best = seating.best_available(store, other, session, 2)
        assert best.hold.seat_ids == ("r1c20", "r1c21") and best.step == "adjacent"
    finally:
        store.close()
