"""One way for screens to run a service: here, or on the central store.

The admin and list screens call ``gateway.call(actor, catalogue.list_shows)``
instead of ``catalogue.list_shows(store, actor)``. A single window (or the
central store's own window) uses :class:`LocalGateway`; a terminal of a
central store uses :class:`RemoteGateway`, which sends the same call to
``POST /api/v1/call/{name}``, where the same service runs with the same
permission check and audit entry for the logged-in member of staff.

What a remote call raises, so the GUI needs no second set of messages:

- the refusal the local call would raise: the same ``BoxOfficeError``
  subclass (``PermissionDenied``, ``ValidationError``, ``NotFound``,
  ``Conflict``…) with the same English message and parameters;
- ``remote.NotRemote`` (a ``NotFound``) before any traffic for an operation
  the central store does not run (see ``boxoffice.services.remote``);
- ``sync.client.Unreachable`` when there is no usable answer ("the central
  store can't be reached"); ``AuthExpired`` when the staff token ended (log
  in again); ``InFlight`` when the server asks to retry later.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, ParamSpec, Protocol, TypeVar, cast

from boxoffice import wire
from boxoffice.db.store import Store
from boxoffice.errors import ValidationError
from boxoffice.services import remote
from boxoffice.services.base import Actor

from .client import CentralClient, Refused, Unreachable

P = ParamSpec("P")
R = TypeVar("R")


class Gateway(Protocol):
    """Runs a service function ``fn`` (as the GUI imports it) for ``actor``."""

    def call(
        self,
        actor: Actor,
        fn: Callable[Concatenate[Store, Actor, P], R],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R: ...


class LocalGateway:
    """Calls ``fn(store, actor, *args, **kwargs)`` on this computer's store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def call(
        self,
        actor: Actor,
        fn: Callable[Concatenate[Store, Actor, P], R],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        return fn(self.store, actor, *args, **kwargs)


class RemoteGateway:
    """Runs allowed services on the central store through ``client``.

    The server acts for the holder of the client's staff token (it checks the
    permission against its own store); ``actor`` is the same person as the
    terminal knows them, and is not sent."""

    def __init__(self, client: CentralClient) -> None:
        self.client = client

    def call(
        self,
        actor: Actor,
        fn: Callable[Concatenate[Store, Actor, P], R],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        del actor  # the staff token says who calls
        operation = remote.call_for(fn)  # NotRemote before any traffic
        arguments = operation.bind(args, kwargs)
        body = {"args": {name: wire.encode(value) for name, value in arguments.items()}}
        try:
            answer = self.client._call("POST", f"/call/{operation.name}", json_body=body)
        except Refused as refused:
            raise refused.to_error() from refused
        if not isinstance(answer, dict) or "result" not in answer:
            raise Unreachable(f"unexpected answer to {operation.name}")
        try:
            result = wire.decode(answer["result"], operation.result_hint, where="result")
        except ValidationError as exc:
            # A server of another version, or a proxy's page: the outcome is not known here.
            raise Unreachable(f"unreadable answer to {operation.name}: {exc}") from exc
        return cast(R, result)
