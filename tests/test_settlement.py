"""Daily merchant settlement (结算记录) on a real store: made for every venue day
up to yesterday from the till's sales and refunds, the venue's fee rounded
half up, confirmed paid once by hand and frozen then, a late offline sale
shown beside a paid day instead of changing it; and the central store makes
them by itself.

The randomized test keeps its own ledger from what each till call answered
(totals, refunds, the time of sale) and compares every settlement with it.
The till's clock is the one thing moved (``till.now``): days pass in seconds.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import uvicorn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from boxoffice import bootstrap
from boxoffice.bootstrap import DEMO_PASSWORD
from boxoffice.clock import now
from boxoffice.db.models import Merchant, MerchantSettlement, SaleOrder, Terminal
from boxoffice.db.store import Store
from boxoffice.errors import Conflict, NotFound, PermissionDenied, ValidationError
from boxoffice.ids import TerminalId, new_id
from boxoffice.services import auth, merchant_reports, settlement, shifts, till
from boxoffice.services.base import Actor
from boxoffice.services.seating import PaymentLine
from boxoffice.services.settlement import SettlementRow, fee_for
from boxoffice.services.till import GoodsLine, RefundItem, TillSku
from boxoffice.services.venue_days import Span, by_day, day_of, day_start, spans
from central.app import create_app
from tests.central_server import free_port
from tests.conftest import audit_entries, copy_data_dir, last_audit_seq, opened, table_snapshot
from tests.test_till import FLOAT, at_till

ZONE = ZoneInfo("Asia/Shanghai")
ONE_DAY = timedelta(days=1)
RATES = {"小卖部": 800, "文创商店": 500}


def venue_today() -> date:
    return day_of(now(), ZONE)


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """``hour:minute`` on venue day ``day``."""
    return day_start(day, ZONE) + timedelta(hours=hour, minutes=minute)


def at_terminal(store: Store, actor: Actor, name: str) -> Actor:
    with store.reading() as s:
        terminal = s.scalars(select(Terminal).where(Terminal.name == name)).one()
        return replace(actor, terminal_id=TerminalId(terminal.id), terminal_name=terminal.name)


def merchant_ids(store: Store) -> dict[str, str]:
    with store.reading() as s:
        return {m.name: m.id for m in s.scalars(select(Merchant))}


@dataclass
class Seller:
    """Who sells and refunds for one merchant, at which terminal, in which shift."""

    merchant: str
    merchant_id: str
    actor: Actor
    shift_id: str
    skus: list[TillSku]

    def sell(
        self,
        store: Store,
        lines: list[GoodsLine],
        *,
        kind: str = "goods",
        discount_fen: int = 0,
        method: str = "cash",
        note: str = "",
        sold_at: datetime | None = None,
    ) -> dict:
        total = sum(x.qty * x.unit_price_fen - x.discount_fen for x in lines) - discount_fen
        discounted = discount_fen or any(x.discount_fen for x in lines)
        return till.sell_goods(
            store,
            self.actor,
            order_id=new_id(),
            number=f"T-{new_id()[-10:]}",
            merchant_id=self.merchant_id,
            shift_id=self.shift_id,
            lines=lines,
            payments=[PaymentLine(method, total, "" if method == "cash" else "R-1")]
            if total
            else [],
            kind=kind,
            discount_fen=discount_fen,
            note=note or ("会员日" if discounted else ""),
            sold_at=sold_at,
        )

    def collect(self, store: Store, amount_fen: int, *, sold_at: datetime | None = None) -> dict:
        return self.sell(
            store,
            [GoodsLine(None, 1, amount_fen, description="场地费")],
            kind="collection",
            note="场地费",
            sold_at=sold_at,
        )

    def refund(self, store: Store, order_id: str, items: list[RefundItem] | None = None) -> dict:
        return till.refund_goods(
            store,
            self.actor,
            refund_id=new_id(),
            order_id=order_id,
            items=items or [],
            reason="顾客退货",
            shift_id=self.shift_id,
        )


def sellers_of(store: Store, actors: dict[str, Actor]) -> dict[str, Seller]:
    """The snack bar's manager 赵磊 at its till; the administrator selling for the
    shop at the second window (each with an open shift, for refunds)."""
    ids = merchant_ids(store)
    snack = at_till(store, actors["zhaolei"])
    shop = at_terminal(store, actors["admin"], "2号售票窗口")
    found = {}
    for name, actor in (("小卖部", snack), ("文创商店", shop)):
        shift = shifts.open_shift(store, actor, counts=FLOAT).id
        cat = till.list_till_catalogue(store, actor, ids[name] if name == "文创商店" else None)
        found[name] = Seller(name, ids[name], actor, shift, list(cat.skus))
    return found


@pytest.fixture
def shop(ready_store: Store, demo_actors: dict[str, Actor]) -> dict[str, Seller]:
    return sellers_of(ready_store, demo_actors)


def line_of(seller: Seller, label: str, qty: int = 1, discount_fen: int = 0) -> GoodsLine:
    item = next(s for s in seller.skus if s.label == label)
    return GoodsLine(item.sku_id, qty, item.price_fen, discount_fen)


def rows_of(
    store: Store, actor: Actor, first: date, last: date
) -> dict[tuple[str, date], SettlementRow]:
    return {
        (r.merchant_name, r.day): r
        for r in settlement.list_settlements(
            store, actor, merchant_id=None, start_day=first, end_day=last
        )
    }


# --- The fee ---------------------------------------------------------------------------------


def test_the_fee_rounds_half_up_on_its_size() -> None:
    assert fee_for(10, 500) == 1  # ¥0.10 at 5% is 0.5 fen: 1 fen
    assert fee_for(9, 500) == 0  # 0.45 fen
    assert fee_for(30, 500) == 2  # 1.5 fen
    assert fee_for(10000, 800) == 800
    assert fee_for(0, 800) == 0
    assert fee_for(-10, 500) == -1  # given back on a refund day, the same size
    assert fee_for(-9, 500) == 0
    assert fee_for(123456, 0) == 0
    assert fee_for(123456, 10000) == 123456


def test_the_rounding_boundary_in_a_days_settlement(
    ready_store: Store, shop: dict[str, Seller], supervisor: Actor
) -> None:
    yesterday = venue_today() - ONE_DAY
    shop["文创商店"].collect(ready_store, 10, sold_at=at(yesterday, 10))  # ¥0.10 at 5%
    shop["小卖部"].collect(ready_store, 6, sold_at=at(yesterday - ONE_DAY, 10))  # ¥0.06 at 8%
    assert settlement.produce_settlements(ready_store) == 3  # the snack bar's two days, the shop's
    rows = rows_of(ready_store, supervisor, yesterday - 3 * ONE_DAY, yesterday)
    shop_day = rows[("文创商店", yesterday)]
    assert (shop_day.net_fen, shop_day.fee_rate_bp, shop_day.fee_fen) == (10, 500, 1)
    assert shop_day.payable_fen == 9
    snack_day = rows[("小卖部", yesterday - ONE_DAY)]
    assert (snack_day.net_fen, snack_day.fee_fen, snack_day.payable_fen) == (6, 0, 6)  # 0.48 fen
    assert rows[("小卖部", yesterday)].orders == 0  # a day without sales is settled too


# --- A day's settlement -------------------------------------------------------------------------


def test_sales_count_on_their_day_refunds_on_the_day_they_are_made(
    ready_store: Store, shop: dict[str, Seller], supervisor: Actor
) -> None:
    snack = shop["小卖部"]
    today = venue_today()
    yesterday, before = today - ONE_DAY, today - 2 * ONE_DAY
    # Two days ago: coffee with a line discount and an order discount; a payment collection.
    coffee = snack.sell(
        ready_store,
        [line_of(snack, "咖啡 大杯", 2, discount_fen=400), line_of(snack, "矿泉水 550ml", 3)],
        discount_fen=100,
        sold_at=at(before, 9),
    )
    assert coffee["total_fen"] == 2 * 2200 - 400 + 900 - 100
    snack.collect(ready_store, 5000, sold_at=at(before, 23, 59))
    # Yesterday just after midnight (venue time): yesterday's, not the day before's.
    snack.sell(ready_store, [line_of(snack, "可乐 听装")], sold_at=at(yesterday, 0, 1))
    # Today: part of the coffee order comes back.
    water_line = till.list_goods_order(ready_store, snack.actor, coffee["number"]).lines[1]
    back = snack.refund(ready_store, coffee["order_id"], [RefundItem(water_line.line_id, 3)])
    assert back["amount_fen"] > 0

    assert settlement.produce_settlements(ready_store) == 2
    rows = rows_of(ready_store, supervisor, before - ONE_DAY, today)
    assert set(rows) == {("小卖部", before), ("小卖部", yesterday)}  # nothing for today yet
    first = rows[("小卖部", before)]
    assert (first.orders, first.sales_fen, first.refunds_fen) == (2, 4800 + 5000, 0)
    assert first.fee_fen == 784  # 8% of ¥98.00
    assert first.payable_fen == 9800 - 784
    assert first.status == "open" and first.paid_at is None and first.late_fen == 0
    second = rows[("小卖部", yesterday)]
    assert (second.orders, second.sales_fen, second.fee_fen) == (1, 400, 32)

    # Tomorrow's run settles today: a day with only a refund, its fee given back.
    assert settlement.produce_settlements(ready_store, today=today + ONE_DAY) == 1
    today_row = rows_of(ready_store, supervisor, today, today)[("小卖部", today)]
    assert (today_row.orders, today_row.sales_fen, today_row.refunds_fen) == (
        0,
        0,
        back["amount_fen"],
    )
    assert today_row.net_fen == -back["amount_fen"]
    assert today_row.fee_fen == -fee_for(back["amount_fen"], 800) < 0
    assert today_row.payable_fen == today_row.net_fen - today_row.fee_fen


def test_the_daily_run_writes_once_and_says_so_in_the_audit_log(
    ready_store: Store, shop: dict[str, Seller]
) -> None:
    shop["小卖部"].collect(ready_store, 1200, sold_at=at(venue_today() - ONE_DAY))
    seq = last_audit_seq(ready_store)
    assert settlement.produce_settlements(ready_store) == 1
    [entry] = audit_entries(ready_store, seq)
    assert (entry.action, entry.user_login) == ("settlement.produce", "")
    assert '"created": 1' in entry.detail
    seq = last_audit_seq(ready_store)
    before = table_snapshot(ready_store)
    assert settlement.produce_settlements(ready_store) == 0  # nothing new: no write at all
    assert audit_entries(ready_store, seq) == []
    assert table_snapshot(ready_store) == before


def test_an_open_settlement_is_made_again_when_a_queued_sale_arrives(
    ready_store: Store, shop: dict[str, Seller], supervisor: Actor
) -> None:
    snack = shop["小卖部"]
    yesterday = venue_today() - ONE_DAY
    snack.collect(ready_store, 1000, sold_at=at(yesterday, 10))
    settlement.produce_settlements(ready_store)
    snack.collect(ready_store, 2500, sold_at=at(yesterday, 21))  # queued offline last night
    assert settlement.produce_settlements(ready_store) == 1
    row = rows_of(ready_store, supervisor, yesterday, yesterday)[("小卖部", yesterday)]
    assert (row.orders, row.sales_fen, row.fee_fen) == (2, 3500, 280)


def test_paid_is_confirmed_once_frozen_and_late_sales_are_shown_beside_it(
    ready_store: Store, shop: dict[str, Seller], supervisor: Actor
) -> None:
    snack = shop["小卖部"]
    yesterday = venue_today() - ONE_DAY
    first = snack.collect(ready_store, 10000, sold_at=at(yesterday, 10))
    settlement.produce_settlements(ready_store)
    row = rows_of(ready_store, supervisor, yesterday, yesterday)[("小卖部", yesterday)]
    seq = last_audit_seq(ready_store)
    paid = settlement.confirm_settlement_paid(
        ready_store, supervisor, row.id, reference="  ICBC-20260301-001 ", note="网银"
    )
    assert (paid.status, paid.paid_by, paid.paid_reference) == ("paid", "陈静", "ICBC-20260301-001")
    assert paid.paid_at is not None and abs(paid.paid_at - now()) < timedelta(minutes=1)
    [entry] = audit_entries(ready_store, seq)
    assert (entry.action, entry.user_login, entry.target_id) == (
        "settlement.paid",
        "chenjing",
        row.id,
    )
    assert '"payable_fen": 9200' in entry.detail and "网银" in entry.detail
    with pytest.raises(Conflict, match="already confirmed paid"):
        settlement.confirm_settlement_paid(ready_store, supervisor, row.id, reference="again")

    # A sale of yesterday queued offline arrives after the payment, and one of
    # yesterday's sales is refunded today: only the late sale is late for yesterday.
    snack.refund(ready_store, first["order_id"])
    late = snack.sell(ready_store, [line_of(snack, "爆米花 大份")], sold_at=at(yesterday, 22))
    assert settlement.produce_settlements(ready_store) == 0  # a paid day is never touched
    shown = rows_of(ready_store, supervisor, yesterday, yesterday)[("小卖部", yesterday)]
    assert (shown.sales_fen, shown.fee_fen, shown.payable_fen) == (10000, 800, 9200)
    assert shown.late_fen == late["total_fen"] == 2500
    assert (shown.status, shown.paid_by, shown.paid_reference) == (
        "paid",
        "陈静",
        "ICBC-20260301-001",
    )


def test_wrong_confirmations_change_nothing(
    ready_store: Store, shop: dict[str, Seller], supervisor: Actor
) -> None:
    shop["小卖部"].collect(ready_store, 1000, sold_at=at(venue_today() - ONE_DAY))
    settlement.produce_settlements(ready_store)
    [row] = rows_of(ready_store, supervisor, venue_today() - ONE_DAY, venue_today()).values()
    before = table_snapshot(ready_store)
    with pytest.raises(ValidationError):
        settlement.confirm_settlement_paid(ready_store, supervisor, row.id, reference="  ")
    with pytest.raises(ValidationError):
        settlement.confirm_settlement_paid(ready_store, supervisor, row.id, reference="x" * 65)
    with pytest.raises(NotFound):
        settlement.confirm_settlement_paid(ready_store, supervisor, new_id(), reference="T1")
    assert table_snapshot(ready_store) == before
    with pytest.raises(ValidationError):
        settlement.list_settlements(
            ready_store,
            supervisor,
            merchant_id=None,
            start_day=venue_today(),
            end_day=venue_today() - ONE_DAY,
        )


def test_merchant_staff_see_their_own_settlements_only(
    ready_store: Store, shop: dict[str, Seller], demo_actors: dict[str, Actor]
) -> None:
    yesterday = venue_today() - ONE_DAY
    for seller in shop.values():
        seller.collect(ready_store, 1000, sold_at=at(yesterday))
    settlement.produce_settlements(ready_store)
    manager, operator = demo_actors["zhaolei"], demo_actors["liuyang"]
    own = rows_of(ready_store, manager, yesterday, yesterday)
    assert set(own) == {("小卖部", yesterday)}
    ids = merchant_ids(ready_store)
    with pytest.raises(PermissionDenied):
        settlement.list_settlements(
            ready_store,
            manager,
            merchant_id=ids["文创商店"],
            start_day=yesterday,
            end_day=yesterday,
        )
    with pytest.raises(PermissionDenied):  # an operator reads no reports
        settlement.list_settlements(
            ready_store, operator, merchant_id=None, start_day=yesterday, end_day=yesterday
        )
    with pytest.raises(PermissionDenied):  # and a manager does not confirm payments
        settlement.confirm_settlement_paid(
            ready_store, manager, own[("小卖部", yesterday)].id, reference="T1"
        )


def test_a_standalone_desktop_makes_them_on_refresh(
    ready_store: Store, shop: dict[str, Seller], supervisor: Actor
) -> None:
    shop["文创商店"].collect(ready_store, 1000, sold_at=at(venue_today() - ONE_DAY))
    seq = last_audit_seq(ready_store)
    assert settlement.refresh_settlements(ready_store, supervisor) == 1
    assert settlement.refresh_settlements(ready_store, supervisor) == 0
    assert [(e.action, e.user_login) for e in audit_entries(ready_store, seq)] == [
        ("settlement.refresh", "chenjing"),
        ("settlement.refresh", "chenjing"),
    ]


def test_a_new_fee_rate_applies_to_days_not_yet_settled(
    ready_store: Store, shop: dict[str, Seller], supervisor: Actor
) -> None:
    snack = shop["小卖部"]
    today = venue_today()
    snack.collect(ready_store, 10000, sold_at=at(today - ONE_DAY))
    settlement.produce_settlements(ready_store)
    with ready_store.transaction() as s:
        s.get(Merchant, snack.merchant_id).fee_rate_bp = 300  # type: ignore[union-attr]
    snack.collect(ready_store, 10000)
    snack.collect(ready_store, 1000, sold_at=at(today - ONE_DAY, 23))  # late, still open
    settlement.produce_settlements(ready_store, today=today + ONE_DAY)
    rows = rows_of(ready_store, supervisor, today - ONE_DAY, today)
    assert (
        rows[("小卖部", today - ONE_DAY)].fee_rate_bp,
        rows[("小卖部", today - ONE_DAY)].fee_fen,
    ) == (
        800,
        880,
    )
    assert (rows[("小卖部", today)].fee_rate_bp, rows[("小卖部", today)].fee_fen) == (300, 300)


# --- Venue days -----------------------------------------------------------------------------------


def test_days_are_cut_where_the_offset_changes() -> None:
    berlin = ZoneInfo("Europe/Berlin")  # summer time from 2026-03-29 02:00
    cut = spans(date(2026, 3, 27), date(2026, 3, 31), berlin)
    assert [(s.first, s.last, s.shift) for s in cut] == [
        (date(2026, 3, 27), date(2026, 3, 28), 3600),
        (date(2026, 3, 29), date(2026, 3, 29), None),
        (date(2026, 3, 30), date(2026, 3, 31), 7200),
    ]
    assert cut[1].end - cut[1].start == timedelta(hours=23)
    whole = spans(date(2026, 1, 1), date(2026, 12, 31), ZONE)
    assert whole == [
        Span(
            date(2026, 1, 1),
            date(2026, 12, 31),
            datetime(2025, 12, 31, 16, tzinfo=UTC),
            datetime(2026, 12, 31, 16, tzinfo=UTC),
            8 * 3600,
        )
    ]


def _orders_at(store: Store, merchant_id: str, moments: list[datetime]) -> None:
    """Orders at given instants, straight into the store (a till accepts sales
    from the last 60 days only; these are the days around a clock change)."""
    with store.transaction() as s:
        for n, moment in enumerate(moments):
            s.add(
                SaleOrder(
                    id=new_id(),
                    number=f"DST-{n}",
                    terminal_id="",
                    user_id="",
                    created_at=moment,
                    total_fen=100 * (n + 1),
                    kind="collection",
                    merchant_id=merchant_id,
                )
            )


def assert_sums_by_day_across_a_clock_change(store: Store) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    snack = merchant_ids(store)["小卖部"]
    local = [
        datetime(2026, 3, 28, 23, 59, 59, 999900, tzinfo=berlin),  # 28th (+1)
        datetime(2026, 3, 29, 0, 0, tzinfo=berlin),  # 29th (+1)
        datetime(2026, 3, 29, 1, 59, tzinfo=berlin),  # 29th (+1)
        datetime(2026, 3, 29, 3, 0, tzinfo=berlin),  # 29th (+2)
        datetime(2026, 3, 29, 23, 59, tzinfo=berlin),  # 29th (+2)
        datetime(2026, 3, 30, 0, 0, tzinfo=berlin),  # 30th (+2)
        datetime(2026, 3, 31, 23, 59, tzinfo=berlin),  # 31st (+2)
    ]
    _orders_at(store, snack, local)
    with store.reading() as s:
        found = by_day(
            s,
            date(2026, 3, 27),
            date(2026, 3, 31),
            berlin,
            at=SaleOrder.created_at,
            keys=[SaleOrder.merchant_id],
            values=[func.count(SaleOrder.id), func.sum(SaleOrder.total_fen)],
            where=[SaleOrder.kind == "collection", SaleOrder.number.like("DST-%")],
        )
    assert sorted((day, n, total) for day, (_m, n, total) in found) == [
        (date(2026, 3, 28), 1, 100),
        (date(2026, 3, 29), 4, 200 + 300 + 400 + 500),
        (date(2026, 3, 30), 1, 600),
        (date(2026, 3, 31), 1, 700),
    ]


def test_sums_by_venue_day_across_a_clock_change(ready_store: Store) -> None:
    assert_sums_by_day_across_a_clock_change(ready_store)


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    store = Store.connect(pg_url)
    bootstrap.seed_demo(store)
    yield store
    store.close()


def test_settlements_on_postgresql(pg_store: Store) -> None:
    actors = {
        login: auth.login(pg_store, login, DEMO_PASSWORD).actor for login in ("zhaolei", "chenjing")
    }
    snack = at_till(pg_store, actors["zhaolei"])
    shift = shifts.open_shift(pg_store, snack, counts=FLOAT).id
    seller = Seller("小卖部", merchant_ids(pg_store)["小卖部"], snack, shift, [])
    today = venue_today()
    first = seller.collect(pg_store, 1000, sold_at=at(today - 2 * ONE_DAY, 23, 59))
    seller.collect(pg_store, 2000, sold_at=at(today - ONE_DAY, 0, 0))
    seller.collect(pg_store, 4000, sold_at=at(today - ONE_DAY, 23, 30))
    seller.refund(pg_store, first["order_id"])
    assert settlement.produce_settlements(pg_store, today=today + ONE_DAY) == 3
    rows = rows_of(pg_store, actors["chenjing"], today - 3 * ONE_DAY, today)
    assert {day: (r.orders, r.sales_fen, r.refunds_fen) for (_m, day), r in rows.items()} == {
        today - 2 * ONE_DAY: (1, 1000, 0),
        today - ONE_DAY: (2, 6000, 0),
        today: (0, 0, 1000),
    }
    assert_sums_by_day_across_a_clock_change(pg_store)  # PostgreSQL converts with the zone


# --- The central store makes them by itself ----------------------------------------------------------


def test_the_central_store_makes_the_settlements_when_it_starts(
    ready_store: Store, shop: dict[str, Seller]
) -> None:
    yesterday = venue_today() - ONE_DAY
    shop["小卖部"].collect(ready_store, 3000, sold_at=at(yesterday, 15))
    app = create_app(ready_store)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=free_port(), log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 15
        while not (server.started and app.state.settlement_job.runs):
            assert time.monotonic() < deadline and thread.is_alive()
            time.sleep(0.02)
        with ready_store.reading() as s:
            made = s.scalars(select(MerchantSettlement)).all()
        assert [(m.day, m.sales_fen, m.fee_fen) for m in made] == [
            (yesterday.isoformat(), 3000, 240)
        ]
    finally:
        server.should_exit = True
        thread.join(timeout=15)
    assert not thread.is_alive()
    assert not app.state.settlement_job.alive  # stopped with the server


# --- Randomized days against the test's own ledger -----------------------------------------------------


DISCOUNTS = (0, 0, 0, 10, 50, 100)  # percent of a line or of the order
METHODS = ("cash", "card", "mobile", "member")

sale = st.tuples(
    st.just("sell"),
    st.sampled_from(tuple(RATES)),
    st.lists(
        st.tuples(st.integers(0, 30), st.integers(1, 3), st.sampled_from(DISCOUNTS)),
        min_size=1,
        max_size=3,
    ),
    st.sampled_from(DISCOUNTS),
    st.sampled_from(METHODS),
    st.sampled_from((0, 0, 30, 900, 1500, 3000)),  # queued offline this many minutes
    st.integers(0, 300),  # minutes passing before it
)
collection = st.tuples(
    st.just("collect"),
    st.sampled_from(tuple(RATES)),
    st.integers(1, 50000),
    st.sampled_from((0, 0, 900, 3000)),
    st.integers(0, 300),
)
refund = st.tuples(st.just("refund"), st.integers(0, 40), st.booleans(), st.integers(0, 300))
# A day: its sales, collections and refunds; the night's run (so many minutes
# after midnight); then staff confirm some of the open settlements paid.
days = st.lists(
    st.tuples(
        st.lists(st.one_of(sale, collection, refund), max_size=6),
        st.integers(0, 600),
        st.lists(st.integers(0, 40), max_size=2),
    ),
    min_size=1,
    max_size=5,
)


def expected_fee(net: int, rate_bp: int) -> int:
    return int((Decimal(net) * rate_bp / 10000).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Ledger:
    live: dict[tuple[str, date], list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0, 0])
    )  # (merchant, day) -> [orders, sales, refunds] as sold and refunded
    stored: dict[tuple[str, date], tuple[int, int, int]] = field(default_factory=dict)
    paid: dict[tuple[str, date], tuple[int, int, int]] = field(default_factory=dict)
    sales: list[tuple[str, dict]] = field(default_factory=list)
    through: date | None = None  # the last day settled

    def first_days(self) -> dict[str, date]:
        firsts: dict[str, date] = {}
        for merchant, day in self.live:
            firsts[merchant] = min(day, firsts.get(merchant, day))
        return firsts

    def night(self, today: date) -> None:
        """What the daily run on ``today`` makes: every day up to yesterday from each
        merchant's first, the open ones as the orders and refunds are now."""
        self.through = today - ONE_DAY
        for merchant, first in self.first_days().items():
            day = first
            while day <= self.through:
                if (merchant, day) not in self.paid:
                    self.stored[(merchant, day)] = tuple(self.live.get((merchant, day), (0, 0, 0)))  # type: ignore[assignment]
                day += ONE_DAY


def check(store: Store, me: Actor, ledger: Ledger) -> list[SettlementRow]:
    """Every settlement as the ledger says; the open ones listed."""
    if ledger.through is None:
        assert rows_of(store, me, venue_today() - 40 * ONE_DAY, venue_today()) == {}
        return []
    firsts = ledger.first_days()
    earliest = min([*firsts.values(), ledger.through])
    rows = rows_of(store, me, earliest, ledger.through)
    assert set(rows) == set(ledger.stored), "a settlement missing or too many"
    for key, row in rows.items():
        merchant, _day = key
        orders, sales, refunds = ledger.paid.get(key, ledger.stored[key])
        net = sales - refunds
        fee = expected_fee(net, RATES[merchant])
        assert (row.orders, row.sales_fen, row.refunds_fen, row.net_fen) == (
            orders,
            sales,
            refunds,
            net,
        ), key
        assert (row.fee_rate_bp, row.fee_fen, row.payable_fen) == (RATES[merchant], fee, net - fee)
        live = ledger.live.get(key, [0, 0, 0])
        if key in ledger.paid:
            assert row.status == "paid" and row.late_fen == (live[1] - live[2]) - net, key
        else:
            assert row.status == "open" and row.late_fen == 0
            assert (orders, sales, refunds) == tuple(live), key  # made again from everything
    return sorted(
        (r for r in rows.values() if r.status == "open"), key=lambda r: (r.day, r.merchant_name)
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(timeline=days)
def test_every_settlement_equals_the_ledger_of_the_tills_days(
    ready_template: Path, demo_actors: dict[str, Actor], timeline: list[tuple]
) -> None:
    with (
        tempfile.TemporaryDirectory() as tmp,
        opened(copy_data_dir(ready_template, Path(tmp) / "store")) as store,
    ):
        run_timeline(store, demo_actors, timeline)


def run_timeline(store: Store, actors: dict[str, Actor], timeline: list[tuple]) -> None:
    me = actors["chenjing"]
    sellers = sellers_of(store, actors)
    start = venue_today() - 9 * ONE_DAY
    latest = now() - timedelta(minutes=5)
    clock = [at(start, 8)]
    ledger = Ledger()
    open_rows: list[SettlementRow] = []

    def advance(minutes: int) -> None:
        clock[0] = min(clock[0] + timedelta(minutes=minutes), latest)

    def sold(merchant: str, receipt: dict) -> None:
        day = day_of(datetime.fromisoformat(receipt["created_at"]), ZONE)
        figures = ledger.live[(merchant, day)]
        figures[0] += 1
        figures[1] += receipt["total_fen"]
        ledger.sales.append((merchant, receipt))

    def pay(which: int) -> None:
        nonlocal open_rows
        if not open_rows:
            return
        row = open_rows[which % len(open_rows)]
        settlement.confirm_settlement_paid(store, me, row.id, reference=f"TX-{which}")
        key = (row.merchant_name, row.day)
        ledger.paid[key] = ledger.stored[key]
        open_rows = check(store, me, ledger)

    with mock.patch.object(till, "now", lambda: clock[0]):
        for day_events, night_minutes, payments in timeline:
            for event in day_events:
                kind = event[0]
                if kind == "sell":
                    _, merchant, wanted, order_pct, method, queued, step = event
                    advance(step)
                    seller = sellers[merchant]
                    lines = []
                    for index, qty, pct in wanted:
                        item = seller.skus[index % len(seller.skus)]
                        lines.append(
                            GoodsLine(
                                item.sku_id, qty, item.price_fen, qty * item.price_fen * pct // 100
                            )
                        )
                    subtotal = sum(x.qty * x.unit_price_fen - x.discount_fen for x in lines)
                    receipt = seller.sell(
                        store,
                        lines,
                        discount_fen=subtotal * order_pct // 100,
                        method=method,
                        sold_at=clock[0] - timedelta(minutes=queued) if queued else None,
                    )
                    sold(merchant, receipt)
                elif kind == "collect":
                    _, merchant, amount, queued, step = event
                    advance(step)
                    sold_at = clock[0] - timedelta(minutes=queued) if queued else None
                    sold(merchant, sellers[merchant].collect(store, amount, sold_at=sold_at))
                elif kind == "refund" and ledger.sales:
                    _, which, whole, step = event
                    advance(step)
                    merchant, receipt = ledger.sales[which % len(ledger.sales)]
                    seller = sellers[merchant]
                    order = till.list_goods_order(store, seller.actor, receipt["number"])
                    left = [x for x in order.lines if x.qty > x.refunded_qty]
                    if not left:
                        continue
                    items = [] if whole else [RefundItem(left[0].line_id, 1)]
                    answer = seller.refund(store, receipt["order_id"], items)
                    ledger.live[(merchant, day_of(clock[0], ZONE))][2] += answer["amount_fen"]
            # The night: the run just after midnight settles the day before.
            midnight = day_start(day_of(clock[0], ZONE) + ONE_DAY, ZONE)
            clock[0] = min(max(clock[0], midnight + timedelta(minutes=night_minutes)), latest)
            today = day_of(clock[0], ZONE)
            settlement.produce_settlements(store, today=today)
            ledger.night(today)
            open_rows = check(store, me, ledger)
            for which in payments:
                pay(which)
    # The next night settles the last day too; the reports by day agree with the ledger.
    today = day_of(clock[0], ZONE) + ONE_DAY
    settlement.produce_settlements(store, today=today)
    ledger.night(today)
    check(store, me, ledger)
    daily = merchant_reports.list_daily(
        store, me, merchant_id=None, start_day=start - 5 * ONE_DAY, end_day=today
    )
    assert {(r.merchant_name, r.day): [r.orders, r.sales_fen, r.refunds_fen] for r in daily} == {
        key: figures for key, figures in ledger.live.items()
    }
