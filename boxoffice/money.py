"""Money is integer fen (分). One place formats it and parses what cashiers type.

Floats never touch money: ``0.1 + 0.2`` is not a price. Parsing goes through
the decimal text itself, so "12.5" is 1250 fen exactly.
"""

from __future__ import annotations

import re
from typing import NewType

from .errors import ValidationError
from .i18n import QT_TRANSLATE_NOOP

Fen = NewType("Fen", int)

# Ten million yuan: far above any till's single amount, well inside int64.
MAX_FEN = Fen(10_000_000_00)

_AMOUNT = re.compile(
    r"""^(?P<sign>[-+])?
        (?P<yuan>\d{1,3}(?:,\d{3})+|\d+)?
        (?:\.(?P<frac>\d{1,2}))?$""",
    re.VERBOSE,
)
# What cashiers type around a number: currency signs, 元/块, spaces, full-width digits.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")


def format_fen(amount: int, *, symbol: bool = True) -> str:
    """``123450`` -> ``¥1,234.50``; negative amounts get a leading minus."""
    sign = "-" if amount < 0 else ""
    yuan, fen = divmod(abs(amount), 100)
    return f"{sign}{'¥' if symbol else ''}{yuan:,}.{fen:02d}"


def parse_fen(text: str, *, allow_negative: bool = False) -> Fen:
    """Parse what a cashier typed into fen, or raise :class:`ValidationError`.

    Accepts ``12``, ``12.5``, ``12.50``, ``1,234.50``, ``¥12``, ``12元``,
    full-width digits. Refuses empty text, more than two decimals, letters,
    a negative amount (unless allowed) and anything above :data:`MAX_FEN`.
    """
    cleaned = text.translate(_FULLWIDTH).strip()
    for token in ("¥", "￥", "RMB", "CNY", "元", "块"):
        cleaned = cleaned.replace(token, "")
    # Spaces only around the number ("¥ 12", "12 元"); "12 34" is not an amount.
    cleaned = cleaned.strip()
    match = _AMOUNT.match(cleaned)
    if not cleaned or match is None or (match["yuan"] is None and match["frac"] is None):
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "“{text}” is not an amount of money."), text=text.strip()
        )
    yuan = int((match["yuan"] or "0").replace(",", ""))
    frac = (match["frac"] or "0").ljust(2, "0")
    amount = yuan * 100 + int(frac)
    if match["sign"] == "-":
        if not allow_negative:
            raise ValidationError(
                QT_TRANSLATE_NOOP("core", "The amount cannot be negative."), text=text.strip()
            )
        amount = -amount
    if abs(amount) > MAX_FEN:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "The amount is larger than {limit}."),
            limit=format_fen(MAX_FEN),
        )
    return Fen(amount)


def percent_of(amount: int, percent: int) -> Fen:
    """``percent``% of ``amount`` in whole fen, rounding half up (收银四舍五入)."""
    return Fen((amount * percent + 50) // 100)


DENOMINATIONS_FEN: tuple[int, ...] = (10000, 5000, 2000, 1000, 500, 100, 50, 10)
"""The notes and coins a cashier counts, ¥100 down to ¥0.1 (1角): a drawer's
float at opening and its cash at closing are counted by these."""


def count_total(counts: dict[int, int]) -> Fen:
    """The value of a count of notes and coins (denomination in fen → pieces).

    An unknown denomination or a negative or absurd number of pieces is a
    clear refusal, never a silently wrong total."""
    total = 0
    for denomination, pieces in counts.items():
        if denomination not in DENOMINATIONS_FEN:
            raise ValidationError(
                QT_TRANSLATE_NOOP("core", "{value} is not a note or coin."),
                value=format_fen(denomination),
            )
        if not 0 <= pieces <= 100_000:
            raise ValidationError(
                QT_TRANSLATE_NOOP("core", "Count each note and coin as 0 to 100,000 pieces.")
            )
        total += denomination * pieces
    return Fen(total)
