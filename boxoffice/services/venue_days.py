"""Venue days (营业日): the calendar days of the venue's timezone, as the
merchant settlements and reports count them, and sums of stored instants
grouped by venue day in SQL.

The store keeps UTC. A venue day runs from midnight to midnight at the venue
(``Settings.venue_timezone``), so grouping by day is done in SQL with the
venue's UTC offset: PostgreSQL converts each instant with the zone itself;
SQLite has no timezones, so the range is cut into spans over which the
offset does not change (all of it in China) and each span is summed with its
fixed offset; a day on which a daylight-saving change falls is summed alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, literal_column, select
from sqlalchemy.orm import Session as OrmSession

from ..clock import now, venue_zone
from ..errors import ValidationError
from ..i18n import QT_TRANSLATE_NOOP
from .settings import read_settings

ONE_DAY = timedelta(days=1)
MAX_RANGE_DAYS = 366
"""A report or a list of settlements covers at most a year (a leap year's days)."""


def zone_of(session: OrmSession) -> ZoneInfo:
    """The venue's timezone, from the store's settings."""
    return venue_zone(read_settings(session).venue_timezone)


def day_of(moment: datetime, zone: ZoneInfo) -> date:
    """The venue day an instant falls on."""
    return moment.astimezone(zone).date()


def today(zone: ZoneInfo) -> date:
    return day_of(now(), zone)


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """The first instant (UTC) of venue day ``day``."""
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def check_range(start_day: date, end_day: date) -> tuple[date, date]:
    """A day range a report may cover: dates, in order, at most a year."""
    if not isinstance(start_day, date) or not isinstance(end_day, date):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Choose the first and the last day."))
    if isinstance(start_day, datetime) or isinstance(end_day, datetime):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Choose the first and the last day."))
    if end_day < start_day:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "The last day cannot be before the first day.")
        )
    if (end_day - start_day).days + 1 > MAX_RANGE_DAYS:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "A report covers at most {days} days."),
            days=MAX_RANGE_DAYS,
        )
    return start_day, end_day


@dataclass(frozen=True)
class Span:
    """Venue days ``first``..``last``: the instants [``start``, ``end``) UTC.

    ``shift``: the venue's UTC offset in seconds, the same all through the
    span; None for a single day on which the offset changes."""

    first: date
    last: date
    start: datetime
    end: datetime
    shift: int | None


def spans(first: date, last: date, zone: ZoneInfo, *, native: bool = False) -> list[Span]:
    """Venue days ``first``..``last`` cut where the venue's UTC offset changes
    (``native``: one span, the database converts with the zone itself)."""
    if native:
        return [Span(first, last, day_start(first, zone), day_start(last + ONE_DAY, zone), None)]
    found: list[Span] = []
    day = first
    while day <= last:
        start, end = day_start(day, zone), day_start(day + ONE_DAY, zone)
        at_start = start.astimezone(zone).utcoffset()
        at_end = (end - timedelta(microseconds=1)).astimezone(zone).utcoffset()
        shift = (
            int(at_start.total_seconds()) if at_start is not None and at_start == at_end else None
        )
        previous = found[-1] if found else None
        if previous is not None and shift is not None and previous.shift == shift:
            found[-1] = replace(previous, last=day, end=end)
        else:
            found.append(Span(day, day, start, end, shift))
        day += ONE_DAY
    return found


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _day_label(column: Any, span: Span, zone: ZoneInfo, dialect: str) -> ColumnElement[Any]:
    """The venue day of ``column`` as ``YYYY-MM-DD`` text. Literals, not bound
    parameters: the same expression must appear in SELECT and GROUP BY."""
    if dialect == "postgresql":
        return func.to_char(
            func.timezone(literal_column(_quoted(zone.key)), column),
            literal_column("'YYYY-MM-DD'"),
        )
    assert span.shift is not None
    # Whole seconds first: SQLite's date() rounds to the millisecond, and
    # 23:59:59.9996 is still the same day.
    return func.date(
        func.substr(column, 1, 19), literal_column(_quoted(f"{span.shift:+d} seconds"))
    )


def by_day(
    session: OrmSession,
    first: date,
    last: date,
    zone: ZoneInfo,
    *,
    at: Any,
    keys: Sequence[Any],
    values: Sequence[Any],
    where: Sequence[Any] = (),
    joins: Sequence[tuple[Any, Any]] = (),
    select_from: Any = None,
) -> list[tuple[date, tuple[Any, ...]]]:
    """``values`` summed per venue day of the instant ``at`` and ``keys``,
    over venue days ``first``..``last``: (day, (*keys, *values)) rows, one
    grouped query per span of constant offset (one in all for PostgreSQL)."""
    dialect = session.get_bind().dialect.name
    rows: list[tuple[date, tuple[Any, ...]]] = []
    for span in spans(first, last, zone, native=dialect == "postgresql"):
        conditions = [*where, at >= span.start, at < span.end]
        label = None if span.first == span.last else _day_label(at, span, zone, dialect)
        columns = [*keys, *values] if label is None else [label, *keys, *values]
        query = select(*columns)
        if select_from is not None:
            query = query.select_from(select_from)
        for target, on in joins:
            query = query.join(target, on)
        query = query.where(*conditions)
        grouping = list(keys) if label is None else [label, *keys]
        if grouping:
            query = query.group_by(*grouping)
        for row in session.execute(query):
            if label is None:
                rows.append((span.first, tuple(row)))
            else:
                rows.append((date.fromisoformat(str(row[0])), tuple(row[1:])))
    return rows
