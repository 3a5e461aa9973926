"""Errors a user can see: a translatable message plus named parameters.

Services raise these for bad input and refused operations; the widget layer
shows them in the user's language (``widgets.ops.error_text``). Anything
else that escapes a service is a fault, logged and shown as such.
"""

from __future__ import annotations

from typing import Any


class BoxOfficeError(Exception):
    """A refusal the user should read. ``message`` is English source text in
    the ``core`` translation context, with ``{name}`` placeholders filled from
    ``params`` after translation."""

    def __init__(self, message: str, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(self.english())

    def english(self) -> str:
        return self.message.format(**self.params)

    def __reduce__(self) -> tuple[Any, ...]:
        # Whole, whatever a subclass's __init__ takes: the message, the params
        # and anything it keeps (the seats taken, the problems of an import).
        # Refusals cross from the central store's writer process to its server.
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(kind: type[BoxOfficeError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error


class ValidationError(BoxOfficeError):
    """Bad input: nothing was changed."""


class NotFound(BoxOfficeError):
    """The thing asked for does not exist (or is not visible to the caller)."""


class PermissionDenied(BoxOfficeError):
    """The caller lacks the permission this operation needs."""


class AuthenticationFailed(BoxOfficeError):
    """Wrong login name or password, a disabled or a locked account."""


class Conflict(BoxOfficeError):
    """The operation contradicts the current state (e.g. deleting a user with history)."""


class StoreTooNew(BoxOfficeError):
    """The data directory was written by a newer BoxOffice."""
