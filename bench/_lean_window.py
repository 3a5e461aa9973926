"""A window's hot requests with as little client work as can be: the load generator.

On a site every window is a PC of its own; in this benchmark 16 of them share
the central store's two cores, and ``sync.client.CentralClient`` (urllib3,
``http.client``'s header parser) spends about as much CPU per request as the
server does. A load generator that steals half the machine measures the
generator. So the contended phase's windows can send their requests through
this class instead: the same method, path, headers and JSON body a
``CentralClient`` sends (``tests/test_bench.py`` compares them byte for byte
through a recording socket), one kept-alive connection, and only the status
line and ``Content-Length`` read back. Everything the windows learn (the seats
a 409 names, the change feed) they learn from the server's answers as before.
"""

from __future__ import annotations

import json
import socket
from typing import Any
from urllib.parse import urlsplit

from sync.client import API, CentralClient


class LeanRefused(Exception):
    """A 4xx answer: its status and parsed body (the API's error shape)."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"HTTP {status}: {body!r}")
        self.status = status
        self.body = body


class LeanWindow:
    """``hold``, ``send_order``, ``release_hold`` and ``changes`` of a logged-in
    ``CentralClient``, over one socket. Plain HTTP on loopback only."""

    def __init__(self, client: CentralClient) -> None:
        url = urlsplit(client.base_url)
        if url.scheme != "http" or url.hostname is None or url.port is None:
            raise ValueError(f"the lean window speaks plain HTTP to host:port, not {url!r}")
        self._address = (url.hostname, url.port)
        self._host = url.netloc.encode("ascii")
        # The headers CentralClient._headers() sends, in its order.
        self._fixed = b"".join(
            f"{name}: {value}\r\n".encode("latin-1")
            for name, value in client._headers(credential=True, token=True).items()
        )
        self._sock: socket.socket | None = None
        self._buffer = b""

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    # --- the four requests ---

    def hold(self, session_id: str, seat_ids: list[str]) -> dict[str, Any]:
        return self._call("POST", "/holds", {"session_id": session_id, "seat_ids": list(seat_ids)})

    def send_order(self, order_body: dict[str, Any]) -> dict[str, Any]:
        return self._call(
            "POST", "/orders", order_body, idempotency_key=str(order_body["order_id"])
        )

    def release_hold(self, hold_id: str) -> None:
        self._call("DELETE", f"/holds/{hold_id}", None)

    def changes(self, after: int, limit: int = 1000) -> dict[str, Any]:
        """The feed's answer as parsed JSON: ``changes`` (dicts), ``cursor``, ``more``."""
        return self._call("GET", f"/changes?after={int(after)}&limit={int(limit)}", None)

    # --- plumbing ---

    def request_bytes(
        self, method: str, path: str, body: Any, idempotency_key: str | None = None
    ) -> bytes:
        """The request as it goes on the wire."""
        head = [
            f"{method} {API}{path} HTTP/1.1\r\n".encode("ascii"),
            b"Host: ",
            self._host,
            b"\r\n",
        ]
        head.append(self._fixed)
        if idempotency_key is not None:
            head.append(f"Idempotency-Key: {idempotency_key}\r\n".encode("latin-1"))
        data = b""
        if body is not None:
            data = json.dumps(body, allow_nan=False).encode("utf-8")
            head.append(b"Content-Type: application/json\r\n")
        if body is not None or method in ("POST", "PUT", "PATCH"):
            head.append(f"Content-Length: {len(data)}\r\n".encode("ascii"))
        head.append(b"\r\n")
        return b"".join(head) + data

    def _call(self, method: str, path: str, body: Any, idempotency_key: str | None = None) -> Any:
        request = self.request_bytes(method, path, body, idempotency_key)
        if self._sock is None:
            self._sock = socket.create_connection(self._address, timeout=30)
            self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock.sendall(request)
        status, data = self._read_answer()
        answer = json.loads(data) if data else None
        if 200 <= status < 300:
            return answer
        if 400 <= status < 500:
            raise LeanRefused(status, answer)
        raise RuntimeError(f"{method} {path}: HTTP {status}")

    def _read_answer(self) -> tuple[int, bytes]:
        assert self._sock is not None
        while b"\r\n\r\n" not in self._buffer:
            self._more()
        head, _, self._buffer = self._buffer.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
            elif name.strip().lower() == b"transfer-encoding":
                raise RuntimeError("a chunked answer: the lean window reads Content-Length only")
        while len(self._buffer) < length:
            self._more()
        data, self._buffer = self._buffer[:length], self._buffer[length:]
        return status, data

    def _more(self) -> None:
        assert self._sock is not None
        chunk = self._sock.recv(65536)
        if not chunk:
            raise ConnectionError("the central store closed the connection")
        self._buffer += chunk
