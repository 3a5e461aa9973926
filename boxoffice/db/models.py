"""The local store's tables, as SQLAlchemy 2.x typed declarative models.

Every change to these is an Alembic migration under ``migrations/versions``;
``tests/test_store.py`` fails when models and migrations disagree.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from ..clock import now
from ..ids import new_id
from .types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime()}  # noqa: RUF012 - SQLAlchemy API


def table_of(model: type[Base]) -> Table:
    """A model's table, for Core statements (executemany without the ORM's bookkeeping)."""
    found = model.__table__
    assert isinstance(found, Table)
    return found


def _id_column() -> Mapped[str]:
    return mapped_column(String(36), primary_key=True, default=new_id)


class Setting(Base):
    """Terminal- and venue-wide settings as JSON values (language, timezone, …)."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


user_role = Table(
    "user_role",
    Base.metadata,
    Column("user_id", ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True),
    Column("role_id", ForeignKey("role.id", ondelete="CASCADE"), primary_key=True),
)


class Role(Base):
    __tablename__ = "role"
    id: Mapped[str] = _id_column()
    name: Mapped[str] = mapped_column(String(64), unique=True)
    # Set for the four built-in roles, so code can find them whatever admins rename them to.
    code: Mapped[str | None] = mapped_column(String(32), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=now)
    permissions: Mapped[list[RolePermission]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    users: Mapped[list[User]] = relationship(secondary=user_role, back_populates="roles")


class RolePermission(Base):
    __tablename__ = "role_permission"
    role_id: Mapped[str] = mapped_column(
        ForeignKey("role.id", ondelete="CASCADE"), primary_key=True
    )
    permission: Mapped[str] = mapped_column(String(64), primary_key=True)


class User(Base):
    """A staff account (工作人员), not a member or customer."""

    __tablename__ = "staff_user"
    id: Mapped[str] = _id_column()
    login: Mapped[str] = mapped_column(String(64), unique=True)  # stored lower-case
    display_name: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(255))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=now)
    last_login_at: Mapped[datetime | None] = mapped_column(default=None)
    roles: Mapped[list[Role]] = relationship(
        secondary=user_role, back_populates="users", lazy="selectin"
    )
    # A merchant's operator (操作员) belongs to that merchant and sees only its
    # products, orders and reports; venue staff have none and see every merchant.
    merchant_id: Mapped[str | None] = mapped_column(String(36), default=None)


class Terminal(Base):
    """A named workstation: a ticket window (售票窗口) or a merchant till (收银台)."""

    __tablename__ = "terminal"
    __table_args__ = (CheckConstraint("kind IN ('window', 'till')", name="kind"),)
    id: Mapped[str] = _id_column()
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=now)


class AuditEntry(Base):
    """One state change, append-only and hash-chained to the entry before it.

    ``seq`` orders the chain; triggers in the migration refuse UPDATE, and
    DELETE unless a purge (itself audited) has opened ``audit_purge_gate``.
    """

    __tablename__ = "audit_entry"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    at: Mapped[datetime] = mapped_column(index=True)
    user_id: Mapped[str | None] = mapped_column(String(36), index=True)
    user_login: Mapped[str] = mapped_column(String(64), default="")
    terminal_id: Mapped[str | None] = mapped_column(String(36))
    terminal_name: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(64), index=True)
    target_type: Mapped[str] = mapped_column(String(32), default="")
    target_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditAnchor(Base):
    """Where the chain starts after a purge: the hash of the last removed entry."""

    __tablename__ = "audit_anchor"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[str] = mapped_column(String(64))
    purged_before: Mapped[datetime]
    purged_count: Mapped[int] = mapped_column(Integer)


class AuditPurgeGate(Base):
    __tablename__ = "audit_purge_gate"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    open: Mapped[bool] = mapped_column(Boolean, default=False)


# --- Catalogue --------------------------------------------------------------


class Venue(Base):
    __tablename__ = "venue"
    id: Mapped[str] = _id_column()
    name: Mapped[str] = mapped_column(String(128))
    address: Mapped[str] = mapped_column(Text, default="")
    halls: Mapped[list[Hall]] = relationship(back_populates="venue", order_by="Hall.name")


class Hall(Base):
    """A hall (演出厅). Reserved seating sells seats; general admission sells a quota."""

    __tablename__ = "hall"
    __table_args__ = (
        UniqueConstraint("venue_id", "name"),
        CheckConstraint("seating IN ('reserved', 'general')", name="seating"),
        CheckConstraint("capacity >= 0", name="capacity"),
    )
    id: Mapped[str] = _id_column()
    venue_id: Mapped[str] = mapped_column(ForeignKey("venue.id"))
    name: Mapped[str] = mapped_column(String(64))
    seating: Mapped[str] = mapped_column(String(16), default="reserved")
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    venue: Mapped[Venue] = relationship(back_populates="halls")


class HallLayout(Base):
    """One saved version of a hall's seat layout (``seatmap.model``), as the
    canonical JSON text ``seatmap.model.jsonio.dumps`` writes. Versions count
    1, 2, … per hall; a session keeps the version it was created with."""

    __tablename__ = "hall_layout"
    __table_args__ = (
        UniqueConstraint("hall_id", "version"),
        CheckConstraint("version >= 1", name="version"),
    )
    id: Mapped[str] = _id_column()
    hall_id: Mapped[str] = mapped_column(ForeignKey("hall.id"))
    version: Mapped[int] = mapped_column(Integer)
    layout_json: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    seat_count: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=now)
    created_by: Mapped[str] = mapped_column(String(64), default="")


class ShowCategory(Base):
    """演出分类: concert, drama, opera, film …"""

    __tablename__ = "show_category"
    id: Mapped[str] = _id_column()
    name: Mapped[str] = mapped_column(String(64), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Show(Base):
    """演出节目: what is performed, independent of when and where."""

    __tablename__ = "show"
    __table_args__ = (CheckConstraint("duration_minutes > 0", name="duration"),)
    id: Mapped[str] = _id_column()
    category_id: Mapped[str] = mapped_column(ForeignKey("show_category.id"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    duration_minutes: Mapped[int] = mapped_column(Integer)
    introduction: Mapped[str] = mapped_column(Text, default="")
    notices: Mapped[str] = mapped_column(Text, default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    category: Mapped[ShowCategory] = relationship(lazy="joined")


class Session(Base):
    """演出排场: one performance of a show in a hall at a time. (Not a database session.)"""

    __tablename__ = "show_session"
    __table_args__ = (
        CheckConstraint("status IN ('on_sale', 'stopped', 'ended')", name="status"),
        Index("ix_show_session_starts_at", "starts_at"),
    )
    id: Mapped[str] = _id_column()
    show_id: Mapped[str] = mapped_column(ForeignKey("show.id"), index=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("hall.id"))
    # The hall layout version its seats come from; None: a hall without a layout.
    layout_id: Mapped[str | None] = mapped_column(ForeignKey("hall_layout.id"), default=None)
    starts_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default="stopped")
    created_at: Mapped[datetime] = mapped_column(default=now)
    show: Mapped[Show] = relationship(lazy="joined")
    hall: Mapped[Hall] = relationship(lazy="joined")
    zones: Mapped[list[PriceZone]] = relationship(
        order_by="PriceZone.sort_order", cascade="all, delete-orphan", lazy="selectin"
    )


class PriceZone(Base):
    """票区: a zone of a session's seats and its full price in fen."""

    __tablename__ = "price_zone"
    __table_args__ = (
        UniqueConstraint("session_id", "name"),
        CheckConstraint("price_fen >= 0", name="price"),
    )
    id: Mapped[str] = _id_column()
    session_id: Mapped[str] = mapped_column(ForeignKey("show_session.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(32))
    colour: Mapped[str] = mapped_column(String(7), default="#c0392b")
    price_fen: Mapped[int] = mapped_column(Integer)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class TicketType(Base):
    """票种 (全价 / 儿童 / 学生 / 老人 / 赠票): a percentage of the zone's price.

    A comp (赠票) sells at 0 and needs the comp permission."""

    __tablename__ = "ticket_type"
    __table_args__ = (CheckConstraint("percent BETWEEN 0 AND 100", name="percent"),)
    id: Mapped[str] = _id_column()
    name: Mapped[str] = mapped_column(String(32), unique=True)
    percent: Mapped[int] = mapped_column(Integer, default=100)
    is_comp: Mapped[bool] = mapped_column(Boolean, default=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # 售票设置: which roles (ids) and terminals (ids) may sell it, as JSON
    # lists; an empty list means no restriction.
    sell_roles: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    sell_terminals: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


# --- Seats, holds and sales (the central store's truth; a single window's local store too) ---


class SessionSeat(Base):
    """One seat of one session and its state. A hold or sale changes rows here with
    a conditional UPDATE, so two windows can never both take the same seat.

    A ``leased`` seat belongs to the window ``terminal_id`` until it sells it
    (offline, too) or gives it back (``boxoffice.services.leases``)."""

    __tablename__ = "session_seat"
    __table_args__ = (
        CheckConstraint(
            "state IN ('available', 'held', 'sold', 'blocked', 'leased')",
            name="state",
        ),
        Index("ix_session_seat_hold", "hold_id"),
    )
    session_id: Mapped[str] = mapped_column(
        ForeignKey("show_session.id", ondelete="CASCADE"), primary_key=True
    )
    seat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    label: Mapped[str] = mapped_column(String(32))
    row: Mapped[int] = mapped_column(Integer)
    col: Mapped[int] = mapped_column(Integer)
    zone_id: Mapped[str | None] = mapped_column(ForeignKey("price_zone.id", ondelete="SET NULL"))
    accessible: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(16), default="available")
    hold_id: Mapped[str | None] = mapped_column(String(36))
    held_until: Mapped[datetime | None] = mapped_column(default=None)
    terminal_id: Mapped[str | None] = mapped_column(String(36))
    ticket_id: Mapped[str | None] = mapped_column(String(36))


class Hold(Base):
    """Seats a window is working with: all or none, for a few minutes, renewed by heartbeat."""

    __tablename__ = "seat_hold"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'released', 'consumed')", name="status"),
    )
    id: Mapped[str] = _id_column()
    session_id: Mapped[str] = mapped_column(ForeignKey("show_session.id"), index=True)
    terminal_id: Mapped[str] = mapped_column(String(36))
    user_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=now)
    expires_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default="active")


class SaleOrder(Base):
    """An order (订单). Its id is minted by the terminal and is the sale's idempotency key."""

    __tablename__ = "sale_order"
    __table_args__ = (CheckConstraint("total_fen >= 0", name="total"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    terminal_id: Mapped[str] = mapped_column(String(36), index=True)
    user_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime]
    total_fen: Mapped[int] = mapped_column(Integer)
    # paid, part_refunded, refunded (every ticket refunded or exchanged), void.
    status: Mapped[str] = mapped_column(String(16), default="paid")
    # The cashier's shift it was sold in (交班单); None for sales made without
    # one (the API, benchmarks): the ticket window never sells without a shift.
    shift_id: Mapped[str | None] = mapped_column(String(36), index=True, default=None)
    phone: Mapped[str] = mapped_column(String(20), default="", server_default="")
    note: Mapped[str] = mapped_column(Text, default="", server_default="")  # why a comp or discount
    discount_fen: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # "tickets" (the window), "goods" (a merchant till's 商品销售) or
    # "collection" (商家收款: an amount taken for a merchant, no products).
    kind: Mapped[str] = mapped_column(String(16), default="tickets", server_default="tickets")
    merchant_id: Mapped[str | None] = mapped_column(String(36), index=True, default=None)
    # Goods to be delivered (商品订单): where to; editable after the sale.
    delivery_recipient: Mapped[str] = mapped_column(String(64), default="", server_default="")
    delivery_address: Mapped[str] = mapped_column(Text, default="", server_default="")
    tickets: Mapped[list[Ticket]] = relationship(
        back_populates="order", order_by="Ticket.seat_label", lazy="selectin"
    )
    payments: Mapped[list[Payment]] = relationship(lazy="selectin")
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", order_by="OrderLine.line_no", lazy="selectin"
    )


class Ticket(Base):
    """A ticket for a seat (or a general-admission place, seat_id NULL).

    The partial unique index makes the database itself refuse a second valid
    ticket for one seat of one session, whatever the isolation level."""

    __tablename__ = "ticket"
    __table_args__ = (
        CheckConstraint("status IN ('valid', 'refunded', 'void')", name="status"),
        CheckConstraint("price_fen >= 0", name="price"),
        Index(
            "uq_ticket_valid_seat",
            "session_id",
            "seat_id",
            unique=True,
            sqlite_where=text("status = 'valid' AND seat_id IS NOT NULL"),
            postgresql_where=text("status = 'valid' AND seat_id IS NOT NULL"),
        ),
        # Counting a general-admission session's sold places without scanning every ticket.
        Index(
            "ix_ticket_general_valid",
            "session_id",
            sqlite_where=text("status = 'valid' AND seat_id IS NULL"),
            postgresql_where=text("status = 'valid' AND seat_id IS NULL"),
        ),
    )
    id: Mapped[str] = _id_column()
    order_id: Mapped[str] = mapped_column(ForeignKey("sale_order.id"), index=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("show_session.id"))
    seat_id: Mapped[str | None] = mapped_column(String(64))
    seat_label: Mapped[str] = mapped_column(String(32), default="")
    zone_id: Mapped[str | None] = mapped_column(String(36))
    ticket_type_id: Mapped[str] = mapped_column(String(36))
    price_fen: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="valid")
    # Which print of the ticket is the good one: a reprint counts up and its
    # signed code carries the new number, so the paper it replaces no longer
    # admits anyone (printing.ticket_code).
    print_no: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # The zone price for its ticket type before a manual discount (None: no
    # discount, the price is the list price): discounts and comps on the slip.
    list_price_fen: Mapped[int | None] = mapped_column(Integer, default=None)
    refund_id: Mapped[str | None] = mapped_column(String(36), default=None)
    checked_in_at: Mapped[datetime | None] = mapped_column(default=None)
    checked_in_where: Mapped[str] = mapped_column(String(64), default="", server_default="")
    order: Mapped[SaleOrder] = relationship(back_populates="tickets")


class Payment(Base):
    __tablename__ = "payment"
    __table_args__ = (
        CheckConstraint("amount_fen > 0", name="amount"),
        CheckConstraint(
            "method IN ('cash', 'card', 'mobile', 'member', 'exchange')", name="method"
        ),
    )
    id: Mapped[str] = _id_column()
    order_id: Mapped[str] = mapped_column(ForeignKey("sale_order.id"), index=True)
    # "exchange": the value of the tickets given back in an exchange, paying
    # for the new ones (no money moves for that part).
    method: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(64), default="")


class Refund(Base):
    """Money going back for tickets of one order: a refund (退票), a void of
    the shift's last sale (作废) or the tickets given back in an exchange (改签).
    Its id is minted by the terminal and is the operation's idempotency key."""

    __tablename__ = "refund"
    __table_args__ = (
        CheckConstraint("kind IN ('refund', 'void', 'exchange')", name="kind"),
        CheckConstraint("amount_fen >= 0", name="amount"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("sale_order.id"), index=True)
    shift_id: Mapped[str | None] = mapped_column(String(36), index=True, default=None)
    terminal_id: Mapped[str] = mapped_column(String(36), default="")
    terminal_name: Mapped[str] = mapped_column(String(64), default="")
    user_id: Mapped[str] = mapped_column(String(36))
    user_login: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    forced: Mapped[bool] = mapped_column(Boolean, default=False)  # a used ticket (强制退票)
    new_order_id: Mapped[str | None] = mapped_column(String(36), default=None)  # an exchange's
    payments: Mapped[list[RefundPayment]] = relationship(lazy="selectin")


class RefundPayment(Base):
    """How a refund's money went back: to the sale's own payment methods."""

    __tablename__ = "refund_payment"
    __table_args__ = (CheckConstraint("amount_fen > 0", name="amount"),)
    id: Mapped[str] = _id_column()
    refund_id: Mapped[str] = mapped_column(ForeignKey("refund.id"), index=True)
    method: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(64), default="")


class TicketEvent(Base):
    """What happened to a ticket after its sale (reprint, check-in, refund…),
    shown as its history when an order is looked up."""

    __tablename__ = "ticket_event"
    id: Mapped[str] = _id_column()
    ticket_id: Mapped[str] = mapped_column(String(36), index=True)
    order_id: Mapped[str] = mapped_column(String(36), index=True)
    shift_id: Mapped[str | None] = mapped_column(String(36), index=True, default=None)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(16))
    terminal_name: Mapped[str] = mapped_column(String(64), default="")
    user_login: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="")


class Shift(Base):
    """A cashier's shift at one terminal (班次), from the counted opening float
    to the counted close. Its figures come from the orders and refunds that
    name it; what was counted and decided at closing is kept here."""

    __tablename__ = "shift"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'closed')", name="status"),
        CheckConstraint("opening_float_fen >= 0", name="float"),
        Index(
            "uq_shift_open_terminal",
            "terminal_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )
    id: Mapped[str] = _id_column()
    terminal_id: Mapped[str] = mapped_column(String(36), index=True)
    terminal_name: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(36))
    user_login: Mapped[str] = mapped_column(String(64))
    cashier_name: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime]
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(16), default="open")
    blind: Mapped[bool] = mapped_column(Boolean, default=False)
    opening_float_fen: Mapped[int] = mapped_column(Integer)
    opening_counts: Mapped[str] = mapped_column(Text, default="{}")
    counted_fen: Mapped[int | None] = mapped_column(Integer, default=None)
    closing_counts: Mapped[str] = mapped_column(Text, default="{}")
    expected_cash_fen: Mapped[int | None] = mapped_column(Integer, default=None)
    difference_fen: Mapped[int | None] = mapped_column(Integer, default=None)
    difference_reason: Mapped[str] = mapped_column(Text, default="")
    approved_by: Mapped[str] = mapped_column(String(64), default="")
    unsynced_count: Mapped[int] = mapped_column(Integer, default=0)
    unsynced_fen: Mapped[int] = mapped_column(Integer, default=0)


class CashMovement(Base):
    """Cash put into (备用金追加) or taken out of (取款) the drawer during a shift."""

    __tablename__ = "cash_movement"
    __table_args__ = (
        CheckConstraint("kind IN ('in', 'out')", name="kind"),
        CheckConstraint("amount_fen > 0", name="amount"),
    )
    id: Mapped[str] = _id_column()
    shift_id: Mapped[str] = mapped_column(ForeignKey("shift.id"), index=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(8))
    amount_fen: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    user_login: Mapped[str] = mapped_column(String(64))


# --- Merchants: products and their sales at the tills --------------------------------


class Merchant(Base):
    """A shop or snack bar in the venue (商户), settled with daily."""

    __tablename__ = "merchant"
    __table_args__ = (
        CheckConstraint("fee_rate_bp >= 0 AND fee_rate_bp <= 10000", name="fee_rate"),
    )
    id: Mapped[str] = _id_column()
    name: Mapped[str] = mapped_column(String(64), unique=True)
    contact: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    # The venue's fee on the merchant's net sales, in basis points (500 = 5%).
    fee_rate_bp: Mapped[int] = mapped_column(Integer, default=0)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=now)


class ProductCategory(Base):
    """A merchant's product category (商品分类)."""

    __tablename__ = "product_category"
    __table_args__ = (UniqueConstraint("merchant_id", "name", name="uq_product_category_name"),)
    id: Mapped[str] = _id_column()
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchant.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Product(Base):
    """A product (商品); what is sold is one of its SKUs."""

    __tablename__ = "product"
    __table_args__ = (UniqueConstraint("merchant_id", "name", name="uq_product_name"),)
    id: Mapped[str] = _id_column()
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchant.id"), index=True)
    category_id: Mapped[str | None] = mapped_column(ForeignKey("product_category.id"), default=None)
    name: Mapped[str] = mapped_column(String(64))
    unit: Mapped[str] = mapped_column(String(8), default="")
    # On the till's grid of favourites (常用商品), in this order.
    favourite: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    skus: Mapped[list[ProductSku]] = relationship(
        back_populates="product", order_by="ProductSku.sort_order", lazy="selectin"
    )


class ProductSku(Base):
    """One sellable variant of a product (size, flavour…) with its own price,
    barcodes and, if tracked, stock."""

    __tablename__ = "product_sku"
    __table_args__ = (
        CheckConstraint("price_fen >= 0", name="price"),
        UniqueConstraint("merchant_id", "code", name="uq_product_sku_code"),
    )
    id: Mapped[str] = _id_column()
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id"), index=True)
    merchant_id: Mapped[str] = mapped_column(String(36))
    # The merchant's own code for it (货号): the key of the Excel import.
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64), default="")  # the attributes: "大杯 / 冰"
    price_fen: Mapped[int] = mapped_column(Integer)
    track_stock: Mapped[bool] = mapped_column(Boolean, default=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    product: Mapped[Product] = relationship(back_populates="skus")
    barcodes: Mapped[list[SkuBarcode]] = relationship(
        order_by="SkuBarcode.barcode", lazy="selectin", cascade="all, delete-orphan"
    )


class SkuBarcode(Base):
    """A barcode printed on a SKU; one SKU may have several, a barcode means one
    SKU of a merchant."""

    __tablename__ = "sku_barcode"
    __table_args__ = (UniqueConstraint("merchant_id", "barcode", name="uq_sku_barcode"),)
    id: Mapped[str] = _id_column()
    sku_id: Mapped[str] = mapped_column(ForeignKey("product_sku.id"), index=True)
    merchant_id: Mapped[str] = mapped_column(String(36))
    barcode: Mapped[str] = mapped_column(String(32))


class StockMovement(Base):
    """Stock in or out of a tracked SKU. Add-only: the stock is the sum, so sales
    made offline at several tills merge without conflict (negative stock is
    flagged, never refused). The id is minted where the movement happened."""

    __tablename__ = "stock_movement"
    __table_args__ = (
        CheckConstraint("kind IN ('receive', 'sale', 'refund', 'adjust')", name="kind"),
    )
    id: Mapped[str] = _id_column()
    sku_id: Mapped[str] = mapped_column(ForeignKey("product_sku.id"), index=True)
    at: Mapped[datetime]
    delta: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    order_id: Mapped[str | None] = mapped_column(String(36), index=True, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    user_login: Mapped[str] = mapped_column(String(64), default="")


class OrderLine(Base):
    """A line of a merchant order: a SKU (names and price as sold), or for a
    payment collection (商家收款) the amount with its note and no SKU."""

    __tablename__ = "order_line"
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty"),
        CheckConstraint("unit_price_fen >= 0", name="unit_price"),
        CheckConstraint("discount_fen >= 0", name="discount"),
        CheckConstraint("amount_fen >= 0", name="amount"),
    )
    id: Mapped[str] = _id_column()
    order_id: Mapped[str] = mapped_column(ForeignKey("sale_order.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    sku_id: Mapped[str | None] = mapped_column(String(36), index=True, default=None)
    product_name: Mapped[str] = mapped_column(String(64))
    sku_name: Mapped[str] = mapped_column(String(64), default="")
    barcode: Mapped[str] = mapped_column(String(32), default="")
    qty: Mapped[int] = mapped_column(Integer)
    unit_price_fen: Mapped[int] = mapped_column(Integer)
    discount_fen: Mapped[int] = mapped_column(Integer, default=0)
    amount_fen: Mapped[int] = mapped_column(Integer)  # qty × unit price − discount
    order: Mapped[SaleOrder] = relationship(back_populates="lines")


class RemovedLine(Base):
    """A line taken off the cart before payment (logged: 删除记录)."""

    __tablename__ = "removed_line"
    id: Mapped[str] = _id_column()
    order_id: Mapped[str] = mapped_column(ForeignKey("sale_order.id"), index=True)
    at: Mapped[datetime]
    product_name: Mapped[str] = mapped_column(String(64))
    sku_name: Mapped[str] = mapped_column(String(64), default="")
    qty: Mapped[int] = mapped_column(Integer)
    amount_fen: Mapped[int] = mapped_column(Integer)
    user_login: Mapped[str] = mapped_column(String(64), default="")


class RefundLine(Base):
    """How many of an order line a refund took back, and for how much."""

    __tablename__ = "refund_line"
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty"),
        CheckConstraint("amount_fen >= 0", name="amount"),
    )
    id: Mapped[str] = _id_column()
    refund_id: Mapped[str] = mapped_column(ForeignKey("refund.id"), index=True)
    line_id: Mapped[str] = mapped_column(ForeignKey("order_line.id"), index=True)
    qty: Mapped[int] = mapped_column(Integer)
    amount_fen: Mapped[int] = mapped_column(Integer)


class MerchantSettlement(Base):
    """A merchant's settlement (结算单) for one venue day: its sales and refunds,
    the venue's fee and what is owed to it. Confirmed as paid by hand."""

    __tablename__ = "merchant_settlement"
    __table_args__ = (
        UniqueConstraint("merchant_id", "day", name="uq_merchant_settlement_day"),
        CheckConstraint("status IN ('open', 'paid')", name="status"),
    )
    id: Mapped[str] = _id_column()
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchant.id"), index=True)
    day: Mapped[str] = mapped_column(String(10))  # YYYY-MM-DD, venue time
    orders: Mapped[int] = mapped_column(Integer, default=0)
    sales_fen: Mapped[int] = mapped_column(Integer, default=0)
    refunds_fen: Mapped[int] = mapped_column(Integer, default=0)
    fee_rate_bp: Mapped[int] = mapped_column(Integer, default=0)
    fee_fen: Mapped[int] = mapped_column(Integer, default=0)
    payable_fen: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=now)
    updated_at: Mapped[datetime] = mapped_column(default=now)
    status: Mapped[str] = mapped_column(String(8), default="open")
    paid_at: Mapped[datetime | None] = mapped_column(default=None)
    paid_by: Mapped[str] = mapped_column(String(64), default="")
    paid_reference: Mapped[str] = mapped_column(String(64), default="")


class HeldCart(Base):
    """A till's cart put aside (挂单) to serve someone else; recalled later.
    Kept on the till's own store only: it is not a sale."""

    __tablename__ = "held_cart"
    id: Mapped[str] = _id_column()
    held_at: Mapped[datetime]
    user_login: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(64), default="")
    total_fen: Mapped[int] = mapped_column(Integer, default=0)
    cart: Mapped[str] = mapped_column(Text)  # the cart as JSON


class IdempotencyRecord(Base):
    """An operation key seen by the central store, kept for good: a queue can sit
    offline for days and still replay safely."""

    __tablename__ = "idempotency_record"
    key: Mapped[str] = mapped_column(String(36), primary_key=True)
    operation: Mapped[str] = mapped_column(String(64))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=now)


class Change(Base):
    """The change feed. ``seq`` is handed out from ``change_counter`` inside the
    writing transaction, whose row lock is held to commit: sequence order is
    commit order, so a reader's cursor never skips a late-committing change."""

    __tablename__ = "change_feed"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(32))
    session_id: Mapped[str | None] = mapped_column(String(36), index=True)
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    payload: Mapped[str] = mapped_column(Text, default="{}")


class ChangeCounter(Base):
    __tablename__ = "change_counter"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(BigInteger, default=0)


# --- The terminal's outbox (client side of sync) --------------------------------


class OutboxEntry(Base):
    """An operation this terminal committed locally and still owes the central store.

    Written in the same local transaction as the sale it carries, so a crash
    can lose neither. Sent in order per aggregate with its ``id`` as the
    idempotency key; a refused one is parked with the reason, never deleted."""

    __tablename__ = "outbox_entry"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sent', 'parked')", name="status"),
        Index("ix_outbox_entry_pending", "status", "aggregate", "created_at"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the operation's UUIDv7
    aggregate: Mapped[str] = mapped_column(
        String(80)
    )  # e.g. "session:<id>": sent in order within it
    operation: Mapped[str] = mapped_column(String(32))  # e.g. "sale"
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    response: Mapped[str] = mapped_column(Text, default="")
    last_error: Mapped[str] = mapped_column(Text, default="")


# --- Printing -----------------------------------------------------------------------


class PrintJob(Base):
    """A document waiting for, or done with, one of this terminal's printers.

    Written after (or in the same transaction as) the sale it prints, so a sale
    is committed before anything prints, and a job survives paper out, a
    printer switched off or the app crashing: it stays ``pending`` with the
    fault in ``last_error`` until it prints or staff cancel it. A reprint is a
    new job pointing at the one it repeats (``reprint_of``), never an edit."""

    __tablename__ = "print_job"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'printed', 'cancelled')", name="status"),
        CheckConstraint("copy_no >= 1", name="copy_no"),
        Index("ix_print_job_pending", "status", "created_at"),
    )
    id: Mapped[str] = _id_column()
    created_at: Mapped[datetime] = mapped_column(default=now)
    created_by: Mapped[str] = mapped_column(String(36), default="")
    printer: Mapped[str] = mapped_column(String(16))  # "receipt" or "ticket"
    kind: Mapped[str] = mapped_column(String(32))  # the form: ticket, sale_receipt…
    title: Mapped[str] = mapped_column(String(128))
    document: Mapped[str] = mapped_column(Text)  # printing.document.Document as JSON
    order_id: Mapped[str | None] = mapped_column(String(36), index=True, default=None)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(32), default="")  # a PrinterFault code
    last_detail: Mapped[str] = mapped_column(Text, default="")
    last_attempt_at: Mapped[datetime | None] = mapped_column(default=None)
    printed_at: Mapped[datetime | None] = mapped_column(default=None)
    copy_no: Mapped[int] = mapped_column(Integer, default=1)  # 2+ for reprints
    reprint_of: Mapped[str | None] = mapped_column(String(36), default=None)


# --- Central store credentials ---------------------------------------------------


class TerminalCredential(Base):
    """A registered terminal's secret (stored hashed); the terminal keeps it in the OS keyring."""

    __tablename__ = "terminal_credential"
    terminal_id: Mapped[str] = mapped_column(
        ForeignKey("terminal.id", ondelete="CASCADE"), primary_key=True
    )
    key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=now)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class RegistrationCode(Base):
    """A one-time code an administrator gives to a new terminal to register it."""

    __tablename__ = "registration_code"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminal.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)


class StaffToken(Base):
    """A logged-in member of staff at a terminal; expires, ends at logout."""

    __tablename__ = "staff_token"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), index=True
    )
    terminal_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=now)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


# --- Offline leases of general-admission places -------------------------------------


class QuotaLease(Base):
    """General-admission places of a session set aside for one window, so it can
    sell them offline. ``places`` counts the ones still unsold: the window's own
    general-admission sales use them up first, nobody else's sales may touch them,
    and giving the lease back sets it to 0."""

    __tablename__ = "quota_lease"
    __table_args__ = (CheckConstraint("places >= 0", name="places"),)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("show_session.id", ondelete="CASCADE"), primary_key=True
    )
    terminal_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    places: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=now)
