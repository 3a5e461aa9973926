"""Barcode and QR scans, and telling a keyboard-wedge scanner from a person.

A USB scanner in keyboard mode ("wedge") types its code as keystrokes a few
milliseconds apart and ends it with Enter (or Tab). A person types 80–300 ms
apart; a fast typist's rollover puts two keys 20–40 ms apart now and then,
never a run of four or more. :class:`WedgeDecoder` tells the two apart by
timing alone, without a prefix configured in the scanner:

* every key is **held** for up to ``max_gap_ms``; keys that follow each other
  faster than that form one burst and stay held;
* a terminator that ends a burst of at least ``min_length`` held keys makes
  the burst a :class:`Scanned` code, and none of its keys reach a field;
* anything else is handed back as :class:`Replay`, in the order typed: the
  burst when the next key comes too late or the timer runs out, a
  terminator after a short burst together with that burst.

So a person's keys arrive in order, ``max_gap_ms`` late (a rollover pair's
first key waits for the second too), and a scan never leaves characters
behind. The decoder is pure (times are passed in),
so its promises are tested with generated timings (tests/test_scanner.py);
``widgets.scanning.WedgeFilter`` drives it from Qt key events and a timer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from boxoffice.clock import now

ScanSource = Literal["wedge", "serial"]


@dataclass(frozen=True)
class Scan:
    """One code read by a scanner; what screens receive."""

    code: str
    source: ScanSource
    at: datetime = field(default_factory=now)


@dataclass(frozen=True)
class Replay:
    """Keys to hand on to the focused widget as typed, in this order."""

    chars: str


@dataclass(frozen=True)
class Scanned:
    """A scanner burst: ``code`` without its terminator."""

    code: str


Action = Replay | Scanned


class WedgeDecoder:
    """Splits a stream of timed keystrokes into typing and scans.

    ``feed`` takes one character (terminators as ``"\\r"`` or ``"\\t"``) and
    its time in milliseconds from any monotonic clock; ``timeout`` is called
    when :meth:`deadline` has passed (a timer armed after every call).
    Both return the actions that became due, oldest first.

    30 ms sits between a scanner's keys (1–15 ms; slow Bluetooth models up
    to about 25) and a person's (80 ms and up); a typist's occasional 20–40 ms
    rollover pair stays far below ``min_length`` = 4, and no barcode we sell
    against is that short.
    """

    def __init__(
        self,
        max_gap_ms: float = 30,
        min_length: int = 4,
        terminators: Iterable[str] = ("\r", "\t"),
    ) -> None:
        self.max_gap_ms = max_gap_ms
        self.min_length = min_length
        self.terminators = frozenset(terminators)
        self._held: list[str] = []
        self._last = 0.0

    @property
    def holding(self) -> bool:
        """Whether keys are held back (waiting to see if a scan follows)."""
        return bool(self._held)

    def deadline(self) -> float | None:
        """When the held keys are to be replayed unless more come; None if none are held."""
        return self._last + self.max_gap_ms if self._held else None

    def feed(self, char: str, t_ms: float) -> list[Action]:
        if len(char) != 1:
            raise ValueError(f"feed one character at a time, not {char!r}")
        actions = self.timeout(t_ms)
        if char in self.terminators:
            if len(self._held) >= self.min_length:
                actions.append(Scanned("".join(self._held)))
            else:
                actions.append(Replay("".join(self._held) + char))
            self._held.clear()
            return actions
        self._held.append(char)
        self._last = t_ms
        return actions

    def timeout(self, t_ms: float) -> list[Action]:
        """Replay the held keys if the burst is over by ``t_ms``; a timer
        that fires early (or a key that came meanwhile) changes nothing."""
        deadline = self.deadline()
        if deadline is None or t_ms < deadline:
            return []
        return [self.flush()]

    def flush(self) -> Replay:
        """Give up waiting: every held key, to replay now (before a key that
        must not wait, such as Ctrl+S or an arrow)."""
        replay = Replay("".join(self._held))
        self._held.clear()
        return replay
