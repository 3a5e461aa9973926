"""The pages of the main window and the permission each needs to be shown.

Navigation offers a page only to users holding its page permission; the
services behind each page check their own action permissions regardless.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP

from boxoffice.permissions import Perm

from ..context import AppContext
from .base import Page


@dataclass(frozen=True)
class PageSpec:
    key: str
    permission: Perm
    title: str  # source text in the "pages" translation context
    factory: Callable[[AppContext], Page]


def _home(ctx: AppContext) -> Page:
    from .home import HomePage

    return HomePage(ctx)


def _sessions_today(ctx: AppContext) -> Page:
    from .sessions_today import SessionsTodayPage

    return SessionsTodayPage(ctx)


def _window(ctx: AppContext) -> Page:
    from .window import WindowPage

    return WindowPage(ctx)


def _till(ctx: AppContext) -> Page:
    from .till import TillPage

    return TillPage(ctx)


def _orders(ctx: AppContext) -> Page:
    from .orders import OrdersPage

    return OrdersPage(ctx)


def _shifts(ctx: AppContext) -> Page:
    from .shifts import ShiftsPage

    return ShiftsPage(ctx)


def _merchant_orders(ctx: AppContext) -> Page:
    from .merchant_orders import MerchantOrdersPage

    return MerchantOrdersPage(ctx)


def _merchant_reports(ctx: AppContext) -> Page:
    from .merchant_reports import MerchantReportsPage

    return MerchantReportsPage(ctx)


def _users(ctx: AppContext) -> Page:
    from .users import UsersPage

    return UsersPage(ctx)


def _products(ctx: AppContext) -> Page:
    from .products import ProductsPage

    return ProductsPage(ctx)


def _merchants(ctx: AppContext) -> Page:
    from .merchants import MerchantsPage

    return MerchantsPage(ctx)


def _roles(ctx: AppContext) -> Page:
    from .roles import RolesPage

    return RolesPage(ctx)


def _catalogue(ctx: AppContext) -> Page:
    from .catalogue import CataloguePage

    return CataloguePage(ctx)


def _sessions(ctx: AppContext) -> Page:
    from .sessions import SessionsPage

    return SessionsPage(ctx)


def _prices(ctx: AppContext) -> Page:
    from .prices import PricesPage

    return PricesPage(ctx)


def _audit(ctx: AppContext) -> Page:
    from .audit import AuditPage

    return AuditPage(ctx)


def _print_queue(ctx: AppContext) -> Page:
    from .print_queue import PrintQueuePage

    return PrintQueuePage(ctx)


def _devices(ctx: AppContext) -> Page:
    from .devices import DevicesPage

    return DevicesPage(ctx)


def _settings(ctx: AppContext) -> Page:
    from .settings import SettingsPage

    return SettingsPage(ctx)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", Perm.PAGE_HOME, QT_TRANSLATE_NOOP("pages", "Home"), _home),
    PageSpec("window", Perm.PAGE_WINDOW, QT_TRANSLATE_NOOP("pages", "Ticket window"), _window),
    PageSpec("till", Perm.PAGE_TILL, QT_TRANSLATE_NOOP("pages", "Till"), _till),
    PageSpec("orders", Perm.PAGE_ORDERS, QT_TRANSLATE_NOOP("pages", "Orders"), _orders),
    PageSpec("shifts", Perm.PAGE_SHIFTS, QT_TRANSLATE_NOOP("pages", "Shift"), _shifts),
    PageSpec(
        "merchant_orders",
        Perm.PAGE_MERCHANT_ORDERS,
        QT_TRANSLATE_NOOP("pages", "Merchant orders"),
        _merchant_orders,
    ),
    PageSpec(
        "sessions_today",
        Perm.PAGE_SESSIONS_TODAY,
        QT_TRANSLATE_NOOP("pages", "Today's sessions"),
        _sessions_today,
    ),
    PageSpec("catalogue", Perm.PAGE_CATALOGUE, QT_TRANSLATE_NOOP("pages", "Shows"), _catalogue),
    PageSpec("sessions", Perm.PAGE_SESSIONS, QT_TRANSLATE_NOOP("pages", "Sessions"), _sessions),
    PageSpec("prices", Perm.PAGE_PRICES, QT_TRANSLATE_NOOP("pages", "Prices"), _prices),
    PageSpec("products", Perm.PAGE_PRODUCTS, QT_TRANSLATE_NOOP("pages", "Products"), _products),
    PageSpec("merchants", Perm.PAGE_MERCHANTS, QT_TRANSLATE_NOOP("pages", "Merchants"), _merchants),
    PageSpec(
        "merchant_reports",
        Perm.PAGE_MERCHANT_REPORTS,
        QT_TRANSLATE_NOOP("pages", "Merchant reports"),
        _merchant_reports,
    ),
    PageSpec("users", Perm.PAGE_USERS, QT_TRANSLATE_NOOP("pages", "Staff"), _users),
    PageSpec("roles", Perm.PAGE_ROLES, QT_TRANSLATE_NOOP("pages", "Roles"), _roles),
    PageSpec("audit", Perm.PAGE_AUDIT, QT_TRANSLATE_NOOP("pages", "Audit log"), _audit),
    PageSpec(
        "print_queue",
        Perm.PAGE_PRINT_QUEUE,
        QT_TRANSLATE_NOOP("pages", "Print queue"),
        _print_queue,
    ),
    # Setting up a terminal's hardware is an administrator's job.
    PageSpec("devices", Perm.SETTINGS_MANAGE, QT_TRANSLATE_NOOP("pages", "Devices"), _devices),
    PageSpec("settings", Perm.PAGE_SETTINGS, QT_TRANSLATE_NOOP("pages", "Settings"), _settings),
)


def pages_for(ctx: AppContext) -> list[PageSpec]:
    return [spec for spec in PAGES if ctx.may(spec.permission)]
