"""Reading, exporting, verifying and purging the audit log (操作日志)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import Select, delete, func, or_, select, update

from ..clock import ensure_aware, now
from ..db.models import AuditAnchor, AuditEntry, AuditPurgeGate
from ..db.store import Store
from ..errors import ValidationError
from ..i18n import QT_TRANSLATE_NOOP
from ..ids import AuditEntryId
from ..permissions import Perm
from . import audit_chain
from .audit_chain import ChainReport
from .base import Actor, UnitOfWork, service

MAX_LISTED = 5000
"""The screen shows this many newest matches; export writes them all."""


@dataclass(frozen=True)
class AuditQuery:
    """Filters; ``action`` is exact, or a prefix when it ends in a dot ("auth.")."""

    starts: datetime | None = None
    ends: datetime | None = None
    user_login: str = ""
    action: str = ""
    text: str = ""


@dataclass(frozen=True)
class AuditRow:
    seq: int
    id: AuditEntryId
    at: datetime
    user_login: str
    terminal_name: str
    action: str
    target_type: str
    target_id: str
    detail: str


def _filtered(query: AuditQuery) -> Select[AuditEntry]:
    stmt = select(AuditEntry)
    if query.starts is not None:
        stmt = stmt.where(AuditEntry.at >= ensure_aware(query.starts))
    if query.ends is not None:
        stmt = stmt.where(AuditEntry.at < ensure_aware(query.ends))
    if query.user_login.strip():
        stmt = stmt.where(AuditEntry.user_login == query.user_login.strip().lower())
    action = query.action.strip()
    if action.endswith("."):  # "auth." means every auth action
        stmt = stmt.where(AuditEntry.action.startswith(action, autoescape=True))
    elif action:
        stmt = stmt.where(AuditEntry.action == action)
    if query.text.strip():
        like = query.text.strip()
        stmt = stmt.where(
            or_(
                AuditEntry.detail.contains(like, autoescape=True),
                AuditEntry.target_id.contains(like, autoescape=True),
                AuditEntry.action.contains(like, autoescape=True),
                AuditEntry.user_login.contains(like, autoescape=True),
            )
        )
    return stmt


def _row(e: AuditEntry) -> AuditRow:
    return AuditRow(
        e.seq,
        AuditEntryId(e.id),
        e.at,
        e.user_login,
        e.terminal_name,
        e.action,
        e.target_type,
        e.target_id,
        e.detail,
    )


@service(Perm.AUDIT_VIEW, audited=False)
def list_audit(uow: UnitOfWork, query: AuditQuery, limit: int = MAX_LISTED) -> list[AuditRow]:
    """The newest matching entries first."""
    stmt = _filtered(query).order_by(AuditEntry.seq.desc()).limit(limit)
    return [_row(e) for e in uow.session.scalars(stmt)]


@service(Perm.AUDIT_VIEW, audited=False)
def list_audit_actions(uow: UnitOfWork) -> list[str]:
    return list(
        uow.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    )


EXPORT_HEADER = (
    "序号 No.",
    "时间 Time",
    "用户 User",
    "终端 Terminal",
    "操作 Action",
    "对象 Target",
    "对象ID Target id",
    "详情 Detail",
)


ExportRow = tuple[int, str, str, str, str, str, str, str]


@service(Perm.AUDIT_VIEW, audited=True)
def export_audit_rows(
    uow: UnitOfWork, query: AuditQuery, timezone: str, file_name: str
) -> list[ExportRow]:
    """Every matching entry, oldest first, as rows for :func:`write_export`,
    times in the venue's timezone. Handing the rows out is itself audited (the
    log leaves the building) by the store that keeps the log; the file is
    written where the user is, which for a terminal is not the central store."""
    from ..clock import venue_zone

    zone = venue_zone(timezone)
    export_suffix(file_name)
    rows: list[ExportRow] = [
        (
            e.seq,
            e.at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"),
            e.user_login,
            e.terminal_name,
            e.action,
            e.target_type,
            e.target_id,
            e.detail,
        )
        for e in uow.session.scalars(_filtered(query).order_by(AuditEntry.seq))
    ]
    uow.audit("audit.export", "file", file_name, {"rows": len(rows), "query": _describe(query)})
    return rows


def export_suffix(file_name: str) -> str:
    suffix = Path(file_name).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Export to a .xlsx or .csv file."))
    return suffix


def write_export(rows: list[ExportRow], path: Path) -> int:
    """Write exported rows to ``.xlsx`` or ``.csv`` by the file's suffix, whole or not at all."""
    suffix = export_suffix(path.name)
    tmp = path.with_name(path.name + ".part")
    if suffix == ".csv":
        # utf-8-sig: Excel on Chinese Windows opens it as UTF-8 rather than GBK.
        with tmp.open("w", newline="", encoding="utf-8-sig") as f:
            writer = csv.writer(f)
            writer.writerow(EXPORT_HEADER)
            writer.writerows(rows)
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("操作日志")
        sheet.append(EXPORT_HEADER)
        for row in rows:
            sheet.append(row)
        book.save(tmp)
    tmp.replace(path)
    return len(rows)


def export_audit(store: Store, actor: Actor, query: AuditQuery, path: Path, timezone: str) -> int:
    """Export straight from ``store`` to ``path`` (standalone mode and tests)."""
    export_suffix(path.name)
    return write_export(export_audit_rows(store, actor, query, timezone, path.name), path)


def _describe(query: AuditQuery) -> dict[str, str]:
    return {
        k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in query.__dict__.items() if v
    }


@service(Perm.AUDIT_VIEW, audited=False)
def verify_audit_chain(uow: UnitOfWork) -> ChainReport:
    return audit_chain.verify(uow.session)


PURGE_MIN_AGE = timedelta(days=30)


@service(Perm.AUDIT_PURGE, audited=True)
def purge_audit(uow: UnitOfWork, before: datetime) -> int:
    """Delete entries older than ``before`` (at least 30 days ago).

    Only an unbroken run from the start of the chain goes, so what remains
    still verifies from the anchor; the purge itself is the next entry."""
    cutoff = ensure_aware(before)
    if cutoff > now() - PURGE_MIN_AGE:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Only entries older than {days} days can be deleted."),
            days=PURGE_MIN_AGE.days,
        )
    first_kept = uow.session.scalar(select(func.min(AuditEntry.seq)).where(AuditEntry.at >= cutoff))
    doomed = select(AuditEntry).where(AuditEntry.at < cutoff)
    if first_kept is not None:
        doomed = doomed.where(AuditEntry.seq < first_kept)
    last = uow.session.scalar(doomed.order_by(AuditEntry.seq.desc()).limit(1))
    if last is None:
        uow.audit("audit.purge", "audit", "", {"before": cutoff.isoformat(), "deleted": 0})
        return 0
    count = (
        uow.session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.seq <= last.seq)
        )
        or 0
    )
    uow.session.execute(update(AuditPurgeGate).where(AuditPurgeGate.id == 1).values(open=True))
    uow.session.execute(delete(AuditEntry).where(AuditEntry.seq <= last.seq))
    uow.session.execute(update(AuditPurgeGate).where(AuditPurgeGate.id == 1).values(open=False))
    earlier = uow.session.get(AuditAnchor, 1)
    total = count + (earlier.purged_count if earlier is not None else 0)
    uow.session.merge(AuditAnchor(id=1, hash=last.hash, purged_before=cutoff, purged_count=total))
    uow.session.flush()
    uow.audit(
        "audit.purge",
        "audit",
        "",
        {"before": cutoff.isoformat(), "deleted": count, "anchor": last.hash},
    )
    return count


def detail_text(row: AuditRow) -> str:
    """The JSON detail, pretty for a person."""
    try:
        return json.dumps(json.loads(row.detail), ensure_ascii=False, indent=2)
    except ValueError:
        return row.detail
