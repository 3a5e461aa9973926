"""The sync client against a small real HTTP server on 127.0.0.1 (``CentralStub``).

The stub speaks the central store's contract (docs/central-api.md) for the
parts the client needs: terminal credential and staff token checks,
``POST /api/v1/orders`` with a key -> (request hash, answer) table like the
real store's (a replay gets the recorded answer, the same key with another
body is 409 ``KeyReused``, a key whose first attempt still runs is 409
``InFlight``), ``POST /api/v1/orders/batch`` over the same table (one answer
per sale, none after an InFlight one), ``GET /api/v1/changes`` from a list,
and an echo for the other endpoints. A script makes the next order requests
misbehave: answer InFlight, refuse, fail with 500, take longer than the
client's timeout (after recording the sale), cut the answer off mid-body, or
drop the connection. In a batch, "inflight" and "refuse" are steps of one
sale each (taken in order); the others are steps of the whole request.

``tests/test_sync_outbox.py`` drives the outbox worker and the feed follower
against the same stub.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from boxoffice.errors import AuthenticationFailed, NotFound, ValidationError
from boxoffice.ids import new_id
from boxoffice.services.idempotency import KeyReused
from boxoffice.services.seating import SeatsUnavailable
from sync.client import (
    AuthExpired,
    CentralClient,
    InFlight,
    InsecureURL,
    Refused,
    Unreachable,
    check_base_url,
)

TERMINAL_ID = "0190a000-0000-7000-8000-00000000t001"
TERMINAL_KEY = "terminal-key-SECRET-8f1c"
PASSWORD = "cashier-password-SECRET-2b7"
REGISTRATION_CODE = "K7Q2-M9XP"

# --- The stub central store ------------------------------------------------------------


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


@dataclass
class CentralStub:
    """State and script of the stub; the handler below reads and writes it."""

    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)
    orders: dict[str, tuple[str, int, dict[str, Any]]] = field(default_factory=dict)
    sales: list[str] = field(default_factory=list)  # order ids recorded, once each
    order_keys: list[str] = field(default_factory=list)  # Idempotency-Key of every attempt
    script: list[str] = field(default_factory=list)  # what the next POST /orders do
    retry_after: str = "1"
    slow_seconds: float = 1.0
    changes: list[dict[str, Any]] = field(default_factory=list)
    ignore_after: bool = False  # the feed answers from the start, whatever ``after`` says
    tokens: set[str] = field(default_factory=set)
    seen: list[Seen] = field(default_factory=list)
    in_flight: set[str] = field(default_factory=set)
    busy: int = 0  # handlers running
    slow_done: threading.Event = field(default_factory=threading.Event)

    def add_changes(self, count: int) -> None:
        start = self.changes[-1]["seq"] if self.changes else 0
        for seq in range(start + 1, start + count + 1):
            self.changes.append(
                {
                    "seq": seq,
                    "at": "2026-11-22T10:00:00+00:00",
                    "kind": "seats",
                    "session_id": "s1",
                    "entity_id": f"h{seq}",
                    "payload": {"held": [f"r1c{seq}"]},
                }
            )

    def wait_idle(self, timeout: float = 10.0) -> None:
        end = time.monotonic() + timeout
        while self.busy and time.monotonic() < end:
            time.sleep(0.01)


def _hash(body: Any) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _error(kind: str, message: str, **params: Any) -> dict[str, Any]:
    return {"error": {"kind": kind, "message": message, "params": params}}


def _receipt(body: dict[str, Any]) -> dict[str, Any]:
    return {
        "order_id": body["order_id"],
        "number": body["number"],
        "total_fen": sum(p["amount_fen"] for p in body.get("payments", [])),
        "created_at": "2026-11-22T10:00:00+00:00",
        "tickets": [
            {"ticket_id": new_id(), "seat_id": line.get("seat_id"), "price_fen": 0}
            for line in body["lines"]
        ],
        "payments": body.get("payments", []),
    }


WHOLE_REQUEST = ("500", "drop", "slow", "reset", "expired")

REFUSAL = _error(
    "ValidationError",
    "Payments add up to {paid} fen but the order is {total} fen.",
    paid=100,
    total=200,
)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: StubServer

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet

    @property
    def stub(self) -> CentralStub:
        return self.server.stub

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def _send(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            self.close_connection = True  # the client gave up (timed out) first

    def _handle(self, method: str) -> None:
        with self.stub.lock:
            self.stub.busy += 1
        try:
            self._dispatch(method)
        finally:
            with self.stub.lock:
                self.stub.busy -= 1

    def _dispatch(self, method: str) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        with self.stub.lock:
            self.stub.seen.append(
                Seen(method, parts.path, parse_qs(parts.query), dict(self.headers), body)
            )
        path = parts.path
        if path == "/healthz":
            return self._send(200, {"ok": True})
        if path == "/api/v1/terminals/register":
            if body == {"code": REGISTRATION_CODE}:
                return self._send(
                    200,
                    {
                        "terminal_id": TERMINAL_ID,
                        "terminal_name": "2号售票窗口",
                        "terminal_key": TERMINAL_KEY,
                    },
                )
            return self._send(404, _error("NotFound", "That registration code is not valid."))
        if (
            self.headers.get("X-Terminal-Id") != TERMINAL_ID
            or self.headers.get("X-Terminal-Key") != TERMINAL_KEY
        ):
            return self._send(
                401, _error("AuthenticationFailed", "This terminal is not registered.")
            )
        if path == "/api/v1/auth/login":
            if body == {"login": "zhangli", "password": PASSWORD}:
                token = f"token-SECRET-{new_id()}"
                with self.stub.lock:
                    self.stub.tokens.add(token)
                return self._send(
                    200,
                    {
                        "token": token,
                        "expires_at": "2026-11-22T22:00:00+00:00",
                        "user_id": "u1",
                        "login": "zhangli",
                        "display_name": "张丽",
                        "permissions": ["sessions.view", "tickets.sell"],
                        "must_change_password": False,
                    },
                )
            return self._send(401, _error("AuthenticationFailed", "Wrong login name or password."))
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        if token not in self.stub.tokens:
            return self._send(
                401,
                _error("AuthenticationFailed", "Your session has ended. Please log in again."),
            )
        if path == "/api/v1/auth/logout":
            with self.stub.lock:
                self.stub.tokens.discard(token)
            return self._send(204)
        if path == "/api/v1/orders" and method == "POST":
            return self._order(body)
        if path == "/api/v1/orders/batch" and method == "POST":
            return self._batch(body)
        if path == "/api/v1/changes":
            query = parse_qs(parts.query)
            after = 0 if self.stub.ignore_after else int(query["after"][0])
            limit = int(query.get("limit", ["1000"])[0])
            rows = [c for c in self.stub.changes if c["seq"] > after]
            return self._send(
                200,
                {
                    "changes": rows[:limit],
                    "cursor": rows[:limit][-1]["seq"] if rows else after,
                    "more": len(rows) > limit,
                },
            )
        # Everything else: echo what came, so the tests see method, path and body.
        if method == "DELETE":
            return self._send(204)
        if method == "GET" and path.startswith("/api/v1/sessions"):
            return self._send(200, [])
        answer = {"method": method, "path": path, "body": body}
        return self._send(201 if path == "/api/v1/holds" else 200, answer)

    def _order(self, body: dict[str, Any]) -> None:
        key = self.headers.get("Idempotency-Key") or ""
        digest = _hash(body)
        with self.stub.lock:
            self.stub.order_keys.append(key)
            step = self.stub.script.pop(0) if self.stub.script else "ok"
            if key in self.stub.in_flight:
                step = "inflight"
            elif step not in ("inflight", "500", "drop", "expired"):
                self.stub.in_flight.add(key)
        try:
            self._order_step(step, key, digest, body)
        finally:
            with self.stub.lock:
                if step not in ("inflight", "500", "drop", "expired"):
                    self.stub.in_flight.discard(key)

    def _batch(self, body: dict[str, Any]) -> None:
        orders: list[dict[str, Any]] = body["orders"]
        with self.stub.lock:
            whole = (
                self.stub.script.pop(0)
                if self.stub.script and self.stub.script[0] in WHOLE_REQUEST
                else "ok"
            )
            if whole in ("500", "drop", "expired"):
                self.stub.order_keys.extend(o["order_id"] for o in orders)
        if whole in ("500", "drop", "expired"):
            return self._order_step(whole, "", "", {})
        results: list[dict[str, Any]] = []
        for order in orders:
            key = order["order_id"]
            with self.stub.lock:
                self.stub.order_keys.append(key)
                step = (
                    self.stub.script.pop(0)
                    if self.stub.script and self.stub.script[0] not in WHOLE_REQUEST
                    else "ok"
                )
                if key in self.stub.in_flight:
                    step = "inflight"
            if step == "inflight":
                results.append(
                    {
                        "order_id": key,
                        "status": 409,
                        "body": _error(
                            "InFlight", "This operation is being processed. Try again shortly."
                        ),
                        "retry_after": float(self.stub.retry_after),
                    }
                )
                break  # the sales after it are not tried
            status, answer = self._record(key, _hash(order), order, refuse=step == "refuse")
            results.append({"order_id": key, "status": status, "body": answer})
        reply = {"results": results}
        if whole == "slow":  # done and recorded, but the answer comes too late
            time.sleep(self.stub.slow_seconds)
            self._send(200, reply)
            self.stub.slow_done.set()
            return None
        if whole == "reset":  # the answer is cut off mid-body
            data = json.dumps(reply).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[:10])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return None
        return self._send(200, reply)

    def _record(self, key: str, digest: str, body: dict[str, Any], refuse: bool) -> tuple[int, Any]:
        """The store's idempotency table: the first answer for a key stands."""
        with self.stub.lock:
            if key in self.stub.orders:
                recorded_hash, status, answer = self.stub.orders[key]
                if recorded_hash != digest:
                    return 409, _error(
                        "KeyReused", "This operation id was already used for a different request."
                    )
                return status, answer
            if refuse:
                self.stub.orders[key] = (digest, 422, REFUSAL)
                return 422, REFUSAL
            answer = _receipt(body)
            self.stub.orders[key] = (digest, 201, answer)
            self.stub.sales.append(key)
            return 201, answer

    def _order_step(self, step: str, key: str, digest: str, body: dict[str, Any]) -> None:
        if step == "inflight":
            return self._send(
                409,
                _error("InFlight", "This operation is being processed. Try again shortly."),
                {"Retry-After": self.stub.retry_after},
            )
        if step == "500":
            return self._send(500, {"detail": "boom"})
        if step == "expired":
            return self._send(
                401,
                _error("AuthenticationFailed", "Your session has ended. Please log in again."),
            )
        if step == "drop":  # the connection closes without an answer
            self.close_connection = True
            return None
        status, answer = self._record(key, digest, body, refuse=step == "refuse")
        with self.stub.lock:
            # Like the store, which records the answer and frees the key in one
            # transaction before it writes a byte: a replay that races the cut-off
            # answer below finds the record, not "in flight".
            self.stub.in_flight.discard(key)
        if step == "slow":  # done and recorded, but the answer comes too late
            time.sleep(self.stub.slow_seconds)
            self._send(status, answer)
            self.stub.slow_done.set()
            return None
        if step == "reset":  # the answer is cut off mid-body
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[:10])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return None
        return self._send(status, answer)


class StubServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, stub: CentralStub) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.stub = stub


@dataclass
class Running:
    stub: CentralStub
    server: StubServer
    thread: threading.Thread

    def stop(self) -> None:
        self.stub.wait_idle()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def start_stub(tls: ssl.SSLContext | None = None) -> Running:
    stub = CentralStub()
    server = StubServer(stub)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    host, port = server.server_address[:2]
    stub.url = f"{'https' if tls else 'http'}://{host!s}:{port}"
    thread = threading.Thread(target=server.serve_forever, name="central-stub", daemon=True)
    thread.start()
    return Running(stub, server, thread)


@pytest.fixture
def central() -> Iterator[CentralStub]:
    running = start_stub()
    try:
        yield running.stub
    finally:
        running.stop()


def make_client(stub: CentralStub, *, timeout: tuple[float, float] = (2.0, 5.0)) -> CentralClient:
    return CentralClient(stub.url, TERMINAL_ID, TERMINAL_KEY, timeout=timeout)


@pytest.fixture
def client(central: CentralStub) -> Iterator[CentralClient]:
    """A client of the stub with zhangli logged in."""
    with make_client(central) as c:
        c.login("zhangli", PASSWORD)
        yield c


def order_body(session_id: str = "s1", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "order_id": new_id(),
        "number": "W1-261122-0001",
        "session_id": session_id,
        "hold_id": new_id(),
        "lines": [{"seat_id": "r1c1", "ticket_type_id": "tt-full", "zone_id": None}],
        "payments": [{"method": "cash", "amount_fen": 13600, "reference": ""}],
    }
    body.update(overrides)
    return body


# --- Addresses --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000",
        "http://127.5.0.1",
        "http://localhost:8000/",
        "http://[::1]:8000",
        "https://central.example.com",
        "https://10.0.0.5:8443/boxoffice",
    ],
)
def test_https_or_this_computer_is_accepted(url: str) -> None:
    assert check_base_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://central.example.com",
        "http://10.0.0.5:8000",
        "ftp://central.example.com",
        "central.example.com",
        "https://user:pw@central.example.com",
        "https://central.example.com/?x=1",
    ],
)
def test_plain_http_to_another_computer_and_odd_addresses_are_refused(url: str) -> None:
    with pytest.raises(InsecureURL) as refused:
        CentralClient(url, TERMINAL_ID, TERMINAL_KEY)
    assert isinstance(refused.value, ValidationError)  # the GUI translates it
    assert "pw" not in str(refused.value)


def test_plain_http_to_another_computer_only_when_allowed() -> None:
    client = CentralClient("http://10.0.0.5:8000", TERMINAL_ID, TERMINAL_KEY, allow_insecure=True)
    assert client.base_url == "http://10.0.0.5:8000"


def test_a_missing_ca_bundle_is_refused_at_once(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        CentralClient(
            "https://central.example.com", TERMINAL_ID, TERMINAL_KEY, ca_bundle=tmp_path / "no.pem"
        )


# --- Credentials --------------------------------------------------------------------------


def test_register_exchanges_a_code_for_the_credential(central: CentralStub) -> None:
    got = CentralClient.register(central.url, REGISTRATION_CODE)
    assert (got.terminal_id, got.terminal_name, got.terminal_key) == (
        TERMINAL_ID,
        "2号售票窗口",
        TERMINAL_KEY,
    )
    assert "X-Terminal-Key" not in central.seen[-1].headers
    with pytest.raises(Refused) as refused:
        CentralClient.register(central.url, "WRONG")
    assert isinstance(refused.value.to_error(), NotFound)


def test_login_keeps_the_token_for_later_calls_and_logout_forgets_it(
    central: CentralStub,
) -> None:
    with make_client(central) as client:
        who = client.login("zhangli", PASSWORD)
        assert who.login == "zhangli" and "tickets.sell" in who.permissions
        assert who.expires_at.tzinfo is not None
        assert central.seen[-1].headers["X-Terminal-Id"] == TERMINAL_ID
        assert central.seen[-1].headers["X-Terminal-Key"] == TERMINAL_KEY
        assert "Authorization" not in central.seen[-1].headers

        client.hold("s1", ["r1c1"])
        assert central.seen[-1].headers["Authorization"] == f"Bearer {who.token}"

        client.logout()
        assert central.seen[-1].path == "/api/v1/auth/logout"
        assert not client.logged_in and who.token not in central.tokens
        with pytest.raises(AuthExpired):
            client.hold("s1", ["r1c1"])
        assert "Authorization" not in central.seen[-1].headers


def test_a_wrong_password_is_a_refusal_not_an_expired_session(central: CentralStub) -> None:
    with make_client(central) as client, pytest.raises(Refused) as refused:
        client.login("zhangli", "wrong")
    assert refused.value.status == 401
    error = refused.value.to_error()
    assert isinstance(error, AuthenticationFailed)
    assert error.message == "Wrong login name or password."


def test_an_ended_session_raises_auth_expired(central: CentralStub, client: CentralClient) -> None:
    central.tokens.clear()
    with pytest.raises(AuthExpired) as expired:
        client.send_order(order_body())
    assert expired.value.message == "Your session has ended. Please log in again."
    assert isinstance(expired.value.to_error(), AuthenticationFailed)
    assert central.sales == []


def test_a_revoked_terminal_raises_auth_expired(central: CentralStub) -> None:
    with CentralClient(central.url, TERMINAL_ID, "revoked") as client:
        with pytest.raises(AuthExpired) as expired:
            client.seats("s1")
        assert expired.value.message == "This terminal is not registered."


def test_secrets_are_never_logged_or_shown(
    central: CentralStub, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with make_client(central) as client:
        who = client.login("zhangli", PASSWORD)
        client.send_order(order_body())
        client.changes(after=0)
        with pytest.raises(Refused):
            client.login("zhangli", "also-SECRET-wrong")
        shown = repr(client) + repr(who) + repr(CentralClient.register(central.url, "K7Q2-M9XP"))
    for secret in (PASSWORD, "also-SECRET-wrong", who.token, TERMINAL_KEY):
        assert secret not in caplog.text
        assert secret not in shown
    assert "/api/v1/orders" in caplog.text  # it did log the requests


# --- Endpoints ------------------------------------------------------------------------------


def test_each_method_calls_its_endpoint(central: CentralStub, client: CentralClient) -> None:
    from datetime import UTC, datetime

    day = datetime(2026, 11, 22, tzinfo=UTC)
    assert client.sessions(day, day.replace(day=23)) == []
    assert central.seen[-1].query == {
        "starts_from": ["2026-11-22T00:00:00+00:00"],
        "starts_before": ["2026-11-23T00:00:00+00:00"],
    }
    held = client.hold("s1", ["r1c1", "r1c2"])
    assert held["body"] == {"session_id": "s1", "seat_ids": ["r1c1", "r1c2"]}
    client.extend_hold("h1")
    client.release_hold("h1")
    assert client.seats("s1") == []
    calls = [(s.method, s.path) for s in central.seen[-5:]]
    assert calls == [
        ("GET", "/api/v1/sessions"),
        ("POST", "/api/v1/holds"),
        ("POST", "/api/v1/holds/h1/extend"),
        ("DELETE", "/api/v1/holds/h1"),
        ("GET", "/api/v1/sessions/s1/seats"),
    ]
    with pytest.raises(ValueError):
        client.release_hold("../auth/logout")
    assert client.healthz() is True


def test_send_order_uses_the_order_id_as_key_and_a_replay_gets_the_same_receipt(
    central: CentralStub, client: CentralClient
) -> None:
    body = order_body()
    first = client.send_order(body)
    again = client.send_order(body)
    assert first == again and first["order_id"] == body["order_id"]
    assert central.order_keys == [body["order_id"]] * 2
    assert central.sales == [body["order_id"]]


def test_the_same_key_with_another_body_is_refused_as_key_reused(
    central: CentralStub, client: CentralClient
) -> None:
    body = order_body()
    client.send_order(body)
    with pytest.raises(Refused) as refused:
        client.send_order({**body, "number": "W1-261122-0002"})
    assert (refused.value.status, refused.value.kind) == (409, "KeyReused")
    assert isinstance(refused.value.to_error(), KeyReused)


def test_a_refusal_carries_kind_message_params_and_becomes_the_core_error(
    central: CentralStub, client: CentralClient
) -> None:
    central.script = ["refuse"]
    with pytest.raises(Refused) as refused:
        client.send_order(order_body())
    got = refused.value
    assert (got.status, got.kind, got.params) == (
        422,
        "ValidationError",
        {"paid": 100, "total": 200},
    )
    assert got.message == "Payments add up to {paid} fen but the order is {total} fen."
    assert got.body == REFUSAL
    error = got.to_error()
    assert isinstance(error, ValidationError)
    assert error.english() == "Payments add up to 100 fen but the order is 200 fen."


def test_seats_taken_come_back_as_seats_unavailable() -> None:
    from sync.client import _answer

    body = _error("SeatsUnavailable", "Seats already taken: {seats}.", seats="1排2号（3号窗口）")
    body["error"]["taken"] = [
        {"seat_id": "r1c2", "label": "1排2号", "state": "held", "terminal_name": "3号窗口"}
    ]
    error = _answer(409, body).to_error()
    assert isinstance(error, SeatsUnavailable)
    assert [t.seat_id for t in error.taken] == ["r1c2"]
    assert error.english() == "Seats already taken: 1排2号（3号窗口）."


def test_a_refusal_in_another_shape_still_becomes_a_translatable_error() -> None:
    from sync.client import _answer

    proxy_page = _answer(404, "<html>not here</html>").to_error()
    assert isinstance(proxy_page, NotFound)
    assert proxy_page.english() == "The central store refused the request (HTTP 404)."
    mismatched = _answer(422, _error("ValidationError", "Needs {this}.", that=1)).to_error()
    assert mismatched.english() == "The central store refused the request (HTTP 422)."


# --- When the outcome is unknown ----------------------------------------------------------------


def test_a_server_error_is_unreachable(central: CentralStub, client: CentralClient) -> None:
    central.script = ["500"]
    with pytest.raises(Unreachable) as away:
        client.send_order(order_body())
    assert away.value.status == 500


def test_a_timeout_is_unreachable_though_the_server_did_the_work(central: CentralStub) -> None:
    central.script, central.slow_seconds = ["slow"], 1.0
    body = order_body()
    with make_client(central, timeout=(2.0, 0.3)) as client:
        client.login("zhangli", PASSWORD)
        with pytest.raises(Unreachable, match="timed out"):
            client.send_order(body)
        assert central.slow_done.wait(5)
        assert central.sales == [body["order_id"]]  # done, the client just never heard
        assert client.send_order(body)["order_id"] == body["order_id"]  # the replay tells
    assert central.sales == [body["order_id"]]


def test_an_answer_cut_off_mid_body_is_unreachable(
    central: CentralStub, client: CentralClient
) -> None:
    central.script = ["reset"]
    body = order_body()
    with pytest.raises(Unreachable):
        client.send_order(body)
    assert central.sales == [body["order_id"]]
    assert client.send_order(body)["order_id"] == body["order_id"]


def test_a_dropped_connection_is_unreachable(central: CentralStub, client: CentralClient) -> None:
    central.script = ["drop"]
    with pytest.raises(Unreachable):
        client.send_order(order_body())


def test_nobody_listening_is_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with CentralClient(f"http://127.0.0.1:{port}", TERMINAL_ID, TERMINAL_KEY) as client:
        with pytest.raises(Unreachable):
            client.seats("s1")
        with pytest.raises(Unreachable):
            client.healthz()


@pytest.mark.parametrize(("header", "seconds"), [("7", 7.0), ("0", 0.0), ("soon", 1.0)])
def test_in_flight_carries_retry_after(
    central: CentralStub, client: CentralClient, header: str, seconds: float
) -> None:
    central.script, central.retry_after = ["inflight"], header
    with pytest.raises(InFlight) as busy:
        client.send_order(order_body())
    assert busy.value.retry_after == seconds
    assert central.sales == []


def test_changes_come_in_batches(central: CentralStub, client: CentralClient) -> None:
    central.add_changes(3)
    batch = client.changes(after=0, limit=2)
    assert [c.seq for c in batch.changes] == [1, 2] and batch.cursor == 2 and batch.more
    assert batch.changes[0].payload == {"held": ["r1c1"]}
    assert batch.changes[0].at is not None and batch.changes[0].at.tzinfo is not None
    rest = client.changes(after=batch.cursor, limit=2)
    assert [c.seq for c in rest.changes] == [3] and rest.cursor == 3 and not rest.more


# --- TLS ------------------------------------------------------------------------------------------


@pytest.fixture
def self_signed(tmp_path: Path) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_https_verifies_the_certificate_against_the_given_ca(
    self_signed: tuple[Path, Path],
) -> None:
    cert, key = self_signed
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    running = start_stub(tls)
    try:
        with (
            CentralClient(running.stub.url, TERMINAL_ID, TERMINAL_KEY) as untrusting,
            pytest.raises(Unreachable, match="SSL"),
        ):
            untrusting.login("zhangli", PASSWORD)
        assert not running.stub.seen  # nothing was sent to a server it could not verify
        with CentralClient(running.stub.url, TERMINAL_ID, TERMINAL_KEY, ca_bundle=cert) as trusting:
            assert trusting.login("zhangli", PASSWORD).login == "zhangli"
    finally:
        running.stop()
