"""How long to wait before trying an operation again: exponential backoff, full jitter.

After the n-th failed attempt the wait is drawn uniformly from
``[0, min(cap, base * 2 ** (n - 1))]`` ("full jitter"): the ceiling doubles
with each failure up to ``cap``, and the random draw spreads the retries of
many terminals that lost the central store at the same moment, so they do not
all come back in one burst when it returns.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# 2 ** 62 seconds is far past any sensible cap; clamping the exponent keeps the
# arithmetic in range however many attempts an entry has behind it.
_MAX_EXPONENT = 62


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with full jitter. ``rng`` is injectable for tests."""

    base: float = 1.0
    cap: float = 300.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not 0 < self.base <= self.cap:
            raise ValueError(f"need 0 < base <= cap, got base={self.base}, cap={self.cap}")

    def ceiling(self, attempt: int) -> float:
        """The longest wait after the ``attempt``-th failure (1 for the first)."""
        exponent = min(max(attempt, 1) - 1, _MAX_EXPONENT)
        return float(min(self.cap, self.base * 2.0**exponent))

    def delay(self, attempt: int) -> float:
        """A wait in seconds after the ``attempt``-th failure, in ``[0, ceiling(attempt)]``."""
        return self.rng.uniform(0.0, self.ceiling(attempt))
