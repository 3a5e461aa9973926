"""The hash chain under the audit log: appending and verifying links.

Each entry's hash covers its own fields and the previous entry's hash, so
changing or removing any entry in the middle breaks every link after it.
After a purge the chain starts from the anchor: the last removed entry's hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, insert, select
from sqlalchemy.orm import Session as OrmSession

from ..clock import ensure_aware
from ..db.models import AuditAnchor, AuditEntry, ChangeCounter, table_of
from ..db.pipeline import Query
from ..ids import new_id

GENESIS = "0" * 64

COUNTER_LOCKED = "boxoffice.change_counter_locked"
"""Set in a session's ``info`` once its transaction holds the change counter's
row lock (``changes``): on PostgreSQL that lock is also the audit chain's."""

_LOCK_CHAIN = select(ChangeCounter.last).where(ChangeCounter.id == 1).with_for_update()


@event.listens_for(OrmSession, "after_commit")
@event.listens_for(OrmSession, "after_soft_rollback")
def _lock_released(session: OrmSession, *_args: Any) -> None:
    # The lock ends with its transaction (and, on PostgreSQL, with a savepoint
    # rolled back after it was taken): the next transaction takes it again.
    session.info.pop(COUNTER_LOCKED, None)


def _lock_chain(session: OrmSession) -> None:
    """PostgreSQL: concurrent writers must not both extend the same link, so the
    chain is extended under the change counter's row lock, held to commit
    (SQLite's BEGIN IMMEDIATE does this there). A transaction that has written
    change rows holds it already: one round trip fewer for most writes."""
    if session.info.get(COUNTER_LOCKED) or session.get_bind().dialect.name != "postgresql":
        return
    session.connection().execute(_LOCK_CHAIN)
    session.info[COUNTER_LOCKED] = True


def entry_hash(
    prev_hash: str,
    entry_id: str,
    at: datetime,
    user_id: str | None,
    user_login: str,
    terminal_id: str | None,
    terminal_name: str,
    action: str,
    target_type: str,
    target_id: str,
    detail: str,
) -> str:
    fields = [
        prev_hash,
        entry_id,
        at.isoformat(timespec="microseconds"),
        user_id,
        user_login,
        terminal_id,
        terminal_name,
        action,
        target_type,
        target_id,
        detail,
    ]
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def chain_start(session: OrmSession) -> str:
    anchor = session.get(AuditAnchor, 1)
    return anchor.hash if anchor is not None else GENESIS


_LAST_HASH = select(AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
_INSERT = insert(table_of(AuditEntry))


def last_hash(session: OrmSession) -> str:
    return link_of(session, session.connection().execute(_LAST_HASH).all())


LAST_LINK: Query = (_LAST_HASH, {})
"""The chain's last hash, for a caller that reads it with other statements
(under the lock that :func:`append_many` takes); :func:`link_of` its rows."""


def link_of(session: OrmSession, rows: Sequence[Any]) -> str:
    """The hash the next entry links to, from :data:`LAST_LINK`'s rows."""
    return str(rows[0][0]) if rows else chain_start(session)


def append(
    session: OrmSession,
    *,
    at: datetime,
    user_id: str | None,
    user_login: str,
    terminal_id: str | None,
    terminal_name: str,
    action: str,
    target_type: str,
    target_id: str,
    detail: str,
) -> AuditEntry:
    # Microsecond precision is what the store round-trips; hash what is stored,
    # which is UTC: an entry given in another zone would fail verification.
    at = ensure_aware(at)
    _lock_chain(session)
    prev = last_hash(session)
    entry_id = new_id()
    entry = AuditEntry(
        id=entry_id,
        at=at,
        user_id=user_id,
        user_login=user_login,
        terminal_id=terminal_id,
        terminal_name=terminal_name,
        action=action,
        target_type=target_type,
        target_id=target_id,
        detail=detail,
        prev_hash=prev,
        hash=entry_hash(
            prev,
            entry_id,
            at,
            user_id,
            user_login,
            terminal_id,
            terminal_name,
            action,
            target_type,
            target_id,
            detail,
        ),
    )
    session.add(entry)
    session.flush()
    return entry


def append_many(
    session: OrmSession, entries: list[dict[str, Any]], *, after: str | None = None
) -> None:
    """Append entries (keyword arguments of :func:`append`, in order) with one
    lock, one read of the last hash and one insert: the store-wide part of a
    transaction stays short. ``after``: the last hash, read by the caller under
    the chain's lock (:data:`LAST_LINK`)."""
    if not entries:
        return
    session.flush()  # what the entries name (a new account, say) is written first
    if after is None:
        _lock_chain(session)
        after = last_hash(session)
    prev = after
    rows = []
    for entry in entries:
        at = ensure_aware(entry["at"])
        entry_id = new_id()
        digest = entry_hash(
            prev,
            entry_id,
            at,
            entry["user_id"],
            entry["user_login"],
            entry["terminal_id"],
            entry["terminal_name"],
            entry["action"],
            entry["target_type"],
            entry["target_id"],
            entry["detail"],
        )
        rows.append({**entry, "at": at, "id": entry_id, "prev_hash": prev, "hash": digest})
        prev = digest
    # One executemany; rows go in list order, so seq follows the chain.
    session.connection().execute(_INSERT, rows)


@dataclass(frozen=True)
class ChainReport:
    """The result of verifying the chain. ``broken_seq`` is the first bad entry."""

    ok: bool
    checked: int
    broken_seq: int | None = None
    broken_id: str | None = None
    reason: str = ""


def verify(session: OrmSession) -> ChainReport:
    expected_prev = chain_start(session)
    checked = 0
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).yield_per(1000):
        if entry.prev_hash != expected_prev:
            return ChainReport(False, checked, entry.seq, entry.id, "previous-hash mismatch")
        recomputed = entry_hash(
            entry.prev_hash,
            entry.id,
            entry.at,
            entry.user_id,
            entry.user_login,
            entry.terminal_id,
            entry.terminal_name,
            entry.action,
            entry.target_type,
            entry.target_id,
            entry.detail,
        )
        if recomputed != entry.hash:
            return ChainReport(
                False, checked, entry.seq, entry.id, "content does not match its hash"
            )
        expected_prev = entry.hash
        checked += 1
    return ChainReport(True, checked)
