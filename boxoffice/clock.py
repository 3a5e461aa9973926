"""Timezone-aware time. The store keeps UTC; people see the venue's timezone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ValidationError
from .i18n import QT_TRANSLATE_NOOP

DEFAULT_TIMEZONE = "Asia/Shanghai"


def now() -> datetime:
    """The current instant, aware, in UTC."""
    return datetime.now(UTC)


def venue_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "“{name}” is not a known timezone."), name=name
        ) from exc


def ensure_aware(value: datetime) -> datetime:
    """Refuse naive datetimes at the service boundary instead of guessing a zone."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "A time without a timezone was given."))
    return value.astimezone(UTC)
