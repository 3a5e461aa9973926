"""What a sale prints: one ticket per seat or admission, and the receipt.

Built from the sale's answer (``seating.receipt``: what the store of record
committed) and the catalogue rows the screen already has, so a terminal of a
central store prints exactly as a standalone window does, without reading the
central store's tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session as OrmSession

from printing.document import Document
from printing.forms import Line, PaymentLine, ReceiptForm, TicketForm, VenueHeader
from printing.templates import Templates
from printing.ticket_code import TicketClaim, sign

from ..clock import now
from ..money import format_fen
from . import print_queue, ticket_keys
from .catalogue import SessionRow
from .orders import OrderInfo, TicketInfo
from .shifts import METHOD_NAMES, ShiftReport, handover_form

PAYMENT_NAMES = METHOD_NAMES  # as printed: the paper is Chinese whatever the screen


@dataclass(frozen=True)
class SaleContext:
    """Who sold where: printed on every ticket and receipt."""

    venue: VenueHeader
    terminal: str
    cashier: str
    notices: tuple[str, ...] = ()


def ticket_number(ticket_id: str) -> str:
    """A short reference printed under the QR code, to read aloud over the
    phone: the last 8 hex digits of the ticket's UUIDv7 (its random part)."""
    return ticket_id.replace("-", "")[-8:].upper()


def ticket_document(
    t: Mapping[str, Any],
    session: SessionRow,
    type_name: str,
    order_number: str,
    who: SaleContext,
    templates: Templates,
    key: Ed25519PrivateKey,
    *,
    printed_at: datetime,
) -> Document:
    """One ticket (a sale's ticket as the sale answered it), its code signed
    for its print number."""
    zones: dict[str, str] = {z.id: z.name for z in session.zones}
    code = sign(
        TicketClaim(
            ticket_id=t["ticket_id"],
            session_id=session.id,
            seat=t["label"] or "",
            print_no=min(int(t.get("print_no") or 1), 255),
        ),
        key,
    )
    form = TicketForm(
        venue=who.venue,
        hall=session.hall_name,
        show=session.show_name,
        starts_at=session.starts_at,
        seat=t["label"] or "",
        zone=zones.get(t["zone_id"] or "", ""),
        ticket_type=type_name,
        price_fen=int(t["price_fen"]),
        order_number=order_number,
        ticket_number=ticket_number(t["ticket_id"]),
        qr=code,
        notices=who.notices,
        terminal=who.terminal,
        cashier=who.cashier,
        printed_at=printed_at,
    )
    return templates.render("ticket", form)


def sale_printouts(
    sale: Mapping[str, Any],
    session: SessionRow,
    ticket_types: Mapping[str, str],
    who: SaleContext,
    templates: Templates,
    key: Ed25519PrivateKey,
    *,
    printed_at: datetime,
    tendered_fen: int = 0,
) -> tuple[list[Document], Document]:
    """The tickets (in seat order) and the receipt of one sale."""
    tickets = []
    lines: dict[tuple[str, int], list[str]] = {}
    for t in sale["tickets"]:
        type_name = ticket_types.get(t["ticket_type_id"], "")
        tickets.append(
            ticket_document(
                t,
                session,
                type_name,
                sale["number"],
                who,
                templates,
                key,
                printed_at=printed_at,
            )
        )
        lines.setdefault((type_name, int(t["price_fen"])), []).append(t["label"] or "")
    receipt_lines = tuple(
        Line(
            name=f"{session.show_name} {type_name}",
            quantity=len(labels),
            unit_fen=price,
            amount_fen=price * len(labels),
            detail=" ".join(label for label in labels if label),
        )
        for (type_name, price), labels in lines.items()
    )
    total = int(sale["total_fen"])
    receipt = templates.render(
        "sale_receipt",
        ReceiptForm(
            venue=who.venue,
            title="售票小票",
            order_number=sale["number"],
            at=datetime.fromisoformat(sale["created_at"]),
            terminal=who.terminal,
            cashier=who.cashier,
            lines=receipt_lines,
            total_fen=total,
            payments=tuple(
                PaymentLine(
                    PAYMENT_NAMES.get(p["method"], p["method"]),
                    int(p["amount_fen"]),
                    p["reference"],
                )
                for p in sale["payments"]
            ),
            tendered_fen=tendered_fen,
            change_fen=max(0, tendered_fen - total) if tendered_fen else 0,
            code=sale["number"],
        ),
    )
    return tickets, receipt


def queue_sale_printouts(
    db: OrmSession,
    sale: Mapping[str, Any],
    session: SessionRow,
    ticket_types: Mapping[str, str],
    who: SaleContext,
    templates: Templates,
    *,
    created_by: str = "",
    tendered_fen: int = 0,
) -> list[str]:
    """Queue a committed sale's tickets (ticket printer) and receipt (receipt
    printer) in the caller's transaction; the job ids, tickets first."""
    tickets, receipt = sale_printouts(
        sale,
        session,
        ticket_types,
        who,
        templates,
        ticket_keys.signing_key(db),
        printed_at=now(),
        tendered_fen=tendered_fen,
    )
    order_id = str(sale["order_id"])
    ids = print_queue.queue_documents(
        db, tickets, printer="ticket", created_by=created_by, order_id=order_id
    )
    ids += print_queue.queue_documents(
        db, [receipt], printer="receipt", created_by=created_by, order_id=order_id
    )
    return ids


def queue_reprints(
    db: OrmSession,
    tickets: Sequence[TicketInfo],
    session: SessionRow,
    order_number: str,
    who: SaleContext,
    templates: Templates,
    *,
    created_by: str = "",
) -> list[str]:
    """Queue reprinted tickets (``orders.reprint_tickets`` gave each its new
    print number), marked 重打 so nobody takes the paper for a first print."""
    key = ticket_keys.signing_key(db)
    moment = now()
    docs = [
        ticket_document(
            {
                "ticket_id": t.ticket_id,
                "label": t.seat_label,
                "zone_id": t.zone_id,
                "price_fen": t.price_fen,
                "print_no": t.print_no,
            },
            session,
            t.ticket_type,
            order_number,
            who,
            templates,
            key,
            printed_at=moment,
        ).marked_reprint(print_queue.REPRINT_MARK)
        for t in tickets
    ]
    order_id = tickets[0].order_id if tickets else None
    return print_queue.queue_documents(
        db, docs, printer="ticket", created_by=created_by, order_id=order_id
    )


def refund_slip(
    order: OrderInfo, refund: Mapping[str, Any], who: SaleContext, templates: Templates
) -> Document:
    """The refund slip (退款单) the customer signs: the tickets given back and
    how the money went back."""
    back = [t for t in order.tickets if t.ticket_id in set(refund.get("tickets", ()))] or [
        t for t in order.tickets if t.status != "valid"
    ]
    lines: dict[tuple[str, int], list[str]] = {}
    for t in back:
        lines.setdefault((f"{t.show} {t.ticket_type}", t.price_fen), []).append(t.seat_label)
    titles = {"refund": "退款单", "void": "作废单", "exchange": "改签单"}
    return templates.render(
        "refund_slip",
        ReceiptForm(
            venue=who.venue,
            title=titles.get(str(refund.get("kind")), "退款单"),
            order_number=order.number,
            at=now(),
            terminal=who.terminal,
            cashier=who.cashier,
            lines=tuple(
                Line(
                    name=name,
                    quantity=len(labels),
                    unit_fen=price,
                    amount_fen=price * len(labels),
                    detail=" ".join(x for x in labels if x),
                )
                for (name, price), labels in lines.items()
            ),
            total_fen=int(refund["amount_fen"]),
            payments=tuple(
                PaymentLine(
                    PAYMENT_NAMES.get(p["method"], p["method"]),
                    int(p["amount_fen"]),
                    p["reference"],
                )
                for p in refund["payments"]
            ),
            original_order=order.number,
            reason=str(refund.get("reason", "")),
        ),
    )


def _goods_lines(lines: Sequence[Mapping[str, Any]]) -> tuple[Line, ...]:
    return tuple(
        Line(
            name=f"{x['name']} {x.get('sku_name', '')}".strip(),
            quantity=int(x["qty"]),
            unit_fen=int(x.get("unit_price_fen", 0)),
            amount_fen=int(x["amount_fen"]),
            # Full-width ￥ like every amount on paper (GBK printers lack the ASCII ¥).
            detail=f"优惠 -￥{format_fen(int(x['discount_fen']), symbol=False)}"
            if x.get("discount_fen")
            else "",
        )
        for x in lines
    )


def _paper_payments(payments: Sequence[Mapping[str, Any]]) -> tuple[PaymentLine, ...]:
    return tuple(
        PaymentLine(
            PAYMENT_NAMES.get(p["method"], p["method"]), int(p["amount_fen"]), p["reference"]
        )
        for p in payments
    )


def goods_receipt(
    sale: Mapping[str, Any],
    who: SaleContext,
    templates: Templates,
    *,
    tendered_fen: int = 0,
    delivery: tuple[str, ...] = (),
    footer: tuple[str, ...] = (),
) -> Document:
    """A till's receipt (商品小票) of a committed sale (``till.receipt``). A sale
    with cash opens the drawer (the printer kicks it as the receipt starts);
    the order number's barcode finds the receipt again for a refund."""
    total = int(sale["total_fen"])
    cash = any(p["method"] == "cash" for p in sale["payments"])
    return templates.render(
        "merchant_receipt",
        ReceiptForm(
            venue=who.venue,
            title="收款凭证" if sale.get("kind") == "collection" else "商品小票",
            order_number=str(sale["number"]),
            at=datetime.fromisoformat(str(sale["created_at"])),
            terminal=who.terminal,
            cashier=who.cashier,
            lines=_goods_lines(sale["lines"]),
            total_fen=total,
            payments=_paper_payments(sale["payments"]),
            tendered_fen=tendered_fen,
            change_fen=max(0, tendered_fen - total) if tendered_fen else 0,
            discount_fen=int(sale.get("discount_fen", 0)),
            merchant=str(sale.get("merchant_name", "")),
            code=str(sale["number"]),
            open_drawer=cash,
            delivery=delivery,
            footer=footer,
        ),
    )


def goods_refund_slip(
    number: str, refund: Mapping[str, Any], who: SaleContext, templates: Templates
) -> Document:
    """The refund slip (退款单) of a till receipt: the lines given back and how
    the money went back. Cash going back opens the drawer."""
    return templates.render(
        "refund_slip",
        ReceiptForm(
            venue=who.venue,
            title="退款单",
            order_number=number,
            at=now(),
            terminal=who.terminal,
            cashier=who.cashier,
            lines=_goods_lines(refund["lines"]),
            total_fen=int(refund["amount_fen"]),
            payments=_paper_payments(refund["payments"]),
            original_order=number,
            reason=str(refund.get("reason", "")),
            open_drawer=any(p["method"] == "cash" for p in refund["payments"]),
        ),
    )


def handover_slip(
    report: ShiftReport, venue: VenueHeader, zone: ZoneInfo, templates: Templates
) -> Document:
    """The handover slip (交班单) of a shift report, as printed and as PDF."""
    return templates.render("handover_slip", handover_form(report, venue, zone))
