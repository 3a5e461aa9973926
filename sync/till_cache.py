"""What a till keeps in its own store to go on selling while the central
store is away: the last catalogue it loaded for each merchant, which
merchant each operator last sold for, and the shift open at this till.

Written after every answer from the central store, read only when it cannot
be reached (the till then sells at the prices it last saw; the store of
record takes a queued sale at those prices, see ``boxoffice.services.till``).
Kept as ``Setting`` rows (JSON, through :mod:`boxoffice.wire`), so a restart
while offline still finds them.
"""

from __future__ import annotations

import json

from boxoffice import wire
from boxoffice.db.models import Setting
from boxoffice.db.store import Store
from boxoffice.errors import ValidationError
from boxoffice.services.shifts import ShiftRow
from boxoffice.services.till import TillCatalogue

_CATALOGUE = "till_catalogue:{merchant_id}"
_MERCHANT = "till_merchant:{user_id}"
_SHIFT = "till_shift"


def remember_catalogue(store: Store, user_id: str, catalogue: TillCatalogue) -> None:
    """Keep ``catalogue`` as the last one loaded for its merchant, and that
    merchant as the one ``user_id`` sells for."""
    with store.transaction() as session:
        session.merge(
            Setting(
                key=_CATALOGUE.format(merchant_id=catalogue.merchant_id),
                value=json.dumps(wire.encode(catalogue), ensure_ascii=False),
            )
        )
        session.merge(
            Setting(key=_MERCHANT.format(user_id=user_id), value=json.dumps(catalogue.merchant_id))
        )


def remembered_catalogue(
    store: Store, user_id: str, merchant_id: str | None
) -> TillCatalogue | None:
    """The catalogue last loaded for ``merchant_id`` (None: the merchant
    ``user_id`` last sold for), or None if this till never loaded it."""
    with store.reading() as session:
        if merchant_id is None:
            row = session.get(Setting, _MERCHANT.format(user_id=user_id))
            merchant_id = json.loads(row.value) if row is not None else None
            if not isinstance(merchant_id, str):
                return None
        row = session.get(Setting, _CATALOGUE.format(merchant_id=merchant_id))
        if row is None:
            return None
        try:
            found: TillCatalogue = wire.decode(json.loads(row.value), TillCatalogue)
        except (ValidationError, ValueError):
            return None  # written by another version: as if never loaded
        return found


def remember_shift(store: Store, shift: ShiftRow | None) -> None:
    """The shift open at this till as the store of record last said (None: none)."""
    with store.transaction() as session:
        session.merge(Setting(key=_SHIFT, value=json.dumps(wire.encode(shift), ensure_ascii=False)))


def remembered_shift(store: Store) -> ShiftRow | None:
    with store.reading() as session:
        row = session.get(Setting, _SHIFT)
        if row is None:
            return None
        try:
            found: ShiftRow | None = wire.decode(json.loads(row.value), ShiftRow | None)
        except (ValidationError, ValueError):
            return None
        return found
