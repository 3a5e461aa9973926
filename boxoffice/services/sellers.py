"""Who made a sale, and in which shift: the checks a ticket window's sale and a
till's sale share.

A sale queued offline is sent later by whoever is logged in; it names the
member of staff who made it (``seller_id``), who must still exist, be enabled
and hold the selling permission. A sale belongs to its seller's shift at its
terminal; a closed shift takes only the late sales of a close a supervisor
confirmed with sales still queued.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from ..db.models import RolePermission, Shift, User, user_role
from ..errors import Conflict, PermissionDenied, ValidationError
from ..i18n import QT_TRANSLATE_NOOP
from ..ids import UserId
from ..permissions import Perm
from .base import Actor


def load_seller(
    session: OrmSession, seller_id: str, sender: Actor | None, perm: Perm
) -> Actor | PermissionDenied:
    """The seller as an Actor at the sender's terminal, or the refusal to raise."""
    rows = session.execute(
        select(User.login, User.display_name, User.enabled, RolePermission.permission)
        .select_from(User)
        .outerjoin(user_role, user_role.c.user_id == User.id)
        .outerjoin(RolePermission, RolePermission.role_id == user_role.c.role_id)
        .where(User.id == seller_id)
    ).all()
    if not rows or not rows[0][2]:
        return PermissionDenied(
            QT_TRANSLATE_NOOP(
                "core",
                "The sale was made by {seller}, whose account is disabled or no longer exists. Enable the account, then send the sale again.",
            ),
            seller=rows[0][0] if rows else seller_id,
        )
    permissions = frozenset(r[3] for r in rows if r[3] is not None)
    if perm.value not in permissions:
        return PermissionDenied(
            QT_TRANSLATE_NOOP(
                "core",
                "The sale was made by {seller}, who does not have the permission “{permission}”. Give it back, then send the sale again.",
            ),
            seller=rows[0][0],
            permission=perm.value,
        )
    return Actor(
        UserId(seller_id),
        rows[0][0],
        rows[0][1],
        sender.terminal_id if sender else None,
        sender.terminal_name if sender else "",
        permissions,
    )


def check_shift(shift: Shift | None, terminal_id: str | None, seller: Actor | None) -> None:
    """A sale belongs to the seller's open shift at this terminal."""
    if (
        shift is None
        or (terminal_id is not None and shift.terminal_id != terminal_id)
        or (seller is not None and shift.user_id != seller.user_id)
    ):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "That shift is not yours at this window."))
    # Only a shift closed while some of its sales were still queued (a
    # supervisor confirmed it) takes sales after closing: those ones.
    if shift.status != "open" and not shift.unsynced_count:
        raise Conflict(QT_TRANSLATE_NOOP("core", "Your shift is closed. Open a shift to sell."))
