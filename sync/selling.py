"""A sale made at the window, committed on the store of record.

Standalone, the local store is the store of record: the sale is
``seating.sell`` there. A terminal sends it straight to the central store
with its order id as the idempotency key; if the central store cannot be
reached (or the answer is lost), the very same body goes into the local
outbox, which sends it later with the same key: it is sold exactly once,
never lost, and never sold twice. The caller prints tickets for a committed
sale at once; a queued one prints when the cashier reprints it from the
order once sent (docs/decisions.md, "Window sales").

Order numbers are minted here, on the terminal, so they work offline too:
``YYMMDD-<window>-NNNN``, counted per day in the local store.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from boxoffice import wire
from boxoffice.clock import now
from boxoffice.db.models import Setting
from boxoffice.db.store import Store
from boxoffice.ids import SessionId
from boxoffice.services import seating, till
from boxoffice.services.base import Actor

from . import outbox
from .client import CentralClient, InFlight, Refused, Unreachable

_COUNTER = "order_counter"


@dataclass(frozen=True)
class SaleResult:
    """The committed sale (``receipt``), or None if it is queued for the
    central store (``queued``): its outcome is not known yet."""

    receipt: dict[str, Any] | None
    queued: bool = False


def window_code(terminal_name: str, terminal_id: str | None) -> str:
    """The window's part of an order number: the ASCII letters and digits of
    its name ("W01"), else the last four of its id, else "W"."""
    code = re.sub(r"[^0-9A-Za-z]", "", terminal_name).upper()[:6]
    if code:
        return code
    if terminal_id:
        return terminal_id.replace("-", "")[-4:].upper()
    return "W"


def next_order_number(
    store: Store,
    terminal_name: str,
    terminal_id: str | None,
    zone: ZoneInfo,
    at: datetime | None = None,
) -> str:
    """The next order number of this window, e.g. ``261122-W01-0007``."""
    day = (at or now()).astimezone(zone).strftime("%y%m%d")
    with store.transaction() as session:
        row = session.get(Setting, _COUNTER)
        counter = json.loads(row.value) if row is not None else {}
        n = int(counter.get("n", 0)) + 1 if counter.get("day") == day else 1
        session.merge(Setting(key=_COUNTER, value=json.dumps({"day": day, "n": n})))
    return f"{day}-{window_code(terminal_name, terminal_id)}-{n:04d}"


def order_kwargs(body: dict[str, Any]) -> dict[str, Any]:
    """An order body as the keyword arguments of ``seating.sell``."""
    order = seating.Order.of(body)
    return {
        "order_id": order.order_id,
        "number": order.number,
        "session_id": SessionId(order.session_id),
        "hold_id": order.hold_id,
        "lines": list(order.lines),
        "payments": list(order.payments),
        "shift_id": order.shift_id,
        "phone": order.phone,
        "note": order.note,
        "discount_fen": order.discount_fen,
    }


def submit_sale(
    store: Store, actor: Actor, body: dict[str, Any], *, client: CentralClient | None
) -> SaleResult:
    """Commit a sale on the store of record (see the module's docstring).

    A refusal (seats taken, the hold ran out, a wrong payment) raises the
    store's ``BoxOfficeError`` and nothing is sold or queued."""
    if client is None:
        return SaleResult(seating.sell(store, actor, **order_kwargs(body)))
    # The body as the outbox would queue it (naming its seller), so a replay
    # after a lost answer is the same request under the same key.
    checked = outbox.check_order_body({**body, "seller_id": actor.user_id})
    try:
        return SaleResult(client.send_order(checked))
    except Refused as refused:
        raise refused.to_error() from None
    except (Unreachable, InFlight):
        # Unknown outcome: the outbox retries with the same key, so it sells once.
        outbox.record_sale(store, actor, checked)
        return SaleResult(None, queued=True)


def submit_goods_sale(
    store: Store, actor: Actor, kwargs: dict[str, Any], *, client: CentralClient | None
) -> SaleResult:
    """Commit a till's sale (the keyword arguments of ``till.sell_goods``) on
    the store of record, as :func:`submit_sale` does a window's: standalone
    here; at a terminal on the central store, or queued in the outbox with
    the same arguments and key when it cannot be reached (sold once)."""
    if client is None:
        return SaleResult(till.sell_goods(store, actor, **kwargs))
    args = {name: wire.encode(value) for name, value in kwargs.items()}
    args["seller_id"] = actor.user_id
    try:
        return SaleResult(client.call_service("till.sell_goods", args))
    except Refused as refused:
        raise refused.to_error() from None
    except (Unreachable, InFlight):
        outbox.record_goods_sale(store, actor, args)
        return SaleResult(None, queued=True)
