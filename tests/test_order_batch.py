"""Queued sales in batches (``POST /api/v1/orders/batch``) and who a queued sale
belongs to, over real HTTP on loopback against a real central store.

A batch answers every sale as ``POST /api/v1/orders`` would answer it alone
(the same receipt, the same refusal, the same replay); one refusal leaves
the other sales alone. A sale queued offline stays the sale of the cashier
who made it, whoever is logged in when the outbox sends it."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import event, func, select

from boxoffice.bootstrap import DEMO_PASSWORD
from boxoffice.db.models import AuditEntry, OutboxEntry, SaleOrder, Ticket, User
from boxoffice.db.store import Store
from boxoffice.errors import PermissionDenied
from boxoffice.ids import TerminalId, UserId, new_id
from boxoffice.services import base, catalogue, credentials, seating, staff
from boxoffice.services.base import Actor
from sync import outbox
from sync.client import CentralClient, InFlight, Refused, ServerAnswer
from tests.central_server import CentralServer
from tests.conftest import audit_entries, last_audit_seq, opened
from tests.test_sync_client import PASSWORD as STUB_PASSWORD
from tests.test_sync_client import CentralStub, make_client, start_stub
from tests.test_sync_client import order_body as stub_order_body


@pytest.fixture
def window(central: CentralServer) -> dict[str, str]:
    return central.terminal("7号售票窗口")


def client_of(central: CentralServer, window: dict[str, str], login: str) -> CentralClient:
    client = CentralClient(
        central.url, window["terminal_id"], window["terminal_key"], timeout=(2, 20)
    )
    client.login(login, DEMO_PASSWORD)
    return client


def actor_of(client: CentralClient, window: dict[str, str], login: str) -> Actor:
    """The actor a terminal makes of a central login (as ``sync.terminal`` does)."""
    staff_login = client.login(login, DEMO_PASSWORD)
    return Actor(
        UserId(staff_login.user_id),
        staff_login.login,
        staff_login.display_name,
        TerminalId(window["terminal_id"]),
        "7号售票窗口",
        staff_login.permissions,
    )


def general_session(store: Store, admin: Actor) -> str:
    return next(s.id for s in catalogue.list_sessions(store, admin) if s.hall_name == "小剧场")


def full_price(store: Store, admin: Actor) -> str:
    return next(t.id for t in catalogue.list_ticket_types(store, admin) if t.name == "全价")


def ga_sale(store: Store, admin: Actor, number: str, **extra: Any) -> dict[str, Any]:
    session_id = general_session(store, admin)
    price = catalogue.list_sessions(store, admin)
    zone_price = next(s.zones[0].price_fen for s in price if s.id == session_id)
    return {
        "order_id": new_id(),
        "number": number,
        "session_id": session_id,
        "hold_id": None,
        "lines": [{"seat_id": None, "ticket_type_id": full_price(store, admin), "zone_id": None}],
        "payments": [{"method": "cash", "amount_fen": zone_price, "reference": ""}],
        **extra,
    }


def post_batch(
    central: CentralServer, headers: dict[str, str], orders: list[dict[str, Any]]
) -> requests.Response:
    return requests.post(
        f"{central.url}/api/v1/orders/batch", json={"orders": orders}, headers=headers, timeout=20
    )


# --- The batch endpoint -------------------------------------------------------------------


def test_a_refused_sale_leaves_the_others_and_every_answer_replays_as_alone(
    central: CentralServer, window: dict[str, str], admin: Actor
) -> None:
    store = central.store
    headers = central.headers(window, "zhangli", DEMO_PASSWORD)
    first = ga_sale(store, admin, "B7-0001")
    taken = ga_sale(store, admin, "B7-0001")  # the same number again: refused
    badly_paid = ga_sale(store, admin, "B7-0002", payments=[{"method": "cash", "amount_fen": 1}])
    last = ga_sale(store, admin, "B7-0003")
    orders = [first, taken, badly_paid, last]

    answer = post_batch(central, headers, orders)
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [r["order_id"] for r in results] == [o["order_id"] for o in orders]
    assert [r["status"] for r in results] == [201, 409, 422, 201]
    assert results[1]["body"]["error"]["kind"] == "Conflict"
    assert results[1]["body"]["error"]["params"] == {"number": "B7-0001"}
    assert results[2]["body"]["error"]["kind"] == "ValidationError"
    with store.reading() as s:
        numbers = set(s.scalars(select(SaleOrder.number).where(SaleOrder.number.like("B7-%"))))
        assert numbers == {"B7-0001", "B7-0003"}

    # The same batch again: every key gets its recorded answer, nothing is sold twice.
    again = post_batch(central, headers, orders).json()["results"]
    assert again == results
    # Each key alone through POST /orders gets the very same answer.
    for order, result in zip(orders, results, strict=True):
        alone = central.post_order(headers, order)
        assert (alone.status_code, alone.json()) == (result["status"], result["body"])
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(SaleOrder)) == 2


def test_a_key_first_sold_alone_replays_in_a_batch_and_a_changed_body_is_key_reused(
    central: CentralServer, window: dict[str, str], admin: Actor
) -> None:
    store = central.store
    headers = central.headers(window, "zhangli", DEMO_PASSWORD)
    order = ga_sale(store, admin, "B7-0101")
    alone = central.post_order(headers, order)
    assert alone.status_code == 201
    changed = {**order, "number": "B7-0102"}
    results = post_batch(central, headers, [order, changed]).json()["results"]
    assert results[0] == {"order_id": order["order_id"], "status": 201, "body": alone.json()}
    assert results[1]["status"] == 409
    assert results[1]["body"]["error"]["kind"] == "KeyReused"


def test_sales_of_one_hold_in_a_batch_see_each_other(
    central: CentralServer, window: dict[str, str], admin: Actor
) -> None:
    """The second sale of the same hold is refused as it would be after the first
    had committed: the hold is used up and its other seat was given back."""
    store = central.store
    headers = central.headers(window, "zhangli", DEMO_PASSWORD)
    session_id = next(
        s.id for s in catalogue.list_sessions(store, admin) if s.hall_name == "大剧场"
    )
    hold = requests.post(
        f"{central.url}/api/v1/holds",
        json={"session_id": session_id, "seat_ids": ["r22c1", "r22c2", "r22c3"]},
        headers=headers,
        timeout=10,
    ).json()
    full = full_price(store, admin)

    def sale(number: str, seat: str) -> dict[str, Any]:
        return {
            "order_id": new_id(),
            "number": number,
            "session_id": session_id,
            "hold_id": hold["hold_id"],
            "lines": [{"seat_id": seat, "ticket_type_id": full}],
            "payments": [{"method": "cash", "amount_fen": 28000}],
        }

    results = post_batch(central, headers, [sale("B7-0201", "r22c1"), sale("B7-0202", "r22c2")])
    first, second = results.json()["results"]
    assert first["status"] == 201 and [t["seat_id"] for t in first["body"]["tickets"]] == ["r22c1"]
    assert second["status"] == 409 and "hold ran out" in second["body"]["error"]["message"]
    seats = {s.seat_id: s.state for s in seating.list_session_seats(store, admin, session_id)}
    assert (seats["r22c1"], seats["r22c2"], seats["r22c3"]) == ("sold", "available", "available")


def test_a_batch_is_audited_once_with_its_sender(
    central: CentralServer, window: dict[str, str], admin: Actor
) -> None:
    store = central.store
    headers = central.headers(window, "chenjing", DEMO_PASSWORD)
    before = last_audit_seq(store)
    orders = [ga_sale(store, admin, f"B7-03{n:02d}") for n in range(3)]
    assert [r["status"] for r in post_batch(central, headers, orders).json()["results"]] == [
        201
    ] * 3
    entries = audit_entries(store, before)
    assert [e.action for e in entries] == ["ticket.sell"] * 3 + ["ticket.sell_batch"]
    assert json.loads(entries[-1].detail) == {
        "orders": 3,
        "sold": 3,
        "refused": 0,
        "replayed": 0,
        "in_flight": 0,
    }
    assert entries[-1].user_login == "chenjing"


# --- Whose sale it is -------------------------------------------------------------------


def test_a_queued_sale_is_the_sale_of_the_cashier_who_made_it(
    central: CentralServer, window: dict[str, str], store: Store, admin: Actor
) -> None:
    """Cashier A queues a sale offline; cashier B is logged in when the outbox
    drains: the central store records A as the seller and B as the sender."""
    client = client_of(central, window, "zhangli")
    made_by = actor_of(client, window, "zhangli")
    order = ga_sale(central.store, admin, "B7-0401")
    outbox.record_sale(store, made_by, order)
    client.login("chenjing", DEMO_PASSWORD)  # A goes home; B logs in at the window
    before = last_audit_seq(central.store)

    report = outbox.OutboxWorker(store, client).drain_once()
    assert (report.sent, report.parked) == (1, 0)
    with central.store.reading() as s:
        sale = s.get(SaleOrder, order["order_id"])
        assert sale is not None and sale.user_id == made_by.user_id
        [entry] = s.scalars(
            select(AuditEntry).where(
                AuditEntry.seq > before,
                AuditEntry.action == "ticket.sell",
                AuditEntry.target_id == order["order_id"],
            )
        )
    assert (entry.user_id, entry.user_login) == (made_by.user_id, "zhangli")
    sender = json.loads(entry.detail)["sent_by"]
    assert sender["login"] == "chenjing" and sender["user_id"] != made_by.user_id
    client.close()


def test_a_queued_sale_of_a_since_disabled_cashier_is_parked_with_the_reason(
    central: CentralServer, window: dict[str, str], store: Store, admin: Actor
) -> None:
    """Decision (docs/decisions.md): the central store refuses it, the outbox
    parks it naming the cashier; once the account is enabled again, requeued,
    it is sold as theirs."""
    client = client_of(central, window, "wangfang")
    made_by = actor_of(client, window, "wangfang")
    order = ga_sale(central.store, admin, "B7-0501")
    outbox.record_sale(store, made_by, order)
    staff.set_user_enabled(central.store, admin, made_by.user_id, False)
    client.login("chenjing", DEMO_PASSWORD)

    worker = outbox.OutboxWorker(store, client)
    assert worker.drain_once().parked == 1
    [row] = worker.parked()
    assert row.error is not None
    assert (row.error["kind"], row.error["status"]) == ("PermissionDenied", 403)
    assert row.error["params"] == {"seller": "wangfang"}
    assert "disabled" in row.error["message"]
    with central.store.reading() as s:
        assert s.get(SaleOrder, order["order_id"]) is None
    assert audit_entries(central.store)[-2].action == "access.denied"

    staff.set_user_enabled(central.store, admin, made_by.user_id, True)
    assert outbox.requeue(store, made_by, order["order_id"])
    assert worker.drain_once().sent == 1  # a refusal for a permission is not final
    with central.store.reading() as s:
        sale = s.get(SaleOrder, order["order_id"])
        assert sale is not None and sale.user_id == made_by.user_id
    client.close()


def test_a_seller_without_the_sell_permission_is_refused(
    central: CentralServer, window: dict[str, str], admin: Actor, merchant: Actor
) -> None:
    headers = central.headers(window, "zhangli", DEMO_PASSWORD)
    order = ga_sale(central.store, admin, "B7-0601", seller_id=merchant.user_id)
    [result] = post_batch(central, headers, [order]).json()["results"]
    assert result["status"] == 403
    assert result["body"]["error"]["params"] == {
        "seller": "liuyang",
        "permission": "tickets.sell",
    }
    unknown = ga_sale(central.store, admin, "B7-0602", seller_id=new_id())
    alone = central.post_order(headers, unknown)
    assert alone.status_code == 403 and "no longer exists" in alone.json()["error"]["message"]
    with central.store.reading() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 0


def test_a_body_naming_another_seller_is_not_queued(store: Store, cashier: Actor) -> None:
    body = stub_order_body(seller_id=new_id())
    with pytest.raises(ValueError, match="seller_id"):
        outbox.record_sale(store, cashier, body)
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 0


# --- Identity, once per request ----------------------------------------------------------


def test_a_revoked_permission_or_disabled_account_stops_the_next_request(
    central: CentralServer, window: dict[str, str], admin: Actor
) -> None:
    store = central.store
    client = client_of(central, window, "wangfang")
    assert client.sessions()
    cashiers = next(r for r in staff.list_roles(store, admin) if r.code == "cashier")
    staff.update_role(
        store,
        admin,
        cashiers.id,
        name=cashiers.name,
        description=cashiers.description,
        permissions=frozenset(cashiers.permissions) - {"sessions.view"},
    )
    with pytest.raises(Refused) as refused:
        client.sessions()
    assert refused.value.status == 403
    me = actor_of(client, window, "wangfang")
    staff.set_user_enabled(store, admin, me.user_id, False)
    with pytest.raises(Exception, match="session has ended"):
        client.sessions()
    client.close()


def test_a_verified_actor_is_read_again_once_its_request_is_over(
    central: CentralServer, window: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Services trust what the request's identity query read, not an actor kept
    for later: past ``VERIFIED_FOR`` the account is read again."""
    store = central.store
    token = requests.post(
        f"{central.url}/api/v1/auth/login",
        json={"login": "zhangli", "password": DEMO_PASSWORD},
        headers=central.headers(window),
        timeout=10,
    ).json()["token"]
    me = credentials.identify(store, window["terminal_id"], window["terminal_key"], token)
    assert me.verified is not None and me.verified.fresh()
    with store.transaction() as s:
        user = s.get(User, me.user_id)
        assert user is not None
        user.enabled = False  # behind the services' back, after the request's read
    assert catalogue.list_sessions(store, me)  # the same request: what it read stands
    later = time.monotonic() + base.VERIFIED_FOR + 1
    monkeypatch.setattr(base.time, "monotonic", lambda: later)
    with pytest.raises(PermissionDenied, match="disabled"):
        catalogue.list_sessions(store, me)


# --- The worker -----------------------------------------------------------------------


@pytest.fixture
def stub() -> Iterator[CentralStub]:
    running = start_stub()
    try:
        yield running.stub
    finally:
        running.stop()


def test_an_aggregates_due_entries_go_in_one_request_and_one_local_transaction(
    store: Store, cashier: Actor, stub: CentralStub
) -> None:
    ids = [outbox.record_sale(store, cashier, stub_order_body("s1")) for _ in range(5)]
    other = outbox.record_sale(store, cashier, stub_order_body("s2"))
    commits: list[int] = []
    event.listen(store.engine, "commit", lambda _conn: commits.append(1))
    with make_client(stub) as client:
        client.login("zhangli", STUB_PASSWORD)
        report = outbox.OutboxWorker(store, client).drain_once()
    assert (report.sent, report.remaining) == (6, 0)
    batches = [s.body for s in stub.seen if s.path == "/api/v1/orders/batch"]
    assert [[o["order_id"] for o in b["orders"]] for b in batches] == [ids, [other]]
    assert len(commits) == 2  # one local transaction per answer, not per sale
    assert [e.action for e in audit_entries(store)][-6:] == ["sale.sent"] * 6


def test_entries_after_one_in_flight_wait_untouched(
    store: Store, cashier: Actor, stub: CentralStub
) -> None:
    first, second, third = (outbox.record_sale(store, cashier, stub_order_body()) for _ in range(3))
    stub.script, stub.retry_after = ["ok", "inflight"], "30"
    with make_client(stub) as client:
        client.login("zhangli", STUB_PASSWORD)
        report = outbox.OutboxWorker(store, client).drain_once()
    assert (report.sent, report.retried, report.remaining) == (1, 1, 2)
    assert stub.order_keys == [first, second]
    with store.reading() as s:
        rows = {e.id: e for e in s.scalars(select(OutboxEntry))}
    assert (rows[second].attempts, json.loads(rows[second].last_error)["kind"]) == (1, "InFlight")
    assert (rows[third].attempts, rows[third].status) == (0, "pending")


def test_a_central_store_without_batches_gets_the_sales_one_by_one(
    store: Store, cashier: Actor, stub: CentralStub, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [outbox.record_sale(store, cashier, stub_order_body()) for _ in range(3)]

    def no_batch(self: CentralClient, bodies: list[dict[str, Any]]) -> Any:
        raise Refused(ServerAnswer(404, "HttpError", "Not Found", {}, {}))

    monkeypatch.setattr(CentralClient, "send_orders", no_batch)
    with make_client(stub) as client:
        client.login("zhangli", STUB_PASSWORD)
        worker = outbox.OutboxWorker(store, client)
        assert worker.drain_until_empty(deadline_seconds=20).sent == 3
    assert stub.order_keys == ids  # through POST /orders, in order


def test_send_orders_reads_each_answer() -> None:
    """InFlight and refusals per sale come back as the single endpoint's errors."""
    running = start_stub()
    try:
        running.stub.script, running.stub.retry_after = ["refuse", "ok", "inflight"], "7"
        bodies = [stub_order_body() for _ in range(4)]
        with make_client(running.stub) as client:
            client.login("zhangli", STUB_PASSWORD)
            answers = client.send_orders(bodies)
        assert len(answers) == 3  # the fourth was not tried
        assert isinstance(answers[0], Refused) and answers[0].status == 422
        assert isinstance(answers[1], dict) and answers[1]["order_id"] == bodies[1]["order_id"]
        assert isinstance(answers[2], InFlight) and answers[2].retry_after == 7.0
    finally:
        running.stop()


# --- The store's write lock (SQLite) ---------------------------------------------------


def test_writers_of_one_process_queue_on_the_lock_not_in_sqlites_busy_handler(
    ready_data_dir: Path,
) -> None:
    with opened(ready_data_dir) as one, opened(ready_data_dir) as two:
        order: list[str] = []
        inside = threading.Event()

        def second() -> None:
            inside.wait(5)
            with two.transaction() as s:
                s.execute(select(1))
                order.append("second")

        thread = threading.Thread(target=second)
        thread.start()
        with one.transaction() as s:
            s.execute(select(1))
            inside.set()
            time.sleep(0.3)
            order.append("first")
        thread.join(10)
        assert order == ["first", "second"]
        assert one._write_lock is two._write_lock  # one lock per database file
