"""First start of a store, and the demo venue.

A fresh store gets the built-in roles, the standard ticket types, one ticket
window and an ``admin`` account whose password must be changed at first
login (the legacy systems keep ``admin`` / ``000000`` for good; we do not).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session as OrmSession

from .barcodes import with_check_digit
from .clock import DEFAULT_TIMEZONE, now, venue_zone
from .db.models import (
    Hall,
    Merchant,
    PriceZone,
    Product,
    ProductCategory,
    ProductSku,
    Role,
    RolePermission,
    Session,
    SessionSeat,
    Setting,
    Show,
    ShowCategory,
    SkuBarcode,
    StockMovement,
    Terminal,
    TicketType,
    User,
    Venue,
)
from .db.store import Store
from .permissions import BUILTIN_ROLE_NAMES, BUILTIN_ROLE_PERMISSIONS, BuiltinRole
from .services.auth import hash_password
from .services.base import UnitOfWork

INITIAL_ADMIN_LOGIN = "admin"
INITIAL_ADMIN_PASSWORD = "boxoffice"

STANDARD_TICKET_TYPES = (
    # name, percent of the zone price, comp
    ("全价", 100, False),
    ("学生", 80, False),
    ("儿童", 50, False),
    ("老人", 50, False),
    ("赠票", 0, True),
)


def _roles(session: OrmSession) -> dict[BuiltinRole, Role]:
    found = {r.code: r for r in session.scalars(select(Role).where(Role.code.is_not(None)))}
    roles: dict[BuiltinRole, Role] = {}
    for code, name in BUILTIN_ROLE_NAMES.items():
        role = found.get(code.value)
        if role is None:
            role = Role(
                name=name,
                code=code.value,
                permissions=[
                    RolePermission(permission=p.value)
                    for p in sorted(BUILTIN_ROLE_PERMISSIONS[code])
                ],
            )
            session.add(role)
        roles[code] = role
    return roles


def add_initial_admin(session: OrmSession) -> User:
    """The first administrator (admin / boxoffice), who must choose a password at once."""
    roles = _roles(session)
    admin = User(
        login=INITIAL_ADMIN_LOGIN,
        display_name="系统管理员",
        password_hash=hash_password(INITIAL_ADMIN_PASSWORD),
        must_change_password=True,
        roles=[roles[BuiltinRole.ADMIN]],
    )
    session.add(admin)
    return admin


def ensure_initialized(store: Store) -> bool:
    """Seed a brand-new store; return whether anything was seeded."""
    with store.transaction() as session:
        if session.scalar(select(User).limit(1)) is not None:
            return False
        admin = add_initial_admin(session)
        for order, (name, percent, comp) in enumerate(STANDARD_TICKET_TYPES):
            session.add(TicketType(name=name, percent=percent, is_comp=comp, sort_order=order))
        window = Terminal(name="1号售票窗口", kind="window")
        session.add(window)
        session.flush()
        session.merge(Setting(key="terminal_id", value=f'"{window.id}"'))
        UnitOfWork(session, None).audit("system.initialize", "store", "", {"admin": admin.login})
        return True


@dataclass(frozen=True)
class DemoLogin:
    login: str
    password: str
    display_name: str
    role: BuiltinRole


DEMO_PASSWORD = "demo2026"
DEMO_ADMIN_PASSWORD = "demo-admin"

DEMO_LOGINS = (
    DemoLogin("zhangli", DEMO_PASSWORD, "张丽", BuiltinRole.CASHIER),
    DemoLogin("wangfang", DEMO_PASSWORD, "王芳", BuiltinRole.CASHIER),
    DemoLogin("liuyang", DEMO_PASSWORD, "刘洋", BuiltinRole.MERCHANT),
    DemoLogin("zhaolei", DEMO_PASSWORD, "赵磊", BuiltinRole.MERCHANT_MANAGER),
    DemoLogin("chenjing", DEMO_PASSWORD, "陈静", BuiltinRole.SUPERVISOR),
    DemoLogin("admin", DEMO_ADMIN_PASSWORD, "系统管理员", BuiltinRole.ADMIN),
)

# name, category, minutes, introduction, notices
_DEMO_SHOWS = (
    (
        "话剧《茶馆》",
        "话剧",
        165,
        "老舍代表作，北京人艺经典版本复排。",
        "演出开始后迟到观众需在幕间入场。1.2米以下儿童谢绝入场。",
    ),
    (
        "新年音乐会",
        "音乐会",
        120,
        "城市交响乐团新年音乐会，曲目含《拉德茨基进行曲》。",
        "请提前20分钟入场，演出中请勿拍照录像。",
    ),
    ("京剧《霸王别姬》", "戏曲", 150, "梅派经典剧目。", "演出全长约150分钟，含中场休息15分钟。"),
    (
        "儿童剧《小王子》",
        "儿童剧",
        80,
        "根据圣埃克苏佩里同名小说改编。",
        "儿童须购票，一名儿童须由一名成人陪同。",
    ),
    ("舞剧《朱鹮》", "舞蹈", 110, "一只鸟的千年之旅。", "演出中请将手机调至静音。"),
    ("脱口秀专场", "曲艺", 90, "小剧场即兴喜剧。", "本场为站席及散座，不对号入座。"),
)

_BIG_HALL_ZONES = (
    ("VIP", "#b8860b", 68000),
    ("甲票", "#c0392b", 48000),
    ("乙票", "#2e86c1", 28000),
    ("丙票", "#27ae60", 18000),
)
_SMALL_HALL_ZONES = (("散座", "#8e44ad", 12000),)


def seed_demo(store: Store, today: date | None = None) -> bool:
    """Add the demo venue to a store that has no venue yet; return whether it did."""
    ensure_initialized(store)
    with store.transaction() as session:
        if session.scalar(select(Venue).limit(1)) is not None:
            return False
        zone = venue_zone(DEFAULT_TIMEZONE)
        roles = _roles(session)
        for demo in DEMO_LOGINS:
            user = session.scalar(select(User).where(User.login == demo.login))
            if user is None:
                user = User(
                    login=demo.login, display_name=demo.display_name, roles=[roles[demo.role]]
                )
                session.add(user)
            user.password_hash = hash_password(demo.password)
            user.must_change_password = demo.role is BuiltinRole.ADMIN
        for name, kind in (("2号售票窗口", "window"), ("小卖部收银台", "till")):
            session.add(Terminal(name=name, kind=kind))
        venue = Venue(name="星海大剧院", address="滨江路88号")
        big = Hall(venue=venue, name="大剧场", seating="reserved", capacity=1200)
        small = Hall(venue=venue, name="小剧场", seating="general", capacity=300)
        session.add_all([venue, big, small])
        categories: dict[str, ShowCategory] = {}
        shows: list[Show] = []
        for order, (name, cat, minutes, intro, notices) in enumerate(_DEMO_SHOWS):
            if cat not in categories:
                categories[cat] = ShowCategory(name=cat, sort_order=order)
            show = Show(
                category=categories[cat],
                name=name,
                duration_minutes=minutes,
                introduction=intro,
                notices=notices,
            )
            shows.append(show)
        session.add_all(shows)
        first_day = today or now().astimezone(zone).date()
        big_hall_shows = shows[:5]
        for offset in range(14):
            day = first_day + timedelta(days=offset)
            _demo_session(
                session, big_hall_shows[offset % 5], big, day, time(19, 30), zone, _BIG_HALL_ZONES
            )
            if day.weekday() >= 5:  # weekend matinee of the children's play
                _demo_session(session, shows[3], big, day, time(14, 0), zone, _BIG_HALL_ZONES)
            _demo_session(session, shows[5], small, day, time(20, 0), zone, _SMALL_HALL_ZONES)
        _demo_merchants(session)
        session.flush()
        UnitOfWork(session, None).audit("system.demo_seed", "venue", venue.id, {"name": venue.name})
        return True


# The demo's merchants: merchant, fee (basis points), its staff, and its products:
# category, product, unit, favourite, [(SKU name, price in fen, stock or None)].
_DemoSku = tuple[str, int, int | None]
_DemoProduct = tuple[str, str, str, bool, list[_DemoSku]]
_DEMO_MERCHANTS: tuple[tuple[str, int, tuple[str, ...], tuple[_DemoProduct, ...]], ...] = (
    (
        "小卖部",
        800,
        ("liuyang", "zhaolei"),
        (
            ("饮料", "矿泉水", "瓶", True, [("550ml", 300, None)]),
            ("饮料", "可乐", "瓶", True, [("听装", 400, None), ("瓶装 500ml", 500, None)]),
            ("饮料", "咖啡", "杯", True, [("中杯", 1800, None), ("大杯", 2200, None)]),
            ("小食", "爆米花", "份", True, [("小份", 1500, None), ("大份", 2500, None)]),
            ("小食", "薯片", "袋", False, [("原味", 800, None), ("番茄味", 800, None)]),
        ),
    ),
    (
        "文创商店",
        500,
        (),
        (
            ("纪念品", "演出节目册", "本", True, [("2026演出季", 3000, 200)]),
            ("纪念品", "帆布袋", "个", True, [("米白", 4900, 50)]),
            ("纪念品", "冰箱贴", "个", False, [("茶馆", 2500, 80), ("霸王别姬", 2500, 3)]),
            ("服装", "剧院T恤", "件", False, [("M", 9900, 20), ("L", 9900, 20), ("XL", 9900, 0)]),
        ),
    ),
)


def demo_barcode(merchant_no: int, product_no: int, sku_no: int) -> str:
    """The demo's EAN-13 barcode of a SKU (prefix 69: China)."""
    return with_check_digit(f"6923456{merchant_no}{product_no:02d}{sku_no:02d}")


def _demo_merchants(session: OrmSession) -> None:
    at = now()
    for m_no, (name, fee, logins, products) in enumerate(_DEMO_MERCHANTS, start=1):
        merchant = Merchant(name=name, fee_rate_bp=fee, contact="", phone="")
        session.add(merchant)
        session.flush()
        for login in logins:
            user = session.scalar(select(User).where(User.login == login))
            if user is not None:
                user.merchant_id = merchant.id
        categories: dict[str, ProductCategory] = {}
        for p_no, (cat, product_name, unit, favourite, skus) in enumerate(products, start=1):
            if cat not in categories:
                categories[cat] = ProductCategory(
                    merchant_id=merchant.id, name=cat, sort_order=len(categories)
                )
                session.add(categories[cat])
                session.flush()
            product = Product(
                merchant_id=merchant.id,
                category_id=categories[cat].id,
                name=product_name,
                unit=unit,
                favourite=favourite,
                sort_order=p_no,
            )
            session.add(product)
            session.flush()
            for s_no, (sku_name, price, stock) in enumerate(skus, start=1):
                sku = ProductSku(
                    product_id=product.id,
                    merchant_id=merchant.id,
                    code=f"{m_no}{p_no:02d}{s_no:02d}",
                    name=sku_name,
                    price_fen=price,
                    track_stock=stock is not None,
                    sort_order=s_no,
                )
                sku.barcodes.append(
                    SkuBarcode(merchant_id=merchant.id, barcode=demo_barcode(m_no, p_no, s_no))
                )
                session.add(sku)
                session.flush()
                if stock:
                    session.add(
                        StockMovement(
                            sku_id=sku.id, at=at, delta=stock, kind="receive", note="期初库存"
                        )
                    )


# The large hall until the seat-map designer lays it out: 30 rows of 40 seats,
# zones front to back (rows 1–5 VIP, 6–15 甲, 16–25 乙, 26–30 丙).
BIG_HALL_ROWS, BIG_HALL_COLS = 30, 40
_BIG_HALL_ZONE_ROWS = (5, 10, 10, 5)


def _demo_session(
    session: OrmSession,
    show: Show,
    hall: Hall,
    day: date,
    at: time,
    zone: object,
    zones: tuple[tuple[str, str, int], ...],
) -> None:
    starts = datetime.combine(day, at, tzinfo=zone)  # type: ignore[arg-type]
    show_session = Session(
        show=show,
        hall=hall,
        starts_at=starts,
        status="on_sale",
        zones=[
            PriceZone(name=n, colour=c, price_fen=p, sort_order=i)
            for i, (n, c, p) in enumerate(zones)
        ],
    )
    session.add(show_session)
    if hall.seating != "reserved":
        return
    session.flush()
    by_row = [
        z.id
        for z, count in zip(show_session.zones, _BIG_HALL_ZONE_ROWS, strict=True)
        for _ in range(count)
    ]
    session.execute(
        insert(SessionSeat),
        [
            {
                "session_id": show_session.id,
                "seat_id": f"r{r}c{c}",
                "label": f"{r}排{c}号",
                "row": r,
                "col": c,
                "zone_id": by_row[r - 1],
                "accessible": r == BIG_HALL_ROWS and c <= 4,
                "state": "available",
            }
            for r in range(1, BIG_HALL_ROWS + 1)
            for c in range(1, BIG_HALL_COLS + 1)
        ],
    )
