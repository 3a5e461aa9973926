"""Which devices this terminal has and how they are connected.

Kept per terminal in its local store (``boxoffice.services.device_settings``)
as one JSON object, so a window's printer address never follows a cashier to
another window. Every field has a default, so settings written by an older
BoxOffice still load.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any

from printing.paper import Paper, paper_for

from .links.base import Link


class Connection(StrEnum):
    NONE = "none"
    NETWORK = "network"  # TCP port 9100 (raw / JetDirect)
    SERIAL = "serial"
    USB = "usb"
    SYSTEM = "system"  # CUPS or the Windows spooler, raw
    FILE = "file"  # a file or a device node such as /dev/usb/lp0
    SAME = "same"  # the ticket printer is the receipt printer


@dataclass(frozen=True)
class PrinterSettings:
    connection: Connection = Connection.NONE
    host: str = ""
    port: int = 9100
    serial_port: str = ""
    baudrate: int = 9600
    usb_vendor: int = 0
    usb_product: int = 0
    system_name: str = ""
    file_path: str = ""
    paper_mm: int = 80
    qr_native: bool = True
    drawer: bool = False  # a cash drawer is wired to this printer
    drawer_pin: int = 2
    drawer_pulse_ms: int = 100

    @property
    def paper(self) -> Paper:
        return paper_for(self.paper_mm, qr_native=self.qr_native)

    def describe(self) -> str:
        return {
            Connection.NONE: "",
            Connection.NETWORK: f"{self.host}:{self.port}",
            Connection.SERIAL: f"{self.serial_port} {self.baudrate}",
            Connection.USB: f"USB {self.usb_vendor:04x}:{self.usb_product:04x}",
            Connection.SYSTEM: self.system_name,
            Connection.FILE: self.file_path,
            Connection.SAME: "",
        }[self.connection]


@dataclass(frozen=True)
class ScannerSettings:
    wedge: bool = True  # recognise keyboard-wedge scanners among typed keys
    max_gap_ms: int = 30
    min_length: int = 4
    serial_port: str = ""  # empty: no serial scanner
    baudrate: int = 9600
    terminator: str = "\r"  # "\r", "\n", "\r\n" or "\t"


@dataclass(frozen=True)
class PoleSettings:
    serial_port: str = ""  # empty: no customer display
    baudrate: int = 9600


@dataclass(frozen=True)
class DeviceSettings:
    receipt: PrinterSettings = field(default_factory=PrinterSettings)
    ticket: PrinterSettings = field(
        default_factory=lambda: PrinterSettings(connection=Connection.SAME)
    )
    scanner: ScannerSettings = field(default_factory=ScannerSettings)
    pole: PoleSettings = field(default_factory=PoleSettings)

    def printer(self, role: str) -> PrinterSettings:
        """The settings that print ``role`` ("receipt" or "ticket")."""
        chosen = self.ticket if role == "ticket" else self.receipt
        return self.receipt if chosen.connection == Connection.SAME else chosen

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> DeviceSettings:
        raw = json.loads(text) if text else {}
        return cls(
            receipt=_load(PrinterSettings, raw.get("receipt")),
            ticket=_load(PrinterSettings, raw.get("ticket"), connection=Connection.SAME),
            scanner=_load(ScannerSettings, raw.get("scanner")),
            pole=_load(PoleSettings, raw.get("pole")),
        )


def _load(cls: type[Any], raw: Any, **defaults: Any) -> Any:
    values = dict(defaults)
    if isinstance(raw, dict):
        known = {f.name for f in fields(cls)}
        values.update({k: v for k, v in raw.items() if k in known})
    if "connection" in values:
        values["connection"] = Connection(values["connection"])
    return cls(**values)


def open_link(settings: PrinterSettings, timeout: float = 5.0) -> Link:
    """A link for ``settings`` (not yet opened). Each transport is imported only
    when chosen, so a machine without libusb or CUPS runs everything else."""
    kind = settings.connection
    if kind == Connection.NETWORK:
        from .links.network import NetworkLink

        return NetworkLink(settings.host, settings.port, timeout=timeout)
    if kind == Connection.SERIAL:
        from .links.serial import SerialLink

        return SerialLink(settings.serial_port, settings.baudrate, timeout=timeout)
    if kind == Connection.USB:
        from .links.usb import UsbLink

        return UsbLink(settings.usb_vendor, settings.usb_product, timeout=timeout)
    if kind == Connection.SYSTEM:
        from .links.system import SystemPrinterLink

        return SystemPrinterLink(settings.system_name)
    if kind == Connection.FILE:
        from .links.file import FileLink

        return FileLink(settings.file_path)
    raise ValueError(f"no printer connection configured ({kind})")
