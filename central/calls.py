"""``POST /api/v1/call/{name}``: run an allowed service for a terminal's member of staff.

A terminal of the central store runs its admin and list screens here: the
same service function as at a single window (one function per business
operation), called with keyword arguments decoded by the function's own type
hints (``boxoffice.wire``), run by the same ``@service`` decorator, so the
permission check, the audit entry and ``access.denied`` all happen here on
the server with the Actor of the request's staff token. Only the operations
in ``boxoffice.services.remote.ALLOWED`` may be called; the reason each other
operation is excluded (its own endpoint, a file written, a terminal-local
setting) stands beside it in ``remote.NOT_REMOTE``. The terminal side is
``sync.gateway.RemoteGateway``.

Changing one's own password (``auth.change_own_password``) and refreshing
one's own identity and permissions (``remote.whoami``) are on the list too;
no other endpoint does either.

Answers: ``{"result": <encoded return value>}``; an unknown or excluded name
is 404 (``NotRemote``), wrong or missing arguments 422 naming the field, and
refusals of the service itself take the app's usual error shape and status.
"""

# No "from __future__ import annotations": FastAPI must see the Depends() in
# annotations that name a closure inside add_routes().

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI
from pydantic import BaseModel, ConfigDict, Field

from boxoffice import wire
from boxoffice.db.store import Store
from boxoffice.services import remote
from boxoffice.services.base import Actor


class CallBody(BaseModel):
    """The keyword arguments of one call, by parameter name, as JSON."""

    model_config = ConfigDict(extra="forbid", strict=True)
    args: dict[str, Any] = Field(default_factory=dict)


def add_routes(app: FastAPI, store: Store, staff_dependency: Callable[..., Actor]) -> None:
    """Add the call endpoint; ``staff_dependency`` authenticates the terminal and
    the member of staff into an Actor, as for every other staff endpoint."""
    # Resolve every allowed operation now: a signature the wire cannot carry
    # fails the start of the server, not a request.
    for name in remote.ALLOWED:
        remote.remote_call(name)

    Staff = Annotated[Actor, Depends(staff_dependency)]

    @app.post("/api/v1/call/{name}")
    def call(name: str, body: CallBody, me: Staff) -> dict[str, Any]:
        operation = remote.remote_call(name)  # NotRemote: 404
        arguments = operation.decode_arguments(body.args)  # ValidationError: 422
        return {"result": wire.encode(operation.invoke(store, me, arguments))}
