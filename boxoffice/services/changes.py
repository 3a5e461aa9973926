"""The change feed: what other windows need to repaint, in commit order.

A naive cursor over an auto-increment id skips rows: transaction A takes id 5,
B takes id 6 and commits first, a reader sees 6 and moves its cursor past 5,
which then commits and is never read. Here every writing transaction takes its
sequence numbers from the single ``change_counter`` row with an UPDATE; the row
stays locked until that transaction ends, so the next writer gets later
numbers only after it, and numbers become visible in order, without gaps.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, bindparam, column, insert, select, text, update
from sqlalchemy.orm import Session as OrmSession

from ..clock import ensure_aware, now
from ..db.models import Change, ChangeCounter, table_of
from ..db.pipeline import Query, read_together
from . import audit_chain
from .base import UnitOfWork, service

MAX_BATCH = 1000
_DEFERRED = "boxoffice.deferred_changes"
# Built once: the store-wide section of a transaction starts here, so it is kept lean.
_COUNTER = table_of(ChangeCounter)
_BUMP = (
    update(_COUNTER)
    .where(_COUNTER.c.id == 1)
    .values(last=_COUNTER.c.last + bindparam("n"))
    .returning(_COUNTER.c.last)
)
_INSERT = insert(table_of(Change))


def defer(session: OrmSession) -> None:
    """Keep this transaction's changes until :func:`write_deferred` (its last step).
    Deferring again keeps what is already kept (operations grouped in one transaction)."""
    session.info.setdefault(_DEFERRED, [])


def deferred_count(session: OrmSession) -> int:
    """How many changes are kept so far (a mark for :func:`forget_deferred_after`)."""
    return len(session.info.get(_DEFERRED, ()))


def forget_deferred_after(session: OrmSession, mark: int) -> None:
    """Drop the changes kept after ``mark``: their operation was rolled back to a savepoint."""
    pending: list[dict[str, Any]] | None = session.info.get(_DEFERRED)
    if pending is not None:
        del pending[mark:]


def record(
    session: OrmSession,
    kind: str,
    *,
    session_id: str | None,
    entity_id: str,
    payload: dict[str, Any],
) -> int | None:
    """Append one change in the current transaction. Inside a service the row is
    written at the end (:func:`write_deferred`; None then); otherwise at once
    (its sequence number), and then best last in the transaction, since the
    counter row stays locked until commit."""
    row = {
        "at": now(),
        "kind": kind,
        "session_id": session_id,
        "entity_id": entity_id,
        "payload": json.dumps(payload, ensure_ascii=False, sort_keys=True),
    }
    pending: list[dict[str, Any]] | None = session.info.get(_DEFERRED)
    if pending is not None:
        pending.append(row)
        return None
    return _write(session, [row])[0]


def has_deferred(session: OrmSession) -> bool:
    """Whether this transaction keeps changes for :func:`write_deferred`."""
    return bool(session.info.get(_DEFERRED))


def write_deferred(session: OrmSession, then: Sequence[Query] = ()) -> list[list[Any]]:
    """Write the changes kept by :func:`defer` (one counter update with one
    insert), then read ``then``: on PostgreSQL in the same round trip, each read
    starting once the counter's row lock is held. The rows of each read."""
    pending: list[dict[str, Any]] | None = session.info.pop(_DEFERRED, None)
    if pending:
        return _write(session, pending, then)[1]
    return read_together(session.connection(), then) if then else []


_BUMP_AND_INSERT = text(
    "WITH c AS (UPDATE change_counter SET last = last + :n WHERE id = 1 RETURNING last), "
    "i AS (INSERT INTO change_feed (seq, at, kind, session_id, entity_id, payload) "
    "SELECT c.last - :n + r.n, r.at, r.kind, r.session_id, r.entity_id, r.payload FROM c, "
    "unnest(CAST(:ats AS timestamptz[]), CAST(:kinds AS text[]), CAST(:sessions AS text[]), "
    "CAST(:entities AS text[]), CAST(:payloads AS text[])) "
    "WITH ORDINALITY AS r(at, kind, session_id, entity_id, payload, n)) "
    "SELECT last FROM c"
).columns(column("last", BigInteger))
"""PostgreSQL: the counter taken and the rows written in one round trip. The
insert reads nothing but the counter row it has just locked, so it needs no
later snapshot."""


def _write(
    session: OrmSession, rows: list[dict[str, Any]], then: Sequence[Query] = ()
) -> tuple[int, list[list[Any]]]:
    """Number ``rows`` and write them; the last number, and the rows of ``then``."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        bump = {
            "n": len(rows),
            "ats": [ensure_aware(row["at"]) for row in rows],
            "kinds": [row["kind"] for row in rows],
            "sessions": [row["session_id"] for row in rows],
            "entities": [row["entity_id"] for row in rows],
            "payloads": [row["payload"] for row in rows],
        }
        bumped, *found = read_together(conn, [(_BUMP_AND_INSERT, bump), *then])
        last = int(bumped[0][0])
    else:
        last = int(conn.execute(_BUMP, {"n": len(rows)}).scalar_one())
        first = last - len(rows) + 1
        conn.execute(_INSERT, [{**row, "seq": first + i} for i, row in enumerate(rows)])
        found = read_together(conn, then) if then else []
    session.info[audit_chain.COUNTER_LOCKED] = True  # and with it the audit chain's lock
    return last, found


@dataclass(frozen=True)
class ChangeRow:
    seq: int
    at: datetime
    kind: str
    session_id: str | None
    entity_id: str
    payload_json: str  # as stored: written by record() with json.dumps

    @property
    def payload(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.payload_json)
        return value


@dataclass(frozen=True)
class ChangeBatch:
    changes: tuple[ChangeRow, ...]
    cursor: int
    more: bool


_FEED = table_of(Change)
_READ = (
    select(
        _FEED.c.seq,
        _FEED.c.at,
        _FEED.c.kind,
        _FEED.c.session_id,
        _FEED.c.entity_id,
        _FEED.c.payload,
    )
    .where(_FEED.c.seq > bindparam("b_cursor"))
    .order_by(_FEED.c.seq)
    .limit(bindparam("b_limit"))
)
"""Rows, not ORM objects: every window reads every change, many times a second."""


def read_after(session: OrmSession, cursor: int, limit: int = MAX_BATCH) -> ChangeBatch:
    statement, params = read_query(cursor, limit)
    return batch_of(session.connection().execute(statement, params).all(), cursor, limit)


def read_query(cursor: int, limit: int = MAX_BATCH) -> Query:
    """What :func:`read_after` reads (one row more than ``limit``: whether there is
    more), for a caller that sends it with other reads; :func:`batch_of` makes
    the batch of its rows."""
    return (_READ, {"b_cursor": cursor, "b_limit": _clamp(limit) + 1})


def batch_of(rows: Sequence[Any], cursor: int, limit: int = MAX_BATCH) -> ChangeBatch:
    limit = _clamp(limit)
    more = len(rows) > limit
    rows = rows[:limit]
    return ChangeBatch(
        tuple(ChangeRow(*row) for row in rows),
        rows[-1][0] if rows else cursor,
        more,
    )


def _clamp(limit: int) -> int:
    return max(1, min(limit, MAX_BATCH))


def change_json(change: ChangeRow) -> str:
    """One change as the feed sends it, built around its stored JSON text: every
    window reads every change, and none of them needs the store to parse and
    re-encode its payload."""

    def text(value: str | None) -> str:
        return json.dumps(value, ensure_ascii=False)

    return (
        f'{{"seq":{change.seq},"at":{text(change.at.isoformat())},"kind":{text(change.kind)},'
        f'"session_id":{text(change.session_id)},"entity_id":{text(change.entity_id)},'
        f'"payload":{change.payload_json}}}'
    )


def feed_json(batch: ChangeBatch) -> str:
    """The batch as ``GET /api/v1/changes`` sends it."""
    return page_json([change_json(c) for c in batch.changes], batch.cursor, batch.more)


def page_json(changes: Sequence[str], cursor: int, more: bool) -> str:
    """A page of the feed from its changes' JSON (:func:`change_json`)."""
    return f'{{"cursor":{cursor},"more":{"true" if more else "false"},"changes":[{",".join(changes)}]}}'


@service(None, audited=False)
def list_changes(uow: UnitOfWork, cursor: int = 0, limit: int = MAX_BATCH) -> ChangeBatch:
    """Changes with a sequence number above ``cursor``, oldest first."""
    return read_after(uow.session, cursor, limit)
