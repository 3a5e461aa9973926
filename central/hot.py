"""The hottest requests, served without FastAPI's middleware stack and router.

Every sale is a ``POST /holds`` and a ``POST /orders``, and every window polls
``GET /changes`` twice a second. Under a sold-out rush these are nearly all the
server does, and the one process serves them on one core (the GIL): each
layer a request passes through (error middleware, exception middleware,
FastAPI's exit stack and telemetry, body limit, router, route, request object,
response object, each wrapping ``send`` again) took as much of that core as
the request's own work. :class:`CentralApp` hands these three straight to
their handlers; FastAPI still documents them (OpenAPI), and a request that
reaches them through FastAPI's router (a test client mounted elsewhere) runs
the very same handler (:func:`hot_route`).

A handler here answers every outcome itself: refusals and validation errors
in the API's usual shape (``central.app`` builds them), and an unexpected
fault as a logged 500, as FastAPI's error middleware would.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.types import Receive, Scope, Send

log = logging.getLogger(__name__)

HotHandler = Callable[[Scope, Receive, Send], Awaitable[None]]


class CentralApp(FastAPI):
    """FastAPI, except that the requests in :attr:`hot` (by method and path) go
    straight to their handler."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.hot: dict[tuple[str, str], HotHandler] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            handler = self.hot.get((scope["method"], scope["path"]))
            if handler is not None:
                await handler(scope, receive, send)
                return
        await super().__call__(scope, receive, send)


def hot_route(handler: HotHandler) -> type[APIRoute]:
    """A route class FastAPI documents like any other (OpenAPI from the
    endpoint's signature) whose requests run ``handler``."""

    class HotRoute(APIRoute):
        async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
            await handler(scope, receive, send)

    return HotRoute


def headers_of(scope: Scope, *names: bytes) -> dict[bytes, str]:
    """The request headers named (lower case), decoded; absent ones left out."""
    wanted = set(names)
    return {k: v.decode("latin-1") for k, v in scope["headers"] if k in wanted}


async def body_of(receive: Receive) -> bytes | None:
    """The whole request body; None if the client went away first. (The size is
    bounded by ``central.app.BodyLimit`` around the handler.)"""
    first = await receive()
    if first["type"] != "http.request":
        return None
    if not first.get("more_body", False):
        return bytes(first.get("body", b""))
    chunks = [first.get("body", b"")]
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def json_bytes(content: Any) -> bytes:
    """JSON as Starlette's JSONResponse renders it."""
    return json.dumps(
        content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")
    ).encode("utf-8")


async def respond(
    send: Send, status: int, body: bytes, headers: dict[str, str] | None = None
) -> None:
    """One JSON answer."""
    raw = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode("ascii")),
    ]
    raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


async def fault(send: Send, exc: BaseException) -> None:
    """An unexpected error: logged with its traceback, answered 500."""
    log.error("a request failed", exc_info=exc)
    await send(
        {
            "type": "http.response.start",
            "status": 500,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": b"Internal Server Error"})
