"""Client side of syncing with the central store (issue 3): outbox, change feed.

Qt-free, like the rest of the core."""
