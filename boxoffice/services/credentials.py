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
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, bindparam, select, update

from ..clock import now
from ..db.models import (
    RegistrationCode,
    RolePermission,
    StaffToken,
    Terminal,
    TerminalCredential,
    User,
    user_role,
)
from ..db.pipeline import Query, read_together
from ..db.store import Store
from ..errors import AuthenticationFailed
from ..i18n import QT_TRANSLATE_NOOP
from ..ids import TerminalId, UserId
from ..permissions import Perm
from .auth import LoginResult
from .auth import login as check_login
from .base import Actor, UnitOfWork, Verified, service, user_permissions
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


_IDENTITY = (
    select(
        TerminalCredential.key_hash,
        TerminalCredential.revoked_at,
        Terminal.enabled,
        Terminal.name,
        StaffToken.user_id,
        StaffToken.terminal_id,
        StaffToken.revoked_at,
        StaffToken.expires_at,
        User.login,
        User.display_name,
        User.enabled,
        User.must_change_password,
        RolePermission.permission,
    )
    .select_from(TerminalCredential)
    .join(Terminal, Terminal.id == TerminalCredential.terminal_id)
    .outerjoin(StaffToken, StaffToken.token_hash == bindparam("token_hash"))
    .outerjoin(User, User.id == StaffToken.user_id)
    .outerjoin(user_role, user_role.c.user_id == User.id)
    .outerjoin(RolePermission, RolePermission.role_id == user_role.c.role_id)
    .where(TerminalCredential.terminal_id == bindparam("terminal_id"))
)
"""The terminal, its credential, the staff token, the account and every permission
its roles hold: one row per permission (one with NULLs if none), in one query."""


def identify(store: Store, terminal_id: str, key: str, token: str) -> Actor:
    """Who is calling, for one request of the central store: the terminal's key and
    the staff token checked, the account and its permissions read, in one query.

    The actor comes back ``verified``: the services of this request trust what
    was read here instead of reading the account again. Nothing is kept across
    requests, so a disabled account or a revoked permission takes effect at the
    next request. Refusals are those of :func:`check_terminal` and
    :func:`actor_for_token`."""
    with store.reader.connect() as conn:
        if conn.dialect.name == "postgresql":
            # One statement is its own snapshot: no BEGIN and ROLLBACK round trips.
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        return identify_on(conn, terminal_id, key, token)


def identify_on(conn: Connection, terminal_id: str, key: str, token: str) -> Actor:
    """:func:`identify` on a connection the caller has (a group of operations
    reads each caller's identity inside the transaction that serves them)."""
    statement, params = identity_query(terminal_id, token)
    return actor_from_rows(terminal_id, key, conn.execute(statement, params).all())


def identity_query(terminal_id: str, token: str) -> Query:
    """What :func:`identify` reads, for a caller that sends it with other reads
    (``boxoffice.db.pipeline.read_together``); :func:`actor_from_rows` checks it."""
    return (_IDENTITY, {"terminal_id": terminal_id, "token_hash": _digest(token)})


def actor_from_rows(terminal_id: str, key: str, rows: Sequence[Any]) -> Actor:
    """The caller from :func:`identity_query`'s rows, or its refusal (raised)."""
    return _actor_of(
        terminal_id,
        key,
        tuple(rows[0][:12]) if rows else None,
        frozenset(row[12] for row in rows if row[12] is not None),
    )


def _actor_of(
    terminal_id: str, key: str, found: tuple[Any, ...] | None, permissions: frozenset[str]
) -> Actor:
    """The caller, from the first twelve columns of :data:`_IDENTITY` (None: no
    such terminal) and the permissions its account's roles hold; or the refusal."""
    if (
        found is None
        or not found[2]
        or found[1] is not None
        or not hmac.compare_digest(found[0], _digest(key))
    ):
        raise AuthenticationFailed(QT_TRANSLATE_NOOP("core", "This terminal is not registered."))
    terminal_name: str = found[3]
    user_id: str | None = found[4]
    token_terminal: str | None = found[5]
    token_revoked: datetime | None = found[6]
    expires: datetime | None = found[7]
    login: str | None = found[8]
    display_name: str = found[9] or ""
    enabled: bool | None = found[10]
    must_change: bool | None = found[11]
    if (
        user_id is None
        or token_revoked is not None
        or expires is None
        or expires < now()
        or token_terminal != terminal_id
        or login is None
        or not enabled
    ):
        raise AuthenticationFailed(
            QT_TRANSLATE_NOOP("core", "Your session has ended. Please log in again.")
        )
    return Actor(
        UserId(user_id),
        login,
        display_name,
        TerminalId(terminal_id),
        terminal_name,
        permissions,
        Verified(time.monotonic(), bool(must_change)),
    )


_CALLERS = (
    select(
        TerminalCredential.terminal_id,
        StaffToken.token_hash,
        *_IDENTITY.selected_columns[:12],
    )
    .select_from(TerminalCredential)
    .join(Terminal, Terminal.id == TerminalCredential.terminal_id)
    .outerjoin(
        StaffToken,
        and_(
            StaffToken.terminal_id == TerminalCredential.terminal_id,
            StaffToken.token_hash.in_(bindparam("token_hashes", expanding=True)),
        ),
    )
    .outerjoin(User, User.id == StaffToken.user_id)
    .where(TerminalCredential.terminal_id.in_(bindparam("terminal_ids", expanding=True)))
)
""":data:`_IDENTITY` for several callers: a row per terminal and each of the
tokens asked about that belongs to it (the permissions are read apart)."""

_PERMISSIONS_OF = (
    select(StaffToken.user_id, RolePermission.permission)
    .join(user_role, user_role.c.user_id == StaffToken.user_id)
    .join(RolePermission, RolePermission.role_id == user_role.c.role_id)
    .where(StaffToken.token_hash.in_(bindparam("token_hashes", expanding=True)))
)
"""The permissions of the users the tokens asked about belong to: by token, not
by user, so that it needs nothing :data:`_CALLERS` reads and goes with it."""


def identify_many(
    conn: Connection, callers: list[tuple[str, str, str]]
) -> list[Actor | AuthenticationFailed]:
    """:func:`identify_on` for several callers (terminal id, key, staff token) in
    two statements sent together: each caller's actor, or its refusal
    (returned, not raised)."""
    hashes = [_digest(token) for _, _, token in callers]
    asked = sorted(set(hashes))
    rows, permissions = read_together(
        conn,
        [
            (
                _CALLERS,
                {
                    "terminal_ids": sorted({terminal_id for terminal_id, _, _ in callers}),
                    "token_hashes": asked,
                },
            ),
            (_PERMISSIONS_OF, {"token_hashes": asked}),
        ],
    )
    terminals: dict[str, tuple[Any, ...]] = {}
    pairs: dict[tuple[str, str], tuple[Any, ...]] = {}
    for row in rows:
        terminals.setdefault(row[0], tuple(row[2:6]) + (None,) * 8)  # no token of its own
        if row[1] is not None:
            pairs[(row[0], row[1])] = tuple(row[2:14])
    held: dict[str, set[str]] = {}
    for user_id, permission in permissions:
        held.setdefault(user_id, set()).add(permission)
    answers: list[Actor | AuthenticationFailed] = []
    for (terminal_id, key, _), digest in zip(callers, hashes, strict=True):
        found = pairs.get((terminal_id, digest)) or terminals.get(terminal_id)
        try:
            user_id = found[4] if found is not None else None
            answers.append(
                _actor_of(terminal_id, key, found, frozenset(held.get(user_id or "", ())))
            )
        except AuthenticationFailed as refused:
            answers.append(refused)
    return answers


def close_staff_session(store: Store, actor: Actor, token: str) -> None:
    with store.transaction() as session:
        session.execute(
            update(StaffToken)
            .where(StaffToken.token_hash == _digest(token), StaffToken.revoked_at.is_(None))
            .values(revoked_at=now())
        )
        UnitOfWork(session, actor).audit("auth.logout", "user", actor.user_id)
