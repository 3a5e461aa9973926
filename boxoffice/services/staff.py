"""Staff accounts, roles and their permissions, and terminals."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select

from ..clock import now
from ..db.models import AuditEntry, Merchant, Role, RolePermission, Terminal, User
from ..errors import Conflict, NotFound, ValidationError
from ..i18n import QT_TRANSLATE_NOOP
from ..ids import MerchantId, RoleId, TerminalId, UserId
from ..permissions import Perm
from .auth import check_password_rules, hash_password
from .base import UnitOfWork, service
from .merchant_scope import check_merchant

_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")

KEEP_MERCHANT = "keep"
""":func:`update_user`'s default: the account stays with the merchant it has.
Leaving the merchant out of a call must never turn a merchant's operator into
venue staff, who see every merchant."""


@dataclass(frozen=True)
class UserRow:
    id: UserId
    login: str
    display_name: str
    enabled: bool
    must_change_password: bool
    locked: bool
    role_ids: tuple[RoleId, ...]
    role_names: tuple[str, ...]
    last_login_at: datetime | None
    created_at: datetime
    # The merchant an operator (操作员) works for; None: venue staff.
    merchant_id: MerchantId | None = None
    merchant_name: str = ""


@dataclass(frozen=True)
class RoleRow:
    id: RoleId
    name: str
    code: str | None
    description: str
    permissions: frozenset[str]
    user_count: int


@dataclass(frozen=True)
class TerminalRow:
    id: TerminalId
    name: str
    kind: str
    enabled: bool


def _user_row(user: User, merchants: dict[str, str]) -> UserRow:
    roles = sorted(user.roles, key=lambda r: r.name)
    return UserRow(
        UserId(user.id),
        user.login,
        user.display_name,
        user.enabled,
        user.must_change_password,
        user.locked_until is not None and user.locked_until > now(),
        tuple(RoleId(r.id) for r in roles),
        tuple(r.name for r in roles),
        user.last_login_at,
        user.created_at,
        MerchantId(user.merchant_id) if user.merchant_id else None,
        merchants.get(user.merchant_id or "", ""),
    )


def _get_user(uow: UnitOfWork, user_id: str) -> User:
    user = uow.session.get(User, user_id)
    if user is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That staff account no longer exists."))
    return user


def _roles(uow: UnitOfWork, role_ids: list[RoleId]) -> list[Role]:
    roles = list(uow.session.scalars(select(Role).where(Role.id.in_(role_ids))))
    if len(roles) != len(set(role_ids)):
        raise NotFound(QT_TRANSLATE_NOOP("core", "One of the chosen roles no longer exists."))
    return roles


def _clean_display_name(display_name: str) -> str:
    cleaned = display_name.strip()
    if not cleaned or len(cleaned) > 64:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "The display name must be 1 to 64 characters.")
        )
    return cleaned


def _someone_can_manage_staff(uow: UnitOfWork) -> bool:
    """Whether an enabled account can still manage staff (after the pending change)."""
    query = (
        select(func.count(User.id.distinct()))
        .join(User.roles)
        .join(RolePermission, RolePermission.role_id == Role.id)
        .where(User.enabled, RolePermission.permission == Perm.USERS_MANAGE.value)
    )
    return (uow.session.scalar(query) or 0) > 0


@service(Perm.USERS_MANAGE, audited=False)
def list_users(uow: UnitOfWork) -> list[UserRow]:
    merchants = {
        m_id: name for m_id, name in uow.session.execute(select(Merchant.id, Merchant.name))
    }
    users = uow.session.scalars(select(User).order_by(User.login))
    return [_user_row(u, merchants) for u in users]


def _merchant_of(uow: UnitOfWork, merchant_id: str | None) -> Merchant | None:
    """The merchant an account is to work for (None: venue staff)."""
    return check_merchant(uow, merchant_id) if merchant_id else None


@service(Perm.USERS_MANAGE, audited=True)
def create_user(
    uow: UnitOfWork,
    *,
    login: str,
    display_name: str,
    password: str,
    role_ids: list[RoleId],
    merchant_id: str | None = None,
) -> UserId:
    """A new account; the user must change the given password at first login.
    ``merchant_id``: the merchant an operator works for (None: venue staff)."""
    name = login.strip().lower()
    if not _LOGIN.match(name):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "core",
                "A login name is 2 to 32 letters, digits, dots, dashes or underscores.",
            )
        )
    if uow.session.scalar(select(User).where(User.login == name)) is not None:
        raise Conflict(QT_TRANSLATE_NOOP("core", "The login name “{login}” is taken."), login=name)
    check_password_rules(password, name)
    merchant = _merchant_of(uow, merchant_id)
    user = User(
        login=name,
        display_name=_clean_display_name(display_name),
        password_hash=hash_password(password),
        must_change_password=True,
        roles=_roles(uow, role_ids),
        merchant_id=merchant.id if merchant else None,
    )
    uow.session.add(user)
    uow.session.flush()
    uow.audit(
        "user.create",
        "user",
        user.id,
        {
            "login": name,
            "display_name": user.display_name,
            "roles": sorted(r.name for r in user.roles),
            **_merchant_detail(merchant),
        },
    )
    return UserId(user.id)


def _merchant_detail(merchant: Merchant | None) -> dict[str, str | None]:
    return {
        "merchant_id": merchant.id if merchant else None,
        "merchant": merchant.name if merchant else "",
    }


def _user_detail(uow: UnitOfWork, user: User) -> dict[str, object]:
    merchant = uow.session.get(Merchant, user.merchant_id) if user.merchant_id else None
    return {
        "display_name": user.display_name,
        "roles": sorted(r.name for r in user.roles),
        **_merchant_detail(merchant),
    }


@service(Perm.USERS_MANAGE, audited=True)
def update_user(
    uow: UnitOfWork,
    user_id: UserId,
    *,
    display_name: str,
    role_ids: list[RoleId],
    merchant_id: str | None = KEEP_MERCHANT,
) -> None:
    """Change an account's name and roles, and the merchant it works for
    (None: venue staff; left out: as it is)."""
    user = _get_user(uow, user_id)
    before = _user_detail(uow, user)
    user.display_name = _clean_display_name(display_name)
    user.roles = _roles(uow, role_ids)
    if merchant_id != KEEP_MERCHANT:
        merchant = _merchant_of(uow, merchant_id)
        user.merchant_id = merchant.id if merchant else None
    uow.session.flush()
    if not _someone_can_manage_staff(uow):
        raise Conflict(
            QT_TRANSLATE_NOOP("core", "At least one enabled account must be able to manage staff.")
        )
    uow.audit("user.update", "user", user.id, {"before": before, "after": _user_detail(uow, user)})


@service(Perm.USERS_MANAGE, audited=True)
def set_user_enabled(uow: UnitOfWork, user_id: UserId, enabled: bool) -> None:
    user = _get_user(uow, user_id)
    # The caller manages staff and cannot disable themself, so someone able to
    # manage staff always remains; no separate last-administrator check is needed.
    if not enabled and user.id == uow.user.id:
        raise Conflict(QT_TRANSLATE_NOOP("core", "You cannot disable your own account."))
    user.enabled = enabled
    if enabled:
        user.failed_logins = 0
        user.locked_until = None
    uow.audit("user.enable" if enabled else "user.disable", "user", user.id, {"login": user.login})


@service(Perm.USERS_MANAGE, audited=True)
def reset_password(uow: UnitOfWork, user_id: UserId, new_password: str) -> None:
    """Set a temporary password (the user must change it) and lift any lockout."""
    user = _get_user(uow, user_id)
    check_password_rules(new_password, user.login)
    user.password_hash = hash_password(new_password)
    user.must_change_password = True
    user.failed_logins = 0
    user.locked_until = None
    uow.audit("user.reset_password", "user", user.id, {"login": user.login})


@service(Perm.USERS_MANAGE, audited=True)
def delete_user(uow: UnitOfWork, user_id: UserId) -> None:
    """Only an account that never did anything: with history, disable it instead."""
    user = _get_user(uow, user_id)
    acted = uow.session.scalar(select(exists().where(AuditEntry.user_id == user.id)))
    if acted or user.last_login_at is not None:
        raise Conflict(
            QT_TRANSLATE_NOOP(
                "core",
                "“{login}” has a history of work and cannot be deleted. Disable the account instead.",
            ),
            login=user.login,
        )
    if user.id == uow.user.id:
        raise Conflict(QT_TRANSLATE_NOOP("core", "You cannot delete your own account."))
    login = user.login
    uow.session.delete(user)
    uow.audit("user.delete", "user", user_id, {"login": login})


# --- Roles -------------------------------------------------------------------


def _role_row(role: Role, user_count: int) -> RoleRow:
    return RoleRow(
        RoleId(role.id),
        role.name,
        role.code,
        role.description,
        frozenset(p.permission for p in role.permissions),
        user_count,
    )


@service(Perm.USERS_MANAGE, audited=False, or_permission=Perm.ROLES_MANAGE)
def list_roles(uow: UnitOfWork) -> list[RoleRow]:
    """Roles, for assigning them to users or for editing them."""
    counts = {
        role_id: n
        for role_id, n in uow.session.execute(
            select(Role.id, func.count(User.id)).outerjoin(Role.users).group_by(Role.id)
        )
    }
    roles = uow.session.scalars(select(Role).order_by(Role.code.is_(None), Role.name))
    return [_role_row(r, counts.get(r.id, 0)) for r in roles]


def _clean_permissions(permissions: set[str] | frozenset[str]) -> set[str]:
    known = {p.value for p in Perm}
    unknown = set(permissions) - known
    if unknown:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Unknown permission “{permission}”."),
            permission=sorted(unknown)[0],
        )
    return set(permissions)


def _clean_role_name(uow: UnitOfWork, name: str, role_id: str | None) -> str:
    cleaned = name.strip()
    if not cleaned or len(cleaned) > 64:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "A role name must be 1 to 64 characters."))
    clash = uow.session.scalar(select(Role).where(Role.name == cleaned, Role.id != (role_id or "")))
    if clash is not None:
        raise Conflict(
            QT_TRANSLATE_NOOP("core", "A role named “{name}” exists already."), name=cleaned
        )
    return cleaned


@service(Perm.ROLES_MANAGE, audited=True)
def create_role(
    uow: UnitOfWork, *, name: str, description: str = "", permissions: frozenset[str] = frozenset()
) -> RoleId:
    role = Role(
        name=_clean_role_name(uow, name, None),
        description=description.strip(),
        permissions=[RolePermission(permission=p) for p in sorted(_clean_permissions(permissions))],
    )
    uow.session.add(role)
    uow.session.flush()
    uow.audit(
        "role.create", "role", role.id, {"name": role.name, "permissions": sorted(permissions)}
    )
    return RoleId(role.id)


@service(Perm.ROLES_MANAGE, audited=True)
def update_role(
    uow: UnitOfWork, role_id: RoleId, *, name: str, description: str, permissions: frozenset[str]
) -> None:
    role = uow.session.get(Role, role_id)
    if role is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That role no longer exists."))
    before = sorted(p.permission for p in role.permissions)
    wanted = _clean_permissions(permissions)
    role.name = _clean_role_name(uow, name, role.id)
    role.description = description.strip()
    role.permissions = [RolePermission(permission=p) for p in sorted(wanted)]
    uow.session.flush()
    if not _someone_can_manage_staff(uow):
        raise Conflict(
            QT_TRANSLATE_NOOP("core", "At least one enabled account must be able to manage staff.")
        )
    uow.audit(
        "role.update",
        "role",
        role.id,
        {
            "name": role.name,
            "added": sorted(wanted - set(before)),
            "removed": sorted(set(before) - wanted),
        },
    )


@service(Perm.ROLES_MANAGE, audited=True)
def delete_role(uow: UnitOfWork, role_id: RoleId) -> None:
    role = uow.session.get(Role, role_id)
    if role is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That role no longer exists."))
    if role.code is not None:
        raise Conflict(QT_TRANSLATE_NOOP("core", "Built-in roles cannot be deleted."))
    if role.users:
        raise Conflict(
            QT_TRANSLATE_NOOP(
                "core", "The role “{name}” still has {n} users. Reassign them first."
            ),
            name=role.name,
            n=len(role.users),
        )
    uow.session.delete(role)
    uow.audit("role.delete", "role", role_id, {"name": role.name})


# --- Terminals ---------------------------------------------------------------


@service(None, audited=False)
def list_terminals(uow: UnitOfWork) -> list[TerminalRow]:
    return [
        TerminalRow(TerminalId(t.id), t.name, t.kind, t.enabled)
        for t in uow.session.scalars(select(Terminal).order_by(Terminal.name))
    ]


def clean_terminal(name: str, kind: str) -> str:
    """A terminal's name as stored, after checking it and its kind."""
    cleaned = name.strip()
    if not cleaned or len(cleaned) > 64:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "A terminal name must be 1 to 64 characters.")
        )
    if kind not in ("window", "till"):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "A terminal is a ticket window or a till."))
    return cleaned


@service(Perm.SETTINGS_MANAGE, audited=True)
def create_terminal(uow: UnitOfWork, *, name: str, kind: str) -> TerminalId:
    cleaned = clean_terminal(name, kind)
    if uow.session.scalar(select(Terminal).where(Terminal.name == cleaned)) is not None:
        raise Conflict(
            QT_TRANSLATE_NOOP("core", "A terminal named “{name}” exists already."), name=cleaned
        )
    terminal = Terminal(name=cleaned, kind=kind)
    uow.session.add(terminal)
    uow.session.flush()
    uow.audit("terminal.create", "terminal", terminal.id, {"name": cleaned, "kind": kind})
    return TerminalId(terminal.id)
