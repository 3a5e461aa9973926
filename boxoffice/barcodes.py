"""What a till operator types or scans: ``qty*code``, a product barcode, an
in-store EAN-13 with the price in it, or a receipt's code.

In-store codes (GS1 prefixes 20–29, printed by the deli or bakery scale) are
read as ``2P IIIII VVVVV C``: the first seven digits name the item (a SKU
registers them as one of its barcodes, e.g. ``2012345``), the next five are
the price in fen (up to ¥999.99), the last the EAN check digit. Venues set
their scales to this layout; it is the common one in Chinese supermarkets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ValidationError
from .i18n import QT_TRANSLATE_NOOP

MAX_QTY = 9999
_ENTRY = re.compile(r"^\s*(?:(\d{1,4})\s*[*xX×]\s*)?(\S+)\s*$")
_CODE = re.compile(r"^[0-9A-Za-z\-]{1,32}$")


def ean_check_digit(first12: str) -> int:
    """The EAN-13 check digit of twelve digits."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return (10 - total % 10) % 10


def with_check_digit(first12: str) -> str:
    return first12 + str(ean_check_digit(first12))


def is_ean13(code: str) -> bool:
    return len(code) == 13 and code.isdigit() and ean_check_digit(code[:12]) == int(code[12])


def is_in_store(code: str) -> bool:
    """An in-store EAN-13 (prefix 20–29) with a correct check digit."""
    return is_ean13(code) and code[0] == "2"


@dataclass(frozen=True)
class Entry:
    """One entry at the till: ``qty`` of ``code``; for an in-store code, the item
    part in ``code`` and the price it carries in ``price_fen``."""

    qty: int
    code: str
    scanned: str
    price_fen: int | None = None


def parse_entry(text: str) -> Entry:
    """Read ``"3*6901234567892"``, ``"6901234567892"`` or an in-store code.

    A garbled entry raises ``ValidationError`` in the operator's words."""
    match = _ENTRY.match(text)
    if match is None or not _CODE.match(match.group(2)):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "core", "“{text}” is not a product code. Scan again or type quantity*code."
            ),
            text=text.strip()[:40],
        )
    qty = int(match.group(1)) if match.group(1) else 1
    code = match.group(2)
    if not 1 <= qty <= MAX_QTY:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "The quantity must be from 1 to {limit}."), limit=MAX_QTY
        )
    if len(code) == 13 and code.isdigit() and code[0] == "2":
        if not is_ean13(code):
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "core", "The barcode “{code}” did not scan correctly (check digit). Scan again."
                ),
                code=code,
            )
        return Entry(qty, code[:7], code, int(code[7:12]))
    if len(code) == 13 and code.isdigit() and not is_ean13(code):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "core", "The barcode “{code}” did not scan correctly (check digit). Scan again."
            ),
            code=code,
        )
    return Entry(qty, code, code)
