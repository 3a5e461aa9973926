"""The persistent print queue and the spooler, through the virtual network
printer: a committed sale's tickets and receipt print in order; every printer
fault leaves the jobs pending and they print once it is fixed; a reprint is
logged, marked, and makes the earlier paper invalid."""

from __future__ import annotations

import json
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from boxoffice.db.models import AuditEntry, PrintJob, Ticket
from boxoffice.db.store import Store
from boxoffice.errors import PermissionDenied, ValidationError
from boxoffice.services import catalogue, print_queue, seating, ticket_keys
from boxoffice.services.base import Actor
from boxoffice.services.printouts import SaleContext, queue_sale_printouts
from devices.emulator.printer import VirtualPrinter
from devices.settings import Connection, DeviceSettings, PrinterSettings
from devices.spooler import Spooler
from printing.forms import VenueHeader
from printing.templates import Templates, bundled_templates_dir
from printing.ticket_code import verify

from .test_seating import big_hall_session, sell_held


@pytest.fixture(autouse=True)
def _keyring(memory_keyring: object) -> None:
    """Ticket signing keys go to a keyring; an in-memory one, never the machine's."""


@pytest.fixture
def printer() -> Iterator[VirtualPrinter]:
    with VirtualPrinter() as vp:
        yield vp


def spooler_for(store: Store, vp: VirtualPrinter, paper_mm: int = 80) -> Spooler:
    # Tickets go to the same printer as receipts, in the order they were queued.
    settings = DeviceSettings(
        receipt=PrinterSettings(
            connection=Connection.NETWORK, host=vp.host, port=vp.port, paper_mm=paper_mm
        )
    )
    return Spooler(store, settings, retry_s=0.05, link_timeout=2.0)


def sell_two_and_queue(store: Store, cashier: Actor) -> list[str]:
    """A real sale of two seats, its tickets and receipt queued as the window does."""
    session = big_hall_session(store, cashier)
    hold = seating.hold_seats(store, cashier, session.id, ["r5c10", "r5c11"])
    sale = sell_held(store, cashier, session, hold.hold_id, ["r5c10", "r5c11"])
    types = {t.id: t.name for t in catalogue.list_ticket_types(store, cashier)}
    templates = Templates(bundled_templates_dir(), zone=ZoneInfo("Asia/Shanghai"))
    who = SaleContext(VenueHeader("北京人民艺术剧院"), "1号售票窗口", "张丽", ("请提前入场",))
    with store.transaction() as s:
        ids = queue_sale_printouts(
            s, sale, session, types, who, templates, tendered_fen=sale["total_fen"] + 2000
        )
    return ids


def states(store: Store, ids: list[str]) -> list[tuple[str, str]]:
    with store.reading() as s:
        jobs = {j.id: j for j in s.scalars(select(PrintJob).where(PrintJob.id.in_(ids)))}
        return [(jobs[i].status, jobs[i].last_error) for i in ids]


def test_a_sale_prints_its_tickets_then_its_receipt(
    ready_store: Store, cashier: Actor, printer: VirtualPrinter
) -> None:
    ids = sell_two_and_queue(ready_store, cashier)
    assert spooler_for(ready_store, printer).run_once() == 3
    printer.wait_for_jobs(3, timeout=5)
    first, second, receipt = printer.jobs[:3]
    assert "大剧场" in first.lines and "北京人民艺术剧院" in first.text()
    assert any(line.startswith("座位") and line.endswith("5排10号") for line in first.lines)
    assert any(line.endswith("5排11号") for line in second.lines)
    assert "售票小票" in receipt.text() and "找零" in receipt.text()
    assert first.cuts == 1 and receipt.cuts == 1
    with ready_store.reading() as s:
        keys = ticket_keys.public_keys(s)
    claim = verify(first.qr_codes[0], keys)
    assert claim.seat == "5排10号" and claim.print_no == 1
    assert states(ready_store, ids) == [("printed", "")] * 3


@pytest.mark.parametrize("fault", ["paper_out", "cover_open"])
def test_a_printer_fault_keeps_every_job_until_it_is_fixed(
    ready_store: Store, cashier: Actor, printer: VirtualPrinter, fault: str
) -> None:
    ids = sell_two_and_queue(ready_store, cashier)
    getattr(printer, f"set_{fault}")(True)
    spooler = spooler_for(ready_store, printer)
    assert spooler.run_once() == 0
    assert printer.jobs == []
    assert states(ready_store, ids)[0] == ("pending", fault)
    assert spooler.state["receipt"].problem == fault and spooler.state["receipt"].pending == 3
    getattr(printer, f"set_{fault}")(False)
    assert spooler.run_once() == 3
    assert [j.qr_codes != [] for j in printer.wait_for_jobs(3, timeout=5)] == [True, True, False]
    assert states(ready_store, ids) == [("printed", "")] * 3


def test_a_printer_switched_off_prints_everything_when_back(
    ready_store: Store, cashier: Actor, printer: VirtualPrinter
) -> None:
    ids = sell_two_and_queue(ready_store, cashier)
    printer.stop()
    spooler = spooler_for(ready_store, printer)
    assert spooler.run_once() == 0
    assert states(ready_store, ids)[0] == ("pending", "connection")
    printer.start()
    assert spooler.run_once() == 3


def test_a_connection_dropped_mid_job_prints_the_whole_job_again(
    ready_store: Store, cashier: Actor, printer: VirtualPrinter
) -> None:
    ids = sell_two_and_queue(ready_store, cashier)
    printer.drop_after(200)
    spooler = spooler_for(ready_store, printer)
    assert spooler.run_once() == 0
    assert states(ready_store, ids)[0] == ("pending", "connection")
    assert spooler.run_once() == 3
    jobs = printer.wait_for_jobs(3, timeout=5)
    complete = [j for j in jobs if j.complete]
    assert len(complete) == 3 and any(line.endswith("5排10号") for line in complete[0].lines)


def test_queued_jobs_survive_a_restart(
    ready_store: Store, cashier: Actor, printer: VirtualPrinter
) -> None:
    """The app dies after the sale: the next start prints what was queued."""
    sell_two_and_queue(ready_store, cashier)
    reopened = Store.open(ready_store.path.parent)
    try:
        assert spooler_for(reopened, printer).run_once() == 3
    finally:
        reopened.close()


def test_a_reprint_is_logged_marked_and_replaces_the_earlier_ticket(
    ready_store: Store, cashier: Actor, merchant: Actor, printer: VirtualPrinter
) -> None:
    ids = sell_two_and_queue(ready_store, cashier)
    spooler = spooler_for(ready_store, printer)
    spooler.run_once()
    original = printer.wait_for_jobs(3, timeout=5)[0]
    with pytest.raises(ValidationError):
        print_queue.reprint_job(ready_store, cashier, ids[0], "  ")
    with pytest.raises(PermissionDenied):
        print_queue.reprint_job(ready_store, merchant, ids[0], "顾客票损坏")
    row = print_queue.reprint_job(ready_store, cashier, ids[0], "顾客票损坏")
    assert row.copy_no == 2 and row.status == "pending"
    assert spooler.run_once() == 1
    reprint = printer.wait_for_jobs(4, timeout=5)[3]
    assert reprint.lines[0] == "重打 REPRINT"
    with ready_store.reading() as s:
        keys = ticket_keys.public_keys(s)
        old, new = verify(original.qr_codes[0], keys), verify(reprint.qr_codes[0], keys)
        assert old.ticket_id == new.ticket_id and (old.print_no, new.print_no) == (1, 2)
        assert s.get(Ticket, new.ticket_id).print_no == 2  # the gate admits print 2 only
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "print.reprint")).one()
        assert json.loads(entry.detail)["reason"] == "顾客票损坏"


def test_a_pending_job_can_be_cancelled_with_a_reason_not_reprinted(
    ready_store: Store, cashier: Actor, printer: VirtualPrinter
) -> None:
    ids = sell_two_and_queue(ready_store, cashier)
    with pytest.raises(ValidationError):
        print_queue.reprint_job(ready_store, cashier, ids[0], "重打")
    print_queue.cancel_print_job(ready_store, cashier, ids[2], "顾客不要小票")
    assert spooler_for(ready_store, printer).run_once() == 2
    assert states(ready_store, ids)[2] == ("cancelled", "")
