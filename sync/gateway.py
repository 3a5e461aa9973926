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
from datetime import datetime
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar, cast

from boxoffice import wire
from boxoffice.db.store import Store
from boxoffice.errors import ValidationError
from boxoffice.services import remote
from boxoffice.services.base import Actor
from boxoffice.services.seating import BestAvailable, HoldResult, SeatRow

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
        own = _OWN_ENDPOINTS.get(remote.name_of(fn))
        if own is not None:
            try:
                return cast(R, own(self.client, *args, **kwargs))
            except Refused as refused:
                raise refused.to_error() from refused
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


# --- Seats: operations with endpoints of their own --------------------------------------------


def _hold(raw: dict[str, Any]) -> HoldResult:
    return HoldResult(
        str(raw["hold_id"]),
        str(raw["session_id"]),
        tuple(str(s) for s in raw["seat_ids"]),
        datetime.fromisoformat(str(raw["expires_at"])),
    )


def _best(client: CentralClient, session_id: str, count: int, **options: Any) -> BestAvailable:
    options.pop("focus", None)  # the central store chooses from the hall's own focal point
    raw = client.best_available(session_id, count, **options)
    return BestAvailable(_hold(raw), str(raw["step"]))


_OWN_ENDPOINTS: dict[str, Callable[..., Any]] = {
    # The seat screens call the services by name; at a terminal these go to the
    # endpoints made for them (remote.NOT_REMOTE says why they are not calls).
    "seating.list_session_seats": lambda client, session_id: [
        wire.decode(row, SeatRow, where="seat") for row in client.seats(session_id)
    ],
    "seating.hold_seats": lambda client, session_id, seat_ids: _hold(
        client.hold(session_id, list(seat_ids))
    ),
    "seating.best_available": _best,
    "seating.extend_hold": lambda client, hold_id: _hold(client.extend_hold(hold_id)),
    "seating.release_hold": lambda client, hold_id: client.release_hold(hold_id),
}
