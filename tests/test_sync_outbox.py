"""The outbox (recording sales locally, sending them once) and the change-feed follower,
on real SQLite stores and against the stub central store of ``test_sync_client``."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from boxoffice.db.models import OutboxEntry, Setting
from boxoffice.db.store import Store
from boxoffice.errors import PermissionDenied, ValidationError
from boxoffice.ids import new_id
from boxoffice.services.base import Actor, UnitOfWork
from boxoffice.services.idempotency import KeyReused
from sync import outbox
from sync.backoff import Backoff
from sync.client import CentralClient, FeedBatch
from sync.feed import CURSOR_KEY, FeedFollower, advance_cursor, read_cursor
from sync.outbox import OutboxWorker, enqueue, needs_override, record_sale, requeue
from tests.conftest import audit_count, audit_entries, last_audit_seq, opened, table_snapshot
from tests.test_sync_client import (
    PASSWORD,
    CentralStub,
    make_client,
    order_body,
    start_stub,
)

START = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, at: datetime = START) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> datetime:
        self.at += timedelta(seconds=seconds)
        return self.at


@pytest.fixture
def central() -> Iterator[CentralStub]:
    running = start_stub()
    try:
        yield running.stub
    finally:
        running.stop()


@pytest.fixture
def client(central: CentralStub) -> Iterator[CentralClient]:
    with make_client(central, timeout=(2.0, 0.5)) as c:
        c.login("zhangli", PASSWORD)
        yield c


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def worker(ready_store: Store, client: CentralClient, clock: FakeClock) -> OutboxWorker:
    return OutboxWorker(
        ready_store, client, clock=clock, rng=random.Random(7), backoff=Backoff(1.0, 60.0)
    )


def entry(store: Store, entry_id: str) -> OutboxEntry:
    with store.reading() as session:
        found = session.get(OutboxEntry, entry_id)
        assert found is not None
        return found


def queue(store: Store, actor: Actor, session_id: str, clock: FakeClock) -> str:
    """Record a sale of ``session_id``, one clock tick after the previous one."""
    return record_sale(store, actor, order_body(session_id), at=clock.advance(0.001))


# --- Recording a sale -------------------------------------------------------------------------


def test_a_sale_is_recorded_with_its_audit_entry_in_one_transaction(
    ready_store: Store, cashier: Actor
) -> None:
    before = last_audit_seq(ready_store)
    body = order_body("s1")
    assert record_sale(ready_store, cashier, body, at=START) == body["order_id"]

    row = entry(ready_store, body["order_id"])
    assert (row.status, row.operation, row.aggregate, row.attempts) == (
        "pending",
        "sale",
        "session:s1",
        0,
    )
    # The whole order body (the local record), with who made the sale.
    assert json.loads(row.payload) == {**body, "seller_id": cashier.user_id}
    assert row.created_at == row.next_attempt_at == START
    [audit] = audit_entries(ready_store, before)
    assert (audit.action, audit.target_type, audit.target_id) == (
        "sale.queued",
        "order",
        body["order_id"],
    )
    assert audit.user_login == cashier.login
    assert json.loads(audit.detail) == {
        "number": body["number"],
        "session_id": "s1",
        "seats": ["r1c1"],
        "tickets": 1,
        "paid_fen": 13600,
    }
    assert needs_override(ready_store) == 1
    assert outbox.pending_count(ready_store) == 1


def test_a_crash_inside_the_transaction_writes_neither_entry_nor_audit(
    ready_store: Store, cashier: Actor
) -> None:
    before = table_snapshot(ready_store, skip=())
    body = order_body()
    with pytest.raises(RuntimeError, match="power cut"), ready_store.transaction() as session:
        enqueue(
            session,
            op_id=body["order_id"],
            aggregate="session:s1",
            operation="sale",
            payload=body,
            at=START,
        )
        UnitOfWork(session, cashier).audit("sale.queued", "order", body["order_id"])
        session.flush()  # both rows are in the database's transaction...
        raise RuntimeError("power cut")  # ...which never commits
    assert table_snapshot(ready_store, skip=()) == before


CRASHING_WRITER = textwrap.dedent(
    """
    import json, os, sys
    from datetime import datetime
    from pathlib import Path
    from boxoffice.db.store import Store
    from boxoffice.services.base import Actor, UnitOfWork
    from sync.outbox import enqueue

    data_dir, actor_json, order_id, commit = sys.argv[1:5]
    actor = Actor(**{**json.loads(actor_json), "permissions": frozenset()})
    store = Store.open(Path(data_dir))
    with store.transaction() as session:
        enqueue(session, op_id=order_id, aggregate="session:s1", operation="sale",
                payload={"order_id": order_id}, at=datetime.fromisoformat("2026-11-22T10:00:00+00:00"))
        UnitOfWork(session, actor).audit("sale.queued", "order", order_id)
        session.flush()
        if commit == "no":
            os._exit(9)  # the process dies mid-transaction
    os._exit(0)  # committed; dies before any tidy shutdown
    """
)


def test_a_killed_process_leaves_both_rows_or_neither(ready_data_dir: Path, cashier: Actor) -> None:
    actor_json = json.dumps(
        {k: v for k, v in dataclasses.asdict(cashier).items() if k != "permissions"}
    )
    lost, kept = new_id(), new_id()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    for order_id, commit, code in ((lost, "no", 9), (kept, "yes", 0)):
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                CRASHING_WRITER,
                str(ready_data_dir),
                actor_json,
                order_id,
                commit,
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == code, done.stderr
    with opened(ready_data_dir) as store, store.reading() as session:
        ids = set(session.scalars(select(OutboxEntry.id)))
        audited = {e.target_id for e in audit_entries(store) if e.action == "sale.queued"}
    assert ids == audited == {kept}


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"order_id": "not-a-uuid"}, ValidationError),
        ({"order_id": "0190a000-0000-4000-8000-000000000001"}, ValidationError),  # v4
        ({"number": " "}, ValidationError),
        ({"lines": []}, ValidationError),
        ({"payments": [{"method": "cash", "amount_fen": 0}]}, ValidationError),
        ({"payments": [{"method": "cash", "amount_fen": -5}]}, ValidationError),
        ({"payments": [{"method": "cash", "amount_fen": 1.5}]}, ValidationError),
        ({"payments": [{"method": "cash", "amount_fen": True}]}, ValidationError),
        ({"payments": [{"method": "iou", "amount_fen": 100}]}, ValidationError),
        (
            {
                "lines": [
                    {"seat_id": "r1c1", "ticket_type_id": "t"},
                    {"seat_id": "r1c1", "ticket_type_id": "t"},
                ]
            },
            ValidationError,
        ),
        ({"lines": [{"seat_id": "r1c1"}]}, ValueError),
        ({"lines": [{"seat_id": "r1c1", "ticket_type_id": "t", "price_fen": 1}]}, ValueError),
        ({"total_fen": 13600}, ValueError),
        ({"session_id": None}, ValueError),
        ({"payments": None}, ValueError),
    ],
)
def test_a_malformed_order_body_is_refused_and_nothing_is_written(
    ready_store: Store, cashier: Actor, change: dict[str, Any], error: type[Exception]
) -> None:
    before = table_snapshot(ready_store, skip=())
    with pytest.raises(error):
        record_sale(ready_store, cashier, order_body(**change))
    assert table_snapshot(ready_store, skip=()) == before


def test_a_comp_order_without_payments_is_well_formed(ready_store: Store, cashier: Actor) -> None:
    assert record_sale(ready_store, cashier, order_body(payments=[]))


def test_recording_the_same_sale_again_is_a_no_op_and_a_reused_id_is_refused(
    ready_store: Store, cashier: Actor
) -> None:
    body = order_body()
    record_sale(ready_store, cashier, body)
    count = audit_count(ready_store)
    assert record_sale(ready_store, cashier, dict(body)) == body["order_id"]
    assert audit_count(ready_store) == count
    with pytest.raises(KeyReused):
        record_sale(ready_store, cashier, {**body, "number": "W1-261122-0002"})
    assert outbox.pending_count(ready_store) == 1


def test_recording_a_sale_needs_the_sell_permission(ready_store: Store, merchant: Actor) -> None:
    before = last_audit_seq(ready_store)
    with pytest.raises(PermissionDenied):
        record_sale(ready_store, merchant, order_body())
    assert outbox.pending_count(ready_store) == 0
    assert [e.action for e in audit_entries(ready_store, before)] == ["access.denied"]


# --- Sending --------------------------------------------------------------------------------------


def test_a_queued_sale_is_sent_once_and_marked_sent(
    ready_store: Store, cashier: Actor, worker: OutboxWorker, central: CentralStub, clock: FakeClock
) -> None:
    order_id = queue(ready_store, cashier, "s1", clock)
    before = last_audit_seq(ready_store)
    assert worker.last_success_at() is None

    report = worker.drain_once()
    assert (report.sent, report.retried, report.parked, report.remaining) == (1, 0, 0, 0)
    assert central.order_keys == [order_id] and central.sales == [order_id]
    row = entry(ready_store, order_id)
    assert (row.status, row.attempts, row.sent_at, row.last_error) == ("sent", 1, clock(), "")
    assert json.loads(row.response) == central.orders[order_id][2]  # the central receipt
    assert worker.last_success_at() == clock()
    assert [e.action for e in audit_entries(ready_store, before)] == ["sale.sent"]
    assert needs_override(ready_store) == 0

    assert worker.drain_once().sent == 0  # nothing is sent twice
    assert central.order_keys == [order_id]


def test_a_timeout_keeps_the_entry_pending_and_the_next_attempt_uses_the_same_key(
    ready_store: Store, cashier: Actor, worker: OutboxWorker, central: CentralStub, clock: FakeClock
) -> None:
    order_id = queue(ready_store, cashier, "s1", clock)
    central.script, central.slow_seconds = ["slow"], 1.0  # client read timeout is 0.5 s

    report = worker.drain_once()
    assert (report.sent, report.retried, report.remaining, report.offline) == (0, 1, 1, True)
    row = entry(ready_store, order_id)
    assert (row.status, row.attempts) == ("pending", 1)
    assert clock() <= row.next_attempt_at <= clock() + timedelta(seconds=1.0)
    assert json.loads(row.last_error)["kind"] == "Unreachable"
    assert needs_override(ready_store) == 1
    assert central.slow_done.wait(5)  # the server did record the sale

    clock.at = row.next_attempt_at
    assert worker.drain_once().sent == 1
    assert central.order_keys == [order_id, order_id]  # the same Idempotency-Key twice
    assert central.sales == [order_id]  # and one sale
    assert entry(ready_store, order_id).status == "sent"


def test_an_answer_cut_off_is_retried_with_the_same_key(
    ready_store: Store, cashier: Actor, worker: OutboxWorker, central: CentralStub, clock: FakeClock
) -> None:
    order_id = queue(ready_store, cashier, "s1", clock)
    central.script = ["reset"]
    assert worker.drain_once().retried == 1
    clock.advance(120)
    assert worker.drain_once().sent == 1
    assert central.order_keys == [order_id, order_id] and central.sales == [order_id]


def test_a_refusal_parks_the_entry_with_the_reason_and_later_ones_still_go(
    ready_store: Store, cashier: Actor, worker: OutboxWorker, central: CentralStub, clock: FakeClock
) -> None:
    refused = queue(ready_store, cashier, "s1", clock)
    later = queue(ready_store, cashier, "s1", clock)
    central.script = ["refuse"]
    before = last_audit_seq(ready_store)

    report = worker.drain_once()
    assert (report.sent, report.parked, report.remaining) == (1, 1, 0)
    assert central.order_keys == [refused, later]  # parked does not block its session
    [row] = worker.parked()
    assert (row.id, row.status, row.attempts, row.aggregate) == (refused, "parked", 1, "session:s1")
    assert row.error == {
        "kind": "ValidationError",
        "message": "Payments add up to {paid} fen but the order is {total} fen.",
        "params": {"paid": 100, "total": 200},
        "status": 422,
    }
    assert row.payload["order_id"] == refused  # kept whole for the "needs attention" screen
    assert [e.action for e in audit_entries(ready_store, before)] == ["sale.parked", "sale.sent"]
    # Not sent, so still a reason to stop a logout; only pending ones are retried.
    assert needs_override(ready_store) == 1
    assert needs_override(ready_store, include_parked=False) == 0

    # Nothing retries a parked entry by itself...
    clock.advance(3600)
    assert worker.drain_once().sent == 0
    # ...until staff requeue it: same key, so the store replays its recorded refusal.
    assert requeue(ready_store, cashier, refused, at=clock())
    assert not requeue(ready_store, cashier, later)  # sent, not parked
    assert worker.drain_once().parked == 1
    assert central.order_keys == [refused, later, refused]
    assert entry(ready_store, refused).status == "parked"


def test_within_an_aggregate_the_second_entry_waits_for_the_first(
    ready_store: Store, cashier: Actor, worker: OutboxWorker, central: CentralStub, clock: FakeClock
) -> None:
    first = queue(ready_store, cashier, "s1", clock)
    other = queue(ready_store, cashier, "s2", clock)
    second = queue(ready_store, cashier, "s1", clock)
    central.script, central.retry_after = ["inflight"], "30"

    report = worker.drain_once()
    assert (report.sent, report.retried, report.remaining) == (1, 1, 2)
    assert central.order_keys == [first, other]  # second not sent before first
    assert entry(ready_store, second).attempts == 0

    clock.advance(31)
    assert worker.drain_once().sent == 2
    assert central.order_keys == [first, other, first, second]


def test_in_flight_honours_retry_after(
    ready_store: Store, cashier: Actor, worker: OutboxWorker, central: CentralStub, clock: FakeClock
) -> None:
    order_id = queue(ready_store, cashier, "s1", clock)
    central.script, central.retry_after = ["inflight"], "30"
    report = worker.drain_once()
    assert (report.retried, report.offline) == (1, False)  # the server is there: not offline
    row = entry(ready_store, order_id)
    assert row.next_attempt_at >= clock() + timedelta(seconds=30)  # backoff here is <= 1 s
    assert json.loads(row.last_error) == {"kind": "InFlight", "retry_after": 30.0}

    clock.advance(29)
    assert worker.drain_once().sent == 0 and central.order_keys == [order_id]
    clock.at = row.next_attempt_at
    assert worker.drain_once().sent == 1 and central.sales == [order_id]


def test_backoff_grows_has_jitter_and_stays_under_the_cap() -> None:
    backoff = Backoff(base=1.0, cap=60.0, rng=random.Random(1))
    assert [backoff.ceiling(n) for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]
    assert backoff.ceiling(10_000) == 60.0  # no overflow however long it has failed
    for attempt in (1, 3, 6, 50):
        waits = [backoff.delay(attempt) for _ in range(200)]
        assert all(0 <= w <= backoff.ceiling(attempt) for w in waits)
        assert len(set(waits)) == 200  # jitter: spread, not one value
    # Full jitter spreads over the whole range, not just near the ceiling.
    waits = [backoff.delay(7) for _ in range(1000)]
    assert min(waits) < 6 and max(waits) > 54
    # Reproducible with the same seed.
    one, two = (Backoff(base=1.0, cap=60.0, rng=random.Random(5)) for _ in range(2))
    assert [one.delay(4) for _ in range(5)] == [two.delay(4) for _ in range(5)]
    with pytest.raises(ValueError):
        Backoff(base=0, cap=1)


def test_failed_attempts_wait_longer_each_time_up_to_the_cap(
    ready_store: Store,
    cashier: Actor,
    client: CentralClient,
    central: CentralStub,
    clock: FakeClock,
) -> None:
    backoff = Backoff(base=1.0, cap=8.0)
    worker = OutboxWorker(ready_store, client, clock=clock, rng=random.Random(3), backoff=backoff)
    order_id = queue(ready_store, cashier, "s1", clock)
    central.script = ["500"] * 6
    waits = []
    for attempt in range(1, 7):
        assert worker.drain_once().retried == 1
        row = entry(ready_store, order_id)
        assert row.attempts == attempt
        wait = (row.next_attempt_at - clock()).total_seconds()
        assert 0 <= wait <= backoff.ceiling(attempt) + 1e-6
        waits.append(wait)
        clock.at = row.next_attempt_at
    assert len(set(waits)) == len(waits)  # jittered
    assert max(waits[3:]) > max(waits[:1])  # and growing
    assert worker.drain_once().sent == 1
    assert central.order_keys == [order_id] * 7 and central.sales == [order_id]


def test_an_expired_login_stops_the_drain_and_touches_nothing(
    ready_store: Store, cashier: Actor, worker: OutboxWorker, central: CentralStub, clock: FakeClock
) -> None:
    ids = [queue(ready_store, cashier, f"s{n}", clock) for n in range(3)]
    central.tokens.clear()
    report = worker.drain_once()
    assert (report.auth_expired, report.sent, report.retried, report.remaining) == (True, 0, 0, 3)
    # Stopped at the first request (one batch per aggregate).
    assert [s.path for s in central.seen].count("/api/v1/orders/batch") == 1
    assert all(entry(ready_store, i).attempts == 0 for i in ids)

    worker.client.login("zhangli", PASSWORD)
    assert worker.drain_once().sent == 3


def test_an_unreachable_store_ends_the_drain_without_waiting_out_every_entry(
    ready_store: Store, cashier: Actor, clock: FakeClock
) -> None:
    ids = [queue(ready_store, cashier, f"s{n}", clock) for n in range(3)]
    with make_client(_stopped(), timeout=(0.5, 0.5)) as client:
        worker = OutboxWorker(ready_store, client, clock=clock, rng=random.Random(1))
        report = worker.drain_once()
    assert (report.offline, report.retried, report.remaining) == (True, 1, 3)
    assert [entry(ready_store, i).attempts for i in ids] == [1, 0, 0]


def _stopped() -> CentralStub:
    running = start_stub()
    running.stop()  # the port is closed: connection refused
    return running.stub


def test_drain_until_empty_sends_everything_in_time(
    ready_store: Store, cashier: Actor, client: CentralClient, central: CentralStub
) -> None:
    ids = [record_sale(ready_store, cashier, order_body(f"s{n % 3}")) for n in range(12)]
    central.script, central.retry_after = ["inflight", "500", "inflight"], "0.05"
    worker = OutboxWorker(ready_store, client, backoff=Backoff(0.01, 0.1))
    report = worker.drain_until_empty(deadline_seconds=20)
    assert (report.sent, report.remaining) == (12, 0)
    assert sorted(central.sales) == sorted(ids)
    assert worker.pending_count() == 0


# --- The change feed ----------------------------------------------------------------------------------


def test_the_follower_persists_its_cursor_and_resumes_after_a_restart(
    ready_data_dir: Path, central: CentralStub
) -> None:
    central.add_changes(5)
    seen: list[list[int]] = []

    def repaint(batch: FeedBatch) -> None:
        seen.append([c.seq for c in batch.changes])

    with make_client(central) as client, opened(ready_data_dir) as store:
        client.login("zhangli", PASSWORD)
        report = FeedFollower(store, client, repaint, limit=2).follow_once()
        assert (report.delivered, report.batches, report.cursor) == (5, 3, 5)
        assert seen == [[1, 2], [3, 4], [5]]
        with store.reading() as session:
            stored = session.scalar(select(Setting.value).where(Setting.key == CURSOR_KEY))
        assert stored is not None and json.loads(stored) == 5
        assert FeedFollower(store, client, repaint).follow_once().delivered == 0

    central.add_changes(3)
    with make_client(central) as client, opened(ready_data_dir) as store:  # the restart
        client.login("zhangli", PASSWORD)
        FeedFollower(store, client, repaint, limit=2).follow_once()
    assert seen == [[1, 2], [3, 4], [5], [6, 7], [8]]  # nothing again, nothing skipped


def test_a_batch_whose_callback_failed_comes_again_and_nothing_is_skipped(
    ready_store: Store, central: CentralStub, client: CentralClient
) -> None:
    central.add_changes(5)
    seen: list[int] = []
    fail_at = {3}

    def repaint(batch: FeedBatch) -> None:
        if fail_at & {c.seq for c in batch.changes}:
            fail_at.clear()
            raise RuntimeError("repaint failed")
        seen.extend(c.seq for c in batch.changes)

    with pytest.raises(RuntimeError):
        FeedFollower(ready_store, client, repaint, limit=2).follow_once()
    assert read_cursor(ready_store) == 2  # the batch applied before, not the failed one
    FeedFollower(ready_store, client, repaint, limit=2).follow_once()
    assert seen == [1, 2, 3, 4, 5]


def test_the_cursor_only_moves_forward(
    ready_store: Store, central: CentralStub, client: CentralClient
) -> None:
    assert read_cursor(ready_store) == 0
    assert advance_cursor(ready_store, 5) == 5
    assert advance_cursor(ready_store, 3) == 5  # a batch applied twice, or late
    assert read_cursor(ready_store) == 5

    central.add_changes(7)
    central.ignore_after = True  # a feed that sends old changes again
    seen: list[int] = []
    FeedFollower(ready_store, client, lambda b: seen.extend(c.seq for c in b.changes)).follow_once()
    assert seen == [6, 7] and read_cursor(ready_store) == 7
    with ready_store.reading() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(Setting).where(Setting.key == CURSOR_KEY)
            )
            == 1
        )
