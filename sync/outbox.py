"""The outbox: operations this terminal committed locally and still owes the central store.

Writing: :func:`enqueue` adds an entry inside the caller's transaction, so the
local record and the promise to send it commit together or not at all.
:func:`record_sale` is the local side of a sale when the store is remote: the
outbox entry (with the whole order body) *is* the local record of the sale
until the central store's receipt comes back, written in one transaction
with its ``sale.queued`` audit entry.

Sending: :class:`OutboxWorker` drains due entries oldest first, with each
entry's own id as the idempotency key, for as long as it takes:

- an aggregate's (``session:<id>``) pending entries go in order, in batches
  (``POST /api/v1/orders/batch``: one request, one answer per sale), from its
  oldest pending entry up to the first that is not due: a later entry never
  goes before an earlier one of its aggregate is sent or parked. Finding a
  batch is one indexed query, and its answers are written in one local
  transaction;
- ``Unreachable`` / ``InFlight``: the outcome is unknown or pending, so the
  entry stays pending with the same id, ``attempts`` + 1, and a next attempt
  after exponential backoff with full jitter (for ``InFlight`` at least its
  ``retry_after``). ``Unreachable`` also ends the drain: the central store is
  away, and trying every other entry would only wait out every timeout;
- ``Refused``: the entry is **parked** with the reason (kind, message,
  params) and is never deleted. A parked entry does **not** block the later
  entries of its aggregate: the server has given its final answer for it,
  staff must act on it (:func:`parked`, :func:`requeue`), and holding every
  later sale of the session hostage to that would stop a whole show's sales;
- ``AuthExpired``: the drain stops, the entry is untouched, and the report
  says so; the GUI asks for a login.

Every sale carries the cashier who made it (``seller_id``, the user id that
:func:`record_sale` records), whoever is logged in when it is sent: the
central store records that cashier as the seller (after checking the account
is enabled and may sell) and the sender in the audit entry.

No transaction is open while a request is on the wire: the answers to a
request are written in one small local transaction, conditional on each
entry still being pending.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session as OrmSession

from boxoffice.clock import ensure_aware, now
from boxoffice.db.models import OutboxEntry
from boxoffice.db.store import Store
from boxoffice.errors import PermissionDenied, ValidationError
from boxoffice.i18n import QT_TRANSLATE_NOOP
from boxoffice.ids import is_uuid7
from boxoffice.money import MAX_FEN
from boxoffice.permissions import Perm
from boxoffice.services.base import Actor, UnitOfWork, record_denial
from boxoffice.services.idempotency import KeyReused
from boxoffice.services.seating import PAYMENT_METHODS

from .backoff import Backoff
from .client import AuthExpired, CentralClient, InFlight, Refused, Unreachable

log = logging.getLogger(__name__)

SALE = "sale"
GOODS_SALE = "goods_sale"
"""A till's sale (``till.sell_goods``), queued as the call's arguments."""
OPERATIONS = frozenset({SALE, GOODS_SALE})
"""Operations the worker knows how to send; :func:`enqueue` refuses any other."""
SALES = frozenset({SALE, GOODS_SALE})
"""The operations that are sales: money taken that the central store must record."""

DEFAULT_BACKOFF = Backoff(base=2.0, cap=300.0)
BATCH_SIZE = 100
"""Sales in one request at most (the central store takes up to 200)."""
BATCH_BYTES = 192 * 1024
"""Order bodies in one request at most, in bytes (the central store takes 256 KiB)."""

_ORDER_KEYS = frozenset(
    {
        "order_id",
        "number",
        "session_id",
        "hold_id",
        "lines",
        "payments",
        "seller_id",
        "shift_id",
        "phone",
        "note",
        "discount_fen",
    }
)
_LINE_KEYS = frozenset({"seat_id", "ticket_type_id", "zone_id"})
_PAYMENT_KEYS = frozenset({"method", "amount_fen", "reference"})
MAX_LINES = 200
MAX_PAYMENTS = 10


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# --- Writing ------------------------------------------------------------------------


def enqueue(
    session: OrmSession,
    *,
    op_id: str,
    aggregate: str,
    operation: str,
    payload: dict[str, Any],
    at: datetime,
) -> None:
    """Add an outbox entry in the caller's transaction (due at once).

    ``op_id`` is the operation's UUIDv7 and becomes its idempotency key."""
    if not is_uuid7(op_id):
        raise ValueError(f"an outbox entry's id must be a UUIDv7, got {op_id!r}")
    if operation not in OPERATIONS:
        raise ValueError(f"unknown outbox operation {operation!r}")
    if not aggregate or len(aggregate) > 80:
        raise ValueError(f"an aggregate is 1 to 80 characters, got {aggregate!r}")
    moment = ensure_aware(at)
    session.add(
        OutboxEntry(
            id=op_id,
            aggregate=aggregate,
            operation=operation,
            payload=_dumps(payload),
            status="pending",
            attempts=0,
            next_attempt_at=moment,
            created_at=moment,
            response="",
            last_error="",
        )
    )


def _text(value: Any, what: str, *, min_len: int, max_len: int, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str) or not min_len <= len(value) <= max_len:
        raise ValueError(f"{what} must be text of {min_len} to {max_len} characters: {value!r}")


def check_order_body(body: dict[str, Any]) -> dict[str, Any]:
    """Refuse a malformed order body before it is queued; returns a JSON-clean copy.

    What a cashier can get wrong is a ``ValidationError`` (no tickets, a bad
    payment); a body of the wrong shape is a bug in the caller (``ValueError``).
    Prices, totals, seats and holds are the central store's to check."""
    if not isinstance(body, dict):
        raise ValueError("an order body is a dict")
    copy: dict[str, Any] = json.loads(json.dumps(body))  # JSON-clean, detached
    if unknown := set(copy) - _ORDER_KEYS:
        raise ValueError(f"unknown order fields: {sorted(unknown)}")
    order_id = copy.get("order_id")
    if not isinstance(order_id, str) or not is_uuid7(order_id):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "An order id must be a UUIDv7."))
    number = copy.get("number")
    if not isinstance(number, str) or not number.strip() or len(number) > 32:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "An order needs a number of 1 to 32 characters.")
        )
    _text(copy.get("session_id"), "session_id", min_len=1, max_len=36)
    _text(copy.get("hold_id"), "hold_id", min_len=1, max_len=36, optional=True)
    _text(copy.get("seller_id"), "seller_id", min_len=1, max_len=36, optional=True)
    _text(copy.get("shift_id"), "shift_id", min_len=1, max_len=36, optional=True)
    _text(copy.get("phone"), "phone", min_len=0, max_len=20, optional=True)
    _text(copy.get("note"), "note", min_len=0, max_len=200, optional=True)
    discount = copy.get("discount_fen")
    if discount is not None and (type(discount) is not int or not 0 < discount <= MAX_FEN):
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "A discount must be more than ¥0 and at most the total.")
        )
    lines = copy.get("lines")
    if not isinstance(lines, list):
        raise ValueError("lines must be a list")
    if not lines:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "An order needs at least one ticket."))
    if len(lines) > MAX_LINES:
        raise ValueError(f"at most {MAX_LINES} lines in one order")
    seats: list[str] = []
    for line in lines:
        if not isinstance(line, dict) or set(line) - _LINE_KEYS:
            raise ValueError(f"a line has seat_id, ticket_type_id, zone_id: {line!r}")
        _text(line.get("seat_id"), "seat_id", min_len=1, max_len=64, optional=True)
        _text(line.get("ticket_type_id"), "ticket_type_id", min_len=1, max_len=36)
        _text(line.get("zone_id"), "zone_id", min_len=1, max_len=36, optional=True)
        if line.get("seat_id") is not None:
            seats.append(line["seat_id"])
    if len(set(seats)) != len(seats):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "A seat appears twice in the order."))
    payments = copy.get("payments", [])
    if not isinstance(payments, list) or len(payments) > MAX_PAYMENTS:
        raise ValueError(f"payments must be a list of at most {MAX_PAYMENTS}")
    for payment in payments:
        if not isinstance(payment, dict) or set(payment) - _PAYMENT_KEYS:
            raise ValueError(f"a payment has method, amount_fen, reference: {payment!r}")
        if payment.get("method") not in PAYMENT_METHODS:
            raise ValidationError(
                QT_TRANSLATE_NOOP("core", "Unknown payment method “{method}”."),
                method=str(payment.get("method")),
            )
        amount = payment.get("amount_fen")
        if type(amount) is not int or not 0 < amount <= MAX_FEN:
            raise ValidationError(QT_TRANSLATE_NOOP("core", "A payment must be a positive amount."))
        _text(payment.get("reference", ""), "reference", min_len=0, max_len=64)
    return copy


def record_sale(
    store: Store, actor: Actor, order_body: dict[str, Any], *, at: datetime | None = None
) -> str:
    """Queue a sale for the central store; returns its order id (the idempotency key).

    One local transaction: the outbox entry (the whole order body, with the
    actor's user id as ``seller_id``: the sale stays theirs whoever sends it)
    and a ``sale.queued`` audit entry. Recording the same body again is a
    no-op; the same order id with a different body is refused (``KeyReused``)."""
    if not actor.may(Perm.TICKETS_SELL):
        denied = PermissionDenied(
            QT_TRANSLATE_NOOP("core", "You do not have the permission “{permission}”."),
            permission=Perm.TICKETS_SELL.value,
        )
        record_denial(store, actor, "sync.record_sale", denied)
        raise denied
    body = check_order_body(order_body)
    if body.setdefault("seller_id", actor.user_id) != actor.user_id:
        raise ValueError("an order body's seller_id is the user id of the actor recording it")
    order_id: str = body["order_id"]
    payload = _dumps(body)
    moment = ensure_aware(at) if at is not None else now()
    with store.transaction() as session:
        existing = session.get(OutboxEntry, order_id)
        if existing is not None:
            if existing.operation == SALE and existing.payload == payload:
                return order_id  # recorded before (a retry after an unclear local failure)
            raise KeyReused(
                QT_TRANSLATE_NOOP(
                    "core", "This operation id was already used for a different request."
                )
            )
        enqueue(
            session,
            op_id=order_id,
            aggregate=f"session:{body['session_id']}",
            operation=SALE,
            payload=body,
            at=moment,
        )
        UnitOfWork(session, actor).audit(
            "sale.queued",
            "order",
            order_id,
            {
                "number": body["number"],
                "session_id": body["session_id"],
                "seats": sorted(line["seat_id"] for line in body["lines"] if line.get("seat_id")),
                "tickets": len(body["lines"]),
                "paid_fen": sum(p["amount_fen"] for p in body.get("payments", [])),
            },
        )
    return order_id


def record_goods_sale(
    store: Store, actor: Actor, args: dict[str, Any], *, at: datetime | None = None
) -> str:
    """Queue a till's sale: ``args`` are the wire-encoded keyword arguments of
    ``till.sell_goods`` (the central store checks them as it would online),
    with the actor as ``seller_id``. One local transaction with its
    ``goods.queued`` audit entry; the same args again are a no-op."""
    if not actor.may(Perm.MERCHANT_SELL):
        denied = PermissionDenied(
            QT_TRANSLATE_NOOP("core", "You do not have the permission “{permission}”."),
            permission=Perm.MERCHANT_SELL.value,
        )
        record_denial(store, actor, "sync.record_goods_sale", denied)
        raise denied
    body: dict[str, Any] = json.loads(json.dumps(args))
    if body.setdefault("seller_id", actor.user_id) != actor.user_id:
        raise ValueError("a sale's seller_id is the user id of the actor recording it")
    order_id = body.get("order_id")
    if not isinstance(order_id, str) or not is_uuid7(order_id):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "An order id must be a UUIDv7."))
    payload = _dumps(body)
    moment = ensure_aware(at) if at is not None else now()
    with store.transaction() as session:
        existing = session.get(OutboxEntry, order_id)
        if existing is not None:
            if existing.operation == GOODS_SALE and existing.payload == payload:
                return order_id
            raise KeyReused(
                QT_TRANSLATE_NOOP(
                    "core", "This operation id was already used for a different request."
                )
            )
        enqueue(
            session,
            op_id=order_id,
            aggregate=f"till:{actor.terminal_id or 'local'}",
            operation=GOODS_SALE,
            payload=body,
            at=moment,
        )
        UnitOfWork(session, actor).audit(
            "goods.queued",
            "order",
            order_id,
            {
                "number": body.get("number"),
                "lines": len(body.get("lines", [])),
                "paid_fen": sum(p["amount_fen"] for p in body.get("payments", [])),
            },
        )
    return order_id


# --- Reading ------------------------------------------------------------------------


@dataclass(frozen=True)
class OutboxRow:
    """An outbox entry as the GUI shows it ("needs attention", "waiting to send")."""

    id: str
    aggregate: str
    operation: str
    status: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None
    payload: dict[str, Any]
    error: dict[str, Any] | None  # {"kind", "message", "params", ...}: what went wrong last

    @classmethod
    def of(cls, entry: OutboxEntry) -> OutboxRow:
        return cls(
            entry.id,
            entry.aggregate,
            entry.operation,
            entry.status,
            entry.attempts,
            entry.created_at,
            entry.next_attempt_at,
            entry.sent_at,
            json.loads(entry.payload),
            json.loads(entry.last_error) if entry.last_error else None,
        )


def pending_count(store: Store, operations: frozenset[str] | None = None) -> int:
    with store.reading() as session:
        query = select(func.count()).select_from(OutboxEntry).where(OutboxEntry.status == "pending")
        if operations is not None:
            query = query.where(OutboxEntry.operation.in_(operations))
        return int(session.scalar(query) or 0)


def needs_override(store: Store, *, include_parked: bool = True) -> int:
    """How many sales this terminal holds that the central store has not recorded.

    Logging out, closing a shift or resetting data must warn and need a
    supervisor's override while this is above 0. Parked sales count too by
    default: the money was taken and the central store has no sale for it,
    so resetting the data would lose the only record."""
    statuses = ("pending", "parked") if include_parked else ("pending",)
    with store.reading() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(OutboxEntry)
                .where(OutboxEntry.operation.in_(SALES), OutboxEntry.status.in_(statuses))
            )
            or 0
        )


def parked(store: Store) -> list[OutboxRow]:
    """Refused entries, oldest first, with what went wrong: staff must act on them."""
    with store.reading() as session:
        return [
            OutboxRow.of(e)
            for e in session.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.status == "parked")
                .order_by(OutboxEntry.created_at, OutboxEntry.id)
            )
        ]


def pending(store: Store) -> list[OutboxRow]:
    """Entries waiting to be sent, oldest first (with the last failure, if any)."""
    with store.reading() as session:
        return [
            OutboxRow.of(e)
            for e in session.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.status == "pending")
                .order_by(OutboxEntry.created_at, OutboxEntry.id)
            )
        ]


def last_success_at(store: Store) -> datetime | None:
    with store.reading() as session:
        return session.scalar(
            select(func.max(OutboxEntry.sent_at)).where(OutboxEntry.status == "sent")
        )


def requeue(store: Store, actor: Actor, entry_id: str, *, at: datetime | None = None) -> bool:
    """Send a parked entry again (same id, so the server replays a final answer it
    already gave). For refusals that may not be final: a permission missing at
    the time, a session that was not yet on sale. Audited; False if not parked."""
    moment = ensure_aware(at) if at is not None else now()
    with store.transaction() as session:
        entry = session.get(OutboxEntry, entry_id)
        if entry is None or entry.status != "parked":
            return False
        entry.status = "pending"
        entry.next_attempt_at = moment
        UnitOfWork(session, actor).audit(
            f"{entry.operation}.requeued", "outbox", entry.id, {"after": entry.last_error}
        )
    return True


# --- Sending ------------------------------------------------------------------------


@dataclass(frozen=True)
class DrainReport:
    sent: int = 0
    retried: int = 0
    parked: int = 0
    remaining: int = 0  # pending after the drain, due or not
    auth_expired: bool = False  # stopped: a member of staff must log in
    offline: bool = False  # stopped: the central store did not answer

    def __add__(self, other: DrainReport) -> DrainReport:
        return DrainReport(
            self.sent + other.sent,
            self.retried + other.retried,
            self.parked + other.parked,
            other.remaining,
            other.auth_expired,
            other.offline,
        )


Clock = Callable[[], datetime]


class OutboxWorker:
    """Sends the outbox to the central store. Drains are serialized per worker;
    run one worker per local store."""

    def __init__(
        self,
        store: Store,
        client: CentralClient,
        *,
        clock: Clock = now,
        rng: random.Random | None = None,
        backoff: Backoff | None = None,
        actor: Actor | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.clock = clock
        base = backoff or DEFAULT_BACKOFF
        self.backoff = replace(base, rng=rng) if rng is not None else base
        self.actor = actor  # named in the audit entries of sent/parked sales, if given
        self._senders: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            SALE: client.send_order,
            GOODS_SALE: lambda args: client.call_service("till.sell_goods", args),
        }
        self._lock = threading.Lock()
        self._single_only = False  # the central store has no batch endpoint

    # --- queries (the GUI's status line and "needs attention" screen) ---

    def pending_count(self) -> int:
        return pending_count(self.store)

    def parked(self) -> list[OutboxRow]:
        return parked(self.store)

    def last_success_at(self) -> datetime | None:
        return last_success_at(self.store)

    def next_due_at(self) -> datetime | None:
        """When the earliest pending entry may be tried (None: nothing pending)."""
        with self.store.reading() as session:
            return session.scalar(
                select(func.min(OutboxEntry.next_attempt_at)).where(OutboxEntry.status == "pending")
            )

    # --- draining ---

    def _aggregates(self) -> list[str]:
        """Aggregates with pending entries, the one with the oldest entry first."""
        with self.store.reading() as session:
            return list(
                session.scalars(
                    select(OutboxEntry.aggregate)
                    .where(OutboxEntry.status == "pending")
                    .group_by(OutboxEntry.aggregate)
                    .order_by(func.min(OutboxEntry.created_at), OutboxEntry.aggregate)
                )
            )

    def _due_batch(
        self, aggregate: str, moment: datetime, tried: set[str], limit: int
    ) -> list[OutboxEntry]:
        """The aggregate's pending entries in order, from its oldest up to the first
        that is not due or was tried in this drain (at most ``limit``, and
        ``BATCH_BYTES`` of payload): one query on ``ix_outbox_entry_pending``."""
        with self.store.reading() as session:
            entries = session.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.status == "pending", OutboxEntry.aggregate == aggregate)
                .order_by(OutboxEntry.created_at, OutboxEntry.id)
                .limit(limit)
            )
            batch: list[OutboxEntry] = []
            size = 0
            for entry in entries:
                size += len(entry.payload)
                if entry.id in tried or entry.next_attempt_at > moment:
                    break
                if batch and (size > BATCH_BYTES or entry.operation != batch[0].operation):
                    break
                batch.append(entry)
            return batch

    def drain_once(self, max_items: int = BATCH_SIZE) -> DrainReport:
        """Try each due entry at most once (up to ``max_items``), in order per aggregate.

        An aggregate's due entries go together (up to ``BATCH_SIZE`` in one
        request); when the central store answers every one of them, the next
        ones of the aggregate may go in the same drain."""
        with self._lock:
            sent = retried = parked_now = 0
            tried: set[str] = set()
            auth_expired = offline = False
            aggregates = self._aggregates()
            progress = True
            while progress and len(tried) < max_items and not (auth_expired or offline):
                progress = False
                for aggregate in aggregates:
                    room = min(BATCH_SIZE, max_items - len(tried))
                    if room <= 0:
                        break
                    batch = self._due_batch(aggregate, self.clock(), tried, room)
                    if not batch:
                        continue
                    if batch[0].operation != SALE or self._single_only:
                        batch = batch[:1]  # sent alone: the rest stay due in this drain
                    progress = True
                    tried.update(e.id for e in batch)
                    outcome = self._send(batch)
                    sent += outcome.sent
                    parked_now += outcome.parked
                    retried += outcome.retried
                    if outcome.stop == "auth":
                        auth_expired = True
                        break
                    if outcome.stop == "offline":
                        offline = True
                        break
            return DrainReport(
                sent, retried, parked_now, pending_count(self.store), auth_expired, offline
            )

    def drain_until_empty(
        self, deadline_seconds: float, max_items: int = BATCH_SIZE
    ) -> DrainReport:
        """Drain until nothing is pending, a login is needed, or the deadline passes,
        sleeping (real time) until the next entry is due. For tests and benchmarks."""
        end = time.monotonic() + deadline_seconds
        total = DrainReport()
        while True:
            total = total + self.drain_once(max_items)
            left = end - time.monotonic()
            if total.remaining == 0 or total.auth_expired or left <= 0:
                return total
            due = self.next_due_at()
            wait = (due - self.clock()).total_seconds() if due is not None else 0.0
            time.sleep(min(max(wait, 0.005), left, 1.0))

    def _send(self, batch: list[OutboxEntry]) -> _Outcome:
        """Send a batch (or its first entry alone, where a batch cannot go) and
        write what came back."""
        if batch[0].operation != SALE or self._single_only:
            return self._send_one(batch[0])
        try:
            answers = self.client.send_orders([json.loads(e.payload) for e in batch])
        except AuthExpired:
            log.info("outbox: login needed; %s and %d more wait", batch[0].id, len(batch) - 1)
            return _Outcome(stop="auth")
        except Refused as refused:
            # The request as a whole was refused: a central store without the
            # batch endpoint, or something about the batch. The first entry goes
            # alone and gets its own answer; the others follow.
            if refused.status in (404, 405) and refused.kind == "HttpError":
                log.info("outbox: the central store takes no batches; sending one by one")
                self._single_only = True
            return self._send_one(batch[0])
        except InFlight as busy:
            delay = max(self.backoff.delay(batch[0].attempts + 1), busy.retry_after)
            error = {"kind": "InFlight", "retry_after": busy.retry_after}
            self._settle([(e, "retry", error, delay) for e in batch])
            return _Outcome(retried=len(batch))
        except Unreachable as away:
            delay = self.backoff.delay(batch[0].attempts + 1)
            error = {"kind": "Unreachable", "message": away.reason, "status": away.status}
            self._settle([(e, "retry", error, delay) for e in batch])
            return _Outcome(retried=len(batch), stop="offline")
        settled: list[tuple[OutboxEntry, str, dict[str, Any], float]] = []
        for entry, answer in zip(batch, answers, strict=False):
            if isinstance(answer, dict):
                settled.append((entry, "sent", answer, 0.0))
            elif isinstance(answer, InFlight):
                delay = max(self.backoff.delay(entry.attempts + 1), answer.retry_after)
                settled.append(
                    (entry, "retry", {"kind": "InFlight", "retry_after": answer.retry_after}, delay)
                )
            else:
                settled.append((entry, "parked", _refusal(answer), 0.0))
        return self._settle(settled)

    def _send_one(self, entry: OutboxEntry) -> _Outcome:
        sender = self._senders.get(entry.operation)
        if sender is None:  # only by tampering: enqueue() refuses unknown operations
            error: dict[str, Any] = {"kind": "UnknownOperation", "message": entry.operation}
            return self._settle([(entry, "parked", error, 0.0)])
        try:
            receipt = sender(json.loads(entry.payload))
        except AuthExpired:
            log.info("outbox: login needed; %s waits", entry.id)
            return _Outcome(stop="auth")
        except Refused as refused:
            return self._settle([(entry, "parked", _refusal(refused), 0.0)])
        except InFlight as busy:
            delay = max(self.backoff.delay(entry.attempts + 1), busy.retry_after)
            return self._settle(
                [(entry, "retry", {"kind": "InFlight", "retry_after": busy.retry_after}, delay)]
            )
        except Unreachable as away:
            delay = self.backoff.delay(entry.attempts + 1)
            away_error = {"kind": "Unreachable", "message": away.reason, "status": away.status}
            outcome = self._settle([(entry, "retry", away_error, delay)])
            return replace(outcome, stop="offline")
        return self._settle([(entry, "sent", receipt, 0.0)])

    def _settle(self, results: list[tuple[OutboxEntry, str, dict[str, Any], float]]) -> _Outcome:
        """Write what the central store said, in one local transaction: sent (with
        the receipt), parked (with the reason) or to retry after a delay; only
        entries still pending change, and sent and parked ones are audited."""
        moment = self.clock()
        outcome = _Outcome()
        with self.store.transaction() as session:
            ids = [entry.id for entry, *_ in results]
            attempts: dict[str, int] = {
                entry_id: tries
                for entry_id, tries in session.execute(
                    select(OutboxEntry.id, OutboxEntry.attempts).where(
                        OutboxEntry.id.in_(ids), OutboxEntry.status == "pending"
                    )
                )
            }
            rows: list[dict[str, Any]] = []
            uow = UnitOfWork(session, self.actor, deferred=True)
            for entry, what, value, delay in results:
                if entry.id not in attempts:
                    continue  # changed meanwhile (by another worker)
                tries = attempts[entry.id] + 1
                row: dict[str, Any] = {"id": entry.id, "attempts": tries}
                if what == "sent":
                    row |= {
                        "status": "sent",
                        "sent_at": moment,
                        "response": _dumps(value),
                        "last_error": "",
                    }
                    outcome = replace(outcome, sent=outcome.sent + 1)
                    uow.audit(f"{entry.operation}.sent", "outbox", entry.id, {"attempts": tries})
                    log.info("outbox: %s %s sent", entry.operation, entry.id)
                elif what == "parked":
                    row |= {"status": "parked", "last_error": _dumps(value)}
                    outcome = replace(outcome, parked=outcome.parked + 1)
                    uow.audit(
                        f"{entry.operation}.parked",
                        "outbox",
                        entry.id,
                        {"attempts": tries, "error": value},
                    )
                    log.warning(
                        "outbox: %s %s parked: %s", entry.operation, entry.id, value.get("kind")
                    )
                else:
                    row |= {
                        "next_attempt_at": moment + timedelta(seconds=delay),
                        "last_error": _dumps(value),
                    }
                    outcome = replace(outcome, retried=outcome.retried + 1)
                rows.append(row)
            shapes: dict[frozenset[str], list[dict[str, Any]]] = {}
            for row in rows:
                shapes.setdefault(frozenset(row), []).append(row)
            for same in shapes.values():  # one executemany per set of columns
                session.execute(update(OutboxEntry), same)
            uow.finish()
        return outcome


@dataclass(frozen=True)
class _Outcome:
    sent: int = 0
    parked: int = 0
    retried: int = 0
    stop: str = ""  # "auth": a login is needed; "offline": the central store is away


def _refusal(refused: Refused) -> dict[str, Any]:
    return {
        "kind": refused.kind,
        "message": refused.message,
        "params": refused.params,
        "status": refused.status,
    }
