"""Statements sent to PostgreSQL together: one round trip for many.

Each statement sent alone costs a round trip to the server and back (on this
kind of machine 0.2–0.4 ms of waiting, more than the statement's own work),
and a group commit of holds and sales is a chain of them: who the callers
are, the seats, the holds, the order numbers, the session and its prices, the
ticket types, then the writes. Most of those reads do not depend on each
other, and no write's result is read, so on PostgreSQL they go out in
pipelines (libpq's pipeline mode through psycopg): the server runs the
statements in order, exactly as if sent one by one (under READ COMMITTED each
still takes its snapshot when it starts), and the client waits once.

* :func:`sent_together`: writes whose results nobody reads, run as usual
  through SQLAlchemy inside the block (which sees no rows until the pipeline
  is synced, so nothing in the block may read a result).
* :func:`read_together`: several SELECTs, each answered with its rows.
* :func:`write_later`: writes held back to go with the next reads sent
  together (a group commit's holds' writes with its sales' reads).

An error in any statement is raised as SQLAlchemy would have raised it (its
own exception types; a lost connection invalidated, so that its owner takes a
new one), and the transaction is then aborted as after any failed statement.
On SQLite (in process: no round trip to save) statements simply run one after
the other.
"""

from __future__ import annotations

import re
from collections import OrderedDict, namedtuple
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import Select, TextualSelect

Statement = Select[*tuple[Any, ...]] | TextualSelect
Query = tuple[Statement, Mapping[str, Any]]
"""A SELECT and its parameters, as ``Connection.execute`` takes them."""


@contextmanager
def sent_together(conn: Connection) -> Iterator[None]:
    """Statements run on ``conn`` in this block are sent in one round trip
    (after any writes held back by :func:`write_later`)."""
    if conn.dialect.name != "postgresql":
        yield
        return
    with _pipeline(conn):
        _run_held_back(conn)
        yield


# Writes held back per connection, until the next statements sent together.
_HELD_BACK: WeakKeyDictionary[Connection, list[Callable[[], None]]] = WeakKeyDictionary()


def write_later(conn: Connection, write: Callable[[], None]) -> None:
    """Run ``write`` (statements whose results nobody reads) with the next
    :func:`read_together` on ``conn``, in its round trip: a batch's writes go
    with the next batch's reads, which then see them (PostgreSQL runs a
    pipeline's statements in order). Whoever holds writes back sends them
    (:func:`send_held_back`) before any other statement that must see them and
    before committing, and drops them (:func:`drop_held_back`) if the
    transaction fails. On SQLite ``write`` runs at once."""
    if conn.dialect.name != "postgresql":
        write()
        return
    _HELD_BACK.setdefault(conn, []).append(write)


def send_held_back(conn: Connection) -> None:
    """Send the writes held back on ``conn`` now, in one round trip."""
    if _HELD_BACK.get(conn):
        with _pipeline(conn):
            _run_held_back(conn)


def drop_held_back(conn: Connection) -> None:
    """Forget the writes held back on ``conn`` (its transaction is rolled back)."""
    _HELD_BACK.pop(conn, None)


def _run_held_back(conn: Connection) -> None:
    for write in _HELD_BACK.pop(conn, ()):
        write()


def read_together(conn: Connection, queries: Sequence[Query]) -> list[list[Any]]:
    """The rows of each query (tuples that also name their columns, like
    SQLAlchemy's rows), the queries sent in one round trip on PostgreSQL."""
    if conn.dialect.name != "postgresql":
        return [list(conn.execute(stmt, params)) for stmt, params in queries]
    if not conn.in_transaction():
        conn.begin()  # as execute() would: the caller commits or rolls back as usual
    prepared = [(_prepare(stmt, conn.dialect), params) for stmt, params in queries]
    fairy = conn.connection
    driver = fairy.driver_connection
    assert driver is not None
    cursors = []
    try:
        with _pipeline(conn):
            _run_held_back(conn)
            for statement, params in prepared:
                cursor = driver.cursor()
                cursors.append(cursor)
                cursor.execute(statement.sql, statement.arguments(params))
        return [
            statement.rows(cursor.fetchall())
            for (statement, _), cursor in zip(prepared, cursors, strict=True)
        ]
    finally:
        for cursor in cursors:
            cursor.close()


@contextmanager
def _pipeline(conn: Connection) -> Iterator[None]:
    driver = conn.connection.driver_connection
    assert driver is not None
    dbapi = conn.dialect.loaded_dbapi
    try:
        with driver.pipeline():
            yield
    except dbapi.Error as exc:
        # What SQLAlchemy raises for a failed statement: its own exception type
        # (IntegrityError, OperationalError…), and a dead connection invalidated
        # so that its owner takes a new one.
        lost = conn.dialect.is_disconnect(exc, driver, None)
        if lost:
            conn.invalidate(exc)
        raise DBAPIError.instance(
            "(statements sent together)",
            None,
            exc,
            dbapi.Error,
            connection_invalidated=lost,
            dialect=conn.dialect,
        ) from exc


# --- A SELECT compiled once, sent past SQLAlchemy's execution ---------------------

Processor = Callable[[Any], Any] | None

# "col IN (__[POSTCOMPILE_name])", SQLAlchemy's placeholder for a list that it
# expands at each execution into one parameter per item: sent instead as one
# array parameter, so the statement's text is the same whatever the list's
# length (and the server prepares it once).
_EXPANDING = re.compile(r"IN \(__\[POSTCOMPILE_(\w+)\]\)")


@dataclass(frozen=True)
class _Prepared:
    sql: str
    defaults: dict[str, Any]  # parameters the statement carries itself (a LIMIT, say)
    binds: dict[str, Processor]  # what SQLAlchemy would do to each value sent
    lists: frozenset[str]  # parameters that are lists (sent as arrays)
    row: Callable[..., tuple[Any, ...]]
    results: tuple[Processor, ...]  # what SQLAlchemy would do to each value read

    def arguments(self, params: Mapping[str, Any]) -> dict[str, Any]:
        values = {**self.defaults, **params}
        for name, process in self.binds.items():
            if process is None or name not in values:
                continue
            value = values[name]
            values[name] = [process(v) for v in value] if name in self.lists else process(value)
        return values

    def rows(self, fetched: list[tuple[Any, ...]]) -> list[Any]:
        if any(p is not None for p in self.results):
            fetched = [
                tuple(v if p is None else p(v) for p, v in zip(self.results, r, strict=True))
                for r in fetched
            ]
        return [self.row(*r) for r in fetched]


_PREPARED: OrderedDict[tuple[int, str], tuple[Statement, _Prepared]] = OrderedDict()
_KEEP = 128  # statements kept compiled (the hot path's are a dozen)


def _prepare(stmt: Statement, dialect: Dialect) -> _Prepared:
    key = (id(stmt), dialect.name)
    found = _PREPARED.get(key)
    if found is not None and found[0] is stmt:
        _PREPARED.move_to_end(key)
        return found[1]
    compiled = stmt.compile(dialect=dialect)
    lists = frozenset(n for n, b in compiled.binds.items() if b.expanding)
    sql = _EXPANDING.sub(r"= ANY(%(\1)s)", compiled.string)
    if "POSTCOMPILE" in sql:
        raise ValueError(f"a list parameter read_together cannot send: {sql}")
    columns = list(stmt.selected_columns)
    prepared = _Prepared(
        sql=sql,
        defaults={n: b.value for n, b in compiled.binds.items() if not b.required},
        binds={n: b.type.bind_processor(dialect) for n, b in compiled.binds.items()},
        lists=lists,
        row=namedtuple("Row", [c.key or f"c{i}" for i, c in enumerate(columns)], rename=True),
        results=tuple(c.type.result_processor(dialect, None) for c in columns),
    )
    _PREPARED[key] = (stmt, prepared)
    if len(_PREPARED) > _KEEP:
        _PREPARED.popitem(last=False)
    return prepared
