"""Numbering schemes for seats in a row, and row labels.

Three ways to number the seats of a row, as Chinese venues do:

* ``LEFT_TO_RIGHT``: 1, 2, 3 … from house left (the audience's left as they
  face the stage; the left of a chart drawn with the stage on top).
* ``RIGHT_TO_LEFT``: 1, 2, 3 … from house right.
* ``ODD_EVEN`` (单双号): seat 1 is at the centre line, odd numbers run
  outward on one side (1, 3, 5 …) and even numbers on the other (2, 4, 6 …).
  By default odd numbers are on house right and even on house left (面向舞台
  右单左双), the usual convention of Chinese theatres and halls; ``odd_side``
  turns it round for a venue that does the opposite. A seat exactly on the
  centre line belongs to the odd side, so it is number 1.

Numbering only ever changes labels; seat ids stay.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum


class Scheme(StrEnum):
    LEFT_TO_RIGHT = "left_to_right"
    RIGHT_TO_LEFT = "right_to_left"
    ODD_EVEN = "odd_even"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


class RowStyle(StrEnum):
    NUMERIC = "numeric"
    LETTERS = "letters"
    """A, B … H, J … N, P … Z, then AA, AB …: I and O are skipped, since
    they read as 1 and 0 on a ticket."""


LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def row_label(index: int, style: RowStyle) -> str:
    """The label of the ``index``-th row (1-based)."""
    if index < 1:
        raise ValueError(index)
    if style is RowStyle.NUMERIC:
        return str(index)
    # Bijective base 24: 1 -> A, 24 -> Z, 25 -> AA.
    letters = []
    n = index
    while n:
        n, rest = divmod(n - 1, len(LETTERS))
        letters.append(LETTERS[rest])
    return "".join(reversed(letters))


def seat_numbers(
    xs: Sequence[int],
    scheme: Scheme,
    *,
    start: int = 1,
    centre: float | None = None,
    odd_side: Side = Side.RIGHT,
) -> list[int]:
    """Numbers for seats at columns ``xs`` of one row, in the order given.

    ``start`` is the first number for the one-way schemes. ``centre`` is the
    centre line for ``ODD_EVEN`` (a column, or halfway between two); by
    default the middle of ``xs``' extent.
    """
    if len(set(xs)) != len(xs):
        raise ValueError("columns repeat")
    if not xs:
        return []
    ordered = sorted(xs)
    if scheme is Scheme.LEFT_TO_RIGHT:
        number = {x: start + i for i, x in enumerate(ordered)}
    elif scheme is Scheme.RIGHT_TO_LEFT:
        number = {x: start + i for i, x in enumerate(reversed(ordered))}
    else:
        middle = (ordered[0] + ordered[-1]) / 2 if centre is None else centre
        if odd_side is Side.RIGHT:
            odd = [x for x in ordered if x >= middle]
            even = [x for x in reversed(ordered) if x < middle]
        else:
            odd = [x for x in reversed(ordered) if x <= middle]
            even = [x for x in ordered if x > middle]
        number = {x: 2 * i + 1 for i, x in enumerate(odd)}
        number.update({x: 2 * i + 2 for i, x in enumerate(even)})
    return [number[x] for x in xs]
