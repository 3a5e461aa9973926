"""The group commit's writer in a process of its own (``serve``'s default).

A Python process runs Python on one core at a time (the GIL). With the writer
a thread of the server, under a rush the two halves of every sale took turns
on that core: the writer (the services, SQLAlchemy, the driver) and the event
loop (every request's bytes), each waiting for the other, while the
machine's second core idled. Here the writer is a child process with an
interpreter of its own: the server hands it each operation (a ``Call``: the
service function, the caller's credentials, the keyword arguments) over a
pipe and gets its ``Outcome`` back; results and refusals cross whole
(``BoxOfficeError`` pickles with its params). The child runs the same loop as
the thread (:class:`central.group_commit.GroupCommit`): it takes what waits,
runs it as one group on its own database connection, answers each.

Nothing is kept between groups (the database is the truth). If the child
dies, the operations it had are answered as a fault (500: the terminal does
not know the outcome and retries, a sale with its same idempotency key, whose
replay answers it if it was committed), and the next operation starts a new
child. The child ends with its server: on ``stop()``, or when the pipe closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import multiprocessing
import pickle
import signal
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from boxoffice.db.store import Store, create_sqlite_engine
from boxoffice.services.group import Call, Outcome

from .group_commit import MAX_GROUP, NOTHING, GroupCommit, take_group

log = logging.getLogger(__name__)

StoreSpec = tuple[str, str]
"""How the child opens the store: ("sqlite", file path) or ("url", database URL)."""

_Pending = tuple[asyncio.AbstractEventLoop, "asyncio.Future[Outcome]"]


class WriterGone(RuntimeError):
    """The writer process ended with this operation in its hands: outcome unknown."""


def store_spec(store: Store) -> StoreSpec:
    if store.dialect == "sqlite":
        if store.path is None:
            raise ValueError("a writer process needs the SQLite store's file")
        return ("sqlite", str(store.path))
    return ("url", store.engine.url.render_as_string(hide_password=False))


class WriterProcess:
    """``run(call)`` as :class:`GroupCommit` has it, done in a child process."""

    def __init__(self, store: Store, max_group: int = MAX_GROUP) -> None:
        self._spec = store_spec(store)
        self.max_group = max_group
        self.groups = 0  # groups written, for the curious (and the tests)
        self.largest = 0
        self._ids = itertools.count()
        self._pending: dict[int, _Pending] = {}
        # Two locks: the answers' reader takes only the first, so it never
        # waits behind a request blocked on a full pipe (which only it drains).
        self._lock = threading.Lock()  # _pending, and which child is current
        self._send_lock = threading.Lock()  # the pipe's sending end
        self._conn: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self._stopping = False

    @property
    def pid(self) -> int | None:
        """The child's process id, while it runs."""
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        with self._lock:
            self._start_locked()

    def _start_locked(self) -> None:
        if self._conn is not None or self._stopping:
            return
        # spawn, not fork: the server has threads (and a test process has Qt);
        # a fresh interpreter inherits none of their locks.
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(
            target=child_main,
            args=(self._spec, theirs, self.max_group),
            name="boxoffice-writer",
            daemon=True,  # ends with the server, even one stopped without stop()
        )
        process.start()
        theirs.close()
        self._conn, self._process = ours, process
        threading.Thread(
            target=self._read, args=(ours, process), name="writer-answers", daemon=True
        ).start()

    async def run(self, call: Call) -> Any:
        """Run ``call`` in one of the child's next groups; its result, or what it raised."""
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[Outcome] = loop.create_future()
        key = next(self._ids)
        with self._lock:
            self._start_locked()
            conn = self._conn
            if conn is None:
                raise WriterGone("the central store is stopping")
            self._pending[key] = (loop, answer)
        try:
            with self._send_lock:
                conn.send((key, call))
        except (OSError, ValueError) as exc:  # the child is gone; the next request starts one
            with self._lock:
                self._pending.pop(key, None)
            raise WriterGone("the writer process is not running") from exc
        outcome = await answer
        if outcome.error is not None:
            raise outcome.error
        return outcome.result

    def stop(self) -> None:
        """Let the child finish what it has, then end it."""
        with self._lock:
            self._stopping = True
            conn, process = self._conn, self._process
        if conn is None or process is None:
            return
        with contextlib.suppress(OSError, ValueError), self._send_lock:
            conn.send(None)
        process.join(timeout=30)
        if process.is_alive():
            process.terminate()
            process.join(timeout=5)

    def _read(self, conn: Connection, process: multiprocessing.process.BaseProcess) -> None:
        """The answers of one child, handed to their requests until it ends."""
        while True:
            try:
                answers: list[tuple[int, Outcome]] = conn.recv()
            except (EOFError, OSError):
                break
            self.groups += 1
            self.largest = max(self.largest, len(answers))
            for key, outcome in answers:
                with self._lock:
                    waiting = self._pending.pop(key, None)
                if waiting is not None:
                    _hand_over(waiting, outcome)
        process.join(timeout=5)
        with self._lock:
            if self._conn is conn:
                self._conn = self._process = None
            stranded, self._pending = self._pending, {}
            stopping = self._stopping
        conn.close()
        if not stopping:
            log.error(
                "the writer process ended (exit code %s); %d operations in it answered as a fault",
                process.exitcode,
                len(stranded),
            )
        gone = WriterGone("the writer process ended before answering")
        for waiting in stranded.values():
            _hand_over(waiting, Outcome(error=gone))


def _hand_over(waiting: _Pending, outcome: Outcome) -> None:
    loop, answer = waiting

    def settle() -> None:
        if not answer.done():  # a request whose client went away was cancelled
            answer.set_result(outcome)

    with contextlib.suppress(RuntimeError):  # that loop has closed (the server stopped)
        loop.call_soon_threadsafe(settle)


# --- The child ---------------------------------------------------------------------


def open_store(spec: StoreSpec) -> Store:
    """The store the server opened (and migrated), opened again in the child."""
    kind, where = spec
    if kind == "sqlite":
        path = Path(where)
        return Store(create_sqlite_engine(path), path, create_sqlite_engine(path, writer=False))
    return Store.connect(where)


def child_main(spec: StoreSpec, conn: Connection, max_group: int) -> None:
    # Ctrl-C in a terminal reaches the whole process group: the server stops
    # the writer itself (stop(), or by closing the pipe) once its requests
    # are answered, and the writer must not die under them first.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s writer %(name)s: %(message)s"
    )
    store = open_store(spec)
    writer = GroupCommit(store, max_group)

    def waiting() -> Any:
        return conn.recv() if conn.poll() else NOTHING

    try:
        while True:
            try:
                group, stopping = take_group(conn.recv, waiting, max_group)
            except (EOFError, OSError):
                break  # the server is gone
            if group:
                try:
                    outcomes = writer.run_calls([call for _, call in group])
                except BaseException as exc:
                    log.exception("a group of operations could not be run")
                    outcomes = [Outcome(error=exc) for _ in group]
                conn.send(
                    [(key, _portable(o)) for (key, _), o in zip(group, outcomes, strict=True)]
                )
            if stopping:
                break
    finally:
        writer.close_connection()
        store.close()


def _portable(outcome: Outcome) -> Outcome:
    """The outcome, or, if its error cannot cross the pipe, a fault saying what it was."""
    if outcome.error is None:
        return outcome
    try:
        pickle.dumps(outcome.error)
    except Exception:
        log.error("an error could not be sent to the server", exc_info=outcome.error)
        return Outcome(error=RuntimeError(repr(outcome.error)))
    return outcome
