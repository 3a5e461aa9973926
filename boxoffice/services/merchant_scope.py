"""Whose merchant data a member of staff may see and change.

A merchant's operators and managers (``User.merchant_id`` set) work on their
own merchant only: its products, orders, reports and settlements. Venue staff
(no merchant) work on every merchant. Every merchant service goes through
:func:`scope` / :func:`check_merchant`, so the rule holds on the central
store as much as at a single window, whatever the screens show.
"""

from __future__ import annotations

from ..db.models import Merchant
from ..errors import NotFound, PermissionDenied, ValidationError
from ..i18n import QT_TRANSLATE_NOOP
from .base import UnitOfWork


def scope(uow: UnitOfWork) -> str | None:
    """The caller's own merchant id, or None for venue staff (every merchant)."""
    return uow.user.merchant_id


def check_merchant(uow: UnitOfWork, merchant_id: str) -> Merchant:
    """The merchant ``merchant_id``, if it exists and the caller may work on it."""
    own = scope(uow)
    if own is not None and own != merchant_id:
        raise PermissionDenied(
            QT_TRANSLATE_NOOP("core", "You work for another merchant and cannot see this one.")
        )
    merchant = uow.session.get(Merchant, merchant_id)
    if merchant is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That merchant no longer exists."))
    return merchant


def selling_merchant(uow: UnitOfWork, merchant_id: str | None) -> Merchant:
    """The merchant a till sale is for: the operator's own (``merchant_id`` must
    be None or the same), or for venue staff the one they chose."""
    own = scope(uow)
    wanted = merchant_id or own
    if wanted is None:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Choose the merchant this till sells for."))
    merchant = check_merchant(uow, wanted)
    if not merchant.enabled:
        raise PermissionDenied(
            QT_TRANSLATE_NOOP("core", "The merchant “{name}” is disabled."), name=merchant.name
        )
    return merchant
