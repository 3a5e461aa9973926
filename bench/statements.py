#!/usr/bin/env python
"""Statements and CPU per operation on the central store, in process (no HTTP).

    python bench/statements.py                     # SQLite
    python bench/statements.py --backend postgresql

Counts every statement SQLAlchemy sends (``before_cursor_execute``; an
``executemany`` counts once) for: the request's identity (terminal key and
staff token), a hold of 2 seats, the sale of that hold, and a batch of
general-admission sales through the batch path if this version has one.
Also the CPU time per operation (process time, this process only, so on
PostgreSQL the server's share is not included). A diagnostic for
docs/performance.md, not a benchmark with targets: prints one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event

from bench.central_bench import QUICK, central_database, order_body, prepare
from boxoffice import bootstrap
from boxoffice.bootstrap import DEMO_PASSWORD
from boxoffice.db.store import Store
from boxoffice.ids import SessionId
from boxoffice.services import credentials, seating
from boxoffice.services.credentials import create_terminal_code_at_server


class Counting:
    def __init__(self, store: Store) -> None:
        self.engines = {store.engine, store.reader}
        self.statements: list[str] = []
        self.on = False

    def __enter__(self) -> Counting:
        for engine in self.engines:
            event.listen(engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_: object) -> None:
        for engine in self.engines:
            event.remove(engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.on:
            self.statements.append(" ".join(statement.split())[:60])

    @contextlib.contextmanager
    def measure(self) -> Iterator[list[str]]:
        self.statements = []
        self.on = True
        try:
            yield self.statements
        finally:
            self.on = False


def _cpu(fn: Callable[[], Any], n: int) -> float:
    t0 = time.process_time()
    for _ in range(n):
        fn()
    return 1000 * (time.process_time() - t0) / n


def run(backend: str, batch: int, repeat: int) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory() as tmp,
        central_database(backend, Path(tmp), False) as (
            store,
            _serve,
            _db,
            _pid,
        ),
    ):
        fx = prepare(store, QUICK)
        code = create_terminal_code_at_server(store, name="计数窗口", kind="window").code
        reg = credentials.register_terminal(store, code)
        terminal = credentials.check_terminal(store, reg.terminal_id, reg.terminal_key)
        token = credentials.open_staff_session(store, terminal, "zhangli", DEMO_PASSWORD).token
        seats = iter(fx.latency.seats)
        result: dict[str, Any] = {"backend": backend}

        def identity() -> Any:
            if hasattr(credentials, "identify"):
                return credentials.identify(store, reg.terminal_id, reg.terminal_key, token)
            at = credentials.check_terminal(store, reg.terminal_id, reg.terminal_key)
            return credentials.actor_for_token(store, at, token)

        def hold_and_sell() -> tuple[Any, Any]:
            me = identity()
            pair = [next(seats), next(seats)]
            held = seating.hold_seats(store, me, SessionId(fx.latency.session_id), pair)
            me = identity()
            body = order_body(
                fx.latency,
                fx.latency.session_id,
                f"S-{held.hold_id[-12:]}",
                fx.full_price_type,
                hold_id=held.hold_id,
                seats=pair,
            )
            return held, sell_one(me, body)

        def sell_one(me: Any, body: dict[str, Any]) -> Any:
            return seating.sell(
                store,
                me,
                order_id=body["order_id"],
                number=body["number"],
                session_id=SessionId(body["session_id"]),
                hold_id=body["hold_id"],
                lines=[
                    seating.SaleLine(x["seat_id"], x["ticket_type_id"], x["zone_id"])
                    for x in body["lines"]
                ],
                payments=[
                    seating.PaymentLine(p["method"], p["amount_fen"], p["reference"])
                    for p in body["payments"]
                ],
            )

        for _ in range(5):
            hold_and_sell()  # warm up
        with Counting(store) as counting:
            with counting.measure() as seen:
                identity()
            result["identity_statements"] = len(seen)
            me = identity()
            pair = [next(seats), next(seats)]
            with counting.measure() as seen:
                held = seating.hold_seats(store, me, SessionId(fx.latency.session_id), pair)
            result["hold_statements"] = len(seen)
            result["hold_detail"] = Counter(seen).most_common()
            body = order_body(
                fx.latency,
                fx.latency.session_id,
                "S-count",
                fx.full_price_type,
                hold_id=held.hold_id,
                seats=pair,
            )
            with counting.measure() as seen:
                sell_one(me, body)
            result["sale_statements"] = len(seen)
            result["sale_detail"] = Counter(seen).most_common()
            if hasattr(seating, "sell_batch"):
                bodies = [
                    order_body(
                        None,
                        fx.ga_session_id,
                        f"G-{i:05d}",
                        fx.full_price_type,
                        ga_zone=fx.ga_zone_id,
                        ga_price=fx.ga_price,
                    )
                    for i in range(batch)
                ]
                with counting.measure() as seen:
                    seating.sell_batch(store, me, [seating.Order.of(b) for b in bodies])
                result["batch_size"] = batch
                result["batch_statements"] = len(seen)
                result["batch_detail"] = Counter(seen).most_common(12)
        result["cpu_ms_identity"] = round(_cpu(identity, repeat), 3)
        result["cpu_ms_identity_hold_identity_sale"] = round(
            _cpu(hold_and_sell, min(repeat, (len(fx.latency.seats) - 20) // 2 - 10)), 3
        )
        if hasattr(seating, "sell_batch"):
            me = identity()
            counter = iter(range(10**6))

            def one_batch() -> None:
                bodies = [
                    order_body(
                        None,
                        fx.ga_session_id,
                        f"H-{next(counter):06d}",
                        fx.full_price_type,
                        ga_zone=fx.ga_zone_id,
                        ga_price=fx.ga_price,
                    )
                    for _ in range(batch)
                ]
                seating.sell_batch(store, me, [seating.Order.of(b) for b in bodies])

            result["cpu_ms_per_batched_sale"] = round(_cpu(one_batch, 5) / batch, 3)
        bootstrap  # noqa: B018  (keeps the demo import for readers of this script)
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.backend, args.batch, args.repeat), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
