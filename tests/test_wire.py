"""Values to JSON and back by their type hints (boxoffice.wire): every argument
and result of every operation a terminal may run on the central store round-trips,
and wrong data is refused with the field it concerns."""

from __future__ import annotations

import importlib
import json
import pkgutil
import types
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, NewType, Union, get_args, get_origin

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boxoffice import wire
from boxoffice.db.store import Store
from boxoffice.errors import ValidationError
from boxoffice.ids import PriceZoneId, SessionId
from boxoffice.money import Fen
from boxoffice.services import audit, catalogue, remote, staff
from boxoffice.services.audit import AuditQuery
from boxoffice.services.base import Actor
from boxoffice.services.catalogue import SessionRow, ZoneInput, ZoneRow

# --- Strategies from type hints --------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
OFFSETS = st.just(UTC) | st.builds(
    timezone, st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timedelta(minutes=m))
)
# Two days inside datetime's range on either side, so that any UTC offset stays in range.
AWARE = st.datetimes(
    min_value=datetime(1, 1, 3), max_value=datetime(9999, 12, 29), timezones=OFFSETS
)
JSON_SCALARS = st.none() | st.booleans() | st.integers(wire.INT_MIN, wire.INT_MAX) | TEXT


def strategy(hint: Any) -> st.SearchStrategy[Any]:
    """Values of ``hint`` that JSON can carry (aware datetimes, storable text)."""
    if hint is Any or hint is object:
        return JSON_SCALARS
    if hint is None or hint is type(None):
        return st.none()
    if isinstance(hint, NewType):
        return strategy(hint.__supertype__)
    origin, args = get_origin(hint), get_args(hint)
    if origin is Union or origin is types.UnionType:
        return st.one_of(*(strategy(a) for a in args))
    if origin is Literal:
        return st.sampled_from(args)
    if origin in (list, tuple, set, frozenset, dict):
        if origin is dict:
            return st.dictionaries(TEXT, strategy(args[1]), max_size=3)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return st.lists(strategy(args[0]), max_size=3).map(tuple)
        if origin is tuple:
            return st.tuples(*(strategy(a) for a in args))
        items = strategy(args[0])
        if origin is list:
            return st.lists(items, max_size=3)
        return (st.sets if origin is set else st.frozensets)(items, max_size=3)
    table: dict[Any, st.SearchStrategy[Any]] = {
        bool: st.booleans(),
        int: st.integers(wire.INT_MIN, wire.INT_MAX),
        float: st.floats(allow_nan=False, allow_infinity=False),
        str: TEXT,
        datetime: AWARE,
        date: st.dates(),
        time: st.times() | st.times(timezones=OFFSETS),
    }
    if hint in table:
        return table[hint]
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return st.sampled_from(list(hint))
    return st.builds(hint, **{k: strategy(h) for k, h in wire.field_hints(hint).items()})


def through_json(value: object) -> Any:
    return json.loads(json.dumps(wire.encode(value), ensure_ascii=False, allow_nan=False))


def refusal(data: object, hint: Any, where: str = "value") -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        wire.decode(data, hint, where=where)
    return refused.value


# --- Every allowed operation --------------------------------------------------------------

ALLOWED_HINTS = sorted(
    (name, param, hint)
    for name in remote.ALLOWED
    for param, hint in [
        *remote.remote_call(name).hints.items(),
        *remote.remote_call(name).keywords.items(),
    ]
)


@pytest.mark.parametrize(
    "name, param, hint", ALLOWED_HINTS, ids=[f"{n}:{p}" for n, p, _h in ALLOWED_HINTS]
)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_every_argument_and_result_of_every_allowed_operation_round_trips(
    name: str, param: str, hint: Any, data: st.DataObject
) -> None:
    value = data.draw(strategy(hint), label=f"{name}({param})")
    assert wire.decode(through_json(value), hint, where=param) == value


def test_every_allowed_operation_resolves_and_every_operation_is_decided() -> None:
    from boxoffice import services
    from boxoffice.services.base import REGISTRY

    for module in pkgutil.iter_modules(services.__path__):
        importlib.import_module(f"boxoffice.services.{module.name}")
    for name in remote.ALLOWED:
        call = remote.remote_call(name)
        assert remote.name_of(call.function) == name
        assert remote.call_for(call.function) is call
    results = {remote.remote_call(n).result_hint for n in remote.ALLOWED}
    assert list[catalogue.ShowRow] in results and Actor in results
    undecided = set(REGISTRY) - set(remote.ALLOWED) - set(remote.NOT_REMOTE)
    assert not undecided, f"say whether these run on the central store: {sorted(undecided)}"
    assert not set(remote.ALLOWED) & set(remote.NOT_REMOTE)


def test_real_rows_round_trip(ready_store: Store, admin: Actor) -> None:
    for fn in (
        catalogue.list_venues,
        catalogue.list_halls,
        catalogue.list_categories,
        catalogue.list_shows,
        catalogue.list_sessions,
        catalogue.list_ticket_types,
        staff.list_users,
        staff.list_roles,
        staff.list_terminals,
        audit.list_audit_actions,
        audit.verify_audit_chain,
        remote.whoami,
        remote.venue_settings,
    ):
        value = fn(ready_store, admin)
        assert value, fn
        hint = remote.call_for(fn).result_hint
        assert wire.decode(through_json(value), hint, where="result") == value
    rows = audit.list_audit(ready_store, admin, AuditQuery(action="auth."))
    assert wire.decode(through_json(rows), list[audit.AuditRow]) == rows


# --- A few shapes with Hypothesis ----------------------------------------------------------


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


@dataclass(frozen=True)
class Inner:
    at: datetime
    zone: Colour
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Outer:
    id: SessionId
    price: Fen
    inner: tuple[Inner, ...]
    by_name: dict[str, list[int]]
    when: date | None = None
    starts: time | None = None
    ratio: float = 0.0
    pair: tuple[int, str] = (0, "")
    kind: Literal["a", "b"] = "a"
    extra: Any = None
    optional_inner: Inner | None = None
    seen: set[int] = field(default_factory=set)


SHAPES: list[Any] = [
    Outer,
    list[Outer],
    dict[str, Inner | None],
    tuple[int, ...],
    tuple[bool, int, float, str],
    frozenset[datetime],
    Union[int, str, None],  # noqa: UP007 - the old spelling is a different object
    list[SessionRow],
]


@pytest.mark.parametrize("hint", SHAPES, ids=[str(s) for s in SHAPES])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_shapes_round_trip(hint: Any, data: st.DataObject) -> None:
    value = data.draw(strategy(hint))
    assert wire.decode(through_json(value), hint) == value


@settings(max_examples=200, deadline=None)
@given(AWARE)
def test_an_aware_time_keeps_its_instant(moment: datetime) -> None:
    back = wire.decode(through_json(moment), datetime)
    assert back == moment and back.utcoffset() == moment.utcoffset()


# --- Refusals ---------------------------------------------------------------------------------


def test_a_naive_datetime_is_refused_both_ways() -> None:
    with pytest.raises(ValidationError) as refused:
        wire.encode(datetime(2030, 3, 1, 19, 30))
    assert refused.value.message == "A time without a timezone was given."  # as the service says
    with pytest.raises(ValidationError):
        wire.encode(AuditQuery(starts=datetime(2030, 3, 1)))

    naive = refusal("2030-03-01T19:30:00", datetime, "starts_from")
    assert naive.message == wire.NAIVE_DATETIME and naive.params == {"field": "starts_from"}
    assert "“starts_from” has no timezone" in naive.english()
    nested = refusal({"starts": "2030-03-01T19:30:00"}, AuditQuery, "query")
    assert nested.params == {"field": "query.starts"}
    assert refusal("yesterday", datetime).message == wire.MUST_BE_DATETIME
    assert refusal(1700000000, datetime).message == wire.MUST_BE_DATETIME
    # Before the first instant there is, once in UTC:
    assert refusal("0001-01-01T00:00:00+05:00", datetime).message == wire.OUT_OF_RANGE
    assert wire.decode("2030-03-01T19:30:00+08:00", datetime) == datetime(
        2030, 3, 1, 11, 30, tzinfo=UTC
    )


def test_a_bool_is_not_an_int_and_an_int_is_not_a_bool() -> None:
    assert wire.encode(True) is True and wire.encode(1) == 1 and type(wire.encode(1)) is int
    assert refusal(True, int, "percent").message == wire.MUST_BE_INT
    assert refusal(False, Fen, "price_fen").params == {"field": "price_fen"}
    assert refusal(1, bool, "enabled").message == wire.MUST_BE_BOOL
    assert refusal(0, bool).message == wire.MUST_BE_BOOL
    assert refusal(True, float).message == wire.MUST_BE_NUMBER
    assert refusal(1.0, int).message == wire.MUST_BE_INT
    assert refusal("5", int).message == wire.MUST_BE_INT
    assert refusal(2**63, int).message == wire.OUT_OF_RANGE
    assert wire.decode(-(2**63), int) == -(2**63)
    # In a union each member is strict too: True is the bool, 1 the int.
    assert wire.decode(True, int | bool) is True
    assert wire.decode(1, bool | int) == 1 and wire.decode(1, bool | int) is not True


def test_wrong_nested_fields_name_their_path() -> None:
    zones = [
        {"name": "A区", "colour": "#c0392b", "price_fen": 18000},
        {"name": "B区", "colour": "#2980b9", "price_fen": "120"},
    ]
    wrong = refusal(zones, list[ZoneInput], "zones")
    assert wrong.params == {"field": "zones[1].price_fen"}
    assert wrong.english() == "“zones[1].price_fen” must be a whole number."

    zones[1] = {"name": "B区", "colour": "#2980b9", "price_fen": 120, "seats": 3}
    assert refusal(zones, list[ZoneInput], "zones").params == {"field": "zones[1].seats"}
    zones[1] = {"name": "B区", "price_fen": 120}
    missing = refusal(zones, list[ZoneInput], "zones")
    assert (missing.message, missing.params) == (wire.MISSING, {"field": "zones[1].colour"})
    assert refusal({"zones": "A"}, list[ZoneInput], "zones").message == wire.MUST_BE_LIST
    assert refusal(["A区"], list[ZoneInput], "zones").params == {"field": "zones[0]"}

    row = {
        "id": "s1",
        "show_id": "x",
        "show_name": "x",
        "category_name": "x",
        "hall_id": "h",
        "hall_name": "h",
        "starts_at": "2030-03-01T19:30:00+08:00",
        "ends_at": "2030-03-01T21:30:00+08:00",
        "status": "on_sale",
        "zones": [{"id": "z", "name": "A", "colour": "#000000", "price_fen": None}],
    }
    assert refusal([row], list[SessionRow], "result").params == {
        "field": "result[0].zones[0].price_fen"
    }
    row["zones"] = [{"id": "z", "name": "A", "colour": "#000000", "price_fen": 5}]
    decoded = wire.decode([row], list[SessionRow])
    assert decoded[0].zones == (ZoneRow(PriceZoneId("z"), "A", "#000000", Fen(5)),)


def test_other_refusals() -> None:
    assert refusal(None, str, "name").message == wire.MUST_BE_TEXT
    assert refusal("a\x00b", str).message == wire.BAD_TEXT
    assert refusal("\ud800", str).message == wire.BAD_TEXT
    assert refusal([1, "a", 2], tuple[int, str]).message == wire.WRONG_LENGTH
    assert refusal([1, 2], tuple[int, str]).params == {"field": "value[1]"}
    assert refusal("green", Colour).params == {"field": "value", "choices": '"red", "blue"'}
    assert refusal("c", Literal["a", "b"]).message == wire.MUST_BE_CHOICE
    assert refusal(1, None).message == wire.MUST_BE_NULL
    assert refusal([], dict[str, int]).message == wire.MUST_BE_OBJECT
    assert refusal({"a": "1"}, dict[str, int], "counts").params == {"field": "counts.a"}
    assert refusal(1.5, int | str).message == wire.WRONG_TYPE
    assert refusal("2030-02-30", date).message == wire.MUST_BE_DATE
    assert refusal("25:00", time).message == wire.MUST_BE_TIME
    assert refusal(5, date).message == wire.MUST_BE_DATE


def test_what_the_wire_does_not_carry() -> None:
    with pytest.raises(TypeError):
        wire.encode(Path("/tmp/export.xlsx"))
    with pytest.raises(TypeError):
        wire.decode("/tmp/export.xlsx", Path)
    with pytest.raises(TypeError):
        wire.check(list[Path])
    with pytest.raises(TypeError):
        wire.check(dict[int, str])
    with pytest.raises(ValueError):
        wire.encode(float("nan"))
    wire.check(list[SessionRow])
    wire.check(Outer)
