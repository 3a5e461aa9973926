"""Shifts and after-sale operations on real stores: open with a counted float,
sell in the shift, refund, void, exchange, reprint, check tickets, close with
the drawer counted. Every figure asserted is one a cashier or supervisor
reads on the screen or the slip."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from boxoffice.db.models import SaleOrder, Ticket
from boxoffice.db.store import Store
from boxoffice.errors import (
    AuthenticationFailed,
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from boxoffice.ids import new_id
from boxoffice.services import catalogue, orders, seating, shifts, ticket_keys
from boxoffice.services.base import Actor
from boxoffice.services.catalogue import SessionRow
from boxoffice.services.seating import PaymentLine, SaleLine
from boxoffice.services.shifts import CashCount
from printing.ticket_code import TicketClaim, sign
from tests.test_seating import big_hall_session, other_window

FLOAT = [CashCount(10000, 2), CashCount(1000, 5), CashCount(100, 10)]  # ¥260


@pytest.fixture(autouse=True)
def _keyring(memory_keyring: object) -> None:
    """Ticket codes are signed with the venue key, kept in the (memory) keyring."""


def type_id(store: Store, actor: Actor, name: str) -> str:
    return next(t.id for t in catalogue.list_ticket_types(store, actor) if t.name == name)


def sell(
    store: Store,
    actor: Actor,
    session: SessionRow,
    shift_id: str | None,
    count: int = 2,
    *,
    ticket_type: str = "全价",
    pay: tuple[str, ...] = ("cash",),
    **kw: object,
) -> dict:
    """Sell ``count`` best seats, paid by ``pay`` (the last method takes the rest)."""
    hold = seating.best_available(store, actor, session.id, count).hold
    chosen = type_id(store, actor, ticket_type)
    zone_of = {s.seat_id: s.zone_id for s in seating.list_session_seats(store, actor, session.id)}
    prices = {z.id: z.price_fen for z in session.zones}
    kind = next(t for t in catalogue.list_ticket_types(store, actor) if t.id == chosen)
    total = sum(kind.price_for(prices[zone_of[s] or ""]) for s in hold.seat_ids)
    total -= int(kw.get("discount_fen") or 0)  # type: ignore[call-overload]
    payments = []
    left = total
    for i, method in enumerate(pay):
        amount = left if i == len(pay) - 1 else left // 2
        if amount:
            payments.append(PaymentLine(method, amount, "REF123" if method != "cash" else ""))
        left -= amount
    order_id = new_id()
    return seating.sell(
        store,
        actor,
        order_id=order_id,
        number=f"T-{order_id[-8:]}",
        session_id=session.id,
        hold_id=hold.hold_id,
        lines=[SaleLine(s, chosen) for s in hold.seat_ids],
        payments=payments,
        shift_id=shift_id,
        **kw,  # type: ignore[arg-type]
    )


def code_for(store: Store, ticket: dict, session_id: str, print_no: int = 1) -> str:
    with store.transaction() as s:
        key = ticket_keys.signing_key(s)
    return sign(TicketClaim(ticket["ticket_id"], session_id, ticket["label"], print_no), key)


# --- shifts -----------------------------------------------------------------------------------


def test_no_sale_without_an_open_shift_and_one_shift_per_window(
    ready_store: Store, cashier: Actor
) -> None:
    session = big_hall_session(ready_store, cashier)
    shift = shifts.open_shift(ready_store, cashier, counts=FLOAT)
    assert shift.opening_float_fen == 26000 and shift.blind  # the built-in cashier closes blind
    with pytest.raises(Conflict):
        shifts.open_shift(ready_store, cashier, counts=[])
    assert shifts.list_current_shift(ready_store, cashier) == shift
    sell(ready_store, cashier, session, shift.id)
    shifts.close_shift(
        ready_store,
        cashier,
        shift.id,
        counts=[*FLOAT, CashCount(10000, session_price(session) * 2 // 10000)],
        reason="test",
        supervisor_login="chenjing",
        supervisor_password="demo2026",
    )
    with pytest.raises(Conflict, match="closed"):
        sell(ready_store, cashier, session, shift.id)
    # Someone else's shift, or a shift at another window, is not the seller's.
    mine = shifts.open_shift(ready_store, cashier, counts=[])
    with pytest.raises(ValidationError):
        sell(ready_store, other_window(ready_store, cashier), session, mine.id)


def session_price(session: SessionRow) -> int:
    return max(z.price_fen for z in session.zones)


def test_a_bad_count_changes_nothing(ready_store: Store, cashier: Actor) -> None:
    with pytest.raises(ValidationError):
        shifts.open_shift(ready_store, cashier, counts=[CashCount(300, 1)])  # no ¥3 note
    with pytest.raises(ValidationError):
        shifts.open_shift(ready_store, cashier, counts=[CashCount(100, -1)])
    assert shifts.list_current_shift(ready_store, cashier) is None


def test_blind_close_hides_the_cash_until_counted_and_a_supervisor_sees_it(
    ready_store: Store, cashier: Actor, supervisor: Actor
) -> None:
    session = big_hall_session(ready_store, cashier)
    shift = shifts.open_shift(ready_store, cashier, counts=FLOAT)
    sale = sell(ready_store, cashier, session, shift.id, pay=("card", "cash"))
    x = shifts.list_shift_report(ready_store, cashier, shift.id)
    assert x.cash_hidden and x.expected_cash_fen is None
    assert [m.method for m in x.methods] == ["card"]  # cash figures left out
    assert not x.final
    seen = shifts.list_shift_report(ready_store, supervisor, shift.id)
    cash = next(p["amount_fen"] for p in sale["payments"] if p["method"] == "cash")
    assert seen.expected_cash_fen == 26000 + cash
    # The count comes first, then the difference; each count is audited.
    check = shifts.check_count(ready_store, cashier, shift.id, counts=FLOAT)
    assert check.difference_fen == -cash and check.needs_approval


def test_closing_over_the_limit_needs_a_reason_and_a_supervisors_password(
    ready_store: Store, cashier: Actor
) -> None:
    session = big_hall_session(ready_store, cashier)
    shift = shifts.open_shift(ready_store, cashier, counts=FLOAT)
    sell(ready_store, cashier, session, shift.id)
    with pytest.raises(ValidationError, match="reason"):
        shifts.close_shift(ready_store, cashier, shift.id, counts=FLOAT)
    with pytest.raises(PermissionDenied):
        shifts.close_shift(ready_store, cashier, shift.id, counts=FLOAT, reason="miscounted")
    with pytest.raises(AuthenticationFailed):
        shifts.close_shift(
            ready_store,
            cashier,
            shift.id,
            counts=FLOAT,
            reason="miscounted",
            supervisor_login="chenjing",
            supervisor_password="wrong",
        )
    with pytest.raises(PermissionDenied):  # another cashier cannot approve
        shifts.close_shift(
            ready_store,
            cashier,
            shift.id,
            counts=FLOAT,
            reason="miscounted",
            supervisor_login="wangfang",
            supervisor_password="demo2026",
        )
    assert shifts.list_current_shift(ready_store, cashier) is not None  # still open
    z = shifts.close_shift(
        ready_store,
        cashier,
        shift.id,
        counts=FLOAT,
        reason="miscounted",
        supervisor_login="chenjing",
        supervisor_password="demo2026",
    )
    assert z.final and z.supervisor == "chenjing" and z.difference_reason == "miscounted"
    assert z.counted_fen == 26000 and z.difference_fen == 26000 - z.expected_cash_fen  # type: ignore[operator]
    assert shifts.list_current_shift(ready_store, cashier) is None


def test_a_difference_within_the_limit_closes_without_approval(
    ready_store: Store, cashier: Actor
) -> None:
    shift = shifts.open_shift(ready_store, cashier, counts=FLOAT)
    z = shifts.close_shift(ready_store, cashier, shift.id, counts=[*FLOAT[:-1], CashCount(100, 5)])
    assert z.difference_fen == -500 and z.supervisor == ""  # ¥5 short, limit ¥10


def test_cashiers_see_their_own_shifts_and_supervisors_every_windows(
    ready_store: Store, cashier: Actor, supervisor: Actor
) -> None:
    mine = shifts.open_shift(ready_store, cashier, counts=[])
    theirs = shifts.open_shift(ready_store, other_window(ready_store, supervisor), counts=[])
    assert [s.id for s in shifts.list_shifts(ready_store, cashier)] == [mine.id]
    assert {s.id for s in shifts.list_shifts(ready_store, supervisor)} == {mine.id, theirs.id}
    with pytest.raises(PermissionDenied):
        shifts.list_shift_report(ready_store, cashier, theirs.id)


# --- refunds, voids, exchanges --------------------------------------------------------------


def test_a_ticket_is_refunded_once_to_how_it_was_paid_and_its_seat_sells_again(
    ready_store: Store, cashier: Actor
) -> None:
    session = big_hall_session(ready_store, cashier)
    shift = shifts.open_shift(ready_store, cashier, counts=FLOAT)
    sale = sell(ready_store, cashier, session, shift.id, pay=("cash", "card"))
    first = sale["tickets"][0]
    answer = orders.refund_tickets(
        ready_store,
        cashier,
        refund_id=new_id(),
        order_id=sale["order_id"],
        ticket_ids=[first["ticket_id"]],
        reason="customer ill",
        shift_id=shift.id,
    )
    assert answer["amount_fen"] == first["price_fen"]
    # The card (paid last) gets its money back first.
    assert answer["payments"][0]["method"] == "card"
    assert sum(p["amount_fen"] for p in answer["payments"]) == first["price_fen"]
    with pytest.raises(Conflict, match="already refunded"):
        orders.refund_tickets(
            ready_store,
            cashier,
            refund_id=new_id(),
            order_id=sale["order_id"],
            ticket_ids=[first["ticket_id"]],
            reason="again",
            shift_id=shift.id,
        )
    info = orders.list_order_detail(ready_store, cashier, sale["order_id"])
    assert info.status == "part_refunded" and info.refunded_fen == first["price_fen"]
    back = next(t for t in info.tickets if t.ticket_id == first["ticket_id"])
    assert back.status == "refunded" and [e.kind for e in back.history] == ["refund"]
    states = {
        s.seat_id: s.state for s in seating.list_session_seats(ready_store, cashier, session.id)
    }
    assert states[first["seat_id"]] == "available"
    hold = seating.hold_seats(ready_store, cashier, session.id, [first["seat_id"]])
    assert list(hold.seat_ids) == [first["seat_id"]]


def test_a_refund_replayed_with_its_key_gives_money_back_once(
    ready_store: Store, cashier: Actor
) -> None:
    session = big_hall_session(ready_store, cashier)
    shift = shifts.open_shift(ready_store, cashier, counts=[])
    sale = sell(ready_store, cashier, session, shift.id)
    key = new_id()
    kwargs = {
        "refund_id": key,
        "order_id": sale["order_id"],
        "ticket_ids": [],
        "reason": "x",
        "shift_id": shift.id,
    }
    first = orders.refund_tickets(ready_store, cashier, **kwargs)  # type: ignore[arg-type]
    again = orders.refund_tickets(ready_store, cashier, **kwargs)  # type: ignore[arg-type]
    assert first == again
    z = shifts.list_shift_report(ready_store, replace(cashier), shift.id)
    refund_line = next(e for e in z.exceptions if e.kind == "refund")
    assert refund_line.count == 2 and refund_line.amount_fen == sale["total_fen"]


def test_a_used_ticket_needs_the_forced_refund_permission(
    ready_store: Store, cashier: Actor, supervisor: Actor
) -> None:
    session = big_hall_session(ready_store, cashier)
    shift = shifts.open_shift(ready_store, cashier, counts=[])
    sale = sell(ready_store, cashier, session, shift.id, count=1)
    code = code_for(ready_store, sale["tickets"][0], session.id)
    assert orders.check_ticket(ready_store, cashier, code).verdict == "valid"
    with pytest.raises(PermissionDenied, match="used"):
        orders.refund_tickets(
            ready_store,
            cashier,
            refund_id=new_id(),
            order_id=sale["order_id"],
            ticket_ids=[],
            reason="left early",
            shift_id=shift.id,
        )
    boss = other_window(ready_store, supervisor)
    boss_shift = shifts.open_shift(ready_store, boss, counts=[])
    answer = orders.refund_tickets(
        ready_store,
        boss,
        refund_id=new_id(),
        order_id=sale["order_id"],
        ticket_ids=[],
        reason="left early",
        shift_id=boss_shift.id,
    )
    assert answer["amount_fen"] == sale["total_fen"]
    report = shifts.list_shift_report(ready_store, boss, boss_shift.id)
    assert {e.kind for e in report.exceptions} >= {"refund", "forced_refund"}
    assert orders.check_ticket(ready_store, cashier, code).verdict == "refunded"


def test_only_the_last_sale_of_the_shift_is_voided_and_only_in_time(
    ready_store: Store, cashier: Actor
) -> None:
    session = big_hall_session(ready_store, cashier)
    shift = shifts.open_shift(ready_store, cashier, counts=[])
    earlier = sell(ready_store, cashier, session, shift.id, count=1)
    last = sell(ready_store, cashier, session, shift.id, count=1)
    with pytest.raises(Conflict, match="last sale"):
        orders.void_order(
            ready_store,
            cashier,
            refund_id=new_id(),
            order_id=earlier["order_id"],
            reason="x",
            shift_id=shift.id,
        )
    sold_at = datetime.fromisoformat(last["created_at"])
    with ready_store.transaction() as s:  # eleven minutes later, as far as the store sees it
        s.execute(
            update(SaleOrder)
            .where(SaleOrder.id == last["order_id"])
            .values(created_at=sold_at - timedelta(minutes=11))
        )
        s.execute(
            update(SaleOrder)
            .where(SaleOrder.id == earlier["order_id"])
            .values(created_at=sold_at - timedelta(minutes=20))
        )
    with pytest.raises(Conflict, match="10 minutes"):
        orders.void_order(
            ready_store,
            cashier,
            refund_id=new_id(),
            order_id=last["order_id"],
            reason="x",
            shift_id=shift.id,
        )
    with ready_store.transaction() as s:
        s.execute(
            update(SaleOrder).where(SaleOrder.id == last["order_id"]).values(created_at=sold_at)
        )
    answer = orders.void_order(
        ready_store,
        cashier,
        refund_id=new_id(),
        order_id=last["order_id"],
        reason="wrong session",
        shift_id=shift.id,
    )
    assert answer["kind"] == "void" and answer["amount_fen"] == last["total_fen"]
    info = orders.list_order_detail(ready_store, cashier, last["order_id"])
    assert info.status == "void" and {t.status for t in info.tickets} == {"void"}


def test_an_exchange_settles_the_difference_both_ways(ready_store: Store, cashier: Actor) -> None:
    session = big_hall_session(ready_store, cashier)
    shift = shifts.open_shift(ready_store, cashier, counts=FLOAT)
    sale = sell(ready_store, cashier, session, shift.id, count=1, ticket_type="儿童")
    old = sale["tickets"][0]
    hold = seating.best_available(ready_store, cashier, session.id, 1).hold
    full = type_id(ready_store, cashier, "全价")
    zone_of = {
        s.seat_id: s.zone_id for s in seating.list_session_seats(ready_store, cashier, session.id)
    }
    new_price = {z.id: z.price_fen for z in session.zones}[zone_of[hold.seat_ids[0]] or ""]
    owed = new_price - old["price_fen"]
    assert owed > 0
    answer = orders.exchange_tickets(
        ready_store,
        cashier,
        refund_id=new_id(),
        order_id=sale["order_id"],
        ticket_ids=[old["ticket_id"]],
        reason="wants a full-price seat",
        shift_id=shift.id,
        new=orders.NewTickets(
            new_id(),
            "EX-1",
            session.id,
            hold.hold_id,
            [SaleLine(hold.seat_ids[0], full)],
            [PaymentLine("cash", owed)],
        ),
    )
    assert answer["sale"]["total_fen"] == new_price
    assert {p["method"]: p["amount_fen"] for p in answer["sale"]["payments"]} == {
        "exchange": old["price_fen"],
        "cash": owed,
    }
    # Back again to a child ticket: the difference comes back in cash.
    newer = answer["sale"]["tickets"][0]
    hold2 = seating.best_available(ready_store, cashier, session.id, 1).hold
    child = type_id(ready_store, cashier, "儿童")
    back = orders.exchange_tickets(
        ready_store,
        cashier,
        refund_id=new_id(),
        order_id=answer["sale"]["order_id"],
        ticket_ids=[newer["ticket_id"]],
        reason="changed mind",
        shift_id=shift.id,
        new=orders.NewTickets(
            new_id(), "EX-2", session.id, hold2.hold_id, [SaleLine(hold2.seat_ids[0], child)], []
        ),
    )
    child_price = back["sale"]["total_fen"]
    assert {p["method"]: p["amount_fen"] for p in back["payments"]} == {
        "exchange": child_price,
        "cash": new_price - child_price,
    }
    z = shifts.close_shift(
        ready_store,
        cashier,
        shift.id,
        counts=FLOAT,
        reason="x",
        supervisor_login="chenjing",
        supervisor_password="demo2026",
    )
    cash = next(m for m in z.methods if m.method == "cash")
    # Paid for the child ticket, paid the difference, got a difference back.
    assert cash.net_fen == old["price_fen"] + owed - (new_price - child_price)
    with pytest.raises(ValidationError):  # nobody pays with "exchange" outside an exchange
        sell(ready_store, cashier, session, None, count=1, pay=("exchange",))


# --- reprint and check ----------------------------------------------------------------------


def test_a_reprint_makes_the_old_paper_worthless_and_check_in_happens_once(
    ready_store: Store, cashier: Actor
) -> None:
    session = big_hall_session(ready_store, cashier)
    shift = shifts.open_shift(ready_store, cashier, counts=[])
    sale = sell(ready_store, cashier, session, shift.id, count=1)
    ticket = sale["tickets"][0]
    old = code_for(ready_store, ticket, session.id)
    again = orders.reprint_tickets(
        ready_store,
        cashier,
        order_id=sale["order_id"],
        ticket_ids=[],
        reason="paper jam",
        shift_id=shift.id,
    )
    assert again[0].print_no == 2
    new = code_for(ready_store, ticket, session.id, print_no=2)
    assert orders.check_ticket(ready_store, cashier, old).verdict == "replaced"
    other = next(s for s in catalogue.list_sessions(ready_store, cashier) if s.id != session.id)
    assert orders.check_ticket(ready_store, cashier, new, session_id=other.id).verdict == (
        "wrong_session"
    )
    first = orders.check_ticket(ready_store, cashier, new)
    assert first.verdict == "valid" and first.ticket is not None
    second = orders.check_ticket(ready_store, cashier, new)
    assert second.verdict == "used" and second.used_where == "1号售票窗口"
    assert second.used_at is not None
    # Changing any character breaks the signature; other barcodes are not tickets.
    flipped = new[:-3] + ("A" if new[-3] != "A" else "B") + new[-2:]
    assert orders.check_ticket(ready_store, cashier, flipped).verdict in ("forged", "garbled")
    assert orders.check_ticket(ready_store, cashier, "6901234567892").verdict == "not_a_ticket"
    report = shifts.list_shift_report(ready_store, cashier, shift.id)
    assert next(e for e in report.exceptions if e.kind == "reprint").count == 1
    history = orders.list_order_detail(ready_store, cashier, sale["order_id"]).tickets[0].history
    assert [e.kind for e in history] == ["reprint", "check_in"]


def test_orders_are_found_by_number_suffix_phone_and_ticket(
    ready_store: Store, cashier: Actor
) -> None:
    session = big_hall_session(ready_store, cashier)
    shift = shifts.open_shift(ready_store, cashier, counts=[])
    sale = sell(ready_store, cashier, session, shift.id, phone="138 0013 8000")
    number = sale["number"]
    by = {
        "number": orders.list_matching_orders(ready_store, cashier, number),
        "suffix": orders.list_matching_orders(ready_store, cashier, number[-5:]),
        "phone": orders.list_matching_orders(ready_store, cashier, "13800138000"),
        "code": orders.list_matching_orders(
            ready_store, cashier, code_for(ready_store, sale["tickets"][1], session.id)
        ),
        "ticket no": orders.list_matching_orders(
            ready_store, cashier, sale["tickets"][0]["ticket_id"].replace("-", "")[-8:]
        ),
    }
    for how, found in by.items():
        assert [o.number for o in found] == [number], how
    with pytest.raises(NotFound, match="No order matches"):
        orders.list_matching_orders(ready_store, cashier, "999999-XX-0000")
    with pytest.raises(ValidationError):
        sell(ready_store, cashier, session, shift.id, phone="call me")


def test_comps_and_discounts_need_a_reason_and_show_on_the_report(
    ready_store: Store, cashier: Actor, supervisor: Actor
) -> None:
    session = big_hall_session(ready_store, cashier)
    boss = other_window(ready_store, supervisor)
    shift = shifts.open_shift(ready_store, boss, counts=[])
    with pytest.raises(ValidationError, match="reason"):
        sell(ready_store, boss, session, shift.id, count=1, ticket_type="赠票", pay=())
    sell(ready_store, boss, session, shift.id, count=1, ticket_type="赠票", pay=(), note="press")
    with pytest.raises(PermissionDenied):
        sell(ready_store, cashier, session, None, discount_fen=1000, note="regular")
    sale = sell(ready_store, boss, session, shift.id, discount_fen=1001, note="regular")
    prices = [t["price_fen"] for t in sale["tickets"]]
    assert sum(prices) == sale["total_fen"]  # the discount is spread over the tickets
    report = shifts.list_shift_report(ready_store, boss, shift.id)
    kinds = {e.kind: e for e in report.exceptions}
    assert kinds["discount"].count == 1 and kinds["discount"].amount_fen == 1001
    assert kinds["comp"].count == 1 and kinds["comp"].amount_fen > 0


def test_ticket_types_limited_to_other_roles_are_not_offered_or_sold(
    ready_store: Store, cashier: Actor
) -> None:
    student = type_id(ready_store, cashier, "学生")
    with ready_store.transaction() as s:
        from boxoffice.db.models import TicketType

        s.execute(
            update(TicketType).where(TicketType.id == student).values(sell_roles='["nobody"]')
        )
    offered = {t.name for t in catalogue.list_sellable_ticket_types(ready_store, cashier)}
    assert "学生" not in offered and "全价" in offered and "赠票" not in offered
    session = big_hall_session(ready_store, cashier)
    with pytest.raises(ValidationError, match="cannot be sold"):
        sell(ready_store, cashier, session, None, ticket_type="学生")
    with ready_store.reading() as s:
        assert s.scalar(select(Ticket.id).where(Ticket.ticket_type_id == student)) is None
