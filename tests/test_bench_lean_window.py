"""The benchmark's lean windows send what a terminal's CentralClient sends.

``bench/central_bench.py`` drives its contended windows through
``bench/_lean_window.LeanWindow`` so that the load generator does not eat the
server's CPU; its figures are only worth something if the server sees the same
requests. Both clients talk here to a socket that records each request and
answers like the central store."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from bench._lean_window import LeanRefused, LeanWindow
from sync.client import CentralClient, Refused

# urllib3 adds these of its own accord; the server reads neither.
TRANSPORT_ONLY = {"user-agent", "accept-encoding"}


class Recorder:
    """An HTTP/1.1 server answering each request with the next of ``answers``
    (status, JSON), recording (request line, headers, body); a thread per connection."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.requests: list[tuple[str, dict[str, str], bytes]] = []
        self.answers: list[tuple[int, Any]] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._connection, args=(conn,), daemon=True).start()

    def _connection(self, conn: socket.socket) -> None:
        with conn:
            buffer = b""
            while True:
                while b"\r\n\r\n" not in buffer:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    buffer += chunk
                if b"\r\n\r\n" not in buffer:
                    break
                head, _, buffer = buffer.partition(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                length = int(headers.get("content-length", "0"))
                while len(buffer) < length:
                    buffer += conn.recv(65536)
                body, buffer = buffer[:length], buffer[length:]
                self.requests.append((lines[0], headers, body))
                status, answer = self.answers.pop(0)
                data = json.dumps(answer).encode() if answer is not None else b""
                conn.sendall(
                    f"HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n"
                    f"content-length: {len(data)}\r\n\r\n".encode()
                    + data
                )

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    r = Recorder()
    yield r
    r.close()


def logged_in(port: int) -> CentralClient:
    client = CentralClient(f"http://127.0.0.1:{port}", "terminal-1", "key-1")
    client._token = "token-1"  # as login() leaves it
    return client


ORDER = {
    "order_id": "0190e000-0000-7000-8000-000000000001",
    "number": "C01-000001",
    "session_id": "s1",
    "hold_id": "h1",
    "lines": [{"seat_id": "r1c1", "ticket_type_id": "full", "zone_id": None}],
    "payments": [{"method": "cash", "amount_fen": 8000, "reference": ""}],
}


def exchange(port: int, recorder: Recorder, lean: bool) -> list[Any]:
    """hold, a refused hold, an order, the feed and a release; what each returned."""
    recorder.answers = [
        (201, {"hold_id": "h1"}),
        (409, {"error": {"kind": "SeatsUnavailable", "message": "m", "params": {}, "taken": []}}),
        (201, {"order_id": ORDER["order_id"]}),
        (200, {"cursor": 7, "more": False, "changes": []}),
        (204, None),
    ]
    central = logged_in(port)
    client: Any = LeanWindow(central) if lean else central
    got: list[Any] = [client.hold("s1", ["r1c1", "r1c2"])]
    with pytest.raises(LeanRefused if lean else Refused) as refused:
        client.hold("s1", ["r1c3"])
    got.append((refused.value.status, refused.value.body))
    got.append(client.send_order(ORDER))
    feed = client.changes(after=3, limit=1000)
    got.append(feed["cursor"] if lean else feed.cursor)
    got.append(client.release_hold("h1"))
    client.close()
    central.close()
    return got


def test_lean_window_sends_the_requests_central_client_sends(recorder: Recorder) -> None:
    central_answers = exchange(recorder.port, recorder, lean=False)
    sent_by_central = list(recorder.requests)
    recorder.requests.clear()
    lean_answers = exchange(recorder.port, recorder, lean=True)
    sent_by_lean = list(recorder.requests)

    assert len(sent_by_lean) == len(sent_by_central) == 5
    for (line_c, headers_c, body_c), (line_l, headers_l, body_l) in zip(
        sent_by_central, sent_by_lean, strict=True
    ):
        assert line_l == line_c
        assert body_l == body_c
        assert {k: v for k, v in headers_l.items() if k not in TRANSPORT_ONLY} == {
            k: v for k, v in headers_c.items() if k not in TRANSPORT_ONLY
        }
    assert sent_by_lean[0][1]["x-terminal-key"] == "key-1"
    assert sent_by_lean[2][1]["idempotency-key"] == ORDER["order_id"]
    # And each reads the answers alike.
    assert lean_answers == central_answers
