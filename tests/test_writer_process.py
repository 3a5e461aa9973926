"""The central store's writer in a child process (``central.writer_process``,
what ``serve`` runs by default): the same answers as the writer thread, refusals
crossing the pipe whole, and a writer that dies replaced without losing a sale."""

from __future__ import annotations

import os
import pickle
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from boxoffice import bootstrap
from boxoffice.bootstrap import DEMO_PASSWORD
from boxoffice.db.store import Store
from boxoffice.errors import BoxOfficeError, PermissionDenied, ValidationError
from boxoffice.ids import new_id
from boxoffice.services.idempotency import InFlight
from boxoffice.services.products import ImportProblem, ImportRejected
from boxoffice.services.seating import SeatsUnavailable, TakenSeat
from central.__main__ import writer_process
from central.writer_process import WriterProcess
from tests.central_server import CentralServer, demo_central_store, serving


@pytest.mark.parametrize(
    "error",
    [
        ValidationError("“{field}” is wrong: {problem}", field="seat_ids", problem="too many"),
        PermissionDenied("You may not do that."),
        InFlight("Still being sent."),
        SeatsUnavailable([TakenSeat("r1c1", "1排1座", "held", "1号窗口")]),
        ImportRejected([ImportProblem(3, "价格", "Not a price: {value}", (("value", "-1"),))]),
    ],
)
def test_a_refusal_crosses_a_pipe_whole(error: BoxOfficeError) -> None:
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert (back.message, back.params, str(back)) == (error.message, error.params, str(error))
    assert back.__dict__ == error.__dict__  # the seats taken, the problems of an import


@pytest.fixture
def central(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[CentralServer]:
    """A central store with its writer in a child process: on SQLite, or on
    PostgreSQL for a test parametrized ``indirect`` with "postgresql"."""
    if getattr(request, "param", "sqlite") == "postgresql":
        store = Store.connect(request.getfixturevalue("pg_url"))
        bootstrap.seed_demo(store)
    else:
        store = demo_central_store(tmp_path)
    with serving(store, writer_process=True) as server:
        yield server
    store.close()


BOTH = pytest.mark.parametrize("central", ["sqlite", "postgresql"], indirect=True)


def sell_two(central: CentralServer, headers: dict[str, str], seats: list[str]) -> dict:
    sessions = requests.get(f"{central.url}/api/v1/sessions", headers=headers, timeout=10).json()
    session = next(s for s in sessions if s["hall_name"] == "大剧场")
    held = requests.post(
        f"{central.url}/api/v1/holds",
        json={"session_id": session["id"], "seat_ids": seats},
        headers=headers,
        timeout=30,  # the first request may wait for the writer process to start
    )
    assert held.status_code == 201, held.text
    types = requests.post(
        f"{central.url}/api/v1/call/catalogue.list_ticket_types",
        json={"args": {}},
        headers=headers,
        timeout=10,
    ).json()["result"]
    full = next(t["id"] for t in types if t["name"] == "全价")
    zone_price = {z["id"]: z["price_fen"] for z in session["zones"]}
    seat_zone = {
        s["seat_id"]: s["zone_id"]
        for s in requests.get(
            f"{central.url}/api/v1/sessions/{session['id']}/seats", headers=headers, timeout=10
        ).json()
    }
    order_id = new_id()
    order = {
        "order_id": order_id,
        "number": f"W-{order_id[-6:]}",
        "session_id": session["id"],
        "hold_id": held.json()["hold_id"],
        "lines": [{"seat_id": s, "ticket_type_id": full} for s in seats],
        "payments": [
            {"method": "cash", "amount_fen": sum(zone_price[seat_zone[s]] for s in seats)}
        ],
    }
    return {"session": session["id"], "order": order}


@BOTH
def test_a_sale_through_the_writer_process_is_answered_and_replayed_alike(
    central: CentralServer,
) -> None:
    headers = central.headers(central.terminal("1号窗口"), "zhangli", DEMO_PASSWORD)
    made = sell_two(central, headers, ["r5c1", "r5c2"])
    sold = central.post_order(headers, made["order"])
    assert sold.status_code == 201, sold.text
    again = central.post_order(headers, made["order"])
    assert again.status_code == 201 and again.json() == sold.json()
    writer = central.server.config.app.state.group_commit
    assert isinstance(writer, WriterProcess) and writer.pid not in (None, os.getpid())


def test_a_seat_taken_is_named_with_its_window_across_the_pipe(central: CentralServer) -> None:
    first = central.headers(central.terminal("1号窗口"), "zhangli", DEMO_PASSWORD)
    second = central.headers(central.terminal("2号窗口"), "chenjing", DEMO_PASSWORD)
    made = sell_two(central, first, ["r6c1", "r6c2"])
    refused = requests.post(
        f"{central.url}/api/v1/holds",
        json={"session_id": made["session"], "seat_ids": ["r6c2", "r6c3"]},
        headers=second,
        timeout=30,
    )
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["kind"] == "SeatsUnavailable"
    assert [(t["seat_id"], t["terminal_name"]) for t in error["taken"]] == [("r6c2", "1号窗口")]


@BOTH
def test_a_killed_writer_is_replaced_and_no_sale_is_lost(central: CentralServer) -> None:
    headers = central.headers(central.terminal("1号窗口"), "zhangli", DEMO_PASSWORD)
    made = sell_two(central, headers, ["r7c1", "r7c2"])
    sold = central.post_order(headers, made["order"])
    assert sold.status_code == 201
    writer: WriterProcess = central.server.config.app.state.group_commit
    first_pid = writer.pid
    assert first_pid is not None
    os.kill(first_pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while writer.pid == first_pid and time.monotonic() < deadline:
        time.sleep(0.05)  # its reader notices the pipe closing
    # The next sale starts a new writer; the one before is still sold, once.
    later = sell_two(central, headers, ["r7c3", "r7c4"])
    assert central.post_order(headers, later["order"]).status_code == 201
    assert writer.pid not in (None, first_pid)
    replay = central.post_order(headers, made["order"])
    assert replay.status_code == 201 and replay.json() == sold.json()


def test_ctrl_c_stops_the_server_not_the_writer_under_it(central: CentralServer) -> None:
    """Ctrl-C reaches every process of the terminal's group; the server ends
    its writer when its own requests are answered, so the writer ignores it."""
    headers = central.headers(central.terminal("1号窗口"), "zhangli", DEMO_PASSWORD)
    sell_two(central, headers, ["r8c1", "r8c2"])
    writer: WriterProcess = central.server.config.app.state.group_commit
    pid = writer.pid
    assert pid is not None
    os.kill(pid, signal.SIGINT)
    time.sleep(0.3)
    made = sell_two(central, headers, ["r8c3", "r8c4"])
    assert central.post_order(headers, made["order"]).status_code == 201
    assert writer.pid == pid


def test_serve_writes_in_a_process_unless_asked_for_a_thread() -> None:
    assert writer_process("auto") is True
    assert writer_process("process") is True
    assert writer_process("thread") is False
