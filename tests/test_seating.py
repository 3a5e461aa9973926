"""Holding and selling seats: all or none, never twice, once per operation id."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from boxoffice.clock import now
from boxoffice.db.models import Hold, IdempotencyRecord, SessionSeat, Terminal, Ticket
from boxoffice.db.store import Store
from boxoffice.errors import Conflict, PermissionDenied, ValidationError
from boxoffice.ids import TerminalId, new_id
from boxoffice.services import catalogue, changes, seating
from boxoffice.services.base import Actor
from boxoffice.services.catalogue import SessionRow
from boxoffice.services.idempotency import KeyReused
from boxoffice.services.seating import PaymentLine, SaleLine, SeatsUnavailable


def big_hall_session(store: Store, actor: Actor) -> SessionRow:
    return next(s for s in catalogue.list_sessions(store, actor) if s.hall_name == "大剧场")


def full_price(store: Store, actor: Actor) -> str:
    return next(t.id for t in catalogue.list_ticket_types(store, actor) if t.name == "全价")


def sell_held(
    store: Store, actor: Actor, session: SessionRow, hold_id: str, seats: list[str], **kw: object
) -> dict:
    zone_price = {z.id: z.price_fen for z in session.zones}
    by_seat = {s.seat_id: s for s in seating.list_session_seats(store, actor, session.id)}
    total = sum(zone_price[by_seat[seat].zone_id or ""] for seat in seats)
    order_id = str(kw.pop("order_id", new_id()))
    return seating.sell(
        store,
        actor,
        order_id=order_id,
        number=str(kw.pop("number", order_id[-8:])),
        session_id=session.id,
        hold_id=hold_id,
        lines=[SaleLine(seat, full_price(store, actor)) for seat in seats],
        payments=[PaymentLine("cash", total)],
    )


def other_window(store: Store, actor: Actor) -> Actor:
    """The same cashier working at the demo's second ticket window."""
    with store.reading() as s:
        terminal = s.scalars(select(Terminal).where(Terminal.name == "2号售票窗口")).one()
        return replace(actor, terminal_id=TerminalId(terminal.id), terminal_name=terminal.name)


def test_a_hold_takes_all_seats_or_none_and_names_the_taker(
    ready_store: Store, cashier: Actor
) -> None:
    session = big_hall_session(ready_store, cashier)
    seating.hold_seats(ready_store, cashier, session.id, ["r3c3"])
    with pytest.raises(SeatsUnavailable) as refused:
        seating.hold_seats(
            ready_store, other_window(ready_store, cashier), session.id, ["r3c2", "r3c3", "r3c4"]
        )
    assert [(t.seat_id, t.label, t.state) for t in refused.value.taken] == [
        ("r3c3", "3排3号", "held")
    ]
    assert refused.value.taken[0].terminal_name == "1号售票窗口"
    states = {
        s.seat_id: s.state for s in seating.list_session_seats(ready_store, cashier, session.id)
    }
    assert states["r3c2"] == states["r3c4"] == "available"  # nothing of the refused hold stuck


def test_a_window_can_hold_again_what_its_lost_hold_kept(
    ready_store: Store, cashier: Actor
) -> None:
    """The answer to a hold was lost (or the window crashed): asking again gets the seats."""
    session = big_hall_session(ready_store, cashier)
    lost = seating.hold_seats(ready_store, cashier, session.id, ["r15c1", "r15c2"])
    again = seating.hold_seats(ready_store, cashier, session.id, ["r15c1", "r15c2"])
    assert again.hold_id != lost.hold_id
    sell_held(ready_store, cashier, session, again.hold_id, ["r15c1", "r15c2"])
    with pytest.raises(SeatsUnavailable):  # but another window still cannot have them
        seating.hold_seats(ready_store, other_window(ready_store, cashier), session.id, ["r15c1"])


def test_an_expired_hold_frees_its_seats(ready_store: Store, cashier: Actor) -> None:
    session = big_hall_session(ready_store, cashier)
    hold = seating.hold_seats(ready_store, cashier, session.id, ["r4c1"])
    past = now() - timedelta(seconds=1)
    with ready_store.transaction() as s:  # five minutes pass without a heartbeat
        s.execute(
            update(SessionSeat).where(SessionSeat.hold_id == hold.hold_id).values(held_until=past)
        )
        s.execute(update(Hold).where(Hold.id == hold.hold_id).values(expires_at=past))
    states = {
        x.seat_id: x.state for x in seating.list_session_seats(ready_store, cashier, session.id)
    }
    assert states["r4c1"] == "available"
    with pytest.raises(Conflict, match="ran out"):
        sell_held(ready_store, cashier, session, hold.hold_id, ["r4c1"])
    with pytest.raises(Conflict, match="ran out"):
        seating.extend_hold(ready_store, cashier, hold.hold_id)
    assert seating.hold_seats(ready_store, cashier, session.id, ["r4c1"]).seat_ids == ("r4c1",)


def test_a_heartbeat_keeps_the_hold(ready_store: Store, cashier: Actor) -> None:
    session = big_hall_session(ready_store, cashier)
    hold = seating.hold_seats(ready_store, cashier, session.id, ["r4c9"])
    extended = seating.extend_hold(ready_store, cashier, hold.hold_id)
    assert extended.expires_at > hold.expires_at
    assert extended.seat_ids == ("r4c9",)


def test_release_frees_seats_at_once(ready_store: Store, cashier: Actor) -> None:
    session = big_hall_session(ready_store, cashier)
    hold = seating.hold_seats(ready_store, cashier, session.id, ["r5c1", "r5c2"])
    seating.release_hold(ready_store, cashier, hold.hold_id)
    assert seating.hold_seats(ready_store, cashier, session.id, ["r5c1", "r5c2"]).seat_ids == (
        "r5c1",
        "r5c2",
    )


def test_a_sale_consumes_the_hold_and_prices_by_zone(ready_store: Store, cashier: Actor) -> None:
    session = big_hall_session(ready_store, cashier)
    hold = seating.hold_seats(ready_store, cashier, session.id, ["r1c1", "r6c1"])
    receipt = sell_held(ready_store, cashier, session, hold.hold_id, ["r1c1", "r6c1"])
    assert receipt["total_fen"] == 68000 + 48000  # VIP row 1, 甲 row 6
    assert sorted(t["label"] for t in receipt["tickets"]) == ["1排1号", "6排1号"]
    states = {
        x.seat_id: x.state for x in seating.list_session_seats(ready_store, cashier, session.id)
    }
    assert states["r1c1"] == states["r6c1"] == "sold"
    with pytest.raises(SeatsUnavailable):
        seating.hold_seats(ready_store, cashier, session.id, ["r1c1"])


def test_the_same_sale_sent_twice_is_one_sale(ready_store: Store, cashier: Actor) -> None:
    session = big_hall_session(ready_store, cashier)
    hold = seating.hold_seats(ready_store, cashier, session.id, ["r7c1"])
    order_id = new_id()
    first = sell_held(
        ready_store, cashier, session, hold.hold_id, ["r7c1"], order_id=order_id, number="W1-7"
    )
    again = sell_held(
        ready_store, cashier, session, hold.hold_id, ["r7c1"], order_id=order_id, number="W1-7"
    )
    assert again == first
    with ready_store.reading() as s:
        assert (
            s.scalar(select(func.count()).select_from(Ticket).where(Ticket.order_id == order_id))
            == 1
        )
    with pytest.raises(KeyReused):
        sell_held(
            ready_store, cashier, session, hold.hold_id, ["r7c1"], order_id=order_id, number="W1-8"
        )


def test_a_refused_sale_is_refused_again_on_replay(ready_store: Store, cashier: Actor) -> None:
    session = big_hall_session(ready_store, cashier)
    hold = seating.hold_seats(ready_store, cashier, session.id, ["r8c1"])
    order_id = new_id()
    bad = dict(
        order_id=order_id,
        number="W1-9",
        session_id=session.id,
        hold_id=hold.hold_id,
        lines=[SaleLine("r8c1", full_price(ready_store, cashier))],
        payments=[PaymentLine("cash", 1)],
    )
    with pytest.raises(ValidationError, match="Payments add up"):
        seating.sell(ready_store, cashier, **bad)  # type: ignore[arg-type]
    with ready_store.reading() as s:
        assert s.get(IdempotencyRecord, order_id).status_code == 409
    with pytest.raises(ValidationError, match="Payments add up"):
        seating.sell(ready_store, cashier, **bad)  # type: ignore[arg-type]


def test_comps_need_their_permission(ready_store: Store, cashier: Actor, supervisor: Actor) -> None:
    session = big_hall_session(ready_store, cashier)
    comp = next(t.id for t in catalogue.list_ticket_types(ready_store, cashier) if t.is_comp)
    hold = seating.hold_seats(ready_store, cashier, session.id, ["r9c1"])
    with pytest.raises(PermissionDenied):
        seating.sell(
            ready_store,
            cashier,
            order_id=new_id(),
            number="W1-10",
            session_id=session.id,
            hold_id=hold.hold_id,
            lines=[SaleLine("r9c1", comp)],
            payments=[],
        )


def test_the_database_refuses_a_second_valid_ticket_for_a_seat(
    ready_store: Store, cashier: Actor
) -> None:
    """The last line of defence, below every service check."""
    session = big_hall_session(ready_store, cashier)
    hold = seating.hold_seats(ready_store, cashier, session.id, ["r10c1"])
    receipt = sell_held(ready_store, cashier, session, hold.hold_id, ["r10c1"])
    with pytest.raises(IntegrityError), ready_store.transaction() as s:
        s.add(
            Ticket(
                order_id=receipt["order_id"],
                session_id=session.id,
                seat_id="r10c1",
                ticket_type_id="x",
                price_fen=0,
            )
        )


def test_windows_racing_for_the_same_seats_never_both_win(
    ready_store: Store, cashier: Actor
) -> None:
    session = big_hall_session(ready_store, cashier)
    wins: list[str] = []
    losses: list[str] = []

    def window(n: int) -> None:
        try:
            hold = seating.hold_seats(ready_store, cashier, session.id, ["r11c1", "r11c2"])
            sell_held(ready_store, cashier, session, hold.hold_id, ["r11c1", "r11c2"])
            wins.append(str(n))
        except SeatsUnavailable:
            losses.append(str(n))

    threads = [threading.Thread(target=window, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(wins) == 1 and len(losses) == 7
    with ready_store.reading() as s:
        valid = s.scalar(
            select(func.count())
            .select_from(Ticket)
            .where(
                Ticket.session_id == session.id,
                Ticket.seat_id.in_(["r11c1", "r11c2"]),
                Ticket.status == "valid",
            )
        )
    assert valid == 2


def test_every_hold_and_sale_shows_in_the_feed_in_order(ready_store: Store, cashier: Actor) -> None:
    session = big_hall_session(ready_store, cashier)
    start = changes.list_changes(ready_store, cashier, 0).cursor
    hold = seating.hold_seats(ready_store, cashier, session.id, ["r12c1"])
    sell_held(ready_store, cashier, session, hold.hold_id, ["r12c1"])
    batch = changes.list_changes(ready_store, cashier, start)
    assert [c.payload for c in batch.changes] == [
        {"held": ["r12c1"], "terminal_id": cashier.terminal_id},
        {"sold": ["r12c1"]},
    ]
    assert [c.seq for c in batch.changes] == [start + 1, start + 2]


def test_selling_part_of_a_hold_gives_the_rest_back(ready_store: Store, cashier: Actor) -> None:
    session = big_hall_session(ready_store, cashier)
    hold = seating.hold_seats(ready_store, cashier, session.id, ["r13c1", "r13c2", "r13c3"])
    sell_held(ready_store, cashier, session, hold.hold_id, ["r13c1"])
    states = {
        x.seat_id: x.state for x in seating.list_session_seats(ready_store, cashier, session.id)
    }
    assert (states["r13c1"], states["r13c2"], states["r13c3"]) == ("sold", "available", "available")
    assert seating.hold_seats(ready_store, cashier, session.id, ["r13c2", "r13c3"]).seat_ids == (
        "r13c2",
        "r13c3",
    )


def test_a_hold_of_another_session_sells_nothing(ready_store: Store, cashier: Actor) -> None:
    """Two performances in one hall have the same seats: a sale naming one
    session and a hold of the other is refused and changes neither."""
    first, second = [
        s for s in catalogue.list_sessions(ready_store, cashier) if s.hall_name == "大剧场"
    ][:2]
    hold = seating.hold_seats(ready_store, cashier, first.id, ["r15c1", "r15c2"])
    with pytest.raises(ValidationError, match="another session"):
        sell_held(ready_store, cashier, second, hold.hold_id, ["r15c1", "r15c2"])

    def states(session: SessionRow) -> tuple[str, str]:
        seats = {x.seat_id: x for x in seating.list_session_seats(ready_store, cashier, session.id)}
        return seats["r15c1"].state, seats["r15c2"].state

    assert states(first) == ("held", "held")
    assert states(second) == ("available", "available")
    with ready_store.reading() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 0


def test_a_used_order_number_is_a_clear_refusal(ready_store: Store, cashier: Actor) -> None:
    session = big_hall_session(ready_store, cashier)
    first = seating.hold_seats(ready_store, cashier, session.id, ["r14c1"])
    sell_held(ready_store, cashier, session, first.hold_id, ["r14c1"], number="W1-DUP")
    second = seating.hold_seats(ready_store, cashier, session.id, ["r14c2"])
    with pytest.raises(Conflict, match="already used") as refused:
        sell_held(ready_store, cashier, session, second.hold_id, ["r14c2"], number="W1-DUP")
    assert refused.value.params == {"number": "W1-DUP"}
