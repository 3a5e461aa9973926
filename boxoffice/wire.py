"""Values to JSON and back, driven by type hints: how service arguments and
results travel between a terminal and the central store (``POST /api/v1/call``).

:func:`encode` turns a value into plain JSON (dicts, lists, text, numbers,
booleans, null). :func:`decode` rebuilds a value of a given type hint from
that JSON and refuses anything else with a :class:`~boxoffice.errors.ValidationError`
naming the field (``zones[1].price_fen``), so a wrong request is a clear 422,
never a fault deep in a service.

Supported types: frozen dataclasses (nested, by their fields' hints);
``list``, ``tuple`` (``tuple[X, ...]`` and fixed ``tuple[X, Y]``), ``set``,
``frozenset``, ``dict[str, X]`` (and their ``collections.abc`` forms);
``X | None`` and other unions; ``Literal``; ``datetime`` (always with a UTC
offset: a naive time is refused both ways, as ``clock.ensure_aware`` does),
``date``, ``time``; enums (by value); ``NewType`` ids (as their supertype);
``int`` (64-bit, never a ``bool``), ``bool`` (never an ``int``), ``float``,
``str`` (UTF-8 without NUL: every store can keep it); ``Any`` (passed through
as is). ``Path`` is deliberately not supported: no service that may run on
the central store takes a file of this computer.

Encoding is by the value's own type; decoding is strict: no coercion of
``"5"`` to 5, no unknown dataclass fields, every field without a default
present.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import math
import types
import typing
from collections import abc
from datetime import date, datetime, time
from typing import Any, Literal, Union, get_args, get_origin

from .clock import ensure_aware
from .errors import ValidationError
from .i18n import QT_TRANSLATE_NOOP

INT_MIN = -(2**63)
INT_MAX = 2**63 - 1
"""Whole numbers travel as 64-bit integers, the widest column of every store."""

_NONE = type(None)

MISSING = QT_TRANSLATE_NOOP("core", "“{field}” is missing.")
UNEXPECTED = QT_TRANSLATE_NOOP("core", "“{field}” is not expected here.")
MUST_BE_NULL = QT_TRANSLATE_NOOP("core", "“{field}” must be empty (null).")
MUST_BE_BOOL = QT_TRANSLATE_NOOP("core", "“{field}” must be true or false.")
MUST_BE_INT = QT_TRANSLATE_NOOP("core", "“{field}” must be a whole number.")
OUT_OF_RANGE = QT_TRANSLATE_NOOP("core", "“{field}” is out of range.")
MUST_BE_NUMBER = QT_TRANSLATE_NOOP("core", "“{field}” must be a number.")
MUST_BE_TEXT = QT_TRANSLATE_NOOP("core", "“{field}” must be text.")
BAD_TEXT = QT_TRANSLATE_NOOP("core", "“{field}” contains a character that cannot be stored.")
MUST_BE_DATETIME = QT_TRANSLATE_NOOP(
    "core", "“{field}” must be a date and time with a UTC offset, like 2030-03-01T19:30:00+08:00."
)
NAIVE_DATETIME = QT_TRANSLATE_NOOP(
    "core",
    "“{field}” has no timezone. Give a time with a UTC offset, like 2030-03-01T19:30:00+08:00.",
)
MUST_BE_DATE = QT_TRANSLATE_NOOP("core", "“{field}” must be a date, like 2030-03-01.")
MUST_BE_TIME = QT_TRANSLATE_NOOP("core", "“{field}” must be a time of day, like 19:30:00.")
MUST_BE_CHOICE = QT_TRANSLATE_NOOP("core", "“{field}” must be one of: {choices}.")
MUST_BE_LIST = QT_TRANSLATE_NOOP("core", "“{field}” must be a list.")
WRONG_LENGTH = QT_TRANSLATE_NOOP("core", "“{field}” must have {n} items.")
MUST_BE_OBJECT = QT_TRANSLATE_NOOP("core", "“{field}” must be an object with named fields.")
WRONG_TYPE = QT_TRANSLATE_NOOP("core", "“{field}” has the wrong type.")


def refuse(message: str, field: str, **params: Any) -> typing.NoReturn:
    """Raise the ValidationError ``message`` about ``field`` (a path like ``zones[1].name``)."""
    raise ValidationError(message, field=field, **params)


# --- Encoding --------------------------------------------------------------------------


def encode(value: object) -> Any:
    """``value`` as plain JSON data (dict, list, str, int, float, bool, None).

    Raises ``ValidationError`` for a naive ``datetime`` (as a service would)
    and ``TypeError`` for a value the wire cannot carry (a ``Path``, an ORM
    object, a function…), which is a bug in the caller."""
    if value is None or type(value) is bool:
        return value
    if isinstance(value, enum.Enum):
        return encode(value.value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"JSON cannot carry the number {value!r}")
        return float(value)
    if isinstance(value, datetime):
        ensure_aware(value)  # refuses a naive time, exactly as the service would
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
    if isinstance(value, abc.Mapping):
        encoded: dict[str, Any] = {}
        for key, item in value.items():
            name = encode(key)
            if not isinstance(name, str):
                raise TypeError(f"JSON object keys are text, not {type(key).__name__}")
            encoded[name] = encode(item)
        return encoded
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    if isinstance(value, set | frozenset):
        # Sorted, so that equal sets always read the same on the wire.
        return sorted(
            (encode(item) for item in value),
            key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False),
        )
    raise TypeError(f"cannot send a {type(value).__name__} to the central store: {value!r}")


# --- Decoding --------------------------------------------------------------------------


def decode(data: object, hint: Any, *, where: str = "value") -> Any:
    """A value of type ``hint`` built from JSON ``data``.

    ``where`` names ``data`` in a refusal; nested fields extend it
    (``query.starts``, ``zones[0].price_fen``). Raises ``ValidationError``
    for data that does not fit, ``TypeError`` for a hint the wire does not
    support (see :func:`check`)."""
    return _decode(data, hint, where)


def _decode(data: object, hint: Any, where: str) -> Any:
    if hint is Any or hint is object:
        return data
    if hint is None or hint is _NONE:
        if data is not None:
            refuse(MUST_BE_NULL, where)
        return None
    if isinstance(hint, typing.NewType):
        return _decode(data, hint.__supertype__, where)
    origin = get_origin(hint)
    args = get_args(hint)
    if origin is typing.Annotated:
        return _decode(data, args[0], where)
    if origin is Union or origin is types.UnionType:
        return _decode_union(data, args, where)
    if origin is Literal:
        for choice in args:
            if type(choice) is type(data) and choice == data:
                return choice
        refuse(MUST_BE_CHOICE, where, choices=", ".join(json.dumps(c) for c in args))
    if origin is not None:
        return _decode_container(data, origin, args, where)
    if not isinstance(hint, type):
        raise TypeError(f"the wire does not support the type {hint!r} (at {where})")
    if hint is bool:
        if type(data) is not bool:
            refuse(MUST_BE_BOOL, where)
        return data
    if issubclass(hint, enum.Enum):
        for member in hint:
            if type(member.value) is type(data) and member.value == data:
                return member
        refuse(
            MUST_BE_CHOICE,
            where,
            choices=", ".join(json.dumps(m.value, ensure_ascii=False) for m in hint),
        )
    if hint is int:
        if not isinstance(data, int) or isinstance(data, bool):
            refuse(MUST_BE_INT, where)
        if not INT_MIN <= data <= INT_MAX:
            refuse(OUT_OF_RANGE, where)
        return data
    if hint is float:
        if not isinstance(data, int | float) or isinstance(data, bool):
            refuse(MUST_BE_NUMBER, where)
        if not math.isfinite(data):
            refuse(OUT_OF_RANGE, where)
        return float(data)
    if hint is str:
        return _text(data, where)
    if hint is datetime:
        return _datetime(data, where)
    if hint is date:
        if not isinstance(data, str):
            refuse(MUST_BE_DATE, where)
        try:
            return date.fromisoformat(_text(data, where))
        except ValueError:
            refuse(MUST_BE_DATE, where)
    if hint is time:
        if not isinstance(data, str):
            refuse(MUST_BE_TIME, where)
        try:
            return time.fromisoformat(_text(data, where))
        except ValueError:
            refuse(MUST_BE_TIME, where)
    if dataclasses.is_dataclass(hint):
        return _decode_dataclass(data, hint, where)
    if hint in _BARE:
        return _decode_container(data, hint, (), where)
    raise TypeError(f"the wire does not support the type {hint!r} (at {where})")


def _text(data: object, where: str) -> str:
    if not isinstance(data, str):
        refuse(MUST_BE_TEXT, where)
    if "\x00" in data:
        refuse(BAD_TEXT, where)  # PostgreSQL cannot store NUL
    try:
        data.encode("utf-8")
    except UnicodeEncodeError:
        refuse(BAD_TEXT, where)  # a lone surrogate: no store can keep it
    return data


def _datetime(data: object, where: str) -> datetime:
    if not isinstance(data, str):
        refuse(MUST_BE_DATETIME, where)
    try:
        value = datetime.fromisoformat(_text(data, where))
    except ValueError:
        refuse(MUST_BE_DATETIME, where)
    if value.tzinfo is None or value.utcoffset() is None:
        refuse(NAIVE_DATETIME, where)
    try:
        ensure_aware(value)  # 0001-01-01T00:00+01:00 is before the first instant there is
    except OverflowError:
        refuse(OUT_OF_RANGE, where)
    return value


def _decode_union(data: object, members: tuple[Any, ...], where: str) -> Any:
    if data is None and _NONE in members:
        return None
    choices = [m for m in members if m is not _NONE]
    if len(choices) == 1:
        return _decode(data, choices[0], where)
    for choice in choices:
        try:
            return _decode(data, choice, where)
        except ValidationError:
            continue
    refuse(WRONG_TYPE, where)


_SEQUENCES: dict[Any, Any] = {
    list: list,
    abc.Sequence: list,
    abc.MutableSequence: list,
    abc.Iterable: list,
    abc.Collection: list,
    set: set,
    abc.MutableSet: set,
    frozenset: frozenset,
    abc.Set: frozenset,
}
_MAPPINGS = (dict, abc.Mapping, abc.MutableMapping)
_BARE = (list, tuple, set, frozenset, dict)


def _decode_container(data: object, origin: Any, args: tuple[Any, ...], where: str) -> Any:
    if origin in _MAPPINGS:
        key_hint, value_hint = args or (str, Any)
        _check_key(key_hint)
        if not isinstance(data, dict):
            refuse(MUST_BE_OBJECT, where)
        return {
            _decode(key, key_hint, f"{where}.{key}"): _decode(item, value_hint, f"{where}.{key}")
            for key, item in data.items()
        }
    if origin is tuple:
        if not isinstance(data, list):
            refuse(MUST_BE_LIST, where)
        if not args or (len(args) == 2 and args[1] is Ellipsis):
            item_hint = args[0] if args else Any
            return tuple(_decode(item, item_hint, f"{where}[{i}]") for i, item in enumerate(data))
        if args == ((),):  # tuple[()]
            args = ()
        if len(data) != len(args):
            refuse(WRONG_LENGTH, where, n=len(args))
        return tuple(
            _decode(item, item_hint, f"{where}[{i}]")
            for i, (item, item_hint) in enumerate(zip(data, args, strict=True))
        )
    if origin in _SEQUENCES:
        if not isinstance(data, list):
            refuse(MUST_BE_LIST, where)
        item_hint = args[0] if args else Any
        made = _SEQUENCES[origin]
        return made(_decode(item, item_hint, f"{where}[{i}]") for i, item in enumerate(data))
    raise TypeError(f"the wire does not support the type {origin!r} (at {where})")


def _check_key(hint: Any) -> None:
    """JSON object keys are text: a mapping's keys must decode from text."""
    while isinstance(hint, typing.NewType):
        hint = hint.__supertype__
    if hint is Any or hint is str:
        return
    if isinstance(hint, type) and issubclass(hint, enum.Enum | str):
        return
    raise TypeError(f"the wire carries only mappings with text keys, not {hint!r}")


@functools.cache
def field_hints(cls: type) -> dict[str, Any]:
    """A dataclass's fields (those set by ``__init__``) and their resolved type hints."""
    hints = typing.get_type_hints(cls)
    return {f.name: hints.get(f.name, Any) for f in dataclasses.fields(cls) if f.init}


def _decode_dataclass(data: object, cls: type, where: str) -> Any:
    if not isinstance(data, dict):
        refuse(MUST_BE_OBJECT, where)
    hints = field_hints(cls)
    for key in data:
        if key not in hints:
            refuse(UNEXPECTED, f"{where}.{key}")
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        if f.name in data:
            values[f.name] = _decode(data[f.name], hints[f.name], f"{where}.{f.name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            refuse(MISSING, f"{where}.{f.name}")
    try:
        return cls(**values)
    except (TypeError, ValueError):
        refuse(WRONG_TYPE, where)


# --- Checking hints ----------------------------------------------------------------------


def check(hint: Any, where: str = "value") -> None:
    """Raise ``TypeError`` unless :func:`decode` supports ``hint`` throughout
    (every field of every dataclass in it, every member of every union)."""
    _check(hint, where, set())


def _check(hint: Any, where: str, seen: set[Any]) -> None:
    if hint is Any or hint is object or hint is None or hint is _NONE:
        return
    if isinstance(hint, typing.NewType):
        return _check(hint.__supertype__, where, seen)
    origin, args = get_origin(hint), get_args(hint)
    if origin is typing.Annotated:
        return _check(args[0], where, seen)
    if origin is Union or origin is types.UnionType:
        for member in args:
            _check(member, where, seen)
        return
    if origin is Literal:
        if not all(type(a) in (str, int, bool) or a is None for a in args):
            raise TypeError(f"the wire supports literals of text, numbers and booleans ({where})")
        return
    if origin is not None:
        if origin in _MAPPINGS:
            key_hint, value_hint = args or (str, Any)
            _check_key(key_hint)
            return _check(value_hint, f"{where}.*", seen)
        if origin is tuple or origin in _SEQUENCES:
            for item in args:
                if item is not Ellipsis and item != ():
                    _check(item, f"{where}[]", seen)
            return
        raise TypeError(f"the wire does not support the type {hint!r} (at {where})")
    if hint in (bool, int, float, str, datetime, date, time) or hint in _BARE:
        return
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if hint in seen:
            return
        seen.add(hint)
        for name, field_hint in field_hints(hint).items():
            _check(field_hint, f"{where}.{name}", seen)
        return
    raise TypeError(f"the wire does not support the type {hint!r} (at {where})")
