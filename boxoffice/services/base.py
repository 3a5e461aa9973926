"""The service decorator, the unit of work, and who is calling (the Actor)."""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from ..clock import now
from ..db.models import Terminal, User
from ..db.pipeline import sent_together, write_later
from ..db.store import Store
from ..errors import BoxOfficeError, PermissionDenied
from ..i18n import QT_TRANSLATE_NOOP
from ..ids import TerminalId, UserId
from ..permissions import Perm
from . import audit_chain, idempotency

P = ParamSpec("P")
R = TypeVar("R")


VERIFIED_FOR = 5.0
"""Seconds for which :meth:`UnitOfWork.require` trusts a :class:`Verified` actor.

A safety net, not a cache: the central store builds a new verified actor for
every request (``credentials.identify``); an actor kept past its request is
re-read from the store like any other."""


@dataclass(frozen=True)
class Verified:
    """What the store said about an account when the current request began:
    enabled (or the request would have been refused), whether it must change
    its password, and (in the actor) the permissions its roles hold."""

    at: float  # time.monotonic()
    must_change_password: bool

    def fresh(self) -> bool:
        return 0 <= time.monotonic() - self.at < VERIFIED_FOR


@dataclass(frozen=True)
class Actor:
    """A logged-in member of staff at a terminal, as of login.

    ``permissions`` drives what the GUI offers; services re-read the user's
    roles from the store on every call, so a disabled account or a revoked
    permission takes effect at once. The one exception is ``verified``: the
    central store reads the account, its roles and permissions once per
    request (in the same query as the token), and the services of that
    request use what it read instead of reading it again."""

    user_id: UserId
    login: str
    display_name: str
    terminal_id: TerminalId | None
    terminal_name: str
    permissions: frozenset[str]
    verified: Verified | None = field(default=None, compare=False, repr=False)

    def may(self, perm: Perm) -> bool:
        return perm.value in self.permissions


def user_permissions(user: User) -> frozenset[str]:
    return frozenset(p.permission for role in user.roles for p in role.permissions)


class UnitOfWork:
    """One transaction on behalf of one actor, with the audit log at hand.

    A ``deferred`` unit of work (every service declared with :func:`service`)
    keeps its audit entries and change-feed rows until :meth:`finish`, which
    writes them last, just before the commit: the audit chain's lock and the
    change counter's row lock are store-wide, so they are taken as late as
    possible and held for as few statements as possible."""

    def __init__(self, session: OrmSession, actor: Actor | None, *, deferred: bool = False) -> None:
        self.session = session
        self.actor = actor
        self.audited = 0
        self._user: User | None = None
        self._permissions: frozenset[str] | None = None
        self.deferred = deferred
        self.pending_audits: list[dict[str, Any]] = []
        if deferred:
            from . import changes  # changes imports this module

            changes.defer(session)

    @property
    def user(self) -> User:
        """The actor's account, as stored (read on first use if ``require`` trusted
        a verified actor)."""
        assert self._permissions is not None, "service ran without require()"
        if self._user is None:
            assert self.actor is not None
            user = self.session.get(User, self.actor.user_id)
            if user is None:
                raise PermissionDenied(
                    QT_TRANSLATE_NOOP("core", "Your account is disabled. Ask an administrator.")
                )
            self._user = user
        return self._user

    @property
    def permissions(self) -> frozenset[str]:
        """What the actor's roles hold, as checked by ``require``."""
        assert self._permissions is not None, "service ran without require()"
        return self._permissions

    def require(self, perm: Perm | None, alternative: Perm | None = None) -> None:
        """Refuse unless the actor's account is usable and holds ``perm`` (or ``alternative``).

        Reads the account from the store, unless the actor was verified by
        the store at the start of this very request (``Actor.verified``)."""
        if self.actor is None:
            raise PermissionDenied(QT_TRANSLATE_NOOP("core", "Please log in first."))
        verified = self.actor.verified
        if verified is not None and verified.fresh():
            must_change = verified.must_change_password
            held = self.actor.permissions
        else:
            user = self.session.get(User, self.actor.user_id)
            if user is None or not user.enabled:
                raise PermissionDenied(
                    QT_TRANSLATE_NOOP("core", "Your account is disabled. Ask an administrator.")
                )
            must_change = user.must_change_password
            held = user_permissions(user)
            self._user = user
        if must_change:
            raise PermissionDenied(
                QT_TRANSLATE_NOOP("core", "Please change your password before you continue.")
            )
        if (
            perm is not None
            and perm.value not in held
            and (alternative is None or alternative.value not in held)
        ):
            raise PermissionDenied(
                QT_TRANSLATE_NOOP("core", "You do not have the permission “{permission}”."),
                permission=perm.value,
            )
        self._permissions = held

    def audit(
        self,
        action: str,
        target_type: str = "",
        target_id: str = "",
        detail: dict[str, Any] | None = None,
        *,
        by: Actor | None = None,
    ) -> None:
        """Append one entry to the hash-chained audit log, in this transaction
        (at :meth:`finish` if deferred). ``by``: whom the entry names, if not
        the actor (a sale recorded for the cashier who made it)."""
        if not isinstance(target_id, str):
            raise TypeError(f"audit target id must be text, got {target_id!r} (flush first?)")
        who = by or self.actor
        entry: dict[str, Any] = {
            "at": now(),
            "user_id": who.user_id if who else None,
            "user_login": who.login if who else "",
            "terminal_id": who.terminal_id if who else None,
            "terminal_name": who.terminal_name if who else "",
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "detail": json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str),
        }
        if self.deferred:
            self.pending_audits.append(entry)
        else:
            audit_chain.append(self.session, **entry)
        self.audited += 1

    def finish(self) -> None:
        """Write what was deferred: the change-feed rows, then the audit entries.

        In that order everywhere (counter row, then the audit chain's lock), so
        two transactions never wait for each other's lock."""
        if not self.deferred:
            return
        from . import changes

        changes.write_deferred(self.session)
        if self.pending_audits:
            audit_chain.append_many(self.session, self.pending_audits)
            self.pending_audits = []


@dataclass(frozen=True)
class ServiceInfo:
    name: str
    permission: Perm | None
    audited: bool
    alternative: Perm | None = None


REGISTRY: dict[str, ServiceInfo] = {}
"""Every operation declared with :func:`service`; the permission tests walk it."""

Audits = list[dict[str, Any]]
"""Audit entries kept for the end of a transaction that several operations share."""

WRITES_LATER = "boxoffice.writes_later"
"""Set in a session's ``info`` by a group commit that sends the writes held
back (``boxoffice.db.pipeline.write_later``) itself: a batch's writes then go
with what the group sends next."""


class Batch(Protocol):
    """Several calls of one operation in one transaction, written together.

    ``add`` checks one call against the store as the calls before it left it
    (in memory: nothing is written yet) and returns its result, or raises a
    refusal having changed nothing; ``write`` writes every call added, in a
    few statements for all of them, and reads nothing back: on PostgreSQL
    they are sent together (``boxoffice.db.pipeline``) and yield no rows."""

    def add(self, uow: UnitOfWork, kwargs: dict[str, Any]) -> Any: ...

    def write(self) -> None: ...


Many = Callable[[OrmSession, list[tuple[Actor, dict[str, Any]]], Audits], list[Any]]
"""``many(session, [(actor, kwargs), …], audits)``: each call's result, or its
refusal (a ``BoxOfficeError``, returned, not raised), in order."""


@dataclass(frozen=True)
class InTransaction:
    """An operation declared with :func:`service`, run in a transaction its caller
    owns: ``services.group`` runs the operations of several callers in one
    transaction, each in its own savepoint, with what :func:`service` does
    around one call (permission check, idempotency, audit) done the same way.

    ``run(session, actor, audits, kwargs)``: the operation; its audit entries
    are added to ``audits`` when it succeeds. ``refused(session, actor,
    refusal, audits, kwargs)``: after its savepoint was rolled back, what a
    refusal leaves behind (``access.denied``; the recorded answer of an
    idempotent operation)."""

    name: str
    run: Callable[[OrmSession, Actor, Audits, dict[str, Any]], Any]
    refused: Callable[[OrmSession, Actor | None, BoxOfficeError, Audits, dict[str, Any]], None]
    idempotent: bool
    many: Many | None = None
    """For an operation declared with a ``batch``: several callers' calls
    planned one after the other and written together (no savepoint each)."""

    def leaves_trace(self, refusal: BoxOfficeError) -> bool:
        """Whether ``refused`` writes anything for this refusal."""
        return isinstance(refusal, PermissionDenied) or (
            self.idempotent and idempotency.remembered(refusal)
        )


IN_TRANSACTION: dict[Callable[..., Any], InTransaction] = {}
"""The in-transaction form of each operation declared with :func:`service`, by the
function callers call (``seating.sell`` and so on)."""


def service(
    permission: Perm | None,
    *,
    audited: bool,
    or_permission: Perm | None = None,
    idempotency_key: str | None = None,
    optional: frozenset[str] = frozenset(),
    batch: Callable[[OrmSession, list[dict[str, Any]]], Batch] | None = None,
) -> Callable[[Callable[Concatenate[UnitOfWork, P], R]], Callable[Concatenate[Store, Actor, P], R]]:
    """Declare a business operation.

    The wrapped function gets a :class:`UnitOfWork` whose permission check
    (``permission``, or else ``or_permission``) has passed; it is called as ``fn(store, actor, ...)``. A refused call writes
    an ``access.denied`` entry in its own transaction (the operation's own is
    rolled back). An ``audited`` operation that returns without writing an
    audit entry is a bug and fails loudly.

    With ``idempotency_key`` the call runs once per key (``idempotency.once``);
    the request's hash covers every keyword argument except those named in
    ``optional`` while they are None (arguments added later, so that keys
    recorded before them still replay).

    ``batch`` (a :class:`Batch` for a transaction and the calls' keyword
    arguments, to read ahead what they need) lets a group commit plan
    several callers' calls together and write them at once, each checked as
    one call alone would be (``InTransaction.many``).
    """

    def decorate(
        fn: Callable[Concatenate[UnitOfWork, P], R],
    ) -> Callable[Concatenate[Store, Actor, P], R]:
        name = f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}"

        @functools.wraps(fn)
        def run(store: Store, actor: Actor, /, *args: P.args, **kwargs: P.kwargs) -> R:
            def attempt(session: OrmSession) -> tuple[R, Callable[[], None]]:
                uow = UnitOfWork(session, actor, deferred=audited)
                uow.require(permission, or_permission)
                result = fn(uow, *args, **kwargs)
                if audited and not uow.audited:
                    raise AssertionError(f"{name} changed state without an audit entry")
                return result, uow.finish

            try:
                if idempotency_key is not None:
                    key = str(kwargs[idempotency_key])
                    request = {
                        k: v for k, v in kwargs.items() if v is not None or k not in optional
                    }
                    return idempotency.once(
                        store,
                        name,
                        key,
                        request,
                        attempt,
                        lambda session: UnitOfWork(session, actor).require(
                            permission, or_permission
                        ),
                    )
                # Reads run in a snapshot without the write lock; writes take it at BEGIN.
                with store.transaction() if audited else store.reading() as session:
                    result, finish = attempt(session)
                    finish()
                    return result
            except PermissionDenied as denied:
                record_denial(store, actor, name, denied)
                raise

        def request_of(kwargs: dict[str, Any]) -> dict[str, Any]:
            return {k: v for k, v in kwargs.items() if v is not None or k not in optional}

        def run_in(
            session: OrmSession, actor: Actor, audits: Audits, kwargs: dict[str, Any]
        ) -> Any:
            uow = UnitOfWork(session, actor, deferred=True)
            uow.require(permission, or_permission)
            if idempotency_key is not None:
                key = str(kwargs[idempotency_key])
                digest = idempotency.request_hash(name, request_of(kwargs))
                if _postgresql(session) and not idempotency.try_lock(session, [key]):
                    raise idempotency.in_flight()
                record = idempotency.find(session, key)
                if record is not None:
                    return idempotency.replay(record, digest)
                result = fn(uow, **kwargs)  # type: ignore[call-arg]
                idempotency.add(session, idempotency.success_record(name, key, digest, result))
            else:
                result = fn(uow, **kwargs)  # type: ignore[call-arg]
            if audited and not uow.audited:
                raise AssertionError(f"{name} changed state without an audit entry")
            audits.extend(uow.pending_audits)
            return result

        def refused_in(
            session: OrmSession,
            actor: Actor | None,
            refusal: BoxOfficeError,
            audits: Audits,
            kwargs: dict[str, Any],
        ) -> None:
            if isinstance(refusal, PermissionDenied):
                uow = UnitOfWork(session, actor, deferred=True)
                uow.audit("access.denied", "service", name, {"reason": refusal.english()})
                audits.extend(uow.pending_audits)
                return
            if idempotency_key is None or not idempotency.remembered(refusal):
                return
            key = str(kwargs[idempotency_key])
            if _postgresql(session) and not idempotency.try_lock(session, [key]):
                return  # another attempt is under way; its answer will stand
            if idempotency.find(session, key) is None:
                digest = idempotency.request_hash(name, request_of(kwargs))
                idempotency.add(session, idempotency.refusal_record(name, key, digest, refusal))

        def many(
            session: OrmSession, calls: list[tuple[Actor, dict[str, Any]]], audits: Audits
        ) -> list[Any]:
            assert batch is not None
            plan = batch(session, [kwargs for _, kwargs in calls])
            keys = [str(kw[idempotency_key]) for _, kw in calls] if idempotency_key else []
            locked, records = idempotency.lock_and_find(session, keys)
            new_records: list[Any] = []
            answers: list[Any] = []
            for i, (actor, kwargs) in enumerate(calls):
                uow = UnitOfWork(session, actor, deferred=True)
                digest = ""
                try:
                    uow.require(permission, or_permission)
                    if idempotency_key is not None:
                        if not locked[i]:
                            raise idempotency.in_flight()
                        digest = idempotency.request_hash(name, request_of(kwargs))
                        record = records.get(keys[i])
                        if record is not None:
                            answers.append(_replayed(record, digest))
                            continue
                    result = plan.add(uow, kwargs)
                except BoxOfficeError as refusal:
                    answers.append(refusal)
                    if isinstance(refusal, PermissionDenied):
                        refused_in(session, actor, refusal, audits, kwargs)
                    elif idempotency_key is not None and idempotency.remembered(refusal):
                        record = idempotency.refusal_record(name, keys[i], digest, refusal)
                        records[keys[i]] = record  # the same key again in this group replays it
                        new_records.append(record)
                    continue
                if audited and not uow.audited:
                    raise AssertionError(f"{name} changed state without an audit entry")
                audits.extend(uow.pending_audits)
                if idempotency_key is not None:
                    record = idempotency.success_record(name, keys[i], digest, result)
                    records[keys[i]] = record
                    new_records.append(record)
                answers.append(result)

            def write() -> None:
                plan.write()
                idempotency.add_many(session, new_records)

            # The writes of every call and their records, in one round trip; in a
            # group commit, with the next batch's reads (the group sends them first).
            if session.info.get(WRITES_LATER):
                write_later(session.connection(), write)
            else:
                with sent_together(session.connection()):
                    write()
            return answers

        REGISTRY[name] = ServiceInfo(name, permission, audited, or_permission)
        IN_TRANSACTION[run] = InTransaction(
            name,
            run_in,
            refused_in,
            idempotent=idempotency_key is not None,
            many=many if batch is not None else None,
        )
        return run

    return decorate


def _replayed(record: idempotency.Recorded, digest: str) -> Any:
    """A recorded answer: the result, or the recorded refusal (returned)."""
    try:
        return idempotency.replay(record, digest)
    except BoxOfficeError as refusal:
        return refusal


def _postgresql(session: OrmSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


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
