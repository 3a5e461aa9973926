"""Running an operation once per key, however often it is sent.

Terminals mint a UUIDv7 for every operation and resend it with the same key
until they hear an answer. The store keeps every key with a hash of its
request and the answer it gave (success or refusal) for good, so a replay
after days offline gets the same answer, and the same key with a different
request is refused. While the first attempt is still running, a second one
is told to come back later instead of waiting or running twice.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast

from sqlalchemy import Boolean, bindparam, column, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession

from ..clock import now
from ..db.models import IdempotencyRecord, table_of
from ..db.pipeline import read_together
from ..db.store import Store
from ..errors import (
    AuthenticationFailed,
    BoxOfficeError,
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from ..i18n import QT_TRANSLATE_NOOP

R = TypeVar("R")

_REPLAYABLE: dict[str, type[BoxOfficeError]] = {
    "ValidationError": ValidationError,
    "NotFound": NotFound,
    "Conflict": Conflict,
}


class InFlight(Conflict):
    """The same operation is being carried out right now; try again shortly."""


class KeyReused(Conflict):
    """The key was used before for a different request."""


_PLAIN = (str, int, float, type(None))


def _canonical(value: Any) -> Any:
    """The request as JSON would hold it: dataclasses as dicts of their fields,
    tuples as lists, keys as text. Every sale is hashed in the writer's one
    turn, so plain values go first and a dataclass is walked once (not copied
    by ``dataclasses.asdict`` and walked again). The hashes of the keys
    recorded so far must not change: a test checks against the old form."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def request_hash(operation: str, request: dict[str, Any]) -> str:
    body = json.dumps(
        [operation, _canonical(request)], sort_keys=True, ensure_ascii=False, default=str
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class Recorded(Protocol):
    """What a replay needs of a record: a stored row or an ORM object."""

    @property
    def request_hash(self) -> str: ...
    @property
    def status_code(self) -> int: ...
    @property
    def response(self) -> str: ...


_FIND = select(
    IdempotencyRecord.request_hash, IdempotencyRecord.status_code, IdempotencyRecord.response
).where(IdempotencyRecord.key == bindparam("b_key"))
_RECORD = insert(table_of(IdempotencyRecord))


def find(session: OrmSession, key: str) -> Recorded | None:
    """The record of ``key`` in this transaction (a row: no ORM object to build)."""
    row: Recorded | None = session.connection().execute(_FIND, {"b_key": key}).first()
    return row


_FIND_MANY = select(
    IdempotencyRecord.key,
    IdempotencyRecord.request_hash,
    IdempotencyRecord.status_code,
    IdempotencyRecord.response,
).where(IdempotencyRecord.key.in_(bindparam("b_keys", expanding=True)))


def find_many(session: OrmSession, keys: list[str]) -> dict[str, Recorded]:
    """The records of those ``keys`` that have one, in one statement."""
    if not keys:
        return {}
    rows = session.connection().execute(_FIND_MANY, {"b_keys": sorted(set(keys))})
    return {row.key: row for row in rows}


def add(session: OrmSession, record: IdempotencyRecord) -> None:
    """Write ``record`` now (so a later operation of the transaction finds it)."""
    add_many(session, [record])


def add_many(session: OrmSession, records: list[IdempotencyRecord]) -> None:
    """Write ``records`` now, in one statement."""
    if not records:
        return
    at = now()
    session.connection().execute(
        _RECORD,
        [
            {
                "key": r.key,
                "operation": r.operation,
                "request_hash": r.request_hash,
                "status_code": r.status_code,
                "response": r.response,
                "created_at": at,
            }
            for r in records
        ],
    )


def _replay(record: Recorded, digest: str) -> Any:
    if record.request_hash != digest:
        raise KeyReused(
            QT_TRANSLATE_NOOP("core", "This operation id was already used for a different request.")
        )
    answer = json.loads(record.response)
    if record.status_code == 200:
        return answer["result"]
    error = answer["error"]
    kind = _REPLAYABLE.get(error["kind"], Conflict)
    raise kind(error["message"], **error["params"])


def once(
    store: Store,
    operation: str,
    key: str,
    request: dict[str, Any],
    run: Callable[[OrmSession], tuple[R, Callable[[], None]]],
    check: Callable[[OrmSession], None] | None = None,
) -> R:
    """Run ``run`` once for ``key``, or replay the answer recorded for it.

    ``check`` (the caller's permission) runs first: someone refused the
    operation learns nothing from a recorded answer.

    ``run`` returns its result and a ``finish`` step (the unit of work's
    deferred audit and change rows), which is called after the record is
    added, so the transaction's store-wide locks come last."""
    digest = request_hash(operation, request)
    try:
        with store.transaction() as session:
            if session.get_bind().dialect.name == "postgresql" and not try_lock(session, [key]):
                raise in_flight()
            if check is not None:
                check(session)
            record = session.get(IdempotencyRecord, key)
            if record is not None:
                return cast(R, _replay(record, digest))
            result, finish = run(session)
            session.add(success_record(operation, key, digest, result))
            session.flush()
            finish()
            return result
    except (InFlight, KeyReused, PermissionDenied, AuthenticationFailed):
        raise  # not the operation's answer: nothing to remember
    except BoxOfficeError as refused:
        _remember_refusal(store, operation, key, digest, refused)
        raise


def in_flight() -> InFlight:
    return InFlight(
        QT_TRANSLATE_NOOP("core", "This operation is being processed. Try again shortly.")
    )


_TRY_LOCK = text(
    "SELECT pg_try_advisory_xact_lock(hashtextextended(k, 0)) AS taken "
    "FROM unnest(CAST(:keys AS text[])) WITH ORDINALITY AS t(k, n) ORDER BY n"
).columns(column("taken", Boolean))


def try_lock(session: OrmSession, keys: list[str]) -> int:
    """PostgreSQL: take each key's transaction lock, in order, without waiting;
    how many were taken before the first that another transaction holds."""
    taken = 0
    for ok in try_lock_each(session, keys):
        if not ok:
            break
        taken += 1
    return taken


def lock_and_find(session: OrmSession, keys: list[str]) -> tuple[list[bool], dict[str, Recorded]]:
    """For each key, whether this transaction has it (on PostgreSQL: its
    transaction lock, tried without waiting; SQLite writes one at a time), and
    the records of the keys it has. On PostgreSQL the lock and the lookup are
    two statements sent together: the lookup starts, and takes its snapshot,
    once the locks are taken, so it sees a record committed by whoever held a
    key before (one statement for both would not: its snapshot would predate
    the lock it waited for)."""
    if not keys:
        return [], {}
    if session.get_bind().dialect.name != "postgresql":
        return [True] * len(keys), find_many(session, keys)
    taken, found = read_together(
        session.connection(),
        [(_TRY_LOCK, {"keys": keys}), (_FIND_MANY, {"b_keys": sorted(set(keys))})],
    )
    locked = [bool(row[0]) for row in taken]
    mine = {k for k, ok in zip(keys, locked, strict=True) if ok}
    return locked, {row.key: row for row in found if row.key in mine}


def try_lock_each(session: OrmSession, keys: list[str]) -> list[bool]:
    """PostgreSQL: try to take each key's transaction lock without waiting
    (one statement); for each key, whether this transaction has it."""
    if not keys:
        return []
    return [bool(ok) for ok in session.execute(_TRY_LOCK, {"keys": keys}).scalars()]


def success_record(operation: str, key: str, digest: str, result: Any) -> IdempotencyRecord:
    return IdempotencyRecord(
        key=key,
        operation=operation,
        request_hash=digest,
        status_code=200,
        response=json.dumps({"result": result}, ensure_ascii=False, default=str),
    )


def refusal_record(
    operation: str, key: str, digest: str, refused: BoxOfficeError
) -> IdempotencyRecord:
    error = {
        "kind": type(refused).__name__ if type(refused).__name__ in _REPLAYABLE else "Conflict",
        "message": refused.message,
        "params": {
            k: v if isinstance(v, int | str | float) else str(v) for k, v in refused.params.items()
        },
    }
    return IdempotencyRecord(
        key=key,
        operation=operation,
        request_hash=digest,
        status_code=409,
        response=json.dumps({"error": error}, ensure_ascii=False),
    )


def remembered(refused: BoxOfficeError) -> bool:
    """Whether a refusal is the operation's answer for good (recorded and replayed)."""
    return not isinstance(refused, InFlight | KeyReused | PermissionDenied | AuthenticationFailed)


def replay(record: Recorded, digest: str) -> Any:
    """The recorded answer: the result, or the recorded refusal raised again."""
    return _replay(record, digest)


def _remember_refusal(
    store: Store, operation: str, key: str, digest: str, refused: BoxOfficeError
) -> None:
    """A refusal is an answer too: a replay must not sell what was refused before."""
    try:
        with store.transaction() as session:
            if session.get(IdempotencyRecord, key) is None:
                session.add(refusal_record(operation, key, digest, refused))
    except IntegrityError:
        pass  # a concurrent attempt recorded its answer first; that one stands
