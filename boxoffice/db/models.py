"""The local store's tables, as SQLAlchemy 2.x typed declarative models.

Every change to these is an Alembic migration under ``migrations/versions``;
``tests/test_store.py`` fails when models and migrations disagree.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
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
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
