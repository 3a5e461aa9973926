"""The central store on a real PostgreSQL server: the schema, the audit chain,
racing windows, the change feed under out-of-order commits, in-flight keys."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from boxoffice import bootstrap
from boxoffice.bootstrap import DEMO_PASSWORD
from boxoffice.db.models import Change, Ticket
from boxoffice.db.store import Store, head_revision
from boxoffice.ids import new_id
from boxoffice.services import audit, auth, catalogue, changes, seating
from boxoffice.services.base import Actor
from boxoffice.services.idempotency import InFlight
from boxoffice.services.seating import PaymentLine, SaleLine, SeatsUnavailable


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    store = Store.connect(pg_url)
    bootstrap.seed_demo(store)
    yield store
    store.close()


def cashier_of(store: Store) -> Actor:
    return auth.login(store, "zhangli", DEMO_PASSWORD).actor


def test_migrations_run_on_postgresql(pg_store: Store) -> None:
    with pg_store.reading() as s:
        assert (
            s.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            == head_revision()
        )
        assert s.execute(text("SELECT count(*) FROM session_seat")).scalar_one() > 20_000


def test_audit_log_is_append_only_and_verifies_on_postgresql(pg_store: Store) -> None:
    supervisor = auth.login(pg_store, "chenjing", DEMO_PASSWORD).actor
    assert audit.verify_audit_chain(pg_store, supervisor).ok
    for statement in ("UPDATE audit_entry SET detail = '{}'", "DELETE FROM audit_entry"):
        with (
            pytest.raises(DBAPIError, match=r"append-only|only by a purge"),
            pg_store.transaction() as s,
        ):
            s.execute(text(statement))


def test_concurrent_audit_writers_keep_one_chain(pg_store: Store) -> None:
    """Without the chain lock two writers would both extend the same link."""
    cashiers = [auth.login(pg_store, "zhangli", DEMO_PASSWORD).actor for _ in range(4)]
    run_together(
        [
            threading.Thread(target=lambda a=a: [auth.logout(pg_store, a) for _ in range(10)])
            for a in cashiers
        ]
    )
    assert_one_chain(pg_store)


def run_together(threads: list[threading.Thread]) -> None:
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)


def assert_one_chain(store: Store) -> None:
    supervisor = auth.login(store, "chenjing", DEMO_PASSWORD).actor
    report = audit.verify_audit_chain(store, supervisor)
    assert report.ok, report


def test_writers_with_and_without_changes_keep_one_chain(pg_store: Store) -> None:
    """A write that records changes extends the chain under the change counter's
    lock, taken with its changes; a write that only audits takes that lock
    itself. Both kinds at once still make one chain, and the feed has no gap."""
    cashier = cashier_of(pg_store)
    session = next(s for s in catalogue.list_sessions(pg_store, cashier) if s.hall_name == "大剧场")
    with pg_store.reading() as s:
        first_seq = s.scalar(select(func.max(Change.seq))) or 0

    def holder(row: int) -> None:
        for col in range(1, 11):
            held = seating.hold_seats(pg_store, cashier, session.id, [f"r{row}c{col}"])
            seating.release_hold(pg_store, cashier, held.hold_id)

    def auditor() -> None:
        for _ in range(10):
            auth.logout(pg_store, auth.login(pg_store, "zhangli", DEMO_PASSWORD).actor)

    run_together(
        [threading.Thread(target=holder, args=(row,)) for row in (2, 3)]
        + [threading.Thread(target=auditor) for _ in range(2)]
    )
    assert_one_chain(pg_store)
    with pg_store.reading() as s:
        seqs = list(
            s.scalars(select(Change.seq).where(Change.seq > first_seq).order_by(Change.seq))
        )
    assert seqs == list(range(first_seq + 1, first_seq + 41))  # 20 holds, 20 releases


def test_racing_windows_sell_each_seat_once(pg_store: Store) -> None:
    cashier = cashier_of(pg_store)
    session = next(s for s in catalogue.list_sessions(pg_store, cashier) if s.hall_name == "大剧场")
    full = next(t.id for t in catalogue.list_ticket_types(pg_store, cashier) if t.name == "全价")
    outcomes: list[str] = []

    def window() -> None:
        try:
            hold = seating.hold_seats(pg_store, cashier, session.id, ["r1c1", "r1c2"])
            seating.sell(
                pg_store,
                cashier,
                order_id=new_id(),
                number=new_id()[-12:],
                session_id=session.id,
                hold_id=hold.hold_id,
                lines=[SaleLine("r1c1", full), SaleLine("r1c2", full)],
                payments=[PaymentLine("cash", 136000)],
            )
            outcomes.append("sold")
        except SeatsUnavailable:
            outcomes.append("taken")

    threads = [threading.Thread(target=window) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["sold"] + ["taken"] * 11
    with pg_store.reading() as s:
        assert (
            s.scalar(select(func.count()).select_from(Ticket).where(Ticket.status == "valid")) == 2
        )


def test_feed_cursor_never_skips_a_late_commit(pg_store: Store) -> None:
    """A writer that starts first but commits last must still be read in order:
    the second writer waits for the first's sequence number instead of
    overtaking it, so a reader never moves its cursor past an unseen change."""
    cashier = cashier_of(pg_store)
    start = changes.list_changes(pg_store, cashier, 0).cursor
    first = pg_store.transaction()
    session_one = first.__enter__()
    seq_one = changes.record(session_one, "test", session_id=None, entity_id="one", payload={})
    second_done = threading.Event()

    def second_writer() -> None:
        with pg_store.transaction() as s:
            changes.record(s, "test", session_id=None, entity_id="two", payload={})
        second_done.set()

    thread = threading.Thread(target=second_writer)
    thread.start()
    time.sleep(0.5)
    assert not second_done.is_set()  # it waits for the first writer's number
    assert changes.list_changes(pg_store, cashier, start).changes == ()  # nothing visible yet
    first.__exit__(None, None, None)  # the first commits
    thread.join(timeout=10)
    assert second_done.is_set()
    seen = changes.list_changes(pg_store, cashier, start).changes
    assert [(c.seq, c.entity_id) for c in seen] == [(seq_one, "one"), (seq_one + 1, "two")]


def test_a_key_in_flight_is_told_to_come_back(pg_store: Store) -> None:
    cashier = cashier_of(pg_store)
    session = next(s for s in catalogue.list_sessions(pg_store, cashier) if s.hall_name == "大剧场")
    key = new_id()
    with pg_store.transaction() as busy:  # another request with this key is running
        busy.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"), {"k": key})
        with pytest.raises(InFlight):
            seating.sell(
                pg_store,
                cashier,
                order_id=key,
                number="W1-1",
                session_id=session.id,
                hold_id=None,
                lines=[SaleLine(None, "x")],
                payments=[],
            )
