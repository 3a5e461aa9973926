"""Terminal registration and staff session tokens for the central store.

An administrator creates a terminal and gets a one-time code (valid a day);
the device exchanges it once for a terminal key, which it keeps in the OS
keyring. Staff log in at a registered terminal and get a token that expires.
Only hashes of codes, keys and tokens are stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from ..clock import now
from ..db.models import RegistrationCode, StaffToken, Terminal, TerminalCredential, User
from ..db.store import Store
from ..errors import AuthenticationFailed
from ..i18n import QT_TRANSLATE_NOOP
from ..ids import TerminalId, UserId
from ..permissions import Perm
from .auth import LoginResult
from .auth import login as check_login
from .base import Actor, UnitOfWork, service, user_permissions
from .staff import clean_terminal

CODE_LIFETIME = timedelta(hours=24)
TOKEN_LIFETIME = timedelta(hours=12)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewTerminal:
    terminal_id: TerminalId
    code: str
    expires_at: datetime


def _new_code(uow: UnitOfWork, name: str, kind: str) -> NewTerminal:
    cleaned = clean_terminal(name, kind)
    terminal = uow.session.scalar(select(Terminal).where(Terminal.name == cleaned))
    if terminal is None:
        terminal = Terminal(name=cleaned, kind=kind)
        uow.session.add(terminal)
        uow.session.flush()
    # Short enough to type at the new machine; 72 bits are never guessed within a day.
    code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
    expires = now() + CODE_LIFETIME
    uow.session.add(
        RegistrationCode(code_hash=_digest(code), terminal_id=terminal.id, expires_at=expires)
    )
    uow.audit(
        "terminal.code",
        "terminal",
        terminal.id,
        {"name": cleaned, "expires_at": expires.isoformat()},
    )
    return NewTerminal(TerminalId(terminal.id), code, expires)


@service(Perm.SETTINGS_MANAGE, audited=True)
def create_terminal_code(uow: UnitOfWork, *, name: str, kind: str) -> NewTerminal:
    """A new terminal (or an existing one of that name, to re-register it) and a one-time code."""
    return _new_code(uow, name, kind)


def create_terminal_code_at_server(store: Store, *, name: str, kind: str) -> NewTerminal:
    """The first code, made by whoever runs the central store on its own machine
    (``boxoffice-central code``): no terminal exists yet to log in from."""
    with store.transaction() as session:
        return _new_code(UnitOfWork(session, None), name, kind)


@dataclass(frozen=True)
class Registration:
    terminal_id: TerminalId
    terminal_name: str
    terminal_key: str


def register_terminal(store: Store, code: str) -> Registration:
    """Exchange a one-time code for the terminal's key; an older key of that terminal stops working."""
    with store.transaction() as session:
        found = session.get(RegistrationCode, _digest(code.strip().upper()))
        if found is None or found.used_at is not None or found.expires_at < now():
            raise AuthenticationFailed(
                QT_TRANSLATE_NOOP("core", "That registration code is unknown, used or expired.")
            )
        found.used_at = now()
        terminal = session.get(Terminal, found.terminal_id)
        assert terminal is not None
        key = secrets.token_urlsafe(32)
        session.merge(
            TerminalCredential(terminal_id=terminal.id, key_hash=_digest(key), created_at=now())
        )
        UnitOfWork(session, None).audit(
            "terminal.register", "terminal", terminal.id, {"name": terminal.name}
        )
        return Registration(TerminalId(terminal.id), terminal.name, key)


@dataclass(frozen=True)
class TerminalIdentity:
    terminal_id: TerminalId
    name: str


def check_terminal(store: Store, terminal_id: str, key: str) -> TerminalIdentity:
    with store.reading() as session:
        credential = session.get(TerminalCredential, terminal_id)
        terminal = session.get(Terminal, terminal_id)
        if (
            credential is None
            or terminal is None
            or not terminal.enabled
            or credential.revoked_at is not None
            or not hmac.compare_digest(credential.key_hash, _digest(key))
        ):
            raise AuthenticationFailed(
                QT_TRANSLATE_NOOP("core", "This terminal is not registered.")
            )
        return TerminalIdentity(TerminalId(terminal.id), terminal.name)


@dataclass(frozen=True)
class StaffSession:
    token: str
    expires_at: datetime
    login: LoginResult


def open_staff_session(
    store: Store, terminal: TerminalIdentity, login: str, password: str
) -> StaffSession:
    """Log in at a registered terminal (lockout and audit as at the desktop) and issue a token."""
    result = check_login(store, login, password, terminal_id=terminal.terminal_id)
    token = secrets.token_urlsafe(32)
    expires = now() + TOKEN_LIFETIME
    with store.transaction() as session:
        session.add(
            StaffToken(
                token_hash=_digest(token),
                user_id=result.actor.user_id,
                terminal_id=terminal.terminal_id,
                expires_at=expires,
            )
        )
    return StaffSession(token, expires, result)


def actor_for_token(store: Store, terminal: TerminalIdentity, token: str) -> Actor:
    """Who is calling: refused if the token is unknown, expired, ended, or from another terminal."""
    with store.reading() as session:
        found = session.get(StaffToken, _digest(token))
        if (
            found is None
            or found.revoked_at is not None
            or found.expires_at < now()
            or found.terminal_id != terminal.terminal_id
        ):
            raise AuthenticationFailed(
                QT_TRANSLATE_NOOP("core", "Your session has ended. Please log in again.")
            )
        user = session.get(User, found.user_id)
        if user is None or not user.enabled:
            raise AuthenticationFailed(
                QT_TRANSLATE_NOOP("core", "Your session has ended. Please log in again.")
            )
        return Actor(
            UserId(user.id),
            user.login,
            user.display_name,
            terminal.terminal_id,
            terminal.name,
            user_permissions(user),
        )


def close_staff_session(store: Store, actor: Actor, token: str) -> None:
    with store.transaction() as session:
        session.execute(
            update(StaffToken)
            .where(StaffToken.token_hash == _digest(token), StaffToken.revoked_at.is_(None))
            .values(revoked_at=now())
        )
        UnitOfWork(session, actor).audit("auth.logout", "user", actor.user_id)
