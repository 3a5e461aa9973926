"""Serial scanners, the pole display and the printer links, against emulated
devices: a pseudo-terminal plays the device at the far end of a serial line,
fake ``lp``/``lpstat`` commands play CUPS."""

from __future__ import annotations

import queue
import shutil
import stat
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.emulator.scanner import VirtualSerialPort, VirtualSerialScanner
from devices.emulator.scanner import is_usable as ptys_usable
from devices.links import system, usb
from devices.links.base import LinkError
from devices.links.file import FileLink
from devices.links.serial import SerialLink
from devices.links.system import SystemPrinterLink, list_system_printers
from devices.links.usb import UsbLink
from devices.pole import PoleDisplay
from devices.ports import SerialPortInfo, list_serial_ports
from devices.scanner import Scan
from devices.serial_scanner import TERMINATORS, ScannerState, SerialScanner

needs_pty = pytest.mark.skipif(not ptys_usable(), reason="pseudo-terminals are POSIX only")
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="fake CUPS commands are sh scripts")


class Events:
    """What a SerialScanner reported, in order, from its thread."""

    def __init__(self) -> None:
        self.queue: queue.Queue[Scan | ScannerState] = queue.Queue()
        self.seen: list[str] = []

    def next(self, timeout: float = 2.0) -> str:
        item = self.queue.get(timeout=timeout)
        text = item.code if isinstance(item, Scan) else item
        self.seen.append(text)
        return text

    def quiet(self, for_s: float = 0.1) -> bool:
        time.sleep(for_s)
        return self.queue.empty()


@pytest.fixture
def device() -> Iterator[VirtualSerialScanner]:
    if not ptys_usable():
        pytest.skip("pseudo-terminals are POSIX only")
    with VirtualSerialScanner() as scanner:
        yield scanner


@pytest.fixture
def events() -> Events:
    return Events()


def reading(device: VirtualSerialPort, events: Events, terminator: bytes = b"\r") -> SerialScanner:
    """A scanner on ``device``, started by ``with``."""
    return SerialScanner(
        device.path,
        terminator=terminator,
        on_scan=events.queue.put,
        on_state=events.queue.put,
        retry_s=0.05,
    )


# --- Serial scanner --------------------------------------------------------------


@needs_pty
@pytest.mark.parametrize("name", TERMINATORS)
def test_codes_are_cut_at_the_configured_suffix(
    name: str, device: VirtualSerialScanner, events: Events
) -> None:
    suffix = TERMINATORS[name]
    with reading(device, events, suffix):
        assert events.next() == "connected"
        device.scan("6901234567892", suffix)
        device.write(b"TK-0001" + suffix + b"TK-0002" + suffix)  # two codes in one read
        assert [events.next() for _ in range(3)] == ["6901234567892", "TK-0001", "TK-0002"]


@needs_pty
def test_a_code_sent_slowly_is_still_one_code(device: VirtualSerialScanner, events: Events) -> None:
    with reading(device, events):
        assert events.next() == "connected"
        device.scan("ABC-123", char_delay_ms=3)
        assert events.next() == "ABC-123"


@needs_pty
def test_chinese_in_utf8_or_gb18030_and_empty_codes(
    device: VirtualSerialScanner, events: Events
) -> None:
    with reading(device, events):
        assert events.next() == "connected"
        device.write("二维码 001".encode() + b"\r")
        device.write(b"\r \r")  # a double suffix, a stray space: no codes
        device.write("票号 002".encode("gb18030") + b"\r")
        # CR-set scanner, CRLF-sending scanner: the LF is stripped, not a code
        device.write(b" X9 \r\n")
        assert [events.next() for _ in range(3)] == ["二维码 001", "票号 002", "X9"]
        assert events.quiet()


@needs_pty
def test_an_unplugged_scanner_is_picked_up_again(
    device: VirtualSerialScanner, events: Events
) -> None:
    with reading(device, events):
        assert events.next() == "connected"
        device.scan("BEFORE")
        assert events.next() == "BEFORE"
        device.unplug()
        assert events.next() == "disconnected"
        device.replug()
        assert events.next() == "connected"
        device.scan("AFTER")
        assert events.next() == "AFTER"
        assert events.quiet()


@needs_pty
def test_a_scanner_absent_at_start_is_waited_for(
    device: VirtualSerialScanner, events: Events
) -> None:
    device.unplug()
    with reading(device, events) as scanner:
        assert events.next() == "disconnected"
        assert events.quiet(0.15)  # retrying does not repeat the state
        device.replug()
        assert events.next() == "connected"
        assert scanner.state == "connected"
        device.scan("LATE")
        assert events.next() == "LATE"


@needs_pty
def test_stop_ends_the_thread_and_closes_the_port(
    device: VirtualSerialScanner, events: Events
) -> None:
    before = set(threading.enumerate())
    scanner = reading(device, events)
    scanner.start()
    assert events.next() == "connected"
    started = time.monotonic()
    scanner.stop()
    assert time.monotonic() - started < 0.5
    assert set(threading.enumerate()) == before
    # The port is free again: another reader can take it.
    with reading(device, events):
        assert events.next() == "connected"


# --- Pole display -----------------------------------------------------------------

CURSOR_LINE_1, CURSOR_LINE_2 = b"\x1f$\x01\x01", b"\x1f$\x01\x02"


@pytest.fixture
def pole_device() -> Iterator[VirtualSerialPort]:
    if not ptys_usable():
        pytest.skip("pseudo-terminals are POSIX only")
    with VirtualSerialPort() as port:
        yield port


def shown(line1: bytes, line2: bytes) -> bytes:
    assert len(line1) == len(line2) == 20
    return CURSOR_LINE_1 + line1 + CURSOR_LINE_2 + line2


@needs_pty
def test_pole_display_bytes(pole_device: VirtualSerialPort) -> None:
    with PoleDisplay(pole_device.path) as pole:
        init = b"\x1b@" + b"\x1f\x01" + b"\x1fC\x00"  # initialise, overwrite mode, cursor off
        assert pole_device.read_exactly(len(init)) == init

        pole.show("Welcome", "BoxOffice")
        expected = shown(b"Welcome".ljust(20), b"BoxOffice".ljust(20))
        assert pole_device.read_exactly(len(expected)) == expected

        pole.show_item("《雷雨》 VIP Ａ区 Row 3", 28800)  # Chinese dropped, full-width folded
        expected = shown(b"VIP A Row 3".ljust(20), b"CNY 288.00".rjust(20))
        assert pole_device.read_exactly(len(expected)) == expected

        pole.show_item("学生票", 5000)  # nothing left in ASCII
        expected = shown(b"ITEM".ljust(20), b"CNY 50.00".rjust(20))
        assert pole_device.read_exactly(len(expected)) == expected

        pole.show_total(123456)
        expected = shown(b"TOTAL   CNY 1,234.56", b" " * 20)
        assert pole_device.read_exactly(len(expected)) == expected

        pole.show_change(700)
        expected = shown(b"CHANGE      CNY 7.00", b"THANK YOU".ljust(20))
        assert pole_device.read_exactly(len(expected)) == expected

        pole.show("A line far longer than twenty columns", "")
        expected = shown(b"A line far longer th", b" " * 20)
        assert pole_device.read_exactly(len(expected)) == expected

        pole.clear()
        assert pole_device.read_exactly(1) == b"\x0c"


@needs_pty
def test_pole_display_gone_is_a_link_error(pole_device: VirtualSerialPort) -> None:
    with PoleDisplay(pole_device.path) as pole:
        pole_device.unplug()
        with pytest.raises(LinkError):
            pole.show("TOTAL", "")


# --- Printer links ----------------------------------------------------------------


@needs_pty
def test_serial_link_round_trip(pole_device: VirtualSerialPort) -> None:
    link = SerialLink(pole_device.path, 19200, timeout=1.0)
    assert link.two_way and link.describe() == f"{pole_device.path} @ 19200"
    link.open()
    try:
        link.write(b"\x10\x04\x01")  # DLE EOT 1: the printer's status, please
        assert pole_device.read_exactly(3) == b"\x10\x04\x01"
        pole_device.write(b"\x16")
        assert link.read(1, 1.0) == b"\x16"
        pole_device.write(b"\x12\x12")
        assert link.read(8, 1.0) == b"\x12\x12"
        started = time.monotonic()
        assert link.read(1, 0.05) == b""  # nothing came
        assert time.monotonic() - started < 0.5
    finally:
        link.close()
    link.close()  # twice is harmless


@needs_pty
def test_serial_link_errors(pole_device: VirtualSerialPort, tmp_path: Path) -> None:
    with pytest.raises(LinkError, match="cannot open"):
        SerialLink(str(tmp_path / "ttyUSB9")).open()
    link = SerialLink(pole_device.path)
    with pytest.raises(LinkError, match="not open"):
        link.write(b"x")
    link.open()
    try:
        pole_device.unplug()
        with pytest.raises(LinkError):
            link.write(b"\x1b@ticket")
    finally:
        link.close()


def test_file_link_appends_each_job(tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    for job in (b"\x1b@first\n", b"\x1b@second\n"):
        link = FileLink(target)
        link.open()
        link.write(job[:3])
        link.write(job[3:])
        assert link.read(1, 0.01) == b""
        link.close()
    assert target.read_bytes() == b"\x1b@first\n\x1b@second\n"
    assert not FileLink(target).two_way


def test_file_link_errors(tmp_path: Path) -> None:
    with pytest.raises(LinkError, match="cannot open"):
        FileLink(tmp_path / "no-such-dir" / "lp0").open()
    with pytest.raises(LinkError, match="not open"):
        FileLink(tmp_path / "lp0").write(b"x")


def fake_command(bin_dir: Path, name: str, script: str) -> None:
    bin_dir.mkdir(exist_ok=True)
    path = bin_dir / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def only_fake_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH holding only the fake commands written to the returned folder
    and the few tools they use, so the machine's own CUPS plays no part."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("sh", "cat", "ls", "wc"):
        found = shutil.which(tool)
        if found is not None:
            (bin_dir / tool).symlink_to(found)
    monkeypatch.setenv("PATH", str(bin_dir))
    return bin_dir


def test_no_cups_means_no_printers_and_a_clear_error(only_fake_commands: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("Windows has its spooler")
    assert list_system_printers() == []
    assert not system.is_usable()
    with pytest.raises(LinkError, match="CUPS"):
        SystemPrinterLink("Receipt").open()


@posix_only
def test_system_printers_from_lpstat(only_fake_commands: Path) -> None:
    fake_command(only_fake_commands, "lpstat", 'echo "Receipt_80"; echo "Ticket-58"\n')
    assert list_system_printers() == ["Receipt_80", "Ticket-58"]


@posix_only
def test_a_printer_the_system_does_not_know_fails_at_open(only_fake_commands: Path) -> None:
    fake_command(only_fake_commands, "lp", "cat >/dev/null\n")
    fake_command(only_fake_commands, "lpstat", 'echo "Receipt_80"\n')
    with pytest.raises(LinkError, match="no printer named 'Receipt_58'"):
        SystemPrinterLink("Receipt_58").open()


@posix_only
def test_cups_not_running_is_no_printers(only_fake_commands: Path) -> None:
    fake_command(
        only_fake_commands, "lpstat", 'echo "lpstat: Scheduler is not running." >&2; exit 1\n'
    )
    assert list_system_printers() == []


@posix_only
def test_system_printer_job_goes_to_lp_raw_as_one_job(
    only_fake_commands: Path, tmp_path: Path
) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    # Each run of lp is one job: its arguments and its bytes, numbered.
    fake_command(
        only_fake_commands,
        "lp",
        f'n=$(ls "{spool}" | wc -l)\nprintf "%s\\n" "$@" > "{spool}/$n.args"\n'
        f'cat > "{spool}/$n.job"\necho "request id is Receipt-1 (1 file(s))"\n',
    )
    fake_command(only_fake_commands, "lpstat", 'echo "Receipt"\n')
    link = SystemPrinterLink("Receipt")
    assert not link.two_way and link.describe() == "Receipt"
    link.open()
    link.write(b"\x1b@")
    link.write("票".encode("gb18030") + b"\n\x1dV\x00")
    assert sorted(p.name for p in spool.iterdir()) == []  # nothing goes before the job ends
    link.close()
    assert sorted(p.name for p in spool.iterdir()) == ["0.args", "0.job"]
    assert (spool / "0.job").read_bytes() == b"\x1b@" + "票".encode("gb18030") + b"\n\x1dV\x00"
    assert (spool / "0.args").read_text().split() == [
        "-d",
        "Receipt",
        "-o",
        "raw",
        "-t",
        "BoxOffice",
    ]


@posix_only
def test_a_refused_job_is_a_link_error(
    only_fake_commands: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake_command(
        only_fake_commands,
        "lp",
        'cat >/dev/null\necho "lp: Destination \\"Stopped\\" is not accepting jobs." >&2\nexit 1\n',
    )
    fake_command(only_fake_commands, "lpstat", 'echo "Stopped"\n')
    link = SystemPrinterLink("Stopped")
    link.open()
    link.write(b"\x1b@")
    with pytest.raises(LinkError, match="not accepting jobs"):
        link.submit()
    link.write(b"\x1b@again")
    link.close()  # cannot raise: the lost job is logged
    assert "print job for Stopped lost" in caplog.text


@pytest.mark.skipif(usb.is_usable(), reason="libusb is installed here")
def test_usb_without_libusb_says_so() -> None:
    link = UsbLink(0x0416, 0x5011)
    assert link.describe() == "USB 0416:5011"
    with pytest.raises(LinkError, match="libusb"):
        link.open()


@pytest.mark.skipif(not usb.is_usable(), reason="libusb is not installed here")
def test_usb_printer_not_plugged_in() -> None:
    # No vendor has the id 0xFFFF (USB-IF reserves it).
    with pytest.raises(LinkError, match="no USB device"):
        UsbLink(0xFFFF, 0xFFFF).open()


def test_serial_ports_can_be_listed() -> None:
    ports = list_serial_ports()
    assert all(isinstance(p, SerialPortInfo) and p.device for p in ports)
    assert [p.device for p in ports] == sorted(p.device for p in ports)
