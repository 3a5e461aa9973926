"""This terminal's printers, scanner and customer display (devices.settings),
kept in its local store."""

from __future__ import annotations

from dataclasses import asdict

from devices.settings import Connection, DeviceSettings, PrinterSettings

from ..db.models import Setting
from ..db.store import Store
from ..errors import ValidationError
from ..i18n import QT_TRANSLATE_NOOP
from ..permissions import Perm
from .base import UnitOfWork, service

_KEY = "devices"


def get_device_settings(store: Store) -> DeviceSettings:
    """Anyone may read them: the spooler and the scanner start before login."""
    with store.transaction() as session:
        row = session.get(Setting, _KEY)
        return DeviceSettings.from_json(row.value) if row else DeviceSettings()


def _check_printer(p: PrinterSettings) -> None:
    if p.connection == Connection.NETWORK and not p.host.strip():
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Enter the printer's network address."))
    if not 1 <= p.port <= 65535:
        raise ValidationError(QT_TRANSLATE_NOOP("core", "The port must be between 1 and 65535."))
    if p.connection == Connection.SERIAL and not p.serial_port.strip():
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Choose the printer's serial port."))
    if p.connection == Connection.USB and not (p.usb_vendor and p.usb_product):
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "Enter the USB printer's vendor and product id.")
        )
    if p.connection == Connection.SYSTEM and not p.system_name.strip():
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Choose a system printer."))
    if p.connection == Connection.FILE and not p.file_path.strip():
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Enter the file to print to."))
    if p.paper_mm not in (58, 80):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Paper is 58 mm or 80 mm wide."))
    if p.drawer_pin not in (2, 5):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "The cash drawer is on pin 2 or pin 5."))
    if not 10 <= p.drawer_pulse_ms <= 500:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "The drawer pulse must be between 10 and 500 ms.")
        )


@service(Perm.SETTINGS_MANAGE, audited=True)
def save_device_settings(uow: UnitOfWork, settings: DeviceSettings) -> DeviceSettings:
    """Set up this terminal's devices."""
    _check_printer(settings.receipt)
    if settings.ticket.connection != Connection.SAME:
        _check_printer(settings.ticket)
    if settings.scanner.terminator not in ("\r", "\n", "\r\n", "\t"):
        raise ValidationError(QT_TRANSLATE_NOOP("core", "Unknown scanner terminator."))
    if not 5 <= settings.scanner.max_gap_ms <= 100:
        raise ValidationError(
            QT_TRANSLATE_NOOP("core", "The scanner key gap must be between 5 and 100 ms.")
        )
    uow.session.merge(Setting(key=_KEY, value=settings.to_json()))
    uow.audit("devices.update", "settings", _KEY, asdict(settings))
    return settings


def set_demo_devices(store: Store, host: str, port: int) -> None:
    """The demo's devices: its virtual receipt printer (with a cash drawer) at
    ``host``:``port``, tickets on the same printer. Written by the demo's
    launcher before anyone logs in, so not through the audited service."""
    settings = DeviceSettings(
        receipt=PrinterSettings(
            connection=Connection.NETWORK, host=host, port=port, paper_mm=80, drawer=True
        )
    )
    with store.transaction() as session:
        session.merge(Setting(key=_KEY, value=settings.to_json()))
