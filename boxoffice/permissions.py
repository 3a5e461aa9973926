"""Named capabilities, at two grains: pages (what navigation shows) and actions.

Services check actions themselves (``boxoffice.services.base.service``); pages
only decide what the navigation offers. The built-in roles follow how venues
staff their windows, tills and back office.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .i18n import QT_TRANSLATE_NOOP


class Perm(StrEnum):
    # Pages
    PAGE_HOME = "page.home"
    PAGE_SESSIONS_TODAY = "page.sessions_today"
    PAGE_USERS = "page.users"
    PAGE_ROLES = "page.roles"
    PAGE_CATALOGUE = "page.catalogue"
    PAGE_SESSIONS = "page.sessions"
    PAGE_PRICES = "page.prices"
    PAGE_AUDIT = "page.audit"
    PAGE_SETTINGS = "page.settings"
    PAGE_PRINT_QUEUE = "page.print_queue"
    PAGE_WINDOW = "page.window"
    PAGE_ORDERS = "page.orders"
    PAGE_SHIFTS = "page.shifts"
    PAGE_TILL = "page.till"
    PAGE_PRODUCTS = "page.products"
    PAGE_MERCHANTS = "page.merchants"
    PAGE_MERCHANT_ORDERS = "page.merchant_orders"
    PAGE_MERCHANT_REPORTS = "page.merchant_reports"
    # Actions
    TICKETS_SELL = "tickets.sell"
    TICKETS_REFUND = "tickets.refund"
    TICKETS_FORCE_REFUND = "tickets.force_refund"
    TICKETS_REPRINT = "tickets.reprint"
    TICKETS_CHECK = "tickets.check"
    SEATS_LEASE = "seats.lease"
    SALES_DISCOUNT = "sales.discount"
    SALES_COMP = "sales.comp"
    MERCHANT_SELL = "merchant.sell"
    MERCHANT_REFUND = "merchant.refund"
    PRODUCTS_MANAGE = "products.manage"
    MERCHANTS_MANAGE = "merchants.manage"
    SETTLEMENT_CONFIRM = "settlement.confirm"
    SHIFT_CLOSE = "shift.close"
    SHIFT_VIEW_ALL = "shift.view_all"
    # Not a power but a rule for a role: its members close shifts blind, the
    # expected cash hidden until they have counted (the services hide it).
    SHIFT_BLIND = "shift.blind_close"
    REPORTS_VIEW = "reports.view"
    SESSIONS_VIEW = "sessions.view"
    VENUE_DESIGN = "venue.design"
    SHOWS_MANAGE = "shows.manage"
    PRICES_MANAGE = "prices.manage"
    USERS_MANAGE = "users.manage"
    ROLES_MANAGE = "roles.manage"
    AUDIT_VIEW = "audit.view"
    AUDIT_PURGE = "audit.purge"
    SETTINGS_MANAGE = "settings.manage"
    SYNC_OVERRIDE = "sync.override"


@dataclass(frozen=True)
class PermInfo:
    perm: Perm
    label: str  # English source text, "core" translation context
    is_page: bool


_LABELS: dict[Perm, str] = {
    Perm.PAGE_HOME: QT_TRANSLATE_NOOP("core", "Page: Home"),
    Perm.PAGE_SESSIONS_TODAY: QT_TRANSLATE_NOOP("core", "Page: Today's sessions"),
    Perm.PAGE_USERS: QT_TRANSLATE_NOOP("core", "Page: Staff accounts"),
    Perm.PAGE_ROLES: QT_TRANSLATE_NOOP("core", "Page: Roles and permissions"),
    Perm.PAGE_CATALOGUE: QT_TRANSLATE_NOOP("core", "Page: Shows and categories"),
    Perm.PAGE_SESSIONS: QT_TRANSLATE_NOOP("core", "Page: Sessions"),
    Perm.PAGE_PRICES: QT_TRANSLATE_NOOP("core", "Page: Prices and ticket types"),
    Perm.PAGE_AUDIT: QT_TRANSLATE_NOOP("core", "Page: Audit log"),
    Perm.PAGE_SETTINGS: QT_TRANSLATE_NOOP("core", "Page: Settings"),
    Perm.PAGE_PRINT_QUEUE: QT_TRANSLATE_NOOP("core", "Page: Print queue"),
    Perm.PAGE_WINDOW: QT_TRANSLATE_NOOP("core", "Page: Ticket window"),
    Perm.PAGE_ORDERS: QT_TRANSLATE_NOOP("core", "Page: Orders, refunds and ticket check"),
    Perm.PAGE_SHIFTS: QT_TRANSLATE_NOOP("core", "Page: Shift and handover"),
    Perm.PAGE_TILL: QT_TRANSLATE_NOOP("core", "Page: Merchant till"),
    Perm.PAGE_PRODUCTS: QT_TRANSLATE_NOOP("core", "Page: Products and stock"),
    Perm.PAGE_MERCHANTS: QT_TRANSLATE_NOOP("core", "Page: Merchants"),
    Perm.PAGE_MERCHANT_ORDERS: QT_TRANSLATE_NOOP("core", "Page: Merchant orders"),
    Perm.PAGE_MERCHANT_REPORTS: QT_TRANSLATE_NOOP("core", "Page: Merchant reports and settlement"),
    Perm.TICKETS_SELL: QT_TRANSLATE_NOOP("core", "Sell tickets"),
    Perm.TICKETS_REFUND: QT_TRANSLATE_NOOP("core", "Refund tickets"),
    Perm.TICKETS_FORCE_REFUND: QT_TRANSLATE_NOOP("core", "Force refund of used tickets"),
    Perm.TICKETS_REPRINT: QT_TRANSLATE_NOOP("core", "Reprint tickets"),
    Perm.TICKETS_CHECK: QT_TRANSLATE_NOOP("core", "Check tickets"),
    Perm.SEATS_LEASE: QT_TRANSLATE_NOOP("core", "Lease seats to a window for offline sale"),
    Perm.SALES_DISCOUNT: QT_TRANSLATE_NOOP("core", "Give manual discounts"),
    Perm.SALES_COMP: QT_TRANSLATE_NOOP("core", "Issue complimentary tickets"),
    Perm.MERCHANT_SELL: QT_TRANSLATE_NOOP("core", "Sell at a merchant till"),
    Perm.MERCHANT_REFUND: QT_TRANSLATE_NOOP("core", "Refund merchant receipts"),
    Perm.PRODUCTS_MANAGE: QT_TRANSLATE_NOOP("core", "Manage products, SKUs and stock"),
    Perm.MERCHANTS_MANAGE: QT_TRANSLATE_NOOP("core", "Manage merchants and their fee rates"),
    Perm.SETTLEMENT_CONFIRM: QT_TRANSLATE_NOOP("core", "Confirm merchant settlements as paid"),
    Perm.SHIFT_CLOSE: QT_TRANSLATE_NOOP("core", "Close shifts"),
    Perm.SHIFT_VIEW_ALL: QT_TRANSLATE_NOOP(
        "core", "View every terminal's shifts and approve cash differences"
    ),
    Perm.SHIFT_BLIND: QT_TRANSLATE_NOOP(
        "core", "Close shifts blind (count the cash before seeing the expected amount)"
    ),
    Perm.REPORTS_VIEW: QT_TRANSLATE_NOOP("core", "View reports"),
    Perm.SESSIONS_VIEW: QT_TRANSLATE_NOOP("core", "View sessions"),
    Perm.VENUE_DESIGN: QT_TRANSLATE_NOOP("core", "Design venue seat layouts"),
    Perm.SHOWS_MANAGE: QT_TRANSLATE_NOOP("core", "Manage shows and sessions"),
    Perm.PRICES_MANAGE: QT_TRANSLATE_NOOP("core", "Manage prices and ticket types"),
    Perm.USERS_MANAGE: QT_TRANSLATE_NOOP("core", "Manage staff accounts"),
    Perm.ROLES_MANAGE: QT_TRANSLATE_NOOP("core", "Manage roles"),
    Perm.AUDIT_VIEW: QT_TRANSLATE_NOOP("core", "View the audit log"),
    Perm.AUDIT_PURGE: QT_TRANSLATE_NOOP("core", "Delete old audit entries"),
    Perm.SETTINGS_MANAGE: QT_TRANSLATE_NOOP("core", "Change terminal and venue settings"),
    Perm.SYNC_OVERRIDE: QT_TRANSLATE_NOOP(
        "core", "Confirm logging out or disconnecting with sales not yet sent"
    ),
}

ALL_PERMISSIONS: tuple[PermInfo, ...] = tuple(
    PermInfo(p, _LABELS[p], p.value.startswith("page.")) for p in Perm
)


class BuiltinRole(StrEnum):
    CASHIER = "cashier"
    MERCHANT = "merchant_operator"
    MERCHANT_MANAGER = "merchant_manager"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


BUILTIN_ROLE_NAMES: dict[BuiltinRole, str] = {
    BuiltinRole.CASHIER: "售票员",
    BuiltinRole.MERCHANT: "商户操作员",
    BuiltinRole.MERCHANT_MANAGER: "商户管理员",
    BuiltinRole.SUPERVISOR: "值班主管",
    BuiltinRole.ADMIN: "系统管理员",
}

BUILTIN_ROLE_LABELS: dict[BuiltinRole, str] = {
    BuiltinRole.CASHIER: QT_TRANSLATE_NOOP("core", "Window cashier"),
    BuiltinRole.MERCHANT: QT_TRANSLATE_NOOP("core", "Merchant operator"),
    BuiltinRole.MERCHANT_MANAGER: QT_TRANSLATE_NOOP("core", "Merchant manager"),
    BuiltinRole.SUPERVISOR: QT_TRANSLATE_NOOP("core", "Supervisor"),
    BuiltinRole.ADMIN: QT_TRANSLATE_NOOP("core", "Administrator"),
}

_EVERYONE = {Perm.PAGE_HOME, Perm.PAGE_SETTINGS}
# A merchant's operator (操作员) sells at its till and hands over like a window
# cashier (blind); a merchant manager also keeps its products and reads its reports.
_MERCHANT_OPERATOR = _EVERYONE | {
    Perm.MERCHANT_SELL,
    Perm.SHIFT_CLOSE,
    Perm.SHIFT_BLIND,
    Perm.PAGE_PRINT_QUEUE,
    Perm.PAGE_TILL,
    Perm.PAGE_SHIFTS,
    Perm.PAGE_MERCHANT_ORDERS,
}

BUILTIN_ROLE_PERMISSIONS: dict[BuiltinRole, frozenset[Perm]] = {
    BuiltinRole.CASHIER: frozenset(
        _EVERYONE
        | {
            Perm.PAGE_SESSIONS_TODAY,
            Perm.SESSIONS_VIEW,
            Perm.TICKETS_SELL,
            Perm.TICKETS_REFUND,
            Perm.TICKETS_REPRINT,
            Perm.TICKETS_CHECK,
            Perm.SHIFT_CLOSE,
            Perm.SHIFT_BLIND,
            Perm.PAGE_PRINT_QUEUE,
            Perm.PAGE_WINDOW,
            Perm.PAGE_ORDERS,
            Perm.PAGE_SHIFTS,
        }
    ),
    BuiltinRole.MERCHANT: frozenset(_MERCHANT_OPERATOR),
    BuiltinRole.MERCHANT_MANAGER: frozenset(
        _MERCHANT_OPERATOR
        | {
            Perm.MERCHANT_REFUND,
            Perm.SALES_DISCOUNT,
            Perm.PRODUCTS_MANAGE,
            Perm.REPORTS_VIEW,
            Perm.PAGE_PRODUCTS,
            Perm.PAGE_MERCHANT_REPORTS,
        }
    ),
    BuiltinRole.SUPERVISOR: frozenset(
        _EVERYONE
        | {
            Perm.PAGE_SESSIONS_TODAY,
            Perm.PAGE_SESSIONS,
            Perm.PAGE_AUDIT,
            Perm.SESSIONS_VIEW,
            Perm.TICKETS_SELL,
            Perm.TICKETS_REFUND,
            Perm.TICKETS_FORCE_REFUND,
            Perm.TICKETS_REPRINT,
            Perm.TICKETS_CHECK,
            Perm.SEATS_LEASE,
            Perm.SALES_DISCOUNT,
            Perm.SALES_COMP,
            Perm.SHIFT_CLOSE,
            Perm.SHIFT_VIEW_ALL,
            Perm.REPORTS_VIEW,
            Perm.AUDIT_VIEW,
            Perm.SYNC_OVERRIDE,
            Perm.PAGE_PRINT_QUEUE,
            Perm.PAGE_WINDOW,
            Perm.PAGE_ORDERS,
            Perm.PAGE_SHIFTS,
            Perm.MERCHANT_REFUND,
            Perm.SETTLEMENT_CONFIRM,
            Perm.PAGE_MERCHANT_ORDERS,
            Perm.PAGE_MERCHANT_REPORTS,
        }
    ),
    BuiltinRole.ADMIN: frozenset(Perm) - {Perm.SHIFT_BLIND},
}
