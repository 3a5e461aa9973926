"""Entity ids (UUIDv7) and timezone-aware time."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from boxoffice.clock import DEFAULT_TIMEZONE, ensure_aware, now, venue_zone
from boxoffice.errors import ValidationError
from boxoffice.ids import is_uuid7, new_id


def test_new_id_is_a_canonical_uuid7() -> None:
    value = new_id()
    parsed = uuid.UUID(value)
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122
    assert str(parsed) == value  # canonical lower-case text, 36 characters
    assert is_uuid7(value)


def test_ids_sort_in_creation_order_and_are_unique() -> None:
    ids = [new_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)  # text order is time order: good primary keys


def test_is_uuid7_refuses_other_ids() -> None:
    assert not is_uuid7(str(uuid.uuid4()))
    assert not is_uuid7("not-an-id")
    assert not is_uuid7("")


def test_now_is_aware_utc() -> None:
    moment = now()
    assert moment.tzinfo is not None
    assert moment.utcoffset() == timedelta(0)


def test_ensure_aware_refuses_naive_datetimes() -> None:
    with pytest.raises(ValidationError, match="without a timezone"):
        ensure_aware(datetime(2026, 1, 1, 19, 30))


def test_ensure_aware_converts_to_utc() -> None:
    shanghai = datetime(2026, 1, 1, 19, 30, tzinfo=venue_zone("Asia/Shanghai"))
    converted = ensure_aware(shanghai)
    assert converted == datetime(2026, 1, 1, 11, 30, tzinfo=UTC)
    assert converted.utcoffset() == timedelta(0)
    plus_eight = datetime(2026, 1, 1, 19, 30, tzinfo=timezone(timedelta(hours=8)))
    assert ensure_aware(plus_eight) == converted


def test_venue_zone_knows_the_default_timezone() -> None:
    zone = venue_zone(DEFAULT_TIMEZONE)
    assert datetime(2026, 7, 1, 12, tzinfo=zone).utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "", "../../etc/passwd", "Asia/"])
def test_venue_zone_refuses_unknown_zones(name: str) -> None:
    with pytest.raises(ValidationError) as refused:
        venue_zone(name)
    assert refused.value.params == {"name": name}
