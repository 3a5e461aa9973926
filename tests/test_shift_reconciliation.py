"""The handover slip reconciles: over randomized days at a window (sales of
seats in any ticket types, split payments, comps and discounts, refunds of
some tickets, voids, exchanges, cash in and out), every figure of the Z
report equals what the test itself kept in its own ledger from what each
operation answered, and the printed slip shows those same figures.

The ledger is the test's, not the report's queries run again: a figure the
report got wrong, dropped or counted twice fails here."""

from __future__ import annotations

import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boxoffice.errors import BoxOfficeError
from boxoffice.ids import new_id
from boxoffice.money import format_fen
from boxoffice.services import catalogue, orders, seating, shifts
from boxoffice.services.base import Actor
from boxoffice.services.seating import PaymentLine, SaleLine
from boxoffice.services.shifts import CashCount
from printing.forms import VenueHeader
from printing.templates import Templates, bundled_templates_dir
from tests.conftest import copy_data_dir, opened
from tests.test_seating import big_hall_session, other_window

ZONE = ZoneInfo("Asia/Shanghai")
TYPES = ("全价", "学生", "儿童", "赠票")
METHODS = ("cash", "card", "mobile")


@dataclass
class Ledger:
    paid: Counter[str] = field(default_factory=Counter)  # method -> fen taken
    payments: Counter[str] = field(default_factory=Counter)  # method -> payments taken
    back: Counter[str] = field(default_factory=Counter)  # method -> fen given back
    moved: int = 0  # cash in − cash out
    tickets: Counter[str] = field(default_factory=Counter)  # type -> tickets sold
    amounts: Counter[str] = field(default_factory=Counter)  # type -> fen
    kinds: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    numbers: list[str] = field(default_factory=list)
    sales: list[dict] = field(default_factory=list)

    def took(self, receipt: dict, type_names: dict[str, str]) -> None:
        self.numbers.append(receipt["number"])
        self.sales.append(receipt)
        for p in receipt["payments"]:
            self.paid[p["method"]] += p["amount_fen"]
            self.payments[p["method"]] += 1
        for t in receipt["tickets"]:
            name = type_names[t["ticket_type_id"]]
            self.tickets[name] += 1
            self.amounts[name] += t["price_fen"]

    def gave_back(self, answer: dict) -> None:
        for p in answer["payments"]:
            self.back[p["method"]] += p["amount_fen"]
        self.kinds[answer["kind"]][0] += len(answer["tickets"])
        self.kinds[answer["kind"]][1] += answer["amount_fen"]


actions = st.lists(
    st.one_of(
        st.tuples(
            st.just("sell"),
            st.integers(1, 3),
            st.sampled_from(TYPES),
            st.lists(st.sampled_from(METHODS), min_size=1, max_size=3),
            st.integers(0, 3000),  # a discount (0: none)
        ),
        st.tuples(st.just("refund"), st.integers(0, 50), st.integers(1, 3)),
        st.tuples(st.just("void")),
        st.tuples(st.just("exchange"), st.integers(0, 50), st.sampled_from(TYPES[:3])),
        st.tuples(st.just("move"), st.sampled_from(("in", "out")), st.integers(1, 50000)),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(day=actions, off_by=st.integers(-1000, 1000))
def test_the_slip_equals_the_sums_of_the_days_orders_payments_and_refunds(
    ready_template: Path,
    demo_actors: dict[str, Actor],
    memory_keyring: object,
    day: list[tuple],
    off_by: int,
) -> None:
    with (
        tempfile.TemporaryDirectory() as tmp,
        opened(copy_data_dir(ready_template, Path(tmp) / "store")) as store,
    ):
        # A supervisor at the window may give comps and discounts.
        me = other_window(store, demo_actors["chenjing"])
        run_day(store, me, day, off_by)


def run_day(store: object, me: Actor, day: list[tuple], off_by: int) -> None:
    from boxoffice.db.store import Store

    assert isinstance(store, Store)
    session = big_hall_session(store, me)
    types = {t.name: t for t in catalogue.list_ticket_types(store, me)}
    type_names = {t.id: t.name for t in types.values()}
    prices = {z.id: z.price_fen for z in session.zones}
    zone_of = {s.seat_id: s.zone_id for s in seating.list_session_seats(store, me, session.id)}
    shift = shifts.open_shift(store, me, counts=[CashCount(10000, 3)])
    ledger = Ledger()
    drawer = 30000

    def pay(total: int, methods: list[str]) -> list[PaymentLine]:
        lines, left = [], total
        for i, method in enumerate(methods):
            amount = left if i == len(methods) - 1 else left // 2
            if amount:
                lines.append(PaymentLine(method, amount, "" if method == "cash" else "R-1"))
            left -= amount
        return lines

    for action in day:
        kind = action[0]
        if kind == "sell":
            _, count, type_name, methods, discount = action
            hold = seating.best_available(store, me, session.id, count).hold
            kind_row = types[type_name]
            total = sum(kind_row.price_for(prices[zone_of[s] or ""]) for s in hold.seat_ids)
            discount = min(discount, total)
            receipt = seating.sell(
                store,
                me,
                order_id=new_id(),
                number=f"R-{len(ledger.numbers) + 1:03d}",
                session_id=session.id,
                hold_id=hold.hold_id,
                lines=[SaleLine(s, kind_row.id) for s in hold.seat_ids],
                payments=pay(total - discount, methods),
                shift_id=shift.id,
                note="promotion" if discount or kind_row.is_comp else None,
                discount_fen=discount or None,
            )
            ledger.took(receipt, type_names)
            if discount:
                ledger.kinds["discount"][0] += 1
                ledger.kinds["discount"][1] += discount
            if kind_row.is_comp:
                ledger.kinds["comp"][0] += count
                ledger.kinds["comp"][1] += sum(prices[zone_of[s] or ""] for s in hold.seat_ids)
        elif kind == "refund" and ledger.sales:
            _, which, how_many = action
            sale = ledger.sales[which % len(ledger.sales)]
            info = orders.list_order_detail(store, me, sale["order_id"])
            valid = [t.ticket_id for t in info.valid_tickets()][:how_many]
            if not valid:
                continue
            answer = orders.refund_tickets(
                store,
                me,
                refund_id=new_id(),
                order_id=sale["order_id"],
                ticket_ids=valid,
                reason="customer",
                shift_id=shift.id,
            )
            ledger.gave_back(answer)
        elif kind == "void" and ledger.sales:
            try:
                answer = orders.void_order(
                    store,
                    me,
                    refund_id=new_id(),
                    order_id=ledger.sales[-1]["order_id"],
                    reason="mistake",
                    shift_id=shift.id,
                )
            except BoxOfficeError:  # it already has refunds: refused, nothing changed
                continue
            ledger.gave_back(answer)
        elif kind == "exchange" and ledger.sales:
            _, which, type_name = action
            sale = ledger.sales[which % len(ledger.sales)]
            info = orders.list_order_detail(store, me, sale["order_id"])
            valid = info.valid_tickets()[:1]
            if not valid:
                continue
            hold = seating.best_available(store, me, session.id, 1).hold
            kind_row = types[type_name]
            new_total = kind_row.price_for(prices[zone_of[hold.seat_ids[0]] or ""])
            owed = max(0, new_total - valid[0].price_fen)
            answer = orders.exchange_tickets(
                store,
                me,
                refund_id=new_id(),
                order_id=sale["order_id"],
                ticket_ids=[valid[0].ticket_id],
                reason="other seat",
                shift_id=shift.id,
                new=orders.NewTickets(
                    new_id(),
                    f"R-{len(ledger.numbers) + 1:03d}",
                    session.id,
                    hold.hold_id,
                    [SaleLine(hold.seat_ids[0], kind_row.id)],
                    pay(owed, ["cash"]) if owed else [],
                ),
            )
            ledger.gave_back(answer)
            ledger.took(answer["sale"], type_names)
        elif kind == "move":
            _, direction, amount = action
            shifts.record_cash_movement(
                store, me, shift.id, kind=direction, amount_fen=amount, reason="float"
            )
            ledger.moved += amount if direction == "in" else -amount

    expected = drawer + ledger.paid["cash"] - ledger.back["cash"] + ledger.moved
    counted = max(0, expected + off_by)
    z = shifts.close_shift(
        store,
        me,
        shift.id,
        counts=[CashCount(10, counted // 10)] if counted >= 10 else [],
        reason="counted twice",
    )
    counted -= counted % 10  # a drawer holds no coin under ¥0.1
    assert z.final and z.expected_cash_fen == expected
    assert z.counted_fen == counted and z.difference_fen == counted - expected
    assert z.orders == len(ledger.numbers)
    if ledger.numbers:
        assert (z.first_order, z.last_order) == (ledger.numbers[0], ledger.numbers[-1])
    by_method = {m.method: m for m in z.methods}
    for method in set(ledger.paid) | set(ledger.back):
        line = by_method[method]
        assert line.sales_fen == ledger.paid[method]
        assert line.count == ledger.payments[method]
        assert line.refunds_fen == ledger.back[method]
        assert line.net_fen == ledger.paid[method] - ledger.back[method]
    assert sum(t.count for t in z.tickets) == sum(ledger.tickets.values())
    per_type: Counter[str] = Counter()
    for t in z.tickets:
        per_type[t.ticket_type] += t.amount_fen
    assert per_type == +ledger.amounts
    reported = {e.kind: [e.count, e.amount_fen] for e in z.exceptions if e.kind != "forced_refund"}
    assert reported == {k: v for k, v in ledger.kinds.items() if v != [0, 0]}

    # The slip prints the same figures.
    slip = shifts.handover_form(z, VenueHeader("测试剧院"), ZONE)
    paper = "\n".join(
        Templates(bundled_templates_dir(), zone=ZONE).render("handover_slip", slip).text_lines()
    )
    cash = by_method["cash"]
    money = format_fen(cash.net_fen).replace("¥", "￥")
    assert money in paper and format_fen(expected).replace("¥", "￥") in paper
    assert "收银员签字" in paper and "主管签字" in paper
