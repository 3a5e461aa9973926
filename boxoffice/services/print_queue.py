"""The persistent print queue: jobs wait in the local store until they print.

A sale is committed before anything prints: the sale's service queues its
documents (``queue_documents``) and the spooler (devices.spooler) prints them
afterwards, in order per printer. A fault leaves the job pending with its
reason; nothing is ever dropped. A reprint is a new job, logged, marked
重打 / REPRINT on the paper, and its ticket codes carry the next print number,
so the earlier paper stops being a valid ticket.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from printing.document import Block, Document, QRCode
from printing.forms import VenueHeader
from printing.ticket_code import TicketCodeError, sign, verify

from ..clock import now
from ..db.models import PrintJob, Ticket, Venue
from ..db.store import Store
from ..errors import NotFound, ValidationError
from ..i18n import QT_TRANSLATE_NOOP
from ..ids import new_id
from ..permissions import Perm
from . import ticket_keys
from .base import UnitOfWork, service

PRINTERS = ("receipt", "ticket")
REPRINT_MARK = "重打 REPRINT"


@dataclass(frozen=True)
class PrintJobRow:
    id: str
    created_at: datetime
    printer: str
    kind: str
    title: str
    status: str
    attempts: int
    last_error: str
    last_detail: str
    copy_no: int
    reprint_of: str | None
    order_id: str | None
    printed_at: datetime | None


def _row(job: PrintJob) -> PrintJobRow:
    return PrintJobRow(
        job.id,
        job.created_at,
        job.printer,
        job.kind,
        job.title,
        job.status,
        job.attempts,
        job.last_error,
        job.last_detail,
        job.copy_no,
        job.reprint_of,
        job.order_id,
        job.printed_at,
    )


def queue_documents(
    session: OrmSession,
    documents: list[Document],
    *,
    printer: str,
    created_by: str = "",
    order_id: str | None = None,
) -> list[str]:
    """Add jobs inside the caller's transaction (a sale's, a shift close's), so
    the documents are queued exactly when what they print is committed."""
    if printer not in PRINTERS:
        raise ValueError(f"unknown printer role {printer!r}")
    ids = []
    base = now()
    for n, doc in enumerate(documents):
        job = PrintJob(
            id=new_id(),
            # Strictly increasing within a batch: tickets print in seat order.
            created_at=base.replace(microsecond=min(base.microsecond + n, 999_999)),
            created_by=created_by,
            printer=printer,
            kind=doc.kind,
            title=doc.title[:128],
            document=doc.to_json(),
            order_id=order_id,
            status="pending",
            attempts=0,
            last_error="",
            last_detail="",
            copy_no=1,
        )
        session.add(job)
        ids.append(job.id)
    return ids


# --- What the spooler uses (no staff member acts: the terminal does) -------------------


def next_pending(store: Store, printers: tuple[str, ...]) -> tuple[str, Document] | None:
    """The oldest job still to print for any of ``printers`` (the roles one
    physical printer serves: tickets and receipts on the same printer come out
    in the order they were queued)."""
    with store.transaction() as session:
        job = session.scalars(
            select(PrintJob)
            .where(PrintJob.status == "pending", PrintJob.printer.in_(printers))
            # A document the printer cannot take waits for staff (cancel or
            # reprint) without holding up the jobs behind it.
            .where(PrintJob.last_error != "document")
            .order_by(PrintJob.created_at, PrintJob.id)
            .limit(1)
        ).first()
        return (job.id, Document.from_json(job.document)) if job else None


def record_printed(store: Store, job_id: str) -> None:
    with store.transaction() as session:
        job = session.get(PrintJob, job_id)
        if job is not None and job.status == "pending":
            job.status = "printed"
            job.printed_at = now()
            job.attempts += 1
            job.last_error = ""
            job.last_detail = ""


def record_fault(store: Store, job_id: str, code: str, detail: str = "") -> None:
    """The job stays pending with what went wrong."""
    with store.transaction() as session:
        job = session.get(PrintJob, job_id)
        if job is not None and job.status == "pending":
            job.attempts += 1
            job.last_error = code[:32]
            job.last_detail = detail
            job.last_attempt_at = now()


def pending_count(store: Store) -> dict[str, int]:
    with store.transaction() as session:
        counts = session.execute(
            select(PrintJob.printer, func.count())
            .where(PrintJob.status == "pending")
            .group_by(PrintJob.printer)
        ).all()
        return {printer: int(n) for printer, n in counts}


# --- What staff do ------------------------------------------------------------------------


@service(Perm.PAGE_PRINT_QUEUE, audited=False)
def list_print_jobs(
    uow: UnitOfWork, *, pending_only: bool = False, limit: int = 200
) -> list[PrintJobRow]:
    """This terminal's recent print jobs, newest first (pending ones first of all)."""
    query = select(PrintJob)
    if pending_only:
        query = query.where(PrintJob.status == "pending")
    query = query.order_by((PrintJob.status == "pending").desc(), PrintJob.created_at.desc())
    return [_row(job) for job in uow.session.scalars(query.limit(limit))]


def _job(uow: UnitOfWork, job_id: str) -> PrintJob:
    job = uow.session.get(PrintJob, job_id)
    if job is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "That print job does not exist."))
    return job


@service(Perm.TICKETS_REPRINT, audited=True)
def cancel_print_job(uow: UnitOfWork, job_id: str, reason: str) -> PrintJobRow:
    """Give up on a pending job (the paper will be reprinted another way, or is
    not wanted). Needs a reason; the job stays in the list as cancelled."""
    job = _job(uow, job_id)
    if job.status != "pending":
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Only a job still waiting to print can be cancelled.")
        )
    if not reason.strip():
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Give a reason."))
    job.status = "cancelled"
    uow.audit("print.cancel", "print_job", job.id, {"title": job.title, "reason": reason.strip()})
    return _row(job)


@service(Perm.TICKETS_REPRINT, audited=True)
def reprint_job(uow: UnitOfWork, job_id: str, reason: str) -> PrintJobRow:
    """Print a printed job again, marked as a reprint. Ticket codes on it are
    signed again with the next print number, which becomes the ticket's only
    valid one."""
    original = _job(uow, job_id)
    if original.reprint_of:
        original = _job(uow, original.reprint_of)
    if original.status != "printed":
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "core",
                "This job has not printed yet; it prints by itself once the printer is ready.",
            )
        )
    if not reason.strip():
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Give a reason."))
    copies = uow.session.scalar(
        select(func.max(PrintJob.copy_no)).where(
            (PrintJob.id == original.id) | (PrintJob.reprint_of == original.id)
        )
    )
    copy_no = int(copies or 1) + 1
    doc = Document.from_json(original.document)
    doc = _resign_tickets(uow.session, doc).marked_reprint(REPRINT_MARK)
    job = PrintJob(
        id=new_id(),
        created_at=now(),
        created_by=uow.user.id,
        printer=original.printer,
        kind=original.kind,
        title=f"{original.title} ({REPRINT_MARK})"[:128],
        document=doc.to_json(),
        order_id=original.order_id,
        status="pending",
        attempts=0,
        last_error="",
        last_detail="",
        copy_no=copy_no,
        reprint_of=original.id,
    )
    uow.session.add(job)
    uow.session.flush()
    uow.audit(
        "print.reprint",
        "print_job",
        job.id,
        {"of": original.id, "title": original.title, "copy": copy_no, "reason": reason.strip()},
    )
    return _row(job)


def _resign_tickets(session: OrmSession, doc: Document) -> Document:
    """The document with each ticket code replaced by one for the next print."""
    keys = ticket_keys.public_keys(session)
    blocks: list[Block] = []
    for block in doc.blocks:
        if isinstance(block, QRCode):
            try:
                claim = verify(block.data, keys)
            except TicketCodeError:
                blocks.append(block)  # not a ticket code: print it as it was
                continue
            ticket = session.get(Ticket, claim.ticket_id)
            print_no = max(claim.print_no, ticket.print_no if ticket else 0) + 1
            if ticket is not None:
                ticket.print_no = print_no
            fresh = replace(claim, print_no=min(print_no, 255))
            block = replace(block, data=sign(fresh, ticket_keys.signing_key(session)))
        blocks.append(block)
    return replace(doc, blocks=tuple(blocks))


@service(Perm.PAGE_PRINT_QUEUE, audited=False)
def list_print_document(uow: UnitOfWork, job_id: str) -> Document:
    """What a job prints, for the preview."""
    return Document.from_json(_job(uow, job_id).document)


def venue_header(store: Store) -> VenueHeader:
    """The venue's name and address at the top of what this terminal prints."""
    with store.transaction() as session:
        venue = session.scalars(select(Venue).order_by(Venue.name).limit(1)).first()
        return VenueHeader(venue.name, venue.address) if venue else VenueHeader("BoxOffice")
