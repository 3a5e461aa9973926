"""The HTTP layer: credentials, request models, error mapping, endpoints."""

# No "from __future__ import annotations": FastAPI must see the Depends() in
# annotations that name closures inside create_app().

import json
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import parse_qsl

from fastapi import Depends, FastAPI, Header, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from boxoffice import __version__
from boxoffice.db.store import Store
from boxoffice.errors import (
    AuthenticationFailed,
    BoxOfficeError,
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from boxoffice.i18n import QT_TRANSLATE_NOOP
from boxoffice.ids import SessionId
from boxoffice.money import MAX_FEN
from boxoffice.services import catalogue, changes, credentials, leases, seating, settlement
from boxoffice.services.base import Actor
from boxoffice.services.credentials import TerminalIdentity
from boxoffice.services.group import Call, Caller
from boxoffice.services.idempotency import InFlight
from boxoffice.services.products import ImportRejected

from . import calls
from .feed import FeedCache
from .feed import page as feed_page
from .group_commit import GroupCommit
from .hot import CentralApp, HotHandler, body_of, fault, headers_of, hot_route, json_bytes, respond
from .writer_process import WriterProcess

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024

_STATUS: list[tuple[type[BoxOfficeError], int]] = [
    (AuthenticationFailed, 401),
    (PermissionDenied, 403),
    (NotFound, 404),
    (Conflict, 409),
    (ValidationError, 422),
]


def error_body(
    kind: str, message: str, params: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    return {"error": {"kind": kind, "message": message, "params": params or {}, **extra}}


def refusal(exc: BoxOfficeError) -> tuple[int, dict[str, Any], dict[str, str]]:
    """A refusal as the API answers it: status, body and headers."""
    status = next((code for kind, code in _STATUS if isinstance(exc, kind)), 409)
    extra: dict[str, Any] = {}
    headers = {}
    if isinstance(exc, seating.SeatsUnavailable):
        extra["taken"] = [t.__dict__ for t in exc.taken]
    if isinstance(exc, ImportRejected):  # every problem, by row and column
        extra["problems"] = [
            {"row": p.row, "column": p.column, "message": p.message, "params": dict(p.params)}
            for p in exc.problems
        ]
    if isinstance(exc, InFlight):
        headers["Retry-After"] = "1"
    params = {k: v if isinstance(v, int | float | str) else str(v) for k, v in exc.params.items()}
    return status, error_body(type(exc).__name__, exc.message, params, **extra), headers


class BodyLimit:
    """Refuses a request body over ``limit`` bytes with 413, as plain ASGI
    middleware (no ``BaseHTTPMiddleware``: no extra task or copy per request).
    A declared length is checked at once; a body without one (chunked) is read
    here first, up to the limit, and handed on whole."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = next((v for k, v in scope["headers"] if k == b"content-length"), None)
        if length is not None:
            if not length.isdigit() or int(length) > self.limit:
                await self._refuse(send)
                return
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._refuse(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        whole: Message = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        given = False

        async def replay() -> Message:
            nonlocal given
            if given:
                return await receive()
            given = True
            return whole

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(
            error_body(
                "TooLarge",
                QT_TRANSLATE_NOOP("core", "The request is larger than {limit} bytes."),
                {"limit": self.limit},
            ),
            ensure_ascii=False,
        ).encode("utf-8")
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


HOLDS_PATH = "/api/v1/holds"
ORDERS_PATH = "/api/v1/orders"
_CALLER_HEADERS = (b"x-terminal-id", b"x-terminal-key", b"authorization", b"idempotency-key")
"""The request headers the hot handlers read (central.hot): who calls, and a sale's key."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class RegisterBody(Strict):
    code: str = Field(min_length=1, max_length=32)


class CodeBody(Strict):
    name: str = Field(min_length=1, max_length=64)
    kind: Literal["window", "till"]


class LoginBody(Strict):
    login: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class HoldBody(Strict):
    session_id: str = Field(min_length=1, max_length=36)
    seat_ids: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        min_length=1, max_length=seating.MAX_SEATS_PER_HOLD
    )


class BestBody(Strict):
    session_id: str = Field(min_length=1, max_length=36)
    count: int = Field(ge=1, le=seating.MAX_SEATS_PER_HOLD)
    zone_id: str | None = Field(default=None, min_length=1, max_length=36)
    accessible: bool = False
    allow_orphan: bool = False


class LeaseBody(Strict):
    session_id: str = Field(min_length=1, max_length=36)
    terminal_id: str = Field(min_length=1, max_length=36)
    seat_ids: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        min_length=1, max_length=leases.MAX_SEATS_PER_LEASE
    )


class StandingLeaseBody(Strict):
    session_id: str = Field(min_length=1, max_length=36)
    per_zone: int = Field(ge=0, le=leases.MAX_STANDING_PER_ZONE)


class QuotaLeaseBody(Strict):
    session_id: str = Field(min_length=1, max_length=36)
    count: int = Field(ge=1, le=leases.MAX_PLACES_PER_LEASE)


class OrderLineBody(Strict):
    seat_id: str | None = Field(default=None, max_length=64)
    ticket_type_id: str = Field(min_length=1, max_length=36)
    zone_id: str | None = Field(default=None, max_length=36)


class PaymentBody(Strict):
    method: Literal["cash", "card", "mobile", "member"]
    amount_fen: int = Field(gt=0, le=MAX_FEN)
    reference: str = Field(default="", max_length=64)


class OrderBody(Strict):
    order_id: str = Field(min_length=36, max_length=36)
    number: str = Field(min_length=1, max_length=32)
    session_id: str = Field(min_length=1, max_length=36)
    hold_id: str | None = Field(default=None, max_length=36)
    lines: list[OrderLineBody] = Field(min_length=1, max_length=200)
    payments: list[PaymentBody] = Field(default_factory=list, max_length=10)
    # The cashier who made the sale, when another member of staff sends it
    # (a sale queued offline); absent: the sender made it.
    seller_id: str | None = Field(default=None, min_length=1, max_length=36)
    shift_id: str | None = Field(default=None, min_length=1, max_length=36)
    phone: str | None = Field(default=None, max_length=20)
    note: str | None = Field(default=None, max_length=200)
    discount_fen: int | None = Field(default=None, gt=0, le=MAX_FEN)

    def order(self) -> seating.Order:
        return seating.Order(
            self.order_id,
            self.number,
            SessionId(self.session_id),
            self.hold_id,
            tuple(seating.SaleLine(x.seat_id, x.ticket_type_id, x.zone_id) for x in self.lines),
            tuple(seating.PaymentLine(p.method, p.amount_fen, p.reference) for p in self.payments),
            self.seller_id,
            self.shift_id,
            self.phone,
            self.note,
            self.discount_fen,
        )


class BatchBody(Strict):
    orders: list[OrderBody] = Field(min_length=1, max_length=seating.MAX_BATCH)


M = TypeVar("M", bound=BaseModel)


class FeedQuery(BaseModel):
    """``GET /changes``'s query, validated as FastAPI would (lax: strings to ints)."""

    after: int = 0
    limit: int = changes.MAX_BATCH


def invalid_answer(problems: Sequence[Any]) -> tuple[int, dict[str, Any]]:
    """A request that does not validate: 400 if its body is not JSON at all,
    else 422 naming the first field that is wrong (``loc`` as FastAPI gives it)."""
    if any(p.get("type") == "json_invalid" for p in problems):
        return 400, error_body(
            "BadRequest", QT_TRANSLATE_NOOP("core", "The request body is not valid JSON.")
        )
    where = ".".join(str(part) for part in problems[0].get("loc", ()) if part != "body")
    return 422, error_body(
        "ValidationError",
        QT_TRANSLATE_NOOP("core", "“{field}” is wrong: {problem}"),
        {"field": where, "problem": str(problems[0].get("msg", ""))},
    )


class SettlementJob:
    """The central store's nightly work, done all day: the merchants'
    settlements (``settlement.produce_settlements``) at start and every
    ``every`` seconds after, on a thread of its own, until :meth:`stop`.
    A run that fails is logged and the next one tries again."""

    def __init__(self, store: Store, every: float = settlement.PRODUCE_EVERY_S) -> None:
        self.store = store
        self.every = every
        self.runs = 0  # runs finished, failed or not
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="settlements", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                made = settlement.produce_settlements(self.store)
                if made:
                    log.info("made or updated %d merchant settlements", made)
            except Exception:
                log.exception("making the merchants' settlements failed")
            self.runs += 1
            self._stop.wait(self.every)


def create_app(store: Store, *, writer_process: bool = False) -> FastAPI:
    """The central store's HTTP service on ``store``. ``writer_process``: holds
    and sales are written by a child process (``central.writer_process``, what
    ``serve`` runs) rather than a thread of this one (the desktop app's
    in-process store, the tests)."""
    writer: GroupCommit | WriterProcess = (
        WriterProcess(store) if writer_process else GroupCommit(store)
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        job = SettlementJob(store)
        app.state.settlement_job = job
        job.start()
        writer.start()
        try:
            yield
        finally:
            job.stop()
            writer.stop()

    app = CentralApp(title="BoxOffice central store", version=__version__, lifespan=lifespan)
    app.state.group_commit = writer
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)

    @app.exception_handler(BoxOfficeError)
    async def refused(_request: Request, exc: BoxOfficeError) -> JSONResponse:
        status, body, headers = refusal(exc)
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        status, body = invalid_answer(exc.errors())
        return JSONResponse(body, status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(error_body("HttpError", str(exc.detail)), exc.status_code)

    def terminal(
        x_terminal_id: Annotated[str | None, Header()] = None,
        x_terminal_key: Annotated[str | None, Header()] = None,
    ) -> TerminalIdentity:
        if not x_terminal_id or not x_terminal_key:
            raise AuthenticationFailed(
                QT_TRANSLATE_NOOP("core", "This terminal is not registered.")
            )
        return credentials.check_terminal(store, x_terminal_id, x_terminal_key)

    def bearer(authorization: str | None) -> str:
        if not authorization or not authorization.startswith("Bearer "):
            raise AuthenticationFailed(
                QT_TRANSLATE_NOOP("core", "Your session has ended. Please log in again.")
            )
        return authorization.removeprefix("Bearer ").strip()

    def actor(
        x_terminal_id: Annotated[str | None, Header()] = None,
        x_terminal_key: Annotated[str | None, Header()] = None,
        authorization: Annotated[str | None, Header()] = None,
    ) -> Actor:
        """The terminal and the member of staff, in one query and one thread-pool
        hop; the services of the request reuse what it read (``Actor.verified``)."""
        if not x_terminal_id or not x_terminal_key:
            raise AuthenticationFailed(
                QT_TRANSLATE_NOOP("core", "This terminal is not registered.")
            )
        return credentials.identify(store, x_terminal_id, x_terminal_key, bearer(authorization))

    Staff = Annotated[Actor, Depends(actor)]

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        return {"ok": True, "version": __version__, "database": store.dialect}

    @app.post("/api/v1/terminals/register")
    def register(body: RegisterBody) -> dict[str, str]:
        done = credentials.register_terminal(store, body.code)
        return {
            "terminal_id": done.terminal_id,
            "terminal_name": done.terminal_name,
            "terminal_key": done.terminal_key,
        }

    @app.post("/api/v1/terminals/codes", status_code=201)
    def terminal_code(body: CodeBody, me: Staff) -> dict[str, str]:
        made = credentials.create_terminal_code(store, me, name=body.name, kind=body.kind)
        return {
            "terminal_id": made.terminal_id,
            "code": made.code,
            "expires_at": made.expires_at.isoformat(),
        }

    @app.post("/api/v1/auth/login")
    def login(
        body: LoginBody, at: Annotated[TerminalIdentity, Depends(terminal)]
    ) -> dict[str, Any]:
        opened = credentials.open_staff_session(store, at, body.login, body.password)
        who = opened.login.actor
        return {
            "token": opened.token,
            "expires_at": opened.expires_at.isoformat(),
            "user_id": who.user_id,
            "login": who.login,
            "display_name": who.display_name,
            "permissions": sorted(who.permissions),
            "must_change_password": opened.login.must_change_password,
        }

    @app.post("/api/v1/auth/logout", status_code=204)
    def logout(me: Staff, authorization: Annotated[str | None, Header()] = None) -> Response:
        credentials.close_staff_session(store, me, bearer(authorization))
        return Response(status_code=204)

    @app.get("/api/v1/sessions")
    def sessions(
        me: Staff, starts_from: datetime | None = None, starts_before: datetime | None = None
    ) -> list[dict[str, Any]]:
        rows = catalogue.list_sessions(
            store, me, starts_from=starts_from, starts_before=starts_before
        )
        return [
            {
                "id": s.id,
                "show_id": s.show_id,
                "show_name": s.show_name,
                "category_name": s.category_name,
                "hall_id": s.hall_id,
                "hall_name": s.hall_name,
                "starts_at": s.starts_at.isoformat(),
                "ends_at": s.ends_at.isoformat(),
                "status": s.status,
                "zones": [
                    {"id": z.id, "name": z.name, "colour": z.colour, "price_fen": z.price_fen}
                    for z in s.zones
                ],
            }
            for s in rows
        ]

    @app.get("/api/v1/sessions/{session_id}/seats")
    def seats(session_id: str, me: Staff) -> list[dict[str, Any]]:
        return [
            seat.__dict__ for seat in seating.list_session_seats(store, me, SessionId(session_id))
        ]

    async def caller(
        x_terminal_id: Annotated[str | None, Header()] = None,
        x_terminal_key: Annotated[str | None, Header()] = None,
        authorization: Annotated[str | None, Header()] = None,
    ) -> Caller:
        """The credentials of a request whose operation runs in a group (holds
        and sales): read here on the event loop, checked inside the group."""
        if not x_terminal_id or not x_terminal_key:
            raise AuthenticationFailed(
                QT_TRANSLATE_NOOP("core", "This terminal is not registered.")
            )
        return Caller(x_terminal_id, x_terminal_key, bearer(authorization))

    Grouped = Annotated[Caller, Depends(caller)]

    # The hot requests (central.hot): the two of every sale, run in the group
    # commit, and the change feed. FastAPI documents each from its endpoint's
    # signature; every request goes to the handler made here, which reads the
    # credentials and body as FastAPI would, calls the endpoint and answers.

    def hot(method: str, path: str, endpoint: Callable[..., Any], handler: HotHandler) -> None:
        limited = BodyLimit(handler, MAX_BODY_BYTES)
        app.router.add_api_route(
            path,
            endpoint,
            methods=[method],
            status_code=201 if method == "POST" else 200,
            route_class_override=hot_route(limited),
        )
        app.hot[(method, path)] = limited

    async def answer_refusal(send: Send, exc: BoxOfficeError) -> None:
        status, body, headers = refusal(exc)
        await respond(send, status, json_bytes(body), headers)

    def grouped(
        model: type[M], run: Callable[[M, Caller, dict[bytes, str]], Awaitable[Any]]
    ) -> HotHandler:
        """``POST`` of an operation run in the group commit by ``run``, answered
        201 with what it returns. Missing credentials are refused before the body
        is read; a body that does not validate is answered only once the
        credentials are known good: someone not logged in learns nothing about
        what a body should look like."""

        async def handle(scope: Scope, receive: Receive, send: Send) -> None:
            try:
                headers = headers_of(scope, *_CALLER_HEADERS)
                who = await caller(
                    headers.get(b"x-terminal-id"),
                    headers.get(b"x-terminal-key"),
                    headers.get(b"authorization"),
                )
                raw = await body_of(receive)
                if raw is None:
                    return  # the client went away
                try:
                    body = model.model_validate_json(raw)
                except PydanticValidationError as invalid:
                    await run_in_threadpool(
                        credentials.identify, store, who.terminal_id, who.terminal_key, who.token
                    )
                    problems = [{**p, "loc": ("body", *p["loc"])} for p in invalid.errors()]
                    status, error = invalid_answer(problems)
                    await respond(send, status, json_bytes(error))
                    return
                await respond(send, 201, json_bytes(await run(body, who, headers)))
            except BoxOfficeError as exc:
                await answer_refusal(send, exc)
            except Exception as exc:
                await fault(send, exc)

        return handle

    async def hold(body: HoldBody, who: Grouped) -> dict[str, Any]:
        held: seating.HoldResult = await writer.run(
            Call(
                seating.hold_seats,
                who,
                {"session_id": SessionId(body.session_id), "seat_ids": body.seat_ids},
            )
        )
        return held.to_json()

    hot("POST", HOLDS_PATH, hold, grouped(HoldBody, lambda body, who, _: hold(body, who)))

    @app.post("/api/v1/holds/best", status_code=201)
    def hold_best(body: BestBody, me: Staff) -> dict[str, Any]:
        return seating.best_available(
            store,
            me,
            SessionId(body.session_id),
            body.count,
            zone_id=body.zone_id,
            accessible=body.accessible,
            allow_orphan=body.allow_orphan,
        ).to_json()

    @app.post("/api/v1/holds/{hold_id}/extend")
    def extend(hold_id: str, me: Staff) -> dict[str, Any]:
        return seating.extend_hold(store, me, hold_id).to_json()

    @app.delete("/api/v1/holds/{hold_id}", status_code=204)
    def release(hold_id: str, me: Staff) -> Response:
        seating.release_hold(store, me, hold_id)
        return Response(status_code=204)

    async def order(
        body: OrderBody, who: Grouped, idempotency_key: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        if idempotency_key != body.order_id:
            raise ValidationError(
                QT_TRANSLATE_NOOP("core", "The Idempotency-Key header must equal the order id.")
            )
        # The keyword arguments of seating.sell, as a batch and the outbox send them.
        receipt: dict[str, Any] = await writer.run(Call(seating.sell, who, body.order().request()))
        return receipt

    hot(
        "POST",
        ORDERS_PATH,
        order,
        grouped(OrderBody, lambda body, who, h: order(body, who, h.get(b"idempotency-key"))),
    )

    @app.post("/api/v1/orders/batch")
    def order_batch(body: BatchBody, me: Staff) -> dict[str, Any]:
        """Queued sales in order, one authentication and one transaction: each
        answered as ``POST /orders`` would answer it alone (``status``, ``body``)."""
        results = []
        for answer in seating.sell_batch(store, me, [o.order() for o in body.orders]):
            if answer.refusal is None:
                results.append({"order_id": answer.order_id, "status": 201, "body": answer.receipt})
                continue
            status, error, headers = refusal(answer.refusal)
            result: dict[str, Any] = {"order_id": answer.order_id, "status": status, "body": error}
            if "Retry-After" in headers:
                result["retry_after"] = float(headers["Retry-After"])
            results.append(result)
        return {"results": results}

    @app.post("/api/v1/leases", status_code=201)
    def lease(body: LeaseBody, me: Staff) -> dict[str, Any]:
        return leases.lease_seats(
            store, me, SessionId(body.session_id), body.terminal_id, body.seat_ids
        ).to_json()

    @app.post("/api/v1/leases/standing")
    def standing_lease(body: StandingLeaseBody, me: Staff) -> dict[str, Any]:
        return leases.ensure_standing_lease(
            store, me, SessionId(body.session_id), body.per_zone
        ).to_json()

    @app.delete("/api/v1/leases")
    def return_leases(
        me: Staff,
        session_id: Annotated[str, Query(min_length=1, max_length=36)],
        terminal_id: Annotated[str | None, Query(min_length=1, max_length=36)] = None,
    ) -> dict[str, Any]:
        return leases.return_leases(store, me, SessionId(session_id), terminal_id).to_json()

    @app.post("/api/v1/quota-leases", status_code=201)
    def quota_lease(body: QuotaLeaseBody, me: Staff) -> dict[str, Any]:
        return leases.lease_quota(store, me, SessionId(body.session_id), body.count).to_json()

    recent = FeedCache()

    def feed_answer(headers: dict[bytes, str], query: bytes) -> tuple[int, bytes]:
        terminal_id, key = headers.get(b"x-terminal-id"), headers.get(b"x-terminal-key")
        if not terminal_id or not key:
            raise AuthenticationFailed(
                QT_TRANSLATE_NOOP("core", "This terminal is not registered.")
            )
        token = bearer(headers.get(b"authorization"))
        try:
            asked = FeedQuery.model_validate(dict(parse_qsl(query.decode("latin-1"))))
        except PydanticValidationError as invalid:
            actor(terminal_id, key, headers.get(b"authorization"))  # strangers learn nothing
            status, error = invalid_answer(
                [{**p, "loc": ("query", *p["loc"])} for p in invalid.errors()]
            )
            return status, json_bytes(error)
        return 200, feed_page(store, recent, (terminal_id, key, token), asked.after, asked.limit)

    async def serve_feed(scope: Scope, _receive: Receive, send: Send) -> None:
        try:
            headers = headers_of(scope, *_CALLER_HEADERS)
            # The credentials, the read and the JSON in one trip to the thread pool.
            status, body = await run_in_threadpool(feed_answer, headers, scope["query_string"])
            await respond(send, status, body)
        except BoxOfficeError as exc:
            await answer_refusal(send, exc)
        except Exception as exc:
            await fault(send, exc)

    def feed(me: Staff, after: int = 0, limit: int = changes.MAX_BATCH) -> Response:
        """Changes with a sequence number above ``after``, oldest first, at most
        ``limit``: ``{"cursor", "more", "changes": [{"seq", "at", "kind",
        "session_id", "entity_id", "payload"}]}``. (Served by ``serve_feed``: the
        same page, from the process's recent changes, ``central.feed``.)"""
        page = changes.list_changes(store, me, max(0, after), limit)
        return Response(changes.feed_json(page).encode(), media_type="application/json")

    hot("GET", "/api/v1/changes", feed, serve_feed)

    calls.add_routes(app, store, actor)
    return app
