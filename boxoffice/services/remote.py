"""Which operations a terminal may run on the central store, and how a call is bound.

A terminal of a central store runs its admin and list screens against the
central store: the screen calls the same service function as at a single
window (one function per business operation), and ``sync.gateway.RemoteGateway``
sends it to ``POST /api/v1/call/{name}`` (``central/calls.py``), where the
same ``@service`` decorator checks the permission, audits and runs it with
the caller's staff token. Only the operations in :data:`ALLOWED` may be
called that way; :data:`NOT_REMOTE` says why each other operation may not.
Both sides import this module, so the terminal refuses a call the server
would refuse before any network traffic.

This module is data plus the binding of a call's arguments to the function's
signature; it imports neither FastAPI nor the HTTP client.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import inspect
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .. import wire
from ..clock import DEFAULT_TIMEZONE
from ..db.models import User
from ..db.store import Store
from ..errors import NotFound, PermissionDenied
from ..i18n import QT_TRANSLATE_NOOP
from ..ids import UserId
from .base import REGISTRY, Actor, user_permissions
from .settings import get_settings


class NotRemote(NotFound):
    """The central store does not run this operation for terminals."""


NOT_REMOTE_MESSAGE = QT_TRANSLATE_NOOP(
    "core", "The central store does not offer the operation “{operation}”."
)


# --- The few calls only a terminal needs -------------------------------------------------


@dataclass(frozen=True)
class VenueSettings:
    """The settings that belong to the venue (kept by the central store), as
    opposed to those of one terminal (its language, which terminal it is)."""

    venue_timezone: str = DEFAULT_TIMEZONE
    lockout_threshold: int = 5
    lockout_minutes: int = 15
    shift_difference_limit_fen: int = 1000
    void_minutes: int = 10


def venue_settings(store: Store, actor: Actor) -> VenueSettings:
    """The venue-wide settings; anyone logged in may read them (times are shown in the venue's zone)."""
    del actor  # like settings.get_settings: readable by all staff
    current = get_settings(store)
    return VenueSettings(
        **{f.name: getattr(current, f.name) for f in dataclasses.fields(VenueSettings)}
    )


def whoami(store: Store, actor: Actor) -> Actor:
    """The caller as the store knows them now: display name and permissions
    re-read, so a terminal can refresh what it offers after a role change.
    The terminal stays the caller's."""
    with store.reading() as session:
        user = session.get(User, actor.user_id)
        if user is None or not user.enabled:
            raise PermissionDenied(
                QT_TRANSLATE_NOOP("core", "Your account is disabled. Ask an administrator.")
            )
        return Actor(
            UserId(user.id),
            user.login,
            user.display_name,
            actor.terminal_id,
            actor.terminal_name,
            user_permissions(user),
        )


# --- The allow-list -----------------------------------------------------------------------


@dataclass(frozen=True)
class Allowed:
    """How an operation may be called remotely.

    ``keywords``: for a function taking ``**kwargs``, a dataclass whose fields
    name (and type) the only keywords a terminal may pass."""

    keywords: type | None = None


ALLOWED: Mapping[str, Allowed] = {
    # The catalogue: venues and halls, categories, shows, sessions, price zones, ticket types.
    "catalogue.list_venues": Allowed(),
    "catalogue.create_venue": Allowed(),
    "catalogue.list_halls": Allowed(),
    "catalogue.create_hall": Allowed(),
    "catalogue.update_hall": Allowed(),
    "catalogue.delete_hall": Allowed(),
    "catalogue.list_categories": Allowed(),
    "catalogue.save_category": Allowed(),
    "catalogue.delete_category": Allowed(),
    "catalogue.list_shows": Allowed(),
    "catalogue.save_show": Allowed(),
    "catalogue.delete_show": Allowed(),
    "catalogue.list_sessions": Allowed(),
    "catalogue.save_session": Allowed(),
    "catalogue.set_session_status": Allowed(),
    "catalogue.set_price_zones": Allowed(),
    "catalogue.list_ticket_types": Allowed(),
    "catalogue.save_ticket_type": Allowed(),
    "catalogue.list_sellable_ticket_types": Allowed(),
    # Seat layouts of halls: saved versions, and moving a session to another version.
    "layouts.save_hall_layout": Allowed(),
    "layouts.list_hall_layouts": Allowed(),
    "layouts.list_hall_layout_text": Allowed(),
    "layouts.move_session_to_layout": Allowed(),
    # Staff: accounts, roles, the list of terminals.
    "staff.list_users": Allowed(),
    "staff.create_user": Allowed(),
    "staff.update_user": Allowed(),
    "staff.set_user_enabled": Allowed(),
    "staff.reset_password": Allowed(),
    "staff.delete_user": Allowed(),
    "staff.list_roles": Allowed(),
    "staff.create_role": Allowed(),
    "staff.update_role": Allowed(),
    "staff.delete_role": Allowed(),
    "staff.list_terminals": Allowed(),
    # A new terminal of the central store comes with its one-time registration code.
    "credentials.create_terminal_code": Allowed(),
    # The audit log of the central store: read, verify, purge (each its own permission).
    "audit.list_audit": Allowed(),
    "audit.list_audit_actions": Allowed(),
    "audit.verify_audit_chain": Allowed(),
    "audit.purge_audit": Allowed(),
    # Exporting: the central store hands out (and audits) the rows; the terminal
    # writes the file on its own disk (audit.write_export).
    "audit.export_audit_rows": Allowed(),
    # Venue-wide settings only: the central store keeps them, every terminal shows them.
    "settings.update_settings": Allowed(keywords=VenueSettings),
    "remote.venue_settings": Allowed(),
    # Shifts and their handover (the figures are summed on the central store).
    "shifts.open_shift": Allowed(),
    "shifts.list_current_shift": Allowed(),
    "shifts.record_cash_movement": Allowed(),
    "shifts.list_shift_report": Allowed(),
    "shifts.list_shifts": Allowed(),
    "shifts.check_count": Allowed(),
    "shifts.close_shift": Allowed(),
    # After the sale: find, refund, void, exchange (idempotent by their refund id),
    # reprint and check. Online only: a refund needs the store of record.
    "orders.list_matching_orders": Allowed(),
    "orders.list_order_detail": Allowed(),
    "orders.refund_tickets": Allowed(),
    "orders.void_order": Allowed(),
    "orders.exchange_tickets": Allowed(),
    "orders.reprint_tickets": Allowed(),
    "orders.check_ticket": Allowed(),
    # Merchants and their products (商户管理, 商品管理), stock, the Excel import
    # (the terminal reads the file and sends the rows; all or nothing).
    "products.list_merchants": Allowed(),
    "products.save_merchant": Allowed(),
    "products.list_product_categories": Allowed(),
    "products.save_product_category": Allowed(),
    "products.delete_product_category": Allowed(),
    "products.list_products": Allowed(),
    "products.save_product": Allowed(),
    "products.set_product_enabled": Allowed(),
    "products.delete_product": Allowed(),
    "products.record_stock": Allowed(),
    "products.import_products": Allowed(),
    # The merchant till: its catalogue (kept by the till for offline sales), the
    # sale itself (idempotent by its order id; queued offline in the outbox with
    # the same arguments), receipts, refunds (online only) and delivery details.
    "till.list_till_catalogue": Allowed(),
    "till.sell_goods": Allowed(),
    "till.list_goods_order": Allowed(),
    "till.list_goods_orders": Allowed(),
    "till.refund_goods": Allowed(),
    "till.update_delivery": Allowed(),
    # Merchant reports (统计汇总报表) and settlements (结算记录): summed on the central
    # store, which also makes the settlements (a timer in central/app.py); a
    # supervisor confirms one paid, by hand.
    "merchant_reports.list_order_summary": Allowed(),
    "merchant_reports.list_daily": Allowed(),
    "merchant_reports.list_by_operator": Allowed(),
    "merchant_reports.list_by_product": Allowed(),
    "settlement.list_settlements": Allowed(),
    "settlement.confirm_settlement_paid": Allowed(),
    "settlement.refresh_settlements": Allowed(),
    # A terminal's ticket signing key, so its tickets check at every window.
    "ticket_keys.accept_public_key": Allowed(),
    # The logged-in member of staff: their own password and their current permissions.
    "auth.change_own_password": Allowed(),
    "remote.whoami": Allowed(),
}
"""Operations ``POST /api/v1/call/{name}`` runs, by REGISTRY-style name."""

NOT_REMOTE: Mapping[str, str] = {
    # Seats and sales have their own endpoints (holds, orders, leases, the feed),
    # with their own answers (the seats taken, retry-after), and the sale goes
    # through the outbox with its idempotency key, never through a generic call.
    "seating.hold_seats": "own endpoint: POST /api/v1/holds",
    "seating.best_available": "own endpoint: POST /api/v1/holds/best",
    "seating.extend_hold": "own endpoint: POST /api/v1/holds/{id}/extend",
    "seating.release_hold": "own endpoint: DELETE /api/v1/holds/{id}",
    "seating.sell": "idempotent sale: the outbox sends it to POST /api/v1/orders with its key",
    "seating.list_session_seats": "own endpoint: GET /api/v1/sessions/{id}/seats",
    "leases.lease_seats": "own endpoint: POST /api/v1/leases",
    "leases.ensure_standing_lease": "own endpoint: POST /api/v1/leases/standing",
    "leases.return_leases": "own endpoint: DELETE /api/v1/leases",
    "leases.lease_quota": "own endpoint: POST /api/v1/quota-leases",
    "changes.list_changes": "own endpoint: GET /api/v1/changes (the feed follower)",
    # Logging out must also end the staff token: CentralClient.logout does both.
    "auth.logout": "own endpoint: POST /api/v1/auth/logout ends the token too",
    # Writes a file: on the server it would write to the central store's disk.
    # The terminal asks for audit.export_audit_rows and writes the file itself.
    "audit.export_audit": "writes a file; use export_audit_rows and write it locally",
    # Terminal-local: the interface language of this terminal is kept on the terminal.
    "settings.set_language": "terminal-local setting (this terminal's language)",
    # A bare terminal row could never register with the central store; a terminal
    # of the central store is made with its one-time code (credentials.create_terminal_code).
    "staff.create_terminal": "use credentials.create_terminal_code: a terminal needs its code",
    # Terminal-local: each window prints on its own printers from its own queue.
    "device_settings.save_device_settings": "terminal-local setting (this terminal's devices)",
    "print_queue.list_print_jobs": "terminal-local: this terminal's print queue",
    "print_queue.list_print_document": "terminal-local: this terminal's print queue",
    "print_queue.reprint_job": "terminal-local: reprints on this terminal's printer",
    "print_queue.cancel_print_job": "terminal-local: this terminal's print queue",
    # Terminal-local: a cart put aside is not a sale; it stays on the till that holds it.
    "till.hold_cart": "terminal-local: a till's carts put aside",
    "till.list_held_carts": "terminal-local: a till's carts put aside",
    "till.recall_cart": "terminal-local: a till's carts put aside",
    "till.clear_cart": "terminal-local: logged in the till's own audit log",
}
"""Every other registered operation, with the reason it does not run remotely."""


# --- Binding a call -----------------------------------------------------------------------


@dataclass(frozen=True)
class RemoteCall:
    """An allowed operation as the call endpoint sees it."""

    name: str
    function: Callable[..., Any]
    """Called as ``function(store, actor, **arguments)``."""
    signature: inspect.Signature
    """The caller's parameters: after the unit of work (a service) or after ``store, actor``."""
    hints: Mapping[str, Any]
    """Parameter name (and ``"return"``) -> resolved type hint."""
    keywords: Mapping[str, Any]
    """For a function taking ``**kwargs``: the keywords allowed, with their types."""

    @property
    def result_hint(self) -> Any:
        return self.hints.get("return", Any)

    def bind(self, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> dict[str, Any]:
        """Name every argument of a call made as ``fn(store, actor, *args, **kwargs)``.

        Raises ``TypeError`` for a call the function itself would refuse (as
        calling it locally would), and ``ValidationError`` for a keyword that
        exists locally but not on the central store (``terminal_id``)."""
        bound = self.signature.bind(*args, **kwargs)
        named: dict[str, Any] = {}
        for name, value in bound.arguments.items():
            if self.signature.parameters[name].kind is inspect.Parameter.VAR_KEYWORD:
                for key, item in value.items():
                    if key not in self.keywords:
                        wire.refuse(wire.UNEXPECTED, key)
                    named[key] = item
            else:
                named[name] = value
        return named

    def decode_arguments(self, raw: Mapping[str, object]) -> dict[str, Any]:
        """The arguments of a call from their JSON, checked against the parameters' hints."""
        fixed = {
            p.name: p
            for p in self.signature.parameters.values()
            if p.kind is not inspect.Parameter.VAR_KEYWORD
        }
        decoded: dict[str, Any] = {}
        for name, value in raw.items():
            if name in fixed:
                decoded[name] = wire.decode(value, self.hints.get(name, Any), where=name)
            elif name in self.keywords:
                decoded[name] = wire.decode(value, self.keywords[name], where=name)
            else:
                wire.refuse(wire.UNEXPECTED, name)
        for p in fixed.values():
            if p.default is inspect.Parameter.empty and p.name not in decoded:
                wire.refuse(wire.MISSING, p.name)
        return decoded

    def invoke(self, store: Store, actor: Actor, arguments: Mapping[str, Any]) -> Any:
        return self.function(store, actor, **arguments)


def refuse_not_remote(name: str) -> typing.NoReturn:
    raise NotRemote(NOT_REMOTE_MESSAGE, operation=name)


@functools.cache
def remote_call(name: str) -> RemoteCall:
    """The allowed operation ``name`` ("catalogue.list_shows"); ``NotRemote`` otherwise."""
    if name not in ALLOWED:
        refuse_not_remote(name)
    module_name, _, function_name = name.partition(".")
    module = importlib.import_module(f"{__package__}.{module_name}")
    function = getattr(module, function_name)
    original = getattr(function, "__wrapped__", function)
    # A service's first parameter is its unit of work; a plain operation takes (store, actor).
    skip = 1 if name in REGISTRY else 2
    full = inspect.signature(original)
    parameters = list(full.parameters.values())[skip:]
    for p in parameters:
        if p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.VAR_POSITIONAL):
            raise TypeError(f"{name}: remote arguments are passed by name, not {p}")
        if p.kind is inspect.Parameter.VAR_KEYWORD and ALLOWED[name].keywords is None:
            raise TypeError(f"{name} takes **{p.name}: say which keywords are allowed")
    hints = typing.get_type_hints(original)
    keywords_type = ALLOWED[name].keywords
    keywords = wire.field_hints(keywords_type) if keywords_type is not None else {}
    call = RemoteCall(
        name,
        function,
        full.replace(parameters=parameters),
        {k: v for k, v in hints.items() if k == "return" or k in {p.name for p in parameters}},
        keywords,
    )
    for param, hint in [*call.hints.items(), *keywords.items()]:
        wire.check(hint, f"{name}({param})")
    return call


def name_of(fn: Callable[..., Any]) -> str:
    """``"catalogue.list_shows"`` for ``catalogue.list_shows`` (the REGISTRY naming)."""
    module = getattr(fn, "__module__", None) or ""
    return f"{module.rsplit('.', 1)[-1]}.{getattr(fn, '__name__', '?')}"


def call_for(fn: Callable[..., Any]) -> RemoteCall:
    """The remote call for ``fn`` as the GUI imports it; ``NotRemote`` unless it is
    exactly the allowed function of that name."""
    name = name_of(fn)
    if not getattr(fn, "__module__", "").startswith(f"{__package__}.") or name not in ALLOWED:
        refuse_not_remote(name)
    call = remote_call(name)
    if call.function is not fn:
        refuse_not_remote(name)
    return call
