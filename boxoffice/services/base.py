"""The service decorator, the unit of work, and who is calling (the Actor)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from ..clock import now
from ..db.models import Terminal, User
from ..db.store import Store
from ..errors import PermissionDenied
from ..i18n import QT_TRANSLATE_NOOP
from ..ids import TerminalId, UserId
from ..permissions import Perm
from . import audit_chain, idempotency

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Actor:
    """A logged-in member of staff at a terminal, as of login.

    ``permissions`` drives what the GUI offers; services re-read the user's
    roles from the store on every call, so a disabled account or a revoked
    permission takes effect at once."""

    user_id: UserId
    login: str
    display_name: str
    terminal_id: TerminalId | None
    terminal_name: str
    permissions: frozenset[str]

    def may(self, perm: Perm) -> bool:
        return perm.value in self.permissions


def user_permissions(user: User) -> frozenset[str]:
    return frozenset(p.permission for role in user.roles for p in role.permissions)


class UnitOfWork:
    """One transaction on behalf of one actor, with the audit log at hand."""

    def __init__(self, session: OrmSession, actor: Actor | None) -> None:
        self.session = session
        self.actor = actor
        self.audited = 0
        self._user: User | None = None

    @property
    def user(self) -> User:
        assert self._user is not None, "service ran without require()"
        return self._user

    def require(self, perm: Perm | None, alternative: Perm | None = None) -> None:
        """Refuse unless the actor's account is usable and holds ``perm`` (or ``alternative``)."""
        if self.actor is None:
            raise PermissionDenied(QT_TRANSLATE_NOOP("core", "Please log in first."))
        user = self.session.get(User, self.actor.user_id)
        if user is None or not user.enabled:
            raise PermissionDenied(
                QT_TRANSLATE_NOOP("core", "Your account is disabled. Ask an administrator.")
            )
        if user.must_change_password:
            raise PermissionDenied(
                QT_TRANSLATE_NOOP("core", "Please change your password before you continue.")
            )
        held = user_permissions(user)
        if (
            perm is not None
            and perm.value not in held
            and (alternative is None or alternative.value not in held)
        ):
            raise PermissionDenied(
                QT_TRANSLATE_NOOP("core", "You do not have the permission “{permission}”."),
                permission=perm.value,
            )
        self._user = user

    def audit(
        self,
        action: str,
        target_type: str = "",
        target_id: str = "",
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Append one entry to the hash-chained audit log, in this transaction."""
        if not isinstance(target_id, str):
            raise TypeError(f"audit target id must be text, got {target_id!r} (flush first?)")
        audit_chain.append(
            self.session,
            at=now(),
            user_id=self.actor.user_id if self.actor else None,
            user_login=self.actor.login if self.actor else "",
            terminal_id=self.actor.terminal_id if self.actor else None,
            terminal_name=self.actor.terminal_name if self.actor else "",
            action=action,
            target_type=target_type,
            target_id=target_id,
            detail=json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str),
        )
        self.audited += 1


@dataclass(frozen=True)
class ServiceInfo:
    name: str
    permission: Perm | None
    audited: bool
    alternative: Perm | None = None


REGISTRY: dict[str, ServiceInfo] = {}
"""Every operation declared with :func:`service`; the permission tests walk it."""


def service(
    permission: Perm | None,
    *,
    audited: bool,
    or_permission: Perm | None = None,
    idempotency_key: str | None = None,
) -> Callable[[Callable[Concatenate[UnitOfWork, P], R]], Callable[Concatenate[Store, Actor, P], R]]:
    """Declare a business operation.

    The wrapped function gets a :class:`UnitOfWork` whose permission check
    (``permission``, or else ``or_permission``) has passed; it is called as ``fn(store, actor, ...)``. A refused call writes
    an ``access.denied`` entry in its own transaction (the operation's own is
    rolled back). An ``audited`` operation that returns without writing an
    audit entry is a bug and fails loudly.
    """

    def decorate(
        fn: Callable[Concatenate[UnitOfWork, P], R],
    ) -> Callable[Concatenate[Store, Actor, P], R]:
        name = f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}"

        @functools.wraps(fn)
        def run(store: Store, actor: Actor, /, *args: P.args, **kwargs: P.kwargs) -> R:
            def attempt(session: OrmSession) -> R:
                uow = UnitOfWork(session, actor)
                uow.require(permission, or_permission)
                result = fn(uow, *args, **kwargs)
                if audited and not uow.audited:
                    raise AssertionError(f"{name} changed state without an audit entry")
                return result

            try:
                if idempotency_key is not None:
                    key = str(kwargs[idempotency_key])
                    return idempotency.once(store, name, key, dict(kwargs), attempt)
                # Reads run in a snapshot without the write lock; writes take it at BEGIN.
                with store.transaction() if audited else store.reading() as session:
                    return attempt(session)
            except PermissionDenied as denied:
                record_denial(store, actor, name, denied)
                raise

        REGISTRY[name] = ServiceInfo(name, permission, audited, or_permission)
        return run

    return decorate


def record_denial(
    store: Store, actor: Actor | None, operation: str, denied: PermissionDenied
) -> None:
    with store.transaction() as session:
        UnitOfWork(session, actor).audit(
            "access.denied", "service", operation, {"reason": denied.english()}
        )


def public_transaction(store: Store) -> Any:
    """A transaction for the few operations anyone may call (log in, read settings)."""
    return store.transaction()


def this_terminal(session: OrmSession, terminal_id: str | None) -> Terminal | None:
    if terminal_id is None:
        return None
    return session.scalar(select(Terminal).where(Terminal.id == terminal_id))
