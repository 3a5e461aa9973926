"""A fault-injecting TCP proxy for HTTP/1.x traffic on loopback.

:class:`FaultProxy` listens on ``127.0.0.1`` on a free port and forwards every
connection to a target ``(host, port)``. Tests switch its *mode* at any time,
from any thread, to make the network misbehave between an HTTP client (such as
``requests``) and a real server::

    with FaultProxy(("127.0.0.1", server_port)) as proxy:
        requests.get(proxy.url + "/ping", timeout=2)      # passes through
        proxy.reset()                                      # the "lost acknowledgement"
        with pytest.raises(requests.ConnectionError):
            requests.post(proxy.url + "/sell", json=order, timeout=2)
        proxy.passthrough()

Modes (a mode is read when a connection is accepted and again at the start of
every request on it, so a switch also takes effect on kept-alive connections,
at their next request; a request already under way keeps its fault):

``pass``
    Forward both ways unchanged (:meth:`FaultProxy.passthrough`).
``drop``
    Abort the connection with an RST without forwarding anything: at accept
    time for new connections, at the next request on kept-alive ones. The
    server sees nothing; the client gets a connection reset / remote
    disconnect (``requests.ConnectionError``).
``delay(seconds)``
    Sleep ``seconds`` before forwarding each piece in each direction: the
    request head, each body read, each chunk read from the server.
``reset``
    Forward the whole request, wait for the first bytes of the server's
    response, then abort the client connection with an RST (``SO_LINGER`` 0)
    instead of delivering them. The server has done the work; the client never
    hears. The rest of the response is read and thrown away.
``blackhole``
    Accept, read and discard everything, forward nothing, never answer
    (``requests.Timeout`` on the client). A blackholed connection stays so
    until the client closes it or the proxy stops.
``duplicate``
    Send each request twice: on the connection's own upstream connection and,
    concurrently, on a fresh second one. The second copy's response is read
    and discarded; the client gets the first copy's response, released only
    once the second copy has been fully answered (or failed), so when the
    client hears back the server has handled both.
``chaos(seed, ...)``
    Draw one of the above per request (or per connection) from
    ``random.Random(seed)``.

Counters (:attr:`FaultProxy.stats`) and the list of decisions
(:attr:`FaultProxy.decisions`) tell a test what happened.

Limits -- this is a test tool, not a general proxy:

* HTTP/1.x only, framed by the request head plus ``Content-Length`` or
  ``Transfer-Encoding: chunked``. A request without either has no body.
  ``Upgrade``/``CONNECT`` tunnels and TLS are not understood: whatever a
  client sends must be a sequence of HTTP requests.
* Responses are not parsed on the main connection: response-side faults
  (``reset``, the hold in ``duplicate``, ``delay``) apply to the most recent
  request on the connection. That is exact for clients that do not pipeline
  (``requests``/``urllib3``, browsers, ``http.client``), not for pipelining ones.
* ``Expect: 100-continue`` is not supported in ``reset`` and ``duplicate``
  modes (the interim ``100`` counts as the response's first bytes).
* The duplicate's response is framed (``Content-Length``, chunked, or read to
  end of stream, skipping ``1xx``) and given up after ``duplicate_timeout``.
* For concurrent clients, ``chaos`` draws the same sequence of decisions for
  the same seed, but which request gets which decision follows the order in
  which requests reach the proxy. Sequential traffic is fully reproducible.
* Request heads larger than 1 MiB or that do not parse abort the connection
  (counted in ``stats.errors``).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import random
import socket
import struct
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, fields
from types import TracebackType
from typing import Any, Literal, Self

__all__ = ["Fault", "FaultProxy", "ProxyStats"]

_CHUNK = 64 * 1024
_HEAD_LIMIT = 1024 * 1024
_DRAIN_IDLE = 0.25  # after a reset: stop reading the discarded response after this much quiet
_DRAIN_MAX = 2.0  # ... or after this long in all

Send = Callable[[bytes], Awaitable[None]]


class Fault(enum.StrEnum):
    PASS = "pass"
    DROP = "drop"
    DELAY = "delay"
    RESET = "reset"
    BLACKHOLE = "blackhole"
    DUPLICATE = "duplicate"
    CHAOS = "chaos"  # a mode, never a decision


@dataclass(frozen=True)
class ProxyStats:
    """A snapshot of what the proxy has done since start (or :meth:`FaultProxy.clear_stats`).

    ``requests`` counts request heads read from clients; ``passed`` and
    ``delayed`` the requests forwarded in those modes; ``drops`` the
    connections aborted without forwarding; ``resets`` the RSTs sent after the
    server had started answering; ``blackholes`` the connections blackholed;
    ``duplicates`` the second copies fully sent to the server; ``errors``
    upstream connection failures, unparsable request heads and failed duplicates.
    """

    connections: int = 0
    requests: int = 0
    passed: int = 0
    delayed: int = 0
    drops: int = 0
    resets: int = 0
    blackholes: int = 0
    duplicates: int = 0
    errors: int = 0


@dataclass(frozen=True)
class _Mode:
    fault: Fault
    seconds: float = 0.0
    # chaos only
    rates: tuple[tuple[Fault, float], ...] = ()
    max_delay: float = 0.0
    per: Literal["request", "connection"] = "request"


@dataclass(frozen=True)
class _Decision:
    fault: Fault
    seconds: float = 0.0


@dataclass(eq=False)
class _Request:
    decision: _Decision
    method: bytes
    responded: bool = False
    dup_done: asyncio.Event | None = None

    @property
    def delay(self) -> float:
        return self.decision.seconds if self.decision.fault is Fault.DELAY else 0.0


@dataclass(eq=False)
class _Conn:
    creader: asyncio.StreamReader
    cwriter: asyncio.StreamWriter
    ureader: asyncio.StreamReader | None = None
    uwriter: asyncio.StreamWriter | None = None
    s2c: asyncio.Task[None] | None = None
    current: _Request | None = None
    sticky: tuple[_Mode, _Decision] | None = None
    upstream_eof: bool = False
    client_gone: bool = False

    def rst_client(self) -> None:
        self.client_gone = True
        _rst(self.cwriter)

    def abort_all(self) -> None:
        self.client_gone = True
        for w in (self.cwriter, self.uwriter):
            if w is not None:
                w.transport.abort()


def _rst(writer: asyncio.StreamWriter) -> None:
    """Close ``writer``'s connection with an RST rather than a FIN."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def _parse_head(head: bytes) -> tuple[bytes, dict[str, str]]:
    """Method and lower-cased headers of an HTTP/1.x message head; ValueError if malformed."""
    lines = head.lstrip(b"\r\n").split(b"\r\n")
    parts = lines[0].split(b" ")
    if len(parts) != 3 or not parts[2].startswith(b"HTTP/"):
        raise ValueError(f"not an HTTP/1.x request line: {lines[0][:80]!r}")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(b":")
        if not sep:
            raise ValueError(f"bad header line: {line[:80]!r}")
        headers.setdefault(name.strip().lower().decode("latin-1"), value.strip().decode("latin-1"))
    return parts[0].upper(), headers


async def _copy_exact(reader: asyncio.StreamReader, n: int, send: Send) -> None:
    while n > 0:
        data = await reader.read(min(n, _CHUNK))
        if not data:
            raise asyncio.IncompleteReadError(b"", n)
        n -= len(data)
        await send(data)


async def _copy_body(reader: asyncio.StreamReader, headers: dict[str, str], send: Send) -> None:
    """Forward one message body framed by ``headers`` (chunked or Content-Length)."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        while True:
            line = await reader.readuntil(b"\r\n")
            size = int(line.split(b";", 1)[0].strip(), 16)
            if size == 0:
                while line != b"\r\n":  # trailers, up to the empty line
                    await send(line)
                    line = await reader.readuntil(b"\r\n")
                await send(line)
                return
            if size + 2 <= _CHUNK:  # size line and data as one piece
                await send(line + await reader.readexactly(size + 2))
            else:
                await send(line)
                await _copy_exact(reader, size + 2, send)
    elif "content-length" in headers:
        await _copy_exact(reader, int(headers["content-length"]), send)


async def _discard(data: bytes) -> None:
    pass


async def _skip_response(reader: asyncio.StreamReader, method: bytes) -> None:
    """Read one HTTP/1.x response (after any interim 1xx) and throw it away."""
    while True:
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, _, rest = head.lstrip(b"\r\n").partition(b"\r\n")
        status = int(status_line.split(b" ", 2)[1])
        if not (100 <= status < 200) or status == 101:
            break
    if method == b"HEAD" or status in (101, 204, 304):
        return
    headers: dict[str, str] = {}
    for line in rest.split(b"\r\n"):
        name, sep, value = line.partition(b":")
        if sep:
            headers.setdefault(
                name.strip().lower().decode("latin-1"), value.strip().decode("latin-1")
            )
    if "chunked" in headers.get("transfer-encoding", "").lower() or "content-length" in headers:
        await _copy_body(reader, headers, _discard)
    else:
        while await reader.read(_CHUNK):  # delimited by the end of the stream
            pass


class FaultProxy:
    """A TCP proxy on ``127.0.0.1`` that injects network faults into HTTP/1.x traffic.

    It runs its own asyncio loop in a background thread between :meth:`start`
    and :meth:`stop` (or as a context manager). All public methods are
    thread-safe. See the module docstring for the modes and their limits.
    """

    host = "127.0.0.1"

    def __init__(
        self,
        target: tuple[str, int],
        *,
        connect_timeout: float = 2.0,
        duplicate_timeout: float = 5.0,
    ) -> None:
        self.target = target
        self.connect_timeout = connect_timeout
        self.duplicate_timeout = duplicate_timeout
        self._lock = threading.Lock()
        self._mode = _Mode(Fault.PASS)
        self._rng = random.Random(0)
        self._counts = dict.fromkeys((f.name for f in fields(ProxyStats)), 0)
        self._decisions: list[Fault] = []
        self._internal_errors: list[str] = []
        self._port: int | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._closing = False
        self._conns: set[_Conn] = set()
        self._tasks: set[asyncio.Task[Any]] = set()

    # --- Life cycle ---------------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FaultProxy is not started")
        return self._port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> Self:
        if self._thread is not None:
            raise RuntimeError("FaultProxy is already started")
        # proto IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say so,
        # and without it small writes wait for delayed ACKs (40 ms stalls).
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            sock.bind((self.host, 0))
            sock.listen(128)
            sock.setblocking(False)
        except BaseException:
            sock.close()
            raise
        self._port = sock.getsockname()[1]
        self._closing = False
        ready = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(sock, ready), name=f"FaultProxy-{self._port}", daemon=True
        )
        self._thread.start()
        if not ready.wait(10) or self._loop is None:
            self.stop()
            raise RuntimeError(f"FaultProxy did not start: {self._internal_errors}")
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Abort every connection, close the listening socket and join the thread.

        Idempotent. Clients in the middle of an exchange see their connection
        reset (or closed)."""
        thread, loop, stopping = self._thread, self._loop, self._stopping
        if thread is None:
            return
        if loop is not None and stopping is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already finished
                loop.call_soon_threadsafe(stopping.set)
        thread.join(timeout)
        if thread.is_alive():
            raise RuntimeError("FaultProxy thread did not stop")
        self._thread = self._loop = self._stopping = None

    def __enter__(self) -> Self:
        return self.start() if self._thread is None else self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # --- Modes --------------------------------------------------------------

    @property
    def mode(self) -> Fault:
        with self._lock:
            return self._mode.fault

    def set_mode(self, fault: Fault | str, seconds: float = 0.0) -> Self:
        """Switch to a fixed mode (``pass``, ``drop``, ``delay``, ``reset``,
        ``blackhole``, ``duplicate``); ``seconds`` is for ``delay``. Use
        :meth:`chaos` for the probabilistic mix."""
        fault = Fault(fault)
        if fault is Fault.CHAOS:
            raise ValueError("use chaos() to configure the chaos mode")
        if seconds < 0 or (fault is Fault.DELAY) != (seconds > 0):
            raise ValueError("give seconds > 0 for delay, and only for delay")
        with self._lock:
            self._mode = _Mode(fault, seconds)
        return self

    def passthrough(self) -> Self:
        return self.set_mode(Fault.PASS)

    def drop(self) -> Self:
        return self.set_mode(Fault.DROP)

    def delay(self, seconds: float) -> Self:
        return self.set_mode(Fault.DELAY, seconds)

    def reset(self) -> Self:
        """Switch to the ``reset`` mode (the lost acknowledgement); see :meth:`clear_stats`
        for clearing the counters."""
        return self.set_mode(Fault.RESET)

    def blackhole(self) -> Self:
        return self.set_mode(Fault.BLACKHOLE)

    def duplicate(self) -> Self:
        return self.set_mode(Fault.DUPLICATE)

    def chaos(
        self,
        seed: int,
        *,
        p_drop: float = 0.0,
        p_delay: float = 0.0,
        p_reset: float = 0.0,
        p_duplicate: float = 0.0,
        p_blackhole: float = 0.0,
        max_delay: float = 0.05,
        per: Literal["request", "connection"] = "request",
    ) -> Self:
        """Draw a fault per request (or per connection) from ``random.Random(seed)``.

        Each draw takes one ``random()`` (and one ``uniform(0, max_delay)`` for
        a delay); whatever probability is left over is ``pass``. Calling this
        again re-seeds. With ``per="connection"`` the draw happens at accept
        time and the fault applies to every request on that connection."""
        rates = (
            (Fault.DROP, p_drop),
            (Fault.RESET, p_reset),
            (Fault.DUPLICATE, p_duplicate),
            (Fault.BLACKHOLE, p_blackhole),
            (Fault.DELAY, p_delay),
        )
        if any(not 0 <= p <= 1 for _, p in rates) or sum(p for _, p in rates) > 1 + 1e-9:
            raise ValueError("probabilities must be in [0, 1] and sum to at most 1")
        if max_delay < 0 or per not in ("request", "connection"):
            raise ValueError("bad max_delay or per")
        with self._lock:
            self._mode = _Mode(Fault.CHAOS, rates=rates, max_delay=max_delay, per=per)
            self._rng = random.Random(seed)
        return self

    # --- Observations -------------------------------------------------------

    @property
    def stats(self) -> ProxyStats:
        with self._lock:
            return ProxyStats(**self._counts)

    @property
    def decisions(self) -> list[Fault]:
        """The fault decided for each request (or each connection, for faults that
        strike at accept time and per-connection chaos), in the order decided."""
        with self._lock:
            return list(self._decisions)

    @property
    def internal_errors(self) -> list[str]:
        """Unexpected exceptions inside the proxy (bugs); tests should assert it is empty."""
        with self._lock:
            return list(self._internal_errors)

    @property
    def active_connections(self) -> int:
        with self._lock:
            return len(self._conns)

    def clear_stats(self) -> None:
        with self._lock:
            for name in self._counts:
                self._counts[name] = 0
            self._decisions.clear()

    def _bump(self, name: str) -> None:
        with self._lock:
            self._counts[name] += 1

    def _internal_error(self, message: str) -> None:
        with self._lock:
            self._internal_errors.append(message)

    # --- Decisions (loop thread) ----------------------------------------------

    def _draw(self, mode: _Mode) -> _Decision:  # with self._lock held
        if mode.fault is not Fault.CHAOS:
            return _Decision(mode.fault, mode.seconds)
        r = self._rng.random()
        fault = Fault.PASS
        for candidate, p in mode.rates:
            if r < p:
                fault = candidate
                break
            r -= p
        seconds = self._rng.uniform(0, mode.max_delay) if fault is Fault.DELAY else 0.0
        if fault is Fault.DELAY and seconds <= 0:
            fault = Fault.PASS
        return _Decision(fault, seconds)

    def _decide_at_accept(self, conn: _Conn) -> _Decision | None:
        with self._lock:
            self._counts["connections"] += 1
            mode = self._mode
            if mode.fault is Fault.CHAOS and mode.per == "connection":
                decision = self._draw(mode)
                conn.sticky = (mode, decision)
            elif mode.fault in (Fault.DROP, Fault.BLACKHOLE):
                decision = self._draw(mode)
            else:
                return None
            self._decisions.append(decision.fault)
            return decision

    def _decide_request(self, conn: _Conn) -> _Decision:
        with self._lock:
            self._counts["requests"] += 1
            mode = self._mode
            if conn.sticky is not None and conn.sticky[0] is mode:
                return conn.sticky[1]
            decision = self._draw(mode)
            self._decisions.append(decision.fault)
            return decision

    # --- The loop -------------------------------------------------------------

    def _run(self, sock: socket.socket, ready: threading.Event) -> None:
        try:
            asyncio.run(self._main(sock, ready))
        except BaseException as exc:  # reported, never raised in the thread
            self._internal_error(f"proxy loop crashed: {exc!r}")
        finally:
            sock.close()  # no-op if the server closed it
            ready.set()

    async def _main(self, sock: socket.socket, ready: threading.Event) -> None:
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(self._on_loop_error)
        self._stopping = asyncio.Event()
        server = await asyncio.start_server(self._serve, sock=sock, limit=_HEAD_LIMIT)
        self._loop = loop
        ready.set()
        try:
            await self._stopping.wait()
        finally:
            self._closing = True
            server.close()
            for conn in list(self._conns):
                conn.abort_all()
            while self._tasks:
                tasks = list(self._tasks)
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(server.wait_closed(), 1.0)
            for _ in range(3):  # let aborted transports run their connection_lost
                await asyncio.sleep(0)

    def _on_loop_error(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        self._internal_error(f"{context.get('message')}: {context.get('exception')!r}")

    def _spawn(self, coro: Awaitable[None]) -> asyncio.Task[None]:
        task: asyncio.Task[None] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _serve(self, creader: asyncio.StreamReader, cwriter: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        conn = _Conn(creader, cwriter)
        with self._lock:
            self._conns.add(conn)
        try:
            if self._closing:
                conn.abort_all()
                return
            await self._client_side(conn)
        except (OSError, EOFError, asyncio.LimitOverrunError, ValueError):
            # the client or the server went away, or the request did not parse
            conn.abort_all()
        except asyncio.CancelledError:
            # Only stop() cancels. Not re-raised: on Python 3.11 asyncio's own
            # done-callback for connection handlers chokes on a cancelled task.
            conn.abort_all()
        except Exception as exc:
            self._internal_error(f"connection handler: {exc!r}")
            conn.abort_all()
        finally:
            if conn.s2c is not None and not conn.s2c.done():
                conn.s2c.cancel()
            for w in (conn.cwriter, conn.uwriter):
                if w is not None and not w.transport.is_closing():
                    w.transport.abort()
            with self._lock:
                self._conns.discard(conn)

    async def _client_side(self, conn: _Conn) -> None:
        """Read requests from the client one by one and apply a fault to each."""
        decision = self._decide_at_accept(conn)
        if decision is not None and decision.fault is Fault.DROP:
            self._bump("drops")
            conn.rst_client()
            return
        if decision is not None and decision.fault is Fault.BLACKHOLE:
            await self._blackhole(conn)
            return
        while True:
            try:
                head = await conn.creader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                break  # the client closed (or we reset it)
            except asyncio.LimitOverrunError:
                self._bump("errors")
                raise
            if conn.upstream_eof:  # the server has closed this connection
                conn.rst_client()
                return
            try:
                method, headers = _parse_head(head)
            except ValueError:
                self._bump("errors")
                raise
            decision = self._decide_request(conn)
            if decision.fault is Fault.DROP:
                self._bump("drops")
                conn.rst_client()
                return
            if decision.fault is Fault.BLACKHOLE:
                await self._blackhole(conn)
                return
            await self._forward_request(conn, _Request(decision, method), head, headers)
        # The client half-closed or closed: pass that on and let the server finish.
        if conn.uwriter is not None and not conn.uwriter.transport.is_closing():
            with contextlib.suppress(OSError):
                conn.uwriter.write_eof()
        if conn.s2c is not None:
            await conn.s2c

    async def _forward_request(
        self, conn: _Conn, req: _Request, head: bytes, headers: dict[str, str]
    ) -> None:
        if conn.uwriter is None:
            try:
                conn.ureader, conn.uwriter = await asyncio.wait_for(
                    asyncio.open_connection(*self.target, limit=_HEAD_LIMIT), self.connect_timeout
                )
            except (OSError, TimeoutError):
                self._bump("errors")
                conn.rst_client()
                return
            conn.s2c = self._spawn(self._server_side(conn))
        uwriter = conn.uwriter
        assert uwriter is not None
        copies: asyncio.Queue[bytes | None] | None = None
        if req.decision.fault is Fault.DUPLICATE:
            copies = asyncio.Queue()
            req.dup_done = asyncio.Event()
            self._spawn(self._duplicate(req, copies))
        conn.current = req
        counter = {Fault.PASS: "passed", Fault.DELAY: "delayed"}.get(req.decision.fault)
        if counter:
            self._bump(counter)

        async def send(data: bytes) -> None:
            if req.delay:
                await asyncio.sleep(req.delay)
            if copies is not None:
                copies.put_nowait(data)
            uwriter.write(data)
            await uwriter.drain()

        try:
            await send(head)
            await _copy_body(conn.creader, headers, send)
        finally:
            if copies is not None:
                copies.put_nowait(None)

    async def _server_side(self, conn: _Conn) -> None:
        """Pump the server's bytes back to the client, applying the current request's fault."""
        assert conn.ureader is not None
        try:
            while data := await conn.ureader.read(_CHUNK):
                req = conn.current
                if req is not None and not req.responded:
                    req.responded = True
                    if req.decision.fault is Fault.RESET:
                        conn.rst_client()
                        self._bump("resets")
                        await self._drain(conn.ureader)
                        return
                    if req.dup_done is not None:
                        await req.dup_done.wait()
                if req is not None and req.delay:
                    await asyncio.sleep(req.delay)
                if conn.client_gone:
                    return
                conn.cwriter.write(data)
                await conn.cwriter.drain()
            conn.upstream_eof = True
            if not conn.client_gone and not conn.cwriter.transport.is_closing():
                conn.cwriter.write_eof()
        except OSError:
            conn.abort_all()  # a reset on one side becomes a reset on the other

    async def _drain(self, reader: asyncio.StreamReader) -> None:
        """Read and discard until the server stops sending (bounded)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + _DRAIN_MAX
        with contextlib.suppress(OSError, TimeoutError):
            while loop.time() < deadline:
                if not await asyncio.wait_for(reader.read(_CHUNK), _DRAIN_IDLE):
                    break

    async def _blackhole(self, conn: _Conn) -> None:
        self._bump("blackholes")
        if conn.s2c is not None:
            conn.s2c.cancel()
        if conn.uwriter is not None:
            conn.uwriter.transport.abort()
        while await conn.creader.read(_CHUNK):
            pass

    async def _duplicate(self, req: _Request, copies: asyncio.Queue[bytes | None]) -> None:
        """Send the second copy of ``req`` on its own connection and discard the answer."""
        assert req.dup_done is not None
        writer: asyncio.StreamWriter | None = None
        try:
            reader, dup_writer = await asyncio.wait_for(
                asyncio.open_connection(*self.target, limit=_HEAD_LIMIT), self.connect_timeout
            )
            writer = dup_writer
            while (data := await copies.get()) is not None:
                dup_writer.write(data)
                await dup_writer.drain()
            self._bump("duplicates")
            await asyncio.wait_for(_skip_response(reader, req.method), self.duplicate_timeout)
        except (OSError, EOFError, TimeoutError, asyncio.LimitOverrunError, ValueError):
            self._bump("errors")
        finally:
            if writer is not None:
                writer.transport.abort()
            req.dup_done.set()
