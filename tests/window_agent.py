"""A ticket window as a separate process, for the sync chaos test.

It is a terminal: its own local SQLite store in its own data directory
(:meth:`boxoffice.db.store.Store.open`), the central store reached through a
URL (in the tests, a :class:`tests.faultproxy.FaultProxy`'s), a
:class:`sync.client.CentralClient` and a :class:`sync.outbox.OutboxWorker`.
The terminal is registered beforehand by the test; its id comes on the
command line and its key in the environment (``BOXOFFICE_TERMINAL_KEY``), the
cashier's password too (``BOXOFFICE_PASSWORD``)::

    BOXOFFICE_TERMINAL_KEY=... BOXOFFICE_PASSWORD=demo2026 \\
    python -m tests.window_agent --data-dir DIR --url http://127.0.0.1:PORT \\
        --terminal-id ID --terminal-name 1号窗口 --prefix W1 --session SESSION \\
        --ticket-type TYPE --prices prices.json

``--prices`` is a JSON file ``{seat_id: price in fen}`` of the seats this
window may sell (the ticket type is sold at 100 % of the zone price).

Protocol: one JSON object per line on stdin, one JSON line answer on stdout
per command (and ``{"result": "ready"}`` once, when the store is open). An
optional ``"tag"`` in a command is echoed in its answer. Commands:

``{"cmd": "login"}``
    Log the cashier in at the central store: ``ok`` | ``unreachable`` | ``refused``.
``{"cmd": "hold", "seat_ids": [...]}``
    Online: ``hold`` (``hold_id``, ``seat_ids``) | ``conflict`` (``taken``) |
    ``unreachable`` | ``auth`` | ``refused``.
``{"cmd": "release", "hold_id": ...}``
    ``ok`` | ``unreachable`` | ``auth`` | ``refused``.
``{"cmd": "sell", "hold_id": ..., "seat_ids": [...]}``
    Records the sale locally with :func:`sync.outbox.record_sale` (one local
    transaction) and answers ``committed`` (``order_id``, ``number``,
    ``total_fen``) only after that transaction committed: from then on the
    sale counts as committed at this window. Nothing goes on the wire.
    ``auth`` if no cashier has logged in in this process.
``{"cmd": "drain", "ahead": seconds}``
    :meth:`sync.outbox.OutboxWorker.drain_once`, with the worker's clock
    ``ahead`` seconds in the future (0 by default: "time has passed", so
    entries waiting out their backoff are due): ``drained`` and the report.
``{"cmd": "status"}``
    ``status``: ``pending`` and ``parked`` counts, ``committed`` (the order id
    of every sale recorded here, whatever became of it) and ``entries``, every
    outbox entry (``id``, ``number``, ``status``, ``seats``, ``last_error``).
``{"cmd": "quit"}``
    ``bye``, then the process ends.

Network errors are answers (``unreachable``), never a crash. Anything
unexpected is answered ``{"result": "error", "type", "message", "traceback"}``
and the agent goes on reading commands; the test treats that as a bug.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import traceback
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from boxoffice.clock import now
from boxoffice.db.models import OutboxEntry
from boxoffice.db.store import Store
from boxoffice.ids import TerminalId, UserId, new_id
from boxoffice.services.base import Actor
from sync import outbox
from sync.backoff import Backoff
from sync.client import AuthExpired, CentralClient, InFlight, Refused, Unreachable

Answer = dict[str, Any]


def _floats(text: str) -> tuple[float, float]:
    first, second = (float(part) for part in text.split(","))
    return first, second


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--url", required=True, help="the central store (or a proxy of it)")
    parser.add_argument("--terminal-id", required=True)
    parser.add_argument("--terminal-name", default="")
    parser.add_argument("--prefix", required=True, help="order numbers are PREFIX-0001, …")
    parser.add_argument("--session", required=True, help="the session this window sells")
    parser.add_argument("--ticket-type", required=True)
    parser.add_argument("--prices", type=Path, required=True)
    parser.add_argument("--login", default="zhangli")
    parser.add_argument("--timeout", type=_floats, default=(1.0, 2.0), help="connect,read s")
    parser.add_argument("--backoff", type=_floats, default=(0.05, 1.0), help="base,cap s")
    return parser.parse_args(argv)


class Window:
    """One ticket window: the local store, the client, the outbox worker."""

    def __init__(self, args: argparse.Namespace, terminal_key: str, password: str) -> None:
        self.args = args
        self.password = password
        self.prices: dict[str, int] = {
            str(k): int(v) for k, v in json.loads(args.prices.read_text("utf-8")).items()
        }
        self.store = Store.open(args.data_dir)
        self.client = CentralClient(
            args.url, args.terminal_id, terminal_key, timeout=tuple(args.timeout)
        )
        self.actor: Actor | None = None
        self.ahead = 0.0
        self.worker = outbox.OutboxWorker(
            self.store,
            self.client,
            clock=self._clock,
            backoff=Backoff(base=args.backoff[0], cap=args.backoff[1]),
        )

    def _clock(self) -> datetime:
        return now() + timedelta(seconds=self.ahead)

    def close(self) -> None:
        self.client.close()
        self.store.close()

    # --- commands ---

    def login(self, _cmd: Answer) -> Answer:
        staff = self.client.login(self.args.login, self.password)
        self.actor = Actor(
            UserId(staff.user_id),
            staff.login,
            staff.display_name,
            TerminalId(self.args.terminal_id),
            self.args.terminal_name,
            staff.permissions,
        )
        self.worker.actor = self.actor
        return {"result": "ok", "user_id": staff.user_id}

    def hold(self, cmd: Answer) -> Answer:
        try:
            got = self.client.hold(self.args.session, [str(s) for s in cmd["seat_ids"]])
        except Refused as refused:
            if refused.status == 409 and refused.kind == "SeatsUnavailable":
                taken = refused.body["error"].get("taken", []) if refused.body else []
                return {"result": "conflict", "taken": taken, "message": refused.message}
            raise
        return {"result": "hold", "hold_id": got["hold_id"], "seat_ids": got["seat_ids"]}

    def release(self, cmd: Answer) -> Answer:
        self.client.release_hold(str(cmd["hold_id"]))
        return {"result": "ok"}

    def _next_number(self) -> str:
        """PREFIX-0001, -0002, …: one more than the sales recorded here (survives restarts)."""
        with self.store.reading() as session:
            count = session.scalar(select(func.count()).select_from(OutboxEntry)) or 0
        return f"{self.args.prefix}-{count + 1:04d}"

    def sell(self, cmd: Answer) -> Answer:
        if self.actor is None:
            return {"result": "auth", "message": "no cashier logged in"}
        seats = [str(s) for s in cmd["seat_ids"]]
        total = sum(self.prices[s] for s in seats)
        body = {
            "order_id": new_id(),
            "number": self._next_number(),
            "session_id": self.args.session,
            "hold_id": cmd["hold_id"],
            "lines": [
                {"seat_id": s, "ticket_type_id": self.args.ticket_type, "zone_id": None}
                for s in seats
            ],
            "payments": [{"method": "cash", "amount_fen": total, "reference": ""}],
        }
        order_id = outbox.record_sale(self.store, self.actor, body)
        # Only now, after the local commit, does the sale count as committed here.
        return {
            "result": "committed",
            "order_id": order_id,
            "number": body["number"],
            "seat_ids": seats,
            "total_fen": total,
        }

    def drain(self, cmd: Answer) -> Answer:
        self.ahead = float(cmd.get("ahead", 0.0))
        try:
            report = self.worker.drain_once()
        finally:
            self.ahead = 0.0
        return {
            "result": "drained",
            "sent": report.sent,
            "retried": report.retried,
            "parked": report.parked,
            "remaining": report.remaining,
            "auth_expired": report.auth_expired,
            "offline": report.offline,
        }

    def status(self, _cmd: Answer) -> Answer:
        with self.store.reading() as session:
            entries = [
                {
                    "id": e.id,
                    "number": json.loads(e.payload)["number"],
                    "status": e.status,
                    "seats": sorted(
                        line["seat_id"]
                        for line in json.loads(e.payload)["lines"]
                        if line["seat_id"]
                    ),
                    "last_error": e.last_error,
                    "attempts": e.attempts,
                }
                for e in session.scalars(select(OutboxEntry).order_by(OutboxEntry.created_at))
            ]
        return {
            "result": "status",
            "pending": sum(e["status"] == "pending" for e in entries),
            "parked": sum(e["status"] == "parked" for e in entries),
            "committed": [e["id"] for e in entries],  # every sale recorded here, in order
            "entries": entries,
            "logged_in": self.actor is not None,
        }

    def run(self, cmd: Answer) -> Answer:
        handler = {
            "login": self.login,
            "hold": self.hold,
            "release": self.release,
            "sell": self.sell,
            "drain": self.drain,
            "status": self.status,
        }.get(str(cmd.get("cmd")))
        if handler is None:
            return {"result": "error", "type": "UnknownCommand", "message": repr(cmd.get("cmd"))}
        try:
            return handler(cmd)
        except Unreachable as away:
            return {"result": "unreachable", "reason": away.reason}
        except InFlight as busy:
            return {"result": "unreachable", "reason": f"in flight ({busy.retry_after} s)"}
        except AuthExpired as expired:
            return {"result": "auth", "message": expired.message}
        except Refused as refused:
            return {
                "result": "refused",
                "status": refused.status,
                "kind": refused.kind,
                "message": refused.message,
            }


def answer(reply: Answer, tag: Any) -> None:
    if tag is not None:
        reply["tag"] = tag
    sys.stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format=f"%(asctime)s {args.prefix} %(name)s %(levelname)s %(message)s",
    )
    window = Window(
        args, os.environ["BOXOFFICE_TERMINAL_KEY"], os.environ.get("BOXOFFICE_PASSWORD", "")
    )
    answer({"result": "ready", "pid": os.getpid()}, None)
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            tag = None
            try:
                cmd = json.loads(line)
                tag = cmd.get("tag")
                if cmd.get("cmd") == "quit":
                    answer({"result": "bye"}, tag)
                    break
                reply = window.run(cmd)
            except Exception as exc:  # a bug: report it, keep serving
                traceback.print_exc()
                reply = {
                    "result": "error",
                    "type": type(exc).__name__,
                    "message": str(exc),
                    "traceback": traceback.format_exc(),
                }
            answer(reply, tag)
    finally:
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
