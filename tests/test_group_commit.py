"""Holds and sales of several windows in one transaction (``services.group``,
``central.group_commit``): each answered exactly as alone, on SQLite and on a
real PostgreSQL server. A refusal in a group changes nothing and leaves the
others alone; a fault in a group makes each operation run again alone."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from boxoffice import bootstrap
from boxoffice.bootstrap import DEMO_PASSWORD
from boxoffice.clock import now
from boxoffice.db.models import Change, Hold, IdempotencyRecord, QuotaLease, SaleOrder, Ticket
from boxoffice.db.models import Hall as HallRow
from boxoffice.db.store import Store
from boxoffice.errors import AuthenticationFailed, Conflict, PermissionDenied, ValidationError
from boxoffice.ids import new_id
from boxoffice.services import audit_chain, auth, catalogue, credentials, leases, seating
from boxoffice.services.catalogue import SessionRow
from boxoffice.services.credentials import create_terminal_code_at_server
from boxoffice.services.group import Call, Caller, run_group
from boxoffice.services.seating import PaymentLine, SaleLine, SeatsUnavailable
from central.group_commit import GroupCommit
from tests.conftest import audit_entries, last_audit_seq


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    if request.param == "sqlite":
        yield request.getfixturevalue("ready_store")
        return
    store = Store.connect(request.getfixturevalue("pg_url"))
    bootstrap.seed_demo(store)
    yield store
    store.close()


def window(store: Store, name: str, login: str = "zhangli") -> Caller:
    """A registered terminal with a member of staff logged in, as a request carries them."""
    code = create_terminal_code_at_server(store, name=name, kind="window").code
    registered = credentials.register_terminal(store, code)
    at = credentials.check_terminal(store, registered.terminal_id, registered.terminal_key)
    token = credentials.open_staff_session(store, at, login, DEMO_PASSWORD).token
    return Caller(registered.terminal_id, registered.terminal_key, token)


class Hall:
    def __init__(self, store: Store) -> None:
        cashier = auth.login(store, "zhangli", DEMO_PASSWORD).actor
        self.session: SessionRow = next(
            s for s in catalogue.list_sessions(store, cashier) if s.hall_name == "大剧场"
        )
        self.full = next(
            t.id for t in catalogue.list_ticket_types(store, cashier) if t.name == "全价"
        )
        zone_price = {z.id: z.price_fen for z in self.session.zones}
        self.price = {
            s.seat_id: zone_price[s.zone_id or ""]
            for s in seating.list_session_seats(store, cashier, self.session.id)
        }

    def hold(self, who: Caller, *seats: str) -> Call:
        return Call(
            seating.hold_seats, who, {"session_id": self.session.id, "seat_ids": list(seats)}
        )

    def sale(
        self, who: Caller, hold_id: str, *seats: str, paid: int | None = None, order_id: str = ""
    ) -> Call:
        order_id = order_id or new_id()
        total = sum(self.price[s] for s in seats) if paid is None else paid
        return Call(
            seating.sell,
            who,
            {
                "order_id": order_id,
                "number": order_id[-10:],
                "session_id": self.session.id,
                "hold_id": hold_id,
                "lines": [SaleLine(s, self.full) for s in seats],
                "payments": [PaymentLine("cash", total)],
            },
        )


def count(store: Store, model: Any, *where: Any) -> int:
    with store.reading() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_holds_in_one_group_take_each_seat_once_and_name_the_taker(any_store: Store) -> None:
    hall = Hall(any_store)
    one, two, three = (window(any_store, f"{n}号组窗口") for n in (1, 2, 3))
    before, holds_before = count(any_store, Change), count(any_store, Hold)
    first, second, third = run_group(
        any_store,
        [hall.hold(one, "r3c1", "r3c2"), hall.hold(two, "r3c2", "r3c3"), hall.hold(three, "r3c4")],
    )
    assert first.error is None and first.result.seat_ids == ("r3c1", "r3c2")
    assert isinstance(second.error, SeatsUnavailable)
    assert [(t.seat_id, t.terminal_name) for t in second.error.taken] == [("r3c2", "1号组窗口")]
    assert third.error is None
    # The refused hold wrote nothing: no hold row, r3c3 still free, no change row.
    assert count(any_store, Hold) == holds_before + 2
    held = run_group(any_store, [hall.hold(two, "r3c3")])[0]
    assert held.error is None
    assert count(any_store, Change) == before + 3


def test_sales_in_one_group_are_answered_as_alone(any_store: Store) -> None:
    hall = Hall(any_store)
    one, two, three = (window(any_store, f"{n}号售窗口") for n in (1, 2, 3))
    holds = run_group(
        any_store,
        [hall.hold(one, "r4c1"), hall.hold(two, "r4c2"), hall.hold(three, "r4c3")],
    )
    h1, h2, h3 = (o.result.hold_id for o in holds)
    good = hall.sale(one, h1, "r4c1")
    underpaid = hall.sale(two, h2, "r4c2", paid=1)
    answers = run_group(any_store, [good, underpaid, hall.sale(three, h3, "r4c3"), good])
    sold, refused, other, replayed = answers
    assert sold.error is None and other.error is None
    assert isinstance(refused.error, ValidationError)
    assert replayed.result == sold.result  # the same key twice in a group: one sale
    assert count(any_store, SaleOrder) == 2
    assert count(any_store, Ticket, Ticket.seat_id == "r4c2") == 0
    # The refusal is the operation's answer for good: recorded, and replayed later.
    with any_store.reading() as s:
        record = s.get(IdempotencyRecord, underpaid.kwargs["order_id"])
        assert record is not None and record.status_code == 409
    again = run_group(any_store, [underpaid])[0]
    assert isinstance(again.error, ValidationError)
    assert str(again.error) == str(refused.error)


def test_a_caller_refused_in_a_group_is_audited_and_the_others_go_on(any_store: Store) -> None:
    hall = Hall(any_store)
    cashier = window(any_store, "收银窗口")
    merchant = window(any_store, "商品窗口", login="liuyang")  # no tickets.sell
    stranger = Caller(cashier.terminal_id, cashier.terminal_key, "not-a-token")
    wrong_key = Caller(cashier.terminal_id, "not-its-key", cashier.token)
    borrowed = Caller(merchant.terminal_id, merchant.terminal_key, cashier.token)  # not its token
    seq = last_audit_seq(any_store)
    denied, unknown, held, bad_key, elsewhere = run_group(
        any_store,
        [
            hall.hold(merchant, "r5c1"),
            hall.hold(stranger, "r5c2"),
            hall.hold(cashier, "r5c3"),
            hall.hold(wrong_key, "r5c4"),
            hall.hold(borrowed, "r5c5"),
        ],
    )
    assert isinstance(denied.error, PermissionDenied)
    assert isinstance(unknown.error, AuthenticationFailed)
    assert "session has ended" in unknown.error.english()
    assert held.error is None and held.result.seat_ids == ("r5c3",)
    assert isinstance(bad_key.error, AuthenticationFailed)
    assert "not registered" in bad_key.error.english()
    assert isinstance(elsewhere.error, AuthenticationFailed)
    assert "session has ended" in elsewhere.error.english()
    actions = [(e.action, e.user_login) for e in audit_entries(any_store, seq)]
    assert actions == [("access.denied", "liuyang"), ("seat.hold", "zhangli")]
    with any_store.reading() as s:
        assert audit_chain.verify(s).ok


def test_a_fault_in_a_group_runs_each_operation_alone(ready_store: Store) -> None:
    hall = Hall(ready_store)
    one, two = window(ready_store, "1号窗口甲"), window(ready_store, "2号窗口乙")
    broken = Call(seating.hold_seats, two, {"session_id": hall.session.id, "seat_ids": None})
    first, fault, last = run_group(
        ready_store, [hall.hold(one, "r6c1"), broken, hall.hold(one, "r6c2")]
    )
    assert first.error is None and last.error is None
    assert isinstance(fault.error, TypeError)  # the caller's to raise: a 500, as before
    assert {s for o in (first, last) for s in o.result.seat_ids} == {"r6c1", "r6c2"}


def test_the_writer_gathers_what_waits_into_one_group(ready_store: Store) -> None:
    hall = Hall(ready_store)
    callers = [window(ready_store, f"{n}号并发窗口") for n in range(1, 7)]
    writer = GroupCommit(ready_store)
    lock = ready_store._write_lock
    assert lock is not None  # SQLite: the process's write lock, held here to let a queue form

    async def six_holds() -> list[Any]:
        lock.acquire(timeout=10)  # released below, in this thread
        try:
            first = asyncio.ensure_future(writer.run(hall.hold(callers[0], "r9c1")))
            await asyncio.sleep(0.3)  # the writer has taken the first and waits for the lock
            rest = [
                asyncio.ensure_future(writer.run(hall.hold(who, f"r9c{n + 2}")))
                for n, who in enumerate(callers[1:])
            ]
            await asyncio.sleep(0.2)
        finally:
            lock.release()
        return list(await asyncio.gather(first, *rest))

    try:
        held = asyncio.run(six_holds())
    finally:
        writer.stop()
    assert [h.seat_ids for h in held] == [(f"r9c{n}",) for n in range(1, 7)]
    assert writer.groups == 2 and writer.largest == 5


def test_the_writer_raises_a_refusal_in_its_request(ready_store: Store) -> None:
    hall = Hall(ready_store)
    one, two = window(ready_store, "甲窗口"), window(ready_store, "乙窗口")
    writer = GroupCommit(ready_store)

    async def both() -> list[Any]:
        return list(
            await asyncio.gather(
                writer.run(hall.hold(one, "r10c1")),
                writer.run(hall.hold(two, "r10c1")),
                return_exceptions=True,
            )
        )

    try:
        first, second = asyncio.run(both())
    finally:
        writer.stop()
    assert first.seat_ids == ("r10c1",)
    assert isinstance(second, SeatsUnavailable)


def test_one_operation_alone_leaves_what_a_refusal_leaves(any_store: Store) -> None:
    """A group of one has no savepoint: its refusal rolls everything back and is
    then recorded in a transaction of its own, as the service alone records it."""
    hall = Hall(any_store)
    cashier = window(any_store, "独自窗口")
    merchant = window(any_store, "独自商品窗口", login="liuyang")
    held = run_group(any_store, [hall.hold(cashier, "r11c1")])[0].result
    underpaid = hall.sale(cashier, held.hold_id, "r11c1", paid=1)
    seq = last_audit_seq(any_store)
    refused = run_group(any_store, [underpaid])[0]
    denied = run_group(any_store, [hall.hold(merchant, "r11c2")])[0]
    assert isinstance(refused.error, ValidationError)
    assert isinstance(denied.error, PermissionDenied)
    with any_store.reading() as s:
        record = s.get(IdempotencyRecord, underpaid.kwargs["order_id"])
        assert record is not None and record.status_code == 409
    assert count(any_store, SaleOrder) == 0
    assert [(e.action, e.user_login) for e in audit_entries(any_store, seq)] == [
        ("access.denied", "liuyang")
    ]
    # The hold the refused sale would have used up is still live: sold now, paid in full.
    sold = run_group(any_store, [hall.sale(cashier, held.hold_id, "r11c1")])[0]
    assert sold.error is None and sold.result["tickets"][0]["seat_id"] == "r11c1"


def test_windows_sell_general_places_in_one_group_each_from_its_own_lease(
    any_store: Store,
) -> None:
    """Several windows' sales planned together: each uses its own window's leased
    places, and all of them together stay within the hall."""
    cashier = auth.login(any_store, "zhangli", DEMO_PASSWORD).actor
    session = next(
        s for s in catalogue.list_sessions(any_store, cashier) if s.hall_name == "小剧场"
    )
    full = next(t.id for t in catalogue.list_ticket_types(any_store, cashier) if t.name == "全价")
    with any_store.transaction() as s:
        s.execute(update(HallRow).where(HallRow.name == "小剧场").values(capacity=6))
    lessee, other = window(any_store, "有票额窗口"), window(any_store, "无票额窗口")
    at_lessee = credentials.identify(
        any_store, lessee.terminal_id, lessee.terminal_key, lessee.token
    )
    assert leases.lease_quota(any_store, at_lessee, session.id, 3).places == 3

    def places(who: Caller, n: int) -> Call:
        order_id = new_id()
        return Call(
            seating.sell,
            who,
            {
                "order_id": order_id,
                "number": order_id[-10:],
                "session_id": session.id,
                "hold_id": None,
                "lines": [SaleLine(None, full)] * n,
                "payments": [PaymentLine("cash", n * session.zones[0].price_fen)],
            },
        )

    two, three, two_more, one_more = run_group(
        any_store, [places(lessee, 2), places(other, 3), places(lessee, 2), places(other, 1)]
    )
    assert two.error is None and three.error is None  # 2 of the lease; the 3 not leased
    assert isinstance(two_more.error, Conflict) and two_more.error.params["left"] == 1
    assert isinstance(one_more.error, Conflict) and one_more.error.params["left"] == 0
    with any_store.reading() as s:
        lease = s.get(QuotaLease, (session.id, lessee.terminal_id))
        assert lease is not None and lease.places == 1
    assert count(any_store, Ticket, Ticket.session_id == session.id) == 5


def test_holds_and_sales_in_one_group_see_each_other(any_store: Store) -> None:
    """A group of holds and sales: the sale of a hold frees the hold's other seats
    for a hold in the same group, and a window asking again for the seats it
    holds (its answer was lost) gets them, in a new hold."""
    hall = Hall(any_store)
    one, two = window(any_store, "看得见窗口一"), window(any_store, "看得见窗口二")
    first = run_group(any_store, [hall.hold(one, "r12c1", "r12c2"), hall.hold(two, "r12c5")])
    held_one, held_two = (o.result.hold_id for o in first)
    sale, taken, again, refused = run_group(
        any_store,
        [
            hall.sale(one, held_one, "r12c1"),  # frees r12c2
            hall.hold(two, "r12c2"),
            hall.hold(two, "r12c5"),  # its own: a new hold
            hall.hold(one, "r12c5"),  # another window's
        ],
    )
    assert sale.error is None, sale.error
    assert taken.error is None and taken.result.seat_ids == ("r12c2",)
    assert again.error is None and again.result.hold_id != held_two
    assert isinstance(refused.error, SeatsUnavailable)
    assert [(t.seat_id, t.terminal_name) for t in refused.error.taken] == [
        ("r12c5", "看得见窗口二")
    ]
    # The new hold sells r12c5; the old one no longer holds it.
    stale = run_group(any_store, [hall.sale(two, held_two, "r12c5")])[0]
    assert isinstance(stale.error, SeatsUnavailable)
    sold = run_group(any_store, [hall.sale(two, again.result.hold_id, "r12c5", "r12c2")])[0]
    assert isinstance(sold.error, SeatsUnavailable)  # r12c2 is in the other new hold
    sold = run_group(any_store, [hall.sale(two, again.result.hold_id, "r12c5")])[0]
    assert sold.error is None
    assert count(any_store, Ticket, Ticket.session_id == hall.session.id) == 2


def test_the_writer_takes_a_new_connection_when_the_database_drops_its_own(pg_url: str) -> None:
    """The writer keeps one connection for its groups. When the database ends it
    (a restart, an administrator), the next group's calls run again on fresh
    connections and are answered as if nothing had happened."""
    store = Store.connect(pg_url)
    bootstrap.seed_demo(store)
    try:
        hall = Hall(store)
        one = window(store, "断线窗口")
        writer = GroupCommit(store)
        try:
            first = asyncio.run(writer.run(hall.hold(one, "r13c1")))
            conn = writer._conn  # the writer's own connection, for the database to end
            assert conn is not None
            backend = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
            conn.rollback()
            with store.transaction() as s:
                assert s.scalar(select(func.pg_terminate_backend(backend)))
            second = asyncio.run(writer.run(hall.hold(one, "r13c2")))
            third = asyncio.run(writer.run(hall.hold(one, "r13c3")))
        finally:
            writer.stop()
        assert [h.seat_ids for h in (first, second, third)] == [
            ("r13c1",),
            ("r13c2",),
            ("r13c3",),
        ]
        assert count(store, Hold, Hold.terminal_id == one.terminal_id) == 3
    finally:
        store.close()


def test_a_write_the_database_refuses_runs_each_operation_alone(any_store: Store) -> None:
    """A constraint the checks could not foresee (here a stray valid ticket for
    a held seat, written behind the services' back) fails the group's writes,
    which on PostgreSQL are sent together; each operation then runs alone, and
    only the one that meets the constraint fails."""
    hall = Hall(any_store)
    one, two = window(any_store, "约束窗口甲"), window(any_store, "约束窗口乙")
    first, second = run_group(any_store, [hall.hold(one, "r7c1"), hall.hold(two, "r7c2")])
    with any_store.transaction() as s:
        stray = SaleOrder(
            id=new_id(),
            number="STRAY-1",
            terminal_id=two.terminal_id,
            user_id="",
            created_at=now(),
            total_fen=0,
        )
        s.add(stray)
        s.flush()
        s.add(
            Ticket(
                id=new_id(),
                order_id=stray.id,
                session_id=hall.session.id,
                seat_id="r7c2",
                ticket_type_id=hall.full,
                price_fen=0,
            )
        )
    good = hall.sale(one, first.result.hold_id, "r7c1")
    clashing = hall.sale(two, second.result.hold_id, "r7c2")
    sold, clashed = run_group(any_store, [good, clashing])
    assert sold.error is None
    assert isinstance(clashed.error, IntegrityError)  # a fault: the terminal retries later
    assert count(any_store, Ticket, Ticket.seat_id == "r7c1") == 1
    assert count(any_store, Ticket, Ticket.seat_id == "r7c2") == 1  # the stray one only
    assert count(any_store, SaleOrder, SaleOrder.id == clashing.kwargs["order_id"]) == 0


def test_groups_of_two_writers_and_lone_writes_keep_one_chain(pg_url: str) -> None:
    """Two central processes, each with its writer, and audited writes outside
    any group, all at once on one PostgreSQL: each group writes its change rows
    and reads the chain's last link together (one round trip), and still the
    audit chain is one chain and the feed has no gap."""
    import threading

    store = Store.connect(pg_url)
    bootstrap.seed_demo(store)
    try:
        hall = Hall(store)
        with store.reading() as s:
            first_seq = s.scalar(select(func.max(Change.seq))) or 0
        windows = [window(store, f"{n}号并发窗口") for n in range(4)]
        failures: list[BaseException | None] = []

        def writer(row: int, mine: list[Caller]) -> None:
            for col in range(1, 11, 2):
                outcomes = run_group(
                    store, [hall.hold(w, f"r{row}c{col + i}") for i, w in enumerate(mine)]
                )
                failures.extend(o.error for o in outcomes if o.error is not None)

        def auditor() -> None:
            for _ in range(10):
                auth.logout(store, auth.login(store, "zhangli", DEMO_PASSWORD).actor)

        threads = [
            threading.Thread(target=writer, args=(15, windows[:2])),
            threading.Thread(target=writer, args=(16, windows[2:])),
            threading.Thread(target=auditor),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert failures == []
        with store.reading() as s:
            assert audit_chain.verify(s).ok
            seqs = list(
                s.scalars(select(Change.seq).where(Change.seq > first_seq).order_by(Change.seq))
            )
        assert seqs == list(range(first_seq + 1, first_seq + 21))  # 20 seats held
    finally:
        store.close()
