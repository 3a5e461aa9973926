"""Logging in, lockout after repeated failures, and changing one's own password."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from ..clock import now
from ..db.models import User
from ..db.store import Store
from ..errors import AuthenticationFailed, ValidationError
from ..i18n import QT_TRANSLATE_NOOP
from ..ids import TerminalId, UserId
from .base import Actor, UnitOfWork, service, user_permissions
from .settings import read_settings

# argon2id with the library's defaults (RFC 9106 low-memory profile).
_hasher = PasswordHasher()

MIN_PASSWORD_LENGTH = 8
# What venues shipped or staff reach for first; refused outright.
_COMMON = {
    "000000",
    "00000000",
    "12345678",
    "123456789",
    "88888888",
    "password",
    "admin123",
    "11111111",
}


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_rules(password: str, login: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "The password needs at least {n} characters."),
            n=MIN_PASSWORD_LENGTH,
        )
    if password.lower() in _COMMON or password.lower() == login.lower() or len(set(password)) < 3:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "That password is too easy to guess. Choose another.")
        )


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class LoginResult:
    actor: Actor
    must_change_password: bool


def login(
    store: Store, login_name: str, password: str, *, terminal_id: str | None = None
) -> LoginResult:
    """Check a login name and password at a terminal: this device's (from the
    settings), or on the central store the calling terminal's.

    Wrong passwords count towards a lockout; the counter and the audit entry
    are committed even though the call then refuses."""
    name = login_name.strip().lower()
    refusal: AuthenticationFailed | None = None
    with store.transaction() as session:
        settings = read_settings(session)
        if terminal_id is None:
            terminal_id = settings.terminal_id
        else:
            settings = replace(settings, terminal_id=terminal_id)
        terminal_name = settings.terminal_name(session)
        at_terminal = TerminalId(terminal_id) if terminal_id else None
        user = session.scalar(select(User).where(User.login == name))
        anonymous = Actor(UserId(""), name, "", at_terminal, terminal_name, frozenset())
        uow = UnitOfWork(session, anonymous)
        moment = now()
        if user is None or not user.enabled:
            # Same message for unknown and disabled: do not reveal which logins exist.
            uow.audit("auth.login_failed", "user", name, {"reason": "unknown or disabled"})
            refusal = AuthenticationFailed(
                QT_TRANSLATE_NOOP("core", "Wrong login name or password.")
            )
        elif user.locked_until is not None and user.locked_until > moment:
            uow.audit("auth.login_locked", "user", user.id)
            minutes = max(1, int((user.locked_until - moment).total_seconds() // 60) + 1)
            refusal = AuthenticationFailed(
                QT_TRANSLATE_NOOP(
                    "core",
                    "This account is locked after too many failed logins. "
                    "Try again in {minutes} minutes or ask a supervisor.",
                ),
                minutes=minutes,
            )
        elif not verify_password(user.password_hash, password):
            user.failed_logins += 1
            detail: dict[str, object] = {"failed_logins": user.failed_logins}
            if user.failed_logins >= settings.lockout_threshold:
                user.locked_until = moment + timedelta(minutes=settings.lockout_minutes)
                user.failed_logins = 0
                detail["locked_until"] = user.locked_until.isoformat()
            uow.audit("auth.login_failed", "user", user.id, detail)
            refusal = AuthenticationFailed(
                QT_TRANSLATE_NOOP("core", "Wrong login name or password.")
            )
        else:
            user.failed_logins = 0
            user.locked_until = None
            user.last_login_at = moment
            actor = Actor(
                UserId(user.id),
                user.login,
                user.display_name,
                at_terminal,
                terminal_name,
                user_permissions(user),
            )
            UnitOfWork(session, actor).audit("auth.login", "user", user.id)
            return LoginResult(actor, user.must_change_password)
    assert refusal is not None
    raise refusal


def change_own_password(store: Store, actor: Actor, old_password: str, new_password: str) -> None:
    """Any logged-in user, including one who must change a first password."""
    with store.transaction() as session:
        user = session.get(User, actor.user_id)
        if user is None or not user.enabled:
            raise AuthenticationFailed(QT_TRANSLATE_NOOP("core", "Wrong login name or password."))
        if not verify_password(user.password_hash, old_password):
            raise ValidationError(QT_TRANSLATE_NOOP("core", "The current password is wrong."))
        if old_password == new_password:
            raise ValidationError(
                QT_TRANSLATE_NOOP("core", "The new password must differ from the current one.")
            )
        check_password_rules(new_password, user.login)
        user.password_hash = hash_password(new_password)
        user.must_change_password = False
        UnitOfWork(session, actor).audit("auth.password_changed", "user", user.id)


@service(None, audited=True)
def logout(uow: UnitOfWork) -> None:
    uow.audit("auth.logout", "user", uow.user.id)
