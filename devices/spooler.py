"""The print spooler: prints the persistent queue's jobs, in order per printer.

Runs on its own thread. For each printer role ("receipt", "ticket") it takes
the oldest pending job, renders it for that printer's paper, and sends it. A
fault (paper out, cover open, printer off, the link dropping mid-job) leaves
the job pending with its reason and holds that printer's later jobs behind it,
so tickets never print out of order; the spooler tries again every few
seconds and as soon as someone asks (``wake``), and resumes once the printer
is fixed. Between jobs it asks two-way printers for their status, so the
status bar shows paper running low before a sale fails to print.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from boxoffice.db.store import Store
from boxoffice.services import print_queue
from printing.escpos import render_escpos

from .printer import Printer, PrinterFault
from .settings import Connection, DeviceSettings, open_link
from .status import PrinterStatus

log = logging.getLogger(__name__)

ROLES = ("receipt", "ticket")


@dataclass(frozen=True)
class PrinterState:
    """What the status bar shows for one printer role."""

    role: str
    configured: bool
    problem: str | None  # a PrinterFault code, "not_configured", or None when fine
    detail: str
    pending: int
    status: PrinterStatus | None  # None on one-way links and before the first answer


class Spooler:
    """Prints queued jobs. ``on_state`` is called from the spooler's thread with
    the state of every printer role whenever it may have changed."""

    def __init__(
        self,
        store: Store,
        settings: DeviceSettings,
        *,
        on_state: Callable[[dict[str, PrinterState]], None] | None = None,
        retry_s: float = 3.0,
        link_timeout: float = 5.0,
    ) -> None:
        self.store = store
        self.settings = settings
        self.on_state = on_state
        self.retry_s = retry_s
        self.link_timeout = link_timeout
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._problems: dict[str, tuple[str | None, str]] = {r: (None, "") for r in ROLES}
        self._status: dict[str, PrinterStatus | None] = dict.fromkeys(ROLES)
        self.state: dict[str, PrinterState] = {}

    # --- Thread ----------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="print-spooler", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        """Look at the queue now (a job was queued, or staff fixed the printer)."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # the spooler must outlive any one bad job
                log.exception("The print spooler failed; trying again")
            self._wake.wait(self.retry_s)
            self._wake.clear()

    # --- One pass ----------------------------------------------------------------------

    def run_once(self) -> int:
        """Print what can be printed now; the number of jobs printed."""
        printed = 0
        for role in ROLES:
            printed += self._drain(role)
        self._publish()
        return printed

    def _roles_of(self, role: str) -> tuple[str, ...]:
        """The roles whose jobs go to ``role``'s printer, in one queue."""
        if role == "receipt" and self.settings.ticket.connection == Connection.SAME:
            return ROLES
        return (role,)

    def _shares_receipt_printer(self, role: str) -> bool:
        return role == "ticket" and self.settings.ticket.connection == Connection.SAME

    def _drain(self, role: str) -> int:
        if self._shares_receipt_printer(role):
            # The receipt printer's queue took these; share its state.
            self._problems[role] = self._problems["receipt"]
            self._status[role] = self._status["receipt"]
            return 0
        printer_settings = self.settings.printer(role)
        if printer_settings.connection == Connection.NONE:
            self._problems[role] = ("not_configured", "")
            return 0
        printed = 0
        while not self._stop.is_set():
            job = print_queue.next_pending(self.store, self._roles_of(role))
            if job is None:
                self._refresh_status(role)
                break
            job_id, document = job
            try:
                data = render_escpos(document, printer_settings.paper)
            except Exception as error:  # a document this printer cannot print
                log.exception("Cannot render print job %s", job_id)
                print_queue.record_fault(self.store, job_id, "document", str(error))
                self._problems[role] = ("document", str(error))
                break
            try:
                Printer(open_link(printer_settings, self.link_timeout)).print_job(data)
            except PrinterFault as fault:
                log.warning("Print job %s on the %s printer: %s", job_id, role, fault)
                print_queue.record_fault(self.store, job_id, fault.code, fault.detail)
                self._problems[role] = (fault.code, fault.detail)
                self._publish()
                break
            print_queue.record_printed(self.store, job_id)
            self._problems[role] = (None, "")
            printed += 1
            self._publish()
        return printed

    def _refresh_status(self, role: str) -> None:
        """Ask an idle printer how it is (paper low, cover open…)."""
        printer_settings = self.settings.printer(role)
        link = open_link(printer_settings, self.link_timeout)
        if not link.two_way:
            return
        try:
            link.open()
            try:
                status = Printer(link).status()
            finally:
                link.close()
        except PrinterFault as fault:
            self._status[role] = None
            self._problems[role] = (fault.code, fault.detail)
            return
        except Exception as error:  # LinkError and whatever a driver raises
            self._status[role] = None
            self._problems[role] = ("connection", str(error))
            return
        self._status[role] = status
        problem = status.problem() if status is not None else None
        self._problems[role] = (problem, "")

    def _publish(self) -> None:
        counts = print_queue.pending_count(self.store)
        self.state = {
            role: PrinterState(
                role=role,
                configured=self.settings.printer(role).connection != Connection.NONE,
                problem=self._problems[role][0],
                detail=self._problems[role][1],
                # Jobs of a shared printer count once, at the printer that takes them.
                pending=sum(counts.get(r, 0) for r in self._roles_of(role))
                if not self._shares_receipt_printer(role)
                else 0,
                status=self._status[role],
            )
            for role in ROLES
        }
        if self.on_state is not None:
            self.on_state(self.state)
