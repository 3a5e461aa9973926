"""Operations of several callers in one transaction: a group commit.

At a busy venue many windows hold and sell at the same moment. Each hold or
sale alone costs a transaction: its BEGIN, the store-wide part at its end (the
change counter, the audit chain) and a commit that waits for the disk. The
central store gathers the operations that arrive while one group is being
written and writes them as the next group, in one transaction: the fixed cost
is paid once per group, and the busier the store, the bigger the groups.

Each operation keeps its own answer, exactly as alone: its own caller's
identity and permissions, checked inside the transaction, and the store as
the operations before it left it. Holds and sales are planned as batches
(``@service(batch=…)``: checked one after the other in memory, written
together at the end); any other operation runs in a savepoint of its own. A
refused one changes nothing (it leaves what a refusal leaves:
``access.denied``, the recorded answer of an idempotent operation) and the
others go on. Any other fault (the database went away, a
constraint the checks did not foresee) rolls the whole group back, and then
each operation runs again on its own, as if it had never been grouped: a
group is never an answer of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session as OrmSession

from ..db.pipeline import drop_held_back, send_held_back
from ..db.store import Store
from ..errors import AuthenticationFailed, BoxOfficeError
from . import audit_chain, changes, credentials
from .base import IN_TRANSACTION, WRITES_LATER, Actor, Audits, InTransaction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Caller:
    """Who sent an operation, as the request said: checked when it runs."""

    terminal_id: str
    terminal_key: str
    token: str


@dataclass(frozen=True)
class Call:
    """One operation declared with ``@service`` (``seating.sell``), its caller
    and its keyword arguments."""

    operation: Callable[..., Any]
    caller: Caller
    kwargs: dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    """An operation's answer: its result, or what it raised."""

    result: Any = None
    error: BaseException | None = None


def run_group(store: Store, calls: Sequence[Call], conn: Connection | None = None) -> list[Outcome]:
    """Run ``calls`` in one transaction, and answer each in order. ``conn``: a
    connection the caller keeps for its groups (``Store.transaction``)."""
    if len(calls) == 1:
        return [_single(store, calls[0], conn)]
    try:
        return _together(store, calls, conn)
    except Exception:
        log.warning(
            "a group of %d operations failed; running each alone", len(calls), exc_info=True
        )
        return [_alone(store, call) for call in calls]


def _single(store: Store, call: Call, conn: Connection | None) -> Outcome:
    """One operation: as in a group, but without a savepoint. A refusal rolls
    the transaction back, and what it leaves is written in one of its own (as
    ``@service`` does for one call)."""
    form = IN_TRANSACTION[call.operation]
    actor: Actor | None = None
    try:
        with store.transaction(conn) as session:
            changes.defer(session)
            audits: Audits = []
            actor = _identify(session, call.caller)
            result = form.run(session, actor, audits, call.kwargs)
            _store_wide(session, audits)
        return Outcome(result)
    except BoxOfficeError as refusal:
        if form.leaves_trace(refusal):
            try:
                with store.transaction(conn) as session:
                    audits = []
                    form.refused(session, actor, refusal, audits, call.kwargs)
                    _store_wide(session, audits)
            except Exception:  # the refusal stands; a concurrent attempt may have answered
                log.warning("could not record the refusal of %s", form.name, exc_info=True)
        return Outcome(error=refusal)
    except Exception as exc:
        return Outcome(error=exc)


def _identify(session: OrmSession, who: Caller) -> Actor:
    return credentials.identify_on(
        session.connection(), who.terminal_id, who.terminal_key, who.token
    )


def _store_wide(session: OrmSession, audits: Audits) -> None:
    """The store-wide part, once per transaction: change rows, then the audit
    chain, whose last link is read together with the change rows' writing (on
    PostgreSQL that statement takes the counter's row lock, the chain's too,
    and the read starts, with its own snapshot, once it is held)."""
    if audits and changes.has_deferred(session):
        (link,) = changes.write_deferred(session, then=[audit_chain.LAST_LINK])
        audit_chain.append_many(session, audits, after=audit_chain.link_of(session, link))
        return
    changes.write_deferred(session)
    if audits:
        audit_chain.append_many(session, audits)


def _alone(store: Store, call: Call) -> Outcome:
    """As if never grouped: the operation as a caller of ``@service`` runs it."""
    try:
        who = call.caller
        actor = credentials.identify(store, who.terminal_id, who.terminal_key, who.token)
        return Outcome(call.operation(store, actor, **call.kwargs))
    except Exception as exc:  # the caller's to raise, as if it had called
        return Outcome(error=exc)


def _together(store: Store, calls: Sequence[Call], conn: Connection | None) -> list[Outcome]:
    """Each operation's calls in turn (holds, then sales, say): as one batch
    where the operation has one, else each in its own savepoint. Calls that
    arrived together have no order among them; each is answered as if it had
    run alone at its place in this order."""
    outcomes: dict[int, Outcome] = {}
    by_operation: dict[Callable[..., Any], list[int]] = {}
    for i, call in enumerate(calls):
        by_operation.setdefault(call.operation, []).append(i)
    with store.transaction(conn) as session:
        changes.defer(session)
        # Each batch's writes go with the reads sent next (the next batch's, or
        # the change rows'): a round trip fewer per batch on PostgreSQL.
        session.info[WRITES_LATER] = True
        written = session.connection()
        try:
            audits: Audits = []
            batched = [
                i for op, idx in by_operation.items() if IN_TRANSACTION[op].many for i in idx
            ]
            identities = _identities(session, calls, batched)
            for operation, indexes in by_operation.items():
                form = IN_TRANSACTION[operation]
                if form.many is not None:
                    outcomes |= _as_batch(
                        session, form, [(i, calls[i], identities[i]) for i in indexes], audits
                    )
                    continue
                send_held_back(written)  # what runs alone reads the store as it is
                for i in indexes:
                    outcomes[i] = _in_savepoint(session, form, calls[i], audits)
            _store_wide(session, audits)
            send_held_back(written)  # nothing is committed without its writes
        except BaseException:
            drop_held_back(written)
            raise
        finally:
            session.info.pop(WRITES_LATER, None)
    return [outcomes[i] for i in range(len(calls))]


def _identities(
    session: OrmSession, calls: Sequence[Call], indexes: list[int]
) -> dict[int, Actor | AuthenticationFailed]:
    """The callers of the group's batched calls, identified together (two
    statements for the whole group, not per batch: a group is mostly holds
    and sales from the same windows)."""
    if not indexes:
        return {}
    found = credentials.identify_many(
        session.connection(),
        [(c.terminal_id, c.terminal_key, c.token) for c in (calls[i].caller for i in indexes)],
    )
    return dict(zip(indexes, found, strict=True))


def _as_batch(
    session: OrmSession,
    form: InTransaction,
    calls: list[tuple[int, Call, Actor | AuthenticationFailed]],
    audits: Audits,
) -> dict[int, Outcome]:
    """One operation's calls as one batch; each with its caller as identified
    (an Actor, or the refusal of its credentials)."""
    outcomes: dict[int, Outcome] = {}
    known: list[tuple[int, Actor, dict[str, Any]]] = []
    for i, call, actor in calls:
        if isinstance(actor, Actor):
            known.append((i, actor, call.kwargs))
            continue
        send_held_back(session.connection())  # what a refusal reads sees the store as it is
        form.refused(session, None, actor, audits, call.kwargs)
        outcomes[i] = Outcome(error=actor)
    assert form.many is not None
    answers = form.many(session, [(actor, kwargs) for _, actor, kwargs in known], audits)
    for (i, _, _), answer in zip(known, answers, strict=True):
        outcomes[i] = (
            Outcome(error=answer) if isinstance(answer, BoxOfficeError) else Outcome(answer)
        )
    return outcomes


def _in_savepoint(session: OrmSession, form: InTransaction, call: Call, audits: Audits) -> Outcome:
    mark = changes.deferred_count(session)
    savepoint = session.begin_nested()
    actor: Actor | None = None
    try:
        actor = _identify(session, call.caller)
        result = form.run(session, actor, audits, call.kwargs)
        savepoint.commit()
    except BoxOfficeError as refusal:
        savepoint.rollback()
        changes.forget_deferred_after(session, mark)
        form.refused(session, actor, refusal, audits, call.kwargs)
        return Outcome(error=refusal)
    return Outcome(result)
