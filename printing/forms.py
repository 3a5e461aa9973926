"""What each printed form says: the data a template is filled with.

Services build these from the store (orders, tickets, shifts); templates under
``resources/templates/`` decide the wording and layout. Amounts are integer
fen and times timezone-aware; templates format them with the ``money`` and
``time`` filters, in the venue's timezone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class VenueHeader:
    name: str
    address: str = ""
    phone: str = ""
    logo: str = ""  # path of an image file; empty for none


@dataclass(frozen=True)
class TicketForm:
    """One ticket: one seat, or one admission without a seat."""

    venue: VenueHeader
    hall: str
    show: str
    starts_at: datetime | None
    seat: str  # "12排25号"; empty for general admission
    zone: str
    ticket_type: str
    price_fen: int
    order_number: str
    ticket_number: str  # short, printed under the QR code for reading aloud
    qr: str  # the signed code (printing.ticket_code)
    notices: tuple[str, ...] = ()
    valid_until: datetime | None = None
    terminal: str = ""
    cashier: str = ""
    printed_at: datetime | None = None


@dataclass(frozen=True)
class Line:
    """One line of a receipt: what, how many, at what unit price, for how much."""

    name: str
    quantity: int
    unit_fen: int
    amount_fen: int
    detail: str = ""  # "12排25号 全价", a SKU's size…


@dataclass(frozen=True)
class PaymentLine:
    method: str  # already in words: 现金 / 银行卡 / 扫码支付
    amount_fen: int
    reference: str = ""


@dataclass(frozen=True)
class ReceiptForm:
    """A sale receipt (ticket window or merchant till) or a refund slip."""

    venue: VenueHeader
    title: str  # 售票小票 / 商品小票 / 退款单
    order_number: str
    at: datetime
    terminal: str
    cashier: str
    lines: tuple[Line, ...]
    total_fen: int
    payments: tuple[PaymentLine, ...] = ()
    tendered_fen: int = 0
    change_fen: int = 0
    discount_fen: int = 0
    merchant: str = ""
    original_order: str = ""  # a refund's sale
    reason: str = ""  # a refund's reason
    code: str = ""  # barcode of the order number, scanned to find the order again
    footer: tuple[str, ...] = ()
    open_drawer: bool = False  # a till's cash sale: the printer opens the drawer first
    delivery: tuple[str, ...] = ()  # 配送: recipient, phone, address of goods to deliver


@dataclass(frozen=True)
class MethodTotals:
    method: str
    count: int
    sales_fen: int
    refunds_fen: int
    net_fen: int
    expected_fen: int | None = None  # cash only
    counted_fen: int | None = None
    difference_fen: int | None = None


@dataclass(frozen=True)
class CountLine:
    name: str
    count: int
    amount_fen: int


@dataclass(frozen=True)
class HandoverForm:
    """The shift handover slip (交班单)."""

    venue: VenueHeader
    terminal: str
    cashier: str
    opened_at: datetime
    closed_at: datetime | None  # None on an X report (shift still open)
    first_order: str
    last_order: str
    methods: tuple[MethodTotals, ...]
    opening_float_fen: int
    cash_movements: tuple[CountLine, ...] = ()  # 备用金 in / 取款 out
    tickets: tuple[CountLine, ...] = ()  # by show, session and ticket type
    goods: tuple[CountLine, ...] = ()  # a till's sales by product and SKU
    exceptions: tuple[CountLine, ...] = ()  # refunds, voids, reprints, comps, discounts
    unsynced: int = 0
    difference_reason: str = ""
    supervisor: str = ""


@dataclass(frozen=True)
class PrinterTestForm:
    venue: VenueHeader
    terminal: str
    printer: str  # where it went: "192.168.1.50:9100"
    paper: str  # "80 mm, 48 columns"
    at: datetime
    extra: tuple[str, ...] = field(default_factory=tuple)
