"""Printing over a real TCP connection to the virtual network printer, with
NetworkLink and Printer as the app uses them: jobs print and read back, status
answers carry Epson's bits for each fault, a faulty printer refuses jobs before
any byte is sent, a printer switched off or a connection cut mid-job is a
"connection" fault, and each job can be seen as a picture of its paper."""

from __future__ import annotations

import io
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from escpos.constants import RT_MASK_LOWPAPER, RT_MASK_NOPAPER, RT_MASK_PAPER
from PIL import Image

from devices.emulator.printer import VirtualPrinter
from devices.links.base import LinkError
from devices.links.network import NetworkLink
from devices.printer import Printer, PrinterFault
from devices.status import PrinterStatus, parse_status, status_request
from printing.document import Align, Columns, Cut, Document, QRCode, Separator, Text
from printing.escpos import render_escpos
from printing.paper import PAPER_58, PAPER_80

TICKET = Document(
    "ticket",
    "Ticket 5排10号",
    (
        Text("北京人民艺术剧院", align=Align.CENTER, bold=True),
        Text("《雷雨》"),
        Columns("座位", "5排10号"),
        Separator("—"),
        QRCode("BO1:T2025030800123", size=5),
        Cut(),
    ),
)


@pytest.fixture
def vp(tmp_path: Path) -> Iterator[VirtualPrinter]:
    with VirtualPrinter(tmp_path / "paper") as printer:
        yield printer


def printer_for(vp: VirtualPrinter) -> Printer:
    return Printer(NetworkLink(vp.host, vp.port, timeout=2.0), answer_timeout=0.5)


def status_of(vp: VirtualPrinter) -> PrinterStatus | None:
    printer = printer_for(vp)
    printer.link.open()
    try:
        return printer.status()
    finally:
        printer.link.close()


def test_a_ticket_prints_and_reads_back(vp: VirtualPrinter) -> None:
    printer_for(vp).print_job(render_escpos(TICKET, PAPER_80))
    (job,) = vp.wait_for_jobs(1, timeout=2)
    assert job.complete
    assert job.lines[:3] == ["北京人民艺术剧院", "《雷雨》", "座位" + " " * 37 + "5排10号"]
    assert job.qr_codes == ["BO1:T2025030800123"] and job.cuts == 1
    assert job.status_requests == [1, 2, 4, 1, 2, 4]  # asked before and after the job


@pytest.mark.parametrize(
    ("fault", "answers", "status"),
    [
        (None, {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}, PrinterStatus()),
        (
            "paper_out",
            {1: 0x1A, 2: 0x32, 4: 0x7E},
            PrinterStatus(online=False, paper_out=True, paper_near_end=True),
        ),
        ("cover_open", {1: 0x1A, 2: 0x16, 4: 0x12}, PrinterStatus(online=False, cover_open=True)),
        ("paper_near_end", {1: 0x12, 2: 0x12, 4: 0x1E}, PrinterStatus(paper_near_end=True)),
        ("offline", {1: 0x1A, 2: 0x12, 4: 0x12}, PrinterStatus(online=False)),
        ("drawer_open", {1: 0x16, 2: 0x12, 4: 0x12}, PrinterStatus(drawer_open=True)),
    ],
)
def test_status_answers_carry_epsons_bits_for_each_fault(
    vp: VirtualPrinter, fault: str | None, answers: dict[int, int], status: PrinterStatus
) -> None:
    if fault is not None:
        getattr(vp, f"set_{fault}")(True)
    with socket.create_connection((vp.host, vp.port), timeout=2) as raw:
        for n, expected in answers.items():
            raw.sendall(status_request(n))
            assert raw.recv(1) == bytes((expected,)), f"DLE EOT {n}"
    assert status_of(vp) == status
    assert vp.jobs == []  # asking is not printing


def test_the_paper_answers_agree_with_python_escpos_masks(vp: VirtualPrinter) -> None:
    def paper() -> int:
        answer = vp.status_byte(4)
        assert answer is not None
        return answer

    assert paper() == RT_MASK_PAPER
    vp.set_paper_near_end(True)
    assert paper() & RT_MASK_LOWPAPER == RT_MASK_LOWPAPER
    assert paper() & RT_MASK_NOPAPER != RT_MASK_NOPAPER
    vp.set_paper_out(True)
    assert paper() & RT_MASK_NOPAPER == RT_MASK_NOPAPER


@pytest.mark.parametrize("fault", ["paper_out", "cover_open", "offline"])
def test_a_faulty_printer_refuses_the_job_and_prints_nothing(
    vp: VirtualPrinter, fault: str
) -> None:
    getattr(vp, f"set_{fault}")(True)
    with pytest.raises(PrinterFault) as refused:
        printer_for(vp).print_job(render_escpos(TICKET, PAPER_80))
    assert refused.value.code == fault
    getattr(vp, f"set_{fault}")(False)
    printer_for(vp).print_job(render_escpos(Document("t", "t", (Text("下一张"),)), PAPER_80))
    (job,) = vp.wait_for_jobs(1, timeout=2)
    assert job.lines == ["下一张"]  # the refused ticket never came out


def test_paper_running_out_during_a_job_fails_it(vp: VirtualPrinter) -> None:
    """The paper ends while the job is arriving: what came after is lost, and
    the status asked after the job says so."""

    class RunsOut(NetworkLink):
        def write(self, data: bytes) -> None:
            super().write(data)
            if data.startswith(b"\x1b@"):
                vp.set_paper_out(True)

    printer = Printer(RunsOut(vp.host, vp.port, timeout=2.0), answer_timeout=0.5, chunk_size=64)
    with pytest.raises(PrinterFault) as failed:
        printer.print_job(render_escpos(TICKET, PAPER_80))
    assert failed.value.code == "paper_out"
    assert not any(job.complete for job in vp.jobs)


def test_a_printer_switched_off_is_a_connection_fault_until_it_is_on_again(
    vp: VirtualPrinter,
) -> None:
    vp.stop()
    with pytest.raises(PrinterFault) as failed:
        printer_for(vp).print_job(render_escpos(TICKET, PAPER_80))
    assert failed.value.code == "connection" and "refused" in failed.value.detail.lower()
    vp.start()
    printer_for(vp).print_job(render_escpos(TICKET, PAPER_80))
    assert vp.wait_for_jobs(1, timeout=2)[0].complete


def test_a_connection_cut_mid_job_fails_it_and_the_paper_is_partial(vp: VirtualPrinter) -> None:
    data = render_escpos(TICKET, PAPER_80)
    vp.drop_after(6 + len(data) // 2)  # the three status requests, then half the job
    with pytest.raises(PrinterFault) as failed:
        printer_for(vp).print_job(data)
    assert failed.value.code == "connection"
    (partial,) = vp.wait_for_jobs(1, timeout=2)
    assert not partial.complete and len(partial.raw) == 6 + len(data) // 2
    assert partial.lines[0] == "北京人民艺术剧院" and partial.cuts == 0
    printer_for(vp).print_job(data)  # back to normal for the next job
    assert vp.wait_for_jobs(2, timeout=2)[1].complete


def test_a_device_that_never_answers_is_no_answer(tmp_path: Path) -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        accepted: list[socket.socket] = []
        threading.Thread(target=lambda: accepted.append(silent.accept()[0]), daemon=True).start()
        printer = Printer(NetworkLink(*silent.getsockname(), timeout=0.3), answer_timeout=0.1)
        with pytest.raises(PrinterFault) as failed:
            printer.print_job(b"\x1b@hello\n")
        assert failed.value.code == "no_answer"
        for conn in accepted:
            conn.close()


def test_the_drawer_opens_when_kicked(vp: VirtualPrinter) -> None:
    printer_for(vp).kick_drawer(5, 120)
    (job,) = vp.wait_for_jobs(1, timeout=2)
    assert job.drawer_kicks == [(5, 120)]
    status = status_of(vp)
    assert status is not None and status.drawer_open


def test_the_drawer_still_opens_when_the_paper_is_out(vp: VirtualPrinter) -> None:
    vp.set_paper_out(True)
    printer_for(vp).kick_drawer(2, 100)  # no fault: the cashier needs the drawer


def test_each_job_is_saved_as_a_picture_of_its_paper(tmp_path: Path) -> None:
    for paper in (PAPER_58, PAPER_80):
        out = tmp_path / f"{paper.width_mm}"
        with VirtualPrinter(out, paper=paper) as vp:
            printer_for(vp).print_job(render_escpos(TICKET, paper))
            vp.wait_for_jobs(1, timeout=2)
        (png,) = out.iterdir()
        assert png.name == "0001-job.png"
        picture = Image.open(io.BytesIO(png.read_bytes()))
        assert picture.format == "PNG" and picture.width == paper.dots


class Capture:
    """A one-way link, like a spooler queue: takes bytes, never answers."""

    two_way = False

    def __init__(self) -> None:
        self.data = b""
        self.opened = 0

    def open(self) -> None:
        self.opened += 1

    def write(self, data: bytes) -> None:
        self.data += data

    def read(self, size: int, timeout: float) -> bytes:
        return b""

    def close(self) -> None:
        pass

    def describe(self) -> str:
        return "capture"


def test_a_one_way_link_prints_without_asking() -> None:
    link = Capture()
    printer = Printer(link, chunk_size=3)
    assert printer.status() is None
    printer.print_job(b"\x1b@ok\n")
    assert link.data == b"\x1b@ok\n" and link.opened == 1


def test_a_closed_link_fails_clearly() -> None:
    link = NetworkLink("127.0.0.1", 9)
    with pytest.raises(LinkError):
        link.write(b"x")
    assert link.describe() == "127.0.0.1:9" and NetworkLink("::1").describe() == "[::1]:9100"


def test_an_answer_that_is_not_a_status_byte_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_status({1: ord("A")})
