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
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session as OrmSession

from ..clock import now
from ..db.models import Change, ChangeCounter
from .base import UnitOfWork, service

MAX_BATCH = 1000


def record(
    session: OrmSession,
    kind: str,
    *,
    session_id: str | None,
    entity_id: str,
    payload: dict[str, Any],
) -> int:
    """Append one change in the current transaction; best called last in it,
    since the counter row stays locked until commit."""
    seq = session.execute(
        update(ChangeCounter)
        .where(ChangeCounter.id == 1)
        .values(last=ChangeCounter.last + 1)
        .returning(ChangeCounter.last)
    ).scalar_one()
    session.add(
        Change(
            seq=seq,
            at=now(),
            kind=kind,
            session_id=session_id,
            entity_id=entity_id,
            payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
        )
    )
    return int(seq)


@dataclass(frozen=True)
class ChangeRow:
    seq: int
    at: datetime
    kind: str
    session_id: str | None
    entity_id: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class ChangeBatch:
    changes: tuple[ChangeRow, ...]
    cursor: int
    more: bool


def read_after(session: OrmSession, cursor: int, limit: int = MAX_BATCH) -> ChangeBatch:
    limit = max(1, min(limit, MAX_BATCH))
    rows = list(
        session.scalars(
            select(Change).where(Change.seq > cursor).order_by(Change.seq).limit(limit + 1)
        )
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return ChangeBatch(
        tuple(
            ChangeRow(c.seq, c.at, c.kind, c.session_id, c.entity_id, json.loads(c.payload))
            for c in rows
        ),
        rows[-1].seq if rows else cursor,
        more,
    )


@service(None, audited=False)
def list_changes(uow: UnitOfWork, cursor: int = 0, limit: int = MAX_BATCH) -> ChangeBatch:
    """Changes with a sequence number above ``cursor``, oldest first."""
    return read_after(uow.session, cursor, limit)
