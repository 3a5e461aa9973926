"""Following the central store's change feed, so the window repaints what others did.

The cursor (the last sequence number applied) lives in the local store's
``setting`` table under ``feed_cursor``, written only *after* the callback has
applied a batch. A crash between the two delivers that batch again on the
next start: delivery is at least once, so the callback must be idempotent
(repainting seat states is). The cursor only ever moves forward, and changes
at or below it are dropped before delivery, so a batch applied twice, or an
old cursor written late, never moves it back or re-delivers.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from boxoffice.db.models import Setting
from boxoffice.db.store import Store

from .client import CentralClient, FeedBatch

log = logging.getLogger(__name__)

CURSOR_KEY = "feed_cursor"
DEFAULT_LIMIT = 500
MAX_BATCHES = 1000
"""At most this many batches per :meth:`FeedFollower.follow_once`, so one call always ends."""


def read_cursor(store: Store) -> int:
    with store.reading() as session:
        raw = session.scalar(select(Setting.value).where(Setting.key == CURSOR_KEY))
    if raw is None:
        return 0
    value = json.loads(raw)
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else 0


def advance_cursor(store: Store, cursor: int) -> int:
    """Store ``cursor`` if it is ahead of the stored one; returns the stored cursor."""
    with store.transaction() as session:
        row = session.get(Setting, CURSOR_KEY)
        current = json.loads(row.value) if row is not None else 0
        if not isinstance(current, int) or isinstance(current, bool):
            current = 0
        if cursor <= current:
            return current
        if row is None:
            session.add(Setting(key=CURSOR_KEY, value=json.dumps(cursor)))
        else:
            row.value = json.dumps(cursor)
        return cursor


@dataclass(frozen=True)
class FollowReport:
    delivered: int  # changes handed to the callback
    batches: int
    cursor: int


class FeedFollower:
    """Pulls ``changes(after=cursor)`` until the feed says there is no more."""

    def __init__(
        self,
        store: Store,
        client: CentralClient,
        on_batch: Callable[[FeedBatch], object] | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
    ) -> None:
        self.store = store
        self.client = client
        self.on_batch = on_batch
        self.limit = limit

    @property
    def cursor(self) -> int:
        return read_cursor(self.store)

    def follow_once(self) -> FollowReport:
        """Catch up with the feed. Client errors (``Unreachable``, ``AuthExpired``)
        propagate with the cursor at the last batch applied."""
        cursor = read_cursor(self.store)
        delivered = batches = 0
        for _ in range(MAX_BATCHES):
            before = cursor
            batch = self.client.changes(after=cursor, limit=self.limit)
            fresh = tuple(c for c in batch.changes if c.seq > cursor)
            if fresh:
                batch = FeedBatch(fresh, max(batch.cursor, fresh[-1].seq), batch.more)
                if self.on_batch is not None:
                    self.on_batch(batch)
                delivered += len(fresh)
                batches += 1
            elif batch.cursor < cursor:
                log.warning(
                    "change feed cursor %s is ahead of the central store's %s; keeping it",
                    cursor,
                    batch.cursor,
                )
            if batch.cursor > cursor:
                cursor = advance_cursor(self.store, batch.cursor)
            if not batch.more or cursor <= before:  # done, or no progress: stop asking
                break
        return FollowReport(delivered, batches, cursor)
