"""The central process's writer for holds and sales: one thread, groups of requests.

The two requests every sale makes (``POST /holds``, ``POST /orders``) do not
each take a thread of the pool and a transaction of their own. Their handlers
(on the event loop) put the operation here and wait; one thread takes every
operation waiting, runs them as one group (``boxoffice.services.group``: one
transaction, a savepoint each, each caller checked inside it) and hands each
answer back to its request. Nothing is kept between groups, so several central
processes can still serve one PostgreSQL database.

One thread per process is enough: on SQLite writers take turns anyway, and
while a group is being written the next one gathers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from boxoffice.db.store import Store
from boxoffice.services.group import Call, Outcome, run_group

log = logging.getLogger(__name__)

MAX_GROUP = 64
"""Operations in one transaction at most (the rest wait for the next group)."""

_Waiting = tuple[Call, asyncio.AbstractEventLoop, "asyncio.Future[Outcome]"]
T = TypeVar("T")


class GroupCommit:
    def __init__(self, store: Store, max_group: int = MAX_GROUP) -> None:
        self.store = store
        self.max_group = max_group
        self.groups = 0  # groups written, for the curious (and the tests)
        self.largest = 0
        self._queue: queue.SimpleQueue[_Waiting | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._conn: Connection | None = None  # the writer thread's own

    async def run(self, call: Call) -> Any:
        """Run ``call`` in the next group; its result, or what it raised."""
        self._ensure_started()
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[Outcome] = loop.create_future()
        self._queue.put((call, loop, answer))
        outcome = await answer
        if outcome.error is not None:
            raise outcome.error
        return outcome.result

    def stop(self) -> None:
        """Finish the operations already waiting, then end the thread."""
        with self._start_lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout=30)

    def start(self) -> None:
        """Start the writer (the app's lifespan does; else the first request)."""
        self._ensure_started()

    def _ensure_started(self) -> None:
        # Started by the first request, not only by the app's lifespan: an app
        # served without one (a test client) must not hang its holds.
        if self._thread is None:
            with self._start_lock:
                if self._thread is None:
                    self._thread = threading.Thread(
                        target=self._work, name="group-commit", daemon=True
                    )
                    self._thread.start()

    def _work(self) -> None:
        while True:
            group, stopping = take_group(self._queue.get, self._queue.get_nowait, self.max_group)
            if group:
                try:
                    outcomes = self.run_calls([call for call, _, _ in group])
                except (
                    BaseException
                ) as exc:  # run_group answers faults itself; never strand a request
                    log.exception("a group of operations could not be run")
                    outcomes = [Outcome(error=exc) for _ in group]
                self.groups += 1
                self.largest = max(self.largest, len(group))
                for (_, loop, answer), outcome in zip(group, outcomes, strict=True):
                    # RuntimeError: that request's loop has closed (the server stopped).
                    with contextlib.suppress(RuntimeError):
                        loop.call_soon_threadsafe(_settle, answer, outcome)
            if stopping:
                break
        self.close_connection()

    def close_connection(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None

    def run_calls(self, calls: list[Call]) -> list[Outcome]:
        """The group on the writer's own connection (kept checked out: no pool
        checkout and ping per group). If that connection turns out dead (the
        database restarted), the calls it failed run again on fresh ones from
        the pool: none of them committed, or a sale's replay answers it."""
        if self._conn is None:
            self._conn = self.store.engine.connect()
        outcomes = run_group(self.store, calls, self._conn)
        lost = [i for i, o in enumerate(outcomes) if _connection_lost(o.error)]
        if lost:
            log.warning("the writer's database connection was lost; taking a new one")
            self.close_connection()
            for i, outcome in zip(
                lost, run_group(self.store, [calls[i] for i in lost]), strict=True
            ):
                outcomes[i] = outcome
        return outcomes


def take_group(
    wait: Callable[[], T | None], poll: Callable[[], T | None], most: int
) -> tuple[list[T], bool]:
    """The next group: one item waited for, then every item already waiting, up
    to ``most``; and whether a None (stop) came. ``poll`` raises queue.Empty or
    returns ``NOTHING`` when nothing waits."""
    first = wait()
    if first is None:
        return [], True
    group = [first]
    while len(group) < most:
        try:
            more = poll()
        except queue.Empty:
            break
        if more is NOTHING:
            break
        if more is None:
            return group, True
        group.append(more)
    return group, False


NOTHING: Any = object()
"""What a ``poll`` of :func:`take_group` returns when nothing waits."""


def _connection_lost(error: BaseException | None) -> bool:
    return isinstance(error, DBAPIError) and error.connection_invalidated


def _settle(answer: asyncio.Future[Outcome], outcome: Outcome) -> None:
    if not answer.done():  # a request whose client went away was cancelled
        answer.set_result(outcome)
