"""The serial ports this computer has, for choosing a printer, scanner or pole display."""

from __future__ import annotations

from dataclasses import dataclass

from serial.tools import list_ports


@dataclass(frozen=True)
class SerialPortInfo:
    """``device`` is what to open ("/dev/ttyUSB0", "COM3"); ``description``
    is what the OS calls it ("USB-SERIAL CH340"), or "" if it says nothing."""

    device: str
    description: str


def list_serial_ports() -> list[SerialPortInfo]:
    """Every serial port the OS lists now, by device name."""
    return sorted(
        (
            SerialPortInfo(port.device, "" if port.description == "n/a" else port.description)
            for port in list_ports.comports()
        ),
        key=lambda info: info.device,
    )
