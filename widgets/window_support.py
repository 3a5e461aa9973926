"""What the ticket window's screens share: who is printing, the venue's
templates, queueing paper on this terminal's printers, and the open shift.

Paper is always queued in this computer's own store (each window prints on
its own printers), after the operation it prints is committed on the store
of record; the spooler is woken so it prints at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session as OrmSession

from boxoffice.services import print_queue
from boxoffice.services.printouts import SaleContext
from printing.templates import Templates, venue_templates
from sync import outbox

from .context import AppContext

T = TypeVar("T")

NOTICES = ("请提前30分钟检票入场", "演出开始后谢绝入场，不予退票")
"""Printed at the foot of every ticket."""


def sale_context(ctx: AppContext) -> SaleContext:
    """Who sold where, printed on tickets and slips."""
    me = ctx.me
    return SaleContext(
        print_queue.venue_header(ctx.store), me.terminal_name, me.display_name, NOTICES
    )


def templates(ctx: AppContext) -> Templates:
    """The venue's templates (its own in ``<data dir>/templates/`` first)."""
    return venue_templates(ctx.data_dir, ctx.zone)


def queue_paper(ctx: AppContext, write: Callable[[OrmSession], T]) -> T:
    """Queue documents on this terminal (``write`` gets a local transaction),
    then wake the spooler. Runs off the GUI thread (inside an ``Op``)."""
    with ctx.store.transaction() as db:
        result = write(db)
    if ctx.devices is not None:
        ctx.devices.wake()
    return result


def unsent_sales(ctx: AppContext) -> tuple[int, int]:
    """Sales of this terminal still in the outbox (count, amount in fen);
    always (0, 0) standalone, where nothing is queued."""
    if not ctx.is_terminal:
        return 0, 0
    rows = outbox.pending(ctx.store) + outbox.parked(ctx.store)
    sales = [r for r in rows if r.operation in outbox.SALES]
    paid = sum(p["amount_fen"] for r in sales for p in r.payload.get("payments", []))
    return len(sales), paid
