"""The fault-injecting proxy, proved against a real HTTP server and a real client.

Everything runs on 127.0.0.1: a threaded ``http.server`` that counts what it
receives and echoes POST bodies, :class:`tests.faultproxy.FaultProxy` in front
of it, and ``requests`` with a timeout on every call.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests

from tests.faultproxy import Fault, FaultProxy

TIMEOUT = 2.0  # every client call; tests that expect an answer get it well before


# --- A counting echo server ----------------------------------------------------


class EchoServer(ThreadingHTTPServer):
    """Answers GET with ``hello <path>`` and POST with its body; records every request."""

    daemon_threads = True
    request_queue_size = 128  # the default 5 drops SYNs from 16 clients at once

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _EchoHandler)
        self.lock = threading.Lock()
        self.received: list[tuple[str, str, bytes]] = []
        self.connections = 0

    @property
    def count(self) -> int:
        with self.lock:
            return len(self.received)

    def bodies(self) -> list[bytes]:
        with self.lock:
            return [body for _, _, body in self.received]

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.lock:
            self.connections += 1
        super().process_request(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], OSError):  # resets are what we test
            super().handle_error(request, client_address)


class _EchoHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    timeout = 5  # idle kept-alive connections end on their own
    disable_nagle_algorithm = True  # headers and body are two writes
    server: EchoServer

    def do_GET(self) -> None:
        self._answer(b"")

    def do_POST(self) -> None:
        if "chunked" in self.headers.get("Transfer-Encoding", ""):
            body = b""
            while size := int(self.rfile.readline().split(b";")[0], 16):
                body += self.rfile.read(size + 2)[:-2]
            while self.rfile.readline() not in (b"\r\n", b""):  # trailers
                pass
        else:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self._answer(body)

    def _answer(self, body: bytes) -> None:
        with self.server.lock:  # counted before answering: the server has "committed"
            self.server.received.append((self.command, self.path, body))
        payload = body or f"hello {self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass


# --- Fixtures --------------------------------------------------------------------


@pytest.fixture
def no_thread_leak() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 2
    while (extra := set(threading.enumerate()) - before) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not extra, f"threads left running: {extra}"


@pytest.fixture
def server(no_thread_leak: None) -> Iterator[EchoServer]:
    srv = EchoServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()  # joins the handler threads
    thread.join(5)


@pytest.fixture
def proxy(server: EchoServer) -> Iterator[FaultProxy]:
    with FaultProxy(server.server_address[:2]) as p:  # type: ignore[arg-type]
        yield p
    assert not p.running
    assert p.active_connections == 0
    assert p.internal_errors == []


@pytest.fixture
def session(proxy: FaultProxy) -> Iterator[requests.Session]:
    with requests.Session() as s:
        yield s


def post(s: requests.Session, proxy: FaultProxy, body: bytes, **kw: Any) -> requests.Response:
    kw.setdefault("timeout", TIMEOUT)
    return s.post(proxy.url + "/sell", data=body, **kw)


# --- Each mode -------------------------------------------------------------------


def test_pass_forwards_both_ways_on_one_kept_alive_connection(
    proxy: FaultProxy, server: EchoServer, session: requests.Session
) -> None:
    assert proxy.url == f"http://127.0.0.1:{proxy.port}"
    assert session.get(proxy.url + "/ping", timeout=TIMEOUT).text == "hello /ping"
    for i in range(3):
        assert post(session, proxy, b"ticket-%d" % i).content == b"ticket-%d" % i
    assert server.count == 4
    assert server.connections == 1
    stats = proxy.stats
    assert (stats.connections, stats.requests, stats.passed) == (1, 4, 4)
    assert proxy.decisions == [Fault.PASS] * 4


@pytest.mark.parametrize("mode", [Fault.PASS, Fault.DUPLICATE])
def test_chunked_request_bodies_are_framed(
    proxy: FaultProxy, server: EchoServer, session: requests.Session, mode: Fault
) -> None:
    proxy.set_mode(mode)
    # a generator body makes requests send Transfer-Encoding: chunked
    response = post(session, proxy, iter([b"seat ", b"A-12", b""]))  # type: ignore[arg-type]
    assert response.content == b"seat A-12"
    # the proxy found the end of that body: the next request on the connection works
    assert post(session, proxy, b"next").content == b"next"
    copies = 2 if mode is Fault.DUPLICATE else 1
    assert server.bodies() == [b"seat A-12"] * copies + [b"next"] * copies
    assert server.connections == (3 if mode is Fault.DUPLICATE else 1)  # a new one per copy


def test_drop_refuses_without_reaching_the_server(
    proxy: FaultProxy, server: EchoServer, session: requests.Session
) -> None:
    proxy.drop()
    with pytest.raises(requests.ConnectionError):
        post(session, proxy, b"lost")
    assert server.count == 0
    assert server.connections == 0
    assert proxy.stats.drops == 1
    proxy.passthrough()
    assert post(session, proxy, b"ok").content == b"ok"


def test_delay_adds_latency_in_both_directions(
    proxy: FaultProxy, server: EchoServer, session: requests.Session
) -> None:
    assert post(session, proxy, b"warm").content == b"warm"
    delay = 0.15
    proxy.delay(delay)
    start = time.monotonic()
    response = post(session, proxy, b"slow")
    elapsed = time.monotonic() - start
    assert response.content == b"slow"
    # at least one piece each way (the request head, the response), each delayed
    assert 2 * delay <= elapsed < 1.5
    assert proxy.stats.delayed == 1
    assert server.count == 2


def test_reset_loses_the_acknowledgement_after_the_server_committed(
    proxy: FaultProxy, server: EchoServer, session: requests.Session
) -> None:
    assert post(session, proxy, b"first").content == b"first"
    proxy.reset()  # takes effect on the kept-alive connection too
    with pytest.raises(requests.ConnectionError):
        post(session, proxy, b"sale-42")
    assert server.bodies() == [b"first", b"sale-42"]  # the server did it
    assert proxy.stats.resets == 1
    proxy.passthrough()
    assert post(session, proxy, b"retry").content == b"retry"
    assert server.count == 3


def test_blackhole_times_the_client_out(
    proxy: FaultProxy, server: EchoServer, session: requests.Session
) -> None:
    proxy.blackhole()
    start = time.monotonic()
    with pytest.raises(requests.Timeout):
        post(session, proxy, b"void", timeout=0.3)
    assert time.monotonic() - start < 1.5
    assert server.count == 0
    assert server.connections == 0
    assert proxy.stats.blackholes == 1


def test_blackhole_on_a_kept_alive_connection(
    proxy: FaultProxy, server: EchoServer, session: requests.Session
) -> None:
    assert post(session, proxy, b"one").content == b"one"
    proxy.blackhole()
    with pytest.raises(requests.Timeout):
        post(session, proxy, b"two", timeout=0.3)
    assert server.bodies() == [b"one"]


def test_duplicate_reaches_the_server_twice_and_answers_once(
    proxy: FaultProxy, server: EchoServer, session: requests.Session
) -> None:
    proxy.duplicate()
    response = post(session, proxy, b"sale-7")
    assert response.status_code == 200
    assert response.content == b"sale-7"
    # released only after the second copy was answered: no waiting needed
    assert server.bodies() == [b"sale-7", b"sale-7"]
    assert server.connections == 2
    assert proxy.stats.duplicates == 1
    assert session.get(proxy.url + "/x", timeout=TIMEOUT).text == "hello /x"
    assert server.count == 4


def test_mode_validation(proxy: FaultProxy) -> None:
    with pytest.raises(ValueError):
        proxy.delay(0)
    with pytest.raises(ValueError):
        proxy.set_mode("chaos")
    with pytest.raises(ValueError):
        proxy.chaos(1, p_drop=0.6, p_reset=0.6)
    assert proxy.set_mode("reset").mode is Fault.RESET


# --- Chaos -------------------------------------------------------------------------


def _chaos_run(proxy: FaultProxy, server: EchoServer, seed: int, n: int) -> list[tuple[Fault, str]]:
    proxy.clear_stats()
    proxy.chaos(seed, p_drop=0.15, p_delay=0.15, p_reset=0.15, p_duplicate=0.15, max_delay=0.01)
    before = server.count
    outcomes = []
    with requests.Session() as s:
        for i in range(n):
            try:
                ok = post(s, proxy, b"c-%d" % i).content == b"c-%d" % i
                outcomes.append("ok" if ok else "wrong")
            except requests.ConnectionError:
                outcomes.append("error")
    decisions = proxy.decisions
    assert len(decisions) == n  # one decision per request, taken in order
    expected_at_server = sum({Fault.DROP: 0, Fault.DUPLICATE: 2}.get(d, 1) for d in decisions)
    assert server.count - before == expected_at_server
    return list(zip(decisions, outcomes, strict=True))


def test_chaos_is_reproducible_from_its_seed(proxy: FaultProxy, server: EchoServer) -> None:
    first = _chaos_run(proxy, server, seed=1234, n=30)
    again = _chaos_run(proxy, server, seed=1234, n=30)
    other = _chaos_run(proxy, server, seed=99, n=30)
    assert first == again
    assert [d for d, _ in first] != [d for d, _ in other]
    assert {d for d, _ in first} >= {Fault.PASS, Fault.DROP, Fault.DELAY, Fault.RESET}
    assert {d for d, _ in first} & {Fault.DUPLICATE}
    for decision, outcome in first:
        fails = decision in (Fault.DROP, Fault.RESET)
        assert outcome == ("error" if fails else "ok"), (decision, outcome)


def test_chaos_per_connection(proxy: FaultProxy, server: EchoServer) -> None:
    def run() -> tuple[list[Fault], int]:
        proxy.clear_stats()
        proxy.chaos(5, p_duplicate=0.5, per="connection")
        before = server.count
        for i in range(6):  # a fresh connection each time
            with requests.Session() as s:
                post(s, proxy, b"%d" % i)
                post(s, proxy, b"%d" % i)
        assert proxy.stats.connections == 6
        assert proxy.stats.requests == 12
        return proxy.decisions, server.count - before

    decisions, at_server = run()
    assert len(decisions) == 6  # one per connection
    assert at_server == sum(4 if d is Fault.DUPLICATE else 2 for d in decisions)
    assert run() == (decisions, at_server)


# --- Concurrency, switching, life cycle -------------------------------------------


def _client(proxy: FaultProxy, name: str, n: int) -> list[str]:
    results = []
    with requests.Session() as s:
        for i in range(n):
            body = f"{name}-{i}".encode()
            try:
                response = post(s, proxy, body)
                results.append("ok" if response.content == body else f"wrong {response.content!r}")
            except requests.ConnectionError:
                results.append("error")
    return results


def test_sixteen_keep_alive_clients(proxy: FaultProxy, server: EchoServer) -> None:
    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(_client, itertools.repeat(proxy), map(str, range(16)), [8] * 16))
    assert all(r == ["ok"] * 8 for r in results)
    assert server.count == 128
    assert proxy.stats.connections == 16 == server.connections


def test_sixteen_clients_duplicated(proxy: FaultProxy, server: EchoServer) -> None:
    proxy.duplicate()
    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(_client, itertools.repeat(proxy), map(str, range(16)), [4] * 16))
    assert all(r == ["ok"] * 4 for r in results)
    assert server.count == 128
    assert proxy.stats.duplicates == 64
    assert sorted(server.bodies()) == sorted(
        2 * [f"{c}-{i}".encode() for c in range(16) for i in range(4)]
    )


def test_switching_modes_under_load_keeps_the_books(proxy: FaultProxy, server: EchoServer) -> None:
    modes = [Fault.PASS, Fault.DUPLICATE, Fault.RESET, Fault.DROP, Fault.DELAY]
    stop = threading.Event()

    def switcher() -> None:
        for mode in itertools.cycle(modes):
            if stop.wait(0.005):
                return
            proxy.set_mode(mode, 0.002 if mode is Fault.DELAY else 0.0)

    thread = threading.Thread(target=switcher)
    thread.start()
    try:
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(_client, itertools.repeat(proxy), map(str, range(8)), [10] * 8))
    finally:
        stop.set()
        thread.join(5)
    outcomes = [o for r in results for o in r]
    assert set(outcomes) <= {"ok", "error"}
    decisions = proxy.decisions
    n = {f: decisions.count(f) for f in modes}
    # every client request got exactly one decision (drops at accept included)
    assert outcomes.count("ok") == n[Fault.PASS] + n[Fault.DELAY] + n[Fault.DUPLICATE]
    assert outcomes.count("error") == n[Fault.RESET] + n[Fault.DROP]
    assert server.count == n[Fault.PASS] + n[Fault.DELAY] + n[Fault.RESET] + 2 * n[Fault.DUPLICATE]


def _open_fds() -> int | None:
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None


def test_stop_closes_everything_even_mid_exchange(server: EchoServer) -> None:
    fds = _open_fds()
    proxy = FaultProxy(server.server_address[:2])  # type: ignore[arg-type]
    with pytest.raises(RuntimeError):
        _ = proxy.port
    with proxy, requests.Session() as s:
        assert proxy.running
        assert post(s, proxy, b"a").content == b"a"  # leaves a kept-alive connection
        proxy.blackhole()
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=TIMEOUT) as stuck:
            stuck.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            deadline = time.monotonic() + TIMEOUT
            while proxy.active_connections < 2 and time.monotonic() < deadline:
                time.sleep(0.01)
            assert proxy.active_connections == 2
            start = time.monotonic()
            proxy.stop()
            assert time.monotonic() - start < 1
            with contextlib.suppress(ConnectionResetError):  # let go at once, FIN or RST
                assert stuck.recv(100) == b""
        port = proxy.port
    proxy.stop()  # idempotent
    assert not proxy.running
    assert proxy.active_connections == 0
    assert proxy.internal_errors == []
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT).close()
    if fds is not None:  # the server's handler threads close their ends a moment later
        deadline = time.monotonic() + TIMEOUT
        while _open_fds() != fds and time.monotonic() < deadline:
            time.sleep(0.01)
        assert _open_fds() == fds


def test_upstream_down_resets_the_client(no_thread_leak: None) -> None:
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        target = placeholder.getsockname()  # nothing listens there
        with FaultProxy(target) as proxy, requests.Session() as s:
            with pytest.raises(requests.ConnectionError):
                s.get(proxy.url, timeout=TIMEOUT)
            assert proxy.stats.errors == 1
            assert proxy.internal_errors == []
