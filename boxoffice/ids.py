"""Entity ids: client-generated UUIDv7, as text.

UUIDv7 sorts by creation time, so ids make good primary keys and, in the sync
issue, idempotency keys that a terminal can mint offline. Each entity gets its
own id type so a user id is never passed where a session id is expected.
"""

from __future__ import annotations

import uuid
from typing import NewType

import uuid6

UserId = NewType("UserId", str)
RoleId = NewType("RoleId", str)
TerminalId = NewType("TerminalId", str)
VenueId = NewType("VenueId", str)
HallId = NewType("HallId", str)
CategoryId = NewType("CategoryId", str)
ShowId = NewType("ShowId", str)
SessionId = NewType("SessionId", str)
PriceZoneId = NewType("PriceZoneId", str)
TicketTypeId = NewType("TicketTypeId", str)
AuditEntryId = NewType("AuditEntryId", str)
MerchantId = NewType("MerchantId", str)
ProductCategoryId = NewType("ProductCategoryId", str)
ProductId = NewType("ProductId", str)
SkuId = NewType("SkuId", str)


def new_id() -> str:
    """A fresh UUIDv7 in canonical text form."""
    return str(uuid6.uuid7())


def is_uuid7(value: str) -> bool:
    try:
        return uuid.UUID(value).version == 7
    except ValueError:
        return False
