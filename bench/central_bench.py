#!/usr/bin/env python
"""The central store under load, over real HTTP, on SQLite and on PostgreSQL.

    python bench/central_bench.py            # full run (a few minutes); writes docs/performance.md
    python bench/central_bench.py --quick    # small sizes, < 60 s (CI smoke); writes nothing
    python bench/central_bench.py --quick --write-quick   # quick figures into their own section

For each backend the central store runs as ``python -m central serve`` (one
uvicorn process and its writer process, no load balancer) on loopback, and the
terminals are :class:`sync.client.CentralClient` instances (the contended
windows send their requests through ``bench/_lean_window.py`` unless
``--windows-client central``: the same requests, a fraction of the CPU, which
on a site is spent on each window's own PC, not on the server's):

1. latency: one window holds 2 seats and sells them, N times in a row;
2. contention: W windows sell one session until it is sold out, then the
   database is checked directly: exactly one valid ticket per seat;
3. offline queue: N general-admission sales recorded in a terminal's local
   store with ``sync.outbox.record_sale``, then ``OutboxWorker.drain_until_empty``;
4. change feed: N change rows inserted directly, then a fresh
   ``sync.feed.FeedFollower`` catches up.

Prints one JSON object on stdout; progress goes to stderr. Exit status 0 even
when a target is missed (the figures say so); 1 if a check of correctness fails.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing as mp
import os
import queue
import random
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select, text, update

from bench._common import (
    CentralProcess,
    CpuMeter,
    log,
    machine_info,
    py_spy,
    summarize_collapsed,
    summary_ms,
    verdict,
    write_doc_section,
)
from bench._lean_window import LeanRefused, LeanWindow
from boxoffice import bootstrap
from boxoffice.bootstrap import DEMO_PASSWORD
from boxoffice.clock import now
from boxoffice.db.models import (
    Change,
    ChangeCounter,
    Hall,
    PriceZone,
    SaleOrder,
    Session,
    SessionSeat,
    Show,
    Ticket,
    TicketType,
)
from boxoffice.db.store import Store
from boxoffice.ids import TerminalId, UserId, new_id
from boxoffice.services.base import Actor
from boxoffice.services.credentials import create_terminal_code_at_server
from central.__main__ import WRITERS
from sync.client import CentralClient, InFlight, Refused, Unreachable
from sync.feed import FeedFollower
from sync.outbox import OutboxWorker, record_sale

NAME = "central_bench"
CASHIER = "zhangli"
TIMEOUT = (5.0, 60.0)  # (connect, read): generous, a timeout is an error here


@dataclass(frozen=True)
class Sizes:
    latency_iterations: int
    latency_warmup: int
    contended_rows: int
    contended_cols: int
    windows: int
    outbox_sales: int
    drain_cap_s: float  # stop draining after this long (4 x the target in a full run)
    feed_changes: int


FULL = Sizes(500, 20, 60, 60, 16, 10_000, 60.0, 50_000)
QUICK = Sizes(50, 5, 20, 20, 4, 500, 3.0, 5_000)

# The targets, for the full sizes. The drain target scales with the queue's length.
TARGET_LATENCY_P99_MS = 25.0
TARGET_CONTENDED_SEATS_PER_S = 700.0
TARGET_DRAIN_S_PER_10K = 15.0


# --- Setting up a central store ---------------------------------------------------------


@dataclass(frozen=True)
class Grid:
    session_id: str
    seats: list[str]  # row-major
    price: dict[str, int]  # seat id -> zone price (full-price ticket)


@dataclass(frozen=True)
class Fixture:
    latency: Grid
    contended: Grid
    ga_session_id: str
    ga_zone_id: str
    ga_price: int
    full_price_type: str


def _zone_rows(rows: int) -> list[int]:
    """Rows per zone front to back, in the demo's proportions (1:2:2:1)."""
    counts = [rows // 6, rows // 3, rows // 3]
    return [*counts, rows - sum(counts)]


def _grid_session(store: Store, rows: int, cols: int, days_ahead: int) -> Grid:
    """A reserved-seating session in the demo's big hall, on sale, with a rows x cols grid
    in four price zones, inserted in bulk as bootstrap does for the demo."""
    with store.transaction() as s:
        hall = s.scalar(select(Hall).where(Hall.seating == "reserved").order_by(Hall.name))
        show = s.scalar(select(Show).order_by(Show.name))
        assert hall is not None and show is not None, "the demo venue is missing"
        session = Session(
            show=show,
            hall=hall,
            starts_at=now().replace(hour=11, minute=30, second=0, microsecond=0)
            + timedelta(days=days_ahead),
            status="on_sale",
            zones=[
                PriceZone(name=n, colour=c, price_fen=p, sort_order=i)
                for i, (n, c, p) in enumerate(bootstrap._BIG_HALL_ZONES)
            ],
        )
        s.add(session)
        s.flush()
        by_row = [
            z
            for z, count in zip(session.zones, _zone_rows(rows), strict=True)
            for _ in range(count)
        ]
        seats = [
            {
                "session_id": session.id,
                "seat_id": f"r{r}c{c}",
                "label": f"{r}排{c}号",
                "row": r,
                "col": c,
                "zone_id": by_row[r - 1].id,
                "accessible": False,
                "state": "available",
            }
            for r in range(1, rows + 1)
            for c in range(1, cols + 1)
        ]
        s.execute(insert(SessionSeat), seats)
        return Grid(
            session.id,
            [seat["seat_id"] for seat in seats],
            {
                f"r{r}c{c}": by_row[r - 1].price_fen
                for r in range(1, rows + 1)
                for c in range(1, cols + 1)
            },
        )


def prepare(store: Store, sizes: Sizes) -> Fixture:
    bootstrap.seed_demo(store)
    latency = _grid_session(store, bootstrap.BIG_HALL_ROWS, bootstrap.BIG_HALL_COLS, 40)
    assert len(latency.seats) >= 2 * (sizes.latency_iterations + sizes.latency_warmup)
    contended = _grid_session(store, sizes.contended_rows, sizes.contended_cols, 41)
    with store.transaction() as s:
        show = s.scalar(select(Show).order_by(Show.name))
        hall_of_demo = s.scalar(select(Hall).order_by(Hall.name))
        assert show is not None and hall_of_demo is not None
        hall = Hall(
            venue_id=hall_of_demo.venue_id,
            name="基准测试散座厅",
            seating="general",
            capacity=sizes.outbox_sales + 1000,
        )
        zone = PriceZone(name="散座", colour="#8e44ad", price_fen=12000, sort_order=0)
        ga = Session(
            show=show,
            hall=hall,
            starts_at=now().replace(hour=12, minute=0, second=0, microsecond=0)
            + timedelta(days=42),
            status="on_sale",
            zones=[zone],
        )
        s.add_all([hall, ga])
        s.flush()
        full = s.scalar(select(TicketType.id).where(TicketType.name == "全价"))
        assert full is not None
        return Fixture(latency, contended, ga.id, zone.id, zone.price_fen, full)


@dataclass(frozen=True)
class TerminalSpec:
    url: str
    terminal_id: str
    terminal_key: str


def register(store: Store, url: str, name: str) -> TerminalSpec:
    """A terminal as a device gets one: a code made at the server, exchanged over HTTP."""
    code = create_terminal_code_at_server(store, name=name, kind="window").code
    reg = CentralClient.register(url, code, timeout=TIMEOUT)
    return TerminalSpec(url, reg.terminal_id, reg.terminal_key)


def client_of(spec: TerminalSpec) -> CentralClient:
    client = CentralClient(spec.url, spec.terminal_id, spec.terminal_key, timeout=TIMEOUT)
    client.login(CASHIER, DEMO_PASSWORD)
    return client


def order_body(
    grid_or_none: Grid | None,
    session_id: str,
    number: str,
    full_type: str,
    *,
    hold_id: str | None = None,
    seats: list[str] | None = None,
    ga_zone: str | None = None,
    ga_price: int = 0,
) -> dict[str, Any]:
    if seats:
        assert grid_or_none is not None
        lines = [{"seat_id": s, "ticket_type_id": full_type, "zone_id": None} for s in seats]
        total = sum(grid_or_none.price[s] for s in seats)
    else:
        lines = [{"seat_id": None, "ticket_type_id": full_type, "zone_id": ga_zone}]
        total = ga_price
    return {
        "order_id": new_id(),
        "number": number,
        "session_id": session_id,
        "hold_id": hold_id,
        "lines": lines,
        "payments": [{"method": "cash", "amount_fen": total, "reference": ""}],
    }


# --- 1. Latency: hold + sale of 2 seats, one window -------------------------------------


def bench_latency(
    store: Store, server: CentralProcess, fx: Fixture, sizes: Sizes
) -> dict[str, Any]:
    spec = register(store, server.url, "基准延迟窗口")
    client = client_of(spec)
    grid = fx.latency
    pairs = [grid.seats[i : i + 2] for i in range(0, len(grid.seats) - 1, 2)]
    holds: list[float] = []
    sales: list[float] = []
    both: list[float] = []
    errors: list[str] = []
    total = sizes.latency_warmup + sizes.latency_iterations
    with CpuMeter(server.pid, server.database_pid) as cpu:
        for i, pair in enumerate(pairs[:total]):
            t0 = time.perf_counter()
            try:
                hold = client.hold(grid.session_id, pair)
                t1 = time.perf_counter()
                body = order_body(
                    grid,
                    grid.session_id,
                    f"L-{i:06d}",
                    fx.full_price_type,
                    hold_id=hold["hold_id"],
                    seats=pair,
                )
                client.send_order(body)
            except (Refused, Unreachable, InFlight) as exc:
                errors.append(repr(exc))
                continue
            t2 = time.perf_counter()
            if i >= sizes.latency_warmup:
                holds.append(t1 - t0)
                sales.append(t2 - t1)
                both.append(t2 - t0)
    client.close()
    figures = summary_ms(both)
    return {
        "iterations": len(both),
        # Server CPU (Python, and SQLite inside it) per hold + sale, warm-up included.
        "server_cpu_ms_per_hold_and_sale": round(
            1000 * (cpu.seconds["server"] + cpu.seconds["database"]) / max(1, total), 2
        ),
        "warmup": sizes.latency_warmup,
        "hold_plus_sale": figures,
        "hold": summary_ms(holds),
        "sale": summary_ms(sales),
        "errors": errors[:5],
        "error_count": len(errors),
        "cpu": cpu.result,
        "target": f"p99 <= {TARGET_LATENCY_P99_MS:g} ms",
        "status": "error"
        if errors
        else verdict(figures["p99_ms"], TARGET_LATENCY_P99_MS, higher_is_better=False),
    }


# --- 2. Contention: W windows sell one session out ----------------------------------------


@dataclass(frozen=True)
class WindowJob:
    index: int
    terminal: TerminalSpec
    session_id: str
    seats: list[str]
    price: dict[str, int]
    full_type: str
    feed_cursor: int  # where the window's seat map is up to date (the feed phase is behind it)
    learn: str  # "feed": repaint from the change feed; "409": only from refusals
    use_thread_time: bool
    lean: bool  # send through bench._lean_window.LeanWindow, not CentralClient


FEED_POLL_S = 0.5  # how often a window repaints its seat map from the feed without a refusal


def window_main(job: WindowJob, ready: Any, go: Any, results: Any) -> None:
    """One simulated window: its own random walk over the seats, 2 at a time. A 409
    names the seats taken, and (``learn == "feed"``) the window also repaints its
    seat map from the change feed, then, as a cashier would, every half second."""
    try:
        logged_in = client_of(job.terminal)
        client: Any = LeanWindow(logged_in) if job.lean else logged_in
    except Exception as exc:
        results.put({"index": job.index, "fatal": repr(exc)})
        return
    clock = time.thread_time if job.use_thread_time else time.process_time
    rng = random.Random(1000 + job.index)
    todo = deque(rng.sample(job.seats, len(job.seats)))
    taken: set[str] = set()
    sold = orders = holds_ok = conflicts = empty_conflicts = feed_calls = 0
    cursor = job.feed_cursor
    hold_s: list[float] = []
    sale_s: list[float] = []
    errors: list[str] = []
    grid = Grid(job.session_id, [], job.price)

    def repaint() -> None:
        nonlocal cursor, feed_calls
        more = True
        while more:
            batch = client.changes(after=cursor, limit=1000)
            feed_calls += 1
            for session_id, payload in _feed_payloads(batch):
                if session_id != job.session_id:
                    continue
                taken.update(payload.get("held", ()), payload.get("sold", ()))
                for seat in payload.get("released", ()):
                    taken.discard(seat)
                    todo.append(seat)
            cursor, more = _feed_position(batch)

    ready.put(job.index)
    go.wait()
    cpu0 = clock()
    repainted = time.monotonic()
    while todo:
        if job.learn == "feed" and time.monotonic() - repainted > FEED_POLL_S:
            repaint()
            repainted = time.monotonic()
        pick: list[str] = []
        while todo and len(pick) < 2:
            seat = todo.popleft()
            if seat not in taken:
                pick.append(seat)
        if not pick:
            break
        t0 = time.perf_counter()
        try:
            hold = client.hold(job.session_id, pick)
        except (Refused, LeanRefused) as refused:
            hold_s.append(time.perf_counter() - t0)
            error = refused.body.get("error", {}) if isinstance(refused.body, dict) else {}
            named = {t.get("seat_id") for t in error.get("taken", []) if isinstance(t, dict)}
            if refused.status == 409 and named:
                conflicts += 1
                taken |= named
                todo.extendleft(reversed([s for s in pick if s not in named]))
            elif refused.status == 409 and empty_conflicts < 100:
                empty_conflicts += 1  # a race in naming the holder: try those seats again later
                todo.extend(pick)
            else:
                errors.append(f"hold: {refused!r}")
            if job.learn == "feed":
                repaint()
                repainted = time.monotonic()
            continue
        except (Unreachable, InFlight, OSError, RuntimeError) as exc:
            errors.append(f"hold: {exc!r}")
            continue
        t1 = time.perf_counter()
        hold_s.append(t1 - t0)
        holds_ok += 1
        body = order_body(
            grid,
            job.session_id,
            f"C{job.index:02d}-{orders:06d}",
            job.full_type,
            hold_id=hold["hold_id"],
            seats=pick,
        )
        try:
            client.send_order(body)
        except (Refused, LeanRefused, Unreachable, InFlight, OSError, RuntimeError) as exc:
            errors.append(f"sale: {exc!r}")
            with contextlib.suppress(Refused, LeanRefused, Unreachable, InFlight):
                client.release_hold(hold["hold_id"])
            continue
        sale_s.append(time.perf_counter() - t1)
        sold += len(pick)
        orders += 1
    results.put(
        {
            "index": job.index,
            "end": time.monotonic(),
            "sold": sold,
            "orders": orders,
            "holds_ok": holds_ok,
            "conflicts": conflicts,
            "empty_conflicts": empty_conflicts,
            "feed_calls": feed_calls,
            "errors": errors,
            "hold_s": hold_s,
            "sale_s": sale_s,
            "cpu_s": clock() - cpu0,
        }
    )
    client.close()
    logged_in.close()


def _feed_payloads(batch: Any) -> Iterator[tuple[str | None, dict[str, Any]]]:
    """(session, payload) of each change of a feed page, from either client."""
    if isinstance(batch, dict):  # LeanWindow: the answer as JSON
        return ((c.get("session_id"), c.get("payload") or {}) for c in batch["changes"])
    return ((c.session_id, c.payload) for c in batch.changes)


def _feed_position(batch: Any) -> tuple[int, bool]:
    if isinstance(batch, dict):
        return int(batch["cursor"]), bool(batch["more"])
    return batch.cursor, batch.more


def _run_windows(
    store: Store,
    specs: list[TerminalSpec],
    fx: Fixture,
    args: argparse.Namespace,
    server: CentralProcess,
    feed_cursor: int,
) -> tuple[list[dict[str, Any]], float, dict[str, Any], dict[str, float]]:
    grid = fx.contended
    n = len(specs)
    mode = args.windows_mode
    workers: list[Any] = []
    ready: Any
    go: Any
    results: Any
    if mode == "processes":
        # fork: no re-import per window. The children never touch the parent's
        # database connections, and there are none to inherit after dispose().
        store.engine.dispose()
        store.reader.dispose()
        ctx = mp.get_context("fork")
        ready, results, go = ctx.Queue(), ctx.Queue(), ctx.Event()
        make: Any = ctx.Process
    else:
        ready, results, go = queue.Queue(), queue.Queue(), threading.Event()
        make = threading.Thread
    for i, spec in enumerate(specs):
        job = WindowJob(
            i,
            spec,
            grid.session_id,
            grid.seats,
            grid.price,
            fx.full_price_type,
            feed_cursor,
            args.windows_learn,
            mode == "threads",
            args.windows_client == "lean",
        )
        workers.append(make(target=window_main, args=(job, ready, go, results), daemon=True))
    for w in workers:
        w.start()
    got: list[dict[str, Any]] = []
    ready_count = 0
    while ready_count < n:
        try:
            ready.get(timeout=120)
            ready_count += 1
        except queue.Empty:
            raise RuntimeError("windows did not get ready (login)") from None
        while True:  # a window that could not log in says so on the results queue
            try:
                got.append(results.get_nowait())
            except queue.Empty:
                break
        if any("fatal" in r for r in got):
            go.set()
            raise RuntimeError(f"a window failed: {got}")
    with CpuMeter(server.pid, server.database_pid) as cpu:
        start = time.monotonic()
        go.set()
        while len(got) < n:
            got.append(results.get(timeout=900))
        end = max(r["end"] for r in got)
        if mode == "processes":
            cpu.extra_client_seconds = sum(r["cpu_s"] for r in got)
    for w in workers:
        w.join(timeout=30)
    return got, end - start, cpu.result, cpu.seconds


def verify_sold_out(store: Store, grid: Grid) -> dict[str, Any]:
    """Straight from the database: one valid ticket per seat, every seat sold."""
    sid = grid.session_id
    with store.reading() as s:
        valid = s.scalar(
            select(func.count())
            .select_from(Ticket)
            .where(Ticket.session_id == sid, Ticket.status == "valid")
        )
        distinct = s.scalar(
            select(func.count(func.distinct(Ticket.seat_id))).where(
                Ticket.session_id == sid, Ticket.status == "valid"
            )
        )
        doubled = s.scalar(
            text(
                "SELECT count(*) FROM (SELECT seat_id FROM ticket WHERE session_id = :s "
                "AND seat_id IS NOT NULL GROUP BY seat_id HAVING count(*) > 1) d"
            ),
            {"s": sid},
        )
        sold_seats = s.scalar(
            select(func.count())
            .select_from(SessionSeat)
            .where(SessionSeat.session_id == sid, SessionSeat.state == "sold")
        )
        mismatched = s.scalar(
            text(
                "SELECT count(*) FROM session_seat ss LEFT JOIN ticket t ON t.id = ss.ticket_id "
                "WHERE ss.session_id = :s AND (t.id IS NULL OR t.seat_id <> ss.seat_id "
                "OR t.status <> 'valid' OR t.session_id <> ss.session_id)"
            ),
            {"s": sid},
        )
    expected = len(grid.seats)
    ok = valid == expected == distinct == sold_seats and doubled == 0 and mismatched == 0
    return {
        "expected": expected,
        "valid_tickets": valid,
        "distinct_seats": distinct,
        "seats_with_two_tickets": doubled,
        "seats_sold": sold_seats,
        "seats_not_matching_their_ticket": mismatched,
        "ok": ok,
    }


def bench_contended(
    store: Store, server: CentralProcess, fx: Fixture, sizes: Sizes, args: argparse.Namespace
) -> dict[str, Any]:
    specs = [register(store, server.url, f"基准窗口{i + 1:02d}") for i in range(sizes.windows)]
    with store.reading() as session:
        cursor = int(session.scalar(select(ChangeCounter.last)) or 0)
    results, elapsed, cpu, seconds = _run_windows(store, specs, fx, args, server, cursor)
    check = verify_sold_out(store, fx.contended)
    sold = sum(r["sold"] for r in results)
    rate = len(fx.contended.seats) / elapsed if elapsed > 0 else 0.0
    errors = [e for r in results for e in r["errors"]]
    return {
        "seats": len(fx.contended.seats),
        "windows": len(specs),
        "client_mode": args.windows_mode,
        "windows_learn_from": args.windows_learn,
        "windows_client": args.windows_client,
        "feed_requests": sum(r["feed_calls"] for r in results),
        "elapsed_s": round(elapsed, 3),
        "seats_per_s": round(rate, 1),
        "server_cpu_ms_per_seat": round(
            1000 * (seconds["server"] + seconds["database"]) / len(fx.contended.seats), 2
        ),
        "orders": sum(r["orders"] for r in results),
        "sold_by_windows": sold,
        "holds_ok": sum(r["holds_ok"] for r in results),
        "hold_conflicts_409": sum(r["conflicts"] for r in results),
        "hold_latency": summary_ms([x for r in results for x in r["hold_s"]]),
        "sale_latency": summary_ms([x for r in results for x in r["sale_s"]]),
        "errors": errors[:5],
        "error_count": len(errors),
        "check": check,
        "cpu": cpu,
        "target": f">= {TARGET_CONTENDED_SEATS_PER_S:g} seats/s",
        "status": "error"
        if not check["ok"] or errors
        else verdict(rate, TARGET_CONTENDED_SEATS_PER_S, higher_is_better=True),
    }


# --- 3. Draining an offline queue ---------------------------------------------------------


def bench_outbox(
    store: Store, server: CentralProcess, fx: Fixture, sizes: Sizes, workdir: Path
) -> dict[str, Any]:
    """Queue N sales offline, then drain them; stopped at ``sizes.drain_cap_s`` (the
    drain time is then projected from the rate, and the target is missed anyway)."""
    n = sizes.outbox_sales
    cap_s = sizes.drain_cap_s
    (workdir / "terminal").mkdir()
    local = Store.open(workdir / "terminal")
    try:
        bootstrap.seed_demo(local)  # a terminal's local store with the demo's staff
        spec = register(store, server.url, "基准离线窗口")
        client = CentralClient(spec.url, spec.terminal_id, spec.terminal_key, timeout=TIMEOUT)
        staff = client.login(CASHIER, DEMO_PASSWORD)
        # As a terminal does (sync.terminal): the cashier as the central store knows
        # them, so the queued sales carry their central user id as the seller.
        actor = Actor(
            UserId(staff.user_id),
            staff.login,
            staff.display_name,
            TerminalId(spec.terminal_id),
            "基准离线窗口",
            staff.permissions,
        )
        t0 = time.perf_counter()
        for i in range(n):
            record_sale(
                local,
                actor,
                order_body(
                    None,
                    fx.ga_session_id,
                    f"O-{i:06d}",
                    fx.full_price_type,
                    ga_zone=fx.ga_zone_id,
                    ga_price=fx.ga_price,
                ),
            )
        enqueue_s = time.perf_counter() - t0
        log(f"  queued {n} sales in {enqueue_s:.1f} s")
        worker = OutboxWorker(local, client)
        with CpuMeter(server.pid, server.database_pid) as cpu:
            t0 = time.perf_counter()
            report = worker.drain_until_empty(deadline_seconds=cap_s)
            drain_s = time.perf_counter() - t0
        client.close()
    finally:
        local.close()
    with store.reading() as s:
        tickets = s.scalar(
            select(func.count())
            .select_from(Ticket)
            .where(Ticket.session_id == fx.ga_session_id, Ticket.status == "valid")
        )
        # Every sale is the queuing cashier's (seller_id), not merely the sender's.
        theirs = s.scalar(
            select(func.count(func.distinct(SaleOrder.id)))
            .select_from(SaleOrder)
            .join(Ticket, Ticket.order_id == SaleOrder.id)
            .where(Ticket.session_id == fx.ga_session_id, SaleOrder.user_id == actor.user_id)
        )
    target = TARGET_DRAIN_S_PER_10K * n / 10_000
    drained = report.remaining == 0
    rate = report.sent / drain_s if drain_s else 0.0
    ok = report.parked == 0 and not report.offline and tickets == report.sent == theirs
    return {
        "sales": n,
        "enqueue_s": round(enqueue_s, 2),
        "drained": drained,
        # Stopped at the cap: the time to drain them all, at the rate measured.
        "drain_s": round(drain_s, 2) if drained else (round(n / rate, 1) if rate else None),
        "measured_s": round(drain_s, 2),
        "cap_s": cap_s,
        "sent": report.sent,
        "sales_per_s": round(rate, 1),
        "server_cpu_ms_per_sale": round(
            1000 * (cpu.seconds["server"] + cpu.seconds["database"]) / max(1, report.sent), 2
        ),
        "client_cpu_ms_per_sale": round(1000 * cpu.seconds["client"] / max(1, report.sent), 2),
        "report": asdict(report),
        "central_tickets": tickets,
        "orders_of_the_cashier": theirs,
        "cpu": cpu.result,
        "target": f"<= {target:g} s",
        "status": "error"
        if not ok
        else verdict(drain_s if drained else float("inf"), target, higher_is_better=False),
    }


# --- 4. Catching up the change feed -------------------------------------------------------


def bench_feed(
    store: Store, server: CentralProcess, fx: Fixture, sizes: Sizes, workdir: Path
) -> dict[str, Any]:
    n = sizes.feed_changes
    t0 = time.perf_counter()
    with store.transaction() as s:
        last = s.execute(
            update(ChangeCounter)
            .where(ChangeCounter.id == 1)
            .values(last=ChangeCounter.last + n)
            .returning(ChangeCounter.last)
        ).scalar_one()
        first = int(last) - n + 1
        moment = now()
        seats = fx.contended.seats
        rows = [
            {
                "seq": first + i,
                "at": moment,
                "kind": "seats",
                "session_id": fx.contended.session_id,
                "entity_id": new_id(),
                "payload": json.dumps(
                    {"sold": sorted(seats[(2 * i) % len(seats) : (2 * i) % len(seats) + 2])},
                    ensure_ascii=False,
                    sort_keys=True,
                ),
            }
            for i in range(n)
        ]
        for chunk in range(0, n, 5000):
            s.execute(insert(Change), rows[chunk : chunk + 5000])
    log(f"  inserted {n} changes in {time.perf_counter() - t0:.1f} s")
    (workdir / "follower").mkdir()
    local = Store.open(workdir / "follower")
    try:
        client = client_of(register(store, server.url, "基准订阅窗口"))
        delivered = 0

        def count(batch: Any) -> None:
            nonlocal delivered
            delivered += len(batch.changes)

        follower = FeedFollower(local, client, count)
        batches = 0
        with CpuMeter(server.pid, server.database_pid) as cpu:
            t0 = time.perf_counter()
            cursor = 0
            for _ in range(100):
                got = follower.follow_once()
                batches += got.batches
                cursor = got.cursor
                if cursor >= last or got.delivered == 0:
                    break
            elapsed = time.perf_counter() - t0
        client.close()
    finally:
        local.close()
    ok = cursor == last and delivered == last
    return {
        "changes": n,
        "delivered": delivered,
        "batches": batches,
        "batch_limit": follower.limit,
        "elapsed_s": round(elapsed, 2),
        "changes_per_s": round(delivered / elapsed, 0) if elapsed else 0.0,
        "cpu": cpu.result,
        "target": "none set",
        "status": "error" if not ok else "info",
    }


# --- One backend ----------------------------------------------------------------------------


@contextlib.contextmanager
def central_database(
    backend: str,
    workdir: Path,
    pg_fsync: bool,
    pg_settings: Sequence[tuple[str, str]] = (),
    pg_over: str = "socket",
) -> Iterator[tuple[Store, list[str], dict[str, Any], int | None]]:
    """An empty, migrated central database and the ``serve`` arguments that open it."""
    if backend == "sqlite":
        directory = workdir / "central"
        directory.mkdir()
        store = Store.open(directory)
        try:
            yield (
                store,
                ["--data-dir", str(directory)],
                {
                    "engine": "SQLite",
                    "version": _sqlite_version(),
                    "settings": "WAL, synchronous=FULL",
                },
                None,
            )
        finally:
            store.close()
        return
    from tests.pgserver import PgServer

    with PgServer() as pg:
        url = pg.create_database("bench")
        store = Store.connect(url)
        try:
            with store.engine.connect() as conn:
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
                conn.exec_driver_sql(f"ALTER SYSTEM SET fsync = {'on' if pg_fsync else 'off'}")
                for name, value in pg_settings:
                    conn.exec_driver_sql(f"ALTER SYSTEM SET {name} = '{value}'")
                conn.exec_driver_sql("SELECT pg_reload_conf()")
                time.sleep(0.2)
                version = conn.exec_driver_sql("SHOW server_version").scalar()
                fsync = conn.exec_driver_sql("SHOW fsync").scalar()
                commit = conn.exec_driver_sql("SHOW synchronous_commit").scalar()
                extra = "".join(
                    f", {name}={conn.exec_driver_sql(f'SHOW {name}').scalar()}"
                    for name, _ in pg_settings
                    if name not in ("fsync", "synchronous_commit")
                )
            yield (
                store,
                # The central store and PostgreSQL share this machine: the store
                # connects over the Unix socket, as docs/deployment.md advises.
                ["--db", pg.url_for("bench", socket=pg_over == "socket")],
                {
                    "engine": "PostgreSQL",
                    "version": str(version).split()[0],
                    "settings": f"fsync={fsync}, synchronous_commit={commit}{extra}, "
                    "shared_buffers=32MB (tests/pgserver.py)",
                    "connection": "its Unix socket" if pg_over == "socket" else "TCP on 127.0.0.1",
                },
                pg.postmaster_pid,
            )
        finally:
            store.close()


def _sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


def run_backend(backend: str, sizes: Sizes, args: argparse.Namespace, root: Path) -> dict[str, Any]:
    workdir = root / backend
    workdir.mkdir()
    log(f"{backend}: setting up")
    database = central_database(
        backend, workdir, not args.pg_fsync_off, args.pg_setting, args.pg_over
    )
    with database as (store, serve_args, db, db_pid):
        fx = prepare(store, sizes)
        result: dict[str, Any] = {"database": db}
        serve_args = [*serve_args, "--writer", args.writer]
        with CentralProcess(serve_args, workdir / "central.log", args.server_wrapper) as server:
            server.database_pid = db_pid
            result["server"] = {"pid": server.pid, "workers": 1, "writer": args.writer}
            profile = Path(args.profile) if args.profile else None
            if profile:
                profile.mkdir(parents=True, exist_ok=True)

            def spy(phase: str) -> Any:
                return py_spy(
                    server.pid,
                    profile / f"{backend}-{phase}.txt" if profile else None,
                    gil=args.profile_gil,
                )

            phases = [p for p in ("feed", "latency", "contended", "outbox") if p in args.phases]
            for phase in phases:
                log(f"{backend}: {phase}")
                with spy(phase):
                    if phase == "feed":
                        result[phase] = bench_feed(store, server, fx, sizes, workdir)
                    elif phase == "latency":
                        result[phase] = bench_latency(store, server, fx, sizes)
                    elif phase == "contended":
                        result[phase] = bench_contended(store, server, fx, sizes, args)
                    else:
                        result[phase] = bench_outbox(store, server, fx, sizes, workdir)
                if profile:
                    result[phase]["profile"] = summarize_collapsed(
                        profile / f"{backend}-{phase}.txt"
                    )
                log(f"{backend}: {phase} -> {headline(phase, result[phase])}")
    return result


def headline(phase: str, r: dict[str, Any]) -> str:
    if phase == "latency":
        f = r["hold_plus_sale"]
        return f"p50 {f['p50_ms']} ms, p99 {f['p99_ms']} ms [{r['status']}]"
    if phase == "contended":
        return f"{r['seats_per_s']} seats/s, check ok={r['check']['ok']} [{r['status']}]"
    if phase == "outbox":
        how = "" if r["drained"] else f" (projected; stopped at {r['measured_s']} s)"
        return f"{r['drain_s']} s{how} for {r['sales']} ({r['sales_per_s']}/s) [{r['status']}]"
    return f"{r['elapsed_s']} s for {r['delivered']} ({r['changes_per_s']}/s) [{r['status']}]"


# --- The document ---------------------------------------------------------------------------


def doc_section(result: dict[str, Any]) -> str:
    m = result["machine"]
    quick = result["mode"] == "quick"
    backends = result["backends"]
    pg = backends.get("postgresql", {}).get("database", {})
    lines = [
        "## Central store under load (`bench/central_bench.py`" + (" --quick)" if quick else ")"),
        "",
        "Written by the script on each "
        + ("`--quick --write-quick` run" if quick else "full run")
        + "; do not edit by hand.",
        "",
        "| machine | |",
        "|---|---|",
        f"| date | {m['date']} |",
        f"| CPU | {m['nproc']} × {m['cpu_model']} |",
        f"| Python | {m['python']} ({m['os']}) |",
        f"| PostgreSQL | {pg.get('version', '—')} ({pg.get('settings', '—')}; "
        f"the server connects over {pg.get('connection', '—')}) |",
        f"| SQLite | {backends.get('sqlite', {}).get('database', {}).get('version', '—')}"
        " (WAL, synchronous=FULL) |",
        "| server | one `python -m central serve --writer "
        f"{result['config'].get('writer', 'auto')}` (uvicorn, 1 worker; no load balancer), "
        "loopback |",
        f"| clients | `sync.client.CentralClient`; contended windows as "
        f"{result['config']['windows_mode']}, sending through "
        + (
            "`bench/_lean_window.py` (the same requests, little client CPU) |"
            if result["config"].get("windows_client", "lean") == "lean"
            else "`CentralClient` |"
        ),
        "",
        "| figure | backend | result | target | status |",
        "|---|---|---|---|---|",
    ]
    for backend, r in backends.items():
        if "latency" in r:
            x = r["latency"]
            f = x["hold_plus_sale"]
            lines.append(
                f"| hold + sale of 2 seats, one window, {x['iterations']} times | {backend} "
                f"| p50 {f['p50_ms']} ms, p99 {f['p99_ms']} ms (hold p99 {x['hold']['p99_ms']}, "
                f"sale p99 {x['sale']['p99_ms']}; server CPU "
                f"{x['server_cpu_ms_per_hold_and_sale']} ms per hold + sale) "
                f"| {x['target']} | {x['status']} |"
            )
        if "contended" in r:
            x = r["contended"]
            c = x["check"]
            lines.append(
                f"| {x['windows']} windows sell out {x['seats']} seats | {backend} "
                f"| {x['seats_per_s']} seats/s ({x['elapsed_s']} s; server CPU "
                f"{x['server_cpu_ms_per_seat']} ms/seat; {x['hold_conflicts_409']} "
                f"holds refused 409; hold p99 {x['hold_latency']['p99_ms']} ms, "
                f"sale p99 {x['sale_latency']['p99_ms']} ms; "
                f"{c['valid_tickets']} valid tickets, {c['seats_with_two_tickets']} seats "
                f"with two) | {x['target']} | {x['status']} |"
            )
        if "outbox" in r:
            x = r["outbox"]
            took = (
                f"{x['drain_s']} s"
                if x["drained"]
                else f"{x['drain_s']} s projected: stopped after {x['measured_s']} s "
                f"with {x['sent']} sent"
            )
            lines.append(
                f"| drain {x['sales']} queued offline sales | {backend} "
                f"| {took} ({x['sales_per_s']} sales/s; server CPU "
                f"{x['server_cpu_ms_per_sale']} ms/sale, terminal CPU "
                f"{x['client_cpu_ms_per_sale']} ms/sale) | {x['target']} | {x['status']} |"
            )
        if "feed" in r:
            x = r["feed"]
            lines.append(
                f"| fresh follower catches up {x['delivered']} changes | {backend} "
                f"| {x['elapsed_s']} s ({x['changes_per_s']:.0f} changes/s, {x['batches']} "
                f"batches of {x['batch_limit']}) | {x['target']} | {x['status']} |"
            )
    lines += [
        "",
        "CPU during each phase, in cores busy (this machine has "
        f"{m['nproc']}): server = the `serve` process and its writer process (SQLite "
        "runs inside them), "
        "clients = the benchmark's windows and terminal, database = PostgreSQL's "
        "processes, others = everything else on the machine (other users' work: "
        "the higher, the less the figures are worth), machine = all of it. "
        f"Load average before the run: {result.get('loadavg_before', '—')}.",
        "",
        "| phase | backend | server | clients | database | others | machine |",
        "|---|---|---|---|---|---|---|",
    ]
    for backend, r in backends.items():
        for phase in ("latency", "contended", "outbox", "feed"):
            if phase in r:
                c = r[phase]["cpu"]
                lines.append(
                    f"| {phase} | {backend} | {c['server_python_cores']} "
                    f"| {c['client_python_cores']} | {c['database_cores']} "
                    f"| {c['others_cores']} | {c['machine_busy_cores']} |"
                )
    lines += [
        "",
        "How to run: `.venv/bin/python bench/central_bench.py` (full, a few minutes, "
        "rewrites this section) or `.venv/bin/python bench/central_bench.py --quick` "
        "(< 60 s, CI smoke; writes nothing unless `--write-quick`). See `bench/README.md`.",
    ]
    return "\n".join(lines)


# --- Main -----------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--quick", action="store_true", help="small sizes, < 60 s (CI smoke)")
    p.add_argument(
        "--write-quick",
        action="store_true",
        help="with --quick: write the figures into their own section of docs/performance.md",
    )
    p.add_argument("--no-write", action="store_true", help="do not touch docs/performance.md")
    p.add_argument(
        "--backends", default="sqlite,postgresql", help="comma-separated: sqlite,postgresql"
    )
    p.add_argument(
        "--phases", default="feed,latency,contended,outbox", help="which measurements to run"
    )
    p.add_argument(
        "--windows-mode",
        choices=("processes", "threads"),
        default="processes",
        help="simulate contended windows as processes (default) or threads of this process",
    )
    p.add_argument(
        "--writer",
        choices=WRITERS,
        default="auto",
        help="the central store's writer of holds and sales (serve --writer; auto: a "
        "child process)",
    )
    p.add_argument(
        "--windows-client",
        choices=("lean", "central"),
        default="lean",
        help="what the contended windows send their requests with: bench/_lean_window.py "
        "(default: the same requests, little client CPU) or sync.client.CentralClient",
    )
    p.add_argument(
        "--windows-learn",
        choices=("feed", "409"),
        default="feed",
        help="how a contended window learns which seats are gone: from the change feed "
        "(default, as the terminal's seat map does) or only from its own refused holds",
    )
    p.add_argument(
        "--pg-fsync-off",
        action="store_true",
        help="PostgreSQL with fsync=off (tests/pgserver's default); the benchmark turns it on",
    )
    p.add_argument(
        "--pg-over",
        choices=("socket", "tcp"),
        default="socket",
        help="how the central store reaches PostgreSQL on this machine: its Unix socket "
        "(default, docs/deployment.md) or TCP on 127.0.0.1",
    )
    p.add_argument(
        "--pg-setting",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        type=lambda v: tuple(v.split("=", 1)),
        help="for experiments: ALTER SYSTEM SET NAME = VALUE (e.g. synchronous_commit=off); "
        "implies --no-write",
    )
    p.add_argument("--profile", metavar="DIR", help="sample the server with py-spy into DIR")
    p.add_argument(
        "--profile-gil",
        action="store_true",
        help="with --profile: sample only the thread holding the GIL, without pausing the server",
    )
    p.add_argument(
        "--server-wrapper",
        metavar="SCRIPT",
        help="for experiments: run SCRIPT (which patches the server, then calls "
        "central.__main__.main()) instead of python -m central; implies --no-write",
    )
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    sizes = QUICK if args.quick else FULL
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    args.phases = {p.strip() for p in args.phases.split(",")}
    result: dict[str, Any] = {
        "benchmark": NAME,
        "mode": "quick" if args.quick else "full",
        "machine": machine_info(),
        "config": {
            "sizes": asdict(sizes),
            "windows_mode": args.windows_mode,
            "windows_client": args.windows_client,
            "writer": args.writer,
            "pg_fsync": not args.pg_fsync_off,
            "pg_settings": dict(args.pg_setting),
            "server_wrapper": args.server_wrapper,
        },
        "backends": {},
    }
    started = time.monotonic()
    result["loadavg_before"] = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="central-bench-") as tmp:
        for backend in backends:
            result["backends"][backend] = run_backend(backend, sizes, args, Path(tmp))
    result["elapsed_s"] = round(time.monotonic() - started, 1)
    statuses = [
        r[p]["status"]
        for r in result["backends"].values()
        for p in ("latency", "contended", "outbox", "feed")
        if p in r
    ]
    result["all_targets_met"] = all(s in ("pass", "info") for s in statuses)
    result["correct"] = "error" not in statuses
    print(json.dumps(result, ensure_ascii=False, indent=1))
    write = (
        not args.no_write
        and not args.server_wrapper
        and not args.pg_setting
        and (not args.quick or args.write_quick)
        and set(backends) == {"sqlite", "postgresql"}
        and args.phases == {"feed", "latency", "contended", "outbox"}
    )
    if write:
        write_doc_section(NAME + ("-quick" if args.quick else ""), doc_section(result))
        log("docs/performance.md updated")
    return 0 if result["correct"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
