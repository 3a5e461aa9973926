"""``GET /api/v1/changes``: the change feed, each change read once per process.

Every window follows the feed, twice a second, so every change is asked for
by every window: read from the database and turned into JSON sixteen times at
a venue with sixteen windows, about 600 changes a second during a sold-out
rush. But a change never changes once committed, and the changes a reader
sees are always the numbers 1..K without a gap (``boxoffice.services.changes``:
numbers are taken from one locked counter row and become visible in order).
So this process keeps the JSON of the latest changes it has read, in order,
and a window's page comes from there; the database is asked only for changes
newer than any this process has seen (and for old ones no longer kept, by a
window catching up after a day offline).

Nothing here is state in the sense that matters for several central
processes: each keeps its own copy of rows that are the same everywhere and
for good. The caller's credentials are still checked at every request, read
together with the new changes in one round trip.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from boxoffice.db.pipeline import read_together
from boxoffice.db.store import Store
from boxoffice.services import changes, credentials

KEEP = 50_000
"""Changes kept (their JSON: about 250 bytes each, some 12 MB)."""


class FeedCache:
    """The JSON of changes ``first``, ``first + 1``, … as the feed sends them."""

    def __init__(self, keep: int = KEEP) -> None:
        self._keep = keep
        self._lock = threading.Lock()  # requests run in the thread pool
        self._first = 1
        self._json: list[str] = []

    @property
    def last(self) -> int:
        """The newest change kept (``first - 1`` when none is)."""
        return self._first + len(self._json) - 1

    def after(self, cursor: int, limit: int) -> list[str]:
        """Up to ``limit`` kept changes right after ``cursor``; none unless the
        next one (``cursor + 1``) is kept."""
        with self._lock:
            start = cursor + 1 - self._first
            if start < 0 or start >= len(self._json):
                return []
            return self._json[start : start + limit]

    def add(self, cursor: int, json: Sequence[str]) -> None:
        """Keep changes ``cursor + 1``, ``cursor + 2``, … (as read from the store)."""
        if not json:
            return
        with self._lock:
            last = self.last
            if not self._json or cursor > last:  # none kept, or a gap: start again here
                self._first, self._json = cursor + 1, list(json)
            elif cursor + len(json) > last:  # overlaps the end: keep what is new
                self._json.extend(json[last - cursor :])
            else:  # older than, or already among, what is kept
                return
            if len(self._json) > self._keep:
                drop = len(self._json) - self._keep
                del self._json[:drop]
                self._first += drop


def page(
    store: Store,
    cache: FeedCache,
    caller: tuple[str, str, str],
    after: int,
    limit: int = changes.MAX_BATCH,
) -> bytes:
    """The feed's page after ``after`` for this caller (terminal id, key, staff
    token): its changes from ``cache`` as far as it has them, the newer ones
    read from the store and kept. Refuses an unknown caller as every endpoint
    does (AuthenticationFailed), before anything is answered."""
    terminal_id, key, token = caller
    after, limit = max(0, after), max(1, min(limit, changes.MAX_BATCH))
    kept = cache.after(after, limit)
    cursor = after + len(kept)
    with store.reader.connect() as conn:
        if conn.dialect.name == "postgresql":
            # Statements that are each their own snapshot: no BEGIN and ROLLBACK.
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        queries = [credentials.identity_query(terminal_id, token)]
        if len(kept) < limit:
            queries.append(changes.read_query(cursor, limit - len(kept)))
        found = read_together(conn, queries)
    credentials.actor_from_rows(terminal_id, key, found[0])  # every caller may follow the feed
    if len(kept) == limit:  # the page is full: the window asks again at once for the rest
        return changes.page_json(kept, cursor, more=True).encode()
    batch = changes.batch_of(found[1], cursor, limit - len(kept))
    new = [changes.change_json(c) for c in batch.changes]
    cache.add(cursor, new)
    return changes.page_json(kept + new, batch.cursor, batch.more).encode()
